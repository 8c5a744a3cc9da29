/*
 * The root task's thread, scheduling and IPC self-test (see ipc_tests.c).
 */
#ifndef LX_ROOT_IPC_TESTS_H
#define LX_ROOT_IPC_TESTS_H

#include <stdint.h>

#include "lx/abi.h"

/* Runs every case with objects from the untyped in slot ut, printing
 * "selftest NAME: ok|FAIL"; returns failures. */
int ipc_tests(const struct lx_bootinfo *bi, uint64_t ut);

#endif
