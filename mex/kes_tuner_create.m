% KES_TUNER_CREATE  Make an online tuner of the relaxation parameter omega.
%
%   t = kes_tuner_create(kind, name, value, ...)
%
%   kind: 'auto' (the recommended one: Young's optimum from the matrix given
%   by kes_tuner_set_system as a prior, and a conservative unimodal learner
%   on 13 arms, Wu et al. ICML 2016, Combes & Proutiere ICML 2014; uses only
%   'omega' and 'cost_offset'), 'chebcb' (contextual bandit, Khodak et al.
%   ICLR 2024), 'tsallis_inf'
%   (Tsallis-INF bandit, no context), 'tsallis_inf_cb' (Tsallis-INF per
%   context bin) or 'fixed' (always the same omega), and any kind the linked
%   Kestrel library names (kes_tuner_kind_from_name; '_' and '-' are the same).
%
%   Options (defaults from kes_tuner_opts_default):
%     'omega'        [lo hi] arm range (default [1 1.95]); for 'fixed' a scalar
%     'arms'         number of arms on the range (default 20)
%     'context'      [lo hi] declared context interval (contextual kinds)
%     'seed'         random seed (default: a new one per call)
%     'cheb_m'       ChebCB Chebyshev features (default 6)
%     'bins'         Tsallis-INF-CB context bins (default 5)
%     'cost_offset'  smallest possible cost (default 1, for iteration counts)
%     'eta'          constant learning rate (default: the papers' schedules)
%     'estimator'    'reduced_variance' (default) or 'importance_weighted'
%
%   Example (tune SSOR-PCG over a sequence of systems):
%     t = kes_tuner_create('chebcb', 'omega', [1 1.95], 'arms', 20, 'context', [0 10], 'seed', 1);
%     for k = 1:100
%       w = kes_tuner_choose(t, kappa(k));
%       [x, s] = kes_ssor_pcg_solve(A{k}, b{k}, w);
%       kes_tuner_observe(t, s.iterations);
%     end
%
%   Errors: kestrel:EINVAL (unknown kind or option value), kestrel:EDOM
%   (omega or context range), kestrel:usage.
%
%   See also kes_tuner_set_system, kes_tuner_choose, kes_tuner_observe, kes_tuner_save,
%   kes_tuner_load, kes_tuner_destroy, kes_tuner_info.
function t = kes_tuner_create(varargin)
  t = kes_tuner(kes_tuner_mex('create', varargin{:}));
end
