/*
 * `lx tx`: Nexus Tritium transactions — show (decode to text or JSON),
 * verify (well-formed, contracts replay, signature verifies) and new
 * (build and sign the next transaction of a chain; see tx_new.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/status.h"
#include "chaincheck.h"
#include "hex.h"
#include "ledger/address.h"
#include "ledger/contract.h"
#include "ledger_msg.h"
#include "lx.h"
#include "opts.h"
#include "tx_new.h"
#include "txio.h"

static const char SHOW_USAGE[] =
    "usage: lx tx show FILE|HEX [--json]\n"
    "  Decodes one serialised transaction (binary or hex file, or hex; the API's\n"
    "  raw form with its leading 03 byte is accepted) and prints every field:\n"
    "  hashes as the node prints them (most-significant byte first), contracts\n"
    "  decoded. Decoding checks the encoding only; see 'lx tx verify'.\n";

static const char VERIFY_USAGE[] =
    "usage: lx tx verify FILE|HEX [--network NET] [--json]\n"
    "  Exit 0 only when the transaction is well-formed, passes the node's\n"
    "  per-transaction rules for its network (by default the one its genesis\n"
    "  type byte names), every contract decodes and its register states replay,\n"
    "  and the signature verifies under the key it carries. It does not show\n"
    "  that the key is the one the chain committed to: use 'lx chain verify'.\n"
    "  --json prints the verdict as one object on stdout (same exit status).\n";

/* ---- output helpers ------------------------------------------------------ */

struct out {
    FILE *f;
    bool json;
    bool first;         /* no member written yet in the current JSON object */
};

static void json_string(FILE *f, const uint8_t *p, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"' || p[i] == '\\')
            fprintf(f, "\\%c", p[i]);
        else if (p[i] < 0x20 || p[i] >= 0x7f)
            fprintf(f, "\\u%04x", p[i]);
        else
            fputc(p[i], f);
    }
    fputc('"', f);
}

static void key(struct out *o, const char *k, int indent)
{
    if (o->json) {
        fprintf(o->f, "%s\"%s\":", o->first ? "" : ",", k);
        o->first = false;
    } else {
        fprintf(o->f, "%*s%-13s ", indent, "", k);
    }
}

static void put_str(struct out *o, const char *k, int indent, const char *v)
{
    key(o, k, indent);
    if (o->json)
        json_string(o->f, (const uint8_t *)v, strlen(v));
    else
        fputs(v, o->f);
    if (!o->json)
        fputc('\n', o->f);
}

static void put_u64(struct out *o, const char *k, int indent, unsigned long long v)
{
    key(o, k, indent);
    fprintf(o->f, o->json ? "%llu" : "%llu\n", v);
}

static void put_hex(struct out *o, const char *k, int indent, const uint8_t *p, size_t n)
{
    char buf[2 * 1100 + 1];
    char *hex = n <= 1100 ? buf : NULL;

    if (hex == NULL) {
        put_str(o, k, indent, "(too long to print)");
        return;
    }
    hex_encode(p, n, hex);
    put_str(o, k, indent, hex);
}

static void put_gethex(struct out *o, const char *k, int indent, const uint8_t *raw, size_t n)
{
    char hex[2 * 128 + 1];

    txio_gethex(raw, n, hex);
    put_str(o, k, indent, hex);
}

static void put_address(struct out *o, const char *k, int indent, const uint8_t raw[32])
{
    char b58[ADDR_BASE58_MAX], name[96];

    put_gethex(o, k, indent, raw, 32);
    addr_to_base58(raw, b58);
    snprintf(name, sizeof(name), "%s_base58", k);
    put_str(o, o->json ? name : "", indent + 2, b58);
}

static const char *key_type_name(uint8_t t)
{
    return t == LEDGER_KEY_BRAINPOOL ? "BRAINPOOL" : t == LEDGER_KEY_FALCON ? "FALCON"
                                                                             : "unknown";
}

static const char *reg_type_name(uint8_t t)
{
    static const char *const names[] = { "?", "READONLY", "APPEND", "RAW", "OBJECT", "SYSTEM" };
    return t >= 1 && t <= 5 ? names[t] : "unknown";
}

/* Asset data as text when it is u16 type + printable string (zero padding
 * dropped). */
static void put_asset(struct out *o, int indent, uint8_t reg_type, const uint8_t *d, size_t n)
{
    struct reg_asset a;
    char text[REG_MAX_DATA + 1];

    if ((reg_type != REG_RAW && reg_type != REG_READONLY) ||
        reg_asset_parse(d, n, &a, NULL) != LX_OK)
        return;
    size_t len = a.value_len;
    while (len > 0 && a.value[len - 1] == 0)
        len--;
    for (size_t i = 0; i < len; i++)
        if (a.value[i] < 0x20 || a.value[i] >= 0x7f)
            return;
    memcpy(text, a.value, len);
    text[len] = '\0';
    put_u64(o, "asset_type", indent, a.user_type);
    put_str(o, "asset_value", indent, text);
}

static void put_contract(struct out *o, const struct ledger_contract *lc, int index)
{
    struct contract c;
    size_t off = 0;
    int r = contract_decode_exact(lc->raw.p, lc->raw.len, &c, &off);
    const char *op = r == LX_OK ? contract_op_name(c.op) : NULL;

    if (o->json) {
        fprintf(o->f, "%s{", index ? "," : "");
        o->first = true;
    } else {
        fprintf(o->f, "  contract %d\n", index);
    }
    put_hex(o, "contract_hex", 4, lc->raw.p, lc->raw.len);
    if (r != LX_OK) {
        char msg[160];
        snprintf(msg, sizeof(msg), "%s (byte %zu)", ledger_msg(r), off);
        put_str(o, "error", 4, msg);
    } else {
        put_str(o, "op", 4, op ? op : "unknown");
        if (c.conditional || c.validate)
            put_str(o, "prefix", 4, c.conditional ? "CONDITION" : "VALIDATE");
        if (c.address)
            put_address(o, "address", 4, c.address);
        if (c.op == OP_CREATE)
            put_str(o, "register_type", 4, reg_type_name(c.reg_type));
        if (c.data) {
            put_hex(o, "data", 4, c.data, c.data_len);
            put_asset(o, 4, c.op == OP_CREATE ? c.reg_type : c.has_pre ? c.pre.type : 0,
                      c.data, c.data_len);
        }
        if (c.recipient)
            put_gethex(o, "recipient", 4, c.recipient, 32);
        if (c.op == OP_TRANSFER)
            put_str(o, "transfer", 4, c.transfer_flag == TRANSFER_FORCE ? "FORCE" : "CLAIM");
        if (c.txid)
            put_gethex(o, "txid", 4, c.txid, 64);
        if (c.op == OP_CLAIM)
            put_u64(o, "contract_index", 4, c.contract_index);
        if (c.genesis)
            put_gethex(o, "genesis", 4, c.genesis, 32);
        if (c.cond_len)
            put_hex(o, "condition", 4, c.cond, c.cond_len);
        if (c.has_pre) {
            put_gethex(o, "pre_owner", 4, c.pre.owner, 32);
            put_u64(o, "pre_checksum", 4, c.pre.checksum);
        }
        if (c.has_post)
            put_u64(o, "post_checksum", 4, c.post_checksum);
    }
    if (o->json)
        fputc('}', o->f);
}

static void show(struct out *o, const struct ledger_tx *tx)
{
    uint8_t txid[64], h[32];
    char when[64];
    time_t t = (time_t)tx->timestamp;
    struct tm tm;

    ledger_tx_txid(tx, txid);
    if (o->json) {
        fputc('{', o->f);
        o->first = true;
    }
    put_gethex(o, "txid", 0, txid, 64);
    put_u64(o, "version", 0, tx->version);
    put_u64(o, "sequence", 0, tx->sequence);
    put_u64(o, "timestamp", 0, tx->timestamp);
    if (gmtime_r(&t, &tm) != NULL && strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm))
        put_str(o, o->json ? "time" : "", 2, when);
    put_gethex(o, "genesis", 0, tx->genesis, 32);
    int net = txio_network_of(tx->genesis);
    put_str(o, o->json ? "network" : "", 2, txio_network_name(net));
    put_gethex(o, "nexthash", 0, tx->hash_next, 32);
    put_gethex(o, "recovery", 0, tx->hash_recovery, 32);
    put_gethex(o, "prevhash", 0, tx->prev_tx, 64);
    put_str(o, "keytype", 0, key_type_name(tx->key_type));
    put_str(o, "nexttype", 0, key_type_name(tx->next_type));
    put_hex(o, "pubkey", 0, tx->pubkey.p, tx->pubkey.len);
    ledger_tx_key_hash(tx, h);
    put_gethex(o, "pubkey_hash", 0, h, 32);
    put_hex(o, "signature", 0, tx->sig.p, tx->sig.len);
    put_u64(o, "contracts", 0, tx->n_contracts);
    if (o->json)
        fprintf(o->f, ",\"contract\":[");
    for (uint32_t i = 0; i < tx->n_contracts; i++) {
        struct out inner = *o;
        put_contract(&inner, &tx->contracts[i], (int)i);
    }
    fputs(o->json ? "]}\n" : "", o->f);
}

/* ---- show / verify ------------------------------------------------------- */

/* Loads and parses; prints the failure. 0 or LX_EXIT_FAIL. */
static int load_parse(const char *cmd, const char *arg, struct tx_blob *b, struct ledger_tx *tx)
{
    char err[512];
    size_t off = 0, skipped;

    if (txio_load_one(arg, b, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", cmd, err);
        return LX_EXIT_FAIL;
    }
    int r = txio_parse(tx, b, &skipped, &off);
    if (r != LX_OK) {
        fprintf(stderr, "%s: %s: not a transaction: %s (at byte %zu)\n", cmd, b->name,
                ledger_msg(r), off);
        txio_blob_free(b);
        return LX_EXIT_FAIL;
    }
    return 0;
}

static int tx_show(int argc, char **argv)
{
    bool json = false;
    const struct opt table[] = { { "json", NULL, &json } };
    struct opts o;
    struct tx_blob b;
    static struct ledger_tx tx;

    if (opts_parse("lx tx show", argc, argv, table, 1, &o) != 0 || o.help || o.npos != 1) {
        fputs(SHOW_USAGE, o.help ? stdout : stderr);
        return o.help ? 0 : LX_EXIT_USAGE;
    }
    if (load_parse("lx tx show", o.pos[0], &b, &tx) != 0)
        return LX_EXIT_FAIL;
    struct out out = { stdout, json, true };
    show(&out, &tx);
    txio_blob_free(&b);
    return 0;
}

/* "contract 1: " or "" */
static void where(const struct check_fail *f, char *buf, size_t cap)
{
    if (f->contract >= 0 && f->err_off)
        snprintf(buf, cap, "contract %d (byte %zu): ", f->contract, f->err_off);
    else if (f->contract >= 0)
        snprintf(buf, cap, "contract %d: ", f->contract);
    else
        buf[0] = '\0';
}

static int tx_verify(int argc, char **argv)
{
    const char *network = NULL;
    bool json = false;
    const struct opt table[] = { { "network", &network, NULL }, { "json", NULL, &json } };
    struct opts o;
    struct tx_blob b;
    struct check_fail f;
    static struct ledger_tx tx;
    char at[64], hex[129];
    uint8_t txid[64];

    if (opts_parse("lx tx verify", argc, argv, table, 2, &o) != 0 || o.help || o.npos != 1) {
        fputs(VERIFY_USAGE, o.help ? stdout : stderr);
        return o.help ? 0 : LX_EXIT_USAGE;
    }
    int net = opts_network("lx tx verify", network, -2);
    if (net == -1)
        return LX_EXIT_USAGE;
    if (load_parse("lx tx verify", o.pos[0], &b, &tx) != 0)
        return LX_EXIT_FAIL;
    if (net == -2 && (net = txio_network_of(tx.genesis)) < 0) {
        fprintf(stderr, "lx tx verify: %s: hashGenesis type byte 0x%02x is no network's\n",
                b.name, tx.genesis[31]);
        txio_blob_free(&b);
        return LX_EXIT_FAIL;
    }
    int r = check_tx(&tx, (enum ledger_network)net, &f);
    ledger_tx_txid(&tx, txid);
    txio_gethex(txid, 64, hex);
    where(&f, at, sizeof(at));
    if (json)
        printf("{\"ok\":%s,\"network\":\"%s\",\"sequence\":%u,\"txid\":\"%s\","
               "\"contract\":%d,\"code\":%d,\"reason\":\"%s\"}\n",
               r == LX_OK ? "true" : "false", txio_network_name(net), tx.sequence, hex,
               f.contract, r, ledger_msg(r));
    else if (r != LX_OK)
        fprintf(stderr, "lx tx verify: %s: refused: %s%s\n", b.name, at, ledger_msg(r));
    else
        printf("%s: ok (%s, sequence %u, %s signature) txid %s\n", b.name,
               txio_network_name(net), tx.sequence, key_type_name(tx.key_type), hex);
    txio_blob_free(&b);
    return r == LX_OK ? 0 : LX_EXIT_FAIL;
}

static const struct lx_cmd tx_cmds[] = {
    { "show", tx_show, "FILE|HEX [--json]   decode a transaction" },
    { "verify", tx_verify, "FILE|HEX [--network NET]   check format, contracts, signature" },
    { "new", tx_new, "KIND USERNAME --chain DIR ...   build and sign (genesis|asset|write|name)" },
};

int cmd_tx(int argc, char **argv)
{
    return opts_dispatch("tx", tx_cmds, 3, argc, argv);
}
