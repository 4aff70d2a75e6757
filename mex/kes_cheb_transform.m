% KES_CHEB_TRANSFORM  Fast Chebyshev transform (values <-> coefficients).
%
%   a = kes_cheb_transform(f)
%   a = kes_cheb_transform(f, 'coeffs')
%   f = kes_cheb_transform(a, 'values')
%
%   'coeffs' (default): from values f_j at the n + 1 Chebyshev-Lobatto
%   points x_j = cos(j pi / n) (kes_cheb_points(n), x_0 = 1) to the
%   coefficients of the interpolant p(x) = sum_k a_k T_k(x):
%   a_k = (2 c_k / n) sum_j'' f_j cos(j k pi / n), c_0 = c_n = 1/2, else 1
%   ('' halves the end terms), so that a constant f has a_0 = f.  'values' is the inverse,
%   f_j = sum_k a_k cos(j k pi / n).  A type-I DCT by a real FFT of length
%   2n (L. N. Trefethen, "Spectral Methods in MATLAB", 2000, Ch. 8), column
%   by column for a matrix (a row vector is one column).
%
%   Inputs:  f or a  (n + 1) x m real matrix, n >= 1
%   Output:  same shape
%
%   Errors: kestrel:EDIM (fewer than 2 rows), kestrel:ENAN, kestrel:EINVAL
%   (unknown direction), kestrel:type, kestrel:usage.
%
%   Example:
%     x = kes_cheb_points(16);
%     a = kes_cheb_transform(exp(x));   % Chebyshev coefficients of exp
%
%   See also kes_cheb_points, kes_cheb_diffmat.
