% KES_KDE_BW_HPI  Plug-in bandwidth matrix for the bivariate Gaussian kernel.
%
%   H = kes_kde_bw_hpi(X)
%
%   As ks's Hpi(x, binned = FALSE) with its defaults in d = 2: the data are
%   sphered by S^(-1/2); the order-6 and order-4 density functionals come
%   from two-stage SAMSE pilots (T. Duong and M. L. Hazelton, J.
%   Nonparametric Statist. 15, 2003); H* minimises the plug-in criterion
%   1 / (4 pi n |H|^(1/2)) + vec(H)' Psi_4 vec(H) / 4 (Wand & Jones,
%   "Kernel Smoothing", 1995, Sec. 4.7); H = S^(1/2) H* S^(1/2).
%   Equivariant: kes_kde_bw_hpi(X * A) = A' * kes_kde_bw_hpi(X) * A for an
%   orthogonal A, and scaling X by c scales H by c^2.
%
%   Input:   X  n x 2 points (n >= 3)
%   Output:  H  2 x 2 symmetric positive definite bandwidth matrix (use it
%            as 'bandwidth' of kes_kde_log_density)
%
%   Errors: kestrel:ENOTSUP (d other than 2), kestrel:EDOM (n < 3, singular
%   covariance), kestrel:EDIM, kestrel:ENAN, kestrel:usage.
%
%   Example:
%     X = randn(400, 2) * [1 0.5; 0 1];
%     H = kes_kde_bw_hpi(X); logp = kes_kde_log_density(X, X, 'bandwidth', H);
%
%   See also kes_kde_bw_lcv, kes_kde_bw_scott.
