% KES_VMF_MEAN_RESULTANT  Mean resultant length A_p(kappa) = I_{p/2}(kappa) / I_{p/2-1}(kappa).
%
%   a = kes_vmf_mean_resultant(p, kappa)
%
%   Element-wise with broadcasting; in [0, 1), increasing in kappa.
%
%   See also kes_vmf_kappa_from_r.
