/*
 * libFuzzer target: HMAC-SHA-256 and HMAC-SHA-512 (lib/crypto/hmac.h).
 * The incremental API through fuzzer-chosen splits must equal the one-shot
 * API, and both must equal RFC 2104 HMAC written out here on top of the
 * plain hash API (so the key handling - padded vs hashed keys - is checked
 * independently).
 *
 * Input layout: selector byte, key length (u16 % 301), split plan, key
 * bytes, then the message.
 */
#include "crypto/hmac.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"
#include "fuzz_common.h"

#define MAX_KEY 300

/* RFC 2104 with SHA-256: block 64, digest 32. */
static void ref_hmac_sha256(const uint8_t *key, size_t klen, const uint8_t *msg,
                            size_t mlen, uint8_t out[32])
{
    uint8_t k0[64], pad[64], inner[32];
    struct sha256_ctx ctx;

    memset(k0, 0, sizeof(k0));
    if (klen > sizeof(k0))
        sha256(key, klen, k0);
    else
        memcpy(k0, key, klen);
    for (size_t i = 0; i < sizeof(k0); i++)
        pad[i] = k0[i] ^ 0x36;
    sha256_init(&ctx);
    sha256_update(&ctx, pad, sizeof(pad));
    sha256_update(&ctx, msg, mlen);
    sha256_final(&ctx, inner);
    for (size_t i = 0; i < sizeof(k0); i++)
        pad[i] = k0[i] ^ 0x5c;
    sha256_init(&ctx);
    sha256_update(&ctx, pad, sizeof(pad));
    sha256_update(&ctx, inner, sizeof(inner));
    sha256_final(&ctx, out);
}

/* RFC 2104 with SHA-512: block 128, digest 64. */
static void ref_hmac_sha512(const uint8_t *key, size_t klen, const uint8_t *msg,
                            size_t mlen, uint8_t out[64])
{
    uint8_t k0[128], pad[128], inner[64];
    struct sha512_ctx ctx;

    memset(k0, 0, sizeof(k0));
    if (klen > sizeof(k0))
        sha512(key, klen, k0);
    else
        memcpy(k0, key, klen);
    for (size_t i = 0; i < sizeof(k0); i++)
        pad[i] = k0[i] ^ 0x36;
    sha512_init(&ctx);
    sha512_update(&ctx, pad, sizeof(pad));
    sha512_update(&ctx, msg, mlen);
    sha512_final(&ctx, inner);
    for (size_t i = 0; i < sizeof(k0); i++)
        pad[i] = k0[i] ^ 0x5c;
    sha512_init(&ctx);
    sha512_update(&ctx, pad, sizeof(pad));
    sha512_update(&ctx, inner, sizeof(inner));
    sha512_final(&ctx, out);
}

static void check_256(const uint8_t *key, size_t klen, struct fz_splits *sp,
                      const uint8_t *msg, size_t mlen)
{
    struct hmac_sha256_ctx ctx;
    uint8_t ref[32], one[32], inc[32];

    ref_hmac_sha256(key, klen, msg, mlen, ref);
    hmac_sha256(key, klen, msg, mlen, one);
    fz_check(memcmp(ref, one, sizeof(ref)) == 0, "hmac-sha256 one-shot != RFC 2104");
    hmac_sha256_init(&ctx, key, klen);
    for (size_t off = 0; off < mlen;) {
        size_t n = fz_next_chunk(sp, mlen - off);
        hmac_sha256_update(&ctx, msg + off, n);
        off += n;
    }
    hmac_sha256_final(&ctx, inc);
    fz_check(memcmp(ref, inc, sizeof(ref)) == 0, "hmac-sha256 incremental != one-shot");
}

static void check_512(const uint8_t *key, size_t klen, struct fz_splits *sp,
                      const uint8_t *msg, size_t mlen)
{
    struct hmac_sha512_ctx ctx;
    uint8_t ref[64], one[64], inc[64];

    ref_hmac_sha512(key, klen, msg, mlen, ref);
    hmac_sha512(key, klen, msg, mlen, one);
    fz_check(memcmp(ref, one, sizeof(ref)) == 0, "hmac-sha512 one-shot != RFC 2104");
    hmac_sha512_init(&ctx, key, klen);
    for (size_t off = 0; off < mlen;) {
        size_t n = fz_next_chunk(sp, mlen - off);
        hmac_sha512_update(&ctx, msg + off, n);
        off += n;
    }
    hmac_sha512_final(&ctx, inc);
    fz_check(memcmp(ref, inc, sizeof(ref)) == 0, "hmac-sha512 incremental != one-shot");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };
    struct fz_splits sp;
    int use_512 = fz_u8(&f) & 1;
    size_t klen = fz_u16(&f) % (MAX_KEY + 1);
    const uint8_t *key;

    fz_read_splits(&f, &sp);
    if (klen > f.n)
        klen = f.n;
    key = f.p;
    f.p += klen;
    f.n -= klen;
    if (use_512)
        check_512(key, klen, &sp, f.p, f.n);
    else
        check_256(key, klen, &sp, f.p, f.n);
    return 0;
}
