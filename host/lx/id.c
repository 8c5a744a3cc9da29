/*
 * `lx id`: Nexus credentials — the genesis id of a user name on each
 * network, and the sigchain keys and hashNext derived from user name,
 * password and PIN (host/common/credentials.h). Secrets come from the
 * terminal, a file or stdin, never from the command line; only public
 * values are printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "base/status.h"
#include "credentials.h"
#include "crypto/sk.h"
#include "hex.h"
#include "ledger/tx.h"
#include "lx.h"
#include "opts.h"
#include "txio.h"

static const char GENESIS_USAGE[] =
    "usage: lx id genesis USERNAME [--network mainnet|testnet|hybrid|private] [--json]\n"
    "  The genesis id (signature-chain id) of USERNAME, as the node prints it\n"
    "  (Argon2id of the name; the network only sets the type byte). Default mainnet.\n";

static const char KEYS_USAGE[] =
    "usage: lx id keys USERNAME [--sequence N] [--network NET] [--json]\n"
    "                 [--secrets-file FILE | --secrets-stdin] [--private-key-out FILE]\n"
    "  Derives the Brainpool key that signs transaction N (default 0) of USERNAME's\n"
    "  chain and prints its public key, its hash (the hashNext of transaction N-1)\n"
    "  and the hashNext transaction N must carry (the hash of key N+1).\n"
    "  The password and PIN are asked on the terminal, or read from FILE / stdin\n"
    "  as lines 'password=...' and 'pin=...'. --private-key-out writes key N's\n"
    "  64-byte secret (hex) to a new file with mode 0600; nothing secret is printed.\n";

static int id_genesis(int argc, char **argv)
{
    const char *network = NULL;
    bool json = false;
    const struct opt table[] = { { "network", &network, NULL }, { "json", NULL, &json } };
    struct opts o;
    uint8_t raw[32];
    char hex[65];

    if (opts_parse("lx id genesis", argc, argv, table, 2, &o) != 0 || o.help || o.npos != 1) {
        fputs(GENESIS_USAGE, o.help ? stdout : stderr);
        return o.help ? 0 : LX_EXIT_USAGE;
    }
    int net = opts_network("lx id genesis", network, LEDGER_NET_MAINNET);
    if (net < 0)
        return LX_EXIT_USAGE;
    if (strlen(o.pos[0]) == 0 || strlen(o.pos[0]) > CRED_MAX_USERNAME) {
        fprintf(stderr, "lx id genesis: the user name must be 1 to %d bytes\n",
                CRED_MAX_USERNAME);
        return LX_EXIT_USAGE;
    }
    struct progress p;
    progress_init(&p, "Argon2id", CRED_WORK_BYTES);
    int r = cred_genesis(o.pos[0], strlen(o.pos[0]), ledger_user_type(net), raw, &p);
    progress_done(&p);
    if (r != 0) {
        fprintf(stderr, "lx id genesis: Argon2 failed (out of memory?)\n");
        return LX_EXIT_FAIL;
    }
    txio_gethex(raw, 32, hex);
    if (json)
        printf("{\"network\":\"%s\",\"genesis\":\"%s\"}\n", txio_network_name(net), hex);
    else
        printf("%s\n", hex);
    return 0;
}

/* The 64 secret bytes of key n into a new 0600 file. */
static int write_private(const char *path, const char *user, const struct secrets *s,
                         uint32_t n)
{
    uint8_t secret[CRED_SECRET_BYTES];
    char hex[2 * CRED_SECRET_BYTES + 2];
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600), r = -1;

    if (fd < 0) {
        fprintf(stderr, "lx id keys: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (cred_key_secret(user, strlen(user), s, n, NULL, secret) == 0) {
        hex_encode(secret, sizeof(secret), hex);
        strcat(hex, "\n");
        r = write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) ? 0 : -1;
    }
    OPENSSL_cleanse(secret, sizeof(secret));
    OPENSSL_cleanse(hex, sizeof(hex));
    if (close(fd) != 0 || r != 0) {
        fprintf(stderr, "lx id keys: %s: could not write the key\n", path);
        unlink(path);
        return -1;
    }
    return 0;
}

struct key_report {
    char genesis[65], pub[2 * CRED_BP_PUB_BYTES + 1], keyhash[65], next[65];
};

static int derive_report(const char *user, const struct secrets *s, int net, uint32_t n,
                         struct key_report *kr)
{
    struct progress p;
    struct cred_key k, k1;
    uint8_t raw[32], h[32];
    int r;

    progress_init(&p, "Argon2id", 3 * CRED_WORK_BYTES);
    r = cred_genesis(user, strlen(user), ledger_user_type(net), raw, &p);
    if (r == 0 && (r = cred_derive_bp(user, strlen(user), s, n, NULL, &k, &p)) == 0) {
        if ((r = cred_derive_bp(user, strlen(user), s, n + 1, NULL, &k1, &p)) == 0) {
            txio_gethex(raw, 32, kr->genesis);
            hex_encode(k.pub, sizeof(k.pub), kr->pub);
            sk256(k.pub, sizeof(k.pub), h);
            txio_gethex(h, 32, kr->keyhash);
            sk256(k1.pub, sizeof(k1.pub), h);
            txio_gethex(h, 32, kr->next);
            cred_key_free(&k1);
        }
        cred_key_free(&k);
    }
    progress_done(&p);
    return r;
}

static int id_keys(int argc, char **argv)
{
    const char *network = NULL, *seq = NULL, *file = NULL, *priv = NULL;
    bool json = false, use_stdin = false;
    const struct opt table[] = {
        { "network", &network, NULL },      { "sequence", &seq, NULL },
        { "secrets-file", &file, NULL },    { "secrets-stdin", NULL, &use_stdin },
        { "private-key-out", &priv, NULL }, { "json", NULL, &json },
    };
    unsigned long long n = 0;
    struct opts o;
    struct secrets s;
    struct key_report kr;

    if (opts_parse("lx id keys", argc, argv, table, 6, &o) != 0 || o.help || o.npos != 1) {
        fputs(KEYS_USAGE, o.help ? stdout : stderr);
        return o.help ? 0 : LX_EXIT_USAGE;
    }
    int net = opts_network("lx id keys", network, LEDGER_NET_MAINNET);
    const char *user = o.pos[0];
    if (net < 0 || (seq && opts_u64("lx id keys", "sequence", seq, 0xfffffffeu, &n) != 0))
        return LX_EXIT_USAGE;
    if (strlen(user) == 0 || strlen(user) > CRED_MAX_USERNAME) {
        fprintf(stderr, "lx id keys: the user name must be 1 to %d bytes\n", CRED_MAX_USERNAME);
        return LX_EXIT_USAGE;
    }
    if (opts_secrets("lx id keys", file, use_stdin, user, &s) != 0)
        return LX_EXIT_USAGE;
    int r = derive_report(user, &s, net, (uint32_t)n, &kr);
    if (r == 0 && priv != NULL)
        r = write_private(priv, user, &s, (uint32_t)n);
    secret_wipe(&s);
    if (r != 0) {
        fprintf(stderr, "lx id keys: key derivation failed\n");
        return LX_EXIT_FAIL;
    }
    if (json)
        printf("{\"network\":\"%s\",\"genesis\":\"%s\",\"sequence\":%llu,\"scheme\":\"brainpool\","
               "\"pubkey\":\"%s\",\"keyhash\":\"%s\",\"hashnext\":\"%s\"}\n",
               txio_network_name(net), kr.genesis, n, kr.pub, kr.keyhash, kr.next);
    else
        printf("genesis   %s (%s)\nsequence  %llu\nscheme    brainpool\npubkey    %s\n"
               "keyhash   %s\nhashNext  %s\n",
               kr.genesis, txio_network_name(net), n, kr.pub, kr.keyhash, kr.next);
    return 0;
}

static const struct lx_cmd id_cmds[] = {
    { "genesis", id_genesis, "USERNAME [--network NET]   the genesis id of a user name" },
    { "keys", id_keys, "USERNAME [--sequence N]   derive a sigchain key (asks for secrets)" },
};

int cmd_id(int argc, char **argv)
{
    return opts_dispatch("id", id_cmds, 2, argc, argv);
}
