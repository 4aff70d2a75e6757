/* A = kes_fd_diffusion(n, h, 'bc', bc, 'a', a)
 *
 * The finite-volume matrix of -div(a grad u) on a box of n(1) x ... x
 * n(dim) points (dim 1..3) as an Octave sparse matrix (kes_fd_diffusion).
 * a is a positive scalar or a function handle called as a(x), x a 1 x dim
 * row (one call per face: meant for modest grids).  A failing or
 * non-scalar call of a makes the coefficient NaN, which the library
 * refuses with KES_EDOM. */
#include "kes_mex_util.h"

static const kes_mex_name bcs[] = {{"dirichlet", KES_FD_DIRICHLET}, {"neumann", KES_FD_NEUMANN}, {NULL, 0}};

typedef struct {
    const mxArray *fn;
    double value;
    int dim;
    mxArray *x;
} coef_ctx;

static double coef(void *p, const double *x)
{
    coef_ctx *c = (coef_ctx *)p;
    if (!c->fn) return c->value;
    memcpy(mxGetPr(c->x), x, (size_t)c->dim * sizeof(double));
    mxArray *in[2] = {(mxArray *)c->fn, c->x}, *out[1] = {NULL};
    mxArray *err = kes_mex_call_trapped(1, out, 2, in, "feval");
    double a = NAN;
    if (err) {
        mxDestroyArray(err);
        return NAN;
    }
    if (out[0] && kes_mex_is_real_double(out[0]) && !mxIsSparse(out[0]) && mxGetNumberOfElements(out[0]) == 1)
        a = mxGetPr(out[0])[0];
    if (out[0]) mxDestroyArray(out[0]);
    return a;
}

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "A = kes_fd_diffusion(n, h, 'bc', 'dirichlet' | 'neumann', 'a', a)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, 6, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *nv = kes_mex_vector(prhs[0], -1, "n");
    int dim = (int)mxGetNumberOfElements(prhs[0]);
    if (dim < 1 || dim > 3) kes_mex_error("kestrel:EDIM", "n must have 1 to 3 entries");
    int64_t n[3];
    double h[3];
    for (int k = 0; k < dim; k++) {
        if (nv[k] != floor(nv[k]) || nv[k] < 1 || nv[k] > INT32_MAX)
            kes_mex_error("kestrel:EDIM", "n(%d) must be a positive integer", k + 1);
        n[k] = (int64_t)nv[k];
    }
    const double *hv = kes_mex_full(prhs[1], "h");
    size_t nh = mxGetNumberOfElements(prhs[1]);
    if (nh != 1 && nh != (size_t)dim) kes_mex_error("kestrel:EDIM", "h must be a scalar or have %d entries", dim);
    for (int k = 0; k < dim; k++) h[k] = hv[nh == 1 ? 0 : k];
    kes_fd_bc bc = KES_FD_DIRICHLET;
    coef_ctx c = {NULL, 1.0, dim, NULL};
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "bc")) bc = (kes_fd_bc)kes_mex_enum(v, bcs, "bc");
        else if (!strcmp(opt, "a")) {
            if (mxIsClass(v, "function_handle")) c.fn = v;
            else c.value = kes_mex_scalar(v, "a");
        } else kes_mex_bad_option(opt, "bc, a");
    }
    if (c.fn) c.x = (mxArray *)kes_mex_keep(mxCreateDoubleMatrix(1, (size_t)dim, mxREAL), kes_mex_free_array);
    kes_csr *A = NULL;
    kes_mex_check("kes_fd_diffusion", kes_fd_diffusion(dim, n, h, bc, coef, &c, &A));
    kes_mex_keep(A, kes_mex_free_csr);
    plhs[0] = kes_mex_sparse_from_csr(A);
    kes_mex_end();
}
