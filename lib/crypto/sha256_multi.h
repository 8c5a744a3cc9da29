/*
 * SHA-256 of two independent, equal-length messages at once. Merkle-tree
 * building hashes many independent 4 KiB blocks; a CPU with SHA
 * instructions runs two interleaved streams faster than one after the
 * other because the round instructions of one stream fill the latency
 * gaps of the other. Everywhere else the two messages are hashed in turn.
 */
#ifndef LX_CRYPTO_SHA256_MULTI_H
#define LX_CRYPTO_SHA256_MULTI_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/sha256.h"

/* out_a = SHA-256(a[0..len)), out_b = SHA-256(b[0..len)). */
void sha256_x2(const void *a, const void *b, size_t len,
               uint8_t out_a[SHA256_DIGEST_SIZE], uint8_t out_b[SHA256_DIGEST_SIZE]);

/*
 * Both messages continue from the same prefix state start (e.g. a context
 * that absorbed a salt); start is not modified. When start has absorbed a
 * multiple of 64 bytes, the whole 64-byte blocks run interleaved.
 */
void sha256_x2_from(const struct sha256_ctx *start, const void *a, const void *b, size_t len,
                    uint8_t out_a[SHA256_DIGEST_SIZE], uint8_t out_b[SHA256_DIGEST_SIZE]);

/* 1 when the interleaved (two-stream) block function is in use on this CPU. */
int sha256_x2_accelerated(void);

#endif
