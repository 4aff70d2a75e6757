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
 * State: v = fft(u) / n on the n/2 + 1 modes of the real transform, so the
 * unnormalised c2r gives u directly; G / n is folded into Q, f1, f2, f3.
 */
#include <complex.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "pde/pde_internal.h"

#define CONTOUR_M 64
#define PI_D 3.14159265358979323846264338327950288

typedef double complex cplx;

struct kes_etdrk4 {
    kes__fgrid g;
    int64_t n, m;               /* grid points, modes n/2 + 1 */
    cplx *E, *E2, *Q, *f1, *f2, *f3; /* Q, f1..f3 carry h, G and 1/n */
    cplx *v, *a, *b, *c, *Nv, *Na, *Nb, *Nc; /* fftw_alloc'd state and stages */
    double *w;                  /* g(u) in physical space (fftw_alloc'd) */
};

void kes_etdrk4_destroy(kes_etdrk4 *s)
{
    if (!s) return;
    kes__fgrid_free(&s->g);
    cplx *arr[] = {s->E, s->E2, s->Q, s->f1, s->f2, s->f3, s->v, s->a, s->b, s->c, s->Nv, s->Na, s->Nb, s->Nc};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) fftw_free(arr[i]);
    fftw_free(s->w);
    free(s);
}

static int cfinite(cplx z) { return isfinite(creal(z)) && isfinite(cimag(z)); }

kes_status kes_etdrk4_create(int64_t n, const double *L, const double *G, double h, kes_etdrk4 **s)
{
    if (!L || !s) return KES_EINVAL;
    if (n < 2) return KES_EDIM;
    kes_status st = kes__fgrid_check(1, &n, NULL);
    if (st) return st;
    if (!(isfinite(h) && h > 0.0)) return KES_EDOM;
    int64_t m = n / 2 + 1;
    for (int64_t j = 0; j < 2 * m; j++)
        if (!isfinite(L[j]) || (G && !isfinite(G[j]))) return KES_ENAN;

    kes_etdrk4 *S = calloc(1, sizeof *S);
    if (!S) return KES_ENOMEM;
    st = kes__fgrid_init(&S->g, 1, &n, NULL, KES_FFT_ESTIMATE);
    if (st) {
        free(S);
        return st;
    }
    S->n = n;
    S->m = m;
    cplx **arr[] = {&S->E, &S->E2, &S->Q, &S->f1, &S->f2, &S->f3, &S->v, &S->a, &S->b, &S->c,
                    &S->Nv, &S->Na, &S->Nb, &S->Nc};
    int ok = 1;
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
        *arr[i] = (cplx *)fftw_alloc_complex((size_t)m);
        ok &= *arr[i] != NULL;
    }
    S->w = fftw_alloc_real((size_t)n);
    if (!ok || !S->w) {
        kes_etdrk4_destroy(S);
        return KES_ENOMEM;
    }

    cplx r[CONTOUR_M];
    for (int k = 0; k < CONTOUR_M; k++) r[k] = cexp(I * (2.0 * PI_D * ((double)k + 0.5) / CONTOUR_M));
    double invn = 1.0 / (double)n;
    for (int64_t j = 0; j < m; j++) {
        cplx Lj = L[2 * j] + I * L[2 * j + 1];
        cplx Gj = G ? G[2 * j] + I * G[2 * j + 1] : 1.0;
        cplx z = h * Lj;
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
        cplx scale = h * Gj * invn / CONTOUR_M;
        S->E[j] = cexp(z);
        S->E2[j] = cexp(z / 2.0);
        S->Q[j] = q * scale;
        S->f1[j] = a1 * scale;
        S->f2[j] = a2 * scale;
        S->f3[j] = a3 * scale;
        if (!cfinite(S->E[j]) || !cfinite(S->Q[j]) || !cfinite(S->f1[j]) || !cfinite(S->f2[j]) ||
            !cfinite(S->f3[j])) {
            kes_etdrk4_destroy(S);
            return KES_ENAN;
        }
    }
    *s = S;
    return KES_OK;
}

/* Nx = fft(g(ifft(x))) (unnormalised; G / n lives in the coefficients). */
static kes_status nonlin(kes_etdrk4 *s, kes_etdrk4_fn g, void *ctx, const cplx *x, cplx *Nx)
{
    memcpy(s->g.c, x, sizeof(cplx) * (size_t)s->m); /* c2r destroys its input */
    fftw_execute(s->g.bwd);
    kes_status st = g(ctx, s->n, s->g.r, s->w);
    if (st) return st;
    /* new-array execute: w and Nx are fftw_alloc'd like the planned arrays */
    fftw_execute_dft_r2c(s->g.fwd, s->w, (fftw_complex *)Nx);
    return KES_OK;
}

static void to_physical(kes_etdrk4 *s, double *u)
{
    memcpy(s->g.c, s->v, sizeof(cplx) * (size_t)s->m);
    fftw_execute(s->g.bwd);
    memcpy(u, s->g.r, sizeof(double) * (size_t)s->n);
}

kes_status kes_etdrk4_step(kes_etdrk4 *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    if (done) *done = 0;
    if (!s || !g || !u) return KES_EINVAL;
    if (nsteps < 0) return KES_EDIM;
    int ok = 1;
    for (int64_t i = 0; i < s->n; i++) {
        ok &= isfinite(u[i]) != 0;
        s->g.r[i] = u[i];
    }
    if (!ok) return KES_ENAN;
    fftw_execute(s->g.fwd);
    double invn = 1.0 / (double)s->n;
    const cplx *c0 = (const cplx *)s->g.c;
    for (int64_t j = 0; j < s->m; j++) s->v[j] = c0[j] * invn;

    const int64_t m = s->m;
    kes_status st = KES_OK;
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
