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
#include "pde/pde_internal.h"

#define PI_D 3.14159265358979323846264338327950288

/* Checks the grid of both operators: dim in 1..3, n[d] >= 1 with an
 * int32 point count N (CSR indices), h[d] > 0 finite with a finite,
 * nonzero 1 / h^2.  Fills nn[0..dim) = n, *N and w[d] = 1 / h[d]^2; nn and w
 * keep the caller's 1 and 0 beyond dim. */
static kes_status grid_check(int dim, const int64_t *n, const double *h, int64_t nn[3], int64_t *N, double w[3])
{
    if (dim < 1 || dim > 3) return KES_EDIM;
    for (int d = 0; d < dim; d++)
        if (n[d] < 1) return KES_EDIM;
    for (int d = 0; d < dim; d++) {
        if (n[d] > INT32_MAX || *N > INT32_MAX / n[d]) return KES_ERANGE;
        *N *= n[d];
        nn[d] = n[d];
    }
    for (int d = 0; d < dim; d++) {
        if (!(isfinite(h[d]) && h[d] > 0.0)) return KES_EDOM;
        w[d] = 1.0 / (h[d] * h[d]);
        /* overflow (h ~ 1e-300) or underflow to 0 (h ~ 1e300: the matrix
         * would lose that axis, all-zero when every axis does, not SPD) */
        if (!isfinite(w[d]) || w[d] == 0.0) return KES_ERANGE;
    }
    return KES_OK;
}

kes_status kes_fd_laplacian(int dim, const int64_t *n, const double *h, kes_csr **A)
{
    if (!n || !h || !A) return KES_EINVAL;
    int64_t nn[3] = {1, 1, 1}, N = 1;
    double w[3] = {0, 0, 0};
    kes_status st = grid_check(dim, n, h, nn, &N, w);
    if (st) return st;
    /* every point couples to 2 dim neighbours, minus the ones outside */
    int64_t nnz = N;
    for (int d = 0; d < dim; d++) nnz += 2 * (nn[d] - 1) * (N / nn[d]);
    kes_csr *M;
    st = kes_csr_create(N, N, nnz, &M);
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
    int dim;
    int64_t n[3], N;
    dst_lines ax[3]; /* DST along axis d: n[d] long lines, N / n[d] of them */
    double *r, *t;   /* ping-pong buffers; each DST rotates the axis order */
    double *sym;     /* 1 / (prod_d 2 (n_d + 1) * sum_d lambda_d), first index fastest */
    int neumann;     /* 1: the cell-centred Neumann matrix, solved on the even extension */
    kes__fgrid g;    /* Neumann: the periodic grid of 2 n_d points per axis */
};

void kes_fd_poisson_destroy(kes_fd_poisson *p)
{
    if (!p) return;
    for (int d = 0; d < 3; d++) dst_lines_free(&p->ax[d]);
    if (p->neumann) kes__fgrid_free(&p->g);
    free(p->r);
    free(p->t);
    free(p->sym);
    free(p);
}

kes_status kes_fd_poisson_from_box(int dim, const int64_t *n, const double *h, kes_fd_poisson **out)
{
    if (!n || !h || !out) return KES_EINVAL;
    if (dim < 1 || dim > 3) return KES_EDIM;
    for (int d = 0; d < dim; d++)
        if (n[d] < 1) return KES_EDIM;
    /* FFTW takes int lengths and counts: 2 (n + 1) and the line counts must fit */
    int64_t N = 1;
    for (int d = 0; d < dim; d++) {
        if (n[d] > INT_MAX / 2 - 1 || n[d] > INT64_MAX / N) return KES_ERANGE;
        N *= n[d];
    }
    if (N > INT_MAX) return KES_ERANGE;
    for (int d = 0; d < dim; d++)
        if (!(isfinite(h[d]) && h[d] > 0.0)) return KES_EDOM;
    size_t bytes;
    if (kes__mul_size(N, 16 * (int64_t)sizeof(double), &bytes)) return KES_ERANGE;
    kes_fd_poisson *P = calloc(1, sizeof *P);
    if (!P) return KES_ENOMEM;
    P->dim = dim;
    P->N = N;
    for (int d = 0; d < 3; d++) P->n[d] = d < dim ? n[d] : 1;
    P->r = kes__malloc_n((size_t)N, sizeof(double));
    P->t = kes__malloc_n((size_t)N, sizeof(double));
    P->sym = kes__malloc_n((size_t)N, sizeof(double));
    kes_status st = (!P->r || !P->t || !P->sym) ? KES_ENOMEM : KES_OK;
    for (int d = 0; d < dim && !st; d++) st = dst_lines_init(&P->ax[d], n[d], N / n[d]);
    if (st) {
        kes_fd_poisson_destroy(P);
        return st;
    }
    /* eigenvalues of the 1-D -D2 with Dirichlet ends: 4 sin^2(pi p / (2(n+1))) / h^2 */
    double den = 1.0, *lam[3];
    for (int d = 0; d < dim; d++) den *= 2.0 * (double)(n[d] + 1);
    double scale = 1.0 / den;
    double *lam_store = kes__malloc_n((size_t)(P->n[0] + P->n[1] + P->n[2]), sizeof(double));
    if (!lam_store) {
        kes_fd_poisson_destroy(P);
        return KES_ENOMEM;
    }
    lam[0] = lam_store;
    lam[1] = lam[0] + P->n[0];
    lam[2] = lam[1] + P->n[1];
    for (int d = 0; d < 3; d++)
        for (int64_t q = 0; q < P->n[d]; q++) {
            if (d >= dim) {
                lam[d][q] = 0.0;
                continue;
            }
            double sq = sin(PI_D * (double)(q + 1) / (2.0 * (double)(n[d] + 1)));
            lam[d][q] = 4.0 * sq * sq / (h[d] * h[d]);
        }
    int64_t i = 0;
    for (int64_t q2 = 0; q2 < P->n[2]; q2++)
        for (int64_t q1 = 0; q1 < P->n[1]; q1++)
            for (int64_t q0 = 0; q0 < P->n[0]; q0++, i++) {
                /* same summation order as the 2-D solver always had: lam + mu */
                double ev = dim == 3 ? (lam[0][q0] + lam[1][q1]) + lam[2][q2]
                                     : (dim == 2 ? lam[0][q0] + lam[1][q1] : lam[0][q0]);
                P->sym[i] = scale / ev;
            }
    free(lam_store);
    *out = P;
    return KES_OK;
}

kes_status kes_fd_poisson_create(const int64_t *n, const double *h, kes_fd_poisson **out)
{
    if (!n || !h || !out) return KES_EINVAL;
    return kes_fd_poisson_from_box(2, n, h, out);
}

/* A = S diag(sum_d lambda_d) S / prod_d 2 (n_d + 1) with S the DST-I along
 * every axis, which is its own inverse up to that factor:
 * u = S (sym .* (S f)).  Each batched line transform writes its output
 * transposed (the transformed axis last), so dim of them bring the data
 * back to first-index-fastest order. */
static kes_status neumann_solve(kes_fd_poisson *p, const double *f, double *u);

kes_status kes_fd_poisson_solve(kes_fd_poisson *p, const double *f, double *u)
{
    if (!p || !f || !u) return KES_EINVAL;
    if (p->neumann) return neumann_solve(p, f, u);
    int ok = 1;
    for (int64_t i = 0; i < p->N; i++) {
        ok &= isfinite(f[i]) != 0;
        p->r[i] = f[i];
    }
    if (!ok) return KES_ENAN;
    double *src = p->r, *oth = p->t;
    for (int d = 0; d < p->dim; d++) {
        dst_lines_apply(&p->ax[d], src, oth);
        double *tmp = src;
        src = oth;
        oth = tmp;
    }
    for (int64_t i = 0; i < p->N; i++) src[i] *= p->sym[i];
    for (int d = 0; d < p->dim; d++) {
        double *dst = d == p->dim - 1 ? u : oth;
        dst_lines_apply(&p->ax[d], src, dst);
        oth = src;
        src = dst;
    }
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

/* ------------------------------------------- variable-coefficient diffusion */

/* -div(a grad u) by the conservative (finite-volume) 3/5/7-point scheme:
 * row i gets, for each neighbour j across a face with coefficient a_f along
 * axis d, -a_f / h_d^2 at (i, j) and +a_f / h_d^2 on the diagonal
 * (LeVeque 2007, section 2.15).  Dirichlet faces on the boundary add to the
 * diagonal only (the boundary value 0 is eliminated); Neumann boundary
 * faces add nothing (zero flux).  The face coefficient is evaluated once
 * and used by both rows it couples, so the matrix is exactly symmetric. */
kes_status kes_fd_diffusion(int dim, const int64_t *n, const double *h, kes_fd_bc bc, kes_fd_coef_fn a, void *ctx,
                            kes_csr **A)
{
    if (!n || !h || !A) return KES_EINVAL;
    if (bc != KES_FD_DIRICHLET && bc != KES_FD_NEUMANN) return KES_EINVAL;
    int64_t nn[3] = {1, 1, 1}, N = 1;
    double w[3] = {0, 0, 0};
    kes_status st = grid_check(dim, n, h, nn, &N, w);
    if (st) return st;
    const int dir = bc == KES_FD_DIRICHLET;
    int64_t nnz = N;
    for (int d = 0; d < dim; d++) nnz += 2 * (nn[d] - 1) * (N / nn[d]);
    kes_csr *M;
    st = kes_csr_create(N, N, nnz, &M);
    if (st) return st;
    /* face weights: lo[d][q] = a(face below point q along d) w[d], 0 for a
     * Neumann boundary face; the face above q is the face below q + s_d,
     * or the upper boundary face hi[d][q] for the last point of a line */
    double *lo = kes__malloc_n((size_t)(dim * N), sizeof(double));
    double *hi = kes__malloc_n((size_t)(dim * N), sizeof(double));
    if (!lo || !hi) {
        free(lo);
        free(hi);
        kes_csr_destroy(M);
        return KES_ENOMEM;
    }
    const int64_t str[3] = {1, nn[0], nn[0] * nn[1]};
    const double off = dir ? 1.0 : 0.5; /* point i sits at (i + off) h */
    int64_t q = 0;
    st = KES_OK;
    for (int64_t i2 = 0; i2 < nn[2] && !st; i2++)
        for (int64_t i1 = 0; i1 < nn[1] && !st; i1++)
            for (int64_t i0 = 0; i0 < nn[0] && !st; i0++, q++) {
                const int64_t idx[3] = {i0, i1, i2};
                for (int d = 0; d < dim && !st; d++) {
                    for (int side = 0; side < 2 && !st; side++) {
                        double *dst = side ? &hi[d * N + q] : &lo[d * N + q];
                        int boundary = side ? idx[d] == nn[d] - 1 : idx[d] == 0;
                        if (!side && !boundary) { /* the upper face of the point below */
                            *dst = hi[d * N + q - str[d]];
                            continue;
                        }
                        if (boundary && !dir) { /* zero flux */
                            *dst = 0.0;
                            continue;
                        }
                        double x[3];
                        for (int e = 0; e < dim; e++) x[e] = ((double)idx[e] + off) * h[e];
                        x[d] = ((double)idx[d] + off + (side ? 0.5 : -0.5)) * h[d];
                        double av = a ? a(ctx, x) : 1.0;
                        if (!(isfinite(av) && av > 0.0)) {
                            st = KES_EDOM;
                        } else {
                            *dst = av * w[d];
                            if (!isfinite(*dst)) st = KES_ERANGE;
                        }
                    }
                }
            }
    if (st) {
        free(lo);
        free(hi);
        kes_csr_destroy(M);
        return st;
    }
    int64_t k = 0;
    q = 0;
    for (int64_t i2 = 0; i2 < nn[2]; i2++)
        for (int64_t i1 = 0; i1 < nn[1]; i1++)
            for (int64_t i0 = 0; i0 < nn[0]; i0++, q++) {
                const int64_t idx[3] = {i0, i1, i2};
                M->rowptr[q] = k;
                double diag = 0.0;
                for (int d = 0; d < dim; d++) diag += lo[d * N + q] + hi[d * N + q];
                /* ascending columns: -z, -y, -x, centre, +x, +y, +z */
                for (int d = dim - 1; d >= 0; d--)
                    if (idx[d] > 0) {
                        M->colind[k] = (int32_t)(q - str[d]);
                        M->val[k++] = -lo[d * N + q];
                    }
                M->colind[k] = (int32_t)q;
                M->val[k++] = diag;
                for (int d = 0; d < dim; d++)
                    if (idx[d] + 1 < nn[d]) {
                        M->colind[k] = (int32_t)(q + str[d]);
                        M->val[k++] = -hi[d * N + q];
                    }
            }
    M->rowptr[N] = k;
    free(lo);
    free(hi);
    *A = M;
    return KES_OK;
}

/* ----------------------------------------------------- step matrices */

kes_status kes_fd_step_matrix(const kes_csr *L, double c, kes_csr **S)
{
    if (!L || !S || !L->rowptr || !L->colind || !L->val) return KES_EINVAL;
    if (L->nrows < 1 || L->ncols < 1) return KES_EINVAL;
    if (L->nrows != L->ncols) return KES_EDIM;
    if (!isfinite(c)) return KES_EDOM;
    const int64_t n = L->nrows;
    if (L->rowptr[0] != 0 || L->nnz != L->rowptr[n] || L->nnz < 0) return KES_EINVAL;
    int64_t missing = 0;
    for (int64_t i = 0; i < n; i++) {
        if (L->rowptr[i + 1] < L->rowptr[i]) return KES_EINVAL;
        int has = 0;
        for (int64_t p = L->rowptr[i]; p < L->rowptr[i + 1]; p++) {
            if (L->colind[p] < 0 || L->colind[p] >= n) return KES_EINVAL;
            if (p > L->rowptr[i] && L->colind[p] <= L->colind[p - 1]) return KES_EINVAL;
            if (!isfinite(L->val[p])) return KES_ENAN;
            if (!isfinite(c * L->val[p])) return KES_ERANGE;
            has |= L->colind[p] == i;
        }
        missing += !has;
    }
    if (L->nnz > INT64_MAX - missing) return KES_ERANGE;
    kes_csr *M;
    kes_status st = kes_csr_create(n, n, L->nnz + missing, &M);
    if (st) return st;
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        M->rowptr[i] = k;
        int done = 0;
        for (int64_t p = L->rowptr[i]; p < L->rowptr[i + 1]; p++) {
            int32_t j = L->colind[p];
            if (!done && j > i) { /* L has no diagonal entry in this row */
                M->colind[k] = (int32_t)i;
                M->val[k++] = 1.0;
                done = 1;
            }
            M->colind[k] = j;
            M->val[k++] = j == i ? 1.0 + c * L->val[p] : c * L->val[p];
            done |= j == i;
        }
        if (!done) {
            M->colind[k] = (int32_t)i;
            M->val[k++] = 1.0;
        }
    }
    M->rowptr[n] = k;
    *S = M;
    return KES_OK;
}

/* --------------------------------------------------- Neumann Poisson */

/* The cell-centred Neumann matrix of kes_fd_diffusion (a = 1) on n_d cells
 * per axis is the periodic 3/5/7-point Laplacian on 2 n_d points per axis
 * restricted to fields that are even about every cell face x = 0, n_d h_d
 * (the ghost value beyond a face equals its mirror image, which is the
 * zero-flux condition).  So the solve extends f evenly, runs the periodic
 * spectral solve of that matrix (eigenvalues sum_d 4 sin^2(pi k_d /
 * (2 n_d)) / h_d^2 on the Fourier modes; LeVeque 2007, section 2.12;
 * Strang, "The discrete cosine transform", SIAM Review 41:135-147, 1999),
 * whose even solution restricted to the first n_d points solves the
 * Neumann system.  The zero mode is dropped: u = A^+ (f - mean f), zero mean. */
kes_status kes_fd_poisson_from_bc(int dim, const int64_t *n, const double *h, kes_fd_bc bc, kes_fd_poisson **out)
{
    if (!n || !h || !out) return KES_EINVAL;
    if (bc != KES_FD_DIRICHLET && bc != KES_FD_NEUMANN) return KES_EINVAL;
    if (bc == KES_FD_DIRICHLET) return kes_fd_poisson_from_box(dim, n, h, out);
    if (dim < 1 || dim > 3) return KES_EDIM;
    int64_t m[3] = {1, 1, 1}, N = 1;
    for (int d = 0; d < dim; d++)
        if (n[d] < 1) return KES_EDIM;
    for (int d = 0; d < dim; d++) {
        if (n[d] > INT_MAX / 2 || n[d] > INT64_MAX / 8 / N) return KES_ERANGE;
        N *= n[d];
        m[d] = 2 * n[d];
    }
    if (N > INT_MAX) return KES_ERANGE;
    for (int d = 0; d < dim; d++)
        if (!(isfinite(h[d]) && h[d] > 0.0)) return KES_EDOM;
    kes_status st = kes__fgrid_check(dim, m, NULL);
    if (st) return st;
    double w[3] = {0, 0, 0};
    for (int d = 0; d < dim; d++) {
        w[d] = 1.0 / (h[d] * h[d]);
        if (!isfinite(w[d]) || w[d] == 0.0) return KES_ERANGE;
    }
    kes_fd_poisson *P = calloc(1, sizeof *P);
    if (!P) return KES_ENOMEM;
    P->dim = dim;
    P->N = N;
    P->neumann = 1;
    for (int d = 0; d < 3; d++) P->n[d] = d < dim ? n[d] : 1;
    st = kes__fgrid_init(&P->g, dim, m, NULL, KES_FFT_ESTIMATE);
    if (st) {
        P->neumann = 0;
        kes_fd_poisson_destroy(P);
        return st;
    }
    P->sym = kes__malloc_n((size_t)P->g.nspec, sizeof(double));
    if (!P->sym) {
        kes_fd_poisson_destroy(P);
        return KES_ENOMEM;
    }
    const double scale = 1.0 / (double)P->g.nreal;
    int64_t q = 0;
    for (int64_t j2 = 0; j2 < P->g.n[2]; j2++)
        for (int64_t j1 = 0; j1 < P->g.n[1]; j1++)
            for (int64_t j0 = 0; j0 < P->g.n[0] / 2 + 1; j0++, q++) {
                const int64_t j[3] = {j0, j1, j2};
                double lam = 0.0;
                for (int d = 0; d < dim; d++) {
                    double s = sin(PI_D * (double)j[d] / (double)P->g.n[d]);
                    lam += 4.0 * s * s * w[d];
                }
                P->sym[q] = q == 0 ? 0.0 : scale / lam;
            }
    *out = P;
    return KES_OK;
}

static kes_status neumann_solve(kes_fd_poisson *p, const double *f, double *u)
{
    const int64_t n0 = p->n[0], n1 = p->n[1], n2 = p->n[2];
    const int64_t m0 = p->g.n[0], m1 = p->g.n[1], m2 = p->g.n[2];
    int ok = 1;
    for (int64_t i = 0; i < p->N; i++) ok &= isfinite(f[i]) != 0;
    if (!ok) return KES_ENAN;
    double *r = p->g.r;
    /* even extension: index i of the extended axis reads i or 2n - 1 - i */
    for (int64_t i2 = 0; i2 < m2; i2++) {
        int64_t s2 = i2 < n2 ? i2 : m2 - 1 - i2;
        for (int64_t i1 = 0; i1 < m1; i1++) {
            int64_t s1 = i1 < n1 ? i1 : m1 - 1 - i1;
            const double *src = f + n0 * (s1 + n1 * s2);
            double *dst = r + m0 * (i1 + m1 * i2);
            for (int64_t i0 = 0; i0 < n0; i0++) dst[i0] = dst[m0 - 1 - i0] = src[i0];
        }
    }
    fftw_execute(p->g.fwd);
    for (int64_t q = 0; q < p->g.nspec; q++) {
        p->g.c[q][0] *= p->sym[q];
        p->g.c[q][1] *= p->sym[q];
    }
    fftw_execute(p->g.bwd);
    for (int64_t i2 = 0; i2 < n2; i2++)
        for (int64_t i1 = 0; i1 < n1; i1++)
            memcpy(u + n0 * (i1 + n1 * i2), r + m0 * (i1 + m1 * i2), sizeof(double) * (size_t)n0);
    return KES_OK;
}
