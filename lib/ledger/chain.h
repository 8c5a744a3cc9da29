/*
 * Nexus signature chains (LLL-TAO 5.1.6 Transaction::Check / Connect and
 * the first-transaction rules): verify a chain given in order from its
 * first transaction, one transaction at a time or as a whole, and detect a
 * fork (two correctly signed, different transactions with the same
 * genesis and sequence).
 *
 * Rules applied to every transaction, in this order (so that the error
 * names the field a change broke, before the signature fails as well):
 *   1. it parses (tx.c) and passes ledger_tx_check_fields;
 *   2. first transaction: nSequence 0; on private/hybrid networks
 *      hashPrevTx = SK512(network name) (the empty name for -private); on
 *      mainnet/testnet at most 5 contracts;
 *      later ones: genesis unchanged, nSequence = previous + 1 (the same
 *      sequence again is checked as a fork), hashPrevTx = previous txid,
 *      nTimestamp >= previous, SK256(vchPubKey) = previous hashNext, or
 *      = previous hashRecovery when that is non-zero (recovery), and
 *      hashRecovery carried unchanged unless it was zero or recovery signs;
 *   3. the signature under the declared key type over txid.GetBytes().
 *
 * What a device cannot check on its own (the reference node can):
 *   - the first transaction's Argon2id proof of work on mainnet/testnet
 *     (Transaction::ProofHash vs FIRST_REQUIRED_WORK): lib/ has no Argon2,
 *     and it needs a 256 KiB work area this allocation-free library does
 *     not have; there is also no mainnet fixture to test it against. The
 *     work only rations genesis creation; it does not authenticate anything.
 *   - "timestamp not beyond now + MAX_UNIFIED_DRIFT" and "nVersion active
 *     for the timestamp": both need trusted network time; a device clock
 *     is not that.
 *   - that the genesis id is not already taken, that a transaction is the
 *     head of its chain, that it is in a block: these need the whole ledger
 *     (block inclusion is the block/proof code's job). Without them a chain
 *     shown to a device may be a stale prefix, or one branch of a fork that
 *     the network resolved the other way; a fork is only seen when both
 *     branches are presented.
 *   - the contracts' register pre-states against the register database
 *     (only their own consistency can be checked, in contract.c).
 *   - which first transaction is the real one for a genesis id: the node
 *     keeps the first one it saw and refuses a duplicate genesis. Nothing in
 *     the transaction binds its key to the genesis id (on private/hybrid
 *     networks the id is derived from the user name alone, and hashPrevTx is
 *     a network constant), so anyone can make a well-signed "first
 *     transaction" for any genesis id. A device must therefore trust the
 *     first transaction by other means: a pinned txid (first_txid below) or
 *     hashNext, or its inclusion in a block of a trusted producer. Also,
 *     vchPubKey and vchSig are not in the txid, so the genesis transaction
 *     can be re-signed by another key under the same txid; only its
 *     contents (including hashNext) are what the pin fixes.
 */
#ifndef LX_LEDGER_CHAIN_H
#define LX_LEDGER_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/tx.h"

#define LEDGER_FIRST_MAX_CONTRACTS 5    /* mainnet/testnet first transaction */

struct ledger_chain_config {
    enum ledger_network network;
    /* Hybrid networks: the name whose SK512 every first transaction's
     * hashPrevTx carries. Ignored for mainnet/testnet; private uses "". */
    const uint8_t *hybrid_name;
    size_t hybrid_name_len;
    /* Optional (NULL: none): the raw txid the chain's first transaction
     * must have. Nothing else binds a genesis id to a first transaction
     * (see the note below), so a device that knows it should pin it. */
    const uint8_t *first_txid;
};

/* The head of a chain verified so far, enough to check the next one and a
 * competing transaction at the head's sequence. */
struct ledger_chain_state {
    uint32_t count;                     /* transactions accepted */
    uint32_t sequence;                  /* of the head */
    uint64_t timestamp;
    uint8_t genesis[LEDGER_HASH256_BYTES];
    uint8_t hash_next[LEDGER_HASH256_BYTES];
    uint8_t hash_recovery[LEDGER_HASH256_BYTES];
    uint8_t txid[LEDGER_HASH512_BYTES];
    uint8_t next_type;
    uint8_t recovered;                  /* the head was signed by the recovery key */
    /* The head's own link, to check a competitor for the same place. */
    struct {
        uint8_t prev_tx[LEDGER_HASH512_BYTES];
        uint8_t hash_next[LEDGER_HASH256_BYTES];       /* previous transaction's */
        uint8_t hash_recovery[LEDGER_HASH256_BYTES];
        uint64_t timestamp;
    } link;
};

/* Start an empty chain. LX_OK, or LEDGER_ERR_NETWORK. */
int ledger_chain_init(struct ledger_chain_state *st, const struct ledger_chain_config *cfg);

/*
 * Check tx (already parsed) as the next transaction of st and, when it
 * passes, make it the head. A valid transaction that competes with the
 * head (same genesis and sequence, same parent, a key the parent allows,
 * a good signature, a different txid) gives LEDGER_ERR_FORK; the head
 * itself again gives LEDGER_ERR_SAME_TX. st is unchanged on error.
 */
int ledger_chain_append_tx(struct ledger_chain_state *st, const struct ledger_chain_config *cfg,
                           const struct ledger_tx *tx);

/* The same for a serialised transaction; *err_off (may be NULL) receives
 * the parser's failure offset. tx is scratch space (about 6.5 KiB). */
int ledger_chain_append(struct ledger_chain_state *st, const struct ledger_chain_config *cfg,
                        struct ledger_tx *tx, const uint8_t *buf, size_t len, size_t *err_off);

/* A whole chain from its first transaction. On error *bad_index is the
 * index of the first refused transaction and *err_off the parser offset
 * inside it (0 for rule failures); either may be NULL. head (may be NULL)
 * receives the final state. */
struct ledger_chain_report {
    size_t bad_index;
    size_t err_off;
};
int ledger_chain_verify(const struct ledger_chain_config *cfg, const struct ledger_span *txs,
                        size_t n, struct ledger_chain_state *head,
                        struct ledger_chain_report *report);

/*
 * Two serialised transactions on their own: LEDGER_ERR_FORK when both
 * parse, pass ledger_tx_check and have the same genesis and sequence but
 * different txids; LEDGER_ERR_SAME_TX when they are the same transaction;
 * LX_OK when they do not compete; else the error of the first one that is
 * not valid (*which = 0 or 1). Without the chain before them, this proves
 * equivocation only when both are signed by the key the chain committed
 * to: the caller learns that from ledger_chain_* (or compares key hashes,
 * *same_key = 1 when both SK256(vchPubKey) are equal). tx is scratch.
 */
int ledger_tx_fork(const struct ledger_chain_config *cfg, struct ledger_tx *tx,
                   const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                   int *which, int *same_key);

#endif
