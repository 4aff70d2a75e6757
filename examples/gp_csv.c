/* gp_csv: Gaussian-process regression on a CSV file.
 *
 *   gp_csv [--kernel NAME] [--restarts N] [--seed S] [--grid N] [--header]
 *          [--out FILE] [--png FILE] [--save FILE] FILE
 *
 * Reads FILE (comma-separated; the last column is y, the others are x;
 * blank lines and lines starting with '#' are skipped; "-" reads standard
 * input), fits a GP with the chosen kernel (hyperparameters by maximum
 * marginal likelihood), prints the hyperparameters and the log marginal
 * likelihood, and predicts on an equispaced grid spanning the data (1-D
 * input: "x mean lo95 hi95" per line, the band for f without the noise; for
 * d > 1 the grid runs along the first input with the others at their
 * means).  A malformed row is refused with its line number.  With --png and
 * gnuplot installed, the mean and the 95% band are drawn with the data.
 *
 * Example:  gp_csv --kernel matern --out fit.txt --png fit.png data.csv */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "example_cli.h"
#include "kestrel/gp.h"

#define SYNOPSIS \
    "[--kernel NAME] [--restarts N] [--seed S] [--grid N] [--header] [--out FILE] [--png FILE] [--save FILE] FILE"

static const struct {
    const char *name;
    kes_gp_kernel k;
} KERNELS[] = {{"se", KES_GP_SE_ISO},         {"se-ard", KES_GP_SE_ARD},        {"matern12", KES_GP_MATERN12},
               {"matern32", KES_GP_MATERN32}, {"matern52", KES_GP_MATERN52},    {"matern", KES_GP_MATERN},
               {"matern-ard", KES_GP_MATERN_ARD}, {"rq", KES_GP_RQ}};
#define NKERN (sizeof KERNELS / sizeof KERNELS[0])

static void usage(FILE *f, const char *prog)
{
    fprintf(f,
            "usage: %s " SYNOPSIS "\n"
            "Gaussian-process regression of the last column of the CSV file FILE on the others ('-' reads\n"
            "standard input; blank lines and '#' lines are skipped).  Prints the fitted hyperparameters and\n"
            "the log marginal likelihood, then the predictive mean and 95%% band of f on a grid.\n"
            "  --kernel NAME  se (default), se-ard, matern12, matern32, matern52, matern (smoothness nu\n"
            "                 learned), matern-ard, rq\n"
            "  --restarts N   extra optimiser runs from random starts, 0..1000 (default 2)\n"
            "  --seed S       seed of the restart draws (default 1)\n"
            "  --grid N       prediction grid points, 2..100000 (default 200)\n"
            "  --header       the first non-comment line is a header\n"
            "  --out FILE     write the grid to FILE (default standard output)\n"
            "  --png FILE     plot mean, band and data to FILE with gnuplot, if installed (needs --out)\n"
            "  --save FILE    write the fitted model (kes_gp_save) to FILE\n"
            "  --help         this text\n"
            "Exit status: 0 success, 1 bad data or a failed fit, 2 bad usage.\n",
            prog);
}

/* Every data row: all columns, the same count on every row. */
static int read_csv(FILE *f, const char *name, int header, double **rows_out, long *n_out, int *ncol_out)
{
    size_t cap = 256, n = 0, lcap = 0;
    int ncol = 0, seen_header = !header;
    double *rows = NULL;
    char *line = NULL;
    long lineno = 0;
    while (getline(&line, &lcap, f) != -1) {
        lineno++;
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (*s == '#' || *s == '\n' || *s == '\r' || *s == 0) continue;
        if (!seen_header) {
            seen_header = 1;
            continue;
        }
        int cols = 1;
        for (char *p = s; *p; p++) cols += *p == ',';
        if (!ncol) {
            ncol = cols;
            if (ncol < 2) {
                fprintf(stderr, "%s:%ld: need at least two columns (x and y)\n", name, lineno);
                goto fail;
            }
            rows = malloc(cap * (size_t)ncol * sizeof *rows);
            if (!rows) goto fail;
        } else if (cols != ncol) {
            fprintf(stderr, "%s:%ld: row has %d columns, expected %d\n", name, lineno, cols, ncol);
            goto fail;
        }
        if (n == cap) {
            double *nr = realloc(rows, (cap *= 2) * (size_t)ncol * sizeof *rows);
            if (!nr) goto fail;
            rows = nr;
        }
        char *tok = s;
        for (int c = 0; c < ncol; c++) {
            char *comma = strchr(tok, ',');
            if (comma) *comma = 0;
            char *end;
            errno = 0;
            double v = strtod(tok, &end);
            while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
            if (end == tok || *end || errno == ERANGE || !isfinite(v)) {
                tok[strcspn(tok, "\r\n")] = 0;
                fprintf(stderr, "%s:%ld: column %d is not a finite number: '%s'\n", name, lineno, c + 1, tok);
                goto fail;
            }
            rows[n * (size_t)ncol + (size_t)c] = v;
            tok = comma ? comma + 1 : tok;
        }
        n++;
    }
    free(line);
    if (n < 2) {
        fprintf(stderr, "%s: need at least 2 data rows, found %zu\n", name, n);
        free(rows);
        return -1;
    }
    *rows_out = rows;
    *n_out = (long)n;
    *ncol_out = ncol;
    return 0;
fail:
    free(line);
    free(rows);
    return -1;
}

static int have_gnuplot(void) { return system("command -v gnuplot >/dev/null 2>&1") == 0; }

int main(int argc, char **argv)
{
    example_prog = argv[0] ? argv[0] : "gp_csv";
    enum { O_KERNEL = 256, O_RESTARTS, O_SEED, O_GRID, O_HEADER, O_OUT, O_PNG, O_SAVE };
    static const struct option longopts[] = {
        {"kernel", required_argument, NULL, O_KERNEL}, {"restarts", required_argument, NULL, O_RESTARTS},
        {"seed", required_argument, NULL, O_SEED},     {"grid", required_argument, NULL, O_GRID},
        {"header", no_argument, NULL, O_HEADER},       {"out", required_argument, NULL, O_OUT},
        {"png", required_argument, NULL, O_PNG},       {"save", required_argument, NULL, O_SAVE},
        {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0}};
    kes_gp_kernel kernel = KES_GP_SE_ISO;
    const char *kname = "se";
    int64_t restarts = 2, grid = 200;
    uint64_t seed = 1;
    int header = 0;
    const char *out = NULL, *png = NULL, *save = NULL, *path = NULL;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h': usage(stdout, argv[0]); return 0;
        case O_KERNEL: {
            size_t i = 0;
            while (i < NKERN && strcmp(optarg, KERNELS[i].name)) i++;
            if (i == NKERN) {
                fprintf(stderr, "%s: --kernel: unknown kernel '%s'\n", argv[0], optarg);
                return cli_usage_hint(SYNOPSIS);
            }
            kernel = KERNELS[i].k;
            kname = KERNELS[i].name;
            break;
        }
        case O_RESTARTS:
            if (parse_int64("--restarts", optarg, 0, 1000, &restarts)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_SEED:
            if (parse_uint64("--seed", optarg, 0, UINT64_MAX, &seed)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_GRID:
            if (parse_int64("--grid", optarg, 2, 100000, &grid)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_HEADER: header = 1; break;
        case O_OUT: out = optarg; break;
        case O_PNG: png = optarg; break;
        case O_SAVE: save = optarg; break;
        default: cli_getopt_error(opt, argv, longopts); return cli_usage_hint(SYNOPSIS);
        }
    }
    if (optind < argc) path = argv[optind++];
    if (!path) {
        fprintf(stderr, "%s: no FILE given\n", argv[0]);
        return cli_usage_hint(SYNOPSIS);
    }
    if (optind < argc) {
        fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    if (png && !out) {
        fprintf(stderr, "%s: --png needs --out\n", argv[0]);
        return cli_usage_hint(SYNOPSIS);
    }
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) {
        fprintf(stderr, "%s: cannot open %s: %s\n", argv[0], path, strerror(errno));
        return 1;
    }
    double *rows = NULL;
    long n = 0;
    int ncol = 0;
    int rc = read_csv(f, path, header, &rows, &n, &ncol);
    if (f != stdin) fclose(f);
    if (rc) return 1;
    int64_t d = ncol - 1;
    double *X = malloc((size_t)n * (size_t)d * sizeof *X), *y = malloc((size_t)n * sizeof *y);
    double *Q = malloc((size_t)grid * (size_t)d * sizeof *Q), *mean = malloc((size_t)grid * sizeof *mean),
           *var = malloc((size_t)grid * sizeof *var);
    if (!X || !y || !Q || !mean || !var) {
        fprintf(stderr, "%s: out of memory\n", argv[0]);
        return 1;
    }
    for (long i = 0; i < n; i++) {
        for (int64_t c = 0; c < d; c++) X[i + c * n] = rows[i * ncol + c];
        y[i] = rows[i * ncol + d];
    }
    kes_gp_opts o = kes_gp_opts_default();
    o.kernel = kernel;
    o.mean = KES_GP_MEAN_CONSTANT;
    o.restarts = restarts;
    kes_rng *rng = NULL;
    if (kes_rng_create(seed, &rng)) return 1;
    kes_gp *gp = NULL;
    kes_status s = kes_gp_fit(X, n, d, n, y, &o, rng, &gp);
    if (s != KES_OK && s != KES_NOCONV) {
        fprintf(stderr, "%s: fit failed: %s\n", argv[0], kes_strerror(s));
        return 1;
    }
    int64_t p = kes_gp_n_hyper(gp);
    double *theta = malloc((size_t)p * sizeof *theta), lml;
    if (!theta) return 1;
    kes_gp_theta(gp, theta);
    kes_gp_log_marginal_likelihood(gp, &lml);
    printf("# n = %ld, d = %" PRId64 ", kernel %s%s\n", n, d, kname,
           s == KES_NOCONV ? " (optimiser: no convergence, best point)" : "");
    printf("# signal variance %.6g\n# length scale(s)", exp(theta[0]));
    int64_t q = p - 2 - ((kernel == KES_GP_RQ || kernel == KES_GP_MATERN || kernel == KES_GP_MATERN_ARD) ? 1 : 0);
    for (int64_t t = 0; t < q; t++) printf(" %.6g", exp(theta[1 + t]));
    if (kernel == KES_GP_RQ) printf("\n# rq alpha %.6g", exp(theta[1 + q]));
    if (kernel == KES_GP_MATERN || kernel == KES_GP_MATERN_ARD) printf("\n# matern nu %.6g", exp(theta[1 + q]));
    printf("\n# noise variance %.6g\n# jitter %.3g\n# mean %.6g\n# log marginal likelihood %.10g\n",
           kes_gp_noise_var(gp), kes_gp_jitter(gp), kes_gp_mean_value(gp), lml);
    /* grid along the first input, the others at their means */
    double lo = X[0], hi = X[0];
    for (long i = 0; i < n; i++) lo = fmin(lo, X[i]), hi = fmax(hi, X[i]);
    double pad = 0.05 * (hi - lo);
    for (int64_t j = 0; j < grid; j++) {
        Q[j] = lo - pad + (hi - lo + 2 * pad) * (double)j / (double)(grid - 1);
        for (int64_t c = 1; c < d; c++) {
            double m = 0;
            for (long i = 0; i < n; i++) m += X[i + c * n];
            Q[j + c * grid] = m / (double)n;
        }
    }
    s = kes_gp_predict(gp, Q, grid, grid, mean, var);
    if (s) {
        fprintf(stderr, "%s: predict failed: %s\n", argv[0], kes_strerror(s));
        return 1;
    }
    FILE *g = out ? fopen(out, "w") : stdout;
    if (!g) {
        fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], out, strerror(errno));
        return 1;
    }
    fprintf(g, "# x mean lo95 hi95 (f, without noise)\n");
    for (int64_t j = 0; j < grid; j++) {
        double h = 1.959963984540054 * sqrt(var[j]);
        fprintf(g, "%.10g %.10g %.10g %.10g\n", Q[j], mean[j], mean[j] - h, mean[j] + h);
    }
    if (g != stdout) fclose(g);
    if (save && kes_gp_save(gp, save)) {
        fprintf(stderr, "%s: cannot save the model to %s\n", argv[0], save);
        return 1;
    }
    if (png) {
        if (!have_gnuplot()) {
            fprintf(stderr, "%s: gnuplot not installed, no plot written\n", argv[0]);
        } else {
            char data[] = "/tmp/gp_csv_XXXXXX";
            int fd = mkstemp(data);
            FILE *df = fd >= 0 ? fdopen(fd, "w") : NULL;
            if (df) {
                for (long i = 0; i < n; i++) fprintf(df, "%.10g %.10g\n", X[i], y[i]);
                fclose(df);
                FILE *gp_ = popen("gnuplot", "w");
                if (gp_) {
                    fprintf(gp_,
                            "set terminal png size 900,500\nset output '%s'\nset key top left\n"
                            "plot '%s' using 1:3:4 with filledcurves lc rgb '#c8d8f0' title '95%% band', "
                            "'' using 1:2 with lines lw 2 lc rgb '#1f4e9c' title 'mean', "
                            "'%s' using 1:2 with points pt 7 ps 0.5 lc rgb 'black' title 'data'\n",
                            png, out, data);
                    if (pclose(gp_) != 0) fprintf(stderr, "%s: gnuplot failed\n", argv[0]);
                }
                remove(data);
            }
        }
    }
    kes_gp_destroy(gp);
    kes_rng_destroy(rng);
    free(rows), free(X), free(y), free(Q), free(mean), free(var), free(theta);
    return 0;
}
