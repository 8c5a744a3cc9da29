/*
 * Untyped memory and Untyped_Retype: carve new objects out of an untyped
 * region at its watermark, each aligned to its own size, and put one
 * capability to each into empty slots of the caller's CNode, as children
 * of the untyped capability. The region is reused only when the untyped
 * has no children left (after CNode_Revoke), as in seL4.
 */
#include "arch/machine.h"
#include "base/mem.h"
#include "invocation.h"
#include "ipc.h"
#include "lx/abi.h"
#include "thread.h"
#include "vspace.h"

#define MAX_RETYPE 256
/* One retype zeroes at most this much (it is not preemptible): 8 MiB,
 * four 2 MiB frames. */
#define MAX_CLEAR_BITS 23
#define UNTYPED_MIN_BITS 4
#define UNTYPED_MAX_BITS 38

struct object_kind {
    enum cap_type cap;
    uint8_t fixed_bits;     /* 0: the caller gives size_bits (untyped, CNode) */
    uint8_t device_ok;      /* may be made from device untyped */
};

static const struct object_kind kinds[] = {
    [LX_OBJ_UNTYPED] = { cap_untyped, 0, 1 },
    [LX_OBJ_CNODE] = { cap_cnode, 0, 0 },
    [LX_OBJ_ENDPOINT] = { cap_endpoint, 4, 0 },
    [LX_OBJ_NOTIFICATION] = { cap_notification, NOTIFICATION_SIZE_BITS, 0 },
    [LX_OBJ_FRAME] = { cap_frame, 12, 1 },
    [LX_OBJ_PAGE_TABLE] = { cap_page_table, 12, 0 },
    [LX_OBJ_TCB] = { cap_tcb, TCB_SIZE_BITS, 0 },
    [LX_OBJ_VSPACE] = { cap_vspace, 12, 0 },
    [LX_OBJ_MEGA_FRAME] = { cap_frame, 21, 1 },
};

static uint64_t align_up(uint64_t x, unsigned bits)
{
    return (x + (1ul << bits) - 1) & ~((1ul << bits) - 1);
}

static struct inv_result err(uint64_t e, uint64_t detail)
{
    return (struct inv_result){ e, detail };
}

/*
 * MR0 = object type, MR1 = size_bits (untyped) or radix (CNode), MR2 = first
 * destination slot in the caller's root CNode, MR3 = number of objects.
 */
struct inv_result decode_untyped_retype(struct cte *ut, struct cte *slots, uint64_t n_slots,
                                        const uint64_t mr[4])
{
    uint64_t type = mr[0], size_bits = mr[1], dest = mr[2], count = mr[3];

    /* ---- decode: every check before any change ---- */
    if (type >= sizeof(kinds) / sizeof(kinds[0]) || kinds[type].cap == cap_null)
        return err(LX_INVALID_ARGUMENT, 0);
    const struct object_kind *k = &kinds[type];
    unsigned bits = k->fixed_bits ? k->fixed_bits : (unsigned)size_bits;
    if (k->cap == cap_untyped && (size_bits < UNTYPED_MIN_BITS || size_bits > UNTYPED_MAX_BITS))
        return err(LX_RANGE_ERROR, 1);
    /* A CNode of 2^radix slots of 64 bytes; its cap keeps the radix. */
    if (k->cap == cap_cnode) {
        if (!cnode_radix_ok(size_bits))
            return err(LX_RANGE_ERROR, 1);
        bits = (unsigned)size_bits + CTE_SIZE_BITS;
    }
    if (count < 1 || count > MAX_RETYPE)
        return err(LX_RANGE_ERROR, 3);
    if (k->cap != cap_untyped && !ut->cap.is_device && bits <= MAX_CLEAR_BITS &&
        count > 1ul << (MAX_CLEAR_BITS - bits))
        return err(LX_RANGE_ERROR, 3);
    if (dest >= n_slots || count > n_slots - dest)
        return err(LX_RANGE_ERROR, 2);
    for (uint64_t i = 0; i < count; i++) {
        if (!cap_is_null(&slots[dest + i].cap))
            return err(LX_DELETE_FIRST, dest + i);
    }
    if (ut->cap.is_device && !k->device_ok)
        return err(LX_INVALID_ARGUMENT, 0);
    /* Each VSpace needs an ASID of its own. */
    if (k->cap == cap_vspace && count > arch_asids_free())
        return err(LX_NOT_ENOUGH_MEMORY, arch_asids_free());
    /* With no children left, the whole region is free again. */
    uint64_t used = cte_has_children(ut) ? ut->cap.word : 0;
    uint64_t size = 1ul << ut->cap.size_bits;
    uint64_t start = align_up(used, bits);
    if (bits > ut->cap.size_bits || start > size || count > (size - start) >> bits)
        return err(LX_NOT_ENOUGH_MEMORY, start > size ? 0 : (size - start));

    /* ---- invoke ---- */
    for (uint64_t i = 0; i < count; i++) {
        uint64_t obj = ut->cap.ptr + start + (i << bits);
        struct cap c = { 0 };
        c.type = (uint8_t)k->cap;
        c.rights = LX_RIGHTS_ALL;
        c.size_bits = (uint8_t)(k->cap == cap_cnode ? size_bits : bits);
        c.is_device = ut->cap.is_device;
        c.ptr = obj;
        /* Objects start zeroed; device memory is left as the device has it. */
        if (!ut->cap.is_device && k->cap != cap_untyped)
            lx_memset((void *)(uintptr_t)obj, 0, 1ul << bits);
        if (k->cap == cap_tcb)
            tcb_init((struct tcb *)(uintptr_t)obj, "thread");
        if (k->cap == cap_vspace)
            c.word = arch_vspace_object_init((void *)(uintptr_t)obj);
        cte_insert_child(ut, &slots[dest + i], &c);
    }
    ut->cap.word = start + (count << bits);
    return err(LX_NO_ERROR, 0);
}
