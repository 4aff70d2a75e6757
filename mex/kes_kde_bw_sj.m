% KES_KDE_BW_SJ  Sheather-Jones bandwidth as R's bw.SJ (1-D Gaussian kernel).
%
%   h = kes_kde_bw_sj(x)
%   h = kes_kde_bw_sj(x, method, nbins)
%
%   Pairwise differences binned into nbins bins (1000), psi_4 and psi_6
%   from the binned pair counts with normal-reference pilots, then
%   'ste' (default): the root of the solve-the-equation rule, or
%   'dpi': the direct plug-in h = (1 / (2 sqrt(pi) n psi_4(g)))^(1/5)
%   (S. J. Sheather and M. C. Jones, J. R. Statist. Soc. B 53, 1991).
%
%   Inputs:  x  vector of n >= 2 values;  method 'ste' | 'dpi';  nbins >= 1
%            (0 for 1000)
%   Output:  h  the bandwidth
%
%   Errors: kestrel:EDIM (n < 2), kestrel:ENAN, kestrel:EDOM (zero scale, no
%   root), kestrel:EINVAL (unknown method), kestrel:ERANGE, kestrel:usage.
%
%   Example:  h = kes_kde_bw_sj(randn(500, 1), 'dpi');
%
%   See also kes_kde_bw_sj_dpik, kes_kde_bw_isj, kes_kde_bw_lcv.
