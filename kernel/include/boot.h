/*
 * What the kernel learned at boot, from the firmware and the device tree.
 */
#ifndef LX_BOOT_H
#define LX_BOOT_H

#include <stdint.h>

#include "fdt/fdt.h"

#define BOOT_MAX_MEMORY 8
#define BOOT_MAX_DEVICES 12

struct boot_info {
    uint64_t hart_id;
    uint64_t dtb_phys;
    uint64_t kernel_phys_base, kernel_phys_end;
    struct fdt fdt;
    struct fdt_range memory[BOOT_MAX_MEMORY];
    int n_memory;
    struct fdt_range uart, plic;
    uint32_t plic_ndev;         /* interrupt sources 1..ndev */
    uint32_t plic_context;      /* this hart's S-mode context */
    /* The devices user level gets (device untyped and a region each). */
    struct boot_device {
        struct fdt_range reg;
        uint32_t irq;
        uint32_t kind;          /* LX_DEVICE_* */
    } device[BOOT_MAX_DEVICES];
    int n_devices;
    uint32_t timebase_hz;
    const char *bootargs;       /* "" when absent */
};

#endif
