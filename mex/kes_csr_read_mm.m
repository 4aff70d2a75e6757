% KES_CSR_READ_MM  Read a Matrix Market file into a sparse matrix.
%
%   A = kes_csr_read_mm(path)
%
%   Coordinate real, integer or pattern files, general or symmetric
%   (symmetric files are expanded).  A malformed file raises kestrel:EPARSE
%   with FILE:LINE and the reader's message; a missing one kestrel:EIO.
