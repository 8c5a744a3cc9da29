/*
 * LXFS superblocks: the two slots that name the current manifest, their
 * encoding and checks, and the choice of which one to mount.
 */
#include "lxfs/lxfs.h"

#include "base/endian.h"
#include "base/mem.h"
#include "crypto/sha256.h"

static const uint8_t super_magic[8] = { 'L', 'X', 'F', 'S', 0x0d, 0x0a, 0x1a, 0x0a };

enum {
    SB_MAGIC = 0,
    SB_VERSION = 8,
    SB_FLAGS = 12,
    SB_HASH_ALG = 16,
    SB_LOG_BLOCK = 17,
    SB_SALT_SIZE = 18,
    SB_RESERVED = 19,
    SB_SALT = 24,
    SB_SEQUENCE = 56,
    SB_VOLUME_BLOCKS = 64,
    SB_MANIFEST_BLOCK = 72,
    SB_MANIFEST_SIZE = 80,
    SB_MANIFEST_TREE = 88,
    SB_MANIFEST_ROOT = 96,
    SB_VOLUME_ROOT = 128,
    SB_CHECKSUM = 160,
    SB_END = 192,
};

#define LXFS_VERSION 1u

void lxfs_where_clear(struct lxfs_where *w)
{
    if (w == NULL)
        return;
    w->slot = -1;
    w->entry = -1;
    w->block = -1;
    w->offset = -1;
}

static int fail_at(struct lxfs_where *w, int code, int64_t offset)
{
    if (w != NULL)
        w->offset = offset;
    return code;
}

int lxfs_params(const uint8_t *salt, size_t salt_size, struct fsverity_params *p)
{
    if (fsverity_params_default(p, salt, salt_size) != LX_OK)
        return LXFS_ERR_PARAMS;
    return LX_OK;
}

static void super_checksum(const uint8_t blk[LXFS_BLOCK_SIZE], uint8_t out[32])
{
    static const uint8_t zero[32];
    struct sha256_ctx c;

    sha256_init(&c);
    sha256_update(&c, blk, SB_CHECKSUM);
    sha256_update(&c, zero, sizeof(zero));
    sha256_update(&c, blk + SB_END, LXFS_BLOCK_SIZE - SB_END);
    sha256_final(&c, out);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;

    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

void lxfs_super_encode(const struct lxfs_super *s, uint8_t blk[LXFS_BLOCK_SIZE])
{
    uint8_t sum[32];

    lx_memset(blk, 0, LXFS_BLOCK_SIZE);
    lx_memcpy(blk + SB_MAGIC, super_magic, sizeof(super_magic));
    store_le32(blk + SB_VERSION, LXFS_VERSION);
    blk[SB_HASH_ALG] = FSVERITY_HASH_SHA256;
    blk[SB_LOG_BLOCK] = LXFS_LOG_BLOCK;
    blk[SB_SALT_SIZE] = s->salt_size;
    lx_memcpy(blk + SB_SALT, s->salt, s->salt_size <= FSVERITY_MAX_SALT ? s->salt_size : 0);
    store_le64(blk + SB_SEQUENCE, s->sequence);
    store_le64(blk + SB_VOLUME_BLOCKS, s->volume_blocks);
    store_le64(blk + SB_MANIFEST_BLOCK, s->manifest_block);
    store_le64(blk + SB_MANIFEST_SIZE, s->manifest_size);
    store_le64(blk + SB_MANIFEST_TREE, s->manifest_tree_block);
    lx_memcpy(blk + SB_MANIFEST_ROOT, s->manifest_root, LXFS_HASH_SIZE);
    lx_memcpy(blk + SB_VOLUME_ROOT, s->volume_root, LXFS_HASH_SIZE);
    super_checksum(blk, sum);
    lx_memcpy(blk + SB_CHECKSUM, sum, sizeof(sum));
}

/* The fixed-format fields: magic, version, checksum, reserved bytes. */
static int super_check_frame(const uint8_t *blk, struct lxfs_where *w)
{
    uint8_t sum[32];

    if (all_zero(blk, LXFS_BLOCK_SIZE))
        return LXFS_ERR_SUPER_EMPTY;
    if (lx_memcmp(blk, super_magic, sizeof(super_magic)) != 0)
        return fail_at(w, LXFS_ERR_SUPER_MAGIC, SB_MAGIC);
    /* Checksum before anything else: a torn write says "checksum", not a
     * misleading complaint about whichever field it happened to tear. */
    super_checksum(blk, sum);
    if (!lx_ct_memeq(sum, blk + SB_CHECKSUM, sizeof(sum)))
        return fail_at(w, LXFS_ERR_SUPER_CHECKSUM, SB_CHECKSUM);
    if (load_le32(blk + SB_VERSION) != LXFS_VERSION)
        return fail_at(w, LXFS_ERR_SUPER_VERSION, SB_VERSION);
    if (load_le32(blk + SB_FLAGS) != 0)
        return fail_at(w, LXFS_ERR_SUPER_FIELD, SB_FLAGS);
    if (blk[SB_HASH_ALG] != FSVERITY_HASH_SHA256)
        return fail_at(w, LXFS_ERR_PARAMS, SB_HASH_ALG);
    if (blk[SB_LOG_BLOCK] != LXFS_LOG_BLOCK)
        return fail_at(w, LXFS_ERR_PARAMS, SB_LOG_BLOCK);
    if (blk[SB_SALT_SIZE] > FSVERITY_MAX_SALT)
        return fail_at(w, LXFS_ERR_PARAMS, SB_SALT_SIZE);
    if (!all_zero(blk + SB_RESERVED, SB_SALT - SB_RESERVED))
        return fail_at(w, LXFS_ERR_SUPER_FIELD, SB_RESERVED);
    if (!all_zero(blk + SB_SALT + blk[SB_SALT_SIZE], FSVERITY_MAX_SALT - blk[SB_SALT_SIZE]))
        return fail_at(w, LXFS_ERR_SUPER_FIELD, SB_SALT + blk[SB_SALT_SIZE]);
    if (!all_zero(blk + SB_END, LXFS_BLOCK_SIZE - SB_END))
        return fail_at(w, LXFS_ERR_SUPER_FIELD, SB_END);
    return LX_OK;
}

static bool extent_inside(uint64_t start, uint64_t count, uint64_t volume_blocks)
{
    return start >= LXFS_FIRST_DATA_BLOCK && start < volume_blocks &&
           count <= volume_blocks - start;
}

/* Where the manifest lives, and that volume_root is its digest. */
static int super_check_manifest(const struct lxfs_super *s, struct lxfs_where *w)
{
    struct fsverity_params p;
    uint64_t tree_blocks;
    int r;

    if (s->manifest_size < LXFS_HEADER_SIZE || s->manifest_size > LXFS_MAX_MANIFEST)
        return fail_at(w, LXFS_ERR_MANIFEST_SIZE, SB_MANIFEST_SIZE);
    if (!extent_inside(s->manifest_block, lxfs_data_blocks(s->manifest_size), s->volume_blocks))
        return fail_at(w, LXFS_ERR_SUPER_FIELD, SB_MANIFEST_BLOCK);
    if ((r = lxfs_params(s->salt, s->salt_size, &p)) != LX_OK)
        return fail_at(w, r, SB_SALT_SIZE);
    if ((r = lxfs_tree_blocks(&p, s->manifest_size, &tree_blocks)) != LX_OK)
        return fail_at(w, r, SB_MANIFEST_SIZE);
    if (tree_blocks == 0 ? s->manifest_tree_block != 0
                         : !extent_inside(s->manifest_tree_block, tree_blocks, s->volume_blocks))
        return fail_at(w, LXFS_ERR_SUPER_FIELD, SB_MANIFEST_TREE);
    if (fsverity_check_root(&p, s->manifest_size, s->manifest_root, s->volume_root) != LX_OK)
        return fail_at(w, LXFS_ERR_SUPER_ROOT, SB_VOLUME_ROOT);
    return LX_OK;
}

int lxfs_super_decode(const uint8_t blk[LXFS_BLOCK_SIZE], unsigned slot, struct lxfs_super *s,
                      struct lxfs_where *w)
{
    int r;

    if (slot > 1)
        return LX_ERR_PARAM;
    if (w != NULL)
        w->slot = (int)slot;
    if ((r = super_check_frame(blk, w)) != LX_OK)
        return r;

    lx_memset(s, 0, sizeof(*s));
    s->salt_size = blk[SB_SALT_SIZE];
    lx_memcpy(s->salt, blk + SB_SALT, s->salt_size);
    s->sequence = load_le64(blk + SB_SEQUENCE);
    s->volume_blocks = load_le64(blk + SB_VOLUME_BLOCKS);
    s->manifest_block = load_le64(blk + SB_MANIFEST_BLOCK);
    s->manifest_size = load_le64(blk + SB_MANIFEST_SIZE);
    s->manifest_tree_block = load_le64(blk + SB_MANIFEST_TREE);
    lx_memcpy(s->manifest_root, blk + SB_MANIFEST_ROOT, LXFS_HASH_SIZE);
    lx_memcpy(s->volume_root, blk + SB_VOLUME_ROOT, LXFS_HASH_SIZE);

    if (s->sequence == 0 || s->sequence % 2 != slot)
        return fail_at(w, LXFS_ERR_SUPER_FIELD, SB_SEQUENCE);
    if (s->volume_blocks < LXFS_MIN_VOLUME_BLOCKS || s->volume_blocks > LXFS_MAX_VOLUME_BLOCKS)
        return fail_at(w, LXFS_ERR_VOLUME_SIZE, SB_VOLUME_BLOCKS);
    return super_check_manifest(s, w);
}

int lxfs_super_select(const struct lxfs_dev *dev, struct lxfs_super *s, unsigned *slot,
                      int slot_status[2], struct lxfs_where *w)
{
    uint8_t blk[LXFS_BLOCK_SIZE];
    struct lxfs_super cand[2];
    int st[2];

    lxfs_where_clear(w);
    if (dev->blocks < LXFS_MIN_VOLUME_BLOCKS)
        return LXFS_ERR_TRUNCATED;
    for (unsigned i = 0; i < 2; i++) {
        if (dev->read(dev->arg, i, 1, blk) != 0)
            st[i] = LXFS_ERR_IO;
        else
            st[i] = lxfs_super_decode(blk, i, &cand[i], NULL);
        if (slot_status != NULL)
            slot_status[i] = st[i];
    }
    int pick = -1;
    for (int i = 0; i < 2; i++)
        if (st[i] == LX_OK && (pick < 0 || cand[i].sequence > cand[pick].sequence))
            pick = i;
    if (pick < 0)
        return LXFS_ERR_NO_SUPER;
    *s = cand[pick];
    if (slot != NULL)
        *slot = (unsigned)pick;
    if (w != NULL)
        w->slot = pick;
    if (s->volume_blocks > dev->blocks)
        return LXFS_ERR_TRUNCATED;
    return LX_OK;
}

int lxfs_commit_super(const struct lxfs_dev *dev, const struct lxfs_super *s)
{
    uint8_t blk[LXFS_BLOCK_SIZE];

    if (s->sequence == 0)
        return LX_ERR_PARAM;
    lxfs_super_encode(s, blk);
    /* The barrier is the whole crash-safety argument: the new manifest and
     * everything it names must be durable before the superblock naming it. */
    if (dev->flush(dev->arg) != 0)
        return LXFS_ERR_IO;
    if (dev->write(dev->arg, s->sequence % 2, 1, blk) != 0)
        return LXFS_ERR_IO;
    if (dev->flush(dev->arg) != 0)
        return LXFS_ERR_IO;
    return LX_OK;
}
