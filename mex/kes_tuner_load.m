% KES_TUNER_LOAD  Restore a tuner written by kes_tuner_save.
%
%   t = kes_tuner_load(path)
%
%   Errors: kestrel:EIO (cannot open), kestrel:EPARSE (malformed or
%   inconsistent file).
%
%   See also kes_tuner_save.
function t = kes_tuner_load(varargin)
  t = kes_tuner(kes_tuner_mex('load', varargin{:}));
end
