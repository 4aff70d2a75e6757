/* Binned density estimates against R (tests/data/kde_binned_r.txt, written
 * by tools/gen_kde_binned_r.R): KernSmooth's bkde in one dimension and
 * ks's binned kde in two, on data regenerated here bit for bit from the
 * same formula.  With binned_cutoff = 4 (bkde's own truncation and
 * rescaling) the 1-D estimates are the same up to rounding; without it,
 * and in 2-D (ks truncates to a box), the estimates differ from R's by
 * less than R's own error against the exact estimate at the grid points,
 * and ours is at least as close to the exact estimate. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "kde_testutil.h"

static double fr(double x) { return x - floor(x); }
static double pts1(int64_t i)
{
    double t = (double)i;
    return 2 * (fr(t * 0.6180339887498949) + fr(t * 0.41421356237309503) + fr(t * 0.7320508075688772)) - 3;
}
static double pts2(int64_t i)
{
    double t = (double)i;
    return 2 * (fr(t * 0.2360679774997897) + fr(t * 0.6457513110645906) + fr(t * 0.1622776601683795)) - 3;
}

static FILE *open_data(void)
{
    FILE *f = fopen(KES_TEST_DATA_DIR "/kde_binned_r.txt", "r");
    cr_assert_not_null(f, "tests/data/kde_binned_r.txt missing");
    return f;
}

/* Exact density at the points G (m x d) from the estimate's options. */
static double *exact_at(const double *X, int64_t n, int64_t d, const kes_kde_opts *o, const double *G, int64_t m)
{
    kes_kde *e = NULL;
    cr_assert_eq(kes_kde_create(X, n, d, n, o, &e), KES_OK);
    double *p = malloc((size_t)m * sizeof *p);
    cr_assert_eq(kes_kde_log_density(e, G, m, m, p), KES_OK);
    for (int64_t j = 0; j < m; j++) p[j] = exp(p[j]);
    kes_kde_destroy(e);
    return p;
}

static double maxdiff(const double *a, const double *b, int64_t m)
{
    double e = 0;
    for (int64_t j = 0; j < m; j++) e = fmax(e, fabs(a[j] - b[j]));
    return e;
}

Test(kde_binned_r, bkde_one_dimension)
{
    FILE *f = open_data();
    int n, M;
    double h, a, b;
    cr_assert_eq(fscanf(f, "bkde %d %lf %d %lf %lf", &n, &h, &M, &a, &b), 5);
    double *ref = malloc((size_t)M * sizeof *ref), *X = malloc((size_t)n * sizeof *X);
    for (int j = 0; j < M; j++) cr_assert_eq(fscanf(f, "%lf", &ref[j]), 1);
    fclose(f);
    for (int i = 0; i < n; i++) X[i] = pts1(i + 1);
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth = h;
    double *ours = malloc((size_t)M * sizeof *ours), *G = malloc((size_t)M * sizeof *G), fmax_ = 0;
    int64_t gs[1] = {M};
    kes_kde_binned *bp = NULL;
    for (int j = 0; j < M; j++) {
        G[j] = a + j * (b - a) / (M - 1);
        fmax_ = fmax(fmax_, ref[j]);
    }
    /* bkde's truncation: the same numbers up to FFT rounding (a few ulps
     * of the largest value times log P) */
    o.binned_cutoff = 4.0;
    cr_assert_eq(kes_kde_binned_create(1, gs, &a, &b, &o, &bp), KES_OK);
    cr_assert_eq(kes_kde_binned_execute(bp, X, n, n, NULL, ours), KES_OK);
    kes_kde_binned_destroy(bp);
    double e_cut = maxdiff(ours, ref, M);
    cr_assert(e_cut <= 1e-13 * fmax_, "with bkde's cutoff: max |ours - bkde| = %g", e_cut);
    /* the whole kernel: within bkde's own error against the exact estimate */
    o.binned_cutoff = 0.0;
    cr_assert_eq(kes_kde_binned_create(1, gs, &a, &b, &o, &bp), KES_OK);
    cr_assert_eq(kes_kde_binned_execute(bp, X, n, n, NULL, ours), KES_OK);
    kes_kde_binned_destroy(bp);
    double *ex = exact_at(X, n, 1, &o, G, M);
    double e_r = maxdiff(ref, ex, M), e_ours = maxdiff(ours, ex, M), e_rel = maxdiff(ours, ref, M);
    cr_assert(e_ours <= e_r, "ours %g from exact, bkde %g", e_ours, e_r);
    cr_assert(e_rel <= e_r, "ours vs bkde %g, bkde vs exact %g", e_rel, e_r);
    /* and that error is the binning error: O(delta^2), small here */
    cr_assert(e_r <= 1e-3 * fmax_, "bkde's own error %g", e_r);
    free(ex), free(ref), free(X), free(ours), free(G);
}

Test(kde_binned_r, ks_two_dimensions)
{
    FILE *f = open_data();
    char line[256];
    int n = 0, M = 0;
    double H[4], lo, hi;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "ks %d %lf %lf %lf %d %lf %lf", &n, &H[0], &H[1], &H[3], &M, &lo, &hi) == 7) break;
    cr_assert(n > 0 && M > 0, "ks block missing");
    H[2] = H[1];
    int64_t MM = (int64_t)M * M;
    double *ref = malloc((size_t)MM * sizeof *ref), *X = malloc((size_t)(2 * n) * sizeof *X);
    for (int64_t j = 0; j < MM; j++) cr_assert_eq(fscanf(f, "%lf", &ref[j]), 1);
    fclose(f);
    for (int i = 0; i < n; i++) {
        X[i] = pts1(i + 1);
        X[i + n] = 0.5 * pts1(i + 1) + pts2(i + 1);
    }
    kes_kde_opts o = kes_kde_opts_default();
    o.bandwidth_matrix = H;
    int64_t gs[2] = {M, M};
    double los[2] = {lo, lo}, his[2] = {hi, hi};
    double *ours = malloc((size_t)MM * sizeof *ours), *G = malloc((size_t)(2 * MM) * sizeof *G), fmax_ = 0;
    for (int64_t j1 = 0; j1 < M; j1++)
        for (int64_t j0 = 0; j0 < M; j0++) {
            G[j0 + M * j1] = lo + j0 * (hi - lo) / (M - 1);
            G[j0 + M * j1 + MM] = lo + j1 * (hi - lo) / (M - 1);
        }
    for (int64_t j = 0; j < MM; j++) fmax_ = fmax(fmax_, ref[j]);
    kes_kde_binned *bp = NULL;
    cr_assert_eq(kes_kde_binned_create(2, gs, los, his, &o, &bp), KES_OK);
    cr_assert_eq(kes_kde_binned_execute(bp, X, n, n, NULL, ours), KES_OK);
    kes_kde_binned_destroy(bp);
    double *ex = exact_at(X, n, 2, &o, G, MM);
    double e_r = maxdiff(ref, ex, MM), e_ours = maxdiff(ours, ex, MM), e_rel = maxdiff(ours, ref, MM);
    cr_assert(e_ours <= e_r, "ours %g from exact, ks %g", e_ours, e_r);
    cr_assert(e_rel <= e_r, "ours vs ks %g, ks vs exact %g", e_rel, e_r);
    cr_assert(e_r <= 2e-2 * fmax_, "ks's own error %g (max %g)", e_r, fmax_);
    free(ex), free(ref), free(X), free(ours), free(G);
}
