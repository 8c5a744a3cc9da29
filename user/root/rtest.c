/*
 * The root task's self-test helpers (rtest.h).
 */
#include "rtest.h"

#include "lx/print.h"
#include "lx/syscall.h"

#define STACK_WORDS 1024

static uint64_t stacks[RTEST_THREADS][STACK_WORDS] __attribute__((aligned(16)));

void rtest_check(struct rtest *c, int ok, const char *name)
{
    lx_puts("selftest ");
    lx_puts(name);
    lx_puts(ok ? ": ok\n" : ": FAIL\n");
    c->failed += !ok;
}

uint64_t rtest_slot(struct rtest *c)
{
    return c->next++;
}

uint64_t rtest_make(struct rtest *c, uint64_t type)
{
    uint64_t s = rtest_slot(c);
    return lx_untyped_retype(c->ut, type, 0, s, 1) == LX_NO_ERROR ? s : 0;
}

uint64_t rtest_derive(struct rtest *c, uint64_t src, uint64_t rights, uint64_t badge)
{
    uint64_t s = rtest_slot(c);
    long e = badge ? lx_cnode_mint(CN, s, src, rights, badge) : lx_cnode_copy(CN, s, src, rights);
    return e == LX_NO_ERROR ? s : 0;
}

void rtest_let_others_run(void)
{
    /* At priority 0 every other runnable thread goes first. */
    lx_tcb_set_priority(SELF, 0);
    lx_tcb_set_priority(SELF, LX_MAX_PRIO);
}

uint64_t rtest_new_vspace(struct rtest *c)
{
    uint64_t vs = rtest_make(c, LX_OBJ_VSPACE), d;
    uint64_t pt1 = rtest_make(c, LX_OBJ_PAGE_TABLE), pt0 = rtest_make(c, LX_OBJ_PAGE_TABLE);

    if (!vs || !pt1 || !pt0 || lx_page_table_map(pt1, vs, 0, &d) != 0 ||
        lx_page_table_map(pt0, vs, 0, &d) != 0)
        return 0;
    return vs;
}

void rtest_copy_code(uint64_t va, const char *start, const char *end)
{
    const uint32_t *from = (const uint32_t *)(const void *)start;
    volatile uint32_t *to = (volatile uint32_t *)(uintptr_t)va;

    for (long i = 0; i < (end - start) / 4; i++)
        to[i] = from[i];
}

uint64_t rtest_load_code(struct rtest *c, uint64_t vspace, uint64_t va, uint64_t scratch_va,
                         const char *start, const char *end)
{
    uint64_t f = rtest_make(c, LX_OBJ_FRAME), d;

    if (!f || lx_frame_map(f, LX_SLOT_VSPACE, scratch_va, LX_VM_READ | LX_VM_WRITE, &d) != 0)
        return 0;
    rtest_copy_code(scratch_va, start, end);
    if (lx_frame_unmap(f) != 0 || lx_frame_map(f, vspace, va, LX_VM_READ | LX_VM_EXEC, &d) != 0)
        return 0;
    return f;
}

uint64_t rtest_buffer_vaddr(int idx)
{
    return LX_ROOT_IPC_BUFFER_VADDR + (uint64_t)(idx + 1) * LX_IPC_BUFFER_ALIGN;
}

static _Noreturn void thread_exit(void)
{
    lx_debug_halt(0);
}

uint64_t rtest_spawn(struct rtest *c, int idx, void (*fn)(uint64_t), uint64_t arg, uint64_t prio,
                     uint64_t mcp)
{
    uint64_t tcb = rtest_slot(c), regs[LX_REG_A0 + 1] = { 0 };

    if (lx_untyped_retype(c->ut, LX_OBJ_TCB, 0, tcb, 1) != LX_NO_ERROR)
        return 0;
    if (lx_tcb_configure(tcb, 0, CN, LX_SLOT_VSPACE, rtest_buffer_vaddr(idx), LX_SLOT_IPC_BUFFER,
                         prio, mcp, 0) != LX_NO_ERROR)
        return 0;
    regs[LX_REG_PC] = (uint64_t)(uintptr_t)fn;
    regs[LX_REG_RA] = (uint64_t)(uintptr_t)thread_exit;
    regs[LX_REG_SP] = (uint64_t)(uintptr_t)&stacks[idx][STACK_WORDS];
    regs[LX_REG_GP] = c->gp;
    regs[LX_REG_TP] = rtest_buffer_vaddr(idx);
    regs[LX_REG_A0] = arg;
    if (lx_tcb_write_registers(tcb, 0, LX_REG_A0 + 1, regs) != LX_NO_ERROR)
        return 0;
    return tcb;
}
