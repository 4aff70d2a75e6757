% KES_KERNEL_MATRIX  Exact kernel matrix.
%
%   K = kes_kernel_matrix(X, Y, name, value, ...)
%   K = kes_kernel_matrix(X, name, value, ...)      % Y = X
%
%   X: n x d, Y: m x d points (one per row); K is n x m with
%   K(i, j) = k(X(i, :), Y(j, :)).
%
%   Options:
%     'kernel'       'gaussian' (default), 'laplace', 'matern', 'ratquad',
%                    'periodic', 'linear', 'polynomial', 'softmax' (give it first)
%     'lengthscale'  ell (1)         'variance'  sigma^2 (1)
%     'nu'           Matern smoothness (1.5)     'alpha'   ratquad shape (1)
%     'period'       periodic period (1)         'offset'  linear/polynomial c (1)
%     'degree'       polynomial degree (2)
%
%   Errors: kestrel:EDIM (column counts differ), kestrel:EDOM (a parameter
%   out of range), kestrel:ENAN, kestrel:EINVAL (unknown kernel).
%
%   See also kes_rff_transform.
