/*
 * Notifications: Signal ORs the sender's badge into the word, or hands it
 * straight to the first waiter; Wait takes the word and clears it, or
 * blocks; Poll is Wait that never blocks (returns 0 when not signalled).
 */
#include "ipc.h"
#include "message.h"

void notification_signal(struct notification *n, uint64_t badge)
{
    struct tcb *w = n->q.head, *b = n->bound;

    if (w) {
        thread_queue_remove(&n->q, w);
        msg_deliver_signal(w, badge);
        ipc_wake(w);
        return;
    }
    /* The bound thread waiting for a message gets the signal instead. */
    if (b && b->state == THREAD_BLOCKED_RECV) {
        ipc_cancel(b);
        msg_deliver_signal(b, n->word | badge);
        n->word = 0;
        n->active = 0;
        ipc_wake(b);
        return;
    }
    n->word |= badge;
    n->active = 1;
}

bool notification_take_bound(struct tcb *t)
{
    struct notification *n = t->bound_ntfn;

    if (n == NULL || !n->active)
        return false;
    msg_deliver_signal(t, n->word);
    n->word = 0;
    n->active = 0;
    return true;
}

void notification_bind(struct notification *n, struct tcb *t)
{
    n->bound = t;
    t->bound_ntfn = n;
}

void notification_unbind(struct tcb *t)
{
    if (t->bound_ntfn)
        t->bound_ntfn->bound = NULL;
    t->bound_ntfn = NULL;
}

void notification_wait(struct notification *n, struct tcb *t, bool blocking)
{
    if (n->active) {
        msg_deliver_signal(t, n->word);
        n->word = 0;
        n->active = 0;
        return;
    }
    if (!blocking) {
        msg_deliver_signal(t, 0);
        return;
    }
    t->state = THREAD_BLOCKED_NTFN;
    thread_queue_append(&n->q, t);
}

void notification_finalise(struct notification *n)
{
    if (n->bound)
        notification_unbind(n->bound);
    thread_queue_restart_all(&n->q);
}
