/*
 * libFuzzer target: register proofs and Tritium blocks (lib/ledger/proof.h,
 * block.h) on hostile input. A proof that decodes must re-encode to
 * exactly the input (the format has one encoding) and go through the
 * verifier, against the fixture chains' genesis ids so that seeds made from
 * the fixtures reach the replay, without a crash, out-of-bounds read or
 * hang; a verified proof must report the header's register and owner. The
 * same input is also parsed as a block (and verified when it parses), and
 * its Merkle branches checked both ways.
 *
 * Seeds: fuzz/corpus/fuzz_ledger_proof (fixture proofs from `lx proof
 * make`, with and without blocks, and fixture blocks).
 */
#include "base/status.h"
#include "ledger/block.h"
#include "ledger/proof.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lxrp_work work;
static struct ledger_tx producer;
static uint8_t out[1 << 20];
static uint8_t nodes[LEDGER_BLOCK_MAX_TX][64];

/* The fixture users (alice, bob, carol) and the block producer, raw. */
static const char *const user_hex[3] = {
    "75bfb8977c5f740a32eb05b5bb1c7dc791acb6dedec4f1316de0883e58ad9eb7",
    "19eac77fc8a37eb7acda3df3fe100ce7c363f101f44bb3bdd5c8d1a16053f8b7",
    "0afbdcbda9ede73e9058c5af5c90e762e773729275f18e4819040295feb4edb7",
};
static const char producer_hex[] =
    "419a0e4a37d864d995685468ae56955cdcbb6cd893ff4e109ed08b50144ca7b7";

static void unhex(const char *s, uint8_t *o, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        o[i] = (uint8_t)v;
    }
}

static void check_proof(const uint8_t *data, size_t size)
{
    static struct lxrp_anchor users[3], prod[1];
    static int ready;
    struct lxrp_trust t = { LEDGER_NET_PRIVATE, NULL, 0, users, 3, prod, 1, false };
    struct lxrp_result res;
    struct lxrp_report rep;
    size_t len = 0;
    int r;

    if (!ready) {
        for (int i = 0; i < 3; i++)
            unhex(user_hex[i], users[i].genesis, 32);
        unhex(producer_hex, prod[0].genesis, 32);
        ready = 1;
    }
    r = lxrp_decode(&work, data, size, &rep);
    if (r != LX_OK) {
        fz_check(rep.offset == SIZE_MAX || rep.offset <= size, "decode offset in range");
        return;
    }
    fz_check(lxrp_encoded_size(&work.p) == size, "encoded size");
    if (size <= sizeof(out)) {
        fz_check(lxrp_encode(&work.p, out, sizeof(out), &len) == LX_OK, "encode");
        fz_check(len == size && memcmp(out, data, size) == 0, "one encoding");
    }
    r = lxrp_verify(data, size, &t, &work, &res, &rep);
    if (r == LX_OK) {
        fz_check(memcmp(res.address, data + 8, 32) == 0, "result address");
        fz_check(memcmp(res.owner, data + 40, 32) == 0, "result owner");
        fz_check(res.n_steps > 0 && res.n_chains > 0, "result counts");
    }
    fz_check(lxrp_verify(data, size - 1, &t, &work, &res, &rep) != LX_OK, "shorter refused");
}

static void check_block(const uint8_t *data, size_t size)
{
    struct ledger_block b;
    size_t off = 0;
    int tx_err = 0, r = ledger_block_parse(&b, &producer, data, size, &off, &tx_err);
    uint8_t hash[LEDGER_BLOCK_HASH_BYTES];

    if (r != LX_OK) {
        fz_check(off <= size && r <= -600 && r >= -639, "block error range");
        return;
    }
    fz_check(b.producer.p >= data && b.producer.p + b.producer.len <= data + size,
             "producer inside");
    (void)ledger_block_verify(&b, &producer, LEDGER_NET_PRIVATE, NULL, nodes,
                              LEDGER_BLOCK_MAX_TX, hash);
}

/* Leaves from the input: a branch built for each must verify, and one
 * element longer must not. */
static void check_branches(const uint8_t *data, size_t size)
{
    static uint8_t leaves[64][64], br[LEDGER_MERKLE_MAX_DEPTH + 1][64];
    uint8_t root[64], root2[64];
    size_t n = size / 64, depth;

    if (n == 0)
        return;
    if (n > 64)
        n = 64;
    memcpy(leaves, data, n * 64);
    memcpy(nodes, leaves, n * 64);
    fz_check(ledger_merkle_root(nodes, n, root) == LX_OK, "root");
    for (size_t i = 0; i < n; i += 7) {
        memcpy(nodes, leaves, n * 64);
        fz_check(ledger_merkle_branch(nodes, n, i, br, LEDGER_MERKLE_MAX_DEPTH, &depth, root2) ==
                     LX_OK && memcmp(root, root2, 64) == 0, "branch root");
        fz_check(ledger_merkle_branch_verify(leaves[i], i, n, &br[0][0], depth, root, NULL) ==
                     LX_OK, "branch verifies");
        fz_check(ledger_merkle_branch_verify(leaves[i], i, n, &br[0][0], depth + 1, root, NULL) ==
                     LEDGER_BLOCK_ERR_BRANCH_LENGTH, "longer branch refused");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    check_proof(data, size);
    check_block(data, size);
    if (size <= 64 * 64)
        check_branches(data, size);
    return 0;
}
