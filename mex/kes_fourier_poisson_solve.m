% KES_FOURIER_POISSON_SOLVE  Spectral Poisson solve on a periodic box.
%
%   u = kes_fourier_poisson_solve(f, L)
%   u = kes_fourier_poisson_solve(f, L, 'screening', s)
%
%   Solves -lap(u) = f - mean(f) with mean(u) = 0 (or, with s > 0,
%   -lap(u) + s u = f) on [0, L(1)) x ... with the grid of f: a vector is
%   1-D, a matrix 2-D, a 3-D array 3-D; grid point (i, j, k) sits at
%   ((i-1) L(1)/n1, (j-1) L(2)/n2, ...).  L is a scalar or one length per
%   axis.  Spectrally accurate for smooth periodic f; O(N log N) by FFTW.
%
%   Errors: kestrel:EDIM (more than 3 axes, L of the wrong length),
%   kestrel:EDOM (L <= 0, s < 0), kestrel:ENAN.
%
%   See also kes_fourier_poisson_heat, fftn.
