/*
 * rv64 benchmark: retired instructions per register-proof verification
 * (lxrp_verify) of the fixture proofs, and of their signature checks
 * alone, read with rdinstret under QEMU (`-icount shift=0`): exact counts,
 * independent of host load. The proofs are read through semihosting from
 * fuzz/corpus/fuzz_ledger_proof (QEMU runs in the source tree).
 */
#include <stdint.h>
#include <stdio.h>

#include "../proof_bench.h"

static struct lxrp_work work;

static inline uint64_t instret(void)
{
    uint64_t x;

    __asm__ volatile("rdinstret %0" : "=r"(x));
    return x;
}

int main(void)
{
    printf("bench_ledger_proof: rv64 retired instructions per register proof verification\n");
    printf("(rdinstret, QEMU -icount shift=0)\n");
    printf("%-22s %7s %5s %14s %14s %8s %s\n", "proof", "bytes", "sigs", "verify", "sigs only",
           "rest", "status");
    for (size_t i = 0; i < PB_N_FILES; i++) {
        static struct pb_proof p;
        uint64_t t0, t1, t2;
        int r, s;

        if (pb_load(pb_files[i], &p, &work) != 0) {
            printf("bench_ledger_proof: cannot load %s\n", pb_files[i]);
            return 1;
        }
        t0 = instret();
        r = lxrp_verify(p.buf, p.len, &p.trust, &work, NULL, NULL);
        t1 = instret();
        s = pb_signatures(&p, &work);
        t2 = instret();
        printf("%-22s %7zu %5zu %14llu %14llu %7.1f%% %s\n", pb_name(pb_files[i]), p.len,
               p.n_sigs, (unsigned long long)(t1 - t0), (unsigned long long)(t2 - t1),
               ((double)(t1 - t0) - (double)(t2 - t1)) / (double)(t2 - t1) * 100.0,
               r == LX_OK && s == 0 ? "ok" : "FAILED");
        free(p.buf);
        if (r != LX_OK || s != 0)
            return 1;
    }
    return 0;
}
