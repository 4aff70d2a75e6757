% KES_KDE_LOG_DENSITY  Log kernel density estimate.
%
%   logp = kes_kde_log_density(X, Y, name, value, ...)
%   [logp, grad, B] = kes_kde_log_density(...)
%
%   X: n x d data points, Y: m x d queries (one per row).  logp (m x 1) is
%   log f(y) with f(y) = 1/(W |B|) sum_i w_i K(B^-1 (y - x_i)), summed in
%   log space (no underflow; -Inf where a compact kernel vanishes).  grad
%   (m x d) is the gradient of log f; B the bandwidth factor (H = B B').
%   Exact: O(m n d).
%
%   Options:
%     'bandwidth'  scalar h (isotropic), d-vector (diagonal), d x d SPD H
%                  (full), or [] for Scott's rule (default)
%     'kernel'     'gaussian' (default), 'epanechnikov', 'exponential',
%                  'tophat', 'linear', 'cosine', 'logistic', 'gengauss'
%     'power'      exponent of 'gengauss' (2)
%     'weights'    n non-negative weights
%     'rtol', 'atol' tolerances of a kd-tree evaluation (default 0: exact):
%                  every result satisfies |p~ - p| <= atol + rtol p for the
%                  density p (A. G. Gray and A. W. Moore, SIAM Data Mining
%                  2003); the tree is kept only where it beats the exact
%                  sum (usually d <= 5); the gradient is always exact
%
%   Errors: kestrel:EDIM, kestrel:EDOM (bandwidth <= 0), kestrel:ENOTSPD
%   (H), kestrel:EBADDATA (weights), kestrel:ENAN.
%
%   See also kes_kde_modes, kes_kde_sample, kes_kde_rff_density, kes_kde_bw_scott, kes_kde_bw_silverman, kes_kde_bw_sj_dpik, kes_kde_bw_lscv.
