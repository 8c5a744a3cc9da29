/*
 * rv64 benchmark for lib/merkle: retired instructions (rdinstret under
 * QEMU -icount shift=0, exact and independent of host load) for building
 * the fs-verity tree of a 1 MiB buffer, for hashing the same 4 KiB blocks
 * one by one with SHA-256 (the floor the tree build sits on), for a
 * sequential verified read of every block (cache sized to the tree), and
 * for RFC 9162 work: a tree head over 4096 leaves and the verification of
 * one inclusion proof in a tree of 2^20 leaves.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crypto/sha256.h"
#include "merkle/fsverity.h"
#include "merkle/log.h"

#define SIZE (1u << 20)
#define BS 4096u

static uint8_t buf[SIZE];
static uint8_t tree[64 * BS];
static uint8_t cache[4 * BS];
static struct fsverity_geometry geo;

static inline uint64_t instret(void)
{
    uint64_t x;

    __asm__ volatile("rdinstret %0" : "=r"(x));
    return x;
}

static int emit(void *arg, unsigned level, uint64_t off, const uint8_t *b, size_t n)
{
    (void)arg;
    memcpy(tree + geo.level_offset[level] + off, b, n);
    return 0;
}

static int read_tree(void *arg, unsigned level, uint64_t index, uint8_t *out, size_t bs)
{
    (void)arg;
    memcpy(out, tree + geo.level_offset[level] + index * bs, bs);
    return 0;
}

static int leaf(void *arg, uint64_t i, uint8_t out[32])
{
    (void)arg;
    memset(out, 0, 32);
    memcpy(out, &i, sizeof(i));
    return 0;
}

int main(void)
{
    struct fsverity_params p;
    struct fsverity_builder b;
    struct fsverity_verifier v;
    uint8_t root[64], h[32];
    uint64_t t0, t1;
    int bad = 0;

    for (size_t i = 0; i < SIZE; i++)
        buf[i] = (uint8_t)(i * 2654435761u >> 13);
    fsverity_params_default(&p, NULL, 0);
    fsverity_tree_geometry(&p, SIZE, &geo);

    t0 = instret();
    fsverity_builder_init(&b, &p, emit, NULL);
    fsverity_builder_update(&b, buf, SIZE);
    fsverity_builder_final(&b, root, NULL);
    t1 = instret();
    printf("bench_merkle rv64: fs-verity tree build, 1 MiB:        %8.2f instr/byte\n",
           (double)(t1 - t0) / SIZE);

    t0 = instret();
    for (size_t off = 0; off < SIZE; off += BS)
        sha256(buf + off, BS, h);
    t1 = instret();
    printf("bench_merkle rv64: SHA-256 of the 4 KiB blocks alone:  %8.2f instr/byte\n",
           (double)(t1 - t0) / SIZE);

    fsverity_verifier_init(&v, &p, SIZE, root, read_tree, NULL, cache, sizeof(cache));
    t0 = instret();
    for (uint64_t i = 0; i < SIZE / BS; i++)
        bad |= fsverity_verify_block(&v, i, buf + i * BS, BS) != LX_OK;
    t1 = instret();
    printf("bench_merkle rv64: verified sequential read, 1 MiB:    %8.2f instr/byte (%llu tree hashes)%s\n",
           (double)(t1 - t0) / SIZE, (unsigned long long)v.tree_hashes, bad ? " FAILED" : "");

    t0 = instret();
    merkle_tree_head(4096, leaf, NULL, h);
    t1 = instret();
    printf("bench_merkle rv64: RFC 9162 tree head, 4096 leaves:    %8.0f instr/leaf\n",
           (double)(t1 - t0) / 4096);

    /* inclusion proof of leaf 12345 in a 2^20 tree, built from 2^20 leaves
     * once (not measured), then verified */
    static uint8_t proof[MERKLE_MAX_PROOF * 32];
    uint8_t big_root[32], lh[32];
    size_t cnt;
    merkle_tree_head(1u << 20, leaf, NULL, big_root);
    merkle_inclusion_proof(12345, 1u << 20, leaf, NULL, proof, MERKLE_MAX_PROOF, &cnt);
    leaf(NULL, 12345, lh);
    t0 = instret();
    int r = merkle_verify_inclusion(12345, 1u << 20, lh, 32, proof, cnt * 32, big_root, 32);
    t1 = instret();
    printf("bench_merkle rv64: verify inclusion, 2^20 leaves:      %8llu instr (%zu hashes)%s\n",
           (unsigned long long)(t1 - t0), cnt, r == LX_OK ? "" : " FAILED");
    return bad || r != LX_OK;
}
