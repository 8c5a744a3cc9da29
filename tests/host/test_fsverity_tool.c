/*
 * Interop with the real fs-verity tool (Debian fsverity-utils, host only):
 * for random files of 0, 1, 4095, 4096, 4097 bytes, 1 MB and 64 MiB, with
 * and without a salt, our file digest equals `fsverity digest --compact`
 * and our stored tree equals its --out-merkle-tree output byte for byte;
 * every block of the tool-built tree verifies with our verifier. Also a
 * differential check of the two-stream SHA-256 against OpenSSL.
 *
 * LX_FSVERITY_BIG=0 skips the 64 MiB file.
 */
#include "test.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "crypto/sha256_multi.h"
#include "merkle/fsverity.h"
#include "tool_run.h"

static char g_dir[] = "/tmp/lx_fsverity_XXXXXX";
static uint64_t rng_state = 0x4c582d4f53ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void fill_random(uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(rng() >> 24);
}

static void write_file(const char *path, const uint8_t *d, size_t n)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(d, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

struct sink {
    const struct fsverity_geometry *geo;
    uint8_t *tree;
    size_t emitted;
};

static int emit(void *arg, unsigned level, uint64_t off, const uint8_t *b, size_t n)
{
    struct sink *s = arg;

    if (level >= s->geo->levels || off + n > s->geo->level_blocks[level] * s->geo->block_size)
        return -1;
    memcpy(s->tree + s->geo->level_offset[level] + off, b, n);
    s->emitted += n;
    return 0;
}

struct src {
    const struct fsverity_geometry *geo;
    const uint8_t *tree;
};

static int read_tree(void *arg, unsigned level, uint64_t index, uint8_t *buf, size_t bs)
{
    const struct src *s = arg;

    if (level >= s->geo->levels || index >= s->geo->level_blocks[level])
        return -1;
    memcpy(buf, s->tree + s->geo->level_offset[level] + index * bs, bs);
    return 0;
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void one_file(size_t size, const uint8_t *salt, size_t salt_len)
{
    char file[256], tree_path[256], cmd[1024], salt_hex[80] = "", salt_opt[100] = "";
    uint8_t *data = malloc(size + 1), root[64], digest[64];
    struct fsverity_params p;
    struct fsverity_geometry g;
    struct fsverity_builder b;

    fill_random(data, size);
    snprintf(file, sizeof(file), "%s/f_%zu", g_dir, size);
    snprintf(tree_path, sizeof(tree_path), "%s/f_%zu.tree", g_dir, size);
    write_file(file, data, size);
    for (size_t i = 0; i < salt_len; i++)
        sprintf(salt_hex + 2 * i, "%02x", salt[i]);
    if (salt_len)
        snprintf(salt_opt, sizeof(salt_opt), " --salt=%s", salt_hex);
    snprintf(cmd, sizeof(cmd),
             "fsverity digest --compact --hash-alg=sha256 --block-size=4096%s --out-merkle-tree=%s %s",
             salt_opt, tree_path, file);

    double t0 = now();
    FILE *pp = popen(cmd, "r");
    assert_non_null(pp);
    char line[256] = "";
    assert_non_null(fgets(line, sizeof(line), pp));
    assert_int_equal(pclose(pp), 0);
    double t_tool = now() - t0;
    line[strcspn(line, "\r\n")] = 0;

    assert_int_equal(fsverity_params_default(&p, salt, salt_len), LX_OK);
    assert_int_equal(fsverity_tree_geometry(&p, size, &g), LX_OK);
    struct sink s = { &g, malloc(g.tree_size + 1), 0 };
    t0 = now();
    assert_int_equal(fsverity_builder_init(&b, &p, emit, &s), LX_OK);
    /* feed in uneven pieces, as a file reader would */
    for (size_t off = 0; off < size;) {
        size_t n = (size_t)(1 + rng() % (1 << 20));
        if (n > size - off)
            n = size - off;
        assert_int_equal(fsverity_builder_update(&b, data + off, n), LX_OK);
        off += n;
    }
    assert_int_equal(fsverity_builder_final(&b, root, digest), LX_OK);
    double t_ours = now() - t0;

    char ours[65];
    for (int i = 0; i < 32; i++)
        sprintf(ours + 2 * i, "%02x", digest[i]);
    if (strcmp(ours, line) != 0)
        fail_msg("size %zu salt %zu: ours %s, fsverity %s", size, salt_len, ours, line);

    size_t tool_tree_len;
    uint8_t *tool_tree = slurp(tree_path, &tool_tree_len);
    assert_int_equal(tool_tree_len, g.tree_size);
    assert_int_equal(s.emitted, g.tree_size);
    if (g.tree_size)
        assert_memory_equal(s.tree, tool_tree, g.tree_size);

    /* every block verifies against the tool's tree */
    if (size > 0 && size <= (1u << 20)) {
        struct fsverity_verifier v;
        static uint8_t cache[9 * 4096];
        struct src src = { &g, tool_tree };
        assert_int_equal(fsverity_verifier_init(&v, &p, size, root, read_tree, &src, cache, sizeof(cache)),
                         LX_OK);
        for (uint64_t i = 0; i < g.data_blocks; i++) {
            size_t n = i + 1 == g.data_blocks ? size - i * 4096 : 4096;
            assert_int_equal(fsverity_verify_block(&v, i, data + i * 4096, n), LX_OK);
        }
        assert_int_equal(v.tree_hashes, g.tree_size / 4096);
    }
    print_message("size %9zu salt %2zu: digest ok, tree %zu bytes ok (tool %.3f s incl. exec, ours %.3f s)\n",
                  size, salt_len, g.tree_size, t_tool, t_ours);
    unlink(file);
    unlink(tree_path);
    free(tool_tree);
    free(s.tree);
    free(data);
}

static void test_against_tool(void **state)
{
    (void)state;
    static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, 1000000, 64u << 20 };
    const char *big = getenv("LX_FSVERITY_BIG");
    uint8_t salt[32];
    int n = 0;

    assert_non_null(mkdtemp(g_dir));
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (sizes[i] > (1u << 20) && big != NULL && strcmp(big, "0") == 0)
            continue;
        one_file(sizes[i], NULL, 0);
        fill_random(salt, sizeof(salt));
        one_file(sizes[i], salt, 1 + (size_t)(rng() % 32));
        n += 2;
    }
    rmdir(g_dir);
    assert_true(n >= 12);
}

/* sha256_x2 == two OpenSSL SHA-256 calls, for lengths around block edges
 * and salted (prefixed) starts. */
static void test_x2_vs_openssl(void **state)
{
    (void)state;
    uint8_t a[5000], b[5000], oa[32], ob[32], wa[32], wb[32], pre[128];
    int n = 0;

    print_message("interleaved SHA-256 path %s\n", sha256_x2_accelerated() ? "active (SHA-NI)" : "not available");
    for (size_t len = 0; len < 300; len++) {
        for (int prefixed = 0; prefixed < 2; prefixed++) {
            struct sha256_ctx start;
            size_t pl = prefixed ? 64 * (1 + rng() % 2) : 0;
            fill_random(a, len);
            fill_random(b, len);
            fill_random(pre, pl);
            sha256_init(&start);
            sha256_update(&start, pre, pl);
            sha256_x2_from(&start, a, b, len, oa, ob);
            uint8_t cat[128 + 300];
            memcpy(cat, pre, pl);
            memcpy(cat + pl, a, len);
            SHA256(cat, pl + len, wa);
            memcpy(cat + pl, b, len);
            SHA256(cat, pl + len, wb);
            assert_memory_equal(oa, wa, 32);
            assert_memory_equal(ob, wb, 32);
            n++;
        }
    }
    for (size_t len = 4000; len < 5000; len += 37) {
        fill_random(a, len);
        fill_random(b, len);
        sha256_x2(a, b, len, oa, ob);
        SHA256(a, len, wa);
        SHA256(b, len, wb);
        assert_memory_equal(oa, wa, 32);
        assert_memory_equal(ob, wb, 32);
        /* the same message on both lanes */
        sha256_x2(a, a, len, oa, ob);
        assert_memory_equal(oa, wa, 32);
        assert_memory_equal(ob, wa, 32);
        n++;
    }
    assert_int_equal(n, 600 + 28);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_x2_vs_openssl),
        cmocka_unit_test(test_against_tool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
