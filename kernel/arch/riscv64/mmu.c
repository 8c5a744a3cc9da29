/*
 * User address spaces on Sv39 as capabilities: VSpace roots, page tables
 * and frames (4 KiB and 2 MiB), with the PageTable and Frame invocations
 * (seL4's decodeRISCVMMUInvocation). Each VSpace has an ASID, which is
 * both the hardware ASID in satp (no TLB flush on a switch) and the name
 * a mapped frame or page table keeps of its address space: a VSpace that
 * is gone leaves its ASID empty, so a stale mapping record can never send
 * the kernel into memory that is no longer a page table.
 *
 * W^X holds across mappings, not only within one: a frame is never mapped
 * executable through one capability while writable through another.
 */
#include "arch/machine.h"
#include "arch/vspace.h"
#include "base/mem.h"
#include "boot_alloc.h"
#include "message.h"
#include "thread.h"
#include "vspace.h"

#define err inv_err
#define PT_ENTRIES 512
#define PAGE_BITS 12
#define MEGA_BITS 21
#define ASID_COUNT 512          /* VSpaces at once; ASID 0 is the kernel's own table */
#define SATP_ASID_SHIFT 44
#define CAP_VM_MASK 7ul         /* LX_VM_* in the low bits of a frame cap's word */
#define CAP_LEVEL_MASK 3ul      /* the level of the entry naming a mapped table */

struct asid_table {
    pte_t *root[ASID_COUNT];    /* NULL: free */
    unsigned used;
};

/* One hart, one table: it exists before any object does, like seL4's
 * ASID control. */
static struct asid_table asids;

static inline unsigned vpn(uint64_t va, int level)
{
    return (unsigned)(va >> (PAGE_BITS + 9 * level)) & (PT_ENTRIES - 1);
}

static inline uint64_t pte_pa(pte_t e)
{
    return (e >> 10) << 12;
}

static inline bool pte_is_leaf(pte_t e)
{
    return (e & (PTE_R | PTE_X)) != 0;
}

static inline uint64_t kaddr_to_pa(uint64_t kva)
{
    return kva - PHYS_MAP_BASE;
}

static void flush_va(uint64_t va)
{
    __asm__ volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}

static void flush_asid(uint32_t asid)
{
    __asm__ volatile("sfence.vma zero, %0" : : "r"((uint64_t)asid) : "memory");
}

/* ---- ASIDs and VSpace objects ---------------------------------------------- */

unsigned arch_asids_free(void)
{
    return ASID_COUNT - 1 - asids.used;
}

static uint32_t asid_assign(pte_t *root)
{
    for (uint32_t a = 1; a < ASID_COUNT; a++) {
        if (asids.root[a] == NULL) {
            asids.root[a] = root;
            asids.used++;
            /* A TLB may still hold entries of the ASID's last owner. */
            flush_asid(a);
            return a;
        }
    }
    return 0;       /* callers checked arch_asids_free() */
}

uint32_t arch_vspace_object_init(void *obj)
{
    pte_t *root = obj;

    arch_vspace_share_kernel(root);
    return asid_assign(root);
}

uint32_t arch_vspace_register(uint64_t root_pa)
{
    return asid_assign(phys_to_virt(root_pa));
}

static pte_t *asid_root(uint32_t asid)
{
    return asid < ASID_COUNT ? asids.root[asid] : NULL;
}

void arch_switch_vspace(const struct cap *vs)
{
    if (vs->type != cap_vspace) {
        arch_set_satp(arch_kernel_vspace_root(), 0);
        return;
    }
    arch_set_satp(kaddr_to_pa(vs->ptr), (uint32_t)vs->word);
}

void vspace_finalise(const struct cap *c)
{
    uint32_t asid = (uint32_t)c->word;
    uint64_t satp;

    asids.root[asid] = NULL;
    asids.used--;
    /* The thread that deleted it may still run on it (deleting its own
     * TCB, say): leave the table before its memory can be reused. */
    __asm__ volatile("csrr %0, satp" : "=r"(satp));
    if ((satp >> SATP_ASID_SHIFT & 0xffff) == asid)
        arch_set_satp(arch_kernel_vspace_root(), 0);
    flush_asid(asid);
}

/* ---- walking --------------------------------------------------------------- */

/* The entry for va at level (2 = the root's) under root, or NULL when a
 * table on the way is missing or a large page is in the way. */
static pte_t *pte_at(pte_t *root, uint64_t va, int level)
{
    pte_t *table = root;

    for (int l = 2; l > level; l--) {
        pte_t e = table[vpn(va, l)];
        if (!(e & PTE_V) || pte_is_leaf(e))
            return NULL;
        table = phys_to_virt(pte_pa(e));
    }
    return &table[vpn(va, level)];
}

/* The kernel address of user address va in root's tables when a user
 * mapping with all of pte_rights covers it, else NULL. */
static const void *user_address(pte_t *root, uint64_t va, uint64_t pte_rights)
{
    if (va >= LX_USER_TOP)
        return NULL;
    for (int level = 2; level >= 0; level--) {
        pte_t *e = pte_at(root, va, level);
        if (e == NULL || !(*e & PTE_V))
            return NULL;
        if (!pte_is_leaf(*e))
            continue;
        if ((*e & (PTE_U | pte_rights)) != (PTE_U | pte_rights))
            return NULL;
        uint64_t offset = va & ((1ul << (PAGE_BITS + 9 * level)) - 1);
        return (const uint8_t *)phys_to_virt(pte_pa(*e)) + offset;
    }
    return NULL;
}

static int read_code_half(pte_t *root, uint64_t va, uint16_t *out)
{
    const uint8_t *p = user_address(root, va, PTE_X);

    if (p == NULL)
        return 0;
    *out = (uint16_t)(p[0] | p[1] << 8);
    return 1;
}

uint64_t arch_fault_instruction(const struct cap *vs, uint64_t pc)
{
    pte_t *root = (pte_t *)(uintptr_t)vs->ptr;
    uint16_t lo, hi;

    /* Instructions are 2-byte aligned; a 4-byte one may cross a page. */
    if (vs->type != cap_vspace || (pc & 1) || !read_code_half(root, pc, &lo))
        return 0;
    if ((lo & 3) != 3)
        return lo;
    return read_code_half(root, pc + 2, &hi) ? (uint64_t)hi << 16 | lo : 0;
}

/* ---- page tables ------------------------------------------------------------ */

/*
 * PageTable_Map: MR0 VSpace cptr, MR1 vaddr. The table goes into the
 * first level on vaddr's path that has none: under the root it covers
 * 1 GiB, one level down 2 MiB.
 */
static struct inv_result page_table_map(struct tcb *caller, struct cte *slot,
                                        const struct inv_args *a)
{
    struct cte *vs;

    if ((vs = cspace_lookup(caller, a->mr[0])) == NULL || cap_is_null(&vs->cap))
        return err(LX_FAILED_LOOKUP, 0);
    if (vs->cap.type != cap_vspace)
        return err(LX_INVALID_CAPABILITY, 0);
    if (slot->cap.map_asid != 0)
        return err(LX_ILLEGAL_OPERATION, 0);    /* mapped already */
    if (a->mr[1] >= LX_USER_TOP)
        return err(LX_INVALID_ARGUMENT, 1);
    uint64_t va = a->mr[1];
    pte_t *root = (pte_t *)(uintptr_t)vs->cap.ptr, *e = NULL;
    int level;
    for (level = 2; level >= 1; level--) {
        e = pte_at(root, va, level);
        if (e == NULL || !(*e & PTE_V) || pte_is_leaf(*e))
            break;
    }
    if (e == NULL || level < 1 || (*e & PTE_V))
        return err(LX_DELETE_FIRST, 1);         /* a table or a page is there */

    *e = (kaddr_to_pa(slot->cap.ptr) >> 12) << 10 | PTE_V;
    flush_va(va);
    slot->cap.map_asid = (uint32_t)vs->cap.word;
    slot->cap.word = (va & ~((1ul << (PAGE_BITS + 9 * level)) - 1)) | (uint64_t)level;
    return err(LX_NO_ERROR, 0);
}

void page_table_cap_unmap(const struct cap *c)
{
    pte_t *root = asid_root(c->map_asid), *e;
    int level = (int)(c->word & CAP_LEVEL_MASK);

    if (c->map_asid == 0)
        return;
    /* Its entries go with it: mapped again elsewhere, it starts empty. */
    lx_memset((void *)(uintptr_t)c->ptr, 0, 1ul << PAGE_BITS);
    if (root == NULL || (e = pte_at(root, c->word & ~CAP_LEVEL_MASK, level)) == NULL)
        return;
    if ((*e & PTE_V) && !pte_is_leaf(*e) && pte_pa(*e) == kaddr_to_pa(c->ptr)) {
        *e = 0;
        flush_asid(c->map_asid);
    }
}

/* ---- frames ----------------------------------------------------------------- */

static int frame_level(const struct cap *c)
{
    return c->size_bits == MEGA_BITS ? 1 : 0;
}

/* Another capability to the same frame has a mapping with any of
 * these rights. All caps to one object are one run of the CDT. */
static bool alias_mapped(const struct cte *slot, uint64_t vm)
{
    for (const struct cte *p = slot->mdb.prev; p && cap_same_object(&p->cap, &slot->cap);
         p = p->mdb.prev) {
        if (p->cap.map_asid && (p->cap.word & vm))
            return true;
    }
    for (const struct cte *n = slot->mdb.next; n && cap_same_object(&n->cap, &slot->cap);
         n = n->mdb.next) {
        if (n->cap.map_asid && (n->cap.word & vm))
            return true;
    }
    return false;
}

static uint64_t user_pte_rights(uint64_t vm)
{
    return PTE_V | PTE_U | PTE_A | (vm & LX_VM_READ ? PTE_R : 0) |
           (vm & LX_VM_WRITE ? PTE_W | PTE_D : 0) | (vm & LX_VM_EXEC ? PTE_X : 0);
}

/* The rights MR2 asks for, checked against the capability's; 0 or the error. */
static uint64_t check_vm_rights(const struct cte *slot, uint64_t vm)
{
    if (vm & ~CAP_VM_MASK || !(vm & (LX_VM_READ | LX_VM_EXEC)) ||
        ((vm & LX_VM_WRITE) && !(vm & LX_VM_READ)))
        return LX_INVALID_ARGUMENT;
    if ((vm & LX_VM_WRITE) && (vm & LX_VM_EXEC))
        return LX_WX_VIOLATION;
    if ((vm & LX_VM_EXEC) && slot->cap.is_device)
        return LX_INVALID_ARGUMENT;             /* never run device registers */
    if (((vm & LX_VM_WRITE) && !(slot->cap.rights & LX_RIGHT_WRITE)) ||
        ((vm & (LX_VM_READ | LX_VM_EXEC)) && !(slot->cap.rights & LX_RIGHT_READ)))
        return LX_INVALID_CAPABILITY;
    if (((vm & LX_VM_EXEC) && alias_mapped(slot, LX_VM_WRITE)) ||
        ((vm & LX_VM_WRITE) && alias_mapped(slot, LX_VM_EXEC)))
        return LX_WX_VIOLATION;
    return LX_NO_ERROR;
}

/*
 * Frame_Map: MR0 VSpace cptr, MR1 vaddr, MR2 rights (LX_VM_*). The page
 * tables on the way must be there. Mapping a capability again at the
 * address it is mapped at changes the rights (remap); anywhere else it
 * must be unmapped first.
 */
static struct inv_result frame_map(struct tcb *caller, struct cte *slot, const struct inv_args *a)
{
    struct cte *vs;
    uint64_t e, size = 1ul << slot->cap.size_bits;

    if ((vs = cspace_lookup(caller, a->mr[0])) == NULL || cap_is_null(&vs->cap))
        return err(LX_FAILED_LOOKUP, 0);
    if (vs->cap.type != cap_vspace)
        return err(LX_INVALID_CAPABILITY, 0);
    uint64_t va = a->mr[1], vm = a->mr[2];
    if (va & (size - 1))
        return err(LX_ALIGNMENT_ERROR, 1);
    if (va >= LX_USER_TOP || size > LX_USER_TOP - va)
        return err(LX_INVALID_ARGUMENT, 1);
    if ((e = check_vm_rights(slot, vm)) != LX_NO_ERROR)
        return err(e, 2);
    uint32_t asid = (uint32_t)vs->cap.word;
    bool remap = slot->cap.map_asid != 0;
    if (remap && (slot->cap.map_asid != asid || (slot->cap.word & ~CAP_VM_MASK) != va))
        return err(LX_ILLEGAL_OPERATION, 0);    /* mapped elsewhere */
    pte_t *pte = pte_at((pte_t *)(uintptr_t)vs->cap.ptr, va, frame_level(&slot->cap));
    if (pte == NULL)
        return err(LX_FAILED_LOOKUP, 1);        /* no page table there */
    bool ours = pte_is_leaf(*pte) && pte_pa(*pte) == kaddr_to_pa(slot->cap.ptr);
    if ((*pte & PTE_V) && !(remap && ours))
        return err(LX_DELETE_FIRST, 1);         /* a table or another page is there */

    *pte = (kaddr_to_pa(slot->cap.ptr) >> 12) << 10 | user_pte_rights(vm);
    flush_va(va);
    /* The hart must fetch what was written through the data side. */
    if (vm & LX_VM_EXEC)
        __asm__ volatile("fence.i" : : : "memory");
    slot->cap.map_asid = asid;
    slot->cap.word = va | vm;
    return err(LX_NO_ERROR, 0);
}

void frame_cap_unmap(const struct cap *c)
{
    pte_t *root = asid_root(c->map_asid), *pte;
    uint64_t va = c->word & ~CAP_VM_MASK;

    if (c->map_asid == 0 || root == NULL)
        return;
    pte = pte_at(root, va, frame_level(c));
    /* Only this frame's own entry: the table may have been reused since. */
    if (pte && (*pte & PTE_V) && pte_is_leaf(*pte) && pte_pa(*pte) == kaddr_to_pa(c->ptr)) {
        *pte = 0;
        flush_va(va);
    }
}

static struct inv_result frame_unmap(struct cte *slot)
{
    frame_cap_unmap(&slot->cap);
    slot->cap.map_asid = 0;
    slot->cap.word = 0;
    return err(LX_NO_ERROR, 0);
}

struct inv_result decode_vspace_invocation(struct tcb *caller, struct cte *slot,
                                           const struct inv_args *a)
{
    if (slot->cap.type == cap_page_table) {
        if (a->label == LX_PAGE_TABLE_MAP)
            return page_table_map(caller, slot, a);
        if (a->label != LX_PAGE_TABLE_UNMAP)
            return err(LX_ILLEGAL_OPERATION, 0);
        /* Every copy shares the one mapping: only the last may unmap. */
        if (!cte_is_final(slot))
            return err(LX_REVOKE_FIRST, 0);
        page_table_cap_unmap(&slot->cap);
        slot->cap.map_asid = 0;
        slot->cap.word = 0;
        return err(LX_NO_ERROR, 0);
    }
    if (slot->cap.type != cap_frame)
        return err(LX_ILLEGAL_OPERATION, 0);
    switch (a->label) {
    case LX_FRAME_MAP:
        return frame_map(caller, slot, a);
    case LX_FRAME_UNMAP:
        return frame_unmap(slot);
    case LX_FRAME_GET_ADDRESS:
        msg_set_mr(caller, 0, kaddr_to_pa(slot->cap.ptr));
        return err(LX_NO_ERROR, LX_MSGINFO(0, 1));
    default:
        return err(LX_ILLEGAL_OPERATION, 0);
    }
}
