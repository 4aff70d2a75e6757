/*
 * Finite differences on boxes: the 3/5/7-point negative Dirichlet Laplacian
 * assembled into CSR, and the fast direct solver of the 5-point matrix by
 * the discrete sine transform (DST-I) along both axes.
 *
 * References: LeVeque, "Finite Difference Methods for Ordinary and Partial
 * Differential Equations" (SIAM 2007), ch. 3; Buzbee, Golub & Nielson, "On
 * direct methods for solving Poisson's equations", SIAM J. Numer. Anal.
 * 7:627-656 (1970); FFTW 3.3 manual, "1d Real-odd DFTs (DSTs)".
 */
#include <fftw3.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/fftw_lock.h"
#include "core/internal.h"
#include "kestrel/pde.h"

#define PI_D 3.14159265358979323846264338327950288

kes_status kes_fd_laplacian(int dim, const int64_t *n, const double *h, kes_csr **A)
{
    if (!n || !h || !A) return KES_EINVAL;
    if (dim < 1 || dim > 3) return KES_EDIM;
    int64_t nn[3] = {1, 1, 1}, N = 1;
    double w[3] = {0, 0, 0};
    for (int d = 0; d < dim; d++)
        if (n[d] < 1) return KES_EDIM;
    for (int d = 0; d < dim; d++) {
        if (n[d] > INT32_MAX || N > INT32_MAX / n[d]) return KES_ERANGE;
        N *= n[d];
        nn[d] = n[d];
    }
    for (int d = 0; d < dim; d++) {
        if (!(isfinite(h[d]) && h[d] > 0.0)) return KES_EDOM;
        w[d] = 1.0 / (h[d] * h[d]);
        /* overflow (h ~ 1e-300) or underflow to 0 (h ~ 1e300: the matrix
         * would lose that axis, all-zero when every axis does, not SPD) */
        if (!isfinite(w[d]) || w[d] == 0.0) return KES_ERANGE;
    }
    /* every point couples to 2 dim neighbours, minus the ones outside */
    int64_t nnz = N;
    for (int d = 0; d < dim; d++) nnz += 2 * (nn[d] - 1) * (N / nn[d]);
    kes_csr *M;
    kes_status st = kes_csr_create(N, N, nnz, &M);
    if (st) return st;
    double diag = 2.0 * (w[0] + w[1] + w[2]);
    int64_t s1 = nn[0], s2 = nn[0] * nn[1], k = 0, q = 0;
    for (int64_t i2 = 0; i2 < nn[2]; i2++)
        for (int64_t i1 = 0; i1 < nn[1]; i1++)
            for (int64_t i0 = 0; i0 < nn[0]; i0++, q++) {
                M->rowptr[q] = k;
                /* ascending columns: -z, -y, -x, centre, +x, +y, +z */
                if (i2 > 0) { M->colind[k] = (int32_t)(q - s2); M->val[k++] = -w[2]; }
                if (i1 > 0) { M->colind[k] = (int32_t)(q - s1); M->val[k++] = -w[1]; }
                if (i0 > 0) { M->colind[k] = (int32_t)(q - 1); M->val[k++] = -w[0]; }
                M->colind[k] = (int32_t)q;
                M->val[k++] = diag;
                if (i0 + 1 < nn[0]) { M->colind[k] = (int32_t)(q + 1); M->val[k++] = -w[0]; }
                if (i1 + 1 < nn[1]) { M->colind[k] = (int32_t)(q + s1); M->val[k++] = -w[1]; }
                if (i2 + 1 < nn[2]) { M->colind[k] = (int32_t)(q + s2); M->val[k++] = -w[2]; }
            }
    M->rowptr[N] = k;
    *A = M;
    return KES_OK;
}

/* --------------------------------------------------- DST-I Poisson */

/* DST-I (FFTW's RODFT00: Z_k = 2 sum_j x_j sin(pi (j+1)(k+1) / (n+1))) of
 * every contiguous line, computed as FFTW computes RODFT00 itself: by a real
 * DFT of the odd extension y = (0, x, 0, -reverse(x)) of length
 * M = 2(n+1), Z_k = -Im Y_{k+1} (FFTW 3.3 manual, "1d Real-odd DFTs").
 * Kestrel does the extension in a buffer owned by the plan and runs one
 * batched contiguous r2c: FFTW's own RODFT00 algorithms allocate scratch
 * inside every execute, and so do its strided batches. */
typedef struct dst_lines {
    int64_t n, nlines, M, mc; /* line length, count, extension length, M/2 + 1 */
    double *ext;              /* nlines x M */
    fftw_complex *spec;       /* nlines x mc */
    fftw_plan plan;
} dst_lines;

static kes_status dst_lines_init(dst_lines *d, int64_t n, int64_t nlines)
{
    memset(d, 0, sizeof *d);
    d->n = n;
    d->nlines = nlines;
    d->M = 2 * (n + 1);
    d->mc = n + 2;
    size_t t;
    if (kes__mul_size(nlines, d->M, &t) || kes__mul_size(nlines, d->mc * 2, &t)) return KES_ERANGE;
    d->ext = fftw_alloc_real((size_t)(nlines * d->M));
    d->spec = fftw_alloc_complex((size_t)(nlines * d->mc));
    if (!d->ext || !d->spec) return KES_ENOMEM;
    int M = (int)d->M;
    kes__fftw_lock();
    d->plan = fftw_plan_many_dft_r2c(1, &M, (int)nlines, d->ext, NULL, 1, M, d->spec, NULL, 1, (int)d->mc,
                                     FFTW_ESTIMATE);
    kes__fftw_unlock();
    return d->plan ? KES_OK : KES_ENOMEM;
}

static void dst_lines_free(dst_lines *d)
{
    if (d->plan) {
        kes__fftw_lock();
        fftw_destroy_plan(d->plan);
        kes__fftw_unlock();
    }
    fftw_free(d->ext);
    fftw_free(d->spec);
    memset(d, 0, sizeof *d);
}

/* out (transposed: element (l, k) at l + nlines k) = DST-I of each line
 * in[l n .. l n + n). */
static void dst_lines_apply(dst_lines *d, const double *in, double *out)
{
    const int64_t n = d->n, M = d->M, mc = d->mc, L = d->nlines;
    for (int64_t l = 0; l < L; l++) {
        double *e = d->ext + l * M;
        const double *x = in + l * n;
        e[0] = 0.0;
        e[n + 1] = 0.0;
        for (int64_t j = 0; j < n; j++) {
            e[j + 1] = x[j];
            e[M - 1 - j] = -x[j];
        }
    }
    fftw_execute(d->plan);
    for (int64_t l = 0; l < L; l++) {
        const fftw_complex *Y = d->spec + l * mc;
        for (int64_t k = 0; k < n; k++) out[l + L * k] = -Y[k + 1][1];
    }
}

struct kes_fd_poisson {
    int64_t n0, n1, N;
    dst_lines ax0, ax1; /* DST along axis 0 (n1 lines), along axis 1 (n0 lines) */
    double *r, *t;      /* data, first index fastest / transposed */
    double *sym;        /* 1 / (4 (n0+1)(n1+1) (lambda_p + mu_q)), first index fastest */
};

void kes_fd_poisson_destroy(kes_fd_poisson *p)
{
    if (!p) return;
    dst_lines_free(&p->ax0);
    dst_lines_free(&p->ax1);
    free(p->r);
    free(p->t);
    free(p->sym);
    free(p);
}

kes_status kes_fd_poisson_create(const int64_t *n, const double *h, kes_fd_poisson **out)
{
    if (!n || !h || !out) return KES_EINVAL;
    if (n[0] < 1 || n[1] < 1) return KES_EDIM;
    /* FFTW takes int lengths and counts: 2 (n + 1) and n must fit */
    if (n[0] > INT_MAX / 2 - 1 || n[1] > INT_MAX / 2 - 1 || n[0] > INT64_MAX / n[1]) return KES_ERANGE;
    for (int d = 0; d < 2; d++)
        if (!(isfinite(h[d]) && h[d] > 0.0)) return KES_EDOM;
    size_t bytes;
    if (kes__mul_size(n[0] * n[1], 16 * (int64_t)sizeof(double), &bytes)) return KES_ERANGE;
    kes_fd_poisson *P = calloc(1, sizeof *P);
    if (!P) return KES_ENOMEM;
    P->n0 = n[0];
    P->n1 = n[1];
    P->N = n[0] * n[1];
    P->r = kes__malloc_n((size_t)P->N, sizeof(double));
    P->t = kes__malloc_n((size_t)P->N, sizeof(double));
    P->sym = kes__malloc_n((size_t)P->N, sizeof(double));
    kes_status st = KES_ENOMEM;
    if (!P->r || !P->t || !P->sym || (st = dst_lines_init(&P->ax0, n[0], n[1])) ||
        (st = dst_lines_init(&P->ax1, n[1], n[0]))) {
        kes_fd_poisson_destroy(P);
        return st;
    }
    /* eigenvalues of the 1-D -D2 with Dirichlet ends: 4 sin^2(pi p / (2(n+1))) / h^2 */
    double scale = 1.0 / (4.0 * (double)(n[0] + 1) * (double)(n[1] + 1));
    for (int64_t q = 0; q < n[1]; q++) {
        double s = sin(PI_D * (double)(q + 1) / (2.0 * (double)(n[1] + 1)));
        double mu = 4.0 * s * s / (h[1] * h[1]);
        for (int64_t p = 0; p < n[0]; p++) {
            double t = sin(PI_D * (double)(p + 1) / (2.0 * (double)(n[0] + 1)));
            double lam = 4.0 * t * t / (h[0] * h[0]);
            P->sym[p + n[0] * q] = scale / (lam + mu);
        }
    }
    *out = P;
    return KES_OK;
}

/* A = S diag(lambda_p + mu_q) S / (4 (n0+1)(n1+1)) with S the 2-D DST-I,
 * which is its own inverse up to that factor: u = S (sym .* (S f)). */
kes_status kes_fd_poisson_solve(kes_fd_poisson *p, const double *f, double *u)
{
    if (!p || !f || !u) return KES_EINVAL;
    int ok = 1;
    for (int64_t i = 0; i < p->N; i++) {
        ok &= isfinite(f[i]) != 0;
        p->r[i] = f[i];
    }
    if (!ok) return KES_ENAN;
    dst_lines_apply(&p->ax0, p->r, p->t); /* axis 0; t is axis-1 fastest */
    dst_lines_apply(&p->ax1, p->t, p->r); /* axis 1; back to axis-0 fastest */
    for (int64_t i = 0; i < p->N; i++) p->r[i] *= p->sym[i];
    dst_lines_apply(&p->ax0, p->r, p->t);
    dst_lines_apply(&p->ax1, p->t, u);
    return KES_OK;
}

static kes_status fd_poisson_apply(void *ctx, const double *x, double *y)
{
    return kes_fd_poisson_solve(ctx, x, y);
}

kes_status kes_linop_fd_poisson(kes_fd_poisson *p, kes_linop *op)
{
    if (!p || !op) return KES_EINVAL;
    op->n = p->N;
    op->apply = fd_poisson_apply;
    op->ctx = p;
    return KES_OK;
}
