% KES_GP_VECCHIA  Vecchia (nearest-neighbour) Gaussian process for large n.
%
%   mu = kes_gp_vecchia(X, y, Xs, name, value, ...)
%   [mu, s2, theta, lml, status, L, perm] = kes_gp_vecchia(...)
%
%   The points are put in maximin order, each conditions on its m nearest
%   earlier points, and the likelihood is prod_i p(y_i | y_c(i)) (A. V.
%   Vecchia, J. R. Stat. Soc. B 50, 1988; M. Katzfuss and J. Guinness,
%   Statistical Science 36, 2021): exact when m = n - 1, O(n m^3) in
%   general.  The hyperparameters are fitted by Fisher scoring (J.
%   Guinness, Statistics and Computing 31, 2021); each query conditions on
%   its m nearest training points.  Zero mean: centre y first.
%
%   Inputs:
%     X, y      n x d training points (n >= 2, d <= 64) and targets
%     Xs        q x d query points, or [] for none
%     'm'       conditioning-set size (30; values >= n are reduced to n - 1)
%     'kernel'  'se' (default), 'se_ard', 'matern12/32/52' (and '_ard'),
%               'rq', 'rq_ard'
%     'theta0'  initial [log s2, log l..., (log a), log n2] (default
%               s2 = 1, l = 1, a = 1, n2 = 0.1)
%     'fit'     true (default) / false: evaluate at theta0
%     'max_iter' (200), 'gtol' (1e-6), 'theta_lower', 'theta_upper'
%   Outputs:
%     mu, s2  predictive mean and variance of f at Xs
%     theta   fitted (or given) log hyperparameters;  lml  the Vecchia LML
%     status  'OK' or 'NOCONV' (without it a kestrel:NOCONV warning)
%     L       n x n sparse lower-triangular inverse Cholesky factor at
%             theta: inv(K + n2 I) ~ L' * L for the points X(perm, :)
%             (exact when m = n - 1; Schaefer, Katzfuss and Owhadi, SIAM
%             J. Sci. Comput. 43, 2021)
%     perm    the maximin order, 1-based rows of X
%
%   Errors: kestrel:EDIM, kestrel:ENAN, kestrel:EDOM (theta0 outside the
%   bounds), kestrel:ENOTSPD, kestrel:ERANGE, kestrel:EINVAL (general
%   Matern is not supported), kestrel:type, kestrel:usage.
%
%   Example:
%     X = rand(5000, 2); y = sin(8 * X(:, 1)) .* cos(5 * X(:, 2)) + 0.1 * randn(5000, 1);
%     [mu, s2, theta] = kes_gp_vecchia(X, y, rand(10, 2), 'm', 20);
%
%   See also kes_gp_kron, kes_gp_fit.
