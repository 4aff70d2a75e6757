/* Tests for src/kernels/kernel_rff.c: random Fourier, orthogonal, positive and
 * hyperbolic random features. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <omp.h>
#include <string.h>

#include "kernel_testutil.h"

static kes_rff *make_plan(const kes_kernel *k, int64_t d, int64_t D, kes_rf_map map, int orth, uint64_t seed)
{
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    kes_rff_opts o = {.map = map, .orthogonal = orth};
    kes_rff *p = NULL;
    cr_assert_eq(kes_rff_create(k, d, D, &o, &r, &p), KES_OK);
    return p;
}

/* Relative Frobenius error of Z Z^T against K for one plan. */
static double rf_error(const kes_kernel *k, kes_mat X, kes_mat K, int64_t D, kes_rf_map map, int orth, uint64_t seed)
{
    kes_rff *p = make_plan(k, X.ncols, D, map, orth, seed);
    kes_mat Z;
    tmat_alloc(X.nrows, D, &Z);
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Z), KES_OK);
    kes_mat G = kt_gram(Z);
    double e = kt_rel_frob(G, K);
    tmat_free(&Z);
    tmat_free(&G);
    kes_rff_destroy(p);
    return e;
}

/* The elementwise pass (fast cos/sin with Cody-Waite reduction) against
 * libm applied to the plan's own frequencies and phases.  Arguments reach
 * |t| ~ 1e2 here; the bound 4e-16 |scale| covers the reduction (|k| pi_lo
 * rounding) and the Horner sum near |r| = pi/2. */
/* Largest |Z - scale cos(Omega^T x + b)| (and the sin half) with libm. */
static double worst_vs_libm(const kes_rff *p, kes_mat X, kes_mat Z)
{
    kes_cmat W = kes_rff_frequencies(p);
    const double *b = kes_rff_phases(p);
    int64_t Df = W.ncols, n = X.nrows, d = X.ncols;
    double sc = sqrt(2.0 / kes_rff_output_dim(p)), worst = 0;
    for (int64_t c = 0; c < Df; c++)
        for (int64_t i = 0; i < n; i++) {
            double t = b ? b[c] : 0.0;
            for (int64_t j = 0; j < d; j++) t += W.data[j + c * W.ld] * X.data[i + j * X.ld];
            worst = fmax(worst, fabs(kes_mat_get(Z, i, c) - sc * cos(t)) / sc);
            if (!b) worst = fmax(worst, fabs(kes_mat_get(Z, i, c + Df) - sc * sin(t)) / sc);
        }
    return worst;
}

/* The elementwise pass (fast cos/sin with Cody-Waite reduction) against
 * libm applied to the plan's own frequencies and phases: the fused path
 * (d <= 64, n = 300 leaves a tail shorter than a chunk) and the dgemm path
 * (d = 80).  Arguments reach |t| ~ 1e2; t itself differs from ours by
 * ~d eps |t| in summation order, so 2e-13 relative to the amplitude. */
Test(rff, cos_and_sincos_match_libm)
{
    int64_t n = 300, D = 64, dims[2] = {6, 80};
    for (int q = 0; q < 2; q++) {
        int64_t d = dims[q];
        kes_mat X = kt_points(n, d, 3, 10.0 / sqrt((double)d / 6.0)), Z;
        tmat_alloc(n, D, &Z);
        kes_kernel k = kes_kernel_gaussian(0.7);
        for (int map = KES_RF_COS; map <= KES_RF_SINCOS; map++) {
            kes_rff *p = make_plan(&k, d, D, (kes_rf_map)map, 0, 11);
            cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Z), KES_OK);
            cr_assert_eq(kes_rff_phases(p) == NULL, map == KES_RF_SINCOS);
            double w = worst_vs_libm(p, X, Z);
            cr_assert(w <= 2e-13, "d %ld map %d worst %g", (long)d, map, w);
            kes_rff_destroy(p);
        }
        /* Huge frequencies (tiny lengthscale) push |t| past 1e5 onto libm;
         * |t| reaches ~1e7 at d = 80, where summation-order differences of
         * ~d eps |t| = 2e-7 bound the disagreement. */
        k.lengthscale = 1e-6;
        for (int map = KES_RF_COS; map <= KES_RF_SINCOS; map++) {
            kes_rff *p = make_plan(&k, d, D, (kes_rf_map)map, 0, 12);
            cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Z), KES_OK);
            double w = worst_vs_libm(p, X, Z);
            cr_assert(w <= 1e-6, "far: d %ld map %d worst %g", (long)d, map, w);
            kes_rff_destroy(p);
        }
        tmat_free(&X);
        tmat_free(&Z);
    }
}

/* Same rng state -> bit-identical plan; another seed differs; the fused
 * transform (fixed summation order) gives bit-identical Z for 1 and 2
 * threads. */
Test(rff, reproducible_by_seed_and_threads)
{
    int64_t n = 200, d = 5, D = 96;
    kes_mat X = kt_points(n, d, 4, 1.0), Z1, Z2;
    tmat_alloc(n, D, &Z1);
    tmat_alloc(n, D, &Z2);
    kes_kernel k = kes_kernel_matern(1.3, 1.1);
    for (int orth = 0; orth < 2; orth++) {
        kes_rff *a = make_plan(&k, d, D, KES_RF_COS, orth, 5), *b = make_plan(&k, d, D, KES_RF_COS, orth, 5),
                *c = make_plan(&k, d, D, KES_RF_COS, orth, 6);
        cr_assert_eq(memcmp(kes_rff_frequencies(a).data, kes_rff_frequencies(b).data, d * D * sizeof(double)), 0);
        cr_assert_eq(memcmp(kes_rff_phases(a), kes_rff_phases(b), D * sizeof(double)), 0);
        cr_assert_neq(memcmp(kes_rff_frequencies(a).data, kes_rff_frequencies(c).data, d * D * sizeof(double)), 0);
        omp_set_num_threads(1);
        cr_assert_eq(kes_rff_transform(a, kes_mat_const(X), Z1), KES_OK);
        omp_set_num_threads(2);
        cr_assert_eq(kes_rff_transform(b, kes_mat_const(X), Z2), KES_OK);
        cr_assert_eq(memcmp(Z1.data, Z2.data, (size_t)(n * D) * sizeof(double)), 0);
        kes_rff_destroy(a);
        kes_rff_destroy(b);
        kes_rff_destroy(c);
    }
    tmat_free(&X);
    tmat_free(&Z1);
    tmat_free(&Z2);
}

/* Orthogonal blocks: within a block the frequency directions are exactly
 * orthogonal; the last block is truncated. */
Test(rff, orthogonal_blocks_are_orthogonal)
{
    int64_t d = 7, D = 17;
    kes_kernel k = kes_kernel_gaussian(2.0);
    kes_rff *p = make_plan(&k, d, D, KES_RF_COS, 1, 8);
    kes_cmat W = kes_rff_frequencies(p);
    cr_assert_eq(W.ncols, D);
    for (int64_t a = 0; a < D; a++)
        for (int64_t b = a + 1; b < D && b / d == a / d; b++) {
            double dot = 0, na = 0, nb = 0;
            for (int64_t i = 0; i < d; i++) {
                dot += W.data[i + a * d] * W.data[i + b * d];
                na += W.data[i + a * d] * W.data[i + a * d];
                nb += W.data[i + b * d] * W.data[i + b * d];
            }
            cr_assert(fabs(dot) <= 1e-13 * sqrt(na * nb));
        }
    kes_rff_destroy(p);
}

/* Unbiasedness: the mean of Z Z^T over S independent plans approaches K
 * entrywise within 5 standard errors (estimated from the same samples). */
static void check_unbiased(const kes_kernel *k, kes_rf_map map, int orth, double xscale)
{
    int64_t n = 12, d = 3, D = 32;
    int S = 300;
    kes_mat X = kt_points(n, d, 21, xscale), Z;
    tmat_alloc(n, D, &Z);
    kes_mat K = kt_kernel(k, X);
    double *sum = calloc(n * n, sizeof *sum), *sq = calloc(n * n, sizeof *sq);
    kes_rng r;
    kes_rng_init(&r, 99, 0);
    kes_rff_opts o = {.map = map, .orthogonal = orth};
    for (int s = 0; s < S; s++) {
        kes_rff *p;
        cr_assert_eq(kes_rff_create(k, d, D, &o, &r, &p), KES_OK);
        cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Z), KES_OK);
        kes_mat G = kt_gram(Z);
        for (int64_t i = 0; i < n * n; i++) {
            sum[i] += G.data[i];
            sq[i] += G.data[i] * G.data[i];
        }
        tmat_free(&G);
        kes_rff_destroy(p);
    }
    for (int64_t i = 0; i < n * n; i++) {
        double mean = sum[i] / S, var = sq[i] / S - mean * mean;
        double se = sqrt(fmax(var, 0.0) / (S - 1));
        cr_assert(fabs(mean - K.data[i]) <= 5 * se + 1e-12, "kind %d map %d orth %d entry %ld: mean %g K %g se %g",
                  k->kind, map, orth, (long)i, mean, K.data[i], se);
    }
    free(sum);
    free(sq);
    tmat_free(&X);
    tmat_free(&Z);
    tmat_free(&K);
}

Test(rff, unbiased_fourier)
{
    kes_kernel g = kes_kernel_gaussian(1.2), l = kes_kernel_laplace(1.5), m15 = kes_kernel_matern(1.5, 1.3),
               m07 = kes_kernel_matern(0.7, 1.3), rq = kes_kernel_default(KES_KERNEL_RATQUAD);
    g.variance = 2.0;
    rq.alpha = 0.6;
    rq.lengthscale = 1.1;
    check_unbiased(&g, KES_RF_COS, 0, 1.0);
    check_unbiased(&g, KES_RF_SINCOS, 0, 1.0);
    check_unbiased(&g, KES_RF_COS, 1, 1.0);
    check_unbiased(&g, KES_RF_SINCOS, 1, 1.0);
    check_unbiased(&l, KES_RF_COS, 0, 1.0);
    check_unbiased(&l, KES_RF_SINCOS, 1, 1.0);
    check_unbiased(&m15, KES_RF_COS, 0, 1.0);
    check_unbiased(&m07, KES_RF_COS, 1, 1.0);
    check_unbiased(&rq, KES_RF_SINCOS, 0, 1.0);
}

Test(rff, unbiased_positive)
{
    kes_kernel g = kes_kernel_gaussian(1.0), sm = kes_kernel_default(KES_KERNEL_SOFTMAX);
    sm.lengthscale = 1.5;
    check_unbiased(&g, KES_RF_POSITIVE, 0, 0.4);
    check_unbiased(&g, KES_RF_HYPERBOLIC, 1, 0.4);
    check_unbiased(&sm, KES_RF_POSITIVE, 1, 0.4);
    check_unbiased(&sm, KES_RF_HYPERBOLIC, 0, 0.4);
}

/* Error ~ C / sqrt(D): log-log slope over D = 64 .. 1024, 4 seeds each.
 * Monte Carlo: each error is a mean of D iid terms, so the slope is -1/2
 * up to the seed noise (~5% per point here); +-0.12 allows for it. */
static void check_rate(const kes_kernel *k, kes_rf_map map, int orth, int64_t d, double xscale)
{
    int64_t n = 300;
    kes_mat X = kt_points(n, d, 31, xscale);
    kes_mat K = kt_kernel(k, X);
    double Ds[3] = {64, 256, 1024}, err[3];
    for (int t = 0; t < 3; t++) {
        err[t] = 0;
        for (int s = 0; s < 4; s++) err[t] += rf_error(k, X, K, (int64_t)Ds[t], map, orth, 100 + s) / 4;
    }
    double slope = kt_loglog_slope(Ds, err, 3);
    cr_assert(fabs(slope + 0.5) <= 0.12, "kind %d map %d: slope %g (errors %g %g %g)", k->kind, map, slope, err[0],
              err[1], err[2]);
    /* and each quadrupling of D roughly halves the error */
    cr_assert(err[2] / err[1] > 0.35 && err[2] / err[1] < 0.65, "ratio %g", err[2] / err[1]);
    tmat_free(&X);
    tmat_free(&K);
}

Test(rff, error_falls_as_inverse_sqrt_D)
{
    kes_kernel g = kes_kernel_gaussian(4.0), m32 = kes_kernel_matern(1.5, 3.0), m52 = kes_kernel_matern(2.5, 3.0),
               m07 = kes_kernel_matern(0.7, 3.0), sm = kes_kernel_default(KES_KERNEL_SOFTMAX);
    check_rate(&g, KES_RF_COS, 0, 16, 1.0);
    check_rate(&g, KES_RF_SINCOS, 1, 16, 1.0);
    check_rate(&m32, KES_RF_COS, 0, 4, 1.0);
    check_rate(&m52, KES_RF_COS, 1, 4, 1.0);
    check_rate(&m07, KES_RF_SINCOS, 0, 4, 1.0);
    /* FAVOR+ on inputs with |x| <~ 1 (iid: orthogonal blocks gain most at
     * small D, which flattens the fitted slope; they are covered by the
     * unbiasedness tests) */
    check_rate(&g, KES_RF_POSITIVE, 0, 8, 0.3);
    check_rate(&sm, KES_RF_HYPERBOLIC, 0, 8, 0.3);
}

/* Reference protocol (features.md §5.2 item 11): n = 2000 (1000 here to
 * keep the test short; the error does not depend on n), d = 16, X ~ N(0, I),
 * gamma = 1/32 (ell = 4), D = 1024: RFF <= 0.09 (scikit-learn measured
 * 0.0715); ORF no worse than RFF over 5 seeds; gamma = 1/16: RFF <= 0.20. */
Test(rff, accuracy_targets, .timeout = 120)
{
    int64_t n = 1000;
    kes_mat X = kt_points(n, 16, 41, 1.0);
    kes_kernel g = kes_kernel_gaussian(4.0);
    kes_mat K = kt_kernel(&g, X);
    double rff = 0, orf = 0;
    for (int s = 0; s < 5; s++) {
        rff += rf_error(&g, X, K, 1024, KES_RF_COS, 0, 200 + s) / 5;
        orf += rf_error(&g, X, K, 1024, KES_RF_COS, 1, 200 + s) / 5;
    }
    cr_assert(rff <= 0.09, "RFF %g", rff);
    cr_assert(orf <= rff, "ORF %g RFF %g", orf, rff);
    tmat_free(&K);
    g.lengthscale = sqrt(8.0);
    K = kt_kernel(&g, X);
    double e16 = rf_error(&g, X, K, 1024, KES_RF_COS, 0, 300);
    cr_assert(e16 <= 0.20, "gamma 1/16: %g", e16);
    tmat_free(&K);
    tmat_free(&X);
}

/* FAVOR+: positive features are > 0 everywhere, hyperbolic ones too; the
 * stabilised transform equals the plain one times exp(-c) and survives
 * inputs for which the plain one overflows. */
Test(rff, positive_features_and_stabiliser)
{
    int64_t n = 50, d = 4, D = 40;
    kes_mat X = kt_points(n, d, 51, 0.8), Z1, Z2;
    tmat_alloc(n, D, &Z1);
    tmat_alloc(n, D, &Z2);
    kes_kernel sm = kes_kernel_default(KES_KERNEL_SOFTMAX), g = kes_kernel_gaussian(0.9);
    const kes_kernel *ks[2] = {&sm, &g};
    for (int t = 0; t < 2; t++)
        for (int map = KES_RF_POSITIVE; map <= KES_RF_HYPERBOLIC; map++) {
            kes_rff *p = make_plan(ks[t], d, D, (kes_rf_map)map, t, 60 + map);
            double c = NAN;
            cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Z1), KES_OK);
            cr_assert_eq(kes_rff_transform_scaled(p, kes_mat_const(X), Z2, &c), KES_OK);
            cr_assert(isfinite(c));
            for (int64_t i = 0; i < n * D; i++) {
                cr_assert(Z1.data[i] > 0.0);
                cr_assert(Z2.data[i] <= sqrt(1.0 / D) * (1 + 1e-12));
                cr_assert(fabs(Z2.data[i] * exp(c) - Z1.data[i]) <= 1e-12 * Z1.data[i]);
            }
            kes_rff_destroy(p);
        }
    /* Huge inputs: exp(omega.u - |u|^2/2) <= exp(|omega|^2/2) never overflows,
     * but every feature underflows to 0 unless stabilised. */
    for (int64_t i = 0; i < n * d; i++) X.data[i] *= 2000.0;
    kes_rff *p = make_plan(&sm, d, D, KES_RF_POSITIVE, 0, 70);
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Z1), KES_OK);
    for (int64_t i = 0; i < n * D; i++) cr_assert_eq(Z1.data[i], 0.0);
    double c;
    cr_assert_eq(kes_rff_transform_scaled(p, kes_mat_const(X), Z2, &c), KES_OK);
    cr_assert(c < -745);
    double mx = 0;
    for (int64_t i = 0; i < n * D; i++) {
        cr_assert(isfinite(Z2.data[i]) && Z2.data[i] >= 0);
        mx = fmax(mx, Z2.data[i]);
    }
    cr_assert(fabs(mx - sqrt(1.0 / D)) <= 1e-15);
    kes_rff_destroy(p);
    /* Fourier plans: scaled == plain with c = 0 */
    kes_kernel gg = kes_kernel_gaussian(1.0);
    p = make_plan(&gg, d, D, KES_RF_COS, 0, 71);
    cr_assert_eq(kes_rff_transform_scaled(p, kes_mat_const(X), Z2, &c), KES_OK);
    cr_assert_eq(c, 0.0);
    kes_rff_destroy(p);
    tmat_free(&X);
    tmat_free(&Z1);
    tmat_free(&Z2);
}

Test(rff, errors)
{
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_kernel g = kes_kernel_gaussian(1.0), bad = kes_kernel_gaussian(0.0), per = kes_kernel_default(KES_KERNEL_PERIODIC),
               lap = kes_kernel_laplace(1.0), lin = kes_kernel_default(KES_KERNEL_LINEAR),
               mbad = kes_kernel_matern(-0.5, 1.0);
    kes_rff *p = (kes_rff *)0x1;
    kes_rff_opts o = kes_rff_opts_default();
    cr_assert_eq(o.map, KES_RF_COS);
    cr_assert_eq(o.orthogonal, 0);
    cr_assert_eq(kes_rff_create(&g, 3, 8, NULL, &r, NULL), KES_EINVAL);
    cr_assert_eq(kes_rff_create(&g, 3, 8, NULL, NULL, &p), KES_EINVAL);
    cr_assert_eq(kes_rff_create(NULL, 3, 8, NULL, &r, &p), KES_EINVAL);
    cr_assert_eq(kes_rff_create(&bad, 3, 8, NULL, &r, &p), KES_EDOM);
    cr_assert_eq(kes_rff_create(&mbad, 3, 8, NULL, &r, &p), KES_EDOM);
    cr_assert_eq(kes_rff_create(&g, 0, 8, NULL, &r, &p), KES_EDIM);
    cr_assert_eq(kes_rff_create(&g, 3, 0, NULL, &r, &p), KES_EDIM);
    o.map = KES_RF_SINCOS;
    cr_assert_eq(kes_rff_create(&g, 3, 7, &o, &r, &p), KES_EDIM);
    o.map = KES_RF_HYPERBOLIC;
    cr_assert_eq(kes_rff_create(&g, 3, 7, &o, &r, &p), KES_EDIM);
    cr_assert_eq(kes_rff_create(&lap, 3, 8, &o, &r, &p), KES_ENOTSUP);
    o.map = KES_RF_COS;
    cr_assert_eq(kes_rff_create(&per, 3, 8, &o, &r, &p), KES_ENOTSUP);
    cr_assert_eq(kes_rff_create(&lin, 3, 8, &o, &r, &p), KES_ENOTSUP);
    o.map = (kes_rf_map)9;
    cr_assert_eq(kes_rff_create(&g, 3, 8, &o, &r, &p), KES_EINVAL);
    cr_assert_eq(kes_rff_create(&g, 3, (int64_t)1 << 40, NULL, &r, &p), KES_ERANGE);
    cr_assert_eq(p, (kes_rff *)0x1);

    kes_rff_destroy(NULL);
    cr_assert_eq(kes_rff_input_dim(NULL), 0);
    cr_assert_eq(kes_rff_output_dim(NULL), 0);
    cr_assert_null(kes_rff_frequencies(NULL).data);
    cr_assert_null(kes_rff_phases(NULL));

    cr_assert_eq(kes_rff_create(&g, 3, 8, NULL, &r, &p), KES_OK);
    cr_assert_eq(kes_rff_input_dim(p), 3);
    cr_assert_eq(kes_rff_output_dim(p), 8);
    kes_mat X = kt_points(5, 3, 2, 1.0), X4 = kt_points(5, 4, 2, 1.0), Z, Zb;
    tmat_alloc(5, 8, &Z);
    tmat_alloc(5, 7, &Zb);
    kes_mat_fill(Z, 3.0);
    double c;
    cr_assert_eq(kes_rff_transform(NULL, kes_mat_const(X), Z), KES_EINVAL);
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(X4), Z), KES_EDIM);
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Zb), KES_EDIM);
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(kes_mat_view(X.data, 0, 3, 1)), kes_mat_view(Z.data, 0, 8, 1)), KES_EDIM);
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), kes_mat_view(NULL, 5, 8, 5)), KES_EINVAL);
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(kes_mat_view(Z.data, 5, 3, 5)), Z), KES_EINVAL); /* overlap */
    cr_assert_eq(kes_rff_transform_scaled(p, kes_mat_const(X), Z, NULL), KES_EINVAL);
    X.data[7] = NAN;
    cr_assert_eq(kes_rff_transform(p, kes_mat_const(X), Z), KES_ENAN);
    cr_assert_eq(kes_rff_transform_scaled(p, kes_mat_const(X), Z, &c), KES_ENAN);
    for (int i = 0; i < 40; i++) cr_assert_eq(Z.data[i], 3.0);
    kes_rff_destroy(p);
    tmat_free(&X);
    tmat_free(&X4);
    tmat_free(&Z);
    tmat_free(&Zb);
}

Test(rff, extreme_shapes_terminate_with_a_status)
{
    kes_rng r;
    kes_rng_init(&r, 3, 0);
    kes_rff *p = NULL;
    /* Matern nu -> 0 tends to white noise: refused below the documented
     * bound instead of redrawing forever. */
    kes_kernel m = kes_kernel_matern(1e-11, 1.0);
    cr_assert_eq(kes_rff_create(&m, 2, 16, NULL, &r, &p), KES_EDOM);
    m.nu = 0.029;
    cr_assert_eq(kes_rff_create(&m, 2, 16, NULL, &r, &p), KES_EDOM);
    cr_assert_null(p);
    /* At the bound every frequency is finite. */
    m.nu = 0.03;
    cr_assert_eq(kes_rff_create(&m, 3, 512, NULL, &r, &p), KES_OK);
    kes_cmat W = kes_rff_frequencies(p);
    for (int64_t k = 0; k < W.nrows * W.ncols; k++) cr_assert(isfinite(W.data[k]));
    kes_rff_destroy(p);
    /* Rational quadratic alpha -> 0: the precision underflows to 0, which
     * is the harmless frequency 0 (the kernel tends to the constant). */
    kes_kernel q = kes_kernel_default(KES_KERNEL_RATQUAD);
    q.alpha = 1e-11;
    for (int orth = 0; orth < 2; orth++) {
        kes_rff_opts o = {.map = KES_RF_COS, .orthogonal = orth};
        cr_assert_eq(kes_rff_create(&q, 3, 64, &o, &r, &p), KES_OK);
        W = kes_rff_frequencies(p);
        for (int64_t k = 0; k < W.nrows * W.ncols; k++) cr_assert(isfinite(W.data[k]));
        kes_rff_destroy(p);
    }
    /* A lengthscale so small that omega / ell overflows. */
    kes_kernel g = kes_kernel_laplace(1e-307);
    p = NULL;
    kes_status s = kes_rff_create(&g, 2, 64, NULL, &r, &p);
    cr_assert_eq(s, KES_ERANGE);
    cr_assert_null(p);
    if (s == KES_OK) {
        W = kes_rff_frequencies(p);
        for (int64_t k = 0; k < W.nrows * W.ncols; k++) cr_assert(isfinite(W.data[k]));
        kes_rff_destroy(p);
    }
}

Test(rff, scaled_transform_refuses_unrepresentable_exponents)
{
    /* |x|^2 = 2e308 overflows: the unscaled positive features are exactly 0
     * (exp(-inf)), the scaled form cannot represent its scale and refuses. */
    kes_kernel k = kes_kernel_gaussian(1.0);
    kes_rff *p = make_plan(&k, 2, 8, KES_RF_POSITIVE, 0, 5);
    double x[2] = {1e154, 1e154}, z[8];
    for (int i = 0; i < 8; i++) z[i] = -1.0;
    double ls = 42.0;
    cr_assert_eq(kes_rff_transform_scaled(p, kes_cmat_view(x, 1, 2, 1), kes_mat_view(z, 1, 8, 1), &ls), KES_ERANGE);
    cr_assert_eq(ls, 42.0, "log_scale untouched");
    cr_assert_eq(kes_rff_transform(p, kes_cmat_view(x, 1, 2, 1), kes_mat_view(z, 1, 8, 1)), KES_OK);
    for (int i = 0; i < 8; i++) cr_assert_eq(z[i], 0.0);
    kes_rff_destroy(p);
}
