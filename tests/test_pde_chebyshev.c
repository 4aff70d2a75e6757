/* Chebyshev collocation (src/pde/pde_chebyshev.c): points, the
 * differentiation matrix (identities: exact on polynomials, annihilates
 * constants), Clenshaw-Curtis weights, barycentric interpolation, the p13
 * golden value (S2), Robin and variable-coefficient BVPs, the GP-HM 1-D set
 * (S7), 2-D Helmholtz k = 9 against a dense Kronecker solve (S4), and every
 * error path. */
#include <criterion/criterion.h>
#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel.h"
#include "pde_alloc_counter.h"

#define PI_D 3.14159265358979323846

Test(pde_chebyshev, points_and_diffmat)
{
    enum { n = 12 };
    double x[n + 1], D[(n + 1) * (n + 1)];
    cr_assert_eq(kes_cheb_points(n, x), KES_OK);
    cr_assert_eq(x[0], 1.0);
    cr_assert_eq(x[n], -1.0);
    cr_assert_eq(x[n / 2], 0.0);
    for (int j = 0; j <= n; j++) {
        cr_assert_eq(x[j], -x[n - j], "antisymmetric");
        cr_assert_leq(fabs(x[j] - cos(j * PI_D / n)), 1e-15);
    }
    cr_assert_eq(kes_cheb_diffmat(n, kes_mat_view(D, n + 1, n + 1, n + 1)), KES_OK);
    /* D p = p' exactly for p of degree <= n; D 1 = 0 */
    double maxerr = 0.0, maxc = 0.0;
    for (int i = 0; i <= n; i++) {
        double dp = 0.0, d1 = 0.0;
        for (int j = 0; j <= n; j++) {
            double p = pow(x[j], n) - 3 * pow(x[j], 5) + x[j];
            dp += D[i + j * (n + 1)] * p;
            d1 += D[i + j * (n + 1)];
        }
        double ex = n * pow(x[i], n - 1) - 15 * pow(x[i], 4) + 1;
        maxerr = fmax(maxerr, fabs(dp - ex));
        maxc = fmax(maxc, fabs(d1));
    }
    cr_assert_leq(maxerr, 1e-12, "%.3g", maxerr);
    cr_assert_leq(maxc, 1e-13, "%.3g", maxc);
    /* Trefethen's closed forms for the corners */
    cr_assert_leq(fabs(D[0] - (2.0 * n * n + 1) / 6.0), 1e-12);
    cr_assert_leq(fabs(D[n + n * (n + 1)] + (2.0 * n * n + 1) / 6.0), 1e-12);
}

Test(pde_chebyshev, clenshaw_curtis)
{
    for (int64_t n = 1; n <= 20; n++) {
        double x[21], w[21];
        kes_cheb_points(n, x);
        cr_assert_eq(kes_cheb_weights(n, w), KES_OK);
        for (int deg = 0; deg <= n; deg++) {
            double s = 0.0;
            for (int j = 0; j <= n; j++) s += w[j] * pow(x[j], deg);
            double ex = (deg % 2) ? 0.0 : 2.0 / (deg + 1);
            cr_assert_leq(fabs(s - ex), 1e-14, "n %ld deg %d: %.17g", (long)n, deg, s);
        }
    }
    /* spectral accuracy on a smooth function: int_{-1}^{1} e^x = e - 1/e */
    double x[33], w[33], s = 0.0;
    kes_cheb_points(32, x);
    kes_cheb_weights(32, w);
    for (int j = 0; j <= 32; j++) s += w[j] * exp(x[j]);
    cr_assert_leq(fabs(s - (exp(1.0) - exp(-1.0))), 1e-14);
}

Test(pde_chebyshev, barycentric_interp)
{
    enum { n = 20 };
    double a = 0.5, b = 3.0, x[n + 1], f[n + 1], xi[101], fi[101];
    kes_cheb_points(n, x);
    for (int j = 0; j <= n; j++) f[j] = cos(0.5 * (a + b) + 0.5 * (b - a) * x[j]);
    for (int q = 0; q < 101; q++) xi[q] = a + (b - a) * q / 100.0;
    cr_assert_eq(kes_cheb_interp(n, a, b, f, 101, xi, fi), KES_OK);
    for (int q = 0; q < 101; q++) cr_assert_leq(fabs(fi[q] - cos(xi[q])), 1e-14, "%.3g", fabs(fi[q] - cos(xi[q])));
    cr_assert_eq(fi[0], f[n], "a node returns its value");
    cr_assert_eq(fi[100], f[0]);
}

static double p13_exact(double x) { return (exp(4 * x) - x * sinh(4.0) - cosh(4.0)) / 16.0; }

/* u'' = e^{4x}, u(-1) = u(1) = 0: grid error and fine-grid interpolant error */
static void p13(int64_t n, double *grid_err, double *interp_err)
{
    double x[65], f[65], u[65];
    kes_cheb_points(n, x);
    for (int j = 0; j <= n; j++) f[j] = exp(4 * x[j]);
    kes_cheb_bc bc = {1.0, 0.0, 0.0};
    cr_assert_eq(kes_cheb_bvp_solve(n, -1.0, 1.0, NULL, NULL, NULL, f, bc, bc, u), KES_OK);
    double e = 0.0;
    for (int j = 0; j <= n; j++) e = fmax(e, fabs(u[j] - p13_exact(x[j])));
    *grid_err = e;
    double xx[201], uu[201];
    for (int q = 0; q <= 200; q++) xx[q] = -1.0 + 0.01 * q;
    cr_assert_eq(kes_cheb_interp(n, -1.0, 1.0, u, 201, xx, uu), KES_OK);
    e = 0.0;
    for (int q = 0; q <= 200; q++) e = fmax(e, fabs(uu[q] - p13_exact(xx[q])));
    *interp_err = e;
}

Test(pde_chebyshev, p13_golden_S2)
{
    double g16, i16, g20, i20, g8, i8;
    p13(16, &g16, &i16);
    p13(20, &g20, &i20);
    p13(8, &g8, &i8);
    cr_log_info("S2: p13 N = 16 interpolant %.5g, grid %.3g; N = 20 grid %.3g", i16, g16, g20);
    cr_assert_leq(fabs(i16 - 1.261e-10), 1e-12, "S2: N = 16 interpolant error %.5g (book: 1.261e-10)", i16);
    cr_assert_leq(g16, 1e-10, "S2: N = 16 grid error %.3g", g16);
    cr_assert_leq(g20, 1e-13, "S2: N = 20 grid error %.3g", g20);
    cr_assert(g8 > 1e-5 && g8 < 1e-3, "N = 8 grid error %.3g (reference 2.2e-4)", g8);
}

/* Robin/Neumann ends and variable coefficients, manufactured solutions */
Test(pde_chebyshev, robin_and_variable_coefficients)
{
    enum { n = 32 };
    double a = -1.0, b = 2.0, t[n + 1], x[n + 1], p2[n + 1], p1[n + 1], p0[n + 1], f[n + 1], u[n + 1];
    kes_cheb_points(n, t);
    for (int j = 0; j <= n; j++) {
        x[j] = 0.5 * (a + b) + 0.5 * (b - a) * t[j];
        double X = x[j], U = sin(3 * X) + X, U1 = 3 * cos(3 * X) + 1, U2 = -9 * sin(3 * X);
        p2[j] = 1 + X * X;
        p1[j] = X;
        p0[j] = -1.0;
        f[j] = p2[j] * U2 + p1[j] * U1 + p0[j] * U;
    }
    /* Neumann at a, Robin at b */
    kes_cheb_bc left = {0.0, 1.0, 3 * cos(3 * a) + 1};
    kes_cheb_bc right = {2.0, -0.5, 2 * (sin(3 * b) + b) - 0.5 * (3 * cos(3 * b) + 1)};
    cr_assert_eq(kes_cheb_bvp_solve(n, a, b, p2, p1, p0, f, left, right, u), KES_OK);
    double e = 0.0;
    for (int j = 0; j <= n; j++) e = fmax(e, fabs(u[j] - (sin(3 * x[j]) + x[j])));
    cr_assert_leq(e, 1e-11, "Robin/Neumann error %.3g", e);
    /* the same with Dirichlet at both ends */
    kes_cheb_bc da = {1.0, 0.0, sin(3 * a) + a}, db = {1.0, 0.0, sin(3 * b) + b};
    cr_assert_eq(kes_cheb_bvp_solve(n, a, b, p2, p1, p0, f, da, db, u), KES_OK);
    e = 0.0;
    for (int j = 0; j <= n; j++) e = fmax(e, fabs(u[j] - (sin(3 * x[j]) + x[j])));
    cr_assert_leq(e, 1e-12, "Dirichlet error %.3g", e);
    /* pure Neumann for u'' = f is singular */
    kes_cheb_bc nn = {0.0, 1.0, 0.0};
    for (int j = 0; j <= n; j++) f[j] = 0.0;
    kes_status st = kes_cheb_bvp_solve(n, a, b, NULL, NULL, NULL, f, nn, nn, u);
    cr_assert(st == KES_ESINGULAR || st == KES_OK, "%s", kes_strerror(st));
}

/* ------------------------------------------------------------ S7 */

typedef struct {
    double a, b;
    double (*u)(double), (*u2)(double);
    int64_t n;
    double tol;
} gphm_case;

static double u_a(double x) { return sin(100 * x); }
static double u2_a(double x) { return -1e4 * sin(100 * x); }
static double u_b(double x) { return x * sin(200 * x); }
static double u2_b(double x) { return 400 * cos(200 * x) - 4e4 * x * sin(200 * x); }
static double u_c(double x) { return sin(6 * x) * cos(100 * x); }
static double u2_c(double x) { return -10036 * sin(6 * x) * cos(100 * x) - 1200 * cos(6 * x) * sin(100 * x); }
static double u_d(double x) { return sin(x) + 0.1 * sin(20 * x) + 0.05 * cos(100 * x); }
static double u2_d(double x) { return -sin(x) - 40 * sin(20 * x) - 500 * cos(100 * x); }
static double u_e(double x) { return sin(500 * x) - 2 * (x - 0.5) * (x - 0.5); }
static double u2_e(double x) { return -2.5e5 * sin(500 * x) - 4; }

Test(pde_chebyshev, gphm_1d_S7, .timeout = 120)
{
    const double tp = 2 * PI_D;
    gphm_case cs[] = {{0, tp, u_a, u2_a, 512, 1e-9},  {0, tp, u_b, u2_b, 1024, 1e-9}, {0, tp, u_c, u2_c, 512, 1e-9},
                      {0, 1, u_d, u2_d, 128, 1e-12}, {0, 1, u_e, u2_e, 512, 1e-9}};
    for (size_t c = 0; c < sizeof cs / sizeof cs[0]; c++) {
        int64_t n = cs[c].n;
        double a = cs[c].a, b = cs[c].b;
        double *t = malloc(sizeof(double) * (size_t)(n + 1)), *f = malloc(sizeof(double) * (size_t)(n + 1)),
               *u = malloc(sizeof(double) * (size_t)(n + 1)), xx[2000], uu[2000];
        kes_cheb_points(n, t);
        for (int64_t j = 0; j <= n; j++) f[j] = cs[c].u2(0.5 * (a + b) + 0.5 * (b - a) * t[j]);
        kes_cheb_bc l = {1.0, 0.0, cs[c].u(a)}, r = {1.0, 0.0, cs[c].u(b)};
        cr_assert_eq(kes_cheb_bvp_solve(n, a, b, NULL, NULL, NULL, f, l, r, u), KES_OK);
        for (int q = 0; q < 2000; q++) xx[q] = a + (b - a) * q / 1999.0;
        cr_assert_eq(kes_cheb_interp(n, a, b, u, 2000, xx, uu), KES_OK);
        double num = 0, den = 0;
        for (int q = 0; q < 2000; q++) {
            double ex = cs[c].u(xx[q]);
            num += (uu[q] - ex) * (uu[q] - ex);
            den += ex * ex;
        }
        double rel = sqrt(num / den);
        cr_log_info("S7 case %zu, N = %ld: rel L2 %.3g", c, (long)n, rel);
        cr_assert_leq(rel, cs[c].tol, "S7 case %zu, N = %ld: rel L2 %.3g", c, (long)n, rel);
        free(t);
        free(f);
        free(u);
    }
}

/* ---------------------------------------------------------- Helmholtz */

static double hz_u(double x, double y) { return sin(PI_D * x) * sin(2 * PI_D * y) * exp(x); }
static double hz_f(double x, double y, double k2)
{
    double A = sin(PI_D * x) * exp(x), A2 = exp(x) * ((1 - PI_D * PI_D) * sin(PI_D * x) + 2 * PI_D * cos(PI_D * x));
    double B = sin(2 * PI_D * y), B2 = -4 * PI_D * PI_D * B;
    return A2 * B + A * B2 + k2 * A * B;
}

Test(pde_chebyshev, helmholtz_k9_S4)
{
    enum { n = 24, N1 = n + 1, m = n - 1 };
    double k2 = 81.0, x[N1];
    kes_cheb_points(n, x);
    double *f = malloc(sizeof(double) * N1 * N1), *u = malloc(sizeof(double) * N1 * N1);
    for (int j = 0; j < N1; j++)
        for (int i = 0; i < N1; i++) f[i + N1 * j] = hz_f(x[i], x[j], k2);
    kes_cheb_helmholtz *h;
    cr_assert_eq(kes_cheb_helmholtz_create(n, k2, &h), KES_OK);
#ifdef KES_COUNT_ALLOC
    atomic_store(&n_alloc, 0);
    atomic_store(&counting, 1);
#endif
    int nbad = 0;
    for (int it = 0; it < 20; it++) nbad += kes_cheb_helmholtz_solve(h, f, u) != KES_OK;
#ifdef KES_COUNT_ALLOC
    atomic_store(&counting, 0);
    cr_assert_eq(atomic_load(&n_alloc), 0, "%ld allocations in 20 Helmholtz solves", atomic_load(&n_alloc));
#endif
    cr_assert_eq(nbad, 0);
    double efd = 0.0;
    for (int j = 0; j < N1; j++)
        for (int i = 0; i < N1; i++) efd = fmax(efd, fabs(u[i + N1 * j] - hz_u(x[i], x[j])));
    cr_assert_leq(efd, 1e-11, "S4 fast diagonalisation: %.3g", efd);

    /* dense Kronecker: L = I (x) D2 + D2 (x) I + k2 I on the interior */
    static double D[N1 * N1], D2[N1 * N1], L[m * m * m * m], rhs[m * m];
    kes_cheb_diffmat(n, kes_mat_view(D, N1, N1, N1));
    for (int j = 0; j < N1; j++)
        for (int i = 0; i < N1; i++) {
            double s = 0;
            for (int k = 0; k < N1; k++) s += D[i + k * N1] * D[k + j * N1];
            D2[i + j * N1] = s;
        }
    int M = m * m;
    memset(L, 0, sizeof L);
    for (int j2 = 0; j2 < m; j2++)
        for (int i2 = 0; i2 < m; i2++)
            for (int j1 = 0; j1 < m; j1++)
                for (int i1 = 0; i1 < m; i1++) {
                    int r = i1 + m * j1, c = i2 + m * j2;
                    double v = 0;
                    if (j1 == j2) v += D2[(i1 + 1) + (i2 + 1) * N1];
                    if (i1 == i2) v += D2[(j1 + 1) + (j2 + 1) * N1];
                    if (r == c) v += k2;
                    L[r + (size_t)c * M] = v;
                }
    for (int j = 0; j < m; j++)
        for (int i = 0; i < m; i++) rhs[i + m * j] = f[(i + 1) + N1 * (j + 1)];
    lapack_int piv[m * m];
    cr_assert_eq(LAPACKE_dgesv(LAPACK_COL_MAJOR, M, 1, L, M, piv, rhs, M), 0);
    double ed = 0.0, diff = 0.0;
    for (int j = 0; j < m; j++)
        for (int i = 0; i < m; i++) {
            ed = fmax(ed, fabs(rhs[i + m * j] - hz_u(x[i + 1], x[j + 1])));
            diff = fmax(diff, fabs(rhs[i + m * j] - u[(i + 1) + N1 * (j + 1)]));
        }
    cr_log_info("S4: k = 9, N = 24 dense Kronecker %.3g, fast diagonalisation %.3g", ed, efd);
    cr_assert_leq(ed, 1e-12, "S4 dense Kronecker: %.3g", ed);
    cr_assert_leq(diff, 1e-11, "fast diagonalisation vs dense: %.3g", diff);

    /* in place */
    cr_assert_eq(kes_cheb_helmholtz_solve(h, f, f), KES_OK);
    cr_assert_eq(memcmp(f, u, sizeof(double) * N1 * N1), 0);
    kes_cheb_helmholtz_destroy(h);
    free(f);
    free(u);
}

Test(pde_chebyshev, helmholtz_singular_wavenumber)
{
    /* k2 = -(lambda_0 + lambda_1) of the interior D2 makes the operator singular */
    enum { n = 10, N1 = n + 1, m = n - 1 };
    double D[N1 * N1], D2[m * m], wr[m], wi[m];
    kes_cheb_diffmat(n, kes_mat_view(D, N1, N1, N1));
    for (int j = 0; j < m; j++)
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int k = 0; k < N1; k++) s += D[(i + 1) + k * N1] * D[k + (j + 1) * N1];
            D2[i + j * m] = s;
        }
    cr_assert_eq(LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', 'N', m, D2, m, wr, wi, NULL, 1, NULL, 1), 0);
    kes_cheb_helmholtz *h = (kes_cheb_helmholtz *)0x1;
    cr_assert_eq(kes_cheb_helmholtz_create(n, -(wr[0] + wr[1]), &h), KES_ESINGULAR);
    cr_assert_eq(h, (kes_cheb_helmholtz *)0x1);
    cr_assert_eq(kes_cheb_helmholtz_create(n, -(wr[0] + wr[1]) * (1 + 1e-6), &h), KES_OK);
    kes_cheb_helmholtz_destroy(h);
}

Test(pde_chebyshev, errors)
{
    double x[9], D[81], f[9] = {0}, u[9];
    cr_assert_eq(kes_cheb_points(8, NULL), KES_EINVAL);
    cr_assert_eq(kes_cheb_points(0, x), KES_EDIM);
    cr_assert_eq(kes_cheb_points((int64_t)INT32_MAX + 1, x), KES_ERANGE);
    cr_assert_eq(kes_cheb_weights(0, x), KES_EDIM);
    cr_assert_eq(kes_cheb_weights(8, NULL), KES_EINVAL);
    cr_assert_eq(kes_cheb_diffmat(0, kes_mat_view(D, 1, 1, 1)), KES_EDIM);
    cr_assert_eq(kes_cheb_diffmat(8, kes_mat_view(D, 8, 8, 8)), KES_EDIM);
    cr_assert_eq(kes_cheb_diffmat(8, kes_mat_view(NULL, 9, 9, 9)), KES_EINVAL);
    cr_assert_eq(kes_cheb_diffmat((int64_t)INT32_MAX, kes_mat_view(D, 9, 9, 9)), KES_ERANGE);

    double xi[2] = {0.1, NAN}, fi[2];
    cr_assert_eq(kes_cheb_interp(8, -1, 1, NULL, 1, xi, fi), KES_EINVAL);
    cr_assert_eq(kes_cheb_interp(8, -1, 1, f, 1, NULL, fi), KES_EINVAL);
    cr_assert_eq(kes_cheb_interp(0, -1, 1, f, 1, xi, fi), KES_EDIM);
    cr_assert_eq(kes_cheb_interp(8, -1, 1, f, -1, xi, fi), KES_EDIM);
    cr_assert_eq(kes_cheb_interp(8, 1, 1, f, 1, xi, fi), KES_EDOM);
    cr_assert_eq(kes_cheb_interp(8, -1, INFINITY, f, 1, xi, fi), KES_EDOM);
    cr_assert_eq(kes_cheb_interp(8, -1, 1, f, 2, xi, fi), KES_ENAN);
    cr_assert_eq(kes_cheb_interp(8, -1, 1, f, 0, NULL, NULL), KES_OK);

    kes_cheb_bc d = {1, 0, 0}, zero = {0, 0, 1}, nanbc = {1, 0, NAN};
    for (int i = 0; i < 9; i++) u[i] = 7.0;
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, 1, NULL, NULL, NULL, NULL, d, d, u), KES_EINVAL);
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, 1, NULL, NULL, NULL, f, d, d, NULL), KES_EINVAL);
    cr_assert_eq(kes_cheb_bvp_solve(1, -1, 1, NULL, NULL, NULL, f, d, d, u), KES_EDIM);
    cr_assert_eq(kes_cheb_bvp_solve(8193, -1, 1, NULL, NULL, NULL, f, d, d, u), KES_ERANGE);
    cr_assert_eq(kes_cheb_bvp_solve(8, 1, -1, NULL, NULL, NULL, f, d, d, u), KES_EDOM);
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, NAN, NULL, NULL, NULL, f, d, d, u), KES_EDOM);
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, 1, NULL, NULL, NULL, f, zero, d, u), KES_EDOM);
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, 1, NULL, NULL, NULL, f, d, nanbc, u), KES_ENAN);
    f[4] = INFINITY;
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, 1, NULL, NULL, NULL, f, d, d, u), KES_ENAN);
    f[4] = 0.0;
    double p0[9] = {0};
    p0[2] = NAN;
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, 1, NULL, NULL, p0, f, d, d, u), KES_ENAN);
    /* p2 = p1 = p0 = 0: every collocation row vanishes */
    double z[9] = {0};
    cr_assert_eq(kes_cheb_bvp_solve(8, -1, 1, z, NULL, NULL, f, d, d, u), KES_ESINGULAR);
    for (int i = 0; i < 9; i++) cr_assert_eq(u[i], 7.0, "u untouched on error");

    kes_cheb_helmholtz *h = (kes_cheb_helmholtz *)0x1;
    cr_assert_eq(kes_cheb_helmholtz_create(8, 1.0, NULL), KES_EINVAL);
    cr_assert_eq(kes_cheb_helmholtz_create(1, 1.0, &h), KES_EDIM);
    cr_assert_eq(kes_cheb_helmholtz_create(4097, 1.0, &h), KES_ERANGE);
    cr_assert_eq(kes_cheb_helmholtz_create(8, NAN, &h), KES_EDOM);
    cr_assert_eq(h, (kes_cheb_helmholtz *)0x1);
    cr_assert_eq(kes_cheb_helmholtz_create(8, 1.0, &h), KES_OK);
    double F[81] = {0}, U[81];
    F[40] = NAN;
    cr_assert_eq(kes_cheb_helmholtz_solve(h, F, U), KES_ENAN);
    F[40] = 0.0;
    F[0] = NAN; /* boundary values are not read */
    cr_assert_eq(kes_cheb_helmholtz_solve(h, F, U), KES_OK);
    cr_assert_eq(kes_cheb_helmholtz_solve(NULL, F, U), KES_EINVAL);
    cr_assert_eq(kes_cheb_helmholtz_solve(h, NULL, U), KES_EINVAL);
    kes_cheb_helmholtz_destroy(h);
    kes_cheb_helmholtz_destroy(NULL);
}

/* Found by test_hostile: on [0, 1e-300] the scaled D^2 overflows and
 * LAPACKE's NaN check made the solve answer KES_EINVAL; it is KES_ERANGE,
 * u untouched. */
Test(cheb_bvp, overflowing_scaled_system_is_erange)
{
    enum { N = 8 };
    double f[N + 1], u[N + 1];
    for (int i = 0; i <= N; i++) f[i] = 1, u[i] = -7;
    kes_cheb_bc dir = {1, 0, 0}, neu = {0, 1, 0};
    cr_assert_eq(kes_cheb_bvp_solve(N, 0, 1e-300, NULL, NULL, NULL, f, dir, dir, u), KES_ERANGE);
    cr_assert_eq(kes_cheb_bvp_solve(N, 0, 1e-300, NULL, NULL, NULL, f, neu, dir, u), KES_ERANGE);
    for (int i = 0; i <= N; i++) cr_assert_eq(u[i], -7);
    /* u'' = 1 on [-1e299, 1e299]: u ~ x^2 / 2 does not fit (D^2 / half^2
     * underflows: refused either way, u untouched) */
    int st = kes_cheb_bvp_solve(N, -1e299, 1e299, NULL, NULL, NULL, f, dir, dir, u);
    cr_assert(st == KES_ERANGE || st == KES_ESINGULAR, "%d", st);
    for (int i = 0; i <= N; i++) cr_assert_eq(u[i], -7);
    double one[N + 1];
    for (int i = 0; i <= N; i++) one[i] = 1;
    cr_assert_eq(kes_cheb_bvp_solve(N, -1e299, 1e299, NULL, NULL, one, f, dir, dir, u), KES_OK); /* u'' + u = 1 */
    for (int i = 0; i <= N; i++) cr_assert(isfinite(u[i]));
}
