/*
 * Endpoint IPC: send, receive, call and reply (see ipc.h). Nothing here
 * can fail: the system call layer has looked up and checked the
 * capability, so each function only moves threads between states.
 */
#include "arch/regs.h"
#include "ipc.h"
#include "message.h"

void endpoint_drop_reply(struct tcb *t)
{
    if (t->reply_to)
        t->reply_to->reply_holder = NULL;
    t->reply_to = NULL;
}

/* caller waits for the reply that holder may now send. */
static void give_reply_cap(struct tcb *caller, struct tcb *holder)
{
    endpoint_drop_reply(holder);
    caller->state = THREAD_BLOCKED_REPLY;
    caller->reply_holder = holder;
    holder->reply_to = caller;
}

void endpoint_send(struct endpoint *ep, struct tcb *t, uint64_t badge, bool blocking,
                   bool is_call, bool can_grant)
{
    struct tcb *r = ep->q.head;

    if (r && r->state == THREAD_BLOCKED_RECV) {
        thread_queue_remove(&ep->q, r);
        msg_transfer(t, r, badge, can_grant);
        ipc_wake(r);
        if (is_call)
            give_reply_cap(t, r);
        else
            arch_set_result(&t->ctx, LX_NO_ERROR, 0);
        return;
    }
    if (!blocking) {
        arch_set_result(&t->ctx, LX_NO_ERROR, 0);     /* dropped, as in seL4 */
        return;
    }
    t->state = THREAD_BLOCKED_SEND;
    t->ipc_badge = badge;
    t->ipc_is_call = is_call;
    t->ipc_can_grant = can_grant;
    thread_queue_append(&ep->q, t);
}

void endpoint_receive(struct endpoint *ep, struct tcb *t, bool blocking)
{
    struct tcb *s = ep->q.head;

    /* A new receive discards an unused reply capability (seL4 non-MCS). */
    endpoint_drop_reply(t);
    /* A pending signal on the bound notification comes first (seL4). */
    if (notification_take_bound(t))
        return;
    if (s && s->state == THREAD_BLOCKED_SEND) {
        thread_queue_remove(&ep->q, s);
        msg_transfer(s, t, s->ipc_badge, s->ipc_can_grant);
        if (s->ipc_is_call) {
            give_reply_cap(s, t);
        } else {
            arch_set_result(&s->ctx, LX_NO_ERROR, 0);
            ipc_wake(s);
        }
        return;
    }
    if (!blocking) {
        msg_deliver_signal(t, 0);       /* nothing waiting: empty message, badge 0 */
        return;
    }
    t->state = THREAD_BLOCKED_RECV;
    thread_queue_append(&ep->q, t);
}

void endpoint_reply(struct tcb *t)
{
    struct tcb *caller = t->reply_to;

    if (caller == NULL)
        return;
    endpoint_drop_reply(t);
    if (caller->fault_pending) {
        fault_reply(t, caller);
        return;
    }
    msg_transfer(t, caller, 0, false);
    ipc_wake(caller);
}

void endpoint_finalise(struct endpoint *ep)
{
    thread_queue_restart_all(&ep->q);
}
