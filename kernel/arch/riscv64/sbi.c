/*
 * SBI calls: a0..a5 arguments, a6 function id, a7 extension id; the
 * firmware returns an error code in a0 and a value in a1.
 */
#include "arch/sbi.h"

#define SBI_EXT_TIME 0x54494d45     /* "TIME" */
#define SBI_EXT_SRST 0x53525354     /* "SRST" */
#define SBI_LEGACY_PUTCHAR 0x01

struct sbiret {
    long error, value;
};

static struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2)
{
    register long r0 __asm__("a0") = a0;
    register long r1 __asm__("a1") = a1;
    register long r2 __asm__("a2") = a2;
    register long r6 __asm__("a6") = fid;
    register long r7 __asm__("a7") = ext;

    __asm__ volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    return (struct sbiret){ r0, r1 };
}

void sbi_set_timer(uint64_t stime_value)
{
    sbi_call(SBI_EXT_TIME, 0, (long)stime_value, 0, 0);
}

void sbi_console_putchar(int c)
{
    sbi_call(SBI_LEGACY_PUTCHAR, 0, c, 0, 0);
}

_Noreturn void sbi_shutdown(int failure)
{
    /* SRST: type 0 = shutdown, reason 0 = none / 1 = system failure. */
    sbi_call(SBI_EXT_SRST, 0, 0, failure ? 1 : 0, 0);
    for (;;)
        __asm__ volatile("wfi");
}
