/* Multi-threaded stress program for ThreadSanitizer: NTHREADS pthreads, each
 * owning its own objects (matrices, plans, tuners, generators, files), run
 * every capability of the library over and over at the same time.  The
 * library promises that distinct objects may be used from distinct threads
 * with no locking by the caller; a data race on hidden shared state (a
 * static cache, a non-reentrant libm call, a global counter) shows up here
 * as a TSan report.  Without TSan it is a plain smoke test: every status must
 * be OK and every result finite, else the exit status is 1.
 *
 *   stress_threads [ROUNDS]     (default 3; TMPDIR holds the tuner files)
 *
 * Several calls run OpenMP regions inside (kernel matrices, log-Bessel
 * arrays, vMF, graph random features, KDE, GP fits), so OpenMP teams are nested in the
 * pthreads; the TSan stage of build.sh sets OMP_NUM_THREADS and says why. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kestrel.h"
#include "solver_fixtures.h"

#define NTHREADS 6

typedef struct job {
    int id;
    int rounds;
    int failures;
    char where[160]; /* first failure, for the report */
} job;

static void fail(job *j, const char *what, kes_status st)
{
    if (j->failures++ == 0) snprintf(j->where, sizeof j->where, "%s: %s", what, kes_strerror(st));
}

#define CHECK(j, call)                                                                                               \
    do {                                                                                                             \
        kes_status st_ = (call);                                                                                     \
        if (st_ != KES_OK) fail((j), #call, st_);                                                                    \
    } while (0)

static int all_finite(const double *x, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return 0;
    return 1;
}

#define FINITE(j, x, n)                                                                                              \
    do {                                                                                                             \
        if (!all_finite((x), (n))) fail((j), "non-finite " #x, KES_OK);                                              \
    } while (0)

/* SOR, CG and SSOR-PCG on a 12 x 12 grid Laplacian with omega from a
 * ChebCB tuner, which is saved and reloaded through a per-thread file. */
static void solvers_and_tuner(job *j, kes_rng *rng, int round)
{
    kes_csr *A = fx_laplacian(12, 0.1);
    if (!A) {
        fail(j, "fx_laplacian", KES_ENOMEM);
        return;
    }
    int64_t n = A->nrows;
    double *b = malloc((size_t)n * sizeof *b), *x = calloc((size_t)n, sizeof *x);
    kes_tuner *t = NULL, *t2 = NULL;
    kes_tuner_opts to = kes_tuner_opts_default();
    to.context_min = 0.0;
    to.context_max = 1.0;
    if (!b || !x) goto out;
    for (int64_t i = 0; i < n; i++) b[i] = kes_rng_uniform(rng) - 0.5;
    kes_solve_opts o = kes_solve_opts_default();
    o.zero_guess = 1;
    o.tol = 1e-8;
    kes_solve_stats st;
    CHECK(j, kes_tuner_create(KES_TUNER_CHEBCB, &to, rng, &t));
    if (!t) goto out;
    for (int k = 0; k < 4; k++) {
        double omega = 1.0, ctx = kes_rng_uniform(rng);
        kes_status cs = kes_tuner_choose(t, ctx, &omega);
        if (cs != KES_OK) fail(j, "kes_tuner_choose", cs);
        CHECK(j, kes_sor_solve(A, b, x, omega, &o, &st));
        CHECK(j, kes_tuner_observe(t, (double)st.iterations));
        CHECK(j, kes_ssor_pcg_solve(A, b, x, omega, &o, &st));
        CHECK(j, kes_cg_solve(A, b, x, &o, &st));
        FINITE(j, x, n);
    }
    char path[512];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/kes_stress_%ld_%d_%d.tuner", dir && *dir ? dir : "/tmp", (long)getpid(), j->id,
             round);
    CHECK(j, kes_tuner_save(t, path));
    CHECK(j, kes_tuner_load(path, &t2));
    remove(path);
    if (t2 && kes_tuner_rounds(t2) != kes_tuner_rounds(t)) fail(j, "tuner reloaded with other rounds", KES_OK);
out:
    kes_tuner_destroy(t);
    kes_tuner_destroy(t2);
    free(b);
    free(x);
    kes_csr_destroy(A);
}

/* Log-Bessel arrays (OpenMP inside) and the vMF fit of samples drawn here. */
static void special(job *j, kes_rng *rng)
{
    enum { N = 256, P = 5, NS = 200 };
    double v[N], x[N], out[N];
    for (int i = 0; i < N; i++) v[i] = 40.0 * kes_rng_uniform(rng), x[i] = 1e-3 + 100.0 * kes_rng_uniform(rng);
    CHECK(j, kes_log_besseli_array(N, v, x, out));
    FINITE(j, out, N);
    CHECK(j, kes_log_besselk_array(N, v, x, out));
    FINITE(j, out, N);
    double mu[P] = {0}, muhat[P], kappa = 0.0, *X = malloc(sizeof(double) * NS * P);
    mu[j->id % P] = 1.0;
    if (!X) {
        fail(j, "malloc", KES_ENOMEM);
        return;
    }
    CHECK(j, kes_vmf_sample(rng, P, mu, 20.0, NS, X, NS));
    CHECK(j, kes_vmf_fit(NS, P, X, NS, 0u, muhat, &kappa, NULL));
    if (!(kappa > 5.0 && kappa < 80.0)) fail(j, "vMF kappa far from 20", KES_OK);
    free(X);
}

/* Matern kernel matrix, random Fourier features and Nystrom on the same
 * random points. */
static void kernels(job *j, kes_rng *rng)
{
    enum { N = 64, D = 3, F = 32, M = 16 };
    double *X = malloc(sizeof(double) * N * D), *K = malloc(sizeof(double) * N * N),
           *Z = malloc(sizeof(double) * N * F);
    kes_rff *rff = NULL;
    kes_nystrom *ny = NULL;
    if (!X || !K || !Z) {
        fail(j, "malloc", KES_ENOMEM);
        goto out;
    }
    for (int i = 0; i < N * D; i++) X[i] = kes_rng_uniform(rng);
    kes_kernel k = kes_kernel_matern(1.5, 0.7);
    kes_mat Xv = kes_mat_view(X, N, D, N);
    CHECK(j, kes_kernel_matrix(&k, kes_mat_const(Xv), kes_mat_const(Xv), kes_mat_view(K, N, N, N)));
    FINITE(j, K, N * N);
    CHECK(j, kes_rff_create(&k, D, F, NULL, rng, &rff));
    if (rff) CHECK(j, kes_rff_transform(rff, kes_mat_const(Xv), kes_mat_view(Z, N, F, N)));
    FINITE(j, Z, N * F);
    CHECK(j, kes_nystrom_create(&k, kes_mat_const(Xv), M, 0.0, rng, &ny));
    if (ny) {
        int64_t r = kes_nystrom_output_dim(ny);
        if (r < 1 || r > M) fail(j, "Nystrom rank", KES_OK);
        else {
            CHECK(j, kes_nystrom_transform(ny, kes_mat_const(Xv), kes_mat_view(Z, N, r, N)));
            FINITE(j, Z, N * r);
        }
    }
out:
    kes_nystrom_destroy(ny);
    kes_rff_destroy(rff);
    free(X);
    free(K);
    free(Z);
}

/* Graph random features for the diffusion kernel of a ring of 50 nodes. */
static void graph_features(job *j, kes_rng *rng)
{
    enum { N = 50, L = 10 };
    int64_t r[2 * N], c[2 * N];
    double w[2 * N], f[L];
    for (int i = 0; i < N; i++) {
        r[2 * i] = i, c[2 * i] = (i + 1) % N, w[2 * i] = 1.0;
        r[2 * i + 1] = (i + 1) % N, c[2 * i + 1] = i, w[2 * i + 1] = 1.0;
    }
    kes_csr *W = NULL, *U = NULL, *Phi = NULL;
    CHECK(j, kes_csr_from_triplets(N, N, 2 * N, r, c, w, &W));
    if (W) CHECK(j, kes_graph_normalized_adjacency(W, 1.0, &U));
    CHECK(j, kes_grf_modulation(KES_GRF_DIFFUSION, 1.0, L, f));
    if (U) CHECK(j, kes_grf_features(U, f, L, NULL, rng, &Phi));
    if (Phi) FINITE(j, Phi->val, Phi->nnz);
    kes_csr_destroy(Phi);
    kes_csr_destroy(U);
    kes_csr_destroy(W);
}

/* Kernel density estimation (exact log density and the binned FFT path)
 * and the spectral/finite-difference solvers: every thread plans its own
 * FFTW transforms while the others execute theirs, so the library's one
 * planner lock is exercised from both layers at once. */
static void density_and_pde(job *j, kes_rng *rng)
{
    enum { N = 300, M = 40, G = 64, NX = 16, NY = 12 };
    double X[N * 2], Y[M * 2], logp[M], f[G * G], rhs[NX * NY], u[NX * NY];
    for (int i = 0; i < N * 2; i++) X[i] = kes_rng_normal(rng);
    for (int i = 0; i < M * 2; i++) Y[i] = kes_rng_normal(rng);
    kes_kde *kde = NULL;
    kes_kde_binned *bin = NULL;
    kes_fourier_poisson *fp = NULL;
    kes_fd_poisson *dp = NULL;
    CHECK(j, kes_kde_create(X, N, 2, N, NULL, &kde));
    if (kde) {
        CHECK(j, kes_kde_log_density(kde, Y, M, M, logp));
        FINITE(j, logp, M);
    }
    const int64_t gs[2] = {G, G};
    const double lo[2] = {-5, -5}, hi[2] = {5, 5};
    CHECK(j, kes_kde_binned_create(2, gs, lo, hi, NULL, &bin));
    if (bin) {
        CHECK(j, kes_kde_binned_execute(bin, X, N, N, NULL, f));
        FINITE(j, f, G * G);
    }
    const int64_t n[2] = {NX, NY};
    const double len[2] = {1.0, 2.0}, h[2] = {0.1, 0.2};
    for (int i = 0; i < NX * NY; i++) rhs[i] = kes_rng_normal(rng);
    CHECK(j, kes_fourier_poisson_create(2, n, len, &fp));
    if (fp) {
        CHECK(j, kes_fourier_poisson_solve(fp, rhs, u));
        FINITE(j, u, NX * NY);
    }
    CHECK(j, kes_fd_poisson_create(n, h, &dp));
    if (dp) {
        CHECK(j, kes_fd_poisson_solve(dp, rhs, u));
        FINITE(j, u, NX * NY);
    }
    kes_fd_poisson_destroy(dp);
    kes_fourier_poisson_destroy(fp);
    kes_kde_binned_destroy(bin);
    kes_kde_destroy(kde);
}

/* A GP on a small 2-D sample: hyperparameters optimised with one restart
 * drawn from the thread's own generator, then predictions. */
static void gaussian_process(job *j, kes_rng *rng)
{
    enum { N = 60, M = 5 };
    double X[N * 2], y[N], Xs[M * 2], mean[M], var[M], lml = NAN;
    for (int i = 0; i < N * 2; i++) X[i] = 2.0 * kes_rng_uniform(rng) - 1.0;
    for (int i = 0; i < N; i++) y[i] = sin(3.0 * X[i]) * cos(2.0 * X[N + i]) + 0.05 * kes_rng_normal(rng);
    for (int i = 0; i < M * 2; i++) Xs[i] = kes_rng_uniform(rng) - 0.5;
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = KES_GP_MATERN52_ARD;
    o.mean = KES_GP_MEAN_CONSTANT;
    o.restarts = 1;
    o.max_iter = 60;
    kes_gp *gp = NULL;
    kes_status st = kes_gp_fit(X, N, 2, N, y, &o, rng, &gp);
    if (st != KES_OK && st != KES_NOCONV) fail(j, "kes_gp_fit", st);
    if (gp) {
        CHECK(j, kes_gp_log_marginal_likelihood(gp, &lml));
        FINITE(j, &lml, 1);
        CHECK(j, kes_gp_predict(gp, Xs, M, M, mean, var));
        FINITE(j, mean, M);
        FINITE(j, var, M);
        for (int i = 0; i < M; i++)
            if (!(var[i] >= 0.0)) fail(j, "negative GP variance", KES_OK);
    }
    kes_gp_destroy(gp);
}

static void *worker(void *arg)
{
    job *j = arg;
    kes_rng rng;
    kes_rng_init(&rng, 20261201u, (uint64_t)j->id);
    for (int round = 0; round < j->rounds; round++) {
        solvers_and_tuner(j, &rng, round);
        special(j, &rng);
        kernels(j, &rng);
        graph_features(j, &rng);
        density_and_pde(j, &rng);
        gaussian_process(j, &rng);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 3;
    if (rounds < 1 || rounds > 1000) {
        fprintf(stderr, "usage: stress_threads [ROUNDS in 1..1000]\n");
        return 2;
    }
    pthread_t th[NTHREADS];
    job jobs[NTHREADS];
    int started = 0, failed = 0;
    for (int i = 0; i < NTHREADS; i++) {
        jobs[i] = (job){.id = i, .rounds = rounds};
        if (pthread_create(&th[i], NULL, worker, &jobs[i]) != 0) {
            fprintf(stderr, "stress_threads: pthread_create failed\n");
            failed = 1;
            break;
        }
        started++;
    }
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < started; i++)
        if (jobs[i].failures) {
            fprintf(stderr, "stress_threads: thread %d: %d failures, first: %s\n", i, jobs[i].failures,
                    jobs[i].where);
            failed = 1;
        }
    printf("stress_threads: %d threads x %d rounds: %s\n", started, rounds, failed ? "FAILED" : "OK");
    return failed;
}
