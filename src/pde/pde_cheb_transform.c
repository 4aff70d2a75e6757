/*
 * The fast Chebyshev transform between values at the Chebyshev-Lobatto
 * points x_j = cos(j pi / n) and Chebyshev coefficients, by the type-I
 * discrete cosine transform.
 *
 * DCT-I (FFTW's REDFT00: Y_k = x_0 + (-1)^k x_n + 2 sum_{j=1}^{n-1}
 * x_j cos(pi j k / n)) is the real part of the DFT of the even extension
 * e = (x_0, ..., x_n, x_{n-1}, ..., x_1) of length 2n, which is how FFTW
 * computes REDFT00 itself; the extension is built here in a buffer owned by
 * the plan and transformed by one planned r2c, so executes allocate nothing
 * (FFTW's own REDFT00 algorithms may allocate scratch per execute).
 *
 * References: Trefethen, "Spectral Methods in MATLAB" (SIAM 2000), ch. 8
 * (chebfft.m); Boyd, "Chebyshev and Fourier Spectral Methods" (2001),
 * appendix F; FFTW 3.3 manual, "1d Real-even DFTs (DCTs)".
 */
#include <fftw3.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fftw_lock.h"
#include "core/internal.h"
#include "kestrel/pde.h"

struct kes_cheb_transform {
    int64_t n;
    double *ext;        /* 2n, fftw_alloc'd */
    fftw_complex *spec; /* n + 1 */
    fftw_plan plan;
};

void kes_cheb_transform_destroy(kes_cheb_transform *t)
{
    if (!t) return;
    if (t->plan) {
        kes__fftw_lock();
        fftw_destroy_plan(t->plan);
        kes__fftw_unlock();
    }
    fftw_free(t->ext);
    fftw_free(t->spec);
    free(t);
}

kes_status kes_cheb_transform_create(int64_t n, kes_cheb_transform **out)
{
    if (!out) return KES_EINVAL;
    if (n < 1) return KES_EDIM;
    if (n > INT_MAX / 2) return KES_ERANGE;
    kes_cheb_transform *t = calloc(1, sizeof *t);
    if (!t) return KES_ENOMEM;
    t->n = n;
    t->ext = fftw_alloc_real((size_t)(2 * n));
    t->spec = fftw_alloc_complex((size_t)(n + 1));
    if (!t->ext || !t->spec) {
        kes_cheb_transform_destroy(t);
        return KES_ENOMEM;
    }
    kes__fftw_lock();
    t->plan = fftw_plan_dft_r2c_1d((int)(2 * n), t->ext, t->spec, FFTW_ESTIMATE);
    kes__fftw_unlock();
    if (!t->plan) {
        kes_cheb_transform_destroy(t);
        return KES_ENOMEM;
    }
    *out = t;
    return KES_OK;
}

/* Y = DCT-I of x (n + 1 values) into the plan's spectrum (real parts). */
static int dct1(kes_cheb_transform *t, const double *x)
{
    const int64_t n = t->n;
    int ok = 1;
    for (int64_t j = 0; j <= n; j++) {
        ok &= isfinite(x[j]) != 0;
        t->ext[j] = x[j];
    }
    if (!ok) return 0;
    for (int64_t j = 1; j < n; j++) t->ext[2 * n - j] = x[j];
    fftw_execute(t->plan);
    return 1;
}

kes_status kes_cheb_transform_coeffs(kes_cheb_transform *t, const double *f, double *a)
{
    if (!t || !f || !a) return KES_EINVAL;
    if (!dct1(t, f)) return KES_ENAN;
    const int64_t n = t->n;
    const double s = 1.0 / (double)n;
    for (int64_t k = 0; k <= n; k++) a[k] = t->spec[k][0] * ((k == 0 || k == n) ? 0.5 * s : s);
    return KES_OK;
}

/* f_j = a_0 + (-1)^j a_n + sum_{k=1}^{n-1} a_k cos(pi j k / n) is the DCT-I
 * of b with b_0 = a_0, b_n = a_n and b_k = a_k / 2 in between. */
kes_status kes_cheb_transform_values(kes_cheb_transform *t, const double *a, double *f)
{
    if (!t || !a || !f) return KES_EINVAL;
    const int64_t n = t->n;
    int ok = 1;
    for (int64_t k = 0; k <= n; k++) ok &= isfinite(a[k]) != 0;
    if (!ok) return KES_ENAN;
    t->ext[0] = a[0];
    t->ext[n] = a[n];
    for (int64_t k = 1; k < n; k++) t->ext[k] = t->ext[2 * n - k] = 0.5 * a[k];
    fftw_execute(t->plan);
    for (int64_t j = 0; j <= n; j++) f[j] = t->spec[j][0];
    return KES_OK;
}
