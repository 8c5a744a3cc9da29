/*
 * The checks on a loaded system description (docs/system-description.md)
 * made before anything is built, and the memory plan: every kernel object
 * and frame the initialiser will retype, packed into the untyped blocks
 * the kernel hands out for the available RAM. Each error names the file,
 * the line and the element it is about.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/status.h"
#include "sysdesc.h"

#define MAX_IMAGE (64u << 20)

static int cfail(struct sd_system *sys, int line, const char *elem, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int cfail(struct sd_system *sys, int line, const char *elem, const char *fmt, ...)
{
    char what[384];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(sys->err, sizeof(sys->err), "%s:%d: <%s>: %s", sys->file, line, elem, what);
    return -1;
}

static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return a < b + blen && b < a + alen;
}

/* ---- names and ids ----------------------------------------------------------- */

static int check_names(struct sd_system *sys)
{
    for (int i = 0; i < sys->n_pds; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(sys->pd[i].name, sys->pd[j].name) == 0)
                return cfail(sys, sys->pd[i].line, "protection_domain",
                             "name '%s' already used on line %d", sys->pd[i].name,
                             sys->pd[j].line);
    for (int i = 0; i < sys->n_mrs; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(sys->mr[i].name, sys->mr[j].name) == 0)
                return cfail(sys, sys->mr[i].line, "memory_region",
                             "name '%s' already used on line %d", sys->mr[i].name,
                             sys->mr[j].line);
    return 0;
}

/* The line where PD `pd` already uses channel id `id` (ends before `upto`
 * channels), or 0. */
static int channel_id_line(const struct sd_system *sys, int pd, int id, int upto, int upto_end)
{
    for (int c = 0; c <= upto && c < sys->n_channels; c++)
        for (int e = 0; e < 2 && (c < upto || e < upto_end); e++) {
            const struct sd_end *x = &sys->channel[c].end[e];
            if (x->pd == pd && x->id == id)
                return x->line;
        }
    return 0;
}

static int check_channels(struct sd_system *sys)
{
    for (int c = 0; c < sys->n_channels; c++) {
        struct sd_channel *ch = &sys->channel[c];
        if (ch->end[0].pd == ch->end[1].pd)
            return cfail(sys, ch->line, "channel", "both ends are protection domain '%s'",
                         sys->pd[ch->end[0].pd].name);
        if (ch->end[0].pp && ch->end[1].pp)
            return cfail(sys, ch->line, "channel", "pp is set on both ends; one end calls "
                                                   "the other");
        for (int e = 0; e < 2; e++) {
            const struct sd_end *x = &ch->end[e];
            int prev = channel_id_line(sys, x->pd, x->id, c, e);
            if (prev)
                return cfail(sys, x->line, "end", "channel id %d of '%s' already used on "
                             "line %d", x->id, sys->pd[x->pd].name, prev);
        }
    }
    return 0;
}

static int check_irqs(struct sd_system *sys)
{
    for (int p = 0; p < sys->n_pds; p++) {
        struct sd_pd *pd = &sys->pd[p];
        for (int i = 0; i < pd->n_irqs; i++) {
            struct sd_irq *q = &pd->irq[i];
            int ch = channel_id_line(sys, p, q->id, sys->n_channels, 0);
            if (ch)
                return cfail(sys, q->line, "irq", "id %d of '%s' is also a channel id (line %d)",
                             q->id, pd->name, ch);
            for (int j = 0; j < i; j++)
                if (pd->irq[j].id == q->id)
                    return cfail(sys, q->line, "irq", "id %d of '%s' already used on line %d",
                                 q->id, pd->name, pd->irq[j].line);
            for (int o = 0; o <= p; o++)
                for (int j = 0; j < (o == p ? i : sys->pd[o].n_irqs); j++)
                    if (sys->pd[o].irq[j].irq == q->irq)
                        return cfail(sys, q->line, "irq", "irq %u already given to '%s' on "
                                     "line %d", q->irq, sys->pd[o].name, sys->pd[o].irq[j].line);
        }
    }
    return 0;
}

/* ---- protected calls ----------------------------------------------------------- */

/* Depth-first search for a cycle of calls from `pd`; state 1 = on the
 * path, 2 = done. The path is kept to name the cycle. */
static int call_cycle(const struct sd_system *sys, int pd, char *state, int *path, int depth,
                      int *cycle_len)
{
    state[pd] = 1;
    path[depth] = pd;
    for (int c = 0; c < sys->n_channels; c++)
        for (int e = 0; e < 2; e++) {
            const struct sd_end *x = &sys->channel[c].end[e];
            int to = sys->channel[c].end[1 - e].pd;
            if (x->pd != pd || !x->pp)
                continue;
            if (state[to] == 1) {
                int k = depth;
                while (path[k] != to)
                    k--;
                memmove(path, path + k, (size_t)(depth - k + 1) * sizeof(*path));
                *cycle_len = depth - k + 1;
                return c;
            }
            if (state[to] == 0) {
                int r = call_cycle(sys, to, state, path, depth + 1, cycle_len);
                if (r >= 0)
                    return r;
            }
        }
    state[pd] = 2;
    return -1;
}

static int check_calls(struct sd_system *sys)
{
    char state[SD_MAX_PDS] = { 0 };
    int path[SD_MAX_PDS + 1], len = 0;

    for (int p = 0; p < sys->n_pds; p++) {
        int c = state[p] ? -1 : call_cycle(sys, p, state, path, 0, &len);
        if (c >= 0) {
            char names[256] = "";
            size_t n = 0;
            for (int i = 0; i <= len && n < sizeof(names); i++)
                n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? " -> " : "",
                                      sys->pd[path[i % len]].name);
            return cfail(sys, sys->channel[c].line, "channel", "protected calls form a cycle: %s",
                         names);
        }
    }
    for (int c = 0; c < sys->n_channels; c++)
        for (int e = 0; e < 2; e++) {
            const struct sd_end *x = &sys->channel[c].end[e];
            const struct sd_pd *from = &sys->pd[x->pd], *to = &sys->pd[sys->channel[c].end[1 - e].pd];
            if (x->pp && to->priority <= from->priority)
                return cfail(sys, x->line, "end", "'%s' (priority %d) may only call a higher "
                             "priority, but '%s' has %d", from->name, from->priority, to->name,
                             to->priority);
        }
    return 0;
}

/* ---- mappings -------------------------------------------------------------------- */

static int check_map(struct sd_system *sys, const struct sd_pd *pd, const struct sd_map *m)
{
    const struct sd_mr *r = &sys->mr[m->mr];

    if (m->vaddr % r->page_size != 0)
        return cfail(sys, m->line, "map", "vaddr 0x%llx is not aligned to the page size 0x%llx "
                     "of '%s'", (unsigned long long)m->vaddr, (unsigned long long)r->page_size,
                     r->name);
    if (m->vaddr >= SD_USER_TOP || r->size > SD_USER_TOP - m->vaddr)
        return cfail(sys, m->line, "map", "0x%llx + 0x%llx is outside the user half "
                     "(below 0x%llx)", (unsigned long long)m->vaddr, (unsigned long long)r->size,
                     (unsigned long long)SD_USER_TOP);
    if ((m->perms & SD_PERM_W) && (m->perms & SD_PERM_X))
        return cfail(sys, m->line, "map", "perms: writable and executable (W+X) is refused");
    if ((m->perms & SD_PERM_W) && !(m->perms & SD_PERM_R))
        return cfail(sys, m->line, "map", "perms: write needs read");
    if ((m->perms & SD_PERM_X) && r->has_phys)
        return cfail(sys, m->line, "map", "perms: device region '%s' cannot be executable",
                     r->name);
    uint64_t stack_lo = SD_STACK_TOP - pd->stack_size;
    if (overlap(m->vaddr, r->size, stack_lo, SD_USER_TOP - stack_lo))
        return cfail(sys, m->line, "map", "overlaps the stack and IPC buffer of '%s' "
                     "[0x%llx, 0x%llx)", pd->name, (unsigned long long)stack_lo,
                     (unsigned long long)SD_USER_TOP);
    for (const struct sd_map *o = pd->map; o < m; o++)
        if (overlap(m->vaddr, r->size, o->vaddr, sys->mr[o->mr].size))
            return cfail(sys, m->line, "map", "overlaps the map of '%s' on line %d",
                         sys->mr[o->mr].name, o->line);
        else if (m->setvar[0] && strcmp(m->setvar, o->setvar) == 0)
            return cfail(sys, m->line, "map", "setvar_vaddr '%s' already set on line %d",
                         m->setvar, o->line);
    return 0;
}

static int check_maps(struct sd_system *sys)
{
    for (int p = 0; p < sys->n_pds; p++)
        for (int i = 0; i < sys->pd[p].n_maps; i++)
            if (check_map(sys, &sys->pd[p], &sys->pd[p].map[i]) != 0)
                return -1;
    for (int i = 0; i < sys->n_mrs; i++)
        for (int j = 0; j < i; j++) {
            const struct sd_mr *a = &sys->mr[i], *b = &sys->mr[j];
            if (a->has_phys && b->has_phys && overlap(a->phys_addr, a->size, b->phys_addr, b->size))
                return cfail(sys, a->line, "memory_region", "phys_addr range of '%s' overlaps "
                             "'%s' on line %d", a->name, b->name, b->line);
        }
    return 0;
}

/* ---- program images ------------------------------------------------------------ */

static int read_relative(void *ctx, const char *path, uint8_t **buf, size_t *len, char *why,
                         size_t why_len)
{
    const char *file = ctx, *slash = strrchr(file, '/');
    char full[2 * SD_MAX_PATH];
    FILE *f;

    if (path[0] == '/' || slash == NULL)
        snprintf(full, sizeof(full), "%s", path);
    else
        snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - file), file, path);
    if ((f = fopen(full, "rb")) == NULL) {
        snprintf(why, why_len, "%s: %s", full, strerror(errno));
        return -1;
    }
    *buf = malloc(MAX_IMAGE + 1);
    *len = *buf ? fread(*buf, 1, MAX_IMAGE + 1, f) : 0;
    fclose(f);
    if (*buf == NULL || *len > MAX_IMAGE) {
        snprintf(why, why_len, "%s: %s", full, *buf ? "larger than 64 MiB" : "out of memory");
        free(*buf);
        return -1;
    }
    return 0;
}

static const char *elf_reason(int r)
{
    switch (r) {
    case ELF_ERR_TRUNCATED: return "truncated";
    case ELF_ERR_MAGIC: return "not an ELF file";
    case ELF_ERR_CLASS: return "not ELF64 little-endian";
    case ELF_ERR_MACHINE: return "not RISC-V";
    case ELF_ERR_TYPE: return "not a static executable (ET_EXEC)";
    case ELF_ERR_PHDR: return "malformed program headers";
    case ELF_ERR_SEGMENT: return "a segment lies outside the file, overlaps or wraps";
    case ELF_ERR_ALIGN: return "a segment's address and offset disagree modulo 4 KiB";
    case ELF_ERR_WX: return "a segment is writable and executable (W+X)";
    case ELF_ERR_ENTRY: return "the entry point is not in an executable segment";
    case ELF_ERR_SPACE: return "more than 8 loadable segments";
    default: return "rejected";
    }
}

static int check_image(struct sd_system *sys, struct sd_pd *pd, sd_read_fn read, void *ctx)
{
    char why[300];
    uint8_t *buf;
    size_t len;
    int r;

    if (read(ctx, pd->image, &buf, &len, why, sizeof(why)) != 0)
        return cfail(sys, pd->image_line, "program_image", "cannot read: %s", why);
    r = elf_parse(&pd->elf, buf, len);
    free(buf);
    if (r != LX_OK)
        return cfail(sys, pd->image_line, "program_image", "%s: %s", pd->image, elf_reason(r));
    for (int i = 0; i < pd->elf.n_segments; i++) {
        const struct elf_segment *s = &pd->elf.seg[i];
        uint64_t stack_lo = SD_STACK_TOP - pd->stack_size;
        if (s->vaddr >= stack_lo || s->memsz > stack_lo - s->vaddr)
            return cfail(sys, pd->image_line, "program_image", "%s: segment at 0x%llx reaches "
                         "the stack (0x%llx) or leaves the user half", pd->image,
                         (unsigned long long)s->vaddr, (unsigned long long)stack_lo);
        for (int m = 0; m < pd->n_maps; m++) {
            const struct sd_map *mp = &pd->map[m];
            if (overlap(s->vaddr, s->memsz, mp->vaddr, sys->mr[mp->mr].size))
                return cfail(sys, mp->line, "map", "overlaps the segment of %s at 0x%llx",
                             pd->image, (unsigned long long)s->vaddr);
        }
    }
    return 0;
}

/* ---- the memory plan -------------------------------------------------------------- */

static const uint64_t obj_size[SD_OBJ_KINDS] = {
    [SD_OBJ_TCB] = 1024, [SD_OBJ_VSPACE] = 4096, [SD_OBJ_CNODE] = 64u << SD_CNODE_RADIX,
    [SD_OBJ_ENDPOINT] = 16, [SD_OBJ_NOTIFICATION] = 64, [SD_OBJ_PAGE_TABLE] = 4096,
    [SD_OBJ_FRAME_4K] = 4096, [SD_OBJ_FRAME_2M] = 2u << 20,
};

uint64_t sd_obj_size(enum sd_obj k)
{
    return obj_size[k];
}

const char *sd_obj_name(enum sd_obj k)
{
    static const char *const names[SD_OBJ_KINDS] = {
        "tcb", "vspace", "cnode", "endpoint", "notification", "page_table", "frame_4k",
        "frame_2m",
    };
    return names[k];
}

struct span {
    uint64_t lo, hi;                    /* inclusive table indices */
};

static int span_cmp(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* How many distinct indices the spans cover (merging after a sort). */
static uint64_t distinct(struct span *s, int n)
{
    uint64_t total = 0, lo, hi;

    if (n == 0)
        return 0;
    qsort(s, (size_t)n, sizeof(*s), span_cmp);
    lo = s[0].lo;
    hi = s[0].hi;
    for (int i = 1; i < n; i++) {
        if (s[i].lo > hi + 1) {
            total += hi - lo + 1;
            lo = s[i].lo;
        }
        if (s[i].hi > hi)
            hi = s[i].hi;
    }
    return total + hi - lo + 1;
}

#define MAX_RANGES (SD_MAX_MAPS + ELF_MAX_SEGMENTS + 2)

struct ranges {
    int n;
    struct span gib[MAX_RANGES], mib[MAX_RANGES];
};

/* A range of virtual memory; small pages need the 2 MiB-level tables too. */
static void add_range(struct ranges *r, uint64_t va, uint64_t len, bool small_pages)
{
    r->gib[r->n] = (struct span){ va >> 30, (va + len - 1) >> 30 };
    r->mib[r->n] = small_pages ? (struct span){ va >> 21, (va + len - 1) >> 21 }
                               : (struct span){ 1, 0 };
    r->n++;
}

static void plan_pd(const struct sd_system *sys, int p, uint64_t *count)
{
    const struct sd_pd *pd = &sys->pd[p];
    struct ranges r = { 0 };
    int n_mib = 0;

    count[SD_OBJ_TCB]++;
    count[SD_OBJ_VSPACE]++;
    count[SD_OBJ_CNODE]++;
    count[SD_OBJ_NOTIFICATION]++;
    for (int c = 0; c < sys->n_channels; c++)
        for (int e = 0; e < 2; e++)
            if (sys->channel[c].end[e].pp && sys->channel[c].end[1 - e].pd == p) {
                count[SD_OBJ_ENDPOINT]++;       /* one, however many callers */
                c = sys->n_channels;
                break;
            }
    for (int i = 0; i < pd->elf.n_segments; i++) {
        const struct elf_segment *s = &pd->elf.seg[i];
        uint64_t lo = s->vaddr & ~(SD_PAGE_4K - 1);
        uint64_t hi = (s->vaddr + s->memsz + SD_PAGE_4K - 1) & ~(SD_PAGE_4K - 1);
        count[SD_OBJ_FRAME_4K] += (hi - lo) / SD_PAGE_4K;
        add_range(&r, lo, hi - lo, true);
    }
    count[SD_OBJ_FRAME_4K] += pd->stack_size / SD_PAGE_4K + 1;  /* + IPC buffer */
    add_range(&r, SD_STACK_TOP - pd->stack_size, pd->stack_size, true);
    add_range(&r, SD_IPC_BUFFER_VADDR, SD_PAGE_4K, true);
    for (int i = 0; i < pd->n_maps; i++) {
        const struct sd_mr *m = &sys->mr[pd->map[i].mr];
        add_range(&r, pd->map[i].vaddr, m->size, m->page_size == SD_PAGE_4K);
    }
    /* the (1, 0) spans of 2 MiB mappings are empty: drop them */
    for (int i = 0; i < r.n; i++)
        if (r.mib[i].lo <= r.mib[i].hi)
            r.mib[n_mib++] = r.mib[i];
    count[SD_OBJ_PAGE_TABLE] += distinct(r.gib, r.n) + distinct(r.mib, n_mib);
}

/* The untyped blocks for [base, end): aligned powers of two, at most 2^38,
 * as the kernel hands free RAM to the root task. */
static int untyped_blocks(uint64_t base, uint64_t end, uint64_t *blk, int max)
{
    int n = 0;

    while (base < end && n < max) {
        uint64_t size = base ? base & -base : 1ull << 38;
        while (size > end - base || size > (1ull << 38))
            size >>= 1;
        blk[n++] = size;
        base += size;
    }
    return n;
}

/* Largest objects first: each then starts aligned in its block. */
static int pack(struct sd_plan *plan, const uint64_t *blk, int n_blk)
{
    uint64_t used[128] = { 0 };
    enum sd_obj order[SD_OBJ_KINDS] = { SD_OBJ_FRAME_2M, SD_OBJ_CNODE, SD_OBJ_VSPACE,
                                        SD_OBJ_PAGE_TABLE, SD_OBJ_FRAME_4K, SD_OBJ_TCB,
                                        SD_OBJ_NOTIFICATION, SD_OBJ_ENDPOINT };

    for (int k = 0; k < SD_OBJ_KINDS; k++) {
        uint64_t size = obj_size[order[k]], left = plan->count[order[k]];
        for (int b = 0; b < n_blk && left > 0; b++) {
            uint64_t start = (used[b] + size - 1) & ~(size - 1);
            if (start >= blk[b])
                continue;
            uint64_t fit = (blk[b] - start) / size, take = fit < left ? fit : left;
            used[b] = start + take * size;
            left -= take;
        }
        if (left > 0)
            return -1;
    }
    return 0;
}

static int check_memory(struct sd_system *sys, uint64_t ram)
{
    struct sd_plan *plan = &sys->plan;
    uint64_t blk[128];

    memset(plan, 0, sizeof(*plan));
    plan->ram = ram;
    plan->reserve = SD_RAM_RESERVE;
    plan->count[SD_OBJ_ENDPOINT] = 1;           /* the initialiser's fault endpoint */
    for (int p = 0; p < sys->n_pds; p++)
        plan_pd(sys, p, plan->count);
    for (int i = 0; i < sys->n_mrs; i++)
        if (!sys->mr[i].has_phys)
            plan->count[sys->mr[i].page_size == SD_PAGE_2M ? SD_OBJ_FRAME_2M : SD_OBJ_FRAME_4K] +=
                sys->mr[i].size / sys->mr[i].page_size;
    for (int k = 0; k < SD_OBJ_KINDS; k++)
        plan->bytes_needed += plan->count[k] * obj_size[k];
    if (ram > SD_RAM_RESERVE)
        plan->n_untyped = untyped_blocks(SD_RAM_BASE + SD_RAM_RESERVE, SD_RAM_BASE + ram, blk, 128);
    for (int b = 0; b < plan->n_untyped; b++)
        plan->bytes_available += blk[b];
    if (pack(plan, blk, plan->n_untyped) != 0)
        return cfail(sys, sys->line, "system", "not enough memory: kernel objects and frames "
                     "need %llu bytes, %llu available (%llu MiB of RAM less the %llu MiB "
                     "reserve)", (unsigned long long)plan->bytes_needed,
                     (unsigned long long)plan->bytes_available,
                     (unsigned long long)(ram >> 20), (unsigned long long)(SD_RAM_RESERVE >> 20));
    return 0;
}

int sd_check(struct sd_system *sys, uint64_t ram, sd_read_fn read, void *ctx)
{
    if (read == NULL) {
        read = read_relative;
        ctx = sys->file;
    }
    if (check_names(sys) || check_channels(sys) || check_irqs(sys) || check_calls(sys) ||
        check_maps(sys))
        return -1;
    for (int p = 0; p < sys->n_pds; p++)
        if (check_image(sys, &sys->pd[p], read, ctx) != 0)
            return -1;
    return check_memory(sys, ram);
}
