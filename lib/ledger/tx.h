/*
 * Nexus Tritium transactions (LLL-TAO 5.1.6, src/TAO/Ledger/types/
 * transaction.h): parse the network serialisation into a struct that points
 * into the caller's buffer, re-encode it byte for byte, compute the txid and
 * the signed bytes, and apply the reference node's per-transaction checks
 * (Transaction::Check) including the signature.
 *
 * Serialisation, in order:
 *   contracts   CompactSize count, then per contract three streams, each
 *               CompactSize + bytes: operation, condition, register
 *   nVersion u32 LE, nSequence u32 LE, nTimestamp u64 LE
 *   hashNext 32, hashRecovery 32, hashGenesis 32, hashPrevTx 64 (raw bytes)
 *   nKeyType u8, nNextType u8
 *   vchPubKey, vchSig   CompactSize + bytes
 * The GETHASH form is everything before vchPubKey; txid = SK512 of it with
 * the top raw byte set to 0x01; the signed message is txid in GetBytes order.
 *
 * Hashes are kept as raw bytes (the little-endian memory of LLL-TAO's
 * base_uint); the node prints them byte-reversed (GetHex).
 */
#ifndef LX_LEDGER_TX_H
#define LX_LEDGER_TX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/ledger_err.h"

#define LEDGER_TX_MAX_CONTRACTS 100     /* MAX_TRANSACTION_CONTRACTS */
#define LEDGER_MAX_SIZE 0x02000000u     /* MAX_SIZE: largest CompactSize the node reads */
#define LEDGER_TXID_TYPE 0x01           /* TAO::Ledger::TRITIUM */
#define LEDGER_MSG_TX_TRITIUM 0x03      /* LLP message byte before API "raw" transactions */

#define LEDGER_HASH256_BYTES 32
#define LEDGER_HASH512_BYTES 64
#define LEDGER_FIXED_BYTES (4 + 4 + 8 + 32 + 32 + 32 + 64 + 1 + 1)

/* nKeyType / nNextType values (SIGNATURE in src/TAO/Ledger/include/enum.h). */
enum ledger_key_type {
    LEDGER_KEY_FALCON = 0x01,
    LEDGER_KEY_BRAINPOOL = 0x02,
};

/* The networks, by the user type byte their genesis ids carry. */
enum ledger_network {
    LEDGER_NET_MAINNET = 0,     /* 0xa1 */
    LEDGER_NET_TESTNET = 1,     /* 0xb1 */
    LEDGER_NET_HYBRID = 2,      /* 0xa7 */
    LEDGER_NET_PRIVATE = 3,     /* 0xb7 (-private: a hybrid with the empty name) */
};

/* A byte range inside the caller's buffer. */
struct ledger_span {
    const uint8_t *p;
    size_t len;
};

/* One contract: its three streams without their CompactSize prefixes, and
 * (set by the parser) the whole encoded contract, prefixes included, which
 * is what the contract decoder takes. */
struct ledger_contract {
    struct ledger_span raw;
    struct ledger_span operation;
    struct ledger_span condition;
    struct ledger_span reg;
};

struct ledger_tx {
    uint32_t n_contracts;
    struct ledger_contract contracts[LEDGER_TX_MAX_CONTRACTS];
    uint32_t version;
    uint32_t sequence;
    uint64_t timestamp;
    uint8_t hash_next[LEDGER_HASH256_BYTES];
    uint8_t hash_recovery[LEDGER_HASH256_BYTES];
    uint8_t genesis[LEDGER_HASH256_BYTES];
    uint8_t prev_tx[LEDGER_HASH512_BYTES];
    uint8_t key_type;
    uint8_t next_type;
    struct ledger_span pubkey;
    struct ledger_span sig;
    size_t gethash_len;         /* parser: bytes of the GETHASH form (prefix of buf) */
};

/* The user type byte of a network's genesis ids, or 0 for an unknown one. */
uint8_t ledger_user_type(enum ledger_network net);

/* Read a CompactSize at buf[*pos..len): LX_OK and *pos advanced, or
 * `trunc` when the input ends, LEDGER_ERR_COMPACT_SIZE when the value is
 * not in its shortest form, LEDGER_ERR_COMPACT_SIZE_LIMIT above MAX_SIZE. */
int ledger_compact_read(const uint8_t *buf, size_t len, size_t *pos, uint64_t *val, int trunc);
/* Bytes of the CompactSize encoding of v (1, 3, 5 or 9). */
size_t ledger_compact_size(uint64_t v);

/*
 * Parse exactly one transaction filling buf[0..len). LX_OK, or a
 * LEDGER_ERR_* code with *err_off (may be NULL) the offset where the failing
 * field starts (for LEDGER_ERR_TRAILING: the first extra byte). Pure
 * format: no rule beyond the encoding is applied here. tx points into buf.
 * Every field is set (zero when absent), except contracts[] past
 * n_contracts, which are left as they were.
 */
int ledger_tx_parse(struct ledger_tx *tx, const uint8_t *buf, size_t len, size_t *err_off);

/* Bytes ledger_tx_encode writes (SIZE_MAX if it would overflow). */
size_t ledger_tx_encoded_size(const struct ledger_tx *tx);
/* The network serialisation from the fields (contracts from their three
 * streams, canonical CompactSizes). LX_OK or LEDGER_ERR_OUT_SPACE. */
int ledger_tx_encode(const struct ledger_tx *tx, uint8_t *out, size_t cap, size_t *out_len);

/* txid in raw form: SK512(GETHASH form), top byte set to 0x01. Computed
 * from the fields, so it holds for a struct built by hand too. */
void ledger_tx_txid(const struct ledger_tx *tx, uint8_t txid[LEDGER_HASH512_BYTES]);
/* The same txid from the bytes tx was just parsed from (buf as given to
 * ledger_tx_parse, fields unchanged since): those bytes are hashed as
 * they are, without re-encoding them. */
void ledger_tx_txid_parsed(const struct ledger_tx *tx, const uint8_t *buf,
                           uint8_t txid[LEDGER_HASH512_BYTES]);
/* The 64 signed bytes: txid.GetBytes(), every 4-byte group reversed. */
void ledger_tx_signed_bytes(const uint8_t txid[LEDGER_HASH512_BYTES],
                            uint8_t msg[LEDGER_HASH512_BYTES]);
/* SK256(vchPubKey): what the previous transaction's hashNext commits to. */
void ledger_tx_key_hash(const struct ledger_tx *tx, uint8_t out[LEDGER_HASH256_BYTES]);

/*
 * The rules of Transaction::Check that need no clock and no ledger: at
 * least one contract and no empty operation stream, genesis non-zero and
 * of the network's user type, hashNext non-zero, a known key type, a
 * non-empty signature. Signature not checked here.
 */
int ledger_tx_check_fields(const struct ledger_tx *tx, enum ledger_network net);

/* The signature over txid (as computed by ledger_tx_txid) under the
 * declared key type: LX_OK, LEDGER_ERR_KEY_TYPE, LEDGER_ERR_PUBKEY,
 * LEDGER_ERR_SIG_EMPTY, LEDGER_ERR_SIG_ENCODING or LEDGER_ERR_SIG_MISMATCH. */
int ledger_tx_verify_sig(const struct ledger_tx *tx, const uint8_t txid[LEDGER_HASH512_BYTES]);

/* ledger_tx_check_fields, then ledger_tx_verify_sig; txid may be NULL
 * (then computed). */
int ledger_tx_check(const struct ledger_tx *tx, enum ledger_network net,
                    const uint8_t txid[LEDGER_HASH512_BYTES]);

/* true when all n bytes are zero (hash fields). */
bool ledger_is_zero(const uint8_t *p, size_t n);

#endif
