/* Tests for src/special/lgamma.c, the internal log Gamma that replaces
 * libm's lgamma (which writes the global signgam).  The source is compiled
 * into this test because the symbol is hidden in the shared library.
 *
 * Reference: tests/data/lgamma_ref.txt (tools/gen_lgamma.py), the nearest
 * double of mpmath's loggamma at 60 digits, checked by the generator to
 * round to the same double at 120 digits.  A third, independent check here:
 * glibc's lgamma (fdlibm's rational approximations, nothing shared with the
 * Taylor tables or mpmath) agrees with every reference value within 4 ulp,
 * so a wrong row in the file (wrong x, wrong branch) would be caught. */
#define _DEFAULT_SOURCE 1
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "special/lgamma.c"

/* |got - ref| in units of the spacing of doubles at ref. */
static double ulp_err(double got, double ref)
{
    if (got == ref) return 0.0;
    double u = nextafter(fabs(ref), INFINITY) - fabs(ref);
    if (ref == 0.0) u = 0x1p-1074;
    return fabs(got - ref) / u;
}

typedef struct {
    double x, r;
} lgrow;

static lgrow *load(size_t *n_out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/lgamma_ref.txt", KES_TEST_DATA_DIR);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    size_t cap = 2048, n = 0;
    lgrow *rows = malloc(cap * sizeof *rows);
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        if (n == cap) rows = realloc(rows, (cap *= 2) * sizeof *rows);
        if (sscanf(line, "%lf %lf", &rows[n].x, &rows[n].r) == 2) n++;
    }
    fclose(f);
    *n_out = n;
    return rows;
}

Test(lgamma, reference_values)
{
    /* Bound 2 ulp: one final rounding (1/2), libm's log where it enters at
     * full weight (x < 7/8 and x > 1e290; glibc's log is within 1 ulp), the
     * double-double and Taylor parts below 1/2 ulp together.  Measured worst:
     * 1.0 ulp (x ~ 2e-15, from log x). */
    size_t n;
    lgrow *rows = load(&n);
    cr_assert_gt(n, 1000, "reference file too short: %zu rows", n);
    double worst = 0.0;
    int n_inf = 0;
    for (size_t i = 0; i < n; i++) {
        double x = rows[i].x, r = rows[i].r, g = kes__lgamma(x);
        if (isinf(r)) {
            cr_expect(isinf(g) && g > 0, "x=%.17g: expected +inf, got %.17g", x, g);
            n_inf++;
            continue;
        }
        double e = ulp_err(g, r);
        if (e > worst) worst = e;
        cr_expect(e <= 2.0, "x=%.17g: got %.17g ref %.17g (%.2f ulp)", x, g, r, e);
    }
    cr_log_info("log Gamma: %zu reference values, worst %.2f ulp", n, worst);
    cr_expect_geq(n_inf, 2, "the file must probe the overflow threshold");
    free(rows);
}

Test(lgamma, reference_cross_checked_by_glibc)
{
    size_t n;
    lgrow *rows = load(&n);
    for (size_t i = 0; i < n; i++) {
        double x = rows[i].x, r = rows[i].r, g = lgamma(x);
        if (isinf(r)) {
            cr_expect(isinf(g), "x=%.17g", x);
            continue;
        }
        cr_expect(ulp_err(g, r) <= 4.0, "glibc disagrees with the reference at x=%.17g: %.17g vs %.17g", x, g, r);
    }
    free(rows);
}

Test(lgamma, zeros_and_exact_values)
{
    cr_expect_eq(kes__lgamma(1.0), 0.0);
    cr_expect_eq(kes__lgamma(2.0), 0.0);
    cr_expect_eq(kes__lgamma1p(0.0), 0.0);
    cr_expect_eq(kes__lgamma1p(1.0), 0.0);
    /* log Gamma(1 + t) = -gamma t + (pi^2/12) t^2 + O(t^3): at t = 1e-20 the
     * first term is the value to far below an ulp. */
    const double eg = 0.57721566490153286061;
    cr_expect(ulp_err(kes__lgamma1p(1e-20), -eg * 1e-20) <= 1.0);
    cr_expect(ulp_err(kes__lgamma1p(-1e-20), eg * 1e-20) <= 1.0);
    /* log Gamma(n) = log((n-1)!) for small n, exact factorials */
    double f = 1.0;
    for (int k = 2; k <= 20; k++) {
        f *= (double)(k - 1); /* (k-1)! exact in double up to 22! */
        cr_expect(ulp_err(kes__lgamma((double)k), log(f)) <= 2.0, "lgamma(%d)", k);
    }
    /* log Gamma(1/2) = log(sqrt(pi)) */
    cr_expect(ulp_err(kes__lgamma(0.5), 0.57236494292470008707) <= 1.0);
    /* lgamma1p(t) equals lgamma(1 + t) where 1 + t is exact */
    for (double t = -0.96875; t < 3.0; t += 0.03125)
        cr_expect(ulp_err(kes__lgamma1p(t), kes__lgamma(1.0 + t)) <= 2.0, "t=%g", t);
}

Test(lgamma, domain_and_limits)
{
    cr_expect(isnan(kes__lgamma(0.0)));
    cr_expect(isnan(kes__lgamma(-1.5)));
    cr_expect(isnan(kes__lgamma(NAN)));
    cr_expect(isnan(kes__lgamma(-INFINITY)));
    cr_expect(isinf(kes__lgamma(INFINITY)) && kes__lgamma(INFINITY) > 0);
    cr_expect(isnan(kes__lgamma1p(-1.0)));
    cr_expect(isnan(kes__lgamma1p(NAN)));
    cr_expect(isinf(kes__lgamma(DBL_MAX)));
    /* smallest subnormal: -log(2^-1074) */
    cr_expect(ulp_err(kes__lgamma(0x1p-1074), 1074.0 * 0.69314718055994530942) <= 1.0);
}

Test(lgamma, writes_no_global)
{
    /* libm's lgamma sets signgam; this one must not touch it. */
    signgam = 12345;
    volatile double s = 0.0;
    for (int i = 1; i < 200; i++) s += kes__lgamma(0.07 * i) + kes__lgamma1p(0.01 * i - 0.9);
    cr_expect(isfinite(s));
    cr_expect_eq(signgam, 12345);
}
