/*
 * Root-task self-test of the capability system through real system
 * calls: Untyped_Retype and the CNode operations, their error codes, the
 * derivation tree (revoke removes exactly the derived capabilities) and
 * the untyped watermark (memory comes back only after revoke).
 */
#include "cap_tests.h"

#include "lx/abi.h"
#include "lx/print.h"
#include "lx/syscall.h"

#define CN LX_SLOT_CNODE

struct ctx {
    const struct lx_bootinfo *bi;
    uint64_t ut;        /* a big untyped to carve from */
    uint64_t free;      /* first free slot */
    int failed;
};

static void check(struct ctx *c, int ok, const char *name)
{
    lx_puts("selftest ");
    lx_puts(name);
    lx_puts(ok ? ": ok\n" : ": FAIL\n");
    c->failed += !ok;
}

/* A slot holds a (copyable: not untyped) capability iff copying it
 * somewhere succeeds. */
static int slot_full(struct ctx *c, uint64_t slot)
{
    uint64_t probe = c->bi->empty_end - 1;
    long e = lx_cnode_copy(CN, probe, slot, LX_RIGHTS_ALL);

    if (e == LX_NO_ERROR)
        lx_cnode_delete(CN, probe);
    return e == LX_NO_ERROR;
}

static void test_retype_errors(struct ctx *c)
{
    uint64_t s = c->free, d;

    check(c, lx_untyped_retype(c->ut, 99, 0, s, 1) == LX_INVALID_ARGUMENT, "retype_bad_type");
    check(c, lx_untyped_retype(c->ut, LX_OBJ_ENDPOINT, 0, s, 0) == LX_RANGE_ERROR,
          "retype_zero_count");
    check(c, lx_untyped_retype(c->ut, LX_OBJ_ENDPOINT, 0, c->bi->empty_end, 1) == LX_RANGE_ERROR,
          "retype_dest_out_of_range");
    check(c, lx_untyped_retype(c->ut, LX_OBJ_UNTYPED, 3, s, 1) == LX_RANGE_ERROR,
          "retype_untyped_too_small");
    check(c, lx_untyped_retype(LX_SLOT_TCB, LX_OBJ_ENDPOINT, 0, s, 1) == LX_ILLEGAL_OPERATION,
          "retype_on_non_untyped");
    check(c, lx_call(c->bi->empty_end - 2, LX_UNTYPED_RETYPE, LX_OBJ_ENDPOINT, 0, s, 1, &d) ==
                 LX_FAILED_LOOKUP, "invoke_empty_slot");
    check(c, lx_call(1u << 20, LX_CNODE_COPY, 0, 0, 0, 0, &d) == LX_FAILED_LOOKUP,
          "invoke_out_of_range_cptr");
    check(c, lx_untyped_retype(c->ut, LX_OBJ_ENDPOINT, 0, LX_SLOT_TCB, 1) == LX_DELETE_FIRST,
          "retype_into_occupied_slot");
}

static void test_cnode_ops(struct ctx *c)
{
    uint64_t ep = c->free, copy = ep + 1, badged = ep + 2, moved = ep + 3, d;

    check(c, lx_untyped_retype(c->ut, LX_OBJ_ENDPOINT, 0, ep, 1) == LX_NO_ERROR && slot_full(c, ep),
          "retype_endpoint");
    check(c, lx_cnode_copy(CN, copy, ep, LX_RIGHT_READ) == LX_NO_ERROR && slot_full(c, copy),
          "cnode_copy");
    check(c, lx_cnode_copy(CN, copy, ep, LX_RIGHTS_ALL) == LX_DELETE_FIRST, "cnode_copy_occupied");
    check(c, lx_cnode_copy(CN, moved, moved + 1, LX_RIGHTS_ALL) == LX_FAILED_LOOKUP,
          "cnode_copy_empty_source");
    check(c, lx_cnode_copy(CN, moved, ep, 0x100) == LX_INVALID_ARGUMENT, "cnode_copy_bad_rights");
    check(c, lx_cnode_mint(CN, badged, ep, LX_RIGHTS_ALL, 0x55) == LX_NO_ERROR, "cnode_mint_badge");
    check(c, lx_cnode_mint(CN, moved, badged, LX_RIGHTS_ALL, 0x66) == LX_INVALID_ARGUMENT,
          "cnode_mint_rebadge_refused");
    check(c, lx_cnode_mint(CN, moved, LX_SLOT_TCB, LX_RIGHTS_ALL, 1) == LX_ILLEGAL_OPERATION,
          "cnode_mint_non_badgeable");
    check(c, lx_cnode_copy(CN, moved, c->ut, LX_RIGHTS_ALL) == LX_ILLEGAL_OPERATION,
          "cnode_copy_untyped_refused");
    /* (SysCall on an endpoint is IPC, so the object here is the VSpace.) */
    check(c, lx_call(LX_SLOT_VSPACE, LX_CNODE_COPY, 0, 0, 0, 0, &d) == LX_ILLEGAL_OPERATION,
          "page_table_has_no_cnode_methods");
    check(c, lx_cnode_move(CN, moved, copy) == LX_NO_ERROR && !slot_full(c, copy) &&
                 slot_full(c, moved), "cnode_move");
    /* Deleting the original lifts its children: they survive. */
    check(c, lx_cnode_delete(CN, ep) == LX_NO_ERROR && !slot_full(c, ep) && slot_full(c, moved) &&
                 slot_full(c, badged), "cnode_delete_keeps_children");
    /* Revoking the untyped removes every capability derived from it. */
    check(c, lx_cnode_revoke(CN, c->ut) == LX_NO_ERROR && !slot_full(c, moved) &&
                 !slot_full(c, badged), "revoke_untyped_removes_derived");
    /* The untyped itself stays, and can be used again. */
    check(c, lx_untyped_retype(c->ut, LX_OBJ_ENDPOINT, 0, ep, 1) == LX_NO_ERROR &&
                 lx_cnode_revoke(CN, c->ut) == LX_NO_ERROR && !slot_full(c, ep),
          "revoke_keeps_untyped");
}

/* The watermark: a 4 KiB child untyped holds one frame; the second retype
 * fails until the frame's capability is revoked away. */
static void test_watermark(struct ctx *c)
{
    uint64_t small = c->free, f1 = small + 1, f2 = small + 2, d;

    check(c, lx_untyped_retype(c->ut, LX_OBJ_UNTYPED, 12, small, 1) == LX_NO_ERROR,
          "retype_child_untyped");
    check(c, lx_untyped_retype(small, LX_OBJ_FRAME, 0, f1, 1) == LX_NO_ERROR, "retype_frame");
    check(c, lx_call(small, LX_UNTYPED_RETYPE, LX_OBJ_FRAME, 0, f2, 1, &d) ==
                 LX_NOT_ENOUGH_MEMORY && d == 0, "untyped_exhausted");
    check(c, lx_untyped_retype(small, LX_OBJ_ENDPOINT, 0, f2, 1) == LX_NOT_ENOUGH_MEMORY,
          "untyped_exhausted_any_type");
    check(c, lx_cnode_revoke(CN, small) == LX_NO_ERROR && !slot_full(c, f1), "revoke_child_untyped");
    check(c, lx_untyped_retype(small, LX_OBJ_FRAME, 0, f2, 1) == LX_NO_ERROR,
          "untyped_reused_after_revoke");
    check(c, lx_cnode_revoke(CN, c->ut) == LX_NO_ERROR && !slot_full(c, small) &&
                 !slot_full(c, f2), "revoke_parent_removes_grandchildren");
}

int cap_tests(const struct lx_bootinfo *bi)
{
    struct ctx c = { bi, 0, bi->empty_first, 0 };

    /* The largest untyped the kernel gave us. */
    uint64_t best = 0;
    for (uint64_t i = 0; i < bi->n_untyped; i++) {
        if (bi->untyped[i].size_bits > bi->untyped[best].size_bits)
            best = i;
    }
    c.ut = bi->untyped_first + best;
    check(&c, bi->n_untyped > 0 && bi->empty_first < bi->empty_end &&
                  bi->untyped[best].size_bits >= 20, "bootinfo_untyped");
    check(&c, slot_full(&c, LX_SLOT_TCB) && slot_full(&c, LX_SLOT_CNODE) &&
                  slot_full(&c, LX_SLOT_VSPACE) && !slot_full(&c, LX_SLOT_NULL),
          "initial_caps");
    test_retype_errors(&c);
    test_cnode_ops(&c);
    test_watermark(&c);
    return c.failed;
}
