/*
 * Messages: the message info word, message registers (MR0..3 in
 * registers, the rest in the IPC buffer) and the copy of a message from
 * one thread to another, with at most one capability (docs/kernel-abi.md).
 */
#ifndef LX_MESSAGE_H
#define LX_MESSAGE_H

#include <stdint.h>

#include "lx/abi.h"
#include "thread.h"

/* The number of MRs t's message really carries: the length in its info
 * word, at most LX_MSG_MAX_LENGTH, and at most 4 without an IPC buffer. */
unsigned msg_length(const struct tcb *t, uint64_t info);
/* MR i of the message t is sending (i < msg_length). */
uint64_t msg_get_mr(const struct tcb *t, unsigned i);
/* Set MR i of the message t receives; beyond 4 only with an IPC buffer. */
void msg_set_mr(struct tcb *t, unsigned i, uint64_t v);

/* Deliver sender's message (its info in a1, MRs) to receiver with badge:
 * receiver returns 0 from its receive with the info, MRs and badge. A cap
 * named in the sender's IPC buffer moves too when can_grant. */
void msg_transfer(struct tcb *sender, struct tcb *receiver, uint64_t badge, bool can_grant);

/* receiver returns from a receive with an empty message and this badge. */
void msg_deliver_signal(struct tcb *receiver, uint64_t badge);

#endif
