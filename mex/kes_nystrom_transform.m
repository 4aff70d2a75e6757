% KES_NYSTROM_TRANSFORM  Nystrom features whose inner products approximate a kernel.
%
%   Z = kes_nystrom_transform(X, m, name, value, ...)
%   [Z, L, rank] = kes_nystrom_transform(...)
%
%   Z (n x m) with Z Z' = K(X, S) K(S, S)^+ K(S, X) for m landmarks S drawn
%   from the rows of X (Williams & Seeger 2001); K(S, S) is factorised by
%   pivoted Cholesky, cut at rcond times its largest diagonal entry (the
%   numerical rank; the remaining columns of Z are zero).  With the
%   landmarks equal to X, Z Z' = K(X, X).
%
%   Options: the kernel options of kes_kernel_matrix, and
%     'landmarks'  your own landmarks (m x d; then m may be [])
%     'query'      transform these points instead of X (same landmarks)
%     'rcond'      pivot cut (default 1e-12)
%     'seed'       random seed of the landmark draw
%
%   Errors: kestrel:EDIM (m > n, column counts), kestrel:ENOTSPD, kestrel:ENAN.
%
%   See also kes_rff_transform, kes_kernel_matrix.
