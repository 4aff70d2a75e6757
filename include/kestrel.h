/**
 * @file kestrel.h
 * @brief The whole Kestrel API: includes every per-layer header and nothing else.
 *
 * Kestrel is a C11 numerical library.  Every fallible function returns a
 * ::kes_status (0 success, negative errors, positive outcomes a caller may
 * accept); the library never prints, never aborts and keeps no global
 * state, so distinct objects may be used from distinct threads without
 * locking.  Randomness comes only from a caller's ::kes_rng.
 *
 * The layers, each usable on its own:
 * - kestrel/core.h: status codes, version, random numbers;
 * - kestrel/linalg.h: dense views, CSR matrices, Matrix Market I/O;
 * - kestrel/special.h: log-Bessel functions and the von Mises-Fisher distribution;
 * - kestrel/solvers.h: iterative solvers and the tuners that learn their relaxation;
 * - kestrel/kernels.h: kernels on R^d, random features and Nystrom features;
 * - kestrel/graph.h: graph kernels and graph random features (kestrel/graph_mpi.h: the MPI back end);
 * - kestrel/pde.h: Fourier and Chebyshev spectral solvers, ETDRK4, finite-difference operators;
 * - kestrel/kde.h: kernel density estimation (exact in log space, binned, bandwidth selectors);
 * - kestrel/gp.h: Gaussian-process regression (exact fit, LML and gradient, optimisation, prediction).
 *
 * Link with `-lkestrel` (pkg-config `kestrel`, CMake `find_package(kestrel)`
 * and `kestrel::kestrel`); OpenMP is private to the library, so a program
 * needs no `-fopenmp` to use it.
 */
#ifndef KESTREL_H
#define KESTREL_H

#include "kestrel/version.h"
#include "kestrel/core.h"
#include "kestrel/linalg.h"
#include "kestrel/special.h"
#include "kestrel/solvers.h"
#include "kestrel/kernels.h"
#include "kestrel/graph.h"
#include "kestrel/pde.h"
#include "kestrel/kde.h"
#include "kestrel/gp.h"

#endif
