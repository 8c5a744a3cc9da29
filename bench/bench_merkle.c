/*
 * Host benchmark for lib/merkle: fs-verity tree building on a 64 MiB
 * buffer (SHA-256, 4 KiB blocks) next to the hashing it is made of: our
 * SHA-256 over the 4 KiB blocks one at a time, the same blocks two at a
 * time through sha256_x2, and OpenSSL's SHA-256 over the same blocks
 * (EVP context reused, like our per-block call). Also the RFC 9162 tree
 * head over 1M leaves, and `fsverity digest` on the same data as a file
 * for reference (exec and page-cache read included). Only measures and
 * prints; best and median of REPS runs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "bench_clock.h"
#include "crypto/sha256.h"
#include "crypto/sha256_multi.h"
#include "merkle/fsverity.h"
#include "merkle/log.h"

#define SIZE (64u << 20)
#define BS 4096u
#define REPS 5

static uint8_t *buf;
static uint8_t sink[32];

static void run_tree(void)
{
    struct fsverity_params p;
    struct fsverity_builder b;
    uint8_t root[64];

    fsverity_params_default(&p, NULL, 0);
    fsverity_builder_init(&b, &p, NULL, NULL);
    fsverity_builder_update(&b, buf, SIZE);
    fsverity_builder_final(&b, root, NULL);
    sink[0] ^= root[0];
}

static void run_tree_salted(void)
{
    struct fsverity_params p;
    struct fsverity_builder b;
    uint8_t root[64];

    fsverity_params_default(&p, (const uint8_t *)"0123456789abcdef", 16);
    fsverity_builder_init(&b, &p, NULL, NULL);
    fsverity_builder_update(&b, buf, SIZE);
    fsverity_builder_final(&b, root, NULL);
    sink[0] ^= root[0];
}

static void run_blocks_single(void)
{
    uint8_t h[32];

    for (size_t off = 0; off < SIZE; off += BS) {
        sha256(buf + off, BS, h);
        sink[1] ^= h[0];
    }
}

static void run_blocks_x2(void)
{
    uint8_t h0[32], h1[32];

    for (size_t off = 0; off < SIZE; off += 2 * BS) {
        sha256_x2(buf + off, buf + off + BS, BS, h0, h1);
        sink[2] ^= h0[0] ^ h1[0];
    }
}

static EVP_MD *md;
static EVP_MD_CTX *mctx;

static void run_blocks_openssl(void)
{
    uint8_t h[32];
    unsigned n;

    for (size_t off = 0; off < SIZE; off += BS) {
        EVP_DigestInit_ex(mctx, md, NULL);
        EVP_DigestUpdate(mctx, buf + off, BS);
        EVP_DigestFinal_ex(mctx, h, &n);
        sink[3] ^= h[0];
    }
}

static int leaf(void *arg, uint64_t i, uint8_t out[32])
{
    (void)arg;
    memset(out, 0, 32);
    memcpy(out, &i, sizeof(i));
    return 0;
}

#define LEAVES (1u << 20)

static void run_log_head(void)
{
    uint8_t root[32];

    merkle_tree_head(LEAVES, leaf, NULL, root);
    sink[4] ^= root[0];
}

static char tmpfile_path[64];

static void run_fsverity_tool(void)
{
    char cmd[200];

    snprintf(cmd, sizeof(cmd), "fsverity digest --compact %s > /dev/null", tmpfile_path);
    if (system(cmd) != 0)
        sink[5] ^= 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static double measure(const char *name, void (*fn)(void), double bytes, const char *unit)
{
    double t[REPS];

    fn();                           /* warm up */
    for (int r = 0; r < REPS; r++) {
        double t0 = now();
        fn();
        t[r] = now() - t0;
    }
    qsort(t, REPS, sizeof(t[0]), cmp_double);
    printf("  %-44s best %8.1f %s  median %8.1f %s\n", name, bytes / t[0] / 1e6, unit,
           bytes / t[REPS / 2] / 1e6, unit);
    return bytes / t[0];
}

int main(void)
{
    buf = malloc(SIZE);
    if (buf == NULL)
        return 1;
    for (size_t i = 0; i < SIZE; i++)
        buf[i] = (uint8_t)(i * 2654435761u >> 13);
    md = EVP_MD_fetch(NULL, "SHA256", NULL);
    mctx = EVP_MD_CTX_new();

    printf("bench_merkle: 64 MiB buffer, SHA-256, 4096-byte blocks; interleaved path %s\n",
           sha256_x2_accelerated() ? "active (SHA-NI x2)" : "not available");
    double tree = measure("fs-verity tree build (ours, x2)", run_tree, SIZE, "MB/s");
    measure("fs-verity tree build, 16-byte salt (ours)", run_tree_salted, SIZE, "MB/s");
    double single = measure("4 KiB blocks one at a time (our sha256)", run_blocks_single, SIZE, "MB/s");
    double x2 = measure("4 KiB blocks two at a time (sha256_x2)", run_blocks_x2, SIZE, "MB/s");
    double ossl = measure("4 KiB blocks one at a time (OpenSSL EVP)", run_blocks_openssl, SIZE, "MB/s");
    measure("RFC 9162 tree head, 2^20 leaves", run_log_head, LEAVES, "Mleaf/s");

    printf("  ratios: tree/ours-single %.2fx, x2/ours-single %.2fx, tree/OpenSSL-blocks %.2fx\n",
           tree / single, x2 / single, tree / ossl);

    snprintf(tmpfile_path, sizeof(tmpfile_path), "/tmp/bench_merkle_XXXXXX");
    int fd = mkstemp(tmpfile_path);
    if (fd >= 0 && write(fd, buf, SIZE) == (ssize_t)SIZE && system("command -v fsverity >/dev/null 2>&1") == 0) {
        close(fd);
        double tool = measure("`fsverity digest` same 64 MiB file (process)", run_fsverity_tool, SIZE, "MB/s");
        printf("  ratio: tree/fsverity-tool %.2fx\n", tree / tool);
    } else if (fd >= 0) {
        close(fd);
    }
    if (fd >= 0)
        unlink(tmpfile_path);
    EVP_MD_CTX_free(mctx);
    EVP_MD_free(md);
    free(buf);
    return sink[0] == 0x5a && sink[1] == 0x5a ? 2 : 0;
}
