/*
 * fs-verity compatible file Merkle trees (Linux
 * Documentation/filesystems/fsverity.rst): the tree over a file's data
 * blocks, the 256-byte fsverity_descriptor and the file digest =
 * HASH(descriptor). Byte-for-byte the same as the kernel and
 * `fsverity digest [--out-merkle-tree]` for SHA-256 or SHA-512 and block
 * sizes 512..65536 (LX-OS uses SHA-256 with 4096-byte blocks).
 *
 * Tree shape. Each data block (the last one zero-padded) is hashed as
 * HASH(salt' || block), salt' = the salt zero-padded to a multiple of the
 * hash's input block size (64 bytes for SHA-256); the hashes are packed
 * into level-0 tree blocks (last block zero-padded), which are hashed the
 * same way into level 1, and so on until a level has one block; the root
 * hash is that block's hash. A one-block file has no tree (root = hash of
 * the data block); an empty file has root = all zeros. Levels are stored
 * top (root-side) level first; fsverity_tree_geometry() gives the offsets.
 *
 * Building (constant memory): fsverity_builder_init/update/final. Tree
 * bytes are produced in order within each level but the levels interleave,
 * and the stored order is top level first, so the builder hands every
 * piece of every level to an emit callback as (level, offset within that
 * level, bytes); the caller writes it at
 * geometry.level_offset[level] + offset. The geometry depends only on the
 * data size, so a caller that knows the size up front (a file being
 * packed) computes it first and writes each piece straight to its final
 * place; a caller that does not can spool each level separately and
 * concatenate them top first. Zero padding of each level's last block is
 * emitted too, so the emitted bytes cover the whole stored tree exactly.
 *
 * Verifying one block: fsverity_verifier with a caller-owned cache of
 * verified tree blocks (whole blocks, in caller-provided memory): the path
 * is checked top-down from the lowest cached (already verified) ancestor,
 * so sequential reads hash every tree block once.
 */
#ifndef LX_MERKLE_FSVERITY_H
#define LX_MERKLE_FSVERITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/sha256.h"
#include "crypto/sha512.h"
#include "merkle/merkle_err.h"

#define FSVERITY_HASH_SHA256 1
#define FSVERITY_HASH_SHA512 2
#define FSVERITY_MAX_DIGEST 64
#define FSVERITY_MAX_SALT 32
#define FSVERITY_MAX_LEVELS 8       /* as the kernel's FS_VERITY_MAX_LEVELS */
#define FSVERITY_MIN_LOG_BLOCK 9
#define FSVERITY_MAX_LOG_BLOCK 16
#define FSVERITY_DEFAULT_LOG_BLOCK 12
#define FSVERITY_DESCRIPTOR_SIZE 256
#define FSVERITY_CACHE_MAX 16       /* cache slots */

struct fsverity_params {
    uint8_t hash_alg;               /* FSVERITY_HASH_SHA256 or _SHA512 */
    uint8_t log_blocksize;          /* 9..16; 12 = 4096 */
    uint8_t salt_size;              /* 0..32 */
    uint8_t salt[FSVERITY_MAX_SALT];
};

/* SHA-256, 4096-byte blocks, the given salt (NULL/0 for none). */
int fsverity_params_default(struct fsverity_params *p, const uint8_t *salt, size_t salt_size);

struct fsverity_geometry {
    uint64_t data_size;
    uint64_t data_blocks;
    uint32_t block_size;
    uint32_t digest_size;
    unsigned log_arity;             /* log2(hashes per tree block) */
    unsigned levels;                /* 0 when data_size <= block_size */
    uint64_t level_blocks[FSVERITY_MAX_LEVELS]; /* level 0 = hashes of data blocks */
    uint64_t level_offset[FSVERITY_MAX_LEVELS]; /* byte offset in the stored tree */
    uint64_t tree_size;             /* bytes of the stored tree */
};

/* LX_OK, MERKLE_ERR_PARAMS, or MERKLE_ERR_TOO_BIG (more than 8 levels). */
int fsverity_tree_geometry(const struct fsverity_params *p, uint64_t data_size,
                           struct fsverity_geometry *g);

union fsverity_hash_ctx {
    struct sha256_ctx s256;
    struct sha512_ctx s512;
};

/* HASH state after absorbing the padded salt; every block hash starts here. */
struct fsverity_hasher {
    uint8_t alg;
    uint32_t digest_size;
    union fsverity_hash_ctx salted;
};

/* The 256-byte descriptor and the file digest HASH(descriptor). */
int fsverity_descriptor(const struct fsverity_params *p, uint64_t data_size,
                        const uint8_t *root_hash, uint8_t out[FSVERITY_DESCRIPTOR_SIZE]);
int fsverity_file_digest(const struct fsverity_params *p, uint64_t data_size,
                         const uint8_t *root_hash, uint8_t digest[FSVERITY_MAX_DIGEST]);

/* Whether root_hash (with p and data_size) gives the trusted file digest;
 * how a reader turns a signed/stored digest into a trusted root.
 * LX_OK or MERKLE_ERR_DIGEST. */
int fsverity_check_root(const struct fsverity_params *p, uint64_t data_size,
                        const uint8_t *root_hash, const uint8_t *trusted_digest);

/* ---- building ---------------------------------------------------------- */

/* Receives tree bytes: level (0 = bottom), byte offset within that level's
 * stored bytes, and the bytes. Nonzero return aborts with MERKLE_ERR_IO. */
typedef int (*fsverity_emit_fn)(void *arg, unsigned level, uint64_t offset,
                                const uint8_t *bytes, size_t len);

/* One in-progress block per stage: stage 0 = data, stage s = tree level s-1. */
struct fsverity_stage {
    union fsverity_hash_ctx ctx;
    uint32_t fill;                  /* bytes in the current block */
    uint64_t blocks_done;           /* completed blocks */
    bool held;                      /* first block's hash not yet passed up */
    uint8_t first[FSVERITY_MAX_DIGEST];
};

struct fsverity_builder {
    struct fsverity_hasher hasher;
    struct fsverity_params params;
    uint32_t block_size;
    uint64_t data_size;
    fsverity_emit_fn emit;          /* may be NULL (digest only) */
    void *emit_arg;
    int err;                        /* sticky first error */
    bool finished;
    struct fsverity_stage stage[FSVERITY_MAX_LEVELS + 1];
};

int fsverity_builder_init(struct fsverity_builder *b, const struct fsverity_params *p,
                          fsverity_emit_fn emit, void *emit_arg);
int fsverity_builder_update(struct fsverity_builder *b, const void *data, size_t len);
/* Root hash (digest_size bytes) and, if digest != NULL, the file digest. */
int fsverity_builder_final(struct fsverity_builder *b, uint8_t root[FSVERITY_MAX_DIGEST],
                           uint8_t digest[FSVERITY_MAX_DIGEST]);

/* ---- single-block verification ----------------------------------------- */

/* Reads stored tree block (level, index) — block_size bytes — into buf.
 * Nonzero return = MERKLE_ERR_IO. The contents are not trusted. */
typedef int (*fsverity_read_fn)(void *arg, unsigned level, uint64_t index, uint8_t *buf,
                                size_t block_size);

struct fsverity_cache_slot {
    uint64_t index;
    uint64_t stamp;                 /* last use, for LRU */
    uint8_t level;
    bool valid;
};

struct fsverity_verifier {
    struct fsverity_hasher hasher;
    struct fsverity_geometry geo;
    uint8_t root[FSVERITY_MAX_DIGEST];
    fsverity_read_fn read;
    void *read_arg;
    uint8_t *mem;                   /* nslots * block_size bytes, caller-owned */
    unsigned nslots;
    uint64_t clock;
    struct fsverity_cache_slot slot[FSVERITY_CACHE_MAX];
    uint64_t tree_hashes;           /* statistics: tree blocks hashed so far */
};

/*
 * root_hash must be trusted (e.g. checked through fsverity_file_digest
 * against a signed digest). cache_mem holds min(16, cache_size/block_size)
 * verified blocks; at least 2 are required when the file has a tree, and
 * levels+1 make sequential reads hash every tree block exactly once.
 */
int fsverity_verifier_init(struct fsverity_verifier *v, const struct fsverity_params *p,
                           uint64_t data_size, const uint8_t *root_hash,
                           fsverity_read_fn read, void *read_arg,
                           void *cache_mem, size_t cache_size);

/*
 * Verify data block `index`: len must be the block's length in the file
 * (block_size, or the remainder for the last block) or block_size for a
 * zero-padded last block. LX_OK, MERKLE_ERR_MISMATCH_DATA,
 * MERKLE_ERR_MISMATCH_LEVEL(l), MERKLE_ERR_RANGE, MERKLE_ERR_LENGTH,
 * MERKLE_ERR_IO.
 */
int fsverity_verify_block(struct fsverity_verifier *v, uint64_t index, const uint8_t *data,
                          size_t len);

/*
 * Verify `count` consecutive data blocks from `index`, each a whole
 * block_size bytes in data (the last block of the file zero-padded): the
 * same checks as fsverity_verify_block, with SHA-256 blocks hashed two at
 * a time (sha256_x2). *verified = how many blocks from the start passed;
 * on a failure the status is that of block index + *verified.
 */
int fsverity_verify_blocks(struct fsverity_verifier *v, uint64_t index, const uint8_t *data,
                           size_t count, size_t *verified);

/* Forget all cached blocks (e.g. after the tree storage may have changed). */
void fsverity_verifier_flush(struct fsverity_verifier *v);

#endif
