% KES_VMF_LOGLIK  Log-likelihood of unit vectors under vMF(mu, kappa).
%
%   ll = kes_vmf_loglik(X, mu, kappa)
%
%   sum_i log C_p(kappa) + kappa mu'x_i over the rows of X (n x p).
%
%   See also kes_vmf_fit.
