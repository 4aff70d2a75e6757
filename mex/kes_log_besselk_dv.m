% KES_LOG_BESSELK_DV  d/dv log K_v(x), the order derivative of log besselk.
%
%   y = kes_log_besselk_dv(v, x)
%
%   Element-wise with the broadcasting of besselk (see kes_log_besseli):
%   equal sizes, a scalar against any array, or a row of orders against a
%   column of arguments (a numel(x) x numel(v) result).
%
%   Inputs:  v  any finite real orders;  x  arguments, x >= 0 (Inf allowed)
%   Output:  y  d/dv log K_v(x) = <t tanh(v t)>_w, the average of t tanh(vt)
%            under the weight cosh(v t) exp(-x cosh t) (DLMF 10.32.9
%            differentiated under the integral), summed by the trapezoidal
%            rule (Trefethen & Weideman, SIAM Review 56, 2014).
%   Odd in v (0 at v = 0); at x = 0: +Inf for v > 0, -Inf for v < 0; at
%   x = Inf: 0.  NaN outside the domain (x < 0, NaN, infinite v).
%   Accuracy: |error| <= 1e-12 |y|, or 1e-13 where |y| < 0.1.
%   Use: the gradient of a Matern covariance in its smoothness nu.
%
%   Errors: kestrel:EDIM (incompatible sizes), kestrel:type (complex,
%   single, char, sparse), kestrel:usage.
%
%   Example:
%     g = kes_log_besselk_dv(1.5, [0.5 1 2]);
%     h = 1e-6; fd = (log(besselk(1.5 + h, [0.5 1 2])) - log(besselk(1.5 - h, [0.5 1 2]))) / (2 * h);
%
%   See also kes_log_besselk_dx, kes_log_besselk, besselk.
