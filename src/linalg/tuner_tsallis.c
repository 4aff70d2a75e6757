/*
 * Tsallis-INF (Zimmert & Seldin, "Tsallis-INF: An Optimal Algorithm for
 * Stochastic and Adversarial Bandits", JMLR 2021) with alpha = 1/2, as used by
 * Khodak, Chow, Balcan & Talwalkar ("Learning to Relax", ICLR 2024) to tune
 * omega: eta_t = 2/sqrt(t), unbiased estimates of the shifted loss k - 1 and
 * a running scale s = mean(k) - 1.  The loss estimate is Zimmert &
 * Seldin's reduced-variance one by default and Khodak et al.'s
 * importance-weighted one on request (kes_tuner_estimator).
 * The binned contextual variant (Tsallis-INF-CB) keeps one state per bin.
 */
#include "linalg/tuner_internal.h"

/* The normaliser x solves f(x) = sum_i 4/(eta (u_i - x))^2 - 1 = 0 with
 * u_i = K_i/s.  We work with w = eta (x - min u) and the gaps
 * g_i = (K_i - min K)/s >= 0, so that p_i = 4/(eta g_i - w)^2 and the root
 * lies in [-2 sqrt(d), -2]: at the right end the best arm alone has p = 1,
 * at the left end every p_i <= 1/d.  In this form no quantity grows like
 * 1/eta, so any eta > 0 works, subnormal ones included (they give nearly
 * uniform p), and a gap that overflows only sends its p_i to 0.  f is
 * convex and increasing in w on w < 0 with f'(w) = sum p_i^(3/2), so Newton
 * started at the right end moves left monotonically onto the root; the
 * bracket is kept anyway and a step that leaves it is replaced by bisection
 * (a safeguard against rounding, never needed in exact arithmetic).  At most
 * 50 steps.  Khodak et al. start at x = -1 with 20 plain Newton steps, which
 * can overshoot past the singularity; this cannot. */
double kes__tsallis_normalise(const double *K, int d, double eta, double s, double *p)
{
    double kmin = INFINITY;
    for (int i = 0; i < d; i++) kmin = fmin(kmin, K[i]);
    double lo = -2.0 * sqrt((double)d), hi = -2.0;
    double w = hi, sum = 0.0;
    for (int it = 0; it < 50; it++) {
        double s32 = 0.0;
        sum = 0.0;
        for (int i = 0; i < d; i++) {
            double g = eta * ((K[i] - kmin) / s) - w;
            double pi = 4.0 / (g * g);
            p[i] = pi;
            sum += pi;
            s32 += pi * sqrt(pi);
        }
        double f = sum - 1.0;
        if (fabs(f) <= 1e-14) break;
        if (f > 0) hi = w; else lo = w;
        double wnew = w - f / s32;
        if (!(wnew > lo && wnew < hi)) wnew = 0.5 * (lo + hi);
        if (fabs(wnew - w) <= 1e-15 * fabs(w)) {
            w = wnew;
            break;
        }
        w = wnew;
    }
    /* Recompute at the final w so that the returned sum matches p. */
    sum = 0.0;
    for (int i = 0; i < d; i++) {
        double g = eta * ((K[i] - kmin) / s) - w;
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

/* Learning rate and loss scale of state `bin` for its next round
 * (t = rounds + 1).  Returns 1 when s is the measured mean shifted loss,
 * 0 when it is the fallback 1 (no round yet, or every cost at or below the
 * offset, where the authors' code would divide by 0). */
static int eta_scale(const kes_tuner *t, int bin, double *eta, double *s)
{
    int64_t tb = t->tb[bin];
    *eta = t->o.eta >= 0 ? t->o.eta : 2.0 / sqrt((double)tb + 1.0);
    *s = 1.0;
    if (tb > 0) {
        double mean = t->sumk[bin] / (double)tb - t->o.cost_offset;
        if (mean > 0) {
            *s = mean;
            return 1;
        }
    }
    return 0;
}

void kes__tsallis_probs(const kes_tuner *t, int bin, double *p)
{
    const int d = t->d;
    double eta, s;
    eta_scale(t, bin, &eta, &s);
    if (eta == 0.0) {
        for (int i = 0; i < d; i++) p[i] = 1.0 / d;
        return;
    }
    kes__tsallis_normalise(t->K + (size_t)bin * d, d, eta, s, p);
    tuner_floor_probs(p, d);
}

/* Called before the state of the pending round changes, so eta_scale and
 * t->p (written by the choose, or recomputed by load) are those the choice
 * was drawn with. */
void kes__tsallis_observe(kes_tuner *t, double cost)
{
    const int bin = t->last_bin, d = t->d;
    double *K = t->K + (size_t)bin * d;
    const double l = cost - t->o.cost_offset;
    double eta, s;
    if (t->o.estimator == KES_ESTIMATOR_REDUCED_VARIANCE && eta_scale(t, bin, &eta, &s)) {
        /* Zimmert & Seldin's baseline B = 1/2 on the loss divided by s, i.e.
         * s/2 here, for arms with p_i >= eta^2.  Subtracting a baseline
         * before the division by p_i and adding it back to every arm keeps
         * the estimate unbiased while the variance of the played arms falls
         * from l^2 (1 - p)/p to (l - B)^2 (1 - p)/p.  Without a measured
         * scale (first round, or no loss seen yet) there is no baseline. */
        const double B = 0.5 * s, thr = eta * eta;
        for (int i = 0; i < d; i++)
            if (t->p[i] >= thr) K[i] += B;
        K[t->last_arm] += (l - (t->p_arm >= thr ? B : 0.0)) / t->p_arm;
    } else {
        K[t->last_arm] += l / t->p_arm;
    }
    t->sumk[bin] += cost;
    t->tb[bin] += 1;
}
