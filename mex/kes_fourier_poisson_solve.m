% KES_FOURIER_POISSON_SOLVE  Spectral Poisson / Helmholtz solve on a periodic box.
%
%   u = kes_fourier_poisson_solve(f, L)
%   u = kes_fourier_poisson_solve(f, L, 'screening', s)
%   u = kes_fourier_poisson_solve(f, L, 'k2', k2)
%
%   Solves -lap(u) = f - mean(f) with mean(u) = 0 (or, with s > 0,
%   -lap(u) + s u = f) on [0, L(1)) x ... with the grid of f: a vector is
%   1-D, a matrix 2-D, a 3-D array 3-D; grid point (i, j, k) sits at
%   ((i-1) L(1)/n1, (j-1) L(2)/n2, ...).  L is a scalar or one length per
%   axis.  Spectrally accurate for smooth periodic f; O(N log N) by FFTW.
%   With 'k2' the Helmholtz problem -lap(u) - k2 u = f: each Fourier mode is
%   divided by |k|^2 - k2 (k2 > 0 must not be an eigenvalue |k|^2 of the
%   grid); k2 = 0 is Poisson, k2 < 0 screened Poisson with s = -k2.
%   FFTW options: 'effort' 'estimate' (default), 'measure' or 'patient'
%   (timed planning; see kes_fft_wisdom_export to keep what it learns) and
%   'threads' (FFTW's own threads per transform, 1 .. 1024; results may
%   then differ from the single-threaded ones in the last bits).
%
%   Errors: kestrel:EDIM (more than 3 axes, L of the wrong length),
%   kestrel:EDOM (L <= 0, s < 0, k2 not finite), kestrel:EINVAL (unknown
%   effort, threads outside 1..1024), kestrel:ESINGULAR (k2
%   within a relative 1e-10 of an eigenvalue), kestrel:ENAN,
%   kestrel:usage ('screening' and 'k2' together).
%
%   Example (Helmholtz, one mode):
%     x = (0:63)' * 2 * pi / 64;
%     u = kes_fourier_poisson_solve(sin(3 * x), 2 * pi, 'k2', 2);   % sin(3x) / 7
%
%   See also kes_fourier_poisson_heat, kes_fourier_poisson_dealias, fftn.
