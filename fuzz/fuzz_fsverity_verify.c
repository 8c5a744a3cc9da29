/*
 * fs-verity single-block verification on hostile trees. Two modes:
 * (1) a genuine small file and tree (512-byte blocks so that several
 *     levels appear at a few KiB), then fuzz-chosen byte flips in the tree
 *     and in the data block: the verifier never accepts a block whose
 *     bytes differ from the file's; with an untouched block and tree it
 *     always accepts;
 *     The same again through fsverity_verify_blocks on a run of whole
 *     blocks starting with that block: a changed block stops the run
 *     there, and only genuine blocks are counted as verified;
 * (2) everything from the fuzzer (parameters, size, root, tree bytes,
 *     block): only documented codes, no crash, no out-of-bounds access.
 */
#include "fuzz_common.h"

#include "merkle/fsverity.h"

#define MAX_DATA (600 * 512)
#define MAX_TREE (64 * 512)

struct tree {
    const struct fsverity_geometry *geo;
    uint8_t *bytes;
    size_t len;
};

static int emit(void *arg, unsigned level, uint64_t off, const uint8_t *b, size_t n)
{
    struct tree *t = arg;
    uint64_t at = t->geo->level_offset[level] + off;

    if (at + n > t->len)
        return -1;
    memcpy(t->bytes + at, b, n);
    return 0;
}

static int read_tree(void *arg, unsigned level, uint64_t index, uint8_t *buf, size_t bs)
{
    const struct tree *t = arg;

    if (level >= FSVERITY_MAX_LEVELS)
        return -1;
    uint64_t at = t->geo->level_offset[level] + index * bs;
    if (index >= t->geo->level_blocks[level] || at + bs > t->len)
        return -1;
    memcpy(buf, t->bytes + at, bs);
    return 0;
}

static uint64_t fz_u64_any(struct fz *f)
{
    uint64_t v = 0;

    for (int i = 0; i < 8; i++)
        v |= (uint64_t)fz_u8(f) << (8 * i);
    return v;
}

static int documented(int r)
{
    return r == LX_OK || r == MERKLE_ERR_MISMATCH_DATA ||
           (r <= MERKLE_ERR_MISMATCH_LEVEL(0) && r >= MERKLE_ERR_MISMATCH_LEVEL(7)) ||
           r == MERKLE_ERR_RANGE || r == MERKLE_ERR_LENGTH || r == MERKLE_ERR_IO;
}

#define MAX_RUN 4

static uint8_t g_data[MAX_DATA], g_tree[MAX_TREE], g_cache[FSVERITY_CACHE_MAX * 4096], g_blk[4096];
static uint8_t g_run[MAX_RUN * 512], g_want[MAX_RUN * 512];

/* Blocks idx.. of the file as stored (whole, zero-padded) in g_want, and in
 * g_run with its first block replaced by blk[0..len); verify them as one run. */
static void check_run(struct fsverity_verifier *v, uint64_t idx, size_t n, size_t size,
                      size_t len, int tampered)
{
    size_t ok, have = size - idx * 512 < n * 512 ? size - idx * 512 : n * 512;

    memset(g_want, 0, sizeof(g_want));
    memcpy(g_want, g_data + idx * 512, have);
    memcpy(g_run, g_want, n * 512);
    memset(g_run, 0, 512);
    memcpy(g_run, g_blk, len);
    int res = fsverity_verify_blocks(v, idx, g_run, n, &ok);
    fz_check(documented(res) && ok <= n, "run verify code");
    fz_check(memcmp(g_run, g_want, ok * 512) == 0, "run accepted wrong bytes");
    if (tampered)
        fz_check(res != LX_OK && ok == 0, "run accepted a changed data block");
}

static void genuine(struct fz *f)
{
    struct fsverity_params p;
    struct fsverity_geometry g;
    struct fsverity_builder b;
    struct fsverity_verifier v;
    uint8_t root[64];
    size_t size = ((size_t)fz_u16(f) * 5) % MAX_DATA;

    memset(&p, 0, sizeof(p));
    p.hash_alg = (fz_u8(f) & 1) ? FSVERITY_HASH_SHA512 : FSVERITY_HASH_SHA256;
    p.log_blocksize = 9;
    p.salt_size = fz_u8(f) % 33;
    for (size_t i = 0; i < p.salt_size; i++)
        p.salt[i] = fz_u8(f);
    uint8_t seed = fz_u8(f);
    for (size_t i = 0; i < size; i++)
        g_data[i] = (uint8_t)(seed + i * 131 + (i >> 9));
    if (fsverity_tree_geometry(&p, size, &g) != LX_OK || g.tree_size > MAX_TREE)
        return;
    struct tree t = { &g, g_tree, g.tree_size };
    fz_check(fsverity_builder_init(&b, &p, emit, &t) == LX_OK, "builder init");
    fz_check(fsverity_builder_update(&b, g_data, size) == LX_OK, "builder update");
    fz_check(fsverity_builder_final(&b, root, NULL) == LX_OK, "builder final");
    if (g.data_blocks == 0)
        return;

    size_t slots = 2 + fz_u8(f) % 8;
    fz_check(fsverity_verifier_init(&v, &p, size, root, read_tree, &t, g_cache, slots * 512) == LX_OK,
             "verifier init");
    unsigned rounds = 1 + fz_u8(f) % 8;
    for (unsigned r = 0; r < rounds && f->n > 0; r++) {
        uint64_t idx = fz_u16(f) % g.data_blocks;
        size_t len = idx + 1 == g.data_blocks ? size - idx * 512 : 512;
        int tamper_tree = 0, tamper_data = 0;
        memcpy(g_blk, g_data + idx * 512, len);

        uint8_t op = fz_u8(f);
        size_t tpos = 0;
        uint8_t tmask = 0;
        if ((op & 3) == 1 && g.tree_size > 0) {
            tpos = fz_u16(f) % g.tree_size;
            tmask = (uint8_t)(fz_u8(f) | 1);
            g_tree[tpos] ^= tmask;
            tamper_tree = 1;
            fsverity_verifier_flush(&v);    /* the tree changed under the cache */
        } else if ((op & 3) == 2) {
            g_blk[fz_u16(f) % len] ^= (uint8_t)(fz_u8(f) | 1);
            tamper_data = 1;
        }
        int res = fsverity_verify_block(&v, idx, g_blk, len);
        fz_check(documented(res), "verify code");
        if (tamper_data)
            fz_check(res != LX_OK, "accepted a changed data block");
        if (!tamper_tree && !tamper_data)
            fz_check(res == LX_OK, "refused a genuine block");
        if (tamper_tree) {
            g_tree[tpos] ^= tmask;
            fsverity_verifier_flush(&v);
        }
        if (res == LX_OK)
            fz_check(memcmp(g_blk, g_data + idx * 512, len) == 0, "accepted wrong bytes");
        size_t n = 1 + (op >> 4) % MAX_RUN;
        n = n < g.data_blocks - idx ? n : (size_t)(g.data_blocks - idx);
        if (tamper_tree) {
            g_tree[tpos] ^= tmask;          /* the run sees the damaged tree too */
            fsverity_verifier_flush(&v);
        }
        check_run(&v, idx, n, size, len, tamper_data);
        if (tamper_tree) {
            g_tree[tpos] ^= tmask;
            fsverity_verifier_flush(&v);
        }
        size_t ok;
        if (!tamper_data)
            fz_check(fsverity_verify_blocks(&v, idx, g_run, n, &ok) == LX_OK && ok == n,
                     "refused a genuine run");
    }
}

static void hostile(struct fz *f)
{
    struct fsverity_params p;
    struct fsverity_geometry g;
    struct fsverity_verifier v;
    uint8_t root[64];

    memset(&p, 0, sizeof(p));
    p.hash_alg = fz_u8(f) % 3;
    p.log_blocksize = (uint8_t)(8 + fz_u8(f) % 5);
    p.salt_size = fz_u8(f) % 34;
    for (size_t i = 0; i < 32; i++)
        p.salt[i] = fz_u8(f);
    uint64_t size = fz_u8(f) < 128 ? fz_u16(f) * (uint64_t)fz_u8(f) : fz_u64_any(f);
    for (int i = 0; i < 64; i++)
        root[i] = fz_u8(f);
    if (fsverity_tree_geometry(&p, size, &g) != LX_OK)
        return;
    size_t tl = f->n < MAX_TREE ? f->n : MAX_TREE;
    memcpy(g_tree, f->p, tl);
    struct tree t = { &g, g_tree, tl };
    int r = fsverity_verifier_init(&v, &p, size, root, read_tree, &t, g_cache, (2 + (tl & 7)) * g.block_size);
    if (r != LX_OK)
        return;
    for (int k = 0; k < 4; k++) {
        uint64_t idx = g.data_blocks ? (tl * 7919u + (uint64_t)k * 104729u) % (g.data_blocks + 1) : k;
        size_t len = (size_t)((tl + (size_t)k) % (g.block_size + 2));
        memset(g_blk, k, sizeof(g_blk));
        fz_check(documented(fsverity_verify_block(&v, idx, g_blk, len)), "hostile verify code");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };

    if (fz_u8(&f) & 1)
        hostile(&f);
    else
        genuine(&f);
    return 0;
}
