% KES_GPCOL_POISSON  Poisson equation on a box by GP collocation (GP-HM).
%
%   u = kes_gpcol_poisson(lo, hi, n, f, g)
%   [u, stats] = kes_gpcol_poisson(lo, hi, n, f, g, name, value, ...)
%
%   kes_gpcol_solve('poisson', lo, hi, n, f, g, ...): laplace(u) = f in the
%   1-D or 2-D box [lo, hi] with u = g on its boundary, by Gaussian-process
%   collocation with a spectral-mixture covariance (S. Fang, M. Cooley,
%   D. Long, S. Li, R. Kirby and S. Zhe, "Solving high frequency and
%   multi-scale PDEs with Gaussian processes", ICLR 2024).
%
%   Inputs: lo, hi (1 or 2 entries), n (points per axis, 4 .. 2048), f and g
%   (function handles called with one point, a 1 x dim row, returning a
%   real scalar; or constants), as for kes_gpcol_solve.
%   Options: 'components', 'max_iter', 'tol', 'spectrum', 'jitter', 'seed'
%   (see kes_gpcol_solve; 'k2' is not an option here).
%   Outputs: u (n(1) x 1 or n(1) x n(2)) and stats, as for kes_gpcol_solve.
%
%   Errors: as kes_gpcol_solve (kestrel:EDIM, kestrel:ERANGE, kestrel:EDOM,
%   kestrel:ENAN, kestrel:ENOTSUP, kestrel:EINVAL, kestrel:type, the
%   handle's own error, kestrel:usage).
%
%   Example (u = sin(pi x) sin(2 pi y) on the unit square):
%     ue = @(x) sin(pi * x(1)) * sin(2 * pi * x(2));
%     u = kes_gpcol_poisson([0 0], [1 1], [24 24], @(x) -5 * pi^2 * ue(x), 0);
%
%   See also kes_gpcol_solve, kes_gpcol_scattered, kes_fd_poisson_solve.
