% KES_FOURIER_DIFF_APPLY  Spectral derivative of periodic samples.
%
%   df = kes_fourier_diff_apply(f, L)          % first derivative
%   df = kes_fourier_diff_apply(f, L, order)   % order 1 .. 8
%
%   f: samples at x_j = (j-1) L / n of a function of period L (a matrix:
%   each column).  The derivative of the band-limited interpolant, by FFT
%   (Trefethen 2000, ch. 3); spectrally accurate for smooth f.
%
%   See also kes_fourier_poisson_solve.
