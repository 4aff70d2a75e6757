% KES_KDE_BW_SILVERMAN  Silverman's rule of thumb for 1-D data.
%
%   h = kes_kde_bw_silverman(x)
%
%   0.9 min(std(x), IQR/1.34) n^(-1/5) (R's bw.nrd0; quantiles of type 7).
