/*
 * Reading LXFS volumes: a file (or the manifest, which is stored like one)
 * read block by block, each block verified against its fs-verity tree
 * before a byte of it is handed out; and loading the manifest named by the
 * mounted superblock.
 */
#include "lxfs/lxfs.h"

#include "base/mem.h"

static int tree_read(void *arg, unsigned level, uint64_t index, uint8_t *buf, size_t block_size)
{
    struct lxfs_file *f = arg;
    const struct fsverity_geometry *g = &f->v.geo;

    (void)block_size;
    if (index >= g->level_blocks[level])
        return -1;
    uint64_t block = f->tree_block + g->level_offset[level] / LXFS_BLOCK_SIZE + index;
    return f->dev->read(f->dev->arg, block, 1, buf);
}

int lxfs_file_open(struct lxfs_file *f, const struct lxfs_dev *dev,
                   const struct fsverity_params *p, const struct lxfs_entry *e,
                   void *cache_mem, size_t cache_size)
{
    int r;

    if (e->type != LXFS_TYPE_FILE)
        return LXFS_ERR_IS_DIR;
    f->dev = dev;
    f->size = e->size;
    f->data_block = e->data_block;
    f->tree_block = e->tree_block;
    r = fsverity_verifier_init(&f->v, p, e->size, e->root, tree_read, f, cache_mem, cache_size);
    return r;
}

/* After a failed multi-block read: block by block, so that the failure is
 * named at the block where it happens. */
static int read_each(struct lxfs_file *f, uint64_t index, uint32_t count, uint8_t *buf,
                     size_t *len)
{
    size_t n;
    uint32_t i;
    int r = LX_OK;

    *len = 0;
    for (i = 0; i < count && r == LX_OK; i++) {
        r = lxfs_file_read_blocks(f, index + i, 1, buf + (size_t)i * LXFS_BLOCK_SIZE, &n);
        *len += n;
    }
    if (r != LX_OK)
        lx_memset(buf + (size_t)i * LXFS_BLOCK_SIZE, 0, (size_t)(count - i) * LXFS_BLOCK_SIZE);
    return r;
}

int lxfs_file_check_blocks(struct lxfs_file *f, uint64_t index, uint32_t count, uint8_t *buf,
                           size_t *len)
{
    uint64_t blocks = lxfs_data_blocks(f->size);
    size_t good = 0;
    int r;

    *len = 0;
    if (index >= blocks || count == 0 || count > blocks - index)
        return MERKLE_ERR_RANGE;
    /* Whole stored blocks are verified, padding included: the tree was
     * built over the zero-padded last block, so stray bytes there fail. */
    r = fsverity_verify_blocks(&f->v, index, buf, count, &good);
    if (r != LX_OK) {
        lx_memset(buf + good * LXFS_BLOCK_SIZE, 0, (count - good) * LXFS_BLOCK_SIZE);
        *len = good * LXFS_BLOCK_SIZE;
        return r;
    }
    uint64_t rest = f->size - index * LXFS_BLOCK_SIZE;
    uint64_t span = (uint64_t)count * LXFS_BLOCK_SIZE;
    *len = (size_t)(rest < span ? rest : span);
    return LX_OK;
}

int lxfs_file_read_blocks(struct lxfs_file *f, uint64_t index, uint32_t count, uint8_t *buf,
                          size_t *len)
{
    uint64_t blocks = lxfs_data_blocks(f->size);

    *len = 0;
    if (index >= blocks || count == 0 || count > blocks - index)
        return MERKLE_ERR_RANGE;
    if (f->dev->read(f->dev->arg, f->data_block + index, count, buf) != 0) {
        if (count > 1)
            return read_each(f, index, count, buf, len);
        lx_memset(buf, 0, LXFS_BLOCK_SIZE);
        return LXFS_ERR_IO;
    }
    return lxfs_file_check_blocks(f, index, count, buf, len);
}

int lxfs_file_read_block(struct lxfs_file *f, uint64_t index, uint8_t buf[LXFS_BLOCK_SIZE],
                         size_t *len)
{
    return lxfs_file_read_blocks(f, index, 1, buf, len);
}

/* The manifest as an entry, so that it is opened exactly like a file. */
static void manifest_as_entry(const struct lxfs_super *s, struct lxfs_entry *e)
{
    lx_memset(e, 0, sizeof(*e));
    e->type = LXFS_TYPE_FILE;
    e->size = s->manifest_size;
    e->data_block = s->manifest_block;
    e->tree_block = s->manifest_tree_block;
    lx_memcpy(e->root, s->manifest_root, LXFS_HASH_SIZE);
    lx_memcpy(e->digest, s->volume_root, LXFS_HASH_SIZE);
}

int lxfs_manifest_load(const struct lxfs_dev *dev, const struct lxfs_super *s,
                       const uint8_t *expected_root, uint8_t *buf, size_t buf_size,
                       void *cache_mem, size_t cache_size, struct lxfs_manifest *m,
                       struct lxfs_where *w)
{
    struct fsverity_params p;
    struct lxfs_entry me;
    struct lxfs_file f;
    uint64_t blocks = lxfs_data_blocks(s->manifest_size);
    size_t len;
    int r;

    lxfs_where_clear(w);
    if (expected_root != NULL && !lx_ct_memeq(expected_root, s->volume_root, LXFS_HASH_SIZE))
        return LXFS_ERR_ROOT;
    if (s->volume_blocks > dev->blocks)
        return LXFS_ERR_TRUNCATED;
    if (blocks > buf_size / LXFS_BLOCK_SIZE)
        return LXFS_ERR_MANIFEST_SIZE;
    if ((r = lxfs_params(s->salt, s->salt_size, &p)) != LX_OK)
        return r;
    manifest_as_entry(s, &me);
    if ((r = lxfs_file_open(&f, dev, &p, &me, cache_mem, cache_size)) != LX_OK)
        return r;
    for (uint64_t i = 0; i < blocks; i++) {
        r = lxfs_file_read_block(&f, i, buf + i * LXFS_BLOCK_SIZE, &len);
        if (r != LX_OK) {
            if (w != NULL)
                w->block = (int64_t)i;
            return r;
        }
    }
    return lxfs_manifest_open(m, buf, s->manifest_size, &p, s->volume_blocks, w);
}

const char *lxfs_strerror(int code)
{
    int level = MERKLE_MISMATCH_LEVEL_OF(code);

    if (level == -1)
        return "data block does not match its tree";
    if (level >= 0)
        return "tree block does not match its parent";
    switch (code) {
    case LX_OK: return "ok";
    case LX_ERR_PARAM: return "invalid argument";
    case LX_ERR_STATE: return "invalid state";
    case MERKLE_ERR_RANGE: return "block index out of range";
    case MERKLE_ERR_IO: return "read error";
    case MERKLE_ERR_PARAMS: return "unsupported fs-verity parameters";
    case MERKLE_ERR_LENGTH: return "data length inconsistent with the file size";
    case MERKLE_ERR_TOO_BIG: return "file too big for the tree";
    case MERKLE_ERR_CACHE: return "tree cache too small";
    case MERKLE_ERR_DIGEST: return "root hash does not give the file digest";
    case LXFS_ERR_IO: return "device read or write failed";
    case LXFS_ERR_PARAMS: return "unsupported hash, block size or salt";
    case LXFS_ERR_SUPER_EMPTY: return "superblock slot is empty";
    case LXFS_ERR_SUPER_MAGIC: return "not an LXFS superblock (bad magic)";
    case LXFS_ERR_SUPER_VERSION: return "unsupported superblock version";
    case LXFS_ERR_SUPER_CHECKSUM: return "superblock checksum mismatch";
    case LXFS_ERR_SUPER_FIELD: return "superblock field out of range";
    case LXFS_ERR_SUPER_ROOT: return "volume root is not the digest of the manifest root";
    case LXFS_ERR_NO_SUPER: return "no valid superblock";
    case LXFS_ERR_TRUNCATED: return "device smaller than the volume (truncated image)";
    case LXFS_ERR_VOLUME_SIZE: return "volume size out of range (3 blocks to 16 TiB)";
    case LXFS_ERR_ROOT: return "volume root differs from the expected root";
    case LXFS_ERR_MANIFEST_HEADER: return "bad manifest header";
    case LXFS_ERR_MANIFEST_TRUNCATED: return "manifest entry runs past the end";
    case LXFS_ERR_MANIFEST_TRAILING: return "bytes after the last manifest entry";
    case LXFS_ERR_MANIFEST_SIZE: return "manifest size out of range";
    case LXFS_ERR_PATH:
        return "invalid path (1 to 255 bytes; no empty, '.' or '..' component; no control "
               "characters)";
    case LXFS_ERR_ORDER: return "paths not sorted, or a duplicate";
    case LXFS_ERR_PARENT: return "parent directory missing";
    case LXFS_ERR_TYPE: return "unknown entry type";
    case LXFS_ERR_MODE: return "mode has bits other than permissions";
    case LXFS_ERR_FILE_SIZE: return "file too large (at most 1 TiB)";
    case LXFS_ERR_EXTENT: return "extent outside the volume or not matching the size";
    case LXFS_ERR_ENTRY_DIGEST: return "digest does not match the root and size";
    case LXFS_ERR_ENTRY_FIELD: return "entry field must be zero";
    case LXFS_ERR_TOO_MANY: return "too many entries (at most 65536)";
    case LXFS_ERR_OVERLAP: return "two extents share a block";
    case LXFS_ERR_NO_SPACE: return "no space left on the volume";
    case LXFS_ERR_NOT_FOUND: return "no such file or directory";
    case LXFS_ERR_IS_DIR: return "is a directory";
    case LXFS_ERR_NOT_DIR: return "not a directory";
    case LXFS_ERR_NOT_EMPTY: return "directory not empty";
    case LXFS_ERR_SIZE_MISMATCH: return "wrote a different number of bytes than announced";
    default: return "unknown error";
    }
}
