/*
 * libFuzzer target: the raw Keccak sponge (keccak_init/absorb/squeeze) with
 * fuzzer-chosen rate (every multiple of 8 in [8, 192], so also the odd
 * rates SK32/SK64/SK1024 use), delimited suffix, output length, absorb
 * splits and squeeze pieces. The library's sponge is compared with a
 * deliberately naive byte-at-a-time sponge written here on top of
 * keccak_f1600, so the padding and the block bookkeeping are checked
 * independently, not just "split equals unsplit". Also checks that
 * invalid parameters are rejected.
 *
 * Input layout: rate byte, suffix byte, output length (u16 % 1025),
 * absorb split plan, squeeze split plan; the rest is the message.
 */
#include "base/status.h"
#include "crypto/keccak.h"
#include "fuzz_common.h"

#define MAX_OUT 1024

/* XOR byte b into byte i of the state; byte i lives in lane i/8 at bit
 * 8*(i%8) (lanes are little-endian, FIPS 202 section 3.1.2). */
static void ref_xor_byte(uint64_t a[25], size_t i, uint8_t b)
{
    a[i / 8] ^= (uint64_t)b << (8 * (i % 8));
}

static uint8_t ref_get_byte(const uint64_t a[25], size_t i)
{
    return (uint8_t)(a[i / 8] >> (8 * (i % 8)));
}

/* pad10*1 with the delimited suffix: the suffix carries the domain bits
 * and the first 1 of the padding (its highest set bit); the final 1 is the
 * top bit of the last byte of the rate block. */
static void ref_sponge(size_t rate, uint8_t suffix, const uint8_t *msg,
                       size_t len, uint8_t *out, size_t out_len)
{
    uint64_t a[25];
    size_t pos = 0;

    memset(a, 0, sizeof(a));
    for (size_t i = 0; i < len; i++) {
        ref_xor_byte(a, pos++, msg[i]);
        if (pos == rate) {
            keccak_f1600(a);
            pos = 0;
        }
    }
    ref_xor_byte(a, pos, suffix);
    /* A suffix with its top bit set fills the whole byte (7 domain bits
     * plus the first padding 1); if that byte was the last of the block the
     * final padding 1 needs a block of its own (XKCP's rule). */
    if ((suffix & 0x80) && pos == rate - 1)
        keccak_f1600(a);
    ref_xor_byte(a, rate - 1, 0x80);
    keccak_f1600(a);
    pos = 0;
    for (size_t i = 0; i < out_len; i++) {
        if (pos == rate) {
            keccak_f1600(a);
            pos = 0;
        }
        out[i] = ref_get_byte(a, pos++);
    }
}

static void check_bad_params(uint8_t rate_byte)
{
    struct keccak_ctx ctx;
    size_t bad_rate = rate_byte;

    /* Any rate that is not a multiple of 8 in [8, 192] is an error. */
    if (bad_rate % 8 != 0 || bad_rate < 8 || bad_rate > 192)
        fz_check(keccak_init(&ctx, bad_rate, 0x06) == LX_ERR_PARAM,
                 "keccak_init accepted a bad rate");
    fz_check(keccak_init(&ctx, 136, 0x00) == LX_ERR_PARAM,
             "keccak_init accepted suffix 0");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t want[MAX_OUT], got[MAX_OUT + 1];
    struct fz f = { data, size };
    struct fz_splits in_sp, out_sp;
    struct keccak_ctx ctx;
    uint8_t rate_byte = fz_u8(&f);
    size_t rate = 8 * (1 + rate_byte % 24);
    uint8_t suffix = fz_u8(&f);
    size_t out_len = fz_u16(&f) % (MAX_OUT + 1);
    size_t off;

    check_bad_params(rate_byte);
    if (suffix == 0)
        suffix = 0x06;
    fz_read_splits(&f, &in_sp);
    fz_read_splits(&f, &out_sp);

    ref_sponge(rate, suffix, f.p, f.n, want, out_len);

    fz_check(keccak_init(&ctx, rate, suffix) == LX_OK, "keccak_init failed");
    for (off = 0; off < f.n;) {
        size_t c = fz_next_chunk(&in_sp, f.n - off);
        keccak_absorb(&ctx, f.p + off, c);
        off += c;
    }
    memset(got, 0xa5, sizeof(got));
    for (off = 0; off < out_len;) {
        size_t c = fz_next_chunk(&out_sp, out_len - off);
        keccak_squeeze(&ctx, got + off, c);
        off += c;
    }
    fz_check(memcmp(want, got, out_len) == 0, "keccak sponge != reference");
    fz_check(got[out_len] == 0xa5, "keccak_squeeze wrote past the end");
    keccak_wipe(&ctx);
    return 0;
}
