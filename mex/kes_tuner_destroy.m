% KES_TUNER_DESTROY  Free a tuner now.
%
%   kes_tuner_destroy(t)
%
%   Later use of t (or of any copy of it) raises kestrel:handle.  Clearing
%   the last copy of t frees the tuner too, so calling this is optional.
%
%   See also kes_tuner_create.
function kes_tuner_destroy(varargin)
  args = kes_tuner.unwrap(varargin);
  kes_tuner_mex('destroy', args{:});
end
