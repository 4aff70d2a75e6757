/*
 * Tsallis-INF (Zimmert & Seldin, "Tsallis-INF: An Optimal Algorithm for
 * Stochastic and Adversarial Bandits", JMLR 2021) with alpha = 1/2, as used by
 * Khodak et al. (ICLR 2024, learners/TsallisINF.m) to tune omega: eta_t =
 * 2/sqrt(t), importance-weighted estimates of the shifted loss k - 1 and a
 * running scale s = mean(k) - 1 (reference sor.md sections 1.2, 1.4, 5.4).
 * The binned contextual variant (Tsallis-INF-CB) keeps one state per bin.
 */
#include "linalg/tuner_internal.h"

/* The normaliser x solves f(x) = sum_i 4/(eta (u_i - x))^2 - 1 = 0 with
 * u_i = K_i/s.  We shift by m = min u_i, so the unknown y = x - m lies in
 * [-2 sqrt(d)/eta, -2/eta]: at the right end the best arm alone has p = 1,
 * at the left end every p_i <= 1/d.  f is convex and increasing on y < 0, so
 * Newton started at the right end moves left monotonically onto the root;
 * the bracket is kept anyway and a step that leaves it is replaced by
 * bisection (a safeguard against rounding, never needed in exact
 * arithmetic).  The authors start at x = -1 with 20 plain Newton steps,
 * which can overshoot past the singularity; this cannot. */
double kes__tsallis_normalise(const double *K, int d, double eta, double s, double *p)
{
    double m = INFINITY;
    for (int i = 0; i < d; i++) m = fmin(m, K[i] / s);
    double lo = -2.0 * sqrt((double)d) / eta, hi = -2.0 / eta;
    double y = hi, sum = 0.0;
    for (int it = 0; it < 50; it++) {
        double s32 = 0.0;
        sum = 0.0;
        for (int i = 0; i < d; i++) {
            double g = eta * (K[i] / s - m - y);
            double pi = 4.0 / (g * g);
            p[i] = pi;
            sum += pi;
            s32 += pi * sqrt(pi);
        }
        double f = sum - 1.0;
        if (fabs(f) <= 1e-14) break;
        if (f > 0) hi = y; else lo = y;
        double step = f / (eta * s32);
        double ynew = y - step;
        if (!(ynew > lo && ynew < hi)) ynew = 0.5 * (lo + hi);
        if (fabs(ynew - y) <= 1e-15 * (1.0 + fabs(y))) {
            y = ynew;
            break;
        }
        y = ynew;
    }
    /* Recompute at the final y so that the returned sum matches p. */
    sum = 0.0;
    for (int i = 0; i < d; i++) {
        double g = eta * (K[i] / s - m - y);
        p[i] = 4.0 / (g * g);
        sum += p[i];
    }
    for (int i = 0; i < d; i++) p[i] /= sum;
    return sum;
}

int kes__tsallis_bin(const kes_tuner *t, double context)
{
    if (t->nb == 1) return 0;
    /* Nearest of the centres a + (b - a)(j + 1/2)/B is the bin containing c. */
    double a = t->o.context_min, b = t->o.context_max;
    double f = (context - a) / (b - a) * t->nb;
    int j = (int)floor(f);
    if (j < 0) j = 0;
    if (j >= t->nb) j = t->nb - 1;
    return j;
}

/* Probabilities of state `bin` for its next round (t = rounds + 1). */
void kes__tsallis_probs(const kes_tuner *t, int bin, double *p)
{
    const int d = t->d;
    const double *K = t->K + (size_t)bin * d;
    int64_t tb = t->tb[bin];
    double eta = t->o.eta >= 0 ? t->o.eta : 2.0 / sqrt((double)(tb + 1));
    double s = 1.0;
    if (tb > 0) {
        s = t->sumk[bin] / (double)tb - t->o.cost_offset;
        if (!(s > 0)) s = 1.0; /* all costs at the offset: the authors' code would divide by 0 */
    }
    if (eta == 0.0) {
        for (int i = 0; i < d; i++) p[i] = 1.0 / d;
        return;
    }
    kes__tsallis_normalise(K, d, eta, s, p);
}

void kes__tsallis_observe(kes_tuner *t, double cost)
{
    int bin = t->last_bin;
    t->sumk[bin] += cost;
    t->tb[bin] += 1;
    t->K[(size_t)bin * t->d + t->last_arm] += (cost - t->o.cost_offset) / t->p_arm;
}
