/*
 * RFC 9162 proof verifiers on hostile input. Two halves per input:
 * (1) raw: sizes, hashes and proof bytes straight from the fuzzer, lengths
 *     included; the verifiers must return a documented code, never crash;
 * (2) a real log of up to 64 leaves with genuine inclusion and consistency
 *     proofs, then fuzz-chosen byte edits, truncation or extension of the
 *     proof: the verifier may accept only the unchanged proof.
 */
#include "fuzz_common.h"

#include "merkle/log.h"

static uint64_t fz_u64(struct fz *f)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v |= (uint64_t)fz_u8(f) << (8 * i);
    return v;
}

/* Small sizes most of the time (where the tree shapes are), any 64-bit
 * value otherwise. */
static uint64_t fz_size(struct fz *f)
{
    uint8_t k = fz_u8(f);

    if (k < 200)
        return k % 70;
    return fz_u64(f);
}

static int documented(int r)
{
    return r == LX_OK || r == MERKLE_ERR_RANGE || r == MERKLE_ERR_PROOF_LENGTH ||
           r == MERKLE_ERR_PROOF_ROOT || r == MERKLE_ERR_HASH_SIZE;
}

static void raw(struct fz *f)
{
    uint8_t a[40], b[40], proof[(MERKLE_MAX_PROOF + 2) * 32];
    uint64_t s1 = fz_size(f), s2 = fz_size(f);
    size_t la = fz_u8(f) % 40, lb = fz_u8(f) % 40, lp = fz_u16(f) % sizeof(proof);

    for (size_t i = 0; i < la; i++)
        a[i] = fz_u8(f);
    for (size_t i = 0; i < lb; i++)
        b[i] = fz_u8(f);
    for (size_t i = 0; i < lp; i++)
        proof[i] = fz_u8(f);
    fz_check(documented(merkle_verify_inclusion(s1, s2, a, la, proof, lp, b, lb)), "inclusion code");
    fz_check(documented(merkle_verify_consistency(s1, s2, a, la, b, lb, proof, lp)), "consistency code");
}

static int leaf_fn(void *arg, uint64_t i, uint8_t out[32])
{
    uint8_t d[9];

    d[0] = *(const uint8_t *)arg;
    for (int k = 0; k < 8; k++)
        d[1 + k] = (uint8_t)(i >> (8 * k));
    merkle_leaf_hash(d, sizeof(d), out);
    return 0;
}

/* Apply fuzz edits to a proof; returns its new length in bytes. */
static size_t mutate(struct fz *f, uint8_t *p, size_t len, size_t cap)
{
    unsigned edits = fz_u8(f) % 4;

    for (unsigned e = 0; e < edits; e++) {
        uint8_t op = fz_u8(f);
        if (op < 128 && len > 0) {
            p[fz_u16(f) % len] ^= (uint8_t)(fz_u8(f) | 1);
        } else if (op < 192 && len >= 32) {
            len -= 32;
        } else if (len + 32 <= cap) {
            for (int i = 0; i < 32; i++)
                p[len + i] = fz_u8(f);
            len += 32;
        }
    }
    return len;
}

static void real(struct fz *f)
{
    uint8_t seed = fz_u8(f);
    uint64_t size = 1 + fz_u8(f) % 64;
    uint64_t m = fz_u8(f) % size, s1 = 1 + fz_u8(f) % size;
    uint8_t root[32], root1[32], leaf[32];
    uint8_t good[(MERKLE_MAX_PROOF + 4) * 32], bad[sizeof(good)];
    size_t n, len;

    merkle_tree_head(size, leaf_fn, &seed, root);
    merkle_tree_head(s1, leaf_fn, &seed, root1);
    leaf_fn(&seed, m, leaf);

    fz_check(merkle_inclusion_proof(m, size, leaf_fn, &seed, good, MERKLE_MAX_PROOF, &n) == LX_OK, "gen inclusion");
    fz_check(merkle_verify_inclusion(m, size, leaf, 32, good, n * 32, root, 32) == LX_OK, "inclusion round trip");
    memcpy(bad, good, n * 32);
    len = mutate(f, bad, n * 32, sizeof(bad));
    if (merkle_verify_inclusion(m, size, leaf, 32, bad, len, root, 32) == LX_OK)
        fz_check(len == n * 32 && memcmp(bad, good, len) == 0, "accepted a changed inclusion proof");

    fz_check(merkle_consistency_proof(s1, size, leaf_fn, &seed, good, MERKLE_MAX_PROOF, &n) == LX_OK,
             "gen consistency");
    fz_check(merkle_verify_consistency(s1, size, root1, 32, root, 32, good, n * 32) == LX_OK,
             "consistency round trip");
    memcpy(bad, good, n * 32);
    len = mutate(f, bad, n * 32, sizeof(bad));
    if (merkle_verify_consistency(s1, size, root1, 32, root, 32, bad, len) == LX_OK)
        fz_check(len == n * 32 && memcmp(bad, good, len) == 0, "accepted a changed consistency proof");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };

    if (fz_u8(&f) & 1)
        raw(&f);
    else
        real(&f);
    return 0;
}
