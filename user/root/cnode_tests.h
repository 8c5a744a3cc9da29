/*
 * The root task's CNode self-test (see cnode_tests.c).
 */
#ifndef LX_ROOT_CNODE_TESTS_H
#define LX_ROOT_CNODE_TESTS_H

#include <stdint.h>

#include "lx/abi.h"

/* Runs every case with objects from the untyped in slot ut, printing
 * "selftest NAME: ok|FAIL"; returns failures. */
int cnode_tests(const struct lx_bootinfo *bi, uint64_t ut);

#endif
