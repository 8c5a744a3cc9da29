/*
 * Status codes of lib/merkle (fs-verity file trees and RFC 9162 logs),
 * range -200..-219. A hash mismatch during block verification names the
 * level in the code itself: MERKLE_ERR_MISMATCH_DATA when the data block
 * does not match its level-0 entry, MERKLE_ERR_MISMATCH_LEVEL(l) when the
 * tree block at level l (0 = the level that hashes data blocks) does not
 * match its entry in level l+1, or the root for the top level.
 */
#ifndef LX_MERKLE_MERKLE_ERR_H
#define LX_MERKLE_MERKLE_ERR_H

#include "base/status.h"

enum merkle_status {
    MERKLE_ERR_MISMATCH_DATA = -200,
    /* -201 .. -208: MERKLE_ERR_MISMATCH_LEVEL(0) .. (7) */
    MERKLE_ERR_RANGE = -209,        /* block index / leaf index / size out of range */
    MERKLE_ERR_IO = -210,           /* a caller callback reported failure */
    MERKLE_ERR_PARAMS = -211,       /* unsupported hash, block size or salt size */
    MERKLE_ERR_LENGTH = -212,       /* data length inconsistent with the file size */
    MERKLE_ERR_TOO_BIG = -213,      /* the tree would need more than 8 levels */
    MERKLE_ERR_CACHE = -214,        /* cache memory too small (fewer than 2 blocks) */
    MERKLE_ERR_PROOF_LENGTH = -215, /* proof has the wrong number of hashes */
    MERKLE_ERR_PROOF_ROOT = -216,   /* proof does not lead to the given root(s) */
    MERKLE_ERR_HASH_SIZE = -217,    /* a hash argument is not exactly 32 bytes */
    MERKLE_ERR_DIGEST = -218,       /* root hash does not give the expected file digest */
};

#define MERKLE_ERR_MISMATCH_LEVEL(l) (-201 - (int)(l))
/* Level named by a mismatch code: -1 = data block, 0..7 = tree level, -2 = not a mismatch. */
#define MERKLE_MISMATCH_LEVEL_OF(err) \
    ((err) == MERKLE_ERR_MISMATCH_DATA ? -1 : ((err) <= -201 && (err) >= -208) ? -201 - (err) : -2)

#endif
