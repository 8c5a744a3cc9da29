/*
 * Traps from user mode: system calls, the timer, and faults. Faults have
 * no fault endpoint to go to yet, so the kernel reports them and stops the
 * thread.
 */
#include "arch/machine.h"
#include "arch/timer.h"
#include "console.h"
#include "invocation.h"
#include "kernel.h"
#include "lx/abi.h"
#include "panic.h"
#include "thread.h"

#define EXC_ECALL_U 8

struct tcb *current_thread;

_Noreturn void thread_resume(struct tcb *t)
{
    current_thread = t;
    arch_set_vspace(t->vspace_root);
    arch_return_to_user(&t->ctx);
}

static _Noreturn void thread_halt(struct tcb *t, int failed)
{
    t->state = THREAD_HALTED;
    kernel_idle(failed);
}

static void handle_syscall(struct tcb *t)
{
    struct trap_frame *f = &t->ctx;
    uint64_t nr = f->x[17], a0 = f->x[10];

    f->sepc += 4;                       /* past the ecall */
    switch (nr) {
    case LX_SYS_CALL: {
        const uint64_t mr[4] = { f->x[12], f->x[13], f->x[14], f->x[15] };
        struct inv_result r = decode_invocation(t, a0, f->x[11], mr);
        f->x[10] = r.error;
        f->x[11] = r.detail;
        break;
    }
    case LX_SYS_DEBUG_PUTCHAR:
        console_putc((char)a0);
        f->x[10] = 0;
        break;
    case LX_SYS_YIELD:
        f->x[10] = 0;                   /* the only thread runs on */
        break;
    case LX_SYS_DEBUG_HALT:
        kprintf("LX-OS: thread '%s' stopped itself (status %ld)\n", t->name, (long)a0);
        if (kernel_selftest)
            kprintf("selftest %s_exit_status: %s\n", t->name, a0 == 0 ? "ok" : "FAIL");
        thread_halt(t, a0 != 0);
    default:
        f->x[10] = LX_ILLEGAL_OPERATION;
        break;
    }
}

static _Noreturn void thread_fault(struct tcb *t)
{
    const struct trap_frame *f = &t->ctx;

    kprintf("\nFAULT in thread '%s': %s at pc %lx, address %lx\n", t->name,
            arch_exception_name(f->scause), f->sepc, f->stval);
    arch_dump_frame(f);
    if (kernel_selftest && kernel_expect_user_fault) {
        kprintf("selftest %s_fault_reported: ok\n", t->name);
        thread_halt(t, 0);
    }
    if (kernel_selftest)
        kprintf("selftest %s_no_fault: FAIL\n", t->name);
    thread_halt(t, 1);
}

_Noreturn void user_trap(struct trap_frame *f)
{
    struct tcb *t = current_thread;
    uint64_t cause = f->scause;

    if (f != &t->ctx)
        panic("user trap with a frame that is not the current thread's");
    if (cause & SCAUSE_INTERRUPT) {
        if ((cause & ~SCAUSE_INTERRUPT) != IRQ_S_TIMER)
            panic("unexpected interrupt %lu from user mode", cause & ~SCAUSE_INTERRUPT);
        timer_tick();
    } else if (cause == EXC_ECALL_U) {
        handle_syscall(t);
    } else {
        thread_fault(t);
    }
    thread_resume(t);
}
