/* Tests for src/kernels/graph.c: normalised adjacency and Laplacians,
 * exact graph kernels against identities, against scipy/numpy dense LAPACK
 * reference values (tools/gen_graph_fixtures.py) and PSD-ness, and bad
 * input. */
#include <criterion/criterion.h>
#include <cblas.h>
#include <limits.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kestrel/graph.h"
#include "dense_testutil.h"
#include "graph_fixtures.h"

static kes_csr *karate(void)
{
    kes_csr *W = gf_read_edges(KES_TEST_DATA_DIR "/graph_karate.txt");
    cr_assert_not_null(W);
    cr_assert_eq(W->nrows, 34);
    cr_assert_eq(W->nnz, 156);
    return W;
}

/* Reads block `name` of graph_karate_kernels.txt into K (34 x 34). */
static void read_ref(const char *name, double *K)
{
    FILE *fp = fopen(KES_TEST_DATA_DIR "/graph_karate_kernels.txt", "r");
    cr_assert_not_null(fp);
    char line[128], want[64];
    snprintf(want, sizeof want, "%s 34\n", name);
    int found = 0;
    while (fgets(line, sizeof line, fp)) {
        if (strcmp(line, want) == 0) {
            for (int k = 0; k < 34 * 34; k++) cr_assert_eq(fscanf(fp, "%lf", &K[k]), 1);
            found = 1;
            break;
        }
    }
    fclose(fp);
    cr_assert(found, "block %s missing", name);
}

static double max_abs_diff(const double *A, const double *B, int64_t n)
{
    double m = 0.0;
    for (int64_t k = 0; k < n * n; k++) m = fmax(m, fabs(A[k] - B[k]));
    return m;
}

/* Smallest eigenvalue of a copy of K (relative to the largest). */
static double min_eig_rel(const kes_mat K)
{
    kes_mat C;
    cr_assert_eq(tmat_alloc(K.nrows, K.ncols, &C), KES_OK);
    kes_mat_copy(kes_mat_const(K), C);
    double *w = malloc((size_t)K.nrows * sizeof *w);
    cr_assert_eq(kes_mat_syev(C, w, 0), KES_OK);
    double r = w[0] / fabs(w[K.nrows - 1]);
    free(w);
    tmat_free(&C);
    return r;
}

Test(graph, normalized_adjacency_and_isolated_nodes)
{
    /* path 0-1-2 with weights 1, 4, node 3 isolated (explicit zero self loop) */
    int64_t r[] = {0, 1, 1, 2, 3}, c[] = {1, 0, 2, 1, 3};
    double v[] = {1, 1, 4, 4, 0};
    kes_csr *W = NULL, *U = NULL;
    cr_assert_eq(kes_csr_from_triplets(4, 4, 5, r, c, v, &W), KES_OK);
    cr_assert_eq(kes_graph_normalized_adjacency(W, 0.5, &U), KES_OK);
    double D[16];
    cr_assert_eq(kes_csr_to_dense(U, D, 4), KES_OK);
    /* deg = (1, 5, 4, 0): U_01 = 0.5 / sqrt(5), U_12 = 0.5 * 4 / sqrt(20) */
    cr_expect(fabs(D[0 + 1 * 4] - 0.5 / sqrt(5.0)) < 1e-15);
    cr_expect(fabs(D[1 + 0 * 4] - 0.5 / sqrt(5.0)) < 1e-15);
    cr_expect(fabs(D[1 + 2 * 4] - 2.0 / sqrt(20.0)) < 1e-15);
    cr_expect_eq(U->rowptr[4] - U->rowptr[3], 0, "isolated node must have an empty row");
    /* Normalised Laplacian: isolated node has L_33 = 1; combinatorial: zero row. */
    kes_csr *L = NULL;
    cr_assert_eq(kes_graph_laplacian(W, KES_LAPLACIAN_NORMALIZED, &L), KES_OK);
    cr_assert_eq(kes_csr_to_dense(L, D, 4), KES_OK);
    cr_expect_eq(D[3 + 3 * 4], 1.0);
    cr_expect(fabs(D[1 + 1 * 4] - 1.0) < 1e-15);
    kes_csr_destroy(L);
    cr_assert_eq(kes_graph_laplacian(W, KES_LAPLACIAN_COMBINATORIAL, &L), KES_OK);
    cr_assert_eq(kes_csr_to_dense(L, D, 4), KES_OK);
    cr_expect_eq(D[3 + 3 * 4], 0.0);
    cr_expect_eq(D[1 + 1 * 4], 5.0);
    cr_expect_eq(D[1 + 2 * 4], -4.0);
    /* Exact kernels are defined with isolated nodes: heat gives e^-beta on
     * the normalised Laplacian, 1 on the combinatorial one. */
    kes_mat K;
    cr_assert_eq(tmat_alloc(4, 4, &K), KES_OK);
    cr_assert_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_NORMALIZED, 0.7, K), KES_OK);
    cr_expect(fabs(kes_mat_get(K, 3, 3) - exp(-0.7)) < 1e-14);
    cr_expect(fabs(kes_mat_get(K, 3, 0)) < 1e-15);
    cr_assert_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_COMBINATORIAL, 0.7, K), KES_OK);
    cr_expect(fabs(kes_mat_get(K, 3, 3) - 1.0) < 1e-14);
    tmat_free(&K);
    kes_csr_destroy(L);
    kes_csr_destroy(U);
    kes_csr_destroy(W);
}

Test(graph, regularized_identity_and_reference)
{
    kes_csr *W = karate();
    int64_t n = W->nrows;
    kes_mat K1, K2, A, R;
    cr_assert_eq(tmat_alloc(n, n, &K1), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &K2), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &A), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &R), KES_OK);
    for (int kind = 0; kind < 2; kind++) {
        double s2 = kind ? 0.3 : 2.0;
        cr_assert_eq(kes_graph_kernel_regularized(W, kind, s2, 1, K1), KES_OK);
        /* (I + s2 L) K1 = I to 1e-10: cond(I + s2 L) <= 1 + 2 s2 dmax, so the
         * residual of a backward-stable inverse is ~1e-14. */
        kes_csr *L = NULL;
        cr_assert_eq(kes_graph_laplacian(W, kind, &L), KES_OK);
        cr_assert_eq(kes_csr_to_dense(L, A.data, A.ld), KES_OK);
        for (int64_t j = 0; j < n; j++) {
            for (int64_t i = 0; i < n; i++) A.data[i + j * n] *= s2;
            A.data[j + j * n] += 1.0;
        }
        kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(A), kes_mat_const(K1), 0.0, R);
        for (int64_t j = 0; j < n; j++) R.data[j + j * n] -= 1.0;
        cr_expect(max_abs_diff(R.data, (double[34 * 34]){0}, n) <= 1e-10);
        cr_expect(min_eig_rel(K1) > 0.0, "regularised kernel must be positive definite");
        /* d = 2 equals K1^2 */
        cr_assert_eq(kes_graph_kernel_regularized(W, kind, s2, 2, K2), KES_OK);
        kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(K1), kes_mat_const(K1), 0.0, R);
        cr_expect(max_abs_diff(R.data, K2.data, n) <= 1e-13);
        kes_csr_destroy(L);
    }
    /* against numpy.linalg.inv: 1e-12 absolute on entries of size <= 1 */
    cr_assert_eq(kes_graph_kernel_regularized(W, KES_LAPLACIAN_NORMALIZED, 1.0, 2, K2), KES_OK);
    read_ref("reg2", R.data);
    cr_expect(max_abs_diff(R.data, K2.data, n) <= 1e-12, "diff %g", max_abs_diff(R.data, K2.data, n));
    tmat_free(&K1);
    tmat_free(&K2);
    tmat_free(&A);
    tmat_free(&R);
    kes_csr_destroy(W);
}

Test(graph, diffusion_taylor_and_reference)
{
    kes_csr *W = karate();
    int64_t n = W->nrows;
    kes_mat K, T, P, Q, L;
    cr_assert_eq(tmat_alloc(n, n, &K), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &T), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &P), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &Q), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &L), KES_OK);
    /* exp(-L~) by a degree-30 Taylor sum: ||L~|| <= 2, so the remainder is
     * below 2^31/31! ~ 3e-25; rounding in the sum is ~1e-15. */
    kes_csr *Ls = NULL;
    cr_assert_eq(kes_graph_laplacian(W, KES_LAPLACIAN_NORMALIZED, &Ls), KES_OK);
    cr_assert_eq(kes_csr_to_dense(Ls, L.data, L.ld), KES_OK);
    kes_mat_set_identity(T);
    kes_mat_set_identity(P);
    for (int k = 1; k <= 30; k++) {
        kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, -1.0 / k, kes_mat_const(P), kes_mat_const(L), 0.0, Q);
        kes_mat_copy(kes_mat_const(Q), P);
        for (int64_t e = 0; e < n * n; e++) T.data[e] += P.data[e];
    }
    cr_assert_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_NORMALIZED, 1.0, K), KES_OK);
    cr_expect(max_abs_diff(T.data, K.data, n) <= 1e-12, "diff %g", max_abs_diff(T.data, K.data, n));
    cr_expect(min_eig_rel(K) > 0.0);
    /* combinatorial heat against scipy.linalg.expm (Pade, ~1e-15 relative) */
    cr_assert_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_COMBINATORIAL, 0.5, K), KES_OK);
    read_ref("heat", T.data);
    cr_expect(max_abs_diff(T.data, K.data, n) <= 1e-12, "diff %g", max_abs_diff(T.data, K.data, n));
    /* beta = 0 is the identity */
    cr_assert_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_COMBINATORIAL, 0.0, K), KES_OK);
    kes_mat_set_identity(T);
    cr_expect(max_abs_diff(T.data, K.data, n) <= 1e-14);
    kes_csr_destroy(Ls);
    tmat_free(&K);
    tmat_free(&T);
    tmat_free(&P);
    tmat_free(&Q);
    tmat_free(&L);
    kes_csr_destroy(W);
}

static double inv_one_minus(double x, void *ctx)
{
    (void)ctx;
    return 1.0 / (1.0 - x);
}

/* Undefined at the top of the spectrum of U = 0.25 W^ (eigenvalue 0.25). */
static double undefined_at_top(double x, void *ctx)
{
    (void)ctx;
    return x > 0.2 ? NAN : 1.0;
}

Test(graph, commute_pstep_spectral)
{
    kes_csr *W = karate();
    int64_t n = W->nrows;
    kes_mat K, L, R, S;
    cr_assert_eq(tmat_alloc(n, n, &K), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &L), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &R), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &S), KES_OK);
    kes_csr *Ls = NULL;
    cr_assert_eq(kes_graph_laplacian(W, KES_LAPLACIAN_COMBINATORIAL, &Ls), KES_OK);
    cr_assert_eq(kes_csr_to_dense(Ls, L.data, L.ld), KES_OK);
    cr_assert_eq(kes_graph_kernel_commute(W, KES_LAPLACIAN_COMBINATORIAL, K), KES_OK);
    /* K 1 = 0 and L K L = L (pseudo-inverse identities), 1e-9 as in the
     * protocol: cond(L restricted) = lambda_max / lambda_2 ~ 100 here. */
    for (int64_t i = 0; i < n; i++) {
        double s = 0.0;
        for (int64_t j = 0; j < n; j++) s += kes_mat_get(K, i, j);
        cr_expect(fabs(s) <= 1e-9);
    }
    kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(L), kes_mat_const(K), 0.0, R);
    kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(R), kes_mat_const(L), 0.0, S);
    cr_expect(max_abs_diff(S.data, L.data, n) <= 1e-9);
    cr_expect(min_eig_rel(K) > -1e-12, "commute-time kernel is PSD");
    read_ref("commute", R.data);
    cr_expect(max_abs_diff(R.data, K.data, n) <= 1e-11, "vs numpy pinv: %g", max_abs_diff(R.data, K.data, n));

    /* p-step, normalised: (2I - L~)^3 = (I + W^)^3 */
    kes_csr *U = NULL;
    cr_assert_eq(kes_graph_normalized_adjacency(W, 1.0, &U), KES_OK);
    cr_assert_eq(kes_csr_to_dense(U, L.data, L.ld), KES_OK);
    for (int64_t j = 0; j < n; j++) L.data[j + j * n] += 1.0;
    kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(L), kes_mat_const(L), 0.0, R);
    kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(R), kes_mat_const(L), 0.0, S);
    cr_assert_eq(kes_graph_kernel_pstep(W, KES_LAPLACIAN_NORMALIZED, 2.0, 3, K), KES_OK);
    cr_expect(max_abs_diff(S.data, K.data, n) <= 1e-12);
    cr_expect(min_eig_rel(K) > -1e-12);
    /* a below lambda_max would give an indefinite kernel for odd p */
    cr_expect_eq(kes_graph_kernel_pstep(W, KES_LAPLACIAN_NORMALIZED, 1.2, 3, K), KES_EDOM);
    cr_expect_eq(kes_graph_kernel_pstep(W, KES_LAPLACIAN_NORMALIZED, 2.0, 0, K), KES_EDOM);

    /* spectral: 1/(1-x) of U = 0.25 W^ is (I - U)^-1 */
    kes_csr_destroy(U);
    cr_assert_eq(kes_graph_normalized_adjacency(W, 0.25, &U), KES_OK);
    cr_assert_eq(kes_graph_spectral(U, inv_one_minus, NULL, K), KES_OK);
    cr_assert_eq(kes_csr_to_dense(U, L.data, L.ld), KES_OK);
    for (int64_t e = 0; e < n * n; e++) L.data[e] = -L.data[e];
    for (int64_t j = 0; j < n; j++) L.data[j + j * n] += 1.0;
    kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(L), kes_mat_const(K), 0.0, R);
    kes_mat_set_identity(S);
    cr_expect(max_abs_diff(R.data, S.data, n) <= 1e-13);
    /* a pole on the spectrum is a domain error, an asymmetric S bad data */
    cr_expect_eq(kes_graph_spectral(U, undefined_at_top, NULL, K), KES_EDOM);
    kes_csr_destroy(U);
    kes_csr_destroy(Ls);
    tmat_free(&K);
    tmat_free(&L);
    tmat_free(&R);
    tmat_free(&S);
    kes_csr_destroy(W);
}

Test(graph, bad_input)
{
    kes_csr *W = NULL, *U = NULL;
    kes_mat K;
    cr_assert_eq(tmat_alloc(3, 3, &K), KES_OK);
    /* asymmetric weights */
    int64_t r[] = {0, 1, 1, 2}, c[] = {1, 0, 2, 1};
    double v[] = {1, 2, 1, 1};
    cr_assert_eq(kes_csr_from_triplets(3, 3, 4, r, c, v, &W), KES_OK);
    cr_expect_eq(kes_graph_check(W), KES_EBADDATA);
    cr_expect_eq(kes_graph_normalized_adjacency(W, 0.5, &U), KES_EBADDATA);
    cr_expect_null(U);
    cr_expect_eq(kes_graph_kernel_regularized(W, KES_LAPLACIAN_NORMALIZED, 1.0, 1, K), KES_EBADDATA);
    cr_expect_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_COMBINATORIAL, 1.0, K), KES_EBADDATA);
    cr_expect_eq(kes_graph_kernel_commute(W, KES_LAPLACIAN_COMBINATORIAL, K), KES_EBADDATA);
    /* negative weights */
    W->val[1] = 1.0;
    cr_expect_eq(kes_graph_check(W), KES_OK);
    W->val[0] = W->val[1] = -1.0;
    cr_expect_eq(kes_graph_check(W), KES_EBADDATA);
    cr_expect_eq(kes_graph_kernel_pstep(W, KES_LAPLACIAN_NORMALIZED, 2.0, 1, K), KES_EBADDATA);
    /* NaN */
    W->val[0] = W->val[1] = NAN;
    cr_expect_eq(kes_graph_check(W), KES_ENAN);
    cr_expect_eq(kes_graph_normalized_adjacency(W, 0.5, &U), KES_ENAN);
    W->val[0] = W->val[1] = 1.0;
    /* parameters */
    cr_expect_eq(kes_graph_normalized_adjacency(W, NAN, &U), KES_EDOM);
    cr_expect_eq(kes_graph_normalized_adjacency(NULL, 0.5, &U), KES_EINVAL);
    cr_expect_eq(kes_graph_normalized_adjacency(W, 0.5, NULL), KES_EINVAL);
    cr_expect_eq(kes_graph_kernel_regularized(W, KES_LAPLACIAN_NORMALIZED, 0.0, 1, K), KES_EDOM);
    cr_expect_eq(kes_graph_kernel_regularized(W, KES_LAPLACIAN_NORMALIZED, 1.0, 0, K), KES_EDOM);
    cr_expect_eq(kes_graph_kernel_regularized(W, KES_LAPLACIAN_NORMALIZED, INFINITY, 1, K), KES_EDOM);
    cr_expect_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_NORMALIZED, -1.0, K), KES_EDOM);
    cr_expect_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_NORMALIZED, NAN, K), KES_EDOM);
    cr_expect_eq(kes_graph_laplacian(W, (kes_laplacian)5, &U), KES_EINVAL);
    /* dimensions */
    kes_mat K2;
    cr_assert_eq(tmat_alloc(2, 3, &K2), KES_OK);
    cr_expect_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_NORMALIZED, 1.0, K2), KES_EDIM);
    cr_expect_eq(kes_graph_kernel_commute(W, KES_LAPLACIAN_NORMALIZED, K2), KES_EDIM);
    kes_csr *R = NULL;
    cr_assert_eq(kes_csr_from_triplets(2, 3, 4, (int64_t[]){0, 0, 1, 1}, (int64_t[]){1, 2, 0, 2}, v, &R), KES_OK);
    cr_expect_eq(kes_graph_check(R), KES_EDIM);
    cr_expect_eq(kes_graph_spectral(R, inv_one_minus, NULL, K), KES_EDIM);
    cr_expect_eq(kes_graph_spectral(W, NULL, NULL, K), KES_EINVAL);
    W->val[0] = 3.0;
    cr_expect_eq(kes_graph_spectral(W, inv_one_minus, NULL, K), KES_EBADDATA);
    kes_csr_destroy(R);
    tmat_free(&K2);
    tmat_free(&K);
    kes_csr_destroy(W);
}

static double return_inf(double l, void *ctx)
{
    (void)ctx;
    return l > 0.5 ? INFINITY : 1.0;
}

Test(graph, kernels_beyond_double_range_are_refused)
{
    /* path graph 0-1-2-3: the p-step kernel (a I - L)^p with a = 1e10 and
     * p = 40 has weights 1e400; it has no finite value and must say so
     * instead of returning Inf/NaN entries with KES_OK. */
    const int64_t r[] = {0, 1, 1, 2, 2, 3}, c[] = {1, 0, 2, 1, 3, 2};
    const double v[] = {1, 1, 1, 1, 1, 1};
    kes_csr *W = NULL;
    cr_assert_eq(kes_csr_from_triplets(4, 4, 6, r, c, v, &W), KES_OK);
    kes_mat K;
    cr_assert_eq(tmat_alloc(4, 4, &K), KES_OK);
    cr_expect_eq(kes_graph_kernel_pstep(W, KES_LAPLACIAN_NORMALIZED, 1e10, 40, K), KES_ERANGE);
    cr_expect_eq(kes_graph_kernel_pstep(W, KES_LAPLACIAN_COMBINATORIAL, 1e10, 40, K), KES_ERANGE);
    cr_expect_eq(kes_graph_spectral(W, return_inf, NULL, K), KES_EDOM, "documented: fn must return finite values");
    /* a = 1e7, p = 40: weights up to 1e280, entries finite: computed */
    cr_expect_eq(kes_graph_kernel_pstep(W, KES_LAPLACIAN_NORMALIZED, 1e7, 40, K), KES_OK);
    for (int k = 0; k < 16; k++) cr_expect(isfinite(K.data[k]));
    tmat_free(&K);
    kes_csr_destroy(W);
}

/* (I + s2 L)^-d by binary powering: d = 5 equals K1^5 from repeated
 * products, and d = INT_MAX (2^31 - 2 products the naive way, a hang found by
 * test_hostile) finishes and gives the projector onto the null space of the
 * combinatorial Laplacian of the connected karate graph, 11^T / n. */
Test(graph, regularized_large_powers)
{
    kes_csr *W = karate();
    int64_t n = W->nrows;
    kes_mat K1, K5, R, T;
    cr_assert_eq(tmat_alloc(n, n, &K1), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &K5), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &R), KES_OK);
    cr_assert_eq(tmat_alloc(n, n, &T), KES_OK);
    const kes_laplacian C = KES_LAPLACIAN_COMBINATORIAL;
    cr_assert_eq(kes_graph_kernel_regularized(W, C, 0.3, 1, K1), KES_OK);
    cr_assert_eq(kes_graph_kernel_regularized(W, C, 0.3, 5, K5), KES_OK);
    cr_assert_eq(kes_mat_copy(kes_mat_const(K1), R), KES_OK);
    for (int p = 2; p <= 5; p++) {
        kes_blas_gemm(KES_NOTRANS, KES_NOTRANS, 1.0, kes_mat_const(R), kes_mat_const(K1), 0.0, T);
        kes_mat_copy(kes_mat_const(T), R);
    }
    cr_expect(max_abs_diff(R.data, K5.data, n) <= 1e-13, "diff %g", max_abs_diff(R.data, K5.data, n));
    cr_assert_eq(kes_graph_kernel_regularized(W, C, 0.3, INT_MAX, K5), KES_OK);
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < n; i++) R.data[i + j * n] = 1.0 / (double)n;
    /* K1's unit eigenvalue carries ~eps of rounding, raised to 2^31: 2^31 eps ~ 5e-7. */
    cr_expect(max_abs_diff(R.data, K5.data, n) <= 1e-6, "diff %g", max_abs_diff(R.data, K5.data, n));
    tmat_free(&K1);
    tmat_free(&K5);
    tmat_free(&R);
    tmat_free(&T);
    kes_csr_destroy(W);
}

/* Finite weights DBL_MAX on a path: the combinatorial degree 2 DBL_MAX does
 * not fit a double.  The input is valid (no NaN/Inf), so the answer is
 * KES_ERANGE, not KES_ENAN; the dense kernels built on it say the same.
 * A single edge of weight DBL_MAX (degree DBL_MAX) still fits. */
Test(graph, combinatorial_degree_overflow_is_erange)
{
    const int64_t r[] = {0, 1, 1, 2, 2, 3}, c[] = {1, 0, 2, 1, 3, 2};
    const double v[] = {DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX, DBL_MAX};
    kes_csr *W = NULL, *L = NULL;
    cr_assert_eq(kes_csr_from_triplets(4, 4, 6, r, c, v, &W), KES_OK);
    cr_expect_eq(kes_graph_laplacian(W, KES_LAPLACIAN_COMBINATORIAL, &L), KES_ERANGE);
    cr_expect_null(L);
    kes_mat K;
    cr_assert_eq(tmat_alloc(4, 4, &K), KES_OK);
    cr_expect_eq(kes_graph_kernel_regularized(W, KES_LAPLACIAN_COMBINATORIAL, 1.0, 1, K), KES_ERANGE);
    cr_expect_eq(kes_graph_kernel_diffusion(W, KES_LAPLACIAN_COMBINATORIAL, 1.0, K), KES_ERANGE);
    tmat_free(&K);
    kes_csr_destroy(W);
    const int64_t r1[] = {0, 1}, c1[] = {1, 0};
    const double v1[] = {DBL_MAX, DBL_MAX};
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r1, c1, v1, &W), KES_OK);
    cr_expect_eq(kes_graph_laplacian(W, KES_LAPLACIAN_COMBINATORIAL, &L), KES_OK);
    cr_assert_not_null(L);
    for (int64_t k = 0; k < L->nnz; k++) cr_expect(isfinite(L->val[k]));
    kes_csr_destroy(L);
    kes_csr_destroy(W);
}
