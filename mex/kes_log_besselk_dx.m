% KES_LOG_BESSELK_DX  d/dx log K_v(x) = K_v'(x) / K_v(x).
%
%   y = kes_log_besselk_dx(v, x)
%
%   Element-wise with the broadcasting of besselk (see kes_log_besseli):
%   equal sizes, a scalar against any array, or a row of orders against a
%   column of arguments (a numel(x) x numel(v) result).
%
%   Inputs:  v  any finite real orders;  x  arguments, x >= 0 (Inf allowed)
%   Output:  y  d/dx log K_v(x) = -K_{v-1}(x)/K_v(x) - v/x = -<cosh t>_w,
%            the average of cosh t under the weight cosh(v t) exp(-x cosh t)
%            (DLMF 10.32.9), so no cancellation and no overflow.
%   Even in v, y <= -1 for x > 0; -Inf at x = 0, -1 at x = Inf; NaN
%   outside the domain (x < 0, NaN, infinite v).
%   Accuracy: |error| <= 1e-12 |y|, or 1e-13 where |y| < 0.1.
%
%   Errors: kestrel:EDIM (incompatible sizes), kestrel:type (complex,
%   single, char, sparse), kestrel:usage.
%
%   Example:
%     y = kes_log_besselk_dx(2, 3);   % = -besselk(1, 3) / besselk(2, 3) - 2 / 3
%
%   See also kes_log_besselk_dv, kes_log_besselk, besselk.
