/*
 * The capability derivation tree (see cap.h): one pre-order list of all
 * non-null slots, each with its depth. Kept small on purpose; invocations
 * (invocation.c) check every argument before calling into here, so these
 * functions cannot fail.
 */
#include "cap.h"

#include "arch/machine.h"
#include "base/mem.h"

static void link_after(struct cte *pos, struct cte *dest)
{
    dest->mdb.prev = pos;
    dest->mdb.next = pos ? pos->mdb.next : NULL;
    if (pos && pos->mdb.next)
        pos->mdb.next->mdb.prev = dest;
    if (pos)
        pos->mdb.next = dest;
}

static void unlink_slot(struct cte *slot)
{
    if (slot->mdb.prev)
        slot->mdb.prev->mdb.next = slot->mdb.next;
    if (slot->mdb.next)
        slot->mdb.next->mdb.prev = slot->mdb.prev;
    lx_memset(slot, 0, sizeof(*slot));
}

/* The last entry of slot's subtree (slot itself when it has none). */
static struct cte *subtree_end(struct cte *slot)
{
    struct cte *last = slot;

    while (last->mdb.next && last->mdb.next->mdb.depth > slot->mdb.depth)
        last = last->mdb.next;
    return last;
}

void cte_insert_child(struct cte *parent, struct cte *dest, const struct cap *cap)
{
    dest->cap = *cap;
    dest->mdb.depth = parent->mdb.depth + 1;
    /* Newest child first, right after the parent: pre-order holds. */
    link_after(parent, dest);
}

void cte_insert_root(struct cte *after, struct cte *dest, const struct cap *cap)
{
    dest->cap = *cap;
    dest->mdb.depth = 0;
    link_after(after ? subtree_end(after) : NULL, dest);
}

void cte_move(struct cte *src, struct cte *dest)
{
    *dest = *src;
    if (dest->mdb.prev)
        dest->mdb.prev->mdb.next = dest;
    if (dest->mdb.next)
        dest->mdb.next->mdb.prev = dest;
    lx_memset(src, 0, sizeof(*src));
}

bool cte_has_children(const struct cte *slot)
{
    return slot->mdb.next && slot->mdb.next->mdb.depth > slot->mdb.depth;
}

/* Out of the tree; the object is finalised after the slot is gone, so the
 * finalisation (which may delete the caps a TCB holds) sees a consistent
 * list. */
static void remove_slot(struct cte *slot)
{
    bool final = cte_is_final(slot);
    struct cap c = slot->cap;

    unlink_slot(slot);
    cap_finalise(&c, final);
}

void cte_delete(struct cte *slot)
{
    /* Children move up to the deleted slot's parent. */
    for (struct cte *c = slot->mdb.next; c && c->mdb.depth > slot->mdb.depth; c = c->mdb.next)
        c->mdb.depth--;
    remove_slot(slot);
}

bool cte_revoke(struct cte *slot)
{
    /* Deepest-first is not needed: the run after slot is exactly its
     * descendants, and deleting them in order keeps the list consistent.
     * The next entry is read again each time, as finalising a TCB also
     * removes the caps it holds. After each one the tree is whole, so an
     * interrupt waiting can be let in there (seL4's preemption point):
     * the revoke is made again and goes on with what is left. */
    while (cte_has_children(slot)) {
        remove_slot(slot->mdb.next);
        if (cte_has_children(slot) && arch_interrupt_pending())
            return false;
    }
    return true;
}
