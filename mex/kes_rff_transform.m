% KES_RFF_TRANSFORM  Random features whose inner products approximate a kernel.
%
%   Z = kes_rff_transform(X, D, name, value, ...)
%   [Z, W, b, log_scale] = kes_rff_transform(...)
%
%   X: n x d points; Z: n x D features with E[Z Z'] = K(X, X) (Rahimi &
%   Recht 2007; positive maps: Choromanski et al. 2021).  W (d x D_f) holds
%   the frequencies with the lengthscale folded in, b the phases of the
%   'cos' map ([] for the others).  The plan is drawn from 'seed': the same
%   seed and options give the same W and b, so transform training and test
%   points with the same seed.
%
%   Options: the kernel options of kes_kernel_matrix ('gaussian', 'laplace',
%   'matern' and 'ratquad' for the Fourier maps; 'softmax' and 'gaussian'
%   for the positive ones), and
%     'map'         'cos' (default: sqrt(2/D) cos(X W + b)), 'sincos',
%                   'positive', 'hyperbolic' (D even for sincos, hyperbolic)
%     'orthogonal'  true: orthogonal frequency blocks (Yu et al. 2016)
%     'seed'        random seed (default: a new one per call)
%     'scaled'      true: Z = exp(-log_scale) phi(X), no underflow (positive maps)
%
%   Errors: kestrel:EDIM (D odd for a paired map), kestrel:ENOTSUP (kernel
%   not supported by the map), kestrel:EDOM, kestrel:ENAN.
%
%   See also kes_kernel_matrix.
