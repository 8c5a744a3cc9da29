/*
 * Boot self-test: checks what the boot path set up, on the real machine
 * (QEMU virt). More cases arrive with each kernel object.
 */
#include "selftest.h"

#include "arch/machine.h"
#include "arch/timer.h"
#include "arch/vspace.h"
#include "boot.h"
#include "console.h"
#include "lx/abi.h"
#include "sched.h"
#include "thread.h"

/* An address inside the kernel's text. */
static const void *kmain_address(void)
{
    extern char kmain[];
    return kmain;
}

struct selftest {
    int passed, failed;
    int breakpoints;            /* ebreaks the trap hook has resumed from */
    int expect_breakpoint;
};

/* Reached from the trap handler, which has no other way to find it. */
static struct selftest st;

static void check(int ok, const char *name)
{
    kprintf("selftest %s: %s\n", name, ok ? "ok" : "FAIL");
    if (ok)
        st.passed++;
    else
        st.failed++;
}

int kernel_breakpoint(struct trap_frame *tf)
{
    (void)tf;
    if (!st.expect_breakpoint)
        return 0;
    st.breakpoints++;
    return 1;
}

/* Callee-saved registers hold values across a trap and back. */
static int trap_round_trip(void)
{
    register uint64_t s2 __asm__("s2") = 0x1122334455667788ull;
    register uint64_t s11 __asm__("s11") = 0x8877665544332211ull;

    st.expect_breakpoint = 1;
    __asm__ volatile("ebreak" : "+r"(s2), "+r"(s11) : : "memory");
    st.expect_breakpoint = 0;
    return st.breakpoints == 1 && s2 == 0x1122334455667788ull && s11 == 0x8877665544332211ull;
}

static int timer_runs(void)
{
    uint64_t start = timer_ticks(), t0 = arch_read_time();

    /* Five ticks at 100 Hz; bail out after a generous 2 s of time. */
    while (timer_ticks() < start + 5 && arch_read_time() - t0 < 20000000)
        __asm__ volatile("wfi");
    return timer_ticks() >= start + 5;
}

static int memory_sane(const struct boot_info *bi)
{
    extern char _kernel_start[], _kernel_end[];
    uint64_t ks = (uint64_t)_kernel_start - PHYS_MAP_BASE, ke = (uint64_t)_kernel_end - PHYS_MAP_BASE;

    for (int i = 0; i < bi->n_memory; i++) {
        if (ks >= bi->memory[i].base && ke <= bi->memory[i].base + bi->memory[i].size)
            return 1;
    }
    return 0;
}

/* The kernel's own mappings: text R+X, data R+W, nothing W+X, no
 * identity map of the boot page table left behind. */
static int kernel_wx(void)
{
    extern char _rodata_end[];
    pte_t text = arch_kernel_lookup((uintptr_t)kmain_address());
    pte_t data = arch_kernel_lookup((uintptr_t)&st);
    pte_t ro = arch_kernel_lookup((uintptr_t)_rodata_end - 1);

    return (text & PTE_X) && !(text & PTE_W) && (data & PTE_W) && !(data & PTE_X) &&
           (ro & PTE_R) && !(ro & (PTE_W | PTE_X)) && arch_kernel_wx_leaves() == 0 &&
           arch_kernel_lookup(0x80200000ul) == 0;
}

/* The ready queues before any thread exists: the bitmap finds the highest
 * priority across its words, and FIFO order holds within one. */
static int sched_bitmap(void)
{
    static struct tcb t[5];
    static const uint8_t prio[5] = { 0, 63, 64, 255, 64 };
    int ok = sched_highest_ready() == -1;

    for (int i = 0; i < 5; i++) {
        t[i].prio = prio[i];
        sched_enqueue(&t[i]);
    }
    ok &= sched_highest_ready() == 255;
    sched_dequeue(&t[3]);
    ok &= sched_highest_ready() == 64;
    sched_dequeue(&t[2]);
    ok &= sched_highest_ready() == 64 && t[4].in_ready_queue;
    sched_dequeue(&t[4]);
    ok &= sched_highest_ready() == 63;
    sched_set_priority(&t[0], 200);
    ok &= sched_highest_ready() == 200;
    sched_dequeue(&t[0]);
    sched_dequeue(&t[1]);
    return ok && sched_highest_ready() == -1;
}

int selftest_run(const struct boot_info *bi)
{
    check(bi->n_memory >= 1 && bi->memory[0].size >= (64u << 20), "dtb_memory");
    check(memory_sane(bi), "kernel_inside_memory");
    check(bi->uart.base != 0, "dtb_uart");
    check(bi->plic.base != 0, "dtb_plic");
    check(bi->timebase_hz > 0, "dtb_timebase");
    check(trap_round_trip(), "trap_round_trip");
    check(kernel_wx(), "kernel_w_xor_x");
    check(timer_runs(), "timer_tick");
    check(sched_bitmap(), "sched_bitmap");
    kprintf("selftest kernel: %d passed, %d failed\n", st.passed, st.failed);
    return st.failed;
}

/* The root task's pages carry exactly their section's rights, all user. */
int selftest_root_task(const struct tcb *root)
{
    int before = st.failed;
    uint64_t vspace_root = root->ctes[TCB_CTE_VSPACE].cap.ptr - PHYS_MAP_BASE;
    pte_t text = arch_user_lookup(vspace_root, root->ctx.sepc);
    pte_t stack = arch_user_lookup(vspace_root, root->ctx.x[2] - 8);
    pte_t info = arch_user_lookup(vspace_root, LX_BOOTINFO_VADDR);
    pte_t kernel = arch_user_lookup(vspace_root, (uintptr_t)kmain_address());

    check((text & (PTE_U | PTE_X | PTE_R)) == (PTE_U | PTE_X | PTE_R) && !(text & PTE_W),
          "root_text_rx");
    check((stack & (PTE_U | PTE_W)) == (PTE_U | PTE_W) && !(stack & PTE_X), "root_stack_rw");
    check((info & (PTE_U | PTE_R)) == (PTE_U | PTE_R) && !(info & (PTE_W | PTE_X)),
          "root_bootinfo_ro");
    check(kernel != 0 && !(kernel & PTE_U), "root_kernel_not_user");
    check(arch_user_lookup(vspace_root, LX_BOOTINFO_VADDR - 4096) == 0, "root_stack_guard");
    return st.failed - before;
}
