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
/* "kfuzz": the root task runs the kernel fuzzer, whose threads fault. */
extern bool kernel_fuzzing;

struct tcb;
/* The root task's thread (made at boot). */
extern struct tcb *kernel_root_thread;

/* The root task stopped (halt or fault): in self-test mode print the end
 * marker and power off (failure status when failed); with "poweroff",
 * power off; otherwise return and let the other threads run. */
void kernel_root_stopped(int failed);

/* The scheduler found nothing runnable and is about to idle. In self-test
 * mode that is a deadlock of the tests (nothing else can wake a thread
 * yet): it fails and powers off rather than hang. */
void kernel_nothing_to_run(void);

/* The name of an exception cause (scause without the interrupt bit). */
const char *arch_exception_name(unsigned long cause);

#endif
