/*
 * Random-feature Gaussian density estimate (Rahimi & Recht, "Random
 * features for large-scale kernel machines", NIPS 2007): the kernel sum
 * over n points becomes an inner product with their mean embedding, so a
 * query costs O(d D) whatever n.  The features come from the kernels
 * layer's plan (kes_rff, map KES_RF_SINCOS, unit Gaussian kernel) applied
 * to the whitened points, whose columns r and r + D/2 are
 * sqrt(2/D) cos(omega_r . u) and sqrt(2/D) sin(omega_r . u).
 *
 * Per query the D/2 terms g_r = C_r cos(omega_r . y) + S_r sin(omega_r . y)
 * = (1/W) sum_i w_i cos(omega_r . (y - x_i)) are i.i.d. over r with mean
 * the kernel average, so their sample variance over r gives the standard
 * error of their mean directly (the usual Monte Carlo estimate).
 */
#include <math.h>

#include "kernels/kde_internal.h"
#include "kestrel/kernels.h"

#define ROWS 1024 /* rows per transform block */

struct kes_kde_rff {
    const kes_kde *kde; /* for whitening queries; must outlive r */
    int64_t d, D;
    kes_rff *plan;
    double *emb;   /* D, the weighted mean of the points' features */
    double logc;   /* log of (2 pi)^(-d/2) / |B| */
};

void kes_kde_rff_destroy(kes_kde_rff *r)
{
    if (!r) return;
    kes_rff_destroy(r->plan);
    free(r->emb);
    free(r);
}

kes_status kes_kde_rff_create(const kes_kde *kde, int64_t D, kes_rng *rng, kes_kde_rff **out)
{
    if (!kde || !rng || !out) return KES_EINVAL;
    kes__kde_parts k;
    kes__kde_get_parts(kde, &k);
    if (k.kernel != KES_KDE_GAUSSIAN) return KES_ENOTSUP;
    if (D < 2 || D % 2) return KES_EDIM;
    size_t bd;
    if (kes__mul_size(ROWS, D, &bd)) return KES_ERANGE;
    kes_kde_rff *r = calloc(1, sizeof *r);
    if (!r) return KES_ENOMEM;
    r->kde = kde;
    r->d = k.d;
    r->D = D;
    r->logc = k.lognorm + k.logW;
    kes_kernel g = kes_kernel_gaussian(1.0);
    kes_rff_opts ro = kes_rff_opts_default();
    ro.map = KES_RF_SINCOS;
    kes_status s = kes_rff_create(&g, k.d, D, &ro, rng, &r->plan);
    if (s) {
        free(r);
        return s;
    }
    r->emb = kes__calloc_n((size_t)D, sizeof *r->emb);
    double *Z = kes__malloc_n(bd, sizeof *Z), *wb = k.logw ? kes__malloc_n(ROWS, sizeof *wb) : NULL;
    if (!r->emb || !Z || (k.logw && !wb)) {
        free(Z);
        free(wb);
        kes_kde_rff_destroy(r);
        return KES_ENOMEM;
    }
    /* emb_c = sum_i (w_i / W) Z_ic, accumulated block by block */
    for (int64_t i0 = 0; i0 < k.n && !s; i0 += ROWS) {
        int64_t nb = k.n - i0 < ROWS ? k.n - i0 : ROWS;
        kes_cmat X = {.nrows = nb, .ncols = k.d, .ld = k.ldxw, .data = k.Xw + i0};
        kes_mat Zv = {.nrows = nb, .ncols = D, .ld = nb, .data = Z};
        if ((s = kes_rff_transform(r->plan, X, Zv))) break;
        if (wb)
            for (int64_t i = 0; i < nb; i++) wb[i] = exp(k.logw[i0 + i] - k.logW);
        for (int64_t c = 0; c < D; c++) {
            const double *z = Z + c * nb;
            double acc = 0.0;
            if (wb)
                for (int64_t i = 0; i < nb; i++) acc += wb[i] * z[i];
            else
                for (int64_t i = 0; i < nb; i++) acc += z[i];
            r->emb[c] += acc;
        }
    }
    free(Z);
    free(wb);
    if (s) {
        kes_kde_rff_destroy(r);
        return s;
    }
    if (!k.logw)
        for (int64_t c = 0; c < D; c++) r->emb[c] /= (double)k.n;
    *out = r;
    return KES_OK;
}

kes_status kes_kde_rff_density(const kes_kde_rff *r, const double *Y, int64_t m, int64_t ldy, double *p, double *se)
{
    if (!r || !Y || !p) return KES_EINVAL;
    if (m < 1 || ldy < m) return KES_EDIM;
    int64_t d = r->d, D = r->D, Df = D / 2;
    for (int64_t j = 0; j < d; j++)
        if (!kes__all_finite(Y + j * ldy, (size_t)m)) return KES_ENAN;
    size_t md, bd;
    if (kes__mul_size(m, d, &md) || kes__mul_size(ROWS, D, &bd)) return KES_ERANGE;
    double *Yw = kes__malloc_n(md, sizeof *Yw), *Z = kes__malloc_n(bd, sizeof *Z);
    double *pv = kes__malloc_n((size_t)m, sizeof *pv), *sv = kes__malloc_n((size_t)m, sizeof *sv);
    kes_status s = KES_OK;
    if (!Yw || !Z || !pv || !sv) s = KES_ENOMEM;
    if (!s) {
        for (int64_t j = 0; j < d; j++) memcpy(Yw + j * m, Y + j * ldy, (size_t)m * sizeof *Y);
        kes__kde_whiten(r->kde, Yw, m, m);
    }
    double c = exp(r->logc);
    for (int64_t q0 = 0; q0 < m && !s; q0 += ROWS) {
        int64_t nb = m - q0 < ROWS ? m - q0 : ROWS;
        kes_cmat X = {.nrows = nb, .ncols = d, .ld = m, .data = Yw + q0};
        kes_mat Zv = {.nrows = nb, .ncols = D, .ld = nb, .data = Z};
        if ((s = kes_rff_transform(r->plan, X, Zv))) break;
        /* g_r = (D/2) (Z_r emb_r + Z_{r+Df} emb_{r+Df}): mean and spread over r */
        for (int64_t q = 0; q < nb; q++) {
            double sum = 0.0, sum2 = 0.0;
            for (int64_t k = 0; k < Df; k++) {
                double g = (double)Df * (Z[q + k * nb] * r->emb[k] + Z[q + (k + Df) * nb] * r->emb[k + Df]);
                sum += g;
                sum2 += g * g;
            }
            double mean = sum / (double)Df;
            double var = Df > 1 ? (sum2 - sum * mean) / (double)(Df - 1) : 0.0;
            pv[q0 + q] = c * mean;
            sv[q0 + q] = c * sqrt((var > 0.0 ? var : 0.0) / (double)Df);
        }
    }
    if (!s) {
        memcpy(p, pv, (size_t)m * sizeof *p);
        if (se) memcpy(se, sv, (size_t)m * sizeof *se);
    }
    free(Yw);
    free(Z);
    free(pv);
    free(sv);
    return s;
}
