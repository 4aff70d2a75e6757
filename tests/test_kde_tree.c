/* Tests for src/kernels/kde_tree.c: the tolerance |p~ - p| <= atol + rtol p
 * on every query against the exact path, for every kernel, d in
 * {1, 2, 3, 5}, weights, full bandwidths, atol alone, duplicated points;
 * the fallback to the exact path where the tree cannot pay; the same bits
 * for any number of threads. */
#include <criterion/criterion.h>
#include <math.h>
#include <omp.h>

#include "kde_testutil.h"

static const kes_kde_kernel ALL[] = {KES_KDE_GAUSSIAN, KES_KDE_EPANECHNIKOV, KES_KDE_EXPONENTIAL, KES_KDE_TOPHAT,
                                     KES_KDE_LINEAR,   KES_KDE_COSINE,       KES_KDE_LOGISTIC,    KES_KDE_GENGAUSS};

/* Compact kernels prune whole nodes outside their reach, so the tree
 * always pays for them at these sizes; the others depend on n and h. */
static int compact(kes_kde_kernel k)
{
    return k == KES_KDE_EPANECHNIKOV || k == KES_KDE_TOPHAT || k == KES_KDE_LINEAR || k == KES_KDE_COSINE;
}

/* The exact path's own error is about 1e-13 relative (see kde.h), so the
 * check allows rtol p + atol plus 1e-12 p on top. */
static void check_tol(const double *X, int64_t n, int64_t d, const double *Y, int64_t m, kes_kde_opts o, int need_tree,
                      const char *what)
{
    kes_kde *ex = NULL, *tr = NULL;
    kes_kde_opts oe = o;
    oe.rtol = oe.atol = 0.0;
    cr_assert_eq(kes_kde_create(X, n, d, n, &oe, &ex), KES_OK, "%s", what);
    cr_assert_eq(kes_kde_create(X, n, d, n, &o, &tr), KES_OK, "%s", what);
    if (need_tree) cr_assert_eq(kes_kde_has_tree(tr), 1, "%s: the tree should be kept", what);
    double *a = malloc((size_t)m * sizeof *a), *b = malloc((size_t)m * sizeof *b);
    cr_assert_eq(kes_kde_log_density(ex, Y, m, m, a), KES_OK);
    cr_assert_eq(kes_kde_log_density(tr, Y, m, m, b), KES_OK);
    double worst = 0.0;
    for (int64_t q = 0; q < m; q++) {
        if (a[q] == -INFINITY) {
            /* a compact kernel: no point within reach; the tree must see that too, within atol */
            cr_assert(b[q] == -INFINITY || exp(b[q]) <= o.atol, "%s q %ld: exact 0, tree %g", what, (long)q, b[q]);
            continue;
        }
        double p = exp(a[q]), err = fabs(exp(b[q]) - p);
        double allowed = o.atol + o.rtol * p + 1e-12 * p;
        cr_assert(err <= allowed, "%s q %ld: |p~ - p| = %.3e > %.3e (p = %.3e)", what, (long)q, err, allowed, p);
        if (p > 0) worst = fmax(worst, err / allowed);
    }
    free(a);
    free(b);
    kes_kde_destroy(ex);
    kes_kde_destroy(tr);
}

Test(kde_tree, every_kernel_every_query_low_d)
{
    const int64_t n = 3000, m = 300;
    const int64_t dims[] = {1, 2, 3, 5};
    for (int di = 0; di < 4; di++) {
        int64_t d = dims[di];
        double *X = kd_points(n, d, 11 + d, 1.0), *Y = kd_points(m, d, 99 + d, 1.5);
        for (int k = 0; k < 8; k++) {
            kes_kde_opts o = kes_kde_opts_default();
            o.kernel = ALL[k];
            o.power = 1.5;
            /* narrow enough for the tree to pay at d <= 2 with n = 3000 */
            o.bandwidth = 0.25 * pow((double)n, -1.0 / (d + 4.0));
            o.rtol = 1e-4;
            char what[64];
            snprintf(what, sizeof what, "kernel %d d %ld", (int)ALL[k], (long)d);
            check_tol(X, n, d, Y, m, o, compact(ALL[k]), what);
            o.rtol = 1e-2;
            check_tol(X, n, d, Y, m, o, 0, what);
        }
        free(X);
        free(Y);
    }
}

Test(kde_tree, weights_full_bandwidth_and_atol)
{
    const int64_t n = 4000, m = 400, d = 2;
    double *X = kd_points(n, d, 5, 1.0), *Y = kd_points(m, d, 6, 2.0);
    double *w = malloc((size_t)n * sizeof *w);
    kes_rng r;
    kes_rng_init(&r, 7, 0);
    for (int64_t i = 0; i < n; i++) w[i] = i % 7 == 0 ? 0.0 : kes_rng_uniform(&r) * 3.0;
    double H[4] = {0.002, 0.0012, 0.0012, 0.003};
    for (int k = 0; k < 8; k++) {
        kes_kde_opts o = kes_kde_opts_default();
        o.kernel = ALL[k];
        o.weights = w;
        o.bandwidth_matrix = H;
        o.rtol = 1e-5;
        check_tol(X, n, d, Y, m, o, compact(ALL[k]), "weights + full H, rtol 1e-5");
        o.rtol = 0.0;
        o.atol = 1e-4; /* absolute: tails may be approximated freely below it */
        check_tol(X, n, d, Y, m, o, 0, "weights + full H, atol 1e-4");
        o.rtol = 1e-3;
        check_tol(X, n, d, Y, m, o, 0, "weights + full H, rtol 1e-3 + atol");
    }
    free(w);
    free(X);
    free(Y);
}

/* Densities far below the double range of the exact sum's terms: the log
 * space bounds must keep the tolerance where a linear sum would underflow. */
Test(kde_tree, far_queries_tiny_densities)
{
    const int64_t n = 20000, m = 64, d = 2;
    double *X = kd_points(n, d, 21, 1.0), *Y = kd_points(m, d, 22, 1.0);
    for (int64_t q = 0; q < m; q++) Y[q] += 8.0 + 0.1 * (double)q; /* r^2/2 from ~300 to beyond 1e5 */
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 0.05;
    o.rtol = 1e-6;
    check_tol(X, n, d, Y, m, o, 1, "far gaussian");
    o.kernel = KES_KDE_EXPONENTIAL;
    check_tol(X, n, d, Y, m, o, 0, "far exponential");
    free(X);
    free(Y);
}

/* Many identical points (leaves larger than the leaf size) and a cluster. */
Test(kde_tree, duplicated_points)
{
    const int64_t n = 1500, m = 100, d = 2;
    double *X = kd_points(n, d, 31, 1.0), *Y = kd_points(m, d, 32, 1.0);
    for (int64_t i = 0; i < 700; i++) X[i] = X[i + n] = 0.25;
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 0.1;
    o.rtol = 1e-4;
    for (int k = 0; k < 8; k++) {
        o.kernel = ALL[k];
        check_tol(X, n, d, Y, m, o, 0, "duplicates");
    }
    free(X);
    free(Y);
}

/* d = 16 at the usual bandwidth: every node overlaps the kernel's reach, so
 * the tree is dropped and the result is the exact one, bit for bit. */
Test(kde_tree, high_d_falls_back_to_exact)
{
    const int64_t n = 4000, m = 50, d = 16;
    double *X = kd_points(n, d, 41, 1.0), *Y = kd_points(m, d, 42, 1.0);
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = pow((double)n, -1.0 / (d + 4.0));
    kes_kde *ex = NULL, *tr = NULL;
    cr_assert_eq(kes_kde_create(X, n, d, n, &o, &ex), KES_OK);
    o.rtol = 1e-4;
    cr_assert_eq(kes_kde_create(X, n, d, n, &o, &tr), KES_OK);
    cr_assert_eq(kes_kde_has_tree(tr), 0);
    cr_assert_eq(kes_kde_has_tree(ex), 0);
    double a[50], b[50];
    cr_assert_eq(kes_kde_log_density(ex, Y, m, m, a), KES_OK);
    cr_assert_eq(kes_kde_log_density(tr, Y, m, m, b), KES_OK);
    for (int64_t q = 0; q < m; q++) cr_assert_eq(a[q], b[q], "q %ld", (long)q);
    kes_kde_destroy(ex);
    kes_kde_destroy(tr);
    free(X);
    free(Y);
}

/* A bandwidth much larger than the data's spread: one node holds the whole
 * kernel range; the tree still keeps the tolerance (or is dropped). */
Test(kde_tree, large_bandwidth)
{
    const int64_t n = 2000, m = 100, d = 3;
    double *X = kd_points(n, d, 51, 1.0), *Y = kd_points(m, d, 52, 3.0);
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = 20.0;
    o.rtol = 1e-4;
    check_tol(X, n, d, Y, m, o, 0, "h = 20");
    free(X);
    free(Y);
}

Test(kde_tree, same_bits_any_thread_count)
{
    const int64_t n = 20000, m = 1000, d = 2;
    double *X = kd_points(n, d, 61, 1.0), *Y = kd_points(m, d, 62, 1.0);
    kes_kde_opts o = kes_kde_opts_default();
    o.rtol = 1e-4;
    o.bandwidth = 0.1;
    kes_kde *tr = NULL;
    cr_assert_eq(kes_kde_create(X, n, d, n, &o, &tr), KES_OK);
    cr_assert_eq(kes_kde_has_tree(tr), 1);
    check_tol(X, n, d, Y, m, o, 1, "gaussian n = 20000");
    o.rtol = 1e-8;
    check_tol(X, n, d, Y, m, o, 0, "gaussian n = 20000, rtol 1e-8");
    o.rtol = 1e-4;
    double *a = malloc((size_t)m * sizeof *a), *b = malloc((size_t)m * sizeof *b);
    int nt = omp_get_max_threads();
    omp_set_num_threads(1);
    cr_assert_eq(kes_kde_log_density(tr, Y, m, m, a), KES_OK);
    omp_set_num_threads(3);
    cr_assert_eq(kes_kde_log_density(tr, Y, m, m, b), KES_OK);
    omp_set_num_threads(nt);
    cr_assert_eq(memcmp(a, b, (size_t)m * sizeof *a), 0);
    free(a);
    free(b);
    kes_kde_destroy(tr);
    free(X);
    free(Y);
}
