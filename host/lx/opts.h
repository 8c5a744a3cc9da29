/*
 * Table-driven command-line options for the lx ledger commands: options
 * anywhere, as --name=value or --name value, flags as --name; `--help`
 * and `-h` recognised everywhere; positional arguments collected in order.
 */
#ifndef LX_HOST_OPTS_H
#define LX_HOST_OPTS_H

#include <stdbool.h>

#include "secret.h"

struct opt {
    const char *name;           /* without the leading "--" */
    const char **value;         /* option with a value, or NULL */
    bool *flag;                 /* flag, or NULL */
};

#define OPTS_MAX_POS 8

struct opts {
    int npos;
    char *pos[OPTS_MAX_POS];
    bool help;
};

/* 0, or -1 after printing the reason (prefixed with cmd). argv[0] is the
 * command itself. */
int opts_parse(const char *cmd, int argc, char **argv, const struct opt *table, int n,
               struct opts *o);

/* Reads the password and PIN: --secrets-file PATH, --secrets-stdin, or the
 * terminal. 0, or -1 after printing why. */
int opts_secrets(const char *cmd, const char *file, bool use_stdin, const char *user,
                 struct secrets *s);

/* --network NAME (default `def`): the enum ledger_network value, or -1
 * after printing why. */
int opts_network(const char *cmd, const char *name, int def);

/* A decimal u32/u64 option; -1 after printing why. */
int opts_u64(const char *cmd, const char *opt, const char *text, unsigned long long max,
             unsigned long long *out);

/* A group's commands: dispatch on argv[0], or list them (on stdout for
 * --help, else on stderr with LX_EXIT_USAGE). */
struct lx_cmd {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
};
int opts_dispatch(const char *group, const struct lx_cmd *cmds, int n, int argc, char **argv);

#endif
