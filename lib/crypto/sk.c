/*
 * Nexus's SK composites: the Skein v1.1 stage streams over the input, the
 * Keccak stage runs once over the Skein digest in sk_final. The table is
 * the whole definition of each hash; see sk.h.
 */
#include "crypto/sk.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"
#include "crypto/keccak.h"

struct sk_def {
    uint16_t skein_block_bits;
    uint16_t skein_out_bits;
    uint8_t keccak_rate;        /* bytes */
    uint8_t keccak_suffix;
    uint8_t out_bytes;
};

static const struct sk_def sk_defs[] = {
    [SK32] = { 256, 32, 168, 0x06, 4 },
    [SK64] = { 256, 64, 168, 0x06, 8 },
    [SK256] = { 256, 256, 136, 0x06, 32 },
    [SK512] = { 512, 512, 72, 0x06, 64 },
    [SK1024] = { 1024, 1024, 72, 0x05, 128 },
};

static const struct sk_def *sk_def(enum sk_kind kind)
{
    if ((unsigned)kind >= sizeof(sk_defs) / sizeof(sk_defs[0]))
        return NULL;
    return &sk_defs[kind];
}

size_t sk_digest_size(enum sk_kind kind)
{
    const struct sk_def *d = sk_def(kind);

    return d ? d->out_bytes : 0;
}

int sk_init(struct sk_ctx *ctx, enum sk_kind kind)
{
    const struct sk_def *d = sk_def(kind);

    if (d == NULL)
        return LX_ERR_PARAM;
    ctx->kind = kind;
    return skein_init(&ctx->skein, &skein_v11_nexus, d->skein_block_bits, d->skein_out_bits);
}

void sk_update(struct sk_ctx *ctx, const void *data, size_t len)
{
    skein_update(&ctx->skein, data, len);
}

void sk_final(struct sk_ctx *ctx, uint8_t *out)
{
    const struct sk_def *d = &sk_defs[ctx->kind];
    uint8_t mid[SK_MAX_DIGEST_SIZE];
    struct keccak_ctx k;

    skein_final(&ctx->skein, mid);
    keccak_init(&k, d->keccak_rate, d->keccak_suffix);
    keccak_absorb(&k, mid, d->skein_out_bits / 8);
    keccak_squeeze(&k, out, d->out_bytes);
    keccak_wipe(&k);
    lx_memzero_secure(mid, sizeof(mid));
    lx_memzero_secure(ctx, sizeof(*ctx));
}

void sk_hash(enum sk_kind kind, const void *data, size_t len, uint8_t *out)
{
    struct sk_ctx ctx;

    if (sk_init(&ctx, kind) != LX_OK)
        return;
    sk_update(&ctx, data, len);
    sk_final(&ctx, out);
}

uint32_t sk32(const void *data, size_t len)
{
    uint8_t out[4];

    sk_hash(SK32, data, len, out);
    return load_le32(out);
}

uint64_t sk64(const void *data, size_t len)
{
    uint8_t out[8];

    sk_hash(SK64, data, len, out);
    return load_le64(out);
}

void sk256(const void *data, size_t len, uint8_t out[32])
{
    sk_hash(SK256, data, len, out);
}

void sk512(const void *data, size_t len, uint8_t out[64])
{
    sk_hash(SK512, data, len, out);
}

void sk1024(const void *data, size_t len, uint8_t out[128])
{
    sk_hash(SK1024, data, len, out);
}
