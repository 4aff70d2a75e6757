/*
 * Locale-independent text files (tuner state, GP models): numbers are
 * printed and parsed in the C locale, and tokens are read one at a time.
 * A file includes this after defining _POSIX_C_SOURCE 200809L (locale_t,
 * newlocale, uselocale).
 */
#ifndef KES_CORE_TEXTIO_H
#define KES_CORE_TEXTIO_H

#include <locale.h>
#include <stddef.h>
#include <stdio.h>

/* The file format must not depend on LC_NUMERIC (a comma-decimal locale
 * would print "0x1,8p+0"), so numbers are printed and parsed in the C
 * locale.  uselocale changes the calling thread only, where setlocale would
 * change the whole process under other threads' feet, and the thread's
 * previous locale (the global one included) is restored on leave. */
typedef struct kes__c_numeric {
    locale_t c, old;
} kes__c_numeric;

/* 0, or -1 when the C locale object cannot be made (out of memory). */
int kes__c_numeric_enter(kes__c_numeric *cn);
void kes__c_numeric_leave(kes__c_numeric *cn);

/* Read the next whitespace-separated token into buf (at most cap - 1
 * characters): 0, or -1 at end of file or when the token is longer. */
int kes__text_token(FILE *f, char *buf, size_t cap);

#endif
