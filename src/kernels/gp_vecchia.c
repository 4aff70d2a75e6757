/*
 * Vecchia / nearest-neighbour sparse inverse Cholesky approximation of a GP.
 *
 * A. V. Vecchia, "Estimation and model identification for continuous
 * spatial processes", J. R. Stat. Soc. B 50 (1988) 297-312: p(y) ~
 * prod_i p(y_i | y_c(i)) with c(i) a few previously ordered points.
 * M. Katzfuss and J. Guinness, "A general framework for Vecchia
 * approximations of Gaussian processes", Statistical Science 36 (2021)
 * 124-141: maximin ordering and nearest previous neighbours; J. Guinness,
 * "Permutation and grouping methods for sharpening Gaussian process
 * approximations", Technometrics 60 (2018) 415-429 (why maximin).
 * F. Schaefer, M. Katzfuss and H. Owhadi, "Sparse Cholesky factorization by
 * Kullback-Leibler minimization", SIAM J. Sci. Comput. 43 (2021): the rows
 * 1/sqrt(d_i), -b_i/sqrt(d_i) are the KL-optimal sparse inverse Cholesky
 * factor on this pattern.
 *
 * Row i, with A = K_cc + n2 I (|c| x |c|), k = K_ci, kii = s2 + n2:
 *   b = A^-1 k,  w = A^-1 y_c,  d = kii - k^T b,  r = y_i - k^T w,
 *   term_i = -1/2 log(2 pi d) - r^2 / (2 d),
 * and for a hyperparameter with derivatives dA, dk, dkii:
 *   dd = dkii - 2 dk^T b + b^T dA b,   dr = -(dk^T w - b^T dA w),
 *   dterm_i = -dd / (2 d) + r^2 dd / (2 d^2) - r dr / d.
 * b^T dA b and b^T dA w are accumulated over the pairs of c, recomputing
 * the kernel and all its derivatives once per pair (no dA is stored).
 *
 * Maximin ordering: exact, with a max-heap of each unchosen point's squared
 * distance to the chosen set and kd-tree ball queries around each newly
 * chosen point (only points within that point's own distance can get
 * closer).  Ordered neighbours: rows [2^k, 2^(k+1)) query a kd-tree over
 * the ordered prefix 0..2^(k+1)-1 whose nodes carry the smallest order
 * index below them, for the m nearest points of smaller index (ties by
 * index), in parallel over rows.
 *
 * Determinism: each row's result depends only on its own data; rows are
 * reduced in index order, so every thread count gives the same bits.  The
 * small dense algebra is done here (no BLAS calls inside threads).
 */
#include <float.h>
#include <math.h>

#include "kernels/gp_scal_internal.h"

#define LEAF 8
#define VMAXD 64
#define PMAX (VMAXD + 3) /* most hyperparameters: RQ ARD in VMAXD dimensions */

/* ------------------------------------------------------------ kd-tree */

typedef struct kdnode {
    int64_t lo, hi;    /* points idx[lo..hi) */
    int64_t left, right; /* children, -1 for a leaf */
    int64_t minid;     /* smallest point id below */
} kdnode;

typedef struct kdtree {
    int64_t n, d, nnodes;
    const double *X;   /* n x d row-major */
    int64_t *idx;
    kdnode *nodes;
    double *bmin, *bmax; /* nnodes x d */
} kdtree;

static void kd_free(kdtree *t)
{
    free(t->idx), free(t->nodes), free(t->bmin), free(t->bmax);
    memset(t, 0, sizeof *t);
}

/* quickselect: put the k-th smallest (by coordinate c, ties by id) of idx[lo..hi) at k */
static void kd_select(const double *X, int64_t d, int64_t *idx, int64_t lo, int64_t hi, int64_t k, int64_t c)
{
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        int64_t pv = idx[mid];
        double pvv = X[pv * d + c];
        /* three-way partition around (pvv, pv) */
        int64_t i = lo, lt = lo, gt = hi;
        while (i < gt) {
            double v = X[idx[i] * d + c];
            int less = v < pvv || (v == pvv && idx[i] < pv), greater = v > pvv || (v == pvv && idx[i] > pv);
            if (less) {
                int64_t t = idx[lt];
                idx[lt++] = idx[i], idx[i++] = t;
            } else if (greater) {
                int64_t t = idx[--gt];
                idx[gt] = idx[i], idx[i] = t;
            } else {
                i++;
            }
        }
        if (k < lt) hi = lt;
        else if (k >= gt) lo = gt;
        else return;
    }
}

static int64_t kd_build_rec(kdtree *t, int64_t lo, int64_t hi)
{
    int64_t id = t->nnodes++, d = t->d;
    kdnode *nd = &t->nodes[id];
    nd->lo = lo, nd->hi = hi, nd->left = nd->right = -1;
    double *mn = t->bmin + id * d, *mx = t->bmax + id * d;
    int64_t minid = INT64_MAX;
    for (int64_t c = 0; c < d; c++) mn[c] = INFINITY, mx[c] = -INFINITY;
    for (int64_t k = lo; k < hi; k++) {
        const double *x = t->X + t->idx[k] * d;
        for (int64_t c = 0; c < d; c++) mn[c] = fmin(mn[c], x[c]), mx[c] = fmax(mx[c], x[c]);
        if (t->idx[k] < minid) minid = t->idx[k];
    }
    nd->minid = minid;
    if (hi - lo <= LEAF) return id;
    int64_t c = 0;
    for (int64_t cc = 1; cc < d; cc++)
        if (mx[cc] - mn[cc] > mx[c] - mn[c]) c = cc;
    int64_t mid = lo + (hi - lo) / 2;
    kd_select(t->X, d, t->idx, lo, hi, mid, c);
    int64_t l = kd_build_rec(t, lo, mid);
    int64_t r = kd_build_rec(t, mid, hi);
    t->nodes[id].left = l, t->nodes[id].right = r;
    return id;
}

static kes_status kd_build(kdtree *t, const double *X, int64_t n, int64_t d)
{
    memset(t, 0, sizeof *t);
    t->n = n, t->d = d, t->X = X;
    int64_t cap = n + 1; /* leaves split from > LEAF points hold >= LEAF / 2 each: fewer than n / 2 nodes */
    t->idx = kes__malloc_n((size_t)n, sizeof(int64_t));
    t->nodes = kes__malloc_n((size_t)cap, sizeof(kdnode));
    t->bmin = kes__malloc_n((size_t)cap * (size_t)d, sizeof(double));
    t->bmax = kes__malloc_n((size_t)cap * (size_t)d, sizeof(double));
    if (!t->idx || !t->nodes || !t->bmin || !t->bmax) {
        kd_free(t);
        return KES_ENOMEM;
    }
    for (int64_t i = 0; i < n; i++) t->idx[i] = i;
    kd_build_rec(t, 0, n);
    return KES_OK;
}

static inline double box_d2(const kdtree *t, int64_t node, const double *x)
{
    const double *mn = t->bmin + node * t->d, *mx = t->bmax + node * t->d;
    double s = 0.0;
    for (int64_t c = 0; c < t->d; c++) {
        double u = x[c] < mn[c] ? mn[c] - x[c] : x[c] > mx[c] ? x[c] - mx[c] : 0.0;
        s += u * u;
    }
    return s;
}

/* k-nearest with id < maxid: a max-heap (hd, hi) of size cnt <= k ordered by (d2, id). */
typedef struct knn_state {
    const kdtree *t;
    const double *x;
    int64_t k, maxid, cnt;
    double *hd;
    int64_t *hi;
} knn_state;

static inline int worse(double da, int64_t ia, double db, int64_t ib) { return da > db || (da == db && ia > ib); }

static void heap_push(knn_state *s, double dd, int64_t id)
{
    if (s->cnt < s->k) {
        int64_t c = s->cnt++;
        while (c > 0) {
            int64_t p = (c - 1) / 2;
            if (!worse(dd, id, s->hd[p], s->hi[p])) break;
            s->hd[c] = s->hd[p], s->hi[c] = s->hi[p];
            c = p;
        }
        s->hd[c] = dd, s->hi[c] = id;
        return;
    }
    if (!worse(s->hd[0], s->hi[0], dd, id)) return; /* not better than the worst kept */
    int64_t c = 0, n = s->cnt;
    for (;;) {
        int64_t l = 2 * c + 1, r = l + 1, w = c;
        double wd = dd;
        int64_t wi = id;
        if (l < n && worse(s->hd[l], s->hi[l], wd, wi)) w = l, wd = s->hd[l], wi = s->hi[l];
        if (r < n && worse(s->hd[r], s->hi[r], wd, wi)) w = r;
        if (w == c) break;
        s->hd[c] = s->hd[w], s->hi[c] = s->hi[w];
        c = w;
    }
    s->hd[c] = dd, s->hi[c] = id;
}

static void knn_rec(knn_state *s, int64_t node)
{
    const kdtree *t = s->t;
    const kdnode *nd = &t->nodes[node];
    if (nd->minid >= s->maxid) return;
    if (s->cnt == s->k && box_d2(t, node, s->x) > s->hd[0]) return;
    if (nd->left < 0) {
        for (int64_t k = nd->lo; k < nd->hi; k++) {
            int64_t id = t->idx[k];
            if (id >= s->maxid) continue;
            heap_push(s, kes__gp_sqdist(t->X + id * t->d, s->x, t->d), id);
        }
        return;
    }
    double dl = box_d2(t, nd->left, s->x), dr = box_d2(t, nd->right, s->x);
    if (dl <= dr) knn_rec(s, nd->left), knn_rec(s, nd->right);
    else knn_rec(s, nd->right), knn_rec(s, nd->left);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The k nearest points of id < maxid to x, written to out (sorted by id);
 * hd/hi: k doubles / ids of workspace.  Returns the count found. */
static int64_t knn(const kdtree *t, const double *x, int64_t k, int64_t maxid, int32_t *out, double *hd, int64_t *hi)
{
    knn_state s = {t, x, k, maxid, 0, hd, hi};
    if (k > 0) knn_rec(&s, 0);
    for (int64_t a = 0; a < s.cnt; a++) out[a] = (int32_t)s.hi[a];
    qsort(out, (size_t)s.cnt, sizeof(int32_t), cmp_i32);
    return s.cnt;
}

/* ------------------------------------------------------------ maximin ordering */

typedef struct mheap {
    int64_t n;
    int64_t *h, *pos; /* heap of point ids; pos[id] its slot, -1 once chosen */
    double *key;      /* squared distance to the chosen set */
} mheap;

static inline int mh_above(const mheap *m, int64_t a, int64_t b) /* a before b: larger key, then smaller id */
{
    double ka = m->key[a], kb = m->key[b];
    if (ka != kb) return ka > kb;
    return a < b; /* ties: the smaller point id first */
}

static void mh_down(mheap *m, int64_t c)
{
    int64_t id = m->h[c];
    for (;;) {
        int64_t l = 2 * c + 1, r = l + 1, b = -1;
        if (l < m->n && mh_above(m, m->h[l], id)) b = l;
        if (r < m->n && mh_above(m, m->h[r], b < 0 ? id : m->h[b])) b = r;
        if (b < 0) break;
        m->h[c] = m->h[b], m->pos[m->h[c]] = c;
        c = b;
    }
    m->h[c] = id, m->pos[id] = c;
}

typedef struct ball_ctx {
    const kdtree *t;
    mheap *mh;
    const double *x;
    double r2;
} ball_ctx;

static void ball_rec(ball_ctx *b, int64_t node)
{
    const kdtree *t = b->t;
    if (box_d2(t, node, b->x) >= b->r2) return;
    const kdnode *nd = &t->nodes[node];
    if (nd->left < 0) {
        for (int64_t k = nd->lo; k < nd->hi; k++) {
            int64_t id = t->idx[k];
            if (b->mh->pos[id] < 0) continue;
            double dd = kes__gp_sqdist(t->X + id * t->d, b->x, t->d);
            if (dd < b->mh->key[id]) {
                b->mh->key[id] = dd;
                mh_down(b->mh, b->mh->pos[id]);
            }
        }
        return;
    }
    ball_rec(b, nd->left);
    ball_rec(b, nd->right);
}

/* perm[k] = the k-th point of the maximin order of X (n x d row-major). */
static kes_status maximin(const double *X, int64_t n, int64_t d, int64_t *perm)
{
    kdtree t;
    kes_status s = kd_build(&t, X, n, d);
    if (s) return s;
    mheap m = {n, kes__malloc_n((size_t)n, sizeof(int64_t)), kes__malloc_n((size_t)n, sizeof(int64_t)),
               kes__malloc_n((size_t)n, sizeof(double))};
    if (!m.h || !m.pos || !m.key) {
        free(m.h), free(m.pos), free(m.key), kd_free(&t);
        return KES_ENOMEM;
    }
    double cen[VMAXD] = {0};
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = 0; c < d; c++) cen[c] += X[i * d + c];
    for (int64_t c = 0; c < d; c++) cen[c] /= (double)n;
    int64_t first = 0;
    double best = INFINITY;
    for (int64_t i = 0; i < n; i++) {
        double dd = kes__gp_sqdist(X + i * d, cen, d);
        if (dd < best) best = dd, first = i;
    }
    perm[0] = first;
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        if (i == first) continue;
        m.key[i] = kes__gp_sqdist(X + i * d, X + first * d, d);
        m.h[k] = i;
        k++;
    }
    m.n = k;
    m.pos[first] = -1;
    for (int64_t i = 0; i < k; i++) m.pos[m.h[i]] = i;
    for (int64_t i = k / 2 - 1; i >= 0; i--) mh_down(&m, i);
    for (int64_t r = 1; r < n; r++) {
        int64_t p = m.h[0];
        perm[r] = p;
        m.pos[p] = -1;
        m.n--;
        if (m.n > 0) {
            m.h[0] = m.h[m.n];
            mh_down(&m, 0);
        }
        ball_ctx b = {&t, &m, X + p * d, m.key[p]};
        if (m.n > 0 && b.r2 > 0.0) ball_rec(&b, 0);
    }
    free(m.h), free(m.pos), free(m.key);
    kd_free(&t);
    return KES_OK;
}

/* ------------------------------------------------------------ the model */

struct kes_gp_vecchia {
    kes_gp_kernel kernel;
    int64_t n, d, m, p;
    double *X;      /* n x d row-major, maximin order */
    double *y;      /* n, maximin order */
    int64_t *perm;  /* perm[k]: original index of ordered point k */
    int32_t *nbr;   /* n x m: sorted neighbours of row i (the first min(i, m) used) */
    kdtree tree;    /* over the ordered points */
};

void kes_gp_vecchia_destroy(kes_gp_vecchia *g)
{
    if (!g) return;
    free(g->X), free(g->y), free(g->perm), free(g->nbr);
    kd_free(&g->tree);
    free(g);
}

static int span_overflows(int64_t m, int64_t d, int64_t ld)
{
    size_t off;
    if (kes__mul_size(d - 1, ld, &off)) return 1;
    if (off > SIZE_MAX / sizeof(double) - (size_t)m) return 1;
    return off + (size_t)m > SIZE_MAX / sizeof(double);
}

kes_status kes_gp_vecchia_create(kes_gp_kernel kernel, const double *X, int64_t n, int64_t d, int64_t ldx,
                                 const double *y, int64_t m, kes_gp_vecchia **out)
{
    if (!X || !y || !out) return KES_EINVAL;
    if (!kes__gps_kernel_ok(kernel)) return KES_EINVAL;
    if (n < 2 || d < 1 || d > VMAXD || ldx < n || m < 1 || m >= n) return KES_EDIM;
    size_t nm;
    if (n > INT32_MAX || span_overflows(n, d, ldx) || kes__mul_size(n, m, &nm)) return KES_ERANGE;
    for (int64_t c = 0; c < d; c++)
        if (!kes__all_finite(X + c * ldx, (size_t)n)) return KES_ENAN;
    if (!kes__all_finite(y, (size_t)n)) return KES_ENAN;
    kes_gp_vecchia *g = calloc(1, sizeof *g);
    double *Xr = kes__malloc_n((size_t)n * (size_t)d, sizeof(double));
    if (!g || !Xr) {
        free(g), free(Xr);
        return KES_ENOMEM;
    }
    g->kernel = kernel, g->n = n, g->d = d, g->m = m, g->p = kes_gp_n_params(kernel, d);
    g->X = kes__malloc_n((size_t)n * (size_t)d, sizeof(double));
    g->y = kes__malloc_n((size_t)n, sizeof(double));
    g->perm = kes__malloc_n((size_t)n, sizeof(int64_t));
    g->nbr = kes__malloc_n(nm, sizeof(int32_t));
    if (!g->X || !g->y || !g->perm || !g->nbr) {
        free(Xr);
        kes_gp_vecchia_destroy(g);
        return KES_ENOMEM;
    }
    for (int64_t i = 0; i < n; i++)
        for (int64_t c = 0; c < d; c++) Xr[i * d + c] = X[i + c * ldx];
    kes_status s = maximin(Xr, n, d, g->perm);
    if (!s) {
        for (int64_t k = 0; k < n; k++) {
            memcpy(g->X + k * d, Xr + g->perm[k] * d, (size_t)d * sizeof(double));
            g->y[k] = y[g->perm[k]];
        }
        s = kd_build(&g->tree, g->X, n, d);
    }
    free(Xr);
    if (s) {
        kes_gp_vecchia_destroy(g);
        return s;
    }
    /* Ordered neighbours of rows [lo, hi) from a kd-tree over the prefix
     * 0..hi-1 (hi doubling), so at least half of the tree is eligible. */
    int fail = 0;
    for (int64_t lo = 1; lo < n && !fail; lo *= 2) {
        int64_t hi = 2 * lo < n ? 2 * lo : n;
        kdtree pt;
        if (kd_build(&pt, g->X, hi, d)) {
            fail = 1;
            break;
        }
#pragma omp parallel
        {
            double *hd = kes__malloc_n((size_t)m, sizeof(double));
            int64_t *hix = kes__malloc_n((size_t)m, sizeof(int64_t));
            if (!hd || !hix) {
#pragma omp atomic write
                fail = 1;
            }
#pragma omp for schedule(dynamic, 256)
            for (int64_t i = lo; i < hi; i++) {
                if (!hd || !hix) continue;
                int64_t k = i < m ? i : m;
                knn(&pt, g->X + i * d, k, i, g->nbr + i * m, hd, hix);
            }
            free(hd), free(hix);
        }
        kd_free(&pt);
    }
    if (fail) {
        kes_gp_vecchia_destroy(g);
        return KES_ENOMEM;
    }
    *out = g;
    return KES_OK;
}

kes_status kes_gp_vecchia_order(const kes_gp_vecchia *g, int64_t *perm)
{
    if (!g || !perm) return KES_EINVAL;
    memcpy(perm, g->perm, (size_t)g->n * sizeof(int64_t));
    return KES_OK;
}

int64_t kes_gp_vecchia_n(const kes_gp_vecchia *g) { return g ? g->n : 0; }

/* ------------------------------------------------------------ per-row algebra */

typedef struct hyp {
    kes_gp_kernel k;
    int ard, hasa;
    int64_t d, q, p;
    double s2, n2, a;
    double il[VMAXD]; /* inverse length scales (q of them) */
} hyp;

static kes_status unpack(const kes_gp_vecchia *g, const double *theta, hyp *h)
{
    for (int64_t t = 0; t < g->p; t++)
        if (!isfinite(theta[t])) return KES_EDOM;
    h->k = g->kernel, h->ard = kes__gp_is_ard(g->kernel), h->hasa = kes__gp_has_alpha(g->kernel);
    h->d = g->d, h->q = h->ard ? g->d : 1, h->p = g->p;
    h->s2 = exp(theta[0]);
    for (int64_t c = 0; c < h->q; c++) h->il[c] = exp(-theta[1 + c]);
    h->a = h->hasa ? exp(theta[1 + h->q]) : 1.0;
    h->n2 = exp(theta[g->p - 1]);
    if (!(h->s2 > 0.0 && h->s2 < INFINITY && h->n2 > 0.0 && h->n2 < INFINITY)) return KES_ERANGE;
    return KES_OK;
}

/* s2 k(xa, xb); with dk non-NULL also the p - 1 kernel derivatives (s2, scales, (a)). */
static inline double kpair(const hyp *h, const double *xa, const double *xb, double *dk)
{
    double u2[VMAXD], q = 0.0;
    for (int64_t c = 0; c < h->d; c++) {
        double u = (xa[c] - xb[c]) * h->il[h->ard ? c : 0];
        if (!isfinite(u)) u = DBL_MAX;
        u2[c] = u * u;
        q += u2[c];
    }
    double hh = 0.0, da = 0.0;
    double gv = kes__gp_profile_closed(kes__gp_profile_of(h->k), q, h->a, dk ? &hh : NULL, dk && h->hasa ? &da : NULL);
    double kv = h->s2 * gv;
    if (dk) {
        dk[0] = kv;
        if (h->ard)
            for (int64_t c = 0; c < h->d; c++) dk[1 + c] = isinf(q) ? 0.0 : h->s2 * hh * u2[c];
        else
            dk[1] = isinf(q) ? 0.0 : h->s2 * hh * q;
        if (h->hasa) dk[1 + h->q] = h->s2 * da;
    }
    return kv;
}

/* In-place lower Cholesky of an n x n (ld n) matrix; -1 when not positive definite. */
static int chol(double *A, int64_t n)
{
    for (int64_t j = 0; j < n; j++) {
        double s = A[j + j * n];
        for (int64_t k = 0; k < j; k++) s -= A[j + k * n] * A[j + k * n];
        if (!(s > 0.0)) return -1;
        double l = sqrt(s);
        A[j + j * n] = l;
        for (int64_t i = j + 1; i < n; i++) {
            double t = A[i + j * n];
            for (int64_t k = 0; k < j; k++) t -= A[i + k * n] * A[j + k * n];
            A[i + j * n] = t / l;
        }
    }
    return 0;
}

/* x <- (L L^T)^-1 x */
static void chol_solve(const double *L, int64_t n, double *x)
{
    for (int64_t i = 0; i < n; i++) {
        double t = x[i];
        for (int64_t k = 0; k < i; k++) t -= L[i + k * n] * x[k];
        x[i] = t / L[i + i * n];
    }
    for (int64_t i = n - 1; i >= 0; i--) {
        double t = x[i];
        for (int64_t k = i + 1; k < n; k++) t -= L[k + i * n] * x[k];
        x[i] = t / L[i + i * n];
    }
}

typedef struct rowws {
    double *A, *kc, *b, *w, *yc, *dk, *acc_bb, *acc_bw, *dkc_b, *dkc_w;
    double *pd; /* kernel derivatives of every pair of c and of (c, i): (m (m + 1) / 2 + m) (p - 1) */
    double *U, *DB, *ddv; /* Fisher information: u_t = dk_t - dA_t b and A^-1 u_t (m x p each), dd_t (p) */
} rowws;

static double *rowws_alloc(rowws *r, int64_t m, int64_t p, int grad)
{
    size_t npd = grad ? (size_t)((m * (m + 1)) / 2 + m) * (size_t)(p - 1) + (size_t)(2 * m * p + p) : 0;
    double *buf = kes__malloc_n((size_t)(m * m + 4 * m + 5 * p + 4) + npd, sizeof(double));
    if (!buf) return NULL;
    r->A = buf, r->kc = buf + m * m, r->b = r->kc + m, r->w = r->b + m, r->yc = r->w + m;
    r->dk = r->yc + m, r->acc_bb = r->dk + p + 1, r->acc_bw = r->acc_bb + p + 1;
    r->dkc_b = r->acc_bw + p, r->dkc_w = r->dkc_b + p;
    r->pd = grad ? r->dkc_w + p : NULL;
    r->U = grad ? r->pd + ((m * (m + 1)) / 2 + m) * (p - 1) : NULL;
    r->DB = grad ? r->U + m * p : NULL;
    r->ddv = grad ? r->DB + m * p : NULL;
    return buf;
}

/* Row i: *term, and with grad non-NULL its p derivatives; *dout and b (in ws)
 * for the factor.  Returns 0, or -1 when a matrix is not positive definite. */
static int row_eval(const kes_gp_vecchia *g, const hyp *h, int64_t i, rowws *ws, double *term, double *grad,
                    double *dout, double *fisher)
{
    int64_t d = g->d, mi = i < g->m ? i : g->m, pk = h->p - 1;
    const int32_t *c = g->nbr + i * g->m;
    const double *xi = g->X + i * d;
    double *A = ws->A, *pd = grad ? ws->pd : NULL;
    /* with grad, the derivatives of each pair are kept in pd in the order
     * the gradient pass reads them (no second kernel evaluation) */
    for (int64_t b = 0; b < mi; b++) {
        const double *xb = g->X + (int64_t)c[b] * d;
        A[b + b * mi] = h->s2 + h->n2;
        for (int64_t a = b + 1; a < mi; a++) {
            A[a + b * mi] = kpair(h, g->X + (int64_t)c[a] * d, xb, pd);
            if (pd) pd += pk;
        }
        ws->kc[b] = kpair(h, xb, xi, pd);
        if (pd) pd += pk;
        ws->yc[b] = g->y[c[b]];
    }
    if (chol(A, mi)) return -1;
    memcpy(ws->b, ws->kc, (size_t)mi * sizeof(double));
    memcpy(ws->w, ws->yc, (size_t)mi * sizeof(double));
    chol_solve(A, mi, ws->b);
    chol_solve(A, mi, ws->w);
    double dd = h->s2 + h->n2, r = g->y[i];
    for (int64_t a = 0; a < mi; a++) dd -= ws->kc[a] * ws->b[a], r -= ws->kc[a] * ws->w[a];
    if (!(dd > 0.0)) return -1;
    *term = -0.5 * (KES__LOG_2PI + log(dd)) - r * r / (2.0 * dd);
    if (dout) *dout = dd;
    if (!grad) return 0;
    /* accumulate per kernel parameter t: b^T dA b, b^T dA w, dk^T b, dk^T w */
    double *bb = ws->acc_bb, *bw = ws->acc_bw, *kb = ws->dkc_b, *kw = ws->dkc_w;
    for (int64_t t = 0; t < pk; t++) bb[t] = bw[t] = kb[t] = kw[t] = 0.0;
    const double *B = ws->b, *W = ws->w, *dk = ws->pd;
    for (int64_t b = 0; b < mi; b++) {
        for (int64_t a = b + 1; a < mi; a++, dk += pk) {
            double cbb = 2.0 * B[a] * B[b], cbw = B[a] * W[b] + B[b] * W[a];
            for (int64_t t = 0; t < pk; t++) bb[t] += cbb * dk[t], bw[t] += cbw * dk[t];
        }
        for (int64_t t = 0; t < pk; t++) kb[t] += dk[t] * B[b], kw[t] += dk[t] * W[b];
        dk += pk;
    }
    /* diagonal of A: dA_aa = s2 for log s2, n2 for log n2, 0 otherwise */
    double sbb = 0.0, sbw = 0.0;
    for (int64_t a = 0; a < mi; a++) sbb += B[a] * B[a], sbw += B[a] * W[a];
    bb[0] += h->s2 * sbb, bw[0] += h->s2 * sbw;
    double id = 1.0 / dd;
    for (int64_t t = 0; t <= pk; t++) {
        double ddt, drt;
        if (t < pk) {
            double dkii = t == 0 ? h->s2 : 0.0;
            ddt = dkii - 2.0 * kb[t] + bb[t];
            drt = -(kw[t] - bw[t]);
        } else { /* log n2: dA = n2 I, dk = 0, dkii = n2 */
            ddt = h->n2 + h->n2 * sbb;
            drt = -(-h->n2 * sbw);
        }
        grad[t] = -0.5 * ddt * id + 0.5 * r * r * ddt * id * id - r * drt * id;
        ws->ddv[t] = ddt;
    }
    if (!fisher) return 0;
    /* Fisher information of the row (Guinness 2021): with u_t = dk_t - dA_t b
     * and db_t = A^-1 u_t, F_ts = dd_t dd_s / (2 d^2) + u_t^T db_s / d */
    int64_t p = h->p;
    double *U = ws->U, *DB = ws->DB;
    for (int64_t t = 0; t < p * mi; t++) U[t] = 0.0;
    dk = ws->pd;
    for (int64_t b = 0; b < mi; b++) {
        for (int64_t a = b + 1; a < mi; a++, dk += pk)
            for (int64_t t = 0; t < pk; t++) {
                U[a + t * mi] -= dk[t] * B[b];
                U[b + t * mi] -= dk[t] * B[a];
            }
        for (int64_t t = 0; t < pk; t++) U[b + t * mi] += dk[t];
        dk += pk;
        U[b] -= h->s2 * B[b];                 /* diagonal of dA for log s2 */
        U[b + pk * mi] = -h->n2 * B[b];       /* log n2: dk = 0, dA = n2 I */
    }
    memcpy(DB, U, (size_t)(p * mi) * sizeof(double));
    for (int64_t t = 0; t < p; t++) chol_solve(A, mi, DB + t * mi);
    for (int64_t t = 0; t < p; t++)
        for (int64_t u = 0; u <= t; u++) {
            double sacc = 0.0;
            for (int64_t a = 0; a < mi; a++) sacc += U[a + t * mi] * DB[a + u * mi];
            double f = 0.5 * ws->ddv[t] * ws->ddv[u] * id * id + sacc * id;
            fisher[t + u * p] = fisher[u + t * p] = f;
        }
    return 0;
}

/* LML, gradient (may be NULL) and Fisher information (p x p, may be NULL;
 * needs grad) at theta; rows reduced in index order. */
static kes_status vecchia_eval(const kes_gp_vecchia *g, const double *theta, double *lml, double *grad,
                               double *fisher)
{
    hyp h;
    kes_status s = unpack(g, theta, &h);
    if (s) return s;
    int64_t n = g->n, p = g->p;
    double *terms = kes__malloc_n((size_t)n, sizeof(double));
    double *rg = grad ? kes__malloc_n((size_t)n * (size_t)p, sizeof(double)) : NULL;
    double *rf = fisher ? kes__malloc_n((size_t)n * (size_t)(p * p), sizeof(double)) : NULL;
    if (!terms || (grad && !rg) || (fisher && !rf)) {
        free(terms), free(rg), free(rf);
        return KES_ENOMEM;
    }
    int fail = 0; /* 1 no memory, 2 not SPD */
#pragma omp parallel
    {
        rowws ws = {0};
        double *buf = rowws_alloc(&ws, g->m, p, rg != NULL);
        if (!buf) {
#pragma omp atomic write
            fail = 1;
        }
#pragma omp for schedule(dynamic, 64)
        for (int64_t i = 0; i < n; i++) {
            if (!buf) continue;
            if (row_eval(g, &h, i, &ws, terms + i, rg ? rg + i * p : NULL, NULL, rf ? rf + i * p * p : NULL)) {
#pragma omp atomic write
                fail = 2;
            }
        }
        free(buf);
    }
    if (fail) {
        free(terms), free(rg), free(rf);
        return fail == 1 ? KES_ENOMEM : KES_ENOTSPD;
    }
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++) sum += terms[i];
    if (lml) *lml = sum;
    if (grad) {
        for (int64_t t = 0; t < p; t++) grad[t] = 0.0;
        for (int64_t i = 0; i < n; i++)
            for (int64_t t = 0; t < p; t++) grad[t] += rg[i * p + t];
    }
    if (fisher) {
        for (int64_t t = 0; t < p * p; t++) fisher[t] = 0.0;
        for (int64_t i = 0; i < n; i++)
            for (int64_t t = 0; t < p * p; t++) fisher[t] += rf[i * p * p + t];
    }
    free(terms), free(rg), free(rf);
    return KES_OK;
}

kes_status kes_gp_vecchia_lml(const kes_gp_vecchia *g, const double *theta, double *lml, double *grad)
{
    if (!g || !theta || (!lml && !grad)) return KES_EINVAL;
    return vecchia_eval(g, theta, lml, grad, NULL);
}

kes_status kes_gp_vecchia_factor(const kes_gp_vecchia *g, const double *theta, kes_csr **L)
{
    if (!g || !theta || !L) return KES_EINVAL;
    hyp h;
    kes_status s = unpack(g, theta, &h);
    if (s) return s;
    int64_t n = g->n, m = g->m, nnz = 0;
    for (int64_t i = 0; i < n; i++) nnz += 1 + (i < m ? i : m);
    kes_csr *F = NULL;
    if ((s = kes_csr_create(n, n, nnz, &F))) return s;
    F->rowptr[0] = 0;
    for (int64_t i = 0; i < n; i++) F->rowptr[i + 1] = F->rowptr[i] + 1 + (i < m ? i : m);
    int fail = 0;
#pragma omp parallel
    {
        rowws ws = {0};
        double *buf = rowws_alloc(&ws, m, g->p, 0);
        if (!buf) {
#pragma omp atomic write
            fail = 1;
        }
#pragma omp for schedule(dynamic, 64)
        for (int64_t i = 0; i < n; i++) {
            if (!buf) continue;
            double term, dd;
            if (row_eval(g, &h, i, &ws, &term, NULL, &dd, NULL)) {
#pragma omp atomic write
                fail = 2;
                continue;
            }
            int64_t mi = i < m ? i : m, o = F->rowptr[i];
            double sc = 1.0 / sqrt(dd);
            for (int64_t a = 0; a < mi; a++) {
                F->colind[o + a] = g->nbr[i * m + a];
                F->val[o + a] = -ws.b[a] * sc;
            }
            F->colind[o + mi] = (int32_t)i;
            F->val[o + mi] = sc;
        }
        free(buf);
    }
    if (fail) {
        kes_csr_destroy(F);
        return fail == 1 ? KES_ENOMEM : KES_ENOTSPD;
    }
    *L = F;
    return KES_OK;
}

kes_status kes_gp_vecchia_predict(const kes_gp_vecchia *g, const double *theta, const double *Xs, int64_t q,
                                  int64_t ldxs, double *mean, double *var)
{
    if (!g || !theta || !Xs || !mean) return KES_EINVAL;
    if (q < 1 || ldxs < q) return KES_EDIM;
    if (span_overflows(q, g->d, ldxs)) return KES_ERANGE;
    int64_t d = g->d, m = g->m;
    for (int64_t c = 0; c < d; c++)
        if (!kes__all_finite(Xs + c * ldxs, (size_t)q)) return KES_ENAN;
    hyp h;
    kes_status s = unpack(g, theta, &h);
    if (s) return s;
    double *mo = kes__malloc_n((size_t)q, sizeof(double)), *vo = kes__malloc_n((size_t)q, sizeof(double));
    if (!mo || !vo) {
        free(mo), free(vo);
        return KES_ENOMEM;
    }
    int fail = 0;
#pragma omp parallel
    {
        double *A = kes__malloc_n((size_t)(m * m + 3 * m), sizeof(double));
        int64_t *hi = kes__malloc_n((size_t)m, sizeof(int64_t));
        int32_t *nb = kes__malloc_n((size_t)m, sizeof(int32_t));
        if (!A || !hi || !nb) {
#pragma omp atomic write
            fail = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (int64_t j = 0; j < q; j++) {
            if (!A || !hi || !nb) continue;
            double x[VMAXD];
            for (int64_t c = 0; c < d; c++) x[c] = Xs[j + c * ldxs];
            double *kc = A + m * m, *b = kc + m, *hd = b + m;
            int64_t mi = knn(&g->tree, x, m, g->n, nb, hd, hi);
            for (int64_t bb = 0; bb < mi; bb++) {
                const double *xb = g->X + (int64_t)nb[bb] * d;
                A[bb + bb * mi] = h.s2 + h.n2;
                for (int64_t a = bb + 1; a < mi; a++) A[a + bb * mi] = kpair(&h, g->X + (int64_t)nb[a] * d, xb, NULL);
                kc[bb] = kpair(&h, xb, x, NULL);
            }
            if (chol(A, mi)) {
#pragma omp atomic write
                fail = 2;
                continue;
            }
            memcpy(b, kc, (size_t)mi * sizeof(double));
            chol_solve(A, mi, b);
            double mu = 0.0, v = h.s2;
            for (int64_t a = 0; a < mi; a++) mu += b[a] * g->y[nb[a]], v -= b[a] * kc[a];
            mo[j] = mu;
            vo[j] = v > 0.0 ? v : 0.0;
        }
        free(A), free(hi), free(nb);
    }
    if (fail) s = fail == 1 ? KES_ENOMEM : KES_ENOTSPD;
    else {
        memcpy(mean, mo, (size_t)q * sizeof(double));
        if (var) memcpy(var, vo, (size_t)q * sizeof(double));
    }
    free(mo), free(vo);
    return s;
}

/* ------------------------------------------------------------ fit */

/* Fisher scoring (J. Guinness, "Gaussian process learning via Fisher
 * scoring of Vecchia's approximation", Statistics and Computing 31 (2021)):
 * theta <- P(theta + a F^-1 g) over the free coordinates, F the Fisher
 * information of the Vecchia likelihood (kept positive definite by a small
 * ridge), a = 1 halved until the LML rises by the Armijo margin; a
 * coordinate at a bound whose gradient points outward is held for the step.
 * Steps are capped at 2 in log units.  Converged when the projected
 * gradient meets gtol max(1, |LML|) or the gain the next scoring step
 * predicts, g^T F^-1 g / 2, is below gtol max(1, |LML|) (scoring converges
 * linearly near the optimum, so this saves the last few slow steps); stops
 * (converged when within 1000 gtol) when no step raises the LML. */
static int solve_spd(double *F, int64_t n, double *x)
{
    double tr = 0.0;
    for (int64_t i = 0; i < n; i++) tr += fabs(F[i + i * n]);
    double ridge = 1e-10 * (tr > 0.0 ? tr / (double)n : 1.0);
    for (int tries = 0; tries < 12; tries++, ridge *= 100.0) {
        double L[PMAX * PMAX], y[PMAX];
        memcpy(L, F, (size_t)(n * n) * sizeof(double));
        for (int64_t i = 0; i < n; i++) L[i + i * n] += ridge;
        if (chol(L, n)) continue;
        memcpy(y, x, (size_t)n * sizeof(double));
        chol_solve(L, n, y);
        memcpy(x, y, (size_t)n * sizeof(double));
        return 0;
    }
    return -1;
}

kes_status kes_gp_vecchia_fit(const kes_gp_vecchia *g, const kes_gp_hyperfit_opts *o, double *theta, double *lml)
{
    if (!g || !theta) return KES_EINVAL;
    kes_gp_hyperfit_opts def = kes_gp_hyperfit_opts_default();
    if (!o) o = &def;
    int64_t p = g->p;
    double *b = kes__malloc_n((size_t)(8 * p + 2 * p * p), sizeof(double));
    if (!b) return KES_ENOMEM;
    double *lo = b, *hi = b + p, *th = b + 2 * p, *gr = b + 3 * p, *tt = b + 4 * p, *gt = b + 5 * p,
           *step = b + 6 * p, *F = b + 8 * p, *Ft = F + p * p, *Ff = b + 7 * p; /* Ff unused spare */
    (void)Ff;
    double Fsub[PMAX * PMAX];
    int64_t fidx[PMAX];
    kes_status s = kes__gps_fit_bounds(o, p, theta, lo, hi);
    double l = NAN, lt;
    if (!s) {
        memcpy(th, theta, (size_t)p * sizeof(double));
        s = vecchia_eval(g, th, &l, gr, F);
        if (!s && !isfinite(l)) s = KES_ERANGE;
    }
    if (s) {
        free(b);
        return s;
    }
    kes_status res = KES_NOCONV;
    for (int64_t it = 0; it < o->max_iter; it++) {
        int64_t nf = 0;
        double pg = 0.0;
        for (int64_t t = 0; t < p; t++) {
            if (!(lo[t] < hi[t])) continue;
            if ((th[t] >= hi[t] && gr[t] >= 0.0) || (th[t] <= lo[t] && gr[t] <= 0.0)) continue;
            fidx[nf++] = t;
            pg = fmax(pg, fabs(gr[t]));
        }
        if (pg <= o->gtol * fmax(1.0, fabs(l))) {
            res = KES_OK;
            break;
        }
        double x[PMAX];
        for (int64_t a = 0; a < nf; a++) {
            x[a] = gr[fidx[a]];
            for (int64_t c = 0; c < nf; c++) Fsub[a + c * nf] = F[fidx[a] + fidx[c] * p];
        }
        if (solve_spd(Fsub, nf, x)) break;
        /* the LML gain the scoring step predicts, g^T F^-1 g / 2: within the
         * tolerance, the LML is flat to gtol relative */
        double gain = 0.0;
        for (int64_t a = 0; a < nf; a++) gain += 0.5 * gr[fidx[a]] * x[a];
        if (gain <= o->gtol * fmax(1.0, fabs(l))) {
            res = KES_OK;
            break;
        }
        double mx = 0.0;
        for (int64_t a = 0; a < nf; a++) mx = fmax(mx, fabs(x[a]));
        double sc = mx > 2.0 ? 2.0 / mx : 1.0;
        for (int64_t t = 0; t < p; t++) step[t] = 0.0;
        for (int64_t a = 0; a < nf; a++) step[fidx[a]] = sc * x[a];
        int ok = 0;
        double al = 1.0;
        for (int ls = 0; ls < 30; ls++, al *= 0.5) {
            double slope = 0.0;
            for (int64_t t = 0; t < p; t++) {
                double v = th[t] + al * step[t];
                tt[t] = v < lo[t] ? lo[t] : v > hi[t] ? hi[t] : v;
                slope += gr[t] * (tt[t] - th[t]);
            }
            if (vecchia_eval(g, tt, &lt, gt, Ft) != KES_OK || !isfinite(lt)) continue;
            if (lt >= l + 1e-4 * slope && lt > l - 1e-12 * fabs(l)) {
                ok = 1;
                break;
            }
        }
        if (!ok) {
            if (pg <= 1e3 * o->gtol * fmax(1.0, fabs(l))) res = KES_OK;
            break;
        }
        int moved = 0;
        for (int64_t t = 0; t < p; t++) moved |= tt[t] != th[t];
        memcpy(th, tt, (size_t)p * sizeof(double));
        memcpy(gr, gt, (size_t)p * sizeof(double));
        memcpy(F, Ft, (size_t)(p * p) * sizeof(double));
        l = lt;
        if (!moved) break;
    }
    if (res == KES_NOCONV) {
        double pg = 0.0;
        for (int64_t t = 0; t < p; t++) {
            if (!(lo[t] < hi[t])) continue;
            if ((th[t] >= hi[t] && gr[t] >= 0.0) || (th[t] <= lo[t] && gr[t] <= 0.0)) continue;
            pg = fmax(pg, fabs(gr[t]));
        }
        if (pg <= o->gtol * fmax(1.0, fabs(l))) res = KES_OK;
    }
    memcpy(theta, th, (size_t)p * sizeof(double));
    if (lml) *lml = l;
    free(b);
    return res;
}
