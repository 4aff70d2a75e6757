/**
 * @file kestrel/kde_mpi.h
 * @brief Kernel density estimates on MPI (library kestrel_mpi; link
 * kestrel_mpi, kestrel and MPI).
 *
 * Two ways to spread the work of kes_kde_log_density over ranks:
 *
 * - Points spread: each rank holds an estimate of its own share of the
 *   points (same kernel, same bandwidth, its own weights), every rank
 *   passes the same queries, and the density of the whole set,
 *   f = sum_r W_r f_r / sum_r W_r (W_r the total weight of rank r), is
 *   combined per query in log space: the ranks agree on the largest
 *   a_r = log f_r + log W_r by one MPI_Allreduce (MAX), then sum
 *   exp(a_r - max) by a second (SUM), so no term overflows or underflows
 *   whatever the densities.
 * - Queries spread: every rank holds the same estimate and the same
 *   queries; each evaluates a contiguous block and the blocks are gathered
 *   on every rank.
 *
 * Tolerances carry over: if each rank's f_r is within atol + rtol f_r, the
 * combination is within atol + rtol f.  All functions are collective over
 * comm and return the same status on every rank.  Thread-safety is that of
 * the MPI library for comm.
 */
#ifndef KESTREL_KDE_MPI_H
#define KESTREL_KDE_MPI_H

#include <mpi.h>

#include "kestrel/kde.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Log density of the union of the ranks' points at m queries, the same on
 * every rank.  Each rank's estimate must use the same kernel and bandwidth
 * (give the bandwidth explicitly: Scott's rule on each share gives each
 * rank its own); the dimension and bandwidth factor are checked.
 * @param[in]  local  this rank's estimate (of its share of the points).
 * @param[in]  Y      m x d queries, column-major with leading dimension
 *                    ldy, the same on every rank.
 * @param[in]  m      number of queries, >= 1, the same on every rank.
 * @param[in]  ldy    leading dimension, >= m.
 * @param[in]  comm   the communicator.
 * @param[out] logp   m log densities on every rank; untouched on error.
 * @return KES_OK; KES_EINVAL (a NULL pointer on any rank); KES_EDIM (m < 1,
 * ldy < m, m or d differing between ranks); KES_EBADDATA (bandwidths
 * differing between ranks); KES_ERANGE (m > INT_MAX); the errors of
 * kes_kde_log_density on any rank; KES_EIO (an MPI failure).
 * Cost: the local evaluation (O(m n_r d) exact) plus two reductions of m
 * doubles.
 */
KES_API kes_status kes_kde_log_density_mpi(const kes_kde *local, const double *Y, int64_t m, int64_t ldy,
                                           MPI_Comm comm, double *logp);

/**
 * kes_kde_log_density with the queries split over ranks: every rank holds
 * the same estimate and the same queries, evaluates a contiguous block of
 * them (blocks of 128 queries, the serial path's unit, so each result is
 * bit-identical to the serial call), and MPI_Allgatherv gives every rank
 * all m results.
 * @param[in]  kde   the estimate, the same on every rank.
 * @param[in]  Y     m x d queries, column-major, the same on every rank.
 * @param[in]  m     number of queries, >= 1, the same on every rank.
 * @param[in]  ldy   leading dimension, >= m.
 * @param[in]  comm  the communicator.
 * @param[out] logp  m log densities on every rank; untouched on error.
 * @return as kes_kde_log_density_mpi (the bandwidth is not compared).
 * Cost O(m n d / size) per rank plus one gather of m doubles.
 */
KES_API kes_status kes_kde_log_density_mpi_split(const kes_kde *kde, const double *Y, int64_t m, int64_t ldy,
                                                 MPI_Comm comm, double *logp);

#ifdef __cplusplus
}
#endif

#endif
