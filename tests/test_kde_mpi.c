/* MPI test for src/kernels/kde_mpi.c (run by CTest under mpirun -np 2):
 * the log density of points spread over ranks equals the single-process
 * log density of all the points to 1e-13, with and without weights, for a
 * compact kernel (zero densities included) and on the tolerance path;
 * query splitting gives the serial result bit for bit; disagreeing
 * bandwidths and sizes are refused on every rank.  Plain main (no
 * Criterion): prints "N passed, N failed" and exits nonzero on failure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* As test_graph_grf_mpi.c: Open MPI's own allocations are not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libmpi.so\nleak:libopen-pal\nleak:libopen-rte\nleak:mca_\nleak:libpmix\nleak:libevent\n"
           "leak:libhwloc\nleak:libucs\nleak:libucp\nleak:libfabric\nleak:libgomp\nleak:libopenblas\n";
}
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0:malloc_context_size=40"; }
#endif
#include "kestrel/kde_mpi.h"

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

static double *points(int64_t n, int64_t d, uint64_t seed)
{
    double *X = malloc((size_t)(n * d) * sizeof *X);
    kes_rng r;
    kes_rng_init(&r, seed, 0);
    for (int64_t i = 0; i < n * d; i++) X[i] = kes_rng_normal(&r);
    return X;
}

/* Rank's share of the rows of X (n x d, ld n): contiguous, uneven. */
static double *share(const double *X, int64_t n, int64_t d, int r, int size, int64_t *nr, int64_t *b0)
{
    int64_t b = n * r / size + (r > 0 ? 37 : 0), e = r + 1 == size ? n : n * (r + 1) / size + 37;
    *nr = e - b;
    *b0 = b;
    double *S = malloc((size_t)(*nr * d) * sizeof *S);
    for (int64_t c = 0; c < d; c++) memcpy(S + c * *nr, X + b + c * n, (size_t)*nr * sizeof *S);
    return S;
}

/* Spread and serial log densities: largest |difference| (both -Inf counts as 0). */
static double spread_vs_serial(kes_kde_kernel kern, int weighted, double rtol, int64_t d, int size, int *inf_seen)
{
    const int64_t n = 3000, m = 300;
    double *X = points(n, d, 7), *Y = points(m, d, 8), *w = malloc((size_t)n * sizeof *w);
    for (int64_t q = 0; q < m; q++) Y[q] *= 2.5; /* some queries out in the tails */
    for (int64_t i = 0; i < n; i++) w[i] = 0.5 + (double)(i % 3);
    kes_kde_opts o = kes_kde_opts_default();
    o.kernel = kern;
    o.bandwidth = 0.3;
    o.rtol = rtol;
    if (weighted) o.weights = w;
    kes_kde *all = NULL, *loc = NULL;
    CHECK(kes_kde_create(X, n, d, n, &o, &all) == KES_OK, "serial create");
    int64_t nr, b0;
    double *S = share(X, n, d, rank, size, &nr, &b0);
    if (weighted) o.weights = w + b0;
    CHECK(kes_kde_create(S, nr, d, nr, &o, &loc) == KES_OK, "local create");
    double *a = malloc((size_t)m * sizeof *a), *b = malloc((size_t)m * sizeof *b);
    CHECK(kes_kde_log_density(all, Y, m, m, a) == KES_OK, "serial");
    CHECK(kes_kde_log_density_mpi(loc, Y, m, m, MPI_COMM_WORLD, b) == KES_OK, "spread");
    double worst = 0;
    for (int64_t q = 0; q < m; q++) {
        if (a[q] == -INFINITY && b[q] == -INFINITY) {
            (*inf_seen)++;
            continue;
        }
        worst = fmax(worst, fabs(a[q] - b[q]));
    }
    free(a), free(b), free(S), free(X), free(Y), free(w);
    kes_kde_destroy(all);
    kes_kde_destroy(loc);
    return worst;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int inf = 0;

    /* exact evaluation: only the order of the sums differs, so the log
     * densities agree to a few ulps of log p; 1e-13 absolute in log p is
     * 1e-13 relative in p */
    for (int64_t d = 1; d <= 3; d++) {
        double e = spread_vs_serial(KES_KDE_GAUSSIAN, 0, 0.0, d, size, &inf);
        CHECK(e <= 1e-13, "gaussian d %ld: %g", (long)d, e);
        e = spread_vs_serial(KES_KDE_GAUSSIAN, 1, 0.0, d, size, &inf);
        CHECK(e <= 1e-13, "weighted gaussian d %ld: %g", (long)d, e);
        /* tophat: exact zeros off the support; (Epanechnikov's log(1 - r^2)
         * amplifies the rounding of r^2 without bound near r = 1, which
         * the ranks' own centring changes) */
        e = spread_vs_serial(KES_KDE_TOPHAT, 1, 0.0, d, size, &inf);
        CHECK(e <= 1e-13, "weighted tophat d %ld: %g", (long)d, e);
    }
    CHECK(inf > 0, "the compact kernel should give some zero densities");
    /* with a tolerance both sides are within rtol of the exact density, so
     * within about 2 rtol of each other (log1p(2e-4) < 2.0001e-4) */
    double e = spread_vs_serial(KES_KDE_GAUSSIAN, 1, 1e-4, 2, size, &inf);
    CHECK(e <= 2.0001e-4, "tolerance path: %g", e);
    e = spread_vs_serial(KES_KDE_EPANECHNIKOV, 1, 1e-4, 2, size, &inf); /* a compact kernel: the tree is kept */
    CHECK(e <= 2.0001e-4, "tolerance path, epanechnikov: %g", e);

    /* query splitting: bit-identical to the serial call (blocks of 128) */
    {
        const int64_t n = 2000, m = 1000, d = 2;
        double *X = points(n, d, 17), *Y = points(m, d, 18), a[1000], b[1000];
        for (int v = 0; v < 2; v++) {
            kes_kde_opts o = kes_kde_opts_default();
            o.rtol = v ? 1e-3 : 0.0;
            o.bandwidth = 0.05;
            kes_kde *k = NULL;
            CHECK(kes_kde_create(X, n, d, n, &o, &k) == KES_OK, "create");
            CHECK(kes_kde_log_density(k, Y, m, m, a) == KES_OK, "serial");
            memset(b, 0, sizeof b);
            CHECK(kes_kde_log_density_mpi_split(k, Y, m, m, MPI_COMM_WORLD, b) == KES_OK, "split");
            CHECK(memcmp(a, b, sizeof a) == 0, "split variant %d differs from serial", v);
            /* fewer queries than ranks' blocks: a rank with none */
            CHECK(kes_kde_log_density_mpi_split(k, Y, 5, m, MPI_COMM_WORLD, b) == KES_OK, "split m = 5");
            CHECK(memcmp(a, b, 5 * sizeof *a) == 0, "split m = 5 differs");
            kes_kde_destroy(k);
        }
        free(X), free(Y);
    }

    /* refusals, the same on every rank */
    {
        double X[6] = {0, 1, 2, 3, 4, 5}, Y[2] = {0.5, 1.5}, lp[2] = {-7, -7};
        kes_kde_opts o = kes_kde_opts_default();
        o.bandwidth = rank == 0 ? 0.5 : 0.6;
        kes_kde *k = NULL;
        CHECK(kes_kde_create(X, 6, 1, 6, &o, &k) == KES_OK, "create");
        CHECK(kes_kde_log_density_mpi(k, Y, 2, 2, MPI_COMM_WORLD, lp) == (size > 1 ? KES_EBADDATA : KES_OK),
              "differing bandwidths");
        kes_kde_destroy(k);
        o.bandwidth = 0.5;
        CHECK(kes_kde_create(X, 6, 1, 6, &o, &k) == KES_OK, "create");
        lp[0] = lp[1] = -7;
        int64_t mm = rank == 0 ? 2 : 1;
        CHECK(kes_kde_log_density_mpi(k, Y, mm, 2, MPI_COMM_WORLD, lp) == (size > 1 ? KES_EDIM : KES_OK),
              "differing m");
        CHECK(kes_kde_log_density_mpi_split(k, Y, mm, 2, MPI_COMM_WORLD, lp) == (size > 1 ? KES_EDIM : KES_OK),
              "split: differing m");
        if (size > 1) CHECK(lp[0] == -7 && lp[1] == -7, "output written on failure");
        Y[rank] = NAN;
        CHECK(kes_kde_log_density_mpi(k, Y, 2, 2, MPI_COMM_WORLD, lp) == KES_ENAN, "NaN query on one rank");
        CHECK(kes_kde_log_density_mpi(rank ? k : NULL, Y, 2, 2, MPI_COMM_WORLD, lp) == KES_EINVAL, "NULL on one rank");
        kes_kde_destroy(k);
    }

    int loc[2] = {passed, failed}, tot[2];
    MPI_Allreduce(loc, tot, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) printf("%d passed, %d failed\n", tot[0], tot[1]);
    MPI_Finalize();
    return tot[1] ? 1 : 0;
}
