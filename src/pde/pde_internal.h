/* Private helpers of the PDE layer: a planned real FFT pair on a periodic
 * grid, shared by the Fourier solvers (pde_fourier.c) and ETDRK4
 * (pde_etdrk4.c). */
#ifndef KES_PDE_INTERNAL_H
#define KES_PDE_INTERNAL_H

#include <fftw3.h>
#include <stdint.h>

#include "kestrel/pde.h"

/* A real grid of N = n[0] ... n[dim-1] points (first index fastest) and its
 * half spectrum of (n[0]/2 + 1) n[1] ... n[dim-1] modes (first index
 * fastest), with an out-of-place r2c plan r -> c and c2r plan c -> r on
 * owned 16-byte aligned buffers. */
typedef struct kes__fgrid {
    int dim;
    int64_t n[3];
    double len[3];
    int64_t nreal, nspec;
    double *r;
    fftw_complex *c;
    fftw_plan fwd, bwd;
} kes__fgrid;

/* Check the sizes and lengths (length may be NULL: not checked, set to 1)
 * without allocating.  Returns the status the create functions document. */
kes_status kes__fgrid_check(int dim, const int64_t *n, const double *length);
/* Allocate the buffers and plan under the FFTW lock.  On error everything is
 * released and g is zeroed. */
kes_status kes__fgrid_init(kes__fgrid *g, int dim, const int64_t *n, const double *length, kes_fft_effort effort);
/* As kes__fgrid_init with FFTW's threads (nthreads >= 1; 1 is the plain
 * planner). */
kes_status kes__fgrid_init_threads(kes__fgrid *g, int dim, const int64_t *n, const double *length,
                                   kes_fft_effort effort, int nthreads);
void kes__fgrid_free(kes__fgrid *g);
/* Signed wavenumber index of position j on an axis of n points. */
static inline int64_t kes__fgrid_wavenum(int64_t j, int64_t n) { return (2 * j <= n) ? j : j - n; }

#endif
