/*
 * The root task's ELF image, linked into the kernel (the build passes the
 * directory holding root.elf with -Wa,-I). It is data, read by lib/elf.
 */
    .section .rodata
    .balign 8
    .globl root_image_start, root_image_end
root_image_start:
    .incbin "root.elf"
root_image_end:
