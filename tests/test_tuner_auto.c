/* Tests for src/linalg/tuner_auto.c: KES_TUNER_AUTO and
 * kes_tuner_set_system (the spectral prior, the arms, the conservative
 * learner, errors, save/load). */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver_fixtures.h"

#define NA 13
#define PRIOR 10

static kes_tuner *new_auto(const kes_tuner_opts *o, uint64_t seed)
{
    kes_rng rng;
    kes_rng_init(&rng, seed, 0);
    kes_tuner *t = NULL;
    cr_assert_eq(kes_tuner_create(KES_TUNER_AUTO, o, &rng, &t), KES_OK);
    return t;
}

/* Young's optimum for the Jacobi radius 1 - lam. */
static double young_of_lambda(double lam) { return 2.0 / (1.0 + sqrt(lam * (2.0 - lam))); }

static double prior_omega(const kes_tuner *t)
{
    double w[NA];
    cr_assert_eq(kes_tuner_n_arms(t), NA);
    cr_assert_eq(kes_tuner_arms(t, w), KES_OK);
    return w[PRIOR];
}

/* The prior arm is Young's omega of the Lanczos estimate of lambda_min(D^-1/2
 * A D^-1/2).  For the 5-point Laplacian lambda = 1 - cos(pi/(m+1)) exactly.
 * Lanczos stops once the Ritz residual r is below 1e-3 of the smallest Ritz
 * value theta and returns theta - r; lambda_min also lies in [theta - r,
 * theta] (the Ritz value is an upper bound and an eigenvalue lies within r),
 * so the estimate is within 2e-3 lambda of lambda, and since omega is
 * monotone in lambda the prior lies between Young's omega at lambda (1 +-
 * 2e-3).  m = 10 (n = 100) is below the step cap, so Lanczos ends on an
 * invariant subspace; m = 30 (n = 900) stops on the residual. */
Test(tuner_auto, prior_is_young_on_laplacian)
{
    const int ms[2] = {10, 30};
    for (int k = 0; k < 2; k++) {
        kes_csr *A = fx_laplacian(ms[k], 0.0);
        kes_tuner *t = new_auto(NULL, 1);
        cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
        double lam = 1.0 - cos(M_PI / (ms[k] + 1)), w = prior_omega(t);
        cr_assert(w >= young_of_lambda(lam * (1 + 2e-3)) && w <= young_of_lambda(lam * (1 - 2e-3)),
                  "m = %d: prior %.6f, Young %.6f", ms[k], w, young_of_lambda(lam));
        /* The family A + c I of E1 (diagonal 4 + c, so A + (c/4) diag(A)) is
         * recognised and evaluated in closed form: rho_J = 4 cos(pi/(m+1)) /
         * (4 + c), within the same relative tolerance on lambda (the error
         * of lambda_0 maps to an error in 1 - lambda_t that is smaller). */
        const double cs[3] = {0.3, -0.01, 2.0};
        for (int j = 0; j < 3; j++) {
            kes_csr *B = fx_laplacian(ms[k], cs[j]);
            cr_assert_eq(kes_tuner_set_system(t, B), KES_OK);
            double rho = 4.0 * cos(M_PI / (ms[k] + 1)) / (4.0 + cs[j]), lt = 1.0 - rho;
            double tol = 2e-3 * lam / (1.0 + cs[j] / 4.0); /* |d lambda_t| = |d lambda_0| / r */
            w = prior_omega(t);
            cr_assert(w >= young_of_lambda(lt + tol) && w <= young_of_lambda(lt - tol), "m = %d c = %g: %.6f vs %.6f",
                      ms[k], cs[j], w, young_of_lambda(lt));
            /* scaling the whole matrix changes nothing */
            for (int64_t q = 0; q < B->nnz; q++) B->val[q] *= 1e3;
            cr_assert_eq(kes_tuner_set_system(t, B), KES_OK);
            cr_assert_float_eq(prior_omega(t), w, 1e-12);
            kes_csr_destroy(B);
        }
        kes_tuner_destroy(t);
        kes_csr_destroy(A);
    }
}

/* A heat sequence that starts near the identity (A = I - a L with a tiny:
 * a Crank-Nicolson step of small diffusivity or time step) and then turns
 * hard.  The near-identity member is the family's first Lanczos reference;
 * its lambda_0 is known to 1e-3 of itself, which cannot resolve 1 -
 * lambda_0 ~ 8a, and the closed form would carry that error divided by r
 * (~1e-3 / (8a) here) onto the hard member, whose lambda is ~1e-2: the
 * prior would land at omega_max.  AUTO must see that the carried error
 * exceeds lambda_t, run Lanczos on the hard member and give its Young
 * omega within the band of prior_is_young_on_laplacian (lambda to 2e-3).
 * fx_laplacian(m, c) = 4 + c on the diagonal, -1 off it, is I - a L up to
 * a scale (c = 1/a), and the prior is scale-invariant. */
Test(tuner_auto, near_identity_reference_does_not_mislead)
{
    const int m = 30;
    const double cs[3] = {1e4, 0.02, 3e3}; /* a = 1e-4, then a = 50, then a easy member again */
    kes_tuner *t = new_auto(NULL, 21);
    for (int j = 0; j < 3; j++) {
        kes_csr *A = fx_laplacian(m, cs[j]);
        cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
        double lam = 1.0 - 4.0 * cos(M_PI / (m + 1)) / (4.0 + cs[j]), w = prior_omega(t);
        /* lambda is capped at 1 (omega = 1) */
        cr_assert(w >= young_of_lambda(fmin(lam * (1 + 2e-3), 1.0)) && w <= young_of_lambda(lam * (1 - 2e-3)),
                  "c = %g: prior %.6f, Young %.6f", cs[j], w, young_of_lambda(lam));
        kes_csr_destroy(A);
    }
    kes_tuner_destroy(t);
}

/* Without a system the arms run from omega = 1 (the baseline) to omega_max,
 * increasing; NULL clears a system; other kinds ignore it. */
Test(tuner_auto, arms_and_clearing)
{
    kes_tuner *t = new_auto(NULL, 2);
    double w0[NA], w1[NA], w2[NA];
    cr_assert_eq(kes_tuner_arms(t, w0), KES_OK);
    cr_assert_eq(w0[0], 1.0);
    for (int j = 1; j < NA; j++) cr_assert(w0[j] >= w0[j - 1] && w0[j] <= 1.95);
    cr_assert_float_eq(w0[PRIOR], 1.95, 1e-12);
    kes_csr *A = fx_laplacian(12, 0.0);
    cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
    cr_assert_eq(kes_tuner_arms(t, w1), KES_OK);
    cr_assert_eq(w1[0], 1.0);
    cr_assert(w1[PRIOR] < 1.95 && w1[PRIOR] > 1.5);
    for (int j = 1; j < NA; j++) cr_assert(w1[j] >= w1[j - 1]);
    cr_assert_eq(kes_tuner_set_system(t, NULL), KES_OK);
    cr_assert_eq(kes_tuner_arms(t, w2), KES_OK);
    cr_assert_eq(memcmp(w0, w2, sizeof w0), 0);
    kes_tuner_destroy(t);

    /* a range that excludes 1: the baseline is its nearest end */
    kes_tuner_opts o = kes_tuner_opts_default();
    o.omega_min = 1.2;
    o.omega_max = 1.8;
    t = new_auto(&o, 3);
    cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
    cr_assert_eq(kes_tuner_arms(t, w1), KES_OK);
    cr_assert_eq(w1[0], 1.2);
    for (int j = 0; j < NA; j++) cr_assert(w1[j] >= 1.2 && w1[j] <= 1.8);
    kes_tuner_destroy(t);

    /* the paper's kinds accept and ignore it */
    kes_rng rng;
    kes_rng_init(&rng, 4, 0);
    cr_assert_eq(kes_tuner_create(KES_TUNER_CHEBCB, NULL, &rng, &t), KES_OK);
    double p0[20], p1[20];
    kes_tuner_probabilities(t, 0.5, p0);
    cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
    kes_tuner_probabilities(t, 0.5, p1);
    cr_assert_eq(memcmp(p0, p1, sizeof p0), 0);
    kes_tuner_destroy(t);
    kes_csr_destroy(A);
    cr_assert_str_eq(kes_tuner_kind_name(KES_TUNER_AUTO), "auto");
    kes_tuner_kind k;
    cr_assert_eq(kes_tuner_kind_from_name("auto", &k), KES_OK);
    cr_assert_eq(k, KES_TUNER_AUTO);
}

Test(tuner_auto, bad_input)
{
    kes_tuner *t = new_auto(NULL, 5);
    kes_csr *A = fx_laplacian(4, 0.0);
    cr_assert_eq(kes_tuner_set_system(NULL, A), KES_EINVAL);
    int64_t r[2] = {0, 1}, c[2] = {0, 2};
    double v[2] = {1, 1};
    kes_csr *R;
    cr_assert_eq(kes_csr_from_triplets(2, 3, 2, r, c, v, &R), KES_OK);
    cr_assert_eq(kes_tuner_set_system(t, R), KES_EDIM);
    kes_csr E = *A;
    E.nrows = E.ncols = 0;
    cr_assert_eq(kes_tuner_set_system(t, &E), KES_EDIM);
    /* a negative diagonal: not SPD, the system is cleared */
    double w0[NA], w1[NA];
    kes_tuner_arms(t, w0);
    cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
    kes_csr *N;
    cr_assert_eq(kes_csr_clone(A, &N), KES_OK);
    N->val[0] = -4;
    cr_assert_eq(kes_tuner_set_system(t, N), KES_ENOTSPD);
    kes_tuner_arms(t, w1);
    cr_assert_eq(memcmp(w0, w1, sizeof w0), 0);
    N->val[0] = NAN;
    cr_assert_eq(kes_tuner_set_system(t, N), KES_ENAN);
    N->val[0] = 4;
    N->colind[1] = 99;
    cr_assert_eq(kes_tuner_set_system(t, N), KES_EBADDATA);
    kes_tuner_destroy(t);
    /* omega range outside (0, 2) */
    kes_rng rng;
    kes_rng_init(&rng, 6, 0);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.omega_max = 2.0;
    cr_assert_eq(kes_tuner_create(KES_TUNER_AUTO, &o, &rng, &t), KES_EDOM);
    o.omega_max = 1.5, o.omega_min = 0.0;
    cr_assert_eq(kes_tuner_create(KES_TUNER_AUTO, &o, &rng, &t), KES_EDOM);
    o.omega_min = 1.6;
    cr_assert_eq(kes_tuner_create(KES_TUNER_AUTO, &o, &rng, &t), KES_EDOM);
    kes_csr_destroy(A);
    kes_csr_destroy(R);
    kes_csr_destroy(N);
}

/* A deterministic SOR-like cost: Young's asymptotic sweep count for the
 * Jacobi radius rho at omega (Young 1971), to tol 1e-8. */
static double young_cost(double w, double rho)
{
    double wb = 2.0 / (1.0 + sqrt(1.0 - rho * rho)), r;
    if (w >= wb) r = w - 1.0;
    else {
        double s = w * rho + sqrt(w * w * rho * rho - 4.0 * (w - 1.0));
        r = 0.25 * s * s;
    }
    return ceil(log(1e-8) / log(r));
}

/* Play AUTO for rounds [t0, t1) on the E1-like family (shift from the
 * seeded generator), returning the omegas chosen. */
static void play_family(kes_tuner *t, kes_rng *rng, int t0, int t1, double *w, int use_sys)
{
    for (int s = t0; s < t1; s++) {
        double c = -0.1 + 0.5 * kes_rng_uniform(rng);
        kes_csr *A = fx_laplacian(8, c);
        if (use_sys) cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
        cr_assert(kes_tuner_choose(t, c, &w[s]) >= 0);
        cr_assert_eq(kes_tuner_observe(t, young_cost(w[s], 4.0 * cos(M_PI / 9) / (4.0 + c))), KES_OK);
        kes_csr_destroy(A);
    }
}

static char *save_text(const kes_tuner *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    cr_assert_eq(kes_tuner_save_stream(t, f), KES_OK);
    fclose(f);
    return buf;
}

static kes_tuner *load_text(const char *s)
{
    FILE *f = fmemopen((void *)s, strlen(s), "r");
    kes_tuner *t = NULL;
    cr_assert_eq(kes_tuner_load_stream(f, &t), KES_OK);
    fclose(f);
    return t;
}

/* A restored AUTO continues exactly as the original; the text round-trips;
 * a pending choice survives. */
Test(tuner_auto, save_load_continues_bit_exactly)
{
    for (int use_sys = 0; use_sys < 2; use_sys++) {
        kes_tuner *t = new_auto(NULL, 7);
        kes_rng rng;
        kes_rng_init(&rng, 8, 0);
        double w[120], wl[120];
        play_family(t, &rng, 0, 60, w, use_sys);
        char *s1 = save_text(t);
        cr_assert(strstr(s1, "kind auto") != NULL);
        kes_tuner *u = load_text(s1);
        char *s2 = save_text(u);
        cr_assert_str_eq(s1, s2);
        kes_rng r2 = rng;
        play_family(t, &rng, 60, 120, w, use_sys);
        play_family(u, &r2, 60, 120, wl, use_sys);
        cr_assert_eq(memcmp(w + 60, wl + 60, 60 * sizeof(double)), 0, "same omegas after the load");
        /* pending choice across a save */
        double a, b;
        cr_assert(kes_tuner_choose(t, 0.0, &a) >= 0);
        char *s3 = save_text(t);
        kes_tuner *v = load_text(s3);
        cr_assert_eq(kes_tuner_observe(v, 10.0), KES_OK);
        cr_assert_eq(kes_tuner_observe(t, 10.0), KES_OK);
        cr_assert(kes_tuner_choose(t, 0.0, &a) >= 0 && kes_tuner_choose(v, 0.0, &b) >= 0);
        cr_assert_eq(a, b);
        /* a corrupted statistic is refused */
        char *p = strstr(s3, "auto_stats ");
        cr_assert_not_null(p);
        p[11] = '-';
        FILE *f = fmemopen(s3, strlen(s3), "r");
        kes_tuner *z = NULL;
        cr_assert_eq(kes_tuner_load_stream(f, &z), KES_EPARSE);
        cr_assert_null(z);
        fclose(f);
        free(s1), free(s2), free(s3);
        kes_tuner_destroy(t), kes_tuner_destroy(u), kes_tuner_destroy(v);
    }
}

/* Probabilities are one-hot (floored): the arm choose will play. */
Test(tuner_auto, probabilities_name_the_next_arm)
{
    kes_tuner *t = new_auto(NULL, 9);
    kes_rng rng;
    kes_rng_init(&rng, 10, 0);
    double w[40], p[NA];
    play_family(t, &rng, 0, 40, w, 1);
    cr_assert_eq(kes_tuner_probabilities(t, 0.0, p), KES_OK);
    double sum = 0;
    int top = 0;
    for (int j = 0; j < NA; j++) {
        cr_assert(p[j] > 0);
        sum += p[j];
        if (p[j] > p[top]) top = j;
    }
    cr_assert_float_eq(sum, 1.0, 1e-12);
    double om;
    int64_t arm;
    cr_assert(kes_tuner_choose(t, 0.0, &om) >= 0);
    cr_assert_eq(kes_tuner_last_arm(t, &arm), KES_OK);
    cr_assert_eq(arm, top);
    kes_tuner_destroy(t);
}

/* On the Young-model family the spectral prior is the per-instance optimum:
 * AUTO with the systems pays within 5% of playing Young's omega every
 * round over 300 rounds (one baseline round at omega = 1, about 10x the
 * optimum on an easy system, is 3% of 300 rounds; a few neighbour
 * probes). */
Test(tuner_auto, follows_young_with_systems)
{
    kes_tuner *t = new_auto(NULL, 11);
    kes_rng rng;
    kes_rng_init(&rng, 12, 0);
    double paid = 0, opt = 0;
    for (int s = 0; s < 300; s++) {
        double c = -0.12 + 0.5 * kes_rng_uniform(&rng), w;
        double rho = 4.0 * cos(M_PI / 9) / (4.0 + c);
        kes_csr *A = fx_laplacian(8, c);
        cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
        cr_assert(kes_tuner_choose(t, c, &w) >= 0);
        double k = young_cost(w, rho);
        paid += k;
        opt += young_cost(2.0 / (1.0 + sqrt(1.0 - rho * rho)), rho);
        cr_assert_eq(kes_tuner_observe(t, k), KES_OK);
        kes_csr_destroy(A);
    }
    cr_assert(paid <= 1.05 * opt, "AUTO %.0f vs Young %.0f", paid, opt);
    kes_tuner_destroy(t);
}

/* Conservative: on a landscape where omega = 1 is best and the prior (1.9)
 * costs 3x, AUTO stays within 3% of always playing omega = 1 over 200
 * rounds: one round at the prior (2 extra units in 200, 1%) plus an
 * exploration budget of 2% of the baseline's cost. */
Test(tuner_auto, conservative_when_baseline_is_best)
{
    kes_csr *A = fx_laplacian(30, 0.0);
    for (int use_sys = 0; use_sys < 2; use_sys++) {
        kes_tuner *t = new_auto(NULL, 13);
        if (use_sys) cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
        double paid = 0, base = 0;
        for (int s = 0; s < 200; s++) {
            double w;
            cr_assert(kes_tuner_choose(t, 0.0, &w) >= 0);
            double k = round(100.0 * (1.0 + 2.2 * (w - 1.0) * (w - 1.0) / 0.81)) + (s % 7);
            paid += k;
            base += 100.0 + (s % 7);
            cr_assert_eq(kes_tuner_observe(t, k), KES_OK);
        }
        cr_assert(paid <= 1.03 * base, "system %d: AUTO %.0f vs omega = 1 %.0f", use_sys, paid, base);
        kes_tuner_destroy(t);
    }
    kes_csr_destroy(A);
}

/* A system given and then cleared (or refused as not SPD) leaves a state
 * that saves and loads: no model, and no stale prior. */
Test(tuner_auto, cleared_system_saves_and_loads)
{
    kes_tuner *t = new_auto(NULL, 5);
    kes_csr *A = fx_laplacian(10, 0.0);
    cr_assert_eq(kes_tuner_set_system(t, A), KES_OK);
    double w;
    cr_assert_eq(kes_tuner_choose(t, 0.0, &w), KES_OK);
    cr_assert_eq(kes_tuner_observe(t, 40.0), KES_OK);
    cr_assert_eq(kes_tuner_set_system(t, NULL), KES_OK);
    char *s = save_text(t);
    kes_tuner *u = load_text(s);
    char *s2 = save_text(u);
    cr_assert_str_eq(s, s2);
    double a0[NA], a1[NA];
    cr_assert_eq(kes_tuner_arms(t, a0), KES_OK);
    cr_assert_eq(kes_tuner_arms(u, a1), KES_OK);
    cr_assert_eq(memcmp(a0, a1, sizeof a0), 0);
    free(s), free(s2);
    kes_tuner_destroy(u);
    kes_tuner_destroy(t);
    kes_csr_destroy(A);
}
