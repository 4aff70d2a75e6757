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

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SOLVERS_H */
