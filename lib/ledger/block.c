/*
 * Nexus Tritium blocks: parser, block hash, transaction Merkle tree and
 * branches, producer and signature checks (see block.h). Reads nothing
 * outside the caller's buffer and allocates nothing.
 */
#include "ledger/block.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"
#include "crypto/ecdsa_bp512.h"
#include "crypto/falcon.h"
#include "crypto/sk.h"
#include "ledger/contract.h"

/* ---- header ---- */

void ledger_block_header_read(struct ledger_block_header *h,
                              const uint8_t in[LEDGER_BLOCK_HEADER_BYTES])
{
    h->version = load_le32(in);
    lx_memcpy(h->prev, in + 4, LEDGER_BLOCK_HASH_BYTES);
    lx_memcpy(h->merkle, in + 132, LEDGER_HASH512_BYTES);
    h->channel = load_le32(in + 196);
    h->height = load_le32(in + 200);
    h->bits = load_le32(in + 204);
    h->nonce = load_le64(in + 208);
    h->time = load_le64(in + 216);
    h->n_offsets = 0;
    h->offsets = NULL;
}

void ledger_block_header_write(const struct ledger_block_header *h,
                               uint8_t out[LEDGER_BLOCK_HEADER_BYTES])
{
    store_le32(out, h->version);
    lx_memcpy(out + 4, h->prev, LEDGER_BLOCK_HASH_BYTES);
    lx_memcpy(out + 132, h->merkle, LEDGER_HASH512_BYTES);
    store_le32(out + 196, h->channel);
    store_le32(out + 200, h->height);
    store_le32(out + 204, h->bits);
    store_le64(out + 208, h->nonce);
    store_le64(out + 216, h->time);
}

/* ---- parser ---- */

/* Where the truncation of each fixed header field is reported. */
static const struct {
    size_t end;
    int err;
} header_fields[] = {
    { 4, LEDGER_BLOCK_ERR_TRUNC_VERSION }, { 132, LEDGER_BLOCK_ERR_TRUNC_PREV },
    { 196, LEDGER_BLOCK_ERR_TRUNC_MERKLE }, { 200, LEDGER_BLOCK_ERR_TRUNC_CHANNEL },
    { 204, LEDGER_BLOCK_ERR_TRUNC_HEIGHT }, { 208, LEDGER_BLOCK_ERR_TRUNC_BITS },
    { 216, LEDGER_BLOCK_ERR_TRUNC_NONCE }, { 224, LEDGER_BLOCK_ERR_TRUNC_TIME },
};

static int header_trunc(size_t len, size_t *err_off)
{
    size_t start = 0;

    for (size_t i = 0; i < sizeof(header_fields) / sizeof(header_fields[0]); i++) {
        if (len < header_fields[i].end) {
            *err_off = start;
            return header_fields[i].err;
        }
        start = header_fields[i].end;
    }
    return LX_OK;
}

/* A CompactSize with the block's own error codes; the value bounded by max. */
static int read_count(const uint8_t *buf, size_t len, size_t *pos, uint64_t *v, int trunc,
                      uint64_t max, int too_many)
{
    int r = ledger_compact_read(buf, len, pos, v, trunc);

    if (r == LEDGER_ERR_COMPACT_SIZE || r == LEDGER_ERR_COMPACT_SIZE_LIMIT)
        return LEDGER_BLOCK_ERR_COMPACT_SIZE;
    if (r != LX_OK)
        return r;
    return *v > max ? too_many : LX_OK;
}

/* Step over one CompactSize-prefixed field; pos stays put on failure. */
static int skip_var(const uint8_t *buf, size_t len, size_t *pos, int trunc)
{
    size_t p = *pos;
    uint64_t n;
    int r = ledger_compact_read(buf, len, &p, &n, trunc);

    if (r != LX_OK)
        return r;
    if (len - p < n)
        return trunc;
    *pos = p + (size_t)n;
    return LX_OK;
}

/* The producer transaction sits in the middle of the block and has no
 * length prefix: measure it with the transaction's own framing, then let
 * the transaction parser check it (and name the field when it fails). */
static int measure_tx(const uint8_t *buf, size_t len, size_t *used)
{
    size_t pos = 0;
    uint64_t count;
    int r = ledger_compact_read(buf, len, &pos, &count, LEDGER_ERR_TRUNC_CONTRACT_COUNT);

    if (r == LX_OK && count > LEDGER_TX_MAX_CONTRACTS)
        r = LEDGER_ERR_TOO_MANY_CONTRACTS;
    /* three streams per contract */
    for (uint64_t i = 0; r == LX_OK && i < count * 3; i++)
        r = skip_var(buf, len, &pos, LEDGER_ERR_TRUNC_OPERATION);
    if (r == LX_OK && len - pos < LEDGER_FIXED_BYTES)
        r = LEDGER_ERR_TRUNC_VERSION;
    if (r == LX_OK)
        pos += LEDGER_FIXED_BYTES;
    /* vchPubKey, vchSig */
    for (int i = 0; r == LX_OK && i < 2; i++)
        r = skip_var(buf, len, &pos, LEDGER_ERR_TRUNC_PUBKEY);
    *used = pos;
    return r;
}

static int parse_tail(struct ledger_block *b, const uint8_t *buf, size_t len, size_t *pos)
{
    uint64_t n;
    int r;

    r = read_count(buf, len, pos, &n, LEDGER_BLOCK_ERR_TRUNC_SYSTEM, LEDGER_BLOCK_MAX_SYSTEM,
                   LEDGER_BLOCK_ERR_SYSTEM_SIZE);
    if (r != LX_OK)
        return r;
    if (len - *pos < n)
        return LEDGER_BLOCK_ERR_TRUNC_SYSTEM;
    b->system.p = buf + *pos;
    b->system.len = (size_t)n;
    *pos += (size_t)n;
    r = read_count(buf, len, pos, &n, LEDGER_BLOCK_ERR_TRUNC_OFFSETS, LEDGER_BLOCK_MAX_OFFSETS,
                   LEDGER_BLOCK_ERR_TOO_MANY_OFFSETS);
    if (r != LX_OK)
        return r;
    if (len - *pos < n * 4)
        return LEDGER_BLOCK_ERR_TRUNC_OFFSETS;
    b->h.n_offsets = (uint32_t)n;
    b->h.offsets = buf + *pos;
    *pos += (size_t)n * 4;
    r = read_count(buf, len, pos, &n, LEDGER_BLOCK_ERR_TRUNC_VTX, LEDGER_BLOCK_MAX_TX - 1,
                   LEDGER_BLOCK_ERR_TOO_MANY_TX);
    if (r != LX_OK)
        return r;
    if ((len - *pos) / LEDGER_VTX_ENTRY_BYTES < n)
        return LEDGER_BLOCK_ERR_TRUNC_VTX;
    b->n_vtx = (uint32_t)n;
    b->vtx = buf + *pos;
    for (uint32_t i = 0; i < b->n_vtx; i++) {
        uint8_t t = b->vtx[(size_t)i * LEDGER_VTX_ENTRY_BYTES];
        if (t != LEDGER_VTX_LEGACY && t != LEDGER_VTX_TRITIUM) {
            *pos += (size_t)i * LEDGER_VTX_ENTRY_BYTES;
            return LEDGER_BLOCK_ERR_VTX_TYPE;
        }
    }
    *pos += (size_t)n * LEDGER_VTX_ENTRY_BYTES;
    return LX_OK;
}

int ledger_block_parse(struct ledger_block *b, struct ledger_tx *scratch, const uint8_t *buf,
                       size_t len, size_t *err_off, int *tx_err)
{
    size_t pos = LEDGER_BLOCK_HEADER_BYTES, start, used = 0, bad = 0, dummy;
    uint64_t n;
    int r;

    if (err_off == NULL)
        err_off = &dummy;
    *err_off = 0;
    if (tx_err != NULL)
        *tx_err = LX_OK;
    if (b == NULL || scratch == NULL || (buf == NULL && len != 0))
        return LX_ERR_PARAM;
    lx_memset(b, 0, sizeof(*b));
    if ((r = header_trunc(len, err_off)) != LX_OK)
        return r;
    ledger_block_header_read(&b->h, buf);

    start = pos;
    r = read_count(buf, len, &pos, &n, LEDGER_BLOCK_ERR_TRUNC_SIG, LEDGER_BLOCK_MAX_SIG,
                   LEDGER_BLOCK_ERR_SIG_SIZE);
    if (r == LX_OK && n == 0)
        r = LEDGER_BLOCK_ERR_SIG_SIZE;
    if (r == LX_OK && len - pos < n)
        r = LEDGER_BLOCK_ERR_TRUNC_SIG;
    if (r != LX_OK) {
        *err_off = start;
        return r;
    }
    b->sig.p = buf + pos;
    b->sig.len = (size_t)n;
    pos += (size_t)n;

    start = pos;
    r = measure_tx(buf + pos, len - pos, &used);
    /* a framing failure: the parser on the rest fails at the same field */
    r = ledger_tx_parse(scratch, buf + pos, r == LX_OK ? used : len - pos, &bad);
    if (r != LX_OK) {
        if (tx_err != NULL)
            *tx_err = r;
        *err_off = start + bad;
        return LEDGER_BLOCK_ERR_PRODUCER;
    }
    b->producer.p = buf + pos;
    b->producer.len = used;
    pos += used;

    start = pos;
    r = parse_tail(b, buf, len, &pos);
    if (r != LX_OK) {
        *err_off = r == LEDGER_BLOCK_ERR_VTX_TYPE ? pos : start;
        return r;
    }
    if (pos != len) {
        *err_off = pos;
        return LEDGER_BLOCK_ERR_TRAILING;
    }
    return LX_OK;
}

/* ---- hash ---- */

void ledger_block_hash(const struct ledger_block_header *h,
                       uint8_t out[LEDGER_BLOCK_HASH_BYTES])
{
    struct sk_ctx c;
    uint8_t fixed[LEDGER_BLOCK_HEADER_BYTES];
    /* a one-byte CompactSize: the count is bounded below 0xfd */
    uint8_t count = (uint8_t)(h->n_offsets < LEDGER_BLOCK_MAX_OFFSETS ? h->n_offsets
                                                                       : LEDGER_BLOCK_MAX_OFFSETS);

    ledger_block_header_write(h, fixed);
    sk_init(&c, SK1024);
    sk_update(&c, fixed, sizeof(fixed));
    /* vOffsets as serialised: CompactSize count, then the u32s */
    sk_update(&c, &count, 1);
    if (count > 0)
        sk_update(&c, h->offsets, (size_t)count * 4);
    sk_final(&c, out);
}

/* ---- Merkle tree ---- */

size_t ledger_merkle_depth(size_t n)
{
    size_t d = 0;

    while (n > 1) {
        n = (n + 1) / 2;
        d++;
    }
    return d;
}

static void hash_pair(const uint8_t l[64], const uint8_t r[64], uint8_t out[64])
{
    struct sk_ctx c;

    sk_init(&c, SK512);
    sk_update(&c, l, 64);
    sk_update(&c, r, 64);
    sk_final(&c, out);
}

/* One level up, in place: nodes[i] = H(nodes[2i] || nodes[2i+1]), the
 * last of an odd level paired with itself. Returns the new count. */
static size_t merkle_level(uint8_t (*nodes)[64], size_t n)
{
    size_t m = 0;

    for (size_t i = 0; i < n; i += 2, m++)
        hash_pair(nodes[i], nodes[i + 1 < n ? i + 1 : i], nodes[m]);
    return m;
}

int ledger_merkle_root(uint8_t (*nodes)[LEDGER_HASH512_BYTES], size_t n,
                       uint8_t root[LEDGER_HASH512_BYTES])
{
    if (nodes == NULL || root == NULL)
        return LX_ERR_PARAM;
    if (n == 0 || n > LEDGER_BLOCK_MAX_TX)
        return LEDGER_BLOCK_ERR_LEAVES;
    while (n > 1)
        n = merkle_level(nodes, n);
    lx_memcpy(root, nodes[0], 64);
    return LX_OK;
}

int ledger_merkle_branch(uint8_t (*nodes)[LEDGER_HASH512_BYTES], size_t n, size_t index,
                         uint8_t branch[][LEDGER_HASH512_BYTES], size_t cap, size_t *depth,
                         uint8_t root[LEDGER_HASH512_BYTES])
{
    size_t d = 0;

    if (nodes == NULL || depth == NULL || root == NULL || (branch == NULL && cap != 0))
        return LX_ERR_PARAM;
    if (n == 0 || n > LEDGER_BLOCK_MAX_TX)
        return LEDGER_BLOCK_ERR_LEAVES;
    if (index >= n)
        return LEDGER_BLOCK_ERR_BRANCH_INDEX;
    if (cap < ledger_merkle_depth(n))
        return LX_ERR_PARAM;
    while (n > 1) {
        size_t sib = index ^ 1;

        lx_memcpy(branch[d++], nodes[sib < n ? sib : index], 64);
        n = merkle_level(nodes, n);
        index >>= 1;
    }
    *depth = d;
    lx_memcpy(root, nodes[0], 64);
    return LX_OK;
}

int ledger_merkle_branch_verify(const uint8_t leaf[LEDGER_HASH512_BYTES], size_t index, size_t n,
                                const uint8_t *branch, size_t depth,
                                const uint8_t root[LEDGER_HASH512_BYTES], size_t *bad_elem)
{
    uint8_t cur[64];

    if (leaf == NULL || root == NULL || (branch == NULL && depth != 0))
        return LX_ERR_PARAM;
    if (n == 0 || n > LEDGER_BLOCK_MAX_TX)
        return LEDGER_BLOCK_ERR_LEAVES;
    if (index >= n)
        return LEDGER_BLOCK_ERR_BRANCH_INDEX;
    if (depth != ledger_merkle_depth(n))
        return LEDGER_BLOCK_ERR_BRANCH_LENGTH;
    lx_memcpy(cur, leaf, 64);
    for (size_t i = 0; i < depth; i++, n = (n + 1) / 2, index >>= 1) {
        const uint8_t *sib = branch + i * 64;

        if ((index ^ 1) >= n) {
            /* the last node of an odd level is paired with itself; any
             * other element here would give a second branch for the leaf */
            if (lx_memcmp(sib, cur, 64) != 0) {
                if (bad_elem != NULL)
                    *bad_elem = i;
                return LEDGER_BLOCK_ERR_BRANCH_DUP;
            }
        }
        if (index & 1)
            hash_pair(sib, cur, cur);
        else
            hash_pair(cur, sib, cur);
    }
    return lx_memcmp(cur, root, 64) == 0 ? LX_OK : LEDGER_BLOCK_ERR_BRANCH_ROOT;
}

/* ---- producer and signature ---- */

int ledger_block_check_producer(const struct ledger_tx *producer, enum ledger_network net)
{
    int r;

    if (producer == NULL)
        return LX_ERR_PARAM;
    r = ledger_tx_check(producer, net, NULL);
    return r != LX_OK ? r : ledger_block_producer_shape(producer);
}

int ledger_block_producer_shape(const struct ledger_tx *producer)
{
    struct contract c;
    int r;

    if (producer == NULL)
        return LX_ERR_PARAM;
    if (producer->n_contracts != 1)
        return LEDGER_BLOCK_ERR_PRODUCER_CONTRACT;
    r = contract_decode_exact(producer->contracts[0].raw.p, producer->contracts[0].raw.len, &c,
                              NULL);
    if (r != LX_OK || c.op != OP_AUTHORIZE || c.conditional || c.validate)
        return LEDGER_BLOCK_ERR_PRODUCER_CONTRACT;
    /* CreateProducer authorises the producer's own previous transaction */
    if (lx_memcmp(c.txid, producer->prev_tx, 64) != 0 ||
        lx_memcmp(c.genesis, producer->genesis, 32) != 0)
        return LEDGER_BLOCK_ERR_PRODUCER_AUTH;
    return LX_OK;
}

int ledger_block_verify_sig(const uint8_t hash[LEDGER_BLOCK_HASH_BYTES],
                            const struct ledger_span *sig, const struct ledger_tx *producer)
{
    uint8_t msg[LEDGER_BLOCK_HASH_BYTES];
    int r;

    if (hash == NULL || sig == NULL || producer == NULL)
        return LX_ERR_PARAM;
    if (sig->len == 0)
        return LEDGER_BLOCK_ERR_SIG_ENCODING;
    switch (producer->key_type) {
    case LEDGER_KEY_BRAINPOOL:
        /* OpenSSL ECDSA over the 128 raw bytes: it reads the first 64 */
        r = ecdsa_bp512_verify(BP512_T1, producer->pubkey.p, producer->pubkey.len, hash,
                               LEDGER_BLOCK_HASH_BYTES, sig->p, sig->len);
        if (r == LX_OK)
            return LX_OK;
        if (r == LX_ERR_ECDSA_MISMATCH)
            return LEDGER_BLOCK_ERR_SIG_MISMATCH;
        if (r <= LX_ERR_EC_POINT_FORMAT && r >= LX_ERR_EC_POINT_INFINITY)
            return LEDGER_BLOCK_ERR_SIG_KEY;
        return LEDGER_BLOCK_ERR_SIG_ENCODING;
    case LEDGER_KEY_FALCON:
        /* GetBytes(): every 4-byte group reversed */
        for (size_t i = 0; i < sizeof(msg); i += 4)
            store_be32(msg + i, load_le32(hash + i));
        r = falcon512_verify_raw(producer->pubkey.p, producer->pubkey.len, sig->p, sig->len, msg,
                                 sizeof(msg));
        if (r == LX_OK)
            return LX_OK;
        if (r == FALCON_ERR_PK_LENGTH || r == FALCON_ERR_PK_HEADER || r == FALCON_ERR_PK_RANGE)
            return LEDGER_BLOCK_ERR_SIG_KEY;
        if (r == FALCON_ERR_BADSIG || r == FALCON_ERR_HASH)
            return LEDGER_BLOCK_ERR_SIG_MISMATCH;
        return LEDGER_BLOCK_ERR_SIG_ENCODING;
    default:
        return LEDGER_BLOCK_ERR_SIG_KEY;
    }
}

int ledger_block_check_link(const struct ledger_block_header *h, uint32_t prev_height,
                            const uint8_t prev_hash[LEDGER_BLOCK_HASH_BYTES])
{
    if (h == NULL || prev_hash == NULL)
        return LX_ERR_PARAM;
    if (prev_height == UINT32_MAX || h->height != prev_height + 1)
        return LEDGER_BLOCK_ERR_HEIGHT;
    if (lx_memcmp(h->prev, prev_hash, LEDGER_BLOCK_HASH_BYTES) != 0)
        return LEDGER_BLOCK_ERR_PREV_BLOCK;
    return LX_OK;
}

/* ---- a whole block ---- */

static int check_leaves(const struct ledger_block *b, const struct ledger_tx *producer,
                        uint8_t (*nodes)[64], size_t cap)
{
    size_t n = (size_t)b->n_vtx + 1;
    uint8_t root[64];

    if (n > cap || n > LEDGER_BLOCK_MAX_TX)
        return LEDGER_BLOCK_ERR_TOO_MANY_TX;
    for (uint32_t i = 0; i < b->n_vtx; i++)
        lx_memcpy(nodes[i], b->vtx + (size_t)i * LEDGER_VTX_ENTRY_BYTES + 1, 64);
    ledger_tx_txid(producer, nodes[n - 1]);
    /* with the odd-leaf rule a repeated last txid keeps the root: refuse
     * repeats, as the node does (CVE-2012-2459) */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (lx_memcmp(nodes[i], nodes[j], 64) == 0)
                return LEDGER_BLOCK_ERR_DUP_TX;
    ledger_merkle_root(nodes, n, root);
    return lx_memcmp(root, b->h.merkle, 64) == 0 ? LX_OK : LEDGER_BLOCK_ERR_MERKLE_ROOT;
}

int ledger_block_verify(const struct ledger_block *b, const struct ledger_tx *producer,
                        enum ledger_network net, const struct ledger_block_prev *prev,
                        uint8_t (*nodes)[LEDGER_HASH512_BYTES], size_t nodes_cap,
                        uint8_t hash[LEDGER_BLOCK_HASH_BYTES])
{
    uint8_t h[LEDGER_BLOCK_HASH_BYTES];
    int r;

    if (b == NULL || producer == NULL || nodes == NULL)
        return LX_ERR_PARAM;
    if (b->h.version < LEDGER_BLOCK_MIN_VERSION)
        return LEDGER_BLOCK_ERR_VERSION;
    if (prev != NULL && (r = ledger_block_check_link(&b->h, prev->height, prev->hash)) != LX_OK)
        return r;
    if ((r = check_leaves(b, producer, nodes, nodes_cap)) != LX_OK)
        return r;
    if ((r = ledger_block_check_producer(producer, net)) != LX_OK)
        return r;
    ledger_block_hash(&b->h, h);
    if ((r = ledger_block_verify_sig(h, &b->sig, producer)) != LX_OK)
        return r;
    if (hash != NULL)
        lx_memcpy(hash, h, sizeof(h));
    return LX_OK;
}
