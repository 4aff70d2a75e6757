% CTest octave_demo_heat: mex/demo_heat.m on a small grid (nx = 20, one
% period of kappa, 1000 steps) must show the savings of the C demonstration:
% ChebCB below omega = 1 and below the best fixed omega, within 20% of the
% per-step oracle.
mexdir = getenv('KES_MEX_DIR');
if isempty(mexdir), error('set KES_MEX_DIR to the folder holding the built MEX files'); end
addpath(mexdir);
r = demo_heat(20, 1000, 1);
assert(r.chebcb < r.omega1, 'ChebCB (%d) not below omega = 1 (%d)', r.chebcb, r.omega1);
assert(r.chebcb < r.best_fixed, 'ChebCB (%d) not below the best fixed omega (%d)', r.chebcb, r.best_fixed);
assert(r.chebcb < 1.2 * r.oracle, 'ChebCB (%d) not within 20%% of the oracle (%d)', r.chebcb, r.oracle);
assert(numel(r.iters) == 1000 && all(r.iters >= 0) && all(r.omega >= 1 & r.omega <= 1.95));
printf('demo_heat: ChebCB %d, omega = 1 %d, best fixed %d, oracle %d iterations: OK\n', ...
       r.chebcb, r.omega1, r.best_fixed, r.oracle);
