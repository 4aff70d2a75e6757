/* Tests for src/special/bessel_deriv.c: d/dv log K_v(x) and d/dx log K_v(x)
 * against Arb (tests/data/besselk_deriv_ref.txt, tools/gen_bessel_ref.sh
 * deriv), then identities (d/dx against the recurrence through log K,
 * symmetry in v, limits), then the _e forms and bad input.
 *
 * Tolerance: the claim of special.h, |computed - true| <= 1e-12 |true|, or
 * 1e-13 absolute where |true| < 0.1 (the order derivative tends to 0 as
 * v -> 0), against the nearest double of an Arb value certified to 64 bits
 * or more. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/special.h"

typedef struct drow {
    double v, x, dv, dx;
    long bv, bx;
    char tag[32];
} drow;

static drow *load_ref(size_t *n_out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/besselk_deriv_ref.txt", KES_TEST_DATA_DIR);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    size_t cap = 2048, n = 0;
    drow *rows = malloc(cap * sizeof *rows);
    char line[512];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        if (n == cap) rows = realloc(rows, (cap *= 2) * sizeof *rows);
        drow *r = &rows[n];
        if (sscanf(line, "%lf %lf %lf %lf %ld %ld %31s", &r->v, &r->x, &r->dv, &r->dx, &r->bv, &r->bx, r->tag) == 7)
            n++;
    }
    fclose(f);
    *n_out = n;
    return rows;
}

static double tol_of(double ref) { return fabs(ref) < 0.1 ? 1e-13 : 1e-12 * fabs(ref); }

Test(bessel_deriv, matches_arb_on_the_claimed_box)
{
    size_t n;
    drow *rows = load_ref(&n);
    cr_assert_geq(n, 1100, "reference rows: %zu", n);
    double worst_v = 0.0, worst_x = 0.0;
    for (size_t i = 0; i < n; i++) {
        const drow *r = &rows[i];
        cr_assert(r->bv >= 64 && r->bx >= 64, "row %zu not certified", i);
        cr_assert(r->v >= 0.05 && r->v <= 50.0 && r->x >= 1e-6 && r->x <= 1e3);
        double dv = kes_log_besselk_dv(r->v, r->x), dx = kes_log_besselk_dx(r->v, r->x);
        double ev = fabs(dv - r->dv), ex = fabs(dx - r->dx);
        cr_assert(ev <= tol_of(r->dv), "d/dv v=%.17g x=%.17g: %.17g vs Arb %.17g", r->v, r->x, dv, r->dv);
        cr_assert(ex <= tol_of(r->dx), "d/dx v=%.17g x=%.17g: %.17g vs Arb %.17g", r->v, r->x, dx, r->dx);
        worst_v = fmax(worst_v, ev / fmax(fabs(r->dv), 0.1));
        worst_x = fmax(worst_x, ex / fmax(fabs(r->dx), 0.1));
    }
    /* The _e forms' bound, 2e-13 max(1, |val|), holds with margin. */
    cr_assert(worst_v <= 2e-13 && worst_x <= 2e-13, "worst relative error %.3g (dv), %.3g (dx)", worst_v, worst_x);
    free(rows);
}

/* d/dx log K_v = -K_{v-1}/K_v - v/x, with the ratio from kes_log_besselk
 * (whose log error, 8 eps max(1, |log K|), bounds the comparison). */
Test(bessel_deriv, dx_agrees_with_recurrence_through_log_k)
{
    const double vs[] = {0.0, 0.3, 1.0, 2.5, 7.2, 40.0, 200.0};
    const double xs[] = {1e-3, 0.2, 1.0, 3.7, 25.0, 400.0};
    for (size_t i = 0; i < sizeof vs / sizeof *vs; i++)
        for (size_t j = 0; j < sizeof xs / sizeof *xs; j++) {
            double v = vs[i], x = xs[j];
            double l0 = kes_log_besselk(v, x), l1 = kes_log_besselk(v - 1.0, x);
            double ref = -exp(l1 - l0) - v / x;
            double tol = 16.0 * DBL_EPSILON * (fmax(1.0, fabs(l0)) + fmax(1.0, fabs(l1))) * exp(l1 - l0) +
                         1e-13 * fabs(ref);
            double got = kes_log_besselk_dx(v, x);
            cr_assert(fabs(got - ref) <= tol, "v=%g x=%g: %.17g vs %.17g", v, x, got, ref);
        }
}

/* d/dv log K_v at larger orders against a central difference of log K
 * (step 1e-4, fourth order): outside the Arb box, a consistency check. */
Test(bessel_deriv, dv_agrees_with_difference_of_log_k_beyond_the_box)
{
    const double vs[] = {80.0, 300.0, 2000.0};
    const double xs[] = {0.5, 50.0, 1500.0, 1e5};
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 4; j++) {
            double v = vs[i], x = xs[j], e = 1e-4 * v;
            double fd = (8.0 * (kes_log_besselk(v + e, x) - kes_log_besselk(v - e, x)) -
                         (kes_log_besselk(v + 2 * e, x) - kes_log_besselk(v - 2 * e, x))) /
                        (12.0 * e);
            double got = kes_log_besselk_dv(v, x);
            /* rounding of the difference: ~16 eps |log K| / e */
            double tol = 1e-9 * fabs(fd) + 32.0 * DBL_EPSILON * fabs(kes_log_besselk(v, x)) / e;
            cr_assert(fabs(got - fd) <= tol, "v=%g x=%g: %.17g vs %.17g", v, x, got, fd);
        }
}

Test(bessel_deriv, symmetry_and_limits)
{
    cr_assert_eq(kes_log_besselk_dv(-2.5, 3.0), -kes_log_besselk_dv(2.5, 3.0));
    cr_assert_eq(kes_log_besselk_dx(-2.5, 3.0), kes_log_besselk_dx(2.5, 3.0));
    cr_assert_eq(kes_log_besselk_dv(0.0, 3.0), 0.0);
    cr_assert_eq(kes_log_besselk_dx(1.0, 0.0), -INFINITY);
    cr_assert_eq(kes_log_besselk_dv(1.0, 0.0), INFINITY);
    cr_assert_eq(kes_log_besselk_dv(0.0, 0.0), 0.0);
    cr_assert_eq(kes_log_besselk_dx(1.0, INFINITY), -1.0);
    cr_assert_eq(kes_log_besselk_dv(1.0, INFINITY), 0.0);
    /* K_{1/2}(x) = sqrt(pi/(2x)) e^-x: d/dx log K = -1 - 1/(2x) exactly */
    for (double x = 1e-5; x < 1e4; x *= 7.3)
        cr_assert(fabs(kes_log_besselk_dx(0.5, x) - (-1.0 - 0.5 / x)) <= 1e-14 * (1.0 + 0.5 / x), "x=%g", x);
    /* monotone: d/dv log K_v(x) > 0 for v > 0, d/dx <= -1 */
    for (double v = 0.01; v < 100; v *= 3.1)
        for (double x = 1e-8; x < 1e6; x *= 9.7) {
            cr_assert_gt(kes_log_besselk_dv(v, x), 0.0);
            cr_assert_leq(kes_log_besselk_dx(v, x), -1.0);
        }
    /* extreme arguments stay finite (x = 1e-300 walks the longest plateau) */
    cr_assert(isfinite(kes_log_besselk_dv(0.05, 1e-300)) && isfinite(kes_log_besselk_dx(1e6, 1e300)));
    cr_assert(isfinite(kes_log_besselk_dv(1e6, 1e-3)));
}

Test(bessel_deriv, e_forms_and_bad_input)
{
    kes_result r;
    cr_assert_eq(kes_log_besselk_dv_e(0.8, 1.3, &r), KES_OK);
    cr_assert_eq(r.val, kes_log_besselk_dv(0.8, 1.3));
    cr_assert(r.err > 0 && r.err <= 2e-13 * fmax(1.0, fabs(r.val)) * 1.0000001);
    cr_assert_eq(kes_log_besselk_dx_e(0.8, 1.3, &r), KES_OK);
    cr_assert_eq(r.val, kes_log_besselk_dx(0.8, 1.3));
    cr_assert_eq(kes_log_besselk_dv_e(NAN, 1.0, &r), KES_EDOM);
    cr_assert(isnan(r.val) && isnan(r.err));
    cr_assert_eq(kes_log_besselk_dx_e(1.0, -1.0, &r), KES_EDOM);
    cr_assert_eq(kes_log_besselk_dx_e(INFINITY, 1.0, &r), KES_EDOM);
    cr_assert_eq(kes_log_besselk_dv_e(1.0, NAN, &r), KES_EDOM);
    cr_assert_eq(kes_log_besselk_dv_e(1.0, 1.0, NULL), KES_EINVAL);
    cr_assert_eq(kes_log_besselk_dx_e(1.0, 1.0, NULL), KES_EINVAL);
    cr_assert_eq(kes_log_besselk_dx_e(1.0, 0.0, &r), KES_OK);
    cr_assert(r.val == -INFINITY && r.err == 0.0);
    cr_assert_eq(kes_log_besselk_dx_e(1e300, 1e-300, &r), KES_ERANGE);
    cr_assert(r.val == -INFINITY && isinf(r.err));
    cr_assert(isnan(kes_log_besselk_dv(1.0, -2.0)) && isnan(kes_log_besselk_dx(NAN, 2.0)));
}
