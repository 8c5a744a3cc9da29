/*
 * RFC 9162 Merkle logs: hashing, tree heads, proof generation and proof
 * verification (see log.h). Generation walks the RFC's recursive
 * definitions top-down with an explicit range instead of recursion, and
 * computes each subtree hash with a stack of perfect subtrees (one per
 * bit of the size), so memory stays O(log n).
 */
#include "merkle/log.h"

#include <stdbool.h>

#include "base/mem.h"
#include "crypto/sha256.h"

#define H MERKLE_HASH_SIZE

void merkle_leaf_hash(const void *data, size_t len, uint8_t out[H])
{
    struct sha256_ctx c;
    const uint8_t prefix = 0x00;

    sha256_init(&c);
    sha256_update(&c, &prefix, 1);
    sha256_update(&c, data, len);
    sha256_final(&c, out);
}

void merkle_node_hash_bytes(const void *left, size_t left_len, const void *right, size_t right_len,
                            uint8_t out[H])
{
    struct sha256_ctx c;
    const uint8_t prefix = 0x01;

    sha256_init(&c);
    sha256_update(&c, &prefix, 1);
    sha256_update(&c, left, left_len);
    sha256_update(&c, right, right_len);
    sha256_final(&c, out);
}

/* One 65-byte message: cheaper than three updates, and out may alias. */
void merkle_node_hash(const uint8_t left[H], const uint8_t right[H], uint8_t out[H])
{
    uint8_t buf[1 + 2 * H];

    buf[0] = 0x01;
    lx_memcpy(buf + 1, left, H);
    lx_memcpy(buf + 1 + H, right, H);
    sha256(buf, sizeof(buf), out);
}

/* Largest power of two strictly less than n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
    uint64_t k = 1;

    while (k < n - k)
        k <<= 1;
    return k;
}

int merkle_subtree_hash(uint64_t begin, uint64_t end, merkle_leaf_fn leaf, void *arg,
                        uint8_t out[H])
{
    /* Perfect subtrees of strictly decreasing size: at most 64 + 1. */
    uint8_t stack[65][H];
    uint64_t count[65];
    unsigned top = 0;

    if (begin > end || out == NULL || (leaf == NULL && end > begin))
        return LX_ERR_PARAM;
    if (begin == end) {
        sha256("", 0, out);
        return LX_OK;
    }
    for (uint64_t i = begin; i < end; i++) {
        if (leaf(arg, i, stack[top]) != 0)
            return MERKLE_ERR_IO;
        count[top++] = 1;
        while (top >= 2 && count[top - 2] == count[top - 1]) {
            merkle_node_hash(stack[top - 2], stack[top - 1], stack[top - 2]);
            count[top - 2] *= 2;
            top--;
        }
    }
    /* MTH splits at the largest power of two, so the decomposition folds
     * from the right. */
    while (top >= 2) {
        merkle_node_hash(stack[top - 2], stack[top - 1], stack[top - 2]);
        top--;
    }
    lx_memcpy(out, stack[0], H);
    return LX_OK;
}

int merkle_tree_head(uint64_t size, merkle_leaf_fn leaf, void *arg, uint8_t root[H])
{
    return merkle_subtree_hash(0, size, leaf, arg, root);
}

/* Reverse the order of n hashes in place: generation collects siblings
 * from the root down, proofs list them from the leaf up. */
static void reverse_hashes(uint8_t *p, size_t n)
{
    uint8_t t[H];

    for (size_t i = 0, j = n - 1; n > 0 && i < j; i++, j--) {
        lx_memcpy(t, p + i * H, H);
        lx_memcpy(p + i * H, p + j * H, H);
        lx_memcpy(p + j * H, t, H);
    }
}

int merkle_inclusion_proof(uint64_t index, uint64_t size, merkle_leaf_fn leaf, void *arg,
                           uint8_t *proof, size_t cap, size_t *count)
{
    uint64_t lo = 0, hi = size;
    size_t n = 0;
    int r;

    if (proof == NULL || count == NULL || leaf == NULL)
        return LX_ERR_PARAM;
    *count = 0;
    if (index >= size)
        return MERKLE_ERR_RANGE;
    while (hi - lo > 1) {
        uint64_t k = split_point(hi - lo);
        if (n == cap)
            return LX_ERR_PARAM;
        if (index < lo + k) {
            r = merkle_subtree_hash(lo + k, hi, leaf, arg, proof + n * H);
            hi = lo + k;
        } else {
            r = merkle_subtree_hash(lo, lo + k, leaf, arg, proof + n * H);
            lo += k;
        }
        if (r != LX_OK)
            return r;
        n++;
    }
    reverse_hashes(proof, n);
    *count = n;
    return LX_OK;
}

int merkle_consistency_proof(uint64_t size1, uint64_t size2, merkle_leaf_fn leaf, void *arg,
                             uint8_t *proof, size_t cap, size_t *count)
{
    uint64_t lo = 0, hi = size2, m = size1;
    bool whole = true;              /* the RFC's flag b: still the old tree's own root */
    size_t n = 0;
    int r;

    if (proof == NULL || count == NULL || leaf == NULL)
        return LX_ERR_PARAM;
    *count = 0;
    if (size1 == 0 || size1 > size2)
        return MERKLE_ERR_RANGE;
    while (m < hi - lo) {
        uint64_t k = split_point(hi - lo);
        if (n == cap)
            return LX_ERR_PARAM;
        if (m <= k) {
            r = merkle_subtree_hash(lo + k, hi, leaf, arg, proof + n * H);
            hi = lo + k;
        } else {
            r = merkle_subtree_hash(lo, lo + k, leaf, arg, proof + n * H);
            lo += k;
            m -= k;
            whole = false;
        }
        if (r != LX_OK)
            return r;
        n++;
    }
    /* m == hi - lo: SUBPROOF ends with [MTH(D[lo:hi])] unless b is set. */
    if (!whole) {
        if (n == cap)
            return LX_ERR_PARAM;
        if ((r = merkle_subtree_hash(lo, hi, leaf, arg, proof + n * H)) != LX_OK)
            return r;
        n++;
    }
    reverse_hashes(proof, n);
    *count = n;
    return LX_OK;
}

static bool hash_eq(const uint8_t *a, const uint8_t *b)
{
    return lx_memcmp(a, b, H) == 0;
}

static int proof_shape(const uint8_t *proof, size_t proof_len)
{
    if (proof == NULL && proof_len > 0)
        return LX_ERR_PARAM;
    if (proof_len % H != 0 || proof_len / H > MERKLE_MAX_PROOF)
        return MERKLE_ERR_PROOF_LENGTH;
    return LX_OK;
}

int merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t *leaf_hash,
                            size_t leaf_hash_len, const uint8_t *proof, size_t proof_len,
                            const uint8_t *root, size_t root_len)
{
    uint8_t r[H];
    int st;

    if ((leaf_hash == NULL && leaf_hash_len > 0) || (root == NULL && root_len > 0))
        return LX_ERR_PARAM;
    if (leaf_hash_len != H || root_len != H)
        return MERKLE_ERR_HASH_SIZE;
    if ((st = proof_shape(proof, proof_len)) != LX_OK)
        return st;
    if (index >= size)
        return MERKLE_ERR_RANGE;

    uint64_t fn = index, sn = size - 1;
    lx_memcpy(r, leaf_hash, H);
    for (size_t i = 0; i < proof_len / H; i++) {
        const uint8_t *p = proof + i * H;
        if (sn == 0)
            return MERKLE_ERR_PROOF_LENGTH;
        if ((fn & 1) || fn == sn) {
            merkle_node_hash(p, r, r);
            if (!(fn & 1)) {
                while (!(fn & 1) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            merkle_node_hash(r, p, r);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0)
        return MERKLE_ERR_PROOF_LENGTH;
    return hash_eq(r, root) ? LX_OK : MERKLE_ERR_PROOF_ROOT;
}

int merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t *root1,
                              size_t root1_len, const uint8_t *root2, size_t root2_len,
                              const uint8_t *proof, size_t proof_len)
{
    uint8_t fr[H], sr[H];
    int st;

    if ((root1 == NULL && root1_len > 0) || (root2 == NULL && root2_len > 0))
        return LX_ERR_PARAM;
    if ((st = proof_shape(proof, proof_len)) != LX_OK)
        return st;
    if (size1 == 0 || size1 > size2)
        return MERKLE_ERR_RANGE;
    /* Equal sizes: nothing to prove, the two heads must simply be the same
     * bytes (as transparency-dev, which does not look at their length). */
    if (size1 == size2) {
        if (proof_len != 0)
            return MERKLE_ERR_PROOF_LENGTH;
        if (root1_len != root2_len || lx_memcmp(root1, root2, root1_len) != 0)
            return MERKLE_ERR_PROOF_ROOT;
        return LX_OK;
    }
    if (root1_len != H || root2_len != H)
        return MERKLE_ERR_HASH_SIZE;
    if (proof_len == 0)
        return MERKLE_ERR_PROOF_LENGTH;

    /* When size1 is a power of two the old root is itself a node of the
     * new tree and the proof omits it: start from root1 instead. */
    size_t n = proof_len / H, i = 0;
    const uint8_t *start;
    if ((size1 & (size1 - 1)) == 0) {
        start = root1;
    } else {
        start = proof;
        i = 1;
    }
    uint64_t fn = size1 - 1, sn = size2 - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    lx_memcpy(fr, start, H);
    lx_memcpy(sr, start, H);
    for (; i < n; i++) {
        const uint8_t *c = proof + i * H;
        if (sn == 0)
            return MERKLE_ERR_PROOF_LENGTH;
        if ((fn & 1) || fn == sn) {
            merkle_node_hash(c, fr, fr);
            merkle_node_hash(c, sr, sr);
            if (!(fn & 1)) {
                while (!(fn & 1) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            merkle_node_hash(sr, c, sr);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0)
        return MERKLE_ERR_PROOF_LENGTH;
    if (!hash_eq(fr, root1) || !hash_eq(sr, root2))
        return MERKLE_ERR_PROOF_ROOT;
    return LX_OK;
}
