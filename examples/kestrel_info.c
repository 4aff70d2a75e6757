/* kestrel_info: print the library version and run a small self-check. */
#include <stdio.h>
#include <string.h>

#include "example_cli.h"
#include "kestrel.h"

int main(int argc, char **argv)
{
    example_prog = "kestrel_info";
    static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (opt == 'h') {
            printf("usage: kestrel_info [--help]\n  Prints the Kestrel library and header versions and checks they agree.\n"
                   "  --help  this text\n");
            return 0;
        }
        cli_getopt_error(opt, argv, longopts);
        return cli_usage_hint("[--help]");
    }
    if (optind < argc) {
        fprintf(stderr, "kestrel_info: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint("[--help]");
    }
    printf("Kestrel library %s, headers %s\n", kes_version(), KES_VERSION_STRING);
    /* 1-D Laplacian, y = A * ones: interior rows give 0, the two ends 1. */
    enum { n = 8 };
    int64_t r[3 * n], c[3 * n];
    double v[3 * n];
    int64_t k = 0;
    for (int i = 0; i < n; i++) {
        r[k] = i; c[k] = i; v[k++] = 2.0;
        if (i > 0) { r[k] = i; c[k] = i - 1; v[k++] = -1.0; }
        if (i < n - 1) { r[k] = i; c[k] = i + 1; v[k++] = -1.0; }
    }
    kes_csr *A;
    kes_status s = kes_csr_from_triplets(n, n, k, r, c, v, &A);
    if (s) {
        fprintf(stderr, "kes_csr_from_triplets: %s\n", kes_strerror(s));
        return 1;
    }
    double x[n], y[n];
    for (int i = 0; i < n; i++) x[i] = 1.0;
    kes_csr_matvec(A, x, y);
    printf("1-D Laplacian (n = %d, nnz = %lld) times ones:", n, (long long)A->nnz);
    for (int i = 0; i < n; i++) printf(" %g", y[i]);
    printf("\n");
    kes_csr_destroy(A);
    return strcmp(kes_version(), KES_VERSION_STRING) != 0;
}
