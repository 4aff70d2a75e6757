% KES_VMF_FIT  Maximum-likelihood von Mises-Fisher fit.
%
%   [mu, kappa, rbar] = kes_vmf_fit(X)
%   [...] = kes_vmf_fit(X, 'normalize', true)
%
%   X: n x p, one unit vector per row (p >= 2).  mu (1 x p) is the mean
%   direction, kappa the concentration (A_p^{-1}(rbar), no overflow for any
%   p), rbar the mean resultant length.  With 'normalize' the rows are
%   scaled to unit length first.  When all rows coincide kappa is Inf (with
%   a kestrel:ERANGE warning).
%
%   Errors: kestrel:EINVAL (a row not of unit length), kestrel:EDIM (p < 2),
%   kestrel:ENAN.
%
%   See also kes_vmf_sample, kes_vmf_loglik.
