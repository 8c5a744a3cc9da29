/*
 * libFuzzer target: the ELF reader (lib/elf). Any image gives an error or
 * segments that lie inside the image, are sorted, never share a page,
 * are never W+X, and contain the entry point in an executable segment.
 */
#include "elf/elf.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct elf_image e;
    int entry_ok = 0;

    if (elf_parse(&e, data, size) != 0)
        return 0;
    fz_check(e.n_segments > 0 && e.n_segments <= ELF_MAX_SEGMENTS, "segment count");
    for (int i = 0; i < e.n_segments; i++) {
        const struct elf_segment *s = &e.seg[i];
        fz_check(s->offset <= size && s->filesz <= size - s->offset, "segment outside image");
        fz_check(s->filesz <= s->memsz, "filesz > memsz");
        fz_check(!((s->flags & ELF_SEG_W) && (s->flags & ELF_SEG_X)), "W+X segment");
        if (i > 0)
            fz_check(e.seg[i - 1].vaddr + e.seg[i - 1].memsz <= s->vaddr, "overlap");
        if ((s->flags & ELF_SEG_X) && e.entry >= s->vaddr && e.entry - s->vaddr < s->memsz)
            entry_ok = 1;
    }
    fz_check(entry_ok, "entry outside executable segments");
    return 0;
}
