% KES_KDE_RFF_DENSITY  Random-feature Gaussian density estimate.
%
%   p = kes_kde_rff_density(X, Y, D, name, value, ...)
%   [p, se] = kes_kde_rff_density(...)
%
%   The Gaussian density estimate of the rows of X at the rows of Y through
%   D random Fourier features (D/2 frequencies, cos and sin; Rahimi &
%   Recht, NIPS 2007): the data's mean embedding is computed once, O(n d D),
%   and each query costs O(d D) whatever n.  Unbiased, with an absolute
%   error: se is the sample standard error, at most c sqrt(2/D) with
%   c = (2 pi)^(-d/2) / det(B).  In the tails p may be 0 or negative, so
%   the density, not its log, is returned.
%
%   Inputs:  X  n x d points;  Y  m x d queries;  D  even number of
%            features, >= 2;  KDE options 'bandwidth', 'weights' as
%            kes_kde_log_density (Gaussian kernel only); 'seed'
%   Outputs: p  m x 1 densities;  se  m x 1 standard errors
%
%   Errors: kestrel:EDIM (D odd or < 2, column counts differ, empty
%   inputs), kestrel:ENOTSUP (a kernel other than 'gaussian'),
%   kestrel:EDOM, kestrel:ENAN, kestrel:usage.
%
%   Example:
%     X = randn(1e5, 2);
%     [p, se] = kes_kde_rff_density(X, [0 0; 1 1], 4096, 'bandwidth', 0.3, 'seed', 1);
%
%   See also kes_kde_log_density.
