/*
 * lx: the LX-OS host tool. Each command group lives in its own file and
 * is listed here; `lx GROUP COMMAND ...`.
 */
#include <stdio.h>
#include <string.h>

#include "lx.h"

static const struct lx_group groups[] = {
    { "fs", "LXFS volumes and fs-verity digests", cmd_fs },
    { "id", "Nexus credentials: genesis ids and sigchain keys", cmd_id },
    { "tx", "Nexus transactions: show, verify, build and sign", cmd_tx },
    { "chain", "Nexus signature chains: verify", cmd_chain },
    { "register", "Nexus register states", cmd_register },
    { "proof", "register proofs: make, verify offline", cmd_proof },
    { "system", "system descriptions (Microkit XML): check", cmd_system },
};

static void usage(FILE *out)
{
    fprintf(out, "usage: lx GROUP COMMAND [ARGS...]\n\ngroups:\n");
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        fprintf(out, "  %-8s %s\n", groups[i].name, groups[i].help);
    fprintf(out, "\n'lx GROUP' lists a group's commands.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? LX_EXIT_USAGE : 0;
    }
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        if (strcmp(argv[1], groups[i].name) == 0)
            return groups[i].run(argc - 2, argv + 2);
    fprintf(stderr, "lx: unknown group '%s'\n", argv[1]);
    usage(stderr);
    return LX_EXIT_USAGE;
}
