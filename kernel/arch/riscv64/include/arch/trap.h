/*
 * The register frame saved on a trap. trap.S fills it in this order, and
 * the _Static_asserts keep the assembly offsets and the C layout in step.
 */
#ifndef LX_ARCH_TRAP_H
#define LX_ARCH_TRAP_H

#include <stddef.h>
#include <stdint.h>

struct trap_frame {
    uint64_t x[32];             /* x0 (unused slot) .. x31 */
    uint64_t sepc, sstatus, scause, stval;
};

#define TRAP_FRAME_SIZE (36 * 8)
_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap.S frame size");
_Static_assert(offsetof(struct trap_frame, sepc) == 32 * 8, "trap.S sepc offset");
_Static_assert(offsetof(struct trap_frame, stval) == 35 * 8, "trap.S stval offset");

void arch_trap_init(void);
void trap_handler(struct trap_frame *tf);

#endif
