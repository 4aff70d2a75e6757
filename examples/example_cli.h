/*
 * Command-line helpers shared by the example programs (header-only, static
 * inline; each example is one source file).
 *
 * The house rule for the examples: options through getopt_long, numbers
 * through checked strtod/strtoll/strtoull.  A value that is not a number
 * (`--omega abc`), has trailing junk (`--nx 10x`), is empty, is NaN or
 * infinite, overflows, or lies outside the option's range is an error: the
 * helper prints
 *
 *     PROG: --opt: 'abc' is not a number
 *     PROG: --opt: '5000' is out of range [3, 2000]
 *
 * to stderr and returns nonzero; the program then prints a one-line usage
 * hint (cli_usage_hint) and exits with status 2.
 *
 * Usage:
 *
 *     example_prog = "heat_demo";
 *     ...
 *     case OPT_NX: if (parse_int64("--nx", optarg, 3, 2000, &v)) return cli_usage_hint(SYNOPSIS);
 */
#ifndef KES_EXAMPLES_EXAMPLE_CLI_H
#define KES_EXAMPLES_EXAMPLE_CLI_H

#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Program name used as the prefix of every message; set it first thing in main. */
static const char *example_prog = "example";

/* Bounds of a numeric range: closed by default, open where CLI_OPEN_* says so. */
enum { CLI_CLOSED = 0, CLI_OPEN_LO = 1, CLI_OPEN_HI = 2, CLI_OPEN = 3 };

/* Print one bound of a range; +-DBL_MAX reads as +-inf. */
static inline void cli_print_bound(FILE *f, double v)
{
    if (v >= DBL_MAX) fputs("inf", f);
    else if (v <= -DBL_MAX) fputs("-inf", f);
    else fprintf(f, "%.10g", v);
}

static inline int cli_out_of_range(const char *opt, const char *s, double lo, double hi, int open, int overflow)
{
    fprintf(stderr, "%s: %s: '%s' is out of range %c", example_prog, opt, s,
            (open & CLI_OPEN_LO) || lo <= -DBL_MAX ? '(' : '[');
    cli_print_bound(stderr, lo);
    fputs(", ", stderr);
    cli_print_bound(stderr, hi);
    fprintf(stderr, "%c%s\n", (open & CLI_OPEN_HI) || hi >= DBL_MAX ? ')' : ']',
            overflow ? " (overflows a double)" : "");
    return 1;
}

static inline int cli_not_a_number(const char *opt, const char *s, const char *what)
{
    fprintf(stderr, "%s: %s: '%s' is not %s\n", example_prog, opt, s, what);
    return 1;
}

/* The number s must fill the whole string: no leading blanks, no trailing junk. */
static inline int cli_starts_badly(const char *s)
{
    return !*s || *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v';
}

/* s as a finite double in the range lo..hi, each end open or closed as `open`
 * says.  Returns 0 and sets *out, or prints the reason and returns 1. */
static inline int parse_double_range(const char *opt, const char *s, double lo, double hi, int open, double *out)
{
    if (!s || cli_starts_badly(s)) return cli_not_a_number(opt, s ? s : "", "a number");
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end) return cli_not_a_number(opt, s, "a number");
    if (isnan(v) || (isinf(v) && errno != ERANGE)) return cli_not_a_number(opt, s, "a finite number");
    if (errno == ERANGE && fabs(v) > 1.0) return cli_out_of_range(opt, s, lo, hi, open, 1);
    /* Underflow (|v| below the normal range) keeps strtod's tiny value. */
    if ((open & CLI_OPEN_LO) ? !(v > lo) : !(v >= lo)) return cli_out_of_range(opt, s, lo, hi, open, 0);
    if ((open & CLI_OPEN_HI) ? !(v < hi) : !(v <= hi)) return cli_out_of_range(opt, s, lo, hi, open, 0);
    *out = v;
    return 0;
}

/* s as a finite double in [lo, hi]. */
static inline int parse_double(const char *opt, const char *s, double lo, double hi, double *out)
{
    return parse_double_range(opt, s, lo, hi, CLI_CLOSED, out);
}

static inline int cli_int_out_of_range(const char *opt, const char *s, const char *lo, const char *hi)
{
    fprintf(stderr, "%s: %s: '%s' is out of range [%s, %s]\n", example_prog, opt, s, lo, hi);
    return 1;
}

/* s as a decimal integer in [lo, hi]. */
static inline int parse_int64(const char *opt, const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    char blo[32], bhi[32];
    snprintf(blo, sizeof blo, "%" PRId64, lo);
    snprintf(bhi, sizeof bhi, "%" PRId64, hi);
    if (!s || cli_starts_badly(s)) return cli_not_a_number(opt, s ? s : "", "an integer");
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end) return cli_not_a_number(opt, s, "an integer");
    if (errno == ERANGE || v < lo || v > hi) return cli_int_out_of_range(opt, s, blo, bhi);
    *out = (int64_t)v;
    return 0;
}

/* s as a decimal unsigned integer in [lo, hi] (seeds: the full 64-bit range).
 * A minus sign is out of range, not wrapped around as strtoull would. */
static inline int parse_uint64(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char blo[32], bhi[32];
    snprintf(blo, sizeof blo, "%" PRIu64, lo);
    snprintf(bhi, sizeof bhi, "%" PRIu64, hi);
    if (!s || cli_starts_badly(s)) return cli_not_a_number(opt, s ? s : "", "an integer");
    const char *digits = s + (*s == '+' || *s == '-');
    if (*digits < '0' || *digits > '9') return cli_not_a_number(opt, s, "an integer");
    char *end;
    errno = 0;
    unsigned long long v = strtoull(digits, &end, 10);
    if (*end) return cli_not_a_number(opt, s, "an integer");
    if (*s == '-' && v != 0) return cli_int_out_of_range(opt, s, blo, bhi);
    if (errno == ERANGE || v < lo || v > hi) return cli_int_out_of_range(opt, s, blo, bhi);
    *out = (uint64_t)v;
    return 0;
}

/* The one-line usage hint after a command-line error; returns 2, the exit
 * status of every command-line error. */
static inline int cli_usage_hint(const char *synopsis)
{
    fprintf(stderr, "usage: %s %s  ('%s --help' for details)\n", example_prog, synopsis, example_prog);
    return 2;
}

/* Report what getopt_long returned as an error ('?' or ':'; opterr must be 0
 * and the short-option string start with ':').  Long options without a short
 * form should use values >= 256 so that they are told apart from short ones. */
static inline void cli_getopt_error(int c, char **argv, const struct option *longopts)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    int len = (int)strcspn(arg, "=");
    if (c == ':') {
        if (optopt > 0 && optopt < 256 && strncmp(arg, "--", 2))
            fprintf(stderr, "%s: option '-%c' requires an argument\n", example_prog, optopt);
        else
            fprintf(stderr, "%s: option '%s' requires an argument\n", example_prog, arg);
    } else if (optopt == 0) {
        /* An unknown name, or an abbreviation that fits several options. */
        int matches = 0;
        if (!strncmp(arg, "--", 2) && len > 2)
            for (const struct option *o = longopts; o && o->name; o++)
                matches += !strncmp(o->name, arg + 2, (size_t)len - 2);
        fprintf(stderr, "%s: %s option '%.*s'\n", example_prog, matches > 1 ? "ambiguous" : "unrecognized", len, arg);
    } else if (optopt < 256 && strncmp(arg, "--", 2)) {
        fprintf(stderr, "%s: invalid option '-%c'\n", example_prog, optopt);
    } else {
        fprintf(stderr, "%s: option '%.*s' does not take an argument\n", example_prog, len, arg);
    }
}

#endif
