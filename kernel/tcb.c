/*
 * TCB objects: their life cycle (init, suspend, resume, finalise) and the
 * TCB invocations. Each decoder checks every argument first and returns
 * the first error; only then does it change anything (seL4's
 * decodeTCBInvocation, then invokeTCB).
 */
#include "arch/machine.h"
#include "arch/regs.h"
#include "base/mem.h"
#include "invocation.h"
#include "ipc.h"
#include "message.h"
#include "sched.h"
#include "thread.h"

#define err inv_err
#define PAGE_MASK 0xffful
#define USER_TOP (1ul << 38)    /* Sv39 user half */

void tcb_init(struct tcb *t, const char *name)
{
    arch_init_user_frame(&t->ctx, 0, 0, 0);
    t->state = THREAD_INACTIVE;
    t->time_slice = TIME_SLICE;
    t->name = name;
}

struct lx_ipc_buffer *tcb_ipc_buffer(const struct tcb *t)
{
    const struct cap *f = &t->ctes[TCB_CTE_IPC_BUFFER].cap;

    if (f->type != cap_frame)
        return NULL;
    return (struct lx_ipc_buffer *)(uintptr_t)(f->ptr + (t->ipc_buffer & PAGE_MASK));
}

static bool is_blocked(const struct tcb *t)
{
    return t->state != THREAD_INACTIVE && t->state != THREAD_RUNNING;
}

void tcb_suspend(struct tcb *t)
{
    /* A blocked system call is made again when the thread is resumed. */
    if (is_blocked(t)) {
        ipc_cancel(t);
        ipc_restart(t);
    }
    sched_dequeue(t);
    t->state = THREAD_INACTIVE;
}

void tcb_resume(struct tcb *t)
{
    if (t->state != THREAD_INACTIVE)
        return;
    t->state = THREAD_RUNNING;
    sched_enqueue(t);
}

void tcb_finalise(struct tcb *t)
{
    tcb_suspend(t);
    endpoint_drop_reply(t);
    notification_unbind(t);
    for (int i = 0; i < TCB_CTE_COUNT; i++) {
        if (!cap_is_null(&t->ctes[i].cap))
            cte_delete(&t->ctes[i]);
    }
}

/* Replace one of t's caps by a copy of src (NULL: none), as src's child.
 * The caps Configure takes (CNode, VSpace, frame) always derive. */
static void set_cte(struct tcb *t, enum tcb_cte which, struct cte *src)
{
    struct cte *slot = &t->ctes[which];
    struct cap copy;

    if (!cap_is_null(&slot->cap))
        cte_delete(slot);
    if (src && cap_derive(&src->cap, &copy) == LX_NO_ERROR)
        cte_insert_child(src, slot, &copy);
}

/* A capability argument: the slot mr names in the caller's CSpace, of
 * type want; 0 with *out set, or the error for argument index arg. */
static uint64_t cap_arg(struct tcb *caller, uint64_t cptr, enum cap_type want, struct cte **out)
{
    struct cte *s = cspace_lookup(caller, cptr);

    if (s == NULL || cap_is_null(&s->cap))
        return LX_FAILED_LOOKUP;
    if (s->cap.type != want)
        return LX_INVALID_CAPABILITY;
    *out = s;
    return LX_NO_ERROR;
}

/*
 * Configure: the fault endpoint cptr (looked up in t's CSpace when it
 * faults), the CSpace root CNode, the VSpace, the IPC buffer address and
 * frame (0: no IPC buffer), the priority and the MCP.
 */
/* Configure's argument positions, from kernel/interface.list. */
enum {
    FAULT_EP = LX_TCB_CONFIGURE_MR_FAULT_EP,
    CSPACE = LX_TCB_CONFIGURE_MR_CSPACE,
    VSPACE = LX_TCB_CONFIGURE_MR_VSPACE,
    BUFFER = LX_TCB_CONFIGURE_MR_BUFFER,
    BUFFER_FRAME = LX_TCB_CONFIGURE_MR_BUFFER_FRAME,
    PRIO = LX_TCB_CONFIGURE_MR_PRIO,
    MCP = LX_TCB_CONFIGURE_MR_MCP,
};

static struct inv_result tcb_configure(struct tcb *caller, struct tcb *t, const struct inv_args *a)
{
    struct cte *cspace, *vspace, *frame = NULL;
    uint64_t e, buf = a->mr[BUFFER];

    if ((e = cap_arg(caller, a->mr[CSPACE], cap_cnode, &cspace)) != LX_NO_ERROR)
        return err(e, CSPACE);
    if ((e = cap_arg(caller, a->mr[VSPACE], cap_vspace, &vspace)) != LX_NO_ERROR)
        return err(e, VSPACE);
    if (a->mr[BUFFER_FRAME] != 0) {
        if ((e = cap_arg(caller, a->mr[BUFFER_FRAME], cap_frame, &frame)) != LX_NO_ERROR)
            return err(e, BUFFER_FRAME);
        /* The kernel writes the buffer: it must be writable RAM, one page. */
        if (!(frame->cap.rights & LX_RIGHT_WRITE) || frame->cap.is_device ||
            frame->cap.size_bits != 12)
            return err(LX_INVALID_CAPABILITY, BUFFER_FRAME);
        if (buf & (LX_IPC_BUFFER_ALIGN - 1))
            return err(LX_ALIGNMENT_ERROR, BUFFER);
        if (buf >= USER_TOP)
            return err(LX_INVALID_ARGUMENT, BUFFER);
    } else if (buf != 0) {
        return err(LX_INVALID_ARGUMENT, BUFFER);
    }
    if (a->mr[PRIO] > caller->mcp)
        return err(LX_RANGE_ERROR, PRIO);
    if (a->mr[MCP] > caller->mcp)
        return err(LX_RANGE_ERROR, MCP);

    set_cte(t, TCB_CTE_CSPACE, cspace);
    set_cte(t, TCB_CTE_VSPACE, vspace);
    set_cte(t, TCB_CTE_IPC_BUFFER, frame);
    t->ipc_buffer = frame ? buf : 0;
    t->fault_ep = a->mr[FAULT_EP];
    t->mcp = (uint8_t)a->mr[MCP];
    sched_set_priority(t, (uint8_t)a->mr[PRIO]);
    return err(LX_NO_ERROR, FAULT_EP);
}

/* ReadRegisters: MR0 = count (1..32); the reply's MRs are the registers
 * in the LX_REG_* layout (beyond 4 only with an IPC buffer). */
static struct inv_result tcb_read_registers(struct tcb *caller, struct tcb *t,
                                            const struct inv_args *a)
{
    if (a->mr[0] < 1 || a->mr[0] > LX_REG_COUNT)
        return err(LX_RANGE_ERROR, 0);
    if (t == caller)
        return err(LX_ILLEGAL_OPERATION, 0);

    unsigned n = (unsigned)a->mr[0];
    if (n > LX_MSG_REGISTERS && tcb_ipc_buffer(caller) == NULL)
        n = LX_MSG_REGISTERS;
    for (unsigned i = 0; i < n; i++)
        msg_set_mr(caller, i, arch_get_user_reg(&t->ctx, i));
    return err(LX_NO_ERROR, LX_MSGINFO(0, n));
}

static bool configured(const struct tcb *t)
{
    return t->ctes[TCB_CTE_CSPACE].cap.type == cap_cnode &&
           t->ctes[TCB_CTE_VSPACE].cap.type == cap_vspace;
}

/* WriteRegisters: MR0 = flags (LX_WRITE_REGS_RESUME), MR1 = count
 * (1..32), MR2.. = the registers in the LX_REG_* layout. */
static struct inv_result tcb_write_registers(struct tcb *caller, struct tcb *t,
                                             const struct inv_args *a)
{
    if (a->mr[0] & ~(uint64_t)LX_WRITE_REGS_RESUME)
        return err(LX_INVALID_ARGUMENT, 0);
    if (a->mr[1] < 1 || a->mr[1] > LX_REG_COUNT)
        return err(LX_RANGE_ERROR, 1);
    if (a->len < 2 + a->mr[1])
        return err(LX_TRUNCATED_MESSAGE, 2 + a->mr[1]);
    /* A blocked thread's pc is where its system call restarts from; it
     * must be suspended before its registers are rewritten. */
    if (t == caller || is_blocked(t))
        return err(LX_ILLEGAL_OPERATION, 0);
    if ((a->mr[0] & LX_WRITE_REGS_RESUME) && !configured(t))
        return err(LX_ILLEGAL_OPERATION, 0);

    for (unsigned i = 0; i < a->mr[1]; i++)
        arch_set_user_reg(&t->ctx, i, a->mr[2 + i]);
    if (a->mr[0] & LX_WRITE_REGS_RESUME)
        tcb_resume(t);
    return err(LX_NO_ERROR, 0);
}

/* SetPriority / SetMCPriority: MR0 = the new value, at most the caller's MCP. */
static struct inv_result tcb_set_prio(struct tcb *caller, struct tcb *t, const struct inv_args *a)
{
    if (a->mr[0] > caller->mcp)
        return err(LX_RANGE_ERROR, 0);

    if (a->label == LX_TCB_SET_MC_PRIORITY)
        t->mcp = (uint8_t)a->mr[0];
    else
        sched_set_priority(t, (uint8_t)a->mr[0]);
    return err(LX_NO_ERROR, 0);
}

/* BindNotification: MR0 = a notification cptr with the Read right; the
 * thread has none bound, and the notification no thread and no waiter. */
static struct inv_result tcb_bind_notification(struct tcb *caller, struct tcb *t,
                                               const struct inv_args *a)
{
    struct cte *s;
    uint64_t e;

    if ((e = cap_arg(caller, a->mr[0], cap_notification, &s)) != LX_NO_ERROR)
        return err(e, 0);
    if (!(s->cap.rights & LX_RIGHT_READ))
        return err(LX_INVALID_CAPABILITY, 0);
    struct notification *n = (struct notification *)(uintptr_t)s->cap.ptr;
    if (t->bound_ntfn != NULL || n->bound != NULL || n->q.head != NULL)
        return err(LX_ILLEGAL_OPERATION, 0);

    notification_bind(n, t);
    return err(LX_NO_ERROR, 0);
}

struct inv_result decode_tcb_invocation(struct tcb *caller, struct cte *slot,
                                        const struct inv_args *a)
{
    struct tcb *t = (struct tcb *)(uintptr_t)slot->cap.ptr;

    switch (a->label) {
    case LX_TCB_CONFIGURE:
        return tcb_configure(caller, t, a);
    case LX_TCB_READ_REGISTERS:
        return tcb_read_registers(caller, t, a);
    case LX_TCB_WRITE_REGISTERS:
        return tcb_write_registers(caller, t, a);
    case LX_TCB_RESUME:
        /* A thread with no CSpace or VSpace could only fault. */
        if (!configured(t))
            return err(LX_ILLEGAL_OPERATION, 0);
        tcb_resume(t);
        return err(LX_NO_ERROR, 0);
    case LX_TCB_SUSPEND:
        tcb_suspend(t);
        return err(LX_NO_ERROR, 0);
    case LX_TCB_SET_PRIORITY:
    case LX_TCB_SET_MC_PRIORITY:
        return tcb_set_prio(caller, t, a);
    case LX_TCB_BIND_NOTIFICATION:
        return tcb_bind_notification(caller, t, a);
    case LX_TCB_UNBIND_NOTIFICATION:
        if (t->bound_ntfn == NULL)
            return err(LX_ILLEGAL_OPERATION, 0);
        notification_unbind(t);
        return err(LX_NO_ERROR, 0);
    default:
        return err(LX_ILLEGAL_OPERATION, 0);
    }
}
