/* [Z, W, b, log_scale] = kes_rff_transform(X, D, 'kernel', name, ..., 'map', m, 'orthogonal', o, 'seed', s, 'scaled', t)
 *
 * Random features (kes_rff_create + kes_rff_transform): Z (n x D) with
 * E[Z Z'] = K(X, X).  W: d x D_f frequencies (lengthscale folded in), b:
 * the phases of the 'cos' map ([] otherwise).  The same seed and options
 * give the same plan, so training and test points are transformed alike by
 * passing the same seed.  'scaled' (positive maps): Z = exp(-log_scale)
 * phi(X), without underflow. */
#include "kes_mex_kernel.h"

static const kes_mex_name maps[] = {{"cos", KES_RF_COS}, {"sincos", KES_RF_SINCOS}, {"positive", KES_RF_POSITIVE},
                                    {"hyperbolic", KES_RF_HYPERBOLIC}, {NULL, 0}};

static void free_rff(void *p) { kes_rff_destroy((kes_rff *)p); }

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[Z, W, b, log_scale] = kes_rff_transform(X, D, 'kernel', name, 'map', m, 'seed', s, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 4, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *X = kes_mex_matrix_arg(prhs[0], -1, "X");
    int64_t n = (int64_t)mxGetM(prhs[0]), d = (int64_t)mxGetN(prhs[0]);
    int64_t D = kes_mex_int(prhs[1], 0, INT32_MAX, "D");
    kes_kernel k = kes_kernel_default(KES_KERNEL_GAUSSIAN);
    kes_rff_opts o = kes_rff_opts_default();
    uint64_t seed = kes_mex_default_seed();
    int scaled = 0, pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (kes_mex_kernel_option(opt, v, &k)) continue;
        if (!strcmp(opt, "map")) o.map = (kes_rf_map)kes_mex_enum(v, maps, "map");
        else if (!strcmp(opt, "orthogonal")) o.orthogonal = kes_mex_flag(v, "orthogonal");
        else if (!strcmp(opt, "seed")) seed = kes_mex_seed(v);
        else if (!strcmp(opt, "scaled")) scaled = kes_mex_flag(v, "scaled");
        else kes_mex_bad_option(opt, KES_MEX_KERNEL_OPTIONS ", map, orthogonal, seed, scaled");
    }
    kes_rng *rng = kes_mex_rng(seed);
    kes_rff *plan = NULL;
    kes_mex_check("kes_rff_create", kes_rff_create(&k, d, D, &o, rng, &plan));
    kes_mex_keep(plan, free_rff);
    mxArray *Z = mxCreateDoubleMatrix((size_t)n, (size_t)D, mxREAL);
    kes_mex_keep(Z, kes_mex_free_array);
    kes_cmat Xv = kes_cmat_view(X, n, d, n > 0 ? n : 1);
    kes_mat Zv = kes_mat_view(mxGetPr(Z), n, D, n > 0 ? n : 1);
    double log_scale = 0;
    if (scaled) kes_mex_check("kes_rff_transform_scaled", kes_rff_transform_scaled(plan, Xv, Zv, &log_scale));
    else kes_mex_check("kes_rff_transform", kes_rff_transform(plan, Xv, Zv));
    kes_mex_unkeep(Z);
    plhs[0] = Z;
    if (nlhs > 1) {
        kes_cmat W = kes_rff_frequencies(plan);
        plhs[1] = mxCreateDoubleMatrix((size_t)W.nrows, (size_t)W.ncols, mxREAL);
        for (int64_t j = 0; j < W.ncols; j++)
            for (int64_t i = 0; i < W.nrows; i++) mxGetPr(plhs[1])[i + j * W.nrows] = W.data[i + j * W.ld];
    }
    if (nlhs > 2) {
        const double *b = kes_rff_phases(plan);
        int64_t nb = b ? kes_rff_frequencies(plan).ncols : 0;
        plhs[2] = mxCreateDoubleMatrix(1, (size_t)nb, mxREAL);
        if (nb) memcpy(mxGetPr(plhs[2]), b, (size_t)nb * sizeof(double));
    }
    if (nlhs > 3) plhs[3] = mxCreateDoubleScalar(log_scale);
    kes_mex_end();
}
