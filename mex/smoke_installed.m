% One call of every Kestrel Octave function from an installed tree:
%   octave-cli --norc --no-history --eval "addpath('<prefix>/share/kestrel/octave'); smoke_installed"
% (tests/consumer/run.sh runs it from a fresh install prefix).  Prints
% "octave smoke: N functions OK" or raises an error.
n = 0;
v = kes_version(); n = n + 1;
assert(abs(kes_log_besseli(1, 2) - log(besseli(1, 2))) < 1e-12); n = n + 1;
assert(abs(kes_log_besselk(1, 2) - log(besselk(1, 2))) < 1e-12); n = n + 1;
X = kes_vmf_sample([0 0 1], 5, 100, 'seed', 1); n = n + 1;
a = kes_vmf_mean_resultant(3, 2); assert(abs(kes_vmf_kappa_from_r(3, a) - 2) < 1e-12); n = n + 2;
assert(isfinite(kes_vmf_log_norm(3, 2)) && kes_bessel_ratio(1, 2) > 0); n = n + 2;
[mu, kappa] = kes_vmf_fit(X); n = n + 1;
assert(isfinite(kes_vmf_loglik(X, mu, kappa))); n = n + 1;
A = gallery('poisson', 10); b = ones(100, 1);
assert(norm(kes_cg_solve(A, b, 'tol', 1e-10) - A \ b) < 1e-6); n = n + 1;
assert(norm(kes_sor_solve(A, b, 1.5, 'tol', 1e-10) - A \ b) < 1e-6); n = n + 1;
assert(norm(kes_ssor_pcg_solve(A, b, 1.5, 'tol', 1e-10) - A \ b) < 1e-6); n = n + 1;
assert(isequal(kes_csr_matvec(A, b), A * b)); n = n + 1;
t = kes_tuner_create('chebcb', 'context', [0 1], 'seed', 1); n = n + 1;
w = kes_tuner_choose(t, 0.5); n = n + 1;
kes_tuner_observe(t, 10); n = n + 1;
p = kes_tuner_probabilities(t, 0.5); s = kes_tuner_info(t); c = kes_tuner_predicted_costs(t, 0.5); n = n + 3;
f = [tempname() '.tuner']; kes_tuner_save(t, f); t2 = kes_tuner_load(f); delete(f); n = n + 2;
kes_tuner_destroy(t2); clear t; n = n + 1;
Z = kes_rff_transform(randn(10, 2), 64, 'seed', 1); K = kes_kernel_matrix(randn(10, 2)); n = n + 2;
Zn = kes_nystrom_transform(randn(10, 2), 5, 'seed', 1); n = n + 1;
W = sparse([1 2 3 4], [2 3 4 1], 1, 4, 4); W = W + W';
Kg = kes_graph_kernel(W, 'diffusion', 'beta', 0.5); U = kes_graph_normalized_adjacency(W); n = n + 2;
fm = kes_grf_modulation('diffusion', 0.5, 10); al = kes_grf_series('diffusion', 0.5, 10); n = n + 2;
Phi = kes_grf_features(U, fm, 'seed', 1); n = n + 1;
Xk = randn(50, 2);
lp = kes_kde_log_density(Xk, Xk(1:3, :), 'bandwidth', 0.5); n = n + 1;
fb = kes_kde_binned_execute(Xk, [16 16], [-3 -3], [3 3]); n = n + 1;
h = [kes_kde_bw_scott(Xk), kes_kde_bw_silverman(Xk(:, 1)), kes_kde_bw_sj_dpik(Xk(:, 1)), kes_kde_bw_lscv(Xk)]; n = n + 4;
gp = kes_gp_fit(linspace(0, 1, 10)', sin(linspace(0, 1, 10)')); n = n + 1;
[m1, v1] = kes_gp_predict(gp, 0.5); th = kes_gp_theta(gp); ll = kes_gp_log_marginal_likelihood(gp); gi = kes_gp_info(gp); n = n + 4;
kes_gp_destroy(gp); n = n + 1;
u = kes_fourier_poisson_solve(sin((0:15)' * 2 * pi / 16), 2 * pi); n = n + 1;
uh = kes_fourier_poisson_heat(sin((0:15)' * 2 * pi / 16), 2 * pi, 1, 0.1); n = n + 1;
df = kes_fourier_diff_apply(sin((0:15)' * 2 * pi / 16), 2 * pi); n = n + 1;
xc = kes_cheb_points(8); Dc = kes_cheb_diffmat(8); wc = kes_cheb_weights(8); ub = kes_cheb_bvp_solve(xc, [-1 1]); n = n + 4;
assert(abs(kes_log_besselk_dx(2, 3) + besselk(1, 3) / besselk(2, 3) + 2 / 3) < 1e-12 && isfinite(kes_log_besselk_dv(2, 3))); n = n + 2;
ta = kes_tuner_create('auto'); kes_tuner_set_system(ta, A); w = kes_tuner_choose(ta); kes_tuner_observe(ta, 10); clear ta; n = n + 1;
[mk, lk] = kes_kde_modes(Xk, 'bandwidth', 0.5); Ys = kes_kde_sample(Xk, 10, 'seed', 1); tr = kes_kde_has_tree(Xk, 'rtol', 1e-3); n = n + 3;
[pr, se] = kes_kde_rff_density(Xk, Xk(1:3, :), 64, 'seed', 1); d2 = kes_kde_mmd(Xk, Ys); it = kes_kde_thin(Xk, 8, 'seed', 1); n = n + 3;
h2 = [kes_kde_bw_sj(Xk(:, 1)), kes_kde_bw_isj(Xk(:, 1)), kes_kde_bw_lcv(Xk)]; H = kes_kde_bw_hpi(Xk); n = n + 4;
gp = kes_gp_fit(linspace(0, 1, 10)', sin(linspace(0, 1, 10)'), 'cov', {'scale', 'periodic'}, 'theta0', [0 0 0 -2]);
[m2, C2] = kes_gp_predict_cov(gp, [0.2; 0.4]); F = kes_gp_sample(gp, [0.2; 0.4], 3, 'seed', 1); n = n + 2;
f = [tempname() '.gp']; kes_gp_save(gp, f); gp2 = kes_gp_load(f); delete(f); clear gp gp2; n = n + 2;
mu = kes_gp_kron({1:4, 1:3}, rand(4, 3), [1.5 2]); mv = kes_gp_vecchia(rand(20, 2), rand(20, 1), rand(2, 2), 'm', 5); n = n + 2;
ud = kes_fourier_poisson_dealias(rand(16, 1)); ac = kes_cheb_transform(xc); n = n + 2;
uf = kes_fd_poisson_solve(ones(5, 4), 0.2); Af = kes_fd_diffusion([5 4], 0.2); Sf = kes_fd_step_matrix(Af, 0.1); n = n + 3;
K = kes_gp_cov_matrix({'sum', 'se', 'periodic'}, [0 0 0], rand(4, 1)); n = n + 1;
f = [tempname() '.wisdom']; kes_fft_wisdom_export(f); kes_fft_wisdom_import(f); delete(f); n = n + 2;
up = kes_pde_integrate('allen-cahn', sin((0:31)' * 2 * pi / 32), 2 * pi, 0.01, 10); n = n + 1;
if exist('kes_csr_read_mm') ~= 3, error('kes_csr_read_mm missing'); end
n = n + 1;
printf('octave smoke: %d functions OK (Kestrel %s)\n', n, v);
