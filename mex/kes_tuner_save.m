% KES_TUNER_SAVE  Write a tuner's complete state to a text file.
%
%   kes_tuner_save(t, path)
%
%   The file restores exactly (kes_tuner_load): the restored tuner makes the
%   same choices the original would have.  Errors: kestrel:EIO, kestrel:handle.
%
%   See also kes_tuner_load.
function kes_tuner_save(varargin)
  args = kes_tuner.unwrap(varargin);
  kes_tuner_mex('save', args{:});
end
