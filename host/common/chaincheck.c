/* Whole-transaction and whole-chain checks for the host tools (see
 * chaincheck.h). */
#include "chaincheck.h"

#include <string.h>

#include "base/status.h"
#include "ledger/contract.h"

int check_contracts(const struct ledger_tx *tx, struct check_fail *f)
{
    struct contract_ctx ctx = { tx->genesis, tx->timestamp, tx->version };
    uint8_t scratch[REG_MAX_DATA];
    struct reg_state post;
    struct contract c;

    for (uint32_t k = 0; k < tx->n_contracts; k++) {
        const struct ledger_span *raw = &tx->contracts[k].raw;
        size_t off = 0;
        int r = contract_decode_exact(raw->p, raw->len, &c, &off);
        if (r == LX_OK) {
            off = 0;
            r = contract_check_states(&c, &ctx, &post, scratch);
        }
        if (r != LX_OK && r != REG_ERR_UNSUPPORTED) {
            f->code = r;
            f->err_off = off;
            f->contract = (int)k;
            return r;
        }
    }
    return LX_OK;
}

int check_tx(const struct ledger_tx *tx, enum ledger_network net, struct check_fail *f)
{
    uint8_t txid[LEDGER_HASH512_BYTES];
    int r;

    f->contract = -1;
    f->err_off = 0;
    if ((r = ledger_tx_check_fields(tx, net)) != LX_OK ||
        (r = check_contracts(tx, f)) != LX_OK)
        return f->code = r;
    ledger_tx_txid(tx, txid);
    return f->code = ledger_tx_verify_sig(tx, txid);
}

int check_chain(const struct tx_blob *v, size_t n, const struct ledger_chain_config *cfg,
                struct ledger_tx *tx, struct ledger_chain_state *head, struct check_fail *f)
{
    int r = ledger_chain_init(head, cfg);

    memset(f, 0, sizeof(*f));
    f->contract = -1;
    if (r == LX_OK && n == 0)
        r = LEDGER_ERR_CHAIN_EMPTY;
    for (size_t i = 0; i < n && r == LX_OK; i++) {
        size_t skipped;
        f->index = i;
        r = txio_parse(tx, &v[i], &skipped, &f->err_off);
        if (r != LX_OK)
            break;
        /* The contracts first: a changed contract byte also breaks the
         * signature, and the contract error is the precise one. */
        struct ledger_chain_state next = *head;
        int link = ledger_chain_append_tx(&next, cfg, tx);
        if (link == LX_OK || link == LEDGER_ERR_SIG_MISMATCH) {
            r = check_contracts(tx, f);
            if (r == LX_OK)
                r = link;
        } else {
            r = link;
        }
        if (r == LX_OK)
            *head = next;
    }
    f->code = r;
    return r;
}
