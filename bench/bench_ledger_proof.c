/*
 * Host benchmark: register proofs verified per second (lxrp_verify: chains,
 * blocks, branches, replay, result) for the fixture proofs, next to the
 * time of their signature checks alone in the same run, and the share the
 * rest (parsing, hashing, chain rules, Merkle branches, contract replay)
 * adds on top. Best of REPS; it only measures and prints.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "bench_clock.h"
#include "proof_bench.h"

#define REPS 5
#define MIN_SECONDS 0.2

static struct lxrp_work work;

/* Seconds per call of fn (whole proof), best of REPS runs of >= MIN_SECONDS. */
static double per_call(int (*fn)(const struct pb_proof *), const struct pb_proof *p)
{
    double best = 1e9;

    for (int r = 0; r < REPS; r++) {
        long n = 0;
        double t0 = now(), t;

        do {
            if (fn(p) != 0) {
                fprintf(stderr, "bench_ledger_proof: verification failed\n");
                exit(1);
            }
            n++;
        } while ((t = now() - t0) < MIN_SECONDS);
        if (t / (double)n < best)
            best = t / (double)n;
    }
    return best;
}

static int full(const struct pb_proof *p)
{
    return lxrp_verify(p->buf, p->len, &p->trust, &work, NULL, NULL) != LX_OK;
}

static int sigs(const struct pb_proof *p)
{
    return pb_signatures(p, &work);
}

int main(void)
{
    printf("bench_ledger_proof: register proof verification on the host (best of %d)\n", REPS);
    printf("%-22s %7s %5s %9s %11s %11s %8s\n", "proof", "bytes", "sigs", "proofs/s",
           "verify ms", "sigs ms", "rest");
    for (size_t i = 0; i < PB_N_FILES; i++) {
        static struct pb_proof p;
        double v, s;

        if (pb_load(pb_files[i], &p, &work) != 0) {
            fprintf(stderr, "bench_ledger_proof: cannot load %s\n", pb_files[i]);
            return 1;
        }
        v = per_call(full, &p);
        s = per_call(sigs, &p);
        printf("%-22s %7zu %5zu %9.1f %11.3f %11.3f %7.1f%%\n", pb_name(pb_files[i]), p.len,
               p.n_sigs, 1.0 / v, v * 1e3, s * 1e3, (v - s) / s * 100.0);
        free(p.buf);
    }
    return 0;
}
