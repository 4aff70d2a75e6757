% KES_GPCOL_SCATTERED  Mesh-free GP collocation with noisy data (GP-HM).
%
%   u = kes_gpcol_scattered(op, Xi, f, Xb, g)
%   [u, stats] = kes_gpcol_scattered(op, Xi, f, Xb, g, name, value, ...)
%
%   laplace(u) (+ k2 u) = f at scattered interior points Xi, where the
%   values f may carry noise, and u = g at boundary points Xb.  The
%   solution has a Gaussian-process prior with a product of 1-D
%   spectral-mixture covariances (S. Fang, M. Cooley, D. Long, S. Li,
%   R. Kirby and S. Zhe, "Solving high frequency and multi-scale PDEs with
%   Gaussian processes", ICLR 2024) on all the points; the noise variance
%   of f maximises the marginal likelihood of f, and u is the posterior
%   mean at Xi (it collocates f when the fitted noise is tiny).  Of eight
%   covariance starts from the spectrum of f, the one with the largest
%   marginal likelihood is kept.
%
%   Inputs:
%     op   'poisson' or 'helmholtz' ('allen-cahn' is kestrel:ENOTSUP here)
%     Xi   ni x dim interior points, one per row (dim 1 or 2)
%     f    ni values of f at Xi (a vector)
%     Xb   nb x dim boundary points
%     g    nb values of u at Xb
%   ni + nb is at most 20000: the covariance is dense, O((ni + nb)^3)
%   flops per start and about 10 (ni + nb)^2 doubles of memory.
%   Options: 'k2' (Helmholtz), 'components', 'spectrum', 'jitter', 'seed'
%   as for kes_gpcol_solve ('max_iter' and 'tol' are accepted and unused).
%
%   Outputs:
%     u      ni x 1, u at Xi
%     stats  as kes_gpcol_solve: noise is the fitted standard deviation of
%            f, objective minus the log marginal likelihood of f,
%            residual the largest collocation residual at Xi,
%            error_estimate NaN, points_per_wavelength rough (mean
%            spacing per wavelength of f's strongest clear peak)
%
%   Errors: kestrel:EDIM (empty Xi or Xb, columns of Xb differ from Xi's,
%   f or g of the wrong length, more than 20000 points), kestrel:ENOTSUP
%   (dim above 2, 'allen-cahn'), kestrel:ENAN (a non-finite point or
%   value), kestrel:EBADDATA (two points coincide, or all share a
%   coordinate value), kestrel:EINVAL, kestrel:EDOM (k2 not finite),
%   kestrel:ENOTSPD, kestrel:ESINGULAR, kestrel:type, kestrel:usage.
%
%   Example (u = sin(3x) on [0, 2 pi] from noisy f = -9 sin(3x)):
%     xi = sort(rand(120, 1)) * 2 * pi;
%     fi = -9 * sin(3 * xi) + 0.1 * randn(120, 1);
%     [u, st] = kes_gpcol_scattered('poisson', xi, fi, [0; 2 * pi], [0; 0]);
%     st.noise                                % about 0.1
%
%   See also kes_gpcol_solve, kes_gpcol_poisson, kes_gp_fit.
