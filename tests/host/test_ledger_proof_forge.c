/*
 * Register proofs against a forger (fresh OpenSSL Brainpool signatures):
 * anyone can sign a well-formed "first transaction" for any genesis id
 * (docs/proofs.md, "Genesis binding"), so a forger can make a proof that a
 * trusted genesis owns a register it never created, and even a private
 * chain's producer chain and a block "signed by the producer". These tests
 * pin down what stops it: a pinned first txid (user or producer), and the
 * genuine blocks, whose Merkle roots do not hold forged transactions.
 */
#include "test.h"

#include "crypto/sk.h"
#include "ledger/contract.h"
#include "ledger/proof.h"
#include "ossl_sign.h"
#include "vec.h"

#define ENC_CAP 4096

static struct lxrp_work work;
static uint8_t proof[65536];
static uint8_t nodes[8][64];
static uint8_t branches[4096];

/* Key pair of the forger. */
static EVP_PKEY *forger;
static uint8_t forger_pub[65], forger_hash[32];

/* The fixture identities the forger impersonates. */
static uint8_t alice[32], producer_genesis[32], alice_first[64], producer_first[64];
static struct ledger_span real_blocks[18];
static uint8_t *real_bytes[18];

static void load_identities(void)
{
    char *text;
    struct json *root = vec_load_json("fixtures/nexus/chain/transactions.json", &text);
    const struct json *txs = json_get(root, "transactions");
    static struct ledger_tx tx;

    assert_non_null(root);
    for (size_t i = 0; i < json_len(txs); i++) {
        const struct json *t = json_at(txs, i);
        const char *user = json_str(json_get(t, "user"), NULL);
        size_t n;
        uint8_t *b;

        if (json_int(json_get(t, "sequence")) != 0)
            continue;
        if (strcmp(user, "alice") != 0 && strcmp(user, "generate") != 0)
            continue;
        b = json_hex_member(json_get(t, "raw"), "tx_network_hex", &n);
        assert_non_null(b);
        assert_int_equal(ledger_tx_parse(&tx, b, n, NULL), LX_OK);
        memcpy(user[0] == 'a' ? alice : producer_genesis, tx.genesis, 32);
        ledger_tx_txid(&tx, user[0] == 'a' ? alice_first : producer_first);
        free(b);
    }
    json_free(root);
    free(text);
    root = vec_load_json("fixtures/nexus/chain/blocks.json", &text);
    assert_non_null(root);
    for (size_t i = 0; i < 18; i++) {
        real_bytes[i] = json_hex_member(json_get(json_at(json_get(root, "blocks"), i), "raw"),
                                        "tritium_block_network_hex", &real_blocks[i].len);
        assert_non_null(real_bytes[i]);
        real_blocks[i].p = real_bytes[i];
    }
    json_free(root);
    free(text);
}

static int setup(void **state)
{
    uint8_t unc[129];

    (void)state;
    forger = ossl_bp512_keygen("brainpoolP512t1");
    if (forger == NULL || ossl_bp512_public(forger, unc, forger_pub) != 0)
        return -1;
    sk256(forger_pub, sizeof(forger_pub), forger_hash);
    load_identities();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    EVP_PKEY_free(forger);
    for (size_t i = 0; i < 18; i++)
        free(real_bytes[i]);
    return 0;
}

/* A first transaction for `genesis` with one contract, signed by the
 * forger, encoded into out. */
struct forged {
    struct ledger_tx tx;
    uint8_t ops[256], regs[16], sig[135];
    uint8_t enc[ENC_CAP];
    size_t enc_len;
    uint8_t txid[64];
};

static void sign_first(struct forged *f, const uint8_t genesis[32], size_t ops_len,
                       size_t regs_len)
{
    uint8_t msg[64];

    f->tx.n_contracts = 1;
    f->tx.contracts[0].operation.p = f->ops;
    f->tx.contracts[0].operation.len = ops_len;
    f->tx.contracts[0].reg.p = f->regs;
    f->tx.contracts[0].reg.len = regs_len;
    f->tx.version = 4;
    f->tx.timestamp = 1795599000;
    memcpy(f->tx.hash_next, forger_hash, 32);
    memcpy(f->tx.genesis, genesis, 32);
    sk512("", 0, f->tx.prev_tx);
    f->tx.key_type = f->tx.next_type = LEDGER_KEY_BRAINPOOL;
    f->tx.pubkey.p = forger_pub;
    f->tx.pubkey.len = sizeof(forger_pub);
    ledger_tx_txid(&f->tx, f->txid);
    ledger_tx_signed_bytes(f->txid, msg);
    assert_int_equal(ossl_bp512_sign_nexus(forger, msg, f->sig), 135);
    f->tx.sig.p = f->sig;
    f->tx.sig.len = sizeof(f->sig);
    assert_int_equal(ledger_tx_encode(&f->tx, f->enc, sizeof(f->enc), &f->enc_len), LX_OK);
}

/* alice's "genesis": CREATE of a raw asset at addr holding `data`. */
static void forge_create(struct forged *f, const uint8_t addr[32])
{
    static const uint8_t data[] = "\x03\x00\x10" "forged-firmware!";
    struct reg_state post = { .version = 1, .type = REG_RAW, .created = 1795599000,
                              .modified = 1795599000, .data = data,
                              .data_len = sizeof(data) - 1 };
    uint64_t sum;

    memset(f, 0, sizeof(*f));
    memcpy(post.owner, alice, 32);
    sum = reg_state_hash(&post);
    f->ops[0] = OP_CREATE;
    memcpy(f->ops + 1, addr, 32);
    f->ops[33] = REG_RAW;
    f->ops[34] = (uint8_t)(sizeof(data) - 1);
    memcpy(f->ops + 35, data, sizeof(data) - 1);
    f->regs[0] = STATE_POSTSTATE;
    memcpy(f->regs + 1, &sum, 8);       /* u64 LE on the host */
    sign_first(f, alice, 35 + sizeof(data) - 1, 9);
}

/* The producer's "genesis": one AUTHORIZE of its own hashPrevTx. */
static void forge_producer(struct forged *f)
{
    uint8_t prev[64];

    memset(f, 0, sizeof(*f));
    sk512("", 0, prev);
    f->ops[0] = OP_AUTHORIZE;
    memcpy(f->ops + 1, prev, 64);
    memcpy(f->ops + 65, producer_genesis, 32);
    sign_first(f, producer_genesis, 97, 0);
}

/* A block at height 1 holding `user`, produced and signed by `prod`. */
static size_t forge_block(uint8_t *out, const struct forged *user, const struct forged *prod)
{
    struct ledger_block_header h;
    uint8_t leaves[2][64], hash[128], sig[160];
    size_t pos = 0, sig_len;

    memset(&h, 0, sizeof(h));
    h.version = 8;
    h.channel = 3;
    h.height = 1;
    h.bits = 0x7e7fffff;
    h.nonce = 1;
    h.time = 1795599001;
    memcpy(leaves[0], user->txid, 64);
    memcpy(leaves[1], prod->txid, 64);
    assert_int_equal(ledger_merkle_root(leaves, 2, h.merkle), LX_OK);
    ledger_block_hash(&h, hash);
    /* OpenSSL signs the first 64 of the 128 hash bytes, as the node does */
    sig_len = ossl_bp512_sign(forger, hash, sig, sizeof(sig));
    assert_true(sig_len > 0 && sig_len < 0xfd);
    ledger_block_header_write(&h, out);
    pos = LEDGER_BLOCK_HEADER_BYTES;
    out[pos++] = (uint8_t)sig_len;
    memcpy(out + pos, sig, sig_len);
    pos += sig_len;
    memcpy(out + pos, prod->enc, prod->enc_len);
    pos += prod->enc_len;
    out[pos++] = 0;             /* ssSystem */
    out[pos++] = 0;             /* vOffsets */
    out[pos++] = 1;             /* vtx */
    out[pos++] = LEDGER_VTX_TRITIUM;
    memcpy(out + pos, user->txid, 64);
    return pos + 64;
}

static size_t build(const struct forged *user, const struct forged *prod,
                    const struct ledger_span *blocks, size_t n_blocks, int *err)
{
    struct lxrp_build in;
    struct ledger_span u = { user->enc, user->enc_len }, p;
    size_t len = 0;

    memset(&in, 0, sizeof(in));
    in.network = LEDGER_NET_PRIVATE;
    memcpy(in.address, user->ops + 1, 32);
    in.chains[0] = &u;
    in.chain_len[0] = 1;
    in.n_chains = 1;
    if (n_blocks > 0) {
        p.p = prod->enc;
        p.len = prod->enc_len;
        in.chains[1] = &p;
        in.chain_len[1] = 1;
        in.n_chains = 2;
        in.producer_chain = 1;
        in.blocks = blocks;
        in.n_blocks = n_blocks;
        in.branch_buf = branches;
        in.branch_cap = sizeof(branches);
        in.nodes = nodes;
        in.nodes_cap = 8;
    }
    *err = lxrp_build(&in, &work, NULL);
    if (*err == LX_OK)
        assert_int_equal(lxrp_encode(&work.p, proof, sizeof(proof), &len), LX_OK);
    return len;
}

static int verify(size_t len, bool pin_user, bool pin_producer, bool require_blocks)
{
    struct lxrp_anchor u = { .pinned = pin_user }, p = { .pinned = pin_producer };
    struct lxrp_trust t = { LEDGER_NET_PRIVATE, NULL, 0, &u, 1, &p, 1, require_blocks };

    memcpy(u.genesis, alice, 32);
    memcpy(u.first_txid, alice_first, 64);
    memcpy(p.genesis, producer_genesis, 32);
    memcpy(p.first_txid, producer_first, 64);
    return lxrp_verify(proof, len, &t, &work, NULL, NULL);
}

static void test_forged_user_chain(void **state)
{
    static struct forged f, prod;
    uint8_t addr[32];
    size_t len;
    int err;
    (void)state;

    memset(addr, 0x42, 32);
    addr[31] = 0xd3;                    /* a raw asset address */
    forge_create(&f, addr);
    len = build(&f, NULL, NULL, 0, &err);
    assert_int_equal(err, LX_OK);
    /* The documented gap: with an unpinned anchor the forgery verifies. */
    assert_int_equal(verify(len, false, false, false), LX_OK);
    /* Pinned, it does not. */
    assert_int_equal(verify(len, true, false, false), LEDGER_ERR_FIRST_TXID);
    /* Blocks required: none. */
    assert_int_equal(verify(len, false, false, true), LXRP_ERR_NO_BLOCKS);
    /* The genuine blocks do not hold the forged transaction. */
    forge_producer(&prod);
    build(&f, &prod, real_blocks, 18, &err);
    assert_int_equal(err, LXRP_ERR_BLOCK_MISSING);
}

static void test_forged_producer(void **state)
{
    static struct forged f, prod;
    static uint8_t block[ENC_CAP];
    struct ledger_span b;
    uint8_t addr[32];
    size_t len;
    int err;
    (void)state;

    memset(addr, 0x43, 32);
    addr[31] = 0xd3;
    forge_create(&f, addr);
    forge_producer(&prod);
    b.p = block;
    b.len = forge_block(block, &f, &prod);
    len = build(&f, &prod, &b, 1, &err);
    assert_int_equal(err, LX_OK);
    /* A forged producer chain and block pass unless the anchors are pinned:
     * blocks add nothing against a forger when the producer is trusted by
     * genesis id alone. */
    assert_int_equal(verify(len, false, false, true), LX_OK);
    assert_int_equal(verify(len, false, true, true), LEDGER_ERR_FIRST_TXID);
    assert_int_equal(verify(len, true, false, true), LEDGER_ERR_FIRST_TXID);
    /* The forged block itself is well-formed and signed by the forged
     * producer key: the device's block checks alone cannot tell. */
    {
        static struct ledger_tx ptx;
        struct ledger_block blk;

        assert_int_equal(ledger_block_parse(&blk, &ptx, block, b.len, NULL, NULL), LX_OK);
        assert_int_equal(ledger_block_verify(&blk, &ptx, LEDGER_NET_PRIVATE, NULL, nodes, 8,
                                             NULL), LX_OK);
        /* another key's signature is refused */
        block[LEDGER_BLOCK_HEADER_BYTES + 20] ^= 1;
        assert_int_equal(ledger_block_parse(&blk, &ptx, block, b.len, NULL, NULL), LX_OK);
        assert_int_not_equal(ledger_block_verify(&blk, &ptx, LEDGER_NET_PRIVATE, NULL, nodes, 8,
                                                 NULL), LX_OK);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forged_user_chain),
        cmocka_unit_test(test_forged_producer),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
