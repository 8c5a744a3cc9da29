/*
 * Error codes of the Nexus transaction and signature-chain code
 * (lib/ledger/tx.c, lib/ledger/chain.c), range -400..-449. Each code names
 * one field or one rule, so a caller (and a test) can tell exactly why a
 * transaction or a chain was refused. The contract/register/address code
 * has its own header and range (-450..-499).
 */
#ifndef LX_LEDGER_ERR_H
#define LX_LEDGER_ERR_H

enum ledger_status {
    /* Encoding: the input ends inside the named field (its CompactSize
     * prefix or its bytes). */
    LEDGER_ERR_TRUNC_CONTRACT_COUNT = -400,
    LEDGER_ERR_TRUNC_OPERATION = -401,      /* a contract's operation stream */
    LEDGER_ERR_TRUNC_CONDITION = -402,      /* a contract's condition stream */
    LEDGER_ERR_TRUNC_REGISTER = -403,       /* a contract's register stream */
    LEDGER_ERR_TRUNC_VERSION = -404,
    LEDGER_ERR_TRUNC_SEQUENCE = -405,
    LEDGER_ERR_TRUNC_TIMESTAMP = -406,
    LEDGER_ERR_TRUNC_HASH_NEXT = -407,
    LEDGER_ERR_TRUNC_HASH_RECOVERY = -408,
    LEDGER_ERR_TRUNC_GENESIS = -409,
    LEDGER_ERR_TRUNC_PREV_TX = -410,
    LEDGER_ERR_TRUNC_KEY_TYPE = -411,
    LEDGER_ERR_TRUNC_NEXT_TYPE = -412,
    LEDGER_ERR_TRUNC_PUBKEY = -413,
    LEDGER_ERR_TRUNC_SIGNATURE = -414,
    LEDGER_ERR_TRAILING = -415,             /* bytes after the signature */
    LEDGER_ERR_COMPACT_SIZE = -416,         /* CompactSize not in its shortest form */
    LEDGER_ERR_COMPACT_SIZE_LIMIT = -417,   /* CompactSize above MAX_SIZE (2^25) */
    LEDGER_ERR_TOO_MANY_CONTRACTS = -418,   /* more than LEDGER_TX_MAX_CONTRACTS */
    LEDGER_ERR_OUT_SPACE = -419,            /* serialiser: output buffer too small */

    /* Per-transaction rules (Transaction::Check of the reference node). */
    LEDGER_ERR_NO_CONTRACTS = -420,         /* a transaction with no contract */
    LEDGER_ERR_CONTRACT_EMPTY = -421,       /* a contract with an empty operation stream */
    LEDGER_ERR_GENESIS_ZERO = -422,
    LEDGER_ERR_GENESIS_TYPE = -423,         /* not the network's user type byte */
    LEDGER_ERR_HASH_NEXT_ZERO = -424,
    LEDGER_ERR_KEY_TYPE = -425,             /* nKeyType neither FALCON nor BRAINPOOL */
    LEDGER_ERR_PUBKEY = -426,               /* the key does not decode for its type */
    LEDGER_ERR_SIG_EMPTY = -427,
    LEDGER_ERR_SIG_ENCODING = -428,         /* not the signature form the node accepts */
    LEDGER_ERR_SIG_MISMATCH = -429,         /* well-formed, but does not verify */

    /* Signature-chain rules (Transaction::Connect and the first-transaction
     * rules). */
    LEDGER_ERR_CHAIN_EMPTY = -430,
    LEDGER_ERR_NETWORK = -431,              /* unknown network in the chain config */
    LEDGER_ERR_FIRST_SEQUENCE = -432,       /* the chain does not start at sequence 0 */
    LEDGER_ERR_FIRST_PREV_TX = -433,        /* first hashPrevTx is not SK512(network name) */
    LEDGER_ERR_FIRST_CONTRACTS = -434,      /* mainnet/testnet: more than 5 contracts first */
    LEDGER_ERR_SEQUENCE = -435,             /* not previous + 1 */
    LEDGER_ERR_GENESIS_CHANGED = -436,
    LEDGER_ERR_TIMESTAMP_ORDER = -437,      /* earlier than the previous transaction */
    LEDGER_ERR_PREV_TX = -438,              /* hashPrevTx is not the previous txid */
    LEDGER_ERR_NEXT_HASH = -439,            /* SK256(key) matches neither hashNext nor hashRecovery */
    LEDGER_ERR_RECOVERY_CHANGED = -440,     /* hashRecovery changed outside recovery */
    LEDGER_ERR_FORK = -441,                 /* two valid transactions, same genesis and sequence */
    LEDGER_ERR_SAME_TX = -442,              /* fork check given the same transaction twice */
    LEDGER_ERR_FIRST_TXID = -443,           /* first transaction is not the pinned one */
};

#endif
