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
%   Options as kes_kde_log_density: 'bandwidth', 'kernel', 'power', 'weights'.
%
%   See also kes_kde_log_density.
