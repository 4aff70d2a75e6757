/* grf_mpi: distributed graph random features on a 2-D grid graph.
 *
 *   mpirun -np 2 ./grf_mpi [--side N] [--walkers M] [--p-halt P] [--c C] [--seed S]
 *
 * Every rank builds its block of Phi for the diffusion kernel exp(c W^)
 * (rows partitioned across ranks), then one distributed kernel-vector
 * product K 1 is formed through the features.  Rank 0 prints sizes and
 * timings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "kestrel/graph_mpi.h"
#include "../tests/graph_fixtures.h"

static void usage(void)
{
    printf("usage: mpirun -np R grf_mpi [--side N] [--walkers M] [--p-halt P] [--c C] [--seed S]\n"
           "  Builds graph random features for the diffusion kernel exp(c D^-1/2 W D^-1/2) of an\n"
           "  N x N grid graph (default N=300, M=16, P=0.5, c=0.5, S=1), sources split across ranks,\n"
           "  and one distributed kernel-vector product.\n");
}

int main(int argc, char **argv)
{
    int64_t side = 300;
    int walkers = 16;
    double p = 0.5, c = 0.5;
    unsigned long long seed = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage();
            return 0;
        } else if (i + 1 < argc && !strcmp(argv[i], "--side")) side = atoll(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--walkers")) walkers = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--p-halt")) p = atof(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--c")) c = atof(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--seed")) seed = strtoull(argv[++i], NULL, 10);
        else {
            usage();
            return 2;
        }
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
