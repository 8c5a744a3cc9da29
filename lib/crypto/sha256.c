/*
 * SHA-256 (FIPS 180-4, section 6.2): the portable block function, the
 * streaming API and padding. The block function can be taken over by an
 * architecture hook (arch/sha_arch.h) when the CPU has SHA instructions.
 */
#include "crypto/sha256.h"

#include "base/endian.h"
#include "base/mem.h"
#include "crypto/arch/sha_arch.h"

/* FIPS 180-4 section 4.2.2: first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes. */
const uint32_t lx_sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t sha256_iv[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (rotr32(x, 2) ^ rotr32(x, 13) ^ rotr32(x, 22))
#define BSIG1(x) (rotr32(x, 6) ^ rotr32(x, 11) ^ rotr32(x, 25))
#define SSIG0(x) (rotr32(x, 7) ^ rotr32(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (rotr32(x, 17) ^ rotr32(x, 19) ^ ((x) >> 10))

/* One round. The eight calls of R8 rotate the roles of a..h instead of
 * moving values, and with the loop fully unrolled i is a constant, so the
 * schedule ring w stays in registers where the target has enough. */
#define ROUND(a, b, c, d, e, f, g, h, i)                                      \
    do {                                                                      \
        if ((i) >= 16)                                                        \
            SCHED(i);                                                         \
        uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + lx_sha256_k[i] + w[(i) & 15]; \
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

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[16];
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];

    for (int i = 0; i < 16; i++)
        w[i] = load_be32(p + 4 * i);
    R8(0);
    R8(8);
    R8(16);
    R8(24);
    R8(32);
    R8(40);
    R8(48);
    R8(56);
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

void sha256_compress_generic(uint32_t h[8], const uint8_t *blocks, size_t nblocks)
{
    for (size_t i = 0; i < nblocks; i++)
        sha256_block(h, blocks + i * SHA256_BLOCK_SIZE);
}

void sha256_compress(uint32_t h[8], const uint8_t *blocks, size_t nblocks)
{
    if (nblocks == 0 || arch_sha256_compress(h, blocks, nblocks))
        return;
    sha256_compress_generic(h, blocks, nblocks);
}

void sha256_init(struct sha256_ctx *ctx)
{
    for (int i = 0; i < 8; i++)
        ctx->h[i] = sha256_iv[i];
    ctx->len = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t used = (size_t)(ctx->len % SHA256_BLOCK_SIZE);

    ctx->len += len;
    if (used > 0) {
        size_t take = SHA256_BLOCK_SIZE - used;
        if (len < take) {
            lx_memcpy(ctx->buf + used, p, len);
            return;
        }
        lx_memcpy(ctx->buf + used, p, take);
        sha256_compress(ctx->h, ctx->buf, 1);
        p += take;
        len -= take;
    }
    /* Whole blocks straight from the caller's buffer, in one call so the
     * arch code can keep its state in registers across blocks. */
    size_t nblocks = len / SHA256_BLOCK_SIZE;
    sha256_compress(ctx->h, p, nblocks);
    p += nblocks * SHA256_BLOCK_SIZE;
    len -= nblocks * SHA256_BLOCK_SIZE;
    lx_memcpy(ctx->buf, p, len);
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
    size_t used = (size_t)(ctx->len % SHA256_BLOCK_SIZE);
    uint64_t bits = ctx->len << 3;

    /* 0x80, zeros, then the 64-bit big-endian bit length in the last 8
     * bytes; a second block is needed when fewer than 9 bytes are left. */
    ctx->buf[used++] = 0x80;
    if (used > SHA256_BLOCK_SIZE - 8) {
        lx_memset(ctx->buf + used, 0, SHA256_BLOCK_SIZE - used);
        sha256_compress(ctx->h, ctx->buf, 1);
        used = 0;
    }
    lx_memset(ctx->buf + used, 0, SHA256_BLOCK_SIZE - 8 - used);
    store_be64(ctx->buf + SHA256_BLOCK_SIZE - 8, bits);
    sha256_compress(ctx->h, ctx->buf, 1);
    for (int i = 0; i < 8; i++)
        store_be32(out + 4 * i, ctx->h[i]);
    lx_memzero_secure(ctx, sizeof(*ctx));
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx ctx;

    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, out);
}
