% KES_VMF_SAMPLE  Exact draws from a von Mises-Fisher distribution.
%
%   X = kes_vmf_sample(mu, kappa, n)
%   X = kes_vmf_sample(mu, kappa, n, 'seed', s)
%
%   mu: unit vector of length p >= 2; kappa >= 0 (Inf: every row is mu).
%   X is n x p, one unit vector per row (Wood's algorithm, exact for every
%   kappa).  The same seed gives the same X on every run and thread count.
%
%   Errors: kestrel:EINVAL (mu not a unit vector), kestrel:EDOM (kappa < 0).
%
%   See also kes_vmf_fit, kes_vmf_loglik.
