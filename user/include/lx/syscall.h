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
