/*
 * The posterior of a fitted GP beyond the pointwise mean and variance: the
 * full predictive covariance K** - V^T V with V = L^-1 K* (Rasmussen &
 * Williams, Algorithm 2.1, all query points at once), posterior samples
 * mean + C z with C C^T that covariance (Cholesky, escalating jitter) and
 * z ~ N(0, I) from the caller's generator, and the text model file
 * (hyperparameters and data; the factor is recomputed on load).
 */
#define _POSIX_C_SOURCE 200809L /* newlocale, uselocale */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cblas.h>
#include <lapacke.h>

#include "core/textio.h"
#include "kernels/gp_internal.h"

/* 1 when the extent (d - 1) ld + m of an m x d column-major array overflows. */
static int span_bad(int64_t m, int64_t d, int64_t ld)
{
    size_t off;
    if (kes__mul_size(d - 1, ld, &off) || (uint64_t)m > SIZE_MAX / sizeof(double)) return 1;
    return off > SIZE_MAX / sizeof(double) - (size_t)m;
}

/* mean (m, may be NULL) and the lower triangle of the predictive covariance
 * S (m x m, ld lds) of f at the queries. */
static kes_status posterior(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs, double *mean, double *S,
                            int64_t lds)
{
    int64_t n = gp->n, d = gp->d;
    size_t nm, md;
    if (kes__mul_size(n, m, &nm) || kes__mul_size(m, d, &md) || m > INT32_MAX) return KES_ERANGE;
    double *Ks = kes__malloc_n(nm, sizeof(double)), *qs = kes__malloc_n(md, sizeof(double));
    if (!Ks || !qs) {
        free(Ks), free(qs);
        return KES_ENOMEM;
    }
    if (gp->cov) {
        for (int64_t j = 0; j < m; j++)
            for (int64_t c = 0; c < d; c++) qs[j * d + c] = Xs[j + c * ldxs];
        kes__gp_cov_kcross(gp->cov, gp->theta, gp->X, n, qs, m, Ks, n);
        kes__gp_cov_kmat(gp->cov, gp->theta, qs, m, S, lds);
    } else {
        gp_hyper h = kes__gp_unpack(gp->kernel, d, gp->theta);
        int ard = kes__gp_is_ard(gp->kernel);
        for (int64_t j = 0; j < m; j++)
            for (int64_t c = 0; c < d; c++)
                qs[j * d + c] = kes__gp_clamp(Xs[j + c * ldxs] * exp(-h.logl[ard ? c : 0]));
        kes__gp_kcross(gp->kernel, gp->xs, n, qs, m, d, h, Ks, n);
        kes__gp_kmat(gp->kernel, qs, m, d, h, S, lds);
    }
    if (mean) {
        cblas_dgemv(CblasColMajor, CblasTrans, (int)n, (int)m, 1.0, Ks, (int)n, gp->alpha, 1, 0.0, mean, 1);
        for (int64_t j = 0; j < m; j++) mean[j] += gp->mean;
    }
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, (int)n, (int)m, 1.0, gp->L, (int)n,
                Ks, (int)n);
    cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int)m, (int)n, -1.0, Ks, (int)n, 1.0, S, (int)lds);
    free(Ks), free(qs);
    return KES_OK;
}

static kes_status check_queries(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs)
{
    if (m < 1 || ldxs < m) return KES_EDIM;
    if (span_bad(m, gp->d, ldxs)) return KES_ERANGE;
    for (int64_t c = 0; c < gp->d; c++)
        if (!kes__all_finite(Xs + c * ldxs, (size_t)m)) return KES_ENAN;
    return KES_OK;
}

kes_status kes_gp_predict_cov(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs, double *mean, double *cov,
                              int64_t ldc)
{
    if (!gp || !Xs || !cov) return KES_EINVAL;
    kes_status s = check_queries(gp, Xs, m, ldxs);
    if (s) return s;
    if (ldc < m) return KES_EDIM;
    size_t mm;
    if (kes__mul_size(m, m, &mm)) return KES_ERANGE;
    /* into a private buffer first: outputs stay untouched on error */
    double *S = kes__malloc_n(mm, sizeof(double)), *mu = mean ? kes__malloc_n((size_t)m, sizeof(double)) : NULL;
    if (!S || (mean && !mu)) {
        free(S), free(mu);
        return KES_ENOMEM;
    }
    s = posterior(gp, Xs, m, ldxs, mu, S, m);
    if (!s) {
        for (int64_t j = 0; j < m; j++)
            for (int64_t i = j; i < m; i++) cov[i + j * ldc] = cov[j + i * ldc] = S[i + j * m];
        if (mean) memcpy(mean, mu, (size_t)m * sizeof(double));
    }
    free(S), free(mu);
    return s;
}

kes_status kes_gp_sample(const kes_gp *gp, const double *Xs, int64_t m, int64_t ldxs, int64_t ns, kes_rng *rng,
                         double *F, int64_t ldf, double *jitter)
{
    if (!gp || !Xs || !rng || !F) return KES_EINVAL;
    kes_status s = check_queries(gp, Xs, m, ldxs);
    if (s) return s;
    if (ns < 1 || ldf < m) return KES_EDIM;
    size_t mm, mn, ext;
    if (kes__mul_size(m, m, &mm) || kes__mul_size(m, ns, &mn) || kes__mul_size(ns - 1, ldf, &ext) || ns > INT32_MAX ||
        ext > SIZE_MAX / sizeof(double) - (size_t)m)
        return KES_ERANGE;
    double *S = kes__malloc_n(mm, sizeof(double)), *C = kes__malloc_n(mm, sizeof(double));
    double *mu = kes__malloc_n((size_t)m, sizeof(double)), *Z = kes__malloc_n(mn, sizeof(double));
    if (!S || !C || !mu || !Z) {
        s = KES_ENOMEM;
        goto done;
    }
    s = posterior(gp, Xs, m, ldxs, mu, S, m);
    if (s) goto done;
    /* Cholesky of S + jit I; the posterior covariance is singular where a
     * query repeats a noiseless training point or another query, so the
     * jitter escalates from 0 as in the fit: 1e-10 mean(diag S) times 10^k
     * up to 1e-4 mean(diag S) (floored at 1e-300 for an all-zero S). */
    double md = 0.0, jit = 0.0;
    for (int64_t i = 0; i < m; i++) md += fabs(S[i + i * m]);
    md = fmax(md / (double)m, 1e-300);
    for (;;) {
        memcpy(C, S, mm * sizeof(double));
        for (int64_t i = 0; i < m; i++) C[i + i * m] += jit;
        lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)m, C, (lapack_int)m);
        if (info == 0) break;
        jit = jit == 0.0 ? 1e-10 * md : jit * 10.0;
        if (!(jit <= 1.0000001e-4 * md)) {
            s = KES_ENOTSPD;
            goto done;
        }
    }
    /* z in a fixed order (sample by sample, point by point) from the one
     * generator: the same draws for any thread count */
    for (size_t i = 0; i < mn; i++) Z[i] = kes_rng_normal(rng);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, (int)m, (int)ns, 1.0, C, (int)m, Z,
                (int)m);
    for (int64_t k = 0; k < ns; k++)
        for (int64_t i = 0; i < m; i++) F[i + k * ldf] = mu[i] + Z[i + k * m];
    if (jitter) *jitter = jit;
done:
    free(S), free(C), free(mu), free(Z);
    return s;
}

/* ------------------------------------------------------------ model file */

#define GP_MAGIC "kestrel-gp"
#define GP_VERSION 1

/* Numbers in the C locale whatever the thread's LC_NUMERIC, as tuner files
 * (core/textio.h). */

static int put_doubles(FILE *f, const char *key, const double *x, size_t n)
{
    if (fprintf(f, "%s", key) < 0) return -1;
    for (size_t i = 0; i < n; i++)
        if (fprintf(f, (i % 8 == 7) ? " %a\n" : " %a", x[i]) < 0) return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}

kes_status kes_gp_save_stream(const kes_gp *gp, FILE *f)
{
    if (!gp || !f) return KES_EINVAL;
    kes__c_numeric cn;
    if (kes__c_numeric_enter(&cn)) return KES_ENOMEM;
    int e = fprintf(f, "%s %d\n", GP_MAGIC, GP_VERSION) < 0;
    e |= fprintf(f, "sizes %" PRId64 " %" PRId64 " %" PRId64 "\nmean %d\n", gp->n, gp->d, gp->p, (int)gp->mean_kind) < 0;
    if (gp->cov) e |= fprintf(f, "model cov\n") < 0 || kes__gp_cov_write(f, gp->cov) != 0;
    else e |= fprintf(f, "model kernel %d\n", (int)gp->kernel) < 0;
    e |= put_doubles(f, "theta", gp->theta, (size_t)gp->p);
    /* X column by column (the caller's layout), then y */
    for (int64_t c = 0; c < gp->d && !e; c++) {
        e |= fprintf(f, "x%" PRId64, c) < 0;
        for (int64_t i = 0; i < gp->n && !e; i++)
            e |= fprintf(f, (i % 8 == 7) ? " %a\n" : " %a", gp->X[i * gp->d + c]) < 0;
        e |= fputc('\n', f) == EOF;
    }
    e |= put_doubles(f, "y", gp->y, (size_t)gp->n);
    e |= fprintf(f, "end\n") < 0;
    kes__c_numeric_leave(&cn);
    return e ? KES_EIO : KES_OK;
}

kes_status kes_gp_save(const kes_gp *gp, const char *path)
{
    if (!gp || !path) return KES_EINVAL;
    FILE *f = fopen(path, "w");
    if (!f) return KES_EIO;
    kes_status s = kes_gp_save_stream(gp, f);
    if (fclose(f) != 0 && s == KES_OK) s = KES_EIO;
    return s;
}


static int get_key(FILE *f, const char *key)
{
    char buf[32];
    return kes__text_token(f, buf, sizeof buf) == 0 && strcmp(buf, key) == 0 ? 0 : -1;
}

/* n finite doubles; stride for X's row-major layout */
static int get_doubles(FILE *f, double *x, size_t n, size_t stride)
{
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        char *end;
        if (kes__text_token(f, buf, sizeof buf)) return -1;
        x[i * stride] = strtod(buf, &end);
        if (*end != '\0' || end == buf || !isfinite(x[i * stride])) return -1;
    }
    return 0;
}

static int get_int(FILE *f, int64_t lo, int64_t hi, int64_t *v)
{
    char buf[32], *end;
    if (kes__text_token(f, buf, sizeof buf)) return -1;
    errno = 0;
    long long r = strtoll(buf, &end, 10);
    if (*end != '\0' || end == buf || errno || r < lo || r > hi) return -1;
    *v = (int64_t)r;
    return 0;
}

static kes_status load_body(FILE *f, kes_gp **gp)
{
    int64_t ver, n, d, p, mk, kern = 0;
    if (get_key(f, GP_MAGIC) || get_int(f, 1, 1, &ver)) return KES_EPARSE;
    if (get_key(f, "sizes") || get_int(f, 1, INT32_MAX, &n) || get_int(f, 1, INT64_MAX / 4, &d) ||
        get_int(f, 1, INT64_MAX / 4, &p) || get_key(f, "mean") || get_int(f, 0, 1, &mk) || get_key(f, "model"))
        return KES_EPARSE;
    char buf[16];
    kes_gp_cov *cov = NULL;
    if (kes__text_token(f, buf, sizeof buf)) return KES_EPARSE;
    if (!strcmp(buf, "cov")) {
        kes_status s = kes__gp_cov_read(f, 0, &cov);
        if (s) return s;
        if (kes_gp_cov_dim(cov) != d || kes_gp_cov_n_params(cov) + 1 != p) {
            kes_gp_cov_destroy(cov);
            return KES_EPARSE;
        }
    } else if (strcmp(buf, "kernel") || get_int(f, KES_GP_SE_ISO, KES_GP_MATERN_ARD, &kern) ||
               kes_gp_n_params((kes_gp_kernel)kern, d) != p) {
        return KES_EPARSE;
    }
    size_t nd;
    kes_status s = KES_OK;
    double *theta = NULL, *X = NULL, *y = NULL;
    if (kes__mul_size(n, d, &nd) || nd > SIZE_MAX / sizeof(double) || (uint64_t)p > SIZE_MAX / (3 * sizeof(double))) {
        s = KES_EPARSE;
        goto fail;
    }
    theta = kes__malloc_n((size_t)p * 3, sizeof(double));
    X = kes__malloc_n(nd, sizeof(double));
    y = kes__malloc_n((size_t)n, sizeof(double));
    if (!theta || !X || !y) {
        s = KES_ENOMEM;
        goto fail;
    }
    if (get_key(f, "theta") || get_doubles(f, theta, (size_t)p, 1)) {
        s = KES_EPARSE;
        goto fail;
    }
    for (int64_t c = 0; c < d; c++) {
        char key[32];
        snprintf(key, sizeof key, "x%" PRId64, c);
        if (get_key(f, key) || get_doubles(f, X + (size_t)c * (size_t)n, (size_t)n, 1)) {
            s = KES_EPARSE;
            goto fail;
        }
    }
    if (get_key(f, "y") || get_doubles(f, y, (size_t)n, 1) || get_key(f, "end")) {
        s = KES_EPARSE;
        goto fail;
    }
    /* refit at the saved point: bounds equal to it, no optimisation */
    for (int64_t t = 0; t < p; t++) theta[p + t] = theta[2 * p + t] = theta[t];
    kes_gp_opts o = kes_gp_opts_default();
    o.optimize = 0;
    o.mean = (kes_gp_mean)mk;
    s = kes__gp_fit_core(X, n, d, n, y, &o, NULL, cov ? KES_GP_SE_ISO : (kes_gp_kernel)kern, cov, theta, p, gp);
    theta = NULL; /* consumed */
    if (s == KES_NOCONV) s = KES_OK;
fail:
    free(theta), free(X), free(y);
    kes_gp_cov_destroy(cov);
    return s;
}

kes_status kes_gp_load_stream(FILE *f, kes_gp **gp)
{
    if (!f || !gp) return KES_EINVAL;
    kes__c_numeric cn;
    if (kes__c_numeric_enter(&cn)) return KES_ENOMEM;
    kes_status s = load_body(f, gp);
    kes__c_numeric_leave(&cn);
    return s;
}

kes_status kes_gp_load(const char *path, kes_gp **gp)
{
    if (!path || !gp) return KES_EINVAL;
    FILE *f = fopen(path, "r");
    if (!f) return KES_EIO;
    kes_status s = kes_gp_load_stream(f, gp);
    fclose(f);
    return s;
}
