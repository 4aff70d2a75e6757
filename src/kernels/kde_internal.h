/* Private helpers shared by the KDE sources (kde.c, kde_bandwidth.c, kde_binned.c). */
#ifndef KES_KERNELS_KDE_INTERNAL_H
#define KES_KERNELS_KDE_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "core/internal.h"
#include "kestrel/kde.h"

#define KES__KDE_PI 3.14159265358979323846
#define KES__KDE_LN2 0.69314718055994530942

/* exp(x) for x <= 0 in a branch-free form the compiler vectorises: x =
 * k ln 2 + r with |r| <= ln2/2 (Cody-Waite, two-part ln 2), exp(r) by a
 * degree-11 polynomial (Chebyshev fit on [-ln2/2, ln2/2], error 3.2e-18,
 * far below the last bit) evaluated in Estrin's scheme (short dependency
 * chains), times 2^k built in the exponent bits.  Arguments below -708
 * (including -Inf) give 0, which is below the last bit of any sum the
 * callers form (each sum has a term equal to 1).  Error about 1 ulp.  Cody
 * & Waite, "Software Manual for the Elementary Functions", Prentice-Hall,
 * 1980, Ch. 6; Estrin's scheme: Knuth, TAOCP vol. 2, Sec. 4.6.4. */
static inline double kes__kde_exp_neg(double x)
{
    const double log2e = 1.4426950408889634074, ln2_hi = 6.93147180369123816490e-01,
                 ln2_lo = 1.90821492927058770002e-10, shifter = 6755399441055744.0; /* 1.5 * 2^52 */
    const double c2 = 0.50000000000000183855, c3 = 0.16666666666666680806, c4 = 0.041666666666488095495,
                 c5 = 0.0083333333333196006109, c6 = 0.0013888888952314774652, c7 = 0.00019841269890047113707,
                 c8 = 0.000024801485482328492419, c9 = 2.7557240918578969823e-6, c10 = 2.7632639639041029749e-7,
                 c11 = 2.5110037605963777712e-8;
    /* clamped (and NaN mapped to 0) so that the exponent bits below stay in
     * range: a NaN or x > 709 made a negative left shift (UB) */
    double xc = x < -708.0 ? -708.0 : x > 709.0 ? 709.0 : x;
    if (xc != xc) xc = 0.0;
    double t = xc * log2e + shifter;
    double kd = t - shifter;
    double r = (xc - kd * ln2_hi) - kd * ln2_lo;
    double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
    double p01 = 1.0 + r, p23 = c2 + c3 * r, p45 = c4 + c5 * r, p67 = c6 + c7 * r, p89 = c8 + c9 * r,
           pab = c10 + c11 * r;
    double p = (p01 + r2 * p23) + r4 * (p45 + r2 * p67) + r8 * (p89 + r2 * pab);
    uint64_t tb, sb;
    memcpy(&tb, &t, sizeof tb);
    memcpy(&sb, &shifter, sizeof sb);
    uint64_t eb = (tb - sb + 1023u) << 52;
    double scale;
    memcpy(&scale, &eb, sizeof scale);
    double v = p * scale;
    return x < -708.0 ? 0.0 : x > 709.0 ? INFINITY : x != x ? x : v;
}

/* log of the normalised kernel profile value, log c_d is NOT included:
 * lk[j] = log k(sqrt(r2[j])) for j < len; -Inf outside a compact support.
 * If phi is not NULL, phi[j] = 2 d(log k)/d(r2) = (d log k / dr) / r, with
 * the value 0 at r = 0 for cusped profiles. */
void kes__kde_log_profile(kes_kde_kernel kern, double power, const double *r2, double *lk, double *phi,
                          int64_t len);

/* Validate kernel/power; KES_OK, KES_EINVAL, KES_ENAN, KES_EDOM. */
kes_status kes__kde_kernel_check(kes_kde_kernel kern, double power);

/* Bandwidth from options: B lower Cholesky factor (d x d, ld d) of H.
 * Scott's rule needs X (n x d, ld ldx) and w (may be NULL); with
 * o->bandwidth == 0 and no vector or matrix, X must be non-NULL.
 * *isdiag = 1 when B is diagonal.  Returns a status. */
kes_status kes__kde_bandwidth_from_opts(const kes_kde_opts *o, int64_t d, const double *X, int64_t n, int64_t ldx,
                                        const double *w, double *B, int *isdiag);

/* Check weights: all finite and >= 0, positive sum.  Writes the sum and the
 * sum of squares when the pointers are not NULL. */
kes_status kes__kde_weights_check(const double *w, int64_t n, double *sum, double *sumsq);

/* Scott's per-coordinate bandwidths without argument checks. */
kes_status kes__kde_scott(const double *X, int64_t n, int64_t d, int64_t ldx, const double *w, double *h);

/* ---- internals shared with the tree, sampling and random-feature sources */

/* Read-only view of a density estimate's private parts (kde.c). */
typedef struct kes__kde_parts {
    int64_t n, d, ldxw;
    kes_kde_kernel kernel;
    double power;
    int isdiag;
    const double *Xw;   /* n x d centred, whitened points, ld ldxw */
    const double *logw; /* n log weights, or NULL for equal weights */
    const double *mu;   /* d, the centre */
    const double *B;    /* d x d lower Cholesky factor of H */
    double lognorm;     /* log c_d - log|B| - log W */
    double logW;        /* log W */
    double rtol, atol;
} kes__kde_parts;
void kes__kde_get_parts(const kes_kde *k, kes__kde_parts *p);

/* Z (rows x d, ld ldz) <- B^{-1}(Z - mu) row by row, as for the points. */
void kes__kde_whiten(const kes_kde *k, double *Z, int64_t rows, int64_t ldz);

/* kd-tree over the whitened points (kde_tree.c). */
typedef struct kes__kde_tree kes__kde_tree;
kes_status kes__kde_tree_build(const double *Xw, int64_t n, int64_t d, int64_t ldxw, const double *logw,
                               kes__kde_tree **t);
void kes__kde_tree_destroy(kes__kde_tree *t);
/* Tolerance-controlled log sums log S_q = log sum_i w_i k(|y~_q - x~_i|)
 * (unnormalised, whitened units) for queries q0 .. q0 + qb - 1 of Yw (ld
 * ldyw), so that |S~ - S| <= exp(logatol) + rtol S.  Handles a prefix of
 * the block and returns its length: it stops after a few queries when the
 * tree costs more than the exact path would; logS[q] is written for the
 * handled queries only. */
/* 0 when a tree over n points in d dimensions cannot pay (high d, few
 * levels; see kde_tree.c), 1 otherwise. */
int kes__kde_tree_precheck(int64_t n, int64_t d);
/* 1 when the tree is expected to beat the exact path on queries like the
 * data: it is tried on 16 of the points themselves. */
int kes__kde_tree_pays(const kes__kde_tree *t, kes_kde_kernel kern, double power, double logatol, double rtol);
int64_t kes__kde_tree_qblock(const kes__kde_tree *t, kes_kde_kernel kern, double power, double logatol, double rtol,
                             double logW, const double *Yw, int64_t ldyw, int64_t q0, int64_t qb, double *logS);

#endif
