/*
 * Skein (Threefish + UBI), parameterised by its version constants; see
 * skein.h. Threefish is written once per state size as an inline body over
 * a rotation table, then instantiated with each built-in table so that the
 * rotation amounts become immediates, and once more reading the table at
 * run time for caller-supplied parameter sets.
 */
#include "crypto/skein.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"

#if defined(__GNUC__)
#define SKEIN_INLINE static inline __attribute__((always_inline))
#else
#define SKEIN_INLINE static inline
#endif

/* Tweak word 1 fields (spec 3.5.1): bits 112.. of the 128-bit tweak. */
#define T1_TREE_LEVEL(l) ((uint64_t)(l) << 48)
#define T1_BIT_PAD (1ull << 55)
#define T1_TYPE(x) ((uint64_t)(x) << 56)
#define T1_FIRST (1ull << 62)
#define T1_FINAL (1ull << 63)

#define TYPE_KEY 0
#define TYPE_CFG 4
#define TYPE_MSG 48
#define TYPE_OUT 63

#define CFG_LEN 32

/* ---- Threefish ------------------------------------------------------------ */

/* Threefish MIX on state words a, b in place, rotation r. */
#define MIX(a, b, r)                          \
    do {                                      \
        x[a] += x[b];                         \
        x[b] = rotl64(x[b], (r)) ^ x[a];      \
    } while (0)

/* The small loops below run once per block; fully unrolled they let the
 * compiler keep the whole Threefish state in registers across the subkey
 * additions instead of spilling it around each one. */
#define UNROLL _Pragma("GCC unroll 17")
#define UNROLL_ALL _Pragma("GCC unroll 40")

/* Fills ks[] with the key words and the parity word, repeated so that
 * subkey s starts at ks + s, and ts[] with the tweak words repeated so that
 * it starts at ts + s: the round loop then needs no modular indexing. */
SKEIN_INLINE void key_schedule(uint64_t *ks, size_t nks, uint64_t *ts, size_t nts,
                               const uint64_t *h, const uint64_t t[2], unsigned nw,
                               uint64_t parity)
{
    ks[nw] = parity;
    UNROLL
    for (unsigned i = 0; i < nw; i++) {
        ks[i] = h[i];
        ks[nw] ^= h[i];
    }
    UNROLL_ALL
    for (size_t i = nw + 1; i < nks; i++)
        ks[i] = ks[i - (nw + 1)];
    ts[0] = t[0];
    ts[1] = t[1];
    ts[2] = t[0] ^ t[1];
    UNROLL_ALL
    for (size_t i = 3; i < nts; i++)
        ts[i] = ts[i - 3];
}

/* Subkey s, given k = ks + s and tw = ts + s. */
SKEIN_INLINE void add_subkey(uint64_t *x, const uint64_t *k, const uint64_t *tw,
                             unsigned nw, uint64_t s)
{
    UNROLL
    for (unsigned i = 0; i < nw - 3; i++)
        x[i] += k[i];
    x[nw - 3] += k[nw - 3] + tw[0];
    x[nw - 2] += k[nw - 2] + tw[1];
    x[nw - 1] += k[nw - 1] + s;
}

/* The body shared by the three sizes: rounds4(r) is four rounds with rows
 * r..r+3 of the rotation table, so each loop pass is eight rounds. The last
 * subkey is number rounds / 4, so it reads up to ks[rounds / 4 + nw - 1]
 * and ts[rounds / 4 + 1]. */
#define THREEFISH_BODY(nw, rounds, rounds4)                                   \
    do {                                                                      \
        uint64_t ks[(rounds) / 4 + (nw)], ts[(rounds) / 4 + 2], m[nw], x[nw]; \
                                                                              \
        key_schedule(ks, sizeof(ks) / 8, ts, sizeof(ts) / 8, h, t, (nw), parity); \
        UNROLL                                                                \
        for (unsigned i = 0; i < (nw); i++) {                                 \
            m[i] = load_le64(block + 8 * i);                                  \
            x[i] = m[i];                                                      \
        }                                                                     \
        add_subkey(x, ks, ts, (nw), 0);                                       \
        for (uint64_t s = 1; s <= (rounds) / 4; s += 2) {                     \
            rounds4(0);                                                       \
            add_subkey(x, ks + s, ts + s, (nw), s);                           \
            rounds4(4);                                                       \
            add_subkey(x, ks + s + 1, ts + s + 1, (nw), s + 1);               \
        }                                                                     \
        UNROLL                                                                \
        for (unsigned i = 0; i < (nw); i++)                                   \
            h[i] = x[i] ^ m[i];                                               \
    } while (0)

/* Which words each of four rounds mixes: the spec's word permutation
 * folded into the choice of variables. Every permutation has order 4, so
 * after four rounds the words are back in place for the subkey addition. */
#define ROUNDS256_4(r)                                                        \
    MIX(0, 1, rot[r][0]); MIX(2, 3, rot[r][1]);                              \
    MIX(0, 3, rot[r + 1][0]); MIX(2, 1, rot[r + 1][1]);                      \
    MIX(0, 1, rot[r + 2][0]); MIX(2, 3, rot[r + 2][1]);                      \
    MIX(0, 3, rot[r + 3][0]); MIX(2, 1, rot[r + 3][1])

SKEIN_INLINE void ubi256(const uint8_t (*rot)[2], uint64_t parity, uint64_t *h,
                         const uint64_t t[2], const uint8_t *block)
{
    THREEFISH_BODY(4, 72, ROUNDS256_4);
}

#define ROUNDS512_4(r)                                                        \
    MIX(0, 1, rot[r][0]); MIX(2, 3, rot[r][1]);                              \
    MIX(4, 5, rot[r][2]); MIX(6, 7, rot[r][3]);                              \
    MIX(2, 1, rot[r + 1][0]); MIX(4, 7, rot[r + 1][1]);                      \
    MIX(6, 5, rot[r + 1][2]); MIX(0, 3, rot[r + 1][3]);                      \
    MIX(4, 1, rot[r + 2][0]); MIX(6, 3, rot[r + 2][1]);                      \
    MIX(0, 5, rot[r + 2][2]); MIX(2, 7, rot[r + 2][3]);                      \
    MIX(6, 1, rot[r + 3][0]); MIX(0, 7, rot[r + 3][1]);                      \
    MIX(2, 5, rot[r + 3][2]); MIX(4, 3, rot[r + 3][3])

SKEIN_INLINE void ubi512(const uint8_t (*rot)[4], uint64_t parity, uint64_t *h,
                         const uint64_t t[2], const uint8_t *block)
{
    THREEFISH_BODY(8, 72, ROUNDS512_4);
}

#define ROUNDS1024_4(r)                                                       \
    MIX(0, 1, rot[r][0]); MIX(2, 3, rot[r][1]);                              \
    MIX(4, 5, rot[r][2]); MIX(6, 7, rot[r][3]);                              \
    MIX(8, 9, rot[r][4]); MIX(10, 11, rot[r][5]);                            \
    MIX(12, 13, rot[r][6]); MIX(14, 15, rot[r][7]);                          \
    MIX(0, 9, rot[r + 1][0]); MIX(2, 13, rot[r + 1][1]);                     \
    MIX(6, 11, rot[r + 1][2]); MIX(4, 15, rot[r + 1][3]);                    \
    MIX(10, 7, rot[r + 1][4]); MIX(12, 3, rot[r + 1][5]);                    \
    MIX(14, 5, rot[r + 1][6]); MIX(8, 1, rot[r + 1][7]);                     \
    MIX(0, 7, rot[r + 2][0]); MIX(2, 5, rot[r + 2][1]);                      \
    MIX(4, 3, rot[r + 2][2]); MIX(6, 1, rot[r + 2][3]);                      \
    MIX(12, 15, rot[r + 2][4]); MIX(14, 13, rot[r + 2][5]);                  \
    MIX(8, 11, rot[r + 2][6]); MIX(10, 9, rot[r + 2][7]);                    \
    MIX(0, 15, rot[r + 3][0]); MIX(2, 11, rot[r + 3][1]);                    \
    MIX(6, 13, rot[r + 3][2]); MIX(4, 9, rot[r + 3][3]);                     \
    MIX(14, 1, rot[r + 3][4]); MIX(8, 5, rot[r + 3][5]);                     \
    MIX(10, 3, rot[r + 3][6]); MIX(12, 7, rot[r + 3][7])

SKEIN_INLINE void ubi1024(const uint8_t (*rot)[8], uint64_t parity, uint64_t *h,
                          const uint64_t t[2], const uint8_t *block)
{
    THREEFISH_BODY(16, 80, ROUNDS1024_4);
}

/* ---- constant sets ---------------------------------------------------------- */

#define PARITY_V13 0x1BD11BDAA9FC1A22ull
#define PARITY_V11 0x5555555555555555ull

/* Skein 1.3 rotation constants (spec table 4). */
#define ROT256_V13 {                                                          \
    {14, 16}, {52, 57}, {23, 40}, {5, 37}, {25, 33}, {46, 12}, {58, 22}, {32, 32}, \
}
#define ROT512_V13 {                                                          \
    {46, 36, 19, 37}, {33, 27, 14, 42}, {17, 49, 36, 39}, {44, 9, 54, 56},   \
    {39, 30, 34, 24}, {13, 50, 10, 17}, {25, 29, 39, 43}, {8, 35, 56, 22},   \
}
#define ROT1024_V13 {                                                         \
    {24, 13, 8, 47, 8, 17, 22, 37}, {38, 19, 10, 55, 49, 18, 23, 52},        \
    {33, 4, 51, 13, 34, 41, 59, 17}, {5, 20, 48, 41, 47, 28, 16, 25},        \
    {41, 9, 37, 31, 12, 47, 44, 30}, {16, 34, 56, 51, 4, 53, 42, 41},        \
    {31, 44, 47, 46, 19, 42, 44, 25}, {9, 48, 35, 52, 23, 31, 37, 20},       \
}

/* Skein 1.1 rotation constants (replaced in 1.2), as in LLL-TAO SK/. */
#define ROT256_V11 {                                                          \
    {5, 56}, {36, 28}, {13, 46}, {58, 44}, {26, 20}, {53, 35}, {11, 42}, {59, 50}, \
}
#define ROT512_V11 {                                                          \
    {38, 30, 50, 53}, {48, 20, 43, 31}, {34, 14, 15, 27}, {26, 12, 58, 7},   \
    {33, 49, 8, 42}, {39, 27, 41, 14}, {29, 26, 11, 9}, {33, 51, 39, 35},    \
}
#define ROT1024_V11 {                                                         \
    {55, 43, 37, 40, 16, 22, 38, 12}, {25, 25, 46, 13, 14, 13, 52, 57},      \
    {33, 8, 18, 57, 21, 12, 32, 54}, {34, 43, 25, 60, 44, 9, 59, 34},        \
    {28, 7, 47, 48, 51, 9, 35, 41}, {17, 6, 18, 25, 43, 42, 40, 15},         \
    {58, 7, 32, 45, 19, 18, 2, 56}, {47, 49, 27, 58, 37, 48, 53, 56},        \
}

/* File-local copies the specialised code reads, so the compiler sees the
 * values and emits them as immediates. */
static const uint8_t rot256_v13[8][2] = ROT256_V13;
static const uint8_t rot512_v13[8][4] = ROT512_V13;
static const uint8_t rot1024_v13[8][8] = ROT1024_V13;
static const uint8_t rot256_v11[8][2] = ROT256_V11;
static const uint8_t rot512_v11[8][4] = ROT512_V11;
static const uint8_t rot1024_v11[8][8] = ROT1024_V11;

/* Specialised instances: tables and parity are compile-time constants. */
#define DEFINE_COMPRESS(name, body, table, parity)                            \
    static void name(const struct skein_params *p, uint64_t *h,               \
                     const uint64_t t[2], const uint8_t *block)               \
    {                                                                         \
        (void)p;                                                              \
        body(table, parity, h, t, block);                                     \
    }

DEFINE_COMPRESS(compress256_v13, ubi256, rot256_v13, PARITY_V13)
DEFINE_COMPRESS(compress512_v13, ubi512, rot512_v13, PARITY_V13)
DEFINE_COMPRESS(compress1024_v13, ubi1024, rot1024_v13, PARITY_V13)
DEFINE_COMPRESS(compress256_v11, ubi256, rot256_v11, PARITY_V11)
DEFINE_COMPRESS(compress512_v11, ubi512, rot512_v11, PARITY_V11)
DEFINE_COMPRESS(compress1024_v11, ubi1024, rot1024_v11, PARITY_V11)

/* Table-driven instances for parameter sets without their own code. */
DEFINE_COMPRESS(compress256_any, ubi256, p->rot256, p->ks_parity)
DEFINE_COMPRESS(compress512_any, ubi512, p->rot512, p->ks_parity)
DEFINE_COMPRESS(compress1024_any, ubi1024, p->rot1024, p->ks_parity)

static skein_compress_fn *const compress_any[3] = {
    compress256_any, compress512_any, compress1024_any,
};

/* IVs: the chaining value after the Config block of a plain hash whose
 * output length equals the state size (spec 3.5.2, no key, no tree), so
 * that such a hash skips one Threefish call. Output of the code below for
 * each set; test_skein checks them against the Config block computed. */
static const uint64_t iv256_v13[4] = {
    0xfc9da860d048b449ull, 0x2fca66479fa7d833ull, 0xb33bc3896656840full,
    0x6a54e920fde8da69ull,
};
static const uint64_t iv512_v13[8] = {
    0x4903adff749c51ceull, 0x0d95de399746df03ull, 0x8fd1934127c79bceull,
    0x9a255629ff352cb1ull, 0x5db62599df6ca7b0ull, 0xeabe394ca9d5c3f4ull,
    0x991112c71a75b523ull, 0xae18a40b660fcc33ull,
};
static const uint64_t iv1024_v13[16] = {
    0xd593da0741e72355ull, 0x15b5e511ac73e00cull, 0x5180e5aebaf2c4f0ull,
    0x03bd41d3fcbcafafull, 0x1caec6fd1983a898ull, 0x6e510b8bcdd0589full,
    0x77e2bdfdc6394adaull, 0xc11e1db524dcb0a3ull, 0xd6d14af9c6329ab5ull,
    0x6a9b0bfc6eb67e0dull, 0x9243c60dccff1332ull, 0x1a1f1dde743f02d4ull,
    0x0996753c10ed0bb8ull, 0x6572dd22f2b4969aull, 0x61fd3062d00a579aull,
    0x1de0536e8682e539ull,
};
static const uint64_t iv256_v11[4] = {
    0x388512680e660046ull, 0x4b72d5dec5a8ff01ull, 0x281a9298ca5eb3a5ull,
    0x54ca5249f46070c4ull,
};
static const uint64_t iv512_v11[8] = {
    0xa8d47980544a6e32ull, 0x847511533e9b1a8aull, 0x6faee870d8e81a00ull,
    0x58b0d9d6cb557f92ull, 0x9bbc0051dac1d4e9ull, 0xb744e2b1d189e7caull,
    0x979350fa709c5ef3ull, 0x0350125a92067bcdull,
};
static const uint64_t iv1024_v11[16] = {
    0x5a4352be62092156ull, 0x5f6e8b1a72f001caull, 0xffcbfe9ca1a2ce26ull,
    0x6c23c39667038bcaull, 0x583a8bfcce34eb6cull, 0x3fdbfb11d4a46a3eull,
    0x3304acfca8300998ull, 0xb2f6675fa17f0fd2ull, 0x9d2599730ef7ab6bull,
    0x0914a20d3dfea9e4ull, 0xcc1a9cafa494dbd3ull, 0x9828030da0a6388cull,
    0x0d339d5daadee3dcull, 0xfc46de35c4e2a086ull, 0x53d6e4f52e19a6d1ull,
    0x5663952f715d1dddull,
};

const struct skein_params skein_v13 = {
    .name = "Skein 1.3",
    .ks_parity = PARITY_V13,
    .rot256 = ROT256_V13,
    .rot512 = ROT512_V13,
    .rot1024 = ROT1024_V13,
    .compress = {compress256_v13, compress512_v13, compress1024_v13},
    .iv = {iv256_v13, iv512_v13, iv1024_v13},
};

const struct skein_params skein_v11_nexus = {
    .name = "Skein 1.1 (Nexus SK)",
    .ks_parity = PARITY_V11,
    .rot256 = ROT256_V11,
    .rot512 = ROT512_V11,
    .rot1024 = ROT1024_V11,
    .compress = {compress256_v11, compress512_v11, compress1024_v11},
    .iv = {iv256_v11, iv512_v11, iv1024_v11},
};

/* ---- UBI -------------------------------------------------------------------- */

static int block_index(unsigned block_bits)
{
    switch (block_bits) {
    case 256: return 0;
    case 512: return 1;
    case 1024: return 2;
    default: return -1;
    }
}

static void ubi_start(struct skein_ctx *ctx, uint64_t t1_fields, uint64_t pos)
{
    ctx->t[0] = pos;
    ctx->t[1] = t1_fields | T1_FIRST;
    ctx->buf_len = 0;
}

static void ubi_block(struct skein_ctx *ctx, const uint8_t *block)
{
    ctx->t[0] += ctx->block_bytes;
    ctx->compress(ctx->params, ctx->h, ctx->t, block);
    ctx->t[1] &= ~T1_FIRST;
}

/* The last block (n <= block bytes, possibly 0) with Final set; a full block
 * is used where it lies, a short one is zero-padded in buf. */
static void ubi_last(struct skein_ctx *ctx, const uint8_t *in, size_t n)
{
    size_t bb = ctx->block_bytes;

    ctx->t[1] |= T1_FINAL;
    ctx->t[0] += n;
    if (n < bb) {
        if (in != ctx->buf.b)
            lx_memcpy(ctx->buf.b, in, n);
        for (size_t w = (n + 7) / 8; w < bb / 8; w++)
            ctx->buf.w[w] = 0;
        for (size_t i = n; i % 8 != 0; i++)
            ctx->buf.b[i] = 0;
        in = ctx->buf.b;
    }
    ctx->compress(ctx->params, ctx->h, ctx->t, in);
    ctx->buf_len = 0;
}

/* A whole UBI message at once: no copy unless the last block is short. */
static void ubi_all(struct skein_ctx *ctx, const uint8_t *in, size_t len)
{
    size_t bb = ctx->block_bytes;

    while (len > bb) {
        ubi_block(ctx, in);
        in += bb;
        len -= bb;
    }
    ubi_last(ctx, in, len);
}

/* Buffers input so that the last block is still pending when the input ends:
 * only then is it known to need the Final flag. */
static void ubi_absorb(struct skein_ctx *ctx, const uint8_t *in, size_t len)
{
    size_t bb = ctx->block_bytes;

    if (len == 0)
        return;
    if (ctx->buf_len + len > bb) {
        if (ctx->buf_len != 0) {
            size_t fill = bb - ctx->buf_len;
            lx_memcpy(ctx->buf.b + ctx->buf_len, in, fill);
            in += fill;
            len -= fill;
            ubi_block(ctx, ctx->buf.b);
            ctx->buf_len = 0;
        }
        while (len > bb) {
            ubi_block(ctx, in);
            in += bb;
            len -= bb;
        }
    }
    lx_memcpy(ctx->buf.b + ctx->buf_len, in, len);
    ctx->buf_len += len;
}

static void wipe_words(uint64_t *p, size_t n)
{
    volatile uint64_t *v = p;

    while (n--)
        *v++ = 0;
}

/* Clears chaining value and buffer (key-derived for a MAC, message data
 * otherwise) and marks the context unusable; the remaining fields are
 * public (sizes, version). */
static void ctx_wipe(struct skein_ctx *ctx)
{
    size_t nw = ctx->block_bytes / 8;

    wipe_words(ctx->h, nw);
    wipe_words(ctx->buf.w, nw);
    ctx->t[0] = ctx->t[1] = 0;
    ctx->buf_len = 0;
    ctx->compress = NULL;
    ctx->params = NULL;
}

/* Common init: optional Key block, then Config (with tree parameters). */
static int init_ext(struct skein_ctx *ctx, const struct skein_params *p,
                    unsigned block_bits, uint64_t out_bits,
                    const uint8_t *key, size_t key_len,
                    uint8_t yl, uint8_t yf, uint8_t ym)
{
    int idx = block_index(block_bits);
    uint8_t *cfg;

    if (ctx == NULL || p == NULL || idx < 0 || out_bits == 0 ||
        (key == NULL && key_len != 0))
        return LX_ERR_PARAM;
    ctx->params = p;
    ctx->compress = p->compress[idx] != NULL ? p->compress[idx] : compress_any[idx];
    ctx->block_bytes = block_bits / 8;
    ctx->out_bits = out_bits;
    ctx->closed = 0;
    if (key_len == 0 && yl == 0 && yf == 0 && ym == 0 && out_bits == block_bits &&
        p->iv[idx] != NULL) {
        lx_memcpy(ctx->h, p->iv[idx], ctx->block_bytes);
        ubi_start(ctx, T1_TYPE(TYPE_MSG), 0);
        return LX_OK;
    }
    for (size_t w = 0; w < ctx->block_bytes / 8; w++)
        ctx->h[w] = 0;

    if (key_len != 0) {
        ubi_start(ctx, T1_TYPE(TYPE_KEY), 0);
        ubi_all(ctx, key, key_len);
    }

    /* Config: "SHA3", version 1, output bits, tree parameters (spec 3.5.2). */
    cfg = ctx->buf.b;
    for (size_t w = 0; w < CFG_LEN / 8; w++)
        ctx->buf.w[w] = 0;
    cfg[0] = 'S';
    cfg[1] = 'H';
    cfg[2] = 'A';
    cfg[3] = '3';
    cfg[4] = 1;                         /* version, little-endian 16 bits */
    store_le64(cfg + 8, out_bits);
    cfg[16] = yl;
    cfg[17] = yf;
    cfg[18] = ym;
    ubi_start(ctx, T1_TYPE(TYPE_CFG), 0);
    ubi_last(ctx, cfg, CFG_LEN);

    ubi_start(ctx, T1_TYPE(TYPE_MSG), 0);
    return LX_OK;
}

int skein_init(struct skein_ctx *ctx, const struct skein_params *p,
               unsigned block_bits, uint64_t out_bits)
{
    return init_ext(ctx, p, block_bits, out_bits, NULL, 0, 0, 0, 0);
}

int skein_init_mac(struct skein_ctx *ctx, const struct skein_params *p,
                   unsigned block_bits, uint64_t out_bits,
                   const uint8_t *key, size_t key_len)
{
    return init_ext(ctx, p, block_bits, out_bits, key, key_len, 0, 0, 0);
}

int skein_update(struct skein_ctx *ctx, const void *data, size_t len)
{
    if (ctx == NULL || (data == NULL && len != 0))
        return LX_ERR_PARAM;
    if (ctx->compress == NULL || ctx->closed)
        return LX_ERR_STATE;
    ubi_absorb(ctx, data, len);
    return LX_OK;
}

int skein_update_bits(struct skein_ctx *ctx, const uint8_t *data, size_t nbits)
{
    unsigned rem = (unsigned)(nbits & 7);
    int rc = skein_update(ctx, data, nbits / 8 + (rem != 0));

    if (rc != LX_OK || rem == 0)
        return rc;
    /* Keep the top rem bits, append a 1 bit, clear the rest (spec 3.5.2);
     * the byte is the newest in buf, since ubi_absorb never empties buf. */
    uint8_t one = (uint8_t)(0x80u >> rem);
    uint8_t *last = &ctx->buf.b[ctx->buf_len - 1];
    *last = (uint8_t)((*last & (uint8_t)-one) | one);
    ctx->t[1] |= T1_BIT_PAD;
    ctx->closed = 1;
    return LX_OK;
}

static const uint8_t zero_block[SKEIN_MAX_BLOCK_BYTES];

/* Output stage from G in ctx->h: block i of the output is
 * UBI(G, le64(i), Out), truncated to out_bits. Wipes ctx. */
static void output_and_wipe(struct skein_ctx *ctx, uint8_t *out)
{
    size_t nw = ctx->block_bytes / 8;
    size_t left = SKEIN_OUT_BYTES(ctx->out_bits);
    uint64_t g[SKEIN_MAX_WORDS];
    const uint8_t *counter = zero_block;
    int more = left > ctx->block_bytes;

    /* G is only needed again when there is more than one output block. */
    if (more)
        for (size_t w = 0; w < nw; w++)
            g[w] = ctx->h[w];
    for (uint64_t i = 0; left != 0; i++) {
        if (i != 0) {
            for (size_t w = 0; w < nw; w++) {
                ctx->h[w] = g[w];
                ctx->buf.w[w] = 0;
            }
            store_le64(ctx->buf.b, i);
            counter = ctx->buf.b;
        }
        ctx->t[0] = 8;
        ctx->t[1] = T1_TYPE(TYPE_OUT) | T1_FIRST | T1_FINAL;
        ctx->compress(ctx->params, ctx->h, ctx->t, counter);
        for (size_t w = 0; w < nw && left != 0; w++) {
            if (left >= 8) {
                store_le64(out, ctx->h[w]);
                out += 8;
                left -= 8;
            } else {
                uint8_t tmp[8];
                store_le64(tmp, ctx->h[w]);
                lx_memcpy(out, tmp, left);
                left = 0;
            }
        }
    }
    if (more)
        wipe_words(g, nw);
    ctx_wipe(ctx);
}

int skein_final(struct skein_ctx *ctx, uint8_t *out)
{
    if (ctx == NULL || out == NULL)
        return LX_ERR_PARAM;
    if (ctx->compress == NULL)
        return LX_ERR_STATE;
    ubi_last(ctx, ctx->buf.b, ctx->buf_len);
    output_and_wipe(ctx, out);
    return LX_OK;
}

int skein(const struct skein_params *p, unsigned block_bits, uint64_t out_bits,
          const void *data, size_t len, uint8_t *out)
{
    return skein_mac(p, block_bits, out_bits, NULL, 0, data, len, out);
}

int skein_mac(const struct skein_params *p, unsigned block_bits, uint64_t out_bits,
              const uint8_t *key, size_t key_len,
              const void *data, size_t len, uint8_t *out)
{
    struct skein_ctx ctx;
    int rc;

    if (out == NULL || (data == NULL && len != 0))
        return LX_ERR_PARAM;
    rc = skein_init_mac(&ctx, p, block_bits, out_bits, key, key_len);
    if (rc != LX_OK)
        return rc;
    ubi_all(&ctx, data, len);
    output_and_wipe(&ctx, out);
    return LX_OK;
}

/* ---- tree hashing ----------------------------------------------------------- */

/*
 * With the message length known up front, the number of chaining values on
 * each level (count[l] = |M_l| / Nb) is known, so every level knows when a
 * child is the last of its node or of the level, and only the chaining
 * value of each level's open node has to be kept: no look-ahead buffer.
 */
struct tree_level {
    uint64_t h[SKEIN_MAX_WORDS];
    uint64_t t[2];
    uint64_t count;     /* children this level receives: |M_{l-1}| / Nb */
    uint64_t seen;      /* children received so far */
    uint64_t node;      /* children per node: 2^Yf, or all at the top */
};

struct tree_state {
    struct skein_ctx *ctx;
    const uint64_t *g0;
    struct tree_level lv[SKEIN_TREE_MAX_LEVELS];
    unsigned top;       /* lv[0] is level 2 ... lv[top - 1] is the root */
    uint64_t g[SKEIN_MAX_WORDS];
};

/* Feeds one chaining value from the level below into level index i, and
 * onwards through every node it completes. */
static void tree_push(struct tree_state *st, unsigned i, const uint64_t *child)
{
    struct skein_ctx *ctx = st->ctx;
    size_t bb = ctx->block_bytes;
    uint8_t block[SKEIN_MAX_BLOCK_BYTES];
    uint64_t cv[SKEIN_MAX_WORDS];

    lx_memcpy(cv, child, bb);
    for (; i < st->top; i++) {
        struct tree_level *l = &st->lv[i];
        uint64_t pos = l->seen % l->node;
        int last;

        if (pos == 0) {
            lx_memcpy(l->h, st->g0, bb);
            l->t[0] = l->seen * bb;
            l->t[1] = T1_TYPE(TYPE_MSG) | T1_TREE_LEVEL(i + 2) | T1_FIRST;
        }
        l->seen++;
        last = pos + 1 == l->node || l->seen == l->count;
        for (size_t w = 0; w < bb / 8; w++)
            store_le64(block + 8 * w, cv[w]);
        l->t[0] += bb;
        if (last)
            l->t[1] |= T1_FINAL;
        ctx->compress(ctx->params, l->h, l->t, block);
        l->t[1] &= ~T1_FIRST;
        if (!last)
            return;
        lx_memcpy(cv, l->h, bb);
    }
    lx_memcpy(st->g, cv, bb);
}

int skein_tree(const struct skein_params *p, unsigned block_bits, uint64_t out_bits,
               const struct skein_tree_shape *shape,
               const uint8_t *key, size_t key_len,
               const void *data, size_t len, uint8_t *out)
{
    struct skein_ctx ctx;
    struct tree_state st;
    uint64_t g0[SKEIN_MAX_WORDS];
    const uint8_t *msg = data;
    uint64_t leaf_bytes, leaves, count;
    int rc;

    if (shape == NULL || out == NULL || (data == NULL && len != 0) ||
        shape->leaf < 1 || shape->leaf > 56 || shape->fanout < 1 ||
        shape->fanout > 56 || shape->max_height < 2)
        return LX_ERR_PARAM;
    rc = init_ext(&ctx, p, block_bits, out_bits, key, key_len,
                  shape->leaf, shape->fanout, shape->max_height);
    if (rc != LX_OK)
        return rc;

    /* Shape of the tree: levels 2.. until one chaining value remains, or
     * level Y_m, which takes everything below it as a single node. */
    leaf_bytes = (uint64_t)ctx.block_bytes << shape->leaf;
    leaves = len == 0 ? 1 : (len - 1) / leaf_bytes + 1;
    st.top = 0;
    for (count = leaves; count > 1;) {
        struct tree_level *l;
        unsigned level = st.top + 2;

        if (st.top == SKEIN_TREE_MAX_LEVELS) {
            ctx_wipe(&ctx);
            return LX_ERR_PARAM;
        }
        l = &st.lv[st.top++];
        l->count = count;
        l->seen = 0;
        if (level >= shape->max_height) {
            l->node = count;
            count = 1;
        } else {
            l->node = (uint64_t)1 << shape->fanout;
            count = (count - 1) / l->node + 1;
        }
    }

    lx_memcpy(g0, ctx.h, sizeof(g0));
    st.ctx = &ctx;
    st.g0 = g0;
    for (uint64_t n = 0; n < leaves; n++) {
        uint64_t off = n * leaf_bytes;
        size_t take = len - off < leaf_bytes ? (size_t)(len - off) : (size_t)leaf_bytes;

        lx_memcpy(ctx.h, g0, sizeof(g0));
        ubi_start(&ctx, T1_TYPE(TYPE_MSG) | T1_TREE_LEVEL(1), off);
        ubi_all(&ctx, msg + off, take);
        tree_push(&st, 0, ctx.h);
    }

    lx_memcpy(ctx.h, st.g, sizeof(st.g));
    output_and_wipe(&ctx, out);
    lx_memzero_secure(&st, sizeof(st));
    lx_memzero_secure(g0, sizeof(g0));
    return LX_OK;
}
