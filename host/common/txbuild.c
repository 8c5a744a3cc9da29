/* Building and signing Nexus transactions (see txbuild.h). */
#include "txbuild.h"

#include <string.h>

#include "base/status.h"
#include "crypto/sk.h"
#include "ledger/address.h"
#include "ledger/contract.h"

static const char *const crypto_fields[] = {
    "auth", "lisp", "network", "sign", "verify", "cert", "app1", "app2", "app3",
};

void txb_init(struct txb *b)
{
    memset(b, 0, sizeof(*b));
}

static size_t put_compact(uint8_t *p, uint64_t v)
{
    size_t n = ledger_compact_size(v);

    if (n == 1) {
        p[0] = (uint8_t)v;
        return 1;
    }
    p[0] = n == 3 ? 0xfd : n == 5 ? 0xfe : 0xff;
    for (size_t i = 1; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (i - 1)));
    return n;
}

static void put_u64le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Room in the store, or NULL. */
static uint8_t *reserve(struct txb *b, size_t n)
{
    if (n > sizeof(b->store) - b->used)
        return NULL;
    uint8_t *p = b->store + b->used;
    b->used += n;
    return p;
}

/* Adds a contract from its operation stream and post-state; the register
 * stream gets [PRESTATE pre] POSTSTATE checksum. */
static int add_contract(struct txb *b, const uint8_t *ops, size_t ops_len,
                        const struct reg_state *pre, const struct reg_state *post)
{
    size_t pre_len = pre ? reg_state_size(pre, true) : 0;
    size_t regs_len = (pre ? 1 + pre_len : 0) + 1 + 8;
    uint8_t *o = reserve(b, ops_len), *r = reserve(b, regs_len);
    size_t w;

    if (b->tx.n_contracts >= TXB_MAX_CONTRACTS || o == NULL || r == NULL)
        return LX_ERR_PARAM;
    memcpy(o, ops, ops_len);
    if (pre != NULL) {
        r[0] = STATE_PRESTATE;
        if (reg_state_serialise(pre, true, r + 1, pre_len, &w) != LX_OK)
            return LX_ERR_PARAM;
    }
    r[regs_len - 9] = STATE_POSTSTATE;
    put_u64le(r + regs_len - 8, reg_state_hash(post));
    struct ledger_contract *c = &b->tx.contracts[b->tx.n_contracts++];
    c->operation = (struct ledger_span){ o, ops_len };
    c->condition = (struct ledger_span){ NULL, 0 };
    c->reg = (struct ledger_span){ r, regs_len };
    return LX_OK;
}

int txb_create(struct txb *b, const uint8_t addr[32], uint8_t reg_type, const uint8_t *data,
               size_t len)
{
    uint8_t ops[1 + 32 + 1 + 3 + REG_MAX_DATA];
    struct reg_state post = {
        .version = REG_STATE_VERSION,
        .type = reg_type,
        .created = b->tx.timestamp,
        .modified = b->tx.timestamp,
        .data = data,
        .data_len = len,
    };
    size_t n = 0;

    if (len > REG_MAX_DATA)
        return REG_ERR_DATA_SIZE;
    memcpy(post.owner, b->tx.genesis, 32);
    ops[n++] = OP_CREATE;
    memcpy(ops + n, addr, 32);
    n += 32;
    ops[n++] = reg_type;
    n += put_compact(ops + n, len);
    memcpy(ops + n, data, len);
    return add_contract(b, ops, n + len, NULL, &post);
}

int txb_write(struct txb *b, const uint8_t addr[32], const struct reg_state *pre,
              const uint8_t *data, size_t len)
{
    uint8_t ops[1 + 32 + 3 + REG_MAX_DATA];
    struct reg_state post = *pre;
    size_t n = 0;

    if (len > REG_MAX_DATA)
        return REG_ERR_DATA_SIZE;
    post.data = data;
    post.data_len = len;
    post.modified = b->tx.timestamp;
    ops[n++] = OP_WRITE;
    memcpy(ops + n, addr, 32);
    n += 32;
    n += put_compact(ops + n, len);
    memcpy(ops + n, data, len);
    return add_contract(b, ops, n + len, pre, &post);
}

/* name (CompactSize string), [0xff], type, value of `width` bytes or a
 * CompactSize string when width is 0. */
static int put_field(uint8_t *out, size_t *pos, const char *name, size_t name_len, bool mut,
                     uint8_t type, const uint8_t *value, size_t value_len, size_t width)
{
    if (*pos + 3 + name_len + 2 + 3 + value_len > REG_MAX_DATA)
        return -1;
    *pos += put_compact(out + *pos, name_len);
    memcpy(out + *pos, name, name_len);
    *pos += name_len;
    if (mut)
        out[(*pos)++] = REG_T_MUTABLE;
    out[(*pos)++] = type;
    if (width == 0)
        *pos += put_compact(out + *pos, value_len);
    if (value_len > 0)
        memcpy(out + *pos, value, value_len);
    *pos += value_len;
    return 0;
}

int txb_crypto_data(const uint8_t auth[32], const uint8_t network[32], const uint8_t sign[32],
                    uint8_t out[REG_MAX_DATA], size_t *len)
{
    static const uint8_t zero[32];
    const uint8_t *vals[] = { auth, zero, network, sign, zero, zero, zero, zero, zero };

    *len = 0;
    for (size_t i = 0; i < sizeof(crypto_fields) / sizeof(crypto_fields[0]); i++)
        if (put_field(out, len, crypto_fields[i], strlen(crypto_fields[i]), true,
                      REG_T_UINT256, vals[i], 32, 32) != 0)
            return -1;
    return 0;
}

int txb_name_data(const char *name, size_t name_len, const uint8_t target[32],
                  uint8_t out[REG_MAX_DATA], size_t *len)
{
    *len = 0;
    if (put_field(out, len, "namespace", 9, false, REG_T_STRING, NULL, 0, 0) != 0 ||
        put_field(out, len, "name", 4, false, REG_T_STRING, (const uint8_t *)name, name_len,
                  0) != 0 ||
        put_field(out, len, "address", 7, true, REG_T_UINT256, target, 32, 32) != 0)
        return -1;
    return 0;
}

size_t txb_raw_length(size_t len)
{
    return (len / 128 + 1) * 128;
}

int txb_asset_data(const uint8_t *value, size_t len, size_t pad_to, uint8_t out[REG_MAX_DATA],
                   size_t *out_len)
{
    size_t slen = pad_to > len ? pad_to : len;

    if (pad_to != 0 && len > pad_to)
        return -1;
    if (2 + ledger_compact_size(slen) + slen > REG_MAX_DATA)
        return -1;
    out[0] = TXB_ASSET_USER_TYPE & 0xff;
    out[1] = TXB_ASSET_USER_TYPE >> 8;
    size_t n = 2 + put_compact(out + 2, slen);
    memcpy(out + n, value, len);
    memset(out + n + len, 0, slen - len);
    *out_len = n + slen;
    return 0;
}

int txb_genesis(struct txb *b, const uint8_t auth_pub[CRED_BP_PUB_BYTES],
                const uint8_t network_pub[CRED_BP_PUB_BYTES],
                const uint8_t sign_pub[CRED_BP_PUB_BYTES])
{
    uint8_t auth[32], net[32], sig[32], addr[32], data[REG_MAX_DATA];
    size_t len;

    txb_key_hash(auth_pub, LEDGER_KEY_BRAINPOOL, auth);
    txb_key_hash(network_pub, LEDGER_KEY_BRAINPOOL, net);
    txb_key_hash(sign_pub, LEDGER_KEY_BRAINPOOL, sig);
    addr_from_name((const uint8_t *)"crypto", 6, b->tx.genesis, ADDR_CRYPTO, addr);
    if (txb_crypto_data(auth, net, sig, data, &len) != 0)
        return -1;
    return txb_create(b, addr, REG_OBJECT, data, len);
}

int txb_asset(struct txb *b, const uint8_t addr[32], bool readonly, const uint8_t *value,
              size_t len)
{
    uint8_t data[REG_MAX_DATA];
    size_t dlen;

    if (txb_asset_data(value, len, readonly ? 0 : txb_raw_length(len), data, &dlen) != 0)
        return -1;
    return txb_create(b, addr, readonly ? REG_READONLY : REG_RAW, data, dlen);
}

int txb_name(struct txb *b, const char *name, size_t len, const uint8_t target[32],
             uint8_t name_addr[32])
{
    uint8_t addr[32], data[REG_MAX_DATA];
    size_t dlen;

    addr_of_name(NULL, 0, (const uint8_t *)name, len, b->tx.genesis, addr);
    if (name_addr != NULL)
        memcpy(name_addr, addr, 32);
    if (txb_name_data(name, len, target, data, &dlen) != 0)
        return -1;
    return txb_create(b, addr, REG_OBJECT, data, dlen);
}

void txb_key_hash(const uint8_t pub[CRED_BP_PUB_BYTES], uint8_t key_type, uint8_t out[32])
{
    sk256(pub, CRED_BP_PUB_BYTES, out);
    out[31] = key_type;
}

int txb_sign_encode(struct txb *b, const struct cred_key *signer, const struct cred_key *next,
                    uint8_t *out, size_t cap, size_t *out_len)
{
    uint8_t txid[64], msg[64];

    sk256(next->pub, sizeof(next->pub), b->tx.hash_next);
    b->tx.key_type = LEDGER_KEY_BRAINPOOL;
    memcpy(b->pub, signer->pub, sizeof(b->pub));
    b->tx.pubkey = (struct ledger_span){ b->pub, sizeof(b->pub) };
    ledger_tx_txid(&b->tx, txid);
    ledger_tx_signed_bytes(txid, msg);
    if (cred_sign_nexus(signer->pkey, msg, b->sig) != 0)
        return -1;
    b->tx.sig = (struct ledger_span){ b->sig, sizeof(b->sig) };
    return ledger_tx_encode(&b->tx, out, cap, out_len) == LX_OK ? 0 : -1;
}

/* Replays one contract on addr into ser/st; 0 if it does not touch addr. */
static int replay(const struct ledger_tx *tx, const struct ledger_contract *lc,
                  const uint8_t addr[32], uint8_t ser[REG_MAX_STATE_SIZE], struct reg_state *st)
{
    uint8_t scratch[REG_MAX_DATA];
    struct contract c;
    struct reg_state post;
    struct contract_ctx ctx = { tx->genesis, tx->timestamp, tx->version };
    size_t len;

    if (contract_decode_exact(lc->raw.p, lc->raw.len, &c, NULL) != LX_OK)
        return -1;
    if (c.address == NULL || memcmp(c.address, addr, 32) != 0)
        return 0;
    if (contract_check_states(&c, &ctx, &post, scratch) != LX_OK)
        return -1;
    post.checksum = reg_state_hash(&post);
    if (reg_state_serialise(&post, true, ser, REG_MAX_STATE_SIZE, &len) != LX_OK ||
        reg_state_parse_exact(ser, len, st, NULL) != LX_OK)
        return -1;
    return 1;
}

int txb_register_state(const struct tx_blob *chain, size_t n, const uint8_t addr[32],
                       uint8_t ser[REG_MAX_STATE_SIZE], struct reg_state *st)
{
    struct ledger_tx tx;
    int found = 0;

    for (size_t i = 0; i < n; i++) {
        size_t skipped;
        if (txio_parse(&tx, &chain[i], &skipped, NULL) != LX_OK)
            return -1;
        for (uint32_t k = 0; k < tx.n_contracts; k++) {
            int r = replay(&tx, &tx.contracts[k], addr, ser, st);
            if (r < 0)
                return -1;
            found |= r;
        }
    }
    return found;
}
