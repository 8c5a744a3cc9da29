/*
 * Root-task self-test of CNode objects: Retype with a radix, Copy, Move
 * and Mutate between CNodes and their errors, a thread whose CSpace is a
 * CNode of its own (its capability addresses mean that CNode's slots and
 * nothing else), and what deleting the last capability to a CNode does:
 * every capability in it goes, through a chain of 200 nested CNodes too
 * (finalisation is iterative; a recursive one would overflow the kernel
 * stack).
 */
#include "cnode_tests.h"

#include "lx/abi.h"
#include "lx/syscall.h"
#include "rtest.h"

#define PROGRAM_VA 0x10000ul
#define SCRATCH_VA 0x7ff02000ul     /* free beside the root's IPC buffer */
#define CHAIN 200

/*
 * A thread whose CSpace is its own CNode: it sends on cptr 1 (empty
 * there; the root's TCB in the root's CNode) and reports what that
 * returned by a Call on the endpoint in its slot 3.
 */
__asm__(".section .text.cspace_probe, \"ax\"\n"
        ".balign 4\n"
        ".option push\n"
        ".option norvc\n"
        ".globl cspace_probe_start\n"
        "cspace_probe_start:\n"
        "  li a0, 1\n"
        "  li a1, 0\n"
        "  li a7, 2\n"              /* LX_SYS_SEND on cptr 1 */
        "  ecall\n"
        "  mv a2, a0\n"             /* MR0 = its error */
        "  li a0, 3\n"
        "  li a1, 1\n"              /* label 0, one MR */
        "  li a7, 0\n"              /* LX_SYS_CALL on cptr 3 */
        "  ecall\n"
        "1: j 1b\n"
        ".globl cspace_probe_end\n"
        "cspace_probe_end:\n"
        ".option pop\n"
        ".text\n");
extern const char cspace_probe_start[], cspace_probe_end[];

static uint64_t make_cnode(struct rtest *c, uint64_t ut, uint64_t radix)
{
    uint64_t s = rtest_slot(c);
    return lx_untyped_retype(ut, LX_OBJ_CNODE, radix, s, 1) == LX_NO_ERROR ? s : 0;
}

static uint64_t make_untyped(struct rtest *c, uint64_t bits)
{
    uint64_t s = rtest_slot(c);
    return lx_untyped_retype(c->ut, LX_OBJ_UNTYPED, bits, s, 1) == LX_NO_ERROR ? s : 0;
}

static void test_cnode_transfer(struct rtest *c)
{
    uint64_t x = make_cnode(c, c->ut, 4), ep = rtest_make(c, LX_OBJ_ENDPOINT), d = 0;
    uint64_t n = rtest_make(c, LX_OBJ_NOTIFICATION), back = rtest_slot(c), w = 0;

    rtest_check(c, lx_untyped_retype(c->ut, LX_OBJ_CNODE, 0, rtest_slot(c), 1) ==
                    LX_RANGE_ERROR && lx_untyped_retype(c->ut, LX_OBJ_CNODE, 13, rtest_slot(c),
                                                        1) == LX_RANGE_ERROR,
                "cnode_retype_radix_range");
    rtest_check(c, x != 0, "cnode_retype");
    rtest_check(c, lx_cnode_op_from(x, LX_CNODE_COPY, 3, ep, LX_RIGHTS_ALL, 0, CN, &d) == 0,
                "cnode_copy_between_cnodes");
    rtest_check(c, lx_cnode_op_from(CN, LX_CNODE_COPY, back, 3, LX_RIGHTS_ALL, 0, x, &d) == 0 &&
                    lx_cnode_delete(CN, back) == 0, "cnode_copy_back");
    rtest_check(c, lx_cnode_op_from(x, LX_CNODE_COPY, 4, ep, LX_RIGHTS_ALL, 0, ep, &d) ==
                    LX_INVALID_CAPABILITY && d == 4, "cnode_source_not_cnode");
    rtest_check(c, lx_cnode_op_from(x, LX_CNODE_COPY, 4, ep, LX_RIGHTS_ALL, 0,
                                    c->bi->empty_end - 1, &d) == LX_FAILED_LOOKUP && d == 4,
                "cnode_source_empty");
    rtest_check(c, lx_cnode_op_from(x, LX_CNODE_COPY, 16, ep, LX_RIGHTS_ALL, 0, CN, &d) ==
                    LX_RANGE_ERROR && d == 0, "cnode_dest_out_of_range");
    rtest_check(c, lx_cnode_op_from(x, LX_CNODE_COPY, 5, 16, LX_RIGHTS_ALL, 0, x, &d) ==
                    LX_RANGE_ERROR && d == 1, "cnode_src_out_of_range");
    /* Mutate: move, putting a badge on an unbadged capability. */
    rtest_check(c, lx_cnode_mutate(CN, back, n, 4) == 0 && lx_signal(back) == 0 &&
                    lx_poll(back, &w) == 0 && w == 4, "cnode_mutate_badges");
    rtest_check(c, lx_cnode_mutate(CN, n, back, 8) == LX_INVALID_ARGUMENT &&
                    lx_cnode_mutate(CN, n, back, 0) == 0, "cnode_mutate_rebadge_refused");
    rtest_check(c, lx_cnode_op_from(x, LX_CNODE_MOVE, 6, n, 0, 0, CN, &d) == 0 &&
                    lx_signal(n) == LX_FAILED_LOOKUP, "cnode_move_between_cnodes");
    rtest_check(c, lx_call(x, LX_UNTYPED_RETYPE, 0, 0, 0, 0, 0) == LX_ILLEGAL_OPERATION,
                "cnode_wrong_label");
}

/* A thread in its own address space with x as its whole CSpace. */
static void test_own_cspace(struct rtest *c)
{
    uint64_t x = make_cnode(c, c->ut, 3), ep = rtest_make(c, LX_OBJ_ENDPOINT);
    uint64_t vs = rtest_new_vspace(c), tcb = rtest_make(c, LX_OBJ_TCB), d = 0;
    uint64_t regs[1] = { PROGRAM_VA };
    struct lx_msg m = { 0 };

    int ok = x && ep && vs && tcb &&
             rtest_load_code(c, vs, PROGRAM_VA, SCRATCH_VA, cspace_probe_start,
                             cspace_probe_end) &&
             lx_cnode_op_from(x, LX_CNODE_COPY, 3, ep, LX_RIGHTS_ALL, 0, CN, &d) == 0 &&
             lx_tcb_configure(tcb, 0, x, vs, 0, 0, 100, 100, &d) == 0 &&
             lx_tcb_write_registers(tcb, LX_WRITE_REGS_RESUME, 1, regs) == 0;
    rtest_check(c, ok, "own_cspace_thread_started");
    rtest_check(c, ok && lx_recv(ep, &m) == 0 && m.mr[0] == LX_FAILED_LOOKUP,
                "own_cspace_isolated_from_root");
    lx_cnode_delete(CN, tcb);
}

/* The last capability to a CNode goes: so does everything in it. */
static void test_cnode_delete(struct rtest *c)
{
    uint64_t u = make_untyped(c, 12), x = make_cnode(c, c->ut, 2), f = rtest_slot(c), d = 0;

    rtest_check(c, u && x && lx_untyped_retype(u, LX_OBJ_FRAME, 0, f, 1) == 0 &&
                    lx_cnode_op_from(x, LX_CNODE_MOVE, 1, f, 0, 0, CN, &d) == 0 &&
                    lx_untyped_retype(u, LX_OBJ_FRAME, 0, f, 1) == LX_NOT_ENOUGH_MEMORY,
                "cnode_holds_last_frame_cap");
    rtest_check(c, lx_cnode_delete(CN, x) == 0 &&
                    lx_untyped_retype(u, LX_OBJ_FRAME, 0, f, 1) == LX_NO_ERROR,
                "cnode_delete_deletes_contents");

    /* CNode i + 1's only capability lives in CNode i's slot 0. */
    uint64_t chain_ut = make_untyped(c, 15), head = rtest_slot(c), tmp = rtest_slot(c), e = 0;
    rtest_slot(c);      /* head + 2: the chain alternates between the two after head */
    e |= lx_untyped_retype(chain_ut, LX_OBJ_CNODE, 1, head, 1);
    uint64_t prev = head;
    for (int i = 1; i < CHAIN && e == 0; i++) {
        e |= lx_untyped_retype(chain_ut, LX_OBJ_CNODE, 1, tmp, 1);
        e |= lx_cnode_op_from(prev, LX_CNODE_MOVE, 0, tmp, 0, 0, CN, &d);
        /* Reach the new one through a copy made from inside prev. */
        e |= lx_cnode_op_from(CN, LX_CNODE_COPY, tmp, 0, LX_RIGHTS_ALL, 0, prev, &d);
        if (prev != head)
            e |= lx_cnode_delete(CN, prev);
        prev = tmp;
        tmp = prev == head + 1 ? head + 2 : head + 1;
    }
    if (prev != head)
        lx_cnode_delete(CN, prev);
    rtest_check(c, e == 0, "cnode_chain_built");
    rtest_check(c, lx_cnode_delete(CN, head) == 0 &&
                    lx_untyped_retype(chain_ut, LX_OBJ_UNTYPED, 15, tmp, 1) == LX_NO_ERROR,
                "cnode_chain_deleted_iteratively");
}

int cnode_tests(const struct lx_bootinfo *bi, uint64_t ut)
{
    struct rtest c = { bi, ut, bi->empty_first + 8, 0, 0 };

    test_cnode_transfer(&c);
    test_own_cspace(&c);
    test_cnode_delete(&c);
    rtest_check(&c, lx_cnode_revoke(CN, ut) == 0, "revoke_cnodes");
    return c.failed;
}
