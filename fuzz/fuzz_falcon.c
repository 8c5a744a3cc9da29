/*
 * libFuzzer target: FALCON-512 decoders and verification (lib/crypto/falcon.h).
 * Nothing may crash or read out of bounds (the input is copied into an
 * exact-size heap buffer for ASan), and every accepted encoding must be
 * canonical: re-encoding what was decoded gives back the same bytes.
 *
 * Input layout: mode byte, then
 *   mode 0: a public key (header byte forced to 0x09 when the next byte is odd)
 *   mode 1: a signature, header forced to 0x39 / 0x59 / kept by the next byte
 *   mode 2: key selector byte, 2-byte signature length, signature, message;
 *           decode -> verify, result must be one of the documented codes
 */
#include "base/status.h"
#include "crypto/falcon.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct bits {
    uint8_t *out;
    size_t cap, pos;
    uint32_t acc;
    unsigned acc_len;
};

static void put(struct bits *b, uint32_t v, unsigned n)
{
    while (n-- > 0) {
        b->acc = (b->acc << 1) | ((v >> n) & 1);
        if (++b->acc_len == 8) {
            fz_check(b->pos < b->cap, "re-encoding overflows");
            b->out[b->pos++] = (uint8_t)b->acc;
            b->acc = 0;
            b->acc_len = 0;
        }
    }
}

static size_t finish(struct bits *b)
{
    if (b->acc_len > 0)
        put(b, 0, 8 - b->acc_len);
    return b->pos;
}

/* Exact-size heap copy, so a read past `len` is an ASan error. */
static uint8_t *dup(const uint8_t *p, size_t len)
{
    uint8_t *q = malloc(len ? len : 1);

    if (q == NULL)
        abort();
    if (len)
        memcpy(q, p, len);
    return q;
}

static void fuzz_pubkey(struct fz *f)
{
    uint16_t h[FALCON512_N];
    uint8_t re[FALCON512_PUBKEY_SIZE];
    struct falcon512_pubkey pk;
    int force = fz_u8(f) & 1;
    uint8_t *in = dup(f->p, f->n);
    int r, r2;

    if (force && f->n > 0)
        in[0] = FALCON512_PUBKEY_HEADER;
    r = falcon512_pubkey_decode_coeffs(h, in, f->n);
    r2 = falcon512_pubkey_decode(&pk, in, f->n);
    fz_check(r == r2, "pubkey decoders disagree");
    if (r == LX_OK) {
        struct bits b = { re + 1, sizeof(re) - 1, 0, 0, 0 };

        fz_check(f->n == FALCON512_PUBKEY_SIZE, "accepted a key of the wrong size");
        re[0] = FALCON512_PUBKEY_HEADER;
        for (size_t i = 0; i < FALCON512_N; i++) {
            fz_check(h[i] < FALCON512_Q, "coefficient >= q accepted");
            put(&b, h[i], 14);
        }
        finish(&b);
        fz_check(memcmp(re, in, sizeof(re)) == 0, "pubkey not canonical");
    } else {
        fz_check(r == FALCON_ERR_PK_LENGTH || r == FALCON_ERR_PK_HEADER
                 || r == FALCON_ERR_PK_RANGE, "unexpected pubkey error");
    }
    free(in);
}

/* Re-encode s2 in the form of sig[0] and compare with the input. */
static void check_canonical(const int16_t *s2, const uint8_t *sig, size_t len)
{
    uint8_t re[2048];
    struct bits b = { re + 41, sizeof(re) - 41, 0, 0, 0 };
    size_t i, n;

    for (i = 0; i < FALCON512_N; i++) {
        fz_check(s2[i] >= -2047 && s2[i] <= 2047, "s2 out of range");
        if (sig[0] == FALCON512_SIG_CT_HEADER) {
            put(&b, (uint32_t)s2[i] & 0xfff, 12);
        } else {
            uint32_t m = (uint32_t)(s2[i] < 0 ? -s2[i] : s2[i]);

            put(&b, s2[i] < 0, 1);
            put(&b, m & 0x7f, 7);
            put(&b, 1, (unsigned)(m >> 7) + 1);     /* (m >> 7) zeros, then a one */
        }
    }
    n = 41 + finish(&b);
    fz_check(n == len, "trailing bytes accepted");
    fz_check(memcmp(re + 41, sig + 41, n - 41) == 0, "signature not canonical");
}

static int is_sig_error(int r)
{
    return r == FALCON_ERR_SIG_LENGTH || r == FALCON_ERR_SIG_HEADER
           || r == FALCON_ERR_SIG_TRUNCATED || r == FALCON_ERR_SIG_RANGE
           || r == FALCON_ERR_SIG_MINUS_ZERO || r == FALCON_ERR_SIG_PADDING
           || r == FALCON_ERR_SIG_TRAILING;
}

static void fuzz_sig(struct fz *f)
{
    static const uint8_t headers[] = { FALCON512_SIG_COMPRESSED_HEADER,
                                       FALCON512_SIG_CT_HEADER };
    int16_t s2[FALCON512_N];
    const uint8_t *nonce = NULL;
    uint8_t sel = fz_u8(f);
    uint8_t *in = dup(f->p, f->n);
    int r;

    if (sel % 3 < 2 && f->n > 0)
        in[0] = headers[sel % 3];
    r = falcon512_sig_decode(s2, &nonce, in, f->n);
    if (r == LX_OK) {
        fz_check(nonce == in + 1, "nonce pointer");
        check_canonical(s2, in, f->n);
    } else {
        fz_check(is_sig_error(r), "unexpected signature error");
    }
    free(in);
}

static void fuzz_verify(struct fz *f)
{
    uint8_t key[FALCON512_PUBKEY_SIZE];
    struct falcon512_pubkey pk;
    uint8_t ksel = fz_u8(f);
    size_t sig_len = fz_u16(f), msg_len;
    uint8_t *sig, *msg;
    int r;

    /* a key from the input when it is long enough, else a fixed valid one */
    if ((ksel & 1) && f->n >= sizeof(key)) {
        memcpy(key, f->p, sizeof(key));
        f->p += sizeof(key);
        f->n -= sizeof(key);
    } else {
        struct bits b = { key + 1, sizeof(key) - 1, 0, 0, 0 };

        key[0] = FALCON512_PUBKEY_HEADER;
        for (size_t i = 0; i < FALCON512_N; i++)
            put(&b, (uint32_t)((i * 7919u + ksel) % FALCON512_Q), 14);
        finish(&b);
    }
    if (sig_len > f->n)
        sig_len = f->n;
    sig = dup(f->p, sig_len);
    if ((ksel & 6) == 2 && sig_len > 0)
        sig[0] = FALCON512_SIG_COMPRESSED_HEADER;
    else if ((ksel & 6) == 4 && sig_len > 0)
        sig[0] = FALCON512_SIG_CT_HEADER;
    msg_len = f->n - sig_len;
    msg = dup(f->p + sig_len, msg_len);

    r = falcon512_verify_raw(key, sizeof(key), sig, sig_len, msg, msg_len);
    fz_check(r == LX_OK || r == FALCON_ERR_BADSIG || r == FALCON_ERR_PK_HEADER
             || r == FALCON_ERR_PK_RANGE || is_sig_error(r), "unexpected verify result");
    if (falcon512_pubkey_decode(&pk, key, sizeof(key)) == LX_OK)
        fz_check(falcon512_verify(&pk, sig, sig_len, msg, msg_len) == r,
                 "verify and verify_raw disagree");
    free(sig);
    free(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };

    switch (fz_u8(&f) % 3) {
    case 0:
        fuzz_pubkey(&f);
        break;
    case 1:
        fuzz_sig(&f);
        break;
    default:
        fuzz_verify(&f);
        break;
    }
    return 0;
}
