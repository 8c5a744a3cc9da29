/*
 * ELF64 program-header reader: decode everything, check everything, then
 * hand the loader a sorted list of segments it can map without further
 * checks. See elf.h for what is refused.
 */
#include "elf/elf.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/status.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define PT_LOAD 1
#define EM_RISCV 243
#define ET_EXEC 2
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define MAX_PHDRS 64

static int check_ident(const uint8_t *e)
{
    if (e[0] != 0x7f || e[1] != 'E' || e[2] != 'L' || e[3] != 'F')
        return ELF_ERR_MAGIC;
    /* ELFCLASS64, ELFDATA2LSB, EV_CURRENT */
    if (e[4] != 2 || e[5] != 1 || e[6] != 1)
        return ELF_ERR_CLASS;
    return LX_OK;
}

/* a + b without wrapping past 2^64. */
static int add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
    *sum = a + b;
    return *sum >= a;
}

static int decode_segment(const uint8_t *ph, size_t len, struct elf_segment *s)
{
    uint64_t end;
    uint32_t flags = load_le32(ph + 4);

    s->offset = load_le64(ph + 8);
    s->vaddr = load_le64(ph + 16);
    s->filesz = load_le64(ph + 32);
    s->memsz = load_le64(ph + 40);
    uint64_t align = load_le64(ph + 48);
    s->flags = (flags & PF_R ? ELF_SEG_R : 0) | (flags & PF_W ? ELF_SEG_W : 0) |
               (flags & PF_X ? ELF_SEG_X : 0);
    if (s->filesz > s->memsz || !add_ok(s->offset, s->filesz, &end) || end > len)
        return ELF_ERR_SEGMENT;
    if (!add_ok(s->vaddr, s->memsz, &end) || s->memsz == 0)
        return ELF_ERR_SEGMENT;
    if ((s->flags & ELF_SEG_W) && (s->flags & ELF_SEG_X))
        return ELF_ERR_WX;
    /* Pages can be mapped straight from the image only when offset and
     * vaddr agree modulo the page size. */
    if ((align != 0 && (align & (align - 1)) != 0) ||
        (s->vaddr % ELF_PAGE_SIZE) != (s->offset % ELF_PAGE_SIZE))
        return ELF_ERR_ALIGN;
    return LX_OK;
}

static void insert_sorted(struct elf_image *img, const struct elf_segment *s)
{
    int i = img->n_segments++;

    while (i > 0 && img->seg[i - 1].vaddr > s->vaddr) {
        img->seg[i] = img->seg[i - 1];
        i--;
    }
    img->seg[i] = *s;
}

/* Segments may not share a page: each page gets exactly one set of rights. */
static int check_layout(const struct elf_image *img)
{
    for (int i = 1; i < img->n_segments; i++) {
        const struct elf_segment *a = &img->seg[i - 1], *b = &img->seg[i];
        uint64_t a_last_page = (a->vaddr + a->memsz - 1) / ELF_PAGE_SIZE;
        if (b->vaddr / ELF_PAGE_SIZE <= a_last_page)
            return ELF_ERR_SEGMENT;
    }
    return LX_OK;
}

static int check_entry(const struct elf_image *img)
{
    for (int i = 0; i < img->n_segments; i++) {
        const struct elf_segment *s = &img->seg[i];
        if ((s->flags & ELF_SEG_X) && img->entry >= s->vaddr && img->entry - s->vaddr < s->memsz)
            return LX_OK;
    }
    return ELF_ERR_ENTRY;
}

int elf_parse(struct elf_image *out, const uint8_t *image, size_t len)
{
    struct elf_image img;
    int err;

    if (len < EHDR_SIZE)
        return ELF_ERR_TRUNCATED;
    if ((err = check_ident(image)) != LX_OK)
        return err;
    if (load_le16(image + 16) != ET_EXEC)
        return ELF_ERR_TYPE;
    if (load_le16(image + 18) != EM_RISCV)
        return ELF_ERR_MACHINE;
    uint64_t phoff = load_le64(image + 32);
    uint16_t phentsize = load_le16(image + 54), phnum = load_le16(image + 56);
    if (phentsize != PHDR_SIZE || phnum == 0 || phnum > MAX_PHDRS)
        return ELF_ERR_PHDR;
    if (phoff > len || (uint64_t)phnum * PHDR_SIZE > len - phoff)
        return ELF_ERR_TRUNCATED;

    lx_memset(&img, 0, sizeof(img));
    img.entry = load_le64(image + 24);
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = image + phoff + (uint64_t)i * PHDR_SIZE;
        struct elf_segment s;
        if (load_le32(ph) != PT_LOAD)
            continue;
        if ((err = decode_segment(ph, len, &s)) != LX_OK)
            return err;
        if (img.n_segments == ELF_MAX_SEGMENTS)
            return ELF_ERR_SPACE;
        insert_sorted(&img, &s);
    }
    if (img.n_segments == 0)
        return ELF_ERR_SEGMENT;
    if ((err = check_layout(&img)) != LX_OK || (err = check_entry(&img)) != LX_OK)
        return err;
    *out = img;
    return LX_OK;
}
