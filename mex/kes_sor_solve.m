% KES_SOR_SOLVE  Successive over-relaxation (omega = 1: Gauss-Seidel).
%
%   [x, stats] = kes_sor_solve(A, b, omega, name, value, ...)
%
%   One forward sweep per iteration; stops when ||r_k|| < tol ||r_0||.
%   omega in (0, 2); A needs a nonzero diagonal (need not be symmetric).
%
%   A: n x n sparse or full real matrix (a symmetric sparse A is used in
%   place, without a transposed copy), b: n-vector.
%
%   Options:
%     'tol'       relative tolerance (default 1e-8)
%     'max_iter'  iteration cap (default 10000)
%     'x0'        initial guess (default zeros)
%     'stop'      'auto' (default), 'rel_b' (||r|| <= tol ||b||) or 'rel_r0'
%     'history'   true: return stats.history
%
%   stats: iterations, residual (relative, as in the stopping test),
%   converged (logical), residual_norm, initial_residual_norm, b_norm,
%   status ('OK' or 'NOCONV'), history (relative residual after each
%   iteration, starting with iteration 0).
%
%   Reaching max_iter is not an error: x is the last iterate and
%   stats.converged is false (without the stats output, a warning
%   kestrel:NOCONV says so).
%
%   Errors: kestrel:EDIM (sizes), kestrel:EDOM (omega outside (0, 2)),
%   kestrel:ENAN, kestrel:ESINGULAR (zero diagonal), kestrel:ENOTSPD,
%   kestrel:EDIVERGE, kestrel:usage (unknown option), kestrel:type.
%
%   See also kes_cg_solve, kes_sor_solve, kes_ssor_pcg_solve, kes_tuner_create, pcg.

% Not part of the help text: the Options, stats, max_iter and Errors
% paragraphs are repeated in kes_cg_solve.m, kes_sor_solve.m and
% kes_ssor_pcg_solve.m on purpose (Octave's help shows only a file's own
% text, so each help stays complete); edit the three together.
