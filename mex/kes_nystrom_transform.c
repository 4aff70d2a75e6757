/* [Z, L, rank] = kes_nystrom_transform(X, m, name, value, ...)
 *
 * Nystrom features (kes_nystrom_create or kes_nystrom_create_landmarks, then
 * kes_nystrom_transform): Z (n x m) with Z Z' = K(X, S) K(S, S)^-1 K(S, X)
 * for the landmarks S.  Landmarks: m rows of X drawn with 'seed', or the
 * rows of 'landmarks' (then m is ignored and may be []).  'query' Y
 * transforms other points (Z is then size(Y, 1) x m).  'rcond' is the
 * pivot cut (default 1e-12).  L: the landmarks in pivot order; rank: the
 * numerical rank kept.  Kernel options in kes_mex_kernel.h. */
#include "kes_mex_kernel.h"

static void free_nystrom(void *p) { kes_nystrom_destroy((kes_nystrom *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[Z, L, rank] = kes_nystrom_transform(X, m, 'kernel', k, 'landmarks', L, 'query', Y, 'seed', s)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 3, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    kes_kernel k = kes_kernel_default(KES_KERNEL_GAUSSIAN);
    const double *Lm = NULL, *Y = X;
    int64_t nl = 0, ny = n;
    double rcond = 0;
    uint64_t seed = kes_mex_default_seed();
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (kes_mex_kernel_option(opt, v, &k)) continue;
        if (!strcmp(opt, "landmarks")) {
            Lm = kes_mex_matrix_arg(v, d, "landmarks");
            nl = (int64_t)mxGetM(v);
        } else if (!strcmp(opt, "query")) {
            Y = kes_mex_matrix_arg(v, d, "query");
            ny = (int64_t)mxGetM(v);
        } else if (!strcmp(opt, "rcond")) {
            rcond = kes_mex_scalar(v, "rcond");
        } else if (!strcmp(opt, "seed")) {
            seed = kes_mex_seed(v);
        } else {
            kes_mex_bad_option(opt, KES_MEX_KERNEL_OPTIONS ", landmarks, query, rcond, seed");
        }
    }
    kes_nystrom *plan = NULL;
    if (Lm) {
        kes_mex_check("kes_nystrom_create_landmarks",
                      kes_nystrom_create_landmarks(&k, kes_cmat_view(Lm, nl, d, nl > 0 ? nl : 1), rcond, &plan));
    } else {
        int64_t m = kes_mex_int(prhs[1], INT32_MIN, INT32_MAX, "m");
        kes_rng *rng = kes_mex_rng(seed);
        kes_mex_check("kes_nystrom_create",
                      kes_nystrom_create(&k, kes_cmat_view(X, n, d, n > 0 ? n : 1), m, rcond, rng, &plan));
    }
    kes_mex_keep(plan, free_nystrom);
    int64_t D = kes_nystrom_output_dim(plan);
    mxArray *Z = mxCreateDoubleMatrix((size_t)ny, (size_t)D, mxREAL);
    kes_mex_keep(Z, kes_mex_free_array);
    kes_mex_check("kes_nystrom_transform",
                  kes_nystrom_transform(plan, kes_cmat_view(Y, ny, d, ny > 0 ? ny : 1),
                                        kes_mat_view(mxGetPr(Z), ny, D, ny > 0 ? ny : 1)));
    kes_mex_unkeep(Z);
    plhs[0] = Z;
    if (nlhs > 1) {
        kes_cmat L = kes_nystrom_landmarks(plan);
        plhs[1] = mxCreateDoubleMatrix((size_t)L.nrows, (size_t)L.ncols, mxREAL);
        for (int64_t j = 0; j < L.ncols; j++)
            for (int64_t i = 0; i < L.nrows; i++) mxGetPr(plhs[1])[i + j * L.nrows] = L.data[i + j * L.ld];
    }
    if (nlhs > 2) plhs[2] = mxCreateDoubleScalar((double)kes_nystrom_rank(plan));
    kes_mex_end();
}
