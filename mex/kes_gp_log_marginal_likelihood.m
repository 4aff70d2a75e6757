% KES_GP_LOG_MARGINAL_LIKELIHOOD  Log marginal likelihood of a fitted GP.
%
%   lml = kes_gp_log_marginal_likelihood(gp)
%   [lml, grad] = kes_gp_log_marginal_likelihood(gp)
%
%   grad: derivatives with respect to the log-hyperparameters of kes_gp_theta.
%
%   See also kes_gp_fit, kes_gp_theta.
function [lml, grad] = kes_gp_log_marginal_likelihood(varargin)
  args = kes_gp.unwrap(varargin);
  if nargout > 1
    [lml, grad] = kes_gp_mex('lml', args{:});
  else
    lml = kes_gp_mex('lml', args{:});
  end
end
