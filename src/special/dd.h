/* Private double-double helpers for the special layer.
 *
 * A value hi + lo with |lo| <= ulp(hi)/2 carries about 106 bits.  Used where
 * the dominant terms of a log-Bessel function are large (v*eta ~ 1e6) but
 * the result is small, so a plain double would lose the answer to
 * cancellation.  Algorithms: Dekker (1971) and Knuth's two-sum, the product
 * error from fma(); log by table reduction (Tang's method) plus an atanh
 * series.  Inputs must be finite; callers handle overflow separately. */
#ifndef KES_SPECIAL_DD_H
#define KES_SPECIAL_DD_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "special/bessel_coeffs.h"

typedef struct dd {
    double hi, lo;
} dd;

static inline __attribute__((always_inline)) dd dd_make(double hi, double lo) { dd r = {hi, lo}; return r; }

static inline __attribute__((always_inline)) dd two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return dd_make(s, (a - (s - bb)) + (b - bb));
}

static inline __attribute__((always_inline)) dd fast_two_sum(double a, double b) /* |a| >= |b| */
{
    double s = a + b;
    return dd_make(s, b - (s - a));
}

/* two_prod needs one fma with hardware FMA, 17 flops without.  On x86-64 GCC
 * builds the hot paths (functions marked KES_HOT) twice (target_clones: an
 * FMA clone and a baseline clone, picked once at load time), so the library
 * still runs on CPUs without FMA.  Clang refuses target_clones on the
 * noinline hot paths, so a Clang build uses the portable split (same
 * results, slower).  KES_NO_TARGET_CLONES (sanitizer builds) drops the
 * clones: their ifunc resolvers run before TSan's runtime is set up and
 * crash the program before main. */
#ifndef KES_HOT
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__FMA__) &&                        \
    defined(__has_attribute) && !defined(KES_NO_TARGET_CLONES)
#if __has_attribute(target_clones)
#define KES_DD_USE_FMA 1
#define KES_HOT __attribute__((target_clones("fma", "default")))
#endif
#endif
#endif
#ifndef KES_HOT
#define KES_HOT
#endif

/* Exact product.  With hardware FMA the error term is one fma; otherwise
 * Dekker's split (|a|, |b| < 1e290 so the splitter cannot overflow), which
 * is faster than glibc's out-of-line fma().  bessel.c builds its hot paths
 * twice (target_clones "fma" and "default", chosen at load time), so these
 * helpers are forced inline to be compiled for each clone. */
static inline __attribute__((always_inline)) dd two_prod(double a, double b)
{
    double p = a * b;
#if defined(__FMA__) || defined(KES_DD_USE_FMA)
    return dd_make(p, __builtin_fma(a, b, -p));
#else
    const double split = 134217729.0; /* 2^27 + 1 */
    double ca = split * a, cb = split * b;
    double ah = ca - (ca - a), al = a - ah;
    double bh = cb - (cb - b), bl = b - bh;
    return dd_make(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
#endif
}

static inline __attribute__((always_inline)) dd dd_add(dd a, dd b)
{
    dd s = two_sum(a.hi, b.hi);
    dd t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = fast_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return fast_two_sum(s.hi, s.lo);
}

static inline __attribute__((always_inline)) dd dd_add_d(dd a, double b)
{
    dd s = two_sum(a.hi, b);
    s.lo += a.lo;
    return fast_two_sum(s.hi, s.lo);
}

static inline __attribute__((always_inline)) dd dd_neg(dd a) { return dd_make(-a.hi, -a.lo); }

static inline __attribute__((always_inline)) dd dd_mul(dd a, dd b)
{
    dd p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return fast_two_sum(p.hi, p.lo);
}

static inline __attribute__((always_inline)) dd dd_mul_d(dd a, double b)
{
    dd p = two_prod(a.hi, b);
    p.lo += a.lo * b;
    return fast_two_sum(p.hi, p.lo);
}

static inline __attribute__((always_inline)) dd dd_div(dd a, dd b)
{
    double q1 = a.hi / b.hi;
    dd r = dd_add(a, dd_neg(dd_mul_d(b, q1)));
    double q2 = r.hi / b.hi;
    return fast_two_sum(q1, q2);
}

/* sqrt of a double-double a > 0: one Newton correction of the double sqrt. */
static inline __attribute__((always_inline)) dd dd_sqrt(dd a)
{
    double s = sqrt(a.hi);
    dd ss = two_prod(s, s);
    double r = ((a.hi - ss.hi) - ss.lo) + a.lo;
    return fast_two_sum(s, r / (2.0 * s));
}

/* log of a double-double a > 0 (a.hi finite, normal or subnormal).
 * a = 2^e m, m in [1, 2); c = 1 + j/128 nearest m; log m = log c + log(m/c)
 * with log(m/c) = 2 atanh(s), s = (m - c)/(m + c), |s| < 2^-9, summed to
 * s^9 (next term < 1e-30 relative).  About 1e-31 relative error. */
static inline __attribute__((always_inline)) dd dd_log(dd a)
{
    int e;
    double m, lo;
    uint64_t bits;
    memcpy(&bits, &a.hi, sizeof bits);
    int bexp = (int)((bits >> 52) & 0x7ff);
    if (bexp > 0 && bexp < 2046) { /* normal: split exponent and mantissa by bits */
        e = bexp - 1023;
        bits = (bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
        memcpy(&m, &bits, sizeof m);
        uint64_t sb = (uint64_t)(1023 - e) << 52; /* 2^-e, normal for e in [-1022, 1022] */
        double sc;
        memcpy(&sc, &sb, sizeof sc);
        lo = a.lo * sc;
    } else {
        m = 2.0 * frexp(a.hi, &e);
        e -= 1;
        lo = ldexp(a.lo, -e);
    }
    int j = (int)((m - 1.0) * 128.0 + 0.5);
    double c = 1.0 + (double)j * (1.0 / 128.0);
    dd num = two_sum(m - c, lo); /* m - c is exact (Sterbenz) */
    dd den = dd_add_d(num, 2.0 * c);
    dd s = dd_div(num, den);
    double s2 = s.hi * s.hi;
    double tail = s.hi * s2 * (2.0 / 3.0 + s2 * (2.0 / 5.0 + s2 * (2.0 / 7.0 + s2 * (2.0 / 9.0))));
    dd r = dd_add_d(dd_make(2.0 * s.hi, 2.0 * s.lo), tail);
    r = dd_add(r, dd_make(LOGTAB_HI[j], LOGTAB_LO[j]));
    if (e != 0) {
        dd el = two_prod((double)e, KES_LN2_HI);
        el.lo += (double)e * KES_LN2_LO;
        r = dd_add(el, r);
    }
    return r;
}

static inline __attribute__((always_inline)) dd dd_log_d(double a) { return dd_log(dd_make(a, 0.0)); }

/* c - a*b where a*b ~ c (so the result is small): exact with FMA; otherwise
 * from the exact product, c - p.hi being exact by Sterbenz's lemma. */
static inline __attribute__((always_inline)) double fms_small(double a, double b, double c)
{
#if defined(__FMA__) || defined(KES_DD_USE_FMA)
    return __builtin_fma(-a, b, c);
#else
    dd p = two_prod(a, b);
    return (c - p.hi) - p.lo;
#endif
}

/* Tang's table reduction for the logs below: a = 2^e m (a positive normal,
 * a < 2^1023), c = 1 + j/128 nearest m (j = 0..128), sc = 2^-e, ic ~ 1/c. */
typedef struct log_red {
    double de, m, c, sc, ic;
    int j;
} log_red;

static inline __attribute__((always_inline)) log_red log_reduce(double a)
{
    log_red r;
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits);
    uint64_t mant = bits & 0x000fffffffffffffull;
    int e = (int)(bits >> 52) - 1023;
    r.j = (int)((mant + (1ull << 44)) >> 45); /* nearest j/128 to m - 1 */
    uint64_t mb = mant | 0x3ff0000000000000ull, cb = 0x3ff0000000000000ull + ((uint64_t)r.j << 45);
    uint64_t sb = (uint64_t)(1023 - e) << 52;
    memcpy(&r.m, &mb, sizeof r.m);
    memcpy(&r.c, &cb, sizeof r.c); /* exactly 1 + j/128 */
    memcpy(&r.sc, &sb, sizeof r.sc);
    r.ic = INVTAB[r.j];
    r.de = (double)e;
    return r;
}

/* log(ah + al) for ah positive normal < 2^1023, |al| <= ulp(ah), to about
 * 2^-75 absolute plus 2^-100 relative -- less than dd_log's 2^-100 but with
 * no division: enough where the log is multiplied by v <= 2^21 and the
 * product must keep ~2^-54 absolute (Debye's v eta).  With the reduction
 * above, q = (m - c + al/2^e)/c = qh + ql: qh = (m - c) ic (m - c exact by
 * Sterbenz), ql from the fma remainder of that product plus the scaled al
 * (|ql| <= 2^-52), and
 *   log a = e log 2 + log c + qh - qh^2/2 + qh^3 (1/3 - qh/4 + ... + qh^6/9)
 *           + ql (1 - qh + qh^2),
 * whose truncations are |qh|^10/10 < 2^-83 (|qh| <= 2^-8) and |ql qh^3| <
 * 2^-76.  e log 2 is e KES_LN2_A (exact: 40-bit head) + e KES_LN2_B; qh^2
 * is split exactly; the cubic tail's rounding is ~3 ulp of qh^3/3 < 2^-76.
 * The result is hi + lo with |lo| <= 2 ulp(hi), not renormalised. */
static inline __attribute__((always_inline)) dd dd_log_fast(double ah, double al)
{
    log_red r = log_reduce(ah);
    double d = r.m - r.c;
    double qh = d * r.ic;
    double ql = (fms_small(qh, r.c, d) + al * r.sc) * r.ic;
    dd q2 = two_prod(qh, qh);
    /* Estrin's scheme for a short chain */
    double q4 = q2.hi * q2.hi;
    double pa = (1.0 / 3 - 0.25 * qh) + q2.hi * (0.2 - (1.0 / 6) * qh);
    double pb = ((1.0 / 7) - 0.125 * qh) + q2.hi * (1.0 / 9);
    double tail = (qh * q2.hi) * (pa + q4 * pb);
    double T = r.de * KES_LN2_A + LOG40_HI[r.j]; /* exact: multiples of 2^-40 below 2^10 */
    dd B = fast_two_sum(qh, -0.5 * q2.hi);
    double small = ((r.de * KES_LN2_B + LOG40_LO[r.j]) + (ql * (1.0 - qh + q2.hi) - 0.5 * q2.lo + B.lo)) + tail;
    dd H = two_sum(T, B.hi);
    return dd_make(H.hi, H.lo + small);
}

/* The same to about 2^-58 absolute, for a log that is only scaled by 1/4:
 * qh's rounding (2^-61), the scaled al and log1p(qh) - qh to qh^7/7 in plain
 * doubles.  Returns hi + lo with hi = e KES_LN2_A + LOG40_HI[j] (a multiple
 * of 2^-40, so a caller can add it exactly to others) and |lo| < 2^-7. */
static inline __attribute__((always_inline)) dd dd_log_lite(double ah, double al)
{
    log_red r = log_reduce(ah);
    double qh = (r.m - r.c) * r.ic, q2 = qh * qh;
    double pl = q2 * ((-0.5 + qh * (1.0 / 3)) + q2 * ((-0.25 + qh * 0.2) + q2 * (-1.0 / 6 + qh * (1.0 / 7))));
    double T = r.de * KES_LN2_A + LOG40_HI[r.j]; /* exact, as above */
    return dd_make(T, (r.de * KES_LN2_B + LOG40_LO[r.j]) + (qh + (al * r.sc * r.ic + pl)));
}

#endif
