/* Private helpers shared by the graph kernel sources (graph.c, graph_grf.c). */
#ifndef KES_GRAPH_INTERNAL_H
#define KES_GRAPH_INTERNAL_H

#include "kestrel/linalg.h"

/* K <- (K + K^T)/2 for a square K: removes the rounding asymmetry of
 * products that are symmetric in exact arithmetic. */
static inline void kes__mat_sym_average(kes_mat K)
{
    for (int64_t j = 0; j < K.ncols; j++)
        for (int64_t i = j + 1; i < K.nrows; i++) {
            double m = 0.5 * (K.data[i + j * K.ld] + K.data[j + i * K.ld]);
            K.data[i + j * K.ld] = m;
            K.data[j + i * K.ld] = m;
        }
}

#endif
