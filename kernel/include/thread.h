/*
 * Threads (TCB objects). A TCB is a 1 KiB kernel object made by
 * Untyped_Retype, except the root task's, which the kernel makes at boot.
 * It holds the saved user registers, the scheduling state, the IPC state
 * and, in CTEs of its own that sit in the derivation tree, the caps it
 * runs with (CSpace root, VSpace root, IPC buffer frame), as in seL4.
 */
#ifndef LX_THREAD_H
#define LX_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/trap.h"
#include "cap.h"
#include "lx/abi.h"

#define TCB_SIZE_BITS 10

enum thread_state {
    THREAD_INACTIVE = 0,        /* new, suspended, halted or faulted */
    THREAD_RUNNING,             /* runnable: running, or in a ready queue */
    THREAD_BLOCKED_SEND,        /* in an endpoint's queue (Send or Call) */
    THREAD_BLOCKED_RECV,        /* in an endpoint's queue (Recv) */
    THREAD_BLOCKED_REPLY,       /* made a Call; waits for the reply */
    THREAD_BLOCKED_NTFN,        /* in a notification's queue (Wait) */
};

/* The caps a thread runs with, each a copy inside the derivation tree. */
enum tcb_cte { TCB_CTE_CSPACE, TCB_CTE_VSPACE, TCB_CTE_IPC_BUFFER, TCB_CTE_COUNT };

struct thread_queue;
struct notification;

struct tcb {
    struct trap_frame ctx;      /* user registers, saved on every trap */
    struct cte ctes[TCB_CTE_COUNT];
    enum thread_state state;
    uint8_t prio, mcp;
    uint8_t in_ready_queue;
    uint8_t time_slice;         /* ticks left */
    struct tcb *sched_next, *sched_prev;

    /* IPC: the queue of the endpoint or notification blocked on. */
    struct thread_queue *blocked_on;
    struct tcb *ipc_next, *ipc_prev;
    uint64_t ipc_badge;         /* blocked sender: the badge it sends with */
    uint8_t ipc_is_call, ipc_can_grant;
    /* The one-shot reply capability: the caller this thread may reply
     * to, and, on the caller's side, the thread holding its reply. */
    struct tcb *reply_to, *reply_holder;
    struct notification *bound_ntfn;    /* TCB_BindNotification */

    uint64_t ipc_buffer;        /* user address of the IPC buffer, 0: none */
    uint64_t fault_ep;          /* cptr in its own CSpace of its fault endpoint */
    /* A fault on its way to the handler: what the message says. */
    uint8_t fault_pending;
    uint8_t fault_label;
    uint64_t fault_mr[LX_FAULT_LENGTH];
    const char *name;
};

_Static_assert(sizeof(struct tcb) <= (1u << TCB_SIZE_BITS), "TCB object size");

/* The thread the CPU runs (or last ran) in user mode; NULL when idle. */
extern struct tcb *current_thread;

/* A fresh TCB from Untyped_Retype (zeroed memory) or the boot code. */
void tcb_init(struct tcb *t, const char *name);
/* The last capability to t went away (object.c). */
void tcb_finalise(struct tcb *t);
/* Stop t: leave any queue (an IPC in progress restarts when resumed). */
void tcb_suspend(struct tcb *t);
/* Make an inactive thread runnable. */
void tcb_resume(struct tcb *t);
/* The kernel address of t's IPC buffer, or NULL when it has none. */
struct lx_ipc_buffer *tcb_ipc_buffer(const struct tcb *t);
/* t's root CNode capability (a null cap when it has none). */
static inline const struct cap *tcb_cspace(const struct tcb *t)
{
    return &t->ctes[TCB_CTE_CSPACE].cap;
}

/* Enter or re-enter user mode in t; does not return. */
_Noreturn void thread_resume(struct tcb *t);

/* Architecture hooks. */
_Noreturn void arch_return_to_user(struct trap_frame *frame);
/* The kernel's own root page table: a thread with no VSpace runs on it
 * and faults at its first instruction. */
uint64_t arch_kernel_vspace_root(void);
void arch_init_user_frame(struct trap_frame *f, uint64_t pc, uint64_t sp, uint64_t arg0);

#endif
