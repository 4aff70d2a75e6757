% KES_FOURIER_POISSON_DEALIAS  The 2/3-rule dealiasing filter on a periodic grid.
%
%   u = kes_fourier_poisson_dealias(f)
%
%   Sets to zero every Fourier mode of f with 3 |j_d| >= n_d along some
%   axis d (j_d the signed wavenumber index; the Nyquist mode of an even
%   axis always goes), keeps the others: a quadratic product of two
%   filtered fields then has no aliased component on the kept modes
%   (S. A. Orszag, J. Atmos. Sci. 28, 1971; J. P. Boyd, "Chebyshev and
%   Fourier Spectral Methods", 2001, Ch. 11).  The grid is the shape of f
%   (vector, matrix or 3-D array); two FFTs.
%
%   Input:  f  real grid values;  Output: u  same shape
%
%   Errors: kestrel:EDIM (empty, more than 3 axes), kestrel:ENAN,
%   kestrel:type, kestrel:usage.
%
%   Example:
%     x = (0:15)' * 2 * pi / 16;
%     u = kes_fourier_poisson_dealias(cos(2 * x) + cos(7 * x));   % cos(2 x)
%
%   See also kes_fourier_poisson_solve, kes_pde_integrate.
