/*
 * HMAC-SHA-256 and HMAC-SHA-512 (RFC 2104). The padded key blocks are
 * built without branching on key bytes and wiped before returning; only
 * the key *length* (public) decides whether it is hashed first.
 */
#include "crypto/hmac.h"

#include "base/mem.h"

#define IPAD 0x36
#define OPAD 0x5c

/* Fill block with key ^ pad (zero-padded key), for one block size. */
static void xor_pad(uint8_t *block, size_t block_size, const uint8_t *key, size_t key_len,
                    uint8_t pad)
{
    for (size_t i = 0; i < block_size; i++)
        block[i] = (uint8_t)((i < key_len ? key[i] : 0) ^ pad);
}

void hmac_sha256_init(struct hmac_sha256_ctx *ctx, const void *key, size_t key_len)
{
    uint8_t k[SHA256_DIGEST_SIZE];
    uint8_t block[SHA256_BLOCK_SIZE];

    if (key_len > SHA256_BLOCK_SIZE) {
        sha256(key, key_len, k);
        key = k;
        key_len = sizeof(k);
    }
    xor_pad(block, sizeof(block), key, key_len, IPAD);
    sha256_init(&ctx->inner);
    sha256_update(&ctx->inner, block, sizeof(block));
    xor_pad(block, sizeof(block), key, key_len, OPAD);
    sha256_init(&ctx->outer);
    sha256_update(&ctx->outer, block, sizeof(block));
    lx_memzero_secure(block, sizeof(block));
    lx_memzero_secure(k, sizeof(k));
}

void hmac_sha256_update(struct hmac_sha256_ctx *ctx, const void *data, size_t len)
{
    sha256_update(&ctx->inner, data, len);
}

void hmac_sha256_final(struct hmac_sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
    uint8_t inner[SHA256_DIGEST_SIZE];

    sha256_final(&ctx->inner, inner);
    sha256_update(&ctx->outer, inner, sizeof(inner));
    sha256_final(&ctx->outer, out);
    lx_memzero_secure(inner, sizeof(inner));
}

void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                 uint8_t out[SHA256_DIGEST_SIZE])
{
    struct hmac_sha256_ctx ctx;

    hmac_sha256_init(&ctx, key, key_len);
    hmac_sha256_update(&ctx, data, len);
    hmac_sha256_final(&ctx, out);
}

int hmac_sha256_verify(const void *key, size_t key_len, const void *data, size_t len,
                       const uint8_t *tag, size_t tag_len)
{
    uint8_t mac[SHA256_DIGEST_SIZE];
    int ok;

    if (tag_len < HMAC_SHA256_MIN_TAG || tag_len > SHA256_DIGEST_SIZE)
        return 0;
    hmac_sha256(key, key_len, data, len, mac);
    ok = lx_ct_memeq(mac, tag, tag_len);
    lx_memzero_secure(mac, sizeof(mac));
    return ok;
}

void hmac_sha512_init(struct hmac_sha512_ctx *ctx, const void *key, size_t key_len)
{
    uint8_t k[SHA512_DIGEST_SIZE];
    uint8_t block[SHA512_BLOCK_SIZE];

    if (key_len > SHA512_BLOCK_SIZE) {
        sha512(key, key_len, k);
        key = k;
        key_len = sizeof(k);
    }
    xor_pad(block, sizeof(block), key, key_len, IPAD);
    sha512_init(&ctx->inner);
    sha512_update(&ctx->inner, block, sizeof(block));
    xor_pad(block, sizeof(block), key, key_len, OPAD);
    sha512_init(&ctx->outer);
    sha512_update(&ctx->outer, block, sizeof(block));
    lx_memzero_secure(block, sizeof(block));
    lx_memzero_secure(k, sizeof(k));
}

void hmac_sha512_update(struct hmac_sha512_ctx *ctx, const void *data, size_t len)
{
    sha512_update(&ctx->inner, data, len);
}

void hmac_sha512_final(struct hmac_sha512_ctx *ctx, uint8_t out[SHA512_DIGEST_SIZE])
{
    uint8_t inner[SHA512_DIGEST_SIZE];

    sha512_final(&ctx->inner, inner);
    sha512_update(&ctx->outer, inner, sizeof(inner));
    sha512_final(&ctx->outer, out);
    lx_memzero_secure(inner, sizeof(inner));
}

void hmac_sha512(const void *key, size_t key_len, const void *data, size_t len,
                 uint8_t out[SHA512_DIGEST_SIZE])
{
    struct hmac_sha512_ctx ctx;

    hmac_sha512_init(&ctx, key, key_len);
    hmac_sha512_update(&ctx, data, len);
    hmac_sha512_final(&ctx, out);
}

int hmac_sha512_verify(const void *key, size_t key_len, const void *data, size_t len,
                       const uint8_t *tag, size_t tag_len)
{
    uint8_t mac[SHA512_DIGEST_SIZE];
    int ok;

    if (tag_len < HMAC_SHA512_MIN_TAG || tag_len > SHA512_DIGEST_SIZE)
        return 0;
    hmac_sha512(key, key_len, data, len, mac);
    ok = lx_ct_memeq(mac, tag, tag_len);
    lx_memzero_secure(mac, sizeof(mac));
    return ok;
}
