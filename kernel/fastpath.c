/*
 * The IPC fast path (seL4's fastpath_call and fastpath_reply_recv): the
 * common case of a client's Call to a waiting server and the server's
 * ReplyRecv back, with a short message in registers, done in one straight
 * line that goes from one thread to the other without the scheduler's
 * queues. Each function first checks every condition of the common case
 * and changes nothing when one fails (the caller then takes the general
 * path); once they hold, it cannot fail. The outcome is the general
 * path's (registers, states, reply capability), except that the thread it
 * switches to runs before others of its own priority that are ready, as
 * in seL4.
 */
#include "arch/regs.h"
#include "fastpath.h"
#include "invocation.h"
#include "ipc.h"
#include "sched.h"

/* The message fits the registers and carries no capability. */
static bool short_message(uint64_t info)
{
    return LX_MSGINFO_LENGTH(info) <= LX_MSG_REGISTERS && LX_MSGINFO_EXTRA_CAPS(info) == 0;
}

/* The slot of an endpoint capability at cptr with right, or NULL. */
static struct cte *endpoint_cap(struct tcb *t, uint64_t cptr, unsigned right)
{
    struct cte *s = cspace_lookup(t, cptr);

    if (s == NULL || s->cap.type != cap_endpoint || !(s->cap.rights & right))
        return NULL;
    return s;
}

/* Nothing ready is above dest, once the current thread blocks. */
static bool runs_next(const struct tcb *dest)
{
    return sched_highest_ready() <= (int)dest->prio;
}

/* The message in from's registers, to to's: info (a1), MR0..3, badge. */
static void copy_short_message(struct tcb *from, struct tcb *to, uint64_t info, uint64_t badge)
{
    unsigned n = (unsigned)LX_MSGINFO_LENGTH(info);

    for (unsigned i = 0; i < n; i++)
        arch_set_mr(&to->ctx, i, arch_get_mr(&from->ctx, i));
    arch_set_result(&to->ctx, LX_NO_ERROR, LX_MSGINFO(LX_MSGINFO_LABEL(info), n));
    arch_set_badge(&to->ctx, badge);
}

void fastpath_call(struct tcb *t)
{
    uint64_t info = arch_get_info(&t->ctx);
    struct cte *s;

    if (!short_message(info) || (s = endpoint_cap(t, arch_get_cptr(&t->ctx), LX_RIGHT_WRITE)) == NULL)
        return;
    struct endpoint *ep = (struct endpoint *)(uintptr_t)s->cap.ptr;
    struct tcb *dest = ep->q.head;
    if (dest == NULL || dest->state != THREAD_BLOCKED_RECV || !runs_next(dest))
        return;

    thread_queue_remove(&ep->q, dest);
    copy_short_message(t, dest, info, s->cap.word);
    /* The caller waits for the reply that dest now holds. */
    endpoint_drop_reply(dest);
    t->state = THREAD_BLOCKED_REPLY;
    t->reply_holder = dest;
    dest->reply_to = t;
    dest->state = THREAD_RUNNING;
    thread_resume(dest);
}

void fastpath_reply_recv(struct tcb *t)
{
    uint64_t info = arch_get_info(&t->ctx);
    struct tcb *caller = t->reply_to;
    struct cte *s;

    if (!short_message(info) || caller == NULL || caller->fault_pending ||
        (s = endpoint_cap(t, arch_get_cptr(&t->ctx), LX_RIGHT_READ)) == NULL)
        return;
    struct endpoint *ep = (struct endpoint *)(uintptr_t)s->cap.ptr;
    /* A sender waiting, or a signal for t, is the general path's work. */
    if ((ep->q.head && ep->q.head->state == THREAD_BLOCKED_SEND) ||
        (t->bound_ntfn && t->bound_ntfn->active) || !runs_next(caller))
        return;

    copy_short_message(t, caller, info, 0);
    endpoint_drop_reply(t);
    t->state = THREAD_BLOCKED_RECV;
    thread_queue_append(&ep->q, t);
    caller->state = THREAD_RUNNING;
    thread_resume(caller);
}
