/*
 * HMAC (RFC 2104, FIPS 198-1) with SHA-256 and SHA-512. Keys are secrets:
 * the contexts hold only key-derived hash states, and final/verify wipe
 * them. Tag comparison is constant-time.
 */
#ifndef LX_CRYPTO_HMAC_H
#define LX_CRYPTO_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/sha256.h"
#include "crypto/sha512.h"

struct hmac_sha256_ctx {
    struct sha256_ctx inner;    /* H(K ^ ipad || ...) in progress */
    struct sha256_ctx outer;    /* H(K ^ opad) after one block */
};

struct hmac_sha512_ctx {
    struct sha512_ctx inner;
    struct sha512_ctx outer;
};

/* Any key length; keys longer than the block are hashed first (RFC 2104). */
void hmac_sha256_init(struct hmac_sha256_ctx *ctx, const void *key, size_t key_len);
void hmac_sha256_update(struct hmac_sha256_ctx *ctx, const void *data, size_t len);
/* Writes the 32-byte tag and wipes the context. */
void hmac_sha256_final(struct hmac_sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);
void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                 uint8_t out[SHA256_DIGEST_SIZE]);
/*
 * 1 when tag (tag_len bytes, a truncation of the full tag: 16 <= tag_len
 * <= 32, NIST SP 800-107's floor for truncation is 32 bits but short tags
 * are refused here) matches, else 0. Constant-time in the tag contents.
 */
int hmac_sha256_verify(const void *key, size_t key_len, const void *data, size_t len,
                       const uint8_t *tag, size_t tag_len);

void hmac_sha512_init(struct hmac_sha512_ctx *ctx, const void *key, size_t key_len);
void hmac_sha512_update(struct hmac_sha512_ctx *ctx, const void *data, size_t len);
void hmac_sha512_final(struct hmac_sha512_ctx *ctx, uint8_t out[SHA512_DIGEST_SIZE]);
void hmac_sha512(const void *key, size_t key_len, const void *data, size_t len,
                 uint8_t out[SHA512_DIGEST_SIZE]);
/* As hmac_sha256_verify, with 32 <= tag_len <= 64. */
int hmac_sha512_verify(const void *key, size_t key_len, const void *data, size_t len,
                       const uint8_t *tag, size_t tag_len);

#define HMAC_SHA256_MIN_TAG 16
#define HMAC_SHA512_MIN_TAG 32

#endif
