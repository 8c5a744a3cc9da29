/*
 * The interface generator (tools/geninterface.c) run as a program: the
 * real kernel/interface.list gives the labels, positions and lengths the
 * ABI documents, and every kind of malformed list is refused with the
 * file, the line and what is wrong, writing nothing usable.
 */
#include "test.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every path here is a short one under /tmp or the build tree; GCC
 * cannot know that. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static char g_dir[] = "/tmp/lx_geninterface_XXXXXX";
static char g_tool[PATH_MAX];

/* Run the tool on list; its exit status, its output in out. */
static int run(const char *list, const char *outdir, char *out, size_t cap)
{
    char cmd[3 * PATH_MAX];
    size_t n;

    snprintf(cmd, sizeof(cmd), "%s %s %s 2>&1", g_tool, list, outdir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    return WEXITSTATUS(pclose(p));
}

static int file_has(const char *path, const char *text)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "r");
    size_t n;

    if (f == NULL)
        return 0;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strstr(buf, text) != NULL;
}

static void test_real_list(void **state)
{
    char out[4096], path[PATH_MAX];
    (void)state;

    assert_int_equal(run("kernel/interface.list", g_dir, out, sizeof(out)), 0);
    snprintf(path, sizeof(path), "%s/lx/interface.h", g_dir);
    assert_true(file_has(path, "LX_UNTYPED_RETYPE = 1,"));
    assert_true(file_has(path, "LX_TCB_CONFIGURE = 7,"));
    assert_true(file_has(path, "#define LX_TCB_CONFIGURE_LENGTH 7"));
    assert_true(file_has(path, "#define LX_TCB_CONFIGURE_MR_MCP 6"));
    assert_true(file_has(path, "#define LX_FRAME_MAP_MR_RIGHTS 2"));
    /* An optional argument has a position but does not count. */
    assert_true(file_has(path, "#define LX_CNODE_COPY_LENGTH 4"));
    assert_true(file_has(path, "#define LX_CNODE_COPY_MR_SRC_CNODE 4"));
    snprintf(path, sizeof(path), "%s/lx/interface_stubs.h", g_dir);
    assert_true(file_has(path, "static inline long lx_inv_frame_map(uint64_t cap, uint64_t vspace, "
                               "uint64_t vaddr, uint64_t rights, struct lx_msg *reply)"));
    assert_true(file_has(path, "lx_ipc_buffer()->msg[6] = mcp;"));
    snprintf(path, sizeof(path), "%s/interface_table.h", g_dir);
    assert_true(file_has(path, "[LX_IRQ_HANDLER_ACK] = { cap_irq_handler, 0, \"irq_handler_ack\" },"));
}

/* A list of one bad line (after a good one) is refused naming line 2. */
static void refused(const char *line, const char *why)
{
    char list[PATH_MAX], out[4096], want[512];
    FILE *f;

    snprintf(list, sizeof(list), "%s/bad.list", g_dir);
    f = fopen(list, "w");
    assert_non_null(f);
    fprintf(f, "tcb 10 resume\n%s\n", line);
    fclose(f);
    assert_int_equal(run(list, g_dir, out, sizeof(out)), 1);
    snprintf(want, sizeof(want), "%s:2: %s", list, why);
    if (strstr(out, want) == NULL)
        fail_msg("for '%s' expected '%s', got '%s'", line, want, out);
}

static void test_malformed(void **state)
{
    (void)state;
    refused("dragon 11 suspend", "unknown object 'dragon'");
    refused("tcb 10 suspend", "label 10 already used on line 1");
    refused("tcb 11 resume", "tcb resume already defined on line 1");
    refused("tcb 0 suspend", "label '0' is not a number in 1..255");
    refused("tcb 256 suspend", "label '256' is not a number in 1..255");
    refused("tcb 1x suspend", "label '1x' is not a number in 1..255");
    refused("tcb 11 Suspend", "name 'Suspend' is not a lower-case identifier");
    refused("tcb 11", "expected: object label name argument...");
    refused("tcb 11 suspend [a] b", "argument 'b' follows an optional one");
    refused("tcb 11 suspend [a", "optional argument '[a' must be written [name]");
    refused("tcb 11 suspend a-b", "argument 'a-b' is not a lower-case identifier");
    refused("tcb 11 suspend a b c d e f g h i j k l m n o p q", "more than 16 arguments");
}

static void test_usage(void **state)
{
    char cmd[PATH_MAX + 16];
    (void)state;

    snprintf(cmd, sizeof(cmd), "%s >/dev/null 2>&1", g_tool);
    assert_int_equal(WEXITSTATUS(system(cmd)), 2);
    char out[4096];
    assert_int_equal(run("/nonexistent/list", g_dir, out, sizeof(out)), 1);
    assert_non_null(strstr(out, "/nonexistent/list: No such file or directory"));
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_list),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_usage),
    };
    char self[PATH_MAX];
    (void)argc;

    /* The tool is built beside the variants: build/tools/geninterface. */
    if (realpath(argv[0], self) == NULL || strlen(self) + 32 > sizeof(g_tool))
        return 1;
    *strrchr(self, '/') = '\0';
    snprintf(g_tool, sizeof(g_tool), "%s/../../tools/geninterface", self);
    if (mkdtemp(g_dir) == NULL)
        return 1;
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    char rm[64];
    snprintf(rm, sizeof(rm), "rm -rf %s", g_dir);
    if (system(rm) != 0)
        failed++;
    return failed;
}
