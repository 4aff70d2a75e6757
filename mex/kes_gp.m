classdef kes_gp < handle
  % KES_GP  Handle to a fitted Kestrel Gaussian-process model (made by kes_gp_fit
  % or kes_gp_load).
  %
  %   The model lives in the MEX file kes_gp_mex; this object holds its id.
  %   It is freed by kes_gp_destroy(gp), or when the last copy of gp is
  %   cleared or goes out of scope.  Using a destroyed model raises
  %   kestrel:handle.
  %
  %   Methods: gp.save(path) (kes_gp_save); kes_gp.load(path) (kes_gp_load).
  %
  %   See also kes_gp_fit, kes_gp_predict.
  properties (SetAccess = private)
    id = uint64(0);   % handle into kes_gp_mex's table
  end
  methods
    function obj = kes_gp(id)
      if nargin ~= 1 || ~isa(id, 'uint64')
        error('kestrel:usage', 'kes_gp objects are made by kes_gp_fit or kes_gp_load');
      end
      obj.id = id;
    end
    function delete(obj)
      if obj.id ~= 0
        kes_gp_mex('release', obj.id);
      end
    end
    function save(obj, path)
      % gp.save(path): see kes_gp_save.
      kes_gp_mex('save', obj.id, path);
    end
    function disp(obj)
      try
        s = kes_gp_mex('info', obj.id);
        fprintf('  kes_gp: %s kernel, %d inputs, noise variance %g\n', s.kernel, s.dim, s.noise_var);
      catch
        fprintf('  kes_gp: destroyed\n');
      end
    end
  end
  methods (Static)
    function gp = load(path)
      % kes_gp.load(path): see kes_gp_load.
      gp = kes_gp(kes_gp_mex('load', path));
    end
    function args = unwrap(args)
      % The argument list with the model (first) replaced by its id.
      if isempty(args)
        error('kestrel:usage', 'the first argument must be a kes_gp');
      end
      if ~isa(args{1}, 'kes_gp')
        error('kestrel:handle', 'not a GP model handle (a kes_gp object is expected)');
      end
      args{1} = args{1}.id;
    end
  end
end
