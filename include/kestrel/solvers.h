/*
 * kestrel/solvers.h - iterative solvers on kes_csr and the online relaxation-parameter tuners (layer: solvers; depends on core and linalg).
 */
#ifndef KESTREL_SOLVERS_H
#define KESTREL_SOLVERS_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==================================================================== */
/* Section 1: iterative solvers (owner: solvers branch)                 */
/* ==================================================================== */

/* end of section 1 */



/* ==================================================================== */
/* Section 2: online relaxation-parameter tuners (owner: tuners branch)  */
/* ==================================================================== */

/*
 * Online tuners for a solver parameter omega, following Khodak, Chow, Balcan
 * & Talwalkar, "Learning to Relax: Setting Solver Parameters Across a
 * Sequence of Linear System Instances" (ICLR 2024).  A simulation that solves
 * one system per time step asks the tuner for omega before each solve
 * (kes_tuner_choose, optionally passing a scalar context such as a diagonal
 * shift or a diffusivity) and reports what the solve cost afterwards
 * (kes_tuner_observe).  The cost is any non-negative number where smaller is
 * better: an iteration count (the paper's feedback) or seconds.  The tuner
 * never sees the matrix, so the same tuner drives SOR, SSOR-PCG or any solver
 * the caller runs.
 *
 * The arms are the grid omega_i = omega_min + i (omega_max - omega_min) /
 * (n_arms - 1), i = 0..n_arms-1 (default linspace(1, 1.95, 20)).
 *
 * Randomness: kes_tuner_create draws exactly one 64-bit number from the
 * caller's generator and derives the tuner's private stream from it
 * (kes_rng_split_init); afterwards the tuner never touches the caller's
 * generator, which may be destroyed.  The same seed therefore gives the same
 * sequence of choices, and two tuners created one after the other from one
 * generator are independent.  The private stream is part of the saved state
 * (kes_tuner_save), so a restored tuner continues exactly as the original.
 *
 * Thread-safety: a tuner is a plain object; different tuners may be used
 * from different threads, one tuner must not be used by two threads at once.
 * No function allocates after kes_tuner_create (except save/load).
 */

/* Opaque tuner object. */
typedef struct kes_tuner kes_tuner;

typedef enum kes_tuner_kind {
    /* Always the same omega (opts.omega_fixed); the baseline. */
    KES_TUNER_FIXED = 0,
    /* Tsallis-INF bandit (Zimmert & Seldin 2021, alpha = 1/2) over the
     * grid: eta_t = 2/sqrt(t), importance-weighted estimates of the shifted
     * loss cost - cost_offset, divided by a running scale mean(cost) -
     * cost_offset; normaliser by a safe bracketed Newton iteration.
     * Ignores the context. */
    KES_TUNER_TSALLIS_INF = 1,
    /* Tsallis-INF per context bin: n_bins equal bins on [context_min,
     * context_max], one independent Tsallis-INF state per bin. */
    KES_TUNER_TSALLIS_INF_CB = 2,
    /* ChebCB: a SquareCB-style contextual bandit.  Per arm, the cost is
     * regressed on Chebyshev polynomials T_0..T_{m-1} of the context
     * (m = cheb_m, default 6) under a box constraint; arms are sampled by
     * inverse-gap weighting with the adaptive eta of the reference. */
    KES_TUNER_CHEBCB = 3
} kes_tuner_kind;

typedef struct kes_tuner_opts {
    double omega_min;    /* smallest arm, default 1.0; 0 < omega_min <= omega_max < 2 */
    double omega_max;    /* largest arm, default 1.95 */
    int n_arms;          /* grid size d, default 20, 1..4096 */
    double context_min;  /* declared context interval [a, b] (contextual kinds), default 0 */
    double context_max;  /* default 1; a < b required by the contextual kinds */
    double omega_fixed;  /* KES_TUNER_FIXED only: the omega returned, default 1.0, in (0, 2) */
    int cheb_m;          /* ChebCB: number of Chebyshev features (degrees 0..m-1), default 6, 1..16 */
    int n_bins;          /* Tsallis-INF-CB: number of context bins, default 5, 1..4096 */
    double cost_offset;  /* smallest possible cost, subtracted before learning: 1 for iteration
                          * counts (the reference's shifted loss k - 1), 0 for seconds; default 1 */
    double eta;          /* < 0 (default -1): the reference's learning-rate schedules.  >= 0:
                          * a constant learning rate instead (eta = 0 makes ChebCB uniform) */
} kes_tuner_opts;

/* The defaults above (the reference's constants for E1/E2). Never fails. */
KES_API kes_tuner_opts kes_tuner_opts_default(void);

/* Create a tuner of the given kind.  o may be NULL for the defaults.  One
 * 64-bit draw is taken from rng (see the note above).
 * Errors: KES_EINVAL (t or rng NULL, unknown kind, non-finite option,
 * n_arms/cheb_m/n_bins out of range, negative cost_offset), KES_EDOM (omega
 * bounds outside (0, 2) or omega_min > omega_max, context_min >= context_max
 * for a contextual kind), KES_ENOMEM.  *t is untouched on error.
 * Cost O(n_arms * (n_bins + cheb_m^2)) time and memory. */
KES_API kes_status kes_tuner_create(kes_tuner_kind kind, const kes_tuner_opts *o, kes_rng *rng,
                                    kes_tuner **t);

/* Choose omega for the next solve.  context is used by the contextual kinds
 * (ignored otherwise, NaN included); a finite context outside [context_min,
 * context_max] is clamped into it and KES_CLAMPED is returned (the choice is
 * still made and valid).  A second choose before observe replaces the
 * pending choice.  Errors: KES_EINVAL (NULL), KES_ENAN (non-finite context
 * for a contextual kind); *omega untouched on error.
 * Cost: O(d) for Tsallis-INF (plus a few Newton steps), O(d m) for ChebCB. */
KES_API kes_status kes_tuner_choose(kes_tuner *t, double context, double *omega);

/* Report the cost of the solve made with the last chosen omega (iterations,
 * seconds, ...; use the iteration cap when the solve did not converge).
 * Errors: KES_EINVAL (t NULL; cost negative, NaN or infinite), KES_ESTATE
 * (no pending choose).  On error the state is unchanged.
 * Cost: O(1) for Tsallis-INF; O(m^3) for ChebCB, O(d m^3) in rounds where the
 * cost scale changes (all arms are refitted). */
KES_API kes_status kes_tuner_observe(kes_tuner *t, double cost);

/* Free; NULL is a no-op. */
KES_API void kes_tuner_destroy(kes_tuner *t);

/* ---- accessors (read-only; none advances the random stream) ---- */

/* The kind, and its name ("fixed", "tsallis-inf", "tsallis-inf-cb", "chebcb"). */
KES_API kes_tuner_kind kes_tuner_get_kind(const kes_tuner *t);
KES_API const char *kes_tuner_kind_name(kes_tuner_kind kind);
/* Parse a name as above into *kind; KES_EINVAL when unknown or NULL. */
KES_API kes_status kes_tuner_kind_from_name(const char *name, kes_tuner_kind *kind);
/* The options the tuner was created with. */
KES_API kes_tuner_opts kes_tuner_get_opts(const kes_tuner *t);
/* Number of arms d (1 for KES_TUNER_FIXED); 0 when t is NULL. */
KES_API int kes_tuner_n_arms(const kes_tuner *t);
/* Copy the arm grid into omega[0..d). */
KES_API kes_status kes_tuner_arms(const kes_tuner *t, double *omega);
/* The probability vector p[0..d) that kes_tuner_choose would sample from at
 * this context (sums to 1, every entry > 0 for the bandit kinds).  Context
 * handling and status as in kes_tuner_choose. */
KES_API kes_status kes_tuner_probabilities(const kes_tuner *t, double context, double *p);
/* counts[i] = number of observed rounds played with arm i. */
KES_API kes_status kes_tuner_counts(const kes_tuner *t, int64_t *counts);
/* Number of observed rounds. 0 when t is NULL. */
KES_API int64_t kes_tuner_rounds(const kes_tuner *t);
/* Index of the arm chosen by the last kes_tuner_choose (also after its
 * observe); KES_ESTATE before the first choose. */
KES_API kes_status kes_tuner_last_arm(const kes_tuner *t, int *arm);
/* ChebCB: the regression's predicted cost of every arm at this context,
 * cost_offset + S * theta_i . phi(context).  KES_ENOTSUP for other kinds. */
KES_API kes_status kes_tuner_predicted_costs(const kes_tuner *t, double context, double *cost);

/* ---- persistence ---- */

/* Write the complete state (options, learned statistics, pending choice and
 * random stream) to a small text file; floating-point values are written in
 * C99 hexadecimal so the round trip is exact: a restored tuner makes the same
 * choices as the original would have.  Errors: KES_EINVAL, KES_EIO.
 * Size O(d (n_bins + cheb_m^2)) bytes. */
KES_API kes_status kes_tuner_save(const kes_tuner *t, const char *path);
/* Create a tuner from a file written by kes_tuner_save.  Errors: KES_EINVAL
 * (NULL), KES_EIO (cannot open), KES_EPARSE (malformed or truncated file,
 * inconsistent or non-finite state), KES_ENOMEM; the options are validated
 * as in kes_tuner_create. */
KES_API kes_status kes_tuner_load(const char *path, kes_tuner **t);
/* The same on open streams. */
KES_API kes_status kes_tuner_save_stream(const kes_tuner *t, FILE *f);
KES_API kes_status kes_tuner_load_stream(FILE *f, kes_tuner **t);

/* end of section 2 */

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SOLVERS_H */
