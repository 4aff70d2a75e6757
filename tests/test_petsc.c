/* The PETSc bridge (kestrel/petsc.h) on the heat problem of
 * examples/petsc_heat_problem.h, run by CTest under mpiexec -np 1 and -np 2:
 *
 *  1. fixed omega: PETSc's iteration count of every step equals the serial
 *     Kestrel solver's on the same system (the same A, b and initial guess,
 *     gathered in natural order on every rank):
 *     - PCSOR (symmetric sweep; in parallel PETSc sweeps each rank's diagonal
 *       block, i.e. block-Jacobi SSOR): kes_pcg_solve with the same
 *       block-SSOR preconditioner built here (on 1 rank the block is the
 *       whole matrix and kes_ssor_pcg_solve is the reference too);
 *     - PCEISENSTAT (1 rank): kes_ssor_pcg_solve.  PETSc's Eisenstat
 *       stops on the residual of the transformed system, Kestrel on the true
 *       residual, so with PETSc's own test the counts may differ by that
 *       stopping-rule difference (at most 2 + 10 %, the totals at most
 *       10 %); with Kestrel's rule as a KSP convergence test
 *       (true_residual_test) they must be equal;
 *     - PCEISENSTAT on 2 ranks: KES_ENOTSUP (PETSc 3.18 lacks it for AIJ
 *       without inodes), with the tuner untouched;
 *  2. tuned runs (ChebCB, cost in iterations and in seconds): every rank's
 *     omega and iteration count are identical at every step
 *     (MPI_Allreduce min and max), with no omega ever communicated;
 *  3. AUTO's prior from kes_petsc_tuner_set_system is Young's omega of the
 *     global matrix, also after a near-identity first member, with every
 *     arm bit-identical on every rank;
 *  4. a solve stopped by the iteration cap: KES_NOCONV, the tuner observes
 *     the cap.
 * Prints "N passed, M failed" on rank 0; exits nonzero on a failure. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
/* Open MPI's and PETSc's own allocations are not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libmpi.so\nleak:libopen-pal\nleak:libopen-rte\nleak:mca_\nleak:libpmix\nleak:libevent\n"
           "leak:libhwloc\nleak:libucs\nleak:libucp\nleak:libfabric\nleak:libgomp\nleak:libopenblas\n"
           "leak:libpetsc\n";
}
#endif

#include "kestrel/petsc.h"
#include "../examples/petsc_heat_problem.h"

static int passed, failed, rank, size;

#define CHECK(cond, ...)                                                                                 \
    do {                                                                                                 \
        if (cond) passed++;                                                                              \
        else {                                                                                           \
            failed++;                                                                                    \
            fprintf(stderr, "rank %d: FAIL line %d: %s: ", rank, __LINE__, #cond);                       \
            fprintf(stderr, __VA_ARGS__);                                                                \
            fprintf(stderr, "\n");                                                                       \
        }                                                                                                \
    } while (0)

#define PCHK(call)                                                                                       \
    do {                                                                                                 \
        PetscErrorCode e_ = (call);                                                                      \
        if (e_) {                                                                                        \
            fprintf(stderr, "rank %d: PETSc error %d at line %d\n", rank, (int)e_, __LINE__);           \
            MPI_Abort(MPI_COMM_WORLD, 1);                                                                \
        }                                                                                                \
    } while (0)

/* ---- block-SSOR preconditioner on a kes_csr (the reference for PCSOR) ---- */
typedef struct {
    const kes_csr *A;
    const int *block; /* block of each row: the rank owning the grid point */
    double omega;
} bssor;

/* y = M^-1 x: one forward then one backward SOR sweep from y = 0, couplings
 * between different blocks ignored (PETSc's local symmetric sweep). */
static kes_status bssor_apply(void *ctx, const double *x, double *y)
{
    const bssor *p = ctx;
    const kes_csr *A = p->A;
    const int64_t n = A->nrows;
    for (int64_t i = 0; i < n; i++) y[i] = 0.0;
    for (int pass = 0; pass < 2; pass++)
        for (int64_t q = 0; q < n; q++) {
            int64_t i = pass ? n - 1 - q : q;
            double s = x[i], d = 0.0;
            for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) {
                int64_t j = A->colind[k];
                if (j == i) d = A->val[k];
                else if (p->block[j] == p->block[i]) s -= A->val[k] * y[j];
            }
            y[i] = (1.0 - p->omega) * y[i] + p->omega * s / d;
        }
    return KES_OK;
}

/* The natural-order copy of a DMDA global vector on every rank. */
static void gather_natural(DM da, Vec g, Vec nat, VecScatter sc, Vec all, double *out, int64_t n)
{
    const PetscScalar *a;
    PCHK(DMDAGlobalToNaturalBegin(da, g, INSERT_VALUES, nat));
    PCHK(DMDAGlobalToNaturalEnd(da, g, INSERT_VALUES, nat));
    PCHK(VecScatterBegin(sc, nat, all, INSERT_VALUES, SCATTER_FORWARD));
    PCHK(VecScatterEnd(sc, nat, all, INSERT_VALUES, SCATTER_FORWARD));
    PCHK(VecGetArrayRead(all, &a));
    memcpy(out, a, sizeof(double) * (size_t)n);
    PCHK(VecRestoreArrayRead(all, &a));
}

/* Kestrel's stopping rule for PETSc's Eisenstat: PETSc's own test sees the
 * residual of the transformed system (L + D/w)^-1 A (U + D/w)^-1; this one
 * recovers the iterate x = (U + D/w)^-1 x~ (a backward SOR sweep from 0)
 * and stops on ||b - A x|| <= tol ||b|| with the caller's b. */
typedef struct {
    Mat A;
    Vec b0, x, y;
    double omega, tol, bnorm;
} true_rule;

static PetscErrorCode true_residual_test(KSP ksp, PetscInt it, PetscReal rnorm, KSPConvergedReason *reason, void *ctx)
{
    true_rule *c = ctx;
    Vec xt;
    PetscReal nr;
    PetscCall(KSPBuildSolution(ksp, c->x, &xt));
    PetscCall(MatSOR(c->A, xt, c->omega, (MatSORType)(SOR_ZERO_INITIAL_GUESS | SOR_LOCAL_BACKWARD_SWEEP), 0.0, 1, 1,
                     c->y));
    PetscCall(MatMult(c->A, c->y, c->x));
    PetscCall(VecAYPX(c->x, -1.0, c->b0));
    PetscCall(VecNorm(c->x, NORM_2, &nr));
    *reason = nr <= c->tol * c->bnorm ? KSP_CONVERGED_RTOL : KSP_CONVERGED_ITERATING;
    return 0;
}

/* Fixed-omega run of `steps` steps: PETSc through the bridge against the
 * serial Kestrel reference on the gathered systems.  same_rule: PCEISENSTAT
 * stops by true_residual_test, and the counts must be equal. */
static void fixed_omega_run(PCType pc_type, double omega, int m, int steps, double dt, int same_rule)
{
    pheat h;
    KSP ksp;
    PCHK(pheat_create(PETSC_COMM_WORLD, m, dt, &h));
    PCHK(pheat_ksp(&h, pc_type, 1e-8, 10000, &ksp));
    heat_problem hp;
    CHECK(heat_init(&hp, m + 1, dt) == 0, "heat_init");
    const int64_t n = hp.n;
    double *u = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n), *bk = malloc(sizeof(double) * n);
    double *x = malloc(sizeof(double) * n);
    int *block = malloc(sizeof(int) * n);
    /* which rank owns each grid point (natural index j m + i) */
    const PetscInt *lx, *ly;
    PetscInt px, py;
    PCHK(DMDAGetInfo(h.da, NULL, NULL, NULL, NULL, &px, &py, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
    PCHK(DMDAGetOwnershipRanges(h.da, &lx, &ly, NULL));
    for (int j = 0, bj = 0, ej = (int)ly[0]; j < m; j++) {
        if (j >= ej) bj++, ej += (int)ly[bj];
        for (int i = 0, bi = 0, ei = (int)lx[0]; i < m; i++) {
            if (i >= ei) bi++, ei += (int)lx[bi];
            block[(int64_t)j * m + i] = bj * (int)px + bi;
        }
    }
    Vec nat, all;
    VecScatter sc;
    PCHK(DMDACreateNaturalVector(h.da, &nat));
    PCHK(VecScatterCreateToAll(nat, &sc, &all));

    kes_tuner_opts o = kes_tuner_opts_default();
    o.omega_fixed = omega;
    kes_rng *rng;
    kes_tuner *tu;
    kes_rng_create(1, &rng);
    CHECK(kes_tuner_create(KES_TUNER_FIXED, &o, rng, &tu) == KES_OK, "tuner");
    kes_rng_destroy(rng);
    const int eisen = !strcmp(pc_type, PCEISENSTAT);
    true_rule tr = {h.A, NULL, NULL, NULL, omega, 1e-8, 0.0};
    if (same_rule) {
        PCHK(VecDuplicate(h.b, &tr.b0));
        PCHK(VecDuplicate(h.b, &tr.x));
        PCHK(VecDuplicate(h.b, &tr.y));
        PCHK(KSPSetConvergenceTest(ksp, true_residual_test, &tr, NULL));
    }
    double tot_p = 0, tot_k = 0;
    int exact = 0;
    for (int s = 0; s < steps; s++) {
        double kappa;
        PCHK(pheat_step(&h, s, &kappa));
        gather_natural(h.da, h.u, nat, sc, all, u, n);
        gather_natural(h.da, h.b, nat, sc, all, b, n);
        heat_step_system(&hp, s, u, bk); /* A's values; b is PETSc's */
        kes_petsc_stats st;
        if (same_rule) {
            PCHK(VecCopy(h.b, tr.b0));
            PCHK(VecNorm(h.b, NORM_2, &tr.bnorm));
        }
        kes_status rc = kes_petsc_tuned_solve(tu, kappa, KES_PETSC_COST_ITERATIONS, ksp, h.b, h.u, &st);
        if (eisen && size > 1) {
            CHECK(rc == KES_ENOTSUP, "Eisenstat in parallel: %s", kes_strerror(rc));
            CHECK(kes_tuner_rounds(tu) == 0, "the tuner saw a round");
            break;
        }
        CHECK(rc == KES_OK, "step %d: %s", s, kes_strerror(rc));
        CHECK(st.omega == omega && st.cost == (double)st.iterations, "step %d: omega %g cost %g", s, st.omega,
              st.cost);
        kes_solve_opts so = kes_solve_opts_default();
        kes_solve_stats ks;
        memcpy(x, u, sizeof(double) * n);
        if (eisen || size == 1) {
            CHECK(kes_ssor_pcg_solve(hp.A, b, x, omega, &so, &ks) == KES_OK, "kes_ssor_pcg_solve");
        } else {
            kes_linop Aop, Mop;
            bssor bp = {hp.A, block, omega};
            kes_linop_csr(hp.A, &Aop);
            Mop.n = n, Mop.apply = bssor_apply, Mop.ctx = &bp;
            CHECK(kes_pcg_solve(&Aop, &Mop, b, x, &so, &ks) == KES_OK, "kes_pcg_solve");
        }
        tot_p += (double)st.iterations;
        tot_k += (double)ks.iterations;
        exact += st.iterations == ks.iterations;
        if (eisen && !same_rule)
            CHECK(llabs(st.iterations - ks.iterations) <= 2 + ks.iterations / 10,
                  "Eisenstat step %d (kappa %g): PETSc %lld, Kestrel %lld", s, kappa, (long long)st.iterations,
                  (long long)ks.iterations);
        else
            CHECK(st.iterations == ks.iterations, "SOR step %d (kappa %g): PETSc %lld, Kestrel %lld", s, kappa,
                  (long long)st.iterations, (long long)ks.iterations);
    }
    if (!(eisen && size > 1)) {
        CHECK(fabs(tot_p - tot_k) <= 0.1 * tot_k, "%s total: PETSc %.0f, Kestrel %.0f", pc_type, tot_p, tot_k);
        if (rank == 0)
            printf("np %d, %-9s omega %.2f%s: %d steps, PETSc %6.0f iterations, serial Kestrel %6.0f, %d steps "
                   "equal\n",
                   size, pc_type, omega, same_rule ? " (Kestrel's stopping rule)" : "", steps, tot_p, tot_k, exact);
    }
    VecDestroy(&tr.b0);
    VecDestroy(&tr.x);
    VecDestroy(&tr.y);
    kes_tuner_destroy(tu);
    VecScatterDestroy(&sc);
    VecDestroy(&all);
    VecDestroy(&nat);
    KSPDestroy(&ksp);
    pheat_destroy(&h);
    heat_free(&hp);
    free(u), free(b), free(bk), free(x), free(block);
}

/* Tuned run: every rank's omega and count identical at every step. */
static void tuned_run(kes_tuner_kind kind, kes_petsc_cost cost, int m, int steps, double dt)
{
    pheat h;
    KSP ksp;
    PCHK(pheat_create(PETSC_COMM_WORLD, m, dt, &h));
    PCHK(pheat_ksp(&h, size == 1 ? PCEISENSTAT : PCSOR, 1e-8, 10000, &ksp));
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = HEAT_KAPPA_MIN;
    o.context_max = HEAT_KAPPA_MAX;
    if (cost == KES_PETSC_COST_SECONDS) o.cost_offset = 0.0;
    kes_rng *rng;
    kes_tuner *tu;
    kes_rng_create(7, &rng);
    CHECK(kes_tuner_create(kind, &o, rng, &tu) == KES_OK, "tuner");
    kes_rng_destroy(rng);
    int agree = 1, distinct = 0;
    double prev = NAN;
    for (int s = 0; s < steps; s++) {
        double kappa;
        PCHK(pheat_step(&h, s, &kappa));
        kes_petsc_stats st;
        /* AUTO reads the system: every rank gathers the same whole matrix */
        if (kind == KES_TUNER_AUTO) {
            kes_status ss = kes_petsc_tuner_set_system(tu, h.A);
            CHECK(ss == KES_OK, "set_system step %d: %s", s, kes_strerror(ss));
        }
        kes_status rc = kes_petsc_tuned_solve(tu, kappa, cost, ksp, h.b, h.u, &st);
        CHECK(rc == KES_OK, "tuned step %d: %s", s, kes_strerror(rc));
        double v[4] = {st.omega, -st.omega, st.cost, -st.cost};
        MPI_Allreduce(MPI_IN_PLACE, v, 4, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
        if (!(v[0] == -v[1] && v[2] == -v[3] && v[0] == st.omega)) agree = 0;
        distinct += st.omega != prev;
        prev = st.omega;
    }
    CHECK(agree, "tuned run (cost %s): the ranks chose different omegas or saw different costs",
          cost == KES_PETSC_COST_SECONDS ? "seconds" : "iterations");
    CHECK(distinct > 1, "the tuner never changed omega");
    CHECK(kes_tuner_rounds(tu) == steps, "rounds %lld", (long long)kes_tuner_rounds(tu));
    if (rank == 0)
        printf("np %d, %s (cost %s): %d steps, omegas identical on every rank: %s\n", size, kes_tuner_kind_name(kind),
               cost == KES_PETSC_COST_SECONDS ? "seconds" : "iterations", steps, agree ? "yes" : "NO");
    kes_tuner_destroy(tu);
    KSPDestroy(&ksp);
    pheat_destroy(&h);
}

/* AUTO's prior through kes_petsc_tuner_set_system on a sequence that starts
 * near the identity and turns hard (dt = 1e-3: step 0 has a = kappa dt /
 * (2 dx^2) ~ 3e-4, step 750 has kappa = 10, a ~ 8.4).  The gathered matrix
 * is the global A in PETSc's order, a permutation of I - a Lh, so lambda =
 * lambda_min(D^-1/2 A D^-1/2) = 1 - 4 a cos(pi/(m+1)) / (1 + 4 a) exactly
 * (the 5-point Laplacian with Dirichlet boundaries).  Step 0 is the
 * family's first Lanczos reference; it cannot resolve 1 - lambda_0, so the
 * hard step must get its own Lanczos estimate (tuner_auto.c), and the
 * prior arm lies in Young's band of test_tuner_auto.c (lambda to 2e-3).
 * Step 760 follows from step 750 in closed form: its lambda error is the
 * reference's (2e-3 lambda_750) times (1 - lambda_760) / (1 - lambda_750).
 * Every arm is bit-identical on every rank. */
#define AUTO_PRIOR_ARM 10 /* the arm at g = 1 of tuner_auto.c: Young's omega */
static double young_of_lambda(double lam) { return 2.0 / (1.0 + sqrt(lam * (2.0 - lam))); }

static void auto_prior_run(void)
{
    const int m = 40;
    const double dt = 1e-3;
    pheat h;
    PCHK(pheat_create(PETSC_COMM_WORLD, m, dt, &h));
    kes_rng *rng;
    kes_tuner *tu;
    kes_rng_create(5, &rng);
    CHECK(kes_tuner_create(KES_TUNER_AUTO, NULL, rng, &tu) == KES_OK, "tuner");
    kes_rng_destroy(rng);
    const int steps[3] = {0, 750, 760};
    double lam_prev = NAN;
    int same = 1;
    for (int k = 0; k < 3; k++) {
        double kappa, w[13];
        PCHK(pheat_step(&h, steps[k], &kappa));
        CHECK(kes_petsc_tuner_set_system(tu, h.A) == KES_OK, "set_system step %d", steps[k]);
        CHECK(kes_tuner_n_arms(tu) == 13 && kes_tuner_arms(tu, w) == KES_OK, "arms");
        double mx[13], mn[13];
        for (int j = 0; j < 13; j++) mx[j] = w[j], mn[j] = -w[j];
        MPI_Allreduce(MPI_IN_PLACE, mx, 13, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
        MPI_Allreduce(MPI_IN_PLACE, mn, 13, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
        for (int j = 0; j < 13; j++) same &= mx[j] == w[j] && -mn[j] == w[j];
        const double th = steps[k] * dt + 0.5 * dt, a = 0.5 * heat_kappa(th) * dt / (h.dx * h.dx);
        const double lam = 1.0 - 4.0 * a * cos(M_PI / (m + 1)) / (1.0 + 4.0 * a);
        double tol = 2e-3 * lam; /* Lanczos on this matrix */
        if (k == 2) tol = 2e-3 * lam_prev * (1.0 - lam) / (1.0 - lam_prev); /* closed form from step 750 */
        const double w_lo = young_of_lambda(fmin(lam + tol, 1.0)), w_hi = young_of_lambda(lam - tol);
        CHECK(w[AUTO_PRIOR_ARM] >= w_lo && w[AUTO_PRIOR_ARM] <= w_hi, "step %d (a %g): prior %.6f, Young %.6f [%.6f, %.6f]",
              steps[k], a, w[AUTO_PRIOR_ARM], young_of_lambda(lam), w_lo, w_hi);
        lam_prev = lam;
    }
    CHECK(same, "AUTO's arms differ between ranks");
    if (rank == 0)
        printf("np %d, auto: prior from the gathered matrix is Young's omega at steps 0, 750, 760 (near-identity "
               "reference first); arms identical on every rank: %s\n",
               size, same ? "yes" : "NO");
    kes_tuner_destroy(tu);
    pheat_destroy(&h);
}

/* The iteration cap: KES_NOCONV, and the tuner is told the cap. */
static void capped_run(void)
{
    pheat h;
    KSP ksp;
    PCHK(pheat_create(PETSC_COMM_WORLD, 30, 1e-2, &h));
    PCHK(pheat_ksp(&h, PCSOR, 1e-8, 3, &ksp));
    kes_rng *rng;
    kes_tuner *tu;
    kes_rng_create(3, &rng);
    CHECK(kes_tuner_create(KES_TUNER_TSALLIS_INF, NULL, rng, &tu) == KES_OK, "tuner");
    kes_rng_destroy(rng);
    double kappa;
    PCHK(pheat_step(&h, 75, &kappa)); /* kappa = 10: a hard system */
    kes_petsc_stats st;
    kes_status rc = kes_petsc_tuned_solve(tu, kappa, KES_PETSC_COST_ITERATIONS, ksp, h.b, h.u, &st);
    CHECK(rc == KES_NOCONV && st.status == KES_NOCONV, "capped solve: %s", kes_strerror(rc));
    CHECK(st.reason == KSP_DIVERGED_ITS && st.iterations == 3 && st.cost == 3.0, "reason %d its %lld cost %g",
          (int)st.reason, (long long)st.iterations, st.cost);
    CHECK(kes_tuner_rounds(tu) == 1, "the cap was not observed");
    /* seconds mode: the time scaled to the cap */
    rc = kes_petsc_tuned_solve(tu, kappa, KES_PETSC_COST_SECONDS, ksp, h.b, h.u, &st);
    CHECK(rc == KES_NOCONV && st.cost >= st.seconds && kes_tuner_rounds(tu) == 2, "seconds: %s cost %g s %g",
          kes_strerror(rc), st.cost, st.seconds);
    kes_tuner_destroy(tu);
    KSPDestroy(&ksp);
    pheat_destroy(&h);
}

int main(int argc, char **argv)
{
    int pargc = 1;
    PCHK(PetscInitialize(&pargc, &argv, NULL, NULL));
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    /* 20 steps of dt = 0.05 cover one period of kappa: easy and hard systems. */
    fixed_omega_run(PCSOR, 1.0, 40, 20, 0.05, 0);
    fixed_omega_run(PCSOR, 1.7, 40, 20, 0.05, 0);
    fixed_omega_run(PCEISENSTAT, 1.0, 40, 20, 0.05, 0);
    fixed_omega_run(PCEISENSTAT, 1.7, 40, 20, 0.05, 0);
    if (size == 1) {
        fixed_omega_run(PCEISENSTAT, 1.0, 40, 20, 0.05, 1);
        fixed_omega_run(PCEISENSTAT, 1.7, 40, 20, 0.05, 1);
    }
    tuned_run(KES_TUNER_CHEBCB, KES_PETSC_COST_ITERATIONS, 40, 40, 0.025);
    tuned_run(KES_TUNER_CHEBCB, KES_PETSC_COST_SECONDS, 40, 40, 0.025);
    tuned_run(KES_TUNER_AUTO, KES_PETSC_COST_ITERATIONS, 40, 40, 0.025);
    auto_prior_run();
    capped_run();
    int f = failed;
    MPI_Allreduce(MPI_IN_PLACE, &f, 1, MPI_INT, MPI_SUM, PETSC_COMM_WORLD);
    if (rank == 0) printf("%d passed, %d failed\n", passed, f);
    PetscFinalize();
    return f != 0;
}
