/*
 * Keccak-f[1600], SHA3-256/512, SHAKE256 and the raw Keccak sponge against
 * the NIST CAVP, XKCP and Nexus vectors in ../shared, plus what the
 * vectors do not pin down: streaming at every split point equals one-shot,
 * the raw sponge equals a textbook one for every legal rate, and the
 * API's parameter and state rules.
 */
#include "test.h"

#include "base/status.h"
#include "crypto/keccak.h"
#include "vec.h"

/* ---- helpers --------------------------------------------------------------- */

static char *load_or_fail(const char *rel, size_t *len)
{
    char *text = vec_load(rel, len);

    if (text == NULL)
        fail_msg("missing vector file %s/%s", LX_SHARED_DIR, rel);
    return text;
}

static long field_long(const struct rsp_case *c, const char *key)
{
    size_t len;
    const char *s = rsp_get(c, key, &len);

    if (s == NULL)
        fail_msg("case without %s", key);
    return strtol(s, NULL, 10);
}

/* Decode a hex field into a malloc'd buffer; *len receives the byte count. */
static uint8_t *field_hex(const struct rsp_case *c, const char *key, size_t *len)
{
    size_t hex_len;
    const char *hex = rsp_get(c, key, &hex_len);

    if (hex == NULL)
        fail_msg("case without %s", key);
    uint8_t *out = vec_hex_alloc(hex, hex_len, len);
    if (out == NULL)
        fail_msg("bad hex in %s", key);
    return out;
}

/* Deterministic filler that is not periodic in the rate. */
static void fill(uint8_t *p, size_t n, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;

    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)(x >> 24);
    }
}

/* Squeeze in a cycle of awkward piece sizes, to exercise streaming output. */
static void squeeze_pieces(struct keccak_ctx *ctx, uint8_t *out, size_t len)
{
    static const size_t piece[] = { 1, 7, 13, 64, 3, 136, 135, 8, 200, 17, 0, 9 };
    size_t i = 0;

    while (len > 0) {
        size_t n = piece[i++ % (sizeof(piece) / sizeof(piece[0]))];
        if (n > len)
            n = len;
        keccak_squeeze(ctx, out, n);
        out += n;
        len -= n;
    }
}

/* Textbook sponge (FIPS 202 Algorithm 8) over a padded copy of the message:
 * the independent reference for the optimised absorb/squeeze paths. */
static void xor_block(uint64_t a[25], const uint8_t *b, size_t rate)
{
    for (size_t i = 0; i < rate; i++)
        a[i / 8] ^= (uint64_t)b[i] << (8 * (i % 8));
}

static void ref_sponge(size_t rate, uint8_t suffix, const uint8_t *m, size_t len,
                       uint8_t *out, size_t out_len)
{
    uint64_t a[25] = { 0 };
    uint8_t block[200];

    for (; len >= rate; m += rate, len -= rate) {
        xor_block(a, m, rate);
        keccak_f1600(a);
    }
    memset(block, 0, sizeof(block));
    memcpy(block, m, len);
    block[len] ^= suffix;
    if ((suffix & 0x80) && len == rate - 1) {
        /* The suffix's own top bit took the last bit of the block. */
        xor_block(a, block, rate);
        keccak_f1600(a);
        memset(block, 0, sizeof(block));
    }
    block[rate - 1] ^= 0x80;
    xor_block(a, block, rate);
    keccak_f1600(a);
    for (;;) {
        size_t n = out_len < rate ? out_len : rate;
        for (size_t i = 0; i < n; i++)
            out[i] = (uint8_t)(a[i / 8] >> (8 * (i % 8)));
        out += n;
        out_len -= n;
        if (out_len == 0)
            break;
        keccak_f1600(a);
    }
}

/* ---- Keccak-f[1600] itself -------------------------------------------------- */

/* Parse n space-separated hex bytes ("E7 DD ..."); returns the end. */
static const char *parse_spaced_bytes(const char *p, uint8_t *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while (*p == ' ' || *p == '\r' || *p == '\n')
            p++;
        if (vec_hex(p, 2, out + i, 1) != 1)
            fail_msg("bad state byte %zu", i);
        p += 2;
    }
    return p;
}

/* Parse 25 lanes written as 16-digit big-endian hex words. */
static void parse_lanes(const char *p, uint64_t lanes[25])
{
    for (size_t i = 0; i < 25; i++) {
        uint8_t be[8];
        while (*p == ' ' || *p == '\r' || *p == '\n')
            p++;
        if (vec_hex(p, 16, be, 8) != 8)
            fail_msg("bad lane %zu", i);
        lanes[i] = 0;
        for (size_t j = 0; j < 8; j++)
            lanes[i] = lanes[i] << 8 | be[j];
        p += 16;
    }
}

/* Start of the n-th line before the one starting at `at`. */
static const char *lines_back(const char *start, const char *at, int n)
{
    const char *p = at;

    for (int i = 0; i < n && p > start; i++) {
        p--;
        while (p > start && p[-1] != '\n')
            p--;
    }
    return p;
}

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void test_keccak_f1600(void **state)
{
    static const char in_tag[] = "Input of permutation:";
    static const char out_tag[] = "State after permutation:";
    static const char lanes_tag[] = "Same, with lanes as 64-bit words:";
    size_t text_len;
    char *text = load_or_fail("vectors/sha3/XKCP_KeccakF-1600-IntermediateValues.txt", &text_len);
    const char *p = text;
    uint8_t prev_out[200];
    int examples = 0;
    (void)state;

    while ((p = strstr(p, in_tag)) != NULL) {
        uint8_t in[200], want[200], got[200];
        uint64_t a[25], lanes[25];

        p = parse_spaced_bytes(p + strlen(in_tag), in, 200);
        /* The file's lane view fixes the byte order of a[]. */
        const char *l = strstr(p, lanes_tag);
        assert_non_null(l);
        parse_lanes(l + strlen(lanes_tag), lanes);
        for (size_t i = 0; i < 25; i++) {
            a[i] = le64(in + 8 * i);
            assert_true(a[i] == lanes[i]);
        }

        const char *o = strstr(p, out_tag);
        assert_non_null(o);
        parse_lanes(lines_back(text, o, 5), lanes);
        parse_spaced_bytes(o + strlen(out_tag), want, 200);
        p = o + strlen(out_tag);

        keccak_f1600(a);
        for (size_t i = 0; i < 25; i++) {
            assert_true(a[i] == lanes[i]);
            for (size_t j = 0; j < 8; j++)
                got[8 * i + j] = (uint8_t)(a[i] >> (8 * j));
        }
        assert_memory_equal(got, want, 200);
        if (examples > 0)
            assert_memory_equal(in, prev_out, 200);     /* chained example */
        memcpy(prev_out, want, 200);
        examples++;
    }
    free(text);
    /* The zero state, then its image permuted again. */
    assert_int_equal(examples, 2);
}

/* ---- hash files ------------------------------------------------------------ */

enum alg { ALG_SHA3_256, ALG_SHA3_512, ALG_SHAKE256 };

/* Hash msg with alg in one shot and in three streamed pieces; check both. */
static void check_hash(enum alg alg, const uint8_t *msg, size_t len,
                       const uint8_t *want, size_t want_len, const char *what, long id)
{
    struct keccak_ctx ctx;
    uint8_t *got = malloc(want_len + 1);
    size_t cut1 = len / 3, cut2 = len - len / 5;

    assert_non_null(got);
    for (int streamed = 0; streamed < 2; streamed++) {
        memset(got, 0xa5, want_len + 1);
        switch (alg) {
        case ALG_SHA3_256:
            assert_int_equal(want_len, SHA3_256_DIGEST_SIZE);
            if (!streamed) {
                sha3_256(msg, len, got);
            } else {
                sha3_256_init(&ctx);
                sha3_256_update(&ctx, msg, cut1);
                sha3_256_update(&ctx, msg + cut1, cut2 - cut1);
                sha3_256_update(&ctx, msg + cut2, len - cut2);
                sha3_256_final(&ctx, got);
            }
            break;
        case ALG_SHA3_512:
            assert_int_equal(want_len, SHA3_512_DIGEST_SIZE);
            if (!streamed) {
                sha3_512(msg, len, got);
            } else {
                sha3_512_init(&ctx);
                sha3_512_update(&ctx, msg, cut1);
                sha3_512_update(&ctx, msg + cut1, cut2 - cut1);
                sha3_512_update(&ctx, msg + cut2, len - cut2);
                sha3_512_final(&ctx, got);
            }
            break;
        case ALG_SHAKE256:
            if (!streamed) {
                shake256(msg, len, got, want_len);
            } else {
                shake256_init(&ctx);
                shake256_absorb(&ctx, msg, cut1);
                shake256_absorb(&ctx, msg + cut1, cut2 - cut1);
                shake256_absorb(&ctx, msg + cut2, len - cut2);
                squeeze_pieces(&ctx, got, want_len);
                keccak_wipe(&ctx);
            }
            break;
        }
        if (memcmp(got, want, want_len) != 0)
            fail_msg("%s: case %ld differs (%s)", what, id, streamed ? "streamed" : "one-shot");
        assert_int_equal(got[want_len], 0xa5);          /* no overrun */
    }
    free(got);
}

/*
 * Run every case of a Len/Msg/<out_key> file. Len is in bits; cases with
 * Len % 8 != 0 (XKCP's bit-level ones) are skipped and not counted. When
 * out_bits_key is set the output length comes from that field instead.
 */
static int run_file(enum alg alg, const char *rel, const char *out_key, const char *out_bits_key)
{
    size_t text_len;
    char *text = load_or_fail(rel, &text_len);
    struct rsp r;
    struct rsp_case c;
    int n = 0;

    rsp_open(&r, text, text_len);
    while (rsp_next(&r, &c)) {
        size_t msg_len, want_len;
        long bits, id;

        if (out_bits_key) {
            bits = 256;             /* VariableOut: the message is always 256 bits */
            id = field_long(&c, out_bits_key);
        } else {
            bits = field_long(&c, "Len");
            id = bits;
        }
        if (bits % 8 != 0)
            continue;
        uint8_t *msg = field_hex(&c, "Msg", &msg_len);
        uint8_t *want = field_hex(&c, out_key, &want_len);
        if (bits == 0)
            msg_len = 0;            /* "Msg = 00" stands for the empty message */
        assert_int_equal(msg_len * 8, (size_t)bits);
        if (out_bits_key)
            assert_int_equal(want_len * 8, (size_t)id);
        check_hash(alg, msg, msg_len, want, want_len, rel, id);
        free(msg);
        free(want);
        n++;
    }
    free(text);
    return n;
}

static void test_sha3_256_cavp(void **state)
{
    (void)state;
    assert_int_equal(run_file(ALG_SHA3_256, "vectors/sha3/SHA3_256ShortMsg.txt", "MD", NULL), 137);
    assert_int_equal(run_file(ALG_SHA3_256, "vectors/sha3/SHA3_256LongMsg.txt", "MD", NULL), 100);
}

static void test_sha3_512_cavp(void **state)
{
    (void)state;
    assert_int_equal(run_file(ALG_SHA3_512, "vectors/sha3/SHA3_512ShortMsg.txt", "MD", NULL), 73);
    assert_int_equal(run_file(ALG_SHA3_512, "vectors/sha3/SHA3_512LongMsg.txt", "MD", NULL), 100);
}

static void test_shake256_cavp(void **state)
{
    (void)state;
    assert_int_equal(run_file(ALG_SHAKE256, "vectors/sha3/SHAKE256ShortMsg.rsp", "Output", NULL), 272);
    assert_int_equal(run_file(ALG_SHAKE256, "vectors/sha3/SHAKE256LongMsg.rsp", "Output", NULL), 100);
    assert_int_equal(run_file(ALG_SHAKE256, "vectors/sha3/SHAKE256VariableOut.txt", "MD", "Outputlen"),
                     1246);
}

static void test_xkcp_kat(void **state)
{
    (void)state;
    /* 2048 cases per file, Len 0..2047 bits: 256 of them byte-aligned. */
    assert_int_equal(run_file(ALG_SHA3_256, "vectors/sha3/XKCP_ShortMsgKAT_SHA3-256.txt", "MD", NULL), 256);
    assert_int_equal(run_file(ALG_SHA3_512, "vectors/sha3/XKCP_ShortMsgKAT_SHA3-512.txt", "MD", NULL), 256);
    assert_int_equal(run_file(ALG_SHAKE256, "vectors/sha3/XKCP_ShortMsgKAT_SHAKE256.txt", "Squeezed", NULL),
                     256);
}

/* ---- Nexus raw-sponge vectors --------------------------------------------- */

/* "Keccak_r<rate bits>_c<capacity bits>_out<output bits>_sfx<hex suffix>" */
static int parse_keccak_key(const char *key, unsigned *r, unsigned *c, unsigned *out, unsigned *sfx)
{
    char tail;

    return sscanf(key, "Keccak_r%u_c%u_out%u_sfx%x%c", r, c, out, sfx, &tail) == 4;
}

static void test_nexus_hashes(void **state)
{
    size_t text_len;
    char *text = load_or_fail("fixtures/nexus/vectors/hashes.json", &text_len);
    struct json *root = json_parse(text, text_len);
    int keccak_checks = 0, sha3_checks = 0;
    (void)state;

    assert_non_null(root);
    const struct json *vecs = json_get(root, "vectors");
    size_t nvec = json_len(vecs);
    assert_int_equal(nvec, 15);
    for (size_t v = 0; v < nvec; v++) {
        const struct json *vec = json_at(vecs, v);
        size_t hex_len, msg_len;
        const char *hex = json_str(json_get(vec, "input_hex"), &hex_len);
        assert_non_null(hex);
        uint8_t *msg = vec_hex_alloc(hex, hex_len, &msg_len);
        assert_non_null(msg);
        assert_int_equal(msg_len, (size_t)json_int(json_get(vec, "input_len")));
        /* The parameter sets LLL-TAO's SK.h uses must all be present. */
        assert_non_null(json_get(vec, "Keccak_r1344_c256_out32_sfx06"));
        assert_non_null(json_get(vec, "Keccak_r1344_c256_out64_sfx06"));
        assert_non_null(json_get(vec, "Keccak_r576_c1024_out1024_sfx05"));

        for (size_t k = 0; k < json_len(vec); k++) {
            const char *key = json_key(vec, k);
            size_t want_len;
            const char *want_hex = json_str(json_at(vec, k), &hex_len);
            unsigned r, c, out_bits, sfx;
            enum alg alg;

            if (strncmp(key, "Keccak_", 7) == 0) {
                if (!parse_keccak_key(key, &r, &c, &out_bits, &sfx))
                    fail_msg("unparsable key %s", key);
                assert_int_equal(r + c, 1600);
                assert_int_equal(r % 64, 0);
                assert_int_equal(out_bits % 8, 0);
                assert_true(sfx > 0 && sfx < 256);
                assert_non_null(want_hex);
                uint8_t *want = vec_hex_alloc(want_hex, hex_len, &want_len);
                assert_non_null(want);
                assert_int_equal(want_len, out_bits / 8);

                uint8_t *got = malloc(want_len);
                struct keccak_ctx ctx;
                assert_non_null(got);
                assert_int_equal(keccak_init(&ctx, r / 8, (uint8_t)sfx), 0);
                keccak_absorb(&ctx, msg, msg_len);
                squeeze_pieces(&ctx, got, want_len);
                keccak_wipe(&ctx);
                if (memcmp(got, want, want_len) != 0)
                    fail_msg("%s: vector %s differs", key, json_str(json_get(vec, "name"), NULL));
                free(got);
                free(want);
                keccak_checks++;
                continue;
            }
            if (strcmp(key, "SHA3_256") == 0)
                alg = ALG_SHA3_256;
            else if (strcmp(key, "SHA3_512") == 0)
                alg = ALG_SHA3_512;
            else
                continue;
            assert_non_null(want_hex);
            uint8_t *want = vec_hex_alloc(want_hex, hex_len, &want_len);
            assert_non_null(want);
            check_hash(alg, msg, msg_len, want, want_len, key, (long)v);
            free(want);
            sha3_checks++;
        }
        free(msg);
    }
    assert_true(keccak_checks >= 3 * 15);
    assert_int_equal(sha3_checks, 2 * 15);
    json_free(root);
    free(text);
}

/* ---- properties the vectors do not pin down -------------------------------- */

#define SPLIT_MAX 300

/* Every split point and byte-at-a-time, for message sizes 0..SPLIT_MAX,
 * which crosses SHA3-512's 72-byte and SHA3-256's 136-byte rates twice. */
static void split_one(enum alg alg, const uint8_t *msg, size_t len)
{
    size_t dlen = alg == ALG_SHA3_256 ? SHA3_256_DIGEST_SIZE : SHA3_512_DIGEST_SIZE;
    uint8_t want[64], got[64];
    struct keccak_ctx ctx;

    if (alg == ALG_SHA3_256)
        sha3_256(msg, len, want);
    else
        sha3_512(msg, len, want);
    for (size_t cut = 0; cut <= len + 1; cut++) {
        /* cut == len + 1 stands for byte-by-byte absorption. */
        if (alg == ALG_SHA3_256)
            sha3_256_init(&ctx);
        else
            sha3_512_init(&ctx);
        if (cut <= len) {
            keccak_absorb(&ctx, msg, cut);
            keccak_absorb(&ctx, msg + cut, len - cut);
        } else {
            for (size_t i = 0; i < len; i++)
                keccak_absorb(&ctx, msg + i, 1);
        }
        if (alg == ALG_SHA3_256)
            sha3_256_final(&ctx, got);
        else
            sha3_512_final(&ctx, got);
        if (memcmp(got, want, dlen) != 0)
            fail_msg("len %zu cut %zu differs", len, cut);
    }
}

static void test_incremental(void **state)
{
    uint8_t msg[SPLIT_MAX + 1];
    (void)state;

    fill(msg, sizeof(msg), 1);
    for (size_t len = 0; len <= SPLIT_MAX; len++) {
        /* Start at an odd address too: lanes are loaded bytewise. */
        split_one(ALG_SHA3_256, msg + (len & 1), len);
        split_one(ALG_SHA3_512, msg + (len & 1), len);
    }
}

/* Squeezing at every split of a 3-block output equals one long squeeze. */
static void test_squeeze_streaming(void **state)
{
    enum { OUT = 3 * SHAKE256_RATE + 5 };
    uint8_t want[OUT], got[OUT];
    struct keccak_ctx ctx;
    (void)state;

    shake256("abc", 3, want, OUT);
    for (size_t cut = 0; cut <= OUT; cut++) {
        shake256_init(&ctx);
        shake256_absorb(&ctx, "abc", 3);
        shake256_squeeze(&ctx, got, cut);
        shake256_squeeze(&ctx, got + cut, OUT - cut);
        if (memcmp(got, want, OUT) != 0)
            fail_msg("squeeze cut %zu differs", cut);
    }
    for (size_t i = 0; i < OUT; i++) {      /* byte at a time */
        if (i == 0) {
            shake256_init(&ctx);
            shake256_absorb(&ctx, "abc", 3);
        }
        shake256_squeeze(&ctx, got + i, 1);
    }
    assert_memory_equal(got, want, OUT);

    /* A shorter output is a prefix of a longer one. */
    shake256("abc", 3, got, 17);
    assert_memory_equal(got, want, 17);
}

/* Absorbing after the first squeeze is ignored; the stream continues. */
static void test_absorb_after_squeeze(void **state)
{
    uint8_t want[64], got[64];
    struct keccak_ctx ctx;
    (void)state;

    shake256("abc", 3, want, sizeof(want));
    shake256_init(&ctx);
    shake256_absorb(&ctx, "abc", 3);
    shake256_squeeze(&ctx, got, 10);
    shake256_absorb(&ctx, "xyz", 3);
    shake256_squeeze(&ctx, got + 10, sizeof(got) - 10);
    assert_memory_equal(got, want, sizeof(want));
    keccak_wipe(&ctx);
}

/* The raw sponge against the textbook one, for every legal rate, suffixes
 * including ones with bit 7 set (which need an extra block when the
 * message leaves one free byte), and lengths around the block size. */
static void test_raw_sponge(void **state)
{
    static const uint8_t suffixes[] = { 0x01, 0x06, 0x1f, 0x05, 0x80, 0xff, 0x8b };
    uint8_t msg[2 * 192 + 8], want[192 + 9], got[192 + 9];
    int cases = 0;
    (void)state;

    fill(msg, sizeof(msg), 7);
    for (size_t rate = 8; rate <= 192; rate += 8) {
        const size_t lens[] = { 0, 1, rate - 1, rate, rate + 1, 2 * rate - 1, 2 * rate + 3 };
        size_t out_len = rate + 9;          /* forces a permutation while squeezing */

        for (size_t s = 0; s < sizeof(suffixes); s++) {
            for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
                struct keccak_ctx ctx;
                size_t len = lens[l], cut = len / 2 + 1 < len ? len / 2 + 1 : len;

                ref_sponge(rate, suffixes[s], msg, len, want, out_len);
                assert_int_equal(keccak_init(&ctx, rate, suffixes[s]), 0);
                keccak_absorb(&ctx, msg, cut);
                keccak_absorb(&ctx, msg + cut, len - cut);
                squeeze_pieces(&ctx, got, out_len);
                if (memcmp(got, want, out_len) != 0)
                    fail_msg("rate %zu suffix %02x len %zu differs", rate, suffixes[s], len);
                keccak_wipe(&ctx);
                cases++;
            }
        }
    }
    assert_int_equal(cases, 24 * 7 * 7);
}

static void test_init_params(void **state)
{
    static const size_t bad[] = { 0, 1, 7, 9, 100, 196, 200, 208, 1000 };
    static const size_t good[] = { 8, 72, 136, 168, 192 };
    struct keccak_ctx ctx;
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (keccak_init(&ctx, bad[i], 0x06) != LX_ERR_PARAM)
            fail_msg("rate %zu accepted", bad[i]);
    }
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        assert_int_equal(keccak_init(&ctx, good[i], 0x06), LX_OK);
        assert_int_equal(keccak_init(&ctx, good[i], 0x00), LX_ERR_PARAM);
        assert_int_equal(keccak_init(&ctx, good[i], 0x01), LX_OK);
        assert_int_equal(keccak_init(&ctx, good[i], 0xff), LX_OK);
    }
}

/* *_final leaves no trace of the state behind. */
static void test_final_wipes(void **state)
{
    static const uint8_t zero[sizeof(struct keccak_ctx)];
    struct keccak_ctx ctx;
    uint8_t out[64];
    (void)state;

    sha3_256_init(&ctx);
    sha3_256_update(&ctx, "abc", 3);
    sha3_256_final(&ctx, out);
    assert_memory_equal(&ctx, zero, sizeof(ctx));
    sha3_512_init(&ctx);
    sha3_512_update(&ctx, "abc", 3);
    sha3_512_final(&ctx, out);
    assert_memory_equal(&ctx, zero, sizeof(ctx));
    keccak_init(&ctx, 168, 0x1f);
    keccak_absorb(&ctx, "abc", 3);
    keccak_squeeze(&ctx, out, 5);
    keccak_wipe(&ctx);
    assert_memory_equal(&ctx, zero, sizeof(ctx));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keccak_f1600),
        cmocka_unit_test(test_sha3_256_cavp),
        cmocka_unit_test(test_sha3_512_cavp),
        cmocka_unit_test(test_shake256_cavp),
        cmocka_unit_test(test_xkcp_kat),
        cmocka_unit_test(test_nexus_hashes),
        cmocka_unit_test(test_incremental),
        cmocka_unit_test(test_squeeze_streaming),
        cmocka_unit_test(test_absorb_after_squeeze),
        cmocka_unit_test(test_raw_sponge),
        cmocka_unit_test(test_init_params),
        cmocka_unit_test(test_final_wipes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
