% KES_KDE_BW_SJ_DPIK  Sheather-Jones direct plug-in bandwidth for 1-D data.
%
%   h = kes_kde_bw_sj_dpik(x)    h = kes_kde_bw_sj_dpik(x, gridsize)
%
%   Two-stage, binned (gridsize 401 by default), as KernSmooth's dpik.
