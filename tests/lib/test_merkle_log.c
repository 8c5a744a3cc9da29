/*
 * RFC 6962 / 9162 Merkle logs: the reference tree of transparency-dev
 * (hasher tests, node hashes, roots of sizes 0..8, every inclusion and
 * consistency proof of the 8-leaf tree), the transparency-dev probe files
 * (every mutated proof rejected, the happy paths accepted), a generation
 * <-> verification round trip for all sizes up to 40 leaves with every
 * one-hash-too-long / too-short / altered proof rejected.
 */
#include "test.h"

#include "crypto/sha256.h"
#include "merkle/log.h"
#include "vec.h"

#define MAXLEAVES 64

struct leaves {
    uint8_t h[MAXLEAVES][32];
    uint64_t n;
    uint64_t calls;
};

static int leaf_cb(void *arg, uint64_t i, uint8_t out[32])
{
    struct leaves *l = arg;

    if (i >= l->n)
        return -1;
    l->calls++;
    memcpy(out, l->h[i], 32);
    return 0;
}

static void hex32(const struct json *j, uint8_t out[32])
{
    size_t len;
    const char *s = json_str(j, &len);

    assert_non_null(s);
    assert_int_equal(vec_hex(s, len, out, 32), 32);
}

/* Proof array of hex strings -> flat bytes; returns the byte count. */
static size_t hex_proof(const struct json *arr, uint8_t *out)
{
    size_t n = json_len(arr);

    assert_true(n <= MERKLE_MAX_PROOF);
    for (size_t i = 0; i < n; i++)
        hex32(json_at(arr, i), out + 32 * i);
    return 32 * n;
}

static struct json *load_json(const char *rel, char **text)
{
    size_t len;

    *text = vec_load(rel, &len);
    if (*text == NULL)
        fail_msg("missing vector file %s", rel);
    struct json *j = json_parse(*text, len);
    assert_non_null(j);
    return j;
}

static void reference_leaves(const struct json *root, struct leaves *l)
{
    const struct json *lv = json_get(root, "leaves");

    l->n = json_len(lv);
    l->calls = 0;
    assert_int_equal(l->n, 8);
    for (size_t i = 0; i < l->n; i++) {
        size_t len, dl;
        const char *s = json_str(json_at(lv, i), &len);
        uint8_t *d = vec_hex_alloc(s, len, &dl);
        assert_non_null(d);
        merkle_leaf_hash(d, dl, l->h[i]);
        free(d);
    }
}

static void test_reference_tree(void **state)
{
    (void)state;
    char *text;
    struct json *j = load_json("vectors/merkle/rfc6962_reference_tree.json", &text);
    struct leaves l;
    uint8_t want[32], got[32], proof[MERKLE_MAX_PROOF * 32], gen[MERKLE_MAX_PROOF * 32];
    int n = 0;

    /* hasher tests */
    const struct json *ht = json_get(j, "hasher_tests");
    assert_int_equal(json_len(ht), 4);
    for (size_t i = 0; i < json_len(ht); i++) {
        const struct json *c = json_at(ht, i);
        size_t a, b;
        hex32(json_get(c, "value"), want);
        if (json_get(c, "leaf") != NULL) {
            const char *s = json_str(json_get(c, "leaf"), &a);
            uint8_t *d = vec_hex_alloc(s, a, &b);
            merkle_leaf_hash(d, b, got);
            free(d);
        } else if (json_get(c, "left") != NULL) {
            size_t la, lb;
            const char *s1 = json_str(json_get(c, "left"), &a);
            const char *s2 = json_str(json_get(c, "right"), &b);
            uint8_t *d1 = vec_hex_alloc(s1, a, &la), *d2 = vec_hex_alloc(s2, b, &lb);
            merkle_node_hash_bytes(d1, la, d2, lb, got);
            free(d1);
            free(d2);
        } else {
            assert_int_equal(merkle_tree_head(0, leaf_cb, &l, got), LX_OK);
        }
        assert_memory_equal(got, want, 32);
        n++;
    }

    reference_leaves(j, &l);
    /* node hashes by level: level k node i = MTH(D[i*2^k : (i+1)*2^k]) */
    const struct json *lv = json_get(j, "node_hashes_by_level");
    for (size_t k = 0; k < json_len(lv); k++) {
        for (size_t i = 0; i < json_len(json_at(lv, k)); i++) {
            hex32(json_at(json_at(lv, k), i), want);
            assert_int_equal(merkle_subtree_hash(i << k, (i + 1) << k, leaf_cb, &l, got), LX_OK);
            assert_memory_equal(got, want, 32);
            n++;
        }
    }
    const struct json *roots = json_get(j, "root_hashes_by_tree_size");
    assert_int_equal(json_len(roots), 9);
    uint8_t root_of[9][32];
    for (size_t s = 0; s < 9; s++) {
        hex32(json_at(roots, s), root_of[s]);
        assert_int_equal(merkle_tree_head(s, leaf_cb, &l, got), LX_OK);
        assert_memory_equal(got, root_of[s], 32);
        n++;
    }

    /* inclusion proofs: generated equal, and verify */
    const char *inc_keys[] = { "inclusion_proofs", "all_inclusion_proofs_derived" };
    int inc = 0;
    for (int f = 0; f < 2; f++) {
        const struct json *arr = json_get(j, inc_keys[f]);
        for (size_t i = 0; i < json_len(arr); i++) {
            const struct json *c = json_at(arr, i);
            uint64_t idx = (uint64_t)json_int(json_get(c, "leaf_index"));
            uint64_t size = (uint64_t)json_int(json_get(c, "tree_size"));
            size_t plen = hex_proof(json_get(c, "proof"), proof), cnt;
            assert_true(size <= 8);
            assert_int_equal(merkle_inclusion_proof(idx, size, leaf_cb, &l, gen, MERKLE_MAX_PROOF, &cnt),
                             LX_OK);
            assert_int_equal(cnt * 32, plen);
            if (plen)
                assert_memory_equal(gen, proof, plen);
            assert_int_equal(merkle_verify_inclusion(idx, size, l.h[idx], 32, proof, plen,
                                                     root_of[size], 32), LX_OK);
            inc++;
        }
    }
    assert_int_equal(inc, 5 + 36);

    const char *con_keys[] = { "consistency_proofs", "all_consistency_proofs_derived" };
    int con = 0;
    for (int f = 0; f < 2; f++) {
        const struct json *arr = json_get(j, con_keys[f]);
        for (size_t i = 0; i < json_len(arr); i++) {
            const struct json *c = json_at(arr, i);
            uint64_t s1 = (uint64_t)json_int(json_get(c, "size1"));
            uint64_t s2 = (uint64_t)json_int(json_get(c, "size2"));
            size_t plen = hex_proof(json_get(c, "proof"), proof), cnt;
            assert_true(s1 >= 1 && s1 <= s2 && s2 <= 8);
            assert_int_equal(merkle_consistency_proof(s1, s2, leaf_cb, &l, gen, MERKLE_MAX_PROOF, &cnt),
                             LX_OK);
            assert_int_equal(cnt * 32, plen);
            if (plen)
                assert_memory_equal(gen, proof, plen);
            assert_int_equal(merkle_verify_consistency(s1, s2, root_of[s1], 32, root_of[s2], 32,
                                                       proof, plen), LX_OK);
            con++;
        }
    }
    assert_int_equal(con, 5 + 36);
    assert_int_equal(n, 4 + 15 + 9);
    json_free(j);
    free(text);
}

/* ---- transparency-dev probes (base64) ---------------------------------- */

static int b64val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Standard padded base64; returns the byte count (asserts well-formed). */
static size_t b64(const char *s, uint8_t *out, size_t cap)
{
    size_t len = strlen(s), n = 0;
    uint32_t acc = 0;
    int bits = 0;

    assert_true(len % 4 == 0);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '=')
            break;
        int v = b64val(s[i]);
        assert_true(v >= 0);
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            assert_true(n < cap);
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    return n;
}

static size_t b64_field(const struct json *c, const char *key, uint8_t *out, size_t cap)
{
    const char *s = json_str(json_get(c, key), NULL);

    assert_non_null(s);
    return b64(s, out, cap);
}

/*
 * The verifiers take a proof as a flat array of 32-byte hashes, so a wire
 * decoder must refuse an element of any other size before calling them
 * (as a caller of the library would); *bad_elem reports that case.
 */
static size_t b64_proof(const struct json *arr, uint8_t *out, int *bad_elem)
{
    size_t total = 0;

    *bad_elem = 0;
    if (arr == NULL || json_type(arr) == JSON_NULL)
        return 0;
    assert_true(json_len(arr) <= MERKLE_MAX_PROOF);
    for (size_t i = 0; i < json_len(arr); i++) {
        uint8_t e[64];
        size_t n = b64(json_str(json_at(arr, i), NULL), e, sizeof(e));
        if (n != 32)
            *bad_elem = 1;
        memcpy(out + total, e, n);
        total += n;
    }
    return total;
}

static void test_inclusion_probes(void **state)
{
    (void)state;
    char *text;
    struct json *j = load_json("vectors/merkle/transparency_dev_inclusion_probes.json", &text);
    const struct json *probes = json_get(j, "probes");
    int ok = 0, rejected = 0, decoder_rejects = 0;

    assert_int_equal(json_len(probes), json_int(json_get(j, "count")));
    for (size_t i = 0; i < json_len(probes); i++) {
        const struct json *c = json_at(probes, i);
        uint8_t root[64], leaf[64], proof[MERKLE_MAX_PROOF * 64];
        size_t rl = b64_field(c, "root", root, sizeof(root));
        size_t ll = b64_field(c, "leafHash", leaf, sizeof(leaf));
        int bad_elem;
        size_t pl = b64_proof(json_get(c, "proof"), proof, &bad_elem);
        long long idx = json_int(json_get(c, "leafIdx")), size = json_int(json_get(c, "treeSize"));
        int r = bad_elem ? MERKLE_ERR_HASH_SIZE
                         : merkle_verify_inclusion((uint64_t)idx, (uint64_t)size, leaf, ll, proof, pl, root, rl);
        decoder_rejects += bad_elem;
        int want_err = json_bool(json_get(c, "wantErr"));

        if (want_err ? r == LX_OK : r != LX_OK)
            fail_msg("inclusion probe %s: got %d", json_str(json_get(c, "file"), NULL), r);
        assert_true(r == LX_OK || r <= -200);
        if (want_err)
            rejected++;
        else
            ok++;
    }
    assert_int_equal(ok, 6);
    assert_int_equal(rejected, 92);
    print_message("%d probes refused by the proof decoder (element not 32 bytes)\n", decoder_rejects);
    assert_int_equal(decoder_rejects, 10);
    json_free(j);
    free(text);
}

static void test_consistency_probes(void **state)
{
    (void)state;
    char *text;
    struct json *j = load_json("vectors/merkle/transparency_dev_consistency_probes.json", &text);
    const struct json *probes = json_get(j, "probes");
    int ok = 0, rejected = 0, decoder_rejects = 0;

    assert_int_equal(json_len(probes), json_int(json_get(j, "count")));
    for (size_t i = 0; i < json_len(probes); i++) {
        const struct json *c = json_at(probes, i);
        uint8_t r1[64], r2[64], proof[MERKLE_MAX_PROOF * 64];
        size_t l1 = b64_field(c, "root1", r1, sizeof(r1));
        size_t l2 = b64_field(c, "root2", r2, sizeof(r2));
        int bad_elem;
        size_t pl = b64_proof(json_get(c, "proof"), proof, &bad_elem);
        long long s1 = json_int(json_get(c, "size1")), s2 = json_int(json_get(c, "size2"));
        int r = bad_elem ? MERKLE_ERR_HASH_SIZE
                         : merkle_verify_consistency((uint64_t)s1, (uint64_t)s2, r1, l1, r2, l2, proof, pl);
        decoder_rejects += bad_elem;
        int want_err = json_bool(json_get(c, "wantErr"));

        if (want_err ? r == LX_OK : r != LX_OK)
            fail_msg("consistency probe %s: got %d", json_str(json_get(c, "file"), NULL), r);
        assert_true(r == LX_OK || r <= -200);
        if (want_err)
            rejected++;
        else
            ok++;
    }
    assert_int_equal(ok, 6);
    assert_int_equal(rejected, 92);
    print_message("%d probes refused by the proof decoder (element not 32 bytes)\n", decoder_rejects);
    assert_int_equal(decoder_rejects, 8);
    json_free(j);
    free(text);
}

/* ---- round trips --------------------------------------------------------- */

static void random_leaves(struct leaves *l, uint64_t n)
{
    l->n = n;
    for (uint64_t i = 0; i < n; i++) {
        uint8_t d[8];
        for (int k = 0; k < 8; k++)
            d[k] = (uint8_t)(i * 31 + (uint64_t)k * 7);
        merkle_leaf_hash(d, sizeof(d), l->h[i]);
    }
}

static void test_inclusion_round_trip(void **state)
{
    (void)state;
    struct leaves l;
    uint8_t root[32], proof[(MERKLE_MAX_PROOF + 1) * 32], bad[32];
    int n = 0;

    random_leaves(&l, 40);
    for (uint64_t size = 1; size <= 40; size++) {
        assert_int_equal(merkle_tree_head(size, leaf_cb, &l, root), LX_OK);
        for (uint64_t m = 0; m < size; m++) {
            size_t cnt, pl;
            assert_int_equal(merkle_inclusion_proof(m, size, leaf_cb, &l, proof, MERKLE_MAX_PROOF, &cnt),
                             LX_OK);
            pl = cnt * 32;
            assert_int_equal(merkle_verify_inclusion(m, size, l.h[m], 32, proof, pl, root, 32), LX_OK);
            /* one too long, one too short */
            memset(proof + pl, 0x5a, 32);
            assert_int_equal(merkle_verify_inclusion(m, size, l.h[m], 32, proof, pl + 32, root, 32),
                             MERKLE_ERR_PROOF_LENGTH);
            if (cnt > 0) {
                assert_true(merkle_verify_inclusion(m, size, l.h[m], 32, proof, pl - 32, root, 32) != LX_OK);
                /* every element altered */
                for (size_t k = 0; k < cnt; k++) {
                    proof[k * 32 + 7] ^= 0x10;
                    assert_int_equal(merkle_verify_inclusion(m, size, l.h[m], 32, proof, pl, root, 32),
                                     MERKLE_ERR_PROOF_ROOT);
                    proof[k * 32 + 7] ^= 0x10;
                }
                /* a wrong index or size */
                assert_true(merkle_verify_inclusion(m ^ 1, size, l.h[m], 32, proof, pl, root, 32) != LX_OK ||
                            (m ^ 1) >= size);
            }
            assert_int_equal(merkle_verify_inclusion(m, size, l.h[m], 32, proof, pl + 1, root, 32),
                             MERKLE_ERR_PROOF_LENGTH);
            assert_int_equal(merkle_verify_inclusion(m, size, l.h[m], 31, proof, pl, root, 32),
                             MERKLE_ERR_HASH_SIZE);
            memcpy(bad, l.h[m], 32);
            bad[0] ^= 1;
            assert_int_equal(merkle_verify_inclusion(m, size, bad, 32, proof, pl, root, 32),
                             MERKLE_ERR_PROOF_ROOT);
            assert_int_equal(merkle_verify_inclusion(size, size, l.h[m], 32, proof, pl, root, 32),
                             MERKLE_ERR_RANGE);
            n++;
        }
    }
    assert_int_equal(n, 40 * 41 / 2);
}

static void test_consistency_round_trip(void **state)
{
    (void)state;
    struct leaves l;
    uint8_t roots[41][32], proof[(MERKLE_MAX_PROOF + 1) * 32];
    int n = 0;

    random_leaves(&l, 40);
    for (uint64_t s = 0; s <= 40; s++)
        assert_int_equal(merkle_tree_head(s, leaf_cb, &l, roots[s]), LX_OK);
    for (uint64_t s2 = 1; s2 <= 40; s2++) {
        for (uint64_t s1 = 1; s1 <= s2; s1++) {
            size_t cnt, pl;
            assert_int_equal(merkle_consistency_proof(s1, s2, leaf_cb, &l, proof, MERKLE_MAX_PROOF, &cnt),
                             LX_OK);
            pl = cnt * 32;
            assert_int_equal(merkle_verify_consistency(s1, s2, roots[s1], 32, roots[s2], 32, proof, pl),
                             LX_OK);
            memset(proof + pl, 0x33, 32);
            assert_int_equal(merkle_verify_consistency(s1, s2, roots[s1], 32, roots[s2], 32, proof, pl + 32),
                             MERKLE_ERR_PROOF_LENGTH);
            if (cnt > 0)
                assert_true(merkle_verify_consistency(s1, s2, roots[s1], 32, roots[s2], 32, proof,
                                                      pl - 32) != LX_OK);
            for (size_t k = 0; k < cnt; k++) {
                proof[k * 32 + 3] ^= 0x80;
                assert_true(merkle_verify_consistency(s1, s2, roots[s1], 32, roots[s2], 32, proof, pl) != LX_OK);
                proof[k * 32 + 3] ^= 0x80;
            }
            /* against the wrong old or new root */
            if (s1 != s2) {
                assert_true(merkle_verify_consistency(s1, s2, roots[s1 - 1], 32, roots[s2], 32, proof, pl) != LX_OK);
                assert_true(merkle_verify_consistency(s1, s2, roots[s1], 32, roots[s2 - 1], 32, proof, pl) != LX_OK);
            }
            n++;
        }
    }
    assert_int_equal(n, 40 * 41 / 2);
    assert_int_equal(merkle_verify_consistency(0, 0, roots[0], 32, roots[0], 32, proof, 0), MERKLE_ERR_RANGE);
    assert_int_equal(merkle_verify_consistency(3, 2, roots[3], 32, roots[2], 32, proof, 32), MERKLE_ERR_RANGE);
    assert_int_equal(merkle_consistency_proof(0, 3, leaf_cb, &l, proof, MERKLE_MAX_PROOF, &(size_t){ 0 }),
                     MERKLE_ERR_RANGE);
}

/* Memory and time bounds: a head over many leaves calls back once per
 * leaf, and a big tree's proof generation stays within 64 hashes. */
static int counting_leaf(void *arg, uint64_t i, uint8_t out[32])
{
    uint64_t *calls = arg;

    (*calls)++;
    memset(out, 0, 32);
    memcpy(out, &i, sizeof(i));
    return 0;
}

static void test_bounds(void **state)
{
    (void)state;
    uint64_t calls = 0;
    uint8_t root[32], proof[MERKLE_MAX_PROOF * 32];
    size_t cnt;

    assert_int_equal(merkle_tree_head(100003, counting_leaf, &calls, root), LX_OK);
    assert_int_equal(calls, 100003);
    calls = 0;
    assert_int_equal(merkle_inclusion_proof(77777, 100003, counting_leaf, &calls, proof, MERKLE_MAX_PROOF, &cnt),
                     LX_OK);
    assert_true(calls < 100003);
    assert_int_equal(merkle_verify_inclusion(77777, 100003, (uint8_t[32]){ 0 }, 32, proof, cnt * 32, root, 32) ==
                         LX_OK, 0);
    uint8_t leaf[32] = { 0 };
    uint64_t idx = 77777;
    memcpy(leaf, &idx, sizeof(idx));
    assert_int_equal(merkle_verify_inclusion(77777, 100003, leaf, 32, proof, cnt * 32, root, 32), LX_OK);
    /* a 65-hash proof is refused before any hashing */
    uint8_t big[65 * 32] = { 0 };
    assert_int_equal(merkle_verify_inclusion(0, UINT64_MAX, leaf, 32, big, sizeof(big), root, 32),
                     MERKLE_ERR_PROOF_LENGTH);
    assert_int_equal(merkle_verify_inclusion(0, UINT64_MAX, leaf, 32, big, 64 * 32, root, 32),
                     MERKLE_ERR_PROOF_ROOT);
    assert_int_equal(merkle_verify_inclusion(0, UINT64_MAX, leaf, 32, big, 63 * 32, root, 32),
                     MERKLE_ERR_PROOF_LENGTH);
    /* too small an output buffer */
    assert_int_equal(merkle_inclusion_proof(5, 100003, counting_leaf, &calls, proof, 3, &cnt), LX_ERR_PARAM);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_tree),
        cmocka_unit_test(test_inclusion_probes),
        cmocka_unit_test(test_consistency_probes),
        cmocka_unit_test(test_inclusion_round_trip),
        cmocka_unit_test(test_consistency_round_trip),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
