/*
 * Nexus's SK hashes (LLL-TAO src/LLC/hash/SK.h): Skein v1.1 first, then a
 * Keccak sponge over the Skein digest.
 *
 *   SK32   Skein-256 (32-bit out)   -> Keccak r=1344 c=256,  32 bits, suffix 0x06
 *   SK64   Skein-256 (64-bit out)   -> Keccak r=1344 c=256,  64 bits, suffix 0x06
 *   SK256  Skein-256-256            -> SHA3-256
 *   SK512  Skein-512-512            -> SHA3-512
 *   SK1024 Skein-1024-1024          -> Keccak r=576 c=1024, 1024 bits, suffix 0x05
 *
 * Outputs are the bytes as the sponge produces them (Nexus's "raw" form,
 * the memory of its base_uint); Nexus prints GetHex() byte-reversed. SK32
 * and SK64 are used by Nexus as integers: the little-endian reading of
 * those bytes, which sk32()/sk64() return.
 */
#ifndef LX_CRYPTO_SK_H
#define LX_CRYPTO_SK_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/skein.h"

enum sk_kind { SK32, SK64, SK256, SK512, SK1024 };

#define SK_MAX_DIGEST_SIZE 128

struct sk_ctx {
    struct skein_ctx skein;     /* stage 1 runs over the streamed input */
    enum sk_kind kind;
};

/* Digest bytes of a kind (4, 8, 32, 64, 128), or 0 for an unknown kind. */
size_t sk_digest_size(enum sk_kind kind);

/* Streaming: LX_OK, or LX_ERR_PARAM for an unknown kind. */
int sk_init(struct sk_ctx *ctx, enum sk_kind kind);
void sk_update(struct sk_ctx *ctx, const void *data, size_t len);
/* Writes sk_digest_size(kind) bytes and wipes ctx. */
void sk_final(struct sk_ctx *ctx, uint8_t *out);

/* One-shot, raw digest bytes. */
void sk_hash(enum sk_kind kind, const void *data, size_t len, uint8_t *out);
uint32_t sk32(const void *data, size_t len);
uint64_t sk64(const void *data, size_t len);
void sk256(const void *data, size_t len, uint8_t out[32]);
void sk512(const void *data, size_t len, uint8_t out[64]);
void sk1024(const void *data, size_t len, uint8_t out[128]);

#endif
