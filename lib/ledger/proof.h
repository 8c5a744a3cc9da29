/*
 * Register proofs (docs/proofs.md): a self-contained, versioned file that
 * proves "register R, owned by genesis G, holds state S" to a device that
 * trusts a set of genesis ids (and, on private/hybrid networks, block
 * producers). Decode (strict, bounded, no allocation: the decoded form
 * points into the file), encode, verify, and a builder for the host tools
 * and tests.
 *
 * File: header (magic "LXRP", version 1, network, flags, R, G, S), CHAINS
 * (signature chains from their first transaction), STEPS (R's contracts in
 * replay order), optional BLOCKS (block headers with the producer's Merkle
 * branch, then one inclusion branch per user transaction).
 */
#ifndef LX_LEDGER_PROOF_H
#define LX_LEDGER_PROOF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/block.h"
#include "ledger/chain.h"
#include "ledger/register.h"
#include "ledger/tx.h"

#define LXRP_VERSION 1
#define LXRP_FLAG_BLOCKS 0x01
#define LXRP_HEADER_BYTES 74            /* up to and including state_len */
#define LXRP_MIN_STATE (REG_HEADER_SIZE + 1 + 8)
#define LXRP_MAX_CHAINS 8
#define LXRP_MAX_CHAIN_TXS 256
#define LXRP_MAX_TXS 512                /* all chains together */
#define LXRP_MAX_TX_BYTES 65536
#define LXRP_MAX_STEPS 256
#define LXRP_MAX_BLOCKS 128

/* Proof errors, range -640..-699. Failures of an embedded transaction,
 * chain, contract, state, block or branch are passed through with their
 * own codes (ledger_err.h, register_err.h, block.h); struct lxrp_report
 * says where. */
enum lxrp_status {
    LXRP_ERR_TRUNC_HEADER = -640,       /* the file ends inside the header */
    LXRP_ERR_MAGIC = -641,
    LXRP_ERR_VERSION = -642,
    LXRP_ERR_NETWORK = -643,            /* unknown, or not the verifier's network */
    LXRP_ERR_FLAGS = -644,              /* unknown flag bits */
    LXRP_ERR_RESERVED = -645,
    LXRP_ERR_STATE_LEN = -646,          /* state_len outside its bounds */
    LXRP_ERR_TRUNC_STATE = -647,
    LXRP_ERR_CHAIN_COUNT = -648,        /* n_chains 0 or above LXRP_MAX_CHAINS */
    LXRP_ERR_TX_COUNT = -649,           /* a chain's n_txs 0, above its bound, or the total */
    LXRP_ERR_TX_LEN = -650,             /* tx_len 0 or above LXRP_MAX_TX_BYTES */
    LXRP_ERR_TRUNC_CHAINS = -651,       /* the file ends inside CHAINS */
    LXRP_ERR_STEP_COUNT = -652,
    LXRP_ERR_TRUNC_STEPS = -653,
    LXRP_ERR_STEP_REF = -654,           /* a step names no contract of the proof */
    LXRP_ERR_PRODUCER_CHAIN = -655,     /* producer_chain not a chain of the proof */
    LXRP_ERR_BLOCK_COUNT = -656,
    LXRP_ERR_TRUNC_BLOCKS = -657,       /* the file ends inside BLOCKS */
    LXRP_ERR_BLOCK_FIELD = -658,        /* n_offsets, sig_len, n_leaves or depth out of bounds */
    LXRP_ERR_PRODUCER_REF = -659,       /* producer_tx outside the chain or not increasing */
    LXRP_ERR_INCL_REF = -660,           /* inclusion: block or leaf out of range */
    LXRP_ERR_TRAILING = -661,           /* bytes after the last field */
    LXRP_ERR_UNTRUSTED = -662,          /* a chain's genesis is not a trusted user */
    LXRP_ERR_PRODUCER_UNTRUSTED = -663, /* the producer chain's genesis is not a trusted producer */
    LXRP_ERR_DUP_CHAIN = -664,          /* two chains with one genesis */
    LXRP_ERR_NO_BLOCKS = -665,          /* blocks required, none given */
    LXRP_ERR_BLOCK_ORDER = -666,        /* heights not strictly increasing */
    LXRP_ERR_TX_ORDER = -667,           /* a chain's transactions not in ledger order */
    LXRP_ERR_STEP_ADDRESS = -668,       /* a step's contract does not operate on R */
    LXRP_ERR_STEP_DUP = -669,           /* a contract named twice */
    LXRP_ERR_STEP_MISSING = -670,       /* a contract on R that no step names */
    LXRP_ERR_STEP_ORDER = -671,         /* steps not in chain or ledger order */
    LXRP_ERR_FIRST_STEP = -672,         /* the first step is not R's CREATE */
    LXRP_ERR_CREATE_AGAIN = -673,       /* a later step is a CREATE */
    LXRP_ERR_PRESTATE = -674,           /* a pre-state is not the replayed state */
    LXRP_ERR_CLAIM_REF = -675,          /* CLAIM not of the previous step's TRANSFER, or not the recipient */
    LXRP_ERR_STATE_MISMATCH = -676,     /* S is not the replayed state */
    LXRP_ERR_OWNER = -677,              /* S's owner is not G */
    LXRP_ERR_OWNER_UNTRUSTED = -678,    /* G is not a trusted user */
    LXRP_ERR_OUT_SPACE = -679,          /* encoder/builder: output or work space too small */
    LXRP_ERR_NO_HISTORY = -680,         /* builder: no contract on R in the chains */
    LXRP_ERR_BLOCK_MISSING = -681,      /* builder: a transaction in none of the blocks given */
};

/* ---- decoded form ---- */

struct lxrp_step {
    uint8_t chain;
    uint16_t tx;                /* index in the chain */
    uint8_t contract;
};

struct lxrp_block {
    struct ledger_block_header h;   /* offsets point into the file */
    struct ledger_span sig;
    uint16_t producer_tx;       /* index in the producer chain */
    uint32_t n_leaves;
    uint8_t depth;
    const uint8_t *branch;      /* depth * 64 bytes */
};

struct lxrp_incl {
    uint16_t block;
    uint32_t leaf;
    uint8_t depth;
    const uint8_t *branch;
};

struct lxrp {
    uint8_t version;
    uint8_t network;            /* enum ledger_network */
    uint8_t flags;
    uint8_t address[32];        /* R, raw */
    uint8_t owner[32];          /* G, raw */
    struct ledger_span state;   /* S, serialised with its checksum */
    uint8_t n_chains;
    uint16_t chain_len[LXRP_MAX_CHAINS];
    uint16_t chain_first[LXRP_MAX_CHAINS];  /* index of its first tx in txs[] */
    uint16_t n_txs;
    struct ledger_span txs[LXRP_MAX_TXS];   /* chain after chain */
    uint8_t tx_contracts[LXRP_MAX_TXS];     /* contract count of each */
    uint16_t n_steps;
    struct lxrp_step steps[LXRP_MAX_STEPS];
    /* BLOCKS, when flags & LXRP_FLAG_BLOCKS */
    uint8_t producer_chain;
    uint16_t n_blocks;
    struct lxrp_block blocks[LXRP_MAX_BLOCKS];
    struct lxrp_incl incl[LXRP_MAX_TXS];    /* by txs[] index; unused for the producer chain */
};

/* Where a failure was found. Indices that do not apply are SIZE_MAX. */
enum lxrp_section {
    LXRP_SEC_HEADER,
    LXRP_SEC_STATE,
    LXRP_SEC_CHAINS,
    LXRP_SEC_STEPS,
    LXRP_SEC_BLOCKS,
    LXRP_SEC_INCLUSIONS,
    LXRP_SEC_REPLAY,
    LXRP_SEC_RESULT,
};

struct lxrp_report {
    enum lxrp_section section;
    size_t chain, tx, step, block;
    size_t offset;              /* in the file, where known (else SIZE_MAX) */
    int inner;                  /* for a pass-through code: the same code */
};

/* "header", "chains", ... */
const char *lxrp_section_name(enum lxrp_section s);
/* A short description of a LXRP_ERR_* or LEDGER_BLOCK_ERR_* code, or NULL. */
const char *lxrp_strerror(int code);


/* Bytes lxrp_encode writes, and the encoding itself (LXRP_ERR_OUT_SPACE
 * when cap is too small; LX_ERR_PARAM when p breaks a bound). */
size_t lxrp_encoded_size(const struct lxrp *p);
int lxrp_encode(const struct lxrp *p, uint8_t *out, size_t cap, size_t *out_len);

/* ---- verification ---- */

struct lxrp_anchor {
    uint8_t genesis[32];        /* raw */
    bool pinned;
    uint8_t first_txid[64];     /* raw, when pinned */
};

struct lxrp_trust {
    enum ledger_network network;
    const uint8_t *hybrid_name; /* hybrid networks: see struct ledger_chain_config */
    size_t hybrid_name_len;
    const struct lxrp_anchor *users;
    size_t n_users;
    const struct lxrp_anchor *producers;
    size_t n_producers;
    bool require_blocks;
};

struct lxrp_result {
    uint8_t address[32];
    uint8_t owner[32];
    struct reg_state state;     /* S, data pointing into the file */
    size_t n_chains, n_txs, n_steps;
    uint8_t last_txid[64];      /* of the last step */
    bool blocks;
    uint32_t top_height;        /* with blocks: the highest block */
};

/* Scratch for verification and building (about 100 KiB; static or heap). */
struct lxrp_work {
    struct lxrp p;
    struct ledger_tx tx;
    uint8_t txids[LXRP_MAX_TXS][64];
    uint8_t cur[REG_MAX_STATE_SIZE];
    size_t cur_len;
    uint8_t scratch[REG_MAX_DATA];
};

/* Strict decode into w->p: every bound, every embedded transaction and S
 * parse, no trailing bytes. Semantics are not checked. w->p points into
 * buf. */
int lxrp_decode(struct lxrp_work *w, const uint8_t *buf, size_t len, struct lxrp_report *rep);

/* Decode and verify (docs/proofs.md, "Verification algorithm"). LX_OK and
 * *res filled only when everything holds; rep (may be NULL) says where a
 * failure was found. */
int lxrp_verify(const uint8_t *buf, size_t len, const struct lxrp_trust *trust,
                struct lxrp_work *w, struct lxrp_result *res, struct lxrp_report *rep);

/* ---- building (host tools, tests) ---- */

struct lxrp_build {
    enum ledger_network network;
    uint8_t address[32];
    size_t n_chains;
    const struct ledger_span *chains[LXRP_MAX_CHAINS];
    size_t chain_len[LXRP_MAX_CHAINS];
    /* Optional: whole network blocks (ledger_block_parse) and which chain
     * is the producer's; blocks holding none of the proof's transactions
     * are left out, and the producer chain is cut after the last producer
     * transaction needed. */
    const struct ledger_span *blocks;
    size_t n_blocks;
    size_t producer_chain;
    /* Storage for the branches the proof carries. */
    uint8_t *branch_buf;
    size_t branch_cap;
    /* Scratch for the Merkle trees: leaves of the largest block. */
    uint8_t (*nodes)[64];
    size_t nodes_cap;
};

/* Fill w->p with a proof of the address's state from the given chains:
 * the history (every contract on R, ordered by replaying it) and the
 * state it ends in (kept in w->cur, which w->p.state points to, so encode
 * before reusing w). The chains are verified only as far as replay needs;
 * run lxrp_verify on the encoding to check the proof. */
int lxrp_build(const struct lxrp_build *in, struct lxrp_work *w, struct lxrp_report *rep);

#endif
