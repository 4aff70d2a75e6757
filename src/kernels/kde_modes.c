/*
 * Modes of a kernel density estimate: ascent from many starts (mean shift
 * for the Gaussian kernel, backtracking gradient ascent in the bandwidth's
 * metric for the other smooth kernels), merging, and a Newton polish on a
 * finite-difference Hessian; optionally after a random projection to k
 * dimensions.
 *
 * Mean shift: with grad log f(y) = H^{-1} (m(y) - y) for the Gaussian
 * kernel, m(y) the kernel-weighted mean of the points, the step
 * y <- y + H grad log f(y) is y <- m(y), the mean-shift fixed point
 * iteration, a monotone ascent (it is EM for the mixture): M. A.
 * Carreira-Perpinan, "Gaussian mean-shift is an EM algorithm", IEEE TPAMI
 * 29 (2007) 767-776.  The same step scaled by alpha and accepted by an
 * Armijo test serves every smooth kernel (D. Comaniciu and P. Meer,
 * "Mean shift: a robust approach toward feature space analysis", IEEE
 * TPAMI 24 (2002) 603-619, for the general profile).
 *
 * Random projection: J. C. Lee, J. Li, C. Musco, J. M. Phillips and W. M.
 * Tai, "Dimensionality reduction for general KDE mode finding", ICML 2023:
 * the whitened points are mapped by a Gaussian Johnson-Lindenstrauss matrix
 * to k dimensions, modes of the projected estimate are found there, and
 * each is lifted to R^d as the kernel-weighted mean of the original points
 * with the weights the projected mode gives them (the mean-shift image of
 * the projected mode), then ascended and polished in R^d.
 */
#include <float.h>
#include <math.h>
#include <cblas.h>
#include <lapacke.h>

#include "kernels/kde_internal.h"

#define FD_STEP 1e-4 /* central-difference step of the Hessian, in bandwidth units */
#define POLISH_ITERS 60

kes_kde_modes_opts kes_kde_modes_opts_default(void)
{
    kes_kde_modes_opts o;
    memset(&o, 0, sizeof o);
    o.starts = NULL;
    o.nstarts = 0;
    o.ldstarts = 0;
    o.max_iter = 1000;
    o.ascent_tol = 1e-6;
    o.grad_tol = 1e-10;
    o.merge_tol = 1e-3;
    o.proj_dim = 0;
    return o;
}

/* Working state shared by the helpers: the estimate, its bandwidth factor
 * B (lower, ld d) and scratch space for m x d queries. */
typedef struct {
    const kes_kde *kde;
    int64_t d;
    const double *B;
} mctx;

/* gw = B^T g: the gradient with respect to whitened coordinates u = B^{-1} y. */
static void whiten_grad(const double *B, int64_t d, const double *g, int64_t incg, double *gw)
{
    for (int64_t a = 0; a < d; a++) {
        double s = 0.0;
        for (int64_t b = a; b < d; b++) s += B[b + a * d] * g[b * incg];
        gw[a] = s;
    }
}

/* y += alpha B gw (a step of length alpha |gw| in whitened coordinates). */
static void step_whitened(const double *B, int64_t d, double alpha, const double *gw, double *y, int64_t incy)
{
    for (int64_t b = 0; b < d; b++) {
        double s = 0.0;
        for (int64_t a = 0; a <= b; a++) s += B[b + a * d] * gw[a];
        y[b * incy] += alpha * s;
    }
}

static double norm2(const double *v, int64_t d)
{
    double s = 0.0, sc = 0.0;
    for (int64_t a = 0; a < d; a++) sc = fmax(sc, fabs(v[a]));
    if (sc == 0.0 || !isfinite(sc)) return sc;
    for (int64_t a = 0; a < d; a++) s += (v[a] / sc) * (v[a] / sc);
    return sc * sqrt(s);
}

/* Ascent of the m rows of Y (ld m) until the whitened gradient norm is at
 * most tol or max_iter steps.  Each start keeps a step length alpha
 * (1 first: the mean-shift step), set after an accepted step by the
 * Barzilai-Borwein rule (J. Barzilai and J. M. Borwein, IMA J. Numer.
 * Anal. 8 (1988) 141-148; it adapts to the curvature, where a fixed growth
 * overshoots and zigzags) and halved after a rejected one; a step is
 * accepted when it raises log f by at least 1e-4 alpha |gw|^2 (Armijo).  All active trial points go to the
 * estimate in one call per sweep.  lp receives the log densities. */
static kes_status ascend(const mctx *c, double *Y, int64_t m, int64_t max_iter, double tol, double *lp,
                         int64_t *iters)
{
    int64_t d = c->d;
    size_t md;
    if (kes__mul_size(m, d, &md)) return KES_ERANGE;
    double *G = kes__malloc_n(md, sizeof *G), *T = kes__malloc_n(md, sizeof *T), *GT = kes__malloc_n(md, sizeof *GT);
    double *alpha = kes__malloc_n((size_t)m, sizeof *alpha), *lpt = kes__malloc_n((size_t)m, sizeof *lpt);
    double *gw = kes__malloc_n((size_t)d * 2, sizeof *gw), *gn = kes__malloc_n((size_t)m, sizeof *gn);
    int64_t *act = kes__malloc_n((size_t)m, sizeof *act);
    kes_status s = KES_ENOMEM;
    if (!G || !T || !GT || !alpha || !lpt || !gw || !gn || !act) goto done;
    s = kes_kde_grad_log_density(c->kde, Y, m, m, lp, G, m);
    if (s) goto done;
    int64_t na = 0;
    for (int64_t i = 0; i < m; i++) {
        alpha[i] = 1.0;
        whiten_grad(c->B, d, G + i, m, gw);
        gn[i] = norm2(gw, d);
        if (isfinite(lp[i]) && gn[i] > tol) act[na++] = i;
    }
    int64_t it = 0;
    for (; it < max_iter && na > 0; it++) {
        /* trial points of the active starts, packed in T (ld na) */
        for (int64_t q = 0; q < na; q++) {
            int64_t i = act[q];
            for (int64_t a = 0; a < d; a++) T[q + a * na] = Y[i + a * m];
            whiten_grad(c->B, d, G + i, m, gw);
            step_whitened(c->B, d, alpha[i], gw, T + q, na);
        }
        s = kes_kde_grad_log_density(c->kde, T, na, na, lpt, GT, na);
        if (s) goto done;
        int64_t nn = 0;
        for (int64_t q = 0; q < na; q++) {
            int64_t i = act[q];
            if (lpt[q] >= lp[i] + 1e-4 * alpha[i] * gn[i] * gn[i]) {
                /* Barzilai-Borwein length for the next step from this one:
                 * s = alpha gw_old, y = gw_old - gw_new in whitened
                 * coordinates, alpha' = s.s / s.y; doubled where the
                 * curvature along s is not negative */
                double *go = gw, *gnw = gw + d, ss = 0.0, sy = 0.0;
                whiten_grad(c->B, d, G + i, m, go);
                whiten_grad(c->B, d, GT + q, na, gnw);
                for (int64_t a = 0; a < d; a++) {
                    ss += go[a] * go[a];
                    sy += go[a] * (go[a] - gnw[a]);
                }
                double anew = sy > 0.0 ? alpha[i] * ss / sy : 2.0 * alpha[i];
                alpha[i] = fmin(fmax(anew, 1e-3), 1e3);
                for (int64_t a = 0; a < d; a++) {
                    Y[i + a * m] = T[q + a * na];
                    G[i + a * m] = GT[q + a * na];
                }
                lp[i] = lpt[q];
                gn[i] = norm2(gnw, d);
            } else {
                alpha[i] *= 0.5;
            }
            if (gn[i] > tol && alpha[i] > 1e-12) act[nn++] = i;
        }
        na = nn;
    }
    *iters += it;
    s = KES_OK;
done:
    free(G);
    free(T);
    free(GT);
    free(alpha);
    free(lpt);
    free(gw);
    free(gn);
    free(act);
    return s;
}

/* Greedy merge: the first m rows of Y (ld ldy) in decreasing log density;
 * a row within whitened distance tol of a kept one is dropped.  Kept rows
 * are moved to the front with their lp, ord[p] is the old row of kept row
 * p; returns how many.  Rows with log density
 * -Inf (a start where a compact kernel vanishes) are dropped. */
static int64_t merge_rows(const double *B, int64_t d, double *Y, int64_t ldy, int64_t m, double *lp, double tol,
                          double *u, int64_t *ord)
{
    int64_t k = 0;
    for (int64_t i = 0; i < m; i++)
        if (lp[i] > -INFINITY) ord[k++] = i;
    /* insertion sort by decreasing lp, ties by index: deterministic */
    for (int64_t i = 1; i < k; i++) {
        int64_t t = ord[i], j = i;
        while (j > 0 && (lp[ord[j - 1]] < lp[t] || (lp[ord[j - 1]] == lp[t] && ord[j - 1] > t))) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = t;
    }
    /* whitened coordinates of every candidate, u (k x d, ld k) */
    for (int64_t q = 0; q < k; q++)
        for (int64_t a = 0; a < d; a++) {
            double t = Y[ord[q] + a * ldy];
            for (int64_t b = 0; b < a; b++) t -= B[a + b * d] * u[q + b * k];
            u[q + a * k] = t / B[a + a * d];
        }
    int64_t nk = 0;
    for (int64_t q = 0; q < k; q++) {
        int keep = 1;
        for (int64_t p = 0; p < nk && keep; p++) {
            double r2 = 0.0;
            for (int64_t a = 0; a < d; a++) {
                double t = u[q + a * k] - u[p + a * k];
                r2 += t * t;
            }
            keep = !(sqrt(r2) <= tol);
        }
        if (keep) {
            for (int64_t a = 0; a < d; a++) u[nk + a * k] = u[q + a * k];
            ord[nk++] = ord[q];
        }
    }
    /* move the kept rows to the front in order; a scratch copy avoids overlap */
    double *tmp = u + (size_t)k * (size_t)d; /* room for nk x d more */
    for (int64_t p = 0; p < nk; p++) {
        for (int64_t a = 0; a < d; a++) tmp[p + a * nk] = Y[ord[p] + a * ldy];
        tmp[(size_t)nk * (size_t)d + (size_t)p] = lp[ord[p]];
    }
    for (int64_t p = 0; p < nk; p++) {
        for (int64_t a = 0; a < d; a++) Y[p + a * ldy] = tmp[p + a * nk];
        lp[p] = tmp[(size_t)nk * (size_t)d + (size_t)p];
    }
    return nk;
}

/* Newton's method in whitened coordinates on log f at one point y (d):
 * Hessian by central differences of the whitened gradient (2d queries in
 * one call, step FD_STEP), symmetrised; step -Hw^{-1} gw when -Hw is
 * positive definite (Cholesky), else the gradient step; halved until log f
 * does not fall (by more than rounding).  Stops at |gw| <= tol.  Writes
 * log f and |gw| at the end. */
static kes_status polish(const mctx *c, double *y, double tol, double *lpo, double *gno)
{
    int64_t d = c->d, m2 = 2 * d;
    size_t sz;
    if (kes__mul_size(m2, d, &sz)) return KES_ERANGE;
    double *Q = kes__malloc_n(sz, sizeof *Q), *GQ = kes__malloc_n(sz, sizeof *GQ);
    double *Hw = kes__malloc_n((size_t)d * (size_t)d, sizeof *Hw), *v = kes__malloc_n((size_t)d * 6, sizeof *v);
    double *lq = kes__malloc_n((size_t)m2, sizeof *lq);
    kes_status s = KES_ENOMEM;
    if (!Q || !GQ || !Hw || !v || !lq) goto done;
    double *g = v, *gw = v + d, *del = v + 2 * d, *yt = v + 3 * d, *gt = v + 4 * d, *e = v + 5 * d;
    double lp;
    if ((s = kes_kde_grad_log_density(c->kde, y, 1, 1, &lp, g, 1))) goto done;
    whiten_grad(c->B, d, g, 1, gw);
    double gn = norm2(gw, d);
    for (int it = 0; it < POLISH_ITERS && gn > tol && isfinite(lp); it++) {
        for (int64_t j = 0; j < d; j++) {
            for (int64_t a = 0; a < d; a++) e[a] = a == j ? 1.0 : 0.0;
            for (int64_t a = 0; a < d; a++) {
                Q[j + a * m2] = y[a];
                Q[d + j + a * m2] = y[a];
            }
            step_whitened(c->B, d, FD_STEP, e, Q + j, m2);
            step_whitened(c->B, d, -FD_STEP, e, Q + d + j, m2);
        }
        if ((s = kes_kde_grad_log_density(c->kde, Q, m2, m2, lq, GQ, m2))) goto done;
        for (int64_t j = 0; j < d; j++) {
            double *gp = yt, *gm = gt;
            whiten_grad(c->B, d, GQ + j, m2, gp);
            whiten_grad(c->B, d, GQ + d + j, m2, gm);
            for (int64_t a = 0; a < d; a++) Hw[a + j * d] = -(gp[a] - gm[a]) / (2.0 * FD_STEP); /* -Hessian */
        }
        for (int64_t j = 0; j < d; j++)
            for (int64_t a = j + 1; a < d; a++) Hw[a + j * d] = Hw[j + a * d] = 0.5 * (Hw[a + j * d] + Hw[j + a * d]);
        memcpy(del, gw, (size_t)d * sizeof *del);
        /* Newton where -Hw is positive definite, else the gradient step (del = gw) */
        (void)(d <= INT32_MAX && LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (int)d, Hw, (int)d) == 0 &&
                     LAPACKE_dpotrs(LAPACK_COL_MAJOR, 'L', (int)d, 1, Hw, (int)d, del, (int)d) == 0);
        double t = 1.0, lpt = -INFINITY;
        int ok = 0;
        for (int ls = 0; ls < 40 && !ok; ls++, t *= 0.5) {
            memcpy(yt, y, (size_t)d * sizeof *yt);
            step_whitened(c->B, d, t, del, yt, 1);
            if ((s = kes_kde_grad_log_density(c->kde, yt, 1, 1, &lpt, gt, 1))) goto done;
            ok = lpt >= lp - 1e-13 * fabs(lp) - 1e-300;
        }
        if (!ok) break;
        memcpy(y, yt, (size_t)d * sizeof *y);
        lp = lpt;
        whiten_grad(c->B, d, gt, 1, gw);
        gn = norm2(gw, d);
    }
    *lpo = lp;
    *gno = gn;
    s = KES_OK;
done:
    free(Q);
    free(GQ);
    free(Hw);
    free(v);
    free(lq);
    return s;
}

static int smooth_kernel(kes_kde_kernel k, double power)
{
    return k == KES_KDE_GAUSSIAN || k == KES_KDE_EPANECHNIKOV || k == KES_KDE_COSINE || k == KES_KDE_LOGISTIC ||
           (k == KES_KDE_GENGAUSS && power > 1.0);
}

/* Random-projection stage: whitened points and starts mapped to k
 * dimensions by a Gaussian matrix with N(0, 1/k) entries, modes of the
 * projected estimate (isotropic bandwidth 1, the same kernel and weights),
 * each lifted to R^d as sum_i q_i x_i / sum_i q_i with q_i = w_i k(|p_i - z|)
 * (log-sum-exp shifted).  Writes the lifted candidates into Y (ld m) and
 * their number into *mout. */
static kes_status project_stage(const double *X, int64_t n, int64_t d, int64_t ldx, const kes_kde_opts *ko,
                                const double *B, double *Y, int64_t m, int64_t k, double merge_tol,
                                int64_t max_iter, double tol, kes_rng *rng, int64_t *mout, int64_t *iters)
{
    size_t nd, nk, mk, kd;
    if (kes__mul_size(n, d, &nd) || kes__mul_size(n, k, &nk) || kes__mul_size(m, k, &mk) ||
        kes__mul_size(k, d, &kd))
        return KES_ERANGE;
    if (n > INT32_MAX || d > INT32_MAX || m > INT32_MAX || k > INT32_MAX) return KES_ERANGE;
    double *U = kes__malloc_n(nd, sizeof *U), *P = kes__malloc_n(nk, sizeof *P), *Z = kes__malloc_n(mk, sizeof *Z);
    double *Pi = kes__malloc_n(kd, sizeof *Pi), *lp = kes__malloc_n((size_t)m, sizeof *lp);
    double *Uy = kes__malloc_n((size_t)m * (size_t)d, sizeof *Uy);
    double *wsp = kes__malloc_n((size_t)m * (size_t)k * 2 + (size_t)m + (size_t)n * 2, sizeof *wsp);
    int64_t *ord = kes__malloc_n((size_t)m, sizeof *ord);
    double *Ik = kes__malloc_n((size_t)k * (size_t)k, sizeof *Ik);
    kes_kde *low = NULL;
    kes_status s = KES_ENOMEM;
    if (!U || !P || !Z || !Pi || !lp || !Uy || !wsp || !ord || !Ik) goto done;
    for (int64_t j = 0; j < d; j++)
        for (int64_t i = 0; i < n; i++) U[i + j * n] = X[i + j * ldx];
    memcpy(Uy, Y, (size_t)m * (size_t)d * sizeof *Uy);
    /* U = X B^{-T}, Uy = Y B^{-T}: whitened rows */
    cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, (int)n, (int)d, 1.0, B, (int)d, U,
                (int)n);
    cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, (int)m, (int)d, 1.0, B, (int)d, Uy,
                (int)m);
    double sc = 1.0 / sqrt((double)k);
    for (size_t i = 0; i < kd; i++) Pi[i] = sc * kes_rng_normal(rng); /* k x d, ld k */
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)n, (int)k, (int)d, 1.0, U, (int)n, Pi, (int)k, 0.0, P,
                (int)n);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, (int)m, (int)k, (int)d, 1.0, Uy, (int)m, Pi, (int)k, 0.0, Z,
                (int)m);
    kes_kde_opts lo = *ko;
    lo.bandwidth = 1.0;
    lo.bandwidth_diag = NULL;
    lo.bandwidth_matrix = NULL;
    if ((s = kes_kde_create(P, n, k, n, &lo, &low))) goto done;
    for (int64_t a = 0; a < k; a++)
        for (int64_t b = 0; b < k; b++) Ik[a + b * k] = a == b ? 1.0 : 0.0;
    mctx lc = {low, k, Ik};
    if ((s = ascend(&lc, Z, m, max_iter, tol, lp, iters))) goto done;
    int64_t nz = merge_rows(Ik, k, Z, m, m, lp, merge_tol, wsp, ord);
    /* lift each projected mode: q_i = w_i k(|p_i - z|), in logs */
    double *r2 = wsp, *lk = wsp + n;
    for (int64_t q = 0; q < nz; q++) {
        for (int64_t i = 0; i < n; i++) {
            double t2 = 0.0;
            for (int64_t a = 0; a < k; a++) {
                double t = P[i + a * n] - Z[q + a * m];
                t2 += t * t;
            }
            r2[i] = t2;
        }
        kes__kde_log_profile(ko->kernel, ko->power, r2, lk, NULL, n);
        double mx = -INFINITY;
        for (int64_t i = 0; i < n; i++) {
            if (ko->weights) lk[i] = ko->weights[i] > 0.0 ? lk[i] + log(ko->weights[i]) : -INFINITY;
            mx = fmax(mx, lk[i]);
        }
        if (!(mx > -INFINITY)) continue; /* cannot happen for a mode of positive density */
        double den = 0.0;
        for (int64_t i = 0; i < n; i++) den += exp(lk[i] - mx);
        for (int64_t a = 0; a < d; a++) {
            double num = 0.0;
            for (int64_t i = 0; i < n; i++) num += exp(lk[i] - mx) * X[i + a * ldx];
            Y[q + a * m] = num / den;
        }
    }
    *mout = nz;
    s = KES_OK;
done:
    kes_kde_destroy(low);
    free(U);
    free(P);
    free(Z);
    free(Pi);
    free(lp);
    free(Uy);
    free(wsp);
    free(ord);
    free(Ik);
    return s;
}

kes_status kes_kde_modes(const double *X, int64_t n, int64_t d, int64_t ldx, const kes_kde_opts *ko,
                         const kes_kde_modes_opts *mo, kes_rng *rng, int64_t cap, double *modes, int64_t ldm,
                         double *logp, int64_t *nmodes, kes_kde_modes_stats *stats)
{
    kes_kde_opts kdef = kes_kde_opts_default();
    kes_kde_modes_opts mdef = kes_kde_modes_opts_default();
    if (!ko) ko = &kdef;
    if (!mo) mo = &mdef;
    if (!modes || !logp || !nmodes) return KES_EINVAL;
    if (cap < 1 || ldm < cap) return KES_EDIM;
    kes_status s = kes__kde_kernel_check(ko->kernel, ko->power);
    if (s) return s;
    if (!smooth_kernel(ko->kernel, ko->power)) return KES_ENOTSUP;
    if (mo->max_iter < 1) return KES_EDOM;
    if (isnan(mo->ascent_tol) || isnan(mo->grad_tol) || isnan(mo->merge_tol)) return KES_ENAN;
    if (!(mo->ascent_tol >= 0.0) || !(mo->grad_tol > 0.0) || !(mo->merge_tol >= 0.0) || isinf(mo->grad_tol))
        return KES_EDOM;
    if (mo->proj_dim < 0 || (mo->proj_dim > 0 && mo->proj_dim >= d && d >= 1)) return KES_EDIM;
    if (mo->proj_dim > 0 && !rng) return KES_EINVAL;
    const double *S = X;
    int64_t m = n, lds = ldx;
    if (mo->starts) {
        m = mo->nstarts;
        lds = mo->ldstarts;
        if (m < 1 || lds < m) return KES_EDIM;
        S = mo->starts;
    }
    kes_kde *kde = NULL;
    if ((s = kes_kde_create(X, n, d, ldx, ko, &kde))) return s;
    if (mo->starts)
        for (int64_t a = 0; a < d; a++)
            if (!kes__all_finite(S + a * lds, (size_t)m)) {
                kes_kde_destroy(kde);
                return KES_ENAN;
            }
    size_t md;
    if (kes__mul_size(m, d, &md) || md > SIZE_MAX / 4) {
        kes_kde_destroy(kde);
        return KES_ERANGE;
    }
    double *B = kes__malloc_n((size_t)d * (size_t)d, sizeof *B), *Y = kes__malloc_n(md, sizeof *Y);
    double *lp = kes__malloc_n((size_t)m, sizeof *lp), *gn = kes__malloc_n((size_t)m, sizeof *gn);
    double *u = kes__malloc_n(md * 2 + (size_t)m, sizeof *u);
    int64_t *ord = kes__malloc_n((size_t)m, sizeof *ord);
    s = KES_ENOMEM;
    if (!B || !Y || !lp || !gn || !u || !ord) goto done;
    kes_kde_bandwidth(kde, B);
    for (int64_t a = 0; a < d; a++)
        for (int64_t i = 0; i < m; i++) Y[i + a * m] = S[i + a * lds];
    mctx c = {kde, d, B};
    int64_t iters = 0, mc = m;
    if (mo->proj_dim > 0) {
        if ((s = project_stage(X, n, d, ldx, ko, B, Y, m, mo->proj_dim, mo->merge_tol, mo->max_iter, mo->ascent_tol,
                               rng, &mc, &iters)))
            goto done;
        /* the candidates sit in the first mc rows of Y (ld m); compact to ld mc */
        for (int64_t a = 0; a < d; a++)
            for (int64_t i = 0; i < mc; i++) u[i + a * mc] = Y[i + a * m];
        memcpy(Y, u, (size_t)mc * (size_t)d * sizeof *Y);
    }
    if ((s = ascend(&c, Y, mc, mo->max_iter, mo->ascent_tol, lp, &iters))) goto done;
    int64_t k = merge_rows(B, d, Y, mc, mc, lp, mo->merge_tol, u, ord);
    double *y = u;
    int64_t nconv = 0;
    double gmax = 0.0;
    for (int64_t q = 0; q < k; q++) {
        for (int64_t a = 0; a < d; a++) y[a] = Y[q + a * mc];
        if ((s = polish(&c, y, mo->grad_tol, lp + q, gn + q))) goto done;
        for (int64_t a = 0; a < d; a++) Y[q + a * mc] = y[a];
    }
    /* polishing can bring two candidates together: merge again, keeping the
     * gradient norms with their rows */
    int64_t k0 = k;
    double *gsave = kes__malloc_n((size_t)k0 + 1, sizeof *gsave);
    if (!gsave) goto done;
    memcpy(gsave, gn, (size_t)k0 * sizeof *gsave);
    k = merge_rows(B, d, Y, mc, k0, lp, mo->merge_tol, u, ord);
    for (int64_t q = 0; q < k; q++) gn[q] = gsave[ord[q]];
    free(gsave);
    int64_t kout = k < cap ? k : cap;
    for (int64_t q = 0; q < kout; q++) {
        for (int64_t a = 0; a < d; a++) modes[q + a * ldm] = Y[q + a * mc];
        logp[q] = lp[q];
        if (gn[q] <= mo->grad_tol) nconv++;
        gmax = fmax(gmax, gn[q]);
    }
    *nmodes = kout;
    if (stats) {
        stats->nfound = k;
        stats->iterations = iters;
        stats->nconverged = nconv;
        stats->max_grad = gmax;
    }
    s = nconv == kout ? KES_OK : KES_NOCONV;
done:
    kes_kde_destroy(kde);
    free(B);
    free(Y);
    free(lp);
    free(gn);
    free(u);
    free(ord);
    return s;
}
