/*
 * Nexus transactions and signature chains (lib/ledger/tx.c, chain.c) on the
 * LLL-TAO 5.1.6 fixtures: every transaction parses, re-encodes byte for
 * byte, has the fixture's txid and signed bytes and a valid signature;
 * every user chain verifies; every field changed, every truncation and
 * every longer or non-canonical encoding is refused with the error that
 * names it. Signing-dependent cases (forged and forked chains) are in
 * tests/host/test_ledger_forge.c.
 */
#include "test.h"

#include "base/status.h"
#include "ledger/chain.h"
#include "ledger/tx.h"
#include "vec.h"

#define NEXUS_TXS "fixtures/nexus/chain/transactions.json"
#define N_TXS 38
#define N_PRODUCER 18
#define N_BRAINPOOL 31
#define N_FALCON 7
#define MAX_CHAIN 20

struct fixture {
    uint8_t *net;               /* tx_network_hex */
    size_t len;
    uint8_t *api;               /* api_format_raw_hex: 0x03 || network form */
    size_t api_len;
    size_t gethash_len;
    uint8_t txid[64];           /* raw */
    uint8_t txid_hex_form[64];  /* GetHex bytes (reversed) */
    uint8_t msg[64];
    uint8_t key_hash_hex_form[32];
    uint8_t hash_next_hex_form[32];
    char user[16];
    long long sequence, timestamp, version, key_type, next_type, n_contracts;
    int producer;
};

static struct fixture fx[N_TXS];
static size_t n_fx;

static void hex_exact(const struct json *obj, const char *key, uint8_t *out, size_t n)
{
    size_t len;
    const char *s = json_str(json_get(obj, key), &len);

    if (s == NULL || vec_hex(s, len, out, n) != n)
        fail_msg("fixture field %s: not %zu hex bytes", key, n);
}

static uint8_t *hex_field(const struct json *obj, const char *key, size_t *n)
{
    size_t len;
    const char *s = json_str(json_get(obj, key), &len);
    uint8_t *p = s != NULL ? vec_hex_alloc(s, len, n) : NULL;

    if (p == NULL)
        fail_msg("fixture field %s missing or not hex", key);
    return p;
}

static void load_fixtures(void)
{
    size_t text_len, n, len;
    char *text;
    struct json *root;
    const struct json *txs;

    if (n_fx > 0)
        return;
    text = vec_load(NEXUS_TXS, &text_len);
    if (text == NULL)
        fail_msg("missing %s", NEXUS_TXS);
    root = json_parse(text, text_len);
    assert_non_null(root);
    txs = json_get(root, "transactions");
    n = json_len(txs);
    assert_int_equal(n, N_TXS);
    for (size_t i = 0; i < n; i++) {
        const struct json *tx = json_at(txs, i), *raw = json_get(tx, "raw");
        const struct json *dec = json_get(tx, "decoded");
        struct fixture *f = &fx[i];
        const char *user = json_str(json_get(tx, "user"), &len);
        uint8_t *pre;

        assert_non_null(user);
        assert_true(len < sizeof(f->user));
        memcpy(f->user, user, len + 1);
        f->net = hex_field(raw, "tx_network_hex", &f->len);
        f->api = hex_field(raw, "api_format_raw_hex", &f->api_len);
        pre = hex_field(raw, "gethash_preimage_hex", &f->gethash_len);
        /* the GETHASH form is a prefix of the network form */
        assert_true(f->gethash_len < f->len);
        assert_memory_equal(pre, f->net, f->gethash_len);
        free(pre);
        hex_exact(raw, "txid_raw_le_hex", f->txid, 64);
        hex_exact(tx, "txid", f->txid_hex_form, 64);
        hex_exact(raw, "signed_message_hex", f->msg, 64);
        hex_exact(dec, "PrevHash_SK256_pubkey", f->key_hash_hex_form, 32);
        hex_exact(dec, "hashNext", f->hash_next_hex_form, 32);
        f->sequence = json_int(json_get(tx, "sequence"));
        f->timestamp = json_int(json_get(dec, "nTimestamp"));
        f->version = json_int(json_get(dec, "nVersion"));
        f->key_type = json_int(json_get(dec, "nKeyType"));
        f->next_type = json_int(json_get(dec, "nNextType"));
        f->n_contracts = json_int(json_get(dec, "n_contracts"));
        f->producer = json_bool(json_get(tx, "producer_tx"));
        assert_true(json_bool(json_get(tx, "signature_valid_per_lll_tao")));
    }
    n_fx = n;
    json_free(root);
    free(text);
}

static void reverse(uint8_t *out, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = in[n - 1 - i];
}

static const struct ledger_chain_config private_cfg = { .network = LEDGER_NET_PRIVATE };

/* ---- every fixture transaction ---- */

static void test_fixture_transactions(void **state)
{
    static struct ledger_tx tx;
    size_t done = 0, producer = 0, brainpool = 0, falcon = 0;
    (void)state;

    load_fixtures();
    for (size_t i = 0; i < n_fx; i++) {
        const struct fixture *f = &fx[i];
        uint8_t out[4096], txid[64], msg[64], h[32], rev[64];
        size_t off = 99, out_len;

        assert_int_equal(ledger_tx_parse(&tx, f->net, f->len, &off), LX_OK);
        assert_int_equal(off, 0);
        assert_int_equal(tx.n_contracts, f->n_contracts);
        assert_int_equal(tx.version, f->version);
        assert_int_equal(tx.sequence, f->sequence);
        assert_int_equal(tx.timestamp, f->timestamp);
        assert_int_equal(tx.key_type, f->key_type);
        assert_int_equal(tx.next_type, f->next_type);
        assert_int_equal(tx.gethash_len, f->gethash_len);
        reverse(rev, tx.hash_next, 32);
        assert_memory_equal(rev, f->hash_next_hex_form, 32);
        /* the contracts tile the start of the buffer */
        for (uint32_t c = 0; c < tx.n_contracts; c++)
            assert_true(tx.contracts[c].raw.p + tx.contracts[c].raw.len <= f->net + f->gethash_len);

        /* byte-identical round trip, and no shorter buffer is enough */
        assert_int_equal(ledger_tx_encoded_size(&tx), f->len);
        assert_int_equal(ledger_tx_encode(&tx, out, sizeof(out), &out_len), LX_OK);
        assert_int_equal(out_len, f->len);
        assert_memory_equal(out, f->net, f->len);
        assert_int_equal(ledger_tx_encode(&tx, out, f->len - 1, &out_len), LEDGER_ERR_OUT_SPACE);

        /* the API's raw form is the LLP message byte then the same bytes */
        assert_int_equal(f->api_len, f->len + 1);
        assert_int_equal(f->api[0], LEDGER_MSG_TX_TRITIUM);
        assert_memory_equal(f->api + 1, f->net, f->len);

        /* txid (raw and as printed), signed bytes, key hash */
        ledger_tx_txid(&tx, txid);
        assert_memory_equal(txid, f->txid, 64);
        memset(txid, 0, sizeof(txid));
        ledger_tx_txid_parsed(&tx, f->net, txid);
        assert_memory_equal(txid, f->txid, 64);
        reverse(rev, txid, 64);
        assert_memory_equal(rev, f->txid_hex_form, 64);
        assert_int_equal(rev[0], LEDGER_TXID_TYPE);
        ledger_tx_signed_bytes(txid, msg);
        assert_memory_equal(msg, f->msg, 64);
        ledger_tx_key_hash(&tx, h);
        reverse(rev, h, 32);
        assert_memory_equal(rev, f->key_hash_hex_form, 32);

        /* Check(): fields and signature */
        assert_int_equal(ledger_tx_check_fields(&tx, LEDGER_NET_PRIVATE), LX_OK);
        if (ledger_tx_verify_sig(&tx, txid) != LX_OK)
            fail_msg("tx %zu (%s %lld): signature refused", i, f->user, f->sequence);
        /* another network's genesis type byte */
        assert_int_equal(ledger_tx_check(&tx, LEDGER_NET_MAINNET, txid), LEDGER_ERR_GENESIS_TYPE);
        assert_int_equal(ledger_tx_check(&tx, LEDGER_NET_TESTNET, NULL), LEDGER_ERR_GENESIS_TYPE);
        assert_int_equal(ledger_tx_check(&tx, LEDGER_NET_HYBRID, NULL), LEDGER_ERR_GENESIS_TYPE);
        brainpool += tx.key_type == LEDGER_KEY_BRAINPOOL;
        falcon += tx.key_type == LEDGER_KEY_FALCON;
        producer += (size_t)f->producer;
        done++;
    }
    print_message("ledger: %zu transactions parsed, re-encoded, hashed and verified "
                  "(%zu producer, %zu Brainpool, %zu FALCON)\n", done, producer, brainpool, falcon);
    assert_int_equal(done, N_TXS);
    assert_int_equal(producer, N_PRODUCER);
    assert_int_equal(brainpool, N_BRAINPOOL);
    assert_int_equal(falcon, N_FALCON);
}

/* ---- chains ---- */

/* The fixture transactions of one user, in sequence order. */
static size_t chain_of(const char *user, struct ledger_span *spans, size_t *idx)
{
    size_t n = 0;

    load_fixtures();
    for (size_t i = 0; i < n_fx; i++) {
        if (strcmp(fx[i].user, user) != 0)
            continue;
        assert_true(n < MAX_CHAIN);
        assert_int_equal(fx[i].sequence, (long long)n);
        spans[n].p = fx[i].net;
        spans[n].len = fx[i].len;
        if (idx != NULL)
            idx[n] = i;
        n++;
    }
    return n;
}

static void test_fixture_chains(void **state)
{
    static const struct {
        const char *user;
        size_t len;
        uint8_t head_next_type;
        int has_recovery;
    } chains[] = {
        { "alice", 9, LEDGER_KEY_BRAINPOOL, 1 },
        { "bob", 6, LEDGER_KEY_FALCON, 0 },
        { "carol", 5, LEDGER_KEY_FALCON, 0 },       /* BRAINPOOL -> FALCON at sequence 3 */
        { "generate", 18, LEDGER_KEY_BRAINPOOL, 0 },
    };
    size_t total = 0;
    (void)state;

    for (size_t c = 0; c < sizeof(chains) / sizeof(chains[0]); c++) {
        struct ledger_span spans[MAX_CHAIN];
        size_t idx[MAX_CHAIN];
        struct ledger_chain_state head;
        struct ledger_chain_report rep;
        size_t n = chain_of(chains[c].user, spans, idx);
        int r;

        assert_int_equal(n, chains[c].len);
        r = ledger_chain_verify(&private_cfg, spans, n, &head, &rep);
        if (r != LX_OK)
            fail_msg("chain %s: error %d at transaction %zu", chains[c].user, r, rep.bad_index);
        assert_int_equal(head.count, n);
        assert_int_equal(head.sequence, n - 1);
        assert_memory_equal(head.txid, fx[idx[n - 1]].txid, 64);
        assert_int_equal(head.next_type, chains[c].head_next_type);
        assert_int_equal(head.recovered, 0);
        assert_int_equal(!ledger_is_zero(head.hash_recovery, 32), chains[c].has_recovery);
        /* every prefix is a chain as well */
        r = ledger_chain_verify(&private_cfg, spans, 1, &head, NULL);
        assert_int_equal(r, LX_OK);
        /* on another network the genesis type byte is refused at once */
        {
            struct ledger_chain_config cfg = { .network = LEDGER_NET_HYBRID };

            assert_int_equal(ledger_chain_verify(&cfg, spans, n, NULL, &rep),
                             LEDGER_ERR_GENESIS_TYPE);
            assert_int_equal(rep.bad_index, 0);
        }
        /* pinned first transaction: its own txid, or another chain's */
        {
            struct ledger_chain_config cfg = { .network = LEDGER_NET_PRIVATE,
                                               .first_txid = fx[idx[0]].txid };

            assert_int_equal(ledger_chain_verify(&cfg, spans, n, NULL, &rep), LX_OK);
            cfg.first_txid = fx[idx[1]].txid;
            assert_int_equal(ledger_chain_verify(&cfg, spans, n, NULL, &rep),
                             LEDGER_ERR_FIRST_TXID);
            assert_int_equal(rep.bad_index, 0);
        }
        /* not from the first transaction */
        assert_int_equal(ledger_chain_verify(&private_cfg, spans + 1, n - 1, NULL, &rep),
                         LEDGER_ERR_FIRST_SEQUENCE);
        assert_int_equal(rep.bad_index, 0);
        total += n;
    }
    print_message("ledger: 4 chains, %zu transactions verified\n", total);
    assert_int_equal(total, N_TXS);
}

/* Two chains interleaved, or a transaction left out, or order swapped. */
static void test_chain_order(void **state)
{
    struct ledger_span a[MAX_CHAIN], b[MAX_CHAIN], s[MAX_CHAIN];
    struct ledger_chain_report rep;
    size_t na = chain_of("alice", a, NULL), nb = chain_of("bob", b, NULL);
    (void)state;

    assert_true(na >= 4 && nb >= 2);
    /* gap: 0, 1, 3 */
    s[0] = a[0];
    s[1] = a[1];
    s[2] = a[3];
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 3, NULL, &rep), LEDGER_ERR_SEQUENCE);
    assert_int_equal(rep.bad_index, 2);
    /* swapped */
    s[1] = a[2];
    s[2] = a[1];
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 3, NULL, &rep), LEDGER_ERR_SEQUENCE);
    assert_int_equal(rep.bad_index, 1);
    /* another user's transaction in the middle */
    s[1] = b[1];
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 2, NULL, &rep),
                     LEDGER_ERR_GENESIS_CHANGED);
    assert_int_equal(rep.bad_index, 1);
    /* the head again */
    s[1] = a[1];
    s[2] = a[1];
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 3, NULL, &rep), LEDGER_ERR_SAME_TX);
    assert_int_equal(rep.bad_index, 2);
    /* an older one again */
    s[2] = a[2];
    s[3] = a[1];
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 4, NULL, &rep), LEDGER_ERR_SEQUENCE);
    assert_int_equal(rep.bad_index, 3);
    /* empty and bad parameters */
    assert_int_equal(ledger_chain_verify(&private_cfg, s, 0, NULL, &rep), LEDGER_ERR_CHAIN_EMPTY);
    {
        struct ledger_chain_config bad = { .network = (enum ledger_network)9 };

        assert_int_equal(ledger_chain_verify(&bad, s, 1, NULL, NULL), LEDGER_ERR_NETWORK);
    }
    assert_int_equal(ledger_chain_verify(NULL, s, 1, NULL, NULL), LX_ERR_PARAM);
}

/* ---- mutations ---- */

enum field {
    F_SIG_BYTE, F_SIG_EMPTY, F_SIG_HEADER, F_PUBKEY_BYTE, F_PUBKEY_OTHER, F_KEY_TYPE_UNKNOWN,
    F_KEY_TYPE_SWAP, F_NEXT_TYPE, F_HASH_NEXT, F_HASH_NEXT_ZERO, F_SEQUENCE, F_GENESIS,
    F_GENESIS_TYPE, F_GENESIS_ZERO, F_TIMESTAMP_EARLIER, F_TIMESTAMP_LATER, F_PREV_TX,
    F_RECOVERY, F_VERSION, F_CONTRACT_BYTE, F_CONTRACT_EMPTY, F_NO_CONTRACTS, F_CONDITION,
    F_REGISTER_BYTE,
};

struct mutation {
    enum field field;
    const char *name;
    const char *user;
    size_t index;               /* which transaction of the chain */
    int want;                   /* error; LEDGER_ERR_SIG_MISMATCH also accepts SIG_ENCODING */
    size_t want_index;
};

static const uint8_t empty_byte[1] = { 0 };

/* Change one field of tx (its spans may be redirected to `scratch`). */
static void mutate(struct ledger_tx *tx, enum field f, const struct ledger_tx *other,
                   uint8_t *scratch, size_t scratch_cap)
{
    switch (f) {
    case F_SIG_BYTE:
        assert_true(tx->sig.len <= scratch_cap);
        memcpy(scratch, tx->sig.p, tx->sig.len);
        scratch[tx->sig.len - 1] ^= 0x01;               /* last byte of S / s2 */
        tx->sig.p = scratch;
        break;
    case F_SIG_EMPTY:
        tx->sig.len = 0;
        break;
    case F_SIG_HEADER:
        memcpy(scratch, tx->sig.p, tx->sig.len);
        scratch[0] ^= 0x02;                             /* DER 0x30 / FALCON 0x59 */
        tx->sig.p = scratch;
        break;
    case F_PUBKEY_BYTE:
        memcpy(scratch, tx->pubkey.p, tx->pubkey.len);
        scratch[tx->pubkey.len / 2] ^= 0x20;
        tx->pubkey.p = scratch;
        break;
    case F_PUBKEY_OTHER:
        tx->pubkey = other->pubkey;                     /* a valid key of the same type */
        break;
    case F_KEY_TYPE_UNKNOWN:
        tx->key_type = 3;
        break;
    case F_KEY_TYPE_SWAP:
        tx->key_type = tx->key_type == LEDGER_KEY_FALCON ? LEDGER_KEY_BRAINPOOL : LEDGER_KEY_FALCON;
        break;
    case F_NEXT_TYPE:
        tx->next_type ^= 3;
        break;
    case F_HASH_NEXT:
        tx->hash_next[5] ^= 0x40;
        break;
    case F_HASH_NEXT_ZERO:
        memset(tx->hash_next, 0, 32);
        break;
    case F_SEQUENCE:
        tx->sequence += 1;
        break;
    case F_GENESIS:
        tx->genesis[0] ^= 0x01;
        break;
    case F_GENESIS_TYPE:
        tx->genesis[31] = 0xa1;
        break;
    case F_GENESIS_ZERO:
        memset(tx->genesis, 0, 32);
        break;
    case F_TIMESTAMP_EARLIER:
        tx->timestamp = other->timestamp - 1;           /* other = previous transaction */
        break;
    case F_TIMESTAMP_LATER:
        tx->timestamp += 1;
        break;
    case F_PREV_TX:
        tx->prev_tx[17] ^= 0x80;
        break;
    case F_RECOVERY:
        tx->hash_recovery[9] ^= 0x01;
        break;
    case F_VERSION:
        tx->version += 1;
        break;
    case F_CONTRACT_BYTE:
        memcpy(scratch, tx->contracts[0].operation.p, tx->contracts[0].operation.len);
        scratch[tx->contracts[0].operation.len - 1] ^= 0x01;
        tx->contracts[0].operation.p = scratch;
        break;
    case F_CONTRACT_EMPTY:
        tx->contracts[0].operation.len = 0;
        break;
    case F_NO_CONTRACTS:
        tx->n_contracts = 0;
        break;
    case F_CONDITION:
        tx->contracts[0].condition.p = empty_byte;      /* one condition byte added */
        tx->contracts[0].condition.len = 1;
        break;
    case F_REGISTER_BYTE:
        memcpy(scratch, tx->contracts[0].reg.p, tx->contracts[0].reg.len);
        scratch[0] ^= 0x01;
        tx->contracts[0].reg.p = scratch;
        break;
    }
}

/*
 * Each case: the chain of `user` with transaction `index` changed in one
 * field and re-encoded, verified from its start. The error must name the
 * field (a change to a signed field that breaks no other rule can only be
 * caught by the signature). For the genesis transaction the signature is
 * the only link; for later ones the key hash is checked before it.
 */
static const struct mutation mutations[] = {
    { F_SIG_BYTE, "signature byte", "alice", 3, LEDGER_ERR_SIG_MISMATCH, 3 },
    { F_SIG_BYTE, "signature byte (falcon)", "bob", 2, LEDGER_ERR_SIG_MISMATCH, 2 },
    { F_SIG_EMPTY, "signature empty", "alice", 2, LEDGER_ERR_SIG_EMPTY, 2 },
    { F_SIG_HEADER, "signature encoding", "alice", 1, LEDGER_ERR_SIG_ENCODING, 1 },
    { F_SIG_HEADER, "signature encoding (falcon)", "bob", 1, LEDGER_ERR_SIG_ENCODING, 1 },
    { F_PUBKEY_BYTE, "key byte", "alice", 4, LEDGER_ERR_NEXT_HASH, 4 },
    { F_PUBKEY_BYTE, "key byte (falcon)", "bob", 3, LEDGER_ERR_NEXT_HASH, 3 },
    { F_PUBKEY_OTHER, "another valid key", "carol", 2, LEDGER_ERR_NEXT_HASH, 2 },
    { F_PUBKEY_OTHER, "another valid key (falcon)", "bob", 4, LEDGER_ERR_NEXT_HASH, 4 },
    { F_KEY_TYPE_UNKNOWN, "key type unknown", "alice", 5, LEDGER_ERR_KEY_TYPE, 5 },
    { F_KEY_TYPE_SWAP, "key type swapped", "alice", 0, LEDGER_ERR_PUBKEY, 0 },
    { F_KEY_TYPE_SWAP, "key type swapped (falcon)", "bob", 0, LEDGER_ERR_PUBKEY, 0 },
    { F_NEXT_TYPE, "next key type", "carol", 3, LEDGER_ERR_SIG_MISMATCH, 3 },
    { F_HASH_NEXT, "hashNext", "alice", 2, LEDGER_ERR_SIG_MISMATCH, 2 },
    { F_HASH_NEXT_ZERO, "hashNext zero", "bob", 1, LEDGER_ERR_HASH_NEXT_ZERO, 1 },
    { F_SEQUENCE, "sequence", "alice", 6, LEDGER_ERR_SEQUENCE, 6 },
    { F_SEQUENCE, "first sequence", "carol", 0, LEDGER_ERR_FIRST_SEQUENCE, 0 },
    { F_GENESIS, "genesis", "alice", 7, LEDGER_ERR_GENESIS_CHANGED, 7 },
    { F_GENESIS, "genesis of the first", "bob", 0, LEDGER_ERR_SIG_MISMATCH, 0 },
    { F_GENESIS_TYPE, "genesis type byte", "generate", 9, LEDGER_ERR_GENESIS_TYPE, 9 },
    { F_GENESIS_ZERO, "genesis zero", "alice", 1, LEDGER_ERR_GENESIS_ZERO, 1 },
    { F_TIMESTAMP_EARLIER, "timestamp order", "alice", 5, LEDGER_ERR_TIMESTAMP_ORDER, 5 },
    { F_TIMESTAMP_EARLIER, "timestamp order (falcon)", "bob", 3, LEDGER_ERR_TIMESTAMP_ORDER, 3 },
    { F_TIMESTAMP_LATER, "timestamp (signed)", "carol", 4, LEDGER_ERR_SIG_MISMATCH, 4 },
    { F_PREV_TX, "hashPrevTx", "alice", 8, LEDGER_ERR_PREV_TX, 8 },
    { F_PREV_TX, "first hashPrevTx", "alice", 0, LEDGER_ERR_FIRST_PREV_TX, 0 },
    { F_RECOVERY, "hashRecovery carried", "alice", 6, LEDGER_ERR_RECOVERY_CHANGED, 6 },
    { F_RECOVERY, "hashRecovery (signed)", "alice", 5, LEDGER_ERR_SIG_MISMATCH, 5 },
    { F_VERSION, "version", "generate", 4, LEDGER_ERR_SIG_MISMATCH, 4 },
    { F_CONTRACT_BYTE, "operation byte", "alice", 4, LEDGER_ERR_SIG_MISMATCH, 4 },
    { F_CONTRACT_BYTE, "operation byte (falcon)", "carol", 4, LEDGER_ERR_SIG_MISMATCH, 4 },
    { F_CONTRACT_EMPTY, "operation empty", "alice", 3, LEDGER_ERR_CONTRACT_EMPTY, 3 },
    { F_NO_CONTRACTS, "no contracts", "generate", 2, LEDGER_ERR_NO_CONTRACTS, 2 },
    { F_CONDITION, "condition added", "alice", 1, LEDGER_ERR_SIG_MISMATCH, 1 },
    { F_REGISTER_BYTE, "register stream byte", "alice", 1, LEDGER_ERR_SIG_MISMATCH, 1 },
};

static void test_mutations(void **state)
{
    static struct ledger_tx tx, other;
    static uint8_t enc[4096], scratch[2048];
    size_t done = 0;
    (void)state;

    for (size_t m = 0; m < sizeof(mutations) / sizeof(mutations[0]); m++) {
        const struct mutation *mu = &mutations[m];
        struct ledger_span spans[MAX_CHAIN];
        struct ledger_chain_report rep;
        size_t n = chain_of(mu->user, spans, NULL), enc_len, k = mu->index;
        int r;

        assert_true(k < n);
        assert_int_equal(ledger_tx_parse(&tx, spans[k].p, spans[k].len, NULL), LX_OK);
        if (mu->field == F_PUBKEY_OTHER) {
            /* a valid key of the same type from another user's chain */
            struct ledger_span o[MAX_CHAIN];
            size_t no = chain_of(tx.key_type == LEDGER_KEY_FALCON ? "carol" : "alice", o, NULL);

            assert_int_equal(ledger_tx_parse(&other, o[no - 1].p, o[no - 1].len, NULL), LX_OK);
            assert_int_equal(other.key_type, tx.key_type);
        } else if (k > 0) {
            assert_int_equal(ledger_tx_parse(&other, spans[k - 1].p, spans[k - 1].len, NULL),
                             LX_OK);
        }
        mutate(&tx, mu->field, &other, scratch, sizeof(scratch));
        assert_int_equal(ledger_tx_encode(&tx, enc, sizeof(enc), &enc_len), LX_OK);
        spans[k].p = enc;
        spans[k].len = enc_len;
        r = ledger_chain_verify(&private_cfg, spans, n, NULL, &rep);
        if (mu->want == LEDGER_ERR_SIG_MISMATCH && r == LEDGER_ERR_SIG_ENCODING)
            r = LEDGER_ERR_SIG_MISMATCH;
        if (r != mu->want || rep.bad_index != mu->want_index)
            fail_msg("mutation '%s' (%s #%zu): got %d at %zu, want %d at %zu", mu->name,
                     mu->user, k, r, rep.bad_index, mu->want, mu->want_index);
        done++;
    }
    print_message("ledger: %zu field mutations refused with their error\n", done);
    assert_int_equal(done, sizeof(mutations) / sizeof(mutations[0]));
    assert_int_equal(done, 35);
}

/* ---- truncated, extended and non-canonical encodings ---- */

struct field_range {
    size_t start, end;
    int code;
};

/* The fields of a parsed transaction, in order, with the truncation code
 * each one gives. */
static size_t field_ranges(const struct ledger_tx *tx, const uint8_t *base,
                           struct field_range *fr, size_t cap)
{
    static const int fixed_codes[] = {
        LEDGER_ERR_TRUNC_VERSION, LEDGER_ERR_TRUNC_SEQUENCE, LEDGER_ERR_TRUNC_TIMESTAMP,
        LEDGER_ERR_TRUNC_HASH_NEXT, LEDGER_ERR_TRUNC_HASH_RECOVERY, LEDGER_ERR_TRUNC_GENESIS,
        LEDGER_ERR_TRUNC_PREV_TX, LEDGER_ERR_TRUNC_KEY_TYPE, LEDGER_ERR_TRUNC_NEXT_TYPE,
    };
    static const size_t fixed_sizes[] = { 4, 4, 8, 32, 32, 32, 64, 1, 1 };
    size_t n = 0, pos = ledger_compact_size(tx->n_contracts);

    fr[n++] = (struct field_range){ 0, pos, LEDGER_ERR_TRUNC_CONTRACT_COUNT };
    for (uint32_t i = 0; i < tx->n_contracts; i++) {
        const struct ledger_span *s[3] = { &tx->contracts[i].operation,
                                           &tx->contracts[i].condition, &tx->contracts[i].reg };
        static const int codes[3] = { LEDGER_ERR_TRUNC_OPERATION, LEDGER_ERR_TRUNC_CONDITION,
                                      LEDGER_ERR_TRUNC_REGISTER };

        for (int j = 0; j < 3; j++) {
            size_t end = (size_t)(s[j]->p - base) + s[j]->len;

            assert_true(n < cap);
            fr[n++] = (struct field_range){ pos, end, codes[j] };
            pos = end;
        }
    }
    for (size_t j = 0; j < 9; j++) {
        assert_true(n < cap);
        fr[n++] = (struct field_range){ pos, pos + fixed_sizes[j], fixed_codes[j] };
        pos += fixed_sizes[j];
    }
    assert_int_equal(pos, tx->gethash_len);
    fr[n++] = (struct field_range){ pos, (size_t)(tx->pubkey.p - base) + tx->pubkey.len,
                                    LEDGER_ERR_TRUNC_PUBKEY };
    pos = fr[n - 1].end;
    fr[n++] = (struct field_range){ pos, (size_t)(tx->sig.p - base) + tx->sig.len,
                                    LEDGER_ERR_TRUNC_SIGNATURE };
    return n;
}

static void test_truncated(void **state)
{
    static struct ledger_tx tx, t2;
    struct field_range fr[32];
    size_t cases = 0, total = 0;
    (void)state;

    load_fixtures();
    for (size_t i = 0; i < n_fx; i++) {
        const struct fixture *f = &fx[i];
        size_t nf, j = 0;

        total += f->len;

        assert_int_equal(ledger_tx_parse(&tx, f->net, f->len, NULL), LX_OK);
        nf = field_ranges(&tx, f->net, fr, 32 - 2);
        assert_int_equal(fr[nf - 1].end, f->len);
        /* every shorter length (sampled on rv64, always including the
         * field boundaries and the last byte) */
        for (size_t len = 0; len < f->len; len++) {
            size_t off = 12345;
            int r;

            while (fr[j].end <= len)
                j++;
            r = ledger_tx_parse(&t2, f->net, len, &off);
            if (r != fr[j].code || off != fr[j].start)
                fail_msg("tx %zu truncated to %zu: got %d at %zu, want %d at %zu", i, len, r,
                         off, fr[j].code, fr[j].start);
            cases++;
        }
    }
    print_message("ledger: %zu truncations refused with their field\n", cases);
    assert_int_equal(cases, total);         /* every length of every transaction */
    assert_int_equal(total, 33765);
}

/* A CompactSize of v in `width` bytes (1, 3, 5, 9), or canonical when 0. */
static void put_cs(uint8_t *out, size_t *pos, uint64_t v, size_t width)
{
    static const uint8_t marker[10] = { [3] = 0xfd, [5] = 0xfe, [9] = 0xff };

    if (width == 0)
        width = ledger_compact_size(v);
    if (width == 1) {
        out[(*pos)++] = (uint8_t)v;
        return;
    }
    out[(*pos)++] = marker[width];
    for (size_t b = 0; b < width - 1; b++)
        out[(*pos)++] = (uint8_t)(v >> (8 * b));
}

static void put_span(uint8_t *out, size_t *pos, const struct ledger_span *s, size_t width)
{
    put_cs(out, pos, s->len, width);
    memcpy(out + *pos, s->p, s->len);
    *pos += s->len;
}

/* The CompactSize values of tx in order: contract count, three per
 * contract, key, signature. */
static size_t cs_values(const struct ledger_tx *tx, uint64_t *v)
{
    size_t n = 0;

    v[n++] = tx->n_contracts;
    for (uint32_t i = 0; i < tx->n_contracts; i++) {
        v[n++] = tx->contracts[i].operation.len;
        v[n++] = tx->contracts[i].condition.len;
        v[n++] = tx->contracts[i].reg.len;
    }
    v[n++] = tx->pubkey.len;
    v[n++] = tx->sig.len;
    return n;
}

/* Re-encode tx (parsed from base) with CompactSize number `which` written
 * `width` bytes wide; the others canonical. */
static size_t encode_wide(const struct ledger_tx *tx, const uint8_t *base, size_t which,
                          size_t width, uint8_t *out)
{
    size_t pos = 0, k = 0;

    put_cs(out, &pos, tx->n_contracts, k++ == which ? width : 0);
    for (uint32_t i = 0; i < tx->n_contracts; i++) {
        put_span(out, &pos, &tx->contracts[i].operation, k++ == which ? width : 0);
        put_span(out, &pos, &tx->contracts[i].condition, k++ == which ? width : 0);
        put_span(out, &pos, &tx->contracts[i].reg, k++ == which ? width : 0);
    }
    memcpy(out + pos, base + tx->gethash_len - LEDGER_FIXED_BYTES, LEDGER_FIXED_BYTES);
    pos += LEDGER_FIXED_BYTES;
    put_span(out, &pos, &tx->pubkey, k++ == which ? width : 0);
    put_span(out, &pos, &tx->sig, k++ == which ? width : 0);
    return pos;
}

static void test_extended(void **state)
{
    static struct ledger_tx tx, t2;
    static uint8_t buf[8192];
    static const size_t widths[3] = { 3, 5, 9 };
    uint64_t v[3 * LEDGER_TX_MAX_CONTRACTS + 3];
    size_t cases = 0;
    (void)state;

    load_fixtures();
    for (size_t i = 0; i < n_fx; i++) {
        const struct fixture *f = &fx[i];
        size_t off, len, n_cs;

        assert_int_equal(ledger_tx_parse(&tx, f->net, f->len, NULL), LX_OK);
        /* one byte more, or a whole second copy */
        memcpy(buf, f->net, f->len);
        buf[f->len] = 0;
        assert_int_equal(ledger_tx_parse(&t2, buf, f->len + 1, &off), LEDGER_ERR_TRAILING);
        assert_int_equal(off, f->len);
        memcpy(buf + f->len, f->net, f->len);
        assert_int_equal(ledger_tx_parse(&t2, buf, 2 * f->len, &off), LEDGER_ERR_TRAILING);
        assert_int_equal(off, f->len);
        cases += 2;

        /* every CompactSize in every longer, non-canonical form: refused
         * at its field's start, although the value is right */
        n_cs = cs_values(&tx, v);
        for (size_t which = 0; which < n_cs; which++) {
            size_t cw = ledger_compact_size(v[which]);
            size_t at;

            /* where this CompactSize sits in the canonical encoding */
            len = encode_wide(&tx, f->net, which, 9, buf);
            for (at = 0; at < f->len && buf[at] == f->net[at]; at++)
                ;
            for (size_t w = 0; w < 3; w++) {
                if (widths[w] <= cw)
                    continue;
                len = encode_wide(&tx, f->net, which, widths[w], buf);
                assert_int_equal(len, f->len + widths[w] - cw);
                assert_int_equal(ledger_tx_parse(&t2, buf, len, &off), LEDGER_ERR_COMPACT_SIZE);
                assert_int_equal(off, at);
                cases++;
            }
        }
        /* the canonical re-encoding of the same struct is the input */
        len = encode_wide(&tx, f->net, SIZE_MAX, 0, buf);
        assert_int_equal(len, f->len);
        assert_memory_equal(buf, f->net, f->len);
    }
    print_message("ledger: %zu extended/non-canonical encodings refused\n", cases);
    assert_true(cases > 500);
}

/* Hand-made encodings around the limits. */
static void test_limits(void **state)
{
    static struct ledger_tx tx;
    uint8_t b[16];
    size_t off, pos;
    uint64_t v;
    (void)state;

    /* 101 contracts: refused at the count, before reading any */
    b[0] = 101;
    assert_int_equal(ledger_tx_parse(&tx, b, 1, &off), LEDGER_ERR_TOO_MANY_CONTRACTS);
    assert_int_equal(off, 0);
    /* 100 contracts: the count is fine, the first one is missing */
    b[0] = 100;
    assert_int_equal(ledger_tx_parse(&tx, b, 1, &off), LEDGER_ERR_TRUNC_OPERATION);
    assert_int_equal(off, 1);
    /* above MAX_SIZE in the shortest form */
    memcpy(b, "\xfe\x01\x00\x00\x02", 5);                  /* 0x02000001 */
    assert_int_equal(ledger_tx_parse(&tx, b, 5, &off), LEDGER_ERR_COMPACT_SIZE_LIMIT);
    memcpy(b, "\xff\x00\x00\x00\x00\x01\x00\x00\x00", 9);  /* 2^32 */
    assert_int_equal(ledger_tx_parse(&tx, b, 9, &off), LEDGER_ERR_COMPACT_SIZE_LIMIT);
    /* non-canonical count */
    memcpy(b, "\xfd\x01\x00", 3);
    assert_int_equal(ledger_tx_parse(&tx, b, 3, &off), LEDGER_ERR_COMPACT_SIZE);
    /* truncated CompactSize prefixes */
    memcpy(b, "\xfd\x01", 2);
    assert_int_equal(ledger_tx_parse(&tx, b, 2, &off), LEDGER_ERR_TRUNC_CONTRACT_COUNT);
    assert_int_equal(ledger_tx_parse(&tx, b, 0, &off), LEDGER_ERR_TRUNC_CONTRACT_COUNT);
    assert_int_equal(ledger_tx_parse(&tx, NULL, 0, &off), LEDGER_ERR_TRUNC_CONTRACT_COUNT);
    assert_int_equal(ledger_tx_parse(&tx, NULL, 5, &off), LX_ERR_PARAM);
    assert_int_equal(ledger_tx_parse(NULL, b, 2, &off), LX_ERR_PARAM);
    /* the reader itself at the edges of each width */
    static const struct { const char *enc; size_t len; uint64_t v; int r; } cs[] = {
        { "\xfc", 1, 0xfc, LX_OK },
        { "\xfd\xfd\x00", 3, 0xfd, LX_OK },
        { "\xfd\xfc\x00", 3, 0, LEDGER_ERR_COMPACT_SIZE },
        { "\xfd\xff\xff", 3, 0xffff, LX_OK },
        { "\xfe\x00\x00\x01\x00", 5, 0x10000, LX_OK },
        { "\xfe\xff\xff\x00\x00", 5, 0, LEDGER_ERR_COMPACT_SIZE },
        { "\xfe\x00\x00\x00\x02", 5, 0x02000000, LX_OK },
        { "\xff\xff\xff\xff\xff\x00\x00\x00\x00", 9, 0, LEDGER_ERR_COMPACT_SIZE },
        { "\xff\x00\x00\x00\x00\x00\x00\x00\x80", 9, 0, LEDGER_ERR_COMPACT_SIZE_LIMIT },
        { "\xfe\x00\x00\x01", 4, 0, -7 },
    };
    for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
        pos = 0;
        v = 0;
        assert_int_equal(ledger_compact_read((const uint8_t *)cs[i].enc, cs[i].len, &pos, &v, -7),
                         cs[i].r);
        if (cs[i].r == LX_OK) {
            assert_int_equal(v, cs[i].v);
            assert_int_equal(pos, cs[i].len);
            assert_int_equal(ledger_compact_size(v), cs[i].len);
        } else {
            assert_int_equal(pos, 0);
        }
    }
    assert_int_equal(ledger_compact_size(0xffffffffull), 5);
    assert_int_equal(ledger_compact_size(0x100000000ull), 9);
    assert_int_equal(ledger_user_type(LEDGER_NET_MAINNET), 0xa1);
    assert_int_equal(ledger_user_type(LEDGER_NET_TESTNET), 0xb1);
    assert_int_equal(ledger_user_type(LEDGER_NET_HYBRID), 0xa7);
    assert_int_equal(ledger_user_type(LEDGER_NET_PRIVATE), 0xb7);
    assert_int_equal(ledger_user_type((enum ledger_network)4), 0);
}

/* First-transaction rules of the other networks, on alice's genesis made
 * to carry each network's type byte (the signature then fails, but the
 * rules before it are what is tested). */
static void test_first_rules(void **state)
{
    static struct ledger_tx tx;
    static uint8_t enc[4096];
    struct ledger_span a[MAX_CHAIN];
    struct ledger_chain_report rep;
    struct ledger_chain_state st;
    size_t n = chain_of("alice", a, NULL), len;
    static const uint8_t name[] = "lx-hybrid";
    (void)state;

    assert_true(n > 0);
    /* mainnet: hashPrevTx is free; more than 5 contracts is refused */
    assert_int_equal(ledger_tx_parse(&tx, a[0].p, a[0].len, NULL), LX_OK);
    tx.genesis[31] = 0xa1;
    memset(tx.prev_tx, 0x5a, 64);
    assert_int_equal(ledger_tx_encode(&tx, enc, sizeof(enc), &len), LX_OK);
    {
        struct ledger_chain_config cfg = { .network = LEDGER_NET_MAINNET };
        struct ledger_span s = { enc, len };

        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, &rep), LEDGER_ERR_SIG_MISMATCH);
        for (uint32_t i = 1; i < 6; i++)
            tx.contracts[i] = tx.contracts[0];
        tx.n_contracts = 6;
        assert_int_equal(ledger_tx_encode(&tx, enc, sizeof(enc), &len), LX_OK);
        s.len = len;
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, &rep),
                         LEDGER_ERR_FIRST_CONTRACTS);
        tx.n_contracts = 5;
        assert_int_equal(ledger_tx_encode(&tx, enc, sizeof(enc), &len), LX_OK);
        s.len = len;
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, &rep), LEDGER_ERR_SIG_MISMATCH);
    }
    /* hybrid: hashPrevTx must be SK512(name) */
    assert_int_equal(ledger_tx_parse(&tx, a[0].p, a[0].len, NULL), LX_OK);
    tx.genesis[31] = 0xa7;
    assert_int_equal(ledger_tx_encode(&tx, enc, sizeof(enc), &len), LX_OK);
    {
        struct ledger_chain_config cfg = { .network = LEDGER_NET_HYBRID, .hybrid_name = name,
                                           .hybrid_name_len = sizeof(name) - 1 };
        struct ledger_span s = { enc, len };

        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, &rep), LEDGER_ERR_FIRST_PREV_TX);
        cfg.hybrid_name_len = 0;                /* the empty name: alice's SK512("") */
        assert_int_equal(ledger_chain_verify(&cfg, &s, 1, NULL, &rep), LEDGER_ERR_SIG_MISMATCH);
        assert_int_equal(ledger_chain_init(&st, &cfg), LX_OK);
    }
}

/* ---- fork checks on real transactions (forks with two valid
 * signatures need a signer: tests/host/test_ledger_forge.c) ---- */

static void test_fork_pairs(void **state)
{
    static struct ledger_tx scratch, tx;
    static uint8_t enc[4096];
    struct ledger_span a[MAX_CHAIN], b[MAX_CHAIN];
    size_t na = chain_of("alice", a, NULL), nb = chain_of("bob", b, NULL), len;
    int which, same;
    (void)state;

    assert_true(na > 3 && nb > 3);
    assert_int_equal(ledger_tx_fork(&private_cfg, &scratch, a[3].p, a[3].len, a[3].p, a[3].len,
                                    &which, &same), LEDGER_ERR_SAME_TX);
    assert_int_equal(same, 1);
    /* same sequence, other genesis: no competition */
    assert_int_equal(ledger_tx_fork(&private_cfg, &scratch, a[3].p, a[3].len, b[3].p, b[3].len,
                                    &which, &same), LX_OK);
    assert_int_equal(same, 0);
    /* same genesis, other sequence */
    assert_int_equal(ledger_tx_fork(&private_cfg, &scratch, a[3].p, a[3].len, a[4].p, a[4].len,
                                    &which, &same), LX_OK);
    /* a changed copy is not a fork: its signature fails, and which one */
    assert_int_equal(ledger_tx_parse(&tx, a[3].p, a[3].len, NULL), LX_OK);
    tx.timestamp++;
    assert_int_equal(ledger_tx_encode(&tx, enc, sizeof(enc), &len), LX_OK);
    assert_int_equal(ledger_tx_fork(&private_cfg, &scratch, a[3].p, a[3].len, enc, len, &which,
                                    &same), LEDGER_ERR_SIG_MISMATCH);
    assert_int_equal(which, 1);
    assert_int_equal(ledger_tx_fork(&private_cfg, &scratch, enc, len, a[3].p, a[3].len, &which,
                                    &same), LEDGER_ERR_SIG_MISMATCH);
    assert_int_equal(which, 0);
    /* in a chain: a changed competitor at the head is refused for its
     * signature, not reported as a fork */
    {
        struct ledger_span s[5] = { a[0], a[1], a[2], a[3], { enc, len } };
        struct ledger_chain_report rep;

        assert_int_equal(ledger_chain_verify(&private_cfg, s, 5, NULL, &rep),
                         LEDGER_ERR_SIG_MISMATCH);
        assert_int_equal(rep.bad_index, 4);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_transactions),
        cmocka_unit_test(test_fixture_chains),
        cmocka_unit_test(test_chain_order),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_extended),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_first_rules),
        cmocka_unit_test(test_fork_pairs),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);

    for (size_t i = 0; i < n_fx; i++) {
        free(fx[i].net);
        free(fx[i].api);
    }
    return r;
}
