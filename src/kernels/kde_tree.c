/*
 * Tolerance-controlled kernel density evaluation on a kd-tree, with every
 * bound carried in log space.
 *
 * Tree: a kd-tree over the centred, whitened points (in whitened
 * coordinates every kernel is isotropic, so Euclidean box distances bound
 * the scaled radius), split at the median of the widest box side down to
 * leaves of at most LEAF points (J. L. Bentley, "Multidimensional binary
 * search trees used for associative searching", CACM 18 (1975) 509-517).
 * Each node stores its bounding box and the log of its total weight.
 *
 * Traversal (single-tree, depth first, nearer child first: A. G. Gray and
 * A. W. Moore, "Nonparametric density estimation: toward computational
 * tractability", SIAM Data Mining 2003).  For a query y and a node N with
 * weight W_N and box distances dmin <= |y - x_i| <= dmax for every x_i in
 * N, every profile here is non-increasing in r, so
 *     W_N k(dmax) <= S_N = sum_{i in N} w_i k(|y - x_i|) <= W_N k(dmin),
 * i.e. S_N lies in [W_N k_lo, W_N k_hi].  A pruned node contributes the
 * midpoint W_N (k_lo + k_hi) / 2, whose error is at most
 * e_N = W_N (k_hi - k_lo) / 2.
 *
 * The guarantee.  Let S = sum over all points, A the absolute tolerance
 * in the same (unnormalised) units and L a lower bound on S: the exact sums
 * of the leaves evaluated so far plus the lower bounds W_N k_lo of the
 * nodes pruned so far (disjoint sets of points), or at the start the
 * root's W k_lo.  L only grows, and tol = A + rtol L <= A + rtol S.  The
 * budget is spent with carry-over (a node may use the share left unused
 * by exactly summed leaves before it): with E the summed e_N of the nodes
 * pruned so far and W_done the weight of every node finished (pruned,
 * summed exactly, or with k_hi = 0), the invariant E <= (W_done / W) tol
 * holds throughout.  A node is pruned only if E + e_N <= ((W_done + W_N) /
 * W) tol, which keeps it; a leaf summed exactly adds weight and no error;
 * a larger L only raises tol.  At the end W_done = W, so
 * |S~ - S| <= E <= tol <= A + rtol S on every query, and multiplying by
 * the normalisation, |p~ - p| <= atol + rtol p.  Only the rounding of the
 * exact leaf sums (about 1e-15 relative) and of the log-space bookkeeping
 * (a few ulps of log S) comes on top; the box distances are widened by
 * 1e-12 relative so that their rounding cannot tighten a bound.
 *
 * Log space: k_lo, k_hi, the weights and all running sums are logarithms
 * and sums are log-sum-exp updates, so nothing underflows however small
 * the density (in d = 16 densities of 1e-18 are common), and no running
 * bound is ever decreased by a subtraction (a subtraction of running
 * bounds is what loses the tolerance when densities span many orders of
 * magnitude).  E is held relative to tol, so it stays <= 1.
 *
 * When the tree cannot pay.  Where most nodes overlap the kernel's range
 * (d >= ~10 at the usual bandwidths, or h large against the spread of the
 * data) pruning saves little and each node costs more than a point of the
 * blocked exact path.  Every query block starts on the tree and counts its
 * work, points evaluated times (d + 4) plus nodes visited times (4 d + 40);
 * after PROBE queries, if the mean exceeds the exact path's work per query,
 * n (d + 4) / (1.5 + d/4) (its GEMM and vectorised exp run that much
 * faster per point, see exact_work), the rest of the block takes the
 * exact path.  The
 * decision depends only on the block's own queries, which are fixed, so
 * the result is the same for any number of threads.  At create time the
 * tree is tried on 16 of the points themselves and dropped if it loses
 * there.  In more than PRECHECK_D dimensions it is not even built unless
 * the tree has at least d levels (n >= LEAF 2^d): with fewer, some box
 * sides are never split and span the whole data, so dmin stays near 0 for
 * every box a query lies beside and no bound is tight enough to prune
 * (the build, O(n d log n), would only add to the exact path's time).
 */
#include <float.h>
#include <math.h>

#include "kernels/kde_internal.h"

#define LEAF 256
#define PROBE 4
#define MAXDEPTH 128
#define PRECHECK_D 8 /* above this dimension the tree is built only where every side can be split */

typedef struct {
    int64_t begin, end;  /* points [begin, end) of the permuted order */
    int64_t left, right; /* children, or -1 for a leaf */
    double logw;         /* log of the node's total weight */
    double wfrac;        /* the node's weight over the total */
} node;

struct kes__kde_tree {
    int64_t n, d, nnodes;
    node *nodes;
    double *lo, *hi; /* nnodes x d boxes, node-major */
    double *P;       /* n x d permuted points, column-major with ld n */
    double *logw;    /* n permuted log weights, or NULL */
};

void kes__kde_tree_destroy(kes__kde_tree *t)
{
    if (!t) return;
    free(t->nodes);
    free(t->lo);
    free(t->hi);
    free(t->P);
    free(t->logw);
    free(t);
}

static double logaddexp(double a, double b)
{
    if (a == -INFINITY) return b;
    if (b == -INFINITY) return a;
    return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b));
}

/* Quickselect: permute key[0..len) (and perm alongside) so that the k-th
 * smallest key is at k, smaller ones before it and larger ones after
 * (Hoare's FIND, CACM 4 (1961) 321-322). */
static void select_k(double *key, int64_t *perm, int64_t len, int64_t k)
{
    int64_t lo = 0, hi = len - 1;
    while (lo < hi) {
        double piv = key[lo + (hi - lo) / 2];
        int64_t i = lo, j = hi;
        while (i <= j) {
            while (key[i] < piv) i++;
            while (key[j] > piv) j--;
            if (i <= j) {
                double tk = key[i];
                key[i] = key[j];
                key[j] = tk;
                int64_t tp = perm[i];
                perm[i] = perm[j];
                perm[j] = tp;
                i++;
                j--;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

kes_status kes__kde_tree_build(const double *Xw, int64_t n, int64_t d, int64_t ldxw, const double *logw,
                               kes__kde_tree **out)
{
    kes__kde_tree *t = calloc(1, sizeof *t);
    if (!t) return KES_ENOMEM;
    /* a median-split tree with leaves of <= LEAF points has fewer than 4 n / LEAF + 2 nodes */
    int64_t cap = 4 * (n / LEAF) + 4;
    size_t nd, cd;
    if (kes__mul_size(n, d, &nd) || kes__mul_size(cap, d, &cd)) {
        free(t);
        return KES_ERANGE;
    }
    t->n = n;
    t->d = d;
    t->nodes = kes__malloc_n((size_t)cap, sizeof *t->nodes);
    t->lo = kes__malloc_n(cd, sizeof *t->lo);
    t->hi = kes__malloc_n(cd, sizeof *t->hi);
    t->P = kes__malloc_n(nd, sizeof *t->P);
    if (logw) t->logw = kes__malloc_n((size_t)n, sizeof *t->logw);
    int64_t *idx = kes__malloc_n((size_t)n, sizeof *idx), *perm = kes__malloc_n((size_t)n, sizeof *perm);
    double *key = kes__malloc_n((size_t)n, sizeof *key), *tmp = kes__malloc_n((size_t)n, sizeof *tmp);
    int64_t *todo = kes__malloc_n((size_t)cap, sizeof *todo), *itmp = (int64_t *)(void *)tmp;
    if (!t->nodes || !t->lo || !t->hi || !t->P || (logw && !t->logw) || !idx || !perm || !key || !tmp || !todo) {
        free(idx), free(perm), free(key), free(tmp), free(todo);
        kes__kde_tree_destroy(t);
        return KES_ENOMEM;
    }
    /* The points are permuted in place in P, node by node, so that every
     * pass over a node reads each coordinate column contiguously (a pass
     * through an index array would miss the cache at every point for
     * large n d). */
    for (int64_t c = 0; c < d; c++) memcpy(t->P + c * n, Xw + c * ldxw, (size_t)n * sizeof *t->P);
    for (int64_t i = 0; i < n; i++) idx[i] = i;
    t->nodes[0] = (node){0, n, -1, -1, 0.0, 0.0};
    t->nnodes = 1;
    int64_t ntodo = 1;
    todo[0] = 0;
    while (ntodo > 0) {
        int64_t id = todo[--ntodo];
        int64_t b = t->nodes[id].begin, e = t->nodes[id].end, len = e - b;
        double *lo = t->lo + id * d, *hi = t->hi + id * d;
        int64_t split = 0;
        double wide = -1.0;
        for (int64_t c = 0; c < d; c++) {
            double mn = INFINITY, mx = -INFINITY;
            const double *col = t->P + c * n + b;
            for (int64_t i = 0; i < len; i++) {
                mn = col[i] < mn ? col[i] : mn;
                mx = col[i] > mx ? col[i] : mx;
            }
            lo[c] = mn;
            hi[c] = mx;
            if (mx - mn > wide) {
                wide = mx - mn;
                split = c;
            }
        }
        if (len <= LEAF || wide <= 0.0) continue;
        memcpy(key, t->P + split * n + b, (size_t)len * sizeof *key);
        for (int64_t i = 0; i < len; i++) perm[i] = i;
        int64_t mid = len / 2;
        select_k(key, perm, len, mid);
        for (int64_t c = 0; c < d; c++) {
            double *col = t->P + c * n + b;
            for (int64_t i = 0; i < len; i++) tmp[i] = col[perm[i]];
            memcpy(col, tmp, (size_t)len * sizeof *tmp);
        }
        for (int64_t i = 0; i < len; i++) itmp[i] = idx[b + perm[i]];
        memcpy(idx + b, itmp, (size_t)len * sizeof *idx);
        int64_t l = t->nnodes, r = t->nnodes + 1;
        t->nnodes += 2;
        t->nodes[l] = (node){b, b + mid, -1, -1, 0.0, 0.0};
        t->nodes[r] = (node){b + mid, e, -1, -1, 0.0, 0.0};
        t->nodes[id].left = l;
        t->nodes[id].right = r;
        todo[ntodo++] = r;
        todo[ntodo++] = l;
    }
    if (logw)
        for (int64_t i = 0; i < n; i++) t->logw[i] = logw[idx[i]];
    /* log node weights, children before parents: nodes are numbered so that
     * children follow their parent, so a reverse sweep sees them first */
    for (int64_t id = t->nnodes - 1; id >= 0; id--) {
        node *nd_ = &t->nodes[id];
        if (nd_->left >= 0) nd_->logw = logaddexp(t->nodes[nd_->left].logw, t->nodes[nd_->right].logw);
        else if (!logw) nd_->logw = log((double)(nd_->end - nd_->begin));
        else {
            double m = -INFINITY, s = 0.0;
            for (int64_t i = nd_->begin; i < nd_->end; i++) m = t->logw[i] > m ? t->logw[i] : m;
            if (m > -INFINITY)
                for (int64_t i = nd_->begin; i < nd_->end; i++) s += exp(t->logw[i] - m);
            nd_->logw = m == -INFINITY ? -INFINITY : m + log(s);
        }
    }
    for (int64_t id = 0; id < t->nnodes; id++) t->nodes[id].wfrac = exp(t->nodes[id].logw - t->nodes[0].logw);
    free(idx), free(perm), free(key), free(tmp), free(todo);
    *out = t;
    return KES_OK;
}

/* log k(sqrt(r2)) for one radius. */
static inline double logk1(kes_kde_kernel kern, double power, double r2)
{
    if (kern == KES_KDE_GAUSSIAN) return -0.5 * r2;
    double v;
    kes__kde_log_profile(kern, power, &r2, &v, NULL, 1);
    return v;
}

/* Squared box distances from y: the nearest and the farthest point of the box. */
static inline void box_dist(const double *lo, const double *hi, const double *y, int64_t d, double *dmin2,
                            double *dmax2)
{
    double a = 0.0, b = 0.0;
    for (int64_t c = 0; c < d; c++) {
        double l = lo[c] - y[c], h = y[c] - hi[c];
        double near = l > 0.0 ? l : (h > 0.0 ? h : 0.0);
        double al = fabs(l), ah = fabs(h), far = al > ah ? al : ah;
        a += near * near;
        b += far * far;
    }
    *dmin2 = a * (1.0 - 1e-12);
    *dmax2 = b * (1.0 + 1e-12);
}

typedef struct {
    int64_t id;
    double lk_lo, lk_hi; /* log k at dmax and at dmin */
} entry;

/* Running log-sum-exp: value m + log(s). */
typedef struct {
    double m, s;
} lse;

static inline void lse_add(lse *a, double t)
{
    if (t == -INFINITY) return;
    if (t <= a->m) a->s += exp(t - a->m);
    else {
        a->s = a->m == -INFINITY ? 1.0 : a->s * exp(a->m - t) + 1.0;
        a->m = t;
    }
}

static inline double lse_val(const lse *a) { return a->m == -INFINITY ? -INFINITY : a->m + log(a->s); }

static inline entry make_entry(const kes__kde_tree *t, int64_t id, kes_kde_kernel kern, double power,
                               const double *y, double *dmin2)
{
    double dmax2;
    box_dist(t->lo + id * t->d, t->hi + id * t->d, y, t->d, dmin2, &dmax2);
    return (entry){id, logk1(kern, power, dmax2), logk1(kern, power, *dmin2)};
}

/* As in kde.c: the hot loop compiled for AVX2 + FMA and the baseline. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12 && !defined(KES_NO_TARGET_CLONES)
#define HOT_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define HOT_CLONES
#endif

/* log of the exact sum over one leaf's points [b, e), added to acc. */
HOT_CLONES static void leaf_sum(const kes__kde_tree *t, kes_kde_kernel kern, double power, const double *y, int64_t b, int64_t e,
                     double *buf, lse *acc)
{
    int64_t d = t->d;
    for (; b < e; b += LEAF) {
        int64_t len = e - b < LEAF ? e - b : LEAF;
        double *r2 = buf, *lk = buf + LEAF;
        for (int64_t i = 0; i < len; i++) r2[i] = 0.0;
        for (int64_t c = 0; c < d; c++) {
            const double *x = t->P + c * t->n + b, yc = y[c];
#pragma omp simd
            for (int64_t i = 0; i < len; i++) {
                double u = x[i] - yc;
                r2[i] += u * u;
            }
        }
        if (kern == KES_KDE_GAUSSIAN)
#pragma omp simd
            for (int64_t i = 0; i < len; i++) lk[i] = -0.5 * r2[i];
        else kes__kde_log_profile(kern, power, r2, lk, NULL, len);
        if (t->logw)
            for (int64_t i = 0; i < len; i++) lk[i] += t->logw[b + i];
        double mx = -INFINITY;
#pragma omp simd reduction(max : mx)
        for (int64_t i = 0; i < len; i++) mx = lk[i] > mx ? lk[i] : mx;
        if (mx == -INFINITY) continue;
        if (mx > acc->m) {
            acc->s = acc->m == -INFINITY ? 0.0 : acc->s * exp(acc->m - mx);
            acc->m = mx;
        }
        double s = 0.0, m = acc->m;
#pragma omp simd reduction(+ : s)
        for (int64_t i = 0; i < len; i++) s += kes__kde_exp_neg(lk[i] - m);
        acc->s += s;
    }
}

/* One query: returns log S~ and adds its work to *cost.  The budget
 * with carry-over of the file's head: E, held as E / tol, and W_done / W
 * as `done`. */
static double tree_query(const kes__kde_tree *t, kes_kde_kernel kern, double power, double logatol, double logrtol,
                         const double *y, double *buf, double *cost)
{
    const double ln2 = KES__KDE_LN2, log1m_inv_e = -0.45867514538708189; /* log(1 - 1/e) */
    entry st[MAXDEPTH];
    int64_t top = 0, npts = 0, nnod = 0;
    lse exact = {-INFINITY, 0.0}, pr_est = {-INFINITY, 0.0}, pr_lo = {-INFINITY, 0.0};
    double dmin2, done = 0.0, Erel = 0.0;
    st[top++] = make_entry(t, 0, kern, power, y, &dmin2);
    double logL = t->nodes[0].logw + st[0].lk_lo;
    double logtol = logaddexp(logatol, logrtol + logL);
    while (top > 0) {
        entry e = st[--top];
        const node *N = &t->nodes[e.id];
        nnod++;
        if (e.lk_hi == -INFINITY || N->logw == -INFINITY) { /* contributes exactly 0 */
            done += N->wfrac;
            continue;
        }
        /* log e_N = log W_N + log(k_hi - k_lo) - log 2; expand at once
         * where even a lower estimate of it exceeds the whole budget */
        double lgap = N->logw + e.lk_hi - ln2;
        int prune = 0;
        if (!(e.lk_hi - e.lk_lo >= 1.0 && lgap + log1m_inv_e > logtol)) {
            if (e.lk_lo > -INFINITY) lgap += log1p(-exp(e.lk_lo - e.lk_hi));
            double r = lgap == -INFINITY ? 0.0 : exp(lgap - logtol);
            if (r + Erel <= done + N->wfrac) {
                prune = 1;
                Erel += r;
            }
        }
        if (prune) {
            double mid = e.lk_lo == -INFINITY ? e.lk_hi - ln2 : e.lk_hi + log1p(exp(e.lk_lo - e.lk_hi)) - ln2;
            lse_add(&pr_est, N->logw + mid);
            lse_add(&pr_lo, N->logw + e.lk_lo);
            done += N->wfrac;
            continue;
        }
        if (N->left < 0) {
            leaf_sum(t, kern, power, y, N->begin, N->end, buf, &exact);
            npts += N->end - N->begin;
            done += N->wfrac;
            /* a tighter lower bound, a larger budget */
            double nl = logaddexp(lse_val(&exact), lse_val(&pr_lo));
            if (nl > logL) {
                logL = nl;
                double nt = logaddexp(logatol, logrtol + logL);
                Erel *= exp(logtol - nt);
                logtol = nt;
            }
            continue;
        }
        /* the farther child waits; the nearer one goes on top */
        double d0, d1;
        entry c0 = make_entry(t, N->left, kern, power, y, &d0);
        entry c1 = make_entry(t, N->right, kern, power, y, &d1);
        st[top++] = d0 <= d1 ? c1 : c0;
        st[top++] = d0 <= d1 ? c0 : c1;
    }
    *cost += (double)npts * ((double)t->d + 4.0) + (double)nnod * (4.0 * (double)t->d + 40.0);
    return logaddexp(lse_val(&exact), lse_val(&pr_est));
}

/* The exact path's work per query in the tree's units: its blocked GEMM
 * and vectorised exp do a point in 1 / (1.5 + d/4) of the tree's time per
 * point (measured for d = 1 .. 8 with leaves of 256 points: 1.1 to 3.3;
 * the tree's passes over its leaves stream the data once per query, the
 * exact path once per block of 128 queries). */
static double exact_work(int64_t n, int64_t d) { return (double)n * ((double)d + 4.0) / (1.5 + 0.25 * (double)d); }

int64_t kes__kde_tree_qblock(const kes__kde_tree *t, kes_kde_kernel kern, double power, double logatol, double rtol,
                             double logW, const double *Yw, int64_t ldyw, int64_t q0, int64_t qb, double *logS)
{
    int64_t d = t->d;
    double y[64], *yv = d <= 64 ? y : kes__malloc_n((size_t)d, sizeof *yv);
    double buf[2 * LEAF];
    if (!yv) return 0;
    double logrtol = rtol > 0.0 ? log(rtol) : -INFINITY;
    double cost = 0.0, exact = exact_work(t->n, d);
    int64_t q;
    for (q = 0; q < qb; q++) {
        if (q == PROBE && cost > exact * (double)PROBE) break;
        for (int64_t c = 0; c < d; c++) yv[c] = Yw[q0 + q + c * ldyw];
        logS[q0 + q] = tree_query(t, kern, power, logatol, logrtol, yv, buf, &cost);
    }
    if (yv != y) free(yv);
    return q;
}

int kes__kde_tree_pays(const kes__kde_tree *t, kes_kde_kernel kern, double power, double logatol, double rtol)
{
    int64_t d = t->d, n = t->n, np = n < 16 ? n : 16;
    double y[64], *yv = d <= 64 ? y : kes__malloc_n((size_t)d, sizeof *yv);
    double buf[2 * LEAF];
    if (!yv) return 0;
    double logrtol = rtol > 0.0 ? log(rtol) : -INFINITY;
    double cost = 0.0, exact = exact_work(n, d);
    for (int64_t k = 0; k < np; k++) {
        /* the permuted order is spatial: evenly spaced positions in it
         * spread the trial queries over the data */
        int64_t i = (2 * k + 1) * n / (2 * np);
        for (int64_t c = 0; c < d; c++) yv[c] = t->P[i + c * n];
        (void)tree_query(t, kern, power, logatol, logrtol, yv, buf, &cost);
        if (cost > exact * (double)np) break; /* already lost: stop paying for the trial */
    }
    if (yv != y) free(yv);
    return cost <= exact * (double)np;
}

int kes__kde_tree_precheck(int64_t n, int64_t d)
{
    if (d <= PRECHECK_D) return 1;
    /* median splits down to leaves of LEAF points give log2(n / LEAF)
     * levels; with fewer levels than coordinates some box sides are never
     * split and keep the whole range of the data */
    return log2((double)n / LEAF) >= (double)d;
}
