/*
 * Freestanding string helpers (see str.h).
 */
#include "base/str.h"

bool lx_streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

bool lx_has_word(const char *s, const char *word)
{
    while (*s) {
        while (*s == ' ')
            s++;
        const char *a = s, *b = word;
        while (*b && *a == *b)
            a++, b++;
        if (*b == '\0' && (*a == '\0' || *a == ' ') && a != s)
            return true;
        while (*s && *s != ' ')
            s++;
    }
    return false;
}
