/*
 * rv64 benchmark: retired instructions per message for the hash library,
 * read with rdinstret under QEMU (`-icount shift=0`), so the numbers are
 * exact instruction counts, independent of host load. The cost of an
 * empty measurement (the counter reads and the indirect call) is
 * subtracted; each hash is warmed up once and then measured RUNS times,
 * and the minimum is reported together with whether every run agreed.
 */
#include <stdint.h>
#include <stdio.h>

#include "crypto/keccak.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"
#include "crypto/sk.h"

#define RUNS 5
#define MAX_LEN 4096

typedef void (*hash_fn)(const uint8_t *buf, size_t len, uint8_t *out);

static inline uint64_t instret(void)
{
    uint64_t x;

    __asm__ volatile("rdinstret %0" : "=r"(x));
    return x;
}

/* The wrappers are noinline so that every measurement, including the
 * empty one, pays exactly the same call overhead. */
static __attribute__((noinline)) void h_empty(const uint8_t *b, size_t n, uint8_t *o)
{
    (void)b;
    (void)n;
    __asm__ volatile("" : : "r"(o) : "memory");
}

static __attribute__((noinline)) void h_sha256(const uint8_t *b, size_t n, uint8_t *o)
{
    sha256(b, n, o);
}

static __attribute__((noinline)) void h_sha512(const uint8_t *b, size_t n, uint8_t *o)
{
    sha512(b, n, o);
}

static __attribute__((noinline)) void h_sha3_256(const uint8_t *b, size_t n, uint8_t *o)
{
    sha3_256(b, n, o);
}

static __attribute__((noinline)) void h_sk256(const uint8_t *b, size_t n, uint8_t *o)
{
    sk256(b, n, o);
}

static __attribute__((noinline)) void h_sk512(const uint8_t *b, size_t n, uint8_t *o)
{
    sk512(b, n, o);
}

struct count {
    uint64_t min, max;
};

static struct count measure(hash_fn fn, const uint8_t *buf, size_t len)
{
    uint8_t out[128];
    struct count c = { UINT64_MAX, 0 };

    fn(buf, len, out);                  /* warm-up (caches, TLB, first-touch) */
    for (int i = 0; i < RUNS; i++) {
        uint64_t t0 = instret();
        fn(buf, len, out);
        uint64_t d = instret() - t0;
        if (d < c.min)
            c.min = d;
        if (d > c.max)
            c.max = d;
    }
    return c;
}

static void row(const char *name, hash_fn fn, const uint8_t *buf, size_t len,
                uint64_t empty)
{
    struct count c = measure(fn, buf, len);
    uint64_t n = c.min - empty;
    /* instructions per byte with two decimals, in integer arithmetic */
    uint64_t centi = (n * 100 + len / 2) / len;

    printf("%-9s %6zu %12llu %9llu.%02llu  %s\n", name, len, (unsigned long long)n,
           (unsigned long long)(centi / 100), (unsigned long long)(centi % 100),
           c.min == c.max ? "yes" : "NO");
}

int main(void)
{
    static uint8_t buf[MAX_LEN];
    static const struct {
        const char *name;
        hash_fn fn;
    } algs[] = {
        { "SHA-256", h_sha256 },
        { "SHA-512", h_sha512 },
        { "SHA3-256", h_sha3_256 },
        { "SK256", h_sk256 },
        { "SK512", h_sk512 },
    };
    static const size_t sizes[] = { 64, MAX_LEN };
    struct count empty;

    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 131 + (i >> 8));
    empty = measure(h_empty, buf, 0);

    printf("bench_icount: rv64 retired instructions (rdinstret, QEMU -icount shift=0)\n");
    printf("empty measurement: %llu instructions (subtracted)%s\n",
           (unsigned long long)empty.min, empty.min == empty.max ? "" : " NOT STABLE");
    printf("%-9s %6s %12s %12s  %s\n", "algorithm", "bytes", "instructions",
           "instr/byte", "all runs equal");
    for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
        for (size_t a = 0; a < sizeof(algs) / sizeof(algs[0]); a++)
            row(algs[a].name, algs[a].fn, buf, sizes[s], empty.min);
    return 0;
}
