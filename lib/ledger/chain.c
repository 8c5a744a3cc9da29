/*
 * Nexus signature-chain verification: the link rules between consecutive
 * transactions of one genesis, the first-transaction rules per network,
 * and fork detection (see chain.h for the rules and for what a device
 * cannot check on its own).
 */
#include "ledger/chain.h"

#include "base/mem.h"
#include "base/status.h"
#include "crypto/sk.h"

static bool network_known(enum ledger_network net)
{
    return ledger_user_type(net) != 0;
}

int ledger_chain_init(struct ledger_chain_state *st, const struct ledger_chain_config *cfg)
{
    if (st == NULL || cfg == NULL)
        return LX_ERR_PARAM;
    if (!network_known(cfg->network))
        return LEDGER_ERR_NETWORK;
    if (cfg->network == LEDGER_NET_HYBRID && cfg->hybrid_name == NULL && cfg->hybrid_name_len != 0)
        return LX_ERR_PARAM;
    lx_memset(st, 0, sizeof(*st));
    return LX_OK;
}

/* SK512(""), the first hashPrevTx with -private: a constant, so not worth
 * a Skein and a Keccak run per chain. The private fixture chains check it. */
static const uint8_t sk512_empty[LEDGER_HASH512_BYTES] = {
    0x3e, 0xd5, 0x80, 0x31, 0xf0, 0x22, 0x84, 0xe0, 0x92, 0x38, 0x57, 0xfd,
    0x67, 0xf9, 0x49, 0x33, 0x7a, 0x04, 0xb5, 0x8c, 0xf9, 0x43, 0xe3, 0xe3,
    0x14, 0xcf, 0x5b, 0x37, 0x82, 0x76, 0xa0, 0xe5, 0x52, 0x6e, 0x28, 0x78,
    0xcf, 0xdd, 0xe6, 0x9d, 0x81, 0x66, 0x57, 0x89, 0x1f, 0x69, 0xc5, 0x7f,
    0x27, 0x69, 0xc4, 0x74, 0x5f, 0xa6, 0x09, 0x07, 0x5a, 0x6d, 0xa1, 0x89,
    0x57, 0xc0, 0x46, 0x24,
};

/* The hashPrevTx every first transaction carries on private and hybrid
 * networks: SK512 of the hybrid network name, "" with -private. */
static void first_prev_tx(const struct ledger_chain_config *cfg, uint8_t out[64])
{
    if (cfg->network == LEDGER_NET_HYBRID && cfg->hybrid_name_len > 0)
        sk512(cfg->hybrid_name, cfg->hybrid_name_len, out);
    else
        lx_memcpy(out, sk512_empty, sizeof(sk512_empty));
}

static int check_first(const struct ledger_chain_config *cfg, const struct ledger_tx *tx,
                       const uint8_t txid[64])
{
    uint8_t want[LEDGER_HASH512_BYTES];

    if (tx->sequence != 0)
        return LEDGER_ERR_FIRST_SEQUENCE;
    if (cfg->first_txid != NULL && lx_memcmp(txid, cfg->first_txid, 64) != 0)
        return LEDGER_ERR_FIRST_TXID;
    if (cfg->network == LEDGER_NET_PRIVATE || cfg->network == LEDGER_NET_HYBRID) {
        first_prev_tx(cfg, want);
        if (lx_memcmp(tx->prev_tx, want, sizeof(want)) != 0)
            return LEDGER_ERR_FIRST_PREV_TX;
        return LX_OK;
    }
    /* Mainnet/testnet: hashPrevTx is free, the GETHASH form carries an
     * Argon2id proof of work (not checked here, see chain.h), and only the
     * default registers may be created. */
    if (tx->n_contracts > LEDGER_FIRST_MAX_CONTRACTS)
        return LEDGER_ERR_FIRST_CONTRACTS;
    return LX_OK;
}

/*
 * The key link of tx to its parent, whose hashNext/hashRecovery are given:
 * LX_OK with *recovery set, or the rule that fails. Order follows
 * Transaction::Connect.
 */
static int check_key_link(const struct ledger_tx *tx, const uint8_t parent_next[32],
                          const uint8_t parent_recovery[32], uint8_t *recovery)
{
    uint8_t key_hash[LEDGER_HASH256_BYTES];
    bool parent_has_recovery = !ledger_is_zero(parent_recovery, 32);

    ledger_tx_key_hash(tx, key_hash);
    *recovery = 0;
    if (lx_memcmp(key_hash, parent_next, 32) != 0) {
        if (!parent_has_recovery || lx_memcmp(key_hash, parent_recovery, 32) != 0)
            return LEDGER_ERR_NEXT_HASH;
        *recovery = 1;
    }
    /* Only the recovery key may replace a recovery hash once it is set. */
    if (!*recovery && parent_has_recovery &&
        lx_memcmp(tx->hash_recovery, parent_recovery, 32) != 0)
        return LEDGER_ERR_RECOVERY_CHANGED;
    return LX_OK;
}

/* A transaction with the head's sequence: the head again, a fork, or an
 * invalid competitor. */
static int check_competitor(const struct ledger_chain_state *st,
                            const struct ledger_chain_config *cfg, const struct ledger_tx *tx,
                            const uint8_t txid[64])
{
    uint8_t recovery;
    int r;

    if (lx_memcmp(txid, st->txid, 64) == 0)
        return LEDGER_ERR_SAME_TX;
    if (st->count == 1) {
        r = check_first(cfg, tx, txid);
    } else {
        if (lx_memcmp(tx->prev_tx, st->link.prev_tx, 64) != 0)
            return LEDGER_ERR_PREV_TX;
        if (tx->timestamp < st->link.timestamp)
            return LEDGER_ERR_TIMESTAMP_ORDER;
        r = check_key_link(tx, st->link.hash_next, st->link.hash_recovery, &recovery);
    }
    if (r == LX_OK)
        r = ledger_tx_verify_sig(tx, txid);
    return r == LX_OK ? LEDGER_ERR_FORK : r;
}

static void make_head(struct ledger_chain_state *st, const struct ledger_tx *tx,
                      const uint8_t txid[64], uint8_t recovery)
{
    /* The head's parent link, kept for checking competitors. */
    lx_memcpy(st->link.prev_tx, tx->prev_tx, 64);
    lx_memcpy(st->link.hash_next, st->hash_next, 32);
    lx_memcpy(st->link.hash_recovery, st->hash_recovery, 32);
    st->link.timestamp = st->timestamp;

    st->count++;
    st->sequence = tx->sequence;
    st->timestamp = tx->timestamp;
    lx_memcpy(st->genesis, tx->genesis, 32);
    lx_memcpy(st->hash_next, tx->hash_next, 32);
    lx_memcpy(st->hash_recovery, tx->hash_recovery, 32);
    lx_memcpy(st->txid, txid, 64);
    st->next_type = tx->next_type;
    st->recovered = recovery;
}

/* ledger_chain_append_tx with tx's txid given. */
static int append_with_txid(struct ledger_chain_state *st, const struct ledger_chain_config *cfg,
                            const struct ledger_tx *tx, const uint8_t txid[64])
{
    uint8_t recovery = 0;
    int r;

    if (st->count == 0) {
        r = check_first(cfg, tx, txid);
    } else {
        if (lx_memcmp(tx->genesis, st->genesis, 32) != 0)
            return LEDGER_ERR_GENESIS_CHANGED;
        if (tx->sequence == st->sequence)
            return check_competitor(st, cfg, tx, txid);
        /* 64-bit so that a head at 2^32-1 cannot wrap to a "next" of 0 */
        if ((uint64_t)tx->sequence != (uint64_t)st->sequence + 1)
            return LEDGER_ERR_SEQUENCE;
        if (lx_memcmp(tx->prev_tx, st->txid, 64) != 0)
            return LEDGER_ERR_PREV_TX;
        if (tx->timestamp < st->timestamp)
            return LEDGER_ERR_TIMESTAMP_ORDER;
        r = check_key_link(tx, st->hash_next, st->hash_recovery, &recovery);
    }
    if (r == LX_OK)
        r = ledger_tx_verify_sig(tx, txid);
    if (r != LX_OK)
        return r;
    make_head(st, tx, txid, recovery);
    return LX_OK;
}

static int append_checks(const struct ledger_chain_state *st,
                         const struct ledger_chain_config *cfg, const struct ledger_tx *tx)
{
    if (st == NULL || cfg == NULL || tx == NULL)
        return LX_ERR_PARAM;
    if (!network_known(cfg->network))
        return LEDGER_ERR_NETWORK;
    return ledger_tx_check_fields(tx, cfg->network);
}

int ledger_chain_append_tx(struct ledger_chain_state *st, const struct ledger_chain_config *cfg,
                           const struct ledger_tx *tx)
{
    uint8_t txid[LEDGER_HASH512_BYTES];
    int r = append_checks(st, cfg, tx);

    if (r != LX_OK)
        return r;
    ledger_tx_txid(tx, txid);
    return append_with_txid(st, cfg, tx, txid);
}

int ledger_chain_append(struct ledger_chain_state *st, const struct ledger_chain_config *cfg,
                        struct ledger_tx *tx, const uint8_t *buf, size_t len, size_t *err_off)
{
    uint8_t txid[LEDGER_HASH512_BYTES];
    int r;

    if (err_off != NULL)
        *err_off = 0;
    if (st == NULL || cfg == NULL || tx == NULL)
        return LX_ERR_PARAM;
    r = ledger_tx_parse(tx, buf, len, err_off);
    if (r == LX_OK)
        r = append_checks(st, cfg, tx);
    if (r != LX_OK)
        return r;
    ledger_tx_txid_parsed(tx, buf, txid);
    return append_with_txid(st, cfg, tx, txid);
}

int ledger_chain_verify(const struct ledger_chain_config *cfg, const struct ledger_span *txs,
                        size_t n, struct ledger_chain_state *head,
                        struct ledger_chain_report *report)
{
    struct ledger_chain_state st;
    struct ledger_tx tx;
    size_t off = 0;
    int r;

    if (report != NULL) {
        report->bad_index = 0;
        report->err_off = 0;
    }
    if (cfg == NULL || (txs == NULL && n != 0))
        return LX_ERR_PARAM;
    r = ledger_chain_init(&st, cfg);
    if (r != LX_OK)
        return r;
    if (n == 0)
        return LEDGER_ERR_CHAIN_EMPTY;
    for (size_t i = 0; i < n; i++) {
        r = ledger_chain_append(&st, cfg, &tx, txs[i].p, txs[i].len, &off);
        if (r != LX_OK) {
            if (report != NULL) {
                report->bad_index = i;
                report->err_off = off;
            }
            return r;
        }
    }
    if (head != NULL)
        *head = st;
    return LX_OK;
}

/* Parse and check one transaction of a pair; record what the pair test
 * needs. */
struct fork_side {
    uint8_t txid[LEDGER_HASH512_BYTES];
    uint8_t genesis[LEDGER_HASH256_BYTES];
    uint8_t key_hash[LEDGER_HASH256_BYTES];
    uint32_t sequence;
};

static int fork_side(const struct ledger_chain_config *cfg, struct ledger_tx *tx,
                     const uint8_t *buf, size_t len, struct fork_side *out)
{
    int r = ledger_tx_parse(tx, buf, len, NULL);

    if (r != LX_OK)
        return r;
    ledger_tx_txid(tx, out->txid);
    r = ledger_tx_check(tx, cfg->network, out->txid);
    if (r != LX_OK)
        return r;
    lx_memcpy(out->genesis, tx->genesis, 32);
    ledger_tx_key_hash(tx, out->key_hash);
    out->sequence = tx->sequence;
    return LX_OK;
}

int ledger_tx_fork(const struct ledger_chain_config *cfg, struct ledger_tx *tx,
                   const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len,
                   int *which, int *same_key)
{
    struct fork_side sa, sb;
    int r;

    if (which != NULL)
        *which = 0;
    if (same_key != NULL)
        *same_key = 0;
    if (cfg == NULL || tx == NULL)
        return LX_ERR_PARAM;
    if (!network_known(cfg->network))
        return LEDGER_ERR_NETWORK;
    r = fork_side(cfg, tx, a, a_len, &sa);
    if (r != LX_OK)
        return r;
    r = fork_side(cfg, tx, b, b_len, &sb);
    if (r != LX_OK) {
        if (which != NULL)
            *which = 1;
        return r;
    }
    if (same_key != NULL)
        *same_key = lx_memcmp(sa.key_hash, sb.key_hash, 32) == 0;
    if (lx_memcmp(sa.genesis, sb.genesis, 32) != 0 || sa.sequence != sb.sequence)
        return LX_OK;
    if (lx_memcmp(sa.txid, sb.txid, 64) == 0)
        return LEDGER_ERR_SAME_TX;
    return LEDGER_ERR_FORK;
}
