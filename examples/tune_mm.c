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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kestrel.h"

static void usage(FILE *f)
{
    fputs("usage: tune_mm LIST [options]\n"
          "LIST lines: A.mtx b.mtx [context]   (paths relative to LIST; # comments)\n"
          "  --solver sor|ssor-pcg      solver (default ssor-pcg, Eisenstat form)\n"
          "  --tuner NAME               fixed | tsallis-inf | tsallis-inf-cb | chebcb (default: chebcb when\n"
          "                             every line has a context, tsallis-inf otherwise)\n"
          "  --omega W                  omega of --tuner fixed (default 1)\n"
          "  --omega-min A --omega-max B --arms D   the omega grid (default 1, 1.95, 20)\n"
          "  --context-min A --context-max B        declared context range (default: min/max in LIST)\n"
          "  --bins B                   bins of tsallis-inf-cb (default 5)\n"
          "  --estimator rv|iw          loss estimate of the tsallis-inf kinds: reduced-variance (default)\n"
          "                             or importance-weighted (the reference code's)\n"
          "  --cost iterations|seconds  feedback given to the tuner (default iterations)\n"
          "  --tol T --max-iter K       stopping test (default 1e-8, 10000)\n"
          "  --warm-start               start each solve from the previous solution when sizes match\n"
          "  --seed S                   seed of the tuner's random stream (default 1)\n"
          "  --load FILE / --save FILE  tuner state to continue from / to write at the end\n"
          "  --help\n",
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

/* Parse the list file; returns the number of entries or -1. */
static int read_list(const char *path, entry **out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "tune_mm: cannot open %s\n", path);
        return -1;
    }
    char dir[4096] = "";
    const char *slash = strrchr(path, '/');
    if (slash && (size_t)(slash - path) < sizeof dir) memcpy(dir, path, (size_t)(slash - path)), dir[slash - path] = 0;
    entry *e = NULL;
    int n = 0, cap = 0, lineno = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash) *hash = 0;
        char a[4096], b[4096], c[256];
        int k = sscanf(line, "%4095s %4095s %255s", a, b, c);
        if (k <= 0) continue;
        if (k == 1) {
            fprintf(stderr, "tune_mm: %s:%d: expected 'A.mtx b.mtx [context]'\n", path, lineno);
            fclose(f);
            free_entries(e, n);
            return -1;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            entry *ne = realloc(e, sizeof *e * cap);
            if (!ne) {
                fclose(f);
                free_entries(e, n);
                return -1;
            }
            e = ne;
        }
        e[n].a = join(dir, a);
        e[n].b = join(dir, b);
        e[n].has_ctx = k == 3;
        e[n].ctx = 0;
        if (k == 3) {
            char *end;
            e[n].ctx = strtod(c, &end);
            if (*end || !isfinite(e[n].ctx)) {
                fprintf(stderr, "tune_mm: %s:%d: bad context '%s'\n", path, lineno, c);
                fclose(f);
                free_entries(e, n + 1);
                return -1;
            }
        }
        n++;
    }
    fclose(f);
    *out = e;
    return n;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *list = NULL, *solver = "ssor-pcg", *tuner_name = NULL, *load = NULL, *save = NULL;
    kes_tuner_opts o = kes_tuner_opts_default();
    double cmin = NAN, cmax = NAN;
    int warm = 0, seconds = 0;
    uint64_t seed = 1;
    kes_solve_opts so = kes_solve_opts_default();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--solver") && more) solver = argv[++i];
        else if (!strcmp(a, "--tuner") && more) tuner_name = argv[++i];
        else if (!strcmp(a, "--omega") && more) o.omega_fixed = atof(argv[++i]);
        else if (!strcmp(a, "--omega-min") && more) o.omega_min = atof(argv[++i]);
        else if (!strcmp(a, "--omega-max") && more) o.omega_max = atof(argv[++i]);
        else if (!strcmp(a, "--arms") && more) o.n_arms = atoi(argv[++i]);
        else if (!strcmp(a, "--bins") && more) o.n_bins = atoi(argv[++i]);
        else if (!strcmp(a, "--context-min") && more) cmin = atof(argv[++i]);
        else if (!strcmp(a, "--context-max") && more) cmax = atof(argv[++i]);
        else if (!strcmp(a, "--cost") && more) {
            const char *c = argv[++i];
            if (!strcmp(c, "seconds")) seconds = 1;
            else if (strcmp(c, "iterations")) {
                usage(stderr);
                return 2;
            }
        } else if (!strcmp(a, "--estimator") && more) {
            const char *e = argv[++i];
            if (!strcmp(e, "rv")) o.estimator = KES_ESTIMATOR_REDUCED_VARIANCE;
            else if (!strcmp(e, "iw")) o.estimator = KES_ESTIMATOR_IMPORTANCE_WEIGHTED;
            else {
                usage(stderr);
                return 2;
            }
        } else if (!strcmp(a, "--tol") && more) so.tol = atof(argv[++i]);
        else if (!strcmp(a, "--max-iter") && more) so.max_iter = atoll(argv[++i]);
        else if (!strcmp(a, "--warm-start")) warm = 1;
        else if (!strcmp(a, "--seed") && more) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(a, "--load") && more) load = argv[++i];
        else if (!strcmp(a, "--save") && more) save = argv[++i];
        else if (a[0] != '-' && !list) list = a;
        else {
            usage(stderr);
            return 2;
        }
    }
    if (!list) {
        usage(stderr);
        return 2;
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
        free(e);
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
            fprintf(stderr, "tune_mm: %s:%lld: %s (%s)\n", e[i].a, (long long)err.line, err.message, kes_strerror(st));
            {
            rc = 1;
            goto out;
        }
        }
        st = kes_mm_read_dense(e[i].b, &bm, &err);
        kes_cmat bv = kes_matrix_cview(bm);
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
