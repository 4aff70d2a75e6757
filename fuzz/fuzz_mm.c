/* libFuzzer target for the Matrix Market reader.  Any input must either give
 * a structurally valid matrix, or an error with a message and no matrix;
 * ASan/UBSan/LSan catch the rest (overflows, UB, leaks).  Build and run with
 * fuzz/run.sh. */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kestrel/linalg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char empty[1] = {0};
    /* fmemopen refuses a zero-size buffer on some libcs: read an empty buffer of size 1 as "" instead. */
    FILE *f = size ? fmemopen((void *)data, size, "r") : fmemopen((void *)empty, 1, "r");
    if (!f) return 0;
    kes_csr *A = NULL;
    kes_mm_error err;
    kes_status st = kes_csr_read_mm_stream(f, &A, &err);
    fclose(f);
    if (st == KES_OK) {
        if (!A || kes_csr_validate(A) != KES_OK) __builtin_trap();
        /* Touch every entry through a product: catches a rowptr/colind that validate missed. */
        double *x = malloc(sizeof(double) * (size_t)A->ncols), *y = malloc(sizeof(double) * (size_t)A->nrows);
        if (x && y) {
            for (int64_t j = 0; j < A->ncols; j++) x[j] = 1.0;
            if (kes_csr_matvec(A, x, y) != KES_OK) __builtin_trap();
        }
        free(x);
        free(y);
        kes_csr_destroy(A);
    } else {
        if (A != NULL || err.message[0] == '\0' || st >= 0) __builtin_trap();
    }
    /* The dense reader shares the parser but has its own expansion and size limits. */
    f = size ? fmemopen((void *)data, size, "r") : fmemopen((void *)empty, 1, "r");
    if (!f) return 0;
    kes_matrix *XM = NULL;
    kes_status st2 = kes_mm_read_dense_stream(f, &XM, &err);
    fclose(f);
    if (st2 == KES_OK) {
        kes_cmat X = kes_matrix_cview(XM);
        int64_t m = X.nrows, n = X.ncols;
        if (!X.data || m <= 0 || n <= 0 || X.ld != m) __builtin_trap();
        for (int64_t k = 0; k < m * n; k += 1 + (m * n) / 64) /* sample: every cell must be finite */
            if (!isfinite(X.data[k])) __builtin_trap();
        kes_matrix_destroy(XM);
    } else if (XM != NULL || err.message[0] == '\0' || st2 >= 0) {
        __builtin_trap();
    }
    /* Both readers share the parser (the CSR one only stops earlier on a column count it cannot
     * index): a file that one reads completely cannot be a parse error for the other. */
    if ((st == KES_OK && st2 == KES_EPARSE) || (st2 == KES_OK && st == KES_EPARSE)) __builtin_trap();
    return 0;
}
