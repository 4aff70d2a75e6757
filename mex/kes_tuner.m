classdef kes_tuner < handle
  % KES_TUNER  Handle to a Kestrel omega tuner (made by kes_tuner_create or
  % kes_tuner_load).
  %
  %   The tuner lives in the MEX file kes_tuner_mex; this object holds its
  %   id.  It is freed by kes_tuner_destroy(t), or when the last copy of t is
  %   cleared or goes out of scope.  Using a destroyed tuner raises
  %   kestrel:handle.
  %
  %   Method: t.set_system(A) (kes_tuner_set_system).
  %
  %   See also kes_tuner_create, kes_tuner_choose, kes_tuner_observe.
  properties (SetAccess = private)
    id = uint64(0);   % handle into kes_tuner_mex's table
  end
  methods
    function obj = kes_tuner(id)
      if nargin ~= 1 || ~isa(id, 'uint64')
        error('kestrel:usage', 'kes_tuner objects are made by kes_tuner_create or kes_tuner_load');
      end
      obj.id = id;
    end
    function delete(obj)
      if obj.id ~= 0
        kes_tuner_mex('release', obj.id);
      end
    end
    function set_system(obj, A)
      % t.set_system(A): see kes_tuner_set_system.
      kes_tuner_mex('set_system', obj.id, A);
    end
    function disp(obj)
      try
        s = kes_tuner_mex('info', obj.id);
        fprintf('  kes_tuner: %s, %d arms on [%g, %g], %d rounds\n', s.kind, numel(s.arms), ...
               s.arms(1), s.arms(end), s.rounds);
      catch
        fprintf('  kes_tuner: destroyed\n');
      end
    end
  end
  methods (Static)
    function args = unwrap(args)
      % The argument list with the tuner object (first) replaced by its id.
      if isempty(args)
        error('kestrel:usage', 'the first argument must be a kes_tuner');
      end
      if ~isa(args{1}, 'kes_tuner')
        error('kestrel:handle', 'not a tuner handle (a kes_tuner object is expected)');
      end
      args{1} = args{1}.id;
    end
  end
end
