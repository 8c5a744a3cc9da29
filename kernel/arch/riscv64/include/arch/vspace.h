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

/* Count leaf entries of the kernel table that are both W and X. */
int arch_kernel_wx_leaves(void);

#endif
