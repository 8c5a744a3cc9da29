/*
 * fs-verity file trees: geometry, descriptor and digest, the streaming
 * builder and single-block verification (see fsverity.h for the format
 * and the API contracts).
 */
#include "merkle/fsverity.h"

#include "base/endian.h"
#include "base/mem.h"
#include "crypto/sha256_multi.h"

static const uint8_t zeros[256];

/* ---- hashing ----------------------------------------------------------- */

typedef union fsverity_hash_ctx hash_ctx;

static int params_check(const struct fsverity_params *p)
{
    if (p == NULL)
        return LX_ERR_PARAM;
    if (p->hash_alg != FSVERITY_HASH_SHA256 && p->hash_alg != FSVERITY_HASH_SHA512)
        return MERKLE_ERR_PARAMS;
    if (p->log_blocksize < FSVERITY_MIN_LOG_BLOCK || p->log_blocksize > FSVERITY_MAX_LOG_BLOCK)
        return MERKLE_ERR_PARAMS;
    if (p->salt_size > FSVERITY_MAX_SALT)
        return MERKLE_ERR_PARAMS;
    return LX_OK;
}

static void ctx_update(uint8_t alg, hash_ctx *c, const void *data, size_t len)
{
    if (alg == FSVERITY_HASH_SHA256)
        sha256_update(&c->s256, data, len);
    else
        sha512_update(&c->s512, data, len);
}

static void ctx_zeros(uint8_t alg, hash_ctx *c, size_t len)
{
    while (len > 0) {
        size_t n = len < sizeof(zeros) ? len : sizeof(zeros);
        ctx_update(alg, c, zeros, n);
        len -= n;
    }
}

static void ctx_final(uint8_t alg, hash_ctx *c, uint8_t *out)
{
    if (alg == FSVERITY_HASH_SHA256)
        sha256_final(&c->s256, out);
    else
        sha512_final(&c->s512, out);
}

/* The salt is absorbed once, zero-padded to the hash's input block size, so
 * every block hash starts from this state. */
static void hasher_init(struct fsverity_hasher *h, const struct fsverity_params *p)
{
    hash_ctx c;
    size_t in_block = p->hash_alg == FSVERITY_HASH_SHA256 ? SHA256_BLOCK_SIZE : SHA512_BLOCK_SIZE;

    h->alg = p->hash_alg;
    h->digest_size = p->hash_alg == FSVERITY_HASH_SHA256 ? SHA256_DIGEST_SIZE : SHA512_DIGEST_SIZE;
    if (p->hash_alg == FSVERITY_HASH_SHA256)
        sha256_init(&c.s256);
    else
        sha512_init(&c.s512);
    if (p->salt_size > 0) {
        ctx_update(h->alg, &c, p->salt, p->salt_size);
        ctx_zeros(h->alg, &c, in_block - p->salt_size % in_block);
    }
    lx_memcpy(&h->salted, &c, sizeof(c));
}

static void hasher_start(const struct fsverity_hasher *h, hash_ctx *c)
{
    lx_memcpy(c, &h->salted, sizeof(*c));
}

/* HASH(salt' || data || zeros up to block_size). */
static void hash_block(const struct fsverity_hasher *h, const uint8_t *data, size_t len,
                       size_t block_size, uint8_t *out)
{
    hash_ctx c;

    hasher_start(h, &c);
    ctx_update(h->alg, &c, data, len);
    ctx_zeros(h->alg, &c, block_size - len);
    ctx_final(h->alg, &c, out);
}

static bool digest_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
    return lx_memcmp(a, b, n) == 0;
}

/* ---- geometry, descriptor ---------------------------------------------- */

int fsverity_params_default(struct fsverity_params *p, const uint8_t *salt, size_t salt_size)
{
    if (p == NULL || (salt == NULL && salt_size > 0))
        return LX_ERR_PARAM;
    if (salt_size > FSVERITY_MAX_SALT)
        return MERKLE_ERR_PARAMS;
    lx_memset(p, 0, sizeof(*p));
    p->hash_alg = FSVERITY_HASH_SHA256;
    p->log_blocksize = FSVERITY_DEFAULT_LOG_BLOCK;
    p->salt_size = (uint8_t)salt_size;
    if (salt_size > 0)
        lx_memcpy(p->salt, salt, salt_size);
    return LX_OK;
}

int fsverity_tree_geometry(const struct fsverity_params *p, uint64_t data_size,
                           struct fsverity_geometry *g)
{
    int r = params_check(p);

    if (r != LX_OK)
        return r;
    if (g == NULL)
        return LX_ERR_PARAM;
    lx_memset(g, 0, sizeof(*g));
    g->data_size = data_size;
    g->block_size = (uint32_t)1 << p->log_blocksize;
    g->digest_size = p->hash_alg == FSVERITY_HASH_SHA256 ? SHA256_DIGEST_SIZE : SHA512_DIGEST_SIZE;
    g->log_arity = p->log_blocksize - (p->hash_alg == FSVERITY_HASH_SHA256 ? 5u : 6u);
    g->data_blocks = data_size == 0 ? 0 : ((data_size - 1) >> p->log_blocksize) + 1;

    uint64_t n = g->data_blocks;
    while (n > 1) {
        if (g->levels == FSVERITY_MAX_LEVELS)
            return MERKLE_ERR_TOO_BIG;
        n = ((n - 1) >> g->log_arity) + 1;
        g->level_blocks[g->levels++] = n;
    }
    /* Stored top level first. No overflow: the tree is smaller than the
     * data, whose size fits in 64 bits. */
    uint64_t off = 0;
    for (unsigned l = g->levels; l-- > 0;) {
        g->level_offset[l] = off;
        off += g->level_blocks[l] << p->log_blocksize;
    }
    g->tree_size = off;
    return LX_OK;
}

int fsverity_descriptor(const struct fsverity_params *p, uint64_t data_size,
                        const uint8_t *root_hash, uint8_t out[FSVERITY_DESCRIPTOR_SIZE])
{
    int r = params_check(p);

    if (r != LX_OK)
        return r;
    if (root_hash == NULL || out == NULL)
        return LX_ERR_PARAM;
    lx_memset(out, 0, FSVERITY_DESCRIPTOR_SIZE);
    out[0] = 1;                             /* version */
    out[1] = p->hash_alg;
    out[2] = p->log_blocksize;
    out[3] = p->salt_size;
    /* 4..7: sig_size, zero for the digest */
    store_le64(out + 8, data_size);
    lx_memcpy(out + 16, root_hash, p->hash_alg == FSVERITY_HASH_SHA256 ? 32 : 64);
    lx_memcpy(out + 80, p->salt, p->salt_size);
    /* 112..255: reserved, zero */
    return LX_OK;
}

int fsverity_file_digest(const struct fsverity_params *p, uint64_t data_size,
                         const uint8_t *root_hash, uint8_t digest[FSVERITY_MAX_DIGEST])
{
    uint8_t desc[FSVERITY_DESCRIPTOR_SIZE];
    int r = fsverity_descriptor(p, data_size, root_hash, desc);

    if (r != LX_OK)
        return r;
    lx_memset(digest, 0, FSVERITY_MAX_DIGEST);
    if (p->hash_alg == FSVERITY_HASH_SHA256)
        sha256(desc, sizeof(desc), digest);
    else
        sha512(desc, sizeof(desc), digest);
    return LX_OK;
}

int fsverity_check_root(const struct fsverity_params *p, uint64_t data_size,
                        const uint8_t *root_hash, const uint8_t *trusted_digest)
{
    uint8_t d[FSVERITY_MAX_DIGEST];
    int r;

    if (trusted_digest == NULL)
        return LX_ERR_PARAM;
    if ((r = fsverity_file_digest(p, data_size, root_hash, d)) != LX_OK)
        return r;
    return lx_ct_memeq(d, trusted_digest, p->hash_alg == FSVERITY_HASH_SHA256 ? 32 : 64)
               ? LX_OK
               : MERKLE_ERR_DIGEST;
}

/* ---- building ---------------------------------------------------------- */

/*
 * Stage 0 hashes data blocks, stage s >= 1 is tree level s-1. A stage's
 * first completed hash is held back until the stage gets a second block:
 * a stage with exactly one block is the top, and its hash is the root
 * rather than an entry of a further level.
 */
static int stage_push(struct fsverity_builder *b, unsigned s, const uint8_t *digest);

static int pass_up(struct fsverity_builder *b, unsigned s, const uint8_t *digest)
{
    if (s + 1 > FSVERITY_MAX_LEVELS)
        return MERKLE_ERR_TOO_BIG;
    return stage_push(b, s + 1, digest);
}

/* Called before the first byte of a stage's block. */
static int stage_begin(struct fsverity_builder *b, unsigned s)
{
    struct fsverity_stage *st = &b->stage[s];

    if (st->held) {
        st->held = false;
        int r = pass_up(b, s, st->first);
        if (r != LX_OK)
            return r;
    }
    hasher_start(&b->hasher, &st->ctx);
    return LX_OK;
}

static int stage_complete(struct fsverity_builder *b, unsigned s, const uint8_t *digest)
{
    struct fsverity_stage *st = &b->stage[s];

    st->fill = 0;
    st->blocks_done++;
    if (st->blocks_done == 1) {
        st->held = true;
        lx_memcpy(st->first, digest, b->hasher.digest_size);
        return LX_OK;
    }
    return pass_up(b, s, digest);
}

static int emit(struct fsverity_builder *b, unsigned s, const uint8_t *bytes, size_t len)
{
    const struct fsverity_stage *st = &b->stage[s];

    if (s == 0 || b->emit == NULL)
        return LX_OK;
    uint64_t off = st->blocks_done * b->block_size + st->fill;
    return b->emit(b->emit_arg, s - 1, off, bytes, len) == 0 ? LX_OK : MERKLE_ERR_IO;
}

/* One digest into tree stage s (s >= 1); digests never straddle blocks. */
static int stage_push(struct fsverity_builder *b, unsigned s, const uint8_t *digest)
{
    struct fsverity_stage *st = &b->stage[s];
    uint32_t ds = b->hasher.digest_size;
    int r;

    if (st->fill == 0 && (r = stage_begin(b, s)) != LX_OK)
        return r;
    if ((r = emit(b, s, digest, ds)) != LX_OK)
        return r;
    ctx_update(b->hasher.alg, &st->ctx, digest, ds);
    st->fill += ds;
    if (st->fill < b->block_size)
        return LX_OK;

    uint8_t h[FSVERITY_MAX_DIGEST];
    ctx_final(b->hasher.alg, &st->ctx, h);
    return stage_complete(b, s, h);
}

int fsverity_builder_init(struct fsverity_builder *b, const struct fsverity_params *p,
                          fsverity_emit_fn emit_fn, void *emit_arg)
{
    int r = params_check(p);

    if (r != LX_OK)
        return r;
    if (b == NULL)
        return LX_ERR_PARAM;
    lx_memset(b, 0, sizeof(*b));
    lx_memcpy(&b->params, p, sizeof(*p));
    hasher_init(&b->hasher, p);
    b->block_size = (uint32_t)1 << p->log_blocksize;
    b->emit = emit_fn;
    b->emit_arg = emit_arg;
    return LX_OK;
}

/* Whole data blocks straight from the caller's buffer, two at a time
 * through the interleaved SHA-256 where possible. */
static int data_whole_blocks(struct fsverity_builder *b, const uint8_t *p, size_t nblocks)
{
    uint32_t bs = b->block_size;
    uint8_t h0[FSVERITY_MAX_DIGEST], h1[FSVERITY_MAX_DIGEST];
    int r;

    if (b->hasher.alg == FSVERITY_HASH_SHA256) {
        for (; nblocks >= 2; nblocks -= 2, p += 2 * (size_t)bs) {
            sha256_x2_from(&b->hasher.salted.s256, p, p + bs, bs, h0, h1);
            if ((r = stage_begin(b, 0)) != LX_OK || (r = stage_complete(b, 0, h0)) != LX_OK)
                return r;
            if ((r = stage_begin(b, 0)) != LX_OK || (r = stage_complete(b, 0, h1)) != LX_OK)
                return r;
        }
    }
    for (; nblocks > 0; nblocks--, p += bs) {
        hash_block(&b->hasher, p, bs, bs, h0);
        if ((r = stage_begin(b, 0)) != LX_OK || (r = stage_complete(b, 0, h0)) != LX_OK)
            return r;
    }
    return LX_OK;
}

static int builder_update(struct fsverity_builder *b, const uint8_t *p, size_t len)
{
    struct fsverity_stage *st = &b->stage[0];
    uint32_t bs = b->block_size;
    int r;

    while (len > 0) {
        if (st->fill == 0 && len >= bs) {
            size_t n = len >> b->params.log_blocksize;
            if ((r = data_whole_blocks(b, p, n)) != LX_OK)
                return r;
            p += n * bs;
            len -= n * bs;
            continue;
        }
        if (st->fill == 0 && (r = stage_begin(b, 0)) != LX_OK)
            return r;
        size_t take = bs - st->fill;
        if (take > len)
            take = len;
        ctx_update(b->hasher.alg, &st->ctx, p, take);
        st->fill += (uint32_t)take;
        p += take;
        len -= take;
        if (st->fill == bs) {
            uint8_t h[FSVERITY_MAX_DIGEST];
            ctx_final(b->hasher.alg, &st->ctx, h);
            if ((r = stage_complete(b, 0, h)) != LX_OK)
                return r;
        }
    }
    return LX_OK;
}

int fsverity_builder_update(struct fsverity_builder *b, const void *data, size_t len)
{
    if (b == NULL || (data == NULL && len > 0))
        return LX_ERR_PARAM;
    if (b->finished)
        return LX_ERR_STATE;
    if (b->err != LX_OK)
        return b->err;
    if (len > UINT64_MAX - b->data_size)
        return b->err = MERKLE_ERR_TOO_BIG;
    b->data_size += len;
    return b->err = builder_update(b, data, len);
}

/* Pad and close the partial block of stage s, if any. */
static int stage_close(struct fsverity_builder *b, unsigned s)
{
    struct fsverity_stage *st = &b->stage[s];
    uint32_t pad = b->block_size - st->fill;
    int r;

    if (st->fill == 0)
        return LX_OK;
    ctx_zeros(b->hasher.alg, &st->ctx, pad);
    while (s > 0 && pad > 0) {
        uint32_t n = pad < sizeof(zeros) ? pad : (uint32_t)sizeof(zeros);
        if ((r = emit(b, s, zeros, n)) != LX_OK)
            return r;
        st->fill += n;
        pad -= n;
    }

    uint8_t h[FSVERITY_MAX_DIGEST];
    ctx_final(b->hasher.alg, &st->ctx, h);
    return stage_complete(b, s, h);
}

static int builder_final(struct fsverity_builder *b, uint8_t *root)
{
    int r;

    lx_memset(root, 0, FSVERITY_MAX_DIGEST);
    for (unsigned s = 0; s <= FSVERITY_MAX_LEVELS; s++) {
        const struct fsverity_stage *st = &b->stage[s];
        if ((r = stage_close(b, s)) != LX_OK)
            return r;
        if (st->blocks_done == 0)
            return LX_OK;               /* empty file: all-zero root */
        if (st->blocks_done == 1) {
            lx_memcpy(root, st->first, b->hasher.digest_size);
            return LX_OK;
        }
    }
    return MERKLE_ERR_TOO_BIG;          /* unreachable: pass_up refuses first */
}

int fsverity_builder_final(struct fsverity_builder *b, uint8_t root[FSVERITY_MAX_DIGEST],
                           uint8_t digest[FSVERITY_MAX_DIGEST])
{
    if (b == NULL || root == NULL)
        return LX_ERR_PARAM;
    if (b->finished)
        return LX_ERR_STATE;
    if (b->err != LX_OK)
        return b->err;
    b->finished = true;
    if ((b->err = builder_final(b, root)) != LX_OK)
        return b->err;
    if (digest != NULL)
        return fsverity_file_digest(&b->params, b->data_size, root, digest);
    return LX_OK;
}

/* ---- verification ------------------------------------------------------ */

int fsverity_verifier_init(struct fsverity_verifier *v, const struct fsverity_params *p,
                           uint64_t data_size, const uint8_t *root_hash,
                           fsverity_read_fn read, void *read_arg,
                           void *cache_mem, size_t cache_size)
{
    int r = params_check(p);

    if (r != LX_OK)
        return r;
    if (v == NULL || root_hash == NULL)
        return LX_ERR_PARAM;
    lx_memset(v, 0, sizeof(*v));
    if ((r = fsverity_tree_geometry(p, data_size, &v->geo)) != LX_OK)
        return r;
    hasher_init(&v->hasher, p);
    lx_memcpy(v->root, root_hash, v->geo.digest_size);
    v->read = read;
    v->read_arg = read_arg;
    if (v->geo.levels > 0) {
        size_t n = cache_mem == NULL ? 0 : cache_size >> p->log_blocksize;
        if (read == NULL)
            return LX_ERR_PARAM;
        if (n < 2)
            return MERKLE_ERR_CACHE;
        v->nslots = n > FSVERITY_CACHE_MAX ? FSVERITY_CACHE_MAX : (unsigned)n;
        v->mem = cache_mem;
    }
    return LX_OK;
}

void fsverity_verifier_flush(struct fsverity_verifier *v)
{
    for (unsigned i = 0; i < FSVERITY_CACHE_MAX; i++)
        v->slot[i].valid = false;
}

static int cache_lookup(const struct fsverity_verifier *v, unsigned level, uint64_t index)
{
    for (unsigned i = 0; i < v->nslots; i++) {
        const struct fsverity_cache_slot *c = &v->slot[i];
        if (c->valid && c->level == level && c->index == index)
            return (int)i;
    }
    return -1;
}

/* Least recently used slot other than keep (the parent being read from). */
static unsigned cache_victim(const struct fsverity_verifier *v, int keep)
{
    unsigned best = keep == 0 ? 1 : 0;

    for (unsigned i = 0; i < v->nslots; i++) {
        if ((int)i == keep)
            continue;
        if (!v->slot[i].valid)
            return i;
        if (v->slot[i].stamp < v->slot[best].stamp)
            best = i;
    }
    return best;
}

static const uint8_t *slot_entry(const struct fsverity_verifier *v, int slot, uint64_t child)
{
    uint64_t pos = child & (((uint64_t)1 << v->geo.log_arity) - 1);

    return v->mem + (size_t)slot * v->geo.block_size + pos * v->geo.digest_size;
}

/* Check data block `index`, whose hash is h, against the tree. */
static int check_hash(struct fsverity_verifier *v, uint64_t index, const uint8_t *h)
{
    const struct fsverity_geometry *g = &v->geo;
    uint64_t idx[FSVERITY_MAX_LEVELS];

    if (g->levels == 0)
        return digest_eq(h, v->root, g->digest_size) ? LX_OK : MERKLE_ERR_MISMATCH_DATA;

    /* Lowest already-verified ancestor; the path above it is refreshed in
     * the LRU order so that it outlives the bottom-level blocks. */
    unsigned top = g->levels;
    int parent = -1;
    idx[0] = index >> g->log_arity;
    for (unsigned l = 1; l < g->levels; l++)
        idx[l] = idx[l - 1] >> g->log_arity;
    for (unsigned l = 0; l < g->levels; l++) {
        int s = cache_lookup(v, l, idx[l]);
        if (s >= 0) {
            top = l;
            parent = s;
            break;
        }
    }
    for (unsigned l = top; l < g->levels; l++) {
        int s = cache_lookup(v, l, idx[l]);
        if (s < 0)
            break;
        v->slot[s].stamp = ++v->clock;
    }

    /* Down from there: each block is checked against its verified parent
     * (or the root) before it is trusted. */
    for (unsigned l = top; l-- > 0;) {
        unsigned s = cache_victim(v, parent);
        uint8_t *buf = v->mem + (size_t)s * g->block_size;
        uint8_t hb[FSVERITY_MAX_DIGEST];

        v->slot[s].valid = false;
        if (v->read(v->read_arg, l, idx[l], buf, g->block_size) != 0)
            return MERKLE_ERR_IO;
        hash_block(&v->hasher, buf, g->block_size, g->block_size, hb);
        v->tree_hashes++;
        const uint8_t *expect =
            parent < 0 ? v->root : slot_entry(v, parent, idx[l]);
        if (!digest_eq(hb, expect, g->digest_size))
            return MERKLE_ERR_MISMATCH_LEVEL(l);
        v->slot[s].level = (uint8_t)l;
        v->slot[s].index = idx[l];
        v->slot[s].valid = true;
        v->slot[s].stamp = ++v->clock;
        parent = (int)s;
    }
    return digest_eq(h, slot_entry(v, parent, index), g->digest_size) ? LX_OK
                                                                       : MERKLE_ERR_MISMATCH_DATA;
}

int fsverity_verify_block(struct fsverity_verifier *v, uint64_t index, const uint8_t *data,
                          size_t len)
{
    const struct fsverity_geometry *g;
    uint8_t h[FSVERITY_MAX_DIGEST];

    if (v == NULL || data == NULL)
        return LX_ERR_PARAM;
    g = &v->geo;
    if (index >= g->data_blocks)
        return MERKLE_ERR_RANGE;
    uint64_t want = index == g->data_blocks - 1 ? g->data_size - index * g->block_size
                                                : g->block_size;
    if (len != want && len != g->block_size)
        return MERKLE_ERR_LENGTH;
    hash_block(&v->hasher, data, len, g->block_size, h);
    return check_hash(v, index, h);
}

int fsverity_verify_blocks(struct fsverity_verifier *v, uint64_t index, const uint8_t *data,
                           size_t count, size_t *verified)
{
    uint8_t h0[FSVERITY_MAX_DIGEST], h1[FSVERITY_MAX_DIGEST];
    size_t bs, i = 0;
    int r = LX_OK;

    if (verified != NULL)
        *verified = 0;
    if (v == NULL || data == NULL || verified == NULL)
        return LX_ERR_PARAM;
    bs = v->geo.block_size;
    if (index > v->geo.data_blocks || count > v->geo.data_blocks - index)
        return MERKLE_ERR_RANGE;
    /* Pairs are hashed together but checked in order, so the first bad
     * block is the one reported. */
    while (i < count) {
        const uint8_t *p = data + i * bs;
        if (v->hasher.alg == FSVERITY_HASH_SHA256 && count - i >= 2) {
            sha256_x2_from(&v->hasher.salted.s256, p, p + bs, bs, h0, h1);
            if ((r = check_hash(v, index + i, h0)) != LX_OK)
                break;
            i++;
            if ((r = check_hash(v, index + i, h1)) != LX_OK)
                break;
            i++;
            continue;
        }
        hash_block(&v->hasher, p, bs, bs, h0);
        if ((r = check_hash(v, index + i, h0)) != LX_OK)
            break;
        i++;
    }
    *verified = i;
    return r;
}
