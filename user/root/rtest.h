/*
 * What the root task's self-test files share: the context of a run (boot
 * info, the untyped objects come from, the next free slot, the failure
 * count) and the helpers every case uses.
 */
#ifndef LX_ROOT_RTEST_H
#define LX_ROOT_RTEST_H

#include <stdint.h>

#include "lx/abi.h"

#define CN LX_SLOT_CNODE
#define SELF LX_SLOT_TCB

struct rtest {
    const struct lx_bootinfo *bi;
    uint64_t ut;        /* the untyped every object comes from */
    uint64_t next;      /* next free slot of the root CNode */
    uint64_t gp;        /* the root's global pointer, for threads */
    int failed;
};

/* Prints "selftest NAME: ok|FAIL" (what tools/run-kernel-test.sh counts). */
void rtest_check(struct rtest *c, int ok, const char *name);
/* A free slot of the root CNode. */
uint64_t rtest_slot(struct rtest *c);
/* A new object of type from c->ut in a fresh slot; its slot, or 0. */
uint64_t rtest_make(struct rtest *c, uint64_t type);
/* A copy (badge 0) or badged copy of src with rights; its slot, or 0. */
uint64_t rtest_derive(struct rtest *c, uint64_t src, uint64_t rights, uint64_t badge);
/* Let every runnable thread below us run until it blocks or stops. */
void rtest_let_others_run(void);

/* A thread in our address space and CSpace running fn(arg) on stack idx
 * (0..RTEST_THREADS-1) with IPC buffer idx + 1 of our IPC buffer frame,
 * returning into a halt, configured but not resumed; its TCB slot, or 0. */
#define RTEST_THREADS 3
uint64_t rtest_spawn(struct rtest *c, int idx, void (*fn)(uint64_t), uint64_t arg, uint64_t prio,
                     uint64_t mcp);
uint64_t rtest_buffer_vaddr(int idx);

/* A new VSpace with the page tables for [0, 2 MiB); its slot, or 0. */
uint64_t rtest_new_vspace(struct rtest *c);
/* Copy [start, end) (whole 32-bit words) to user address va. */
void rtest_copy_code(uint64_t va, const char *start, const char *end);
/* A fresh frame holding [start, end), written through a mapping at
 * scratch_va in our own address space that is gone before the frame is
 * mapped read+execute at va in vspace (W^X across mappings); its slot,
 * or 0. */
uint64_t rtest_load_code(struct rtest *c, uint64_t vspace, uint64_t va, uint64_t scratch_va,
                         const char *start, const char *end);

#endif
