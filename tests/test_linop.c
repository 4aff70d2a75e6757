/* Tests for src/linalg/linop.c and the operator solve kes_pcg_solve: the CSR
 * and dense operator views, preconditioning by an operator, every bad-input
 * case of the contract, and bit-identical results for 1 and 2 threads. */
#include <criterion/criterion.h>
#include <float.h>
#include <lapacke.h>
#include <omp.h>

#include "solver_fixtures.h"

/* ---- operators used by the tests ---- */

/* y = d .* x (a diagonal operator; with d = 1/a_ii the Jacobi preconditioner) */
static kes_status diag_apply(void *ctx, const double *x, double *y)
{
    const kes_vec *d = ctx;
    for (int64_t i = 0; i < d->n; i++) y[i] = d->data[i] * x[i];
    return KES_OK;
}

/* A CSR operator that fails on its k-th call: with status `fail` (an error
 * status), or by writing a NaN into y when fail == KES_OK. */
typedef struct failing {
    const kes_csr *A;
    int64_t calls, fail_at;
    kes_status fail;
} failing;

static kes_status failing_apply(void *ctx, const double *x, double *y)
{
    failing *f = ctx;
    f->calls++;
    if (f->calls == f->fail_at && f->fail != KES_OK) return f->fail;
    kes_status st = kes_csr_matvec(f->A, x, y);
    if (f->calls == f->fail_at) y[f->A->nrows / 2] = NAN;
    return st;
}

static kes_status identity_apply(void *ctx, const double *x, double *y)
{
    const int64_t *n = ctx;
    memcpy(y, x, (size_t)*n * sizeof *y);
    return KES_OK;
}

static kes_status neg_identity_apply(void *ctx, const double *x, double *y)
{
    const int64_t *n = ctx;
    for (int64_t i = 0; i < *n; i++) y[i] = -x[i];
    return KES_OK;
}

static int all_finite(const double *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return 0;
    return 1;
}

static double *rhs(int64_t n)
{
    double *b = malloc((size_t)n * sizeof *b);
    for (int64_t i = 0; i < n; i++) b[i] = sin(0.37 * (double)i + 1.0) + 0.5;
    return b;
}

/* ---- the CSR operator ---- */

/* CG through kes_linop_csr is kes_cg_solve: same x, stats and history bit for
 * bit, both below the threading threshold (40 x 40) and above it (260 x 260,
 * n = 67600), from zero and from a warm start. */
Test(linop, csr_operator_equals_cg_solve)
{
    const int ms[2] = {40, 260};
    for (int q = 0; q < 2; q++) {
        kes_csr *A = fx_laplacian(ms[q], 0.01);
        int64_t n = A->nrows;
        double *b = rhs(n), *x1 = calloc((size_t)n, sizeof *x1), *x2 = calloc((size_t)n, sizeof *x2);
        double h1[2000], h2[2000];
        for (int warm = 0; warm < 2; warm++) {
            for (int64_t i = 0; i < n; i++) x1[i] = x2[i] = warm ? 0.01 * cos((double)i) : 0.0;
            kes_solve_opts o = kes_solve_opts_default();
            o.history = h1, o.history_cap = 2000, o.tol = 1e-9;
            kes_solve_stats s1, s2;
            cr_assert_eq(kes_cg_solve(A, b, x1, &o, &s1), KES_OK);
            o.history = h2;
            kes_linop op;
            cr_assert_eq(kes_linop_csr(A, &op), KES_OK);
            cr_assert_eq(op.n, n);
            cr_assert_eq(kes_pcg_solve(&op, NULL, b, x2, &o, &s2), KES_OK);
            cr_assert_eq(s1.iterations, s2.iterations);
            cr_assert(s1.iterations > 10);
            cr_assert_eq(s1.history_len, s2.history_len);
            cr_assert(memcmp(x1, x2, (size_t)n * sizeof *x1) == 0, "m=%d warm=%d: x differs", ms[q], warm);
            cr_assert(memcmp(h1, h2, (size_t)s1.history_len * sizeof *h1) == 0);
            cr_assert(memcmp(&s1.residual_norm, &s2.residual_norm, sizeof(double)) == 0);
            /* and the stopping rule holds on the true residual */
            cr_assert(fx_resid(A, b, x2) <= 1e-9 * fx_norm(n, b));
            cr_assert(s2.converged && s2.status == KES_OK);
        }
        free(b), free(x1), free(x2);
        kes_csr_destroy(A);
    }
}

/* A Jacobi preconditioner given as an operator gives the same iterates as
 * the built-in kes_solver_pcg_jacobi (bit for bit) and, on a badly scaled
 * SPD matrix D^1/2 L D^1/2 (diagonal spread 1 .. 1e4), far fewer iterations
 * than plain CG. */
Test(linop, jacobi_operator_preconditioner)
{
    kes_csr *A = fx_laplacian(30, 0.1);
    int64_t n = A->nrows;
    double *s = malloc((size_t)n * sizeof *s), *invd = malloc((size_t)n * sizeof *invd);
    for (int64_t i = 0; i < n; i++) s[i] = pow(10.0, 2.0 * (double)((i * 7919) % n) / (double)(n - 1));
    for (int64_t i = 0; i < n; i++)
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) A->val[k] *= s[i] * s[A->colind[k]];
    cr_assert_eq(kes_csr_diagonal(A, invd), KES_OK);
    for (int64_t i = 0; i < n; i++) invd[i] = 1.0 / invd[i];
    kes_vec dv = kes_vec_view(invd, n, 1);
    kes_linop op, M = {.n = n, .apply = diag_apply, .ctx = &dv};
    cr_assert_eq(kes_linop_csr(A, &op), KES_OK);
    double *b = rhs(n), *x0 = calloc((size_t)n, sizeof *x0), *x1 = calloc((size_t)n, sizeof *x1),
           *x2 = calloc((size_t)n, sizeof *x2);
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    kes_solve_stats s0, s1, s2;
    cr_assert_eq(kes_pcg_solve(&op, NULL, b, x0, &o, &s0), KES_OK);
    cr_assert_eq(kes_pcg_solve(&op, &M, b, x1, &o, &s1), KES_OK);
    kes_solver *P;
    cr_assert_eq(kes_solver_create(kes_solver_pcg_jacobi, A, &P), KES_OK);
    cr_assert_eq(kes_solver_solve(P, b, x2, &o, &s2), KES_OK);
    cr_assert_eq(s1.iterations, s2.iterations);
    cr_assert(memcmp(x1, x2, (size_t)n * sizeof *x1) == 0);
    cr_assert(s1.iterations * 3 < s0.iterations, "Jacobi %lld vs plain %lld", (long long)s1.iterations,
              (long long)s0.iterations);
    cr_assert(fx_resid(A, b, x1) <= 1e-8 * fx_norm(n, b));
    kes_solver_destroy(P);
    free(s), free(invd), free(b), free(x0), free(x1), free(x2);
    kes_csr_destroy(A);
}

/* ---- the dense operator ---- */

/* CG over a dense SPD operator against LAPACK's Cholesky solve (dposv).
 * On return ||b - A x|| <= tol ||b|| (true residual), so ||x - x*|| <=
 * tol ||b|| / lambda_min; LAPACK's own error is at most about
 * n eps cond(A) ||x*||.  The test allows the sum of the two, with
 * lambda_min and cond from dsyev. */
Test(linop, dense_matches_lapack)
{
    const int64_t n = 80;
    double *B = malloc((size_t)(n * n) * sizeof *B), *A = malloc((size_t)(n * n) * sizeof *A);
    double *L = malloc((size_t)(n * n) * sizeof *L), *w = malloc((size_t)n * sizeof *w);
    kes_rng rng;
    kes_rng_init(&rng, 11, 0);
    for (int64_t k = 0; k < n * n; k++) B[k] = 2.0 * kes_rng_uniform(&rng) - 1.0;
    /* A = B B^T / n + 0.05 I: SPD, cond about 1e2 */
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++) {
            double t = 0.0;
            for (int64_t k = 0; k < n; k++) t += B[i + k * n] * B[j + k * n];
            A[i + j * n] = t / (double)n + (i == j ? 0.05 : 0.0);
        }
    memcpy(L, A, (size_t)(n * n) * sizeof *L);
    cr_assert_eq(LAPACKE_dsyev(LAPACK_COL_MAJOR, 'N', 'L', (int)n, L, (int)n, w), 0);
    const double lmin = w[0], cond = w[n - 1] / w[0];
    cr_assert(lmin > 0.0);
    double *b = rhs(n), *xr = malloc((size_t)n * sizeof *xr), *x = calloc((size_t)n, sizeof *x);
    memcpy(L, A, (size_t)(n * n) * sizeof *L);
    memcpy(xr, b, (size_t)n * sizeof *xr);
    cr_assert_eq(LAPACKE_dposv(LAPACK_COL_MAJOR, 'L', (int)n, 1, L, (int)n, xr, (int)n), 0);
    kes_cmat Av = {.nrows = n, .ncols = n, .ld = n, .data = A};
    kes_linop op;
    cr_assert_eq(kes_linop_dense(&Av, &op), KES_OK);
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-12;
    kes_solve_stats st;
    cr_assert_eq(kes_pcg_solve(&op, NULL, b, x, &o, &st), KES_OK);
    const double bound = o.tol * fx_norm(n, b) / lmin + (double)n * DBL_EPSILON * cond * fx_norm(n, xr);
    cr_assert(fx_dist(n, x, xr) <= bound, "error %g bound %g (cond %g)", fx_dist(n, x, xr), bound, cond);
    /* the operator itself is A x to rounding: compare with a plain loop */
    double y[80];
    cr_assert_eq(op.apply(op.ctx, b, y), KES_OK);
    for (int64_t i = 0; i < n; i++) {
        double t = 0.0, s = 0.0;
        for (int64_t j = 0; j < n; j++) t += A[i + j * n] * b[j], s += fabs(A[i + j * n] * b[j]);
        cr_assert(fabs(y[i] - t) <= 2.0 * (double)n * DBL_EPSILON * s);
    }
    free(B), free(A), free(L), free(w), free(b), free(xr), free(x);
}

Test(linop, constructor_errors)
{
    kes_csr *A = fx_laplacian(4, 0.0);
    kes_linop op = {.n = 7, .apply = NULL, .ctx = NULL}, keep = op;
    cr_expect_eq(kes_linop_csr(NULL, &op), KES_EINVAL);
    cr_expect_eq(kes_linop_csr(A, NULL), KES_EINVAL);
    kes_csr *R = NULL;
    int64_t ri[3] = {0, 1, 2}, ci[3] = {0, 1, 2};
    double rv[3] = {1, 1, 1};
    cr_assert_eq(kes_csr_from_triplets(3, 4, 3, ri, ci, rv, &R), KES_OK);
    cr_expect_eq(kes_linop_csr(R, &op), KES_EDIM);
    R->val[1] = NAN;
    cr_expect_eq(kes_linop_csr(R, &op), KES_ENAN);
    A->colind[1] = 0; /* row 0 now holds column 0 twice: unsorted */
    cr_expect_eq(kes_linop_csr(A, &op), KES_EBADDATA);
    cr_expect(memcmp(&op, &keep, sizeof op) == 0, "op must be untouched on error");
    double d[6] = {1, 0, 0, 1, 0, 0};
    kes_cmat C = {.nrows = 2, .ncols = 2, .ld = 2, .data = d};
    cr_expect_eq(kes_linop_dense(NULL, &op), KES_EINVAL);
    cr_expect_eq(kes_linop_dense(&C, NULL), KES_EINVAL);
    C.data = NULL;
    cr_expect_eq(kes_linop_dense(&C, &op), KES_EINVAL);
    C.data = d, C.ncols = 3;
    cr_expect_eq(kes_linop_dense(&C, &op), KES_EDIM);
    C.ncols = 2, C.ld = 1;
    cr_expect_eq(kes_linop_dense(&C, &op), KES_EDIM);
    C.ld = 2, C.nrows = C.ncols = 0;
    cr_expect_eq(kes_linop_dense(&C, &op), KES_EDIM);
    cr_expect(memcmp(&op, &keep, sizeof op) == 0, "op must be untouched on error");
    kes_csr_destroy(R);
    kes_csr_destroy(A);
}

/* ---- bad input to kes_pcg_solve ---- */

Test(linop, argument_errors)
{
    kes_csr *A = fx_laplacian(6, 0.0);
    int64_t n = A->nrows;
    kes_linop op;
    cr_assert_eq(kes_linop_csr(A, &op), KES_OK);
    double b[36], x[36], x0[36];
    for (int i = 0; i < 36; i++) b[i] = 1.0, x[i] = x0[i] = 0.25;
    kes_solve_stats st;
    cr_expect_eq(kes_pcg_solve(NULL, NULL, b, x, NULL, &st), KES_EINVAL);
    cr_expect_eq(kes_pcg_solve(&op, NULL, NULL, x, NULL, &st), KES_EINVAL);
    cr_expect_eq(kes_pcg_solve(&op, NULL, b, NULL, NULL, &st), KES_EINVAL);
    kes_linop bad = op;
    bad.apply = NULL;
    cr_expect_eq(kes_pcg_solve(&bad, NULL, b, x, NULL, &st), KES_EINVAL);
    cr_expect_eq(kes_pcg_solve(&op, &bad, b, x, NULL, &st), KES_EINVAL);
    bad = op;
    bad.n = 0;
    cr_expect_eq(kes_pcg_solve(&bad, NULL, b, x, NULL, &st), KES_EDIM);
    bad.n = -5;
    cr_expect_eq(kes_pcg_solve(&bad, NULL, b, x, NULL, &st), KES_EDIM);
    /* a preconditioner of another size */
    int64_t n1 = n - 1;
    kes_linop M = {.n = n1, .apply = identity_apply, .ctx = &n1};
    cr_expect_eq(kes_pcg_solve(&op, &M, b, x, NULL, &st), KES_EDIM);
    /* options and data as in kes_cg_solve */
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = NAN;
    cr_expect_eq(kes_pcg_solve(&op, NULL, b, x, &o, &st), KES_EINVAL);
    o = kes_solve_opts_default();
    o.max_iter = -1;
    cr_expect_eq(kes_pcg_solve(&op, NULL, b, x, &o, &st), KES_EINVAL);
    b[3] = NAN;
    cr_expect_eq(kes_pcg_solve(&op, NULL, b, x, NULL, &st), KES_ENAN);
    b[3] = 1.0;
    x[5] = INFINITY;
    cr_expect_eq(kes_pcg_solve(&op, NULL, b, x, NULL, &st), KES_ENAN);
    x[5] = 0.25;
    cr_expect(memcmp(x, x0, sizeof x) == 0, "x must be untouched by refused calls");
    /* st may be NULL; a preconditioner equal to the identity changes nothing */
    int64_t nn = n;
    M.n = n, M.ctx = &nn;
    double x1[36], x2[36];
    memcpy(x1, x0, sizeof x1), memcpy(x2, x0, sizeof x2);
    cr_expect_eq(kes_pcg_solve(&op, &M, b, x1, NULL, NULL), KES_OK);
    cr_expect_eq(kes_pcg_solve(&op, NULL, b, x2, NULL, NULL), KES_OK);
    cr_expect(fx_resid(A, b, x1) <= 1e-8 * 6.0);
    cr_expect(fx_dist(n, x1, x2) <= 1e-12 * fx_norm(n, x2));
    kes_csr_destroy(A);
}

/* A failing apply on call k: start is call 1, iteration j makes call j + 1,
 * so the solve stops in iteration k - 1 having completed k - 2; x must be
 * exactly the iterate of a solve capped at k - 2 iterations (the last finite
 * iterate), and the status is apply's own (or KES_ENAN for a NaN). */
Test(linop, failing_operator_stops_with_last_iterate)
{
    kes_csr *A = fx_laplacian(12, 0.0);
    int64_t n = A->nrows;
    double *b = rhs(n), *x = malloc((size_t)n * sizeof *x), *xr = malloc((size_t)n * sizeof *xr);
    const kes_status fails[3] = {KES_EDOM, KES_ENOMEM, KES_OK /* NaN */};
    for (int q = 0; q < 3; q++)
        for (int64_t k = 1; k <= 6; k++) {
            failing F = {.A = A, .calls = 0, .fail_at = k, .fail = fails[q]};
            kes_linop op = {.n = n, .apply = failing_apply, .ctx = &F};
            for (int64_t i = 0; i < n; i++) x[i] = xr[i] = 0.1;
            kes_solve_stats st, sr;
            kes_status want = fails[q] == KES_OK ? KES_ENAN : fails[q];
            cr_assert_eq(kes_pcg_solve(&op, NULL, b, x, NULL, &st), want, "k=%lld", (long long)k);
            cr_assert(all_finite(x, n));
            if (k >= 2) {
                cr_assert_eq(st.iterations, k - 2);
                cr_assert_eq(st.status, want);
                kes_solve_opts o = kes_solve_opts_default();
                o.max_iter = k - 2;
                kes_linop plain;
                kes_linop_csr(A, &plain);
                cr_assert_eq(kes_pcg_solve(&plain, NULL, b, xr, &o, &sr), KES_NOCONV);
            }
            cr_assert(memcmp(x, xr, (size_t)n * sizeof *x) == 0, "q=%d k=%lld: x is not the last iterate", q,
                      (long long)k);
        }
    free(b), free(x), free(xr);
    kes_csr_destroy(A);
}

/* A preconditioner that fails or produces NaN ends the solve the same way. */
Test(linop, failing_preconditioner)
{
    kes_csr *A = fx_laplacian(10, 0.0), *Id = fx_laplacian(10, 0.0);
    int64_t n = A->nrows;
    for (int64_t i = 0; i < n; i++) /* Id: the identity with A's pattern */
        for (int64_t k = Id->rowptr[i]; k < Id->rowptr[i + 1]; k++) Id->val[k] = Id->colind[k] == i ? 1.0 : 0.0;
    kes_linop op;
    cr_assert_eq(kes_linop_csr(A, &op), KES_OK);
    double *b = rhs(n), *x = calloc((size_t)n, sizeof *x);
    for (int q = 0; q < 2; q++) {
        failing F = {.A = Id, .calls = 0, .fail_at = 3, .fail = q ? KES_EDOM : KES_OK};
        kes_linop M = {.n = n, .apply = failing_apply, .ctx = &F};
        memset(x, 0, (size_t)n * sizeof *x);
        kes_solve_stats st;
        cr_expect_eq(kes_pcg_solve(&op, &M, b, x, NULL, &st), q ? KES_EDOM : KES_ENAN);
        cr_expect_eq(st.iterations, 2);
        cr_expect(all_finite(x, n));
    }
    free(b), free(x);
    kes_csr_destroy(A);
    kes_csr_destroy(Id);
}

/* Not SPD: p'Ap <= 0 (A = -I) and r'M^-1 r <= 0 (M = -I) are KES_ENOTSPD
 * with x left at the last (here the initial) iterate. */
Test(linop, not_spd)
{
    int64_t n = 20;
    kes_linop neg = {.n = n, .apply = neg_identity_apply, .ctx = &n};
    kes_linop id = {.n = n, .apply = identity_apply, .ctx = &n};
    double b[20], x[20];
    for (int i = 0; i < 20; i++) b[i] = 1.0 + i, x[i] = 0.0;
    kes_solve_stats st;
    cr_expect_eq(kes_pcg_solve(&neg, NULL, b, x, NULL, &st), KES_ENOTSPD);
    for (int i = 0; i < 20; i++) cr_expect_eq(x[i], 0.0);
    cr_expect_eq(kes_pcg_solve(&id, &neg, b, x, NULL, &st), KES_ENOTSPD);
    for (int i = 0; i < 20; i++) cr_expect_eq(x[i], 0.0);
    /* the identity is solved in one iteration, exactly */
    cr_expect_eq(kes_pcg_solve(&id, NULL, b, x, NULL, &st), KES_OK);
    cr_expect_eq(st.iterations, 1);
    for (int i = 0; i < 20; i++) cr_expect_eq(x[i], b[i]);
}

/* ---- threads ---- */

typedef struct solve_out {
    double *x, *h;
    kes_solve_stats st;
} solve_out;

/* Run five CG paths (kes_cg_solve, CG over the CSR operator, Jacobi and
 * SSOR PCG plans, CG over a dense operator) with nt threads on a 260 x 260 Laplacian (n = 67600,
 * above the threading threshold) and a dense 400 x 400 SPD operator. */
static void run_paths(int nt, const kes_csr *A, const kes_cmat *D, const double *b, solve_out out[5])
{
    omp_set_num_threads(nt);
    const int64_t n = A->nrows;
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1, o.tol = 1e-10, o.history_cap = 4000, o.max_iter = 4000;
    for (int p = 0; p < 5; p++) {
        int64_t m = p == 4 ? D->nrows : n;
        out[p].x = calloc((size_t)m, sizeof(double));
        out[p].h = calloc(4000, sizeof(double));
    }
    o.history = out[0].h;
    cr_assert_eq(kes_cg_solve(A, b, out[0].x, &o, &out[0].st), KES_OK);
    kes_linop op, dop;
    cr_assert_eq(kes_linop_csr(A, &op), KES_OK);
    o.history = out[1].h;
    cr_assert_eq(kes_pcg_solve(&op, NULL, b, out[1].x, &o, &out[1].st), KES_OK);
    kes_solver *P;
    cr_assert_eq(kes_solver_create(kes_solver_pcg_jacobi, A, &P), KES_OK);
    o.history = out[2].h;
    cr_assert_eq(kes_solver_solve(P, b, out[2].x, &o, &out[2].st), KES_OK);
    kes_solver_destroy(P);
    cr_assert_eq(kes_solver_create(kes_solver_pcg_ssor, A, &P), KES_OK);
    cr_assert_eq(kes_solver_set_omega(P, 1.5), KES_OK);
    o.history = out[3].h;
    cr_assert_eq(kes_solver_solve(P, b, out[3].x, &o, &out[3].st), KES_OK);
    kes_solver_destroy(P);
    cr_assert_eq(kes_linop_dense(D, &dop), KES_OK);
    o.history = out[4].h;
    cr_assert_eq(kes_pcg_solve(&dop, NULL, b, out[4].x, &o, &out[4].st), KES_OK);
}

Test(linop, one_and_two_threads_bit_identical)
{
    const int saved = omp_get_max_threads();
    kes_csr *A = fx_laplacian(260, 0.01);
    const int64_t n = A->nrows, nd = 400;
    double *b = rhs(n), *Dd = malloc((size_t)(nd * nd) * sizeof *Dd);
    for (int64_t i = 0; i < nd; i++)
        for (int64_t j = 0; j < nd; j++) Dd[i + j * nd] = (i == j ? 2.0 : 0.0) + 1.0 / (1.0 + (double)(i + j));
    kes_cmat D = {.nrows = nd, .ncols = nd, .ld = nd, .data = Dd};
    solve_out o1[5], o2[5];
    run_paths(1, A, &D, b, o1);
    run_paths(2, A, &D, b, o2);
    omp_set_num_threads(saved);
    for (int p = 0; p < 5; p++) {
        int64_t m = p == 4 ? nd : n;
        cr_assert(o1[p].st.iterations > 5);
        cr_assert_eq(o1[p].st.iterations, o2[p].st.iterations, "path %d", p);
        cr_assert_eq(o1[p].st.history_len, o2[p].st.history_len);
        cr_assert(memcmp(o1[p].x, o2[p].x, (size_t)m * sizeof(double)) == 0, "path %d: x differs", p);
        cr_assert(memcmp(o1[p].h, o2[p].h, (size_t)o1[p].st.history_len * sizeof(double)) == 0,
                  "path %d: history differs", p);
        free(o1[p].x), free(o1[p].h), free(o2[p].x), free(o2[p].h);
    }
    free(b), free(Dd);
    kes_csr_destroy(A);
}
