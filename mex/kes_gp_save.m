% KES_GP_SAVE  Write a fitted GP (hyperparameters and data) to a text file.
%
%   kes_gp_save(gp, path)
%   gp.save(path)
%
%   The kernel or composite covariance, the mean option, theta, X and y,
%   every number in C99 hexadecimal so that kes_gp_load gives back a model
%   whose predictions equal these bit for bit (same build and thread
%   count).  The factorisation is not stored: kes_gp_load recomputes it.
%
%   Inputs: gp  a kes_gp;  path  file to create or overwrite
%
%   Errors: kestrel:EIO (cannot open or write), kestrel:handle,
%   kestrel:type, kestrel:usage.
%
%   Example:
%     kes_gp_save(gp, 'model.gp');  gp2 = kes_gp_load('model.gp');
%
%   See also kes_gp_load.
function kes_gp_save(varargin)
  args = kes_gp.unwrap(varargin);
  kes_gp_mex('save', args{:});
end
