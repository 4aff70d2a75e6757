/* graph_kernel: exact graph node kernels and their graph-random-feature
 * estimates for a graph given as an edge list.
 *
 *   graph_kernel EDGES [--kernel reg1|reg2|diffusion] [--sigma2 S] [--beta B]
 *                [--walkers M] [--p-halt P] [--antithetic] [--repelling] [--weighted] [--seed N]
 *
 * EDGES: one "i j [weight]" per line, 0-based, '#' comments; a malformed
 * line (junk, a missing or extra field, a negative index, a NaN, infinite or
 * negative weight) is refused with EDGES:LINE.  Prints the
 * exact kernel's time, the GRF build time and the relative Frobenius error
 * of Phi1 Phi2^T (with the kernel's scale factor). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example_cli.h"
#include "kestrel/graph.h"
#include "../tests/graph_fixtures.h"

#define SYNOPSIS "EDGES [--kernel K] [--sigma2 S] [--beta B] [--walkers M] [options]"
#define MAX_NODE 2147483646LL /* largest node index accepted in EDGES */

static void usage(void)
{
    printf("usage: graph_kernel EDGES [--kernel reg1|reg2|diffusion] [--sigma2 S] [--beta B]\n"
           "                    [--walkers M] [--p-halt P] [--antithetic] [--repelling] [--weighted] [--seed N]\n"
           "  reg1/reg2: (I + S L~)^-d = (1+S)^-d (I - S/(1+S) W^)^-d; diffusion: exp(-B L~) = e^-B exp(B W^)\n"
           "  (L~ normalised Laplacian, W^ = D^-1/2 W D^-1/2).  Defaults: reg2, S = 1, B = 1, M = 16, P = 0.5.\n"
           "  Ranges: S in (0, inf), B in [0, inf), M in [1, 2147483647], P in (0, 1), N in [0, 2^64-1].\n"
           "  EDGES: one 'i j [weight]' per line, 0-based node indices in [0, 2147483646], weight finite\n"
           "  and >= 0 (default 1); '#' starts a comment; a malformed line is an error naming EDGES:LINE.\n");
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/* The edge list, read strictly: every non-comment line is "i j [weight]" with
 * nothing else on it.  Returns the symmetric weight matrix (duplicate edges
 * summed, n = largest index + 1) or NULL after printing FILE:LINE: why. */
static kes_csr *read_edges(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        fprintf(stderr, "graph_kernel: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    int64_t cap = 0, m = 0, n = 0;
    int64_t *ei = NULL, *ej = NULL;
    double *w = NULL;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    long long lineno = 0;
    const char *why = NULL;
    char bad[64] = "";
    while ((len = getline(&line, &lcap, fp)) != -1) {
        lineno++;
        if (memchr(line, 0, (size_t)len)) {
            why = "NUL byte in the line";
            break;
        }
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *s = line, *fld[3];
        int k = 0;
        for (;;) {
            while (is_blank(*s)) s++;
            if (!*s) break;
            if (k == 3) {
                why = "expected 'i j [weight]', found more than three fields";
                break;
            }
            fld[k++] = s;
            while (*s && !is_blank(*s)) s++;
            if (*s) *s++ = 0;
        }
        if (why) break;
        if (k == 0) continue;
        if (k == 1) {
            why = "expected 'i j [weight]', found one field";
            break;
        }
        long long ij[2];
        for (int f = 0; f < 2 && !why; f++) {
            char *end;
            errno = 0;
            ij[f] = strtoll(fld[f], &end, 10);
            snprintf(bad, sizeof bad, "%.40s", fld[f]);
            if (end == fld[f] || *end) why = "node index is not an integer";
            else if (errno == ERANGE || ij[f] < 0 || ij[f] > MAX_NODE) why = "node index out of range [0, 2147483646]";
        }
        if (why) break;
        double x = 1.0;
        if (k == 3) {
            char *end;
            errno = 0;
            x = strtod(fld[2], &end);
            snprintf(bad, sizeof bad, "%.40s", fld[2]);
            if (end == fld[2] || *end) why = "weight is not a number";
            else if (!isfinite(x) || (errno == ERANGE && fabs(x) > 1.0)) why = "weight is not finite";
            else if (x < 0) why = "weight is negative";
            if (why) break;
        }
        if (m == cap) {
            cap = cap ? 2 * cap : 1024;
            int64_t *ni = realloc(ei, (size_t)cap * sizeof *ei), *nj = ni ? realloc(ej, (size_t)cap * sizeof *ej) : NULL;
            if (ni) ei = ni;
            if (nj) ej = nj;
            double *nw = nj ? realloc(w, (size_t)cap * sizeof *w) : NULL;
            if (nw) w = nw;
            if (!ni || !nj || !nw) {
                why = "out of memory";
                bad[0] = 0;
                break;
            }
        }
        ei[m] = ij[0], ej[m] = ij[1], w[m] = x;
        if (ij[0] + 1 > n) n = ij[0] + 1;
        if (ij[1] + 1 > n) n = ij[1] + 1;
        m++;
    }
    int rerr = ferror(fp);
    free(line);
    fclose(fp);
    kes_csr *A = NULL;
    if (why) {
        if (bad[0]) fprintf(stderr, "graph_kernel: %s:%lld: %s: '%s'\n", path, lineno, why, bad);
        else fprintf(stderr, "graph_kernel: %s:%lld: %s\n", path, lineno, why);
    } else if (rerr) {
        fprintf(stderr, "graph_kernel: %s: read error\n", path);
    } else if (m == 0) {
        fprintf(stderr, "graph_kernel: %s: no edges\n", path);
    } else if (!(A = gf_from_edges(n, m, ei, ej, w))) {
        fprintf(stderr, "graph_kernel: %s: cannot build the graph (too large?)\n", path);
    }
    free(ei), free(ej), free(w);
    return A;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *kern = "reg2";
    double sigma2 = 1.0, beta = 1.0;
    uint64_t seed = 1;
    kes_grf_opts o = kes_grf_opts_default();
    example_prog = "graph_kernel";
    enum { O_KERNEL = 256, O_SIGMA2, O_BETA, O_WALKERS, O_P_HALT, O_SEED, O_ANTITHETIC, O_REPELLING, O_WEIGHTED };
    static const struct option longopts[] = {
        {"kernel", required_argument, NULL, O_KERNEL},
        {"sigma2", required_argument, NULL, O_SIGMA2},
        {"beta", required_argument, NULL, O_BETA},
        {"walkers", required_argument, NULL, O_WALKERS},
        {"p-halt", required_argument, NULL, O_P_HALT},
        {"seed", required_argument, NULL, O_SEED},
        {"antithetic", no_argument, NULL, O_ANTITHETIC},
        {"repelling", no_argument, NULL, O_REPELLING},
        {"weighted", no_argument, NULL, O_WEIGHTED},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (opt) {
        case 'h':
            usage();
            return 0;
        case O_KERNEL:
            kern = optarg;
            if (strcmp(kern, "reg1") && strcmp(kern, "reg2") && strcmp(kern, "diffusion")) {
                fprintf(stderr, "graph_kernel: --kernel: '%s' is not reg1, reg2 or diffusion\n", kern);
                bad = 1;
            }
            break;
        case O_SIGMA2: bad = parse_double_range("--sigma2", optarg, 0, DBL_MAX, CLI_OPEN_LO, &sigma2); break;
        case O_BETA: bad = parse_double("--beta", optarg, 0, DBL_MAX, &beta); break;
        case O_WALKERS: bad = parse_int64("--walkers", optarg, 1, INT_MAX, &o.walkers); break;
        case O_P_HALT: bad = parse_double_range("--p-halt", optarg, 0, 1, CLI_OPEN, &o.p_halt); break;
        case O_SEED: bad = parse_uint64("--seed", optarg, 0, UINT64_MAX, &seed); break;
        case O_ANTITHETIC: o.antithetic = 1; break;
        case O_REPELLING: o.repelling = 1; break;
        case O_WEIGHTED: o.proposal = KES_GRF_WEIGHTED; break;
        default:
            cli_getopt_error(opt, argv, longopts);
            bad = 1;
        }
        if (bad) return cli_usage_hint(SYNOPSIS);
    }
    if (optind < argc) path = argv[optind++];
    if (!path) {
        fprintf(stderr, "graph_kernel: no EDGES file given\n");
        return cli_usage_hint(SYNOPSIS);
    }
    if (optind < argc) {
        fprintf(stderr, "graph_kernel: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    kes_csr *W = read_edges(path);
    if (!W) return 1;
    int64_t n = W->nrows;
    int d = !strcmp(kern, "reg1") ? 1 : !strcmp(kern, "reg2") ? 2 : 0;
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
