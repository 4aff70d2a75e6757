/*
 * Graph random features.
 *
 * Base estimator: Choromanski, "Taming graph kernels with random features",
 * ICML 2023 (walks with geometric halting and importance-weighted loads).
 * General modulation f: Reid, Choromanski, Berger & Weller, "General Graph
 * Random Features", ICLR 2024.  Antithetic termination: Reid, Weller &
 * Choromanski, "Quasi-Monte Carlo Graph Random Features", NeurIPS 2023.
 * Repelling walks: Reid, Berger, Choromanski & Weller, "Repelling Random
 * Walks", ICLR 2024.  The variance rule (the second moment of the loads is
 * finite iff sum_k f[k]^2 rho(B)^k converges, B[v,v'] = U[v,v']^2 /
 * ((1 - p_halt) q(v -> v'))) follows Reid et al., ICLR 2024, Sec. 3, and the
 * second-moment analysis of random-walk Neumann-series estimators in
 * Hammersley & Handscomb, "Monte Carlo Methods", Methuen, 1964, Ch. 7.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "core/internal.h"
#include "kestrel/graph.h"
#include "kestrel/solvers.h"
#include "kernels/graph_internal.h"

kes_grf_opts kes_grf_opts_default(void)
{
    kes_grf_opts o;
    memset(&o, 0, sizeof o);
    o.p_halt = 0.5;
    o.walkers = 16;
    o.antithetic = 0;
    o.repelling = 0;
    o.proposal = KES_GRF_UNIFORM;
    o.max_len = 0;
    o.check_variance = 1;
    return o;
}

/* Rows processed per task: large enough to amortise the block buffers,
 * small enough to balance two threads on irregular graphs. */
#define GRF_BLOCK 256
#define POWER_ITERS 100
/* Largest memory estimate (bytes) a feature build accepts; see
 * feature_bytes.  Above it the request is almost surely a mistake (walkers
 * = INT_MAX) and would otherwise run into the allocator or the OOM killer. */
#define GRF_MAX_BYTES ((double)((int64_t)1 << 35))

/* Memory a build of nr rows may take: per thread, the sparse accumulator
 * (16 n bytes) and the state of m walkers (24 m bytes: position, load,
 * alive flag, order); for the output, 12 bytes per expected deposit, at
 * most min(n, m / p_halt + 1) per row.  In double, so no product can
 * overflow. */
static double feature_bytes(int64_t n, int64_t nr, const kes_grf_opts *o)
{
    int threads = 1;
#ifdef _OPENMP
    threads = omp_get_max_threads();
#endif
    const double m = (double)o->walkers;
    const double per_row = fmin((double)n, m / o->p_halt + 1.0);
    return (double)threads * (16.0 * (double)n + 24.0 * m) + 12.0 * (double)nr * per_row;
}

static kes_status check_args(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o)
{
    if (!U || !f || !o) return KES_EINVAL;
    if (o->walkers < 1 || o->max_len < 0) return KES_EINVAL;
    if (o->proposal != KES_GRF_UNIFORM && o->proposal != KES_GRF_WEIGHTED) return KES_EINVAL;
    if (!(o->p_halt > 0.0 && o->p_halt < 1.0)) return KES_EDOM; /* NaN fails too */
    if (f_len < 1) return KES_EDIM;
    kes_status s = kes_csr_validate(U);
    if (s) return s;
    if (U->nrows != U->ncols) return KES_EDIM;
    if (!kes__all_finite(f, (size_t)f_len)) return KES_ENAN;
    /* walker indices are int inside the walk loops */
    if (o->walkers > INT_MAX) return KES_ERANGE;
    return KES_OK;
}

/* Number of walk steps worth taking: up to f's last nonzero, capped by
 * max_len.  Returns the number of deposit slots (steps + 1), 0 if f == 0. */
static int64_t effective_len(const double *f, int64_t f_len, int64_t max_len)
{
    int64_t L = f_len;
    while (L > 0 && f[L - 1] == 0.0) L--;
    if (max_len > 0 && L - 1 > max_len) L = max_len + 1;
    return L;
}

/* Geometric decay rate of |f| from a least-squares fit of log|f_k| over the
 * second half of its support; 0 for supports shorter than 8 (a polynomial
 * in U, whose variance is finite for any rho(B)). */
static double modulation_rate(const double *f, int64_t L)
{
    if (L < 8) return 0.0;
    double sk = 0, sy = 0, skk = 0, sky = 0;
    int64_t cnt = 0;
    for (int64_t k = L / 2; k < L; k++) {
        if (f[k] == 0.0) continue;
        double y = log(fabs(f[k]));
        sk += (double)k;
        sy += y;
        skk += (double)k * (double)k;
        sky += (double)k * y;
        cnt++;
    }
    if (cnt < 2) return 0.0;
    double den = (double)cnt * skk - sk * sk;
    if (den <= 0.0) return 0.0;
    double slope = ((double)cnt * sky - sk * sy) / den;
    return exp(slope);
}

/* Spectral radius of the non-negative matrix with the pattern of U and
 * entries w(v, k), by power iteration on (M + I)/2: the shift removes the
 * periodicity of bipartite graphs without moving the Perron root's order,
 * and rho(M) = 2 rho((M+I)/2) - 1.  Deterministic for any thread count (row
 * sums are sequential; the norm is a sequential loop). */
enum bweight { W_ABS, W_B_UNIFORM, W_B_WEIGHTED };

static double row_abs_sum(const kes_csr *U, int64_t v)
{
    double s = 0.0;
    for (int64_t k = U->rowptr[v]; k < U->rowptr[v + 1]; k++) s += fabs(U->val[k]);
    return s;
}

static double entry_weight(const kes_csr *U, int64_t v, int64_t k, enum bweight bw, double inv1p, double rowsum)
{
    double u = U->val[k];
    switch (bw) {
    case W_ABS: return fabs(u);
    case W_B_UNIFORM: return u * u * (double)(U->rowptr[v + 1] - U->rowptr[v]) * inv1p;
    case W_B_WEIGHTED: return fabs(u) * rowsum * inv1p;
    }
    return 0.0;
}

static kes_status spectral_radius(const kes_csr *U, enum bweight bw, double p_halt, double *rho)
{
    int64_t n = U->nrows;
    double *x = kes__malloc_n((size_t)n, sizeof *x);
    double *y = kes__malloc_n((size_t)n, sizeof *y);
    double *rs = kes__malloc_n((size_t)n, sizeof *rs);
    if (!x || !y || !rs) {
        free(x);
        free(y);
        free(rs);
        return KES_ENOMEM;
    }
    double inv1p = 1.0 / (1.0 - p_halt);
    for (int64_t i = 0; i < n; i++) {
        x[i] = 1.0 / (double)n;
        rs[i] = bw == W_B_WEIGHTED ? row_abs_sum(U, i) : 0.0;
    }
    double est = 0.0;
    for (int it = 0; it < POWER_ITERS; it++) {
        /* Parallel only when a sweep is worth a fork/join: small graphs on a
         * busy machine would spend their time in barriers. */
#pragma omp parallel for schedule(static) if (U->nnz > 200000)
        for (int64_t i = 0; i < n; i++) {
            double acc = 0.0;
            for (int64_t k = U->rowptr[i]; k < U->rowptr[i + 1]; k++)
                acc += entry_weight(U, i, k, bw, inv1p, rs[i]) * x[U->colind[k]];
            y[i] = acc;
        }
        double nx = 0.0, ny = 0.0;
        for (int64_t i = 0; i < n; i++) {
            nx += x[i];
            ny += y[i];
        }
        est = nx > 0.0 ? ny / nx : 0.0;
        /* x <- (y + x)/2, renormalised to unit 1-norm. */
        double nz = 0.5 * (ny + nx);
        if (!(nz > 0.0) || !isfinite(nz)) break;
        for (int64_t i = 0; i < n; i++) x[i] = 0.5 * (y[i] + x[i]) / nz;
    }
    free(x);
    free(y);
    free(rs);
    *rho = est;
    return KES_OK;
}

/* Max row sum of the weights: an upper bound on the spectral radius. */
static double row_sum_bound(const kes_csr *U, enum bweight bw, double p_halt)
{
    double inv1p = 1.0 / (1.0 - p_halt), best = 0.0;
    for (int64_t i = 0; i < U->nrows; i++) {
        double rs = bw == W_B_WEIGHTED ? row_abs_sum(U, i) : 0.0, acc = 0.0;
        for (int64_t k = U->rowptr[i]; k < U->rowptr[i + 1]; k++) acc += entry_weight(U, i, k, bw, inv1p, rs);
        if (acc > best) best = acc;
    }
    return best;
}

/* The variance rule (Reid et al., ICLR 2024, Sec. 3): growth =
 * f_rate^2 rho(B) < 1, and f_rate rho(|U|) < 1 for the series itself.
 * Cheap row-sum bounds settle
 * the common safe cases; power iteration runs only when they do not. */
static kes_status variance_rule(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                kes_grf_stats *st)
{
    int64_t L = effective_len(f, f_len, o->max_len);
    double r = modulation_rate(f, L);
    enum bweight bw = o->proposal == KES_GRF_WEIGHTED ? W_B_WEIGHTED : W_B_UNIFORM;
    double rho_b = row_sum_bound(U, bw, o->p_halt), rho_u = 0.0;
    kes_status s = KES_OK;
    if (r * r * rho_b >= 1.0) s = spectral_radius(U, bw, o->p_halt, &rho_b);
    if (!s && r > 0.0) {
        rho_u = row_sum_bound(U, W_ABS, o->p_halt);
        if (r * rho_u >= 1.0) s = spectral_radius(U, W_ABS, o->p_halt, &rho_u);
    }
    if (s) return s;
    double growth = r * r * rho_b;
    st->rho_b = rho_b;
    st->f_rate = r;
    st->growth = growth;
    st->suggested_p_halt = o->p_halt;
    if (r > 0.0 && r * rho_u >= 1.0) {
        st->suggested_p_halt = 0.0;
        return KES_EDOM;
    }
    if (growth < 1.0) return KES_OK;
    /* rho(B) scales as 1/(1 - p): aim at growth 0.9. */
    double g0 = growth * (1.0 - o->p_halt);
    double p = 1.0 - g0 / 0.9;
    if (p <= 0.0) p = g0 < 1.0 ? 0.5 * (1.0 - g0) : 0.0;
    st->suggested_p_halt = p;
    return KES_EVARIANCE;
}

kes_status kes_grf_variance_check(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                  kes_grf_stats *st)
{
    kes_grf_opts def = kes_grf_opts_default();
    if (!o) o = &def;
    kes_status s = check_args(U, f, f_len, o);
    if (s) return s;
    kes_grf_stats tmp;
    memset(&tmp, 0, sizeof tmp);
    s = variance_rule(U, f, f_len, o, &tmp);
    if (st) *st = tmp;
    return s;
}

/* ------------------------------------------------------------------ walks */

typedef struct walk_plan {
    const kes_csr *U;
    const double *f;
    int64_t L;          /* deposit slots: steps 0 .. L-1 */
    const double *cdf;  /* weighted proposal: per-row cumulative |U|, NULL for uniform */
    kes_grf_opts o;
    kes_rng base;
} walk_plan;

/* Per-thread workspace: a sparse accumulator over n columns plus walker
 * state for m walkers. */
typedef struct walk_ws {
    double *acc;
    int64_t *stamp;
    int32_t *touched;
    int64_t ntouched, cap_touched;
    int64_t *pos;
    double *load;
    int *alive;
    int *order;
    double steps;
} walk_ws;

static void ws_free(walk_ws *w)
{
    free(w->acc);
    free(w->stamp);
    free(w->touched);
    free(w->pos);
    free(w->load);
    free(w->alive);
    free(w->order);
}

static int ws_init(walk_ws *w, int64_t n, int m)
{
    memset(w, 0, sizeof *w);
    w->acc = kes__malloc_n((size_t)n, sizeof *w->acc);
    w->stamp = kes__malloc_n((size_t)n, sizeof *w->stamp);
    w->cap_touched = 1024;
    w->touched = kes__malloc_n((size_t)w->cap_touched, sizeof *w->touched);
    w->pos = kes__malloc_n((size_t)m, sizeof *w->pos);
    w->load = kes__malloc_n((size_t)m, sizeof *w->load);
    w->alive = kes__malloc_n((size_t)m, sizeof *w->alive);
    w->order = kes__malloc_n((size_t)m, sizeof *w->order);
    if (!w->acc || !w->stamp || !w->touched || !w->pos || !w->load || !w->alive || !w->order) {
        ws_free(w);
        return 0;
    }
    for (int64_t i = 0; i < n; i++) w->stamp[i] = -1;
    return 1;
}

static int deposit(walk_ws *w, int64_t src, int64_t v, double x)
{
    if (w->stamp[v] != src) {
        if (w->ntouched == w->cap_touched) {
            int64_t nc = 2 * w->cap_touched;
            int32_t *t = realloc(w->touched, (size_t)nc * sizeof *t);
            if (!t) return 0;
            w->touched = t;
            w->cap_touched = nc;
        }
        w->stamp[v] = src;
        w->acc[v] = 0.0;
        w->touched[w->ntouched++] = (int32_t)v;
    }
    w->acc[v] += x;
    return 1;
}

/* Move walker at v with uniform variate u: returns the chosen entry index
 * of U and the load factor U[v,v'] / ((1 - p) q(v -> v')). */
static int64_t choose(const walk_plan *P, int64_t v, double u, double *factor)
{
    const kes_csr *U = P->U;
    int64_t a = U->rowptr[v], b = U->rowptr[v + 1], deg = b - a;
    double inv1p = 1.0 / (1.0 - P->o.p_halt);
    if (!P->cdf) {
        int64_t k = a + (int64_t)(u * (double)deg);
        if (k >= b) k = b - 1;
        *factor = U->val[k] * (double)deg * inv1p;
        return k;
    }
    /* cdf[k] = sum of |U| over row entries a..k; first k with cdf[k] > u S. */
    double S = P->cdf[b - 1], t = u * S;
    int64_t lo = a, hi = b - 1;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        if (P->cdf[mid] > t) hi = mid;
        else lo = mid + 1;
    }
    /* Skip zero-probability entries that ties could land on. */
    while (lo < b - 1 && U->val[lo] == 0.0) lo++;
    double q = fabs(U->val[lo]) / S;
    *factor = q > 0.0 ? U->val[lo] / q * inv1p : 0.0;
    return lo;
}

/* Sort column indices: insertion sort for short runs, else an inlined
 * quicksort (median of three) -- qsort's comparator calls were a fifth of
 * the build time. */
static void sort_cols(int32_t *a, int64_t n)
{
    while (n > 24) {
        int32_t x = a[0], y = a[n / 2], z = a[n - 1];
        int32_t piv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int64_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < piv) i++;
            while (a[j] > piv) j--;
            if (i >= j) break;
            int32_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* recurse on the smaller part, loop on the larger: O(log n) stack */
        int64_t left = j + 1;
        if (left < n - left) {
            sort_cols(a, left);
            a += left;
            n -= left;
        } else {
            sort_cols(a + left, n - left);
            n = left;
        }
    }
    for (int64_t i = 1; i < n; i++) {
        int32_t t = a[i];
        int64_t j = i - 1;
        while (j >= 0 && a[j] > t) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = t;
    }
}

/* Sort walker indices by position (insertion sort: m is small and the
 * order must not depend on anything but the data). */
static void sort_by_pos(int *idx, int k, const int64_t *pos)
{
    for (int i = 1; i < k; i++) {
        int t = idx[i], j = i - 1;
        while (j >= 0 && (pos[idx[j]] > pos[t] || (pos[idx[j]] == pos[t] && idx[j] > t))) {
            idx[j + 1] = idx[j];
            j--;
        }
        idx[j + 1] = t;
    }
}

/* All walkers of one source, advanced in lock-step (steps outer, walkers
 * inner) so that repelling walkers at the same node can coordinate.
 * Returns 0 on allocation failure. */
static int walk_source(const walk_plan *P, walk_ws *w, int64_t src)
{
    const kes_csr *U = P->U;
    const int m = (int)P->o.walkers; /* <= INT_MAX, checked */
    const double p = P->o.p_halt;
    kes_rng rng;
    kes_rng_split_init(&P->base, (uint64_t)src, &rng);
    w->ntouched = 0;
    int nalive = m;
    for (int j = 0; j < m; j++) {
        w->pos[j] = src;
        w->load[j] = 1.0;
        w->alive[j] = 1;
    }
    if (P->f[0] != 0.0 && !deposit(w, src, src, (double)m * P->f[0])) return 0;
    for (int64_t t = 1; t < P->L && nalive > 0; t++) {
        /* Halting: a walker at a node without neighbours stops; otherwise it
         * halts when its uniform is below p.  Antithetic pairs share u and
         * use u, u + 1/2 mod 1 (marginals unchanged). */
        if (P->o.antithetic) {
            for (int j = 0; j < m; j += 2) {
                if (j + 1 < m) {
                    if (!w->alive[j] && !w->alive[j + 1]) continue;
                    double u = kes_rng_uniform(&rng);
                    double u2 = u + 0.5;
                    if (u2 >= 1.0) u2 -= 1.0;
                    if (w->alive[j] && u < p) w->alive[j] = 0;
                    if (w->alive[j + 1] && u2 < p) w->alive[j + 1] = 0;
                } else if (w->alive[j] && kes_rng_uniform(&rng) < p) {
                    w->alive[j] = 0;
                }
            }
        } else {
            for (int j = 0; j < m; j++)
                if (w->alive[j] && kes_rng_uniform(&rng) < p) w->alive[j] = 0;
        }
        int k = 0;
        for (int j = 0; j < m; j++) {
            if (w->alive[j] && U->rowptr[w->pos[j] + 1] == U->rowptr[w->pos[j]]) w->alive[j] = 0;
            if (w->alive[j]) w->order[k++] = j;
        }
        nalive = k;
        if (!k) break;
        const double ft = P->f[t];
        if (P->o.repelling) {
            /* Systematic sampling per node: the g walkers at v take
             * u_j = (j/g + s) mod 1 with one shared shift s, so each is
             * marginally ~ q while together they spread over neighbours
             * (without replacement when g <= deg). */
            sort_by_pos(w->order, k, w->pos);
            int a = 0;
            while (a < k) {
                int b = a + 1;
                while (b < k && w->pos[w->order[b]] == w->pos[w->order[a]]) b++;
                int g = b - a;
                double s = kes_rng_uniform(&rng);
                int64_t v = w->pos[w->order[a]];
                for (int q = 0; q < g; q++) {
                    int j = w->order[a + q];
                    double u = (double)q / (double)g + s;
                    if (u >= 1.0) u -= 1.0;
                    double fac;
                    int64_t e = choose(P, v, u, &fac);
                    w->pos[j] = U->colind[e];
                    w->load[j] *= fac;
                }
                a = b;
            }
        } else {
            for (int q = 0; q < k; q++) {
                int j = w->order[q];
                double fac;
                int64_t e = choose(P, w->pos[j], kes_rng_uniform(&rng), &fac);
                w->pos[j] = U->colind[e];
                w->load[j] *= fac;
            }
        }
        w->steps += k;
        for (int q = 0; q < k; q++) {
            int j = w->order[q];
            double x = ft * w->load[j];
            if (x != 0.0 && !deposit(w, src, w->pos[j], x)) return 0;
            if (w->load[j] == 0.0) w->alive[j] = 0; /* nothing more to deposit */
        }
    }
    sort_cols(w->touched, w->ntouched);
    return 1;
}

/* Output of one block of rows. */
typedef struct row_block {
    int64_t nnz;
    int32_t *col;
    double *val;
    int64_t *rowlen;
} row_block;

static kes_status build_rows(const walk_plan *P, int64_t r0, int64_t r1, kes_csr **Phi, double *mean_steps)
{
    int64_t n = P->U->nrows, nr = r1 - r0;
    int64_t nblocks = (nr + GRF_BLOCK - 1) / GRF_BLOCK;
    row_block *blocks = kes__calloc_n((size_t)nblocks, sizeof *blocks);
    if (!blocks) return KES_ENOMEM;
    int failed = 0;
    double steps_total = 0.0;
    const double inv_m = 1.0 / (double)P->o.walkers;
#pragma omp parallel reduction(+ : steps_total) if (nblocks > 1)
    {
        walk_ws w;
        int ok = ws_init(&w, n, (int)P->o.walkers);
        if (!ok) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 1)
        for (int64_t bi = 0; bi < nblocks; bi++) {
            if (!ok) continue;
            int64_t a = r0 + bi * GRF_BLOCK, b = a + GRF_BLOCK < r1 ? a + GRF_BLOCK : r1;
            row_block *B = &blocks[bi];
            /* Expected deposits per row are at most m (1 + E[steps]) =
             * m / p_halt (fewer after merging): reserve that, so the
             * buffers rarely grow. */
            double per = fmin((double)n, (double)P->o.walkers / P->o.p_halt + 1.0);
            int64_t cap = (int64_t)fmin(per * (double)(b - a), (double)(1 << 22)), used = 0;
            if (cap < 1024) cap = 1024;
            B->col = malloc((size_t)cap * sizeof *B->col);
            B->val = malloc((size_t)cap * sizeof *B->val);
            B->rowlen = malloc((size_t)(b - a) * sizeof *B->rowlen);
            if (!B->col || !B->val || !B->rowlen) {
                ok = 0;
                continue;
            }
            for (int64_t i = a; i < b && ok; i++) {
                if (!walk_source(P, &w, i)) {
                    ok = 0;
                    break;
                }
                if (used + w.ntouched > cap) {
                    int64_t nc = cap;
                    while (used + w.ntouched > nc) nc *= 2;
                    int32_t *c2 = realloc(B->col, (size_t)nc * sizeof *c2);
                    if (c2) B->col = c2;
                    double *v2 = c2 ? realloc(B->val, (size_t)nc * sizeof *v2) : NULL;
                    if (v2) B->val = v2;
                    if (!c2 || !v2) {
                        ok = 0;
                        break;
                    }
                    cap = nc;
                }
                for (int64_t q = 0; q < w.ntouched; q++) {
                    int32_t c = w.touched[q];
                    B->col[used] = c;
                    B->val[used] = w.acc[c] * inv_m;
                    used++;
                }
                B->rowlen[i - a] = w.ntouched;
            }
            B->nnz = used;
            if (!ok) {
#pragma omp atomic write
                failed = 1;
            }
        }
        steps_total += w.steps;
        if (w.acc) ws_free(&w);
    }
    kes_status s = failed ? KES_ENOMEM : KES_OK;
    int64_t nnz = 0;
    for (int64_t bi = 0; bi < nblocks && !s; bi++) nnz += blocks[bi].nnz;
    kes_csr *M = NULL;
    if (!s) s = kes_csr_create(nr, n, nnz, &M);
    if (!s) {
        int64_t off = 0, row = 0;
        for (int64_t bi = 0; bi < nblocks; bi++) {
            row_block *B = &blocks[bi];
            memcpy(M->colind + off, B->col, (size_t)B->nnz * sizeof *M->colind);
            memcpy(M->val + off, B->val, (size_t)B->nnz * sizeof *M->val);
            int64_t rows = (bi + 1) * GRF_BLOCK < nr ? GRF_BLOCK : nr - bi * GRF_BLOCK;
            for (int64_t q = 0; q < rows; q++) {
                M->rowptr[row + 1] = M->rowptr[row] + B->rowlen[q];
                row++;
            }
            off += B->nnz;
        }
        /* Loads overflow only when the variance check was switched off on
         * an infinite-variance setting: report it instead of returning Inf. */
        if (!kes__all_finite(M->val, (size_t)M->nnz)) {
            kes_csr_destroy(M);
            M = NULL;
            s = KES_ERANGE;
        }
    }
    for (int64_t bi = 0; bi < nblocks; bi++) {
        free(blocks[bi].col);
        free(blocks[bi].val);
        free(blocks[bi].rowlen);
    }
    free(blocks);
    if (!s) {
        *Phi = M;
        *mean_steps = steps_total / ((double)nr * (double)P->o.walkers);
    }
    return s;
}

kes_status kes_grf_features_rows(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                 kes_rng *rng, int64_t row_begin, int64_t row_end, kes_csr **Phi,
                                 kes_grf_stats *st)
{
    kes_grf_opts def = kes_grf_opts_default();
    if (!o) o = &def;
    if (!rng || !Phi) return KES_EINVAL;
    kes_status s = check_args(U, f, f_len, o);
    if (s) return s;
    if (row_begin < 0 || row_end <= row_begin || row_end > U->nrows) return KES_EDIM;
    if (feature_bytes(U->nrows, row_end - row_begin, o) > GRF_MAX_BYTES) return KES_ERANGE;
    kes_grf_stats stats;
    memset(&stats, 0, sizeof stats);
    if (o->check_variance) {
        s = variance_rule(U, f, f_len, o, &stats);
        if (s) {
            if (st) *st = stats;
            return s;
        }
    }
    walk_plan P;
    P.U = U;
    P.f = f;
    P.L = effective_len(f, f_len, o->max_len);
    P.o = *o;
    double *cdf = NULL;
    if (o->proposal == KES_GRF_WEIGHTED) {
        cdf = kes__malloc_n((size_t)U->nnz, sizeof *cdf);
        if (!cdf) return KES_ENOMEM;
        for (int64_t i = 0; i < U->nrows; i++) {
            double acc = 0.0;
            for (int64_t k = U->rowptr[i]; k < U->rowptr[i + 1]; k++) {
                acc += fabs(U->val[k]);
                cdf[k] = acc;
            }
        }
    }
    P.cdf = cdf;
    /* One draw from the caller's generator keys this ensemble; source i then
     * gets stream i of it, independent of the thread schedule. */
    kes_rng probe = *rng;
    uint64_t key = kes_rng_u64(&probe);
    kes_rng_split_init(&probe, key, &P.base);
    double mean_steps = 0.0;
    kes_csr *M = NULL;
    s = build_rows(&P, row_begin, row_end, &M, &mean_steps);
    free(cdf);
    if (s) return s;
    *rng = probe;
    *Phi = M;
    stats.nnz = M->nnz;
    stats.mean_steps = mean_steps;
    if (st) *st = stats;
    return KES_OK;
}

kes_status kes_grf_features_ex(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                               kes_rng *rng, kes_csr **Phi, kes_grf_stats *st)
{
    if (!U) return KES_EINVAL;
    if (U->nrows <= 0) return KES_EDIM;
    return kes_grf_features_rows(U, f, f_len, o, rng, 0, U->nrows, Phi, st);
}

kes_status kes_grf_features(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o, kes_rng *rng,
                            kes_csr **Phi)
{
    return kes_grf_features_ex(U, f, f_len, o, rng, Phi, NULL);
}

/* ------------------------------------------------------ using features */

/* Phi from a caller is not trusted: its structure is checked as
 * kes_csr_validate does (KES_EINVAL / KES_EDIM / KES_EBADDATA), O(nnz) like
 * the product itself, so a column index past ncols is refused instead of
 * indexing the ncols-long work vector out of bounds.  Non-finite values are
 * not refused: they propagate into the product as in kes_csr_matvec. */
static kes_status phi_structure(const kes_csr *A)
{
    kes_status s = kes_csr_validate(A);
    return s == KES_ENAN ? KES_OK : s;
}

static kes_status same_shape(const kes_csr *A, const kes_csr *B)
{
    if (!A || !A->rowptr) return KES_EINVAL;
    if (B && (B->nrows != A->nrows || B->ncols != A->ncols)) return KES_EDIM;
    kes_status s = phi_structure(A);
    if (!s && B && B != A) s = phi_structure(B);
    return s;
}

/* True when [a, a + na) and [b, b + nb) share a double (compared as
 * integers: relational operators on pointers into different arrays are
 * undefined in C). */
static int overlaps(const double *a, int64_t na, const double *b, int64_t nb)
{
    const uintptr_t pa = (uintptr_t)a, pb = (uintptr_t)b;
    return pa < pb + (uintptr_t)nb * sizeof(double) && pb < pa + (uintptr_t)na * sizeof(double);
}

kes_status kes_grf_kernel_matvec(const kes_csr *Phi1, const kes_csr *Phi2, int symmetrize, double scale,
                                 const double *x, double *y, double *work)
{
    kes_status s = same_shape(Phi1, Phi2);
    if (s) return s;
    if (!x || !y) return KES_EINVAL;
    /* y is written before the symmetrised pass reads x again, so an
     * in-place call would silently give another product: refuse it. */
    const int64_t n = Phi1->nrows, nc = Phi1->ncols;
    if (overlaps(x, n, y, n)) return KES_EINVAL;
    if (work && (overlaps(work, nc, x, n) || overlaps(work, nc, y, n))) return KES_EINVAL;
    if (!Phi2) Phi2 = Phi1;
    double *z = work ? work : kes__malloc_n((size_t)nc, sizeof *z);
    if (!z) return KES_ENOMEM;
    double a = symmetrize ? 0.5 * scale : scale;
    s = kes_csr_matvec_trans(Phi2, x, z);
    if (!s) s = kes_csr_gemv(a, Phi1, z, 0.0, y);
    if (!s && symmetrize) {
        s = kes_csr_matvec_trans(Phi1, x, z);
        if (!s) s = kes_csr_gemv(a, Phi2, z, 1.0, y);
    }
    if (!work) free(z);
    return s;
}

kes_status kes_grf_kernel_dense(const kes_csr *Phi1, const kes_csr *Phi2, int symmetrize, double scale, kes_mat K)
{
    kes_status s = same_shape(Phi1, Phi2);
    if (s) return s;
    s = kes_mat_check(K);
    if (s) return s;
    if (!Phi2) Phi2 = Phi1;
    int64_t n = Phi1->nrows, nc = Phi1->ncols;
    if (K.nrows != n || K.ncols != n) return KES_EDIM;
    int failed = 0;
    /* Column j of K is Phi1 times row j of Phi2, scattered to dense. */
#pragma omp parallel if (n > 128)
    {
        double *d = kes__calloc_n((size_t)nc, sizeof *d);
        if (!d) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(dynamic, 16)
        for (int64_t j = 0; j < n; j++) {
            if (!d) continue;
            for (int64_t k = Phi2->rowptr[j]; k < Phi2->rowptr[j + 1]; k++) d[Phi2->colind[k]] = Phi2->val[k];
            double *col = K.data + j * K.ld;
            for (int64_t i = 0; i < n; i++) {
                double acc = 0.0;
                for (int64_t k = Phi1->rowptr[i]; k < Phi1->rowptr[i + 1]; k++) acc += Phi1->val[k] * d[Phi1->colind[k]];
                col[i] = scale * acc;
            }
            for (int64_t k = Phi2->rowptr[j]; k < Phi2->rowptr[j + 1]; k++) d[Phi2->colind[k]] = 0.0;
        }
        free(d);
    }
    if (failed) return KES_ENOMEM;
    if (symmetrize) kes__mat_sym_average(K);
    return KES_OK;
}

/* z = sum_t v[t] Phi[train[t], :] (sequential scatter, O(nnz of the rows)). */
static void rows_trans(const kes_csr *Phi, const int64_t *train, int64_t nt, const double *v, double *z)
{
    memset(z, 0, (size_t)Phi->ncols * sizeof *z);
    for (int64_t t = 0; t < nt; t++) {
        int64_t i = train[t];
        for (int64_t k = Phi->rowptr[i]; k < Phi->rowptr[i + 1]; k++) z[Phi->colind[k]] += v[t] * Phi->val[k];
    }
}

/* out[t] (+)= a * Phi[rows[t], :] . z */
static void rows_dot(const kes_csr *Phi, const int64_t *rows, int64_t nt, const double *z, double a, int add,
                     double *out)
{
#pragma omp parallel for schedule(static) if (nt > 20000)
    for (int64_t t = 0; t < nt; t++) {
        int64_t i = rows ? rows[t] : t;
        double acc = 0.0;
        for (int64_t k = Phi->rowptr[i]; k < Phi->rowptr[i + 1]; k++) acc += Phi->val[k] * z[Phi->colind[k]];
        out[t] = add ? out[t] + a * acc : a * acc;
    }
}

/* out = Khat[rows, T] v with Khat = scale * mean over ensembles of Phi Phi^T;
 * train NULL means T = all rows. */
static void krr_apply(const kes_csr *const *P, int ne, double scale, const int64_t *train, int64_t nt,
                      const int64_t *rows, int64_t nr, const double *v, double *z, double *out)
{
    for (int e = 0; e < ne; e++) {
        rows_trans(P[e], train, nt, v, z);
        rows_dot(P[e], rows, nr, z, scale / (double)ne, e > 0, out);
    }
}

/* The ridge operator Khat[T,T] + lambda I.  Owns a copy of T and the
 * feature-space workspace, so one operator serves one solve at a time. */
struct kes_grf_op {
    const kes_csr *P[2];
    int ne;
    double scale, lambda;
    int64_t *train; /* NULL: every node */
    int64_t nt;
    double *z;      /* ncols doubles */
};

kes_status kes_grf_op_create(const kes_csr *Phi1, const kes_csr *Phi2, double scale, const int64_t *train,
                             int64_t ntrain, double lambda, kes_grf_op **out)
{
    kes_status s = same_shape(Phi1, Phi2);
    if (s) return s;
    if (!out) return KES_EINVAL;
    if (Phi1->nrows <= 0 || Phi1->ncols <= 0 || (Phi2 && !Phi2->rowptr)) return KES_EINVAL;
    if (!(isfinite(lambda) && lambda >= 0.0) || !(isfinite(scale) && scale > 0.0)) return KES_EDOM;
    const int64_t n = Phi1->nrows;
    if (train) {
        if (ntrain < 1) return KES_EDIM;
        for (int64_t t = 0; t < ntrain; t++)
            if (train[t] < 0 || train[t] >= n) return KES_EDIM;
    }
    kes_grf_op *g = calloc(1, sizeof *g);
    if (!g) return KES_ENOMEM;
    g->P[0] = Phi1;
    g->P[1] = Phi2;
    g->ne = Phi2 ? 2 : 1;
    g->scale = scale;
    g->lambda = lambda;
    g->nt = train ? ntrain : n;
    g->z = kes__malloc_n((size_t)Phi1->ncols, sizeof *g->z);
    if (train) {
        g->train = kes__malloc_n((size_t)ntrain, sizeof *g->train);
        if (g->train) memcpy(g->train, train, (size_t)ntrain * sizeof *g->train);
    }
    if (!g->z || (train && !g->train)) {
        kes_grf_op_destroy(g);
        return KES_ENOMEM;
    }
    *out = g;
    return KES_OK;
}

void kes_grf_op_destroy(kes_grf_op *g)
{
    if (!g) return;
    free(g->train);
    free(g->z);
    free(g);
}

/* y = Khat[T,T] x + lambda x.  Each entry of y is one sequential row sum
 * and the scatter into feature space is sequential, so y does not depend
 * on the thread count. */
static kes_status grf_op_apply(void *ctx, const double *x, double *y)
{
    kes_grf_op *g = ctx;
    krr_apply(g->P, g->ne, g->scale, g->train, g->nt, g->train, g->nt, x, g->z, y);
    const double lam = g->lambda;
    for (int64_t t = 0; t < g->nt; t++) y[t] += lam * x[t];
    return KES_OK;
}

kes_status kes_linop_grf(kes_grf_op *g, kes_linop *op)
{
    if (!g || !op) return KES_EINVAL;
    op->n = g->nt;
    op->apply = grf_op_apply;
    op->ctx = g;
    return KES_OK;
}

/* Kernel ridge regression: conjugate gradients (kes_pcg_solve) on the SPD
 * system (Khat[T,T] + lambda I) a = y through the operator above, then
 * pred = Khat[:,T] a. */
kes_status kes_grf_krr(const kes_csr *Phi1, const kes_csr *Phi2, double scale, const int64_t *train, int64_t ntrain,
                       const double *y, double lambda, double tol, int64_t maxit, double *pred, int64_t *iters)
{
    kes_status s = same_shape(Phi1, Phi2);
    if (s) return s;
    if (!train || !y || !pred) return KES_EINVAL;
    if (ntrain < 1) return KES_EDIM;
    if (!(isfinite(lambda) && lambda > 0.0) || !(isfinite(scale) && scale > 0.0)) return KES_EDOM;
    /* A NaN tolerance would make every stopping test false: refuse it
     * rather than run silently to the cap. */
    if (!isfinite(tol)) return KES_EDOM;
    if (!kes__all_finite(y, (size_t)ntrain)) return KES_ENAN;
    kes_grf_op *g = NULL;
    s = kes_grf_op_create(Phi1, Phi2, scale, train, ntrain, lambda, &g);
    if (s) return s;
    double *a = kes__malloc_n((size_t)ntrain, sizeof *a);
    if (!a) {
        kes_grf_op_destroy(g);
        return KES_ENOMEM;
    }
    kes_linop op;
    kes_linop_grf(g, &op);
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = tol > 0.0 ? tol : 1e-10;
    o.max_iter = maxit > 0 ? maxit : 1000;
    o.zero_guess = 1;
    o.stop = KES_STOP_REL_B;
    kes_solve_stats st;
    s = kes_pcg_solve(&op, NULL, y, a, &o, &st);
    if (s == KES_OK || s == KES_NOCONV) {
        krr_apply(g->P, g->ne, scale, g->train, ntrain, NULL, Phi1->nrows, a, g->z, pred);
        if (iters) *iters = st.iterations;
    }
    free(a);
    kes_grf_op_destroy(g);
    return s;
}

kes_status kes_grf_solve(const kes_csr *U, const kes_grf_opts *o, kes_rng *rng, const double *b, double *x)
{
    kes_grf_opts def = kes_grf_opts_default();
    if (!o) o = &def;
    if (!U || !b || !x || !rng) return KES_EINVAL;
    if (!(o->p_halt > 0.0 && o->p_halt < 1.0)) return KES_EDOM;
    if (U->nrows <= 0) return KES_EDIM;
    if (!kes__all_finite(b, (size_t)U->nrows)) return KES_ENAN;
    /* f has max_len + 1 entries: refuse a cap whose array cannot exist */
    if (o->max_len < 0) return KES_EINVAL;
    if (o->max_len >= INT64_MAX / (int64_t)sizeof(double)) return KES_ERANGE;
    int64_t L = o->max_len > 0 ? o->max_len + 1 : (int64_t)fmax(64.0, ceil(40.0 / o->p_halt)) + 1;
    double *f = kes__malloc_n((size_t)L, sizeof *f);
    if (!f) return KES_ENOMEM;
    for (int64_t k = 0; k < L; k++) f[k] = 1.0;
    kes_csr *Phi = NULL;
    kes_status s = kes_grf_features(U, f, L, o, rng, &Phi);
    free(f);
    if (s) return s;
    s = kes_csr_matvec(Phi, b, x);
    kes_csr_destroy(Phi);
    return s;
}
