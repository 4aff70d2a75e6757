/* Private helpers shared by every layer: overflow-checked sizes, allocation. */
#ifndef KES_INTERNAL_H
#define KES_INTERNAL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "kestrel/core.h"

/* a*b as size_t, or KES_ERANGE when it overflows or either is negative. */
static inline kes_status kes__mul_size(int64_t a, int64_t b, size_t *out)
{
    if (a < 0 || b < 0) return KES_ERANGE;
    if (a != 0 && (uint64_t)b > (uint64_t)SIZE_MAX / (uint64_t)a) return KES_ERANGE;
    *out = (size_t)((uint64_t)a * (uint64_t)b);
    return KES_OK;
}

/* malloc of n elements of size sz with overflow check; NULL on failure or
 * overflow.  n == 0 returns a valid 1-byte block so callers can free it. */
static inline void *kes__malloc_n(size_t n, size_t sz)
{
    if (sz != 0 && n > SIZE_MAX / sz) return NULL;
    size_t bytes = n * sz;
    return malloc(bytes ? bytes : 1);
}

static inline void *kes__calloc_n(size_t n, size_t sz)
{
    if (sz != 0 && n > SIZE_MAX / sz) return NULL;
    return calloc(n ? n : 1, sz ? sz : 1);
}

/* True when every entry of x[0..n) is finite. */
static inline int kes__all_finite(const double *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return 0;
    return 1;
}

#endif
