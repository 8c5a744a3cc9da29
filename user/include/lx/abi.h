/*
 * The parts of the kernel ABI shared, byte for byte, by the kernel and user
 * level: system call numbers and the boot-info page the root task receives
 * (docs/kernel-abi.md). The layout is fixed by the _Static_asserts.
 */
#ifndef LX_ABI_H
#define LX_ABI_H

#include <stddef.h>
#include <stdint.h>

enum lx_syscall {
    LX_SYS_CALL = 0,
    LX_SYS_REPLY_RECV = 1,
    LX_SYS_SEND = 2,
    LX_SYS_NB_SEND = 3,
    LX_SYS_RECV = 4,
    LX_SYS_NB_RECV = 5,
    LX_SYS_REPLY = 6,
    LX_SYS_YIELD = 7,
    LX_SYS_DEBUG_PUTCHAR = 8,
    LX_SYS_DEBUG_HALT = 9,
};

#define LX_BOOTINFO_MAGIC 0x4f464e49544f4f42ull     /* "BOOTINFO" */
#define LX_BOOTINFO_MAX_REGIONS 16
#define LX_BOOTINFO_CMDLINE 128

/* Where the kernel maps the root task's boot-info page (read-only). */
#define LX_BOOTINFO_VADDR 0x7fff0000ul

struct lx_region {
    uint64_t base, size;
    uint64_t flags;             /* LX_REGION_* */
};

#define LX_REGION_RAM 1         /* free memory (untyped, once objects exist) */
#define LX_REGION_DEVICE 2      /* device registers */

struct lx_bootinfo {
    uint64_t magic;
    uint64_t abi_version;
    uint64_t n_regions;
    struct lx_region region[LX_BOOTINFO_MAX_REGIONS];
    uint64_t kernel_phys_base, kernel_phys_end;
    uint64_t timebase_hz;
    char cmdline[LX_BOOTINFO_CMDLINE];
};

_Static_assert(sizeof(struct lx_region) == 24, "lx_region layout");
_Static_assert(offsetof(struct lx_bootinfo, region) == 24, "lx_bootinfo layout");
_Static_assert(sizeof(struct lx_bootinfo) == 24 + 16 * 24 + 24 + 128, "lx_bootinfo size");
_Static_assert(sizeof(struct lx_bootinfo) <= 4096, "boot info fits one page");

#endif
