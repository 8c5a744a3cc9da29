/*
 * The root task's self-test helpers (rtest.h).
 */
#include "rtest.h"

#include "lx/print.h"
#include "lx/syscall.h"

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
