/*
 * Host benchmark for FALCON-512 verification: verifications per second on
 * one core (single thread) for the 809-byte 0x59 form Nexus carries and the
 * compressed 0x39 form, with the public key decoded once, plus the cost of
 * decoding the key and of verify_raw (decode + verify). Goal from issue 3:
 * at least 20,000 verifications per second. It only measures and prints.
 *
 * Each measurement is calibrated to run at least MIN_SECONDS, repeated
 * REPS times; the best (least disturbed by other load) and the median are
 * reported. Every result is checked, so no call can be optimised away.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench_clock.h"
#include "base/status.h"
#include "crypto/falcon.h"
#include "falcon_vector.h"

#define REPS 5
#define MIN_SECONDS 0.2

struct job {
    const char *name;
    int (*fn)(const struct job *j);
    const struct falcon512_pubkey *pk;
    const uint8_t *key, *sig, *msg;
    size_t key_len, sig_len, msg_len;
};

static int run_verify(const struct job *j)
{
    return falcon512_verify(j->pk, j->sig, j->sig_len, j->msg, j->msg_len);
}

static int run_verify_raw(const struct job *j)
{
    return falcon512_verify_raw(j->key, j->key_len, j->sig, j->sig_len, j->msg, j->msg_len);
}

static int run_pk_decode(const struct job *j)
{
    struct falcon512_pubkey pk;

    return falcon512_pubkey_decode(&pk, j->key, j->key_len);
}

/* Seconds for `iters` calls; aborts on any failure. */
static double timed(const struct job *j, unsigned long iters)
{
    double t0 = now();

    for (unsigned long i = 0; i < iters; i++) {
        if (j->fn(j) != LX_OK) {
            fprintf(stderr, "%s failed\n", j->name);
            exit(1);
        }
    }
    return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

static void row(const struct job *j)
{
    unsigned long iters = 16;
    double rate[REPS];

    timed(j, iters);                            /* warm-up */
    while (timed(j, iters) < MIN_SECONDS)
        iters *= 2;
    for (int r = 0; r < REPS; r++)
        rate[r] = (double)iters / timed(j, iters);
    qsort(rate, REPS, sizeof(rate[0]), cmp_double);
    printf("%-34s %12.0f %12.0f %10.2f\n", j->name, rate[REPS - 1], rate[REPS / 2],
           1e6 / rate[REPS - 1]);
}

int main(void)
{
    static struct falcon512_pubkey nexus, kat;
    struct job jobs[] = {
        { "verify 0x59 (809 B, Nexus)", run_verify, &nexus, nexus_pk, nexus_sig, nexus_msg,
          sizeof(nexus_pk), sizeof(nexus_sig), sizeof(nexus_msg) },
        { "verify 0x39 (compressed, KAT 0)", run_verify, &kat, kat0_pk, kat0_sig, kat0_msg,
          sizeof(kat0_pk), sizeof(kat0_sig), sizeof(kat0_msg) },
        { "verify_raw 0x59 (decode key too)", run_verify_raw, NULL, nexus_pk, nexus_sig,
          nexus_msg, sizeof(nexus_pk), sizeof(nexus_sig), sizeof(nexus_msg) },
        { "pubkey_decode (incl. NTT of h)", run_pk_decode, NULL, nexus_pk, NULL, NULL,
          sizeof(nexus_pk), 0, 0 },
    };

    if (falcon512_pubkey_decode(&nexus, nexus_pk, sizeof(nexus_pk)) != LX_OK
        || falcon512_pubkey_decode(&kat, kat0_pk, sizeof(kat0_pk)) != LX_OK) {
        fprintf(stderr, "benchmark keys do not decode\n");
        return 1;
    }
    printf("bench_falcon: FALCON-512, one core, single thread (goal: >= 20000 verify/s)\n");
    printf("%-34s %12s %12s %10s\n", "operation", "best ops/s", "median ops/s", "best us");
    for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++)
        row(&jobs[i]);
    return 0;
}
