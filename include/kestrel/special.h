/*
 * kestrel/special.h - log-Bessel functions, Bessel ratios and von Mises-Fisher helpers (layer: special; depends on core only).
 */
#ifndef KESTREL_SPECIAL_H
#define KESTREL_SPECIAL_H

#include "kestrel/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* KESTREL_SPECIAL_H */
