/* Shared by the PETSc comparison programs: abort on a PETSc error, and a
 * monotonic clock.  Include after <petscksp.h>. */
#ifndef KES_BENCH_PETSC_UTIL_H
#define KES_BENCH_PETSC_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define P(call)                                                                                          \
    do {                                                                                                 \
        PetscErrorCode e_ = (call);                                                                      \
        if (e_) {                                                                                        \
            fprintf(stderr, "PETSc error %d at line %d\n", (int)e_, __LINE__);                           \
            exit(1);                                                                                     \
        }                                                                                                \
    } while (0)

static inline double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

#endif
