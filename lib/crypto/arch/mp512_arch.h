/*
 * Hook through which the portable 512-bit Montgomery multiplication
 * (mp512.c) lets an architecture-specific one take over. It returns 1 when
 * it computed r itself and 0 when the caller must use the portable code
 * (another architecture, or a CPU without the instructions). The x86-64
 * version lives in arch/x86_64/ and is compiled only for x86-64 hosts.
 */
#ifndef LX_CRYPTO_ARCH_MP512_ARCH_H
#define LX_CRYPTO_ARCH_MP512_ARCH_H

#include "crypto/mp512.h"

#if defined(__x86_64__)

int arch_mp512_mont_mul(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                        const struct mp512_mod *md);

#else

static inline int arch_mp512_mont_mul(struct mp512 *r, const struct mp512 *a,
                                      const struct mp512 *b, const struct mp512_mod *md)
{
    (void)r;
    (void)a;
    (void)b;
    (void)md;
    return 0;
}

#endif

#endif
