/*
 * KES_TUNER_AUTO: the recommended tuner.  Three parts.
 *
 * 1. A spectral prior from the matrix (kes_tuner_set_system).  A few
 *    Lanczos steps on the scaled matrix Ahat = D^-1/2 A D^-1/2 estimate
 *    lambda = lambda_min(Ahat) = 1 - M(B), B = I - D^-1 A the Jacobi matrix
 *    (Golub & Van Loan, "Matrix Computations", 4th ed., sec. 10.1).  The
 *    smallest Ritz value theta converges from above, so the estimate is
 *    biased downwards, max(theta - r, theta / 4) with r the Ritz residual:
 *    an underestimate of lambda costs less than an overestimate (Young's
 *    rate curve has an infinite left slope at its optimum).  The prior
 *    omega is Young's 2 / (1 + sqrt(1 - (1 - lambda)^2)) (Young, "Iterative
 *    Solution of Large Linear Systems", 1971, ch. 6), which for small
 *    lambda also agrees with the SSOR-preconditioner bound's optimum
 *    2 / (1 + sqrt(2 lambda)) (Axelsson, "Iterative Solution Methods",
 *    1994, sec. 7.4): both are omega' = 1/omega - 1/2 ~ sqrt(lambda / 2).
 *    A matrix of a sequence that differs from the last analysed one only
 *    by a scaling of its off-diagonal part and of its diagonal, A_t = a N +
 *    r a D (a time step, a lumped-mass shift, a diffusivity), gets its
 *    lambda in closed form, lambda_t = 1 - (1 - lambda_0) / r (the Jacobi
 *    matrix is B_0 / r), so Lanczos runs once per family, and again on a
 *    member so much harder than the reference that the closed form would
 *    carry the reference's error beyond lambda_t itself (see
 *    closed_form).  That relation is recognised from fingerprints (three
 *    random projections of each part), which keeps the saved state small.
 *
 * 2. Arms relative to the prior.  Arm j plays omega'_j = omega'_0
 *    (omega'_ref / omega'_0)^g_j with omega_0 the baseline (1, or the range
 *    end nearest to it) and omega'_ref the prior (or omega_max when no
 *    system is known): g = 0 is the baseline, g = 1 the prior, the grid is
 *    fine near both ends.  The coordinate omega' makes the SSOR bound
 *    symmetric in log omega' and places arms densely where SOR's cost curve
 *    is steep (reference: Hageman & Young, "Applied Iterative Methods",
 *    1981, ch. 9 on the sensitivity near omega_b).
 *
 * 3. A conservative unimodal learner over the arms.  The log cost is
 *    modelled per arm as a_j + s x_t with x_t = log(1/lambda_t) (0 without
 *    a system) and one slope s shared by all arms (pooled within-arm least
 *    squares), so instances of different difficulty compare.  The leader is
 *    the played arm with the lowest predicted cost; only its two neighbours
 *    are ever explored (unimodal bandits: Combes & Proutiere, ICML 2014),
 *    and only while their lower confidence bound is below the leader.  An
 *    exploration is allowed only when the realised cost so far plus the
 *    candidate's pessimistic cost stays within (1 + alpha) times the
 *    predicted cost of always playing the baseline (conservative bandits:
 *    Wu, Shariff, Lattimore & Szepesvari, ICML 2016, in the sample-path
 *    form of Du, Wang & Huang, AAAI 2021); when even the leader does not
 *    fit and the baseline is predicted cheaper, the baseline plays.  The
 *    first round plays the prior; the baseline is measured once early, on
 *    a system no harder than average.  An arm leads only after 4 rounds,
 *    so one noisy round cannot move the search.  Everything is deterministic: the choice is a function of the
 *    state, so the probabilities are one-hot.
 */
#include <float.h>
#include <string.h>

#include "linalg/tuner_internal.h"

const double kes__auto_g[KES_AUTO_ARMS] = {0.0, 0.04, 0.09, 0.15, 0.25, 0.4, 0.55, 0.7, 0.82, 0.91, 1.0, 1.08, 1.2};

/* Fraction of the baseline's cost that exploration may spend. */
#ifndef AUTO_ALPHA
#define AUTO_ALPHA 0.02
#endif
/* Assumed worst ratio of an untried neighbour's cost to the leader's. */
#ifndef AUTO_W
#define AUTO_W 1.5
#endif
/* Prior standard deviation of a log cost, and its weight in observations. */
#define AUTO_SIGMA0 0.1
#define AUTO_SIGMA0_WEIGHT 2.0
/* Lanczos: at most this many steps; stop once the Ritz residual of the
 * smallest Ritz value is below this fraction of it. */
#define AUTO_LANCZOS_MAX 120
#define AUTO_LANCZOS_RTOL 1e-3
/* Smallest lambda used (a singular or indefinite estimate). */
#define AUTO_LAMBDA_MIN 1e-12

/* ------------------------------------------------------------ the model */

static double omega_prime(double w) { return 1.0 / w - 0.5; }
static double omega_of_prime(double wp) { return 1.0 / (wp + 0.5); }

/* Young's optimum for Jacobi radius 1 - lambda, as omega' (stable for tiny
 * lambda: 1 - (1 - lambda)^2 = lambda (2 - lambda)). */
static double prior_prime(double lambda) { return 0.5 * sqrt(lambda * (2.0 - lambda)); }

double kes__auto_baseline(const kes_tuner *t)
{
    double w = 1.0;
    if (w < t->o.omega_min) w = t->o.omega_min;
    if (w > t->o.omega_max) w = t->o.omega_max;
    return w;
}

void kes__auto_grid(kes_tuner *t)
{
    const double lo = omega_prime(t->o.omega_max), hi = omega_prime(t->o.omega_min);
    const double w0 = omega_prime(kes__auto_baseline(t));
    double ref = t->have_model ? prior_prime(t->lam) : lo;
    if (ref < lo) ref = lo;
    if (ref > hi) ref = hi;
    for (int j = 0; j < t->d; j++) {
        double wp = w0 * pow(ref / w0, kes__auto_g[j]);
        if (!(wp >= lo)) wp = lo;
        if (wp > hi) wp = hi;
        double w = j == 0 ? kes__auto_baseline(t) : omega_of_prime(wp);
        if (w < t->o.omega_min) w = t->o.omega_min;
        if (w > t->o.omega_max) w = t->o.omega_max;
        t->grid[j] = w;
    }
}

double kes__auto_x(const kes_tuner *t) { return t->have_model ? -log(t->lam) : 0.0; }

/* Log cost of an observation: log(cost + offset) for iteration counts
 * (offset 1 keeps 0 iterations finite), log(cost) for seconds. */
static double to_log(const kes_tuner *t, double cost)
{
    double off = t->o.cost_offset;
    return off > 0 ? log(cost + off) : log(fmax(cost, 1e-300));
}

static double from_log(const kes_tuner *t, double y)
{
    double off = t->o.cost_offset, c = exp(fmin(y, 700.0));
    return off > 0 ? fmax(c - off, 0.0) : c;
}

/* Per-arm fits of the log cost on x: arm j predicts ybar_j + s_j (x -
 * xbar_j) with its own slope s_j shrunk towards the slope pooled over all
 * arms (weight AUTO_SLOPE_PRIOR in units of x^2), so an arm seen at a few
 * x only borrows the common trend while a well-sampled arm keeps its own
 * (costs of omegas above and below the optimum grow at different rates as
 * a system nears singularity).  sigma is the pooled residual standard
 * deviation with a weak prior; half[j] is the confidence half-width of
 * arm j's prediction at x before the log factor. */
#define AUTO_SLOPE_PRIOR 1.0
#ifndef AUTO_SLOPE0
#define AUTO_SLOPE0 0.5
#endif
typedef struct fit {
    double sigma, pred[KES_AUTO_ARMS], half[KES_AUTO_ARMS];
} fit;

static void auto_fit(const kes_tuner *t, double x, fit *f)
{
    double Sxx = 0, Sxy = 0, N = 0, ss = 0;
    double sxx[KES_AUTO_ARMS], sxy[KES_AUTO_ARMS], syy[KES_AUTO_ARMS];
    int played = 0;
    for (int j = 0; j < t->d; j++) {
        const double *s = t->ast + (size_t)j * KES_AUTO_STATS;
        double n = (double)t->counts[j];
        sxx[j] = sxy[j] = syy[j] = 0;
        if (n <= 0) continue;
        played++;
        N += n;
        sxx[j] = fmax(s[3] - s[0] * s[0] / n, 0.0);
        sxy[j] = s[2] - s[0] * s[1] / n;
        syy[j] = fmax(s[4] - s[1] * s[1] / n, 0.0);
        Sxx += sxx[j];
        Sxy += sxy[j];
    }
    /* The pooled slope starts from 1/2 (with the weight of one unit of x^2
     * of data): the cost of SOR near its optimum grows like lambda^-1/2
     * (Young), that of SSOR-PCG like lambda^-1/4 (Axelsson), that of
     * omega = 1 SOR like lambda^-1.  Without it, the first rounds would
     * compare a cost seen on an easy system with one seen on a hard one. */
    const double common = t->have_model ? (Sxy + AUTO_SLOPE0 * AUTO_SLOPE_PRIOR) / (Sxx + AUTO_SLOPE_PRIOR) : 0.0;
    for (int j = 0; j < t->d; j++) {
        const double *s = t->ast + (size_t)j * KES_AUTO_STATS;
        double n = (double)t->counts[j];
        if (n <= 0) {
            f->pred[j] = NAN;
            f->half[j] = INFINITY;
            continue;
        }
        double sl = (sxy[j] + AUTO_SLOPE_PRIOR * common) / (sxx[j] + AUTO_SLOPE_PRIOR);
        ss += fmax(syy[j] - 2.0 * sl * sxy[j] + sl * sl * sxx[j], 0.0);
        double dx = x - s[0] / n;
        f->pred[j] = s[1] / n + sl * dx;
        f->half[j] = sqrt(1.0 / n + dx * dx / (sxx[j] + AUTO_SLOPE_PRIOR));
    }
    double dof = N - played;
    if (dof < 0) dof = 0;
    f->sigma = sqrt((ss + AUTO_SIGMA0_WEIGHT * AUTO_SIGMA0 * AUTO_SIGMA0) / (dof + AUTO_SIGMA0_WEIGHT));
}

/* The baseline is measured within this many rounds. */
#ifndef AUTO_BASELINE_WAIT
#define AUTO_BASELINE_WAIT 10
#endif
/* Arms need this many rounds before they can lead or stop being explored. */
#ifndef AUTO_MIN_PLAYS
#define AUTO_MIN_PLAYS 4
#endif

/* The arm to play now, and the predicted baseline cost of this round. */
int kes__auto_decide(const kes_tuner *t, double *base_cost)
{
    const int d = t->d, P = t->have_model ? KES_AUTO_PRIOR : 0;
    const double x = kes__auto_x(t);
    fit f;
    auto_fit(t, x, &f);
    *base_cost = t->counts[0] > 0 ? from_log(t, f.pred[0]) : NAN;
    if (t->counts[P] == 0) return P;
    if (t->counts[0] == 0) {
        /* The baseline's one measurement is taken on a system no harder than
         * the average so far (omega = 1 costs 10x the optimum and more on a
         * nearly singular system); within AUTO_BASELINE_WAIT rounds anyway. */
        const double *sp = t->ast + (size_t)P * KES_AUTO_STATS;
        if (t->have_model && t->t < AUTO_BASELINE_WAIT && x > sp[0] / (double)t->counts[P]) return P;
        return 0;
    }
    int L = -1, any = 0;
    for (int j = 0; j < d; j++) any |= t->counts[j] >= AUTO_MIN_PLAYS;
    for (int j = 0; j < d; j++)
        if (t->counts[j] >= (any ? AUTO_MIN_PLAYS : 1) && (L < 0 || f.pred[j] < f.pred[L])) L = j;
    const double lt = sqrt(2.0 * log((double)(t->t > 2 ? t->t : 2)));
    int C = -1;
    double lcbC = INFINITY, UC = INFINITY;
    for (int k = 0; k < 2; k++) {
        /* While the leader lies between the baseline and the prior (the
         * prior lost to the baseline, so it is not trusted), the candidate
         * on each side is the arm halfway to the nearest played arm: a
         * bisection of the bracket, log2(13) steps from one end to the
         * other.  Otherwise, and on a side where nothing was played, the
         * adjacent arm.  Ties go upwards, away from the baseline. */
        const int dir = k == 0 ? 1 : -1;
        int R = L + dir;
        while (R >= 0 && R < d && t->counts[R] == 0) R += dir;
        const int bracket = R >= 0 && R < d;
        int N = bracket && L < P ? L + (R - L) / 2 : L + dir;
        if (N == L) N = L + dir;
        if (N < 0 || N >= d) continue;
        double lcb, U;
        if (t->counts[N] < AUTO_MIN_PLAYS) {
            lcb = -INFINITY;
            /* An untried arm between two played ones costs at most the
             * larger of theirs when the cost is unimodal in omega (a 10%
             * margin for noise); beyond the last played arm, at most
             * AUTO_W times the leader by assumption. */
            double Uin = bracket && t->counts[R] > 0 ? 1.1 * fmax(from_log(t, f.pred[L]), from_log(t, f.pred[R]))
                                                     : AUTO_W * from_log(t, f.pred[L]);
            U = t->counts[N] == 0 ? Uin : from_log(t, f.pred[N] + fmin(f.sigma * lt * f.half[N], log(AUTO_W)));
        } else {
            double w = f.sigma * lt * f.half[N];
            lcb = f.pred[N] - w;
            U = from_log(t, f.pred[N] + fmin(w, log(AUTO_W)));
        }
        if (lcb < lcbC) lcbC = lcb, UC = U, C = N;
    }
    /* Budget (Wu et al.'s test in cost form): the realised cost since the
     * baseline was first measured plus this round's cost must stay within
     * (1 + alpha) times the baseline's predicted cost over the same rounds
     * and this one.  The candidate is judged on its pessimistic cost, the
     * leader on its predicted cost; when neither fits and the baseline is
     * predicted cheaper than the leader (a leader that has not been
     * compared with a well-measured baseline, e.g. a prior that misled),
     * the baseline plays, so the total cannot run away from it.  A leader
     * predicted cheaper than the baseline keeps playing: a deficit is then
     * bad luck or a poor prediction of the baseline, and the leader is the
     * cheapest way to recover it. */
    double slack = (1.0 + AUTO_ALPHA) * (t->acc_base + *base_cost) - t->acc_paid;
    if (C >= 0 && lcbC < f.pred[L] && slack >= UC) return C;
    if (L == 0 || slack >= from_log(t, f.pred[L]) || f.pred[L] <= f.pred[0]) return L;
    return 0;
}

void kes__auto_observe(kes_tuner *t, double cost)
{
    const int arm = t->last_arm;
    const double y = to_log(t, cost), x = t->pend_x;
    double *s = t->ast + (size_t)arm * KES_AUTO_STATS;
    s[0] += x;
    s[1] += y;
    s[2] += x * y;
    s[3] += x * x;
    s[4] += y * y;
    /* Budget accounting starts with the first baseline round; a baseline
     * round adds its real cost to both sides. */
    if (arm == 0 && !(t->counts[0] > 0)) {
        t->acc_paid = cost;
        t->acc_base = cost;
    } else if (t->counts[0] > 0) {
        t->acc_paid += cost;
        t->acc_base += arm == 0 ? cost : t->pend_base;
    }
}

/* ------------------------------------------------- system fingerprints */

static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A weight in [0.5, 1.5) for entry (i, j) of projection k. */
static double weight(uint64_t i, uint64_t j, uint64_t k)
{
    uint64_t h = mix64(mix64(i * 0x100000001b3ULL + k) ^ j);
    return 0.5 + (double)(h >> 11) * 0x1p-53;
}

typedef struct sysinfo {
    uint64_t hash;
    double fo[3], fd[3]; /* off-diagonal: two projections, sum of squares; the same of the diagonal */
} sysinfo;

/* Structure, finiteness and the diagonal: KES_EBADDATA for a broken CSR
 * (the checks of kes_csr_validate that matter here, done in the same pass),
 * KES_ENAN, KES_ENOTSPD when a diagonal entry is missing or <= 0. */
static kes_status scan(const kes_csr *A, sysinfo *si)
{
    const int64_t n = A->nrows;
    if (A->rowptr[0] != 0) return KES_EBADDATA;
    uint64_t h = 1469598103934665603ULL;
    h = (h ^ (uint64_t)n) * 1099511628211ULL;
    memset(si->fo, 0, sizeof si->fo);
    memset(si->fd, 0, sizeof si->fd);
    int notspd = 0;
    for (int64_t i = 0; i < n; i++) {
        const int64_t k0 = A->rowptr[i], k1 = A->rowptr[i + 1];
        if (k1 < k0 || k1 > A->nnz) return KES_EBADDATA;
        int diag = 0;
        for (int64_t k = k0; k < k1; k++) {
            const int64_t j = A->colind[k];
            if (j < 0 || j >= n) return KES_EBADDATA;
            if (k > k0 && j <= A->colind[k - 1]) return KES_EBADDATA; /* unsorted or repeated, as kes_csr_validate */
            const double v = A->val[k];
            if (!isfinite(v)) return KES_ENAN;
            h = (h ^ (uint64_t)j) * 1099511628211ULL;
            if (j == i) {
                diag = 1;
                if (!(v > 0)) notspd = 1;
                si->fd[0] += weight((uint64_t)i, 0, 1) * v;
                si->fd[1] += weight((uint64_t)i, 0, 2) * v;
                si->fd[2] += v * v;
            } else {
                si->fo[0] += weight((uint64_t)i, (uint64_t)j, 3) * v;
                si->fo[1] += weight((uint64_t)i, (uint64_t)j, 4) * v;
                si->fo[2] += v * v;
            }
        }
        if (!diag) notspd = 1;
        h = (h ^ 0xffULL) * 1099511628211ULL;
    }
    if (A->rowptr[n] != A->nnz) return KES_EBADDATA;
    for (int k = 0; k < 3; k++)
        if (!isfinite(si->fo[k]) || !isfinite(si->fd[k])) return KES_ERANGE;
    si->hash = h;
    return notspd ? KES_ENOTSPD : KES_OK;
}

static int rel_eq(double a, double b) { return fabs(a - b) <= 1e-10 * fmax(fabs(a), fabs(b)); }

/* When A_t = a N + r a D relative to the reference (N, D), the ratio r. */
static int related(const kes_tuner *t, const sysinfo *si, int64_t n, int64_t nnz, double *r)
{
    if (!t->have_ref || (uint64_t)t->ref_hash != si->hash || t->ref_n != n || t->ref_nnz != nnz) return 0;
    const double *fo = t->ref_f, *fd = t->ref_f + 3;
    double a = 1.0;
    if (fo[2] == 0.0 || si->fo[2] == 0.0) {
        if (fo[2] != si->fo[2]) return 0; /* both diagonal, or neither */
    } else {
        a = sqrt(si->fo[2] / fo[2]);
        if (si->fo[0] * fo[0] < 0) return 0;
        if (!rel_eq(si->fo[0], a * fo[0]) || !rel_eq(si->fo[1], a * fo[1])) return 0;
    }
    double rd = sqrt(si->fd[2] / fd[2]);
    if (!rel_eq(si->fd[0], rd * fd[0]) || !rel_eq(si->fd[1], rd * fd[1])) return 0;
    *r = rd / a;
    return isfinite(*r) && *r > 0;
}

/* lambda of A_t from the reference's lambda_0 in closed form, lambda_t =
 * 1 - (1 - lambda_0) / r, when that is accurate enough.  The reference is
 * known to within its Ritz residual, at most AUTO_LANCZOS_RTOL lambda_0
 * when Lanczos converged, and the closed form divides that error by r: an
 * estimate made on an easy matrix (lambda_0 near 1, e.g. a heat step with a
 * tiny time step or diffusivity) cannot resolve 1 - lambda_0, and carried
 * to a matrix tens of times harder it would give lambda_t <= 0, i.e. the
 * largest omega.  When the carried error exceeds AUTO_CF_TRUST lambda_t
 * the closed form is refused (0) and the caller runs Lanczos on A_t, which
 * becomes the new reference. */
#ifndef AUTO_CF_TRUST
#define AUTO_CF_TRUST 1.0
#endif
static int closed_form(double ref_lam, double r, double *lam)
{
    const double l = 1.0 - (1.0 - ref_lam) / r;
    if (!(AUTO_LANCZOS_RTOL * ref_lam / r <= AUTO_CF_TRUST * l)) return 0;
    *lam = l;
    return 1;
}

/* ------------------------------------------------------------- Lanczos */

/* Number of eigenvalues of the j x j tridiagonal (al, be) below x (Sturm
 * count by the LDL^T pivots; Golub & Van Loan sec. 8.4.1). */
static int sturm(const double *al, const double *be, int j, double x)
{
    int c = 0;
    double q = 1.0;
    for (int i = 0; i < j; i++) {
        double b2 = i > 0 ? be[i - 1] * be[i - 1] : 0.0;
        q = al[i] - x - (i > 0 ? b2 / q : 0.0);
        if (q == 0.0) q = -DBL_EPSILON * (fabs(al[i]) + fabs(x) + DBL_MIN);
        if (q < 0) c++;
    }
    return c;
}

/* Smallest eigenvalue theta of the tridiagonal and the last component of
 * its unit eigenvector (inverse iteration just below theta, where T - sI is
 * positive definite so the elimination needs no pivoting). */
static double ritz_min(const double *al, const double *be, int j, double *last, double *work)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < j; i++) {
        double r = (i > 0 ? fabs(be[i - 1]) : 0.0) + (i < j - 1 ? fabs(be[i]) : 0.0);
        lo = fmin(lo, al[i] - r);
        hi = fmax(hi, al[i] + r);
    }
    for (int it = 0; it < 200 && hi - lo > 1e-15 * fmax(fabs(lo), fabs(hi)); it++) {
        double mid = 0.5 * (lo + hi);
        if (sturm(al, be, j, mid) >= 1) hi = mid;
        else lo = mid;
    }
    const double theta = hi;
    const double s = lo - 1e-12 * fmax(fabs(lo), 1e-300);
    double *u = work, *c = work + j, *dd = work + 2 * j;
    for (int i = 0; i < j; i++) u[i] = 1.0;
    for (int rep = 0; rep < 3; rep++) {
        /* (T - sI) v = u by Thomas elimination, v into u */
        for (int i = 0; i < j; i++) {
            double di = al[i] - s - (i > 0 ? be[i - 1] * c[i - 1] : 0.0);
            if (!(fabs(di) > 1e-300)) di = 1e-300;
            dd[i] = di;
            c[i] = i < j - 1 ? be[i] / di : 0.0;
            u[i] = (u[i] - (i > 0 ? be[i - 1] * u[i - 1] : 0.0)) / di;
        }
        for (int i = j - 2; i >= 0; i--) u[i] -= c[i] * u[i + 1];
        double nrm = 0.0, mx = 0.0;
        for (int i = 0; i < j; i++) mx = fmax(mx, fabs(u[i]));
        if (!(mx > 0) || !isfinite(mx)) break;
        for (int i = 0; i < j; i++) nrm += (u[i] / mx) * (u[i] / mx);
        nrm = mx * sqrt(nrm);
        for (int i = 0; i < j; i++) u[i] /= nrm;
    }
    *last = fabs(u[j - 1]);
    if (!isfinite(*last)) *last = 1.0;
    return theta;
}

/* Lanczos estimate of lambda_min(D^-1/2 A D^-1/2) for a matrix whose
 * diagonal is positive (checked by scan).  Deterministic start vector. */
static kes_status lanczos_lambda(const kes_csr *A, double *lambda)
{
    const int64_t n = A->nrows;
    const int kmax = n < AUTO_LANCZOS_MAX ? (int)n : AUTO_LANCZOS_MAX;
    double *mem = kes__malloc_n((size_t)4 * (size_t)n + 5 * (size_t)kmax, sizeof(double));
    if (!mem) return KES_ENOMEM;
    double *s = mem, *v = s + n, *vp = v + n, *w = vp + n, *al = w + n, *be = al + kmax, *wk = be + kmax;
    for (int64_t i = 0; i < n; i++) {
        double dgi = 0.0;
        for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++)
            if (A->colind[k] == i) dgi = A->val[k];
        s[i] = 1.0 / sqrt(dgi);
    }
    double nv = 0.0;
    for (int64_t i = 0; i < n; i++) {
        v[i] = weight((uint64_t)i, 0, 7) - 0.25; /* in [0.25, 1.25): not orthogonal to a Perron vector */
        nv += v[i] * v[i];
    }
    nv = sqrt(nv);
    for (int64_t i = 0; i < n; i++) v[i] /= nv, vp[i] = 0.0;
    double theta = 1.0, res = INFINITY, bprev = 0.0;
    int j;
    for (j = 0; j < kmax; j++) {
        double a = 0.0;
        for (int64_t i = 0; i < n; i++) {
            double acc = 0.0;
            for (int64_t k = A->rowptr[i]; k < A->rowptr[i + 1]; k++) acc += A->val[k] * s[A->colind[k]] * v[A->colind[k]];
            w[i] = s[i] * acc - bprev * vp[i];
            a += w[i] * v[i];
        }
        double b = 0.0;
        for (int64_t i = 0; i < n; i++) {
            w[i] -= a * v[i];
            b += w[i] * w[i];
        }
        b = sqrt(b);
        al[j] = a;
        be[j] = b;
        const int last_step = j + 1 == kmax || !(b > 1e-12 * fabs(a) + 1e-300);
        if (last_step || (j + 1) % 5 == 0) {
            double u;
            theta = ritz_min(al, be, j + 1, &u, wk);
            res = last_step && !(b > 1e-12 * fabs(a) + 1e-300) ? 0.0 : b * u;
            if (res <= AUTO_LANCZOS_RTOL * fabs(theta) || last_step) break;
        }
        for (int64_t i = 0; i < n; i++) {
            vp[i] = v[i];
            v[i] = w[i] / b;
        }
        bprev = b;
    }
    free(mem);
    double lam = fmax(theta - res, 0.25 * theta);
    if (!(lam >= AUTO_LAMBDA_MIN)) lam = AUTO_LAMBDA_MIN;
    if (lam > 1.0) lam = 1.0;
    *lambda = lam;
    return KES_OK;
}

kes_status kes__auto_set_system(kes_tuner *t, const kes_csr *A)
{
    if (!A) { /* lam = 0 with no model: the state a saved file must carry */
        t->have_model = 0;
        t->lam = 0.0;
        kes__auto_grid(t);
        return KES_OK;
    }
    if (!A->rowptr || (A->nnz > 0 && (!A->colind || !A->val))) return KES_EINVAL;
    if (A->nrows <= 0 || A->nrows != A->ncols || A->nnz < 0) return KES_EDIM;
    sysinfo si;
    kes_status st = scan(A, &si);
    if (st == KES_ENOTSPD) {
        t->have_model = 0;
        t->lam = 0.0;
        kes__auto_grid(t);
        return st;
    }
    if (st) return st;
    double r, lam;
    if (si.fo[2] == 0.0) {
        /* diagonal (a heat step with zero diffusivity): D^-1/2 A D^-1/2 = I
         * exactly; the reference of the family is kept for the next step */
        lam = 1.0;
    } else if (related(t, &si, A->nrows, A->nnz, &r) && closed_form(t->ref_lam, r, &lam)) {
        if (!(lam >= AUTO_LAMBDA_MIN)) lam = AUTO_LAMBDA_MIN;
        if (lam > 1.0) lam = 1.0;
    } else {
        st = lanczos_lambda(A, &lam);
        if (st) return st;
        t->have_ref = 1;
        t->ref_hash = (int64_t)si.hash;
        t->ref_n = A->nrows;
        t->ref_nnz = A->nnz;
        memcpy(t->ref_f, si.fo, sizeof si.fo);
        memcpy(t->ref_f + 3, si.fd, sizeof si.fd);
        t->ref_lam = lam;
        t->lanczos_runs++;
    }
    t->have_model = 1;
    t->lam = lam;
    kes__auto_grid(t);
    return KES_OK;
}
