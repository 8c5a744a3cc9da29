/*
 * A minimal static RISC-V ELF64 executable, made in memory for the tests
 * and the fuzz target that need a program_image lib/elf accepts: a text
 * segment (with the given flags) at `base` holding the headers, and a
 * read-write bss of two pages above it.
 */
#ifndef LX_TEST_MINI_ELF_H
#define LX_TEST_MINI_ELF_H

#include <stdint.h>
#include <string.h>

#define MINI_ELF_LEN 256

static inline void mini_put(uint8_t *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline void mini_phdr(uint8_t *ph, uint32_t flags, uint64_t vaddr, uint64_t filesz,
                             uint64_t memsz)
{
    mini_put(ph, 1, 4);                 /* PT_LOAD */
    mini_put(ph + 4, flags, 4);
    mini_put(ph + 8, 0, 8);             /* offset */
    mini_put(ph + 16, vaddr, 8);
    mini_put(ph + 24, vaddr, 8);
    mini_put(ph + 32, filesz, 8);
    mini_put(ph + 40, memsz, 8);
    mini_put(ph + 48, 0x1000, 8);
}

/* Fills buf[MINI_ELF_LEN]; text_flags is PF_R|PF_X (5) for a good one. */
static inline void mini_elf(uint8_t *buf, uint64_t base, uint32_t text_flags)
{
    memset(buf, 0, MINI_ELF_LEN);
    memcpy(buf, "\x7f" "ELF\x02\x01\x01", 7);
    mini_put(buf + 16, 2, 2);           /* ET_EXEC */
    mini_put(buf + 18, 243, 2);         /* EM_RISCV */
    mini_put(buf + 20, 1, 4);
    mini_put(buf + 24, base + 0xc0, 8); /* entry, inside the text */
    mini_put(buf + 32, 64, 8);          /* phoff */
    mini_put(buf + 52, 64, 2);
    mini_put(buf + 54, 56, 2);
    mini_put(buf + 56, 2, 2);
    mini_phdr(buf + 64, text_flags, base, MINI_ELF_LEN, MINI_ELF_LEN);
    mini_phdr(buf + 120, 6, base + 0x1000, 0, 0x2000);
}

#endif
