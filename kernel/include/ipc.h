/*
 * Endpoints and notifications: the kernel objects threads block on.
 *
 * An endpoint (16 bytes) is a queue of threads all waiting to send or all
 * waiting to receive; which one is the state of its first thread. A
 * notification (64 bytes) is a word of signal bits (badges OR-ed
 * together), an active flag, a queue of waiting threads and the thread
 * bound to it, if any, which receives its signals while it waits on an
 * endpoint.
 */
#ifndef LX_IPC_H
#define LX_IPC_H

#include <stdbool.h>
#include <stdint.h>

#include "thread.h"

/* Threads blocked on one object, in arrival order. */
struct thread_queue {
    struct tcb *head, *tail;
};

struct endpoint {
    struct thread_queue q;
};

struct notification {
    struct thread_queue q;
    uint64_t word;
    uint64_t active;            /* signalled since the last wait */
    struct tcb *bound;          /* the thread bound to it (TCB_BindNotification) */
    uint64_t reserved[3];
};

_Static_assert(sizeof(struct endpoint) == 16, "endpoint object size");
#define NOTIFICATION_SIZE_BITS 6
_Static_assert(sizeof(struct notification) == 1 << NOTIFICATION_SIZE_BITS,
               "notification object size");

/* endpoint.c: seL4 non-MCS semantics. A sender that finds no receiver
 * blocks (or, non-blocking, drops the message); a receiver that finds no
 * sender blocks (or, non-blocking, returns an empty message). A Call
 * leaves the receiver holding a one-shot reply capability to the caller. */
void endpoint_send(struct endpoint *ep, struct tcb *t, uint64_t badge, bool blocking,
                   bool is_call, bool can_grant);
void endpoint_receive(struct endpoint *ep, struct tcb *t, bool blocking);
/* Reply to the caller t holds a reply capability to, if any. */
void endpoint_reply(struct tcb *t);
/* Drop the reply capability t holds (the caller stays blocked). */
void endpoint_drop_reply(struct tcb *t);
/* The last cap went: every waiter restarts its system call. */
void endpoint_finalise(struct endpoint *ep);

/* notification.c */
void notification_signal(struct notification *n, uint64_t badge);
void notification_wait(struct notification *n, struct tcb *t, bool blocking);
void notification_finalise(struct notification *n);
/* The bound notification's pending signal, if any, instead of a message:
 * true when t got one (t's receive is then complete). */
bool notification_take_bound(struct tcb *t);
void notification_bind(struct notification *n, struct tcb *t);
void notification_unbind(struct tcb *t);

/* fault.c: t faulted; send the fault to its fault endpoint, if it has
 * one it may send on (false: it has none). */
bool fault_deliver(struct tcb *t);
/* The handler receives faulter's fault message. */
void fault_message(const struct tcb *faulter, struct tcb *handler, uint64_t badge);
/* The handler replied to faulter's fault: restart, resume elsewhere, or stop. */
void fault_reply(struct tcb *handler, struct tcb *faulter);

/* thread_queue.c */
void thread_queue_append(struct thread_queue *q, struct tcb *t);
void thread_queue_remove(struct thread_queue *q, struct tcb *t);
/* Every thread of q makes its system call again (its object is gone). */
void thread_queue_restart_all(struct thread_queue *q);
/* t, taken out of its wait, will make the same system call again when it
 * runs (or fault again, when it was waiting to deliver a fault). */
void ipc_restart(struct tcb *t);
/* Take t out of whatever it is blocked in; t->state is left to the caller. */
void ipc_cancel(struct tcb *t);
/* t becomes runnable. */
void ipc_wake(struct tcb *t);

#endif
