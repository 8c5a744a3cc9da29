/*
 * Append-only Merkle logs, RFC 9162 section 2.1 (same hashing as RFC 6962):
 * leaf hash SHA-256(0x00 || d), node hash SHA-256(0x01 || left || right),
 * the tree head of any size, and inclusion / consistency proofs, both
 * generated (from leaf hashes fetched through a callback, O(n) time and
 * O(log n) memory) and verified with the RFC 9162 2.1.3.2 / 2.1.4.2
 * algorithms, which accept only proofs of exactly the right length.
 *
 * Hashes passed to the verifiers carry their length so that data from the
 * wire is checked here: anything but 32 bytes is MERKLE_ERR_HASH_SIZE.
 * Proofs are flat arrays of 32-byte hashes, at most MERKLE_MAX_PROOF.
 */
#ifndef LX_MERKLE_LOG_H
#define LX_MERKLE_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "merkle/merkle_err.h"

#define MERKLE_HASH_SIZE 32
#define MERKLE_MAX_PROOF 64

void merkle_leaf_hash(const void *data, size_t len, uint8_t out[MERKLE_HASH_SIZE]);
void merkle_node_hash(const uint8_t left[MERKLE_HASH_SIZE], const uint8_t right[MERKLE_HASH_SIZE],
                      uint8_t out[MERKLE_HASH_SIZE]);

/* SHA-256(0x01 || left || right) for children of any length (the RFC's
 * definition; merkle_node_hash is the 32-byte case). */
void merkle_node_hash_bytes(const void *left, size_t left_len, const void *right, size_t right_len,
                            uint8_t out[MERKLE_HASH_SIZE]);

/* Writes the leaf hash of entry i; nonzero return = MERKLE_ERR_IO. */
typedef int (*merkle_leaf_fn)(void *arg, uint64_t i, uint8_t out[MERKLE_HASH_SIZE]);

/* MTH(D[begin:end]) (RFC 9162 2.1.1); begin == end gives SHA-256(""). */
int merkle_subtree_hash(uint64_t begin, uint64_t end, merkle_leaf_fn leaf, void *arg,
                        uint8_t out[MERKLE_HASH_SIZE]);
/* The tree head (root hash) of the first size entries. */
int merkle_tree_head(uint64_t size, merkle_leaf_fn leaf, void *arg, uint8_t root[MERKLE_HASH_SIZE]);

/*
 * Inclusion proof PATH(index, D[0:size]) (RFC 9162 2.1.3.1) into proof
 * (cap hashes of room); *count receives the number of hashes.
 * MERKLE_ERR_RANGE unless index < size; LX_ERR_PARAM if cap is too small.
 */
int merkle_inclusion_proof(uint64_t index, uint64_t size, merkle_leaf_fn leaf, void *arg,
                           uint8_t *proof, size_t cap, size_t *count);

/* Consistency proof PROOF(size1, D[0:size2]) (RFC 9162 2.1.4.1);
 * MERKLE_ERR_RANGE unless 0 < size1 <= size2 (size1 == size2: empty proof). */
int merkle_consistency_proof(uint64_t size1, uint64_t size2, merkle_leaf_fn leaf, void *arg,
                             uint8_t *proof, size_t cap, size_t *count);

/*
 * RFC 9162 2.1.3.2. proof_len in bytes. LX_OK, MERKLE_ERR_RANGE
 * (index >= size), MERKLE_ERR_HASH_SIZE, MERKLE_ERR_PROOF_LENGTH (too
 * long, too short, not a multiple of 32, more than 64 hashes),
 * MERKLE_ERR_PROOF_ROOT.
 */
int merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t *leaf_hash,
                            size_t leaf_hash_len, const uint8_t *proof, size_t proof_len,
                            const uint8_t *root, size_t root_len);

/*
 * RFC 9162 2.1.4.2, with the conventions: size1 == 0 or size1 > size2 is
 * MERKLE_ERR_RANGE; size1 == size2 needs an empty proof and byte-equal
 * roots (of any length, as transparency-dev; lengths must agree);
 * size1 < size2 needs a non-empty proof of exactly the right length.
 */
int merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t *root1,
                              size_t root1_len, const uint8_t *root2, size_t root2_len,
                              const uint8_t *proof, size_t proof_len);

#endif
