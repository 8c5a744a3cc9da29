/*
 * What happens to an object when a capability to it goes (delete,
 * revoke), and which capabilities may be copied. A mapped frame is
 * unmapped whenever the capability that mapped it goes (each copy maps on
 * its own, as in seL4); everything else acts only on the last capability:
 * a thread stops and leaves every queue, the threads waiting on an
 * endpoint or a notification restart their system call (which then fails
 * to find the capability), a page table leaves its address space, a
 * VSpace gives back its ASID and an interrupt source is masked and free
 * for another handler capability.
 */
#include "cap.h"
#include "ipc.h"
#include "irq.h"
#include "lx/abi.h"
#include "thread.h"
#include "vspace.h"

/* All capabilities to one object are one run of the derivation list (the
 * original and its copies below it), so checking the neighbours is enough,
 * as in seL4's isFinalCapability. */
bool cte_is_final(const struct cte *slot)
{
    const struct cte *p = slot->mdb.prev, *n = slot->mdb.next;

    return !(p && cap_same_object(&p->cap, &slot->cap)) &&
           !(n && cap_same_object(&n->cap, &slot->cap));
}

void cap_finalise(const struct cap *c, bool final)
{
    void *obj = (void *)(uintptr_t)c->ptr;

    if (c->type == cap_frame) {
        frame_cap_unmap(c);
        return;
    }
    if (!final)
        return;
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
    case cap_page_table:
        page_table_cap_unmap(c);
        break;
    case cap_cnode:
        cnode_finalise(c);
        break;
    case cap_vspace:
        vspace_finalise(c);
        break;
    case cap_irq_handler:
        irq_handler_finalise(c);
        break;
    default:
        break;
    }
}

uint64_t cap_derive(const struct cap *src, struct cap *out)
{
    /* Two untyped caps would carve the same memory. */
    if (src->type == cap_untyped)
        return LX_ILLEGAL_OPERATION;
    /* An unmapped page table copied could be mapped twice; a mapped one's
     * copies share its one mapping (seL4's deriveCap). */
    if (src->type == cap_page_table && src->map_asid == 0)
        return LX_ILLEGAL_OPERATION;
    *out = *src;
    /* A copy of a frame capability starts unmapped: it maps on its own. */
    if (out->type == cap_frame) {
        out->map_asid = 0;
        out->word = 0;
    }
    return LX_NO_ERROR;
}
