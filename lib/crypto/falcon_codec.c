/*
 * FALCON-512 decoders: the public key (14-bit coefficients) and the two
 * signature encodings of s2 (compressed, header 0x39; fixed 12-bit, header
 * 0x59). Only canonical encodings are accepted, so that each signature has
 * exactly one byte string; every read is bounds-checked against the input
 * length and every loop has a fixed bound.
 */
#include "crypto/falcon.h"

#include "base/status.h"

#define PK_BITS 14
#define CT_BITS 12
#define SIG_BODY_OFFSET (1 + FALCON512_NONCE_SIZE)
#define COMP_MAX_ABS 2047

int falcon_is_format_error(int err)
{
    return err <= FALCON_ERR_PK_LENGTH && err >= FALCON_ERR_SIG_TRAILING;
}

int falcon512_pubkey_decode_coeffs(uint16_t h[FALCON512_N], const uint8_t *in, size_t len)
{
    uint32_t acc = 0;
    unsigned acc_len = 0;
    size_t i, k = 0;

    if (in == NULL || len != FALCON512_PUBKEY_SIZE) {
        if (in != NULL && len > 0 && in[0] != FALCON512_PUBKEY_HEADER)
            return FALCON_ERR_PK_HEADER;
        return FALCON_ERR_PK_LENGTH;
    }
    if (in[0] != FALCON512_PUBKEY_HEADER)
        return FALCON_ERR_PK_HEADER;
    /* 896 bytes hold exactly 512 x 14 bits: no spare bits to check. */
    for (i = 1; i < len; i++) {
        acc = (acc << 8) | in[i];
        acc_len += 8;
        if (acc_len >= PK_BITS) {
            uint32_t w;

            acc_len -= PK_BITS;
            w = (acc >> acc_len) & ((1u << PK_BITS) - 1);
            if (w >= FALCON512_Q)
                return FALCON_ERR_PK_RANGE;
            h[k++] = (uint16_t)w;
        }
    }
    return LX_OK;
}

/* A most-significant-bit-first reader over a bounded byte string. */
struct bit_reader {
    const uint8_t *buf;
    size_t len, pos;        /* bytes available / bytes consumed */
    uint32_t acc;           /* the low acc_len bits are still unread */
    unsigned acc_len;
};

/* Make at least `need` (<= 24) bits available; 0 when the input ran out. */
static int br_fill(struct bit_reader *br, unsigned need)
{
    while (br->acc_len < need) {
        if (br->pos >= br->len)
            return 0;
        br->acc = (br->acc << 8) | br->buf[br->pos++];
        br->acc_len += 8;
    }
    return 1;
}

static uint32_t br_take(struct bit_reader *br, unsigned bits)
{
    br->acc_len -= bits;
    return (br->acc >> br->acc_len) & ((1u << bits) - 1);
}

/*
 * Compressed s2 (spec 3.11.2): per coefficient a sign bit, the 7 low bits
 * of |s|, then |s| >> 7 in unary (that many 0s, then a 1). Rejects "-0",
 * |s| > 2047, a truncated stream and non-zero unused bits in the last
 * byte. *used receives the number of bytes consumed.
 */
static int comp_decode(int16_t s2[FALCON512_N], const uint8_t *in, size_t len, size_t *used)
{
    struct bit_reader br = { in, len, 0, 0, 0 };
    size_t i;

    for (i = 0; i < FALCON512_N; i++) {
        uint32_t sign, m;
        unsigned zeros;

        if (!br_fill(&br, 8))
            return FALCON_ERR_SIG_TRUNCATED;
        sign = br_take(&br, 1);
        m = br_take(&br, 7);
        /* At most 16 zero bits before the magnitude leaves the range. */
        for (zeros = 0;; zeros++) {
            if (!br_fill(&br, 1))
                return FALCON_ERR_SIG_TRUNCATED;
            if (br_take(&br, 1) != 0)
                break;
            m += 128;
            if (m > COMP_MAX_ABS)
                return FALCON_ERR_SIG_RANGE;
        }
        if (sign != 0 && m == 0)
            return FALCON_ERR_SIG_MINUS_ZERO;
        s2[i] = (int16_t)(sign != 0 ? -(int32_t)m : (int32_t)m);
    }
    if ((br.acc & ((1u << br.acc_len) - 1)) != 0)
        return FALCON_ERR_SIG_PADDING;
    *used = br.pos;
    return LX_OK;
}

/*
 * Fixed-width s2 (the reference trim_i16 form, 12 bits for n = 512): two's
 * complement in [-2047, 2047]; -2048 is rejected as the reference does.
 * The caller has checked that exactly 768 bytes follow the nonce.
 */
static int ct_decode(int16_t s2[FALCON512_N], const uint8_t *in)
{
    size_t i;

    for (i = 0; i < FALCON512_N; i += 2) {
        const uint8_t *p = in + (i / 2) * 3;
        uint32_t w0 = ((uint32_t)p[0] << 4) | (p[1] >> 4);
        uint32_t w1 = ((uint32_t)(p[1] & 0x0f) << 8) | p[2];

        if (w0 == 0x800 || w1 == 0x800)
            return FALCON_ERR_SIG_RANGE;
        s2[i] = (int16_t)((int32_t)(w0 ^ 0x800) - 0x800);
        s2[i + 1] = (int16_t)((int32_t)(w1 ^ 0x800) - 0x800);
    }
    return LX_OK;
}

int falcon512_sig_decode(int16_t s2[FALCON512_N], const uint8_t **nonce,
                         const uint8_t *sig, size_t sig_len)
{
    size_t used;
    int r;

    if (sig == NULL || sig_len < SIG_BODY_OFFSET) {
        if (sig != NULL && sig_len > 0 && sig[0] != FALCON512_SIG_COMPRESSED_HEADER
            && sig[0] != FALCON512_SIG_CT_HEADER)
            return FALCON_ERR_SIG_HEADER;
        return FALCON_ERR_SIG_LENGTH;
    }
    if (nonce != NULL)
        *nonce = sig + 1;
    if (sig[0] == FALCON512_SIG_CT_HEADER) {
        if (sig_len != FALCON512_SIG_CT_SIZE)
            return FALCON_ERR_SIG_LENGTH;
        return ct_decode(s2, sig + SIG_BODY_OFFSET);
    }
    if (sig[0] != FALCON512_SIG_COMPRESSED_HEADER)
        return FALCON_ERR_SIG_HEADER;
    r = comp_decode(s2, sig + SIG_BODY_OFFSET, sig_len - SIG_BODY_OFFSET, &used);
    if (r != LX_OK)
        return r;
    /*
     * No byte may follow the encoding, not even the zero fill of the
     * falcon.h "padded" form: LLL-TAO's falcon_verify (the 2019 API it
     * embeds) requires header + nonce + encoding == sig_len exactly.
     */
    if (used + SIG_BODY_OFFSET != sig_len)
        return FALCON_ERR_SIG_TRAILING;
    return LX_OK;
}
