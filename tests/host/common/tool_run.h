/*
 * Host test helper: running the variant's own `lx` tool (build/<variant>/
 * bin/lx, found beside the test program as ../bin/lx) through the shell in
 * a scratch directory, capturing exit status, stdout and stderr.
 */
#ifndef LX_TEST_TOOL_RUN_H
#define LX_TEST_TOOL_RUN_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

/* The scratch directory (made by tool_setup) and the lx binary. */
extern char tool_dir[64];
extern char tool_lx[PATH_MAX];

/* Creates /tmp/lx_<tag>_XXXXXX and finds lx: 0, or -1 (cmocka setup). */
int tool_setup(const char *tag);
/* Removes the scratch directory. */
int tool_teardown(void);

/* A whole file, NUL-terminated (asserts it exists). */
uint8_t *slurp(const char *path, size_t *n);

struct run {
    int status;
    char *out;                          /* NUL-terminated */
    size_t out_len;
    char *err;
};

/* Run a shell command line; capture stdout, stderr and the exit status.
 * sh_in runs it in dir. */
struct run sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct run sh_in(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void run_free(struct run *r);
/* Fails the test unless exit 0 / exit 1 with needle in stderr. */
void expect_ok(struct run *r);
void expect_fail(struct run *r, const char *needle);
/* A command line that must succeed (output not needed), or exit 1 with
 * needle on stderr. */
void sh_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sh_fails(const char *needle, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
