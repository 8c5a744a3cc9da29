/*
 * Signature chains with transactions signed here (host only: OpenSSL makes
 * the Brainpool keys and the 135-byte Nexus-form signatures, see
 * tests/host/common/ossl_sign.h). Cases that need a valid signature on a
 * transaction that breaks a chain rule: a fixture transaction re-signed
 * under a key hashNext did not commit to, a hashNext changed and properly
 * re-signed, forks (two valid transactions for one place), recovery, order
 * and sequence with good signatures, and the first-transaction rules of
 * each network.
 */
#include "test.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "base/status.h"
#include "crypto/sk.h"
#include "ledger/chain.h"
#include "ledger/tx.h"
#include "ossl_sign.h"
#include "vec.h"

#define NEXUS_TXS "fixtures/nexus/chain/transactions.json"
#define CHAIN_LEN 5
#define ENC_CAP 2048

struct signer {
    EVP_PKEY *key;
    uint8_t pub[65];
    uint8_t hash[32];           /* SK256(pub): what hashNext commits to */
};

static struct signer keys[CHAIN_LEN + 1], recovery_key, stranger;
static int keys_made;
static size_t cases;

static void make_signer(struct signer *s)
{
    uint8_t unc[129];

    s->key = ossl_bp512_keygen("brainpoolP512t1");
    assert_non_null(s->key);
    assert_int_equal(ossl_bp512_public(s->key, unc, s->pub), 0);
    sk256(s->pub, sizeof(s->pub), s->hash);
}

static void make_keys(void)
{
    if (keys_made)
        return;
    for (size_t i = 0; i <= CHAIN_LEN; i++)
        make_signer(&keys[i]);
    make_signer(&recovery_key);
    make_signer(&stranger);
    keys_made = 1;
}

/* A transaction and the storage its spans point to. */
struct built {
    struct ledger_tx tx;
    uint8_t op[40];
    uint8_t sig[135];
    uint8_t enc[ENC_CAP];
    size_t enc_len;
};

/* Sign tx under s (key and signature replaced), then encode it. */
static void sign_encode(struct built *b, const struct signer *s)
{
    uint8_t txid[64], msg[64];

    b->tx.key_type = LEDGER_KEY_BRAINPOOL;
    b->tx.pubkey.p = s->pub;
    b->tx.pubkey.len = sizeof(s->pub);
    ledger_tx_txid(&b->tx, txid);
    ledger_tx_signed_bytes(txid, msg);
    assert_int_equal(ossl_bp512_sign_nexus(s->key, msg, b->sig), 135);
    b->tx.sig.p = b->sig;
    b->tx.sig.len = sizeof(b->sig);
    assert_int_equal(ledger_tx_encode(&b->tx, b->enc, sizeof(b->enc), &b->enc_len), LX_OK);
}

static uint8_t genesis[32];

/*
 * Transaction i of a fresh private-network chain: one opaque contract (a
 * WRITE-shaped operation stream), hashNext committing to keys[i + 1],
 * hashPrevTx = SK512("") first, then the previous txid.
 */
static void build(struct built *b, uint32_t i, const struct built *prev)
{
    memset(b, 0, sizeof(*b));
    b->op[0] = 0x01;
    memset(b->op + 1, 0xd1, 32);
    b->op[33] = 3;
    memset(b->op + 34, (int)i, 3);
    b->tx.n_contracts = 1;
    b->tx.contracts[0].operation.p = b->op;
    b->tx.contracts[0].operation.len = 37;
    b->tx.version = 4;
    b->tx.sequence = i;
    b->tx.timestamp = 1795588000u + 10 * i;
    memcpy(b->tx.hash_next, keys[i + 1].hash, 32);
    memcpy(b->tx.genesis, genesis, 32);
    if (prev == NULL)
        sk512("", 0, b->tx.prev_tx);
    else
        ledger_tx_txid(&prev->tx, b->tx.prev_tx);
    b->tx.next_type = LEDGER_KEY_BRAINPOOL;
    sign_encode(b, &keys[i]);
}

static struct built chain[CHAIN_LEN];

static void build_chain(void)
{
    make_keys();
    if (genesis[31] == 0) {
        assert_int_equal(RAND_bytes(genesis, 32), 1);
        genesis[31] = 0xb7;
    }
    for (uint32_t i = 0; i < CHAIN_LEN; i++)
        build(&chain[i], i, i ? &chain[i - 1] : NULL);
}

static const struct ledger_chain_config private_cfg = { .network = LEDGER_NET_PRIVATE };

/* Verify chain[0..n) with transaction `at` replaced by `alt` (NULL: none)
 * and `extra` appended (NULL: none); compare error and index. */
static void expect(size_t n, size_t at, const struct built *alt, const struct built *extra,
                   int want, size_t want_index, const char *what)
{
    struct ledger_span s[CHAIN_LEN + 1];
    struct ledger_chain_report rep;
    size_t m = 0;
    int r;

    for (size_t i = 0; i < n; i++) {
        const struct built *b = (alt != NULL && i == at) ? alt : &chain[i];

        s[m].p = b->enc;
        s[m++].len = b->enc_len;
    }
    if (extra != NULL) {
        s[m].p = extra->enc;
        s[m++].len = extra->enc_len;
    }
    r = ledger_chain_verify(&private_cfg, s, m, NULL, &rep);
    if (r != want || (want != LX_OK && rep.bad_index != want_index))
        fail_msg("%s: got %d at %zu, want %d at %zu", what, r, rep.bad_index, want, want_index);
    cases++;
}

static void test_fresh_chain(void **state)
{
    static struct ledger_tx tx;
    struct ledger_span s[CHAIN_LEN];
    struct ledger_chain_state head;
    (void)state;

    build_chain();
    for (size_t i = 0; i < CHAIN_LEN; i++) {
        uint8_t out[ENC_CAP];
        size_t len;

        s[i].p = chain[i].enc;
        s[i].len = chain[i].enc_len;
        /* what we build parses back to the same bytes and checks alone */
        assert_int_equal(ledger_tx_parse(&tx, s[i].p, s[i].len, NULL), LX_OK);
        assert_int_equal(ledger_tx_encode(&tx, out, sizeof(out), &len), LX_OK);
        assert_int_equal(len, s[i].len);
        assert_memory_equal(out, s[i].p, len);
        assert_int_equal(ledger_tx_check(&tx, LEDGER_NET_PRIVATE, NULL), LX_OK);
    }
    assert_int_equal(ledger_chain_verify(&private_cfg, s, CHAIN_LEN, &head, NULL), LX_OK);
    assert_int_equal(head.count, CHAIN_LEN);
    assert_memory_equal(head.hash_next, keys[CHAIN_LEN].hash, 32);
    cases++;
}

/* A transaction re-signed under a key hashNext did not commit to: valid on
 * its own, refused in the chain. */
static void test_resigned(void **state)
{
    static struct built b;
    (void)state;

    build_chain();
    for (size_t k = 1; k < CHAIN_LEN; k++) {
        b = chain[k];
        b.tx.contracts[0].operation.p = b.op;
        sign_encode(&b, &stranger);
        assert_int_equal(ledger_tx_check(&b.tx, LEDGER_NET_PRIVATE, NULL), LX_OK);
        expect(CHAIN_LEN, k, &b, NULL, LEDGER_ERR_NEXT_HASH, k, "re-signed by a stranger");
        /* the next key in line is not the right one either */
        sign_encode(&b, &keys[k + 1]);
        expect(CHAIN_LEN, k, &b, NULL, LEDGER_ERR_NEXT_HASH, k, "re-signed by the next key");
    }
}

/* The same on the fixtures: each later transaction of alice's and carol's
 * chains (Brainpool-signed ones) re-signed by a stranger. */
static void test_resigned_fixtures(void **state)
{
    static struct ledger_tx tx;
    static uint8_t sig[135], enc[ENC_CAP];
    static uint8_t *bufs[64];
    static size_t lens[64];
    size_t text_len, n = 0, done = 0;
    char *text = vec_load(NEXUS_TXS, &text_len);
    struct json *root;
    const struct json *txs;
    (void)state;

    make_keys();
    assert_non_null(text);
    root = json_parse(text, text_len);
    assert_non_null(root);
    txs = json_get(root, "transactions");
    for (const char *const *user = (const char *const[]){ "alice", "carol", NULL }; *user;
         user++) {
        struct ledger_span s[16];

        n = 0;
        for (size_t i = 0; i < json_len(txs); i++) {
            const struct json *t = json_at(txs, i);
            size_t len;
            const char *hex = json_str(json_get(json_get(t, "raw"), "tx_network_hex"), &len);

            if (strcmp(json_str(json_get(t, "user"), NULL), *user) != 0)
                continue;
            bufs[n] = vec_hex_alloc(hex, len, &lens[n]);
            assert_non_null(bufs[n]);
            s[n].p = bufs[n];
            s[n].len = lens[n];
            n++;
        }
        assert_int_equal(ledger_chain_verify(&private_cfg, s, n, NULL, NULL), LX_OK);
        for (size_t k = 1; k < n; k++) {
            struct ledger_chain_report rep;
            uint8_t txid[64], msg[64];
            size_t len;

            assert_int_equal(ledger_tx_parse(&tx, s[k].p, s[k].len, NULL), LX_OK);
            if (tx.key_type != LEDGER_KEY_BRAINPOOL)
                continue;
            tx.pubkey.p = stranger.pub;
            tx.pubkey.len = sizeof(stranger.pub);
            ledger_tx_txid(&tx, txid);
            ledger_tx_signed_bytes(txid, msg);
            assert_int_equal(ossl_bp512_sign_nexus(stranger.key, msg, sig), 135);
            tx.sig.p = sig;
            tx.sig.len = sizeof(sig);
            assert_int_equal(ledger_tx_check(&tx, LEDGER_NET_PRIVATE, txid), LX_OK);
            assert_int_equal(ledger_tx_encode(&tx, enc, sizeof(enc), &len), LX_OK);
            {
                struct ledger_span saved = s[k];

                s[k].p = enc;
                s[k].len = len;
                assert_int_equal(ledger_chain_verify(&private_cfg, s, n, NULL, &rep),
                                 LEDGER_ERR_NEXT_HASH);
                assert_int_equal(rep.bad_index, k);
                s[k] = saved;
            }
            done++;
        }
        for (size_t i = 0; i < n; i++)
            free(bufs[i]);
    }
    print_message("ledger forge: %zu fixture transactions re-signed and refused\n", done);
    assert_int_equal(done, 8 + 3);     /* alice 1..8, carol 1..3 (4 is FALCON) */
    cases += done;
    json_free(root);
    free(text);
}

/* hashNext changed and correctly signed: the transaction itself is fine,
 * the next one no longer links. */
static void test_hash_next_link(void **state)
{
    static struct built b;
    (void)state;

    build_chain();
    b = chain[2];
    b.tx.contracts[0].operation.p = b.op;
    memcpy(b.tx.hash_next, stranger.hash, 32);
    sign_encode(&b, &keys[2]);
    expect(3, 2, &b, NULL, LX_OK, 0, "changed hashNext, end of chain");
    {
        struct ledger_span s[4] = { { chain[0].enc, chain[0].enc_len },
                                    { chain[1].enc, chain[1].enc_len },
                                    { b.enc, b.enc_len }, { NULL, 0 } };
        static struct built c;
        struct ledger_chain_report rep;

        build(&c, 3, &b);       /* signed by keys[3], which b no longer commits to */
        s[3].p = c.enc;
        s[3].len = c.enc_len;
        assert_int_equal(ledger_chain_verify(&private_cfg, s, 4, NULL, &rep),
                         LEDGER_ERR_NEXT_HASH);
        assert_int_equal(rep.bad_index, 3);
        sign_encode(&c, &stranger);     /* the key b commits to: accepted */
        s[3].p = c.enc;
        s[3].len = c.enc_len;
        assert_int_equal(ledger_chain_verify(&private_cfg, s, 4, NULL, &rep), LX_OK);
        cases += 2;
    }
}

static void test_fork(void **state)
{
    static struct built alt, wrong, first_alt, scratch_b;
    static struct ledger_tx scratch;
    int which, same;
    (void)state;

    build_chain();
    /* two valid transactions for sequence 2, both by keys[2] */
    build(&alt, 2, &chain[1]);
    alt.tx.timestamp += 1;
    sign_encode(&alt, &keys[2]);
    expect(3, 0, NULL, &alt, LEDGER_ERR_FORK, 3, "fork at the head");
    assert_int_equal(ledger_tx_fork(&private_cfg, &scratch, chain[2].enc, chain[2].enc_len,
                                    alt.enc, alt.enc_len, &which, &same), LEDGER_ERR_FORK);
    assert_int_equal(same, 1);
    /* the head shown twice is not a fork */
    expect(3, 0, NULL, &chain[2], LEDGER_ERR_SAME_TX, 3, "head twice");
    /* a competitor signed by a key the parent did not commit to */
    wrong = alt;
    wrong.tx.contracts[0].operation.p = wrong.op;
    sign_encode(&wrong, &stranger);
    expect(3, 0, NULL, &wrong, LEDGER_ERR_NEXT_HASH, 3, "competitor, wrong key");
    assert_int_equal(ledger_tx_fork(&private_cfg, &scratch, chain[2].enc, chain[2].enc_len,
                                    wrong.enc, wrong.enc_len, &which, &same), LEDGER_ERR_FORK);
    assert_int_equal(same, 0);
    /* a competitor with another parent */
    scratch_b = alt;
    scratch_b.tx.contracts[0].operation.p = scratch_b.op;
    scratch_b.tx.prev_tx[0] ^= 1;
    sign_encode(&scratch_b, &keys[2]);
    expect(3, 0, NULL, &scratch_b, LEDGER_ERR_PREV_TX, 3, "competitor, other parent");
    /* two first transactions for one genesis */
    build(&first_alt, 0, NULL);
    first_alt.tx.timestamp += 5;
    sign_encode(&first_alt, &stranger);
    expect(1, 0, NULL, &first_alt, LEDGER_ERR_FORK, 1, "fork at the genesis");
    cases += 2;
}

static void test_order_with_signatures(void **state)
{
    static struct built b;
    (void)state;

    build_chain();
    /* earlier than the previous one */
    b = chain[3];
    b.tx.contracts[0].operation.p = b.op;
    b.tx.timestamp = chain[2].tx.timestamp - 1;
    sign_encode(&b, &keys[3]);
    expect(4, 3, &b, NULL, LEDGER_ERR_TIMESTAMP_ORDER, 3, "timestamp earlier");
    /* equal is allowed */
    b.tx.timestamp = chain[2].tx.timestamp;
    sign_encode(&b, &keys[3]);
    expect(4, 3, &b, NULL, LX_OK, 0, "timestamp equal");
    /* a skipped sequence number */
    b = chain[3];
    b.tx.contracts[0].operation.p = b.op;
    b.tx.sequence = 4;
    sign_encode(&b, &keys[3]);
    expect(4, 3, &b, NULL, LEDGER_ERR_SEQUENCE, 3, "sequence skipped");
    /* another genesis */
    b = chain[3];
    b.tx.contracts[0].operation.p = b.op;
    b.tx.genesis[4] ^= 1;
    sign_encode(&b, &keys[3]);
    expect(4, 3, &b, NULL, LEDGER_ERR_GENESIS_CHANGED, 3, "genesis changed");
    /* hashPrevTx not the previous txid */
    b = chain[3];
    b.tx.contracts[0].operation.p = b.op;
    ledger_tx_txid(&chain[1].tx, b.tx.prev_tx);
    sign_encode(&b, &keys[3]);
    expect(4, 3, &b, NULL, LEDGER_ERR_PREV_TX, 3, "hashPrevTx of the one before");
}

static void test_recovery(void **state)
{
    static struct built r0, r1, r2;
    struct ledger_span s[3];
    struct ledger_chain_state head;
    struct ledger_chain_report rep;
    (void)state;

    build_chain();
    /* genesis sets a recovery hash */
    build(&r0, 0, NULL);
    memcpy(r0.tx.hash_recovery, recovery_key.hash, 32);
    sign_encode(&r0, &keys[0]);
    s[0].p = r0.enc;
    s[0].len = r0.enc_len;
    /* the recovery key signs sequence 1 and may set a new recovery hash */
    build(&r1, 1, &r0);
    memcpy(r1.tx.hash_recovery, stranger.hash, 32);
    sign_encode(&r1, &recovery_key);
    s[1].p = r1.enc;
    s[1].len = r1.enc_len;
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 2, &head, &rep), LX_OK);
    assert_int_equal(head.recovered, 1);
    assert_memory_equal(head.hash_recovery, stranger.hash, 32);
    /* the normal key may not change it */
    sign_encode(&r1, &keys[1]);
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 2, NULL, &rep),
                     LEDGER_ERR_RECOVERY_CHANGED);
    assert_int_equal(rep.bad_index, 1);
    /* carried unchanged by the normal key: fine */
    memcpy(r1.tx.hash_recovery, recovery_key.hash, 32);
    sign_encode(&r1, &keys[1]);
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 2, &head, &rep), LX_OK);
    assert_int_equal(head.recovered, 0);
    /* then set to zero by the normal key: refused */
    build(&r2, 2, &r1);
    sign_encode(&r2, &keys[2]);
    s[2].p = r2.enc;
    s[2].len = r2.enc_len;
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 3, NULL, &rep),
                     LEDGER_ERR_RECOVERY_CHANGED);
    assert_int_equal(rep.bad_index, 2);
    /* without a recovery hash the recovery key is just a wrong key */
    s[0].p = chain[0].enc;
    s[0].len = chain[0].enc_len;
    build(&r1, 1, &chain[0]);
    sign_encode(&r1, &recovery_key);
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 2, NULL, &rep), LEDGER_ERR_NEXT_HASH);
    /* a zero recovery hash may be set by the normal key (change from 0) */
    memcpy(r1.tx.hash_recovery, recovery_key.hash, 32);
    sign_encode(&r1, &keys[1]);
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 2, NULL, &rep), LX_OK);
    cases += 7;
}

/* First transactions of the other networks, properly signed. */
static void test_networks(void **state)
{
    static struct built b;
    static const uint8_t name[] = "lx-hybrid";
    struct ledger_span s;
    uint8_t txid[64];
    (void)state;

    build_chain();
    /* mainnet: any hashPrevTx, at most 5 contracts, Argon2 work unchecked */
    build(&b, 0, NULL);
    b.tx.genesis[31] = 0xa1;
    memset(b.tx.prev_tx, 0, 64);
    sign_encode(&b, &keys[0]);
    s.p = b.enc;
    s.len = b.enc_len;
    {
        struct ledger_chain_config cfg = { .network = LEDGER_NET_MAINNET };

        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LX_OK);
        cfg.network = LEDGER_NET_TESTNET;
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LEDGER_ERR_GENESIS_TYPE);
        cfg.network = LEDGER_NET_MAINNET;
        for (uint32_t i = 1; i < 6; i++)
            b.tx.contracts[i] = b.tx.contracts[0];
        b.tx.n_contracts = 6;
        sign_encode(&b, &keys[0]);
        s.len = b.enc_len;
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LEDGER_ERR_FIRST_CONTRACTS);
        /* a pinned first txid */
        b.tx.n_contracts = 5;
        sign_encode(&b, &keys[0]);
        s.len = b.enc_len;
        ledger_tx_txid(&b.tx, txid);
        cfg.first_txid = txid;
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LX_OK);
        txid[0] ^= 1;
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LEDGER_ERR_FIRST_TXID);
    }
    /* hybrid: hashPrevTx = SK512(name) */
    build(&b, 0, NULL);
    b.tx.genesis[31] = 0xa7;
    sk512(name, sizeof(name) - 1, b.tx.prev_tx);
    sign_encode(&b, &keys[0]);
    s.p = b.enc;
    s.len = b.enc_len;
    {
        struct ledger_chain_config cfg = { .network = LEDGER_NET_HYBRID, .hybrid_name = name,
                                           .hybrid_name_len = sizeof(name) - 1 };

        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LX_OK);
        cfg.hybrid_name_len--;
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LEDGER_ERR_FIRST_PREV_TX);
    }
    cases += 8;
}

/* The limit of what a chain alone proves: a different, well-signed first
 * transaction for the same genesis id verifies on its own. Only a pin (or
 * block inclusion) tells the two apart. */
static void test_foreign_genesis(void **state)
{
    static struct built fake;
    struct ledger_span s;
    uint8_t txid[64];
    (void)state;

    build_chain();
    build(&fake, 0, NULL);
    memcpy(fake.tx.hash_next, stranger.hash, 32);
    sign_encode(&fake, &stranger);
    s.p = fake.enc;
    s.len = fake.enc_len;
    assert_int_equal(ledger_chain_verify(&private_cfg, &s, 1, NULL, NULL), LX_OK);
    {
        struct ledger_chain_config cfg = { .network = LEDGER_NET_PRIVATE, .first_txid = txid };

        ledger_tx_txid(&chain[0].tx, txid);
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, NULL), LEDGER_ERR_FIRST_TXID);
    }
    cases += 2;
}

static void test_count(void **state)
{
    (void)state;
    print_message("ledger forge: %zu chain cases\n", cases);
    assert_int_equal(cases, 52);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fresh_chain),
        cmocka_unit_test(test_resigned),
        cmocka_unit_test(test_resigned_fixtures),
        cmocka_unit_test(test_hash_next_link),
        cmocka_unit_test(test_fork),
        cmocka_unit_test(test_order_with_signatures),
        cmocka_unit_test(test_recovery),
        cmocka_unit_test(test_networks),
        cmocka_unit_test(test_foreign_genesis),
        cmocka_unit_test(test_count),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);

    for (size_t i = 0; i <= CHAIN_LEN; i++)
        EVP_PKEY_free(keys[i].key);
    EVP_PKEY_free(recovery_key.key);
    EVP_PKEY_free(stranger.key);
    return r;
}
