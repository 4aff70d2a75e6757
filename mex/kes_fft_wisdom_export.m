% KES_FFT_WISDOM_EXPORT  Save the process's FFTW wisdom to a file.
%
%   kes_fft_wisdom_export(path)
%
%   Writes everything FFTW has learnt so far (plans made with a measuring
%   effort, and anything imported) to path, created or overwritten, for
%   kes_fft_wisdom_import in a later session (M. Frigo and S. G. Johnson,
%   Proc. IEEE 93, 2005).
%
%   Input: path  file name
%
%   Errors: kestrel:EIO (cannot write), kestrel:type, kestrel:usage.
%
%   Example:
%     kes_fft_wisdom_export(fullfile(tempdir, 'kestrel.wisdom'));
%
%   See also kes_fft_wisdom_import.
