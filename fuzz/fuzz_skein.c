/*
 * libFuzzer target: Skein (lib/crypto/skein.h), both constant sets, every
 * state size, fuzzer-chosen output length and optional MAC key. Streaming
 * through fuzzer-chosen splits must equal the one-shot hash/MAC, and a
 * whole-byte bit-granular update must equal the byte update.
 *
 * Input layout: selector byte (version, state size, MAC), output bits
 * (u16 % 2100 + 1), key length (byte), split plan, key, message.
 */
#include "crypto/skein.h"
#include "fuzz_common.h"

#define MAX_OUT_BITS 2100

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned blocks[3] = { 256, 512, 1024 };
    static uint8_t a[SKEIN_OUT_BYTES(MAX_OUT_BITS)], b[sizeof(a)], c[sizeof(a)];
    struct fz f = { data, size };
    struct fz_splits sp;
    uint8_t sel = fz_u8(&f);
    const struct skein_params *p = (sel & 1) ? &skein_v11_nexus : &skein_v13;
    unsigned block_bits = blocks[(sel >> 1) % 3];
    int mac = (sel >> 3) & 1;
    uint64_t out_bits = fz_u16(&f) % MAX_OUT_BITS + 1;
    size_t key_len = fz_u8(&f), n = SKEIN_OUT_BYTES(out_bits);
    const uint8_t *key;
    struct skein_ctx ctx;

    fz_read_splits(&f, &sp);
    if (key_len > f.n)
        key_len = f.n;
    key = f.p;
    f.p += key_len;
    f.n -= key_len;

    if (mac) {
        fz_check(skein_mac(p, block_bits, out_bits, key, key_len, f.p, f.n, a) == 0, "skein_mac");
        fz_check(skein_init_mac(&ctx, p, block_bits, out_bits, key, key_len) == 0, "init_mac");
    } else {
        fz_check(skein(p, block_bits, out_bits, f.p, f.n, a) == 0, "skein");
        fz_check(skein_init(&ctx, p, block_bits, out_bits) == 0, "skein_init");
    }
    for (size_t off = 0; off < f.n;) {
        size_t k = fz_next_chunk(&sp, f.n - off);
        fz_check(skein_update(&ctx, f.p + off, k) == 0, "skein_update");
        off += k;
    }
    fz_check(skein_final(&ctx, b) == 0, "skein_final");
    fz_check(memcmp(a, b, n) == 0, "skein incremental != one-shot");

    /* The same message as whole bytes through the bit-granular entry. */
    if (mac)
        skein_init_mac(&ctx, p, block_bits, out_bits, key, key_len);
    else
        skein_init(&ctx, p, block_bits, out_bits);
    fz_check(skein_update_bits(&ctx, f.p, f.n * 8) == 0, "skein_update_bits");
    fz_check(skein_final(&ctx, c) == 0, "skein_final (bits)");
    fz_check(memcmp(a, c, n) == 0, "skein update_bits(8n) != update(n)");
    return 0;
}
