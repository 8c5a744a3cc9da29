/*
 * Kernel entry from OpenSBI: a0 = hart id, a1 = physical address of the
 * device tree, MMU off, running at the load address 0x80200000.
 *
 * Builds the boot page table (1 GiB pages: the physical window at
 * PHYS_MAP_BASE, plus an identity map of the kernel's gigabyte so the
 * instruction after the satp write still fetches), turns on Sv39 and
 * continues at the link (high) address. The code is position independent
 * up to that jump (-mcmodel=medany, PC-relative addressing).
 */
#include "arch/machine.h"

    .section .text.boot, "ax"
    .globl _start
_start:
    /* Only the boot hart continues; the others park (single core for now). */
    bnez    a0, park
    csrw    sie, zero
    csrw    sip, zero

    /* The boot page table lives in .data (already loaded, no clearing). */
    lla     t0, boot_pt
    /* identity: VPN[2] = 2 covers 0x80000000..0xbfffffff */
    li      t1, (0x80000000 >> 12) << 10 | PTE_KERNEL_RWX
    sd      t1, (2 * 8)(t0)
    /* window: PHYS_MAP_BASE + [0, 4 GiB) -> [0, 4 GiB), VPN[2] 256..259 */
    li      t2, 256 * 8
    add     t2, t0, t2
    li      t1, (0x00000000 >> 12) << 10 | PTE_KERNEL_RW
    sd      t1, 0(t2)
    li      t1, (0x40000000 >> 12) << 10 | PTE_KERNEL_RW
    sd      t1, 8(t2)
    li      t1, (0x80000000 >> 12) << 10 | PTE_KERNEL_RWX
    sd      t1, 16(t2)
    li      t1, (0xc0000000 >> 12) << 10 | PTE_KERNEL_RW
    sd      t1, 24(t2)

    srli    t0, t0, 12
    li      t1, SATP_MODE_SV39
    or      t0, t0, t1
    sfence.vma
    csrw    satp, t0
    sfence.vma

    /* Jump to the high alias; the address comes from a data word so it is
     * the link-time (high) address, not a PC-relative one. */
    ld      t0, high_entry_addr
    jr      t0

high_entry:
    /* Now at the high address: stack and bss. (No gp: the kernel is
     * linked without global-pointer relaxation.) */
    lla     sp, boot_stack_top
    lla     t0, _bss_start
    lla     t1, _bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:
    /* kmain(hart_id, dtb_phys) */
    call    kmain
park:
    wfi
    j       park

    .section .data
    .balign 8
high_entry_addr:
    .dword  high_entry

    .balign 4096
    .globl boot_pt
boot_pt:
    .zero   4096

    .section .bss
    .balign 16
boot_stack:
    .zero   16384
    .globl boot_stack_top
boot_stack_top:
