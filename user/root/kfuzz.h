/*
 * The root task's in-image kernel fuzzer (see kfuzz.c).
 */
#ifndef LX_ROOT_KFUZZ_H
#define LX_ROOT_KFUZZ_H

#include <stdint.h>

#include "lx/abi.h"

/* Fuzzes the kernel with objects from the untyped in slot ut, printing
 * "selftest NAME: ok|FAIL"; returns failures. */
int kfuzz_run(const struct lx_bootinfo *bi, uint64_t ut);

#endif
