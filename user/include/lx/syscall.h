/*
 * User-level stubs for the LX system calls (docs/kernel-abi.md): ecall
 * with the call number in a7, arguments in a0.., result in a0. The IPC
 * calls also use a1..a6 both ways (lx_ipc).
 */
#ifndef LX_USER_SYSCALL_H
#define LX_USER_SYSCALL_H

#include <stdint.h>

#include "lx/abi.h"

static inline long lx_syscall1(long nr, long arg0)
{
    register long a0 __asm__("a0") = arg0;
    register long a7 __asm__("a7") = nr;

    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return a0;
}

/* A message as the system calls carry it in registers: the info word
 * (a1), MR0..3 (a2..a5) and, on receive, the badge (a6). MRs from 4 on
 * are in the IPC buffer (lx_ipc_buffer()). */
struct lx_msg {
    uint64_t info;
    uint64_t mr[4];
    uint64_t badge;
};

/* Any IPC-style system call nr on cptr: sends m, and on return m holds
 * what the kernel put in a1..a6. Returns a0 (0 or an error code). */
static inline long lx_ipc(long nr, uint64_t cptr, struct lx_msg *m)
{
    register uint64_t a0 __asm__("a0") = cptr;
    register uint64_t a1 __asm__("a1") = m->info;
    register uint64_t a2 __asm__("a2") = m->mr[0];
    register uint64_t a3 __asm__("a3") = m->mr[1];
    register uint64_t a4 __asm__("a4") = m->mr[2];
    register uint64_t a5 __asm__("a5") = m->mr[3];
    register uint64_t a6 __asm__("a6") = 0;
    register uint64_t a7 __asm__("a7") = (uint64_t)nr;

    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6)
                     : "r"(a7)
                     : "memory");
    m->info = a1;
    m->mr[0] = a2;
    m->mr[1] = a3;
    m->mr[2] = a4;
    m->mr[3] = a5;
    m->badge = a6;
    return (long)a0;
}

/* This thread's IPC buffer: by convention its address is kept in tp (the
 * kernel sets it for the root task; whoever starts a thread sets it with
 * TCB_WriteRegisters). */
static inline struct lx_ipc_buffer *lx_ipc_buffer(void)
{
    struct lx_ipc_buffer *b;

    __asm__("mv %0, tp" : "=r"(b));
    return b;
}

/* SysCall on a capability with four MRs. Returns the error code; *detail
 * (if non-NULL) receives a1. */
static inline long lx_call(uint64_t cptr, uint64_t label, uint64_t mr0, uint64_t mr1,
                           uint64_t mr2, uint64_t mr3, uint64_t *detail)
{
    struct lx_msg m = { LX_MSGINFO(label, 4), { mr0, mr1, mr2, mr3 }, 0 };
    long e = lx_ipc(LX_SYS_CALL, cptr, &m);

    if (detail)
        *detail = m.info;
    return e;
}

/* The generated stubs, lx_inv_OBJECT_NAME(cap, arguments..., reply): one
 * per line of kernel/interface.list. The calls below are the convenient
 * forms the rest of user level uses. */
#include "lx/interface_stubs.h"

/* e, with a1 of the reply (the failing argument, or the reply's info) in
 * *detail when detail is not NULL. */
static inline long lx_with_detail(long e, const struct lx_msg *reply, uint64_t *detail)
{
    if (detail)
        *detail = reply->info;
    return e;
}

static inline long lx_untyped_retype(uint64_t untyped, uint64_t type, uint64_t size_bits,
                                     uint64_t dest_slot, uint64_t count)
{
    return lx_inv_untyped_retype(untyped, type, size_bits, dest_slot, count, 0);
}

static inline long lx_cnode_copy(uint64_t cnode, uint64_t dest, uint64_t src, uint64_t rights)
{
    return lx_inv_cnode_copy(cnode, dest, src, rights, 0);
}

static inline long lx_cnode_mint(uint64_t cnode, uint64_t dest, uint64_t src, uint64_t rights,
                                 uint64_t badge)
{
    return lx_inv_cnode_mint(cnode, dest, src, rights, badge, 0);
}

static inline long lx_cnode_move(uint64_t cnode, uint64_t dest, uint64_t src)
{
    return lx_inv_cnode_move(cnode, dest, src, 0);
}

static inline long lx_cnode_delete(uint64_t cnode, uint64_t slot)
{
    return lx_inv_cnode_delete(cnode, slot, 0);
}

static inline long lx_cnode_revoke(uint64_t cnode, uint64_t slot)
{
    return lx_inv_cnode_revoke(cnode, slot, 0);
}

/* Move src to dest in one CNode, setting the badge (0: keep it). */
static inline long lx_cnode_mutate(uint64_t cnode, uint64_t dest, uint64_t src, uint64_t badge)
{
    return lx_inv_cnode_mutate(cnode, dest, src, badge, 0);
}

/* Copy, Mint, Move or Mutate with the source in another CNode: src is a
 * slot of src_cnode (a cptr in our root CNode), dest a slot of cnode; the
 * optional MR4 of those lines of the interface list (in the IPC buffer). */
static inline long lx_cnode_op_from(uint64_t cnode, uint64_t label, uint64_t dest, uint64_t src,
                                    uint64_t rights, uint64_t badge, uint64_t src_cnode,
                                    uint64_t *detail)
{
    struct lx_msg m = { LX_MSGINFO(label, 5), { dest, src, rights, badge }, 0 };

    lx_ipc_buffer()->msg[4] = src_cnode;
    return lx_with_detail(lx_ipc(LX_SYS_CALL, cnode, &m), &m, detail);
}

/* ---- TCB invocations (docs/kernel-abi.md) ---- */

static inline long lx_tcb_configure(uint64_t tcb, uint64_t fault_ep, uint64_t cspace,
                                    uint64_t vspace, uint64_t buffer, uint64_t buffer_frame,
                                    uint64_t prio, uint64_t mcp, uint64_t *detail)
{
    struct lx_msg m;
    long e = lx_inv_tcb_configure(tcb, fault_ep, cspace, vspace, buffer, buffer_frame, prio, mcp,
                                  &m);
    return lx_with_detail(e, &m, detail);
}

/* regs[0..count) in the LX_REG_* layout (pc, then x1..): the registers
 * follow the two arguments, so this one is written by hand. */
static inline long lx_tcb_write_registers(uint64_t tcb, uint64_t flags, uint64_t count,
                                          const uint64_t *regs)
{
    struct lx_ipc_buffer *b = lx_ipc_buffer();
    struct lx_msg m = { LX_MSGINFO(LX_TCB_WRITE_REGISTERS, 2 + count), { flags, count, 0, 0 }, 0 };

    for (uint64_t i = 0; i < count && i < LX_REG_COUNT; i++) {
        if (i < 2)
            m.mr[2 + i] = regs[i];
        else
            b->msg[2 + i] = regs[i];
    }
    return lx_ipc(LX_SYS_CALL, tcb, &m);
}

static inline long lx_tcb_read_registers(uint64_t tcb, uint64_t count, uint64_t *regs)
{
    struct lx_msg m;
    long e = lx_inv_tcb_read_registers(tcb, count, &m);

    for (uint64_t i = 0; e == 0 && i < LX_MSGINFO_LENGTH(m.info); i++)
        regs[i] = i < 4 ? m.mr[i] : lx_ipc_buffer()->msg[i];
    return e;
}

static inline long lx_tcb_resume(uint64_t tcb) { return lx_inv_tcb_resume(tcb, 0); }
static inline long lx_tcb_suspend(uint64_t tcb) { return lx_inv_tcb_suspend(tcb, 0); }

static inline long lx_tcb_set_priority(uint64_t tcb, uint64_t prio)
{
    return lx_inv_tcb_set_priority(tcb, prio, 0);
}

static inline long lx_tcb_set_mc_priority(uint64_t tcb, uint64_t mcp)
{
    return lx_inv_tcb_set_mc_priority(tcb, mcp, 0);
}

/* Signals on ntfn reach the thread also while it waits on an endpoint:
 * its receive returns with info 0 and the notification word as badge. */
static inline long lx_tcb_bind_notification(uint64_t tcb, uint64_t ntfn)
{
    return lx_inv_tcb_bind_notification(tcb, ntfn, 0);
}

static inline long lx_tcb_unbind_notification(uint64_t tcb)
{
    return lx_inv_tcb_unbind_notification(tcb, 0);
}

/* ---- VSpace invocations (docs/kernel-abi.md) ---- */

static inline long lx_page_table_map(uint64_t pt, uint64_t vspace, uint64_t vaddr,
                                     uint64_t *detail)
{
    struct lx_msg m;
    return lx_with_detail(lx_inv_page_table_map(pt, vspace, vaddr, &m), &m, detail);
}

static inline long lx_page_table_unmap(uint64_t pt) { return lx_inv_page_table_unmap(pt, 0); }

/* rights: LX_VM_READ | LX_VM_WRITE | LX_VM_EXEC, never W and X together. */
static inline long lx_frame_map(uint64_t frame, uint64_t vspace, uint64_t vaddr, uint64_t rights,
                                uint64_t *detail)
{
    struct lx_msg m;
    return lx_with_detail(lx_inv_frame_map(frame, vspace, vaddr, rights, &m), &m, detail);
}

static inline long lx_frame_unmap(uint64_t frame) { return lx_inv_frame_unmap(frame, 0); }

static inline long lx_frame_get_address(uint64_t frame, uint64_t *paddr)
{
    struct lx_msg m;
    long e = lx_inv_frame_get_address(frame, &m);

    *paddr = m.mr[0];
    return e;
}

/* ---- interrupts (docs/kernel-abi.md) ---- */

/* A handler capability for source irq into slot dest of our root CNode. */
static inline long lx_irq_control_get(uint64_t irq_control, uint64_t irq, uint64_t dest)
{
    return lx_inv_irq_control_get(irq_control, irq, dest, 0);
}

static inline long lx_irq_handler_set_notification(uint64_t handler, uint64_t ntfn)
{
    return lx_inv_irq_handler_set_notification(handler, ntfn, 0);
}

static inline long lx_irq_handler_ack(uint64_t handler) { return lx_inv_irq_handler_ack(handler, 0); }

static inline long lx_irq_handler_clear(uint64_t handler)
{
    return lx_inv_irq_handler_clear(handler, 0);
}

/* ---- IPC ---- */

static inline long lx_send(uint64_t ep, struct lx_msg *m) { return lx_ipc(LX_SYS_SEND, ep, m); }
static inline long lx_nbsend(uint64_t ep, struct lx_msg *m) { return lx_ipc(LX_SYS_NB_SEND, ep, m); }
static inline long lx_recv(uint64_t ep, struct lx_msg *m) { return lx_ipc(LX_SYS_RECV, ep, m); }
static inline long lx_nbrecv(uint64_t ep, struct lx_msg *m) { return lx_ipc(LX_SYS_NB_RECV, ep, m); }
static inline long lx_call_ep(uint64_t ep, struct lx_msg *m) { return lx_ipc(LX_SYS_CALL, ep, m); }
static inline long lx_reply(struct lx_msg *m) { return lx_ipc(LX_SYS_REPLY, 0, m); }

static inline long lx_reply_recv(uint64_t ep, struct lx_msg *m)
{
    return lx_ipc(LX_SYS_REPLY_RECV, ep, m);
}

/* Notifications: Signal ORs the cap's badge into the word; Wait blocks
 * until signalled and returns the word (cleared); Poll never blocks. */
static inline long lx_signal(uint64_t ntfn)
{
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };
    return lx_ipc(LX_SYS_SEND, ntfn, &m);
}

static inline long lx_wait(uint64_t ntfn, uint64_t *word)
{
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };
    long e = lx_ipc(LX_SYS_RECV, ntfn, &m);
    if (word)
        *word = m.badge;
    return e;
}

static inline long lx_poll(uint64_t ntfn, uint64_t *word)
{
    struct lx_msg m = { 0, { 0, 0, 0, 0 }, 0 };
    long e = lx_ipc(LX_SYS_NB_RECV, ntfn, &m);
    if (word)
        *word = m.badge;
    return e;
}

static inline void lx_debug_putchar(char c)
{
    lx_syscall1(LX_SYS_DEBUG_PUTCHAR, (unsigned char)c);
}

static inline void lx_yield(void)
{
    lx_syscall1(LX_SYS_YIELD, 0);
}

/* Debug builds: stop the calling thread for good. */
static inline _Noreturn void lx_debug_halt(int status)
{
    lx_syscall1(LX_SYS_DEBUG_HALT, status);
    for (;;)
        ;
}

#endif
