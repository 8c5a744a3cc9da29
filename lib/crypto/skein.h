/*
 * Skein hash (Threefish-256/512/1024 in UBI chaining): plain hashing with
 * any output length in bits, Skein-MAC, bit-granular input and one-shot
 * tree hashing. One implementation serves two constant sets: the final
 * Skein 1.3 (skein_v13) and the v1.1 constants Nexus' SK hashes are built
 * on (skein_v11_nexus). init runs the Config UBI block, so every output
 * length and both versions work the same way; only the IVs of a plain hash
 * whose output is the state size (e.g. Skein-512-512) are tabulated.
 *
 * Usage:
 *     struct skein_ctx c;
 *     skein_init(&c, &skein_v13, 512, 512);
 *     skein_update(&c, msg, len);          any number of times
 *     skein_final(&c, out);                SKEIN_OUT_BYTES(512) bytes
 * or skein(&skein_v13, 512, 512, msg, len, out).
 *
 * Key-derived state (chaining value, buffer) is wiped by skein_final and
 * the one-shot functions; Threefish's per-block stack temporaries are not,
 * for speed.
 *
 * All functions return LX_OK or a negative lx_status: LX_ERR_PARAM for a
 * block size other than 256/512/1024, out_bits == 0, NULL pointers with
 * non-zero lengths or bad tree parameters; LX_ERR_STATE for input after a
 * partial final byte, or use of a context after skein_final.
 */
#ifndef LX_CRYPTO_SKEIN_H
#define LX_CRYPTO_SKEIN_H

#include <stddef.h>
#include <stdint.h>

#define SKEIN_MAX_BLOCK_BYTES 128
#define SKEIN_MAX_WORDS 16

/* Bytes written by skein_final for out_bits bits of output. When out_bits
 * is not a multiple of 8 the unused low bits of the last byte are left as
 * computed (as the reference code does), not cleared. */
#define SKEIN_OUT_BYTES(out_bits) ((size_t)((out_bits) / 8 + ((out_bits) % 8 != 0)))

struct skein_params;

/*
 * One UBI block: h = Threefish_h,t(block) ^ block for the state size the
 * function is made for. t is the tweak already covering this block.
 */
typedef void skein_compress_fn(const struct skein_params *p, uint64_t *h,
                               const uint64_t t[2], const uint8_t *block);

/*
 * A Skein version: the Threefish rotation constants per state size and the
 * key-schedule parity constant. compress[] (index 0/1/2 for 256/512/1024)
 * may point at code specialised for exactly these constants; NULL selects
 * the table-driven path, which reads the tables at run time.
 */
struct skein_params {
    const char *name;
    uint64_t ks_parity;
    uint8_t rot256[8][2];
    uint8_t rot512[8][4];
    uint8_t rot1024[8][8];
    skein_compress_fn *compress[3];
    /* The chaining value after Config for a plain hash with out_bits equal
     * to the block size, per state size; NULL runs the Config block. */
    const uint64_t *iv[3];
};

/* Skein 1.3 (the SHA-3 final round): parity 0x1BD11BDAA9FC1A22. */
extern const struct skein_params skein_v13;
/* Skein v1.1 as in LLL-TAO src/LLC/hash/SK/: parity 0x5555555555555555. */
extern const struct skein_params skein_v11_nexus;

/* Streaming state; opaque to callers, wiped by skein_final. */
struct skein_ctx {
    skein_compress_fn *compress;
    const struct skein_params *params;
    uint64_t h[SKEIN_MAX_WORDS];        /* chaining value */
    uint64_t t[2];                      /* tweak of the next block */
    union {                             /* pending input, never empty once */
        uint64_t w[SKEIN_MAX_WORDS];    /* any input arrived: the last block */
        uint8_t b[SKEIN_MAX_BLOCK_BYTES]; /* must be processed with Final */
    } buf;
    size_t buf_len;
    size_t block_bytes;
    uint64_t out_bits;
    int closed;                         /* a partial byte ended the input */
};

/* Plain hash: block_bits 256/512/1024, out_bits >= 1. */
int skein_init(struct skein_ctx *ctx, const struct skein_params *p,
               unsigned block_bits, uint64_t out_bits);

/* Skein-MAC: a Key UBI block of key (any length) before Config. A 0-byte
 * key gives the plain hash, as in the reference. The caller should wipe
 * its own copy of key. */
int skein_init_mac(struct skein_ctx *ctx, const struct skein_params *p,
                   unsigned block_bits, uint64_t out_bits,
                   const uint8_t *key, size_t key_len);

int skein_update(struct skein_ctx *ctx, const void *data, size_t len);

/*
 * Input of nbits bits. When nbits % 8 != 0 the last byte supplies its most
 * significant nbits % 8 bits (the Skein reference convention) and this must
 * be the last input before skein_final; later updates give LX_ERR_STATE.
 */
int skein_update_bits(struct skein_ctx *ctx, const uint8_t *data, size_t nbits);

/* Writes SKEIN_OUT_BYTES(out_bits) bytes and wipes ctx. */
int skein_final(struct skein_ctx *ctx, uint8_t *out);

/* One-shot hash and MAC of len bytes. */
int skein(const struct skein_params *p, unsigned block_bits, uint64_t out_bits,
          const void *data, size_t len, uint8_t *out);
int skein_mac(const struct skein_params *p, unsigned block_bits, uint64_t out_bits,
              const uint8_t *key, size_t key_len,
              const void *data, size_t len, uint8_t *out);

/*
 * Tree hashing (Skein spec 3.5.6): leaves of Nb * 2^leaf bytes, nodes of
 * 2^fanout children, at most max_height levels (255 = unlimited). Requires
 * leaf >= 1, fanout >= 1, max_height >= 2, leaf and fanout <= 56.
 */
struct skein_tree_shape {
    uint8_t leaf;       /* Y_l */
    uint8_t fanout;     /* Y_f */
    uint8_t max_height; /* Y_m */
};

/* Levels above the leaves that skein_tree can hold (it keeps one chaining
 * value per level on the stack, about 6 KB in all); deeper trees give
 * LX_ERR_PARAM. With the smallest leaves and nodes that still allows over
 * 2^40 message bytes. */
#define SKEIN_TREE_MAX_LEVELS 36

/* One-shot tree hash of len bytes; key may be NULL when key_len is 0. */
int skein_tree(const struct skein_params *p, unsigned block_bits, uint64_t out_bits,
               const struct skein_tree_shape *shape,
               const uint8_t *key, size_t key_len,
               const void *data, size_t len, uint8_t *out);

#endif
