/*
 * Nexus register states, object registers, name registers and asset data:
 * parse, serialise and checksum exactly as LLL-TAO 5.1.6 does.
 */
#include "ledger/register.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"
#include "crypto/sk.h"
#include "ledger/address.h"

static void set_off(size_t *err_off, size_t off)
{
    if (err_off != NULL)
        *err_off = off;
}

int reg_compact_read(const uint8_t *buf, size_t len, size_t *pos, uint64_t *out, int trunc_err)
{
    size_t p = *pos;
    uint64_t v;
    uint8_t first;

    if (p >= len)
        return trunc_err;
    first = buf[p++];
    if (first < 0xfd) {
        v = first;
    } else if (first == 0xfd) {
        if (len - p < 2)
            return trunc_err;
        v = load_le16(buf + p);
        p += 2;
        if (v < 0xfd)
            return REG_ERR_COMPACT_SIZE;
    } else if (first == 0xfe) {
        if (len - p < 4)
            return trunc_err;
        v = load_le32(buf + p);
        p += 4;
        if (v < 0x10000)
            return REG_ERR_COMPACT_SIZE;
    } else {
        if (len - p < 8)
            return trunc_err;
        v = load_le64(buf + p);
        p += 8;
        if (v < 0x100000000ull)
            return REG_ERR_COMPACT_SIZE;
    }
    if (v > REG_COMPACT_MAX)
        return REG_ERR_COMPACT_SIZE;
    *pos = p;
    *out = v;
    return LX_OK;
}

size_t reg_compact_size(uint64_t n)
{
    if (n < 0xfd)
        return 1;
    if (n <= 0xffff)
        return 3;
    if (n <= 0xffffffffull)
        return 5;
    return 9;
}

static size_t compact_write(uint8_t *out, uint64_t n)
{
    if (n < 0xfd) {
        out[0] = (uint8_t)n;
        return 1;
    }
    if (n <= 0xffff) {
        out[0] = 0xfd;
        out[1] = (uint8_t)n;
        out[2] = (uint8_t)(n >> 8);
        return 3;
    }
    /* Register data never exceeds REG_MAX_DATA; the wider forms are only
     * read, never written. */
    out[0] = 0xfe;
    store_le32(out + 1, (uint32_t)n);
    return 5;
}

int reg_state_parse(const uint8_t *buf, size_t len, struct reg_state *st, size_t *used,
                    size_t *err_off)
{
    size_t p = 0;
    uint64_t n;
    int r;

    if (buf == NULL && len != 0)
        return LX_ERR_PARAM;
    if (len < 1) {
        set_off(err_off, 0);
        return REG_ERR_TRUNC_VERSION;
    }
    st->version = buf[p++];
    if (len - p < 1) {
        set_off(err_off, p);
        return REG_ERR_TRUNC_TYPE;
    }
    st->type = buf[p++];
    if (len - p < 32) {
        set_off(err_off, p);
        return REG_ERR_TRUNC_OWNER;
    }
    lx_memcpy(st->owner, buf + p, 32);
    p += 32;
    if (len - p < 8) {
        set_off(err_off, p);
        return REG_ERR_TRUNC_CREATED;
    }
    st->created = load_le64(buf + p);
    p += 8;
    if (len - p < 8) {
        set_off(err_off, p);
        return REG_ERR_TRUNC_MODIFIED;
    }
    st->modified = load_le64(buf + p);
    p += 8;
    set_off(err_off, p);
    r = reg_compact_read(buf, len, &p, &n, REG_ERR_TRUNC_DATA);
    if (r != LX_OK)
        return r;
    if (n > REG_MAX_DATA)
        return REG_ERR_DATA_SIZE;
    if (len - p < n) {
        set_off(err_off, p);
        return REG_ERR_TRUNC_DATA;
    }
    st->data = buf + p;
    st->data_len = (size_t)n;
    p += (size_t)n;
    if (len - p < 8) {
        set_off(err_off, p);
        return REG_ERR_TRUNC_CHECKSUM;
    }
    st->checksum = load_le64(buf + p);
    p += 8;
    *used = p;
    return LX_OK;
}

int reg_state_parse_exact(const uint8_t *buf, size_t len, struct reg_state *st,
                          size_t *err_off)
{
    size_t used;
    int r = reg_state_parse(buf, len, st, &used, err_off);

    if (r != LX_OK)
        return r;
    if (used != len) {
        set_off(err_off, used);
        return REG_ERR_TRAILING;
    }
    return LX_OK;
}

size_t reg_state_size(const struct reg_state *st, bool with_checksum)
{
    return REG_HEADER_SIZE + reg_compact_size(st->data_len) + st->data_len +
           (with_checksum ? 8 : 0);
}

/* The fixed header and the data's CompactSize: everything of the GETHASH
 * form except the data bytes. Returns its length. */
static size_t header_bytes(const struct reg_state *st, uint8_t out[REG_HEADER_SIZE + 9])
{
    out[0] = st->version;
    out[1] = st->type;
    lx_memcpy(out + 2, st->owner, 32);
    store_le64(out + 34, st->created);
    store_le64(out + 42, st->modified);
    return REG_HEADER_SIZE + compact_write(out + REG_HEADER_SIZE, st->data_len);
}

int reg_state_serialise(const struct reg_state *st, bool with_checksum, uint8_t *out,
                        size_t cap, size_t *out_len)
{
    uint8_t head[REG_HEADER_SIZE + 9];
    size_t need, h;

    if (st->data_len > REG_MAX_DATA)
        return REG_ERR_DATA_SIZE;
    need = reg_state_size(st, with_checksum);
    if (out == NULL || cap < need)
        return REG_ERR_OUT_SPACE;
    h = header_bytes(st, head);
    lx_memcpy(out, head, h);
    if (st->data_len > 0)
        lx_memcpy(out + h, st->data, st->data_len);
    if (with_checksum)
        store_le64(out + h + st->data_len, st->checksum);
    *out_len = need;
    return LX_OK;
}

uint64_t reg_state_hash(const struct reg_state *st)
{
    uint8_t head[REG_HEADER_SIZE + 9];
    uint8_t digest[8];
    struct sk_ctx ctx;
    size_t h = header_bytes(st, head);

    sk_init(&ctx, SK64);
    sk_update(&ctx, head, h);
    sk_update(&ctx, st->data, st->data_len);
    sk_final(&ctx, digest);
    return load_le64(digest);
}

int reg_state_check(const struct reg_state *st)
{
    if (st->version != REG_STATE_VERSION)
        return REG_ERR_VERSION;
    if (st->type < REG_READONLY || st->type > REG_SYSTEM)
        return REG_ERR_TYPE;
    if (st->data_len > REG_MAX_DATA)
        return REG_ERR_DATA_SIZE;
    if (reg_state_hash(st) != st->checksum)
        return REG_ERR_CHECKSUM;
    return LX_OK;
}

/* ---- object registers ---- */

int reg_field_width(uint8_t type)
{
    switch (type) {
    case REG_T_UINT8: return 1;
    case REG_T_UINT16: return 2;
    case REG_T_UINT32: return 4;
    case REG_T_UINT64: return 8;
    case REG_T_UINT256: return 32;
    case REG_T_UINT512: return 64;
    case REG_T_UINT1024: return 128;
    case REG_T_STRING:
    case REG_T_BYTES: return 0;
    default: return -1;
    }
}

uint64_t reg_field_uint(const struct reg_field *f)
{
    uint64_t v = 0;

    for (size_t i = 0; i < f->value_len && i < 8; i++)
        v |= (uint64_t)f->value[i] << (8 * i);
    return v;
}

static bool name_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    return alen == blen && (alen == 0 || lx_memcmp(a, b, alen) == 0);
}

int reg_object_parse(const uint8_t *data, size_t len, struct reg_object *obj, size_t *err_off)
{
    size_t p = 0;

    obj->n = 0;
    if (data == NULL && len != 0)
        return LX_ERR_PARAM;
    while (p < len) {
        struct reg_field *f;
        uint64_t n;
        int w, r;
        size_t start = p;

        if (obj->n == REG_MAX_FIELDS) {
            set_off(err_off, p);
            return REG_ERR_TOO_MANY_FIELDS;
        }
        f = &obj->f[obj->n];
        set_off(err_off, p);
        r = reg_compact_read(data, len, &p, &n, REG_ERR_FIELD_NAME);
        if (r != LX_OK)
            return r;
        if (len - p < n) {
            set_off(err_off, p);
            return REG_ERR_FIELD_NAME;
        }
        f->name = data + p;
        f->name_len = (size_t)n;
        p += (size_t)n;
        for (size_t i = 0; i < obj->n; i++)
            if (name_eq(obj->f[i].name, obj->f[i].name_len, f->name, f->name_len)) {
                set_off(err_off, start);
                return REG_ERR_FIELD_DUPLICATE;
            }
        if (p >= len) {
            set_off(err_off, p);
            return REG_ERR_FIELD_TYPE;
        }
        f->is_mutable = false;
        if (data[p] == REG_T_MUTABLE) {
            f->is_mutable = true;
            p++;
            if (p >= len) {
                set_off(err_off, p);
                return REG_ERR_FIELD_TYPE;
            }
        }
        f->type = data[p];
        w = reg_field_width(f->type);
        if (w < 0) {
            set_off(err_off, p);
            return REG_ERR_FIELD_TYPE;
        }
        p++;
        if (w == 0) {
            set_off(err_off, p);
            r = reg_compact_read(data, len, &p, &n, REG_ERR_FIELD_VALUE);
            if (r != LX_OK)
                return r;
        } else {
            n = (uint64_t)w;
        }
        if (len - p < n) {
            set_off(err_off, p);
            return REG_ERR_FIELD_VALUE;
        }
        f->value = data + p;
        f->value_len = (size_t)n;
        f->value_off = p;
        p += (size_t)n;
        obj->n++;
    }
    return LX_OK;
}

const struct reg_field *reg_object_find(const struct reg_object *obj, const char *name)
{
    size_t len = 0;

    while (name[len] != '\0')
        len++;
    for (size_t i = 0; i < obj->n; i++)
        if (name_eq(obj->f[i].name, obj->f[i].name_len, (const uint8_t *)name, len))
            return &obj->f[i];
    return NULL;
}

/* ---- name registers and asset data ---- */

int reg_name_parse(const struct reg_state *st, struct reg_name *out, size_t *err_off)
{
    struct reg_object obj;
    const struct reg_field *ns, *name, *addr;
    int r;

    if (st->type != REG_OBJECT)
        return REG_ERR_NOT_OBJECT;
    r = reg_object_parse(st->data, st->data_len, &obj, err_off);
    if (r != LX_OK)
        return r;
    ns = reg_object_find(&obj, "namespace");
    name = reg_object_find(&obj, "name");
    addr = reg_object_find(&obj, "address");
    if (ns == NULL || ns->type != REG_T_STRING || name == NULL || name->type != REG_T_STRING ||
        addr == NULL || addr->type != REG_T_UINT256)
        return REG_ERR_NAME_FIELDS;
    out->ns = ns->value;
    out->ns_len = ns->value_len;
    out->name = name->value;
    out->name_len = name->value_len;
    out->target = addr->value;
    return LX_OK;
}

int reg_name_check_address(const struct reg_name *nm, const uint8_t owner_raw[32],
                           const uint8_t addr_raw[32])
{
    uint8_t want[32];

    addr_of_name(nm->ns, nm->ns_len, nm->name, nm->name_len, owner_raw, want);
    if (lx_memcmp(want, addr_raw, 32) != 0)
        return REG_ERR_NAME_ADDRESS;
    return LX_OK;
}

int reg_asset_parse(const uint8_t *data, size_t len, struct reg_asset *out, size_t *err_off)
{
    size_t p = 2;
    uint64_t n;
    int r;

    if (data == NULL || len < 2) {
        set_off(err_off, 0);
        return REG_ERR_ASSET_DATA;
    }
    out->user_type = load_le16(data);
    set_off(err_off, p);
    r = reg_compact_read(data, len, &p, &n, REG_ERR_ASSET_DATA);
    if (r != LX_OK)
        return r;
    if (len - p != n) {
        set_off(err_off, p);
        return REG_ERR_ASSET_DATA;
    }
    out->value = data + p;
    out->value_len = (size_t)n;
    return LX_OK;
}
