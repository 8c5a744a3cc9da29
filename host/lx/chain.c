/*
 * `lx chain verify`: a whole Nexus signature chain, in order from its
 * first transaction (host/common/chaincheck.h: lib/ledger's chain rules,
 * contracts and signatures). Reports the first refused transaction, its
 * sequence and the rule it broke.
 */
#include <stdio.h>
#include <string.h>

#include "base/status.h"
#include "chaincheck.h"
#include "hex.h"
#include "ledger_msg.h"
#include "lx.h"
#include "opts.h"
#include "txio.h"

static const char VERIFY_USAGE[] =
    "usage: lx chain verify DIR|FILE [--network NET] [--hybrid-name NAME]\n"
    "                       [--first-txid HEX] [--json]\n"
    "  Verifies a signature chain given in order from its first transaction: a\n"
    "  directory with one transaction per file (file-name order), or a file with\n"
    "  one hex transaction per line. Every transaction: format, the node's rules,\n"
    "  contracts and register states, signature; and the links: sequence,\n"
    "  genesis, hashPrevTx, timestamp order, the key hashing to the previous\n"
    "  hashNext (or hashRecovery), first-transaction rules of the network (by\n"
    "  default the one the first genesis type byte names). --first-txid pins the\n"
    "  first transaction (as the node prints txids): nothing else binds a genesis\n"
    "  id to its first transaction. Exit 0 when the whole chain verifies.\n";

static void report_ok(const struct ledger_chain_state *h, size_t n, int net, bool json)
{
    char g[65], t[129], next[65];

    txio_gethex(h->genesis, 32, g);
    txio_gethex(h->txid, 64, t);
    txio_gethex(h->hash_next, 32, next);
    if (json)
        printf("{\"ok\":true,\"network\":\"%s\",\"transactions\":%zu,\"genesis\":\"%s\","
               "\"head_sequence\":%u,\"head_txid\":\"%s\",\"nexthash\":\"%s\"}\n",
               txio_network_name(net), n, g, h->sequence, t, next);
    else
        printf("chain ok: %zu transactions (%s)\ngenesis   %s\nhead      sequence %u txid %s\n"
               "nexthash  %s\n",
               n, txio_network_name(net), g, h->sequence, t, next);
}

static void report_bad(const struct tx_blob *v, const struct check_fail *f, bool json)
{
    static struct ledger_tx tx;
    size_t skipped;
    char seq[32] = "?", at[64] = "";

    if (txio_parse(&tx, &v[f->index], &skipped, NULL) == LX_OK)
        snprintf(seq, sizeof(seq), "%u", tx.sequence);
    if (f->contract >= 0)
        snprintf(at, sizeof(at), "contract %d: ", f->contract);
    else if (f->err_off)
        snprintf(at, sizeof(at), "byte %zu: ", f->err_off);
    if (json) {
        printf("{\"ok\":false,\"index\":%zu,\"sequence\":\"%s\",\"code\":%d,\"reason\":\"%s%s\"}\n",
               f->index, seq, f->code, at, ledger_msg(f->code));
        return;
    }
    fprintf(stderr, "lx chain verify: transaction %zu (%s, sequence %s) refused: %s%s\n",
            f->index, v[f->index].name, seq, at, ledger_msg(f->code));
}

static int chain_verify(int argc, char **argv)
{
    const char *network = NULL, *hybrid = NULL, *first = NULL;
    bool json = false;
    const struct opt table[] = {
        { "network", &network, NULL },
        { "hybrid-name", &hybrid, NULL },
        { "first-txid", &first, NULL },
        { "json", NULL, &json },
    };
    struct opts o;
    struct ledger_chain_config cfg = { 0 };
    struct ledger_chain_state head;
    struct check_fail f;
    struct tx_blob *v;
    static struct ledger_tx tx;
    uint8_t pin[64];
    char err[512];
    size_t n, skipped;

    if (opts_parse("lx chain verify", argc, argv, table, 4, &o) != 0 || o.help || o.npos != 1) {
        fputs(VERIFY_USAGE, o.help ? stdout : stderr);
        return o.help ? 0 : LX_EXIT_USAGE;
    }
    int net = opts_network("lx chain verify", network, -2);
    if (net == -1)
        return LX_EXIT_USAGE;
    if (first != NULL) {
        uint8_t be[64];
        if (hex_decode_exact(first, be, 64) != 0) {
            fprintf(stderr, "lx chain verify: --first-txid must be 128 hex digits\n");
            return LX_EXIT_USAGE;
        }
        for (int i = 0; i < 64; i++)
            pin[i] = be[63 - i];
        cfg.first_txid = pin;
    }
    if (txio_load_chain(o.pos[0], &v, &n, err, sizeof(err)) != 0) {
        fprintf(stderr, "lx chain verify: %s\n", err);
        return LX_EXIT_FAIL;
    }
    if (net == -2) {
        net = n && txio_parse(&tx, &v[0], &skipped, NULL) == LX_OK ? txio_network_of(tx.genesis)
                                                                   : -1;
        net = net < 0 ? LEDGER_NET_MAINNET : net;   /* the first check then names the fault */
    }
    cfg.network = (enum ledger_network)net;
    if (hybrid != NULL) {
        cfg.hybrid_name = (const uint8_t *)hybrid;
        cfg.hybrid_name_len = strlen(hybrid);
    }
    int r = check_chain(v, n, &cfg, &tx, &head, &f);
    if (r == LX_OK)
        report_ok(&head, n, net, json);
    else if (n == 0)
        fprintf(stderr, "lx chain verify: %s: no transactions\n", o.pos[0]);
    else
        report_bad(v, &f, json);
    txio_free_chain(v, n);
    return r == LX_OK ? 0 : LX_EXIT_FAIL;
}

static const struct lx_cmd chain_cmds[] = {
    { "verify", chain_verify, "DIR|FILE [--network NET] [--first-txid HEX]   a whole chain" },
};

int cmd_chain(int argc, char **argv)
{
    return opts_dispatch("chain", chain_cmds, 1, argc, argv);
}
