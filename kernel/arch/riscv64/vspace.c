/*
 * The kernel page table. head.S starts the kernel on 1 GiB RWX pages so it
 * can turn paging on with a few instructions; this replaces them, once, by
 * a table where W^X holds: the window over physical memory is R+W only,
 * and the gigabyte holding the kernel is split down to 4 KiB pages for the
 * image so each section gets exactly its rights.
 */
#include "arch/vspace.h"

#include "arch/machine.h"
#include "arch/trap.h"
#include "base/mem.h"
#include "base/status.h"
#include "boot_alloc.h"
#include "panic.h"
#include "thread.h"

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
    /* The rest of the 2 MiB after the image is ordinary window memory. */
    for (unsigned i = 0; i < PT_ENTRIES; i++) {
        uintptr_t va = start + i * PAGE_SIZE;
        kpt.leaf[i] = pte_leaf(KERNEL_PHYS + i * PAGE_SIZE,
                               va < end ? image_rights(va) : PTE_KERNEL_RW);
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

static pte_t lookup(const pte_t *table, uintptr_t va)
{
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

pte_t arch_kernel_lookup(uintptr_t va)
{
    return lookup(kpt.root, va);
}

pte_t arch_user_lookup(uint64_t root, uintptr_t va)
{
    return lookup(phys_to_virt(root), va);
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

/* ---- user address spaces -------------------------------------------------- */

#define KERNEL_HALF (PT_ENTRIES / 2)

void arch_vspace_share_kernel(pte_t *root)
{
    for (unsigned i = KERNEL_HALF; i < PT_ENTRIES; i++)
        root[i] = kpt.root[i];
}

uint64_t arch_vspace_create(struct boot_alloc *ba)
{
    uint64_t root = boot_alloc_page(ba);

    arch_vspace_share_kernel(phys_to_virt(root));
    return root;
}

static uint64_t pte_rights(unsigned rights)
{
    return PTE_V | PTE_U | PTE_A | (rights & VM_READ ? PTE_R : 0) |
           (rights & VM_WRITE ? PTE_W | PTE_D : 0) | (rights & VM_EXEC ? PTE_X : 0);
}

int arch_map_user_page(struct boot_alloc *ba, uint64_t root, uint64_t va, uint64_t pa,
                       unsigned rights)
{
    /* Decode and check everything before touching a table. */
    if ((rights & VM_WRITE) && (rights & VM_EXEC))
        return LX_ERR_WX;
    if (!(rights & (VM_READ | VM_EXEC)) || (va | pa) & (PAGE_SIZE - 1) ||
        va >= (1ul << 38))
        return LX_ERR_PARAM;
    pte_t *table = phys_to_virt(root);
    for (int level = 2; level > 0; level--) {
        pte_t *e = &table[(va >> (12 + 9 * level)) & (PT_ENTRIES - 1)];
        if (!(*e & PTE_V))
            *e = (boot_alloc_page(ba) >> 12) << 10 | PTE_V;
        else if (*e & (PTE_R | PTE_X))
            return LX_ERR_STATE;        /* a large page is in the way */
        table = phys_to_virt((*e >> 10) << 12);
    }
    pte_t *leaf = &table[(va >> 12) & (PT_ENTRIES - 1)];
    if (*leaf & PTE_V)
        return LX_ERR_STATE;
    *leaf = (pa >> 12) << 10 | pte_rights(rights);
    return LX_OK;
}

void arch_set_satp(uint64_t root_phys, uint32_t asid)
{
    uint64_t satp = SATP_MODE_SV39 | (uint64_t)asid << 44 | root_phys >> 12;

    /* Every address space has its own ASID, so a switch needs no flush;
     * the kernel half is global. Changes to a table flush where they are
     * made (mmu.c). */
    __asm__ volatile("csrw satp, %0" : : "r"(satp) : "memory");
}

uint64_t arch_kernel_vspace_root(void)
{
    return virt_to_phys(kpt.root);
}

void arch_init_user_frame(struct trap_frame *f, uint64_t pc, uint64_t sp, uint64_t arg0)
{
    uint64_t sstatus;

    lx_memset(f, 0, sizeof(*f));
    __asm__ volatile("csrr %0, sstatus" : "=r"(sstatus));
    /* sret to U-mode (SPP = 0) with interrupts on (SPIE = 1), and no
     * kernel access to user memory (SUM = 0). */
    f->sstatus = (sstatus & ~(SSTATUS_SPP | SSTATUS_SUM)) | SSTATUS_SPIE;
    f->sepc = pc;
    f->x[2] = sp;
    f->x[10] = arg0;
}
