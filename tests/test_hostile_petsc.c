/* The hostile caller for the PETSc bridge, kestrel/petsc.h (the companion of
 * test_hostile.c, which cannot link PETSc; run by CTest under mpiexec -np 1):
 * NULL pointers, PCs without omega, omega outside (0, 2), a bad cost kind,
 * NaN and out-of-range contexts, a NaN right-hand side, an indefinite
 * matrix, a KSP without operators, and every KSPConvergedReason through
 * kes_petsc_status_from_reason.  After a refused call the tuner must be
 * untouched (no round, no pending choice); after a failed solve it must
 * have observed the iteration cap.  PETSc's own error messages are silenced
 * (PetscReturnErrorHandler).  Prints "N passed, M failed"; exits nonzero on
 * a failure. */
#define _POSIX_C_SOURCE 200809L
#include <limits.h>
#include <math.h>
#include <stdio.h>

#if defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libmpi.so\nleak:libopen-pal\nleak:libopen-rte\nleak:mca_\nleak:libpmix\nleak:libevent\n"
           "leak:libhwloc\nleak:libucs\nleak:libucp\nleak:libfabric\nleak:libgomp\nleak:libopenblas\n"
           "leak:libpetsc\n";
}
#endif

#include "kestrel/petsc.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                                 \
    do {                                                                                                 \
        if (cond) passed++;                                                                              \
        else {                                                                                           \
            failed++;                                                                                    \
            fprintf(stderr, "FAIL line %d: %s: ", __LINE__, #cond);                                      \
            fprintf(stderr, __VA_ARGS__);                                                                \
            fprintf(stderr, "\n");                                                                       \
        }                                                                                                \
    } while (0)

/* Tridiagonal (diag, -1, -1) of order n, SeqAIJ without inodes. */
static Mat tridiag(PetscInt n, double diag)
{
    Mat A;
    MatCreateSeqAIJ(PETSC_COMM_SELF, n, n, 3, NULL, &A);
    MatSetOption(A, MAT_USE_INODES, PETSC_FALSE);
    for (PetscInt i = 0; i < n; i++) {
        if (i > 0) MatSetValue(A, i, i - 1, -1.0, INSERT_VALUES);
        MatSetValue(A, i, i, diag, INSERT_VALUES);
        if (i < n - 1) MatSetValue(A, i, i + 1, -1.0, INSERT_VALUES);
    }
    MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY);
    MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY);
    return A;
}

static KSP make_ksp(Mat A, PCType pc_type, PetscInt maxit)
{
    KSP ksp;
    PC pc;
    KSPCreate(PETSC_COMM_SELF, &ksp);
    if (A) KSPSetOperators(ksp, A, A);
    KSPSetType(ksp, KSPCG);
    KSPGetPC(ksp, &pc);
    if (pc_type) PCSetType(pc, pc_type);
    KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED);
    KSPSetTolerances(ksp, 1e-10, 1e-300, 1e10, maxit);
    return ksp;
}

static kes_tuner *make_tuner(kes_tuner_kind kind)
{
    kes_rng *rng;
    kes_tuner *t = NULL;
    kes_rng_create(5, &rng);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = 0.0;
    o.context_max = 1.0;
    kes_tuner_create(kind, &o, rng, &t);
    kes_rng_destroy(rng);
    return t;
}

/* The tuner made no round and holds no pending choice. */
static int untouched(const kes_tuner *t)
{
    int64_t arm;
    return kes_tuner_rounds(t) == 0 && kes_tuner_last_arm(t, &arm) == KES_ESTATE;
}

static void reasons(void)
{
    static const struct {
        KSPConvergedReason r;
        kes_status s;
    } table[] = {{KSP_CONVERGED_RTOL, KES_OK},
                 {KSP_CONVERGED_ATOL, KES_OK},
                 {KSP_CONVERGED_ITS, KES_OK},
                 {KSP_CONVERGED_HAPPY_BREAKDOWN, KES_OK},
                 {KSP_CONVERGED_ITERATING, KES_ESTATE},
                 {KSP_DIVERGED_NULL, KES_EDIVERGE},
                 {KSP_DIVERGED_ITS, KES_NOCONV},
                 {KSP_DIVERGED_DTOL, KES_EDIVERGE},
                 {KSP_DIVERGED_BREAKDOWN, KES_EDIVERGE},
                 {KSP_DIVERGED_BREAKDOWN_BICG, KES_EDIVERGE},
                 {KSP_DIVERGED_NONSYMMETRIC, KES_EBADDATA},
                 {KSP_DIVERGED_INDEFINITE_PC, KES_ENOTSPD},
                 {KSP_DIVERGED_NANORINF, KES_ENAN},
                 {KSP_DIVERGED_INDEFINITE_MAT, KES_ENOTSPD},
                 {KSP_DIVERGED_PC_FAILED, KES_ESINGULAR},
                 {(KSPConvergedReason)-100, KES_EDIVERGE},
                 {(KSPConvergedReason)INT_MIN, KES_EDIVERGE},
                 {(KSPConvergedReason)INT_MAX, KES_OK}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        CHECK(kes_petsc_status_from_reason(table[i].r) == table[i].s, "reason %d -> %d", (int)table[i].r,
              (int)kes_petsc_status_from_reason(table[i].r));
}

static void set_omega(void)
{
    CHECK(kes_petsc_set_omega(NULL, 1.5) == KES_EINVAL, "NULL pc");
    PC pc;
    PCCreate(PETSC_COMM_SELF, &pc);
    CHECK(kes_petsc_set_omega(pc, 1.5) == KES_ENOTSUP, "PC without a type");
    PCSetType(pc, PCJACOBI);
    CHECK(kes_petsc_set_omega(pc, 1.5) == KES_ENOTSUP, "PCJACOBI");
    PCSetType(pc, PCNONE);
    CHECK(kes_petsc_set_omega(pc, 1.5) == KES_ENOTSUP, "PCNONE");
    PCSetType(pc, PCSOR);
    CHECK(kes_petsc_set_omega(pc, 1.5) == KES_OK, "PCSOR 1.5");
    const double bad[] = {0.0, 2.0, -1.0, 2.5, NAN, INFINITY, -INFINITY, -0.0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK(kes_petsc_set_omega(pc, bad[i]) == KES_EDOM, "omega %g", bad[i]);
    PetscReal w = 0;
    PCSORGetOmega(pc, &w);
    CHECK(w == 1.5, "a refused omega changed the PC: %g", (double)w);
    PCSetType(pc, PCEISENSTAT);
    CHECK(kes_petsc_set_omega(pc, 1.25) == KES_OK, "PCEISENSTAT");
    CHECK(kes_petsc_set_omega(pc, 2.0) == KES_EDOM, "PCEISENSTAT omega 2");
    PCDestroy(&pc);
}

static void tuned_solve(void)
{
    const PetscInt n = 20;
    Mat A = tridiag(n, 2.5);
    Vec b, x;
    MatCreateVecs(A, &x, &b);
    VecSet(b, 1.0);
    VecSet(x, 0.0);
    kes_tuner *t = make_tuner(KES_TUNER_CHEBCB);
    KSP ksp = make_ksp(A, PCSOR, 50);
    kes_petsc_stats st;

    CHECK(kes_petsc_tuned_solve(NULL, 0.5, KES_PETSC_COST_ITERATIONS, ksp, b, x, &st) == KES_EINVAL, "NULL t");
    CHECK(kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, NULL, b, x, &st) == KES_EINVAL, "NULL ksp");
    CHECK(kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, ksp, NULL, x, &st) == KES_EINVAL, "NULL b");
    CHECK(kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, ksp, b, NULL, &st) == KES_EINVAL, "NULL x");
    CHECK(kes_petsc_tuned_solve(t, 0.5, (kes_petsc_cost)7, ksp, b, x, &st) == KES_EINVAL, "cost 7");
    CHECK(kes_petsc_tuned_solve(t, 0.5, (kes_petsc_cost)-1, ksp, b, x, &st) == KES_EINVAL, "cost -1");
    CHECK(kes_petsc_tuned_solve(t, NAN, KES_PETSC_COST_ITERATIONS, ksp, b, x, &st) == KES_ENAN, "NaN context");
    CHECK(untouched(t), "a refused call touched the tuner");

    /* PCs without omega: refused before the tuner chooses. */
    const PCType no_omega[] = {PCJACOBI, PCNONE, PCILU, PCBJACOBI};
    for (size_t i = 0; i < sizeof no_omega / sizeof no_omega[0]; i++) {
        KSP k2 = make_ksp(A, no_omega[i], 50);
        CHECK(kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, k2, b, x, &st) == KES_ENOTSUP, "%s",
              no_omega[i]);
        KSPDestroy(&k2);
    }
    CHECK(untouched(t), "KES_ENOTSUP touched the tuner");

    /* Good calls: st NULL allowed; a clamped context is reported. */
    CHECK(kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, ksp, b, x, NULL) == KES_OK, "st NULL");
    VecSet(x, 0.0);
    CHECK(kes_petsc_tuned_solve(t, 5.0, KES_PETSC_COST_ITERATIONS, ksp, b, x, &st) == KES_CLAMPED &&
              st.clamped == 1 && st.status == KES_CLAMPED && st.reason > 0,
          "clamped: %d", (int)st.status);
    VecSet(x, 0.0);
    CHECK(kes_petsc_tuned_solve(t, -INFINITY, KES_PETSC_COST_SECONDS, ksp, b, x, &st) == KES_CLAMPED &&
              st.cost == st.seconds && st.seconds >= 0.0,
          "clamped -inf, seconds");
    CHECK(kes_tuner_rounds(t) == 3, "rounds %lld", (long long)kes_tuner_rounds(t));

    /* A NaN right-hand side: the solve fails, the tuner observes the cap. */
    VecSetValue(b, 3, NAN, INSERT_VALUES);
    VecAssemblyBegin(b);
    VecAssemblyEnd(b);
    VecSet(x, 0.0);
    kes_status rc = kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, ksp, b, x, &st);
    CHECK(rc < 0 && rc == st.status && st.cost == 50.0 && kes_tuner_rounds(t) == 4,
          "NaN b: %s (reason %d) cost %g", kes_strerror(rc), (int)st.reason, st.cost);
    CHECK(st.reason >= 0 || rc == kes_petsc_status_from_reason(st.reason), "NaN b: status is not the reason's");
    VecSet(b, 1.0);
    KSPDestroy(&ksp);

    /* An indefinite matrix (diagonal 1, off-diagonal -1: eigenvalues in (-1, 3)). */
    Mat Ai = tridiag(n, 1.0);
    ksp = make_ksp(Ai, PCSOR, 200);
    VecSet(x, 0.0);
    rc = kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, ksp, b, x, &st);
    CHECK(rc == kes_petsc_status_from_reason(st.reason) && (rc == KES_OK || st.cost == 200.0) &&
              kes_tuner_rounds(t) == 5,
          "indefinite: %s (reason %d) cost %g", kes_strerror(rc), (int)st.reason, st.cost);
    KSPDestroy(&ksp);
    MatDestroy(&Ai);

    /* A KSP without operators: PETSc refuses the solve (KES_EIO), observed at the cap. */
    ksp = make_ksp(NULL, PCSOR, 30);
    rc = kes_petsc_tuned_solve(t, 0.5, KES_PETSC_COST_ITERATIONS, ksp, b, x, &st);
    CHECK(rc < 0 && kes_tuner_rounds(t) == 6 && st.cost == 30.0, "no operators: %s, cost %g", kes_strerror(rc),
          st.cost);
    KSPDestroy(&ksp);

    kes_tuner_destroy(t);
    VecDestroy(&b);
    VecDestroy(&x);
    MatDestroy(&A);
}

static void tuner_set_system(void)
{
    kes_tuner *t = make_tuner(KES_TUNER_AUTO);
    Mat A = tridiag(6, 2.0), R;
    CHECK(kes_petsc_tuner_set_system(NULL, A) == KES_EINVAL, "set_system NULL tuner");
    CHECK(kes_petsc_tuner_set_system(t, NULL) == KES_OK, "set_system NULL matrix clears");
    MatCreateSeqAIJ(PETSC_COMM_SELF, 3, 4, 2, NULL, &R);
    MatAssemblyBegin(R, MAT_FINAL_ASSEMBLY);
    MatAssemblyEnd(R, MAT_FINAL_ASSEMBLY);
    CHECK(kes_petsc_tuner_set_system(t, R) == KES_EDIM, "set_system 3 x 4");
    CHECK(kes_petsc_tuner_set_system(t, A) == KES_OK, "set_system tridiagonal");
    /* the tuner then chooses within its range */
    double w = 0;
    CHECK(kes_tuner_choose(t, 0.5, &w) == KES_OK && w >= 1.0 && w < 2.0, "AUTO after set_system: omega %g", w);
    MatDestroy(&R);
    MatDestroy(&A);
    kes_tuner_destroy(t);
}

int main(int argc, char **argv)
{
    int pargc = 1;
    if (PetscInitialize(&pargc, &argv, NULL, NULL)) return 1;
    PetscPushErrorHandler(PetscReturnErrorHandler, NULL);
    reasons();
    set_omega();
    tuner_set_system();
    tuned_solve();
    PetscPopErrorHandler();
    printf("%d passed, %d failed\n", passed, failed);
    PetscFinalize();
    return failed != 0;
}
