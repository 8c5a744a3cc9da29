/*
 * The LXFS manifest: paths, their order, the entry encoding, and the one
 * pass that checks a whole manifest before anything else looks at it.
 */
#include "lxfs/lxfs.h"

#include "base/endian.h"
#include "base/mem.h"

static const uint8_t manifest_magic[8] = { 'L', 'X', 'F', 'S', 'M', 'A', 'N', 'I' };

#define MANIFEST_VERSION 1u

enum {
    EN_PATH_LEN = 0,
    EN_TYPE = 2,
    EN_RESERVED = 3,
    EN_MODE = 4,
    EN_SIZE = 8,
    EN_DATA = 16,
    EN_TREE = 24,
    EN_ROOT = 32,
    EN_DIGEST = 64,
    EN_PATH = 96,
};

_Static_assert(EN_PATH == LXFS_ENTRY_FIXED, "entry layout");

/* '/' sorts before every byte a component may hold, which makes byte order
 * on the mapped strings the same as component-by-component order. */
static unsigned path_key(uint8_t c)
{
    return c == '/' ? 0u : (unsigned)c + 1u;
}

int lxfs_path_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;

    for (size_t i = 0; i < n; i++) {
        unsigned ka = path_key(a[i]), kb = path_key(b[i]);
        if (ka != kb)
            return ka < kb ? -1 : 1;
    }
    return alen == blen ? 0 : (alen < blen ? -1 : 1);
}

int lxfs_path_check(const uint8_t *path, size_t len)
{
    size_t start = 0;

    if (len == 0 || len > LXFS_MAX_PATH)
        return LXFS_ERR_PATH;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && path[i] != '/') {
            if (path[i] < 0x20 || path[i] == 0x7f)
                return LXFS_ERR_PATH;
            continue;
        }
        size_t clen = i - start;
        if (clen == 0)
            return LXFS_ERR_PATH;       /* leading, trailing or doubled '/' */
        if (path[start] == '.' && (clen == 1 || (clen == 2 && path[start + 1] == '.')))
            return LXFS_ERR_PATH;
        start = i + 1;
    }
    return LX_OK;
}

uint64_t lxfs_data_blocks(uint64_t size)
{
    return size / LXFS_BLOCK_SIZE + (size % LXFS_BLOCK_SIZE != 0);
}

int lxfs_tree_blocks(const struct fsverity_params *p, uint64_t size, uint64_t *blocks)
{
    struct fsverity_geometry g;

    if (fsverity_tree_geometry(p, size, &g) != LX_OK || g.block_size != LXFS_BLOCK_SIZE)
        return LXFS_ERR_PARAMS;
    *blocks = g.tree_size / LXFS_BLOCK_SIZE;
    return LX_OK;
}

/* Raw decode of the entry at off: bounds only. */
static int entry_decode(const uint8_t *bytes, size_t size, size_t off, struct lxfs_entry *e,
                        size_t *next)
{
    if (off > size || size - off < LXFS_ENTRY_FIXED)
        return LXFS_ERR_MANIFEST_TRUNCATED;
    const uint8_t *p = bytes + off;
    e->path_len = load_le16(p + EN_PATH_LEN);
    if (size - off - LXFS_ENTRY_FIXED < e->path_len)
        return LXFS_ERR_MANIFEST_TRUNCATED;
    e->type = p[EN_TYPE];
    e->mode = load_le32(p + EN_MODE);
    e->size = load_le64(p + EN_SIZE);
    e->data_block = load_le64(p + EN_DATA);
    e->tree_block = load_le64(p + EN_TREE);
    lx_memcpy(e->root, p + EN_ROOT, LXFS_HASH_SIZE);
    lx_memcpy(e->digest, p + EN_DIGEST, LXFS_HASH_SIZE);
    e->path = p + EN_PATH;
    *next = off + LXFS_ENTRY_FIXED + e->path_len;
    return LX_OK;
}

static bool zero_hash(const uint8_t h[LXFS_HASH_SIZE])
{
    uint8_t acc = 0;

    for (unsigned i = 0; i < LXFS_HASH_SIZE; i++)
        acc |= h[i];
    return acc == 0;
}

static bool extent_ok(uint64_t start, uint64_t count, uint64_t volume_blocks)
{
    if (count == 0)
        return start == 0;
    return start >= LXFS_FIRST_DATA_BLOCK && start < volume_blocks &&
           count <= volume_blocks - start;
}

/* The fields of one entry on their own (not its place among the others). */
static int entry_check_fields(const struct lxfs_entry *e, const uint8_t *raw,
                              const struct fsverity_params *p, uint64_t volume_blocks,
                              int64_t *field)
{
    uint64_t tree_blocks;

    *field = EN_PATH_LEN;
    if (e->path_len == 0 || e->path_len > LXFS_MAX_PATH)
        return LXFS_ERR_PATH;
    *field = EN_RESERVED;
    if (raw[EN_RESERVED] != 0)
        return LXFS_ERR_ENTRY_FIELD;
    *field = EN_TYPE;
    if (e->type != LXFS_TYPE_FILE && e->type != LXFS_TYPE_DIR)
        return LXFS_ERR_TYPE;
    *field = EN_MODE;
    if ((e->mode & ~LXFS_MODE_MASK) != 0)
        return LXFS_ERR_MODE;
    *field = EN_PATH;
    if (lxfs_path_check(e->path, e->path_len) != LX_OK)
        return LXFS_ERR_PATH;
    if (e->type == LXFS_TYPE_DIR) {
        *field = EN_SIZE;
        if (e->size != 0 || e->data_block != 0 || e->tree_block != 0 || !zero_hash(e->root) ||
            !zero_hash(e->digest))
            return LXFS_ERR_ENTRY_FIELD;
        return LX_OK;
    }
    *field = EN_SIZE;
    if (e->size > LXFS_MAX_FILE_SIZE)
        return LXFS_ERR_FILE_SIZE;
    if (lxfs_tree_blocks(p, e->size, &tree_blocks) != LX_OK)
        return LXFS_ERR_PARAMS;
    *field = EN_DATA;
    if (!extent_ok(e->data_block, lxfs_data_blocks(e->size), volume_blocks))
        return LXFS_ERR_EXTENT;
    *field = EN_TREE;
    if (!extent_ok(e->tree_block, tree_blocks, volume_blocks))
        return LXFS_ERR_EXTENT;
    *field = EN_ROOT;
    if (e->size == 0 && !zero_hash(e->root))
        return LXFS_ERR_ENTRY_FIELD;
    *field = EN_DIGEST;
    if (fsverity_check_root(p, e->size, e->root, e->digest) != LX_OK)
        return LXFS_ERR_ENTRY_DIGEST;
    return LX_OK;
}

/* The ancestors of the current entry that are directories, outermost first;
 * component order keeps every directory's contents right after it. */
struct dir_stack {
    unsigned depth;
    const uint8_t *path[LXFS_MAX_DEPTH];
    uint16_t len[LXFS_MAX_DEPTH];
};

static bool is_inside(const struct lxfs_entry *e, const uint8_t *dir, uint16_t dlen)
{
    return e->path_len > dlen && e->path[dlen] == '/' && lx_memcmp(e->path, dir, dlen) == 0;
}

static int entry_check_parent(struct dir_stack *st, const struct lxfs_entry *e)
{
    size_t parent_len = 0;

    while (st->depth > 0 && !is_inside(e, st->path[st->depth - 1], st->len[st->depth - 1]))
        st->depth--;
    for (size_t i = 0; i < e->path_len; i++)
        if (e->path[i] == '/')
            parent_len = i;
    if (parent_len != 0 && (st->depth == 0 || st->len[st->depth - 1] != parent_len))
        return LXFS_ERR_PARENT;
    if (e->type == LXFS_TYPE_DIR) {
        if (st->depth == LXFS_MAX_DEPTH)
            return LXFS_ERR_PATH;
        st->path[st->depth] = e->path;
        st->len[st->depth] = e->path_len;
        st->depth++;
    }
    return LX_OK;
}

static int manifest_check_header(const uint8_t *bytes, size_t size, uint32_t *count,
                                 struct lxfs_where *w)
{
    if (size < LXFS_HEADER_SIZE) {
        w->offset = 0;
        return LXFS_ERR_MANIFEST_TRUNCATED;
    }
    for (unsigned i = 16; i < LXFS_HEADER_SIZE; i++) {
        if (bytes[i] != 0) {
            w->offset = i;
            return LXFS_ERR_MANIFEST_HEADER;
        }
    }
    w->offset = 0;
    if (lx_memcmp(bytes, manifest_magic, sizeof(manifest_magic)) != 0)
        return LXFS_ERR_MANIFEST_HEADER;
    w->offset = 8;
    if (load_le32(bytes + 8) != MANIFEST_VERSION)
        return LXFS_ERR_MANIFEST_HEADER;
    w->offset = 12;
    *count = load_le32(bytes + 12);
    if (*count > LXFS_MAX_ENTRIES)
        return LXFS_ERR_TOO_MANY;
    return LX_OK;
}

static int manifest_check(const uint8_t *bytes, size_t size, const struct fsverity_params *p,
                          uint64_t volume_blocks, uint32_t *count_out, struct lxfs_where *w)
{
    struct dir_stack st;                /* no initialiser: it would be a memset call */
    struct lxfs_entry e;
    const uint8_t *prev_path = NULL;
    uint16_t prev_len = 0;
    size_t off = LXFS_HEADER_SIZE, next;
    uint32_t count;
    int64_t field;
    int r;

    st.depth = 0;
    if (size > LXFS_MAX_MANIFEST) {
        w->offset = 0;
        return LXFS_ERR_MANIFEST_SIZE;
    }
    if ((r = manifest_check_header(bytes, size, &count, w)) != LX_OK)
        return r;
    for (uint32_t i = 0; i < count; i++) {
        w->entry = i;
        w->offset = (int64_t)off;
        if ((r = entry_decode(bytes, size, off, &e, &next)) != LX_OK)
            return r;
        if ((r = entry_check_fields(&e, bytes + off, p, volume_blocks, &field)) != LX_OK) {
            w->offset = (int64_t)(off + (size_t)field);
            return r;
        }
        w->offset = (int64_t)(off + EN_PATH);
        if (i > 0 && lxfs_path_cmp(prev_path, prev_len, e.path, e.path_len) >= 0)
            return LXFS_ERR_ORDER;
        if ((r = entry_check_parent(&st, &e)) != LX_OK)
            return r;
        prev_path = e.path;
        prev_len = e.path_len;
        off = next;
    }
    w->entry = -1;
    w->offset = (int64_t)off;
    if (off != size)
        return LXFS_ERR_MANIFEST_TRAILING;
    *count_out = count;
    return LX_OK;
}

int lxfs_manifest_open(struct lxfs_manifest *m, const uint8_t *bytes, size_t size,
                       const struct fsverity_params *p, uint64_t volume_blocks,
                       struct lxfs_where *w)
{
    struct lxfs_where local;
    uint32_t count;
    int r;

    if (w == NULL)
        w = &local;
    lxfs_where_clear(w);
    m->bytes = NULL;
    m->size = 0;
    m->count = 0;
    if ((r = manifest_check(bytes, size, p, volume_blocks, &count, w)) != LX_OK)
        return r;
    m->bytes = bytes;
    m->size = size;
    m->count = count;
    return LX_OK;
}

int lxfs_entry_next(const struct lxfs_manifest *m, size_t *off, struct lxfs_entry *e)
{
    size_t next;

    if (m->bytes == NULL)
        return LX_ERR_STATE;
    if (*off == 0)
        *off = LXFS_HEADER_SIZE;
    if (*off >= m->size)
        return LXFS_ERR_NOT_FOUND;
    if (entry_decode(m->bytes, m->size, *off, e, &next) != LX_OK)
        return LX_ERR_STATE;            /* cannot happen on an opened manifest */
    *off = next;
    return LX_OK;
}

int lxfs_manifest_find(const struct lxfs_manifest *m, const uint8_t *path, size_t len,
                       struct lxfs_entry *e, uint32_t *index)
{
    size_t off = 0;
    uint32_t i = 0;
    int r;

    while ((r = lxfs_entry_next(m, &off, e)) == LX_OK) {
        int c = lxfs_path_cmp(e->path, e->path_len, path, len);
        if (c == 0) {
            if (index != NULL)
                *index = i;
            return LX_OK;
        }
        if (c > 0)
            break;                      /* sorted: it is not further on */
        i++;
    }
    return r == LX_OK || r == LXFS_ERR_NOT_FOUND ? LXFS_ERR_NOT_FOUND : r;
}

void lxfs_manifest_header_encode(uint8_t out[LXFS_HEADER_SIZE], uint32_t count)
{
    lx_memset(out, 0, LXFS_HEADER_SIZE);
    lx_memcpy(out, manifest_magic, sizeof(manifest_magic));
    store_le32(out + 8, MANIFEST_VERSION);
    store_le32(out + 12, count);
}

size_t lxfs_entry_encode(const struct lxfs_entry *e, uint8_t *out, size_t cap)
{
    size_t n = LXFS_ENTRY_FIXED + e->path_len;

    if (cap < n)
        return 0;
    store_le16(out + EN_PATH_LEN, e->path_len);
    out[EN_TYPE] = e->type;
    out[EN_RESERVED] = 0;
    store_le32(out + EN_MODE, e->mode);
    store_le64(out + EN_SIZE, e->size);
    store_le64(out + EN_DATA, e->data_block);
    store_le64(out + EN_TREE, e->tree_block);
    lx_memcpy(out + EN_ROOT, e->root, LXFS_HASH_SIZE);
    lx_memcpy(out + EN_DIGEST, e->digest, LXFS_HASH_SIZE);
    lx_memcpy(out + EN_PATH, e->path, e->path_len);
    return n;
}
