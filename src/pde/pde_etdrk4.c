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
    kes__field f;               /* the field and its transforms */
    int64_t n, m;               /* grid points; modes (n/2 + 1 real, n complex) */
    cplx *E, *E2, *Q, *f1, *f2, *f3; /* Q, f1..f3 carry h, G and 1/n */
    cplx *v, *a, *b, *c, *Nv, *Na, *Nb, *Nc; /* fftw_alloc'd state and stages */
};

/* The complex-field plan is the same object behind its own type, so that a
 * real plan cannot be handed to the complex functions or back. */
struct kes_etdrk4c {
    struct kes_etdrk4 e;
};

static void release(kes_etdrk4 *s)
{
    kes__field_free(&s->f);
    cplx *arr[] = {s->E, s->E2, s->Q, s->f1, s->f2, s->f3, s->v, s->a, s->b, s->c, s->Nv, s->Na, s->Nb, s->Nc};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) fftw_free(arr[i]);
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

/* ------------------------------------------- the field (pde_internal.h) */

kes_status kes__field_check(int64_t n, int64_t m, const double *L, const double *G, double h, const void *out)
{
    if (!L || !out) return KES_EINVAL;
    if (n < 2) return KES_EDIM;
    kes_status st = kes__fgrid_check(1, &n, NULL);
    if (st) return st;
    if (!(isfinite(h) && h > 0.0)) return KES_EDOM;
    for (int64_t j = 0; j < 2 * m; j++)
        if (!isfinite(L[j]) || (G && !isfinite(G[j]))) return KES_ENAN;
    return KES_OK;
}

kes_status kes__field_init(kes__field *f, int64_t n, int cfield)
{
    memset(f, 0, sizeof *f);
    f->cfield = cfield;
    f->n = n;
    f->m = cfield ? n : n / 2 + 1;
    if (!cfield) {
        kes_status st = kes__fgrid_init(&f->g, 1, &n, NULL, KES_FFT_ESTIMATE);
        if (st) return st;
        f->w = fftw_alloc_real((size_t)n);
        return f->w ? KES_OK : KES_ENOMEM;
    }
    f->phys = fftw_alloc_complex((size_t)n);
    f->spec = fftw_alloc_complex((size_t)n);
    f->w = (double *)fftw_alloc_complex((size_t)n);
    if (!f->phys || !f->spec || !f->w) return KES_ENOMEM;
    /* out of place: c2c keeps its input, so the stages need no copy */
    kes__fftw_lock();
    f->cfwd = fftw_plan_dft_1d((int)n, f->phys, f->spec, FFTW_FORWARD, FFTW_ESTIMATE);
    f->cbwd = fftw_plan_dft_1d((int)n, f->spec, f->phys, FFTW_BACKWARD, FFTW_ESTIMATE);
    kes__fftw_unlock();
    return f->cfwd && f->cbwd ? KES_OK : KES_ENOMEM;
}

void kes__field_free(kes__field *f)
{
    kes__fgrid_free(&f->g);
    if (f->cfwd || f->cbwd) {
        kes__fftw_lock();
        if (f->cfwd) fftw_destroy_plan(f->cfwd);
        if (f->cbwd) fftw_destroy_plan(f->cbwd);
        kes__fftw_unlock();
    }
    fftw_free(f->phys);
    fftw_free(f->spec);
    fftw_free(f->w);
    memset(f, 0, sizeof *f);
}

kes_status kes__field_forward(kes__field *f, const double *u, fftw_complex *v)
{
    int64_t nr = f->cfield ? 2 * f->n : f->n;
    double *dst = f->cfield ? (double *)f->phys : f->g.r;
    int ok = 1;
    for (int64_t i = 0; i < nr; i++) {
        ok &= isfinite(u[i]) != 0;
        dst[i] = u[i];
    }
    if (!ok) return KES_ENAN;
    const cplx *c0;
    if (f->cfield) {
        fftw_execute(f->cfwd);
        c0 = (const cplx *)f->spec;
    } else {
        fftw_execute(f->g.fwd);
        c0 = (const cplx *)f->g.c;
    }
    double invn = 1.0 / (double)f->n;
    cplx *V = (cplx *)v;
    for (int64_t j = 0; j < f->m; j++) V[j] = c0[j] * invn;
    return KES_OK;
}

void kes__field_inverse(kes__field *f, const fftw_complex *v, double *u)
{
    if (f->cfield) {
        fftw_execute_dft(f->cbwd, (fftw_complex *)v, f->phys); /* out of place: v intact */
        memcpy(u, f->phys, sizeof(cplx) * (size_t)f->n);
        return;
    }
    memcpy(f->g.c, v, sizeof(cplx) * (size_t)f->m); /* c2r destroys its input */
    fftw_execute(f->g.bwd);
    memcpy(u, f->g.r, sizeof(double) * (size_t)f->n);
}

kes_status kes__field_nonlin(kes__field *f, kes_etdrk4_fn g, void *ctx, const fftw_complex *x, fftw_complex *Nx)
{
    kes_status st;
    if (f->cfield) {
        fftw_execute_dft(f->cbwd, (fftw_complex *)x, f->phys);
        if ((st = g(ctx, f->n, (const double *)f->phys, f->w))) return st;
        fftw_execute_dft(f->cfwd, (fftw_complex *)f->w, Nx);
        return KES_OK;
    }
    memcpy(f->g.c, x, sizeof(cplx) * (size_t)f->m); /* c2r destroys its input */
    fftw_execute(f->g.bwd);
    if ((st = g(ctx, f->n, f->g.r, f->w))) return st;
    fftw_execute_dft_r2c(f->g.fwd, f->w, Nx);
    return KES_OK;
}

/* ------------------------------------------------------------ ETDRK4 */

/* Allocate the buffers and plan the transforms of S (zeroed), then fill
 * the coefficients.  On error the caller releases S. */
static kes_status setup(kes_etdrk4 *S, int64_t n, int cfield, const double *L, const double *G, double h)
{
    kes_status st = kes__field_init(&S->f, n, cfield);
    if (st) return st;
    int64_t m = S->f.m;
    S->n = n;
    S->m = m;
    cplx **arr[] = {&S->E, &S->E2, &S->Q, &S->f1, &S->f2, &S->f3, &S->v, &S->a, &S->b, &S->c,
                    &S->Nv, &S->Na, &S->Nb, &S->Nc};
    int ok = 1;
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
        *arr[i] = (cplx *)fftw_alloc_complex((size_t)m);
        ok &= *arr[i] != NULL;
    }
    if (!ok) return KES_ENOMEM;

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
    kes_status st = kes__field_check(n, n / 2 + 1, L, G, h, s);
    if (st) return st;
    kes_etdrk4 *S = calloc(1, sizeof *S);
    if (!S) return KES_ENOMEM;
    if ((st = setup(S, n, 0, L, G, h))) {
        kes_etdrk4_destroy(S);
        return st;
    }
    *s = S;
    return KES_OK;
}

kes_status kes_etdrk4c_create(int64_t n, const double *L, const double *G, double h, kes_etdrk4c **s)
{
    kes_status st = kes__field_check(n, n, L, G, h, s);
    if (st) return st;
    kes_etdrk4c *S = calloc(1, sizeof *S);
    if (!S) return KES_ENOMEM;
    if ((st = setup(&S->e, n, 1, L, G, h))) {
        kes_etdrk4c_destroy(S);
        return st;
    }
    *s = S;
    return KES_OK;
}

#define FC(p) ((fftw_complex *)(p))

kes_status kes__field_run(kes__field *f, fftw_complex *v, kes__field_stepfn step, void *plan, kes_etdrk4_fn g,
                          void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    if (done) *done = 0;
    if (!g || !u) return KES_EINVAL;
    if (nsteps < 0) return KES_EDIM;
    kes_status st = kes__field_forward(f, u, v);
    if (st) return st;
    int64_t k;
    for (k = 0; k < nsteps; k++)
        if ((st = step(plan, g, ctx))) break;
    if (k > 0) kes__field_inverse(f, v, u); /* no step completed: u is left as it came, bit for bit */
    if (done) *done = k;
    return st;
}

/* One step of both plans (Cox & Matthews 2002, eq. 26-29). */
static kes_status step1(void *plan, kes_etdrk4_fn g, void *ctx)
{
    kes_etdrk4 *s = plan;
    const int64_t m = s->m;
    kes_status st;
    if ((st = kes__field_nonlin(&s->f, g, ctx, FC(s->v), FC(s->Nv)))) return st;
    for (int64_t j = 0; j < m; j++) s->a[j] = s->E2[j] * s->v[j] + s->Q[j] * s->Nv[j];
    if ((st = kes__field_nonlin(&s->f, g, ctx, FC(s->a), FC(s->Na)))) return st;
    for (int64_t j = 0; j < m; j++) s->b[j] = s->E2[j] * s->v[j] + s->Q[j] * s->Na[j];
    if ((st = kes__field_nonlin(&s->f, g, ctx, FC(s->b), FC(s->Nb)))) return st;
    for (int64_t j = 0; j < m; j++) s->c[j] = s->E2[j] * s->a[j] + s->Q[j] * (2.0 * s->Nb[j] - s->Nv[j]);
    if ((st = kes__field_nonlin(&s->f, g, ctx, FC(s->c), FC(s->Nc)))) return st;
    int fin = 1;
    for (int64_t j = 0; j < m; j++) {
        cplx vn = s->E[j] * s->v[j] + s->Nv[j] * s->f1[j] + 2.0 * (s->Na[j] + s->Nb[j]) * s->f2[j] +
                  s->Nc[j] * s->f3[j];
        fin &= cfinite(vn);
        s->a[j] = vn;
    }
    if (!fin) return KES_EDIVERGE;
    memcpy(s->v, s->a, sizeof(cplx) * (size_t)m);
    return KES_OK;
}

static kes_status run(kes_etdrk4 *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    return kes__field_run(&s->f, FC(s->v), step1, s, g, ctx, u, nsteps, done);
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
