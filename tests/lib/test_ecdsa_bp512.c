/*
 * ECDSA verification on brainpoolP512r1/t1 (lib/crypto/ecdsa_bp512.h):
 * the built-in curve constants against RFC 5639, every Wycheproof
 * brainpoolP512r1 case (DER with SHA-512 and SHA3-512, P1363 with
 * SHA-512), the locally generated brainpoolP512t1 set (DER and P1363),
 * every Brainpool case of the Nexus signature vectors (LLL-TAO's own
 * results, including the 135-byte rule), and hand-made point and DER
 * encodings at the edges of what is accepted.
 */
#include "test.h"

#include "base/status.h"
#include "crypto/ecdsa_bp512.h"
#include "crypto/keccak.h"
#include "crypto/mp512.h"
#include "crypto/sha512.h"
#include "vec.h"

#define BP_DIR "vectors/ecdsa-brainpool/"
#define NEXUS_SIGS "fixtures/nexus/vectors/signatures.json"

static struct json *load_json(const char *rel, char **text)
{
    size_t len;
    struct json *root;

    *text = vec_load(rel, &len);
    if (*text == NULL)
        fail_msg("missing %s", rel);
    root = json_parse(*text, len);
    assert_non_null(root);
    return root;
}

static void hex_field(const struct json *obj, const char *key, uint8_t *out, size_t want)
{
    size_t hex_len;
    const char *hex = json_str(json_get(obj, key), &hex_len);

    assert_non_null(hex);
    assert_int_equal(vec_hex(hex, hex_len, out, want), want);
}

static uint8_t *hex_alloc_field(const struct json *obj, const char *key, size_t *len)
{
    size_t hex_len;
    const char *hex = json_str(json_get(obj, key), &hex_len);
    uint8_t *out;

    assert_non_null(hex);
    out = vec_hex_alloc(hex, hex_len, len);
    assert_non_null(out);
    return out;
}

/* ---- 512-bit arithmetic ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    /* xorshift64*: reproducible values, same on every platform. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dULL;
}

/* A value below m: random limbs, top limb cleared to below m's, or an edge value. */
static void random_below(struct mp512 *x, const struct mp512 *m, int i)
{
    struct mp512 one;

    mp512_set_u64(&one, 1);
    switch (i % 8) {
    case 0:
        mp512_set_u64(x, 1);
        return;
    case 1:
        mp512_sub(x, m, &one);              /* m - 1 */
        return;
    case 2:
        mp512_set_u64(x, 2);
        mp512_sub(x, m, x);                 /* m - 2 */
        return;
    default:
        for (int k = 0; k < MP512_LIMBS; k++)
            x->w[k] = rng();
        x->w[MP512_LIMBS - 1] %= m->w[MP512_LIMBS - 1];
        return;
    }
}

static void check_modulus(const struct mp512_mod *md)
{
    struct mp512 a, b, r1, r2, inv, t, one;

    mp512_set_u64(&one, 1);
    for (int i = 0; i < 200; i++) {
        random_below(&a, &md->m, i);
        random_below(&b, &md->m, i / 8 + 3);
        /* The dispatching multiplication (x86-64 ADX when present) and squaring
         * against the portable ones. */
        mp512_mont_mul(&r1, &a, &b, md);
        mp512_mont_mul_generic(&r2, &a, &b, md);
        assert_memory_equal(&r1, &r2, sizeof(r1));
        assert_true(mp512_cmp(&r1, &md->m) < 0);
        mp512_mont_sqr(&r1, &a, md);
        mp512_mont_sqr_generic(&r2, &a, md);
        assert_memory_equal(&r1, &r2, sizeof(r1));
        mp512_mont_mul_generic(&r2, &a, &a, md);
        assert_memory_equal(&r1, &r2, sizeof(r1));
        /* In-place use. */
        r1 = a;
        mp512_mont_mul(&r1, &r1, &b, md);
        mp512_mont_mul_generic(&r2, &a, &b, md);
        assert_memory_equal(&r1, &r2, sizeof(r1));
        /* Round trip through Montgomery form. */
        mp512_to_mont(&t, &a, md);
        mp512_from_mont(&r1, &t, md);
        assert_memory_equal(&r1, &a, sizeof(a));
        /* a * a^-1 = 1 by binary Euclid, and Fermat agrees. */
        assert_true(mp512_mod_inv(&inv, &a, md));
        mp512_to_mont(&t, &a, md);
        mp512_mont_mul(&r1, &t, &inv, md);          /* = a * inv, plain */
        assert_memory_equal(&r1, &one, sizeof(one));
        if (i < 12) {
            mp512_mont_inv(&r2, &t, md);
            mp512_from_mont(&r2, &r2, md);
            assert_memory_equal(&r2, &inv, sizeof(inv));
        }
        /* Modular add/sub are inverse to each other. */
        mp512_mod_add(&r1, &a, &b, md);
        assert_true(mp512_cmp(&r1, &md->m) < 0);
        mp512_mod_sub(&r2, &r1, &b, md);
        assert_memory_equal(&r2, &a, sizeof(a));
        mp512_mod_neg(&r2, &a, md);
        mp512_mod_add(&r2, &r2, &a, md);
        assert_true(mp512_is_zero(&r2));
    }
    /* No inverse of 0 or of m itself. */
    mp512_set_u64(&a, 0);
    assert_false(mp512_mod_inv(&inv, &a, md));
    assert_false(mp512_mod_inv(&inv, &md->m, md));
}

static void test_mp512(void **state)
{
    uint8_t p[64], a[64], b[64], gx[64], gy[64], n[64], back[64];
    struct mp512_mod mp, mn;
    (void)state;

    /* The moduli are rebuilt here from their big-endian bytes; the
     * Montgomery constants come from the generic code itself. */
    assert_int_equal(bp512_curve_params(BP512_T1, p, a, b, gx, gy, n), LX_OK);
    memset(&mp, 0, sizeof(mp));
    memset(&mn, 0, sizeof(mn));
    mp512_from_be(&mp.m, p);
    mp512_from_be(&mn.m, n);
    mp512_to_be(back, &mp.m);
    assert_memory_equal(back, p, 64);
    for (int k = 0; k < 2; k++) {
        struct mp512_mod *md = k ? &mn : &mp;
        uint64_t inv = 1;

        /* -m^-1 mod 2^64 by Newton iteration; R mod m by doubling 1 512 times;
         * R^2 mod m by doubling R another 512 times. */
        for (int i = 0; i < 6; i++)
            inv *= 2 - md->m.w[0] * inv;
        md->m0inv = (uint64_t)0 - inv;
        mp512_set_u64(&md->one, 1);
        for (int i = 0; i < 512; i++)
            mp512_mod_add(&md->one, &md->one, &md->one, md);
        md->r2 = md->one;
        for (int i = 0; i < 512; i++)
            mp512_mod_add(&md->r2, &md->r2, &md->r2, md);
        check_modulus(md);
    }
}

/* ---- curve constants ---- */

static void check_params(enum bp512_curve_id id, const char *name)
{
    static const char *const keys[] = { "p", "a", "b", "gx", "gy", "n" };
    char *text;
    struct json *root = load_json(BP_DIR "brainpoolP512_curve_params.json", &text);
    const struct json *c = json_get(json_get(root, "curves"), name);
    uint8_t got[6][64], want[64];

    assert_non_null(c);
    assert_int_equal(bp512_curve_params(id, got[0], got[1], got[2], got[3], got[4], got[5]),
                     LX_OK);
    for (int i = 0; i < 6; i++) {
        hex_field(c, keys[i], want, 64);
        if (memcmp(got[i], want, 64) != 0)
            fail_msg("%s: %s differs from RFC 5639", name, keys[i]);
    }
    assert_int_equal(json_int(json_get(c, "h")), 1);
    /* Montgomery constants, G on the curve, n G = O, the table of G multiples. */
    assert_int_equal(bp512_selftest(id), LX_OK);
    json_free(root);
    free(text);
}

static void test_curve_constants(void **state)
{
    (void)state;
    check_params(BP512_R1, "brainpoolP512r1");
    check_params(BP512_T1, "brainpoolP512t1");
    assert_int_equal(bp512_selftest((enum bp512_curve_id)0), LX_ERR_PARAM);
    assert_int_equal(bp512_selftest((enum bp512_curve_id)3), LX_ERR_PARAM);
}

/* ---- Wycheproof-format files ---- */

enum sig_form { FORM_DER, FORM_P1363 };

struct counts {
    size_t total, valid, invalid;
};

/* Compress an uncompressed point by hand (prefix 02 + parity of y). */
static void compress(uint8_t out[65], const uint8_t unc[129])
{
    out[0] = (uint8_t)(0x02 | (unc[128] & 1));
    memcpy(out + 1, unc + 1, 64);
}

static struct counts run_wycheproof(const char *rel, enum bp512_curve_id id, enum sig_form form)
{
    char *text;
    struct json *root = load_json(rel, &text);
    const struct json *groups = json_get(root, "testGroups");
    struct counts n = { 0, 0, 0 };

    assert_true(json_len(groups) > 0);
    for (size_t g = 0; g < json_len(groups); g++) {
        const struct json *grp = json_at(groups, g);
        const char *sha = json_str(json_get(grp, "sha"), NULL);
        const struct json *tests = json_get(grp, "tests");
        size_t pub_len;
        uint8_t *pub = hex_alloc_field(json_get(grp, "publicKey"), "uncompressed", &pub_len);
        uint8_t cpub[65];
        bool sha3;

        assert_non_null(sha);
        sha3 = strcmp(sha, "SHA3-512") == 0;
        assert_true(sha3 || strcmp(sha, "SHA-512") == 0);
        assert_int_equal(pub_len, 129);
        compress(cpub, pub);
        for (size_t t = 0; t < json_len(tests); t++) {
            const struct json *tc = json_at(tests, t);
            const char *result = json_str(json_get(tc, "result"), NULL);
            size_t msg_len, sig_len;
            uint8_t *msg = hex_alloc_field(tc, "msg", &msg_len);
            uint8_t *sig = hex_alloc_field(tc, "sig", &sig_len);
            uint8_t digest[64];
            int rc, rc_c;
            bool want;

            assert_non_null(result);
            if (sha3)
                sha3_512(msg, msg_len, digest);
            else
                sha512(msg, msg_len, digest);
            if (form == FORM_DER) {
                rc = ecdsa_bp512_verify(id, pub, pub_len, digest, 64, sig, sig_len);
                rc_c = ecdsa_bp512_verify(id, cpub, 65, digest, 64, sig, sig_len);
            } else {
                rc = ecdsa_bp512_verify_p1363(id, pub, pub_len, digest, 64, sig, sig_len);
                rc_c = ecdsa_bp512_verify_p1363(id, cpub, 65, digest, 64, sig, sig_len);
            }
            /* No "acceptable" cases exist in these files: every case is decided. */
            want = strcmp(result, "valid") == 0;
            if (!want && strcmp(result, "invalid") != 0)
                fail_msg("%s tcId %lld: unexpected result '%s'", rel,
                         json_int(json_get(tc, "tcId")), result);
            if ((rc == LX_OK) != want)
                fail_msg("%s tcId %lld: expected %s, got %d", rel,
                         json_int(json_get(tc, "tcId")), result, rc);
            /* The compressed key says the same, except for keys that are not
             * points at all (there the compressed form may name another). */
            if (rc != LX_ERR_EC_POINT_NOT_ON_CURVE && rc != LX_ERR_EC_POINT_RANGE &&
                rc_c != rc)
                fail_msg("%s tcId %lld: compressed key gives %d, uncompressed %d", rel,
                         json_int(json_get(tc, "tcId")), rc_c, rc);
            n.total++;
            if (want)
                n.valid++;
            else
                n.invalid++;
            free(msg);
            free(sig);
        }
        free(pub);
    }
    assert_int_equal((size_t)json_int(json_get(root, "numberOfTests")), n.total);
    json_free(root);
    free(text);
    return n;
}

static void expect_counts(struct counts n, size_t total, size_t valid)
{
    assert_int_equal(n.total, total);
    assert_int_equal(n.valid, valid);
    assert_int_equal(n.invalid, total - valid);
}

static void test_wycheproof_r1_sha512(void **state)
{
    (void)state;
    expect_counts(run_wycheproof(BP_DIR "ecdsa_brainpoolP512r1_sha512_test.json", BP512_R1,
                                 FORM_DER), 559, 252);
}

static void test_wycheproof_r1_sha3_512(void **state)
{
    (void)state;
    expect_counts(run_wycheproof(BP_DIR "ecdsa_brainpoolP512r1_sha3_512_test.json", BP512_R1,
                                 FORM_DER), 553, 252);
}

static void test_wycheproof_r1_p1363(void **state)
{
    (void)state;
    expect_counts(run_wycheproof(BP_DIR "ecdsa_brainpoolP512r1_sha512_p1363_test.json",
                                 BP512_R1, FORM_P1363), 337, 251);
}

static void test_generated_t1(void **state)
{
    (void)state;
    expect_counts(run_wycheproof(BP_DIR "generated/ecdsa_brainpoolP512t1_sha512_test.json",
                                 BP512_T1, FORM_DER), 78, 25);
}

static void test_generated_t1_p1363(void **state)
{
    (void)state;
    expect_counts(run_wycheproof(BP_DIR "generated/ecdsa_brainpoolP512t1_sha512_p1363_test.json",
                                 BP512_T1, FORM_P1363), 60, 25);
}

/* ---- Nexus (LLL-TAO ECKey::Verify) ---- */

static void test_nexus_signatures(void **state)
{
    char *text;
    struct json *root = load_json(NEXUS_SIGS, &text);
    const struct json *cases = json_get(root, "brainpool_p512t1_ecdsa");
    size_t valid = 0, invalid = 0, non135 = 0;
    (void)state;

    for (size_t i = 0; i < json_len(cases); i++) {
        const struct json *c = json_at(cases, i);
        const char *name = json_str(json_get(c, "case"), NULL);
        size_t msg_len, sig_len;
        uint8_t pub[65];
        uint8_t *msg = hex_alloc_field(c, "message_hex", &msg_len);
        uint8_t *sig = hex_alloc_field(c, "signature_der", &sig_len);
        bool want = json_bool(json_get(c, "valid"));
        int rc;

        assert_non_null(name);
        hex_field(c, "pubkey_compressed", pub, 65);
        rc = nexus_ecdsa_verify(pub, 65, msg, msg_len, sig, sig_len);
        if ((rc == LX_OK) != want)
            fail_msg("nexus case %zu (%s): expected %d, got %d", i, name, want, rc);
        if (json_get(c, "pubkey_uncompressed") != NULL) {
            size_t ulen;
            uint8_t *upub = hex_alloc_field(c, "pubkey_uncompressed", &ulen);
            struct bp512_point a, b;

            /* Both encodings of the key decode to the same point. */
            assert_int_equal(bp512_point_decode(BP512_T1, &a, pub, 65), LX_OK);
            assert_int_equal(bp512_point_decode(BP512_T1, &b, upub, ulen), LX_OK);
            assert_memory_equal(&a.x, &b.x, sizeof(a.x));
            assert_memory_equal(&a.y, &b.y, sizeof(a.y));
            assert_int_equal(nexus_ecdsa_verify(upub, ulen, msg, msg_len, sig, sig_len), rc);
            free(upub);
        }
        if (strncmp(name, "non_135_byte_DER", 16) == 0) {
            /* Mathematically valid, strict DER, but not 135 bytes: only the
             * Nexus rule rejects it; plain ECDSA_verify (and ours) accept. */
            assert_int_equal(sig_len, (size_t)json_int(json_get(c, "sig_len")));
            assert_true(sig_len != 135);
            assert_int_equal(rc, LX_ERR_ECDSA_NEXUS_ENCODING);
            assert_int_equal(ecdsa_bp512_verify(BP512_T1, pub, 65, msg, msg_len, sig, sig_len) ==
                                 LX_OK,
                             json_bool(json_get(c, "openssl_ECDSA_verify")));
            non135++;
        }
        if (want) {
            uint8_t *bad = malloc(sig_len + 1);

            assert_non_null(bad);
            /* Any single-bit change of the signature or message is rejected. */
            for (size_t k = 0; k < sig_len * 8; k += 7) {
                memcpy(bad, sig, sig_len);
                bad[k / 8] ^= (uint8_t)(1u << (k % 8));
                assert_true(nexus_ecdsa_verify(pub, 65, msg, msg_len, bad, sig_len) != LX_OK);
            }
            for (size_t k = 0; k < msg_len * 8; k += 5) {
                msg[k / 8] ^= (uint8_t)(1u << (k % 8));
                assert_true(nexus_ecdsa_verify(pub, 65, msg, msg_len, sig, sig_len) != LX_OK);
                msg[k / 8] ^= (uint8_t)(1u << (k % 8));
            }
            /* Trailing byte or one byte short: not 135 bytes. */
            memcpy(bad, sig, sig_len);
            bad[sig_len] = 0;
            assert_int_equal(nexus_ecdsa_verify(pub, 65, msg, msg_len, bad, sig_len + 1),
                             LX_ERR_ECDSA_NEXUS_ENCODING);
            assert_int_equal(nexus_ecdsa_verify(pub, 65, msg, msg_len, sig, sig_len - 1),
                             LX_ERR_ECDSA_NEXUS_ENCODING);
            free(bad);
            valid++;
        } else {
            invalid++;
        }
        free(msg);
        free(sig);
    }
    assert_int_equal(json_len(cases), 13);
    assert_int_equal(valid, 3);
    assert_int_equal(invalid, 10);
    assert_int_equal(non135, 1);
    json_free(root);
    free(text);
}

/* ---- point decoding at the edges ---- */

static void test_point_decode(void **state)
{
    uint8_t p[64], a[64], b[64], gx[64], gy[64], n[64];
    uint8_t enc[129];
    struct bp512_point q, q2;
    (void)state;

    assert_int_equal(bp512_curve_params(BP512_T1, p, a, b, gx, gy, n), LX_OK);
    enc[0] = 0x04;
    memcpy(enc + 1, gx, 64);
    memcpy(enc + 65, gy, 64);
    assert_int_equal(bp512_point_decode(BP512_T1, &q, enc, 129), LX_OK);
    /* G of t1 is not a point of r1. */
    assert_int_equal(bp512_point_decode(BP512_R1, &q2, enc, 129), LX_ERR_EC_POINT_NOT_ON_CURVE);
    /* Compressed, right and wrong parity. */
    enc[0] = (uint8_t)(0x02 | (gy[63] & 1));
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 65), LX_OK);
    assert_memory_equal(&q.y, &q2.y, sizeof(q.y));
    enc[0] ^= 1;
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 65), LX_OK);
    assert_true(memcmp(&q.y, &q2.y, sizeof(q.y)) != 0);
    /* Hybrid form (06/07), other prefixes and lengths. */
    for (unsigned pre = 0; pre < 256; pre++) {
        enc[0] = (uint8_t)pre;
        if (pre != 4)
            assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 129), LX_ERR_EC_POINT_FORMAT);
        if (pre != 2 && pre != 3)
            assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 65), LX_ERR_EC_POINT_FORMAT);
    }
    enc[0] = 0x04;
    for (size_t len = 0; len < 129; len++)
        assert_true(bp512_point_decode(BP512_T1, &q2, enc, len) != LX_OK);
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 130), LX_ERR_EC_POINT_FORMAT);
    enc[0] = 0x00;
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 1), LX_ERR_EC_POINT_INFINITY);
    /* x = p, x = p + 1 (as 64 bytes), (0, 0), y off by one. */
    enc[0] = 0x04;
    memcpy(enc + 1, p, 64);
    memcpy(enc + 65, gy, 64);
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 129), LX_ERR_EC_POINT_RANGE);
    enc[0] = 0x02;
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 65), LX_ERR_EC_POINT_RANGE);
    memset(enc + 1, 0xff, 64);
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 65), LX_ERR_EC_POINT_RANGE);
    enc[0] = 0x04;
    memcpy(enc + 1, gx, 64);
    memcpy(enc + 65, p, 64);
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 129), LX_ERR_EC_POINT_RANGE);
    memset(enc + 1, 0, 128);
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 129), LX_ERR_EC_POINT_NOT_ON_CURVE);
    memcpy(enc + 1, gx, 64);
    memcpy(enc + 65, gy, 64);
    enc[128] ^= 1;
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, enc, 129), LX_ERR_EC_POINT_NOT_ON_CURVE);
    /* About half of all x have no point: find one that fails as compressed. */
    {
        int rejected = 0, accepted = 0;

        enc[0] = 0x02;
        for (int i = 0; i < 16; i++) {
            memset(enc + 1, 0, 64);
            enc[64] = (uint8_t)i;
            int rc = bp512_point_decode(BP512_T1, &q2, enc, 65);
            if (rc == LX_OK)
                accepted++;
            else if (rc == LX_ERR_EC_POINT_NOT_ON_CURVE)
                rejected++;
            else
                fail_msg("x=%d: unexpected %d", i, rc);
        }
        assert_true(rejected > 0 && accepted > 0);
    }
    assert_int_equal(bp512_point_decode((enum bp512_curve_id)0, &q2, enc, 65), LX_ERR_PARAM);
    assert_int_equal(bp512_point_decode(BP512_T1, &q2, NULL, 65), LX_ERR_PARAM);
}

/* ---- DER at the edges ---- */

static void test_der(void **state)
{
    uint8_t sig[140], r[64], s[64];
    (void)state;

    /* 30 06 02 01 01 02 01 02: r = 1, s = 2 */
    static const uint8_t small[] = { 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02 };
    assert_int_equal(ecdsa_bp512_der_decode(small, sizeof(small), r, s), LX_OK);
    assert_int_equal(r[63], 1);
    assert_int_equal(s[63], 2);
    for (int i = 0; i < 63; i++)
        assert_true(r[i] == 0 && s[i] == 0);
    /* Every truncation, and one trailing byte. */
    for (size_t len = 0; len < sizeof(small); len++)
        assert_int_equal(ecdsa_bp512_der_decode(small, len, r, s), LX_ERR_ECDSA_DER);
    memcpy(sig, small, sizeof(small));
    sig[sizeof(small)] = 0;
    assert_int_equal(ecdsa_bp512_der_decode(sig, sizeof(small) + 1, r, s), LX_ERR_ECDSA_DER);
    /* Long-form length where the short form fits. */
    {
        static const uint8_t longform[] = { 0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02 };
        static const uint8_t intlong[] = { 0x30, 0x07, 0x02, 0x81, 0x01, 0x01, 0x02, 0x01, 0x02 };
        static const uint8_t neg[] = { 0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x02 };
        static const uint8_t lead0[] = { 0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x02 };
        static const uint8_t need0[] = { 0x30, 0x07, 0x02, 0x02, 0x00, 0x81, 0x02, 0x01, 0x02 };
        static const uint8_t empty_int[] = { 0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x02 };
        static const uint8_t set[] = { 0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02 };
        static const uint8_t indef[] = { 0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0, 0 };
        static const uint8_t three[] = { 0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02,
                                         0x02, 0x01, 0x03 };
        static const uint8_t r_only[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
        static const uint8_t zero[] = { 0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x02 };

        assert_int_equal(ecdsa_bp512_der_decode(longform, sizeof(longform), r, s), LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(intlong, sizeof(intlong), r, s), LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(neg, sizeof(neg), r, s), LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(lead0, sizeof(lead0), r, s), LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(need0, sizeof(need0), r, s), LX_OK);
        assert_int_equal(r[63], 0x81);
        assert_int_equal(ecdsa_bp512_der_decode(empty_int, sizeof(empty_int), r, s),
                         LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(set, sizeof(set), r, s), LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(indef, sizeof(indef), r, s), LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(three, sizeof(three), r, s), LX_ERR_ECDSA_DER);
        assert_int_equal(ecdsa_bp512_der_decode(r_only, sizeof(r_only), r, s), LX_ERR_ECDSA_DER);
        /* Zero decodes (it is DER); the verifier's range check refuses it. */
        assert_int_equal(ecdsa_bp512_der_decode(zero, sizeof(zero), r, s), LX_OK);
    }
    /* 65 significant bytes: beyond 2^512. */
    sig[0] = 0x30;
    sig[1] = 2 + 65 + 3;
    sig[2] = 0x02;
    sig[3] = 65;
    memset(sig + 4, 0x11, 65);
    sig[69] = 0x02;
    sig[70] = 0x01;
    sig[71] = 0x01;
    assert_int_equal(ecdsa_bp512_der_decode(sig, 72, r, s), LX_ERR_ECDSA_RANGE);
    /* 00 + 64 bytes with the top bit set: the largest legal form. */
    sig[4] = 0x00;
    memset(sig + 5, 0xaa, 64);
    assert_int_equal(ecdsa_bp512_der_decode(sig, 72, r, s), LX_OK);
    assert_int_equal(r[0], 0xaa);
    assert_int_equal(s[63], 0x01);
    /* The same with a (non-minimal) long-form SEQUENCE length. */
    memmove(sig + 3, sig + 2, 70);
    sig[1] = 0x81;
    sig[2] = 70;
    assert_int_equal(ecdsa_bp512_der_decode(sig, 73, r, s), LX_ERR_ECDSA_DER);
    assert_int_equal(ecdsa_bp512_der_decode(NULL, 0, r, s), LX_ERR_ECDSA_DER);
    assert_int_equal(ecdsa_bp512_der_decode(small, sizeof(small), NULL, s), LX_ERR_PARAM);
}

/* r, s at and beyond the range [1, n-1], on the Nexus key. */
static void test_range(void **state)
{
    uint8_t p[64], a[64], b[64], gx[64], gy[64], n[64], pub[129], sig[128], msg[64];
    (void)state;

    assert_int_equal(bp512_curve_params(BP512_T1, p, a, b, gx, gy, n), LX_OK);
    pub[0] = 0x04;
    memcpy(pub + 1, gx, 64);
    memcpy(pub + 65, gy, 64);
    memset(msg, 0x5a, sizeof(msg));
    memset(sig, 0, 128);
    sig[63] = 1;
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, msg, 64, sig, 128),
                     LX_ERR_ECDSA_RANGE);       /* s = 0 */
    memcpy(sig + 64, n, 64);
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, msg, 64, sig, 128),
                     LX_ERR_ECDSA_RANGE);       /* s = n */
    memcpy(sig, n, 64);
    sig[127] = 0;
    sig[64] = 0;
    sig[127] = 1;
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, msg, 64, sig, 128),
                     LX_ERR_ECDSA_RANGE);       /* r = n */
    memset(sig, 0, 64);
    sig[63] = 1;
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, msg, 64, sig, 128),
                     LX_ERR_ECDSA_MISMATCH);     /* r = s = 1: in range, wrong */
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, msg, 64, sig, 127),
                     LX_ERR_ECDSA_P1363_LEN);
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, msg, 64, sig, 0),
                     LX_ERR_ECDSA_P1363_LEN);
    /* Empty digest is e = 0, accepted as input. */
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, NULL, 0, sig, 128),
                     LX_ERR_ECDSA_MISMATCH);
    assert_int_equal(ecdsa_bp512_verify_p1363(BP512_T1, pub, 129, NULL, 5, sig, 128),
                     LX_ERR_PARAM);
}

/*
 * Every Brainpool-signed transaction of the fixture chain (user and
 * block-producer), over its signed bytes, with the Nexus rule; then single
 * changed bytes of message, signature and key (sampled more sparsely on
 * rv64, where each verification costs about 10^7 instructions).
 */
#ifdef LX_RV64_SHIM
#define TX_FLIP_STEP 61
#else
#define TX_FLIP_STEP 7
#endif

static void flip_and_reject(uint8_t *buf, size_t len, const uint8_t *pub, size_t pub_len,
                            const uint8_t *msg, size_t msg_len, const uint8_t *sig,
                            size_t sig_len, const char *what, size_t tx)
{
    for (size_t j = 0; j < len; j += TX_FLIP_STEP) {
        buf[j] ^= 0x01;
        if (nexus_ecdsa_verify(pub, pub_len, msg, msg_len, sig, sig_len) == LX_OK)
            fail_msg("tx %zu: changed %s byte %zu accepted", tx, what, j);
        buf[j] ^= 0x01;
    }
}

static void test_nexus_transactions(void **state)
{
    char *text;
    struct json *root = load_json("fixtures/nexus/chain/transactions.json", &text);
    const struct json *txs = json_get(root, "transactions");
    size_t checked = 0, producer = 0;
    (void)state;

    for (size_t i = 0; i < json_len(txs); i++) {
        const struct json *tx = json_at(txs, i);
        const struct json *dec = json_get(tx, "decoded");
        size_t pub_len, sig_len, msg_len;

        if (json_int(json_get(dec, "nKeyType")) != 2)
            continue;
        assert_true(json_bool(json_get(tx, "signature_valid_per_lll_tao")));
        uint8_t *pub = hex_alloc_field(dec, "pubkey", &pub_len);
        uint8_t *sig = hex_alloc_field(dec, "signature", &sig_len);
        uint8_t *msg = hex_alloc_field(json_get(tx, "raw"), "signed_message_hex", &msg_len);
        assert_int_equal(msg_len, 64);
        assert_int_equal(sig_len, 135);
        if (nexus_ecdsa_verify(pub, pub_len, msg, msg_len, sig, sig_len) != LX_OK)
            fail_msg("tx %zu (%s): valid signature refused", i,
                     json_str(json_get(tx, "user"), NULL));
        flip_and_reject(msg, msg_len, pub, pub_len, msg, msg_len, sig, sig_len, "message", i);
        flip_and_reject(sig, sig_len, pub, pub_len, msg, msg_len, sig, sig_len, "signature", i);
        flip_and_reject(pub, pub_len, pub, pub_len, msg, msg_len, sig, sig_len, "key", i);
        producer += json_bool(json_get(tx, "producer_tx"));
        checked++;
        free(pub);
        free(sig);
        free(msg);
    }
    print_message("ecdsa: %zu Brainpool Nexus transactions verified (%zu block producer)\n",
                  checked, producer);
    assert_int_equal(checked, 31);
    assert_true(producer > 0);
    json_free(root);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mp512),
        cmocka_unit_test(test_curve_constants),
        cmocka_unit_test(test_point_decode),
        cmocka_unit_test(test_der),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_nexus_signatures),
        cmocka_unit_test(test_nexus_transactions),
        cmocka_unit_test(test_generated_t1),
        cmocka_unit_test(test_generated_t1_p1363),
        cmocka_unit_test(test_wycheproof_r1_sha512),
        cmocka_unit_test(test_wycheproof_r1_sha3_512),
        cmocka_unit_test(test_wycheproof_r1_p1363),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
