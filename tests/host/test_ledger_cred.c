/*
 * Nexus credentials and transaction building against the LLL-TAO fixtures
 * (host/common/credentials.h, txbuild.h): every genesis_ids.json vector on
 * every network; sigchain key secrets, Brainpool public keys and the
 * hashes hashNext commits to, for users of both schemes, rotated
 * credentials and the block producer; crypto-register keys; and alice's
 * first five transactions rebuilt from her user name, password and PIN —
 * genesis (crypto register), raw asset with a name, read-only asset, name,
 * write — whose GETHASH forms, hence txids, must equal the reference
 * node's byte for byte, and which must verify as links of her real chain.
 * Also the secrets-file reader.
 */
#include "test.h"

#include <unistd.h>

#include "base/status.h"
#include "chaincheck.h"
#include "credentials.h"
#include "crypto/sk.h"
#include "hex.h"
#include "ledger/address.h"
#include "ledger/chain.h"
#include "secret.h"
#include "txbuild.h"
#include "txio.h"
#include "vec.h"

#define USERS "fixtures/nexus/chain/users.json"
#define TXS "fixtures/nexus/chain/transactions.json"
#define GENESIS_IDS "fixtures/nexus/vectors/genesis_ids.json"
#define ALICE_REBUILT 5

static struct json *users, *txs;

static int setup(void **state)
{
    size_t n;
    char *u = vec_load(USERS, &n);
    char *t = u ? vec_load(TXS, &n) : NULL;

    (void)state;
    if (t == NULL)
        return -1;
    users = json_parse(u, strlen(u));
    txs = json_parse(t, strlen(t));
    free(u);
    free(t);
    return users && txs ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_free(users);
    json_free(txs);
    return 0;
}

static const char *jstr(const struct json *j, const char *key)
{
    const char *s = json_str(json_get(j, key), NULL);

    assert_non_null(s);
    return s;
}

static const struct json *user(const char *name)
{
    const struct json *list = json_get(users, "users");

    for (size_t i = 0; i < json_len(list); i++)
        if (strcmp(jstr(json_at(list, i), "username"), name) == 0)
            return json_at(list, i);
    fail_msg("no user %s", name);
    return NULL;
}

static const struct json *cred_set(const struct json *u, const char *label)
{
    const struct json *sets = json_get(u, "credential_sets");

    for (size_t i = 0; i < json_len(sets); i++)
        if (strncmp(jstr(json_at(sets, i), "label"), label, strlen(label)) == 0)
            return json_at(sets, i);
    fail_msg("no credential set %s", label);
    return NULL;
}

static void set_secrets(struct secrets *s, const struct json *set)
{
    memset(s, 0, sizeof(*s));
    s->password_len = strlen(jstr(set, "password"));
    s->pin_len = strlen(jstr(set, "pin"));
    memcpy(s->password, jstr(set, "password"), s->password_len);
    memcpy(s->pin, jstr(set, "pin"), s->pin_len);
}

static void expect_hex(const uint8_t *p, size_t n, const char *want, const char *what)
{
    char hex[2 * 1100 + 1];

    hex_encode(p, n, hex);
    if (strcmp(hex, want) != 0)
        fail_msg("%s: got %s want %s", what, hex, want);
}

static void expect_gethex(const uint8_t *raw, size_t n, const char *want, const char *what)
{
    char hex[257];

    txio_gethex(raw, n, hex);
    if (strcmp(hex, want) != 0)
        fail_msg("%s: got %s want %s", what, hex, want);
}

/* ---- genesis ids -------------------------------------------------------------- */

static void test_genesis_vectors(void **state)
{
    static const char *const nets[] = { "mainnet", "testnet", "hybrid", "private" };
    size_t n;
    char *text = vec_load(GENESIS_IDS, &n);
    struct json *root = json_parse(text, n);
    const struct json *v = json_get(root, "vectors");
    uint8_t raw[32];

    (void)state;
    assert_true(json_len(v) >= 8);
    for (size_t i = 0; i < json_len(v); i++) {
        const char *name = jstr(json_at(v, i), "username");
        assert_int_equal(cred_genesis(name, strlen(name), 0, raw, NULL), 0);
        /* only the type byte differs between networks */
        for (int k = 0; k < 4; k++) {
            raw[31] = ledger_user_type((enum ledger_network)txio_network_parse(nets[k]));
            expect_gethex(raw, 32, jstr(json_at(v, i), nets[k]), name);
        }
    }
    json_free(root);
    free(text);
    /* the users file's raw form too */
    const struct json *g = json_get(user("alice"), "genesis_ids_all_networks");
    assert_int_equal(cred_genesis("alice", 5, 0xa1, raw, NULL), 0);
    expect_hex(raw, 32, jstr(g, "raw_le_mainnet"), "alice raw mainnet");
    assert_int_equal(cred_genesis("", 0, 0xa1, raw, NULL), -1);
}

/* ---- sigchain keys ------------------------------------------------------------- */

static const struct json *fixture_key(const struct json *set, uint32_t id)
{
    const struct json *keys = json_get(set, "sigchain_keys");

    for (size_t i = 0; i < json_len(keys); i++)
        if (json_int(json_get(json_at(keys, i), "key_id")) == (long long)id)
            return json_at(keys, i);
    fail_msg("no key %u", id);
    return NULL;
}

/* Derives key id of (user, set) and compares secret, Brainpool public key
 * and SK256(pub) (what the previous hashNext holds). */
static void check_key(const char *name, const char *label, uint32_t id)
{
    const struct json *set = cred_set(user(name), label), *fk = fixture_key(set, id);
    uint8_t secret[64], h[32];
    struct secrets s;
    struct cred_key k;

    set_secrets(&s, set);
    assert_int_equal(cred_key_secret(name, strlen(name), &s, id, NULL, secret), 0);
    expect_hex(secret, 64, jstr(fk, "secret_bytes"), name);
    assert_int_equal(cred_bp_key(secret, &k), 0);
    const struct json *bp = json_get(fk, "brainpool");
    expect_hex(k.pub, sizeof(k.pub), jstr(bp, "pubkey"), name);
    sk256(k.pub, sizeof(k.pub), h);
    expect_gethex(h, 32, jstr(bp, "next_hash_SK256_pubkey"), name);
    cred_key_free(&k);
    secret_wipe(&s);
}

static void test_sigchain_keys(void **state)
{
    (void)state;
    check_key("alice", "initial", 0);
    check_key("alice", "initial", 7);
    check_key("alice", "rotated", 8);           /* after the credentials change */
    check_key("bob", "initial", 0);             /* FALCON chain: same secret */
    check_key("carol", "initial", 3);
    check_key("carol", "rotated_falcon", 4);
    check_key("generate", "private-chain", 0);
    check_key("generate", "private-chain", 18);
}

/* The fixture transactions' key links: alice's transaction 7 (credentials
 * change) is signed by the old key 7 and commits to the new key 8. */
static void test_rotation_link(void **state)
{
    const struct json *list = json_get(txs, "transactions");
    struct secrets s;
    struct cred_key k;
    uint8_t h[32];

    (void)state;
    set_secrets(&s, cred_set(user("alice"), "rotated"));
    assert_int_equal(cred_derive_bp("alice", 5, &s, 8, NULL, &k, NULL), 0);
    sk256(k.pub, sizeof(k.pub), h);
    for (size_t i = 0; i < json_len(list); i++) {
        const struct json *t = json_at(list, i);
        if (strcmp(jstr(t, "user"), "alice") == 0 && json_int(json_get(t, "sequence")) == 7)
            expect_gethex(h, 32, jstr(json_get(t, "decoded"), "hashNext"), "alice 7 hashNext");
        if (strcmp(jstr(t, "user"), "alice") == 0 && json_int(json_get(t, "sequence")) == 8)
            expect_hex(k.pub, sizeof(k.pub), jstr(json_get(t, "decoded"), "pubkey"), "alice 8");
    }
    cred_key_free(&k);
    secret_wipe(&s);
}

static void test_crypto_keys(void **state)
{
    static const char *const names[] = { "auth", "network", "sign" };
    const struct json *set = cred_set(user("alice"), "initial");
    const struct json *ck = json_get(set, "crypto_keys_id0");
    struct secrets s;
    uint8_t secret[64], kh[32];
    struct cred_key k;

    (void)state;
    set_secrets(&s, set);
    for (int i = 0; i < 3; i++) {
        const struct json *f = json_get(ck, names[i]);
        assert_int_equal(cred_key_secret("alice", 5, &s, 0, names[i], secret), 0);
        expect_hex(secret, 64, jstr(f, "secret_bytes"), names[i]);
        assert_int_equal(cred_bp_key(secret, &k), 0);
        expect_hex(k.pub, sizeof(k.pub), jstr(json_get(f, "brainpool"), "pubkey"), names[i]);
        txb_key_hash(k.pub, LEDGER_KEY_BRAINPOOL, kh);
        expect_gethex(kh, 32, jstr(json_get(f, "brainpool"), "KeyHash"), names[i]);
        cred_key_free(&k);
    }
    secret_wipe(&s);
}

/* ---- alice's first transactions rebuilt ---------------------------------------- */

struct fixture_tx {
    const struct json *j;
    uint8_t *bytes;
    size_t len;
    struct ledger_tx tx;
};

static struct fixture_tx alice[ALICE_REBUILT];

static void load_alice(void)
{
    const struct json *list = json_get(txs, "transactions");

    for (size_t i = 0; i < json_len(list); i++) {
        const struct json *t = json_at(list, i);
        long long seq = json_int(json_get(t, "sequence"));
        if (strcmp(jstr(t, "user"), "alice") != 0 || seq >= ALICE_REBUILT)
            continue;
        struct fixture_tx *f = &alice[seq];
        const char *hex = jstr(json_get(t, "raw"), "tx_network_hex");
        f->j = t;
        f->bytes = vec_hex_alloc(hex, strlen(hex), &f->len);
        assert_non_null(f->bytes);
        assert_int_equal(ledger_tx_parse(&f->tx, f->bytes, f->len, NULL), LX_OK);
    }
}

static void header_from(struct txb *b, const struct ledger_tx *ref)
{
    txb_init(b);
    b->tx.version = ref->version;
    b->tx.sequence = ref->sequence;
    b->tx.timestamp = ref->timestamp;
    memcpy(b->tx.genesis, ref->genesis, 32);
    memcpy(b->tx.prev_tx, ref->prev_tx, 64);
    memcpy(b->tx.hash_recovery, ref->hash_recovery, 32);
    b->tx.key_type = b->tx.next_type = LEDGER_KEY_BRAINPOOL;
}

static void value_of(const struct fixture_tx *f, const uint8_t **v, size_t *n)
{
    const char *s = jstr(json_get(f->j, "payload"), "sha256_hex");

    *v = (const uint8_t *)s;
    *n = strlen(s);
}

static void address_of(const struct fixture_tx *f, size_t contract, uint8_t addr[32])
{
    const char *a = jstr(json_at(json_get(f->j, "contracts"), contract), "address");

    assert_int_equal(addr_from_hex(a, strlen(a), addr), LX_OK);
}

/* The contracts of alice's transaction seq, built the way lx tx new does
 * (asset addresses are random there; here they are the fixture's). */
static void contracts_for(struct txb *b, uint32_t seq, const struct secrets *s,
                          const struct tx_blob *chain)
{
    const uint8_t *v;
    size_t n;
    uint8_t addr[32], target[32], ser[REG_MAX_STATE_SIZE];
    struct reg_state pre;

    if (seq == 0) {
        struct cred_key a, nw, sg;
        assert_int_equal(cred_derive_bp("alice", 5, s, 0, "auth", &a, NULL), 0);
        assert_int_equal(cred_derive_bp("alice", 5, s, 0, "network", &nw, NULL), 0);
        assert_int_equal(cred_derive_bp("alice", 5, s, 0, "sign", &sg, NULL), 0);
        assert_int_equal(txb_genesis(b, a.pub, nw.pub, sg.pub), LX_OK);
        cred_key_free(&a);
        cred_key_free(&nw);
        cred_key_free(&sg);
    } else if (seq == 1 || seq == 2) {          /* raw asset + name; read-only asset */
        value_of(&alice[seq], &v, &n);
        address_of(&alice[seq], 0, addr);
        assert_int_equal(txb_asset(b, addr, seq == 2, v, n), LX_OK);
        if (seq == 1)
            assert_int_equal(txb_name(b, "app.telemetry", 13, addr, NULL), LX_OK);
    } else if (seq == 3) {                      /* name for the read-only asset */
        address_of(&alice[2], 0, target);
        assert_int_equal(txb_name(b, "app.manifest", 12, target, addr), LX_OK);
        address_of(&alice[3], 0, target);
        assert_memory_equal(addr, target, 32);
    } else {                                    /* write the raw asset */
        uint8_t data[REG_MAX_DATA];
        struct reg_asset cur;
        address_of(&alice[1], 0, addr);
        assert_int_equal(txb_register_state(chain, seq, addr, ser, &pre), 1);
        assert_int_equal(reg_asset_parse(pre.data, pre.data_len, &cur, NULL), LX_OK);
        value_of(&alice[4], &v, &n);
        assert_int_equal(txb_asset_data(v, n, cur.value_len, data, &n), 0);
        assert_int_equal(txb_write(b, addr, &pre, data, n), LX_OK);
    }
}

static void test_rebuild_alice(void **state)
{
    static struct txb b;
    static uint8_t enc[TXB_ENC_MAX];
    static struct ledger_tx tx;
    struct tx_blob chain[ALICE_REBUILT];
    struct ledger_chain_config cfg = { .network = LEDGER_NET_PRIVATE };
    struct ledger_chain_state st;
    struct check_fail f;
    struct secrets s;
    struct cred_key key, next;
    size_t len;

    (void)state;
    load_alice();
    for (uint32_t i = 0; i < ALICE_REBUILT; i++)
        chain[i] = (struct tx_blob){ alice[i].bytes, alice[i].len, NULL };
    set_secrets(&s, cred_set(user("alice"), "initial"));
    assert_int_equal(cred_derive_bp("alice", 5, &s, 0, NULL, &key, NULL), 0);
    assert_int_equal(ledger_chain_init(&st, &cfg), LX_OK);
    for (uint32_t seq = 0; seq < ALICE_REBUILT; seq++) {
        const struct ledger_tx *ref = &alice[seq].tx;
        header_from(&b, ref);
        contracts_for(&b, seq, &s, chain);
        assert_int_equal(cred_derive_bp("alice", 5, &s, seq + 1, NULL, &next, NULL), 0);
        assert_int_equal(txb_sign_encode(&b, &key, &next, enc, sizeof(enc), &len), 0);
        /* byte-identical up to the signature (ECDSA is randomised): the
         * GETHASH form and the public key, so the same txid */
        assert_int_equal(ledger_tx_parse(&tx, enc, len, NULL), LX_OK);
        assert_int_equal(tx.gethash_len, ref->gethash_len);
        assert_memory_equal(enc, alice[seq].bytes, ref->gethash_len + 1 + 65);
        expect_hex(enc, tx.gethash_len, jstr(json_get(alice[seq].j, "raw"),
                                              "gethash_preimage_hex"), "GETHASH form");
        assert_int_equal(tx.sig.len, 135);
        /* and it is a valid link of alice's chain, contracts included */
        assert_int_equal(check_contracts(&tx, &f), LX_OK);
        assert_int_equal(ledger_chain_append_tx(&st, &cfg, &tx), LX_OK);
        cred_key_free(&key);
        key = next;
    }
    cred_key_free(&key);
    secret_wipe(&s);
    for (uint32_t i = 0; i < ALICE_REBUILT; i++)
        free(alice[i].bytes);
}

/* ---- secrets files ------------------------------------------------------------------ */

static int read_text(const char *text, struct secrets *s, char *err, size_t cap)
{
    char path[] = "/tmp/lx_secret_XXXXXX";
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    int r = secret_read(s, SECRET_FILE, path, "u", err, cap);
    unlink(path);
    return r;
}

static void test_secrets_file(void **state)
{
    struct secrets s;
    char err[256];

    (void)state;
    assert_int_equal(read_text("# comment\n\npassword=a=b c\r\npin=12\n", &s, err, 256), 0);
    assert_string_equal(s.password, "a=b c");
    assert_int_equal(s.password_len, 5);
    assert_string_equal(s.pin, "12");
    assert_int_equal(read_text("password=xyzzy-secret\n", &s, err, 256), -1);
    assert_non_null(strstr(err, "needs both"));
    assert_null(strstr(err, "xyzzy"));
    assert_int_equal(s.password_len, 0);                /* wiped */
    assert_int_equal(read_text("password=p\npni=xyzzy\n", &s, err, 256), -1);
    assert_non_null(strstr(err, ":2: expected"));
    assert_null(strstr(err, "xyzzy"));
    assert_int_equal(read_text("password=\npin=1\n", &s, err, 256), -1);
    assert_int_equal(secret_read(&s, SECRET_FILE, "/nonexistent/x", "u", err, 256), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genesis_vectors), cmocka_unit_test(test_sigchain_keys),
        cmocka_unit_test(test_rotation_link),   cmocka_unit_test(test_crypto_keys),
        cmocka_unit_test(test_rebuild_alice),   cmocka_unit_test(test_secrets_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
