/*
 * Page allocator for the objects the kernel itself creates at boot (the
 * root task's page tables, frames, stack and boot-info page): a bump
 * pointer over the memory after the kernel image. Everything it did not
 * hand out is reported to the root task as free memory.
 */
#ifndef LX_BOOT_ALLOC_H
#define LX_BOOT_ALLOC_H

#include <stdint.h>

struct boot_alloc {
    uint64_t start, next, end;          /* physical, page-aligned */
    uint64_t avoid_base, avoid_end;     /* a range to skip (the DTB) */
};

void boot_alloc_init(struct boot_alloc *ba, uint64_t start, uint64_t end, uint64_t avoid_base,
                     uint64_t avoid_end);
/* A zeroed 4 KiB page (physical address); panics when memory runs out. */
uint64_t boot_alloc_page(struct boot_alloc *ba);
/* n physically contiguous zeroed pages. */
uint64_t boot_alloc_pages(struct boot_alloc *ba, unsigned n);
/* Physical memory as a kernel pointer. */
void *phys_to_virt(uint64_t pa);

#endif
