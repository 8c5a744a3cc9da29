/*
 * The scheduler: 256 priorities, one ready queue each, and a two-level
 * bitmap of the non-empty queues for an O(1) highest-priority lookup.
 * Round robin within a priority: a thread runs for TIME_SLICE timer ticks,
 * then goes to the tail of its queue. The running thread is not in a ready
 * queue (as in seL4); every kernel entry ends in sched_exit(), which
 * decides who runs next: the current thread, a higher-priority one, the
 * next at the same priority, or the idle loop.
 */
#ifndef LX_SCHED_H
#define LX_SCHED_H

#include "thread.h"

#define SCHED_PRIOS 256
#define TIME_SLICE 5    /* ticks of 10 ms */

/* t became runnable: to the tail of its priority's queue. */
void sched_enqueue(struct tcb *t);
/* Out of its ready queue, if in one. */
void sched_dequeue(struct tcb *t);
/* Priority change that keeps the ready queues consistent. */
void sched_set_priority(struct tcb *t, uint8_t prio);
/* The current thread gives up the rest of its time slice. */
void sched_yield(void);
/* A timer tick while the current thread ran. */
void sched_tick(void);
/* The highest ready priority, or -1 when no thread is ready. */
int sched_highest_ready(void);

/* Leave the kernel into the thread that should run now, or idle. */
_Noreturn void sched_exit(void);

#endif
