/*
 * Flattened device tree reader: header check, a bounds-checked token
 * walker, and the few queries the kernel makes at boot. See fdt.h.
 */
#include "fdt/fdt.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/status.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_HEADER_SIZE 40
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t hdr(const uint8_t *b, int field)
{
    return load_be32(b + 4 * field);
}

/* off + len within limit, without overflow. */
static int fits(uint32_t off, uint32_t len, uint32_t limit)
{
    return off <= limit && len <= limit - off;
}

int fdt_open(struct fdt *fdt, const void *blob, size_t max_len)
{
    const uint8_t *b = blob;

    if (max_len < FDT_HEADER_SIZE)
        return FDT_ERR_TRUNCATED;
    if (hdr(b, 0) != FDT_MAGIC)
        return FDT_ERR_MAGIC;
    uint32_t total = hdr(b, 1);
    if (total < FDT_HEADER_SIZE || total > max_len)
        return FDT_ERR_TRUNCATED;
    if (hdr(b, 6) > 17 || hdr(b, 5) < 16)
        return FDT_ERR_VERSION;
    uint32_t so = hdr(b, 2), ss = hdr(b, 9), to = hdr(b, 3), ts = hdr(b, 8);
    if (!fits(so, ss, total) || !fits(to, ts, total) || (so & 3) || (ss & 3))
        return FDT_ERR_TRUNCATED;
    fdt->blob = b;
    fdt->size = total;
    fdt->struct_off = so;
    fdt->struct_size = ss;
    fdt->strings_off = to;
    fdt->strings_size = ts;
    return LX_OK;
}

void fdt_walk_start(struct fdt_walk *w, const struct fdt *fdt)
{
    w->fdt = fdt;
    w->pos = 0;
    w->depth = 0;
    w->done = 0;
}

/* Length of the NUL-terminated string at p (within max bytes), or -1. */
static int64_t bounded_strlen(const uint8_t *p, uint32_t max)
{
    for (uint32_t i = 0; i < max; i++) {
        if (p[i] == 0)
            return i;
    }
    return -1;
}

static uint32_t align4(uint32_t x)
{
    return (x + 3) & ~3u;
}

static int walk_fail(struct fdt_walk *w, int err)
{
    w->done = 1;
    return err;
}

static int read_prop(struct fdt_walk *w, const uint8_t *s, uint32_t left, struct fdt_token *tok)
{
    const struct fdt *f = w->fdt;

    if (w->depth == 0 || left < 8)
        return walk_fail(w, FDT_ERR_STRUCTURE);
    uint32_t len = load_be32(s), nameoff = load_be32(s + 4);
    if (len > left - 8 || nameoff >= f->strings_size)
        return walk_fail(w, FDT_ERR_STRUCTURE);
    const uint8_t *name = f->blob + f->strings_off + nameoff;
    if (bounded_strlen(name, f->strings_size - nameoff) < 0)
        return walk_fail(w, FDT_ERR_STRUCTURE);
    tok->type = FDT_TOK_PROP;
    tok->depth = w->depth;
    tok->name = (const char *)name;
    tok->value = s + 8;
    tok->len = len;
    w->pos += 4 + align4(8 + len);
    return LX_OK;
}

int fdt_walk_next(struct fdt_walk *w, struct fdt_token *tok)
{
    const struct fdt *f = w->fdt;

    if (w->done)
        return FDT_ERR_STRUCTURE;
    for (;;) {
        /* Each pass consumes at least 4 bytes, so this ends. */
        if (w->pos > f->struct_size - 4 || f->struct_size < 4)
            return walk_fail(w, FDT_ERR_STRUCTURE);
        const uint8_t *t = f->blob + f->struct_off + w->pos;
        uint32_t left = f->struct_size - w->pos - 4;
        uint32_t token = load_be32(t);

        switch (token) {
        case FDT_NOP:
            w->pos += 4;
            continue;
        case FDT_BEGIN_NODE: {
            int64_t n = bounded_strlen(t + 4, left);
            if (n < 0)
                return walk_fail(w, FDT_ERR_STRUCTURE);
            if (w->depth >= FDT_MAX_DEPTH)
                return walk_fail(w, FDT_ERR_DEPTH);
            tok->type = FDT_TOK_BEGIN_NODE;
            tok->depth = ++w->depth;
            tok->name = (const char *)(t + 4);
            tok->value = NULL;
            tok->len = 0;
            w->pos += 4 + align4((uint32_t)n + 1);
            return LX_OK;
        }
        case FDT_END_NODE:
            if (w->depth == 0)
                return walk_fail(w, FDT_ERR_STRUCTURE);
            tok->type = FDT_TOK_END_NODE;
            tok->depth = w->depth--;
            tok->name = NULL;
            tok->value = NULL;
            tok->len = 0;
            w->pos += 4;
            return LX_OK;
        case FDT_PROP:
            return read_prop(w, t + 4, left, tok);
        case FDT_END:
            if (w->depth != 0)
                return walk_fail(w, FDT_ERR_STRUCTURE);
            tok->type = FDT_TOK_END;
            tok->depth = 0;
            w->done = 1;
            return LX_OK;
        default:
            return walk_fail(w, FDT_ERR_STRUCTURE);
        }
    }
}

/* Does a property value (a list of NUL-terminated strings) contain s? */
static int stringlist_has(const uint8_t *v, uint32_t len, const char *s)
{
    uint32_t i = 0;

    while (i < len) {
        int64_t n = bounded_strlen(v + i, len - i);
        if (n < 0)
            return 0;
        if (lx_streq((const char *)(v + i), s))
            return 1;
        i += (uint32_t)n + 1;
    }
    return 0;
}

static int read_cells(const uint8_t *v, uint32_t cells, uint64_t *out)
{
    if (cells == 1)
        *out = load_be32(v);
    else if (cells == 2)
        *out = load_be64(v);
    else
        return FDT_ERR_CELLS;
    return LX_OK;
}

/*
 * What a query keeps while walking, per open node: the #address-cells and
 * #size-cells that apply to its children, and its own "reg", match state
 * and wanted property. Per depth, because a node's properties come before
 * its children (DTSpec 5.4) and must survive them.
 */
struct node_state {
    uint32_t addr_cells, size_cells;
    const uint8_t *reg;
    uint32_t reg_len;
    const uint8_t *prop;        /* the property fdt_find_compatible_u32 wants */
    uint32_t prop_len;
    int matches;                /* device_type/compatible matched */
};

struct query {
    const char *want_type;      /* device_type to match, or NULL */
    const char *want_compat;    /* compatible entry to match, or NULL */
    const char *want_prop;      /* property to capture, or NULL */
    struct node_state node[FDT_MAX_DEPTH + 1];
};

static void query_prop(struct query *q, const struct fdt_token *tok)
{
    struct node_state *ns = &q->node[tok->depth];

    if (lx_streq(tok->name, "#address-cells") && tok->len == 4)
        ns->addr_cells = load_be32(tok->value);
    else if (lx_streq(tok->name, "#size-cells") && tok->len == 4)
        ns->size_cells = load_be32(tok->value);
    else if (lx_streq(tok->name, "reg")) {
        ns->reg = tok->value;
        ns->reg_len = tok->len;
    } else if (q->want_type && lx_streq(tok->name, "device_type"))
        ns->matches = stringlist_has(tok->value, tok->len, q->want_type);
    else if (q->want_compat && lx_streq(tok->name, "compatible"))
        ns->matches = stringlist_has(tok->value, tok->len, q->want_compat);
    if (q->want_prop && lx_streq(tok->name, q->want_prop)) {
        ns->prop = tok->value;
        ns->prop_len = tok->len;
    }
}

/*
 * Walk to the next node at depth 2 or 3 (a child of the root, or of a bus
 * node under it) that matches q; *depth receives its depth. The walk can
 * be resumed for the next match.
 */
static int query_next(struct fdt_walk *w, struct query *q, int *depth)
{
    struct fdt_token tok;
    int err;

    while ((err = fdt_walk_next(w, &tok)) == LX_OK && tok.type != FDT_TOK_END) {
        int d = tok.depth;
        if (tok.type == FDT_TOK_BEGIN_NODE) {
            struct node_state *ns = &q->node[d];
            lx_memset(ns, 0, sizeof(*ns));
            /* Defaults from DTSpec 2.3.5, for this node's children. */
            ns->addr_cells = 2;
            ns->size_cells = 1;
        } else if (tok.type == FDT_TOK_PROP) {
            query_prop(q, &tok);
        } else if (tok.type == FDT_TOK_END_NODE && d >= 2 && d <= 3 && q->node[d].matches) {
            *depth = d;
            return LX_OK;
        }
    }
    return err != LX_OK ? err : FDT_ERR_NOT_FOUND;
}

/* Decode the ranges of a node's "reg" with its parent's cell sizes. */
static int decode_reg(const struct query *q, int d, struct fdt_range *out, int max, int *n)
{
    const struct node_state *ns = &q->node[d];
    uint32_t ac = q->node[d - 1].addr_cells, sc = q->node[d - 1].size_cells;

    if (ns->reg == NULL)
        return FDT_ERR_NOT_FOUND;
    if (ac < 1 || ac > 2 || sc > 2)
        return FDT_ERR_CELLS;
    uint32_t entry = 4 * (ac + sc);
    if (ns->reg_len % entry != 0)
        return FDT_ERR_STRUCTURE;
    for (uint32_t off = 0; off < ns->reg_len; off += entry) {
        struct fdt_range r = { 0, 0 };
        int err = read_cells(ns->reg + off, ac, &r.base);
        if (err == LX_OK && sc > 0)
            err = read_cells(ns->reg + off + 4 * ac, sc, &r.size);
        if (err != LX_OK)
            return err;
        if (*n >= max)
            return FDT_ERR_SPACE;
        out[(*n)++] = r;
    }
    return LX_OK;
}

static void query_init(struct query *q, const char *type, const char *compat, const char *prop)
{
    lx_memset(q, 0, sizeof(*q));
    q->want_type = type;
    q->want_compat = compat;
    q->want_prop = prop;
    q->node[0].addr_cells = 2;
    q->node[0].size_cells = 1;
}

int fdt_memory(const struct fdt *fdt, struct fdt_range *out, int max, int *n)
{
    struct fdt_walk w;
    struct query q;
    int d, err;

    *n = 0;
    query_init(&q, "memory", NULL, NULL);
    fdt_walk_start(&w, fdt);
    while ((err = query_next(&w, &q, &d)) == LX_OK) {
        err = decode_reg(&q, d, out, max, n);
        if (err != LX_OK)
            return err;
    }
    if (err != FDT_ERR_NOT_FOUND)
        return err;
    return *n > 0 ? LX_OK : FDT_ERR_NOT_FOUND;
}

int fdt_find_compatible_reg(const struct fdt *fdt, const char *compat, struct fdt_range *out)
{
    struct fdt_range r[FDT_MAX_REG];
    struct fdt_walk w;
    struct query q;
    int d, n = 0;

    query_init(&q, NULL, compat, NULL);
    fdt_walk_start(&w, fdt);
    int err = query_next(&w, &q, &d);
    if (err == LX_OK)
        err = decode_reg(&q, d, r, FDT_MAX_REG, &n);
    if (err == LX_OK && n == 0)
        err = FDT_ERR_NOT_FOUND;
    if (err == LX_OK)
        *out = r[0];
    return err;
}

int fdt_find_compatible_prop(const struct fdt *fdt, const char *compat, const char *prop,
                             const uint8_t **value, uint32_t *len)
{
    struct fdt_walk w;
    struct query q;
    int d;

    query_init(&q, NULL, compat, prop);
    fdt_walk_start(&w, fdt);
    int err = query_next(&w, &q, &d);
    if (err != LX_OK)
        return err;
    if (q.node[d].prop == NULL)
        return FDT_ERR_NOT_FOUND;
    *value = q.node[d].prop;
    *len = q.node[d].prop_len;
    return LX_OK;
}

int fdt_find_compatible_u32(const struct fdt *fdt, const char *compat, const char *prop,
                            uint32_t *out)
{
    const uint8_t *v;
    uint32_t len;
    int err = fdt_find_compatible_prop(fdt, compat, prop, &v, &len);

    if (err != LX_OK)
        return err;
    if (len < 4)
        return FDT_ERR_NOT_FOUND;
    *out = load_be32(v);
    return LX_OK;
}

int fdt_find_all_compatible(const struct fdt *fdt, const char *compat, struct fdt_device *out,
                            int max, int *n)
{
    struct fdt_range r[FDT_MAX_REG];
    struct fdt_walk w;
    struct query q;
    int d, err, nr;

    *n = 0;
    query_init(&q, NULL, compat, "interrupts");
    fdt_walk_start(&w, fdt);
    while ((err = query_next(&w, &q, &d)) == LX_OK) {
        nr = 0;
        if ((err = decode_reg(&q, d, r, FDT_MAX_REG, &nr)) != LX_OK)
            return err;
        if (nr == 0)
            continue;
        if (*n >= max)
            return FDT_ERR_SPACE;
        out[*n].reg = r[0];
        out[*n].irq = q.node[d].prop && q.node[d].prop_len >= 4 ? load_be32(q.node[d].prop) : 0;
        (*n)++;
        /* The next node's state starts clean (query_next resets on BEGIN). */
    }
    return err == FDT_ERR_NOT_FOUND ? LX_OK : err;
}

/* Does a node name ("cpus", "memory@80000000") name node, unit ignored? */
static int node_name_is(const char *name, const char *node)
{
    while (*node && *name == *node) {
        name++;
        node++;
    }
    return *node == '\0' && (*name == '\0' || *name == '@');
}

int fdt_node_prop(const struct fdt *fdt, const char *node, const char *prop,
                  const uint8_t **value, uint32_t *len)
{
    struct fdt_walk w;
    struct fdt_token tok;
    int root = node[0] == '\0', in_node = root, err;

    fdt_walk_start(&w, fdt);
    while ((err = fdt_walk_next(&w, &tok)) == LX_OK && tok.type != FDT_TOK_END) {
        if (tok.type == FDT_TOK_BEGIN_NODE && tok.depth == 2)
            in_node = !root && node_name_is(tok.name, node);
        else if (tok.type == FDT_TOK_END_NODE && tok.depth == 2)
            in_node = root;
        else if (tok.type == FDT_TOK_PROP && in_node && tok.depth == (root ? 1 : 2) &&
                 lx_streq(tok.name, prop)) {
            *value = tok.value;
            *len = tok.len;
            return LX_OK;
        }
    }
    return err != LX_OK ? err : FDT_ERR_NOT_FOUND;
}
