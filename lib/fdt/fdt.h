/*
 * Flattened device tree reader (Devicetree Specification v0.4, chapter 5):
 * the blob OpenSBI hands the kernel. The blob is input from outside, so
 * fdt_open checks the header and block bounds once, and the walker checks
 * every token against them again; nothing is read outside the blob and
 * every loop is bounded by its size.
 *
 * The walker yields one token at a time (node begin/end, property); the
 * helpers on top answer what the kernel asks at boot: the memory ranges
 * and the registers of a device found by its "compatible" string.
 */
#ifndef LX_FDT_H
#define LX_FDT_H

#include <stddef.h>
#include <stdint.h>

enum fdt_err {
    FDT_ERR_MAGIC = -40,        /* not an FDT blob */
    FDT_ERR_VERSION = -41,      /* last_comp_version newer than 17 */
    FDT_ERR_TRUNCATED = -42,    /* header sizes or offsets outside the blob */
    FDT_ERR_STRUCTURE = -43,    /* bad token, unterminated name, bad nesting */
    FDT_ERR_DEPTH = -44,        /* nodes nested deeper than FDT_MAX_DEPTH */
    FDT_ERR_NOT_FOUND = -45,
    FDT_ERR_CELLS = -46,        /* #address-cells/#size-cells out of range */
    FDT_ERR_SPACE = -47,        /* more entries than the caller's array */
};

#define FDT_MAX_DEPTH 16

struct fdt {
    const uint8_t *blob;
    uint32_t size;              /* totalsize, checked <= the caller's limit */
    uint32_t struct_off, struct_size;
    uint32_t strings_off, strings_size;
};

enum fdt_token_type { FDT_TOK_BEGIN_NODE, FDT_TOK_END_NODE, FDT_TOK_PROP, FDT_TOK_END };

struct fdt_token {
    enum fdt_token_type type;
    int depth;                  /* of the node begun/ended, or owning the property */
    const char *name;           /* node name or property name, NUL-terminated */
    const uint8_t *value;       /* property value */
    uint32_t len;               /* property value length */
};

struct fdt_walk {
    const struct fdt *fdt;
    uint32_t pos;               /* offset inside the structure block */
    int depth;
    int done;
};

/* Check the header of blob (at most max_len bytes readable). */
int fdt_open(struct fdt *fdt, const void *blob, size_t max_len);

void fdt_walk_start(struct fdt_walk *w, const struct fdt *fdt);
/* Next token; LX_OK, or an fdt_err (the walk then stays failed). */
int fdt_walk_next(struct fdt_walk *w, struct fdt_token *tok);

struct fdt_range {
    uint64_t base, size;
};

/* The "reg" ranges of every node with device_type = "memory" under the
 * root. *n receives the count; FDT_ERR_SPACE when more than max. */
int fdt_memory(const struct fdt *fdt, struct fdt_range *out, int max, int *n);

/* Most "reg" entries one node may have for fdt_find_compatible_reg. */
#define FDT_MAX_REG 8

/* The first "reg" range of the first node under the root (or under a
 * direct child such as /soc) whose "compatible" list contains compat. */
int fdt_find_compatible_reg(const struct fdt *fdt, const char *compat, struct fdt_range *out);

/*
 * A property of the root (node "") or of a direct child of the root named
 * node (unit address ignored: "cpus" matches "cpus", "memory" matches
 * "memory@80000000"). *value points into the blob.
 */
int fdt_node_prop(const struct fdt *fdt, const char *node, const char *prop,
                  const uint8_t **value, uint32_t *len);

/* Read a property value of a node found the same way as above, as one
 * 32-bit cell (e.g. "interrupts", "riscv,ndev"). */
int fdt_find_compatible_u32(const struct fdt *fdt, const char *compat, const char *prop,
                            uint32_t *out);
/* The raw value of that property (e.g. the PLIC's "interrupts-extended");
 * *value points into the blob. */
int fdt_find_compatible_prop(const struct fdt *fdt, const char *compat, const char *prop,
                             const uint8_t **value, uint32_t *len);

/* A device node: its first "reg" range and first "interrupts" cell (0
 * when it has none). */
struct fdt_device {
    struct fdt_range reg;
    uint32_t irq;
};

/* Every node (found as above) whose "compatible" contains compat, in
 * blob order: *n receives the count; FDT_ERR_SPACE when more than max.
 * None is not an error (*n = 0). */
int fdt_find_all_compatible(const struct fdt *fdt, const char *compat, struct fdt_device *out,
                            int max, int *n);

#endif
