/*
 * The PETSc bridge (kestrel/petsc.h): a Kestrel tuner chooses the omega of
 * a PETSc SOR / Eisenstat-SSOR preconditioner before each KSPSolve and is
 * told the solve's cost afterwards (Khodak et al., "Learning to Relax",
 * ICLR 2024, Algorithm 1 with PETSc as the solver).
 *
 * Rank agreement rests on the cost being a global quantity: PETSc's
 * iteration count and converged reason come out of global reductions and
 * are equal on every rank; the wall time is reduced to its maximum here.
 * Equal tuners fed equal costs make equal choices, so no omega is ever
 * broadcast.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <petscksp.h>

#include "kestrel/petsc.h"

kes_status kes_petsc_status_from_reason(KSPConvergedReason reason)
{
    if (reason > 0) return KES_OK;
    switch (reason) {
    case KSP_CONVERGED_ITERATING: return KES_ESTATE;
    case KSP_DIVERGED_ITS: return KES_NOCONV;
    case KSP_DIVERGED_NANORINF: return KES_ENAN;
    case KSP_DIVERGED_INDEFINITE_PC:
    case KSP_DIVERGED_INDEFINITE_MAT: return KES_ENOTSPD;
    case KSP_DIVERGED_NONSYMMETRIC: return KES_EBADDATA;
    case KSP_DIVERGED_PC_FAILED: return KES_ESINGULAR;
    default: return KES_EDIVERGE; /* DTOL, BREAKDOWN, BREAKDOWN_BICG, NULL, anything newer */
    }
}

/* Which omega setter the PC's type has: 1 PCSOR, 2 PCEISENSTAT, 0 none,
 * -1 a PETSc error. */
static int omega_kind(PC pc)
{
    PCType type = NULL;
    if (PCGetType(pc, &type)) return -1;
    if (!type) return 0;
    if (!strcmp(type, PCSOR)) return 1;
    if (!strcmp(type, PCEISENSTAT)) return 2;
    return 0;
}

/* PCEISENSTAT on a parallel AIJ matrix applies its local sweeps through
 * MatMultDiagonalBlock of the rank's diagonal block, which PETSc (3.18)
 * implements only for AIJ matrices that use inodes: a matrix without it
 * would make KSPSolve fail.  1: the solve can run (or nothing to check yet),
 * 0: it cannot, -1: a PETSc error. */
static int eisenstat_can_run(PC pc)
{
    Mat A = NULL;
    PetscBool set = PETSC_FALSE;
    if (PCGetOperatorsSet(pc, &set, NULL)) return -1;
    if (!set) return 1;
    if (PCGetOperators(pc, &A, NULL)) return -1;
    PetscMPIInt size = 1;
    if (MPI_Comm_size(PetscObjectComm((PetscObject)A), &size) != MPI_SUCCESS) return -1;
    if (size == 1) return 1;
    PetscBool aij = PETSC_FALSE, has = PETSC_FALSE;
    if (PetscObjectTypeCompare((PetscObject)A, MATMPIAIJ, &aij)) return -1;
    if (!aij) return 1; /* other types: PETSc decides */
    Mat Ad = NULL;
    if (MatGetDiagonalBlock(A, &Ad) || MatHasOperation(Ad, MATOP_MULT_DIAGONAL_BLOCK, &has)) return -1;
    return has ? 1 : 0;
}

static kes_status set_omega_kind(PC pc, int kind, double omega)
{
    PetscErrorCode e = kind == 1 ? PCSORSetOmega(pc, (PetscReal)omega) : PCEisenstatSetOmega(pc, (PetscReal)omega);
    if (e == PETSC_ERR_MEM) return KES_ENOMEM;
    return e ? KES_EIO : KES_OK;
}

kes_status kes_petsc_set_omega(PC pc, double omega)
{
    if (!pc) return KES_EINVAL;
    if (!(omega > 0.0 && omega < 2.0)) return KES_EDOM;
    int kind = omega_kind(pc);
    if (kind < 0) return KES_EIO;
    if (kind == 0) return KES_ENOTSUP;
    return set_omega_kind(pc, kind, omega);
}

static double wall(void) { return MPI_Wtime(); }

kes_status kes_petsc_tuned_solve(kes_tuner *t, double context, kes_petsc_cost cost, KSP ksp, Vec b, Vec x,
                                 kes_petsc_stats *st)
{
    if (!t || !ksp || !b || !x) return KES_EINVAL;
    if (cost != KES_PETSC_COST_ITERATIONS && cost != KES_PETSC_COST_SECONDS) return KES_EINVAL;
    PC pc = NULL;
    if (KSPGetPC(ksp, &pc) || !pc) return KES_EIO;
    int kind = omega_kind(pc);
    if (kind == 2) {
        int ok = eisenstat_can_run(pc);
        kind = ok < 0 ? -1 : ok == 0 ? 0 : kind;
    }
    if (kind < 0) return KES_EIO;
    if (kind == 0) return KES_ENOTSUP;

    double omega;
    kes_status cs = kes_tuner_choose(t, context, &omega);
    if (cs < 0) return cs;
    kes_petsc_stats s = {omega, 0, 0.0, 0.0, KSP_CONVERGED_ITERATING, cs == KES_CLAMPED, KES_OK};
    kes_status rc = set_omega_kind(pc, kind, omega);
    if (rc != KES_OK) {
        s.status = rc;
        if (st) *st = s;
        return rc;
    }

    MPI_Comm comm = PetscObjectComm((PetscObject)ksp);
    double t0 = wall();
    PetscErrorCode se = KSPSolve(ksp, b, x);
    double secs = wall() - t0;
    /* The maximum over the ranks: the same cost everywhere in seconds mode. */
    if (cost == KES_PETSC_COST_SECONDS && MPI_Allreduce(MPI_IN_PLACE, &secs, 1, MPI_DOUBLE, MPI_MAX, comm) != MPI_SUCCESS)
        rc = KES_EIO;
    PetscInt its = 0, maxits = 0;
    KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
    if (KSPGetIterationNumber(ksp, &its) || KSPGetConvergedReason(ksp, &reason) ||
        KSPGetTolerances(ksp, NULL, NULL, NULL, &maxits))
        rc = KES_EIO;
    s.iterations = (int64_t)its;
    s.seconds = secs;
    s.reason = reason;

    /* A failed solve (negative reason, or an error from KSPSolve) costs the cap. */
    int failed = reason < 0 || se != 0 || rc != KES_OK;
    double cap_iters = (double)(maxits > its ? maxits : its);
    if (cost == KES_PETSC_COST_ITERATIONS)
        s.cost = failed ? cap_iters : (double)its;
    else
        s.cost = failed ? secs * cap_iters / (double)(its > 1 ? its : 1) : secs;
    if (!isfinite(s.cost) || s.cost < 0.0) s.cost = 0.0; /* a clock that went backwards */
    if (s.cost > KES_TUNER_COST_MAX) s.cost = KES_TUNER_COST_MAX;
    kes_status os = kes_tuner_observe(t, s.cost);

    if (rc == KES_OK) {
        if (reason < 0) rc = kes_petsc_status_from_reason(reason);
        else if (se != 0) rc = se == PETSC_ERR_MEM ? KES_ENOMEM : KES_EIO;
        else if (reason == KSP_CONVERGED_ITERATING) rc = KES_ESTATE;
    }
    if (rc == KES_OK && os != KES_OK) rc = os;
    if (rc == KES_OK && s.clamped) rc = KES_CLAMPED;
    s.status = rc;
    if (st) *st = s;
    return rc;
}

/* Every rank assembles the whole matrix in the same order (rank 0's rows
 * first), so every rank's tuner sees bit-identical input and makes the
 * same choice without broadcasting it.  A failure on one rank is agreed on
 * before each collective, so no rank is left waiting in one. */
static int any_rank(int bad, MPI_Comm comm)
{
    int any = 1;
    if (MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, comm) != MPI_SUCCESS) return 1;
    return any;
}

kes_status kes_petsc_tuner_set_system(kes_tuner *t, Mat A)
{
    if (!t) return KES_EINVAL;
    if (!A) return kes_tuner_set_system(t, NULL);
    MPI_Comm comm;
    PetscInt M, N, lo, hi;
    if (PetscObjectGetComm((PetscObject)A, &comm) || MatGetSize(A, &M, &N) || MatGetOwnershipRange(A, &lo, &hi))
        return KES_EIO;
    if (M != N || M < 1) return KES_EDIM; /* global sizes: the same verdict on every rank */
    if (N > INT32_MAX) return KES_ERANGE;
    int size;
    MPI_Comm_size(comm, &size);

    /* The local rows, in one pass: the stored-entry count bounds the copy. */
    kes_status s = KES_OK;
    MatInfo info;
    int64_t nloc = (int64_t)(hi - lo), cap = 0, lnnz = 0;
    if (MatGetInfo(A, MAT_LOCAL, &info)) s = KES_EIO;
    else cap = (int64_t)info.nz_used;
    int64_t *lrow = malloc((size_t)(nloc + 1) * sizeof *lrow);
    int32_t *lcol = malloc((size_t)(cap + 1) * sizeof *lcol);
    double *lval = malloc((size_t)(cap + 1) * sizeof *lval);
    int64_t *cnt = malloc((size_t)size * 2 * sizeof *cnt);
    int *rc = malloc((size_t)size * 2 * sizeof *rc);
    if (s == KES_OK && (!lrow || !lcol || !lval || !cnt || !rc)) s = KES_ENOMEM;
    for (PetscInt i = lo; s == KES_OK && i < hi; i++) {
        PetscInt nc;
        const PetscInt *c;
        const PetscScalar *v;
        if (MatGetRow(A, i, &nc, &c, &v)) {
            s = KES_EIO;
            break;
        }
        if (lnnz + nc > cap) s = KES_EIO; /* more entries than the matrix says it stores */
        for (PetscInt j = 0; s == KES_OK && j < nc; j++, lnnz++) {
            lcol[lnnz] = (int32_t)c[j];
            lval[lnnz] = (double)v[j];
        }
        lrow[i - lo] = nc;
        if (MatRestoreRow(A, i, &nc, &c, &v) && s == KES_OK) s = KES_EIO;
    }

    kes_csr *G = NULL;
    int64_t mine[2] = {nloc, lnnz};
    if (any_rank(s != KES_OK, comm)) {
        if (s == KES_OK) s = KES_EIO; /* another rank failed */
        goto done;
    }
    if (MPI_Allgather(mine, 2, MPI_INT64_T, cnt, 2, MPI_INT64_T, comm) != MPI_SUCCESS) {
        s = KES_EIO;
        goto done;
    }
    int64_t nnz = 0;
    for (int r = 0; r < size; r++) {
        nnz += cnt[2 * r + 1];
        /* MPI counts are int; the gathered counts give every rank the same verdict */
        if (cnt[2 * r + 1] > INT_MAX || cnt[2 * r] > INT_MAX) s = KES_ERANGE;
    }
    if (s == KES_OK) s = kes_csr_create((int64_t)M, (int64_t)N, nnz, &G);
    if (any_rank(s != KES_OK, comm)) {
        if (s == KES_OK) s = KES_EIO; /* another rank failed */
        goto done;
    }
    int *displ = rc + size;
    for (int r = 0, off = 0; r < size; r++) rc[r] = (int)cnt[2 * r], displ[r] = off, off += rc[r];
    /* row lengths land after rowptr[0] and are summed into row starts below */
    int bad = MPI_Allgatherv(lrow, (int)nloc, MPI_INT64_T, G->rowptr + 1, rc, displ, MPI_INT64_T, comm) != MPI_SUCCESS;
    for (int r = 0, off = 0; r < size; r++) rc[r] = (int)cnt[2 * r + 1], displ[r] = off, off += rc[r];
    bad = bad || MPI_Allgatherv(lcol, (int)lnnz, MPI_INT32_T, G->colind, rc, displ, MPI_INT32_T, comm) != MPI_SUCCESS;
    bad = bad || MPI_Allgatherv(lval, (int)lnnz, MPI_DOUBLE, G->val, rc, displ, MPI_DOUBLE, comm) != MPI_SUCCESS;
    if (bad) {
        s = KES_EIO;
        goto done;
    }
    G->rowptr[0] = 0;
    for (int64_t i = 0; i < (int64_t)M; i++) G->rowptr[i + 1] += G->rowptr[i];
    s = kes_tuner_set_system(t, G);
done:
    free(lrow), free(lcol), free(lval), free(cnt), free(rc);
    kes_csr_destroy(G);
    return s;
}
