/*
 * ETDRK4 for u_t = L u + N(u) on a periodic 1-D grid, L diagonal in Fourier
 * space, N(u)^ = G (g(u))^.
 *
 * Method: Cox & Matthews, "Exponential time differencing for stiff
 * systems", J. Comput. Phys. 176:430-455 (2002), with the coefficient
 * evaluation of Kassam & Trefethen, "Fourth-order time-stepping for stiff
 * PDEs", SIAM J. Sci. Comput. 26:1214-1233 (2005): the phi-type functions
 * Q, f1, f2, f3 of z = h L are means of their closed forms over M points on
 * a circle of radius 1 around z (Cauchy's integral formula), which avoids
 * the cancellation of the closed forms for small |z|.  The contour is the
 * full circle and the complex mean is kept: the half-circle, real-part
 * shortcut of Kassam & Trefethen is valid only for real L and gives a
 * first-order, badly wrong integrator for dispersive (imaginary) L such as
 * KdV's i k^3.
 *
 * State: v = fft(u) / n on the m modes of the transform (n/2 + 1 for a
 * real field, r2c/c2r; n for a complex field, c2c), so the unnormalised
 * inverse gives u directly; G / n is folded into Q, f1, f2, f3.  The real
 * and the complex plan share the coefficients and the stepping loop; only
 * the transforms between v and the physical field differ.
 */
#include <complex.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fftw_lock.h"
#include "core/internal.h"
#include "pde/pde_internal.h"

#define CONTOUR_M 64
#define PI_D 3.14159265358979323846264338327950288

typedef double complex cplx;

struct kes_etdrk4 {
    int cfield;                 /* 0: real field (r2c/c2r), 1: complex field (c2c) */
    kes__fgrid g;               /* real field: the planned transform pair */
    fftw_plan cfwd, cbwd;       /* complex field: phys -> spec, spec -> phys */
    cplx *phys;                 /* complex field: the physical field (n points) */
    int64_t n, m;               /* grid points; modes (n/2 + 1 real, n complex) */
    cplx *E, *E2, *Q, *f1, *f2, *f3; /* Q, f1..f3 carry h, G and 1/n */
    cplx *v, *a, *b, *c, *Nv, *Na, *Nb, *Nc; /* fftw_alloc'd state and stages */
    double *w;                  /* g(u) in physical space: n reals or n complex (fftw_alloc'd) */
};

/* The complex-field plan is the same object behind its own type, so that a
 * real plan cannot be handed to the complex functions or back. */
struct kes_etdrk4c {
    struct kes_etdrk4 e;
};

static void release(kes_etdrk4 *s)
{
    kes__fgrid_free(&s->g);
    if (s->cfwd || s->cbwd) {
        kes__fftw_lock();
        if (s->cfwd) fftw_destroy_plan(s->cfwd);
        if (s->cbwd) fftw_destroy_plan(s->cbwd);
        kes__fftw_unlock();
    }
    cplx *arr[] = {s->E, s->E2, s->Q, s->f1, s->f2, s->f3, s->v, s->a, s->b, s->c, s->Nv, s->Na, s->Nb, s->Nc,
                   s->phys};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) fftw_free(arr[i]);
    fftw_free(s->w);
}

void kes_etdrk4_destroy(kes_etdrk4 *s)
{
    if (!s) return;
    release(s);
    free(s);
}

void kes_etdrk4c_destroy(kes_etdrk4c *s)
{
    if (!s) return;
    release(&s->e);
    free(s);
}

static int cfinite(cplx z) { return isfinite(creal(z)) && isfinite(cimag(z)); }

/* The ETDRK4 coefficients of one mode with z = h L (Kassam & Trefethen
 * 2005, section 2; the full contour, see the file comment), scaled by
 * scale = h G / n.  out = {E, E2, Q, f1, f2, f3}.  Returns 0 when one is
 * not finite. */
static int mode_coeffs(cplx z, cplx scale, const cplx r[CONTOUR_M], cplx out[6])
{
    cplx q = 0, a1 = 0, a2 = 0, a3 = 0;
    if (cabs(z) > 1e6) {
        /* Far from the cancellation at z = 0 the closed forms are exact
         * to rounding; written in powers of 1/z they neither overflow
         * (z^3 does for |z| > 5e102: a stiff h L = -1e300 is valid) nor
         * make 0 * Inf where e^z underflows. */
        cplx iz = 1.0 / z, iz2 = iz * iz, iz3 = iz2 * iz, ez = cexp(z);
        q = CONTOUR_M * ((cexp(z / 2.0) * iz) - iz);
        a1 = CONTOUR_M * ((-4.0 * iz3 - iz2) + ez * (4.0 * iz3 - 3.0 * iz2 + iz));
        a2 = CONTOUR_M * ((2.0 * iz3 + iz2) + ez * (iz2 - 2.0 * iz3));
        a3 = CONTOUR_M * ((-4.0 * iz3 - 3.0 * iz2 - iz) + ez * (4.0 * iz3 - iz2));
    }
    for (int k = 0; k < CONTOUR_M && !(cabs(z) > 1e6); k++) {
        cplx wz = z + r[k], ew = cexp(wz), w3 = wz * wz * wz;
        q += (cexp(wz / 2.0) - 1.0) / wz;
        a1 += (-4.0 - wz + ew * (4.0 - 3.0 * wz + wz * wz)) / w3;
        a2 += (2.0 + wz + ew * (wz - 2.0)) / w3;
        a3 += (-4.0 - 3.0 * wz - wz * wz + ew * (4.0 - wz)) / w3;
    }
    scale /= CONTOUR_M;
    out[0] = cexp(z);
    out[1] = cexp(z / 2.0);
    out[2] = q * scale;
    out[3] = a1 * scale;
    out[4] = a2 * scale;
    out[5] = a3 * scale;
    int fin = 1;
    for (int i = 0; i < 6; i++) fin &= cfinite(out[i]);
    return fin;
}

/* Check the arguments shared by both create functions; m values of L and G
 * (interleaved).  Returns the documented status. */
static kes_status check_args(int64_t n, int64_t m, const double *L, const double *G, double h, const void *s)
{
    if (!L || !s) return KES_EINVAL;
    if (n < 2) return KES_EDIM;
    kes_status st = kes__fgrid_check(1, &n, NULL);
    if (st) return st;
    if (!(isfinite(h) && h > 0.0)) return KES_EDOM;
    for (int64_t j = 0; j < 2 * m; j++)
        if (!isfinite(L[j]) || (G && !isfinite(G[j]))) return KES_ENAN;
    return KES_OK;
}

/* Allocate the buffers and plan the transforms of S (S->cfield set, rest
 * zero), then fill the coefficients.  On error the caller releases S. */
static kes_status setup(kes_etdrk4 *S, int64_t n, const double *L, const double *G, double h)
{
    int64_t m = S->cfield ? n : n / 2 + 1;
    S->n = n;
    S->m = m;
    if (!S->cfield) {
        kes_status st = kes__fgrid_init(&S->g, 1, &n, NULL, KES_FFT_ESTIMATE);
        if (st) return st;
    }
    cplx **arr[] = {&S->E, &S->E2, &S->Q, &S->f1, &S->f2, &S->f3, &S->v, &S->a, &S->b, &S->c,
                    &S->Nv, &S->Na, &S->Nb, &S->Nc};
    int ok = 1;
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
        *arr[i] = (cplx *)fftw_alloc_complex((size_t)m);
        ok &= *arr[i] != NULL;
    }
    if (S->cfield) {
        S->phys = (cplx *)fftw_alloc_complex((size_t)n);
        S->w = (double *)fftw_alloc_complex((size_t)n);
        ok &= S->phys != NULL;
    } else {
        S->w = fftw_alloc_real((size_t)n);
    }
    if (!ok || !S->w) return KES_ENOMEM;
    if (S->cfield) {
        /* out of place: c2c keeps its input, so the stages need no copy */
        kes__fftw_lock();
        S->cfwd = fftw_plan_dft_1d((int)n, (fftw_complex *)S->phys, (fftw_complex *)S->v, FFTW_FORWARD,
                                   FFTW_ESTIMATE);
        S->cbwd = fftw_plan_dft_1d((int)n, (fftw_complex *)S->v, (fftw_complex *)S->phys, FFTW_BACKWARD,
                                   FFTW_ESTIMATE);
        kes__fftw_unlock();
        if (!S->cfwd || !S->cbwd) return KES_ENOMEM;
    }

    cplx r[CONTOUR_M];
    for (int k = 0; k < CONTOUR_M; k++) r[k] = cexp(I * (2.0 * PI_D * ((double)k + 0.5) / CONTOUR_M));
    double invn = 1.0 / (double)n;
    for (int64_t j = 0; j < m; j++) {
        cplx Lj = L[2 * j] + I * L[2 * j + 1];
        cplx Gj = G ? G[2 * j] + I * G[2 * j + 1] : 1.0;
        cplx out[6];
        if (!mode_coeffs(h * Lj, h * Gj * invn, r, out)) return KES_ENAN;
        S->E[j] = out[0];
        S->E2[j] = out[1];
        S->Q[j] = out[2];
        S->f1[j] = out[3];
        S->f2[j] = out[4];
        S->f3[j] = out[5];
    }
    return KES_OK;
}

kes_status kes_etdrk4_create(int64_t n, const double *L, const double *G, double h, kes_etdrk4 **s)
{
    kes_status st = check_args(n, n / 2 + 1, L, G, h, s);
    if (st) return st;
    kes_etdrk4 *S = calloc(1, sizeof *S);
    if (!S) return KES_ENOMEM;
    if ((st = setup(S, n, L, G, h))) {
        kes_etdrk4_destroy(S);
        return st;
    }
    *s = S;
    return KES_OK;
}

kes_status kes_etdrk4c_create(int64_t n, const double *L, const double *G, double h, kes_etdrk4c **s)
{
    kes_status st = check_args(n, n, L, G, h, s);
    if (st) return st;
    kes_etdrk4c *S = calloc(1, sizeof *S);
    if (!S) return KES_ENOMEM;
    S->e.cfield = 1;
    if ((st = setup(&S->e, n, L, G, h))) {
        kes_etdrk4c_destroy(S);
        return st;
    }
    *s = S;
    return KES_OK;
}

/* Nx = fft(g(ifft(x))) (unnormalised; G / n lives in the coefficients).
 * New-array execute: x, w and Nx are fftw_alloc'd like the planned arrays. */
static kes_status nonlin(kes_etdrk4 *s, kes_etdrk4_fn g, void *ctx, const cplx *x, cplx *Nx)
{
    kes_status st;
    if (s->cfield) {
        fftw_execute_dft(s->cbwd, (fftw_complex *)x, (fftw_complex *)s->phys);
        if ((st = g(ctx, s->n, (const double *)s->phys, s->w))) return st;
        fftw_execute_dft(s->cfwd, (fftw_complex *)s->w, (fftw_complex *)Nx);
        return KES_OK;
    }
    memcpy(s->g.c, x, sizeof(cplx) * (size_t)s->m); /* c2r destroys its input */
    fftw_execute(s->g.bwd);
    if ((st = g(ctx, s->n, s->g.r, s->w))) return st;
    fftw_execute_dft_r2c(s->g.fwd, s->w, (fftw_complex *)Nx);
    return KES_OK;
}

/* u (n reals, or n interleaved complex values) -> v = fft(u) / n, after
 * checking that u is finite; KES_ENAN and nothing done otherwise. */
static kes_status to_spectral(kes_etdrk4 *s, const double *u)
{
    int64_t nr = s->cfield ? 2 * s->n : s->n;
    double *dst = s->cfield ? (double *)s->phys : s->g.r;
    int ok = 1;
    for (int64_t i = 0; i < nr; i++) {
        ok &= isfinite(u[i]) != 0;
        dst[i] = u[i];
    }
    if (!ok) return KES_ENAN;
    const cplx *c0;
    if (s->cfield) {
        fftw_execute(s->cfwd); /* phys -> v */
        c0 = s->v;
    } else {
        fftw_execute(s->g.fwd);
        c0 = (const cplx *)s->g.c;
    }
    double invn = 1.0 / (double)s->n;
    for (int64_t j = 0; j < s->m; j++) s->v[j] = c0[j] * invn;
    return KES_OK;
}

static void to_physical(kes_etdrk4 *s, double *u)
{
    if (s->cfield) {
        fftw_execute(s->cbwd); /* v -> phys */
        memcpy(u, s->phys, sizeof(cplx) * (size_t)s->n);
        return;
    }
    memcpy(s->g.c, s->v, sizeof(cplx) * (size_t)s->m);
    fftw_execute(s->g.bwd);
    memcpy(u, s->g.r, sizeof(double) * (size_t)s->n);
}

/* The step driver of both plans (Cox & Matthews 2002, eq. 26-29). */
static kes_status run(kes_etdrk4 *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    if (done) *done = 0;
    if (!g || !u) return KES_EINVAL;
    if (nsteps < 0) return KES_EDIM;
    kes_status st = to_spectral(s, u);
    if (st) return st;

    const int64_t m = s->m;
    int64_t k;
    for (k = 0; k < nsteps; k++) {
        if ((st = nonlin(s, g, ctx, s->v, s->Nv))) break;
        for (int64_t j = 0; j < m; j++) s->a[j] = s->E2[j] * s->v[j] + s->Q[j] * s->Nv[j];
        if ((st = nonlin(s, g, ctx, s->a, s->Na))) break;
        for (int64_t j = 0; j < m; j++) s->b[j] = s->E2[j] * s->v[j] + s->Q[j] * s->Na[j];
        if ((st = nonlin(s, g, ctx, s->b, s->Nb))) break;
        for (int64_t j = 0; j < m; j++) s->c[j] = s->E2[j] * s->a[j] + s->Q[j] * (2.0 * s->Nb[j] - s->Nv[j]);
        if ((st = nonlin(s, g, ctx, s->c, s->Nc))) break;
        int fin = 1;
        for (int64_t j = 0; j < m; j++) {
            cplx vn = s->E[j] * s->v[j] + s->Nv[j] * s->f1[j] + 2.0 * (s->Na[j] + s->Nb[j]) * s->f2[j] +
                      s->Nc[j] * s->f3[j];
            fin &= cfinite(vn);
            s->a[j] = vn;
        }
        if (!fin) {
            st = KES_EDIVERGE;
            break;
        }
        memcpy(s->v, s->a, sizeof(cplx) * (size_t)m);
    }
    if (k > 0) to_physical(s, u); /* no step completed: u is left as it came, bit for bit */
    if (done) *done = k;
    return st;
}

kes_status kes_etdrk4_step(kes_etdrk4 *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    if (!s) {
        if (done) *done = 0;
        return KES_EINVAL;
    }
    return run(s, g, ctx, u, nsteps, done);
}

kes_status kes_etdrk4c_step(kes_etdrk4c *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    if (!s) {
        if (done) *done = 0;
        return KES_EINVAL;
    }
    return run(&s->e, g, ctx, u, nsteps, done);
}
