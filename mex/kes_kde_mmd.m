% KES_KDE_MMD  Squared maximum mean discrepancy between two point sets.
%
%   mmd2 = kes_kde_mmd(X, Y, name, value, ...)
%
%   X: n x d, Y: m x d points.  With k(x, y) = k_prof(|x - y| / h) (the
%   kernel profile of kes_kde_log_density, not normalised: k(x, x) = 1) and
%   weights a = wx / sum(wx), b = wy / sum(wy),
%     V-statistic: a' Kxx a + b' Kyy b - 2 a' Kxy b   (>= 0)
%     U-statistic: the diagonal terms of Kxx and Kyy left out, each sum
%                  divided by 1 - sum(a.^2) (1 - sum(b.^2)); unbiased
%   (Gretton et al., "A kernel two-sample test", JMLR 13, 2012).
%
%   Options:
%     'bandwidth'  h > 0 (1)
%     'kernel'     as kes_kde_log_density ('gaussian')
%     'power'      exponent of 'gengauss' (2)
%     'unbiased'   true for the U-statistic (false)
%     'wx', 'wy'   non-negative weights of X and Y (equal)
%   Output: mmd2, a scalar.  Cost O((n + m)^2 d).
%
%   Errors: kestrel:EDIM (empty sets, column counts differ), kestrel:EDOM
%   (h <= 0, unbiased with one point), kestrel:EBADDATA (negative weights),
%   kestrel:ENAN, kestrel:usage.
%
%   Example:
%     X = randn(300, 2); Y = randn(300, 2) + [0.5 0];
%     kes_kde_mmd(X, Y, 'bandwidth', 1)
%
%   See also kes_kde_thin.
