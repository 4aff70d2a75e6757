% KES_GP_PREDICT_COV  Predictive mean and full covariance of a fitted GP.
%
%   [mu, C] = kes_gp_predict_cov(gp, Xs)
%
%   Inputs:  gp  a kes_gp;  Xs  m x d query points (m <= 46340)
%   Outputs: mu  m x 1 predictive means (as kes_gp_predict)
%            C   m x m covariance of f (without the noise):
%                K** - K*' (K + n2 I)^-1 K* (Rasmussen & Williams,
%                "Gaussian Processes for Machine Learning", 2006,
%                Algorithm 2.1), both triangles; its diagonal is
%                kes_gp_predict's variance before that one's clamping at 0
%
%   Errors: kestrel:EDIM (Xs with the wrong number of columns or no rows),
%   kestrel:ENAN, kestrel:ERANGE (too many queries), kestrel:handle,
%   kestrel:usage.
%
%   Example:
%     gp = kes_gp_fit(x, y);  [mu, C] = kes_gp_predict_cov(gp, linspace(0, 1, 50)');
%
%   See also kes_gp_predict, kes_gp_sample.
function [mu, C] = kes_gp_predict_cov(varargin)
  args = kes_gp.unwrap(varargin);
  [mu, C] = kes_gp_mex('predict_cov', args{:});
end
