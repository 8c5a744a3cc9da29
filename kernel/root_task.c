/*
 * Creating the root task at boot: load its ELF image (linked into the
 * kernel) into a fresh address space, page by page with each segment's
 * rights, give it a stack and a read-only boot-info page, and make it the
 * first thread. The image goes through the same strict reader (lib/elf)
 * as any program later will.
 */
#include "root_task.h"

#include "arch/regs.h"
#include "arch/vspace.h"
#include "base/mem.h"
#include "base/status.h"
#include "cap.h"
#include "vspace.h"
#include "elf/elf.h"
#include "lx/abi.h"
#include "panic.h"

#define PAGE_SIZE 4096ul
#define STACK_PAGES 4
#define ROOT_CNODE_BITS 8
#define UNTYPED_MAX_BITS 38
/* Stack just below a one-page guard gap under the boot-info page. */
#define STACK_TOP (LX_BOOTINFO_VADDR - PAGE_SIZE)

extern const uint8_t root_image_start[], root_image_end[];

static unsigned segment_rights(uint32_t flags)
{
    return (flags & ELF_SEG_R ? VM_READ : 0) | (flags & ELF_SEG_W ? VM_WRITE : 0) |
           (flags & ELF_SEG_X ? VM_EXEC : 0);
}

static void map_or_panic(struct boot_alloc *ba, uint64_t root, uint64_t va, uint64_t pa,
                         unsigned rights)
{
    int err = arch_map_user_page(ba, root, va, pa, rights);
    if (err != LX_OK)
        panic("root task: cannot map %lx (error %d)", va, err);
}

/* One segment: fresh zeroed frames, filled from the image where it has bytes. */
static void load_segment(struct boot_alloc *ba, uint64_t root, const uint8_t *image,
                         const struct elf_segment *s)
{
    uint64_t first = s->vaddr & ~(PAGE_SIZE - 1);

    for (uint64_t page = first; page < s->vaddr + s->memsz; page += PAGE_SIZE) {
        uint64_t pa = boot_alloc_page(ba);
        uint8_t *dst = phys_to_virt(pa);
        /* The part of [vaddr, vaddr + filesz) that falls in this page. */
        uint64_t lo = page > s->vaddr ? page : s->vaddr;
        uint64_t hi = page + PAGE_SIZE < s->vaddr + s->filesz ? page + PAGE_SIZE
                                                              : s->vaddr + s->filesz;
        if (hi > lo)
            lx_memcpy(dst + (lo - page), image + s->offset + (lo - s->vaddr), hi - lo);
        map_or_panic(ba, root, page, pa, segment_rights(s->flags));
    }
}

static void add_region(struct lx_bootinfo *info, uint64_t base, uint64_t size, uint32_t flags,
                       uint32_t kind, uint32_t irq)
{
    if (size == 0 || info->n_regions == LX_BOOTINFO_MAX_REGIONS)
        return;
    info->region[info->n_regions++] = (struct lx_region){ base, size, flags, kind, irq, 0 };
}

/* Free RAM is each memory range minus what the kernel, the firmware, the
 * boot allocations and the DTB occupy. */
static void fill_bootinfo(struct lx_bootinfo *info, const struct boot_info *bi,
                          const struct boot_alloc *ba)
{
    info->magic = LX_BOOTINFO_MAGIC;
    info->abi_version = 2;
    info->kernel_phys_base = bi->kernel_phys_base;
    info->kernel_phys_end = ba->next;
    info->timebase_hz = bi->timebase_hz;
    for (int i = 0; i < bi->n_memory; i++) {
        uint64_t base = bi->memory[i].base, end = base + bi->memory[i].size;
        if (base <= ba->start && ba->start < end) {
            /* Below the kernel: firmware; the kernel and boot pages after. */
            base = ba->next;
            if (ba->avoid_base > base && ba->avoid_base < end) {
                add_region(info, base, ba->avoid_base - base, LX_REGION_RAM, 0, 0);
                base = ba->avoid_end;
            }
        }
        if (end > base)
            add_region(info, base, end - base, LX_REGION_RAM, 0, 0);
    }
    for (int i = 0; i < bi->n_devices; i++)
        add_region(info, bi->device[i].reg.base, bi->device[i].reg.size, LX_REGION_DEVICE,
                   bi->device[i].kind, bi->device[i].irq);
    add_region(info, bi->plic.base, bi->plic.size, LX_REGION_DEVICE, LX_DEVICE_PLIC, 0);
    size_t n = 0;
    while (bi->bootargs[n] && n + 1 < sizeof(info->cmdline)) {
        info->cmdline[n] = bi->bootargs[n];
        n++;
    }
    info->cmdline[n] = '\0';
}

static unsigned ctz64(uint64_t x)
{
    unsigned n = 0;

    while (n < 63 && !(x & (1ul << n)))
        n++;
    return n;
}

static unsigned floor_log2(uint64_t x)
{
    unsigned n = 0;

    while (n < 63 && (x >> (n + 1)) != 0)
        n++;
    return n;
}

static void insert_copy(struct cte *src, struct cte *dest)
{
    struct cap copy;

    if (cap_derive(&src->cap, &copy) != LX_NO_ERROR)
        panic("boot capability cannot be copied");
    cte_insert_child(src, dest, &copy);
}

/* [base, end) as untyped capabilities, aligned power-of-two blocks, each
 * a root of the derivation tree, listed in the boot-info page. */
static void add_untyped(struct lx_bootinfo *info, struct cte *slots, uint64_t *slot,
                        struct cte **last, uint64_t base, uint64_t end, bool is_device)
{
    while (end - base >= PAGE_SIZE && info->n_untyped < LX_BOOTINFO_MAX_UNTYPED &&
           *slot < (1ul << ROOT_CNODE_BITS)) {
        unsigned bits = ctz64(base);
        if (floor_log2(end - base) < bits)
            bits = floor_log2(end - base);
        if (bits > UNTYPED_MAX_BITS)
            bits = UNTYPED_MAX_BITS;
        struct cap u = { 0 };
        u.type = cap_untyped;
        u.rights = LX_RIGHTS_ALL;
        u.size_bits = (uint8_t)bits;
        u.is_device = is_device;
        u.ptr = (uint64_t)(uintptr_t)phys_to_virt(base);
        cte_insert_root(*last, &slots[*slot], &u);
        *last = &slots[*slot];
        info->untyped[info->n_untyped++] =
            (struct lx_untyped_desc){ base, (uint8_t)bits, is_device, { 0 } };
        (*slot)++;
        base += 1ul << bits;
    }
}

/*
 * The root task's CSpace: its root CNode with the TCB, CNode, VSpace, IPC
 * buffer and IRQControl capabilities in their fixed slots, then every free
 * RAM region and every device region (but the PLIC) as untyped
 * capabilities. The boot-info page lists the untyped slots.
 */
static void make_cspace(struct tcb *t, struct lx_bootinfo *info, uint64_t cnode_pa,
                        uint64_t vspace_pa, uint64_t ipc_pa)
{
    struct cte *slots = phys_to_virt(cnode_pa);
    struct cte *last = NULL;
    uint64_t slot = LX_SLOT_FIRST_UNTYPED;
    struct cap c = { 0 };

    c.rights = LX_RIGHTS_ALL;
    c.type = cap_cnode;
    c.size_bits = ROOT_CNODE_BITS;
    c.ptr = (uint64_t)(uintptr_t)slots;
    cte_insert_root(last, &slots[LX_SLOT_CNODE], &c);
    last = &slots[LX_SLOT_CNODE];
    c.type = cap_tcb;
    c.size_bits = TCB_SIZE_BITS;
    c.ptr = (uint64_t)(uintptr_t)t;
    cte_insert_root(last, &slots[LX_SLOT_TCB], &c);
    last = &slots[LX_SLOT_TCB];
    c.type = cap_vspace;
    c.size_bits = 12;
    c.ptr = (uint64_t)(uintptr_t)phys_to_virt(vspace_pa);
    c.word = arch_vspace_register(vspace_pa);
    cte_insert_root(last, &slots[LX_SLOT_VSPACE], &c);
    last = &slots[LX_SLOT_VSPACE];
    /* The IPC buffer frame is mapped, read-write, as if by Frame_Map. */
    c.type = cap_frame;
    c.ptr = (uint64_t)(uintptr_t)phys_to_virt(ipc_pa);
    c.map_asid = (uint32_t)slots[LX_SLOT_VSPACE].cap.word;
    c.word = LX_ROOT_IPC_BUFFER_VADDR | LX_VM_READ | LX_VM_WRITE;
    cte_insert_root(last, &slots[LX_SLOT_IPC_BUFFER], &c);
    last = &slots[LX_SLOT_IPC_BUFFER];
    /* The TCB's own copies, children of the slots above (as Configure
     * would make them: the frame copy is unmapped). */
    insert_copy(&slots[LX_SLOT_CNODE], &t->ctes[TCB_CTE_CSPACE]);
    insert_copy(&slots[LX_SLOT_VSPACE], &t->ctes[TCB_CTE_VSPACE]);
    insert_copy(&slots[LX_SLOT_IPC_BUFFER], &t->ctes[TCB_CTE_IPC_BUFFER]);

    c = (struct cap){ 0 };
    c.type = cap_irq_control;
    c.rights = LX_RIGHTS_ALL;
    cte_insert_root(last, &slots[LX_SLOT_IRQ_CONTROL], &c);
    last = &slots[LX_SLOT_IRQ_CONTROL];

    info->cnode_size_bits = ROOT_CNODE_BITS;
    info->untyped_first = slot;
    for (uint64_t r = 0; r < info->n_regions; r++) {
        const struct lx_region *reg = &info->region[r];
        /* RAM, and every device but the kernel's own interrupt controller. */
        if (reg->flags == LX_REGION_DEVICE && reg->kind == LX_DEVICE_PLIC)
            continue;
        uint64_t base = reg->base & ~(PAGE_SIZE - 1);
        uint64_t end = (reg->base + reg->size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        add_untyped(info, slots, &slot, &last, base, end, reg->flags == LX_REGION_DEVICE);
    }
    info->empty_first = slot;
    info->empty_end = 1ul << ROOT_CNODE_BITS;
}

void root_task_create(struct tcb *t, const struct boot_info *bi, struct boot_alloc *ba)
{
    struct elf_image img;
    size_t len = (size_t)(root_image_end - root_image_start);
    int err = elf_parse(&img, root_image_start, len);

    if (err != LX_OK)
        panic("root task image refused by the ELF reader (error %d)", err);
    uint64_t root = arch_vspace_create(ba);
    for (int i = 0; i < img.n_segments; i++)
        load_segment(ba, root, root_image_start, &img.seg[i]);
    for (int i = 1; i <= STACK_PAGES; i++)
        map_or_panic(ba, root, STACK_TOP - i * PAGE_SIZE, boot_alloc_page(ba), VM_READ | VM_WRITE);
    uint64_t info_pa = boot_alloc_page(ba);
    map_or_panic(ba, root, LX_BOOTINFO_VADDR, info_pa, VM_READ);
    uint64_t ipc_pa = boot_alloc_page(ba);
    map_or_panic(ba, root, LX_ROOT_IPC_BUFFER_VADDR, ipc_pa, VM_READ | VM_WRITE);
    uint64_t cnode_pa = boot_alloc_pages(ba, (sizeof(struct cte) << ROOT_CNODE_BITS) / PAGE_SIZE);
    /* Filled last, so the regions it reports exclude every page used above. */
    fill_bootinfo(phys_to_virt(info_pa), bi, ba);

    struct lx_bootinfo *info = phys_to_virt(info_pa);
    info->ipc_buffer = LX_ROOT_IPC_BUFFER_VADDR;

    tcb_init(t, "root");
    make_cspace(t, info, cnode_pa, root, ipc_pa);
    arch_init_user_frame(&t->ctx, img.entry, STACK_TOP, LX_BOOTINFO_VADDR);
    arch_set_user_reg(&t->ctx, LX_REG_TP, LX_ROOT_IPC_BUFFER_VADDR);
    t->ipc_buffer = LX_ROOT_IPC_BUFFER_VADDR;
    /* The first thread may do anything: highest priority and MCP. */
    t->prio = t->mcp = LX_MAX_PRIO;
    t->state = THREAD_RUNNING;
}
