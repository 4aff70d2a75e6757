/* Tests for src/linalg/tuner.c: the public tuner object (options, errors,
 * random-stream handling, accessors, fixed omega) and save/load. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kestrel.h"

static const kes_tuner_kind all_kinds[4] = {KES_TUNER_FIXED, KES_TUNER_TSALLIS_INF, KES_TUNER_TSALLIS_INF_CB,
                                            KES_TUNER_CHEBCB};

static kes_tuner_opts ctx_opts(void)
{
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = -0.15;
    o.context_max = 0.65;
    return o;
}

/* A cost that depends on arm and context like E1: the best arm moves with c. */
static double synth_cost(int arm, double c)
{
    int best = (int)lround(4 + 14 * (0.65 - c) / 0.8);
    return 1.0 + 3.0 * abs(arm - best) + 2.0 * (c + 0.15);
}

static void tmp_path(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "%s/tuner_%s_%ld.txt", KES_TEST_BINARY_DIR, tag, (long)getpid());
}

Test(tuner, defaults_match_reference)
{
    kes_tuner_opts o = kes_tuner_opts_default();
    cr_assert_eq(o.omega_min, 1.0);
    cr_assert_eq(o.omega_max, 1.95);
    cr_assert_eq(o.n_arms, 20);
    cr_assert_eq(o.cheb_m, 6);
    cr_assert_eq(o.n_bins, 5);
    cr_assert_eq(o.cost_offset, 1.0);
    cr_assert(o.eta < 0);
    cr_assert_eq(o.estimator, KES_ESTIMATOR_REDUCED_VARIANCE);
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, NULL, &r, &t), KES_OK);
    cr_assert_eq(kes_tuner_n_arms(t), 20);
    double w[20];
    cr_assert_eq(kes_tuner_arms(t, w), KES_OK);
    /* linspace(1, 1.95, 20): step 0.05, exact end points. */
    for (int i = 0; i < 20; i++) cr_assert_float_eq(w[i], 1.0 + 0.05 * i, 1e-15);
    cr_assert_eq(w[0], 1.0);
    cr_assert_eq(w[19], 1.95);
    cr_assert_eq(kes_tuner_get_kind(t), KES_TUNER_TSALLIS_INF);
    cr_assert_eq(kes_tuner_rounds(t), 0);
    kes_tuner_destroy(t);
    kes_tuner_destroy(NULL);
}

Test(tuner, kind_names_round_trip)
{
    for (int k = 0; k < 4; k++) {
        kes_tuner_kind back;
        cr_assert_eq(kes_tuner_kind_from_name(kes_tuner_kind_name(all_kinds[k]), &back), KES_OK);
        cr_assert_eq(back, all_kinds[k]);
    }
    kes_tuner_kind back;
    cr_assert_eq(kes_tuner_kind_from_name("sor", &back), KES_EINVAL);
    cr_assert_eq(kes_tuner_kind_from_name(NULL, &back), KES_EINVAL);
    cr_assert_str_eq(kes_tuner_kind_name((kes_tuner_kind)42), "unknown");
}

Test(tuner, fixed_always_returns_its_omega)
{
    kes_tuner_opts o = kes_tuner_opts_default();
    o.omega_fixed = 1.7;
    kes_rng r;
    kes_rng_init(&r, 3, 0);
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(KES_TUNER_FIXED, &o, &r, &t), KES_OK);
    cr_assert_eq(kes_tuner_n_arms(t), 1);
    for (int i = 0; i < 50; i++) {
        double w;
        cr_assert_eq(kes_tuner_choose(t, NAN, &w), KES_OK); /* context ignored, NaN included */
        cr_assert_eq(w, 1.7);
        cr_assert_eq(kes_tuner_observe(t, 10.0 + i), KES_OK);
    }
    int64_t c;
    kes_tuner_counts(t, &c);
    cr_assert_eq(c, 50);
    double p;
    cr_assert_eq(kes_tuner_probabilities(t, 0.0, &p), KES_OK);
    cr_assert_eq(p, 1.0);
    kes_tuner_destroy(t);
}

Test(tuner, bad_options)
{
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_tuner *t = (kes_tuner *)&r; /* must stay untouched on error */
    kes_tuner *const sentinel = t;
    kes_tuner_opts o = kes_tuner_opts_default();
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, &o, NULL, &t), KES_EINVAL);
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, &o, &r, NULL), KES_EINVAL);
    cr_assert_eq(kes_tuner_create((kes_tuner_kind)7, &o, &r, &t), KES_EINVAL);
    /* Table of (kind, field edit, expected status), written out for clarity. */
    kes_tuner_opts b;
#define EXPECT(kind, stmt, st)                                                                                 \
    do {                                                                                                       \
        b = ctx_opts();                                                                                        \
        stmt;                                                                                                  \
        cr_assert_eq(kes_tuner_create(kind, &b, &r, &t), st, "%s", #stmt);                                    \
        cr_assert_eq(t, sentinel);                                                                             \
    } while (0)
    EXPECT(KES_TUNER_TSALLIS_INF, b.omega_min = 0.0, KES_EDOM);
    EXPECT(KES_TUNER_TSALLIS_INF, b.omega_max = 2.0, KES_EDOM);
    EXPECT(KES_TUNER_TSALLIS_INF, b.omega_min = 1.9; b.omega_max = 1.2, KES_EDOM);
    EXPECT(KES_TUNER_TSALLIS_INF, b.omega_min = NAN, KES_EINVAL);
    EXPECT(KES_TUNER_CHEBCB, b.omega_max = INFINITY, KES_EINVAL);
    EXPECT(KES_TUNER_TSALLIS_INF, b.n_arms = 0, KES_EINVAL);
    EXPECT(KES_TUNER_TSALLIS_INF, b.n_arms = 100000, KES_EINVAL);
    EXPECT(KES_TUNER_TSALLIS_INF, b.cost_offset = -1, KES_EINVAL);
    EXPECT(KES_TUNER_TSALLIS_INF, b.eta = NAN, KES_EINVAL);
    EXPECT(KES_TUNER_TSALLIS_INF, b.estimator = 2, KES_EINVAL);
    EXPECT(KES_TUNER_TSALLIS_INF_CB, b.estimator = -1, KES_EINVAL);
    EXPECT(KES_TUNER_CHEBCB, b.context_min = 1.0; b.context_max = 1.0, KES_EDOM);
    EXPECT(KES_TUNER_TSALLIS_INF_CB, b.context_min = 2.0, KES_EDOM);
    EXPECT(KES_TUNER_CHEBCB, b.context_max = NAN, KES_EINVAL);
    EXPECT(KES_TUNER_CHEBCB, b.context_min = -INFINITY, KES_EINVAL);
    EXPECT(KES_TUNER_CHEBCB, b.context_min = -DBL_MAX; b.context_max = DBL_MAX, KES_EDOM);
    EXPECT(KES_TUNER_CHEBCB, b.cheb_m = 0, KES_EINVAL);
    EXPECT(KES_TUNER_CHEBCB, b.cheb_m = 17, KES_EINVAL);
    EXPECT(KES_TUNER_TSALLIS_INF_CB, b.n_bins = 0, KES_EINVAL);
    EXPECT(KES_TUNER_FIXED, b.omega_fixed = 2.0, KES_EDOM);
    EXPECT(KES_TUNER_FIXED, b.omega_fixed = 0.0, KES_EDOM);
    EXPECT(KES_TUNER_FIXED, b.omega_fixed = NAN, KES_EINVAL);
#undef EXPECT
    /* The context interval only matters to the contextual kinds. */
    b = kes_tuner_opts_default();
    b.context_min = 5;
    b.context_max = -5;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, &b, &r, &t), KES_OK);
    kes_tuner_destroy(t);
    /* The estimator only matters to the Tsallis-INF kinds. */
    b = ctx_opts();
    b.estimator = 99;
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, &b, &r, &t), KES_OK);
    kes_tuner_destroy(t);
    /* One arm is allowed: it is omega_min. */
    b = kes_tuner_opts_default();
    b.n_arms = 1;
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, &b, &r, &t), KES_OK);
    double w;
    cr_assert_eq(kes_tuner_choose(t, 0.5, &w), KES_OK);
    cr_assert_eq(w, 1.0);
    cr_assert_eq(kes_tuner_observe(t, 3), KES_OK);
    kes_tuner_destroy(t);
}

Test(tuner, call_order_and_bad_costs)
{
    kes_rng r;
    kes_rng_init(&r, 2, 0);
    kes_tuner_opts o = ctx_opts();
    for (int k = 0; k < 4; k++) {
        kes_tuner *t;
        cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r, &t), KES_OK);
        int64_t arm;
        cr_assert_eq(kes_tuner_last_arm(t, &arm), KES_ESTATE);
        cr_assert_eq(kes_tuner_observe(t, 5.0), KES_ESTATE);
        double w = -1;
        cr_assert_eq(kes_tuner_choose(t, 0.1, NULL), KES_EINVAL);
        cr_assert_eq(kes_tuner_choose(NULL, 0.1, &w), KES_EINVAL);
        cr_assert_eq(kes_tuner_choose(t, 0.1, &w), KES_OK);
        cr_assert(w >= 1.0 && w <= 1.95);
        cr_assert_eq(kes_tuner_observe(t, -1.0), KES_EINVAL);
        cr_assert_eq(kes_tuner_observe(t, NAN), KES_EINVAL);
        cr_assert_eq(kes_tuner_observe(t, INFINITY), KES_EINVAL);
        cr_assert_eq(kes_tuner_observe(NULL, 1.0), KES_EINVAL);
        cr_assert_eq(kes_tuner_rounds(t), 0, "rejected costs must not count");
        cr_assert_eq(kes_tuner_observe(t, 0.0), KES_OK); /* zero is a valid cost (seconds rounding) */
        cr_assert_eq(kes_tuner_observe(t, 5.0), KES_ESTATE, "observe twice");
        cr_assert_eq(kes_tuner_rounds(t), 1);
        cr_assert_eq(kes_tuner_last_arm(t, &arm), KES_OK);
        /* A second choose replaces the pending one. */
        cr_assert(kes_tuner_choose(t, 0.1, &w) >= 0);
        cr_assert(kes_tuner_choose(t, 0.2, &w) >= 0);
        cr_assert_eq(kes_tuner_observe(t, 4.0), KES_OK);
        cr_assert_eq(kes_tuner_rounds(t), 2);
        kes_tuner_destroy(t);
    }
    cr_assert_eq(kes_tuner_rounds(NULL), 0);
    cr_assert_eq(kes_tuner_n_arms(NULL), 0);
    cr_assert_eq(kes_tuner_arms(NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_tuner_counts(NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_tuner_probabilities(NULL, 0, NULL), KES_EINVAL);
    cr_assert_eq(kes_tuner_last_arm(NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_tuner_predicted_costs(NULL, 0, NULL), KES_EINVAL);
}

Test(tuner, context_clamped_and_nan)
{
    kes_rng r;
    kes_rng_init(&r, 4, 0);
    kes_tuner_opts o = ctx_opts();
    for (int k = 2; k < 4; k++) {
        kes_tuner *t;
        cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r, &t), KES_OK);
        for (int i = 0; i < 200; i++) { /* learn something so the distribution depends on the context */
            double w, c = -0.15 + 0.8 * (i % 17) / 16.0;
            int64_t arm;
            cr_assert_eq(kes_tuner_choose(t, c, &w), KES_OK);
            kes_tuner_last_arm(t, &arm);
            cr_assert_eq(kes_tuner_observe(t, synth_cost(arm, c)), KES_OK);
        }
        double p_hi[20], p_out[20], p_lo[20], p_inf[20];
        cr_assert_eq(kes_tuner_probabilities(t, 0.65, p_hi), KES_OK);
        cr_assert_eq(kes_tuner_probabilities(t, 3.0, p_out), KES_CLAMPED);
        cr_assert_eq(kes_tuner_probabilities(t, INFINITY, p_inf), KES_CLAMPED);
        cr_assert_eq(memcmp(p_hi, p_out, sizeof p_hi), 0);
        cr_assert_eq(memcmp(p_hi, p_inf, sizeof p_hi), 0);
        cr_assert_eq(kes_tuner_probabilities(t, -0.15, p_lo), KES_OK);
        cr_assert_eq(kes_tuner_probabilities(t, -1e9, p_out), KES_CLAMPED);
        cr_assert_eq(memcmp(p_lo, p_out, sizeof p_lo), 0);
        double w = 0.5;
        cr_assert_eq(kes_tuner_choose(t, NAN, &w), KES_ENAN);
        cr_assert_eq(w, 0.5, "omega untouched on error");
        cr_assert_eq(kes_tuner_choose(t, 7.0, &w), KES_CLAMPED);
        cr_assert(w >= 1.0 && w <= 1.95);
        cr_assert_eq(kes_tuner_observe(t, 3.0), KES_OK);
        kes_tuner_destroy(t);
    }
    /* Non-contextual kinds ignore the context entirely. */
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, &o, &r, &t), KES_OK);
    double w;
    cr_assert_eq(kes_tuner_choose(t, NAN, &w), KES_OK);
    cr_assert_eq(kes_tuner_choose(t, 1e300, &w), KES_OK);
    kes_tuner_destroy(t);
}

/* Play n rounds of the synthetic table; record the arms. */
static void play(kes_tuner *t, int n, int *arms, uint64_t salt)
{
    for (int i = 0; i < n; i++) {
        double w, c = -0.15 + 0.8 * (double)((i * 7919 + salt) % 1000) / 999.0;
        cr_assert(kes_tuner_choose(t, c, &w) >= 0);
        int64_t a;
        kes_tuner_last_arm(t, &a);
        arms[i] = (int)a;
        cr_assert_eq(kes_tuner_observe(t, synth_cost(arms[i], c)), KES_OK);
    }
}

Test(tuner, reproducible_by_seed)
{
    kes_tuner_opts o = ctx_opts();
    for (int k = 1; k < 4; k++) {
        int a1[400], a2[400], a3[400];
        kes_rng r1, r2, r3;
        kes_rng_init(&r1, 11, 0);
        kes_rng_init(&r2, 11, 0);
        kes_rng_init(&r3, 12, 0);
        kes_tuner *t1, *t2, *t3;
        cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r1, &t1), KES_OK);
        cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r2, &t2), KES_OK);
        cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r3, &t3), KES_OK);
        play(t1, 400, a1, 0);
        play(t2, 400, a2, 0);
        play(t3, 400, a3, 0);
        cr_assert_eq(memcmp(a1, a2, sizeof a1), 0, "same seed, same choices");
        cr_assert_neq(memcmp(a1, a3, sizeof a1), 0, "another seed, other choices");
        kes_tuner_destroy(t1);
        kes_tuner_destroy(t2);
        kes_tuner_destroy(t3);
    }
}

Test(tuner, takes_exactly_one_draw_from_caller)
{
    kes_rng r, copy;
    kes_rng_init(&r, 99, 3);
    copy = r;
    kes_tuner *t1, *t2;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, NULL, &r, &t1), KES_OK);
    kes_rng_u64(&copy);
    cr_assert_eq(memcmp(r.s, copy.s, sizeof r.s), 0);
    /* Two tuners made one after the other from one generator differ. */
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, NULL, &r, &t2), KES_OK);
    int a1[300], a2[300];
    play(t1, 300, a1, 0);
    play(t2, 300, a2, 0);
    cr_assert_neq(memcmp(a1, a2, sizeof a1), 0);
    /* The tuner does not touch the caller's generator afterwards. */
    kes_rng before = r;
    play(t1, 10, a1, 0);
    cr_assert_eq(memcmp(r.s, before.s, sizeof r.s), 0);
    kes_tuner_destroy(t1);
    kes_tuner_destroy(t2);
}

/* A tuner with ctx_opts() and the given estimator, from seed. */
static kes_tuner *new_tuner(kes_tuner_kind kind, int estimator, uint64_t seed)
{
    kes_tuner_opts o = ctx_opts();
    o.estimator = estimator;
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(kind, &o, &r, &t), KES_OK);
    return t;
}

/* The saved state as a string (free it). */
static char *save_to_string(const kes_tuner *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&buf, &len);
    cr_assert_not_null(ms);
    cr_assert_eq(kes_tuner_save_stream(t, ms), KES_OK);
    fclose(ms);
    return buf;
}

/* Original t and restored u both have a pending choice: it must be the same
 * arm, and both observe the same cost for it. */
static void observe_pending_pair(kes_tuner *t, kes_tuner *u, double c)
{
    int64_t at, au;
    kes_tuner_last_arm(t, &at);
    kes_tuner_last_arm(u, &au);
    cr_assert_eq(at, au);
    cr_assert_eq(kes_tuner_observe(t, synth_cost(at, c)), KES_OK);
    cr_assert_eq(kes_tuner_observe(u, synth_cost(au, c)), KES_OK);
}

/* Save after n1 rounds (optionally with a pending choice), load, continue:
 * the restored tuner must behave exactly as the original. */
static void round_trip(kes_tuner_kind kind, int pending, int estimator)
{
    kes_tuner *t = new_tuner(kind, estimator, 21);
    int a[300], b1[300], b2[300];
    play(t, 300, a, 1);
    double w0 = 0;
    if (pending) cr_assert(kes_tuner_choose(t, 0.3, &w0) >= 0);
    char path[512];
    tmp_path(path, sizeof path, kes_tuner_kind_name(kind));
    cr_assert_eq(kes_tuner_save(t, path), KES_OK);
    kes_tuner *u;
    cr_assert_eq(kes_tuner_load(path, &u), KES_OK);
    remove(path);
    cr_assert_eq(kes_tuner_get_kind(u), kind);
    cr_assert_eq(kes_tuner_get_opts(u).estimator, estimator);
    cr_assert_eq(kes_tuner_rounds(u), kes_tuner_rounds(t));
    if (pending) observe_pending_pair(t, u, 0.3);
    int n = kes_tuner_n_arms(t);
    double pt[20], pu[20];
    for (double c = -0.15; c <= 0.65; c += 0.1) {
        kes_tuner_probabilities(t, c, pt);
        kes_tuner_probabilities(u, c, pu);
        cr_assert_eq(memcmp(pt, pu, sizeof(double) * n), 0, "bit-identical probabilities");
    }
    play(t, 300, b1, 2);
    play(u, 300, b2, 2);
    cr_assert_eq(memcmp(b1, b2, sizeof b1), 0, "restored tuner continues identically");
    int64_t ct[20], cu[20];
    kes_tuner_counts(t, ct);
    kes_tuner_counts(u, cu);
    cr_assert_eq(memcmp(ct, cu, sizeof(int64_t) * n), 0);
    kes_tuner_destroy(t);
    kes_tuner_destroy(u);
}

Test(tuner, save_load_round_trip)
{
    for (int k = 0; k < 4; k++)
        for (int e = KES_ESTIMATOR_REDUCED_VARIANCE; e <= KES_ESTIMATOR_IMPORTANCE_WEIGHTED; e++) {
            round_trip(all_kinds[k], 0, e);
            round_trip(all_kinds[k], 1, e);
        }
}

/* A file written before opts.estimator existed (format version 1: three
 * opts_int entries) loads with the importance-weighted estimator it was
 * learned with, and continues exactly as a version-2 file of the same
 * state does. */
Test(tuner, load_version_1_file)
{
    kes_tuner *t = new_tuner(KES_TUNER_TSALLIS_INF, KES_ESTIMATOR_IMPORTANCE_WEIGHTED, 4);
    int a[200], b1[200], b2[200];
    play(t, 200, a, 1);
    double w;
    cr_assert(kes_tuner_choose(t, 0.1, &w) >= 0); /* pending across the save */
    char *buf = save_to_string(t);
    /* Rewrite as version 1: drop the fourth opts_int entry. */
    char *v = strstr(buf, "kestrel-tuner 2"), *oi = strstr(buf, "opts_int ");
    cr_assert(v && oi);
    v[strlen("kestrel-tuner ")] = '1';
    char *eol = strchr(oi, '\n'), *last = eol;
    while (last[-1] != ' ') last--;
    cr_assert(eol - last == 1 && *last == '1'); /* the estimator entry */
    memmove(last - 1, eol, strlen(eol) + 1);
    FILE *in = fmemopen(buf, strlen(buf), "r");
    kes_tuner *u;
    cr_assert_eq(kes_tuner_load_stream(in, &u), KES_OK);
    fclose(in);
    cr_assert_eq(kes_tuner_get_opts(u).estimator, KES_ESTIMATOR_IMPORTANCE_WEIGHTED);
    observe_pending_pair(t, u, 0.1);
    play(t, 200, b1, 2);
    play(u, 200, b2, 2);
    cr_assert_eq(memcmp(b1, b2, sizeof b1), 0);
    free(buf);
    kes_tuner_destroy(t);
    kes_tuner_destroy(u);
}

Test(tuner, save_load_fresh_tuner)
{
    /* Before the first round ChebCB's kmax/kmin are infinite: they must survive. */
    kes_rng r;
    kes_rng_init(&r, 5, 0);
    kes_tuner_opts o = ctx_opts();
    kes_tuner *t, *u;
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, &o, &r, &t), KES_OK);
    char path[512];
    tmp_path(path, sizeof path, "fresh");
    cr_assert_eq(kes_tuner_save(t, path), KES_OK);
    cr_assert_eq(kes_tuner_load(path, &u), KES_OK);
    remove(path);
    int a[100], b[100];
    play(t, 100, a, 3);
    play(u, 100, b, 3);
    cr_assert_eq(memcmp(a, b, sizeof a), 0);
    kes_tuner_destroy(t);
    kes_tuner_destroy(u);
}

/* A pending Tsallis-INF choice is restored by recomputing its probabilities
 * (the reduced-variance update needs all of them); a file whose p_arm does
 * not match that recomputation was not written by kes_tuner_save. */
Test(tuner, load_rejects_inconsistent_pending)
{
    kes_tuner *t = new_tuner(KES_TUNER_TSALLIS_INF, KES_ESTIMATOR_REDUCED_VARIANCE, 6);
    int a[100];
    play(t, 100, a, 1);
    double w;
    cr_assert(kes_tuner_choose(t, 0.1, &w) >= 0);
    char *buf = save_to_string(t);
    size_t len = strlen(buf);
    kes_tuner_destroy(t);
    FILE *in = fmemopen(buf, strlen(buf), "r");
    cr_assert_eq(kes_tuner_load_stream(in, &t), KES_OK);
    fclose(in);
    kes_tuner_destroy(t);
    char *pa = strstr(buf, "p_arm "), *eol = pa ? strchr(pa, '\n') : NULL;
    cr_assert(pa && eol);
    const char *bad = "p_arm 0x1.23456p-3";
    char *c = malloc(len + strlen(bad) + 1);
    memcpy(c, buf, (size_t)(pa - buf));
    strcpy(c + (pa - buf), bad);
    strcat(c, eol);
    in = fmemopen(c, strlen(c), "r");
    t = NULL;
    cr_assert_eq(kes_tuner_load_stream(in, &t), KES_EPARSE);
    cr_assert_null(t);
    fclose(in);
    free(c);
    free(buf);
}

/* Write text to a file and try to load it. */
static kes_status load_text(const char *text)
{
    char path[512];
    tmp_path(path, sizeof path, "bad");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    kes_tuner *t = NULL;
    kes_status st = kes_tuner_load(path, &t);
    remove(path);
    if (st == KES_OK) kes_tuner_destroy(t);
    else cr_assert_null(t);
    return st;
}

Test(tuner, load_errors)
{
    kes_tuner *t = NULL;
    cr_assert_eq(kes_tuner_load(NULL, &t), KES_EINVAL);
    cr_assert_eq(kes_tuner_load("x", NULL), KES_EINVAL);
    cr_assert_eq(kes_tuner_load("/nonexistent/dir/tuner.txt", &t), KES_EIO);
    cr_assert_eq(kes_tuner_save(NULL, "x"), KES_EINVAL);
    cr_assert_eq(kes_tuner_load_stream(NULL, &t), KES_EINVAL);
    cr_assert_eq(load_text(""), KES_EPARSE);
    cr_assert_eq(load_text("hello world\n"), KES_EPARSE);
    cr_assert_eq(load_text("kestrel-tuner 2\n"), KES_EPARSE);

    /* A valid file, then damaged copies of it. */
    kes_rng r;
    kes_rng_init(&r, 8, 0);
    kes_tuner_opts o = ctx_opts();
    kes_tuner *tu;
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, &o, &r, &tu), KES_OK);
    int a[50];
    play(tu, 50, a, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *ms = open_memstream(&buf, &len);
    cr_assert_eq(kes_tuner_save_stream(tu, ms), KES_OK);
    fclose(ms);
    kes_tuner_destroy(tu);
    cr_assert_eq(load_text(buf), KES_OK);
    /* Truncations at many points all fail cleanly. */
    for (size_t cut = 0; cut + 1 < len; cut += len / 37 + 1) {
        char *c = strndup(buf, cut);
        cr_assert_eq(load_text(c), KES_EPARSE, "truncated at %zu", cut);
        free(c);
    }
    /* Inconsistent contents. */
    const struct {
        const char *from, *to;
    } edits[] = {
        {"kind chebcb", "kind chebyshev"},
        {"kind chebcb", "kind tsallis-inf"}, /* records of another kind follow */
        {"opts_int 20", "opts_int 0"},       /* n_arms = 0 */
        {"opts_int 20", "opts_int 99999999"},
        {"counts ", "counts -"},             /* negative count */
        {"state 50", "state 51"},            /* counts do not add up to the rounds */
        {"cheb_G 0x", "cheb_G nan 0x"},
        {"end", "more"},
    };
    for (size_t e = 0; e < sizeof edits / sizeof edits[0]; e++) {
        char *p = strstr(buf, edits[e].from);
        cr_assert_not_null(p, "%s", edits[e].from);
        size_t pre = (size_t)(p - buf), fl = strlen(edits[e].from), tl = strlen(edits[e].to);
        char *c = malloc(len + tl + 1);
        memcpy(c, buf, pre);
        memcpy(c + pre, edits[e].to, tl);
        strcpy(c + pre + tl, p + fl);
        cr_assert_eq(load_text(c), KES_EPARSE, "edit %zu: %s -> %s", e, edits[e].from, edits[e].to);
        free(c);
    }
    free(buf);
}
