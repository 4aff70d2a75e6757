% KES_KDE_BW_LSCV  Least-squares cross-validation bandwidth (isotropic Gaussian).
%
%   h = kes_kde_bw_lscv(X)    h = kes_kde_bw_lscv(X, hlo, hhi)
%
%   Minimises LSCV(h) over [hlo, hhi] (default 0.05 to 3 times Scott's
%   bandwidth); O(n^2 d) per evaluation.
