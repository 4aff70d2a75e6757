/* Shared helpers of the Kestrel MEX wrappers (Octave's mkoctfile --mex and
 * MATLAB's mex build the same sources).
 *
 * Errors.  Every error leaves through kes_mex_error(): it formats the
 * message, releases every Kestrel object and scratch buffer registered for
 * this call with kes_mex_keep(), and only then calls mexErrMsgIdAndTxt
 * (which does not return).  Identifiers:
 *   kestrel:<STATUS>  a Kestrel status, e.g. kestrel:EDIM, kestrel:ENOTSPD;
 *                     the message is "<function>: <kes_strerror text>"
 *   kestrel:usage     wrong number of inputs or outputs, an unknown option
 *   kestrel:type      an argument of the wrong class (complex, single, a
 *                     string where a number belongs, ...)
 *   kestrel:handle    a tuner or GP handle that is invalid or destroyed
 *   kestrel:callback  an Octave function handle called by Kestrel failed with
 *                     an error without identifier (kes_mex_pde.h)
 * A wrapper calls kes_mex_begin() first and kes_mex_end() before it returns.
 *
 * Sparse matrices.  Octave and MATLAB store a sparse matrix by columns
 * (CSC: jc column starts, ir row indices, pr values); the same three arrays
 * read as CSR describe the transpose.  kes_mex_matrix() therefore wraps them
 * as a kes_csr view of A^T, copying only the row indices (int32 in
 * kes_csr), and uses that view as A itself when A is exactly symmetric (the
 * usual case for CG and SSOR-PCG); a non-symmetric matrix is transposed once
 * (kes_csr_transpose) so that the solver sees A, not A^T.  A full matrix
 * goes through kes_csr_from_dense (zeros dropped). */
#ifndef KES_MEX_UTIL_H
#define KES_MEX_UTIL_H

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mex.h"
#include "kestrel.h"

/* ------------------------------------------------------------ cleanup */

typedef void (*kes_mex_free_fn)(void *);

#define KES_MEX_MAX_PENDING 32
static struct kes_mex_pending_item {
    kes_mex_free_fn fn;
    void *p;
} kes_mex_pending[KES_MEX_MAX_PENDING];
static int kes_mex_npending;

/* Release everything registered for this call, newest first. */
static inline void kes_mex_release_all(void)
{
    while (kes_mex_npending > 0) {
        struct kes_mex_pending_item it = kes_mex_pending[--kes_mex_npending];
        if (it.fn && it.p) it.fn(it.p);
    }
}

/* Raise "id" with a printf-style message after releasing this call's objects. */
static inline void kes_mex_error(const char *id, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *text = msg;
#ifdef HAVE_OCTAVE
    /* Octave prefixes "<MEX name>: " itself; do not say it twice. */
    const char *self = mexFunctionName();
    size_t len = self ? strlen(self) : 0;
    if (len && strncmp(msg, self, len) == 0 && msg[len] == ':' && msg[len + 1] == ' ') text = msg + len + 2;
#endif
    kes_mex_release_all();
    mexErrMsgIdAndTxt(id, "%s", text);
}

/* Register p to be released by fn at the end of the call or on an error. */
static inline void *kes_mex_keep(void *p, kes_mex_free_fn fn)
{
    if (!p) return p;
    if (kes_mex_npending == KES_MEX_MAX_PENDING) {
        fn(p);
        kes_mex_error("kestrel:ENOMEM", "internal: too many objects in one call");
    }
    kes_mex_pending[kes_mex_npending].fn = fn;
    kes_mex_pending[kes_mex_npending].p = p;
    kes_mex_npending++;
    return p;
}

/* Take p off the list without releasing it (its ownership moved elsewhere). */
static inline void kes_mex_unkeep(void *p)
{
    for (int i = kes_mex_npending - 1; i >= 0; i--) {
        if (kes_mex_pending[i].p == p) {
            for (int j = i; j + 1 < kes_mex_npending; j++) kes_mex_pending[j] = kes_mex_pending[j + 1];
            kes_mex_npending--;
            return;
        }
    }
}

/* Calls from this MEX file into Octave code that may call it again (a
 * function handle argument) in progress.  The objects registered above
 * belong to the outer call until it returns: a nested call of the same MEX
 * file must not release them, so kes_mex_begin refuses it. */
static int kes_mex_callback_depth;

/* mexCallMATLABWithTrap for a callback into the caller's code. */
static inline mxArray *kes_mex_call_trapped(int nout, mxArray *out[], int nin, mxArray *in[], const char *fn)
{
    kes_mex_callback_depth++;
    mxArray *err = mexCallMATLABWithTrap(nout, out, nin, in, fn);
    kes_mex_callback_depth--;
    return err;
}

/* Start of every mexFunction: anything left by an interrupted earlier call
 * (an Octave-side error inside an mx* allocation) is released now; a call
 * from inside this file's own callback is refused (kestrel:usage). */
static inline void kes_mex_begin(void)
{
    if (kes_mex_callback_depth > 0)
        mexErrMsgIdAndTxt("kestrel:usage", "cannot be called from inside a function handle that it is calling");
    kes_mex_release_all();
}
/* End of every mexFunction. */
static inline void kes_mex_end(void) { kes_mex_release_all(); }

static inline void kes_mex_free_mx(void *p) { mxFree(p); }
static inline void kes_mex_free_csr(void *p) { kes_csr_destroy((kes_csr *)p); }
static inline void kes_mex_free_rng(void *p) { kes_rng_destroy((kes_rng *)p); }
static inline void kes_mex_free_array(void *p) { mxDestroyArray((mxArray *)p); }

/* Scratch memory released with the call (mxMalloc, so Octave also frees it
 * if the call is interrupted); n may be 0. */
static inline void *kes_mex_alloc(size_t n, size_t size)
{
    void *p = mxCalloc(n ? n : 1, size ? size : 1);
    return kes_mex_keep(p, kes_mex_free_mx);
}

/* ------------------------------------------------------------ status */

/* "kestrel:EDIM" etc. for a status. */
static inline const char *kes_mex_status_id(kes_status st)
{
    switch (st) {
    case KES_OK: return "kestrel:OK";
    case KES_EINVAL: return "kestrel:EINVAL";
    case KES_EDIM: return "kestrel:EDIM";
    case KES_ENOMEM: return "kestrel:ENOMEM";
    case KES_ERANGE: return "kestrel:ERANGE";
    case KES_ENOTSPD: return "kestrel:ENOTSPD";
    case KES_EIO: return "kestrel:EIO";
    case KES_EPARSE: return "kestrel:EPARSE";
    case KES_EDOM: return "kestrel:EDOM";
    case KES_ENAN: return "kestrel:ENAN";
    case KES_ESINGULAR: return "kestrel:ESINGULAR";
    case KES_EDIVERGE: return "kestrel:EDIVERGE";
    case KES_ESTATE: return "kestrel:ESTATE";
    case KES_EVARIANCE: return "kestrel:EVARIANCE";
    case KES_ENOTSUP: return "kestrel:ENOTSUP";
    case KES_EBADDATA: return "kestrel:EBADDATA";
    case KES_NOCONV: return "kestrel:NOCONV";
    case KES_CLAMPED: return "kestrel:CLAMPED";
    }
    return "kestrel:error";
}

/* Raise the error of status st from Kestrel function fn. */
static inline void kes_mex_fail(const char *fn, kes_status st)
{
    kes_mex_error(kes_mex_status_id(st), "%s: %s", fn, kes_strerror(st));
}

/* Raise on an error status (negative); outcomes (positive) pass. */
static inline kes_status kes_mex_check(const char *fn, kes_status st)
{
    if (st < 0) kes_mex_fail(fn, st);
    return st;
}

/* ------------------------------------------------------------ arguments */

/* Input/output counts: min_in..max_in inputs (max_in < 0: any), at most max_out outputs. */
static inline void kes_mex_nargs(int nlhs, int nrhs, int min_in, int max_in, int max_out, const char *usage)
{
    if (nrhs < min_in || (max_in >= 0 && nrhs > max_in))
        kes_mex_error("kestrel:usage", "wrong number of inputs (%d); usage: %s", nrhs, usage);
    if (nlhs > max_out) kes_mex_error("kestrel:usage", "too many outputs (%d); usage: %s", nlhs, usage);
}

static inline int kes_mex_is_real_double(const mxArray *a)
{
    return mxIsDouble(a) && !mxIsComplex(a);
}

/* A full real double array; its data (NULL when empty). */
static inline const double *kes_mex_full(const mxArray *a, const char *what)
{
    if (!kes_mex_is_real_double(a) || mxIsSparse(a))
        kes_mex_error("kestrel:type", "%s must be a full real double array", what);
    return mxGetPr(a);
}

/* A full real double matrix with `cols` columns (cols < 0: any). */
static inline const double *kes_mex_matrix_arg(const mxArray *a, int64_t cols, const char *what)
{
    const double *p = kes_mex_full(a, what);
    if (mxGetNumberOfDimensions(a) > 2) kes_mex_error("kestrel:EDIM", "%s must be a 2-D matrix", what);
    if (cols >= 0 && (int64_t)mxGetN(a) != cols)
        kes_mex_error("kestrel:EDIM", "%s has %lld columns, expected %lld", what, (long long)mxGetN(a),
                      (long long)cols);
    return p;
}

/* A full real double vector (row or column) of n entries (n < 0: any). */
static inline const double *kes_mex_vector(const mxArray *a, int64_t n, const char *what)
{
    const double *p = kes_mex_full(a, what);
    size_t m = mxGetM(a), c = mxGetN(a);
    if (mxGetNumberOfDimensions(a) > 2 || (m != 1 && c != 1 && m * c != 0))
        kes_mex_error("kestrel:EDIM", "%s must be a vector", what);
    if (n >= 0 && (int64_t)mxGetNumberOfElements(a) != n)
        kes_mex_error("kestrel:EDIM", "%s has %lld entries, expected %lld", what,
                      (long long)mxGetNumberOfElements(a), (long long)n);
    return p;
}

/* A real numeric or logical scalar. */
static inline double kes_mex_scalar(const mxArray *a, const char *what)
{
    if ((!mxIsNumeric(a) && !mxIsLogical(a)) || mxIsComplex(a) || mxIsSparse(a) || mxGetNumberOfElements(a) != 1)
        kes_mex_error("kestrel:type", "%s must be a real scalar", what);
    return mxGetScalar(a);
}

/* An integer-valued real scalar in [lo, hi]. */
static inline int64_t kes_mex_int(const mxArray *a, int64_t lo, int64_t hi, const char *what)
{
    double v = kes_mex_scalar(a, what);
    if (v != floor(v) || v < (double)lo || v > (double)hi)
        kes_mex_error("kestrel:EINVAL", "%s must be an integer in [%lld, %lld]", what, (long long)lo, (long long)hi);
    return (int64_t)v;
}

/* 0 or 1 from a logical or numeric scalar. */
static inline int kes_mex_flag(const mxArray *a, const char *what)
{
    return kes_mex_scalar(a, what) != 0;
}

/* A seed: a non-negative integer-valued scalar (any numeric class). */
static inline uint64_t kes_mex_seed(const mxArray *a)
{
    if (mxIsClass(a, "uint64") && mxGetNumberOfElements(a) == 1) return *(const uint64_t *)mxGetData(a);
    double v = kes_mex_scalar(a, "seed");
    if (v != floor(v) || v < 0 || v >= 18446744073709551616.0)
        kes_mex_error("kestrel:EINVAL", "seed must be a non-negative integer");
    return (uint64_t)v;
}

/* A seed for calls that were given none: differs from call to call. */
static inline uint64_t kes_mex_default_seed(void)
{
    static uint64_t calls;
    return (uint64_t)time(NULL) * UINT64_C(0x9E3779B97F4A7C15) + (++calls) * UINT64_C(0xD1B54A32D192ED03);
}

/* A generator for this call, released with it. */
static inline kes_rng *kes_mex_rng(uint64_t seed)
{
    kes_rng *r = NULL;
    kes_status st = kes_rng_create(seed, &r);
    if (st) kes_mex_fail("kes_rng_create", st);
    return (kes_rng *)kes_mex_keep(r, kes_mex_free_rng);
}

/* A character row vector into buf (at most cap - 1 characters). */
static inline void kes_mex_string(const mxArray *a, char *buf, size_t cap, const char *what)
{
    if (!mxIsChar(a) || mxGetM(a) > 1) kes_mex_error("kestrel:type", "%s must be a string", what);
    if (mxGetNumberOfElements(a) >= cap) kes_mex_error("kestrel:EINVAL", "%s is too long", what);
    if (mxGetString(a, buf, cap) != 0) kes_mex_error("kestrel:EINVAL", "%s: unreadable string", what);
}

/* A path of any length, released with the call. */
static inline char *kes_mex_path(const mxArray *a, const char *what)
{
    if (!mxIsChar(a) || mxGetM(a) > 1) kes_mex_error("kestrel:type", "%s must be a string", what);
    char *s = mxArrayToString(a);
    if (!s) kes_mex_error("kestrel:ENOMEM", "%s: out of memory", what);
    return (char *)kes_mex_keep(s, kes_mex_free_mx);
}

/* ------------------------------------------------------------ options */

/* Lower case, '-' and ' ' read as '_' ("Max-Iter" is max_iter). */
static inline void kes_mex_normalize_name(char *s)
{
    for (; *s; s++) {
        if (*s == '-' || *s == ' ') *s = '_';
        else *s = (char)tolower((unsigned char)*s);
    }
}

/* Name/value pairs from prhs[*pos] on: the next name (normalised) and its
 * value; 0 when none is left.  A name without a value is an error. */
static inline int kes_mex_next_option(int nrhs, const mxArray *prhs[], int *pos, char name[64],
                                      const mxArray **value)
{
    if (*pos >= nrhs) return 0;
    if (!mxIsChar(prhs[*pos])) kes_mex_error("kestrel:usage", "argument %d: expected an option name", *pos + 1);
    kes_mex_string(prhs[*pos], name, 64, "option name");
    kes_mex_normalize_name(name);
    if (*pos + 1 >= nrhs) kes_mex_error("kestrel:usage", "option '%s' has no value", name);
    *value = prhs[*pos + 1];
    *pos += 2;
    return 1;
}

/* An unknown option name. */
static inline void kes_mex_bad_option(const char *name, const char *known)
{
    kes_mex_error("kestrel:usage", "unknown option '%s' (options: %s)", name, known);
}

/* A name -> enum value table, ended by {NULL, 0}.  Adding a value to the
 * Octave interface is one line in the table. */
typedef struct kes_mex_name {
    const char *name;
    int value;
} kes_mex_name;

static inline int kes_mex_enum(const mxArray *a, const kes_mex_name *table, const char *what)
{
    char buf[64], known[512] = "";
    kes_mex_string(a, buf, sizeof buf, what);
    kes_mex_normalize_name(buf);
    for (const kes_mex_name *t = table; t->name; t++) {
        if (strcmp(buf, t->name) == 0) return t->value;
        if (strlen(known) + strlen(t->name) + 3 < sizeof known) {
            if (known[0]) strcat(known, ", ");
            strcat(known, t->name);
        }
    }
    kes_mex_error("kestrel:EINVAL", "unknown %s '%s' (one of: %s)", what, buf, known);
    return -1;
}

/* ------------------------------------------------------------ matrices */

/* A from an Octave sparse or full real double matrix as a kes_csr that
 * lives until the end of the call (see the file comment).  A must be
 * m x n with m, n >= 1. */
static inline const kes_csr *kes_mex_matrix(const mxArray *a, const char *what)
{
    if (!kes_mex_is_real_double(a) || mxGetNumberOfDimensions(a) > 2)
        kes_mex_error("kestrel:type", "%s must be a real double matrix (sparse or full)", what);
    int64_t m = (int64_t)mxGetM(a), n = (int64_t)mxGetN(a);
    if (m < 1 || n < 1) kes_mex_error("kestrel:EDIM", "%s is empty (%lld x %lld)", what, (long long)m, (long long)n);
    if (m > INT32_MAX || n > INT32_MAX) kes_mex_error("kestrel:ERANGE", "%s is too large for kes_csr", what);
    kes_status st;
    if (!mxIsSparse(a)) {
        kes_csr *A = NULL;
        st = kes_csr_from_dense(m, n, mxGetPr(a), m, 0.0, &A);
        if (st) kes_mex_fail(what, st);
        return (const kes_csr *)kes_mex_keep(A, kes_mex_free_csr);
    }
    const mwIndex *jc = mxGetJc(a), *ir = mxGetIr(a);
    int64_t nnz = (int64_t)jc[n];
    /* The view T = A^T: rows of T are the columns of A. */
    kes_csr *T = (kes_csr *)kes_mex_alloc(1, sizeof *T);
    T->nrows = n;
    T->ncols = m;
    T->nnz = nnz;
    if (sizeof(mwIndex) == sizeof(int64_t)) {
        T->rowptr = (int64_t *)(void *)(uintptr_t)jc;
    } else {
        T->rowptr = (int64_t *)kes_mex_alloc((size_t)n + 1, sizeof(int64_t));
        for (int64_t j = 0; j <= n; j++) T->rowptr[j] = (int64_t)jc[j];
    }
    T->colind = (int32_t *)kes_mex_alloc((size_t)nnz, sizeof(int32_t));
    for (int64_t k = 0; k < nnz; k++) T->colind[k] = (int32_t)ir[k];
    T->val = (double *)(uintptr_t)mxGetPr(a);
    int sym = 0;
    if (m == n) {
        st = kes_csr_is_symmetric(T, 0.0, &sym);
        if (st) kes_mex_fail(what, st);
    }
    if (sym) return T;
    kes_csr *A = NULL;
    st = kes_csr_transpose(T, &A);
    if (st) kes_mex_fail(what, st);
    return (const kes_csr *)kes_mex_keep(A, kes_mex_free_csr);
}

/* An Octave sparse matrix holding a copy of A. */
static inline mxArray *kes_mex_sparse_from_csr(const kes_csr *A)
{
    kes_csr *T = NULL;
    kes_status st = kes_csr_transpose(A, &T); /* CSR of A^T = CSC of A */
    if (st) kes_mex_fail("kes_csr_transpose", st);
    kes_mex_keep(T, kes_mex_free_csr);
    mxArray *S = mxCreateSparse((size_t)A->nrows, (size_t)A->ncols, T->nnz > 0 ? (size_t)T->nnz : 1, mxREAL);
    mwIndex *jc = mxGetJc(S), *ir = mxGetIr(S);
    double *pr = mxGetPr(S);
    for (int64_t j = 0; j <= T->nrows; j++) jc[j] = (mwIndex)T->rowptr[j];
    for (int64_t k = 0; k < T->nnz; k++) {
        ir[k] = (mwIndex)T->colind[k];
        pr[k] = T->val[k];
    }
    return S;
}

/* ------------------------------------------------------------ handles */

/* A table of objects that outlive one call (tuners, GP models), keyed by
 * a uint64 id that is never reused.  Used by a gateway MEX file that
 * serves every function of one object family.  While the table holds an
 * object the MEX file is locked (clear cannot unload it and lose the
 * objects); everything left is released when Octave exits or the file is
 * finally cleared. */
typedef struct kes_mex_handle_table {
    uint64_t *ids;
    void **objs;
    size_t n, cap;
    uint64_t next_id;
    kes_mex_free_fn destroy;
    const char *what;
    int locked, atexit;
} kes_mex_handle_table;

static inline void kes_mex_handles_clear(kes_mex_handle_table *t)
{
    for (size_t i = 0; i < t->n; i++) t->destroy(t->objs[i]);
    free(t->ids);
    free(t->objs);
    t->ids = NULL;
    t->objs = NULL;
    t->n = t->cap = 0;
}

/* Store obj (ownership moves to the table) and return its handle. */
static inline mxArray *kes_mex_handle_add(kes_mex_handle_table *t, void *obj, void (*atexit_fn)(void))
{
    if (!t->atexit) {
        mexAtExit(atexit_fn);
        t->atexit = 1;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        uint64_t *ids = (uint64_t *)realloc(t->ids, cap * sizeof *ids);
        if (ids) t->ids = ids;
        void **objs = ids ? (void **)realloc(t->objs, cap * sizeof *objs) : NULL;
        if (objs) t->objs = objs;
        if (!ids || !objs) {
            t->destroy(obj);
            kes_mex_error("kestrel:ENOMEM", "%s: out of memory for the handle table", t->what);
        }
        t->cap = cap;
    }
    if (t->next_id == 0) t->next_id = 1;
    uint64_t id = t->next_id++;
    mxArray *h = mxCreateNumericMatrix(1, 1, mxUINT64_CLASS, mxREAL);
    *(uint64_t *)mxGetData(h) = id;
    t->ids[t->n] = id;
    t->objs[t->n] = obj;
    t->n++;
    if (!t->locked) {
        mexLock();
        t->locked = 1;
    }
    return h;
}

/* Index of the object behind handle h, or an error "kestrel:handle". */
static inline size_t kes_mex_handle_index(const kes_mex_handle_table *t, const mxArray *h)
{
    if (!mxIsClass(h, "uint64") || mxGetNumberOfElements(h) != 1 || mxIsComplex(h))
        kes_mex_error("kestrel:handle", "not a %s handle", t->what);
    uint64_t id = *(const uint64_t *)mxGetData(h);
    for (size_t i = 0; i < t->n; i++)
        if (t->ids[i] == id) return i;
    kes_mex_error("kestrel:handle", "invalid or destroyed %s handle", t->what);
    return 0;
}

static inline void *kes_mex_handle_get(const kes_mex_handle_table *t, const mxArray *h)
{
    return t->objs[kes_mex_handle_index(t, h)];
}

/* Destroy the object behind h.  quiet: an unknown handle is not an error
 * (the destructor of a classdef wrapper after an explicit destroy). */
static inline void kes_mex_handle_remove(kes_mex_handle_table *t, const mxArray *h, int quiet)
{
    if (quiet) {
        if (!mxIsClass(h, "uint64") || mxGetNumberOfElements(h) != 1) return;
        uint64_t id = *(const uint64_t *)mxGetData(h);
        size_t i;
        for (i = 0; i < t->n && t->ids[i] != id; i++) {}
        if (i == t->n) return;
    }
    size_t i = kes_mex_handle_index(t, h);
    t->destroy(t->objs[i]);
    t->ids[i] = t->ids[t->n - 1];
    t->objs[i] = t->objs[t->n - 1];
    t->n--;
    if (t->n == 0 && t->locked) {
        mexUnlock();
        t->locked = 0;
    }
}

/* Gateway command string (first input). */
static inline void kes_mex_command(int nrhs, const mxArray *prhs[], char cmd[32], const char *gateway)
{
    if (nrhs < 1 || !mxIsChar(prhs[0]))
        kes_mex_error("kestrel:usage", "%s is internal: call it through its .m functions", gateway);
    kes_mex_string(prhs[0], cmd, 32, "command");
}

#endif
