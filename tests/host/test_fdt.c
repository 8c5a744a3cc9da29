/*
 * The device-tree reader against the real thing: QEMU's riscv64 virt
 * machine dumps its DTB (the blob OpenSBI passes to the kernel), and the
 * reader must find what the kernel needs in it. Then the same blob is
 * truncated and corrupted at every position: every result must be a clean
 * error or a walk that ends, never an out-of-bounds read (ASan tier).
 */
#include "test.h"

#include <unistd.h>

#include "fdt/fdt.h"

#define MEM_MB 256

static uint8_t *dump_virt_dtb(size_t *len)
{
    char dir[] = "/tmp/lx-fdt-XXXXXX", cmd[320], path[64], kernel[64];
    FILE *f;
    uint8_t *buf;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/virt.dtb", dir);
    /* -append needs a -kernel (any non-empty file) to fill /chosen/bootargs. */
    snprintf(kernel, sizeof(kernel), "%s/kernel", dir);
    f = fopen(kernel, "wb");
    assert_non_null(f);
    fputc(0, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd),
             "qemu-system-riscv64 -machine virt,dumpdtb=%s -m %dM -bios none -nographic "
             "-kernel %s -append 'lx selftest' >/dev/null 2>&1", path, MEM_MB, kernel);
    assert_int_equal(system(cmd), 0);
    f = fopen(path, "rb");
    assert_non_null(f);
    buf = malloc(1 << 20);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    unlink(path);
    unlink(kernel);
    rmdir(dir);
    return buf;
}

static void test_virt_machine(void **state)
{
    size_t len;
    uint8_t *blob = dump_virt_dtb(&len);
    struct fdt fdt;
    struct fdt_range mem[4], r;
    int n;
    uint32_t ndev;
    (void)state;

    assert_int_equal(fdt_open(&fdt, blob, len), 0);
    assert_int_equal(fdt_memory(&fdt, mem, 4, &n), 0);
    assert_int_equal(n, 1);
    assert_true(mem[0].base == 0x80000000u);
    assert_true(mem[0].size == (uint64_t)MEM_MB << 20);
    assert_int_equal(fdt_find_compatible_reg(&fdt, "ns16550a", &r), 0);
    assert_true(r.base == 0x10000000u && r.size == 0x100);
    assert_int_equal(fdt_find_compatible_reg(&fdt, "riscv,plic0", &r), 0);
    assert_true(r.base == 0x0c000000u);
    assert_int_equal(fdt_find_compatible_u32(&fdt, "riscv,plic0", "riscv,ndev", &ndev), 0);
    assert_true(ndev > 0 && ndev < 1024);
    assert_int_equal(fdt_find_compatible_u32(&fdt, "ns16550a", "interrupts", &ndev), 0);
    assert_int_equal(ndev, 10);         /* the virt machine's UART0_IRQ */
    assert_int_equal(fdt_find_compatible_reg(&fdt, "no,such-device", &r), FDT_ERR_NOT_FOUND);

    /* QEMU virt has eight virtio-mmio slots, 4 KiB apart from 0x10001000,
     * on interrupts 1..8; and one goldfish RTC on interrupt 11. */
    struct fdt_device dev[8];
    assert_int_equal(fdt_find_all_compatible(&fdt, "virtio,mmio", dev, 8, &n), 0);
    assert_int_equal(n, 8);
    for (int i = 0; i < 8; i++) {
        uint64_t want = 0x10001000u + 0x1000u * (uint64_t)i;
        int found = 0;
        for (int j = 0; j < 8; j++)
            found += dev[j].reg.base == want && dev[j].reg.size == 0x1000 &&
                     dev[j].irq == (uint32_t)(i + 1);
        assert_int_equal(found, 1);
    }
    assert_int_equal(fdt_find_all_compatible(&fdt, "virtio,mmio", dev, 7, &n), FDT_ERR_SPACE);
    assert_int_equal(fdt_find_all_compatible(&fdt, "google,goldfish-rtc", dev, 8, &n), 0);
    assert_true(n == 1 && dev[0].reg.base == 0x101000u && dev[0].irq == 11);
    assert_int_equal(fdt_find_all_compatible(&fdt, "no,such-device", dev, 8, &n), 0);
    assert_int_equal(n, 0);
    const uint8_t *ie;
    uint32_t ielen;
    /* The PLIC's contexts: (phandle, cause) pairs, M- and S-external. */
    assert_int_equal(fdt_find_compatible_prop(&fdt, "riscv,plic0", "interrupts-extended", &ie,
                                              &ielen), 0);
    assert_true(ielen >= 16 && ielen % 8 == 0);
    assert_int_equal(ie[7], 11);
    assert_int_equal(ie[15], 9);

    const uint8_t *v;
    uint32_t vlen;
    assert_int_equal(fdt_node_prop(&fdt, "cpus", "timebase-frequency", &v, &vlen), 0);
    assert_int_equal(vlen, 4);
    assert_int_equal((uint32_t)v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3], 10000000);
    assert_int_equal(fdt_node_prop(&fdt, "", "compatible", &v, &vlen), 0);
    assert_memory_equal(v, "riscv-virtio", 12);
    assert_int_equal(fdt_node_prop(&fdt, "chosen", "bootargs", &v, &vlen), 0);
    assert_string_equal((const char *)v, "lx selftest");
    /* Only direct children of the root, and only their own properties. */
    assert_int_equal(fdt_node_prop(&fdt, "cpus", "reg", &v, &vlen), FDT_ERR_NOT_FOUND);
    assert_int_equal(fdt_node_prop(&fdt, "cpu", "timebase-frequency", &v, &vlen),
                     FDT_ERR_NOT_FOUND);
    assert_int_equal(fdt_node_prop(&fdt, "memory", "device_type", &v, &vlen), 0);
    assert_int_equal(fdt_memory(&fdt, mem, 0, &n), FDT_ERR_SPACE);
    free(blob);
}

/* Walk everything; the result is LX_OK at FDT_END or an error, and the
 * number of tokens is bounded by the structure size. */
static int walk_all(const struct fdt *fdt)
{
    struct fdt_walk w;
    struct fdt_token tok;
    int err;
    uint32_t tokens = 0;

    fdt_walk_start(&w, fdt);
    while ((err = fdt_walk_next(&w, &tok)) == 0 && tok.type != FDT_TOK_END) {
        tokens++;
        assert_true(tokens <= fdt->struct_size / 4);
    }
    return err;
}

static void test_truncated_and_corrupted(void **state)
{
    size_t len;
    uint8_t *blob = dump_virt_dtb(&len), *copy;
    struct fdt fdt;
    struct fdt_range mem[4], r;
    int n, opened = 0, walked_ok = 0;
    (void)state;

    assert_int_equal(fdt_open(&fdt, blob, len), 0);
    uint32_t total = fdt.size;
    assert_int_equal(walk_all(&fdt), 0);

    /* Every truncation of the readable length is refused by fdt_open. */
    for (uint32_t cut = 0; cut < total; cut += (cut < 64 ? 1 : 61)) {
        copy = malloc(cut ? cut : 1);
        memcpy(copy, blob, cut);
        assert_true(fdt_open(&fdt, copy, cut) < 0);
        free(copy);
    }
    /* Corrupt each byte in turn (exact-size copies, so ASan sees any
     * over-read): the reader either rejects or walks to a clean end. */
    for (uint32_t i = 0; i < total; i += (i < 256 ? 1 : 7)) {
        copy = malloc(total);
        memcpy(copy, blob, total);
        copy[i] ^= (uint8_t)(0x5a + i);
        if (fdt_open(&fdt, copy, total) == 0) {
            opened++;
            walked_ok += walk_all(&fdt) == 0;
            (void)fdt_memory(&fdt, mem, 4, &n);
            (void)fdt_find_compatible_reg(&fdt, "ns16550a", &r);
            struct fdt_device dev[8];
            (void)fdt_find_all_compatible(&fdt, "virtio,mmio", dev, 8, &n);
        }
        free(copy);
    }
    assert_true(opened > 0);
    assert_true(walked_ok > 0);
    free(blob);
}

static void test_header_errors(void **state)
{
    uint8_t h[64];
    struct fdt fdt;
    (void)state;

    memset(h, 0, sizeof(h));
    assert_int_equal(fdt_open(&fdt, h, sizeof(h)), FDT_ERR_MAGIC);
    h[0] = 0xd0, h[1] = 0x0d, h[2] = 0xfe, h[3] = 0xed;
    h[7] = 64;                                  /* totalsize */
    h[23] = 17;                                 /* version */
    h[27] = 16;                                 /* last_comp_version */
    h[11] = 40, h[39] = 8;                      /* struct block 40..48 */
    h[15] = 48, h[35] = 0;                      /* empty strings block */
    h[43] = 9;                                  /* FDT_END (depth 0) */
    assert_int_equal(fdt_open(&fdt, h, sizeof(h)), 0);
    assert_int_equal(walk_all(&fdt), 0);
    assert_int_equal(fdt_open(&fdt, h, 63), FDT_ERR_TRUNCATED);
    h[27] = 18;
    assert_int_equal(fdt_open(&fdt, h, sizeof(h)), FDT_ERR_VERSION);
    h[27] = 16;
    h[39] = 40;                                 /* struct block past the end */
    assert_int_equal(fdt_open(&fdt, h, sizeof(h)), FDT_ERR_TRUNCATED);
    h[39] = 8;
    h[43] = 2;                                  /* END_NODE at depth 0 */
    assert_int_equal(fdt_open(&fdt, h, sizeof(h)), 0);
    assert_int_equal(walk_all(&fdt), FDT_ERR_STRUCTURE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_virt_machine),
        cmocka_unit_test(test_truncated_and_corrupted),
        cmocka_unit_test(test_header_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
