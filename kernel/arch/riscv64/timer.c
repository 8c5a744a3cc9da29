/*
 * Periodic tick on the SBI timer. Each tick re-arms the next one relative
 * to the previous deadline, not to "now", so the period does not drift
 * with interrupt latency.
 */
#include "arch/timer.h"

#include "arch/machine.h"
#include "arch/sbi.h"

struct tick_state {
    uint64_t interval;          /* time units per tick */
    uint64_t next;              /* deadline of the next tick */
    uint64_t count;
};

static struct tick_state tick;

uint64_t arch_read_time(void)
{
    uint64_t t;

    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

void timer_init(uint32_t timebase_hz, uint32_t tick_hz)
{
    tick.interval = timebase_hz / tick_hz;
    tick.next = arch_read_time() + tick.interval;
    tick.count = 0;
    sbi_set_timer(tick.next);
    __asm__ volatile("csrs sie, %0" : : "r"(SIE_STIE));
    /* User mode may read cycle, time and instret (rdinstret benchmarks). */
    __asm__ volatile("csrw scounteren, %0" : : "r"(7));
}

void timer_tick(void)
{
    tick.count++;
    tick.next += tick.interval;
    sbi_set_timer(tick.next);
}

uint64_t timer_ticks(void)
{
    return tick.count;
}
