/*
 * tune_mm: learn the relaxation parameter omega over your own sequence of
 * linear systems stored as Matrix Market files.
 *
 * The list file has one system per line:   A_t.mtx  b_t.mtx  [context]
 * (paths relative to the list file; '#' starts a comment).  Each system is
 * solved in order with SOR or SSOR-preconditioned CG; a Kestrel tuner picks
 * omega before each solve and learns from the iteration count (or the wall
 * time) afterwards.  The context, when given, is any scalar that describes
 * the system (a time-step size, a diffusivity, a shift); the contextual
 * tuners use it.  The tuner's state can be saved and loaded, so a later run
 * continues from what an earlier one learned.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "example_cli.h"
#include "kestrel.h"

static void usage(FILE *f)
{
    fputs("usage: tune_mm LIST [options]\n"
          "LIST lines: A.mtx b.mtx [context]   (paths relative to LIST; # comments; the context is a\n"
          "finite number; a malformed line is an error that names LIST and the line number)\n"
          "  --solver sor|ssor-pcg      solver (default ssor-pcg, Eisenstat form)\n"
          "  --tuner NAME               auto (recommended: sees each matrix, costs at most a few percent\n"
          "                             over the best fixed omega) | fixed | tsallis-inf | tsallis-inf-cb |\n"
          "                             chebcb (default: chebcb when every line has a context,\n"
          "                             tsallis-inf otherwise)\n"
          "  --omega W                  omega of --tuner fixed, W in (0, 2) (default 1)\n"
          "  --omega-min A --omega-max B --arms D   the omega grid: 0 < A <= B < 2, D in [1, 4096]\n"
          "                             (default 1, 1.95, 20)\n"
          "  --context-min A --context-max B        declared context range, finite, A <= B\n"
          "                             (default: min/max in LIST)\n"
          "  --bins B                   bins of tsallis-inf-cb, B in [1, 4096] (default 5)\n"
          "  --estimator rv|iw          loss estimate of the tsallis-inf kinds: reduced-variance (default)\n"
          "                             or importance-weighted (the reference code's)\n"
          "  --cost iterations|seconds  feedback given to the tuner (default iterations)\n"
          "  --tol T --max-iter K       stopping test, T in (0, 1], K in [1, 1000000000]\n"
          "                             (default 1e-8, 10000)\n"
          "  --warm-start               start each solve from the previous solution when sizes match\n"
          "  --seed S                   seed of the tuner's random stream, S in [0, 2^64-1] (default 1)\n"
          "  --load FILE / --save FILE  tuner state to continue from / to write at the end\n"
          "  --help\n"
          "Exit status: 0 success, 1 unreadable or malformed input, 2 command-line error, 3 some solves failed.\n",
          f);
}

typedef struct {
    char *a, *b;
    double ctx;
    int has_ctx;
} entry;

static char *join(const char *dir, const char *p)
{
    if (p[0] == '/' || !dir[0]) return strdup(p);
    size_t n = strlen(dir) + strlen(p) + 2;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s/%s", dir, p);
    return s;
}

static void free_entries(entry *e, int n)
{
    for (int i = 0; i < n; i++) free(e[i].a), free(e[i].b);
    free(e);
}

/* Split s in place into at most `max` blank-separated fields; returns how many
 * fields the line has (which may exceed max). */
static int split_fields(char *s, char **field, int max)
{
    int k = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f') s++;
        if (!*s) return k;
        if (k < max) field[k] = s;
        k++;
        while (*s && !(*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f')) s++;
        if (*s) *s++ = 0;
    }
}

/* Parse the list file; returns the number of entries or -1.  A malformed line
 * is reported as LIST:LINE: message. */
static int read_list(const char *path, entry **out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "tune_mm: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    char dir[4096] = "";
    const char *slash = strrchr(path, '/');
    if (slash && (size_t)(slash - path) < sizeof dir) memcpy(dir, path, (size_t)(slash - path)), dir[slash - path] = 0;
    entry *e = NULL;
    int n = 0, cap = 0, lineno = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    const char *why = NULL;
    while ((len = getline(&line, &lcap, f)) != -1) {
        lineno++;
        if (memchr(line, 0, (size_t)len)) {
            why = "NUL byte in the line";
            break;
        }
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char *fld[3];
        int k = split_fields(line, fld, 3);
        if (k == 0) continue;
        if (k == 1 || k > 3) {
            why = k == 1 ? "expected 'A.mtx b.mtx [context]', found one field"
                         : "expected 'A.mtx b.mtx [context]', found more than three fields";
            break;
        }
        double ctx = 0;
        if (k == 3) {
            char *end;
            errno = 0;
            ctx = strtod(fld[2], &end);
            if (end == fld[2] || *end || !isfinite(ctx) || (errno == ERANGE && fabs(ctx) > 1.0)) {
                fprintf(stderr, "tune_mm: %s:%d: bad context '%s' (expected a finite number)\n", path, lineno, fld[2]);
                why = "";
                break;
            }
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            entry *ne = realloc(e, sizeof *e * cap);
            if (!ne) {
                why = "out of memory";
                break;
            }
            e = ne;
        }
        e[n].a = join(dir, fld[0]);
        e[n].b = join(dir, fld[1]);
        e[n].has_ctx = k == 3;
        e[n].ctx = ctx;
        n++;
        if (!e[n - 1].a || !e[n - 1].b) {
            why = "out of memory";
            break;
        }
    }
    if (!why && ferror(f)) {
        fprintf(stderr, "tune_mm: %s: read error\n", path);
        why = "";
    }
    free(line);
    fclose(f);
    if (why) {
        if (*why) fprintf(stderr, "tune_mm: %s:%d: %s\n", path, lineno, why);
        free_entries(e, n);
        return -1;
    }
    *out = e;
    return n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

#define SYNOPSIS "LIST [options]"

int main(int argc, char **argv)
{
    const char *list = NULL, *solver = "ssor-pcg", *tuner_name = NULL, *load = NULL, *save = NULL;
    kes_tuner_opts o = kes_tuner_opts_default();
    double cmin = NAN, cmax = NAN;
    int warm = 0, seconds = 0;
    uint64_t seed = 1;
    kes_solve_opts so = kes_solve_opts_default();
    example_prog = "tune_mm";
    enum {
        O_SOLVER = 256, O_TUNER, O_OMEGA, O_OMEGA_MIN, O_OMEGA_MAX, O_ARMS, O_BINS, O_CONTEXT_MIN, O_CONTEXT_MAX,
        O_COST, O_ESTIMATOR, O_TOL, O_MAX_ITER, O_WARM, O_SEED, O_LOAD, O_SAVE
    };
    static const struct option longopts[] = {
        {"solver", required_argument, NULL, O_SOLVER},
        {"tuner", required_argument, NULL, O_TUNER},
        {"omega", required_argument, NULL, O_OMEGA},
        {"omega-min", required_argument, NULL, O_OMEGA_MIN},
        {"omega-max", required_argument, NULL, O_OMEGA_MAX},
        {"arms", required_argument, NULL, O_ARMS},
        {"bins", required_argument, NULL, O_BINS},
        {"context-min", required_argument, NULL, O_CONTEXT_MIN},
        {"context-max", required_argument, NULL, O_CONTEXT_MAX},
        {"cost", required_argument, NULL, O_COST},
        {"estimator", required_argument, NULL, O_ESTIMATOR},
        {"tol", required_argument, NULL, O_TOL},
        {"max-iter", required_argument, NULL, O_MAX_ITER},
        {"warm-start", no_argument, NULL, O_WARM},
        {"seed", required_argument, NULL, O_SEED},
        {"load", required_argument, NULL, O_LOAD},
        {"save", required_argument, NULL, O_SAVE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    int c;
    int64_t v;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'h':
            usage(stdout);
            return 0;
        case O_SOLVER: solver = optarg; break;
        case O_TUNER: tuner_name = optarg; break;
        case O_OMEGA: bad = parse_double_range("--omega", optarg, 0, 2, CLI_OPEN, &o.omega_fixed); break;
        case O_OMEGA_MIN: bad = parse_double_range("--omega-min", optarg, 0, 2, CLI_OPEN, &o.omega_min); break;
        case O_OMEGA_MAX: bad = parse_double_range("--omega-max", optarg, 0, 2, CLI_OPEN, &o.omega_max); break;
        case O_ARMS:
            bad = parse_int64("--arms", optarg, 1, 4096, &v);
            if (!bad) o.n_arms = v;
            break;
        case O_BINS:
            bad = parse_int64("--bins", optarg, 1, 4096, &v);
            if (!bad) o.n_bins = v;
            break;
        case O_CONTEXT_MIN: bad = parse_double("--context-min", optarg, -DBL_MAX, DBL_MAX, &cmin); break;
        case O_CONTEXT_MAX: bad = parse_double("--context-max", optarg, -DBL_MAX, DBL_MAX, &cmax); break;
        case O_COST:
            if (!strcmp(optarg, "seconds")) seconds = 1;
            else if (!strcmp(optarg, "iterations")) seconds = 0;
            else {
                fprintf(stderr, "tune_mm: --cost: '%s' is not iterations or seconds\n", optarg);
                bad = 1;
            }
            break;
        case O_ESTIMATOR:
            if (!strcmp(optarg, "rv")) o.estimator = KES_ESTIMATOR_REDUCED_VARIANCE;
            else if (!strcmp(optarg, "iw")) o.estimator = KES_ESTIMATOR_IMPORTANCE_WEIGHTED;
            else {
                fprintf(stderr, "tune_mm: --estimator: '%s' is not rv or iw\n", optarg);
                bad = 1;
            }
            break;
        case O_TOL: bad = parse_double_range("--tol", optarg, 0, 1, CLI_OPEN_LO, &so.tol); break;
        case O_MAX_ITER: bad = parse_int64("--max-iter", optarg, 1, 1000000000, &so.max_iter); break;
        case O_WARM: warm = 1; break;
        case O_SEED: bad = parse_uint64("--seed", optarg, 0, UINT64_MAX, &seed); break;
        case O_LOAD: load = optarg; break;
        case O_SAVE: save = optarg; break;
        default:
            cli_getopt_error(c, argv, longopts);
            bad = 1;
        }
        if (bad) return cli_usage_hint(SYNOPSIS);
    }
    if (optind < argc) list = argv[optind++];
    if (!list) {
        fprintf(stderr, "tune_mm: no LIST file given\n");
        return cli_usage_hint(SYNOPSIS);
    }
    if (optind < argc) {
        fprintf(stderr, "tune_mm: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    if (o.omega_min > o.omega_max) {
        fprintf(stderr, "tune_mm: --omega-min %g is above --omega-max %g\n", o.omega_min, o.omega_max);
        return cli_usage_hint(SYNOPSIS);
    }
    if (!isnan(cmin) && !isnan(cmax) && cmin > cmax) {
        fprintf(stderr, "tune_mm: --context-min %g is above --context-max %g\n", cmin, cmax);
        return cli_usage_hint(SYNOPSIS);
    }
    const kes_solver_type *type;
    if (!strcmp(solver, "sor")) type = kes_solver_sor;
    else if (!strcmp(solver, "ssor-pcg")) type = kes_solver_pcg_eisenstat;
    else {
        fprintf(stderr, "tune_mm: unknown solver '%s' (sor | ssor-pcg)\n", solver);
        return 2;
    }
    entry *e = NULL;
    kes_tuner *t = NULL;
    kes_rng *rng = NULL;
    kes_csr *A = NULL;
    double *x = NULL;
    kes_matrix *bm = NULL;
    int rc = 0;
    int n = read_list(list, &e);
    if (n < 0) return 1;
    if (n == 0) {
        fprintf(stderr, "tune_mm: %s lists no systems\n", list);
        {
            rc = 1;
            goto out;
        }
    }
    int all_ctx = 1;
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        all_ctx &= e[i].has_ctx;
        if (e[i].has_ctx) lo = fmin(lo, e[i].ctx), hi = fmax(hi, e[i].ctx);
    }
    o.context_min = isnan(cmin) ? lo : cmin;
    o.context_max = isnan(cmax) ? hi : cmax;
    if (o.context_min == o.context_max) o.context_max = o.context_min + 1.0; /* one context value: any range */
    if (seconds) o.cost_offset = 0.0;

    kes_status st;
    if (kes_rng_create(seed, &rng) != KES_OK) {
        rc = 1;
        goto out;
    }
    if (load) {
        st = kes_tuner_load(load, &t);
        if (st != KES_OK) {
            fprintf(stderr, "tune_mm: cannot load tuner state %s: %s\n", load, kes_strerror(st));
            {
            rc = 1;
            goto out;
        }
        }
    } else {
        kes_tuner_kind kind = all_ctx ? KES_TUNER_CHEBCB : KES_TUNER_TSALLIS_INF;
        if (tuner_name && kes_tuner_kind_from_name(tuner_name, &kind) != KES_OK) {
            fprintf(stderr, "tune_mm: unknown tuner '%s'\n", tuner_name);
            {
            rc = 2;
            goto out;
        }
        }
        if ((kind == KES_TUNER_CHEBCB || kind == KES_TUNER_TSALLIS_INF_CB) && !all_ctx) {
            fprintf(stderr, "tune_mm: tuner %s needs a context on every line of %s\n", kes_tuner_kind_name(kind),
                    list);
            {
            rc = 2;
            goto out;
        }
        }
        st = kes_tuner_create(kind, &o, rng, &t);
        if (st != KES_OK) {
            fprintf(stderr, "tune_mm: bad tuner options: %s\n", kes_strerror(st));
            {
            rc = 2;
            goto out;
        }
        }
    }
    printf("# tune_mm: %d systems, solver %s, tuner %s, cost %s\n", n, solver,
           kes_tuner_kind_name(kes_tuner_get_kind(t)), seconds ? "seconds" : "iterations");
    printf("%5s %9s %10s %12s %6s %8s %9s %11s\n", "step", "n", "nnz", "context", "omega", "iters", "converged",
           "residual");
    double total = 0, wall = 0;
    int64_t xn = 0, failures = 0;
    for (int i = 0; i < n; i++) {
        kes_mm_error err = {0, ""};
        st = kes_csr_read_mm_ex(e[i].a, &A, &err);
        if (st != KES_OK) {
            if (err.line > 0)
                fprintf(stderr, "tune_mm: %s:%lld: %s (%s)\n", e[i].a, (long long)err.line, err.message,
                        kes_strerror(st));
            else
                fprintf(stderr, "tune_mm: %s: %s (%s)\n", e[i].a, err.message, kes_strerror(st));
            {
            rc = 1;
            goto out;
        }
        }
        st = kes_mm_read_dense(e[i].b, &bm, &err);
        kes_cmat bv = kes_matrix_cview(bm);
        if (st != KES_OK && err.line > 0) {
            fprintf(stderr, "tune_mm: %s:%lld: %s (%s)\n", e[i].b, (long long)err.line, err.message, kes_strerror(st));
            rc = 1;
            goto out;
        }
        if (st != KES_OK || bv.ncols != 1 || bv.nrows != A->nrows) {
            fprintf(stderr, "tune_mm: %s: %s\n", e[i].b,
                    st != KES_OK ? kes_strerror(st) : "right-hand side must be one column of A's size");
            {
            rc = 1;
            goto out;
        }
        }
        if (!warm || xn != A->nrows) {
            free(x);
            x = calloc((size_t)A->nrows, sizeof(double));
            xn = A->nrows;
            if (!x) {
                rc = 1;
                goto out;
            }
        }
        double w;
        /* Every kind accepts the matrix (auto uses it); a matrix that cannot
         * be SPD only loses auto its spectral prior. */
        st = kes_tuner_set_system(t, A);
        if (st < 0 && st != KES_ENOTSPD)
            fprintf(stderr, "tune_mm: system %d: the tuner could not analyse the matrix: %s\n", i + 1, kes_strerror(st));
        st = kes_tuner_choose(t, e[i].ctx, &w);
        if (st < 0) {
            fprintf(stderr, "tune_mm: choose: %s\n", kes_strerror(st));
            {
            rc = 1;
            goto out;
        }
        }
        if (st == KES_CLAMPED) fprintf(stderr, "tune_mm: line %d: context %g clamped into the declared range\n", i + 1, e[i].ctx);
        kes_solver *s = NULL;
        kes_solve_stats ss = {0};
        double t0 = now();
        st = kes_solver_create(type, A, &s);
        if (st == KES_OK) st = kes_solver_set_omega(s, w);
        if (st == KES_OK) st = kes_solver_solve(s, bv.data, x, &so, &ss);
        double dt = now() - t0;
        kes_solver_destroy(s);
        double cost;
        if (st < 0) {
            /* A failed solve costs the whole budget, so the tuner learns to avoid that omega. */
            fprintf(stderr, "tune_mm: system %d: %s\n", i + 1, kes_strerror(st));
            failures++;
            cost = seconds ? dt : (double)so.max_iter;
            for (int64_t k = 0; k < xn; k++) x[k] = 0;
        } else {
            cost = seconds ? dt : (double)ss.iterations;
        }
        if (kes_tuner_observe(t, cost) != KES_OK) {
            rc = 1;
            goto out;
        }
        total += (double)ss.iterations;
        wall += dt;
        printf("%5d %9lld %10lld %12.6g %6.3f %8lld %9s %11.3e\n", i + 1, (long long)A->nrows, (long long)A->nnz,
               e[i].ctx, w, (long long)ss.iterations, ss.converged ? "yes" : "no", ss.residual);
        kes_csr_destroy(A);
        kes_matrix_destroy(bm);
        A = NULL;
        bm = NULL;
    }
    int64_t d = kes_tuner_n_arms(t);
    double *arms = malloc(sizeof(double) * d);
    int64_t *cnt = malloc(sizeof(int64_t) * d);
    if (arms && cnt && kes_tuner_arms(t, arms) == KES_OK && kes_tuner_counts(t, cnt) == KES_OK) {
        printf("# total iterations %.0f, mean %.2f per system, solve time %.3f s, %lld failed solves\n", total,
               total / n, wall, (long long)failures);
        printf("# plays per omega (all rounds the tuner has seen, %lld):", (long long)kes_tuner_rounds(t));
        for (int j = 0; j < d; j++)
            if (cnt[j]) printf(" %.3f:%lld", arms[j], (long long)cnt[j]);
        printf("\n");
    }
    free(arms);
    free(cnt);
    if (save) {
        st = kes_tuner_save(t, save);
        if (st != KES_OK) {
            fprintf(stderr, "tune_mm: cannot save tuner state to %s: %s\n", save, kes_strerror(st));
            {
            rc = 1;
            goto out;
        }
        }
        printf("# tuner state saved to %s\n", save);
    }
    rc = failures ? 3 : 0;
out:
    kes_csr_destroy(A);
    kes_matrix_destroy(bm);
    free_entries(e, n);
    free(x);
    kes_tuner_destroy(t);
    kes_rng_destroy(rng);
    return rc;
}
