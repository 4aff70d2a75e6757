/*
 * kestrel/graph_mpi.h - distributed graph random features on MPI
 * (library kestrel_mpi; link kestrel_mpi, kestrel and MPI).
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
 * All functions are collective over comm: every rank must call them with
 * the same arguments (U, f, options) and they return the same status on
 * every rank.
 */
#ifndef KESTREL_GRAPH_MPI_H
#define KESTREL_GRAPH_MPI_H

#include <mpi.h>

#include "kestrel/graph.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Contiguous block partition of n rows over `size` ranks: rank r owns
 * [*row_begin, *row_end), the first n % size ranks one row more.  Not
 * collective; never fails (an empty range when n < size). */
KES_API void kes_grf_mpi_partition(int64_t n, int rank, int size, int64_t *row_begin, int64_t *row_end);

/* This rank's block of Phi (see kes_grf_features): *Phi_local is a
 * (row_end - row_begin) x n CSR with the rows [*row_begin, *row_end) of
 * kes_grf_mpi_partition, or NULL on a rank that owns no rows.  The generator
 * state of rank 0 is broadcast and used on every rank; every rank's rng is
 * then advanced by one draw, as in the serial call.  st (may be NULL)
 * receives this rank's statistics, with nnz summed over ranks.  Errors: those
 * of kes_grf_features (the same on every rank), KES_EINVAL for a NULL
 * Phi_local/row_begin/row_end; an MPI failure gives KES_EIO.  Cost
 * O(n m / (p_halt size)) walk steps per rank plus one broadcast and two
 * small reductions. */
KES_API kes_status kes_grf_features_mpi(const kes_csr *U, const double *f, int64_t f_len, const kes_grf_opts *o,
                                        kes_rng *rng, MPI_Comm comm, kes_csr **Phi_local, int64_t *row_begin,
                                        int64_t *row_end, kes_grf_stats *st);

/* Distributed kernel-vector product y = scale Phi1 Phi2^T x (or the
 * symmetrised (Phi1 Phi2^T + Phi2 Phi1^T)/2 form), with Phi1 and Phi2 row
 * blocks from kes_grf_features_mpi (Phi2 NULL: Phi2 = Phi1) and x, y this
 * rank's row blocks of the vectors (NULL allowed on a rank without rows).
 * n is the global node count.  One MPI_Allreduce of n doubles (two when
 * symmetrize).  Errors: KES_EINVAL, KES_EDIM (block shapes inconsistent),
 * KES_ENOMEM, KES_EIO (MPI failure); the same on every rank. */
KES_API kes_status kes_grf_kernel_matvec_mpi(const kes_csr *Phi1_local, const kes_csr *Phi2_local, int64_t n,
                                             int symmetrize, double scale, const double *x_local, double *y_local,
                                             MPI_Comm comm);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_GRAPH_MPI_H */
