% KES_CHEB_BVP_SOLVE  Two-point boundary value problem by Chebyshev collocation.
%
%   [u, x] = kes_cheb_bvp_solve(f, [a b], name, value, ...)
%
%   Solves p2 u'' + p1 u' + p0 u = f on [a, b] with
%   alpha u + beta u' = gamma at each end.  f (and the coefficients) are
%   values at the n + 1 points x = (a+b)/2 + (b-a)/2 kes_cheb_points(n),
%   n = numel(f) - 1, descending (x(1) = b); u is the solution there.
%   Geometric convergence in n for smooth data.
%
%   Options: 'p2' (1), 'p1' (0), 'p0' (0): vectors or scalars;
%   'left', 'right': [alpha beta gamma] (default [1 0 0], u = 0).
%
%   Example (Trefethen's p13): u'' = exp(4x), u(-1) = u(1) = 0
%     x = kes_cheb_points(16);
%     u = kes_cheb_bvp_solve(exp(4 * x), [-1 1]);
%
%   Errors: kestrel:EDIM (n < 2), kestrel:EDOM (a >= b, alpha = beta = 0),
%   kestrel:ESINGULAR, kestrel:ENAN.
%
%   See also kes_cheb_points.
