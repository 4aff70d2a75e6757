/* Tests for src/kernels/kernel_nystrom.c: Nystrom features. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "kernel_testutil.h"

static kes_mat nys_features(const kes_nystrom *p, kes_mat X)
{
    kes_mat Z;
    tmat_alloc(X.nrows, kes_nystrom_output_dim(p), &Z);
    cr_assert_eq(kes_nystrom_transform(p, kes_mat_const(X), Z), KES_OK);
    return Z;
}

/* With every point as a landmark, Z Z^T = K K^+ K = K.  The dropped
 * Schur complement (pivots < rcond max K_ii = 1e-12) and round-off in Z
 * amplified by at most (rcond max K_ii)^-1/2 bound the error well below
 * 1e-8 relative. */
Test(nystrom, exact_when_landmarks_are_all_points)
{
    int64_t n = 80;
    kes_mat X = kt_points(n, 3, 1, 1.0);
    kes_kernel ks[3] = {kes_kernel_gaussian(0.8), kes_kernel_laplace(1.0), kes_kernel_matern(2.5, 1.2)};
    for (int t = 0; t < 3; t++) {
        kes_mat K = kt_kernel(&ks[t], X);
        kes_nystrom *p;
        cr_assert_eq(kes_nystrom_create_landmarks(&ks[t], kes_mat_const(X), 0.0, &p), KES_OK);
        kes_mat Z = nys_features(p, X), G = kt_gram(Z);
        double e = kt_rel_frob(G, K);
        cr_assert(e <= 1e-8, "kind %d: %g", ks[t].kind, e);
        kes_nystrom_destroy(p);
        tmat_free(&Z);
        tmat_free(&G);
        /* same through random sampling of all n points */
        kes_rng r;
        kes_rng_init(&r, 3, 0);
        cr_assert_eq(kes_nystrom_create(&ks[t], kes_mat_const(X), n, 0.0, &r, &p), KES_OK);
        cr_assert_eq(kes_nystrom_output_dim(p), n);
        Z = nys_features(p, X);
        G = kt_gram(Z);
        e = kt_rel_frob(G, K);
        cr_assert(e <= 1e-8, "kind %d sampled: %g", ks[t].kind, e);
        kes_nystrom_destroy(p);
        tmat_free(&Z);
        tmat_free(&G);
        tmat_free(&K);
    }
    tmat_free(&X);
}

/* A rank-3 kernel (linear, no offset, in R^3): pivoted Cholesky stops after
 * exactly 3 landmarks, the other 17 feature columns are zero, and Z Z^T
 * still reproduces K = X X^T everywhere. */
Test(nystrom, pseudo_inverse_of_rank_deficient_kernel)
{
    int64_t n = 50;
    kes_mat X = kt_points(n, 3, 2, 1.0);
    kes_kernel k = kes_kernel_default(KES_KERNEL_LINEAR);
    k.offset = 0.0;
    kes_rng r;
    kes_rng_init(&r, 4, 0);
    kes_nystrom *p;
    cr_assert_eq(kes_nystrom_create(&k, kes_mat_const(X), 20, 1e-10, &r, &p), KES_OK);
    cr_assert_eq(kes_nystrom_rank(p), 3);
    kes_mat Z = nys_features(p, X), G = kt_gram(Z), K = kt_kernel(&k, X);
    for (int64_t j = 3; j < 20; j++)
        for (int64_t i = 0; i < n; i++) cr_assert_eq(kes_mat_get(Z, i, j), 0.0);
    cr_assert(kt_rel_frob(G, K) <= 1e-12, "%g", kt_rel_frob(G, K));
    kes_nystrom_destroy(p);
    tmat_free(&X);
    tmat_free(&Z);
    tmat_free(&G);
    tmat_free(&K);
}

/* Landmarks are distinct rows of X, the same for the same seed. */
Test(nystrom, landmarks_sampled_without_replacement_reproducibly)
{
    int64_t n = 40, m = 25;
    kes_mat X = kt_points(n, 2, 5, 1.0);
    kes_kernel k = kes_kernel_gaussian(1.0);
    kes_rng r1, r2;
    kes_rng_init(&r1, 6, 0);
    kes_rng_init(&r2, 6, 0);
    kes_nystrom *a, *b;
    cr_assert_eq(kes_nystrom_create(&k, kes_mat_const(X), m, 0.0, &r1, &a), KES_OK);
    cr_assert_eq(kes_nystrom_create(&k, kes_mat_const(X), m, 0.0, &r2, &b), KES_OK);
    kes_cmat La = kes_nystrom_landmarks(a), Lb = kes_nystrom_landmarks(b);
    cr_assert_eq(La.nrows, m);
    cr_assert_eq(La.ncols, 2);
    cr_assert_eq(kes_nystrom_input_dim(a), 2);
    cr_assert_eq(memcmp(La.data, Lb.data, (size_t)(m * 2) * sizeof(double)), 0);
    int used[40] = {0};
    for (int64_t i = 0; i < m; i++) {
        int found = -1;
        for (int64_t j = 0; j < n; j++)
            if (kes_cmat_get(La, i, 0) == kes_mat_get(X, j, 0) && kes_cmat_get(La, i, 1) == kes_mat_get(X, j, 1))
                found = (int)j;
        cr_assert_geq(found, 0);
        cr_assert_eq(used[found], 0);
        used[found] = 1;
    }
    kes_nystrom_destroy(a);
    kes_nystrom_destroy(b);
    tmat_free(&X);
}

/* Reference protocol (features.md §5.2 item 12): n = 2000, d = 16,
 * gamma = 1/32, 1024 landmarks: error <= 0.005 (scikit-learn measured
 * 0.0029 at n = 10000); fewer landmarks give a larger error; transforming
 * in row blocks equals transforming rows one batch at a time. */
Test(nystrom, accuracy_target_and_batches, .timeout = 120)
{
    int64_t n = 2000;
    kes_mat X = kt_points(n, 16, 7, 1.0);
    kes_kernel g = kes_kernel_gaussian(4.0);
    kes_mat K = kt_kernel(&g, X);
    double err[2];
    int64_t ms[2] = {128, 1024};
    for (int t = 0; t < 2; t++) {
        kes_rng r;
        kes_rng_init(&r, 8, 0);
        kes_nystrom *p;
        cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), ms[t], 0.0, &r, &p), KES_OK);
        kes_mat Z = nys_features(p, X), G = kt_gram(Z);
        err[t] = kt_rel_frob(G, K);
        if (t == 1) {
            kes_mat Zs;
            tmat_alloc(100, ms[t], &Zs);
            cr_assert_eq(kes_nystrom_transform(p, kes_mat_const(kes_mat_submatrix(X, 1500, 0, 100, 16)), Zs), KES_OK);
            for (int64_t j = 0; j < ms[t]; j++)
                for (int64_t i = 0; i < 100; i++)
                    cr_assert(fabs(kes_mat_get(Zs, i, j) - kes_mat_get(Z, 1500 + i, j)) <= 1e-12);
            tmat_free(&Zs);
        }
        kes_nystrom_destroy(p);
        tmat_free(&Z);
        tmat_free(&G);
    }
    cr_assert(err[1] <= 0.005, "m=1024: %g", err[1]);
    cr_assert(err[0] > 2 * err[1], "m=128: %g m=1024: %g", err[0], err[1]);
    tmat_free(&X);
    tmat_free(&K);
}

Test(nystrom, errors)
{
    kes_mat X = kt_points(10, 3, 9, 1.0), X2 = kt_points(4, 2, 9, 1.0), Z, Zb;
    kes_kernel g = kes_kernel_gaussian(1.0), bad = kes_kernel_matern(0.0, 1.0), lin = kes_kernel_default(KES_KERNEL_LINEAR);
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_nystrom *p = (kes_nystrom *)0x1;
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 5, 0.0, &r, NULL), KES_EINVAL);
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 5, 0.0, NULL, &p), KES_EINVAL);
    cr_assert_eq(kes_nystrom_create(NULL, kes_mat_const(X), 5, 0.0, &r, &p), KES_EINVAL);
    cr_assert_eq(kes_nystrom_create(&bad, kes_mat_const(X), 5, 0.0, &r, &p), KES_EDOM);
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 0, 0.0, &r, &p), KES_EDIM);
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 11, 0.0, &r, &p), KES_EDIM);
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 5, NAN, &r, &p), KES_ENAN);
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 5, INFINITY, &r, &p), KES_ENAN);
    cr_assert_eq(kes_nystrom_create_landmarks(&g, kes_mat_const(X), -INFINITY, &p), KES_ENAN);
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(kes_mat_view(NULL, 10, 3, 10)), 5, 0.0, &r, &p), KES_EINVAL);
    cr_assert_eq(kes_nystrom_create_landmarks(&g, kes_mat_const(X), 0.0, NULL), KES_EINVAL);
    cr_assert_eq(kes_nystrom_create_landmarks(&bad, kes_mat_const(X), 0.0, &p), KES_EDOM);
    cr_assert_eq(kes_nystrom_create_landmarks(&g, kes_mat_const(kes_mat_view(X.data, 0, 3, 1)), 0.0, &p), KES_EDIM);
    /* a kernel that vanishes on the landmarks has no positive eigenvalue */
    lin.offset = 0.0;
    kes_mat Z0;
    tmat_alloc(4, 3, &Z0);
    cr_assert_eq(kes_nystrom_create_landmarks(&lin, kes_mat_const(Z0), 0.0, &p), KES_ENOTSPD);
    X.data[13] = NAN;
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 5, 0.0, &r, &p), KES_ENAN);
    cr_assert_eq(kes_nystrom_create_landmarks(&g, kes_mat_const(X), 0.0, &p), KES_ENAN);
    cr_assert_eq(p, (kes_nystrom *)0x1);

    kes_nystrom_destroy(NULL);
    cr_assert_eq(kes_nystrom_output_dim(NULL), 0);
    cr_assert_eq(kes_nystrom_input_dim(NULL), 0);
    cr_assert_eq(kes_nystrom_rank(NULL), 0);
    cr_assert_null(kes_nystrom_landmarks(NULL).data);

    X.data[13] = 0.5;
    cr_assert_eq(kes_nystrom_create(&g, kes_mat_const(X), 6, 0.0, &r, &p), KES_OK);
    tmat_alloc(10, 6, &Z);
    tmat_alloc(10, 5, &Zb);
    kes_mat_fill(Z, 2.0);
    cr_assert_eq(kes_nystrom_transform(NULL, kes_mat_const(X), Z), KES_EINVAL);
    cr_assert_eq(kes_nystrom_transform(p, kes_mat_const(X2), Z), KES_EDIM);
    cr_assert_eq(kes_nystrom_transform(p, kes_mat_const(X), Zb), KES_EDIM);
    cr_assert_eq(kes_nystrom_transform(p, kes_mat_const(X), kes_mat_view(NULL, 10, 6, 10)), KES_EINVAL);
    cr_assert_eq(kes_nystrom_transform(p, kes_mat_const(kes_mat_view(Z.data, 10, 3, 10)), Z), KES_EINVAL);
    X.data[2] = INFINITY;
    cr_assert_eq(kes_nystrom_transform(p, kes_mat_const(X), Z), KES_ENAN);
    for (int i = 0; i < 60; i++) cr_assert_eq(Z.data[i], 2.0);
    kes_nystrom_destroy(p);
    tmat_free(&X);
    tmat_free(&X2);
    tmat_free(&Z);
    tmat_free(&Zb);
    tmat_free(&Z0);
}
