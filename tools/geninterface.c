/*
 * The interface generator: reads kernel/interface.list (the kernel's
 * invocations: object, label, name, arguments) and writes, into OUTDIR,
 *   lx/interface.h        labels, argument positions and minimum lengths
 *                         (shared by the kernel and user level);
 *   lx/interface_stubs.h  one user-level stub per invocation;
 *   interface_table.h     the kernel's table: for each label, the object
 *                         type it applies to, its minimum length, its name.
 * Nothing it writes is checked in; the Makefile runs it before building
 * the kernel or user level. A malformed list is refused with the file,
 * the line and what is wrong.
 *
 * Usage: geninterface LIST OUTDIR
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_INVOCATIONS 256
#define MAX_ARGS 16
#define MAX_NAME 40
#define MAX_LINE 512

static const char *const objects[] = {
    "untyped", "cnode", "tcb", "page_table", "frame", "irq_control", "irq_handler",
};

struct invocation {
    const char *object;
    unsigned label;
    char name[MAX_NAME];
    int n_args;                 /* every MR, optional ones included */
    int min_length;             /* MRs before the first optional one */
    char arg[MAX_ARGS][MAX_NAME];   /* "" for "-" */
    int line;
};

struct list {
    struct invocation inv[MAX_INVOCATIONS];
    int n;
    const char *path;
};

static void fail(const struct list *l, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s:%d: ", l->path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static int is_identifier(const char *s)
{
    if (!(islower((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++) {
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            return 0;
    }
    return 1;
}

static const char *find_object(const char *s)
{
    for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++) {
        if (strcmp(s, objects[i]) == 0)
            return objects[i];
    }
    return NULL;
}

static void copy_name(const struct list *l, int line, char *dst, const char *src, const char *what)
{
    if (strlen(src) >= MAX_NAME || !is_identifier(src))
        fail(l, line, "%s '%s' is not a lower-case identifier of at most %d characters", what,
             src, MAX_NAME - 1);
    strcpy(dst, src);
}

static void parse_argument(struct list *l, struct invocation *v, const char *tok)
{
    size_t len = strlen(tok);

    if (v->n_args == MAX_ARGS)
        fail(l, v->line, "more than %d arguments", MAX_ARGS);
    if (tok[0] == '[') {
        char inner[MAX_NAME];
        if (len < 3 || tok[len - 1] != ']' || len - 2 >= MAX_NAME)
            fail(l, v->line, "optional argument '%s' must be written [name]", tok);
        memcpy(inner, tok + 1, len - 2);
        inner[len - 2] = '\0';
        copy_name(l, v->line, v->arg[v->n_args], inner, "argument");
    } else {
        if (v->min_length != v->n_args)
            fail(l, v->line, "argument '%s' follows an optional one", tok);
        if (strcmp(tok, "-") == 0)
            v->arg[v->n_args][0] = '\0';
        else
            copy_name(l, v->line, v->arg[v->n_args], tok, "argument");
        v->min_length++;
    }
    v->n_args++;
}

static void check_unique(const struct list *l, const struct invocation *v)
{
    for (int i = 0; i < l->n; i++) {
        const struct invocation *o = &l->inv[i];
        if (o->label == v->label)
            fail(l, v->line, "label %u already used on line %d", v->label, o->line);
        if (o->object == v->object && strcmp(o->name, v->name) == 0)
            fail(l, v->line, "%s %s already defined on line %d", v->object, v->name, o->line);
    }
}

static void parse_line(struct list *l, char *s, int line)
{
    char *tok[3 + MAX_ARGS + 1];
    int n = 0;
    char *end;

    for (char *t = strtok(s, " \t\r\n"); t && n < (int)(sizeof(tok) / sizeof(tok[0]));
         t = strtok(NULL, " \t\r\n"))
        tok[n++] = t;
    if (n == 0 || tok[0][0] == '#')
        return;
    if (n < 3)
        fail(l, line, "expected: object label name argument...");
    if (n > 3 + MAX_ARGS)
        fail(l, line, "more than %d arguments", MAX_ARGS);
    if (l->n == MAX_INVOCATIONS)
        fail(l, line, "more than %d invocations", MAX_INVOCATIONS);
    struct invocation *v = &l->inv[l->n];
    memset(v, 0, sizeof(*v));
    v->line = line;
    if ((v->object = find_object(tok[0])) == NULL)
        fail(l, line, "unknown object '%s'", tok[0]);
    errno = 0;
    unsigned long label = strtoul(tok[1], &end, 10);
    if (errno || *end || tok[1][0] == '\0' || label < 1 || label > 255)
        fail(l, line, "label '%s' is not a number in 1..255", tok[1]);
    v->label = (unsigned)label;
    copy_name(l, line, v->name, tok[2], "name");
    for (int i = 3; i < n; i++)
        parse_argument(l, v, tok[i]);
    check_unique(l, v);
    l->n++;
}

static void read_list(struct list *l)
{
    char buf[MAX_LINE];
    FILE *f = fopen(l->path, "r");
    int line = 0;

    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", l->path, strerror(errno));
        exit(1);
    }
    while (fgets(buf, sizeof(buf), f)) {
        line++;
        if (strchr(buf, '\n') == NULL && !feof(f))
            fail(l, line, "line longer than %d characters", MAX_LINE - 2);
        parse_line(l, buf, line);
    }
    if (ferror(f))
        fail(l, line, "read error");
    fclose(f);
    if (l->n == 0)
        fail(l, line, "no invocations");
}

static void upper(char *dst, const char *src)
{
    while (*src)
        *dst++ = (char)toupper((unsigned char)*src++);
    *dst = '\0';
}

/* LX_<OBJECT>_<NAME>, the label's constant. */
static void constant(char *dst, const struct invocation *v)
{
    char o[MAX_NAME], n[MAX_NAME];

    upper(o, v->object);
    upper(n, v->name);
    sprintf(dst, "LX_%s_%s", o, n);
}

static FILE *create(const char *dir, const char *name)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if ((f = fopen(path, "w")) == NULL) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        exit(1);
    }
    fprintf(f, "/* Generated by tools/geninterface.c from kernel/interface.list: do not edit. */\n");
    return f;
}

static void finish(FILE *f, const char *dir, const char *name)
{
    if (fclose(f) != 0) {
        fprintf(stderr, "%s/%s: %s\n", dir, name, strerror(errno));
        exit(1);
    }
}

static void write_labels(const struct list *l, const char *dir)
{
    FILE *f = create(dir, "lx/interface.h");
    char c[2 * MAX_NAME + 8], a[MAX_NAME];

    fprintf(f, "#ifndef LX_INTERFACE_H\n#define LX_INTERFACE_H\n\n");
    fprintf(f, "/* Invocation labels (bits 63..12 of the message info word). */\n");
    fprintf(f, "enum lx_invocation {\n");
    for (int i = 0; i < l->n; i++) {
        constant(c, &l->inv[i]);
        fprintf(f, "    %s = %u,\n", c, l->inv[i].label);
    }
    fprintf(f, "};\n\n/* Each invocation's MR positions and minimum length. */\n");
    for (int i = 0; i < l->n; i++) {
        const struct invocation *v = &l->inv[i];
        constant(c, v);
        fprintf(f, "#define %s_LENGTH %d\n", c, v->min_length);
        for (int j = 0; j < v->n_args; j++) {
            if (v->arg[j][0] == '\0')
                continue;
            upper(a, v->arg[j]);
            fprintf(f, "#define %s_MR_%s %d\n", c, a, j);
        }
    }
    fprintf(f, "\n#endif\n");
    finish(f, dir, "lx/interface.h");
}

static void write_stub(FILE *f, const struct invocation *v)
{
    char c[2 * MAX_NAME + 8];

    constant(c, v);
    fprintf(f, "\n/* %s_%s: MRs", v->object, v->name);
    for (int j = 0; j < v->min_length; j++)
        fprintf(f, " %s", v->arg[j][0] ? v->arg[j] : "-");
    fprintf(f, ". The reply (info, MR0..3) goes to *reply when not NULL. */\n");
    fprintf(f, "static inline long lx_inv_%s_%s(uint64_t cap", v->object, v->name);
    for (int j = 0; j < v->min_length; j++) {
        if (v->arg[j][0])
            fprintf(f, ", uint64_t %s", v->arg[j]);
    }
    fprintf(f, ", struct lx_msg *reply)\n{\n");
    fprintf(f, "    struct lx_msg m = { LX_MSGINFO(%s, %d), { 0, 0, 0, 0 }, 0 };\n", c,
            v->min_length);
    for (int j = 0; j < v->min_length; j++) {
        if (!v->arg[j][0])
            continue;
        if (j < 4)
            fprintf(f, "    m.mr[%d] = %s;\n", j, v->arg[j]);
        else
            fprintf(f, "    lx_ipc_buffer()->msg[%d] = %s;\n", j, v->arg[j]);
    }
    fprintf(f, "    long e = lx_ipc(LX_SYS_CALL, cap, &m);\n");
    fprintf(f, "    if (reply)\n        *reply = m;\n    return e;\n}\n");
}

static void write_stubs(const struct list *l, const char *dir)
{
    FILE *f = create(dir, "lx/interface_stubs.h");

    fprintf(f, "#ifndef LX_INTERFACE_STUBS_H\n#define LX_INTERFACE_STUBS_H\n\n");
    fprintf(f, "/* Included by lx/syscall.h, after lx_ipc and lx_ipc_buffer. */\n");
    for (int i = 0; i < l->n; i++)
        write_stub(f, &l->inv[i]);
    fprintf(f, "\n#endif\n");
    finish(f, dir, "lx/interface_stubs.h");
}

static void write_kernel_table(const struct list *l, const char *dir)
{
    FILE *f = create(dir, "interface_table.h");
    char c[2 * MAX_NAME + 8];

    fprintf(f, "#ifndef LX_INTERFACE_TABLE_H\n#define LX_INTERFACE_TABLE_H\n\n");
    fprintf(f, "/* Included once, by kernel/invocation.c. */\n");
    fprintf(f, "static const struct inv_spec inv_specs[256] = {\n");
    for (int i = 0; i < l->n; i++) {
        const struct invocation *v = &l->inv[i];
        constant(c, v);
        fprintf(f, "    [%s] = { cap_%s, %d, \"%s_%s\" },\n", c, v->object, v->min_length,
                v->object, v->name);
    }
    fprintf(f, "};\n\n#endif\n");
    finish(f, dir, "interface_table.h");
}

int main(int argc, char **argv)
{
    static struct list l;
    char sub[4096];

    if (argc != 3) {
        fprintf(stderr, "usage: geninterface LIST OUTDIR\n");
        return 2;
    }
    l.path = argv[1];
    read_list(&l);
    snprintf(sub, sizeof(sub), "%s/lx", argv[2]);
    if ((mkdir(argv[2], 0777) != 0 && errno != EEXIST) || (mkdir(sub, 0777) != 0 && errno != EEXIST)) {
        fprintf(stderr, "%s: %s\n", sub, strerror(errno));
        return 1;
    }
    write_labels(&l, argv[2]);
    write_stubs(&l, argv[2]);
    write_kernel_table(&l, argv[2]);
    return 0;
}
