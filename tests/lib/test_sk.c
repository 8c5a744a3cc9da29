/*
 * Nexus SK32/SK64/SK256/SK512/SK1024 against the vectors made by LLL-TAO
 * 5.1.6 itself (fixtures/nexus/vectors/hashes.json): the raw digests, the
 * integer forms of SK32/SK64, Nexus's byte-reversed GetHex form, and the
 * streaming API at every split point.
 */
#include "test.h"

#include "base/endian.h"
#include "crypto/sk.h"
#include "vec.h"

#define NEXUS_HASHES "fixtures/nexus/vectors/hashes.json"

static struct json *load_vectors(char **text)
{
    size_t len;
    struct json *root;

    *text = vec_load(NEXUS_HASHES, &len);
    if (*text == NULL)
        fail_msg("missing %s", NEXUS_HASHES);
    root = json_parse(*text, len);
    assert_non_null(root);
    return root;
}

static uint8_t *input_of(const struct json *v, size_t *len)
{
    size_t hex_len;
    const char *hex = json_str(json_get(v, "input_hex"), &hex_len);
    uint8_t *in;

    assert_non_null(hex);
    in = vec_hex_alloc(hex, hex_len, len);
    assert_non_null(in);
    assert_int_equal(*len, (size_t)json_int(json_get(v, "input_len")));
    return in;
}

static void expect_hex(const struct json *j, const uint8_t *got, size_t n, const char *what,
                       const char *name)
{
    size_t hex_len;
    const char *hex = json_str(j, &hex_len);
    uint8_t want[SK_MAX_DIGEST_SIZE];

    assert_non_null(hex);
    assert_int_equal(vec_hex(hex, hex_len, want, sizeof(want)), n);
    if (memcmp(got, want, n) != 0)
        fail_msg("%s of vector '%s' differs", what, name);
}

static void test_nexus_vectors(void **state)
{
    static const struct {
        enum sk_kind kind;
        const char *key, *raw_field;
    } kinds[] = {
        { SK32, "SK32", "raw_le_hex" },
        { SK64, "SK64", "raw_le_hex" },
        { SK256, "SK256", "raw_hex" },
        { SK512, "SK512", "raw_hex" },
        { SK1024, "SK1024", "raw_hex" },
    };
    char *text;
    struct json *root = load_vectors(&text);
    const struct json *vs = json_get(root, "vectors");
    size_t checks = 0;
    (void)state;

    assert_int_equal(json_len(vs), 15);
    for (size_t i = 0; i < json_len(vs); i++) {
        const struct json *v = json_at(vs, i);
        const char *name = json_str(json_get(v, "name"), NULL);
        size_t len;
        uint8_t *in = input_of(v, &len);

        for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
            const struct json *e = json_get(v, kinds[k].key);
            size_t n = sk_digest_size(kinds[k].kind);
            uint8_t got[SK_MAX_DIGEST_SIZE], rev[SK_MAX_DIGEST_SIZE];

            assert_non_null(e);
            sk_hash(kinds[k].kind, in, len, got);
            expect_hex(json_get(e, kinds[k].raw_field), got, n, kinds[k].key, name);
            checks++;
            if (json_get(e, "GetHex") != NULL) {
                for (size_t b = 0; b < n; b++)
                    rev[b] = got[n - 1 - b];
                expect_hex(json_get(e, "GetHex"), rev, n, "GetHex", name);
                checks++;
            }
        }
        /* The integer forms Nexus stores: SK32 as u32, SK64 as u64. */
        assert_int_equal(sk32(in, len), (uint32_t)json_int(json_get(json_get(v, "SK32"), "u32")));
        const char *u64 = json_str(json_get(json_get(v, "SK64"), "u64"), NULL);
        assert_non_null(u64);
        assert_true(sk64(in, len) == strtoull(u64, NULL, 10));
        checks += 2;
        free(in);
    }
    assert_int_equal(checks, 15 * (5 + 3 + 2));
    json_free(root);
    free(text);
}

/* Streaming through sk_init/update/final at every split point equals the
 * one-shot, for inputs that straddle every Skein block size. */
static void test_streaming(void **state)
{
    static const enum sk_kind all[] = { SK32, SK64, SK256, SK512, SK1024 };
    uint8_t msg[300], want[SK_MAX_DIGEST_SIZE], got[SK_MAX_DIGEST_SIZE];
    (void)state;

    for (size_t i = 0; i < sizeof(msg); i++)
        msg[i] = (uint8_t)(i * 29 + 3);
    for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
        size_t n = sk_digest_size(all[k]);
        for (size_t len = 0; len <= sizeof(msg); len += 13) {
            sk_hash(all[k], msg, len, want);
            for (size_t cut = 0; cut <= len; cut += 7) {
                struct sk_ctx ctx;
                assert_int_equal(sk_init(&ctx, all[k]), 0);
                sk_update(&ctx, msg, cut);
                sk_update(&ctx, msg + cut, len - cut);
                sk_final(&ctx, got);
                assert_memory_equal(got, want, n);
            }
        }
    }
}

static void test_bad_kind(void **state)
{
    struct sk_ctx ctx;
    (void)state;

    assert_int_equal(sk_digest_size((enum sk_kind)5), 0);
    assert_true(sk_init(&ctx, (enum sk_kind)5) < 0);
    assert_true(sk_init(&ctx, (enum sk_kind)-1) < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nexus_vectors),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_bad_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
