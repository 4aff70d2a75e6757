/*
 * The IMEX Runge-Kutta scheme ARS(2,3,3) for u_t = L u + N(u) on a
 * periodic 1-D grid, L diagonal in Fourier space (implicit), N(u)^ =
 * G (g(u))^ (explicit).
 *
 * Method: Ascher, Ruuth & Spiteri, "Implicit-explicit Runge-Kutta methods
 * for time-dependent partial differential equations", Appl. Numer. Math.
 * 25:151-167 (1997), section 2.4, the (2,3,3) pair with
 * gamma = (3 + sqrt 3) / 6:
 *
 *   implicit  0     | 0  0        0         explicit  0     | 0        0          0
 *             gamma | 0  gamma    0                   gamma | gamma    0          0
 *           1-gamma | 0  1-2gamma gamma             1-gamma | gamma-1  2(1-gamma) 0
 *                   | 0  1/2      1/2                       | 0        1/2        1/2
 *
 * With v the state, N_i = N(U_i), D = 1 - h gamma L:
 *   U1 = v,  U2 = (v + h gamma N1) / D,
 *   U3 = (v + h ((gamma-1) N1 + 2 (1-gamma) N2) + h (1-2 gamma) L U2) / D,
 *   v' = v + h/2 (N2 + N3) + h/2 L (U2 + U3).
 * The products L U_i are taken from the stage equations,
 * h gamma L U = D-form residual, e.g. h gamma L U2 = U2 - v - h gamma N1,
 * so that a stiff L (|h L| large) never multiplies a stage directly.
 *
 * State as in pde_etdrk4.c (the shared kes__field): v = fft(u) / n on the
 * n/2 + 1 modes of a real field or the n modes of a complex field; G / n
 * is folded into the explicit coefficient.
 */
#include <complex.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "pde/pde_internal.h"

typedef double complex cplx;

struct kes_imexrk {
    kes__field f;
    int64_t n, m;
    double h, gam;
    cplx *iD;                        /* 1 / (1 - h gamma L) */
    cplx *hG;                        /* h G / n */
    cplx *v, *U2, *U3, *N1, *N2, *N3; /* fftw_alloc'd */
};

/* The complex-field plan: the same object behind its own type. */
struct kes_imexrkc {
    struct kes_imexrk e;
};

static void release(kes_imexrk *s)
{
    kes__field_free(&s->f);
    cplx *arr[] = {s->iD, s->hG, s->v, s->U2, s->U3, s->N1, s->N2, s->N3};
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) fftw_free(arr[i]);
}

void kes_imexrk_destroy(kes_imexrk *s)
{
    if (!s) return;
    release(s);
    free(s);
}

void kes_imexrkc_destroy(kes_imexrkc *s)
{
    if (!s) return;
    release(&s->e);
    free(s);
}

static int cfinite(cplx z) { return isfinite(creal(z)) && isfinite(cimag(z)); }

/* Check the arguments (m modes of L, G), including the solvability of the
 * implicit stages. */
static kes_status check(int64_t n, int64_t m, const double *L, const double *G, double h, const void *s)
{
    kes_status st = kes__field_check(n, m, L, G, h, s);
    if (st) return st;
    const double gam = (3.0 + sqrt(3.0)) / 6.0;
    for (int64_t j = 0; j < m; j++) {
        cplx D = 1.0 - h * gam * (L[2 * j] + I * L[2 * j + 1]);
        if (!cfinite(D)) return KES_ENAN;
        if (cabs(D) <= 1e-14 * (1.0 + cabs(h * gam * (L[2 * j] + I * L[2 * j + 1])))) return KES_ESINGULAR;
    }
    return KES_OK;
}

/* Allocate, plan and fill S (zeroed); on error the caller releases S. */
static kes_status setup(kes_imexrk *S, int64_t n, int cfield, const double *L, const double *G, double h)
{
    kes_status st = kes__field_init(&S->f, n, cfield);
    if (st) return st;
    const int64_t m = S->f.m;
    const double gam = (3.0 + sqrt(3.0)) / 6.0;
    S->n = n;
    S->m = m;
    S->h = h;
    S->gam = gam;
    cplx **arr[] = {&S->iD, &S->hG, &S->v, &S->U2, &S->U3, &S->N1, &S->N2, &S->N3};
    int ok = 1;
    for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) {
        *arr[i] = (cplx *)fftw_alloc_complex((size_t)m);
        ok &= *arr[i] != NULL;
    }
    if (!ok) return KES_ENOMEM;
    double invn = 1.0 / (double)n;
    for (int64_t j = 0; j < m; j++) {
        cplx Lj = L[2 * j] + I * L[2 * j + 1];
        cplx Gj = G ? G[2 * j] + I * G[2 * j + 1] : 1.0;
        S->iD[j] = 1.0 / (1.0 - h * gam * Lj);
        S->hG[j] = h * Gj * invn;
        if (!cfinite(S->iD[j]) || !cfinite(S->hG[j])) return KES_ENAN;
    }
    return KES_OK;
}

kes_status kes_imexrk_create(int64_t n, const double *L, const double *G, double h, kes_imexrk **s)
{
    kes_status st = check(n, n / 2 + 1, L, G, h, s);
    if (st) return st;
    kes_imexrk *S = calloc(1, sizeof *S);
    if (!S) return KES_ENOMEM;
    if ((st = setup(S, n, 0, L, G, h))) {
        kes_imexrk_destroy(S);
        return st;
    }
    *s = S;
    return KES_OK;
}

kes_status kes_imexrkc_create(int64_t n, const double *L, const double *G, double h, kes_imexrkc **s)
{
    kes_status st = check(n, n, L, G, h, s);
    if (st) return st;
    kes_imexrkc *S = calloc(1, sizeof *S);
    if (!S) return KES_ENOMEM;
    if ((st = setup(&S->e, n, 1, L, G, h))) {
        kes_imexrkc_destroy(S);
        return st;
    }
    *s = S;
    return KES_OK;
}

/* Nx = h G fft(g(ifft(x))) / n. */
static kes_status nonlin(kes_imexrk *s, kes_etdrk4_fn g, void *ctx, const cplx *x, cplx *Nx)
{
    kes_status st = kes__field_nonlin(&s->f, g, ctx, (const fftw_complex *)x, (fftw_complex *)Nx);
    if (st) return st;
    for (int64_t j = 0; j < s->m; j++) Nx[j] *= s->hG[j];
    return KES_OK;
}

/* One step of both plans (the ARS(2,3,3) stages of the header comment). */
static kes_status step1(void *plan, kes_etdrk4_fn g, void *ctx)
{
    kes_imexrk *s = plan;
    const int64_t m = s->m;
    const double gam = s->gam, ig = 1.0 / gam;
    kes_status st;
    /* N_i below already carry the factor h */
    if ((st = nonlin(s, g, ctx, s->v, s->N1))) return st;
    for (int64_t j = 0; j < m; j++) s->U2[j] = (s->v[j] + gam * s->N1[j]) * s->iD[j];
    if ((st = nonlin(s, g, ctx, s->U2, s->N2))) return st;
    for (int64_t j = 0; j < m; j++) {
        cplx hLU2 = (s->U2[j] - s->v[j] - gam * s->N1[j]) * ig; /* h L U2 */
        s->U3[j] = (s->v[j] + (gam - 1.0) * s->N1[j] + 2.0 * (1.0 - gam) * s->N2[j] + (1.0 - 2.0 * gam) * hLU2) *
                   s->iD[j];
    }
    if ((st = nonlin(s, g, ctx, s->U3, s->N3))) return st;
    int fin = 1;
    for (int64_t j = 0; j < m; j++) {
        cplx hLU2 = (s->U2[j] - s->v[j] - gam * s->N1[j]) * ig;
        cplx hLU3 = (s->U3[j] - s->v[j] - (gam - 1.0) * s->N1[j] - 2.0 * (1.0 - gam) * s->N2[j] -
                     (1.0 - 2.0 * gam) * hLU2) *
                    ig;
        cplx vn = s->v[j] + 0.5 * (s->N2[j] + s->N3[j]) + 0.5 * (hLU2 + hLU3);
        fin &= cfinite(vn);
        s->U3[j] = vn; /* U3 is free now: stage the new state */
    }
    if (!fin) return KES_EDIVERGE;
    memcpy(s->v, s->U3, sizeof(cplx) * (size_t)m);
    return KES_OK;
}

static kes_status run(kes_imexrk *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    return kes__field_run(&s->f, (fftw_complex *)s->v, step1, s, g, ctx, u, nsteps, done);
}

kes_status kes_imexrk_step(kes_imexrk *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    if (!s) {
        if (done) *done = 0;
        return KES_EINVAL;
    }
    return run(s, g, ctx, u, nsteps, done);
}

kes_status kes_imexrkc_step(kes_imexrkc *s, kes_etdrk4_fn g, void *ctx, double *u, int64_t nsteps, int64_t *done)
{
    if (!s) {
        if (done) *done = 0;
        return KES_EINVAL;
    }
    return run(&s->e, g, ctx, u, nsteps, done);
}
