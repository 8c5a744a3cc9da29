/*
 * The subset of the cmocka API that LX-OS tests use, for the rv64 build
 * where cmocka is not available: tests run on picolibc with semihosting
 * under QEMU. Output mimics cmocka's summary lines so tools/run-tests
 * counts both the same way.
 */
#ifndef LX_CMOCKA_SHIM_H
#define LX_CMOCKA_SHIM_H

#include <stddef.h>
#include <stdint.h>

struct CMUnitTest {
    const char *name;
    void (*test_func)(void **state);
};

#define cmocka_unit_test(f) { #f, f }
#define cmocka_run_group_tests(tests, setup, teardown) \
    shim_run_tests(__FILE__, tests, sizeof(tests) / sizeof((tests)[0]))

int shim_run_tests(const char *group, const struct CMUnitTest *tests, size_t n);
void shim_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void shim_skip(void) __attribute__((noreturn));
void print_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define fail() shim_fail(__FILE__, __LINE__, "fail()")
#define fail_msg(...) shim_fail(__FILE__, __LINE__, __VA_ARGS__)
#define skip() shim_skip()

#define assert_true(c) \
    do { if (!(c)) shim_fail(__FILE__, __LINE__, "%s is not true", #c); } while (0)
#define assert_false(c) \
    do { if (c) shim_fail(__FILE__, __LINE__, "%s is not false", #c); } while (0)
#define assert_non_null(p) \
    do { if ((p) == NULL) shim_fail(__FILE__, __LINE__, "%s is NULL", #p); } while (0)
#define assert_null(p) \
    do { if ((p) != NULL) shim_fail(__FILE__, __LINE__, "%s is not NULL", #p); } while (0)
#define assert_int_equal(a, b) \
    do { \
        uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b); \
        if (a_ != b_) \
            shim_fail(__FILE__, __LINE__, "%ju != %ju", a_, b_); \
    } while (0)
#define assert_int_not_equal(a, b) \
    do { \
        uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b); \
        if (a_ == b_) \
            shim_fail(__FILE__, __LINE__, "%ju == %ju", a_, b_); \
    } while (0)
#define assert_memory_equal(a, b, n) \
    do { \
        if (memcmp((a), (b), (n)) != 0) \
            shim_fail(__FILE__, __LINE__, "%s and %s differ", #a, #b); \
    } while (0)
#define assert_memory_not_equal(a, b, n) \
    do { \
        if (memcmp((a), (b), (n)) == 0) \
            shim_fail(__FILE__, __LINE__, "%s and %s are equal", #a, #b); \
    } while (0)

#endif
