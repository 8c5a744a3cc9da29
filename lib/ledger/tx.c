/*
 * Nexus Tritium transactions: parser, serialiser, txid, signed bytes and
 * the per-transaction checks of the reference node (see tx.h for the
 * format). The parser only records where things are; it never allocates
 * and reads nothing outside [buf, buf + len).
 */
#include "ledger/tx.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"
#include "crypto/ecdsa_bp512.h"
#include "crypto/falcon.h"
#include "crypto/sk.h"

uint8_t ledger_user_type(enum ledger_network net)
{
    switch (net) {
    case LEDGER_NET_MAINNET:
        return 0xa1;
    case LEDGER_NET_TESTNET:
        return 0xb1;
    case LEDGER_NET_HYBRID:
        return 0xa7;
    case LEDGER_NET_PRIVATE:
        return 0xb7;
    }
    return 0;
}

bool ledger_is_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;

    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

/* ---- CompactSize ---- */

int ledger_compact_read(const uint8_t *buf, size_t len, size_t *pos, uint64_t *val, int trunc)
{
    size_t p = *pos, width;
    uint8_t first;
    uint64_t v, min;

    if (p >= len)
        return trunc;
    first = buf[p];
    switch (first) {
    case 0xfd:
        width = 2;
        min = 0xfd;
        break;
    case 0xfe:
        width = 4;
        min = 0x10000;
        break;
    case 0xff:
        width = 8;
        min = 0x100000000ull;
        break;
    default:
        *val = first;
        *pos = p + 1;
        return LX_OK;
    }
    if (len - p - 1 < width)
        return trunc;
    if (width == 2)
        v = load_le16(buf + p + 1);
    else if (width == 4)
        v = load_le32(buf + p + 1);
    else
        v = load_le64(buf + p + 1);
    /* The node's ReadCompactSize refuses non-canonical forms; accepting
     * them would give one transaction several encodings. */
    if (v < min)
        return LEDGER_ERR_COMPACT_SIZE;
    if (v > LEDGER_MAX_SIZE)
        return LEDGER_ERR_COMPACT_SIZE_LIMIT;
    *val = v;
    *pos = p + 1 + width;
    return LX_OK;
}

size_t ledger_compact_size(uint64_t v)
{
    if (v < 0xfd)
        return 1;
    if (v <= 0xffff)
        return 3;
    if (v <= 0xffffffffu)
        return 5;
    return 9;
}

static size_t compact_write(uint8_t *out, uint64_t v)
{
    if (v < 0xfd) {
        out[0] = (uint8_t)v;
        return 1;
    }
    if (v <= 0xffff) {
        out[0] = 0xfd;
        out[1] = (uint8_t)v;
        out[2] = (uint8_t)(v >> 8);
        return 3;
    }
    if (v <= 0xffffffffu) {
        out[0] = 0xfe;
        store_le32(out + 1, (uint32_t)v);
        return 5;
    }
    out[0] = 0xff;
    store_le64(out + 1, v);
    return 9;
}

/* ---- parser ---- */

struct cursor {
    const uint8_t *buf;
    size_t len, pos;
    size_t err_off;
};

/* n fixed bytes of a field; `trunc` when they are not all there. */
static int take(struct cursor *c, size_t n, int trunc, const uint8_t **out)
{
    if (c->len - c->pos < n) {
        c->err_off = c->pos;
        return trunc;
    }
    *out = c->buf + c->pos;
    c->pos += n;
    return LX_OK;
}

/* A CompactSize-prefixed byte string. */
static int take_var(struct cursor *c, int trunc, struct ledger_span *out)
{
    size_t start = c->pos;
    uint64_t n;
    int r = ledger_compact_read(c->buf, c->len, &c->pos, &n, trunc);

    if (r != LX_OK) {
        c->err_off = start;
        return r;
    }
    if (c->len - c->pos < n) {
        c->err_off = start;
        c->pos = start;
        return trunc;
    }
    out->p = c->buf + c->pos;
    out->len = (size_t)n;
    c->pos += (size_t)n;
    return LX_OK;
}

static int parse_contracts(struct cursor *c, struct ledger_tx *tx)
{
    size_t start = c->pos;
    uint64_t count;
    int r = ledger_compact_read(c->buf, c->len, &c->pos, &count, LEDGER_ERR_TRUNC_CONTRACT_COUNT);

    if (r == LX_OK && count > LEDGER_TX_MAX_CONTRACTS)
        r = LEDGER_ERR_TOO_MANY_CONTRACTS;
    if (r != LX_OK) {
        c->err_off = start;
        return r;
    }
    tx->n_contracts = (uint32_t)count;
    lx_memset(tx->contracts, 0, count * sizeof(tx->contracts[0]));
    for (uint32_t i = 0; i < tx->n_contracts; i++) {
        struct ledger_contract *k = &tx->contracts[i];
        size_t begin = c->pos;

        r = take_var(c, LEDGER_ERR_TRUNC_OPERATION, &k->operation);
        if (r == LX_OK)
            r = take_var(c, LEDGER_ERR_TRUNC_CONDITION, &k->condition);
        if (r == LX_OK)
            r = take_var(c, LEDGER_ERR_TRUNC_REGISTER, &k->reg);
        if (r != LX_OK)
            return r;
        k->raw.p = c->buf + begin;
        k->raw.len = c->pos - begin;
    }
    return LX_OK;
}

static int parse_fixed(struct cursor *c, struct ledger_tx *tx)
{
    const uint8_t *p;
    int r;

    if ((r = take(c, 4, LEDGER_ERR_TRUNC_VERSION, &p)) != LX_OK)
        return r;
    tx->version = load_le32(p);
    if ((r = take(c, 4, LEDGER_ERR_TRUNC_SEQUENCE, &p)) != LX_OK)
        return r;
    tx->sequence = load_le32(p);
    if ((r = take(c, 8, LEDGER_ERR_TRUNC_TIMESTAMP, &p)) != LX_OK)
        return r;
    tx->timestamp = load_le64(p);
    if ((r = take(c, 32, LEDGER_ERR_TRUNC_HASH_NEXT, &p)) != LX_OK)
        return r;
    lx_memcpy(tx->hash_next, p, 32);
    if ((r = take(c, 32, LEDGER_ERR_TRUNC_HASH_RECOVERY, &p)) != LX_OK)
        return r;
    lx_memcpy(tx->hash_recovery, p, 32);
    if ((r = take(c, 32, LEDGER_ERR_TRUNC_GENESIS, &p)) != LX_OK)
        return r;
    lx_memcpy(tx->genesis, p, 32);
    if ((r = take(c, 64, LEDGER_ERR_TRUNC_PREV_TX, &p)) != LX_OK)
        return r;
    lx_memcpy(tx->prev_tx, p, 64);
    if ((r = take(c, 1, LEDGER_ERR_TRUNC_KEY_TYPE, &p)) != LX_OK)
        return r;
    tx->key_type = p[0];
    if ((r = take(c, 1, LEDGER_ERR_TRUNC_NEXT_TYPE, &p)) != LX_OK)
        return r;
    tx->next_type = p[0];
    return LX_OK;
}

int ledger_tx_parse(struct ledger_tx *tx, const uint8_t *buf, size_t len, size_t *err_off)
{
    struct cursor c = { buf, len, 0, 0 };
    int r;

    if (tx == NULL || (buf == NULL && len != 0))
        return LX_ERR_PARAM;
    /* Everything but the contract table, which is 6 KiB and costs more
     * to clear than the rest of the parse: parse_contracts clears the
     * entries it is about to use, and nothing reads past n_contracts. */
    lx_memset(tx, 0, offsetof(struct ledger_tx, contracts));
    lx_memset(&tx->version, 0, sizeof(*tx) - offsetof(struct ledger_tx, version));
    r = parse_contracts(&c, tx);
    if (r == LX_OK)
        r = parse_fixed(&c, tx);
    if (r == LX_OK) {
        tx->gethash_len = c.pos;
        r = take_var(&c, LEDGER_ERR_TRUNC_PUBKEY, &tx->pubkey);
    }
    if (r == LX_OK)
        r = take_var(&c, LEDGER_ERR_TRUNC_SIGNATURE, &tx->sig);
    if (r == LX_OK && c.pos != c.len) {
        c.err_off = c.pos;
        r = LEDGER_ERR_TRAILING;
    }
    if (err_off != NULL)
        *err_off = r == LX_OK ? 0 : c.err_off;
    return r;
}

/* ---- serialiser ---- */

static bool add_size(size_t *acc, size_t n)
{
    if (*acc > SIZE_MAX - n)
        return false;
    *acc += n;
    return true;
}

static bool add_var(size_t *acc, size_t n)
{
    return add_size(acc, ledger_compact_size(n)) && add_size(acc, n);
}

/* Size of the GETHASH form (fields 1-10). */
static size_t gethash_size(const struct ledger_tx *tx)
{
    size_t n = 0;

    if (tx->n_contracts > LEDGER_TX_MAX_CONTRACTS)
        return SIZE_MAX;
    add_size(&n, ledger_compact_size(tx->n_contracts));
    for (uint32_t i = 0; i < tx->n_contracts; i++) {
        const struct ledger_contract *k = &tx->contracts[i];

        if (!add_var(&n, k->operation.len) || !add_var(&n, k->condition.len) ||
            !add_var(&n, k->reg.len))
            return SIZE_MAX;
    }
    if (!add_size(&n, LEDGER_FIXED_BYTES))
        return SIZE_MAX;
    return n;
}

size_t ledger_tx_encoded_size(const struct ledger_tx *tx)
{
    size_t n;

    if (tx == NULL)
        return SIZE_MAX;
    n = gethash_size(tx);
    if (n == SIZE_MAX || !add_var(&n, tx->pubkey.len) || !add_var(&n, tx->sig.len))
        return SIZE_MAX;
    return n;
}

static size_t put_var(uint8_t *out, const struct ledger_span *s)
{
    size_t n = compact_write(out, s->len);

    if (s->len > 0)
        lx_memcpy(out + n, s->p, s->len);
    return n + s->len;
}

static void put_fixed(uint8_t out[LEDGER_FIXED_BYTES], const struct ledger_tx *tx)
{
    store_le32(out, tx->version);
    store_le32(out + 4, tx->sequence);
    store_le64(out + 8, tx->timestamp);
    lx_memcpy(out + 16, tx->hash_next, 32);
    lx_memcpy(out + 48, tx->hash_recovery, 32);
    lx_memcpy(out + 80, tx->genesis, 32);
    lx_memcpy(out + 112, tx->prev_tx, 64);
    out[176] = tx->key_type;
    out[177] = tx->next_type;
}

int ledger_tx_encode(const struct ledger_tx *tx, uint8_t *out, size_t cap, size_t *out_len)
{
    size_t need, pos;

    if (tx == NULL || out_len == NULL || (out == NULL && cap != 0))
        return LX_ERR_PARAM;
    need = ledger_tx_encoded_size(tx);
    if (need == SIZE_MAX)
        return LX_ERR_PARAM;
    if (need > cap)
        return LEDGER_ERR_OUT_SPACE;
    pos = compact_write(out, tx->n_contracts);
    for (uint32_t i = 0; i < tx->n_contracts; i++) {
        const struct ledger_contract *k = &tx->contracts[i];

        pos += put_var(out + pos, &k->operation);
        pos += put_var(out + pos, &k->condition);
        pos += put_var(out + pos, &k->reg);
    }
    put_fixed(out + pos, tx);
    pos += LEDGER_FIXED_BYTES;
    pos += put_var(out + pos, &tx->pubkey);
    pos += put_var(out + pos, &tx->sig);
    *out_len = pos;
    return LX_OK;
}

/* ---- hashes ---- */

static void hash_var(struct sk_ctx *h, const struct ledger_span *s)
{
    uint8_t pre[9];

    sk_update(h, pre, compact_write(pre, s->len));
    if (s->len > 0)
        sk_update(h, s->p, s->len);
}

void ledger_tx_txid(const struct ledger_tx *tx, uint8_t txid[LEDGER_HASH512_BYTES])
{
    struct sk_ctx h;
    uint8_t buf[LEDGER_FIXED_BYTES];
    uint32_t n = tx->n_contracts;

    /* Callers building a struct by hand get the bound clamped, never an
     * out-of-range read. */
    if (n > LEDGER_TX_MAX_CONTRACTS)
        n = LEDGER_TX_MAX_CONTRACTS;
    sk_init(&h, SK512);
    sk_update(&h, buf, compact_write(buf, n));
    for (uint32_t i = 0; i < n; i++) {
        hash_var(&h, &tx->contracts[i].operation);
        hash_var(&h, &tx->contracts[i].condition);
        hash_var(&h, &tx->contracts[i].reg);
    }
    put_fixed(buf, tx);
    sk_update(&h, buf, sizeof(buf));
    sk_final(&h, txid);
    txid[LEDGER_HASH512_BYTES - 1] = LEDGER_TXID_TYPE;     /* SetType(TRITIUM) */
}

void ledger_tx_txid_parsed(const struct ledger_tx *tx, const uint8_t *buf,
                           uint8_t txid[LEDGER_HASH512_BYTES])
{
    /* The parser accepts only the shortest CompactSize forms and every
     * other field is fixed-width, so the parsed GETHASH prefix is exactly
     * what ledger_tx_txid re-encodes (the fixtures' byte-identical round
     * trip tests this); hashing it in place saves the copy. */
    sk512(buf, tx->gethash_len, txid);
    txid[LEDGER_HASH512_BYTES - 1] = LEDGER_TXID_TYPE;
}

void ledger_tx_signed_bytes(const uint8_t txid[LEDGER_HASH512_BYTES],
                            uint8_t msg[LEDGER_HASH512_BYTES])
{
    /* base_uint::GetBytes: words in memory order, each written big-endian. */
    for (size_t i = 0; i < LEDGER_HASH512_BYTES; i += 4)
        store_be32(msg + i, load_le32(txid + i));
}

void ledger_tx_key_hash(const struct ledger_tx *tx, uint8_t out[LEDGER_HASH256_BYTES])
{
    sk256(tx->pubkey.p, tx->pubkey.len, out);
}

/* ---- checks ---- */

int ledger_tx_check_fields(const struct ledger_tx *tx, enum ledger_network net)
{
    uint8_t user_type = ledger_user_type(net);

    if (tx == NULL || user_type == 0)
        return LX_ERR_PARAM;
    if (tx->n_contracts == 0)
        return LEDGER_ERR_NO_CONTRACTS;
    if (tx->n_contracts > LEDGER_TX_MAX_CONTRACTS)
        return LEDGER_ERR_TOO_MANY_CONTRACTS;
    for (uint32_t i = 0; i < tx->n_contracts; i++)
        if (tx->contracts[i].operation.len == 0)
            return LEDGER_ERR_CONTRACT_EMPTY;
    if (ledger_is_zero(tx->genesis, 32))
        return LEDGER_ERR_GENESIS_ZERO;
    if (tx->genesis[31] != user_type)
        return LEDGER_ERR_GENESIS_TYPE;
    if (ledger_is_zero(tx->hash_next, 32))
        return LEDGER_ERR_HASH_NEXT_ZERO;
    if (tx->key_type != LEDGER_KEY_FALCON && tx->key_type != LEDGER_KEY_BRAINPOOL)
        return LEDGER_ERR_KEY_TYPE;
    if (tx->sig.len == 0)
        return LEDGER_ERR_SIG_EMPTY;
    return LX_OK;
}

static bool brainpool_key_shape(const struct ledger_span *k)
{
    if (k->len == BP512_PUB_COMPRESSED_BYTES)
        return k->p[0] == 0x02 || k->p[0] == 0x03;
    if (k->len == BP512_PUB_UNCOMPRESSED_BYTES)
        return k->p[0] == 0x04;
    return false;
}

static int brainpool_status(int r)
{
    switch (r) {
    case LX_OK:
        return LX_OK;
    case LX_ERR_ECDSA_MISMATCH:
        return LEDGER_ERR_SIG_MISMATCH;
    case LX_ERR_EC_POINT_FORMAT:
    case LX_ERR_EC_POINT_RANGE:
    case LX_ERR_EC_POINT_NOT_ON_CURVE:
    case LX_ERR_EC_POINT_INFINITY:
        return LEDGER_ERR_PUBKEY;
    default:
        /* DER, range and the 135-byte rule: the signature's form */
        return LEDGER_ERR_SIG_ENCODING;
    }
}

static int falcon_status(int r)
{
    switch (r) {
    case LX_OK:
        return LX_OK;
    case FALCON_ERR_PK_LENGTH:
    case FALCON_ERR_PK_HEADER:
    case FALCON_ERR_PK_RANGE:
        return LEDGER_ERR_PUBKEY;
    case FALCON_ERR_BADSIG:
    case FALCON_ERR_HASH:
        return LEDGER_ERR_SIG_MISMATCH;
    default:
        return LEDGER_ERR_SIG_ENCODING;
    }
}

int ledger_tx_verify_sig(const struct ledger_tx *tx, const uint8_t txid[LEDGER_HASH512_BYTES])
{
    uint8_t msg[LEDGER_HASH512_BYTES];

    if (tx == NULL || txid == NULL)
        return LX_ERR_PARAM;
    if (tx->sig.len == 0)
        return LEDGER_ERR_SIG_EMPTY;
    if (tx->pubkey.len == 0)
        return LEDGER_ERR_PUBKEY;
    ledger_tx_signed_bytes(txid, msg);
    switch (tx->key_type) {
    case LEDGER_KEY_BRAINPOOL:
        /* A key that cannot be a P-512 point (e.g. a FALCON key under the
         * wrong type) names the key, before the signature form is looked at. */
        if (!brainpool_key_shape(&tx->pubkey))
            return LEDGER_ERR_PUBKEY;
        return brainpool_status(nexus_ecdsa_verify(tx->pubkey.p, tx->pubkey.len, msg, sizeof(msg),
                                                   tx->sig.p, tx->sig.len));
    case LEDGER_KEY_FALCON:
        return falcon_status(falcon512_verify_raw(tx->pubkey.p, tx->pubkey.len, tx->sig.p,
                                                  tx->sig.len, msg, sizeof(msg)));
    default:
        return LEDGER_ERR_KEY_TYPE;
    }
}

int ledger_tx_check(const struct ledger_tx *tx, enum ledger_network net,
                    const uint8_t txid[LEDGER_HASH512_BYTES])
{
    uint8_t own[LEDGER_HASH512_BYTES];
    int r = ledger_tx_check_fields(tx, net);

    if (r != LX_OK)
        return r;
    if (txid == NULL) {
        ledger_tx_txid(tx, own);
        txid = own;
    }
    return ledger_tx_verify_sig(tx, txid);
}
