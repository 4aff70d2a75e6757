/*
 * Binned kernel density estimation on an equispaced grid in d <= 3
 * dimensions: linear binning followed by a discrete convolution with the
 * kernel sampled at the grid offsets, done by FFT with zero padding so that
 * the circular convolution equals the linear one (Wand & Jones, "Kernel
 * Smoothing", 1995, Appendix D; M. C. Jones and H. W. Lotwick, "A remark on
 * algorithm AS 176", Appl. Statist. 33 (1984) 120-122; linear binning:
 * Hall & Wand, "On the accuracy of binned kernel density estimators",
 * J. Multivariate Anal. 56 (1996) 165-184, error O(delta^2)).
 *
 * FFTW's planner is not thread-safe, so plan creation and destruction are
 * serialised behind the library's one FFTW planner lock (shared with every
 * other layer that plans transforms); fftw_execute_dft_* on distinct plans
 * and arrays is thread-safe.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <fftw3.h>

#include "core/fftw_lock.h"
#include "kernels/kde_internal.h"

struct kes_kde_binned {
    int64_t d;
    int64_t M[3], P[3];
    double lo[3], hi[3], delta[3];
    kes_kde_opts o;   /* kernel, power; pointer fields replaced by owned copies */
    double *hdiag;    /* owned copy of bandwidth_diag, or NULL */
    double *H;        /* owned copy of bandwidth_matrix, or NULL */
    int scott;        /* bandwidth from the data at each execution */
    int kernel_ready; /* KF holds the kernel's transform */
    size_t ntot, nc;  /* real and complex array sizes */
    double *c;        /* padded counts, then the convolution */
    double *kr;       /* padded kernel */
    fftw_complex *C, *KF;
    fftw_plan fwd_c, fwd_k, inv;
};

/* Smallest m >= n whose only prime factors are 2, 3, 5, 7 (sizes FFTW is fast on). */
static int64_t fft_size(int64_t n)
{
    for (int64_t m = n;; m++) {
        int64_t t = m;
        while (t % 2 == 0) t /= 2;
        while (t % 3 == 0) t /= 3;
        while (t % 5 == 0) t /= 5;
        while (t % 7 == 0) t /= 7;
        if (t == 1) return m;
    }
}

void kes_kde_binned_destroy(kes_kde_binned *b)
{
    if (!b) return;
    kes__fftw_lock();
    if (b->fwd_c) fftw_destroy_plan(b->fwd_c);
    if (b->fwd_k) fftw_destroy_plan(b->fwd_k);
    if (b->inv) fftw_destroy_plan(b->inv);
    kes__fftw_unlock();
    fftw_free(b->c);
    fftw_free(b->kr);
    fftw_free(b->C);
    fftw_free(b->KF);
    free(b->hdiag);
    free(b->H);
    free(b);
}

/* The kernel sampled at every grid offset l delta, l_k in (-M_k, M_k),
 * placed circularly in kr (index l mod P_k), then transformed into KF. */
static kes_status kernel_transform(kes_kde_binned *b, const double *B)
{
    int64_t d = b->d;
    double logc, logdet = 0.0;
    kes_kde_kernel_log_norm(b->o.kernel, b->o.power, d, &logc);
    for (int64_t j = 0; j < d; j++) logdet += log(B[j + j * d]);
    double lognorm = logc - logdet, cut = b->o.binned_cutoff, tot = 0.0;
    for (size_t t = 0; t < b->ntot; t++) b->kr[t] = 0.0;
    int64_t P0 = b->P[0], P1 = d > 1 ? b->P[1] : 1;
    int64_t L[3] = {b->M[0] - 1, d > 1 ? b->M[1] - 1 : 0, d > 2 ? b->M[2] - 1 : 0};
    for (int64_t l2 = -L[2]; l2 <= L[2]; l2++)
        for (int64_t l1 = -L[1]; l1 <= L[1]; l1++)
            for (int64_t l0 = -L[0]; l0 <= L[0]; l0++) {
                double v[3] = {l0 * b->delta[0], d > 1 ? l1 * b->delta[1] : 0.0, d > 2 ? l2 * b->delta[2] : 0.0};
                double u[3], r2 = 0.0;
                for (int64_t a = 0; a < d; a++) { /* u = B^{-1} v, forward substitution */
                    double t = v[a];
                    for (int64_t c = 0; c < a; c++) t -= B[a + c * d] * u[c];
                    u[a] = t / B[a + a * d];
                    r2 += u[a] * u[a];
                }
                double lk;
                kes__kde_log_profile(b->o.kernel, b->o.power, &r2, &lk, NULL, 1);
                if (cut > 0.0 && r2 > cut * cut) continue;
                int64_t i0 = (l0 + P0) % P0, i1 = (l1 + P1) % P1, i2 = d > 2 ? (l2 + b->P[2]) % b->P[2] : 0;
                double kv = exp(lognorm + lk);
                b->kr[i0 + P0 * (i1 + P1 * i2)] = kv;
                tot += kv;
            }
    /* KernSmooth's bkde rescales its cut-off kernel so that its Riemann
     * sum over the grid offsets is 1 (bkde's `tot`); so does the cutoff
     * option, which makes the two estimates the same up to rounding */
    if (cut > 0.0 && tot > 0.0) {
        double cell = 1.0;
        for (int64_t a = 0; a < d; a++) cell *= b->delta[a];
        double sc = 1.0 / (tot * cell);
        for (size_t t = 0; t < b->ntot; t++) b->kr[t] *= sc;
    }
    fftw_execute_dft_r2c(b->fwd_k, b->kr, b->KF);
    b->kernel_ready = 1;
    return KES_OK;
}

kes_status kes_kde_binned_create(int64_t d, const int64_t *gridsize, const double *lo, const double *hi,
                                 const kes_kde_opts *o, kes_kde_binned **out)
{
    if (!gridsize || !lo || !hi || !out) return KES_EINVAL;
    if (d < 1 || d > 3) return KES_EDIM;
    kes_kde_opts def = kes_kde_opts_default();
    if (!o) o = &def;
    kes_status s = kes__kde_kernel_check(o->kernel, o->power);
    if (s) return s;
    if (!isfinite(o->binned_cutoff)) return KES_ENAN;
    if (o->binned_cutoff < 0.0) return KES_EDOM;
    size_t ntot = 1, nc = 1;
    int64_t P[3] = {1, 1, 1};
    for (int64_t k = 0; k < d; k++) {
        if (gridsize[k] < 2) return KES_EDIM;
        if (!isfinite(lo[k]) || !isfinite(hi[k])) return KES_ENAN;
        if (!(hi[k] > lo[k]) || !isfinite(hi[k] - lo[k])) return KES_EDOM;
        if (gridsize[k] > INT_MAX / 4) return KES_ERANGE;
        P[k] = fft_size(2 * gridsize[k] - 1);
        if (kes__mul_size((int64_t)ntot, P[k], &ntot)) return KES_ERANGE;
        if (kes__mul_size((int64_t)nc, k == 0 ? P[k] / 2 + 1 : P[k], &nc)) return KES_ERANGE;
    }
    if (ntot > (size_t)INT_MAX) return KES_ERANGE;

    kes_kde_binned *b = calloc(1, sizeof *b);
    if (!b) return KES_ENOMEM;
    b->d = d;
    b->o = *o;
    b->o.weights = NULL;
    b->ntot = ntot;
    b->nc = nc;
    for (int64_t k = 0; k < d; k++) {
        b->M[k] = gridsize[k];
        b->P[k] = P[k];
        b->lo[k] = lo[k];
        b->hi[k] = hi[k];
        b->delta[k] = (hi[k] - lo[k]) / (double)(gridsize[k] - 1);
    }
    /* Validate the bandwidth now (Scott's rule needs data: later). */
    double B[9];
    int isdiag;
    b->scott = !o->bandwidth_matrix && !o->bandwidth_diag && o->bandwidth == 0.0;
    if (!b->scott && (s = kes__kde_bandwidth_from_opts(o, d, NULL, 0, 0, NULL, B, &isdiag))) {
        free(b);
        return s;
    }
    if (o->bandwidth_diag) {
        b->hdiag = kes__malloc_n((size_t)d, sizeof *b->hdiag);
        if (b->hdiag) memcpy(b->hdiag, o->bandwidth_diag, (size_t)d * sizeof *b->hdiag);
        b->o.bandwidth_diag = b->hdiag;
    }
    if (o->bandwidth_matrix) {
        b->H = kes__malloc_n((size_t)(d * d), sizeof *b->H);
        if (b->H) memcpy(b->H, o->bandwidth_matrix, (size_t)(d * d) * sizeof *b->H);
        b->o.bandwidth_matrix = b->H;
    }
    b->c = fftw_alloc_real(ntot);
    b->kr = fftw_alloc_real(ntot);
    b->C = fftw_alloc_complex(nc);
    b->KF = fftw_alloc_complex(nc);
    if (!b->c || !b->kr || !b->C || !b->KF || (o->bandwidth_diag && !b->hdiag) || (o->bandwidth_matrix && !b->H)) {
        kes_kde_binned_destroy(b);
        return KES_ENOMEM;
    }
    /* FFTW dimensions are row-major (last fastest): ours reversed. */
    int dims[3];
    for (int64_t k = 0; k < d; k++) dims[k] = (int)P[d - 1 - k];
    kes__fftw_lock();
    b->fwd_c = fftw_plan_dft_r2c((int)d, dims, b->c, b->C, FFTW_ESTIMATE);
    b->fwd_k = fftw_plan_dft_r2c((int)d, dims, b->kr, b->KF, FFTW_ESTIMATE);
    b->inv = fftw_plan_dft_c2r((int)d, dims, b->C, b->c, FFTW_ESTIMATE);
    kes__fftw_unlock();
    if (!b->fwd_c || !b->fwd_k || !b->inv) {
        kes_kde_binned_destroy(b);
        return KES_ENOMEM;
    }
    if (!b->scott) kernel_transform(b, B);
    *out = b;
    return KES_OK;
}

/* Linear binning: each point inside the grid box shares its weight among
 * the 2^d surrounding grid points in proportion to the opposite volumes. */
static void bin_points(kes_kde_binned *b, const double *X, int64_t n, int64_t ldx, const double *w)
{
    int64_t d = b->d, P0 = b->P[0], P1 = d > 1 ? b->P[1] : 1;
    for (size_t t = 0; t < b->ntot; t++) b->c[t] = 0.0;
    if (d == 1) { /* the common case, without the corner loop */
        double lo = b->lo[0], inv = 1.0 / b->delta[0], top = (double)(b->M[0] - 1);
        int64_t lmax = b->M[0] - 2;
        for (int64_t i = 0; i < n; i++) {
            double pos = (X[i] - lo) * inv;
            if (!(pos >= 0.0) || pos > top) continue;
            int64_t l = (int64_t)pos;
            if (l > lmax) l = lmax;
            double rem = pos - (double)l, wi = w ? w[i] : 1.0;
            b->c[l] += wi * (1.0 - rem);
            b->c[l + 1] += wi * rem;
        }
        return;
    }
    for (int64_t i = 0; i < n; i++) {
        int64_t li[3] = {0, 0, 0};
        double rem[3] = {0, 0, 0};
        int inside = 1;
        for (int64_t k = 0; k < d; k++) {
            double pos = (X[i + k * ldx] - b->lo[k]) / b->delta[k];
            if (!(pos >= 0.0) || pos > (double)(b->M[k] - 1)) {
                inside = 0;
                break;
            }
            int64_t l = (int64_t)pos;
            if (l > b->M[k] - 2) l = b->M[k] - 2;
            li[k] = l;
            rem[k] = pos - (double)l;
        }
        if (!inside) continue;
        double wi = w ? w[i] : 1.0;
        for (int corner = 0; corner < (1 << d); corner++) {
            double f = wi;
            int64_t idx[3] = {0, 0, 0};
            for (int64_t k = 0; k < d; k++) {
                int up = (corner >> k) & 1;
                f *= up ? rem[k] : 1.0 - rem[k];
                idx[k] = li[k] + up;
            }
            b->c[idx[0] + P0 * (idx[1] + P1 * idx[2])] += f;
        }
    }
}

kes_status kes_kde_binned_execute(kes_kde_binned *b, const double *X, int64_t n, int64_t ldx, const double *w,
                                  double *f)
{
    if (!b || !X || !f) return KES_EINVAL;
    int64_t d = b->d;
    if (n < 1 || ldx < n) return KES_EDIM;
    for (int64_t k = 0; k < d; k++)
        if (!kes__all_finite(X + k * ldx, (size_t)n)) return KES_ENAN;
    double W = (double)n;
    kes_status s;
    if (w && (s = kes__kde_weights_check(w, n, &W, NULL))) return s;
    if (b->scott) {
        double B[9] = {0}, h[3];
        if ((s = kes__kde_scott(X, n, d, ldx, w, h))) return s;
        for (int64_t k = 0; k < d; k++) B[k + k * d] = h[k];
        kernel_transform(b, B);
    }
    bin_points(b, X, n, ldx, w);
    fftw_execute_dft_r2c(b->fwd_c, b->c, b->C);
    double scale = 1.0 / ((double)b->ntot * W);
    for (size_t t = 0; t < b->nc; t++) {
        double ar = b->C[t][0], ai = b->C[t][1], br = b->KF[t][0], bi = b->KF[t][1];
        b->C[t][0] = (ar * br - ai * bi) * scale;
        b->C[t][1] = (ar * bi + ai * br) * scale;
    }
    fftw_execute_dft_c2r(b->inv, b->C, b->c);
    int64_t M0 = b->M[0], M1 = d > 1 ? b->M[1] : 1, M2 = d > 2 ? b->M[2] : 1;
    int64_t P0 = b->P[0], P1 = d > 1 ? b->P[1] : 1;
    for (int64_t j2 = 0; j2 < M2; j2++)
        for (int64_t j1 = 0; j1 < M1; j1++)
            for (int64_t j0 = 0; j0 < M0; j0++) {
                double v = b->c[j0 + P0 * (j1 + P1 * j2)];
                f[j0 + M0 * (j1 + M1 * j2)] = v > 0.0 ? v : 0.0; /* FFT round-off may dip below 0 */
            }
    return KES_OK;
}
