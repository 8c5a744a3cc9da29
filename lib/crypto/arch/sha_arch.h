/*
 * Hooks through which the portable SHA-2 code (sha256.c, sha512.c) lets an
 * architecture-specific block function take over. Each hook returns 1 when
 * it compressed the blocks itself and 0 when the caller must use the
 * portable code (wrong architecture, or the CPU lacks the instructions).
 *
 * The x86-64 hooks live in arch/x86_64/ and are compiled only for x86-64
 * hosts; everywhere else the inline stubs below are used and compile away.
 */
#ifndef LX_CRYPTO_ARCH_SHA_ARCH_H
#define LX_CRYPTO_ARCH_SHA_ARCH_H

#include <stddef.h>
#include <stdint.h>

/* Round constants (FIPS 180-4 4.2.2 and 4.2.3), shared with the arch code. */
extern const uint32_t lx_sha256_k[64];
extern const uint64_t lx_sha512_k[80];

#if defined(__x86_64__)

int arch_sha256_compress(uint32_t h[8], const uint8_t *blocks, size_t nblocks);
int arch_sha512_compress(uint64_t h[8], const uint8_t *blocks, size_t nblocks);
/* Two independent streams of nblocks each (sha256_multi.c). */
int arch_sha256_compress_x2(uint32_t ha[8], uint32_t hb[8], const uint8_t *a, const uint8_t *b,
                            size_t nblocks);
/* 1 when the CPU has the SHA extensions (the cached CPUID answer). */
int arch_cpu_has_sha(void);

#else

static inline int arch_sha256_compress(uint32_t h[8], const uint8_t *blocks, size_t nblocks)
{
    (void)h;
    (void)blocks;
    (void)nblocks;
    return 0;
}

static inline int arch_sha512_compress(uint64_t h[8], const uint8_t *blocks, size_t nblocks)
{
    (void)h;
    (void)blocks;
    (void)nblocks;
    return 0;
}

static inline int arch_sha256_compress_x2(uint32_t ha[8], uint32_t hb[8], const uint8_t *a,
                                          const uint8_t *b, size_t nblocks)
{
    (void)ha;
    (void)hb;
    (void)a;
    (void)b;
    (void)nblocks;
    return 0;
}

#endif

#endif
