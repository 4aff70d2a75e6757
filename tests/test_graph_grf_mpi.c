/* MPI test for src/kernels/graph_grf_mpi.c (run by CTest under mpirun -np 2):
 * each rank's block of Phi is bit-identical to the same rows of the serial
 * kes_grf_features, the distributed kernel-vector product matches the
 * serial one, errors are agreed on every rank.  Plain main (no Criterion):
 * prints "N passed, N failed" and exits nonzero on failure. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <mpi.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* Open MPI's own allocations at init/finalize and in its helper threads are
 * not ours: suppress its modules; leaks in Kestrel's code are still
 * reported. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libmpi.so\nleak:libopen-pal\nleak:libopen-rte\nleak:mca_\nleak:libpmix\nleak:libevent\n"
           "leak:libhwloc\nleak:libucs\nleak:libucp\nleak:libfabric\nleak:libgomp\nleak:libopenblas\n";
}
/* Open MPI is built without frame pointers: the slow (DWARF) unwinder
 * finds the MPI frames that the suppressions above name.  A default only:
 * ASAN_OPTIONS from the environment still wins. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0:malloc_context_size=40"; }
#endif
#include "kestrel/graph_mpi.h"
#include "../tests/graph_fixtures.h"

static int passed, failed, rank;

#define CHECK(cond, ...)                                                                                            \
    do {                                                                                                            \
        if (cond) passed++;                                                                                         \
        else {                                                                                                      \
            failed++;                                                                                               \
            fprintf(stderr, "rank %d: %s:%d: FAILED %s: ", rank, __FILE__, __LINE__, #cond);                        \
            fprintf(stderr, __VA_ARGS__);                                                                           \
            fprintf(stderr, "\n");                                                                                  \
        }                                                                                                           \
    } while (0)

static void block_matches(const kes_csr *Phi, const kes_csr *loc, int64_t b, int64_t e, const char *what)
{
    if (e == b) {
        CHECK(loc == NULL, "%s: rank without rows must get NULL", what);
        return;
    }
    CHECK(loc && loc->nrows == e - b && loc->ncols == Phi->ncols, "%s: block shape", what);
    if (!loc) return;
    int64_t base = Phi->rowptr[b];
    int ok = loc->nnz == Phi->rowptr[e] - base;
    for (int64_t i = 0; ok && i <= e - b; i++) ok = loc->rowptr[i] == Phi->rowptr[b + i] - base;
    ok = ok && !memcmp(loc->colind, Phi->colind + base, (size_t)loc->nnz * sizeof *loc->colind) &&
         !memcmp(loc->val, Phi->val + base, (size_t)loc->nnz * sizeof *loc->val);
    CHECK(ok, "%s: block differs from serial rows", what);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    /* partition covers 0..n exactly once */
    for (int64_t n = 1; n < 40; n += 7) {
        int64_t prev = 0, b, e;
        int ok = 1;
        for (int r = 0; r < 5; r++) {
            kes_grf_mpi_partition(n, r, 5, &b, &e);
            ok = ok && b == prev && e >= b;
            prev = e;
        }
        CHECK(ok && prev == n, "partition n=%ld", (long)n);
    }

    kes_csr *W = gf_erdos_renyi(500, 0.01, 3), *U = NULL;
    CHECK(kes_graph_normalized_adjacency(W, 0.4, &U) == KES_OK, "adjacency");
    double f[32];
    kes_grf_modulation(KES_GRF_REGULARIZED, 2.0, 32, f);
    for (int v = 0; v < 3; v++) {
        kes_grf_opts o = kes_grf_opts_default();
        o.walkers = 8;
        if (v == 1) o.antithetic = 1, o.repelling = 1;
        if (v == 2) o.proposal = KES_GRF_WEIGHTED, o.p_halt = 0.2;
        char what[32];
        snprintf(what, sizeof what, "variant %d", v);
        /* serial reference, two ensembles */
        kes_rng rs;
        kes_rng_init(&rs, 99, 0);
        kes_csr *S1 = NULL, *S2 = NULL;
        CHECK(kes_grf_features(U, f, 32, &o, &rs, &S1) == KES_OK, "serial 1");
        CHECK(kes_grf_features(U, f, 32, &o, &rs, &S2) == KES_OK, "serial 2");
        /* distributed; ranks other than 0 start from a different state that
         * the broadcast must override */
        kes_rng rd;
        kes_rng_init(&rd, rank == 0 ? 99 : 12345, 0);
        kes_csr *L1 = NULL, *L2 = NULL;
        int64_t b = -1, e = -1, b2, e2;
        kes_grf_stats st;
        CHECK(kes_grf_features_mpi(U, f, 32, &o, &rd, MPI_COMM_WORLD, &L1, &b, &e, &st) == KES_OK, "mpi 1");
        CHECK(kes_grf_features_mpi(U, f, 32, &o, &rd, MPI_COMM_WORLD, &L2, &b2, &e2, NULL) == KES_OK, "mpi 2");
        CHECK(!memcmp(&rd, &rs, sizeof rd), "%s: generator advanced differently from serial", what);
        CHECK(st.nnz == S1->nnz, "%s: global nnz %ld vs %ld", what, (long)st.nnz, (long)S1->nnz);
        block_matches(S1, L1, b, e, what);
        block_matches(S2, L2, b2, e2, what);
        /* kernel-vector products, plain and symmetrised */
        double x[500], y[500], yl[500];
        for (int i = 0; i < 500; i++) x[i] = cos(0.1 * i);
        for (int sym = 0; sym < 2; sym++) {
            kes_grf_kernel_matvec(S1, S2, sym, 0.5, x, y, NULL);
            CHECK(kes_grf_kernel_matvec_mpi(L1, L2, 500, sym, 0.5, x + b, yl, MPI_COMM_WORLD) == KES_OK, "matvec");
            double md = 0.0;
            for (int64_t i = b; i < e; i++) md = fmax(md, fabs(yl[i - b] - y[i]) / (1.0 + fabs(y[i])));
            /* the all-reduce sums per-rank partial sums: rounding only */
            CHECK(md <= 1e-13, "%s sym=%d: max rel diff %g", what, sym, md);
        }
        kes_csr_destroy(S1), kes_csr_destroy(S2), kes_csr_destroy(L1), kes_csr_destroy(L2);
    }

    /* errors are agreed: bad halting probability, bad shapes */
    kes_grf_opts o = kes_grf_opts_default();
    o.p_halt = 1.0;
    kes_rng r;
    kes_rng_init(&r, 1, 0);
    kes_csr *L = NULL;
    int64_t b, e;
    CHECK(kes_grf_features_mpi(U, f, 32, &o, &r, MPI_COMM_WORLD, &L, &b, &e, NULL) == KES_EDOM, "p_halt = 1");
    CHECK(L == NULL, "output untouched on error");
    o = kes_grf_opts_default();
    o.walkers = 0;
    CHECK(kes_grf_features_mpi(U, f, 32, &o, &r, MPI_COMM_WORLD, &L, &b, &e, NULL) == KES_EINVAL, "walkers 0");
    CHECK(kes_grf_kernel_matvec_mpi(NULL, NULL, 0, 0, 1.0, NULL, NULL, MPI_COMM_WORLD) == KES_EDIM, "n = 0");

    /* a graph smaller than the number of ranks: one isolated node */
    kes_csr *Wt = gf_from_edges(1, 0, NULL, NULL, NULL), *Ut = NULL;
    kes_graph_normalized_adjacency(Wt, 0.3, &Ut);
    o = kes_grf_opts_default();
    kes_rng_init(&r, 5, 0);
    kes_csr *St = NULL;
    kes_grf_features(Ut, f, 32, &o, &r, &St);
    MPI_Comm one_each;
    MPI_Comm_dup(MPI_COMM_WORLD, &one_each);
    kes_rng_init(&r, 5, 0);
    CHECK(kes_grf_features_mpi(Ut, f, 32, &o, &r, one_each, &L, &b, &e, NULL) == KES_OK, "tiny graph");
    block_matches(St, L, b, e, "tiny graph");
    kes_csr_destroy(L), kes_csr_destroy(St), kes_csr_destroy(Ut), kes_csr_destroy(Wt);
    MPI_Comm_free(&one_each);

    kes_csr_destroy(U);
    kes_csr_destroy(W);
    int loc[2] = {passed, failed}, tot[2];
    MPI_Allreduce(loc, tot, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) printf("%d passed, %d failed\n", tot[0], tot[1]);
    MPI_Finalize();
    return tot[1] != 0;
}
