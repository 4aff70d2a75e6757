#include "kestrel/core.h"

const char *kes_strerror(kes_status s)
{
    switch (s) {
    case KES_OK: return "success";
    case KES_EINVAL: return "invalid argument (NULL pointer or bad option value)";
    case KES_EDIM: return "zero, negative or mismatched dimensions";
    case KES_ENOMEM: return "out of memory";
    case KES_ERANGE: return "size or result out of the representable range";
    case KES_ENOTSPD: return "matrix is not symmetric positive definite";
    case KES_EIO: return "file could not be opened, read or written";
    case KES_EPARSE: return "malformed input file";
    case KES_EDOM: return "argument outside the domain of the function";
    case KES_ENAN: return "NaN or Inf in input data";
    case KES_ESINGULAR: return "zero or missing diagonal entry / singular matrix";
    case KES_EDIVERGE: return "iteration diverged (residual non-finite or growing without bound) or a randomised loop reached its safety cap";
    case KES_ESTATE: return "call out of order for this object's state";
    case KES_EVARIANCE: return "estimator variance is infinite for these settings";
    case KES_ENOTSUP: return "operation not supported for this input or build";
    case KES_EBADDATA: return "input data violate a documented precondition";
    case KES_NOCONV: return "iteration limit reached before the tolerance was met";
    case KES_CLAMPED: return "an input was clamped into its declared range";
    }
    return "unknown kestrel status code";
}

const char *kes_version(void) { return KES_VERSION_STRING; }
int kes_version_number(void) { return KES_VERSION_NUMBER; }
