/*
 * The IPC fast path (fastpath.c). Each function returns only when its
 * case does not apply, having changed nothing; otherwise it leaves the
 * kernel into the other thread.
 */
#ifndef LX_FASTPATH_H
#define LX_FASTPATH_H

#include "thread.h"

/* t's SysCall (past the ecall): a Call to a waiting receiver. */
void fastpath_call(struct tcb *t);
/* t's SysReplyRecv: a reply to a caller, then a wait on an idle endpoint. */
void fastpath_reply_recv(struct tcb *t);

#endif
