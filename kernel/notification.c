/*
 * Notifications: Signal ORs the sender's badge into the word, or hands it
 * straight to the first waiter; Wait takes the word and clears it, or
 * blocks; Poll is Wait that never blocks (returns 0 when not signalled).
 */
#include "ipc.h"
#include "message.h"

void notification_signal(struct notification *n, uint64_t badge)
{
    struct tcb *w = n->q.head;

    if (w) {
        thread_queue_remove(&n->q, w);
        msg_deliver_signal(w, badge);
        ipc_wake(w);
        return;
    }
    n->word |= badge;
    n->active = 1;
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
    thread_queue_restart_all(&n->q);
}
