% KES_LOG_BESSELI  log I_v(x), the log of the modified Bessel function of the first kind.
%
%   y = kes_log_besseli(v, x)
%
%   Element-wise, with the broadcasting of besseli: v and x of equal size,
%   either one a scalar, or v a row and x a column (y is numel(x) x numel(v)).
%   Computed in log space, so it neither overflows nor underflows where
%   besseli would (v up to 1e6 and beyond, x from 1e-300 to 1e300); absolute
%   error at most 8 eps max(1, |y|).  Domain v >= 0, x >= 0; NaN outside it.
%   Exact limits: log I_0(0) = 0, log I_v(0) = -Inf for v > 0.
%
%   Example:  kes_log_besseli(1e4, 1)      % -8.9040e+04, where besseli gives 0
%             kes_log_besseli(0:3, [1; 2]) % 2 x 4
%
%   Errors: kestrel:EDIM (incompatible sizes), kestrel:type (complex, single).
%
%   See also kes_log_besselk, besseli.
