% KES_CHEB_WEIGHTS  Clenshaw-Curtis quadrature weights.
%
%   w = kes_cheb_weights(n)
%
%   w' * f(x) integrates f over [-1, 1] on x = kes_cheb_points(n), exactly for
%   polynomials of degree <= n (Trefethen 2000, clencurt.m).
%
%   See also kes_cheb_points.
