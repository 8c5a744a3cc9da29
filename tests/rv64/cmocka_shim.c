/*
 * Runner for the cmocka subset in cmocka_shim.h: each test runs under
 * setjmp, a failed assertion longjmps back, and the totals are printed in
 * cmocka's format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmocka_shim.h"

/* The runner's jump target; a test program is single-threaded. */
static jmp_buf shim_jump;

void print_message(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

void shim_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    printf("[  ERROR   ] --- ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n[   LINE   ] --- %s:%d: error: Failure!\n", file, line);
    longjmp(shim_jump, 1);
}

void shim_skip(void)
{
    longjmp(shim_jump, 2);
}

int shim_run_tests(const char *group, const struct CMUnitTest *tests, size_t n)
{
    /* volatile: they live across setjmp/longjmp. */
    volatile size_t passed = 0, failed = 0, skipped = 0;

    printf("[==========] %s: Running %zu test(s).\n", group, n);
    for (size_t i = 0; i < n; i++) {
        printf("[ RUN      ] %s\n", tests[i].name);
        int r = setjmp(shim_jump);
        if (r == 0) {
            tests[i].test_func(NULL);
            printf("[       OK ] %s\n", tests[i].name);
            passed++;
        } else if (r == 2) {
            printf("[  SKIPPED ] %s\n", tests[i].name);
            skipped++;
        } else {
            printf("[  FAILED  ] %s\n", tests[i].name);
            failed++;
        }
    }
    printf("[==========] %s: %zu test(s) run.\n", group, n);
    printf("[  PASSED  ] %zu test(s).\n", (size_t)passed);
    if (skipped)
        printf("[  SKIPPED ] %zu test(s).\n", (size_t)skipped);
    if (failed)
        printf("[  FAILED  ] %zu test(s), listed above.\n", (size_t)failed);
    fflush(stdout);
    return (int)failed;
}
