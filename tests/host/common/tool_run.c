/*
 * Running the lx tool from host tests (see tool_run.h).
 */
#include "test.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool_run.h"

/* Every path here is a short one under /tmp; GCC cannot know that. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

char tool_dir[64];
char tool_lx[PATH_MAX];

uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    assert_non_null(f);
    assert_int_equal(fstat(fileno(f), &st), 0);
    *n = (size_t)st.st_size;
    uint8_t *d = malloc(*n + 1);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, *n, f), *n);
    d[*n] = 0;
    fclose(f);
    return d;
}

void run_free(struct run *r)
{
    free(r->out);
    free(r->err);
}

static struct run vsh(const char *dir, const char *fmt, va_list ap)
{
    char cmd[8192], full[9000], op[PATH_MAX], ep[PATH_MAX];
    struct run r;
    size_t n;

    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    snprintf(op, sizeof(op), "%s/.out", tool_dir);
    snprintf(ep, sizeof(ep), "%s/.err", tool_dir);
    if (dir)
        snprintf(full, sizeof(full), "( cd %s && %s ) >%s 2>%s", dir, cmd, op, ep);
    else
        snprintf(full, sizeof(full), "( %s ) >%s 2>%s", cmd, op, ep);
    int st = system(full);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = (char *)slurp(op, &r.out_len);
    r.err = (char *)slurp(ep, &n);
    return r;
}

struct run sh(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    struct run r = vsh(NULL, fmt, ap);
    va_end(ap);
    return r;
}

struct run sh_in(const char *dir, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    struct run r = vsh(dir, fmt, ap);
    va_end(ap);
    return r;
}

void sh_ok(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    struct run r = vsh(NULL, fmt, ap);
    va_end(ap);
    expect_ok(&r);
    run_free(&r);
}

void sh_fails(const char *needle, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    struct run r = vsh(NULL, fmt, ap);
    va_end(ap);
    expect_fail(&r, needle);
    run_free(&r);
}

void expect_ok(struct run *r)
{
    if (r->status != 0)
        fail_msg("exit %d, stderr: %s", r->status, r->err);
}

void expect_fail(struct run *r, const char *needle)
{
    if (r->status != 1 || strstr(r->err, needle) == NULL)
        fail_msg("want exit 1 with \"%s\"; got exit %d, stderr: %s", needle, r->status, r->err);
}


int tool_setup(const char *tag)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

    snprintf(tool_dir, sizeof(tool_dir), "/tmp/lx_%s_XXXXXX", tag);
    if (n <= 0 || mkdtemp(tool_dir) == NULL)
        return -1;
    self[n] = 0;
    *strrchr(self, '/') = 0;            /* build/<variant>/tests */
    snprintf(tool_lx, sizeof(tool_lx), "%s/../bin/lx", self);
    return access(tool_lx, X_OK);
}

int tool_teardown(void)
{
    char cmd[PATH_MAX + 16];

    snprintf(cmd, sizeof(cmd), "rm -rf %s", tool_dir);
    return system(cmd);
}
