/*
 * User address spaces as kernel objects: VSpace roots (each with its
 * ASID), page tables and frames, and their invocations
 * (docs/kernel-abi.md, "VSpace invocations"). The code is architecture
 * code (kernel/arch/riscv64/mmu.c); these are its hooks.
 */
#ifndef LX_VSPACE_H
#define LX_VSPACE_H

#include <stdint.h>

#include "cap.h"
#include "invocation.h"

/* PageTable_Map/Unmap, Frame_Map/Unmap/GetAddress on slot's capability. */
struct inv_result decode_vspace_invocation(struct tcb *caller, struct cte *slot,
                                           const struct inv_args *a);

/* A frame capability goes: its mapping, if it still has one, goes too. */
void frame_cap_unmap(const struct cap *c);
/* The last capability to a page table goes: out of its address space. */
void page_table_cap_unmap(const struct cap *c);
/* The last capability to a VSpace goes: its ASID is free again. */
void vspace_finalise(const struct cap *c);

/* The instruction at user address pc in the VSpace vs, read through the
 * VSpace's tables from an executable user mapping (16 or 32 bits), or 0
 * when there is none to read. Faults name it (fault.c). */
uint64_t arch_fault_instruction(const struct cap *vs, uint64_t pc);

/* Untyped_Retype of VSpaces: how many more ASIDs there are, and making
 * one (kernel half copied in, an ASID assigned; returns the ASID). */
unsigned arch_asids_free(void);
uint32_t arch_vspace_object_init(void *root);
/* The root task's address space, made at boot, takes an ASID too. */
uint32_t arch_vspace_register(uint64_t root_pa);
/* Run on the VSpace cap names, or on the kernel's table (no user half)
 * when it is not a VSpace. */
void arch_switch_vspace(const struct cap *vspace);

#endif
