/**
 * @file kestrel/graph_mpi.h
 * @brief Distributed graph random features on MPI (library kestrel_mpi;
 * link kestrel_mpi, kestrel and MPI).
 *
 * Every source node's walks are independent (Choromanski, "Taming graph
 * kernels with random features", ICML 2023, Sec. 4), so the rows of Phi
 * are partitioned across ranks in contiguous blocks and each rank walks
 * from its own sources.  The graph matrix U is replicated on every rank
 * (O(nnz(U)) memory); Phi, the large object (about n m / p_halt entries),
 * is distributed.  Because source i always uses stream i of the ensemble
 * key drawn from the caller's generator, the block a rank builds is
 * bit-identical to the same rows of the serial kes_grf_features, for any
 * number of ranks and threads.
 *
 * All functions but kes_grf_mpi_partition are collective over comm: every
 * rank must call them with the same arguments (U, f, options) and they
 * return the same status on every rank.  Thread-safety is that of the MPI
 * library for comm; calls on distinct communicators with distinct
 * generators do not interfere.
 */
#ifndef KESTREL_GRAPH_MPI_H
#define KESTREL_GRAPH_MPI_H

#include <mpi.h>

#include "kestrel/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Contiguous block partition of n rows over size ranks: rank r owns
 * [*row_begin, *row_end), the first n % size ranks one row more.  Not
 * collective.
 * @param[in]  n          number of rows.
 * @param[in]  rank       this rank, 0 <= rank < size.
 * @param[in]  size       number of ranks.
 * @param[out] row_begin  first row owned.
 * @param[out] row_end    one past the last row owned.
 *
 * Never fails (an empty range when n < size).  Cost O(1).  Thread-safe.
 */
KES_API void kes_grf_mpi_partition(int64_t n, int rank, int size, int64_t *row_begin, int64_t *row_end);

/**
 * This rank's block of Phi (see kes_grf_features): the rows
 * [*row_begin, *row_end) of kes_grf_mpi_partition.  The generator state of
 * rank 0 is broadcast and used on every rank; every rank's rng is then
 * advanced by one draw, as in the serial call.  Collective over comm.
 * @param[in]     U          square CSR, the same on every rank.
 * @param[in]     f          f_len modulation coefficients, the same on
 *                           every rank.
 * @param[in]     f_len      >= 1.
 * @param[in]     o          options, or NULL for the defaults.
 * @param[in,out] rng        the generator; advanced by one draw.
 * @param[in]     comm       the communicator.
 * @param[out]    Phi_local  receives a (row_end - row_begin) x n CSR
 *                           (release with kes_csr_destroy), or NULL on a
 *                           rank that owns no rows.
 * @param[out]    row_begin  first row of this rank's block.
 * @param[out]    row_end    one past its last row.
 * @param[out]    st         this rank's statistics, with nnz summed over
 *                           ranks (may be NULL).
 * @return KES_OK; the errors of kes_grf_features (the same on every rank),
 * KES_EINVAL for a NULL Phi_local/row_begin/row_end; KES_EIO for an MPI
 * failure.
 *
 * Cost O(n m / (p_halt size)) walk steps per rank plus one broadcast and
 * two small reductions.
 */
KES_API kes_status kes_grf_features_mpi(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                        kes_rng *rng, MPI_Comm comm, kes_csr **Phi_local, int64_t *row_begin,
                                        int64_t *row_end, kes_grf_stats *st);

/**
 * Distributed kernel-vector product y = scale Phi1 Phi2^T x (or the
 * symmetrised (Phi1 Phi2^T + Phi2 Phi1^T)/2 form).  Collective over comm.
 * @param[in]  Phi1_local  this rank's row block from kes_grf_features_mpi.
 * @param[in]  Phi2_local  the matching block of Phi2, or NULL for
 *                         Phi2 = Phi1.
 * @param[in]  n           the global node count.
 * @param[in]  symmetrize  1 for the symmetrised product.
 * @param[in]  scale       factor applied to the product.
 * @param[in]  x_local     this rank's row block of x (NULL allowed on a
 *                         rank without rows).
 * @param[out] y_local     this rank's row block of y (NULL allowed on a
 *                         rank without rows).
 * @param[in]  comm        the communicator.
 * @return KES_OK; KES_EINVAL (NULL x_local or y_local on a rank with
 * rows), KES_EDIM (n < 1, block shapes inconsistent), KES_ERANGE (n beyond
 * MPI's int count), KES_ENOMEM, KES_EIO (MPI failure); the same on every
 * rank.
 *
 * Cost O(nnz of the local blocks + n) plus one MPI_Allreduce of n doubles
 * (two when symmetrize); memory n doubles.
 */
KES_API kes_status kes_grf_kernel_matvec_mpi(const kes_csr *Phi1_local, const kes_csr *Phi2_local, int64_t n,
                                             int symmetrize, double scale, const double *x_local, double *y_local,
                                             MPI_Comm comm);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_GRAPH_MPI_H */
