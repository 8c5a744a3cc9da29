/*
 * The four functions GCC may call even in freestanding code (for struct
 * and array initialisation and copies); they forward to lib/base.
 */
#include <stddef.h>

#include "base/mem.h"

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memset(void *dst, int c, size_t n)
{
    return lx_memset(dst, c, n);
}

void *memcpy(void *dst, const void *src, size_t n)
{
    return lx_memcpy(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
    return lx_memmove(dst, src, n);
}

int memcmp(const void *a, const void *b, size_t n)
{
    return lx_memcmp(a, b, n);
}
