/*
 * SHA-256 and SHA-512 against the NIST CAVP byte-oriented response files
 * (short, long and Monte Carlo), plus the properties the vectors do not
 * pin down: streaming at every split point equals one-shot, and the
 * architecture block function equals the portable one.
 */
#include "test.h"

#include "crypto/sha256.h"
#include "crypto/sha512.h"
#include "vec.h"

struct sha2_alg {
    const char *name;
    size_t digest;
    void (*oneshot)(const void *, size_t, uint8_t *);
};

static const struct sha2_alg alg256 = { "SHA-256", 32, sha256 };
static const struct sha2_alg alg512 = { "SHA-512", 64, sha512 };

/* Runs every Len/Msg/MD case of a CAVP file; returns the case count. */
static int run_msg_file(const struct sha2_alg *alg, const char *rel)
{
    size_t text_len, len;
    char *text = vec_load(rel, &text_len);
    struct rsp r;
    struct rsp_case c;
    int n = 0;

    if (text == NULL)
        fail_msg("missing vector file %s", rel);
    rsp_open(&r, text, text_len);
    while (rsp_next(&r, &c)) {
        const char *len_s = rsp_get(&c, "Len", &len);
        if (len_s == NULL)
            continue;
        long bits = strtol(len_s, NULL, 10);
        size_t msg_hex_len, md_hex_len, msg_len;
        const char *msg_hex = rsp_get(&c, "Msg", &msg_hex_len);
        const char *md_hex = rsp_get(&c, "MD", &md_hex_len);
        uint8_t want[64], got[64];

        assert_non_null(msg_hex);
        assert_non_null(md_hex);
        uint8_t *msg = vec_hex_alloc(msg_hex, msg_hex_len, &msg_len);
        assert_non_null(msg);
        if (bits == 0)
            msg_len = 0;            /* "Msg = 00" stands for the empty message */
        assert_int_equal(msg_len * 8, (size_t)bits);
        assert_int_equal(vec_hex(md_hex, md_hex_len, want, sizeof(want)), alg->digest);
        alg->oneshot(msg, msg_len, got);
        if (memcmp(got, want, alg->digest) != 0)
            fail_msg("%s %s: Len = %ld differs", alg->name, rel, bits);
        free(msg);
        n++;
    }
    free(text);
    return n;
}

static void test_sha256_short(void **state)
{
    (void)state;
    assert_int_equal(run_msg_file(&alg256, "vectors/sha256/SHA256ShortMsg.rsp"), 65);
}

static void test_sha256_long(void **state)
{
    (void)state;
    assert_int_equal(run_msg_file(&alg256, "vectors/sha256/SHA256LongMsg.rsp"), 64);
}

static void test_sha512_short(void **state)
{
    (void)state;
    assert_int_equal(run_msg_file(&alg512, "vectors/sha512/SHA512ShortMsg.rsp"), 129);
}

static void test_sha512_long(void **state)
{
    (void)state;
    assert_int_equal(run_msg_file(&alg512, "vectors/sha512/SHA512LongMsg.rsp"), 128);
}

/* CAVP Monte Carlo: MD_i = SHA-256(MD_{i-3} || MD_{i-2} || MD_{i-1}). */
static void test_sha256_monte(void **state)
{
    size_t text_len, len;
    char *text = vec_load("vectors/sha256/SHA256Monte.rsp", &text_len);
    struct rsp r;
    struct rsp_case c;
    uint8_t seed[32], md[3][32], want[32];
    int have_seed = 0, checkpoints = 0;
    (void)state;

    assert_non_null(text);
    rsp_open(&r, text, text_len);
    while (rsp_next(&r, &c)) {
        const char *v = rsp_get(&c, "Seed", &len);
        if (v != NULL) {
            assert_int_equal(vec_hex(v, len, seed, 32), 32);
            have_seed = 1;
            continue;
        }
        v = rsp_get(&c, "MD", &len);
        if (v == NULL)
            continue;
        assert_true(have_seed);
        assert_int_equal(vec_hex(v, len, want, 32), 32);
        memcpy(md[0], seed, 32);
        memcpy(md[1], seed, 32);
        memcpy(md[2], seed, 32);
        for (int i = 3; i < 1003; i++) {
            uint8_t next[32];
            sha256(md, sizeof(md), next);
            memmove(md[0], md[1], 64);
            memcpy(md[2], next, 32);
        }
        assert_memory_equal(md[2], want, 32);
        memcpy(seed, md[2], 32);
        checkpoints++;
    }
    assert_int_equal(checkpoints, 100);
    free(text);
}

/* A deterministic byte pattern that is not periodic in the block size. */
static void fill(uint8_t *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = (uint8_t)(seed >> 16);
    }
}

static void test_sha256_splits(void **state)
{
    uint8_t msg[300], want[32], got[32];
    struct sha256_ctx ctx;
    (void)state;

    fill(msg, sizeof(msg), 1);
    for (size_t len = 0; len <= sizeof(msg); len += (len < 140 ? 1 : 23)) {
        sha256(msg, len, want);
        for (size_t cut = 0; cut <= len; cut++) {
            sha256_init(&ctx);
            sha256_update(&ctx, msg, cut);
            sha256_update(&ctx, msg + cut, 0);
            sha256_update(&ctx, msg + cut, len - cut);
            sha256_final(&ctx, got);
            assert_memory_equal(got, want, 32);
        }
        sha256_init(&ctx);
        for (size_t i = 0; i < len; i++)
            sha256_update(&ctx, msg + i, 1);
        sha256_final(&ctx, got);
        assert_memory_equal(got, want, 32);
    }
}

static void test_sha512_splits(void **state)
{
    uint8_t msg[400], want[64], got[64];
    struct sha512_ctx ctx;
    (void)state;

    fill(msg, sizeof(msg), 2);
    for (size_t len = 0; len <= sizeof(msg); len += (len < 270 ? 1 : 31)) {
        sha512(msg, len, want);
        for (size_t cut = 0; cut <= len; cut++) {
            sha512_init(&ctx);
            sha512_update(&ctx, msg, cut);
            sha512_update(&ctx, msg + cut, len - cut);
            sha512_final(&ctx, got);
            assert_memory_equal(got, want, 64);
        }
    }
}

/* The arch block function (SHA-NI on x86-64 hosts) against the portable
 * one, over runs of 1..9 blocks from unaligned buffers. */
static void test_compress_arch_matches_generic(void **state)
{
    uint8_t buf[9 * 128 + 1];
    (void)state;

    fill(buf, sizeof(buf), 3);
    for (size_t n = 1; n <= 9; n++) {
        uint32_t a[8], b[8];
        uint64_t c[8], d[8];
        for (int i = 0; i < 8; i++) {
            a[i] = b[i] = 0x01020304u * (uint32_t)(i + 1) + (uint32_t)n;
            c[i] = d[i] = 0x0102030405060708ull * (uint64_t)(i + 1) + n;
        }
        sha256_compress(a, buf + 1, n);
        sha256_compress_generic(b, buf + 1, n);
        assert_memory_equal(a, b, sizeof(a));
        sha512_compress(c, buf + 1, n);
        sha512_compress_generic(d, buf + 1, n);
        assert_memory_equal(c, d, sizeof(c));
    }
}

/* FIPS 180-4 length field: a message whose length forces the padding into
 * a second block (55/56 and 111/112 bytes are the boundaries). */
static void test_padding_boundaries(void **state)
{
    static const char *const want256[] = {
        /* SHA-256 of 55 and 56 bytes of 'a' (Python hashlib) */
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
    };
    uint8_t msg[56], got[32], want[32];
    (void)state;

    memset(msg, 'a', sizeof(msg));
    for (int i = 0; i < 2; i++) {
        sha256(msg, 55 + (size_t)i, got);
        assert_int_equal(vec_hex(want256[i], 64, want, 32), 32);
        assert_memory_equal(got, want, 32);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_short),
        cmocka_unit_test(test_sha256_long),
        cmocka_unit_test(test_sha256_monte),
        cmocka_unit_test(test_sha512_short),
        cmocka_unit_test(test_sha512_long),
        cmocka_unit_test(test_sha256_splits),
        cmocka_unit_test(test_sha512_splits),
        cmocka_unit_test(test_compress_arch_matches_generic),
        cmocka_unit_test(test_padding_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
