/*
 * The E2 heat-equation problem of the reference (sor.md section 2;
 * Khodak et al., ICLR 2024, scripts/h2d.m and utils/Heat2D.m, final
 * version), shared by examples/heat_demo.c and bench/bench_e2.c.
 *
 *   u_t = kappa(t) Laplace(u) + f(t, x)  on [0, 1]^2, u = 0 on the boundary,
 *   kappa(t) = max(0.1 sin 2 pi t, -10 sin 2 pi t)  (in [0, 10]),
 *   f = 32 bump(x; (0.5 + cos(16 pi t)/4, 0.5 + sin(16 pi t)/4), 0.125),
 *   u_0 = bump(x; (0.5, 0.5), 0.25),
 *   bump(x; c, r) = exp(1 - 1/(1 - min(1, |x - c|^2 / r^2))).
 *
 * nx intervals per side, n = (nx - 1)^2 unknowns in row-major order, the
 * 5-point Laplacian Lh/dx^2, Crank-Nicolson with dt = 1e-3 and
 * t_h = t + dt/2:  A = I - kappa(t_h) dt/2 Lh,  b = (I + kappa(t_h) dt/2 Lh) u
 * + dt f(t_h, x).  The tuner's context is kappa at the start of the step.
 *
 * Header-only (static functions) on the public API, so that a user's program
 * can copy it as a starting point.
 */
#ifndef KES_EXAMPLES_HEAT_PROBLEM_H
#define KES_EXAMPLES_HEAT_PROBLEM_H

#include <math.h>
#include <stdlib.h>

#include "kestrel.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define HEAT_KAPPA_MIN 0.0  /* min and max of kappa over linspace(0, 5, 5000) */
#define HEAT_KAPPA_MAX 10.0

typedef struct heat_problem {
    int nx;          /* intervals per side */
    int m;           /* interior points per side, nx - 1 */
    int64_t n;       /* unknowns, m^2 */
    double dx, dt;
    kes_csr *A;      /* CN matrix of the current step (pattern fixed, values per step) */
    int64_t *diag;   /* position of a_ii in A->val */
} heat_problem;

static double heat_kappa(double t)
{
    double s = sin(2.0 * M_PI * t);
    return fmax(0.1 * s, -10.0 * s);
}

static double heat_bump(double x, double y, double cx, double cy, double r)
{
    double q = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r);
    if (q >= 1.0) return 0.0; /* exp(1 - 1/0) = 0 */
    return exp(1.0 - 1.0 / (1.0 - q));
}

/* Assemble the pattern (values of kappa = 0) for nx intervals; dt = 1e-3 in
 * the reference.  Returns 0 on success. */
static int heat_init(heat_problem *hp, int nx, double dt)
{
    hp->nx = nx;
    hp->m = nx - 1;
    hp->n = (int64_t)hp->m * hp->m;
    hp->dx = 1.0 / nx;
    hp->dt = dt;
    hp->A = NULL;
    hp->diag = NULL;
    if (nx < 3) return -1;
    /* The 5-point pattern from the library's assembly (first-index-fastest
     * is this file's row-major (ix, iy) order); values 1 on the diagonal and
     * explicit zeros off it, which keep the pattern for kappa = 0.  The
     * values are rewritten by every heat_step_system. */
    const int64_t nm[2] = {hp->m, hp->m};
    const double h[2] = {hp->dx, hp->dx};
    hp->diag = malloc(sizeof(int64_t) * hp->n);
    int err = !hp->diag || kes_fd_laplacian(2, nm, h, &hp->A) != KES_OK;
    err = err || kes_csr_diag_positions(hp->A, hp->diag) != KES_OK;
    if (!err)
        for (int64_t i = 0; i < hp->n; i++)
            for (int64_t p = hp->A->rowptr[i]; p < hp->A->rowptr[i + 1]; p++)
                hp->A->val[p] = p == hp->diag[i] ? 1.0 : 0.0;
    if (err) {
        kes_csr_destroy(hp->A);
        free(hp->diag);
        hp->A = NULL;
        hp->diag = NULL;
        return -1;
    }
    return 0;
}

static void heat_free(heat_problem *hp)
{
    kes_csr_destroy(hp->A);
    free(hp->diag);
    hp->A = NULL;
    hp->diag = NULL;
}

/* Initial value u_0 at the interior grid points. */
static void heat_initial(const heat_problem *hp, double *u)
{
    for (int iy = 0; iy < hp->m; iy++)
        for (int ix = 0; ix < hp->m; ix++)
            u[(int64_t)iy * hp->m + ix] = heat_bump((ix + 1) * hp->dx, (iy + 1) * hp->dx, 0.5, 0.5, 0.25);
}

/* Step `step` (0-based, from t = step dt to t + dt): set A's values and
 * b = (I + kappa dt/2 Lh) u + dt f(t_h).  Returns the context kappa(t). */
static double heat_step_system(heat_problem *hp, int step, const double *u, double *b)
{
    const int m = hp->m;
    const double t = step * hp->dt, th = t + 0.5 * hp->dt;
    const double kh = heat_kappa(th), a = 0.5 * kh * hp->dt / (hp->dx * hp->dx);
    kes_csr *A = hp->A;
    for (int64_t i = 0; i < hp->n; i++)
        for (int64_t p = A->rowptr[i]; p < A->rowptr[i + 1]; p++) A->val[p] = p == hp->diag[i] ? 1.0 + 4.0 * a : -a;
    const double cx = 0.5 + cos(16.0 * M_PI * th) / 4.0, cy = 0.5 + sin(16.0 * M_PI * th) / 4.0;
    for (int iy = 0; iy < m; iy++)
        for (int ix = 0; ix < m; ix++) {
            int64_t p = (int64_t)iy * m + ix;
            double lap = -4.0 * u[p];
            if (ix > 0) lap += u[p - 1];
            if (ix < m - 1) lap += u[p + 1];
            if (iy > 0) lap += u[p - m];
            if (iy < m - 1) lap += u[p + m];
            double f = 32.0 * heat_bump((ix + 1) * hp->dx, (iy + 1) * hp->dx, cx, cy, 0.125);
            b[p] = u[p] + a * lap + hp->dt * f;
        }
    return heat_kappa(t);
}

#endif
