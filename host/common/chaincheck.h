/*
 * The whole check of one transaction or of a signature chain as the host
 * tools apply it: lib/ledger's per-transaction and chain rules plus every
 * contract decoded and its register states replayed (contract.c). The
 * first failure is reported with the rule it broke, so that a changed
 * field is named: a contract change is reported as such even though the
 * signature fails too.
 */
#ifndef LX_HOST_CHAINCHECK_H
#define LX_HOST_CHAINCHECK_H

#include <stddef.h>

#include "ledger/chain.h"
#include "ledger/tx.h"
#include "txio.h"

struct check_fail {
    size_t index;       /* transaction in the chain */
    int code;           /* LEDGER_ERR_* / REG_ERR_* / CON_ERR_* */
    size_t err_off;     /* parser offset (transaction or contract), else 0 */
    int contract;       /* the contract that failed, or -1 */
};

/* Every contract decodes and replays (REG_ERR_UNSUPPORTED counts as
 * passing: such an operation needs ledger data). */
int check_contracts(const struct ledger_tx *tx, struct check_fail *f);

/* One parsed transaction: fields for net, contracts, signature. */
int check_tx(const struct ledger_tx *tx, enum ledger_network net, struct check_fail *f);

/* A chain in order from its first transaction. LX_OK and *head, or the
 * first failure in *f. tx is scratch. */
int check_chain(const struct tx_blob *v, size_t n, const struct ledger_chain_config *cfg,
                struct ledger_tx *tx, struct ledger_chain_state *head, struct check_fail *f);

#endif
