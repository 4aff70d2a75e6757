% KES_VMF_KAPPA_FROM_R  The concentration kappa with A_p(kappa) = rbar.
%
%   kappa = kes_vmf_kappa_from_r(p, rbar)
%
%   p: scalar dimension >= 2; rbar: array of mean resultant lengths in
%   [0, 1).  Safeguarded Newton iteration (Banerjee et al. 2005 start),
%   about 1e-14 relative accuracy.
%
%   Errors: kestrel:EDOM (rbar outside [0, 1)), kestrel:EDIM (p < 2).
%
%   See also kes_vmf_mean_resultant, kes_vmf_fit.
