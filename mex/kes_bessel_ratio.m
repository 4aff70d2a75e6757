% KES_BESSEL_RATIO  I_{v+1}(x) / I_v(x) without forming either Bessel function.
%
%   r = kes_bessel_ratio(v, x)
%
%   Element-wise with the broadcasting of besseli; no overflow for any v, x;
%   a few ulps relative error.  0 at x = 0, 1 at x = Inf, NaN outside
%   v >= 0, x >= 0.
%
%   See also kes_log_besseli, kes_vmf_mean_resultant.
