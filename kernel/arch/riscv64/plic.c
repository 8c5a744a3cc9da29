/*
 * The platform-level interrupt controller (RISC-V PLIC specification
 * 1.0.0), for one hart's S-mode context: every source at priority 1 and
 * the context's threshold at 0, so a source interrupts exactly when its
 * enable bit is set. The kernel masks a source by clearing that bit; the
 * claim/complete handshake is finished at once, so masking is the only
 * state the kernel keeps (irq.c decides when a source is enabled).
 * External interrupts go to hart 0 only.
 */
#include "arch/plic.h"

#include "arch/machine.h"
#include "irq.h"

#define PLIC_PRIORITY(irq) (4u * (irq))
#define PLIC_ENABLE(ctx) (0x2000u + 0x80u * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx) (0x200004u + 0x1000u * (ctx))

struct plic {
    volatile uint8_t *base;     /* NULL: no PLIC, no external interrupts */
    uint32_t ndev, context;
};

/* One hart, one controller: it exists before any object does. */
static struct plic plic;

static volatile uint32_t *reg(uint32_t off)
{
    return (volatile uint32_t *)(plic.base + off);
}

void plic_init(void *base, uint32_t ndev, uint32_t context)
{
    plic.base = base;
    plic.ndev = ndev;
    plic.context = context;
    if (base == NULL)
        return;
    for (uint32_t irq = 1; irq <= ndev; irq++) {
        *reg(PLIC_PRIORITY(irq)) = 1;
        plic_mask(irq, true);
    }
    *reg(PLIC_THRESHOLD(context)) = 0;
    __asm__ volatile("csrs sie, %0" : : "r"(SIE_SEIE));
}

void plic_mask(uint32_t irq, bool masked)
{
    if (plic.base == NULL || irq == 0 || irq > plic.ndev)
        return;
    volatile uint32_t *word = reg(PLIC_ENABLE(plic.context) + 4 * (irq / 32));
    uint32_t bit = 1u << (irq % 32);
    *word = masked ? *word & ~bit : *word | bit;
    /* Rewriting the threshold makes QEMU's PLIC look again at what is
     * pending (an enable write alone does not, so a source pending while
     * masked would stay unseen); on hardware it changes nothing. */
    *reg(PLIC_THRESHOLD(plic.context)) = 0;
}

uint32_t plic_claim(void)
{
    return plic.base ? *reg(PLIC_CLAIM(plic.context)) : 0;
}

void plic_complete(uint32_t irq)
{
    *reg(PLIC_CLAIM(plic.context)) = irq;
}

void arch_handle_external_interrupt(void)
{
    uint32_t irq;

    /* Complete before irq_handle masks the source: the PLIC ignores the
     * completion of a source not enabled for the context (PLIC spec 1.0,
     * "Interrupt Completion"), which would leave it claimed for good. */
    while ((irq = plic_claim()) != 0) {
        plic_complete(irq);
        irq_handle(irq);
    }
}
