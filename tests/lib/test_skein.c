/*
 * Skein against the Skein 1.3 golden KAT (plain, MAC, bit-granular and tree
 * cases) and the Nexus v1.1 vectors, plus what the vectors do not pin down:
 * streaming at every split point around block boundaries equals one-shot
 * (the last full block must wait for final), the table-driven path equals
 * the specialised code, and bad parameters are rejected.
 */
#include "test.h"

#include "base/status.h"
#include "crypto/skein.h"
#include "vec.h"

static const unsigned block_sizes[3] = { 256, 512, 1024 };

/* The same constants without the specialised code: the table-driven path. */
static struct skein_params table_only(const struct skein_params *p)
{
    struct skein_params q = *p;

    for (int i = 0; i < 3; i++) {
        q.compress[i] = NULL;
        q.iv[i] = NULL;
    }
    return q;
}

static uint8_t *hex_field(const struct json *obj, const char *key, size_t *len)
{
    size_t hex_len;
    const char *hex = json_str(json_get(obj, key), &hex_len);
    uint8_t *bytes;

    if (hex == NULL)
        fail_msg("field %s missing", key);
    bytes = vec_hex_alloc(hex, hex_len, len);
    if (bytes == NULL)
        fail_msg("field %s is not hex", key);
    return bytes;
}

/* Streaming hash (or MAC when key is non-NULL) of nbits bits of msg. */
static void hash_bits(const struct skein_params *p, unsigned block_bits,
                      uint64_t out_bits, const uint8_t *key, size_t key_len,
                      const uint8_t *msg, size_t nbits, uint8_t *out)
{
    struct skein_ctx c;

    if (key != NULL)
        assert_int_equal(skein_init_mac(&c, p, block_bits, out_bits, key, key_len), LX_OK);
    else
        assert_int_equal(skein_init(&c, p, block_bits, out_bits), LX_OK);
    assert_int_equal(skein_update_bits(&c, msg, nbits), LX_OK);
    assert_int_equal(skein_final(&c, out), LX_OK);
}

static void test_golden_kat(void **state)
{
    const char *rel = "vectors/skein/skein_golden_kat.json";
    size_t text_len;
    char *text = vec_load(rel, &text_len);
    struct json *root;
    const struct json *cases;
    struct skein_params generic = table_only(&skein_v13);
    size_t n_run = 0, n_tree = 0, n_mac = 0;
    (void)state;

    if (text == NULL)
        fail_msg("missing vector file %s", rel);
    root = json_parse(text, text_len);
    assert_non_null(root);
    cases = json_get(root, "cases");
    assert_int_equal(json_len(cases), 491);

    for (size_t i = 0; i < json_len(cases); i++) {
        const struct json *c = json_at(cases, i);
        unsigned block_bits = (unsigned)json_int(json_get(c, "block_bits"));
        uint64_t out_bits = (uint64_t)json_int(json_get(c, "out_bits"));
        size_t msg_bits = (size_t)json_int(json_get(c, "msg_bits"));
        const struct json *tree = json_get(c, "tree");
        size_t msg_len, want_len, key_len = 0;
        uint8_t *msg = hex_field(c, "msg", &msg_len);
        uint8_t *want = hex_field(c, "result", &want_len);
        uint8_t *key = NULL;
        uint8_t *got;

        assert_int_equal(msg_len, (msg_bits + 7) / 8);
        assert_int_equal(want_len, SKEIN_OUT_BYTES(out_bits));
        if (json_get(c, "mac_key") != NULL) {
            key = hex_field(c, "mac_key", &key_len);
            n_mac++;
        }
        got = malloc(want_len);
        assert_non_null(got);

        if (tree != NULL) {
            struct skein_tree_shape shape = {
                (uint8_t)json_int(json_get(tree, "leaf")),
                (uint8_t)json_int(json_get(tree, "node")),
                (uint8_t)json_int(json_get(tree, "maxLevels")),
            };
            assert_int_equal(msg_bits % 8, 0);
            assert_int_equal(skein_tree(&skein_v13, block_bits, out_bits, &shape,
                                        key, key_len, msg, msg_len, got), LX_OK);
            n_tree++;
        } else {
            hash_bits(&skein_v13, block_bits, out_bits, key, key_len, msg, msg_bits, got);
        }
        if (memcmp(got, want, want_len) != 0)
            fail_msg("case %zu: Skein-%u-%u msg_bits %zu%s%s differs", i, block_bits,
                     (unsigned)out_bits, msg_bits, key ? " MAC" : "", tree ? " tree" : "");

        /* The table-driven path must agree with the specialised one. */
        if (tree == NULL) {
            memset(got, 0, want_len);
            hash_bits(&generic, block_bits, out_bits, key, key_len, msg, msg_bits, got);
            if (memcmp(got, want, want_len) != 0)
                fail_msg("case %zu: table-driven path differs", i);
        }
        n_run++;
        free(got);
        free(key);
        free(msg);
        free(want);
    }
    json_free(root);
    free(text);
    assert_int_equal(n_run, 491);
    assert_int_equal(n_tree, 35);
    assert_int_equal(n_mac, 114);
}

struct nexus_layer {
    const char *field;
    unsigned block_bits;
    uint64_t out_bits;
};

static const struct nexus_layer nexus_layers[] = {
    { "Skein_256_32", 256, 32 },
    { "Skein_256_64", 256, 64 },
    { "Skein_256_256", 256, 256 },
    { "Skein_512_512", 512, 512 },
    { "Skein_1024_1024", 1024, 1024 },
};

static void test_nexus_v11(void **state)
{
    const char *rel = "fixtures/nexus/vectors/hashes.json";
    size_t text_len, n_vecs, n_checked = 0;
    char *text = vec_load(rel, &text_len);
    struct json *root;
    const struct json *vecs;
    struct skein_params generic = table_only(&skein_v11_nexus);
    (void)state;

    if (text == NULL)
        fail_msg("missing vector file %s", rel);
    root = json_parse(text, text_len);
    assert_non_null(root);
    vecs = json_get(root, "vectors");
    n_vecs = json_len(vecs);
    assert_true(n_vecs >= 15);

    for (size_t i = 0; i < n_vecs; i++) {
        const struct json *v = json_at(vecs, i);
        size_t in_len;
        uint8_t *in = hex_field(v, "input_hex", &in_len);

        for (size_t k = 0; k < sizeof(nexus_layers) / sizeof(nexus_layers[0]); k++) {
            const struct nexus_layer *l = &nexus_layers[k];
            size_t want_len;
            uint8_t *want = hex_field(v, l->field, &want_len);
            uint8_t got[128];

            assert_int_equal(want_len, SKEIN_OUT_BYTES(l->out_bits));
            assert_int_equal(skein(&skein_v11_nexus, l->block_bits, l->out_bits,
                                   in, in_len, got), LX_OK);
            if (memcmp(got, want, want_len) != 0)
                fail_msg("vector %zu (%zu bytes): %s differs", i, in_len, l->field);
            memset(got, 0, sizeof(got));
            assert_int_equal(skein(&generic, l->block_bits, l->out_bits,
                                   in, in_len, got), LX_OK);
            if (memcmp(got, want, want_len) != 0)
                fail_msg("vector %zu: %s differs on the table-driven path", i, l->field);
            n_checked++;
            free(want);
        }
        free(in);
    }
    json_free(root);
    free(text);
    assert_int_equal(n_checked, 5 * n_vecs);
}

/* The two versions differ, as documented for the empty message. */
static void test_versions_differ(void **state)
{
    static const uint8_t v13[4] = { 0xc8, 0x87, 0x70, 0x87 };
    static const uint8_t v11[4] = { 0xbc, 0x27, 0x63, 0xf7 };
    uint8_t out[32];
    (void)state;

    assert_int_equal(skein(&skein_v13, 256, 256, "", 0, out), LX_OK);
    assert_memory_equal(out, v13, 4);
    assert_int_equal(skein(&skein_v11_nexus, 256, 256, NULL, 0, out), LX_OK);
    assert_memory_equal(out, v11, 4);
}

/* Each tabulated IV is the chaining value the Config block gives. */
static void test_tabulated_ivs(void **state)
{
    const struct skein_params *sets[2] = { &skein_v13, &skein_v11_nexus };
    (void)state;

    for (int v = 0; v < 2; v++) {
        struct skein_params computed = table_only(sets[v]);
        for (int i = 0; i < 3; i++) {
            unsigned bits = block_sizes[i];
            struct skein_ctx a, b;

            assert_non_null(sets[v]->iv[i]);
            assert_int_equal(skein_init(&a, sets[v], bits, bits), LX_OK);
            assert_int_equal(skein_init(&b, &computed, bits, bits), LX_OK);
            assert_memory_equal(a.h, b.h, bits / 8);
            assert_memory_equal(a.h, sets[v]->iv[i], bits / 8);
            assert_memory_equal(a.t, b.t, sizeof(a.t));
        }
    }
}

static void fill(uint8_t *buf, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        buf[i] = (uint8_t)(seed >> 16);
    }
}

/* Every two-way split, three-way splits and byte-at-a-time feeding equal
 * one-shot, for lengths around one, two and three blocks. */
static void check_splits(const struct skein_params *p, unsigned block_bits,
                         const uint8_t *key, size_t key_len)
{
    size_t bb = block_bits / 8;
    const size_t lens[] = { 0, 1, bb - 1, bb, bb + 1, 2 * bb - 1, 2 * bb,
                            2 * bb + 1, 3 * bb, 3 * bb + 7 };
    uint8_t msg[3 * 128 + 7], want[64], got[64];
    struct skein_ctx c;

    fill(msg, sizeof(msg), block_bits + (uint32_t)key_len);
    for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
        size_t len = lens[li];

        assert_int_equal(skein_mac(p, block_bits, 512, key, key_len, msg, len, want), LX_OK);
        for (size_t a = 0; a <= len; a++) {
            assert_int_equal(skein_init_mac(&c, p, block_bits, 512, key, key_len), LX_OK);
            assert_int_equal(skein_update(&c, msg, a), LX_OK);
            assert_int_equal(skein_update(&c, msg + a, len - a), LX_OK);
            assert_int_equal(skein_final(&c, got), LX_OK);
            if (memcmp(got, want, sizeof(want)) != 0)
                fail_msg("Skein-%u len %zu split at %zu differs", block_bits, len, a);

            size_t b = a + (len - a) / 2;
            assert_int_equal(skein_init_mac(&c, p, block_bits, 512, key, key_len), LX_OK);
            assert_int_equal(skein_update(&c, msg, a), LX_OK);
            assert_int_equal(skein_update(&c, NULL, 0), LX_OK);
            assert_int_equal(skein_update(&c, msg + a, b - a), LX_OK);
            assert_int_equal(skein_update(&c, msg + b, len - b), LX_OK);
            assert_int_equal(skein_final(&c, got), LX_OK);
            assert_memory_equal(got, want, sizeof(want));
        }
        assert_int_equal(skein_init_mac(&c, p, block_bits, 512, key, key_len), LX_OK);
        for (size_t i = 0; i < len; i++)
            assert_int_equal(skein_update(&c, msg + i, 1), LX_OK);
        assert_int_equal(skein_final(&c, got), LX_OK);
        assert_memory_equal(got, want, sizeof(want));

        /* Whole bytes through skein_update_bits are the same input. */
        assert_int_equal(skein_init_mac(&c, p, block_bits, 512, key, key_len), LX_OK);
        assert_int_equal(skein_update_bits(&c, msg, len * 8), LX_OK);
        assert_int_equal(skein_final(&c, got), LX_OK);
        assert_memory_equal(got, want, sizeof(want));
    }
}

static void test_incremental(void **state)
{
    uint8_t key[200];
    (void)state;

    fill(key, sizeof(key), 7);
    for (int i = 0; i < 3; i++) {
        check_splits(&skein_v13, block_sizes[i], NULL, 0);
        check_splits(&skein_v11_nexus, block_sizes[i], NULL, 0);
        check_splits(&skein_v13, block_sizes[i], key, 1);
        check_splits(&skein_v13, block_sizes[i], key, block_sizes[i] / 8);
        check_splits(&skein_v13, block_sizes[i], key, sizeof(key));
    }
}

/* A partial last byte after whole bytes streamed in pieces equals the same
 * bits in one call, and only the top bits of that byte count. */
static void test_partial_byte(void **state)
{
    uint8_t msg[300], a[64], b[64];
    struct skein_ctx c;
    (void)state;

    fill(msg, sizeof(msg), 99);
    for (int i = 0; i < 3; i++) {
        unsigned bs = block_sizes[i];
        size_t bb = bs / 8;
        const size_t nbits[] = { 1, 7, 8 * bb - 1, 8 * bb + 3, 16 * bb + 5 };

        for (size_t k = 0; k < sizeof(nbits) / sizeof(nbits[0]); k++) {
            size_t nb = nbits[k], whole = nb / 8;

            hash_bits(&skein_v13, bs, 512, NULL, 0, msg, nb, a);
            assert_int_equal(skein_init(&c, &skein_v13, bs, 512), LX_OK);
            assert_int_equal(skein_update(&c, msg, whole / 2), LX_OK);
            assert_int_equal(skein_update_bits(&c, msg + whole / 2, nb - 8 * (whole / 2)), LX_OK);
            assert_int_equal(skein_final(&c, b), LX_OK);
            assert_memory_equal(a, b, sizeof(a));

            /* Flipping an unused low bit of the last byte changes nothing. */
            uint8_t saved = msg[whole];
            msg[whole] ^= (uint8_t)(1u << (7 - nb % 8 - (nb % 8 != 7 ? 1 : 0)));
            if (nb % 8 != 7) {
                hash_bits(&skein_v13, bs, 512, NULL, 0, msg, nb, b);
                assert_memory_equal(a, b, sizeof(a));
            }
            msg[whole] = saved;
            /* The bit count matters: one bit more is another message. */
            hash_bits(&skein_v13, bs, 512, NULL, 0, msg, nb + 1, b);
            assert_memory_not_equal(a, b, sizeof(a));
        }
    }
}

/* Output lengths: each is a different hash (the length is in Config), and
 * long outputs span several Output-stage counter blocks. */
static void test_output_lengths(void **state)
{
    uint8_t a[300], b[300];
    (void)state;

    for (int i = 0; i < 3; i++) {
        unsigned bs = block_sizes[i];

        assert_int_equal(skein(&skein_v13, bs, 2056, "abc", 3, a), LX_OK);
        assert_int_equal(skein(&skein_v13, bs, 2048, "abc", 3, b), LX_OK);
        assert_memory_not_equal(a, b, 256);
        /* Odd bit lengths give whole bytes out and differ from the next size. */
        assert_int_equal(skein(&skein_v13, bs, 13, "abc", 3, a), LX_OK);
        assert_int_equal(skein(&skein_v13, bs, 16, "abc", 3, b), LX_OK);
        assert_memory_not_equal(a, b, 2);
        assert_int_equal(skein(&skein_v13, bs, 1, "abc", 3, a), LX_OK);
    }
}

static void test_bad_params(void **state)
{
    struct skein_ctx c;
    uint8_t out[128], one = 0;
    const struct skein_tree_shape ok = { 1, 1, 255 };
    const struct skein_tree_shape bad[] = { { 0, 1, 255 }, { 1, 0, 255 }, { 1, 1, 1 },
                                            { 57, 1, 2 }, { 1, 57, 2 } };
    (void)state;

    assert_int_equal(skein_init(&c, &skein_v13, 0, 256), LX_ERR_PARAM);
    assert_int_equal(skein_init(&c, &skein_v13, 128, 256), LX_ERR_PARAM);
    assert_int_equal(skein_init(&c, &skein_v13, 2048, 256), LX_ERR_PARAM);
    assert_int_equal(skein_init(&c, &skein_v13, 257, 256), LX_ERR_PARAM);
    assert_int_equal(skein_init(&c, &skein_v13, 256, 0), LX_ERR_PARAM);
    assert_int_equal(skein_init(&c, NULL, 256, 256), LX_ERR_PARAM);
    assert_int_equal(skein_init(NULL, &skein_v13, 256, 256), LX_ERR_PARAM);
    assert_int_equal(skein_init_mac(&c, &skein_v13, 256, 256, NULL, 1), LX_ERR_PARAM);
    assert_int_equal(skein_init_mac(&c, &skein_v13, 256, 256, NULL, 0), LX_OK);
    assert_int_equal(skein_update(&c, NULL, 1), LX_ERR_PARAM);
    assert_int_equal(skein_final(&c, NULL), LX_ERR_PARAM);
    assert_int_equal(skein(&skein_v13, 512, 0, "", 0, out), LX_ERR_PARAM);
    assert_int_equal(skein(&skein_v13, 512, 512, "", 0, NULL), LX_ERR_PARAM);
    assert_int_equal(skein(&skein_v13, 384, 512, "", 0, out), LX_ERR_PARAM);

    /* Nothing may follow a partial byte; a used context is dead. */
    assert_int_equal(skein_init(&c, &skein_v13, 512, 512), LX_OK);
    assert_int_equal(skein_update_bits(&c, &one, 3), LX_OK);
    assert_int_equal(skein_update(&c, &one, 1), LX_ERR_STATE);
    assert_int_equal(skein_update_bits(&c, &one, 1), LX_ERR_STATE);
    assert_int_equal(skein_final(&c, out), LX_OK);
    assert_int_equal(skein_update(&c, &one, 1), LX_ERR_STATE);
    assert_int_equal(skein_final(&c, out), LX_ERR_STATE);

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(skein_tree(&skein_v13, 256, 256, &bad[i], NULL, 0, "", 0, out),
                         LX_ERR_PARAM);
    assert_int_equal(skein_tree(&skein_v13, 256, 256, NULL, NULL, 0, "", 0, out), LX_ERR_PARAM);
    assert_int_equal(skein_tree(&skein_v13, 256, 0, &ok, NULL, 0, "", 0, out), LX_ERR_PARAM);
    assert_int_equal(skein_tree(&skein_v13, 640, 256, &ok, NULL, 0, "", 0, out), LX_ERR_PARAM);
    assert_int_equal(skein_tree(&skein_v13, 256, 256, &ok, NULL, 0, NULL, 1, out), LX_ERR_PARAM);
    /* A tree deeper than SKEIN_TREE_MAX_LEVELS is refused before any input
     * is read (so the 1-byte buffer is never overrun). */
    assert_int_equal(skein_tree(&skein_v13, 256, 256, &ok, NULL, 0, &one, SIZE_MAX, out),
                     LX_ERR_PARAM);
    assert_int_equal(skein_tree(&skein_v13, 256, 256, &ok, NULL, 0, NULL, 0, out), LX_OK);
}

/* Tree mode with a message that fits one leaf, and the max-height rule:
 * with Y_m = 2 every leaf feeds one root node directly. Both must run
 * through the same code the KAT checks; here only their shape properties. */
static void test_tree_shapes(void **state)
{
    uint8_t msg[4096], a[64], b[64];
    const struct skein_tree_shape deep = { 1, 1, 255 }, flat = { 1, 1, 2 };
    (void)state;

    fill(msg, sizeof(msg), 3);
    /* Up to one node of leaves the max height makes no difference. */
    assert_int_equal(skein_tree(&skein_v13, 512, 512, &deep, NULL, 0, msg, 256, a), LX_OK);
    assert_int_equal(skein_tree(&skein_v13, 512, 512, &flat, NULL, 0, msg, 256, b), LX_OK);
    assert_memory_not_equal(a, b, 64);      /* Y_m is in Config */
    /* Deeper trees than Y_m allows collapse; results are stable. */
    assert_int_equal(skein_tree(&skein_v13, 512, 512, &flat, NULL, 0, msg, sizeof(msg), a), LX_OK);
    assert_int_equal(skein_tree(&skein_v13, 512, 512, &flat, NULL, 0, msg, sizeof(msg), b), LX_OK);
    assert_memory_equal(a, b, 64);
    /* A keyed tree differs from the unkeyed one. */
    assert_int_equal(skein_tree(&skein_v13, 512, 512, &flat, msg, 16, msg, sizeof(msg), b), LX_OK);
    assert_memory_not_equal(a, b, 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_golden_kat),
        cmocka_unit_test(test_nexus_v11),
        cmocka_unit_test(test_versions_differ),
        cmocka_unit_test(test_tabulated_ivs),
        cmocka_unit_test(test_incremental),
        cmocka_unit_test(test_partial_byte),
        cmocka_unit_test(test_output_lengths),
        cmocka_unit_test(test_bad_params),
        cmocka_unit_test(test_tree_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
