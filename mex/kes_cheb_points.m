% KES_CHEB_POINTS  Chebyshev-Lobatto points cos(j pi / n), j = 0 .. n (descending).
%
%   x = kes_cheb_points(n)
%
%   As x in Trefethen's cheb.m, exactly antisymmetric.
%
%   See also kes_cheb_diffmat, kes_cheb_weights, kes_cheb_bvp_solve.
