/*
 * Writing LXFS volumes copy-on-write: a free-block bitmap built from the
 * committed volume (so nothing it uses is ever overwritten), and a writer
 * that streams one file — data blocks and its fs-verity tree — into fresh
 * extents. The manifest is written with the same writer; the commit itself
 * is lxfs_commit_super.
 */
#include "lxfs/lxfs.h"

#include "base/mem.h"

static bool bit_get(const struct lxfs_alloc *a, uint64_t i)
{
    return (a->bits[i / 8] >> (i % 8)) & 1;
}

static void bit_set(struct lxfs_alloc *a, uint64_t i)
{
    a->bits[i / 8] |= (uint8_t)(1u << (i % 8));
}

int lxfs_alloc_init(struct lxfs_alloc *a, uint8_t *bits, size_t bits_size, uint64_t blocks)
{
    if (blocks < LXFS_MIN_VOLUME_BLOCKS || blocks > LXFS_MAX_VOLUME_BLOCKS)
        return LXFS_ERR_VOLUME_SIZE;
    if (bits_size < (blocks + 7) / 8)
        return LX_ERR_PARAM;
    lx_memset(bits, 0, (size_t)((blocks + 7) / 8));
    a->bits = bits;
    a->blocks = blocks;
    a->used = 0;
    return lxfs_alloc_mark(a, 0, LXFS_FIRST_DATA_BLOCK);
}

int lxfs_alloc_mark(struct lxfs_alloc *a, uint64_t start, uint64_t count)
{
    if (start > a->blocks || count > a->blocks - start)
        return LXFS_ERR_EXTENT;
    for (uint64_t i = start; i < start + count; i++)
        if (bit_get(a, i))
            return LXFS_ERR_OVERLAP;
    for (uint64_t i = start; i < start + count; i++)
        bit_set(a, i);
    a->used += count;
    return LX_OK;
}

static int mark_file(struct lxfs_alloc *a, const struct fsverity_params *p, uint64_t size,
                     uint64_t data_block, uint64_t tree_block, struct lxfs_where *w)
{
    uint64_t tree_blocks;
    int r;

    if ((r = lxfs_tree_blocks(p, size, &tree_blocks)) != LX_OK)
        return r;
    if (size > 0 && (r = lxfs_alloc_mark(a, data_block, lxfs_data_blocks(size))) != LX_OK) {
        if (w != NULL)
            w->block = (int64_t)data_block;
        return r;
    }
    if (tree_blocks > 0 && (r = lxfs_alloc_mark(a, tree_block, tree_blocks)) != LX_OK) {
        if (w != NULL)
            w->block = (int64_t)tree_block;
        return r;
    }
    return LX_OK;
}

int lxfs_alloc_mark_volume(struct lxfs_alloc *a, const struct lxfs_super *s,
                           const struct lxfs_manifest *m, struct lxfs_where *w)
{
    struct fsverity_params p;
    struct lxfs_entry e;
    size_t off = 0;
    int64_t i = 0;
    int r;

    lxfs_where_clear(w);
    if ((r = lxfs_params(s->salt, s->salt_size, &p)) != LX_OK)
        return r;
    r = mark_file(a, &p, s->manifest_size, s->manifest_block, s->manifest_tree_block, w);
    if (r != LX_OK)
        return r;
    while ((r = lxfs_entry_next(m, &off, &e)) == LX_OK) {
        if (w != NULL)
            w->entry = i;
        if (e.type == LXFS_TYPE_FILE &&
            (r = mark_file(a, &p, e.size, e.data_block, e.tree_block, w)) != LX_OK)
            return r;
        i++;
    }
    if (w != NULL)
        w->entry = -1;
    return r == LXFS_ERR_NOT_FOUND ? LX_OK : r;
}

int lxfs_alloc_take(struct lxfs_alloc *a, uint64_t count, uint64_t *start)
{
    uint64_t run = 0;

    if (count == 0) {
        *start = 0;
        return LX_OK;
    }
    for (uint64_t i = LXFS_FIRST_DATA_BLOCK; i < a->blocks; i++) {
        /* Skip whole used bytes quickly: most of a full volume is used. */
        if (i % 8 == 0 && a->bits[i / 8] == 0xff && i + 8 <= a->blocks) {
            run = 0;
            i += 7;
            continue;
        }
        run = bit_get(a, i) ? 0 : run + 1;
        if (run == count) {
            *start = i + 1 - count;
            return lxfs_alloc_mark(a, *start, count);
        }
    }
    return LXFS_ERR_NO_SPACE;
}

/* ---- the file writer ------------------------------------------------------ */

static int write_blocks(struct lxfs_writer *wr, uint64_t block, uint32_t count, const void *buf)
{
    return wr->dev->write(wr->dev->arg, block, count, buf) == 0 ? LX_OK : LXFS_ERR_IO;
}

/* Tree bytes arrive 32 at a time, level by level in order: gather each
 * level's current block and write it out whole. */
static int tree_emit(void *arg, unsigned level, uint64_t offset, const uint8_t *bytes,
                     size_t len)
{
    struct lxfs_writer *wr = arg;

    if (level >= wr->geo.levels || offset != wr->level_pos[level])
        return -1;
    while (len > 0) {
        size_t in = (size_t)(wr->level_pos[level] % LXFS_BLOCK_SIZE);
        size_t n = LXFS_BLOCK_SIZE - in < len ? LXFS_BLOCK_SIZE - in : len;
        lx_memcpy(wr->level_block[level] + in, bytes, n);
        wr->level_pos[level] += n;
        bytes += n;
        len -= n;
        if (wr->level_pos[level] % LXFS_BLOCK_SIZE == 0) {
            uint64_t block = wr->tree_block +
                             (wr->geo.level_offset[level] + wr->level_pos[level]) /
                                 LXFS_BLOCK_SIZE - 1;
            if (write_blocks(wr, block, 1, wr->level_block[level]) != LX_OK)
                return -1;
        }
    }
    return 0;
}

int lxfs_writer_begin(struct lxfs_writer *wr, const struct lxfs_dev *dev,
                      const struct fsverity_params *p, struct lxfs_alloc *a, uint64_t size)
{
    uint64_t tree_blocks;
    int r;

    if (size > LXFS_MAX_FILE_SIZE)
        return LXFS_ERR_FILE_SIZE;
    lx_memset(wr->level_pos, 0, sizeof(wr->level_pos));
    wr->dev = dev;
    wr->size = size;
    wr->written = 0;
    wr->fill = 0;
    wr->err = LX_OK;
    if (fsverity_tree_geometry(p, size, &wr->geo) != LX_OK)
        return LXFS_ERR_PARAMS;
    if ((r = lxfs_tree_blocks(p, size, &tree_blocks)) != LX_OK)
        return r;
    if ((r = lxfs_alloc_take(a, lxfs_data_blocks(size), &wr->data_block)) != LX_OK)
        return r;
    if ((r = lxfs_alloc_take(a, tree_blocks, &wr->tree_block)) != LX_OK)
        return r;
    return fsverity_builder_init(&wr->b, p, tree_blocks > 0 ? tree_emit : NULL, wr);
}

/* Data goes to the device in whole blocks: straight from the caller's
 * buffer when aligned runs allow, through wr->block otherwise. */
static int writer_push(struct lxfs_writer *wr, const uint8_t *d, size_t len)
{
    uint64_t next = wr->data_block + wr->written / LXFS_BLOCK_SIZE;

    if (wr->fill == 0 && len >= LXFS_BLOCK_SIZE) {
        size_t whole = len / LXFS_BLOCK_SIZE;
        if (whole > 256)
            whole = 256;
        int r = write_blocks(wr, next, (uint32_t)whole, d);
        if (r == LX_OK)
            wr->written += whole * LXFS_BLOCK_SIZE;
        return r == LX_OK ? (int)(whole * LXFS_BLOCK_SIZE) : r;
    }
    size_t n = LXFS_BLOCK_SIZE - wr->fill < len ? LXFS_BLOCK_SIZE - wr->fill : len;
    lx_memcpy(wr->block + wr->fill, d, n);
    wr->fill += (uint32_t)n;
    if (wr->fill == LXFS_BLOCK_SIZE) {
        int r = write_blocks(wr, next, 1, wr->block);
        if (r != LX_OK)
            return r;
        wr->written += LXFS_BLOCK_SIZE;
        wr->fill = 0;
    }
    return (int)n;
}

int lxfs_writer_update(struct lxfs_writer *wr, const void *data, size_t len)
{
    const uint8_t *d = data;
    int r;

    if (wr->err != LX_OK)
        return wr->err;
    if (len > wr->size - wr->written - wr->fill)
        return wr->err = LXFS_ERR_SIZE_MISMATCH;
    if ((r = fsverity_builder_update(&wr->b, d, len)) != LX_OK)
        return wr->err = r == MERKLE_ERR_IO ? LXFS_ERR_IO : r;
    while (len > 0) {
        if ((r = writer_push(wr, d, len)) < 0)
            return wr->err = r;
        d += r;
        len -= (size_t)r;
    }
    return LX_OK;
}

int lxfs_writer_finish(struct lxfs_writer *wr, struct lxfs_entry *e)
{
    uint8_t root[FSVERITY_MAX_DIGEST], digest[FSVERITY_MAX_DIGEST];
    int r;

    if (wr->err != LX_OK)
        return wr->err;
    if (wr->written + wr->fill != wr->size)
        return wr->err = LXFS_ERR_SIZE_MISMATCH;
    if (wr->fill > 0) {
        lx_memset(wr->block + wr->fill, 0, LXFS_BLOCK_SIZE - wr->fill);
        if ((r = write_blocks(wr, wr->data_block + wr->written / LXFS_BLOCK_SIZE, 1,
                              wr->block)) != LX_OK)
            return wr->err = r;
        wr->written += wr->fill;
        wr->fill = 0;
    }
    if ((r = fsverity_builder_final(&wr->b, root, digest)) != LX_OK)
        return wr->err = r == MERKLE_ERR_IO ? LXFS_ERR_IO : r;
    for (unsigned l = 0; l < wr->geo.levels; l++)
        if (wr->level_pos[l] != wr->geo.level_blocks[l] * LXFS_BLOCK_SIZE)
            return wr->err = LX_ERR_STATE;   /* the builder left a block unwritten */
    e->size = wr->size;
    e->data_block = wr->size == 0 ? 0 : wr->data_block;
    e->tree_block = wr->geo.levels == 0 ? 0 : wr->tree_block;
    lx_memcpy(e->root, root, LXFS_HASH_SIZE);
    lx_memcpy(e->digest, digest, LXFS_HASH_SIZE);
    return LX_OK;
}

/* ---- the commit ----------------------------------------------------------- */

static int manifest_encode(const struct lxfs_entry *entries, uint32_t count, uint8_t *out,
                           size_t cap, size_t *size)
{
    size_t off = LXFS_HEADER_SIZE;

    if (count > LXFS_MAX_ENTRIES)
        return LXFS_ERR_TOO_MANY;
    if (cap < LXFS_HEADER_SIZE)
        return LXFS_ERR_MANIFEST_SIZE;
    lxfs_manifest_header_encode(out, count);
    for (uint32_t i = 0; i < count; i++) {
        if (entries[i].path_len == 0 || entries[i].path_len > LXFS_MAX_PATH)
            return LXFS_ERR_PATH;
        size_t n = lxfs_entry_encode(&entries[i], out + off, cap - off);
        if (n == 0)
            return LXFS_ERR_MANIFEST_SIZE;
        off += n;
    }
    *size = off;
    return LX_OK;
}

int lxfs_commit(const struct lxfs_dev *dev, struct lxfs_alloc *a, const struct lxfs_super *old,
                const struct fsverity_params *p, const struct lxfs_entry *entries,
                uint32_t count, uint8_t *scratch, size_t scratch_size,
                struct lxfs_writer *wr, struct lxfs_super *out, struct lxfs_where *w)
{
    struct lxfs_manifest m;
    struct lxfs_entry me;
    size_t size;
    int r;

    lxfs_where_clear(w);
    if (old != NULL && (old->salt_size != p->salt_size ||
                        lx_memcmp(old->salt, p->salt, p->salt_size) != 0))
        return LXFS_ERR_PARAMS;
    /* Everything the new manifest says is checked before a block is
     * written: the same checks a reader will make. */
    if ((r = manifest_encode(entries, count, scratch, scratch_size, &size)) != LX_OK)
        return r;
    if ((r = lxfs_manifest_open(&m, scratch, size, p, a->blocks, w)) != LX_OK)
        return r;

    if ((r = lxfs_writer_begin(wr, dev, p, a, size)) != LX_OK)
        return r;
    if ((r = lxfs_writer_update(wr, scratch, size)) != LX_OK)
        return r;
    if ((r = lxfs_writer_finish(wr, &me)) != LX_OK)
        return r;

    lx_memset(out, 0, sizeof(*out));
    out->salt_size = p->salt_size;
    lx_memcpy(out->salt, p->salt, p->salt_size);
    out->sequence = old == NULL ? 1 : old->sequence + 1;
    out->volume_blocks = a->blocks;
    out->manifest_block = me.data_block;
    out->manifest_size = me.size;
    out->manifest_tree_block = me.tree_block;
    lx_memcpy(out->manifest_root, me.root, LXFS_HASH_SIZE);
    lx_memcpy(out->volume_root, me.digest, LXFS_HASH_SIZE);
    return lxfs_commit_super(dev, out);
}
