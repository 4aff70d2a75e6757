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

/* end of section 2 */

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SOLVERS_H */
