% KES_VERSION  Version of the Kestrel library behind the MEX files.
%
%   v = kes_version()            the version string 'major.minor.patch'
%   [v, number] = kes_version()  also major*10000 + minor*100 + patch
%
%   Raises kestrel:version when the library loaded at run time is not the
%   one the MEX files were compiled against.
