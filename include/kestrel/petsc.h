/**
 * @file kestrel/petsc.h
 * @brief Kestrel's omega tuners driving PETSc's distributed Krylov solvers
 * (library kestrel_petsc; link kestrel_petsc, kestrel, PETSc and MPI).
 *
 * A simulation that already solves one linear system per time step with a
 * PETSc KSP preconditioned by SOR or SSOR (PCSOR, or PCEISENSTAT, the
 * Eisenstat form of SSOR: S. C. Eisenstat, SIAM J. Sci. Stat. Comput. 2
 * (1981) 1-4) hands each solve to kes_petsc_tuned_solve.  It asks a Kestrel
 * tuner (kestrel/solvers.h) for omega, sets it on the KSP's PC, runs
 * KSPSolve and reports the cost of the solve back to the tuner, so omega is
 * learned online across the sequence of systems (Khodak, Chow, Balcan &
 * Talwalkar, "Learning to Relax", ICLR 2024).  Kestrel does not replace the
 * PETSc solver; the matrix, the distribution and every other KSP setting
 * stay the caller's.
 *
 * Rank agreement without communication: PETSc's iteration count and
 * converged reason are global (the same on every rank of the KSP's
 * communicator), and in seconds mode the bridge reduces the wall time to its
 * maximum over the ranks.  When every rank creates its tuner with the same
 * kind, options and seed (kes_tuner_create draws one number from the
 * caller's generator, so the same seed on every rank is enough) and passes
 * the same context, every rank observes the same cost sequence and its
 * tuner makes the same choices: all ranks use the same omega, as PETSc
 * requires, without a broadcast.  A caller that cannot guarantee equal
 * contexts should reduce the context first (e.g. MPI_Allreduce with MPI_MAX).
 *
 * In parallel, PETSc's SOR and Eisenstat preconditioners sweep only over
 * each rank's diagonal block (block Jacobi with SOR on each block; see the
 * PCSOR manual page), so the iteration count of a given omega grows with
 * the number of ranks and the best omega can move; the tuner learns from
 * the counts of the run it is in.
 *
 * The model behind ::KES_TUNER_AUTO's prior on several ranks.  AUTO is
 * shown the whole matrix A (kes_petsc_tuner_set_system) and starts from
 * Young's omega of lambda = lambda_min(D^-1/2 A D^-1/2).  That is the best
 * omega of PETSc's SSOR on one rank; on P ranks PETSc iterates with the
 * block SSOR M_b of A_b, the block-diagonal part of A (the couplings C = A -
 * A_b between ranks dropped).  Young's omega of A_b is not a better prior:
 * A_b's own smoothest mode vanishes at the cuts, so its lambda is barely
 * larger than A's (measured on the heat problem of examples/petsc_heat:
 * 1.80 against 1.81, and 1.95 against 1.95 at the cap, where the best
 * omega on 2 ranks is 1.70-1.75 and 1.85).  Writing SSOR in Axelsson's form
 * ("Iterative Solution Methods", 1994, sec. 7.4), with omega' = 1/omega -
 * 1/2, 2 omega' M_b = omega'^2 D + (omega' + 1/2) A_b + (L_b D^-1 U_b -
 * D/4); on the smoothest mode v of A the middle term weighs A_b, which the
 * cut does not relax, so the SSOR bound is minimised near omega' =
 * sqrt(delta / 2) with delta = v^T A_b v / v^T D v instead of v^T A v /
 * v^T D v: a larger delta, a smaller omega (on the heat problem 1.70 and
 * 1.81 against the measured 1.70-1.75 and 1.85).  That prior needs the
 * eigenvector v, which this stateless bridge does not compute; AUTO
 * starts from Young's omega of A and its learner moves towards the block
 * optimum from the iteration counts.
 */
#ifndef KESTREL_PETSC_H
#define KESTREL_PETSC_H

#include <petscksp.h>

#include "kestrel/solvers.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What the tuner is told a solve cost. */
typedef enum kes_petsc_cost {
    /** The global iteration count of the solve (KSPGetIterationNumber); for
     *  a solve that did not converge, the iteration cap of the KSP
     *  (KSPGetTolerances' maxits).  Use cost_offset = 1 in the tuner. */
    KES_PETSC_COST_ITERATIONS = 0,
    /** The wall time of KSPSolve in seconds, the maximum over the ranks of
     *  the KSP's communicator; for a solve that did not converge, that time
     *  scaled to the iteration cap (seconds x maxits / max(1, iterations)).
     *  Use cost_offset = 0 in the tuner.  Wall times differ from run to run,
     *  so two runs choose the same omegas only in iteration mode. */
    KES_PETSC_COST_SECONDS = 1
} kes_petsc_cost;

/** What kes_petsc_tuned_solve did (filled when the pointer is not NULL). */
typedef struct kes_petsc_stats {
    double omega;           /**< the omega chosen and set on the PC */
    int64_t iterations;     /**< KSPGetIterationNumber after the solve (the same on every rank) */
    double seconds;         /**< wall time of KSPSolve: the maximum over the ranks with
                                 KES_PETSC_COST_SECONDS, this rank's own otherwise */
    double cost;            /**< the cost passed to kes_tuner_observe */
    KSPConvergedReason reason; /**< PETSc's reason (KSPGetConvergedReason) */
    int clamped;            /**< 1: the tuner clamped the context into its declared interval */
    kes_status status;      /**< what the call returned */
} kes_petsc_stats;

/**
 * The Kestrel status of a KSPConvergedReason.
 *
 * | KSPConvergedReason                                   | kes_status     |
 * |------------------------------------------------------|----------------|
 * | any KSP_CONVERGED_* (> 0)                            | KES_OK         |
 * | KSP_DIVERGED_ITS (iteration cap reached)             | KES_NOCONV     |
 * | KSP_DIVERGED_DTOL (residual grew past dtol)          | KES_EDIVERGE   |
 * | KSP_DIVERGED_BREAKDOWN, KSP_DIVERGED_BREAKDOWN_BICG  | KES_EDIVERGE   |
 * | KSP_DIVERGED_NANORINF (NaN or Inf in the residual)   | KES_ENAN       |
 * | KSP_DIVERGED_INDEFINITE_PC, _INDEFINITE_MAT          | KES_ENOTSPD    |
 * | KSP_DIVERGED_NONSYMMETRIC                            | KES_EBADDATA   |
 * | KSP_DIVERGED_PC_FAILED (e.g. a zero diagonal entry)  | KES_ESINGULAR  |
 * | KSP_CONVERGED_ITERATING (0: no solve finished)       | KES_ESTATE     |
 * | any other negative reason                            | KES_EDIVERGE   |
 *
 * @param reason a reason as KSPGetConvergedReason returns it.
 * @return the status of the table.  Never fails; cost O(1); thread-safe;
 * not collective.
 */
KES_API kes_status kes_petsc_status_from_reason(KSPConvergedReason reason);

/**
 * Set the relaxation parameter of a PC that has one: PCSORSetOmega for
 * PCSOR, PCEisenstatSetOmega for PCEISENSTAT.  The PC type must already be
 * set.  (PETSc's SeqAIJ SOR with inodes supports only omega = 1: create the
 * matrix with MatSetOption(A, MAT_USE_INODES, PETSC_FALSE) to use other
 * values with PCSOR.)
 * @param[in,out] pc    the preconditioner.
 * @param[in]     omega in (0, 2).
 * @return KES_OK; KES_EINVAL (pc NULL); KES_EDOM (omega outside (0, 2) or
 * NaN); KES_ENOTSUP (no type set, or a type without omega: PCJACOBI,
 * PCILU, ...); KES_EIO (a PETSc call failed).  On error the PC is
 * unchanged.
 *
 * Cost O(1).  Logically collective over the PC's communicator, like the
 * PETSc calls it makes: every rank must pass the same omega.
 */
KES_API kes_status kes_petsc_set_omega(PC pc, double omega);

/**
 * One tuned solve: omega = kes_tuner_choose(t, context), set on the KSP's
 * PC (kes_petsc_set_omega), KSPSolve(ksp, b, x), then kes_tuner_observe
 * with the cost of the solve (see kes_petsc_cost).  A solve that ends with
 * a negative KSPConvergedReason (PETSc's KSPSolve failing with an error
 * after a divergence included) is observed at the iteration cap: the tuner
 * learns that this omega was as bad as the worst allowed, and the call
 * returns the reason's status (kes_petsc_status_from_reason).  x is the
 * initial guess on entry when the KSP is set to a nonzero initial guess
 * (KSPSetInitialGuessNonzero), and PETSc's answer on exit.
 *
 * @param[in,out] t        the tuner, in the same state on every rank.
 * @param[in]     context  the tuner's context for this system (ignored by
 *                         the context-free kinds); the same on every rank.
 * @param[in]     cost     what the tuner is told (iterations or seconds).
 * @param[in,out] ksp      a KSP with operators set and a PC of type PCSOR
 *                         or PCEISENSTAT.
 * @param[in]     b        the right-hand side.
 * @param[in,out] x        the initial guess (see above) and the answer.
 * @param[out]    st       statistics, may be NULL; filled on every return
 *                         after the tuner chose (st->status as returned).
 * @return KES_OK (converged); KES_CLAMPED (converged, and the tuner clamped
 * the context); KES_NOCONV (the iteration cap was reached); KES_EINVAL
 * (t, ksp, b or x NULL, or cost not a kes_petsc_cost); KES_ENOTSUP (the
 * PC type has no omega, or PCEISENSTAT on a parallel AIJ matrix whose
 * diagonal blocks lack MatMultDiagonalBlock, which PETSc 3.18 provides only
 * for AIJ with inodes: use PCSOR with SOR_LOCAL_SYMMETRIC_SWEEP, the same
 * preconditioner in its explicit form; nothing is chosen or solved); KES_ENAN (NaN
 * context for a contextual tuner); a solve failure of the table of
 * kes_petsc_status_from_reason (the tuner observed the cap); KES_EIO (a
 * PETSc call failed: KSPSolve returning an error without a negative
 * reason, e.g. a KSP without operators, is observed at the cap like a
 * failed solve; a failure to set omega leaves the tuner with an unobserved
 * choice, which its next choose replaces; KES_ENOMEM for PETSc's
 * PETSC_ERR_MEM); the errors of kes_tuner_observe.
 *
 * Cost: one KSPSolve, plus the tuner's choose and observe (O(d m^3) at
 * most) and, in seconds mode, one MPI_Allreduce of one double.  Collective
 * over the KSP's communicator; every rank must pass tuners in the same
 * state and the same context and cost.  Not thread-safe for one tuner or
 * KSP; PETSc itself is not thread-safe.
 */
KES_API kes_status kes_petsc_tuned_solve(kes_tuner *t, double context, kes_petsc_cost cost, KSP ksp, Vec b, Vec x,
                                         kes_petsc_stats *st);


/**
 * Show a tuner the system it is about to choose for (kes_tuner_set_system)
 * when that system is a PETSc matrix distributed over ranks: every rank
 * gathers the whole matrix, in PETSc's global row order, into a kes_csr and
 * hands it to its tuner.  Kinds that read the system (::KES_TUNER_AUTO,
 * whose spectral prior comes from it) need this to do well; the others
 * ignore it.  The whole matrix, not the block-diagonal part PETSc's
 * parallel SOR sweeps: the prior of the block-diagonal part is no closer
 * to the block optimum (see the model at the top of this header).  All ranks build bit-identical matrices, so tuners in the same
 * state stay in the same state and still choose the same omega without
 * communication.
 *
 * @param[in,out] t  the tuner, in the same state on every rank.
 * @param[in]     A  the square matrix about to be solved, or NULL to clear
 *                   the tuner's system (then no communication).
 * @return KES_OK; KES_EINVAL (t NULL); KES_EDIM (A not square); KES_ERANGE
 * (more than INT32_MAX columns, or a rank holding more than INT_MAX rows or
 * entries, beyond MPI's int counts); KES_ENOMEM; KES_EIO (a PETSc or MPI
 * call failed, here or on another rank: a rank that failed returns its own
 * status and the others KES_EIO, none is left waiting); the errors of
 * kes_tuner_set_system.
 *
 * Cost: O(nnz(A)) memory and communication on every rank (the whole matrix
 * is copied to each), plus what kes_tuner_set_system costs (for AUTO at
 * most a few hundred products with A, and O(nnz) when A differs from the
 * last system it analysed by a scaling of its diagonal and off-diagonal
 * parts).  Call it when the matrix changes, not before every solve of the
 * same matrix.  Collective over A's communicator.  Not thread-safe for one
 * tuner.
 */
KES_API kes_status kes_petsc_tuner_set_system(kes_tuner *t, Mat A);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_PETSC_H */
