/*
 * libFuzzer target: Nexus transaction parsing and signature-chain checks
 * (lib/ledger/tx.h, chain.h) on hostile input. Whatever parses must
 * re-encode to exactly the input, be refused when one byte shorter, and
 * survive the per-transaction checks; the whole input cut into pieces
 * must go through chain verification (and the pair fork check) without a
 * crash, out-of-bounds read or hang, and a chain reported valid must
 * report every piece accepted.
 *
 * Input: the first byte selects the network and the number of cuts (up to
 * 7 little-endian u16 piece lengths follow) for the chain part; the parser
 * part sees the whole input as it is, so seeds can be plain transactions.
 */
#include "base/status.h"
#include "ledger/chain.h"
#include "ledger/tx.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ledger_tx tx, tx2;
static uint8_t out[1 << 16];

static void check_one(const uint8_t *data, size_t size)
{
    size_t off = 0, len = 0;
    uint8_t txid[LEDGER_HASH512_BYTES];
    int r = ledger_tx_parse(&tx, data, size, &off);

    if (r != LX_OK) {
        if (off > size || r > -400 || r < -449)
            abort();
        return;
    }
    if (ledger_tx_encoded_size(&tx) != size)
        abort();
    if (size <= sizeof(out)) {
        if (ledger_tx_encode(&tx, out, sizeof(out), &len) != LX_OK || len != size ||
            memcmp(out, data, size) != 0)
            abort();
    }
    if (ledger_tx_parse(&tx2, data, size - 1, &off) == LX_OK)
        abort();
    ledger_tx_txid(&tx, txid);
    if (txid[LEDGER_HASH512_BYTES - 1] != LEDGER_TXID_TYPE)
        abort();
    (void)ledger_tx_check(&tx, LEDGER_NET_PRIVATE, txid);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = { data, size };
    struct ledger_span pieces[8];
    struct ledger_chain_state head;
    struct ledger_chain_report rep;
    struct ledger_chain_config cfg = { .network = LEDGER_NET_PRIVATE };
    static const uint8_t name[] = "fuzz";
    uint8_t sel;
    size_t cuts, n = 0;
    int r, which, same;

    check_one(data, size);

    sel = fz_u8(&f);
    cfg.network = (enum ledger_network)(sel & 3);
    if (cfg.network == LEDGER_NET_HYBRID && (sel & 4)) {
        cfg.hybrid_name = name;
        cfg.hybrid_name_len = sizeof(name) - 1;
    }
    cuts = (sel >> 4) & 7;
    size_t lens[7];
    for (size_t i = 0; i < cuts; i++)
        lens[i] = fz_u16(&f);
    for (size_t i = 0; i < cuts && f.n > 0; i++) {
        size_t l = lens[i] < f.n ? lens[i] : f.n;

        pieces[n].p = f.p;
        pieces[n++].len = l;
        f.p += l;
        f.n -= l;
    }
    pieces[n].p = f.p;
    pieces[n++].len = f.n;
    r = ledger_chain_verify(&cfg, pieces, n, &head, &rep);
    if (r == LX_OK && head.count != n)
        abort();
    if (r != LX_OK && rep.bad_index >= n)
        abort();
    if (n >= 2) {
        r = ledger_tx_fork(&cfg, &tx, pieces[0].p, pieces[0].len, pieces[1].p, pieces[1].len,
                           &which, &same);
        /* a fork needs two valid transactions, so no failing side */
        if ((r == LEDGER_ERR_FORK || r == LX_OK) && which != 0)
            abort();
    }
    return 0;
}
