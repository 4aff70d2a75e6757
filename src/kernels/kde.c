/*
 * Kernel density estimation: normalised radial kernels in d dimensions and
 * the exact log density (and its gradient) by blocked GEMM distances and a
 * running log-sum-exp.
 *
 * Normalising constants: for a radial profile k, int_{R^d} k(|u|) du =
 * S_{d-1} int_0^inf k(r) r^(d-1) dr with S_{d-1} = 2 pi^(d/2) / Gamma(d/2)
 * (polar coordinates).  The radial integrals are in closed form for every
 * profile but the cosine and the logistic; the cosine one is the series
 * int_0^1 (1-s)^(d-1) sin(pi s/2) ds = sum_j (-1)^j (pi/2)^(2j+1) Gamma(d) /
 * Gamma(d+2j+2) (expand the sine; a Beta integral per term), whose terms
 * fall by (pi/2)^2 / ((d+2j+2)(d+2j+3)) and never cancel badly; the
 * logistic one is Gamma(d) eta(d-1) (expand 1/(1+e^-r)^2 in powers of
 * e^-r; Gradshteyn & Ryzhik 3.411.3).  Everything is carried in logs, so
 * no constant overflows for large d.
 *
 * Evaluation: points and queries are centred and whitened by the bandwidth
 * (B^{-1}(x - mu)), squared distances come from |y|^2 + |x|^2 - 2 y.x by one
 * GEMM-style Gram block (register-tiled, see gram_tile) per block of points x queries and are recomputed from coordinates
 * where the identity cancels (as kernel.c does), log-kernel values are
 * summed per query by a max-shifted log-sum-exp updated once per block
 * (Blanchard, Higham & Higham, "Accurately computing the log-sum-exp and
 * softmax functions", IMA J. Numer. Anal. 41 (2021) 2311-2330).
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <cblas.h>
#include <lapacke.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_zeta.h>

#include "kernels/kde_internal.h"

#define CANCEL_REL 1e-6
#define R2_ERR 1e-13 /* largest expected absolute error of r^2 from the Gram identity */
#define QBLOCK 128  /* queries per block (one OpenMP work item) */
#define PBLOCK 1024 /* most points per block; fewer for large d (see pblock) */
#define TILE_P 8    /* register tile of the Gram block: points ... */
#define TILE_Q 4    /* ... times queries */

struct kes_kde {
    int64_t n, d;
    kes_kde_kernel kernel;
    double power;
    int isdiag;
    double *Xw;    /* n x d centred, whitened points, ld ldxw; rows n..ldxw-1 zero */
    int64_t ldxw;  /* n rounded up to a multiple of TILE_P */
    int64_t pblock; /* points per block: the block of whitened points stays within ~256 KiB */
    double *blkmax; /* max |x~_i|^2 over each block of pblock points */
    double *nx;    /* |x~_i|^2 */
    double *logw;  /* log w_i, or NULL for equal weights */
    double *mu;    /* d, the centre */
    double *B;     /* d x d lower Cholesky factor of H, ld d */
    double lognorm; /* log c_d - log|B| - log W */
    double rtol, atol;
    double W, logW;       /* the total weight and its log */
    kes__kde_tree *tree;  /* kd-tree for tolerance-controlled evaluation (kde_tree.c), or NULL */
};

/* ------------------------------------------------------------ kernels */

kes_status kes__kde_kernel_check(kes_kde_kernel kern, double power)
{
    if ((int)kern < KES_KDE_GAUSSIAN || (int)kern > KES_KDE_GENGAUSS) return KES_EINVAL;
    if (kern == KES_KDE_GENGAUSS) {
        if (!isfinite(power)) return KES_ENAN;
        if (power <= 0.0) return KES_EDOM;
    }
    return KES_OK;
}

static double log_sphere_area(double d) /* log S_{d-1} */
{
    return KES__KDE_LN2 + 0.5 * d * log(KES__KDE_PI) - gsl_sf_lngamma(0.5 * d);
}

static double log_ball_volume(double d) /* log V_d */
{
    return 0.5 * d * log(KES__KDE_PI) - gsl_sf_lngamma(0.5 * d + 1.0);
}

kes_status kes_kde_kernel_log_norm(kes_kde_kernel kernel, double power, int64_t d, double *logc)
{
    kes_status s = kes__kde_kernel_check(kernel, power);
    if (s) return s;
    if (!logc) return KES_EINVAL;
    if (d < 1) return KES_EDIM;
    double dd = (double)d, v;
    switch (kernel) {
    case KES_KDE_GAUSSIAN: v = -0.5 * dd * log(2.0 * KES__KDE_PI); break;
    case KES_KDE_EPANECHNIKOV: v = log(dd + 2.0) - KES__KDE_LN2 - log_ball_volume(dd); break;
    case KES_KDE_EXPONENTIAL: v = -(log_sphere_area(dd) + gsl_sf_lngamma(dd)); break;
    case KES_KDE_TOPHAT: v = -log_ball_volume(dd); break;
    case KES_KDE_LINEAR: v = log(dd + 1.0) - log_ball_volume(dd); break;
    case KES_KDE_COSINE: {
        const double a = 0.5 * KES__KDE_PI;
        double t = 1.0, sum = 1.0;
        for (int j = 0; j < 40 && fabs(t) > 1e-18 * sum; j++) {
            t *= -a * a / ((dd + 2.0 * j + 2.0) * (dd + 2.0 * j + 3.0));
            sum += t;
        }
        double logint = log(a) - log(dd) - log(dd + 1.0) + log(sum);
        v = -(log_sphere_area(dd) + logint);
        break;
    }
    case KES_KDE_LOGISTIC: {
        double eta = d - 1 > 100 ? 1.0 : gsl_sf_eta_int((int)(d - 1));
        v = -(log_sphere_area(dd) + gsl_sf_lngamma(dd) + log(eta));
        break;
    }
    default: /* GENGAUSS */ v = log(power) - log_sphere_area(dd) - gsl_sf_lngamma(dd / power); break;
    }
    *logc = v;
    return KES_OK;
}

/* Profiles as functions of r^2: the switch is outside the loops so that
 * each loop vectorises where its functions allow. */
void kes__kde_log_profile(kes_kde_kernel kern, double power, const double *r2, double *lk, double *phi, int64_t len)
{
    switch (kern) {
    case KES_KDE_GAUSSIAN:
#pragma omp simd
        for (int64_t j = 0; j < len; j++) lk[j] = -0.5 * r2[j];
        if (phi)
            for (int64_t j = 0; j < len; j++) phi[j] = -1.0;
        break;
    case KES_KDE_EPANECHNIKOV:
        for (int64_t j = 0; j < len; j++) {
            lk[j] = r2[j] < 1.0 ? log1p(-r2[j]) : -INFINITY;
            if (phi) phi[j] = r2[j] < 1.0 ? -2.0 / (1.0 - r2[j]) : 0.0;
        }
        break;
    case KES_KDE_EXPONENTIAL:
        for (int64_t j = 0; j < len; j++) {
            double r = sqrt(r2[j]);
            lk[j] = -r;
            if (phi) phi[j] = r > 0.0 ? -1.0 / r : 0.0;
        }
        break;
    case KES_KDE_TOPHAT:
        for (int64_t j = 0; j < len; j++) {
            lk[j] = r2[j] < 1.0 ? 0.0 : -INFINITY;
            if (phi) phi[j] = 0.0;
        }
        break;
    case KES_KDE_LINEAR:
        for (int64_t j = 0; j < len; j++) {
            double r = sqrt(r2[j]);
            lk[j] = r < 1.0 ? log1p(-r) : -INFINITY;
            if (phi) phi[j] = (r > 0.0 && r < 1.0) ? -1.0 / (r * (1.0 - r)) : 0.0;
        }
        break;
    case KES_KDE_COSINE: {
        const double a = 0.5 * KES__KDE_PI;
        for (int64_t j = 0; j < len; j++) {
            double r = sqrt(r2[j]);
            lk[j] = r < 1.0 ? log(cos(a * r)) : -INFINITY;
            /* d log cos(a r)/dr / r = -a tan(a r) / r -> -a^2 as r -> 0 */
            if (phi) phi[j] = r < 1.0 ? (r > 1e-8 ? -a * tan(a * r) / r : -a * a) : 0.0;
        }
        break;
    }
    case KES_KDE_LOGISTIC:
        for (int64_t j = 0; j < len; j++) {
            double r = sqrt(r2[j]);
            lk[j] = -r - 2.0 * log1p(exp(-r));
            /* d/dr = -tanh(r/2); divided by r -> -1/2 as r -> 0 */
            if (phi) phi[j] = r > 1e-8 ? -tanh(0.5 * r) / r : -0.5;
        }
        break;
    default: /* GENGAUSS: -r^p = -(r^2)^(p/2) */
        for (int64_t j = 0; j < len; j++) {
            double rp = pow(r2[j], 0.5 * power);
            lk[j] = -rp;
            /* d(-r^p)/dr / r = -p r^(p-2) */
            if (phi) phi[j] = r2[j] > 0.0 ? -power * rp / r2[j] : (power > 2.0 ? 0.0 : (power == 2.0 ? -2.0 : 0.0));
        }
        break;
    }
}

kes_status kes_kde_kernel_value(kes_kde_kernel kernel, double power, int64_t d, double r, double *k, double *dk)
{
    kes_status s = kes__kde_kernel_check(kernel, power);
    if (s) return s;
    if (!k) return KES_EINVAL;
    if (d < 1) return KES_EDIM;
    if (isnan(r)) return KES_ENAN;
    if (r < 0.0) return KES_EDOM;
    double logc, lk, phi, r2 = r * r;
    kes_kde_kernel_log_norm(kernel, power, d, &logc);
    kes__kde_log_profile(kernel, power, &r2, &lk, &phi, 1);
    double v = exp(logc + lk);
    *k = v;
    /* dK/dr = K d(log k)/dr = K phi r; 0 where a factor is 0 (K underflowed
     * or r infinite, phi 0 at a cusp, r 0), never 0 * Inf = NaN */
    if (dk) *dk = (v == 0.0 || phi == 0.0 || r == 0.0) ? 0.0 : v * phi * r;
    return KES_OK;
}

/* ------------------------------------------------------------ create */

kes_kde_opts kes_kde_opts_default(void)
{
    return (kes_kde_opts){.kernel = KES_KDE_GAUSSIAN, .bandwidth = 0.0, .rtol = 0.0, .atol = 0.0, .power = 2.0,
                          .bandwidth_diag = NULL, .bandwidth_matrix = NULL, .weights = NULL, .binned_cutoff = 0.0};
}

kes_status kes__kde_weights_check(const double *w, int64_t n, double *sum, double *sumsq)
{
    double s = 0.0, s2 = 0.0;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(w[i])) return KES_ENAN;
        if (w[i] < 0.0) return KES_EBADDATA;
        s += w[i];
        s2 += w[i] * w[i];
    }
    if (!(s > 0.0) || !isfinite(s)) return KES_EBADDATA;
    if (sum) *sum = s;
    if (sumsq) *sumsq = s2;
    return KES_OK;
}

kes_status kes__kde_bandwidth_from_opts(const kes_kde_opts *o, int64_t d, const double *X, int64_t n, int64_t ldx,
                                        const double *w, double *B, int *isdiag)
{
    size_t dd = (size_t)d * (size_t)d;
    for (size_t t = 0; t < dd; t++) B[t] = 0.0;
    *isdiag = 1;
    if (o->bandwidth_matrix) {
        const double *H = o->bandwidth_matrix;
        if (!kes__all_finite(H, dd)) return KES_ENAN;
        for (int64_t j = 0; j < d; j++)
            for (int64_t i = j + 1; i < d; i++) {
                double a = H[i + j * d], b = H[j + i * d];
                if (fabs(a - b) > 64.0 * DBL_EPSILON * fmax(fabs(a), fabs(b))) return KES_EBADDATA;
            }
        for (int64_t j = 0; j < d; j++)
            for (int64_t i = j; i < d; i++) B[i + j * d] = H[i + j * d];
        lapack_int info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int)d, B, (lapack_int)d);
        if (info != 0) return info > 0 ? KES_ENOTSPD : KES_EINVAL;
        /* Numerically singular: a pivot negligible against the largest. */
        double bmax = 0.0, bmin = INFINITY;
        for (int64_t j = 0; j < d; j++) {
            bmax = fmax(bmax, B[j + j * d]);
            bmin = fmin(bmin, B[j + j * d]);
        }
        if (!(bmin > 0.0) || bmin <= 1e-8 * bmax) return KES_ENOTSPD; /* cond(H) >= 1e16 */
        for (int64_t j = 1; j < d; j++)
            for (int64_t i = 0; i < j; i++) B[i + j * d] = 0.0;
        *isdiag = 0;
        return KES_OK;
    }
    if (o->bandwidth_diag) {
        for (int64_t j = 0; j < d; j++) {
            double h = o->bandwidth_diag[j];
            if (!isfinite(h)) return KES_ENAN;
            if (h <= 0.0) return KES_EDOM;
            B[j + j * d] = h;
        }
        return KES_OK;
    }
    if (!isfinite(o->bandwidth)) return KES_ENAN;
    if (o->bandwidth < 0.0) return KES_EDOM;
    if (o->bandwidth > 0.0) {
        for (int64_t j = 0; j < d; j++) B[j + j * d] = o->bandwidth;
        return KES_OK;
    }
    double *h = kes__malloc_n((size_t)d, sizeof *h);
    if (!h) return KES_ENOMEM;
    kes_status s = kes__kde_scott(X, n, d, ldx, w, h);
    if (!s)
        for (int64_t j = 0; j < d; j++) B[j + j * d] = h[j];
    free(h);
    return s;
}

void kes_kde_destroy(kes_kde *kde)
{
    if (!kde) return;
    kes__kde_tree_destroy(kde->tree);
    free(kde->Xw);
    free(kde->nx);
    free(kde->blkmax);
    free(kde->logw);
    free(kde->mu);
    free(kde->B);
    free(kde);
}

/* Z (rows x d, ld ldz) <- B^{-1} (Z - mu) row by row, i.e. (Z - 1 mu^T) B^{-T}. */
static void whiten(const kes_kde *k, double *Z, int64_t rows, int64_t ldz)
{
    int64_t d = k->d;
    for (int64_t j = 0; j < d; j++) {
        double *c = Z + j * ldz, m = k->mu[j];
        for (int64_t i = 0; i < rows; i++) c[i] -= m;
    }
    if (k->isdiag) {
        for (int64_t j = 0; j < d; j++) {
            double *c = Z + j * ldz, inv = 1.0 / k->B[j + j * d];
            for (int64_t i = 0; i < rows; i++) c[i] *= inv;
        }
    } else {
        cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, (int)rows, (int)d, 1.0, k->B,
                    (int)d, Z, (int)ldz);
    }
}

static void row_sqnorms(const double *Z, int64_t rows, int64_t d, int64_t ldz, double *out)
{
    for (int64_t i = 0; i < rows; i++) out[i] = 0.0;
    for (int64_t j = 0; j < d; j++) {
        const double *c = Z + j * ldz;
        for (int64_t i = 0; i < rows; i++) out[i] += c[i] * c[i];
    }
}

kes_status kes_kde_create(const double *X, int64_t n, int64_t d, int64_t ldx, const kes_kde_opts *o, kes_kde **kde)
{
    if (!X || !kde) return KES_EINVAL;
    if (n < 1 || d < 1 || ldx < n) return KES_EDIM;
    if (n > INT_MAX || d > INT_MAX || ldx > INT_MAX) return KES_ERANGE;
    size_t nd;
    if (kes__mul_size(n, d, &nd) || kes__mul_size(d, d, &(size_t){0})) return KES_ERANGE;
    kes_kde_opts def = kes_kde_opts_default();
    if (!o) o = &def;
    kes_status s = kes__kde_kernel_check(o->kernel, o->power);
    if (s) return s;
    if (isnan(o->rtol) || isnan(o->atol)) return KES_ENAN;
    if (o->rtol < 0.0 || o->atol < 0.0) return KES_EDOM;
    for (int64_t j = 0; j < d; j++)
        if (!kes__all_finite(X + j * ldx, (size_t)n)) return KES_ENAN;
    double wsum = (double)n;
    if (o->weights && (s = kes__kde_weights_check(o->weights, n, &wsum, NULL))) return s;

    kes_kde *k = calloc(1, sizeof *k);
    if (!k) return KES_ENOMEM;
    k->n = n;
    k->d = d;
    k->kernel = o->kernel;
    k->power = o->power;
    k->rtol = o->rtol;
    k->atol = o->atol;
    k->ldxw = (n + TILE_P - 1) / TILE_P * TILE_P;
    if (kes__mul_size(k->ldxw, d, &nd)) {
        free(k);
        return KES_ERANGE;
    }
    k->Xw = kes__calloc_n(nd, sizeof *k->Xw);
    k->nx = kes__malloc_n((size_t)n, sizeof *k->nx);
    k->pblock = 32768 / d / TILE_P * TILE_P;
    if (k->pblock > PBLOCK) k->pblock = PBLOCK;
    if (k->pblock < 8 * TILE_P) k->pblock = 8 * TILE_P;
    k->blkmax = kes__malloc_n((size_t)((n + k->pblock - 1) / k->pblock), sizeof *k->blkmax);
    k->mu = kes__calloc_n((size_t)d, sizeof *k->mu);
    k->B = kes__malloc_n((size_t)d * (size_t)d, sizeof *k->B);
    if (o->weights) k->logw = kes__malloc_n((size_t)n, sizeof *k->logw);
    if (!k->Xw || !k->nx || !k->blkmax || !k->mu || !k->B || (o->weights && !k->logw)) {
        kes_kde_destroy(k);
        return KES_ENOMEM;
    }
    if ((s = kes__kde_bandwidth_from_opts(o, d, X, n, ldx, o->weights, k->B, &k->isdiag))) {
        kes_kde_destroy(k);
        return s;
    }
    double logdet = 0.0;
    for (int64_t j = 0; j < d; j++) logdet += log(k->B[j + j * d]);
    for (int64_t j = 0; j < d; j++) {
        double acc = 0.0;
        const double *c = X + j * ldx;
        for (int64_t i = 0; i < n; i++) acc += c[i];
        k->mu[j] = acc / (double)n;
        memcpy(k->Xw + j * k->ldxw, c, (size_t)n * sizeof *c);
    }
    whiten(k, k->Xw, n, k->ldxw);
    row_sqnorms(k->Xw, n, d, k->ldxw, k->nx);
    for (int64_t b = 0; b * k->pblock < n; b++) {
        double mx = 0.0;
        for (int64_t i = b * k->pblock; i < n && i < (b + 1) * k->pblock; i++) mx = fmax(mx, k->nx[i]);
        k->blkmax[b] = mx;
    }
    if (o->weights)
        for (int64_t i = 0; i < n; i++) k->logw[i] = log(o->weights[i]); /* -Inf for w = 0: the point drops out */
    double logc;
    kes_kde_kernel_log_norm(k->kernel, k->power, d, &logc);
    k->W = wsum;
    k->logW = log(wsum);
    k->lognorm = logc - logdet - k->logW;
    if (!isfinite(k->lognorm)) {
        kes_kde_destroy(k);
        return KES_ERANGE;
    }
    /* With a tolerance the points also go into a kd-tree; evaluation then
     * decides per query block whether the tree pays (kde_tree.c). */
    double logatol = k->atol > 0.0 ? log(k->atol) - k->lognorm : -INFINITY;
    if ((k->rtol > 0.0 || k->atol > 0.0) &&
        kes__kde_tree_precheck(n, d) &&
        (s = kes__kde_tree_build(k->Xw, n, d, k->ldxw, k->logw, &k->tree))) {
        kes_kde_destroy(k);
        return s;
    }
    if (k->tree && !kes__kde_tree_pays(k->tree, k->kernel, k->power, logatol, k->rtol)) {
        kes__kde_tree_destroy(k->tree);
        k->tree = NULL;
    }
    *kde = k;
    return KES_OK;
}

int64_t kes_kde_dim(const kes_kde *kde) { return kde ? kde->d : 0; }

void kes__kde_get_parts(const kes_kde *k, kes__kde_parts *p)
{
    *p = (kes__kde_parts){.n = k->n, .d = k->d, .ldxw = k->ldxw, .kernel = k->kernel, .power = k->power,
                          .isdiag = k->isdiag, .Xw = k->Xw, .logw = k->logw, .mu = k->mu, .B = k->B,
                          .lognorm = k->lognorm, .logW = k->logW, .rtol = k->rtol, .atol = k->atol};
}

void kes__kde_whiten(const kes_kde *k, double *Z, int64_t rows, int64_t ldz) { whiten(k, Z, rows, ldz); }

double kes_kde_total_weight(const kes_kde *kde) { return kde ? kde->W : NAN; }

int kes_kde_has_tree(const kes_kde *kde) { return kde && kde->tree ? 1 : 0; }

kes_status kes_kde_bandwidth(const kes_kde *kde, double *B)
{
    if (!kde || !B) return KES_EINVAL;
    memcpy(B, kde->B, (size_t)(kde->d * kde->d) * sizeof *B);
    return KES_OK;
}

/* ------------------------------------------------------------ evaluation */

/* Per-thread workspace. */
typedef struct {
    double *G;   /* PBLOCK x TILE_Q Gram block */
    double *lk;  /* PBLOCK log-kernel values */
    double *phi; /* PBLOCK profile slopes (gradient only) */
} work;

/* The hot loops are compiled twice, for AVX2 + FMA and for the baseline,
 * and the loader picks one per machine (GCC function multi-versioning). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12 && !defined(KES_NO_TARGET_CLONES)
#define HOT_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define HOT_CLONES
#endif

/* One TILE_P x TILE_Q tile of the Gram block, G[j + q ldg] = sum_c
 * X[j + c ldx] Y[q + c ldy]: the register-blocked inner kernel of a GEMM
 * (Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 34 (2008)), written out so that the compiler
 * keeps the 32 sums in vector registers.  The library's own kernel rather
 * than a dgemm call per block: a threaded BLAS called from inside the
 * OpenMP region would start its own threads on the same cores, and each
 * sum runs over c in a fixed order whatever the threads. */
static inline void gram_tile(const double *restrict X, int64_t ldx, const double *restrict Y, int64_t ldy, int64_t d,
                             double *restrict G, int64_t ldg)
{
    double acc[TILE_Q][TILE_P];
    for (int q = 0; q < TILE_Q; q++)
        for (int j = 0; j < TILE_P; j++) acc[q][j] = 0.0;
    for (int64_t c = 0; c < d; c++) {
        const double *x = X + c * ldx, *y = Y + c * ldy;
        for (int q = 0; q < TILE_Q; q++)
            for (int j = 0; j < TILE_P; j++) acc[q][j] += x[j] * y[q];
    }
    for (int q = 0; q < TILE_Q; q++)
        for (int j = 0; j < TILE_P; j++) G[j + q * ldg] = acc[q][j];
}

/* As gram_tile, but the squared distances sum_c (X[j + c ldx] - Y[q + c ldy])^2. */
static inline void diff_tile(const double *restrict X, int64_t ldx, const double *restrict Y, int64_t ldy, int64_t d,
                             double *restrict G, int64_t ldg)
{
    double acc[TILE_Q][TILE_P];
    for (int q = 0; q < TILE_Q; q++)
        for (int j = 0; j < TILE_P; j++) acc[q][j] = 0.0;
    for (int64_t c = 0; c < d; c++) {
        const double *x = X + c * ldx, *y = Y + c * ldy;
        for (int q = 0; q < TILE_Q; q++)
            for (int j = 0; j < TILE_P; j++) {
                double t = x[j] - y[q];
                acc[q][j] += t * t;
            }
    }
    for (int q = 0; q < TILE_Q; q++)
        for (int j = 0; j < TILE_P; j++) G[j + q * ldg] = acc[q][j];
}

/* One query block [q0, q0 + qb): log densities (and gradients in whitened
 * coordinates, unscaled, into Gw rows) for whitened queries Yw (ld ldyw). */
HOT_CLONES static void eval_qblock(const kes_kde *k, const double *Yw, int64_t ldyw, const double *ny, int64_t q0, int64_t qb,
                        work *wk, double *logp, double *Gw, int64_t ldgw)
{
    int64_t n = k->n, d = k->d;
    double M[QBLOCK], S[QBLOCK], A[QBLOCK];
    for (int64_t q = 0; q < qb; q++) {
        M[q] = -INFINITY;
        S[q] = 0.0;
        A[q] = 0.0;
        if (Gw)
            for (int64_t c = 0; c < d; c++) Gw[q0 + q + c * ldgw] = 0.0;
    }
    for (int64_t p0 = 0; p0 < n; p0 += k->pblock) {
        int64_t pb = n - p0 < k->pblock ? n - p0 : k->pblock;
        int direct = 0;
        int64_t pbt = (pb + TILE_P - 1) / TILE_P * TILE_P;
        const double *nx = k->nx + p0;
        for (int64_t q = 0; q < qb; q++) {
            /* The Gram block of TILE_Q queries x the point block, made when
             * its first query comes up: it stays in the L1 cache while
             * those queries are summed. */
            if (q % TILE_Q == 0) {
                /* The identity loses about sqrt(d) u (|x|^2 + |y|^2) in r^2
                 * (u the unit round-off, random-walk accumulation); where
                 * that exceeds R2_ERR the tile takes the differences
                 * instead, which cost one more operation per term and keep
                 * r^2 to a few u relative. */
                double nymax = 0.0;
                for (int64_t t = q; t < q + TILE_Q && t < qb; t++) nymax = fmax(nymax, ny[q0 + t]);
                direct = sqrt((double)d + 2.0) * 0.5 * DBL_EPSILON * (k->blkmax[p0 / k->pblock] + nymax) > R2_ERR;
                for (int64_t jt = 0; jt < pbt; jt += TILE_P) {
                    if (direct) diff_tile(k->Xw + p0 + jt, k->ldxw, Yw + q0 + q, ldyw, d, wk->G + jt, pbt);
                    else gram_tile(k->Xw + p0 + jt, k->ldxw, Yw + q0 + q, ldyw, d, wk->G + jt, pbt);
                }
            }
            double *r2 = wk->G + (q % TILE_Q) * pbt, y2 = ny[q0 + q], *lk = wk->lk;
            int64_t bad = 0;
            if (!direct) {
#pragma omp simd reduction(+ : bad)
            for (int64_t j = 0; j < pb; j++) {
                double v = nx[j] + y2 - 2.0 * r2[j];
                bad += v < CANCEL_REL * (nx[j] + y2);
                r2[j] = v;
            }
            /* Where the identity has cancelled (or gone negative), recompute
             * from the coordinates. */
            if (bad) {
                for (int64_t j = 0; j < pb; j++) {
                    if (r2[j] < CANCEL_REL * (nx[j] + y2)) {
                        double acc = 0.0;
                        for (int64_t c = 0; c < d; c++) {
                            double t = k->Xw[p0 + j + c * k->ldxw] - Yw[q0 + q + c * ldyw];
                            acc += t * t;
                        }
                        r2[j] = acc;
                    }
                }
            }
            }
            if (k->kernel == KES_KDE_GAUSSIAN && !Gw && !k->logw) {
                /* The common case in two passes: the largest term from the
                 * smallest r^2, then the shifted sum. */
                double rmin = INFINITY;
#pragma omp simd reduction(min : rmin)
                for (int64_t j = 0; j < pb; j++) rmin = r2[j] < rmin ? r2[j] : rmin;
                double mnew = -0.5 * rmin > M[q] ? -0.5 * rmin : M[q];
                double scale = kes__kde_exp_neg(M[q] - mnew), acc = 0.0;
#pragma omp simd reduction(+ : acc)
                for (int64_t j = 0; j < pb; j++) acc += kes__kde_exp_neg(-0.5 * r2[j] - mnew);
                S[q] = S[q] * scale + acc;
                M[q] = mnew;
                continue;
            }
            if (k->kernel == KES_KDE_GAUSSIAN && !Gw) {
                if (k->logw) {
                    const double *lw = k->logw + p0;
#pragma omp simd
                    for (int64_t j = 0; j < pb; j++) lk[j] = lw[j] - 0.5 * r2[j];
                } else {
#pragma omp simd
                    for (int64_t j = 0; j < pb; j++) lk[j] = -0.5 * r2[j];
                }
            } else {
                kes__kde_log_profile(k->kernel, k->power, r2, lk, Gw ? wk->phi : NULL, pb);
                if (k->logw) {
                    const double *lw = k->logw + p0;
#pragma omp simd
                    for (int64_t j = 0; j < pb; j++) lk[j] += lw[j];
                }
            }
            double mb = -INFINITY;
#pragma omp simd reduction(max : mb)
            for (int64_t j = 0; j < pb; j++) mb = lk[j] > mb ? lk[j] : mb;
            if (mb == -INFINITY) continue;
            double mnew = mb > M[q] ? mb : M[q];
            double scale = kes__kde_exp_neg(M[q] - mnew); /* 0 when M[q] = -Inf */
            double acc = 0.0;
            if (!Gw) {
#pragma omp simd reduction(+ : acc)
                for (int64_t j = 0; j < pb; j++) acc += kes__kde_exp_neg(lk[j] - mnew);
            } else {
                double acca = 0.0;
                double *e = lk, *phi = wk->phi;
#pragma omp simd reduction(+ : acc, acca)
                for (int64_t j = 0; j < pb; j++) {
                    e[j] = kes__kde_exp_neg(lk[j] - mnew);
                    acc += e[j];
                    /* a vanishing term stays 0 even where phi is not finite
                     * (GENGAUSS at r = Inf: -p r^p / r^2 = NaN) */
                    e[j] = e[j] == 0.0 ? 0.0 : e[j] * phi[j];
                    acca += e[j];
                }
                A[q] = A[q] * scale + acca;
                /* sum e phi (y~ - x~_i), the offsets formed first: the form
                 * A y~ - sum e phi x~ cancels catastrophically when the
                 * whitened coordinates are large (bandwidth 1e-300: +-Inf
                 * or NaN for a gradient that is 0) */
                for (int64_t c = 0; c < d; c++) {
                    const double *xc = k->Xw + p0 + c * k->ldxw;
                    const double yc = Yw[q0 + q + c * ldyw];
                    double bc = 0.0;
#pragma omp simd reduction(+ : bc)
                    for (int64_t j = 0; j < pb; j++) bc += e[j] == 0.0 ? 0.0 : e[j] * (yc - xc[j]);
                    double *g = Gw + q0 + q + c * ldgw;
                    *g = *g * scale + bc;
                }
            }
            S[q] = S[q] * scale + acc;
            M[q] = mnew;
        }
    }
    for (int64_t q = 0; q < qb; q++) {
        logp[q0 + q] = M[q] == -INFINITY ? -INFINITY : M[q] + log(S[q]) + k->lognorm;
        if (Gw) {
            /* grad_u log f = sum_i p_i phi_i (y~ - x~_i) = (sum e phi (y~ - x~_i)) / S */
            for (int64_t c = 0; c < d; c++) {
                double *g = Gw + q0 + q + c * ldgw;
                *g = M[q] == -INFINITY ? 0.0 : *g / S[q];
            }
        }
    }
}

static kes_status evaluate(const kes_kde *k, const double *Y, int64_t m, int64_t ldy, double *logp, double *G,
                           int64_t ldg)
{
    int64_t d = k->d;
    size_t md;
    if (kes__mul_size(m, d, &md)) return KES_ERANGE;
    if (m > INT_MAX || ldy > INT_MAX) return KES_ERANGE;
    for (int64_t j = 0; j < d; j++)
        if (!kes__all_finite(Y + j * ldy, (size_t)m)) return KES_ENAN;
    int64_t mpad = (m + TILE_Q - 1) / TILE_Q * TILE_Q;
    if (kes__mul_size(mpad, d, &md)) return KES_ERANGE;
    double *Yw = kes__calloc_n(md, sizeof *Yw);
    double *ny = kes__malloc_n((size_t)m, sizeof *ny);
    double *lp = kes__malloc_n((size_t)m, sizeof *lp);
    double *Gw = G ? kes__malloc_n(md, sizeof *Gw) : NULL;
    if (!Yw || !ny || !lp || (G && !Gw)) {
        free(Yw);
        free(ny);
        free(lp);
        free(Gw);
        return KES_ENOMEM;
    }
    for (int64_t j = 0; j < d; j++) memcpy(Yw + j * mpad, Y + j * ldy, (size_t)m * sizeof *Y);
    whiten(k, Yw, m, mpad);
    row_sqnorms(Yw, m, d, mpad, ny);

    int64_t nqb = (m + QBLOCK - 1) / QBLOCK;
    int failed = 0;
    int par = (double)m * (double)k->n * (double)(d + 8) >= 4.0e6 && nqb > 1;
#pragma omp parallel if (par) reduction(| : failed)
    {
        work wk;
        wk.G = kes__malloc_n((size_t)PBLOCK * TILE_Q, sizeof(double));
        wk.lk = kes__malloc_n((size_t)PBLOCK, sizeof(double));
        wk.phi = G ? kes__malloc_n((size_t)PBLOCK, sizeof(double)) : NULL;
        int ok = wk.G && wk.lk && (!G || wk.phi);
        if (!ok) failed = 1;
        /* Every thread must reach the loop's implied barrier: allocation
         * failures skip the work but not the loop. */
#pragma omp for schedule(dynamic, 1)
        for (int64_t b = 0; b < nqb; b++) {
            if (!ok) continue;
            int64_t q0 = b * QBLOCK, qb = m - q0 < QBLOCK ? m - q0 : QBLOCK, done = 0;
            /* The tree takes a prefix of the block (all of it where it
             * pays, see kde_tree.c); the exact path takes the rest. */
            if (k->tree && !Gw) {
                double logatol = k->atol > 0.0 ? log(k->atol) - k->lognorm : -INFINITY;
                done = kes__kde_tree_qblock(k->tree, k->kernel, k->power, logatol, k->rtol, k->logW, Yw, mpad, q0,
                                            qb, lp);
                for (int64_t q = q0; q < q0 + done; q++) lp[q] += k->lognorm;
            }
            if (done < qb) eval_qblock(k, Yw, mpad, ny, q0 + done, qb - done, &wk, lp, Gw, m);
        }
        free(wk.G);
        free(wk.lk);
        free(wk.phi);
    }
    kes_status s = failed ? KES_ENOMEM : KES_OK;
    if (!s) {
        if (logp) memcpy(logp, lp, (size_t)m * sizeof *lp);
        if (G) {
            /* grad_y = B^{-T} grad_u, row by row: G = Gw B^{-1}. */
            if (k->isdiag) {
                for (int64_t c = 0; c < d; c++) {
                    double inv = 1.0 / k->B[c + c * d];
                    for (int64_t q = 0; q < m; q++) G[q + c * ldg] = Gw[q + c * m] * inv;
                }
            } else {
                cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasNonUnit, (int)m, (int)d, 1.0,
                            k->B, (int)d, Gw, (int)m);
                for (int64_t c = 0; c < d; c++) memcpy(G + c * ldg, Gw + c * m, (size_t)m * sizeof *G);
            }
        }
    }
    free(Yw);
    free(ny);
    free(lp);
    free(Gw);
    return s;
}

kes_status kes_kde_log_density(const kes_kde *kde, const double *Y, int64_t m, int64_t ldy, double *logp)
{
    if (!kde || !Y || !logp) return KES_EINVAL;
    if (m < 1 || ldy < m) return KES_EDIM;
    return evaluate(kde, Y, m, ldy, logp, NULL, 0);
}

kes_status kes_kde_log_density_view(const kes_kde *kde, kes_cmat Y, kes_vec logp)
{
    if (!kde || !Y.data || !logp.data) return KES_EINVAL;
    if (Y.ncols != kde->d || Y.nrows < 1 || Y.ld < Y.nrows || logp.n != Y.nrows || logp.stride < 1) return KES_EDIM;
    if (logp.stride == 1) return evaluate(kde, Y.data, Y.nrows, Y.ld, logp.data, NULL, 0);
    double *t = kes__malloc_n((size_t)Y.nrows, sizeof *t);
    if (!t) return KES_ENOMEM;
    kes_status s = evaluate(kde, Y.data, Y.nrows, Y.ld, t, NULL, 0);
    if (!s)
        for (int64_t i = 0; i < Y.nrows; i++) logp.data[i * logp.stride] = t[i];
    free(t);
    return s;
}

kes_status kes_kde_grad_log_density(const kes_kde *kde, const double *Y, int64_t m, int64_t ldy, double *logp,
                                    double *G, int64_t ldg)
{
    if (!kde || !Y || !G) return KES_EINVAL;
    if (m < 1 || ldy < m || ldg < m) return KES_EDIM;
    if (ldg > INT_MAX) return KES_ERANGE;
    return evaluate(kde, Y, m, ldy, logp, G, ldg);
}
