/* Password and PIN input for the host tools (see secret.h). */
#include "secret.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>

#include "base/mem.h"

#define LINE_MAX_BYTES (SECRET_MAX + 32)

void secret_wipe(struct secrets *s)
{
    lx_memzero_secure(s, sizeof(*s));
}

static int store(char *dst, size_t *dst_len, const char *v, size_t n)
{
    if (n == 0 || n > SECRET_MAX)
        return -1;
    memcpy(dst, v, n);
    dst[n] = '\0';
    *dst_len = n;
    return 0;
}

/* Strip the line end in place; the length left. */
static size_t chomp(char *line)
{
    size_t n = strcspn(line, "\n");

    line[n] = '\0';
    if (n > 0 && line[n - 1] == '\r')
        line[--n] = '\0';
    return n;
}

int secret_read_stream(struct secrets *s, FILE *f, const char *name, char *err, size_t cap)
{
    char line[LINE_MAX_BYTES];
    int lineno = 0, r = 0;

    while (r == 0 && fgets(line, sizeof(line), f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            snprintf(err, cap, "%s:%d: line longer than %d bytes", name, lineno, SECRET_MAX);
            r = -1;
            break;
        }
        size_t n = chomp(line);
        if (n == 0 || line[0] == '#')
            continue;
        char *eq = memchr(line, '=', n);
        size_t klen = eq ? (size_t)(eq - line) : n;
        const char *v = eq ? eq + 1 : "";
        size_t vlen = eq ? n - klen - 1 : 0;
        if (eq && klen == 8 && memcmp(line, "password", 8) == 0)
            r = store(s->password, &s->password_len, v, vlen);
        else if (eq && klen == 3 && memcmp(line, "pin", 3) == 0)
            r = store(s->pin, &s->pin_len, v, vlen);
        else {
            snprintf(err, cap, "%s:%d: expected password=... or pin=...", name, lineno);
            r = -1;
            break;
        }
        if (r != 0)
            snprintf(err, cap, "%s:%d: empty value or longer than %d bytes", name, lineno,
                     SECRET_MAX);
    }
    lx_memzero_secure(line, sizeof(line));
    return r;
}

/* One line from the terminal with echo off. */
static int prompt(FILE *tty, const char *label, char *dst, size_t *dst_len)
{
    char line[LINE_MAX_BYTES];
    struct termios old, quiet;
    int fd = fileno(tty), r = -1;

    fprintf(tty, "%s", label);
    fflush(tty);
    if (tcgetattr(fd, &old) != 0)
        return -1;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    quiet.c_lflag |= ECHONL;
    if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
        return -1;
    if (fgets(line, sizeof(line), tty) != NULL && strchr(line, '\n') != NULL)
        r = store(dst, dst_len, line, chomp(line));
    tcsetattr(fd, TCSAFLUSH, &old);
    lx_memzero_secure(line, sizeof(line));
    return r;
}

static int read_prompt(struct secrets *s, const char *user, char *err, size_t cap)
{
    FILE *tty = fopen("/dev/tty", "r+");
    char label[128];

    if (tty == NULL) {
        snprintf(err, cap, "no terminal to prompt on (%s); use --secrets-file or --secrets-stdin",
                 strerror(errno));
        return -1;
    }
    setvbuf(tty, NULL, _IONBF, 0);
    snprintf(label, sizeof(label), "Password for %s: ", user);
    int r = prompt(tty, label, s->password, &s->password_len);
    if (r == 0)
        r = prompt(tty, "PIN: ", s->pin, &s->pin_len);
    fclose(tty);
    if (r != 0)
        snprintf(err, cap, "could not read the password and PIN (empty, or over %d bytes)",
                 SECRET_MAX);
    return r;
}

int secret_read(struct secrets *s, enum secret_source src, const char *path, const char *user,
                char *err, size_t err_cap)
{
    int r;

    memset(s, 0, sizeof(*s));
    if (src == SECRET_PROMPT) {
        r = read_prompt(s, user, err, err_cap);
    } else {
        FILE *f = src == SECRET_STDIN ? stdin : fopen(path, "r");
        const char *name = src == SECRET_STDIN ? "stdin" : path;
        if (f == NULL) {
            snprintf(err, err_cap, "%s: %s", path, strerror(errno));
            return -1;
        }
        setvbuf(f, NULL, _IONBF, 0);    /* no copy of the secrets left in a stdio buffer */
        r = secret_read_stream(s, f, name, err, err_cap);
        if (f != stdin)
            fclose(f);
        if (r == 0 && (s->password_len == 0 || s->pin_len == 0)) {
            snprintf(err, err_cap, "%s: needs both password=... and pin=...", name);
            r = -1;
        }
    }
    if (r != 0)
        secret_wipe(s);
    return r;
}
