% KES_FOURIER_POISSON_HEAT  Exact periodic heat propagator.
%
%   u = kes_fourier_poisson_heat(u0, L, nu, t)
%
%   The solution at time t of u_t = nu lap(u) on the periodic box (grid and
%   L as kes_fourier_poisson_solve): each Fourier mode of u0 multiplied by
%   exp(-nu |k|^2 t).  No time-stepping error.
%
%   Errors: kestrel:EDOM (nu or t negative), kestrel:ENAN, kestrel:EDIM.
%
%   See also kes_fourier_poisson_solve.
