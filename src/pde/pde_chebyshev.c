/*
 * Chebyshev collocation: Chebyshev-Lobatto points, the differentiation
 * matrix, Clenshaw-Curtis weights, barycentric interpolation, linear
 * two-point boundary value problems, and a 2-D Helmholtz solver by fast
 * diagonalisation.
 *
 * References: Trefethen, "Spectral Methods in MATLAB" (SIAM 2000), ch. 6
 * (cheb.m), ch. 7 (p13, p33), ch. 12 (clencurt.m); Berrut & Trefethen,
 * "Barycentric Lagrange interpolation", SIAM Review 46:501-517 (2004);
 * Baltensperger & Trummer, "Spectral differencing with a twist", SIAM J.
 * Sci. Comput. 24:1465-1487 (2003) for the trigonometric form of x_i - x_j;
 * Lynch, Rice & Thomas, Numer. Math. 6:185-199 (1964) for fast
 * diagonalisation.
 */
#include <cblas.h>
#include <lapacke.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "kestrel/pde.h"

#define PI_D 3.14159265358979323846264338327950288

static kes_status check_degree(int64_t n, int64_t nmin, int64_t nmax)
{
    if (n < nmin) return KES_EDIM;
    if (n > nmax) return KES_ERANGE;
    return KES_OK;
}

/* x_j = cos(j pi / n) as sin(pi (n - 2j) / (2n)): exactly antisymmetric. */
static double cheb_x(int64_t j, int64_t n) { return sin(PI_D * (double)(n - 2 * j) / (2.0 * (double)n)); }

kes_status kes_cheb_points(int64_t n, double *x)
{
    if (!x) return KES_EINVAL;
    kes_status st = check_degree(n, 1, INT32_MAX);
    if (st) return st;
    for (int64_t j = 0; j <= n; j++) x[j] = cheb_x(j, n);
    return KES_OK;
}

/* cheb.m into column-major D with leading dimension ld: D_ij = c_i / c_j
 * (-1)^{i+j} / (x_i - x_j), c_0 = c_n = 2, else 1, with x_i - x_j =
 * 2 sin(pi (i + j) / (2n)) sin(pi (j - i) / (2n)) (no cancellation), then
 * D_ii = -sum_{j != i} D_ij (Trefethen 2000, ch. 6). */
static void cheb_D(int64_t n, double *D, int64_t ld)
{
    for (int64_t i = 0; i <= n; i++) {
        double ci = (i == 0 || i == n) ? 2.0 : 1.0, rowsum = 0.0;
        for (int64_t j = 0; j <= n; j++) {
            if (j == i) continue;
            double cj = (j == 0 || j == n) ? 2.0 : 1.0;
            double dx = 2.0 * sin(PI_D * (double)(i + j) / (2.0 * (double)n)) *
                        sin(PI_D * (double)(j - i) / (2.0 * (double)n));
            double v = (ci / cj) / dx;
            if ((i + j) & 1) v = -v;
            D[i + j * ld] = v;
            rowsum += v;
        }
        D[i + i * ld] = -rowsum;
    }
}

kes_status kes_cheb_diffmat(int64_t n, kes_mat D)
{
    kes_status st = check_degree(n, 1, INT32_MAX - 1);
    if (st) return st;
    if ((st = kes_mat_check(D))) return st;
    if (D.nrows != n + 1 || D.ncols != n + 1) return KES_EDIM;
    cheb_D(n, D.data, D.ld);
    return KES_OK;
}

kes_status kes_cheb_weights(int64_t n, double *w)
{
    if (!w) return KES_EINVAL;
    kes_status st = check_degree(n, 1, INT32_MAX);
    if (st) return st;
    double nd = (double)n;
    w[0] = w[n] = (n % 2 == 0) ? 1.0 / (nd * nd - 1.0) : 1.0 / (nd * nd);
    for (int64_t i = 1; i < n; i++) {
        double th = PI_D * (double)i / nd, v = 1.0;
        for (int64_t k = 1; 2 * k < n; k++) v -= 2.0 * cos(2.0 * (double)k * th) / (4.0 * (double)(k * k) - 1.0);
        if (n % 2 == 0) v -= cos(nd * th) / (nd * nd - 1.0);
        w[i] = 2.0 * v / nd;
    }
    return KES_OK;
}

kes_status kes_cheb_interp(int64_t n, double a, double b, const double *f, int64_t m, const double *xi, double *fi)
{
    if (!f || (m > 0 && (!xi || !fi))) return KES_EINVAL;
    if (n < 1 || m < 0) return KES_EDIM;
    if (n > INT32_MAX) return KES_ERANGE;
    if (!(isfinite(a) && isfinite(b) && a < b)) return KES_EDOM;
    if (!kes__all_finite(f, (size_t)n + 1) || !kes__all_finite(xi, (size_t)m)) return KES_ENAN;
    double mid = 0.5 * (a + b), half = 0.5 * (b - a);
    for (int64_t q = 0; q < m; q++) {
        double t = (xi[q] - mid) / half, num = 0.0, den = 0.0;
        int64_t exact = -1;
        for (int64_t j = 0; j <= n; j++) {
            double d = t - cheb_x(j, n);
            if (d == 0.0) {
                exact = j;
                break;
            }
            double wj = (j == 0 || j == n) ? 0.5 : 1.0;
            if (j & 1) wj = -wj;
            wj /= d;
            num += wj * f[j];
            den += wj;
        }
        fi[q] = exact >= 0 ? f[exact] : num / den;
    }
    return KES_OK;
}

/* ---------------------------------------------------------------- BVP */

static int bc_finite(kes_cheb_bc c) { return isfinite(c.alpha) && isfinite(c.beta) && isfinite(c.gamma); }

kes_status kes_cheb_bvp_solve(int64_t n, double a, double b, const double *p2, const double *p1, const double *p0,
                              const double *f, kes_cheb_bc left, kes_cheb_bc right, double *u)
{
    if (!f || !u) return KES_EINVAL;
    kes_status st = check_degree(n, 2, 8192);
    if (st) return st;
    if (!(isfinite(a) && isfinite(b) && a < b)) return KES_EDOM;
    size_t np = (size_t)n + 1;
    if (!kes__all_finite(f, np) || (p2 && !kes__all_finite(p2, np)) || (p1 && !kes__all_finite(p1, np)) ||
        (p0 && !kes__all_finite(p0, np)) || !bc_finite(left) || !bc_finite(right))
        return KES_ENAN;
    if ((left.alpha == 0.0 && left.beta == 0.0) || (right.alpha == 0.0 && right.beta == 0.0)) return KES_EDOM;

    int64_t N1 = n + 1;
    double *D = kes__malloc_n(np * np, sizeof(double));
    double *A = kes__malloc_n(np * np, sizeof(double));
    double *rhs = kes__malloc_n(np, sizeof(double));
    lapack_int *piv = kes__malloc_n(np, sizeof(lapack_int));
    if (!D || !A || !rhs || !piv) {
        st = KES_ENOMEM;
        goto done;
    }
    cheb_D(n, D, N1);
    /* A = diag(p2) D^2 / half^2 + diag(p1) D / half + diag(p0) */
    double half = 0.5 * (b - a), s1 = 1.0 / half, s2 = s1 * s1;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N1, (int)N1, (int)N1, s2, D, (int)N1, D, (int)N1,
                0.0, A, (int)N1);
    for (int64_t j = 0; j < N1; j++)
        for (int64_t i = 0; i < N1; i++) {
            double v = (p2 ? p2[i] : 1.0) * A[i + j * N1];
            if (p1) v += p1[i] * s1 * D[i + j * N1];
            if (p0 && i == j) v += p0[i];
            A[i + j * N1] = v;
        }
    lapack_int info;
    if (left.beta == 0.0 && right.beta == 0.0) {
        /* Dirichlet: eliminate u_0 = u(b) and u_n = u(a), solve the interior */
        double ub = right.gamma / right.alpha, ua = left.gamma / left.alpha;
        int64_t m = n - 1;
        for (int64_t i = 1; i < n; i++) rhs[i - 1] = f[i] - A[i] * ub - A[i + n * N1] * ua;
        for (int64_t j = 1; j < n; j++) /* compact the interior block in place, column by column */
            for (int64_t i = 1; i < n; i++) A[(i - 1) + (j - 1) * m] = A[i + j * N1];
        if (!kes__all_finite(A, (size_t)m * (size_t)m) || !kes__all_finite(rhs, (size_t)m)) {
            st = KES_ERANGE; /* finite data whose scaled system overflows (b - a ~ 1e-300, ...) */
            goto done;
        }
        info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)m, 1, A, (lapack_int)m, piv, rhs, (lapack_int)m);
        if (info == 0 && !kes__all_finite(rhs, (size_t)m)) {
            st = KES_ERANGE;
            goto done;
        }
        if (info == 0) {
            u[0] = ub;
            u[n] = ua;
            for (int64_t i = 1; i < n; i++) u[i] = rhs[i - 1];
        }
    } else {
        /* Robin/Neumann: replace the rows at x_0 = b and x_n = a */
        for (int64_t i = 0; i < N1; i++) rhs[i] = f[i];
        for (int64_t j = 0; j < N1; j++) {
            A[0 + j * N1] = right.beta * s1 * D[0 + j * N1] + (j == 0 ? right.alpha : 0.0);
            A[n + j * N1] = left.beta * s1 * D[n + j * N1] + (j == n ? left.alpha : 0.0);
        }
        rhs[0] = right.gamma;
        rhs[n] = left.gamma;
        if (!kes__all_finite(A, np * np) || !kes__all_finite(rhs, np)) {
            st = KES_ERANGE;
            goto done;
        }
        info = LAPACKE_dgesv(LAPACK_COL_MAJOR, (lapack_int)N1, 1, A, (lapack_int)N1, piv, rhs, (lapack_int)N1);
        if (info == 0 && !kes__all_finite(rhs, np)) {
            st = KES_ERANGE;
            goto done;
        }
        if (info == 0) memcpy(u, rhs, np * sizeof(double));
    }
    st = info == 0 ? KES_OK : (info > 0 ? KES_ESINGULAR : KES_EINVAL);
done:
    free(D);
    free(A);
    free(rhs);
    free(piv);
    return st;
}

/* ------------------------------------------------ 2-D Helmholtz (FD) */

struct kes_cheb_helmholtz {
    int64_t n, m;     /* degree, interior size m = n - 1 */
    double k2;
    double *V, *Vi;   /* eigenvectors of the interior D2 and their inverse, m x m */
    double *lam;      /* eigenvalues */
    double *F, *T;    /* workspaces, m x m */
};

void kes_cheb_helmholtz_destroy(kes_cheb_helmholtz *h)
{
    if (!h) return;
    free(h->V);
    free(h->Vi);
    free(h->lam);
    free(h->F);
    free(h->T);
    free(h);
}

kes_status kes_cheb_helmholtz_create(int64_t n, double k2, kes_cheb_helmholtz **out)
{
    if (!out) return KES_EINVAL;
    kes_status st = check_degree(n, 2, 4096);
    if (st) return st;
    if (!isfinite(k2)) return KES_EDOM;
    int64_t N1 = n + 1, m = n - 1;
    size_t mm = (size_t)(m * m);
    kes_cheb_helmholtz *H = calloc(1, sizeof *H);
    double *D = kes__malloc_n((size_t)(N1 * N1), sizeof(double));
    double *D2 = kes__malloc_n((size_t)(N1 * N1), sizeof(double));
    double *wi = kes__malloc_n((size_t)m, sizeof(double));
    lapack_int *piv = kes__malloc_n((size_t)m, sizeof(lapack_int));
    if (!H || !D || !D2 || !wi || !piv) {
        st = KES_ENOMEM;
        goto fail;
    }
    H->n = n;
    H->m = m;
    H->k2 = k2;
    H->V = kes__malloc_n(mm, sizeof(double));
    H->Vi = kes__malloc_n(mm, sizeof(double));
    H->lam = kes__malloc_n((size_t)m, sizeof(double));
    H->F = kes__malloc_n(mm, sizeof(double));
    H->T = kes__malloc_n(mm, sizeof(double));
    if (!H->V || !H->Vi || !H->lam || !H->F || !H->T) {
        st = KES_ENOMEM;
        goto fail;
    }
    cheb_D(n, D, N1);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)N1, (int)N1, (int)N1, 1.0, D, (int)N1, D, (int)N1,
                0.0, D2, (int)N1);
    /* interior block into F (dgeev overwrites its input) */
    for (int64_t j = 0; j < m; j++)
        for (int64_t i = 0; i < m; i++) H->F[i + j * m] = D2[(i + 1) + (j + 1) * N1];
    lapack_int info = LAPACKE_dgeev(LAPACK_COL_MAJOR, 'N', 'V', (lapack_int)m, H->F, (lapack_int)m, H->lam, wi, NULL,
                                    1, H->V, (lapack_int)m);
    if (info != 0) {
        st = KES_ENOTSUP;
        goto fail;
    }
    double lmax = 0.0;
    for (int64_t i = 0; i < m; i++) lmax = fmax(lmax, fabs(H->lam[i]));
    for (int64_t i = 0; i < m; i++)
        if (wi[i] != 0.0) { /* the interior D2 has real eigenvalues; complex pairs mean it broke down */
            st = KES_ENOTSUP;
            goto fail;
        }
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < m; j++)
            if (fabs(H->lam[i] + H->lam[j] + k2) <= 1e-10 * lmax) {
                st = KES_ESINGULAR;
                goto fail;
            }
    memcpy(H->Vi, H->V, mm * sizeof(double));
    info = LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)m, H->Vi, (lapack_int)m, piv);
    if (info == 0) info = LAPACKE_dgetri(LAPACK_COL_MAJOR, (lapack_int)m, H->Vi, (lapack_int)m, piv);
    if (info != 0) {
        st = info > 0 ? KES_ESINGULAR : KES_ENOMEM;
        goto fail;
    }
    free(D);
    free(D2);
    free(wi);
    free(piv);
    *out = H;
    return KES_OK;
fail:
    kes_cheb_helmholtz_destroy(H);
    free(D);
    free(D2);
    free(wi);
    free(piv);
    return st;
}

/* D2 U + U D2^T + k2 U = F with D2 = V diag(lam) V^-1:
 * U = V [(V^-1 F V^-T) ./ (lam_i + lam_j + k2)] V^T. */
kes_status kes_cheb_helmholtz_solve(kes_cheb_helmholtz *h, const double *f, double *u)
{
    if (!h || !f || !u) return KES_EINVAL;
    int64_t n = h->n, m = h->m, N1 = n + 1;
    for (int64_t j = 1; j < n; j++)
        for (int64_t i = 1; i < n; i++) {
            double v = f[i + j * N1];
            if (!isfinite(v)) return KES_ENAN;
            h->F[(i - 1) + (j - 1) * m] = v;
        }
    int M = (int)m;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, M, M, M, 1.0, h->Vi, M, h->F, M, 0.0, h->T, M);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, M, M, M, 1.0, h->T, M, h->Vi, M, 0.0, h->F, M);
    for (int64_t j = 0; j < m; j++)
        for (int64_t i = 0; i < m; i++) h->F[i + j * m] /= h->lam[i] + h->lam[j] + h->k2;
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, M, M, M, 1.0, h->V, M, h->F, M, 0.0, h->T, M);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, M, M, M, 1.0, h->T, M, h->V, M, 0.0, h->F, M);
    for (int64_t j = 0; j < N1; j++)
        for (int64_t i = 0; i < N1; i++)
            u[i + j * N1] = (i == 0 || j == 0 || i == n || j == n) ? 0.0 : h->F[(i - 1) + (j - 1) * m];
    return KES_OK;
}
