/* A malloc-family call counter for the PDE tests: every allocation of the
 * process (the library's, FFTW's and the BLAS's included, by symbol
 * interposition) is counted while `counting` is set.  Not built under the
 * sanitizers, which own malloc: KES_COUNT_ALLOC is then undefined and the
 * tests skip the count.  Include from one translation unit per program. */
#ifndef KES_PDE_ALLOC_COUNTER_H
#define KES_PDE_ALLOC_COUNTER_H
#include <stdatomic.h>
#include <stddef.h>
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define KES_PDE_NO_COUNTER 1
#endif
#endif
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && !defined(KES_PDE_NO_COUNTER)
#define KES_COUNT_ALLOC 1
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
static atomic_int counting;
static atomic_long n_alloc;
void *malloc(size_t s)
{
    if (atomic_load(&counting)) atomic_fetch_add(&n_alloc, 1);
    return __libc_malloc(s);
}
void *calloc(size_t a, size_t b)
{
    if (atomic_load(&counting)) atomic_fetch_add(&n_alloc, 1);
    return __libc_calloc(a, b);
}
void *realloc(void *p, size_t s)
{
    if (atomic_load(&counting)) atomic_fetch_add(&n_alloc, 1);
    return __libc_realloc(p, s);
}
int posix_memalign(void **p, size_t al, size_t s)
{
    if (atomic_load(&counting)) atomic_fetch_add(&n_alloc, 1);
    void *q = __libc_memalign(al, s);
    if (!q) return 12; /* ENOMEM */
    *p = q;
    return 0;
}
void *aligned_alloc(size_t al, size_t s)
{
    if (atomic_load(&counting)) atomic_fetch_add(&n_alloc, 1);
    return __libc_memalign(al, s);
}
void *memalign(size_t al, size_t s)
{
    if (atomic_load(&counting)) atomic_fetch_add(&n_alloc, 1);
    return __libc_memalign(al, s);
}
#endif

#endif
