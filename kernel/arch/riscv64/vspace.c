/*
 * The kernel page table. head.S starts the kernel on 1 GiB RWX pages so it
 * can turn paging on with a few instructions; this replaces them, once, by
 * a table where W^X holds: the window over physical memory is R+W only,
 * and the gigabyte holding the kernel is split down to 4 KiB pages for the
 * image so each section gets exactly its rights.
 */
#include "arch/vspace.h"

#include "arch/machine.h"
#include "panic.h"

#define PT_ENTRIES 512
#define PAGE_SIZE 4096ul
#define MEGA_SIZE (2ul << 20)
#define GIGA_SIZE (1ul << 30)
#define KERNEL_PHYS 0x80200000ul

extern char _kernel_start[], _text_end[], _rodata_end[], _kernel_end[];

struct kernel_tables {
    pte_t root[PT_ENTRIES];
    pte_t mid[PT_ENTRIES];      /* 2 MiB pages of the kernel's gigabyte */
    pte_t leaf[PT_ENTRIES];     /* 4 KiB pages of the kernel's 2 MiB */
};

/* The kernel's page tables: they exist before any object does. */
static struct kernel_tables kpt __attribute__((aligned(4096)));

_Static_assert(sizeof(pte_t) * PT_ENTRIES == PAGE_SIZE, "one table per page");

static uint64_t virt_to_phys(const void *va)
{
    return (uint64_t)(uintptr_t)va - PHYS_MAP_BASE;
}

static pte_t pte_leaf(uint64_t pa, uint64_t rights)
{
    return (pa >> 12) << 10 | rights;
}

static pte_t pte_table(const pte_t *table)
{
    return (virt_to_phys(table) >> 12) << 10 | PTE_V;
}

#define PTE_KERNEL_R (PTE_V | PTE_R | PTE_G | PTE_A)
#define PTE_KERNEL_RX (PTE_KERNEL_R | PTE_X)

static uint64_t image_rights(uintptr_t va)
{
    if (va < (uintptr_t)_text_end)
        return PTE_KERNEL_RX;
    if (va < (uintptr_t)_rodata_end)
        return PTE_KERNEL_R;
    return PTE_KERNEL_RW;
}

static void map_kernel_image(void)
{
    uintptr_t start = (uintptr_t)_kernel_start, end = (uintptr_t)_kernel_end;

    if (end - start > MEGA_SIZE)
        panic("kernel image of %lu bytes exceeds the 2 MiB the boot map covers",
              (unsigned long)(end - start));
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uintptr_t va = start + i * PAGE_SIZE;
        if (va < end)
            kpt.leaf[i] = pte_leaf(KERNEL_PHYS + i * PAGE_SIZE, image_rights(va));
    }
}

void arch_kernel_vspace_init(void)
{
    unsigned window = (unsigned)((PHYS_MAP_BASE >> 30) & (PT_ENTRIES - 1));
    unsigned kgiga = (unsigned)(KERNEL_PHYS / GIGA_SIZE);
    unsigned kmega = (unsigned)((KERNEL_PHYS % GIGA_SIZE) / MEGA_SIZE);

    /* The first 4 GiB of physical memory (MMIO and RAM on QEMU virt). */
    for (unsigned g = 0; g < 4; g++)
        kpt.root[window + g] = pte_leaf(g * GIGA_SIZE, PTE_KERNEL_RW);
    /* The kernel's gigabyte in 2 MiB pages, firmware's first 2 MiB left out. */
    for (unsigned m = 0; m < PT_ENTRIES; m++) {
        if (m != 0)
            kpt.mid[m] = pte_leaf(kgiga * GIGA_SIZE + m * MEGA_SIZE, PTE_KERNEL_RW);
    }
    map_kernel_image();
    kpt.mid[kmega] = pte_table(kpt.leaf);
    kpt.root[window + kgiga] = pte_table(kpt.mid);

    uint64_t satp = SATP_MODE_SV39 | virt_to_phys(kpt.root) >> 12;
    __asm__ volatile("sfence.vma\n\tcsrw satp, %0\n\tsfence.vma" : : "r"(satp) : "memory");
}

pte_t arch_kernel_lookup(uintptr_t va)
{
    const pte_t *table = kpt.root;

    for (int level = 2; level >= 0; level--) {
        pte_t pte = table[(va >> (12 + 9 * level)) & (PT_ENTRIES - 1)];
        if (!(pte & PTE_V))
            return 0;
        if (pte & (PTE_R | PTE_X))
            return pte;
        table = (const pte_t *)(uintptr_t)(PHYS_MAP_BASE + ((pte >> 10) << 12));
    }
    return 0;
}

static int count_wx(const pte_t *table, int level)
{
    int n = 0;

    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        pte_t pte = table[i];
        if (!(pte & PTE_V))
            continue;
        if (pte & (PTE_R | PTE_X))
            n += (pte & PTE_W) && (pte & PTE_X);
        else if (level > 0)
            n += count_wx((const pte_t *)(uintptr_t)(PHYS_MAP_BASE + ((pte >> 10) << 12)),
                          level - 1);
    }
    return n;
}

int arch_kernel_wx_leaves(void)
{
    return count_wx(kpt.root, 2);
}
