/*
 * HMAC-SHA-256 and HMAC-SHA-512 against Wycheproof (valid and invalid
 * tags, truncated tags, long keys), RFC 4231 and the BoringSSL/aws-lc
 * HMAC file, through both the one-shot and the verify API.
 */
#include "test.h"

#include "crypto/hmac.h"
#include "vec.h"

struct hmac_alg {
    size_t digest, min_tag;
    void (*mac)(const void *, size_t, const void *, size_t, uint8_t *);
    int (*verify)(const void *, size_t, const void *, size_t, const uint8_t *, size_t);
};

static const struct hmac_alg alg256 = { 32, HMAC_SHA256_MIN_TAG, hmac_sha256, hmac_sha256_verify };
static const struct hmac_alg alg512 = { 64, HMAC_SHA512_MIN_TAG, hmac_sha512, hmac_sha512_verify };

static uint8_t *hex_field(const struct json *t, const char *key, size_t *len)
{
    size_t hex_len;
    const char *hex = json_str(json_get(t, key), &hex_len);
    uint8_t *out;

    assert_non_null(hex);
    out = vec_hex_alloc(hex, hex_len, len);
    assert_non_null(out);
    return out;
}

static void run_wycheproof(const struct hmac_alg *alg, const char *rel)
{
    size_t text_len;
    char *text = vec_load(rel, &text_len);
    struct json *root;
    size_t total = 0, valid = 0;

    if (text == NULL)
        fail_msg("missing vector file %s", rel);
    root = json_parse(text, text_len);
    assert_non_null(root);
    const struct json *groups = json_get(root, "testGroups");
    for (size_t g = 0; g < json_len(groups); g++) {
        const struct json *grp = json_at(groups, g);
        size_t tag_size = (size_t)json_int(json_get(grp, "tagSize")) / 8;
        const struct json *tests = json_get(grp, "tests");

        for (size_t i = 0; i < json_len(tests); i++) {
            const struct json *t = json_at(tests, i);
            size_t key_len, msg_len, tag_len;
            uint8_t *key = hex_field(t, "key", &key_len);
            uint8_t *msg = hex_field(t, "msg", &msg_len);
            uint8_t *tag = hex_field(t, "tag", &tag_len);
            const char *result = json_str(json_get(t, "result"), NULL);
            int want = strcmp(result, "valid") == 0;
            uint8_t full[64];

            /* Recomputing the MAC must agree with the expected verdict... */
            alg->mac(key, key_len, msg, msg_len, full);
            int same = tag_len == tag_size && memcmp(full, tag, tag_len) == 0;
            if (same != want)
                fail_msg("%s tcId %lld: mac result %d, want %d", rel,
                         json_int(json_get(t, "tcId")), same, want);
            /* ...and so must verify, which also enforces the tag length. */
            if (alg->verify(key, key_len, msg, msg_len, tag, tag_len) != want)
                fail_msg("%s tcId %lld: verify differs", rel, json_int(json_get(t, "tcId")));
            valid += (size_t)want;
            total++;
            free(key);
            free(msg);
            free(tag);
        }
    }
    assert_int_equal(total, (size_t)json_int(json_get(root, "numberOfTests")));
    assert_int_equal(valid, 66);
    json_free(root);
    free(text);
}

static void test_wycheproof_sha256(void **state)
{
    (void)state;
    run_wycheproof(&alg256, "vectors/hmac-sha256/hmac_sha256_test.json");
}

static void test_wycheproof_sha512(void **state)
{
    (void)state;
    run_wycheproof(&alg512, "vectors/hmac-sha256/hmac_sha512_test.json");
}

static void check_rfc4231(const struct hmac_alg *alg, const struct json *c, const char *field,
                          size_t trunc)
{
    size_t key_len, data_len, want_len;
    uint8_t *key = hex_field(c, "key", &key_len);
    uint8_t *data = hex_field(c, "data", &data_len);
    uint8_t *want = hex_field(c, field, &want_len);
    uint8_t got[64];

    assert_int_equal(want_len, trunc ? trunc : alg->digest);
    alg->mac(key, key_len, data, data_len, got);
    assert_memory_equal(got, want, want_len);
    /* Truncations below the policy floor are refused even when they match. */
    assert_int_equal(alg->verify(key, key_len, data, data_len, want, want_len),
                     want_len >= alg->min_tag);
    want[want_len - 1] ^= 1;
    assert_false(alg->verify(key, key_len, data, data_len, want, want_len));
    free(key);
    free(data);
    free(want);
}

static void test_rfc4231(void **state)
{
    size_t text_len;
    char *text = vec_load("vectors/hmac-sha256/rfc4231.json", &text_len);
    struct json *root;
    (void)state;

    assert_non_null(text);
    root = json_parse(text, text_len);
    assert_non_null(root);
    const struct json *cases = json_get(root, "cases");
    assert_int_equal(json_len(cases), 7);
    for (size_t i = 0; i < json_len(cases); i++) {
        const struct json *c = json_at(cases, i);
        const struct json *t = json_get(c, "truncated_to_bytes");
        size_t trunc = json_type(t) == JSON_NUMBER ? (size_t)json_int(t) : 0;

        check_rfc4231(&alg256, c, "hmac_sha256", trunc);
        check_rfc4231(&alg512, c, "hmac_sha512", trunc);
    }
    json_free(root);
    free(text);
}

/* A BoringSSL FileTest value: hex, or a "quoted" ASCII string. */
static uint8_t *file_value(const struct rsp_case *c, const char *key, size_t *out_len)
{
    size_t len;
    const char *v = rsp_get(c, key, &len);
    uint8_t *out;

    assert_non_null(v);
    if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
        out = malloc(len);
        assert_non_null(out);
        memcpy(out, v + 1, len - 2);
        *out_len = len - 2;
        return out;
    }
    out = vec_hex_alloc(v, len, out_len);
    assert_non_null(out);
    return out;
}

static void test_boringssl_file(void **state)
{
    size_t text_len, len;
    char *text = vec_load("vectors/hmac-sha256/boringssl_hmac_tests.txt", &text_len);
    struct rsp r;
    struct rsp_case c;
    int n256 = 0, n512 = 0;
    (void)state;

    assert_non_null(text);
    rsp_open(&r, text, text_len);
    while (rsp_next(&r, &c)) {
        const char *h = rsp_get(&c, "HMAC", &len);
        const struct hmac_alg *alg;

        if (h != NULL && len == 6 && memcmp(h, "SHA256", 6) == 0)
            alg = &alg256, n256++;
        else if (h != NULL && len == 6 && memcmp(h, "SHA512", 6) == 0)
            alg = &alg512, n512++;
        else
            continue;
        size_t key_len, in_len, out_len;
        uint8_t *key = file_value(&c, "Key", &key_len);
        uint8_t *in = file_value(&c, "Input", &in_len);
        uint8_t *want = file_value(&c, "Output", &out_len);
        uint8_t got[64];

        assert_int_equal(out_len, alg->digest);
        alg->mac(key, key_len, in, in_len, got);
        assert_memory_equal(got, want, out_len);
        free(key);
        free(in);
        free(want);
    }
    assert_int_equal(n256, 5);
    assert_int_equal(n512, 3);
    free(text);
}

/* Streaming with the key longer than a block (hashed first) and the
 * message cut at every point equals the one-shot MAC. */
static void test_streaming(void **state)
{
    uint8_t key[200], msg[260], want[64], got[64];
    (void)state;

    for (size_t i = 0; i < sizeof(key); i++)
        key[i] = (uint8_t)(i * 7 + 1);
    for (size_t i = 0; i < sizeof(msg); i++)
        msg[i] = (uint8_t)(i * 13 + 5);
    for (size_t klen = 0; klen <= sizeof(key); klen += 50) {
        hmac_sha256(key, klen, msg, sizeof(msg), want);
        for (size_t cut = 0; cut <= sizeof(msg); cut += 3) {
            struct hmac_sha256_ctx ctx;
            hmac_sha256_init(&ctx, key, klen);
            hmac_sha256_update(&ctx, msg, cut);
            hmac_sha256_update(&ctx, msg + cut, sizeof(msg) - cut);
            hmac_sha256_final(&ctx, got);
            assert_memory_equal(got, want, 32);
        }
        hmac_sha512(key, klen, msg, sizeof(msg), want);
        for (size_t cut = 0; cut <= sizeof(msg); cut += 5) {
            struct hmac_sha512_ctx ctx;
            hmac_sha512_init(&ctx, key, klen);
            hmac_sha512_update(&ctx, msg, cut);
            hmac_sha512_update(&ctx, msg + cut, sizeof(msg) - cut);
            hmac_sha512_final(&ctx, got);
            assert_memory_equal(got, want, 64);
        }
    }
}

/* final wipes the context: no key-derived state is left behind. */
static void test_final_wipes(void **state)
{
    struct hmac_sha256_ctx ctx;
    uint8_t out[32];
    static const uint8_t zero[sizeof(ctx)];
    (void)state;

    hmac_sha256_init(&ctx, "secret", 6);
    hmac_sha256_update(&ctx, "m", 1);
    hmac_sha256_final(&ctx, out);
    assert_memory_equal(&ctx, zero, sizeof(ctx));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wycheproof_sha256),
        cmocka_unit_test(test_wycheproof_sha512),
        cmocka_unit_test(test_rfc4231),
        cmocka_unit_test(test_boringssl_file),
        cmocka_unit_test(test_streaming),
        cmocka_unit_test(test_final_wipes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
