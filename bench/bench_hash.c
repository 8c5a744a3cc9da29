/*
 * Host benchmark for the hash library: our throughput next to OpenSSL's,
 * measured in the same run on the same buffer. It only measures and
 * prints (no thresholds).
 *
 * Fairness: both sides hash the same buffer the same number of times per
 * measurement; OpenSSL uses a digest fetched once and an EVP_MD_CTX reused
 * across calls (Init/Update/Final per message, like our one-shot call,
 * which also initialises a context); each side is warmed up; measurements
 * alternate ours/OpenSSL and each is repeated REPS times, reporting the
 * best (the least disturbed by other load) and the median.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "bench_clock.h"
#include "crypto/keccak.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"
#include "crypto/sk.h"

#define REPS 5
#define MIN_SECONDS 0.05        /* per measurement, after calibration */
#define MAX_LEN (1u << 20)

/* One thing to time: hash len bytes of buf into out. */
struct hasher {
    void (*fn)(const struct hasher *h, const uint8_t *buf, size_t len, uint8_t *out);
    const char *ossl_name;      /* OpenSSL side only */
    EVP_MD *md;
    EVP_MD_CTX *mctx;
};

static void ours_sha256(const struct hasher *h, const uint8_t *b, size_t n, uint8_t *o)
{
    (void)h;
    sha256(b, n, o);
}

static void ours_sha512(const struct hasher *h, const uint8_t *b, size_t n, uint8_t *o)
{
    (void)h;
    sha512(b, n, o);
}

static void ours_sha3_256(const struct hasher *h, const uint8_t *b, size_t n, uint8_t *o)
{
    (void)h;
    sha3_256(b, n, o);
}

static void ours_sk256(const struct hasher *h, const uint8_t *b, size_t n, uint8_t *o)
{
    (void)h;
    sk256(b, n, o);
}

static void ours_sk512(const struct hasher *h, const uint8_t *b, size_t n, uint8_t *o)
{
    (void)h;
    sk512(b, n, o);
}

static void ossl_digest(const struct hasher *h, const uint8_t *b, size_t n, uint8_t *o)
{
    unsigned int olen;

    if (EVP_DigestInit_ex(h->mctx, h->md, NULL) != 1 ||
        EVP_DigestUpdate(h->mctx, b, n) != 1 ||
        EVP_DigestFinal_ex(h->mctx, o, &olen) != 1) {
        fprintf(stderr, "bench_hash: OpenSSL %s failed\n", h->ossl_name);
        exit(1);
    }
}

/* Something the compiler cannot drop: every digest's first byte ends up here. */
static volatile uint8_t g_sink;

static double time_iters(const struct hasher *h, const uint8_t *buf, size_t len,
                         size_t iters)
{
    uint8_t out[128];
    uint8_t acc = 0;
    double t0 = now();

    for (size_t i = 0; i < iters; i++) {
        h->fn(h, buf, len, out);
        acc ^= out[0];
    }
    g_sink = acc;
    return now() - t0;
}

/* Iterations so that one measurement of h takes at least MIN_SECONDS. */
static size_t calibrate(const struct hasher *h, const uint8_t *buf, size_t len)
{
    size_t iters = 1;

    while (time_iters(h, buf, len, iters) < MIN_SECONDS)
        iters *= 2;
    return iters;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

struct result {
    double best, median;        /* MB/s (10^6 bytes per second) */
};

static struct result summarise(double secs[REPS], size_t bytes)
{
    struct result r;

    qsort(secs, REPS, sizeof(double), cmp_double);
    r.best = (double)bytes / secs[0] / 1e6;
    r.median = (double)bytes / secs[REPS / 2] / 1e6;
    return r;
}

static void print_row(const char *name, size_t len, struct result ours,
                      const struct result *ossl)
{
    char size[16];

    if (len >= (1u << 20))
        snprintf(size, sizeof(size), "%zu MiB", len >> 20);
    else if (len >= 1024)
        snprintf(size, sizeof(size), "%zu KiB", len >> 10);
    else
        snprintf(size, sizeof(size), "%zu B", len);
    printf("%-9s %8s %10.1f %10.1f", name, size, ours.best, ours.median);
    if (ossl)
        printf(" %10.1f %10.1f %9.2f\n", ossl->best, ossl->median,
               ours.best / ossl->best);
    else
        printf(" %10s %10s %9s\n", "-", "-", "-");
}

/* Measure ours (and OpenSSL's, if ossl_name) on len bytes and print a row. */
static void bench(const char *name, const struct hasher *ours,
                  const char *ossl_name, const uint8_t *buf, size_t len)
{
    struct hasher ossl = { ossl_digest, ossl_name, NULL, NULL };
    double t_ours[REPS], t_ossl[REPS];
    struct result r_ours, r_ossl = { 0, 0 };
    size_t iters;

    if (ossl_name) {
        ossl.md = EVP_MD_fetch(NULL, ossl_name, NULL);
        ossl.mctx = EVP_MD_CTX_new();
        if (!ossl.md || !ossl.mctx) {
            fprintf(stderr, "bench_hash: OpenSSL has no %s\n", ossl_name);
            exit(1);
        }
    }
    /* Calibrating on ours doubles as its warm-up; OpenSSL gets its own. */
    iters = calibrate(ours, buf, len);
    if (ossl_name)
        time_iters(&ossl, buf, len, iters / 4 + 1);
    for (int i = 0; i < REPS; i++) {
        t_ours[i] = time_iters(ours, buf, len, iters);
        if (ossl_name)
            t_ossl[i] = time_iters(&ossl, buf, len, iters);
    }
    r_ours = summarise(t_ours, iters * len);
    if (ossl_name) {
        r_ossl = summarise(t_ossl, iters * len);
        EVP_MD_CTX_free(ossl.mctx);
        EVP_MD_free(ossl.md);
    }
    print_row(name, len, r_ours, ossl_name ? &r_ossl : NULL);
    fflush(stdout);
}

static void print_cpu(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[256];

    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *p = strchr(line, ':');
            printf("cpu: %s", p ? p + 2 : line);
            break;
        }
    }
    fclose(f);
}

int main(void)
{
    static const struct hasher h_sha256 = { ours_sha256, NULL, NULL, NULL };
    static const struct hasher h_sha512 = { ours_sha512, NULL, NULL, NULL };
    static const struct hasher h_sha3_256 = { ours_sha3_256, NULL, NULL, NULL };
    static const struct hasher h_sk256 = { ours_sk256, NULL, NULL, NULL };
    static const struct hasher h_sk512 = { ours_sk512, NULL, NULL, NULL };
    uint8_t *buf = malloc(MAX_LEN);

    if (!buf)
        return 1;
    for (size_t i = 0; i < MAX_LEN; i++)
        buf[i] = (uint8_t)(i * 131 + (i >> 8));

    printf("bench_hash: ours vs %s, MB/s = 10^6 bytes/s, best and median of %d\n",
           OpenSSL_version(OPENSSL_VERSION), REPS);
    print_cpu();
    printf("%-9s %8s %10s %10s %10s %10s %9s\n", "algorithm", "size", "ours best",
           "ours med", "ossl best", "ossl med", "ours/ossl");
    bench("SHA-256", &h_sha256, "SHA256", buf, 64);
    bench("SHA-256", &h_sha256, "SHA256", buf, 4096);
    bench("SHA-256", &h_sha256, "SHA256", buf, 1u << 20);
    bench("SHA-512", &h_sha512, "SHA512", buf, 64);
    bench("SHA-512", &h_sha512, "SHA512", buf, 4096);
    bench("SHA-512", &h_sha512, "SHA512", buf, 1u << 20);
    bench("SHA3-256", &h_sha3_256, "SHA3-256", buf, 64);
    bench("SHA3-256", &h_sha3_256, "SHA3-256", buf, 4096);
    bench("SHA3-256", &h_sha3_256, "SHA3-256", buf, 1u << 20);
    bench("SK256", &h_sk256, NULL, buf, 4096);
    bench("SK512", &h_sk512, NULL, buf, 4096);
    free(buf);
    return 0;
}
