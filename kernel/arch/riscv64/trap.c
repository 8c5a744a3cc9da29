/*
 * Trap dispatch for traps taken in supervisor mode: the timer interrupt
 * goes to the tick handler; any exception in the kernel is a kernel bug
 * and panics with the cause, the faulting address and every register.
 */
#include "arch/trap.h"

#include "arch/machine.h"
#include "arch/timer.h"
#include "console.h"
#include "irq.h"
#include "kernel.h"
#include "panic.h"
#include "selftest.h"

#define EXC_BREAKPOINT 3

extern char trap_entry[];

static const char *const exception_names[] = {
    "instruction address misaligned", "instruction access fault", "illegal instruction",
    "breakpoint", "load address misaligned", "load access fault",
    "store address misaligned", "store access fault", "environment call from U-mode",
    "environment call from S-mode", "reserved", "reserved",
    "instruction page fault", "load page fault", "reserved", "store page fault",
};

const char *arch_exception_name(unsigned long cause)
{
    if (cause < sizeof(exception_names) / sizeof(exception_names[0]))
        return exception_names[cause];
    return "unknown exception";
}

void arch_trap_init(void)
{
    __asm__ volatile("csrw stvec, %0" : : "r"(trap_entry));
}

void arch_dump_frame(const struct trap_frame *tf)
{
    static const char *const names[32] = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
        "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
        "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    };

    kprintf("  sepc %016lx  stval %016lx  scause %016lx  sstatus %016lx\n",
            tf->sepc, tf->stval, tf->scause, tf->sstatus);
    for (int i = 1; i < 32; i++)
        kprintf("  %4s %016lx%s", names[i], tf->x[i], i % 4 == 3 ? "\n" : "");
    kprintf("\n");
}

void trap_handler(struct trap_frame *tf)
{
    uint64_t cause = tf->scause;

    if (cause & SCAUSE_INTERRUPT) {
        if ((cause & ~SCAUSE_INTERRUPT) == IRQ_S_TIMER) {
            timer_tick();
            return;
        }
        /* Only the idle loop runs with interrupts on in the kernel. */
        if ((cause & ~SCAUSE_INTERRUPT) == IRQ_S_EXT) {
            arch_handle_external_interrupt();
            return;
        }
        panic_frame(tf, "unexpected interrupt %lu", cause & ~SCAUSE_INTERRUPT);
    }
    if (cause == EXC_BREAKPOINT && kernel_breakpoint(tf)) {
        /* Resume after the ebreak (2 bytes if compressed, else 4). */
        uint16_t insn = *(const uint16_t *)tf->sepc;
        tf->sepc += (insn & 3) == 3 ? 4 : 2;
        return;
    }
    panic_frame(tf, "%s in kernel at %lx (address %lx)", arch_exception_name(cause), tf->sepc,
                tf->stval);
}
