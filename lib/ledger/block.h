/*
 * Nexus Tritium blocks (LLL-TAO 5.1.6 TritiumBlock, src/TAO/Ledger/types/
 * tritium.h) as a light client sees them: parse the network serialisation,
 * recompute the block hash (SK1024 of the header) and the transaction
 * Merkle root (SK512, odd level: last node paired with itself), check the
 * producer transaction and the block signature, the link to the previous
 * block, and Merkle branches that place one transaction in a block.
 *
 * Serialisation, in order (integers little-endian, hashes raw):
 *   nVersion u32 | hashPrevBlock 128 | hashMerkleRoot 64 | nChannel u32
 *   | nHeight u32 | nBits u32 | nNonce u64 | nTime u64
 *   | vchBlockSig (CompactSize + bytes) | producer (a whole transaction)
 *   | ssSystem (CompactSize + bytes) | vOffsets (CompactSize + u32s)
 *   | vtx (CompactSize + entries: type u8, txid 64 raw)
 * Block hash (version >= 5) = SK1024(the eight header fields ‖ vOffsets).
 * Merkle leaves = the vtx txids, then the producer's txid.
 * See docs/proofs.md for the checks and what they leave open.
 */
#ifndef LX_LEDGER_BLOCK_H
#define LX_LEDGER_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/tx.h"

#define LEDGER_BLOCK_HASH_BYTES 128
#define LEDGER_BLOCK_HEADER_BYTES 224   /* the eight fixed header fields */
#define LEDGER_BLOCK_MIN_VERSION 5      /* first version hashed this way */
#define LEDGER_BLOCK_MAX_OFFSETS 64     /* our bound */
#define LEDGER_BLOCK_MAX_SIG 1330       /* our bound: a FALCON signature and then some */
#define LEDGER_BLOCK_MAX_SYSTEM 1024    /* our bound on ssSystem */
#define LEDGER_BLOCK_MAX_TX 4096        /* our bound on leaves, producer included */
#define LEDGER_MERKLE_MAX_DEPTH 12      /* ceil(log2 LEDGER_BLOCK_MAX_TX) */
#define LEDGER_VTX_ENTRY_BYTES 65
#define LEDGER_VTX_LEGACY 0x00
#define LEDGER_VTX_TRITIUM 0x01

/* Block and branch errors, range -600..-639. */
enum ledger_block_status {
    LEDGER_BLOCK_ERR_TRUNC_VERSION = -600,
    LEDGER_BLOCK_ERR_TRUNC_PREV = -601,
    LEDGER_BLOCK_ERR_TRUNC_MERKLE = -602,
    LEDGER_BLOCK_ERR_TRUNC_CHANNEL = -603,
    LEDGER_BLOCK_ERR_TRUNC_HEIGHT = -604,
    LEDGER_BLOCK_ERR_TRUNC_BITS = -605,
    LEDGER_BLOCK_ERR_TRUNC_NONCE = -606,
    LEDGER_BLOCK_ERR_TRUNC_TIME = -607,
    LEDGER_BLOCK_ERR_TRUNC_SIG = -608,      /* vchBlockSig's size or bytes */
    LEDGER_BLOCK_ERR_PRODUCER = -609,       /* the producer transaction does not parse */
    LEDGER_BLOCK_ERR_TRUNC_SYSTEM = -610,
    LEDGER_BLOCK_ERR_TRUNC_OFFSETS = -611,
    LEDGER_BLOCK_ERR_TRUNC_VTX = -612,
    LEDGER_BLOCK_ERR_TRAILING = -613,
    LEDGER_BLOCK_ERR_COMPACT_SIZE = -614,   /* non-canonical or above MAX_SIZE */
    LEDGER_BLOCK_ERR_TOO_MANY_OFFSETS = -615,
    LEDGER_BLOCK_ERR_TOO_MANY_TX = -616,
    LEDGER_BLOCK_ERR_SIG_SIZE = -617,       /* vchBlockSig empty or above our bound */
    LEDGER_BLOCK_ERR_SYSTEM_SIZE = -618,
    LEDGER_BLOCK_ERR_VTX_TYPE = -619,       /* a vtx entry neither legacy nor tritium */
    LEDGER_BLOCK_ERR_VERSION = -620,        /* below LEDGER_BLOCK_MIN_VERSION */
    LEDGER_BLOCK_ERR_MERKLE_ROOT = -621,    /* leaves do not give hashMerkleRoot */
    LEDGER_BLOCK_ERR_DUP_TX = -622,         /* a txid twice among the leaves */
    LEDGER_BLOCK_ERR_PRODUCER_CONTRACT = -623, /* not exactly one AUTHORIZE contract */
    LEDGER_BLOCK_ERR_PRODUCER_AUTH = -624,  /* AUTHORIZE txid/genesis not the producer's */
    LEDGER_BLOCK_ERR_SIG_KEY = -625,        /* producer key does not decode */
    LEDGER_BLOCK_ERR_SIG_ENCODING = -626,   /* block signature not in a valid form */
    LEDGER_BLOCK_ERR_SIG_MISMATCH = -627,   /* block signature does not verify */
    LEDGER_BLOCK_ERR_HEIGHT = -628,         /* not the previous block's height + 1 */
    LEDGER_BLOCK_ERR_PREV_BLOCK = -629,     /* hashPrevBlock is not the previous block's hash */
    LEDGER_BLOCK_ERR_BRANCH_INDEX = -630,   /* leaf index not below the leaf count */
    LEDGER_BLOCK_ERR_BRANCH_LENGTH = -631,  /* not ceil(log2 n) elements */
    LEDGER_BLOCK_ERR_BRANCH_DUP = -632,     /* odd level's last node not paired with itself */
    LEDGER_BLOCK_ERR_BRANCH_ROOT = -633,    /* the branch does not reach the root */
    LEDGER_BLOCK_ERR_LEAVES = -634,         /* leaf count 0 or above LEDGER_BLOCK_MAX_TX */
};

/* The hashed part of a block. */
struct ledger_block_header {
    uint32_t version;
    uint8_t prev[LEDGER_BLOCK_HASH_BYTES];
    uint8_t merkle[LEDGER_HASH512_BYTES];
    uint32_t channel;
    uint32_t height;
    uint32_t bits;
    uint64_t nonce;
    uint64_t time;
    uint32_t n_offsets;         /* at most LEDGER_BLOCK_MAX_OFFSETS (hashed clamped) */
    const uint8_t *offsets;     /* n_offsets u32 LE, in the caller's buffer */
};

struct ledger_block {
    struct ledger_block_header h;
    struct ledger_span sig;
    struct ledger_span producer;        /* the producer transaction's bytes */
    struct ledger_span system;          /* ssSystem */
    uint32_t n_vtx;
    const uint8_t *vtx;                 /* n_vtx entries of LEDGER_VTX_ENTRY_BYTES */
};

/* The eight fixed fields from exactly LEDGER_BLOCK_HEADER_BYTES bytes
 * (offsets left empty), and back. */
void ledger_block_header_read(struct ledger_block_header *h,
                              const uint8_t in[LEDGER_BLOCK_HEADER_BYTES]);
void ledger_block_header_write(const struct ledger_block_header *h,
                               uint8_t out[LEDGER_BLOCK_HEADER_BYTES]);

/* Parse exactly one block filling buf[0..len). LX_OK or a
 * LEDGER_BLOCK_ERR_* code with *err_off (may be NULL) the offset of the
 * failing field; for LEDGER_BLOCK_ERR_PRODUCER, *tx_err (may be NULL) is
 * the transaction parser's code and *err_off the offset inside buf where
 * it failed. The producer is only framed here: scratch receives it
 * parsed. b points into buf. */
int ledger_block_parse(struct ledger_block *b, struct ledger_tx *scratch, const uint8_t *buf,
                       size_t len, size_t *err_off, int *tx_err);

/* SK1024 of the header fields and vOffsets, raw. */
void ledger_block_hash(const struct ledger_block_header *h,
                       uint8_t out[LEDGER_BLOCK_HASH_BYTES]);

/* ceil(log2 n) (0 for n <= 1): the length of every branch in a tree of n. */
size_t ledger_merkle_depth(size_t n);

/* Root of n leaves (1..LEDGER_BLOCK_MAX_TX), the reference node's way.
 * nodes holds the leaves and is overwritten. LX_OK or
 * LEDGER_BLOCK_ERR_LEAVES. */
int ledger_merkle_root(uint8_t (*nodes)[LEDGER_HASH512_BYTES], size_t n,
                       uint8_t root[LEDGER_HASH512_BYTES]);

/* The branch of leaf `index` (ledger_merkle_depth(n) elements into branch,
 * leaf level first) and the root; nodes is overwritten. */
int ledger_merkle_branch(uint8_t (*nodes)[LEDGER_HASH512_BYTES], size_t n, size_t index,
                         uint8_t branch[][LEDGER_HASH512_BYTES], size_t cap, size_t *depth,
                         uint8_t root[LEDGER_HASH512_BYTES]);

/* Does `leaf` sit at `index` of a tree of n leaves with this root? branch
 * is depth * 64 bytes. LX_OK, or LEDGER_BLOCK_ERR_BRANCH_* / _LEAVES;
 * *bad_elem (may be NULL) gets the element at fault for _BRANCH_DUP. */
int ledger_merkle_branch_verify(const uint8_t leaf[LEDGER_HASH512_BYTES], size_t index, size_t n,
                                const uint8_t *branch, size_t depth,
                                const uint8_t root[LEDGER_HASH512_BYTES], size_t *bad_elem);

/* Producer transaction rules: ledger_tx_check (fields and signature),
 * then ledger_block_producer_shape. */
int ledger_block_check_producer(const struct ledger_tx *producer, enum ledger_network net);
/* Exactly one contract, an AUTHORIZE of its own hashPrevTx and genesis
 * (for a producer transaction already checked as part of its chain). */
int ledger_block_producer_shape(const struct ledger_tx *producer);

/* The block signature over `hash` under the producer transaction's key. */
int ledger_block_verify_sig(const uint8_t hash[LEDGER_BLOCK_HASH_BYTES],
                            const struct ledger_span *sig, const struct ledger_tx *producer);

/* Link to the previous block (NULL: none checked): height + 1 and
 * hashPrevBlock = prev_hash. */
int ledger_block_check_link(const struct ledger_block_header *h, uint32_t prev_height,
                            const uint8_t prev_hash[LEDGER_BLOCK_HASH_BYTES]);

/*
 * Everything about a parsed block: version, Merkle root over vtx and the
 * producer (no duplicate txid), producer rules, signature, and the link
 * when prev is not NULL (prev_hash its hash). producer is the parsed
 * producer (from ledger_block_parse); nodes is scratch for n_vtx + 1
 * leaves; hash (may be NULL) receives the block hash.
 */
struct ledger_block_prev {
    uint32_t height;
    uint8_t hash[LEDGER_BLOCK_HASH_BYTES];
};
int ledger_block_verify(const struct ledger_block *b, const struct ledger_tx *producer,
                        enum ledger_network net, const struct ledger_block_prev *prev,
                        uint8_t (*nodes)[LEDGER_HASH512_BYTES], size_t nodes_cap,
                        uint8_t hash[LEDGER_BLOCK_HASH_BYTES]);

#endif
