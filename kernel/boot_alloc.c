/*
 * Boot-time bump allocator (see boot_alloc.h).
 */
#include "boot_alloc.h"

#include "arch/machine.h"
#include "base/mem.h"
#include "panic.h"

#define PAGE_SIZE 4096ul

static uint64_t page_up(uint64_t x)
{
    return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

void *phys_to_virt(uint64_t pa)
{
    return (void *)(uintptr_t)(PHYS_MAP_BASE + pa);
}

void boot_alloc_init(struct boot_alloc *ba, uint64_t start, uint64_t end, uint64_t avoid_base,
                     uint64_t avoid_end)
{
    ba->start = ba->next = page_up(start);
    ba->end = end & ~(PAGE_SIZE - 1);
    ba->avoid_base = avoid_base & ~(PAGE_SIZE - 1);
    ba->avoid_end = page_up(avoid_end);
}

uint64_t boot_alloc_pages(struct boot_alloc *ba, unsigned n)
{
    /* Contiguous: a run that would overlap the avoided range starts after it. */
    if (ba->next < ba->avoid_end && ba->next + n * PAGE_SIZE > ba->avoid_base)
        ba->next = ba->avoid_end;
    if (ba->next + n * PAGE_SIZE > ba->end)
        panic("boot allocator: out of memory at %lx", ba->next);
    uint64_t pa = ba->next;
    ba->next += n * PAGE_SIZE;
    lx_memset(phys_to_virt(pa), 0, n * PAGE_SIZE);
    return pa;
}

uint64_t boot_alloc_page(struct boot_alloc *ba)
{
    return boot_alloc_pages(ba, 1);
}
