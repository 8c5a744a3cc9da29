/*
 * Building and signing Nexus Tritium transactions on the host, in the
 * shapes the LLL-TAO 5.1.6 API makes them (compared field by field with
 * the fixture transactions of the same kind in tests/host):
 *
 *   genesis   one CREATE of the user's crypto register (object at
 *             SK256("crypto" || genesis), fields auth lisp network sign
 *             verify cert app1 app2 app3, each mutable uint256; auth,
 *             network and sign hold KeyHash = SK256(pubkey) with the type
 *             byte 0x02, Brainpool, the rest zero);
 *   asset     CREATE of a raw (0x03, address type 0xd3) or read-only (0x01,
 *             0xd1) register at a random address, data = u16 LE 3 +
 *             CompactSize string (raw: zero-padded to the next multiple of
 *             128 above its length), optionally followed by a name;
 *   name      CREATE of a name object (namespace "", name, mutable uint256
 *             address) at SK256(name || genesis), type 0xd9;
 *   write     WRITE of a raw register: the pre-state (replayed from the
 *             chain) in the register stream, the new value padded to the
 *             register's length.
 * Every contract carries the SK64 checksum of the post-state the node will
 * compute (POSTSTATE marker), an empty condition stream, and the
 * transaction is signed with a 135-byte Nexus-form ECDSA signature.
 */
#ifndef LX_HOST_TXBUILD_H
#define LX_HOST_TXBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "credentials.h"
#include "ledger/register.h"
#include "ledger/tx.h"
#include "txio.h"

#define TXB_MAX_CONTRACTS 4
#define TXB_STORE 8192
#define TXB_ENC_MAX 16384
#define TXB_ASSET_USER_TYPE 3           /* what templates/create.cpp writes */
#define TXB_NAME_MAX 128
#define TXB_TX_VERSION 4                /* nVersion of 5.1.6 transactions */

struct txb {
    struct ledger_tx tx;                /* header fields set by the caller */
    uint8_t store[TXB_STORE];           /* the contracts' streams */
    size_t used;
    uint8_t pub[CRED_BP_PUB_BYTES];
    uint8_t sig[CRED_NEXUS_SIG_BYTES];
};

void txb_init(struct txb *b);

/* A CREATE contract; the post-state's owner and times come from
 * b->tx.genesis and b->tx.timestamp, so set those first. */
int txb_create(struct txb *b, const uint8_t addr[32], uint8_t reg_type, const uint8_t *data,
               size_t len);
/* A WRITE of a raw register whose current state is pre (with checksum). */
int txb_write(struct txb *b, const uint8_t addr[32], const struct reg_state *pre,
              const uint8_t *data, size_t len);

/* The genesis contract: CREATE of the crypto register of b->tx.genesis
 * with the KeyHashes of the three Brainpool keys. */
int txb_genesis(struct txb *b, const uint8_t auth_pub[CRED_BP_PUB_BYTES],
                const uint8_t network_pub[CRED_BP_PUB_BYTES],
                const uint8_t sign_pub[CRED_BP_PUB_BYTES]);
/* CREATE of a raw (readonly false) or read-only asset at addr holding
 * value; -1 when it does not fit. */
int txb_asset(struct txb *b, const uint8_t addr[32], bool readonly, const uint8_t *value,
              size_t len);
/* CREATE of the name register for name (in the caller's namespace)
 * pointing at target; *name_addr (may be NULL) gets its address. */
int txb_name(struct txb *b, const char *name, size_t len, const uint8_t target[32],
             uint8_t name_addr[32]);

/* Register data: 0 and *len, or -1 when it does not fit REG_MAX_DATA. */
int txb_crypto_data(const uint8_t auth[32], const uint8_t network[32], const uint8_t sign[32],
                    uint8_t out[REG_MAX_DATA], size_t *len);
int txb_name_data(const char *name, size_t name_len, const uint8_t target[32],
                  uint8_t out[REG_MAX_DATA], size_t *len);
/* pad_to: the string's length (0: no padding). */
int txb_asset_data(const uint8_t *value, size_t len, size_t pad_to, uint8_t out[REG_MAX_DATA],
                   size_t *out_len);
/* The length a new raw asset's string is padded to. */
size_t txb_raw_length(size_t len);

/* KeyHash: SK256(pub) with the signature type byte set. */
void txb_key_hash(const uint8_t pub[CRED_BP_PUB_BYTES], uint8_t key_type, uint8_t out[32]);

/* Sets hashNext from next's public key, nKeyType BRAINPOOL, vchPubKey and
 * vchSig (signer over txid.GetBytes()), then encodes into out. */
int txb_sign_encode(struct txb *b, const struct cred_key *signer, const struct cred_key *next,
                    uint8_t *out, size_t cap, size_t *out_len);

/*
 * The current state of register addr as the user's own chain left it:
 * every contract touching addr replayed in order (contract_check_states).
 * 1 when found (state serialised with its checksum into ser, st pointing
 * into it), 0 when the chain never touched it, -1 when a contract on it
 * does not replay.
 */
int txb_register_state(const struct tx_blob *chain, size_t n, const uint8_t addr[32],
                       uint8_t ser[REG_MAX_STATE_SIZE], struct reg_state *st);

#endif
