/* kestrel.h - the whole Kestrel API.  Includes only the per-layer headers. */
#ifndef KESTREL_H
#define KESTREL_H

#include "kestrel/version.h"
#include "kestrel/core.h"
#include "kestrel/linalg.h"
#include "kestrel/special.h"
#include "kestrel/solvers.h"
#include "kestrel/kernels.h"
#include "kestrel/graph.h"
#include "kestrel/kde.h"

#endif
