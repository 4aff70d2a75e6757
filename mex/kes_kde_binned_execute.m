% KES_KDE_BINNED_EXECUTE  Kernel density estimate on a grid, by binning and FFT.
%
%   f = kes_kde_binned_execute(X, gridsize, lo, hi, name, value, ...)
%
%   X: n x d points, d = 1, 2 or 3.  Axis k of the grid holds gridsize(k)
%   points linspace(lo(k), hi(k), gridsize(k)); f has the grid's shape (a
%   column for d = 1).  The points are binned linearly and the counts
%   convolved with the kernel by FFT (Wand & Jones 1995, App. D): error
%   O(delta^2) in the spacing delta against kes_kde_log_density at the grid
%   points, cost O(n 2^d + P log P).  Points outside the grid count in the
%   normalisation but not in the bins.
%
%   Options as kes_kde_log_density: 'bandwidth', 'kernel', 'power', 'weights';
%   and 'binned_cutoff' c > 0: the kernel cut off beyond c scaled radii and
%   its samples rescaled to sum to 1, so that c = 4 with the Gaussian kernel
%   in 1-D is KernSmooth's bkde(x, bandwidth = h, gridsize = M,
%   range.x = c(lo, hi)) (M. P. Wand, J. Comput. Graph. Statist. 3, 1994);
%   0 (default) keeps the whole kernel.
%
%   Errors: kestrel:EDIM (d above 3, a gridsize below 2), kestrel:EDOM
%   (hi <= lo, bandwidth or binned_cutoff out of range), kestrel:ENAN,
%   kestrel:usage.
%
%   See also kes_kde_log_density.
