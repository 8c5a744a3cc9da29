/*
 * Keccak-f[1600] and the sponges built on it: SHA3-256, SHA3-512 and
 * SHAKE256 (FIPS 202), and the raw sponge with a caller-chosen rate and
 * delimited suffix that Nexus's SK hashes use (e.g. rate 1344 bits with
 * suffix 0x06, rate 576 bits with suffix 0x05).
 */
#ifndef LX_CRYPTO_KECCAK_H
#define LX_CRYPTO_KECCAK_H

#include <stddef.h>
#include <stdint.h>

#define KECCAK_STATE_BYTES 200
#define SHA3_256_DIGEST_SIZE 32
#define SHA3_512_DIGEST_SIZE 64
#define SHA3_256_RATE 136
#define SHA3_512_RATE 72
#define SHAKE256_RATE 136

struct keccak_ctx {
    uint64_t a[25];     /* lanes, a[x + 5*y], little-endian lane order */
    uint32_t rate;      /* bytes absorbed/squeezed per permutation */
    uint32_t pos;       /* byte offset inside the current rate block */
    uint8_t suffix;     /* delimited suffix: domain bits then a 1 bit */
    uint8_t squeezing;  /* 0 while absorbing, 1 after padding */
};

void keccak_f1600(uint64_t a[25]);

/*
 * Raw sponge. rate_bytes must be a multiple of 8 in [8, 192] and suffix
 * non-zero (0x06 SHA-3, 0x1f SHAKE, 0x01 original Keccak, 0x05 SK1024);
 * returns LX_OK or LX_ERR_PARAM. Absorb any number of times, then squeeze
 * any number of times (the first squeeze pads); absorbing after squeezing
 * is ignored and squeezing continues the same output stream.
 */
int keccak_init(struct keccak_ctx *ctx, size_t rate_bytes, uint8_t suffix);
void keccak_absorb(struct keccak_ctx *ctx, const void *data, size_t len);
void keccak_squeeze(struct keccak_ctx *ctx, void *out, size_t len);
void keccak_wipe(struct keccak_ctx *ctx);

void sha3_256_init(struct keccak_ctx *ctx);
void sha3_256_update(struct keccak_ctx *ctx, const void *data, size_t len);
void sha3_256_final(struct keccak_ctx *ctx, uint8_t out[SHA3_256_DIGEST_SIZE]);
void sha3_256(const void *data, size_t len, uint8_t out[SHA3_256_DIGEST_SIZE]);

void sha3_512_init(struct keccak_ctx *ctx);
void sha3_512_update(struct keccak_ctx *ctx, const void *data, size_t len);
void sha3_512_final(struct keccak_ctx *ctx, uint8_t out[SHA3_512_DIGEST_SIZE]);
void sha3_512(const void *data, size_t len, uint8_t out[SHA3_512_DIGEST_SIZE]);

void shake256_init(struct keccak_ctx *ctx);
void shake256_absorb(struct keccak_ctx *ctx, const void *data, size_t len);
void shake256_squeeze(struct keccak_ctx *ctx, void *out, size_t len);
void shake256(const void *data, size_t len, void *out, size_t out_len);

#endif
