/*
 * Fourier spectral solvers on periodic boxes: Poisson and screened Poisson,
 * the exact heat propagator, and the 1-D spectral derivative.
 *
 * Each solve is: check that f is finite, r2c, multiply the half spectrum
 * by a precomputed real symbol with the 1/N of the unnormalised FFTW pair
 * folded in, c2r.  When the caller's array has the SIMD alignment of the
 * plan's buffers (fftw_alignment_of; any malloc'd array on the usual
 * targets), the transforms run on it directly through FFTW's new-array
 * execute functions (the out-of-place r2c preserves its input, the c2r
 * destroys only the plan's spectrum buffer); otherwise f is copied into
 * the plan's real buffer and u out of it.  Both paths run the same plan,
 * so they give the same bits; the direct one saves two passes over memory,
 * which is what separates the solve from the bare FFT pair.  f may alias u
 * either way: f is read completely by the r2c before the c2r writes u.
 * Method: Trefethen, "Spectral Methods in MATLAB" (2000), ch. 3 and 10;
 * Boyd, "Chebyshev and Fourier Spectral Methods" (2001), ch. 9.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fftw_lock.h"
#include "core/internal.h"
#include "pde/pde_internal.h"

#define TWO_PI 6.283185307179586476925286766559

/* ------------------------------------------------------------ the grid */

kes_status kes__fgrid_check(int dim, const int64_t *n, const double *length)
{
    if (!n) return KES_EINVAL;
    if (dim < 1 || dim > 3) return KES_EDIM;
    int64_t tot = 1, spec = 1;
    for (int d = 0; d < dim; d++) {
        if (n[d] < 1) return KES_EDIM;
        if (n[d] > INT_MAX) return KES_ERANGE;
        if (length && !(isfinite(length[d]) && length[d] > 0.0)) return KES_EDOM;
    }
    for (int d = 0; d < dim; d++) {
        int64_t m = d == 0 ? n[0] / 2 + 1 : n[d];
        if (n[d] > INT64_MAX / tot || m > INT64_MAX / spec) return KES_ERANGE;
        tot *= n[d];
        spec *= m;
    }
    size_t bytes;
    /* both buffers plus a symbol must be addressable */
    if (kes__mul_size(tot, 3 * (int64_t)sizeof(double), &bytes) ||
        kes__mul_size(spec, 3 * (int64_t)sizeof(fftw_complex), &bytes))
        return KES_ERANGE;
    return KES_OK;
}

static unsigned effort_flags(kes_fft_effort e)
{
    switch (e) {
    case KES_FFT_MEASURE: return FFTW_MEASURE;
    case KES_FFT_PATIENT: return FFTW_PATIENT;
    default: return FFTW_ESTIMATE;
    }
}

/* FFTW's threads back end is set up once per process, under the planner
 * lock (fftw_init_threads is itself a planner-level call).  This flag is
 * the only state it needs; it only ever goes from 0 to 1. */
static int fftw_threads_ready = 0;

kes_status kes__fgrid_init(kes__fgrid *g, int dim, const int64_t *n, const double *length, kes_fft_effort effort)
{
    return kes__fgrid_init_threads(g, dim, n, length, effort, 1);
}

kes_status kes__fgrid_init_threads(kes__fgrid *g, int dim, const int64_t *n, const double *length,
                                   kes_fft_effort effort, int nthreads)
{
    memset(g, 0, sizeof *g);
    kes_status st = kes__fgrid_check(dim, n, length);
    if (st) return st;
    g->dim = dim;
    g->nreal = 1;
    g->nspec = 1;
    int rn[3]; /* FFTW's row-major order: the last FFTW axis is our first */
    for (int d = 0; d < 3; d++) {
        g->n[d] = d < dim ? n[d] : 1;
        g->len[d] = (d < dim && length) ? length[d] : 1.0;
    }
    for (int d = 0; d < dim; d++) {
        g->nreal *= g->n[d];
        g->nspec *= d == 0 ? g->n[0] / 2 + 1 : g->n[d];
        rn[dim - 1 - d] = (int)g->n[d];
    }
    g->r = fftw_alloc_real((size_t)g->nreal);
    g->c = fftw_alloc_complex((size_t)g->nspec);
    if (!g->r || !g->c) {
        kes__fgrid_free(g);
        return KES_ENOMEM;
    }
    unsigned fl = effort_flags(effort);
    kes__fftw_lock();
    int thr_ok = 1;
    if (nthreads > 1) {
        if (!fftw_threads_ready) fftw_threads_ready = fftw_init_threads() != 0;
        thr_ok = fftw_threads_ready;
        if (thr_ok) fftw_plan_with_nthreads(nthreads);
    }
    if (thr_ok) {
        g->fwd = fftw_plan_dft_r2c(dim, rn, g->r, g->c, fl);
        g->bwd = fftw_plan_dft_c2r(dim, rn, g->c, g->r, fl);
    }
    /* the thread count is planner state: put it back for every other plan */
    if (nthreads > 1 && thr_ok) fftw_plan_with_nthreads(1);
    kes__fftw_unlock();
    if (!g->fwd || !g->bwd) {
        kes__fgrid_free(g);
        return KES_ENOMEM;
    }
    return KES_OK;
}

void kes__fgrid_free(kes__fgrid *g)
{
    if (g->fwd || g->bwd) {
        kes__fftw_lock();
        if (g->fwd) fftw_destroy_plan(g->fwd);
        if (g->bwd) fftw_destroy_plan(g->bwd);
        kes__fftw_unlock();
    }
    fftw_free(g->r);
    fftw_free(g->c);
    memset(g, 0, sizeof *g);
}

/* |k|^2 of every half-spectrum mode, in the order of g->c. */
static void fill_k2(const kes__fgrid *g, double *k2)
{
    int64_t m0 = g->n[0] / 2 + 1;
    int64_t q = 0;
    for (int64_t j2 = 0; j2 < g->n[2]; j2++) {
        double k2c = TWO_PI / g->len[2] * (double)kes__fgrid_wavenum(j2, g->n[2]);
        for (int64_t j1 = 0; j1 < g->n[1]; j1++) {
            double k1 = TWO_PI / g->len[1] * (double)kes__fgrid_wavenum(j1, g->n[1]);
            for (int64_t j0 = 0; j0 < m0; j0++, q++) {
                double k0 = TWO_PI / g->len[0] * (double)j0;
                k2[q] = k0 * k0 + k1 * k1 + k2c * k2c;
            }
        }
    }
}

/* Copy x into the real buffer; 0 when some value is not finite. */
static int load_real(kes__fgrid *g, const double *x)
{
    int ok = 1;
    for (int64_t i = 0; i < g->nreal; i++) {
        double v = x[i];
        ok &= isfinite(v) != 0;
        g->r[i] = v;
    }
    return ok;
}

static int same_alignment(const kes__fgrid *g, const double *x)
{
    return fftw_alignment_of((double *)(uintptr_t)x) == fftw_alignment_of(g->r);
}

/* c = r2c(x) after checking x; 0 (nothing done) when x is not finite. */
static int forward_from(kes__fgrid *g, const double *x)
{
    if (!same_alignment(g, x)) {
        if (!load_real(g, x)) return 0;
        fftw_execute(g->fwd);
        return 1;
    }
    int ok = 1;
    for (int64_t i = 0; i < g->nreal; i++) ok &= isfinite(x[i]) != 0;
    if (!ok) return 0;
    /* out-of-place r2c, planned without FFTW_DESTROY_INPUT: x is only read */
    fftw_execute_dft_r2c(g->fwd, (double *)(uintptr_t)x, g->c);
    return 1;
}

/* u = c2r(c); c is destroyed. */
static void backward_to(kes__fgrid *g, double *u)
{
    if (same_alignment(g, u)) {
        fftw_execute_dft_c2r(g->bwd, g->c, u);
        return;
    }
    fftw_execute(g->bwd);
    memcpy(u, g->r, sizeof(double) * (size_t)g->nreal);
}

/* ------------------------------------------------------------ Poisson */

struct kes_fourier_poisson {
    kes__fgrid g;
    double screening;
    double *k2;  /* |k|^2 per mode (for the heat propagator) */
    double *sym; /* 1 / (N (|k|^2 + s)), 0 for the mean when s == 0 */
};

kes_fourier_poisson_opts kes_fourier_poisson_opts_default(void)
{
    kes_fourier_poisson_opts o;
    o.screening = 0.0;
    o.effort = KES_FFT_ESTIMATE;
    return o;
}

kes_status kes_fourier_poisson_from_opts(int dim, const int64_t *n, const double *length,
                                         const kes_fourier_poisson_opts *opts, kes_fourier_poisson **p)
{
    if (!n || !length || !p) return KES_EINVAL;
    kes_fourier_poisson_opts o = opts ? *opts : kes_fourier_poisson_opts_default();
    kes_status st = kes__fgrid_check(dim, n, length);
    if (st) return st;
    if (!(isfinite(o.screening) && o.screening >= 0.0)) return KES_EDOM;
    if (o.effort != KES_FFT_ESTIMATE && o.effort != KES_FFT_MEASURE && o.effort != KES_FFT_PATIENT)
        return KES_EINVAL;
    kes_fourier_poisson *P = calloc(1, sizeof *P);
    if (!P) return KES_ENOMEM;
    st = kes__fgrid_init(&P->g, dim, n, length, o.effort);
    if (st) {
        free(P);
        return st;
    }
    P->screening = o.screening;
    P->k2 = kes__malloc_n((size_t)P->g.nspec, sizeof(double));
    P->sym = kes__malloc_n((size_t)P->g.nspec, sizeof(double));
    if (!P->k2 || !P->sym) {
        kes_fourier_poisson_destroy(P);
        return KES_ENOMEM;
    }
    fill_k2(&P->g, P->k2);
    double invN = 1.0 / (double)P->g.nreal;
    for (int64_t q = 0; q < P->g.nspec; q++) {
        double den = P->k2[q] + o.screening;
        P->sym[q] = den > 0.0 ? invN / den : 0.0; /* only the mean mode of plain Poisson has den == 0 */
    }
    *p = P;
    return KES_OK;
}

kes_status kes_fourier_poisson_create(int dim, const int64_t *n, const double *length, kes_fourier_poisson **p)
{
    return kes_fourier_poisson_from_opts(dim, n, length, NULL, p);
}

kes_status kes_fourier_poisson_solve(kes_fourier_poisson *p, const double *f, double *u)
{
    if (!p || !f || !u) return KES_EINVAL;
    kes__fgrid *g = &p->g;
    if (!forward_from(g, f)) return KES_ENAN;
    for (int64_t q = 0; q < g->nspec; q++) {
        g->c[q][0] *= p->sym[q];
        g->c[q][1] *= p->sym[q];
    }
    backward_to(g, u);
    return KES_OK;
}

kes_status kes_fourier_poisson_heat(kes_fourier_poisson *p, double nu, double t, const double *u0, double *u)
{
    if (!p || !u0 || !u) return KES_EINVAL;
    if (!(isfinite(nu) && nu >= 0.0 && isfinite(t) && t >= 0.0)) return KES_EDOM;
    kes__fgrid *g = &p->g;
    if (!forward_from(g, u0)) return KES_ENAN;
    double invN = 1.0 / (double)g->nreal;
    for (int64_t q = 0; q < g->nspec; q++) {
        /* (nu |k|^2) t, with a zero factor giving 0: nu t alone may overflow
         * (nu = t = 1e300) while |k|^2 = 0 (the mean) or underflows */
        double a = nu * p->k2[q];
        double m = invN * exp(-((a == 0.0 || t == 0.0) ? 0.0 : a * t));
        g->c[q][0] *= m;
        g->c[q][1] *= m;
    }
    backward_to(g, u);
    return KES_OK;
}

void kes_fourier_poisson_destroy(kes_fourier_poisson *p)
{
    if (!p) return;
    kes__fgrid_free(&p->g);
    free(p->k2);
    free(p->sym);
    free(p);
}

/* --------------------------------------------------------- derivative */

struct kes_fourier_diff {
    kes__fgrid g;
    double *mre, *mim; /* (i k)^m / n per mode */
};

kes_status kes_fourier_diff_create(int64_t n, double length, int order, kes_fourier_diff **d)
{
    if (!d) return KES_EINVAL;
    kes_status st = kes__fgrid_check(1, &n, &length);
    if (st) return st;
    if (order < 1 || order > 8) return KES_EDOM;
    kes_fourier_diff *D = calloc(1, sizeof *D);
    if (!D) return KES_ENOMEM;
    st = kes__fgrid_init(&D->g, 1, &n, &length, KES_FFT_ESTIMATE);
    if (st) {
        free(D);
        return st;
    }
    D->mre = kes__malloc_n((size_t)D->g.nspec, sizeof(double));
    D->mim = kes__malloc_n((size_t)D->g.nspec, sizeof(double));
    if (!D->mre || !D->mim) {
        kes_fourier_diff_destroy(D);
        return KES_ENOMEM;
    }
    double invN = 1.0 / (double)n;
    for (int64_t j = 0; j < D->g.nspec; j++) {
        double k = TWO_PI / length * (double)j;
        if ((order & 1) && n % 2 == 0 && 2 * j == n) k = 0.0; /* Nyquist of an odd derivative */
        double km = invN;
        for (int i = 0; i < order; i++) km *= k;
        if (!isfinite(km)) { /* (2 pi j / length)^order overflows: 0 * Inf would make NaN of any field */
            kes_fourier_diff_destroy(D);
            return KES_ERANGE;
        }
        /* i^m: 1, i, -1, -i */
        switch (order & 3) {
        case 0: D->mre[j] = km; D->mim[j] = 0.0; break;
        case 1: D->mre[j] = 0.0; D->mim[j] = km; break;
        case 2: D->mre[j] = -km; D->mim[j] = 0.0; break;
        default: D->mre[j] = 0.0; D->mim[j] = -km; break;
        }
    }
    *d = D;
    return KES_OK;
}

kes_status kes_fourier_diff_apply(kes_fourier_diff *d, const double *f, double *df)
{
    if (!d || !f || !df) return KES_EINVAL;
    kes__fgrid *g = &d->g;
    if (!forward_from(g, f)) return KES_ENAN;
    for (int64_t q = 0; q < g->nspec; q++) {
        double re = g->c[q][0], im = g->c[q][1];
        g->c[q][0] = re * d->mre[q] - im * d->mim[q];
        g->c[q][1] = re * d->mim[q] + im * d->mre[q];
    }
    backward_to(g, df);
    return KES_OK;
}

void kes_fourier_diff_destroy(kes_fourier_diff *d)
{
    if (!d) return;
    kes__fgrid_free(&d->g);
    free(d->mre);
    free(d->mim);
    free(d);
}

/* ------------------------------------------- Helmholtz, dealias, wisdom */

kes_fft_opts kes_fft_opts_default(void)
{
    kes_fft_opts o;
    o.effort = KES_FFT_ESTIMATE;
    o.nthreads = 1;
    return o;
}

/* -lap u - k2 u = f: symbol 1 / (N (|k|^2 - k2)).  k2 = 0 is plain Poisson
 * (the mean mode is set to 0), k2 < 0 screened.  For k2 > 0 a mode with
 * |k|^2 = k2 makes the operator singular; a near miss is refused too,
 * since the solve would multiply that mode by 1 / (rounding). */
kes_status kes_fourier_poisson_from_wavenumber(int dim, const int64_t *n, const double *length, double k2,
                                               const kes_fft_opts *fft, kes_fourier_poisson **p)
{
    if (!n || !length || !p) return KES_EINVAL;
    kes_fft_opts o = fft ? *fft : kes_fft_opts_default();
    kes_status st = kes__fgrid_check(dim, n, length);
    if (st) return st;
    if (!isfinite(k2)) return KES_EDOM;
    if (o.effort != KES_FFT_ESTIMATE && o.effort != KES_FFT_MEASURE && o.effort != KES_FFT_PATIENT)
        return KES_EINVAL;
    if (o.nthreads < 1 || o.nthreads > 1024) return KES_EINVAL;
    kes_fourier_poisson *P = calloc(1, sizeof *P);
    if (!P) return KES_ENOMEM;
    /* the symbol first, on a grid without transforms, so that a singular
     * k2 costs no FFTW planning */
    P->g.dim = dim;
    P->g.nspec = 1;
    P->g.nreal = 1;
    for (int d = 0; d < 3; d++) {
        P->g.n[d] = d < dim ? n[d] : 1;
        P->g.len[d] = d < dim ? length[d] : 1.0;
    }
    for (int d = 0; d < dim; d++) {
        P->g.nreal *= n[d];
        P->g.nspec *= d == 0 ? n[0] / 2 + 1 : n[d];
    }
    P->k2 = kes__malloc_n((size_t)P->g.nspec, sizeof(double));
    P->sym = kes__malloc_n((size_t)P->g.nspec, sizeof(double));
    if (!P->k2 || !P->sym) {
        free(P->k2);
        free(P->sym);
        free(P);
        return KES_ENOMEM;
    }
    fill_k2(&P->g, P->k2);
    double invN = 1.0 / (double)P->g.nreal;
    for (int64_t q = 0; q < P->g.nspec; q++) {
        double den = P->k2[q] - k2;
        if (k2 > 0.0 && fabs(den) <= 1e-10 * k2) {
            free(P->k2);
            free(P->sym);
            free(P);
            return KES_ESINGULAR;
        }
        P->sym[q] = (k2 == 0.0 && P->k2[q] == 0.0) ? 0.0 : invN / den;
    }
    P->screening = k2 < 0.0 ? -k2 : 0.0;
    double *k2s = P->k2, *syms = P->sym;
    st = kes__fgrid_init_threads(&P->g, dim, n, length, o.effort, (int)o.nthreads);
    P->k2 = k2s;
    P->sym = syms;
    if (st) {
        kes_fourier_poisson_destroy(P);
        return st;
    }
    *p = P;
    return KES_OK;
}

kes_status kes_fourier_poisson_dealias(kes_fourier_poisson *p, const double *f, double *u)
{
    if (!p || !f || !u) return KES_EINVAL;
    kes__fgrid *g = &p->g;
    if (!forward_from(g, f)) return KES_ENAN;
    const double invN = 1.0 / (double)g->nreal;
    int64_t m0 = g->n[0] / 2 + 1, q = 0;
    for (int64_t j2 = 0; j2 < g->n[2]; j2++) {
        int keep2 = 3 * llabs(kes__fgrid_wavenum(j2, g->n[2])) < g->n[2] || g->n[2] == 1;
        for (int64_t j1 = 0; j1 < g->n[1]; j1++) {
            int keep1 = 3 * llabs(kes__fgrid_wavenum(j1, g->n[1])) < g->n[1] || g->n[1] == 1;
            for (int64_t j0 = 0; j0 < m0; j0++, q++) {
                int keep = keep2 && keep1 && (3 * j0 < g->n[0] || g->n[0] == 1);
                double m = keep ? invN : 0.0;
                g->c[q][0] *= m;
                g->c[q][1] *= m;
            }
        }
    }
    backward_to(g, u);
    return KES_OK;
}

kes_status kes_fft_wisdom_import(const char *path)
{
    if (!path) return KES_EINVAL;
    kes__fftw_lock();
    int ok = fftw_import_wisdom_from_filename(path);
    kes__fftw_unlock();
    return ok ? KES_OK : KES_EIO;
}

kes_status kes_fft_wisdom_export(const char *path)
{
    if (!path) return KES_EINVAL;
    kes__fftw_lock();
    int ok = fftw_export_wisdom_to_filename(path);
    kes__fftw_unlock();
    return ok ? KES_OK : KES_EIO;
}
