% KES_FD_STEP_MATRIX  Time-step matrix S = I + c L of a square matrix.
%
%   S = kes_fd_step_matrix(L, c)
%
%   For u_t = -L u (L from kes_fd_diffusion), backward Euler solves
%   S u1 = u0 with c = dt; Crank-Nicolson solves (I + dt/2 L) u1 =
%   (I - dt/2 L) u0, both matrices from this function (c = dt/2, -dt/2)
%   (R. J. LeVeque, "Finite Difference Methods for Ordinary and Partial
%   Differential Equations", 2007, Ch. 9).  S keeps L's pattern plus the
%   diagonal.
%
%   Inputs:  L  square real matrix (sparse or full);  c  finite scalar
%   Output:  S  Octave sparse matrix
%
%   Errors: kestrel:EDIM (L not square or empty), kestrel:EDOM (c not
%   finite), kestrel:ENAN (NaN/Inf in L), kestrel:ERANGE (c L overflows),
%   kestrel:type, kestrel:usage.
%
%   Example:
%     A = kes_fd_diffusion([40 40], 1 / 41);
%     S = kes_fd_step_matrix(A, 1e-3);   u = S \ u;   % one backward-Euler step
%
%   See also kes_fd_diffusion, kes_ssor_pcg_solve.
