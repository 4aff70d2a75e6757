/*
 * PETSc peer of `bench_pde dst`: the same m x m 5-point Dirichlet system
 * (matrix scaled by (m+1)^2, the same right-hand side), solved by KSPCG
 * with PCNONE and with PCSOR (symmetric sweep, i.e. SSOR, at the given
 * omega), relative tolerance 1e-8 on the unpreconditioned residual, zero
 * initial guess: the stopping rule of kes_cg_solve / kes_ssor_pcg_solve.
 *
 *   pde_petsc M OMEGA [REPS]    prints one line per configuration
 *
 * Built by bench/run_pde.sh only where pkg-config finds PETSc.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <petscksp.h>
#include <stdio.h>
#include <stdlib.h>

#include "petsc_util.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s M OMEGA [REPS]\n", argv[0]);
        return 2;
    }
    const PetscInt m = atoi(argv[1]);
    const double omega = atof(argv[2]);
    const int reps = argc > 3 ? atoi(argv[3]) : 3;
    int pargc = 1;
    char **pargv = argv;
    P(PetscInitialize(&pargc, &pargv, NULL, NULL));
    const PetscInt N = m * m;
    const double h = 1.0 / (double)(m + 1), w = 1.0 / (h * h);
    Mat A;
    P(MatCreateSeqAIJ(PETSC_COMM_SELF, N, N, 5, NULL, &A));
    for (PetscInt p = 0; p < N; p++) {
        const PetscInt i = p % m, j = p / m; /* first index fastest */
        PetscInt cols[5], k = 0;
        PetscScalar vals[5];
        if (j > 0) cols[k] = p - m, vals[k++] = -w;
        if (i > 0) cols[k] = p - 1, vals[k++] = -w;
        cols[k] = p, vals[k++] = 4.0 * w;
        if (i < m - 1) cols[k] = p + 1, vals[k++] = -w;
        if (j < m - 1) cols[k] = p + m, vals[k++] = -w;
        P(MatSetValues(A, 1, &p, k, cols, vals, INSERT_VALUES));
    }
    P(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    P(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
    Vec b, x;
    P(MatCreateVecs(A, &x, &b));
    PetscScalar *bb;
    P(VecGetArray(b, &bb));
    for (PetscInt j = 0; j < m; j++)
        for (PetscInt i = 0; i < m; i++) bb[i + m * j] = 1.0 + sin(7.0 * i * h) * cos(3.0 * j * h);
    P(VecRestoreArray(b, &bb));
    PetscReal bn;
    P(VecNorm(b, NORM_2, &bn));
    for (int cfg = 0; cfg < 2; cfg++) {
        KSP ksp;
        PC pc;
        P(KSPCreate(PETSC_COMM_SELF, &ksp));
        P(KSPSetOperators(ksp, A, A));
        P(KSPSetType(ksp, KSPCG));
        P(KSPGetPC(ksp, &pc));
        if (cfg == 0) P(PCSetType(pc, PCNONE));
        else {
            P(PCSetType(pc, PCSOR));
            P(PCSORSetSymmetric(pc, SOR_SYMMETRIC_SWEEP));
            P(PCSORSetOmega(pc, omega));
        }
        P(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED));
        P(KSPSetTolerances(ksp, 1e-8, 0.0, 1e10, 100000));
        P(KSPSetUp(ksp));
        double s = 0.0, q = 0.0;
        PetscInt its = 0;
        PetscReal rn = 0.0;
        for (int r = 0; r < reps; r++) {
            P(VecSet(x, 0.0));
            double t0 = now();
            P(KSPSolve(ksp, b, x));
            double dt = now() - t0;
            s += dt;
            q += dt * dt;
            P(KSPGetIterationNumber(ksp, &its));
            P(KSPGetResidualNorm(ksp, &rn));
        }
        double mean = s / reps, se = reps > 1 ? sqrt(fmax(0.0, (q - reps * mean * mean) / (reps - 1)) / reps) : 0.0;
        char name[64];
        if (cfg == 0) snprintf(name, sizeof name, "PETSc KSPCG + PCNONE");
        else snprintf(name, sizeof name, "PETSc KSPCG + PCSOR sym %.4f", omega);
        printf("%-34s %10d %8.3f+-%-5.3f %14.2e\n", name, (int)its, mean, se, rn / bn);
        KSPDestroy(&ksp);
    }
    VecDestroy(&b);
    VecDestroy(&x);
    MatDestroy(&A);
    P(PetscFinalize());
    return 0;
}
