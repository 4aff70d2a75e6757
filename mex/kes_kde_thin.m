% KES_KDE_THIN  Kernel thinning: a coreset of the rows of X.
%
%   idx = kes_kde_thin(X, nout, name, value, ...)
%
%   Picks nout of the n rows of X whose empirical distribution is close to
%   that of all n in MMD for the target kernel: KT-SPLIT halves the points
%   log2(n / nout) times by self-balancing Hilbert walks, KT-SWAP keeps the
%   best candidate and improves it point by point (Dwivedi & Mackey,
%   "Kernel thinning", COLT 2021; "Generalized kernel thinning", ICLR
%   2022).  With nout = sqrt(n) the MMD falls like n^(-1/2) up to logs for
%   the Gaussian kernel, against n^(-1/4) for a random subsample.
%
%   Inputs:
%     X      n x d points;  nout  coreset size, 1 <= nout <= n
%     'bandwidth'  h > 0 (1);  'kernel', 'power' as kes_kde_mmd
%     'split'      'target' (default), 'root' or 'plus' (the last two
%                  Gaussian only)
%     'delta'      failure probability of the split's thresholds (0.5)
%     'swap'       false: the first KT-SPLIT coreset, no KT-SWAP (true)
%     'seed'       seed of the split's coin flips (default: new per call)
%   Output: idx, nout x 1 row indices into X (1-based; after KT-SWAP an
%   index may repeat, the point then counts twice).
%
%   Errors: kestrel:EDIM (nout outside 1..n, empty X), kestrel:EDOM (h <= 0,
%   delta outside (0, 1)), kestrel:ENOTSUP ('root'/'plus' with another
%   kernel), kestrel:ENAN, kestrel:EINVAL (unknown names), kestrel:usage.
%
%   Example:
%     X = randn(1024, 2);
%     idx = kes_kde_thin(X, 32, 'bandwidth', 1, 'seed', 1);
%     kes_kde_mmd(X(idx, :), X)
%
%   See also kes_kde_mmd.
