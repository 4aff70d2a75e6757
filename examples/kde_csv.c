/* kde_csv: kernel density estimate of one or two columns of a CSV file.
 *
 *   kde_csv [--cols 1,3] [--bw scott|silverman|sj|lscv|H] [--kernel NAME]
 *           [--grid N] [--binned] [--rtol R] [--sample N [--seed S]] [--header]
 *           [--out FILE] [--png FILE] FILE
 *
 * Reads FILE (comma-separated; blank lines and lines starting with '#' are
 * skipped; "-" reads standard input), picks the columns given by --cols
 * (1-based), chooses a bandwidth, and writes the density on an equispaced
 * grid spanning the data plus three bandwidths on each side: "x density" or
 * "x y density" per line (2-D: a blank line after each x scan, as gnuplot
 * expects).  The bandwidth is printed on standard error.  A malformed row is
 * refused with its line number.  With --png and gnuplot installed, a plot is
 * written too.
 *
 * Example:  kde_csv --cols 2 --bw sj --out dens.txt --png dens.png data.csv */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/kde.h"

static void usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s [options] FILE\n"
            "Kernel density estimate of one or two columns of the CSV file FILE ('-' reads standard input;\n"
            "blank lines and lines starting with '#' are skipped).  Writes the density on a grid.\n"
            "  --cols LIST    1-based columns, one or two, comma-separated (default 1)\n"
            "  --bw RULE      scott (default), silverman (1-D rule of thumb per column), sj (Sheather-Jones\n"
            "                 plug-in per column), lscv (least-squares cross-validation, Gaussian), or a number\n"
            "  --kernel NAME  gaussian (default), epanechnikov, exponential, tophat, linear, cosine, logistic\n"
            "  --grid N       grid points per column (default 512 in 1-D, 100 in 2-D)\n"
            "  --binned       binned evaluation (linear binning + FFT) instead of the exact sum\n"
            "  --rtol R       relative tolerance R >= 0 of the sum (kd-tree where it pays; default 0: exact)\n"
            "  --sample N     write N draws from the estimate instead of the grid (with --seed S, default 1)\n"
            "  --header       the first non-comment line is a header\n"
            "  --out FILE     write the grid values to FILE (default standard output)\n"
            "  --png FILE     plot to FILE with gnuplot, if installed (needs --out)\n"
            "  --help         this text\n"
            "Exit status: 0 success, 1 bad data or a failed computation, 2 bad usage.\n",
            prog);
}

/* A whole-string, finite double. */
static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
    if (end == s || *end || errno == ERANGE || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

/* A whole-string integer in [lo, hi]. */
static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno == ERANGE || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static const char *KERNELS[] = {"gaussian", "epanechnikov", "exponential", "tophat",
                                "linear",   "cosine",       "logistic"};

/* Read the chosen columns of every data row into X (n x d, column-major). */
static int read_csv(FILE *f, const char *name, int header, const long long *cols, int d, double **Xout, long *nout)
{
    size_t cap = 1024, n = 0, lcap = 0;
    double *rows = malloc(cap * d * sizeof *rows);
    char *line = NULL;
    long lineno = 0;
    int seen_header = !header;
    if (!rows) return -1;
    while (getline(&line, &lcap, f) != -1) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (*s == '#' || *s == '\n' || *s == '\r' || *s == 0) continue;
        if (!seen_header) {
            seen_header = 1;
            continue;
        }
        if (n == cap) {
            cap *= 2;
            double *nr = realloc(rows, cap * d * sizeof *rows);
            if (!nr) {
                free(rows);
                free(line);
                return -1;
            }
            rows = nr;
        }
        /* Split on commas; pick the requested fields. */
        int field = 1, found = 0;
        char *tok = s;
        for (;;) {
            char *comma = strchr(tok, ',');
            if (comma) *comma = 0;
            for (int c = 0; c < d; c++)
                if (cols[c] == field) {
                    if (parse_double(tok, &rows[n * d + c])) {
                        tok[strcspn(tok, "\r\n")] = 0;
                        fprintf(stderr, "%s:%ld: column %d is not a finite number: '%s'\n", name, lineno, field, tok);
                        free(rows);
                        free(line);
                        return -1;
                    }
                    found++;
                }
            if (!comma) break;
            tok = comma + 1;
            field++;
        }
        if (found != d) {
            fprintf(stderr, "%s:%ld: row has %d columns, fewer than requested\n", name, lineno, field);
            free(rows);
            free(line);
            return -1;
        }
        n++;
    }
    free(line);
    if (n < 2) {
        fprintf(stderr, "%s: need at least 2 data rows, found %zu\n", name, n);
        free(rows);
        return -1;
    }
    double *X = malloc(n * d * sizeof *X);
    if (!X) {
        free(rows);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < d; c++) X[i + c * n] = rows[i * d + c];
    free(rows);
    *Xout = X;
    *nout = (long)n;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"cols", required_argument, 0, 'c'},   {"bw", required_argument, 0, 'b'},
        {"kernel", required_argument, 0, 'k'}, {"grid", required_argument, 0, 'g'},
        {"binned", no_argument, 0, 'B'},       {"header", no_argument, 0, 'H'},
        {"out", required_argument, 0, 'o'},    {"png", required_argument, 0, 'p'},
        {"rtol", required_argument, 0, 'r'},   {"sample", required_argument, 0, 's'},
        {"seed", required_argument, 0, 'S'},   {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    long long cols[2] = {1, 0};
    int d = 1, binned = 0, header = 0;
    long long grid = 0, nsample = 0, seed = 1;
    double rtol = 0.0;
    const char *bw = "scott", *out = NULL, *png = NULL;
    kes_kde_kernel kernel = KES_KDE_GAUSSIAN;
    int ch;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'c': {
            char *copy = strdup(optarg), *save = NULL, *t = strtok_r(copy, ",", &save);
            d = 0;
            while (t) {
                if (d == 2 || parse_int(t, 1, 1000000, &cols[d])) {
                    fprintf(stderr, "%s: --cols wants one or two positive column numbers, got '%s'\n", argv[0],
                            optarg);
                    free(copy);
                    return 2;
                }
                d++;
                t = strtok_r(NULL, ",", &save);
            }
            free(copy);
            if (d == 0) {
                fprintf(stderr, "%s: --cols is empty\n", argv[0]);
                return 2;
            }
            break;
        }
        case 'b': bw = optarg; break;
        case 'k': {
            int found = 0;
            for (int t = 0; t < 7; t++)
                if (!strcmp(optarg, KERNELS[t])) {
                    kernel = (kes_kde_kernel)t;
                    found = 1;
                }
            if (!found) {
                fprintf(stderr, "%s: unknown kernel '%s'\n", argv[0], optarg);
                return 2;
            }
            break;
        }
        case 'g':
            if (parse_int(optarg, 2, 1 << 20, &grid)) {
                fprintf(stderr, "%s: --grid wants an integer >= 2, got '%s'\n", argv[0], optarg);
                return 2;
            }
            break;
        case 'B': binned = 1; break;
        case 'r':
            if (parse_double(optarg, &rtol) || rtol < 0) {
                fprintf(stderr, "%s: --rtol wants a number >= 0, got '%s'\n", argv[0], optarg);
                return 2;
            }
            break;
        case 's':
            if (parse_int(optarg, 1, 100000000, &nsample)) {
                fprintf(stderr, "%s: --sample wants an integer from 1 to 1e8, got '%s'\n", argv[0], optarg);
                return 2;
            }
            break;
        case 'S':
            if (parse_int(optarg, 0, INT64_MAX, &seed)) {
                fprintf(stderr, "%s: --seed wants an integer >= 0, got '%s'\n", argv[0], optarg);
                return 2;
            }
            break;
        case 'H': header = 1; break;
        case 'o': out = optarg; break;
        case 'p': png = optarg; break;
        case 'h': usage(stdout, argv[0]); return 0;
        default: usage(stderr, argv[0]); return 2;
        }
    }
    if (optind != argc - 1) {
        usage(stderr, argv[0]);
        return 2;
    }
    if (png && !out) {
        fprintf(stderr, "%s: --png needs --out\n", argv[0]);
        return 2;
    }
    double hnum = 0;
    int rule = !strcmp(bw, "scott") ? 0 : !strcmp(bw, "silverman") ? 1 : !strcmp(bw, "sj") ? 2 : !strcmp(bw, "lscv") ? 3 : 4;
    if (rule == 4 && (parse_double(bw, &hnum) || !(hnum > 0))) {
        fprintf(stderr, "%s: --bw wants scott, silverman, sj, lscv or a positive number, got '%s'\n", argv[0], bw);
        return 2;
    }
    if (grid == 0) grid = d == 1 ? 512 : 100;

    const char *path = argv[optind];
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        fprintf(stderr, "%s: cannot open %s: %s\n", argv[0], path, strerror(errno));
        return 1;
    }
    double *X = NULL;
    long n = 0;
    int rc = read_csv(f, path, header, cols, d, &X, &n);
    if (f != stdin) fclose(f);
    if (rc) return 1;

    /* Bandwidth: one value per column (isotropic for lscv and numbers). */
    double h[2] = {hnum, hnum};
    kes_status s = KES_OK;
    for (int c = 0; c < d && !s; c++) {
        if (rule == 1) s = kes_kde_bw_silverman(X + c * n, n, &h[c]);
        if (rule == 2) s = kes_kde_bw_sj_dpik(X + c * n, n, 0, &h[c]);
    }
    if (!s && rule == 0) s = kes_kde_bw_scott(X, n, d, n, NULL, h);
    if (!s && rule == 3) {
        s = kes_kde_bw_lscv(X, n, d, n, 0, 0, &h[0]);
        h[1] = h[0];
    }
    if (s) {
        fprintf(stderr, "%s: bandwidth selection failed: %s\n", argv[0], kes_strerror(s));
        free(X);
        return 1;
    }
    fprintf(stderr, "bandwidth (%s):", bw);
    for (int c = 0; c < d; c++) fprintf(stderr, " %.10g", h[c]);
    fprintf(stderr, "\n");

    /* Grid: data range plus three bandwidths. */
    int64_t M[2] = {grid, grid}, tot = d == 1 ? grid : grid * grid;
    double lo[2], hi[2];
    for (int c = 0; c < d; c++) {
        lo[c] = hi[c] = X[c * n];
        for (long i = 1; i < n; i++) {
            lo[c] = fmin(lo[c], X[i + c * n]);
            hi[c] = fmax(hi[c], X[i + c * n]);
        }
        lo[c] -= 3 * h[c];
        hi[c] += 3 * h[c];
    }
    kes_kde_opts o = kes_kde_opts_default();
    o.kernel = kernel;
    o.bandwidth_diag = h;
    o.rtol = rtol;
    if (nsample > 0) {
        /* draws from the estimate, one per line */
        kes_kde *k = NULL;
        kes_rng g;
        kes_rng_init(&g, (uint64_t)seed, 0);
        double *S = malloc((size_t)nsample * (size_t)d * sizeof *S);
        s = S ? kes_kde_create(X, n, d, n, &o, &k) : KES_ENOMEM;
        if (!s) s = kes_kde_sample(k, &g, nsample, S, nsample);
        kes_kde_destroy(k);
        FILE *g2 = s ? NULL : out ? fopen(out, "w") : stdout;
        if (!s && !g2) {
            fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], out, strerror(errno));
            free(S), free(X);
            return 1;
        }
        if (s) {
            fprintf(stderr, "%s: sampling failed: %s\n", argv[0], kes_strerror(s));
            free(S), free(X);
            return 1;
        }
        fprintf(g2, "# kde_csv: %lld draws, seed %lld, kernel %s\n", nsample, seed, KERNELS[kernel]);
        for (long long q = 0; q < nsample; q++) {
            if (d == 1) fprintf(g2, "%.10g\n", S[q]);
            else fprintf(g2, "%.10g %.10g\n", S[q], S[q + nsample]);
        }
        int bad = g2 != stdout && fclose(g2);
        free(S), free(X);
        if (bad) fprintf(stderr, "%s: cannot write %s\n", argv[0], out);
        return bad ? 1 : 0;
    }
    double *dens = malloc((size_t)tot * sizeof *dens), *Y = malloc((size_t)tot * d * sizeof *Y);
    if (!dens || !Y) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return 1;
    }
    for (int64_t t = 0; t < tot; t++) {
        int64_t j0 = t % grid, j1 = t / grid;
        Y[t] = lo[0] + (double)j0 * (hi[0] - lo[0]) / (double)(grid - 1);
        if (d == 2) Y[t + tot] = lo[1] + (double)j1 * (hi[1] - lo[1]) / (double)(grid - 1);
    }
    if (binned) {
        kes_kde_binned *b = NULL;
        s = kes_kde_binned_create(d, M, lo, hi, &o, &b);
        if (!s) s = kes_kde_binned_execute(b, X, n, n, NULL, dens);
        kes_kde_binned_destroy(b);
    } else {
        kes_kde *k = NULL;
        s = kes_kde_create(X, n, d, n, &o, &k);
        if (!s) s = kes_kde_log_density(k, Y, tot, tot, dens);
        for (int64_t t = 0; !s && t < tot; t++) dens[t] = exp(dens[t]);
        kes_kde_destroy(k);
    }
    if (s) {
        fprintf(stderr, "%s: density estimation failed: %s\n", argv[0], kes_strerror(s));
        return 1;
    }
    FILE *g = out ? fopen(out, "w") : stdout;
    if (!g) {
        fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], out, strerror(errno));
        return 1;
    }
    fprintf(g, "# kde_csv: n = %ld, kernel %s, bandwidth", n, KERNELS[kernel]);
    for (int c = 0; c < d; c++) fprintf(g, " %.10g", h[c]);
    if (binned) fprintf(g, ", binned\n");
    else if (rtol > 0) fprintf(g, ", rtol %g\n", rtol);
    else fprintf(g, ", exact\n");
    for (int64_t t = 0; t < tot; t++) {
        if (d == 1) fprintf(g, "%.10g %.10g\n", Y[t], dens[t]);
        else {
            fprintf(g, "%.10g %.10g %.10g\n", Y[t], Y[t + tot], dens[t]);
            if (t % grid == grid - 1) fprintf(g, "\n");
        }
    }
    if (g != stdout && fclose(g)) {
        fprintf(stderr, "%s: cannot write %s\n", argv[0], out);
        return 1;
    }
    if (png) {
        if (system("command -v gnuplot > /dev/null 2>&1") != 0) {
            fprintf(stderr, "%s: gnuplot not installed; no plot written\n", argv[0]);
        } else {
            FILE *gp = popen("gnuplot", "w");
            if (gp) {
                /* The key sits below the plot, never over the curve. */
                fprintf(gp, "set terminal pngcairo size 800,600\nset output '%s'\nset title 'kernel density (%s)'\n"
                            "set key below\n",
                        png, KERNELS[kernel]);
                if (d == 1) fprintf(gp, "plot '%s' using 1:2 with lines lw 2 title 'density'\n", out);
                else fprintf(gp, "set view map\nplot '%s' using 1:2:3 with image title ''\n", out);
                if (pclose(gp) != 0) fprintf(stderr, "%s: gnuplot failed; no plot written\n", argv[0]);
            }
        }
    }
    free(X);
    free(Y);
    free(dens);
    return 0;
}
