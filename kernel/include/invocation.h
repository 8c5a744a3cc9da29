/*
 * Invocations of kernel objects through SysCall: the root CNode lookup of
 * the invoked capability, then decode (check every argument) and invoke
 * (change state), as in seL4. Today: Untyped_Retype and the CNode
 * operations; the CSpace is the thread's single-level root CNode.
 */
#ifndef LX_INVOCATION_H
#define LX_INVOCATION_H

#include <stdint.h>

#include "cap.h"

struct tcb;

/* Result of an invocation: a0 = error, a1.. = details (docs/kernel-abi.md). */
struct inv_result {
    uint64_t error;
    uint64_t detail;
};

struct inv_result decode_invocation(struct tcb *t, uint64_t cptr, uint64_t info,
                                    const uint64_t mr[4]);

/* Untyped_Retype after decoding (untyped.c). */
struct inv_result decode_untyped_retype(struct cte *untyped, struct cte *cnode_slots,
                                        uint64_t cnode_slots_n, const uint64_t mr[4]);

#endif
