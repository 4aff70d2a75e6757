/*
 * Claims tests for the tuners (CTest label "claims"): short versions of the
 * headline benchmarks, so that a regression in a learner, the solvers or
 * the heat problem fails CI instead of only moving a benchmark figure.
 *
 *   claims_tuners e1     shortened E1 (bench/bench_e1.c): SOR on shifted
 *                        10x10 Laplacians, high-variance shifts
 *   claims_tuners heat   shortened heat demonstration (examples/heat_demo.c),
 *                        with KES_TUNER_AUTO solving every step alongside
 *   claims_tuners auto_flat  KES_TUNER_AUTO on short (T = 200) SSOR-PCG
 *                        sequences A + c_t diag(A) of generated matrices
 *                        (bench/bench_real.c's protocol)
 *   claims_tuners auto_e1    KES_TUNER_AUTO against Young's per-instance
 *                        omega on short E1 sequences
 *   claims_tuners NAME --measure N   print the statistics for seeds
 *                        1..N instead of checking (how the thresholds below
 *                        were set)
 *
 * Plain program (exit status 0 = pass) so that each claim is one CTest test
 * with its own time limit.  The thresholds and the measurements behind them
 * are next to each check.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "solver_fixtures.h"
#include "../examples/heat_problem.h"

#define NARM 20

/* Play a learner against a cost table cost[t*NARM + j] with contexts ctx[t];
 * returns the mean cost paid, or NAN on an API failure. */
static double play(kes_tuner_kind kind, double cmin, double cmax, int64_t T, const double *cost,
                   const double *ctx, uint64_t seed)
{
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = cmin;
    o.context_max = cmax;
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_tuner *tu;
    if (kes_tuner_create(kind, &o, &rng, &tu) != KES_OK) return NAN;
    double paid = 0;
    for (int64_t t = 0; t < T; t++) {
        double w;
        int64_t arm;
        if (kes_tuner_choose(tu, ctx[t], &w) < 0 || kes_tuner_last_arm(tu, &arm) != KES_OK) return NAN;
        paid += cost[t * NARM + arm];
        if (kes_tuner_observe(tu, cost[t * NARM + arm]) != KES_OK) return NAN;
    }
    kes_tuner_destroy(tu);
    return paid / (double)T;
}

/* ------------------------------------------------------------------ E1 */

#define E1_GRID 10

/* E1 table for T instances (the bench's protocol, without Young's column). */
static int e1_table(int64_t T, uint64_t seed, double *cost, double *ctx)
{
    return fx_e1_table(E1_GRID, T, 0.5, 1.5, seed, NARM, 0, cost, ctx);
}

/* One E1 trial: ratios of ChebCB's and Tsallis-INF's mean cost to the best
 * fixed omega's over the same instances. */
static int e1_trial(int64_t T, uint64_t seed, double *r_cheb, double *r_tinf, double *best)
{
    double *cost = malloc(sizeof(double) * (size_t)T * NARM), *ctx = malloc(sizeof(double) * (size_t)T);
    if (!cost || !ctx || e1_table(T, seed, cost, ctx)) return -1;
    double bestv = INFINITY;
    for (int j = 0; j < NARM; j++) {
        double s = 0;
        for (int64_t t = 0; t < T; t++) s += cost[t * NARM + j];
        bestv = fmin(bestv, s / (double)T);
    }
    double cheb = play(KES_TUNER_CHEBCB, -0.15, 0.65, T, cost, ctx, 1000003 * seed + 1);
    double tinf = play(KES_TUNER_TSALLIS_INF, -0.15, 0.65, T, cost, ctx, 1000003 * seed + 2);
    free(cost);
    free(ctx);
    if (!isfinite(cheb) || !isfinite(tinf)) return -1;
    *r_cheb = cheb / bestv;
    *r_tinf = tinf / bestv;
    *best = bestv;
    return 0;
}

#define E1_T 3000

static int claim_e1(int measure)
{
    if (measure) {
        printf("seed best_fixed cheb/best tinf/best (T = %d)\n", E1_T);
        for (int s = 1; s <= measure; s++) {
            double rc, rt, b;
            if (e1_trial(E1_T, (uint64_t)s, &rc, &rt, &b)) return 1;
            printf("%d %.2f %.4f %.4f\n", s, b, rc, rt);
            fflush(stdout);
        }
        return 0;
    }
    /* Claim (bench_e1, E1 high variance): ChebCB needs far fewer SOR
     * iterations than the best fixed omega in hindsight, and Tsallis-INF,
     * which sees no context, stays within a bounded factor of it.
     * Measured with `claims_tuners e1 --measure 10` (T = 3000, seeds
     * 1..10): ChebCB/best = 0.665 mean, 0.012 sd (0.645..0.683);
     * Tsallis-INF/best = 1.203 mean, 0.016 sd (1.173..1.221).  One trial
     * (seed 1, about 11 s of CPU) is checked against mean + 4 sd:
     * ChebCB/best <= 0.71 (at least 29% fewer iterations than the best
     * fixed omega), Tsallis-INF/best <= 1.27.  A ChebCB that loses the
     * context lands near 1.0, a Tsallis-INF that stops learning near 3 (the
     * mean over the grid). */
    enum { E1_TRIALS = 1 };
    double rc = 0, rt = 0;
    for (int s = 1; s <= E1_TRIALS; s++) {
        double c1, t1, b;
        if (e1_trial(E1_T, (uint64_t)s, &c1, &t1, &b)) {
            printf("FAIL: E1 trial could not run\n");
            return 1;
        }
        printf("E1 seed %d (T = %d): best fixed %.2f, ChebCB/best %.4f, Tsallis-INF/best %.4f\n", s, E1_T, b, c1, t1);
        rc += c1 / E1_TRIALS;
        rt += t1 / E1_TRIALS;
    }
    int fail = 0;
    if (!(rc <= 0.71)) {
        printf("FAIL: ChebCB/best fixed = %.4f > 0.71\n", rc);
        fail = 1;
    }
    if (!(rt <= 1.27)) {
        printf("FAIL: Tsallis-INF/best fixed = %.4f > 1.27\n", rt);
        fail = 1;
    }
    printf("%s: ChebCB/best %.4f (<= 0.71), Tsallis-INF/best %.4f (<= 1.27)\n", fail ? "FAIL" : "PASS", rc, rt);
    return fail;
}

/* ---------------------------------------------------------------- heat */

#define HEAT_NX 25
#define HEAT_STEPS 2000

/* The heat demonstration shortened: nx = 25 (n = 576), the first HEAT_STEPS
 * Crank-Nicolson steps (two periods of kappa), Eisenstat SSOR-PCG with every
 * grid omega from the same warm start, the trajectory following ChebCB's
 * solution as in examples/heat_demo.c.  Totals of PCG iterations. */
static int heat_run(uint64_t seed, double *tot_cheb, double *tot_w1, double *tot_orc, double *tot_best,
                    double *tot_auto)
{
    heat_problem hp;
    if (heat_init(&hp, HEAT_NX, 1e-3)) return -1;
    const int64_t n = hp.n;
    double *u = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n);
    double *xs = malloc(sizeof(double) * n * NARM), fixed[NARM] = {0};
    kes_solver *plan[NARM];
    int err = !u || !b || !xs;
    for (int j = 0; j < NARM && !err; j++)
        err = kes_solver_create(kes_solver_pcg_eisenstat, hp.A, &plan[j]) != KES_OK ||
              kes_solver_set_omega(plan[j], 1.0 + 0.05 * j) != KES_OK;
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = HEAT_KAPPA_MIN;
    o.context_max = HEAT_KAPPA_MAX;
    kes_tuner *cheb = NULL, *autot = NULL;
    kes_solver *pa = NULL;
    double *xa = malloc(sizeof(double) * n);
    err = err || kes_tuner_create(KES_TUNER_CHEBCB, &o, &rng, &cheb) != KES_OK;
    err = err || !xa || kes_tuner_create(KES_TUNER_AUTO, NULL, &rng, &autot) != KES_OK ||
          kes_solver_create(kes_solver_pcg_eisenstat, hp.A, &pa) != KES_OK;
    *tot_cheb = *tot_w1 = *tot_orc = *tot_auto = 0;
    if (!err) heat_initial(&hp, u);
    kes_solve_opts so = kes_solve_opts_default();
    for (int s = 0; s < HEAT_STEPS && !err; s++) {
        double kappa = heat_step_system(&hp, s, u, b), w;
        int64_t arm;
        err = kes_tuner_choose(cheb, kappa, &w) < 0 || kes_tuner_last_arm(cheb, &arm) != KES_OK;
        double it[NARM], mn = INFINITY;
        for (int j = 0; j < NARM && !err; j++) {
            double *x = xs + (size_t)j * n;
            memcpy(x, u, sizeof(double) * n);
            kes_solve_stats st;
            err = kes_solver_set_matrix(plan[j], hp.A) != KES_OK || kes_solver_solve(plan[j], b, x, &so, &st) < 0;
            it[j] = (double)st.iterations;
            fixed[j] += it[j];
            mn = fmin(mn, it[j]);
        }
        /* AUTO: the same system and warm start, its own omega */
        double wa;
        kes_solve_stats sa;
        memcpy(xa, u, sizeof(double) * n);
        err = kes_tuner_set_system(autot, hp.A) != KES_OK || kes_tuner_choose(autot, kappa, &wa) < 0 ||
              kes_solver_set_matrix(pa, hp.A) != KES_OK || kes_solver_set_omega(pa, wa) != KES_OK ||
              kes_solver_solve(pa, b, xa, &so, &sa) < 0 || kes_tuner_observe(autot, (double)sa.iterations) != KES_OK;
        *tot_auto += (double)sa.iterations;
        if (err) break;
        *tot_cheb += it[arm];
        *tot_w1 += it[0];
        *tot_orc += mn;
        err = kes_tuner_observe(cheb, it[arm]) != KES_OK;
        memcpy(u, xs + (size_t)arm * n, sizeof(double) * n);
    }
    *tot_best = INFINITY;
    for (int j = 0; j < NARM; j++) *tot_best = fmin(*tot_best, fixed[j]);
    kes_tuner_destroy(cheb);
    kes_tuner_destroy(autot);
    kes_solver_destroy(pa);
    free(xa);
    for (int j = 0; j < NARM; j++) kes_solver_destroy(plan[j]);
    heat_free(&hp);
    free(u);
    free(b);
    free(xs);
    return err ? -1 : 0;
}

static int claim_heat(int measure)
{
    double c, w1, orc, best, au;
    if (measure) {
        printf("seed cheb omega1 oracle bestfixed cheb/w1 cheb/oracle cheb/best auto/cheb auto/oracle (nx = %d, %d "
               "steps)\n",
               HEAT_NX, HEAT_STEPS);
        for (int s = 1; s <= measure; s++) {
            if (heat_run((uint64_t)s, &c, &w1, &orc, &best, &au)) return 1;
            printf("%d %.0f %.0f %.0f %.0f %.4f %.4f %.4f %.4f %.4f\n", s, c, w1, orc, best, c / w1, c / orc, c / best,
                   au / c, au / orc);
            fflush(stdout);
        }
        return 0;
    }
    /* Claim (examples/heat_demo.c): learning omega with ChebCB saves PCG
     * iterations against omega = 1 (symmetric Gauss-Seidel) and the best
     * fixed omega, and comes close to the per-step oracle over the grid.
     * Measured with `claims_tuners heat --measure 10` (nx = 25, 2000 steps,
     * seeds 1..10): ChebCB/omega=1 = 0.776 mean, 0.009 sd (0.767..0.797);
     * ChebCB/oracle = 1.053 mean, 0.012 sd (1.040..1.081); ChebCB/best
     * fixed = 0.866 mean, 0.010 sd (0.855..0.888).  The check averages
     * seeds 1..3 (standard errors 0.005, 0.007, 0.006) and allows about
     * mean + 4 standard errors: ChebCB/omega=1 <= 0.80, ChebCB/oracle <=
     * 1.08, ChebCB/best fixed <= 0.89. */
    enum { HEAT_TRIALS = 3 };
    double rw = 0, ro = 0, rb = 0, ra = 0, rao = 0;
    for (int s = 1; s <= HEAT_TRIALS; s++) {
        if (heat_run((uint64_t)s, &c, &w1, &orc, &best, &au)) {
            printf("FAIL: heat run could not run\n");
            return 1;
        }
        printf("heat seed %d (nx = %d, %d steps): ChebCB %.0f, omega = 1 %.0f, oracle %.0f, best fixed %.0f\n", s,
               HEAT_NX, HEAT_STEPS, c, w1, orc, best);
        rw += c / w1 / HEAT_TRIALS;
        ro += c / orc / HEAT_TRIALS;
        rb += c / best / HEAT_TRIALS;
        ra += au / c / HEAT_TRIALS;
        rao += au / orc / HEAT_TRIALS;
    }
    /* AUTO (deterministic; it sees each step's matrix) on the trajectories
     * ChebCB drives: it must not lose to ChebCB (the target), and
     * stays near the per-step oracle.  Measured with --measure 2:
     * AUTO/ChebCB 0.972 and 0.961, AUTO/oracle 1.016 (AUTO is
     * deterministic and the trajectories ChebCB drives differ by solves
     * accurate to 1e-8, so its total is the same on every seed); the bounds
     * 1.00 and 1.03 leave about 3% and 1.4% of margin, more than ChebCB's
     * seed spread (sd 0.012 of its ratio to the oracle). */
    int fail = !(rw <= 0.80) || !(ro <= 1.08) || !(rb <= 0.89) || !(ra <= 1.00) || !(rao <= 1.03);
    printf("%s: mean ChebCB/omega=1 %.4f (<= 0.80), ChebCB/oracle %.4f (<= 1.08), ChebCB/best fixed %.4f (<= 0.89), "
           "AUTO/ChebCB %.4f (<= 1.00), AUTO/oracle %.4f (<= 1.03)\n",
           fail ? "FAIL" : "PASS", rw, ro, rb, ra, rao);
    return fail;
}

/* ----------------------------------------------------------- AUTO claims */

/* 2-D diffusion on an m x m interior grid (Dirichlet): kind 0 anisotropic
 * (coefficient eps in x, 1 in y), kind 1 log-normal random cell
 * coefficients exp(1.5 N(0,1)) with harmonic means on the edges. */
static kes_csr *diffusion2d(int m, int kind, double eps, uint64_t seed)
{
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    const int64_t n = (int64_t)m * m, cap = 9 * n;
    int64_t *r = malloc(sizeof(int64_t) * cap), *c = malloc(sizeof(int64_t) * cap), k = 0;
    double *v = malloc(sizeof(double) * cap), *cell = malloc(sizeof(double) * (m + 1) * (m + 1));
    if (!r || !c || !v || !cell) return NULL;
    for (int i = 0; i < (m + 1) * (m + 1); i++) cell[i] = kind == 1 ? exp(1.5 * kes_rng_normal(&rng)) : 1.0;
#define ADD(i_, j_, v_) (r[k] = (i_), c[k] = (j_), v[k++] = (v_))
    for (int i = 0; i < m; i++)
        for (int j = 0; j < m; j++) {
            const int64_t p = (int64_t)i * m + j;
            const double *cl = cell + i * (m + 1) + j;
            double wx = kind == 0 ? eps : 2.0 / (1.0 / cl[0] + 1.0 / cl[1]);
            double wy = kind == 0 ? 1.0 : 2.0 / (1.0 / cl[0] + 1.0 / cl[m + 1]);
            double wl = kind == 0 ? eps : cl[0], wu = kind == 0 ? 1.0 : cl[0];
            if (j + 1 < m) ADD(p, p, wx), ADD(p + 1, p + 1, wx), ADD(p, p + 1, -wx), ADD(p + 1, p, -wx);
            else ADD(p, p, wx);
            if (j == 0) ADD(p, p, wl);
            if (i + 1 < m) ADD(p, p, wy), ADD(p + m, p + m, wy), ADD(p, p + m, -wy), ADD(p + m, p, -wy);
            else ADD(p, p, wy);
            if (i == 0) ADD(p, p, wu);
        }
#undef ADD
    kes_csr *A = NULL;
    if (kes_csr_from_triplets(n, n, k, r, c, v, &A) != KES_OK) A = NULL;
    free(r), free(c), free(v), free(cell);
    return A;
}

/* One T = 200 sequence A_t = A + c_t diag(A), c_t ~ U[0, cmax], b_t ~
 * N(0, I), x_0 = 0, SSOR-PCG to 1e-8: AUTO's total (with set_system) over
 * the best fixed omega of the 20-grid 1, 1.05, ..., 1.95 in hindsight. */
static int flat_ratio(const kes_csr *A0, double cmax, uint64_t seed, double *ratio, double *best_w)
{
    enum { T = 200 };
    const int64_t n = A0->nrows;
    kes_csr *A = NULL;
    kes_solver *S = NULL;
    kes_tuner *tu = NULL;
    int64_t *dp = malloc(sizeof(int64_t) * n);
    double *d0 = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n), *x = malloc(sizeof(double) * n);
    kes_rng rng;
    kes_rng_init(&rng, seed, 17);
    int err = !dp || !d0 || !b || !x || kes_csr_clone(A0, &A) != KES_OK || kes_csr_diag_positions(A, dp) != KES_OK ||
              kes_solver_create(kes_solver_pcg_eisenstat, A, &S) != KES_OK ||
              kes_tuner_create(KES_TUNER_AUTO, NULL, &rng, &tu) != KES_OK;
    double fixed[NARM] = {0}, paid = 0;
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    for (int64_t i = 0; i < n && !err; i++) d0[i] = A->val[dp[i]];
    for (int t = 0; t < T && !err; t++) {
        double c = cmax * kes_rng_uniform(&rng), w;
        kes_rng_fill_normal(&rng, n, b);
        for (int64_t i = 0; i < n; i++) A->val[dp[i]] = d0[i] * (1.0 + c);
        kes_solve_stats st;
        err = kes_solver_set_matrix(S, A) != KES_OK;
        for (int j = 0; j < NARM && !err; j++) {
            err = kes_solver_set_omega(S, 1.0 + 0.05 * j) != KES_OK || kes_solver_solve(S, b, x, &o, &st) < 0;
            fixed[j] += (double)st.iterations;
        }
        err = err || kes_tuner_set_system(tu, A) != KES_OK || kes_tuner_choose(tu, c, &w) < 0 ||
              kes_solver_set_omega(S, w) != KES_OK || kes_solver_solve(S, b, x, &o, &st) < 0 ||
              kes_tuner_observe(tu, (double)st.iterations) != KES_OK;
        paid += (double)st.iterations;
    }
    int bj = 0;
    for (int j = 1; j < NARM; j++)
        if (fixed[j] < fixed[bj]) bj = j;
    *ratio = paid / fixed[bj];
    *best_w = 1.0 + 0.05 * bj;
    kes_tuner_destroy(tu);
    kes_solver_destroy(S);
    kes_csr_destroy(A);
    free(dp), free(d0), free(b), free(x);
    return err ? -1 : 0;
}

static int claim_auto_flat(int measure)
{
    /* Three generated matrices (none of them in the shared collection):
     * a random-coefficient diffusion with c_max = 0.5, where the cost curve
     * is flat and the best omega is near 1 (the case where the paper's
     * learners lose 10-30%); an anisotropic Laplacian (eps = 0.01) with
     * c_max = 0.01, where omega = 1 costs 3x the best omega; a 2-D
     * Laplacian with c_max = 0.01 (omega = 1 costs 2x).  Target of the
     * issue: AUTO within 1.05x of the best fixed omega on every 200-system
     * sequence.  Measured with --measure 3 (seeds 1..3): rcdiff
     * 1.001, 1.017, 1.022; aniso 1.026, 1.013, 1.015; Laplacian 1.013,
     * 1.007, 1.013 (bench_real's larger grids: see bench/results).  The best fixed omega here
     * comes from the 0.05-grid, slightly worse than a fine sweep (about
     * 0.5%), which the bound 1.05 does not need as margin: seed 1 of each
     * is checked against the 1.05. */
    struct {
        const char *name;
        int kind;
        double eps, cmax;
    } cs[3] = {{"rcdiff2d-20", 1, 1.0, 0.5}, {"aniso2d-20", 0, 0.01, 0.01}, {"lap2d-20", 0, 1.0, 0.01}};
    int fail = 0, nseeds = measure ? measure : 1;
    for (int k = 0; k < 3; k++) {
        kes_csr *A = diffusion2d(20, cs[k].kind, cs[k].eps, 3);
        if (!A) return 1;
        for (int s = 1; s <= nseeds; s++) {
            double r, bw;
            if (flat_ratio(A, cs[k].cmax, (uint64_t)s, &r, &bw)) {
                printf("FAIL: %s could not run\n", cs[k].name);
                return 1;
            }
            int ok = r <= 1.05;
            if (!measure) fail |= !ok;
            printf("%s %s c_max %g seed %d: AUTO / best fixed (omega %.2f) = %.4f (<= 1.05)\n",
                   measure ? "" : (ok ? "PASS" : "FAIL"), cs[k].name, cs[k].cmax, s, bw, r);
            fflush(stdout);
        }
        kes_csr_destroy(A);
    }
    return fail;
}

static int claim_auto_e1(int measure)
{
    /* The paper's E1 family (10x10 Laplacian + c_t I, c_t = -0.15 + 0.6
     * Beta): with kes_tuner_set_system AUTO plays Young's omega of its
     * Lanczos estimate, so it should cost at most 1.10x Young's exact
     * per-instance omega (the target; ChebCB is 1.12-1.33x).  On
     * a short sequence (T = 200) the one baseline round at omega = 1 (6-11x
     * the optimum) alone costs 1-3%.  Measured with --measure 8: high
     * variance 1.018-1.081 (mean 1.030), low variance 1.016-1.050 (mean
     * 1.029).  Seeds 1..2 of both distributions (1.018, 1.019, 1.016,
     * 1.026) are checked against 1.10. */
    enum { T = 200 };
    const double ab[2][2] = {{0.5, 1.5}, {2.0, 6.0}};
    int fail = 0, nseeds = measure ? measure : 2;
    double *cost = malloc(sizeof(double) * T * (NARM + 1)), *ctx = malloc(sizeof(double) * T), *paid = malloc(sizeof(double) * T);
    if (!cost || !ctx || !paid) return 1;
    for (int d = 0; d < 2; d++)
        for (int s = 1; s <= nseeds; s++) {
            uint64_t seed = 1000003ULL * (uint64_t)s + (uint64_t)d;
            if (fx_e1_table(E1_GRID, T, ab[d][0], ab[d][1], seed, NARM, 1, cost, ctx) ||
                fx_e1_auto(E1_GRID, T, ab[d][0], ab[d][1], seed, 1, seed + 5, paid)) {
                printf("FAIL: E1 AUTO could not run\n");
                return 1;
            }
            double young = 0, au = 0;
            for (int t = 0; t < T; t++) young += cost[t * (NARM + 1) + NARM], au += paid[t];
            int ok = au <= 1.10 * young;
            if (!measure) fail |= !ok;
            printf("%s E1 Beta(%g, %g) seed %d: AUTO %.0f, Young %.0f, ratio %.4f (<= 1.10)\n",
                   measure ? "" : (ok ? "PASS" : "FAIL"), ab[d][0], ab[d][1], s, au, young, au / young);
        }
    free(cost), free(ctx), free(paid);
    return fail;
}

int main(int argc, char **argv)
{
    int measure = 0;
    if (argc >= 4 && !strcmp(argv[2], "--measure")) measure = atoi(argv[3]);
    if (argc >= 2 && !strcmp(argv[1], "e1")) return claim_e1(measure);
    if (argc >= 2 && !strcmp(argv[1], "heat")) return claim_heat(measure);
    if (argc >= 2 && !strcmp(argv[1], "auto_flat")) return claim_auto_flat(measure);
    if (argc >= 2 && !strcmp(argv[1], "auto_e1")) return claim_auto_e1(measure);
    fprintf(stderr, "usage: claims_tuners e1|heat|auto_flat|auto_e1 [--measure N]\n");
    return 2;
}
