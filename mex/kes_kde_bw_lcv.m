% KES_KDE_BW_LCV  Likelihood cross-validation bandwidth (isotropic Gaussian).
%
%   h = kes_kde_bw_lcv(X)
%   h = kes_kde_bw_lcv(X, hlo, hhi)
%
%   The maximiser over h of the leave-one-out log likelihood
%   (1/n) sum_i log f_{h,-i}(x_i) (B. W. Silverman, "Density Estimation",
%   1986, Sec. 3.4.4): 48 log-spaced trial values on [hlo, hhi], then a
%   golden-section search in log h.  An end of the range is returned when
%   the best value is there (tied points drive it to hlo).
%
%   Inputs:  X  n x d points (n >= 2);  hlo, hhi  search range (0: 0.05
%            and 3 times Scott's bandwidth)
%   Output:  h  the bandwidth
%
%   Errors: kestrel:EDIM, kestrel:ENAN, kestrel:EDOM (hlo >= hhi, negative),
%   kestrel:usage.
%
%   Example:  h = kes_kde_bw_lcv(randn(300, 2));
%
%   See also kes_kde_bw_lscv, kes_kde_bw_scott.
