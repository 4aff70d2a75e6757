% KES_GRF_MODULATION  Modulation coefficients f of a graph random-feature kernel.
%
%   f = kes_grf_modulation(kind, param, len)
%
%   f (1 x len) with conv(f, f) = the power-series coefficients of the kernel
%   (kes_grf_series): kind 'regularized' ((I - U)^-param), 'diffusion'
%   (expm(param U)) or 'pstep' ((I + U)^param).  Pass f to kes_grf_features.
%
%   See also kes_grf_series, kes_grf_features.
