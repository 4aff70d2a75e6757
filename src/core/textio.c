#define _POSIX_C_SOURCE 200809L /* newlocale, uselocale */
#include "core/textio.h"

int kes__c_numeric_enter(kes__c_numeric *cn)
{
    cn->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    if (cn->c == (locale_t)0) return -1;
    cn->old = uselocale(cn->c);
    return 0;
}

void kes__c_numeric_leave(kes__c_numeric *cn)
{
    uselocale(cn->old);
    freelocale(cn->c);
}

int kes__text_token(FILE *f, char *buf, size_t cap)
{
    int c;
    do c = fgetc(f);
    while (c == ' ' || c == '\n' || c == '\t' || c == '\r');
    if (c == EOF) return -1;
    size_t n = 0;
    while (c != EOF && c != ' ' && c != '\n' && c != '\t' && c != '\r') {
        if (n + 1 >= cap) return -1;
        buf[n++] = (char)c;
        c = fgetc(f);
    }
    buf[n] = '\0';
    return 0;
}
