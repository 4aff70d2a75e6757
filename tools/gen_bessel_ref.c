/* Reference values for the log-Bessel and vMF tests, computed with Arb
 * (certified ball arithmetic; Debian libflint-arb-dev).
 *
 * Build and use (tools/gen_bessel_ref.sh does this):
 *   gcc -O2 tools/gen_bessel_ref.c -o gen_bessel_ref -I/usr/include/flint -lflint-arb -lflint
 *   ./gen_bessel_ref bessel < points.txt   # lines "v x"  -> "v x logI logK ratio bitsI bitsK"
 *   ./gen_bessel_ref kappa  < cases.txt    # lines "p R"  -> "p R kappa"
 *   ./gen_bessel_ref deriv  < points.txt   # lines "v x"  -> "v x dv dx bits_dv bits_dx"
 *
 * bessel: log I_v(x) = log(ive) + x, log K_v(x) = log(kve) - x, and
 * I_{v+1}/I_v as a ratio of scaled functions.  The working precision is
 * doubled (from 128 bits up to 2^16) until each value has at least 64
 * certified relative bits; the midpoint is then rounded to the nearest
 * double.  If the hypergeometric K fails (Arb returns an indeterminate ball
 * for tiny x and huge integer v) the integral representation
 * small-x series (DLMF 10.27.4 / 10.31.1, tiny x and huge order) or
 * arb_hypgeom_bessel_k_integration is used instead.  Values that never
 * reach 64 bits are printed as "nan" so the tests skip them, visibly.
 *
 * deriv: d/dv log K_v(x) and d/dx log K_v(x).  d/dx is certified:
 * -K_{v-1}(x)/K_v(x) - v/x in ball arithmetic.  d/dv is the central
 * difference (log K_{v+e}(x) - log K_{v-e}(x)) / (2e) with e = 2^-100 at
 * 512 bits or more, whose ball contains the exact secant slope; the secant
 * differs from the derivative by e^2/6 |f_vvv| <= 1e-61 |f_vvv|, far below
 * the 64 bits kept for any third order derivative up to 1e20.
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

/* sum_{k<4} (x^2/4)^k / (k! (a)_k) with the tail bounded geometrically:
 * |term_k| ratio = (x^2/4) / (k |a + k - 1|) <= 1/2 for k >= 4 when
 * x^2 < |a| - 8, so the tail is at most 2 |term_4|. */
static void small_0f1(arb_t s, const arb_t a, const arb_t h, slong prec)
{
    arb_t term, t;
    arb_init(term);
    arb_init(t);
    arb_one(term);
    arb_one(s);
    for (int k = 1; k <= 4; k++) {
        arb_add_si(t, a, k - 1, prec);
        arb_mul_ui(t, t, (ulong)k, prec);
        arb_div(t, h, t, prec);
        arb_mul(term, term, t, prec);
        if (k < 4) arb_add(s, s, term, prec);
    }
    arb_abs(term, term);
    arb_mul_2exp_si(term, term, 1);
    arb_add_error(s, term);
    arb_clear(term);
    arb_clear(t);
}

/* log K_v(x) for small x (x^2 < v - 8, v >= 16) from DLMF 10.27.4 with the
 * series of I_{+-v} (10.25.2):
 *   non-integer v: K_v = Gamma(v)/2 (x/2)^-v 0F1(;1-v;x^2/4) + Gamma(-v)/2 (x/2)^v 0F1(;1+v;x^2/4)
 *   integer n (DLMF 10.31.1): K_n = (x/2)^-n/2 sum_{k<n} (n-k-1)!/k! (-x^2/4)^k + O((x/2)^n log(x) I_n)
 * The truncated tails are added to the ball radius; for integer n the
 * log-times-I_n part, relative size below (x/2)^(2n) |log(x/2)| / (n! (n-1)!)
 * < 2^-1000 here, is added as a radius as well.  Used where the
 * hypergeometric K returns an indeterminate ball or stalls (tiny x, huge v). */
static int log_k_small_x(arb_t out, double v, double x, slong prec)
{
    if (v < 16 || x * x >= v - 8) return 0;
    arb_t nu, z, h, s, t, u, a;
    arb_init(nu); arb_init(z); arb_init(h); arb_init(s); arb_init(t); arb_init(u); arb_init(a);
    arb_set_d(nu, v);
    arb_set_d(z, x);
    arb_mul(h, z, z, prec);
    arb_mul_2exp_si(h, h, -2); /* x^2/4 */
    arb_mul_2exp_si(u, z, -1);
    arb_log(u, u, prec); /* log(x/2) */
    if (v == floor(v)) {
        /* sum_k (n-k-1)!/(k! (n-1)!) (-x^2/4)^k: term ratio -(x^2/4)/(k (n-k)),
         * which is 0F1's ratio (x^2/4)/(k (a+k-1)) with a = 1 - n */
        arb_sub_ui(a, nu, 1, prec);
        arb_neg(a, a);
        small_0f1(s, a, h, prec);
        mag_t m;
        mag_init(m);
        mag_set_ui_2exp_si(m, 1, -1000);
        arb_add_error_mag(s, m);
        mag_clear(m);
        /* log K = lgamma(n) - log 2 - n log(x/2) + log s */
        arb_log(out, s, prec);
        arb_lgamma(t, nu, prec);
        arb_add(out, out, t, prec);
    } else {
        /* t1 = Gamma(v)/2 (x/2)^-v S1, t2 = Gamma(-v)/2 (x/2)^v S2, all as logs relative to t1 */
        arb_neg(a, nu);
        arb_add_ui(a, a, 1, prec); /* 1 - v */
        small_0f1(s, a, h, prec);
        arb_add_ui(a, nu, 1, prec); /* 1 + v */
        arb_t s2;
        arb_init(s2);
        small_0f1(s2, a, h, prec);
        /* ratio t2/t1 = Gamma(-v)/Gamma(v) (x/2)^(2v) S2/S1 */
        arb_neg(a, nu);
        arb_gamma(t, a, prec);
        arb_gamma(a, nu, prec);
        arb_div(t, t, a, prec);
        arb_mul(a, u, nu, prec);
        arb_mul_2exp_si(a, a, 1);
        arb_exp(a, a, prec);
        arb_mul(t, t, a, prec);
        arb_mul(t, t, s2, prec);
        arb_div(t, t, s, prec);
        arb_add_ui(t, t, 1, prec); /* 1 + t2/t1 */
        arb_mul(s, s, t, prec);
        arb_clear(s2);
        arb_log(out, s, prec);
        arb_lgamma(t, nu, prec);
        arb_add(out, out, t, prec);
    }
    arb_const_log2(t, prec);
    arb_sub(out, out, t, prec);
    arb_mul(t, u, nu, prec);
    arb_sub(out, out, t, prec);
    arb_clear(nu); arb_clear(z); arb_clear(h); arb_clear(s); arb_clear(t); arb_clear(u); arb_clear(a);
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
    /* K: the small-x series first where it applies (the hypergeometric K
     * stalls or fails at tiny x and huge v), then Arb's K, then its integral */
    for (int method = (kind == 1 ? 0 : 1); method < (kind == 1 ? 3 : 2) && bits < WANT_BITS; method++) {
        for (slong prec = 128; prec <= (method == 1 ? 8192 : 2048); prec *= 2) {
            int ok = (method == 0) ? log_k_small_x(r, fabs(v), x, prec)
                                   : log_bessel(r, kind, nu, z, prec, method == 2);
            if (!ok) {
                if (method == 0) break;
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

/* log of the scaled K (log K_v(x) + x), as a ball; 0 when Arb gives no
 * finite positive value. */
static int log_kscaled(arb_t out, const arb_t nu, const arb_t z, slong prec)
{
    arb_hypgeom_bessel_k_scaled(out, nu, z, prec);
    if (!arb_is_finite(out) || !arb_is_positive(out)) return 0;
    arb_log(out, out, prec);
    return 1;
}

/* d/dv and d/dx of log K_v(x) with the certified bits of each (-1: never
 * reached WANT_BITS, the value is then NaN). */
static void eval_deriv(double v, double x, double *dv, double *dx, long *bv, long *bx)
{
    arb_t nu, z, e, a, b, t;
    arb_init(nu); arb_init(z); arb_init(e); arb_init(a); arb_init(b); arb_init(t);
    *dv = *dx = NAN;
    *bv = *bx = -1;
    for (slong prec = 512; prec <= 8192 && (*bv < WANT_BITS || *bx < WANT_BITS); prec *= 2) {
        arb_set_d(z, x);
        if (*bv < WANT_BITS) {
            arb_one(e);
            arb_mul_2exp_si(e, e, -100);
            arb_set_d(nu, v);
            arb_add(nu, nu, e, prec);
            int ok = log_kscaled(a, nu, z, prec);
            arb_set_d(nu, v);
            arb_sub(nu, nu, e, prec);
            ok = ok && log_kscaled(b, nu, z, prec);
            if (ok) {
                arb_sub(a, a, b, prec);
                arb_mul_2exp_si(a, a, 99); /* divided by 2 e */
                long bits = arb_rel_accuracy_bits(a);
                if (bits >= WANT_BITS) {
                    *bv = bits;
                    *dv = arf_get_d(arb_midref(a), ARF_RND_NEAR);
                }
            }
        }
        if (*bx < WANT_BITS) {
            arb_set_d(nu, v);
            arb_hypgeom_bessel_k_scaled(a, nu, z, prec);
            arb_sub_ui(t, nu, 1, prec);
            arb_hypgeom_bessel_k_scaled(b, t, z, prec);
            if (arb_is_finite(a) && arb_is_positive(a) && arb_is_finite(b)) {
                arb_div(b, b, a, prec);
                arb_div(t, nu, z, prec);
                arb_add(b, b, t, prec);
                arb_neg(b, b);
                long bits = arb_rel_accuracy_bits(b);
                if (bits >= WANT_BITS) {
                    *bx = bits;
                    *dx = arf_get_d(arb_midref(b), ARF_RND_NEAR);
                }
            }
        }
    }
    arb_clear(nu); arb_clear(z); arb_clear(e); arb_clear(a); arb_clear(b); arb_clear(t);
}

int main(int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "bessel") && strcmp(argv[1], "kappa") && strcmp(argv[1], "deriv"))) {
        fprintf(stderr, "usage: %s bessel|kappa|deriv < input\n", argv[0]);
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
    } else if (!strcmp(argv[1], "deriv")) {
        while (scanf("%lf %lf", &a, &b) == 2) {
            double dv, dx;
            long bv, bx;
            eval_deriv(a, b, &dv, &dx, &bv, &bx);
            printf("%.17g %.17g %.17g %.17g %ld %ld\n", a, b, dv, dx, bv, bx);
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
