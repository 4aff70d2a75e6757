/*
 * Kernel density estimates across MPI ranks: per-query log-sum-exp of the
 * ranks' weighted densities (two reductions: MAX of the logs, then SUM of
 * the shifted exponentials, as a max-shifted log-sum-exp; Blanchard,
 * Higham & Higham, IMA J. Numer. Anal. 41 (2021) 2311-2330), or the
 * queries split in blocks and gathered.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/kde_mpi.h"

#define QUNIT 128 /* the serial evaluation's query block */

/* The most negative status wins, so every rank returns the same value. */
static kes_status agree(kes_status s, MPI_Comm comm)
{
    int mine = (int)s, all = 0;
    if (MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, comm) != MPI_SUCCESS) return KES_EIO;
    return (kes_status)all;
}

/* Arguments every rank must agree on: m and d equal everywhere. */
static kes_status check_common(const kes_kde *k, const double *Y, int64_t m, int64_t ldy, const double *logp,
                               MPI_Comm comm)
{
    kes_status s = KES_OK;
    if (!k || !Y || !logp) s = KES_EINVAL;
    else if (m < 1 || ldy < m) s = KES_EDIM;
    else if (m > INT_MAX) s = KES_ERANGE;
    if ((s = agree(s, comm))) return s;
    long long v[2] = {(long long)m, (long long)kes_kde_dim(k)}, mx[2], mn[2];
    if (MPI_Allreduce(v, mx, 2, MPI_LONG_LONG, MPI_MAX, comm) != MPI_SUCCESS ||
        MPI_Allreduce(v, mn, 2, MPI_LONG_LONG, MPI_MIN, comm) != MPI_SUCCESS)
        return KES_EIO;
    return mx[0] != mn[0] || mx[1] != mn[1] ? KES_EDIM : KES_OK;
}

kes_status kes_kde_log_density_mpi(const kes_kde *local, const double *Y, int64_t m, int64_t ldy, MPI_Comm comm,
                                   double *logp)
{
    kes_status s = check_common(local, Y, m, ldy, logp, comm);
    if (s) return s;
    int64_t d = kes_kde_dim(local);
    if (d > 46340) return KES_ERANGE; /* d^2 doubles in one MPI count; the same d on every rank */
    /* the bandwidth factors must agree to the last bit */
    double *B = malloc((size_t)(d * d + 1) * sizeof *B), *Bmax = malloc((size_t)(d * d + 1) * sizeof *B);
    double *a = malloc((size_t)m * sizeof *a), *t = malloc((size_t)m * sizeof *t);
    s = (!B || !Bmax || !a || !t) ? KES_ENOMEM : KES_OK;
    if (!s) {
        kes_kde_bandwidth(local, B);
        B[d * d] = kes_kde_total_weight(local);
    }
    if (!(s = agree(s, comm))) {
        double Wtot = 0.0;
        if (MPI_Allreduce(B, Bmax, (int)(d * d), MPI_DOUBLE, MPI_MAX, comm) != MPI_SUCCESS ||
            MPI_Allreduce(B + d * d, &Wtot, 1, MPI_DOUBLE, MPI_SUM, comm) != MPI_SUCCESS)
            s = KES_EIO;
        int differ = 0, any = 0;
        for (int64_t j = 0; !s && j < d * d; j++) differ |= Bmax[j] != B[j];
        if (!s && MPI_Allreduce(&differ, &any, 1, MPI_INT, MPI_MAX, comm) != MPI_SUCCESS) s = KES_EIO;
        if (!s && any) s = KES_EBADDATA;
        if (!s) s = agree(kes_kde_log_density(local, Y, m, ldy, a), comm);
        if (!s) {
            double logW = log(B[d * d]);
            for (int64_t q = 0; q < m; q++) a[q] += logW;
            if (MPI_Allreduce(a, t, (int)m, MPI_DOUBLE, MPI_MAX, comm) != MPI_SUCCESS) s = KES_EIO;
        }
        if (!s) {
            /* a rank whose density is 0 adds exp(-Inf) = 0; where every
             * rank's is 0 the maximum is -Inf and so is the result */
            for (int64_t q = 0; q < m; q++) a[q] = t[q] == -INFINITY ? 0.0 : exp(a[q] - t[q]);
            if (MPI_Allreduce(MPI_IN_PLACE, a, (int)m, MPI_DOUBLE, MPI_SUM, comm) != MPI_SUCCESS) s = KES_EIO;
        }
        s = agree(s, comm);
        if (!s) {
            double logWtot = log(Wtot);
            for (int64_t q = 0; q < m; q++) logp[q] = t[q] == -INFINITY ? -INFINITY : t[q] + log(a[q]) - logWtot;
        }
    }
    free(B);
    free(Bmax);
    free(a);
    free(t);
    return s;
}

kes_status kes_kde_log_density_mpi_split(const kes_kde *kde, const double *Y, int64_t m, int64_t ldy, MPI_Comm comm,
                                         double *logp)
{
    kes_status s = check_common(kde, Y, m, ldy, logp, comm);
    if (s) return s;
    int rank, size;
    if (MPI_Comm_rank(comm, &rank) != MPI_SUCCESS || MPI_Comm_size(comm, &size) != MPI_SUCCESS) return KES_EIO;
    /* contiguous blocks in units of QUNIT queries */
    int64_t units = (m + QUNIT - 1) / QUNIT;
    int *cnt = malloc((size_t)size * sizeof *cnt), *off = malloc((size_t)size * sizeof *off);
    double *all = malloc((size_t)m * sizeof *all);
    s = (!cnt || !off || !all) ? KES_ENOMEM : KES_OK;
    if (!s)
        for (int r = 0; r < size; r++) {
            int64_t u0 = units * r / size, u1 = units * (r + 1) / size;
            int64_t b = u0 * QUNIT, e = u1 * QUNIT < m ? u1 * QUNIT : m;
            off[r] = (int)b;
            cnt[r] = (int)(e > b ? e - b : 0);
        }
    if (!(s = agree(s, comm))) {
        if (cnt[rank] > 0) s = kes_kde_log_density(kde, Y + off[rank], cnt[rank], ldy, all + off[rank]);
        if (!(s = agree(s, comm)) &&
            MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, all, cnt, off, MPI_DOUBLE, comm) != MPI_SUCCESS)
            s = KES_EIO;
        if (!(s = agree(s, comm))) memcpy(logp, all, (size_t)m * sizeof *logp);
    }
    free(cnt);
    free(off);
    free(all);
    return s;
}
