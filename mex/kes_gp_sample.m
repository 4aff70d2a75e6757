% KES_GP_SAMPLE  Joint samples of f from a fitted GP's posterior.
%
%   F = kes_gp_sample(gp, Xs, ns)
%   [F, jitter] = kes_gp_sample(gp, Xs, ns, 'seed', s)
%
%   F = mu + L Z with L L' the predictive covariance of kes_gp_predict_cov
%   (plus a jitter, 0 when it factorises; otherwise 1e-10 mean(diag) times
%   powers of 10 up to 1e-4 mean(diag): repeated query points make it
%   singular) and Z standard normal.  The same seed gives the same samples
%   on any number of threads.
%
%   Inputs:  gp  a kes_gp;  Xs  m x d query points;  ns  number of samples
%            'seed'  random seed (default: a new one per call)
%   Outputs: F  m x ns samples, one per column;  jitter  the jitter used
%
%   Errors: kestrel:EDIM (ns < 1, Xs empty or with the wrong number of
%   columns), kestrel:ENOTSPD (no jitter up to 1e-4 mean(diag) works),
%   kestrel:ENAN, kestrel:handle, kestrel:usage.
%
%   Example:
%     F = kes_gp_sample(gp, linspace(0, 1, 100)', 5, 'seed', 1);  plot(F)
%
%   See also kes_gp_predict_cov.
function [F, jitter] = kes_gp_sample(varargin)
  args = kes_gp.unwrap(varargin);
  [F, jitter] = kes_gp_mex('sample', args{:});
end
