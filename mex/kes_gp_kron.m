% KES_GP_KRON  Gaussian process on a Cartesian grid (Kronecker structure).
%
%   mu = kes_gp_kron(coords, Y, Xs, name, value, ...)
%   [mu, s2, theta, lml, status] = kes_gp_kron(...)
%
%   Fits and predicts in one call with the product kernel
%   s2 prod_j k(|x_j - x'_j| / l_j), K = s2 K_D (x) ... (x) K_1: on a
%   complete grid the log marginal likelihood, its gradient and the
%   predictions are exact from the factors' eigendecompositions in
%   O(sum M_j^3 + M sum M_j) (Y. Saatci, PhD thesis, Cambridge, 2011,
%   Ch. 5); missing cells (NaN in Y) are handled by preconditioned CG, with
%   the log determinant approximated as in Wilson, Gilboa, Nehorai and
%   Cunningham, NeurIPS 2014.  Zero mean: centre Y first.
%
%   Inputs:
%     coords  cell of D coordinate vectors (D <= 16), grid sizes M_1..M_D
%     Y       M_1 x ... x M_D targets (first index fastest; any shape with
%             prod(M_j) entries); NaN marks a missing cell
%     Xs      m x D query points; or a cell of D coordinate vectors for a
%             new grid (mu and s2 then have its shape); or [] for none
%     'kernel'  'se' (default), 'se_ard', 'matern12/32/52' (and '_ard'):
%               one length scale for all dimensions, or one per dimension
%     'theta0'  initial [log s2, log l..., log n2] (default: s2 = 1, l = 1,
%               n2 = 0.1)
%     'fit'     true (default): maximise the LML by BFGS; false: condition
%               at theta0
%     'max_iter' (200), 'gtol' (1e-6), 'theta_lower', 'theta_upper'
%               (log 1e-5, log 1e5)
%   Outputs:
%     mu, s2  predictive mean and variance of f (without the noise)
%     theta   the fitted (or given) log hyperparameters
%     lml     the log marginal likelihood there (approximate with missing
%             cells)
%     status  'OK' or 'NOCONV' (without it a kestrel:NOCONV warning)
%
%   Errors: kestrel:EDIM (Y's size, Xs's columns), kestrel:ENAN (NaN/Inf in
%   coordinates or queries), kestrel:EDOM (theta0 outside the bounds),
%   kestrel:EINVAL (kernel not supported: RQ, general Matern),
%   kestrel:ENOTSPD, kestrel:ERANGE, kestrel:type, kestrel:usage.
%
%   Example:
%     x1 = linspace(0, 1, 40); x2 = linspace(0, 2, 50);
%     Y = sin(6 * x1') * cos(3 * x2) + 0.05 * randn(40, 50);
%     [mu, s2] = kes_gp_kron({x1, x2}, Y, {linspace(0, 1, 80), x2}, 'kernel', 'se_ard');
%
%   See also kes_gp_vecchia, kes_gp_fit.
