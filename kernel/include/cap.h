/*
 * Capabilities and capability slots (CTEs).
 *
 * A capability names a kernel object and carries rights and, for
 * endpoints and notifications, a badge. Every CTE also has a place in the
 * capability derivation tree (CDT), kept as in seL4 as one list in
 * pre-order; here each entry records its depth, so the descendants of a
 * slot are exactly the run of entries after it that are deeper. Revoke
 * deletes that run; deleting one slot lifts its children one level up.
 * Removing the last capability to an object finalises the object.
 */
#ifndef LX_CAP_H
#define LX_CAP_H

#include <stdbool.h>
#include <stdint.h>

enum cap_type {
    cap_null = 0,
    cap_untyped,
    cap_cnode,
    cap_endpoint,
    cap_notification,
    cap_frame,
    cap_page_table,
    cap_tcb,
    cap_vspace,
    cap_irq_control,
    cap_irq_handler,
};

struct cap {
    uint8_t type;               /* enum cap_type */
    uint8_t rights;             /* LX_RIGHT_* */
    uint8_t size_bits;          /* untyped: size; cnode: radix; others: object size */
    uint8_t is_device;          /* untyped or frame over device memory */
    uint32_t map_asid;          /* frame, page table: mapped in this VSpace (0: not) */
    uint64_t ptr;               /* the object (kernel address); untyped: its base */
    uint64_t word;              /* untyped: free index (bytes used); ep/ntfn: badge;
                                 * vspace: its ASID; frame, page table when mapped:
                                 * vaddr | LX_VM_* rights (frame) or level (table) */
    uint64_t reserved;
};

struct mdb_node {
    struct cte *prev, *next;    /* the CDT in pre-order */
    uint64_t depth;
    uint64_t reserved;
};

struct cte {
    struct cap cap;
    struct mdb_node mdb;
};

#define CTE_SIZE_BITS 6
_Static_assert(sizeof(struct cap) == 32, "cap layout");
_Static_assert(sizeof(struct cte) == 1 << CTE_SIZE_BITS, "CNode slot size");

static inline bool cap_is_null(const struct cap *c)
{
    return c->type == cap_null;
}

/* CDT operations; the caller has checked the slots (see cspace.c). */
void cte_insert_child(struct cte *parent, struct cte *dest, const struct cap *cap);
void cte_insert_root(struct cte *after, struct cte *dest, const struct cap *cap);
void cte_move(struct cte *src, struct cte *dest);
void cte_delete(struct cte *slot);
/* Revoke slot's descendants; false when it stopped early for a pending
 * interrupt (the caller makes the system call again later). */
bool cte_revoke(struct cte *slot);
bool cte_has_children(const struct cte *slot);

/* object.c: whether slot holds the last capability to its object; what
 * removing a capability does to its object (final: it was the last one);
 * and the capability a copy of src may be (0), or the error that refuses
 * the copy. */
bool cte_is_final(const struct cte *slot);
void cap_finalise(const struct cap *c, bool final);
uint64_t cap_derive(const struct cap *src, struct cap *out);

static inline bool cap_same_object(const struct cap *a, const struct cap *b)
{
    return a->type == b->type && a->ptr == b->ptr && a->size_bits == b->size_bits;
}

/* cnode.c: CNode radix bounds for Retype; the last capability to a CNode
 * went: every capability in it goes (iteratively, see cnode.c). */
bool cnode_radix_ok(uint64_t radix);
void cnode_finalise(const struct cap *c);

/* The CNode slot array a CNode capability names. */
static inline struct cte *cnode_slots(const struct cap *cnode)
{
    return (struct cte *)(uintptr_t)cnode->ptr;
}

#endif
