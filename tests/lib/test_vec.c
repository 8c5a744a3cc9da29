/*
 * Tests for the vector-file readers in tests/common: every other test
 * trusts them to hand over the right bytes, so they are checked here on
 * both the host and rv64.
 */
#include "test.h"

#include "vec.h"

static void test_hex(void **state)
{
    uint8_t out[4];
    (void)state;

    assert_int_equal(vec_hex("00aBff10", 8, out, 4), 4);
    assert_int_equal(out[0], 0x00);
    assert_int_equal(out[1], 0xab);
    assert_int_equal(out[2], 0xff);
    assert_int_equal(out[3], 0x10);
    assert_int_equal(vec_hex("", 0, out, 4), 0);
    assert_int_equal(vec_hex("abc", 3, out, 4), SIZE_MAX);          /* odd */
    assert_int_equal(vec_hex("zz", 2, out, 4), SIZE_MAX);           /* not hex */
    assert_int_equal(vec_hex("0011223344", 10, out, 4), SIZE_MAX);  /* too long */
}

static void test_rsp(void **state)
{
    static const char text[] =
        "#  CAVS 11.0\r\n"
        "[L = 32]\n"
        "\n"
        "Len = 0\n"
        "Msg = 00\n"
        "MD = e3b0\n"
        "\n"
        "Len = 8\r\n"
        "Msg = d3\n"
        "MD = 28\n"
        "[L = 64]\n"
        "Len = 16\n";
    struct rsp r;
    struct rsp_case c;
    size_t len;
    (void)state;

    rsp_open(&r, text, sizeof(text) - 1);
    assert_int_equal(rsp_next(&r, &c), 1);
    assert_int_equal(c.n, 3);
    assert_int_equal(c.section_len, 6);
    assert_memory_equal(c.section, "L = 32", 6);
    const char *md = rsp_get(&c, "MD", &len);
    assert_non_null(md);
    assert_int_equal(len, 4);
    assert_memory_equal(md, "e3b0", 4);
    assert_null(rsp_get(&c, "md", &len));
    assert_int_equal(rsp_next(&r, &c), 1);
    assert_memory_equal(rsp_get(&c, "Len", &len), "8", 1);
    assert_int_equal(len, 1);                   /* CR trimmed */
    assert_int_equal(rsp_next(&r, &c), 1);
    assert_memory_equal(c.section, "L = 64", 6);
    assert_int_equal(c.n, 1);
    assert_int_equal(rsp_next(&r, &c), 0);
}

static void test_json(void **state)
{
    static const char text[] =
        " {\"a\": [1, -2, {\"b\": \"x\\u00e9\\n\\\"\"}], \"t\": true, \"f\": false,"
        " \"n\": null, \"big\": 18446744073709551615, \"e\": {}, \"s\": \"\"} ";
    struct json *j = json_parse(text, sizeof(text) - 1);
    size_t len;
    (void)state;

    assert_non_null(j);
    assert_int_equal(json_type(j), JSON_OBJECT);
    assert_int_equal(json_len(j), 7);
    assert_true(strcmp(json_key(j, 1), "t") == 0);
    const struct json *a = json_get(j, "a");
    assert_int_equal(json_len(a), 3);
    assert_int_equal(json_int(json_at(a, 1)), -2);
    const char *s = json_str(json_get(json_at(a, 2), "b"), &len);
    assert_non_null(s);
    assert_int_equal(len, 5);
    assert_memory_equal(s, "x\xc3\xa9\n\"", 5);
    assert_int_equal(json_bool(json_get(j, "t")), 1);
    assert_int_equal(json_bool(json_get(j, "f")), 0);
    assert_int_equal(json_type(json_get(j, "n")), JSON_NULL);
    assert_int_equal(json_type(json_get(j, "e")), JSON_OBJECT);
    assert_int_equal(json_len(json_get(j, "e")), 0);
    assert_null(json_get(j, "missing"));
    assert_null(json_at(a, 3));
    assert_null(json_str(json_get(j, "t"), NULL));
    json_free(j);
}

static void test_json_rejects(void **state)
{
    static const char *const bad[] = {
        "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "\"abc", "[1] 2",
        "{1:2}", "\"\\x\"", "tru", "[\"\\u12\"]",
    };
    (void)state;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct json *j = json_parse(bad[i], strlen(bad[i]));
        if (j) {
            json_free(j);
            fail_msg("accepted bad JSON: %s", bad[i]);
        }
    }
}

static void test_load_shared(void **state)
{
    size_t len;
    char *text = vec_load("fixtures/nexus/vectors/hashes.json", &len);
    (void)state;

    if (!text)
        fail_msg("cannot read %s/fixtures/nexus/vectors/hashes.json", LX_SHARED_DIR);
    struct json *j = json_parse(text, len);
    assert_non_null(j);
    assert_true(json_len(json_get(j, "vectors")) > 0);
    json_free(j);
    free(text);
    assert_null(vec_load("no/such/file", &len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_rsp),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_rejects),
        cmocka_unit_test(test_load_shared),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
