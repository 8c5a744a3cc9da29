/*
 * Faults as IPC (seL4's handleFault): a thread that takes an exception
 * sends a message about it to its fault endpoint, as if it had made a
 * Call there, and waits for the handler's reply. The message is made from
 * the fault, not from the thread's registers, and the reply only decides
 * where the thread goes on: its registers stay as they were at the fault.
 */
#include "arch/regs.h"
#include "invocation.h"
#include "ipc.h"
#include "message.h"
#include "sched.h"
#include "vspace.h"

bool fault_deliver(struct tcb *t)
{
    struct cte *s = cspace_lookup(t, t->fault_ep);

    /* No endpoint, or one it may not send on: nobody to tell. */
    if (s == NULL || s->cap.type != cap_endpoint || !(s->cap.rights & LX_RIGHT_WRITE))
        return false;
    t->fault_label = (uint8_t)arch_fault_label(&t->ctx);
    arch_fault_mrs(&t->ctx, t->fault_mr);
    t->fault_mr[3] = arch_fault_instruction(&t->ctes[TCB_CTE_VSPACE].cap, t->fault_mr[0]);
    t->fault_pending = 1;
    endpoint_send((struct endpoint *)(uintptr_t)s->cap.ptr, t, s->cap.word, true, true, false);
    return true;
}

void fault_message(const struct tcb *faulter, struct tcb *handler, uint64_t badge)
{
    for (unsigned i = 0; i < LX_FAULT_LENGTH; i++)
        msg_set_mr(handler, i, faulter->fault_mr[i]);
    arch_set_result(&handler->ctx, LX_NO_ERROR, LX_MSGINFO(faulter->fault_label, LX_FAULT_LENGTH));
    arch_set_badge(&handler->ctx, badge);
}

void fault_reply(struct tcb *handler, struct tcb *faulter)
{
    uint64_t info = arch_get_info(&handler->ctx);
    uint64_t label = LX_MSGINFO_LABEL(info);

    faulter->fault_pending = 0;
    if (label == LX_FAULT_RESUME_AT && msg_length(handler, info) >= 1)
        arch_set_user_reg(&faulter->ctx, LX_REG_PC, msg_get_mr(handler, 0));
    else if (label != LX_FAULT_RESTART) {
        faulter->state = THREAD_INACTIVE;
        return;
    }
    ipc_wake(faulter);
}
