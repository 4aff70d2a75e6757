/*
 * Maximum mean discrepancy between weighted point sets, and kernel
 * thinning: KT-SPLIT (a binary tree of self-balancing Hilbert walks that
 * halves the input m times) followed by KT-SWAP (pick the best of the
 * candidate coresets, then greedy point swaps that lower the MMD to the
 * input).
 *
 * MMD: A. Gretton, K. M. Borgwardt, M. J. Rasch, B. Schoelkopf and
 * A. Smola, "A kernel two-sample test", JMLR 13 (2012) 723-773, eqs. (2)
 * (V-statistic) and (3) (U-statistic).  Kernel thinning: R. Dwivedi and
 * L. Mackey, "Kernel thinning", COLT 2021 (Algorithms 1a and 1b, the
 * square-root kernel for the split); target kernel and KT+: R. Dwivedi and
 * L. Mackey, "Generalized kernel thinning", ICLR 2022 (the split run with
 * the target kernel k itself, or with k + k_rt).  The walk's threshold and
 * variance proxy follow the self-balancing walk of R. Alweiss, Y. P. Liu and
 * M. Sawhney, "Discrepancy minimization via a self-balancing walk", STOC
 * 2021.
 */
#include <float.h>
#include <math.h>

#include "kernels/kde_internal.h"

kes_kde_mmd_opts kes_kde_mmd_opts_default(void)
{
    kes_kde_mmd_opts o;
    memset(&o, 0, sizeof o);
    o.kernel = KES_KDE_GAUSSIAN;
    o.power = 2.0;
    o.bandwidth = 1.0;
    o.unbiased = 0;
    return o;
}

kes_kde_thin_opts kes_kde_thin_opts_default(void)
{
    kes_kde_thin_opts o;
    memset(&o, 0, sizeof o);
    o.kernel = KES_KDE_GAUSSIAN;
    o.power = 2.0;
    o.bandwidth = 1.0;
    o.split = KES_KDE_THIN_TARGET;
    o.delta = 0.5;
    o.swap = 1;
    return o;
}

/* A kernel k(x, y) = k_prof(|x - y| / h), with k_prof the profile of
 * kes_kde_kernel (k_prof(0) = 1, 1/4 for the logistic), plus, when root is
 * set, the Gaussian square-root kernel exp(-|x - y|^2 / h^2) (rootonly:
 * that alone). */
typedef struct {
    kes_kde_kernel kern;
    double power, inv_h;
    int root, rootonly;
} kspec;

/* out[j] = k(z, x_j) for the cnt points X[idx[j]] (idx NULL: rows 0..cnt-1)
 * of X (ld ldx); r2 is scratch of cnt doubles.  Distances by differences
 * (no cancellation) of coordinates scaled by 1/h first, so that neither
 * |x - y|^2 nor h^2 overflows or underflows on its own. */
static void kvals(const kspec *k, const double *z, const double *X, int64_t ldx, int64_t d, const int64_t *idx,
                  int64_t cnt, double *r2, double *out)
{
    for (int64_t j = 0; j < cnt; j++) r2[j] = 0.0;
    for (int64_t a = 0; a < d; a++) {
        const double *c = X + a * ldx;
        double za = z[a] * k->inv_h, ih = k->inv_h;
        if (idx) {
            for (int64_t j = 0; j < cnt; j++) {
                double t = c[idx[j]] * ih - za;
                r2[j] += t * t;
            }
        } else {
#pragma omp simd
            for (int64_t j = 0; j < cnt; j++) {
                double t = c[j] * ih - za;
                r2[j] += t * t;
            }
        }
    }
    if (k->rootonly) {
#pragma omp simd
        for (int64_t j = 0; j < cnt; j++) out[j] = kes__kde_exp_neg(-r2[j]);
        return;
    }
    if (k->kern == KES_KDE_GAUSSIAN) {
#pragma omp simd
        for (int64_t j = 0; j < cnt; j++) out[j] = kes__kde_exp_neg(-0.5 * r2[j]);
    } else {
        kes__kde_log_profile(k->kern, k->power, r2, out, NULL, cnt);
        for (int64_t j = 0; j < cnt; j++) out[j] = exp(out[j]);
    }
    if (k->root)
        for (int64_t j = 0; j < cnt; j++) out[j] += kes__kde_exp_neg(-r2[j]);
}

static double kself(const kspec *k)
{
    double r2 = 0.0, v;
    if (k->rootonly) return 1.0;
    kes__kde_log_profile(k->kern, k->power, &r2, &v, NULL, 1);
    return exp(v) + (k->root ? 1.0 : 0.0);
}

static kes_status points_ok(const double *X, int64_t n, int64_t d, int64_t ldx)
{
    if (!X) return KES_EINVAL;
    if (n < 1 || d < 1 || ldx < n) return KES_EDIM;
    for (int64_t a = 0; a < d; a++)
        if (!kes__all_finite(X + a * ldx, (size_t)n)) return KES_ENAN;
    return KES_OK;
}

/* Normalised weights a_i = w_i / sum w (or 1/n) and sum a_i^2. */
static kes_status norm_weights(const double *w, int64_t n, double *a, double *sq)
{
    double W = (double)n;
    if (w) {
        kes_status s = kes__kde_weights_check(w, n, &W, NULL);
        if (s) return s;
    }
    double s2 = 0.0;
    for (int64_t i = 0; i < n; i++) {
        a[i] = (w ? w[i] : 1.0) / W;
        s2 += a[i] * a[i];
    }
    *sq = s2;
    return KES_OK;
}

/* rs[i] = a_i sum_j b_j k(x_i, y_j) (a or b NULL: all 1), without the
 * j == i term when diag == 0 (X == Y, b given); one row per iteration, so rs[i] does
 * not depend on the thread count.  Returns nonzero when a thread's buffer
 * could not be allocated (rs is then incomplete).  Serves cross_sum and the
 * KT-SWAP target mu(z). */
static int row_sums(const kspec *k, const double *X, int64_t n, int64_t ldx, const double *a, const double *Y,
                    int64_t m, int64_t ldy, const double *b, int64_t d, int diag, double *rs)
{
    int fail = 0;
#pragma omp parallel reduction(| : fail)
    {
        double *buf = kes__malloc_n((size_t)m * 2 + (size_t)d, sizeof *buf);
        if (!buf) fail = 1;
#pragma omp for schedule(dynamic, 8)
        for (int64_t i = 0; i < n; i++) {
            if (!buf) continue;
            double *z = buf + 2 * m;
            for (int64_t c = 0; c < d; c++) z[c] = X[i + c * ldx];
            kvals(k, z, Y, ldy, d, NULL, m, buf, buf + m);
            double s = 0.0;
            if (b)
                for (int64_t j = 0; j < m; j++) s += b[j] * buf[m + j];
            else
                for (int64_t j = 0; j < m; j++) s += buf[m + j];
            if (!diag) s -= b[i] * buf[m + i];
            rs[i] = a ? a[i] * s : s;
        }
        free(buf);
    }
    return fail;
}

/* sum_ij a_i b_j k(x_i, y_j), without the diagonal when diag == 0 (X == Y),
 * row partials summed in a fixed order (the same for any thread count). */
static kes_status cross_sum(const kspec *k, const double *X, int64_t n, int64_t ldx, const double *a, const double *Y,
                            int64_t m, int64_t ldy, const double *b, int64_t d, int diag, double *out)
{
    double *part = kes__malloc_n((size_t)n, sizeof *part);
    if (!part) return KES_ENOMEM;
    int fail = row_sums(k, X, n, ldx, a, Y, m, ldy, b, d, diag, part);
    double s = 0.0;
    for (int64_t i = 0; i < n; i++) s += part[i];
    free(part);
    if (fail) return KES_ENOMEM;
    *out = s;
    return KES_OK;
}

static kes_status kspec_make(kes_kde_kernel kern, double power, double h, kspec *k)
{
    kes_status s = kes__kde_kernel_check(kern, power);
    if (s) return s;
    if (isnan(h) || isinf(h)) return KES_ENAN;
    if (!(h > 0.0)) return KES_EDOM;
    double ih = 1.0 / h;
    if (!isfinite(ih)) return KES_ERANGE; /* h below 1/DBL_MAX */
    k->kern = kern;
    k->power = power;
    k->inv_h = ih;
    k->root = k->rootonly = 0;
    return KES_OK;
}

kes_status kes_kde_mmd(const double *X, int64_t n, int64_t ldx, const double *wx, const double *Y, int64_t m,
                       int64_t ldy, const double *wy, int64_t d, const kes_kde_mmd_opts *o, double *mmd2)
{
    kes_kde_mmd_opts def = kes_kde_mmd_opts_default();
    if (!o) o = &def;
    if (!mmd2) return KES_EINVAL;
    kes_status s;
    if ((s = points_ok(X, n, d, ldx)) || (s = points_ok(Y, m, d, ldy))) return s;
    if (o->unbiased != 0 && o->unbiased != 1) return KES_EINVAL;
    kspec k;
    if ((s = kspec_make(o->kernel, o->power, o->bandwidth, &k))) return s;
    double *a = kes__malloc_n((size_t)n, sizeof *a), *b = kes__malloc_n((size_t)m, sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return KES_ENOMEM;
    }
    double sa, sb, kxx, kyy, kxy;
    if ((s = norm_weights(wx, n, a, &sa)) || (s = norm_weights(wy, m, b, &sb))) goto done;
    if (o->unbiased && (!(sa < 1.0 - 1e-15) || !(sb < 1.0 - 1e-15))) {
        s = KES_EDOM; /* one point (or one nonzero weight) leaves no pairs */
        goto done;
    }
    if ((s = cross_sum(&k, X, n, ldx, a, X, n, ldx, a, d, !o->unbiased, &kxx)) ||
        (s = cross_sum(&k, Y, m, ldy, b, Y, m, ldy, b, d, !o->unbiased, &kyy)) ||
        (s = cross_sum(&k, X, n, ldx, a, Y, m, ldy, b, d, 1, &kxy)))
        goto done;
    if (o->unbiased) {
        kxx /= 1.0 - sa;
        kyy /= 1.0 - sb;
    }
    *mmd2 = kxx + kyy - 2.0 * kxy;
done:
    free(a);
    free(b);
    return s;
}

/* ------------------------------------------------------------ kernel thinning */

/* KT-SPLIT on the first np = nout 2^m points: coreset (j, l), j = 1..m,
 * l = 0..2^j-1, holds its indices at cs[j][l cap_j ..], cap_j = np / 2^j.
 * When the parent (j-1, l) has received two new points x, x' (at pair i
 * with i divisible by 2^(j-1)), the walk of that parent, with value
 * alpha = sum_{c1} (k(y,x) - k(y,x')) - sum_{c2} (k(y,x) - k(y,x')), sends
 * x to child 2l and x' to 2l+1 with probability (1 - alpha / a) / 2
 * (clipped to [0, 1]), else the other way; the threshold is
 * a = max(b sigma sqrt(2 log(2/delta_j)), b^2), b^2 = |k(x,.) - k(x',.)|^2,
 * and the variance proxy grows by b^2 (1 + (b^2 - 2a) sigma^2 / a^2)_+;
 * delta_j = delta 2^(j-1) / (m np) spreads the failure probability over the
 * halvings (Dwivedi & Mackey 2021, Alg. 1a). */
static kes_status kt_split(const kspec *k, const double *X, int64_t ldx, int64_t d, int64_t np, int m, double delta,
                           kes_rng *rng, int64_t **cs)
{
    int64_t nsig = ((int64_t)1 << m);
    double *sig = calloc((size_t)nsig, sizeof *sig); /* sigma^2 of parent (j-1, l) at index 2^(j-1) + l - 1 */
    int64_t *cnt = calloc((size_t)nsig * 2, sizeof *cnt); /* size of coreset (j, l) at 2^j + l - 1 */
    double *buf = kes__malloc_n((size_t)np * 4 + (size_t)d * 2, sizeof *buf);
    if (!sig || !cnt || !buf) {
        free(sig);
        free(cnt);
        free(buf);
        return KES_ENOMEM;
    }
    double kxx = kself(k);
    double *zx = buf + 4 * np, *zy = zx + d;
    for (int64_t i = 1; i <= np / 2; i++) {
        for (int j = 1; j <= m; j++) {
            int64_t step = (int64_t)1 << (j - 1);
            if (i % step) break; /* deeper levels wait too */
            int64_t nparent = (int64_t)1 << (j - 1), cap = np >> j;
            for (int64_t l = 0; l < nparent; l++) {
                int64_t x, xp;
                if (j == 1) {
                    x = 2 * i - 2;
                    xp = 2 * i - 1;
                } else {
                    int64_t pc = cnt[((int64_t)1 << (j - 1)) + l - 1], pcap = np >> (j - 1);
                    x = cs[j - 1][l * pcap + pc - 2];
                    xp = cs[j - 1][l * pcap + pc - 1];
                }
                int64_t *c1 = cs[j] + 2 * l * cap, *c2 = cs[j] + (2 * l + 1) * cap;
                int64_t *n1 = &cnt[((int64_t)1 << j) + 2 * l - 1], *n2 = &cnt[((int64_t)1 << j) + 2 * l];
                for (int64_t a = 0; a < d; a++) {
                    zx[a] = X[x + a * ldx];
                    zy[a] = X[xp + a * ldx];
                }
                double kxy;
                kvals(k, zx, X, ldx, d, &xp, 1, buf, &kxy);
                double alpha = 0.0;
                if (*n1 > 0) {
                    kvals(k, zx, X, ldx, d, c1, *n1, buf, buf + np);
                    kvals(k, zy, X, ldx, d, c1, *n1, buf, buf + 2 * np);
                    for (int64_t q = 0; q < *n1; q++) alpha += buf[np + q] - buf[2 * np + q];
                }
                if (*n2 > 0) {
                    kvals(k, zx, X, ldx, d, c2, *n2, buf, buf + np);
                    kvals(k, zy, X, ldx, d, c2, *n2, buf, buf + 2 * np);
                    for (int64_t q = 0; q < *n2; q++) alpha -= buf[np + q] - buf[2 * np + q];
                }
                double b2 = fmax(2.0 * kxx - 2.0 * kxy, 0.0);
                double *s2 = &sig[nparent + l - 1];
                double dj = delta * (double)step / ((double)m * (double)np);
                double thr = fmax(sqrt(b2 * *s2 * 2.0 * log(2.0 / dj)), b2);
                double pplus = 0.5;
                if (thr > 0.0) {
                    *s2 += fmax(0.0, b2 * (1.0 + (b2 - 2.0 * thr) * *s2 / (thr * thr)));
                    pplus = fmin(1.0, fmax(0.0, 0.5 * (1.0 - alpha / thr)));
                }
                double u = kes_rng_uniform(rng);
                if (u < pplus) {
                    c1[(*n1)++] = x;
                    c2[(*n2)++] = xp;
                } else {
                    c1[(*n1)++] = xp;
                    c2[(*n2)++] = x;
                }
            }
        }
    }
    free(sig);
    free(cnt);
    free(buf);
    return KES_OK;
}

/* MMD^2 to the input up to the constant sum_ij k(x_i,x_j)/n^2:
 * (1/s^2) sum_ab k(q_a, q_b) - (2/s) sum_a mu(q_a), mu(z) = (1/n) sum_i k(z, x_i). */
static double coreset_score(const kspec *k, const double *X, int64_t ldx, int64_t d, const int64_t *q, int64_t s,
                            const double *mu, double *buf)
{
    double g = 0.0, lin = 0.0, *z = buf + 2 * s;
    for (int64_t a = 0; a < s; a++) {
        for (int64_t c = 0; c < d; c++) z[c] = X[q[a] + c * ldx];
        kvals(k, z, X, ldx, d, q, s, buf, buf + s);
        for (int64_t b = 0; b < s; b++) g += buf[s + b];
        lin += mu[q[a]];
    }
    double ds = (double)s;
    return g / (ds * ds) - 2.0 * lin / ds;
}

kes_status kes_kde_thin(const double *X, int64_t n, int64_t d, int64_t ldx, int64_t nout, const kes_kde_thin_opts *o,
                        kes_rng *rng, int64_t *idx)
{
    kes_kde_thin_opts def = kes_kde_thin_opts_default();
    if (!o) o = &def;
    if (!idx || !rng) return KES_EINVAL;
    kes_status s = points_ok(X, n, d, ldx);
    if (s) return s;
    if (nout < 1 || nout > n) return KES_EDIM;
    if ((int)o->split < KES_KDE_THIN_TARGET || (int)o->split > KES_KDE_THIN_PLUS) return KES_EINVAL;
    if (o->swap != 0 && o->swap != 1) return KES_EINVAL;
    if (isnan(o->delta)) return KES_ENAN;
    if (!(o->delta > 0.0 && o->delta < 1.0)) return KES_EDOM;
    kspec kt, ks;
    if ((s = kspec_make(o->kernel, o->power, o->bandwidth, &kt))) return s;
    if (o->split != KES_KDE_THIN_TARGET && o->kernel != KES_KDE_GAUSSIAN) return KES_ENOTSUP;
    ks = kt;
    ks.root = o->split == KES_KDE_THIN_PLUS;
    ks.rootonly = o->split == KES_KDE_THIN_ROOT;
    int m = 0;
    while (m < 62 && (nout << (m + 1)) <= n && (nout << (m + 1)) > 0) m++;
    int64_t np = nout << m;
    if (m == 0 && !o->swap) { /* nothing to halve or swap: the first nout points */
        for (int64_t a = 0; a < nout; a++) idx[a] = a;
        return KES_OK;
    }
    int64_t **cs = calloc((size_t)m + 1, sizeof *cs);
    int64_t *cand = kes__malloc_n((size_t)nout, sizeof *cand), *best = kes__malloc_n((size_t)nout, sizeof *best);
    double *mu = NULL, *buf = NULL, *cs_sum = NULL;
    s = KES_ENOMEM;
    if (!cs || !cand || !best) goto done;
    for (int j = 1; j <= m; j++)
        if (!(cs[j] = kes__malloc_n((size_t)np, sizeof *cs[j]))) goto done;
    if (m > 0 && (s = kt_split(&ks, X, ldx, d, np, m, o->delta, rng, cs))) goto done;
    if (!o->swap) {
        /* KT-SPLIT alone: the first coreset of the last level */
        memcpy(best, cs[m], (size_t)nout * sizeof *best);
        memcpy(idx, best, (size_t)nout * sizeof *idx);
        s = KES_OK;
        goto done;
    }
    /* KT-SWAP, target kernel: mu(z) for every input point (all n, not only
     * the np split), the best candidate among the 2^m coresets and the
     * standard thinning of every 2^m-th point, then one greedy pass. */
    mu = kes__malloc_n((size_t)n, sizeof *mu);
    if (!mu) goto done;
    if (row_sums(&kt, X, n, ldx, NULL, X, n, ldx, NULL, d, 1, mu)) goto done;
    for (int64_t i = 0; i < n; i++) mu[i] /= (double)n;
    size_t bl = (size_t)(n > nout ? n : nout) * 3 + (size_t)d;
    buf = kes__malloc_n(bl, sizeof *buf);
    cs_sum = kes__malloc_n((size_t)n, sizeof *cs_sum);
    if (!buf || !cs_sum) goto done;
    double bs = INFINITY;
    int64_t ncand = m > 0 ? ((int64_t)1 << m) : 0;
    for (int64_t c = 0; c <= ncand; c++) {
        if (c < ncand) memcpy(cand, cs[m] + c * nout, (size_t)nout * sizeof *cand);
        else
            for (int64_t a = 0; a < nout; a++) cand[a] = (a + 1) * ((int64_t)1 << m) - 1; /* a when m = 0 */
        double v = coreset_score(&kt, X, ldx, d, cand, nout, mu, buf);
        if (v < bs) {
            bs = v;
            memcpy(best, cand, (size_t)nout * sizeof *best);
        }
    }
    /* cs_sum[z] = sum_b k(z, q_b) over the current coreset */
    double *z = buf + 2 * (size_t)(n > nout ? n : nout);
    for (int64_t i = 0; i < n; i++) cs_sum[i] = 0.0;
    for (int64_t b = 0; b < nout; b++) {
        for (int64_t c = 0; c < d; c++) z[c] = X[best[b] + c * ldx];
        kvals(&kt, z, X, ldx, d, NULL, n, buf, buf + n);
        for (int64_t i = 0; i < n; i++) cs_sum[i] += buf[n + i];
    }
    double kzz = kself(&kt), ds = (double)nout;
    for (int64_t a = 0; a < nout; a++) {
        /* replacing q_a by z changes the score by
         * (2 (cs_sum[z] - k(z, q_a)) + k(z,z)) / s^2 - 2 mu(z) / s minus the same for q_a */
        int64_t qa = best[a];
        for (int64_t c = 0; c < d; c++) z[c] = X[qa + c * ldx];
        kvals(&kt, z, X, ldx, d, NULL, n, buf, buf + n); /* k(z, q_a) for all z */
        double cur = (2.0 * (cs_sum[qa] - kzz) + kzz) / (ds * ds) - 2.0 * mu[qa] / ds, bv = cur;
        int64_t bz = qa;
        for (int64_t i = 0; i < n; i++) {
            double v = (2.0 * (cs_sum[i] - buf[n + i]) + kzz) / (ds * ds) - 2.0 * mu[i] / ds;
            if (v < bv) {
                bv = v;
                bz = i;
            }
        }
        if (bz != qa) {
            for (int64_t i = 0; i < n; i++) cs_sum[i] -= buf[n + i];
            for (int64_t c = 0; c < d; c++) z[c] = X[bz + c * ldx];
            kvals(&kt, z, X, ldx, d, NULL, n, buf, buf + n);
            for (int64_t i = 0; i < n; i++) cs_sum[i] += buf[n + i];
            best[a] = bz;
        }
    }
    memcpy(idx, best, (size_t)nout * sizeof *idx);
    s = KES_OK;
done:
    if (cs)
        for (int j = 0; j <= m; j++) free(cs[j]);
    free(cs);
    free(cand);
    free(best);
    free(mu);
    free(buf);
    free(cs_sum);
    return s;
}
