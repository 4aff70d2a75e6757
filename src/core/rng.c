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

uint64_t kes_rng_uint(kes_rng *rng, uint64_t n)
{
    if (n == 0) return 0;
    /* Lemire, "Fast random integer generation in an interval", TOMACS 2019. */
    unsigned __int128 m = (unsigned __int128)kes_rng_u64(rng) * n;
    uint64_t l = (uint64_t)m;
    if (l < n) {
        uint64_t t = (0 - n) % n;
        while (l < t) {
            m = (unsigned __int128)kes_rng_u64(rng) * n;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

double kes_rng_normal(kes_rng *rng)
{
    if (rng->has_spare) {
        rng->has_spare = 0;
        return rng->spare;
    }
    double u, v, s;
    do {
        u = 2.0 * kes_rng_uniform(rng) - 1.0;
        v = 2.0 * kes_rng_uniform(rng) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = sqrt(-2.0 * log(s) / s);
    rng->spare = v * f;
    rng->has_spare = 1;
    return u * f;
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
    const double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = kes_rng_normal(rng);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = kes_rng_uniform_pos(rng);
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) return d * v;
    }
}

double kes_rng_beta(kes_rng *rng, double a, double b)
{
    if (!(a > 0.0) || !(b > 0.0) || !isfinite(a) || !isfinite(b)) return NAN;
    double x = kes_rng_gamma(rng, a), y = kes_rng_gamma(rng, b);
    double s = x + y;
    if (s == 0.0) return kes_rng_uniform(rng) < a / (a + b) ? 1.0 : 0.0; /* both underflowed */
    return x / s;
}

void kes_rng_fill_normal(kes_rng *rng, size_t n, double *x)
{
    for (size_t i = 0; i < n; i++) x[i] = kes_rng_normal(rng);
}

void kes_rng_fill_uniform(kes_rng *rng, size_t n, double *x)
{
    for (size_t i = 0; i < n; i++) x[i] = kes_rng_uniform(rng);
}
