/*
 * libFuzzer target: SHA3-256, SHA3-512 and SHAKE256 (lib/crypto/keccak.h).
 * The incremental API, fed through fuzzer-chosen update splits (and for
 * SHAKE squeezed in fuzzer-chosen pieces), must equal the one-shot API.
 *
 * Input layout: selector byte, split plan for absorbing, then for SHAKE an
 * output length (u16 % 1025) and a split plan for squeezing; the rest is
 * the message.
 */
#include "crypto/keccak.h"
#include "fuzz_common.h"

#define SHAKE_MAX_OUT 1024

static void absorb_split(struct keccak_ctx *ctx, int alg, struct fz_splits *sp,
                         const uint8_t *msg, size_t len)
{
    size_t off = 0;

    while (off < len) {
        size_t c = fz_next_chunk(sp, len - off);
        if (alg == 0)
            sha3_256_update(ctx, msg + off, c);
        else if (alg == 1)
            sha3_512_update(ctx, msg + off, c);
        else
            shake256_absorb(ctx, msg + off, c);
        off += c;
    }
}

static void check_sha3_256(struct fz_splits *sp, const uint8_t *msg, size_t len)
{
    struct keccak_ctx ctx;
    uint8_t a[SHA3_256_DIGEST_SIZE], b[SHA3_256_DIGEST_SIZE];

    sha3_256(msg, len, a);
    sha3_256_init(&ctx);
    absorb_split(&ctx, 0, sp, msg, len);
    sha3_256_final(&ctx, b);
    fz_check(memcmp(a, b, sizeof(a)) == 0, "sha3-256 incremental != one-shot");
}

static void check_sha3_512(struct fz_splits *sp, const uint8_t *msg, size_t len)
{
    struct keccak_ctx ctx;
    uint8_t a[SHA3_512_DIGEST_SIZE], b[SHA3_512_DIGEST_SIZE];

    sha3_512(msg, len, a);
    sha3_512_init(&ctx);
    absorb_split(&ctx, 1, sp, msg, len);
    sha3_512_final(&ctx, b);
    fz_check(memcmp(a, b, sizeof(a)) == 0, "sha3-512 incremental != one-shot");
}

static void check_shake256(struct fz *f, struct fz_splits *sp)
{
    static uint8_t a[SHAKE_MAX_OUT], b[SHAKE_MAX_OUT];
    struct keccak_ctx ctx;
    struct fz_splits out_sp;
    size_t out_len = fz_u16(f) % (SHAKE_MAX_OUT + 1);
    size_t off = 0;

    fz_read_splits(f, &out_sp);
    shake256(f->p, f->n, a, out_len);
    shake256_init(&ctx);
    absorb_split(&ctx, 2, sp, f->p, f->n);
    memset(b, 0xa5, sizeof(b));
    while (off < out_len) {
        size_t c = fz_next_chunk(&out_sp, out_len - off);
        shake256_squeeze(&ctx, b + off, c);
        off += c;
    }
    fz_check(memcmp(a, b, out_len) == 0, "shake256 incremental != one-shot");
    /* The squeeze must not write past what was asked for. */
    fz_check(out_len == SHAKE_MAX_OUT || b[out_len] == 0xa5, "shake256 overrun");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };
    struct fz_splits sp;
    int alg = fz_u8(&f) % 3;

    fz_read_splits(&f, &sp);
    if (alg == 0)
        check_sha3_256(&sp, f.p, f.n);
    else if (alg == 1)
        check_sha3_512(&sp, f.p, f.n);
    else
        check_shake256(&f, &sp);
    return 0;
}
