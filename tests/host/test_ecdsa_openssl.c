/*
 * Differential test against OpenSSL (host only): OpenSSL makes random
 * brainpoolP512t1 and brainpoolP512r1 keys and signs random 64-byte
 * digests as they are (EVP_PKEY_sign with no digest set, the same raw
 * ECDSA_do_sign operation Nexus uses); our verifier must accept every
 * signature with both key encodings, and a bit flipped in r, in s or in
 * the digest must be rejected by both implementations.
 */
#include "test.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/ecdsa_bp512.h"
#include "ossl_sign.h"

#define KEYS 6
#define SIGS_PER_KEY 4

static int ossl_verify(EVP_PKEY *key, const uint8_t *sig, size_t sig_len, const uint8_t *dg)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    int rc;

    assert_non_null(ctx);
    assert_int_equal(EVP_PKEY_verify_init(ctx), 1);
    rc = EVP_PKEY_verify(ctx, sig, sig_len, dg, 64);
    EVP_PKEY_CTX_free(ctx);
    return rc == 1;
}

/* Offsets of r's and s's first content byte in a DER signature. */
static void der_offsets(const uint8_t *sig, size_t *r_off, size_t *r_len, size_t *s_off,
                        size_t *s_len)
{
    size_t pos = sig[1] == 0x81 ? 3 : 2;

    *r_len = sig[pos + 1];
    *r_off = pos + 2;
    pos = *r_off + *r_len;
    *s_len = sig[pos + 1];
    *s_off = pos + 2;
}

static void run_curve(const char *name, enum bp512_curve_id id)
{
    size_t sigs = 0, mutants = 0;

    for (int k = 0; k < KEYS; k++) {
        EVP_PKEY *key = ossl_bp512_keygen(name);
        uint8_t unc[160], cmp[65];

        assert_non_null(key);
        assert_int_equal(ossl_bp512_public(key, unc, cmp), 0);
        for (int i = 0; i < SIGS_PER_KEY; i++) {
            uint8_t dg[64], sig[160], bad[160], bdg[64];
            size_t sig_len, ro, rl, so, sl;
            unsigned rnd[3];

            assert_true(RAND_bytes(dg, sizeof(dg)) == 1);
            assert_true(RAND_bytes((unsigned char *)rnd, sizeof(rnd)) == 1);
            sig_len = ossl_bp512_sign(key, dg, sig, sizeof(sig));
            assert_true(sig_len > 0);

            assert_int_equal(ecdsa_bp512_verify(id, unc, 129, dg, 64, sig, sig_len), 0);
            assert_int_equal(ecdsa_bp512_verify(id, cmp, 65, dg, 64, sig, sig_len), 0);
            assert_true(ossl_verify(key, sig, sig_len, dg));
            /* The other curve must not accept it. */
            assert_true(ecdsa_bp512_verify(id == BP512_T1 ? BP512_R1 : BP512_T1, unc, 129, dg,
                                           64, sig, sig_len) != 0);
            sigs++;

            der_offsets(sig, &ro, &rl, &so, &sl);
            /* Flip one bit in r, in s, in the digest. */
            memcpy(bad, sig, sig_len);
            bad[ro + rnd[0] % rl] ^= (uint8_t)(1u << (rnd[0] >> 16 & 7));
            assert_true(ecdsa_bp512_verify(id, unc, 129, dg, 64, bad, sig_len) != 0);
            assert_false(ossl_verify(key, bad, sig_len, dg));
            memcpy(bad, sig, sig_len);
            bad[so + rnd[1] % sl] ^= (uint8_t)(1u << (rnd[1] >> 16 & 7));
            assert_true(ecdsa_bp512_verify(id, unc, 129, dg, 64, bad, sig_len) != 0);
            assert_false(ossl_verify(key, bad, sig_len, dg));
            memcpy(bdg, dg, 64);
            bdg[rnd[2] % 64] ^= (uint8_t)(1u << (rnd[2] >> 16 & 7));
            assert_true(ecdsa_bp512_verify(id, unc, 129, bdg, 64, sig, sig_len) != 0);
            assert_false(ossl_verify(key, sig, sig_len, bdg));
            mutants += 3;
        }
        EVP_PKEY_free(key);
    }
    assert_int_equal(sigs, KEYS * SIGS_PER_KEY);
    assert_int_equal(mutants, 3 * KEYS * SIGS_PER_KEY);
}

static void test_t1(void **state)
{
    (void)state;
    run_curve("brainpoolP512t1", BP512_T1);
}

static void test_r1(void **state)
{
    (void)state;
    run_curve("brainpoolP512r1", BP512_R1);
}

/* Fresh signatures in the exact Nexus form verify with the Nexus entry
 * point; the same signature in any other encoding length is refused. */
static void test_nexus_form(void **state)
{
    EVP_PKEY *key = ossl_bp512_keygen("brainpoolP512t1");
    uint8_t unc[129], cmp[65], dg[64], sig[135], other[160];
    size_t n = 0;
    (void)state;

    assert_non_null(key);
    assert_int_equal(ossl_bp512_public(key, unc, cmp), 0);
    for (int i = 0; i < 8; i++) {
        assert_true(RAND_bytes(dg, sizeof(dg)) == 1);
        assert_int_equal(ossl_bp512_sign_nexus(key, dg, sig), 135);
        assert_int_equal(nexus_ecdsa_verify(cmp, 65, dg, 64, sig, 135), 0);
        assert_int_equal(nexus_ecdsa_verify(unc, 129, dg, 64, sig, 135), 0);
        dg[i] ^= 0x80;
        assert_true(nexus_ecdsa_verify(cmp, 65, dg, 64, sig, 135) != 0);
        dg[i] ^= 0x80;
        /* A valid signature whose DER is not 135 bytes: OK for plain
         * ECDSA, refused by the Nexus rule. */
        size_t len;
        do {
            len = ossl_bp512_sign(key, dg, other, sizeof(other));
        } while (len == 135);
        assert_int_equal(ecdsa_bp512_verify(BP512_T1, cmp, 65, dg, 64, other, len), 0);
        assert_true(nexus_ecdsa_verify(cmp, 65, dg, 64, other, len) != 0);
        n++;
    }
    assert_int_equal(n, 8);
    EVP_PKEY_free(key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t1),
        cmocka_unit_test(test_r1),
        cmocka_unit_test(test_nexus_form),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
