% KES_GP_THETA  Fitted log-hyperparameters [log s2, log l..., (log a), log n2].
%
%   theta = kes_gp_theta(gp)
%
%   The order is scikit-learn's for C(s2) * k(l) + WhiteKernel(n2).
%
%   See also kes_gp_fit.
function theta = kes_gp_theta(varargin)
  args = kes_gp.unwrap(varargin);
  theta = kes_gp_mex('theta', args{:});
end
