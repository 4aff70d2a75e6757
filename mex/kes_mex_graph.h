/* Names shared by the graph wrappers. */
#ifndef KES_MEX_GRAPH_H
#define KES_MEX_GRAPH_H

#include "kes_mex_util.h"

static const kes_mex_name kes_mex_laplacians[] = {
    {"normalized", KES_LAPLACIAN_NORMALIZED}, {"normalised", KES_LAPLACIAN_NORMALIZED},
    {"combinatorial", KES_LAPLACIAN_COMBINATORIAL}, {NULL, 0}};

static const kes_mex_name kes_mex_grf_kernels[] = {
    {"regularized", KES_GRF_REGULARIZED}, {"diffusion", KES_GRF_DIFFUSION}, {"pstep", KES_GRF_PSTEP}, {NULL, 0}};

#endif
