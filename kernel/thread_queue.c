/*
 * The queues of threads blocked on an endpoint or a notification, and
 * taking a thread out of whichever IPC wait it is in (Suspend, delete).
 */
#include "arch/regs.h"
#include "ipc.h"
#include "sched.h"

void thread_queue_append(struct thread_queue *q, struct tcb *t)
{
    t->ipc_next = NULL;
    t->ipc_prev = q->tail;
    if (q->tail)
        q->tail->ipc_next = t;
    else
        q->head = t;
    q->tail = t;
    t->blocked_on = q;
}

void thread_queue_remove(struct thread_queue *q, struct tcb *t)
{
    if (t->ipc_prev)
        t->ipc_prev->ipc_next = t->ipc_next;
    else
        q->head = t->ipc_next;
    if (t->ipc_next)
        t->ipc_next->ipc_prev = t->ipc_prev;
    else
        q->tail = t->ipc_prev;
    t->ipc_next = t->ipc_prev = NULL;
    t->blocked_on = NULL;
}

void ipc_wake(struct tcb *t)
{
    t->state = THREAD_RUNNING;
    sched_enqueue(t);
}

void thread_queue_restart_all(struct thread_queue *q)
{
    while (q->head) {
        struct tcb *t = q->head;
        thread_queue_remove(q, t);
        ipc_restart(t);
        ipc_wake(t);
    }
}

void ipc_restart(struct tcb *t)
{
    /* A fault is not a system call: run again, the thread faults again. */
    if (t->fault_pending)
        t->fault_pending = 0;
    else
        arch_restart_syscall(&t->ctx);
}

void ipc_cancel(struct tcb *t)
{
    switch (t->state) {
    case THREAD_BLOCKED_SEND:
    case THREAD_BLOCKED_RECV:
    case THREAD_BLOCKED_NTFN:
        thread_queue_remove(t->blocked_on, t);
        break;
    case THREAD_BLOCKED_REPLY:
        if (t->reply_holder)
            t->reply_holder->reply_to = NULL;
        t->reply_holder = NULL;
        break;
    default:
        break;
    }
}
