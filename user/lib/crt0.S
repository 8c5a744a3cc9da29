/*
 * User-level program entry: the kernel starts a thread at _start with sp
 * at the top of its stack and a0 = the boot-info address (root task).
 */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    lla     gp, __global_pointer$
    .option pop
    call    main
    call    lx_exit
1:  j       1b
