/*
 * Minimal output for user programs before there are drivers: strings and
 * numbers through the kernel's debug console call.
 */
#include "lx/print.h"

#include "lx/syscall.h"

void lx_puts(const char *s)
{
    while (*s)
        lx_debug_putchar(*s++);
}

void lx_put_hex(uint64_t v)
{
    lx_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4)
        lx_debug_putchar("0123456789abcdef"[(v >> shift) & 15]);
}

void lx_put_dec(uint64_t v)
{
    char buf[21];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n > 0)
        lx_debug_putchar(buf[--n]);
}

_Noreturn void lx_exit(int status)
{
    lx_debug_halt(status);
}
