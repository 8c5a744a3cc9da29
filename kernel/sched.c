/*
 * Ready queues, the priority bitmap, time slices and the choice of the
 * next thread (see sched.h).
 */
#include "sched.h"

#include "arch/machine.h"
#include "kernel.h"

struct ready_queue {
    struct tcb *head, *tail;
};

struct scheduler {
    struct ready_queue queue[SCHED_PRIOS];
    uint64_t bitmap[SCHED_PRIOS / 64];  /* bit p % 64 of word p / 64: queue p non-empty */
    uint64_t top;                       /* bit w: bitmap[w] != 0 */
    bool resched;                       /* current thread yields its turn */
};

/* One hart, one scheduler; it exists before any object does. */
static struct scheduler sched;

struct tcb *current_thread;

/* Index of the highest set bit of x != 0, without a compiler runtime call
 * (rv64gc has no clz instruction; GCC would call __clzdi2). */
static unsigned high_bit(uint64_t x)
{
    unsigned n = 0;

    if (x >> 32) { n += 32; x >>= 32; }
    if (x >> 16) { n += 16; x >>= 16; }
    if (x >> 8) { n += 8; x >>= 8; }
    if (x >> 4) { n += 4; x >>= 4; }
    if (x >> 2) { n += 2; x >>= 2; }
    if (x >> 1) n += 1;
    return n;
}

int sched_highest_ready(void)
{
    if (sched.top == 0)
        return -1;
    unsigned w = high_bit(sched.top);
    return (int)(w * 64 + high_bit(sched.bitmap[w]));
}

static void mark(unsigned prio)
{
    sched.bitmap[prio / 64] |= 1ul << (prio % 64);
    sched.top |= 1ul << (prio / 64);
}

static void unmark(unsigned prio)
{
    sched.bitmap[prio / 64] &= ~(1ul << (prio % 64));
    if (sched.bitmap[prio / 64] == 0)
        sched.top &= ~(1ul << (prio / 64));
}

static void append(struct tcb *t)
{
    struct ready_queue *q = &sched.queue[t->prio];

    t->sched_next = NULL;
    t->sched_prev = q->tail;
    if (q->tail)
        q->tail->sched_next = t;
    else
        q->head = t;
    q->tail = t;
    t->in_ready_queue = 1;
    mark(t->prio);
}

/* A preempted thread keeps its place: it goes back to the head. */
static void prepend(struct tcb *t)
{
    struct ready_queue *q = &sched.queue[t->prio];

    t->sched_prev = NULL;
    t->sched_next = q->head;
    if (q->head)
        q->head->sched_prev = t;
    else
        q->tail = t;
    q->head = t;
    t->in_ready_queue = 1;
    mark(t->prio);
}

void sched_dequeue(struct tcb *t)
{
    if (!t->in_ready_queue)
        return;
    struct ready_queue *q = &sched.queue[t->prio];
    if (t->sched_prev)
        t->sched_prev->sched_next = t->sched_next;
    else
        q->head = t->sched_next;
    if (t->sched_next)
        t->sched_next->sched_prev = t->sched_prev;
    else
        q->tail = t->sched_prev;
    t->sched_next = t->sched_prev = NULL;
    t->in_ready_queue = 0;
    if (q->head == NULL)
        unmark(t->prio);
}

void sched_enqueue(struct tcb *t)
{
    /* The running thread is never queued; sched_exit decides about it. */
    if (t == current_thread || t->in_ready_queue)
        return;
    append(t);
}

void sched_set_priority(struct tcb *t, uint8_t prio)
{
    bool queued = t->in_ready_queue;

    sched_dequeue(t);
    t->prio = prio;
    if (queued)
        append(t);
}

void sched_yield(void)
{
    sched.resched = true;
}

void sched_tick(void)
{
    struct tcb *t = current_thread;

    if (t == NULL || t->state != THREAD_RUNNING)
        return;
    if (t->time_slice > 1) {
        t->time_slice--;
        return;
    }
    /* The slice is used up: to the tail of its queue (sched_exit). */
    t->time_slice = TIME_SLICE;
    sched.resched = true;
}

static struct tcb *take_highest(void)
{
    int p = sched_highest_ready();

    if (p < 0)
        return NULL;
    struct tcb *t = sched.queue[p].head;
    sched_dequeue(t);
    return t;
}

/* Nothing is runnable: wait for interrupts with them enabled, in the
 * kernel, on the kernel stack, until something is. */
static _Noreturn void idle(void)
{
    current_thread = NULL;
    kernel_nothing_to_run();
    for (;;) {
        __asm__ volatile("csrs sstatus, %0\n\twfi\n\tcsrc sstatus, %0" : : "r"(SSTATUS_SIE));
        struct tcb *t = take_highest();
        if (t) {
            t->time_slice = TIME_SLICE;
            thread_resume(t);
        }
    }
}

_Noreturn void sched_exit(void)
{
    struct tcb *cur = current_thread;
    bool resched = sched.resched;
    int top = sched_highest_ready();

    sched.resched = false;
    if (cur && cur->state == THREAD_RUNNING) {
        if (top < 0 || top < cur->prio || (top == cur->prio && !resched))
            thread_resume(cur);
        if (resched) {
            cur->time_slice = TIME_SLICE;
            append(cur);
        } else {
            prepend(cur);
        }
    }
    struct tcb *next = take_highest();
    if (next == NULL)
        idle();
    if (next->time_slice == 0)
        next->time_slice = TIME_SLICE;
    thread_resume(next);
}
