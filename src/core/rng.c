/*
 * Random numbers: xoshiro256** (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 2021) seeded by splitmix64.
 * Streams: the 256-bit state of stream k is splitmix64 output from a key that
 * mixes seed and k, so any stream can be made in O(1) without jumping.
 */
#include <math.h>
#include <stdlib.h>

#include "core/internal.h"

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t mix64(uint64_t a, uint64_t b)
{
    uint64_t x = a ^ (b * 0xd6e8feb86659fd93ULL);
    return splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void kes_rng_init(kes_rng *rng, uint64_t seed, uint64_t stream)
{
    uint64_t key = mix64(seed, stream + 0x632be59bd9b4e019ULL);
    for (int i = 0; i < 4; i++) rng->s[i] = splitmix64(&key);
    if ((rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) == 0) rng->s[0] = 1; /* all-zero state is absorbing */
    rng->seed = seed;
    rng->stream = stream;
    rng->spare = 0.0;
    rng->has_spare = 0;
}

kes_status kes_rng_create(uint64_t seed, kes_rng **rng)
{
    if (!rng) return KES_EINVAL;
    kes_rng *r = malloc(sizeof *r);
    if (!r) return KES_ENOMEM;
    kes_rng_init(r, seed, 0);
    *rng = r;
    return KES_OK;
}

void kes_rng_destroy(kes_rng *rng) { free(rng); }

void kes_rng_split_init(const kes_rng *parent, uint64_t k, kes_rng *child)
{
    /* A child's stream number hashes (parent stream, k), so grandchildren of
     * different children never collide in practice. */
    kes_rng_init(child, parent->seed, mix64(parent->stream ^ 0xa0761d6478bd642fULL, k));
}

kes_status kes_rng_split(const kes_rng *parent, uint64_t k, kes_rng **child)
{
    if (!parent || !child) return KES_EINVAL;
    kes_rng *r = malloc(sizeof *r);
    if (!r) return KES_ENOMEM;
    kes_rng_split_init(parent, k, r);
    *child = r;
    return KES_OK;
}

uint64_t kes_rng_u64(kes_rng *rng)
{
    uint64_t *s = rng->s;
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double kes_rng_uniform(kes_rng *rng) { return (double)(kes_rng_u64(rng) >> 11) * 0x1.0p-53; }

double kes_rng_uniform_pos(kes_rng *rng)
{
    /* (k + 0.5) / 2^53: symmetric in (0, 1), never 0 or 1. */
    return ((double)(kes_rng_u64(rng) >> 11) + 0.5) * 0x1.0p-53;
}

/* Lemire, "Fast random integer generation in an interval", ACM TOMACS 29
 * (2019).  A round is rejected with probability (2^64 mod n) / 2^64 < 1/2;
 * after MAX_ROUNDS rejections (probability below 2^-128) the last round is
 * used as it is, a bias no test could see, so the loop always ends. */
#define MAX_ROUNDS 128
uint64_t kes_rng_uint(kes_rng *rng, uint64_t n)
{
    if (n == 0) return 0;
    unsigned __int128 m = (unsigned __int128)kes_rng_u64(rng) * n;
    uint64_t l = (uint64_t)m;
    if (l < n) {
        uint64_t t = (0 - n) % n;
        for (int round = 0; l < t && round < MAX_ROUNDS; round++) {
            m = (unsigned __int128)kes_rng_u64(rng) * n;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* Marsaglia & Bray's polar method (SIAM Review 6, 1964): a pair is
 * rejected with probability 1 - pi/4 < 0.22.  After MAX_ROUNDS rejections
 * (probability below 1e-80) the pair comes from the Box-Muller transform
 * instead, which is also exact, so the loop is bounded and the distribution
 * unchanged. */
double kes_rng_normal(kes_rng *rng)
{
    if (rng->has_spare) {
        rng->has_spare = 0;
        return rng->spare;
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
        double u = 2.0 * kes_rng_uniform(rng) - 1.0;
        double v = 2.0 * kes_rng_uniform(rng) - 1.0;
        double s = u * u + v * v;
        if (s < 1.0 && s != 0.0) {
            double f = sqrt(-2.0 * log(s) / s);
            rng->spare = v * f;
            rng->has_spare = 1;
            return u * f;
        }
    }
    double r = sqrt(-2.0 * log(kes_rng_uniform_pos(rng)));
    double a = 6.283185307179586477 * kes_rng_uniform(rng);
    rng->spare = r * sin(a);
    rng->has_spare = 1;
    return r * cos(a);
}

double kes_rng_rademacher(kes_rng *rng) { return (kes_rng_u64(rng) >> 63) ? 1.0 : -1.0; }

double kes_rng_exponential(kes_rng *rng) { return -log(kes_rng_uniform_pos(rng)); }

double kes_rng_gamma(kes_rng *rng, double shape)
{
    if (!(shape > 0.0) || !isfinite(shape)) return NAN;
    if (shape < 1.0) {
        /* Boost: G(a) = G(a+1) * U^(1/a), done in logs so tiny shapes do not underflow to 0 early. */
        double g = kes_rng_gamma(rng, shape + 1.0);
        return g * exp(log(kes_rng_uniform_pos(rng)) / shape);
    }
    /* Marsaglia & Tsang, ACM TOMS 26 (2000): each round accepts with
     * probability above 0.95 for shape >= 1.  After MAX_ROUNDS rounds
     * (probability below 1e-160) the candidate d is returned -- the mode
     * region of the density -- so the loop always ends. */
    const double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (int round = 0; round < MAX_ROUNDS; round++) {
        double x = kes_rng_normal(rng);
        double v = 1.0 + c * x;
        if (v <= 0.0) continue;
        v = v * v * v;
        double u = kes_rng_uniform_pos(rng);
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) return d * v;
    }
    return d;
}

double kes_rng_beta(kes_rng *rng, double a, double b)
{
    if (!(a > 0.0) || !(b > 0.0) || !isfinite(a) || !isfinite(b)) return NAN;
    double x = kes_rng_gamma(rng, a), y = kes_rng_gamma(rng, b);
    double s = x + y;
    if (s == 0.0) return kes_rng_uniform(rng) < a / (a + b) ? 1.0 : 0.0; /* both underflowed */
    return x / s;
}

kes_status kes_rng_fill_normal(kes_rng *rng, int64_t n, double *x)
{
    if (n < 0) return KES_EDIM;
    if (n > 0 && (!rng || !x)) return KES_EINVAL;
    for (int64_t i = 0; i < n; i++) x[i] = kes_rng_normal(rng);
    return KES_OK;
}

kes_status kes_rng_fill_uniform(kes_rng *rng, int64_t n, double *x)
{
    if (n < 0) return KES_EDIM;
    if (n > 0 && (!rng || !x)) return KES_EINVAL;
    for (int64_t i = 0; i < n; i++) x[i] = kes_rng_uniform(rng);
    return KES_OK;
}
