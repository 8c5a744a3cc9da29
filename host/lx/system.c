/*
 * `lx system check`: load a Microkit-format system description, run every
 * check of docs/system-description.md and print what the system is and
 * the memory it needs, or the first error (file:line: <element>: what).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lx.h"
#include "opts.h"
#include "sysdesc.h"

#define CHECK_USAGE                                                                         \
    "usage: lx system check FILE.system [--ram SIZE] [--json]\n"                           \
    "  Loads and checks a system description: names, channels, protected calls,\n"        \
    "  irqs, mappings, program images and the memory plan for SIZE bytes of RAM\n"         \
    "  (decimal or 0x hex, optional K/M/G suffix; default 256M, of which 16M\n"            \
    "  are reserved for firmware, kernel and initialiser).\n"                              \
    "  Exit: 0 valid, 1 an error (printed with file, line and element), 2 usage.\n"

/* SIZE with an optional K, M or G suffix; 0 or -1. */
static int parse_ram(const char *text, uint64_t *out)
{
    char num[32];
    size_t n = strlen(text);
    unsigned shift = 0;

    if (n == 0 || n >= sizeof(num))
        return -1;
    memcpy(num, text, n + 1);
    switch (num[n - 1]) {
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    default: break;
    }
    if (shift)
        num[n - 1] = 0;
    if (sd_parse_u64(num, out) != 0 || *out > (UINT64_C(1) << 40) >> shift)
        return -1;
    *out <<= shift;
    return *out % SD_PAGE_4K == 0 ? 0 : -1;
}

static const char *perms_text(unsigned p, char buf[4])
{
    int n = 0;

    if (p & SD_PERM_R)
        buf[n++] = 'r';
    if (p & SD_PERM_W)
        buf[n++] = 'w';
    if (p & SD_PERM_X)
        buf[n++] = 'x';
    buf[n] = 0;
    return buf;
}

static void print_text(const struct sd_system *sys)
{
    const struct sd_plan *pl = &sys->plan;
    char pb[4];

    printf("%s: ok: %d protection domains, %d channels, %d memory regions\n", sys->file,
           sys->n_pds, sys->n_channels, sys->n_mrs);
    for (int i = 0; i < sys->n_pds; i++) {
        const struct sd_pd *pd = &sys->pd[i];
        printf("  pd %-16s priority %3d%s  %s (%d segments), %d maps, %d irqs\n", pd->name,
               pd->priority, pd->passive ? " passive" : "", pd->image, pd->elf.n_segments,
               pd->n_maps, pd->n_irqs);
        for (int m = 0; m < pd->n_maps; m++)
            printf("    map %-14s at 0x%llx %s\n", sys->mr[pd->map[m].mr].name,
                   (unsigned long long)pd->map[m].vaddr, perms_text(pd->map[m].perms, pb));
    }
    for (int c = 0; c < sys->n_channels; c++) {
        const struct sd_end *e = sys->channel[c].end;
        printf("  channel %s:%d %s %s:%d\n", sys->pd[e[0].pd].name, e[0].id,
               e[0].pp ? "-pp->" : e[1].pp ? "<-pp-" : "<--->", sys->pd[e[1].pd].name, e[1].id);
    }
    for (int i = 0; i < sys->n_mrs; i++) {
        const struct sd_mr *m = &sys->mr[i];
        printf("  region %-14s 0x%llx bytes, pages 0x%llx", m->name, (unsigned long long)m->size,
               (unsigned long long)m->page_size);
        if (m->has_phys)
            printf(", device at 0x%llx", (unsigned long long)m->phys_addr);
        printf("\n");
    }
    printf("  objects:");
    for (int k = 0; k < SD_OBJ_KINDS; k++)
        printf(" %s %llu", sd_obj_name((enum sd_obj)k), (unsigned long long)pl->count[k]);
    printf("\n  memory: %llu bytes needed, %llu available in %d untyped blocks\n",
           (unsigned long long)pl->bytes_needed, (unsigned long long)pl->bytes_available,
           pl->n_untyped);
}

static void print_json(const struct sd_system *sys)
{
    const struct sd_plan *pl = &sys->plan;

    printf("{\"ok\":true,\"pds\":[");
    for (int i = 0; i < sys->n_pds; i++)
        printf("%s{\"name\":\"%s\",\"priority\":%d,\"passive\":%s,\"maps\":%d,\"irqs\":%d}",
               i ? "," : "", sys->pd[i].name, sys->pd[i].priority,
               sys->pd[i].passive ? "true" : "false", sys->pd[i].n_maps, sys->pd[i].n_irqs);
    printf("],\"channels\":[");
    for (int c = 0; c < sys->n_channels; c++) {
        const struct sd_end *e = sys->channel[c].end;
        printf("%s[{\"pd\":\"%s\",\"id\":%d,\"pp\":%s},{\"pd\":\"%s\",\"id\":%d,\"pp\":%s}]",
               c ? "," : "", sys->pd[e[0].pd].name, e[0].id, e[0].pp ? "true" : "false",
               sys->pd[e[1].pd].name, e[1].id, e[1].pp ? "true" : "false");
    }
    printf("],\"regions\":[");
    for (int i = 0; i < sys->n_mrs; i++)
        printf("%s{\"name\":\"%s\",\"size\":%llu,\"page_size\":%llu,\"device\":%s}", i ? "," : "",
               sys->mr[i].name, (unsigned long long)sys->mr[i].size,
               (unsigned long long)sys->mr[i].page_size, sys->mr[i].has_phys ? "true" : "false");
    printf("],\"objects\":{");
    for (int k = 0; k < SD_OBJ_KINDS; k++)
        printf("%s\"%s\":%llu", k ? "," : "", sd_obj_name((enum sd_obj)k),
               (unsigned long long)pl->count[k]);
    printf("},\"bytes_needed\":%llu,\"bytes_available\":%llu,\"untyped_blocks\":%d}\n",
           (unsigned long long)pl->bytes_needed, (unsigned long long)pl->bytes_available,
           pl->n_untyped);
}

static int system_check(int argc, char **argv)
{
    const char *ram_text = NULL;
    bool json = false;
    const struct opt table[] = { { "ram", &ram_text, NULL }, { "json", NULL, &json } };
    struct opts o;
    uint64_t ram = SD_DEFAULT_RAM;
    int status = 0;

    if (opts_parse("lx system check", argc, argv, table, 2, &o) != 0 || o.help || o.npos != 1) {
        fputs(CHECK_USAGE, o.help ? stdout : stderr);
        return o.help ? 0 : LX_EXIT_USAGE;
    }
    if (ram_text != NULL && parse_ram(ram_text, &ram) != 0) {
        fprintf(stderr, "lx system check: --ram '%s' is not a size in whole 4 KiB pages "
                        "(e.g. 32M, 0x2000000)\n", ram_text);
        return LX_EXIT_USAGE;
    }
    struct sd_system *sys = malloc(sizeof(*sys));
    if (sys == NULL)
        return LX_EXIT_FAIL;
    if (sd_load_file(sys, o.pos[0]) != 0 || sd_check(sys, ram, NULL, NULL) != 0) {
        fprintf(stderr, "lx system check: %s\n", sys->err);
        status = LX_EXIT_FAIL;
    } else if (json) {
        print_json(sys);
    } else {
        print_text(sys);
    }
    free(sys);
    return status;
}

static const struct lx_cmd system_cmds[] = {
    { "check", system_check, "FILE.system [--ram SIZE] [--json]   load and check a system" },
};

int cmd_system(int argc, char **argv)
{
    return opts_dispatch("system", system_cmds, 1, argc, argv);
}
