/*
 * Keccak-f[1600] (FIPS 202, section 3) and the sponge on top of it:
 * SHA3-256, SHA3-512, SHAKE256 and the raw sponge with a caller-chosen
 * rate and delimited suffix that Nexus's SK hashes need.
 */
#include "crypto/keccak.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"

/* FIPS 202 section 3.2.5: iota round constants for the 24 rounds. */
static const uint64_t keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL,
    0x8000000080008000ULL, 0x000000000000808bULL, 0x0000000080000001ULL,
    0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL,
    0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL,
    0x000000000000800aULL, 0x800000008000000aULL, 0x8000000080008081ULL,
    0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/*
 * Lane names follow the Keccak team's reference code: the first letter is
 * the state (A or E), then the row y in b,g,k,m,s and the column x in
 * a,e,i,o,u, so Ake is A[x=1][y=2] = a[1 + 5*2].
 *
 * Lane complementing (the Keccak team's implementation overview): with
 * the six lanes be, bi, go, ki, mi, sa held inverted, chi's 25 NOT+AND
 * pairs become one AND or OR each plus five NOTs per round. The inverted
 * set is the same after every round, so it is applied once on entry and
 * once on exit. Each row below has its own AND/OR pattern; x0..x4 are the
 * theta/rho/pi outputs that land in that row.
 */
#define LOAD_ROW(x0, x1, x2, x3, x4)                        \
    uint64_t b0 = (x0), b1 = (x1), b2 = (x2), b3 = (x3), b4 = (x4)

#define CHI_B(D, x0, x1, x2, x3, x4)                        \
    do {                                                    \
        LOAD_ROW(x0, x1, x2, x3, x4);                       \
        D##ba = b0 ^ (b1 | b2);                             \
        D##be = b1 ^ (~b2 | b3);                            \
        D##bi = b2 ^ (b3 & b4);                             \
        D##bo = b3 ^ (b4 | b0);                             \
        D##bu = b4 ^ (b0 & b1);                             \
    } while (0)

#define CHI_G(D, x0, x1, x2, x3, x4)                        \
    do {                                                    \
        LOAD_ROW(x0, x1, x2, x3, x4);                       \
        D##ga = b0 ^ (b1 | b2);                             \
        D##ge = b1 ^ (b2 & b3);                             \
        D##gi = b2 ^ (b3 | ~b4);                            \
        D##go = b3 ^ (b4 | b0);                             \
        D##gu = b4 ^ (b0 & b1);                             \
    } while (0)

#define CHI_K(D, x0, x1, x2, x3, x4)                        \
    do {                                                    \
        LOAD_ROW(x0, x1, x2, x3, x4);                       \
        D##ka = b0 ^ (b1 | b2);                             \
        D##ke = b1 ^ (b2 & b3);                             \
        D##ki = b2 ^ (~b3 & b4);                            \
        D##ko = ~b3 ^ (b4 | b0);                            \
        D##ku = b4 ^ (b0 & b1);                             \
    } while (0)

#define CHI_M(D, x0, x1, x2, x3, x4)                        \
    do {                                                    \
        LOAD_ROW(x0, x1, x2, x3, x4);                       \
        D##ma = b0 ^ (b1 & b2);                             \
        D##me = b1 ^ (b2 | b3);                             \
        D##mi = b2 ^ (~b3 | b4);                            \
        D##mo = ~b3 ^ (b4 & b0);                            \
        D##mu = b4 ^ (b0 | b1);                             \
    } while (0)

#define CHI_S(D, x0, x1, x2, x3, x4)                        \
    do {                                                    \
        LOAD_ROW(x0, x1, x2, x3, x4);                       \
        D##sa = b0 ^ (~b1 & b2);                            \
        D##se = ~b1 ^ (b2 | b3);                            \
        D##si = b2 ^ (b3 & b4);                             \
        D##so = b3 ^ (b4 | b0);                             \
        D##su = b4 ^ (b0 & b1);                             \
    } while (0)

/*
 * One full round from state S into state D: theta's column parities and
 * D values, then theta+rho+pi fused per output row, chi, iota. Writing
 * into a second set of locals avoids pi's lane shuffle entirely.
 */
#define KECCAK_ROUND(S, D, rc)                                              \
    do {                                                                    \
        uint64_t ca = S##ba ^ S##ga ^ S##ka ^ S##ma ^ S##sa;                \
        uint64_t ce = S##be ^ S##ge ^ S##ke ^ S##me ^ S##se;                \
        uint64_t ci = S##bi ^ S##gi ^ S##ki ^ S##mi ^ S##si;                \
        uint64_t co = S##bo ^ S##go ^ S##ko ^ S##mo ^ S##so;                \
        uint64_t cu = S##bu ^ S##gu ^ S##ku ^ S##mu ^ S##su;                \
        uint64_t da = cu ^ rotl64(ce, 1);                                   \
        uint64_t de = ca ^ rotl64(ci, 1);                                   \
        uint64_t di = ce ^ rotl64(co, 1);                                   \
        uint64_t dO = ci ^ rotl64(cu, 1);                                   \
        uint64_t du = co ^ rotl64(ca, 1);                                   \
        CHI_B(D, S##ba ^ da, rotl64(S##ge ^ de, 44),                        \
              rotl64(S##ki ^ di, 43), rotl64(S##mo ^ dO, 21),               \
              rotl64(S##su ^ du, 14));                                      \
        D##ba ^= (rc);                                                      \
        CHI_G(D, rotl64(S##bo ^ dO, 28), rotl64(S##gu ^ du, 20),            \
              rotl64(S##ka ^ da, 3), rotl64(S##me ^ de, 45),                \
              rotl64(S##si ^ di, 61));                                      \
        CHI_K(D, rotl64(S##be ^ de, 1), rotl64(S##gi ^ di, 6),              \
              rotl64(S##ko ^ dO, 25), rotl64(S##mu ^ du, 8),                \
              rotl64(S##sa ^ da, 18));                                      \
        CHI_M(D, rotl64(S##bu ^ du, 27), rotl64(S##ga ^ da, 36),            \
              rotl64(S##ke ^ de, 10), rotl64(S##mi ^ di, 15),               \
              rotl64(S##so ^ dO, 56));                                      \
        CHI_S(D, rotl64(S##bi ^ di, 62), rotl64(S##go ^ dO, 55),            \
              rotl64(S##ku ^ du, 39), rotl64(S##ma ^ da, 41),               \
              rotl64(S##se ^ de, 2));                                       \
    } while (0)

void keccak_f1600(uint64_t a[25])
{
    /* All 50 lanes live in locals so the compiler can keep the working
     * set in registers; two rounds per iteration swap A and E roles. */
    uint64_t Aba = a[0], Abe = ~a[1], Abi = ~a[2], Abo = a[3], Abu = a[4];
    uint64_t Aga = a[5], Age = a[6], Agi = a[7], Ago = ~a[8], Agu = a[9];
    uint64_t Aka = a[10], Ake = a[11], Aki = ~a[12], Ako = a[13], Aku = a[14];
    uint64_t Ama = a[15], Ame = a[16], Ami = ~a[17], Amo = a[18], Amu = a[19];
    uint64_t Asa = ~a[20], Ase = a[21], Asi = a[22], Aso = a[23], Asu = a[24];
    uint64_t Eba, Ebe, Ebi, Ebo, Ebu, Ega, Ege, Egi, Ego, Egu;
    uint64_t Eka, Eke, Eki, Eko, Eku, Ema, Eme, Emi, Emo, Emu;
    uint64_t Esa, Ese, Esi, Eso, Esu;

    for (int r = 0; r < 24; r += 2) {
        KECCAK_ROUND(A, E, keccak_rc[r]);
        KECCAK_ROUND(E, A, keccak_rc[r + 1]);
    }

    a[0] = Aba; a[1] = ~Abe; a[2] = ~Abi; a[3] = Abo; a[4] = Abu;
    a[5] = Aga; a[6] = Age; a[7] = Agi; a[8] = ~Ago; a[9] = Agu;
    a[10] = Aka; a[11] = Ake; a[12] = ~Aki; a[13] = Ako; a[14] = Aku;
    a[15] = Ama; a[16] = Ame; a[17] = ~Ami; a[18] = Amo; a[19] = Amu;
    a[20] = ~Asa; a[21] = Ase; a[22] = Asi; a[23] = Aso; a[24] = Asu;
}

/* ---- sponge --------------------------------------------------------------- */

/* Byte i of the state as FIPS 202 orders it: lane i/8, little-endian. */
static inline void xor_byte(uint64_t a[25], size_t i, uint8_t b)
{
    a[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

static inline uint8_t get_byte(const uint64_t a[25], size_t i)
{
    return (uint8_t)(a[i / 8] >> (8 * (i % 8)));
}

int keccak_init(struct keccak_ctx *ctx, size_t rate_bytes, uint8_t suffix)
{
    lx_memset(ctx, 0, sizeof(*ctx));
    /* The capacity must stay non-zero and the rate whole lanes, so that
     * full blocks can be absorbed lane by lane. */
    if (rate_bytes < 8 || rate_bytes > KECCAK_STATE_BYTES - 8 || rate_bytes % 8 != 0)
        return LX_ERR_PARAM;
    if (suffix == 0)
        return LX_ERR_PARAM;
    ctx->rate = (uint32_t)rate_bytes;
    ctx->suffix = suffix;
    return LX_OK;
}

/* XOR whole rate blocks straight from the input; returns bytes consumed. */
static size_t absorb_blocks(uint64_t a[25], size_t rate, const uint8_t *p, size_t len)
{
    size_t lanes = rate / 8, done = 0;

    while (len - done >= rate) {
        for (size_t i = 0; i < lanes; i++)
            a[i] ^= load_le64(p + done + 8 * i);
        keccak_f1600(a);
        done += rate;
    }
    return done;
}

void keccak_absorb(struct keccak_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    size_t rate = ctx->rate, pos = ctx->pos;

    /* Absorbing after the padding would silently change the output
     * stream's meaning; the contract is to ignore it. A failed init
     * (rate 0) is ignored the same way. */
    if (ctx->squeezing || rate == 0 || len == 0)
        return;
    if (pos != 0) {
        while (len > 0 && pos < rate) {
            xor_byte(ctx->a, pos++, *p++);
            len--;
        }
        if (pos < rate) {
            ctx->pos = (uint32_t)pos;
            return;
        }
        keccak_f1600(ctx->a);
        pos = 0;
    }
    size_t done = absorb_blocks(ctx->a, rate, p, len);
    p += done;
    len -= done;
    while (len > 0) {
        xor_byte(ctx->a, pos++, *p++);
        len--;
    }
    ctx->pos = (uint32_t)pos;
}

/* Pad10*1 with the delimited suffix (its top set bit is the first pad bit),
 * then permute: the state is ready to be read from byte 0. */
static void keccak_pad(struct keccak_ctx *ctx)
{
    size_t rate = ctx->rate;

    xor_byte(ctx->a, ctx->pos, ctx->suffix);
    /* A suffix with bit 7 set already fills the last byte of the block,
     * so the final 1 bit of the padding goes into a block of its own. */
    if ((ctx->suffix & 0x80) && ctx->pos == rate - 1)
        keccak_f1600(ctx->a);
    xor_byte(ctx->a, rate - 1, 0x80);
    keccak_f1600(ctx->a);
    ctx->pos = 0;
    ctx->squeezing = 1;
}

void keccak_squeeze(struct keccak_ctx *ctx, void *out, size_t len)
{
    uint8_t *o = out;
    size_t rate = ctx->rate, pos;

    if (rate == 0) {
        /* Failed init or wiped context: zeros, never stale state. */
        lx_memset(out, 0, len);
        return;
    }
    if (!ctx->squeezing)
        keccak_pad(ctx);
    pos = ctx->pos;
    while (len > 0) {
        if (pos == rate) {
            keccak_f1600(ctx->a);
            pos = 0;
        }
        if (pos % 8 == 0 && len >= 8) {
            /* Whole lanes: the common case for digests. */
            size_t n = rate - pos < len ? rate - pos : len;
            n &= ~(size_t)7;
            for (size_t i = 0; i < n; i += 8)
                store_le64(o + i, ctx->a[(pos + i) / 8]);
            o += n;
            pos += n;
            len -= n;
        } else {
            *o++ = get_byte(ctx->a, pos++);
            len--;
        }
    }
    ctx->pos = (uint32_t)pos;
}

void keccak_wipe(struct keccak_ctx *ctx)
{
    lx_memzero_secure(ctx, sizeof(*ctx));
}

/* ---- SHA3-256, SHA3-512, SHAKE256 (FIPS 202 section 6) ------------------- */

/* FIPS 202 domain bits: "01" for SHA-3 and "1111" for SHAKE, each followed
 * by the first padding bit, read LSB first. */
#define SHA3_SUFFIX 0x06
#define SHAKE_SUFFIX 0x1f

void sha3_256_init(struct keccak_ctx *ctx)
{
    (void)keccak_init(ctx, SHA3_256_RATE, SHA3_SUFFIX);
}

void sha3_256_update(struct keccak_ctx *ctx, const void *data, size_t len)
{
    keccak_absorb(ctx, data, len);
}

void sha3_256_final(struct keccak_ctx *ctx, uint8_t out[SHA3_256_DIGEST_SIZE])
{
    keccak_squeeze(ctx, out, SHA3_256_DIGEST_SIZE);
    keccak_wipe(ctx);
}

void sha3_256(const void *data, size_t len, uint8_t out[SHA3_256_DIGEST_SIZE])
{
    struct keccak_ctx ctx;

    sha3_256_init(&ctx);
    sha3_256_update(&ctx, data, len);
    sha3_256_final(&ctx, out);
}

void sha3_512_init(struct keccak_ctx *ctx)
{
    (void)keccak_init(ctx, SHA3_512_RATE, SHA3_SUFFIX);
}

void sha3_512_update(struct keccak_ctx *ctx, const void *data, size_t len)
{
    keccak_absorb(ctx, data, len);
}

void sha3_512_final(struct keccak_ctx *ctx, uint8_t out[SHA3_512_DIGEST_SIZE])
{
    keccak_squeeze(ctx, out, SHA3_512_DIGEST_SIZE);
    keccak_wipe(ctx);
}

void sha3_512(const void *data, size_t len, uint8_t out[SHA3_512_DIGEST_SIZE])
{
    struct keccak_ctx ctx;

    sha3_512_init(&ctx);
    sha3_512_update(&ctx, data, len);
    sha3_512_final(&ctx, out);
}

void shake256_init(struct keccak_ctx *ctx)
{
    (void)keccak_init(ctx, SHAKE256_RATE, SHAKE_SUFFIX);
}

void shake256_absorb(struct keccak_ctx *ctx, const void *data, size_t len)
{
    keccak_absorb(ctx, data, len);
}

void shake256_squeeze(struct keccak_ctx *ctx, void *out, size_t len)
{
    keccak_squeeze(ctx, out, len);
}

void shake256(const void *data, size_t len, void *out, size_t out_len)
{
    struct keccak_ctx ctx;

    shake256_init(&ctx);
    shake256_absorb(&ctx, data, len);
    shake256_squeeze(&ctx, out, out_len);
    keccak_wipe(&ctx);
}
