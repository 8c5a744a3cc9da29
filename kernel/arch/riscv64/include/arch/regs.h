/*
 * Where the system-call ABI (docs/kernel-abi.md) keeps its values in a
 * RISC-V thread's saved registers: a7 = call number, a0 = cptr in and
 * result out, a1 = message info (or error detail), a2..a5 = MR0..3, a6 =
 * badge on receive. Generic code uses only these accessors.
 */
#ifndef LX_ARCH_REGS_H
#define LX_ARCH_REGS_H

#include <stdint.h>

#include "arch/trap.h"
#include "lx/abi.h"

#define REG_A0 10
#define REG_A1 11
#define REG_A2 12
#define REG_A6 16
#define REG_A7 17
#define ECALL_SIZE 4

static inline uint64_t arch_syscall_nr(const struct trap_frame *f) { return f->x[REG_A7]; }
static inline uint64_t arch_get_cptr(const struct trap_frame *f) { return f->x[REG_A0]; }
static inline uint64_t arch_get_info(const struct trap_frame *f) { return f->x[REG_A1]; }

/* MR i < 4 (the caller checks i). */
static inline uint64_t arch_get_mr(const struct trap_frame *f, unsigned i)
{
    return f->x[REG_A2 + i];
}

static inline void arch_set_mr(struct trap_frame *f, unsigned i, uint64_t v)
{
    f->x[REG_A2 + i] = v;
}

/* What a system call returns: a0 = error, a1 = message info or detail. */
static inline void arch_set_result(struct trap_frame *f, uint64_t error, uint64_t info)
{
    f->x[REG_A0] = error;
    f->x[REG_A1] = info;
}

/* Only a0: the debug calls and SysYield leave every other register as it
 * was (the user stubs rely on that). */
static inline void arch_set_error(struct trap_frame *f, uint64_t error)
{
    f->x[REG_A0] = error;
}

static inline void arch_set_badge(struct trap_frame *f, uint64_t badge)
{
    f->x[REG_A6] = badge;
}

/* Past the ecall, so the thread continues after its system call. */
static inline void arch_skip_syscall(struct trap_frame *f) { f->sepc += ECALL_SIZE; }
/* Back onto the ecall, so the thread makes the same call again when it
 * next runs (a cancelled IPC restarts, as in seL4). */
static inline void arch_restart_syscall(struct trap_frame *f) { f->sepc -= ECALL_SIZE; }

/* The fault kind (LX_FAULT_*) of the exception in f->scause. */
static inline uint64_t arch_fault_label(const struct trap_frame *f)
{
    switch (f->scause) {
    case 1: case 5: case 7: case 12: case 13: case 15:
        return LX_FAULT_VM;
    default:
        return LX_FAULT_USER_EXCEPTION;
    }
}

/* The fault message: MR0 = pc, MR1 = stval, MR2 = scause (MR3, the
 * instruction, comes from the thread's VSpace). */
static inline void arch_fault_mrs(const struct trap_frame *f, uint64_t mr[3])
{
    mr[0] = f->sepc;
    mr[1] = f->stval;
    mr[2] = f->scause;
}

/* TCB_Read/WriteRegisters layout: 0 = pc, i = xi (LX_REG_* in lx/abi.h). */
static inline uint64_t arch_get_user_reg(const struct trap_frame *f, unsigned i)
{
    return i == 0 ? f->sepc : f->x[i];
}

static inline void arch_set_user_reg(struct trap_frame *f, unsigned i, uint64_t v)
{
    if (i == 0)
        f->sepc = v;
    else
        f->x[i] = v;
}

#endif
