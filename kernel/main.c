/*
 * Kernel C entry: read the device tree OpenSBI passed, bring up the debug
 * console, traps and the timer tick, and report what was found. (Objects,
 * capabilities and the root task come next; see docs/kernel-abi.md.)
 */
#include <stdint.h>

#include "arch/machine.h"
#include "arch/timer.h"
#include "arch/trap.h"
#include "arch/vspace.h"
#include "base/status.h"
#include "boot.h"
#include "console.h"
#include "panic.h"
#include "selftest.h"

#define TICK_HZ 100
/* A DTB larger than this is not one QEMU or a real board would pass. */
#define DTB_MAX_SIZE (1u << 20)

extern char _kernel_start[], _kernel_end[];

static void *phys_to_virt(uint64_t pa)
{
    return (void *)(uintptr_t)(PHYS_MAP_BASE + pa);
}

/* A property of the node at path /node (depth 2) or /, by name. */
static const uint8_t *find_prop(const struct fdt *fdt, const char *node, const char *prop,
                                uint32_t *len)
{
    struct fdt_walk w;
    struct fdt_token tok;
    int in_node = node[0] == '\0';

    fdt_walk_start(&w, fdt);
    while (fdt_walk_next(&w, &tok) == LX_OK && tok.type != FDT_TOK_END) {
        if (tok.type == FDT_TOK_BEGIN_NODE && tok.depth == 2) {
            const char *a = tok.name, *b = node;
            while (*a && *a == *b)
                a++, b++;
            in_node = *b == '\0' && (*a == '\0' || *a == '@');
        } else if (tok.type == FDT_TOK_PROP && in_node &&
                   tok.depth == (node[0] == '\0' ? 1 : 2)) {
            const char *a = tok.name, *b = prop;
            while (*a && *a == *b)
                a++, b++;
            if (*a == *b) {
                *len = tok.len;
                return tok.value;
            }
        }
    }
    return NULL;
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
    if (fdt_find_compatible_reg(&bi->fdt, "riscv,plic0", &bi->plic) != LX_OK)
        bi->plic.base = bi->plic.size = 0;
    v = find_prop(&bi->fdt, "cpus", "timebase-frequency", &len);
    if (v == NULL || len != 4)
        panic("device tree: /cpus/timebase-frequency missing");
    bi->timebase_hz = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
    v = find_prop(&bi->fdt, "chosen", "bootargs", &len);
    bi->bootargs = (v && len > 0 && v[len - 1] == '\0') ? (const char *)v : "";
}

static void boot_report(const struct boot_info *bi)
{
    kprintf("\nLX-OS kernel, riscv64 Sv39, hart %lu\n", bi->hart_id);
    kprintf("kernel image %p..%p\n", (void *)_kernel_start, (void *)_kernel_end);
    kprintf("device tree at %lx, %u bytes\n", bi->dtb_phys, bi->fdt.size);
    for (int i = 0; i < bi->n_memory; i++)
        kprintf("memory %lx..%lx (%lu MiB)\n", bi->memory[i].base,
                bi->memory[i].base + bi->memory[i].size, bi->memory[i].size >> 20);
    kprintf("uart ns16550a at %lx, plic at %lx, timebase %u Hz\n", bi->uart.base,
            bi->plic.base, bi->timebase_hz);
    if (bi->bootargs[0])
        kprintf("command line: %s\n", bi->bootargs);
}

static int has_word(const char *s, const char *word)
{
    for (; *s; s++) {
        const char *a = s, *b = word;
        while (*b && *a == *b)
            a++, b++;
        if (*b == '\0' && (*a == '\0' || *a == ' '))
            return 1;
        while (*s && *s != ' ')
            s++;
        if (*s == '\0')
            break;
    }
    return 0;
}

_Noreturn void kmain(uint64_t hart_id, uint64_t dtb_phys)
{
    static struct boot_info bi;

    bi.hart_id = hart_id;
    bi.dtb_phys = dtb_phys;
    arch_trap_init();
    arch_kernel_vspace_init();
    boot_read_dtb(&bi);
    boot_report(&bi);
    timer_init(bi.timebase_hz, TICK_HZ);
    __asm__ volatile("csrs sstatus, %0" : : "r"(SSTATUS_SIE));
    if (has_word(bi.bootargs, "selftest"))
        selftest_run(&bi);
    kprintf("LX-OS: kernel up; no root task yet (objects and capabilities come next)\n");
    kprintf("LX-OS: idling; the timer ticks at %u Hz. Quit QEMU with Ctrl-A X.\n", TICK_HZ);
    for (;;)
        __asm__ volatile("wfi");
}
