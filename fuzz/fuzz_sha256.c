/*
 * libFuzzer target: SHA-256 (lib/crypto/sha256.h). Feeding the message
 * through fuzzer-chosen update splits must give the one-shot digest, and
 * reusing a context after final (init again) must work the same, and the
 * arch block function (SHA-NI on x86-64) must equal the portable one.
 *
 * Input layout: split plan (fuzz_common.h), then the message.
 */
#include "crypto/sha256.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };
    struct fz_splits sp;
    struct sha256_ctx ctx;
    uint8_t a[32], b[32], c[32];

    fz_read_splits(&f, &sp);
    sha256(f.p, f.n, a);

    sha256_init(&ctx);
    for (size_t off = 0; off < f.n;) {
        size_t n = fz_next_chunk(&sp, f.n - off);
        sha256_update(&ctx, f.p + off, n);
        off += n;
    }
    sha256_final(&ctx, b);
    fz_check(memcmp(a, b, sizeof(a)) == 0, "sha256 incremental != one-shot");

    /* The same context, initialised again after final, in one update. */
    sha256_init(&ctx);
    sha256_update(&ctx, f.p, f.n);
    sha256_final(&ctx, c);
    fz_check(memcmp(a, c, sizeof(a)) == 0, "sha256 reused context differs");

    uint32_t h1[8], h2[8];
    for (int i = 0; i < 8; i++)
        h1[i] = h2[i] = (uint32_t)i * 0x9e3779b9u;
    sha256_compress(h1, f.p, f.n / SHA256_BLOCK_SIZE);
    sha256_compress_generic(h2, f.p, f.n / SHA256_BLOCK_SIZE);
    fz_check(memcmp(h1, h2, sizeof(h1)) == 0, "sha256 arch compress != generic");
    return 0;
}
