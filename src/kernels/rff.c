/*
 * Random features on R^d as plans: draw the frequencies once, transform many
 * batches with one dgemm plus an elementwise pass.
 *
 *  - Random Fourier features, Rahimi & Recht, "Random features for
 *    large-scale kernel machines", NIPS 2007: by Bochner's theorem a
 *    stationary kernel is E_omega[cos(omega.(x - y))] for omega drawn from
 *    its normalised spectral density, so sqrt(2/D) cos(omega.x + b) with
 *    b ~ U[0, 2 pi) (or the [cos, sin] pair) is an unbiased feature map.
 *    Spectral laws: Gaussian -> N(0, I/ell^2); Matern nu -> multivariate
 *    Student-t with 2 nu dof (Rasmussen & Williams 2006, eq. 4.15), which is
 *    a Gaussian scale mixture omega = z sqrt(2 nu / chi^2_{2nu}) / ell;
 *    Laplace = Matern 1/2 (multivariate Cauchy); rational quadratic ->
 *    N(0, tau I) with tau ~ Gamma(alpha, rate alpha ell^2).
 *  - Orthogonal random features, Yu, Suresh, Choromanski, Holtmann-Rice &
 *    Kumar, NIPS 2016: directions from the Q factor of a Gaussian matrix
 *    (uniform on the orthogonal group after fixing signs with diag R), and
 *    radii from the kernel's radial law (chi_d times the mixture scale).
 *  - Positive and hyperbolic features for the softmax kernel, Choromanski et
 *    al., "Rethinking attention with Performers", ICLR 2021 (FAVOR+):
 *    exp(u.v) = E_{omega ~ N(0,I)}[exp(omega.u - |u|^2/2) exp(omega.v - |v|^2/2)];
 *    the Gaussian kernel is exp(-|u|^2/2) exp(u.v) exp(-|v|^2/2).
 */
#include <float.h>
#include <math.h>
#include <cblas.h>
#include <lapacke.h>

#include "kernels/euclid.h"

struct kes_rff {
    kes_kernel kernel;
    kes_rf_map map;
    int64_t d, D, Df;
    double *W;       /* d x Df, column r = omega_r (lengthscale folded in) */
    double *b;       /* Df phases (COS only) */
    double scale;    /* output amplitude */
    double hcoef;    /* positive maps: h(x) = hcoef * |x|^2 */
};

kes_rff_opts kes_rff_opts_default(void)
{
    return (kes_rff_opts){.map = KES_RF_COS, .orthogonal = 0};
}

/* log of a Gamma(a, 1) deviate without underflow: for a < 1 the boost
 * G(a) = G(a + 1) U^(1/a) (Marsaglia & Tsang 2000, sec. 6) is taken in logs,
 * since G(a) itself is below the smallest double with probability about
 * exp(-745 a). */
static double log_gamma_deviate(kes_rng *rng, double a)
{
    if (a >= 1.0) return log(kes_rng_gamma(rng, a));
    return log(kes_rng_gamma(rng, a + 1.0)) + log(kes_rng_uniform_pos(rng)) / a;
}

/* A draw whose scale overflowed the double range is redrawn at most this
 * often.  With the shape bounds of kes_rff_create (Matern nu >= KES_RFF_NU_MIN) the
 * chance of one overflow is below 1e-18, so the cap only makes the loop
 * provably finite. */
#define MAX_REDRAWS 64
/* Below this smoothness a fraction exp(-1418 nu) of the Matern spectral
 * law lies beyond the double range (|omega| > 1e308): at 0.03 that is
 * 3.5e-19, so redrawing it changes nothing measurable; at nu -> 0 the kernel
 * tends to white noise, which no finite set of frequencies represents. */
#define KES_RFF_NU_MIN 0.03

/* Scale factor of one frequency relative to a standard normal vector: the
 * mixture variable of the kernel's spectral law (1 for the Gaussian), in
 * *out.  Laplace and Matern: sqrt(2 nu / chi^2_{2 nu}) = sqrt(nu / G(nu));
 * rational quadratic: sqrt(G(alpha) / alpha), which can only underflow (to
 * the harmless frequency 0).  KES_ERANGE when the scale stays infinite. */
static kes_status mixture_scale(const kes_kernel *k, kes_rf_map map, kes_rng *rng, double *out)
{
    *out = 1.0;
    if (map == KES_RF_POSITIVE || map == KES_RF_HYPERBOLIC) return KES_OK;
    double nu;
    switch (k->kind) {
    case KES_KERNEL_LAPLACE: nu = 0.5; break;
    case KES_KERNEL_MATERN: nu = k->nu; break;
    case KES_KERNEL_RATQUAD:
        *out = exp(0.5 * (log_gamma_deviate(rng, k->alpha) - log(k->alpha)));
        return KES_OK;
    default: return KES_OK;
    }
    for (int t = 0; t < MAX_REDRAWS; t++) {
        double sc = exp(0.5 * (log(nu) - log_gamma_deviate(rng, nu)));
        if (isfinite(sc)) {
            *out = sc;
            return KES_OK;
        }
    }
    return KES_ERANGE;
}

/* Radius of a chi_d deviate (d >= 1): sqrt(2 G(d/2)), finite and > 0 for
 * every draw since G(1/2) underflows with probability ~1e-162. */
static double chi_radius(kes_rng *rng, int64_t d) { return sqrt(2.0 * exp(log_gamma_deviate(rng, 0.5 * (double)d))); }

static int map_supports(kes_rf_map map, kes_kernel_kind kind)
{
    if (map == KES_RF_COS || map == KES_RF_SINCOS)
        return kind == KES_KERNEL_GAUSSIAN || kind == KES_KERNEL_LAPLACE || kind == KES_KERNEL_MATERN ||
               kind == KES_KERNEL_RATQUAD;
    return kind == KES_KERNEL_GAUSSIAN || kind == KES_KERNEL_SOFTMAX;
}

/* Fill W (d x Df) with orthogonal blocks: each block of up to d columns is
 * taken from the Q factor of a fresh d x d Gaussian matrix, with Q's column
 * signs multiplied by sign(R_ii) so that Q is Haar distributed (Mezzadri
 * 2007), and every column gets an independent chi_d radius. */
static kes_status draw_orthogonal(kes_rff *p, kes_rng *rng)
{
    int64_t d = p->d;
    size_t dd = (size_t)d * (size_t)d;
    double *G = kes__malloc_n(dd, sizeof *G), *tau = kes__malloc_n((size_t)d, sizeof *tau);
    double *sgn = kes__malloc_n((size_t)d, sizeof *sgn);
    kes_status s = G && tau && sgn ? KES_OK : KES_ENOMEM;
    for (int64_t c0 = 0; c0 < p->Df && !s; c0 += d) {
        kes_rng_fill_normal(rng, (int64_t)dd, G);
        lapack_int info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)d, (lapack_int)d, G, (lapack_int)d, tau);
        if (!info) {
            for (int64_t i = 0; i < d; i++) sgn[i] = G[i + i * d] < 0.0 ? -1.0 : 1.0;
            info = LAPACKE_dorgqr(LAPACK_COL_MAJOR, (lapack_int)d, (lapack_int)d, (lapack_int)d, G, (lapack_int)d,
                                  tau);
        }
        if (info) {
            s = info == LAPACK_WORK_MEMORY_ERROR ? KES_ENOMEM : KES_ERANGE;
            break;
        }
        int64_t nc = p->Df - c0 < d ? p->Df - c0 : d;
        for (int64_t c = 0; c < nc && !s; c++) {
            double mix;
            double radius = chi_radius(rng, d);
            if ((s = mixture_scale(&p->kernel, p->map, rng, &mix))) break;
            double f = radius * mix / p->kernel.lengthscale * sgn[c];
            for (int64_t i = 0; i < d; i++) {
                double w = f * G[i + c * d];
                if (!isfinite(w)) s = KES_ERANGE; /* tiny lengthscale: omega beyond the double range */
                p->W[i + (c0 + c) * d] = w;
            }
        }
    }
    free(G);
    free(tau);
    free(sgn);
    return s;
}

static kes_status draw_iid(kes_rff *p, kes_rng *rng)
{
    for (int64_t c = 0; c < p->Df; c++) {
        double *w = p->W + c * p->d, mix;
        kes_rng_fill_normal(rng, p->d, w);
        kes_status s = mixture_scale(&p->kernel, p->map, rng, &mix);
        if (s) return s;
        double f = mix / p->kernel.lengthscale;
        for (int64_t i = 0; i < p->d; i++) {
            w[i] *= f;
            if (!isfinite(w[i])) return KES_ERANGE; /* tiny lengthscale: omega beyond the double range */
        }
    }
    return KES_OK;
}

kes_status kes_rff_create(const kes_kernel *k, int64_t d, int64_t D, const kes_rff_opts *o, kes_rng *rng,
                          kes_rff **plan)
{
    if (!plan || !rng) return KES_EINVAL;
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    kes_rff_opts opts = o ? *o : kes_rff_opts_default();
    if ((int)opts.map < KES_RF_COS || (int)opts.map > KES_RF_HYPERBOLIC) return KES_EINVAL;
    if (d < 1 || D < 1) return KES_EDIM;
    int paired = opts.map == KES_RF_SINCOS || opts.map == KES_RF_HYPERBOLIC;
    if (paired && D % 2) return KES_EDIM;
    if (d > INT_MAX || D > INT_MAX) return KES_ERANGE;
    if (!map_supports(opts.map, k->kind)) return KES_ENOTSUP;
    if (k->kind == KES_KERNEL_MATERN && k->nu < KES_RFF_NU_MIN) return KES_EDOM;
    size_t nW;
    int64_t Df = paired ? D / 2 : D;
    if (kes__mul_size(d, Df, &nW)) return KES_ERANGE;

    kes_rff *p = calloc(1, sizeof *p);
    if (!p) return KES_ENOMEM;
    p->kernel = *k;
    p->map = opts.map;
    p->d = d;
    p->D = D;
    p->Df = Df;
    p->W = kes__malloc_n(nW, sizeof *p->W);
    if (opts.map == KES_RF_COS) p->b = kes__malloc_n((size_t)Df, sizeof *p->b);
    if (!p->W || (opts.map == KES_RF_COS && !p->b)) {
        kes_rff_destroy(p);
        return KES_ENOMEM;
    }
    s = opts.orthogonal ? draw_orthogonal(p, rng) : draw_iid(p, rng);
    if (s) {
        kes_rff_destroy(p);
        return s;
    }
    if (p->b)
        for (int64_t c = 0; c < Df; c++) p->b[c] = 2.0 * KES__PI * kes_rng_uniform(rng);
    if (opts.map == KES_RF_COS || opts.map == KES_RF_SINCOS) {
        p->scale = sqrt(2.0 * k->variance / (double)D);
    } else {
        p->scale = sqrt(k->variance / (double)D);
        double il2 = 1.0 / (k->lengthscale * k->lengthscale);
        p->hcoef = k->kind == KES_KERNEL_GAUSSIAN ? il2 : 0.5 * il2;
    }
    *plan = p;
    return KES_OK;
}

void kes_rff_destroy(kes_rff *plan)
{
    if (!plan) return;
    free(plan->W);
    free(plan->b);
    free(plan);
}

int64_t kes_rff_input_dim(const kes_rff *plan) { return plan ? plan->d : 0; }
int64_t kes_rff_output_dim(const kes_rff *plan) { return plan ? plan->D : 0; }

kes_cmat kes_rff_frequencies(const kes_rff *plan)
{
    if (!plan) return (kes_cmat){0};
    return kes_cmat_view(plan->W, plan->d, plan->Df, plan->d);
}

const double *kes_rff_phases(const kes_rff *plan) { return plan ? plan->b : NULL; }

/* ------------------------------------------------------------------------
 * Vectorisable cos / sin.  t = k pi + r with k = round(t / pi) and
 * |r| <= pi/2 (Cody & Waite reduction with pi split in a 33-bit head, so
 * k * PI_HI is exact for |k| < 2^20, and a tail); then cos t = (-1)^k cos r,
 * sin t = (-1)^k sin r with the Taylor series to r^22 / r^23, whose first
 * omitted term is below 1e-19 on |r| <= pi/2.  Rounding k and its parity use
 * the 1.5 * 2^52 trick so that the loop stays branch-free and SIMD.  Valid
 * for |t| <= 1e5 (absolute error ~2e-16); larger arguments take libm.
 * ---------------------------------------------------------------------- */
#define PI_HI 3.14159265346825122833e+00
#define PI_LO 1.21542010130123844986e-10
#define INV_PI 0.31830988618379067154
#define ROUND_MAGIC 6755399441055744.0 /* 1.5 * 2^52 */
#define FAST_TRIG_MAX 1e5

static inline double reduce_pi(double t, double *sign)
{
    double k = (t * INV_PI + ROUND_MAGIC) - ROUND_MAGIC;
    double h = 0.5 * k;
    double hr = (h + ROUND_MAGIC) - ROUND_MAGIC; /* h - hr is 0 (k even) or +-1/2 (k odd) */
    *sign = 1.0 - 4.0 * fabs(h - hr);
    return (t - k * PI_HI) - k * PI_LO;
}

static inline double cos_poly(double r)
{
    double z = r * r;
    double p = 1.0 / 1124000727777607680000.0;          /* 1/22! */
    p = p * z - 1.0 / 2432902008176640000.0;             /* 1/20! */
    p = p * z + 1.0 / 6402373705728000.0;                /* 1/18! */
    p = p * z - 1.0 / 20922789888000.0;                  /* 1/16! */
    p = p * z + 1.0 / 87178291200.0;                     /* 1/14! */
    p = p * z - 1.0 / 479001600.0;                       /* 1/12! */
    p = p * z + 1.0 / 3628800.0;                         /* 1/10! */
    p = p * z - 1.0 / 40320.0;                           /* 1/8!  */
    p = p * z + 1.0 / 720.0;                             /* 1/6!  */
    p = p * z - 1.0 / 24.0;                              /* 1/4!  */
    p = p * z + 0.5;
    return 1.0 - z * p;
}

static inline double sin_poly(double r)
{
    double z = r * r;
    double p = -1.0 / 25852016738884976640000.0;         /* 1/23! */
    p = p * z + 1.0 / 51090942171709440000.0;            /* 1/21! */
    p = p * z - 1.0 / 121645100408832000.0;              /* 1/19! */
    p = p * z + 1.0 / 355687428096000.0;                 /* 1/17! */
    p = p * z - 1.0 / 1307674368000.0;                   /* 1/15! */
    p = p * z + 1.0 / 6227020800.0;                      /* 1/13! */
    p = p * z - 1.0 / 39916800.0;                        /* 1/11! */
    p = p * z + 1.0 / 362880.0;                          /* 1/9!  */
    p = p * z - 1.0 / 5040.0;                            /* 1/7!  */
    p = p * z + 1.0 / 120.0;                             /* 1/5!  */
    p = p * z - 1.0 / 6.0;
    return r + r * z * p;
}

/* Runtime dispatch to an AVX2+FMA or AVX-512 clone where the CPU has one,
 * without requiring -march=native for the whole build.  Not under
 * KES_NO_TARGET_CLONES (the ThreadSanitizer build), whose runtime is not yet
 * initialised when the ifunc resolvers run. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(KES_NO_TARGET_CLONES)
#define KES_CLONES                                                                                                   \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"), optimize("fp-contract=fast")))
#else
#define KES_CLONES
#endif

/* Fused transform for the Fourier maps, rows [i0, i0 + nb) of every
 * output column.  Rows go in chunks of CHUNK (a few SIMD registers): for
 * each column, t = b_c + sum_j omega_cj x_j accumulates in registers with
 * the chunk of X in L1, then the fast cos / sin is applied and Z is written
 * once (a dgemm followed by a separate pass streams the n x D matrix through
 * memory twice, which is what dominates for small d).  The summation order
 * is fixed, so the result does not depend on the thread count.  A chunk
 * whose |t| exceeds FAST_TRIG_MAX is redone with libm. */
#define FUSED_MAX_D 64
#define ROW_BLOCK 512
#define CHUNK 16

/* One full chunk of CHUNK rows starting at x (column stride ldx) for every
 * output column; returns 0, or 1 when some |t| is beyond the fast range (the
 * caller then redoes the chunk with libm). */
KES_CLONES static int fourier_chunk(const kes_rff *p, const double *x, int64_t ldx, double *z, int64_t ldz)
{
    const int64_t d = p->d, Df = p->Df;
    const double sc = p->scale;
    int far = 0;
    for (int64_t c = 0; c < Df; c++) {
        const double *w = p->W + c * d;
        const double b = p->b ? p->b[c] : 0.0;
        double t[CHUNK], big = 0.0;
#pragma omp simd
        for (int ii = 0; ii < CHUNK; ii++) t[ii] = b;
        for (int64_t j = 0; j < d; j++) {
            const double wj = w[j], *xj = x + j * ldx;
#pragma omp simd
            for (int ii = 0; ii < CHUNK; ii++) t[ii] += wj * xj[ii];
        }
#pragma omp simd reduction(max : big)
        for (int ii = 0; ii < CHUNK; ii++) big = fabs(t[ii]) > big ? fabs(t[ii]) : big;
        far |= big > FAST_TRIG_MAX;
        double *zc = z + c * ldz;
        if (p->b) {
#pragma omp simd
            for (int ii = 0; ii < CHUNK; ii++) {
                double sg, r = reduce_pi(t[ii], &sg);
                zc[ii] = sc * sg * cos_poly(r);
            }
        } else {
            double *zs = z + (c + Df) * ldz;
#pragma omp simd
            for (int ii = 0; ii < CHUNK; ii++) {
                double sg, r = reduce_pi(t[ii], &sg);
                zc[ii] = sc * sg * cos_poly(r);
                zs[ii] = sc * sg * sin_poly(r);
            }
        }
    }
    return far;
}

/* Rows [i0, i0 + nb) with libm cos / sin (tails shorter than a chunk, and
 * chunks with arguments beyond the fast range). */
static void fourier_rows_libm(const kes_rff *p, kes_cmat X, kes_mat Z, int64_t i0, int64_t nb)
{
    for (int64_t c = 0; c < p->Df; c++) {
        const double *w = p->W + c * p->d;
        for (int64_t i = i0; i < i0 + nb; i++) {
            double t = p->b ? p->b[c] : 0.0;
            for (int64_t j = 0; j < p->d; j++) t += w[j] * X.data[i + j * X.ld];
            Z.data[i + c * Z.ld] = p->scale * cos(t);
            if (!p->b) Z.data[i + (c + p->Df) * Z.ld] = p->scale * sin(t);
        }
    }
}

static void fourier_block(const kes_rff *p, kes_cmat X, kes_mat Z, int64_t i0, int64_t nb)
{
    int64_t k0 = 0;
    for (; k0 + CHUNK <= nb; k0 += CHUNK)
        if (fourier_chunk(p, X.data + i0 + k0, X.ld, Z.data + i0 + k0, Z.ld))
            fourier_rows_libm(p, X, Z, i0 + k0, CHUNK);
    if (k0 < nb) fourier_rows_libm(p, X, Z, i0 + k0, nb - k0);
}

/* Column pass after a dgemm (large d): col[i] = scale cos(col[i] + b), and
 * the sin half for SINCOS. */
KES_CLONES static void fourier_column(double *c, double *s, int64_t n, double b, double scale)
{
    double big = 0.0;
#pragma omp simd reduction(max : big)
    for (int64_t i = 0; i < n; i++) big = fabs(c[i] + b) > big ? fabs(c[i] + b) : big;
    if (big > FAST_TRIG_MAX) {
        for (int64_t i = 0; i < n; i++) {
            double t = c[i] + b;
            if (s) s[i] = scale * sin(t);
            c[i] = scale * cos(t);
        }
        return;
    }
#pragma omp simd
    for (int64_t i = 0; i < n; i++) {
        double sg, r = reduce_pi(c[i] + b, &sg);
        if (s) s[i] = scale * sg * sin_poly(r);
        c[i] = scale * sg * cos_poly(r);
    }
}

/* Shared checks of the transforms. */
static kes_status transform_check(const kes_rff *p, kes_cmat X, kes_mat Z)
{
    if (!p) return KES_EINVAL;
    kes_status s;
    if ((s = kes__points_check(X, p->d))) return s;
    if ((s = kes__out_check(Z, X.nrows, p->D))) return s;
    if (kes__mat_overlap(Z, X)) return KES_EINVAL;
    return KES_OK;
}

/* Positive / hyperbolic maps.  Column c of the gemm result holds
 * a = omega_c . x; the exponent is +-a - h(x).  With stabilise, the largest
 * exponent c* is found first and subtracted (Z = exp(-c*) phi). */
static kes_status positive_pass(const kes_rff *p, kes_mat Z, const double *h, int stabilise, double *log_scale)
{
    int64_t n = Z.nrows, Df = p->Df;
    int hyp = p->map == KES_RF_HYPERBOLIC;
    double cmax = -INFINITY;
    if (stabilise) {
#pragma omp parallel for reduction(max : cmax) schedule(dynamic, 16) if (n * Df >= KES__PAR_MIN)
        for (int64_t c = 0; c < Df; c++) {
            const double *col = Z.data + c * Z.ld;
            for (int64_t i = 0; i < n; i++) {
                double e = (hyp ? fabs(col[i]) : col[i]) - h[i]; /* -a - h for the mirrored half */
                cmax = e > cmax ? e : cmax;
            }
        }
    } else {
        cmax = 0.0;
    }
    int overflow = 0;
    double sc = p->scale;
#pragma omp parallel for reduction(| : overflow) schedule(dynamic, 16) if (n * Df >= KES__PAR_MIN)
    for (int64_t c = 0; c < Df; c++) {
        double *col = Z.data + c * Z.ld, *neg = hyp ? Z.data + (c + Df) * Z.ld : NULL;
        for (int64_t i = 0; i < n; i++) {
            /* same association as in the max search, so the largest
             * feature is exactly sc * exp(0) */
            double a = col[i];
            if (neg) neg[i] = sc * exp((-a - h[i]) - cmax);
            col[i] = sc * exp((a - h[i]) - cmax);
            overflow |= isinf(col[i]) || (neg && isinf(neg[i]));
        }
    }
    if (log_scale) *log_scale = cmax;
    return overflow ? KES_ERANGE : KES_OK;
}

static kes_status transform(const kes_rff *p, kes_cmat X, kes_mat Z, double *log_scale)
{
    kes_status s = transform_check(p, X, Z);
    if (s) return s;
    int64_t n = X.nrows, Df = p->Df;
    double *h = NULL;
    if (p->map == KES_RF_POSITIVE || p->map == KES_RF_HYPERBOLIC) {
        h = kes__malloc_n((size_t)n, sizeof *h);
        if (!h) return KES_ENOMEM;
        kes__row_sqnorms(X, h);
        int huge = 0;
        for (int64_t i = 0; i < n; i++) {
            h[i] *= p->hcoef;
            huge |= !isfinite(h[i]);
        }
        /* |x|^2 / ell^2 beyond the double range: every feature of that row
         * is exp(-inf) = 0, but its exponent (what the scaled form
         * subtracts) cannot be represented, so the scaled form refuses. */
        if (huge && log_scale) {
            free(h);
            return KES_ERANGE;
        }
    }
    int fourier = p->map == KES_RF_COS || p->map == KES_RF_SINCOS;
    if (fourier && p->d <= FUSED_MAX_D) {
        int64_t nblocks = (n + ROW_BLOCK - 1) / ROW_BLOCK;
        /* dynamic: a worker the OS deschedules holds up one block, not a
         * static half of the rows */
#pragma omp parallel for schedule(dynamic, 1) if (n * Df >= KES__PAR_MIN)
        for (int64_t blk = 0; blk < nblocks; blk++) {
            int64_t i0 = blk * ROW_BLOCK;
            fourier_block(p, X, Z, i0, n - i0 < ROW_BLOCK ? n - i0 : ROW_BLOCK);
        }
    } else {
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)Df, (int)p->d, 1.0, X.data, (int)X.ld,
                    p->W, (int)p->d, 0.0, Z.data, (int)Z.ld);
        if (fourier) {
#pragma omp parallel for schedule(dynamic, 16) if (n * Df >= KES__PAR_MIN)
            for (int64_t c = 0; c < Df; c++)
                fourier_column(Z.data + c * Z.ld, p->b ? NULL : Z.data + (c + Df) * Z.ld, n, p->b ? p->b[c] : 0.0,
                               p->scale);
        } else {
            s = positive_pass(p, Z, h, log_scale != NULL, log_scale);
        }
    }
    if (log_scale && !h) *log_scale = 0.0;
    free(h);
    return s;
}

kes_status kes_rff_transform(const kes_rff *plan, kes_cmat X, kes_mat Z) { return transform(plan, X, Z, NULL); }

kes_status kes_rff_transform_scaled(const kes_rff *plan, kes_cmat X, kes_mat Z, double *log_scale)
{
    if (!log_scale) return KES_EINVAL;
    return transform(plan, X, Z, log_scale);
}
