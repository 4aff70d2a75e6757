/* Grid helpers of the spectral PDE wrappers: the grid is the shape of the
 * input array (a vector is 1-D, a matrix 2-D, a 3-D array 3-D; Octave's
 * column-major order is Kestrel's first-index-fastest order), the box
 * length a scalar (every axis) or one per axis. */
#ifndef KES_MEX_PDE_H
#define KES_MEX_PDE_H

#include "kes_mex_util.h"

static inline void kes_mex_free_fourier_poisson(void *p) { kes_fourier_poisson_destroy((kes_fourier_poisson *)p); }

/* Grid of array a: *dim axes in n[]; lengths from L (scalar or per axis). */
static inline void kes_mex_grid(const mxArray *a, const mxArray *L, int *dim, int64_t n[3], double len[3])
{
    kes_mex_full(a, "the grid array");
    size_t nd = mxGetNumberOfDimensions(a);
    const mwSize *dims = mxGetDimensions(a);
    if (mxGetNumberOfElements(a) == 0) kes_mex_error("kestrel:EDIM", "the grid array is empty");
    if (nd == 2 && (dims[0] == 1 || dims[1] == 1)) {
        *dim = 1;
        n[0] = (int64_t)mxGetNumberOfElements(a);
    } else if (nd <= 3) {
        *dim = (int)nd;
        for (size_t k = 0; k < nd; k++) n[k] = (int64_t)dims[k];
    } else {
        kes_mex_error("kestrel:EDIM", "grids have 1 to 3 axes, this array has %d", (int)nd);
    }
    const double *l = kes_mex_full(L, "L");
    size_t nl = mxGetNumberOfElements(L);
    if (nl != 1 && nl != (size_t)*dim)
        kes_mex_error("kestrel:EDIM", "L must be a scalar or have one length per axis (%d)", *dim);
    for (int k = 0; k < *dim; k++) len[k] = l[nl == 1 ? 0 : k];
}

#endif
