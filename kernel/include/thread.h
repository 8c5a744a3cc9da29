/*
 * Threads. Today there is exactly one user thread, the root task, created
 * by the kernel at boot; TCB objects made from untyped memory replace this
 * static one when kernel objects arrive (docs/kernel-abi.md).
 */
#ifndef LX_THREAD_H
#define LX_THREAD_H

#include <stdint.h>

#include "arch/trap.h"
#include "cap.h"

enum thread_state { THREAD_INACTIVE, THREAD_RUNNING, THREAD_HALTED };

struct tcb {
    struct trap_frame ctx;      /* user registers, saved on every trap */
    uint64_t vspace_root;       /* physical address of the root page table */
    struct cap cspace_root;     /* the root CNode (a copy, outside the CDT) */
    enum thread_state state;
    const char *name;
};

/* The thread the CPU runs (or last ran) in user mode. */
extern struct tcb *current_thread;

/* Enter or re-enter user mode in t; does not return. */
_Noreturn void thread_resume(struct tcb *t);

/* Architecture hooks. */
_Noreturn void arch_return_to_user(struct trap_frame *frame);
void arch_set_vspace(uint64_t root_phys);
void arch_init_user_frame(struct trap_frame *f, uint64_t pc, uint64_t sp, uint64_t arg0);

#endif
