% KES_CHEB_DIFFMAT  Chebyshev differentiation matrix (Trefethen's cheb.m).
%
%   D = kes_cheb_diffmat(n)
%
%   (n+1) x (n+1); D * f(x) approximates f'(x) on x = kes_cheb_points(n).
%   Diagonal by the negative row sums, so D annihilates constants.
%
%   See also kes_cheb_points.
