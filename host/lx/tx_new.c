/*
 * `lx tx new`: build and sign the next transaction of a signature chain
 * kept in a directory (one binary transaction per file, named by
 * sequence): the genesis transaction, a raw or read-only asset (optionally
 * named), a write to a raw asset, a name. The chain in the directory is
 * verified first, the keys are derived from user name, password and PIN
 * (and must be the ones the chain's hashNext committed to), and the new
 * transaction is verified as the next link before it is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "base/status.h"
#include "chaincheck.h"
#include "credentials.h"
#include "crypto/sk.h"
#include "ledger/address.h"
#include "ledger/contract.h"
#include "ledger_msg.h"
#include "lx.h"
#include "opts.h"
#include "tx_new.h"
#include "txbuild.h"
#include "txio.h"

#define CMD "lx tx new"
#define MAX_VALUE (REG_MAX_DATA - 8)    /* u16 type + CompactSize + value within 1 KB */

static const char USAGE[] =
    "usage: lx tx new KIND USERNAME --chain DIR [options]\n"
    "  Builds, signs and appends the next transaction of USERNAME's signature\n"
    "  chain in DIR (one transaction per file, DIR/NNNNNNNN.tx by sequence). The\n"
    "  chain in DIR is verified first; the keys come from USERNAME, password and\n"
    "  PIN and must match the chain's hashNext. Brainpool signatures only.\n"
    "KIND:\n"
    "  genesis --network private|hybrid [--hybrid-name NAME]\n"
    "        the first transaction: creates the crypto register (auth, network,\n"
    "        sign keys). DIR is created; it must not hold transactions yet.\n"
    "        (mainnet/testnet first transactions need proof of work: not built.)\n"
    "  asset (--data TEXT | --data-file FILE) [--readonly] [--name NAME]\n"
    "        a raw (or read-only) asset register at a random address holding the\n"
    "        value, e.g. an fs-verity digest in hex; raw values are zero-padded\n"
    "        to the next multiple of 128 bytes; --name also creates NAME for it\n"
    "  write (--address ADDR | --name NAME) (--data TEXT | --data-file FILE)\n"
    "        a new value for one of your raw assets (at most its padded length)\n"
    "  name --name NAME --address ADDR\n"
    "        a name in your namespace for a register address\n"
    "options:\n"
    "  --secrets-file FILE | --secrets-stdin   password and PIN as lines\n"
    "        'password=...' and 'pin=...' (default: asked on the terminal)\n"
    "  --timestamp UNIX   nTimestamp (default now; not before the previous one)\n"
    "  --hybrid-name NAME the hybrid network's name (hashPrevTx of first txs)\n"
    "ADDR is 64 hex digits (as the node prints it) or the Base58 form. NAME is\n"
    "1-128 characters of A-Z a-z 0-9 . _ -\n"
    "Prints the txid, the file written and, for an asset, its address.\n";

struct new_opts {
    const char *kind, *user, *dir, *network, *hybrid, *data, *data_file, *name, *address;
    const char *timestamp, *secrets_file;
    bool readonly, secrets_stdin;
};

/* The chain so far and what the new transaction inherits from it. */
struct chain_ctx {
    struct tx_blob *v;
    size_t n;
    struct ledger_chain_config cfg;
    struct ledger_chain_state head;
    uint32_t version;
};

/* The keys a transaction needs; genesis also the crypto-register keys. */
struct keys {
    struct cred_key sign, next, auth, network, sig;
    uint8_t genesis[32];
};

static void keys_free(struct keys *k)
{
    cred_key_free(&k->sign);
    cred_key_free(&k->next);
    cred_key_free(&k->auth);
    cred_key_free(&k->network);
    cred_key_free(&k->sig);
}

/* ---- inputs ---------------------------------------------------------------- */

static int check_name(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n > TXB_NAME_MAX ||
        strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != n) {
        fprintf(stderr, CMD ": name '%s': 1-%d characters of A-Z a-z 0-9 . _ -\n", name,
                TXB_NAME_MAX);
        return -1;
    }
    return 0;
}

static int parse_address(const char *text, uint8_t raw[32])
{
    size_t n = strlen(text);

    if ((n == ADDR_HEX_LEN && addr_from_hex(text, n, raw) == LX_OK) ||
        (n != ADDR_HEX_LEN && addr_from_base58(text, n, raw) == LX_OK))
        return 0;
    fprintf(stderr, CMD ": address '%s': not 64 hex digits nor a valid Base58 address\n", text);
    return -1;
}

static int load_value(const struct new_opts *o, uint8_t *buf, size_t *len)
{
    if ((o->data == NULL) == (o->data_file == NULL)) {
        fprintf(stderr, CMD " %s: give one of --data or --data-file\n", o->kind);
        return -1;
    }
    if (o->data != NULL) {
        *len = strlen(o->data);
        memcpy(buf, o->data, *len <= MAX_VALUE ? *len : 0);
    } else {
        FILE *f = fopen(o->data_file, "rb");
        if (f == NULL) {
            fprintf(stderr, CMD ": %s: %s\n", o->data_file, strerror(errno));
            return -1;
        }
        *len = fread(buf, 1, MAX_VALUE + 1, f);
        fclose(f);
    }
    if (*len == 0 || *len > MAX_VALUE) {
        fprintf(stderr, CMD ": the value must be 1 to %d bytes\n", MAX_VALUE);
        return -1;
    }
    return 0;
}

/* ---- the chain so far ------------------------------------------------------ */

static int load_chain(const struct new_opts *o, struct chain_ctx *c)
{
    char err[512];
    struct stat st;
    struct check_fail f;
    static struct ledger_tx tx;

    memset(c, 0, sizeof(*c));
    if (o->hybrid) {
        c->cfg.hybrid_name = (const uint8_t *)o->hybrid;
        c->cfg.hybrid_name_len = strlen(o->hybrid);
    }
    if (stat(o->dir, &st) != 0 && errno == ENOENT)
        return 0;
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, CMD ": %s is not a directory\n", o->dir);
        return -1;
    }
    if (txio_load_chain(o->dir, &c->v, &c->n, err, sizeof(err)) != 0) {
        fprintf(stderr, CMD ": %s\n", err);
        return -1;
    }
    if (c->n == 0)
        return 0;
    size_t skipped;
    int net = txio_parse(&tx, &c->v[0], &skipped, NULL) == LX_OK ? txio_network_of(tx.genesis)
                                                                  : -1;
    c->cfg.network = net < 0 ? LEDGER_NET_MAINNET : (enum ledger_network)net;
    int r = check_chain(c->v, c->n, &c->cfg, &tx, &c->head, &f);
    if (r != LX_OK) {
        fprintf(stderr, CMD ": the chain in %s does not verify: %s: %s\n", o->dir,
                c->v[f.index].name, ledger_msg(r));
        return -1;
    }
    c->version = tx.version;
    return 0;
}

/* ---- keys ---------------------------------------------------------------- */

static int derive(const struct new_opts *o, const struct secrets *s, uint32_t seq, int net,
                  struct keys *k)
{
    bool first = seq == 0;
    size_t ul = strlen(o->user);
    struct progress p;
    int r;

    memset(k, 0, sizeof(*k));
    progress_init(&p, "Argon2id", (first ? 6 : 2) * CRED_WORK_BYTES);
    r = cred_derive_bp(o->user, ul, s, seq, NULL, &k->sign, &p);
    if (r == 0)
        r = cred_derive_bp(o->user, ul, s, seq + 1, NULL, &k->next, &p);
    if (r == 0 && first) {
        r = cred_derive_bp(o->user, ul, s, 0, "auth", &k->auth, &p);
        if (r == 0)
            r = cred_derive_bp(o->user, ul, s, 0, "network", &k->network, &p);
        if (r == 0)
            r = cred_derive_bp(o->user, ul, s, 0, "sign", &k->sig, &p);
        if (r == 0)
            r = cred_genesis(o->user, ul, ledger_user_type(net), k->genesis, &p);
    }
    progress_done(&p);
    if (r != 0)
        fprintf(stderr, CMD ": key derivation failed\n");
    return r;
}

/* ---- contracts by kind ------------------------------------------------------ */

/* The name's address in the caller's namespace; -1 when it is taken. */
static int free_name(const struct chain_ctx *c, const char *name, uint8_t addr[32])
{
    uint8_t ser[REG_MAX_STATE_SIZE];
    struct reg_state st;

    addr_of_name(NULL, 0, (const uint8_t *)name, strlen(name), c->head.genesis, addr);
    if (txb_register_state(c->v, c->n, addr, ser, &st) != 0) {
        fprintf(stderr, CMD ": the name '%s' already exists in this chain\n", name);
        return -1;
    }
    return 0;
}

static int add_name(struct txb *b, const struct chain_ctx *c, const char *name,
                    const uint8_t target[32])
{
    uint8_t addr[32];

    if (check_name(name) != 0 || free_name(c, name, addr) != 0)
        return -1;
    return txb_name(b, name, strlen(name), target, NULL);
}

static int add_asset(struct txb *b, const struct chain_ctx *c, const struct new_opts *o,
                     uint8_t addr[32])
{
    uint8_t value[MAX_VALUE + 1];
    size_t len;

    if (load_value(o, value, &len) != 0 || (o->name && check_name(o->name) != 0))
        return -1;
    if (RAND_bytes(addr, 32) != 1)
        return -1;
    addr[31] = o->readonly ? ADDR_READONLY : ADDR_RAW;
    if (txb_asset(b, addr, o->readonly, value, len) != 0) {
        fprintf(stderr, CMD ": the value does not fit a register\n");
        return -1;
    }
    return o->name ? add_name(b, c, o->name, addr) : 0;
}

/* The address --name NAME stands for (via the chain's name register). */
static int resolve_name(const struct chain_ctx *c, const char *name, uint8_t target[32])
{
    uint8_t addr[32], ser[REG_MAX_STATE_SIZE];
    struct reg_state st;
    struct reg_name nm;

    addr_of_name(NULL, 0, (const uint8_t *)name, strlen(name), c->head.genesis, addr);
    if (txb_register_state(c->v, c->n, addr, ser, &st) != 1 ||
        reg_name_parse(&st, &nm, NULL) != LX_OK) {
        fprintf(stderr, CMD ": no name '%s' in this chain\n", name);
        return -1;
    }
    memcpy(target, nm.target, 32);
    return 0;
}

static int add_write(struct txb *b, const struct chain_ctx *c, const struct new_opts *o)
{
    uint8_t addr[32], ser[REG_MAX_STATE_SIZE], value[MAX_VALUE + 1], data[REG_MAX_DATA];
    struct reg_state pre;
    struct reg_asset cur;
    size_t len, dlen;

    if ((o->name == NULL) == (o->address == NULL)) {
        fprintf(stderr, CMD " write: give one of --name or --address\n");
        return -1;
    }
    if ((o->name ? resolve_name(c, o->name, addr) : parse_address(o->address, addr)) != 0 ||
        load_value(o, value, &len) != 0)
        return -1;
    int found = txb_register_state(c->v, c->n, addr, ser, &pre);
    if (found != 1) {
        fprintf(stderr, CMD ": this chain %s that register\n",
                found == 0 ? "never created or claimed" : "cannot replay the history of");
        return -1;
    }
    if (pre.type != REG_RAW || memcmp(pre.owner, c->head.genesis, 32) != 0 ||
        reg_asset_parse(pre.data, pre.data_len, &cur, NULL) != LX_OK) {
        fprintf(stderr, CMD ": the register is %s\n",
                pre.type != REG_RAW ? "not a raw asset (read-only assets cannot be written)"
                                    : "not owned by this chain (transferred?)");
        return -1;
    }
    if (txb_asset_data(value, len, cur.value_len, data, &dlen) != 0) {
        fprintf(stderr, CMD ": the value is longer than the register's %zu bytes\n",
                cur.value_len);
        return -1;
    }
    return txb_write(b, addr, &pre, data, dlen) == LX_OK ? 0 : -1;
}

/* ---- header, checks, output --------------------------------------------------- */

static int set_header(struct txb *b, const struct new_opts *o, const struct chain_ctx *c,
                      const uint8_t genesis[32])
{
    unsigned long long ts = (unsigned long long)time(NULL);

    if (o->timestamp && opts_u64(CMD, "timestamp", o->timestamp, UINT64_MAX, &ts) != 0)
        return -1;
    if (c->n > 0 && ts < c->head.timestamp) {
        if (o->timestamp) {
            fprintf(stderr, CMD ": --timestamp is before the previous transaction's\n");
            return -1;
        }
        ts = c->head.timestamp;
    }
    b->tx.version = c->n ? c->version : TXB_TX_VERSION;
    b->tx.sequence = c->n ? c->head.sequence + 1 : 0;
    b->tx.timestamp = ts;
    memcpy(b->tx.genesis, genesis, 32);
    if (c->n) {
        memcpy(b->tx.prev_tx, c->head.txid, 64);
        memcpy(b->tx.hash_recovery, c->head.hash_recovery, 32);
    } else {
        sk512(c->cfg.hybrid_name ? c->cfg.hybrid_name : (const uint8_t *)"",
              c->cfg.hybrid_name_len, b->tx.prev_tx);
    }
    b->tx.key_type = LEDGER_KEY_BRAINPOOL;
    b->tx.next_type = LEDGER_KEY_BRAINPOOL;
    return 0;
}

/* The new transaction verifies as the next link (contracts included). */
static int self_check(const struct chain_ctx *c, const uint8_t *enc, size_t len)
{
    static struct ledger_tx tx;
    struct ledger_chain_state st = c->head;
    struct check_fail f;
    int r = LX_OK;

    if (c->n == 0)
        r = ledger_chain_init(&st, &c->cfg);
    if (r == LX_OK)
        r = ledger_chain_append(&st, &c->cfg, &tx, enc, len, NULL);
    if (r == LX_OK)
        r = check_contracts(&tx, &f);
    if (r != LX_OK)
        fprintf(stderr, CMD ": the built transaction does not verify: %s\n", ledger_msg(r));
    return r == LX_OK ? 0 : -1;
}

static int write_tx(const char *dir, uint32_t seq, const uint8_t *enc, size_t len, char *path,
                    size_t cap)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, CMD ": %s: %s\n", dir, strerror(errno));
        return -1;
    }
    snprintf(path, cap, "%s/%08u.tx", dir, seq);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0 || write(fd, enc, len) != (ssize_t)len || close(fd) != 0) {
        fprintf(stderr, CMD ": %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            unlink(path);
        return -1;
    }
    return 0;
}

static int check_opts(const struct new_opts *o, const struct chain_ctx *c, int *net)
{
    bool genesis = strcmp(o->kind, "genesis") == 0;

    if (!genesis && strcmp(o->kind, "asset") && strcmp(o->kind, "write") &&
        strcmp(o->kind, "name")) {
        fprintf(stderr, CMD ": unknown KIND '%s' (genesis, asset, write, name)\n", o->kind);
        return -1;
    }
    if (strlen(o->user) == 0 || strlen(o->user) > CRED_MAX_USERNAME) {
        fprintf(stderr, CMD ": the user name must be 1 to %d bytes\n", CRED_MAX_USERNAME);
        return -1;
    }
    if (genesis != (c->n == 0)) {
        fprintf(stderr, CMD ": %s\n", genesis ? "the chain directory already holds transactions"
                                              : "no chain yet in that directory: start with "
                                                "'genesis'");
        return -1;
    }
    if (!genesis)
        return (*net = (int)c->cfg.network), 0;
    *net = opts_network(CMD, o->network, -1);
    if (*net != LEDGER_NET_PRIVATE && *net != LEDGER_NET_HYBRID) {
        fprintf(stderr, CMD " genesis: --network private or hybrid (mainnet and testnet first "
                        "transactions need the Argon2 proof of work, which lx does not make)\n");
        return -1;
    }
    return 0;
}

static int build(const struct new_opts *o, struct chain_ctx *c, const struct keys *k,
                 struct txb *b, uint8_t asset[32])
{
    int r = set_header(b, o, c, c->n ? c->head.genesis : k->genesis);

    if (r != 0)
        return -1;
    if (strcmp(o->kind, "genesis") == 0)
        return txb_genesis(b, k->auth.pub, k->network.pub, k->sig.pub);
    if (strcmp(o->kind, "asset") == 0)
        return add_asset(b, c, o, asset);
    if (strcmp(o->kind, "write") == 0)
        return add_write(b, c, o);
    uint8_t target[32];
    if (o->name == NULL || o->address == NULL) {
        fprintf(stderr, CMD " name: needs --name and --address\n");
        return -1;
    }
    return parse_address(o->address, target) == 0 ? add_name(b, c, o->name, target) : -1;
}

/* Keys for transaction seq; for a follow-up, the signing key must be the one
 * hashNext committed to. */
static int get_keys(const struct new_opts *o, const struct chain_ctx *c, int net,
                    struct keys *k)
{
    struct secrets s;
    uint32_t seq = c->n ? c->head.sequence + 1 : 0;
    uint8_t h[32];

    if (c->n && c->head.next_type != LEDGER_KEY_BRAINPOOL) {
        fprintf(stderr, CMD ": the chain's next key is FALCON; lx signs with Brainpool only\n");
        return -1;
    }
    if (opts_secrets(CMD, o->secrets_file, o->secrets_stdin, o->user, &s) != 0)
        return -1;
    int r = derive(o, &s, seq, net, k);
    secret_wipe(&s);
    if (r != 0)
        return -1;
    sk256(k->sign.pub, sizeof(k->sign.pub), h);
    if (c->n && memcmp(h, c->head.hash_next, 32) != 0) {
        fprintf(stderr, CMD ": user name, password or PIN do not give the key the chain's "
                        "hashNext commits to for sequence %u\n", seq);
        return -1;
    }
    return 0;
}

static int run(const struct new_opts *o)
{
    static struct txb b;
    static uint8_t enc[TXB_ENC_MAX];
    struct chain_ctx c;
    struct keys k;
    uint8_t txid[64], asset[32] = { 0 };
    char path[4200], hex[129];
    size_t len;
    int net, status = LX_EXIT_FAIL;

    if (load_chain(o, &c) != 0)
        return LX_EXIT_FAIL;
    if (check_opts(o, &c, &net) != 0) {
        txio_free_chain(c.v, c.n);
        return LX_EXIT_USAGE;
    }
    if (net == LEDGER_NET_HYBRID && c.n == 0)
        c.cfg.network = LEDGER_NET_HYBRID;
    else if (c.n == 0)
        c.cfg.network = LEDGER_NET_PRIVATE;
    txb_init(&b);
    memset(&k, 0, sizeof(k));
    if (get_keys(o, &c, net, &k) == 0 && build(o, &c, &k, &b, asset) == 0 &&
        txb_sign_encode(&b, &k.sign, &k.next, enc, sizeof(enc), &len) == 0 &&
        self_check(&c, enc, len) == 0 &&
        write_tx(o->dir, b.tx.sequence, enc, len, path, sizeof(path)) == 0) {
        ledger_tx_txid(&b.tx, txid);
        txio_gethex(txid, 64, hex);
        printf("txid      %s\nfile      %s\n", hex, path);
        if (asset[31]) {
            char ahex[ADDR_HEX_LEN + 1], b58[ADDR_BASE58_MAX];
            addr_to_hex(asset, ahex);
            addr_to_base58(asset, b58);
            printf("address   %s\nbase58    %s\n", ahex, b58);
        }
        status = 0;
    }
    keys_free(&k);
    txio_free_chain(c.v, c.n);
    return status;
}

int tx_new(int argc, char **argv)
{
    struct new_opts o = { 0 };
    const struct opt table[] = {
        { "chain", &o.dir, NULL },           { "network", &o.network, NULL },
        { "hybrid-name", &o.hybrid, NULL },  { "data", &o.data, NULL },
        { "data-file", &o.data_file, NULL }, { "name", &o.name, NULL },
        { "address", &o.address, NULL },     { "timestamp", &o.timestamp, NULL },
        { "secrets-file", &o.secrets_file, NULL },
        { "secrets-stdin", NULL, &o.secrets_stdin },
        { "readonly", NULL, &o.readonly },
    };
    struct opts po;

    if (opts_parse(CMD, argc, argv, table, (int)(sizeof(table) / sizeof(table[0])), &po) != 0 ||
        po.help || po.npos != 2 || o.dir == NULL) {
        if (!po.help && po.npos == 2 && o.dir == NULL)
            fprintf(stderr, CMD ": --chain DIR is required\n");
        fputs(USAGE, po.help ? stdout : stderr);
        return po.help ? 0 : LX_EXIT_USAGE;
    }
    o.kind = po.pos[0];
    o.user = po.pos[1];
    return run(&o);
}
