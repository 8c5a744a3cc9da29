/* Running the lx tool from host tests (see tool_run.h). */
#include "tool_run.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Scratch paths are short; GCC cannot know that. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

int tool_setup(char *tmpl, char *lx, size_t lx_cap)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    char *slash;

    if (n <= 0 || mkdtemp(tmpl) == NULL)
        return -1;
    self[n] = 0;
    slash = strrchr(self, '/');         /* build/<variant>/tests/<program> */
    if (slash == NULL)
        return -1;
    *slash = 0;
    snprintf(lx, lx_cap, "%s/../bin/lx", self);
    return access(lx, X_OK);
}

void tool_cleanup(const char *dir)
{
    char cmd[PATH_MAX + 16];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cleanup of %s failed\n", dir);
}

/* The whole of a file (NUL-terminated); an empty string if it is absent. */
static char *take_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *d;
    long n;

    *len = 0;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
        if (f != NULL)
            fclose(f);
        return calloc(1, 1);
    }
    d = malloc((size_t)n + 1);
    if (d != NULL) {
        *len = fread(d, 1, (size_t)n, f);
        d[*len] = 0;
    }
    fclose(f);
    return d;
}

struct tool_run tool_sh(const char *dir, const char *fmt, ...)
{
    char cmd[16384], line[17000], out[PATH_MAX], err[PATH_MAX];
    struct tool_run r;
    va_list ap;
    size_t n;
    int st;

    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    snprintf(out, sizeof(out), "%s/.stdout", dir);
    snprintf(err, sizeof(err), "%s/.stderr", dir);
    snprintf(line, sizeof(line), "cd '%s' && { %s ; } >'%s' 2>'%s'", dir, cmd, out, err);
    st = system(line);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    r.out = take_file(out, &r.out_len);
    r.err = take_file(err, &n);
    return r;
}

void tool_run_free(struct tool_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}
