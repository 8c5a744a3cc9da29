/*
 * Traps from user mode: system calls, the timer, and faults. A system
 * call on an endpoint or a notification is IPC; on any other capability
 * it is an invocation (invocation.c). Every entry ends in sched_exit(),
 * which leaves the kernel into whichever thread should run now. A fault
 * goes to the thread's fault endpoint (fault.c); a thread with none is
 * reported on the console, with its registers, and stopped.
 */
#include "arch/machine.h"
#include "arch/regs.h"
#include "arch/timer.h"
#include "console.h"
#include "fastpath.h"
#include "invocation.h"
#include "irq.h"
#include "ipc.h"
#include "kernel.h"
#include "lx/abi.h"
#include "panic.h"
#include "sched.h"
#include "thread.h"
#include "vspace.h"

#define EXC_ECALL_U 8

_Noreturn void thread_resume(struct tcb *t)
{
    current_thread = t;
    arch_switch_vspace(&t->ctes[TCB_CTE_VSPACE].cap);
    arch_return_to_user(&t->ctx);
}

/* The thread stops for good (a halt or a fault). The root task stopping
 * ends a self-test run. */
static void thread_halt(struct tcb *t, int failed)
{
    tcb_suspend(t);
    if (t == kernel_root_thread)
        kernel_root_stopped(failed);
}

static bool has_right(const struct cap *c, unsigned right)
{
    return (c->rights & right) != 0;
}

/*
 * Send-type system calls (Call, Send, NBSend). The capability decides:
 * an endpoint gets a message (Write right), a notification a signal
 * (Write right), anything else an invocation.
 */
static void sys_send(struct tcb *t, bool blocking, bool is_call)
{
    struct trap_frame *f = &t->ctx;
    struct cte *slot = cspace_lookup(t, arch_get_cptr(f));

    if (slot == NULL || cap_is_null(&slot->cap)) {
        arch_set_result(f, LX_FAILED_LOOKUP, arch_get_cptr(f));
        return;
    }
    struct cap *c = &slot->cap;
    if (c->type == cap_endpoint || c->type == cap_notification) {
        if (!has_right(c, LX_RIGHT_WRITE)) {
            arch_set_result(f, LX_INVALID_CAPABILITY, 0);
            return;
        }
        if (c->type == cap_notification) {
            notification_signal((struct notification *)(uintptr_t)c->ptr, c->word);
            arch_set_result(f, LX_NO_ERROR, 0);
            return;
        }
        endpoint_send((struct endpoint *)(uintptr_t)c->ptr, t, c->word, blocking, is_call,
                      has_right(c, LX_RIGHT_GRANT));
        return;
    }
    struct inv_result r = decode_invocation(t, slot, arch_get_info(f));
    if (r.error == INV_PREEMPTED) {
        /* The interrupt is taken on the way out; then the call again. */
        arch_restart_syscall(f);
        return;
    }
    arch_set_result(f, r.error, r.detail);
}

/* The capability a receive names: an endpoint or notification with the
 * Read right, or the error (set in t's registers) and NULL. */
static struct cap *receive_cap(struct tcb *t, uint64_t cptr)
{
    struct cte *slot = cspace_lookup(t, cptr);

    if (slot == NULL || cap_is_null(&slot->cap)) {
        arch_set_result(&t->ctx, LX_FAILED_LOOKUP, cptr);
        return NULL;
    }
    struct cap *c = &slot->cap;
    if ((c->type != cap_endpoint && c->type != cap_notification) ||
        !has_right(c, LX_RIGHT_READ)) {
        arch_set_result(&t->ctx, LX_INVALID_CAPABILITY, 0);
        return NULL;
    }
    return c;
}

static void sys_receive(struct tcb *t, struct cap *c, bool blocking)
{
    if (c->type == cap_notification)
        notification_wait((struct notification *)(uintptr_t)c->ptr, t, blocking);
    else
        endpoint_receive((struct endpoint *)(uintptr_t)c->ptr, t, blocking);
}

static void handle_syscall(struct tcb *t)
{
    struct trap_frame *f = &t->ctx;
    uint64_t nr = arch_syscall_nr(f), a0 = arch_get_cptr(f);
    struct cap *c;

    arch_skip_syscall(f);
    switch (nr) {
    case LX_SYS_CALL:
        fastpath_call(t);
        sys_send(t, true, true);
        break;
    case LX_SYS_SEND:
        sys_send(t, true, false);
        break;
    case LX_SYS_NB_SEND:
        sys_send(t, false, false);
        break;
    case LX_SYS_RECV:
    case LX_SYS_NB_RECV:
        if ((c = receive_cap(t, a0)) != NULL)
            sys_receive(t, c, nr == LX_SYS_RECV);
        break;
    case LX_SYS_REPLY:
        endpoint_reply(t);
        arch_set_result(f, LX_NO_ERROR, 0);
        break;
    case LX_SYS_REPLY_RECV:
        fastpath_reply_recv(t);
        /* The receive capability is checked before the reply is sent, so
         * a bad one changes nothing. */
        if ((c = receive_cap(t, a0)) == NULL)
            break;
        endpoint_reply(t);
        sys_receive(t, c, true);
        break;
    case LX_SYS_YIELD:
        arch_set_error(f, LX_NO_ERROR);
        sched_yield();
        break;
    case LX_SYS_DEBUG_PUTCHAR:
        console_putc((char)a0);
        arch_set_error(f, LX_NO_ERROR);
        break;
    case LX_SYS_DEBUG_HALT:
        if (t == kernel_root_thread || a0 != 0)
            kprintf("LX-OS: thread '%s' stopped itself (status %ld)\n", t->name, (long)a0);
        if (kernel_selftest && t == kernel_root_thread)
            kprintf("selftest %s_exit_status: %s\n", t->name, a0 == 0 ? "ok" : "FAIL");
        arch_set_error(f, LX_NO_ERROR);
        thread_halt(t, a0 != 0);
        break;
    default:
        arch_set_error(f, LX_ILLEGAL_OPERATION);
        break;
    }
}

/* A faulting thread with no handler is reported in full this many times;
 * after that one line each, so a thread that faults in a loop (or the
 * kernel fuzzer's victims) cannot flood the console. */
#define FAULTS_SHOWN_IN_FULL 8

static void report_fault(const struct tcb *t)
{
    static unsigned reported;
    const struct trap_frame *f = &t->ctx;

    kprintf("%sFAULT in thread '%s' (tcb %p): %s at pc %lx, address %lx, instruction %lx\n",
            reported < FAULTS_SHOWN_IN_FULL ? "\n" : "", t->name, (void *)t,
            arch_exception_name(f->scause), f->sepc, f->stval,
            arch_fault_instruction(&t->ctes[TCB_CTE_VSPACE].cap, f->sepc));
    if (reported++ < FAULTS_SHOWN_IN_FULL)
        arch_dump_frame(f);
}

static void thread_fault(struct tcb *t)
{
    bool fuzzed = kernel_fuzzing && t != kernel_root_thread;
    bool expected = (kernel_expect_user_fault && t == kernel_root_thread) || fuzzed;

    if (fault_deliver(t))
        return;
    report_fault(t);
    /* The fuzzer's threads may fault at will; the kernel must only survive. */
    if (kernel_selftest && !fuzzed)
        kprintf("selftest %s_%s: %s\n", t->name, expected ? "fault_reported" : "no_fault",
                expected ? "ok" : "FAIL");
    thread_halt(t, !expected);
}

_Noreturn void user_trap(struct trap_frame *f)
{
    struct tcb *t = current_thread;
    uint64_t cause = f->scause;

    if (t == NULL || f != &t->ctx)
        panic("user trap with a frame that is not the current thread's");
    if (cause & SCAUSE_INTERRUPT) {
        uint64_t irq = cause & ~SCAUSE_INTERRUPT;
        if (irq == IRQ_S_TIMER) {
            timer_tick();
            sched_tick();
        } else if (irq == IRQ_S_EXT) {
            arch_handle_external_interrupt();
        } else {
            panic("unexpected interrupt %lu from user mode", irq);
        }
    } else if (cause == EXC_ECALL_U) {
        handle_syscall(t);
    } else {
        thread_fault(t);
    }
    sched_exit();
}
