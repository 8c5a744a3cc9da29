/*
 * Nexus Tritium blocks (lib/ledger/block.c) on the LLL-TAO 5.1.6 fixtures:
 * every block parses, its hash is the node's, its Merkle root is rebuilt
 * from its transactions, its producer transaction and signature verify and
 * it links to its predecessor; Merkle branches for every leaf verify; every
 * header field changed, a transaction swapped, a branch element changed or
 * a branch one element longer or shorter, and every truncation are refused
 * with the error that names them.
 */
#include "test.h"

#include "base/status.h"
#include "ledger/block.h"
#include "vec.h"

#define NEXUS_BLOCKS "fixtures/nexus/chain/blocks.json"
#define N_BLOCKS 18
#define MAX_LEAVES 8

struct fixture {
    uint8_t *net;
    size_t len;
    uint8_t *preimage;
    size_t preimage_len;
    uint8_t hash[128];          /* raw */
    uint8_t leaves[MAX_LEAVES][64];     /* raw, producer last */
    size_t n_leaves;
    long long height;
};

static struct fixture fx[N_BLOCKS];
static size_t n_fx;
static struct ledger_tx producer;
static uint8_t nodes[LEDGER_BLOCK_MAX_TX][64];

static void reverse(uint8_t *out, const uint8_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = in[n - 1 - i];
}

/* A GetHex string (as the node prints) into raw bytes. */
static void hex_rev(const struct json *j, uint8_t *out, size_t n)
{
    uint8_t tmp[128];
    size_t len;
    const char *s = json_str(j, &len);

    if (s == NULL || vec_hex(s, len, tmp, n) != n)
        fail_msg("fixture: not %zu hex bytes", n);
    reverse(out, tmp, n);
}

static void load_fixtures(void)
{
    char *text;
    struct json *root;
    const struct json *blocks;

    if (n_fx > 0)
        return;
    root = vec_load_json(NEXUS_BLOCKS, &text);
    if (root == NULL)
        fail_msg("missing or malformed %s", NEXUS_BLOCKS);
    blocks = json_get(root, "blocks");
    assert_int_equal(json_len(blocks), N_BLOCKS);
    for (size_t i = 0; i < N_BLOCKS; i++) {
        const struct json *b = json_at(blocks, i), *raw = json_get(b, "raw");
        const struct json *list = json_get(b, "tx_list_in_merkle_order");
        struct fixture *f = &fx[i];
        f->net = json_hex_member(raw, "tritium_block_network_hex", &f->len);
        f->preimage = json_hex_member(raw, "header_hash_preimage_hex", &f->preimage_len);
        assert_non_null(f->net);
        assert_non_null(f->preimage);
        hex_rev(json_get(b, "hash"), f->hash, 128);
        f->n_leaves = json_len(list);
        assert_true(f->n_leaves >= 2 && f->n_leaves <= MAX_LEAVES);
        for (size_t k = 0; k < f->n_leaves; k++)
            hex_rev(json_at(list, k), f->leaves[k], 64);
        f->height = json_int(json_get(b, "height"));
        assert_true(json_bool(json_get(b, "merkle_recomputed_matches")));
        assert_true(json_bool(json_get(b, "block_signature_valid_per_lll_tao")));
    }
    n_fx = N_BLOCKS;
    json_free(root);
    free(text);
}

static int parse(struct ledger_block *b, const uint8_t *buf, size_t len)
{
    return ledger_block_parse(b, &producer, buf, len, NULL, NULL);
}

/* Verify block i as the successor of block i-1 (block 0: no link). */
static int verify_at(size_t i, const uint8_t *buf, size_t len)
{
    struct ledger_block b;
    struct ledger_block_prev prev;
    int r = parse(&b, buf, len);

    if (r != LX_OK)
        return r;
    if (i > 0) {
        prev.height = (uint32_t)fx[i - 1].height;
        memcpy(prev.hash, fx[i - 1].hash, 128);
    }
    return ledger_block_verify(&b, &producer, LEDGER_NET_PRIVATE, i > 0 ? &prev : NULL, nodes,
                               LEDGER_BLOCK_MAX_TX, NULL);
}

/* ---- every fixture block ---- */

static void test_fixture_blocks(void **state)
{
    size_t leaves = 0;
    (void)state;

    load_fixtures();
    for (size_t i = 0; i < n_fx; i++) {
        const struct fixture *f = &fx[i];
        struct ledger_block b;
        struct ledger_block_prev prev;
        uint8_t hash[128], txid[64], root[64];
        size_t off = 99;
        int r = ledger_block_parse(&b, &producer, f->net, f->len, &off, NULL);

        assert_int_equal(r, LX_OK);
        assert_int_equal(off, 0);
        assert_int_equal(b.h.version, 8);
        assert_int_equal(b.h.channel, 3);
        assert_int_equal(b.h.height, f->height);
        assert_int_equal(b.n_vtx + 1, f->n_leaves);
        /* the hashed header is the node's preimage */
        assert_int_equal(f->preimage_len, LEDGER_BLOCK_HEADER_BYTES + 1 + 4 * b.h.n_offsets);
        {
            uint8_t hdr[LEDGER_BLOCK_HEADER_BYTES];
            ledger_block_header_write(&b.h, hdr);
            assert_memory_equal(hdr, f->preimage, sizeof(hdr));
            assert_memory_equal(hdr, f->net, sizeof(hdr));
        }
        ledger_block_hash(&b.h, hash);
        assert_memory_equal(hash, f->hash, 128);
        /* the producer is the last leaf; vtx lists the others in order */
        ledger_tx_txid(&producer, txid);
        assert_memory_equal(txid, f->leaves[f->n_leaves - 1], 64);
        for (uint32_t k = 0; k < b.n_vtx; k++) {
            assert_int_equal(b.vtx[k * 65], LEDGER_VTX_TRITIUM);
            assert_memory_equal(b.vtx + k * 65 + 1, f->leaves[k], 64);
        }
        /* the root from the fixture's leaf list */
        memcpy(nodes, f->leaves, f->n_leaves * 64);
        assert_int_equal(ledger_merkle_root(nodes, f->n_leaves, root), LX_OK);
        assert_memory_equal(root, b.h.merkle, 64);
        /* and everything, with the link to the previous block */
        if (i > 0) {
            assert_int_equal(f->height, fx[i - 1].height + 1);
            prev.height = (uint32_t)fx[i - 1].height;
            memcpy(prev.hash, fx[i - 1].hash, 128);
        }
        assert_int_equal(ledger_block_verify(&b, &producer, LEDGER_NET_PRIVATE,
                                             i > 0 ? &prev : NULL, nodes, LEDGER_BLOCK_MAX_TX,
                                             hash), LX_OK);
        assert_memory_equal(hash, f->hash, 128);
        /* the wrong network's genesis type */
        assert_int_equal(ledger_block_verify(&b, &producer, LEDGER_NET_MAINNET, NULL, nodes,
                                             LEDGER_BLOCK_MAX_TX, NULL), LEDGER_ERR_GENESIS_TYPE);
        /* not linked to a block two back */
        if (i > 1) {
            prev.height = (uint32_t)fx[i - 2].height;
            memcpy(prev.hash, fx[i - 2].hash, 128);
            assert_int_equal(ledger_block_check_link(&b.h, prev.height, prev.hash),
                             LEDGER_BLOCK_ERR_HEIGHT);
            prev.height = (uint32_t)fx[i - 1].height;
            assert_int_equal(ledger_block_check_link(&b.h, prev.height, prev.hash),
                             LEDGER_BLOCK_ERR_PREV_BLOCK);
        }
        leaves += f->n_leaves;
    }
    print_message("ledger: %zu blocks (%zu leaves): hash, Merkle root, producer, signature and "
                  "link verified\n", n_fx, leaves);
}

/* ---- branches ---- */

static void test_branches(void **state)
{
    uint8_t leaves[13][64], branch[LEDGER_MERKLE_MAX_DEPTH + 1][64], root[64], r2[64];
    size_t depth, bad;
    (void)state;

    /* every leaf of every fixture block */
    load_fixtures();
    for (size_t i = 0; i < n_fx; i++) {
        const struct fixture *f = &fx[i];
        struct ledger_block b;

        assert_int_equal(parse(&b, f->net, f->len), LX_OK);
        for (size_t k = 0; k < f->n_leaves; k++) {
            memcpy(nodes, f->leaves, f->n_leaves * 64);
            assert_int_equal(ledger_merkle_branch(nodes, f->n_leaves, k, branch,
                                                  LEDGER_MERKLE_MAX_DEPTH, &depth, root), LX_OK);
            assert_int_equal(depth, ledger_merkle_depth(f->n_leaves));
            assert_memory_equal(root, b.h.merkle, 64);
            assert_int_equal(ledger_merkle_branch_verify(f->leaves[k], k, f->n_leaves,
                                                         &branch[0][0], depth, b.h.merkle, NULL),
                             LX_OK);
            /* another leaf's position */
            assert_int_equal(ledger_merkle_branch_verify(f->leaves[k], (k + 1) % f->n_leaves,
                                                         f->n_leaves, &branch[0][0], depth,
                                                         b.h.merkle, NULL) == LX_OK, 0);
        }
    }

    /* synthetic trees of 1..13 leaves: every leaf, every element changed,
     * one element too many or too few, index out of range */
    for (size_t i = 0; i < 13; i++)
        for (size_t k = 0; k < 64; k++)
            leaves[i][k] = (uint8_t)(i * 64 + k + 1);
    for (size_t n = 1; n <= 13; n++) {
        memcpy(nodes, leaves, n * 64);
        assert_int_equal(ledger_merkle_root(nodes, n, root), LX_OK);
        if (n == 1)
            assert_memory_equal(root, leaves[0], 64);
        for (size_t k = 0; k < n; k++) {
            memcpy(nodes, leaves, n * 64);
            assert_int_equal(ledger_merkle_branch(nodes, n, k, branch, LEDGER_MERKLE_MAX_DEPTH,
                                                  &depth, r2), LX_OK);
            assert_memory_equal(r2, root, 64);
            assert_int_equal(ledger_merkle_branch_verify(leaves[k], k, n, &branch[0][0], depth,
                                                         root, NULL), LX_OK);
            for (size_t e = 0; e < depth; e++) {
                int want;

                /* an element that must repeat the node names the rule */
                memcpy(nodes, leaves, n * 64);
                branch[e][7] ^= 0x40;
                bad = 99;
                want = ledger_merkle_branch_verify(leaves[k], k, n, &branch[0][0], depth, root,
                                                   &bad);
                assert_true(want == LEDGER_BLOCK_ERR_BRANCH_ROOT ||
                            (want == LEDGER_BLOCK_ERR_BRANCH_DUP && bad >= e));
                branch[e][7] ^= 0x40;
            }
            assert_int_equal(ledger_merkle_branch_verify(leaves[k], k, n, &branch[0][0],
                                                         depth + 1, root, NULL),
                             LEDGER_BLOCK_ERR_BRANCH_LENGTH);
            if (depth > 0)
                assert_int_equal(ledger_merkle_branch_verify(leaves[k], k, n, &branch[0][0],
                                                             depth - 1, root, NULL),
                                 LEDGER_BLOCK_ERR_BRANCH_LENGTH);
            assert_int_equal(ledger_merkle_branch_verify(leaves[k], n, n, &branch[0][0], depth,
                                                         root, NULL),
                             LEDGER_BLOCK_ERR_BRANCH_INDEX);
        }
    }
    /* the odd-leaf rule: 3 leaves = 4 leaves with the last repeated, but
     * the branch of leaf 3 of that tree is not a branch of a 3-leaf tree */
    memcpy(nodes, leaves, 3 * 64);
    memcpy(nodes[3], leaves[2], 64);
    assert_int_equal(ledger_merkle_root(nodes, 4, r2), LX_OK);
    memcpy(nodes, leaves, 3 * 64);
    assert_int_equal(ledger_merkle_root(nodes, 3, root), LX_OK);
    assert_memory_equal(r2, root, 64);
    memcpy(nodes, leaves, 3 * 64);
    memcpy(nodes[3], leaves[2], 64);
    assert_int_equal(ledger_merkle_branch(nodes, 4, 3, branch, LEDGER_MERKLE_MAX_DEPTH, &depth,
                                          r2), LX_OK);
    assert_int_equal(ledger_merkle_branch_verify(leaves[2], 3, 3, &branch[0][0], depth, root,
                                                 NULL), LEDGER_BLOCK_ERR_BRANCH_INDEX);
    /* bounds */
    assert_int_equal(ledger_merkle_root(nodes, 0, root), LEDGER_BLOCK_ERR_LEAVES);
    assert_int_equal(ledger_merkle_root(nodes, LEDGER_BLOCK_MAX_TX + 1, root),
                     LEDGER_BLOCK_ERR_LEAVES);
    assert_int_equal(ledger_merkle_depth(LEDGER_BLOCK_MAX_TX), LEDGER_MERKLE_MAX_DEPTH);
}

/* ---- mutations ---- */

static void test_mutations(void **state)
{
    /* A header field changed: the hash changes, so the signature fails;
     * the Merkle root names itself first, the version and the link name
     * theirs. */
    static const struct {
        size_t off;
        int err;
        const char *what;
    } fields[] = {
        { 0, LEDGER_BLOCK_ERR_SIG_MISMATCH, "nVersion" },
        { 4, LEDGER_BLOCK_ERR_PREV_BLOCK, "hashPrevBlock" },
        { 132, LEDGER_BLOCK_ERR_MERKLE_ROOT, "hashMerkleRoot" },
        { 196, LEDGER_BLOCK_ERR_SIG_MISMATCH, "nChannel" },
        { 200, LEDGER_BLOCK_ERR_HEIGHT, "nHeight" },
        { 204, LEDGER_BLOCK_ERR_SIG_MISMATCH, "nBits" },
        { 208, LEDGER_BLOCK_ERR_SIG_MISMATCH, "nNonce" },
        { 216, LEDGER_BLOCK_ERR_SIG_MISMATCH, "nTime" },
    };
    static uint8_t buf[4096];
    struct ledger_block b;
    (void)state;

    load_fixtures();
    for (size_t i = 1; i < n_fx; i++) {
        const struct fixture *f = &fx[i];
        size_t sig_off = LEDGER_BLOCK_HEADER_BYTES + 1;

        assert_true(f->len <= sizeof(buf));
        for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
            memcpy(buf, f->net, f->len);
            buf[fields[k].off] ^= 0x01;
            if (verify_at(i, buf, f->len) != fields[k].err)
                fail_msg("block %zu, %s changed: got %d", i, fields[k].what,
                         verify_at(i, buf, f->len));
        }
        /* a version below 5 */
        memcpy(buf, f->net, f->len);
        buf[0] = 4;
        assert_int_equal(verify_at(i, buf, f->len), LEDGER_BLOCK_ERR_VERSION);
        /* the signature: a byte inside r */
        memcpy(buf, f->net, f->len);
        buf[sig_off + 10] ^= 0x01;
        assert_int_equal(verify_at(i, buf, f->len), LEDGER_BLOCK_ERR_SIG_MISMATCH);
        /* the signature's DER framing */
        memcpy(buf, f->net, f->len);
        buf[sig_off] ^= 0x01;
        assert_int_equal(verify_at(i, buf, f->len), LEDGER_BLOCK_ERR_SIG_ENCODING);
        /* a transaction in vtx: its txid changed */
        memcpy(buf, f->net, f->len);
        buf[f->len - 65 + 20] ^= 0x01;
        assert_int_equal(verify_at(i, buf, f->len), LEDGER_BLOCK_ERR_MERKLE_ROOT);
        /* a vtx entry of an unknown type */
        memcpy(buf, f->net, f->len);
        buf[f->len - 65] = 0x07;
        assert_int_equal(parse(&b, buf, f->len), LEDGER_BLOCK_ERR_VTX_TYPE);
        /* the producer's transaction: a byte of its timestamp */
        memcpy(buf, f->net, f->len);
        assert_int_equal(parse(&b, buf, f->len), LX_OK);
        {
            size_t p = (size_t)(b.producer.p - buf);
            size_t ts = p + (producer.gethash_len - LEDGER_FIXED_BYTES) + 8;
            buf[ts] ^= 0x01;
            /* its txid is a leaf: the root names it; on its own, its
             * signature fails */
            assert_int_equal(verify_at(i, buf, f->len), LEDGER_BLOCK_ERR_MERKLE_ROOT);
            assert_int_equal(parse(&b, buf, f->len), LX_OK);
            assert_int_equal(ledger_block_check_producer(&producer, LEDGER_NET_PRIVATE),
                             LEDGER_ERR_SIG_MISMATCH);
        }
    }
    /* the producer's AUTHORIZE: its opcode, the txid and genesis it names
     * (contract count, stream size, then opcode at +2, txid, genesis) */
    for (size_t i = 0; i < n_fx; i++) {
        static const struct {
            size_t off;
            int err;
        } auth[] = {
            { 2, LEDGER_BLOCK_ERR_PRODUCER_CONTRACT },
            { 3 + 17, LEDGER_BLOCK_ERR_PRODUCER_AUTH },
            { 67 + 5, LEDGER_BLOCK_ERR_PRODUCER_AUTH },
        };
        size_t p;

        assert_int_equal(parse(&b, fx[i].net, fx[i].len), LX_OK);
        p = (size_t)(b.producer.p - fx[i].net);
        assert_int_equal(ledger_block_producer_shape(&producer), LX_OK);
        for (size_t k = 0; k < sizeof(auth) / sizeof(auth[0]); k++) {
            memcpy(buf, fx[i].net, fx[i].len);
            buf[p + auth[k].off] ^= 0x04;
            assert_int_equal(parse(&b, buf, fx[i].len), LX_OK);
            assert_int_equal(ledger_block_producer_shape(&producer), auth[k].err);
        }
    }
    /* a transaction swapped with another block's: the root changes */
    for (size_t i = 1; i < n_fx; i++) {
        memcpy(buf, fx[i].net, fx[i].len);
        memcpy(buf + fx[i].len - 64, fx[i - 1].leaves[0], 64);
        assert_int_equal(verify_at(i, buf, fx[i].len), LEDGER_BLOCK_ERR_MERKLE_ROOT);
    }
    /* block 2 holds two user transactions: swapped in order */
    {
        const struct fixture *f = &fx[1];

        assert_int_equal(f->n_leaves, 3);
        memcpy(buf, f->net, f->len);
        memcpy(buf + f->len - 130 + 1, f->leaves[1], 64);
        memcpy(buf + f->len - 65 + 1, f->leaves[0], 64);
        assert_int_equal(verify_at(1, buf, f->len), LEDGER_BLOCK_ERR_MERKLE_ROOT);
        /* the same transaction twice */
        memcpy(buf, f->net, f->len);
        memcpy(buf + f->len - 65 + 1, f->leaves[0], 64);
        assert_int_equal(verify_at(1, buf, f->len), LEDGER_BLOCK_ERR_DUP_TX);
    }
    /* another block's producer and signature in this block */
    {
        static uint8_t mix[4096];
        struct ledger_block b0, b1;
        size_t n;

        assert_int_equal(parse(&b0, fx[0].net, fx[0].len), LX_OK);
        assert_int_equal(parse(&b1, fx[3].net, fx[3].len), LX_OK);
        /* header of block 3, everything after the header of block 0 */
        memcpy(mix, fx[3].net, LEDGER_BLOCK_HEADER_BYTES);
        n = fx[0].len - LEDGER_BLOCK_HEADER_BYTES;
        memcpy(mix + LEDGER_BLOCK_HEADER_BYTES, fx[0].net + LEDGER_BLOCK_HEADER_BYTES, n);
        assert_int_equal(verify_at(3, mix, LEDGER_BLOCK_HEADER_BYTES + n),
                         LEDGER_BLOCK_ERR_MERKLE_ROOT);
    }
}

/* ---- truncation and extension ---- */

static void test_truncated(void **state)
{
    static const struct {
        size_t end;
        int err;
    } header[] = {
        { 4, LEDGER_BLOCK_ERR_TRUNC_VERSION }, { 132, LEDGER_BLOCK_ERR_TRUNC_PREV },
        { 196, LEDGER_BLOCK_ERR_TRUNC_MERKLE }, { 200, LEDGER_BLOCK_ERR_TRUNC_CHANNEL },
        { 204, LEDGER_BLOCK_ERR_TRUNC_HEIGHT }, { 208, LEDGER_BLOCK_ERR_TRUNC_BITS },
        { 216, LEDGER_BLOCK_ERR_TRUNC_NONCE }, { 224, LEDGER_BLOCK_ERR_TRUNC_TIME },
    };
    static uint8_t buf[4096];
    struct ledger_block b;
    size_t counts[8] = { 0 };
    (void)state;

    load_fixtures();
    for (size_t i = 0; i < n_fx; i++) {
        const struct fixture *f = &fx[i];
        size_t prod_start, prod_end, sys, offs, vtx;

        assert_int_equal(parse(&b, f->net, f->len), LX_OK);
        prod_start = (size_t)(b.producer.p - f->net);
        prod_end = prod_start + b.producer.len;
        sys = prod_end;
        offs = sys + 1 + b.system.len;
        vtx = offs + 1 + 4 * b.h.n_offsets;
        for (size_t cut = 0; cut < f->len; cut++) {
            size_t off = 0;
            int tx_err = 0, r = ledger_block_parse(&b, &producer, f->net, cut, &off, &tx_err);
            int want;

            if (cut < LEDGER_BLOCK_HEADER_BYTES) {
                size_t k = 0;
                while (cut >= header[k].end)
                    k++;
                want = header[k].err;
                counts[0]++;
            } else if (cut < prod_start) {
                want = LEDGER_BLOCK_ERR_TRUNC_SIG;
                counts[1]++;
            } else if (cut < prod_end) {
                want = LEDGER_BLOCK_ERR_PRODUCER;
                assert_true(off >= prod_start && off <= cut);
                counts[2]++;
            } else if (cut < offs) {
                want = LEDGER_BLOCK_ERR_TRUNC_SYSTEM;
                counts[3]++;
            } else if (cut < vtx) {
                want = LEDGER_BLOCK_ERR_TRUNC_OFFSETS;
                counts[4]++;
            } else {
                want = LEDGER_BLOCK_ERR_TRUNC_VTX;
                counts[5]++;
            }
            if (r != want)
                fail_msg("block %zu cut at %zu: got %d want %d", i, cut, r, want);
            if (r == LEDGER_BLOCK_ERR_PRODUCER)
                assert_true(tx_err <= -400 && tx_err > -450);
        }
        /* one byte more */
        memcpy(buf, f->net, f->len);
        buf[f->len] = 0;
        {
            size_t off = 0;
            assert_int_equal(ledger_block_parse(&b, &producer, buf, f->len + 1, &off, NULL),
                             LEDGER_BLOCK_ERR_TRAILING);
            assert_int_equal(off, f->len);
        }
        /* a vtx count above our bound, a non-canonical count */
        memcpy(buf, f->net, vtx);
        buf[vtx] = 0xfd;
        buf[vtx + 1] = 0x00;
        buf[vtx + 2] = 0x10;
        assert_int_equal(parse(&b, buf, vtx + 3), LEDGER_BLOCK_ERR_TOO_MANY_TX);
        buf[vtx + 1] = 0x01;
        buf[vtx + 2] = 0x00;
        assert_int_equal(parse(&b, buf, vtx + 3), LEDGER_BLOCK_ERR_COMPACT_SIZE);
        /* an empty signature */
        memcpy(buf, f->net, LEDGER_BLOCK_HEADER_BYTES);
        buf[LEDGER_BLOCK_HEADER_BYTES] = 0;
        assert_int_equal(parse(&b, buf, LEDGER_BLOCK_HEADER_BYTES + 1), LEDGER_BLOCK_ERR_SIG_SIZE);
    }
    for (size_t k = 0; k < 6; k++)
        assert_true(counts[k] > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_blocks),
        cmocka_unit_test(test_branches),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_truncated),
    };
    int r = cmocka_run_group_tests(tests, NULL, NULL);

    for (size_t i = 0; i < n_fx; i++) {
        free(fx[i].net);
        free(fx[i].preimage);
    }
    return r;
}
