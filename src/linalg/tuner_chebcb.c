/*
 * ChebCB: the contextual bandit of Khodak et al. (ICLR 2024,
 * learners/ChebCB.m), a SquareCB-style learner (Foster & Rakhlin, "Beyond
 * UCB", ICML 2020): per arm, a least-squares regression of the scaled cost on
 * Chebyshev polynomials of a scalar context, and inverse-gap weighting of the
 * arms by the predicted costs.  Every constant follows reference sor.md
 * section 5.5: m = 6 features, scale S = K N with K = max cost and
 * N = 2 + 4 (b - a) Lc / K (1 + ln m), the box |theta_0| <= 1/N,
 * |theta_j| <= 2 (b - a) Lc / (S j), and the adaptive
 * eta = 2t sqrt(d t / (R - resnorm + 2 alpha^2 t)).
 *
 * The normal equations are kept unscaled (G = Phi^T Phi, h = Phi^T (k - 1)),
 * so a change of S costs O(d m^3), not a pass over the history.
 */
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
}

/* Solve (G + 1e-10 tr(G) I) theta = rhs by Cholesky.  The tiny ridge turns
 * the singular normal equations of an arm with few rounds into a
 * nearly-minimum-norm solution, standing in for MATLAB's lsqminnorm. */
static void ridge_solve(const double *G, const double *rhs, int m, double *L, double *theta)
{
    double tr = 0.0;
    for (int j = 0; j < m; j++) tr += G[j * m + j];
    double reg = 1e-10 * (tr > 0 ? tr : 1.0);
    for (int j = 0; j < m; j++) {
        for (int k = 0; k <= j; k++) {
            double s = G[j * m + k] + (j == k ? reg : 0.0);
            for (int l = 0; l < k; l++) s -= L[j * m + l] * L[k * m + l];
            if (j == k) L[j * m + j] = sqrt(s > reg ? s : reg);
            else L[j * m + k] = s / L[k * m + k];
        }
    }
    for (int j = 0; j < m; j++) {
        double s = rhs[j];
        for (int l = 0; l < j; l++) s -= L[j * m + l] * theta[l];
        theta[j] = s / L[j * m + j];
    }
    for (int j = m - 1; j >= 0; j--) {
        double s = theta[j];
        for (int l = j + 1; l < m; l++) s -= L[l * m + j] * theta[l];
        theta[j] = s / L[j * m + j];
    }
}

static double clip(double x, double ub) { return x > ub ? ub : (x < -ub ? -ub : x); }

/* Box-constrained least squares min theta^T G theta - 2 theta^T rhs,
 * |theta_j| <= ub_j, by projected coordinate descent (a convex quadratic
 * over a box: each coordinate minimiser is the clipped unconstrained one,
 * and the sweep converges to the constrained minimiser; it replaces the
 * authors' lsqlin).  Warm-started from the clipped unconstrained solution. */
static void box_ls(const double *G, const double *rhs, const double *ub, int m, double *theta)
{
    for (int j = 0; j < m; j++) theta[j] = clip(theta[j], ub[j]);
    for (int sweep = 0; sweep < 500; sweep++) {
        double change = 0.0;
        for (int j = 0; j < m; j++) {
            double gjj = G[j * m + j], old = theta[j], nv;
            if (gjj > 0) {
                double s = rhs[j];
                for (int k = 0; k < m; k++)
                    if (k != j) s -= G[j * m + k] * theta[k];
                nv = clip(s / gjj, ub[j]);
            } else {
                nv = 0.0; /* G PSD with zero diagonal: the column is zero, theta_j is free */
            }
            theta[j] = nv;
            change = fmax(change, fabs(nv - old));
        }
        if (change < 1e-13) break;
    }
}

void kes__cheb_observe(kes_tuner *t, double cost)
{
    const int d = t->d, m = t->m, arm = t->last_arm;
    const double a = t->o.context_min, b = t->o.context_max, off = t->o.cost_offset;
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
    int64_t tt = t->t + 1; /* rounds including this one; t->t is advanced by the caller */

    double K = t->kmax > 0 ? t->kmax : 1.0; /* all costs 0 (seconds rounding to 0): any scale works */
    double Lc = (t->kmax - t->kmin) / (b - a);
    double N = 2.0 + 4.0 * (b - a) * Lc / K * (1.0 + log((double)m));
    double Snew = K * N;
    int refit_all = Snew != t->S;
    t->S = Snew;
    double *ub = t->work + m * m, *rhs = ub + m;
    ub[0] = 1.0 / N;
    for (int j = 1; j < m; j++) {
        ub[j] = 2.0 * (b - a) * Lc / (t->S * j);
        if (!(ub[j] > 0)) ub[j] = 1e-300;
    }
    t->resnorm = 0.0;
    for (int i = 0; i < d; i++) {
        if (t->counts[i] == 0 && i != arm) continue;
        if (!refit_all && i != arm) continue;
        const double *Gi = t->G + (size_t)i * m * m, *hi = t->h + (size_t)i * m;
        double *th = t->theta + (size_t)i * m;
        for (int j = 0; j < m; j++) rhs[j] = hi[j] / t->S;
        ridge_solve(Gi, rhs, m, t->work, th);
        int outside = 0;
        for (int j = 0; j < m; j++) outside |= fabs(th[j]) > ub[j];
        if (outside) {
            box_ls(Gi, rhs, ub, m, th);
            double q = 0.0;
            for (int j = 0; j < m; j++) {
                double gj = 0.0;
                for (int k = 0; k < m; k++) gj += Gi[j * m + k] * th[k];
                q += th[j] * (gj - 2.0 * rhs[j]);
            }
            t->resnorm = q + t->yy[i] / (t->S * t->S);
        }
    }
    if (t->o.eta >= 0) {
        t->eta = t->o.eta;
        return;
    }
    double alpha = (M_PI + (2.0 / M_PI) * log(2.0 * m + 1.0)) / (2.0 * t->S * (m + 1)) * (b - a) * Lc;
    /* R = sum_s (pred_s - k_s/S)^2: the authors compare predictions of
     * (k - 1)/S with k/S; the offset is kept, as in their code, because it
     * is part of what sets eta's growth. */
    double R = t->spp - 2.0 * t->spk / t->S + t->skk / (t->S * t->S);
    double den = R - t->resnorm + 2.0 * alpha * alpha * (double)tt;
    t->eta = 2.0 * (double)tt * sqrt((double)d * (double)tt / fmax(den, 1e-300));
}
