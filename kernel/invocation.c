/*
 * Invocations: the caller's root CNode lookup, then the decoder of the
 * invoked object's type (system calls on endpoints and notifications are
 * IPC, syscall.c). The CNode
 * operations are here; Untyped_Retype is in untyped.c.
 */
#include "invocation.h"
#include "irq.h"

#include "lx/abi.h"
#include "message.h"
#include "thread.h"
#include "vspace.h"

#define err inv_err

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

/*
 * CNode invocations, addressed to a CNode capability; slot indexes are in
 * that CNode. Copy/Mint: MR0 = dest, MR1 = src, MR2 = rights mask, MR3 =
 * badge (Mint). Move: MR0 = dest, MR1 = src. Delete/Revoke: MR0 = slot.
 */
static struct inv_result decode_cnode(const struct cap *cnode, uint8_t label, const uint64_t mr[4])
{
    struct cte *slots = cnode_slots(cnode);
    uint64_t n = 1ul << cnode->size_bits;

    if (label == LX_CNODE_DELETE || label == LX_CNODE_REVOKE) {
        if (mr[0] >= n)
            return err(LX_RANGE_ERROR, 0);
        struct cte *s = &slots[mr[0]];
        if (label == LX_CNODE_REVOKE)
            cte_revoke(s);
        else if (!cap_is_null(&s->cap))
            cte_delete(s);
        return err(LX_NO_ERROR, 0);
    }
    if (label != LX_CNODE_COPY && label != LX_CNODE_MINT && label != LX_CNODE_MOVE)
        return err(LX_ILLEGAL_OPERATION, 0);
    if (mr[0] >= n)
        return err(LX_RANGE_ERROR, 0);
    if (mr[1] >= n)
        return err(LX_RANGE_ERROR, 1);
    struct cte *dest = &slots[mr[0]], *src = &slots[mr[1]];
    if (cap_is_null(&src->cap))
        return err(LX_FAILED_LOOKUP, 1);
    if (!cap_is_null(&dest->cap))
        return err(LX_DELETE_FIRST, 0);
    if (label == LX_CNODE_MOVE) {
        cte_move(src, dest);
        return err(LX_NO_ERROR, 0);
    }
    struct cap c;
    if (mr[2] & ~(uint64_t)LX_RIGHTS_ALL)
        return err(LX_INVALID_ARGUMENT, 2);
    uint64_t e = cap_derive(&src->cap, &c);
    if (e != LX_NO_ERROR)
        return err(e, 1);
    c.rights &= (uint8_t)mr[2];
    if (label == LX_CNODE_MINT) {
        /* Only endpoint and notification caps carry badges, and a badge
         * once set is never changed by deriving again. */
        if (c.type != cap_endpoint && c.type != cap_notification)
            return err(LX_ILLEGAL_OPERATION, 0);
        if (c.word != 0 || mr[3] == 0)
            return err(LX_INVALID_ARGUMENT, 3);
        c.word = mr[3];
    }
    cte_insert_child(src, dest, &c);
    return err(LX_NO_ERROR, 0);
}

struct inv_result decode_invocation(struct tcb *t, struct cte *slot, uint64_t info)
{
    static struct inv_args a;   /* one hart; 520 bytes off the kernel stack */
    uint8_t label = label_of(info);
    const struct cap *root = tcb_cspace(t);

    a.label = label;
    a.len = msg_length(t, info);
    for (unsigned i = 0; i < LX_MSG_MAX_LENGTH; i++)
        a.mr[i] = i < a.len ? msg_get_mr(t, i) : 0;
    switch (slot->cap.type) {
    case cap_untyped:
        if (label != LX_UNTYPED_RETYPE)
            return err(LX_ILLEGAL_OPERATION, 0);
        return decode_untyped_retype(slot, cnode_slots(root), 1ul << root->size_bits, a.mr);
    case cap_cnode:
        return decode_cnode(&slot->cap, label, a.mr);
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
