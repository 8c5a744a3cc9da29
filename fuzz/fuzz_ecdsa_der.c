/*
 * libFuzzer target: Brainpool ECDSA verification on hostile input
 * (lib/crypto/ecdsa_bp512.h). The DER parser, the point decoder and the
 * whole verification must never crash, read out of bounds or hang, and
 * must agree with each other: a signature the verifier accepts has to
 * parse, and a key it accepts has to decode.
 *
 * Input layout: selector byte (curve, key length choice, entry point),
 * key length byte, then key bytes, then a 64-byte digest, then the
 * signature (the rest).
 */
#include "base/status.h"
#include "crypto/ecdsa_bp512.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };
    uint8_t sel = fz_u8(&f);
    enum bp512_curve_id curve = (sel & 1) ? BP512_T1 : BP512_R1;
    static const size_t key_lens[4] = { 65, 129, 1, 0 };
    size_t key_len = (sel & 2) ? key_lens[fz_u8(&f) & 3] : fz_u8(&f);
    uint8_t r[BP512_COORD_BYTES], s[BP512_COORD_BYTES];
    const uint8_t *key, *digest, *sig;
    size_t dlen, sig_len;
    struct bp512_point q;
    int rc_der, rc_pt, rc;

    if (key_len > f.n)
        key_len = f.n;
    key = f.p;
    f.p += key_len;
    f.n -= key_len;
    dlen = f.n < 64 ? f.n : 64;
    digest = f.p;
    f.p += dlen;
    f.n -= dlen;
    sig = f.p;
    sig_len = f.n;

    rc_der = ecdsa_bp512_der_decode(sig, sig_len, r, s);
    rc_pt = bp512_point_decode(curve, &q, key, key_len);
    fz_check(rc_der <= 0 && rc_pt <= 0, "positive status");
    if (sel & 4) {
        rc = nexus_ecdsa_verify(key, key_len, digest, dlen, sig, sig_len);
        if (rc == LX_OK)
            fz_check(sig_len == NEXUS_ECDSA_SIG_BYTES && rc_der == LX_OK, "nexus accepted bad form");
    } else {
        rc = ecdsa_bp512_verify(curve, key, key_len, digest, dlen, sig, sig_len);
    }
    if (rc == LX_OK)
        fz_check(rc_der == LX_OK && rc_pt == LX_OK, "accepted what does not parse");
    /* r || s read straight from the input as P1363. */
    if (rc_pt == LX_OK && sig_len >= BP512_SIG_P1363_BYTES)
        (void)ecdsa_bp512_verify_rs(&q, digest, dlen, sig, sig + BP512_COORD_BYTES);
    return 0;
}
