/*
 * CNode objects: their invocations (Copy, Mint, Move, Mutate, Delete,
 * Revoke) and what deleting the last capability to one does.
 *
 * Finalising a CNode deletes every capability in it, and one of those may
 * be the last capability to another CNode (directly, or through a TCB's
 * CSpace root): done by recursion, a chain of CNodes built by user level
 * would overflow the kernel stack. So finalisation is iterative: a CNode
 * whose last capability goes joins a list of CNodes to empty, linked
 * through a word of its own first slot that nothing else uses, and the
 * outermost finalisation empties them one after another.
 */
#include "cap.h"
#include "invocation.h"
#include "lx/abi.h"

#define err inv_err
#define CNODE_MIN_RADIX 1
#define CNODE_MAX_RADIX 12

struct cnode_reaper {
    uint64_t pending;       /* first CNode to empty: its slots | radix, 0: none */
    bool running;
};

/* One hart: one list, touched only inside the kernel. */
static struct cnode_reaper reaper;

bool cnode_radix_ok(uint64_t radix)
{
    return radix >= CNODE_MIN_RADIX && radix <= CNODE_MAX_RADIX;
}

/* Slots are 64-byte aligned and a CNode at least two of them, so the
 * radix fits the pointer's low bits. */
static uint64_t pack(const struct cap *c)
{
    return c->ptr | c->size_bits;
}

static void empty_cnode(struct cte *slots, unsigned radix)
{
    for (uint64_t i = 0; i < (1ul << radix); i++) {
        if (!cap_is_null(&slots[i].cap))
            cte_delete(&slots[i]);
    }
}

void cnode_finalise(const struct cap *c)
{
    struct cte *first = cnode_slots(c);

    first->mdb.reserved = reaper.pending;
    reaper.pending = pack(c);
    if (reaper.running)
        return;         /* the outer call empties it */
    reaper.running = true;
    while (reaper.pending) {
        struct cte *slots = (struct cte *)(uintptr_t)(reaper.pending & ~63ul);
        unsigned radix = (unsigned)(reaper.pending & 63);
        reaper.pending = slots[0].mdb.reserved;
        slots[0].mdb.reserved = 0;
        empty_cnode(slots, radix);
    }
    reaper.running = false;
}

/* The CNode a Copy/Mint/Move/Mutate takes its source from: MR4 names it
 * in the caller's CSpace; with fewer than 5 MRs it is the invoked one. */
static struct inv_result source_cnode(struct tcb *caller, const struct cap *invoked,
                                      const struct inv_args *a, const struct cap **out)
{
    struct cte *s;

    if (a->len < 5) {
        *out = invoked;
        return err(LX_NO_ERROR, 0);
    }
    if ((s = cspace_lookup(caller, a->mr[4])) == NULL || cap_is_null(&s->cap))
        return err(LX_FAILED_LOOKUP, 4);
    if (s->cap.type != cap_cnode)
        return err(LX_INVALID_CAPABILITY, 4);
    *out = &s->cap;
    return err(LX_NO_ERROR, 0);
}

/* The badge Mint or Mutate puts on c (checked, not yet applied). */
static uint64_t check_badge(const struct cap *c, uint64_t badge)
{
    /* Only endpoint and notification caps carry badges, and a badge once
     * set is never changed by deriving again. */
    if (c->type != cap_endpoint && c->type != cap_notification)
        return LX_ILLEGAL_OPERATION;
    if (c->word != 0 || badge == 0)
        return LX_INVALID_ARGUMENT;
    return LX_NO_ERROR;
}

/* Copy/Mint/Move/Mutate: MR0 = dest (invoked CNode), MR1 = src (source
 * CNode), MR2 = rights mask (Copy, Mint), MR3 = badge (Mint; Mutate, 0:
 * keep), MR4 = source CNode (optional). */
static struct inv_result cnode_transfer(struct tcb *caller, const struct cap *cnode,
                                        const struct inv_args *a)
{
    const struct cap *from;
    struct inv_result r = source_cnode(caller, cnode, a, &from);
    uint64_t e;

    if (r.error != LX_NO_ERROR)
        return r;
    if (a->mr[0] >= 1ul << cnode->size_bits)
        return err(LX_RANGE_ERROR, 0);
    if (a->mr[1] >= 1ul << from->size_bits)
        return err(LX_RANGE_ERROR, 1);
    struct cte *dest = &cnode_slots(cnode)[a->mr[0]], *src = &cnode_slots(from)[a->mr[1]];
    if (cap_is_null(&src->cap))
        return err(LX_FAILED_LOOKUP, 1);
    if (!cap_is_null(&dest->cap))
        return err(LX_DELETE_FIRST, 0);
    if (a->label == LX_CNODE_MOVE || a->label == LX_CNODE_MUTATE) {
        if (a->label == LX_CNODE_MUTATE && a->mr[3] != 0 &&
            (e = check_badge(&src->cap, a->mr[3])) != LX_NO_ERROR)
            return err(e, 3);
        cte_move(src, dest);
        if (a->label == LX_CNODE_MUTATE && a->mr[3] != 0)
            dest->cap.word = a->mr[3];
        return err(LX_NO_ERROR, 0);
    }
    struct cap c;
    if (a->mr[2] & ~(uint64_t)LX_RIGHTS_ALL)
        return err(LX_INVALID_ARGUMENT, 2);
    if ((e = cap_derive(&src->cap, &c)) != LX_NO_ERROR)
        return err(e, 1);
    c.rights &= (uint8_t)a->mr[2];
    if (a->label == LX_CNODE_MINT) {
        if ((e = check_badge(&c, a->mr[3])) != LX_NO_ERROR)
            return err(e, e == LX_ILLEGAL_OPERATION ? 0 : 3);
        c.word = a->mr[3];
    }
    cte_insert_child(src, dest, &c);
    return err(LX_NO_ERROR, 0);
}

struct inv_result decode_cnode_invocation(struct tcb *caller, const struct cap *cnode,
                                          const struct inv_args *a)
{
    switch (a->label) {
    case LX_CNODE_DELETE:
    case LX_CNODE_REVOKE: {
        if (a->mr[0] >= 1ul << cnode->size_bits)
            return err(LX_RANGE_ERROR, 0);
        struct cte *s = &cnode_slots(cnode)[a->mr[0]];
        if (a->label == LX_CNODE_REVOKE) {
            if (!cte_revoke(s))
                return err(INV_PREEMPTED, 0);
        } else if (!cap_is_null(&s->cap))
            cte_delete(s);
        return err(LX_NO_ERROR, 0);
    }
    case LX_CNODE_COPY:
    case LX_CNODE_MINT:
    case LX_CNODE_MOVE:
    case LX_CNODE_MUTATE:
        return cnode_transfer(caller, cnode, a);
    default:
        return err(LX_ILLEGAL_OPERATION, 0);
    }
}
