% KES_CSR_MATVEC  Sparse matrix product with Kestrel's CSR kernel.
%
%   Y = kes_csr_matvec(A, X)
%
%   A: m x n real (sparse or full), X: n x k real full.  Y = A*X (m x k).
%   Errors: kestrel:EDIM (sizes), kestrel:ENAN (NaN/Inf in a full A),
%   kestrel:type (complex, single, ...).
