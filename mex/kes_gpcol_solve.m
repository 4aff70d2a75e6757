% KES_GPCOL_SOLVE  Poisson, Helmholtz or Allen-Cahn on a box by GP collocation (GP-HM).
%
%   u = kes_gpcol_solve(op, lo, hi, n, f, g)
%   [u, stats] = kes_gpcol_solve(op, lo, hi, n, f, g, name, value, ...)
%
%   Solves L u = f in the box [lo(1), hi(1)] (x [lo(2), hi(2)]) with u = g
%   on its boundary, on the equispaced grid of n(1) (x n(2)) points,
%   boundary included:
%     'poisson'     L u = laplace(u)
%     'helmholtz'   L u = laplace(u) + k2 u            (option 'k2')
%     'allen-cahn'  L u = laplace(u) + u (u^2 - 1)     (Newton's method)
%   The solution has a Gaussian-process prior with a product of 1-D
%   spectral-mixture covariances (A. G. Wilson and R. P. Adams, "Gaussian
%   process kernels for pattern discovery and extrapolation", ICML 2013);
%   its conditional mean gives the Laplacian at the grid, and the
%   collocation equations are imposed exactly (GP-HM of S. Fang, M. Cooley,
%   D. Long, S. Li, R. Kirby and S. Zhe, "Solving high frequency and
%   multi-scale PDEs with Gaussian processes", ICLR 2024).  The covariance
%   starts from the spectrum of f; of eight starts the one with the
%   smallest a-posteriori error estimate is kept.  The method needs about
%   three grid points per wavelength of the solution's highest frequency
%   (stats.points_per_wavelength); below that u is inaccurate, and not
%   refused.
%
%   Inputs:
%     op      'poisson', 'helmholtz' or 'allen-cahn'
%     lo, hi  the box: 1 or 2 entries each (the dimension), lo < hi, finite
%     n       points per axis, boundary included, each 4 .. 2048 (a scalar
%             is used for every axis)
%     f, g    function handles called with ONE point x, a 1 x dim row,
%             returning a real scalar (or real scalars: constants).  f is
%             called at the interior points of the grid and of a grid four
%             times finer, and along lines of each axis; g at the boundary
%             points of both grids: about 9 n calls in 1-D and 17 prod(n)
%             in 2-D, once each whatever the options.  Every call goes
%             through the Octave interpreter (some 20 microseconds), so f
%             and g should be cheap: a 100 x 100 grid takes some 170,000
%             calls (about 5 s), a 300 x 300 grid 1.5 million.
%   Options:
%     'k2'          k^2 of 'helmholtz', finite (default 0; ignored by the
%                   other operators)
%     'components'  mixture components per axis, 1 .. 200 (default 30)
%     'max_iter'    iterations of the optimiser of GP-HM's prior term
%                   (default 0: the best start is kept; the refinement is
%                   kept only when the error estimate does not grow)
%     'tol'         optimiser tolerance on the projected gradient (1e-7)
%     'spectrum'    'gaussian' (default) or 'student-t' components
%     'jitter'      smallest relative diagonal jitter, in [0, 1e-3] (1e-12)
%     'seed'        seed of a generator that places the components not on
%                   spectral peaks at random (default: evenly spread)
%
%   Outputs:
%     u      the solution at the grid: n(1) x 1 in 1-D, n(1) x n(2) in 2-D,
%            u(i, j) at x = lo + ([i j] - 1) .* (hi - lo) ./ (n - 1)
%     stats  struct: points_per_wavelength (minimum over the axes),
%            objective (-log N(u | 0, K) + const), residual (max |L u - f|
%            at the interior points), error_estimate (estimated relative L2
%            error of u; NaN when the grid is too large to estimate),
%            jitter, noise (0 here), evaluations (of the optimiser),
%            newton (Newton steps, Allen-Cahn), components, status ('OK'
%            or 'NOCONV': the optimiser or Newton stopped before its
%            tolerance; without this output a kestrel:NOCONV warning)
%
%   Errors: kestrel:EINVAL (unknown op or spectrum, bad components,
%   max_iter, tol or jitter), kestrel:ENOTSUP (lo with more than 2
%   entries), kestrel:EDIM (n below 4 or not an integer, lengths of lo, hi
%   and n differ), kestrel:ERANGE (n above 2048), kestrel:EDOM (lo >= hi or
%   not finite, k2 not finite), kestrel:ENAN (f or g not finite at a point,
%   named in the message), kestrel:type (f or g neither a handle nor a
%   scalar, or returning something other than a real scalar), an error
%   inside f or g (raised again after Kestrel has cleaned up, with the
%   handle's own identifier, kestrel:callback when it had none, and the
%   point in the message), kestrel:ENOTSPD, kestrel:ESINGULAR,
%   kestrel:usage.
%
%   Example (the 1-D test problem of Fang et al.: u = sin(6x) cos(40x)):
%     ue = @(x) sin(6 * x) .* cos(40 * x);
%     f = @(x) -1636 * ue(x) - 480 * cos(6 * x) .* sin(40 * x);
%     [u, st] = kes_gpcol_solve('poisson', 0, 2 * pi, 200, f, ue);
%     x = linspace(0, 2 * pi, 200)';
%     norm(u - ue(x)) / norm(ue(x))          % about 1e-5
%
%   See also kes_gpcol_poisson, kes_gpcol_scattered, kes_fourier_poisson_solve,
%   kes_cheb_bvp_solve.
