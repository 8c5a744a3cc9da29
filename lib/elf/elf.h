/*
 * ELF64 reader for RISC-V executables (System V gABI, RISC-V psABI): the
 * program headers of a static executable, checked strictly enough that a
 * loader can trust what it gets. The image is input from outside: every
 * offset and size is bounds-checked against the image, segments may not
 * overlap or wrap, and a segment that asks to be both writable and
 * executable is refused (W^X).
 */
#ifndef LX_ELF_H
#define LX_ELF_H

#include <stddef.h>
#include <stdint.h>

enum elf_err {
    ELF_ERR_TRUNCATED = -60,    /* image shorter than a header or table it declares */
    ELF_ERR_MAGIC = -61,        /* not ELF */
    ELF_ERR_CLASS = -62,        /* not ELF64 little-endian, version 1 */
    ELF_ERR_MACHINE = -63,      /* not EM_RISCV */
    ELF_ERR_TYPE = -64,         /* not ET_EXEC */
    ELF_ERR_PHDR = -65,         /* program header table malformed */
    ELF_ERR_SEGMENT = -66,      /* segment out of the image, filesz > memsz, overlap, wrap */
    ELF_ERR_ALIGN = -67,        /* vaddr/offset not congruent modulo the page size */
    ELF_ERR_WX = -68,           /* a segment is both writable and executable */
    ELF_ERR_ENTRY = -69,        /* entry point not inside an executable segment */
    ELF_ERR_SPACE = -70,        /* more loadable segments than ELF_MAX_SEGMENTS */
};

#define ELF_MAX_SEGMENTS 8
#define ELF_PAGE_SIZE 4096

#define ELF_SEG_R 4
#define ELF_SEG_W 2
#define ELF_SEG_X 1

struct elf_segment {
    uint64_t vaddr, memsz;      /* where it goes and how much (memsz >= filesz) */
    uint64_t offset, filesz;    /* what of the image fills it; the rest is zero */
    uint32_t flags;             /* ELF_SEG_R | W | X */
};

struct elf_image {
    uint64_t entry;
    int n_segments;
    struct elf_segment seg[ELF_MAX_SEGMENTS];  /* PT_LOAD, sorted by vaddr */
};

/* Parse and check the image; LX_OK or an elf_err. */
int elf_parse(struct elf_image *out, const uint8_t *image, size_t len);

#endif
