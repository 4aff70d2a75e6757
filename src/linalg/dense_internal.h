/* Private to the library: hand a malloc'd buffer to a kes_matrix. */
#ifndef KES_DENSE_INTERNAL_H
#define KES_DENSE_INTERNAL_H

#include "kestrel/linalg.h"

/* *out takes ownership of data (nrows * ncols doubles, ld = nrows); on
 * failure data is freed and KES_ENOMEM returned. */
kes_status kes__matrix_adopt(double *data, int64_t nrows, int64_t ncols, kes_matrix **out);

/* Scratch storage inside the library: a zero-filled nrows x ncols view
 * (ld = max(1, nrows)) whose data the caller releases with kes__mat_free,
 * which also resets the view.  Errors as kes_matrix_create. */
kes_status kes__mat_alloc(int64_t nrows, int64_t ncols, kes_mat *out);
void kes__mat_free(kes_mat *A);

#endif
