/* Helpers shared by the bench_*.c drivers.  Header-only (each driver is a
 * single source file); include it after the driver's feature-test macros
 * (clock_gettime needs POSIX). */
#ifndef KES_BENCH_UTIL_H
#define KES_BENCH_UTIL_H

#include <stdio.h>
#include <time.h>

/* Wall-clock seconds from the monotonic clock (immune to clock steps). */
static inline double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Writes count doubles, raw in native byte order, to PREFIX_WHAT.bin for
 * the Python and R peer scripts.  Returns 0, or -1 after a message naming
 * prog on stderr. */
static inline int write_bin(const char *prog, const char *prefix, const char *what, const double *v, size_t count)
{
    char path[4096];
    snprintf(path, sizeof path, "%s_%s.bin", prefix, what);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(v, sizeof *v, count, f) != count) {
        fprintf(stderr, "%s: cannot write %s\n", prog, path);
        if (f) fclose(f);
        return -1;
    }
    return fclose(f) ? -1 : 0;
}

#endif
