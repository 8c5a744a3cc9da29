/*
 * Nexus contracts: the operation, condition and register streams of one
 * contract decoded as data, and the replay of register operations on the
 * pre-state to check the post-state checksum and the caller's ownership.
 * Operand layouts are those of LLL-TAO 5.1.6 src/TAO/Operation/execute.cpp.
 */
#include "ledger/contract.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"
#include "ledger/address.h"

static void set_off(size_t *err_off, size_t off)
{
    if (err_off != NULL)
        *err_off = off;
}

/* ---- operand layouts ---- */

/* Register stream shapes. */
enum regs_kind { REGS_NONE, REGS_POST, REGS_PRE_POST };

/* Operand items: A address (32), G genesis (32), T txid (64), K uint576
 * trust key (72), b u8, i u32, q u64, v CompactSize + bytes. */
struct op_layout {
    uint8_t op;
    const char *name;
    const char *items;
    enum regs_kind regs;
    bool cond_ok;               /* the node accepts a condition stream */
};

static const struct op_layout layouts[] = {
    { OP_WRITE, "WRITE", "Av", REGS_PRE_POST, false },
    { OP_CREATE, "CREATE", "Abv", REGS_POST, false },
    { OP_AUTHORIZE, "AUTHORIZE", "TG", REGS_NONE, true },
    { OP_TRANSFER, "TRANSFER", "AGb", REGS_PRE_POST, true },
    { OP_CLAIM, "CLAIM", "TiA", REGS_PRE_POST, false },
    { OP_APPEND, "APPEND", "Av", REGS_PRE_POST, false },
    { OP_DEBIT, "DEBIT", "AAqq", REGS_PRE_POST, true },
    { OP_CREDIT, "CREDIT", "TiAAq", REGS_PRE_POST, false },
    { OP_COINBASE, "COINBASE", "Gqq", REGS_NONE, true },
    { OP_GENESIS, "GENESIS", "q", REGS_PRE_POST, false },
    { OP_TRUST, "TRUST", "Tqqq", REGS_PRE_POST, false },
    { OP_FEE, "FEE", "Aq", REGS_PRE_POST, false },
    { OP_LEGACY, "LEGACY", "Aqv", REGS_PRE_POST, false },
    { OP_MIGRATE, "MIGRATE", "TAKqiT", REGS_PRE_POST, false },
};

static const struct op_layout *layout_of(uint8_t op)
{
    for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
        if (layouts[i].op == op)
            return &layouts[i];
    return NULL;
}

const char *contract_op_name(uint8_t op)
{
    const struct op_layout *l = layout_of(op);

    if (op == OP_VALIDATE)
        return "VALIDATE";
    if (op == OP_CONDITION)
        return "CONDITION";
    return l != NULL ? l->name : NULL;
}

static size_t item_width(char item)
{
    switch (item) {
    case 'A':
    case 'G': return 32;
    case 'T': return 64;
    case 'K': return 72;
    case 'b': return 1;
    case 'i': return 4;
    case 'q': return 8;
    default: return 0;
    }
}

/* Walks the operands of one primitive at ops[*pos]; records the item
 * offsets so the named ops can be decoded. */
static int walk_operands(const struct contract *c, const struct op_layout *l, size_t *pos,
                         size_t item_off[8], uint64_t item_len[8], size_t *err_off)
{
    size_t p = *pos;

    for (size_t k = 0; l->items[k] != '\0'; k++) {
        char it = l->items[k];

        if (it == 'v') {
            uint64_t n;
            int r;

            set_off(err_off, c->ops_off + p);
            r = reg_compact_read(c->ops, c->ops_len, &p, &n, CON_ERR_TRUNC_OPERAND);
            if (r != LX_OK)
                return r;
            if (c->ops_len - p < n) {
                set_off(err_off, c->ops_off + p);
                return CON_ERR_TRUNC_OPERAND;
            }
            item_off[k] = p;
            item_len[k] = n;
            p += (size_t)n;
        } else {
            size_t w = item_width(it);

            if (c->ops_len - p < w) {
                set_off(err_off, c->ops_off + p);
                return CON_ERR_TRUNC_OPERAND;
            }
            item_off[k] = p;
            item_len[k] = w;
            p += w;
        }
    }
    *pos = p;
    return LX_OK;
}

/* Fills the decoded fields of the ops this module names. */
static int decode_named(struct contract *c, const size_t off[8], const uint64_t len[8],
                        size_t *err_off)
{
    const uint8_t *o = c->ops;

    switch (c->op) {
    case OP_WRITE:
    case OP_APPEND:
        c->address = o + off[0];
        c->data = o + off[1];
        c->data_len = (size_t)len[1];
        break;
    case OP_CREATE:
        c->address = o + off[0];
        c->reg_type = o[off[1]];
        c->data = o + off[2];
        c->data_len = (size_t)len[2];
        break;
    case OP_AUTHORIZE:
        c->txid = o + off[0];
        c->genesis = o + off[1];
        break;
    case OP_TRANSFER:
        c->address = o + off[0];
        c->recipient = o + off[1];
        c->transfer_flag = o[off[2]];
        if (c->transfer_flag != TRANSFER_CLAIM && c->transfer_flag != TRANSFER_FORCE) {
            set_off(err_off, c->ops_off + off[2]);
            return CON_ERR_TRANSFER_FLAG;
        }
        break;
    case OP_CLAIM:
        c->txid = o + off[0];
        c->contract_index = load_le32(o + off[1]);
        c->address = o + off[2];
        break;
    default:
        break;
    }
    return LX_OK;
}

static int decode_operation(struct contract *c, size_t *err_off)
{
    const struct op_layout *l;
    size_t p = 0;
    size_t off[8];
    uint64_t len[8];
    int r;

    if (c->ops_len == 0) {
        set_off(err_off, c->ops_off);
        return CON_ERR_EMPTY;
    }
    c->op = c->ops[p++];
    if (c->op == OP_CONDITION) {
        c->conditional = true;
    } else if (c->op == OP_VALIDATE) {
        c->validate = true;
        if (c->ops_len - p < 68) {
            set_off(err_off, c->ops_off + p);
            return CON_ERR_TRUNC_OPERAND;
        }
        c->validate_txid = c->ops + p;
        c->validate_contract = load_le32(c->ops + p + 64);
        p += 68;
    }
    if (c->conditional || c->validate) {
        if (p >= c->ops_len) {
            set_off(err_off, c->ops_off + p);
            return CON_ERR_TRUNC_OPERAND;
        }
        c->op = c->ops[p++];
    }
    l = layout_of(c->op);
    /* A condition may only guard TRANSFER or DEBIT; a validation may not
     * carry the block-producer ops (execute.cpp). */
    if (l == NULL || (c->conditional && c->op != OP_TRANSFER && c->op != OP_DEBIT) ||
        (c->validate && (c->op == OP_COINBASE || c->op == OP_TRUST || c->op == OP_GENESIS))) {
        set_off(err_off, c->ops_off + p - 1);
        return CON_ERR_OPCODE;
    }
    c->operands = c->ops + p;
    c->operands_len = c->ops_len - p;
    r = walk_operands(c, l, &p, off, len, err_off);
    if (r != LX_OK)
        return r;
    if (p != c->ops_len) {
        set_off(err_off, c->ops_off + p);
        return CON_ERR_OP_TRAILING;
    }
    if (!l->cond_ok && c->cond_len != 0) {
        set_off(err_off, c->cond_off);
        return CON_ERR_CONDITIONS_NOT_ALLOWED;
    }
    return decode_named(c, off, len, err_off);
}

/* ---- condition scripts ---- */

struct cond_code {
    uint8_t code;
    const char *name;
    int8_t width;               /* immediate bytes; -1 = CompactSize + bytes */
};

/* The opcodes LLL-TAO 5.1.6 accepts in conditions (Conditions::mapActivated). */
static const struct cond_code cond_codes[] = {
    { 0x70, "UINT8_T", 1 }, { 0x71, "UINT16_T", 2 }, { 0x72, "UINT32_T", 4 },
    { 0x73, "UINT64_T", 8 }, { 0x74, "UINT256_T", 32 }, { 0x75, "UINT512_T", 64 },
    { 0x76, "UINT1024_T", -2 }, { 0x77, "STRING", -1 }, { 0x78, "BYTES", -1 },
    { 0x80, "EQUALS", 0 }, { 0x81, "LESSTHAN", 0 }, { 0x82, "GREATERTHAN", 0 },
    { 0x83, "NOTEQUALS", 0 }, { 0x84, "CONTAINS", 0 }, { 0x85, "LESSEQUALS", 0 },
    { 0x86, "GREATEREQUALS", 0 },
    { 0x90, "ADD", 0 }, { 0x91, "SUB", 0 }, { 0x92, "DIV", 0 }, { 0x93, "MUL", 0 },
    { 0x94, "MOD", 0 }, { 0x95, "INC", 0 }, { 0x96, "DEC", 0 }, { 0x97, "EXP", 0 },
    { 0x98, "SUBDATA", 4 }, { 0x99, "CAT", 0 },
    { 0xa0, "AND", 0 }, { 0xa1, "OR", 0 }, { 0xa2, "GROUP", 0 }, { 0xa3, "UNGROUP", 0 },
    { 0xb0, "REGISTER::CREATED", 0 }, { 0xb1, "REGISTER::MODIFIED", 0 },
    { 0xb2, "REGISTER::OWNER", 0 }, { 0xb3, "REGISTER::TYPE", 0 },
    { 0xb4, "REGISTER::STATE", 0 }, { 0xb5, "REGISTER::VALUE", -1 },
    { 0xc0, "CALLER::GENESIS", 0 }, { 0xc1, "CALLER::TIMESTAMP", 0 },
    { 0xc2, "CALLER::OPERATIONS", 0 }, { 0xc3, "CALLER::CONDITIONS", 0 },
    { 0xc4, "CALLER::PRESTATE::CREATED", 0 }, { 0xc5, "CALLER::PRESTATE::MODIFIED", 0 },
    { 0xc6, "CALLER::PRESTATE::OWNER", 0 }, { 0xc7, "CALLER::PRESTATE::TYPE", 0 },
    { 0xc8, "CALLER::PRESTATE::STATE", 0 }, { 0xc9, "CALLER::PRESTATE::VALUE", -1 },
    { 0xca, "CONTRACT::GENESIS", 0 }, { 0xcb, "CONTRACT::TIMESTAMP", 0 },
    { 0xcc, "CONTRACT::OPERATIONS", 0 }, { 0xcd, "CONTRACT::CONDITIONS", 0 },
    { 0xd0, "LEDGER::HEIGHT", 0 }, { 0xd1, "LEDGER::SUPPLY", 0 },
    { 0xd2, "LEDGER::TIMESTAMP", 0 },
    { 0xe0, "CRYPTO::SK256", 0 }, { 0xe1, "CRYPTO::SK512", 0 },
};

static const struct cond_code *cond_code_of(uint8_t code)
{
    for (size_t i = 0; i < sizeof(cond_codes) / sizeof(cond_codes[0]); i++)
        if (cond_codes[i].code == code)
            return &cond_codes[i];
    return NULL;
}

const char *contract_cond_name(uint8_t code)
{
    const struct cond_code *cc = cond_code_of(code);

    return cc != NULL ? cc->name : NULL;
}

void contract_cond_begin(const struct contract *c, struct cond_iter *it)
{
    it->p = c->cond;
    it->len = c->cond_len;
    it->pos = 0;
}

int contract_cond_next(struct cond_iter *it, struct cond_token *t)
{
    const struct cond_code *cc;
    size_t p = it->pos;
    uint64_t n;

    if (p >= it->len)
        return 0;
    cc = cond_code_of(it->p[p]);
    if (cc == NULL)
        return CON_ERR_COND_OPCODE;
    t->code = it->p[p];
    t->off = p;
    p++;
    if (cc->width == 0) {
        t->arg = NULL;
        t->arg_len = 0;
        it->pos = p;
        return 1;
    }
    if (cc->width == -1) {
        int r = reg_compact_read(it->p, it->len, &p, &n, CON_ERR_TRUNC_COND_OPERAND);

        if (r != LX_OK)
            return r;
    } else {
        n = cc->width == -2 ? 128 : (uint64_t)cc->width;
    }
    if (it->len - p < n)
        return CON_ERR_TRUNC_COND_OPERAND;
    t->arg = it->p + p;
    t->arg_len = (size_t)n;
    it->pos = p + (size_t)n;
    return 1;
}

static int decode_conditions(struct contract *c, size_t *err_off)
{
    struct cond_iter it;
    struct cond_token t;
    int r;

    c->n_cond_tokens = 0;
    contract_cond_begin(c, &it);
    while ((r = contract_cond_next(&it, &t)) == 1) {
        if (++c->n_cond_tokens > CONTRACT_MAX_COND_TOKENS) {
            set_off(err_off, c->cond_off + t.off);
            return CON_ERR_TOO_MANY_TOKENS;
        }
    }
    if (r < 0) {
        set_off(err_off, c->cond_off + it.pos);
        return r;
    }
    return LX_OK;
}

/* ---- register stream ---- */

static int decode_post(struct contract *c, size_t p, size_t *err_off)
{
    if (p >= c->regs_len || c->regs[p] != STATE_POSTSTATE) {
        set_off(err_off, c->regs_off + p);
        return CON_ERR_STATE_MARKER;
    }
    p++;
    if (c->regs_len - p < 8) {
        set_off(err_off, c->regs_off + p);
        return CON_ERR_TRUNC_POSTSTATE;
    }
    c->has_post = true;
    c->post_checksum = load_le64(c->regs + p);
    p += 8;
    if (p != c->regs_len) {
        set_off(err_off, c->regs_off + p);
        return CON_ERR_REG_TRAILING;
    }
    return LX_OK;
}

static int decode_registers(struct contract *c, size_t *err_off)
{
    const struct op_layout *l = layout_of(c->op);
    size_t p = 0, used, off;
    int r;

    switch (l->regs) {
    case REGS_NONE:
        if (c->regs_len != 0) {
            set_off(err_off, c->regs_off);
            return CON_ERR_REG_TRAILING;
        }
        return LX_OK;
    case REGS_POST:
        return decode_post(c, 0, err_off);
    case REGS_PRE_POST:
        break;
    }
    if (c->regs_len == 0 || c->regs[0] != STATE_PRESTATE) {
        set_off(err_off, c->regs_off);
        return CON_ERR_STATE_MARKER;
    }
    p = 1;
    c->pre_off = c->regs_off + p;
    off = 0;
    r = reg_state_parse(c->regs + p, c->regs_len - p, &c->pre, &used, &off);
    if (r != LX_OK) {
        /* The state's own code names the field; the offset places it in
         * the contract. */
        set_off(err_off, c->pre_off + off);
        return r;
    }
    c->has_pre = true;
    return decode_post(c, p + used, err_off);
}

/* ---- framing ---- */

static int read_stream(const uint8_t *buf, size_t len, size_t *pos, const uint8_t **s,
                       size_t *slen, size_t *soff, int trunc_err, size_t *err_off)
{
    uint64_t n;
    int r;

    set_off(err_off, *pos);
    r = reg_compact_read(buf, len, pos, &n, trunc_err);
    if (r != LX_OK)
        return r;
    if (len - *pos < n) {
        set_off(err_off, *pos);
        return trunc_err;
    }
    *s = buf + *pos;
    *slen = (size_t)n;
    *soff = *pos;
    *pos += (size_t)n;
    return LX_OK;
}

int contract_decode(const uint8_t *buf, size_t len, struct contract *c, size_t *err_off)
{
    size_t p = 0;
    int r;

    if (c == NULL || (buf == NULL && len != 0))
        return LX_ERR_PARAM;
    lx_memset(c, 0, sizeof(*c));
    r = read_stream(buf, len, &p, &c->ops, &c->ops_len, &c->ops_off, CON_ERR_TRUNC_OPERATION,
                    err_off);
    if (r != LX_OK)
        return r;
    r = read_stream(buf, len, &p, &c->cond, &c->cond_len, &c->cond_off, CON_ERR_TRUNC_CONDITION,
                    err_off);
    if (r != LX_OK)
        return r;
    r = read_stream(buf, len, &p, &c->regs, &c->regs_len, &c->regs_off, CON_ERR_TRUNC_REGISTER,
                    err_off);
    if (r != LX_OK)
        return r;
    c->size = p;
    r = decode_operation(c, err_off);
    if (r != LX_OK)
        return r;
    r = decode_conditions(c, err_off);
    if (r != LX_OK)
        return r;
    return decode_registers(c, err_off);
}

int contract_decode_exact(const uint8_t *buf, size_t len, struct contract *c, size_t *err_off)
{
    int r = contract_decode(buf, len, c, err_off);

    if (r != LX_OK)
        return r;
    if (c->size != len) {
        set_off(err_off, c->size);
        return CON_ERR_TRAILING;
    }
    return LX_OK;
}

/* ---- replay of register operations ---- */

/* Register type an address type byte may hold (CREATE): assets by their
 * own type byte, objects under the object-standard type bytes. */
static bool address_fits(uint8_t addr_type_byte, uint8_t reg_type)
{
    switch (reg_type) {
    case REG_READONLY: return addr_type_byte == ADDR_READONLY;
    case REG_APPEND: return addr_type_byte == ADDR_APPEND;
    case REG_RAW: return addr_type_byte == ADDR_RAW;
    case REG_OBJECT:
        return addr_type_byte >= ADDR_OBJECT && addr_type_byte <= ADDR_NAMESPACE;
    default: return false;
    }
}

/* Object WRITE: a stream of (name, OP::TYPES code, value) updates applied
 * in place to a copy of the object data (Write::Execute, Object::Write). */
static int write_object(const struct reg_state *pre, const uint8_t *ops, size_t len,
                        uint8_t *out)
{
    struct reg_object obj;
    bool done[REG_MAX_FIELDS];
    size_t p = 0;
    int r;

    r = reg_object_parse(pre->data, pre->data_len, &obj, NULL);
    if (r != LX_OK)
        return r;
    if (obj.n == 0)
        return REG_ERR_FIELD_MISMATCH;
    lx_memset(done, 0, sizeof(done));
    lx_memcpy(out, pre->data, pre->data_len);
    while (p < len) {
        const struct reg_field *f = NULL;
        uint64_t n, vlen;
        uint8_t type;
        size_t idx = 0;
        int w;

        r = reg_compact_read(ops, len, &p, &n, REG_ERR_FIELD_NAME);
        if (r != LX_OK)
            return r;
        if (len - p < n)
            return REG_ERR_FIELD_NAME;
        for (idx = 0; idx < obj.n; idx++)
            if (obj.f[idx].name_len == n &&
                (n == 0 || lx_memcmp(obj.f[idx].name, ops + p, (size_t)n) == 0)) {
                f = &obj.f[idx];
                break;
            }
        p += (size_t)n;
        if (p >= len)
            return REG_ERR_FIELD_TYPE;
        /* OP::TYPES codes 0x70..0x78 map onto the register TYPES 0x01..0x09. */
        if (ops[p] < 0x70 || ops[p] > 0x78)
            return REG_ERR_FIELD_TYPE;
        type = (uint8_t)(ops[p] - 0x6f);
        p++;
        w = reg_field_width(type);
        if (w == 0) {
            r = reg_compact_read(ops, len, &p, &vlen, REG_ERR_FIELD_VALUE);
            if (r != LX_OK)
                return r;
        } else {
            vlen = (uint64_t)w;
        }
        if (len - p < vlen)
            return REG_ERR_FIELD_VALUE;
        if (f == NULL || f->type != type || f->value_len != vlen)
            return REG_ERR_FIELD_MISMATCH;
        if (!f->is_mutable)
            return REG_ERR_FIELD_IMMUTABLE;
        if (done[idx])
            return REG_ERR_FIELD_DUPLICATE;
        done[idx] = true;
        lx_memcpy(out + f->value_off, ops + p, (size_t)vlen);
        p += (size_t)vlen;
    }
    return LX_OK;
}

static int check_create(const struct contract *c, const struct contract_ctx *ctx,
                        struct reg_state *post)
{
    int r;

    post->version = REG_STATE_VERSION;
    post->type = c->reg_type;
    lx_memcpy(post->owner, ctx->caller, 32);
    post->created = ctx->timestamp;
    post->modified = ctx->timestamp;
    post->data = c->data;
    post->data_len = c->data_len;
    if (c->data_len > REG_MAX_DATA)
        return REG_ERR_DATA_SIZE;
    if (post->type < REG_READONLY || post->type > REG_OBJECT)
        return REG_ERR_TYPE;
    if (!address_fits(addr_type(c->address), c->reg_type))
        return REG_ERR_ADDRESS_TYPE;
    if (c->reg_type == REG_OBJECT) {
        struct reg_object obj;

        r = reg_object_parse(c->data, c->data_len, &obj, NULL);
        if (r != LX_OK)
            return r;
        if (addr_type(c->address) == ADDR_NAME) {
            struct reg_name nm;

            r = reg_name_parse(post, &nm, NULL);
            if (r != LX_OK)
                return r;
            r = reg_name_check_address(&nm, ctx->caller, c->address);
            if (r != LX_OK)
                return r;
        }
    }
    return LX_OK;
}

static int apply_to_pre(const struct contract *c, const struct contract_ctx *ctx,
                        struct reg_state *post, uint8_t *scratch)
{
    const struct reg_state *pre = &c->pre;
    int r;

    *post = *pre;
    post->modified = ctx->timestamp;
    switch (c->op) {
    case OP_WRITE:
        if (lx_memcmp(pre->owner, ctx->caller, 32) != 0)
            return REG_ERR_OWNER;
        if (pre->type == REG_READONLY || pre->type == REG_APPEND)
            return REG_ERR_WRITE_TYPE;
        if (pre->type == REG_OBJECT) {
            r = write_object(pre, c->data, c->data_len, scratch);
            if (r != LX_OK)
                return r;
            post->data = scratch;
        } else {
            if (c->data_len != pre->data_len)
                return REG_ERR_WRITE_SIZE;
            post->data = c->data;
        }
        return LX_OK;
    case OP_APPEND:
        if (lx_memcmp(pre->owner, ctx->caller, 32) != 0)
            return REG_ERR_OWNER;
        if (pre->type != REG_RAW && pre->type != REG_APPEND)
            return REG_ERR_WRITE_TYPE;
        if (c->data_len > REG_MAX_DATA - pre->data_len)
            return REG_ERR_WRITE_SIZE;
        lx_memcpy(scratch, pre->data, pre->data_len);
        lx_memcpy(scratch + pre->data_len, c->data, c->data_len);
        post->data = scratch;
        post->data_len = pre->data_len + c->data_len;
        return LX_OK;
    case OP_TRANSFER:
        if (lx_memcmp(pre->owner, ctx->caller, 32) != 0)
            return REG_ERR_OWNER;
        /* Until claimed the register belongs to nobody: the sender's
         * genesis with the SYSTEM type byte 0x00 (version > 1), or zero;
         * a forced transfer hands it over at once. */
        if (c->transfer_flag == TRANSFER_FORCE) {
            lx_memcpy(post->owner, c->recipient, 32);
        } else if (ctx->tx_version > 1) {
            lx_memcpy(post->owner, ctx->caller, 32);
            post->owner[31] = 0x00;
        } else {
            lx_memset(post->owner, 0, 32);
        }
        return LX_OK;
    case OP_CLAIM:
        /* The recipient is named in the TRANSFER contract, which is not
         * part of this one: here only "in transfer" is visible. */
        if (pre->owner[31] != 0x00)
            return REG_ERR_NOT_CLAIMABLE;
        lx_memcpy(post->owner, ctx->caller, 32);
        return LX_OK;
    default:
        return REG_ERR_UNSUPPORTED;
    }
}

int contract_check_states(const struct contract *c, const struct contract_ctx *ctx,
                          struct reg_state *post, uint8_t scratch[REG_MAX_DATA])
{
    struct reg_state tmp;
    int r;

    if (c == NULL || ctx == NULL || ctx->caller == NULL || scratch == NULL)
        return LX_ERR_PARAM;
    if (post == NULL)
        post = &tmp;
    switch (c->op) {
    case OP_AUTHORIZE:
    case OP_COINBASE:
        return LX_OK;
    case OP_CREATE:
        r = check_create(c, ctx, post);
        break;
    case OP_WRITE:
    case OP_APPEND:
    case OP_TRANSFER:
    case OP_CLAIM:
        if (!c->has_pre)
            return CON_ERR_STATE_MARKER;
        r = reg_state_check(&c->pre);
        if (r != LX_OK)
            return r;
        r = apply_to_pre(c, ctx, post, scratch);
        break;
    default:
        return REG_ERR_UNSUPPORTED;
    }
    if (r != LX_OK)
        return r;
    post->checksum = reg_state_hash(post);
    if (!c->has_post || post->checksum != c->post_checksum)
        return REG_ERR_POSTSTATE;
    return LX_OK;
}
