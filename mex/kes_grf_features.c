/* [Phi, stats] = kes_grf_features(U, f, name, value, ...)
 *
 * Graph random features (kes_grf_features_ex): the sparse n x n Phi with
 * E[Phi] = sum_k f(k+1) U^k, from random walks on U's pattern.  Two calls
 * (different seeds) give Phi1, Phi2 with E[Phi1 Phi2'] = the kernel with
 * coefficients conv(f, f) (see kes_grf_modulation).
 * Options: 'walkers' (16), 'p_halt' (0.5), 'antithetic' (false),
 * 'repelling' (false), 'proposal' ('uniform' | 'weighted'), 'max_len' (0:
 * f's length), 'check_variance' (true), 'seed'.
 * stats: rho_b, f_rate, growth, suggested_p_halt, nnz, mean_steps. */
#include "kes_mex_graph.h"

static const kes_mex_name proposals[] = {{"uniform", KES_GRF_UNIFORM}, {"weighted", KES_GRF_WEIGHTED}, {NULL, 0}};

void mexFunction(int nlhs, mxArray *plhs[], int nrhs, const mxArray *prhs[])
{
    const char *usage = "[Phi, stats] = kes_grf_features(U, f, 'walkers', m, 'p_halt', p, 'seed', s, ...)";
    kes_mex_begin();
    kes_mex_nargs(nlhs, nrhs, 2, -1, 2, usage);
    if (nrhs % 2) kes_mex_error("kestrel:usage", "options come in name/value pairs; usage: %s", usage);
    const double *f = kes_mex_vector(prhs[1], -1, "f");
    int64_t flen = (int64_t)mxGetNumberOfElements(prhs[1]);
    kes_grf_opts o = kes_grf_opts_default();
    uint64_t seed = kes_mex_default_seed();
    int pos = 2;
    char opt[64];
    const mxArray *v;
    while (kes_mex_next_option(nrhs, prhs, &pos, opt, &v)) {
        if (!strcmp(opt, "walkers")) o.walkers = kes_mex_int(v, INT64_MIN / 2, INT64_MAX / 2, "walkers");
        else if (!strcmp(opt, "p_halt")) o.p_halt = kes_mex_scalar(v, "p_halt");
        else if (!strcmp(opt, "antithetic")) o.antithetic = kes_mex_flag(v, "antithetic");
        else if (!strcmp(opt, "repelling")) o.repelling = kes_mex_flag(v, "repelling");
        else if (!strcmp(opt, "proposal")) o.proposal = (kes_grf_proposal)kes_mex_enum(v, proposals, "proposal");
        else if (!strcmp(opt, "max_len")) o.max_len = kes_mex_int(v, INT64_MIN / 2, INT64_MAX / 2, "max_len");
        else if (!strcmp(opt, "check_variance")) o.check_variance = kes_mex_flag(v, "check_variance");
        else if (!strcmp(opt, "seed")) seed = kes_mex_seed(v);
        else kes_mex_bad_option(opt, "walkers, p_halt, antithetic, repelling, proposal, max_len, check_variance, seed");
    }
    const kes_csr *U = kes_mex_matrix(prhs[0], "U");
    kes_rng *rng = kes_mex_rng(seed);
    kes_csr *Phi = NULL;
    kes_grf_stats s;
    memset(&s, 0, sizeof s);
    kes_status st = kes_grf_features_ex(U, f, flen, &o, rng, &Phi, &s);
    if (st == KES_EVARIANCE)
        kes_mex_error("kestrel:EVARIANCE", "kes_grf_features: %s (growth %g; try 'p_halt', %g)", kes_strerror(st),
                      s.growth, s.suggested_p_halt);
    kes_mex_check("kes_grf_features", st);
    kes_mex_keep(Phi, kes_mex_free_csr);
    plhs[0] = kes_mex_sparse_from_csr(Phi);
    if (nlhs > 1) {
        static const char *fields[] = {"rho_b", "f_rate", "growth", "suggested_p_halt", "nnz", "mean_steps"};
        mxArray *S = mxCreateStructMatrix(1, 1, 6, fields);
        mxSetField(S, 0, "rho_b", mxCreateDoubleScalar(s.rho_b));
        mxSetField(S, 0, "f_rate", mxCreateDoubleScalar(s.f_rate));
        mxSetField(S, 0, "growth", mxCreateDoubleScalar(s.growth));
        mxSetField(S, 0, "suggested_p_halt", mxCreateDoubleScalar(s.suggested_p_halt));
        mxSetField(S, 0, "nnz", mxCreateDoubleScalar((double)s.nnz));
        mxSetField(S, 0, "mean_steps", mxCreateDoubleScalar(s.mean_steps));
        plhs[1] = S;
    }
    kes_mex_end();
}
