/*
 * LXFS verified volumes (docs/lxfs.md): superblocks, the manifest, mounting
 * and verified reading, and the copy-on-write commit. Freestanding: the
 * caller supplies the block device as callbacks and every buffer, so the
 * same code runs in the host tool and in the device's file service.
 *
 * Every function that can fail on outside data fills a struct lxfs_where
 * (may be NULL) naming the superblock slot, manifest entry, block and byte
 * offset concerned; fields that do not apply are -1.
 */
#ifndef LX_LXFS_LXFS_H
#define LX_LXFS_LXFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "merkle/fsverity.h"

#define LXFS_BLOCK_SIZE 4096u
#define LXFS_LOG_BLOCK 12
#define LXFS_HASH_SIZE 32
#define LXFS_MAX_PATH 255
#define LXFS_MAX_DEPTH 128                  /* components in a 255-byte path */
#define LXFS_MAX_ENTRIES 65536u
#define LXFS_MAX_FILE_SIZE (1ull << 40)
#define LXFS_MAX_VOLUME_BLOCKS (1ull << 32)
#define LXFS_MIN_VOLUME_BLOCKS 3ull
#define LXFS_HEADER_SIZE 32u
#define LXFS_ENTRY_FIXED 96u
#define LXFS_MAX_MANIFEST (LXFS_HEADER_SIZE + LXFS_MAX_ENTRIES * (LXFS_ENTRY_FIXED + LXFS_MAX_PATH))
#define LXFS_FIRST_DATA_BLOCK 2ull

#define LXFS_TYPE_FILE 1
#define LXFS_TYPE_DIR 2
#define LXFS_MODE_MASK 07777u

enum lxfs_status {
    LXFS_ERR_IO = -500,                 /* a device callback failed */
    LXFS_ERR_PARAMS = -501,             /* hash, block size or salt not supported */
    LXFS_ERR_SUPER_EMPTY = -502,        /* slot is all zeros */
    LXFS_ERR_SUPER_MAGIC = -503,
    LXFS_ERR_SUPER_VERSION = -504,
    LXFS_ERR_SUPER_CHECKSUM = -505,
    LXFS_ERR_SUPER_FIELD = -506,        /* reserved bytes, slot/sequence, manifest place */
    LXFS_ERR_SUPER_ROOT = -507,         /* volume_root is not the digest of manifest_root */
    LXFS_ERR_NO_SUPER = -508,           /* neither slot holds a valid superblock */
    LXFS_ERR_TRUNCATED = -509,          /* device smaller than the volume */
    LXFS_ERR_VOLUME_SIZE = -510,
    LXFS_ERR_ROOT = -511,               /* volume root differs from the expected one */
    LXFS_ERR_MANIFEST_HEADER = -512,
    LXFS_ERR_MANIFEST_TRUNCATED = -513, /* an entry runs past the end */
    LXFS_ERR_MANIFEST_TRAILING = -514,  /* bytes after the last entry */
    LXFS_ERR_MANIFEST_SIZE = -515,      /* over the limit, or not what the superblock says */
    LXFS_ERR_PATH = -516,
    LXFS_ERR_ORDER = -517,              /* entries not sorted, or a duplicate */
    LXFS_ERR_PARENT = -518,             /* parent directory missing */
    LXFS_ERR_TYPE = -519,
    LXFS_ERR_MODE = -520,
    LXFS_ERR_FILE_SIZE = -521,
    LXFS_ERR_EXTENT = -522,             /* extent outside the volume or not matching the size */
    LXFS_ERR_ENTRY_DIGEST = -523,       /* digest is not the digest of root and size */
    LXFS_ERR_ENTRY_FIELD = -524,        /* reserved byte, or a directory with data */
    LXFS_ERR_TOO_MANY = -525,
    LXFS_ERR_OVERLAP = -526,            /* two extents share a block */
    LXFS_ERR_NO_SPACE = -527,
    LXFS_ERR_NOT_FOUND = -528,
    LXFS_ERR_IS_DIR = -529,
    LXFS_ERR_NOT_DIR = -530,
    LXFS_ERR_NOT_EMPTY = -531,
    LXFS_ERR_SIZE_MISMATCH = -532,      /* a writer got more or fewer bytes than announced */
};

/* A message for an lxfs or merkle status code. */
const char *lxfs_strerror(int code);

struct lxfs_where {
    int slot;
    int64_t entry;
    int64_t block;                      /* device block, or file block in a file read */
    int64_t offset;                     /* byte offset in the superblock or manifest */
};

void lxfs_where_clear(struct lxfs_where *w);

/* ---- block device --------------------------------------------------------- */

struct lxfs_dev {
    int (*read)(void *arg, uint64_t block, uint32_t count, void *buf);
    int (*write)(void *arg, uint64_t block, uint32_t count, const void *buf);
    int (*flush)(void *arg);            /* write barrier: earlier writes are durable */
    void *arg;
    uint64_t blocks;                    /* device size in blocks */
};

/* ---- superblock ----------------------------------------------------------- */

struct lxfs_super {
    uint8_t salt_size;
    uint8_t salt[FSVERITY_MAX_SALT];
    uint64_t sequence;
    uint64_t volume_blocks;
    uint64_t manifest_block;
    uint64_t manifest_size;
    uint64_t manifest_tree_block;
    uint8_t manifest_root[LXFS_HASH_SIZE];
    uint8_t volume_root[LXFS_HASH_SIZE];
};

/* Decode and check slot `slot` (0 or 1); LXFS_ERR_SUPER_EMPTY if all zero. */
int lxfs_super_decode(const uint8_t blk[LXFS_BLOCK_SIZE], unsigned slot, struct lxfs_super *s,
                      struct lxfs_where *w);
void lxfs_super_encode(const struct lxfs_super *s, uint8_t blk[LXFS_BLOCK_SIZE]);

/* The fs-verity parameters of the volume (SHA-256, 4096, its salt). */
int lxfs_params(const uint8_t *salt, size_t salt_size, struct fsverity_params *p);

/*
 * Pick the superblock to mount: the valid slot with the highest sequence.
 * slot_status[i] receives each slot's decode status (LX_OK, _EMPTY, or why
 * it is invalid). LXFS_ERR_NO_SUPER when neither is valid.
 */
int lxfs_super_select(const struct lxfs_dev *dev, struct lxfs_super *s, unsigned *slot,
                      int slot_status[2], struct lxfs_where *w);

/* ---- manifest ------------------------------------------------------------- */

struct lxfs_entry {
    const uint8_t *path;
    uint16_t path_len;
    uint8_t type;
    uint32_t mode;
    uint64_t size;
    uint64_t data_block;
    uint64_t tree_block;
    uint8_t root[LXFS_HASH_SIZE];
    uint8_t digest[LXFS_HASH_SIZE];
};

struct lxfs_manifest {
    const uint8_t *bytes;
    size_t size;
    uint32_t count;
};

/* Path order: component by component, bytes compared unsigned, a prefix
 * first (so a directory's contents follow it directly). <0, 0, >0. */
int lxfs_path_cmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

/* LX_OK or LXFS_ERR_PATH: the path rules of docs/lxfs.md. */
int lxfs_path_check(const uint8_t *path, size_t len);

/* Blocks of data and tree for a file of `size` bytes. */
uint64_t lxfs_data_blocks(uint64_t size);
int lxfs_tree_blocks(const struct fsverity_params *p, uint64_t size, uint64_t *blocks);

/*
 * Check a whole manifest (every rule of docs/lxfs.md except overlap, which
 * needs the allocator) for a volume of volume_blocks blocks. Only after
 * this succeeds may lxfs_entry_next/lxfs_manifest_find be used on it.
 */
int lxfs_manifest_open(struct lxfs_manifest *m, const uint8_t *bytes, size_t size,
                       const struct fsverity_params *p, uint64_t volume_blocks,
                       struct lxfs_where *w);

/* Iterate an opened manifest: *off starts at 0; LXFS_ERR_NOT_FOUND at the end. */
int lxfs_entry_next(const struct lxfs_manifest *m, size_t *off, struct lxfs_entry *e);

/* Find `path` (index may be NULL); LXFS_ERR_NOT_FOUND. */
int lxfs_manifest_find(const struct lxfs_manifest *m, const uint8_t *path, size_t len,
                       struct lxfs_entry *e, uint32_t *index);

/* Encoders for building a manifest: the header, then each entry in order. */
void lxfs_manifest_header_encode(uint8_t out[LXFS_HEADER_SIZE], uint32_t count);
/* Bytes written (96 + path_len), or 0 when cap is too small. */
size_t lxfs_entry_encode(const struct lxfs_entry *e, uint8_t *out, size_t cap);

/* ---- reading -------------------------------------------------------------- */

/* A file (or the manifest) opened for verified block reads. */
struct lxfs_file {
    const struct lxfs_dev *dev;
    uint64_t size;
    uint64_t data_block;
    uint64_t tree_block;
    struct fsverity_verifier v;
};

int lxfs_file_open(struct lxfs_file *f, const struct lxfs_dev *dev,
                   const struct fsverity_params *p, const struct lxfs_entry *e,
                   void *cache_mem, size_t cache_size);

/*
 * Read and verify file block `index` into buf (a whole block; the bytes
 * past the file's end are the zero padding). *len = the file bytes in it.
 * On any failure buf is zeroed: nothing unverified leaves this function.
 * Mismatches are the merkle codes (naming the tree level).
 */
int lxfs_file_read_block(struct lxfs_file *f, uint64_t index, uint8_t buf[LXFS_BLOCK_SIZE],
                         size_t *len);

/*
 * The same for `count` consecutive blocks from `index` in one device read
 * (buf holds count whole blocks), two blocks hashed at a time where the
 * CPU allows. On a failure the blocks before the bad one stay in buf,
 * verified, and *len counts them (so the bad block is index +
 * *len / LXFS_BLOCK_SIZE); the bad block and all after it are zeroed.
 */
int lxfs_file_read_blocks(struct lxfs_file *f, uint64_t index, uint32_t count, uint8_t *buf,
                          size_t *len);

/*
 * The verification half of lxfs_file_read_blocks, for a caller that read
 * the file's device blocks data_block + index .. itself (e.g. ahead, in
 * another thread): the same checks, the same zeroing and *len.
 */
int lxfs_file_check_blocks(struct lxfs_file *f, uint64_t index, uint32_t count, uint8_t *buf,
                           size_t *len);

/*
 * Read the manifest named by s into buf (at least manifest_size rounded up
 * to whole blocks), verifying every block against the manifest tree, then
 * check it with lxfs_manifest_open. If expected_root is not NULL the
 * volume root must equal it (LXFS_ERR_ROOT, checked before reading).
 */
int lxfs_manifest_load(const struct lxfs_dev *dev, const struct lxfs_super *s,
                       const uint8_t *expected_root, uint8_t *buf, size_t buf_size,
                       void *cache_mem, size_t cache_size, struct lxfs_manifest *m,
                       struct lxfs_where *w);

/* ---- writing (copy-on-write) --------------------------------------------- */

/* Free-block bitmap over a volume: one bit per block, caller's memory. */
struct lxfs_alloc {
    uint8_t *bits;
    uint64_t blocks;
    uint64_t used;
};

/* bits must hold (blocks + 7) / 8 bytes. Blocks 0 and 1 start used. */
int lxfs_alloc_init(struct lxfs_alloc *a, uint8_t *bits, size_t bits_size, uint64_t blocks);
/* Mark [start, start+count) used; LXFS_ERR_OVERLAP if any already is. */
int lxfs_alloc_mark(struct lxfs_alloc *a, uint64_t start, uint64_t count);
/* Mark the superblock's manifest extents and every entry's extents. */
int lxfs_alloc_mark_volume(struct lxfs_alloc *a, const struct lxfs_super *s,
                           const struct lxfs_manifest *m, struct lxfs_where *w);
/* First fit: `count` consecutive free blocks, marked used. */
int lxfs_alloc_take(struct lxfs_alloc *a, uint64_t count, uint64_t *start);

/*
 * Writes one file (or a manifest) of a known size into freshly allocated
 * extents: data blocks as they fill, tree blocks as the builder emits them.
 */
struct lxfs_writer {
    const struct lxfs_dev *dev;
    struct fsverity_builder b;
    struct fsverity_geometry geo;
    uint64_t size;
    uint64_t written;
    uint64_t data_block;
    uint64_t tree_block;
    int err;
    uint32_t fill;
    uint8_t block[LXFS_BLOCK_SIZE];
    uint64_t level_pos[FSVERITY_MAX_LEVELS];
    uint8_t level_block[FSVERITY_MAX_LEVELS][LXFS_BLOCK_SIZE];
};

int lxfs_writer_begin(struct lxfs_writer *wr, const struct lxfs_dev *dev,
                      const struct fsverity_params *p, struct lxfs_alloc *a, uint64_t size);
int lxfs_writer_update(struct lxfs_writer *wr, const void *data, size_t len);
/* Fills the entry's size, extents, root and digest (not path/type/mode). */
int lxfs_writer_finish(struct lxfs_writer *wr, struct lxfs_entry *e);

/*
 * Finish a commit: flush, write superblock `s` (its sequence decides the
 * slot) and flush again. s->volume_root must already be set by the caller
 * from the manifest writer's digest.
 */
int lxfs_commit_super(const struct lxfs_dev *dev, const struct lxfs_super *s);

/*
 * Commit a new manifest: `entries` (sorted with lxfs_path_cmp; the files'
 * data already written with writers from the same allocator) are encoded
 * into scratch and checked exactly as a reader would check them before
 * anything is written; then the manifest and its tree go into free blocks
 * and superblock old->sequence + 1 (1 for a new volume, old = NULL) is
 * committed. The volume keeps old's salt, which p must carry; its size is
 * the allocator's. `out` receives the new superblock (its volume_root).
 */
int lxfs_commit(const struct lxfs_dev *dev, struct lxfs_alloc *a, const struct lxfs_super *old,
                const struct fsverity_params *p, const struct lxfs_entry *entries,
                uint32_t count, uint8_t *scratch, size_t scratch_size,
                struct lxfs_writer *wr, struct lxfs_super *out, struct lxfs_where *w);

#endif
