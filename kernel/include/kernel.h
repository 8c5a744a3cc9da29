/*
 * Kernel-wide state and entry points that do not belong to one subsystem.
 */
#ifndef LX_KERNEL_H
#define LX_KERNEL_H

#include <stdbool.h>

/* "selftest" was on the command line: report and power off at the end. */
extern bool kernel_selftest;
/* "userfault": the root task will fault on purpose; reporting it passes. */
extern bool kernel_expect_user_fault;

/* Nothing left to run: idle on the timer, or in self-test mode print the
 * end marker and power off (failure status when failed). */
_Noreturn void kernel_idle(int failed);

/* The name of an exception cause (scause without the interrupt bit). */
const char *arch_exception_name(unsigned long cause);

#endif
