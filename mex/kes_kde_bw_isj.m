% KES_KDE_BW_ISJ  Botev's improved Sheather-Jones bandwidth (1-D Gaussian).
%
%   h = kes_kde_bw_isj(x)
%   h = kes_kde_bw_isj(x, gridsize)
%
%   The data are binned on their range widened by a tenth each side; the
%   histogram's discrete cosine transform gives ||f^(s)||^2 for any
%   smoothing time t, and h = R sqrt(t*) for the fixed point t* of Botev's
%   seven-stage equation, with no normal reference at any stage (Z. I.
%   Botev, J. F. Grotowski and D. P. Kroese, "Kernel density estimation via
%   diffusion", Ann. Statist. 38, 2010, Sec. 5).  Suits multimodal data.
%
%   Inputs:  x  vector of n >= 2 values;  gridsize >= 2 (0 for 2^14)
%   Output:  h  the bandwidth
%
%   Errors: kestrel:EDIM, kestrel:ENAN, kestrel:EDOM (all values equal, no
%   root), kestrel:ERANGE (gridsize above 2^26), kestrel:usage.
%
%   Example:  h = kes_kde_bw_isj([randn(500, 1); randn(500, 1) + 6]);
%
%   See also kes_kde_bw_sj, kes_kde_bw_lcv.
