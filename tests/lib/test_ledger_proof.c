/*
 * Register proofs (lib/ledger/proof.c) on the LLL-TAO 5.1.6 fixtures: a
 * proof for every fixture register, without and with blocks, is built,
 * round-trips byte for byte, verifies against the fixture users (and the
 * block producer) and yields the state the node stored; then every kind of
 * change is refused with its precise error and place: a transaction
 * changed, dropped or reordered, steps dropped or reordered, wrong or
 * untrusted genesis, wrong state, truncated or extended file, bad version,
 * flags and network, blocks and branches changed.
 */
#include "test.h"

#include "base/status.h"
#include "ledger/proof.h"
#include "vec.h"

#define NEXUS_TXS "fixtures/nexus/chain/transactions.json"
#define NEXUS_BLOCKS "fixtures/nexus/chain/blocks.json"
#define NEXUS_REGS "fixtures/nexus/chain/registers.json"
#define N_TXS 38
#define N_BLOCKS 18
#define N_REGS 12
#define MAX_CHAIN 20
#define PROOF_CAP (64 * 1024)

enum { ALICE, BOB, CAROL, GENERATE, N_USERS };
static const char *const user_names[N_USERS] = { "alice", "bob", "carol", "generate" };

struct reg_fixture {
    uint8_t address[32];        /* raw */
    uint8_t *state;             /* final state from the node's database */
    size_t state_len;
    int users[4];               /* chains in the order they touch it */
    size_t n_users;
    size_t n_history;
};

static struct ledger_span chains[N_USERS][MAX_CHAIN];
static size_t chain_len[N_USERS];
static uint8_t genesis[N_USERS][32];
static uint8_t first_txid[N_USERS][64];
static uint8_t *tx_bytes[N_TXS];
static struct ledger_span blocks[N_BLOCKS];
static struct reg_fixture regs[N_REGS];
static int loaded;

static struct lxrp_work work;
static uint8_t nodes[64][64];
static uint8_t branch_buf[64 * 1024];
static uint8_t proof[PROOF_CAP], proof2[PROOF_CAP], mut[PROOF_CAP];

static int user_index(const char *name)
{
    for (int u = 0; u < N_USERS; u++)
        if (strcmp(name, user_names[u]) == 0)
            return u;
    fail_msg("fixture: unknown user %s", name);
    return -1;
}

static uint8_t *hex_field(const struct json *obj, const char *key, size_t *n)
{
    uint8_t *p = json_hex_member(obj, key, n);

    if (p == NULL)
        fail_msg("fixture field %s missing or not hex", key);
    return p;
}

static struct json *load_json(const char *rel, char **text)
{
    struct json *root = vec_load_json(rel, text);

    if (root == NULL)
        fail_msg("missing or malformed %s", rel);
    return root;
}

static void load_txs(void)
{
    char *text;
    struct json *root = load_json(NEXUS_TXS, &text);
    const struct json *txs = json_get(root, "transactions");
    static struct ledger_tx tx;

    assert_int_equal(json_len(txs), N_TXS);
    for (size_t i = 0; i < N_TXS; i++) {
        const struct json *t = json_at(txs, i);
        int u = user_index(json_str(json_get(t, "user"), NULL));
        size_t n, k = chain_len[u];

        tx_bytes[i] = hex_field(json_get(t, "raw"), "tx_network_hex", &n);
        assert_true(k < MAX_CHAIN);
        assert_int_equal(json_int(json_get(t, "sequence")), (long long)k);
        chains[u][k].p = tx_bytes[i];
        chains[u][k].len = n;
        chain_len[u]++;
        assert_int_equal(ledger_tx_parse(&tx, tx_bytes[i], n, NULL), LX_OK);
        if (k == 0) {
            memcpy(genesis[u], tx.genesis, 32);
            ledger_tx_txid(&tx, first_txid[u]);
        }
    }
    json_free(root);
    free(text);
}

static void load_blocks(void)
{
    char *text;
    struct json *root = load_json(NEXUS_BLOCKS, &text);
    const struct json *bl = json_get(root, "blocks");

    assert_int_equal(json_len(bl), N_BLOCKS);
    for (size_t i = 0; i < N_BLOCKS; i++)
        blocks[i].p = hex_field(json_get(json_at(bl, i), "raw"), "tritium_block_network_hex",
                                &blocks[i].len);
    json_free(root);
    free(text);
}

static void load_regs(void)
{
    char *text;
    struct json *root = load_json(NEXUS_REGS, &text);
    const struct json *rl = json_get(root, "registers");

    assert_int_equal(json_len(rl), N_REGS);
    for (size_t i = 0; i < N_REGS; i++) {
        const struct json *r = json_at(rl, i), *hist = json_get(r, "state_after_each_tx");
        struct reg_fixture *f = &regs[i];
        size_t len;
        const char *s = json_str(json_get(r, "address_raw_le_hex"), &len);

        assert_non_null(s);
        assert_int_equal(vec_hex(s, len, f->address, 32), 32);
        f->state = hex_field(json_get(r, "final_state_from_db"), "serialized_SER_REGISTER_hex",
                             &f->state_len);
        f->n_history = json_len(hist);
        for (size_t k = 0; k < f->n_history; k++) {
            int u = user_index(json_str(json_get(json_at(hist, k), "user"), NULL));
            bool seen = false;

            for (size_t j = 0; j < f->n_users; j++)
                seen |= f->users[j] == u;
            if (!seen)
                f->users[f->n_users++] = u;
        }
    }
    json_free(root);
    free(text);
}

static void load(void)
{
    if (loaded)
        return;
    load_txs();
    load_blocks();
    load_regs();
    loaded = 1;
}

/* ---- building and verifying ---- */

static size_t build(const struct reg_fixture *f, bool with_blocks, uint8_t *out)
{
    struct lxrp_build in;
    struct lxrp_report rep;
    size_t len;
    int r;

    memset(&in, 0, sizeof(in));
    in.network = LEDGER_NET_PRIVATE;
    memcpy(in.address, f->address, 32);
    for (size_t j = 0; j < f->n_users; j++) {
        in.chains[j] = chains[f->users[j]];
        in.chain_len[j] = chain_len[f->users[j]];
    }
    in.n_chains = f->n_users;
    if (with_blocks) {
        in.chains[in.n_chains] = chains[GENERATE];
        in.chain_len[in.n_chains] = chain_len[GENERATE];
        in.producer_chain = in.n_chains++;
        in.blocks = blocks;
        in.n_blocks = N_BLOCKS;
        in.branch_buf = branch_buf;
        in.branch_cap = sizeof(branch_buf);
        in.nodes = nodes;
        in.nodes_cap = 64;
    }
    r = lxrp_build(&in, &work, &rep);
    if (r != LX_OK)
        fail_msg("build: %d in %s (chain %zu tx %zu)", r, lxrp_section_name(rep.section),
                 rep.chain, rep.tx);
    assert_int_equal(lxrp_encode(&work.p, out, PROOF_CAP, &len), LX_OK);
    assert_int_equal(len, lxrp_encoded_size(&work.p));
    return len;
}

static struct lxrp_anchor users[3], producers[1];

static struct lxrp_trust trust_all(void)
{
    struct lxrp_trust t;

    for (int u = 0; u < 3; u++) {
        memset(&users[u], 0, sizeof(users[u]));
        memcpy(users[u].genesis, genesis[u], 32);
    }
    memset(&producers[0], 0, sizeof(producers[0]));
    memcpy(producers[0].genesis, genesis[GENERATE], 32);
    memset(&t, 0, sizeof(t));
    t.network = LEDGER_NET_PRIVATE;
    t.users = users;
    t.n_users = 3;
    t.producers = producers;
    t.n_producers = 1;
    return t;
}

static int verify(const uint8_t *buf, size_t len, const struct lxrp_trust *t,
                  struct lxrp_report *rep)
{
    struct lxrp_result res;

    return lxrp_verify(buf, len, t, &work, &res, rep);
}

static void test_fixture_proofs(void **state)
{
    size_t sizes[2] = { 0, 0 }, steps = 0;
    (void)state;

    load();
    for (size_t i = 0; i < N_REGS; i++) {
        for (int b = 0; b < 2; b++) {
            const struct reg_fixture *f = &regs[i];
            struct lxrp_trust t = trust_all();
            struct lxrp_result res;
            struct lxrp_report rep;
            size_t len = build(f, b, proof), len2;
            int r;

            r = lxrp_verify(proof, len, &t, &work, &res, &rep);
            if (r != LX_OK)
                fail_msg("register %zu blocks %d: %d in %s (chain %zu tx %zu step %zu block "
                         "%zu)", i, b, r, lxrp_section_name(rep.section), rep.chain, rep.tx,
                         rep.step, rep.block);
            /* the node's own final state, its owner, the whole history */
            assert_int_equal(reg_state_size(&res.state, true), f->state_len);
            assert_memory_equal(proof + LXRP_HEADER_BYTES, f->state, f->state_len);
            assert_memory_equal(res.owner, f->state + 2, 32);
            assert_memory_equal(res.address, f->address, 32);
            assert_int_equal(res.n_steps, f->n_history);
            assert_int_equal(res.n_chains, f->n_users + (size_t)b);
            assert_int_equal(res.blocks, b);
            /* decode and encode again: the same bytes */
            assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
            assert_int_equal(lxrp_encode(&work.p, proof2, sizeof(proof2), &len2), LX_OK);
            assert_int_equal(len2, len);
            assert_memory_equal(proof2, proof, len);
            assert_int_equal(lxrp_encode(&work.p, proof2, len - 1, &len2), LXRP_ERR_OUT_SPACE);
            /* blocks required */
            t.require_blocks = true;
            r = verify(proof, len, &t, &rep);
            assert_int_equal(r, b ? LX_OK : LXRP_ERR_NO_BLOCKS);
            /* on another network */
            t.network = LEDGER_NET_HYBRID;
            assert_int_equal(verify(proof, len, &t, &rep), LXRP_ERR_NETWORK);
            sizes[b] += len;
            steps += f->n_history;
        }
    }
    print_message("ledger: %d register proofs verified (%zu steps); mean size %zu B without "
                  "blocks, %zu B with\n", 2 * N_REGS, steps, sizes[0] / N_REGS,
                  sizes[1] / N_REGS);
}

/* ---- mutations ---- */

/* bob's raw asset: bob CREATE, WRITE, TRANSFER, then carol's CLAIM */
#define REG_TRANSFERRED 5

static size_t file_off(const uint8_t *base, const uint8_t *p)
{
    return (size_t)(p - base);
}

/* Expect code, and the section it names. */
static void expect(const uint8_t *buf, size_t len, const struct lxrp_trust *t, int code,
                   enum lxrp_section sec, const char *what)
{
    struct lxrp_report rep;
    int r = verify(buf, len, t, &rep);

    if (r != code || rep.section != sec)
        fail_msg("%s: got %d in %s, want %d in %s", what, r, lxrp_section_name(rep.section),
                 code, lxrp_section_name(sec));
}

/* Re-encode work.p (after a change to it) into mut. */
static size_t reencode(void)
{
    size_t len;

    assert_int_equal(lxrp_encode(&work.p, mut, sizeof(mut), &len), LX_OK);
    return len;
}

static void test_header_and_size(void **state)
{
    const struct reg_fixture *f;
    struct lxrp_trust t;
    size_t len;
    (void)state;

    load();
    f = &regs[REG_TRANSFERRED];
    t = trust_all();
    len = build(f, false, proof);
    assert_int_equal(verify(proof, len, &t, NULL), LX_OK);

    /* every truncation is refused; an extra byte too */
    for (size_t cut = 0; cut < len; cut++) {
        struct lxrp_report rep;
        int r = verify(proof, cut, &t, &rep);

        if (r == LX_OK || rep.offset > cut)
            fail_msg("cut at %zu: %d (offset %zu)", cut, r, rep.offset);
        if (cut < LXRP_HEADER_BYTES)
            assert_int_equal(r, LXRP_ERR_TRUNC_HEADER);
    }
    memcpy(mut, proof, len);
    mut[len] = 0;
    expect(mut, len + 1, &t, LXRP_ERR_TRAILING, LXRP_SEC_RESULT, "one byte more");

    static const struct {
        size_t off;
        uint8_t val;
        int err;
    } fields[] = {
        { 0, 'M', LXRP_ERR_MAGIC },
        { 4, 2, LXRP_ERR_VERSION },
        { 4, 0, LXRP_ERR_VERSION },
        { 5, 4, LXRP_ERR_NETWORK },
        { 5, 0, LXRP_ERR_NETWORK },         /* mainnet, not the verifier's */
        { 6, 0x02, LXRP_ERR_FLAGS },
        { 6, 0x80, LXRP_ERR_FLAGS },
        { 7, 1, LXRP_ERR_RESERVED },
        { 73, 0xff, LXRP_ERR_STATE_LEN },
    };
    for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
        memcpy(mut, proof, len);
        mut[fields[k].off] = fields[k].val;
        expect(mut, len, &t, fields[k].err, LXRP_SEC_HEADER, "header field");
    }
    /* blocks flag set, no blocks section: the file ends there */
    memcpy(mut, proof, len);
    mut[6] = LXRP_FLAG_BLOCKS;
    expect(mut, len, &t, LXRP_ERR_TRUNC_BLOCKS, LXRP_SEC_BLOCKS, "flag without blocks");
    /* a state length one short: the state no longer parses exactly */
    memcpy(mut, proof, len);
    mut[72]--;
    {
        struct lxrp_report rep;
        int r = verify(mut, len, &t, &rep);
        assert_int_equal(rep.section, LXRP_SEC_STATE);
        assert_true(r <= -450 && r >= -499);
    }
}

static void test_state_and_owner(void **state)
{
    const struct reg_fixture *f;
    struct lxrp_trust t;
    size_t len, data;
    (void)state;

    load();
    f = &regs[REG_TRANSFERRED];
    t = trust_all();
    len = build(f, false, proof);
    data = LXRP_HEADER_BYTES + 50 + 2;

    /* wrong state: a data byte, a timestamp, the checksum */
    memcpy(mut, proof, len);
    mut[data + 5] ^= 1;
    expect(mut, len, &t, LXRP_ERR_STATE_MISMATCH, LXRP_SEC_RESULT, "state data");
    memcpy(mut, proof, len);
    mut[LXRP_HEADER_BYTES + 42] ^= 1;
    expect(mut, len, &t, LXRP_ERR_STATE_MISMATCH, LXRP_SEC_RESULT, "state nModified");
    memcpy(mut, proof, len);
    mut[LXRP_HEADER_BYTES + f->state_len - 1] ^= 1;
    expect(mut, len, &t, LXRP_ERR_STATE_MISMATCH, LXRP_SEC_RESULT, "state checksum");
    /* the state at an earlier point (bob's, before the transfer) */
    memcpy(mut, proof, len);
    memcpy(mut + LXRP_HEADER_BYTES + 2, genesis[BOB], 32);
    memcpy(mut + 40, genesis[BOB], 32);
    expect(mut, len, &t, LXRP_ERR_STATE_MISMATCH, LXRP_SEC_RESULT, "earlier owner in state");
    /* wrong genesis: the claimed owner G */
    memcpy(mut, proof, len);
    memcpy(mut + 40, genesis[BOB], 32);
    expect(mut, len, &t, LXRP_ERR_OWNER, LXRP_SEC_RESULT, "owner is bob");
    /* the address: no contract of the proof is on it */
    memcpy(mut, proof, len);
    mut[8] ^= 1;
    expect(mut, len, &t, LXRP_ERR_STEP_ADDRESS, LXRP_SEC_STEPS, "address");

    /* untrusted genesis: carol (chain 1) left out of the anchors */
    {
        struct lxrp_trust t2 = t;
        struct lxrp_report rep;

        t2.n_users = 2;     /* alice, bob */
        assert_int_equal(verify(proof, len, &t2, &rep), LXRP_ERR_UNTRUSTED);
        assert_int_equal(rep.chain, 1);
        t2.n_users = 0;
        assert_int_equal(verify(proof, len, &t2, &rep), LXRP_ERR_UNTRUSTED);
        assert_int_equal(rep.chain, 0);
    }
    /* pinned first transactions: right ones pass, a wrong one is named */
    {
        struct lxrp_report rep;

        for (int u = 0; u < 3; u++) {
            users[u].pinned = true;
            memcpy(users[u].first_txid, first_txid[u], 64);
        }
        assert_int_equal(verify(proof, len, &t, &rep), LX_OK);
        users[CAROL].first_txid[3] ^= 1;
        assert_int_equal(verify(proof, len, &t, &rep), LEDGER_ERR_FIRST_TXID);
        assert_int_equal(rep.chain, 1);
        assert_int_equal(rep.tx, 0);
        t = trust_all();
    }
}

static void test_transactions(void **state)
{
    const struct reg_fixture *f;
    struct lxrp_trust t;
    struct lxrp_report rep;
    size_t len, l2;
    (void)state;

    load();
    f = &regs[REG_TRANSFERRED];
    t = trust_all();
    len = build(f, false, proof);
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    assert_int_equal(work.p.n_chains, 2);       /* bob, carol */
    assert_int_equal(work.p.n_steps, 4);

    /* any transaction changed: a byte in every transaction, in its
     * contracts, its timestamp and its signature */
    for (uint16_t g = 0; g < work.p.n_txs; g++) {
        static struct ledger_tx tx;
        size_t base, contracts, ts, sig;

        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        base = file_off(proof, work.p.txs[g].p);
        assert_int_equal(ledger_tx_parse(&tx, work.p.txs[g].p, work.p.txs[g].len, NULL), LX_OK);
        contracts = base + 1 + 1;
        ts = base + tx.gethash_len - LEDGER_FIXED_BYTES + 8;
        sig = file_off(proof, tx.sig.p) + 20;
        const size_t offs[3] = { contracts, ts, sig };
        for (int k = 0; k < 3; k++) {
            int r;

            memcpy(mut, proof, len);
            mut[offs[k]] ^= 0x01;
            r = verify(mut, len, &t, &rep);
            if (r == LX_OK || rep.section != LXRP_SEC_CHAINS)
                fail_msg("tx %u byte %zu changed: %d in %s", g, offs[k], r,
                         lxrp_section_name(rep.section));
            assert_true(r <= -400 && r >= -449);
        }
    }
    /* a transaction dropped: the last of bob's (his TRANSFER, sequence 5) */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.chain_len[0]--;
    l2 = reencode();
    expect(mut, l2, &t, LXRP_ERR_STEP_REF, LXRP_SEC_STEPS, "bob's transfer dropped");
    /* one in the middle: the chain no longer links */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    for (uint16_t k = 2; k + 1 < work.p.chain_len[0]; k++)
        work.p.txs[k] = work.p.txs[k + 1];
    work.p.chain_len[0]--;
    for (uint16_t k = 0; k < work.p.n_steps; k++)
        if (work.p.steps[k].chain == 0 && work.p.steps[k].tx > 2)
            work.p.steps[k].tx--;
    l2 = reencode();
    assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_ERR_SEQUENCE);
    assert_int_equal(rep.chain, 0);
    assert_int_equal(rep.tx, 2);
    /* two transactions swapped */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    {
        struct ledger_span s = work.p.txs[1];
        work.p.txs[1] = work.p.txs[2];
        work.p.txs[2] = s;
    }
    l2 = reencode();
    assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_ERR_SEQUENCE);
    assert_int_equal(rep.tx, 1);
    /* a chain that does not start at its first transaction */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.chain_first[1]++;
    work.p.chain_len[1]--;
    l2 = reencode();
    assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_ERR_FIRST_SEQUENCE);
    /* the chains swapped: steps now name other contracts */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    {
        uint16_t f0 = work.p.chain_first[0], l0 = work.p.chain_len[0];
        work.p.chain_first[0] = work.p.chain_first[1];
        work.p.chain_len[0] = work.p.chain_len[1];
        work.p.chain_first[1] = f0;
        work.p.chain_len[1] = l0;
    }
    l2 = reencode();
    assert_int_not_equal(verify(mut, l2, &t, &rep), LX_OK);
    /* the same chain twice */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.chain_first[1] = work.p.chain_first[0];
    work.p.chain_len[1] = work.p.chain_len[0];
    l2 = reencode();
    assert_int_equal(verify(mut, l2, &t, &rep), LXRP_ERR_DUP_CHAIN);
    /* a transaction length beyond the file, and zero */
    memcpy(mut, proof, len);
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    {
        size_t lo = file_off(proof, work.p.txs[0].p) - 4;
        uint32_t past = (uint32_t)(len - (lo + 4) + 1);

        memcpy(mut + lo, &past, 4);     /* host and rv64 are little-endian */
        expect(mut, len, &t, LXRP_ERR_TRUNC_CHAINS, LXRP_SEC_CHAINS, "tx_len past the end");
        mut[lo + 2] = 0x10;
        expect(mut, len, &t, LXRP_ERR_TX_LEN, LXRP_SEC_CHAINS, "tx_len above the bound");
        memset(mut + lo, 0, 4);
        expect(mut, len, &t, LXRP_ERR_TX_LEN, LXRP_SEC_CHAINS, "tx_len zero");
    }
}

static void test_steps(void **state)
{
    const struct reg_fixture *f;
    struct lxrp_trust t;
    struct lxrp_report rep;
    size_t len, l2;
    struct lxrp_step s;
    (void)state;

    load();
    f = &regs[REG_TRANSFERRED];
    t = trust_all();
    len = build(f, false, proof);

    /* a step dropped, at every place */
    for (uint16_t k = 0; k < 4; k++) {
        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        for (uint16_t j = k; j + 1 < 4; j++)
            work.p.steps[j] = work.p.steps[j + 1];
        work.p.n_steps = 3;
        l2 = reencode();
        expect(mut, l2, &t, LXRP_ERR_STEP_MISSING, LXRP_SEC_STEPS, "step dropped");
    }
    /* reordered within bob's chain */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    s = work.p.steps[1];
    work.p.steps[1] = work.p.steps[2];
    work.p.steps[2] = s;
    l2 = reencode();
    expect(mut, l2, &t, LXRP_ERR_STEP_ORDER, LXRP_SEC_STEPS, "steps swapped in a chain");
    /* carol's CLAIM before bob's TRANSFER (other chains: only the replay
     * can tell) */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    s = work.p.steps[2];
    work.p.steps[2] = work.p.steps[3];
    work.p.steps[3] = s;
    l2 = reencode();
    assert_int_equal(verify(mut, l2, &t, &rep), LXRP_ERR_PRESTATE);
    assert_int_equal(rep.section, LXRP_SEC_REPLAY);
    assert_int_equal(rep.step, 2);
    /* a step named twice instead of another */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.steps[3] = work.p.steps[2];
    l2 = reencode();
    expect(mut, l2, &t, LXRP_ERR_STEP_DUP, LXRP_SEC_STEPS, "step twice");
    /* a step on another contract (bob's genesis: his crypto register) */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.steps[1].tx = 0;
    work.p.steps[1].contract = 0;
    l2 = reencode();
    assert_int_not_equal(verify(mut, l2, &t, &rep), LX_OK);
    assert_true(rep.section == LXRP_SEC_STEPS);
    /* a step naming a contract that does not exist */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.steps[1].contract = 7;
    l2 = reencode();
    expect(mut, l2, &t, LXRP_ERR_STEP_REF, LXRP_SEC_STEPS, "contract index");
    /* the history starting after the CREATE (with a shorter bob chain the
     * first contract on R is a WRITE) is refused: steps are counted */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.steps[0] = work.p.steps[1];
    work.p.steps[1] = work.p.steps[2];
    work.p.steps[2] = work.p.steps[3];
    work.p.n_steps = 3;
    l2 = reencode();
    expect(mut, l2, &t, LXRP_ERR_STEP_MISSING, LXRP_SEC_STEPS, "no CREATE");
}

static void test_blocks(void **state)
{
    const struct reg_fixture *f;
    struct lxrp_trust t;
    struct lxrp_report rep;
    static uint8_t longer[(LEDGER_MERKLE_MAX_DEPTH + 1) * 64];
    size_t len, l2;
    int r;
    (void)state;

    load();
    f = &regs[REG_TRANSFERRED];
    t = trust_all();
    len = build(f, true, proof);
    assert_int_equal(verify(proof, len, &t, &rep), LX_OK);
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    assert_int_equal(work.p.producer_chain, 2);
    assert_true(work.p.n_blocks >= 4);

    /* the producer untrusted, or trusted only as a user */
    {
        struct lxrp_trust t2 = t;
        t2.n_producers = 0;
        expect(proof, len, &t2, LXRP_ERR_PRODUCER_UNTRUSTED, LXRP_SEC_CHAINS, "producer");
    }
    /* every block: a header field changed (the signature fails; the
     * height of a linked block names the link) */
    for (uint16_t b = 0; b < work.p.n_blocks; b++) {
        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        work.p.blocks[b].h.time ^= 1;
        l2 = reencode();
        r = verify(mut, l2, &t, &rep);
        assert_int_equal(r, LEDGER_BLOCK_ERR_SIG_MISMATCH);
        assert_int_equal(rep.block, b);
        /* the Merkle root: the producer's branch no longer reaches it */
        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        work.p.blocks[b].h.merkle[9] ^= 1;
        l2 = reencode();
        assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_BLOCK_ERR_SIG_MISMATCH);
        /* a block signature byte */
        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        memcpy(mut, proof, len);
        mut[file_off(proof, work.p.blocks[b].sig.p) + 30] ^= 1;
        assert_int_equal(verify(mut, len, &t, &rep), LEDGER_BLOCK_ERR_SIG_MISMATCH);
        /* the producer's branch: an element changed, one more, one less */
        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        if (work.p.blocks[b].depth > 0) {
            memcpy(mut, proof, len);
            mut[file_off(proof, work.p.blocks[b].branch) + 3] ^= 1;
            r = verify(mut, len, &t, &rep);
            assert_true(r == LEDGER_BLOCK_ERR_BRANCH_ROOT || r == LEDGER_BLOCK_ERR_BRANCH_DUP);
            assert_int_equal(rep.block, b);
            assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
            memcpy(longer, work.p.blocks[b].branch, work.p.blocks[b].depth * 64u);
            memset(longer + work.p.blocks[b].depth * 64u, 0x5a, 64);
            work.p.blocks[b].branch = longer;
            work.p.blocks[b].depth++;
            l2 = reencode();
            assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_BLOCK_ERR_BRANCH_LENGTH);
            work.p.blocks[b].depth -= 2;
            l2 = reencode();
            assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_BLOCK_ERR_BRANCH_LENGTH);
        }
    }
    /* blocks in the wrong order */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    {
        struct lxrp_block b0 = work.p.blocks[0];
        work.p.blocks[0] = work.p.blocks[1];
        work.p.blocks[1] = b0;
    }
    l2 = reencode();
    r = verify(mut, l2, &t, &rep);
    assert_true(r == LXRP_ERR_PRODUCER_REF || r == LXRP_ERR_BLOCK_ORDER);
    assert_int_equal(rep.section, LXRP_SEC_BLOCKS);
    /* a block's producer transaction another one of the producer chain */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.blocks[1].producer_tx--;
    l2 = reencode();
    assert_int_not_equal(verify(mut, l2, &t, &rep), LX_OK);
    assert_int_equal(rep.section, LXRP_SEC_BLOCKS);
    /* every inclusion: an element changed, one more, one less, another
     * leaf, another block */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    for (uint16_t g = 0; g < work.p.n_txs; g++) {
        uint8_t c = 0;
        while (c + 1 < work.p.n_chains && g >= work.p.chain_first[c + 1])
            c++;
        if (c == work.p.producer_chain)
            continue;
        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        struct lxrp_incl *in = &work.p.incl[g];
        if (in->depth > 0) {
            memcpy(mut, proof, len);
            mut[file_off(proof, in->branch) + 60] ^= 1;
            r = verify(mut, len, &t, &rep);
            assert_true(r == LEDGER_BLOCK_ERR_BRANCH_ROOT || r == LEDGER_BLOCK_ERR_BRANCH_DUP);
            assert_int_equal(rep.section, LXRP_SEC_INCLUSIONS);
            assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
            in = &work.p.incl[g];
            memcpy(longer, in->branch, in->depth * 64u);
            memset(longer + in->depth * 64u, 0xa5, 64);
            in->branch = longer;
            in->depth++;
            l2 = reencode();
            assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_BLOCK_ERR_BRANCH_LENGTH);
            in->depth -= 2;
            l2 = reencode();
            assert_int_equal(verify(mut, l2, &t, &rep), LEDGER_BLOCK_ERR_BRANCH_LENGTH);
            in->depth++;
        }
        assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
        in = &work.p.incl[g];
        in->block = (uint16_t)((in->block + 1) % work.p.n_blocks);
        l2 = reencode();
        if (in->leaf + 1 < work.p.blocks[in->block].n_leaves &&
            work.p.blocks[in->block].depth == in->depth) {
            r = verify(mut, l2, &t, &rep);
            assert_true(r == LEDGER_BLOCK_ERR_BRANCH_ROOT || r == LEDGER_BLOCK_ERR_BRANCH_DUP);
        }
    }
    /* a user transaction swapped with another block's: steps out of ledger
     * order is caught even when each branch is right: swap the inclusion
     * records of bob's sequence 1 and 2 */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    {
        struct lxrp_incl a = work.p.incl[1];
        work.p.incl[1] = work.p.incl[2];
        work.p.incl[2] = a;
    }
    l2 = reencode();
    r = verify(mut, l2, &t, &rep);
    assert_true(r == LEDGER_BLOCK_ERR_BRANCH_ROOT || r == LEDGER_BLOCK_ERR_BRANCH_DUP);
    /* an inclusion at the producer's leaf, and at the largest index */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    work.p.incl[0].leaf = work.p.blocks[work.p.incl[0].block].n_leaves - 1;
    l2 = reencode();
    expect(mut, l2, &t, LXRP_ERR_INCL_REF, LXRP_SEC_INCLUSIONS, "producer's leaf");
    work.p.incl[0].leaf = UINT32_MAX;
    l2 = reencode();
    expect(mut, l2, &t, LXRP_ERR_INCL_REF, LXRP_SEC_INCLUSIONS, "leaf 2^32-1");
    /* truncations of the blocks section */
    assert_int_equal(lxrp_decode(&work, proof, len, NULL), LX_OK);
    for (size_t cut = file_off(proof, work.p.blocks[0].sig.p); cut < len; cut += 7) {
        r = verify(proof, cut, &t, &rep);
        assert_int_equal(r, LXRP_ERR_TRUNC_BLOCKS);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_proofs),
        cmocka_unit_test(test_header_and_size),
        cmocka_unit_test(test_state_and_owner),
        cmocka_unit_test(test_transactions),
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_blocks),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);

    for (size_t i = 0; i < N_TXS; i++)
        free(tx_bytes[i]);
    for (size_t i = 0; i < N_BLOCKS; i++)
        free((void *)blocks[i].p);
    for (size_t i = 0; i < N_REGS; i++)
        free(regs[i].state);
    return r;
}
