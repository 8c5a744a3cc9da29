/*
 * The kernel's own address space (Sv39): all physical memory mapped at
 * PHYS_MAP_BASE, readable and writable but never executable, except the
 * kernel image, which is mapped with 4 KiB pages by section: text R+X,
 * read-only data R, data and bss R+W. No kernel mapping is ever both
 * writable and executable.
 */
#ifndef LX_ARCH_VSPACE_H
#define LX_ARCH_VSPACE_H

#include <stdint.h>

typedef uint64_t pte_t;

/* Build the kernel page table and switch to it (drops the boot map). */
void arch_kernel_vspace_init(void);

/* The leaf entry mapping va in the active kernel table, or 0 if none. */
pte_t arch_kernel_lookup(uintptr_t va);

/* The leaf entry mapping va in a user address space, or 0. */
pte_t arch_user_lookup(uint64_t root, uintptr_t va);

/* Count leaf entries of the kernel table that are both W and X. */
int arch_kernel_wx_leaves(void);

/* ---- user address spaces ---- */

struct boot_alloc;

#define VM_READ 4
#define VM_WRITE 2
#define VM_EXEC 1

/* Refused: a mapping both writable and executable (docs/kernel-abi.md). */
#define LX_ERR_WX (-11)

/* A new root page table sharing the kernel's half; its physical address. */
uint64_t arch_vspace_create(struct boot_alloc *ba);
/* Fill the upper (kernel) half of a user root table. */
void arch_vspace_share_kernel(pte_t *root);
/* Run on this root table with this ASID (0: the kernel's own table). */
void arch_set_satp(uint64_t root_phys, uint32_t asid);
/* Map one 4 KiB user page; LX_ERR_WX, LX_ERR_PARAM or LX_ERR_STATE
 * (already mapped) leave the tables as they were. */
int arch_map_user_page(struct boot_alloc *ba, uint64_t root, uint64_t va, uint64_t pa,
                       unsigned rights);

#endif
