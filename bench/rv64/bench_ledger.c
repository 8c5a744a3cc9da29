/*
 * rv64 benchmark: retired instructions (rdinstret; exact under QEMU with
 * `-icount shift=0`) per verified Nexus transaction, on the first two
 * transactions of a Brainpool (alice) and a FALCON-512 (bob) fixture
 * chain: the whole chain check (ledger_chain_verify: parse, txid, link
 * rules, signature) and the signature check alone on the same
 * transactions, so the difference is what parsing, hashing and the chain
 * rules add. Warmed up once, minimum of RUNS runs, empty run subtracted.
 */
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"
#include "crypto/ecdsa_bp512.h"
#include "crypto/falcon.h"
#include "ledger/chain.h"
#include "ledger/tx.h"
#include "../ledger_vector.h"

#define RUNS 3

static inline uint64_t instret(void)
{
    uint64_t x;

    __asm__ volatile("rdinstret %0" : "=r"(x));
    return x;
}

enum what { EMPTY, CHAIN_BP, SIGS_BP, CHAIN_FL, SIGS_FL };

static const struct ledger_span bp_chain[2] = { { alice_tx0, sizeof(alice_tx0) },
                                                { alice_tx1, sizeof(alice_tx1) } };
static const struct ledger_span fl_chain[2] = { { bob_tx0, sizeof(bob_tx0) },
                                                { bob_tx1, sizeof(bob_tx1) } };
static struct ledger_tx txs[2][2];
static uint8_t msgs[2][2][64];

static int sigs(int set)
{
    int bad = 0;

    for (int i = 0; i < 2; i++) {
        const struct ledger_tx *t = &txs[set][i];
        bad |= t->key_type == LEDGER_KEY_BRAINPOOL
                   ? nexus_ecdsa_verify(t->pubkey.p, t->pubkey.len, msgs[set][i], 64, t->sig.p,
                                        t->sig.len)
                   : falcon512_verify_raw(t->pubkey.p, t->pubkey.len, t->sig.p, t->sig.len,
                                          msgs[set][i], 64);
    }
    return bad;
}

static __attribute__((noinline)) int op(enum what w)
{
    static const struct ledger_chain_config cfg = { .network = LEDGER_NET_PRIVATE };

    switch (w) {
    case EMPTY:
        return 0;
    case CHAIN_BP:
        return ledger_chain_verify(&cfg, bp_chain, 2, NULL, NULL);
    case SIGS_BP:
        return sigs(0);
    case CHAIN_FL:
        return ledger_chain_verify(&cfg, fl_chain, 2, NULL, NULL);
    case SIGS_FL:
        return sigs(1);
    }
    return -1;
}

static uint64_t measure(enum what w, int *rc)
{
    uint64_t lo = UINT64_MAX;

    *rc = op(w);
    for (int i = 0; i < RUNS; i++) {
        uint64_t t0 = instret();
        int x = op(w);
        uint64_t d = instret() - t0;
        if (x != *rc)
            *rc = -9999;
        if (d < lo)
            lo = d;
    }
    return lo;
}

static int prepare(int set, const struct ledger_span *chain)
{
    for (int i = 0; i < 2; i++) {
        uint8_t txid[64];
        if (ledger_tx_parse(&txs[set][i], chain[i].p, chain[i].len, NULL) != LX_OK)
            return -1;
        ledger_tx_txid(&txs[set][i], txid);
        ledger_tx_signed_bytes(txid, msgs[set][i]);
    }
    return 0;
}

int main(void)
{
    static const struct {
        enum what chain, sig;
        const char *name;
    } rows[] = {
        { CHAIN_BP, SIGS_BP, "brainpool (alice 0-1)" },
        { CHAIN_FL, SIGS_FL, "falcon-512 (bob 0-1)" },
    };
    int rc1, rc2;

    if (prepare(0, bp_chain) != 0 || prepare(1, fl_chain) != 0) {
        printf("bench_ledger: built-in transactions do not parse\n");
        return 1;
    }
    uint64_t empty = measure(EMPTY, &rc1);
    printf("bench_ledger: rv64 retired instructions per verified transaction (2-transaction "
           "fixture chains)\n(rdinstret, QEMU -icount shift=0; empty measurement %llu "
           "subtracted)\n", (unsigned long long)empty);
    printf("%-24s %14s %14s %9s %s\n", "chain", "chain check/tx", "sig only/tx", "overhead",
           "status");
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        uint64_t c = (measure(rows[i].chain, &rc1) - empty) / 2;
        uint64_t s = (measure(rows[i].sig, &rc2) - empty) / 2;
        printf("%-24s %14llu %14llu %8.1f%% %d/%d\n", rows[i].name, (unsigned long long)c,
               (unsigned long long)s, 100.0 * ((double)c / (double)s - 1.0), rc1, rc2);
        if (rc1 != LX_OK || rc2 != LX_OK)
            return 1;
    }
    return 0;
}
