% DEMO_HEAT  The tuned-omega heat loop of Kestrel's heat_demo, written in Octave.
%
%   demo_heat                  % nx = 40 (1521 unknowns), 1000 steps
%   r = demo_heat(nx, steps, seed, compare)
%
%   u_t = kappa(t) lap(u) + f(t, x) on [0, 1]^2, u = 0 on the boundary, with
%   the diffusivity kappa(t) = max(0.1 sin 2 pi t, -10 sin 2 pi t) swinging
%   between 0 and 10, so the systems alternate between easy and hard.
%   Crank-Nicolson with dt = 1e-3: every step is one SSOR-PCG solve
%   (kes_ssor_pcg_solve, warm start, tol 1e-8), and a ChebCB tuner
%   (kes_tuner_create('chebcb', 'context', [0 10])) learns omega online from
%   the iteration counts, with kappa as context.  The problem is that of
%   examples/heat_demo.c (Khodak et al., ICLR 2024, section E2).
%
%   With compare = true (default) every step is also solved from the same
%   state with all 20 arms of the tuner, which gives omega = 1, the best
%   fixed omega in hindsight and the per-step oracle; the trajectory follows
%   ChebCB.  r holds the totals (r.chebcb, r.omega1, r.best_fixed,
%   r.best_omega, r.oracle) and the per-step arrays (r.kappa, r.omega,
%   r.iters).  Progress is printed as whole lines every 10% of the steps.
%
%   See also kes_tuner_create, kes_ssor_pcg_solve.
function r = demo_heat(nx, steps, seed, compare)
  if nargin < 1 || isempty(nx), nx = 40; end
  if nargin < 2 || isempty(steps), steps = 1000; end
  if nargin < 3 || isempty(seed), seed = 1; end
  if nargin < 4 || isempty(compare), compare = true; end
  dt = 1e-3; m = nx - 1; dx = 1 / nx; n = m ^ 2;
  e = ones(m, 1);
  T1 = spdiags([e -2 * e e], -1:1, m, m);
  Lh = kron(speye(m), T1) + kron(T1, speye(m));          % 5-point Laplacian times dx^2
  [ix, iy] = ndgrid(1:m, 1:m);                            % point p = ix + m (iy - 1)
  xg = ix(:) * dx; yg = iy(:) * dx;
  bump = @(cx, cy, rad) exp(1 - 1 ./ (1 - min(1, ((xg - cx) .^ 2 + (yg - cy) .^ 2) / rad ^ 2)));
  kappa = @(t) max(0.1 * sin(2 * pi * t), -10 * sin(2 * pi * t));
  u = bump(0.5, 0.5, 0.25);

  t = kes_tuner_create('chebcb', 'context', [0 10], 'seed', seed);
  info = kes_tuner_info(t);
  arms = info.arms;
  narm = numel(arms);
  r.kappa = zeros(steps, 1); r.omega = zeros(steps, 1); r.iters = zeros(steps, 1);
  all_iters = zeros(steps, narm);
  fprintf('demo_heat: n = %d unknowns (nx = %d), %d Crank-Nicolson steps, SSOR-PCG, omega learned by ChebCB\n', ...
         n, nx, steps);
  tic;
  for s = 1:steps
    t0 = (s - 1) * dt; th = t0 + dt / 2;
    a = kappa(th) * dt / (2 * dx ^ 2);
    A = speye(n) - a * Lh;
    f = 32 * bump(0.5 + cos(16 * pi * th) / 4, 0.5 + sin(16 * pi * th) / 4, 0.125);
    b = u + a * (Lh * u) + dt * f;
    r.kappa(s) = kappa(t0);
    w = kes_tuner_choose(t, r.kappa(s));
    [x, st] = kes_ssor_pcg_solve(A, b, w, 'x0', u);
    kes_tuner_observe(t, st.iterations);
    r.omega(s) = w; r.iters(s) = st.iterations;
    if compare
      for j = 1:narm
        if arms(j) == w
          all_iters(s, j) = st.iterations;
        else
          [~, sj] = kes_ssor_pcg_solve(A, b, arms(j), 'x0', u);
          all_iters(s, j) = sj.iterations;
        end
      end
    end
    u = x;
    if mod(s, max(1, round(steps / 10))) == 0 || s == steps
      fprintf('  step %5d/%d  t = %.3f  kappa = %6.3f  omega = %.2f  iterations %3d  total %6d  [%.0f s]\n', ...
             s, steps, s * dt, r.kappa(s), w, st.iterations, sum(r.iters(1:s)), toc);
    end
  end
  r.chebcb = sum(r.iters);
  fprintf('\n%-36s %14s\n', 'policy (same systems)', 'PCG iterations');
  if compare
    tot = sum(all_iters, 1);
    [r.best_fixed, jb] = min(tot);
    r.best_omega = arms(jb);
    r.omega1 = tot(1);
    r.oracle = sum(min(all_iters, [], 2));
    fprintf('%-36s %14d\n', 'fixed omega = 1', r.omega1);
    fprintf('%-36s %14d\n', sprintf('best fixed omega = %.2f (hindsight)', r.best_omega), r.best_fixed);
    fprintf('%-36s %14d\n', 'ChebCB (context kappa)', r.chebcb);
    fprintf('%-36s %14d\n', 'per-step oracle (20 omegas)', r.oracle);
    v1 = 100 * (1 - r.chebcb / r.omega1); vb = 100 * (1 - r.chebcb / r.best_fixed);
    words = {'more', 'fewer'};
    fprintf(['ChebCB used %.0f%% %s iterations than omega = 1 and %.0f%% %s than the best fixed omega,\n' ...
            'and came within %.1f%% of the per-step oracle -- from iteration counts alone.\n'], ...
           abs(v1), words{(v1 >= 0) + 1}, abs(vb), words{(vb >= 0) + 1}, 100 * (r.chebcb / r.oracle - 1));
  else
    fprintf('%-36s %14d\n', 'ChebCB (context kappa)', r.chebcb);
  end
  kes_tuner_destroy(t);
end
