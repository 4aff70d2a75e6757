% KES_FFT_WISDOM_IMPORT  Load FFTW wisdom from a file.
%
%   kes_fft_wisdom_import(path)
%
%   Adds the FFTW wisdom stored in path (written by kes_fft_wisdom_export or
%   by fftw_export_wisdom_to_filename) to the process's wisdom, so that
%   plans of the same sizes with a measuring planner effort are made without
%   timing runs (M. Frigo and S. G. Johnson, "The design and implementation
%   of FFTW3", Proc. IEEE 93, 2005).  Wisdom is process-wide: Octave's own
%   fft shares it.
%
%   Input: path  file name
%
%   Errors: kestrel:EIO (unreadable, or not FFTW wisdom), kestrel:type,
%   kestrel:usage.
%
%   Example:
%     kes_fft_wisdom_import(fullfile(tempdir, 'kestrel.wisdom'));
%
%   See also kes_fft_wisdom_export.
