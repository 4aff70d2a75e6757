/**
 * @file kestrel/core.h
 * @brief Status codes, version, results, and the explicit random number
 * generator (layer: core).
 *
 * Every fallible Kestrel function returns a kes_status: KES_OK (0) on
 * success, a negative value for an error, a positive value for an outcome
 * the caller may accept (for example KES_NOCONV: the iteration limit was
 * reached and the statistics say how far it got).  The library never prints,
 * never aborts and keeps no global mutable state.
 */
#ifndef KESTREL_CORE_H
#define KESTREL_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "kestrel/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KES_BUILDING_LIBRARY) && defined(KES_SHARED_BUILD)
#define KES_API __attribute__((visibility("default")))
#else
#define KES_API
#endif

/**
 * Status codes.  Negative: an error; the outputs are untouched unless the
 * function documents them as partial.  Positive: an outcome; the outputs
 * are valid and the function's statistics explain.
 */
typedef enum kes_status {
    KES_OK = 0,           /**< success */
    KES_EINVAL = -1,      /**< invalid argument: a NULL pointer or a bad option value */
    KES_EDIM = -2,        /**< zero, negative or mismatched dimensions */
    KES_ENOMEM = -3,      /**< an allocation failed */
    KES_ERANGE = -4,      /**< a size or a result does not fit its type (a finite true value beyond DBL_MAX, a
                               dimension beyond int32_t storage) */
    KES_ENOTSPD = -5,     /**< the matrix is not symmetric positive definite */
    KES_EIO = -6,         /**< a file could not be opened, read or written */
    KES_EPARSE = -7,      /**< malformed input file */
    KES_EDOM = -8,        /**< an argument is outside the mathematical domain */
    KES_ENAN = -9,        /**< NaN or Inf in input data */
    KES_ESINGULAR = -10,  /**< zero pivot, or a zero or missing diagonal entry */
    KES_EDIVERGE = -11,   /**< an iteration diverged (residual non-finite or exploding) or a randomised loop hit
                               its safety cap */
    KES_ESTATE = -12,     /**< call out of order for the object's state (e.g. observe without choose) */
    KES_EVARIANCE = -13,  /**< the estimator's variance is infinite for these settings */
    KES_ENOTSUP = -14,    /**< operation not supported for this input or build */
    KES_EBADDATA = -15,   /**< data violate a documented precondition (asymmetric, negative weights, ...) */
    KES_NOCONV = 1,       /**< outcome: the iteration limit was reached before the tolerance */
    KES_CLAMPED = 2       /**< outcome: an input was clamped into its declared range */
} kes_status;

/**
 * A sentence describing a status.
 * @param s any value, also one not in the enum.
 * @return a static string, never NULL ("unknown kestrel status code" for
 *   unknown values).
 * Errors: none.  Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API const char *kes_strerror(kes_status s);

/**
 * The library's version string "major.minor.patch".  Compare with
 * KES_VERSION_STRING from the header to detect a header/library mismatch.
 * @return a static string.  Errors: none.  Cost: O(1).  Thread-safe.
 */
KES_API const char *kes_version(void);

/**
 * The library's KES_VERSION_NUMBER (major * 10000 + minor * 100 + patch).
 * @return the number.  Errors: none.  Cost: O(1).  Thread-safe.
 */
KES_API int kes_version_number(void);

/** A value with an absolute error estimate, as returned by the _e functions. */
typedef struct kes_result {
    double val; /**< the computed value */
    double err; /**< an absolute error bound on val (0 for exact limits, NaN or +inf on errors) */
} kes_result;

/**
 * @defgroup core_rng Random numbers
 *
 * xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47, 2021) seeded through splitmix64 (Steele, Lea &
 * Flood, OOPSLA 2014).  A generator is identified by (seed, stream): the
 * 256-bit state of a stream is four splitmix64 outputs from a key that
 * mixes seed and stream number, so any stream is made in O(1).  Streams
 * with different numbers are statistically independent, so parallel code
 * gives stream k to block or source k and its output does not depend on
 * the thread count.
 *
 * The struct is public only so that streams can live on the stack in hot
 * loops (kes_rng_init()); treat its fields as private.  One kes_rng must
 * not be used by two threads at once; distinct generators never interfere.
 * Every sampling loop is bounded (see each function), so no call can hang.
 * @{
 */

/** Generator state; fields are private. */
typedef struct kes_rng {
    uint64_t s[4];   /**< xoshiro256** state (never all zero) */
    uint64_t seed;   /**< the seed it was made from */
    uint64_t stream; /**< its stream number */
    double spare;    /**< cached second normal deviate */
    int has_spare;   /**< 1 when spare holds an unused deviate */
} kes_rng;

/**
 * Allocate a generator for (seed, stream 0).
 * @param seed any 64-bit value.
 * @param[out] rng receives the generator; release with kes_rng_destroy().
 * @return KES_OK; KES_EINVAL (rng NULL); KES_ENOMEM.
 * Cost: O(1).  Thread-safety: safe from any thread.
 */
KES_API kes_status kes_rng_create(uint64_t seed, kes_rng **rng);

/**
 * Free a generator made by kes_rng_create() or kes_rng_split().
 * @param rng the generator; NULL is a no-op.
 * Errors: none.  Cost: O(1).  Thread-safety: not concurrently with other
 * uses of rng.
 */
KES_API void kes_rng_destroy(kes_rng *rng);

/**
 * Initialise caller-owned storage to the generator (seed, stream).
 * @param[out] rng storage, must not be NULL.
 * @param seed any value.
 * @param stream any value.
 * Never fails.  Cost: O(1).  Thread-safety: safe on distinct storage.
 */
KES_API void kes_rng_init(kes_rng *rng, uint64_t seed, uint64_t stream);

/**
 * Allocate an independent child generator: same seed as the parent,
 * stream number a hash of (parent stream, k).  The parent is not advanced,
 * so the children do not depend on the order in which they are made.
 * @param parent the parent generator (read only).
 * @param k child index.
 * @param[out] child receives the child; release with kes_rng_destroy().
 * @return KES_OK; KES_EINVAL (NULL pointer); KES_ENOMEM.
 * Cost: O(1).  Thread-safety: several threads may split one parent at once.
 */
KES_API kes_status kes_rng_split(const kes_rng *parent, uint64_t k, kes_rng **child);

/**
 * In-place form of kes_rng_split() for caller-owned storage.
 * @param parent the parent generator (read only, not NULL).
 * @param k child index.
 * @param[out] child storage for the child (not NULL).
 * Never fails.  Cost: O(1).  Thread-safety: as kes_rng_split().
 */
KES_API void kes_rng_split_init(const kes_rng *parent, uint64_t k, kes_rng *child);

/**
 * 64 random bits (the next xoshiro256** output).
 * @param rng generator, advanced by one step.
 * @return the output.  Errors: none.  Cost: O(1).
 * Thread-safety: one thread per generator.
 */
KES_API uint64_t kes_rng_u64(kes_rng *rng);

/**
 * Uniform double in [0, 1): the top 53 bits of one output times 2^-53.
 * @param rng generator, advanced by one step.
 * @return the deviate.  Errors: none.  Cost: one step.
 * Thread-safety: one thread per generator.
 */
KES_API double kes_rng_uniform(kes_rng *rng);

/**
 * Uniform double in (0, 1), (k + 1/2) 2^-53: never 0 or 1, safe for log().
 * @param rng generator, advanced by one step.
 * @return the deviate.  Errors: none.  Cost: one step.
 * Thread-safety: one thread per generator.
 */
KES_API double kes_rng_uniform_pos(kes_rng *rng);

/**
 * Unbiased integer in [0, n) by Lemire's multiply-and-reject method
 * (ACM TOMACS 29, 2019).  Each round is rejected with probability below
 * 1/2; after 128 rejections (probability below 2^-128) the last round is
 * returned.
 * @param rng generator.
 * @param n bound.
 * @return the integer; 0 when n == 0.  Errors: none.
 * Cost: about one step.  Thread-safety: one thread per generator.
 */
KES_API uint64_t kes_rng_uint(kes_rng *rng, uint64_t n);

/**
 * Standard normal deviate by the polar method (Marsaglia & Bray, SIAM
 * Review 6, 1964), deviates made in pairs (the second is cached in the
 * generator).  After 128 rejected pairs (probability below 1e-80) the pair
 * comes from the Box-Muller transform, also exact.
 * @param rng generator.
 * @return the deviate.  Errors: none.
 * Cost: about 2.5 steps per pair.  Thread-safety: one thread per generator.
 */
KES_API double kes_rng_normal(kes_rng *rng);

/**
 * +1 or -1 with probability 1/2 each.
 * @param rng generator, advanced by one step.
 * @return +1.0 or -1.0.  Errors: none.  Cost: one step.
 * Thread-safety: one thread per generator.
 */
KES_API double kes_rng_rademacher(kes_rng *rng);

/**
 * Exponential deviate with mean 1, -log of kes_rng_uniform_pos().
 * @param rng generator, advanced by one step.
 * @return the deviate.  Errors: none.  Cost: one step.
 * Thread-safety: one thread per generator.
 */
KES_API double kes_rng_exponential(kes_rng *rng);

/**
 * Gamma(shape, 1) deviate (Marsaglia & Tsang, ACM TOMS 26, 2000; shape < 1
 * by the boost G(a) = G(a+1) U^(1/a)).
 * @param rng generator.
 * @param shape shape parameter, > 0 and finite.
 * @return the deviate; NaN if shape <= 0, NaN or infinite.  After 128
 *   rejected rounds (probability below 1e-160) shape - 1/3 is returned.
 * Cost: about 1.05 normal and uniform draws.  Thread-safety: one thread per
 * generator.
 */
KES_API double kes_rng_gamma(kes_rng *rng, double shape);

/**
 * Beta(a, b) deviate as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 * @param rng generator.
 * @param a first shape, > 0 and finite.
 * @param b second shape, > 0 and finite.
 * @return the deviate; NaN if a or b is <= 0, NaN or infinite.
 * Cost: two gamma deviates.  Thread-safety: one thread per generator.
 */
KES_API double kes_rng_beta(kes_rng *rng, double a, double b);

/**
 * Fill x[0..n) with standard normals (kes_rng_normal()).
 * @param rng generator.
 * @param n number of deviates, n >= 0.
 * @param[out] x length n; untouched on error.
 * @return KES_OK; KES_EDIM (n < 0); KES_EINVAL (rng or x NULL while n > 0).
 * Cost: O(n).  Thread-safety: one thread per generator.
 */
KES_API kes_status kes_rng_fill_normal(kes_rng *rng, int64_t n, double *x);

/**
 * Fill x[0..n) with uniforms in [0, 1) (kes_rng_uniform()).
 * @param rng generator.
 * @param n number of deviates, n >= 0.
 * @param[out] x length n; untouched on error.
 * @return KES_OK; KES_EDIM (n < 0); KES_EINVAL (rng or x NULL while n > 0).
 * Cost: O(n).  Thread-safety: one thread per generator.
 */
KES_API kes_status kes_rng_fill_uniform(kes_rng *rng, int64_t n, double *x);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_CORE_H */
