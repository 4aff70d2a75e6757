% KES_LOG_BESSELK  log K_v(x), the log of the modified Bessel function of the second kind.
%
%   y = kes_log_besselk(v, x)
%
%   Element-wise with the broadcasting of besselk (see kes_log_besseli).
%   Any real order v (K_{-v} = K_v), x >= 0; log K_v(0) = +Inf; NaN outside
%   the domain.  Absolute error at most 8 eps max(1, |y|).
%
%   Errors: kestrel:EDIM (incompatible sizes), kestrel:type.
%
%   See also kes_log_besseli, besselk.
