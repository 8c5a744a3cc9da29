/*
 * Interrupts as notifications (seL4's IRQControl and IRQHandler): user
 * level gets a handler capability for one source from IRQControl, names
 * a notification, and acknowledges each interrupt it has handled.
 */
#ifndef LX_IRQ_H
#define LX_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "invocation.h"

/* Sources 1..n exist (n from the device tree, at most IRQ_MAX - 1). */
#define IRQ_MAX 128
void irq_init(uint32_t n);

struct inv_result decode_irq_control(struct tcb *caller, const struct cte *slot,
                                     const struct inv_args *a);
struct inv_result decode_irq_handler(struct tcb *caller, const struct cte *slot,
                                     const struct inv_args *a);
/* The last handler capability for the source c names went. */
void irq_handler_finalise(const struct cap *c);

/* Source irq interrupted: mask it, signal its notification. */
void irq_handle(uint32_t irq);
/* Some source could still interrupt (a notification is waiting for it). */
bool irq_any_armed(void);

/* The architecture's external interrupts: claim each pending one,
 * irq_handle it, complete it. */
void arch_handle_external_interrupt(void);

#endif
