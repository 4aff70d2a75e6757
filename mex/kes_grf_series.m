% KES_GRF_SERIES  Power-series coefficients of a graph kernel in U.
%
%   alpha = kes_grf_series(kind, param, len)
%
%   The kernel is sum_k alpha(k+1) U^k: kind 'regularized' ((I - U)^-param),
%   'diffusion' (expm(param U), alpha = param^k / k!) or 'pstep'
%   ((I + U)^param).
%
%   See also kes_grf_modulation.
