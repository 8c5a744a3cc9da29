/*
 * Two interleaved SHA-256 streams with the x86 SHA extensions (SHA-NI).
 * One stream's SHA256RNDS2 chain is latency bound; issuing the rounds of
 * two independent messages side by side lets the second stream's
 * instructions run in the first one's latency gaps. The CPU check is the
 * cached one of sha_x86.c, so this file adds no mutable state.
 */
#include "crypto/arch/sha_arch.h"
#include "crypto/sha256_multi.h"

#include <immintrin.h>

#define TARGET_SHA __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds of both streams: W+K, then two SHA256RNDS2 per stream. */
#define QROUND2(ma, mb, k)                                                     \
    do {                                                                       \
        __m128i k_ = _mm_loadu_si128((const __m128i *)&lx_sha256_k[k]);        \
        __m128i ta_ = _mm_add_epi32(ma, k_);                                   \
        __m128i tb_ = _mm_add_epi32(mb, k_);                                   \
        a1 = _mm_sha256rnds2_epu32(a1, a0, ta_);                               \
        b1 = _mm_sha256rnds2_epu32(b1, b0, tb_);                               \
        ta_ = _mm_shuffle_epi32(ta_, 0x0e);                                    \
        tb_ = _mm_shuffle_epi32(tb_, 0x0e);                                    \
        a0 = _mm_sha256rnds2_epu32(a0, a1, ta_);                               \
        b0 = _mm_sha256rnds2_epu32(b0, b1, tb_);                               \
    } while (0)

/* W[t..t+3] from the previous sixteen words w0 (oldest) .. w3. */
#define SCHED(w0, w1, w2, w3) \
    (w0 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(w0, w1), _mm_alignr_epi8(w3, w2, 4)), w3))

#define SCHED_QROUNDS2(k)                          \
    do {                                           \
        SCHED(ma0, ma1, ma2, ma3);                 \
        SCHED(mb0, mb1, mb2, mb3);                 \
        QROUND2(ma0, mb0, (k));                    \
        SCHED(ma1, ma2, ma3, ma0);                 \
        SCHED(mb1, mb2, mb3, mb0);                 \
        QROUND2(ma1, mb1, (k) + 4);                \
        SCHED(ma2, ma3, ma0, ma1);                 \
        SCHED(mb2, mb3, mb0, mb1);                 \
        QROUND2(ma2, mb2, (k) + 8);                \
        SCHED(ma3, ma0, ma1, ma2);                 \
        SCHED(mb3, mb0, mb1, mb2);                 \
        QROUND2(ma3, mb3, (k) + 12);               \
    } while (0)

/* h[0..7] -> the ABEF / CDGH register layout the instructions use. */
TARGET_SHA static void state_load(const uint32_t h[8], __m128i *s0, __m128i *s1)
{
    __m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);

    *s0 = _mm_alignr_epi8(cdab, efgh, 8);
    *s1 = _mm_blend_epi16(efgh, cdab, 0xf0);
}

TARGET_SHA static void state_store(uint32_t h[8], __m128i s0, __m128i s1)
{
    __m128i feba = _mm_shuffle_epi32(s0, 0x1b);
    __m128i dchg = _mm_shuffle_epi32(s1, 0xb1);

    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xf0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

TARGET_SHA static void sha256_x2_shani(uint32_t ha[8], uint32_t hb[8], const uint8_t *pa,
                                       const uint8_t *pb, size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i a0, a1, b0, b1;

    state_load(ha, &a0, &a1);
    state_load(hb, &b0, &b1);
    for (; nblocks > 0; nblocks--, pa += 64, pb += 64) {
        __m128i sa0 = a0, sa1 = a1, sb0 = b0, sb1 = b1;
        __m128i ma0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pa + 0)), bswap);
        __m128i ma1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pa + 16)), bswap);
        __m128i ma2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pa + 32)), bswap);
        __m128i ma3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pa + 48)), bswap);
        __m128i mb0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pb + 0)), bswap);
        __m128i mb1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pb + 16)), bswap);
        __m128i mb2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pb + 32)), bswap);
        __m128i mb3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(pb + 48)), bswap);

        QROUND2(ma0, mb0, 0);
        QROUND2(ma1, mb1, 4);
        QROUND2(ma2, mb2, 8);
        QROUND2(ma3, mb3, 12);
        SCHED_QROUNDS2(16);
        SCHED_QROUNDS2(32);
        SCHED_QROUNDS2(48);
        a0 = _mm_add_epi32(a0, sa0);
        a1 = _mm_add_epi32(a1, sa1);
        b0 = _mm_add_epi32(b0, sb0);
        b1 = _mm_add_epi32(b1, sb1);
    }
    state_store(ha, a0, a1);
    state_store(hb, b0, b1);
}

int arch_sha256_compress_x2(uint32_t ha[8], uint32_t hb[8], const uint8_t *a, const uint8_t *b,
                            size_t nblocks)
{
    if (!arch_cpu_has_sha())
        return 0;
    if (nblocks > 0)
        sha256_x2_shani(ha, hb, a, b, nblocks);
    return 1;
}
