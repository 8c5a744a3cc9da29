/*
 * LXFS parsers and readers on hostile input. The first byte picks:
 * 0: a manifest from the fuzzer: only documented codes; when it opens,
 *    every entry re-encodes to exactly its bytes and is found by its path;
 * 1: a superblock from the fuzzer: when it decodes, it re-encodes to the
 *    same block;
 * 2: a whole device of fuzzer bytes, with a fuzzer-written manifest that
 *    is correctly hashed and named by a valid superblock (so the reader
 *    gets past the root check and meets hostile entries, extents and
 *    trees): mount, overlap check and reading every block of every file
 *    (alone and in runs) return documented codes and never crash, and a
 *    refused read leaves nothing unverified behind.
 */
#include "fuzz_common.h"

#include "lxfs/lxfs.h"

#define DEV_BLOCKS 48

static void check_manifest(const uint8_t *d, size_t n, uint64_t volume_blocks)
{
    struct fsverity_params p;
    struct lxfs_manifest m;
    struct lxfs_entry e, found;
    struct lxfs_where w;
    uint8_t enc[LXFS_ENTRY_FIXED + LXFS_MAX_PATH];
    size_t off = 0, prev = LXFS_HEADER_SIZE;
    uint32_t i = 0, index;

    lxfs_params(NULL, 0, &p);
    if (lxfs_manifest_open(&m, d, n, &p, volume_blocks, &w) != LX_OK)
        return;
    while (lxfs_entry_next(&m, &off, &e) == LX_OK) {
        size_t k = lxfs_entry_encode(&e, enc, sizeof(enc));
        if (k != off - prev || memcmp(enc, d + prev, k) != 0)
            abort();
        if (lxfs_manifest_find(&m, e.path, e.path_len, &found, &index) != LX_OK || index != i)
            abort();
        prev = off;
        i++;
    }
    if (i != m.count || off != n)
        abort();
}

static void check_super(const uint8_t *d, size_t n)
{
    uint8_t blk[LXFS_BLOCK_SIZE] = { 0 }, again[LXFS_BLOCK_SIZE];
    struct lxfs_super s;

    memcpy(blk, d, n < sizeof(blk) ? n : sizeof(blk));
    for (unsigned slot = 0; slot < 2; slot++) {
        if (lxfs_super_decode(blk, slot, &s, NULL) != LX_OK)
            continue;
        lxfs_super_encode(&s, again);
        if (memcmp(blk, again, sizeof(blk)) != 0)
            abort();
    }
}

struct ram {
    uint8_t mem[DEV_BLOCKS * LXFS_BLOCK_SIZE];
};

static int ram_read(void *arg, uint64_t block, uint32_t count, void *buf)
{
    struct ram *r = arg;

    if (block > DEV_BLOCKS || count > DEV_BLOCKS - block)
        return -1;
    memcpy(buf, r->mem + block * LXFS_BLOCK_SIZE, (size_t)count * LXFS_BLOCK_SIZE);
    return 0;
}

static int ram_write(void *arg, uint64_t block, uint32_t count, const void *buf)
{
    struct ram *r = arg;

    if (block > DEV_BLOCKS || count > DEV_BLOCKS - block)
        return -1;
    memcpy(r->mem + block * LXFS_BLOCK_SIZE, buf, (size_t)count * LXFS_BLOCK_SIZE);
    return 0;
}

static int ram_flush(void *arg)
{
    (void)arg;
    return 0;
}

static void read_everything(const struct lxfs_dev *dev, const struct lxfs_super *s,
                            const struct lxfs_manifest *m, const struct fsverity_params *p)
{
    static uint8_t cache[4 * LXFS_BLOCK_SIZE], bits[DEV_BLOCKS / 8], run[3 * LXFS_BLOCK_SIZE];
    uint8_t blk[LXFS_BLOCK_SIZE];
    struct lxfs_alloc a;
    struct lxfs_entry e;
    struct lxfs_file f;
    size_t off = 0, len;

    if (lxfs_alloc_init(&a, bits, sizeof(bits), s->volume_blocks) == LX_OK)
        lxfs_alloc_mark_volume(&a, s, m, NULL);
    while (lxfs_entry_next(m, &off, &e) == LX_OK) {
        if (lxfs_file_open(&f, dev, p, &e, cache, sizeof(cache)) != LX_OK)
            continue;
        for (uint64_t b = 0; b < lxfs_data_blocks(e.size) && b < 64; b++) {
            int r = lxfs_file_read_block(&f, b, blk, &len);
            if (r != LX_OK && (len != 0 || blk[0] != 0 || blk[LXFS_BLOCK_SIZE - 1] != 0))
                abort();                /* a refused block leaves nothing behind */
        }
        /* Runs of up to three blocks: after a refusal, nothing from the
         * bad block on is left behind either. */
        fsverity_verifier_flush(&f.v);
        for (uint64_t b = 0; b < lxfs_data_blocks(e.size) && b < 64; b += 3) {
            uint64_t left = lxfs_data_blocks(e.size) - b;
            uint32_t n = left < 3 ? (uint32_t)left : 3;
            int r = lxfs_file_read_blocks(&f, b, n, run, &len);
            if (r == LX_OK)
                continue;
            if (len % LXFS_BLOCK_SIZE != 0 || len >= (size_t)n * LXFS_BLOCK_SIZE)
                abort();
            for (size_t i = len; i < (size_t)n * LXFS_BLOCK_SIZE; i++)
                if (run[i] != 0)
                    abort();
        }
    }
}

static void check_volume(const uint8_t *d, size_t n)
{
    static struct ram r;
    static struct lxfs_writer wr;
    static uint8_t bits[DEV_BLOCKS / 8], mbuf[8 * LXFS_BLOCK_SIZE];
    struct lxfs_dev dev = { ram_read, ram_write, ram_flush, &r, DEV_BLOCKS };
    struct fsverity_params p;
    struct lxfs_alloc a;
    struct lxfs_entry me;
    struct lxfs_super s, got;
    struct lxfs_manifest m;
    size_t mlen = n < 8 * LXFS_BLOCK_SIZE ? n / 2 : 4 * LXFS_BLOCK_SIZE;

    /* The device is fuzzer bytes; the manifest is the first mlen of them. */
    memset(r.mem, 0, sizeof(r.mem));
    memcpy(r.mem + 2 * LXFS_BLOCK_SIZE, d + mlen,
           n - mlen < sizeof(r.mem) - 2 * LXFS_BLOCK_SIZE ? n - mlen
                                                          : sizeof(r.mem) - 2 * LXFS_BLOCK_SIZE);
    lxfs_params(NULL, 0, &p);
    if (lxfs_alloc_init(&a, bits, sizeof(bits), DEV_BLOCKS) != LX_OK)
        abort();
    /* Put the manifest at the end so the fuzzer's extents can reach it. */
    for (uint64_t b = LXFS_FIRST_DATA_BLOCK; b < DEV_BLOCKS - 8; b++)
        lxfs_alloc_mark(&a, b, 1);
    if (lxfs_writer_begin(&wr, &dev, &p, &a, mlen) != LX_OK ||
        lxfs_writer_update(&wr, d, mlen) != LX_OK || lxfs_writer_finish(&wr, &me) != LX_OK)
        return;
    memset(&s, 0, sizeof(s));
    s.sequence = 1;
    s.volume_blocks = DEV_BLOCKS;
    s.manifest_block = me.data_block;
    s.manifest_size = me.size;
    s.manifest_tree_block = me.tree_block;
    memcpy(s.manifest_root, me.root, LXFS_HASH_SIZE);
    memcpy(s.volume_root, me.digest, LXFS_HASH_SIZE);
    if (lxfs_commit_super(&dev, &s) != LX_OK)
        abort();
    if (lxfs_super_select(&dev, &got, NULL, NULL, NULL) != LX_OK)
        return;                         /* e.g. a manifest under 32 bytes */
    /* The manifest is at most 4 blocks; the next 4 are the tree cache. */
    if (lxfs_manifest_load(&dev, &got, s.volume_root, mbuf, 4 * LXFS_BLOCK_SIZE,
                           mbuf + 4 * LXFS_BLOCK_SIZE, 4 * LXFS_BLOCK_SIZE, &m, NULL) != LX_OK)
        return;
    read_everything(&dev, &got, &m, &p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    switch (data[0] % 3) {
    case 0:
        check_manifest(data + 1, size - 1, size > 1 ? 2 + data[1] % 64 : 3);
        break;
    case 1:
        check_super(data + 1, size - 1);
        break;
    default:
        check_volume(data + 1, size - 1);
        break;
    }
    return 0;
}
