/*
 * System descriptions (docs/system-description.md): the seL4 Microkit
 * `.system` XML read with libxml2 into a plain model, the checks made
 * before anything is built, and the memory plan (every kernel object and
 * frame the initialiser will make, packed into the untyped blocks of RAM).
 * The model is what the image builder consumes; the loader is split in two
 * so that the part after libxml2 (sd_load_doc) can be fuzzed on its own.
 */
#ifndef LX_HOST_SYSDESC_H
#define LX_HOST_SYSDESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf/elf.h"

#define SD_MAX_FILE (1u << 20)          /* bytes of XML */
#define SD_MAX_NAME 64                  /* bytes, with the NUL */
#define SD_MAX_PATH 256
#define SD_MAX_PDS 63
#define SD_MAX_MRS 256
#define SD_MAX_MAPS 64                  /* per PD */
#define SD_MAX_IRQS 63                  /* per PD */
#define SD_MAX_CHANNELS 1024
#define SD_MAX_ID 62                    /* channel and irq ids: 0..62 */
#define SD_MAX_PRIORITY 254             /* 255 is the initialiser's */
#define SD_MAX_IRQ 1023                 /* PLIC sources 1..1023 */

#define SD_PAGE_4K 0x1000ull
#define SD_PAGE_2M 0x200000ull
#define SD_USER_TOP (1ull << 38)        /* Sv39 user half */

/* Fixed places in every PD's address space (the image builder's too). */
#define SD_IPC_BUFFER_VADDR 0x3fffffe000ull     /* one page; the top page stays unmapped */
#define SD_STACK_TOP 0x3fffffd000ull            /* a guard page between */
#define SD_DEFAULT_STACK 0x2000ull
#define SD_MAX_STACK (16ull << 20)
#define SD_DEFAULT_PRIORITY 0
#define SD_DEFAULT_BUDGET 1000

/* The CSpace of every PD: one CNode of 2^SD_CNODE_RADIX slots. */
#define SD_CNODE_RADIX 8
#define SD_SLOT_NOTIFY_BASE 64          /* + channel id: notification to signal */
#define SD_SLOT_PPCALL_BASE 128         /* + channel id: endpoint to call */
#define SD_SLOT_IRQ_BASE 192            /* + irq id: IRQ handler */

/* Default RAM: QEMU virt under `make run`; the reserve is for OpenSBI,
 * the kernel and its boot allocations, the DTB and the initialiser. */
#define SD_RAM_BASE 0x80000000ull
#define SD_DEFAULT_RAM (256ull << 20)
#define SD_RAM_RESERVE (16ull << 20)

enum sd_perm { SD_PERM_R = 4, SD_PERM_W = 2, SD_PERM_X = 1 };

struct sd_mr {
    char name[SD_MAX_NAME];
    uint64_t size, page_size;
    uint64_t phys_addr;
    bool has_phys;                      /* a device region: no RAM needed */
    int line;
};

struct sd_map {
    int mr;                             /* index into sd_system.mr */
    uint64_t vaddr;
    unsigned perms;                     /* SD_PERM_* */
    bool cached;
    char setvar[SD_MAX_NAME];           /* "" if none */
    int line;
};

struct sd_irq {
    uint32_t irq;
    int id;
    bool edge;                          /* trigger="edge"; default level */
    int line;
};

struct sd_pd {
    char name[SD_MAX_NAME];
    int priority;
    bool passive;
    uint64_t budget, period, stack_size;
    char image[SD_MAX_PATH];            /* program_image path as written */
    int image_line;
    int n_maps, n_irqs;
    struct sd_map map[SD_MAX_MAPS];
    struct sd_irq irq[SD_MAX_IRQS];
    struct elf_image elf;               /* filled by sd_check */
    int line;
};

struct sd_end {
    int pd;                             /* index into sd_system.pd */
    int id;
    bool pp;                            /* this end may call the other */
    bool notify;                        /* this end may notify the other */
    int line;
};

struct sd_channel {
    struct sd_end end[2];
    int line;
};

/* The memory plan (sd_check): every object the initialiser retypes. */
enum sd_obj { SD_OBJ_TCB, SD_OBJ_VSPACE, SD_OBJ_CNODE, SD_OBJ_ENDPOINT, SD_OBJ_NOTIFICATION,
              SD_OBJ_PAGE_TABLE, SD_OBJ_FRAME_4K, SD_OBJ_FRAME_2M, SD_OBJ_KINDS };

struct sd_plan {
    uint64_t count[SD_OBJ_KINDS];
    uint64_t bytes_needed;              /* sum of the objects' sizes */
    uint64_t bytes_available;           /* sum of the untyped blocks */
    uint64_t ram, reserve;
    int n_untyped;
};

struct sd_system {
    char file[SD_MAX_PATH];             /* for messages */
    int line;                           /* of <system> */
    int n_pds, n_mrs, n_channels;
    struct sd_pd pd[SD_MAX_PDS];
    struct sd_mr mr[SD_MAX_MRS];
    struct sd_channel channel[SD_MAX_CHANNELS];
    struct sd_plan plan;
    char err[1024];                     /* "FILE:LINE: <element>: what" */
};

/* Reads a program image: 0 and a malloc'd buffer, or -1 with a reason in
 * `why`. The default (ctx = the .system file's directory) reads files. */
typedef int (*sd_read_fn)(void *ctx, const char *path, uint8_t **buf, size_t *len,
                          char *why, size_t why_len);

/* Parse FILE with libxml2 (no network, no DTD, no entities, at most
 * SD_MAX_FILE bytes) and load it: 0, or -1 with sys->err set. */
int sd_load_file(struct sd_system *sys, const char *path);
/* The same for LEN bytes of XML; `name` stands for the file in messages. */
int sd_load_memory(struct sd_system *sys, const char *buf, size_t len, const char *name);
/* Load an already parsed document (a libxml2 xmlDoc *). */
int sd_load_doc(struct sd_system *sys, void *doc, const char *file);

/* Every check, then the memory plan for `ram` bytes of RAM at SD_RAM_BASE:
 * 0, or -1 with sys->err set. read = NULL reads files relative to the
 * directory of sys->file. */
int sd_check(struct sd_system *sys, uint64_t ram, sd_read_fn read, void *ctx);

/* Numbers as the format writes them: decimal or 0x hex, no sign, no
 * overflow. 0 or -1. */
int sd_parse_u64(const char *s, uint64_t *out);

/* The size of one object of a kind, in bytes. */
uint64_t sd_obj_size(enum sd_obj k);
const char *sd_obj_name(enum sd_obj k);

#endif
