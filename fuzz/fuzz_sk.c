/*
 * libFuzzer target: Nexus SK hashes (lib/crypto/sk.h). For a fuzzer-chosen
 * kind, streaming the message through fuzzer-chosen update splits must
 * give the one-shot digest, and the SK32/SK64 integer forms must be the
 * little-endian reading of the raw digest.
 *
 * Input layout: kind selector byte, split plan (fuzz_common.h), message.
 */
#include "crypto/sk.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };
    struct fz_splits sp;
    enum sk_kind kind = (enum sk_kind)(fz_u8(&f) % 5);
    size_t n = sk_digest_size(kind);
    uint8_t a[SK_MAX_DIGEST_SIZE], b[SK_MAX_DIGEST_SIZE];
    struct sk_ctx ctx;

    fz_read_splits(&f, &sp);
    sk_hash(kind, f.p, f.n, a);
    fz_check(sk_init(&ctx, kind) == 0, "sk_init refused a valid kind");
    for (size_t off = 0; off < f.n;) {
        size_t c = fz_next_chunk(&sp, f.n - off);
        sk_update(&ctx, f.p + off, c);
        off += c;
    }
    sk_final(&ctx, b);
    fz_check(memcmp(a, b, n) == 0, "sk incremental != one-shot");

    if (kind == SK32) {
        uint32_t v = sk32(f.p, f.n);
        fz_check(v == ((uint32_t)a[0] | (uint32_t)a[1] << 8 | (uint32_t)a[2] << 16 |
                       (uint32_t)a[3] << 24), "sk32 value != raw bytes");
    } else if (kind == SK64) {
        uint64_t v = sk64(f.p, f.n), w = 0;
        for (int i = 7; i >= 0; i--)
            w = w << 8 | a[i];
        fz_check(v == w, "sk64 value != raw bytes");
    }
    return 0;
}
