/* Tests for src/linalg/tuner_tsallis.c: Tsallis-INF and Tsallis-INF-CB
 * (reference sor.md section 6.1 tuner tests 1, 2 and 4, plus regret). The
 * source is included so that the normaliser can be tested directly. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "linalg/tuner_tsallis.c"

static kes_tuner *make(kes_tuner_kind kind, uint64_t seed)
{
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    kes_tuner *t = NULL;
    cr_assert_eq(kes_tuner_create(kind, &o, &r, &t), KES_OK);
    return t;
}

/* Reference test 4: the sum before the final normalisation is 1 to 1e-12
 * for estimates spanning 1e-3 .. 1e6, for small and large eta and scales,
 * and the probabilities are positive and ordered like -K. */
Test(tsallis, normaliser_sums_to_one)
{
    double K[20], p[20];
    kes_rng r;
    kes_rng_init(&r, 7, 0);
    const double etas[] = {2.0, 2.0 / sqrt(5000.0), 2.0 / sqrt(1e8), 50.0};
    const double scales[] = {1.0, 1e-3, 60.0, 1e5};
    for (int trial = 0; trial < 200; trial++) {
        for (int i = 0; i < 20; i++) K[i] = pow(10.0, -3.0 + 9.0 * kes_rng_uniform(&r)); /* 1e-3 .. 1e6 */
        if (trial % 3 == 0) K[trial % 20] = 1e-3;
        if (trial % 5 == 0) K[(trial + 3) % 20] = 1e6;
        for (int e = 0; e < 4; e++)
            for (int s = 0; s < 4; s++) {
                double sum = kes__tsallis_normalise(K, 20, etas[e], scales[s], p);
                cr_assert(fabs(sum - 1.0) <= 1e-12, "sum %.17g eta %g s %g", sum, etas[e], scales[s]);
                double tot = 0;
                for (int i = 0; i < 20; i++) {
                    cr_assert(p[i] > 0 && p[i] <= 1);
                    tot += p[i];
                    for (int j = 0; j < 20; j++)
                        if (K[i] < K[j]) cr_assert(p[i] >= p[j]);
                }
                cr_assert(fabs(tot - 1.0) <= 1e-14);
            }
    }
    /* All estimates equal: exactly uniform. */
    for (int i = 0; i < 20; i++) K[i] = 123.0;
    cr_assert(fabs(kes__tsallis_normalise(K, 20, 0.3, 2.0, p) - 1.0) <= 1e-12);
    for (int i = 0; i < 20; i++) cr_assert(fabs(p[i] - 0.05) <= 1e-15);
    /* One arm: probability 1 (the bracket collapses onto the root). */
    cr_assert(fabs(kes__tsallis_normalise(K, 1, 0.3, 2.0, p) - 1.0) <= 1e-12);
    cr_assert_eq(p[0], 1.0);
}

/* The closed-form check of the normaliser for two arms: with u = (0, D),
 * sum 4/(eta(u_i - x))^2 = 1 has the root of (2/(eta(-x)))^2 + (2/(eta(D-x)))^2
 * = 1; verify the returned probabilities satisfy p_1^{-1/2} - p_0^{-1/2} =
 * eta D / 2, which follows from p_i^{-1/2} = eta (u_i - x)/2. */
Test(tsallis, normaliser_two_arm_identity)
{
    double K[2], p[2];
    for (double D = 1e-3; D < 1e6; D *= 3.7) {
        K[0] = 5.0;
        K[1] = 5.0 + D;
        double eta = 0.7;
        kes__tsallis_normalise(K, 2, eta, 1.0, p);
        double lhs = 1.0 / sqrt(p[1]) - 1.0 / sqrt(p[0]);
        cr_assert(fabs(lhs - eta * D / 2) <= 1e-9 * (1 + eta * D), "D %g: %g vs %g", D, lhs, eta * D / 2);
    }
}

/* Reference test 1: with every cost 1 (zero shifted loss) the probabilities
 * stay uniform to 1e-12 (no scale is measured, so the reduced-variance
 * estimator adds no baseline either); with equal costs above 1 they do not
 * (the loss estimates are noisy). */
Test(tsallis, zero_loss_stays_uniform)
{
    kes_tuner *t = make(KES_TUNER_TSALLIS_INF, 1);
    double p[20], w;
    for (int round = 0; round < 2000; round++) {
        cr_assert_eq(kes_tuner_probabilities(t, 0, p), KES_OK);
        for (int i = 0; i < 20; i++) cr_assert(fabs(p[i] - 0.05) <= 1e-12, "round %d", round);
        cr_assert_eq(kes_tuner_choose(t, 0, &w), KES_OK);
        cr_assert_eq(kes_tuner_observe(t, 1.0), KES_OK);
    }
    kes_tuner_destroy(t);

    t = make(KES_TUNER_TSALLIS_INF, 2);
    for (int round = 0; round < 200; round++) {
        cr_assert_eq(kes_tuner_choose(t, 0, &w), KES_OK);
        cr_assert_eq(kes_tuner_observe(t, 50.0), KES_OK);
    }
    kes_tuner_probabilities(t, 0, p);
    double dev = 0;
    for (int i = 0; i < 20; i++) dev = fmax(dev, fabs(p[i] - 0.05));
    cr_assert(dev > 1e-3, "equal costs above the offset should not stay uniform (dev %g)", dev);
    kes_tuner_destroy(t);
}

/* Probability vector: sums to 1, every entry positive, after any history. */
Test(tsallis, probabilities_valid)
{
    for (int kind = KES_TUNER_TSALLIS_INF; kind <= KES_TUNER_TSALLIS_INF_CB; kind++) {
        kes_tuner *t = make((kes_tuner_kind)kind, 3);
        kes_rng r;
        kes_rng_init(&r, 33, 0);
        double p[20], w;
        for (int round = 0; round < 3000; round++) {
            double c = kes_rng_uniform(&r);
            cr_assert_eq(kes_tuner_choose(t, c, &w), KES_OK);
            int64_t arm;
            kes_tuner_last_arm(t, &arm);
            cr_assert_eq(kes_tuner_observe(t, 1 + 1000 * kes_rng_uniform(&r) * (arm + 1)), KES_OK);
            if (round % 97 == 0) {
                cr_assert_eq(kes_tuner_probabilities(t, c, p), KES_OK);
                double s = 0;
                for (int i = 0; i < 20; i++) {
                    cr_assert(p[i] > 0);
                    s += p[i];
                }
                cr_assert(fabs(s - 1) <= 1e-12);
            }
        }
        kes_tuner_destroy(t);
    }
}

static int stationary_share(kes_tuner_kind kind, uint64_t seed)
{
    kes_tuner *t = make(kind, seed);
    int hits = 0;
    for (int round = 1; round <= 5000; round++) {
        double w;
        int64_t arm;
        cr_assert_eq(kes_tuner_choose(t, 0.5, &w), KES_OK);
        kes_tuner_last_arm(t, &arm);
        cr_assert_eq(kes_tuner_observe(t, 1.0 + abs(arm - 12) * 10.0), KES_OK);
        if (round > 4000 && arm == 12) hits++;
    }
    int64_t counts[20];
    kes_tuner_counts(t, counts);
    int64_t total = 0;
    for (int i = 0; i < 20; i++) total += counts[i];
    cr_assert_eq(total, 5000);
    kes_tuner_destroy(t);
    return hits;
}

/* Reference test 2: arm j costs 1 + |j - 12| 10; over rounds 4001-5000 the
 * share of arm 12 is >= 0.9 (the reference implementation: 0.999-1.000). */
Test(tsallis, stationary_table_share)
{
    for (uint64_t seed = 1; seed <= 5; seed++) {
        int hits = stationary_share(KES_TUNER_TSALLIS_INF, seed);
        cr_assert(hits >= 900, "seed %llu: share %.3f", (unsigned long long)seed, hits / 1000.0);
        hits = stationary_share(KES_TUNER_TSALLIS_INF_CB, seed);
        cr_assert(hits >= 900, "CB seed %llu: share %.3f", (unsigned long long)seed, hits / 1000.0);
    }
}

/* Regret per round against the best arm in hindsight falls with T on a
 * noisy synthetic table (costs: mean 20 + 4|j - 7| + uniform noise in
 * [0, 20)), averaged over 4 seeds: sublinear regret. */
static double mean_regret(kes_tuner_kind kind, int T)
{
    double total = 0;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        kes_tuner *t = make(kind, 100 + seed);
        kes_rng noise;
        kes_rng_init(&noise, 500 + seed, 0);
        double paid = 0;
        for (int round = 0; round < T; round++) {
            double w;
            int64_t arm;
            cr_assert_eq(kes_tuner_choose(t, 0.2, &w), KES_OK);
            kes_tuner_last_arm(t, &arm);
            double cost = 20 + 4.0 * abs(arm - 7) + 20 * kes_rng_uniform(&noise);
            paid += cost;
            cr_assert_eq(kes_tuner_observe(t, cost), KES_OK);
        }
        total += (paid - T * 30.0) / T; /* best arm 7 has mean cost 30 */
        kes_tuner_destroy(t);
    }
    return total / 4;
}

Test(tsallis, regret_per_round_falls_with_T)
{
    for (int kind = KES_TUNER_TSALLIS_INF; kind <= KES_TUNER_TSALLIS_INF_CB; kind++) {
        double r1 = mean_regret((kes_tuner_kind)kind, 250);
        double r2 = mean_regret((kes_tuner_kind)kind, 1000);
        double r3 = mean_regret((kes_tuner_kind)kind, 4000);
        cr_assert(r1 > r2 && r2 > r3, "regret per round %g %g %g", r1, r2, r3);
        cr_assert(r3 < 0.5 * r1, "regret per round %g -> %g", r1, r3);
    }
}

/* Tsallis-INF-CB keeps one state per bin: contexts in different bins learn
 * different arms. */
Test(tsallis, bins_learn_separately)
{
    kes_rng r;
    kes_rng_init(&r, 9, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.n_bins = 2;
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF_CB, &o, &r, &t), KES_OK);
    for (int round = 0; round < 4000; round++) {
        double c = round % 2 ? 0.2 : 0.8, w;
        int64_t arm;
        cr_assert_eq(kes_tuner_choose(t, c, &w), KES_OK);
        kes_tuner_last_arm(t, &arm);
        int best = c < 0.5 ? 3 : 16;
        cr_assert_eq(kes_tuner_observe(t, 1.0 + 10.0 * abs(arm - best)), KES_OK);
    }
    double p[20];
    kes_tuner_probabilities(t, 0.1, p);
    cr_assert(p[3] > 0.9, "low bin %g", p[3]);
    kes_tuner_probabilities(t, 0.9, p);
    cr_assert(p[16] > 0.9, "high bin %g", p[16]);
    kes_tuner_destroy(t);
}

/* cost_offset = 0 (wall-clock feedback): a stationary table in seconds. */
Test(tsallis, seconds_feedback)
{
    kes_rng r;
    kes_rng_init(&r, 10, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.cost_offset = 0.0;
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, &o, &r, &t), KES_OK);
    int hits = 0;
    for (int round = 1; round <= 3000; round++) {
        double w;
        int64_t arm;
        cr_assert_eq(kes_tuner_choose(t, 0, &w), KES_OK);
        kes_tuner_last_arm(t, &arm);
        cr_assert_eq(kes_tuner_observe(t, 1e-3 * (1.0 + abs(arm - 5))), KES_OK);
        hits += round > 2000 && arm == 5;
    }
    cr_assert(hits > 800, "share %g", hits / 1000.0);
    kes_tuner_destroy(t);
}

/* Both loss estimators are unbiased: with the state frozen (K, scale and
 * round restored after every draw), the mean increment of every K_i over
 * many choose/observe pairs is the shifted loss l_i of arm i.  The
 * tolerance is 5 standard errors of that mean, from the estimator's exact
 * variance (l_i - B_i)^2 (1 - p_i)/p_i, so a bias of a fraction of a
 * standard error per arm would go unseen but a wrong baseline (a bias of B
 * on every frequently played arm) cannot.  The reduced-variance estimator
 * must also have a smaller variance on the most played arm. */
static void increments(int estimator, double *mean, double *var, double *p, double *Bout)
{
    kes_rng r;
    kes_rng_init(&r, 77, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.estimator = estimator;
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, &o, &r, &t), KES_OK);
    double w, l[20];
    for (int i = 0; i < 20; i++) l[i] = 10.0 + 5.0 * abs(i - 12);
    for (int round = 0; round < 300; round++) { /* leaves several arms above eta^2 */
        int64_t arm;
        kes_tuner_choose(t, 0, &w);
        kes_tuner_last_arm(t, &arm);
        kes_tuner_observe(t, 1.0 + l[arm]);
    }
    double K0[20], sumk0 = t->sumk[0];
    int64_t tb0 = t->tb[0], t0 = t->t, c0[20];
    memcpy(K0, t->K, sizeof K0);
    memcpy(c0, t->counts, sizeof c0);
    kes_tuner_probabilities(t, 0, p);
    double eta = 2.0 / sqrt((double)(tb0 + 1)), s = sumk0 / (double)tb0 - 1.0;
    *Bout = 0.5 * s;
    const int N = 200000;
    double sum[20] = {0}, sum2[20] = {0};
    for (int n = 0; n < N; n++) {
        int64_t arm;
        cr_assert_eq(kes_tuner_choose(t, 0, &w), KES_OK);
        kes_tuner_last_arm(t, &arm);
        cr_assert_eq(kes_tuner_observe(t, 1.0 + l[arm]), KES_OK);
        for (int i = 0; i < 20; i++) {
            double dk = t->K[i] - K0[i];
            sum[i] += dk;
            sum2[i] += dk * dk;
        }
        memcpy(t->K, K0, sizeof K0);
        memcpy(t->counts, c0, sizeof c0);
        t->sumk[0] = sumk0;
        t->tb[0] = tb0;
        t->t = t0;
    }
    for (int i = 0; i < 20; i++) {
        mean[i] = sum[i] / N;
        var[i] = sum2[i] / N - mean[i] * mean[i];
        double B = estimator == KES_ESTIMATOR_REDUCED_VARIANCE && p[i] >= eta * eta ? 0.5 * s : 0.0;
        double sd = fabs(l[i] - B) * sqrt((1 - p[i]) / p[i]);
        cr_assert(fabs(mean[i] - l[i]) <= 5 * sd / sqrt((double)N) + 1e-9 * l[i],
                  "estimator %d arm %d p %.3g: mean increment %.6g vs loss %.6g (sd %.3g)", estimator, i, p[i],
                  mean[i], l[i], sd);
    }
    kes_tuner_destroy(t);
}

Test(tsallis, loss_estimators_unbiased)
{
    double m_rv[20], v_rv[20], p_rv[20], m_iw[20], v_iw[20], p_iw[20], B, B2;
    increments(KES_ESTIMATOR_REDUCED_VARIANCE, m_rv, v_rv, p_rv, &B);
    increments(KES_ESTIMATOR_IMPORTANCE_WEIGHTED, m_iw, v_iw, p_iw, &B2);
    int top = 0, above = 0;
    for (int i = 0; i < 20; i++) {
        if (p_rv[i] > p_rv[top]) top = i;
        above += p_rv[i] >= 4.0 / 301.0;
    }
    cr_assert(above >= 2, "the baseline must be active on several arms (%d)", above);
    /* The two runs reach different states, so compare the variance per unit
     * of (1 - p)/p: l^2 for importance weighting, (l - B)^2 with the
     * baseline. */
    double u_rv = v_rv[top] * p_rv[top] / (1 - p_rv[top]), u_iw = v_iw[top] * p_iw[top] / (1 - p_iw[top]);
    cr_assert(u_rv < 0.7 * u_iw, "variance on arm %d: %g (reduced) vs %g", top, u_rv, u_iw);
}

/* The normaliser works in w = eta (x - min K/s), so no quantity grows like
 * 1/eta: a subnormal eta gives uniform probabilities (it used to give an
 * infinite bracket and NaN), a huge eta or gaps that overflow give finite
 * probabilities summing to 1, with the worse arms at (or near) 0. */
Test(tsallis, normaliser_extreme_eta_and_gaps)
{
    double K[20], p[20];
    for (int i = 0; i < 20; i++) K[i] = 10.0 * i;
    const double tiny[3] = {4.9e-324, 2e-308, 1e-300};
    for (int e = 0; e < 3; e++) {
        double sum = kes__tsallis_normalise(K, 20, tiny[e], 1.0, p);
        cr_assert(fabs(sum - 1.0) <= 1e-12, "eta %g: sum %.17g", tiny[e], sum);
        /* eta * gap <= 1e-300 * 190: every p is 1/20 to rounding. */
        for (int i = 0; i < 20; i++) cr_assert(fabs(p[i] - 0.05) <= 1e-15, "eta %g p[%d] = %.17g", tiny[e], i, p[i]);
    }
    const double huge[2] = {1e300, DBL_MAX};
    for (int e = 0; e < 2; e++) {
        double sum = kes__tsallis_normalise(K, 20, huge[e], 1.0, p), tot = 0;
        cr_assert(isfinite(sum));
        for (int i = 0; i < 20; i++) {
            cr_assert(isfinite(p[i]) && p[i] >= 0 && p[i] <= 1);
            tot += p[i];
        }
        cr_assert(fabs(tot - 1.0) <= 1e-14);
        cr_assert(p[0] >= 0.99, "the best arm takes (nearly) everything: %g", p[0]);
    }
    /* Gaps that overflow: K spans the whole double range, a tiny scale. */
    K[0] = -DBL_MAX;
    K[1] = DBL_MAX;
    K[2] = 0.0;
    double sum = kes__tsallis_normalise(K, 20, 2.0, 1e-300, p), tot = 0;
    cr_assert(isfinite(sum));
    for (int i = 0; i < 20; i++) {
        cr_assert(isfinite(p[i]) && p[i] >= 0);
        tot += p[i];
    }
    cr_assert(fabs(tot - 1.0) <= 1e-14);
    cr_assert_eq(p[0], 1.0);
}

/* The floor raises every entry below KES_TUNER_PROB_MIN (NaN included) and
 * renormalises; a vector that needs no floor is left bit for bit. */
Test(tsallis, probability_floor)
{
    double p[4] = {0.5, 0.25, 0.125, 0.125}, q[4];
    memcpy(q, p, sizeof p);
    tuner_floor_probs(p, 4);
    cr_assert_eq(memcmp(p, q, sizeof p), 0);
    double r[4] = {1.0, 0.0, 1e-300, NAN};
    tuner_floor_probs(r, 4);
    double tot = 0;
    for (int i = 0; i < 4; i++) {
        cr_assert(r[i] > 0 && isfinite(r[i]));
        tot += r[i];
    }
    cr_assert(fabs(tot - 1.0) <= 1e-15);
    for (int i = 1; i < 4; i++) cr_assert(fabs(r[i] - KES_TUNER_PROB_MIN) <= 1e-115);
}
