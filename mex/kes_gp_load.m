% KES_GP_LOAD  Read a GP model written by kes_gp_save.
%
%   gp = kes_gp_load(path)
%   gp = kes_gp.load(path)
%
%   The data and hyperparameters are read and the model is refitted at them
%   without optimisation: its theta, log marginal likelihood and
%   predictions equal the saved model's.
%
%   Input:  path  the file;  Output: gp  a kes_gp
%
%   Errors: kestrel:EIO (cannot open), kestrel:EPARSE (malformed or
%   truncated file), kestrel:ENOTSPD (an edited file whose hyperparameters
%   cannot be factorised), kestrel:type, kestrel:usage.
%
%   See also kes_gp_save, kes_gp_fit.
function gp = kes_gp_load(path)
  if nargin ~= 1
    error('kestrel:usage', 'usage: gp = kes_gp_load(path)');
  end
  gp = kes_gp(kes_gp_mex('load', path));
end
