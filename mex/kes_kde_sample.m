% KES_KDE_SAMPLE  Draw points from a kernel density estimate.
%
%   Y = kes_kde_sample(X, m, name, value, ...)
%
%   Each draw picks a row x_i of X with probability w_i / sum(w) and adds
%   B u, u a draw from the kernel (radius by the inverse method or
%   rejection, Devroye, "Non-Uniform Random Variate Generation", 1986,
%   Ch. II.3 and V.4) and B the bandwidth factor.  The draws' mean is the
%   weighted mean of X; their covariance the weighted (biased) covariance
%   of X plus (E[R^2] / d) H (H = h^2 I for the Gaussian: + h^2 I).
%
%   Inputs:  X  n x d points;  m  number of draws (>= 1)
%            KDE options as kes_kde_log_density ('bandwidth', 'kernel',
%            'power', 'weights'); 'seed' (default: new per call)
%   Output:  Y  m x d draws; the same seed gives the same draws.
%
%   Errors: kestrel:EDIM (m < 1, empty X), kestrel:EDOM (bandwidth <= 0),
%   kestrel:EBADDATA (weights), kestrel:ENAN, kestrel:usage.
%
%   Example:
%     Y = kes_kde_sample(randn(100, 2), 1000, 'bandwidth', 0.3, 'seed', 1);
%
%   See also kes_kde_log_density.
