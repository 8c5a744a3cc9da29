/*
 * libFuzzer target: the device-tree reader (lib/fdt). Any blob must give
 * a clean error or a walk that ends within the structure block, and the
 * boot queries must never read outside the blob.
 */
#include "fdt/fdt.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fdt fdt;
    struct fdt_walk w;
    struct fdt_token tok;
    struct fdt_range mem[8], r;
    uint32_t v, tokens = 0;
    int n;

    if (fdt_open(&fdt, data, size) != 0)
        return 0;
    fdt_walk_start(&w, &fdt);
    while (fdt_walk_next(&w, &tok) == 0 && tok.type != FDT_TOK_END) {
        tokens++;
        fz_check(tokens <= fdt.struct_size / 4, "fdt walk did not make progress");
        if (tok.type == FDT_TOK_PROP)
            fz_check(tok.value >= data && tok.value + tok.len <= data + size, "prop out of blob");
    }
    (void)fdt_memory(&fdt, mem, 8, &n);
    (void)fdt_find_compatible_reg(&fdt, "ns16550a", &r);
    (void)fdt_find_compatible_u32(&fdt, "riscv,plic0", "riscv,ndev", &v);
    struct fdt_device dev[8];
    if (fdt_find_all_compatible(&fdt, "virtio,mmio", dev, 8, &n) == 0)
        fz_check(n >= 0 && n <= 8, "device count out of range");
    const uint8_t *pv;
    uint32_t plen;
    if (fdt_find_compatible_prop(&fdt, "riscv,plic0", "interrupts-extended", &pv, &plen) == 0)
        fz_check(pv >= data && pv + plen <= data + size, "property out of blob");
    return 0;
}
