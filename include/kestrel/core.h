/*
 * kestrel/core.h - status codes, version, results, and the explicit RNG.
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

/* Status codes.  Negative: error, the outputs are untouched unless the
 * function documents them as partial.  Positive: an outcome, the outputs are
 * valid and the stats explain. */
typedef enum kes_status {
    KES_OK = 0,
    KES_EINVAL = -1,   /* invalid argument (NULL pointer, bad option value) */
    KES_EDIM = -2,     /* zero, negative or mismatched dimensions */
    KES_ENOMEM = -3,   /* allocation failed */
    KES_ERANGE = -4,   /* a size or a result does not fit the type */
    KES_ENOTSPD = -5,  /* matrix is not symmetric positive definite */
    KES_EIO = -6,      /* file could not be opened, read or written */
    KES_EPARSE = -7,   /* malformed input file */
    KES_EDOM = -8,     /* argument outside the mathematical domain */
    KES_ENAN = -9,     /* NaN or Inf in input data */
    KES_ESINGULAR = -10, /* zero pivot / zero or missing diagonal entry */
    KES_EDIVERGE = -11,  /* iteration diverged (residual non-finite or exploding) */
    KES_ESTATE = -12,  /* call out of order (e.g. observe without choose) */
    KES_EVARIANCE = -13, /* estimator variance is infinite for these settings */
    KES_ENOTSUP = -14, /* operation not supported for this input or build */
    KES_EBADDATA = -15, /* data violate a documented precondition (asymmetric, negative weights, ...) */
    KES_NOCONV = 1,    /* iteration limit reached before the tolerance */
    KES_CLAMPED = 2    /* an input was clamped into its declared range */
} kes_status;

/* A sentence describing s; never NULL, also for unknown values. Thread-safe. */
KES_API const char *kes_strerror(kes_status s);

/* The library's version string ("major.minor.patch").  Compare with
 * KES_VERSION_STRING from the header to detect a header/library mismatch. */
KES_API const char *kes_version(void);
/* The library's KES_VERSION_NUMBER. */
KES_API int kes_version_number(void);

/* A value with an absolute error estimate, as returned by _e functions. */
typedef struct kes_result {
    double val;
    double err;
} kes_result;

/* ------------------------------------------------------------------------
 * Random numbers.
 *
 * xoshiro256** (Blackman & Vigna 2018) seeded through splitmix64.  A
 * generator is identified by (seed, stream): streams with different numbers
 * are statistically independent, so parallel code gives stream k to block
 * or source k and its output does not depend on the thread count.
 *
 * The struct is public only so that streams can live on the stack in hot
 * loops (kes_rng_init); treat its fields as private.  One kes_rng must not
 * be used by two threads at once.
 * ---------------------------------------------------------------------- */
typedef struct kes_rng {
    uint64_t s[4];
    uint64_t seed;
    uint64_t stream;
    double spare;      /* cached second normal deviate */
    int has_spare;
} kes_rng;

/* Allocate a generator for (seed, stream 0).  Errors: KES_EINVAL (rng NULL),
 * KES_ENOMEM.  Cost O(1). */
KES_API kes_status kes_rng_create(uint64_t seed, kes_rng **rng);
/* Free; NULL is a no-op. */
KES_API void kes_rng_destroy(kes_rng *rng);
/* Initialise caller-owned storage to the generator (seed, stream).  Never
 * fails; rng must not be NULL. */
KES_API void kes_rng_init(kes_rng *rng, uint64_t seed, uint64_t stream);
/* Allocate an independent child generator: same seed as parent, stream
 * number derived from (parent stream, k).  The parent is not advanced, so
 * the children do not depend on the order in which they are made.
 * Errors: KES_EINVAL, KES_ENOMEM. */
KES_API kes_status kes_rng_split(const kes_rng *parent, uint64_t k, kes_rng **child);
/* In-place form of kes_rng_split for caller-owned storage. */
KES_API void kes_rng_split_init(const kes_rng *parent, uint64_t k, kes_rng *child);

/* Raw 64 random bits. */
KES_API uint64_t kes_rng_u64(kes_rng *rng);
/* Uniform double in [0, 1) with 53 random bits. */
KES_API double kes_rng_uniform(kes_rng *rng);
/* Uniform double in (0, 1): never 0, safe for log(). */
KES_API double kes_rng_uniform_pos(kes_rng *rng);
/* Unbiased integer in [0, n) (Lemire's method); returns 0 when n == 0. */
KES_API uint64_t kes_rng_uint(kes_rng *rng, uint64_t n);
/* Standard normal deviate (Marsaglia polar method). */
KES_API double kes_rng_normal(kes_rng *rng);
/* +1 or -1 with probability 1/2 each. */
KES_API double kes_rng_rademacher(kes_rng *rng);
/* Exponential deviate with mean 1. */
KES_API double kes_rng_exponential(kes_rng *rng);
/* Gamma(shape, 1) deviate (Marsaglia & Tsang 2000); NaN if shape <= 0 or not finite. */
KES_API double kes_rng_gamma(kes_rng *rng, double shape);
/* Beta(a, b) deviate via two gammas; NaN if a or b <= 0. */
KES_API double kes_rng_beta(kes_rng *rng, double a, double b);
/* Fill x[0..n) with standard normals / uniforms in [0,1). */
KES_API void kes_rng_fill_normal(kes_rng *rng, size_t n, double *x);
KES_API void kes_rng_fill_uniform(kes_rng *rng, size_t n, double *x);

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_CORE_H */
