/* Element-wise gateway of two-argument special functions (kes_log_besseli.c,
 * kes_log_besselk.c, kes_bessel_ratio.c, kes_vmf_log_norm.c,
 * kes_vmf_mean_resultant.c), with the broadcasting of Octave's besseli(nu, x):
 * equal sizes element by element, a scalar against any array, and a row of
 * orders against a column of arguments giving a length(x) x length(nu)
 * matrix. */
#ifndef KES_MEX_BESSEL_H
#define KES_MEX_BESSEL_H

#include "kes_mex_util.h"

typedef kes_status (*kes_mex_bessel_array_fn)(int64_t, const double *, const double *, double *);
typedef double (*kes_mex_scalar2_fn)(double, double);

/* y = name(a1, a2) through the array form fn, or element by element
 * through the plain form sfn when fn is NULL; a1, a2 name the inputs. */
static inline void kes_mex_elementwise(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[], const char *name,
                                       const char *a1, const char *a2, kes_mex_bessel_array_fn fn,
                                       kes_mex_scalar2_fn sfn)
{
    char usage[128];
    snprintf(usage, sizeof usage, "y = %s(%s, %s)", name, a1, a2);
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, 2, 1, usage);
    const double *v = kes_mex_full(prhs[0], a1), *x = kes_mex_full(prhs[1], a2);
    size_t nv = mxGetNumberOfElements(prhs[0]), nx = mxGetNumberOfElements(prhs[1]);
    const mxArray *shape;
    const double *vv = v, *xx = x;
    size_t n;
    if (nv == 1 || nx == 1 || (nv == nx && mxGetNumberOfDimensions(prhs[0]) == mxGetNumberOfDimensions(prhs[1]) &&
                               memcmp(mxGetDimensions(prhs[0]), mxGetDimensions(prhs[1]),
                                      mxGetNumberOfDimensions(prhs[0]) * sizeof(mwSize)) == 0)) {
        shape = nv == 1 ? prhs[1] : prhs[0];
        n = mxGetNumberOfElements(shape);
        plhs[0] = mxCreateNumericArray(mxGetNumberOfDimensions(shape), mxGetDimensions(shape), mxDOUBLE_CLASS, mxREAL);
        if (n == 0) {
            kes_mex_end();
            return;
        }
        if (nv == 1 && nx != 1) {
            double *t = (double *)kes_mex_alloc(n, sizeof(double));
            for (size_t i = 0; i < n; i++) t[i] = v[0];
            vv = t;
        } else if (nx == 1 && nv != 1) {
            double *t = (double *)kes_mex_alloc(n, sizeof(double));
            for (size_t i = 0; i < n; i++) t[i] = x[0];
            xx = t;
        }
    } else if (mxGetM(prhs[0]) == 1 && mxGetN(prhs[1]) == 1 && mxGetNumberOfDimensions(prhs[0]) == 2 &&
               mxGetNumberOfDimensions(prhs[1]) == 2) {
        /* row of orders, column of arguments: y(i, j) = f(v(j), x(i)) */
        n = nv * nx;
        plhs[0] = mxCreateDoubleMatrix(nx, nv, mxREAL);
        double *tv = (double *)kes_mex_alloc(n, sizeof(double)), *tx = (double *)kes_mex_alloc(n, sizeof(double));
        for (size_t j = 0; j < nv; j++)
            for (size_t i = 0; i < nx; i++) {
                tv[i + j * nx] = v[j];
                tx[i + j * nx] = x[i];
            }
        vv = tv;
        xx = tx;
    } else {
        kes_mex_error("kestrel:EDIM", "%s: %s and %s must have the same size, or one must be a scalar, "
                      "or %s a row and %s a column", name, a1, a2, a1, a2);
        return;
    }
    /* Element statuses (KES_EDOM: NaN outside the domain) are values, not errors. */
    if (fn) {
        kes_status st = fn((int64_t)n, vv, xx, mxGetPr(plhs[0]));
        if (st == KES_EINVAL || st == KES_EDIM || st == KES_ENOMEM) {
            mxDestroyArray(plhs[0]);
            kes_mex_fail(name, st);
        }
    } else {
        double *y = mxGetPr(plhs[0]);
        for (size_t i = 0; i < n; i++) y[i] = sfn(vv[i], xx[i]);
    }
    kes_mex_end();
}

static inline void kes_mex_bessel(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[], const char *name,
                                  kes_mex_bessel_array_fn fn)
{
    kes_mex_elementwise(nlhs, plhs, nrhs, prhs, name, "v", "x", fn, NULL);
}

#endif
