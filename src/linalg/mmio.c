/*
 * Matrix Market I/O (Boisvert, Pozo & Remington, "The Matrix Market Exchange
 * Formats: Initial Design", NIST IR 5935, 1996).
 *
 * The reader is written for hostile input: every line is bounded
 * (MM_MAX_LINE characters, as the format prescribes; longer comment lines are
 * skipped), every number is checked against a strict grammar before it is
 * converted, sizes are checked for overflow, and storage grows with the
 * entries actually present in the file instead of trusting the header's
 * count.  Numbers are converted and printed in the "C" locale of the calling
 * thread (uselocale), so a caller's LC_NUMERIC never changes the result.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>

#include "core/internal.h"
#include "kestrel/linalg.h"
#include "linalg/dense_internal.h"

/* The format limits lines to 1024 characters. */
#define MM_MAX_LINE 1024
#define MM_MAX_TOKENS 8
/* A coordinate file's row and column counts cost O(nrows + ncols) memory
 * that no entry pays for; they may exceed this only in proportion to the
 * entries present (see dims_plausible). */
#define MM_FREE_DIM ((int64_t)1 << 22)
#define MM_DIM_PER_ENTRY 8

enum { MM_COORD, MM_ARRAY };
enum { MM_REAL, MM_INTEGER, MM_PATTERN };
enum { MM_GENERAL, MM_SYMMETRIC, MM_SKEW };

typedef struct mm_reader {
    FILE *f;
    kes_mm_error *err;
    int64_t line;                 /* 1-based number of the line in lbuf */
    size_t pos, len;
    int eof;
    char lbuf[MM_MAX_LINE + 2];
    unsigned char buf[1 << 16];
} mm_reader;

/* Everything a file holds, before it is turned into CSR or dense storage.
 * Coordinate: (ri, ci, v)[0..n) 0-based, as stored (symmetric not expanded).
 * Array: v[0..n) in file order. */
typedef struct mm_data {
    int format, field, symm;
    int for_csr;                  /* reject what kes_csr cannot hold early */
    int64_t nrows, ncols;
    int64_t size_line;            /* line of the size line, for size errors */
    int64_t n, cap;
    int64_t *ri, *ci;
    double *v;
} mm_data;

__attribute__((format(printf, 4, 5)))
static kes_status fail(kes_mm_error *err, int64_t line, kes_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (err) {
        err->line = line;
        /* clang-analyzer 14 does not see the va_start above (false positive). */
        vsnprintf(err->message, sizeof err->message, fmt, ap); // NOLINT(clang-analyzer-valist.Uninitialized)
    }
    va_end(ap);
    return st;
}

/* Next byte of the stream, or EOF; a read error is reported by ferror(). */
static int next_byte(mm_reader *r)
{
    if (r->pos == r->len) {
        if (r->eof) return EOF;
        r->len = fread(r->buf, 1, sizeof r->buf, r->f);
        r->pos = 0;
        if (r->len == 0) {
            r->eof = 1;
            return EOF;
        }
    }
    return r->buf[r->pos++];
}

static int is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/* Read the next line into lbuf (without the newline, trailing CR removed).
 * Returns 1 for a line, 0 at end of file, or a negative status.  A comment
 * line longer than MM_MAX_LINE is kept truncated; any other long line, or a
 * NUL byte outside a comment, is a parse error. */
static int read_line(mm_reader *r)
{
    size_t n = 0;
    int c, any = 0, too_long = 0, nul = 0;
    while ((c = next_byte(r)) != EOF) {
        any = 1;
        if (c == '\n') break;
        if (c == 0) nul = 1;
        if (n <= MM_MAX_LINE) r->lbuf[n++] = (char)c; /* one spare for a CR before the LF */
        else too_long = 1;
    }
    if (ferror(r->f)) return fail(r->err, r->line + 1, KES_EIO, "read error");
    if (!any) return 0;
    r->line++;
    r->lbuf[n] = '\0';
    if (n > 0 && r->lbuf[n - 1] == '\r') r->lbuf[--n] = '\0';
    if (n > MM_MAX_LINE) too_long = 1;
    int comment = r->lbuf[0] == '%';
    if (too_long && !comment)
        return fail(r->err, r->line, KES_EPARSE, "line longer than %d characters", MM_MAX_LINE);
    if (nul && !comment) return fail(r->err, r->line, KES_EPARSE, "NUL byte in line");
    return 1;
}

/* Split lbuf in place into at most MM_MAX_TOKENS whitespace-separated
 * tokens; returns the count, or MM_MAX_TOKENS + 1 when there are more. */
static int tokenize(char *s, char **tok)
{
    int n = 0;
    for (;;) {
        while (*s && is_space((unsigned char)*s)) s++;
        if (!*s) return n;
        if (n == MM_MAX_TOKENS) return n + 1;
        tok[n++] = s;
        while (*s && !is_space((unsigned char)*s)) s++;
        if (*s) *s++ = '\0';
    }
}

/* Next line that is neither blank nor a comment: 1, 0 at end, or status. */
static int next_data_line(mm_reader *r, char **tok, int *ntok)
{
    for (;;) {
        int got = read_line(r);
        if (got <= 0) return got;
        if (r->lbuf[0] == '%') continue;
        *ntok = tokenize(r->lbuf, tok);
        if (*ntok > 0) return 1;
    }
}

static int lower_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (x != y) return 0;
    }
    return *a == *b;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* Unsigned decimal integer (digits only).  KES_EPARSE for anything else,
 * KES_ERANGE when it exceeds INT64_MAX. */
static kes_status parse_count(const char *s, int64_t *out)
{
    if (*s == '+') s++;
    if (!*s) return KES_EPARSE;
    int64_t v = 0;
    for (; *s; s++) {
        if (!is_digit((unsigned char)*s)) return KES_EPARSE;
        int d = *s - '0';
        if (v > (INT64_MAX - d) / 10) {
            while (*++s)
                if (!is_digit((unsigned char)*s)) return KES_EPARSE;
            return KES_ERANGE;
        }
        v = 10 * v + d;
    }
    *out = v;
    return KES_OK;
}

/* Does s spell a decimal number?  integer_only: [+-]digits; otherwise
 * [+-](digits[.digits*] | .digits)([eE][+-]digits).  Returns 1 for a
 * number, 2 for nan/inf/infinity (any case, optional sign), 0 otherwise. */
static int number_syntax(const char *s, int integer_only)
{
    if (*s == '+' || *s == '-') s++;
    if (lower_eq(s, "nan") || lower_eq(s, "inf") || lower_eq(s, "infinity")) return 2;
    int digits = 0;
    while (is_digit((unsigned char)*s)) s++, digits++;
    if (integer_only) return digits > 0 && !*s;
    if (*s == '.') {
        s++;
        while (is_digit((unsigned char)*s)) s++, digits++;
    }
    if (!digits) return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!is_digit((unsigned char)*s)) return 0;
        while (is_digit((unsigned char)*s)) s++;
    }
    return !*s;
}

static kes_status parse_value(mm_reader *r, const char *s, int field, double *out)
{
    int syn = number_syntax(s, field == MM_INTEGER);
    if (syn == 2) return fail(r->err, r->line, KES_ENAN, "non-finite value '%.40s'", s);
    if (syn != 1)
        return fail(r->err, r->line, KES_EPARSE, "'%.40s' is not %s", s,
                    field == MM_INTEGER ? "an integer" : "a real number");
    errno = 0;
    double v = strtod(s, NULL);
    if (!isfinite(v)) return fail(r->err, r->line, KES_ERANGE, "value '%.40s' overflows a double", s);
    *out = v;
    return KES_OK;
}

/* 1-based index in [1, limit] -> 0-based. */
static kes_status parse_index(mm_reader *r, const char *s, int64_t limit, const char *what, int64_t *out)
{
    int64_t v = 0;
    kes_status st = parse_count(s, &v);
    if (st == KES_EPARSE) return fail(r->err, r->line, KES_EPARSE, "%s index '%.40s' is not a positive integer", what, s);
    if (st || v < 1 || v > limit)
        return fail(r->err, r->line, KES_EPARSE, "%s index %.40s out of range 1..%lld", what, s, (long long)limit);
    *out = v - 1;
    return KES_OK;
}

static kes_status parse_banner(mm_reader *r, mm_data *d)
{
    int got = read_line(r);
    if (got < 0) return (kes_status)got;
    if (got == 0) return fail(r->err, 1, KES_EPARSE, "empty file: expected a %%%%MatrixMarket banner");
    char *line = r->lbuf;
    /* Tolerate a UTF-8 byte-order mark written by some editors. */
    if ((unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB && (unsigned char)line[2] == 0xBF) line += 3;
    /* read_line splits on LF and drops one CR before it, so a CR left inside
     * the banner means the file uses CR alone (classic Mac OS) as its line
     * end: every line arrives as one, and the word count below would blame
     * the banner for it. */
    const char *cr = strchr(line, '\r');
    if (cr && cr[strspn(cr, " \t\r")] != '\0')
        return fail(r->err, r->line, KES_EPARSE,
                    "the file has CR line ends (classic Mac OS); convert them to LF or CR LF");
    char *tok[MM_MAX_TOKENS];
    int n = tokenize(line, tok);
    if (n < 1 || !lower_eq(tok[0], "%%matrixmarket"))
        return fail(r->err, r->line, KES_EPARSE, "first line is not a %%%%MatrixMarket banner");
    if (n != 5)
        return fail(r->err, r->line, KES_EPARSE,
                    "banner needs 4 words after %%%%MatrixMarket (object format field symmetry), found %d", n - 1);
    if (!lower_eq(tok[1], "matrix"))
        return fail(r->err, r->line, KES_EPARSE, "object '%.40s' not supported (only 'matrix')", tok[1]);
    if (lower_eq(tok[2], "coordinate")) d->format = MM_COORD;
    else if (lower_eq(tok[2], "array")) d->format = MM_ARRAY;
    else return fail(r->err, r->line, KES_EPARSE, "unknown format '%.40s' (coordinate or array)", tok[2]);
    if (lower_eq(tok[3], "real") || lower_eq(tok[3], "double")) d->field = MM_REAL;
    else if (lower_eq(tok[3], "integer")) d->field = MM_INTEGER;
    else if (lower_eq(tok[3], "pattern")) d->field = MM_PATTERN;
    else if (lower_eq(tok[3], "complex"))
        return fail(r->err, r->line, KES_EPARSE, "complex matrices are not supported (real, integer, pattern only)");
    else return fail(r->err, r->line, KES_EPARSE, "unknown field '%.40s'", tok[3]);
    if (lower_eq(tok[4], "general")) d->symm = MM_GENERAL;
    else if (lower_eq(tok[4], "symmetric")) d->symm = MM_SYMMETRIC;
    else if (lower_eq(tok[4], "skew-symmetric")) d->symm = MM_SKEW;
    else if (lower_eq(tok[4], "hermitian"))
        return fail(r->err, r->line, KES_EPARSE, "hermitian matrices are not supported (complex data)");
    else return fail(r->err, r->line, KES_EPARSE, "unknown symmetry '%.40s'", tok[4]);
    if (d->field == MM_PATTERN && d->format == MM_ARRAY)
        return fail(r->err, r->line, KES_EPARSE, "'array' format cannot be 'pattern'");
    if (d->field == MM_PATTERN && d->symm == MM_SKEW)
        return fail(r->err, r->line, KES_EPARSE, "'pattern' cannot be 'skew-symmetric'");
    return KES_OK;
}

/* Largest number of entries the file may hold: nrows*ncols, n(n+1)/2, or
 * n(n-1)/2 for a skew-symmetric array; saturated at INT64_MAX. */
static int64_t max_entries(const mm_data *d)
{
    int64_t a = d->nrows, b = d->ncols;
    if (d->symm != MM_GENERAL) {
        /* n(n+1)/2 or n(n-1)/2: halve the even factor first. */
        if (d->nrows == INT64_MAX) return INT64_MAX;
        /* A coordinate skew-symmetric file may list explicit zero diagonal entries. */
        b = d->symm == MM_SYMMETRIC || d->format == MM_COORD ? d->nrows + 1 : d->nrows - 1;
        if (a % 2 == 0) a /= 2; else b /= 2;
    }
    if (a != 0 && b > INT64_MAX / a) return INT64_MAX;
    return a * b;
}

static kes_status parse_size(mm_reader *r, mm_data *d, int64_t *declared)
{
    char *tok[MM_MAX_TOKENS];
    int n = 0;
    int got = next_data_line(r, tok, &n);
    if (got < 0) return (kes_status)got;
    if (got == 0) return fail(r->err, r->line + 1, KES_EPARSE, "file ends before the size line");
    d->size_line = r->line;
    int want = d->format == MM_COORD ? 3 : 2;
    if (n != want)
        return fail(r->err, r->line, KES_EPARSE, "size line needs %d numbers (%s), found %d", want,
                    d->format == MM_COORD ? "rows columns entries" : "rows columns", n > MM_MAX_TOKENS ? n - 1 : n);
    int64_t v[3] = {0, 0, 0};
    for (int k = 0; k < want; k++) {
        kes_status st = parse_count(tok[k], &v[k]);
        if (st == KES_EPARSE)
            return fail(r->err, r->line, KES_EPARSE, "size '%.40s' is not a non-negative integer", tok[k]);
        if (st) return fail(r->err, r->line, KES_ERANGE, "size '%.40s' does not fit in 64 bits", tok[k]);
    }
    d->nrows = v[0];
    d->ncols = v[1];
    if (d->nrows == 0 || d->ncols == 0)
        return fail(r->err, r->line, KES_EDIM, "empty matrix (%lld x %lld) cannot be represented", (long long)v[0],
                    (long long)v[1]);
    if (d->symm != MM_GENERAL && d->nrows != d->ncols)
        return fail(r->err, r->line, KES_EPARSE, "a %s matrix must be square, got %lld x %lld",
                    d->symm == MM_SYMMETRIC ? "symmetric" : "skew-symmetric", (long long)v[0], (long long)v[1]);
    if (d->for_csr && d->ncols > INT32_MAX)
        return fail(r->err, r->line, KES_ERANGE, "%lld columns exceed the int32 column index of kes_csr",
                    (long long)d->ncols);
    int64_t most = max_entries(d);
    if (d->format == MM_COORD) {
        if (v[2] > most)
            return fail(r->err, r->line, KES_EPARSE, "%lld entries cannot fit a %lld x %lld %s matrix", (long long)v[2],
                        (long long)v[0], (long long)v[1], d->symm == MM_GENERAL ? "general" : "triangle-stored");
        *declared = v[2];
    } else {
        if (most == INT64_MAX) return fail(r->err, r->line, KES_ERANGE, "array dimensions overflow");
        *declared = most;
    }
    return KES_OK;
}

static kes_status grow(mm_data *d, int64_t limit)
{
    if (d->n < d->cap) return KES_OK;
    int64_t cap = d->cap ? 2 * d->cap : 1024;
    if (cap > limit) cap = limit;
    size_t bytes;
    if (kes__mul_size(cap, 8, &bytes)) return KES_ERANGE;
    double *v = realloc(d->v, bytes);
    if (!v) return KES_ENOMEM;
    d->v = v;
    if (d->format == MM_COORD) {
        int64_t *ri = realloc(d->ri, bytes);
        if (!ri) return KES_ENOMEM;
        d->ri = ri;
        int64_t *ci = realloc(d->ci, bytes);
        if (!ci) return KES_ENOMEM;
        d->ci = ci;
    }
    d->cap = cap;
    return KES_OK;
}

/* Array entries of a symmetric / skew-symmetric file come column by column,
 * on or below the diagonal: advance (i, j) to the next stored position. */
static void array_next(const mm_data *d, int64_t *i, int64_t *j)
{
    if (++*i == d->nrows) {
        ++*j;
        *i = d->symm == MM_GENERAL ? 0 : d->symm == MM_SYMMETRIC ? *j : *j + 1;
    }
}

static kes_status read_entries(mm_reader *r, mm_data *d, int64_t declared)
{
    int want = d->format == MM_ARRAY ? 1 : d->field == MM_PATTERN ? 2 : 3;
    char *tok[MM_MAX_TOKENS];
    int n = 0;
    for (;;) {
        int got = next_data_line(r, tok, &n);
        if (got < 0) return (kes_status)got;
        if (got == 0) break;
        if (d->n == declared)
            return fail(r->err, r->line, KES_EPARSE, "more entries than the %lld declared on line %lld",
                        (long long)declared, (long long)d->size_line);
        if (n != want)
            return fail(r->err, r->line, KES_EPARSE, "entry needs %d field%s, found %d", want, want > 1 ? "s" : "",
                        n > MM_MAX_TOKENS ? n - 1 : n);
        kes_status st = grow(d, declared);
        if (st) return fail(r->err, r->line, st, "cannot store %lld entries", (long long)d->n + 1);
        double val = 1.0;
        if (d->format == MM_COORD) {
            int64_t i, j;
            if ((st = parse_index(r, tok[0], d->nrows, "row", &i))) return st;
            if ((st = parse_index(r, tok[1], d->ncols, "column", &j))) return st;
            if (want == 3 && (st = parse_value(r, tok[2], d->field, &val))) return st;
            if (d->symm == MM_SKEW && i == j && val != 0.0)
                return fail(r->err, r->line, KES_EPARSE, "nonzero diagonal entry in a skew-symmetric matrix");
            d->ri[d->n] = i;
            d->ci[d->n] = j;
        } else {
            if ((st = parse_value(r, tok[0], d->field, &val))) return st;
        }
        d->v[d->n++] = val;
    }
    if (d->n < declared)
        return fail(r->err, r->line + 1, KES_EPARSE, "file ends after %lld of %lld entries", (long long)d->n,
                    (long long)declared);
    return KES_OK;
}

static void data_free(mm_data *d)
{
    free(d->ri);
    free(d->ci);
    free(d->v);
}

/* Parse a whole stream into d.  On error d may hold partial storage; the
 * caller frees it with data_free. */
static kes_status parse_stream(FILE *f, mm_data *d, kes_mm_error *err)
{
    mm_reader *r = malloc(sizeof *r);
    if (!r) return fail(err, 0, KES_ENOMEM, "out of memory");
    r->f = f;
    r->err = err;
    r->line = 0;
    r->pos = r->len = 0;
    r->eof = 0;
    /* Convert numbers in the C locale whatever the caller's LC_NUMERIC. */
    locale_t cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!cloc) {
        free(r);
        return fail(err, 0, KES_ENOMEM, "cannot create the C locale");
    }
    locale_t old = uselocale(cloc);
    int64_t declared = 0;
    kes_status st = parse_banner(r, d);
    if (!st) st = parse_size(r, d, &declared);
    if (!st) st = read_entries(r, d, declared);
    uselocale(old);
    freelocale(cloc);
    free(r);
    return st;
}

/* Reject row/column counts whose O(n) arrays would dwarf the entries. */
static kes_status dims_plausible(const mm_data *d, int64_t entries, kes_mm_error *err)
{
    int64_t big = d->nrows > d->ncols ? d->nrows : d->ncols;
    int64_t allowed = entries > (INT64_MAX - MM_FREE_DIM) / MM_DIM_PER_ENTRY
                          ? INT64_MAX : MM_FREE_DIM + MM_DIM_PER_ENTRY * entries;
    if (big > allowed)
        return fail(err, d->size_line, KES_ERANGE,
                    "dimension %lld is implausibly large for %lld stored entries (limit %lld)", (long long)big,
                    (long long)entries, (long long)allowed);
    return KES_OK;
}

/* Expand to 0-based triplets: symmetric entries mirrored (diagonal once),
 * skew-symmetric mirrored with a sign change, array zeros dropped. */
static kes_status data_to_csr(const mm_data *d, kes_csr **A, kes_mm_error *err)
{
    /* d->n <= INT64_MAX / 8 because each entry is stored in memory. */
    const int64_t m = d->symm == MM_GENERAL ? d->n : 2 * d->n;
    kes_status st = dims_plausible(d, m, err);
    if (st) return st;
    if (d->format == MM_COORD && d->symm == MM_GENERAL) { /* nothing to expand: assemble in place */
        st = kes_csr_from_triplets(d->nrows, d->ncols, d->n, d->ri, d->ci, d->v, A);
        if (st == KES_ERANGE) return fail(err, 0, st, "duplicate entries sum to a non-finite value");
        if (st) return fail(err, 0, st, "%s", kes_strerror(st));
        return KES_OK;
    }
    int64_t *ri = kes__malloc_n((size_t)m, sizeof(int64_t));
    int64_t *ci = kes__malloc_n((size_t)m, sizeof(int64_t));
    double *v = kes__malloc_n((size_t)m, sizeof(double));
    if (!ri || !ci || !v) {
        st = fail(err, 0, KES_ENOMEM, "out of memory");
        goto done;
    }
    int64_t q = 0, ai = d->symm == MM_SKEW ? 1 : 0, aj = 0;
    const double sign = d->symm == MM_SKEW ? -1.0 : 1.0;
    for (int64_t k = 0; k < d->n; k++) {
        int64_t i, j;
        if (d->format == MM_COORD) {
            i = d->ri[k];
            j = d->ci[k];
        } else {
            i = ai;
            j = aj;
            array_next(d, &ai, &aj);
            if (d->v[k] == 0.0) continue;
        }
        ri[q] = i;
        ci[q] = j;
        v[q++] = d->v[k];
        if (d->symm != MM_GENERAL && i != j) {
            ri[q] = j;
            ci[q] = i;
            v[q++] = sign * d->v[k];
        }
    }
    st = kes_csr_from_triplets(d->nrows, d->ncols, q, ri, ci, v, A);
    if (st == KES_ERANGE) fail(err, 0, st, "duplicate entries sum to a non-finite value");
    else if (st) fail(err, 0, st, "%s", kes_strerror(st));
done:
    free(ri);
    free(ci);
    free(v);
    return st;
}

static void clear_err(kes_mm_error *err)
{
    if (err) {
        err->line = 0;
        err->message[0] = '\0';
    }
}

kes_status kes_csr_read_mm_stream(FILE *f, kes_csr **A, kes_mm_error *err)
{
    clear_err(err);
    if (!f || !A) return fail(err, 0, KES_EINVAL, "NULL argument");
    mm_data d = {0};
    d.for_csr = 1;
    kes_status st = parse_stream(f, &d, err);
    if (!st) st = data_to_csr(&d, A, err);
    data_free(&d);
    return st;
}

static FILE *open_or_fail(const char *path, const char *mode, kes_mm_error *err, kes_status *st)
{
    FILE *f = fopen(path, mode);
    if (!f) *st = fail(err, 0, KES_EIO, "cannot open '%.200s' (errno %d)", path, errno);
    return f;
}

kes_status kes_csr_read_mm_ex(const char *path, kes_csr **A, kes_mm_error *err)
{
    clear_err(err);
    if (!path || !A) return fail(err, 0, KES_EINVAL, "NULL argument");
    kes_status st = KES_OK;
    FILE *f = open_or_fail(path, "rb", err, &st);
    if (!f) return st;
    st = kes_csr_read_mm_stream(f, A, err);
    fclose(f);
    return st;
}

kes_status kes_csr_read_mm(const char *path, kes_csr **A) { return kes_csr_read_mm_ex(path, A, NULL); }

/* Dense column-major nrows x ncols, symmetric storage expanded, coordinate
 * duplicates summed.  Array files hold every cell, so their size is backed
 * by data; a coordinate file is densified only up to MM_DENSE_FREE cells
 * plus MM_DENSE_PER_ENTRY per entry, so that a 20-byte header cannot make
 * the reader allocate and touch gigabytes. */
#define MM_DENSE_FREE ((int64_t)1 << 24)
#define MM_DENSE_PER_ENTRY 64

static kes_status data_to_dense(const mm_data *d, double **out, kes_mm_error *err)
{
    size_t cells;
    if (kes__mul_size(d->nrows, d->ncols, &cells) || cells > SIZE_MAX / sizeof(double) ||
        (d->format == MM_COORD && (d->n > (INT64_MAX - MM_DENSE_FREE) / MM_DENSE_PER_ENTRY ||
                                   cells > (size_t)(MM_DENSE_FREE + MM_DENSE_PER_ENTRY * d->n))))
        return fail(err, d->size_line, KES_ERANGE, "a dense %lld x %lld array is too large for %lld stored entries",
                    (long long)d->nrows, (long long)d->ncols, (long long)d->n);
    double *x = kes__calloc_n(cells, sizeof(double));
    if (!x) return fail(err, 0, KES_ENOMEM, "out of memory");
    const int64_t ld = d->nrows;
    const double sign = d->symm == MM_SKEW ? -1.0 : 1.0;
    if (d->format == MM_ARRAY) {
        /* Each cell is written once: assign, so that -0.0 keeps its sign. */
        int64_t i = d->symm == MM_SKEW ? 1 : 0, j = 0;
        for (int64_t k = 0; k < d->n; k++) {
            x[i + j * ld] = d->v[k];
            if (d->symm != MM_GENERAL) x[j + i * ld] = i == j ? d->v[k] : sign * d->v[k];
            array_next(d, &i, &j);
        }
        *out = x;
        return KES_OK;
    }
    for (int64_t k = 0; k < d->n; k++) {
        int64_t i = d->ri[k], j = d->ci[k];
        x[i + j * ld] += d->v[k];
        if (d->symm != MM_GENERAL && i != j) x[j + i * ld] += sign * d->v[k];
    }
    /* Only touched cells can have overflowed; the rest stay untouched zero pages. */
    for (int64_t k = 0; k < d->n; k++)
        if (!isfinite(x[d->ri[k] + d->ci[k] * ld]) ||
            (d->symm != MM_GENERAL && !isfinite(x[d->ci[k] + d->ri[k] * ld]))) {
            free(x);
            return fail(err, 0, KES_ERANGE, "duplicate entries sum to a non-finite value");
        }
    *out = x;
    return KES_OK;
}

kes_status kes_mm_read_dense_stream(FILE *f, kes_matrix **A, kes_mm_error *err)
{
    clear_err(err);
    if (!f || !A) return fail(err, 0, KES_EINVAL, "NULL argument");
    mm_data d = {0};
    kes_status st = parse_stream(f, &d, err);
    double *x = NULL;
    if (!st) st = data_to_dense(&d, &x, err);
    if (!st) st = kes__matrix_adopt(x, d.nrows, d.ncols, A);
    data_free(&d);
    return st;
}

kes_status kes_mm_read_dense(const char *path, kes_matrix **A, kes_mm_error *err)
{
    clear_err(err);
    if (!path || !A) return fail(err, 0, KES_EINVAL, "NULL argument");
    kes_status st = KES_OK;
    FILE *f = open_or_fail(path, "rb", err, &st);
    if (!f) return st;
    st = kes_mm_read_dense_stream(f, A, err);
    fclose(f);
    return st;
}

/* Writers print in the C locale with %.17g: 17 significant digits identify
 * every double uniquely, so the reader's strtod gives back the same bits,
 * whatever LC_NUMERIC the calling thread has. */
typedef struct mm_writer {
    FILE *f;
    locale_t cloc, old;
} mm_writer;

static kes_status writer_open(const char *path, mm_writer *w)
{
    w->f = fopen(path, "wb");
    if (!w->f) return KES_EIO;
    w->cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (!w->cloc) {
        fclose(w->f);
        return KES_ENOMEM;
    }
    w->old = uselocale(w->cloc);
    return KES_OK;
}

static kes_status writer_close(mm_writer *w, int ok)
{
    uselocale(w->old);
    freelocale(w->cloc);
    if (ferror(w->f)) ok = 0;
    if (fclose(w->f) != 0) ok = 0;
    return ok ? KES_OK : KES_EIO;
}

kes_status kes_csr_write_mm(const char *path, const kes_csr *A)
{
    if (!path || !A) return KES_EINVAL;
    kes_status st = kes_csr_validate(A);
    if (st) return st;
    mm_writer w;
    kes_status ws = writer_open(path, &w);
    if (ws) return ws;
    FILE *f = w.f;
    int ok = fprintf(f, "%%%%MatrixMarket matrix coordinate real general\n%%%% written by Kestrel %s\n%lld %lld %lld\n",
                     kes_version(), (long long)A->nrows, (long long)A->ncols, (long long)A->nnz) > 0;
    for (int64_t i = 0; ok && i < A->nrows; i++)
        for (int64_t k = A->rowptr[i]; ok && k < A->rowptr[i + 1]; k++)
            ok = fprintf(f, "%lld %lld %.17g\n", (long long)i + 1, (long long)A->colind[k] + 1, A->val[k]) > 0;
    return writer_close(&w, ok);
}

kes_status kes_mm_write_dense(const char *path, kes_cmat A)
{
    if (!path || !A.data) return KES_EINVAL;
    if (A.nrows <= 0 || A.ncols <= 0 || A.ld < A.nrows) return KES_EDIM;
    for (int64_t j = 0; j < A.ncols; j++)
        if (!kes__all_finite(A.data + j * A.ld, (size_t)A.nrows)) return KES_ENAN;
    mm_writer w;
    kes_status ws = writer_open(path, &w);
    if (ws) return ws;
    FILE *f = w.f;
    int ok = fprintf(f, "%%%%MatrixMarket matrix array real general\n%%%% written by Kestrel %s\n%lld %lld\n",
                     kes_version(), (long long)A.nrows, (long long)A.ncols) > 0;
    for (int64_t j = 0; ok && j < A.ncols; j++)
        for (int64_t i = 0; ok && i < A.nrows; i++) ok = fprintf(f, "%.17g\n", A.data[i + j * A.ld]) > 0;
    return writer_close(&w, ok);
}
