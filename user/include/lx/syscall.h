/*
 * User-level stubs for the LX system calls (docs/kernel-abi.md): ecall
 * with the call number in a7, arguments in a0.., result in a0.
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

/* SysCall on a capability: a0 = cptr, a1 = message info, a2..a5 = MR0..3.
 * Returns the error code; *detail (if non-NULL) receives a1. */
static inline long lx_call(uint64_t cptr, uint64_t label, uint64_t mr0, uint64_t mr1,
                           uint64_t mr2, uint64_t mr3, uint64_t *detail)
{
    register uint64_t a0 __asm__("a0") = cptr;
    register uint64_t a1 __asm__("a1") = LX_MSGINFO(label, 4);
    register uint64_t a2 __asm__("a2") = mr0;
    register uint64_t a3 __asm__("a3") = mr1;
    register uint64_t a4 __asm__("a4") = mr2;
    register uint64_t a5 __asm__("a5") = mr3;
    register uint64_t a7 __asm__("a7") = LX_SYS_CALL;

    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1)
                     : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
                     : "memory");
    if (detail)
        *detail = a1;
    return (long)a0;
}

static inline long lx_untyped_retype(uint64_t untyped, uint64_t type, uint64_t size_bits,
                                     uint64_t dest_slot, uint64_t count)
{
    return lx_call(untyped, LX_UNTYPED_RETYPE, type, size_bits, dest_slot, count, 0);
}

static inline long lx_cnode_copy(uint64_t cnode, uint64_t dest, uint64_t src, uint64_t rights)
{
    return lx_call(cnode, LX_CNODE_COPY, dest, src, rights, 0, 0);
}

static inline long lx_cnode_mint(uint64_t cnode, uint64_t dest, uint64_t src, uint64_t rights,
                                 uint64_t badge)
{
    return lx_call(cnode, LX_CNODE_MINT, dest, src, rights, badge, 0);
}

static inline long lx_cnode_move(uint64_t cnode, uint64_t dest, uint64_t src)
{
    return lx_call(cnode, LX_CNODE_MOVE, dest, src, 0, 0, 0);
}

static inline long lx_cnode_delete(uint64_t cnode, uint64_t slot)
{
    return lx_call(cnode, LX_CNODE_DELETE, slot, 0, 0, 0, 0);
}

static inline long lx_cnode_revoke(uint64_t cnode, uint64_t slot)
{
    return lx_call(cnode, LX_CNODE_REVOKE, slot, 0, 0, 0, 0);
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
