/* bench_bessel: log I_v(x) and log K_v(x), Kestrel vs GSL 2.7 in the same run.
 *
 *   bench_bessel [--n N] [--reps R] [--dump DIR] [--csv FILE]
 *
 * Batches (N points each, default 1e6, fixed seed, one thread):
 *   broad     v log-uniform in [0.01, 1e4], x log-uniform in [1e-10, 1e5]
 *   moderate  v uniform in [0, 100],        x log-uniform in [0.01, 1e3]
 *   vmf       v in {1023, 4095, 16383},     x log-uniform in [1e2, 1e6]
 * Peers: GSL log(gsl_sf_bessel_Inu_scaled_e) + x and gsl_sf_bessel_lnKnu_e
 * (error handler off).  A failure is a non-finite result or a GSL error
 * status.  Evaluations per second are the best of R repetitions and include
 * failed points (a run longer than 5 s is not repeated).  --dump writes each batch as raw doubles (v then x) to
 * DIR/<batch>.bin for bench/bessel_scipy.py, which times SciPy on the very
 * same points.  Also times kes_log_besselk_array on 1 and 2 threads, and
 * log I on the vMF points where GSL succeeds (batch vmf_gslok).
 * CSV columns: batch,func,impl,threads,evals_per_s,fail_rate,max_diff_vs_kestrel
 *
 * Cost per scalar call, measured once with callgrind: 300-1800 instructions,
 * most of them in the double-double parts near x ~ v and in Temme's method
 * for small v. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_bessel.h>

#include "kestrel/special.h"
#include "bench_util.h"

typedef struct batch {
    const char *name;
    double *v, *x;
} batch;

static void make_batch(batch *b, const char *name, size_t n, kes_rng *r)
{
    b->name = name;
    b->v = malloc(n * sizeof(double));
    b->x = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++) {
        double u1 = kes_rng_uniform(r), u2 = kes_rng_uniform(r);
        if (!strcmp(name, "broad")) {
            b->v[i] = pow(10.0, -2.0 + 6.0 * u1);
            b->x[i] = pow(10.0, -10.0 + 15.0 * u2);
        } else if (!strcmp(name, "moderate")) {
            b->v[i] = 100.0 * u1;
            b->x[i] = pow(10.0, -2.0 + 5.0 * u2);
        } else {
            static const double vs[3] = {1023, 4095, 16383};
            b->v[i] = vs[kes_rng_uint(r, 3)];
            b->x[i] = pow(10.0, 2.0 + 4.0 * u2);
        }
    }
}

enum { KES_I, KES_K, GSL_I, GSL_K };
static const char *impl_name[] = {"kestrel", "kestrel", "gsl", "gsl"};

static volatile double sink;

static void run_impl(int which, size_t n, const double *v, const double *x, double *out)
{
    gsl_sf_result g;
    switch (which) {
    case KES_I:
        for (size_t i = 0; i < n; i++) out[i] = kes_log_besseli(v[i], x[i]);
        break;
    case KES_K:
        for (size_t i = 0; i < n; i++) out[i] = kes_log_besselk(v[i], x[i]);
        break;
    case GSL_I:
        for (size_t i = 0; i < n; i++) {
            int st = gsl_sf_bessel_Inu_scaled_e(v[i], x[i], &g);
            out[i] = (st == GSL_SUCCESS && g.val > 0) ? log(g.val) + x[i] : NAN;
        }
        break;
    default:
        for (size_t i = 0; i < n; i++) {
            int st = gsl_sf_bessel_lnKnu_e(v[i], x[i], &g);
            out[i] = (st == GSL_SUCCESS) ? g.val : NAN;
        }
    }
}

int main(int argc, char **argv)
{
    size_t n = 1000000;
    int reps = 3;
    const char *dump = NULL, *csv = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--n") && i + 1 < argc) n = (size_t)atof(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--dump") && i + 1 < argc) dump = argv[++i];
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc) csv = argv[++i];
        else {
            printf("usage: %s [--n N] [--reps R] [--dump DIR] [--csv FILE]\n"
                   "Times log I_v / log K_v: Kestrel vs GSL on three 1e6-point batches (one thread),\n"
                   "and Kestrel's array form on 1 and 2 threads.  See bench/run_special.sh.\n",
                   argv[0]);
            return strcmp(argv[i], "--help") ? 2 : 0;
        }
    }
    gsl_set_error_handler_off();
    FILE *fc = csv ? fopen(csv, "w") : NULL;
    if (csv && !fc) {
        fprintf(stderr, "cannot write %s\n", csv);
        return 1;
    }
    if (fc) fprintf(fc, "batch,func,impl,threads,evals_per_s,fail_rate,max_diff_vs_kestrel\n");
    kes_rng rng;
    kes_rng_init(&rng, 2024, 0);
    const char *names[3] = {"broad", "moderate", "vmf"};
    double *ref = malloc(n * sizeof(double)), *out = malloc(n * sizeof(double));
    printf("%-9s %-5s %-8s %12s %9s %14s\n", "batch", "func", "impl", "evals/s", "fail", "max|diff|/max(1,|k|)");
    for (int bi = 0; bi < 3; bi++) {
        batch b;
        make_batch(&b, names[bi], n, &rng);
        if (dump) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s.bin", dump, b.name);
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(b.v, sizeof(double), n, f) != n || fwrite(b.x, sizeof(double), n, f) != n) {
                fprintf(stderr, "cannot write %s\n", path);
                return 1;
            }
            fclose(f);
        }
        for (int fk = 0; fk < 2; fk++) {
            int impls[2] = {fk ? KES_K : KES_I, fk ? GSL_K : GSL_I};
            for (int ii = 0; ii < 2; ii++) {
                double best = 1e300;
                for (int r = 0; r < reps; r++) {
                    double t0 = now();
                    run_impl(impls[ii], n, b.v, b.x, ii == 0 ? ref : out);
                    double t = now() - t0;
                    if (t < best) best = t;
                    if (t > 5.0) break; /* slow peer (GSL lnKnu at large order): one run is enough */
                }
                double *o = ii == 0 ? ref : out;
                size_t fail = 0;
                double md = 0;
                for (size_t i = 0; i < n; i++) {
                    if (!isfinite(o[i])) fail++;
                    else if (ii && isfinite(ref[i])) {
                        double d = fabs(o[i] - ref[i]) / fmax(1.0, fabs(ref[i]));
                        if (d > md) md = d;
                    }
                }
                double eps = (double)n / best, fr = (double)fail / (double)n;
                printf("%-9s %-5s %-8s %12.3e %8.2f%% %14.2e\n", b.name, fk ? "logK" : "logI", impl_name[impls[ii]],
                       eps, 100 * fr, md);
                if (fc)
                    fprintf(fc, "%s,%s,%s,1,%.6e,%.6f,%.3e\n", b.name, fk ? "logK" : "logI", impl_name[impls[ii]],
                            eps, fr, md);
            }
        }
        if (bi == 0) {
            /* array form, 1 vs 2 threads, on the broad batch */
            for (int th = 1; th <= 2; th++) {
                omp_set_num_threads(th);
                for (int fk = 0; fk < 2; fk++) {
                    double best = 1e300;
                    for (int r = 0; r < reps; r++) {
                        double t0 = now();
                        if (fk) kes_log_besselk_array((int64_t)n, b.v, b.x, out);
                        else kes_log_besseli_array((int64_t)n, b.v, b.x, out);
                        double t = now() - t0;
                        if (t < best) best = t;
                    }
                    printf("%-9s %-5s %-8s %12.3e  (array, %d thread%s)\n", b.name, fk ? "logK" : "logI", "kestrel",
                           (double)n / best, th, th > 1 ? "s" : "");
                    if (fc)
                        fprintf(fc, "%s,%s,kestrel_array,%d,%.6e,0,0\n", b.name, fk ? "logK" : "logI", th,
                                (double)n / best);
                }
            }
            omp_set_num_threads(1);
        }
        if (bi == 2) {
            /* GSL's log I fails fast (underflow detected) on about half the vMF
             * points; compare both on the points where GSL succeeds. */
            run_impl(GSL_I, n, b.v, b.x, out);
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (isfinite(out[i])) {
                    b.v[m] = b.v[i];
                    b.x[m] = b.x[i];
                    m++;
                }
            for (int ii = 0; ii < 2; ii++) {
                double best = 1e300;
                for (int r = 0; r < reps; r++) {
                    double t0 = now();
                    run_impl(ii ? GSL_I : KES_I, m, b.v, b.x, out);
                    double t = now() - t0;
                    if (t < best) best = t;
                }
                printf("%-9s %-5s %-8s %12.3e %8.2f%%  (%zu points where GSL succeeds)\n", "vmf_gslok", "logI",
                       ii ? "gsl" : "kestrel", (double)m / best, 0.0, m);
                if (fc)
                    fprintf(fc, "vmf_gslok,logI,%s,1,%.6e,0,0\n", ii ? "gsl" : "kestrel", (double)m / best);
            }
        }
        sink = ref[0] + out[0];
        free(b.v);
        free(b.x);
    }
    if (fc) fclose(fc);
    free(ref);
    free(out);
    return 0;
}
