/* grf_mpi: distributed graph random features on a 2-D grid graph.
 *
 *   mpirun -np 2 ./grf_mpi [--side N] [--walkers M] [--p-halt P] [--c C] [--seed S]
 *
 * Every rank builds its block of Phi for the diffusion kernel exp(c W^)
 * (rows partitioned across ranks), then one distributed kernel-vector
 * product K 1 is formed through the features.  Rank 0 prints sizes and
 * timings. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "example_cli.h"
#include "kestrel/graph_mpi.h"
#include "../tests/graph_fixtures.h"

#define SYNOPSIS "[--side N] [--walkers M] [--p-halt P] [--c C] [--seed S]"

static void usage(void)
{
    printf("usage: mpirun -np R grf_mpi [--side N] [--walkers M] [--p-halt P] [--c C] [--seed S]\n"
           "  Builds graph random features for the diffusion kernel exp(c D^-1/2 W D^-1/2) of an\n"
           "  N x N grid graph (default N=300, M=16, P=0.5, c=0.5, S=1), sources split across ranks,\n"
           "  and one distributed kernel-vector product.\n"
           "  Ranges: N in [1, 100000], M in [1, 2147483647], P in (0, 1), C finite, S in [0, 2^64-1].\n");
}

int main(int argc, char **argv)
{
    int64_t side = 300;
    int walkers = 16;
    double p = 0.5, c = 0.5;
    uint64_t seed = 1;
    example_prog = "grf_mpi";
    enum { O_SIDE = 256, O_WALKERS, O_P_HALT, O_C, O_SEED };
    static const struct option longopts[] = {
        {"side", required_argument, NULL, O_SIDE},
        {"walkers", required_argument, NULL, O_WALKERS},
        {"p-halt", required_argument, NULL, O_P_HALT},
        {"c", required_argument, NULL, O_C},
        {"seed", required_argument, NULL, O_SEED},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    /* The options are parsed before MPI_Init, so that --help and errors need no MPI. */
    opterr = 0;
    int opt;
    int64_t v;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (opt) {
        case 'h':
            usage();
            return 0;
        case O_SIDE: bad = parse_int64("--side", optarg, 1, 100000, &side); break;
        case O_WALKERS:
            bad = parse_int64("--walkers", optarg, 1, INT_MAX, &v);
            if (!bad) walkers = (int)v;
            break;
        case O_P_HALT: bad = parse_double_range("--p-halt", optarg, 0, 1, CLI_OPEN, &p); break;
        case O_C: bad = parse_double("--c", optarg, -DBL_MAX, DBL_MAX, &c); break;
        case O_SEED: bad = parse_uint64("--seed", optarg, 0, UINT64_MAX, &seed); break;
        default:
            cli_getopt_error(opt, argv, longopts);
            bad = 1;
        }
        if (bad) return cli_usage_hint(SYNOPSIS);
    }
    if (optind < argc) {
        fprintf(stderr, "grf_mpi: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    kes_csr *W = side > 0 ? gf_grid(side, side) : NULL, *U = NULL;
    kes_status s = W ? kes_graph_normalized_adjacency(W, c, &U) : KES_EDIM;
    if (s) {
        if (rank == 0) fprintf(stderr, "grf_mpi: graph: %s\n", kes_strerror(s));
        MPI_Finalize();
        return 1;
    }
    double f[64];
    kes_grf_modulation(KES_GRF_DIFFUSION, 1.0, 64, f);
    kes_grf_opts o = kes_grf_opts_default();
    o.walkers = walkers;
    o.p_halt = p;
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_csr *Phi = NULL;
    int64_t b = 0, e = 0;
    kes_grf_stats st;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    s = kes_grf_features_mpi(U, f, 64, &o, &rng, MPI_COMM_WORLD, &Phi, &b, &e, &st);
    double t1 = MPI_Wtime();
    if (s) {
        if (rank == 0) fprintf(stderr, "grf_mpi: features: %s\n", kes_strerror(s));
        MPI_Finalize();
        return 1;
    }
    int64_t n = U->nrows, nl = e - b;
    double *x = malloc((size_t)(nl > 0 ? nl : 1) * sizeof *x), *y = malloc((size_t)(nl > 0 ? nl : 1) * sizeof *y);
    for (int64_t i = 0; i < nl; i++) x[i] = 1.0;
    s = kes_grf_kernel_matvec_mpi(Phi, NULL, n, 0, 1.0, x, y, MPI_COMM_WORLD);
    double t2 = MPI_Wtime();
    double lsum = 0.0, gsum = 0.0;
    for (int64_t i = 0; i < nl; i++) lsum += y[i];
    MPI_Reduce(&lsum, &gsum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        printf("grid %lld x %lld (n = %lld), %d ranks, m = %d, p_halt = %g\n", (long long)side, (long long)side,
               (long long)n, size, walkers, p);
        printf("features: nnz = %lld (%.1f per row), %.3f s; K 1 through Phi: %.3f s, mean (K 1)_i = %.6f (%s)\n",
               (long long)st.nnz, (double)st.nnz / (double)n, t1 - t0, t2 - t1, gsum / (double)n, kes_strerror(s));
    }
    free(x);
    free(y);
    kes_csr_destroy(Phi);
    kes_csr_destroy(U);
    kes_csr_destroy(W);
    MPI_Finalize();
    return s != KES_OK;
}
