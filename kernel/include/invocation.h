/*
 * Invocations of kernel objects through SysCall (or SysSend): the root
 * CNode lookup of the invoked capability, then decode (check every
 * argument) and invoke (change state), as in seL4. Untyped_Retype, the
 * CNode operations and the TCB operations; the CSpace is the thread's
 * single-level root CNode.
 */
#ifndef LX_INVOCATION_H
#define LX_INVOCATION_H

#include <stdint.h>

#include "cap.h"
#include "lx/abi.h"

struct tcb;

/* Result of an invocation: a0 = error, a1 = detail on error (the failing
 * argument, docs/kernel-abi.md) or the reply's message info on success. */
struct inv_result {
    uint64_t error;
    uint64_t detail;
};

/* What kernel/interface.list says of one label: the object type it is
 * invoked on, its minimum length, its name (NULL: no such label). */
struct inv_spec {
    uint8_t object;             /* enum cap_type */
    uint8_t min_length;
    const char *name;
};

/* The invocation's arguments: len MRs (registers and IPC buffer). */
struct inv_args {
    uint64_t label;
    unsigned len;
    uint64_t mr[LX_MSG_MAX_LENGTH];     /* zero beyond len */
};

/* Not an ABI error: the invocation stopped at a preemption point, having
 * done part of its work, and the thread makes the same call again. */
#define INV_PREEMPTED 0xffff

static inline struct inv_result inv_err(uint64_t e, uint64_t detail)
{
    return (struct inv_result){ e, detail };
}

/* The slot cptr names in t's root CNode, or NULL when out of range. */
struct cte *cspace_lookup(const struct tcb *t, uint64_t cptr);

/* SysCall/SysSend on an object capability (not an endpoint or notification). */
struct inv_result decode_invocation(struct tcb *t, struct cte *slot, uint64_t info);

/* Untyped_Retype after decoding (untyped.c). */
struct inv_result decode_untyped_retype(struct cte *untyped, struct cte *cnode_slots,
                                        uint64_t cnode_slots_n, const uint64_t mr[4]);

/* CNode invocations (cnode.c). */
struct inv_result decode_cnode_invocation(struct tcb *caller, const struct cap *cnode,
                                          const struct inv_args *a);

/* TCB invocations (tcb.c). */
struct inv_result decode_tcb_invocation(struct tcb *caller, struct cte *slot,
                                        const struct inv_args *a);

#endif
