/*
 * Register proofs (docs/proofs.md): strict decoder, encoder, verifier and
 * builder. The verifier uses nothing from the file before the step that
 * checks it: decode (bounds), chains (trust, signatures, linkage), blocks
 * (producer, signatures, branches), steps (completeness, order), replay
 * (contract by contract), result (S and G).
 */
#include "ledger/proof.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"
#include "ledger/contract.h"

static const uint8_t magic[4] = { 'L', 'X', 'R', 'P' };

/* ---- reports ---- */

static void rep_init(struct lxrp_report *rep)
{
    rep->section = LXRP_SEC_HEADER;
    rep->chain = rep->tx = rep->step = rep->block = SIZE_MAX;
    rep->offset = SIZE_MAX;
    rep->inner = 0;
}

static int fail(struct lxrp_report *rep, enum lxrp_section s, int code, size_t offset)
{
    rep->section = s;
    rep->offset = offset;
    rep->inner = code;
    return code;
}

const char *lxrp_section_name(enum lxrp_section s)
{
    static const char *const names[] = { "header", "state", "chains", "steps",
                                         "blocks", "inclusions", "replay", "result" };

    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

/* ---- reader ---- */

struct rd {
    const uint8_t *b;
    size_t len, pos;
};

static const uint8_t *rd_take(struct rd *r, size_t n)
{
    const uint8_t *p;

    if (r->len - r->pos < n)
        return NULL;
    p = r->b + r->pos;
    r->pos += n;
    return p;
}

static bool rd_u8(struct rd *r, uint8_t *v)
{
    const uint8_t *p = rd_take(r, 1);

    if (p != NULL)
        *v = p[0];
    return p != NULL;
}

static bool rd_u16(struct rd *r, uint16_t *v)
{
    const uint8_t *p = rd_take(r, 2);

    if (p != NULL)
        *v = load_le16(p);
    return p != NULL;
}

static bool rd_u32(struct rd *r, uint32_t *v)
{
    const uint8_t *p = rd_take(r, 4);

    if (p != NULL)
        *v = load_le32(p);
    return p != NULL;
}

/* ---- decode ---- */

static int decode_header(struct lxrp *p, struct rd *r, struct lxrp_report *rep)
{
    const uint8_t *h = rd_take(r, LXRP_HEADER_BYTES);
    uint16_t state_len;
    size_t off;
    int e;

    if (h == NULL)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_TRUNC_HEADER, r->len);
    if (lx_memcmp(h, magic, 4) != 0)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_MAGIC, 0);
    p->version = h[4];
    p->network = h[5];
    p->flags = h[6];
    if (p->version != LXRP_VERSION)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_VERSION, 4);
    if (ledger_user_type((enum ledger_network)p->network) == 0 || p->network > 3)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_NETWORK, 5);
    if (p->flags & ~LXRP_FLAG_BLOCKS)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_FLAGS, 6);
    if (h[7] != 0)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_RESERVED, 7);
    lx_memcpy(p->address, h + 8, 32);
    lx_memcpy(p->owner, h + 40, 32);
    state_len = load_le16(h + 72);
    if (state_len < LXRP_MIN_STATE || state_len > REG_MAX_STATE_SIZE)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_STATE_LEN, 72);
    p->state.p = rd_take(r, state_len);
    p->state.len = state_len;
    if (p->state.p == NULL)
        return fail(rep, LXRP_SEC_STATE, LXRP_ERR_TRUNC_STATE, LXRP_HEADER_BYTES);
    {
        struct reg_state st;

        e = reg_state_parse_exact(p->state.p, p->state.len, &st, &off);
        if (e != LX_OK)
            return fail(rep, LXRP_SEC_STATE, e, LXRP_HEADER_BYTES + off);
    }
    return LX_OK;
}

static int decode_chains(struct lxrp_work *w, struct rd *r, struct lxrp_report *rep)
{
    struct lxrp *p = &w->p;
    size_t start = r->pos, off;
    int e;

    if (!rd_u8(r, &p->n_chains))
        return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TRUNC_CHAINS, start);
    if (p->n_chains == 0 || p->n_chains > LXRP_MAX_CHAINS)
        return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_CHAIN_COUNT, start);
    p->n_txs = 0;
    for (uint8_t c = 0; c < p->n_chains; c++) {
        uint16_t n;

        rep->chain = c;
        start = r->pos;
        if (!rd_u16(r, &n))
            return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TRUNC_CHAINS, start);
        if (n == 0 || n > LXRP_MAX_CHAIN_TXS || (size_t)p->n_txs + n > LXRP_MAX_TXS)
            return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TX_COUNT, start);
        p->chain_first[c] = p->n_txs;
        p->chain_len[c] = n;
        for (uint16_t t = 0; t < n; t++) {
            struct ledger_span *s = &p->txs[p->n_txs];
            uint32_t len;

            rep->tx = t;
            start = r->pos;
            if (!rd_u32(r, &len))
                return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TRUNC_CHAINS, start);
            if (len == 0 || len > LXRP_MAX_TX_BYTES)
                return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TX_LEN, start);
            s->len = len;
            s->p = rd_take(r, len);
            if (s->p == NULL)
                return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TRUNC_CHAINS, start + 4);
            e = ledger_tx_parse(&w->tx, s->p, s->len, &off);
            if (e != LX_OK)
                return fail(rep, LXRP_SEC_CHAINS, e, start + 4 + off);
            p->tx_contracts[p->n_txs++] = (uint8_t)w->tx.n_contracts;
        }
    }
    rep->chain = rep->tx = SIZE_MAX;
    return LX_OK;
}

static int decode_steps(struct lxrp *p, struct rd *r, struct lxrp_report *rep)
{
    size_t start = r->pos;

    if (!rd_u16(r, &p->n_steps))
        return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_TRUNC_STEPS, start);
    if (p->n_steps == 0 || p->n_steps > LXRP_MAX_STEPS)
        return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_STEP_COUNT, start);
    for (uint16_t i = 0; i < p->n_steps; i++) {
        struct lxrp_step *s = &p->steps[i];
        const uint8_t *b;

        rep->step = i;
        start = r->pos;
        if ((b = rd_take(r, 4)) == NULL)
            return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_TRUNC_STEPS, start);
        s->chain = b[0];
        s->tx = load_le16(b + 1);
        s->contract = b[3];
        if (s->chain >= p->n_chains || s->tx >= p->chain_len[s->chain] ||
            s->contract >= p->tx_contracts[p->chain_first[s->chain] + s->tx])
            return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_STEP_REF, start);
    }
    rep->step = SIZE_MAX;
    return LX_OK;
}

/* A branch: depth u8 then depth * 64 bytes. */
static int read_branch(struct rd *r, uint8_t *depth, const uint8_t **branch, int bound_err)
{
    if (!rd_u8(r, depth))
        return LXRP_ERR_TRUNC_BLOCKS;
    if (*depth > LEDGER_MERKLE_MAX_DEPTH)
        return bound_err;
    *branch = rd_take(r, (size_t)*depth * 64);
    return *branch == NULL ? LXRP_ERR_TRUNC_BLOCKS : LX_OK;
}

static int decode_block(struct lxrp *p, struct lxrp_block *b, struct rd *r)
{
    const uint8_t *h = rd_take(r, LEDGER_BLOCK_HEADER_BYTES);
    uint16_t n16;

    if (h == NULL)
        return LXRP_ERR_TRUNC_BLOCKS;
    ledger_block_header_read(&b->h, h);
    if (!rd_u16(r, &n16))
        return LXRP_ERR_TRUNC_BLOCKS;
    if (n16 > LEDGER_BLOCK_MAX_OFFSETS)
        return LXRP_ERR_BLOCK_FIELD;
    b->h.n_offsets = n16;
    if ((b->h.offsets = rd_take(r, (size_t)n16 * 4)) == NULL)
        return LXRP_ERR_TRUNC_BLOCKS;
    if (!rd_u16(r, &n16))
        return LXRP_ERR_TRUNC_BLOCKS;
    if (n16 == 0 || n16 > LEDGER_BLOCK_MAX_SIG)
        return LXRP_ERR_BLOCK_FIELD;
    b->sig.len = n16;
    if ((b->sig.p = rd_take(r, n16)) == NULL)
        return LXRP_ERR_TRUNC_BLOCKS;
    if (!rd_u16(r, &b->producer_tx) || !rd_u32(r, &b->n_leaves))
        return LXRP_ERR_TRUNC_BLOCKS;
    if (b->producer_tx >= p->chain_len[p->producer_chain])
        return LXRP_ERR_PRODUCER_REF;
    if (b->n_leaves == 0 || b->n_leaves > LEDGER_BLOCK_MAX_TX)
        return LXRP_ERR_BLOCK_FIELD;
    return read_branch(r, &b->depth, &b->branch, LXRP_ERR_BLOCK_FIELD);
}

static int decode_inclusion(struct lxrp *p, struct lxrp_incl *in, struct rd *r)
{
    if (!rd_u16(r, &in->block) || !rd_u32(r, &in->leaf))
        return LXRP_ERR_TRUNC_BLOCKS;
    /* the last leaf of a block is its producer's */
    if (in->block >= p->n_blocks || in->leaf >= p->blocks[in->block].n_leaves - 1)
        return LXRP_ERR_INCL_REF;
    return read_branch(r, &in->depth, &in->branch, LXRP_ERR_INCL_REF);
}

static int decode_blocks(struct lxrp *p, struct rd *r, struct lxrp_report *rep)
{
    size_t start = r->pos;
    int e;

    if (!rd_u8(r, &p->producer_chain) || !rd_u16(r, &p->n_blocks))
        return fail(rep, LXRP_SEC_BLOCKS, LXRP_ERR_TRUNC_BLOCKS, start);
    if (p->producer_chain >= p->n_chains)
        return fail(rep, LXRP_SEC_BLOCKS, LXRP_ERR_PRODUCER_CHAIN, start);
    if (p->n_blocks == 0 || p->n_blocks > LXRP_MAX_BLOCKS)
        return fail(rep, LXRP_SEC_BLOCKS, LXRP_ERR_BLOCK_COUNT, start + 1);
    for (uint16_t i = 0; i < p->n_blocks; i++) {
        rep->block = i;
        start = r->pos;
        if ((e = decode_block(p, &p->blocks[i], r)) != LX_OK)
            return fail(rep, LXRP_SEC_BLOCKS, e, start);
    }
    rep->block = SIZE_MAX;
    for (uint8_t c = 0; c < p->n_chains; c++) {
        if (c == p->producer_chain)
            continue;
        rep->chain = c;
        for (uint16_t t = 0; t < p->chain_len[c]; t++) {
            rep->tx = t;
            start = r->pos;
            e = decode_inclusion(p, &p->incl[p->chain_first[c] + t], r);
            if (e != LX_OK)
                return fail(rep, LXRP_SEC_INCLUSIONS, e, start);
        }
    }
    rep->chain = rep->tx = SIZE_MAX;
    return LX_OK;
}

int lxrp_decode(struct lxrp_work *w, const uint8_t *buf, size_t len, struct lxrp_report *rep)
{
    struct lxrp_report own;
    struct rd r = { buf, len, 0 };
    struct lxrp *p;
    int e;

    if (rep == NULL)
        rep = &own;
    rep_init(rep);
    if (w == NULL || (buf == NULL && len != 0))
        return LX_ERR_PARAM;
    p = &w->p;
    lx_memset(p, 0, sizeof(*p));
    if ((e = decode_header(p, &r, rep)) != LX_OK)
        return e;
    if ((e = decode_chains(w, &r, rep)) != LX_OK)
        return e;
    if ((e = decode_steps(p, &r, rep)) != LX_OK)
        return e;
    if ((p->flags & LXRP_FLAG_BLOCKS) && (e = decode_blocks(p, &r, rep)) != LX_OK)
        return e;
    if (r.pos != r.len)
        return fail(rep, LXRP_SEC_RESULT, LXRP_ERR_TRAILING, r.pos);
    return LX_OK;
}

/* ---- encode ---- */

static bool blocks_on(const struct lxrp *p)
{
    return (p->flags & LXRP_FLAG_BLOCKS) != 0;
}

size_t lxrp_encoded_size(const struct lxrp *p)
{
    size_t n = LXRP_HEADER_BYTES + p->state.len + 1 + 2 + 4 * (size_t)p->n_steps;

    if (p->n_chains == 0 || p->n_chains > LXRP_MAX_CHAINS || p->n_steps > LXRP_MAX_STEPS ||
        p->state.len > REG_MAX_STATE_SIZE)
        return SIZE_MAX;
    for (uint8_t c = 0; c < p->n_chains; c++) {
        if (p->chain_len[c] == 0 || p->chain_len[c] > LXRP_MAX_CHAIN_TXS ||
            (size_t)p->chain_first[c] + p->chain_len[c] > LXRP_MAX_TXS)
            return SIZE_MAX;
        n += 2;
        for (uint16_t t = 0; t < p->chain_len[c]; t++) {
            size_t l = p->txs[p->chain_first[c] + t].len;
            if (l == 0 || l > LXRP_MAX_TX_BYTES)
                return SIZE_MAX;
            n += 4 + l;
        }
    }
    if (!blocks_on(p))
        return n;
    if (p->n_blocks == 0 || p->n_blocks > LXRP_MAX_BLOCKS || p->producer_chain >= p->n_chains)
        return SIZE_MAX;
    n += 3;
    for (uint16_t i = 0; i < p->n_blocks; i++) {
        const struct lxrp_block *b = &p->blocks[i];
        if (b->h.n_offsets > LEDGER_BLOCK_MAX_OFFSETS || b->sig.len == 0 ||
            b->sig.len > LEDGER_BLOCK_MAX_SIG || b->depth > LEDGER_MERKLE_MAX_DEPTH)
            return SIZE_MAX;
        n += LEDGER_BLOCK_HEADER_BYTES + 2 + 4 * (size_t)b->h.n_offsets + 2 + b->sig.len + 2 +
             4 + 1 + 64 * (size_t)b->depth;
    }
    for (uint8_t c = 0; c < p->n_chains; c++) {
        if (c == p->producer_chain)
            continue;
        for (uint16_t t = 0; t < p->chain_len[c]; t++) {
            const struct lxrp_incl *in = &p->incl[p->chain_first[c] + t];
            if (in->depth > LEDGER_MERKLE_MAX_DEPTH)
                return SIZE_MAX;
            n += 2 + 4 + 1 + 64 * (size_t)in->depth;
        }
    }
    return n;
}

struct wr {
    uint8_t *b;
    size_t pos;
};

static void wr_bytes(struct wr *w, const void *p, size_t n)
{
    if (n > 0)
        lx_memcpy(w->b + w->pos, p, n);
    w->pos += n;
}

static void wr_u8(struct wr *w, uint8_t v)
{
    w->b[w->pos++] = v;
}

static void wr_u16(struct wr *w, uint16_t v)
{
    store_le16(w->b + w->pos, v);
    w->pos += 2;
}

static void wr_u32(struct wr *w, uint32_t v)
{
    store_le32(w->b + w->pos, v);
    w->pos += 4;
}

static void encode_blocks(const struct lxrp *p, struct wr *o)
{
    wr_u8(o, p->producer_chain);
    wr_u16(o, p->n_blocks);
    for (uint16_t i = 0; i < p->n_blocks; i++) {
        const struct lxrp_block *b = &p->blocks[i];

        ledger_block_header_write(&b->h, o->b + o->pos);
        o->pos += LEDGER_BLOCK_HEADER_BYTES;
        wr_u16(o, (uint16_t)b->h.n_offsets);
        wr_bytes(o, b->h.offsets, 4 * (size_t)b->h.n_offsets);
        wr_u16(o, (uint16_t)b->sig.len);
        wr_bytes(o, b->sig.p, b->sig.len);
        wr_u16(o, b->producer_tx);
        wr_u32(o, b->n_leaves);
        wr_u8(o, b->depth);
        wr_bytes(o, b->branch, 64 * (size_t)b->depth);
    }
    for (uint8_t c = 0; c < p->n_chains; c++) {
        if (c == p->producer_chain)
            continue;
        for (uint16_t t = 0; t < p->chain_len[c]; t++) {
            const struct lxrp_incl *in = &p->incl[p->chain_first[c] + t];

            wr_u16(o, in->block);
            wr_u32(o, in->leaf);
            wr_u8(o, in->depth);
            wr_bytes(o, in->branch, 64 * (size_t)in->depth);
        }
    }
}

int lxrp_encode(const struct lxrp *p, uint8_t *out, size_t cap, size_t *out_len)
{
    struct wr o = { out, 0 };
    size_t need;

    if (p == NULL || out_len == NULL || (out == NULL && cap != 0))
        return LX_ERR_PARAM;
    need = lxrp_encoded_size(p);
    if (need == SIZE_MAX)
        return LX_ERR_PARAM;
    if (need > cap)
        return LXRP_ERR_OUT_SPACE;
    wr_bytes(&o, magic, 4);
    wr_u8(&o, p->version);
    wr_u8(&o, p->network);
    wr_u8(&o, p->flags);
    wr_u8(&o, 0);
    wr_bytes(&o, p->address, 32);
    wr_bytes(&o, p->owner, 32);
    wr_u16(&o, (uint16_t)p->state.len);
    wr_bytes(&o, p->state.p, p->state.len);
    wr_u8(&o, p->n_chains);
    for (uint8_t c = 0; c < p->n_chains; c++) {
        wr_u16(&o, p->chain_len[c]);
        for (uint16_t t = 0; t < p->chain_len[c]; t++) {
            const struct ledger_span *s = &p->txs[p->chain_first[c] + t];
            wr_u32(&o, (uint32_t)s->len);
            wr_bytes(&o, s->p, s->len);
        }
    }
    wr_u16(&o, p->n_steps);
    for (uint16_t i = 0; i < p->n_steps; i++) {
        wr_u8(&o, p->steps[i].chain);
        wr_u16(&o, p->steps[i].tx);
        wr_u8(&o, p->steps[i].contract);
    }
    if (blocks_on(p))
        encode_blocks(p, &o);
    *out_len = o.pos;
    return LX_OK;
}

/* ---- replay (shared by the verifier and the builder) ---- */

struct replay {
    bool have;                  /* a state exists (after the CREATE) */
    uint8_t prev_op;
    uint8_t prev_flag;
    uint8_t prev_txid[64];
    uint32_t prev_contract;
    uint8_t prev_recipient[32];
};

static bool on_register(const struct contract *c, const uint8_t address[32])
{
    switch (c->op) {
    case OP_CREATE:
    case OP_WRITE:
    case OP_APPEND:
    case OP_TRANSFER:
    case OP_CLAIM:
        return c->address != NULL && lx_memcmp(c->address, address, 32) == 0;
    default:
        return false;
    }
}

static int decode_contract(const struct ledger_tx *tx, size_t ci, struct contract *c)
{
    return contract_decode_exact(tx->contracts[ci].raw.p, tx->contracts[ci].raw.len, c, NULL);
}

/* Apply contract ci of tx (with txid) to w->cur. Atomic: w->cur and rs
 * change only on LX_OK. */
static int replay_step(struct lxrp_work *w, const struct ledger_tx *tx, const uint8_t txid[64],
                       size_t ci, const uint8_t address[32], struct replay *rs)
{
    struct contract c;
    struct contract_ctx ctx = { tx->genesis, tx->timestamp, tx->version };
    struct reg_state post;
    int e = decode_contract(tx, ci, &c);

    if (e != LX_OK)
        return e;
    if (!on_register(&c, address))
        return LXRP_ERR_STEP_ADDRESS;
    if (!rs->have && c.op != OP_CREATE)
        return LXRP_ERR_FIRST_STEP;
    if (rs->have) {
        if (c.op == OP_CREATE)
            return LXRP_ERR_CREATE_AGAIN;
        if (!c.has_pre)
            return CON_ERR_STATE_MARKER;
        if (reg_state_size(&c.pre, true) != w->cur_len ||
            lx_memcmp(tx->contracts[ci].raw.p + c.pre_off, w->cur, w->cur_len) != 0)
            return LXRP_ERR_PRESTATE;
    }
    if (c.op == OP_CLAIM &&
        (rs->prev_op != OP_TRANSFER || lx_memcmp(c.txid, rs->prev_txid, 64) != 0 ||
         c.contract_index != rs->prev_contract ||
         (rs->prev_flag != TRANSFER_FORCE && lx_memcmp(rs->prev_recipient, tx->genesis, 32) != 0)))
        return LXRP_ERR_CLAIM_REF;
    e = contract_check_states(&c, &ctx, &post, w->scratch);
    if (e != LX_OK)
        return e;
    e = reg_state_serialise(&post, true, w->cur, sizeof(w->cur), &w->cur_len);
    if (e != LX_OK)
        return e;
    rs->have = true;
    rs->prev_op = c.op;
    rs->prev_flag = c.transfer_flag;
    lx_memcpy(rs->prev_txid, txid, 64);
    rs->prev_contract = (uint32_t)ci;
    if (c.op == OP_TRANSFER)
        lx_memcpy(rs->prev_recipient, c.recipient, 32);
    return LX_OK;
}

/* ---- verify ---- */

static const struct lxrp_anchor *find_anchor(const struct lxrp_anchor *a, size_t n,
                                             const uint8_t genesis[32])
{
    for (size_t i = 0; i < n; i++)
        if (lx_memcmp(a[i].genesis, genesis, 32) == 0)
            return &a[i];
    return NULL;
}

static bool is_producer_chain(const struct lxrp *p, size_t c)
{
    return blocks_on(p) && c == p->producer_chain;
}

static int verify_chain(struct lxrp_work *w, const struct lxrp_trust *t, size_t c,
                        struct lxrp_report *rep)
{
    struct lxrp *p = &w->p;
    const struct ledger_span *txs = &p->txs[p->chain_first[c]];
    const struct lxrp_anchor *a;
    struct ledger_chain_config cfg = { (enum ledger_network)p->network, t->hybrid_name,
                                       t->hybrid_name_len, NULL };
    struct ledger_chain_state st;
    uint8_t genesis[32];
    int e;

    rep->chain = c;
    ledger_tx_parse(&w->tx, txs[0].p, txs[0].len, NULL);
    lx_memcpy(genesis, w->tx.genesis, 32);
    for (size_t k = 0; k < c; k++) {
        ledger_tx_parse(&w->tx, p->txs[p->chain_first[k]].p, p->txs[p->chain_first[k]].len, NULL);
        if (lx_memcmp(w->tx.genesis, genesis, 32) == 0)
            return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_DUP_CHAIN, SIZE_MAX);
    }
    if (is_producer_chain(p, c)) {
        a = find_anchor(t->producers, t->n_producers, genesis);
        if (a == NULL)
            return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_PRODUCER_UNTRUSTED, SIZE_MAX);
    } else {
        a = find_anchor(t->users, t->n_users, genesis);
        if (a == NULL)
            return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_UNTRUSTED, SIZE_MAX);
    }
    if (a->pinned)
        cfg.first_txid = a->first_txid;
    /* one transaction at a time, so that each txid is computed once: the
     * chain state holds the head's */
    if ((e = ledger_chain_init(&st, &cfg)) != LX_OK)
        return fail(rep, LXRP_SEC_CHAINS, e, SIZE_MAX);
    for (uint16_t i = 0; i < p->chain_len[c]; i++) {
        rep->tx = i;
        ledger_tx_parse(&w->tx, txs[i].p, txs[i].len, NULL);
        if ((e = ledger_chain_append_tx(&st, &cfg, &w->tx)) != LX_OK)
            return fail(rep, LXRP_SEC_CHAINS, e, SIZE_MAX);
        lx_memcpy(w->txids[p->chain_first[c] + i], st.txid, 64);
    }
    rep->tx = SIZE_MAX;
    rep->chain = SIZE_MAX;
    return LX_OK;
}

static int verify_block(struct lxrp_work *w, size_t i, uint8_t hash[LEDGER_BLOCK_HASH_BYTES])
{
    const struct lxrp *p = &w->p;
    const struct lxrp_block *b = &p->blocks[i];
    size_t pt = (size_t)p->chain_first[p->producer_chain] + b->producer_tx;
    int e;

    if (i > 0 && b->producer_tx <= p->blocks[i - 1].producer_tx)
        return LXRP_ERR_PRODUCER_REF;
    if (i > 0 && b->h.height <= p->blocks[i - 1].h.height)
        return LXRP_ERR_BLOCK_ORDER;
    if (i > 0 && b->h.height == p->blocks[i - 1].h.height + 1 &&
        (e = ledger_block_check_link(&b->h, p->blocks[i - 1].h.height, hash)) != LX_OK)
        return e;
    if (b->h.version < LEDGER_BLOCK_MIN_VERSION)
        return LEDGER_BLOCK_ERR_VERSION;
    ledger_tx_parse(&w->tx, p->txs[pt].p, p->txs[pt].len, NULL);
    /* its fields and signature were checked with its chain */
    if ((e = ledger_block_producer_shape(&w->tx)) != LX_OK)
        return e;
    ledger_block_hash(&b->h, hash);
    if ((e = ledger_block_verify_sig(hash, &b->sig, &w->tx)) != LX_OK)
        return e;
    return ledger_merkle_branch_verify(w->txids[pt], b->n_leaves - 1, b->n_leaves, b->branch,
                                       b->depth, b->h.merkle, NULL);
}

static int verify_blocks(struct lxrp_work *w, const struct lxrp_trust *t, struct lxrp_report *rep)
{
    const struct lxrp *p = &w->p;
    uint8_t hash[LEDGER_BLOCK_HASH_BYTES];
    int e;

    if (!blocks_on(p))
        return t->require_blocks ? fail(rep, LXRP_SEC_BLOCKS, LXRP_ERR_NO_BLOCKS, 6) : LX_OK;
    for (uint16_t i = 0; i < p->n_blocks; i++) {
        rep->block = i;
        if ((e = verify_block(w, i, hash)) != LX_OK)
            return fail(rep, LXRP_SEC_BLOCKS, e, SIZE_MAX);
    }
    rep->block = SIZE_MAX;
    for (uint8_t c = 0; c < p->n_chains; c++) {
        uint64_t last = 0;

        if (c == p->producer_chain)
            continue;
        rep->chain = c;
        for (uint16_t k = 0; k < p->chain_len[c]; k++) {
            size_t g = (size_t)p->chain_first[c] + k;
            const struct lxrp_incl *in = &p->incl[g];
            const struct lxrp_block *b = &p->blocks[in->block];
            uint64_t key = (uint64_t)b->h.height << 32 | in->leaf;

            rep->tx = k;
            e = ledger_merkle_branch_verify(w->txids[g], in->leaf, b->n_leaves, in->branch,
                                            in->depth, b->h.merkle, NULL);
            if (e != LX_OK)
                return fail(rep, LXRP_SEC_INCLUSIONS, e, SIZE_MAX);
            if (k > 0 && key <= last)
                return fail(rep, LXRP_SEC_INCLUSIONS, LXRP_ERR_TX_ORDER, SIZE_MAX);
            last = key;
        }
    }
    rep->chain = rep->tx = SIZE_MAX;
    return LX_OK;
}

/* With blocks: is step a before step b in the ledger (height, leaf,
 * contract)? */
static bool step_before(const struct lxrp *p, const struct lxrp_step *a, const struct lxrp_step *b)
{
    const struct lxrp_incl *ia = &p->incl[p->chain_first[a->chain] + a->tx];
    const struct lxrp_incl *ib = &p->incl[p->chain_first[b->chain] + b->tx];
    uint32_t ha = p->blocks[ia->block].h.height, hb = p->blocks[ib->block].h.height;

    if (ha != hb)
        return ha < hb;
    if (ia->leaf != ib->leaf)
        return ia->leaf < ib->leaf;
    return a->contract < b->contract;
}

/* Contracts on R in all the proof's transactions. */
static int count_on_register(struct lxrp_work *w, size_t *count, struct lxrp_report *rep)
{
    const struct lxrp *p = &w->p;
    struct contract c;
    int e;

    *count = 0;
    for (uint8_t ch = 0; ch < p->n_chains; ch++) {
        for (uint16_t t = 0; t < p->chain_len[ch]; t++) {
            const struct ledger_span *s = &p->txs[p->chain_first[ch] + t];

            ledger_tx_parse(&w->tx, s->p, s->len, NULL);
            for (uint32_t k = 0; k < w->tx.n_contracts; k++) {
                if ((e = decode_contract(&w->tx, k, &c)) != LX_OK) {
                    rep->chain = ch;
                    rep->tx = t;
                    return fail(rep, LXRP_SEC_STEPS, e, SIZE_MAX);
                }
                *count += on_register(&c, p->address);
            }
        }
    }
    return LX_OK;
}

static int verify_steps(struct lxrp_work *w, struct lxrp_report *rep)
{
    const struct lxrp *p = &w->p;
    size_t on_r;
    int e;

    for (uint16_t i = 0; i < p->n_steps; i++) {
        const struct lxrp_step *s = &p->steps[i];

        rep->step = i;
        if (blocks_on(p) && s->chain == p->producer_chain)
            return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_STEP_REF, SIZE_MAX);
        for (uint16_t j = 0; j < i; j++) {
            const struct lxrp_step *q = &p->steps[j];

            if (q->chain == s->chain && q->tx == s->tx && q->contract == s->contract)
                return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_STEP_DUP, SIZE_MAX);
            /* the last earlier step of the same chain must come before */
            if (q->chain == s->chain &&
                (q->tx > s->tx || (q->tx == s->tx && q->contract > s->contract)))
                return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_STEP_ORDER, SIZE_MAX);
        }
        if (i > 0 && blocks_on(p) && !step_before(p, &p->steps[i - 1], s))
            return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_STEP_ORDER, SIZE_MAX);
    }
    rep->step = SIZE_MAX;
    if ((e = count_on_register(w, &on_r, rep)) != LX_OK)
        return e;
    /* steps are distinct and (replay checks) each on R: equal counts mean
     * none was left out */
    if (on_r != p->n_steps)
        return fail(rep, LXRP_SEC_STEPS, on_r > p->n_steps ? LXRP_ERR_STEP_MISSING
                                                           : LXRP_ERR_STEP_ADDRESS, SIZE_MAX);
    return LX_OK;
}

static int verify_replay(struct lxrp_work *w, struct lxrp_report *rep)
{
    const struct lxrp *p = &w->p;
    struct replay rs = { 0 };
    int e;

    w->cur_len = 0;
    for (uint16_t i = 0; i < p->n_steps; i++) {
        const struct lxrp_step *s = &p->steps[i];
        size_t g = (size_t)p->chain_first[s->chain] + s->tx;

        rep->step = i;
        rep->chain = s->chain;
        rep->tx = s->tx;
        ledger_tx_parse(&w->tx, p->txs[g].p, p->txs[g].len, NULL);
        e = replay_step(w, &w->tx, w->txids[g], s->contract, p->address, &rs);
        if (e != LX_OK)
            return fail(rep, LXRP_SEC_REPLAY, e, SIZE_MAX);
    }
    rep->step = rep->chain = rep->tx = SIZE_MAX;
    return LX_OK;
}

static int verify_result(struct lxrp_work *w, const struct lxrp_trust *t, struct lxrp_result *res,
                         struct lxrp_report *rep)
{
    const struct lxrp *p = &w->p;
    const struct lxrp_step *last = &p->steps[p->n_steps - 1];
    struct reg_state st;

    if (p->state.len != w->cur_len || lx_memcmp(p->state.p, w->cur, w->cur_len) != 0)
        return fail(rep, LXRP_SEC_RESULT, LXRP_ERR_STATE_MISMATCH, LXRP_HEADER_BYTES);
    reg_state_parse_exact(p->state.p, p->state.len, &st, NULL);
    if (lx_memcmp(st.owner, p->owner, 32) != 0)
        return fail(rep, LXRP_SEC_RESULT, LXRP_ERR_OWNER, 40);
    if (find_anchor(t->users, t->n_users, p->owner) == NULL)
        return fail(rep, LXRP_SEC_RESULT, LXRP_ERR_OWNER_UNTRUSTED, 40);
    if (res != NULL) {
        lx_memset(res, 0, sizeof(*res));
        lx_memcpy(res->address, p->address, 32);
        lx_memcpy(res->owner, p->owner, 32);
        res->state = st;
        res->n_chains = p->n_chains;
        res->n_txs = p->n_txs;
        res->n_steps = p->n_steps;
        lx_memcpy(res->last_txid, w->txids[p->chain_first[last->chain] + last->tx], 64);
        res->blocks = blocks_on(p);
        if (res->blocks)
            res->top_height = p->blocks[p->n_blocks - 1].h.height;
    }
    return LX_OK;
}

int lxrp_verify(const uint8_t *buf, size_t len, const struct lxrp_trust *trust,
                struct lxrp_work *w, struct lxrp_result *res, struct lxrp_report *rep)
{
    struct lxrp_report own;
    int e;

    if (rep == NULL)
        rep = &own;
    rep_init(rep);
    if (trust == NULL || w == NULL || (trust->users == NULL && trust->n_users != 0) ||
        (trust->producers == NULL && trust->n_producers != 0))
        return LX_ERR_PARAM;
    if ((e = lxrp_decode(w, buf, len, rep)) != LX_OK)
        return e;
    if (w->p.network != (uint8_t)trust->network)
        return fail(rep, LXRP_SEC_HEADER, LXRP_ERR_NETWORK, 5);
    for (uint8_t c = 0; c < w->p.n_chains; c++)
        if ((e = verify_chain(w, trust, c, rep)) != LX_OK)
            return e;
    if ((e = verify_blocks(w, trust, rep)) != LX_OK)
        return e;
    if ((e = verify_steps(w, rep)) != LX_OK)
        return e;
    if ((e = verify_replay(w, rep)) != LX_OK)
        return e;
    return verify_result(w, trust, res, rep);
}

/* ---- build ---- */

static int build_chains(const struct lxrp_build *in, struct lxrp_work *w, struct lxrp_report *rep)
{
    struct lxrp *p = &w->p;
    size_t off;
    int e;

    if (in->n_chains == 0 || in->n_chains > LXRP_MAX_CHAINS)
        return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_CHAIN_COUNT, SIZE_MAX);
    p->n_chains = (uint8_t)in->n_chains;
    for (size_t c = 0; c < in->n_chains; c++) {
        rep->chain = c;
        if (in->chain_len[c] == 0 || in->chain_len[c] > LXRP_MAX_CHAIN_TXS ||
            p->n_txs + in->chain_len[c] > LXRP_MAX_TXS)
            return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TX_COUNT, SIZE_MAX);
        p->chain_first[c] = p->n_txs;
        p->chain_len[c] = (uint16_t)in->chain_len[c];
        for (size_t t = 0; t < in->chain_len[c]; t++) {
            const struct ledger_span *s = &in->chains[c][t];

            rep->tx = t;
            if (s->len == 0 || s->len > LXRP_MAX_TX_BYTES)
                return fail(rep, LXRP_SEC_CHAINS, LXRP_ERR_TX_LEN, SIZE_MAX);
            if ((e = ledger_tx_parse(&w->tx, s->p, s->len, &off)) != LX_OK)
                return fail(rep, LXRP_SEC_CHAINS, e, off);
            ledger_tx_txid(&w->tx, w->txids[p->n_txs]);
            p->tx_contracts[p->n_txs] = (uint8_t)w->tx.n_contracts;
            p->txs[p->n_txs++] = *s;
        }
    }
    rep->chain = rep->tx = SIZE_MAX;
    return LX_OK;
}

/* Next contract on R in chain c at or after (*t, *k); false at the end. */
static bool next_on_register(struct lxrp_work *w, size_t c, uint16_t *t, uint32_t *k)
{
    const struct lxrp *p = &w->p;
    struct contract ct;

    for (; *t < p->chain_len[c]; (*t)++, *k = 0) {
        const struct ledger_span *s = &p->txs[p->chain_first[c] + *t];

        ledger_tx_parse(&w->tx, s->p, s->len, NULL);
        for (; *k < w->tx.n_contracts; (*k)++)
            if (decode_contract(&w->tx, *k, &ct) == LX_OK && on_register(&ct, p->address))
                return true;
    }
    return false;
}

/* R's history: repeatedly take, among each chain's next contract on R,
 * the one that applies to the state so far. */
static int build_steps(struct lxrp_work *w, struct lxrp_report *rep)
{
    struct lxrp *p = &w->p;
    uint16_t t[LXRP_MAX_CHAINS] = { 0 };
    uint32_t k[LXRP_MAX_CHAINS] = { 0 };
    bool more[LXRP_MAX_CHAINS];
    struct replay rs = { 0 };

    for (uint8_t c = 0; c < p->n_chains; c++)
        more[c] = next_on_register(w, c, &t[c], &k[c]);
    w->cur_len = 0;
    for (;;) {
        int first_err = LX_OK, e = LX_OK;
        bool any = false;
        uint8_t c;

        for (c = 0; c < p->n_chains; c++) {
            size_t g = (size_t)p->chain_first[c] + t[c];

            if (!more[c])
                continue;
            any = true;
            ledger_tx_parse(&w->tx, p->txs[g].p, p->txs[g].len, NULL);
            e = replay_step(w, &w->tx, w->txids[g], k[c], p->address, &rs);
            if (e == LX_OK)
                break;
            if (first_err == LX_OK) {
                first_err = e;
                rep->chain = c;
                rep->tx = t[c];
            }
        }
        if (!any)
            break;
        if (e != LX_OK)
            return fail(rep, LXRP_SEC_REPLAY, first_err, SIZE_MAX);
        if (p->n_steps == LXRP_MAX_STEPS)
            return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_OUT_SPACE, SIZE_MAX);
        p->steps[p->n_steps].chain = c;
        p->steps[p->n_steps].tx = t[c];
        p->steps[p->n_steps].contract = (uint8_t)k[c];
        p->n_steps++;
        k[c]++;
        more[c] = next_on_register(w, c, &t[c], &k[c]);
    }
    rep->chain = rep->tx = SIZE_MAX;
    if (p->n_steps == 0)
        return fail(rep, LXRP_SEC_STEPS, LXRP_ERR_NO_HISTORY, SIZE_MAX);
    return LX_OK;
}

/* The global tx index (not of the producer chain) with this txid, or -1. */
static long find_user_tx(const struct lxrp_work *w, const uint8_t txid[64])
{
    const struct lxrp *p = &w->p;

    for (uint8_t c = 0; c < p->n_chains; c++) {
        if (c == p->producer_chain)
            continue;
        for (uint16_t t = 0; t < p->chain_len[c]; t++)
            if (lx_memcmp(w->txids[p->chain_first[c] + t], txid, 64) == 0)
                return (long)p->chain_first[c] + t;
    }
    return -1;
}

struct branch_store {
    uint8_t *buf;
    size_t cap, used;
};

/* Branch of leaf `index` of the block's leaves into the store. */
static int store_branch(const struct lxrp_build *in, const struct ledger_block *blk,
                        const uint8_t producer_txid[64], size_t index, struct branch_store *bs,
                        const uint8_t **branch, uint8_t *depth)
{
    size_t n = (size_t)blk->n_vtx + 1, d;
    uint8_t root[64];
    int e;

    if (n > in->nodes_cap)
        return LXRP_ERR_OUT_SPACE;
    if (bs->cap - bs->used < ledger_merkle_depth(n) * 64)
        return LXRP_ERR_OUT_SPACE;
    for (uint32_t i = 0; i < blk->n_vtx; i++)
        lx_memcpy(in->nodes[i], blk->vtx + (size_t)i * LEDGER_VTX_ENTRY_BYTES + 1, 64);
    lx_memcpy(in->nodes[n - 1], producer_txid, 64);
    e = ledger_merkle_branch(in->nodes, n, index, (uint8_t(*)[64])(bs->buf + bs->used),
                             LEDGER_MERKLE_MAX_DEPTH, &d, root);
    if (e != LX_OK)
        return e;
    *branch = bs->buf + bs->used;
    *depth = (uint8_t)d;
    bs->used += d * 64;
    return LX_OK;
}

/* One fixture-style block: kept when it holds a transaction of the proof. */
static int build_block(const struct lxrp_build *in, struct lxrp_work *w, size_t bi,
                       struct branch_store *bs, bool *placed, uint16_t *max_producer)
{
    struct lxrp *p = &w->p;
    struct ledger_block blk;
    struct lxrp_block *b;
    uint8_t ptxid[64];
    long pt = -1;
    bool used = false;
    int e;

    if ((e = ledger_block_parse(&blk, &w->tx, in->blocks[bi].p, in->blocks[bi].len, NULL,
                                NULL)) != LX_OK)
        return e;
    ledger_tx_txid(&w->tx, ptxid);
    for (uint32_t i = 0; i < blk.n_vtx && !used; i++)
        used = find_user_tx(w, blk.vtx + (size_t)i * LEDGER_VTX_ENTRY_BYTES + 1) >= 0;
    if (!used)
        return LX_OK;
    for (uint16_t t = 0; t < p->chain_len[p->producer_chain]; t++)
        if (lx_memcmp(w->txids[p->chain_first[p->producer_chain] + t], ptxid, 64) == 0)
            pt = t;
    if (pt < 0)
        return LXRP_ERR_PRODUCER_REF;
    if (p->n_blocks == LXRP_MAX_BLOCKS || blk.sig.len > LEDGER_BLOCK_MAX_SIG)
        return LXRP_ERR_OUT_SPACE;
    b = &p->blocks[p->n_blocks];
    b->h = blk.h;
    b->sig = blk.sig;
    b->producer_tx = (uint16_t)pt;
    b->n_leaves = blk.n_vtx + 1;
    if (pt > *max_producer)
        *max_producer = (uint16_t)pt;
    e = store_branch(in, &blk, ptxid, blk.n_vtx, bs, &b->branch, &b->depth);
    for (uint32_t i = 0; e == LX_OK && i < blk.n_vtx; i++) {
        long g = find_user_tx(w, blk.vtx + (size_t)i * LEDGER_VTX_ENTRY_BYTES + 1);
        struct lxrp_incl *inc;

        if (g < 0)
            continue;
        inc = &p->incl[g];
        inc->block = p->n_blocks;
        inc->leaf = i;
        placed[g] = true;
        e = store_branch(in, &blk, ptxid, i, bs, &inc->branch, &inc->depth);
    }
    p->n_blocks++;
    return e;
}

static int build_blocks(const struct lxrp_build *in, struct lxrp_work *w, struct lxrp_report *rep)
{
    struct lxrp *p = &w->p;
    struct branch_store bs = { in->branch_buf, in->branch_cap, 0 };
    bool placed[LXRP_MAX_TXS];
    uint16_t max_producer = 0;
    int e;

    /* lx_memset, not an initialiser: GCC would call libc memset */
    lx_memset(placed, 0, sizeof(placed));

    if (in->producer_chain >= p->n_chains || in->nodes == NULL ||
        (in->branch_buf == NULL && in->branch_cap != 0))
        return fail(rep, LXRP_SEC_BLOCKS, LXRP_ERR_PRODUCER_CHAIN, SIZE_MAX);
    p->flags |= LXRP_FLAG_BLOCKS;
    p->producer_chain = (uint8_t)in->producer_chain;
    for (size_t i = 0; i < in->n_blocks; i++) {
        rep->block = i;
        if ((e = build_block(in, w, i, &bs, placed, &max_producer)) != LX_OK)
            return fail(rep, LXRP_SEC_BLOCKS, e, SIZE_MAX);
    }
    rep->block = SIZE_MAX;
    for (uint8_t c = 0; c < p->n_chains; c++) {
        if (c == p->producer_chain)
            continue;
        for (uint16_t t = 0; t < p->chain_len[c]; t++) {
            if (!placed[p->chain_first[c] + t]) {
                rep->chain = c;
                rep->tx = t;
                return fail(rep, LXRP_SEC_INCLUSIONS, LXRP_ERR_BLOCK_MISSING, SIZE_MAX);
            }
        }
    }
    if (p->n_blocks == 0)
        return fail(rep, LXRP_SEC_BLOCKS, LXRP_ERR_BLOCK_COUNT, SIZE_MAX);
    /* the producer chain is only needed up to the last block's producer */
    p->chain_len[p->producer_chain] = (uint16_t)(max_producer + 1);
    return LX_OK;
}

int lxrp_build(const struct lxrp_build *in, struct lxrp_work *w, struct lxrp_report *rep)
{
    struct lxrp_report own;
    struct lxrp *p;
    int e;

    if (rep == NULL)
        rep = &own;
    rep_init(rep);
    if (in == NULL || w == NULL || ledger_user_type(in->network) == 0 ||
        (in->blocks == NULL && in->n_blocks != 0))
        return LX_ERR_PARAM;
    p = &w->p;
    lx_memset(p, 0, sizeof(*p));
    p->version = LXRP_VERSION;
    p->network = (uint8_t)in->network;
    lx_memcpy(p->address, in->address, 32);
    /* no producer chain unless blocks are given */
    p->producer_chain = LXRP_MAX_CHAINS;
    if (in->n_blocks > 0)
        p->producer_chain = (uint8_t)in->producer_chain;
    if ((e = build_chains(in, w, rep)) != LX_OK)
        return e;
    if ((e = build_steps(w, rep)) != LX_OK)
        return e;
    p->state.p = w->cur;
    p->state.len = w->cur_len;
    lx_memcpy(p->owner, w->cur + 2, 32);
    if (in->n_blocks > 0)
        return build_blocks(in, w, rep);
    p->producer_chain = 0;
    return LX_OK;
}

/* ---- messages ---- */

const char *lxrp_strerror(int code)
{
    static const struct {
        int code;
        const char *text;
    } msgs[] = {
        { LXRP_ERR_TRUNC_HEADER, "file ends inside the header" },
        { LXRP_ERR_MAGIC, "not a register proof (magic)" },
        { LXRP_ERR_VERSION, "unsupported proof version" },
        { LXRP_ERR_NETWORK, "unknown network, or not the verifier's" },
        { LXRP_ERR_FLAGS, "unknown flag bits" },
        { LXRP_ERR_RESERVED, "reserved byte not zero" },
        { LXRP_ERR_STATE_LEN, "state length out of bounds" },
        { LXRP_ERR_TRUNC_STATE, "file ends inside the state" },
        { LXRP_ERR_CHAIN_COUNT, "chain count out of bounds" },
        { LXRP_ERR_TX_COUNT, "transaction count out of bounds" },
        { LXRP_ERR_TX_LEN, "transaction length out of bounds" },
        { LXRP_ERR_TRUNC_CHAINS, "file ends inside the chains" },
        { LXRP_ERR_STEP_COUNT, "step count out of bounds" },
        { LXRP_ERR_TRUNC_STEPS, "file ends inside the steps" },
        { LXRP_ERR_STEP_REF, "a step names no contract of the proof" },
        { LXRP_ERR_PRODUCER_CHAIN, "producer chain index out of range" },
        { LXRP_ERR_BLOCK_COUNT, "block count out of bounds" },
        { LXRP_ERR_TRUNC_BLOCKS, "file ends inside the blocks" },
        { LXRP_ERR_BLOCK_FIELD, "block field out of bounds" },
        { LXRP_ERR_PRODUCER_REF, "block producer transaction out of range or out of order" },
        { LXRP_ERR_INCL_REF, "inclusion names no block or leaf" },
        { LXRP_ERR_TRAILING, "bytes after the proof" },
        { LXRP_ERR_UNTRUSTED, "chain genesis is not trusted" },
        { LXRP_ERR_PRODUCER_UNTRUSTED, "block producer genesis is not trusted" },
        { LXRP_ERR_DUP_CHAIN, "two chains with the same genesis" },
        { LXRP_ERR_NO_BLOCKS, "blocks required but the proof has none" },
        { LXRP_ERR_BLOCK_ORDER, "block heights not increasing" },
        { LXRP_ERR_TX_ORDER, "chain transactions not in ledger order" },
        { LXRP_ERR_STEP_ADDRESS, "a step does not operate on the register" },
        { LXRP_ERR_STEP_DUP, "a contract named twice" },
        { LXRP_ERR_STEP_MISSING, "a contract on the register is left out" },
        { LXRP_ERR_STEP_ORDER, "steps not in chain or ledger order" },
        { LXRP_ERR_FIRST_STEP, "history does not start with the register's CREATE" },
        { LXRP_ERR_CREATE_AGAIN, "a second CREATE of the register" },
        { LXRP_ERR_PRESTATE, "pre-state differs from the replayed state" },
        { LXRP_ERR_CLAIM_REF, "CLAIM not of the previous TRANSFER or not by its recipient" },
        { LXRP_ERR_STATE_MISMATCH, "state differs from the replayed state" },
        { LXRP_ERR_OWNER, "state owner is not the claimed owner" },
        { LXRP_ERR_OWNER_UNTRUSTED, "owner genesis is not trusted" },
        { LXRP_ERR_OUT_SPACE, "output or work space too small" },
        { LXRP_ERR_NO_HISTORY, "no contract on the register in the chains" },
        { LXRP_ERR_BLOCK_MISSING, "a transaction is in none of the blocks" },
        { LEDGER_BLOCK_ERR_VERSION, "block version below 5" },
        { LEDGER_BLOCK_ERR_MERKLE_ROOT, "block transactions do not give its Merkle root" },
        { LEDGER_BLOCK_ERR_DUP_TX, "a transaction twice in a block" },
        { LEDGER_BLOCK_ERR_PRODUCER_CONTRACT, "producer transaction is not one AUTHORIZE" },
        { LEDGER_BLOCK_ERR_PRODUCER_AUTH, "producer AUTHORIZE is not of its own previous tx" },
        { LEDGER_BLOCK_ERR_SIG_KEY, "producer key does not decode" },
        { LEDGER_BLOCK_ERR_SIG_ENCODING, "block signature malformed" },
        { LEDGER_BLOCK_ERR_SIG_MISMATCH, "block signature does not verify" },
        { LEDGER_BLOCK_ERR_HEIGHT, "block height is not the previous + 1" },
        { LEDGER_BLOCK_ERR_PREV_BLOCK, "hashPrevBlock is not the previous block" },
        { LEDGER_BLOCK_ERR_BRANCH_INDEX, "Merkle leaf index out of range" },
        { LEDGER_BLOCK_ERR_BRANCH_LENGTH, "Merkle branch of the wrong length" },
        { LEDGER_BLOCK_ERR_BRANCH_DUP, "Merkle branch breaks the odd-leaf rule" },
        { LEDGER_BLOCK_ERR_BRANCH_ROOT, "Merkle branch does not reach the root" },
        { LEDGER_BLOCK_ERR_LEAVES, "Merkle leaf count out of bounds" },
    };

    for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
        if (msgs[i].code == code)
            return msgs[i].text;
    return NULL;
}
