% KES_KDE_MODES  Modes (local maxima) of a kernel density estimate.
%
%   modes = kes_kde_modes(X, name, value, ...)
%   [modes, logp, stats] = kes_kde_modes(...)
%
%   X: n x d data points.  From every start (the data points by default)
%   the ascent y <- y + alpha H grad log f(y) runs (alpha = 1, the
%   mean-shift step for the Gaussian kernel, Comaniciu & Meer, IEEE PAMI
%   24, 2002; then Barzilai-Borwein lengths with an Armijo test);
%   candidates within merge_tol of a denser one are dropped and the rest
%   polished by Newton's method.  With 'proj_dim' k the modes are first
%   found in a random k-dimensional projection (Lee, Li, Musco, Phillips &
%   Tai, ICML 2023).  Smooth kernels only.
%
%   Inputs:
%     X            n x d points (one per row)
%     KDE options  'bandwidth', 'kernel', 'power', 'weights' as in
%                  kes_kde_log_density (not 'exponential', 'tophat',
%                  'linear', or 'gengauss' with power <= 1)
%     'starts'     s x d start points (default: the rows of X)
%     'max_iter'   ascent steps per start (1000)
%     'ascent_tol' whitened gradient norm ending an ascent (1e-6)
%     'grad_tol'   whitened gradient norm the polish aims for (1e-10)
%     'merge_tol'  whitened distance within which two modes are one (1e-3)
%     'proj_dim'   0 (default) or k in 1 .. d-1
%     'seed'       seed of the projection (default: new per call)
%   Outputs:
%     modes  k x d modes, densest first
%     logp   k x 1 log densities at the modes
%     stats  struct: nfound, iterations, nconverged, max_grad, converged,
%            status ('OK' or 'NOCONV'); without it a kestrel:NOCONV warning
%            says when a mode's gradient is above grad_tol
%
%   Errors: kestrel:ENOTSUP (a kernel that is not smooth), kestrel:EDIM
%   (starts with the wrong number of columns, proj_dim >= d, empty X),
%   kestrel:EDOM (max_iter < 1, negative tolerances, bandwidth <= 0),
%   kestrel:ENAN, kestrel:EBADDATA (weights), kestrel:usage.
%
%   Example (two clusters):
%     X = [randn(200, 1) - 3; randn(200, 1) + 3];
%     [m, lp] = kes_kde_modes(X, 'bandwidth', 0.5);   % two rows near -3 and 3
%
%   See also kes_kde_log_density, kes_kde_sample.
