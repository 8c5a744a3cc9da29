/*
 * Kernel panic. The "PANIC:" prefix is what the test harness looks for.
 */
#include "panic.h"

#include <stdarg.h>

#include "arch/sbi.h"
#include "console.h"

static _Noreturn void panic_end(void)
{
    kprintf("LX-OS: halted after panic\n");
    sbi_shutdown(1);
}

static void panic_reason(const char *fmt, va_list ap)
{
    kprintf("\nPANIC: ");
    kvprintf(fmt, ap);
    kprintf("\n");
}

_Noreturn void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    panic_reason(fmt, ap);
    va_end(ap);
    panic_end();
}

_Noreturn void panic_frame(const struct trap_frame *tf, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    panic_reason(fmt, ap);
    va_end(ap);
    arch_dump_frame(tf);
    panic_end();
}
