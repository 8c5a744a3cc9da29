/*
 * Interrupts as notifications (irq.h). Each source is inactive (no handler
 * capability) or issued; an issued source with a notification is enabled
 * at the controller until it interrupts, then masked until the driver
 * acknowledges it, as in seL4: a device that keeps interrupting cannot
 * flood the kernel, and the driver decides when it is ready for more.
 * The notification is a copy of the capability SetNotification named,
 * kept in a slot of the kernel's own, in the derivation tree: revoking
 * the notification removes it from here too.
 */
#include "irq.h"

#include "arch/plic.h"
#include "ipc.h"
#include "lx/abi.h"
#include "thread.h"

#define err inv_err

struct irq_source {
    struct cte ntfn;            /* a notification capability, or null */
    uint8_t issued;             /* a handler capability exists */
    uint8_t awaiting_ack;       /* interrupted; masked until Ack */
};

struct irq_table {
    struct irq_source src[IRQ_MAX];
    uint32_t n;                 /* sources 1..n */
};

/* One hart, one table: it exists before any object does. */
static struct irq_table irqs;

void irq_init(uint32_t n)
{
    irqs.n = n < IRQ_MAX ? n : IRQ_MAX - 1;
}

/* Enabled exactly when issued, with a notification, and not awaiting Ack. */
static void update_mask(uint32_t irq)
{
    const struct irq_source *s = &irqs.src[irq];

    plic_mask(irq, !(s->issued && !cap_is_null(&s->ntfn.cap) && !s->awaiting_ack));
}

/* IRQControl_Get: MR0 = source, MR1 = an empty slot of the caller's root
 * CNode for the handler capability. */
struct inv_result decode_irq_control(struct tcb *caller, const struct cte *slot,
                                     const struct inv_args *a)
{
    if (a->label != LX_IRQ_CONTROL_GET)
        return err(LX_ILLEGAL_OPERATION, 0);
    uint64_t irq = a->mr[0];
    if (irq == 0 || irq > irqs.n)
        return err(LX_RANGE_ERROR, 0);
    struct cte *dest = cspace_lookup(caller, a->mr[1]);
    if (dest == NULL)
        return err(LX_RANGE_ERROR, 1);
    if (!cap_is_null(&dest->cap))
        return err(LX_DELETE_FIRST, 1);
    if (irqs.src[irq].issued)
        return err(LX_REVOKE_FIRST, 0);     /* another driver has it */

    struct cap c = { 0 };
    c.type = cap_irq_handler;
    c.rights = LX_RIGHTS_ALL;
    c.word = irq;
    irqs.src[irq].issued = 1;
    irqs.src[irq].awaiting_ack = 0;
    /* The IRQControl slot is the parent: revoking it takes every handler. */
    cte_insert_child((struct cte *)slot, dest, &c);
    return err(LX_NO_ERROR, 0);
}

static void clear_notification(struct irq_source *s)
{
    if (!cap_is_null(&s->ntfn.cap))
        cte_delete(&s->ntfn);
}

/* SetNotification: MR0 = a notification cptr with the Write right. */
static struct inv_result set_notification(struct tcb *caller, uint32_t irq,
                                          const struct inv_args *a)
{
    struct cte *n;
    struct cap copy;

    if ((n = cspace_lookup(caller, a->mr[0])) == NULL || cap_is_null(&n->cap))
        return err(LX_FAILED_LOOKUP, 0);
    if (n->cap.type != cap_notification || !(n->cap.rights & LX_RIGHT_WRITE) ||
        cap_derive(&n->cap, &copy) != LX_NO_ERROR)
        return err(LX_INVALID_CAPABILITY, 0);

    clear_notification(&irqs.src[irq]);
    cte_insert_child(n, &irqs.src[irq].ntfn, &copy);
    update_mask(irq);
    return err(LX_NO_ERROR, 0);
}

struct inv_result decode_irq_handler(struct tcb *caller, const struct cte *slot,
                                     const struct inv_args *a)
{
    uint32_t irq = (uint32_t)slot->cap.word;
    struct irq_source *s = &irqs.src[irq];

    switch (a->label) {
    case LX_IRQ_HANDLER_ACK:
        s->awaiting_ack = 0;
        update_mask(irq);
        return err(LX_NO_ERROR, 0);
    case LX_IRQ_HANDLER_SET_NOTIFICATION:
        return set_notification(caller, irq, a);
    case LX_IRQ_HANDLER_CLEAR:
        clear_notification(s);
        update_mask(irq);
        return err(LX_NO_ERROR, 0);
    default:
        return err(LX_ILLEGAL_OPERATION, 0);
    }
}

void irq_handler_finalise(const struct cap *c)
{
    struct irq_source *s = &irqs.src[c->word];

    clear_notification(s);
    s->issued = 0;
    s->awaiting_ack = 0;
    update_mask((uint32_t)c->word);
}

void irq_handle(uint32_t irq)
{
    struct irq_source *s;

    if (irq == 0 || irq > irqs.n)
        return;
    s = &irqs.src[irq];
    s->awaiting_ack = 1;
    update_mask(irq);
    if (!cap_is_null(&s->ntfn.cap))
        notification_signal((struct notification *)(uintptr_t)s->ntfn.cap.ptr, s->ntfn.cap.word);
}

bool irq_any_armed(void)
{
    for (uint32_t irq = 1; irq <= irqs.n; irq++) {
        const struct irq_source *s = &irqs.src[irq];
        if (s->issued && !s->awaiting_ack && !cap_is_null(&s->ntfn.cap))
            return true;
    }
    return false;
}
