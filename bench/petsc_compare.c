/* petsc_compare: Kestrel's SOR and SSOR-PCG side by side with PETSc
 * (Debian libpetsc-real-dev, sequential), in the same process:
 *
 *  A. iteration counts on the 100x100 5-point Laplacian (b = 1, x0 = 0,
 *     rtol 1e-8, relative to ||r0|| = ||b||) for the same omega:
 *     SOR = KSPRICHARDSON + PCSOR forward sweep; SSOR-PCG = KSPCG + PCSOR
 *     symmetric and KSPCG + PCEISENSTAT; CG = KSPCG + PCNONE, all with
 *     KSP_NORM_UNPRECONDITIONED (a no-op monitor keeps Richardson off its
 *     fast path, which ignores the tolerance);
 *  B. single-thread time per forward SOR sweep, kes_solver_sor_sweep
 *     against MatSOR(SOR_FORWARD_SWEEP), and time per Eisenstat SSOR-PCG
 *     iteration, n = 1e4 .. 4e6;
 *  C. CG against SSOR-PCG (Eisenstat) wall clock on the Crank-Nicolson heat
 *     matrix I - kappa dt/2 Lh (kappa = 10, dt = 1e-3), both libraries.
 *
 * Not part of the CMake build (PETSc is optional): bench/run_solvers.sh
 * compiles it with cc and pkg-config PETSc.
 * Usage: petsc_compare [quick] [csv-path] */
#define _POSIX_C_SOURCE 200809L
#include <petscksp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../tests/solver_fixtures.h"

#include "petsc_util.h"

typedef struct {
    Mat M;
    PetscInt *i, *j;
    PetscScalar *v;
} pmat;

/* Copy a kes_csr into a SeqAIJ matrix with inodes off (PCSORSetOmega: omega
 * != 1 needs MAT_USE_INODES false). */
static pmat to_petsc(const kes_csr *A)
{
    pmat p;
    int64_t n = A->nrows;
    p.i = malloc((size_t)(n + 1) * sizeof *p.i);
    p.j = malloc((size_t)A->nnz * sizeof *p.j);
    p.v = malloc((size_t)A->nnz * sizeof *p.v);
    for (int64_t r = 0; r <= n; r++) p.i[r] = (PetscInt)A->rowptr[r];
    for (int64_t k = 0; k < A->nnz; k++) p.j[k] = A->colind[k], p.v[k] = A->val[k];
    P(MatCreate(PETSC_COMM_SELF, &p.M));
    P(MatSetSizes(p.M, (PetscInt)n, (PetscInt)n, (PetscInt)n, (PetscInt)n));
    P(MatSetType(p.M, MATSEQAIJ));
    P(MatSetOption(p.M, MAT_USE_INODES, PETSC_FALSE));
    P(MatSeqAIJSetPreallocationCSR(p.M, p.i, p.j, p.v));
    return p;
}

static void pmat_free(pmat *p)
{
    MatDestroy(&p->M);
    free(p->i);
    free(p->j);
    free(p->v);
}

static PetscErrorCode noop_monitor(KSP ksp, PetscInt it, PetscReal r, void *ctx) { return 0; }

enum { PK_SOR, PK_SSOR_CG, PK_EISEN_CG, PK_CG };

/* Solve with PETSc; returns iterations, *secs the KSPSolve time. */
static PetscInt petsc_solve(Mat M, int kind, double omega, const double *b, double *x, int64_t n, int maxit,
                            double *secs)
{
    KSP ksp;
    PC pc;
    Vec vb, vx;
    P(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, b, &vb));
    P(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, x, &vx));
    P(KSPCreate(PETSC_COMM_SELF, &ksp));
    P(KSPSetOperators(ksp, M, M));
    P(KSPGetPC(ksp, &pc));
    switch (kind) {
    case PK_SOR:
        P(KSPSetType(ksp, KSPRICHARDSON));
        P(PCSetType(pc, PCSOR));
        P(PCSORSetOmega(pc, omega));
        P(PCSORSetSymmetric(pc, SOR_FORWARD_SWEEP));
        P(KSPMonitorSet(ksp, noop_monitor, NULL, NULL));
        break;
    case PK_SSOR_CG:
        P(KSPSetType(ksp, KSPCG));
        P(PCSetType(pc, PCSOR));
        P(PCSORSetOmega(pc, omega));
        P(PCSORSetSymmetric(pc, SOR_SYMMETRIC_SWEEP));
        break;
    case PK_EISEN_CG:
        P(KSPSetType(ksp, KSPCG));
        P(PCSetType(pc, PCEISENSTAT));
        P(PCEisenstatSetOmega(pc, omega));
        break;
    default:
        P(KSPSetType(ksp, KSPCG));
        P(PCSetType(pc, PCNONE));
    }
    P(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED));
    P(KSPSetTolerances(ksp, 1e-8, 1e-300, 1e10, maxit));
    P(KSPSetUp(ksp));
    memset(x, 0, (size_t)n * sizeof *x);
    double t0 = now();
    P(KSPSolve(ksp, vb, vx));
    *secs = now() - t0;
    PetscInt its;
    P(KSPGetIterationNumber(ksp, &its));
    KSPDestroy(&ksp);
    VecDestroy(&vb);
    VecDestroy(&vx);
    return its;
}

static int64_t kes_count(const kes_solver_type *T, const kes_csr *A, double omega, const double *b, double *x,
                         int maxit, double *secs)
{
    kes_solver *S;
    if (kes_solver_create(T, A, &S) != KES_OK) exit(1);
    kes_solver_set_omega(S, omega);
    kes_solve_opts o = kes_solve_opts_default();
    o.max_iter = maxit;
    o.zero_guess = 1;
    kes_solve_stats st;
    double t0 = now();
    kes_solver_solve(S, b, x, &o, &st);
    *secs = now() - t0;
    kes_solver_destroy(S);
    return st.iterations;
}

int main(int argc, char **argv)
{
    int quick = 0;
    const char *csv = "bench/results/petsc_compare.csv";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            printf("usage: petsc_compare [quick] [csv-path]\n  Kestrel SOR / SSOR-PCG against PETSc "
                   "(MatSOR, PCSOR, PCEISENSTAT, KSPCG), sequential.\n");
            return 0;
        }
        if (!strcmp(argv[i], "quick"))
            quick = 1;
        else
            csv = argv[i];
    }
    int pargc = 1;
    P(PetscInitialize(&pargc, &argv, NULL, NULL));
    FILE *f = fopen(csv, "w");
    if (f) fprintf(f, "part,n,method,omega,kestrel_iters,petsc_iters,kestrel_s,petsc_s,ratio_petsc_over_kestrel\n");

    /* ---- A: iteration counts ---- */
    {
        int m = 100;
        kes_csr *A = fx_laplacian(m, 0.0);
        int64_t n = A->nrows;
        pmat pm = to_petsc(A);
        double *b = malloc((size_t)n * sizeof *b), *x = malloc((size_t)n * sizeof *x);
        for (int64_t i = 0; i < n; i++) b[i] = 1.0;
        double wy = fx_young(m, 0.0, NULL);
        const double oms[4] = {1.0, 1.5, 1.9, wy};
        printf("A. iteration counts, 100x100 Laplacian, b = 1, x0 = 0, rtol 1e-8\n");
        printf("%-28s %9s %9s %9s\n", "method", "omega", "Kestrel", "PETSc");
        for (int q = 0; q < 4; q++) {
            double ts, tp;
            int64_t ks = kes_count(kes_solver_sor, A, oms[q], b, x, 10000, &ts);
            PetscInt ps = petsc_solve(pm.M, PK_SOR, oms[q], b, x, n, 10000, &tp);
            printf("%-28s %9.6f %9lld %9d\n", "SOR (Richardson+PCSOR fwd)", oms[q], (long long)ks, (int)ps);
            if (f) fprintf(f, "A,%lld,sor,%.6f,%lld,%d,,,\n", (long long)n, oms[q], (long long)ks, (int)ps);
        }
        for (int q = 0; q < 4; q++) {
            double ts, tp;
            int64_t ks = kes_count(kes_solver_pcg_ssor, A, oms[q], b, x, 10000, &ts);
            PetscInt ps = petsc_solve(pm.M, PK_SSOR_CG, oms[q], b, x, n, 10000, &tp);
            int64_t ke = kes_count(kes_solver_pcg_eisenstat, A, oms[q], b, x, 10000, &ts);
            PetscInt pe = petsc_solve(pm.M, PK_EISEN_CG, oms[q], b, x, n, 10000, &tp);
            printf("%-28s %9.6f %9lld %9d\n", "SSOR-PCG (CG+PCSOR sym)", oms[q], (long long)ks, (int)ps);
            printf("%-28s %9.6f %9lld %9d\n", "SSOR-PCG (CG+PCEISENSTAT)", oms[q], (long long)ke, (int)pe);
            if (f) {
                fprintf(f, "A,%lld,pcg-ssor,%.6f,%lld,%d,,,\n", (long long)n, oms[q], (long long)ks, (int)ps);
                fprintf(f, "A,%lld,pcg-eisenstat,%.6f,%lld,%d,,,\n", (long long)n, oms[q], (long long)ke, (int)pe);
            }
        }
        double ts, tp;
        int64_t kc = kes_count(kes_solver_cg, A, 1.0, b, x, 10000, &ts);
        PetscInt pc = petsc_solve(pm.M, PK_CG, 1.0, b, x, n, 10000, &tp);
        printf("%-28s %9s %9lld %9d\n", "CG (PCNONE)", "-", (long long)kc, (int)pc);
        if (f) fprintf(f, "A,%lld,cg,,%lld,%d,,,\n", (long long)n, (long long)kc, (int)pc);
        pmat_free(&pm);
        kes_csr_destroy(A);
        free(b);
        free(x);
    }

    /* ---- B: time per sweep and per Eisenstat iteration ---- */
    printf("\nB. single thread, omega = 1.9: time per forward SOR sweep and per SSOR-PCG (Eisenstat) iteration\n");
    printf("%9s  %-22s %12s %12s %14s\n", "n", "kernel", "Kestrel ms", "PETSc ms", "PETSc/Kestrel");
    const int ms[4] = {100, 500, 1000, 2000};
    for (int q = 0; q < (quick ? 3 : 4); q++) {
        kes_csr *A = fx_laplacian(ms[q], 0.0);
        int64_t n = A->nrows;
        pmat pm = to_petsc(A);
        double *b = malloc((size_t)n * sizeof *b), *x = calloc((size_t)n, sizeof *x);
        for (int64_t i = 0; i < n; i++) b[i] = 1.0;
        kes_solver *S;
        kes_solver_create(kes_solver_sor, A, &S);
        kes_solver_set_omega(S, 1.9);
        Vec vb, vx;
        P(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, b, &vb));
        P(VecCreateSeqWithArray(PETSC_COMM_SELF, 1, (PetscInt)n, x, &vx));
        int reps = (int)(2e7 / (double)A->nnz);
        if (reps < 3) reps = 3;
        if (quick) reps = reps / 3 + 1;
        double tk = 1e30, tp = 1e30;
        for (int round = 0; round < 5; round++) { /* interleaved, best of 5 */
            double t0 = now();
            for (int r = 0; r < reps; r++) kes_solver_sor_sweep(S, b, x, NULL);
            double t = (now() - t0) / reps;
            if (t < tk) tk = t;
            t0 = now();
            for (int r = 0; r < reps; r++) P(MatSOR(pm.M, vb, 1.9, SOR_FORWARD_SWEEP, 0.0, 1, 1, vx));
            t = (now() - t0) / reps;
            if (t < tp) tp = t;
        }
        printf("%9lld  %-22s %12.3f %12.3f %14.2f\n", (long long)n, "SOR sweep", 1e3 * tk, 1e3 * tp, tp / tk);
        if (f) fprintf(f, "B,%lld,sor-sweep,1.9,,,%.6e,%.6e,%.3f\n", (long long)n, tk, tp, tp / tk);
        VecDestroy(&vb);
        VecDestroy(&vx);
        kes_solver_destroy(S);
        /* Eisenstat SSOR-PCG: time per iteration over a capped solve */
        int maxit = quick ? 60 : 150;
        double bk = 1e30, bp = 1e30;
        int64_t ik = 0;
        PetscInt ip = 0;
        for (int round = 0; round < 3; round++) {
            double ts, tps;
            ik = kes_count(kes_solver_pcg_eisenstat, A, 1.9, b, x, maxit, &ts);
            ip = petsc_solve(pm.M, PK_EISEN_CG, 1.9, b, x, n, maxit, &tps);
            if (ts / (double)ik < bk) bk = ts / (double)ik;
            if (tps / (double)ip < bp) bp = tps / (double)ip;
        }
        printf("%9lld  %-22s %12.3f %12.3f %14.2f   (%lld / %d iterations)\n", (long long)n,
               "Eisenstat PCG iter", 1e3 * bk, 1e3 * bp, bp / bk, (long long)ik, (int)ip);
        if (f)
            fprintf(f, "B,%lld,eisenstat-iteration,1.9,%lld,%d,%.6e,%.6e,%.3f\n", (long long)n, (long long)ik,
                    (int)ip, bk, bp, bp / bk);
        pmat_free(&pm);
        kes_csr_destroy(A);
        free(b);
        free(x);
    }

    /* ---- C: CG vs SSOR-PCG (Eisenstat) on the heat matrix ---- */
    printf("\nC. heat matrix I - kappa dt/2 Lh (kappa 10, dt 1e-3), b ~ N(0, I), x0 = 0, ||r|| <= 1e-8 ||b||\n");
    printf("%9s  %-26s %7s %8s %11s %8s %11s %10s\n", "n", "method", "omega", "K iters", "K ms", "P iters",
           "P ms", "K / K-CG");
    const int nxs[3] = {100, 200, 400};
    for (int q = 0; q < (quick ? 2 : 3); q++) {
        int m = nxs[q] - 1;
        kes_csr *A = fx_heat(m, 10.0, 1e-3);
        int64_t n = A->nrows;
        pmat pm = to_petsc(A);
        double *b = malloc((size_t)n * sizeof *b), *x = calloc((size_t)n, sizeof *x);
        kes_rng rng;
        kes_rng_init(&rng, 2024, 0);
        kes_rng_fill_normal(&rng, (int64_t)n, b);
        /* best omega for SSOR-PCG on a grid, by iterations */
        double best_w = 1.0;
        int64_t best_k = INT64_MAX;
        for (double w = 1.0; w < 1.96; w += 0.05) {
            double t;
            int64_t k = kes_count(kes_solver_pcg_eisenstat, A, w, b, x, 10000, &t);
            if (k < best_k) best_k = k, best_w = w;
        }
        double tcg = 0.0;
        const char *names[3] = {"CG", "SSOR-PCG Eisenstat w=1", "SSOR-PCG Eisenstat best w"};
        const double ws[3] = {1.0, 1.0, best_w};
        for (int k = 0; k < 3; k++) {
            double tk = 1e30, tp = 1e30, t;
            int64_t ik = 0;
            PetscInt ip = 0;
            for (int round = 0; round < 3; round++) {
                ik = kes_count(k == 0 ? kes_solver_cg : kes_solver_pcg_eisenstat, A, ws[k], b, x, 10000, &t);
                if (t < tk) tk = t;
                ip = petsc_solve(pm.M, k == 0 ? PK_CG : PK_EISEN_CG, ws[k], b, x, n, 10000, &t);
                if (t < tp) tp = t;
            }
            if (k == 0) tcg = tk;
            printf("%9lld  %-26s %7.2f %8lld %11.3f %8d %11.3f %10.2f\n", (long long)n, names[k], ws[k],
                   (long long)ik, 1e3 * tk, (int)ip, 1e3 * tp, tk / tcg);
            if (f)
                fprintf(f, "C,%lld,%s,%.2f,%lld,%d,%.6e,%.6e,%.3f\n", (long long)n, names[k], ws[k], (long long)ik,
                        (int)ip, tk, tp, tp / tk);
        }
        pmat_free(&pm);
        kes_csr_destroy(A);
        free(b);
        free(x);
    }
    if (f) fclose(f);
    P(PetscFinalize());
    return 0;
}
