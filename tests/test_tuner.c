/* Tests for src/linalg/tuner.c: the public tuner object (options, errors,
 * random-stream handling, accessors, fixed omega) and save/load. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <float.h>
#include <locale.h>
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

/* ------------------------------------------------ hardening of the state */

/* Check what the header promises of a probability vector: finite, every
 * entry > 0, sum 1 within 1e-12 (d <= 20 entries each rounded once by the
 * final division: the sum is off by at most about 20 eps). */
static void assert_probs_ok(const kes_tuner *t, double c, const char *what)
{
    double p[20];
    cr_assert(kes_tuner_probabilities(t, c, p) >= 0, "%s", what);
    int64_t d = kes_tuner_n_arms(t);
    double sum = 0;
    for (int64_t i = 0; i < d; i++) {
        cr_assert(isfinite(p[i]) && p[i] > 0, "%s: p[%lld] = %g", what, (long long)i, p[i]);
        sum += p[i];
    }
    cr_assert(fabs(sum - 1.0) <= 1e-12, "%s: sum %.17g", what, sum);
}

/* Replace the record "key ..." of a saved state (a string) by "key rest". */
static char *with_record(const char *buf, const char *key, const char *rest)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\n%s ", key);
    const char *p = strstr(buf, pat);
    cr_assert_not_null(p, "record %s", key);
    p++;
    const char *eol = strchr(p, '\n');
    size_t pre = (size_t)(p - buf);
    char *c = malloc(strlen(buf) + strlen(key) + strlen(rest) + 4);
    memcpy(c, buf, pre);
    sprintf(c + pre, "%s %s%s", key, rest, eol);
    return c;
}

static kes_status load_string(const char *s, kes_tuner **t)
{
    FILE *in = fmemopen((void *)s, strlen(s), "r");
    cr_assert_not_null(in);
    *t = NULL;
    kes_status st = kes_tuner_load_stream(in, t);
    fclose(in);
    return st;
}

/* One observed round of a Tsallis-INF-CB tuner (played arm a, bin b), with
 * the round counters rewritten to `rounds`: every counter that the next
 * observe increments (rounds, the arm's count, the bin's total) is then
 * `rounds`. */
static char *state_with_rounds(const char *rounds, kes_tuner_kind kind)
{
    kes_tuner *t = new_tuner(kind, KES_ESTIMATOR_REDUCED_VARIANCE, 9);
    double w;
    cr_assert(kes_tuner_choose(t, 0.1, &w) >= 0);
    cr_assert_eq(kes_tuner_observe(t, 5.0), KES_OK);
    int64_t a;
    kes_tuner_last_arm(t, &a);
    int bin = kind == KES_TUNER_TSALLIS_INF_CB ? (int)floor((0.1 + 0.15) / 0.8 * 5) : 0;
    char *buf = save_to_string(t);
    kes_tuner_destroy(t);
    char rec[512] = "", *c1, *c2, *c3;
    snprintf(rec, sizeof rec, "%s 0 %lld %d 0", rounds, (long long)a, bin);
    c1 = with_record(buf, "state", rec);
    rec[0] = '\0';
    for (int i = 0; i < 20; i++) {
        size_t l = strlen(rec);
        snprintf(rec + l, sizeof rec - l, "%s%s", i ? " " : "", i == a ? rounds : "0");
    }
    c2 = with_record(c1, "counts", rec);
    if (kind == KES_TUNER_TSALLIS_INF_CB) {
        rec[0] = '\0';
        for (int i = 0; i < 5; i++) {
            size_t l = strlen(rec);
            snprintf(rec + l, sizeof rec - l, "%s%s", i ? " " : "", i == bin ? rounds : "0");
        }
        c3 = with_record(c2, "tsallis_t", rec);
    } else {
        c3 = with_record(c2, "tsallis_t", rounds);
    }
    free(buf);
    free(c1);
    free(c2);
    return c3;
}

/* Counters at INT64_MAX cannot count the next round (signed overflow in
 * observe, in the bin total and in eta_scale's t + 1): such states are
 * refused.  One below loads and takes exactly one more round; the next
 * observe is refused with KES_ERANGE and changes nothing. */
Test(tuner, counters_near_int64_max)
{
    for (int k = 1; k <= 2; k++) {
        kes_tuner_kind kind = all_kinds[k];
        kes_tuner *t;
        char *s = state_with_rounds("9223372036854775807", kind);
        cr_assert_eq(load_string(s, &t), KES_EPARSE, "%s at INT64_MAX", kes_tuner_kind_name(kind));
        cr_assert_null(t);
        free(s);
        s = state_with_rounds("9223372036854775806", kind);
        cr_assert_eq(load_string(s, &t), KES_OK, "%s at INT64_MAX - 1", kes_tuner_kind_name(kind));
        free(s);
        double w;
        cr_assert(kes_tuner_choose(t, 0.1, &w) >= 0);
        assert_probs_ok(t, 0.1, "near INT64_MAX");
        cr_assert_eq(kes_tuner_observe(t, 7.0), KES_OK);
        cr_assert_eq(kes_tuner_rounds(t), INT64_MAX);
        cr_assert(kes_tuner_choose(t, 0.1, &w) >= 0);
        cr_assert_eq(kes_tuner_observe(t, 7.0), KES_ERANGE);
        cr_assert_eq(kes_tuner_rounds(t), INT64_MAX);
        kes_tuner_destroy(t);
    }
    /* Counts whose running sum passes INT64_MAX (the reader must not add
     * them up with a signed overflow) are refused. */
    char *s = state_with_rounds("4", KES_TUNER_TSALLIS_INF);
    char *p = strstr(s, "\ncounts "), *eol = strchr(p + 1, '\n');
    char rec[512] = "4 9223372036854775807";
    for (int i = 2; i < 20; i++) strcat(rec, " 0");
    char *c = with_record(s, "counts", rec);
    (void)eol;
    kes_tuner *t;
    cr_assert_eq(load_string(c, &t), KES_EPARSE);
    free(c);
    free(s);
}

/* A constant eta below the smallest normal double used to make the
 * normaliser's bracket infinite: NaN probabilities and arm 0 forever.  Now
 * the probabilities are (nearly) uniform and every arm gets played. */
Test(tuner, tiny_constant_eta)
{
    const double etas[3] = {2e-308, 4.9e-324, 1e-300};
    for (int k = 1; k < 4; k++)
        for (int e = 0; e < 3; e++) {
            kes_tuner_opts o = ctx_opts();
            o.eta = etas[e];
            kes_rng r;
            kes_rng_init(&r, 10 + e, 0);
            kes_tuner *t;
            cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r, &t), KES_OK);
            int seen[20] = {0};
            for (int i = 0; i < 400; i++) {
                double w, c = -0.15 + 0.8 * (i % 13) / 12.0;
                int64_t a;
                cr_assert(kes_tuner_choose(t, c, &w) >= 0);
                kes_tuner_last_arm(t, &a);
                seen[a] = 1;
                cr_assert_eq(kes_tuner_observe(t, synth_cost((int)a, c)), KES_OK);
            }
            double p[20];
            kes_tuner_probabilities(t, 0.2, p);
            int nseen = 0;
            for (int i = 0; i < 20; i++) {
                nseen += seen[i];
                /* eta * gap <= 1e-300 * 1e3: every p is 1/20 to rounding. */
                cr_assert(fabs(p[i] - 0.05) <= 1e-12, "%s eta %g p[%d] = %g", kes_tuner_kind_name(all_kinds[k]),
                          etas[e], i, p[i]);
            }
            cr_assert(nseen >= 15, "near-uniform play over 400 rounds visits most arms (%d)", nseen);
            kes_tuner_destroy(t);
        }
}

/* A huge constant eta sends the learners' probabilities of bad arms to 0
 * in exact arithmetic; the header promises every entry > 0. */
Test(tuner, huge_constant_eta_keeps_positive_probabilities)
{
    const double etas[3] = {1e300, DBL_MAX, 1e30};
    for (int k = 1; k < 4; k++)
        for (int e = 0; e < 3; e++) {
            kes_tuner_opts o = ctx_opts();
            o.eta = etas[e];
            kes_rng r;
            kes_rng_init(&r, 20 + e, 0);
            kes_tuner *t;
            cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r, &t), KES_OK);
            for (int i = 0; i < 200; i++) {
                double w, c = -0.15 + 0.8 * (i % 11) / 10.0;
                int64_t a;
                cr_assert(kes_tuner_choose(t, c, &w) >= 0);
                kes_tuner_last_arm(t, &a);
                cr_assert_eq(kes_tuner_observe(t, synth_cost((int)a, c)), KES_OK);
                assert_probs_ok(t, c, kes_tuner_kind_name(all_kinds[k]));
            }
            char *s = save_to_string(t);
            kes_tuner *u;
            cr_assert_eq(load_string(s, &u), KES_OK);
            free(s);
            kes_tuner_destroy(u);
            kes_tuner_destroy(t);
        }
}

/* Costs up to KES_TUNER_COST_MAX, mixed with small ones and with costs
 * below the offset, keep every statistic finite: the probabilities stay
 * valid and every saved state loads and continues identically.  Beyond the
 * bound the cost is refused (1e308 used to overflow the running sums: NaN
 * probabilities and a saved file that would not load). */
Test(tuner, extreme_costs)
{
    const double offsets[3] = {1.0, 0.0, KES_TUNER_COST_MAX};
    for (int k = 0; k < 4; k++)
        for (int f = 0; f < 3; f++) {
            kes_tuner_opts o = ctx_opts();
            o.cost_offset = offsets[f];
            kes_rng r;
            kes_rng_init(&r, 30 + f, 0);
            kes_tuner *t;
            cr_assert_eq(kes_tuner_create(all_kinds[k], &o, &r, &t), KES_OK);
            double w;
            cr_assert(kes_tuner_choose(t, 0.0, &w) >= 0);
            cr_assert_eq(kes_tuner_observe(t, 1e308), KES_ERANGE);
            cr_assert_eq(kes_tuner_observe(t, nextafter(KES_TUNER_COST_MAX, INFINITY)), KES_ERANGE);
            cr_assert_eq(kes_tuner_rounds(t), 0);
            for (int i = 0; i < 300; i++) {
                double c = -0.15 + 0.8 * (i % 7) / 6.0;
                cr_assert(kes_tuner_choose(t, c, &w) >= 0);
                int64_t a;
                kes_tuner_last_arm(t, &a);
                double cost = (i * 37 + a) % 5 == 0 ? KES_TUNER_COST_MAX : (i % 3 == 0 ? 0.0 : 1.0 + (double)a);
                cr_assert_eq(kes_tuner_observe(t, cost), KES_OK);
                if (all_kinds[k] != KES_TUNER_FIXED) assert_probs_ok(t, c, kes_tuner_kind_name(all_kinds[k]));
            }
            char *s = save_to_string(t);
            kes_tuner *u;
            cr_assert_eq(load_string(s, &u), KES_OK, "%s offset %g", kes_tuner_kind_name(all_kinds[k]), offsets[f]);
            int a1[50], a2[50];
            play(t, 50, a1, 5);
            play(u, 50, a2, 5);
            cr_assert_eq(memcmp(a1, a2, sizeof a1), 0);
            free(s);
            kes_tuner_destroy(u);
            kes_tuner_destroy(t);
        }
    /* The offset obeys the same bound. */
    kes_tuner_opts o = ctx_opts();
    o.cost_offset = 1e101;
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_tuner *t = NULL;
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, &o, &r, &t), KES_EINVAL);
    cr_assert_null(t);
}

/* States that kes_tuner_save never writes and that could not continue
 * without overflow are refused: ChebCB coefficients outside the box
 * (|theta| <= 1), Gram matrices that do not match the counts, cost sums
 * beyond what bounded costs produce. */
Test(tuner, load_refuses_states_that_cannot_continue)
{
    kes_tuner *t = new_tuner(KES_TUNER_CHEBCB, KES_ESTIMATOR_REDUCED_VARIANCE, 12);
    int a[60];
    play(t, 60, a, 1);
    char *buf = save_to_string(t);
    kes_tuner_destroy(t);
    cr_assert_eq(load_string(buf, &t), KES_OK);
    kes_tuner_destroy(t);
    const char *keys[] = {"cheb_theta", "cheb_G", "cheb_h", "cheb_yy"};
    for (int k = 0; k < 4; k++) {
        /* First entry replaced by 1e300 (the rest of the record kept). */
        char pat[64];
        snprintf(pat, sizeof pat, "\n%s ", keys[k]);
        char *p = strstr(buf, pat);
        cr_assert_not_null(p);
        char *v = p + strlen(pat), *sp = strchr(v, ' ');
        char *rest = strndup(sp + 1, (size_t)(strchr(sp, '\n') - sp - 1));
        char *rec = malloc(strlen(rest) + 32);
        sprintf(rec, "0x1.7e43c8800759cp+996 %s", rest);
        char *c = with_record(buf, keys[k], rec);
        cr_assert_eq(load_string(c, &t), KES_EPARSE, "%s = 1e300", keys[k]);
        free(c);
        free(rec);
        free(rest);
    }
    /* kmax beyond the cost bound. */
    char *p = strstr(buf, "\ncheb_scalars ");
    cr_assert_not_null(p);
    double g[10];
    char *q = p + strlen("\ncheb_scalars ");
    for (int i = 0; i < 10; i++) g[i] = strtod(q, &q);
    char rec[512];
    snprintf(rec, sizeof rec, "%a %a %a %a %a %a %a %a %a %a", g[0], g[1], 1e300, g[3], g[4], g[5], g[6], g[7],
             g[8], g[9]);
    char *c = with_record(buf, "cheb_scalars", rec);
    cr_assert_eq(load_string(c, &t), KES_EPARSE, "kmax = 1e300");
    free(c);
    free(buf);

    /* Tsallis-INF: a cost sum that no sequence of bounded costs gives. */
    t = new_tuner(KES_TUNER_TSALLIS_INF, KES_ESTIMATOR_REDUCED_VARIANCE, 13);
    play(t, 60, a, 1);
    buf = save_to_string(t);
    kes_tuner_destroy(t);
    c = with_record(buf, "tsallis_sumk", "0x1.7e43c8800759cp+996");
    cr_assert_eq(load_string(c, &t), KES_EPARSE, "sumk = 1e300");
    free(c);
    free(buf);
}

/* ---------------------------------------------------------------- locale */

/* A program that calls setlocale(LC_ALL, "") in a comma-decimal locale used
 * to get "0x1,f333333333333p+0" in its tuner files, which a program in the
 * C locale could not read.  Files are now the same in every locale, and the
 * library leaves the thread's locale as it found it. */
static int german(void)
{
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) return 0;
    char s[16];
    snprintf(s, sizeof s, "%.1f", 1.5);
    return strcmp(s, "1,5") == 0;
}

Test(tuner, files_do_not_depend_on_locale)
{
    if (!german()) cr_skip_test("locale de_DE.UTF-8 is not installed (locale-gen de_DE.UTF-8)");
    setlocale(LC_ALL, "C");
    for (int k = 0; k < 4; k++) {
        kes_tuner *t = new_tuner(all_kinds[k], KES_ESTIMATOR_REDUCED_VARIANCE, 50 + k);
        int a[100];
        play(t, 100, a, 1);
        double w;
        cr_assert(kes_tuner_choose(t, 0.3, &w) >= 0); /* pending across the save */
        char *c_text = save_to_string(t);
        cr_assert(german());
        char *de_text = save_to_string(t);
        cr_assert_str_eq(de_text, c_text, "%s: the file is the same in both locales", kes_tuner_kind_name(all_kinds[k]));
        cr_assert_null(strchr(de_text, ','));
        /* The library did not change the locale, for the process or the thread. */
        cr_assert_str_eq(localeconv()->decimal_point, ",");
        cr_assert(uselocale((locale_t)0) == LC_GLOBAL_LOCALE);

        /* Written in German, read in C, and the other way round (through
         * files, as the issue describes). */
        char path[512];
        tmp_path(path, sizeof path, "locale");
        cr_assert_eq(kes_tuner_save(t, path), KES_OK);
        setlocale(LC_ALL, "C");
        kes_tuner *u, *v;
        cr_assert_eq(kes_tuner_load(path, &u), KES_OK, "German file read in C");
        cr_assert_eq(kes_tuner_save(t, path), KES_OK);
        cr_assert(german());
        cr_assert_eq(kes_tuner_load(path, &v), KES_OK, "C file read in German");
        cr_assert_str_eq(localeconv()->decimal_point, ",");
        remove(path);
        observe_pending_pair(t, u, 0.3);
        int64_t av;
        kes_tuner_last_arm(v, &av);
        cr_assert_eq(kes_tuner_observe(v, synth_cost((int)av, 0.3)), KES_OK);
        int b1[100], b2[100], b3[100];
        play(t, 100, b1, 2);
        play(u, 100, b2, 2);
        play(v, 100, b3, 2);
        cr_assert_eq(memcmp(b1, b2, sizeof b1), 0);
        cr_assert_eq(memcmp(b1, b3, sizeof b1), 0);
        setlocale(LC_ALL, "C");
        free(c_text);
        free(de_text);
        kes_tuner_destroy(t);
        kes_tuner_destroy(u);
        kes_tuner_destroy(v);
    }
}

/* Values that load recomputes (scale, pending probability) may differ in
 * the last places when the file comes from another build of the library
 * (other compiler, FMA contraction, libm): a few ulps are accepted, an
 * edit of 1e-6 is not. */
Test(tuner, load_tolerates_last_place_differences)
{
    for (int k = 1; k < 4; k++) {
        kes_tuner *t = new_tuner(all_kinds[k], KES_ESTIMATOR_REDUCED_VARIANCE, 60 + k);
        int a[80];
        play(t, 80, a, 1);
        double w;
        cr_assert(kes_tuner_choose(t, 0.2, &w) >= 0);
        char *buf = save_to_string(t);
        char *pa = strstr(buf, "\np_arm ");
        cr_assert_not_null(pa);
        double p = strtod(pa + strlen("\np_arm "), NULL);
        const double factors[2] = {1.0 + 4 * DBL_EPSILON, 1.0 + 1e-6};
        for (int f = 0; f < 2; f++) {
            char rec[64];
            snprintf(rec, sizeof rec, "%a", p * factors[f]);
            char *c = with_record(buf, "p_arm", rec);
            kes_tuner *u;
            cr_assert_eq(load_string(c, &u), f == 0 ? KES_OK : KES_EPARSE, "%s p_arm x %.17g",
                         kes_tuner_kind_name(all_kinds[k]), factors[f]);
            kes_tuner_destroy(u);
            free(c);
        }
        if (all_kinds[k] == KES_TUNER_CHEBCB) {
            char *q = strstr(buf, "\ncheb_scalars ") + strlen("\ncheb_scalars ");
            double g[10];
            for (int i = 0; i < 10; i++) g[i] = strtod(q, &q);
            for (int f = 0; f < 2; f++) {
                char rec[512];
                snprintf(rec, sizeof rec, "%a %a %a %a %a %a %a %a %a %a", g[0], g[1] * factors[f], g[2], g[3], g[4],
                         g[5], g[6], g[7], g[8], g[9]);
                char *c = with_record(buf, "cheb_scalars", rec);
                kes_tuner *u;
                cr_assert_eq(load_string(c, &u), f == 0 ? KES_OK : KES_EPARSE, "S x %.17g", factors[f]);
                kes_tuner_destroy(u);
                free(c);
            }
        }
        free(buf);
        kes_tuner_destroy(t);
    }
}
