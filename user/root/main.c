/*
 * The root task: the first user-level thread. Today it shows that user
 * level runs (banner and the boot-info page the kernel mapped for it) and,
 * with "selftest" on the command line, checks what it was given and tests
 * capabilities (cap_tests.c), address spaces and faults
 * (vspace_tests.c), devices and interrupts (irq_tests.c) and threads,
 * scheduling and IPC (ipc_tests.c), CNodes (cnode_tests.c); "kfuzz"
 * runs the kernel fuzzer instead (kfuzz.c); "bench" measures the
 * kernel's main paths (bench.c).
 */
#include <stdint.h>

#include "base/str.h"
#include "bench.h"
#include "cap_tests.h"
#include "cnode_tests.h"
#include "ipc_tests.h"
#include "kfuzz.h"
#include "irq_tests.h"
#include "lx/abi.h"
#include "lx/print.h"
#include "vspace_tests.h"

static void show_bootinfo(const struct lx_bootinfo *bi)
{
    lx_puts("root: boot info at ");
    lx_put_hex((uint64_t)(uintptr_t)bi);
    lx_puts(", ABI ");
    lx_put_dec(bi->abi_version);
    lx_puts("\n");
    static const char *const kinds[] = { "device", "uart", "plic (the kernel's)", "rtc",
                                         "virtio-mmio" };
    for (uint64_t i = 0; i < bi->n_regions && i < LX_BOOTINFO_MAX_REGIONS; i++) {
        const struct lx_region *r = &bi->region[i];
        lx_puts(r->flags == LX_REGION_RAM ? "root:   free memory " : "root:   device      ");
        lx_put_hex(r->base);
        lx_puts(" + ");
        lx_put_hex(r->size);
        if (r->flags == LX_REGION_DEVICE) {
            lx_puts("  ");
            lx_puts(kinds[r->kind < sizeof(kinds) / sizeof(kinds[0]) ? r->kind : 0]);
            if (r->irq) {
                lx_puts(", irq ");
                lx_put_dec(r->irq);
            }
        }
        lx_puts("\n");
    }
}

static void check(int ok, const char *name, int *failed)
{
    lx_puts("selftest ");
    lx_puts(name);
    lx_puts(ok ? ": ok\n" : ": FAIL\n");
    *failed += !ok;
}

static uint64_t largest_untyped(const struct lx_bootinfo *bi)
{
    uint64_t best = 0;

    for (uint64_t i = 0; i < bi->n_untyped; i++) {
        if (bi->untyped[i].size_bits > bi->untyped[best].size_bits)
            best = i;
    }
    return bi->untyped_first + best;
}

/* What user level can check about its own start. */
static int selftest(const struct lx_bootinfo *bi)
{
    int failed = 0;
    uint64_t free_bytes = 0;
    volatile uint64_t stack_probe = 0x5a5a5a5a5a5a5a5aull;

    for (uint64_t i = 0; i < bi->n_regions; i++)
        free_bytes += bi->region[i].flags == LX_REGION_RAM ? bi->region[i].size : 0;
    check(bi->magic == LX_BOOTINFO_MAGIC && bi->n_regions <= LX_BOOTINFO_MAX_REGIONS,
          "user_bootinfo_valid", &failed);
    check(free_bytes >= (64u << 20), "user_free_memory_reported", &failed);
    check(bi->kernel_phys_end > bi->kernel_phys_base, "user_kernel_range", &failed);
    check(stack_probe == 0x5a5a5a5a5a5a5a5aull, "user_stack_rw", &failed);
    failed += cap_tests(bi);
    failed += cnode_tests(bi, largest_untyped(bi));
    failed += vspace_tests(bi, largest_untyped(bi));
    failed += irq_tests(bi, largest_untyped(bi));
    return failed + ipc_tests(bi, largest_untyped(bi));
}

int main(const struct lx_bootinfo *bi)
{
    lx_puts("\nroot: LX-OS root task running in user mode\n");
    if (bi->magic != LX_BOOTINFO_MAGIC) {
        lx_puts("root: boot info magic wrong\n");
        return 1;
    }
    show_bootinfo(bi);
    if (lx_has_word(bi->cmdline, "userfault")) {
        /* W^X at run time: a store into our own code must fault, and the
         * kernel must report it rather than let it through. */
        extern char _start[];
        lx_puts("root: writing to my own text at ");
        lx_put_hex((uint64_t)(uintptr_t)_start);
        lx_puts("\n");
        *(volatile char *)_start = 0;
        lx_puts("selftest user_text_write_faults: FAIL\n");
        return 1;
    }
    if (lx_has_word(bi->cmdline, "selftest") && lx_has_word(bi->cmdline, "kfuzz"))
        return kfuzz_run(bi, largest_untyped(bi));
    if (lx_has_word(bi->cmdline, "selftest"))
        return selftest(bi);
    if (lx_has_word(bi->cmdline, "bench"))
        return kernel_bench(bi, largest_untyped(bi));
    lx_puts("root: ");
    lx_put_dec(bi->n_untyped);
    lx_puts(" untyped capabilities in slots ");
    lx_put_dec(bi->untyped_first);
    lx_puts("..");
    lx_put_dec(bi->untyped_first + bi->n_untyped - 1);
    lx_puts("; free slots from ");
    lx_put_dec(bi->empty_first);
    lx_puts("\nroot: nothing more to do yet (the system is built from here later); stopping\n");
    return 0;
}
