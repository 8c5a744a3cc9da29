/*
 * x86-64 block functions behind run-time CPU checks, through compiler
 * intrinsics: SHA-256 with the SHA extensions (SHA-NI), and SHA-512 with
 * its message schedule computed two words at a time in vector registers
 * (AVX-512VL rotates and three-way XORs) while the rounds run on scalar
 * BMI2 rotates. The portable code in sha256.c/sha512.c stays the
 * reference and the fallback on every other CPU.
 */
#include "crypto/arch/sha_arch.h"

#include <cpuid.h>
#include <immintrin.h>

enum {
    FEAT_KNOWN = 1,         /* the CPU has been asked */
    FEAT_SHA = 2,           /* SHA-NI with SSSE3 and SSE4.1 */
    FEAT_AVX512VL = 4,      /* AVX-512F/VL enabled by the OS, with BMI1/2 */
};

/*
 * The one piece of mutable state in lib/: a cache of what CPUID said, so
 * short messages do not pay for CPUID (a serialising instruction) on every
 * call. Every writer stores the same value, and the relaxed atomics keep
 * concurrent first calls well defined.
 */
static int cpu_features;

/* AVX-512 instructions fault unless the OS saves the opmask and ZMM state:
 * XCR0 must have SSE, AVX, opmask, ZMM_Hi256 and Hi16_ZMM (bits 1,2,5,6,7). */
static int os_saves_avx512(void)
{
    unsigned lo, hi;

    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 0xe6) == 0xe6;
}

static int cpu_probe(void)
{
    unsigned a, b, c, d, c1;
    int f = FEAT_KNOWN;

    if (!__get_cpuid(1, &a, &b, &c1, &d) || !__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return f;
    if ((c1 & bit_SSSE3) && (c1 & bit_SSE4_1) && (b & bit_SHA))
        f |= FEAT_SHA;
    if ((c1 & bit_OSXSAVE) && (b & bit_AVX512F) && (b & bit_AVX512VL) && (b & bit_BMI) &&
        (b & bit_BMI2) && os_saves_avx512())
        f |= FEAT_AVX512VL;
    return f;
}

static int cpu_has(int feature)
{
    int f = __atomic_load_n(&cpu_features, __ATOMIC_RELAXED);

    if (f == 0) {
        f = cpu_probe();
        __atomic_store_n(&cpu_features, f, __ATOMIC_RELAXED);
    }
    return (f & feature) != 0;
}

int arch_cpu_has_sha(void)
{
    return cpu_has(FEAT_SHA);
}

/* ---- SHA-256 ------------------------------------------------------------ */

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
    if (!cpu_has(FEAT_SHA))
        return 0;
    sha256_blocks_shani(h, blocks, nblocks);
    return 1;
}

/* ---- SHA-512 ------------------------------------------------------------ */

#define TARGET_AVX512 __attribute__((target("avx2,bmi,bmi2,avx512f,avx512vl")))

#define ROR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))
#define BSIG0(x) (ROR64(x, 28) ^ ROR64(x, 34) ^ ROR64(x, 39))
#define BSIG1(x) (ROR64(x, 14) ^ ROR64(x, 18) ^ ROR64(x, 41))

/* xmm = W[t..t+1] + K[t..t+1], stored where the scalar rounds read it. */
#define STORE_WK(w, t) \
    _mm_store_si128((__m128i *)&wk[t], _mm_add_epi64(w, _mm_loadu_si128((const __m128i *)&lx_sha512_k[t])))

/*
 * W[t..t+1] into w0, from the ring of eight registers holding W[t-16..t-1]:
 * w0 = W[t-16..t-15], w1 = W[t-14..t-13], w4/w5 = W[t-8..t-5] (the
 * alignr picks W[t-7..t-6]), w7 = W[t-2..t-1]. 0x96 is a three-way XOR.
 */
#define VSCHED(w0, w1, w4, w5, w7, t)                                                     \
    do {                                                                                  \
        __m128i x15_ = _mm_alignr_epi8(w1, w0, 8);                                        \
        __m128i x7_ = _mm_alignr_epi8(w5, w4, 8);                                         \
        __m128i s0_ = _mm_ternarylogic_epi64(_mm_ror_epi64(x15_, 1), _mm_ror_epi64(x15_, 8), \
                                             _mm_srli_epi64(x15_, 7), 0x96);              \
        __m128i s1_ = _mm_ternarylogic_epi64(_mm_ror_epi64(w7, 19), _mm_ror_epi64(w7, 61),  \
                                             _mm_srli_epi64(w7, 6), 0x96);                \
        w0 = _mm_add_epi64(_mm_add_epi64(w0, s0_), _mm_add_epi64(x7_, s1_));             \
        STORE_WK(w0, t);                                                                  \
    } while (0)

#define VSCHED16(t)                           \
    do {                                      \
        VSCHED(w0, w1, w4, w5, w7, (t) + 0);  \
        VSCHED(w1, w2, w5, w6, w0, (t) + 2);  \
        VSCHED(w2, w3, w6, w7, w1, (t) + 4);  \
        VSCHED(w3, w4, w7, w0, w2, (t) + 6);  \
        VSCHED(w4, w5, w0, w1, w3, (t) + 8);  \
        VSCHED(w5, w6, w1, w2, w4, (t) + 10); \
        VSCHED(w6, w7, w2, w3, w5, (t) + 12); \
        VSCHED(w7, w0, w3, w4, w6, (t) + 14); \
    } while (0)

/*
 * One round. Maj(a,b,c) = ((a^b) & (b^c)) ^ b, and this round's b^c is the
 * previous round's a^b, so it is carried in bc instead of recomputed; the
 * round leaves its a^b in ab. Ch is written as a sum of disjoint terms so
 * the two halves (AND, ANDN) run in parallel.
 */
#define ROUND(a, b, c, d, e, f, g, h, i, bc, ab)                                \
    do {                                                                        \
        uint64_t t1_ = (h) + wk[i] + BSIG1(e) + (((e) & (f)) + (~(e) & (g)));   \
        ab = (a) ^ (b);                                                         \
        (d) += t1_;                                                             \
        (h) = t1_ + BSIG0(a) + (((ab) & (bc)) ^ (b));                           \
    } while (0)

#define R8(i)                                          \
    do {                                               \
        ROUND(a, b, c, d, e, f, g, hh, (i) + 0, x, y); \
        ROUND(hh, a, b, c, d, e, f, g, (i) + 1, y, x); \
        ROUND(g, hh, a, b, c, d, e, f, (i) + 2, x, y); \
        ROUND(f, g, hh, a, b, c, d, e, (i) + 3, y, x); \
        ROUND(e, f, g, hh, a, b, c, d, (i) + 4, x, y); \
        ROUND(d, e, f, g, hh, a, b, c, (i) + 5, y, x); \
        ROUND(c, d, e, f, g, hh, a, b, (i) + 6, x, y); \
        ROUND(b, c, d, e, f, g, hh, a, (i) + 7, y, x); \
    } while (0)

/* Big-endian message words i*2, i*2+1 into w, and their W+K into wk. */
#define LOAD_W(w, i)                                                                  \
    do {                                                                              \
        w = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * (i))), bswap); \
        STORE_WK(w, 2 * (i));                                                         \
    } while (0)

/*
 * Left alone, the compiler forwards each W+K from its vector register with
 * vmovq/vpextrq: two extra instructions per word pair. Forcing wk through
 * memory instead lets each round take its W+K as the memory operand of an
 * add, which measured about 7% faster.
 */
#define WK_TO_MEMORY() __asm__ volatile("" : : : "memory")

/*
 * The schedule for rounds t..t+15 is computed one group ahead of the
 * rounds that consume it, so the vector unit works alongside the scalar
 * rounds and each wk store is long done before it is loaded.
 */
TARGET_AVX512 static void sha512_blocks_avx512(uint64_t h[8], const uint8_t *p, size_t n)
{
    const __m128i bswap = _mm_set_epi64x(0x08090a0b0c0d0e0fLL, 0x0001020304050607LL);
    _Alignas(16) uint64_t wk[80];

    for (; n > 0; n--, p += 128) {
        uint64_t a = h[0], b = h[1], c = h[2], d = h[3];
        uint64_t e = h[4], f = h[5], g = h[6], hh = h[7];
        uint64_t x = b ^ c, y;
        __m128i w0, w1, w2, w3, w4, w5, w6, w7;

        LOAD_W(w0, 0);
        LOAD_W(w1, 1);
        LOAD_W(w2, 2);
        LOAD_W(w3, 3);
        LOAD_W(w4, 4);
        LOAD_W(w5, 5);
        LOAD_W(w6, 6);
        LOAD_W(w7, 7);
        WK_TO_MEMORY();
        VSCHED16(16);
        WK_TO_MEMORY();
        R8(0);
        R8(8);
        VSCHED16(32);
        WK_TO_MEMORY();
        R8(16);
        R8(24);
        VSCHED16(48);
        WK_TO_MEMORY();
        R8(32);
        R8(40);
        VSCHED16(64);
        WK_TO_MEMORY();
        R8(48);
        R8(56);
        R8(64);
        R8(72);
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
}

int arch_sha512_compress(uint64_t h[8], const uint8_t *blocks, size_t nblocks)
{
    if (!cpu_has(FEAT_AVX512VL))
        return 0;
    sha512_blocks_avx512(h, blocks, nblocks);
    return 1;
}
