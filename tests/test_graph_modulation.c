/* Tests for src/kernels/graph_modulation.c: closed-form modulation functions
 * against the convolution-square-root recursion and against their textbook
 * forms, f * f = alpha, and error paths. */
#include <criterion/criterion.h>
#include <math.h>

#include "kestrel/graph.h"

#define L 40

static double convolve_at(const double *f, int k)
{
    double s = 0.0;
    for (int j = 0; j <= k; j++) s += f[j] * f[k - j];
    return s;
}

Test(modulation, closed_forms_match_recursion)
{
    /* The recursion and the closed form are two routes to the same
     * coefficients; each term carries O(k) roundings of relative size
     * 1e-16, so 1e-13 leaves a 100x margin at k = 40. */
    struct { kes_grf_kernel kind; double param; } cases[] = {
        {KES_GRF_REGULARIZED, 1}, {KES_GRF_REGULARIZED, 2}, {KES_GRF_REGULARIZED, 3}, {KES_GRF_REGULARIZED, 4},
        {KES_GRF_REGULARIZED, 0.5}, {KES_GRF_DIFFUSION, 1.0}, {KES_GRF_DIFFUSION, 0.7}, {KES_GRF_DIFFUSION, -2.5},
        {KES_GRF_PSTEP, 2}, {KES_GRF_PSTEP, 3}, {KES_GRF_PSTEP, 5},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double alpha[L], f[L], g[L];
        cr_assert_eq(kes_grf_series(cases[c].kind, cases[c].param, L, alpha), KES_OK);
        cr_assert_eq(kes_grf_modulation(cases[c].kind, cases[c].param, L, f), KES_OK);
        cr_assert_eq(kes_grf_modulation_sqrt(alpha, L, g), KES_OK);
        /* p-step with odd p: alternating tail ~ k^-(p/2+1) whose recursion
         * suffers cancellation; compare on the head only. */
        int n = cases[c].kind == KES_GRF_PSTEP ? 12 : L;
        /* Each recursion step subtracts sum_j f_j f_{k-j} from alpha_k: its
         * rounding is relative to that sum, not to f_k (which can be far
         * smaller for factorial decay), and earlier errors propagate with
         * the same weights.  So the scale for term k is
         * (|alpha_k| + sum_{j=1}^{k-1} |f_j f_{k-j}|) / (2 f_0).  Where f
         * decays factorially (diffusion) the propagated error of the tail
         * is relatively large but below one ulp of f_0 = max |f|, i.e. it
         * cannot change any sum the coefficients enter: that floor is
         * the 1e-16 term. */
        for (int k = 0; k < n; k++) {
            double sc = fabs(alpha[k]);
            for (int j = 1; j < k; j++) sc += fabs(f[j] * f[k - j]);
            sc = fmax(sc / (2.0 * f[0]), fabs(f[k]));
            cr_expect(fabs(f[k] - g[k]) <= 1e-13 * sc + 1e-16 * fabs(f[0]), "closed vs recursion: case %zu k=%d %.17g vs %.17g", c, k,
                      f[k], g[k]);
        }
        for (int k = 0; k < L; k++) {
            double conv = convolve_at(f, k), scale = 0.0;
            for (int j = 0; j <= k; j++) scale += fabs(f[j] * f[k - j]);
            cr_expect(fabs(conv - alpha[k]) <= 1e-12 * fmax(scale, 1e-300), "f*f != alpha at k=%d: %.17g vs %.17g", k,
                      conv, alpha[k]);
        }
    }
}

Test(modulation, textbook_values)
{
    double f[L], a[L];
    /* d = 1: f_k = C(2k, k) / 4^k = (2k-1)!!/(2k)!! */
    cr_assert_eq(kes_grf_modulation(KES_GRF_REGULARIZED, 1.0, L, f), KES_OK);
    double c = 1.0;
    for (int k = 0; k < L; k++) {
        if (k > 0) c *= (2.0 * k - 1.0) / (2.0 * k);
        cr_expect(fabs(f[k] - c) <= 1e-14 * c, "d=1 k=%d", k);
    }
    /* d = 2: f = 1, alpha_k = k + 1 */
    cr_assert_eq(kes_grf_modulation(KES_GRF_REGULARIZED, 2.0, L, f), KES_OK);
    cr_assert_eq(kes_grf_series(KES_GRF_REGULARIZED, 2.0, L, a), KES_OK);
    for (int k = 0; k < L; k++) {
        cr_expect_eq(f[k], 1.0);
        cr_expect(fabs(a[k] - (k + 1)) <= 1e-14 * (k + 1), "k=%d", k);
    }
    /* p = 2: f = (1, 1, 0, ...), alpha = (1, 2, 1, 0, ...) exactly */
    cr_assert_eq(kes_grf_modulation(KES_GRF_PSTEP, 2.0, L, f), KES_OK);
    cr_assert_eq(kes_grf_series(KES_GRF_PSTEP, 2.0, L, a), KES_OK);
    cr_expect(f[0] == 1 && f[1] == 1 && f[2] == 0 && f[L - 1] == 0);
    cr_expect(a[0] == 1 && a[1] == 2 && a[2] == 1 && a[3] == 0);
    /* diffusion: f_k = (beta/2)^k / k! */
    cr_assert_eq(kes_grf_modulation(KES_GRF_DIFFUSION, 3.0, L, f), KES_OK);
    for (int k = 0; k < 25; k++) {
        double ref = pow(1.5, k) / tgamma(k + 1.0);
        cr_expect(fabs(f[k] - ref) <= 1e-13 * ref, "heat k=%d", k);
    }
}

Test(modulation, sqrt_aliasing_and_general_alpha)
{
    /* cos U + sin U: alpha_k = (-1)^floor(k/2) / k!, no closed form for f;
     * the recursion must still give f * f = alpha, also in place. */
    double a[L], f[L];
    double fact = 1.0;
    for (int k = 0; k < L; k++) {
        if (k > 0) fact *= k;
        a[k] = ((k / 2) % 2 ? -1.0 : 1.0) / fact;
        f[k] = a[k];
    }
    cr_assert_eq(kes_grf_modulation_sqrt(f, L, f), KES_OK);
    for (int k = 0; k < L; k++) {
        double sc = 0.0;
        for (int j = 0; j <= k; j++) sc += fabs(f[j] * f[k - j]);
        cr_expect(fabs(convolve_at(f, k) - a[k]) <= 1e-13 * sc, "k=%d %.17g vs %.17g (scale %g)", k,
                  convolve_at(f, k), a[k], sc);
    }
}

Test(modulation, errors)
{
    double f[4], a[4] = {0.0, 1.0, 1.0, 1.0};
    cr_expect_eq(kes_grf_series(KES_GRF_REGULARIZED, 1.0, 4, NULL), KES_EINVAL);
    cr_expect_eq(kes_grf_series((kes_grf_kernel)7, 1.0, 4, f), KES_EINVAL);
    cr_expect_eq(kes_grf_modulation(KES_GRF_REGULARIZED, 1.0, 0, f), KES_EDIM);
    cr_expect_eq(kes_grf_modulation(KES_GRF_REGULARIZED, 0.0, 4, f), KES_EDOM);
    cr_expect_eq(kes_grf_modulation(KES_GRF_PSTEP, -1.0, 4, f), KES_EDOM);
    cr_expect_eq(kes_grf_modulation(KES_GRF_DIFFUSION, NAN, 4, f), KES_EDOM);
    cr_expect_eq(kes_grf_modulation(KES_GRF_DIFFUSION, INFINITY, 4, f), KES_EDOM);
    cr_expect_eq(kes_grf_modulation_sqrt(a, 4, f), KES_EDOM);
    a[0] = -1.0;
    cr_expect_eq(kes_grf_modulation_sqrt(a, 4, f), KES_EDOM);
    a[0] = 1.0;
    a[2] = NAN;
    cr_expect_eq(kes_grf_modulation_sqrt(a, 4, f), KES_ENAN);
    cr_expect_eq(kes_grf_modulation_sqrt(NULL, 4, f), KES_EINVAL);
    cr_expect_eq(kes_grf_modulation_sqrt(a, 0, f), KES_EDIM);
    /* Overflow of the series is reported, not returned as Inf. */
    static double big[2000];
    cr_expect_eq(kes_grf_series(KES_GRF_REGULARIZED, 1000.0, 2000, big), KES_ERANGE);
}

/* param 1e300: the coefficients overflow a double for every kind; both
 * functions say so with the documented KES_ERANGE. */
Test(modulation, overflowing_params_are_erange)
{
    double a[64];
    for (int k = 0; k < 3; k++) {
        cr_expect_eq(kes_grf_series((kes_grf_kernel)k, 1e300, 64, a), KES_ERANGE, "kind %d", k);
        cr_expect_eq(kes_grf_modulation((kes_grf_kernel)k, 1e300, 64, a), KES_ERANGE, "kind %d", k);
    }
}
