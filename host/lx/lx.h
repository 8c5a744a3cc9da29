/* The lx tool's command groups and shared conventions. */
#ifndef LX_HOST_LX_H
#define LX_HOST_LX_H

/* Exit status: 0 success, 1 a check failed or an operation was refused,
 * 2 the command line was wrong. */
#define LX_EXIT_FAIL 1
#define LX_EXIT_USAGE 2

struct lx_group {
    const char *name;
    const char *help;
    int (*run)(int argc, char **argv);  /* argv[0] is the command */
};

int cmd_fs(int argc, char **argv);
int cmd_id(int argc, char **argv);
int cmd_tx(int argc, char **argv);
int cmd_chain(int argc, char **argv);
int cmd_register(int argc, char **argv);
int cmd_proof(int argc, char **argv);
int cmd_system(int argc, char **argv);

#endif
