/* libFuzzer target for the tuner state reader (kes_tuner_load_stream).  An
 * input must either be refused with a status and no tuner, or give a tuner
 * that keeps the header's promises: probabilities finite, > 0 and summing
 * to 1 within 1e-12 (the bandit kinds), also after a few choose/observe
 * rounds with costs anywhere in [0, KES_TUNER_COST_MAX]; a save of it loads
 * again and saves to the identical text.  ASan/UBSan/LSan catch the rest
 * (overflow, UB, leaks).  Build with clang -fsanitize=fuzzer,address,undefined
 * (the kestrel_fuzz_tuner target when KES_FUZZ=ON, or fuzz/run.sh); seeds
 * in fuzz/corpus/tuner/. */
#define _GNU_SOURCE
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kestrel/solvers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_probs(const kes_tuner *t, double c)
{
    double p[4096];
    int64_t d = kes_tuner_n_arms(t);
    if (kes_tuner_probabilities(t, c, p) < 0) __builtin_trap();
    double sum = 0;
    for (int64_t i = 0; i < d; i++) {
        if (!isfinite(p[i]) || !(p[i] > 0)) __builtin_trap();
        sum += p[i];
    }
    /* Up to 4096 entries, each rounded once by the final division. */
    if (!(fabs(sum - 1.0) <= 1e-12)) __builtin_trap();
}

/* The saved text of t (free it), or NULL when memory ran out. */
static char *save_text(const kes_tuner *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    kes_status st = kes_tuner_save_stream(t, f);
    fclose(f);
    if (st != KES_OK) __builtin_trap();
    return buf;
}

/* Save, load, save: the load must succeed and the texts be identical. */
static void check_round_trip(const kes_tuner *t)
{
    char *a = save_text(t);
    if (!a) return;
    FILE *f = fmemopen(a, strlen(a), "r");
    kes_tuner *u = NULL;
    if (!f) {
        free(a);
        return;
    }
    kes_status st = kes_tuner_load_stream(f, &u);
    fclose(f);
    if (st == KES_ENOMEM) {
        free(a);
        return;
    }
    if (st != KES_OK || !u) __builtin_trap();
    char *b = save_text(u);
    if (b && strcmp(a, b) != 0) __builtin_trap();
    free(a);
    free(b);
    kes_tuner_destroy(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char empty[1] = {0};
    FILE *f = size ? fmemopen((void *)data, size, "r") : fmemopen((void *)empty, 1, "r");
    if (!f) return 0;
    kes_tuner *t = NULL;
    kes_status st = kes_tuner_load_stream(f, &t);
    fclose(f);
    if (st != KES_OK) {
        if (t) __builtin_trap(); /* untouched on error */
        return 0;
    }
    if (!t) __builtin_trap();
    kes_tuner_opts o = kes_tuner_get_opts(t);
    const double lo = o.context_min, hi = o.context_max;
    const double ctx[4] = {lo, 0.5 * lo + 0.5 * hi, hi, 0.25 * lo + 0.75 * hi};
    const int bandit = kes_tuner_get_kind(t) != KES_TUNER_FIXED;
    if (bandit)
        for (int i = 0; i < 4; i++) check_probs(t, ctx[i]);
    check_round_trip(t);
    /* A few rounds with costs from the input's last bytes, including both
     * ends of the allowed range and costs below the offset. */
    static const double costs[8] = {0.0, 1.0, 2.5, 1e-300, 37.0, KES_TUNER_COST_MAX, 1e6, 0.5};
    for (int r = 0; r < 6; r++) {
        uint8_t byte = size ? data[(size - 1 - (size_t)r % size)] : 0;
        double w, c = ctx[byte & 3];
        if (kes_tuner_choose(t, c, &w) < 0) __builtin_trap();
        if (!(w > 0 && w < 2)) __builtin_trap();
        st = kes_tuner_observe(t, costs[(byte >> 2) & 7]);
        if (st != KES_OK && st != KES_ERANGE) __builtin_trap(); /* ERANGE: the round counter is full */
        if (bandit) check_probs(t, c);
    }
    check_round_trip(t);
    kes_tuner_destroy(t);
    return 0;
}
