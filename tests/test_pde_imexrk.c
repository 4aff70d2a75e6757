/* The ARS(2,3,3) IMEX Runge-Kutta integrator (src/pde/pde_imexrk.c):
 * third-order convergence on a linear problem with a closed-form solution
 * (complex, dispersive L) and on Allen-Cahn against an ETDRK4 reference,
 * divergence handling, the singular implicit stage, and error paths; for
 * complex fields (kes_imexrkc) the exact stability function on a linear
 * problem, the NLS soliton at third order, divergence and error paths. */
#include <criterion/criterion.h>
#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "pde_alloc_counter.h"

#define TWO_PI 6.283185307179586476925286766559

/* ----------------------------------------- linear forcing, closed form */

typedef struct {
    double t_scale; /* unused: g depends on u only */
} lin_ctx;

/* N(u) = -0.5 u (a linear term treated explicitly): the exact solution of
 * u_t = L u - 0.5 u is e^{(L - 0.5) t} u0 per mode, so the scheme's order
 * is measured against a closed form, with a dispersive L = -0.1 k^2 + i k^3
 * implicit. */
static kes_status g_lin(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) g[i] = -0.5 * u[i];
    return KES_OK;
}

static double linear_error(double h)
{
    enum { n = 16 };
    int64_t m = n / 2 + 1;
    double L[2 * (n / 2 + 1)], u[n];
    for (int64_t j = 0; j < m; j++) {
        double k = (double)j;
        L[2 * j] = -0.1 * k * k;
        L[2 * j + 1] = (j == m - 1) ? 0.0 : 0.2 * k * k * k;
    }
    for (int i = 0; i < n; i++) {
        double x = TWO_PI * i / n;
        u[i] = sin(2 * x) + 0.25 * cos(5 * x) + 0.5;
    }
    kes_imexrk *s;
    cr_assert_eq(kes_imexrk_create(n, L, NULL, h, &s), KES_OK);
    int64_t steps = (int64_t)llround(1.0 / h), done = -1;
    cr_assert_eq(kes_imexrk_step(s, g_lin, NULL, u, steps, &done), KES_OK);
    cr_assert_eq(done, steps);
    kes_imexrk_destroy(s);
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        double x = TWO_PI * i / n;
        /* modes 0, 2, 5 evolve independently */
        double complex z2 = cexp((-0.1 * 4 + I * 0.2 * 8 - 0.5) * 1.0);
        double complex z5 = cexp((-0.1 * 25 + I * 0.2 * 125 - 0.5) * 1.0);
        /* sin 2x = Im e^{2ix}, cos 5x = Re e^{5ix} */
        double ex = 0.5 * exp(-0.5) + cimag(z2 * cexp(I * 2 * x)) + 0.25 * creal(z5 * cexp(I * 5 * x));
        e = fmax(e, fabs(u[i] - ex));
    }
    return e;
}

Test(pde_imexrk, third_order_linear_closed_form)
{
    double e1 = linear_error(0.01), e2 = linear_error(0.005), e3 = linear_error(0.0025);
    double o1 = log2(e1 / e2), o2 = log2(e2 / e3);
    cr_log_info("IMEX linear: errors %.3g %.3g %.3g, orders %.3f %.3f", e1, e2, e3, o1, o2);
    cr_assert(o1 > 2.8 && o1 < 3.3, "order %.3f (errors %.3g, %.3g)", o1, e1, e2);
    cr_assert(o2 > 2.8 && o2 < 3.3, "order %.3f (errors %.3g, %.3g)", o2, e2, e3);
}

/* ---------------------------------------------------------- Allen-Cahn */

static kes_status g_ac(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) g[i] = u[i] - u[i] * u[i] * u[i];
    return KES_OK;
}

enum { AC_N = 128 };

static void ac_setup(double *L, double *u)
{
    for (int64_t j = 0; j < AC_N / 2 + 1; j++) {
        L[2 * j] = -0.1 * (double)(j * j);
        L[2 * j + 1] = 0.0;
    }
    for (int i = 0; i < AC_N; i++) {
        double x = TWO_PI * i / AC_N;
        u[i] = 0.5 * sin(x) + 0.2 * cos(2 * x) - 0.1 * sin(5 * x);
    }
}

static void ac_imex(double h, double *u)
{
    double L[AC_N + 2];
    ac_setup(L, u);
    kes_imexrk *s;
    cr_assert_eq(kes_imexrk_create(AC_N, L, NULL, h, &s), KES_OK);
    int64_t steps = (int64_t)llround(5.0 / h), done;
#ifdef KES_COUNT_ALLOC
    atomic_store(&n_alloc, 0);
    atomic_store(&counting, 1);
#endif
    kes_status st = kes_imexrk_step(s, g_ac, NULL, u, steps, &done);
#ifdef KES_COUNT_ALLOC
    atomic_store(&counting, 0);
    cr_assert_eq(atomic_load(&n_alloc), 0, "%ld allocations inside kes_imexrk_step", atomic_load(&n_alloc));
#endif
    cr_assert_eq(st, KES_OK);
    cr_assert_eq(done, steps);
    kes_imexrk_destroy(s);
}

/* The reference is ETDRK4 at h = 2.5e-4 (error ~1e-15 by its S6 table) and
 * must agree with the published value u(pi/2, 5) = 0.998538665303. */
Test(pde_imexrk, allen_cahn_order_three)
{
    double L[AC_N + 2], uref[AC_N], u1[AC_N], u2[AC_N], u3[AC_N];
    ac_setup(L, uref);
    kes_etdrk4 *e;
    cr_assert_eq(kes_etdrk4_create(AC_N, L, NULL, 2.5e-4, &e), KES_OK);
    cr_assert_eq(kes_etdrk4_step(e, g_ac, NULL, uref, 20000, NULL), KES_OK);
    kes_etdrk4_destroy(e);
    cr_assert_leq(fabs(uref[32] - 0.998538665303), 1e-11);
    ac_imex(0.05, u1);
    ac_imex(0.025, u2);
    ac_imex(0.0125, u3);
    double e1 = 0, e2 = 0, e3 = 0;
    for (int i = 0; i < AC_N; i++) {
        e1 = fmax(e1, fabs(u1[i] - uref[i]));
        e2 = fmax(e2, fabs(u2[i] - uref[i]));
        e3 = fmax(e3, fabs(u3[i] - uref[i]));
    }
    double o1 = log2(e1 / e2), o2 = log2(e2 / e3);
    cr_log_info("IMEX Allen-Cahn: errors %.3g %.3g %.3g, orders %.3f %.3f", e1, e2, e3, o1, o2);
    cr_assert(o2 > 2.7 && o2 < 3.4, "order %.3f (errors %.3g %.3g %.3g)", o2, e1, e2, e3);
    cr_assert_leq(e3, 1e-6, "error at h = 0.0125: %.3g", e3);
}

/* --------------------------------------------------------- divergence */

static kes_status g_cube(void *ctx, int64_t n, const double *u, double *g)
{
    for (int64_t i = 0; i < n; i++) g[i] = u[i] * u[i] * u[i];
    return KES_OK;
}

Test(pde_imexrk, divergence_stops_at_last_finite_step)
{
    enum { n = 16 };
    double L[n + 2] = {0}, u[n];
    for (int i = 0; i < n; i++) u[i] = 1.0 + 0.1 * cos(TWO_PI * i / n);
    kes_imexrk *s;
    cr_assert_eq(kes_imexrk_create(n, L, NULL, 0.05, &s), KES_OK);
    int64_t done = -1;
    kes_status st = kes_imexrk_step(s, g_cube, NULL, u, 1000, &done);
    cr_assert_eq(st, KES_EDIVERGE);
    cr_assert(done > 0 && done < 1000, "done = %lld", (long long)done);
    for (int i = 0; i < n; i++) cr_assert(isfinite(u[i]));
    /* the state left is the one after `done` steps: rerunning that many
     * steps from the start gives it bit for bit */
    double v[n];
    for (int i = 0; i < n; i++) v[i] = 1.0 + 0.1 * cos(TWO_PI * i / n);
    int64_t d2 = -1;
    cr_assert_eq(kes_imexrk_step(s, g_cube, NULL, v, done, &d2), KES_OK);
    cr_assert_eq(memcmp(u, v, sizeof u), 0);
    kes_imexrk_destroy(s);
}

/* -------------------------------------------------------------- errors */

static kes_status g_fail(void *ctx, int64_t n, const double *u, double *g) { return KES_EDOM; }

Test(pde_imexrk, errors)
{
    enum { n = 8 };
    double L[n + 2] = {0}, u[n] = {0};
    kes_imexrk *s = NULL;
    cr_assert_eq(kes_imexrk_create(n, NULL, NULL, 0.1, &s), KES_EINVAL);
    cr_assert_eq(kes_imexrk_create(n, L, NULL, 0.1, NULL), KES_EINVAL);
    cr_assert_eq(kes_imexrk_create(1, L, NULL, 0.1, &s), KES_EDIM);
    cr_assert_eq(kes_imexrk_create(n, L, NULL, 0.0, &s), KES_EDOM);
    cr_assert_eq(kes_imexrk_create(n, L, NULL, NAN, &s), KES_EDOM);
    L[3] = NAN;
    cr_assert_eq(kes_imexrk_create(n, L, NULL, 0.1, &s), KES_ENAN);
    /* h gamma L = 1: the implicit stage has no solution */
    double gam = (3.0 + sqrt(3.0)) / 6.0;
    L[3] = 0.0;
    L[2] = 1.0 / (0.1 * gam);
    cr_assert_eq(kes_imexrk_create(n, L, NULL, 0.1, &s), KES_ESINGULAR);
    L[2] = 0.0;
    cr_assert_null(s);
    cr_assert_eq(kes_imexrk_create(n, L, NULL, 0.1, &s), KES_OK);
    int64_t done = 7;
    cr_assert_eq(kes_imexrk_step(NULL, g_cube, NULL, u, 1, &done), KES_EINVAL);
    cr_assert_eq(done, 0);
    cr_assert_eq(kes_imexrk_step(s, NULL, NULL, u, 1, NULL), KES_EINVAL);
    cr_assert_eq(kes_imexrk_step(s, g_cube, NULL, NULL, 1, NULL), KES_EINVAL);
    cr_assert_eq(kes_imexrk_step(s, g_cube, NULL, u, -1, NULL), KES_EDIM);
    u[2] = INFINITY;
    cr_assert_eq(kes_imexrk_step(s, g_cube, NULL, u, 1, NULL), KES_ENAN);
    u[2] = 0.5;
    cr_assert_eq(kes_imexrk_step(s, g_fail, NULL, u, 3, &done), KES_EDOM);
    cr_assert_eq(done, 0);
    cr_assert_eq(u[2], 0.5);
    kes_imexrk_destroy(s);
    kes_imexrk_destroy(NULL);
}

/* ====================================== complex fields (kes_imexrkc_*) */

static double wavenum(int64_t j, int64_t n) { return (double)(2 * j <= n ? j : j - n); }

static kes_status gc_zero(void *ctx, int64_t n, const double *u, double *g)
{
    (void)ctx, (void)u;
    for (int64_t i = 0; i < 2 * n; i++) g[i] = 0;
    return KES_OK;
}

/* With N = 0 one ARS(2,3,3) step multiplies mode k by the stability
 * function of the implicit tableau, with z = h L_k and D = 1 - gamma z:
 *   U2 = v / D,  U3 = (v + (1 - 2 gamma) z U2) / D,  v' = v + z/2 (U2 + U3),
 * so after N steps v_k = R(z)^N v_k(0) exactly (to rounding).  Complex L
 * with damping and dispersion, on positive and negative modes with
 * unrelated amplitudes: checks the complex-field plumbing bit-exactly
 * against the scheme's own closed form. */
Test(pde_imexrkc, linear_stability_function_exact)
{
    enum { n = 32 };
    const double gam = (3.0 + sqrt(3.0)) / 6.0, h = 0.02;
    double L[2 * n], u[2 * n];
    for (int64_t j = 0; j < n; j++) {
        double k = wavenum(j, n);
        L[2 * j] = -0.05 * k * k;
        L[2 * j + 1] = -k * k + 0.3 * k; /* not even in k: +k and -k differ */
    }
    struct { int k; double complex a; } md[] = {{0, 0.4}, {2, 0.3 - 0.2 * I}, {-2, 0.1 * I}, {5, -0.5}, {-9, 0.2 + 0.2 * I}};
    const int nm = sizeof md / sizeof md[0];
    for (int i = 0; i < n; i++) {
        double complex z = 0;
        for (int q = 0; q < nm; q++) z += md[q].a * cexp(I * md[q].k * TWO_PI * i / n);
        u[2 * i] = creal(z);
        u[2 * i + 1] = cimag(z);
    }
    const int steps = 50;
    kes_imexrkc *s;
    cr_assert_eq(kes_imexrkc_create(n, L, NULL, h, &s), KES_OK);
    int64_t done = -1;
    cr_assert_eq(kes_imexrkc_step(s, gc_zero, NULL, u, steps, &done), KES_OK);
    cr_assert_eq(done, steps);
    kes_imexrkc_destroy(s);
    double err = 0;
    for (int i = 0; i < n; i++) {
        double complex z = 0;
        for (int q = 0; q < nm; q++) {
            int k = md[q].k;
            double complex zz = h * (-0.05 * k * k + I * (-k * k + 0.3 * k)), D = 1.0 - gam * zz;
            double complex U2 = 1.0 / D, U3 = (1.0 + (1.0 - 2.0 * gam) * zz * U2) / D;
            double complex R = 1.0 + zz / 2.0 * (U2 + U3);
            z += md[q].a * cpow(R, steps) * cexp(I * k * TWO_PI * i / n);
        }
        err = fmax(err, cabs(z - (u[2 * i] + I * u[2 * i + 1])));
    }
    cr_log_info("IMEX complex linear: max error %.3g", err);
    cr_assert_leq(err, 1e-13, "IMEX complex linear: error %.3g", err);
}

/* Focusing cubic NLS u_t = i u_xx + 2 i |u|^2 u, bright soliton a = 1,
 * c = 0.4 on [-10 pi, 10 pi), N = 512, T = 2 (the setting of the ETDRK4
 * test in test_pde_etdrk4.c, where the formula is verified by
 * substitution).  The IMEX scheme is third order with a large error
 * constant on this dispersive problem (measured 6.4e-3, 9.9e-4, 1.3e-4 at
 * h = 0.1, 0.05, 0.025: observed orders 2.70 then 2.89, still approaching
 * 3), far above the spatial error and rounding; from h = 0.05 down the
 * observed order must lie in [2.7, 3.3]. */
static kes_status g_nls(void *ctx, int64_t n, const double *u, double *g)
{
    (void)ctx;
    for (int64_t i = 0; i < n; i++) {
        double re = u[2 * i], im = u[2 * i + 1], r2 = 2.0 * (re * re + im * im);
        g[2 * i] = -r2 * im;
        g[2 * i + 1] = r2 * re;
    }
    return KES_OK;
}

static double nls_imex_error(int64_t nsteps)
{
    enum { n = 512 };
    const double len = 20.0 * 3.14159265358979323846, a = 1.0, c = 0.4, T = 2.0;
    static double L[2 * n], u[2 * n];
    for (int64_t j = 0; j < n; j++) {
        double k = TWO_PI / len * wavenum(j, n);
        L[2 * j] = 0.0;
        L[2 * j + 1] = -k * k;
    }
    for (int64_t i = 0; i < n; i++) {
        double x = -len / 2 + len * (double)i / n;
        double complex z = a / cosh(a * x) * cexp(I * c * x / 2);
        u[2 * i] = creal(z);
        u[2 * i + 1] = cimag(z);
    }
    kes_imexrkc *s;
    cr_assert_eq(kes_imexrkc_create(n, L, NULL, T / (double)nsteps, &s), KES_OK);
    int64_t done = -1;
    cr_assert_eq(kes_imexrkc_step(s, g_nls, NULL, u, nsteps, &done), KES_OK);
    cr_assert_eq(done, nsteps);
    kes_imexrkc_destroy(s);
    double e = 0;
    for (int64_t i = 0; i < n; i++) {
        double x = -len / 2 + len * (double)i / n;
        double complex z = a / cosh(a * (x - c * T)) * cexp(I * (c * x / 2 + (a * a - c * c / 4) * T));
        e = fmax(e, cabs(z - (u[2 * i] + I * u[2 * i + 1])));
    }
    return e;
}

Test(pde_imexrkc, nls_soliton_third_order)
{
    double e0 = nls_imex_error(40), e1 = nls_imex_error(80), e2 = nls_imex_error(160);
    double o1 = log2(e0 / e1), o2 = log2(e1 / e2);
    cr_log_info("IMEX NLS T = 2: h = 0.05 %.3g, 0.025 %.3g, 0.0125 %.3g (orders %.3f %.3f)", e0, e1, e2, o1, o2);
    cr_assert(o1 >= 2.7 && o1 <= 3.3, "order %.3f (errors %.3g, %.3g)", o1, e0, e1);
    cr_assert(o2 >= 2.7 && o2 <= 3.3, "order %.3f (errors %.3g, %.3g)", o2, e1, e2);
}

static kes_status gc_square(void *ctx, int64_t n, const double *u, double *g)
{
    (void)ctx;
    for (int64_t i = 0; i < n; i++) {
        double re = u[2 * i], im = u[2 * i + 1];
        g[2 * i] = re * re - im * im;
        g[2 * i + 1] = 2 * re * im;
    }
    return KES_OK;
}

/* u_t = u^2 from u = 1 + 0.1 e^{ix} blows up near t = 1: KES_EDIVERGE with
 * the last finite state, reproduced bit for bit by a fresh run. */
Test(pde_imexrkc, divergence_and_errors)
{
    enum { n = 8 };
    double L[2 * n] = {0}, u[2 * n], u0[2 * n], w[2 * n];
    for (int i = 0; i < n; i++) {
        u0[2 * i] = u[2 * i] = 1.0 + 0.1 * cos(TWO_PI * i / n);
        u0[2 * i + 1] = u[2 * i + 1] = 0.1 * sin(TWO_PI * i / n);
    }
    kes_imexrkc *s = (kes_imexrkc *)0x1;
    cr_assert_eq(kes_imexrkc_create(n, NULL, NULL, 0.1, &s), KES_EINVAL);
    cr_assert_eq(kes_imexrkc_create(1, L, NULL, 0.1, &s), KES_EDIM);
    cr_assert_eq(kes_imexrkc_create(n, L, NULL, -1.0, &s), KES_EDOM);
    L[2 * n - 1] = NAN;
    cr_assert_eq(kes_imexrkc_create(n, L, NULL, 0.1, &s), KES_ENAN);
    L[2 * n - 1] = 0.0;
    const double gam = (3.0 + sqrt(3.0)) / 6.0;
    L[2 * 7] = 1.0 / (0.1 * gam); /* h gamma L = 1 on mode 7 (wavenumber -1) */
    cr_assert_eq(kes_imexrkc_create(n, L, NULL, 0.1, &s), KES_ESINGULAR);
    L[2 * 7] = 0.0;
    cr_assert_eq(s, (kes_imexrkc *)0x1, "untouched on error");
    cr_assert_eq(kes_imexrkc_create(n, L, NULL, 0.05, &s), KES_OK);
    int64_t done = -1;
    cr_assert_eq(kes_imexrkc_step(s, gc_square, NULL, u, 1000, &done), KES_EDIVERGE);
    cr_assert(done > 0 && done < 1000, "done = %ld", (long)done);
    for (int i = 0; i < 2 * n; i++) cr_assert(isfinite(u[i]));
    memcpy(w, u0, sizeof w);
    int64_t d2;
    cr_assert_eq(kes_imexrkc_step(s, gc_square, NULL, w, done, &d2), KES_OK);
    cr_assert_eq(d2, done);
    cr_assert_eq(memcmp(w, u, sizeof w), 0);
    cr_assert_eq(kes_imexrkc_step(NULL, gc_square, NULL, w, 1, &done), KES_EINVAL);
    cr_assert_eq(kes_imexrkc_step(s, NULL, NULL, w, 1, &done), KES_EINVAL);
    cr_assert_eq(kes_imexrkc_step(s, gc_square, NULL, w, -1, &done), KES_EDIM);
    w[2 * n - 1] = INFINITY;
    cr_assert_eq(kes_imexrkc_step(s, gc_square, NULL, w, 1, &done), KES_ENAN);
    kes_imexrkc_destroy(s);
    kes_imexrkc_destroy(NULL);
}
