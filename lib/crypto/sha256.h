/*
 * SHA-256 (FIPS 180-4): streaming and one-shot hashing, plus the raw block
 * function, which the Merkle-tree code uses directly on prepared blocks.
 */
#ifndef LX_CRYPTO_SHA256_H
#define LX_CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256_ctx {
    uint32_t h[8];                  /* chaining value */
    uint64_t len;                   /* bytes absorbed so far */
    uint8_t buf[SHA256_BLOCK_SIZE]; /* partial block: len % 64 bytes */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
/* Writes the digest and wipes the context. */
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

/*
 * Apply the compression function to nblocks consecutive 64-byte blocks,
 * updating h in place (no padding, no length). Uses the CPU's SHA
 * instructions when available.
 */
void sha256_compress(uint32_t h[8], const uint8_t *blocks, size_t nblocks);

/* The portable implementation of the same; exposed so tests can compare. */
void sha256_compress_generic(uint32_t h[8], const uint8_t *blocks, size_t nblocks);

#endif
