/*
 * The root task's interrupt and device-memory self-test (see irq_tests.c).
 */
#ifndef LX_ROOT_IRQ_TESTS_H
#define LX_ROOT_IRQ_TESTS_H

#include <stdint.h>

#include "lx/abi.h"

/* Runs every case with objects from the untyped in slot ut, printing
 * "selftest NAME: ok|FAIL"; returns failures. */
int irq_tests(const struct lx_bootinfo *bi, uint64_t ut);

#endif
