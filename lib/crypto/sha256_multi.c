/*
 * Two-message SHA-256 (see sha256_multi.h): whole blocks go to the
 * interleaved arch block function when there is one; the tail and the
 * padding go through the ordinary streaming code.
 */
#include "crypto/sha256_multi.h"

#include "base/mem.h"
#include "crypto/arch/sha_arch.h"
#include "crypto/sha256.h"

void sha256_x2_from(const struct sha256_ctx *start, const void *a, const void *b, size_t len,
                    uint8_t out_a[SHA256_DIGEST_SIZE], uint8_t out_b[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx ca, cb;
    const uint8_t *pa = a, *pb = b;
    size_t nblocks = len / SHA256_BLOCK_SIZE;

    lx_memcpy(&ca, start, sizeof(ca));
    lx_memcpy(&cb, start, sizeof(cb));
    if (start->len % SHA256_BLOCK_SIZE == 0 && nblocks > 0 &&
        arch_sha256_compress_x2(ca.h, cb.h, pa, pb, nblocks)) {
        size_t done = nblocks * SHA256_BLOCK_SIZE;
        ca.len += done;
        cb.len += done;
        pa += done;
        pb += done;
        len -= done;
    }
    sha256_update(&ca, pa, len);
    sha256_update(&cb, pb, len);
    sha256_final(&ca, out_a);
    sha256_final(&cb, out_b);
}

void sha256_x2(const void *a, const void *b, size_t len,
               uint8_t out_a[SHA256_DIGEST_SIZE], uint8_t out_b[SHA256_DIGEST_SIZE])
{
    struct sha256_ctx start;

    sha256_init(&start);
    sha256_x2_from(&start, a, b, len, out_a, out_b);
}

int sha256_x2_accelerated(void)
{
    uint32_t h[8] = { 0 };
    uint8_t block[SHA256_BLOCK_SIZE] = { 0 };

    /* A zero-block call is a pure feature probe. */
    return arch_sha256_compress_x2(h, h, block, block, 0);
}
