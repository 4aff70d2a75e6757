/*
 * kestrel/kernels.h - kernel functions, random features, graph kernels and graph random features (layer: kernels; depends on core, linalg, special).
 */
#ifndef KESTREL_KERNELS_H
#define KESTREL_KERNELS_H

#include "kestrel/core.h"
#include "kestrel/linalg.h"
#include "kestrel/special.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==================================================================== */
/* Section 1: kernels on R^d and Euclidean random features (owner: features branch) */
/* ==================================================================== */

/* end of section 1 */



/* ==================================================================== */
/* Section 2: graph kernels and graph random features (owner: graph branch) */
/* ==================================================================== */

/* end of section 2 */

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_KERNELS_H */
