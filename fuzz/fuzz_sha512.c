/*
 * libFuzzer target: SHA-512 (lib/crypto/sha512.h). Feeding the message
 * through fuzzer-chosen update splits must give the one-shot digest, and
 * reusing a context after final (init again) must work the same.
 *
 * Input layout: split plan (fuzz_common.h), then the message.
 */
#include "crypto/sha512.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };
    struct fz_splits sp;
    struct sha512_ctx ctx;
    uint8_t a[64], b[64], c[64];

    fz_read_splits(&f, &sp);
    sha512(f.p, f.n, a);

    sha512_init(&ctx);
    for (size_t off = 0; off < f.n;) {
        size_t n = fz_next_chunk(&sp, f.n - off);
        sha512_update(&ctx, f.p + off, n);
        off += n;
    }
    sha512_final(&ctx, b);
    fz_check(memcmp(a, b, sizeof(a)) == 0, "sha512 incremental != one-shot");

    /* The same context, initialised again after final, in one update. */
    sha512_init(&ctx);
    sha512_update(&ctx, f.p, f.n);
    sha512_final(&ctx, c);
    fz_check(memcmp(a, c, sizeof(a)) == 0, "sha512 reused context differs");
    return 0;
}
