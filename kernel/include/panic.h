/*
 * Kernel panic: print the reason (and the trapped registers, when there
 * are any), then power off through the firmware so a test harness sees the
 * end at once instead of a hang.
 */
#ifndef LX_PANIC_H
#define LX_PANIC_H

#include "arch/trap.h"

_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void panic_frame(const struct trap_frame *tf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Architecture hook: print the registers of a trap frame. */
void arch_dump_frame(const struct trap_frame *tf);

#endif
