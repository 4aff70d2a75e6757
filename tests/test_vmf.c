/* Tests for src/special/vmf.c: closed forms (p = 2, 3, kappa = 0), the
 * derivative identity, kappa = A_p^{-1}(R) against Arb (tests/data/vmf_kappa.txt,
 * tools/gen_bessel_ref.sh), Wood's sampler moments, sample -> fit round trip,
 * determinism across thread counts, and every error path. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#include "kestrel/special.h"

#define EPS DBL_EPSILON
#define PI 3.14159265358979323846

Test(vmf, log_norm_closed_forms)
{
    /* p = 3: C = kappa / (4 pi sinh kappa); log sinh k = k - log 2 + log1p(-e^{-2k}). */
    const double ks[] = {1e-8, 0.1, 1, 2, 10, 100, 1e4, 1e6};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        double k = ks[i];
        double lsinh = k < 20 ? log(sinh(k)) : k - log(2.0) + log1p(-exp(-2 * k));
        double ref = log(k) - log(4 * PI) - lsinh;
        cr_expect(fabs(kes_vmf_log_norm(3, k) - ref) <= 16 * EPS * fmax(1, fabs(ref)), "p=3 k=%g: %.17g vs %.17g",
                  k, kes_vmf_log_norm(3, k), ref);
    }
    /* p = 2: C = 1 / (2 pi I_0(kappa)) */
    cr_expect(fabs(kes_vmf_log_norm(2, 5) + log(2 * PI) + kes_log_besseli(0, 5)) <= 8 * EPS * 5);
    /* kappa = 0: minus the log surface area, log Gamma(p/2) - log 2 - (p/2) log pi */
    const double ps[] = {2, 3, 10, 2048, 32768, 1e6};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double p = ps[i], ref = lgamma(p / 2) - log(2.0) - p / 2 * log(PI);
        cr_expect(fabs(kes_vmf_log_norm(p, 0) - ref) <= 16 * EPS * fmax(1, fabs(ref)), "p=%g", p);
        /* continuity at the series/Bessel switch kappa^2 = p/2 */
        double ks2 = sqrt(p / 2);
        double a = kes_vmf_log_norm(p, ks2 * (1 - 1e-9)), b = kes_vmf_log_norm(p, ks2 * (1 + 1e-9));
        cr_expect(fabs(a - b) <= 1e-8 * ks2 + 64 * EPS * fmax(1, fabs(a)), "switch p=%g: %.17g %.17g", p, a, b);
    }
    cr_expect(isnan(kes_vmf_log_norm(1, 1)));
    cr_expect(isnan(kes_vmf_log_norm(3, -1)));
    cr_expect(isnan(kes_vmf_log_norm(NAN, 1)));
}

Test(vmf, derivative_is_minus_mean_resultant)
{
    const double ps[] = {2, 3, 50, 2048, 32768};
    const double ks[] = {0.5, 3, 40, 1000, 1e5};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++) {
            double p = ps[i], k = ks[j], h = 1e-4 * k;
            /* central difference: error O(h^2 f''') + rounding eps |f| / h */
            double fd = (kes_vmf_log_norm(p, k + h) - kes_vmf_log_norm(p, k - h)) / (2 * h);
            double d = kes_vmf_log_norm_deriv(p, k);
            double scale = fabs(kes_vmf_log_norm(p, k)) * EPS / h * 8 + 1e-7;
            cr_expect(fabs(fd - d) <= scale, "p=%g k=%g: fd %.12g vs %.12g", p, k, fd, d);
            cr_expect_eq(d, -kes_vmf_mean_resultant(p, k));
        }
    /* A_3(k) = coth k - 1/k */
    for (double k = 0.25; k < 100; k *= 2) {
        double ref = 1 / tanh(k) - 1 / k;
        cr_expect(fabs(kes_vmf_mean_resultant(3, k) - ref) <= 32 * EPS * ref / fmin(1, k * k), "A_3(%g)", k);
    }
}

Test(vmf, kappa_from_r_against_arb)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/vmf_kappa.txt", KES_TEST_DATA_DIR);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char line[256];
    int rows = 0;
    double worst = 0;
    while (fgets(line, sizeof line, f)) {
        double p, R, kref, k = -1;
        if (line[0] == '#' || sscanf(line, "%lf %lf %lf", &p, &R, &kref) != 3) continue;
        rows++;
        cr_expect_eq(kes_vmf_kappa_from_r(p, R, &k), KES_OK);
        double rel = fabs(k - kref) / kref;
        if (rel > worst) worst = rel;
        /* the requirement; conditioning allows ~1e-16/(1-R) */
        cr_expect(rel <= 1e-12, "p=%g R=%g: kappa %.17g ref %.17g (rel %.3g)", p, R, k, kref, rel);
        /* and the forward map at the reference root */
        cr_expect(fabs(kes_vmf_mean_resultant(p, kref) - R) <= 8 * EPS, "A_p(kref) p=%g R=%g", p, R);
    }
    fclose(f);
    cr_log_info("kappa_from_r: %d cases, worst relative error %.3g", rows, worst);
    cr_expect_geq(rows, 44);
}

Test(vmf, kappa_from_r_edges)
{
    double k = 7;
    cr_expect_eq(kes_vmf_kappa_from_r(10, 0, &k), KES_OK);
    cr_expect_eq(k, 0);
    k = 7;
    cr_expect_eq(kes_vmf_kappa_from_r(10, 1, &k), KES_EDOM);
    cr_expect_eq(kes_vmf_kappa_from_r(10, -0.1, &k), KES_EDOM);
    cr_expect_eq(kes_vmf_kappa_from_r(10, NAN, &k), KES_EDOM);
    cr_expect_eq(kes_vmf_kappa_from_r(1, 0.5, &k), KES_EDIM);
    cr_expect_eq(kes_vmf_kappa_from_r(INFINITY, 0.5, &k), KES_EDIM);
    cr_expect_eq(k, 7);
    cr_expect_eq(kes_vmf_kappa_from_r(10, 0.5, NULL), KES_EINVAL);
    /* extreme but valid: tiny R (kappa ~ p R) and R close to 1 (kappa ~ (p-1)/(2(1-R))) */
    cr_expect_eq(kes_vmf_kappa_from_r(32768, 1e-12, &k), KES_OK);
    cr_expect(fabs(k / (32768 * 1e-12) - 1) < 1e-9);
    cr_expect_eq(kes_vmf_kappa_from_r(32768, 1 - 1e-9, &k), KES_OK);
    cr_expect(fabs(kes_vmf_mean_resultant(32768, k) - (1 - 1e-9)) <= 4 * EPS);
}

static double *unit_mu(size_t p, int seed)
{
    double *mu = malloc(p * sizeof *mu), ss = 0;
    kes_rng r;
    kes_rng_init(&r, (uint64_t)seed, 0);
    for (size_t j = 0; j < p; j++) ss += (mu[j] = kes_rng_normal(&r)) * mu[j];
    for (size_t j = 0; j < p; j++) mu[j] /= sqrt(ss);
    return mu;
}

/* Derivative A'(k) = 1 - A^2 - (p-1) A / k = Var(mu'x). */
static double dA(double p, double k)
{
    double A = kes_vmf_mean_resultant(p, k);
    return 1 - A * A - (p - 1) * A / k;
}

static void round_trip(size_t p, double kappa, size_t n, int seed)
{
    double *mu = unit_mu(p, seed);
    double *X = malloc(n * p * sizeof *X);
    kes_rng *rng;
    cr_assert_eq(kes_rng_create((uint64_t)seed, &rng), KES_OK);
    cr_assert_eq(kes_vmf_sample(rng, p, mu, kappa, n, X, n), KES_OK);
    /* unit rows, and the component along mu has mean A_p and variance A_p' */
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        double ss = 0, w = 0;
        for (size_t j = 0; j < p; j++) {
            ss += X[i + j * n] * X[i + j * n];
            w += X[i + j * n] * mu[j];
        }
        cr_expect(fabs(ss - 1) <= 1e-12, "row %zu norm^2 %.17g", i, ss);
        m += w;
    }
    m /= (double)n;
    double A = kes_vmf_mean_resultant((double)p, kappa), V = dA((double)p, kappa);
    cr_expect(fabs(m - A) <= 5 * sqrt(V / (double)n), "p=%zu k=%g: mean %.6g vs A %.6g", p, kappa, m, A);
    /* fit: kappa-hat within 5 standard errors 1/sqrt(n A') plus the O(1/n)
     * upward bias of rbar, (1 - A^2)/(2 n A) / A' */
    double *muh = malloc(p * sizeof *muh), kh, rb;
    cr_assert_eq(kes_vmf_fit(n, p, X, n, 0, muh, &kh, &rb), KES_OK);
    double tol = 5 / sqrt((double)n * V) + (1 - A * A) / (2.0 * (double)n * A) / V;
    cr_expect(fabs(kh - kappa) <= tol, "p=%zu: kappa-hat %.6g vs %.6g (tol %.3g)", p, kh, kappa, tol);
    double dot = 0;
    for (size_t j = 0; j < p; j++) dot += muh[j] * mu[j];
    /* 1 - mu-hat.mu ~ |orthogonal noise|^2 / (2 |mean|^2) = (1 - A' - A^2) / (2 n A^2) on average
     * (a scaled chi-square with p-1 degrees of freedom); allow 10 times that. */
    double expect_gap = (1 - V - A * A) / (2.0 * (double)n * A * A);
    cr_expect(1 - dot <= 10 * expect_gap + 1e-12, "p=%zu: 1 - mu-hat.mu = %.3g (mean %.3g)", p, 1 - dot,
              expect_gap);
    /* the fit maximises the likelihood */
    double l0, lm, lp;
    cr_expect_eq(kes_vmf_loglik(n, p, X, n, muh, kh, &l0), KES_OK);
    cr_expect_eq(kes_vmf_loglik(n, p, X, n, muh, kh * 0.99, &lm), KES_OK);
    cr_expect_eq(kes_vmf_loglik(n, p, X, n, muh, kh * 1.01, &lp), KES_OK);
    cr_expect(l0 > lm && l0 > lp);
    free(mu);
    free(muh);
    free(X);
    kes_rng_destroy(rng);
}

Test(vmf, sample_fit_round_trip_p3) { round_trip(3, 10.0, 20000, 1); }
Test(vmf, sample_fit_round_trip_p3_uniform_ish) { round_trip(3, 0.05, 20000, 2); }
Test(vmf, sample_fit_round_trip_p100) { round_trip(100, 300.0, 4000, 3); }
Test(vmf, sample_fit_round_trip_p2048) { round_trip(2048, 5000.0, 400, 4); }
Test(vmf, sample_fit_round_trip_circle) { round_trip(2, 2.0, 20000, 5); }

Test(vmf, loglik_matches_direct_sum)
{
    size_t p = 5, n = 50;
    double *mu = unit_mu(p, 9), X[250];
    kes_rng r;
    kes_rng_init(&r, 5, 0);
    cr_assert_eq(kes_vmf_sample(&r, p, mu, 3.0, n, X, n), KES_OK);
    double ll, ref = 0;
    cr_assert_eq(kes_vmf_loglik(n, p, X, n, mu, 3.0, &ll), KES_OK);
    for (size_t i = 0; i < n; i++) {
        double d = 0;
        for (size_t j = 0; j < p; j++) d += mu[j] * X[i + j * n];
        ref += kes_vmf_log_norm(5, 3.0) + 3.0 * d;
    }
    cr_expect(fabs(ll - ref) <= 1e-12 * fabs(ref));
    free(mu);
}

Test(vmf, sample_same_for_any_thread_count)
{
    size_t p = 64, n = 300;
    double *mu = unit_mu(p, 11);
    double *a = malloc(n * p * sizeof *a), *b = malloc(n * p * sizeof *b);
    kes_rng r1, r2;
    kes_rng_init(&r1, 77, 0);
    kes_rng_init(&r2, 77, 0);
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    cr_assert_eq(kes_vmf_sample(&r1, p, mu, 40.0, n, a, n), KES_OK);
    omp_set_num_threads(2);
    cr_assert_eq(kes_vmf_sample(&r2, p, mu, 40.0, n, b, n), KES_OK);
    omp_set_num_threads(saved);
    for (size_t i = 0; i < n * p; i++) cr_assert_eq(a[i], b[i]);
    /* the generator advanced: a second call differs */
    cr_assert_eq(kes_vmf_sample(&r1, p, mu, 40.0, n, b, n), KES_OK);
    cr_expect_neq(a[0], b[0]);
    free(a);
    free(b);
    free(mu);
}

Test(vmf, fit_bad_input)
{
    double X[6];
    double mu[3] = {9, 9, 9}, k = 9, rb = 9;
    /* 2 x 3 column-major, rows (1,0,0) and (0,1,0) */
    X[0] = 1; X[1] = 0; X[2] = 0; X[3] = 1; X[4] = 0; X[5] = 0;
    cr_expect_eq(kes_vmf_fit(0, 3, X, 2, 0, mu, &k, &rb), KES_EDIM);
    cr_expect_eq(kes_vmf_fit(2, 1, X, 2, 0, mu, &k, &rb), KES_EDIM);
    cr_expect_eq(kes_vmf_fit(2, 3, X, 1, 0, mu, &k, &rb), KES_EDIM);
    cr_expect_eq(kes_vmf_fit(2, 3, NULL, 2, 0, mu, &k, &rb), KES_EINVAL);
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0, NULL, &k, &rb), KES_EINVAL);
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0, mu, NULL, &rb), KES_EINVAL);
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0x10, mu, &k, &rb), KES_EINVAL);
    cr_expect_eq(kes_vmf_fit(-1, 3, X, 2, 0, mu, &k, &rb), KES_EDIM);
    cr_expect_eq(kes_vmf_fit(2, -3, X, 2, 0, mu, &k, &rb), KES_EDIM);
    cr_expect_eq(kes_vmf_fit(2, 3, X, -2, 0, mu, &k, &rb), KES_EDIM);
    cr_expect(mu[0] == 9 && k == 9 && rb == 9, "outputs untouched on error");
    /* not normalised: row 0 = (2, 0, 0) */
    X[0] = 2;
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0, mu, &k, &rb), KES_EINVAL);
    cr_expect(mu[0] == 9 && k == 9);
    /* ... accepted with the normalise flag, same answer as unit rows */
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, KES_VMF_NORMALIZE, mu, &k, &rb), KES_OK);
    double mu2[3], k2, rb2;
    X[0] = 1;
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0, mu2, &k2, &rb2), KES_OK);
    cr_expect(fabs(k - k2) <= 1e-14 * k2 && fabs(rb - rb2) <= 1e-15 && fabs(mu[0] - mu2[0]) <= 1e-15);
    cr_expect(fabs(rb2 - sqrt(0.5)) <= 1e-15 && fabs(mu2[0] - sqrt(0.5)) <= 1e-15 && mu2[2] == 0);
    /* zero row with the flag */
    X[1] = 0; X[3] = 0;
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, KES_VMF_NORMALIZE, mu, &k, &rb), KES_EINVAL);
    /* NaN */
    X[3] = NAN;
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0, mu, &k, &rb), KES_ENAN);
    /* identical rows: rbar = 1, kappa infinite */
    X[0] = 1; X[1] = 1; X[2] = 0; X[3] = 0; X[4] = 0; X[5] = 0;
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0, mu, &k, &rb), KES_ERANGE);
    cr_expect(isinf(k) && mu[0] == 1);
    /* antipodal rows: rbar = 0, mu = e_1, kappa = 0 */
    X[1] = -1;
    cr_expect_eq(kes_vmf_fit(2, 3, X, 2, 0, mu, &k, &rb), KES_OK);
    cr_expect(k == 0 && rb == 0 && mu[0] == 1 && mu[1] == 0);
}

Test(vmf, sample_and_loglik_bad_input)
{
    double mu[3] = {1, 0, 0}, bad[3] = {1, 1, 0}, X[30], ll;
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    cr_expect_eq(kes_vmf_sample(NULL, 3, mu, 1, 10, X, 10), KES_EINVAL);
    cr_expect_eq(kes_vmf_sample(&r, 3, NULL, 1, 10, X, 10), KES_EINVAL);
    cr_expect_eq(kes_vmf_sample(&r, 3, mu, 1, 10, NULL, 10), KES_EINVAL);
    cr_expect_eq(kes_vmf_sample(&r, 3, bad, 1, 10, X, 10), KES_EINVAL);
    cr_expect_eq(kes_vmf_sample(&r, 1, mu, 1, 10, X, 10), KES_EDIM);
    cr_expect_eq(kes_vmf_sample(&r, 3, mu, 1, 10, X, 5), KES_EDIM);
    cr_expect_eq(kes_vmf_sample(&r, 3, mu, -1, 10, X, 10), KES_EDOM);
    cr_expect_eq(kes_vmf_sample(&r, 3, mu, NAN, 10, X, 10), KES_EDOM);
    cr_expect_eq(kes_vmf_sample(&r, 3, mu, 1, -1, X, 10), KES_EDIM);
    cr_expect_eq(kes_vmf_sample(&r, -3, mu, 1, 10, X, 10), KES_EDIM);
    cr_expect_eq(kes_vmf_sample(&r, 3, mu, 1, 10, X, -10), KES_EDIM);
    cr_expect_eq(kes_vmf_loglik(-1, 3, X, 10, mu, 1, &ll), KES_EDIM);
    cr_expect_eq(kes_vmf_loglik(10, -3, X, 10, mu, 1, &ll), KES_EDIM);
    cr_expect_eq(kes_vmf_loglik(10, 3, X, -1, mu, 1, &ll), KES_EDIM);
    cr_expect_eq(kes_vmf_loglik(10, 3, X, 10, mu, INFINITY, &ll), KES_EDOM);
    cr_expect_eq(kes_vmf_sample(&r, 3, mu, 1, 0, NULL, 0), KES_OK);
    cr_assert_eq(kes_vmf_sample(&r, 3, mu, 1, 10, X, 10), KES_OK);
    cr_expect_eq(kes_vmf_loglik(10, 3, X, 10, bad, 1, &ll), KES_EINVAL);
    cr_expect_eq(kes_vmf_loglik(10, 3, X, 10, mu, -1, &ll), KES_EDOM);
    cr_expect_eq(kes_vmf_loglik(0, 3, X, 10, mu, 1, &ll), KES_EDIM);
    cr_expect_eq(kes_vmf_loglik(10, 3, X, 10, mu, 1, NULL), KES_EINVAL);
    X[4] = NAN;
    cr_expect_eq(kes_vmf_loglik(10, 3, X, 10, mu, 1, &ll), KES_ENAN);
}

/* ---------------- Wood's sampler at every concentration ---------------- */

/* For p = 3 the component w = mu'x has density kappa e^{kappa w} / (2 sinh kappa)
 * on [-1, 1] (Mardia & Jupp 2000, 9.3.13), so y = 1 - w is an exponential
 * with rate kappa truncated to [0, 2]:
 *   E[w] = L(kappa) = coth kappa - 1/kappa (the Langevin function),
 *   Var(w) = L'(kappa) = 1/kappa^2 - 1/sinh^2 kappa,
 * with the Taylor series kappa/3 - kappa^3/45 + 2 kappa^5/945 and
 * 1/3 - kappa^2/15 + 2 kappa^4/189 below 0.01 (next terms < 1e-14
 * relative), and E[y] = 1/kappa, Var = 1/kappa^2 beyond 20 (the truncation
 * changes them by e^{-40}). */
static void p3_moments(double k, double *Ew, double *Ey, double *sd)
{
    double L, dL;
    if (k < 0.01) {
        L = k / 3 - k * k * k / 45 + 2 * pow(k, 5) / 945;
        dL = 1.0 / 3 - k * k / 15 + 2 * pow(k, 4) / 189;
    } else if (k < 20) {
        L = 1 / tanh(k) - 1 / k;
        dL = 1 / (k * k) - 1 / (sinh(k) * sinh(k));
    } else {
        L = 1 - 1 / k;
        dL = 1 / (k * k);
    }
    *Ew = L;
    *Ey = k < 20 ? 1 - L : 1 / k;
    *sd = k < 20 ? sqrt(dL) : 1 / k; /* 1/k^2 underflows at k = 1e300 */
}

/* Neumaier's compensated sum, so that the test's own rounding (n eps) does
 * not mask a bias of a few ulps at kappa = 1e16. */
typedef struct {
    double s, c;
} ksum;
static void kadd(ksum *a, double x)
{
    double t = a->s + x;
    a->c += fabs(a->s) >= fabs(x) ? (a->s - t) + x : (x - t) + a->s;
    a->s = t;
}

Test(vmf, sample_p3_exact_moments_every_kappa)
{
    /* n = 20000: the sample means are within 5 standard errors sd/sqrt(n)
     * of the exact values unless something is wrong (a false alarm has
     * probability 6e-7 per check; seeds are fixed, so the test is
     * deterministic).  For the mean of w, add 4 eps: each w is a double
     * within 2 ulp of its exact value (one division of exactly formed
     * terms plus the final rounding) and values near 1 sit on a grid of
     * spacing eps/2, so rounding can bias the mean by up to that much
     * where the standard error itself (1e-16/141 at kappa = 1e16) is
     * smaller.  y = 1 - w is recovered without cancellation from the
     * orthogonal part: y = (x_2^2 + x_3^2) / (1 + x_1). */
    const double ks[] = {1e-3, 1, 1e3, 1e8, 1e16, 1e100, 1e300};
    const int64_t n = 20000, p = 3;
    const double mu[3] = {1, 0, 0};
    double *X = malloc((size_t)(n * p) * sizeof *X);
    for (size_t c = 0; c < sizeof ks / sizeof ks[0]; c++) {
        double k = ks[c], Ew, Ey, sd;
        p3_moments(k, &Ew, &Ey, &sd);
        kes_rng r;
        kes_rng_init(&r, 1000 + c, 0);
        cr_assert_eq(kes_vmf_sample(&r, p, mu, k, n, X, n), KES_OK, "kappa=%g", k);
        ksum sw = {0, 0}, sy = {0, 0};
        int bad_norm = 0, bad_y = 0;
        for (int64_t i = 0; i < n; i++) {
            double x1 = X[i], x2 = X[i + n], x3 = X[i + 2 * n];
            double nrm = sqrt(x1 * x1 + x2 * x2 + x3 * x3);
            if (!(fabs(nrm - 1) <= 1e-15)) bad_norm++;
            double y = (x2 * x2 + x3 * x3) / (1 + x1);
            if (!(y >= 0 && y <= 2)) bad_y++;
            kadd(&sw, x1);
            kadd(&sy, y);
        }
        double mw = (sw.s + sw.c) / (double)n, my = (sy.s + sy.c) / (double)n;
        double se = sd / sqrt((double)n);
        cr_expect_eq(bad_norm, 0, "kappa=%g: %d rows not of unit norm to 1e-15", k, bad_norm);
        cr_expect_eq(bad_y, 0, "kappa=%g: %d rows with 1 - w outside [0, 2]", k, bad_y);
        cr_expect(fabs(mw - Ew) <= 5 * se + 4 * EPS, "kappa=%g: mean w %.17g vs %.17g (se %.3g)", k, mw, Ew, se);
        cr_expect(fabs(my - Ey) <= 5 * se, "kappa=%g: mean 1-w %.17g vs %.17g (se %.3g)", k, my, Ey, se);
    }
    free(X);
}

Test(vmf, sample_extreme_kappa_terminates_and_is_unit)
{
    /* High dimension and the largest finite kappa: the sampler must return,
     * with unit rows concentrated at mu; kappa = +inf is the point mass. */
    const int64_t p = 1000, n = 50;
    double *mu = unit_mu((size_t)p, 21);
    double *X = malloc((size_t)(n * p) * sizeof *X);
    kes_rng r;
    kes_rng_init(&r, 8, 0);
    const double ks[] = {1e300, DBL_MAX};
    for (int c = 0; c < 2; c++) {
        cr_assert_eq(kes_vmf_sample(&r, p, mu, ks[c], n, X, n), KES_OK);
        for (int64_t i = 0; i < n; i++) {
            double ss = 0, d = 0;
            for (int64_t j = 0; j < p; j++) {
                ss += X[i + j * n] * X[i + j * n];
                d += X[i + j * n] * mu[j];
            }
            cr_expect(fabs(ss - 1) <= 1e-13, "row %lld norm^2 %.17g", (long long)i, ss);
            cr_expect(fabs(d - 1) <= 1e-13, "row %lld: mu'x = %.17g", (long long)i, d);
        }
    }
    cr_assert_eq(kes_vmf_sample(&r, p, mu, INFINITY, n, X, n), KES_OK);
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < p; j++) cr_expect_eq(X[i + j * n], mu[j]);
    free(X);
    free(mu);
}

Test(vmf, fit_normalize_tiny_and_huge_rows)
{
    /* Rows of norm 1.4e-300 (squared norm underflows to 0), subnormal rows
     * and rows of norm 1e300 (squared norm overflows) are scaled before
     * squaring, so the fit equals the fit of the unit rows to rounding. */
    const double U[3][3] = {{0.6, 0.8, 0}, {0, 0.6, 0.8}, {0.8, 0, 0.6}};
    const double scales[3] = {1.4e-300, 3e-310, 1e300};
    double X[9], Y[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            Y[i + 3 * j] = U[i][j];
            X[i + 3 * j] = U[i][j] * scales[i];
        }
    double mu[3], mu1[3], k, k1, rb, rb1;
    cr_assert_eq(kes_vmf_fit(3, 3, Y, 3, 0, mu1, &k1, &rb1), KES_OK);
    cr_assert_eq(kes_vmf_fit(3, 3, X, 3, KES_VMF_NORMALIZE, mu, &k, &rb), KES_OK);
    /* the subnormal row's entries (~1.8e-310) carry an absolute rounding of
     * 2^-1075, 2.7e-14 relative; rbar and mu move by as much, and kappa,
     * here about 3 times as sensitive as rbar, by a few times that */
    for (int j = 0; j < 3; j++) cr_expect(fabs(mu[j] - mu1[j]) <= 1e-13, "mu[%d] %.17g vs %.17g", j, mu[j], mu1[j]);
    cr_expect(fabs(rb - rb1) <= 1e-13 && fabs(k - k1) <= 1e-12 * k1, "rbar %.17g vs %.17g, kappa %.17g vs %.17g", rb,
              rb1, k, k1);
    /* all three at 1.4e-300: exact to rounding */
    for (int i = 0; i < 9; i++) X[i] = Y[i] * 1.4e-300;
    cr_assert_eq(kes_vmf_fit(3, 3, X, 3, KES_VMF_NORMALIZE, mu, &k, &rb), KES_OK);
    for (int j = 0; j < 3; j++) cr_expect(fabs(mu[j] - mu1[j]) <= 4 * EPS);
    cr_expect(fabs(rb - rb1) <= 4 * EPS && fabs(k - k1) <= 1e-13 * k1);
    /* without the flag such rows are not unit vectors */
    cr_expect_eq(kes_vmf_fit(3, 3, X, 3, 0, mu, &k, &rb), KES_EINVAL);
}

Test(vmf, sample_large_kappa_chi_square_law)
{
    /* As kappa -> inf, 2 kappa (1 - mu'x) tends to a chi-square variable
     * with k = p - 1 degrees of freedom (the tangent-plane Gaussian limit;
     * Mardia & Jupp 2000, 9.3.3); at kappa >= 1e10 the corrections are
     * O(p/kappa) < 1e-7, far below the tolerances.  Check its mean k and
     * variance 2k with 5 standard errors: sqrt(2k/n) for the mean and
     * sqrt((8k^2 + 48k)/n) for the second central moment (the fourth
     * central moment of chi-square_k is 12k(k + 4)). */
    const int64_t n = 4000;
    const int64_t ps[] = {2, 10, 100};
    const double ks[] = {1e10, 1e100, 1e300};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            int64_t p = ps[a];
            double kappa = ks[b], k = (double)(p - 1);
            double *mu = calloc((size_t)p, sizeof *mu), *X = malloc((size_t)(n * p) * sizeof *X);
            mu[0] = 1;
            kes_rng r;
            kes_rng_init(&r, 50 + 3 * a + b, 0);
            cr_assert_eq(kes_vmf_sample(&r, p, mu, kappa, n, X, n), KES_OK);
            double m1 = 0, m2 = 0;
            for (int64_t i = 0; i < n; i++) {
                double perp2 = 0;
                for (int64_t j = 1; j < p; j++) perp2 += X[i + j * n] * X[i + j * n];
                double z = 2 * kappa * (perp2 / (1 + X[i])); /* 2 kappa (1 - w) */
                m1 += z;
                m2 += (z - k) * (z - k);
            }
            m1 /= (double)n;
            m2 /= (double)n;
            cr_expect(fabs(m1 - k) <= 5 * sqrt(2 * k / (double)n), "p=%lld kappa=%g: mean %.6g vs %g", (long long)p,
                      kappa, m1, k);
            cr_expect(fabs(m2 - 2 * k) <= 5 * sqrt((8 * k * k + 48 * k) / (double)n),
                      "p=%lld kappa=%g: variance %.6g vs %g", (long long)p, kappa, m2, 2 * k);
            free(mu);
            free(X);
        }
}
