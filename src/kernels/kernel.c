/*
 * Kernels on R^d: descriptors, pointwise evaluation, and kernel matrices
 * assembled through BLAS.
 *
 * Stationary kernels are functions of the squared distance r^2, which for a
 * whole block comes from one dgemm/dsyrk: r^2 = ||x||^2 + ||y||^2 - 2 x.y.
 * That identity cancels catastrophically when x and y are close compared with
 * their norms, so entries where r^2 falls below 1e-6 (||x||^2 + ||y||^2) are
 * recomputed from the coordinates (those are rare, and each costs O(d), the
 * same as its share of the gemm).  Rasmussen & Williams, "Gaussian Processes
 * for Machine Learning" (2006), Ch. 4, give the kernel forms used here.
 */
#include <float.h>
#include <math.h>
#include <cblas.h>

#include "kernels/kernel_internal.h"
#include "special/special_internal.h"

#define CANCEL_REL 1e-6

kes_kernel kes_kernel_default(kes_kernel_kind kind)
{
    return (kes_kernel){.kind = kind, .variance = 1.0, .lengthscale = 1.0, .nu = 1.5, .alpha = 1.0,
                        .period = 1.0, .offset = 1.0, .degree = 2};
}

kes_kernel kes_kernel_gaussian(double lengthscale)
{
    kes_kernel k = kes_kernel_default(KES_KERNEL_GAUSSIAN);
    k.lengthscale = lengthscale;
    return k;
}

kes_kernel kes_kernel_laplace(double lengthscale)
{
    kes_kernel k = kes_kernel_default(KES_KERNEL_LAPLACE);
    k.lengthscale = lengthscale;
    return k;
}

kes_kernel kes_kernel_matern(double nu, double lengthscale)
{
    kes_kernel k = kes_kernel_default(KES_KERNEL_MATERN);
    k.nu = nu;
    k.lengthscale = lengthscale;
    return k;
}

static kes_status positive_param(double v)
{
    if (!isfinite(v)) return KES_ENAN;
    return v > 0.0 ? KES_OK : KES_EDOM;
}

kes_status kes_kernel_check(const kes_kernel *k)
{
    if (!k) return KES_EINVAL;
    if ((int)k->kind < KES_KERNEL_GAUSSIAN || (int)k->kind > KES_KERNEL_SOFTMAX) return KES_EINVAL;
    kes_status s;
    if ((s = positive_param(k->variance)) || (s = positive_param(k->lengthscale))) return s;
    switch (k->kind) {
    case KES_KERNEL_MATERN: return positive_param(k->nu);
    case KES_KERNEL_RATQUAD: return positive_param(k->alpha);
    case KES_KERNEL_PERIODIC: return positive_param(k->period);
    case KES_KERNEL_POLYNOMIAL:
        if (k->degree < 1) return KES_EDOM;
        /* fall through */
    case KES_KERNEL_LINEAR:
        if (!isfinite(k->offset)) return KES_ENAN;
        return k->offset >= 0.0 ? KES_OK : KES_EDOM;
    default: return KES_OK;
    }
}

int kes_kernel_is_stationary(const kes_kernel *k)
{
    return k && (int)k->kind >= KES_KERNEL_GAUSSIAN && (int)k->kind <= KES_KERNEL_PERIODIC;
}

/* log K_nu(z) for finite z > 0 and nu > 0, from the special layer (which
 * neither overflows nor underflows for any such z and nu). */
static double log_besselk(double nu, double z) { return kes_log_besselk(nu, z); }

/* Matern correlation (variance 1) at scaled distance z = sqrt(2 nu) r / ell.
 * Half-integer nu <= 5/2 use the closed forms exp(-z) P(z); other nu the
 * log form (1 - nu) ln 2 - lgamma(nu) + nu ln z + ln K_nu(z), which neither
 * overflows for small z (z^nu -> 0 against K_nu -> inf) nor underflows
 * early for large z.  At z = 0 the limit is exactly 1; near it, for
 * nu >= 7/4, the series of K_nu (Abramowitz & Stegun 9.6.2 and 9.6.10)
 * gives k = 1 - z^2 / (4 (nu - 1)) + O(z^4, z^(2 nu)). */
static double matern_corr(double nu, double z)
{
    if (z == 0.0) return 1.0;
    if (isinf(z)) return 0.0;
    if (nu == 0.5) return exp(-z);
    if (nu == 1.5) return (1.0 + z) * exp(-z);
    if (nu == 2.5) return (1.0 + z + z * z / 3.0) * exp(-z);
    /* For nu >= 7/4 and tiny z the log form would lose ~nu |ln z| ulps; the
     * small-argument expansion 1 - z^2 / (4 (nu - 1)) is exact to double
     * precision there (next terms O(z^4) and O(z^(2 nu)) <= 1e-18). */
    if (nu >= 1.75 && z <= 1e-5) return 1.0 - z * z / (4.0 * (nu - 1.0));
    double lk = log_besselk(nu, z);
    double v = exp((1.0 - nu) * KES__LN2 - kes__lgamma(nu) + nu * log(z) + lk);
    /* The series K_nu(z) z^nu -> 2^(nu-1) Gamma(nu) is approached from below,
     * so round-off in the log form may not lift the value above 1. */
    return v > 1.0 ? 1.0 : v;
}

/* Stationary profile from the squared distance r2 >= 0, variance included.
 * For PERIODIC the argument is not r^2 but S = sum_i sin^2(pi (x_i - y_i) / p). */
static double stationary_r2(const kes_kernel *k, double r2)
{
    double ell = k->lengthscale, v = k->variance;
    switch (k->kind) {
    /* r2 / ell / ell, never r2 / (ell * ell): ell^2 under- or overflows for
     * lengthscales beyond 1e+-154 and 0/0 or inf/inf would give NaN. */
    case KES_KERNEL_GAUSSIAN: return v * exp(-0.5 * (r2 / ell / ell));
    case KES_KERNEL_LAPLACE: return v * exp(-sqrt(r2) / ell);
    case KES_KERNEL_MATERN: return v * matern_corr(k->nu, sqrt(2.0 * k->nu * r2) / ell);
    case KES_KERNEL_RATQUAD: return v * pow(1.0 + r2 / ell / ell / (2.0 * k->alpha), -k->alpha);
    case KES_KERNEL_PERIODIC: return v * exp(-2.0 * (r2 / ell / ell));
    default: return NAN;
    }
}

/* Dot-product profile from s = x.y, variance included. */
static double dot_profile(const kes_kernel *k, double s)
{
    double t = s / k->lengthscale / k->lengthscale; /* as in stationary_r2 */
    switch (k->kind) {
    case KES_KERNEL_LINEAR: return k->variance * (t + k->offset);
    case KES_KERNEL_POLYNOMIAL: return k->variance * pow(t + k->offset, (double)k->degree);
    case KES_KERNEL_SOFTMAX: return k->variance * exp(t);
    default: return NAN;
    }
}

static kes_status vec_finite(kes_cvec x)
{
    for (int64_t i = 0; i < x.n; i++)
        if (!isfinite(x.data[i * x.stride])) return KES_ENAN;
    return KES_OK;
}

/* Squared distance between row i of X and row j of Y from the coordinates. */
static double direct_r2(kes_cmat X, int64_t i, kes_cmat Y, int64_t j)
{
    double acc = 0.0;
    for (int64_t c = 0; c < X.ncols; c++) {
        double t = X.data[i + c * X.ld] - Y.data[j + c * Y.ld];
        acc += t * t;
    }
    return acc;
}

/* The stationary argument for one pair: r^2, or S for PERIODIC. */
static double pair_arg(const kes_kernel *k, kes_cvec x, kes_cvec y)
{
    double acc = 0.0;
    for (int64_t i = 0; i < x.n; i++) {
        double t = x.data[i * x.stride] - y.data[i * y.stride];
        if (k->kind == KES_KERNEL_PERIODIC) {
            t = sin(KES__PI * t / k->period);
        }
        acc += t * t;
    }
    return acc;
}

kes_status kes_kernel_eval(const kes_kernel *k, kes_cvec x, kes_cvec y, double *out)
{
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if (!out || !x.data || !y.data) return KES_EINVAL;
    if (x.n < 1 || x.n != y.n) return KES_EDIM;
    if ((s = vec_finite(x)) || (s = vec_finite(y))) return s;
    if (kes_kernel_is_stationary(k)) {
        *out = stationary_r2(k, pair_arg(k, x, y));
    } else {
        double acc = 0.0;
        for (int64_t i = 0; i < x.n; i++) acc += x.data[i * x.stride] * y.data[i * y.stride];
        *out = dot_profile(k, acc);
    }
    return KES_OK;
}

kes_status kes_kernel_radial(const kes_kernel *k, double r, double *out)
{
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if (!out) return KES_EINVAL;
    if (!kes_kernel_is_stationary(k)) return KES_ENOTSUP;
    if (isnan(r)) return KES_ENAN;
    if (r < 0.0) return KES_EDOM;
    /* sin^2(pi r / p) has no limit as r -> inf: an infinite displacement has
     * no PERIODIC value (the decaying kinds have their limit 0). */
    if (k->kind == KES_KERNEL_PERIODIC && isinf(r)) return KES_ENAN;
    if (k->kind == KES_KERNEL_PERIODIC) {
        double t = sin(KES__PI * r / k->period);
        *out = stationary_r2(k, t * t);
    } else {
        *out = stationary_r2(k, r * r);
    }
    return KES_OK;
}

/* Turn the Gram entries g = f(x_i).f(y_j) (already in K) into kernel values
 * for rows i in [i0, n) of column j.  nx/ny hold ||f(x)||^2.  For r^2 kinds
 * f is the identity and r^2 = nx + ny - 2 g, recomputed from coordinates
 * where it has cancelled; for PERIODIC f(x) = [cos(2 pi x/p), sin(2 pi x/p)]
 * and S = sum sin^2(pi (x - y)/p) = (d - g) / 2, whose round-off is
 * absolute (no square root follows), so clamping at 0 suffices. */
static void transform_column(const kes_kernel *k, kes_cmat X, kes_cmat Y, const double *nx, const double *ny,
                             kes_mat K, int64_t j, int64_t i0, int self)
{
    double *col = K.data + j * K.ld;
    if (!nx) {
        for (int64_t i = i0; i < K.nrows; i++) col[i] = dot_profile(k, col[i]);
        return;
    }
    if (k->kind == KES_KERNEL_PERIODIC) {
        double d = (double)X.ncols;
        for (int64_t i = i0; i < K.nrows; i++) {
            double S = self && i == j ? 0.0 : 0.5 * (d - col[i]);
            col[i] = stationary_r2(k, S > 0.0 ? S : 0.0);
        }
        return;
    }
    for (int64_t i = i0; i < K.nrows; i++) {
        double sum = nx[i] + ny[j];
        double r2 = sum - 2.0 * col[i];
        if (self && i == j) r2 = 0.0;
        else if (isnan(r2) || r2 < CANCEL_REL * sum) r2 = direct_r2(X, i, Y, j); /* NaN: inf - inf */
        col[i] = stationary_r2(k, r2);
    }
}

/* Periodic features [cos(2 pi x / p), sin(2 pi x / p)] of every row (n x 2d). */
static double *periodic_features(kes_cmat X, double period)
{
    int64_t n = X.nrows, d = X.ncols;
    double *F = kes__malloc_n((size_t)n * (size_t)(2 * d), sizeof *F);
    if (!F) return NULL;
    for (int64_t c = 0; c < d; c++)
        for (int64_t i = 0; i < n; i++) {
            double a = 2.0 * KES__PI * X.data[i + c * X.ld] / period;
            F[i + c * n] = cos(a);
            F[i + (c + d) * n] = sin(a);
        }
    return F;
}

kes_status kes_kernel_matrix(const kes_kernel *k, kes_cmat X, kes_cmat Y, kes_mat K)
{
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if ((s = kes__points_check(X, -1)) || (s = kes__points_check(Y, X.ncols))) return s;
    if ((s = kes__out_check(K, X.nrows, Y.nrows))) return s;
    if (K.nrows > INT_MAX || K.ncols > INT_MAX || 2 * X.ncols > INT_MAX) return KES_ERANGE;
    if (kes__mat_overlap(K, X) || kes__mat_overlap(K, Y)) return KES_EINVAL;

    int self = X.data == Y.data && X.nrows == Y.nrows && X.ld == Y.ld;
    int stationary = kes_kernel_is_stationary(k);
    int n = (int)X.nrows, m = (int)Y.nrows;
    /* The Gram matrix is built from features A (n x q) and B (m x q). */
    kes_cmat A = X, B = Y;
    double *nx = NULL, *ny = NULL, *FA = NULL, *FB = NULL;
    if (k->kind == KES_KERNEL_PERIODIC) {
        FA = periodic_features(X, k->period);
        FB = self ? FA : periodic_features(Y, k->period);
        A = kes_cmat_view(FA, n, 2 * X.ncols, n);
        B = self ? A : kes_cmat_view(FB, m, 2 * X.ncols, m);
        if (!FA || !FB) s = KES_ENOMEM;
    }
    if (stationary && !s) {
        nx = kes__malloc_n((size_t)n, sizeof *nx);
        ny = self ? nx : kes__malloc_n((size_t)m, sizeof *ny);
        if (!nx || !ny) s = KES_ENOMEM;
        else {
            kes__row_sqnorms(X, nx);
            if (!self) kes__row_sqnorms(Y, ny);
        }
    }
    if (!s) {
        int q = (int)A.ncols;
        if (self)
            cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, n, q, 1.0, A.data, (int)A.ld, 0.0, K.data,
                        (int)K.ld);
        else
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, n, m, q, 1.0, A.data, (int)A.ld, B.data, (int)B.ld,
                        0.0, K.data, (int)K.ld);
        /* Columns are independent; dynamic scheduling evens out the triangle. */
#pragma omp parallel for schedule(dynamic, 8) if ((int64_t)n * m >= KES__PAR_MIN / 4) /* exp, sqrt, Bessel: costlier */
        for (int64_t j = 0; j < m; j++) transform_column(k, X, Y, nx, ny, K, j, self ? j : 0, self);
        if (self) kes_mat_symmetrize(KES_LOWER, K);
    }
    free(nx);
    if (!self) free(ny);
    free(FA);
    if (!self) free(FB);
    return s;
}

kes_status kes_kernel_diag(const kes_kernel *k, kes_cmat X, double *diag)
{
    kes_status s = kes_kernel_check(k);
    if (s) return s;
    if (!diag) return KES_EINVAL;
    if ((s = kes__points_check(X, -1))) return s;
    if (kes_kernel_is_stationary(k)) {
        for (int64_t i = 0; i < X.nrows; i++) diag[i] = k->variance;
        return KES_OK;
    }
    kes__row_sqnorms(X, diag);
    for (int64_t i = 0; i < X.nrows; i++) diag[i] = dot_profile(k, diag[i]);
    return KES_OK;
}
