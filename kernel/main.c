/*
 * Kernel C entry: read the device tree OpenSBI passed, bring up the debug
 * console, the kernel's W^X page table, traps and the timer tick, report
 * what was found, then load the root task and enter user mode. (Objects
 * and capabilities come next; see docs/kernel-abi.md.)
 */
#include <stdint.h>

#include "arch/machine.h"
#include "arch/plic.h"
#include "arch/sbi.h"
#include "arch/timer.h"
#include "arch/trap.h"
#include "arch/vspace.h"
#include "base/endian.h"
#include "base/status.h"
#include "base/str.h"
#include "boot.h"
#include "boot_alloc.h"
#include "console.h"
#include "irq.h"
#include "kernel.h"
#include "lx/abi.h"
#include "panic.h"
#include "root_task.h"
#include "selftest.h"
#include "thread.h"

#define TICK_HZ 100
/* A DTB larger than this is not one QEMU or a real board would pass. */
#define DTB_MAX_SIZE (1u << 20)

extern char _kernel_start[], _kernel_end[];

bool kernel_selftest;
bool kernel_expect_user_fault;
bool kernel_fuzzing;
/* "poweroff": switch the machine off when nothing is left to run. */
static bool kernel_poweroff;

/* The S-mode external interrupt context of the first hart: the index of
 * the first (phandle, 9) pair in the PLIC's interrupts-extended (cause 9
 * is the supervisor external interrupt). */
static uint32_t plic_s_context(const struct fdt *fdt)
{
    const uint8_t *v;
    uint32_t len;

    if (fdt_find_compatible_prop(fdt, "riscv,plic0", "interrupts-extended", &v, &len) != LX_OK)
        return 1;       /* QEMU virt's hart 0 S-mode */
    for (uint32_t off = 0; off + 8 <= len; off += 8) {
        if (load_be32(v + off + 4) == IRQ_S_EXT)
            return off / 8;
    }
    return 1;
}

/* What user level may drive, by kind: device untyped and a region each. */
static void boot_read_devices(struct boot_info *bi)
{
    static const struct { const char *compat; uint32_t kind; } kinds[] = {
        { "ns16550a", LX_DEVICE_UART },
        { "google,goldfish-rtc", LX_DEVICE_RTC },
        { "virtio,mmio", LX_DEVICE_VIRTIO_MMIO },
    };
    struct fdt_device dev[BOOT_MAX_DEVICES];
    int n;

    bi->n_devices = 0;
    for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        if (fdt_find_all_compatible(&bi->fdt, kinds[k].compat, dev,
                                    BOOT_MAX_DEVICES - bi->n_devices, &n) != LX_OK)
            panic("device tree: cannot list %s devices", kinds[k].compat);
        for (int i = 0; i < n; i++)
            bi->device[bi->n_devices++] = (struct boot_device){ dev[i].reg, dev[i].irq,
                                                                 kinds[k].kind };
    }
}

static void boot_read_dtb(struct boot_info *bi)
{
    const uint8_t *v;
    uint32_t len;
    int err;

    err = fdt_open(&bi->fdt, phys_to_virt(bi->dtb_phys), DTB_MAX_SIZE);
    if (err != LX_OK)
        panic("device tree at %lx unreadable (error %d)", bi->dtb_phys, err);
    err = fdt_memory(&bi->fdt, bi->memory, BOOT_MAX_MEMORY, &bi->n_memory);
    if (err != LX_OK)
        panic("device tree: no usable memory node (error %d)", err);
    if (fdt_find_compatible_reg(&bi->fdt, "ns16550a", &bi->uart) == LX_OK)
        console_init_uart((uintptr_t)phys_to_virt(bi->uart.base));
    if (fdt_find_compatible_reg(&bi->fdt, "riscv,plic0", &bi->plic) != LX_OK ||
        fdt_find_compatible_u32(&bi->fdt, "riscv,plic0", "riscv,ndev", &bi->plic_ndev) != LX_OK)
        bi->plic.base = bi->plic.size = bi->plic_ndev = 0;
    bi->plic_context = plic_s_context(&bi->fdt);
    boot_read_devices(bi);
    if (fdt_node_prop(&bi->fdt, "cpus", "timebase-frequency", &v, &len) != LX_OK || len != 4)
        panic("device tree: /cpus/timebase-frequency missing");
    bi->timebase_hz = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
    if (fdt_node_prop(&bi->fdt, "chosen", "bootargs", &v, &len) == LX_OK && len > 0 &&
        v[len - 1] == '\0')
        bi->bootargs = (const char *)v;
    else
        bi->bootargs = "";
}

static void boot_report(const struct boot_info *bi)
{
    kprintf("\nLX-OS kernel, riscv64 Sv39, hart %lu\n", bi->hart_id);
    kprintf("kernel image %p..%p\n", (void *)_kernel_start, (void *)_kernel_end);
    kprintf("device tree at %lx, %u bytes\n", bi->dtb_phys, bi->fdt.size);
    for (int i = 0; i < bi->n_memory; i++)
        kprintf("memory %lx..%lx (%lu MiB)\n", bi->memory[i].base,
                bi->memory[i].base + bi->memory[i].size, bi->memory[i].size >> 20);
    kprintf("uart ns16550a at %lx, plic at %lx (%u sources, context %u), timebase %u Hz\n",
            bi->uart.base, bi->plic.base, bi->plic_ndev, bi->plic_context, bi->timebase_hz);
    kprintf("%d devices for user level\n", bi->n_devices);
    if (bi->bootargs[0])
        kprintf("command line: %s\n", bi->bootargs);
}

struct tcb *kernel_root_thread;

static _Noreturn void kernel_finish(int failed)
{
    if (kernel_selftest)
        kprintf("selftest: done\n");
    else
        kprintf("LX-OS: nothing left to run; powering off\n");
    sbi_shutdown(failed);
}

void kernel_root_stopped(int failed)
{
    if (kernel_selftest || kernel_poweroff)
        kernel_finish(failed);
}

void kernel_nothing_to_run(void)
{
    static bool said;

    /* A thread waiting for an interrupt is not a deadlock. */
    if (irq_any_armed())
        return;
    if (kernel_selftest) {
        kprintf("selftest threads_deadlocked: FAIL\n");
        kernel_finish(1);
    }
    if (kernel_poweroff)
        kernel_finish(0);
    if (!said)
        kprintf("LX-OS: nothing runnable; idling (the timer ticks at %u Hz). "
                "Quit QEMU with Ctrl-A X.\n", TICK_HZ);
    said = true;
}

/* The memory after the kernel image, up to the end of its memory range. */
static void boot_alloc_setup(struct boot_alloc *ba, const struct boot_info *bi)
{
    for (int i = 0; i < bi->n_memory; i++) {
        uint64_t base = bi->memory[i].base, end = base + bi->memory[i].size;
        if (bi->kernel_phys_base >= base && bi->kernel_phys_end <= end) {
            boot_alloc_init(ba, bi->kernel_phys_end, end, bi->dtb_phys,
                            bi->dtb_phys + bi->fdt.size);
            return;
        }
    }
    panic("the kernel image is not inside any memory range of the device tree");
}

_Noreturn void kmain(uint64_t hart_id, uint64_t dtb_phys)
{
    static struct boot_info bi;
    static struct boot_alloc ba;
    static struct tcb root;
    uint64_t instret_entry, instret;

    __asm__ volatile("rdinstret %0" : "=r"(instret_entry));
    bi.hart_id = hart_id;
    bi.dtb_phys = dtb_phys;
    bi.kernel_phys_base = (uint64_t)(uintptr_t)_kernel_start - PHYS_MAP_BASE;
    bi.kernel_phys_end = (uint64_t)(uintptr_t)_kernel_end - PHYS_MAP_BASE;
    arch_trap_init();
    arch_kernel_vspace_init();
    boot_read_dtb(&bi);
    boot_report(&bi);
    timer_init(bi.timebase_hz, TICK_HZ);
    plic_init(bi.plic.base ? phys_to_virt(bi.plic.base) : NULL, bi.plic_ndev, bi.plic_context);
    irq_init(bi.plic_ndev);
    kernel_selftest = lx_has_word(bi.bootargs, "selftest");
    kernel_expect_user_fault = lx_has_word(bi.bootargs, "userfault");
    kernel_fuzzing = lx_has_word(bi.bootargs, "kfuzz");
    kernel_poweroff = lx_has_word(bi.bootargs, "poweroff");
    if (kernel_selftest) {
        /* Kernel cases run with interrupts on; user mode re-enables them
         * through SPIE anyway. */
        __asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
        selftest_run(&bi);
        __asm__ volatile("csrc sstatus, %0" : : "r"(SSTATUS_SIE));
    }
    boot_alloc_setup(&ba, &bi);
    root_task_create(&root, &bi, &ba);
    if (kernel_selftest)
        selftest_root_task(&root);
    /* Instructions retired since reset (firmware included) at kernel entry
     * and here: `make bench` reports the kernel's share of booting. */
    __asm__ volatile("rdinstret %0" : "=r"(instret));
    kprintf("LX-OS: starting the root task (%lu KiB of boot allocations; "
            "%lu instructions since kernel entry, %lu since reset)\n",
            (ba.next - ba.start) >> 10, instret - instret_entry, instret);
    kernel_root_thread = &root;
    thread_resume(&root);
}
