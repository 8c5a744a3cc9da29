/*
 * Host benchmark: brainpoolP512t1 ECDSA verifications per second, ours
 * (lib/crypto/ecdsa_bp512.h) next to OpenSSL's, in the same run, on the
 * same key, 64-byte digest and DER signature (made by OpenSSL), plus the
 * ratio. Both sides do the full job per call: decode the public key (ours
 * from its 65-byte compressed form, like Nexus; OpenSSL gets a ready
 * EVP_PKEY, which favours it) and the DER signature, then verify. Each side
 * is warmed up; measurements alternate and are repeated REPS times; the
 * best is reported. It only measures and prints (no thresholds).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "bench_clock.h"
#include "crypto/ecdsa_bp512.h"

#define REPS 5
#define MIN_SECONDS 0.3

static void die(const char *what)
{
    fprintf(stderr, "bench_ecdsa: %s failed\n", what);
    exit(1);
}

struct job {
    uint8_t pub[65];
    uint8_t digest[64];
    uint8_t sig[160];
    size_t sig_len;
    EVP_PKEY_CTX *vctx;
};

static void ours(const struct job *j)
{
    if (ecdsa_bp512_verify(BP512_T1, j->pub, sizeof(j->pub), j->digest, 64, j->sig,
                           j->sig_len) != 0)
        die("our verification");
}

static void theirs(const struct job *j)
{
    if (EVP_PKEY_verify(j->vctx, j->sig, j->sig_len, j->digest, 64) != 1)
        die("OpenSSL verification");
}

/* Verifications per second: calibrated count, best of REPS. */
static double rate(void (*fn)(const struct job *), const struct job *j, long iters)
{
    double t0 = now();

    for (long i = 0; i < iters; i++)
        fn(j);
    return (double)iters / (now() - t0);
}

static long calibrate(void (*fn)(const struct job *), const struct job *j)
{
    long iters = 1;

    for (;;) {
        double t0 = now();

        for (long i = 0; i < iters; i++)
            fn(j);
        if (now() - t0 >= MIN_SECONDS / 4)
            return iters * 4;
        iters *= 2;
    }
}

int main(void)
{
    struct job j;
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "brainpoolP512t1");
    EVP_PKEY_CTX *sctx;
    uint8_t unc[160];
    size_t unc_len = 0;
    long it_ours, it_theirs;
    double best_ours = 0, best_theirs = 0;

    if (key == NULL)
        die("key generation");
    for (int i = 0; i < 64; i++)
        j.digest[i] = (uint8_t)(i * 37 + 11);
    sctx = EVP_PKEY_CTX_new(key, NULL);
    j.sig_len = sizeof(j.sig);
    if (sctx == NULL || EVP_PKEY_sign_init(sctx) != 1 ||
        EVP_PKEY_sign(sctx, j.sig, &j.sig_len, j.digest, 64) != 1)
        die("signing");
    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, unc, sizeof(unc),
                                        &unc_len) != 1 || unc_len != 129)
        die("public key export");
    j.pub[0] = (uint8_t)(0x02 | (unc[128] & 1));
    memcpy(j.pub + 1, unc + 1, 64);
    j.vctx = EVP_PKEY_CTX_new(key, NULL);
    if (j.vctx == NULL || EVP_PKEY_verify_init(j.vctx) != 1)
        die("verify init");

    ours(&j);
    theirs(&j);
    it_ours = calibrate(ours, &j);
    it_theirs = calibrate(theirs, &j);
    for (int r = 0; r < REPS; r++) {
        double a = rate(ours, &j, it_ours), b = rate(theirs, &j, it_theirs);

        if (a > best_ours)
            best_ours = a;
        if (b > best_theirs)
            best_theirs = b;
    }
    printf("bench_ecdsa: brainpoolP512t1 ECDSA verify (64-byte digest, DER, best of %d)\n", REPS);
    printf("%-28s %12s\n", "implementation", "verify/s");
    printf("%-28s %12.0f\n", "lx ecdsa_bp512 (compressed)", best_ours);
    printf("%-28s %12.0f\n", "OpenSSL EVP_PKEY_verify", best_theirs);
    printf("ratio lx/OpenSSL: %.2fx\n", best_ours / best_theirs);
    EVP_PKEY_CTX_free(j.vctx);
    EVP_PKEY_CTX_free(sctx);
    EVP_PKEY_free(key);
    return 0;
}
