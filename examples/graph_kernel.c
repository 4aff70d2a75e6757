/* graph_kernel: exact graph node kernels and their graph-random-feature
 * estimates for a graph given as an edge list.
 *
 *   graph_kernel EDGES [--kernel reg1|reg2|diffusion] [--sigma2 S] [--beta B]
 *                [--walkers M] [--p-halt P] [--antithetic] [--repelling] [--weighted] [--seed N]
 *
 * EDGES: one "i j [weight]" per line, 0-based, '#' comments.  Prints the
 * exact kernel's time, the GRF build time and the relative Frobenius error
 * of Phi1 Phi2^T (with the kernel's scale factor). */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/graph.h"
#include "../tests/graph_fixtures.h"

static void usage(void)
{
    printf("usage: graph_kernel EDGES [--kernel reg1|reg2|diffusion] [--sigma2 S] [--beta B]\n"
           "                    [--walkers M] [--p-halt P] [--antithetic] [--repelling] [--weighted] [--seed N]\n"
           "  reg1/reg2: (I + S L~)^-d = (1+S)^-d (I - S/(1+S) W^)^-d; diffusion: exp(-B L~) = e^-B exp(B W^)\n"
           "  (L~ normalised Laplacian, W^ = D^-1/2 W D^-1/2).  Defaults: reg2, S = 1, B = 1, M = 16, P = 0.5.\n");
}

int main(int argc, char **argv)
{
    const char *path = NULL, *kern = "reg2";
    double sigma2 = 1.0, beta = 1.0;
    unsigned long long seed = 1;
    kes_grf_opts o = kes_grf_opts_default();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage();
            return 0;
        } else if (!strcmp(a, "--antithetic")) o.antithetic = 1;
        else if (!strcmp(a, "--repelling")) o.repelling = 1;
        else if (!strcmp(a, "--weighted")) o.proposal = KES_GRF_WEIGHTED;
        else if (i + 1 < argc && !strcmp(a, "--kernel")) kern = argv[++i];
        else if (i + 1 < argc && !strcmp(a, "--sigma2")) sigma2 = atof(argv[++i]);
        else if (i + 1 < argc && !strcmp(a, "--beta")) beta = atof(argv[++i]);
        else if (i + 1 < argc && !strcmp(a, "--walkers")) o.walkers = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(a, "--p-halt")) o.p_halt = atof(argv[++i]);
        else if (i + 1 < argc && !strcmp(a, "--seed")) seed = strtoull(argv[++i], NULL, 10);
        else if (a[0] != '-' && !path) path = a;
        else {
            usage();
            return 2;
        }
    }
    if (!path) {
        usage();
        return 2;
    }
    kes_csr *W = gf_read_edges(path);
    if (!W) {
        fprintf(stderr, "graph_kernel: cannot read %s\n", path);
        return 1;
    }
    int64_t n = W->nrows;
    int d = !strcmp(kern, "reg1") ? 1 : !strcmp(kern, "reg2") ? 2 : 0;
    if (!d && strcmp(kern, "diffusion")) {
        usage();
        return 2;
    }
    /* U and the modulation f such that K = scale * E[Phi1] E[Phi2]^T */
    double c = d ? sigma2 / (1.0 + sigma2) : 1.0, scale = d ? pow(1.0 + sigma2, -d) : exp(-beta);
    double f[64];
    kes_status s = d ? kes_grf_modulation(KES_GRF_REGULARIZED, d, 64, f) : kes_grf_modulation(KES_GRF_DIFFUSION, beta, 64, f);
    kes_csr *U = NULL;
    if (!s) s = kes_graph_normalized_adjacency(W, c, &U);
    kes_matrix *KM = NULL, *EM = NULL;
    if (!s) s = kes_matrix_create(n, n, &KM);
    if (!s) s = kes_matrix_create(n, n, &EM);
    kes_mat K = kes_matrix_view(KM), E = kes_matrix_view(EM);
    double t0 = omp_get_wtime();
    if (!s) s = d ? kes_graph_kernel_regularized(W, KES_LAPLACIAN_NORMALIZED, sigma2, d, K)
                  : kes_graph_kernel_diffusion(W, KES_LAPLACIAN_NORMALIZED, beta, K);
    double t1 = omp_get_wtime();
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_csr *P1 = NULL, *P2 = NULL;
    kes_grf_stats st;
    memset(&st, 0, sizeof st);
    if (!s) s = kes_grf_features_ex(U, f, 64, &o, &rng, &P1, &st);
    if (!s) s = kes_grf_features(U, f, 64, &o, &rng, &P2);
    double t2 = omp_get_wtime();
    if (s == KES_EVARIANCE)
        fprintf(stderr, "graph_kernel: infinite variance (rho(B) = %.3f); try --p-halt %.3f or --weighted\n", st.rho_b,
                st.suggested_p_halt);
    else if (s) fprintf(stderr, "graph_kernel: %s\n", kes_strerror(s));
    if (!s) s = kes_grf_kernel_dense(P1, P2, 1, scale, E);
    if (!s) {
        printf("%s kernel on %s: n = %lld, nnz(W) = %lld\n", kern, path, (long long)n, (long long)W->nnz);
        printf("exact (LAPACK): %.3f s; GRF m = %lld, p_halt = %g: %.3f s, nnz(Phi)/n = %.1f, mean steps %.2f\n",
               t1 - t0, (long long)o.walkers, o.p_halt, t2 - t1, (double)P1->nnz / (double)n, st.mean_steps);
        printf("relative Frobenius error of the symmetrised Phi1 Phi2^T: %.4f\n",
               gf_rel_frob(E.data, E.ld, K.data, K.ld, n));
    }
    kes_matrix_destroy(KM);
    kes_matrix_destroy(EM);
    kes_csr_destroy(P1), kes_csr_destroy(P2), kes_csr_destroy(U), kes_csr_destroy(W);
    return s != KES_OK;
}
