/*
 * Shared by the host and rv64 register-proof benchmarks: the fixture
 * proofs in fuzz/corpus/fuzz_ledger_proof (made by `lx proof make`), read
 * with stdio (semihosting on rv64), trusted by the genesis ids of the
 * chains they carry (verification does the same work whatever the anchors'
 * source), and the signature checks alone, to show what the rest costs.
 */
#ifndef LX_BENCH_PROOF_H
#define LX_BENCH_PROOF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger/proof.h"

static const char *const pb_files[] = {
    "fuzz/corpus/fuzz_ledger_proof/alice_raw",
    "fuzz/corpus/fuzz_ledger_proof/alice_readonly_to_bob",
    "fuzz/corpus/fuzz_ledger_proof/alice_raw_blocks",
};
#define PB_N_FILES (sizeof(pb_files) / sizeof(pb_files[0]))

struct pb_proof {
    uint8_t *buf;
    size_t len;
    struct lxrp_anchor users[LXRP_MAX_CHAINS], producers[1];
    struct lxrp_trust trust;
    size_t n_sigs;              /* transaction and block signatures */
};

static inline int pb_load(const char *path, struct pb_proof *p, struct lxrp_work *w)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 20;

    memset(p, 0, sizeof(*p));
    if (f == NULL)
        return -1;
    p->buf = malloc(cap);
    p->len = p->buf != NULL ? fread(p->buf, 1, cap, f) : 0;
    fclose(f);
    if (p->len == 0 || lxrp_decode(w, p->buf, p->len, NULL) != LX_OK)
        return -1;
    p->trust.network = (enum ledger_network)w->p.network;
    p->trust.users = p->users;
    p->trust.producers = p->producers;
    for (uint8_t c = 0; c < w->p.n_chains; c++) {
        const struct ledger_span *s = &w->p.txs[w->p.chain_first[c]];
        bool producer = (w->p.flags & LXRP_FLAG_BLOCKS) && c == w->p.producer_chain;

        ledger_tx_parse(&w->tx, s->p, s->len, NULL);
        memcpy(producer ? p->producers[0].genesis : p->users[p->trust.n_users].genesis,
               w->tx.genesis, 32);
        if (producer)
            p->trust.n_producers = 1;
        else
            p->trust.n_users++;
    }
    p->n_sigs = w->p.n_txs + ((w->p.flags & LXRP_FLAG_BLOCKS) ? w->p.n_blocks : 0);
    return 0;
}

/* Every signature of the proof checked on its own (with its txid or block
 * hash): the floor under lxrp_verify. 0 when all verify. */
static inline int pb_signatures(const struct pb_proof *p, struct lxrp_work *w)
{
    uint8_t h[LEDGER_BLOCK_HASH_BYTES];
    int bad = 0;

    if (lxrp_decode(w, p->buf, p->len, NULL) != LX_OK)
        return -1;
    for (uint8_t c = 0; c < w->p.n_chains; c++)
        for (uint16_t t = 0; t < w->p.chain_len[c]; t++) {
            const struct ledger_span *s = &w->p.txs[w->p.chain_first[c] + t];

            ledger_tx_parse(&w->tx, s->p, s->len, NULL);
            ledger_tx_txid(&w->tx, h);
            bad |= ledger_tx_verify_sig(&w->tx, h) != LX_OK;
        }
    for (uint16_t b = 0; (w->p.flags & LXRP_FLAG_BLOCKS) && b < w->p.n_blocks; b++) {
        const struct lxrp_block *bl = &w->p.blocks[b];
        const struct ledger_span *s =
            &w->p.txs[w->p.chain_first[w->p.producer_chain] + bl->producer_tx];

        ledger_tx_parse(&w->tx, s->p, s->len, NULL);
        ledger_block_hash(&bl->h, h);
        bad |= ledger_block_verify_sig(h, &bl->sig, &w->tx) != LX_OK;
    }
    return bad;
}

static inline const char *pb_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s != NULL ? s + 1 : path;
}

#endif
