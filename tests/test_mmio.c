/* Matrix Market reader/writer: fixtures with hand-written expected matrices,
 * every format/field/symmetry combination, bit-exact round trips, and a
 * corpus of malformed files with the status and line each must report. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kestrel.h"

#define MM_DIR KES_TEST_DATA_DIR "/mm/"

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/mmio_XXXXXX", KES_TEST_BINARY_DIR);
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

static void tmp_path(char *out, size_t n, const char *name) { snprintf(out, n, "%s/%s", tmpdir, name); }

/* Read a string through fmemopen, the same path the fuzzer takes. */
static kes_status read_string(const char *text, kes_csr **A, kes_mm_error *err)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    cr_assert_not_null(f);
    kes_status st = kes_csr_read_mm_stream(f, A, err);
    fclose(f);
    return st;
}

/* A must equal the column-major dense array want exactly (bit for bit) and be
 * structurally valid. */
static void assert_matrix(const kes_csr *A, int64_t m, int64_t n, const double *want)
{
    cr_assert_eq(kes_csr_validate(A), KES_OK);
    cr_assert_eq(A->nrows, m);
    cr_assert_eq(A->ncols, n);
    double *got = calloc((size_t)(m * n), sizeof(double));
    cr_assert_eq(kes_csr_to_dense(A, got, m), KES_OK);
    for (int64_t k = 0; k < m * n; k++)
        cr_assert_eq(got[k], want[k], "entry (%lld,%lld): got %.17g want %.17g", (long long)(k % m),
                     (long long)(k / m), got[k], want[k]);
    free(got);
}

static kes_csr *read_fixture(const char *name)
{
    kes_csr *A = NULL;
    kes_mm_error err;
    char path[512];
    snprintf(path, sizeof path, MM_DIR "%s", name);
    kes_status st = kes_csr_read_mm_ex(path, &A, &err);
    cr_assert_eq(st, KES_OK, "%s: %s (line %lld: %s)", name, kes_strerror(st), (long long)err.line, err.message);
    cr_assert_eq(err.line, 0);
    cr_assert_str_empty(err.message);
    return A;
}

Test(mmio, suitesparse_header_symmetric_expanded)
{
    kes_csr *A = read_fixture("suitesparse_sym.mtx");
    /* 4 on the diagonal, -1 off it, 0.5 at (5,1) and (1,5). */
    double want[25] = {0};
    for (int i = 0; i < 5; i++) want[i + 5 * i] = 4.0;
    for (int i = 0; i < 4; i++) want[i + 1 + 5 * i] = want[i + 5 * (i + 1)] = -1.0;
    want[4] = want[20] = 0.5;
    assert_matrix(A, 5, 5, want);
    cr_assert_eq(A->nnz, 15, "diagonal stored once: 5 + 2 * 5");
    int sym = 0;
    cr_assert_eq(kes_csr_is_symmetric(A, 0.0, &sym), KES_OK);
    cr_assert(sym);
    kes_csr_destroy(A);
}

Test(mmio, general_duplicates_summed_unsorted_empty_row)
{
    kes_csr *A = read_fixture("general_real.mtx");
    const double want[12] = {0.25, 7, 0, -0.0, 0, 0, 0, 4.0, 0, -2, 0, 0};
    assert_matrix(A, 3, 4, want);
    cr_assert_eq(A->nnz, 5, "duplicate (2,3) merged, explicit -0 kept");
    cr_assert_eq(A->rowptr[3] - A->rowptr[2], 0);
    cr_assert(signbit(A->val[1]) && A->val[1] == 0.0, "explicit -0.0 keeps its sign");
    kes_csr_destroy(A);
}

Test(mmio, integer_and_case_insensitive_banner)
{
    kes_csr *A = read_fixture("integer_general.mtx");
    const double want[6] = {-3, 0, 0, 0, 5, 12};
    assert_matrix(A, 2, 3, want);
    kes_csr_destroy(A);
}

Test(mmio, pattern_symmetric_gets_ones)
{
    kes_csr *A = read_fixture("pattern_symmetric.mtx");
    double want[16] = {0};
    want[0] = 1;                        /* (1,1) */
    want[1] = want[4] = 1;              /* (2,1) */
    want[2 + 4 * 1] = want[1 + 4 * 2] = 1; /* (3,2) */
    want[3 + 4 * 3] = 1;                /* (4,4) */
    want[3] = want[12] = 1;             /* (4,1) */
    assert_matrix(A, 4, 4, want);
    cr_assert_eq(A->nnz, 8);
    kes_csr_destroy(A);
}

Test(mmio, skew_symmetric_mirrored_with_sign)
{
    kes_csr *A = read_fixture("skew.mtx");
    const double want[9] = {0, 1.5, -2, -1.5, 0, 4, 2, -4, 0};
    assert_matrix(A, 3, 3, want);
    cr_assert_eq(A->nnz, 6);
    kes_csr_destroy(A);
}

Test(mmio, array_formats)
{
    kes_csr *A = read_fixture("array_general.mtx");
    const double g[6] = {1, 2, 0, 0, 3, -4};
    assert_matrix(A, 2, 3, g);
    cr_assert_eq(A->nnz, 4, "array zeros are not stored");
    kes_csr_destroy(A);
    A = read_fixture("array_symmetric.mtx");
    const double s[9] = {1, 2, 3, 2, 4, 0, 3, 0, 6};
    assert_matrix(A, 3, 3, s);
    kes_csr_destroy(A);
    A = read_fixture("array_skew.mtx");
    const double k[9] = {0, 1, 2, -1, 0, 3, -2, -3, 0};
    assert_matrix(A, 3, 3, k);
    kes_csr_destroy(A);
}

Test(mmio, crlf_tabs_blank_lines_no_final_newline)
{
    kes_csr *A = read_fixture("crlf.mtx");
    const double want[4] = {1, 0, 0, 2};
    assert_matrix(A, 2, 2, want);
    kes_csr_destroy(A);
}

Test(mmio, comments_and_blank_lines_anywhere)
{
    const char *text = "%%MatrixMarket matrix coordinate real general\n"
                       "%\n\n   \n% size follows\n"
                       "2 2 2\n"
                       "% between entries\n\n"
                       "1 2 3\n"
                       "\t\n"
                       "%%MatrixMarket looks like a banner but is a comment here\n"
                       "2 1 4\n"
                       "% trailing comment\n\n";
    kes_csr *A = NULL;
    kes_mm_error err;
    cr_assert_eq(read_string(text, &A, &err), KES_OK, "%s", err.message);
    const double want[4] = {0, 4, 3, 0};
    assert_matrix(A, 2, 2, want);
    kes_csr_destroy(A);
}

Test(mmio, long_comment_lines_are_skipped)
{
    size_t n = 5000;
    char *text = malloc(n + 200);
    strcpy(text, "%%MatrixMarket matrix coordinate real general\n%");
    size_t len = strlen(text);
    memset(text + len, 'c', n);
    strcpy(text + len + n, "\n1 1 1\n1 1 42\n");
    kes_csr *A = NULL;
    kes_mm_error err;
    cr_assert_eq(read_string(text, &A, &err), KES_OK, "%s", err.message);
    cr_assert_eq(A->val[0], 42.0);
    kes_csr_destroy(A);
    free(text);
}

/* A caller's LC_NUMERIC with a decimal comma must not change what is read
 * or written.  Builds a de_DE locale into a temporary LOCPATH; skipped where
 * the Debian "locales" data are not installed. */
Test(mmio, numbers_ignore_the_callers_locale, .init = make_tmpdir, .fini = remove_tmpdir)
{
    char cmd[700], probe[600];
    snprintf(cmd, sizeof cmd, "localedef -c -i de_DE -f UTF-8 '%s/de_DE.UTF-8' >/dev/null 2>&1", tmpdir);
    int rc = system(cmd);
    snprintf(probe, sizeof probe, "%s/de_DE.UTF-8/LC_NUMERIC", tmpdir);
    if (access(probe, R_OK) != 0) cr_skip_test("cannot build a de_DE locale here (localedef exit %d)", rc);
    setenv("LOCPATH", tmpdir, 1);
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8")) cr_skip_test("de_DE.UTF-8 not loadable");
    cr_assert_eq(strtod("1,5", NULL), 1.5, "the locale really uses a decimal comma");
    kes_csr *A = NULL, *B = NULL;
    kes_mm_error err;
    cr_assert_eq(read_string("%%MatrixMarket matrix coordinate real general\n1 2 2\n1 1 2.25\n1 2 -1e-3\n", &A, &err),
                 KES_OK, "%s", err.message);
    cr_assert_eq(A->val[0], 2.25);
    cr_assert_eq(A->val[1], -1e-3);
    char path[512];
    tmp_path(path, sizeof path, "locale.mtx");
    A->val[0] = 0.1;
    cr_assert_eq(kes_csr_write_mm(path, A), KES_OK);
    FILE *f = fopen(path, "r");
    char line[256], last[256] = "";
    while (fgets(line, sizeof line, f)) strcpy(last, line);
    fclose(f);
    cr_assert(strchr(last, ',') == NULL && strchr(last, '.') != NULL, "written in the C locale: %s", last);
    cr_assert_eq(kes_csr_read_mm(path, &B), KES_OK);
    cr_assert_eq(memcmp(A->val, B->val, 2 * sizeof(double)), 0);
    cr_assert_eq(strtod("1,5", NULL), 1.5, "the caller's locale is restored");
    kes_csr_destroy(A);
    kes_csr_destroy(B);
}

/* The format's limit is 1024 characters per line (CR/LF not counted). */
Test(mmio, line_length_limit_is_exactly_1024)
{
    for (int extra = 0; extra <= 1; extra++) {
        char text[1200];
        int len = snprintf(text, sizeof text, "%%%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 ");
        int data_start = (int)(strchr(strchr(text, '\n') + 1, '\n') - text) + 1;
        /* Pad the value with leading zeros so the data line is 1024 (+ extra) characters long. */
        int zeros = 1024 + extra - (len - data_start) - 2;
        memset(text + len, '0', (size_t)zeros);
        strcpy(text + len + zeros, "25\r\n");
        kes_csr *A = NULL;
        kes_mm_error err;
        kes_status st = read_string(text, &A, &err);
        if (!extra) {
            cr_assert_eq(st, KES_OK, "%s", err.message);
            cr_assert_eq(A->val[0], 25.0);
            kes_csr_destroy(A);
        } else {
            cr_assert_eq(st, KES_EPARSE);
            cr_assert_eq(err.line, 3);
        }
    }
}

/* ---- every format x field x symmetry combination, written by the test ---- */

static const char *field_name[] = {"real", "integer", "pattern"};
static const char *symm_name[] = {"general", "symmetric", "skew-symmetric"};

/* Reference matrix for a combination: n x n (m x n for general), entries are
 * integers for "integer", ones for "pattern", exactly representable reals
 * otherwise; symmetric / skew-symmetric structure as the symmetry says.  The
 * test writes the file text itself (lower triangle for the symmetric kinds). */
static void reference(int field, int symm, int64_t m, int64_t n, double *A)
{
    for (int64_t j = 0; j < n; j++)
        for (int64_t i = 0; i < m; i++) {
            int64_t h = (i * 7 + j * 3) % 5;
            double v = h == 0 || h == 3 ? 0.0 : field == 0 ? (double)(i + 1) / 8 - (double)j : (double)(i - 2 * j);
            if (field == 2) v = v != 0.0;
            if (symm != 0 && i < j) continue;
            if (symm == 2 && i == j) v = 0.0;
            A[i + j * m] = v;
            if (symm == 1) A[j + i * m] = v;
            if (symm == 2) A[j + i * m] = -v;
        }
}

static char *write_text(int array, int field, int symm, int64_t m, int64_t n, const double *A)
{
    size_t cap = 64 + (size_t)(m * n) * 64, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len, "%%%%MatrixMarket matrix %s %s %s\n", array ? "array" : "coordinate",
                            field_name[field], symm_name[symm]);
    int64_t cnt = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            if (array) len += (size_t)snprintf(t + len, cap - len, "%lld %lld\n", (long long)m, (long long)n);
            else len += (size_t)snprintf(t + len, cap - len, "%lld %lld %lld\n", (long long)m, (long long)n, (long long)cnt);
        }
        for (int64_t j = 0; j < n; j++)
            for (int64_t i = symm == 0 ? 0 : symm == 1 ? j : j + 1; i < m; i++) {
                double v = A[i + j * m];
                if (!array && v == 0.0) continue;
                if (pass == 0) {
                    cnt++;
                    continue;
                }
                if (array) len += (size_t)snprintf(t + len, cap - len, "%.17g\n", v);
                else if (field == 2) len += (size_t)snprintf(t + len, cap - len, "%lld %lld\n", (long long)i + 1, (long long)j + 1);
                else len += (size_t)snprintf(t + len, cap - len, "%lld %lld %.17g\n", (long long)i + 1, (long long)j + 1, v);
            }
    }
    return t;
}

Test(mmio, every_format_field_symmetry_combination)
{
    for (int array = 0; array < 2; array++)
        for (int field = 0; field < 3; field++)
            for (int symm = 0; symm < 3; symm++) {
                int64_t n = 6, m = symm == 0 ? 7 : 6;
                double *want = calloc((size_t)(m * n), sizeof(double));
                reference(field, symm, m, n, want);
                char *text = write_text(array, field, symm, m, n, want);
                kes_csr *A = NULL;
                kes_mm_error err;
                kes_status st = read_string(text, &A, &err);
                int invalid = (array && field == 2) || (field == 2 && symm == 2);
                if (invalid) {
                    cr_assert_eq(st, KES_EPARSE, "%s %s %s must be refused", array ? "array" : "coordinate",
                                 field_name[field], symm_name[symm]);
                    cr_assert_eq(err.line, 1);
                } else {
                    cr_assert_eq(st, KES_OK, "%s %s %s: %s", array ? "array" : "coordinate", field_name[field],
                                 symm_name[symm], err.message);
                    assert_matrix(A, m, n, want);
                    kes_csr_destroy(A);
                }
                free(text);
                free(want);
            }
}

/* ---- round trips ---- */

Test(mmio, csr_round_trip_is_bit_exact, .init = make_tmpdir, .fini = remove_tmpdir)
{
    kes_rng *rng;
    cr_assert_eq(kes_rng_create(7, &rng), KES_OK);
    enum { m = 40, n = 33, nnz = 300 };
    int64_t r[nnz], c[nnz];
    double v[nnz];
    const double special[] = {1.0 / 3.0, -0.0, DBL_MAX, -DBL_MAX, DBL_MIN, DBL_TRUE_MIN, 4.9406564584124654e-324 * 3,
                              0.1, 1e-300, 123456789.123456789, nextafter(1.0, 2.0), -nextafter(1.0, 0.0)};
    const int nspecial = (int)(sizeof special / sizeof special[0]);
    for (int k = 0; k < nnz; k++) {
        /* Random entries avoid the rows of the special values, so those are never summed. */
        r[k] = nspecial + (int64_t)kes_rng_uint(rng, (uint64_t)(m - nspecial));
        c[k] = (int64_t)kes_rng_uint(rng, n);
        v[k] = k < nspecial ? special[k] : ldexp(kes_rng_normal(rng), (int)kes_rng_uint(rng, 200) - 100);
        if (k < nspecial) r[k] = k, c[k] = k; /* distinct positions: no summation */
    }
    kes_csr *A, *B = NULL;
    cr_assert_eq(kes_csr_from_triplets(m, n, nnz, r, c, v, &A), KES_OK);
    char path[512];
    tmp_path(path, sizeof path, "rt.mtx");
    cr_assert_eq(kes_csr_write_mm(path, A), KES_OK);
    cr_assert_eq(kes_csr_read_mm(path, &B), KES_OK);
    cr_assert_eq(B->nrows, A->nrows);
    cr_assert_eq(B->ncols, A->ncols);
    cr_assert_eq(B->nnz, A->nnz);
    cr_assert_eq(memcmp(A->rowptr, B->rowptr, sizeof(int64_t) * (m + 1)), 0);
    cr_assert_eq(memcmp(A->colind, B->colind, sizeof(int32_t) * (size_t)A->nnz), 0);
    cr_assert_eq(memcmp(A->val, B->val, sizeof(double) * (size_t)A->nnz), 0, "values differ in some bit");
    /* A second write of the re-read matrix gives the same file. */
    char path2[512];
    tmp_path(path2, sizeof path2, "rt2.mtx");
    cr_assert_eq(kes_csr_write_mm(path2, B), KES_OK);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", path, path2);
    cr_assert_eq(system(cmd), 0);
    kes_csr_destroy(A);
    kes_csr_destroy(B);
    kes_rng_destroy(rng);
}

Test(mmio, csr_with_empty_rows_and_no_entries_round_trips, .init = make_tmpdir, .fini = remove_tmpdir)
{
    kes_csr *A, *B;
    cr_assert_eq(kes_csr_from_triplets(4, 3, 0, NULL, NULL, NULL, &A), KES_OK);
    char path[512];
    tmp_path(path, sizeof path, "empty.mtx");
    cr_assert_eq(kes_csr_write_mm(path, A), KES_OK);
    cr_assert_eq(kes_csr_read_mm(path, &B), KES_OK);
    cr_assert_eq(B->nrows, 4);
    cr_assert_eq(B->ncols, 3);
    cr_assert_eq(B->nnz, 0);
    kes_csr_destroy(A);
    kes_csr_destroy(B);
}

Test(mmio, dense_round_trip_is_bit_exact, .init = make_tmpdir, .fini = remove_tmpdir)
{
    enum { m = 5, n = 4, ld = 7 };
    double X[ld * n];
    kes_rng r;
    kes_rng_init(&r, 11, 0);
    for (int k = 0; k < ld * n; k++) X[k] = k % ld >= m ? NAN : kes_rng_normal(&r) * exp(30 * kes_rng_normal(&r));
    X[0] = -0.0;
    X[1] = DBL_TRUE_MIN;
    char path[512];
    tmp_path(path, sizeof path, "dense.mtx");
    cr_assert_eq(kes_mm_write_dense(path, kes_cmat_view(X, m, n, ld)), KES_OK,
                 "the padding rows (NaN) are not part of the matrix");
    kes_matrix *YM = NULL;
    kes_mm_error err;
    cr_assert_eq(kes_mm_read_dense(path, &YM, &err), KES_OK, "%s", err.message);
    kes_cmat Y = kes_matrix_cview(YM);
    cr_assert_eq(Y.nrows, m);
    cr_assert_eq(Y.ncols, n);
    for (int j = 0; j < n; j++)
        for (int i = 0; i < m; i++) cr_assert_eq(memcmp(&Y.data[i + j * Y.ld], &X[i + j * ld], sizeof(double)), 0);
    kes_matrix_destroy(YM);
}

Test(mmio, read_dense_expands_every_kind)
{
    const char *names[] = {"array_symmetric.mtx", "array_skew.mtx", "skew.mtx", "suitesparse_sym.mtx",
                           "general_real.mtx"};
    for (size_t t = 0; t < sizeof names / sizeof names[0]; t++) {
        char path[512];
        snprintf(path, sizeof path, MM_DIR "%s", names[t]);
        kes_matrix *XM = NULL;
        kes_mm_error err;
        cr_assert_eq(kes_mm_read_dense(path, &XM, &err), KES_OK, "%s: %s", names[t], err.message);
        kes_cmat X = kes_matrix_cview(XM);
        kes_csr *A = read_fixture(names[t]);
        assert_matrix(A, X.nrows, X.ncols, X.data);
        kes_csr_destroy(A);
        kes_matrix_destroy(XM);
    }
}

Test(mmio, dense_stream_and_size_limit)
{
    const char *text = "%%MatrixMarket matrix coordinate real symmetric\n3 3 2\n2 1 -1.5\n3 3 2\n";
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    kes_matrix *XM = NULL;
    kes_mm_error err;
    cr_assert_eq(kes_mm_read_dense_stream(f, &XM, &err), KES_OK, "%s", err.message);
    fclose(f);
    const double want[9] = {0, -1.5, 0, -1.5, 0, 0, 0, 0, 2};
    kes_cmat X = kes_matrix_cview(XM);
    cr_assert(X.nrows == 3 && X.ncols == 3 && X.ld == 3);
    for (int k = 0; k < 9; k++) cr_assert_eq(X.data[k], want[k]);
    kes_matrix_destroy(XM);
    XM = NULL;
    cr_assert_eq(kes_mm_read_dense_stream(NULL, &XM, &err), KES_EINVAL);
    cr_assert_eq(kes_mm_read_dense_stream(stdin, NULL, &err), KES_EINVAL);
    /* A 10^5 x 10^5 coordinate file with one entry is fine as CSR but far too large to densify. */
    const char *big = "%%MatrixMarket matrix coordinate real general\n100000 100000 1\n7 9 1\n";
    kes_csr *A = NULL;
    cr_assert_eq(read_string(big, &A, &err), KES_OK, "%s", err.message);
    cr_assert_eq(A->nnz, 1);
    kes_csr_destroy(A);
    f = fmemopen((void *)big, strlen(big), "r");
    cr_assert_eq(kes_mm_read_dense_stream(f, &XM, &err), KES_ERANGE);
    fclose(f);
    cr_assert_eq(err.line, 2);
    cr_assert_null(XM);
    /* Duplicates summing to infinity in a dense read. */
    const char *inf = "%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 1e308\n1 2 1e308\n";
    f = fmemopen((void *)inf, strlen(inf), "r");
    cr_assert_eq(kes_mm_read_dense_stream(f, &XM, &err), KES_ERANGE);
    fclose(f);
    cr_assert_null(XM);
    cr_assert_eq(read_string(inf, &A, &err), KES_ERANGE);
}

Test(mmio, write_errors, .init = make_tmpdir, .fini = remove_tmpdir)
{
    kes_csr *A;
    const int64_t r[] = {0, 1}, c[] = {1, 0};
    const double v[] = {1.0, 2.0};
    cr_assert_eq(kes_csr_from_triplets(2, 2, 2, r, c, v, &A), KES_OK);
    cr_assert_eq(kes_csr_write_mm(NULL, A), KES_EINVAL);
    cr_assert_eq(kes_csr_write_mm("x.mtx", NULL), KES_EINVAL);
    cr_assert_eq(kes_csr_write_mm("/nonexistent-dir/x.mtx", A), KES_EIO);
    /* A full disk is only noticed when the buffer is flushed on close. */
    if (access("/dev/full", W_OK) == 0) cr_assert_eq(kes_csr_write_mm("/dev/full", A), KES_EIO);
    char path[512];
    tmp_path(path, sizeof path, "broken.mtx");
    A->colind[0] = 5; /* out of range: refuse to write a file that cannot be read back */
    cr_assert_eq(kes_csr_write_mm(path, A), KES_EBADDATA);
    A->colind[0] = 1;
    A->val[1] = INFINITY;
    cr_assert_eq(kes_csr_write_mm(path, A), KES_ENAN);
    kes_csr_destroy(A);

    double X[4] = {1, 2, 3, NAN};
    cr_assert_eq(kes_mm_write_dense(path, kes_cmat_view(X, 2, 2, 2)), KES_ENAN);
    cr_assert_eq(kes_mm_write_dense(path, kes_cmat_view(X, 2, 1, 2)), KES_OK);
    cr_assert_eq(kes_mm_write_dense(path, kes_cmat_view(X, 0, 2, 2)), KES_EDIM);
    cr_assert_eq(kes_mm_write_dense(path, kes_cmat_view(X, 2, 2, 1)), KES_EDIM);
    cr_assert_eq(kes_mm_write_dense(NULL, kes_cmat_view(X, 2, 2, 2)), KES_EINVAL);
    cr_assert_eq(kes_mm_write_dense(path, kes_cmat_view(NULL, 2, 2, 2)), KES_EINVAL);
    cr_assert_eq(kes_mm_write_dense("/nonexistent-dir/x.mtx", kes_cmat_view(X, 2, 1, 2)), KES_EIO);
    if (access("/dev/full", W_OK) == 0)
        cr_assert_eq(kes_mm_write_dense("/dev/full", kes_cmat_view(X, 2, 1, 2)), KES_EIO);
}

Test(mmio, read_argument_and_io_errors)
{
    kes_csr *A = (kes_csr *)0x1;
    kes_mm_error err;
    cr_assert_eq(kes_csr_read_mm(NULL, &A), KES_EINVAL);
    cr_assert_eq(kes_csr_read_mm(MM_DIR "skew.mtx", NULL), KES_EINVAL);
    cr_assert_eq(kes_csr_read_mm_stream(NULL, &A, &err), KES_EINVAL);
    cr_assert_eq(kes_csr_read_mm_ex(MM_DIR "does-not-exist.mtx", &A, &err), KES_EIO);
    cr_assert_eq(err.line, 0);
    cr_assert(strstr(err.message, "does-not-exist.mtx") != NULL, "message names the file: %s", err.message);
    cr_assert_eq(kes_csr_read_mm(MM_DIR "does-not-exist.mtx", &A), KES_EIO);
    /* A directory opens but cannot be read. */
    cr_assert_eq(kes_csr_read_mm_ex(MM_DIR, &A, &err), KES_EIO);
    cr_assert_eq(A, (kes_csr *)0x1, "output untouched on error");
    kes_matrix *X = (kes_matrix *)0x1;
    cr_assert_eq(kes_mm_read_dense(MM_DIR "nope.mtx", &X, NULL), KES_EIO);
    cr_assert_eq(kes_mm_read_dense(NULL, &X, NULL), KES_EINVAL);
    cr_assert_eq(kes_mm_read_dense(MM_DIR "skew.mtx", NULL, NULL), KES_EINVAL);
    cr_assert_eq(kes_mm_read_dense(MM_DIR "bad/too_few.mtx", &X, &err), KES_EPARSE);
    cr_assert_eq(err.line, 5);
    cr_assert(X == (kes_matrix *)0x1, "output untouched on error");
}

/* ---- the malformed corpus (tests/data/mm/make_bad.sh) ---- */

static const struct bad_case {
    const char *name;
    kes_status status;
    int64_t line;
} bad_files[] = {
    {"empty", KES_EPARSE, 1},
    {"no_banner", KES_EPARSE, 1},
    {"banner_short", KES_EPARSE, 1},
    {"banner_long", KES_EPARSE, 1},
    {"complex", KES_EPARSE, 1},
    {"hermitian", KES_EPARSE, 1},
    {"vector_object", KES_EPARSE, 1},
    {"unknown_format", KES_EPARSE, 1},
    {"unknown_field", KES_EPARSE, 1},
    {"unknown_symmetry", KES_EPARSE, 1},
    {"array_pattern", KES_EPARSE, 1},
    {"skew_pattern", KES_EPARSE, 1},
    {"no_size", KES_EPARSE, 5},
    {"size_short", KES_EPARSE, 3},
    {"size_negative", KES_EPARSE, 2},
    {"size_text", KES_EPARSE, 2},
    {"size_float", KES_EPARSE, 2},
    {"nnz_too_big", KES_EPARSE, 2},
    {"sym_nnz_too_big", KES_EPARSE, 2},
    {"sym_not_square", KES_EPARSE, 2},
    {"too_few", KES_EPARSE, 5},
    {"too_many", KES_EPARSE, 4},
    {"too_many_after_comment", KES_EPARSE, 6},
    {"row_zero", KES_EPARSE, 3},
    {"row_negative", KES_EPARSE, 3},
    {"col_out_of_range", KES_EPARSE, 4},
    {"index_huge", KES_EPARSE, 3},
    {"index_float", KES_EPARSE, 3},
    {"bad_value", KES_EPARSE, 3},
    {"hex_value", KES_EPARSE, 3},
    {"value_trailing_junk", KES_EPARSE, 3},
    {"bare_exponent", KES_EPARSE, 3},
    {"missing_value", KES_EPARSE, 4},
    {"extra_field", KES_EPARSE, 3},
    {"pattern_with_value", KES_EPARSE, 3},
    {"integer_with_fraction", KES_EPARSE, 3},
    {"skew_diagonal", KES_EPARSE, 4},
    {"array_too_few", KES_EPARSE, 6},
    {"array_too_many", KES_EPARSE, 5},
    {"array_two_per_line", KES_EPARSE, 3},
    {"array_size_three", KES_EPARSE, 2},
    {"array_sym_not_square", KES_EPARSE, 2},
    {"long_line", KES_EPARSE, 3},
    {"nul_byte", KES_EPARSE, 3},
    {"nan_value", KES_ENAN, 4},
    {"inf_value", KES_ENAN, 3},
    {"overflow_value", KES_ERANGE, 3},
    {"size_huge", KES_ERANGE, 2},
    {"zero_dims", KES_EDIM, 2},
    {"dims_implausible", KES_ERANGE, 2},
    {"cols_over_int32", KES_ERANGE, 2},
    {"array_dims_overflow", KES_ERANGE, 2},
};

Test(mmio, malformed_corpus_status_and_line)
{
    size_t ncases = sizeof bad_files / sizeof bad_files[0];
    for (size_t t = 0; t < ncases; t++) {
        char path[512];
        snprintf(path, sizeof path, MM_DIR "bad/%s.mtx", bad_files[t].name);
        cr_assert_eq(access(path, R_OK), 0, "fixture %s missing (run tests/data/mm/make_bad.sh)", path);
        kes_csr *A = NULL;
        kes_mm_error err;
        kes_status st = kes_csr_read_mm_ex(path, &A, &err);
        cr_assert_eq(st, bad_files[t].status, "%s: got %s (line %lld: %s), want %s", bad_files[t].name,
                     kes_strerror(st), (long long)err.line, err.message, kes_strerror(bad_files[t].status));
        cr_assert_eq(err.line, bad_files[t].line, "%s: line %lld, want %lld (%s)", bad_files[t].name,
                     (long long)err.line, (long long)bad_files[t].line, err.message);
        cr_assert_gt(strlen(err.message), 5, "%s: the message explains", bad_files[t].name);
        cr_assert_null(A, "%s: no matrix on error", bad_files[t].name);
        /* The plain form reports the same status without the details. */
        cr_assert_eq(kes_csr_read_mm(path, &A), bad_files[t].status);
    }
    /* Every file in bad/ is in the table (and vice versa). */
    FILE *ls = popen("ls " MM_DIR "bad | wc -l", "r");
    cr_assert_not_null(ls);
    unsigned long nfiles = 0;
    cr_assert_eq(fscanf(ls, "%lu", &nfiles), 1);
    pclose(ls);
    cr_assert_eq(nfiles, ncases);
}

Test(mmio, messages_name_the_problem)
{
    kes_csr *A = NULL;
    kes_mm_error err;
    cr_assert_eq(read_string("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", &A, &err),
                 KES_EPARSE);
    cr_assert(strstr(err.message, "complex") != NULL, "%s", err.message);
    cr_assert_eq(read_string("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", &A, &err), KES_EPARSE);
    cr_assert(strstr(err.message, "row") != NULL && strstr(err.message, "1..2") != NULL, "%s", err.message);
}

/* Seeded random corruption of valid files: whatever comes back is either a
 * valid matrix or an error with a message and a line inside the file. */
Test(mmio, random_corruptions_never_break_invariants)
{
    const char *base[] = {"%%MatrixMarket matrix coordinate real symmetric\n% c\n4 4 4\n1 1 2.5\n2 1 -1\n4 3 1e3\n4 4 7\n",
                          "%%MatrixMarket matrix array integer skew-symmetric\n3 3\n1\n-2\n3\n",
                          "%%MatrixMarket matrix coordinate pattern general\n3 5 3\n1 5\n3 1\n2 2\n"};
    const char alphabet[] = "0123456789 \n\t%.-+eE";
    kes_rng r;
    kes_rng_init(&r, 2024, 0);
    int ok = 0, bad = 0;
    for (int trial = 0; trial < 3000; trial++) {
        const char *src = base[trial % 3];
        size_t len = strlen(src);
        char buf[256];
        memcpy(buf, src, len + 1);
        int edits = 1 + (int)kes_rng_uint(&r, 3);
        for (int e = 0; e < edits; e++) {
            size_t p = 10 + (size_t)kes_rng_uint(&r, len - 10);
            buf[p] = alphabet[kes_rng_uint(&r, sizeof alphabet - 1)];
        }
        int64_t lines = 1;
        for (size_t i = 0; i < len; i++) lines += buf[i] == '\n';
        kes_csr *A = NULL;
        kes_mm_error err;
        kes_status st = read_string(buf, &A, &err);
        if (st == KES_OK) {
            cr_assert_eq(kes_csr_validate(A), KES_OK);
            kes_csr_destroy(A);
            ok++;
        } else {
            cr_assert_null(A);
            cr_assert_gt(strlen(err.message), 0);
            cr_assert(err.line >= 1 && err.line <= lines, "line %lld outside 1..%lld: %s", (long long)err.line,
                      (long long)lines, err.message);
            bad++;
        }
    }
    cr_assert_gt(ok, 100);
    cr_assert_gt(bad, 100);
}

/* A file whose lines end in CR alone is refused, and the message says why
 * (not that the banner has too many words); CR LF files still read. */
Test(mmio, cr_only_line_ends_named)
{
    kes_csr *A = NULL;
    kes_mm_error err;
    const char *cr = "%%MatrixMarket matrix coordinate real general\r2 2 2\r1 1 1.0\r2 2 2.0\r";
    cr_assert_eq(read_string(cr, &A, &err), KES_EPARSE);
    cr_assert_null(A);
    cr_assert_eq(err.line, 1);
    cr_assert(strstr(err.message, "CR line ends") != NULL, "%s", err.message);
    const char *crlf = "%%MatrixMarket matrix coordinate real general\r\n2 2 2\r\n1 1 1.0\r\n2 2 2.0\r\n";
    cr_assert_eq(read_string(crlf, &A, &err), KES_OK);
    cr_assert_eq(A->nrows, 2);
    cr_assert_eq(A->val[1], 2.0);
    kes_csr_destroy(A);
}
