/*
 * SHA-512 (FIPS 180-4): streaming and one-shot hashing, plus the raw block
 * function.
 */
#ifndef LX_CRYPTO_SHA512_H
#define LX_CRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_SIZE 64
#define SHA512_BLOCK_SIZE 128

struct sha512_ctx {
    uint64_t h[8];                  /* chaining value */
    uint64_t len;                   /* bytes absorbed so far (< 2^64) */
    uint8_t buf[SHA512_BLOCK_SIZE]; /* partial block: len % 128 bytes */
};

void sha512_init(struct sha512_ctx *ctx);
void sha512_update(struct sha512_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes the context. */
void sha512_final(struct sha512_ctx *ctx, uint8_t out[SHA512_DIGEST_SIZE]);
void sha512(const void *data, size_t len, uint8_t out[SHA512_DIGEST_SIZE]);

/*
 * Apply the compression function to nblocks consecutive 128-byte blocks,
 * updating h in place (no padding, no length). Uses a CPU-specific variant
 * when one is available.
 */
void sha512_compress(uint64_t h[8], const uint8_t *blocks, size_t nblocks);

/* The portable implementation of the same; exposed so tests can compare. */
void sha512_compress_generic(uint64_t h[8], const uint8_t *blocks, size_t nblocks);

#endif
