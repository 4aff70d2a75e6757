% KES_TUNER_SET_SYSTEM  Show a tuner the matrix of the next solve.
%
%   kes_tuner_set_system(t, A)
%   t.set_system(A)
%
%   A: the square matrix (sparse or full, real) that the next
%   kes_tuner_choose picks omega for.  The 'auto' kind derives its prior
%   and its arms from it: a short Lanczos run estimates the smallest
%   eigenvalue lambda of D^-1/2 A D^-1/2 and with it Young's optimum
%   2 / (1 + sqrt(1 - (1 - lambda)^2)) (D. M. Young, "Iterative Solution of
%   Large Linear Systems", 1971); a matrix that differs from the last one
%   only by a scaling of its diagonal and off-diagonal parts reuses that
%   run.  The other kinds only check the dimensions.  The tuner keeps a few
%   numbers, not A; the system stays in effect until the next call.
%   A = [] clears it ('auto' then chooses as if no system had been given).
%
%   Inputs:   t  a kes_tuner;  A  n x n real matrix or []
%   Outputs:  none
%
%   Example (SOR on a sequence of shifted Laplacians):
%     t = kes_tuner_create('auto', 'omega', [1 1.99]);
%     for k = 1:50
%       A = L + c(k) * speye(n);
%       kes_tuner_set_system(t, A);
%       w = kes_tuner_choose(t);
%       [x, s] = kes_sor_solve(A, b, w);
%       kes_tuner_observe(t, s.iterations);
%     end
%
%   Errors: kestrel:EDIM (A not square), kestrel:ENOTSPD ('auto': a missing
%   or non-positive diagonal entry; the system is then cleared),
%   kestrel:ENAN (NaN/Inf in A), kestrel:EBADDATA, kestrel:ERANGE,
%   kestrel:type (complex, single, ...), kestrel:handle.
%
%   See also kes_tuner_create, kes_tuner_choose, kes_tuner_info.
function kes_tuner_set_system(varargin)
  args = kes_tuner.unwrap(varargin);
  kes_tuner_mex('set_system', args{:});
end
