/*
 * Freestanding memory helpers (see mem.h). Built with
 * -fno-tree-loop-distribute-patterns so that GCC does not turn these very
 * loops back into calls to memcpy/memset, which lib/ must not depend on.
 */
#include "mem.h"

void *lx_memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    while (n--)
        *d++ = *s++;
    return dst;
}

void *lx_memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    if (d == s || n == 0)
        return dst;
    if ((uintptr_t)d < (uintptr_t)s) {
        while (n--)
            *d++ = *s++;
    } else {
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

void *lx_memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;

    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

int lx_memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *x = a, *y = b;

    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

void lx_memzero_secure(void *p, size_t n)
{
    volatile uint8_t *v = p;

    while (n--)
        *v++ = 0;
    /* A compiler barrier: the stores above are observable to "memory". */
    __asm__ __volatile__("" : : "r"(p) : "memory");
}

int lx_ct_memeq(const void *a, const void *b, size_t n)
{
    const volatile uint8_t *x = a, *y = b;
    uint8_t diff = 0;

    for (size_t i = 0; i < n; i++)
        diff |= (uint8_t)(x[i] ^ y[i]);
    /* Map 0 -> 1 and 1..255 -> 0 without a branch on the secret. */
    return (int)(1 & (((uint32_t)diff - 1) >> 8));
}
