% KES_GP_DESTROY  Free a GP model now.
%
%   kes_gp_destroy(gp)
%
%   Later use of gp raises kestrel:handle.  Clearing the last copy of gp
%   frees the model too, so calling this is optional.
%
%   See also kes_gp_fit.
function kes_gp_destroy(varargin)
  args = kes_gp.unwrap(varargin);
  kes_gp_mex('destroy', args{:});
end
