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
%                   'matern52' (each also '_ard'), 'rq', 'rq_ard', 'matern',
%                   'matern_ard' (general smoothness nu, learned: Stein,
%                   "Interpolation of Spatial Data", 1999, Sec. 2.7)
%     'matern_nu'   initial nu of 'matern' (1.5); 'matern_nu_bounds' [0.05 50]
%     'optimizer'   'bfgs' (default) or 'gsl_bfgs2' (GSL's vector_bfgs2)
%     'cov'         a composite covariance instead of 'kernel' (needs
%                   'theta0' = [the tree's log-parameters, log n2]):
%                     'se', 'matern32', ..., 'periodic'    a leaf (correlation,
%                                                       k(x, x) = 1) on every input
%                     {'periodic', k}, {'matern32', k}  a leaf on input k
%                     {'sm', Q, k, 'gaussian'|'student_t'}  spectral mixture
%                                   (Wilson & Adams, ICML 2013); k, density optional
%                     {'sum', c1, c2, ...}, {'product', c1, c2, ...}, {'scale', c}
%                   Parameters, in order: a leaf's log l (one per input for
%                   an ARD kernel) then log a (RQ alpha, Matern nu); periodic
%                   log l, log p (exp(-2 sin^2(pi tau / p) / l^2), MacKay
%                   1998); 'sm' per component log w, log l_1..D, log mu_1..D;
%                   a sum or product its operands' blocks left to right;
%                   'scale' log s2 then its operand's block.
%     'theta_lower', 'theta_upper'  bounds of theta with 'cov' (log 1e-5, log 1e5)
%                   (kes_gp_cov_matrix evaluates a description and counts
%                   its parameters)
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
%   Example (a periodic component plus a smooth trend):
%     cov = {'sum', {'scale', 'periodic'}, {'scale', 'se'}};
%     gp = kes_gp_fit(t, y, 'cov', cov, 'theta0', log([1 1 1 1 10 0.1]));
%
%   Errors: kestrel:ENAN, kestrel:EDIM (theta0 of the wrong length),
%   kestrel:EDOM (bad bounds or initial values), kestrel:ENOTSPD,
%   kestrel:EINVAL (unknown kernel or leaf, a coordinate beyond d),
%   kestrel:type (a malformed 'cov'), kestrel:usage.
%
%   See also kes_gp_predict, kes_gp_predict_cov, kes_gp_sample, kes_gp_save,
%   kes_gp_load, kes_gp_theta, kes_gp_log_marginal_likelihood, kes_gp_info,
%   kes_gp_destroy.
function [gp, status] = kes_gp_fit(varargin)
  if nargout > 1
    [id, status] = kes_gp_mex('fit', varargin{:});
  else
    id = kes_gp_mex('fit', varargin{:});
  end
  gp = kes_gp(id);
end
