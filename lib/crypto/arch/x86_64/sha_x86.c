/*
 * x86-64 SHA-256 block function using the SHA extensions (SHA-NI), through
 * compiler intrinsics, behind a run-time CPU check. The portable code in
 * sha256.c remains the reference and the fallback. SHA-512 has no
 * instructions on the CPUs this targets, so its hook always declines.
 */
#include "crypto/arch/sha_arch.h"

#include <cpuid.h>
#include <immintrin.h>

enum { CPU_UNKNOWN = 0, CPU_NO_SHA = 1, CPU_SHA = 2 };

/*
 * The one piece of mutable state in lib/: a cache of what CPUID said, so
 * short messages do not pay for CPUID (a serialising instruction) on every
 * call. Every writer stores the same value, and the relaxed atomics keep
 * concurrent first calls well defined.
 */
static int cpu_sha_state;

static int cpu_has_sha(void)
{
    int s = __atomic_load_n(&cpu_sha_state, __ATOMIC_RELAXED);
    unsigned a, b, c, d;

    if (s != CPU_UNKNOWN)
        return s == CPU_SHA;
    s = CPU_NO_SHA;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1) &&
        __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA))
        s = CPU_SHA;
    __atomic_store_n(&cpu_sha_state, s, __ATOMIC_RELAXED);
    return s == CPU_SHA;
}

#define TARGET_SHA __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds: add the round constants to the four message words, then two
 * SHA256RNDS2 steps of two rounds each. */
#define QROUND(m, k)                                                          \
    do {                                                                      \
        __m128i t_ = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&lx_sha256_k[k])); \
        s1 = _mm_sha256rnds2_epu32(s1, s0, t_);                               \
        t_ = _mm_shuffle_epi32(t_, 0x0e);                                     \
        s0 = _mm_sha256rnds2_epu32(s0, s1, t_);                               \
    } while (0)

/* W[t..t+3] from the previous sixteen words held in w0 (oldest) .. w3:
 * MSG1 adds sigma0, the alignr supplies W[t-7..t-4], MSG2 adds sigma1. */
#define SCHED(w0, w1, w2, w3) \
    (w0 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4)), w3))

#define SCHED_QROUNDS(k)                   \
    do {                                   \
        SCHED(m0, m1, m2, m3);             \
        QROUND(m0, (k));                   \
        SCHED(m1, m2, m3, m0);             \
        QROUND(m1, (k) + 4);               \
        SCHED(m2, m3, m0, m1);             \
        QROUND(m2, (k) + 8);               \
        SCHED(m3, m0, m1, m2);             \
        QROUND(m3, (k) + 12);              \
    } while (0)

TARGET_SHA static void sha256_blocks_shani(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);

    /* The instructions keep the state as ABEF and CDGH. */
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
    __m128i s0 = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i s1 = _mm_blend_epi16(efgh, cdab, 0xf0);

    for (; nblocks > 0; nblocks--, p += 64) {
        __m128i abef = s0, cdgh = s1;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);

        QROUND(m0, 0);
        QROUND(m1, 4);
        QROUND(m2, 8);
        QROUND(m3, 12);
        SCHED_QROUNDS(16);
        SCHED_QROUNDS(32);
        SCHED_QROUNDS(48);
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
    }

    __m128i feba = _mm_shuffle_epi32(s0, 0x1b);
    __m128i dchg = _mm_shuffle_epi32(s1, 0xb1);
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xf0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

int arch_sha256_compress(uint32_t h[8], const uint8_t *blocks, size_t nblocks)
{
    if (!cpu_has_sha())
        return 0;
    sha256_blocks_shani(h, blocks, nblocks);
    return 1;
}

int arch_sha512_compress(uint64_t h[8], const uint8_t *blocks, size_t nblocks)
{
    (void)h;
    (void)blocks;
    (void)nblocks;
    return 0;
}
