/* Reference values for the log-Bessel and vMF tests, computed with Arb
 * (certified ball arithmetic; Debian libflint-arb-dev).
 *
 * Build and use (tools/gen_bessel_ref.sh does this):
 *   gcc -O2 tools/gen_bessel_ref.c -o gen_bessel_ref -I/usr/include/flint -lflint-arb -lflint
 *   ./gen_bessel_ref bessel < points.txt   # lines "v x"  -> "v x logI logK ratio bitsI bitsK"
 *   ./gen_bessel_ref kappa  < cases.txt    # lines "p R"  -> "p R kappa"
 *
 * bessel: log I_v(x) = log(ive) + x, log K_v(x) = log(kve) - x, and
 * I_{v+1}/I_v as a ratio of scaled functions.  The working precision is
 * doubled (from 128 bits up to 2^16) until each value has at least 64
 * certified relative bits; the midpoint is then rounded to the nearest
 * double.  If the hypergeometric K fails (Arb returns an indeterminate ball
 * for tiny x and huge integer v) the integral representation
 * DLMF 10.31.1 finite sum (integer order, x^2 < n) or
 * arb_hypgeom_bessel_k_integration is used instead.  Values that never
 * reach 64 bits are printed as "nan" so the tests skip them, visibly.
 *
 * kappa: the root of A_p(kappa) = I_{p/2}(kappa)/I_{p/2-1}(kappa) = R by
 * Newton's method at 320 bits from Banerjee's approximation, with
 * A' = 1 - A^2 - (p-1) A / kappa; stops when the step is below 2^-200 kappa. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <math.h>

#include <arb.h>
#include <arb_hypgeom.h>

#define WANT_BITS 64

static int log_bessel(arb_t out, int kind, const arb_t nu, const arb_t z, slong prec, int integ)
{
    arb_t f;
    arb_init(f);
    if (kind == 0)
        arb_hypgeom_bessel_i_scaled(f, nu, z, prec);
    else if (!integ)
        arb_hypgeom_bessel_k_scaled(f, nu, z, prec);
    else
        arb_hypgeom_bessel_k_integration(f, nu, z, 1, prec);
    int ok = arb_is_finite(f) && arb_is_positive(f);
    if (ok) {
        arb_log(out, f, prec);
        if (kind == 0) arb_add(out, out, z, prec);
        else arb_sub(out, out, z, prec);
    }
    arb_clear(f);
    return ok;
}

/* log K_n(x) for integer n >= 1 and x^2 < n from DLMF 10.31.1:
 *   K_n(x) = (x/2)^-n / 2 * sum_{k<n} (n-k-1)!/k! (-x^2/4)^k + (-1)^(n+1) log(x/2) I_n(x) + ...
 * The sum is truncated after 4 terms (next term relative < (x^2/(4(n-4)))^4)
 * and the I_n part is relative (x/2)^(2n)/(n! (n-1)!), both added to the
 * radius.  Used only where the hypergeometric K returns an indeterminate
 * ball (tiny x, huge integer order). */
static int log_k_integer_small_x(arb_t out, double v, double x, slong prec)
{
    if (v != floor(v) || v < 8 || x * x >= v) return 0;
    arb_t n, z, h, term, s, t;
    arb_init(n); arb_init(z); arb_init(h); arb_init(term); arb_init(s); arb_init(t);
    arb_set_d(n, v);
    arb_set_d(z, x);
    arb_mul(h, z, z, prec);
    arb_mul_2exp_si(h, h, -2); /* x^2/4 */
    arb_one(term);
    arb_one(s);
    for (int k = 1; k <= 4; k++) { /* term_k / term_{k-1} = -(x^2/4) / (k (n-k)) */
        arb_sub_ui(t, n, (ulong)k, prec);
        arb_mul_ui(t, t, (ulong)k, prec);
        arb_div(t, h, t, prec);
        arb_neg(t, t);
        arb_mul(term, term, t, prec);
        if (k < 4) arb_add(s, s, term, prec);
    }
    arb_abs(term, term);
    arb_add_error(s, term);
    /* relative size of the log-times-I_n part: (x/2)^(2n) * |log(x/2)| bounded by 2^-1000 here */
    mag_t m;
    mag_init(m);
    mag_set_ui_2exp_si(m, 1, -1000);
    arb_add_error_mag(s, m);
    mag_clear(m);
    /* log K = lgamma(n) - log 2 - n log(x/2) + log(s) */
    arb_log(out, s, prec);
    arb_sub_ui(t, n, 0, prec);
    arb_lgamma(t, n, prec);
    arb_add(out, out, t, prec);
    arb_const_log2(t, prec);
    arb_sub(out, out, t, prec);
    arb_mul_2exp_si(t, z, -1);
    arb_log(t, t, prec);
    arb_mul(t, t, n, prec);
    arb_sub(out, out, t, prec);
    arb_clear(n); arb_clear(z); arb_clear(h); arb_clear(term); arb_clear(s); arb_clear(t);
    return 1;
}

/* Returns certified bits (or -1) and the nearest double in *d. */
static long eval_log(int kind, double v, double x, double *d)
{
    arb_t nu, z, r;
    arb_init(nu);
    arb_init(z);
    arb_init(r);
    arb_set_d(nu, v);
    arb_set_d(z, x);
    long bits = -1;
    *d = NAN;
    for (int method = 0; method < (kind == 1 ? 3 : 1) && bits < WANT_BITS; method++) {
        for (slong prec = 128; prec <= (method == 0 ? 8192 : 2048); prec *= 2) {
            int ok = (method == 1) ? log_k_integer_small_x(r, fabs(v), x, prec)
                                   : log_bessel(r, kind, nu, z, prec, method == 2);
            if (!ok) {
                if (method == 1) break;
                continue;
            }
            long b = arb_rel_accuracy_bits(r);
            if (b >= WANT_BITS || arb_is_zero(r)) {
                bits = arb_is_zero(r) ? 1000 : b;
                *d = arf_get_d(arb_midref(r), ARF_RND_NEAR);
                break;
            }
        }
    }
    arb_clear(nu);
    arb_clear(z);
    arb_clear(r);
    return bits;
}

static double eval_ratio(double v, double x)
{
    arb_t nu, nu1, z, a, b;
    arb_init(nu); arb_init(nu1); arb_init(z); arb_init(a); arb_init(b);
    arb_set_d(nu, v);
    arb_add_ui(nu1, nu, 1, 512);
    arb_set_d(z, x);
    double d = NAN;
    for (slong prec = 128; prec <= 65536; prec *= 2) {
        arb_hypgeom_bessel_i_scaled(a, nu1, z, prec);
        arb_hypgeom_bessel_i_scaled(b, nu, z, prec);
        arb_div(a, a, b, prec);
        if (arb_is_finite(a) && arb_rel_accuracy_bits(a) >= WANT_BITS) {
            d = arf_get_d(arb_midref(a), ARF_RND_NEAR);
            break;
        }
    }
    arb_clear(nu); arb_clear(nu1); arb_clear(z); arb_clear(a); arb_clear(b);
    return d;
}

static double solve_kappa(double p, double R)
{
    const slong prec = 320;
    arb_t nu, nu1, k, a, b, A, dA, step, tmp, Rb;
    arb_init(nu); arb_init(nu1); arb_init(k); arb_init(a); arb_init(b);
    arb_init(A); arb_init(dA); arb_init(step); arb_init(tmp); arb_init(Rb);
    arb_set_d(nu, p / 2.0 - 1.0);
    arb_set_d(nu1, p / 2.0);
    arb_set_d(Rb, R);
    arb_set_d(k, R * (p - R * R) / (1.0 - R * R));
    for (int it = 0; it < 200; it++) {
        arb_hypgeom_bessel_i_scaled(a, nu1, k, prec);
        arb_hypgeom_bessel_i_scaled(b, nu, k, prec);
        arb_div(A, a, b, prec);
        /* dA = 1 - A^2 - (p-1) A / k */
        arb_mul(dA, A, A, prec);
        arb_neg(dA, dA);
        arb_add_ui(dA, dA, 1, prec);
        arb_mul_ui(tmp, A, (ulong)(p - 1), prec);
        arb_div(tmp, tmp, k, prec);
        arb_sub(dA, dA, tmp, prec);
        arb_sub(step, A, Rb, prec);
        arb_div(step, step, dA, prec);
        arb_get_mid_arb(step, step);
        arb_sub(k, k, step, prec);
        arb_get_mid_arb(k, k);
        arf_t s, kk;
        arf_init(s); arf_init(kk);
        arf_abs(s, arb_midref(step));
        arf_mul_2exp_si(kk, arb_midref(k), -200);
        arf_abs(kk, kk);
        int done = arf_cmp(s, kk) < 0;
        arf_clear(s); arf_clear(kk);
        if (done) break;
    }
    double d = arf_get_d(arb_midref(k), ARF_RND_NEAR);
    arb_clear(nu); arb_clear(nu1); arb_clear(k); arb_clear(a); arb_clear(b);
    arb_clear(A); arb_clear(dA); arb_clear(step); arb_clear(tmp); arb_clear(Rb);
    return d;
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "bessel") && strcmp(argv[1], "kappa"))) {
        fprintf(stderr, "usage: %s bessel|kappa < input\n", argv[0]);
        return 2;
    }
    double a, b;
    if (!strcmp(argv[1], "bessel")) {
        while (scanf("%lf %lf", &a, &b) == 2) {
            double li, lk;
            long bi = eval_log(0, a, b, &li);
            long bk = eval_log(1, a, b, &lk);
            double r = eval_ratio(a, b);
            printf("%.17g %.17g %.17g %.17g %.17g %ld %ld\n", a, b, li, lk, r, bi, bk);
            fflush(stdout);
        }
    } else {
        while (scanf("%lf %lf", &a, &b) == 2) {
            printf("%.17g %.17g %.17g\n", a, b, solve_kappa(a, b));
            fflush(stdout);
        }
    }
    flint_cleanup();
    return 0;
}
