/*
 * LXFS volumes on an in-memory block device: paths and their order,
 * superblock and manifest checks (each rule gives its own error, entry and
 * offset), building and reading back a volume, tampering with every kind of
 * block, copy-on-write commits that leave the old volume untouched, and the
 * crash-consistency replay of every prefix of a commit's writes.
 */
#include "test.h"

#include "crypto/sha256.h"
#include "lxfs/lxfs.h"

static uint64_t rng_state = 0x4c5846535f746573ull;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static void fill_random(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rng();
}

/* ---- a RAM block device that can record its writes -------------------- */

#define MAX_LOG 512

struct ram {
    uint8_t *mem;
    uint64_t blocks;
    int flushes;
    bool record;
    bool fail_read;                     /* reads covering fail_block fail */
    uint64_t fail_block;
    unsigned nlog;
    uint64_t log_block[MAX_LOG];
    uint8_t *log_data[MAX_LOG];
    struct lxfs_dev dev;
};

static int ram_read(void *arg, uint64_t block, uint32_t count, void *buf)
{
    struct ram *r = arg;

    if (block > r->blocks || count > r->blocks - block)
        return -1;
    if (r->fail_read && r->fail_block >= block && r->fail_block - block < count)
        return -1;
    memcpy(buf, r->mem + block * LXFS_BLOCK_SIZE, (size_t)count * LXFS_BLOCK_SIZE);
    return 0;
}

static int ram_write(void *arg, uint64_t block, uint32_t count, const void *buf)
{
    struct ram *r = arg;

    if (block > r->blocks || count > r->blocks - block)
        return -1;
    for (uint32_t i = 0; r->record && i < count; i++) {
        assert_true(r->nlog < MAX_LOG);
        r->log_block[r->nlog] = block + i;
        r->log_data[r->nlog] = malloc(LXFS_BLOCK_SIZE);
        assert_non_null(r->log_data[r->nlog]);
        memcpy(r->log_data[r->nlog], (const uint8_t *)buf + (size_t)i * LXFS_BLOCK_SIZE,
               LXFS_BLOCK_SIZE);
        r->nlog++;
    }
    memcpy(r->mem + block * LXFS_BLOCK_SIZE, buf, (size_t)count * LXFS_BLOCK_SIZE);
    return 0;
}

static int ram_flush(void *arg)
{
    ((struct ram *)arg)->flushes++;
    return 0;
}

static void ram_init(struct ram *r, uint64_t blocks)
{
    memset(r, 0, sizeof(*r));
    r->mem = calloc(blocks, LXFS_BLOCK_SIZE);
    assert_non_null(r->mem);
    r->blocks = blocks;
    r->dev = (struct lxfs_dev){ ram_read, ram_write, ram_flush, r, blocks };
}

static void ram_copy(struct ram *dst, const struct ram *src)
{
    ram_init(dst, src->blocks);
    memcpy(dst->mem, src->mem, src->blocks * LXFS_BLOCK_SIZE);
}

static void ram_free(struct ram *r)
{
    for (unsigned i = 0; i < r->nlog; i++)
        free(r->log_data[i]);
    free(r->mem);
}

/* ---- building volumes ---------------------------------------------------- */

struct src_file {
    const char *path;
    uint8_t type;
    size_t size;
    uint8_t *data;
    bool keep;                          /* take the entry from the old manifest */
};

static int cmp_entry(const void *a, const void *b)
{
    const struct lxfs_entry *x = a, *y = b;

    return lxfs_path_cmp(x->path, x->path_len, y->path, y->path_len);
}

/* Write each file with a writer, then commit the sorted entries. */
static int commit_files(struct ram *r, const struct lxfs_super *old,
                        const struct lxfs_manifest *oldm, const struct fsverity_params *p,
                        const struct src_file *files, unsigned n, struct lxfs_super *out)
{
    struct lxfs_alloc a;
    struct lxfs_writer *wr = malloc(sizeof(*wr));
    struct lxfs_entry *e = calloc(n, sizeof(*e));
    size_t scratch_size = LXFS_HEADER_SIZE + n * (LXFS_ENTRY_FIXED + LXFS_MAX_PATH);
    uint8_t *scratch = malloc(scratch_size);
    uint8_t *bits = malloc((size_t)(r->blocks + 7) / 8);
    int rc;

    assert_true(wr && e && scratch && bits);
    assert_int_equal(lxfs_alloc_init(&a, bits, (size_t)(r->blocks + 7) / 8, r->blocks), LX_OK);
    if (old != NULL)
        assert_int_equal(lxfs_alloc_mark_volume(&a, old, oldm, NULL), LX_OK);
    for (unsigned i = 0; i < n; i++) {
        e[i].path = (const uint8_t *)files[i].path;
        e[i].path_len = (uint16_t)strlen(files[i].path);
        e[i].type = files[i].type;
        e[i].mode = files[i].type == LXFS_TYPE_DIR ? 0755 : 0644;
        if (files[i].keep) {
            assert_int_equal(lxfs_manifest_find(oldm, e[i].path, e[i].path_len, &e[i], NULL),
                             LX_OK);
            continue;
        }
        if (files[i].type != LXFS_TYPE_FILE)
            continue;
        if ((rc = lxfs_writer_begin(wr, &r->dev, p, &a, files[i].size)) != LX_OK)
            goto out;
        /* Odd chunk sizes exercise the block assembly in the writer. */
        for (size_t off = 0; off < files[i].size;) {
            size_t c = 1 + rng() % 9000;
            c = c < files[i].size - off ? c : files[i].size - off;
            assert_int_equal(lxfs_writer_update(wr, files[i].data + off, c), LX_OK);
            off += c;
        }
        if ((rc = lxfs_writer_finish(wr, &e[i])) != LX_OK)
            goto out;
    }
    qsort(e, n, sizeof(*e), cmp_entry);
    rc = lxfs_commit(&r->dev, &a, old, p, e, n, scratch, scratch_size, wr, out, NULL);
out:
    free(wr);
    free(e);
    free(scratch);
    free(bits);
    return rc;
}

static struct src_file *make_files(const char *const *paths, const size_t *sizes, unsigned n)
{
    struct src_file *f = calloc(n, sizeof(*f));

    assert_non_null(f);
    for (unsigned i = 0; i < n; i++) {
        f[i].path = paths[i];
        f[i].type = sizes[i] == (size_t)-1 ? LXFS_TYPE_DIR : LXFS_TYPE_FILE;
        f[i].size = f[i].type == LXFS_TYPE_DIR ? 0 : sizes[i];
        if (f[i].size > 0) {
            f[i].data = malloc(f[i].size);
            assert_non_null(f[i].data);
            fill_random(f[i].data, f[i].size);
        }
    }
    return f;
}

static void free_files(struct src_file *f, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        free(f[i].data);
    free(f);
}

#define DIR ((size_t)-1)

static const char *const small_paths[] = {
    "bin", "bin/app", "bin/app.sig", "empty", "etc", "etc/a", "etc/b", "etc/conf", "one", "tiny",
};
static const size_t small_sizes[] = {
    DIR, 20000, 4097, 0, DIR, 4096, 4095, 300, 1, 5,
};
#define NSMALL 10

/* ---- mounting and reading everything ------------------------------------ */

struct mounted {
    struct lxfs_super s;
    struct lxfs_manifest m;
    struct fsverity_params p;
    uint8_t *buf;
};

static uint8_t cache[8 * LXFS_BLOCK_SIZE];

static int mount(const struct ram *r, const uint8_t *root, struct mounted *mt,
                 struct lxfs_where *w)
{
    int rc;

    mt->buf = NULL;
    if ((rc = lxfs_super_select(&r->dev, &mt->s, NULL, NULL, w)) != LX_OK)
        return rc;
    size_t sz = (size_t)lxfs_data_blocks(mt->s.manifest_size) * LXFS_BLOCK_SIZE;
    mt->buf = malloc(sz);
    assert_non_null(mt->buf);
    assert_int_equal(lxfs_params(mt->s.salt, mt->s.salt_size, &mt->p), LX_OK);
    return lxfs_manifest_load(&r->dev, &mt->s, root, mt->buf, sz, cache, sizeof(cache), &mt->m,
                              w);
}

static void unmount(struct mounted *mt)
{
    free(mt->buf);
    mt->buf = NULL;
}

/* Read every block of every file; the first failure, with *bad_entry/block. */
static int read_all(const struct ram *r, const struct mounted *mt, int64_t *bad_entry,
                    int64_t *bad_block)
{
    uint8_t blk[LXFS_BLOCK_SIZE];
    struct lxfs_entry e;
    struct lxfs_file f;
    size_t off = 0, len;
    int64_t i = 0;
    int rc;

    while (lxfs_entry_next(&mt->m, &off, &e) == LX_OK) {
        *bad_entry = i;
        if (e.type == LXFS_TYPE_FILE) {
            if ((rc = lxfs_file_open(&f, &r->dev, &mt->p, &e, cache, sizeof(cache))) != LX_OK)
                return rc;
            for (uint64_t b = 0; b < lxfs_data_blocks(e.size); b++) {
                *bad_block = (int64_t)b;
                if ((rc = lxfs_file_read_block(&f, b, blk, &len)) != LX_OK) {
                    for (size_t k = 0; k < sizeof(blk); k++)
                        assert_int_equal(blk[k], 0);    /* nothing unverified returned */
                    return rc;
                }
            }
        }
        i++;
    }
    *bad_entry = *bad_block = -1;
    return LX_OK;
}

/* Mount + overlap check + read everything. */
static int verify_all(const struct ram *r, const uint8_t *root, uint8_t volume_root[32])
{
    struct mounted mt;
    struct lxfs_alloc a;
    int64_t e, b;
    int rc = mount(r, root, &mt, NULL);

    if (rc == LX_OK) {
        uint8_t *bits = malloc((size_t)(mt.s.volume_blocks + 7) / 8);
        assert_non_null(bits);
        rc = lxfs_alloc_init(&a, bits, (size_t)(mt.s.volume_blocks + 7) / 8,
                             mt.s.volume_blocks);
        if (rc == LX_OK)
            rc = lxfs_alloc_mark_volume(&a, &mt.s, &mt.m, NULL);
        free(bits);
    }
    if (rc == LX_OK)
        rc = read_all(r, &mt, &e, &b);
    if (rc == LX_OK && volume_root != NULL)
        memcpy(volume_root, mt.s.volume_root, 32);
    unmount(&mt);
    return rc;
}

static void check_contents(const struct ram *r, const struct src_file *f, unsigned n)
{
    struct mounted mt;
    struct lxfs_entry e;
    struct lxfs_file file;
    uint8_t blk[LXFS_BLOCK_SIZE];
    size_t len;

    assert_int_equal(mount(r, NULL, &mt, NULL), LX_OK);
    assert_int_equal(mt.m.count, n);
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)f[i].path,
                                            strlen(f[i].path), &e, NULL), LX_OK);
        assert_int_equal(e.type, f[i].type);
        if (f[i].type == LXFS_TYPE_DIR) {
            assert_int_equal(lxfs_file_open(&file, &r->dev, &mt.p, &e, cache, sizeof(cache)),
                             LXFS_ERR_IS_DIR);
            continue;
        }
        assert_int_equal(e.size, f[i].size);
        assert_int_equal(lxfs_file_open(&file, &r->dev, &mt.p, &e, cache, sizeof(cache)), LX_OK);
        for (size_t off = 0, b = 0; off < f[i].size; off += len, b++) {
            assert_int_equal(lxfs_file_read_block(&file, b, blk, &len), LX_OK);
            assert_true(len > 0 && len <= f[i].size - off);
            assert_memory_equal(blk, f[i].data + off, len);
        }
        assert_int_equal(lxfs_file_read_block(&file, lxfs_data_blocks(f[i].size), blk, &len),
                         MERKLE_ERR_RANGE);
    }
    assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)"nope", 4, &e, NULL),
                     LXFS_ERR_NOT_FOUND);
    unmount(&mt);
}

/* ---- paths --------------------------------------------------------------- */

static void test_paths(void **state)
{
    static const char *const good[] = { "a", "a/b", "a.b", "..a", "a/.b", "x y", "\xc3\xa9t\xc3\xa9" };
    static const char *const bad[] = { "/a", "a/", "a//b", ".", "..", "a/./b", "a/../b", "a\nb",
                                       "a\x7f" };
    uint8_t long_path[LXFS_MAX_PATH + 1];

    (void)state;
    for (unsigned i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_int_equal(lxfs_path_check((const uint8_t *)good[i], strlen(good[i])), LX_OK);
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(lxfs_path_check((const uint8_t *)bad[i], strlen(bad[i])), LXFS_ERR_PATH);
    assert_int_equal(lxfs_path_check((const uint8_t *)"", 0), LXFS_ERR_PATH);
    assert_int_equal(lxfs_path_check((const uint8_t *)"a\0b", 3), LXFS_ERR_PATH);
    memset(long_path, 'x', sizeof(long_path));
    assert_int_equal(lxfs_path_check(long_path, LXFS_MAX_PATH), LX_OK);
    assert_int_equal(lxfs_path_check(long_path, LXFS_MAX_PATH + 1), LXFS_ERR_PATH);

    /* Component order: a directory's contents come right after it. */
    static const char *const sorted[] = { "a", "a/b", "a/b/c", "a/b-c", "a-b", "ab", "b" };
    for (unsigned i = 0; i + 1 < sizeof(sorted) / sizeof(sorted[0]); i++) {
        const uint8_t *x = (const uint8_t *)sorted[i], *y = (const uint8_t *)sorted[i + 1];
        assert_true(lxfs_path_cmp(x, strlen(sorted[i]), y, strlen(sorted[i + 1])) < 0);
        assert_true(lxfs_path_cmp(y, strlen(sorted[i + 1]), x, strlen(sorted[i])) > 0);
    }
    assert_int_equal(lxfs_path_cmp((const uint8_t *)"ab", 2, (const uint8_t *)"ab", 2), 0);
}

/* ---- superblocks --------------------------------------------------------- */

static void sample_super(struct lxfs_super *s)
{
    struct fsverity_params p;

    memset(s, 0, sizeof(*s));
    s->sequence = 3;
    s->volume_blocks = 100;
    s->manifest_block = 10;
    s->manifest_size = 5000;            /* two blocks: a tree of one block */
    s->manifest_tree_block = 12;
    s->salt_size = 4;
    memcpy(s->salt, "salt", 4);
    fill_random(s->manifest_root, 32);
    assert_int_equal(lxfs_params(s->salt, s->salt_size, &p), LX_OK);
    uint8_t d[FSVERITY_MAX_DIGEST];
    assert_int_equal(fsverity_file_digest(&p, s->manifest_size, s->manifest_root, d), LX_OK);
    memcpy(s->volume_root, d, 32);
}

/* Change one field of an encoded superblock, re-seal it, and decode. */
static int reseal_decode(const struct lxfs_super *s, unsigned off, const void *val, size_t n,
                         struct lxfs_where *w)
{
    uint8_t blk[LXFS_BLOCK_SIZE];
    struct lxfs_super d;

    lxfs_super_encode(s, blk);
    memcpy(blk + off, val, n);
    /* Re-seal the edited block, as anyone rewriting a disk can. */
    memset(blk + 160, 0, 32);
    sha256(blk, sizeof(blk), blk + 160);
    return lxfs_super_decode(blk, (unsigned)(s->sequence % 2), &d, w);
}

static void test_superblock(void **state)
{
    uint8_t blk[LXFS_BLOCK_SIZE];
    struct lxfs_super s, d;
    struct lxfs_where w;

    (void)state;
    sample_super(&s);
    lxfs_super_encode(&s, blk);
    assert_int_equal(lxfs_super_decode(blk, 1, &d, &w), LX_OK);
    assert_memory_equal(&d, &s, sizeof(s));
    assert_int_equal(lxfs_super_decode(blk, 0, &d, &w), LXFS_ERR_SUPER_FIELD);  /* 3 is odd */
    assert_int_equal(w.offset, 56);

    /* Any single flipped byte: checksum (or magic) — never accepted. */
    for (unsigned i = 0; i < LXFS_BLOCK_SIZE; i += 37) {
        lxfs_super_encode(&s, blk);
        blk[i] ^= 0x20;
        int rc = lxfs_super_decode(blk, 1, &d, &w);
        assert_true(rc == (i < 8 ? LXFS_ERR_SUPER_MAGIC : LXFS_ERR_SUPER_CHECKSUM));
    }
    memset(blk, 0, sizeof(blk));
    assert_int_equal(lxfs_super_decode(blk, 1, &d, &w), LXFS_ERR_SUPER_EMPTY);

    /* Field rules, with a valid checksum: each named by its offset. */
    struct { unsigned off; uint8_t val[8]; size_t n; int err; } cases[] = {
        { 8, { 2 }, 4, LXFS_ERR_SUPER_VERSION },
        { 12, { 1 }, 4, LXFS_ERR_SUPER_FIELD },
        { 16, { 2 }, 1, LXFS_ERR_PARAMS },
        { 17, { 13 }, 1, LXFS_ERR_PARAMS },
        { 18, { 33 }, 1, LXFS_ERR_PARAMS },
        { 20, { 1 }, 1, LXFS_ERR_SUPER_FIELD },
        { 30, { 1 }, 1, LXFS_ERR_SUPER_FIELD },      /* salt byte past salt_size */
        { 4000, { 1 }, 1, LXFS_ERR_SUPER_FIELD },
        { 56, { 0 }, 8, LXFS_ERR_SUPER_FIELD },      /* sequence 0 */
        { 64, { 2 }, 8, LXFS_ERR_VOLUME_SIZE },
        { 64, { 0, 0, 0, 0, 2 }, 8, LXFS_ERR_VOLUME_SIZE },  /* 2^33 blocks */
        { 72, { 1 }, 8, LXFS_ERR_SUPER_FIELD },      /* manifest over the superblocks */
        { 72, { 99 }, 8, LXFS_ERR_SUPER_FIELD },     /* runs past the end */
        { 80, { 31 }, 8, LXFS_ERR_MANIFEST_SIZE },
        { 80, { 0, 0, 0, 0x10 }, 8, LXFS_ERR_MANIFEST_SIZE },
        { 88, { 0 }, 8, LXFS_ERR_SUPER_FIELD },      /* a 2-block manifest needs a tree */
        { 88, { 100 }, 8, LXFS_ERR_SUPER_FIELD },
        { 96, { 0xff }, 1, LXFS_ERR_SUPER_ROOT },
        { 130, { 0xff }, 1, LXFS_ERR_SUPER_ROOT },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int rc = reseal_decode(&s, cases[i].off, cases[i].val, cases[i].n, &w);
        if (rc != cases[i].err)
            fail_msg("case %u (offset %u): got %d, want %d", i, cases[i].off, rc, cases[i].err);
    }
}

/* ---- manifest parser ----------------------------------------------------- */

/* A hand-made manifest: entries given as (path, type, size, data, tree). */
struct mk {
    const char *path;
    uint8_t type;
    uint64_t size, data, tree;
};

static size_t mk_manifest(const struct fsverity_params *p, const struct mk *m, unsigned n,
                          uint8_t *out, size_t cap)
{
    size_t off = LXFS_HEADER_SIZE;

    lxfs_manifest_header_encode(out, n);
    for (unsigned i = 0; i < n; i++) {
        struct lxfs_entry e;
        memset(&e, 0, sizeof(e));
        e.path = (const uint8_t *)m[i].path;
        e.path_len = (uint16_t)strlen(m[i].path);
        e.type = m[i].type;
        e.mode = 0644;
        e.size = m[i].size;
        e.data_block = m[i].data;
        e.tree_block = m[i].tree;
        if (e.type == LXFS_TYPE_FILE) {
            uint8_t d[FSVERITY_MAX_DIGEST];
            if (e.size > 0)
                memset(e.root, (int)(i + 1), 32);
            assert_int_equal(fsverity_file_digest(p, e.size, e.root, d), LX_OK);
            memcpy(e.digest, d, 32);
        }
        size_t k = lxfs_entry_encode(&e, out + off, cap - off);
        assert_true(k > 0);
        off += k;
    }
    return off;
}

static const struct mk good_manifest[] = {
    { "a", LXFS_TYPE_DIR, 0, 0, 0 },
    { "a/big", LXFS_TYPE_FILE, 10000, 10, 13 },
    { "a/empty", LXFS_TYPE_FILE, 0, 0, 0 },
    { "a/x", LXFS_TYPE_DIR, 0, 0, 0 },
    { "a/x/y", LXFS_TYPE_FILE, 1, 14, 0 },
    { "a-b", LXFS_TYPE_FILE, 4096, 15, 0 },
};

static void test_manifest_rules(void **state)
{
    struct fsverity_params p;
    struct lxfs_manifest m;
    struct lxfs_where w;
    uint8_t buf[4096];
    size_t n;

    (void)state;
    assert_int_equal(lxfs_params(NULL, 0, &p), LX_OK);
    n = mk_manifest(&p, good_manifest, 6, buf, sizeof(buf));
    assert_int_equal(lxfs_manifest_open(&m, buf, n, &p, 100, &w), LX_OK);
    assert_int_equal(m.count, 6);

    /* Each broken rule: its code, the entry and (for fields) the offset. */
    struct { struct mk e[3]; unsigned n; int err; int64_t entry; } cases[] = {
        { { { "b", 1, 1, 2, 0 }, { "a", 1, 1, 3, 0 } }, 2, LXFS_ERR_ORDER, 1 },
        { { { "a", 1, 1, 2, 0 }, { "a", 1, 1, 3, 0 } }, 2, LXFS_ERR_ORDER, 1 },
        { { { "a-b", 1, 1, 2, 0 }, { "a/b", 2, 0, 0, 0 } }, 2, LXFS_ERR_ORDER, 1 },
        { { { "a/b", 1, 1, 2, 0 } }, 1, LXFS_ERR_PARENT, 0 },
        { { { "a", 1, 1, 2, 0 }, { "a/b", 1, 1, 3, 0 } }, 2, LXFS_ERR_PARENT, 1 },
        { { { "a", 2, 0, 0, 0 }, { "a/b/c", 1, 1, 3, 0 } }, 2, LXFS_ERR_PARENT, 1 },
        { { { "a", 2, 0, 0, 0 }, { "ab", 2, 0, 0, 0 }, { "ab/c", 1, 1, 2, 0 } }, 3, LX_OK, -1 },
        { { { "a/", 1, 1, 2, 0 } }, 1, LXFS_ERR_PATH, 0 },
        { { { "..", 2, 0, 0, 0 } }, 1, LXFS_ERR_PATH, 0 },
        { { { "a", 3, 0, 0, 0 } }, 1, LXFS_ERR_TYPE, 0 },
        { { { "a", 1, 1, 1, 0 } }, 1, LXFS_ERR_EXTENT, 0 },         /* over a superblock */
        { { { "a", 1, 1, 100, 0 } }, 1, LXFS_ERR_EXTENT, 0 },       /* past the end */
        { { { "a", 1, 8192, 99, 0 } }, 1, LXFS_ERR_EXTENT, 0 },     /* runs past the end */
        { { { "a", 1, 0, 5, 0 } }, 1, LXFS_ERR_EXTENT, 0 },         /* empty file with data */
        { { { "a", 1, 1, 5, 6 } }, 1, LXFS_ERR_EXTENT, 0 },         /* small file with a tree */
        { { { "a", 1, 5000, 5, 0 } }, 1, LXFS_ERR_EXTENT, 0 },      /* big file without one */
        { { { "a", 1, (1ull << 40) + 1, 5, 6 } }, 1, LXFS_ERR_FILE_SIZE, 0 },
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        n = mk_manifest(&p, cases[i].e, cases[i].n, buf, sizeof(buf));
        int rc = lxfs_manifest_open(&m, buf, n, &p, 100, &w);
        if (rc != cases[i].err || w.entry != cases[i].entry)
            fail_msg("case %u: got %d at entry %lld, want %d at %lld", i, rc,
                     (long long)w.entry, cases[i].err, (long long)cases[i].entry);
    }

    /* Byte-level damage to the good manifest. */
    n = mk_manifest(&p, good_manifest, 6, buf, sizeof(buf));
    size_t e1 = LXFS_HEADER_SIZE + LXFS_ENTRY_FIXED + 1;     /* entry 1 ("a/big") */
    struct { size_t off; uint8_t xor; int err; int64_t entry; int64_t where; } flips[] = {
        { 0, 1, LXFS_ERR_MANIFEST_HEADER, -1, 0 },
        { 8, 1, LXFS_ERR_MANIFEST_HEADER, -1, 8 },
        { 20, 1, LXFS_ERR_MANIFEST_HEADER, -1, 20 },
        { 12, 2, LXFS_ERR_MANIFEST_TRAILING, -1, -2 },      /* count 6 -> 4: bytes left */
        { 12, 1, LXFS_ERR_MANIFEST_TRUNCATED, 6, -2 },      /* count 6 -> 7 */
        { 14, 1, LXFS_ERR_TOO_MANY, -1, 12 },               /* count 65542 */
        { e1 + 3, 1, LXFS_ERR_ENTRY_FIELD, 1, (int64_t)e1 + 3 },
        { e1 + 5, 0x10, LXFS_ERR_MODE, 1, (int64_t)e1 + 4 },
        { e1 + 8, 1, LXFS_ERR_ENTRY_DIGEST, 1, (int64_t)e1 + 64 },
        { e1 + 40, 1, LXFS_ERR_ENTRY_DIGEST, 1, (int64_t)e1 + 64 },
        { e1 + 70, 1, LXFS_ERR_ENTRY_DIGEST, 1, (int64_t)e1 + 64 },
        { e1 + 96, 'a' ^ 'b', LXFS_ERR_PARENT, 1, (int64_t)e1 + 96 },   /* "b/big" */
        { LXFS_HEADER_SIZE + 8, 1, LXFS_ERR_ENTRY_FIELD, 0, LXFS_HEADER_SIZE + 8 }, /* dir size */
    };
    for (unsigned i = 0; i < sizeof(flips) / sizeof(flips[0]); i++) {
        uint8_t copy[4096];
        memcpy(copy, buf, n);
        copy[flips[i].off] ^= flips[i].xor;
        int rc = lxfs_manifest_open(&m, copy, n, &p, 100, &w);
        if (rc != flips[i].err || w.entry != flips[i].entry ||
            (flips[i].where != -2 && w.offset != flips[i].where))
            fail_msg("flip %u: got %d entry %lld offset %lld", i, rc, (long long)w.entry,
                     (long long)w.offset);
    }
    /* Every truncation and an extension. */
    for (size_t k = 0; k < n; k++) {
        int rc = lxfs_manifest_open(&m, buf, k, &p, 100, &w);
        assert_true(rc == LXFS_ERR_MANIFEST_TRUNCATED || rc == LXFS_ERR_MANIFEST_TRAILING);
    }
    buf[n] = 0;
    assert_int_equal(lxfs_manifest_open(&m, buf, n + 1, &p, 100, &w), LXFS_ERR_MANIFEST_TRAILING);
    /* Nothing is usable after a failed open. */
    size_t it = 0;
    struct lxfs_entry e;
    assert_int_equal(lxfs_entry_next(&m, &it, &e), LX_ERR_STATE);
}

/* ---- whole volumes ------------------------------------------------------- */

static void build_volume(struct ram *r, uint64_t blocks, const uint8_t *salt, size_t salt_size,
                         const char *const *paths, const size_t *sizes, unsigned n,
                         struct src_file **files, struct lxfs_super *s)
{
    struct fsverity_params p;

    ram_init(r, blocks);
    assert_int_equal(lxfs_params(salt, salt_size, &p), LX_OK);
    *files = make_files(paths, sizes, n);
    assert_int_equal(commit_files(r, NULL, NULL, &p, *files, n, s), LX_OK);
    assert_int_equal(s->sequence, 1);
}

static void test_build_and_read(void **state)
{
    static const char *const paths[] = { "d", "d/two-level", "d/one-level", "z" };
    static const size_t sizes[] = { DIR, 700000, 300000, 4096 * 3 };
    struct src_file *f;
    struct lxfs_super s;
    struct ram r;
    uint8_t root[32];

    (void)state;
    for (int salted = 0; salted < 2; salted++) {
        build_volume(&r, 400, (const uint8_t *)"0123456789abcdef0123456789abcdef",
                     salted ? 32 : 0, paths, sizes, 4, &f, &s);
        check_contents(&r, f, 4);
        assert_int_equal(verify_all(&r, s.volume_root, root), LX_OK);
        assert_memory_equal(root, s.volume_root, 32);
        /* Slot 0 is empty on a new volume; the superblock sits in slot 1. */
        int st[2];
        unsigned slot;
        struct lxfs_super sel;
        assert_int_equal(lxfs_super_select(&r.dev, &sel, &slot, st, NULL), LX_OK);
        assert_int_equal(slot, 1);
        assert_int_equal(st[0], LXFS_ERR_SUPER_EMPTY);
        /* A different expected root is refused before anything is read. */
        root[0] ^= 1;
        assert_int_equal(verify_all(&r, root, NULL), LXFS_ERR_ROOT);
        free_files(f, 4);
        ram_free(&r);
    }

    build_volume(&r, 40, NULL, 0, small_paths, small_sizes, NSMALL, &f, &s);
    check_contents(&r, f, NSMALL);
    /* The same contents built again give the same root: reproducible. */
    struct ram r2;
    struct lxfs_super s2;
    struct fsverity_params p;
    ram_init(&r2, 40);
    assert_int_equal(lxfs_params(NULL, 0, &p), LX_OK);
    assert_int_equal(commit_files(&r2, NULL, NULL, &p, f, NSMALL, &s2), LX_OK);
    assert_memory_equal(s.volume_root, s2.volume_root, 32);
    ram_free(&r2);
    free_files(f, NSMALL);
    ram_free(&r);
}

/* Which blocks a volume uses, for the tamper tests. */
static void used_blocks(const struct ram *r, uint8_t *used)
{
    struct mounted mt;
    struct lxfs_alloc a;

    assert_int_equal(mount(r, NULL, &mt, NULL), LX_OK);
    assert_int_equal(lxfs_alloc_init(&a, used, (size_t)(r->blocks + 7) / 8, r->blocks), LX_OK);
    assert_int_equal(lxfs_alloc_mark_volume(&a, &mt.s, &mt.m, NULL), LX_OK);
    unmount(&mt);
}

static void test_tamper(void **state)
{
    struct src_file *f;
    struct lxfs_super s;
    struct ram r;
    uint8_t used[8];
    unsigned detected = 0, ignored = 0;

    (void)state;
    build_volume(&r, 40, (const uint8_t *)"pepper", 6, small_paths, small_sizes, NSMALL, &f, &s);
    used_blocks(&r, used);
    /* Block 0 (the empty slot) is "used" by the allocator but unread. */
    for (uint64_t b = 0; b < r.blocks; b++) {
        bool in_use = (used[b / 8] >> (b % 8)) & 1 && b != 0;
        static const unsigned pos[] = { 0, 1, 31, 32, 2048, 4094, 4095 };
        for (unsigned k = 0; k < sizeof(pos) / sizeof(pos[0]); k++) {
            uint8_t *byte = r.mem + b * LXFS_BLOCK_SIZE + pos[k];
            *byte ^= 0x01;
            int rc = verify_all(&r, NULL, NULL);
            *byte ^= 0x01;
            if (in_use) {
                if (rc == LX_OK)
                    fail_msg("flip of block %llu byte %u not detected", (unsigned long long)b,
                             pos[k]);
                detected++;
            } else {
                assert_int_equal(rc, LX_OK);
                ignored++;
            }
        }
    }
    assert_true(detected >= 15 * 7 && ignored > 50);
    assert_int_equal(verify_all(&r, s.volume_root, NULL), LX_OK);

    /* The active superblock damaged: no valid slot on a new volume. */
    r.mem[LXFS_BLOCK_SIZE + 100] ^= 1;
    assert_int_equal(verify_all(&r, NULL, NULL), LXFS_ERR_NO_SUPER);
    r.mem[LXFS_BLOCK_SIZE + 100] ^= 1;

    /* Swap the data blocks of two same-size files: each fails its tree. */
    struct mounted mt;
    struct lxfs_entry ea, eb;
    int64_t be, bb;
    assert_int_equal(mount(&r, NULL, &mt, NULL), LX_OK);
    assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)"one", 3, &ea, NULL), LX_OK);
    assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)"tiny", 4, &eb, NULL), LX_OK);
    uint8_t tmp[LXFS_BLOCK_SIZE];
    memcpy(tmp, r.mem + ea.data_block * LXFS_BLOCK_SIZE, LXFS_BLOCK_SIZE);
    memcpy(r.mem + ea.data_block * LXFS_BLOCK_SIZE, r.mem + eb.data_block * LXFS_BLOCK_SIZE,
           LXFS_BLOCK_SIZE);
    memcpy(r.mem + eb.data_block * LXFS_BLOCK_SIZE, tmp, LXFS_BLOCK_SIZE);
    assert_int_equal(read_all(&r, &mt, &be, &bb), MERKLE_ERR_MISMATCH_DATA);
    assert_int_equal(bb, 0);
    unmount(&mt);

    /* A truncated device. */
    r.dev.blocks = s.volume_blocks - 1;
    assert_int_equal(verify_all(&r, NULL, NULL), LXFS_ERR_TRUNCATED);
    free_files(f, NSMALL);
    ram_free(&r);
}

/* Flip each byte of device block `blk` in turn; `check` must fail with
 * `want` each time (0: any failure). Returns the flips made. */
static unsigned flip_every_byte(struct ram *r, uint64_t blk, int want,
                                int (*check)(struct ram *r, void *arg), void *arg)
{
    unsigned n = 0;

    for (size_t pos = 0; pos < LXFS_BLOCK_SIZE; pos++, n++) {
        uint8_t *byte = r->mem + blk * LXFS_BLOCK_SIZE + pos;
        *byte ^= (uint8_t)(1u << (pos % 8));
        int rc = check(r, arg);
        *byte ^= (uint8_t)(1u << (pos % 8));
        if (rc == LX_OK || (want != 0 && rc != want))
            fail_msg("block %llu byte %zu: got %d, want %d", (unsigned long long)blk, pos, rc,
                     want);
    }
    return n;
}

/* Read one file block with a fresh verifier (nothing cached). */
struct one_block {
    const struct mounted *mt;
    struct lxfs_entry e;
    uint64_t index;
};

static int read_one(struct ram *r, void *arg)
{
    struct one_block *o = arg;
    struct lxfs_file f;
    uint8_t blk[LXFS_BLOCK_SIZE];
    size_t len;

    assert_int_equal(lxfs_file_open(&f, &r->dev, &o->mt->p, &o->e, cache, sizeof(cache)), LX_OK);
    int rc = lxfs_file_read_block(&f, o->index, blk, &len);
    for (size_t i = 0; rc != LX_OK && i < sizeof(blk); i++)
        assert_int_equal(blk[i], 0);
    return rc;
}

static int mount_only(struct ram *r, void *arg)
{
    struct mounted mt;
    int rc = mount(r, NULL, &mt, NULL);

    (void)arg;
    unmount(&mt);
    return rc;
}

/* Every byte of a block of each kind, one at a time: each flip is caught
 * and named (data, tree level, manifest, superblock). */
static void test_tamper_every_byte(void **state)
{
    static const char *const paths[] = {
        "a", "a/f00", "a/f01", "a/f02", "a/f03", "a/f04", "a/f05", "a/f06", "a/f07", "a/f08",
        "a/f09", "a/f10", "a/f11", "a/f12", "a/f13", "a/f14", "a/f15", "a/f16", "a/f17", "a/f18",
        "a/f19", "a/f20", "a/f21", "a/f22", "a/f23", "a/f24", "a/f25", "a/f26", "a/f27", "a/f28",
        "a/f29", "a/f30", "a/f31", "a/f32", "a/f33", "a/f34", "a/f35", "a/f36", "a/f37", "a/f38",
        "a/f39", "a/f40", "big",
    };
    size_t sizes[sizeof(paths) / sizeof(paths[0])];
    const unsigned n = sizeof(paths) / sizeof(paths[0]);
    struct src_file *f;
    struct lxfs_super s;
    struct mounted mt;
    struct ram r;
    struct one_block o;
    unsigned flips = 0;

    (void)state;
    sizes[0] = DIR;
    for (unsigned i = 1; i < n - 1; i++)
        sizes[i] = 1 + i * 37;
    sizes[n - 1] = 5 * 4096 + 123;          /* six data blocks and a tree block */
    build_volume(&r, 120, (const uint8_t *)"salt", 4, paths, sizes, n, &f, &s);
    assert_int_equal(mount(&r, NULL, &mt, NULL), LX_OK);
    assert_true(s.manifest_size > LXFS_BLOCK_SIZE);    /* a manifest with a tree */
    o.mt = &mt;
    assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)"big", 3, &o.e, NULL), LX_OK);

    /* A file's first data block, its last (padding included), its tree. */
    o.index = 0;
    flips += flip_every_byte(&r, o.e.data_block, MERKLE_ERR_MISMATCH_DATA, read_one, &o);
    o.index = 5;
    flips += flip_every_byte(&r, o.e.data_block + 5, MERKLE_ERR_MISMATCH_DATA, read_one, &o);
    flips += flip_every_byte(&r, o.e.tree_block, MERKLE_ERR_MISMATCH_LEVEL(0), read_one, &o);
    /* A one-block file: its block is checked against the root itself. */
    assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)"a/f40", 5, &o.e, NULL), LX_OK);
    o.index = 0;
    flips += flip_every_byte(&r, o.e.data_block, MERKLE_ERR_MISMATCH_DATA, read_one, &o);
    /* Every manifest block and its tree; the superblock in use. */
    for (uint64_t b = 0; b < lxfs_data_blocks(s.manifest_size); b++)
        flips += flip_every_byte(&r, s.manifest_block + b, MERKLE_ERR_MISMATCH_DATA, mount_only,
                                 NULL);
    flips += flip_every_byte(&r, s.manifest_tree_block, MERKLE_ERR_MISMATCH_LEVEL(0), mount_only,
                             NULL);
    flips += flip_every_byte(&r, 1, LXFS_ERR_NO_SUPER, mount_only, NULL);
    unsigned kinds = 6 + (unsigned)lxfs_data_blocks(s.manifest_size);
    assert_int_equal(flips, kinds * LXFS_BLOCK_SIZE);
    assert_int_equal(verify_all(&r, s.volume_root, NULL), LX_OK);   /* all restored */
    unmount(&mt);
    free_files(f, n);
    ram_free(&r);
}

/*
 * Multi-block reads: any run length gives the file's bytes; a bad block in
 * a run leaves the verified blocks before it in the buffer, zeroes the
 * rest and is named through *len; a failing device read is narrowed down
 * to the block that fails.
 */
static void test_read_runs(void **state)
{
    static const char *const paths[] = { "f" };
    static const size_t sizes[] = { 700000 };       /* 171 blocks, two levels */
    struct src_file *f;
    struct lxfs_super s;
    struct lxfs_entry e;
    struct lxfs_file file;
    struct mounted mt;
    struct ram r;
    size_t len;
    const size_t B = LXFS_BLOCK_SIZE;

    (void)state;
    build_volume(&r, 400, NULL, 0, paths, sizes, 1, &f, &s);
    assert_int_equal(mount(&r, NULL, &mt, NULL), LX_OK);
    assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)"f", 1, &e, NULL), LX_OK);
    uint64_t nb = lxfs_data_blocks(e.size);
    uint8_t *buf = malloc(16 * B);
    assert_non_null(buf);

    assert_int_equal(lxfs_file_open(&file, &r.dev, &mt.p, &e, cache, sizeof(cache)), LX_OK);
    for (uint64_t b = 0; b < nb;) {
        uint32_t n = 1 + rng() % 16;
        n = n < nb - b ? n : (uint32_t)(nb - b);
        assert_int_equal(lxfs_file_read_blocks(&file, b, n, buf, &len), LX_OK);
        size_t want = b + n == nb ? (size_t)(e.size - b * B) : n * B;
        assert_int_equal(len, want);
        assert_memory_equal(buf, f[0].data + b * B, len);
        b += n;
    }
    assert_int_equal(lxfs_file_read_blocks(&file, nb - 1, 2, buf, &len), MERKLE_ERR_RANGE);
    assert_int_equal(lxfs_file_read_blocks(&file, 0, 0, buf, &len), MERKLE_ERR_RANGE);

    for (uint32_t k = 0; k < 7; k++) {
        uint8_t *byte = r.mem + (e.data_block + 40 + k) * B + rng() % B;
        *byte ^= 0x04;
        int rc = lxfs_file_read_blocks(&file, 40, 7, buf, &len);
        *byte ^= 0x04;
        assert_int_equal(rc, MERKLE_ERR_MISMATCH_DATA);
        assert_int_equal(len, k * B);
        assert_memory_equal(buf, f[0].data + 40 * B, len);
        for (size_t i = len; i < 7 * B; i++)
            assert_int_equal(buf[i], 0);
    }
    r.fail_read = true;
    r.fail_block = e.data_block + 12;
    assert_int_equal(lxfs_file_read_blocks(&file, 10, 5, buf, &len), LXFS_ERR_IO);
    assert_int_equal(len, 2 * B);
    assert_memory_equal(buf, f[0].data + 10 * B, len);
    for (size_t i = len; i < 5 * B; i++)
        assert_int_equal(buf[i], 0);
    r.fail_read = false;

    free(buf);
    unmount(&mt);
    free_files(f, 1);
    ram_free(&r);
}

/* ---- copy-on-write commits and crashes ----------------------------------- */

/* Replace "etc/conf", add "new/file" (and its directory), drop "one". */
static struct src_file *changed_files(const struct src_file *old, unsigned *n)
{
    struct src_file *f = calloc(NSMALL + 2, sizeof(*f));
    unsigned k = 0;

    assert_non_null(f);
    for (unsigned i = 0; i < NSMALL; i++) {
        if (strcmp(old[i].path, "one") == 0)
            continue;
        f[k] = old[i];
        f[k].data = NULL;
        if (old[i].size > 0) {
            f[k].data = malloc(old[i].size);
            memcpy(f[k].data, old[i].data, old[i].size);
        }
        f[k].keep = true;
        if (strcmp(old[i].path, "etc/conf") == 0) {
            f[k].keep = false;
            f[k].size = 9000;
            free(f[k].data);
            f[k].data = malloc(9000);
            fill_random(f[k].data, 9000);
        }
        k++;
    }
    f[k++] = (struct src_file){ "new", LXFS_TYPE_DIR, 0, NULL, false };
    f[k] = (struct src_file){ "new/file", LXFS_TYPE_FILE, 6000, malloc(6000), false };
    fill_random(f[k].data, 6000);
    *n = k + 1;
    return f;
}

/* Commit the change to r (recording writes). */
static void commit_change(struct ram *r, const struct src_file *f, unsigned n,
                          struct lxfs_super *news)
{
    struct mounted mt;

    assert_int_equal(mount(r, NULL, &mt, NULL), LX_OK);
    r->record = true;
    assert_int_equal(commit_files(r, &mt.s, &mt.m, &mt.p, f, n, news), LX_OK);
    r->record = false;
    unmount(&mt);
}

static void test_cow_commit(void **state)
{
    struct src_file *f, *g;
    struct lxfs_super s, s2;
    struct ram r, before;
    uint8_t used[8];
    unsigned ng;

    (void)state;
    build_volume(&r, 40, NULL, 0, small_paths, small_sizes, NSMALL, &f, &s);
    used_blocks(&r, used);
    ram_copy(&before, &r);
    g = changed_files(f, &ng);
    commit_change(&r, g, ng, &s2);
    assert_int_equal(s2.sequence, 2);
    assert_true(memcmp(s2.volume_root, s.volume_root, 32) != 0);
    check_contents(&r, g, ng);

    /* Copy-on-write: no block of the old volume was written (block 0 was
     * the empty slot, where superblock 2 goes). */
    for (unsigned i = 0; i < r.nlog; i++) {
        uint64_t b = r.log_block[i];
        assert_true(b == 0 || !((used[b / 8] >> (b % 8)) & 1));
    }
    assert_int_equal(r.log_block[r.nlog - 1], 0);   /* the superblock is written last */
    assert_true(r.flushes >= 2);

    /* A third commit goes to slot 1 and may reuse commit 1's blocks. */
    struct lxfs_super s3;
    ram_free(&before);
    commit_change(&r, f, NSMALL, &s3);
    assert_int_equal(s3.sequence, 3);
    check_contents(&r, f, NSMALL);

    free_files(f, NSMALL);
    free_files(g, ng);
    ram_free(&r);
}

static void test_no_space(void **state)
{
    static const char *const paths[] = { "big" };
    static const size_t sizes[] = { 30 * 4096 };
    struct src_file *f;
    struct lxfs_super s;
    struct fsverity_params p;
    struct ram r;

    (void)state;
    ram_init(&r, 20);
    assert_int_equal(lxfs_params(NULL, 0, &p), LX_OK);
    f = make_files(paths, sizes, 1);
    assert_int_equal(commit_files(&r, NULL, NULL, &p, f, 1, &s), LXFS_ERR_NO_SPACE);
    /* Nothing was committed: the device has no superblock. */
    assert_int_equal(verify_all(&r, NULL, NULL), LXFS_ERR_NO_SUPER);
    free_files(f, 1);
    ram_free(&r);
}

/*
 * Power lost after each block write of a commit: replaying every prefix of
 * the recorded writes onto the old image must give the old or the new
 * volume, and it must verify. A torn superblock write gives the old one.
 */
static void crash_replay(bool remove_only)
{
    struct src_file *f, *g;
    struct lxfs_super s, s2;
    struct ram r, old;
    unsigned ng, olds = 0, news = 0;
    uint8_t root[32];

    build_volume(&r, 40, NULL, 0, small_paths, small_sizes, NSMALL, &f, &s);
    ram_copy(&old, &r);
    if (remove_only) {
        /* rm: everything but "etc/b". */
        g = calloc(NSMALL, sizeof(*g));
        ng = 0;
        for (unsigned i = 0; i < NSMALL; i++) {
            if (strcmp(f[i].path, "etc/b") != 0) {
                g[ng] = f[i];
                g[ng++].keep = true;
            }
        }
    } else {
        g = changed_files(f, &ng);
    }
    commit_change(&r, g, ng, &s2);
    assert_true(r.nlog >= 2);
    for (unsigned k = 0; k <= r.nlog; k++) {
        struct ram c;
        ram_copy(&c, &old);
        for (unsigned i = 0; i < k; i++)
            memcpy(c.mem + r.log_block[i] * LXFS_BLOCK_SIZE, r.log_data[i], LXFS_BLOCK_SIZE);
        assert_int_equal(verify_all(&c, NULL, root), LX_OK);
        if (memcmp(root, s.volume_root, 32) == 0) {
            olds++;
            assert_true(k < r.nlog);
        } else {
            assert_memory_equal(root, s2.volume_root, 32);
            assert_int_equal(k, r.nlog);
            news++;
        }
        /* The superblock write torn: its first sectors still old (its tail
         * is zeros either way, so tearing there would change nothing). */
        if (k == r.nlog) {
            memcpy(c.mem + r.log_block[k - 1] * LXFS_BLOCK_SIZE,
                   old.mem + r.log_block[k - 1] * LXFS_BLOCK_SIZE, 512);
            assert_int_equal(verify_all(&c, NULL, root), LX_OK);
            assert_memory_equal(root, s.volume_root, 32);
        }
        ram_free(&c);
    }
    assert_int_equal(olds, r.nlog);
    assert_int_equal(news, 1);
    if (remove_only)
        free(g);
    else
        free_files(g, ng);
    free_files(f, NSMALL);
    ram_free(&old);
    ram_free(&r);
}

static void test_crash_add(void **state)
{
    (void)state;
    crash_replay(false);
}

static void test_crash_rm(void **state)
{
    (void)state;
    crash_replay(true);
}

static void test_overlap(void **state)
{
    struct src_file *f;
    struct lxfs_super s;
    struct ram r;
    struct mounted mt;
    struct lxfs_entry e[2];
    struct lxfs_alloc a;
    struct lxfs_where w;
    uint8_t bits[8], scratch[1024];

    (void)state;
    build_volume(&r, 40, NULL, 0, small_paths, small_sizes, NSMALL, &f, &s);
    assert_int_equal(mount(&r, NULL, &mt, NULL), LX_OK);
    /* Two paths naming the same extents: valid entries, but overlapping. */
    assert_int_equal(lxfs_manifest_find(&mt.m, (const uint8_t *)"one", 3, &e[0], NULL), LX_OK);
    e[1] = e[0];
    e[1].path = (const uint8_t *)"two";
    struct lxfs_manifest m2;
    size_t n = LXFS_HEADER_SIZE;
    lxfs_manifest_header_encode(scratch, 2);
    n += lxfs_entry_encode(&e[0], scratch + n, sizeof(scratch) - n);
    n += lxfs_entry_encode(&e[1], scratch + n, sizeof(scratch) - n);
    assert_int_equal(lxfs_manifest_open(&m2, scratch, n, &mt.p, r.blocks, NULL), LX_OK);
    assert_int_equal(lxfs_alloc_init(&a, bits, sizeof(bits), r.blocks), LX_OK);
    assert_int_equal(lxfs_alloc_mark_volume(&a, &mt.s, &m2, &w), LXFS_ERR_OVERLAP);
    assert_int_equal(w.entry, 1);
    assert_int_equal(w.block, (int64_t)e[0].data_block);
    unmount(&mt);
    free_files(f, NSMALL);
    ram_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_superblock),
        cmocka_unit_test(test_manifest_rules),
        cmocka_unit_test(test_build_and_read),
        cmocka_unit_test(test_tamper),
        cmocka_unit_test(test_tamper_every_byte),
        cmocka_unit_test(test_read_runs),
        cmocka_unit_test(test_cow_commit),
        cmocka_unit_test(test_no_space),
        cmocka_unit_test(test_crash_add),
        cmocka_unit_test(test_crash_rm),
        cmocka_unit_test(test_overlap),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
