/*
 * rv64 benchmark: retired instructions per FALCON-512 verification, read
 * with rdinstret under QEMU (`-icount shift=0`), so the numbers are exact
 * instruction counts independent of host load. The cost of an empty
 * measurement is subtracted; each operation is warmed up once, measured
 * RUNS times, and the minimum is reported with whether all runs agreed.
 */
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"
#include "crypto/falcon.h"
#include "../falcon_vector.h"

#define RUNS 5

struct job {
    const char *name;
    int (*fn)(const struct job *j);
    const struct falcon512_pubkey *pk;
    const uint8_t *key, *sig, *msg;
    size_t key_len, sig_len, msg_len;
};

static inline uint64_t instret(void)
{
    uint64_t x;

    __asm__ volatile("rdinstret %0" : "=r"(x));
    return x;
}

/* noinline so every measurement, the empty one too, pays the same call. */
static __attribute__((noinline)) int run_empty(const struct job *j)
{
    __asm__ volatile("" : : "r"(j) : "memory");
    return LX_OK;
}

static __attribute__((noinline)) int run_verify(const struct job *j)
{
    return falcon512_verify(j->pk, j->sig, j->sig_len, j->msg, j->msg_len);
}

static __attribute__((noinline)) int run_verify_raw(const struct job *j)
{
    return falcon512_verify_raw(j->key, j->key_len, j->sig, j->sig_len, j->msg, j->msg_len);
}

static __attribute__((noinline)) int run_pk_decode(const struct job *j)
{
    struct falcon512_pubkey pk;

    return falcon512_pubkey_decode(&pk, j->key, j->key_len);
}

struct count {
    uint64_t min, max;
    int ok;
};

static struct count measure(const struct job *j)
{
    struct count c = { UINT64_MAX, 0, 1 };

    if (j->fn(j) != LX_OK)              /* warm-up, and the result must hold */
        c.ok = 0;
    for (int i = 0; i < RUNS; i++) {
        uint64_t t0 = instret();
        int r = j->fn(j);
        uint64_t d = instret() - t0;

        if (r != LX_OK)
            c.ok = 0;
        if (d < c.min)
            c.min = d;
        if (d > c.max)
            c.max = d;
    }
    return c;
}

int main(void)
{
    static struct falcon512_pubkey nexus, kat;
    static const struct job empty_job = { "empty", run_empty, NULL, NULL, NULL, NULL, 0, 0, 0 };
    const struct job jobs[] = {
        { "verify 0x59 (809 B, Nexus)", run_verify, &nexus, nexus_pk, nexus_sig, nexus_msg,
          sizeof(nexus_pk), sizeof(nexus_sig), sizeof(nexus_msg) },
        { "verify 0x39 (compressed, KAT 0)", run_verify, &kat, kat0_pk, kat0_sig, kat0_msg,
          sizeof(kat0_pk), sizeof(kat0_sig), sizeof(kat0_msg) },
        { "verify_raw 0x59 (decode key too)", run_verify_raw, NULL, nexus_pk, nexus_sig,
          nexus_msg, sizeof(nexus_pk), sizeof(nexus_sig), sizeof(nexus_msg) },
        { "pubkey_decode (incl. NTT of h)", run_pk_decode, NULL, nexus_pk, NULL, NULL,
          sizeof(nexus_pk), 0, 0 },
    };
    struct count empty;
    int all_ok = 1;

    if (falcon512_pubkey_decode(&nexus, nexus_pk, sizeof(nexus_pk)) != LX_OK
        || falcon512_pubkey_decode(&kat, kat0_pk, sizeof(kat0_pk)) != LX_OK) {
        printf("benchmark keys do not decode\n");
        return 1;
    }
    empty = measure(&empty_job);
    printf("bench_falcon: rv64 retired instructions (rdinstret, QEMU -icount shift=0)\n");
    printf("empty measurement: %llu instructions (subtracted)%s\n",
           (unsigned long long)empty.min, empty.min == empty.max ? "" : " NOT STABLE");
    printf("%-34s %12s  %s\n", "operation", "instructions", "all runs equal");
    for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
        struct count c = measure(&jobs[i]);

        all_ok &= c.ok;
        printf("%-34s %12llu  %s%s\n", jobs[i].name, (unsigned long long)(c.min - empty.min),
               c.min == c.max ? "yes" : "NO", c.ok ? "" : "  (VERIFY FAILED)");
    }
    return all_ok ? 0 : 1;
}
