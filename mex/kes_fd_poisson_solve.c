/* u = kes_fd_poisson_solve(f, h, 'bc', bc)
 *
 * Fast direct solve of A u = f for the 3/5/7-point finite-difference
 * Laplacian A on the grid of f (1-3 axes, grid rules of kes_mex_pde.h with
 * h for L): Dirichlet by DST-I, Neumann (cell-centred, zero-mean u for
 * f - mean(f)) by the even extension (kes_fd_poisson_from_bc +
 * kes_fd_poisson_solve). */
#include "kes_mex_pde.h"

static const kes_mex_name bcs[] = {{"dirichlet", KES_FD_DIRICHLET}, {"neumann", KES_FD_NEUMANN}, {NULL, 0}};

static void free_fd_poisson(void *p) { kes_fd_poisson_destroy((kes_fd_poisson *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "u = kes_fd_poisson_solve(f, h, 'bc', 'dirichlet' | 'neumann')";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, 4, 1, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    int dim;
    int64_t n[3];
    double h[3];
    kes_mex_grid(prhs[0], prhs[1], &dim, n, h);
    kes_fd_bc bc = KES_FD_DIRICHLET;
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "bc")) bc = (kes_fd_bc)kes_mex_enum(v, bcs, "bc");
        else kes_mex_bad_option(opt, "bc");
    }
    kes_fd_poisson *p = NULL;
    kes_mex_check("kes_fd_poisson_from_bc", kes_fd_poisson_from_bc(dim, n, h, bc, &p));
    kes_mex_keep(p, free_fd_poisson);
    mxArray *U = mxCreateNumericArray(mxGetNumberOfDimensions(prhs[0]), mxGetDimensions(prhs[0]), mxDOUBLE_CLASS, mxREAL);
    kes_mex_keep(U, kes_mex_free_array);
    kes_mex_check("kes_fd_poisson_solve", kes_fd_poisson_solve(p, mxGetPr(prhs[0]), mxGetPr(U)));
    kes_mex_unkeep(U);
    plhs[0] = U;
    kes_mex_end();
}
