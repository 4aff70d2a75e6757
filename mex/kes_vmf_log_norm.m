% KES_VMF_LOG_NORM  Log normaliser of the von Mises-Fisher density.
%
%   c = kes_vmf_log_norm(p, kappa)
%
%   log C_p(kappa), C_p(kappa) = kappa^(p/2-1) / ((2 pi)^(p/2) I_{p/2-1}(kappa)),
%   element-wise with broadcasting; no overflow at p = 1e6.  kappa = 0
%   gives minus the log area of the sphere; NaN for p < 2 or kappa < 0.
%
%   See also kes_vmf_mean_resultant, kes_vmf_loglik.
