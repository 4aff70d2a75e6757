/*
 * Online omega tuners: the public object (create / choose / observe /
 * destroy), the fixed-omega baseline, accessors and save/load.  The learners
 * themselves are in tuner_tsallis.c (Tsallis-INF, Tsallis-INF-CB; Zimmert &
 * Seldin, JMLR 2021) and tuner_chebcb.c (ChebCB; Foster & Rakhlin, ICML
 * 2020), as used by Khodak, Chow, Balcan & Talwalkar, "Learning to Relax",
 * ICLR 2024.
 */
#define _POSIX_C_SOURCE 200809L /* newlocale, uselocale */

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "core/textio.h"
#include "linalg/tuner_internal.h"

/* Stream index mixed with the caller's draw when deriving the private stream. */
#define TUNER_STREAM_TAG 0x74756e6572ULL /* "tuner" */

kes_tuner_opts kes_tuner_opts_default(void)
{
    kes_tuner_opts o;
    o.omega_min = 1.0;
    o.omega_max = 1.95;
    o.n_arms = 20;
    o.context_min = 0.0;
    o.context_max = 1.0;
    o.omega_fixed = 1.0;
    o.cheb_m = 6;
    o.n_bins = 5;
    o.cost_offset = 1.0;
    o.eta = -1.0;
    o.estimator = KES_ESTIMATOR_REDUCED_VARIANCE;
    return o;
}

static int kind_valid(kes_tuner_kind k)
{
    return k == KES_TUNER_FIXED || k == KES_TUNER_TSALLIS_INF || k == KES_TUNER_TSALLIS_INF_CB ||
           k == KES_TUNER_CHEBCB || k == KES_TUNER_AUTO;
}

static int contextual(kes_tuner_kind k) { return k == KES_TUNER_TSALLIS_INF_CB || k == KES_TUNER_CHEBCB; }

static int tsallis_kind(kes_tuner_kind k) { return k == KES_TUNER_TSALLIS_INF || k == KES_TUNER_TSALLIS_INF_CB; }

static kes_status check_opts(kes_tuner_kind kind, const kes_tuner_opts *o)
{
    if (!kind_valid(kind)) return KES_EINVAL;
    if (kind == KES_TUNER_FIXED) {
        if (!isfinite(o->omega_fixed)) return KES_EINVAL;
        if (!(o->omega_fixed > 0 && o->omega_fixed < 2)) return KES_EDOM;
        if (!(o->cost_offset >= 0 && o->cost_offset <= KES_TUNER_COST_MAX)) return KES_EINVAL;
        return KES_OK;
    }
    if (!isfinite(o->omega_min) || !isfinite(o->omega_max)) return KES_EINVAL;
    if (!(o->omega_min > 0 && o->omega_max < 2 && o->omega_min <= o->omega_max)) return KES_EDOM;
    if (o->n_arms < 1 || o->n_arms > KES_TUNER_MAX_ARMS) return KES_EINVAL;
    if (!(o->cost_offset >= 0 && o->cost_offset <= KES_TUNER_COST_MAX)) return KES_EINVAL;
    if (isnan(o->eta) || isinf(o->eta)) return KES_EINVAL;
    if (tsallis_kind(kind) && o->estimator != KES_ESTIMATOR_REDUCED_VARIANCE &&
        o->estimator != KES_ESTIMATOR_IMPORTANCE_WEIGHTED)
        return KES_EINVAL;
    if (contextual(kind)) {
        if (!isfinite(o->context_min) || !isfinite(o->context_max)) return KES_EINVAL;
        if (!(o->context_min < o->context_max)) return KES_EDOM;
        if (!isfinite(o->context_max - o->context_min)) return KES_EDOM;
    }
    if (kind == KES_TUNER_CHEBCB && (o->cheb_m < 1 || o->cheb_m > KES_TUNER_MAX_CHEB)) return KES_EINVAL;
    if (kind == KES_TUNER_TSALLIS_INF_CB && (o->n_bins < 1 || o->n_bins > KES_TUNER_MAX_BINS))
        return KES_EINVAL;
    return KES_OK;
}

void kes_tuner_destroy(kes_tuner *t)
{
    if (!t) return;
    free(t->grid);
    free(t->counts);
    free(t->p);
    free(t->K);
    free(t->sumk);
    free(t->tb);
    free(t->G);
    free(t->h);
    free(t->yy);
    free(t->theta);
    free(t->phi);
    free(t->work);
    free(t->ast);
    free(t);
}

/* Allocate and zero the state for validated options; the random stream is
 * left for the caller to set. */
static kes_status tuner_alloc(kes_tuner_kind kind, const kes_tuner_opts *o, kes_tuner **out)
{
    kes_tuner *t = calloc(1, sizeof *t);
    if (!t) return KES_ENOMEM;
    t->kind = kind;
    t->o = *o;
    t->d = kind == KES_TUNER_FIXED ? 1 : kind == KES_TUNER_AUTO ? KES_AUTO_ARMS : (int)o->n_arms;
    t->last_arm = -1;
    const size_t d = (size_t)t->d;
    t->grid = kes__malloc_n(d, sizeof(double));
    t->counts = kes__calloc_n(d, sizeof(int64_t));
    t->p = kes__malloc_n(d, sizeof(double));
    int ok = t->grid && t->counts && t->p;
    if (tsallis_kind(kind)) {
        t->nb = kind == KES_TUNER_TSALLIS_INF_CB ? (int)o->n_bins : 1;
        t->K = kes__calloc_n((size_t)t->nb * d, sizeof(double));
        t->sumk = kes__calloc_n((size_t)t->nb, sizeof(double));
        t->tb = kes__calloc_n((size_t)t->nb, sizeof(int64_t));
        ok = ok && t->K && t->sumk && t->tb;
    }
    if (kind == KES_TUNER_CHEBCB) {
        const size_t m = (size_t)o->cheb_m;
        t->m = (int)o->cheb_m;
        t->G = kes__calloc_n(d * m * m, sizeof(double));
        t->h = kes__calloc_n(d * m, sizeof(double));
        t->yy = kes__calloc_n(d, sizeof(double));
        t->theta = kes__calloc_n(d * m, sizeof(double));
        t->phi = kes__calloc_n(m, sizeof(double));
        t->work = kes__calloc_n(2 * m * m + 2 * m, sizeof(double));
        ok = ok && t->G && t->h && t->yy && t->theta && t->phi && t->work;
        t->kmax = -INFINITY;
        t->kmin = INFINITY;
        t->eta = o->eta >= 0 ? o->eta : 0.0; /* eta = 0 at t = 1: the first round is uniform */
    }
    if (kind == KES_TUNER_AUTO) {
        t->ast = kes__calloc_n(d * KES_AUTO_STATS, sizeof(double));
        ok = ok && t->ast;
    }
    if (!ok) {
        kes_tuner_destroy(t);
        return KES_ENOMEM;
    }
    if (kind == KES_TUNER_FIXED) {
        t->grid[0] = o->omega_fixed;
    } else if (kind == KES_TUNER_AUTO) {
        kes__auto_grid(t);
    } else {
        for (int i = 0; i < t->d; i++)
            t->grid[i] = t->d == 1 ? o->omega_min
                                   : o->omega_min + (o->omega_max - o->omega_min) * i / (double)(t->d - 1);
        t->grid[t->d - 1] = t->d == 1 ? o->omega_min : o->omega_max; /* exact end point */
    }
    *out = t;
    return KES_OK;
}

kes_status kes_tuner_create(kes_tuner_kind kind, const kes_tuner_opts *o, kes_rng *rng, kes_tuner **t)
{
    if (!t || !rng) return KES_EINVAL;
    kes_tuner_opts def = kes_tuner_opts_default();
    if (!o) o = &def;
    kes_status st = check_opts(kind, o);
    if (st != KES_OK) return st;
    kes_tuner *nt;
    st = tuner_alloc(kind, o, &nt);
    if (st != KES_OK) return st;
    /* One draw from the caller: tuners made one after another from the same
     * generator get different streams, and the caller's later draws do not
     * depend on what the tuner does. */
    uint64_t key = kes_rng_u64(rng);
    kes_rng_split_init(rng, key ^ TUNER_STREAM_TAG, &nt->rng);
    *t = nt;
    return KES_OK;
}

double kes__tuner_context_z(const kes_tuner *t, double c)
{
    double a = t->o.context_min, b = t->o.context_max;
    double z = 2.0 * (c - a) / (b - a) - 1.0;
    return z < -1 ? -1 : (z > 1 ? 1 : z);
}

/* Inverse-CDF sampling; the last arm with p > 0 absorbs rounding. */
int kes__tuner_sample(kes_rng *rng, const double *p, int d)
{
    double u = kes_rng_uniform(rng), c = 0.0;
    int last = 0;
    for (int i = 0; i < d; i++) {
        if (p[i] > 0) last = i;
        c += p[i];
        if (u < c) return i;
    }
    return last;
}

/* Context check shared by choose and the accessors. */
static kes_status fix_context(const kes_tuner *t, double *c)
{
    if (!contextual(t->kind)) return KES_OK;
    if (isnan(*c)) return KES_ENAN;
    if (*c < t->o.context_min) {
        *c = t->o.context_min;
        return KES_CLAMPED;
    }
    if (*c > t->o.context_max) {
        *c = t->o.context_max;
        return KES_CLAMPED;
    }
    return KES_OK;
}

/* Probabilities at context c (already clamped) into p; for ChebCB phi is the
 * feature workspace to fill. */
static void probs_at(const kes_tuner *t, double c, double *phi, double *p)
{
    switch (t->kind) {
    case KES_TUNER_FIXED:
        p[0] = 1.0;
        break;
    case KES_TUNER_TSALLIS_INF:
    case KES_TUNER_TSALLIS_INF_CB:
        kes__tsallis_probs(t, kes__tsallis_bin(t, c), p);
        break;
    case KES_TUNER_CHEBCB:
        kes__cheb_features(kes__tuner_context_z(t, c), t->m, phi);
        kes__cheb_probs(t, phi, p);
        break;
    case KES_TUNER_AUTO: {
        /* deterministic: the decision, with every other arm at the floor */
        double base;
        int arm = kes__auto_decide(t, &base);
        for (int i = 0; i < t->d; i++) p[i] = i == arm ? 1.0 : 0.0;
        tuner_floor_probs(p, t->d);
        break;
    }
    }
}

kes_status kes_tuner_choose(kes_tuner *t, double context, double *omega)
{
    if (!t || !omega) return KES_EINVAL;
    /* +-Inf are clamped like any out-of-range value; only NaN is refused. */
    kes_status st = fix_context(t, &context);
    if (st < 0) return st;
    int arm;
    if (t->kind == KES_TUNER_AUTO) {
        arm = kes__auto_decide(t, &t->pend_base);
        t->pend_x = kes__auto_x(t);
        t->p_arm = 1.0;
    } else {
        probs_at(t, context, t->phi, t->p);
        arm = t->kind == KES_TUNER_FIXED ? 0 : kes__tuner_sample(&t->rng, t->p, t->d);
        t->p_arm = t->p[arm];
    }
    t->last_arm = arm;
    t->last_bin = t->kind == KES_TUNER_TSALLIS_INF_CB ? kes__tsallis_bin(t, context) : 0;
    if (t->kind == KES_TUNER_CHEBCB) {
        double s = 0.0;
        for (int j = 0; j < t->m; j++) s += t->theta[(size_t)arm * t->m + j] * t->phi[j];
        t->pred = s;
    }
    t->pending = 1;
    *omega = t->grid[arm];
    return st;
}

kes_status kes_tuner_observe(kes_tuner *t, double cost)
{
    if (!t) return KES_EINVAL;
    if (!isfinite(cost) || cost < 0) return KES_EINVAL;
    /* The bound keeps every running sum finite (see KES_TUNER_COST_MAX);
     * the round counter must not wrap. */
    if (cost > KES_TUNER_COST_MAX) return KES_ERANGE;
    if (!t->pending) return KES_ESTATE;
    if (t->t == INT64_MAX) return KES_ERANGE;
    switch (t->kind) {
    case KES_TUNER_FIXED: break;
    case KES_TUNER_TSALLIS_INF:
    case KES_TUNER_TSALLIS_INF_CB: kes__tsallis_observe(t, cost); break;
    case KES_TUNER_CHEBCB: kes__cheb_observe(t, cost); break;
    case KES_TUNER_AUTO: kes__auto_observe(t, cost); break;
    }
    t->counts[t->last_arm] += 1;
    t->t += 1;
    t->pending = 0;
    return KES_OK;
}

kes_status kes_tuner_set_system(kes_tuner *t, const kes_csr *A)
{
    if (!t) return KES_EINVAL;
    if (A && (A->nrows <= 0 || A->nrows != A->ncols)) return KES_EDIM;
    /* The other kinds choose without the matrix; checking it anyway keeps
     * one contract for every kind. */
    if (t->kind != KES_TUNER_AUTO) return KES_OK;
    /* A pending choice keeps the record of the system it was made for; only
     * the next choose sees the new one. */
    return kes__auto_set_system(t, A);
}

/* ------------------------------------------------------------ accessors */

kes_tuner_kind kes_tuner_get_kind(const kes_tuner *t) { return t ? t->kind : KES_TUNER_FIXED; }

static const char *const kind_names[] = {"fixed", "tsallis-inf", "tsallis-inf-cb", "chebcb", "auto"};

const char *kes_tuner_kind_name(kes_tuner_kind kind)
{
    return kind_valid(kind) ? kind_names[kind] : "unknown";
}

kes_status kes_tuner_kind_from_name(const char *name, kes_tuner_kind *kind)
{
    if (!name || !kind) return KES_EINVAL;
    for (int k = 0; k < 5; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *kind = (kes_tuner_kind)k;
            return KES_OK;
        }
    return KES_EINVAL;
}

kes_tuner_opts kes_tuner_get_opts(const kes_tuner *t) { return t ? t->o : kes_tuner_opts_default(); }

int64_t kes_tuner_n_arms(const kes_tuner *t) { return t ? t->d : 0; }

kes_status kes_tuner_arms(const kes_tuner *t, double *omega)
{
    if (!t || !omega) return KES_EINVAL;
    memcpy(omega, t->grid, (size_t)t->d * sizeof(double));
    return KES_OK;
}

kes_status kes_tuner_probabilities(const kes_tuner *t, double context, double *p)
{
    if (!t || !p) return KES_EINVAL;
    kes_status st = fix_context(t, &context);
    if (st < 0) return st;
    double phi[KES_TUNER_MAX_CHEB];
    probs_at(t, context, phi, p);
    return st;
}

kes_status kes_tuner_counts(const kes_tuner *t, int64_t *counts)
{
    if (!t || !counts) return KES_EINVAL;
    memcpy(counts, t->counts, (size_t)t->d * sizeof(int64_t));
    return KES_OK;
}

int64_t kes_tuner_rounds(const kes_tuner *t) { return t ? t->t : 0; }

kes_status kes_tuner_last_arm(const kes_tuner *t, int64_t *arm)
{
    if (!t || !arm) return KES_EINVAL;
    if (t->last_arm < 0) return KES_ESTATE;
    *arm = t->last_arm;
    return KES_OK;
}

kes_status kes_tuner_predicted_costs(const kes_tuner *t, double context, double *cost)
{
    if (!t || !cost) return KES_EINVAL;
    if (t->kind != KES_TUNER_CHEBCB) return KES_ENOTSUP;
    kes_status st = fix_context(t, &context);
    if (st < 0) return st;
    double phi[KES_TUNER_MAX_CHEB];
    kes__cheb_features(kes__tuner_context_z(t, context), t->m, phi);
    for (int i = 0; i < t->d; i++) {
        double s = 0.0;
        for (int j = 0; j < t->m; j++) s += t->theta[(size_t)i * t->m + j] * phi[j];
        cost[i] = t->o.cost_offset + t->S * s;
    }
    return st;
}

/* ---------------------------------------------------------- persistence */

/* Format (version 1), one record per line, "key values...": doubles in C99
 * hex ("%a") so that the round trip is bit-exact, integers in decimal.
 * Records appear in a fixed order, so the reader simply expects them. */
#define TUNER_MAGIC "kestrel-tuner"
/* Version 2 added opts.estimator; version 1 files (written before it existed)
 * load with the importance-weighted estimator they were learned with. */
#define TUNER_VERSION 3 /* 3 added the auto kind */

static int put_doubles(FILE *f, const char *key, const double *x, size_t n)
{
    if (fprintf(f, "%s", key) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (fprintf(f, " %a", x[i]) < 0) return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}

static int put_ints(FILE *f, const char *key, const int64_t *x, size_t n)
{
    if (fprintf(f, "%s", key) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (fprintf(f, " %" PRId64, x[i]) < 0) return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}

static kes_status save_body(const kes_tuner *t, FILE *f)
{
    const kes_tuner_opts *o = &t->o;
    const size_t d = (size_t)t->d;
    int e = 0;
    /* The other kinds keep writing version 2, which older libraries read. */
    e |= fprintf(f, "%s %d\nkind %s\n", TUNER_MAGIC, t->kind == KES_TUNER_AUTO ? TUNER_VERSION : 2,
                 kind_names[t->kind]) < 0;
    double od[7] = {o->omega_min, o->omega_max, o->context_min, o->context_max, o->omega_fixed, o->cost_offset,
                    o->eta};
    int64_t oi[4] = {o->n_arms, o->cheb_m, o->n_bins, o->estimator};
    e |= put_doubles(f, "opts_real", od, 7);
    e |= put_ints(f, "opts_int", oi, 4);
    int64_t rs[7] = {(int64_t)t->rng.s[0], (int64_t)t->rng.s[1], (int64_t)t->rng.s[2], (int64_t)t->rng.s[3],
                     (int64_t)t->rng.seed, (int64_t)t->rng.stream, t->rng.has_spare};
    e |= put_ints(f, "rng", rs, 7);
    e |= put_doubles(f, "rng_spare", &t->rng.spare, 1);
    int64_t st[5] = {t->t, t->pending, t->last_arm, t->last_bin, 0};
    e |= put_ints(f, "state", st, 5);
    e |= put_doubles(f, "p_arm", &t->p_arm, 1);
    e |= put_ints(f, "counts", t->counts, d);
    if (t->K) {
        e |= put_doubles(f, "tsallis_K", t->K, (size_t)t->nb * d);
        e |= put_doubles(f, "tsallis_sumk", t->sumk, (size_t)t->nb);
        e |= put_ints(f, "tsallis_t", t->tb, (size_t)t->nb);
    }
    if (t->ast) {
        int64_t ai[6] = {t->have_model, t->have_ref, t->ref_hash, t->ref_n, t->ref_nnz, t->lanczos_runs};
        double ad[6] = {t->lam, t->pend_x, t->pend_base, t->acc_paid, t->acc_base, t->ref_lam};
        e |= put_ints(f, "auto_int", ai, 6);
        e |= put_doubles(f, "auto_real", ad, 6);
        e |= put_doubles(f, "auto_ref", t->ref_f, 6);
        e |= put_doubles(f, "auto_stats", t->ast, d * KES_AUTO_STATS);
    }
    if (t->G) {
        const size_t m = (size_t)t->m;
        double g[10] = {t->eta, t->S, t->kmax, t->kmin, t->resnorm, t->spp, t->spk, t->skk, t->pred, 0.0};
        e |= put_doubles(f, "cheb_scalars", g, 10);
        e |= put_doubles(f, "cheb_phi", t->phi, m);
        e |= put_doubles(f, "cheb_G", t->G, d * m * m);
        e |= put_doubles(f, "cheb_h", t->h, d * m);
        e |= put_doubles(f, "cheb_yy", t->yy, d);
        e |= put_doubles(f, "cheb_theta", t->theta, d * m);
    }
    e |= fprintf(f, "end\n") < 0;
    return e ? KES_EIO : KES_OK;
}


kes_status kes_tuner_save_stream(const kes_tuner *t, FILE *f)
{
    if (!t || !f) return KES_EINVAL;
    kes__c_numeric cn;
    if (kes__c_numeric_enter(&cn)) return KES_ENOMEM;
    kes_status st = save_body(t, f);
    kes__c_numeric_leave(&cn);
    return st;
}

kes_status kes_tuner_save(const kes_tuner *t, const char *path)
{
    if (!t || !path) return KES_EINVAL;
    FILE *f = fopen(path, "w");
    if (!f) return KES_EIO;
    kes_status st = kes_tuner_save_stream(t, f);
    if (fclose(f) != 0 && st == KES_OK) st = KES_EIO;
    return st;
}


static int expect_key(FILE *f, const char *key)
{
    char buf[64];
    return kes__text_token(f, buf, sizeof buf) == 0 && strcmp(buf, key) == 0 ? 0 : -1;
}

static int get_doubles(FILE *f, const char *key, double *x, size_t n, int finite)
{
    if (expect_key(f, key)) return -1;
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        char *end;
        if (kes__text_token(f, buf, sizeof buf)) return -1;
        x[i] = strtod(buf, &end);
        if (*end != '\0' || end == buf) return -1;
        if (finite && !isfinite(x[i])) return -1;
    }
    return 0;
}

static int get_ints(FILE *f, const char *key, int64_t *x, size_t n, int64_t lo, int64_t hi)
{
    if (expect_key(f, key)) return -1;
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        char *end;
        if (kes__text_token(f, buf, sizeof buf)) return -1;
        errno = 0;
        long long v = strtoll(buf, &end, 10);
        if (*end != '\0' || end == buf || errno) return -1;
        if (v < lo || v > hi) return -1;
        x[i] = (int64_t)v;
    }
    return 0;
}

/* The consistency checks below recompute a value the file also stores
 * (the scale, a pending prediction or probability).  The same build gives
 * the same bits, but another build of the library (other compiler, FMA
 * contraction, libm) may differ in the last places, and its files must
 * load too; a value that was edited or belongs to another state is off by
 * far more than 1e-9. */
static int near(double stored, double recomputed)
{
    return fabs(stored - recomputed) <= 1e-9 * fabs(recomputed);
}

/* Add n non-negative counts without overflow; -1 when one is negative or
 * the total would pass cap. */
static int sum_counts(const int64_t *c, size_t n, int64_t cap, int64_t *sum)
{
    int64_t s = 0;
    for (size_t i = 0; i < n; i++) {
        if (c[i] < 0 || c[i] > cap - s) return -1;
        s += c[i];
    }
    *sum = s;
    return 0;
}

/* Tsallis-INF state: bin rounds that add up to the tuner's rounds, cost sums
 * that costs in [0, KES_TUNER_COST_MAX] can produce (they bound the loss
 * scale, so the estimator's increments stay finite), and a pending choice
 * that the state reproduces. */
static int tsallis_state_bad(kes_tuner *t)
{
    int64_t sum;
    if (sum_counts(t->tb, (size_t)t->nb, t->t, &sum) || sum != t->t) return 1;
    for (int j = 0; j < t->nb; j++)
        if (!(t->sumk[j] >= 0 && t->sumk[j] <= 2.0 * (double)t->tb[j] * KES_TUNER_COST_MAX)) return 1;
    /* The reduced-variance update needs every probability of the pending
     * round, not only p_arm.  The state has not changed since that choose,
     * so recomputing gives the same numbers; a file whose p_arm disagrees
     * was not written by kes_tuner_save. */
    if (t->pending) {
        kes__tsallis_probs(t, t->last_bin, t->p);
        if (!near(t->p_arm, t->p[t->last_arm])) return 1;
    }
    return 0;
}

/* ChebCB state: the bounds that kes__cheb_observe keeps, so that a loaded
 * state continues without overflow.  With K = max(kmax, offset) every
 * shifted cost has |y| <= K and every feature |phi_j| <= 1, so per arm
 * G_00 = count, |G_jk| <= count, |h_j| <= count K, yy <= count K^2;
 * every coefficient lies in the box, |theta_j| <= 1, so |pred| <= m; the
 * factor 2 covers rounding in the sums. */
static int cheb_state_bad(kes_tuner *t)
{
    const int d = t->d, m = t->m;
    if (!(t->eta >= 0)) return 1;
    if (t->t == 0) {
        if (t->kmax != -INFINITY || t->kmin != INFINITY || t->S != 0 || t->spp != 0 || t->spk != 0 ||
            t->skk != 0)
            return 1;
    } else {
        if (!(t->kmin >= 0 && t->kmin <= t->kmax && t->kmax <= KES_TUNER_COST_MAX)) return 1;
        double spread, N;
        if (!near(t->S, kes__cheb_scale(t, &spread, &N))) return 1;
    }
    double K = fmax(fmax(t->t > 0 ? t->kmax : 0.0, t->o.cost_offset), 1e-300);
    double T = (double)t->t, km = t->t > 0 ? t->kmax : 0.0;
    if (!(t->spp >= 0 && t->spp <= 2.0 * T * m * m)) return 1;
    if (!(fabs(t->spk) <= 2.0 * T * m * km)) return 1;
    if (!(t->skk >= 0 && t->skk <= 2.0 * T * km * km)) return 1;
    for (int i = 0; i < d; i++) {
        const double c = (double)t->counts[i];
        const double *G = t->G + (size_t)i * m * m, *h = t->h + (size_t)i * m, *th = t->theta + (size_t)i * m;
        if (G[0] != c && c <= 0x1p53) return 1; /* a sum of ones, exact below 2^53 */
        for (int j = 0; j < m * m; j++)
            if (!(fabs(G[j]) <= 2.0 * c)) return 1;
        for (int j = 0; j < m; j++)
            if (!(fabs(h[j]) <= 2.0 * c * K) || !(fabs(th[j]) <= 1.0)) return 1;
        if (!(t->yy[i] >= 0 && t->yy[i] <= 2.0 * c * K * K)) return 1;
    }
    for (int j = 0; j < m; j++)
        if (!(fabs(t->phi[j]) <= 1.0 + 1e-9)) return 1;
    if (!(fabs(t->pred) <= m * (1.0 + 1e-9))) return 1;
    /* A pending choice was drawn from this very state: its prediction and
     * probability recompute (a prediction is a sum of m terms of size <= 1,
     * hence the absolute tolerance). */
    if (t->pending) {
        if (t->phi[0] != 1.0) return 1;
        double s = 0.0;
        for (int j = 0; j < m; j++) s += t->theta[(size_t)t->last_arm * m + j] * t->phi[j];
        if (!(fabs(s - t->pred) <= 1e-9 * m)) return 1;
        kes__cheb_probs(t, t->phi, t->p);
        if (!near(t->p_arm, t->p[t->last_arm])) return 1;
    }
    return 0;
}

/* AUTO state: flags 0/1, lambdas in (0, 1], sums that the observations
 * (finite x, finite y) produce, a pending round that matches the state. */
static int auto_state_bad(kes_tuner *t, int64_t ver)
{
    if (ver < 3) return 1;
    if ((t->have_model != 0 && t->have_model != 1) || (t->have_ref != 0 && t->have_ref != 1)) return 1;
    if (t->have_model && !(t->lam >= 1e-12 && t->lam <= 1.0)) return 1;
    if (!t->have_model && t->lam != 0.0) return 1;
    if (t->have_ref && !(t->ref_lam >= 1e-12 && t->ref_lam <= 1.0 && t->ref_n > 0 && t->ref_nnz >= 0)) return 1;
    if (t->lanczos_runs < 0) return 1;
    /* x = log(1/lam) <= 28, y = log(cost + offset) in [-691, 231] */
    for (int j = 0; j < t->d; j++) {
        const double *s = t->ast + (size_t)j * KES_AUTO_STATS, c = (double)t->counts[j];
        if (!(s[0] >= 0 && s[0] <= 28.0 * c && fabs(s[1]) <= 700.0 * c && fabs(s[2]) <= 28.0 * 700.0 * c &&
              s[3] >= 0 && s[3] <= 28.0 * 28.0 * c && s[4] >= 0 && s[4] <= 700.0 * 700.0 * c))
            return 1;
    }
    if (!(t->acc_paid >= 0 && t->acc_base >= 0 && isfinite(t->acc_paid) && isfinite(t->acc_base))) return 1;
    if (t->acc_paid > 2.0 * (double)t->t * KES_TUNER_COST_MAX) return 1;
    if (!(t->pend_x >= 0 && t->pend_x <= 28.0)) return 1;
    if (t->pending && t->counts[0] > 0 && !(t->pend_base >= 0 && isfinite(t->pend_base))) return 1;
    if (t->pending && !(t->p_arm == 1.0)) return 1;
    kes__auto_grid(t);
    return 0;
}

static kes_status load_body(FILE *f, kes_tuner **out)
{
    char buf[64];
    int64_t ver;
    if (expect_key(f, TUNER_MAGIC) || kes__text_token(f, buf, sizeof buf)) return KES_EPARSE;
    ver = strtoll(buf, NULL, 10);
    if (ver < 1 || ver > TUNER_VERSION) return KES_EPARSE;
    kes_tuner_kind kind;
    if (expect_key(f, "kind") || kes__text_token(f, buf, sizeof buf) || kes_tuner_kind_from_name(buf, &kind))
        return KES_EPARSE;
    double od[7];
    int64_t oi[4] = {0, 0, 0, KES_ESTIMATOR_IMPORTANCE_WEIGHTED};
    if (get_doubles(f, "opts_real", od, 7, 0) ||
        get_ints(f, "opts_int", oi, ver == 1 ? 3 : 4, INT32_MIN, INT32_MAX))
        return KES_EPARSE;
    kes_tuner_opts o = {.omega_min = od[0], .omega_max = od[1], .context_min = od[2], .context_max = od[3],
                        .omega_fixed = od[4], .cost_offset = od[5], .eta = od[6], .n_arms = oi[0],
                        .cheb_m = oi[1], .n_bins = oi[2], .estimator = (kes_tuner_estimator)oi[3]};
    if (check_opts(kind, &o) != KES_OK) return KES_EPARSE;
    kes_tuner *t;
    kes_status st = tuner_alloc(kind, &o, &t);
    if (st != KES_OK) return st;
    const size_t d = (size_t)t->d;
    int64_t rs[7], s5[5];
    int e = get_ints(f, "rng", rs, 7, INT64_MIN, INT64_MAX);
    e = e || get_doubles(f, "rng_spare", &t->rng.spare, 1, 1);
    if (!e) {
        for (int i = 0; i < 4; i++) t->rng.s[i] = (uint64_t)rs[i];
        t->rng.seed = (uint64_t)rs[4];
        t->rng.stream = (uint64_t)rs[5];
        t->rng.has_spare = rs[6] != 0;
        e = (t->rng.s[0] | t->rng.s[1] | t->rng.s[2] | t->rng.s[3]) == 0;
    }
    /* Rounds < INT64_MAX: the state must be able to count one more. */
    e = e || get_ints(f, "state", s5, 5, -1, INT64_MAX - 1);
    e = e || get_doubles(f, "p_arm", &t->p_arm, 1, 1);
    e = e || get_ints(f, "counts", t->counts, d, 0, INT64_MAX);
    if (!e) {
        t->t = s5[0];
        t->pending = s5[1] != 0;
        t->last_arm = (int)(s5[2] < (int64_t)d ? s5[2] : -2);
        t->last_bin = (int)(s5[3] < (t->nb > 0 ? t->nb : 1) ? s5[3] : -1);
        e = t->t < 0 || t->last_arm < -1 || t->last_bin < 0 || (t->pending && t->last_arm < 0) ||
            (t->pending && !(t->p_arm > 0 && t->p_arm <= 1));
        int64_t sum;
        e = e || sum_counts(t->counts, d, t->t, &sum) || sum != t->t;
    }
    if (!e && t->K) {
        e = get_doubles(f, "tsallis_K", t->K, (size_t)t->nb * d, 1) ||
            get_doubles(f, "tsallis_sumk", t->sumk, (size_t)t->nb, 1) ||
            get_ints(f, "tsallis_t", t->tb, (size_t)t->nb, 0, INT64_MAX);
        e = e || tsallis_state_bad(t);
    }
    if (!e && t->G) {
        const size_t m = (size_t)t->m;
        double g[10];
        e = get_doubles(f, "cheb_scalars", g, 10, 0) || get_doubles(f, "cheb_phi", t->phi, m, 1) ||
            get_doubles(f, "cheb_G", t->G, d * m * m, 1) || get_doubles(f, "cheb_h", t->h, d * m, 1) ||
            get_doubles(f, "cheb_yy", t->yy, d, 1) || get_doubles(f, "cheb_theta", t->theta, d * m, 1);
        if (!e) {
            t->eta = g[0];
            t->S = g[1];
            t->kmax = g[2];
            t->kmin = g[3];
            t->resnorm = g[4];
            t->spp = g[5];
            t->spk = g[6];
            t->skk = g[7];
            t->pred = g[8];
            /* kmax/kmin are +-Inf before the first round; everything else is finite. */
            for (int i = 0; i < 10 && !e; i++) e = isnan(g[i]) || (i != 2 && i != 3 && !isfinite(g[i]));
            e = e || cheb_state_bad(t);
        }
    }
    if (!e && t->ast) {
        int64_t ai[6];
        double ad[6];
        e = get_ints(f, "auto_int", ai, 6, INT64_MIN, INT64_MAX) || get_doubles(f, "auto_real", ad, 6, 0) ||
            get_doubles(f, "auto_ref", t->ref_f, 6, 1) ||
            get_doubles(f, "auto_stats", t->ast, d * KES_AUTO_STATS, 1);
        if (!e) {
            t->have_model = (int)ai[0];
            t->have_ref = (int)ai[1];
            t->ref_hash = ai[2];
            t->ref_n = ai[3];
            t->ref_nnz = ai[4];
            t->lanczos_runs = ai[5];
            t->lam = ad[0];
            t->pend_x = ad[1];
            t->pend_base = ad[2];
            t->acc_paid = ad[3];
            t->acc_base = ad[4];
            t->ref_lam = ad[5];
            e = auto_state_bad(t, ver);
        }
    }
    e = e || expect_key(f, "end");
    if (e) {
        kes_tuner_destroy(t);
        return KES_EPARSE;
    }
    *out = t;
    return KES_OK;
}

kes_status kes_tuner_load_stream(FILE *f, kes_tuner **out)
{
    if (!f || !out) return KES_EINVAL;
    kes__c_numeric cn;
    if (kes__c_numeric_enter(&cn)) return KES_ENOMEM;
    kes_status st = load_body(f, out);
    kes__c_numeric_leave(&cn);
    return st;
}

kes_status kes_tuner_load(const char *path, kes_tuner **t)
{
    if (!path || !t) return KES_EINVAL;
    FILE *f = fopen(path, "r");
    if (!f) return KES_EIO;
    kes_status st = kes_tuner_load_stream(f, t);
    fclose(f);
    return st;
}
