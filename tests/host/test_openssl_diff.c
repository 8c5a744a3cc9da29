/*
 * Differential tests (host only): our SHA-256, SHA-512, SHA3-256, SHA3-512,
 * SHAKE256 and HMAC-SHA-256/512 against OpenSSL 3 on a few thousand random
 * inputs each. Lengths cluster around block and padding boundaries, our
 * side is fed through random update splits (and SHAKE is squeezed in
 * random pieces), and every piece lives in its own exact-size heap buffer
 * so that an over-read shows up under ASan.
 *
 * The PRNG seed is fixed and printed; LX_TEST_SEED=<number> overrides it
 * to reproduce or widen a run, LX_DIFF_CASES=<n> changes the case count.
 */
#include "test.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/hmac.h"
#include "crypto/keccak.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"

#define DEFAULT_SEED 0x4c582d4f53ULL  /* "LX-OS" */
#define DEFAULT_CASES 3000
#define MAX_MSG 5000
#define MAX_KEY 300
#define MAX_XOF 600
#define MAX_PIECES 48
#define MAX_REPORTS 5

static uint64_t g_seed = DEFAULT_SEED;
static unsigned g_cases = DEFAULT_CASES;

/* ---- PRNG (splitmix64: tiny, good enough, identical everywhere) ---------- */

struct rng {
    uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform-enough value in [0, n); n > 0. */
static size_t rng_below(struct rng *r, size_t n)
{
    return (size_t)(rng_next(r) % n);
}

static void rng_fill(struct rng *r, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)rng_next(r);
}

/* ---- lengths and split plans ---------------------------------------------- */

/*
 * A message length: a quarter of the time right at a block boundary or at
 * the edge where the length field no longer fits in the last block (pad =
 * bytes of 0x80 + length field, 1 for SHA-3), a quarter short, the rest
 * anywhere in [0, MAX_MSG].
 */
static size_t pick_len(struct rng *r, size_t block, size_t pad)
{
    static const int edge[] = { -2, -1, 0, 1, 2 };
    size_t k, len;

    switch (rng_below(r, 4)) {
    case 0:
        k = 1 + rng_below(r, 6);
        len = k * block;
        if (rng_below(r, 2))
            len -= pad;
        len = (size_t)((long)len + edge[rng_below(r, 5)]);
        return len > MAX_MSG ? MAX_MSG : len;
    case 1:
        return rng_below(r, 2 * block + 2);
    default:
        return rng_below(r, MAX_MSG + 1);
    }
}

/* An HMAC key length in [0, MAX_KEY], often right at the block size where
 * keys switch from padded to hashed. */
static size_t pick_key_len(struct rng *r, size_t block)
{
    if (rng_below(r, 4) == 0)
        return block - 1 + rng_below(r, 3);
    return rng_below(r, MAX_KEY + 1);
}

struct plan {
    size_t piece[MAX_PIECES];
    size_t n;
};

/*
 * Cut len bytes into pieces: all at once, uniformly random pieces, small
 * pieces (byte-by-byte-ish, with empty updates), or block-sized pieces
 * offset by a few bytes. After MAX_PIECES - 1 pieces the rest goes in one.
 */
static void plan_make(struct rng *r, size_t len, size_t block, struct plan *p)
{
    unsigned mode = (unsigned)rng_below(r, 4);
    size_t left = len;

    p->n = 0;
    while (left > 0 && p->n < MAX_PIECES - 1 && mode != 0) {
        size_t c;
        if (mode == 1)
            c = rng_below(r, left + 1);
        else if (mode == 2)
            c = rng_below(r, 9);
        else
            c = block * rng_below(r, 3) + rng_below(r, 3);
        if (c > left)
            c = left;
        p->piece[p->n++] = c;
        left -= c;
    }
    if (left > 0 || p->n == 0)
        p->piece[p->n++] = left;
}

static void plan_str(const struct plan *p, char *buf, size_t cap)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < p->n && used + 24 < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%zu",
                                 i ? "," : "", p->piece[i]);
    if (used + 24 >= cap)
        snprintf(buf + used, cap - used, ",...");
}

/* A copy of src in a heap block of exactly n bytes, so ASan catches reads
 * past the end (malloc(0) is avoided: 1 byte, of which none is read). */
static uint8_t *exact_copy(const uint8_t *src, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);

    assert_non_null(p);
    if (n)
        memcpy(p, src, n);
    return p;
}

/* ---- our side, one wrapper per algorithm ------------------------------------ */

/* Inputs of one case: message, optional key, output length, and the plans
 * for feeding the message and (XOF) reading the output. */
struct job {
    const uint8_t *msg;
    size_t len;
    const uint8_t *key;
    size_t klen;
    size_t out_len;
    struct plan in, out;
};

#define FEED(job, update_call)                                          \
    do {                                                                \
        size_t off_ = 0;                                                \
        for (size_t i_ = 0; i_ < (job)->in.n; i_++) {                   \
            size_t n_ = (job)->in.piece[i_];                            \
            uint8_t *piece = exact_copy((job)->msg + off_, n_);         \
            update_call;                                                \
            free(piece);                                                \
            off_ += n_;                                                 \
        }                                                               \
    } while (0)

static void ours_sha256_one(const struct job *j, uint8_t *out)
{
    sha256(j->msg, j->len, out);
}

static void ours_sha256_split(const struct job *j, uint8_t *out)
{
    struct sha256_ctx ctx;

    sha256_init(&ctx);
    FEED(j, sha256_update(&ctx, piece, n_));
    sha256_final(&ctx, out);
}

static void ours_sha512_one(const struct job *j, uint8_t *out)
{
    sha512(j->msg, j->len, out);
}

static void ours_sha512_split(const struct job *j, uint8_t *out)
{
    struct sha512_ctx ctx;

    sha512_init(&ctx);
    FEED(j, sha512_update(&ctx, piece, n_));
    sha512_final(&ctx, out);
}

static void ours_sha3_256_one(const struct job *j, uint8_t *out)
{
    sha3_256(j->msg, j->len, out);
}

static void ours_sha3_256_split(const struct job *j, uint8_t *out)
{
    struct keccak_ctx ctx;

    sha3_256_init(&ctx);
    FEED(j, sha3_256_update(&ctx, piece, n_));
    sha3_256_final(&ctx, out);
}

static void ours_sha3_512_one(const struct job *j, uint8_t *out)
{
    sha3_512(j->msg, j->len, out);
}

static void ours_sha3_512_split(const struct job *j, uint8_t *out)
{
    struct keccak_ctx ctx;

    sha3_512_init(&ctx);
    FEED(j, sha3_512_update(&ctx, piece, n_));
    sha3_512_final(&ctx, out);
}

static void ours_shake256_one(const struct job *j, uint8_t *out)
{
    shake256(j->msg, j->len, out, j->out_len);
}

/* Squeeze in the pieces of j->out, each into its own exact-size buffer. */
static void ours_shake256_split(const struct job *j, uint8_t *out)
{
    struct keccak_ctx ctx;
    size_t off = 0;

    shake256_init(&ctx);
    FEED(j, shake256_absorb(&ctx, piece, n_));
    for (size_t i = 0; i < j->out.n; i++) {
        size_t n = j->out.piece[i];
        uint8_t *p = malloc(n ? n : 1);
        assert_non_null(p);
        shake256_squeeze(&ctx, p, n);
        memcpy(out + off, p, n);
        free(p);
        off += n;
    }
}

static void ours_hmac256_one(const struct job *j, uint8_t *out)
{
    hmac_sha256(j->key, j->klen, j->msg, j->len, out);
}

static void ours_hmac256_split(const struct job *j, uint8_t *out)
{
    struct hmac_sha256_ctx ctx;

    hmac_sha256_init(&ctx, j->key, j->klen);
    FEED(j, hmac_sha256_update(&ctx, piece, n_));
    hmac_sha256_final(&ctx, out);
}

static void ours_hmac512_one(const struct job *j, uint8_t *out)
{
    hmac_sha512(j->key, j->klen, j->msg, j->len, out);
}

static void ours_hmac512_split(const struct job *j, uint8_t *out)
{
    struct hmac_sha512_ctx ctx;

    hmac_sha512_init(&ctx, j->key, j->klen);
    FEED(j, hmac_sha512_update(&ctx, piece, n_));
    hmac_sha512_final(&ctx, out);
}

/* ---- the differential loop ---------------------------------------------------- */

struct algo {
    const char *name;
    const char *ossl;       /* OpenSSL digest name */
    size_t block;           /* block (rate) size in bytes */
    size_t pad;             /* minimum padding bytes */
    size_t out_len;         /* digest size; 0 = XOF, random length */
    int keyed;              /* HMAC */
    uint64_t salt;          /* per-algorithm PRNG stream */
    void (*one)(const struct job *j, uint8_t *out);
    void (*split)(const struct job *j, uint8_t *out);
};

/* OpenSSL's answer for one job. md and mctx are reused across cases. */
static void ossl_compute(const struct algo *a, EVP_MD *md, EVP_MD_CTX *mctx,
                         const struct job *j, uint8_t *out)
{
    unsigned int n = 0;

    if (a->keyed) {
        assert_non_null(HMAC(md, j->key, (int)j->klen, j->msg, j->len, out, &n));
        assert_int_equal(n, a->out_len);
        return;
    }
    assert_int_equal(EVP_DigestInit_ex(mctx, md, NULL), 1);
    assert_int_equal(EVP_DigestUpdate(mctx, j->msg, j->len), 1);
    if (a->out_len == 0) {
        assert_int_equal(EVP_DigestFinalXOF(mctx, out, j->out_len), 1);
    } else {
        assert_int_equal(EVP_DigestFinal_ex(mctx, out, &n), 1);
        assert_int_equal(n, a->out_len);
    }
}

static void report(const struct algo *a, unsigned idx, const char *which,
                   const struct job *j)
{
    char in[200], out[200];

    plan_str(&j->in, in, sizeof(in));
    plan_str(&j->out, out, sizeof(out));
    print_message("MISMATCH %s (%s) case %u: len=%zu klen=%zu out_len=%zu "
                  "splits=[%s] squeeze=[%s]\n", a->name, which, idx, j->len,
                  j->klen, j->out_len, in, a->out_len ? "-" : out);
}

static void run_diff(const struct algo *a)
{
    struct rng r = { g_seed ^ a->salt };
    EVP_MD *md = EVP_MD_fetch(NULL, a->ossl, NULL);
    EVP_MD_CTX *mctx = EVP_MD_CTX_new();
    uint8_t *msg_buf = malloc(MAX_MSG), key_buf[MAX_KEY];
    uint8_t want[MAX_XOF], got[MAX_XOF];
    unsigned bad = 0;

    assert_non_null(md);
    assert_non_null(mctx);
    assert_non_null(msg_buf);
    for (unsigned i = 0; i < g_cases; i++) {
        struct job j;
        uint8_t *msg, *key = NULL;

        memset(&j, 0, sizeof(j));
        j.len = pick_len(&r, a->block, a->pad);
        rng_fill(&r, msg_buf, j.len);
        msg = exact_copy(msg_buf, j.len);
        j.msg = msg;
        if (a->keyed) {
            j.klen = pick_key_len(&r, a->block);
            rng_fill(&r, key_buf, j.klen);
            key = exact_copy(key_buf, j.klen);
            j.key = key;
        }
        j.out_len = a->out_len ? a->out_len : rng_below(&r, MAX_XOF + 1);
        plan_make(&r, j.len, a->block, &j.in);
        plan_make(&r, j.out_len, a->block, &j.out);

        ossl_compute(a, md, mctx, &j, want);

        memset(got, 0, sizeof(got));
        a->one(&j, got);
        if (memcmp(want, got, j.out_len) != 0 && bad++ < MAX_REPORTS)
            report(a, i, "one-shot", &j);
        memset(got, 0, sizeof(got));
        a->split(&j, got);
        if (memcmp(want, got, j.out_len) != 0 && bad++ < MAX_REPORTS)
            report(a, i, "incremental", &j);
        free(msg);
        free(key);
    }
    EVP_MD_CTX_free(mctx);
    EVP_MD_free(md);
    free(msg_buf);
    if (bad)
        fail_msg("%s: %u mismatches against OpenSSL in %u cases (seed %#llx)",
                 a->name, bad, g_cases, (unsigned long long)g_seed);
}

static const struct algo SHA256_A = {
    "SHA-256", "SHA256", 64, 9, 32, 0, 1, ours_sha256_one, ours_sha256_split
};
static const struct algo SHA512_A = {
    "SHA-512", "SHA512", 128, 17, 64, 0, 2, ours_sha512_one, ours_sha512_split
};
static const struct algo SHA3_256_A = {
    "SHA3-256", "SHA3-256", 136, 1, 32, 0, 3, ours_sha3_256_one, ours_sha3_256_split
};
static const struct algo SHA3_512_A = {
    "SHA3-512", "SHA3-512", 72, 1, 64, 0, 4, ours_sha3_512_one, ours_sha3_512_split
};
static const struct algo SHAKE256_A = {
    "SHAKE256", "SHAKE256", 136, 1, 0, 0, 5, ours_shake256_one, ours_shake256_split
};
static const struct algo HMAC256_A = {
    "HMAC-SHA-256", "SHA256", 64, 9, 32, 1, 6, ours_hmac256_one, ours_hmac256_split
};
static const struct algo HMAC512_A = {
    "HMAC-SHA-512", "SHA512", 128, 17, 64, 1, 7, ours_hmac512_one, ours_hmac512_split
};

static void test_sha256(void **state) { (void)state; run_diff(&SHA256_A); }
static void test_sha512(void **state) { (void)state; run_diff(&SHA512_A); }
static void test_sha3_256(void **state) { (void)state; run_diff(&SHA3_256_A); }
static void test_sha3_512(void **state) { (void)state; run_diff(&SHA3_512_A); }
static void test_shake256(void **state) { (void)state; run_diff(&SHAKE256_A); }
static void test_hmac_sha256(void **state) { (void)state; run_diff(&HMAC256_A); }
static void test_hmac_sha512(void **state) { (void)state; run_diff(&HMAC512_A); }

/* Read LX_TEST_SEED / LX_DIFF_CASES (any base strtoull accepts). */
static void read_env(void)
{
    const char *s = getenv("LX_TEST_SEED");
    const char *c = getenv("LX_DIFF_CASES");

    if (s && *s)
        g_seed = strtoull(s, NULL, 0);
    if (c && *c)
        g_cases = (unsigned)strtoul(c, NULL, 0);
    print_message("openssl_diff: seed %#llx (LX_TEST_SEED), %u cases per algorithm\n",
                  (unsigned long long)g_seed, g_cases);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256),
        cmocka_unit_test(test_sha512),
        cmocka_unit_test(test_sha3_256),
        cmocka_unit_test(test_sha3_512),
        cmocka_unit_test(test_shake256),
        cmocka_unit_test(test_hmac_sha256),
        cmocka_unit_test(test_hmac_sha512),
    };

    read_env();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
