/* cg_petsc: time per iteration of unpreconditioned CG on the m x m
 * five-point Laplacian (default m = 1000, n = 1e6), Kestrel against PETSc's
 * KSPCG, the same algorithm and the same stopping rule on both sides.
 *
 *   cg_petsc kestrel [m] [iters] [reps]   Kestrel kes_solver_cg plan, threads
 *                                        from OMP_NUM_THREADS
 *   cg_petsc petsc   [m] [iters] [reps]   PETSc KSPCG + PCNONE on MATAIJ over
 *                                        PETSC_COMM_WORLD (run under mpirun -np P)
 *
 * Both run b = 1, x0 = 0 and exactly `iters` iterations (tolerance 1e-30,
 * never met; KSP_NORM_UNPRECONDITIONED so PETSc also forms ||r|| every
 * iteration, as Kestrel does), one warm-up solve, then `reps` timed solves.
 * The time of one solve divided by iters is one sample; the program prints
 * one CSV line per sample: impl,workers,n,iters,rep,s_per_iter,
 * final_rel_residual (the last lets a reader check that both ran the same
 * iteration: the residuals agree to rounding).
 *
 * Built and driven by bench/run_solvers.sh (cc + pkg-config PETSc), which
 * runs both at 1 and 2 workers in interleaved rounds (so a change of the
 * machine's load hits every configuration alike), aggregates the samples
 * (mean, standard error, minimum) and writes bench/results/cg_petsc*.csv. */
#define _POSIX_C_SOURCE 200809L
#include <petscksp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "../tests/solver_fixtures.h"

#include "petsc_util.h"

static int run_kestrel(int m, int iters, int reps)
{
    kes_csr *A = fx_laplacian(m, 0.0);
    if (!A) return 1;
    const int64_t n = A->nrows;
    double *b = malloc((size_t)n * sizeof *b), *x = malloc((size_t)n * sizeof *x);
    for (int64_t i = 0; i < n; i++) b[i] = 1.0;
    kes_solver *S;
    if (kes_solver_create(kes_solver_cg, A, &S) != KES_OK) return 1;
    kes_solve_opts o = kes_solve_opts_default();
    o.tol = 1e-30;
    o.max_iter = iters;
    o.zero_guess = 1;
    kes_solve_stats st;
    if (kes_solver_solve(S, b, x, &o, &st) != KES_NOCONV || st.iterations != iters) return 1; /* warm-up */
    int nt = 1;
#ifdef _OPENMP
    nt = omp_get_max_threads();
#endif
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        kes_status rc = kes_solver_solve(S, b, x, &o, &st);
        double t = (now() - t0) / iters;
        if (rc != KES_NOCONV || st.iterations != iters) return 1;
        printf("kestrel,%d,%lld,%d,%d,%.6e,%.15e\n", nt, (long long)n, iters, r, t, st.residual);
    }
    kes_solver_destroy(S);
    kes_csr_destroy(A);
    free(b), free(x);
    return 0;
}

static int run_petsc(int m, int iters, int reps, int *argc, char ***argv)
{
    P(PetscInitialize(argc, argv, NULL, NULL));
    PetscMPIInt size, rank;
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    const PetscInt N = (PetscInt)m * m;
    Mat A;
    P(MatCreate(PETSC_COMM_WORLD, &A));
    P(MatSetSizes(A, PETSC_DECIDE, PETSC_DECIDE, N, N));
    P(MatSetType(A, MATAIJ));
    P(MatSeqAIJSetPreallocation(A, 5, NULL));
    P(MatMPIAIJSetPreallocation(A, 5, NULL, 2, NULL));
    PetscInt lo, hi;
    P(MatGetOwnershipRange(A, &lo, &hi));
    for (PetscInt p = lo; p < hi; p++) {
        const PetscInt i = p / m, j = p % m;
        PetscInt cols[5], k = 0;
        PetscScalar vals[5];
        if (i > 0) cols[k] = p - m, vals[k++] = -1.0;
        if (j > 0) cols[k] = p - 1, vals[k++] = -1.0;
        cols[k] = p, vals[k++] = 4.0;
        if (j < m - 1) cols[k] = p + 1, vals[k++] = -1.0;
        if (i < m - 1) cols[k] = p + m, vals[k++] = -1.0;
        P(MatSetValues(A, 1, &p, k, cols, vals, INSERT_VALUES));
    }
    P(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
    P(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
    Vec b, x;
    P(MatCreateVecs(A, &x, &b));
    P(VecSet(b, 1.0));
    KSP ksp;
    PC pc;
    P(KSPCreate(PETSC_COMM_WORLD, &ksp));
    P(KSPSetOperators(ksp, A, A));
    P(KSPSetType(ksp, KSPCG));
    P(KSPGetPC(ksp, &pc));
    P(PCSetType(pc, PCNONE));
    P(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED));
    P(KSPSetTolerances(ksp, 1e-30, 0.0, 1e10, iters));
    P(KSPSetUp(ksp));
    PetscInt its = 0;
    PetscReal rn = 0.0, bn = 0.0;
    P(VecNorm(b, NORM_2, &bn));
    for (int r = -1; r < reps; r++) { /* r = -1: warm-up */
        P(VecSet(x, 0.0));
        MPI_Barrier(PETSC_COMM_WORLD);
        double t0 = MPI_Wtime();
        P(KSPSolve(ksp, b, x));
        double dt = MPI_Wtime() - t0, dmax;
        MPI_Allreduce(&dt, &dmax, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
        P(KSPGetIterationNumber(ksp, &its));
        if (its != iters) {
            if (!rank) fprintf(stderr, "PETSc ran %d iterations, not %d\n", (int)its, iters);
            return 1;
        }
        P(KSPGetResidualNorm(ksp, &rn));
        if (r >= 0 && !rank)
            printf("petsc,%d,%lld,%d,%d,%.6e,%.15e\n", (int)size, (long long)N, iters, r, dmax / iters, rn / bn);
    }
    KSPDestroy(&ksp);
    VecDestroy(&b);
    VecDestroy(&x);
    MatDestroy(&A);
    P(PetscFinalize());
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || (strcmp(argv[1], "kestrel") && strcmp(argv[1], "petsc"))) {
        fprintf(stderr, "usage: %s kestrel|petsc [m=1000] [iters=200] [reps=2]\n", argv[0]);
        return 2;
    }
    const int m = argc > 2 ? atoi(argv[2]) : 1000;
    const int iters = argc > 3 ? atoi(argv[3]) : 200;
    const int reps = argc > 4 ? atoi(argv[4]) : 2;
    if (m < 2 || iters < 1 || reps < 1) return 2;
    if (!strcmp(argv[1], "kestrel")) return run_kestrel(m, iters, reps);
    /* PETSc parses the options after the mode and sizes */
    int pargc = 1;
    char **pargv = argv;
    return run_petsc(m, iters, reps, &pargc, &pargv);
}
