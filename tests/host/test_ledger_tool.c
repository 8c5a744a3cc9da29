/*
 * The `lx id`, `lx tx` and `lx chain` commands end to end, run as a
 * program on the LLL-TAO fixtures: genesis ids and keys as the node prints
 * them; show (text and JSON) and verify of every fixture transaction;
 * mutated, truncated and extended transactions refused with the field
 * named; every fixture chain verified (file and directory forms) and
 * broken chains refused at the right transaction; `lx tx new` building a
 * fresh chain (genesis, raw asset with a name, read-only asset, name,
 * write) whose transactions verify and match the fixture transactions of
 * the same kind field by field, and extending alice's real chain with her
 * rotated credentials; wrong secrets refused; no secret in any output, and
 * none echoed when typed at the terminal prompt.
 */
#include "test.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/status.h"
#include "hex.h"
#include "ledger/contract.h"
#include "ledger/tx.h"
#include "tool_run.h"
#include "vec.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

#define TXS "fixtures/nexus/chain/transactions.json"
#define USERS "fixtures/nexus/chain/users.json"
/* Non-hex characters, so they cannot turn up inside printed hashes. */
#define PASSWORD "lx-test-password-Qz"
#define PIN "pin-Qz-4242"
#define VALUE "a0614b664a16ccd138f6250d2a5ae8c07baa7cf628d2cca8e9511609d9681afd"

static struct json *txs, *users;

static int setup(void **state)
{
    size_t n;
    char *t = vec_load(TXS, &n), *u = vec_load(USERS, &n);

    (void)state;
    if (t == NULL || u == NULL)
        return -1;
    txs = json_parse(t, strlen(t));
    users = json_parse(u, strlen(u));
    free(t);
    free(u);
    return txs && users ? tool_setup("ledger_tool") : -1;
}

static int teardown(void **state)
{
    (void)state;
    json_free(txs);
    json_free(users);
    return tool_teardown();
}

static const char *jstr(const struct json *j, const char *key)
{
    const char *s = json_str(json_get(j, key), NULL);

    assert_non_null(s);
    return s;
}

static const struct json *fixture(const char *user, long long seq)
{
    const struct json *list = json_get(txs, "transactions");

    for (size_t i = 0; i < json_len(list); i++) {
        const struct json *t = json_at(list, i);
        if (strcmp(jstr(t, "user"), user) == 0 && json_int(json_get(t, "sequence")) == seq)
            return t;
    }
    fail_msg("no transaction %s/%lld", user, seq);
    return NULL;
}

static const char *net_hex(const struct json *t)
{
    return jstr(json_get(t, "raw"), "tx_network_hex");
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* A user's chain as a hex-lines file (and as a directory when dir). */
static void chain_file(const char *user, const char *path, const char *dir)
{
    FILE *f = fopen(path, "w");
    char p[512];

    assert_non_null(f);
    if (dir)
        assert_int_equal(mkdir(dir, 0755), 0);
    for (long long s = 0;; s++) {
        const struct json *list = json_get(txs, "transactions");
        const struct json *t = NULL;
        for (size_t i = 0; i < json_len(list); i++)
            if (strcmp(jstr(json_at(list, i), "user"), user) == 0 &&
                json_int(json_get(json_at(list, i), "sequence")) == s)
                t = json_at(list, i);
        if (t == NULL)
            break;
        fprintf(f, "%s\n", net_hex(t));
        if (dir) {
            snprintf(p, sizeof(p), "%s/%08lld.tx", dir, s);
            write_text(p, net_hex(t));
        }
    }
    assert_int_equal(fclose(f), 0);
}

static void no_secrets(const struct run *r, const char *password, const char *pin)
{
    const char *outs[] = { r->out, r->err };

    for (int i = 0; i < 2; i++) {
        if (strstr(outs[i], password) != NULL || (pin && strstr(outs[i], pin) != NULL))
            fail_msg("a secret appears in the output: %s", outs[i]);
    }
}

/* ---- lx id ------------------------------------------------------------------ */

static void test_id_genesis(void **state)
{
    (void)state;
    struct run r = sh("%s id genesis alice --network private", tool_lx);
    expect_ok(&r);
    assert_string_equal(r.out, "b79ead583e88e06d31f1c4dedeb6ac91c77d1cbbb505eb320a745f7c97b8bf75\n");
    run_free(&r);
    r = sh("%s id genesis alice", tool_lx);                        /* mainnet by default */
    expect_ok(&r);
    assert_string_equal(r.out, "a19ead583e88e06d31f1c4dedeb6ac91c77d1cbbb505eb320a745f7c97b8bf75\n");
    run_free(&r);
    r = sh("%s id genesis alice --network moon", tool_lx);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--network must be"));
    run_free(&r);
    r = sh("%s id genesis --help", tool_lx);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: lx id genesis"));
    run_free(&r);
    r = sh("%s id", tool_lx);
    assert_int_equal(r.status, 2);
    run_free(&r);
}

static void test_id_keys(void **state)
{
    const struct json *alice = json_at(json_get(users, "users"), 0);
    const struct json *set = json_at(json_get(alice, "credential_sets"), 0);
    const struct json *k3 = json_at(json_get(set, "sigchain_keys"), 3);
    const struct json *k4 = json_at(json_get(set, "sigchain_keys"), 4);
    char sec[600], want[400], key[600];

    (void)state;
    snprintf(sec, sizeof(sec), "%s/alice.sec", tool_dir);
    write_text(sec, "password=alice-password-1\npin=1111\n");
    struct run r = sh("%s id keys alice --sequence 3 --network private --secrets-file %s", tool_lx,
                      sec);
    expect_ok(&r);
    snprintf(want, sizeof(want), "pubkey    %s\n", jstr(json_get(k3, "brainpool"), "pubkey"));
    assert_non_null(strstr(r.out, want));
    snprintf(want, sizeof(want), "hashNext  %s\n",
             jstr(json_get(k4, "brainpool"), "next_hash_SK256_pubkey"));
    assert_non_null(strstr(r.out, want));
    assert_non_null(strstr(r.out, "genesis   b79ead583e88"));
    no_secrets(&r, "alice-password-1", NULL);
    assert_null(strstr(r.out, jstr(k3, "secret_bytes")));
    run_free(&r);
    /* the private key only to a new 0600 file, on request */
    snprintf(key, sizeof(key), "%s/alice3.key", tool_dir);
    r = sh("%s id keys alice --sequence 3 --secrets-stdin --private-key-out %s --json < %s", tool_lx,
           key, sec);
    expect_ok(&r);
    assert_null(strstr(r.out, jstr(k3, "secret_bytes")));
    assert_non_null(strstr(r.out, "\"sequence\":3"));
    run_free(&r);
    struct stat st;
    assert_int_equal(stat(key, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    size_t n;
    char *text = (char *)slurp(key, &n);
    assert_int_equal(strncmp(text, jstr(k3, "secret_bytes"), 128), 0);
    free(text);
    r = sh("%s id keys alice --secrets-file %s --private-key-out %s", tool_lx, sec, key);
    assert_int_equal(r.status, 1);                              /* never overwritten */
    run_free(&r);
    /* secrets never from the command line, nor half given */
    r = sh("%s id keys alice --password x", tool_lx);
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = sh("printf 'password=x\\n' | %s id keys alice --secrets-stdin", tool_lx);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "needs both"));
    run_free(&r);
}

/* On a terminal (script(1) gives lx a pseudo-terminal): both prompts, no
 * echo of what is typed, the same key as from a file. */
static void test_id_keys_prompt(void **state)
{
    const struct json *set = json_at(json_get(json_at(json_get(users, "users"), 0),
                                              "credential_sets"), 0);
    const struct json *k3 = json_at(json_get(set, "sigchain_keys"), 3);

    (void)state;
    struct run r = sh("(sleep 1; printf 'alice-password-1\\n'; sleep 1; printf '1111\\n') | "
                      "script -qec '%s id keys alice --sequence 3' /dev/null",
                      tool_lx);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "Password for alice: "));
    assert_non_null(strstr(r.out, "PIN: "));
    assert_non_null(strstr(r.out, jstr(json_get(k3, "brainpool"), "pubkey")));
    assert_null(strstr(r.out, "alice-password-1"));
    assert_null(strstr(r.out, "1111\r"));
    run_free(&r);
}

/* ---- lx tx show / verify ------------------------------------------------------- */

static void test_tx_show(void **state)
{
    const struct json *t = fixture("alice", 1);
    char path[512];

    (void)state;
    snprintf(path, sizeof(path), "%s/alice1.hex", tool_dir);
    write_text(path, net_hex(t));
    struct run r = sh("%s tx show %s", tool_lx, path);
    expect_ok(&r);
    assert_non_null(strstr(r.out, jstr(t, "txid")));
    assert_non_null(strstr(r.out, "op            CREATE"));
    assert_non_null(strstr(r.out, "register_type RAW"));
    assert_non_null(strstr(r.out, "asset_value   " VALUE));
    assert_non_null(strstr(r.out, "86QJ2ZSyCVTKPKy9vuNYbxMJRynZxxa8VLuGKSjBs5UpLbPsrQG"));
    run_free(&r);
    /* JSON, from hex on the command line, API raw form with its 03 byte */
    r = sh("%s tx show --json %s", tool_lx, jstr(json_get(t, "raw"), "api_format_raw_hex"));
    expect_ok(&r);
    struct json *j = json_parse(r.out, r.out_len);
    assert_non_null(j);
    assert_string_equal(jstr(j, "txid"), jstr(t, "txid"));
    assert_string_equal(jstr(j, "genesis"), jstr(t, "genesis"));
    assert_string_equal(jstr(j, "nexthash"), jstr(json_get(t, "decoded"), "hashNext"));
    assert_int_equal(json_int(json_get(j, "sequence")), 1);
    assert_int_equal(json_len(json_get(j, "contract")), 2);
    const struct json *c1 = json_at(json_get(j, "contract"), 1);
    assert_string_equal(jstr(c1, "op"), "CREATE");
    assert_string_equal(jstr(c1, "register_type"), "OBJECT");
    json_free(j);
    run_free(&r);
    r = sh("%s tx show 0102zz", tool_lx);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "not hex"));
    run_free(&r);
}

static void test_tx_verify_fixtures(void **state)
{
    const struct json *list = json_get(txs, "transactions");

    (void)state;
    assert_int_equal(json_len(list), 38);
    for (size_t i = 0; i < json_len(list); i++) {
        const struct json *t = json_at(list, i);
        struct run r = sh("%s tx verify %s", tool_lx, net_hex(t));
        expect_ok(&r);
        assert_non_null(strstr(r.out, jstr(t, "txid")));
        run_free(&r);
    }
}

/* Changes hex digit pair `byte` of the transaction (XOR 0x01), or cuts /
 * extends it; expects exit 1 with `needle`. */
static void mutated(const char *hex, long byte, int mode, const char *extra_opt,
                    const char *needle)
{
    size_t n = strlen(hex);
    char *m = malloc(n + 8);

    assert_non_null(m);
    memcpy(m, hex, n + 1);
    if (mode == 0) {
        uint8_t b;
        assert_int_equal(hex_decode_exact((char[]){ m[2 * byte], m[2 * byte + 1], 0 }, &b, 1), 0);
        char two[3];
        hex_encode((uint8_t[]){ (uint8_t)(b ^ 0x01) }, 1, two);
        m[2 * byte] = two[0];
        m[2 * byte + 1] = two[1];
    } else if (mode == 1) {
        m[n - 2] = 0;                                          /* one byte short */
    } else {
        strcat(m, "00");                                        /* one byte extra */
    }
    struct run r = sh("%s tx verify %s %s", tool_lx, extra_opt, m);
    if (r.status != 1 || strstr(r.err, needle) == NULL)
        fail_msg("byte %ld mode %d: want \"%s\", got exit %d: %s", byte, mode, needle, r.status,
                 r.err);
    run_free(&r);
    free(m);
}

static void test_tx_verify_mutations(void **state)
{
    const struct json *t = fixture("alice", 4);                 /* a WRITE with pre-state */
    const char *hex = net_hex(t);
    uint8_t *bytes;
    size_t len;
    static struct ledger_tx tx;

    (void)state;
    bytes = vec_hex_alloc(hex, strlen(hex), &len);
    assert_int_equal(ledger_tx_parse(&tx, bytes, len, NULL), LX_OK);
    long c0 = tx.contracts[0].operation.p - bytes;              /* operation stream */
    long fixed = (long)tx.gethash_len - LEDGER_FIXED_BYTES;
    long sig = tx.sig.p - bytes;
    mutated(hex, sig + 40, 0, "", "signature does not verify");
    mutated(hex, sig + 2, 0, "", "not in the form the node accepts");
    mutated(hex, tx.pubkey.p - bytes + 10, 0, "", "vchPubKey");
    mutated(hex, c0 + 40, 0, "", "contract 0: post-state checksum");     /* written data */
    mutated(hex, tx.contracts[0].reg.p - bytes + 20, 0, "", "contract 0:");   /* pre-state */
    mutated(hex, fixed + 4, 0, "", "signature does not verify");          /* sequence */
    mutated(hex, fixed + 8, 0, "", "contract 0: post-state checksum");    /* timestamp */
    mutated(hex, fixed + 16, 0, "", "signature does not verify");         /* hashNext */
    mutated(hex, fixed + 80 + 31, 0, "", "type byte 0xb6 is no network's"); /* genesis type */
    mutated(hex, fixed + 80 + 31, 0, "--network private", "hashGenesis does not carry");
    mutated(hex, 0, 1, "", "truncated in vchSig");
    struct run r = sh("%s tx verify --json %s", tool_lx, hex);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "\"ok\":true"));
    run_free(&r);
    mutated(hex, 0, 2, "", "extra bytes after vchSig");
    free(bytes);
}

/* ---- lx chain verify ----------------------------------------------------------- */

static void test_chain_verify_fixtures(void **state)
{
    static const char *const names[] = { "alice", "bob", "carol", "generate" };
    char file[512], dir[512];

    (void)state;
    for (int i = 0; i < 4; i++) {
        snprintf(file, sizeof(file), "%s/%s.chain", tool_dir, names[i]);
        snprintf(dir, sizeof(dir), "%s/%s.d", tool_dir, names[i]);
        chain_file(names[i], file, dir);
        struct run r = sh("%s chain verify %s", tool_lx, file);
        expect_ok(&r);
        assert_non_null(strstr(r.out, "chain ok"));
        run_free(&r);
        r = sh("%s chain verify --json %s", tool_lx, dir);
        expect_ok(&r);
        assert_non_null(strstr(r.out, "\"ok\":true"));
        run_free(&r);
    }
    struct run r = sh("%s chain verify --first-txid %s %s/alice.chain", tool_lx,
                      jstr(fixture("alice", 0), "txid"), tool_dir);
    expect_ok(&r);
    run_free(&r);
    r = sh("%s chain verify --first-txid %s %s/alice.chain", tool_lx,
           jstr(fixture("bob", 0), "txid"), tool_dir);
    expect_fail(&r, "transaction 0");
    assert_non_null(strstr(r.err, "pinned"));
    run_free(&r);
}

static void test_chain_verify_broken(void **state)
{
    char dir[512];

    (void)state;
    snprintf(dir, sizeof(dir), "%s/alice.d", tool_dir);
    /* a transaction missing: the next one's links break */
    struct run r = sh("mkdir %s/gap && cp %s/0000000[0-2].tx %s/0000000[4-8].tx %s/gap/", tool_dir,
                      dir, dir, tool_dir);
    expect_ok(&r);
    run_free(&r);
    r = sh("%s chain verify %s/gap", tool_lx, tool_dir);
    expect_fail(&r, "transaction 3 (");
    assert_non_null(strstr(r.err, "sequence 4) refused: nSequence"));
    run_free(&r);
    /* another user's transaction in the middle */
    r = sh("mkdir %s/mix && cp %s/0000000[0-2].tx %s/mix/ && cp %s/bob.d/00000003.tx %s/mix/", tool_dir,
           dir, tool_dir, tool_dir, tool_dir);
    expect_ok(&r);
    run_free(&r);
    r = sh("%s chain verify %s/mix", tool_lx, tool_dir);
    expect_fail(&r, "transaction 3");
    assert_non_null(strstr(r.err, "hashGenesis differs"));
    run_free(&r);
    /* not starting at the first transaction */
    r = sh("%s chain verify %s/alice.d/00000002.tx", tool_lx, tool_dir);
    expect_fail(&r, "first transaction: nSequence is not 0");
    run_free(&r);
    r = sh("%s chain verify %s/nothing", tool_lx, tool_dir);
    assert_int_equal(r.status, 1);
    run_free(&r);
}

/* ---- lx tx new -------------------------------------------------------------------- */

static void parse_file(const char *path, uint8_t **bytes, struct ledger_tx *tx)
{
    size_t n;

    *bytes = slurp(path, &n);
    assert_int_equal(ledger_tx_parse(tx, *bytes, n, NULL), LX_OK);
}

/* Field by field: the shape of ours equals the fixture transaction of
 * the same kind (values differ: keys, times, addresses, genesis). */
static void same_shape(const struct ledger_tx *a, const struct json *ref_json)
{
    static struct ledger_tx ref;
    const char *hex = net_hex(ref_json);
    size_t n;
    uint8_t *bytes = vec_hex_alloc(hex, strlen(hex), &n);
    struct contract ca, cr;

    assert_int_equal(ledger_tx_parse(&ref, bytes, n, NULL), LX_OK);
    assert_int_equal(a->version, ref.version);
    assert_int_equal(a->key_type, ref.key_type);
    assert_int_equal(a->next_type, ref.next_type);
    assert_int_equal(a->pubkey.len, ref.pubkey.len);
    assert_int_equal(a->sig.len, ref.sig.len);
    assert_int_equal(a->genesis[31], ref.genesis[31]);
    assert_int_equal(ledger_is_zero(a->hash_recovery, 32), ledger_is_zero(ref.hash_recovery, 32));
    assert_int_equal(a->n_contracts, ref.n_contracts);
    for (uint32_t i = 0; i < a->n_contracts; i++) {
        const struct ledger_contract *x = &a->contracts[i], *y = &ref.contracts[i];
        assert_int_equal(x->operation.len, y->operation.len);
        assert_int_equal(x->condition.len, y->condition.len);
        assert_int_equal(x->reg.len, y->reg.len);
        assert_int_equal(contract_decode_exact(x->raw.p, x->raw.len, &ca, NULL), LX_OK);
        assert_int_equal(contract_decode_exact(y->raw.p, y->raw.len, &cr, NULL), LX_OK);
        assert_int_equal(ca.op, cr.op);
        assert_int_equal(ca.reg_type, cr.reg_type);
        assert_int_equal(ca.address[31], cr.address[31]);       /* address type byte */
        assert_int_equal(ca.data_len, cr.data_len);
        assert_int_equal(ca.has_pre, cr.has_pre);
        assert_int_equal(ca.has_post, cr.has_post);
        if (ca.op == OP_CREATE && ca.reg_type != REG_OBJECT)   /* same value, same bytes */
            assert_memory_equal(ca.data, cr.data, ca.data_len);
        if (ca.has_pre)
            assert_int_equal(ca.pre.data_len, cr.pre.data_len);
    }
    free(bytes);
}

static struct run tx_new(const char *args)
{
    return sh("printf 'password=%%s\\npin=%%s\\n' '" PASSWORD "' '" PIN "' | %s tx new %s "
              "--chain %s/mine --secrets-stdin",
              tool_lx, args, tool_dir);
}

/* The value of "label   VALUE" in the output. */
static void field(const struct run *r, const char *label, char *out, size_t cap)
{
    const char *p = strstr(r->out, label);

    assert_non_null(p);
    p += strlen(label);
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, "\n");
    assert_true(n < cap);
    memcpy(out, p, n);
    out[n] = 0;
}

static void test_tx_new_chain(void **state)
{
    static const char *const ref[][2] = {
        { "alice", "0" }, { "alice", "1" }, { "alice", "2" }, { "alice", "3" }, { "alice", "4" },
    };
    static struct ledger_tx tx;
    char ro[128], path[600];
    uint8_t *bytes;

    (void)state;
    struct run r = tx_new("genesis lxtest --network private");
    expect_ok(&r);
    no_secrets(&r, PASSWORD, PIN);
    run_free(&r);
    r = tx_new("asset lxtest --name app.telemetry --data " VALUE);
    expect_ok(&r);
    no_secrets(&r, PASSWORD, PIN);
    run_free(&r);
    r = tx_new("asset lxtest --readonly --data 68555b6702318533c061d905e3cdb30be8b915d8b55fd04717ba957fcfd045f2");
    expect_ok(&r);
    field(&r, "base58", ro, sizeof(ro));
    run_free(&r);
    char args[300];
    snprintf(args, sizeof(args), "name lxtest --name app.manifest --address %s", ro);
    r = tx_new(args);
    expect_ok(&r);
    run_free(&r);
    r = tx_new("write lxtest --name app.telemetry --data "
               "ebe32b02cb49794c31d1b53fa0cb35696c0acf20fc7e4d9aab2df4bccdb32c5b");
    expect_ok(&r);
    no_secrets(&r, PASSWORD, PIN);
    run_free(&r);
    /* every transaction verifies alone, the whole chain verifies */
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof(path), "%s/mine/%08d.tx", tool_dir, i);
        r = sh("%s tx verify %s", tool_lx, path);
        expect_ok(&r);
        run_free(&r);
        parse_file(path, &bytes, &tx);
        same_shape(&tx, fixture(ref[i][0], atoll(ref[i][1])));
        free(bytes);
    }
    r = sh("%s chain verify %s/mine", tool_lx, tool_dir);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "5 transactions (private)"));
    run_free(&r);
    r = sh("%s id genesis lxtest --network private", tool_lx);
    expect_ok(&r);
    parse_file(path, &bytes, &tx);
    char g[65];
    for (int i = 0; i < 32; i++)
        snprintf(g + 2 * i, 3, "%02x", tx.genesis[31 - i]);
    assert_int_equal(strncmp(r.out, g, 64), 0);
    free(bytes);
    run_free(&r);
}

static void test_tx_new_refusals(void **state)
{
    (void)state;
    /* wrong PIN: the key is not the one hashNext committed to */
    struct run r = sh("printf 'password=" PASSWORD "\\npin=other-pin\\n' | %s tx new write lxtest "
                      "--chain %s/mine --secrets-stdin --name app.telemetry --data x",
                      tool_lx, tool_dir);
    expect_fail(&r, "do not give the key the chain's hashNext commits to for sequence 5");
    no_secrets(&r, PASSWORD, "other-pin");
    run_free(&r);
    r = tx_new("write lxtest --name app.manifest --data x");      /* read-only */
    expect_fail(&r, "not a raw asset");
    run_free(&r);
    r = tx_new("asset lxtest --name app.telemetry --data x");     /* name taken */
    expect_fail(&r, "already exists");
    run_free(&r);
    r = tx_new("write lxtest --name nope --data x");
    expect_fail(&r, "no name 'nope'");
    run_free(&r);
    r = tx_new("genesis lxtest --network private");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "already holds"));
    run_free(&r);
    r = sh("%s tx new genesis someone --chain %s/main --network mainnet --secrets-stdin </dev/null",
           tool_lx, tool_dir);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "proof of work"));
    run_free(&r);
    r = sh("%s tx new --help", tool_lx);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "KIND"));
    run_free(&r);
    /* a tampered chain is not extended */
    r = sh("cp -r %s/mine %s/bad && printf '\\001' | dd of=%s/bad/00000002.tx bs=1 seek=200 "
           "conv=notrunc 2>/dev/null", tool_dir, tool_dir, tool_dir);
    expect_ok(&r);
    run_free(&r);
    r = sh("printf 'password=" PASSWORD "\\npin=" PIN "\\n' | %s tx new write lxtest --chain "
           "%s/bad --secrets-stdin --name app.telemetry --data x", tool_lx, tool_dir);
    expect_fail(&r, "does not verify");
    run_free(&r);
}

/* A hybrid network: the first hashPrevTx is SK512 of its name. */
static void test_tx_new_hybrid(void **state)
{
    (void)state;
    struct run r = sh("printf 'password=" PASSWORD "\\npin=" PIN "\\n' | %s tx new genesis "
                      "hyb --chain %s/hyb --network hybrid --hybrid-name lx-sat-net "
                      "--secrets-stdin", tool_lx, tool_dir);
    expect_ok(&r);
    run_free(&r);
    r = sh("%s chain verify %s/hyb --hybrid-name lx-sat-net", tool_lx, tool_dir);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "1 transactions (hybrid)"));
    run_free(&r);
    r = sh("%s chain verify %s/hyb --hybrid-name other-net", tool_lx, tool_dir);
    expect_fail(&r, "first transaction: hashPrevTx is not SK512(network name)");
    run_free(&r);
    r = sh("%s tx show --json %s/hyb/00000000.tx", tool_lx, tool_dir);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "\"network\":\"hybrid\""));
    assert_non_null(strstr(r.out, "\"genesis\":\"a7"));
    run_free(&r);
}

/* alice's real chain, continued with her rotated credentials (key 9). */
static void test_tx_new_extends_fixture(void **state)
{
    char sec[512];

    (void)state;
    snprintf(sec, sizeof(sec), "%s/alice-rotated.sec", tool_dir);
    write_text(sec, "password=alice-password-ROTATED\npin=1112\n");
    struct run r = sh("cp -r %s/alice.d %s/alice-next && %s tx new write alice --chain "
                      "%s/alice-next --secrets-file %s --name app.telemetry --data 42",
                      tool_dir, tool_dir, tool_lx, tool_dir, sec);
    expect_ok(&r);
    no_secrets(&r, "alice-password-ROTATED", NULL);
    run_free(&r);
    r = sh("%s chain verify %s/alice-next", tool_lx, tool_dir);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "10 transactions"));
    run_free(&r);
    static struct ledger_tx tx;
    uint8_t *bytes;
    char path[600];
    snprintf(path, sizeof(path), "%s/alice-next/00000009.tx", tool_dir);
    parse_file(path, &bytes, &tx);
    same_shape(&tx, fixture("alice", 8));                       /* the last raw update */
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_genesis),
        cmocka_unit_test(test_id_keys),
        cmocka_unit_test(test_id_keys_prompt),
        cmocka_unit_test(test_tx_show),
        cmocka_unit_test(test_tx_verify_fixtures),
        cmocka_unit_test(test_tx_verify_mutations),
        cmocka_unit_test(test_chain_verify_fixtures),
        cmocka_unit_test(test_chain_verify_broken),
        cmocka_unit_test(test_tx_new_chain),
        cmocka_unit_test(test_tx_new_refusals),
        cmocka_unit_test(test_tx_new_hybrid),
        cmocka_unit_test(test_tx_new_extends_fixture),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
