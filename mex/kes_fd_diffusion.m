% KES_FD_DIFFUSION  Sparse finite-volume matrix of -div(a grad u) on a box.
%
%   A = kes_fd_diffusion(n, h)
%   A = kes_fd_diffusion(n, h, 'bc', bc, 'a', a)
%
%   n: 1 to 3 point counts, h: a spacing (scalar) or one per axis.  Along
%   axis d the flux between neighbours is a(face midpoint) (u_i - u_j) /
%   h_d^2 (R. J. LeVeque, "Finite Difference Methods for Ordinary and
%   Partial Differential Equations", 2007, Sec. 2.15), so A is symmetric
%   with non-negative row sums; unknowns are first-index-fastest.
%     'bc' 'dirichlet' (default): point i at (i + 1) h of [0, (n + 1) h],
%          u = 0 at both ends; with a = 1 the 3/5/7-point Laplacian; SPD
%     'bc' 'neumann': cell centres (i + 1/2) h of [0, n h], no boundary
%          flux; semi-definite, the constants as null space
%     'a'  a positive scalar (default 1) or a function handle a(x), x a
%          1 x dim row (0-based coordinates above), called once per face
%   Output: A, an N x N Octave sparse matrix, N = prod(n).
%   For u_t = -A u, backward Euler solves (speye(N) + dt * A) u1 = u0.
%
%   Errors: kestrel:EDOM (h <= 0, a value of a not finite and positive or a
%   failing a), kestrel:EDIM (n empty, non-integer or longer than 3),
%   kestrel:ERANGE, kestrel:EINVAL (unknown bc), kestrel:usage.
%
%   Example:
%     A = kes_fd_diffusion([50 40], 1 / 51, 'a', @(x) 1 + x(1));
%     u = A \ ones(2000, 1);
%
%   See also kes_fd_poisson_solve, kes_cg_solve.
