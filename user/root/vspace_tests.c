/*
 * Root-task self-test of address spaces and faults through real system
 * calls: VSpace, PageTable and Frame objects; Frame_Map/Unmap/GetAddress
 * and PageTable_Map/Unmap with every error; W^X within a mapping and
 * across two mappings of one frame; 2 MiB frames; what deleting a mapped
 * capability undoes. Then a thread in an address space of its own, made
 * here from nothing but capabilities: it cannot see the root's memory
 * (its load faults), the fault arrives here as IPC naming the pc and the
 * address, and the replies restart it, move it on, or stop it.
 */
#include "vspace_tests.h"

#include "lx/abi.h"
#include "lx/syscall.h"
#include "rtest.h"

#define VS LX_SLOT_VSPACE
#define RW (LX_VM_READ | LX_VM_WRITE)
#define RX (LX_VM_READ | LX_VM_EXEC)
/* Free pages of the root's own address space, beside its IPC buffer:
 * the page tables down to them exist since boot. */
#define ROOT_VA(i) (0x7ff00000ul + (uint64_t)(i) * 0x1000)
/* Where the root has no page tables: a gigabyte of its own (its image,
 * stack and boot pages are all in the first two). */
#define ROOT_GIGA 0x1000000000ul
/* The child's layout. */
#define CHILD_CODE 0x10000ul
#define CHILD_DATA 0x11000ul
#define CHILD_PROBE 0x400000ul      /* the root's text; nothing in the child */
#define CHILD_PROBE2 0x500000ul
#define MAGIC 0x600dc0de5eedull

/*
 * The child's program, position independent. a0 = its data page, a1 = a
 * value, a2 = an address to read. It stores a1, reads a2 (the fault),
 * stores what it read, meets an illegal instruction (a second fault),
 * stores a1 again and stops itself.
 */
__asm__(".section .text.child, \"ax\"\n"
        ".balign 4\n"
        ".option push\n"
        ".option norvc\n"          /* fixed 4-byte instructions: known offsets */
        ".globl child_code_start\n"
        "child_code_start:\n"
        "  sd a1, 0(a0)\n"
        "  ld t0, 0(a2)\n"          /* +4: the load that faults */
        "  sd t0, 8(a0)\n"
        "  .word 0\n"               /* +12: illegal instruction */
        "  sd a1, 16(a0)\n"
        "  li a0, 0\n"
        "  li a7, 9\n"              /* LX_SYS_DEBUG_HALT */
        "  ecall\n"
        "1: j 1b\n"
        ".globl child_code_end\n"
        "child_code_end:\n"
        ".option pop\n"
        ".text\n");
extern const char child_code_start[], child_code_end[];
#define CHILD_LOAD_PC (CHILD_CODE + 4)
#define CHILD_ILLEGAL_PC (CHILD_CODE + 12)

static volatile uint64_t *at(uint64_t va)
{
    return (volatile uint64_t *)(uintptr_t)va;
}

static void test_frame_errors(struct rtest *c)
{
    uint64_t f = rtest_make(c, LX_OBJ_FRAME), ep = rtest_make(c, LX_OBJ_ENDPOINT), d = 0;
    uint64_t ro = rtest_derive(c, f, LX_RIGHT_READ, 0), empty = c->bi->empty_end - 2;

    rtest_check(c, f && ep && ro, "frame_retype");
    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(0), RW | LX_VM_EXEC, &d) == LX_WX_VIOLATION && d == 2,
                "frame_map_wx_refused");
    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(0), LX_VM_WRITE, &d) == LX_INVALID_ARGUMENT && d == 2,
                "frame_map_write_only_refused");
    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(0), 0, &d) == LX_INVALID_ARGUMENT &&
                    lx_frame_map(f, VS, ROOT_VA(0), 8 | LX_VM_READ, &d) == LX_INVALID_ARGUMENT,
                "frame_map_bad_rights");
    rtest_check(c, lx_frame_map(ro, VS, ROOT_VA(0), RW, &d) == LX_INVALID_CAPABILITY && d == 2,
                "frame_map_write_needs_write_right");
    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(0) + 8, RW, &d) == LX_ALIGNMENT_ERROR && d == 1,
                "frame_map_misaligned");
    rtest_check(c, lx_frame_map(f, VS, LX_USER_TOP, RW, &d) == LX_INVALID_ARGUMENT && d == 1,
                "frame_map_kernel_half_refused");
    rtest_check(c, lx_frame_map(f, ep, ROOT_VA(0), RW, &d) == LX_INVALID_CAPABILITY && d == 0,
                "frame_map_not_vspace");
    rtest_check(c, lx_frame_map(f, empty, ROOT_VA(0), RW, &d) == LX_FAILED_LOOKUP && d == 0,
                "frame_map_vspace_empty");
    rtest_check(c, lx_frame_map(f, VS, ROOT_GIGA, RW, &d) == LX_FAILED_LOOKUP && d == 1,
                "frame_map_no_page_table");
    rtest_check(c, lx_frame_map(f, VS, LX_ROOT_IPC_BUFFER_VADDR, RW, &d) == LX_DELETE_FIRST &&
                    d == 1, "frame_map_occupied");
    rtest_check(c, lx_call(f, LX_TCB_RESUME, 0, 0, 0, 0, 0) == LX_ILLEGAL_OPERATION,
                "frame_wrong_label");
    struct lx_msg m = { LX_MSGINFO(LX_FRAME_MAP, 2), { VS, ROOT_VA(0), 0, 0 }, 0 };
    rtest_check(c, lx_ipc(LX_SYS_CALL, f, &m) == LX_TRUNCATED_MESSAGE, "frame_map_truncated");
}

static void test_frame_mapping(struct rtest *c)
{
    uint64_t f = rtest_make(c, LX_OBJ_FRAME), g = rtest_make(c, LX_OBJ_FRAME);
    uint64_t f2 = rtest_derive(c, f, LX_RIGHTS_ALL, 0), pa = 0, pa2 = 0, d = 0;

    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(0), RW, &d) == LX_NO_ERROR, "frame_map_rw");
    *at(ROOT_VA(0)) = MAGIC;
    rtest_check(c, lx_frame_map(f2, VS, ROOT_VA(1), LX_VM_READ, &d) == LX_NO_ERROR &&
                    *at(ROOT_VA(1)) == MAGIC, "frame_two_mappings_one_memory");
    rtest_check(c, lx_frame_get_address(f, &pa) == 0 && lx_frame_get_address(f2, &pa2) == 0 &&
                    pa == pa2 && pa != 0 && (pa & 0xfff) == 0, "frame_get_address");
    /* A mapped cap maps again only where it is: that is a change of rights. */
    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(2), RW, &d) == LX_ILLEGAL_OPERATION,
                "frame_map_elsewhere_needs_unmap");
    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(0), LX_VM_READ, &d) == LX_NO_ERROR &&
                    *at(ROOT_VA(0)) == MAGIC, "frame_remap_rights");
    rtest_check(c, lx_frame_map(f, VS, ROOT_VA(0), RW, &d) == LX_NO_ERROR, "frame_remap_back_rw");
    /* W^X across mappings: the copy may not be executable while f is
     * writable, and the other way round. */
    rtest_check(c, lx_frame_unmap(f2) == 0 && lx_frame_map(f2, VS, ROOT_VA(1), RX, &d) ==
                    LX_WX_VIOLATION && d == 2, "frame_alias_exec_while_writable_refused");
    rtest_check(c, lx_frame_unmap(f) == 0 && lx_frame_map(f2, VS, ROOT_VA(1), RX, &d) == 0 &&
                    lx_frame_map(f, VS, ROOT_VA(0), RW, &d) == LX_WX_VIOLATION,
                "frame_alias_write_while_executable_refused");
    lx_frame_unmap(f2);
    /* Unmapped, the address is free for another frame. */
    rtest_check(c, lx_frame_map(g, VS, ROOT_VA(0), RW, &d) == 0 && (*at(ROOT_VA(0)) = 7) == 7 &&
                    lx_frame_map(f, VS, ROOT_VA(2), LX_VM_READ, &d) == 0 &&
                    *at(ROOT_VA(2)) == MAGIC, "frame_unmap_frees_address");
    /* Deleting a mapped capability unmaps it. */
    rtest_check(c, lx_cnode_delete(CN, g) == 0 &&
                    lx_frame_map(f, VS, ROOT_VA(0), LX_VM_READ, &d) == LX_ILLEGAL_OPERATION &&
                    lx_frame_unmap(f) == 0 && lx_frame_map(f, VS, ROOT_VA(0), LX_VM_READ, &d) == 0,
                "frame_delete_unmaps");
    lx_frame_unmap(f);
}

static void test_page_tables(struct rtest *c)
{
    uint64_t pt = rtest_make(c, LX_OBJ_PAGE_TABLE), pt2 = rtest_make(c, LX_OBJ_PAGE_TABLE);
    uint64_t mega = rtest_make(c, LX_OBJ_MEGA_FRAME), d = 0, copy, s;

    rtest_check(c, pt && pt2 && mega, "page_table_and_mega_frame_retype");
    rtest_check(c, lx_cnode_copy(CN, rtest_slot(c), pt, LX_RIGHTS_ALL) == LX_ILLEGAL_OPERATION,
                "page_table_copy_unmapped_refused");
    rtest_check(c, lx_page_table_map(pt, VS, LX_USER_TOP, &d) == LX_INVALID_ARGUMENT && d == 1,
                "page_table_map_kernel_half_refused");
    rtest_check(c, lx_page_table_map(pt, CN, ROOT_GIGA, &d) == LX_INVALID_CAPABILITY && d == 0,
                "page_table_map_not_vspace");
    rtest_check(c, lx_page_table_map(pt, VS, ROOT_GIGA, &d) == LX_NO_ERROR, "page_table_map");
    rtest_check(c, lx_page_table_map(pt, VS, ROOT_GIGA, &d) == LX_ILLEGAL_OPERATION,
                "page_table_map_twice_refused");
    /* pt now covers the gigabyte: a 2 MiB frame maps straight into it. */
    rtest_check(c, lx_frame_map(mega, VS, ROOT_GIGA + 0x201000, RW, &d) == LX_ALIGNMENT_ERROR,
                "mega_frame_misaligned");
    rtest_check(c, lx_frame_map(mega, VS, ROOT_GIGA + 0x200000, RW, &d) == LX_NO_ERROR,
                "mega_frame_map");
    *at(ROOT_GIGA + 0x200000) = 1;
    *at(ROOT_GIGA + 0x3ff000) = 2;
    rtest_check(c, *at(ROOT_GIGA + 0x200000) == 1 && *at(ROOT_GIGA + 0x3ff000) == 2,
                "mega_frame_whole_2mib");
    /* The next table goes one level down; then a small frame fits. */
    s = rtest_make(c, LX_OBJ_FRAME);
    rtest_check(c, lx_page_table_map(pt2, VS, ROOT_GIGA, &d) == 0 &&
                    lx_frame_map(s, VS, ROOT_GIGA, RW, &d) == 0 && (*at(ROOT_GIGA) = 3) == 3,
                "page_table_second_level");
    uint64_t pt3 = rtest_make(c, LX_OBJ_PAGE_TABLE);
    rtest_check(c, lx_page_table_map(pt3, VS, ROOT_GIGA, &d) == LX_DELETE_FIRST && d == 1,
                "page_table_map_occupied");
    rtest_check(c, lx_page_table_map(pt3, VS, ROOT_GIGA + 0x200000, &d) == LX_DELETE_FIRST,
                "page_table_map_over_mega_frame");
    copy = rtest_derive(c, pt, LX_RIGHTS_ALL, 0);
    rtest_check(c, copy != 0, "page_table_copy_mapped");
    rtest_check(c, lx_page_table_unmap(pt) == LX_REVOKE_FIRST, "page_table_unmap_needs_last_cap");
    rtest_check(c, lx_cnode_delete(CN, copy) == 0 && lx_page_table_unmap(pt) == 0,
                "page_table_unmap");
    /* With the gigabyte's table gone, nothing below it is reachable. */
    rtest_check(c, lx_frame_unmap(mega) == 0 &&
                    lx_frame_map(mega, VS, ROOT_GIGA + 0x200000, RW, &d) == LX_FAILED_LOOKUP,
                "page_table_unmap_takes_mappings");
    rtest_check(c, lx_page_table_map(pt, VS, ROOT_GIGA, &d) == 0 &&
                    lx_frame_map(mega, VS, ROOT_GIGA + 0x200000, LX_VM_READ, &d) == 0 &&
                    *at(ROOT_GIGA + 0x200000) == 1, "page_table_remap_starts_empty");
    lx_cnode_delete(CN, mega);
    lx_cnode_delete(CN, s);
    lx_cnode_delete(CN, pt2);
    lx_cnode_delete(CN, pt);
}

/* ---- a thread in an address space of its own ------------------------------ */

struct child {
    uint64_t vs, tcb, ep, ep_badged;
    uint64_t data;          /* the child's data frame, also mapped here */
};

/* VSpace, two page tables, code (written here, then executable only
 * there), data shared with us at ROOT_VA(5), a TCB faulting to ep. */
static int make_child(struct rtest *c, struct child *ch)
{
    uint64_t code = rtest_make(c, LX_OBJ_FRAME), code2, data2, d;

    ch->vs = rtest_new_vspace(c);
    ch->tcb = rtest_make(c, LX_OBJ_TCB);
    ch->ep = rtest_make(c, LX_OBJ_ENDPOINT);
    ch->data = rtest_make(c, LX_OBJ_FRAME);
    ch->ep_badged = rtest_derive(c, ch->ep, LX_RIGHTS_ALL, 0x42);
    code2 = rtest_derive(c, code, LX_RIGHTS_ALL, 0);
    data2 = rtest_derive(c, ch->data, LX_RIGHTS_ALL, 0);
    if (!ch->vs || !ch->tcb || !ch->ep || !ch->data || !ch->ep_badged || !code2 || !data2)
        return 0;
    if (lx_frame_map(code, VS, ROOT_VA(4), RW, &d) != 0)
        return 0;
    rtest_copy_code(ROOT_VA(4), child_code_start, child_code_end);
    /* Executable there only once it is no longer writable here. */
    rtest_check(c, lx_frame_map(code2, ch->vs, CHILD_CODE, RX, &d) == LX_WX_VIOLATION,
                "child_code_still_writable_refused");
    if (lx_frame_unmap(code) != 0 || lx_frame_map(code2, ch->vs, CHILD_CODE, RX, &d) != 0)
        return 0;
    if (lx_frame_map(ch->data, ch->vs, CHILD_DATA, RW, &d) != 0 ||
        lx_frame_map(data2, VS, ROOT_VA(5), RW, &d) != 0)
        return 0;
    /* The child shares our CSpace (it finds its fault endpoint there) but
     * not our memory; no IPC buffer, priority below ours. */
    return lx_tcb_configure(ch->tcb, ch->ep_badged, CN, ch->vs, 0, 0, 100, 100, &d) == 0;
}

static int start_child(struct child *ch, uint64_t probe)
{
    uint64_t regs[LX_REG_A0 + 3] = { 0 };

    regs[LX_REG_PC] = CHILD_CODE;
    regs[LX_REG_A0] = CHILD_DATA;
    regs[LX_REG_A0 + 1] = MAGIC;
    regs[LX_REG_A0 + 2] = probe;
    return lx_tcb_write_registers(ch->tcb, LX_WRITE_REGS_RESUME, LX_REG_A0 + 3, regs) == 0;
}

static int fault_is(const struct lx_msg *m, uint64_t label, uint64_t pc, uint64_t cause)
{
    return LX_MSGINFO_LABEL(m->info) == label && LX_MSGINFO_LENGTH(m->info) == LX_FAULT_LENGTH &&
           m->mr[0] == pc && m->mr[2] == cause && m->badge == 0x42;
}

static void test_child(struct rtest *c)
{
    struct child ch;
    struct lx_msg m = { 0 };
    uint64_t d, probe_pt = rtest_make(c, LX_OBJ_PAGE_TABLE), probe = rtest_make(c, LX_OBJ_FRAME);
    uint64_t probe2 = rtest_derive(c, probe, LX_RIGHTS_ALL, 0);
    volatile uint64_t *shared = at(ROOT_VA(5));

    rtest_check(c, make_child(c, &ch) && probe_pt && probe2, "child_address_space_built");
    rtest_check(c, start_child(&ch, CHILD_PROBE), "child_started");
    /* It runs (we wait below it), writes its own data page, and faults
     * on the root's text, which is not in its address space. */
    rtest_check(c, lx_recv(ch.ep, &m) == 0 && fault_is(&m, LX_FAULT_VM, CHILD_LOAD_PC, 13) &&
                    m.mr[1] == CHILD_PROBE, "fault_delivered_as_ipc");
    rtest_check(c, shared[0] == MAGIC, "child_runs_in_own_address_space");
    rtest_check(c, shared[1] == 0, "child_cannot_read_root_memory");
    rtest_check(c, m.mr[3] == ((const uint32_t *)(const void *)child_code_start)[1],
                "fault_names_instruction");
    /* Fix it: map a page there and restart the load. */
    rtest_check(c, lx_frame_map(probe2, VS, ROOT_VA(6), RW, &d) == 0, "fault_fix_page_written");
    *at(ROOT_VA(6)) = 0x77;
    lx_frame_unmap(probe2);
    rtest_check(c, lx_page_table_map(probe_pt, ch.vs, CHILD_PROBE, &d) == 0 &&
                    lx_frame_map(probe, ch.vs, CHILD_PROBE, LX_VM_READ, &d) == 0,
                "fault_fix_mapped");
    m = (struct lx_msg){ LX_MSGINFO(LX_FAULT_RESTART, 0), { 0 }, 0 };
    rtest_check(c, lx_reply_recv(ch.ep, &m) == 0 &&
                    fault_is(&m, LX_FAULT_USER_EXCEPTION, CHILD_ILLEGAL_PC, 2),
                "fault_restart_then_illegal_instruction");
    rtest_check(c, shared[1] == 0x77, "fault_restart_reran_load");
    /* Step over the bad instruction: the child stores again and stops. */
    m = (struct lx_msg){ LX_MSGINFO(LX_FAULT_RESUME_AT, 1), { CHILD_ILLEGAL_PC + 4 }, 0 };
    lx_reply(&m);
    rtest_let_others_run();
    rtest_check(c, shared[2] == MAGIC, "fault_resume_at");

    /* Again, on an address nobody maps; a reply of another label stops it
     * where it faulted, and its registers can be read and rewritten. */
    uint64_t regs[1] = { 0 };
    shared[0] = shared[1] = shared[2] = 0;
    rtest_check(c, start_child(&ch, CHILD_PROBE2) && lx_recv(ch.ep, &m) == 0 &&
                    fault_is(&m, LX_FAULT_VM, CHILD_LOAD_PC, 13) && m.mr[1] == CHILD_PROBE2,
                "fault_second_run");
    /* Suspended and resumed while its fault waits, it faults again. */
    m = (struct lx_msg){ 0 };
    lx_tcb_suspend(ch.tcb);
    lx_tcb_resume(ch.tcb);
    rtest_check(c, lx_recv(ch.ep, &m) == 0 && fault_is(&m, LX_FAULT_VM, CHILD_LOAD_PC, 13),
                "fault_again_after_suspend");
    m = (struct lx_msg){ LX_MSGINFO(2, 0), { 0 }, 0 };
    lx_reply(&m);
    rtest_let_others_run();
    rtest_check(c, shared[1] == 0 && shared[2] == 0 && lx_tcb_read_registers(ch.tcb, 1, regs) == 0 &&
                    regs[0] == CHILD_LOAD_PC && start_child(&ch, CHILD_PROBE) &&
                    lx_recv(ch.ep, &m) == 0 && fault_is(&m, LX_FAULT_USER_EXCEPTION,
                                                        CHILD_ILLEGAL_PC, 2),
                "fault_reply_other_label_stops");
    lx_tcb_suspend(ch.tcb);
}

int vspace_tests(const struct lx_bootinfo *bi, uint64_t ut)
{
    struct rtest c = { bi, ut, bi->empty_first + 8, 0, 0 };

    test_frame_errors(&c);
    test_frame_mapping(&c);
    test_page_tables(&c);
    test_child(&c);
    /* Frames, tables, VSpaces and the thread all go back to the untyped. */
    rtest_check(&c, lx_cnode_revoke(CN, ut) == 0, "revoke_address_spaces");
    return c.failed;
}
