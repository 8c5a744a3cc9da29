/*
 * Message registers and message transfer between threads. The kernel
 * reaches a thread's IPC buffer through the frame capability in its TCB,
 * never through the thread's own page table.
 */
#include "message.h"

#include "arch/regs.h"
#include "base/mem.h"
#include "cap.h"
#include "ipc.h"

unsigned msg_length(const struct tcb *t, uint64_t info)
{
    uint64_t n = LX_MSGINFO_LENGTH(info);

    if (n > LX_MSG_MAX_LENGTH)
        n = LX_MSG_MAX_LENGTH;
    if (n > LX_MSG_REGISTERS && tcb_ipc_buffer(t) == NULL)
        n = LX_MSG_REGISTERS;
    return (unsigned)n;
}

uint64_t msg_get_mr(const struct tcb *t, unsigned i)
{
    if (i < LX_MSG_REGISTERS)
        return arch_get_mr(&t->ctx, i);
    const struct lx_ipc_buffer *b = tcb_ipc_buffer(t);
    return b && i < LX_MSG_MAX_LENGTH ? b->msg[i] : 0;
}

void msg_set_mr(struct tcb *t, unsigned i, uint64_t v)
{
    if (i < LX_MSG_REGISTERS) {
        arch_set_mr(&t->ctx, i, v);
        return;
    }
    struct lx_ipc_buffer *b = tcb_ipc_buffer(t);
    if (b && i < LX_MSG_MAX_LENGTH)
        b->msg[i] = v;
}

/*
 * One capability through IPC: the sender's caps[0] (a slot of its root
 * CNode) is copied, as a child of the original, into the receiver's
 * receive_slot. Anything missing or wrong means no cap moves, and the
 * message still goes (extraCaps = 0 tells the receiver), as in seL4.
 */
static unsigned transfer_cap(struct tcb *sender, struct tcb *receiver)
{
    const struct lx_ipc_buffer *sb = tcb_ipc_buffer(sender);
    struct lx_ipc_buffer *rb = tcb_ipc_buffer(receiver);
    const struct cap *scs = tcb_cspace(sender), *rcs = tcb_cspace(receiver);

    if (sb == NULL || rb == NULL || scs->type != cap_cnode || rcs->type != cap_cnode)
        return 0;
    uint64_t from = sb->caps[0], to = rb->receive_slot;
    if (from >= (1ul << scs->size_bits) || to == 0 || to >= (1ul << rcs->size_bits))
        return 0;
    struct cte *src = &cnode_slots(scs)[from], *dest = &cnode_slots(rcs)[to];
    struct cap copy;
    /* A cap that may not be copied (untyped, unmapped page table) stays. */
    if (cap_is_null(&src->cap) || !cap_is_null(&dest->cap) ||
        cap_derive(&src->cap, &copy) != LX_NO_ERROR)
        return 0;
    cte_insert_child(src, dest, &copy);
    return 1;
}

void msg_transfer(struct tcb *sender, struct tcb *receiver, uint64_t badge, bool can_grant)
{
    uint64_t info = arch_get_info(&sender->ctx);
    unsigned n = msg_length(sender, info);
    unsigned caps = 0;

    /* A faulted sender's message is its fault, not its registers. */
    if (sender->fault_pending) {
        fault_message(sender, receiver, badge);
        return;
    }

    /* Both sides need an IPC buffer for MRs beyond the registers. */
    if (n > LX_MSG_REGISTERS && tcb_ipc_buffer(receiver) == NULL)
        n = LX_MSG_REGISTERS;
    for (unsigned i = 0; i < n; i++)
        msg_set_mr(receiver, i, msg_get_mr(sender, i));
    if (LX_MSGINFO_EXTRA_CAPS(info) > 0 && can_grant)
        caps = transfer_cap(sender, receiver);
    arch_set_result(&receiver->ctx, LX_NO_ERROR,
                    LX_MSGINFO_CAPS(LX_MSGINFO_LABEL(info), caps, n));
    arch_set_badge(&receiver->ctx, badge);
}

void msg_deliver_signal(struct tcb *receiver, uint64_t badge)
{
    arch_set_result(&receiver->ctx, LX_NO_ERROR, 0);
    arch_set_badge(&receiver->ctx, badge);
}
