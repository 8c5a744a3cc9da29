/*
 * SHA-512 (FIPS 180-4, section 6.4): the portable block function, the
 * streaming API and padding. Same shape as sha256.c with 64-bit words,
 * 80 rounds and 128-byte blocks.
 */
#include "crypto/sha512.h"

#include "base/endian.h"
#include "base/mem.h"
#include "crypto/arch/sha_arch.h"

/* FIPS 180-4 section 4.2.3: first 64 bits of the fractional parts of the
 * cube roots of the first 80 primes. */
const uint64_t lx_sha512_k[80] = {
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
};

static const uint64_t sha512_iv[8] = {
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
};

#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (rotr64(x, 28) ^ rotr64(x, 34) ^ rotr64(x, 39))
#define BSIG1(x) (rotr64(x, 14) ^ rotr64(x, 18) ^ rotr64(x, 41))
#define SSIG0(x) (rotr64(x, 1) ^ rotr64(x, 8) ^ ((x) >> 7))
#define SSIG1(x) (rotr64(x, 19) ^ rotr64(x, 61) ^ ((x) >> 6))

/* One round; the eight calls of R8 rotate the roles of a..h instead of
 * moving values, and i is a constant after unrolling so w stays in
 * registers where the target has enough of them. */
#define ROUND(a, b, c, d, e, f, g, h, i)                                      \
    do {                                                                      \
        if ((i) >= 16)                                                        \
            SCHED(i);                                                         \
        uint64_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + lx_sha512_k[i] + w[(i) & 15]; \
        (d) += t1_;                                                           \
        (h) = t1_ + BSIG0(a) + MAJ(a, b, c);                                  \
    } while (0)

/* Message schedule as a 16-word ring: W[t] overwrites W[t-16]. */
#define SCHED(i) (w[(i) & 15] += SSIG1(w[((i) - 2) & 15]) + w[((i) - 7) & 15] + SSIG0(w[((i) - 15) & 15]))

#define R8(i)                                    \
    do {                                         \
        ROUND(a, b, c, d, e, f, g, hh, (i) + 0); \
        ROUND(hh, a, b, c, d, e, f, g, (i) + 1); \
        ROUND(g, hh, a, b, c, d, e, f, (i) + 2); \
        ROUND(f, g, hh, a, b, c, d, e, (i) + 3); \
        ROUND(e, f, g, hh, a, b, c, d, (i) + 4); \
        ROUND(d, e, f, g, hh, a, b, c, (i) + 5); \
        ROUND(c, d, e, f, g, hh, a, b, (i) + 6); \
        ROUND(b, c, d, e, f, g, hh, a, (i) + 7); \
    } while (0)

static void sha512_block(uint64_t h[8], const uint8_t *p)
{
    uint64_t w[16];
    uint64_t a = h[0], b = h[1], c = h[2], d = h[3];
    uint64_t e = h[4], f = h[5], g = h[6], hh = h[7];

    for (int i = 0; i < 16; i++)
        w[i] = load_be64(p + 8 * i);
    R8(0);
    R8(8);
    R8(16);
    R8(24);
    R8(32);
    R8(40);
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

void sha512_compress_generic(uint64_t h[8], const uint8_t *blocks, size_t nblocks)
{
    for (size_t i = 0; i < nblocks; i++)
        sha512_block(h, blocks + i * SHA512_BLOCK_SIZE);
}

void sha512_compress(uint64_t h[8], const uint8_t *blocks, size_t nblocks)
{
    if (nblocks == 0 || arch_sha512_compress(h, blocks, nblocks))
        return;
    sha512_compress_generic(h, blocks, nblocks);
}

void sha512_init(struct sha512_ctx *ctx)
{
    for (int i = 0; i < 8; i++)
        ctx->h[i] = sha512_iv[i];
    ctx->len = 0;
}

void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t used = (size_t)(ctx->len % SHA512_BLOCK_SIZE);

    ctx->len += len;
    if (used > 0) {
        size_t take = SHA512_BLOCK_SIZE - used;
        if (len < take) {
            lx_memcpy(ctx->buf + used, p, len);
            return;
        }
        lx_memcpy(ctx->buf + used, p, take);
        sha512_compress(ctx->h, ctx->buf, 1);
        p += take;
        len -= take;
    }
    size_t nblocks = len / SHA512_BLOCK_SIZE;
    sha512_compress(ctx->h, p, nblocks);
    p += nblocks * SHA512_BLOCK_SIZE;
    len -= nblocks * SHA512_BLOCK_SIZE;
    lx_memcpy(ctx->buf, p, len);
}

void sha512_final(struct sha512_ctx *ctx, uint8_t out[SHA512_DIGEST_SIZE])
{
    size_t used = (size_t)(ctx->len % SHA512_BLOCK_SIZE);

    /* The length field is 128 bits; with a 64-bit byte count its top 61
     * bits are the high part of len << 3. */
    ctx->buf[used++] = 0x80;
    if (used > SHA512_BLOCK_SIZE - 16) {
        lx_memset(ctx->buf + used, 0, SHA512_BLOCK_SIZE - used);
        sha512_compress(ctx->h, ctx->buf, 1);
        used = 0;
    }
    lx_memset(ctx->buf + used, 0, SHA512_BLOCK_SIZE - 16 - used);
    store_be64(ctx->buf + SHA512_BLOCK_SIZE - 16, ctx->len >> 61);
    store_be64(ctx->buf + SHA512_BLOCK_SIZE - 8, ctx->len << 3);
    sha512_compress(ctx->h, ctx->buf, 1);
    for (int i = 0; i < 8; i++)
        store_be64(out + 8 * i, ctx->h[i]);
    lx_memzero_secure(ctx, sizeof(*ctx));
}

void sha512(const void *data, size_t len, uint8_t out[SHA512_DIGEST_SIZE])
{
    struct sha512_ctx ctx;

    sha512_init(&ctx);
    sha512_update(&ctx, data, len);
    sha512_final(&ctx, out);
}
