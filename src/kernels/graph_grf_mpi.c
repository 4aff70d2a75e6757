/*
 * Distributed graph random features over MPI: contiguous row blocks of Phi
 * per rank (Choromanski, ICML 2023, Sec. 4: walks from different sources
 * are independent), kernel-vector products by one all-reduce of Phi^T x.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "kestrel/graph_mpi.h"

void kes_grf_mpi_partition(int64_t n, int rank, int size, int64_t *row_begin, int64_t *row_end)
{
    if (!row_begin || !row_end) return;
    if (n < 0 || size < 1 || rank < 0 || rank >= size) {
        *row_begin = *row_end = 0;
        return;
    }
    int64_t q = n / size, r = n % size;
    int64_t b = rank * q + (rank < r ? rank : r);
    *row_begin = b;
    *row_end = b + q + (rank < r ? 1 : 0);
}

/* Agree on a status: the most negative error wins, so every rank returns
 * the same value and no rank is left waiting in a later collective. */
static kes_status agree(kes_status s, MPI_Comm comm)
{
    int mine = (int)s, all = 0;
    if (MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, comm) != MPI_SUCCESS) return KES_EIO;
    return (kes_status)all;
}

kes_status kes_grf_features_mpi(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                kes_rng *rng, MPI_Comm comm, kes_csr **Phi_local, int64_t *row_begin,
                                int64_t *row_end, kes_grf_stats *st)
{
    int rank = 0, size = 1;
    if (MPI_Comm_rank(comm, &rank) != MPI_SUCCESS || MPI_Comm_size(comm, &size) != MPI_SUCCESS) return KES_EIO;
    kes_status s = (!rng || !Phi_local || !row_begin || !row_end || !U) ? KES_EINVAL : KES_OK;
    s = agree(s, comm);
    if (s) return s;
    /* Rank 0's generator is the one that counts. */
    kes_rng r0 = *rng;
    if (MPI_Bcast(&r0, (int)sizeof r0, MPI_BYTE, 0, comm) != MPI_SUCCESS) return KES_EIO;
    int64_t b = 0, e = 0;
    kes_grf_mpi_partition(U->nrows, rank, size, &b, &e);
    kes_csr *M = NULL;
    kes_grf_stats stats;
    memset(&stats, 0, sizeof stats);
    kes_rng work = r0;
    if (e > b) {
        s = kes_grf_features_rows(U, f, f_len, o, &work, b, e, &M, &stats);
    } else {
        /* No rows here (n < ranks): rank 0 always has rows and checks the
         * arguments; the agreed status carries its verdict. */
        (void)kes_rng_u64(&work);
    }
    s = agree(s, comm);
    if (s) {
        kes_csr_destroy(M);
        return s;
    }
    long long local = M ? (long long)M->nnz : 0, total = 0;
    if (MPI_Allreduce(&local, &total, 1, MPI_LONG_LONG, MPI_SUM, comm) != MPI_SUCCESS) {
        kes_csr_destroy(M);
        return KES_EIO;
    }
    stats.nnz = (int64_t)total;
    *rng = work;
    *Phi_local = M;
    *row_begin = b;
    *row_end = e;
    if (st) *st = stats;
    return KES_OK;
}

/* z (length n) += Phi_local^T x_local, with Phi_local's rows mapped to their
 * global columns (Phi's columns are global node ids already). */
static void local_trans(const kes_csr *P, const double *x, double *z)
{
    if (!P) return;
    for (int64_t i = 0; i < P->nrows; i++)
        for (int64_t k = P->rowptr[i]; k < P->rowptr[i + 1]; k++) z[P->colind[k]] += x[i] * P->val[k];
}

static void local_apply(const kes_csr *P, const double *z, double a, int add, double *y)
{
    if (!P) return;
    for (int64_t i = 0; i < P->nrows; i++) {
        double acc = 0.0;
        for (int64_t k = P->rowptr[i]; k < P->rowptr[i + 1]; k++) acc += P->val[k] * z[P->colind[k]];
        y[i] = add ? y[i] + a * acc : a * acc;
    }
}

kes_status kes_grf_kernel_matvec_mpi(const kes_csr *Phi1_local, const kes_csr *Phi2_local, int64_t n,
                                     int symmetrize, double scale, const double *x_local, double *y_local,
                                     MPI_Comm comm)
{
    if (!Phi2_local) Phi2_local = Phi1_local;
    kes_status s = KES_OK;
    if (n <= 0) s = KES_EDIM;
    else if (n > INT_MAX) s = KES_ERANGE;
    else if (Phi1_local && (!x_local || !y_local)) s = KES_EINVAL;
    else if (Phi1_local && (Phi1_local->ncols != n || Phi2_local->ncols != n ||
                            Phi1_local->nrows != Phi2_local->nrows))
        s = KES_EDIM;
    double *z = NULL;
    if (!s) {
        z = kes__calloc_n((size_t)n, sizeof *z);
        if (!z) s = KES_ENOMEM;
    }
    s = agree(s, comm);
    if (s) {
        free(z);
        return s;
    }
    double a = symmetrize ? 0.5 * scale : scale;
    for (int pass = 0; pass < (symmetrize ? 2 : 1) && !s; pass++) {
        const kes_csr *T = pass ? Phi1_local : Phi2_local, *A = pass ? Phi2_local : Phi1_local;
        memset(z, 0, (size_t)n * sizeof *z);
        local_trans(T, x_local, z);
        if (MPI_Allreduce(MPI_IN_PLACE, z, (int)n, MPI_DOUBLE, MPI_SUM, comm) != MPI_SUCCESS) s = KES_EIO;
        else local_apply(A, z, a, pass > 0, y_local);
    }
    free(z);
    return agree(s, comm);
}
