% Tests of the Kestrel MEX wrappers.  Run by mex/build_mex.sh as
%   KES_MEX_DIR=<dir with the .mex files> octave-cli --norc --no-history mex/test_mex.m
% Any failed check raises an error, which makes octave-cli exit non-zero.
1;
mexdir = getenv('KES_MEX_DIR');
if isempty(mexdir), error('set KES_MEX_DIR to the folder holding the built MEX files'); end
addpath(mexdir);
datadir = getenv('KES_TEST_DATA_DIR');

function expect_error(f, id)
  try
    f();
  catch e
    assert(strcmp(e.identifier, id), 'expected error %s, got %s: %s', id, e.identifier, e.message);
    return;
  end
  error('expected error %s, none raised', id);
end

% Version: a string x.y.z agreeing with the number.
[v, num] = kes_version_mex();
parts = sscanf(v, '%d.%d.%d');
assert(numel(parts) == 3);
assert(num == 10000 * parts(1) + 100 * parts(2) + parts(3));

% Sparse product against Octave's own, on integer data (exact).
m = 60; n = 45;
[i, j] = find(mod((1:m)' * (1:n), 7) == 1);
vals = mod(i + 3 * j, 11) - 5;
A = sparse(i, j, vals, m, n);
x = mod((1:n)', 5) - 2;
y = kes_csr_matvec_mex(A, x);
assert(isequal(size(y), [m 1]));
assert(isequal(y, A * x), 'sparse product differs from Octave''s');
X = [x, 2 * x, -x];
assert(isequal(kes_csr_matvec_mex(A, X), A * X), 'several right-hand sides');
assert(isequal(kes_csr_matvec_mex(full(A), X), full(A) * X), 'full input');
% Rows without entries and an all-zero matrix.
Z = sparse(3, 4);
assert(isequal(kes_csr_matvec_mex(Z, ones(4, 1)), zeros(3, 1)));
assert(isequal(size(kes_csr_matvec_mex(sparse(0, 4), ones(4, 2))), [0 2]));

% Errors come back as kestrel:* identifiers.
expect_error(@() kes_csr_matvec_mex(A, ones(n + 1, 1)), 'kestrel:dim');
expect_error(@() kes_csr_matvec_mex(A * 1i, x), 'kestrel:type');
expect_error(@() kes_csr_matvec_mex(A, single(x)), 'kestrel:type');
expect_error(@() kes_csr_matvec_mex(A), 'kestrel:usage');
B = full(A); B(1, 1) = NaN;
expect_error(@() kes_csr_matvec_mex(B, x), 'kestrel:error');

% Matrix Market reader: symmetric fixture expanded, malformed file reports its line.
if ~isempty(datadir)
  S = kes_mm_read_mex(fullfile(datadir, 'mm', 'suitesparse_sym.mtx'));
  E = 4 * eye(5) - diag(ones(4, 1), 1) - diag(ones(4, 1), -1);
  E(5, 1) = 0.5; E(1, 5) = 0.5;
  assert(issparse(S) && isequal(full(S), E));
  try
    kes_mm_read_mex(fullfile(datadir, 'mm', 'bad', 'too_few.mtx'));
    error('no error for a malformed file');
  catch e
    assert(strcmp(e.identifier, 'kestrel:parse'));
    assert(~isempty(strfind(e.message, 'line 5')), e.message);
  end
end
disp('test_mex: all checks passed');
