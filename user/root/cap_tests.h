/*
 * The root task's capability self-test (see cap_tests.c).
 */
#ifndef LX_ROOT_CAP_TESTS_H
#define LX_ROOT_CAP_TESTS_H

#include "lx/abi.h"

/* Runs every case, printing "selftest NAME: ok|FAIL"; returns failures. */
int cap_tests(const struct lx_bootinfo *bi);

#endif
