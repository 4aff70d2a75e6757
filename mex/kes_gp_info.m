% KES_GP_INFO  Facts about a fitted GP.
%
%   s = kes_gp_info(gp)
%
%   s.kernel, s.dim (input dimension), s.noise_var, s.jitter (added to the
%   diagonal to factorise), s.mean_value, s.n_evals (likelihood evaluations
%   of the fit), s.n_hyper.
%
%   See also kes_gp_fit.
function s = kes_gp_info(varargin)
  args = kes_gp.unwrap(varargin);
  s = kes_gp_mex('info', args{:});
end
