/*
 * `lx proof make` and `lx proof verify`: register proofs (docs/proofs.md)
 * built from fixture-style inputs (signature chains and blocks as hex, one
 * per line) and verified, as a device would, against trusted genesis ids.
 */
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "ledger/address.h"
#include "ledger/proof.h"
#include "ledger_show.h"
#include "lx.h"

#define MAX_LINES 4096
#define MAX_ANCHORS 64

/* ---- inputs ---- */

/* A list of transactions or blocks: one hex item per line; empty lines
 * and lines starting with '#' are skipped. */
struct item_list {
    struct ledger_span items[MAX_LINES];
    size_t n;
    uint8_t *text;
};

static void list_free(struct item_list *l)
{
    free(l->text);
    l->text = NULL;
    l->n = 0;
}

static int read_list(const char *cmd, const char *path, struct item_list *l)
{
    size_t len;
    char *line, *save = NULL;

    l->n = 0;
    if (lx_read_file(cmd, path, &l->text, &len) != 0)
        return -1;
    for (line = strtok_r((char *)l->text, "\r\n", &save); line != NULL;
         line = strtok_r(NULL, "\r\n", &save)) {
        size_t n;
        int k;

        while (*line == ' ' || *line == '\t')
            line++;
        if (*line == 0 || *line == '#')
            continue;
        n = strcspn(line, " \t");
        line[n] = 0;
        if (l->n == MAX_LINES) {
            fprintf(stderr, "lx %s: %s: more than %d items\n", cmd, path, MAX_LINES);
            return -1;
        }
        /* decode in place: the bytes never outgrow their hex */
        k = hex_decode(line, (uint8_t *)line, n / 2);
        if (k <= 0) {
            fprintf(stderr, "lx %s: %s: item %zu is not hex\n", cmd, path, l->n + 1);
            return -1;
        }
        l->items[l->n].p = (const uint8_t *)line;
        l->items[l->n++].len = (size_t)k;
    }
    if (l->n == 0) {
        fprintf(stderr, "lx %s: %s: no items\n", cmd, path);
        return -1;
    }
    return 0;
}

static int parse_network(const char *s, enum ledger_network *net)
{
    static const char *const names[] = { "mainnet", "testnet", "hybrid", "private" };

    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *net = (enum ledger_network)i;
            return 0;
        }
    return -1;
}

/* A hash as the node prints it (GetHex) into raw bytes. */
static int parse_rev_hex(const char *s, size_t len, uint8_t *raw, size_t n)
{
    uint8_t tmp[64];
    char buf[129];

    if (len != 2 * n || n > sizeof(tmp))
        return -1;
    memcpy(buf, s, len);
    buf[len] = 0;
    if (hex_decode_exact(buf, tmp, n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        raw[i] = tmp[n - 1 - i];
    return 0;
}

static void print_rev_hex(FILE *out, const uint8_t *raw, size_t n)
{
    for (size_t i = n; i-- > 0;)
        fprintf(out, "%02x", raw[i]);
}

static int parse_address(const char *s, uint8_t raw[32])
{
    size_t n = strlen(s);

    if (addr_from_hex(s, n, raw) == LX_OK)
        return 0;
    return addr_from_base58(s, n, raw) == LX_OK ? 0 : -1;
}

/* GENESIS or GENESIS:FIRST_TXID, both as the node prints them. */
static int parse_anchor(const char *s, struct lxrp_anchor *a)
{
    const char *colon = strchr(s, ':');

    memset(a, 0, sizeof(*a));
    if (parse_rev_hex(s, colon ? (size_t)(colon - s) : strlen(s), a->genesis, 32) != 0)
        return -1;
    if (colon != NULL) {
        a->pinned = true;
        return parse_rev_hex(colon + 1, strlen(colon + 1), a->first_txid, 64);
    }
    return 0;
}

/* --name=value or --name value; NULL when argv[*i] is not --name. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *bad)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != 0)
        return NULL;
    if (*i + 1 >= argc) {
        *bad = true;
        return NULL;
    }
    return argv[++*i];
}

/* Where a failure was found: ", chain 1, transaction 4" or the same as
 * JSON members. */
static void print_where(FILE *out, const struct lxrp_report *rep, bool json)
{
    const struct {
        const char *name;
        size_t v;
    } at[] = {
        { "chain", rep->chain }, { "transaction", rep->tx }, { "step", rep->step },
        { "block", rep->block }, { "offset", rep->offset },
    };

    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++)
        if (at[i].v != SIZE_MAX)
            fprintf(out, json ? ",\"%s\":%zu" : ", %s %zu", at[i].name, at[i].v);
}

static void describe_failure(FILE *out, const char *cmd, int r, const struct lxrp_report *rep)
{
    const char *why = lxrp_strerror(r);

    fprintf(out, "lx %s: %s (error %d) in %s", cmd, why ? why : "refused", r,
            lxrp_section_name(rep->section));
    print_where(out, rep, false);
    fputc('\n', out);
}

/* ---- lx proof make ---- */

static void usage_make(FILE *out)
{
    fprintf(out,
            "usage: lx proof make --address ADDR --chain FILE [--chain FILE]...\n"
            "                     [--blocks FILE --producer-chain FILE]\n"
            "                     [--network mainnet|testnet|hybrid|private] -o OUT\n"
            "\n"
            "Build a register proof (docs/proofs.md) that the register ADDR holds the\n"
            "state its history in the given signature chains leads to.\n"
            "  ADDR       the register address as the node prints it (64 hex digits) or\n"
            "             in Base58\n"
            "  --chain    a signature chain from its first transaction: one transaction\n"
            "             per line, hex of the network serialisation (tx_network_hex of\n"
            "             the fixtures); give every chain that touched the register\n"
            "  --blocks   blocks, one per line, hex of the network serialisation\n"
            "             (tritium_block_network_hex); with --producer-chain, the block\n"
            "             producer's signature chain: the proof then also places every\n"
            "             transaction in a signed block\n"
            "  --network  default mainnet\n"
            "Lines that are empty or start with '#' are skipped.\n"
            "Exit: 0 written, 1 the inputs do not make a proof, 2 usage.\n");
}

struct make_state {
    struct item_list chains[LXRP_MAX_CHAINS];
    struct item_list blocks, producer;
    struct lxrp_work work;
    uint8_t branches[LXRP_MAX_TXS * LEDGER_MERKLE_MAX_DEPTH * 64];
    uint8_t nodes[LEDGER_BLOCK_MAX_TX][64];
    uint8_t out[LXRP_MAX_TXS * 4096];
};

static int make_write(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    int ok = f != NULL && fwrite(p, 1, n, f) == n;

    if (f != NULL && fclose(f) != 0)
        ok = 0;
    if (!ok)
        fprintf(stderr, "lx proof make: cannot write %s\n", path);
    return ok ? 0 : -1;
}

static int make_run(struct make_state *m, struct lxrp_build *in, const char *out_path)
{
    struct lxrp_report rep;
    size_t len;
    int r = lxrp_build(in, &m->work, &rep);

    if (r != LX_OK) {
        describe_failure(stderr, "proof make", r, &rep);
        return LX_EXIT_FAIL;
    }
    r = lxrp_encode(&m->work.p, m->out, sizeof(m->out), &len);
    if (r != LX_OK) {
        fprintf(stderr, "lx proof make: cannot encode: error %d\n", r);
        return LX_EXIT_FAIL;
    }
    if (make_write(out_path, m->out, len) != 0)
        return LX_EXIT_FAIL;
    printf("wrote %s: %zu bytes, %u chain(s), %u step(s)", out_path, len, m->work.p.n_chains,
           m->work.p.n_steps);
    if (m->work.p.flags & LXRP_FLAG_BLOCKS)
        printf(", %u block(s)", m->work.p.n_blocks);
    printf("\n  owner      ");
    lx_print_hash32(stdout, m->work.p.owner);
    putchar('\n');
    return 0;
}

static int proof_make(int argc, char **argv)
{
    struct make_state *m = calloc(1, sizeof(*m));
    struct lxrp_build in;
    const char *addr = NULL, *out = NULL, *blocks = NULL, *producer = NULL, *net = "mainnet";
    const char *chain_paths[LXRP_MAX_CHAINS];
    size_t n_chains = 0;
    bool bad = false;
    int status = LX_EXIT_USAGE;

    memset(&in, 0, sizeof(in));
    for (int i = 1; i < argc && !bad && m != NULL; i++) {
        const char *v;

        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage_make(stdout);
            free(m);
            return 0;
        } else if ((v = opt_value(argc, argv, &i, "--address", &bad)) != NULL) {
            addr = v;
        } else if ((v = opt_value(argc, argv, &i, "--chain", &bad)) != NULL) {
            if (n_chains == LXRP_MAX_CHAINS)
                bad = true;
            else
                chain_paths[n_chains++] = v;
        } else if ((v = opt_value(argc, argv, &i, "--blocks", &bad)) != NULL) {
            blocks = v;
        } else if ((v = opt_value(argc, argv, &i, "--producer-chain", &bad)) != NULL) {
            producer = v;
        } else if ((v = opt_value(argc, argv, &i, "--network", &bad)) != NULL) {
            net = v;
        } else if ((v = opt_value(argc, argv, &i, "-o", &bad)) != NULL ||
                   (v = opt_value(argc, argv, &i, "--output", &bad)) != NULL) {
            out = v;
        } else {
            bad = true;
        }
    }
    if (m == NULL || bad || addr == NULL || out == NULL || n_chains == 0 ||
        (blocks == NULL) != (producer == NULL) || n_chains + (producer != NULL) > LXRP_MAX_CHAINS ||
        parse_network(net, &in.network) != 0 || parse_address(addr, in.address) != 0) {
        usage_make(stderr);
        goto done;
    }
    status = LX_EXIT_FAIL;
    for (size_t c = 0; c < n_chains; c++) {
        if (read_list("proof make", chain_paths[c], &m->chains[c]) != 0)
            goto done;
        in.chains[c] = m->chains[c].items;
        in.chain_len[c] = m->chains[c].n;
    }
    in.n_chains = n_chains;
    if (blocks != NULL) {
        if (read_list("proof make", blocks, &m->blocks) != 0 ||
            read_list("proof make", producer, &m->producer) != 0)
            goto done;
        in.chains[n_chains] = m->producer.items;
        in.chain_len[n_chains] = m->producer.n;
        in.producer_chain = n_chains;
        in.n_chains++;
        in.blocks = m->blocks.items;
        in.n_blocks = m->blocks.n;
        in.branch_buf = m->branches;
        in.branch_cap = sizeof(m->branches);
        in.nodes = m->nodes;
        in.nodes_cap = LEDGER_BLOCK_MAX_TX;
    }
    status = make_run(m, &in, out);
done:
    if (m != NULL) {
        for (size_t c = 0; c < LXRP_MAX_CHAINS; c++)
            list_free(&m->chains[c]);
        list_free(&m->blocks);
        list_free(&m->producer);
    }
    free(m);
    return status;
}

/* ---- lx proof verify ---- */

static void usage_verify(FILE *out)
{
    fprintf(out,
            "usage: lx proof verify --trust GENESIS[:TXID]... [--producer GENESIS[:TXID]]...\n"
            "                       [--require-blocks] [--network NET] [--hybrid-name NAME]\n"
            "                       [--json] FILE\n"
            "\n"
            "Verify a register proof offline, as a device does (docs/proofs.md): every\n"
            "chain from its first transaction under a trusted genesis, the register's\n"
            "history replayed contract by contract, the final state and owner; with\n"
            "blocks, each transaction's place in a block signed by a trusted producer.\n"
            "  --trust     a trusted user genesis id as the node prints it; :TXID pins\n"
            "              its first transaction (nothing else binds a genesis id to it)\n"
            "  --producer  a trusted block producer's genesis id (private/hybrid)\n"
            "  --require-blocks  refuse a proof without blocks\n"
            "  --network   mainnet|testnet|hybrid|private, default mainnet\n"
            "Exit: 0 verified (and what it proves is printed), 1 refused, 2 usage.\n");
}

static void print_result_text(const struct lxrp_result *res)
{
    char b58[ADDR_BASE58_MAX];

    addr_to_base58(res->address, b58);
    printf("verified: register ");
    lx_print_hash32(stdout, res->address);
    printf(" (%s)\n  owned by   ", b58);
    lx_print_hash32(stdout, res->owner);
    printf("\n  holds\n");
    lx_print_state(stdout, &res->state, false);
    printf("  history    %zu contract(s) replayed from its CREATE, in %zu transaction(s) of "
           "%zu trusted chain(s)\n  last txid  ", res->n_steps, res->n_txs, res->n_chains);
    print_rev_hex(stdout, res->last_txid, 64);
    if (res->blocks)
        printf("\n  blocks     every transaction placed in a block signed by a trusted "
               "producer, up to height %u\n", res->top_height);
    else
        printf("\n  blocks     none: ledger inclusion and cross-chain order are not shown\n");
    printf("  not shown  that no later transaction changed it (freshness)\n");
}

static void print_result_json(const struct lxrp_result *res)
{
    char b58[ADDR_BASE58_MAX];

    addr_to_base58(res->address, b58);
    printf("{\"verified\":true,\"address\":\"");
    lx_print_hash32(stdout, res->address);
    printf("\",\"address_base58\":\"%s\",\"owner\":\"", b58);
    lx_print_hash32(stdout, res->owner);
    printf("\",\"state\":");
    lx_print_state(stdout, &res->state, true);
    printf(",\"steps\":%zu,\"transactions\":%zu,\"chains\":%zu,\"last_txid\":\"", res->n_steps,
           res->n_txs, res->n_chains);
    print_rev_hex(stdout, res->last_txid, 64);
    printf("\",\"blocks\":%s", res->blocks ? "true" : "false");
    if (res->blocks)
        printf(",\"top_height\":%u", res->top_height);
    printf("}\n");
}

static void print_failure_json(int r, const struct lxrp_report *rep)
{
    const char *why = lxrp_strerror(r);

    printf("{\"verified\":false,\"error\":%d,\"reason\":\"%s\",\"section\":\"%s\"", r,
           why ? why : "refused", lxrp_section_name(rep->section));
    print_where(stdout, rep, true);
    printf("}\n");
}

/* Nothing binds a genesis id to its first transaction: an anchor without
 * one accepts a forged chain (docs/proofs.md, "Genesis binding"). */
static void warn_unpinned(const struct lxrp_anchor *a, size_t n, const char *opt)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i].pinned)
            continue;
        fprintf(stderr, "lx proof verify: warning: %s ", opt);
        lx_print_hash32(stderr, a[i].genesis);
        fprintf(stderr, " has no pinned first txid (GENESIS:TXID): anyone can sign a first "
                        "transaction for it\n");
    }
}

struct verify_state {
    struct lxrp_anchor users[MAX_ANCHORS], producers[MAX_ANCHORS];
    struct lxrp_work work;
};

static int proof_verify(int argc, char **argv)
{
    struct verify_state *v = calloc(1, sizeof(*v));
    struct lxrp_trust t;
    struct lxrp_result res;
    struct lxrp_report rep;
    const char *file = NULL, *net = "mainnet", *hybrid = NULL;
    bool json = false, bad = false;
    uint8_t *buf = NULL;
    size_t len;
    int r, status = LX_EXIT_USAGE;

    memset(&t, 0, sizeof(t));
    for (int i = 1; i < argc && !bad && v != NULL; i++) {
        const char *val;

        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage_verify(stdout);
            free(v);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--require-blocks") == 0) {
            t.require_blocks = true;
        } else if ((val = opt_value(argc, argv, &i, "--trust", &bad)) != NULL) {
            bad = t.n_users == MAX_ANCHORS || parse_anchor(val, &v->users[t.n_users++]) != 0;
        } else if ((val = opt_value(argc, argv, &i, "--producer", &bad)) != NULL) {
            bad = t.n_producers == MAX_ANCHORS ||
                  parse_anchor(val, &v->producers[t.n_producers++]) != 0;
        } else if ((val = opt_value(argc, argv, &i, "--network", &bad)) != NULL) {
            net = val;
        } else if ((val = opt_value(argc, argv, &i, "--hybrid-name", &bad)) != NULL) {
            hybrid = val;
        } else if (argv[i][0] == '-' || file != NULL) {
            bad = true;
        } else {
            file = argv[i];
        }
    }
    if (v == NULL || bad || file == NULL || t.n_users == 0 || parse_network(net, &t.network) != 0) {
        usage_verify(stderr);
        goto done;
    }
    t.users = v->users;
    t.producers = v->producers;
    if (hybrid != NULL) {
        t.hybrid_name = (const uint8_t *)hybrid;
        t.hybrid_name_len = strlen(hybrid);
    }
    warn_unpinned(v->users, t.n_users, "--trust");
    warn_unpinned(v->producers, t.n_producers, "--producer");
    status = LX_EXIT_FAIL;
    if (lx_read_input("proof verify", file, &buf, &len) != 0)
        goto done;
    r = lxrp_verify(buf, len, &t, &v->work, &res, &rep);
    if (r != LX_OK) {
        if (json)
            print_failure_json(r, &rep);
        describe_failure(stderr, "proof verify", r, &rep);
        goto done;
    }
    if (json)
        print_result_json(&res);
    else
        print_result_text(&res);
    status = 0;
done:
    free(buf);
    free(v);
    return status;
}

int cmd_proof(int argc, char **argv)
{
    static const char list[] =
        "usage: lx proof make ...     build a register proof from chains (and blocks)\n"
        "       lx proof verify ...   verify one against trusted genesis ids\n"
        "'lx proof COMMAND --help' for each.\n";

    if (argc >= 1 && strcmp(argv[0], "make") == 0)
        return proof_make(argc, argv);
    if (argc >= 1 && strcmp(argv[0], "verify") == 0)
        return proof_verify(argc, argv);
    if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        fputs(list, stdout);
        return 0;
    }
    fputs(list, stderr);
    return LX_EXIT_USAGE;
}
