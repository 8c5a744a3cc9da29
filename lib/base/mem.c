/*
 * Freestanding memory helpers (see mem.h). Built with
 * -fno-tree-loop-distribute-patterns so that GCC does not turn these very
 * loops back into calls to memcpy/memset, which lib/ must not depend on.
 */
#include "mem.h"

/* A word type the compiler may assume aliases anything (GCC/Clang), so
 * word-sized copies of byte buffers stay within the aliasing rules. */
typedef uint64_t __attribute__((__may_alias__)) lx_word;

#define WORD sizeof(lx_word)

/*
 * Bytes until p is word-aligned (at most n). The word loops below only
 * ever touch aligned words: RISC-V cores may trap on misaligned access.
 */
static size_t head_len(const void *p, size_t n)
{
    size_t h = (WORD - ((uintptr_t)p & (WORD - 1))) & (WORD - 1);

    return h < n ? h : n;
}

void *lx_memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    /* Words only when both sides can be aligned together. */
    if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
        for (size_t h = head_len(d, n); h > 0; h--, n--)
            *d++ = *s++;
        for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
            *(lx_word *)(void *)d = *(const lx_word *)(const void *)s;
    }
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
    lx_word w = (uint8_t)c * (lx_word)0x0101010101010101ull;

    for (size_t h = head_len(d, n); h > 0; h--, n--)
        *d++ = (uint8_t)c;
    for (; n >= WORD; n -= WORD, d += WORD)
        *(lx_word *)(void *)d = w;
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
    lx_memset(p, 0, n);
    /*
     * The barrier takes p and clobbers memory, so the compiler must assume
     * it reads the zeroed bytes: the stores cannot be dropped as dead, even
     * when p is about to go out of scope. (Plain stores rather than a
     * volatile loop, so they can be done a word or a vector at a time.)
     */
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
