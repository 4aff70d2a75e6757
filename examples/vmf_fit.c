/* vmf_fit: fit a von Mises-Fisher distribution to unit vectors read from a file.
 *
 *   vmf_fit [--normalize] [--quiet] FILE      (FILE "-" reads standard input)
 *
 * FILE has one vector per line, components separated by spaces, commas or
 * tabs; blank lines and lines starting with '#' are skipped; every vector
 * must have the same length p >= 2.  Prints n, p, the mean resultant length,
 * kappa, the log-likelihood at the fit and the mean direction (one component
 * per line; --quiet prints only the first 10 components).
 *
 * Example:  vmf_fit --normalize features.txt */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/special.h"

static void usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [--normalize] [--quiet] FILE\n"
            "Fit a von Mises-Fisher distribution (maximum likelihood) to the unit vectors in FILE,\n"
            "one per line (components separated by spaces, commas or tabs; '#' starts a comment\n"
            "line; '-' reads standard input).  Prints the mean direction, kappa and the log-likelihood.\n"
            "  --normalize  scale each vector to unit length first (otherwise non-unit vectors are an error)\n"
            "  --quiet      print at most 10 components of the mean direction\n"
            "  --help       this text\n",
            prog);
}

/* Parse one line into a growing array; returns the number of values or -1. */
static long parse_line(char *line, double **buf, size_t *cap, size_t *len)
{
    long count = 0;
    char *s = line;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == ',' || *s == '\r' || *s == '\n') s++;
        if (!*s) break;
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        if (end == s || errno == ERANGE) return -1;
        if (*len == *cap) {
            size_t nc = *cap ? 2 * *cap : 1024;
            double *nb = realloc(*buf, nc * sizeof **buf);
            if (!nb) return -1;
            *buf = nb;
            *cap = nc;
        }
        (*buf)[(*len)++] = d;
        count++;
        s = end;
    }
    return count;
}

int main(int argc, char **argv)
{
    const char *path = NULL;
    unsigned flags = 0;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout, argv[0]);
            return 0;
        } else if (!strcmp(argv[i], "--normalize")) {
            flags |= KES_VMF_NORMALIZE;
        } else if (!strcmp(argv[i], "--quiet")) {
            quiet = 1;
        } else if (!path) {
            path = argv[i];
        } else {
            usage(stderr, argv[0]);
            return 2;
        }
    }
    if (!path) {
        usage(stderr, argv[0]);
        return 2;
    }
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        fprintf(stderr, "%s: cannot open %s: %s\n", argv[0], path, strerror(errno));
        return 1;
    }
    double *rows = NULL; /* row-major while reading */
    size_t cap = 0, len = 0, n = 0;
    long p = -1;
    char *line = NULL;
    size_t lcap = 0;
    long lineno = 0;
    int rc = 0;
    while (getline(&line, &lcap, f) != -1) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (*s == '#' || *s == '\n' || *s == '\r' || !*s) continue;
        long c = parse_line(line, &rows, &cap, &len);
        if (c < 0 || (p >= 0 && c != p)) {
            fprintf(stderr, "%s: %s:%ld: %s\n", argv[0], path, lineno,
                    c < 0 ? "not a list of numbers" : "vector length differs from the first line");
            rc = 1;
            break;
        }
        p = c;
        n++;
    }
    free(line);
    if (f != stdin) fclose(f);
    if (!rc && n == 0) {
        fprintf(stderr, "%s: %s: no vectors\n", argv[0], path);
        rc = 1;
    }
    double *X = NULL, *mu = NULL;
    if (!rc) {
        /* column-major n x p, as the library expects */
        X = malloc(n * (size_t)p * sizeof *X);
        mu = malloc((size_t)p * sizeof *mu);
        if (!X || !mu) {
            fprintf(stderr, "%s: out of memory\n", argv[0]);
            rc = 1;
        }
    }
    if (!rc) {
        for (size_t i = 0; i < n; i++)
            for (long j = 0; j < p; j++) X[i + (size_t)j * n] = rows[i * (size_t)p + (size_t)j];
        double kappa, rbar, ll;
        kes_status st = kes_vmf_fit((int64_t)n, (int64_t)p, X, (int64_t)n, flags, mu, &kappa, &rbar);
        if (st != KES_OK) {
            fprintf(stderr, "%s: fit failed: %s%s\n", argv[0], kes_strerror(st),
                    st == KES_EINVAL && !(flags & KES_VMF_NORMALIZE) ? " (vectors must have unit length; try --normalize)"
                                                                      : "");
            rc = 1;
        } else {
            if (flags & KES_VMF_NORMALIZE) {
                for (size_t i = 0; i < n; i++) {
                    /* scale by the largest entry before squaring, as the
                     * library does, so rows of norm 1e-300 do not underflow */
                    double m = 0, ss = 0;
                    for (long j = 0; j < p; j++) m = fmax(m, fabs(X[i + (size_t)j * n]));
                    for (long j = 0; j < p; j++) X[i + (size_t)j * n] /= m;
                    for (long j = 0; j < p; j++) ss += X[i + (size_t)j * n] * X[i + (size_t)j * n];
                    for (long j = 0; j < p; j++) X[i + (size_t)j * n] /= sqrt(ss);
                }
            }
            st = kes_vmf_loglik((int64_t)n, (int64_t)p, X, (int64_t)n, mu, kappa, &ll);
            printf("n               %zu\n", n);
            printf("p               %ld\n", p);
            printf("mean_resultant  %.17g\n", rbar);
            printf("kappa           %.17g\n", kappa);
            printf("loglik          %.17g\n", st == KES_OK ? ll : NAN);
            printf("mean_direction\n");
            long show = quiet && p > 10 ? 10 : p;
            for (long j = 0; j < show; j++) printf("  %.17g\n", mu[j]);
            if (show < p) printf("  ... (%ld more)\n", p - show);
        }
    }
    free(rows);
    free(X);
    free(mu);
    return rc;
}
