/*
 * `lx register show`, `lx proof make` and `lx proof verify` end to end on
 * the LLL-TAO fixtures: every fixture register's stored state decodes;
 * proofs made from the fixture chains (with and without blocks) verify
 * with exit 0 and report the node's final state and owner; untrusted or
 * pinned-wrong genesis ids, the wrong network, missing blocks, changed and
 * truncated files exit 1 with the reason; bad command lines exit 2.
 */
#include "test.h"

#include <limits.h>
#include <stdbool.h>

#include "tool_run.h"
#include "vec.h"

#define N_REGS 12


static const char *const users[4] = { "alice", "bob", "carol", "generate" };
static char genesis_hex[4][65];         /* as the node prints them */
static char first_txid_hex[4][129];

struct reg {
    char address[65];           /* GetHex */
    char base58[64];
    char owner[65];
    char state_hex[2200];
    char data_hex[2100];
    int chain[3];               /* users that touched it, in order */
    size_t n_chains;
};
static struct reg regs[N_REGS];

static void copy_str(char *dst, size_t cap, const struct json *j)
{
    size_t n;
    const char *s = json_str(j, &n);

    assert_non_null(s);
    assert_true(n < cap);
    memcpy(dst, s, n + 1);
}

static int user_of(const struct json *j)
{
    const char *s = json_str(j, NULL);

    for (int u = 0; u < 4; u++)
        if (s != NULL && strcmp(s, users[u]) == 0)
            return u;
    fail_msg("unknown user");
    return -1;
}

/* <dir>/<user>.txt: the user's chain, one hex transaction per line;
 * <dir>/blocks.txt: every block. */
static void write_lists(void)
{
    char *text, path[PATH_MAX];
    struct json *root = vec_load_json("fixtures/nexus/chain/transactions.json", &text);
    const struct json *txs = json_get(root, "transactions");
    FILE *f[4];

    assert_non_null(root);
    for (int u = 0; u < 4; u++) {
        snprintf(path, sizeof(path), "%s/%s.txt", tool_dir, users[u]);
        f[u] = fopen(path, "w");
        assert_non_null(f[u]);
        fprintf(f[u], "# %s's signature chain\n\n", users[u]);
    }
    for (size_t i = 0; i < json_len(txs); i++) {
        const struct json *t = json_at(txs, i);
        int u = user_of(json_get(t, "user"));

        fprintf(f[u], "%s\n", json_str(json_get(json_get(t, "raw"), "tx_network_hex"), NULL));
        if (json_int(json_get(t, "sequence")) == 0) {
            copy_str(genesis_hex[u], sizeof(genesis_hex[u]), json_get(t, "genesis"));
            copy_str(first_txid_hex[u], sizeof(first_txid_hex[u]), json_get(t, "txid"));
        }
    }
    for (int u = 0; u < 4; u++)
        fclose(f[u]);
    json_free(root);
    free(text);

    root = vec_load_json("fixtures/nexus/chain/blocks.json", &text);
    assert_non_null(root);
    snprintf(path, sizeof(path), "%s/blocks.txt", tool_dir);
    f[0] = fopen(path, "w");
    assert_non_null(f[0]);
    for (size_t i = 0; i < json_len(json_get(root, "blocks")); i++) {
        const struct json *b = json_at(json_get(root, "blocks"), i);
        fprintf(f[0], "%s\n", json_str(json_get(json_get(b, "raw"), "tritium_block_network_hex"),
                                       NULL));
    }
    fclose(f[0]);
    json_free(root);
    free(text);
}

static void load_regs(void)
{
    char *text;
    struct json *root = vec_load_json("fixtures/nexus/chain/registers.json", &text);
    const struct json *rl = json_get(root, "registers");

    assert_int_equal(json_len(rl), N_REGS);
    for (size_t i = 0; i < N_REGS; i++) {
        const struct json *r = json_at(rl, i), *fin = json_get(r, "final_state_from_db");
        const struct json *hist = json_get(r, "state_after_each_tx");
        struct reg *g = &regs[i];

        copy_str(g->address, sizeof(g->address), json_get(r, "address_hex"));
        copy_str(g->base58, sizeof(g->base58), json_get(r, "address_base58"));
        copy_str(g->owner, sizeof(g->owner), json_get(fin, "hashOwner"));
        copy_str(g->state_hex, sizeof(g->state_hex), json_get(fin, "serialized_SER_REGISTER_hex"));
        copy_str(g->data_hex, sizeof(g->data_hex), json_get(fin, "vchState_hex"));
        for (size_t k = 0; k < json_len(hist); k++) {
            int u = user_of(json_get(json_at(hist, k), "user"));
            bool seen = false;

            for (size_t j = 0; j < g->n_chains; j++)
                seen |= g->chain[j] == u;
            if (!seen)
                g->chain[g->n_chains++] = u;
        }
    }
    json_free(root);
    free(text);
}

static int setup(void **state)
{
    (void)state;
    if (tool_setup("proof_tool") != 0)
        return -1;
    write_lists();
    load_regs();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tool_teardown();
    return 0;
}

static void expect_exit(struct run *r, int status, const char *needle, const char *what)
{
    const char *hay = status == 0 ? r->out : r->err;

    if (r->status != status || (needle != NULL && strstr(hay, needle) == NULL &&
                                strstr(r->out, needle) == NULL))
        fail_msg("%s: want exit %d with \"%s\"; got exit %d\nstdout: %s\nstderr: %s", what,
                 status, needle ? needle : "", r->status, r->out, r->err);
    run_free(r);
}

/* " --trust G" for each chain of the register. */
static void trust_args(const struct reg *g, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = 0;
    for (size_t j = 0; j < g->n_chains; j++)
        n += (size_t)snprintf(out + n, cap - n, " --trust %s", genesis_hex[g->chain[j]]);
}

static void chain_args(const struct reg *g, char *out, size_t cap)
{
    size_t n = 0;

    out[0] = 0;
    for (size_t j = 0; j < g->n_chains; j++)
        n += (size_t)snprintf(out + n, cap - n, " --chain %s.txt", users[g->chain[j]]);
}

/* ---- lx register show ---- */

static void test_register_show(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_REGS; i++) {
        const struct reg *g = &regs[i];
        struct run r;
        FILE *f;
        char path[PATH_MAX];

        snprintf(path, sizeof(path), "%s/state%zu.hex", tool_dir, i);
        f = fopen(path, "w");
        assert_non_null(f);
        fprintf(f, "%s\n", g->state_hex);
        fclose(f);
        r = sh_in(tool_dir, "%s register show state%zu.hex", tool_lx, i);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, g->owner));
        assert_non_null(strstr(r.out, "(valid)"));
        run_free(&r);
        r = sh_in(tool_dir, "%s register show --json %s", tool_lx, g->state_hex);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "\"checksum_valid\":true"));
        assert_non_null(strstr(r.out, g->data_hex));
        run_free(&r);
    }
    /* binary input, a changed byte, a cut one, nonsense */
    {
        const struct reg *g = &regs[5];
        char bad[2200];
        struct run r;

        r = sh_in(tool_dir, "echo %s | xxd -r -p > state.bin && %s register show state.bin",
                    g->state_hex, tool_lx);
        expect_exit(&r, 0, "asset      user type 3", "binary state");
        memcpy(bad, g->state_hex, strlen(g->state_hex) + 1);
        bad[120] = bad[120] == '0' ? '1' : '0';
        r = sh_in(tool_dir, "%s register show %s", tool_lx, bad);
        expect_exit(&r, 1, "checksum", "changed state");
        bad[strlen(bad) - 2] = 0;
        r = sh_in(tool_dir, "%s register show %s", tool_lx, bad);
        expect_exit(&r, 1, "not a register state", "cut state");
        r = sh_in(tool_dir, "%s register show not-hex-or-file", tool_lx);
        expect_exit(&r, 1, "neither a file nor hex", "nonsense");
        r = sh_in(tool_dir, "%s register show", tool_lx);
        expect_exit(&r, 2, "usage", "no argument");
        r = sh_in(tool_dir, "%s register show --help", tool_lx);
        expect_exit(&r, 0, "usage: lx register show", "help");
        r = sh_in(tool_dir, "%s register", tool_lx);
        expect_exit(&r, 2, "usage", "no command");
    }
}

/* ---- lx proof make / verify ---- */

static void test_every_register(void **state)
{
    char trust[1024], chains[512];
    (void)state;

    for (size_t i = 0; i < N_REGS; i++) {
        const struct reg *g = &regs[i];
        struct run r;

        trust_args(g, trust, sizeof(trust));
        chain_args(g, chains, sizeof(chains));
        r = sh_in(tool_dir, "%s proof make --network private --address %s%s -o r%zu.lxrp", tool_lx,
                    g->address, chains, i);
        expect_exit(&r, 0, g->owner, "make");
        r = sh_in(tool_dir, "%s proof make --network private --address %s%s --blocks blocks.txt "
                    "--producer-chain generate.txt -o r%zub.lxrp", tool_lx, g->base58, chains, i);
        expect_exit(&r, 0, "block(s)", "make with blocks");

        r = sh_in(tool_dir, "%s proof verify --network private%s r%zu.lxrp", tool_lx, trust, i);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "verified: register"));
        assert_non_null(strstr(r.out, g->address));
        assert_non_null(strstr(r.out, g->owner));
        assert_non_null(strstr(r.out, "blocks     none"));
        run_free(&r);
        r = sh_in(tool_dir, "%s proof verify --network private --json --require-blocks%s "
                    "--producer %s r%zub.lxrp", tool_lx, trust, genesis_hex[3], i);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "\"verified\":true"));
        assert_non_null(strstr(r.out, "\"blocks\":true"));
        assert_non_null(strstr(r.out, g->data_hex));    /* the node's stored data */
        run_free(&r);
    }
}

static void test_refusals(void **state)
{
    const struct reg *g = &regs[5];     /* bob's raw asset, claimed by carol */
    char trust[1024], chains[512];
    struct run r;
    (void)state;

    trust_args(g, trust, sizeof(trust));
    chain_args(g, chains, sizeof(chains));
    r = sh_in(tool_dir, "%s proof make --network private --address %s%s -o p.lxrp && "
                "%s proof make --network private --address %s%s --blocks blocks.txt "
                "--producer-chain generate.txt -o pb.lxrp", tool_lx, g->address, chains, tool_lx,
                g->address, chains);
    expect_exit(&r, 0, NULL, "make");

    /* trust */
    r = sh_in(tool_dir, "%s proof verify --network private --trust %s p.lxrp", tool_lx,
                genesis_hex[1]);
    expect_exit(&r, 1, "chain genesis is not trusted (error -662) in chains, chain 1", "carol");
    r = sh_in(tool_dir, "%s proof verify --network private%s --json pb.lxrp", tool_lx, trust);
    expect_exit(&r, 1, "\"reason\":\"block producer genesis is not trusted\"", "producer");
    r = sh_in(tool_dir, "%s proof verify --network private%s --require-blocks p.lxrp", tool_lx, trust);
    expect_exit(&r, 1, "blocks required", "require blocks");
    r = sh_in(tool_dir, "%s proof verify%s p.lxrp", tool_lx, trust);
    expect_exit(&r, 1, "network", "default network is mainnet");
    r = sh_in(tool_dir, "%s proof verify --network private --trust %s:%s --trust %s:%s p.lxrp",
                tool_lx, genesis_hex[1], first_txid_hex[1], genesis_hex[2], first_txid_hex[2]);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.err, "no pinned first txid"));
    expect_exit(&r, 0, "verified", "pinned");
    r = sh_in(tool_dir, "%s proof verify --network private%s p.lxrp", tool_lx, trust);
    assert_non_null(strstr(r.err, "warning: --trust"));
    expect_exit(&r, 0, "verified", "unpinned, with a warning");
    r = sh_in(tool_dir, "%s proof verify --network private --trust %s:%s --trust %s:%s p.lxrp",
                tool_lx, genesis_hex[1], first_txid_hex[1], genesis_hex[2], first_txid_hex[0]);
    expect_exit(&r, 1, "error -443", "pinned to another first transaction");

    /* changed files: a byte in the middle (a transaction), the state, a
     * cut file, one byte more */
    r = sh_in(tool_dir, "cp p.lxrp m.lxrp && printf '\\x5a' | dd of=m.lxrp bs=1 seek=5000 "
                "conv=notrunc 2>/dev/null && %s proof verify --network private%s m.lxrp",
                tool_lx, trust);
    expect_exit(&r, 1, "in chains, chain 0", "changed transaction");
    r = sh_in(tool_dir, "cp p.lxrp m.lxrp && printf '\\x00' | dd of=m.lxrp bs=1 seek=150 "
                "conv=notrunc 2>/dev/null && %s proof verify --network private%s m.lxrp",
                tool_lx, trust);
    expect_exit(&r, 1, "state differs from the replayed state", "changed state");
    r = sh_in(tool_dir, "head -c 3000 p.lxrp > m.lxrp && %s proof verify --network private%s "
                "m.lxrp", tool_lx, trust);
    expect_exit(&r, 1, "file ends inside the chains", "cut file");
    r = sh_in(tool_dir, "cp p.lxrp m.lxrp && printf '\\x00' >> m.lxrp && %s proof verify "
                "--network private%s m.lxrp", tool_lx, trust);
    expect_exit(&r, 1, "bytes after the proof", "extended file");
    r = sh_in(tool_dir, "cp p.lxrp m.lxrp && printf '\\x02' | dd of=m.lxrp bs=1 seek=4 "
                "conv=notrunc 2>/dev/null && %s proof verify --network private%s m.lxrp",
                tool_lx, trust);
    expect_exit(&r, 1, "unsupported proof version", "version");

    /* make: a chain missing (carol's claim), blocks without a producer */
    r = sh_in(tool_dir, "%s proof make --network private --address %s --chain carol.txt -o x",
                tool_lx, g->address);
    expect_exit(&r, 1, "history does not start with the register's CREATE", "only carol");
    r = sh_in(tool_dir, "%s proof make --network private --address %s --chain alice.txt -o x",
                tool_lx, g->address);
    expect_exit(&r, 1, "no contract on the register", "alice");
    r = sh_in(tool_dir, "%s proof make --network private --address %s --chain bob.txt "
                "--blocks blocks.txt -o x", tool_lx, g->address);
    expect_exit(&r, 2, "usage", "blocks without producer chain");

    /* command lines */
    r = sh_in(tool_dir, "%s proof verify --network private p.lxrp", tool_lx);
    expect_exit(&r, 2, "usage", "no --trust");
    r = sh_in(tool_dir, "%s proof verify --network private --trust b7zz p.lxrp", tool_lx);
    expect_exit(&r, 2, "usage", "bad genesis");
    r = sh_in(tool_dir, "%s proof verify --network moon%s p.lxrp", tool_lx, trust);
    expect_exit(&r, 2, "usage", "bad network");
    r = sh_in(tool_dir, "%s proof verify --help && %s proof make --help && %s proof --help",
                tool_lx, tool_lx, tool_lx);
    expect_exit(&r, 0, "--producer-chain", "help");
    r = sh_in(tool_dir, "%s proof", tool_lx);
    expect_exit(&r, 2, "usage", "no command");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_show),
        cmocka_unit_test(test_every_register),
        cmocka_unit_test(test_refusals),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
