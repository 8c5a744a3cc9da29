/*
 * Invocations: the caller's root CNode lookup, the label and length
 * checked against the interface list, then the decoder of the invoked
 * object's type (system calls on endpoints and notifications are
 * IPC, syscall.c), each in its own file: untyped.c, cnode.c, tcb.c,
 * arch/riscv64/mmu.c (frames and page tables), irq.c.
 */
#include "invocation.h"

#include "irq.h"
#include "lx/abi.h"
#include "message.h"
#include "thread.h"
#include "vspace.h"

#define err inv_err

/* inv_specs[label], generated from kernel/interface.list. */
#include "interface_table.h"

struct cte *cspace_lookup(const struct tcb *t, uint64_t cptr)
{
    const struct cap *root = tcb_cspace(t);

    if (root->type != cap_cnode || cptr >= (1ul << root->size_bits))
        return NULL;
    return &cnode_slots(root)[cptr];
}

static uint8_t label_of(uint64_t info)
{
    uint64_t label = info >> 12;
    return label > 255 ? 0 : (uint8_t)label;
}

struct inv_result decode_invocation(struct tcb *t, struct cte *slot, uint64_t info)
{
    static struct inv_args a;   /* one hart; 520 bytes off the kernel stack */
    uint8_t label = label_of(info);
    const struct cap *root = tcb_cspace(t);

    a.label = label;
    a.len = msg_length(t, info);
    /* What the interface list says: the label exists for this object,
     * and the message carries at least its arguments. */
    const struct inv_spec *spec = &inv_specs[label];
    if (spec->name == NULL || spec->object != slot->cap.type)
        return err(LX_ILLEGAL_OPERATION, 0);
    if (a.len < spec->min_length)
        return err(LX_TRUNCATED_MESSAGE, spec->min_length);
    for (unsigned i = 0; i < LX_MSG_MAX_LENGTH; i++)
        a.mr[i] = i < a.len ? msg_get_mr(t, i) : 0;
    switch (slot->cap.type) {
    case cap_untyped:
        if (label != LX_UNTYPED_RETYPE)
            return err(LX_ILLEGAL_OPERATION, 0);
        return decode_untyped_retype(slot, cnode_slots(root), 1ul << root->size_bits, a.mr);
    case cap_cnode:
        return decode_cnode_invocation(t, &slot->cap, &a);
    case cap_tcb:
        return decode_tcb_invocation(t, slot, &a);
    case cap_frame:
    case cap_page_table:
        return decode_vspace_invocation(t, slot, &a);
    case cap_irq_control:
        return decode_irq_control(t, slot, &a);
    case cap_irq_handler:
        return decode_irq_handler(t, slot, &a);
    default:
        return err(LX_ILLEGAL_OPERATION, 0);
    }
}
