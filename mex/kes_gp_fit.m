% KES_GP_FIT  Fit a Gaussian-process regression model.
%
%   gp = kes_gp_fit(X, y, name, value, ...)
%   [gp, status] = kes_gp_fit(...)
%
%   X: n x d training inputs (one per row), y: n targets.  The model is
%   y = m + f(x) + noise, f ~ GP(0, s2 k), noise variance n2 (Rasmussen &
%   Williams 2006); the hyperparameters maximise the log marginal
%   likelihood (BFGS, analytic gradient) unless 'optimize' is false.
%
%   Options (defaults: scikit-learn's C(1) * RBF(1) + WhiteKernel(0.1)):
%     'kernel'      'se' (= 'se_iso', default), 'se_ard', 'matern12', 'matern32',
%                   'matern52' (each also '_ard'), 'rq', 'rq_ard'
%     'mean'        'zero' (default) or 'constant' (the sample mean of y)
%     'optimize'    true (default) / false: fit at the initial values
%     'restarts'    extra optimiser runs from random starts (0); 'seed' for them
%     'signal_var', 'length_scale', 'rq_alpha', 'noise_var'   initial values
%     '<name>_bounds'   [lo hi] bounds of each (default [1e-5 1e5]; lo = hi fixes it)
%     'theta0'      initial log-hyperparameters [log s2, log l..., (log a), log n2]
%     'max_iter' (200), 'gtol' (1e-6)
%
%   status is 'OK' or 'NOCONV' (the optimiser stopped early; the model is
%   usable; without the second output a warning kestrel:NOCONV says so).
%
%   Errors: kestrel:ENAN, kestrel:EDIM, kestrel:EDOM (bad bounds or initial
%   values), kestrel:ENOTSPD, kestrel:EINVAL (unknown kernel).
%
%   See also kes_gp_predict, kes_gp_theta, kes_gp_log_marginal_likelihood,
%   kes_gp_info, kes_gp_destroy.
function [gp, status] = kes_gp_fit(varargin)
  if nargout > 1
    [id, status] = kes_gp_mex('fit', varargin{:});
  else
    id = kes_gp_mex('fit', varargin{:});
  end
  gp = kes_gp(id);
end
