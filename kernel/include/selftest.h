/*
 * In-kernel boot self-test, run when the kernel command line (the device
 * tree's /chosen/bootargs, QEMU -append) contains "selftest". It prints
 * one line per case and a final "selftest: N passed, M failed" that the
 * host harness (tools/run-kernel-test.sh) reads, then powers off.
 */
#ifndef LX_SELFTEST_H
#define LX_SELFTEST_H

#include "arch/trap.h"
#include "fdt/fdt.h"

struct boot_info;

_Noreturn void selftest_run(const struct boot_info *bi);

/* Trap hook: 1 when the self-test expected this breakpoint. */
int kernel_breakpoint(struct trap_frame *tf);

#endif
