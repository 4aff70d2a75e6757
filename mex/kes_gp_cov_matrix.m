% KES_GP_COV_MATRIX  Evaluate a composite GP covariance.
%
%   K = kes_gp_cov_matrix(cov, theta, X)
%   [K, p] = kes_gp_cov_matrix(cov, theta, X, Z)
%
%   K(i, j) = k(X(i, :), Z(j, :)) for the covariance description cov of
%   kes_gp_fit's 'cov' option ('se', {'periodic', k}, {'sm', Q, k, dens},
%   {'sum', ...}, {'product', ...}, {'scale', c}, ...) at the
%   log-parameters theta (the tree's block, without the noise).  Use it to
%   look at a covariance before fitting, or to count its parameters: p is
%   numel(theta) the description needs.
%
%   Inputs:  cov  a description;  theta  p log-parameters
%            X  n x d points;  Z  m x d points (default, or []: X)
%   Outputs: K  n x m matrix;  p  the number of parameters
%
%   Errors: kestrel:EDIM (theta of the wrong length, column counts differ,
%   empty inputs), kestrel:EDOM (non-finite theta),
%   kestrel:ENAN, kestrel:EINVAL (unknown leaf, a coordinate beyond d),
%   kestrel:type (a malformed description), kestrel:usage.
%
%   Example:
%     t = linspace(0, 5, 200)';
%     K = kes_gp_cov_matrix({'product', 'periodic', 'se'}, log([1 1.5 3]), t);
%
%   See also kes_gp_fit.
function [K, p] = kes_gp_cov_matrix(varargin)
  [K, p] = kes_gp_mex('cov_matrix', varargin{:});
end
