% KES_PDE_INTEGRATE  Integrate a periodic 1-D model PDE by ETDRK4 or IMEX RK.
%
%   u = kes_pde_integrate(problem, u0, len, h, nsteps, name, value, ...)
%   [u, done, status] = kes_pde_integrate(...)
%
%   u_t = L u + N(u) with L diagonal in Fourier space on the grid
%   x_j = (j - 1) len / n of u0 (n = numel(u0)), nsteps steps of size h:
%     'allen-cahn'  u_t = eps u_xx + u - u^3
%     'kdv'         u_t + u u_x + u_xxx = 0
%     'ks'          u_t + u_xx + u_xxxx + u u_x = 0 (Kuramoto-Sivashinsky)
%     'burgers'     u_t + u u_x = nu u_xx
%     'nls'         i u_t + u_xx + 2 |u|^2 u = 0 (complex u0; focusing
%                   nonlinear Schroedinger)
%   Schemes ('scheme'): 'etdrk4' (default; S. M. Cox and P. C. Matthews,
%   J. Comput. Phys. 176, 2002, coefficients by contour integrals as in
%   A.-K. Kassam and L. N. Trefethen, SIAM J. Sci. Comput. 26, 2005; fourth
%   order) or 'imexrk' (ARS(2,3,3) of U. M. Ascher, S. J. Ruuth and R. J.
%   Spiteri, Appl. Numer. Math. 25, 1997; third order).  Complex fields
%   use the complex-to-complex forms.
%
%   Options: 'eps' (0.01), 'nu' (0.05), 'dealias' (false: true applies the
%   2/3 rule to the nonlinear term).
%   Outputs: u  the field after the steps done (same shape as u0);
%   done  steps completed; status 'OK' or 'EDIVERGE' (the field blew up:
%   u is the last finite step; without the third output a
%   kestrel:EDIVERGE warning says so).
%
%   Errors: kestrel:EDIM (u0 not a vector of 2 points or more, nsteps < 0),
%   kestrel:EDOM (h, len, eps or nu not finite and positive),
%   kestrel:ENAN (u0 not finite), kestrel:ESINGULAR ('imexrk' with an
%   implicit stage that has no solution), kestrel:EINVAL (unknown problem
%   or scheme), kestrel:type (complex u0 for a real problem), kestrel:usage.
%
%   Example (a KdV soliton, speed c = 4):
%     n = 256; x = -20 + (0:n-1)' * 40 / n;
%     u = kes_pde_integrate('kdv', 12 * sech(x) .^ 2, 40, 1e-3, 1000);
%
%   See also kes_fourier_poisson_dealias, kes_fourier_poisson_solve.
