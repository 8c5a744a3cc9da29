/*
 * Supervisor trap entry and the return to user mode.
 *
 * sscratch holds the current thread's register frame while user code runs
 * and 0 while the kernel runs, so the first instruction tells the two
 * apart. A trap from user mode saves the registers into the thread's frame
 * and starts the kernel on a fresh stack (the kernel keeps no state on its
 * stack between traps, as in seL4); a trap from the kernel saves a frame
 * on the current stack and returns to the interrupted code.
 */
#define FRAME_SIZE (36 * 8)
#define SEPC (32 * 8)
#define SSTATUS (33 * 8)
#define SCAUSE (34 * 8)
#define STVAL (35 * 8)

    .section .text
    .balign 4
    .globl trap_entry
trap_entry:
    csrrw   t6, sscratch, t6
    bnez    t6, from_user

    /* From the kernel: put t6 (and sscratch = 0) back, frame on the stack. */
    csrrw   t6, sscratch, t6
    addi    sp, sp, -FRAME_SIZE
    sd      x1, 1 * 8(sp)
    sd      x3, 3 * 8(sp)
    sd      x4, 4 * 8(sp)
    sd      x5, 5 * 8(sp)
    sd      x6, 6 * 8(sp)
    sd      x7, 7 * 8(sp)
    sd      x8, 8 * 8(sp)
    sd      x9, 9 * 8(sp)
    sd      x10, 10 * 8(sp)
    sd      x11, 11 * 8(sp)
    sd      x12, 12 * 8(sp)
    sd      x13, 13 * 8(sp)
    sd      x14, 14 * 8(sp)
    sd      x15, 15 * 8(sp)
    sd      x16, 16 * 8(sp)
    sd      x17, 17 * 8(sp)
    sd      x18, 18 * 8(sp)
    sd      x19, 19 * 8(sp)
    sd      x20, 20 * 8(sp)
    sd      x21, 21 * 8(sp)
    sd      x22, 22 * 8(sp)
    sd      x23, 23 * 8(sp)
    sd      x24, 24 * 8(sp)
    sd      x25, 25 * 8(sp)
    sd      x26, 26 * 8(sp)
    sd      x27, 27 * 8(sp)
    sd      x28, 28 * 8(sp)
    sd      x29, 29 * 8(sp)
    sd      x30, 30 * 8(sp)
    sd      x31, 31 * 8(sp)
    addi    t0, sp, FRAME_SIZE
    sd      t0, 2 * 8(sp)           /* sp as it was before the trap */
    csrr    t0, sepc
    sd      t0, SEPC(sp)
    csrr    t0, sstatus
    sd      t0, SSTATUS(sp)
    csrr    t0, scause
    sd      t0, SCAUSE(sp)
    csrr    t0, stval
    sd      t0, STVAL(sp)

    mv      a0, sp
    call    trap_handler

    ld      t0, SEPC(sp)
    csrw    sepc, t0
    ld      t0, SSTATUS(sp)
    csrw    sstatus, t0
    mv      t6, sp
    addi    sp, sp, FRAME_SIZE
    j       restore_from_t6

from_user:
    /* t6 = the thread's frame; the user's t6 is in sscratch. */
    sd      x1, 1 * 8(t6)
    sd      x2, 2 * 8(t6)
    sd      x3, 3 * 8(t6)
    sd      x4, 4 * 8(t6)
    sd      x5, 5 * 8(t6)
    sd      x6, 6 * 8(t6)
    sd      x7, 7 * 8(t6)
    sd      x8, 8 * 8(t6)
    sd      x9, 9 * 8(t6)
    sd      x10, 10 * 8(t6)
    sd      x11, 11 * 8(t6)
    sd      x12, 12 * 8(t6)
    sd      x13, 13 * 8(t6)
    sd      x14, 14 * 8(t6)
    sd      x15, 15 * 8(t6)
    sd      x16, 16 * 8(t6)
    sd      x17, 17 * 8(t6)
    sd      x18, 18 * 8(t6)
    sd      x19, 19 * 8(t6)
    sd      x20, 20 * 8(t6)
    sd      x21, 21 * 8(t6)
    sd      x22, 22 * 8(t6)
    sd      x23, 23 * 8(t6)
    sd      x24, 24 * 8(t6)
    sd      x25, 25 * 8(t6)
    sd      x26, 26 * 8(t6)
    sd      x27, 27 * 8(t6)
    sd      x28, 28 * 8(t6)
    sd      x29, 29 * 8(t6)
    sd      x30, 30 * 8(t6)
    csrrw   t5, sscratch, zero      /* the user's t6; sscratch = 0 in the kernel */
    sd      t5, 31 * 8(t6)
    csrr    t5, sepc
    sd      t5, SEPC(t6)
    csrr    t5, sstatus
    sd      t5, SSTATUS(t6)
    csrr    t5, scause
    sd      t5, SCAUSE(t6)
    csrr    t5, stval
    sd      t5, STVAL(t6)
    lla     sp, boot_stack_top
    mv      a0, t6
    call    user_trap               /* does not return: ends in arch_return_to_user */
1:  j       1b

/*
 * arch_return_to_user(frame): load the thread's registers from frame and
 * sret to its sepc; sscratch = frame for the next trap.
 */
    .globl arch_return_to_user
arch_return_to_user:
    csrw    sscratch, a0
    mv      t6, a0
    ld      t0, SEPC(t6)
    csrw    sepc, t0
    ld      t0, SSTATUS(t6)
    csrw    sstatus, t0
    ld      x2, 2 * 8(t6)
restore_from_t6:
    /* Registers x1, x3..x31 from the frame at t6 (t6 last); sp (x2) is
     * already right: the kernel path restored it by arithmetic, the user
     * path above loaded it. */
    ld      x1, 1 * 8(t6)
    ld      x3, 3 * 8(t6)
    ld      x4, 4 * 8(t6)
    ld      x5, 5 * 8(t6)
    ld      x6, 6 * 8(t6)
    ld      x7, 7 * 8(t6)
    ld      x8, 8 * 8(t6)
    ld      x9, 9 * 8(t6)
    ld      x10, 10 * 8(t6)
    ld      x11, 11 * 8(t6)
    ld      x12, 12 * 8(t6)
    ld      x13, 13 * 8(t6)
    ld      x14, 14 * 8(t6)
    ld      x15, 15 * 8(t6)
    ld      x16, 16 * 8(t6)
    ld      x17, 17 * 8(t6)
    ld      x18, 18 * 8(t6)
    ld      x19, 19 * 8(t6)
    ld      x20, 20 * 8(t6)
    ld      x21, 21 * 8(t6)
    ld      x22, 22 * 8(t6)
    ld      x23, 23 * 8(t6)
    ld      x24, 24 * 8(t6)
    ld      x25, 25 * 8(t6)
    ld      x26, 26 * 8(t6)
    ld      x27, 27 * 8(t6)
    ld      x28, 28 * 8(t6)
    ld      x29, 29 * 8(t6)
    ld      x30, 30 * 8(t6)
    ld      x31, 31 * 8(t6)
    sret
