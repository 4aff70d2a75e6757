/*
 * petsc_heat: the learned-relaxation heat demonstration (heat_demo) on a
 * PETSc DMDA grid distributed over MPI ranks.
 *
 * Crank-Nicolson steps of u_t = kappa(t) Laplace u + f on [0,1]^2 with the
 * diffusivity kappa(t) swinging between 0 and 10 (examples/heat_problem.h);
 * every step is one PETSc KSPCG solve preconditioned by SSOR in Eisenstat's
 * form (PCEISENSTAT; --pc sor for PCSOR's symmetric sweep), and a Kestrel
 * tuner chooses omega before each solve from the context kappa, learning
 * from PETSc's global iteration counts (kes_petsc_tuned_solve).  Every rank
 * runs the same tuner from the same seed and therefore chooses the same
 * omega without communication.  --omega W fixes omega instead.
 *
 * Run:  mpirun -np 2 petsc_heat --n 400 --steps 100 --dt 1e-2 --csv run.csv
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "example_cli.h"
#include "kestrel/petsc.h"
#include "petsc_heat_problem.h"

/* The tuner kind used when --tuner is not given. */
#define PETSC_HEAT_DEFAULT_TUNER KES_TUNER_AUTO /* the recommended kind */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: petsc_heat [options]   (under mpirun for several ranks)\n"
            "Heat equation u_t = kappa(t) Laplace u + f on [0,1]^2 on a PETSc DMDA grid (Crank-Nicolson), one\n"
            "KSPCG solve per step preconditioned by SSOR (Eisenstat), omega chosen before each solve by a\n"
            "Kestrel tuner from the context kappa and learned from PETSc's global iteration counts.\n"
            "  --n N          interior grid points per side, N in [3, 10000], N^dim unknowns (default 200)\n"
            "  --dim D        2 (default: the unit square) or 3 (the unit cube, 7-point stencil)\n"
            "  --steps T      time steps, T in [1, 1000000] (default 100)\n"
            "  --dt DT        time step, DT in (0, 1] (default 1e-3 as heat_demo; 1e-2 with 100 steps\n"
            "                 covers one period of kappa)\n"
            "  --omega W      fix omega = W in (0, 2) instead of tuning it\n"
            "  --tuner NAME   tuner kind (as kes_tuner_kind_name: fixed, tsallis-inf, tsallis-inf-cb,\n"
            "                 chebcb, auto; default %s: shown each step\'s matrix through\n"
            "                 kes_petsc_tuner_set_system)\n"
            "  --cost C       what the tuner learns from: iterations (default) or seconds\n"
            "  --pc P         auto (default), eisenstat (PCEISENSTAT) or sor (PCSOR, symmetric sweep: the\n"
            "                 same SSOR preconditioner in explicit form, about two passes over A per\n"
            "                 iteration instead of one); auto is eisenstat on 1 rank and sor on more,\n"
            "                 where PETSc 3.18's Eisenstat needs an AIJ matrix with inodes\n"
            "  --tol TOL      relative tolerance ||b - A x|| <= TOL ||b||, in (0, 1) (default 1e-8)\n"
            "  --seed S       the tuner's seed, the same on every rank, S in [0, 2^64-1] (default 1)\n"
            "  --csv FILE     write one row per step: step,context,omega,iterations (rank 0)\n"
            "  --quiet        no summary\n"
            "  --help         this text\n"
            "PETSc options may be given in the PETSC_OPTIONS environment variable.\n",
            kes_tuner_kind_name(PETSC_HEAT_DEFAULT_TUNER));
}

#define SYNOPSIS "[--n N] [--steps T] [--dt DT] [--omega W | --tuner NAME] [--csv FILE] [options]"

#define PCHK(call)                                                                                       \
    do {                                                                                                 \
        PetscErrorCode e_ = (call);                                                                      \
        if (e_) {                                                                                        \
            fprintf(stderr, "petsc_heat: PETSc error %d at line %d\n", (int)e_, __LINE__);               \
            MPI_Abort(MPI_COMM_WORLD, 1);                                                                \
        }                                                                                                \
    } while (0)

int main(int argc, char **argv)
{
    int64_t n = 200, T = 100, dim = 2;
    double dt = 1e-3, omega_fixed = 0.0, tol = 1e-8;
    uint64_t seed = 1;
    int quiet = 0;
    kes_tuner_kind kind = PETSC_HEAT_DEFAULT_TUNER;
    kes_petsc_cost cost = KES_PETSC_COST_ITERATIONS;
    const char *csv = NULL, *pc_name = "auto";
    example_prog = "petsc_heat";
    enum { O_N = 256, O_DIM, O_STEPS, O_DT, O_OMEGA, O_TUNER, O_COST, O_PC, O_TOL, O_SEED, O_CSV, O_QUIET };
    static const struct option longopts[] = {
        {"n", required_argument, NULL, O_N},         {"steps", required_argument, NULL, O_STEPS},
        {"dim", required_argument, NULL, O_DIM},
        {"dt", required_argument, NULL, O_DT},       {"omega", required_argument, NULL, O_OMEGA},
        {"tuner", required_argument, NULL, O_TUNER}, {"cost", required_argument, NULL, O_COST},
        {"pc", required_argument, NULL, O_PC},       {"tol", required_argument, NULL, O_TOL},
        {"seed", required_argument, NULL, O_SEED},   {"csv", required_argument, NULL, O_CSV},
        {"quiet", no_argument, NULL, O_QUIET},       {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    /* The command line is parsed before MPI starts, so --help and mistakes
     * need no MPI. */
    opterr = 0;
    int opt, tuner_given = 0;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h': usage(stdout); return 0;
        case O_N:
            if (parse_int64("--n", optarg, 3, 10000, &n)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_DIM:
            if (parse_int64("--dim", optarg, 2, 3, &dim)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_STEPS:
            if (parse_int64("--steps", optarg, 1, 1000000, &T)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_DT:
            if (parse_double_range("--dt", optarg, 0.0, 1.0, CLI_OPEN_LO, &dt)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_OMEGA:
            if (parse_double_range("--omega", optarg, 0.0, 2.0, CLI_OPEN, &omega_fixed))
                return cli_usage_hint(SYNOPSIS);
            break;
        case O_TUNER:
            if (kes_tuner_kind_from_name(optarg, &kind) != KES_OK) {
                fprintf(stderr, "petsc_heat: --tuner: unknown kind '%s' (fixed, tsallis-inf, tsallis-inf-cb, chebcb, auto)\n",
                        optarg);
                return cli_usage_hint(SYNOPSIS);
            }
            tuner_given = 1;
            break;
        case O_COST:
            if (!strcmp(optarg, "iterations")) cost = KES_PETSC_COST_ITERATIONS;
            else if (!strcmp(optarg, "seconds")) cost = KES_PETSC_COST_SECONDS;
            else {
                fprintf(stderr, "petsc_heat: --cost: '%s' is not iterations or seconds\n", optarg);
                return cli_usage_hint(SYNOPSIS);
            }
            break;
        case O_PC:
            if (strcmp(optarg, "auto") && strcmp(optarg, "eisenstat") && strcmp(optarg, "sor")) {
                fprintf(stderr, "petsc_heat: --pc: '%s' is not auto, eisenstat or sor\n", optarg);
                return cli_usage_hint(SYNOPSIS);
            }
            pc_name = optarg;
            break;
        case O_TOL:
            if (parse_double_range("--tol", optarg, 0.0, 1.0, CLI_OPEN, &tol)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_SEED:
            if (parse_uint64("--seed", optarg, 0, UINT64_MAX, &seed)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_CSV: csv = optarg; break;
        case O_QUIET: quiet = 1; break;
        default:
            cli_getopt_error(opt, argv, longopts);
            return cli_usage_hint(SYNOPSIS);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "petsc_heat: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    if (omega_fixed > 0.0 && tuner_given && kind != KES_TUNER_FIXED) {
        fprintf(stderr, "petsc_heat: --omega fixes omega; it cannot be combined with --tuner %s\n",
                kes_tuner_kind_name(kind));
        return cli_usage_hint(SYNOPSIS);
    }
    if (dim == 3 && n > 1000) {
        fprintf(stderr, "petsc_heat: --n: '%lld' is out of range [3, 1000] for --dim 3\n", (long long)n);
        return cli_usage_hint(SYNOPSIS);
    }
    if (omega_fixed > 0.0) kind = KES_TUNER_FIXED;
    if (kind == KES_TUNER_FIXED && !(omega_fixed > 0.0)) omega_fixed = 1.0;
    if (csv && !*csv) {
        fprintf(stderr, "petsc_heat: --csv: the file name is empty\n");
        return cli_usage_hint(SYNOPSIS);
    }

    /* PETSc reads no command line here (the options above are ours). */
    int pargc = 1;
    PCHK(PetscInitialize(&pargc, &argv, NULL, NULL));
    int rank, size;
    MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    FILE *out = NULL;
    int open_failed = 0;
    if (csv && rank == 0) {
        out = fopen(csv, "w");
        open_failed = !out;
        if (out) fprintf(out, "step,context,omega,iterations\n");
    }
    (void)MPI_Bcast(&open_failed, 1, MPI_INT, 0, PETSC_COMM_WORLD);
    if (open_failed) {
        if (rank == 0) fprintf(stderr, "petsc_heat: cannot open '%s' for writing\n", csv);
        PetscFinalize();
        return 1;
    }

    if (!strcmp(pc_name, "auto")) pc_name = size == 1 ? "eisenstat" : "sor";
    pheat h;
    KSP ksp;
    PCHK(pheat_create_dim(PETSC_COMM_WORLD, (int)dim, (PetscInt)n, dt, &h));
    PCHK(pheat_ksp(&h, strcmp(pc_name, "sor") ? PCEISENSTAT : PCSOR, tol, 10000, &ksp));

    /* The same tuner on every rank: same kind, options and seed. */
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = HEAT_KAPPA_MIN;
    o.context_max = HEAT_KAPPA_MAX;
    o.omega_fixed = omega_fixed > 0.0 ? omega_fixed : 1.0;
    if (cost == KES_PETSC_COST_SECONDS) o.cost_offset = 0.0;
    kes_rng *rng = NULL;
    kes_tuner *tu = NULL;
    kes_status ks = kes_rng_create(seed, &rng);
    if (ks == KES_OK) ks = kes_tuner_create(kind, &o, rng, &tu);
    kes_rng_destroy(rng);
    if (ks != KES_OK) {
        if (rank == 0) fprintf(stderr, "petsc_heat: tuner: %s\n", kes_strerror(ks));
        PetscFinalize();
        return 1;
    }

    double total_its = 0.0, solve_s = 0.0, t0 = MPI_Wtime();
    int failed = 0;
    for (int64_t s = 0; s < T; s++) {
        double kappa;
        kes_petsc_stats st;
        PCHK(pheat_step(&h, (int)s, &kappa));
        /* AUTO's prior comes from the matrix, which changes every step. */
        if (kind == KES_TUNER_AUTO) ks = kes_petsc_tuner_set_system(tu, h.A);
        if (kind != KES_TUNER_AUTO || ks == KES_OK) ks = kes_petsc_tuned_solve(tu, kappa, cost, ksp, h.b, h.u, &st);
        if (ks < 0 || ks == KES_NOCONV) {
            if (rank == 0)
                fprintf(stderr, "petsc_heat: step %lld: %s%s\n", (long long)s, kes_strerror(ks),
                        ks == KES_ENOTSUP ? " (PCEISENSTAT in parallel needs inodes; use --pc sor)" : "");
            failed = 1;
            break;
        }
        total_its += (double)st.iterations;
        solve_s += st.seconds;
        if (out) fprintf(out, "%lld,%.17g,%.17g,%lld\n", (long long)s, kappa, st.omega, (long long)st.iterations);
    }
    double wall = MPI_Wtime() - t0;
    MPI_Allreduce(MPI_IN_PLACE, &wall, 1, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD);
    if (out) fclose(out);
    if (!quiet && rank == 0 && !failed) {
        printf("petsc_heat: %lld^%lld grid (%lld unknowns) on %d rank%s, %lld steps, dt %g, KSPCG + %s, tol %g\n",
               (long long)n, (long long)dim, (long long)(dim == 3 ? n * n * n : n * n), size, size > 1 ? "s" : "", (long long)T, dt,
               strcmp(pc_name, "sor") ? "PCEISENSTAT" : "PCSOR (symmetric)", tol);
        if (kind == KES_TUNER_FIXED)
            printf("omega fixed at %g\n", o.omega_fixed);
        else
            printf("omega chosen by the %s tuner (seed %llu, context kappa in [%g, %g], cost: %s)\n",
                   kes_tuner_kind_name(kind), (unsigned long long)seed, o.context_min, o.context_max,
                   cost == KES_PETSC_COST_SECONDS ? "seconds" : "iterations");
        printf("total iterations %.0f, KSPSolve time %.3f s, wall time %.3f s\n", total_its, solve_s, wall);
    }
    kes_tuner_destroy(tu);
    PCHK(KSPDestroy(&ksp));
    PCHK(pheat_destroy(&h));
    PCHK(PetscFinalize());
    return failed;
}
