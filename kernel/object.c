/*
 * What happens to an object when the last capability to it goes (delete,
 * revoke): a thread stops and leaves every queue, the threads waiting on
 * an endpoint or a notification restart their system call (which then
 * fails to find the capability). CNodes, frames and page tables need
 * nothing yet: only the root task's CNode and VSpace exist, and frames
 * are not mapped by invocations.
 */
#include "cap.h"
#include "ipc.h"
#include "thread.h"

static bool same_object(const struct cap *a, const struct cap *b)
{
    return a->type == b->type && a->ptr == b->ptr && a->size_bits == b->size_bits;
}

/* All capabilities to one object are one run of the derivation list (the
 * original and its copies below it), so checking the neighbours is enough,
 * as in seL4's isFinalCapability. */
bool cte_is_final(const struct cte *slot)
{
    const struct cte *p = slot->mdb.prev, *n = slot->mdb.next;

    return !(p && same_object(&p->cap, &slot->cap)) && !(n && same_object(&n->cap, &slot->cap));
}

void cap_finalise(const struct cap *c)
{
    void *obj = (void *)(uintptr_t)c->ptr;

    switch (c->type) {
    case cap_tcb:
        tcb_finalise(obj);
        break;
    case cap_endpoint:
        endpoint_finalise(obj);
        break;
    case cap_notification:
        notification_finalise(obj);
        break;
    default:
        break;
    }
}
