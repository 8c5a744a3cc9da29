/* Host tests that drive the lx binary: locate it beside the test program,
 * run a shell command in a scratch directory, capture exit status, stdout
 * and stderr. */
#ifndef LX_TEST_TOOL_RUN_H
#define LX_TEST_TOOL_RUN_H

#include <stddef.h>

struct tool_run {
    int status;                 /* exit status, -1 when killed */
    char *out, *err;            /* NUL-terminated, malloc'd */
    size_t out_len;
};

/* Create a scratch directory from tmpl (mkdtemp) and find build/<v>/bin/lx
 * for this test program; 0 or -1. lx receives the path. */
int tool_setup(char *tmpl, char *lx, size_t lx_cap);
/* rm -rf of the scratch directory. */
void tool_cleanup(const char *dir);
/* Run the printf-formatted command with `sh -c` in dir. */
struct tool_run tool_sh(const char *dir, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tool_run_free(struct tool_run *r);

#endif
