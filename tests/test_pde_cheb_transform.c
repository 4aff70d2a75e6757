/* The fast Chebyshev transform (src/pde/pde_cheb_transform.c): exact
 * coefficients of Chebyshev polynomials, agreement with the O(n^2) cosine
 * sums, the round trip, the interpolant of e^x evaluated by Clenshaw's
 * recurrence (geometric convergence), no allocation per transform, and
 * error paths. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "pde_alloc_counter.h"

#define PI_D 3.14159265358979323846

static double clenshaw(int64_t n, const double *a, double x)
{
    double b1 = 0.0, b2 = 0.0;
    for (int64_t k = n; k >= 1; k--) {
        double b0 = 2.0 * x * b1 - b2 + a[k];
        b2 = b1;
        b1 = b0;
    }
    return x * b1 - b2 + a[0];
}

Test(pde_cheb_transform, chebyshev_polynomials_exact)
{
    for (int64_t n = 1; n <= 17; n++) {
        kes_cheb_transform *t;
        cr_assert_eq(kes_cheb_transform_create(n, &t), KES_OK);
        double *x = malloc(sizeof(double) * (size_t)(n + 1)), *f = malloc(sizeof(double) * (size_t)(n + 1));
        cr_assert_eq(kes_cheb_points(n, x), KES_OK);
        for (int64_t m = 0; m <= n; m++) {
            for (int64_t j = 0; j <= n; j++) f[j] = cos((double)m * acos(fmax(-1.0, fmin(1.0, x[j]))));
            cr_assert_eq(kes_cheb_transform_coeffs(t, f, f), KES_OK); /* in place */
            for (int64_t k = 0; k <= n; k++)
                cr_assert_leq(fabs(f[k] - (k == m ? 1.0 : 0.0)), 1e-14 * (double)n, "n %lld T_%lld: a_%lld = %g",
                              (long long)n, (long long)m, (long long)k, f[k]);
        }
        kes_cheb_transform_destroy(t);
        free(x);
        free(f);
    }
}

Test(pde_cheb_transform, matches_cosine_sums_and_round_trip)
{
    enum { n = 23 };
    double f[n + 1], a[n + 1], g[n + 1];
    for (int j = 0; j <= n; j++) f[j] = sin(3.0 * j + 1.0) + 0.1 * j;
    kes_cheb_transform *t;
    cr_assert_eq(kes_cheb_transform_create(n, &t), KES_OK);
    cr_assert_eq(kes_cheb_transform_coeffs(t, f, a), KES_OK);
    for (int k = 0; k <= n; k++) {
        double s = 0.0;
        for (int j = 0; j <= n; j++) s += ((j == 0 || j == n) ? 0.5 : 1.0) * f[j] * cos(PI_D * j * k / n);
        s *= ((k == 0 || k == n) ? 1.0 : 2.0) / n;
        cr_assert_leq(fabs(a[k] - s), 1e-14, "a_%d = %.17g, sum %.17g", k, a[k], s);
    }
#ifdef KES_COUNT_ALLOC
    atomic_store(&n_alloc, 0);
    atomic_store(&counting, 1);
#endif
    for (int rep = 0; rep < 100; rep++) cr_assert_eq(kes_cheb_transform_values(t, a, g), KES_OK);
#ifdef KES_COUNT_ALLOC
    atomic_store(&counting, 0);
    cr_assert_eq(atomic_load(&n_alloc), 0, "%ld allocations", atomic_load(&n_alloc));
#endif
    for (int j = 0; j <= n; j++) cr_assert_leq(fabs(g[j] - f[j]), 1e-14, "round trip at %d", j);
    kes_cheb_transform_destroy(t);
}

/* e^x: the interpolant's error falls geometrically; at n = 16 it is at
 * rounding level (the coefficients 2 I_k(1) fall below 1e-16 by k = 15). */
Test(pde_cheb_transform, exp_interpolant_converges)
{
    double prev = 1.0;
    for (int64_t n = 4; n <= 16; n += 4) {
        double x[17], a[17];
        cr_assert_eq(kes_cheb_points(n, x), KES_OK);
        for (int64_t j = 0; j <= n; j++) a[j] = exp(x[j]);
        kes_cheb_transform *t;
        cr_assert_eq(kes_cheb_transform_create(n, &t), KES_OK);
        cr_assert_eq(kes_cheb_transform_coeffs(t, a, a), KES_OK);
        kes_cheb_transform_destroy(t);
        double e = 0.0;
        for (int i = 0; i <= 200; i++) {
            double xi = -1.0 + i / 100.0;
            e = fmax(e, fabs(clenshaw(n, a, xi) - exp(xi)));
        }
        cr_log_info("e^x, n = %lld: max error %.3g", (long long)n, e);
        cr_assert_lt(e, prev * 1e-2 + 1e-15);
        prev = e;
        if (n == 16) cr_assert_leq(e, 2e-15);
    }
}

Test(pde_cheb_transform, errors)
{
    kes_cheb_transform *t = NULL;
    cr_assert_eq(kes_cheb_transform_create(4, NULL), KES_EINVAL);
    cr_assert_eq(kes_cheb_transform_create(0, &t), KES_EDIM);
    cr_assert_eq(kes_cheb_transform_create(-3, &t), KES_EDIM);
    cr_assert_eq(kes_cheb_transform_create(INT64_MAX, &t), KES_ERANGE);
    cr_assert_null(t);
    cr_assert_eq(kes_cheb_transform_create(4, &t), KES_OK);
    double f[5] = {1, 2, 3, 4, 5}, a[5] = {-7, -7, -7, -7, -7};
    cr_assert_eq(kes_cheb_transform_coeffs(NULL, f, a), KES_EINVAL);
    cr_assert_eq(kes_cheb_transform_coeffs(t, NULL, a), KES_EINVAL);
    cr_assert_eq(kes_cheb_transform_coeffs(t, f, NULL), KES_EINVAL);
    cr_assert_eq(kes_cheb_transform_values(NULL, f, a), KES_EINVAL);
    cr_assert_eq(kes_cheb_transform_values(t, NULL, a), KES_EINVAL);
    cr_assert_eq(kes_cheb_transform_values(t, f, NULL), KES_EINVAL);
    f[4] = NAN;
    cr_assert_eq(kes_cheb_transform_coeffs(t, f, a), KES_ENAN);
    cr_assert_eq(kes_cheb_transform_values(t, f, a), KES_ENAN);
    for (int i = 0; i < 5; i++) cr_assert_eq(a[i], -7);
    kes_cheb_transform_destroy(t);
    kes_cheb_transform_destroy(NULL);
}
