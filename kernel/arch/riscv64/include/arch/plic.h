/*
 * The PLIC driver (plic.c): external interrupts for this hart.
 */
#ifndef LX_ARCH_PLIC_H
#define LX_ARCH_PLIC_H

#include <stdbool.h>
#include <stdint.h>

/* base: the PLIC's registers (kernel address), or NULL for none; sources
 * 1..ndev; this hart's S-mode context. Every source starts masked. */
void plic_init(void *base, uint32_t ndev, uint32_t context);
void plic_mask(uint32_t irq, bool masked);
/* The highest pending enabled source (0: none); complete it when done. */
uint32_t plic_claim(void);
void plic_complete(uint32_t irq);

#endif
