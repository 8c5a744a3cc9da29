/*
 * In-kernel boot self-test, run when the kernel command line (the device
 * tree's /chosen/bootargs, QEMU -append) contains "selftest". Every case,
 * in the kernel or in the root task, prints "selftest NAME: ok|FAIL"; the
 * kernel prints "selftest: done" when nothing is left to run and powers
 * off. The host harness (tools/run-kernel-test.sh) reads those lines.
 */
#ifndef LX_SELFTEST_H
#define LX_SELFTEST_H

#include "arch/trap.h"
#include "fdt/fdt.h"

struct boot_info;

/* The kernel-side cases; returns the number that failed. */
int selftest_run(const struct boot_info *bi);

struct tcb;

/* Cases about the root task as created, before it runs; returns failures. */
int selftest_root_task(const struct tcb *root);

/* Trap hook: 1 when the self-test expected this breakpoint. */
int kernel_breakpoint(struct trap_frame *tf);

#endif
