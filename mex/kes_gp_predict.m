% KES_GP_PREDICT  Predictive mean and variance of a fitted GP.
%
%   mu = kes_gp_predict(gp, Xs)
%   [mu, s2] = kes_gp_predict(gp, Xs)
%
%   Xs: m x d query points.  s2 is the variance of f (add
%   kes_gp_info(gp).noise_var for a new observation); asking only for mu
%   costs half as much.
%
%   See also kes_gp_fit.
function [mu, s2] = kes_gp_predict(varargin)
  args = kes_gp.unwrap(varargin);
  if nargout > 1
    [mu, s2] = kes_gp_mex('predict', args{:});
  else
    mu = kes_gp_mex('predict', args{:});
  end
end
