/*
 * RISC-V machine constants shared by the assembly and C parts of the
 * riscv64 architecture code: page-table entry bits (privileged spec,
 * Sv39), satp modes, CSR bits and the kernel's address-space layout.
 */
#ifndef LX_ARCH_MACHINE_H
#define LX_ARCH_MACHINE_H

/* Constants usable from both C and assembly. */
#ifdef __ASSEMBLER__
#define UL(x) x
#else
#define UL(x) x##UL
#endif

#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_G (1 << 5)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)

/* Kernel leaf entries are global and pre-set A/D (no A/D faults). */
#define PTE_KERNEL_RW (PTE_V | PTE_R | PTE_W | PTE_G | PTE_A | PTE_D)
#define PTE_KERNEL_RWX (PTE_KERNEL_RW | PTE_X)

#define SATP_MODE_SV39 (UL(8) << 60)

#define SSTATUS_SIE (1 << 1)
#define SSTATUS_SPIE (1 << 5)
#define SSTATUS_SPP (1 << 8)
#define SSTATUS_SUM (1 << 18)
#define SIE_STIE (1 << 5)
#define SIE_SEIE (1 << 9)

#define SCAUSE_INTERRUPT (UL(1) << 63)
#define IRQ_S_TIMER 5
#define IRQ_S_EXT 9

#ifndef __ASSEMBLER__
/* An enabled interrupt is waiting (the kernel runs with them masked):
 * long operations look here at their preemption points. */
static inline int arch_interrupt_pending(void)
{
    unsigned long sip, sie;

    __asm__ volatile("csrr %0, sip" : "=r"(sip));
    __asm__ volatile("csrr %0, sie" : "=r"(sie));
    return (sip & sie) != 0;
}
#endif

/* All physical memory is visible to the kernel at PHYS_MAP_BASE + pa. */
#define PHYS_MAP_BASE UL(0xffffffc000000000)

#endif
