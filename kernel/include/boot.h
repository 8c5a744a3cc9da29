/*
 * What the kernel learned at boot, from the firmware and the device tree.
 */
#ifndef LX_BOOT_H
#define LX_BOOT_H

#include <stdint.h>

#include "fdt/fdt.h"

#define BOOT_MAX_MEMORY 8

struct boot_info {
    uint64_t hart_id;
    uint64_t dtb_phys;
    uint64_t kernel_phys_base, kernel_phys_end;
    struct fdt fdt;
    struct fdt_range memory[BOOT_MAX_MEMORY];
    int n_memory;
    struct fdt_range uart, plic;
    uint32_t timebase_hz;
    const char *bootargs;       /* "" when absent */
};

#endif
