/* Tests for src/linalg/tuner_chebcb.c: the ChebCB contextual bandit
 * (reference sor.md section 5.5; section 6.1 tuner test 3).  The source is
 * included so that its private least-squares helpers can be checked. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "linalg/tuner_chebcb.c"

static kes_tuner *make(uint64_t seed, double eta)
{
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = -0.15;
    o.context_max = 0.65;
    o.eta = eta;
    kes_tuner *t = NULL;
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, &o, &r, &t), KES_OK);
    return t;
}

/* The E1-like synthetic table: the best arm moves with the context. */
static int best_arm(double c) { return (int)lround(4 + 14 * (0.65 - c) / 0.8); }
static double cost_of(int arm, double c) { return 1.0 + 3.0 * abs(arm - best_arm(c)) + 20.0 * (c + 0.15); }

/* T_j(cos a) = cos(j a). */
Test(chebcb, features_are_chebyshev)
{
    double phi[16];
    for (double a = 0; a <= M_PI; a += 0.1) {
        kes__cheb_features(cos(a), 16, phi);
        for (int j = 0; j < 16; j++) cr_assert(fabs(phi[j] - cos(j * a)) <= 1e-13, "j %d a %g", j, a);
    }
}

/* Reference test 3: eta = 0 samples uniformly (probabilities exactly 1/d,
 * and the empirical frequencies pass a chi-square test). */
Test(chebcb, eta_zero_is_uniform)
{
    kes_tuner *t = make(1, 0.0);
    int freq[20] = {0};
    const int n = 20000;
    for (int round = 0; round < n; round++) {
        double c = -0.15 + 0.8 * (round % 101) / 100.0, w, p[20];
        int64_t arm;
        if (round % 1000 == 0) {
            cr_assert_eq(kes_tuner_probabilities(t, c, p), KES_OK);
            for (int i = 0; i < 20; i++) cr_assert(fabs(p[i] - 0.05) <= 1e-15);
        }
        cr_assert_eq(kes_tuner_choose(t, c, &w), KES_OK);
        kes_tuner_last_arm(t, &arm);
        freq[arm]++;
        cr_assert_eq(kes_tuner_observe(t, cost_of(arm, c)), KES_OK);
    }
    double chi2 = 0, e = n / 20.0;
    for (int i = 0; i < 20; i++) chi2 += (freq[i] - e) * (freq[i] - e) / e;
    /* 19 degrees of freedom: P(chi2 > 43.8) = 0.001. */
    cr_assert(chi2 < 43.8, "chi2 %g", chi2);
    kes_tuner_destroy(t);
}

/* With the adaptive schedule eta = 0 at t = 1: the first round is uniform. */
Test(chebcb, first_round_uniform)
{
    kes_tuner *t = make(2, -1.0);
    double p[20];
    cr_assert_eq(kes_tuner_probabilities(t, 0.3, p), KES_OK);
    for (int i = 0; i < 20; i++) cr_assert(fabs(p[i] - 0.05) <= 1e-15); /* p_best = 1 - 19/20 rounds */
    kes_tuner_destroy(t);
}

/* Probabilities sum to 1 and are positive; the greedy arm (smallest
 * predicted cost) has the largest probability. */
Test(chebcb, probabilities_valid_and_greedy)
{
    kes_tuner *t = make(3, -1.0);
    kes_rng r;
    kes_rng_init(&r, 4, 0);
    for (int round = 0; round < 3000; round++) {
        double c = -0.15 + 0.8 * kes_rng_uniform(&r), w, p[20], pc[20];
        int64_t arm;
        cr_assert_eq(kes_tuner_choose(t, c, &w), KES_OK);
        kes_tuner_last_arm(t, &arm);
        cr_assert_eq(kes_tuner_observe(t, cost_of(arm, c)), KES_OK);
        if (round % 50 == 0) {
            cr_assert_eq(kes_tuner_probabilities(t, c, p), KES_OK);
            cr_assert_eq(kes_tuner_predicted_costs(t, c, pc), KES_OK);
            double s = 0;
            int pmax = 0, cmin = 0;
            for (int i = 0; i < 20; i++) {
                cr_assert(p[i] > 0);
                s += p[i];
                if (p[i] > p[pmax]) pmax = i;
                if (pc[i] < pc[cmin]) cmin = i;
            }
            cr_assert(fabs(s - 1) <= 1e-12);
            cr_assert_eq(pmax, cmin, "round %d", round);
        }
    }
    kes_tuner_destroy(t);
}

/* Stationary table (reference test 2, for ChebCB): share of arm 12 over
 * rounds 4001-5000 >= 0.9. */
Test(chebcb, stationary_table_share)
{
    for (uint64_t seed = 1; seed <= 3; seed++) {
        kes_tuner *t = make(seed, -1.0);
        int hits = 0;
        for (int round = 1; round <= 5000; round++) {
            double w;
            int64_t arm;
            cr_assert_eq(kes_tuner_choose(t, 0.1, &w), KES_OK);
            kes_tuner_last_arm(t, &arm);
            cr_assert_eq(kes_tuner_observe(t, 1.0 + abs(arm - 12) * 10.0), KES_OK);
            hits += round > 4000 && arm == 12;
        }
        cr_assert(hits >= 900, "seed %llu share %g", (unsigned long long)seed, hits / 1000.0);
        kes_tuner_destroy(t);
    }
}

/* The point of the contextual learner: when the best arm moves with the
 * context, ChebCB tracks it and beats the best single arm and the binned
 * Tsallis-INF-CB on the same sequence. */
Test(chebcb, tracks_context_dependent_best_arm)
{
    kes_rng r;
    kes_rng_init(&r, 5, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = -0.15;
    o.context_max = 0.65;
    kes_tuner *cheb, *cb;
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, &o, &r, &cheb), KES_OK);
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF_CB, &o, &r, &cb), KES_OK);
    const int T = 4000;
    double paid_cheb = 0, paid_cb = 0, fixed[20] = {0};
    kes_rng ctx;
    kes_rng_init(&ctx, 6, 0);
    for (int round = 0; round < T; round++) {
        double c = -0.15 + 0.8 * kes_rng_uniform(&ctx), w;
        int64_t a;
        cr_assert_eq(kes_tuner_choose(cheb, c, &w), KES_OK);
        kes_tuner_last_arm(cheb, &a);
        paid_cheb += cost_of(a, c);
        cr_assert_eq(kes_tuner_observe(cheb, cost_of(a, c)), KES_OK);
        cr_assert_eq(kes_tuner_choose(cb, c, &w), KES_OK);
        kes_tuner_last_arm(cb, &a);
        paid_cb += cost_of(a, c);
        cr_assert_eq(kes_tuner_observe(cb, cost_of(a, c)), KES_OK);
        for (int j = 0; j < 20; j++) fixed[j] += cost_of(j, c);
    }
    double best_fixed = INFINITY;
    for (int j = 0; j < 20; j++) best_fixed = fmin(best_fixed, fixed[j]);
    cr_assert(paid_cheb < 0.8 * best_fixed, "ChebCB %g vs best fixed %g", paid_cheb / T, best_fixed / T);
    cr_assert(paid_cheb < paid_cb, "ChebCB %g vs Tsallis-INF-CB %g", paid_cheb / T, paid_cb / T);
    /* Greedy arm within one of the true best arm across the interval. */
    for (double c = -0.1; c <= 0.6; c += 0.05) {
        double p[20];
        kes_tuner_probabilities(cheb, c, p);
        int g = 0;
        for (int i = 1; i < 20; i++)
            if (p[i] > p[g]) g = i;
        cr_assert(abs(g - best_arm(c)) <= 1, "c %g: greedy %d best %d", c, g, best_arm(c));
    }
    kes_tuner_destroy(cheb);
    kes_tuner_destroy(cb);
}

/* chol_solve on a well-conditioned SPD system is an ordinary solve; the
 * 1e-10 tr(G) ridge of regularise perturbs it by about 1e-10 cond(G). */
Test(chebcb, ridge_solve_spd)
{
    const int m = 6;
    double G[36], Greg[36], rhs[6], th[6], L[36];
    kes_rng r;
    kes_rng_init(&r, 7, 0);
    for (int rep = 0; rep < 20; rep++) {
        double B[36];
        kes_rng_fill_normal(&r, 36, B);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) {
                double s = i == j ? 1.0 : 0.0;
                for (int k = 0; k < m; k++) s += B[i * m + k] * B[j * m + k];
                G[i * m + j] = s;
            }
        kes_rng_fill_normal(&r, 6, rhs);
        double reg = regularise(G, m, Greg);
        cr_assert(reg > 0);
        chol_solve(Greg, rhs, m, reg, L, th);
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < m; j++) s += G[i * m + j] * th[j];
            cr_assert(fabs(s - rhs[i]) <= 1e-6 * (1 + fabs(rhs[i])), "row %d: %g vs %g", i, s, rhs[i]);
        }
    }
}

/* A singular Gram matrix (one observation, rank 1) gives the minimum-norm
 * least-squares solution phi y / |phi|^2 to within the ridge. */
Test(chebcb, ridge_min_norm_rank_one)
{
    const int m = 6;
    double phi[6], G[36], Greg[36], rhs[6], th[6], L[36];
    kes__cheb_features(-0.3, m, phi);
    double nn = 0;
    for (int i = 0; i < m; i++) {
        nn += phi[i] * phi[i];
        rhs[i] = phi[i] * 0.25;
        for (int j = 0; j < m; j++) G[i * m + j] = phi[i] * phi[j];
    }
    double reg = regularise(G, m, Greg);
    chol_solve(Greg, rhs, m, reg, L, th);
    for (int i = 0; i < m; i++) cr_assert(fabs(th[i] - phi[i] * 0.25 / nn) <= 1e-6, "%d: %g", i, th[i]);
}

/* box_qp satisfies the KKT conditions of the box-constrained quadratic:
 * with g = G theta - rhs, g_j = 0 strictly inside the box, g_j <= 0 at the
 * upper bound and g_j >= 0 at the lower bound -- also for the nearly
 * singular Gram matrices of Chebyshev features on a sub-interval, where
 * coordinate descent stalls. */
Test(chebcb, box_qp_kkt)
{
    kes_rng r;
    kes_rng_init(&r, 8, 0);
    for (int rep = 0; rep < 200; rep++) {
        const int m = rep % 2 ? 5 : 6;
        double G[36], rhs[6], ub[6], th[6];
        if (rep % 2) {
            double B[36];
            kes_rng_fill_normal(&r, 36, B);
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++) {
                    double s = i == j ? 0.1 : 0.0;
                    for (int k = 0; k < m; k++) s += B[i * m + k] * B[j * m + k];
                    G[i * m + j] = s;
                }
            for (int j = 0; j < m; j++) rhs[j] = 5 * kes_rng_normal(&r);
        } else {
            /* Gram matrix of 40 contexts in z in [-1, -0.4]; targets from a kinked cost. */
            for (int j = 0; j < 36; j++) G[j] = 0;
            for (int j = 0; j < 6; j++) rhs[j] = 0;
            for (int s = 0; s < 40; s++) {
                double z = -1 + 0.6 * kes_rng_uniform(&r), phi[6];
                kes__cheb_features(z, m, phi);
                double y = 0.1 + 0.3 * fabs(z + 0.7);
                for (int i = 0; i < m; i++) {
                    rhs[i] += phi[i] * y;
                    for (int j = 0; j < m; j++) G[i * m + j] += phi[i] * phi[j];
                }
            }
        }
        for (int j = 0; j < m; j++) {
            ub[j] = (rep % 2 ? 0.05 + kes_rng_uniform(&r) : 0.02 / (j + 1));
            th[j] = 3 * kes_rng_normal(&r);
        }
        double Greg[36];
        double reg = regularise(G, m, Greg);
        box_qp(Greg, rhs, ub, m, reg, th);
        double scale = 0;
        for (int j = 0; j < m; j++) scale = fmax(scale, fabs(rhs[j]));
        for (int j = 0; j < m; j++) {
            double g = -rhs[j];
            for (int k = 0; k < m; k++) g += Greg[j * m + k] * th[k];
            double tol = 1e-9 * (1 + scale);
            cr_assert(fabs(th[j]) <= ub[j]);
            if (th[j] >= ub[j]) cr_assert(g <= tol, "rep %d upper bound, g %g", rep, g);
            else if (th[j] <= -ub[j]) cr_assert(g >= -tol, "rep %d lower bound, g %g", rep, g);
            else cr_assert(fabs(g) <= tol, "rep %d interior, g %g", rep, g);
        }
    }
}

Test(chebcb, predicted_costs_errors)
{
    kes_rng r;
    kes_rng_init(&r, 9, 0);
    kes_tuner *t;
    cr_assert_eq(kes_tuner_create(KES_TUNER_TSALLIS_INF, NULL, &r, &t), KES_OK);
    double c[20];
    cr_assert_eq(kes_tuner_predicted_costs(t, 0, c), KES_ENOTSUP);
    kes_tuner_destroy(t);
    t = make(10, -1.0);
    cr_assert_eq(kes_tuner_predicted_costs(t, 0, NULL), KES_EINVAL);
    cr_assert_eq(kes_tuner_predicted_costs(t, NAN, c), KES_ENAN);
    cr_assert_eq(kes_tuner_predicted_costs(t, 9.0, c), KES_CLAMPED);
    kes_tuner_destroy(t);
}

/* Is arm i's fit on the box of the current scale?  The box is recomputed
 * here from the formulas of Khodak et al. (ICLR 2024): K = max(kmax,
 * offset), N = 2 + 4 (kmax - kmin)/K (1 + ln m), |theta_0| <= 1/N,
 * |theta_j| <= 2 (kmax - kmin)/(S j).  The box solver leaves a constrained
 * coefficient exactly on its bound; 1e-12 covers the few ulps by which
 * this recomputation may differ. */
static int on_box(const kes_tuner *t, int i)
{
    const int m = t->m;
    double K = fmax(t->kmax, t->o.cost_offset), spread = t->kmax - t->kmin;
    double N = 2.0 + 4.0 * spread / K * (1.0 + log((double)m));
    for (int j = 0; j < m; j++) {
        double ub = j == 0 ? 1.0 / N : 2.0 * spread / (t->S * j);
        if (fabs(t->theta[(size_t)i * m + j]) >= ub * (1.0 - 1e-12)) return 1;
    }
    return 0;
}

/* resnorm (which enters eta) is the constrained residual of the arm just
 * played, recomputed here directly from that arm's own rounds with
 * Chebyshev features cos(j acos z), or 0 when its fit is inside the box.
 * In rounds where the cost scale changes every arm is refitted; the
 * authors' code then keeps the residual of the last constrained arm in
 * index order.  The run below has many such rounds with a constrained arm
 * after the played one, where the two rules differ. */
Test(chebcb, resnorm_is_the_played_arms)
{
    kes_tuner *t = make(41, -1.0);
    enum { T = 1500 };
    static double cs[T], ks[T];
    static int arms[T];
    kes_rng ctx;
    kes_rng_init(&ctx, 42, 0);
    int distinguishing = 0, constrained_rounds = 0;
    for (int s = 0; s < T; s++) {
        double c = -0.15 + 0.8 * kes_rng_uniform(&ctx), w;
        int64_t a;
        cr_assert_eq(kes_tuner_choose(t, c, &w), KES_OK);
        kes_tuner_last_arm(t, &a);
        /* A slowly falling cost keeps lowering kmin, so the scale changes often. */
        double k = cost_of((int)a, c) + 40.0 - 0.025 * s;
        double S_before = t->S;
        cr_assert_eq(kes_tuner_observe(t, k), KES_OK);
        cs[s] = c;
        ks[s] = k;
        arms[s] = (int)a;
        int later_constrained = 0;
        for (int i = (int)a + 1; i < t->d; i++)
            if (t->counts[i] > 0 && on_box(t, i)) later_constrained = 1;
        if (t->S != S_before && later_constrained) distinguishing++;
        if (!on_box(t, (int)a)) {
            cr_assert_eq(t->resnorm, 0.0, "round %d: played arm %lld inside the box", s, (long long)a);
            continue;
        }
        constrained_rounds++;
        const int m = t->m;
        const double *th = t->theta + (size_t)a * m;
        double r2 = 0.0, scale = 0.0;
        for (int q = 0; q <= s; q++) {
            if (arms[q] != a) continue;
            double z = 2.0 * (cs[q] + 0.15) / 0.8 - 1.0, pred = 0.0, mag = 0.0;
            for (int j = 0; j < m; j++) {
                double phi = cos(j * acos(fmax(-1.0, fmin(1.0, z))));
                pred += th[j] * phi;
                mag += fabs(th[j] * phi);
            }
            double y = (ks[q] - t->o.cost_offset) / t->S;
            r2 += (pred - y) * (pred - y);
            scale += (mag + fabs(y)) * (mag + fabs(y));
        }
        /* The library forms theta'G theta - 2 theta'h/S + yy/S^2 from sums
         * over at most T rounds: its rounding error is a few T eps times
         * the sum of squared magnitudes, far below 1e-9 of it. */
        cr_assert(fabs(t->resnorm - r2) <= 1e-9 * scale, "round %d: resnorm %.17g, played arm's residual %.17g", s,
                  t->resnorm, r2);
    }
    cr_assert(constrained_rounds >= 20, "constrained fits of the played arm: %d", constrained_rounds);
    cr_assert(distinguishing >= 5, "rounds where the old rule would pick another arm: %d", distinguishing);
    kes_tuner_destroy(t);
}
