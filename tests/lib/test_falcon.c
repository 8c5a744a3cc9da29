/*
 * FALCON-512 verification: the 100 NIST known-answer signatures (converted
 * to the falcon.h 0x39 form, and re-encoded here into the 0x59 form; the
 * zero-filled 666-byte "padded" form is refused like LLL-TAO does), the Nexus vectors and FALCON-signed transactions made by LLL-TAO
 * 5.1.6, single-bit changes of message/signature/key, and every class of
 * malformed key or signature encoding with its precise error code.
 */
#include "test.h"

#include "base/status.h"
#include "crypto/falcon.h"
#include "vec.h"

#define KAT_FILE "vectors/falcon512/falcon512-KAT.rsp"
#define NEXUS_SIGS "fixtures/nexus/vectors/signatures.json"
#define NEXUS_TXS "fixtures/nexus/chain/transactions.json"
#define KAT_CASES 100
#define SIG_BUF 2048
#define PADDED_SIZE 666         /* falcon.h FALCON_SIG_PADDED_SIZE(9) */

/* ---- test-side encoders (the library only decodes) ---- */

struct bit_writer {
    uint8_t *out;
    size_t cap, pos;
    uint32_t acc;
    unsigned acc_len;
};

static void bw_put(struct bit_writer *bw, uint32_t v, unsigned bits)
{
    while (bits-- > 0) {
        bw->acc = (bw->acc << 1) | ((v >> bits) & 1);
        if (++bw->acc_len == 8) {
            assert_true(bw->pos < bw->cap);
            bw->out[bw->pos++] = (uint8_t)bw->acc;
            bw->acc = 0;
            bw->acc_len = 0;
        }
    }
}

static size_t bw_finish(struct bit_writer *bw)
{
    if (bw->acc_len > 0)
        bw_put(bw, 0, 8 - bw->acc_len);
    return bw->pos;
}

/*
 * Compressed encoding of magnitudes mag[] with sign bits neg[] (so that
 * non-canonical "-0" and out-of-range values can be produced). Returns
 * the byte count; *spare receives the number of unused bits at the end.
 */
static size_t enc_comp(uint8_t *out, size_t cap, const int32_t *mag, const uint8_t *neg,
                       unsigned *spare)
{
    struct bit_writer bw = { out, cap, 0, 0, 0 };
    size_t i;
    int32_t k;

    for (i = 0; i < FALCON512_N; i++) {
        bw_put(&bw, neg[i], 1);
        bw_put(&bw, (uint32_t)mag[i] & 0x7f, 7);
        for (k = 0; k < (mag[i] >> 7); k++)
            bw_put(&bw, 0, 1);
        bw_put(&bw, 1, 1);
    }
    if (spare != NULL)
        *spare = bw.acc_len == 0 ? 0 : 8 - bw.acc_len;
    return bw_finish(&bw);
}

static size_t enc_comp_s2(uint8_t *out, size_t cap, const int16_t *s2, unsigned *spare)
{
    int32_t mag[FALCON512_N];
    uint8_t neg[FALCON512_N];
    size_t i;

    for (i = 0; i < FALCON512_N; i++) {
        mag[i] = s2[i] < 0 ? -s2[i] : s2[i];
        neg[i] = s2[i] < 0;
    }
    return enc_comp(out, cap, mag, neg, spare);
}

/* Full signature: header || nonce || compressed s2. */
static size_t make_comp_sig(uint8_t *sig, const uint8_t *nonce, const int16_t *s2,
                            unsigned *spare)
{
    sig[0] = FALCON512_SIG_COMPRESSED_HEADER;
    memcpy(sig + 1, nonce, FALCON512_NONCE_SIZE);
    return 1 + FALCON512_NONCE_SIZE
           + enc_comp_s2(sig + 1 + FALCON512_NONCE_SIZE, SIG_BUF - 1 - FALCON512_NONCE_SIZE, s2,
                         spare);
}

/* The 809-byte form: 12-bit two's complement values, raw w taken as is. */
static void make_ct_sig_raw(uint8_t sig[FALCON512_SIG_CT_SIZE], const uint8_t *nonce,
                            const uint16_t *w12)
{
    struct bit_writer bw = { sig + 41, FALCON512_SIG_CT_SIZE - 41, 0, 0, 0 };
    size_t i;

    sig[0] = FALCON512_SIG_CT_HEADER;
    memcpy(sig + 1, nonce, FALCON512_NONCE_SIZE);
    for (i = 0; i < FALCON512_N; i++)
        bw_put(&bw, w12[i] & 0xfff, 12);
    assert_int_equal(bw_finish(&bw), FALCON512_SIG_CT_SIZE - 41);
}

static void make_ct_sig(uint8_t sig[FALCON512_SIG_CT_SIZE], const uint8_t *nonce,
                        const int16_t *s2)
{
    uint16_t w[FALCON512_N];
    size_t i;

    for (i = 0; i < FALCON512_N; i++)
        w[i] = (uint16_t)((uint16_t)s2[i] & 0xfff);
    make_ct_sig_raw(sig, nonce, w);
}

static void make_pk(uint8_t pk[FALCON512_PUBKEY_SIZE], const uint16_t *h)
{
    struct bit_writer bw = { pk + 1, FALCON512_PUBKEY_SIZE - 1, 0, 0, 0 };
    size_t i;

    pk[0] = FALCON512_PUBKEY_HEADER;
    for (i = 0; i < FALCON512_N; i++)
        bw_put(&bw, h[i], 14);
    assert_int_equal(bw_finish(&bw), FALCON512_PUBKEY_SIZE - 1);
}

/* ---- the known-answer file ---- */

struct kat {
    uint8_t pk[FALCON512_PUBKEY_SIZE];
    uint8_t sig[SIG_BUF];       /* falcon.h form: 0x39 || nonce || comp(s2) */
    size_t sig_len;
    uint8_t *msg;
    size_t msg_len;
};

/* Convert one `sm` entry: siglen(2, BE) || nonce || msg || 0x29 || comp(s2). */
static void kat_from_case(struct kat *k, const struct rsp_case *c)
{
    size_t len, sm_len, sig_len;
    const char *v;
    uint8_t *sm;

    v = rsp_get(c, "pk", &len);
    assert_non_null(v);
    assert_int_equal(vec_hex(v, len, k->pk, sizeof(k->pk)), FALCON512_PUBKEY_SIZE);
    v = rsp_get(c, "mlen", &len);
    assert_non_null(v);
    k->msg_len = (size_t)strtoul(v, NULL, 10);
    v = rsp_get(c, "sm", &len);
    assert_non_null(v);
    sm = vec_hex_alloc(v, len, &sm_len);
    assert_non_null(sm);
    sig_len = ((size_t)sm[0] << 8) | sm[1];
    assert_int_equal(sm_len, 2 + 40 + k->msg_len + sig_len);
    assert_int_equal(sm[2 + 40 + k->msg_len], 0x29);
    k->sig[0] = FALCON512_SIG_COMPRESSED_HEADER;
    memcpy(k->sig + 1, sm + 2, 40);
    memcpy(k->sig + 41, sm + 2 + 40 + k->msg_len + 1, sig_len - 1);
    k->sig_len = 40 + sig_len;
    k->msg = malloc(k->msg_len + 1);
    assert_non_null(k->msg);
    memcpy(k->msg, sm + 2 + 40, k->msg_len);
    free(sm);
}

/* Load all KAT entries; returns the count. */
static size_t load_kats(struct kat **out)
{
    struct rsp r;
    struct rsp_case c;
    size_t text_len, n = 0;
    char *text = vec_load(KAT_FILE, &text_len);
    struct kat *k;

    if (text == NULL)
        fail_msg("missing %s", KAT_FILE);
    k = calloc(KAT_CASES, sizeof(*k));
    assert_non_null(k);
    rsp_open(&r, text, text_len);
    while (rsp_next(&r, &c)) {
        if (rsp_get(&c, "sm", NULL) == NULL)
            continue;
        assert_true(n < KAT_CASES);
        kat_from_case(&k[n++], &c);
    }
    free(text);
    *out = k;
    return n;
}

static void free_kats(struct kat *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(k[i].msg);
    free(k);
}

static void test_kat_verify(void **state)
{
    struct kat *k;
    size_t n = load_kats(&k), i, padded = 0;

    (void)state;
    assert_int_equal(n, KAT_CASES);
    for (i = 0; i < n; i++) {
        struct falcon512_pubkey pk;
        int16_t s2[FALCON512_N];
        uint8_t ct[FALCON512_SIG_CT_SIZE], buf[SIG_BUF];
        const uint8_t *nonce;

        assert_int_equal(falcon512_pubkey_decode(&pk, k[i].pk, sizeof(k[i].pk)), LX_OK);
        if (falcon512_verify(&pk, k[i].sig, k[i].sig_len, k[i].msg, k[i].msg_len) != LX_OK)
            fail_msg("KAT %zu does not verify", i);
        assert_int_equal(falcon512_verify_raw(k[i].pk, sizeof(k[i].pk), k[i].sig, k[i].sig_len,
                                              k[i].msg, k[i].msg_len),
                         LX_OK);

        /* Our test encoder reproduces the KAT bytes exactly (canonical form). */
        assert_int_equal(falcon512_sig_decode(s2, &nonce, k[i].sig, k[i].sig_len), LX_OK);
        assert_true(nonce == k[i].sig + 1);
        assert_int_equal(make_comp_sig(buf, nonce, s2, NULL), k[i].sig_len);
        assert_memory_equal(buf, k[i].sig, k[i].sig_len);

        /* The same s2 in the 809-byte constant-time form (header 0x59). */
        make_ct_sig(ct, nonce, s2);
        assert_int_equal(falcon512_verify(&pk, ct, sizeof(ct), k[i].msg, k[i].msg_len), LX_OK);

        /* The falcon.h padded form (zero fill up to 666 bytes) is refused. */
        if (k[i].sig_len < PADDED_SIZE) {
            memset(buf, 0, sizeof(buf));
            memcpy(buf, k[i].sig, k[i].sig_len);
            assert_int_equal(falcon512_verify(&pk, buf, PADDED_SIZE, k[i].msg, k[i].msg_len),
                             FALCON_ERR_SIG_TRAILING);
            padded++;
        }
    }
    print_message("falcon KAT: %zu verified (0x39, 0x59), %zu padded forms refused\n", n,
                  padded);
    assert_true(padded > 90);
    free_kats(k, n);
}

/* Bit flips: one per message byte position class, several in the signature and key. */
static void test_kat_flips(void **state)
{
    struct kat *k;
    size_t n = load_kats(&k), i, rejected = 0;

    (void)state;
    assert_int_equal(n, KAT_CASES);
    for (i = 0; i < n; i++) {
        struct falcon512_pubkey pk;
        uint8_t sig[SIG_BUF], pkb[FALCON512_PUBKEY_SIZE];
        /* positions: header, nonce, first/middle/last byte of s2 */
        size_t sig_pos[] = { 0, 1 + (i % 40), 41, 41 + (i * 7) % (k[i].sig_len - 41),
                             k[i].sig_len - 1 };
        size_t j;
        int r;

        assert_int_equal(falcon512_pubkey_decode(&pk, k[i].pk, sizeof(k[i].pk)), LX_OK);
        if (k[i].msg_len > 0) {
            size_t p = i % k[i].msg_len;

            k[i].msg[p] ^= (uint8_t)(1u << (i % 8));
            assert_int_equal(falcon512_verify(&pk, k[i].sig, k[i].sig_len, k[i].msg,
                                              k[i].msg_len),
                             FALCON_ERR_BADSIG);
            k[i].msg[p] ^= (uint8_t)(1u << (i % 8));
            rejected++;
        }
        for (j = 0; j < sizeof(sig_pos) / sizeof(sig_pos[0]); j++) {
            memcpy(sig, k[i].sig, k[i].sig_len);
            sig[sig_pos[j]] ^= (uint8_t)(1u << ((i + j) % 8));
            r = falcon512_verify(&pk, sig, k[i].sig_len, k[i].msg, k[i].msg_len);
            if (r == LX_OK)
                fail_msg("KAT %zu: flipped signature byte %zu accepted", i, sig_pos[j]);
            rejected++;
        }
        for (j = 0; j < 3; j++) {
            size_t p = 1 + (i * 131 + j * 300) % (FALCON512_PUBKEY_SIZE - 1);

            memcpy(pkb, k[i].pk, sizeof(pkb));
            pkb[p] ^= (uint8_t)(1u << ((i + j) % 8));
            r = falcon512_verify_raw(pkb, sizeof(pkb), k[i].sig, k[i].sig_len, k[i].msg,
                                     k[i].msg_len);
            if (r != FALCON_ERR_BADSIG && r != FALCON_ERR_PK_RANGE)
                fail_msg("KAT %zu: flipped key byte %zu gave %d", i, p, r);
            rejected++;
        }
    }
    assert_int_equal(rejected, n * 9);   /* every KAT message is non-empty */
    free_kats(k, n);
}

/* ---- Nexus vectors (LLL-TAO's own FLKey) ---- */

static uint8_t *hex_field(const struct json *o, const char *key, size_t *len)
{
    size_t hex_len;
    const char *hex = json_str(json_get(o, key), &hex_len);
    uint8_t *b;

    if (hex == NULL)
        fail_msg("field %s missing", key);
    b = vec_hex_alloc(hex, hex_len, len);
    assert_non_null(b);
    return b;
}

static void test_nexus_signatures(void **state)
{
    size_t text_len, i, n, valid = 0, invalid = 0;
    char *text = vec_load(NEXUS_SIGS, &text_len);
    struct json *root;
    const struct json *cases;

    (void)state;
    if (text == NULL)
        fail_msg("missing %s", NEXUS_SIGS);
    root = json_parse(text, text_len);
    assert_non_null(root);
    cases = json_get(root, "falcon512");
    n = json_len(cases);
    assert_int_equal(n, 9);
    for (i = 0; i < n; i++) {
        const struct json *c = json_at(cases, i);
        size_t pk_len, sig_len, msg_len;
        uint8_t *pk = hex_field(c, "pubkey", &pk_len);
        uint8_t *sig = hex_field(c, "signature", &sig_len);
        uint8_t *msg = hex_field(c, "message_hex", &msg_len);
        int want = json_bool(json_get(c, "valid"));
        int r = falcon512_verify_raw(pk, pk_len, sig, sig_len, msg, msg_len);

        assert_int_equal(sig_len, FALCON512_SIG_CT_SIZE);
        assert_int_equal(sig[0], FALCON512_SIG_CT_HEADER);
        if (want) {
            assert_int_equal(r, LX_OK);
            valid++;
        } else {
            /* message_bit_flipped, signature_byte_flipped */
            assert_true(r == FALCON_ERR_BADSIG || falcon_is_format_error(r));
            invalid++;
        }
        free(pk);
        free(sig);
        free(msg);
    }
    assert_int_equal(valid, 3);
    assert_int_equal(invalid, 6);
    json_free(root);
    free(text);
}

/* Every FALCON-signed transaction, and single changed bytes of each part. */
static void test_nexus_transactions(void **state)
{
    size_t text_len, i, n, checked = 0;
    char *text = vec_load(NEXUS_TXS, &text_len);
    struct json *root;
    const struct json *txs;

    (void)state;
    if (text == NULL)
        fail_msg("missing %s", NEXUS_TXS);
    root = json_parse(text, text_len);
    assert_non_null(root);
    txs = json_get(root, "transactions");
    n = json_len(txs);
    assert_true(n > 0);
    for (i = 0; i < n; i++) {
        const struct json *tx = json_at(txs, i);
        const struct json *dec = json_get(tx, "decoded");
        size_t pk_len, sig_len, msg_len, j;
        uint8_t *pk, *sig, *msg;
        struct falcon512_pubkey fpk;

        if (json_int(json_get(dec, "nKeyType")) != 1)
            continue;
        assert_true(json_bool(json_get(tx, "signature_valid_per_lll_tao")));
        pk = hex_field(dec, "pubkey", &pk_len);
        sig = hex_field(dec, "signature", &sig_len);
        msg = hex_field(json_get(tx, "raw"), "signed_message_hex", &msg_len);
        assert_int_equal(msg_len, 64);
        assert_int_equal(sig_len, FALCON512_SIG_CT_SIZE);
        assert_int_equal(falcon512_pubkey_decode(&fpk, pk, pk_len), LX_OK);
        assert_int_equal(falcon512_verify(&fpk, sig, sig_len, msg, msg_len), LX_OK);
        /* every message byte */
        for (j = 0; j < msg_len; j++) {
            msg[j] ^= 0x01;
            assert_int_equal(falcon512_verify(&fpk, sig, sig_len, msg, msg_len),
                             FALCON_ERR_BADSIG);
            msg[j] ^= 0x01;
        }
        /* a spread of signature bytes: header, nonce, s2 */
        for (j = 0; j < sig_len; j += 13) {
            int r;

            sig[j] ^= 0x10;
            r = falcon512_verify(&fpk, sig, sig_len, msg, msg_len);
            if (r == LX_OK)
                fail_msg("tx %zu: changed signature byte %zu accepted", i, j);
            sig[j] ^= 0x10;
        }
        /* a spread of key bytes */
        for (j = 0; j < pk_len; j += 29) {
            int r;

            pk[j] ^= 0x04;
            r = falcon512_verify_raw(pk, pk_len, sig, sig_len, msg, msg_len);
            if (r == LX_OK)
                fail_msg("tx %zu: changed key byte %zu accepted", i, j);
            pk[j] ^= 0x04;
        }
        assert_int_equal(falcon512_verify_raw(pk, pk_len, sig, sig_len, msg, msg_len), LX_OK);
        checked++;
        free(pk);
        free(sig);
        free(msg);
    }
    print_message("falcon: %zu Nexus transactions verified\n", checked);
    assert_int_equal(checked, 7);
    json_free(root);
    free(text);
}

/* ---- malformed encodings ---- */

static void test_pubkey_edges(void **state)
{
    struct falcon512_pubkey pk;
    uint16_t h[FALCON512_N], h2[FALCON512_N];
    uint8_t b[FALCON512_PUBKEY_SIZE + 1];
    size_t i;

    (void)state;
    for (i = 0; i < FALCON512_N; i++)
        h[i] = (uint16_t)((i * 7919) % FALCON512_Q);
    h[0] = FALCON512_Q - 1;
    make_pk(b, h);
    assert_int_equal(falcon512_pubkey_decode_coeffs(h2, b, FALCON512_PUBKEY_SIZE), LX_OK);
    assert_memory_equal(h, h2, sizeof(h));
    assert_int_equal(falcon512_pubkey_decode(&pk, b, FALCON512_PUBKEY_SIZE), LX_OK);

    /* lengths */
    assert_int_equal(falcon512_pubkey_decode(&pk, b, 0), FALCON_ERR_PK_LENGTH);
    assert_int_equal(falcon512_pubkey_decode(&pk, NULL, 897), FALCON_ERR_PK_LENGTH);
    assert_int_equal(falcon512_pubkey_decode(&pk, b, FALCON512_PUBKEY_SIZE - 1),
                     FALCON_ERR_PK_LENGTH);
    b[FALCON512_PUBKEY_SIZE] = 0;
    assert_int_equal(falcon512_pubkey_decode(&pk, b, FALCON512_PUBKEY_SIZE + 1),
                     FALCON_ERR_PK_LENGTH);
    assert_int_equal(falcon512_pubkey_decode(NULL, b, FALCON512_PUBKEY_SIZE), LX_ERR_PARAM);

    /* headers: other logn, private-key and signature headers */
    {
        static const uint8_t bad[] = { 0x00, 0x08, 0x0a, 0x19, 0x39, 0x59, 0x89, 0xff };

        for (i = 0; i < sizeof(bad); i++) {
            b[0] = bad[i];
            assert_int_equal(falcon512_pubkey_decode(&pk, b, FALCON512_PUBKEY_SIZE),
                             FALCON_ERR_PK_HEADER);
        }
        b[0] = FALCON512_PUBKEY_HEADER;
    }

    /* out-of-range coefficients: q and 2^14 - 1, first/middle/last place */
    {
        static const size_t where[] = { 0, 1, 255, 510, 511 };
        static const uint16_t bad[] = { FALCON512_Q, 0x3fff };

        for (i = 0; i < 5 * 2; i++) {
            memcpy(h2, h, sizeof(h2));
            h2[where[i / 2]] = bad[i % 2];
            make_pk(b, h2);
            assert_int_equal(falcon512_pubkey_decode(&pk, b, FALCON512_PUBKEY_SIZE),
                             FALCON_ERR_PK_RANGE);
            /* the failed decode leaves no half-decoded key behind */
            for (size_t j = 0; j < FALCON512_N; j++)
                assert_int_equal(pk.h_ntt[j], 0);
        }
    }
}

/* A known-good signature from KAT 0, decoded. */
struct good {
    struct falcon512_pubkey pk;
    int16_t s2[FALCON512_N];
    uint8_t nonce[40];
    uint8_t *msg;
    size_t msg_len;
};

static void load_good(struct good *g)
{
    struct kat *k;
    size_t n = load_kats(&k);
    const uint8_t *nonce;

    assert_int_equal(n, KAT_CASES);
    assert_int_equal(falcon512_pubkey_decode(&g->pk, k[0].pk, sizeof(k[0].pk)), LX_OK);
    assert_int_equal(falcon512_sig_decode(g->s2, &nonce, k[0].sig, k[0].sig_len), LX_OK);
    memcpy(g->nonce, nonce, 40);
    g->msg_len = k[0].msg_len;
    g->msg = malloc(g->msg_len);
    assert_non_null(g->msg);
    memcpy(g->msg, k[0].msg, g->msg_len);
    free_kats(k, n);
}

static int verify_good(const struct good *g, const uint8_t *sig, size_t len)
{
    return falcon512_verify(&g->pk, sig, len, g->msg, g->msg_len);
}

static void test_sig_header_length(void **state)
{
    struct good g;
    uint8_t sig[SIG_BUF], ct[FALCON512_SIG_CT_SIZE + 1];
    size_t len, i;

    (void)state;
    load_good(&g);
    len = make_comp_sig(sig, g.nonce, g.s2, NULL);
    assert_int_equal(verify_good(&g, sig, len), LX_OK);

    /* too short to hold header and nonce */
    assert_int_equal(verify_good(&g, sig, 0), FALCON_ERR_SIG_LENGTH);
    assert_int_equal(verify_good(&g, NULL, 700), FALCON_ERR_SIG_LENGTH);
    assert_int_equal(verify_good(&g, sig, 1), FALCON_ERR_SIG_LENGTH);
    assert_int_equal(verify_good(&g, sig, 40), FALCON_ERR_SIG_LENGTH);
    /* header and nonce only: no s2 at all */
    assert_int_equal(verify_good(&g, sig, 41), FALCON_ERR_SIG_TRUNCATED);

    /* wrong headers: NIST 0x29, other logn, other format nibbles */
    {
        static const uint8_t bad[] = { 0x00, 0x09, 0x29, 0x38, 0x3a, 0x49, 0x58, 0x5a,
                                       0x69, 0xb9, 0xd9, 0xff };

        for (i = 0; i < sizeof(bad); i++) {
            sig[0] = bad[i];
            assert_int_equal(verify_good(&g, sig, len), FALCON_ERR_SIG_HEADER);
        }
        sig[0] = FALCON512_SIG_COMPRESSED_HEADER;
    }

    /* 0x59 must be exactly 809 bytes */
    make_ct_sig(ct, g.nonce, g.s2);
    ct[FALCON512_SIG_CT_SIZE] = 0;
    assert_int_equal(verify_good(&g, ct, FALCON512_SIG_CT_SIZE), LX_OK);
    assert_int_equal(verify_good(&g, ct, FALCON512_SIG_CT_SIZE - 1), FALCON_ERR_SIG_LENGTH);
    assert_int_equal(verify_good(&g, ct, FALCON512_SIG_CT_SIZE + 1), FALCON_ERR_SIG_LENGTH);
    assert_int_equal(verify_good(&g, ct, 41), FALCON_ERR_SIG_LENGTH);
    /* a compressed body under a 0x59 header and the reverse */
    sig[0] = FALCON512_SIG_CT_HEADER;
    assert_int_equal(verify_good(&g, sig, len), FALCON_ERR_SIG_LENGTH);
    sig[0] = FALCON512_SIG_COMPRESSED_HEADER;
    ct[0] = FALCON512_SIG_COMPRESSED_HEADER;
    assert_true(falcon_is_format_error(verify_good(&g, ct, FALCON512_SIG_CT_SIZE)));

    /* the error classes */
    assert_false(falcon_is_format_error(LX_OK));
    assert_false(falcon_is_format_error(FALCON_ERR_BADSIG));
    assert_false(falcon_is_format_error(FALCON_ERR_HASH));
    assert_false(falcon_is_format_error(LX_ERR_PARAM));
    assert_true(falcon_is_format_error(FALCON_ERR_PK_LENGTH));
    assert_true(falcon_is_format_error(FALCON_ERR_PK_RANGE));
    assert_true(falcon_is_format_error(FALCON_ERR_SIG_HEADER));
    assert_true(falcon_is_format_error(FALCON_ERR_SIG_TRAILING));

    /* message pointer rules */
    assert_int_equal(falcon512_verify(&g.pk, sig, len, NULL, 1), LX_ERR_PARAM);
    assert_int_equal(falcon512_verify(NULL, sig, len, g.msg, g.msg_len), LX_ERR_PARAM);
    assert_int_equal(falcon512_verify(&g.pk, sig, len, NULL, 0), FALCON_ERR_BADSIG);
    free(g.msg);
}

static void test_sig_compressed_edges(void **state)
{
    struct good g;
    uint8_t sig[SIG_BUF];
    int32_t mag[FALCON512_N];
    uint8_t neg[FALCON512_N];
    int16_t s2[FALCON512_N];
    size_t len, i, zero_at = FALCON512_N;
    unsigned spare;

    (void)state;
    load_good(&g);
    for (i = 0; i < FALCON512_N; i++) {
        mag[i] = g.s2[i] < 0 ? -g.s2[i] : g.s2[i];
        neg[i] = g.s2[i] < 0;
        if (g.s2[i] == 0 && zero_at == FALCON512_N)
            zero_at = i;
    }
    sig[0] = FALCON512_SIG_COMPRESSED_HEADER;
    memcpy(sig + 1, g.nonce, 40);

    /* "-0" */
    assert_true(zero_at < FALCON512_N);
    neg[zero_at] = 1;
    len = 41 + enc_comp(sig + 41, SIG_BUF - 41, mag, neg, NULL);
    assert_int_equal(verify_good(&g, sig, len), FALCON_ERR_SIG_MINUS_ZERO);
    neg[zero_at] = 0;

    /* magnitudes: 2047 decodes (then fails the norm), 2048 and 2175 are refused */
    {
        static const int32_t big[] = { 2048, 2100, 4095 };
        size_t at[] = { 0, 300, 511 };

        for (i = 0; i < 3; i++) {
            int32_t keep = mag[at[i]];

            mag[at[i]] = 2047;
            len = 41 + enc_comp(sig + 41, SIG_BUF - 41, mag, neg, NULL);
            assert_int_equal(falcon512_sig_decode(s2, NULL, sig, len), LX_OK);
            assert_int_equal(s2[at[i]], neg[at[i]] ? -2047 : 2047);
            assert_int_equal(verify_good(&g, sig, len), FALCON_ERR_BADSIG);
            mag[at[i]] = big[i];
            len = 41 + enc_comp(sig + 41, SIG_BUF - 41, mag, neg, NULL);
            assert_int_equal(verify_good(&g, sig, len), FALCON_ERR_SIG_RANGE);
            mag[at[i]] = keep;
        }
    }

    /* truncation at every length short of the full encoding */
    len = make_comp_sig(sig, g.nonce, g.s2, &spare);
    for (i = 41; i < len; i++)
        assert_int_equal(verify_good(&g, sig, i), FALCON_ERR_SIG_TRUNCATED);
    assert_int_equal(verify_good(&g, sig, len), LX_OK);

    /* unused bits of the last byte: make an s2 whose encoding leaves some */
    memcpy(s2, g.s2, sizeof(s2));
    for (i = 0; i < 8 && spare == 0; i++) {
        s2[0] = (int16_t)(s2[0] + 128 * (s2[0] < 0 ? -1 : 1));
        len = make_comp_sig(sig, g.nonce, s2, &spare);
    }
    assert_true(spare > 0);
    assert_int_equal(falcon512_sig_decode(s2, NULL, sig, len), LX_OK);
    for (i = 0; i < spare; i++) {
        sig[len - 1] ^= (uint8_t)(1u << i);
        assert_int_equal(verify_good(&g, sig, len), FALCON_ERR_SIG_PADDING);
        sig[len - 1] ^= (uint8_t)(1u << i);
    }

    /* trailing bytes, zero or not, including the 666-byte padded form */
    len = make_comp_sig(sig, g.nonce, g.s2, NULL);
    assert_true(len < PADDED_SIZE - 2);
    memset(sig + len, 0, SIG_BUF - len);
    assert_int_equal(verify_good(&g, sig, len), LX_OK);
    assert_int_equal(verify_good(&g, sig, len + 1), FALCON_ERR_SIG_TRAILING);
    assert_int_equal(verify_good(&g, sig, PADDED_SIZE - 1), FALCON_ERR_SIG_TRAILING);
    assert_int_equal(verify_good(&g, sig, PADDED_SIZE), FALCON_ERR_SIG_TRAILING);
    assert_int_equal(verify_good(&g, sig, FALCON512_SIG_CT_SIZE), FALCON_ERR_SIG_TRAILING);
    sig[len] = 0x01;
    assert_int_equal(verify_good(&g, sig, len + 1), FALCON_ERR_SIG_TRAILING);
    sig[len] = 0xff;
    assert_int_equal(verify_good(&g, sig, len + 1), FALCON_ERR_SIG_TRAILING);
    free(g.msg);
}

static void test_sig_ct_edges(void **state)
{
    struct good g;
    uint8_t ct[FALCON512_SIG_CT_SIZE];
    uint16_t w[FALCON512_N];
    int16_t s2[FALCON512_N];
    size_t i;

    (void)state;
    load_good(&g);
    for (i = 0; i < FALCON512_N; i++)
        w[i] = (uint16_t)((uint16_t)g.s2[i] & 0xfff);

    /* -2048 (0x800) is refused at any position; 2047 and -2047 decode */
    {
        static const size_t at[] = { 0, 1, 256, 510, 511 };

        for (i = 0; i < 5; i++) {
            uint16_t keep = w[at[i]];

            w[at[i]] = 0x800;
            make_ct_sig_raw(ct, g.nonce, w);
            assert_int_equal(verify_good(&g, ct, sizeof(ct)), FALCON_ERR_SIG_RANGE);
            w[at[i]] = 0x801;
            make_ct_sig_raw(ct, g.nonce, w);
            assert_int_equal(falcon512_sig_decode(s2, NULL, ct, sizeof(ct)), LX_OK);
            assert_int_equal(s2[at[i]], -2047);
            assert_int_equal(verify_good(&g, ct, sizeof(ct)), FALCON_ERR_BADSIG);
            w[at[i]] = 0x7ff;
            make_ct_sig_raw(ct, g.nonce, w);
            assert_int_equal(falcon512_sig_decode(s2, NULL, ct, sizeof(ct)), LX_OK);
            assert_int_equal(s2[at[i]], 2047);
            w[at[i]] = keep;
        }
    }
    /* all-zero s2 decodes and is rejected by the norm only if c is long:
     * c is uniform mod q, so ||c||^2 is about 512 * q^2 / 12 >> bound */
    memset(w, 0, sizeof(w));
    make_ct_sig_raw(ct, g.nonce, w);
    assert_int_equal(verify_good(&g, ct, sizeof(ct)), FALCON_ERR_BADSIG);
    free(g.msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kat_verify),
        cmocka_unit_test(test_kat_flips),
        cmocka_unit_test(test_nexus_signatures),
        cmocka_unit_test(test_nexus_transactions),
        cmocka_unit_test(test_pubkey_edges),
        cmocka_unit_test(test_sig_header_length),
        cmocka_unit_test(test_sig_compressed_edges),
        cmocka_unit_test(test_sig_ct_edges),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
