/*
 * ChebCB: the contextual bandit of Khodak, Chow, Balcan & Talwalkar
 * ("Learning to Relax", ICLR 2024), a SquareCB-style learner (Foster &
 * Rakhlin, "Beyond UCB", ICML 2020): per arm, a least-squares regression of
 * the scaled cost on Chebyshev polynomials of a scalar context, and
 * inverse-gap weighting of the arms by the predicted costs.  The constants
 * are those of Khodak et al.: m = 6 features, scale S = K N with K = max
 * cost and N = 2 + 4 (b - a) Lc / K (1 + ln m), the box |theta_0| <= 1/N,
 * |theta_j| <= 2 (b - a) Lc / (S j), and the adaptive
 * eta = 2t sqrt(d t / (R - resnorm + 2 alpha^2 t)).  Lc = (kmax - kmin) /
 * (b - a) only ever appears multiplied by b - a, so the code uses the spread
 * kmax - kmin, which cannot overflow for a tiny context interval.
 *
 * Two deliberate deviations, both for costs the authors never fed it:
 *  - K = max(kmax, cost_offset) rather than kmax, so that every target
 *    (k - offset)/S lies in [-1/2, 1/2] even when costs fall below the
 *    offset (equal to the authors' K whenever some cost >= offset, as with
 *    iteration counts and offset 1);
 *  - resnorm is the constrained residual of the arm just played (0 when its
 *    fit is inside the box).  The authors keep the residual of whichever
 *    arm was refitted last in index order, which in rounds where the scale
 *    changes is an unrelated arm; in the other rounds only the played arm is
 *    refitted, so both rules agree there.
 *
 * The normal equations are kept unscaled (G = Phi^T Phi, h = Phi^T (k - 1)),
 * so a change of S costs O(d m^3), not a pass over the history.
 */
#include <float.h>

#include "linalg/tuner_internal.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

void kes__cheb_features(double z, int m, double *phi)
{
    phi[0] = 1.0;
    if (m > 1) phi[1] = z;
    for (int j = 2; j < m; j++) phi[j] = 2.0 * z * phi[j - 1] - phi[j - 2];
}

static double dotm(const double *a, const double *b, int m)
{
    double s = 0.0;
    for (int j = 0; j < m; j++) s += a[j] * b[j];
    return s;
}

/* Inverse-gap weighting (Abe & Long 1999; Foster & Rakhlin 2020):
 * p_i = 1/(d + eta (yhat_i - yhat_*)) off the greedy arm, the rest on it.
 * Every p_i >= 1/(d + eta gap) > 0 and the greedy arm keeps >= 1/d. */
void kes__cheb_probs(const kes_tuner *t, const double *phi, double *p)
{
    const int d = t->d, m = t->m;
    int best = 0;
    double ybest = INFINITY;
    for (int i = 0; i < d; i++) {
        p[i] = dotm(t->theta + (size_t)i * m, phi, m);
        if (p[i] < ybest) {
            ybest = p[i];
            best = i;
        }
    }
    double rest = 0.0;
    for (int i = 0; i < d; i++) {
        if (i == best) continue;
        p[i] = 1.0 / (d + t->eta * (p[i] - ybest));
        rest += p[i];
    }
    p[best] = 1.0 - rest;
    tuner_floor_probs(p, d);
}

/* Solve A x = rhs for SPD A (n x n, row-major) by Cholesky; L is n*n
 * workspace.  Pivots are floored at tiny so that rounding in a nearly
 * singular A cannot produce a NaN. */
static void chol_solve(const double *A, const double *rhs, int n, double tiny, double *L, double *x)
{
    for (int j = 0; j < n; j++) {
        for (int k = 0; k <= j; k++) {
            double s = A[j * n + k];
            for (int l = 0; l < k; l++) s -= L[j * n + l] * L[k * n + l];
            if (j == k) L[j * n + j] = sqrt(s > tiny ? s : tiny);
            else L[j * n + k] = s / L[k * n + k];
        }
    }
    for (int j = 0; j < n; j++) {
        double s = rhs[j];
        for (int l = 0; l < j; l++) s -= L[j * n + l] * x[l];
        x[j] = s / L[j * n + j];
    }
    for (int j = n - 1; j >= 0; j--) {
        double s = x[j];
        for (int l = j + 1; l < n; l++) s -= L[l * n + j] * x[l];
        x[j] = s / L[j * n + j];
    }
}

/* The ridge 1e-10 tr(G) turns the singular normal equations of an arm with
 * few rounds into a nearly-minimum-norm solution, standing in for MATLAB's
 * lsqminnorm; writes G + ridge I into Greg (m*m). */
static double regularise(const double *G, int m, double *Greg)
{
    double tr = 0.0;
    for (int j = 0; j < m; j++) tr += G[j * m + j];
    double reg = 1e-10 * (tr > 0 ? tr : 1.0);
    for (int j = 0; j < m * m; j++) Greg[j] = G[j];
    for (int j = 0; j < m; j++) Greg[j * m + j] += reg;
    return reg;
}

static double clip(double x, double ub) { return x > ub ? ub : (x < -ub ? -ub : x); }

/* Box-constrained least squares: minimise 1/2 theta^T Greg theta -
 * rhs^T theta subject to |theta_j| <= ub_j (this replaces the authors'
 * lsqlin).  Primal active-set method for a strictly convex QP (Nocedal &
 * Wright, "Numerical Optimization", 2nd ed., section 16.5): solve on the
 * free variables, step back to the first bound crossed and fix it, or, at
 * the minimiser of the working set, release the bound with the most
 * negative multiplier.  Exact in a few steps for m = 6, and at most
 * 20 m + 20 working-set changes.  Projected coordinate descent is the
 * simpler alternative, but on Gram matrices of Chebyshev features sampled
 * on a sub-interval (condition numbers near 1e10) it stops at any sensible
 * sweep cap far from the minimiser. */
static void box_qp(const double *Greg, const double *rhs, const double *ub, int m, double tiny, double *th)
{
    double Gs[KES_TUNER_MAX_CHEB * KES_TUNER_MAX_CHEB], L[KES_TUNER_MAX_CHEB * KES_TUNER_MAX_CHEB];
    double r[KES_TUNER_MAX_CHEB], z[KES_TUNER_MAX_CHEB];
    int state[KES_TUNER_MAX_CHEB], F[KES_TUNER_MAX_CHEB] = {0}; /* state: 0 free, +1 at upper, -1 at lower bound */
    for (int j = 0; j < m; j++) {
        th[j] = clip(th[j], ub[j]);
        state[j] = th[j] >= ub[j] ? 1 : (th[j] <= -ub[j] ? -1 : 0);
    }
    for (int iter = 0; iter < 20 * m + 20; iter++) {
        int nf = 0;
        for (int j = 0; j < m; j++)
            if (!state[j]) F[nf++] = j;
        for (int a = 0; a < nf; a++) {
            double s = rhs[F[a]];
            for (int k = 0; k < m; k++)
                if (state[k]) s -= Greg[F[a] * m + k] * th[k];
            r[a] = s;
            for (int c = 0; c < nf; c++) Gs[a * nf + c] = Greg[F[a] * m + F[c]];
        }
        if (nf > 0) chol_solve(Gs, r, nf, tiny, L, z);
        /* Ratio test: the longest step towards z that stays in the box. */
        double alpha = 1.0;
        int block = -1;
        for (int a = 0; a < nf; a++) {
            int j = F[a];
            double d = z[a] - th[j];
            if (z[a] > ub[j] && d > 0 && (ub[j] - th[j]) / d < alpha) alpha = (ub[j] - th[j]) / d, block = j;
            if (z[a] < -ub[j] && d < 0 && (-ub[j] - th[j]) / d < alpha) alpha = (-ub[j] - th[j]) / d, block = j;
        }
        for (int a = 0; a < nf; a++) th[F[a]] += alpha * (z[a] - th[F[a]]);
        if (block >= 0) {
            state[block] = th[block] > 0 ? 1 : -1;
            th[block] = state[block] * ub[block];
            continue;
        }
        /* Minimiser on the working set: check the multipliers of the bounds. */
        int worst = -1;
        double viol = 0.0;
        for (int j = 0; j < m; j++) {
            if (!state[j]) continue;
            double g = -rhs[j];
            for (int k = 0; k < m; k++) g += Greg[j * m + k] * th[k];
            double v = state[j] > 0 ? g : -g; /* > 0: moving off the bound lowers the objective */
            if (v > viol) viol = v, worst = j;
        }
        if (worst < 0) break;
        state[worst] = 0;
    }
}

double kes__cheb_scale(const kes_tuner *t, double *spread, double *N)
{
    double K = fmax(t->kmax, t->o.cost_offset);
    if (!(K > 0)) K = 1.0; /* all costs and the offset 0 (seconds rounding to 0): any scale works */
    *spread = t->kmax - t->kmin;
    *N = 2.0 + 4.0 * (*spread / K) * (1.0 + log((double)t->m));
    return K * *N;
}

void kes__cheb_observe(kes_tuner *t, double cost)
{
    const int d = t->d, m = t->m, arm = t->last_arm;
    const double off = t->o.cost_offset;
    const double y = cost - off;
    double *G = t->G + (size_t)arm * m * m, *h = t->h + (size_t)arm * m;
    for (int j = 0; j < m; j++) {
        h[j] += t->phi[j] * y;
        for (int k = 0; k < m; k++) G[j * m + k] += t->phi[j] * t->phi[k];
    }
    t->yy[arm] += y * y;
    t->spp += t->pred * t->pred;
    t->spk += t->pred * cost;
    t->skk += cost * cost;
    t->kmax = fmax(t->kmax, cost);
    t->kmin = fmin(t->kmin, cost);
    int64_t tt = t->t + 1; /* rounds including this one; t->t is advanced by the caller (< INT64_MAX) */

    double spread, N;
    double Snew = kes__cheb_scale(t, &spread, &N);
    int refit_all = Snew != t->S;
    t->S = Snew;
    double *ub = t->work + 2 * m * m, *rhs = ub + m;
    ub[0] = 1.0 / N;
    for (int j = 1; j < m; j++) {
        ub[j] = 2.0 * spread / (t->S * j);
        if (!(ub[j] > 0)) ub[j] = 1e-300;
    }
    t->resnorm = 0.0;
    for (int i = 0; i < d; i++) {
        if (t->counts[i] == 0 && i != arm) continue;
        if (!refit_all && i != arm) continue;
        const double *Gi = t->G + (size_t)i * m * m, *hi = t->h + (size_t)i * m;
        double *th = t->theta + (size_t)i * m;
        for (int j = 0; j < m; j++) rhs[j] = hi[j] / t->S;
        double *Greg = t->work;
        double reg = regularise(Gi, m, Greg);
        chol_solve(Greg, rhs, m, reg, Greg + m * m, th);
        int outside = 0;
        for (int j = 0; j < m; j++) outside |= !(fabs(th[j]) <= ub[j]);
        if (!outside) continue;
        box_qp(Greg, rhs, ub, m, reg, th);
        /* The box always holds afterwards, even if rounding in a nearly
         * singular fit produced a non-finite coefficient: the predictions
         * (hence spp and the probabilities) stay bounded by m. */
        for (int j = 0; j < m; j++)
            if (!(fabs(th[j]) <= ub[j])) th[j] = isnan(th[j]) ? 0.0 : copysign(ub[j], th[j]);
        if (i != arm) continue;
        double q = 0.0;
        for (int j = 0; j < m; j++) {
            double gj = 0.0;
            for (int k = 0; k < m; k++) gj += Gi[j * m + k] * th[k];
            q += th[j] * (gj - 2.0 * rhs[j]);
        }
        t->resnorm = q + t->yy[i] / (t->S * t->S);
    }
    if (t->o.eta >= 0) {
        t->eta = t->o.eta;
        return;
    }
    double alpha = (M_PI + (2.0 / M_PI) * log(2.0 * m + 1.0)) / (2.0 * t->S * (m + 1)) * spread;
    /* R = sum_s (pred_s - k_s/S)^2: the authors compare predictions of
     * (k - 1)/S with k/S; the offset is kept, as in their code, because it
     * is part of what sets eta's growth. */
    double R = t->spp - 2.0 * t->spk / t->S + t->skk / (t->S * t->S);
    double den = R - t->resnorm + 2.0 * alpha * alpha * (double)tt;
    /* fmin keeps eta finite (and eta * 0 a number) when den underflows. */
    double q = fmin((double)d * (double)tt / fmax(den, 1e-300), DBL_MAX);
    t->eta = 2.0 * (double)tt * sqrt(q);
}
