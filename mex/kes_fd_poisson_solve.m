% KES_FD_POISSON_SOLVE  Fast direct solve of the finite-difference Poisson matrix.
%
%   u = kes_fd_poisson_solve(f, h)
%   u = kes_fd_poisson_solve(f, h, 'bc', bc)
%
%   Solves A u = f for the 3-point (vector f), 5-point (matrix) or 7-point
%   (3-D array) matrix A of -lap, unknowns first-index-fastest as Octave
%   stores f, h a scalar or one spacing per axis:
%     'dirichlet' (default)  vertex grid, u = 0 beyond the ends; A is
%                 kes_fd_diffusion(size(f), h); solved by the DST-I along
%                 every axis (R. W. Hockney, J. ACM 12, 1965)
%     'neumann'   cell-centred grid, no flux through the boundary; A is
%                 singular (the constants), so u is the zero-mean solution
%                 of A u = f - mean(f), by the DCT through the even
%                 extension (G. Strang, SIAM Review 41, 1999)
%   O(N log N), exact to rounding.
%
%   Errors: kestrel:EDIM (more than 3 axes, h of the wrong length),
%   kestrel:EDOM (h <= 0), kestrel:ENAN, kestrel:ERANGE, kestrel:EINVAL
%   (unknown bc), kestrel:usage.
%
%   Example:
%     f = ones(63, 63); u = kes_fd_poisson_solve(f, 1 / 64);
%
%   See also kes_fd_diffusion, kes_fourier_poisson_solve.
