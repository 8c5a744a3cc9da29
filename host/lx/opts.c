/* Option parsing shared by the lx ledger commands (see opts.h). */
#include "opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lx.h"
#include "txio.h"

static const struct opt *find(const struct opt *t, int n, const char *a, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(t[i].name) == len && strncmp(t[i].name, a, len) == 0)
            return &t[i];
    return NULL;
}

int opts_parse(const char *cmd, int argc, char **argv, const struct opt *table, int n,
               struct opts *o)
{
    memset(o, 0, sizeof(*o));
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = true;
            continue;
        }
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "--") == 0) {
            if (o->npos == OPTS_MAX_POS) {
                fprintf(stderr, "%s: too many arguments\n", cmd);
                return -1;
            }
            o->pos[o->npos++] = argv[i];
            continue;
        }
        size_t len = strcspn(a + 2, "=");
        const struct opt *t = find(table, n, a + 2, len);
        if (t == NULL) {
            fprintf(stderr, "%s: unknown option '%s'\n", cmd, a);
            return -1;
        }
        if (t->flag != NULL) {
            if (a[2 + len] == '=') {
                fprintf(stderr, "%s: --%s takes no value\n", cmd, t->name);
                return -1;
            }
            *t->flag = true;
        } else if (a[2 + len] == '=') {
            *t->value = a + 2 + len + 1;
        } else if (i + 1 < argc) {
            *t->value = argv[++i];
        } else {
            fprintf(stderr, "%s: --%s needs a value\n", cmd, t->name);
            return -1;
        }
    }
    return 0;
}

int opts_secrets(const char *cmd, const char *file, bool use_stdin, const char *user,
                 struct secrets *s)
{
    char err[256];
    enum secret_source src = file ? SECRET_FILE : use_stdin ? SECRET_STDIN : SECRET_PROMPT;

    if (file != NULL && use_stdin) {
        fprintf(stderr, "%s: --secrets-file and --secrets-stdin exclude each other\n", cmd);
        return -1;
    }
    if (secret_read(s, src, file, user, err, sizeof(err)) != 0) {
        fprintf(stderr, "%s: %s\n", cmd, err);
        return -1;
    }
    return 0;
}

int opts_network(const char *cmd, const char *name, int def)
{
    if (name == NULL)
        return def;
    int net = txio_network_parse(name);
    if (net < 0)
        fprintf(stderr, "%s: --network must be mainnet, testnet, hybrid or private\n", cmd);
    return net;
}

int opts_u64(const char *cmd, const char *opt, const char *text, unsigned long long max,
             unsigned long long *out)
{
    char *end;

    errno = 0;
    *out = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || *out > max) {
        fprintf(stderr, "%s: --%s must be a number from 0 to %llu\n", cmd, opt, max);
        return -1;
    }
    return 0;
}

int opts_dispatch(const char *group, const struct lx_cmd *cmds, int n, int argc, char **argv)
{
    bool help = argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0);
    FILE *out = help ? stdout : stderr;

    for (int i = 0; argc >= 1 && i < n; i++)
        if (strcmp(argv[0], cmds[i].name) == 0)
            return cmds[i].run(argc, argv);
    if (argc >= 1 && !help)
        fprintf(stderr, "lx %s: unknown command '%s'\n", group, argv[0]);
    fprintf(out, "usage:\n");
    for (int i = 0; i < n; i++)
        fprintf(out, "  lx %s %-7s %s\n", group, cmds[i].name, cmds[i].usage);
    fprintf(out, "\n'lx %s COMMAND --help' describes a command.\n", group);
    return help ? 0 : LX_EXIT_USAGE;
}
