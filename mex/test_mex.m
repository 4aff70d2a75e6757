% Tests of the Kestrel Octave functions (MEX wrappers and their .m files).
%   KES_MEX_DIR=<build>/octave KES_TEST_DATA_DIR=tests/data octave-cli --norc --no-history mex/test_mex.m
% Run by CTest (test octave_mex) and by ./build.sh test (stage MEX).  Every
% check counts; the script ends with "test_mex: N checks passed", and any
% failed check raises an error, so octave-cli exits non-zero.
1;
mexdir = getenv('KES_MEX_DIR');
if isempty(mexdir), error('set KES_MEX_DIR to the folder holding the built MEX files'); end
addpath(mexdir);
datadir = getenv('KES_TEST_DATA_DIR');
global KES_CHECKS;
KES_CHECKS = 0;

function check(cond, varargin)
  global KES_CHECKS;
  KES_CHECKS = KES_CHECKS + 1;
  if ~(islogical(cond) || isnumeric(cond)) || isempty(cond) || ~all(cond(:))
    if isempty(varargin), varargin = {'check failed'}; end
    error('check %d failed: %s', KES_CHECKS + 0, sprintf(varargin{:}));
  end
end

function expect_error(f, id, pattern)
  global KES_CHECKS;
  KES_CHECKS = KES_CHECKS + 1;
  try
    f();
  catch e
    if ~strcmp(e.identifier, id)
      error('check %d: expected error %s, got %s: %s', KES_CHECKS, id, e.identifier, e.message);
    end
    if nargin > 2 && isempty(strfind(e.message, pattern))
      error('check %d: message of %s lacks "%s": %s', KES_CHECKS, id, pattern, e.message);
    end
    return;
  end
  error('check %d: expected error %s, none raised (%s)', KES_CHECKS, id, func2str(f));
end

function three_outputs(f, varargin)
  [a1, a2, a3] = f(varargin{:});
end

function kb = rss_kb()
  % resident set size of this process (Linux), or NaN
  kb = NaN;
  if exist('/proc/self/status', 'file')
    s = fileread('/proc/self/status');
    kb = sscanf(s(strfind(s, 'VmRSS:') + 6:end), '%d', 1);
  end
end

function fail_with_objects(N, bn, X, Yn, f2n)
  % calls that fail after Kestrel objects exist: an owned transpose, a KDE,
  % a random-feature plan and a generator, an FFTW plan
  try, kes_sor_solve(N, bn, 1.2); catch, end
  try, kes_kde_log_density(X, Yn, 'bandwidth', 0.5); catch, end
  try, kes_rff_transform(Yn, 2000, 'seed', 1); catch, end
  try, kes_fourier_poisson_solve(f2n, 1); catch, end
  try, kes_tuner_create('chebcb', 'omega', [1.5 1.2]); catch, end
  % a random-feature estimate, a covariance tree, an ETDRK4 plan
  try, kes_kde_rff_density(X, Yn, 256, 'seed', 1); catch, end
  try, kes_gp_fit(X(1:20, 1), X(1:20, 2), 'cov', {'sum', 'se', {'scale', 'periodic'}}, 'theta0', [0 0]); catch, end
  try, kes_pde_integrate('kdv', [ones(63, 1); NaN], 1, 0.1, 1); catch, end
  % GP collocation: a handle failing on the fine grid, a duplicated scattered point
  try, kes_gpcol_solve('poisson', 0, 1, 64, @(x) coarse_only(x, 64), 0, 'seed', 1); catch, end
  try, kes_gpcol_scattered('poisson', [0.5; 0.5], [1; 1], [0; 1], [0; 0]); catch, end
end

function K = mat_cov(t, s2, l, nu, n2)
  % Matern covariance of smoothness nu (Rasmussen & Williams eq. 4.14) plus noise
  r = abs(t - t') / l; z = sqrt(2 * nu) * r;
  K = s2 * 2 ^ (1 - nu) / gamma(nu) * z .^ nu .* besselk(nu, z);
  K(r == 0) = s2;
  K = K + n2 * eye(numel(t));
end

function r = relerr(a, b)
  r = norm(a(:) - b(:)) / max(norm(b(:)), realmin);
end

function v = one_point(fn, x, dim)
  % a GP collocation callback that insists on one point, a 1 x dim row
  if ~isequal(size(x), [1 dim]) || ~isa(x, 'double'), error('test:point', 'called with a %dx%d %s', rows(x), columns(x), class(x)); end
  v = fn(x);
end

function v = coarse_only(x, n)
  % f that fails off the coarse grid of n points on [0, 1]: the error comes
  % after the library has allocated its grid and fine-grid workspaces
  if abs(x * (n - 1) - round(x * (n - 1))) > 1e-9, error('test:fine', 'off the grid'); end
  v = 1;
end

% ---------------------------------------------------------------- version
[v, num] = kes_version();
parts = sscanf(v, '%d.%d.%d');
check(numel(parts) == 3, 'version string %s', v);
check(num == 10000 * parts(1) + 100 * parts(2) + parts(3), 'version number');
expect_error(@() kes_version(1), 'kestrel:usage');
check(~isempty(strfind(evalc('help kes_sor_solve'), 'omega')), 'help kes_sor_solve');
% every function in the folder has a help text naming it
mexes = dir(fullfile(mexdir, 'kes_*.mex'));
mfiles = dir(fullfile(mexdir, 'kes_*.m'));
names = setdiff(unique(regexprep({mexes.name, mfiles.name}, '\.(mex|m)$', '')), {'kes_tuner_mex', 'kes_gp_mex'});
check(numel(names) >= 74, 'only %d functions found', numel(names));
nohelp = {};
for i = 1:numel(names)
  h = evalc(sprintf('help %s', names{i}));
  if isempty(strfind(upper(h), upper(names{i}))) || numel(h) < 80, nohelp{end + 1} = names{i}; end
end
check(isempty(nohelp), 'no help text: %s', strjoin(nohelp, ', '));

% ---------------------------------------------------------------- sparse product
m = 60; n = 45;
[i, j] = find(mod((1:m)' * (1:n), 7) == 1);
vals = mod(i + 3 * j, 11) - 5;
A = sparse(i, j, vals, m, n);
x = mod((1:n)', 5) - 2;
y = kes_csr_matvec(A, x);
check(isequal(size(y), [m 1]));
check(isequal(y, A * x), 'sparse product differs from Octave''s');
X = [x, 2 * x, -x];
check(isequal(kes_csr_matvec(A, X), A * X), 'several right-hand sides');
check(isequal(kes_csr_matvec(full(A), X), full(A) * X), 'full input');
S = sprandsym(30, 0.2) + 30 * speye(30);
check(norm(kes_csr_matvec(S, ones(30, 1)) - S * ones(30, 1)) < 1e-12, 'symmetric (in-place view) product');
check(isequal(kes_csr_matvec(sparse(3, 4), ones(4, 1)), zeros(3, 1)));
check(isequal(size(kes_csr_matvec(sparse(0, 4), ones(4, 2))), [0 2]));
expect_error(@() kes_csr_matvec(A, ones(n + 1, 1)), 'kestrel:EDIM');
expect_error(@() kes_csr_matvec(A * 1i, x), 'kestrel:type');
expect_error(@() kes_csr_matvec(A, single(x)), 'kestrel:type');
expect_error(@() kes_csr_matvec(A), 'kestrel:usage');
B = full(A); B(1, 1) = NaN;
expect_error(@() kes_csr_matvec(B, x), 'kestrel:ENAN', 'A:');

% ---------------------------------------------------------------- Matrix Market
if ~isempty(datadir)
  S = kes_csr_read_mm(fullfile(datadir, 'mm', 'suitesparse_sym.mtx'));
  E = 4 * eye(5) - diag(ones(4, 1), 1) - diag(ones(4, 1), -1);
  E(5, 1) = 0.5; E(1, 5) = 0.5;
  check(issparse(S) && isequal(full(S), E), 'symmetric fixture expanded');
  expect_error(@() kes_csr_read_mm(fullfile(datadir, 'mm', 'bad', 'too_few.mtx')), 'kestrel:EPARSE', ':5:');
  expect_error(@() kes_csr_read_mm(fullfile(datadir, 'no-such-file.mtx')), 'kestrel:EIO');
end
expect_error(@() kes_csr_read_mm(3), 'kestrel:type');

% ---------------------------------------------------------------- log-Bessel
v = [0 0.5 1 2.5 7 20 50];
xx = [0.1 0.7 1 3 10 30 100];
[V, XX] = meshgrid(v, xx);
yi = kes_log_besseli(V, XX);
yk = kes_log_besselk(V, XX);
ri = log(besseli(V, XX));
rk = log(besselk(V, XX));
check(isequal(size(yi), size(V)), 'shape kept');
check(all(abs(yi(:) - ri(:)) <= 1e-12 * max(1, abs(ri(:)))), 'log I against besseli: %g', max(abs(yi(:) - ri(:))));
check(all(abs(yk(:) - rk(:)) <= 1e-12 * max(1, abs(rk(:)))), 'log K against besselk: %g', max(abs(yk(:) - rk(:))));
% beyond besseli's range: scaled forms give the reference
xl = [500 1e3 1e4];
check(all(abs(kes_log_besseli(3, xl) - (log(besseli(3, xl, 1)) + xl)) <= 1e-12 * xl), 'large x against scaled besseli');
check(all(abs(kes_log_besselk(3, xl) - (log(besselk(3, xl, 1)) - xl)) <= 1e-12 * xl), 'large x against scaled besselk');
check(isfinite(kes_log_besseli(1e6, 1)) && kes_log_besseli(1e6, 1) < -1e6, 'huge order stays finite');
% broadcasting
check(isequal(kes_log_besseli(2, xx), kes_log_besseli(2 * ones(size(xx)), xx)), 'scalar order');
check(isequal(kes_log_besselk(v, 3), kes_log_besselk(v, 3 * ones(size(v)))), 'scalar argument');
O = kes_log_besseli(v, xx');
check(isequal(size(O), [numel(xx) numel(v)]) && isequal(O, yi), 'row of orders x column of arguments');
check(isequal(size(kes_log_besseli(1, zeros(0, 3))), [0 3]), 'empty in, empty out');
% limits and domain
check(kes_log_besseli(0, 0) == 0 && kes_log_besseli(1, 0) == -Inf && kes_log_besselk(1, 0) == Inf, 'limits');
check(isnan(kes_log_besseli(-1, 2)) && isnan(kes_log_besseli(1, -2)) && isnan(kes_log_besselk(1, NaN)), 'NaN outside the domain');
check(abs(kes_log_besselk(-2.5, 3) - kes_log_besselk(2.5, 3)) == 0, 'K_{-v} = K_v');
expect_error(@() kes_log_besseli([1 2 3], [1 2]), 'kestrel:EDIM');
expect_error(@() kes_log_besseli(1 + 1i, 2), 'kestrel:type');
expect_error(@() kes_log_besselk(single(1), 2), 'kestrel:type');
expect_error(@() kes_log_besselk(1), 'kestrel:usage');
expect_error(@() kes_log_besseli('a', 2), 'kestrel:type');

% ---------------------------------------------------------------- von Mises-Fisher
mu = [1 2 2] / 3;
Xs = kes_vmf_sample(mu, 10, 4000, 'seed', 7);
check(isequal(size(Xs), [4000 3]), 'sample shape');
check(max(abs(sum(Xs .^ 2, 2) - 1)) < 1e-12, 'samples on the sphere');
check(isequal(Xs, kes_vmf_sample(mu, 10, 4000, 'seed', 7)), 'same seed, same sample');
check(~isequal(Xs, kes_vmf_sample(mu, 10, 4000, 'seed', 8)), 'other seed, other sample');
[muh, kh, rbar] = kes_vmf_fit(Xs);
check(isequal(size(muh), [1 3]) && abs(norm(muh) - 1) < 1e-12, 'mu is a unit row');
check(muh * mu' > 0.995, 'mean direction recovered');
check(abs(kh / 10 - 1) < 0.08, 'kappa recovered: %g', kh);
check(abs(rbar - norm(mean(Xs))) < 1e-12, 'rbar is |mean|');
% p = 3: log C_3(k) = log(k / (4 pi sinh k))
ll = kes_vmf_loglik(Xs, mu, 10);
check(abs(ll - (4000 * log(10 / (4 * pi * sinh(10))) + 10 * sum(Xs * mu'))) < 1e-8 * abs(ll), 'log-likelihood, p = 3');
[m2, k2] = kes_vmf_fit(3 * Xs, 'normalize', true);
check(norm(m2 - muh) < 1e-12 && abs(k2 - kh) < 1e-9 * kh, 'normalize option');
check(isequal(kes_vmf_sample(mu, Inf, 3, 'seed', 1), repmat(mu, 3, 1)), 'kappa = Inf is the point mass');
warning('off', 'kestrel:ERANGE');
[m3, k3] = kes_vmf_fit(repmat([0 1 0], 5, 1));
warning('on', 'kestrel:ERANGE');
check(k3 == Inf && isequal(m3, [0 1 0]), 'identical rows: kappa = Inf');
kk = [0.1 1 10 100];
check(max(abs(kes_vmf_log_norm(3, kk) - log(kk ./ (4 * pi * sinh(kk))))) < 1e-13 * 10, 'log C_3 closed form');
check(abs(kes_vmf_log_norm(3, 0) + log(4 * pi)) < 1e-14, 'kappa = 0: minus the log area of the sphere');
a3 = kes_vmf_mean_resultant(3, kk);
check(max(abs(a3 - (coth(kk) - 1 ./ kk))) < 1e-13, 'A_3 = coth(k) - 1/k');
check(max(abs(kes_vmf_kappa_from_r(3, a3) ./ kk - 1)) < 1e-12, 'kappa_from_r inverts A_p');
check(max(abs(kes_bessel_ratio([0.5 2 7], 3) - besseli([1.5 3 8], 3) ./ besseli([0.5 2 7], 3))) < 1e-14, 'Bessel ratio against besseli');
check(isequal(size(kes_vmf_mean_resultant([3 5], [1; 2; 3])), [3 2]), 'broadcasting row x column');
check(isfinite(kes_vmf_log_norm(1e6, 1e3)), 'p = 1e6 without overflow');
expect_error(@() kes_vmf_kappa_from_r(3, 1), 'kestrel:EDOM');
expect_error(@() kes_vmf_kappa_from_r(1, 0.5), 'kestrel:EDIM');
expect_error(@() kes_vmf_mean_resultant([1 2], [1 2 3]), 'kestrel:EDIM');
expect_error(@() kes_vmf_fit(2 * Xs), 'kestrel:EINVAL');
expect_error(@() kes_vmf_fit(ones(5, 1)), 'kestrel:EDIM');
expect_error(@() kes_vmf_fit(Xs, 'normalise', true), 'kestrel:usage');
expect_error(@() kes_vmf_sample(mu, -1, 3), 'kestrel:EDOM');
expect_error(@() kes_vmf_sample([1 1 1], 1, 3), 'kestrel:EINVAL');
expect_error(@() kes_vmf_sample(mu, 1, 2.5), 'kestrel:EINVAL');
expect_error(@() kes_vmf_loglik(Xs, [1 0], 1), 'kestrel:EDIM');

% ---------------------------------------------------------------- solvers
k = 20;
T = spdiags(ones(k, 1) * [-1 2 -1], -1:1, k, k);
L = kron(speye(k), T) + kron(T, speye(k));      % 2-D Laplacian, SPD, 400 x 400
nn = size(L, 1);
b = sin((1:nn)');
xref = L \ b;
[xc, sc] = kes_cg_solve(L, b, 'tol', 1e-10, 'max_iter', 500);
check(relerr(xc, xref) < 1e-8, 'CG against backslash: %g', relerr(xc, xref));
check(sc.converged && strcmp(sc.status, 'OK') && sc.residual <= 1e-10, 'CG stats');
check(abs(sc.residual - norm(b - L * xc) / norm(b)) < 1e-12, 'stats.residual is the true relative residual');
[~, flag, relres, iter] = pcg(L, b, 1e-10, 500);
check(flag == 0 && abs(sc.iterations - iter) <= 1, 'CG iterations %d against pcg %d', sc.iterations, iter);
check(all(isfield(sc, {'iterations', 'residual', 'converged', 'residual_norm', 'initial_residual_norm', 'b_norm', 'history'})), 'stats fields');
[xf, sf] = kes_cg_solve(full(L), b, 'tol', 1e-10);
check(relerr(xf, xref) < 1e-8 && sf.iterations == sc.iterations, 'full matrix input');
[xs, ss] = kes_sor_solve(L, b, 1.8, 'tol', 1e-10, 'max_iter', 5000);
check(relerr(xs, xref) < 1e-7 && ss.converged, 'SOR against backslash: %g', relerr(xs, xref));
[~, s1] = kes_sor_solve(L, b, 1.0, 'tol', 1e-6, 'max_iter', 5000);
[~, s2] = kes_sor_solve(L, b, 1.74, 'tol', 1e-6, 'max_iter', 5000);
check(s2.iterations < s1.iterations / 2.5, 'over-relaxation pays: %d vs %d sweeps', s2.iterations, s1.iterations);
[xp, sp] = kes_ssor_pcg_solve(L, b, 1.5, 'tol', 1e-10);
check(relerr(xp, xref) < 1e-8 && sp.iterations < sc.iterations, 'SSOR-PCG: %d iterations vs CG %d', sp.iterations, sc.iterations);
% a non-symmetric matrix: SOR must see A, not its transpose
N = L + sparse(1:nn - 1, 2:nn, 0.5, nn, nn);
[xn, sn] = kes_sor_solve(N, b, 1.2, 'tol', 1e-12, 'max_iter', 20000);
check(sn.converged && relerr(xn, N \ b) < 1e-9, 'non-symmetric SOR against backslash: %g', relerr(xn, N \ b));
% options
[~, s0] = kes_cg_solve(L, b, 'x0', xref, 'tol', 1e-8);
check(s0.iterations == 0, 'warm start at the solution: %d iterations', s0.iterations);
[~, sh] = kes_cg_solve(L, b, 'tol', 1e-10, 'history', true);
check(numel(sh.history) == sh.iterations + 1 && sh.history(1) == 1 && abs(sh.history(end) - sh.residual) < 1e-12 * max(1, sh.residual) + 1e-15, 'history');
check(isempty(sc.history), 'no history unless asked');
[x5, s5] = kes_cg_solve(L, b, 'max_iter', 5);
check(~s5.converged && strcmp(s5.status, 'NOCONV') && s5.iterations == 5 && all(isfinite(x5)), 'iteration cap is an outcome');
lastwarn('');
printf('(the kestrel:NOCONV warning below is expected)\n');
x5w = kes_cg_solve(L, b, 'max_iter', 5);
[~, wid] = lastwarn();
check(strcmp(wid, 'kestrel:NOCONV') && isequal(x5w, x5), 'warning kestrel:NOCONV without the stats output');
[~, sr] = kes_sor_solve(L, b, 1.5, 'stop', 'rel_b', 'tol', 1e-6, 'max_iter', 5000);
check(sr.converged && sr.residual_norm <= 1e-6 * sr.b_norm * (1 + 1e-12), 'stop rule rel_b');
expect_error(@() kes_sor_solve(L, b, 2.5), 'kestrel:EDOM', 'kes_sor_solve');
expect_error(@() kes_ssor_pcg_solve(L, b, 0), 'kestrel:EDOM');
expect_error(@() kes_cg_solve(L(:, 1:end - 1), b), 'kestrel:EDIM');
expect_error(@() kes_cg_solve(L, b(1:end - 1)), 'kestrel:EDIM');
expect_error(@() kes_cg_solve(L, [b; 1]), 'kestrel:EDIM');
bn = b; bn(3) = NaN;
expect_error(@() kes_cg_solve(L, bn), 'kestrel:ENAN');
expect_error(@() kes_cg_solve(-L, b), 'kestrel:ENOTSPD');
Z = L; Z(5, 5) = 0;
expect_error(@() kes_sor_solve(Z, b, 1.2), 'kestrel:ESINGULAR');
expect_error(@() kes_cg_solve(L, b, 'tolerance', 1e-3), 'kestrel:usage', 'tolerance');
expect_error(@() kes_cg_solve(L, b, 'tol'), 'kestrel:usage');
expect_error(@() kes_cg_solve(L, b, 'tol', -1), 'kestrel:EINVAL');
expect_error(@() kes_cg_solve(L, b, 'stop', 'sometimes'), 'kestrel:EINVAL', 'rel_b');
expect_error(@() kes_cg_solve(L, b, 'max_iter', 1.5), 'kestrel:EINVAL');
expect_error(@() kes_cg_solve(L * 1i, b), 'kestrel:type');
expect_error(@() kes_cg_solve(L, b, 3), 'kestrel:usage');
expect_error(@() kes_sor_solve(L, b), 'kestrel:usage');
expect_error(@() kes_sor_solve(L, b, 'x'), 'kestrel:type');
expect_error(@() kes_cg_solve(sparse(0, 0), []), 'kestrel:EDIM');
expect_error(@() three_outputs(@kes_cg_solve, L, b), 'kestrel:usage');

% ---------------------------------------------------------------- kernels and random features
rand('seed', 1); randn('seed', 1);
X = randn(50, 3); l = 1.3;
D2 = max(sum(X .^ 2, 2) + sum(X .^ 2, 2)' - 2 * (X * X'), 0);
K = kes_kernel_matrix(X, [], 'kernel', 'gaussian', 'lengthscale', l);
check(max(abs(K(:) - exp(-D2(:) / (2 * l ^ 2)))) < 1e-14, 'Gaussian kernel matrix');
K2 = kes_kernel_matrix(X, X(1:5, :), 'kernel', 'laplace', 'lengthscale', l, 'variance', 2);
check(isequal(size(K2), [50 5]) && max(max(abs(K2 - 2 * exp(-sqrt(D2(:, 1:5)) / l)))) < 1e-12, 'Laplace kernel, X against Y');
Km = kes_kernel_matrix(X, 'kernel', 'matern', 'nu', 1.5, 'lengthscale', l);
r = sqrt(3 * D2) / l;
check(max(abs(Km(:) - (1 + r(:)) .* exp(-r(:)))) < 1e-12, 'Matern 3/2 closed form');
[Z, W, b] = kes_rff_transform(X, 4000, 'kernel', 'gaussian', 'lengthscale', l, 'seed', 3);
check(isequal(size(Z), [50 4000]) && isequal(size(W), [3 4000]) && isequal(size(b), [1 4000]), 'feature shapes');
check(max(abs(Z * Z' - K)(:)) < 0.15, 'random Fourier features approximate K: %g', max(abs(Z * Z' - K)(:)));
check(max(abs(Z(:) - reshape(sqrt(2 / 4000) * cos(X * W + b), [], 1))) < 1e-12, 'Z = sqrt(2/D) cos(X W + b)');
check(isequal(Z, kes_rff_transform(X, 4000, 'kernel', 'gaussian', 'lengthscale', l, 'seed', 3)), 'same seed, same features');
Zo = kes_rff_transform(X, 4000, 'lengthscale', l, 'seed', 5, 'orthogonal', true, 'map', 'sincos');
check(max(abs(Zo * Zo' - K)(:)) < 0.15, 'orthogonal sin/cos features');
[Zp, ~, bp, ls] = kes_rff_transform(X, 64, 'kernel', 'softmax', 'map', 'positive', 'seed', 3, 'scaled', true);
check(all(Zp(:) > 0) && isempty(bp) && isfinite(ls), 'positive features');
[Zn, Ln, rk] = kes_nystrom_transform(X, 50, 'kernel', 'laplace', 'lengthscale', l, 'seed', 1);
Kl = kes_kernel_matrix(X, 'kernel', 'laplace', 'lengthscale', l);
check(rk == 50 && isequal(size(Ln), [50 3]) && max(abs(Zn * Zn' - Kl)(:)) < 1e-8, 'Nystrom with every point a landmark is exact');
Z20 = kes_nystrom_transform(X, 20, 'lengthscale', l, 'seed', 2);
Zq = kes_nystrom_transform(X, [], 'lengthscale', l, 'landmarks', X(1:20, :), 'query', X(21:50, :));
Zl = kes_nystrom_transform(X, [], 'lengthscale', l, 'landmarks', X(1:20, :));
check(isequal(size(Z20), [50 20]) && max(abs(Zq * Zl(1:20, :)' - K(21:50, 1:20))(:)) < 1e-8, 'Nystrom: landmark columns exact, query points');
expect_error(@() kes_nystrom_transform(X, 51), 'kestrel:EDIM');
expect_error(@() kes_nystrom_transform(X, 5, 'query', ones(3, 2)), 'kestrel:EDIM');
expect_error(@() kes_rff_transform(X, 5, 'map', 'sincos'), 'kestrel:EDIM');
expect_error(@() kes_rff_transform(X, 8, 'kernel', 'periodic'), 'kestrel:ENOTSUP');
expect_error(@() kes_rff_transform(X, 8, 'lengthscale', -1), 'kestrel:EDOM');
expect_error(@() kes_rff_transform(X, 8, 'kernel', 'rbf'), 'kestrel:EINVAL', 'gaussian');
expect_error(@() kes_rff_transform(X, 8, 'map', 'cosine'), 'kestrel:EINVAL');
Xn = X; Xn(2, 2) = NaN;
expect_error(@() kes_rff_transform(Xn, 8), 'kestrel:ENAN');
expect_error(@() kes_rff_transform(X, 8, 'seed', -1), 'kestrel:EINVAL');
expect_error(@() kes_rff_transform(X), 'kestrel:usage');
expect_error(@() kes_kernel_matrix(X, ones(4, 2)), 'kestrel:EDIM');
expect_error(@() kes_kernel_matrix(X, 'kernel', 'gaussian', 'nu'), 'kestrel:usage');

% ---------------------------------------------------------------- graph kernels and graph random features
n = 30; i = 1:n; j = mod(i, n) + 1;
Wg = sparse([i j 1 5], [j i 5 1], [ones(1, 2 * n) 0.5 0.5], n, n);   % a ring with one chord
dg = full(sum(Wg, 2));
Dh = diag(dg .^ -0.5);
Ln = eye(n) - Dh * full(Wg) * Dh; Lc = diag(dg) - full(Wg);
Kd = kes_graph_kernel(Wg, 'diffusion', 'beta', 0.7);
check(max(abs(Kd(:) - reshape(expm(-0.7 * Ln), [], 1))) < 1e-12, 'diffusion kernel against expm');
Kr = kes_graph_kernel(Wg, 'regularized', 'sigma2', 0.5, 'd', 2, 'laplacian', 'combinatorial');
check(max(abs(Kr(:) - reshape(inv(eye(n) + 0.5 * Lc) ^ 2, [], 1))) < 1e-12, 'regularized kernel against inv');
Kp = kes_graph_kernel(full(Wg), 'pstep', 'a', 2, 'p', 3);
check(max(abs(Kp(:) - reshape((2 * eye(n) - Ln) ^ 3, [], 1))) < 1e-12, 'p-step kernel (full W)');
Kc = kes_graph_kernel(Wg, 'commute', 'laplacian', 'combinatorial');
check(max(abs(Kc(:) - reshape(pinv(Lc), [], 1))) < 1e-10, 'commute-time kernel against pinv');
U = kes_graph_normalized_adjacency(Wg);
check(issparse(U) && max(max(abs(U - Dh * Wg * Dh))) < 1e-15, 'normalized adjacency');
check(max(max(abs(kes_graph_normalized_adjacency(Wg, 0.5) - 0.5 * U))) < 1e-16, 'scaled adjacency');
f = kes_grf_modulation('diffusion', 0.7, 20);
a = kes_grf_series('diffusion', 0.7, 20);
c = conv(f, f);
check(max(abs(c(1:20) - a)) < 1e-15 && abs(a(3) - 0.7 ^ 2 / 2) < 1e-15, 'modulation is the convolution root of the series');
[P1, st] = kes_grf_features(U, f, 'walkers', 2000, 'seed', 1);
P2 = kes_grf_features(U, f, 'walkers', 2000, 'seed', 2);
check(issparse(P1) && isequal(size(P1), [n n]) && st.nnz == nnz(P1) && st.growth < 1, 'features and stats');
Ke = exp(-0.7) * full(P1 * P2');
check(norm(Ke - Kd, 'fro') / norm(Kd, 'fro') < 0.05, 'GRF estimate of the diffusion kernel: %g', norm(Ke - Kd, 'fro') / norm(Kd, 'fro'));
check(isequal(P1, kes_grf_features(U, f, 'walkers', 2000, 'seed', 1)), 'same seed, same features');
Pa = kes_grf_features(U, f, 'walkers', 64, 'seed', 1, 'antithetic', true, 'repelling', true, 'proposal', 'weighted');
check(issparse(Pa), 'antithetic, repelling, weighted walks');
expect_error(@() kes_graph_kernel(Wg, 'heat'), 'kestrel:EINVAL', 'diffusion');
expect_error(@() kes_graph_kernel(Wg, 'diffusion', 'beta', -1), 'kestrel:EDOM');
expect_error(@() kes_graph_kernel(Wg, 'pstep', 'a', 0.5), 'kestrel:EDOM');
expect_error(@() kes_graph_kernel(Wg(:, 1:end - 1), 'diffusion'), 'kestrel:EDIM');
Wneg = Wg; Wneg(1, 2) = -1; Wneg(2, 1) = -1;
expect_error(@() kes_graph_kernel(Wneg, 'diffusion'), 'kestrel:EBADDATA');
Wasym = Wg; Wasym(1, 2) = 3;
expect_error(@() kes_graph_kernel(Wasym, 'diffusion'), 'kestrel:EBADDATA');
expect_error(@() kes_graph_kernel(Wg, 'diffusion', 'laplacian', 'random'), 'kestrel:EINVAL');
expect_error(@() kes_grf_features(U, f, 'p_halt', 1.5), 'kestrel:EDOM');
expect_error(@() kes_grf_features(U, f, 'walkers', 0), 'kestrel:EINVAL');
expect_error(@() kes_grf_features(U * 40, ones(1, 200), 'p_halt', 0.5), 'kestrel:EDOM');
expect_error(@() kes_grf_features(U(1:5, :), f), 'kestrel:EDIM');
expect_error(@() kes_grf_modulation('regularized', -1, 5), 'kestrel:EDOM');
expect_error(@() kes_grf_series('diffusion', 1, 0), 'kestrel:EDIM');

% ---------------------------------------------------------------- kernel density estimation
randn('seed', 2); rand('seed', 2);
X = randn(200, 2); Y = randn(7, 2); h = 0.4;
D2 = sum(Y .^ 2, 2) + sum(X .^ 2, 2)' - 2 * (Y * X');
lp = kes_kde_log_density(X, Y, 'bandwidth', h);
ref = log(mean(exp(-D2 / (2 * h ^ 2)), 2) / (2 * pi * h ^ 2));
check(isequal(size(lp), [7 1]) && max(abs(lp - ref)) < 1e-12, 'Gaussian KDE against the direct sum: %g', max(abs(lp - ref)));
w = rand(200, 1);
lw = kes_kde_log_density(X, Y, 'bandwidth', h, 'weights', w);
refw = log((exp(-D2 / (2 * h ^ 2)) * w) / sum(w) / (2 * pi * h ^ 2));
check(max(abs(lw - refw)) < 1e-12, 'weighted KDE');
[lg, G, B] = kes_kde_log_density(X, Y, 'bandwidth', [0.3 0.5]);
check(isequal(B, diag([0.3 0.5])) && isequal(size(G), [7 2]), 'diagonal bandwidth and gradient shapes');
e = 1e-6; Yp = Y; Yp(:, 1) = Yp(:, 1) + e; Ym = Y; Ym(:, 1) = Ym(:, 1) - e;
gfd = (kes_kde_log_density(X, Yp, 'bandwidth', [0.3 0.5]) - kes_kde_log_density(X, Ym, 'bandwidth', [0.3 0.5])) / (2 * e);
check(max(abs(G(:, 1) - gfd)) < 1e-6, 'gradient against finite differences');
H = [0.2 0.05; 0.05 0.3];
[lH, ~, BH] = kes_kde_log_density(X, Y, 'bandwidth', H);
check(norm(BH * BH' - H) < 1e-14 && all(isfinite(lH)), 'full bandwidth matrix H = B B''');
[~, ~, Bs] = kes_kde_log_density(X, Y);
check(norm(diag(Bs)' - kes_kde_bw_scott(X)) < 1e-14, 'default bandwidth is Scott''s rule');
check(norm(kes_kde_bw_scott(X) - std(X) * 200 ^ (-1 / 6)) < 1e-14, 'Scott''s rule');
x1 = X(:, 1); q = quantile(x1, [0.25 0.75], 1, 7);
check(abs(kes_kde_bw_silverman(x1) - 0.9 * min(std(x1), diff(q) / 1.34) * 200 ^ -0.2) < 1e-14, 'Silverman''s rule (R''s bw.nrd0)');
hsj = kes_kde_bw_sj_dpik(x1);
check(hsj > 0.1 && hsj < 1, 'Sheather-Jones bandwidth in range: %g', hsj);
hcv = kes_kde_bw_lscv(X);
check(hcv > 0.05 && hcv < 2, 'LSCV bandwidth in range: %g', hcv);
le = kes_kde_log_density(X, Y, 'kernel', 'epanechnikov', 'bandwidth', 5);
check(all(isfinite(le)), 'Epanechnikov kernel');
check(kes_kde_log_density(X, [50 50], 'kernel', 'tophat', 'bandwidth', 1) == -Inf, 'compact kernel far away: -Inf');
x1g = linspace(-4, 4, 401)';
fb = kes_kde_binned_execute(x1, 401, -4, 4, 'bandwidth', 0.3);
fe = exp(kes_kde_log_density(x1, x1g, 'bandwidth', 0.3));
check(isequal(size(fb), [401 1]) && max(abs(fb - fe)) < 1e-3 * max(fe), 'binned 1-D KDE against the exact one: %g', max(abs(fb - fe)));
fb2 = kes_kde_binned_execute(X, [64 48], [-4 -4], [4 4], 'bandwidth', 0.5);
[g1, g2] = ndgrid(linspace(-4, 4, 64), linspace(-4, 4, 48));
fe2 = reshape(exp(kes_kde_log_density(X, [g1(:) g2(:)], 'bandwidth', 0.5)), 64, 48);
check(isequal(size(fb2), [64 48]) && max(abs(fb2(:) - fe2(:))) < 0.02 * max(fe2(:)), 'binned 2-D KDE, grid shape');
expect_error(@() kes_kde_binned_execute(X, [64 1], [-4 -4], [4 4]), 'kestrel:EDIM');
expect_error(@() kes_kde_binned_execute(X, [64 48], [-4 4], [4 -4]), 'kestrel:EDOM');
expect_error(@() kes_kde_binned_execute(randn(5, 4), [4 4 4 4], zeros(1, 4), ones(1, 4)), 'kestrel:EDIM');
expect_error(@() kes_kde_log_density(X, ones(3, 3)), 'kestrel:EDIM');
expect_error(@() kes_kde_log_density(X, Y, 'bandwidth', -1), 'kestrel:EDOM');
expect_error(@() kes_kde_log_density(X, Y, 'bandwidth', [1 2 3]), 'kestrel:EDIM');
expect_error(@() kes_kde_log_density(X, Y, 'bandwidth', [1 2; 2 1]), 'kestrel:ENOTSPD');
expect_error(@() kes_kde_log_density(X, Y, 'weights', -w), 'kestrel:EBADDATA');
expect_error(@() kes_kde_log_density(X, Y, 'weights', w(1:10)), 'kestrel:EDIM');
expect_error(@() kes_kde_log_density(X, Y, 'kernel', 'box'), 'kestrel:EINVAL', 'epanechnikov');
Yn = Y; Yn(1) = Inf;
expect_error(@() kes_kde_log_density(X, Yn, 'bandwidth', 1), 'kestrel:ENAN');
expect_error(@() kes_kde_log_density(X), 'kestrel:usage');
expect_error(@() kes_kde_bw_silverman(ones(10, 1)), 'kestrel:EDOM');
expect_error(@() kes_kde_bw_scott(X(1, :)), 'kestrel:EDOM');
expect_error(@() kes_kde_bw_lscv(X, 2, 1), 'kestrel:EDOM');
expect_error(@() kes_kde_bw_sj_dpik(x1, 1), 'kestrel:EDIM');

% ---------------------------------------------------------------- Gaussian processes
count0 = kes_gp_mex('count');
Xt = linspace(0, 5, 30)'; yt = sin(Xt) + 0.05 * randn(30, 1);
gp = kes_gp_fit(Xt, yt, 'optimize', false, 'signal_var', 1.5, 'length_scale', 0.8, 'noise_var', 0.01);
check(isa(gp, 'kes_gp'), 'a kes_gp handle');
Xq = [0.3; 2.2; 4.9];
[mu, s2] = kes_gp_predict(gp, Xq);
K = 1.5 * exp(-(Xt - Xt') .^ 2 / (2 * 0.64)) + 0.01 * eye(30);
Ks = 1.5 * exp(-(Xq - Xt') .^ 2 / (2 * 0.64));
alpha = K \ yt;
check(max(abs(mu - Ks * alpha)) < 1e-10, 'predictive mean against the direct formula');
check(max(abs(s2 - (1.5 - sum((Ks / K) .* Ks, 2)))) < 1e-10, 'predictive variance');
check(isequal(kes_gp_predict(gp, Xq), mu), 'mean alone');
R = chol(K);
lml = kes_gp_log_marginal_likelihood(gp);
check(abs(lml - (-0.5 * yt' * alpha - sum(log(diag(R))) - 15 * log(2 * pi))) < 1e-9, 'log marginal likelihood');
check(max(abs(kes_gp_theta(gp) - log([1.5 0.8 0.01]))) < 1e-14, 'theta without optimisation');
gp2 = kes_gp_fit(Xt, yt, 'kernel', 'matern52', 'mean', 'constant');
[l2, g2] = kes_gp_log_marginal_likelihood(gp2);
check(l2 > lml - 50 && max(abs(g2(:))) < 1e-3 * max(1, abs(l2)), 'optimised: gradient near zero (%g)', max(abs(g2)));
s = kes_gp_info(gp2);
check(strcmp(s.kernel, 'matern52') && s.dim == 1 && abs(s.mean_value - mean(yt)) < 1e-14 && s.n_evals > 1, 'info');
check(max(abs(kes_gp_predict(gp2, Xt) - yt)) < 0.2, 'fitted GP interpolates the data');
gp3 = kes_gp_fit([Xt, Xt .^ 2], yt, 'kernel', 'se_ard');
check(numel(kes_gp_theta(gp3)) == 4, 'ARD: one length scale per input');
expect_error(@() kes_gp_predict(gp3, Xq), 'kestrel:EDIM');
check(kes_gp_mex('count') == count0 + 3, 'three live models');
kes_gp_destroy(gp);
expect_error(@() kes_gp_predict(gp, Xq), 'kestrel:handle', 'destroyed');
clear gp gp2 gp3;
check(kes_gp_mex('count') == count0, 'clear frees the models');
yn = yt; yn(4) = NaN;
expect_error(@() kes_gp_fit(Xt, yn), 'kestrel:ENAN');
expect_error(@() kes_gp_fit(Xt, yt(1:5)), 'kestrel:EDIM');
expect_error(@() kes_gp_fit(Xt, yt, 'noise_var', -1), 'kestrel:EDOM');
expect_error(@() kes_gp_fit(Xt, yt, 'noise_var_bounds', [1 0.1]), 'kestrel:EDOM');
expect_error(@() kes_gp_fit(Xt, yt, 'kernel', 'cubic'), 'kestrel:EINVAL', 'matern32');
expect_error(@() kes_gp_fit(Xt, yt, 'lengthscale', 1), 'kestrel:usage');
expect_error(@() kes_gp_fit(Xt), 'kestrel:usage');
expect_error(@() kes_gp_predict(struct('id', uint64(1)), Xq), 'kestrel:handle');
expect_error(@() kes_gp_mex('predict', uint64(2^50), Xq), 'kestrel:handle');
check(kes_gp_mex('count') == count0, 'no model left behind by the error paths');

% ---------------------------------------------------------------- spectral Poisson and heat solves
n = 64; Lb = 2 * pi; x = (0:n - 1)' * Lb / n;
f = sin(3 * x) + cos(x);
u = kes_fourier_poisson_solve(f, Lb);
check(isequal(size(u), size(f)) && max(abs(u - (sin(3 * x) / 9 + cos(x)))) < 1e-13, '1-D Poisson, exact modes');
check(isequal(size(kes_fourier_poisson_solve(f', Lb)), [1 n]), 'row vector in, row vector out');
ny = 32; Ly = 3; y = (0:ny - 1) * Ly / ny;
[XX, YY] = ndgrid(x, y);
f2 = exp(sin(XX) + cos(2 * pi * YY / Ly));
u2 = kes_fourier_poisson_solve(f2, [Lb Ly]);
kx = [0:n / 2 - 1, -n / 2:-1]' * 2 * pi / Lb; ky = [0:ny / 2 - 1, -ny / 2:-1] * 2 * pi / Ly;
k2 = kx .^ 2 + ky .^ 2;
fh = fft2(f2); uh = fh ./ k2; uh(1, 1) = 0; ur = real(ifft2(uh));
check(max(abs(u2(:) - ur(:))) < 1e-12, '2-D Poisson against fft2: %g', max(abs(u2(:) - ur(:))));
lap = real(ifft2(-k2 .* fft2(u2)));
check(max(abs(-lap(:) - (f2(:) - mean(f2(:))))) < 1e-10, '-lap u = f - mean(f)');
us = kes_fourier_poisson_solve(f2, [Lb Ly], 'screening', 2);
usr = real(ifft2(fh ./ (k2 + 2)));
check(max(abs(us(:) - usr(:))) < 1e-12, 'screened Poisson');
ht = kes_fourier_poisson_heat(f2, [Lb Ly], 0.3, 0.7);
hr = real(ifft2(fh .* exp(-0.3 * k2 * 0.7)));
check(max(abs(ht(:) - hr(:))) < 1e-12, 'heat propagator against fft2');
check(max(abs(reshape(kes_fourier_poisson_heat(f2, [Lb Ly], 0.3, 0) - f2, [], 1))) < 1e-13, 'heat at t = 0 is the identity');
f3 = randn(8, 6, 4);
u3 = kes_fourier_poisson_solve(f3, 1);
k3 = reshape([0:3, -4:-1] * 2 * pi, 8, 1, 1) .^ 2 + reshape([0:2, -3:-1] * 2 * pi, 1, 6, 1) .^ 2 + reshape([0:1, -2:-1] * 2 * pi, 1, 1, 4) .^ 2;
u3h = fftn(f3) ./ k3; u3h(1) = 0; u3r = real(ifftn(u3h));
check(isequal(size(u3), [8 6 4]) && max(abs(u3(:) - u3r(:))) < 1e-12, '3-D Poisson against fftn');
xp = (0:31)' * 2 * pi / 32;
check(max(abs(kes_fourier_diff_apply(exp(sin(xp)), 2 * pi) - cos(xp) .* exp(sin(xp)))) < 1e-12, 'spectral derivative');
d2 = kes_fourier_diff_apply([sin(xp), cos(2 * xp)], 2 * pi, 2);
check(max(max(abs(d2 - [-sin(xp), -4 * cos(2 * xp)]))) < 1e-11, 'second derivative, column by column');
xc = kes_cheb_points(16);
check(isequal(size(xc), [17 1]) && xc(1) == 1 && xc(end) == -1 && isequal(xc, -flipud(xc)), 'Chebyshev points');
Dc = kes_cheb_diffmat(16);
check(max(abs(Dc * exp(xc) - exp(xc))) < 1e-12, 'Chebyshev differentiation of exp');
check(abs(kes_cheb_weights(16)' * exp(xc) - (exp(1) - exp(-1))) < 1e-14, 'Clenshaw-Curtis integral of exp');
[ub, xb] = kes_cheb_bvp_solve(exp(4 * xc), [-1 1]);
check(isequal(xb, xc) && max(abs(ub - (exp(4 * xc) - xc * sinh(4) - cosh(4)) / 16)) < 1e-10, 'Trefethen p13 BVP');
xr = 1 + kes_cheb_points(20);   % [0, 2]
ur = kes_cheb_bvp_solve(zeros(21, 1), [0 2], 'p0', -1, 'left', [1 0 1], 'right', [0 1 0]);
check(max(abs(ur - cosh(xr - 2) / cosh(2))) < 1e-10, 'u'''' = u with a Neumann end');
expect_error(@() kes_cheb_bvp_solve(ones(2, 1), [-1 1]), 'kestrel:EDIM');
expect_error(@() kes_cheb_bvp_solve(ones(9, 1), [1 -1]), 'kestrel:EDOM');
expect_error(@() kes_cheb_bvp_solve(ones(9, 1), [-1 1], 'p1', ones(3, 1)), 'kestrel:EDIM');
expect_error(@() kes_fourier_diff_apply(ones(8, 1), 1, 9), 'kestrel:EDOM');
expect_error(@() kes_cheb_points(0), 'kestrel:EDIM');
expect_error(@() kes_fourier_poisson_solve(f2, [1 2 3]), 'kestrel:EDIM');
expect_error(@() kes_fourier_poisson_solve(f2, -1), 'kestrel:EDOM');
expect_error(@() kes_fourier_poisson_solve(zeros(2, 2, 2, 2), 1), 'kestrel:EDIM');
expect_error(@() kes_fourier_poisson_solve([], 1), 'kestrel:EDIM');
fn = f; fn(5) = NaN;
expect_error(@() kes_fourier_poisson_solve(fn, 1), 'kestrel:ENAN');
expect_error(@() kes_fourier_poisson_solve(f, 1, 'screening', -1), 'kestrel:EDOM');
expect_error(@() kes_fourier_poisson_solve(f, 1, 'screen', 1), 'kestrel:usage');
expect_error(@() kes_fourier_poisson_heat(f, 1, -0.1, 1), 'kestrel:EDOM');
expect_error(@() kes_fourier_poisson_heat(f, 1, 0.1), 'kestrel:usage');
expect_error(@() kes_fourier_poisson_heat(single(f), 1, 0.1, 1), 'kestrel:type');

% ---------------------------------------------------------------- derivatives of log K_v
v = [0.3 1 2.5 7 20];
xx = [0.2 1 3 10 40];
[V, XX] = meshgrid(v, xx);
dv = kes_log_besselk_dv(V, XX);
dx = kes_log_besselk_dx(V, XX);
check(isequal(size(dv), size(V)) && isequal(size(dx), size(V)), 'shape kept');
% central differences of Octave's besselk, step hs: truncation (hs^2 / 6) |f'''|
% (about 1e-10 here) plus rounding eps |log K| / hs (about 1e-9 for |log K| < 50),
% so 1e-7 max(1, |f'|) bounds the difference with room to spare
hs = 1e-5;
fdv = (log(besselk(V + hs, XX)) - log(besselk(V - hs, XX))) / (2 * hs);
fdx = (log(besselk(V, XX .* (1 + hs))) - log(besselk(V, XX .* (1 - hs)))) ./ (2 * hs * XX);
check(all(abs(dv(:) - fdv(:)) <= 1e-7 * max(1, abs(fdv(:)))), 'd/dv against besselk differences: %g', max(abs(dv(:) - fdv(:))));
check(all(abs(dx(:) - fdx(:)) <= 1e-7 * max(1, abs(fdx(:)))), 'd/dx against besselk differences: %g', max(abs(dx(:) - fdx(:))));
% d/dx log K_v = -K_{v-1}/K_v - v/x (DLMF 10.29.2): no differencing, besselk's own accuracy
rdx = -besselk(V - 1, XX) ./ besselk(V, XX) - V ./ XX;
check(all(abs(dx(:) - rdx(:)) <= 1e-12 * abs(rdx(:))), 'd/dx against the recurrence: %g', max(abs(dx(:) - rdx(:)) ./ abs(rdx(:))));
check(isequal(kes_log_besselk_dv(-V, XX), -dv) && isequal(kes_log_besselk_dx(-V, XX), dx), 'd/dv odd, d/dx even in v');
check(kes_log_besselk_dv(0, 2) == 0 && kes_log_besselk_dx(2, Inf) == -1 && kes_log_besselk_dv(2, Inf) == 0, 'limits at v = 0, x = Inf');
check(kes_log_besselk_dx(1, 0) == -Inf && kes_log_besselk_dv(1, 0) == Inf, 'limits at x = 0');
check(all(isnan([kes_log_besselk_dv(1, -1), kes_log_besselk_dx(NaN, 1), kes_log_besselk_dv(Inf, 1)])), 'NaN outside the domain');
check(all(dx(:) <= -1), 'd/dx log K <= -1');
Od = kes_log_besselk_dv(v, xx');
check(isequal(size(Od), [numel(xx) numel(v)]) && isequal(Od, dv), 'row of orders x column of arguments');
check(isequal(kes_log_besselk_dx(2.5, xx), kes_log_besselk_dx(2.5 * ones(size(xx)), xx)), 'scalar order broadcast');
expect_error(@() kes_log_besselk_dv([1 2 3], [1 2]), 'kestrel:EDIM');
expect_error(@() kes_log_besselk_dx(1i, 2), 'kestrel:type');
expect_error(@() kes_log_besselk_dx(single(1), 2), 'kestrel:type');
expect_error(@() kes_log_besselk_dv(1), 'kestrel:usage');
expect_error(@() three_outputs(@kes_log_besselk_dv, 1, 2), 'kestrel:usage');

% ---------------------------------------------------------------- KDE: tolerances, modes, sampling, MMD, thinning, bandwidths
rand('seed', 11); randn('seed', 11);
Xd = randn(4000, 2) * [1 0.3; 0 0.8];
Yd = [0 0; 1 -1; 2.5 2; -3 0.5];
hd = 0.3;
D2 = sum(Yd .^ 2, 2) + sum(Xd .^ 2, 2)' - 2 * Yd * Xd';
pex = mean(exp(-D2 / (2 * hd ^ 2)), 2) / (2 * pi * hd ^ 2);       % the density itself, in Octave
lp0 = kes_kde_log_density(Xd, Yd, 'bandwidth', hd);
check(max(abs(exp(lp0) - pex) ./ pex) < 1e-12, 'exact KDE against the direct sum');
% the tolerances: at h = 0.1 the library keeps its kd-tree (at 0.3 the exact sum is cheaper)
ht = 0.1;
pext = mean(exp(-D2 / (2 * ht ^ 2)), 2) / (2 * pi * ht ^ 2);
[tree, Wt] = kes_kde_has_tree(Xd, 'bandwidth', ht, 'rtol', 1e-3);
check(tree && Wt == 4000 && ~kes_kde_has_tree(Xd, 'bandwidth', ht), 'the tolerance checks below run on the kd-tree');
[~, Ww] = kes_kde_has_tree(Xd(1:3, :), 'bandwidth', hd, 'weights', [1 2 0.5]);
check(Ww == 3.5, 'total weight');
lpt = kes_kde_log_density(Xd, Yd, 'bandwidth', ht, 'rtol', 1e-3);
check(all(abs(exp(lpt) - pext) <= 1e-3 * pext * (1 + 1e-9)), 'rtol 1e-3 honoured: %g', max(abs(exp(lpt) - pext) ./ pext));
lp1 = kes_kde_log_density(Xd, Yd, 'bandwidth', ht, 'rtol', 0.1);
check(all(abs(exp(lp1) - pext) <= 0.1 * pext) && max(abs(exp(lp1) - pext) ./ pext) > 1e-6, 'rtol 0.1: within it, and nodes really pruned');
lpa = kes_kde_log_density(Xd, Yd, 'bandwidth', ht, 'atol', 1e-4);
check(all(abs(exp(lpa) - pext) <= 1e-4 + 1e-12 * pext), 'atol 1e-4 honoured: %g', max(abs(exp(lpa) - pext)));
expect_error(@() kes_kde_log_density(Xd, Yd, 'rtol', -1), 'kestrel:EDOM');
% binned estimate with the kernel cut off at 4 h and renormalised (KernSmooth's bkde):
% linear binning and a discrete convolution, written out here
xb = Xd(1:200, 1); Mb = 401; dl = 8 / (Mb - 1);
cb = zeros(Mb, 1);
for i = 1:numel(xb)
  tb = (xb(i) + 4) / dl; jb = floor(tb); rb = tb - jb;
  if jb >= 0 && jb < Mb - 1, cb(jb + 1) += 1 - rb; cb(jb + 2) += rb; end
end
lb = (-floor(4 * 0.3 / dl):floor(4 * 0.3 / dl))';
kb = exp(-(lb * dl / 0.3) .^ 2 / 2); kb = kb / sum(kb);
frb = conv(cb, kb, 'same') / (numel(xb) * dl);
fbc = kes_kde_binned_execute(xb, Mb, -4, 4, 'bandwidth', 0.3, 'binned_cutoff', 4);
check(max(abs(fbc - frb)) < 1e-13 * max(frb), 'binned_cutoff 4 against linear binning and the truncated kernel: %g', max(abs(fbc - frb)) / max(frb));
expect_error(@() kes_kde_binned_execute(xb, Mb, -4, 4, 'binned_cutoff', -1), 'kestrel:EDOM');
% modes of a two-cluster sample, against the roots of the density's derivative in Octave
x1 = [randn(150, 1) - 3; 0.7 * randn(150, 1) + 2.5]; hm = 0.6;
fk = @(y) mean(exp(-(y - x1') .^ 2 / (2 * hm ^ 2)), 2) / (hm * sqrt(2 * pi));
dfk = @(y) sum((x1' - y) .* exp(-(y - x1') .^ 2 / (2 * hm ^ 2)), 2);
yg = (-8:1e-3:8)'; fg = fk(yg);
imax = find(fg(2:end - 1) > fg(1:end - 2) & fg(2:end - 1) > fg(3:end)) + 1;
ref = zeros(numel(imax), 1);
for i = 1:numel(imax), ref(i) = fzero(dfk, [yg(imax(i) - 1), yg(imax(i) + 1)]); end
[md, lpm, sm] = kes_kde_modes(x1, 'bandwidth', hm);
check(numel(md) == numel(ref) && sm.nfound == numel(ref) && sm.converged, 'as many modes as the density has maxima (%d, %d)', numel(md), numel(ref));
% the polish stops at a whitened gradient |f'/f| h <= 1e-10, which moves a mode by about 1e-10 h / (h^2 |f''/f|) < 1e-8
check(max(abs(sort(md) - sort(ref))) < 1e-7, 'modes at the roots of f'': %g', max(abs(sort(md) - sort(ref))));
check(max(abs(lpm - log(fk(md)))) < 1e-12 * max(abs(lpm)), 'log densities at the modes');
check(issorted(-lpm), 'densest first');
ms = kes_kde_modes(x1, 'bandwidth', hm, 'starts', [-3; 2.5]);
check(max(abs(sort(ms) - sort(ref(abs(ref + 3) < 1.5 | abs(ref - 2.5) < 1.5)))) < 1e-7, 'explicit starts');
md2 = kes_kde_modes([Xd(1:300, :); Xd(1:300, :) + 6], 'bandwidth', 0.5, 'proj_dim', 1, 'seed', 2);
check(size(md2, 2) == 2 && size(md2, 1) >= 2, 'modes through a projection');
[~, ~, sn] = kes_kde_modes(x1, 'bandwidth', hm, 'grad_tol', 1e-300);
check(strcmp(sn.status, 'NOCONV') && ~sn.converged && sn.nconverged == 0 && sn.nfound == numel(ref), 'an unreachable grad_tol is the outcome NOCONV');
expect_error(@() kes_kde_modes(x1, 'kernel', 'tophat'), 'kestrel:ENOTSUP');
expect_error(@() kes_kde_modes(x1, 'starts', ones(2, 2)), 'kestrel:EDIM');
expect_error(@() kes_kde_modes(Xd, 'proj_dim', 2), 'kestrel:EDIM');
expect_error(@() kes_kde_modes(x1, 'max_iter', 0), 'kestrel:EDOM');
expect_error(@() kes_kde_modes(x1, 'merge', 1), 'kestrel:usage');
expect_error(@() kes_kde_modes(x1, 'bandwidth'), 'kestrel:usage');
% sampling: moments of the draws
Xs3 = [0 0; 4 1; -2 3]; hsm = 0.5; ns = 200000;
Ys = kes_kde_sample(Xs3, ns, 'bandwidth', hsm, 'seed', 3);
Cth = cov(Xs3, 1) + hsm ^ 2 * eye(2);       % weighted (biased) covariance plus h^2 I
check(isequal(size(Ys), [ns 2]) && isequal(Ys, kes_kde_sample(Xs3, ns, 'bandwidth', hsm, 'seed', 3)), 'shape, same seed same draws');
check(all(abs(mean(Ys) - mean(Xs3)) < 5 * sqrt(diag(Cth)' / ns)), 'mean of the draws within 5 standard errors');
% sd of a sample covariance entry ~ sqrt((C_ii C_jj + C_ij^2) / ns)
Csd = sqrt((diag(Cth) * diag(Cth)' + Cth .^ 2) / ns);
check(all(all(abs(cov(Ys) - Cth) < 5 * Csd)), 'covariance of the draws: cov(X, 1) + h^2 I');
Yw = kes_kde_sample(Xs3, 20000, 'bandwidth', hsm, 'weights', [0 1 0], 'seed', 4);
check(all(abs(mean(Yw) - [4 1]) < 5 * hsm / sqrt(20000)), 'weights pick the points');
Ye = kes_kde_sample(Xs3, 1000, 'bandwidth', hsm, 'kernel', 'tophat', 'seed', 5);
dmin = min(sqrt(sum((permute(Ye, [1 3 2]) - permute(Xs3, [3 1 2])) .^ 2, 3)), [], 2);
check(all(dmin <= hsm * (1 + 1e-12)), 'tophat draws stay within h of a point');
expect_error(@() kes_kde_sample(Xs3, 0), 'kestrel:EDIM');
expect_error(@() kes_kde_sample(Xs3, 10, 'bandwidth', -1), 'kestrel:EDOM');
expect_error(@() kes_kde_sample(Xs3, 10, 'weights', [1 -1 1]), 'kestrel:EBADDATA');
expect_error(@() kes_kde_sample(Xs3, 1.5), 'kestrel:EINVAL');
% random-feature density: unbiased with the reported standard error
[prf, serf] = kes_kde_rff_density(Xd, Yd, 8192, 'bandwidth', hd, 'seed', 2);
check(all(abs(prf - pex) <= 5 * serf), 'random-feature density within 5 standard errors: %s', mat2str((prf - pex) ./ serf, 3));
check(all(serf > 0 & serf <= sqrt(2 / 8192) / (2 * pi * hd ^ 2)), 'standard error below c sqrt(2 / D)');
expect_error(@() kes_kde_rff_density(Xd, Yd, 7), 'kestrel:EDIM');
expect_error(@() kes_kde_rff_density(Xd, Yd, 8, 'kernel', 'epanechnikov'), 'kestrel:ENOTSUP');
expect_error(@() kes_kde_rff_density(Xd, Yd(:, 1), 8), 'kestrel:EDIM');
% MMD against the kernel sums
Xm = randn(40, 2); Ym = randn(30, 2) + 0.3; hmm = 0.8;
sq = @(A, B) max(sum(A .^ 2, 2) + sum(B .^ 2, 2)' - 2 * A * B', 0);
Kxx = exp(-sq(Xm, Xm) / (2 * hmm ^ 2)); Kyy = exp(-sq(Ym, Ym) / (2 * hmm ^ 2)); Kxy = exp(-sq(Xm, Ym) / (2 * hmm ^ 2));
mv = mean(Kxx(:)) + mean(Kyy(:)) - 2 * mean(Kxy(:));
check(abs(kes_kde_mmd(Xm, Ym, 'bandwidth', hmm) - mv) < 1e-13, 'V-statistic');
mu_ = (sum(Kxx(:)) - 40) / (40 * 39) + (sum(Kyy(:)) - 30) / (30 * 29) - 2 * mean(Kxy(:));
check(abs(kes_kde_mmd(Xm, Ym, 'bandwidth', hmm, 'unbiased', true) - mu_) < 1e-13, 'U-statistic');
wx = (1:40)'; wy = ones(30, 1); wy(1:10) = 3; a_ = wx / sum(wx); b_ = wy / sum(wy);
dst = @(A, B) sqrt(sum((permute(A, [1 3 2]) - permute(B, [3 1 2])) .^ 2, 3));   % no cancellation at 0
Lxx = exp(-dst(Xm, Xm) / hmm); Lyy = exp(-dst(Ym, Ym) / hmm); Lxy = exp(-dst(Xm, Ym) / hmm);
check(abs(kes_kde_mmd(Xm, Ym, 'bandwidth', hmm, 'kernel', 'exponential', 'wx', wx, 'wy', wy) - (a_' * Lxx * a_ + b_' * Lyy * b_ - 2 * a_' * Lxy * b_)) < 1e-12, 'weighted, exponential kernel');
check(abs(kes_kde_mmd(Xm, Xm)) < 1e-14, 'MMD(X, X) = 0');
expect_error(@() kes_kde_mmd(Xm, ones(3, 3)), 'kestrel:EDIM');
expect_error(@() kes_kde_mmd(Xm, Ym, 'bandwidth', 0), 'kestrel:EDOM');
expect_error(@() kes_kde_mmd(Xm, Ym, 'wx', -wx), 'kestrel:EBADDATA');
expect_error(@() kes_kde_mmd(Xm, Ym(1, :), 'unbiased', true), 'kestrel:EDOM');
expect_error(@() kes_kde_mmd(Xm, Ym, 'wy', ones(3, 1)), 'kestrel:EDIM');
% kernel thinning beats random subsets of the same size in MMD
Xt2 = randn(256, 2);
it = kes_kde_thin(Xt2, 16, 'bandwidth', 1, 'seed', 1);
mmdp = @(idx) mean(mean(exp(-sq(Xt2(idx, :), Xt2(idx, :)) / 2))) + mean(mean(exp(-sq(Xt2, Xt2) / 2))) - 2 * mean(mean(exp(-sq(Xt2(idx, :), Xt2) / 2)));
check(isequal(size(it), [16 1]) && all(it == round(it) & it >= 1 & it <= 256), 'indices of rows');
check(abs(kes_kde_mmd(Xt2(it, :), Xt2) - mmdp(it)) < 1e-13, 'coreset MMD');
mr = zeros(1, 50);
for r = 1:50, mr(r) = mmdp(randperm(256, 16)); end
check(mmdp(it) < min(mr), 'thinned MMD %g below every one of 50 random subsets (min %g)', mmdp(it), min(mr));
check(isequal(it, kes_kde_thin(Xt2, 16, 'bandwidth', 1, 'seed', 1)), 'same seed, same coreset');
itp = kes_kde_thin(Xt2, 16, 'bandwidth', 1, 'split', 'plus', 'swap', false, 'seed', 1);
check(numel(itp) == 16 && mmdp(itp) < median(mr), 'KT+ without swap');
expect_error(@() kes_kde_thin(Xt2, 0), 'kestrel:EDIM');
expect_error(@() kes_kde_thin(Xt2, 257), 'kestrel:EDIM');
expect_error(@() kes_kde_thin(Xt2, 16, 'kernel', 'exponential', 'split', 'root'), 'kestrel:ENOTSUP');
expect_error(@() kes_kde_thin(Xt2, 16, 'delta', 1.5), 'kestrel:EDOM');
expect_error(@() kes_kde_thin(Xt2, 16, 'split', 'half'), 'kestrel:EINVAL');
% Sheather-Jones as R's bw.SJ, rebuilt here from its binned pair counts
xs = x1; n1 = numel(xs); nb = 1000;
dd = 1.01 * (max(xs) - min(xs)) / nb; ib = fix(xs / dd);
P = abs(ib - ib'); P = P(triu(true(n1), 1));
cnt = accumarray(P + 1, 1, [nb 1]);
del = @(h) ((0:nb - 1)' * dd / h) .^ 2;
phi4 = @(h) (2 * sum(exp(-del(h) / 2) .* (del(h) .^ 2 - 6 * del(h) + 3) .* cnt .* (del(h) < 1000)) + 3 * n1) / (n1 * (n1 - 1) * h ^ 5 * sqrt(2 * pi));
phi6 = @(h) (2 * sum(exp(-del(h) / 2) .* (del(h) .^ 3 - 15 * del(h) .^ 2 + 45 * del(h) - 15) .* cnt .* (del(h) < 1000)) - 15 * n1) / (n1 * (n1 - 1) * h ^ 7 * sqrt(2 * pi));
srt = sort(xs); q7 = @(p) interp1(1:n1, srt, (n1 - 1) * p + 1);   % quantile type 7
scl = min(std(xs), (q7(0.75) - q7(0.25)) / 1.349);
a7 = 1.24 * scl * n1 ^ (-1 / 7); b9 = 1.23 * scl * n1 ^ (-1 / 9); c1 = 1 / (2 * sqrt(pi) * n1);
TD = -phi6(b9);
hdpi = (c1 / phi4((2.394 / (n1 * TD)) ^ (1 / 7))) ^ (1 / 5);
check(abs(kes_kde_bw_sj(xs, 'dpi') / hdpi - 1) < 1e-12, 'SJ-DPI against the binned formula: %g', kes_kde_bw_sj(xs, 'dpi') / hdpi - 1);
hste = kes_kde_bw_sj(xs);
resid = hste - (c1 / phi4(1.357 * (phi4(a7) / TD) ^ (1 / 7) * hste ^ (5 / 7))) ^ (1 / 5);
check(abs(resid) < 1e-10 * hste, 'SJ-STE solves its equation: residual %g', resid);
check(abs(kes_kde_bw_sj(xs, 'ste', 1000) - hste) == 0, 'nbins 1000 is the default');
expect_error(@() kes_kde_bw_sj(xs, 'plugin'), 'kestrel:EINVAL');
expect_error(@() kes_kde_bw_sj(1), 'kestrel:EDIM');
expect_error(@() kes_kde_bw_sj(ones(5, 1)), 'kestrel:EDOM');
% ISJ: affine equivariance (the binning follows the data's range) and a normal sample
hi1 = kes_kde_bw_isj(xs);
check(abs(kes_kde_bw_isj(3 * xs + 5) / (3 * hi1) - 1) < 1e-9, 'ISJ(3x + 5) = 3 ISJ(x)');
xn = randn(5000, 1);
hsil = 0.9 * min(std(xn), iqr(xn) / 1.34) * 5000 ^ (-1 / 5);
check(abs(kes_kde_bw_isj(xn) / hsil - 1) < 0.25, 'ISJ near the normal reference for normal data: %g', kes_kde_bw_isj(xn) / hsil);
expect_error(@() kes_kde_bw_isj(ones(9, 1)), 'kestrel:EDOM');
expect_error(@() kes_kde_bw_isj(xs, 1), 'kestrel:EDIM');
% likelihood cross-validation: the maximiser of the leave-one-out likelihood computed here
Xl2 = Xd(1:300, :);
D2l = sq(Xl2, Xl2);
loo = @(h) mean(log((sum(exp(-D2l / (2 * h ^ 2)), 2) - 1) / (299 * 2 * pi * h ^ 2)));
hl = kes_kde_bw_lcv(Xl2);
hg = hl * exp(linspace(-0.7, 0.7, 141));
lg = arrayfun(loo, hg);
check(loo(hl) >= max(lg) - 1e-12 * abs(loo(hl)), 'LCV maximises the leave-one-out likelihood');
expect_error(@() kes_kde_bw_lcv(Xl2, 2, 1), 'kestrel:EDOM');
% Hpi: equivariant under scaling, invariant under translation (sphering), and for
% normal data near the normal-reference AMISE optimum n^(-1/3) S (Wand & Jones 1995, Sec. 4.5)
Hh = kes_kde_bw_hpi(Xl2);
check(isequal(Hh, Hh') && all(eig(Hh) > 0), 'H symmetric positive definite');
check(norm(kes_kde_bw_hpi(2 * Xl2) - 4 * Hh) < 1e-8 * norm(Hh), 'Hpi(2 X) = 4 Hpi(X)');
check(norm(kes_kde_bw_hpi(Xl2 + [3 -1]) - Hh) < 1e-8 * norm(Hh), 'Hpi(X + c) = Hpi(X)');
Hn = 2000 ^ (-1 / 3) * cov(Xd(1:2000, :));
check(norm(kes_kde_bw_hpi(Xd(1:2000, :)) - Hn) < 0.15 * norm(Hn), 'Hpi near n^(-1/3) S for normal data');
expect_error(@() kes_kde_bw_hpi(randn(20, 3)), 'kestrel:ENOTSUP');
expect_error(@() kes_kde_bw_hpi(randn(20, 1)), 'kestrel:ENOTSUP');
expect_error(@() kes_kde_bw_hpi(randn(2, 2)), 'kestrel:EDOM');

% ---------------------------------------------------------------- GP: composite covariances, general Matern, posterior covariance, samples, files
count0 = kes_gp_mex('count');
tg = linspace(0, 3, 25)'; yg = sin(2 * pi * tg / 1.3) + 0.3 * tg + 0.05 * cos(17 * tg);
tq = [0.1; 0.77; 1.5; 2.2; 3.4];
th = log([1.5 0.9 1.3 0.4 2.0 0.1]);   % [s1, l_per, period, s2, l_se, n2]
cdesc = {'sum', {'scale', 'periodic'}, {'scale', 'se'}};
gpc = kes_gp_fit(tg, yg, 'cov', cdesc, 'theta0', th, 'optimize', false);
e = exp(th);
kf = @(a, b) e(1) * exp(-2 * sin(pi * abs(a - b') / e(3)) .^ 2 / e(2) ^ 2) + e(4) * exp(-(a - b') .^ 2 / (2 * e(5) ^ 2));
Ky = kf(tg, tg) + e(6) * eye(25); Ks = kf(tg, tq);
Cref = kf(tq, tq) - Ks' * (Ky \ Ks); mref = Ks' * (Ky \ yg);
Rc = chol(Ky);
lref = -0.5 * yg' * (Ky \ yg) - sum(log(diag(Rc))) - 12.5 * log(2 * pi);
tolc = 100 * cond(Ky) * eps;          % backward-stable solves with Ky
[mc, vc] = kes_gp_predict(gpc, tq);
check(max(abs(mc - mref)) < tolc * max(1, max(abs(mref))), 'composite GP mean against the dense formula: %g', max(abs(mc - mref)));
check(max(abs(vc - diag(Cref))) < tolc * max(diag(kf(tq, tq))), 'composite GP variance');
check(abs(kes_gp_log_marginal_likelihood(gpc) - lref) < tolc * abs(lref), 'composite GP LML: %g vs %g', kes_gp_log_marginal_likelihood(gpc), lref);
check(isequal(kes_gp_theta(gpc), th) && strcmp(kes_gp_info(gpc).kernel, 'composite'), 'theta kept, kind reported');
[Kc, pc] = kes_gp_cov_matrix(cdesc, th(1:5), tg, tq);
check(pc == 5 && max(max(abs(Kc - kf(tg, tq)))) < 1e-14 * max(abs(Kc(:))), 'kes_gp_cov_matrix against the formula');
check(isequal(kes_gp_cov_matrix(cdesc, th(1:5), tg), kes_gp_cov_matrix(cdesc, th(1:5), tg, tg)), 'Z defaults to X');
expect_error(@() kes_gp_cov_matrix(cdesc, th, tg), 'kestrel:EDIM');
expect_error(@() kes_gp_cov_matrix(cdesc, th(1:5), tg, [tq tq]), 'kestrel:EDIM');
expect_error(@() kes_gp_cov_matrix({'scale'}, 0, tg), 'kestrel:usage');
[mpc, Cpc] = kes_gp_predict_cov(gpc, tq);
check(isequal(size(Cpc), [5 5]) && max(abs(Cpc(:) - Cref(:))) < tolc * max(diag(kf(tq, tq))), 'predictive covariance against the dense formula');
check(isequal(mpc, mc) && max(abs(diag(Cpc) - vc)) < 1e-14 * max(vc), 'its mean and diagonal are kes_gp_predict''s');
% samples: moments within 5 standard errors of their estimates
nsm = 20000;
[Fs, jit] = kes_gp_sample(gpc, tq, nsm, 'seed', 4);
check(isequal(size(Fs), [5 nsm]) && jit == 0 && isequal(Fs, kes_gp_sample(gpc, tq, nsm, 'seed', 4)), 'sample shape, seed');
check(all(abs(mean(Fs, 2) - mref) < 5 * sqrt(diag(Cref) / nsm)), 'sample mean');
Csd = sqrt((diag(Cref) * diag(Cref)' + Cref .^ 2) / nsm);
check(all(all(abs(cov(Fs') - Cref) < 5 * Csd)), 'sample covariance');
[~, jit2] = kes_gp_sample(gpc, [tq; tq(1)], 3, 'seed', 1);
check(jit2 > 0, 'a repeated query point needs a jitter');
% a product over coordinates, a spectral mixture, and the ARD Matern leaf on one coordinate
X2 = [tg, cos(tg)];
cov2 = {'scale', {'product', {'periodic', 1}, {'matern32_ard', 2}, {'sm', 2, 1, 'student_t'}}};
p2 = 1 + 2 + 1 + 2 * 3 + 1;
gp2c = kes_gp_fit(X2, yg, 'cov', cov2, 'theta0', zeros(1, p2), 'optimize', false);
check(numel(kes_gp_theta(gp2c)) == p2 && all(isfinite(kes_gp_predict(gp2c, X2(1:3, :)))), 'nested composite description');
% general-smoothness Matern against besselk
nu = 0.8; tm = log([1.2 0.7 nu 0.05]);
gpm = kes_gp_fit(tg, yg, 'kernel', 'matern', 'theta0', tm, 'optimize', false);
r = abs(tg - tg') / 0.7; z = sqrt(2 * nu) * r;
Km = 1.2 * 2 ^ (1 - nu) / gamma(nu) * z .^ nu .* besselk(nu, z); Km(r == 0) = 1.2;
Kmy = Km + 0.05 * eye(25);
lm = -0.5 * yg' * (Kmy \ yg) - sum(log(diag(chol(Kmy)))) - 12.5 * log(2 * pi);
check(abs(kes_gp_log_marginal_likelihood(gpm) - lm) < 100 * cond(Kmy) * eps * abs(lm) + 1e-12 * abs(lm), 'Matern nu = 0.8 LML against besselk');
% the gradient in log nu (through d/dv log K_v) against central differences of the
% dense LML: step 1e-5, rounding about cond(K) eps |LML| / 1e-5 < 1e-7
lmlnu = @(lnu) -0.5 * yg' * (mat_cov(tg, 1.2, 0.7, exp(lnu), 0.05) \ yg) - sum(log(diag(chol(mat_cov(tg, 1.2, 0.7, exp(lnu), 0.05))))) - 12.5 * log(2 * pi);
[~, gm] = kes_gp_log_marginal_likelihood(gpm);
gfd = (lmlnu(log(nu) + 1e-5) - lmlnu(log(nu) - 1e-5)) / 2e-5;
check(abs(gm(3) - gfd) < 1e-6 * max(1, abs(gfd)), 'dLML / dlog nu against differences: %g vs %g', gm(3), gfd);
gpm2 = kes_gp_fit(tg, yg, 'kernel', 'matern', 'matern_nu', 0.8, 'matern_nu_bounds', [0.1 10]);
thm = kes_gp_theta(gpm2);
check(numel(thm) == 4 && exp(thm(3)) >= 0.1 * (1 - 1e-12) && exp(thm(3)) <= 10 * (1 + 1e-12), 'nu learned within its bounds');
gpm0 = kes_gp_fit(tg, yg, 'kernel', 'matern', 'matern_nu', 0.8, 'matern_nu_bounds', [0.1 10], 'optimize', false);
l0m = kes_gp_log_marginal_likelihood(gpm0);
check(kes_gp_log_marginal_likelihood(gpm2) >= l0m - 1e-9 * abs(l0m), 'the fit raises the likelihood from its start');
[~, gst] = kes_gp_fit(tg, yg, 'kernel', 'matern32', 'optimizer', 'gsl_bfgs2');
check(any(strcmp(gst, {'OK', 'NOCONV'})), 'GSL optimiser');
% files: bit-exact round trip, through the functions and the methods
fg = [tempname() '.gp'];
kes_gp_save(gpc, fg);
gpl = kes_gp_load(fg);
check(isequal(kes_gp_predict(gpl, tq), mc) && isequal(kes_gp_theta(gpl), th), 'save / load round trip (composite)');
gpm.save(fg);
gpl2 = kes_gp.load(fg);
check(isequal(kes_gp_predict(gpl2, tq), kes_gp_predict(gpm, tq)) && strcmp(kes_gp_info(gpl2).kernel, 'matern'), 'methods save / load');
expect_error(@() kes_gp_predict(gpl2, [tq tq]), 'kestrel:EDIM');
delete(fg);
fid = fopen(fg, 'w'); fprintf(fid, 'kestrel-gp 1\nsizes 3 1 4\nmean 0\nmodel kernel 0\ntheta 0x1p+0\n'); fclose(fid);
expect_error(@() kes_gp_load(fg), 'kestrel:EPARSE');
fid = fopen(fg, 'w'); fprintf(fid, 'garbage\n'); fclose(fid);
expect_error(@() kes_gp_load(fg), 'kestrel:EPARSE');
delete(fg);
expect_error(@() kes_gp_load('/nonexistent/dir/m.gp'), 'kestrel:EIO');
expect_error(@() kes_gp_save(gpc, '/nonexistent/dir/m.gp'), 'kestrel:EIO');
expect_error(@() kes_gp_fit(tg, yg, 'cov', cdesc), 'kestrel:usage', 'theta0');
expect_error(@() kes_gp_fit(tg, yg, 'cov', cdesc, 'theta0', th(1:5)), 'kestrel:EDIM');
expect_error(@() kes_gp_fit(tg, yg, 'cov', {'sum', 'se'}, 'theta0', th), 'kestrel:usage');
expect_error(@() kes_gp_fit(tg, yg, 'cov', {'wavelet'}, 'theta0', th), 'kestrel:EINVAL');
expect_error(@() kes_gp_fit(tg, yg, 'cov', {'periodic', 2}, 'theta0', th(1:3)), 'kestrel:EINVAL');
expect_error(@() kes_gp_fit(tg, yg, 'cov', 3, 'theta0', th), 'kestrel:type');
expect_error(@() kes_gp_fit(tg, yg, 'theta_lower', th), 'kestrel:usage');
expect_error(@() kes_gp_fit(tg, yg, 'optimizer', 'newton'), 'kestrel:EINVAL');
expect_error(@() kes_gp_predict_cov(gpc, ones(2, 2)), 'kestrel:EDIM');
expect_error(@() kes_gp_sample(gpc, tq, 0), 'kestrel:EDIM');
expect_error(@() kes_gp_sample(gpc, tq, 2, 'seeds', 1), 'kestrel:usage');
clear gpc gp2c gpm gpm0 gpm2 gpl gpl2;
check(kes_gp_mex('count') == count0, 'no model left behind');

% ---------------------------------------------------------------- Kronecker and Vecchia GPs against the dense GP
g1 = linspace(0, 1, 7); g2 = linspace(0, 2, 5);
[G1, G2] = ndgrid(g1, g2);                       % first index fastest, as the grid
Yk = sin(3 * G1) .* cos(G2) + 0.05 * cos(11 * G1 + 7 * G2);
tk = log([1.3 0.4 0.7 0.05]); ek = exp(tk);
tk0 = tk;
kk = @(A, B) ek(1) * exp(-(A(:, 1) - B(:, 1)') .^ 2 / (2 * ek(2) ^ 2) - (A(:, 2) - B(:, 2)') .^ 2 / (2 * ek(3) ^ 2));
Pg = [G1(:), G2(:)]; Pq = [0.05 0.3; 0.5 1.7; 0.9 0.1];
Kk = kk(Pg, Pg) + ek(4) * eye(35);
tolk = 100 * cond(Kk) * eps;
lk = -0.5 * Yk(:)' * (Kk \ Yk(:)) - sum(log(diag(chol(Kk)))) - 17.5 * log(2 * pi);
mk = kk(Pq, Pg) * (Kk \ Yk(:)); vk = ek(1) - sum(kk(Pq, Pg)' .* (Kk \ kk(Pq, Pg)'))';
[mu, s2, thk, lmk, stk] = kes_gp_kron({g1, g2}, Yk, Pq, 'kernel', 'se_ard', 'theta0', tk, 'fit', false);
check(abs(lmk - lk) < tolk * abs(lk), 'Kronecker LML against the dense GP: %g vs %g', lmk, lk);
check(max(abs(mu - mk)) < tolk * max(abs(mk)) && max(abs(s2 - vk)) < tolk * ek(1), 'Kronecker prediction against the dense GP');
check(isequal(thk, tk) && strcmp(stk, 'OK'), 'theta returned as given');
q1 = [0.05 0.5 0.9]; q2 = [0.3 1.7];
[mg, sg] = kes_gp_kron({g1, g2}, Yk, {q1, q2}, 'kernel', 'se_ard', 'theta0', tk, 'fit', false);
[Q1, Q2] = ndgrid(q1, q2);
[mp, sp] = kes_gp_kron({g1, g2}, Yk, [Q1(:), Q2(:)], 'kernel', 'se_ard', 'theta0', tk, 'fit', false);
check(isequal(size(mg), [3 2]) && max(abs(mg(:) - mp)) < 1e-12 * max(abs(mp)) && max(abs(sg(:) - sp)) < 1e-12 * ek(1), 'grid prediction = point prediction');
% a missing cell: the dense GP on the observed cells, up to the CG tolerance 1e-10 times cond
Ym = Yk; Ym(3, 2) = NaN; ob = ~isnan(Ym(:));
Ko = Kk(ob, ob);
mo_ = kk(Pq, Pg(ob, :)) * (Ko \ Ym(ob));
mmk = kes_gp_kron({g1, g2}, Ym, Pq, 'kernel', 'se_ard', 'theta0', tk, 'fit', false);
check(max(abs(mmk - mo_)) < 1e-10 * cond(Ko) * max(abs(mo_)), 'missing cell: mean of the observed-cell GP');
[~, ~, thf, lf] = kes_gp_kron({g1, g2}, Yk, [], 'kernel', 'se_ard', 'theta0', tk);
check(lf >= lmk - 1e-9 * abs(lmk) && numel(thf) == 4, 'the fit raises the LML: %g -> %g', lmk, lf);
expect_error(@() kes_gp_kron({g1, g2}, Yk(1:5, :), Pq), 'kestrel:EDIM');
expect_error(@() kes_gp_kron({g1, g2}, Yk, Pq(:, 1)), 'kestrel:EDIM');
expect_error(@() kes_gp_kron({g1, g2}, Yk, Pq, 'kernel', 'rq'), 'kestrel:EINVAL');
expect_error(@() kes_gp_kron(g1, Yk, Pq), 'kestrel:type');
expect_error(@() kes_gp_kron({g1, g2}, Yk, Pq, 'theta0', [1 2]), 'kestrel:EDIM');
% Vecchia with every earlier point in the conditioning set is the exact GP
rand('seed', 5);
Xv = rand(40, 2); yv = sin(4 * Xv(:, 1)) + Xv(:, 2) .^ 2;
tv = log([0.8 0.3 0.02]); ev = exp(tv);
Kv = ev(1) * exp(-sq(Xv, Xv) / (2 * ev(2) ^ 2)) + ev(3) * eye(40);
lv = -0.5 * yv' * (Kv \ yv) - sum(log(diag(chol(Kv)))) - 20 * log(2 * pi);
[mv, sv, thv, lvv] = kes_gp_vecchia(Xv, yv, Xv(1:4, :), 'm', 39, 'theta0', tv, 'fit', false);
check(abs(lvv - lv) < 100 * cond(Kv) * eps * abs(lv), 'Vecchia with m = n - 1 is the exact LML: %g vs %g', lvv, lv);
check(all(isfinite(mv)) && all(sv >= 0) && isequal(thv, tv), 'Vecchia predictions');
[~, ~, ~, ~, ~, Lv, pv] = kes_gp_vecchia(Xv, yv, [], 'm', 39, 'theta0', tv, 'fit', false);
check(issparse(Lv) && istril(Lv) && isequal(sort(pv), (1:40)'), 'factor lower triangular, perm a permutation');
check(norm(full(Lv' * Lv) - inv(Kv(pv, pv))) < 100 * cond(Kv) * eps * norm(inv(Kv)), 'L'' L = inv(K + n2 I) in the maximin order');
[~, ~, ~, lv5] = kes_gp_vecchia(Xv, yv, [], 'm', 5, 'theta0', tv, 'fit', false);
check(isfinite(lv5) && lv5 ~= lvv, 'm = 5 is an approximation');
[~, ~, thf2, lf2] = kes_gp_vecchia(Xv, yv, [], 'm', 10, 'theta0', tv);
[~, ~, ~, l0] = kes_gp_vecchia(Xv, yv, [], 'm', 10, 'theta0', tv, 'fit', false);
check(lf2 >= l0 - 1e-9 * abs(l0), 'Fisher scoring raises the Vecchia LML');
[~, ~, ~, ~, sk1] = kes_gp_kron({g1, g2}, Yk, [], 'kernel', 'se_ard', 'theta0', tk0, 'max_iter', 1);
[~, ~, ~, ~, sv1] = kes_gp_vecchia(Xv, yv, [], 'm', 5, 'theta0', tv, 'max_iter', 1);
check(strcmp(sk1, 'NOCONV') && strcmp(sv1, 'NOCONV'), 'one iteration: the fits report NOCONV');
expect_error(@() kes_gp_vecchia(Xv, yv(1:5), []), 'kestrel:EDIM');
expect_error(@() kes_gp_vecchia(Xv, yv, ones(2, 3)), 'kestrel:EDIM');
expect_error(@() kes_gp_vecchia(Xv, yv, [], 'm', 0), 'kestrel:EDIM');
expect_error(@() kes_gp_vecchia(Xv, yv, [], 'kernel', 'matern'), 'kestrel:EINVAL');
expect_error(@() kes_gp_vecchia(Xv, yv, [], 'neighbours', 3), 'kestrel:usage');

% ---------------------------------------------------------------- PDE: Helmholtz, dealiasing, Chebyshev transform, FD Poisson, time stepping
n = 64; Lb = 2 * pi; x = (0:n - 1)' * Lb / n;
ny = 32; Ly = 3; y = (0:ny - 1) * Ly / ny;
[XX, YY] = ndgrid(x, y);
f2 = exp(sin(XX) + cos(2 * pi * YY / Ly));
kx = [0:n / 2 - 1, -n / 2:-1]' * 2 * pi / Lb; ky = [0:ny / 2 - 1, -ny / 2:-1] * 2 * pi / Ly;
k2 = kx .^ 2 + ky .^ 2;
uh = kes_fourier_poisson_solve(f2, [Lb Ly], 'k2', 2.5);
uhr = real(ifft2(fft2(f2) ./ (k2 - 2.5)));
check(max(abs(uh(:) - uhr(:))) < 1e-12 * max(abs(uhr(:))), 'Helmholtz against fft2: %g', max(abs(uh(:) - uhr(:))));
u0 = kes_fourier_poisson_solve(f2, [Lb Ly]);
check(max(abs(reshape(kes_fourier_poisson_solve(f2, [Lb Ly], 'k2', 0) - u0, [], 1))) < 1e-14 * max(abs(u0(:))), 'k2 = 0 is Poisson');
check(max(abs(reshape(kes_fourier_poisson_solve(f2, [Lb Ly], 'k2', -2) - kes_fourier_poisson_solve(f2, [Lb Ly], 'screening', 2), [], 1))) < 1e-14 * max(abs(u0(:))), 'k2 < 0 is screened Poisson');
expect_error(@() kes_fourier_poisson_solve(f2, [Lb Ly], 'k2', 1), 'kestrel:ESINGULAR');
expect_error(@() kes_fourier_poisson_solve(f2, [Lb Ly], 'k2', 1, 'screening', 1), 'kestrel:usage');
expect_error(@() kes_fourier_poisson_solve(f2, [Lb Ly], 'k2', Inf), 'kestrel:EDOM');
fa = randn(16, 12);
ja = [0:7, -8:-1]'; jb = [0:5, -6:-1];
keep = (3 * abs(ja) < 16) & (3 * abs(jb) < 12);
check(max(max(abs(kes_fourier_poisson_dealias(fa) - real(ifft2(fft2(fa) .* keep))))) < 1e-14 * max(abs(fa(:))), 'dealiasing against the fft2 mask');
fv = randn(1, 10);
check(isequal(size(kes_fourier_poisson_dealias(fv)), [1 10]) && max(abs(kes_fourier_poisson_dealias(fv) - real(ifft(fft(fv) .* (3 * abs([0:5, -4:-1]) < 10))))) < 1e-14 * max(abs(fv)), '1-D dealiasing');
expect_error(@() kes_fourier_poisson_dealias([1 NaN 2]), 'kestrel:ENAN');
expect_error(@() kes_fourier_poisson_dealias(ones(2, 2, 2, 2)), 'kestrel:EDIM');
% Chebyshev transform against its defining cosine sums
nc = 16; xc = kes_cheb_points(nc); jc = (0:nc)';
w = ones(nc + 1, 1); w([1 end]) = 0.5;
Cc = cos(jc * jc' * pi / nc);
fc = [exp(xc), cos(3 * acos(xc))];
ac = kes_cheb_transform(fc);
acr = (2 * w / nc) .* (Cc * (w .* fc));   % a_k = (2 c_k / n) sum'' f_j cos(j k pi / n) (Trefethen 2000, Ch. 8)
check(max(abs(ac(:) - acr(:))) < 1e-14 * 10, 'coefficients against the cosine sums: %g', max(abs(ac(:) - acr(:))));
check(max(abs(ac(:, 2) - (jc == 3))) < 1e-15 * 10, 'T_3 has one coefficient');
check(max(max(abs(kes_cheb_transform(ac, 'values') - fc))) < 1e-14 * 10, 'values invert coeffs');
check(isequal(size(kes_cheb_transform(fc(:, 1)')), [1 nc + 1]), 'a row is one transform');
expect_error(@() kes_cheb_transform(1), 'kestrel:EDIM');
expect_error(@() kes_cheb_transform(fc, 'dct'), 'kestrel:EINVAL');
expect_error(@() kes_cheb_transform([1; NaN; 2]), 'kestrel:ENAN');
% finite differences: fast solves against A \ f, matrices against kron assemblies
Tn = @(m) spdiags(ones(m, 1) * [-1 2 -1], -1:1, m, m);
Nn = @(m) Tn(m) - sparse([1 m], [1 m], 1, m, m);          % cell-centred, no flux
hf = [0.1 0.2]; ff = randn(7, 6);
Ad = kron(speye(6), Tn(7) / hf(1) ^ 2) + kron(Tn(6) / hf(2) ^ 2, speye(7));
ud = kes_fd_poisson_solve(ff, hf);
check(norm(ud(:) - Ad \ ff(:)) < 1e-12 * norm(Ad \ ff(:)), 'DST Poisson against backslash');
An = kron(speye(6), Nn(7) / hf(1) ^ 2) + kron(Nn(6) / hf(2) ^ 2, speye(7));
un = kes_fd_poisson_solve(ff, hf, 'bc', 'neumann');
check(norm(An * un(:) - (ff(:) - mean(ff(:)))) < 1e-11 * norm(ff(:)) && abs(mean(un(:))) < 1e-13 * max(abs(un(:))), 'Neumann: zero-mean solution of A u = f - mean(f)');
f3 = randn(5, 4, 3);
A3 = kron(speye(12), Tn(5)) + kron(kron(speye(3), Tn(4)), speye(5)) + kron(Tn(3), speye(20));
u3 = kes_fd_poisson_solve(f3, 1);
check(norm(u3(:) - A3 \ f3(:)) < 1e-12 * norm(u3(:)), '3-D DST Poisson');
Af = kes_fd_diffusion([7 6], hf);
check(issparse(Af) && norm(Af - Ad, 1) < 1e-12 * norm(Ad, 1), 'kes_fd_diffusion (a = 1) is the 5-point matrix');
check(norm(kes_fd_diffusion([7 6], hf, 'bc', 'neumann') - An, 1) < 1e-12 * norm(An, 1), 'Neumann matrix');
m1 = 9; h1 = 0.1; fl = ((0:m1 - 1)' + 0.5) * h1; fu = fl + h1;      % faces below and above each point
Av = sparse(diag(2 + fl + fu) - diag(1 + fu(1:end - 1), 1) - diag(1 + fu(1:end - 1), -1)) / h1 ^ 2;
check(norm(kes_fd_diffusion(m1, h1, 'a', @(x) 1 + x(1)) - Av, 1) < 1e-12 * norm(Av, 1), 'variable coefficient: a at the face midpoints');
check(norm(kes_fd_diffusion(m1, h1, 'a', 3) - 3 * Tn(m1) / h1 ^ 2, 1) < 1e-12 * norm(3 * Tn(m1) / h1 ^ 2, 1), 'constant coefficient');
Nu = Ad + sparse(1:41, 2:42, 0.3, 42, 42);      % not symmetric: S must be I + c N, not its transpose
Sb = kes_fd_step_matrix(Nu, 0.01);
check(issparse(Sb) && norm(Sb - (speye(42) + 0.01 * Nu), 1) < 1e-15 * norm(Sb, 1), 'step matrix I + c L');
expect_error(@() kes_fd_step_matrix(Nu(:, 1:41), 0.1), 'kestrel:EDIM');
expect_error(@() kes_fd_step_matrix(Nu, Inf), 'kestrel:EDOM');
um = kes_fourier_poisson_solve(f2, [Lb Ly], 'effort', 'measure');
ut = kes_fourier_poisson_solve(f2, [Lb Ly], 'threads', 2, 'screening', 2);
check(max(abs(um(:) - u0(:))) < 1e-13 * max(abs(u0(:))), 'measured plan, same solution');
usr2 = real(ifft2(fft2(f2) ./ (k2 + 2)));
check(max(abs(ut(:) - usr2(:))) < 1e-12 * max(abs(usr2(:))), 'threaded screened plan against fft2');
expect_error(@() kes_fourier_poisson_solve(f2, [Lb Ly], 'threads', 0), 'kestrel:EINVAL');
expect_error(@() kes_fourier_poisson_solve(f2, [Lb Ly], 'threads', 2, 'screening', -1), 'kestrel:EDOM');
expect_error(@() kes_fourier_poisson_solve(f2, [Lb Ly], 'effort', 'quick'), 'kestrel:EINVAL');
fw = [tempname() '.wisdom'];
kes_fft_wisdom_export(fw);
kes_fft_wisdom_import(fw);
dw = dir(fw);
check(dw.bytes > 100, 'the measured plans'' wisdom written (%d bytes) and read back', dw.bytes);
fid = fopen(fw, 'w'); fprintf(fid, 'not wisdom\n'); fclose(fid);
expect_error(@() kes_fft_wisdom_import(fw), 'kestrel:EIO');
delete(fw);
expect_error(@() kes_fft_wisdom_import('/nonexistent/dir/w'), 'kestrel:EIO');
expect_error(@() kes_fft_wisdom_export('/nonexistent/dir/w'), 'kestrel:EIO');
expect_error(@() kes_fd_diffusion(m1, h1, 'a', -1), 'kestrel:EDOM');
expect_error(@() kes_fd_diffusion(m1, h1, 'a', @(x) error('boom')), 'kestrel:EDOM');
expect_error(@() kes_fd_diffusion([0 3], h1), 'kestrel:EDIM');
expect_error(@() kes_fd_diffusion([2 2 2 2], h1), 'kestrel:EDIM');
expect_error(@() kes_fd_diffusion(m1, -h1), 'kestrel:EDOM');
expect_error(@() kes_fd_diffusion(m1, h1, 'bc', 'robin'), 'kestrel:EINVAL');
expect_error(@() kes_fd_poisson_solve(ff, [1 2 3]), 'kestrel:EDIM');
expect_error(@() kes_fd_poisson_solve(ff, 0), 'kestrel:EDOM');
% time stepping: the KdV and NLS solitons in closed form, Allen-Cahn against ode45
nk = 256; Lk = 40; xk = -20 + (0:nk - 1)' * Lk / nk;
uk0 = 12 * sech(xk) .^ 2;                 % 3 c sech^2(sqrt(c) x / 2), c = 4
uke = 12 * sech(xk - 4 * 0.5) .^ 2;      % at t = 0.5
ek = zeros(1, 2); ei = ek;
for r = 1:2
  hh = 2e-3 / r;
  ek(r) = max(abs(kes_pde_integrate('kdv', uk0, Lk, hh, round(0.5 / hh)) - uke));
  ei(r) = max(abs(kes_pde_integrate('kdv', uk0, Lk, hh, round(0.5 / hh), 'scheme', 'imexrk') - uke));
end
check(ek(2) < 2e-7 && log2(ek(1) / ek(2)) > 3.5, 'KdV soliton by ETDRK4: error %g, order %.2f', ek(2), log2(ek(1) / ek(2)));
check(ei(2) < 5e-5 && log2(ei(1) / ei(2)) > 2.5, 'KdV soliton by IMEX RK: error %g, order %.2f', ei(2), log2(ei(1) / ei(2)));
ns_ = 256; xs_ = -20 + (0:ns_ - 1)' * 40 / ns_;
% the periodic box cuts the soliton at |x| = 20, where sech is 4e-9
[un_, dn_, sn_] = kes_pde_integrate('nls', complex(sech(xs_)), 40, 1e-3, 1000);
check(~isreal(un_) && dn_ == 1000 && strcmp(sn_, 'OK') && max(abs(un_ - sech(xs_) * exp(1i))) < 1e-8, 'NLS soliton sech(x) e^{it} by complex ETDRK4: %g', max(abs(un_ - sech(xs_) * exp(1i))));
check(max(abs(kes_pde_integrate('nls', sech(xs_), 40, 1e-3, 1000, 'scheme', 'imexrk') - sech(xs_) * exp(1i))) < 1e-8, 'NLS soliton by complex IMEX RK');
na = 32; xa = (0:na - 1)' * 2 * pi / na; ka = [0:na / 2 - 1, -na / 2:-1]';
ua0 = 0.5 * sin(xa) + 0.2 * cos(2 * xa) - 0.1 * sin(5 * xa);
rhs = @(t, u) real(ifft(-0.1 * ka .^ 2 .* fft(u))) + u - u .^ 3;
[~, Ua] = ode45(rhs, [0 1], ua0, odeset('RelTol', 1e-11, 'AbsTol', 1e-13));
ua = kes_pde_integrate('allen-cahn', ua0, 2 * pi, 0.01, 100, 'eps', 0.1);
check(max(abs(ua - Ua(end, :)')) < 1e-9, 'Allen-Cahn by ETDRK4 against ode45: %g', max(abs(ua - Ua(end, :)')));
ub = kes_pde_integrate('burgers', sin(xa), 2 * pi, 0.01, 100, 'dealias', true);
check(all(isfinite(ub)) && max(abs(ub)) <= 1, 'Burgers, dealiased: bounded by the initial maximum');
% u - u^3 with |u| = 50 and h = 1 overflows within a step or two: an outcome, not an error
[ud, dd, sd] = kes_pde_integrate('allen-cahn', 50 * sin(xa), 2 * pi, 1, 100, 'scheme', 'imexrk');
check(strcmp(sd, 'EDIVERGE') && dd < 100 && all(isfinite(ud)), 'blow-up: EDIVERGE after %d steps, u the last finite step', dd);
lastwarn('');
printf('(the kestrel:EDIVERGE warning below is expected)\n');
kes_pde_integrate('allen-cahn', 50 * sin(xa), 2 * pi, 1, 100);
[~, wid] = lastwarn();
check(strcmp(wid, 'kestrel:EDIVERGE'), 'warning kestrel:EDIVERGE without the status output');
expect_error(@() kes_pde_integrate('heat', ua0, 1, 0.1, 1), 'kestrel:EINVAL');
expect_error(@() kes_pde_integrate('kdv', complex(ua0), 1, 0.1, 1), 'kestrel:type');
expect_error(@() kes_pde_integrate('kdv', ua0, 1, 0, 1), 'kestrel:EDOM');
expect_error(@() kes_pde_integrate('kdv', ua0, 1, 0.1, -1), 'kestrel:EDIM');
expect_error(@() kes_pde_integrate('kdv', [ua0; NaN], 1, 0.1, 1), 'kestrel:ENAN');
expect_error(@() kes_pde_integrate('kdv', ones(3, 3), 1, 0.1, 1), 'kestrel:EDIM');
expect_error(@() kes_pde_integrate('kdv', ua0, 1, 0.1, 1, 'scheme', 'rk4'), 'kestrel:EINVAL');
expect_error(@() kes_pde_integrate('kdv', ua0, 1, 0.1), 'kestrel:usage');

% ---------------------------------------------------------------- GP collocation (GP-HM)
% 1-D: the test problem of Fang et al. (ICLR 2024), u = sin(6x) cos(40x) on
% [0, 2 pi]; u'' by hand: -(6^2 + 40^2) sin(6x) cos(40x) - 2 * 6 * 40 cos(6x) sin(40x)
ue1 = @(x) sin(6 * x) .* cos(40 * x);
lap1 = @(x) -1636 * sin(6 * x) .* cos(40 * x) - 480 * cos(6 * x) .* sin(40 * x);
ng = 200; xg = linspace(0, 2 * pi, ng)';
[ug, sg] = kes_gpcol_solve('poisson', 0, 2 * pi, ng, @(x) one_point(lap1, x, 1), @(x) one_point(ue1, x, 1));
eg = relerr(ug, ue1(xg));
check(isequal(size(ug), [ng 1]) && eg < 1e-4, '1-D Poisson sin(6x) cos(40x), 200 points: rel. L2 error %g', eg);
fields = {'points_per_wavelength', 'objective', 'residual', 'error_estimate', 'jitter', 'noise', 'evaluations', 'newton', 'components', 'status'};
check(isstruct(sg) && all(isfield(sg, fields)) && numel(fieldnames(sg)) == numel(fields), 'stats fields: %s', strjoin(fieldnames(sg)', ', '));
% 40 rad/s + 6 at h = 2 pi / 199: about 4.3 points per wavelength of the highest frequency
check(sg.points_per_wavelength > 3 && sg.points_per_wavelength < 6, 'points per wavelength %g', sg.points_per_wavelength);
check(sg.error_estimate > eg / 10 && sg.error_estimate < 10 * eg, 'error estimate %g against the true error %g', sg.error_estimate, eg);
check(sg.residual < 1e-8 * max(abs(lap1(xg))) && isfinite(sg.objective) && sg.jitter >= 1e-12 && sg.jitter <= 1e-6, 'residual %g, jitter %g', sg.residual, sg.jitter);
check(sg.noise == 0 && sg.evaluations == 0 && sg.newton == 0 && sg.components == 30 && strcmp(sg.status, 'OK'), 'stats of a default solve');
check(isequal(kes_gpcol_poisson(0, 2 * pi, ng, lap1, ue1), ug), 'kes_gpcol_poisson is the ''poisson'' operator');
% 2-D Helmholtz, manufactured: u = sin(3x + 1) cos(2y), lap u + k2 u = (k2 - 13) u
ue2 = @(x) sin(3 * x(:, 1) + 1) .* cos(2 * x(:, 2));
nh = [24 20]; loh = [0 0]; hih = [2 1.5]; k2h = 5;
[Xh1, Xh2] = ndgrid(linspace(loh(1), hih(1), nh(1)), linspace(loh(2), hih(2), nh(2)));
Uh = reshape(ue2([Xh1(:) Xh2(:)]), nh);
fh2 = @(x) one_point(@(y) (k2h - 13) * ue2(y), x, 2);
[uh2, sh2] = kes_gpcol_solve('helmholtz', loh, hih, nh, fh2, @(x) ue2(x), 'k2', k2h);
eh2 = relerr(uh2, Uh);
check(isequal(size(uh2), nh) && eh2 < 1e-3, '2-D Helmholtz: n(1) x n(2), rel. L2 error %g', eh2);
check(sh2.error_estimate > eh2 / 10 && sh2.error_estimate < 10 * eh2 && sh2.points_per_wavelength > 3, '2-D estimate %g (error %g), %g points per wavelength', sh2.error_estimate, eh2, sh2.points_per_wavelength);
check(relerr(kes_gpcol_solve('helmholtz', loh, hih, nh, fh2, @(x) ue2(x), 'k2', k2h, 'spectrum', 'student-t', 'components', 12), Uh) < 1e-3, 'Student-t spectrum, 12 components');
% Allen-Cahn: lap u + u (u^2 - 1) = f by Newton
fa2 = @(x) -13 * ue2(x) + ue2(x) * (ue2(x) ^ 2 - 1);
[ua2, sa2] = kes_gpcol_solve('allen-cahn', loh, hih, nh, fa2, @(x) ue2(x));
check(relerr(ua2, Uh) < 1e-3 && sa2.newton > 0, 'Allen-Cahn: error %g after %d Newton steps', relerr(ua2, Uh), sa2.newton);
% a scalar n is every axis; constants for f and g; the point order of u
u0h = kes_gpcol_solve('poisson', [0 0], [1 2], 12, 0, 1);
check(isequal(size(u0h), [12 12]) && max(abs(u0h(:) - 1)) < 1e-4, 'constant data: u = 1 (error %g; smooth solutions stop near 1e-5)', max(abs(u0h(:) - 1)));
[up2, sp2] = kes_gpcol_solve('helmholtz', loh, hih, nh, fh2, @(x) ue2(x), 'k2', k2h, 'seed', 7, 'max_iter', 3);
[up3, ~] = kes_gpcol_solve('helmholtz', loh, hih, nh, fh2, @(x) ue2(x), 'k2', k2h, 'seed', 7, 'max_iter', 3);
check(isequal(up2, up3), 'same seed, same u');
check(sp2.evaluations > 0 && any(strcmp(sp2.status, {'OK', 'NOCONV'})) && relerr(up2, Uh) < 1e-3, 'max_iter: %d evaluations, status %s', sp2.evaluations, sp2.status);
% mesh-free, 1-D, noisy f: the noise level is learned.  (Over 30 such
% random point sets the error has median 0.06 and reaches 0.2; this is the
% first of them.)
randn('state', 1); rand('state', 1);
nsc = 120; sdn = 0.1; xsc = sort(rand(nsc, 1)) * 2 * pi;
fsc = -9 * sin(3 * xsc) + sdn * randn(nsc, 1);
[usc, ssc] = kes_gpcol_scattered('poisson', xsc, fsc, [0; 2 * pi], [0; 0], 'seed', 1);
esc = relerr(usc, sin(3 * xsc));
check(isequal(size(usc), [nsc 1]) && esc < 0.15, 'scattered 1-D, noisy f: error %g', esc);
check(ssc.noise > sdn / 3 && ssc.noise < 3 * sdn && isnan(ssc.error_estimate) && all(isfield(ssc, fields)), 'fitted noise %g (true %g)', ssc.noise, sdn);
% mesh-free 2-D Helmholtz from exact data, boundary points on the box edges
msc = 100; Xsc = [rand(msc, 1) * 2, rand(msc, 1) * 1.5];
tb = (0:14)' / 15;
Xbs = [2 * tb, 0 * tb; 2 + 0 * tb, 1.5 * tb; 2 - 2 * tb, 1.5 + 0 * tb; 0 * tb, 1.5 - 1.5 * tb];
usc2 = kes_gpcol_scattered('helmholtz', Xsc, (k2h - 13) * ue2(Xsc), Xbs, ue2(Xbs), 'k2', k2h);
check(relerr(usc2, ue2(Xsc)) < 1e-2, 'scattered 2-D Helmholtz: error %g', relerr(usc2, ue2(Xsc)));
% error paths
expect_error(@() kes_gpcol_solve('heat', 0, 1, 8, 1, 0), 'kestrel:EINVAL', 'operator');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 3, 1, 0), 'kestrel:EDIM', 'n(1)');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8.5, 1, 0), 'kestrel:EDIM');
expect_error(@() kes_gpcol_solve('poisson', [0 0], [1 1], [8 8 8], 1, 0), 'kestrel:EDIM');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 4096, 1, 0), 'kestrel:ERANGE');
expect_error(@() kes_gpcol_solve('poisson', 1, 1, 8, 1, 0), 'kestrel:EDOM');
expect_error(@() kes_gpcol_solve('poisson', [0 2], [1 1], 8, 1, 0), 'kestrel:EDOM', 'lo(2)');
expect_error(@() kes_gpcol_solve('poisson', 0, Inf, 8, 1, 0), 'kestrel:EDOM');
expect_error(@() kes_gpcol_solve('poisson', [0 0], 1, 8, 1, 0), 'kestrel:EDIM', 'hi');
expect_error(@() kes_gpcol_solve('poisson', [0 0 0], [1 1 1], 8, 1, 0), 'kestrel:ENOTSUP');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, @(x) NaN, 0), 'kestrel:ENAN', 'f is not finite at x = ');
expect_error(@() kes_gpcol_solve('poisson', [0 0], [1 1], 8, 1, @(x) 1 / (x(2) < 1)), 'kestrel:ENAN', 'g is not finite at x = [0, 1]');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, @(x) error('my:own', 'bad f %d', 42), 0), 'my:own', 'f failed at x = 0.14285714285714285: bad f 42');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, @(x) error('no identifier')), 'kestrel:callback', 'g failed at x = 0: no identifier');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 64, @(x) coarse_only(x, 64), 0), 'test:fine', 'off the grid');
expect_error(@() kes_gpcol_poisson(0, 1, 8, @(x) undefined_function_here(x), 0), 'Octave:undefined-function');
% a handle that calls the same MEX file again is refused, not obeyed (the
% nested call would release the outer call's objects)
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, @(x) sum(kes_gpcol_solve('poisson', 0, 1, 8, 1, 0)), 0), 'kestrel:usage', 'from inside a function handle');
check(numel(kes_gpcol_solve('poisson', 0, 1, 8, @(x) sum(kes_gpcol_poisson(0, 1, 8, 1, 0)), 0)) == 8, 'another MEX file inside the handle is fine');
expect_error(@() kes_fd_diffusion(m1, h1, 'a', @(x) 1 + 0 * nnz(kes_fd_diffusion(3, 1))), 'kestrel:EDOM');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, @(x) [x x], 0), 'kestrel:type', '1x2 double');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, @(x) 1i, 0), 'kestrel:type', 'complex');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 'sin', 0), 'kestrel:type');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, [1 2], 0), 'kestrel:type');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'spectrum', 'cauchy'), 'kestrel:EINVAL');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'components', 0), 'kestrel:EINVAL');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'components', 201), 'kestrel:EINVAL');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'jitter', 1e-2), 'kestrel:EINVAL');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'tol', 0), 'kestrel:EINVAL');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'max_iter', -1), 'kestrel:EINVAL');
expect_error(@() kes_gpcol_solve('helmholtz', 0, 1, 8, 1, 0, 'k2', NaN), 'kestrel:EDOM');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'order', 2), 'kestrel:usage');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'k2'), 'kestrel:usage');
expect_error(@() kes_gpcol_solve('poisson', 0, 1, 8, 1), 'kestrel:usage');
expect_error(@() three_outputs(@kes_gpcol_solve, 'poisson', 0, 1, 8, 1, 0), 'kestrel:usage');
expect_error(@() kes_gpcol_poisson(0, 1, 8, 1, 0, 'k2', 1), 'kestrel:usage');
xs5 = (1:5)' / 6;
expect_error(@() kes_gpcol_scattered('allen-cahn', xs5, ones(5, 1), [0; 1], [0; 0]), 'kestrel:ENOTSUP');
expect_error(@() kes_gpcol_scattered('poisson', rand(5, 3), ones(5, 1), rand(2, 3), [0; 0]), 'kestrel:ENOTSUP');
expect_error(@() kes_gpcol_scattered('poisson', xs5, ones(4, 1), [0; 1], [0; 0]), 'kestrel:EDIM', 'f');
expect_error(@() kes_gpcol_scattered('poisson', xs5, ones(5, 1), [0 0; 1 1], [0; 0]), 'kestrel:EDIM', 'Xb');
expect_error(@() kes_gpcol_scattered('poisson', xs5, ones(5, 1), zeros(0, 1), []), 'kestrel:EDIM');
expect_error(@() kes_gpcol_scattered('poisson', [xs5; NaN], ones(6, 1), [0; 1], [0; 0]), 'kestrel:ENAN');
expect_error(@() kes_gpcol_scattered('poisson', xs5, [ones(4, 1); Inf], [0; 1], [0; 0]), 'kestrel:ENAN');
expect_error(@() kes_gpcol_scattered('poisson', [xs5; xs5(2)], ones(6, 1), [0; 1], [0; 0]), 'kestrel:EBADDATA');
expect_error(@() kes_gpcol_scattered('poisson', rand(15000, 1), ones(15000, 1), rand(6000, 1), ones(6000, 1)), 'kestrel:EDIM');
expect_error(@() kes_gpcol_scattered('poisson', xs5, ones(5, 1), [0; 1], [0; 0], 'order', 1), 'kestrel:usage');
expect_error(@() kes_gpcol_scattered('poisson', xs5, ones(5, 1), [0; 1]), 'kestrel:usage');

% ---------------------------------------------------------------- hostile arguments
% Every function against empty, cell, struct, NaN, Inf, huge, negative,
% string, integer, logical, complex, single, empty-shaped, sparse and 3-D
% arguments in each position: it answers or raises a kestrel:* error, and
% the interpreter survives.
Ah = gallery('poisson', 4); bh = ones(16, 1);
gph = kes_gp_fit((1:5)', sin(1:5)', 'optimize', false);
hostile = {[], {}, struct('a', 1), NaN, Inf, -Inf, 1e300, -1, 0, 'x', '', int8(3), true, 1i, single(2), zeros(0, 3), ones(3, 0), uint64(2^63), sparse(2, 2), ones(2, 2, 2)};
fns = {@(a) kes_log_besseli(a, 1), @(a) kes_log_besselk(1, a), @(a) kes_vmf_fit(a), @(a) kes_vmf_sample(a, 1, 2), ...
       @(a) kes_vmf_sample([1 0], a, 2), @(a) kes_vmf_sample([1 0], 1, a), @(a) kes_vmf_loglik(a, [1 0], 1), ...
       @(a) kes_cg_solve(a, bh), @(a) kes_cg_solve(Ah, a), @(a) kes_sor_solve(Ah, bh, a), @(a) kes_cg_solve(Ah, bh, 'tol', a), ...
       @(a) kes_cg_solve(Ah, bh, 'max_iter', a), @(a) kes_cg_solve(Ah, bh, 'x0', a), @(a) kes_cg_solve(Ah, bh, a, 1), ...
       @(a) kes_ssor_pcg_solve(Ah, bh, 1, 'history', a), @(a) kes_csr_matvec(a, bh), @(a) kes_csr_read_mm(a), ...
       @(a) kes_tuner_create(a), @(a) kes_tuner_create('chebcb', 'omega', a), @(a) kes_tuner_create('chebcb', 'arms', a), ...
       @(a) kes_tuner_create('chebcb', 'context', a), @(a) kes_tuner_create('chebcb', 'seed', a), @(a) kes_tuner_mex('choose', a), ...
       @(a) kes_tuner_mex(a), @(a) kes_tuner_load(a), @(a) kes_tuner_choose(a), ...
       @(a) kes_kernel_matrix(a), @(a) kes_kernel_matrix(ones(3, 2), a), @(a) kes_kernel_matrix(ones(3, 2), 'kernel', a), ...
       @(a) kes_rff_transform(ones(3, 2), a), @(a) kes_rff_transform(a, 4), @(a) kes_rff_transform(ones(3, 2), 4, 'map', a), ...
       @(a) kes_nystrom_transform(ones(3, 2), a), @(a) kes_nystrom_transform(ones(3, 2), 2, 'landmarks', a), ...
       @(a) kes_graph_kernel(a, 'diffusion'), @(a) kes_graph_kernel(Ah, a), @(a) kes_graph_kernel(abs(Ah), 'pstep', 'p', a), ...
       @(a) kes_graph_normalized_adjacency(a), @(a) kes_graph_normalized_adjacency(abs(Ah), a), ...
       @(a) kes_grf_features(a, [1 1]), @(a) kes_grf_features(abs(Ah) / 10, a), @(a) kes_grf_features(abs(Ah) / 10, [1 1], 'walkers', a), ...
       @(a) kes_grf_modulation(a, 1, 3), @(a) kes_grf_series('diffusion', a, 3), @(a) kes_grf_series('diffusion', 1, a), ...
       @(a) kes_kde_log_density(a, ones(2, 2)), @(a) kes_kde_log_density(randn(9, 2), a), @(a) kes_kde_log_density(randn(9, 2), ones(2, 2), 'bandwidth', a), ...
       @(a) kes_kde_log_density(randn(9, 2), ones(2, 2), 'weights', a), @(a) kes_kde_bw_scott(a), @(a) kes_kde_bw_silverman(a), ...
       @(a) kes_kde_bw_sj_dpik(a), @(a) kes_kde_bw_sj_dpik(randn(9, 1), a), @(a) kes_kde_bw_lscv(a), @(a) kes_kde_bw_lscv(randn(9, 1), a), ...
       @(a) kes_kde_binned_execute(a, 4, 0, 1), @(a) kes_kde_binned_execute(randn(9, 1), a, 0, 1), @(a) kes_kde_binned_execute(randn(9, 1), 8, a, 1), ...
       @(a) kes_gp_fit(a, 1), @(a) kes_gp_fit((1:3)', a), @(a) kes_gp_fit((1:3)', (1:3)', 'theta0', a), @(a) kes_gp_fit((1:3)', (1:3)', 'restarts', a), ...
       @(a) kes_gp_predict(a, 1), @(a) kes_gp_mex('predict', a, 1), @(a) kes_gp_mex(a), ...
       @(a) kes_fourier_poisson_solve(a, 1), @(a) kes_fourier_poisson_solve(ones(4, 1), a), @(a) kes_fourier_poisson_heat(ones(4, 1), 1, a, 1), ...
       @(a) kes_fourier_poisson_heat(ones(4, 1), 1, 1, a), @(a) kes_version(a), ...
       @(a) kes_log_besselk_dv(a, 1), @(a) kes_log_besselk_dx(1, a), @(a) kes_log_besselk_dv(1, a), ...
       @(a) kes_tuner_set_system(kes_tuner_create('auto'), a), @(a) kes_tuner_mex('set_system', a, Ah), ...
       @(a) kes_kde_log_density(randn(9, 2), ones(2, 2), 'rtol', a), @(a) kes_kde_log_density(randn(9, 2), ones(2, 2), 'atol', a), ...
       @(a) kes_kde_modes(a), @(a) kes_kde_modes(randn(9, 1), 'starts', a), @(a) kes_kde_modes(randn(9, 2), 'proj_dim', a), ...
       @(a) kes_kde_modes(randn(9, 1), 'grad_tol', a), @(a) kes_kde_sample(a, 3), @(a) kes_kde_sample(randn(9, 2), a), ...
       @(a) kes_kde_sample(randn(9, 2), 3, 'seed', a), @(a) kes_kde_rff_density(a, ones(2, 2), 8), ...
       @(a) kes_kde_rff_density(randn(9, 2), a, 8), @(a) kes_kde_rff_density(randn(9, 2), ones(2, 2), a), ...
       @(a) kes_kde_mmd(a, ones(2, 2)), @(a) kes_kde_mmd(randn(9, 2), a), @(a) kes_kde_mmd(randn(9, 2), ones(2, 2), 'wx', a), ...
       @(a) kes_kde_mmd(randn(9, 2), ones(2, 2), 'bandwidth', a), @(a) kes_kde_thin(a, 2), @(a) kes_kde_thin(randn(9, 2), a), ...
       @(a) kes_kde_thin(randn(9, 2), 2, 'split', a), @(a) kes_kde_thin(randn(9, 2), 2, 'delta', a), ...
       @(a) kes_kde_bw_sj(a), @(a) kes_kde_bw_sj(randn(9, 1), a), @(a) kes_kde_bw_sj(randn(9, 1), 'ste', a), ...
       @(a) kes_kde_bw_isj(a), @(a) kes_kde_bw_isj(randn(9, 1), a), @(a) kes_kde_bw_lcv(a), @(a) kes_kde_bw_lcv(randn(9, 1), a), ...
       @(a) kes_kde_bw_hpi(a), ...
       @(a) kes_gp_fit((1:3)', (1:3)', 'cov', a, 'theta0', [0 0 0]), @(a) kes_gp_fit((1:3)', (1:3)', 'cov', {'sum', a, 'se'}, 'theta0', [0 0 0]), ...
       @(a) kes_gp_fit((1:3)', (1:3)', 'cov', {'periodic', a}, 'theta0', [0 0 0]), @(a) kes_gp_fit((1:3)', (1:3)', 'cov', {'sm', a}, 'theta0', [0 0 0 0]), ...
       @(a) kes_gp_fit((1:3)', (1:3)', 'kernel', 'matern', 'matern_nu', a), @(a) kes_gp_fit((1:3)', (1:3)', 'optimizer', a), ...
       @(a) kes_gp_mex('predict_cov', a, 1), @(a) kes_gp_mex('sample', a, 1, 2), @(a) kes_gp_load(a), @(a) kes_gp_mex('save', a, tempname()), ...
       @(a) kes_gp_predict_cov(gph, a), @(a) kes_gp_sample(gph, a, 2), @(a) kes_gp_sample(gph, 1, a), @(a) kes_gp_sample(gph, 1, 2, 'seed', a), ...
       @(a) kes_gp_kron(a, 1, []), @(a) kes_gp_kron({1:3}, a, []), @(a) kes_gp_kron({1:3}, 1:3, a), @(a) kes_gp_kron({1:3}, 1:3, [], 'theta0', a), ...
       @(a) kes_gp_vecchia(a, 1, []), @(a) kes_gp_vecchia(rand(5, 1), a, []), @(a) kes_gp_vecchia(rand(5, 1), rand(5, 1), a), ...
       @(a) kes_gp_vecchia(rand(5, 1), rand(5, 1), [], 'm', a), ...
       @(a) kes_fourier_poisson_solve(ones(4, 1), 1, 'k2', a), @(a) kes_fourier_poisson_dealias(a), ...
       @(a) kes_cheb_transform(a), @(a) kes_cheb_transform(ones(3, 1), a), ...
       @(a) kes_fd_poisson_solve(a, 1), @(a) kes_fd_poisson_solve(ones(3, 3), a), @(a) kes_fd_poisson_solve(ones(3, 3), 1, 'bc', a), ...
       @(a) kes_fd_diffusion(a, 1), @(a) kes_fd_diffusion(3, a), @(a) kes_fd_diffusion(3, 1, 'a', a), @(a) kes_fd_diffusion(3, 1, 'bc', a), ...
       @(a) kes_pde_integrate(a, ones(8, 1), 1, 0.1, 1), @(a) kes_pde_integrate('kdv', a, 1, 0.1, 1), @(a) kes_pde_integrate('nls', a, 1, 0.1, 1), ...
       @(a) kes_pde_integrate('kdv', ones(8, 1), a, 0.1, 1), @(a) kes_pde_integrate('kdv', ones(8, 1), 1, a, 1), ...
       @(a) kes_pde_integrate('kdv', ones(8, 1), 1, 0.1, a), @(a) kes_pde_integrate('kdv', ones(8, 1), 1, 0.1, 1, 'scheme', a), ...
       @(a) kes_gp_cov_matrix(a, 0, 1), @(a) kes_gp_cov_matrix('se', a, 1), @(a) kes_gp_cov_matrix('se', 0, a), @(a) kes_gp_cov_matrix('se', 0, 1, a), ...
       @(a) kes_fd_step_matrix(a, 1), @(a) kes_fd_step_matrix(Ah, a), @(a) kes_fft_wisdom_import(a), ...
       @(a) kes_kde_has_tree(a), @(a) kes_kde_has_tree(randn(9, 2), 'rtol', a), ...
       @(a) kes_kde_binned_execute(randn(9, 1), 8, 0, 1, 'binned_cutoff', a), ...
       @(a) kes_gpcol_solve(a, 0, 1, 8, 1, 0), @(a) kes_gpcol_solve('poisson', a, 1, 8, 1, 0), @(a) kes_gpcol_solve('poisson', 0, a, 8, 1, 0), ...
       @(a) kes_gpcol_solve('poisson', 0, 1, a, 1, 0), @(a) kes_gpcol_solve('poisson', 0, 1, 8, a, 0), @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, a), ...
       @(a) kes_gpcol_solve('helmholtz', 0, 1, 8, 1, 0, 'k2', a), @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'components', a), ...
       @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'max_iter', a), @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'tol', a), ...
       @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'spectrum', a), @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'jitter', a), ...
       @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, 'seed', a), @(a) kes_gpcol_solve('poisson', 0, 1, 8, 1, 0, a, 1), ...
       @(a) kes_gpcol_solve('poisson', [0 0], [1 1], [6 5], @(x) x(1), a), @(a) kes_gpcol_solve('poisson', 0, 1, 8, @(x) a, 0), ...
       @(a) kes_gpcol_poisson(a, 1, 8, 1, 0), @(a) kes_gpcol_poisson(0, 1, a, 1, 0), @(a) kes_gpcol_poisson(0, 1, 8, a, 0), ...
       @(a) kes_gpcol_scattered(a, (1:5)' / 6, ones(5, 1), [0; 1], [0; 0]), @(a) kes_gpcol_scattered('poisson', a, ones(5, 1), [0; 1], [0; 0]), ...
       @(a) kes_gpcol_scattered('poisson', (1:5)' / 6, a, [0; 1], [0; 0]), @(a) kes_gpcol_scattered('poisson', (1:5)' / 6, ones(5, 1), a, [0; 0]), ...
       @(a) kes_gpcol_scattered('poisson', (1:5)' / 6, ones(5, 1), [0; 1], a), @(a) kes_gpcol_scattered('helmholtz', (1:5)' / 6, ones(5, 1), [0; 1], [0; 0], 'k2', a), ...
       @(a) kes_gpcol_scattered('poisson', (1:5)' / 6, ones(5, 1), [0; 1], [0; 0], 'components', a)};
saved_warnings = warning('off', 'all');
for i = 1:numel(fns)
  foreign = {};
  for j = 1:numel(hostile)
    try
      fns{i}(hostile{j});
    catch e
      if ~strncmp(e.identifier, 'kestrel:', 8)
        foreign{end + 1} = sprintf('argument %d: [%s] %s', j, e.identifier, e.message);
      end
    end
  end
  check(isempty(foreign), '%s: %s', func2str(fns{i}), strjoin(foreign, '; '));
end
warning(saved_warnings);
clear gph;

% ---------------------------------------------------------------- no leak on the error paths
k = 30; T = spdiags(ones(k, 1) * [-1 2 -1], -1:1, k, k);
N = kron(speye(k), T) + kron(T, speye(k)) + sparse(1:k ^ 2 - 1, 2:k ^ 2, 0.5, k ^ 2, k ^ 2);
bn = ones(k ^ 2, 1); bn(7) = NaN;
Xl = randn(2000, 2); Yn = randn(5, 2); Yn(3) = NaN;
f2n = randn(64, 64); f2n(9) = Inf;
for r = 1:20, fail_with_objects(N, bn, Xl, Yn, f2n); end
r0 = rss_kb();
for r = 1:300, fail_with_objects(N, bn, Xl, Yn, f2n); end
r1 = rss_kb();
% a leak would keep about 400 kB per round (120 MB in all)
check(isnan(r0) || r1 - r0 < 8000, 'resident memory grew by %d kB over 1500 failing calls', r1 - r0);

% ---------------------------------------------------------------- tuners
count0 = kes_tuner_mex('count');
t = kes_tuner_create('chebcb', 'omega', [1 1.95], 'arms', 20, 'context', [0 1], 'seed', 1);
check(isa(t, 'kes_tuner'), 'a kes_tuner handle');
s = kes_tuner_info(t);
check(strcmp(s.kind, 'chebcb') && numel(s.arms) == 20 && abs(s.arms(1) - 1) < 1e-15 && abs(s.arms(end) - 1.95) < 1e-15, 'arms grid');
check(s.rounds == 0 && isnan(s.last_arm), 'fresh tuner');
% synthetic costs: the best omega moves with the context
cost = @(w, c) 10 + 200 * (w - (1.2 + 0.6 * c)) .^ 2;
ws = zeros(1, 300);
for r = 1:300
  c = mod(r * 0.37, 1);
  ws(r) = kes_tuner_choose(t, c);
  kes_tuner_observe(t, cost(ws(r), c));
end
check(all(ismember(ws, s.arms)), 'choices are arms');
s = kes_tuner_info(t);
check(s.rounds == 300 && sum(s.counts) == 300, 'rounds and counts');
late = 251:300; cl = mod(late * 0.37, 1);
check(mean(cost(ws(late), cl)) < mean(cost(s.arms(randi(20, 1, 1e4)), rand(1, 1e4))) - 5, 'the tuner learns: late cost %g', mean(cost(ws(late), cl)));
p = kes_tuner_probabilities(t, 0.5);
check(numel(p) == 20 && abs(sum(p) - 1) < 1e-12 && all(p > 0), 'probabilities');
pc = kes_tuner_predicted_costs(t, 0.5);
[~, jbest] = min(pc);
check(numel(pc) == 20 && abs(s.arms(jbest) - 1.5) <= 0.15, 'ChebCB predicts the best omega near 1.5 at context 0.5: %g', s.arms(jbest));
expect_error(@() kes_tuner_predicted_costs(kes_tuner_create('tsallis_inf', 'seed', 1), 0), 'kestrel:ENOTSUP');
[w, clamped] = kes_tuner_choose(t, 5);
check(clamped && ismember(w, s.arms), 'context clamped');
kes_tuner_observe(t, 12);
% save / load: the restored tuner chooses what the original would
f = [tempname() '.tuner'];
kes_tuner_save(t, f);
t2 = kes_tuner_load(f);
delete(f);
w1 = zeros(1, 20); w2 = w1;
for r = 1:20
  w1(r) = kes_tuner_choose(t, r / 20); kes_tuner_observe(t, cost(w1(r), r / 20));
  w2(r) = kes_tuner_choose(t2, r / 20); kes_tuner_observe(t2, cost(w2(r), r / 20));
end
check(isequal(w1, w2), 'save/load round trip continues identically');
% same seed, same choices
ta = kes_tuner_create('tsallis_inf', 'seed', 3);
tb = kes_tuner_create('tsallis-inf', 'seed', 3);
wa = zeros(1, 10); wb = wa;
for r = 1:10
  wa(r) = kes_tuner_choose(ta); kes_tuner_observe(ta, 10 + r);
  wb(r) = kes_tuner_choose(tb); kes_tuner_observe(tb, 10 + r);
end
check(isequal(wa, wb), 'same seed, same choices ("_" and "-" alike)');
tf = kes_tuner_create('fixed', 'omega', 1.3);
check(kes_tuner_choose(tf, NaN) == 1.3, 'fixed kind');
tc = kes_tuner_create('tsallis_inf_cb', 'context', [0 10], 'bins', 4, 'seed', 2);
check(ismember(kes_tuner_choose(tc, 3), kes_tuner_info(tc).arms), 'tsallis_inf_cb');
% lifetime: destroy, clear, copies
check(kes_tuner_mex('count') == count0 + 6, 'six live tuners');
kes_tuner_destroy(t2);
check(kes_tuner_mex('count') == count0 + 5, 'destroy frees');
expect_error(@() kes_tuner_choose(t2, 0.5), 'kestrel:handle', 'destroyed');
expect_error(@() kes_tuner_destroy(t2), 'kestrel:handle');
tcopy = ta;
clear ta;
check(kes_tuner_mex('count') == count0 + 5, 'a copy keeps the tuner alive');
check(ismember(kes_tuner_choose(tcopy), kes_tuner_info(tcopy).arms), 'the copy works');
clear tb tcopy tf tc;
check(kes_tuner_mex('count') == count0 + 1, 'clear frees: %d left', kes_tuner_mex('count') - count0);
clear t;
check(kes_tuner_mex('count') == count0, 'all tuners freed');
% errors
t = kes_tuner_create('chebcb', 'seed', 1);
expect_error(@() kes_tuner_observe(t, 3), 'kestrel:ESTATE');
kes_tuner_choose(t, 0.5);
expect_error(@() kes_tuner_observe(t, -1), 'kestrel:EINVAL');
expect_error(@() kes_tuner_observe(t, NaN), 'kestrel:EINVAL');
expect_error(@() kes_tuner_choose(t, NaN), 'kestrel:ENAN');
expect_error(@() kes_tuner_create('greedy'), 'kestrel:EINVAL', 'chebcb');
expect_error(@() kes_tuner_create('chebcb', 'omega', [1.5 1.2]), 'kestrel:EDOM');
expect_error(@() kes_tuner_create('chebcb', 'omega', [1 2.5]), 'kestrel:EDOM');
expect_error(@() kes_tuner_create('chebcb', 'context', [1 1]), 'kestrel:EDOM');
expect_error(@() kes_tuner_create('chebcb', 'arms', 0), 'kestrel:EINVAL');
expect_error(@() kes_tuner_create('chebcb', 'arm', 3), 'kestrel:usage', 'arm');
expect_error(@() kes_tuner_create('chebcb', 'arms'), 'kestrel:usage');
expect_error(@() kes_tuner_create('chebcb', 'estimator', 'best'), 'kestrel:EINVAL');
expect_error(@() kes_tuner_create(), 'kestrel:usage');
expect_error(@() kes_tuner_choose(42, 0.5), 'kestrel:handle');
expect_error(@() kes_tuner_choose(), 'kestrel:usage');
expect_error(@() kes_tuner_mex('choose', uint64(2^40), 0.5), 'kestrel:handle');
expect_error(@() kes_tuner_mex('frobnicate'), 'kestrel:usage');
expect_error(@() kes_tuner_load('/nonexistent/dir/tuner.txt'), 'kestrel:EIO');
fbad = [tempname() '.tuner'];
fid = fopen(fbad, 'w'); fprintf(fid, 'kestrel tuner\ngarbage\n'); fclose(fid);
expect_error(@() kes_tuner_load(fbad), 'kestrel:EPARSE');
delete(fbad);
expect_error(@() kes_tuner_save(t, '/nonexistent/dir/tuner.txt'), 'kestrel:EIO');
kes_tuner_destroy(t);
clear t;
check(kes_tuner_mex('count') == count0, 'no tuner left behind by the error paths');

% ---------------------------------------------------------------- the 'auto' tuner and kes_tuner_set_system
count0 = kes_tuner_mex('count');
k = 16; T1 = spdiags(ones(k, 1) * [-1 2 -1], -1:1, k, k);
Lp = kron(speye(k), T1) + kron(T1, speye(k));       % 2-D Laplacian, 256 x 256
ta = kes_tuner_create('auto', 'omega', [1 1.99]);
sa = kes_tuner_info(ta);
check(strcmp(sa.kind, 'auto') && numel(sa.arms) == 13, 'auto kind by name, 13 arms');
kes_tuner_set_system(ta, Lp);
wa = kes_tuner_choose(ta);
% Young's optimum from Octave's eig of D^-1/2 A D^-1/2 (the prior the first round plays)
Dh = spdiags(1 ./ sqrt(full(diag(Lp))), 0, 256, 256);
lam = min(eig(full(Dh * Lp * Dh)));
wy = 2 / (1 + sqrt(1 - (1 - lam) ^ 2));
sa = kes_tuner_info(ta);
% the prior is Young's formula at a Lanczos estimate of lambda (converged on 256 unknowns)
check(abs(wa - wy) < 1e-3 && ismember(wa, sa.arms), 'first choice %g at Young''s optimum %g', wa, wy);
check(min(sa.arms) == 1 && max(sa.arms) >= wa && max(sa.arms) < 1.99 + 1e-12, 'arms from omega_0 = 1 to beyond the prior');
kes_tuner_observe(ta, 30);
% a sequence of shifted systems: the tuned SOR costs well under omega = 1's
b = ones(256, 1); it_auto = 0; it_one = 0;
for r = 1:30
  A = Lp + (0.02 * mod(r, 5)) * speye(256);
  ta.set_system(A);
  w = kes_tuner_choose(ta);
  [~, s1] = kes_sor_solve(A, b, w, 'tol', 1e-8, 'max_iter', 20000);
  kes_tuner_observe(ta, s1.iterations);
  [~, s0] = kes_sor_solve(A, b, 1, 'tol', 1e-8, 'max_iter', 20000);
  it_auto = it_auto + s1.iterations; it_one = it_one + s0.iterations;
end
check(it_auto < it_one / 4, 'auto: %d SOR sweeps against %d at omega = 1', it_auto, it_one);
f = [tempname() '.tuner'];
kes_tuner_save(ta, f); ta2 = kes_tuner_load(f); delete(f);
ta.set_system(Lp); ta2.set_system(Lp);
check(kes_tuner_choose(ta) == kes_tuner_choose(ta2), 'an auto tuner survives save / load');
kes_tuner_observe(ta, 10);
kes_tuner_set_system(ta, []);
check(ismember(kes_tuner_choose(ta), kes_tuner_info(ta).arms), '[] clears the system');
kes_tuner_observe(ta, 10);
tcb = kes_tuner_create('chebcb', 'seed', 1);
kes_tuner_set_system(tcb, Lp);
check(ismember(kes_tuner_choose(tcb, 0.5), kes_tuner_info(tcb).arms), 'other kinds accept a system');
expect_error(@() kes_tuner_set_system(tcb, Lp(:, 1:end - 1)), 'kestrel:EDIM');
expect_error(@() kes_tuner_set_system(ta, -Lp), 'kestrel:ENOTSPD');
Ln = Lp; Ln(3, 3) = NaN;
expect_error(@() kes_tuner_set_system(ta, Ln), 'kestrel:ENAN');
expect_error(@() kes_tuner_set_system(ta, Lp * 1i), 'kestrel:type');
expect_error(@() kes_tuner_set_system(ta), 'kestrel:usage');
expect_error(@() kes_tuner_set_system(42, Lp), 'kestrel:handle');
expect_error(@() kes_tuner_mex('set_system', uint64(2^40), Lp), 'kestrel:handle');
clear ta ta2 tcb;
check(kes_tuner_mex('count') == count0, 'auto tuners freed');

printf('test_mex: %d checks passed\n', KES_CHECKS);
