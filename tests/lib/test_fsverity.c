/*
 * fs-verity file trees: the fsverity-utils digest vectors (all hash
 * algorithms, block sizes and salts), the stored-tree layout vector, a
 * naive level-by-level reference tree for random sizes and chunkings,
 * and single-block verification: every block verifies, any corrupted
 * data or tree block is refused with the right level, and the cache
 * makes a sequential pass hash each tree block exactly once.
 */
#include "test.h"

#include "crypto/sha256.h"
#include "crypto/sha512.h"
#include "merkle/fsverity.h"
#include "vec.h"

/* Deterministic pseudo-random bytes for the non-vector tests. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

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

/* ---- a tree collected from the builder's emit callback ----------------- */

struct tree_sink {
    struct fsverity_geometry geo;
    uint8_t *tree;
    size_t emitted;
    int bad;
};

static int sink_emit(void *arg, unsigned level, uint64_t offset, const uint8_t *bytes, size_t len)
{
    struct tree_sink *s = arg;

    if (level >= s->geo.levels || offset + len > s->geo.level_blocks[level] * s->geo.block_size) {
        s->bad++;
        return -1;
    }
    memcpy(s->tree + s->geo.level_offset[level] + offset, bytes, len);
    s->emitted += len;
    return 0;
}

/* Build with the given chunk size (0 = random chunks); tree is malloc'd. */
static void build(const struct fsverity_params *p, const uint8_t *data, size_t size, size_t chunk,
                  uint8_t root[64], uint8_t digest[64], struct tree_sink *s)
{
    struct fsverity_builder b;

    assert_int_equal(fsverity_tree_geometry(p, size, &s->geo), LX_OK);
    s->tree = malloc(s->geo.tree_size + 1);
    assert_non_null(s->tree);
    memset(s->tree, 0xa5, s->geo.tree_size);
    s->emitted = 0;
    s->bad = 0;
    assert_int_equal(fsverity_builder_init(&b, p, sink_emit, s), LX_OK);
    for (size_t off = 0; off < size;) {
        size_t n = chunk ? chunk : 1 + rng() % (3 * s->geo.block_size);
        if (n > size - off)
            n = size - off;
        assert_int_equal(fsverity_builder_update(&b, data + off, n), LX_OK);
        off += n;
    }
    assert_int_equal(fsverity_builder_final(&b, root, digest), LX_OK);
    assert_int_equal(s->bad, 0);
    assert_int_equal(s->emitted, s->geo.tree_size);
    /* final() twice is a state error, not a second answer */
    assert_int_equal(fsverity_builder_final(&b, root, NULL), LX_ERR_STATE);
}

/* ---- naive reference: whole levels in memory ----------------------------- */

static void ref_hash(const struct fsverity_params *p, const uint8_t *blk, size_t bs, uint8_t *out)
{
    size_t in_block = p->hash_alg == 1 ? 64 : 128;
    size_t pre = p->salt_size ? ((p->salt_size + in_block - 1) / in_block) * in_block : 0;
    uint8_t *buf = calloc(1, pre + bs);

    assert_non_null(buf);
    memcpy(buf, p->salt, p->salt_size);
    memcpy(buf + pre, blk, bs);
    if (p->hash_alg == 1)
        sha256(buf, pre + bs, out);
    else
        sha512(buf, pre + bs, out);
    free(buf);
}

/* Returns the stored tree (malloc'd, *tree_size bytes) and the root. */
static uint8_t *ref_tree(const struct fsverity_params *p, const uint8_t *data, size_t size,
                         size_t *tree_size, uint8_t root[64])
{
    size_t bs = (size_t)1 << p->log_blocksize, ds = p->hash_alg == 1 ? 32 : 64;
    uint8_t *levels[FSVERITY_MAX_LEVELS + 1];
    size_t level_len[FSVERITY_MAX_LEVELS + 1];
    size_t nlev = 0;
    const uint8_t *cur = data;
    size_t cur_len = size;

    memset(root, 0, 64);
    *tree_size = 0;
    if (size == 0)
        return malloc(1);
    while (1) {
        size_t nblk = (cur_len + bs - 1) / bs;
        uint8_t *blk = calloc(1, bs);
        if (nblk == 1) {
            memcpy(blk, cur, cur_len);
            ref_hash(p, blk, bs, root);
            free(blk);
            break;
        }
        size_t out_len = ((nblk * ds + bs - 1) / bs) * bs;
        uint8_t *out = calloc(1, out_len);
        for (size_t i = 0; i < nblk; i++) {
            size_t n = cur_len - i * bs < bs ? cur_len - i * bs : bs;
            memset(blk, 0, bs);
            memcpy(blk, cur + i * bs, n);
            ref_hash(p, blk, bs, out + i * ds);
        }
        free(blk);
        assert_true(nlev < FSVERITY_MAX_LEVELS);
        levels[nlev] = out;
        level_len[nlev++] = out_len;
        cur = out;
        cur_len = out_len;
    }
    for (size_t i = 0; i < nlev; i++)
        *tree_size += level_len[i];
    uint8_t *tree = malloc(*tree_size + 1);
    size_t off = 0;
    for (size_t i = nlev; i-- > 0;) {
        memcpy(tree + off, levels[i], level_len[i]);
        off += level_len[i];
        free(levels[i]);
    }
    return tree;
}

/* ---- vectors ------------------------------------------------------------- */

static uint8_t *vector_file(size_t n)
{
    uint8_t *d = malloc(n + 1);

    assert_non_null(d);
    for (size_t i = 0; i < n; i++)
        d[i] = (uint8_t)((i % 11) + (i % 439) + (i % 1103));
    return d;
}

static int log2_of(long v)
{
    int l = 0;

    while ((1L << l) < v)
        l++;
    return l;
}

static void test_utils_vectors(void **state)
{
    (void)state;
    size_t text_len;
    char *text = vec_load("vectors/fsverity/fsverity_utils_test_compute_digest.json", &text_len);
    if (text == NULL)
        fail_msg("missing fsverity vector file");
    struct json *root = json_parse(text, text_len);
    assert_non_null(root);
    const struct json *cases = json_get(root, "cases");
    uint8_t *file = vector_file(1000000);
    int n = 0;

    for (size_t i = 0; i < json_len(cases); i++) {
        const struct json *c = json_at(cases, i);
        const char *alg = json_str(json_get(c, "hash_algorithm"), NULL);
        size_t hl, dl, rl;
        const char *salt_hex = json_str(json_get(c, "salt"), &hl);
        const char *dig_hex = json_str(json_get(c, "digest"), &dl);
        const char *root_hex = json_str(json_get(c, "root_hash"), &rl);
        long long size = json_int(json_get(c, "file_size"));
        struct fsverity_params p;
        uint8_t want_digest[64], want_root[64], root[64], digest[64];
        struct tree_sink s;

        memset(&p, 0, sizeof(p));
        p.hash_alg = strcmp(alg, "sha256") == 0 ? FSVERITY_HASH_SHA256 : FSVERITY_HASH_SHA512;
        assert_int_equal(p.hash_alg, json_int(json_get(c, "fs_verity_alg_id")));
        p.log_blocksize = (uint8_t)log2_of((long)json_int(json_get(c, "block_size")));
        size_t salt_len = vec_hex(salt_hex, hl, p.salt, sizeof(p.salt));
        assert_true(salt_len <= 32);
        p.salt_size = (uint8_t)salt_len;
        size_t ds = p.hash_alg == 1 ? 32 : 64;
        assert_int_equal(vec_hex(dig_hex, dl, want_digest, 64), ds);
        assert_int_equal(vec_hex(root_hex, rl, want_root, 64), ds);
        assert_true(size >= 0 && size <= 1000000);

        build(&p, file, (size_t)size, 0, root, digest, &s);
        if (memcmp(root, want_root, ds) != 0 || memcmp(digest, want_digest, ds) != 0)
            fail_msg("fsverity vector '%s' differs", json_str(json_get(c, "desc"), NULL));
        /* the same with whole-buffer feeding (the interleaved path) */
        free(s.tree);
        build(&p, file, (size_t)size, (size_t)size ? (size_t)size : 1, root, digest, &s);
        assert_memory_equal(digest, want_digest, ds);
        free(s.tree);
        n++;
    }
    assert_int_equal(n, 12);
    free(file);
    json_free(root);
    free(text);
}

static void test_metadata_vector(void **state)
{
    (void)state;
    size_t text_len;
    char *text = vec_load("vectors/fsverity/fsverity_utils_test_compute_digest.json", &text_len);
    if (text == NULL)
        fail_msg("missing fsverity vector file");
    struct json *j = json_parse(text, text_len);
    assert_non_null(j);
    const struct json *m = json_get(j, "metadata_callbacks_case");
    const struct json *blocks = json_get(m, "merkle_tree_blocks");
    struct fsverity_params p;
    uint8_t *zeros = calloc(1, 100000), root[64], digest[64], want[32], got[32];
    struct tree_sink s;
    size_t l;
    const char *h;

    assert_non_null(m);
    memset(&p, 0, sizeof(p));
    p.hash_alg = 1;
    p.log_blocksize = 10;
    build(&p, zeros, 100000, 4096, root, digest, &s);
    assert_int_equal(s.geo.tree_size, json_int(json_get(m, "expected_merkle_tree_size")));
    assert_int_equal(s.geo.levels, 2);

    h = json_str(json_get(blocks, "level1_offset0_sha256"), &l);
    assert_int_equal(vec_hex(h, l, want, 32), 32);
    sha256(s.tree, 1024, got);
    assert_memory_equal(got, want, 32);
    h = json_str(json_get(blocks, "level0_blocks_0_to_2_sha256"), &l);
    assert_int_equal(vec_hex(h, l, want, 32), 32);
    for (int i = 0; i < 3; i++) {
        sha256(s.tree + 1024 + 1024 * i, 1024, got);
        assert_memory_equal(got, want, 32);
    }
    h = json_str(json_get(blocks, "level0_block_3_sha256"), &l);
    assert_int_equal(vec_hex(h, l, want, 32), 32);
    sha256(s.tree + 4096, 1024, got);
    assert_memory_equal(got, want, 32);
    h = json_str(json_get(m, "digest"), &l);
    assert_int_equal(vec_hex(h, l, want, 32), 32);
    assert_memory_equal(digest, want, 32);

    free(s.tree);
    free(zeros);
    json_free(j);
    free(text);
}

/* Random sizes around block and level boundaries, all parameter kinds,
 * random chunking: builder tree and root == naive reference. */
static void test_against_reference(void **state)
{
    (void)state;
    static const struct { uint8_t alg, log; } kinds[] = { { 1, 12 }, { 1, 9 }, { 2, 9 }, { 2, 10 }, { 1, 10 } };
    int n = 0;

    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        size_t bs = (size_t)1 << kinds[k].log, ds = kinds[k].alg == 1 ? 32 : 64;
        size_t arity = bs / ds;
        size_t sizes[] = { 0, 1, bs - 1, bs, bs + 1, 2 * bs, arity * bs, arity * bs + 1,
                           arity * arity * bs, arity * arity * bs + 1, 3 * bs + 17 };
        for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
            if (sizes[i] > (1u << 21))
                continue;
            for (int salted = 0; salted < 2; salted++) {
                struct fsverity_params p;
                uint8_t *data = malloc(sizes[i] + 1), root[64], digest[64], rroot[64];
                size_t rsize;
                struct tree_sink s;

                memset(&p, 0, sizeof(p));
                p.hash_alg = kinds[k].alg;
                p.log_blocksize = kinds[k].log;
                p.salt_size = salted ? (uint8_t)(1 + rng() % 32) : 0;
                fill_random(p.salt, p.salt_size);
                fill_random(data, sizes[i]);
                build(&p, data, sizes[i], 0, root, digest, &s);
                uint8_t *ref = ref_tree(&p, data, sizes[i], &rsize, rroot);
                assert_int_equal(rsize, s.geo.tree_size);
                assert_memory_equal(rroot, root, ds);
                if (rsize)
                    assert_memory_equal(ref, s.tree, rsize);
                free(ref);
                free(s.tree);
                free(data);
                n++;
            }
        }
    }
    assert_true(n >= 90);
}

/* ---- verification ------------------------------------------------------- */

struct tree_src {
    const struct fsverity_geometry *geo;
    const uint8_t *tree;
    int reads;
    int fail;
};

static int src_read(void *arg, unsigned level, uint64_t index, uint8_t *buf, size_t bs)
{
    struct tree_src *t = arg;

    if (t->fail || level >= t->geo->levels || index >= t->geo->level_blocks[level] ||
        bs != t->geo->block_size)
        return -1;
    memcpy(buf, t->tree + t->geo->level_offset[level] + index * bs, bs);
    t->reads++;
    return 0;
}

static size_t block_len(const struct fsverity_geometry *g, uint64_t i)
{
    return i + 1 == g->data_blocks ? (size_t)(g->data_size - i * g->block_size) : g->block_size;
}

static void verify_file(uint8_t alg, uint8_t log, size_t size, int exhaustive)
{
    struct fsverity_params p;
    struct fsverity_verifier v;
    struct tree_sink s;
    struct tree_src src;
    uint8_t *data = malloc(size), root[64], digest[64];
    size_t bs = (size_t)1 << log;
    uint8_t *cache = malloc(FSVERITY_CACHE_MAX * bs);

    memset(&p, 0, sizeof(p));
    p.hash_alg = alg;
    p.log_blocksize = log;
    p.salt_size = 5;
    memcpy(p.salt, "salty", 5);
    fill_random(data, size);
    build(&p, data, size, 0, root, digest, &s);
    const struct fsverity_geometry *g = &s.geo;
    src.geo = g;
    src.tree = s.tree;
    src.fail = 0;
    src.reads = 0;

    /* The digest binds the root. */
    assert_int_equal(fsverity_check_root(&p, size, root, digest), LX_OK);
    assert_int_equal(fsverity_check_root(&p, size + 1, root, digest), MERKLE_ERR_DIGEST);

    /* Sequential pass with max(2, levels) slots or more: every tree block
     * is read and hashed exactly once. */
    uint64_t tree_blocks = g->tree_size / bs;
    for (unsigned slots = g->levels < 2 ? 2 : g->levels; slots <= g->levels + 2; slots++) {
        src.reads = 0;
        assert_int_equal(fsverity_verifier_init(&v, &p, size, root, src_read, &src, cache, slots * bs),
                         LX_OK);
        for (uint64_t i = 0; i < g->data_blocks; i++)
            assert_int_equal(fsverity_verify_block(&v, i, data + i * bs, block_len(g, i)), LX_OK);
        assert_int_equal(v.tree_hashes, tree_blocks);
        assert_int_equal(src.reads, tree_blocks);
    }

    /* Zero-padded full last block is accepted too; a short one is not. */
    uint64_t last = g->data_blocks - 1;
    uint8_t *padded = calloc(1, bs);
    memcpy(padded, data + last * bs, block_len(g, last));
    assert_int_equal(fsverity_verify_block(&v, last, padded, bs), LX_OK);
    if (block_len(g, last) < bs) {
        padded[bs - 1] = 1;
        assert_int_equal(fsverity_verify_block(&v, last, padded, bs), MERKLE_ERR_MISMATCH_DATA);
    }
    assert_int_equal(fsverity_verify_block(&v, last, padded, block_len(g, last) - 1 ? block_len(g, last) - 1 : bs + 1),
                     MERKLE_ERR_LENGTH);
    assert_int_equal(fsverity_verify_block(&v, g->data_blocks, data, bs), MERKLE_ERR_RANGE);
    free(padded);

    /* Any flipped data byte: the block is refused (one random byte per block,
     * plus first and last byte of block 0). */
    uint8_t *blk = malloc(bs);
    for (uint64_t i = 0; i < g->data_blocks; i++) {
        size_t n = block_len(g, i);
        memcpy(blk, data + i * bs, n);
        size_t pos = i == 0 ? 0 : i == 1 ? n - 1 : rng() % n;
        blk[pos] ^= (uint8_t)(1u << (rng() % 8));
        assert_int_equal(fsverity_verify_block(&v, i, blk, n), MERKLE_ERR_MISMATCH_DATA);
    }

    /* Exhaustive: every byte of the first and the last data block. */
    for (int e = 0; exhaustive && e < 2; e++) {
        uint64_t i = e ? last : 0;
        size_t n = block_len(g, i);
        for (size_t pos = 0; pos < n; pos++) {
            memcpy(blk, data + i * bs, n);
            blk[pos] ^= 0x01;
            assert_int_equal(fsverity_verify_block(&v, i, blk, n), MERKLE_ERR_MISMATCH_DATA);
        }
    }
    /* Exhaustive: every byte of every tree block, padding included. */
    int flips = 0;
    for (unsigned l = 0; exhaustive && l < g->levels; l++) {
        for (uint64_t t = 0; t < g->level_blocks[l]; t++) {
            uint64_t first = t << (g->log_arity * (l + 1));
            for (size_t pos = g->level_offset[l] + t * bs; pos < g->level_offset[l] + (t + 1) * bs; pos++) {
                s.tree[pos] ^= 0x80;
                fsverity_verifier_flush(&v);
                int r = fsverity_verify_block(&v, first, data + first * bs, block_len(g, first));
                s.tree[pos] ^= 0x80;
                if (r != MERKLE_ERR_MISMATCH_LEVEL(l))
                    fail_msg("tree byte %zu (level %u block %llu): got %d", pos, l, (unsigned long long)t, r);
                flips++;
            }
        }
    }
    if (exhaustive)
        assert_int_equal(flips, g->tree_size);

    /* Any flipped tree byte: a fresh verifier refuses the first data block
     * under that tree block, naming the tree block's level. */
    for (unsigned l = 0; l < g->levels; l++) {
        for (uint64_t t = 0; t < g->level_blocks[l]; t++) {
            size_t off = g->level_offset[l] + t * bs;
            size_t pos = off + (t == 0 ? bs - 1 : rng() % bs);
            uint64_t first = t << (g->log_arity * (l + 1));
            s.tree[pos] ^= 0x40;
            assert_int_equal(fsverity_verifier_init(&v, &p, size, root, src_read, &src, cache, 2 * bs),
                             LX_OK);
            int r = fsverity_verify_block(&v, first, data + first * bs, block_len(g, first));
            assert_int_equal(r, MERKLE_ERR_MISMATCH_LEVEL(l));
            assert_int_equal(MERKLE_MISMATCH_LEVEL_OF(r), (int)l);
            s.tree[pos] ^= 0x40;
        }
    }

    /* Random access with the minimum cache still verifies everything. */
    assert_int_equal(fsverity_verifier_init(&v, &p, size, root, src_read, &src, cache, 2 * bs), LX_OK);
    for (int k = 0; k < 200; k++) {
        uint64_t i = rng() % g->data_blocks;
        assert_int_equal(fsverity_verify_block(&v, i, data + i * bs, block_len(g, i)), LX_OK);
    }
    /* A read failure is reported as such. */
    fsverity_verifier_flush(&v);
    src.fail = 1;
    assert_int_equal(fsverity_verify_block(&v, 0, data, bs), MERKLE_ERR_IO);
    src.fail = 0;
    /* A wrong root refuses at the top level. */
    root[0] ^= 1;
    assert_int_equal(fsverity_verifier_init(&v, &p, size, root, src_read, &src, cache, 2 * bs), LX_OK);
    assert_int_equal(fsverity_verify_block(&v, 0, data, bs), MERKLE_ERR_MISMATCH_LEVEL(g->levels - 1));

    free(blk);
    free(cache);
    free(s.tree);
    free(data);
}

/*
 * fsverity_verify_blocks: runs of whole (zero-padded) blocks, hashed in
 * pairs, give the same answers as block-by-block verification, and a
 * failure names the first bad block of the run (first or second of a pair)
 * with *verified counting the good ones before it.
 */
static void verify_runs(uint8_t alg, uint8_t log, size_t size)
{
    struct fsverity_params p;
    struct fsverity_verifier v;
    struct tree_sink s;
    struct tree_src src = { 0 };
    size_t bs = (size_t)1 << log, ok;
    uint8_t *cache = malloc(FSVERITY_CACHE_MAX * bs), root[64], digest[64];

    fsverity_params_default(&p, (const uint8_t *)"pepper", 6);
    p.hash_alg = alg;
    p.log_blocksize = log;
    uint64_t nblocks = (size + bs - 1) / bs;
    uint8_t *data = calloc(nblocks, bs);       /* the last block zero-padded */
    assert_true(data != NULL && cache != NULL);
    fill_random(data, size);
    build(&p, data, size, 0, root, digest, &s);
    src.geo = &s.geo;
    src.tree = s.tree;
    uint64_t tree_blocks = s.geo.tree_size / bs;

    /* Random run lengths over the whole file: all verify, each tree block
     * hashed once. */
    assert_int_equal(fsverity_verifier_init(&v, &p, size, root, src_read, &src, cache, 4 * bs),
                     LX_OK);
    for (uint64_t i = 0; i < nblocks;) {
        size_t n = 1 + rng() % 9;
        n = n < nblocks - i ? n : (size_t)(nblocks - i);
        assert_int_equal(fsverity_verify_blocks(&v, i, data + i * bs, n, &ok), LX_OK);
        assert_int_equal(ok, n);
        i += n;
    }
    assert_int_equal(v.tree_hashes, tree_blocks);
    assert_int_equal(fsverity_verify_blocks(&v, 0, data, 0, &ok), LX_OK);
    assert_int_equal(ok, 0);
    assert_int_equal(fsverity_verify_blocks(&v, nblocks - 1, data, 2, &ok), MERKLE_ERR_RANGE);
    assert_int_equal(fsverity_verify_blocks(&v, nblocks + 1, data, 0, &ok), MERKLE_ERR_RANGE);

    /* A bad byte at every position of a 5-block run: that block is named. */
    uint64_t start = nblocks / 2 - 2;
    for (size_t k = 0; k < 5; k++) {
        uint8_t *b = data + (start + k) * bs + rng() % bs;
        *b ^= 0x20;
        int r = fsverity_verify_blocks(&v, start, data + start * bs, 5, &ok);
        *b ^= 0x20;
        assert_int_equal(r, MERKLE_ERR_MISMATCH_DATA);
        assert_int_equal(ok, k);
    }
    /* Padding of the last block is data too. */
    if (size % bs != 0) {
        data[nblocks * bs - 1] = 1;
        assert_int_equal(fsverity_verify_blocks(&v, nblocks - 2, data + (nblocks - 2) * bs, 2, &ok),
                         MERKLE_ERR_MISMATCH_DATA);
        assert_int_equal(ok, 1);
        data[nblocks * bs - 1] = 0;
    }
    /* A bad level-0 tree block: the run stops at its first data block. */
    uint64_t t = 1, first = t << s.geo.log_arity;
    s.tree[s.geo.level_offset[0] + t * bs + 3] ^= 1;
    fsverity_verifier_flush(&v);
    assert_int_equal(fsverity_verify_blocks(&v, first - 3, data + (first - 3) * bs, 6, &ok),
                     MERKLE_ERR_MISMATCH_LEVEL(0));
    assert_int_equal(ok, 3);
    s.tree[s.geo.level_offset[0] + t * bs + 3] ^= 1;

    free(data);
    free(cache);
    free(s.tree);
}

static void test_verify_runs(void **state)
{
    (void)state;
    verify_runs(1, 12, 300 * 4096 + 5);     /* two levels, salted, pairs */
    verify_runs(1, 9, 40 * 512);            /* exact blocks */
    verify_runs(2, 10, 70 * 1024 + 1);      /* SHA-512: one block at a time */
}

static void test_verify_multilevel(void **state)
{
    (void)state;
    verify_file(1, 9, 300 * 512 + 100, 1);  /* 3 levels: 301 -> 19 -> 2 -> 1 */
    verify_file(2, 9, 80 * 512 + 1, 1);     /* SHA-512, arity 8: 81 -> 11 -> 2 -> 1 */
    verify_file(1, 12, 130 * 4096 + 7, 0);  /* 2 levels of the LX-OS shape */
}

static void test_verify_small(void **state)
{
    (void)state;
    struct fsverity_params p;
    struct fsverity_verifier v;
    uint8_t data[100], root[64], digest[64];
    struct tree_sink s;

    fill_random(data, sizeof(data));
    assert_int_equal(fsverity_params_default(&p, NULL, 0), LX_OK);
    build(&p, data, sizeof(data), 0, root, digest, &s);
    assert_int_equal(s.geo.levels, 0);
    assert_int_equal(fsverity_verifier_init(&v, &p, sizeof(data), root, NULL, NULL, NULL, 0), LX_OK);
    assert_int_equal(fsverity_verify_block(&v, 0, data, sizeof(data)), LX_OK);
    data[99] ^= 1;
    assert_int_equal(fsverity_verify_block(&v, 0, data, sizeof(data)), MERKLE_ERR_MISMATCH_DATA);
    assert_int_equal(fsverity_verify_block(&v, 1, data, sizeof(data)), MERKLE_ERR_RANGE);
    free(s.tree);

    /* empty file: nothing to verify */
    memset(root, 0, sizeof(root));
    assert_int_equal(fsverity_verifier_init(&v, &p, 0, root, NULL, NULL, NULL, 0), LX_OK);
    assert_int_equal(fsverity_verify_block(&v, 0, data, 0), MERKLE_ERR_RANGE);
}

static void test_params(void **state)
{
    (void)state;
    struct fsverity_params p;
    struct fsverity_geometry g;
    struct fsverity_verifier v;
    uint8_t salt[33] = { 0 }, root[64] = { 0 }, cache[4096];

    assert_int_equal(fsverity_params_default(&p, salt, 33), MERKLE_ERR_PARAMS);
    assert_int_equal(fsverity_params_default(&p, salt, 32), LX_OK);
    p.hash_alg = 3;
    assert_int_equal(fsverity_tree_geometry(&p, 1, &g), MERKLE_ERR_PARAMS);
    p.hash_alg = 1;
    p.log_blocksize = 8;
    assert_int_equal(fsverity_tree_geometry(&p, 1, &g), MERKLE_ERR_PARAMS);
    p.log_blocksize = 17;
    assert_int_equal(fsverity_tree_geometry(&p, 1, &g), MERKLE_ERR_PARAMS);
    p.log_blocksize = 12;
    p.salt_size = 33;
    assert_int_equal(fsverity_tree_geometry(&p, 1, &g), MERKLE_ERR_PARAMS);
    p.salt_size = 0;
    /* 4 KiB / SHA-256 covers every 64-bit size in at most 8 levels. */
    assert_int_equal(fsverity_tree_geometry(&p, UINT64_MAX, &g), LX_OK);
    assert_int_equal(g.levels, 8);
    assert_int_equal(fsverity_tree_geometry(&p, 4096ull * 128, &g), LX_OK);
    assert_int_equal(g.levels, 1);
    assert_int_equal(fsverity_tree_geometry(&p, 4096ull * 128 + 1, &g), LX_OK);
    assert_int_equal(g.levels, 2);
    assert_int_equal(g.level_blocks[0], 2);
    assert_int_equal(g.level_offset[1], 0);
    assert_int_equal(g.level_offset[0], 4096);
    assert_int_equal(g.tree_size, 3 * 4096);
    /* 512-byte blocks with SHA-512 (arity 8) run out of levels. */
    p.hash_alg = 2;
    p.log_blocksize = 9;
    assert_int_equal(fsverity_tree_geometry(&p, 512ull << 24, &g), LX_OK);
    assert_int_equal(g.levels, 8);
    assert_int_equal(fsverity_tree_geometry(&p, (512ull << 24) + 1, &g), MERKLE_ERR_TOO_BIG);
    /* Cache must hold two blocks when there is a tree. */
    assert_int_equal(fsverity_params_default(&p, NULL, 0), LX_OK);
    assert_int_equal(fsverity_verifier_init(&v, &p, 3 * 4096, root, NULL, NULL, cache, 4096),
                     LX_ERR_PARAM);
    assert_int_equal(fsverity_verifier_init(&v, &p, 3 * 4096, root, (fsverity_read_fn)src_read,
                                            NULL, cache, 4096),
                     MERKLE_ERR_CACHE);
}

/* Descriptor layout for one fixed input. */
static void test_descriptor(void **state)
{
    (void)state;
    struct fsverity_params p;
    uint8_t root[64], d[256];

    memset(root, 0x11, sizeof(root));
    assert_int_equal(fsverity_params_default(&p, (const uint8_t *)"ab", 2), LX_OK);
    assert_int_equal(fsverity_descriptor(&p, 0x0102030405060708ull, root, d), LX_OK);
    assert_int_equal(d[0], 1);
    assert_int_equal(d[1], 1);
    assert_int_equal(d[2], 12);
    assert_int_equal(d[3], 2);
    for (int i = 4; i < 8; i++)
        assert_int_equal(d[i], 0);
    assert_int_equal(d[8], 0x08);
    assert_int_equal(d[15], 0x01);
    assert_int_equal(d[16], 0x11);
    assert_int_equal(d[16 + 31], 0x11);
    assert_int_equal(d[16 + 32], 0);        /* SHA-256 root zero-padded to 64 */
    assert_int_equal(d[80], 'a');
    assert_int_equal(d[81], 'b');
    for (int i = 82; i < 256; i++)
        assert_int_equal(d[i], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utils_vectors),
        cmocka_unit_test(test_metadata_vector),
        cmocka_unit_test(test_against_reference),
        cmocka_unit_test(test_verify_small),
        cmocka_unit_test(test_verify_multilevel),
        cmocka_unit_test(test_verify_runs),
        cmocka_unit_test(test_params),
        cmocka_unit_test(test_descriptor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
