/* Private state of the online omega tuners (src/linalg/tuner*.c). */
#ifndef KES_TUNER_INTERNAL_H
#define KES_TUNER_INTERNAL_H

#include "core/internal.h"
#include "kestrel/solvers.h"

/* Bounds on the option sizes, so that every allocation is small and a
 * hostile save file cannot ask for gigabytes. */
#define KES_TUNER_MAX_ARMS 4096
#define KES_TUNER_MAX_BINS 4096
#define KES_TUNER_MAX_CHEB 16

struct kes_tuner {
    kes_tuner_kind kind;
    kes_tuner_opts o;
    int d;              /* number of arms */
    double *grid;       /* d arm values */
    kes_rng rng;        /* private stream */
    int64_t t;          /* observed rounds */
    int pending;        /* a choose awaits its observe */
    int last_arm;       /* -1 before the first choose */
    int last_bin;       /* Tsallis-INF(-CB): state that made the pending choice */
    double p_arm;       /* probability with which last_arm was drawn */
    int64_t *counts;    /* d: observed rounds per arm */
    double *p;          /* d: workspace for probabilities */

    /* Tsallis-INF: nb independent states (1, or n_bins for the -CB kind). */
    int nb;
    double *K;          /* nb*d cumulative importance-weighted shifted losses */
    double *sumk;       /* nb: sum of raw costs seen by the state */
    int64_t *tb;        /* nb: rounds observed by the state */

    /* ChebCB (Khodak et al., ICLR 2024). */
    int m;
    double *G;          /* d*m*m unscaled Gram matrices Phi_i^T Phi_i */
    double *h;          /* d*m   Phi_i^T (k - offset) */
    double *yy;         /* d     sum (k - offset)^2 */
    double *theta;      /* d*m   coefficients (targets divided by S) */
    double *phi;        /* m     features of the pending choice */
    double *work;       /* 2m*m + 2m solver workspace */
    double eta, S, kmax, kmin, resnorm;
    double spp, spk, skk; /* sum pred^2, sum pred*k, sum k^2 */
    double pred;        /* theta_arm . phi at the pending choice */

    /* AUTO (tuner_auto.c). */
    double *ast;        /* d*KES_AUTO_STATS per arm: sum x, sum y, sum xy, sum xx, sum yy */
    int have_model;     /* a system is set: lam is its estimate */
    double lam;         /* lambda_min(D^-1/2 A D^-1/2) estimate of the current system */
    double pend_x;      /* x of the pending round */
    double pend_base;   /* predicted baseline cost of the pending round */
    double acc_paid;    /* cost paid since the first baseline round */
    double acc_base;    /* predicted baseline cost of the same rounds */
    int have_ref;       /* the last Lanczos run's system is recorded */
    int64_t ref_hash, ref_n, ref_nnz, lanczos_runs;
    double ref_f[6];    /* its fingerprints (off-diagonal, diagonal) */
    double ref_lam;     /* its lambda estimate */
};

/* Shared helpers. */
int kes__tuner_sample(kes_rng *rng, const double *p, int d);
/* Raise every entry of a probability vector (sum 1 up to rounding) to at
 * least KES_TUNER_PROB_MIN and renormalise when anything was raised (a
 * vector that needs no floor is left bit for bit as it was).  Inline so
 * that the learners' own test programs, which compile one learner file
 * alone, have it too. */
static inline void tuner_floor_probs(double *p, int d)
{
    int raised = 0;
    for (int i = 0; i < d; i++)
        if (!(p[i] >= KES_TUNER_PROB_MIN)) { /* NaN included, as a last line of defence */
            p[i] = KES_TUNER_PROB_MIN;
            raised = 1;
        }
    if (!raised) return;
    double sum = 0.0;
    for (int i = 0; i < d; i++) sum += p[i];
    for (int i = 0; i < d; i++) p[i] /= sum;
}
double kes__tuner_context_z(const kes_tuner *t, double c);

/* Tsallis-INF (tuner_tsallis.c). */
/* Solve sum_i 4/(eta (K_i/s - x))^2 = 1 for x by Newton's method safeguarded
 * by the bracket eta (x - min K/s) in [-2 sqrt(d), -2]; writes the
 * normalised probabilities to p and returns the sum before normalisation
 * (1 to within about 1e-13).  Any eta > 0 (subnormal included) and s > 0;
 * K finite.  Entries may underflow to 0: callers floor them. */
double kes__tsallis_normalise(const double *K, int d, double eta, double s, double *p);
void kes__tsallis_probs(const kes_tuner *t, int bin, double *p);
int kes__tsallis_bin(const kes_tuner *t, double context);
void kes__tsallis_observe(kes_tuner *t, double cost);

/* AUTO (tuner_auto.c). */
#define KES_AUTO_ARMS 13
#define KES_AUTO_PRIOR 10 /* the arm that plays the spectral prior (g = 1) */
#define KES_AUTO_STATS 5
extern const double kes__auto_g[KES_AUTO_ARMS];
double kes__auto_baseline(const kes_tuner *t);
void kes__auto_grid(kes_tuner *t);
double kes__auto_x(const kes_tuner *t);
int kes__auto_decide(const kes_tuner *t, double *base_cost);
void kes__auto_observe(kes_tuner *t, double cost);
kes_status kes__auto_set_system(kes_tuner *t, const kes_csr *A);

/* ChebCB (tuner_chebcb.c). */
void kes__cheb_features(double z, int m, double *phi);
void kes__cheb_probs(const kes_tuner *t, const double *phi, double *p);
void kes__cheb_observe(kes_tuner *t, double cost);
/* The cost scale S = K N of the current kmax/kmin (t->t > 0 or a pending
 * observe) and the spread kmax - kmin. */
double kes__cheb_scale(const kes_tuner *t, double *spread, double *N);

#endif
