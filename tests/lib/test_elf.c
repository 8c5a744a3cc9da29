/*
 * The ELF reader on images built here field by field: a good two-segment
 * executable, then one broken field at a time for every error it must
 * name, every truncation, and byte-wise corruption (which must give an
 * error or a self-consistent result, never an out-of-bounds read).
 */
#include "test.h"

#include "elf/elf.h"

#define IMG_SIZE 0x3000

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)v);
    put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static void phdr(uint8_t *ph, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
                 uint64_t filesz, uint64_t memsz)
{
    put32(ph, type);
    put32(ph + 4, flags);
    put64(ph + 8, off);
    put64(ph + 16, vaddr);
    put64(ph + 24, vaddr);
    put64(ph + 32, filesz);
    put64(ph + 40, memsz);
    put64(ph + 48, 0x1000);
}

/* Text R+X at 0x400000 (file 0x1000..0x1800), data R+W at 0x402000
 * (file 0x2000..0x2100, memsz 0x3000: bss), a PT_NOTE in between. */
static void build(uint8_t *img)
{
    memset(img, 0, IMG_SIZE);
    memcpy(img, "\x7f" "ELF", 4);
    img[4] = 2, img[5] = 1, img[6] = 1;
    put16(img + 16, 2);             /* ET_EXEC */
    put16(img + 18, 243);           /* EM_RISCV */
    put32(img + 20, 1);
    put64(img + 24, 0x400010);      /* entry */
    put64(img + 32, 64);            /* phoff */
    put16(img + 52, 64);
    put16(img + 54, 56);
    put16(img + 56, 3);
    phdr(img + 64, 1, 5, 0x1000, 0x400000, 0x800, 0x800);
    phdr(img + 120, 4, 4, 0x200, 0x400200, 0x10, 0x10);
    phdr(img + 176, 1, 6, 0x2000, 0x402000, 0x100, 0x3000);
}

static void test_good_image(void **state)
{
    uint8_t img[IMG_SIZE];
    struct elf_image e;
    (void)state;

    build(img);
    assert_int_equal(elf_parse(&e, img, sizeof(img)), 0);
    assert_int_equal(e.n_segments, 2);
    assert_true(e.entry == 0x400010);
    assert_true(e.seg[0].vaddr == 0x400000 && e.seg[0].flags == (ELF_SEG_R | ELF_SEG_X));
    assert_true(e.seg[1].vaddr == 0x402000 && e.seg[1].memsz == 0x3000);
    assert_true(e.seg[1].flags == (ELF_SEG_R | ELF_SEG_W));
    /* Segments come out sorted even when the table is not. */
    uint8_t tmp[56];
    memcpy(tmp, img + 64, 56);
    memcpy(img + 64, img + 176, 56);
    memcpy(img + 176, tmp, 56);
    assert_int_equal(elf_parse(&e, img, sizeof(img)), 0);
    assert_true(e.seg[0].vaddr == 0x400000);
}

static void test_each_error(void **state)
{
    uint8_t img[IMG_SIZE];
    struct elf_image e;
    (void)state;

#define EXPECT(mutation, err)                                       \
    do {                                                            \
        build(img);                                                 \
        mutation;                                                   \
        assert_int_equal(elf_parse(&e, img, sizeof(img)), err);     \
    } while (0)

    EXPECT(img[1] = 'X', ELF_ERR_MAGIC);
    EXPECT(img[4] = 1, ELF_ERR_CLASS);                  /* ELF32 */
    EXPECT(img[5] = 2, ELF_ERR_CLASS);                  /* big-endian */
    EXPECT(put16(img + 18, 62), ELF_ERR_MACHINE);       /* x86-64 */
    EXPECT(put16(img + 16, 3), ELF_ERR_TYPE);           /* ET_DYN */
    EXPECT(put16(img + 54, 32), ELF_ERR_PHDR);
    EXPECT(put16(img + 56, 0), ELF_ERR_PHDR);
    EXPECT(put64(img + 32, IMG_SIZE - 100), ELF_ERR_TRUNCATED);
    EXPECT(put64(img + 32, ~0ull - 10), ELF_ERR_TRUNCATED);
    EXPECT(put64(img + 64 + 32, 0x900), ELF_ERR_SEGMENT);       /* filesz > memsz */
    EXPECT(put64(img + 64 + 8, IMG_SIZE - 0x100), ELF_ERR_SEGMENT); /* past the image */
    EXPECT(put64(img + 176 + 16, ~0ull - 0x1000), ELF_ERR_SEGMENT); /* wraps */
    EXPECT(put32(img + 64 + 4, 7), ELF_ERR_WX);                 /* RWX text */
    EXPECT(put32(img + 176 + 4, 3), ELF_ERR_WX);                /* WX data */
    EXPECT(put64(img + 64 + 16, 0x400100), ELF_ERR_ALIGN);      /* vaddr % 4K != offset % 4K */
    EXPECT(put64(img + 176 + 16, 0x400000), ELF_ERR_SEGMENT);   /* overlaps the text */
    EXPECT(put64(img + 176 + 16, 0x401000), 0);                 /* adjacent pages: fine */
    EXPECT((put64(img + 176 + 16, 0x400800), put64(img + 176 + 8, 0x2800)),
           ELF_ERR_SEGMENT);                                    /* shares the text's page */
    EXPECT(put64(img + 24, 0x402010), ELF_ERR_ENTRY);           /* entry in data */
    EXPECT(put64(img + 24, 0x300000), ELF_ERR_ENTRY);
    EXPECT((put32(img + 64, 4), put32(img + 176, 4)), ELF_ERR_SEGMENT); /* no PT_LOAD */
#undef EXPECT
}

static void test_truncation_and_corruption(void **state)
{
    uint8_t img[IMG_SIZE];
    struct elf_image e;
    int accepted = 0;
    (void)state;

    build(img);
    for (size_t len = 0; len < 0x2100; len += (len < 300 ? 1 : 97)) {
        uint8_t *copy = malloc(len ? len : 1);
        memcpy(copy, img, len);
        assert_true(elf_parse(&e, copy, len) < 0);
        free(copy);
    }
    assert_int_equal(elf_parse(&e, img, 0x2100), 0);
    for (size_t i = 0; i < 240; i++) {
        for (int bit = 0; bit < 8; bit++) {
            build(img);
            img[i] ^= (uint8_t)(1 << bit);
            if (elf_parse(&e, img, sizeof(img)) != 0)
                continue;
            accepted++;
            /* Whatever is accepted is consistent with the image. */
            for (int s = 0; s < e.n_segments; s++) {
                assert_true(e.seg[s].offset + e.seg[s].filesz <= sizeof(img));
                assert_true(e.seg[s].filesz <= e.seg[s].memsz);
                assert_false((e.seg[s].flags & ELF_SEG_W) && (e.seg[s].flags & ELF_SEG_X));
            }
        }
    }
    assert_true(accepted > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_image),
        cmocka_unit_test(test_each_error),
        cmocka_unit_test(test_truncation_and_corruption),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
