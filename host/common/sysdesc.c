/*
 * The system-description loader: the .system XML (libxml2, parsed with no
 * network, no DTD and no entity expansion) walked into struct sd_system.
 * Every element and attribute is known or an error naming it; every error
 * names the file, the line and the element. The checks are in syscheck.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "sysdesc.h"

/* A loading context: the system and the element being read. */
struct ld {
    struct sd_system *sys;
    xmlNode *el;
};

static int fail(struct ld *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct ld *l, const char *fmt, ...)
{
    char what[384];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(l->sys->err, sizeof(l->sys->err), "%s:%ld: <%s>: %s", l->sys->file,
             xmlGetLineNo(l->el), (const char *)l->el->name, what);
    return -1;
}

int sd_parse_u64(const char *s, uint64_t *out)
{
    unsigned base = 10;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (*s == 0)
        return -1;
    for (; *s; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return -1;
        if (v > (UINT64_MAX - d) / base)
            return -1;
        v = v * base + d;
    }
    *out = v;
    return 0;
}

/* ---- attributes ------------------------------------------------------------ */

/* The attributes an element may have; anything else is an error. */
static int only_attrs(struct ld *l, const char *const *names)
{
    for (xmlAttr *a = l->el->properties; a != NULL; a = a->next) {
        int known = 0;
        for (const char *const *n = names; *n && !known; n++)
            known = strcmp((const char *)a->name, *n) == 0;
        if (!known)
            return fail(l, "unsupported attribute '%s'", (const char *)a->name);
    }
    return 0;
}

/* The attribute's value (xmlFree it) or NULL; `required` makes absence an error. */
static char *attr(struct ld *l, const char *name, bool required, int *err)
{
    char *v = (char *)xmlGetProp(l->el, (const xmlChar *)name);

    if (v == NULL && required)
        *err = fail(l, "missing attribute '%s'", name);
    return v;
}

static int attr_u64(struct ld *l, const char *name, bool required, uint64_t def, uint64_t max,
                    uint64_t *out)
{
    int err = 0;
    char *v = attr(l, name, required, &err);

    *out = def;
    if (v == NULL)
        return err;
    if (sd_parse_u64(v, out) != 0)
        err = fail(l, "%s '%s' is not a number (decimal or 0x hex)", name, v);
    else if (*out > max)
        err = fail(l, "%s %s is above the limit %llu", name, v, (unsigned long long)max);
    xmlFree(v);
    return err;
}

static int attr_bool(struct ld *l, const char *name, bool def, bool *out)
{
    int err = 0;
    char *v = attr(l, name, false, &err);

    *out = def;
    if (v == NULL)
        return 0;
    if (strcmp(v, "true") == 0)
        *out = true;
    else if (strcmp(v, "false") == 0)
        *out = false;
    else
        err = fail(l, "%s must be 'true' or 'false', not '%s'", name, v);
    xmlFree(v);
    return err;
}

/* A string into a fixed buffer; `ident` requires a C identifier, else a
 * name of letters, digits, '_' and '-'. */
static int attr_str(struct ld *l, const char *name, bool required, bool ident, char *out,
                    size_t cap)
{
    int err = 0;
    char *v = attr(l, name, required, &err);

    out[0] = 0;
    if (v == NULL)
        return err;
    size_t n = strlen(v);
    if (n == 0 || n >= cap) {
        err = fail(l, "%s must be 1 to %zu bytes", name, cap - 1);
    } else if (cap != SD_MAX_PATH) {
        for (size_t i = 0; i < n && err == 0; i++) {
            char c = v[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                      (c >= '0' && c <= '9' && (i > 0 || !ident)) || (c == '-' && !ident);
            if (!ok)
                err = fail(l, "%s '%s' has a character that is not allowed ('%c')", name, v,
                           c);
        }
    }
    if (err == 0)
        memcpy(out, v, n + 1);
    xmlFree(v);
    return err;
}

/* ---- children ---------------------------------------------------------------- */

/* Children that are not elements must be comments or white space. */
static int stray_node(struct ld *l, xmlNode *n)
{
    if (n->type == XML_COMMENT_NODE)
        return 0;
    if (n->type == XML_TEXT_NODE && xmlIsBlankNode(n))
        return 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return fail(l, "unexpected text");
    return fail(l, "unexpected XML node (type %d)", (int)n->type);
}

static int find_pd(const struct sd_system *sys, const char *name)
{
    for (int i = 0; i < sys->n_pds; i++)
        if (strcmp(sys->pd[i].name, name) == 0)
            return i;
    return -1;
}

static int find_mr(const struct sd_system *sys, const char *name)
{
    for (int i = 0; i < sys->n_mrs; i++)
        if (strcmp(sys->mr[i].name, name) == 0)
            return i;
    return -1;
}

static int load_mr(struct ld *l)
{
    static const char *const names[] = { "name", "size", "page_size", "phys_addr", NULL };
    struct sd_system *sys = l->sys;
    struct sd_mr *m = &sys->mr[sys->n_mrs];
    int err;

    if (sys->n_mrs == SD_MAX_MRS)
        return fail(l, "more than %d memory regions", SD_MAX_MRS);
    memset(m, 0, sizeof(*m));
    m->line = (int)xmlGetLineNo(l->el);
    err = only_attrs(l, names);
    err = err ? err : attr_str(l, "name", true, false, m->name, sizeof(m->name));
    err = err ? err : attr_u64(l, "size", true, 0, UINT64_MAX, &m->size);
    err = err ? err : attr_u64(l, "page_size", false, SD_PAGE_4K, UINT64_MAX, &m->page_size);
    if (err == 0 && xmlHasProp(l->el, (const xmlChar *)"phys_addr")) {
        m->has_phys = true;
        err = attr_u64(l, "phys_addr", true, 0, UINT64_MAX, &m->phys_addr);
    }
    if (err)
        return err;
    if (m->page_size != SD_PAGE_4K && m->page_size != SD_PAGE_2M)
        return fail(l, "page_size 0x%llx: must be 0x1000 or 0x200000",
                    (unsigned long long)m->page_size);
    if (m->size == 0 || m->size % m->page_size != 0)
        return fail(l, "size 0x%llx is not a non-zero multiple of the page size 0x%llx",
                    (unsigned long long)m->size, (unsigned long long)m->page_size);
    if (m->has_phys && m->phys_addr % m->page_size != 0)
        return fail(l, "phys_addr 0x%llx is not aligned to the page size 0x%llx",
                    (unsigned long long)m->phys_addr, (unsigned long long)m->page_size);
    if (m->has_phys && m->phys_addr + m->size < m->phys_addr)
        return fail(l, "phys_addr + size wraps around");
    sys->n_mrs++;
    return 0;
}

static int parse_perms(struct ld *l, const char *s, unsigned *out)
{
    *out = 0;
    if (*s == 0)
        return fail(l, "perms is empty");
    for (; *s; s++) {
        unsigned bit = *s == 'r' ? SD_PERM_R : *s == 'w' ? SD_PERM_W : *s == 'x' ? SD_PERM_X : 0;
        if (bit == 0)
            return fail(l, "perms: '%c' is not one of r, w, x", *s);
        if (*out & bit)
            return fail(l, "perms: '%c' given twice", *s);
        *out |= bit;
    }
    return 0;
}

static int load_map(struct ld *l, struct sd_pd *pd)
{
    static const char *const names[] = { "mr", "vaddr", "perms", "cached", "setvar_vaddr",
                                         NULL };
    struct sd_map *m = &pd->map[pd->n_maps];
    char mr[SD_MAX_NAME];
    int err;

    if (pd->n_maps == SD_MAX_MAPS)
        return fail(l, "more than %d maps in one protection domain", SD_MAX_MAPS);
    memset(m, 0, sizeof(*m));
    m->line = (int)xmlGetLineNo(l->el);
    m->perms = SD_PERM_R | SD_PERM_W;
    err = only_attrs(l, names);
    err = err ? err : attr_str(l, "mr", true, false, mr, sizeof(mr));
    err = err ? err : attr_u64(l, "vaddr", true, 0, UINT64_MAX, &m->vaddr);
    err = err ? err : attr_bool(l, "cached", true, &m->cached);
    err = err ? err : attr_str(l, "setvar_vaddr", false, true, m->setvar, sizeof(m->setvar));
    if (err == 0) {
        char *p = attr(l, "perms", false, &err);
        if (p != NULL) {
            err = parse_perms(l, p, &m->perms);
            xmlFree(p);
        }
    }
    if (err)
        return err;
    if ((m->mr = find_mr(l->sys, mr)) < 0)
        return fail(l, "no memory_region named '%s'", mr);
    pd->n_maps++;
    return 0;
}

static int load_irq(struct ld *l, struct sd_pd *pd)
{
    static const char *const names[] = { "irq", "id", "trigger", NULL };
    struct sd_irq *q = &pd->irq[pd->n_irqs];
    uint64_t irq, id;
    int err;

    if (pd->n_irqs == SD_MAX_IRQS)
        return fail(l, "more than %d irqs in one protection domain", SD_MAX_IRQS);
    memset(q, 0, sizeof(*q));
    q->line = (int)xmlGetLineNo(l->el);
    err = only_attrs(l, names);
    err = err ? err : attr_u64(l, "irq", true, 0, SD_MAX_IRQ, &irq);
    err = err ? err : attr_u64(l, "id", true, 0, SD_MAX_ID, &id);
    if (err == 0) {
        char *t = attr(l, "trigger", false, &err);
        if (t != NULL && strcmp(t, "edge") == 0)
            q->edge = true;
        else if (t != NULL && strcmp(t, "level") != 0)
            err = fail(l, "trigger must be 'level' or 'edge', not '%s'", t);
        xmlFree(t);
    }
    if (err)
        return err;
    if (irq == 0)
        return fail(l, "irq 0 is not an interrupt source (1..%d)", SD_MAX_IRQ);
    q->irq = (uint32_t)irq;
    q->id = (int)id;
    pd->n_irqs++;
    return 0;
}

static int load_image(struct ld *l, struct sd_pd *pd)
{
    static const char *const names[] = { "path", NULL };
    int err;

    if (pd->image[0])
        return fail(l, "a second program_image (the first is on line %d)", pd->image_line);
    pd->image_line = (int)xmlGetLineNo(l->el);
    err = only_attrs(l, names);
    return err ? err : attr_str(l, "path", true, false, pd->image, sizeof(pd->image));
}

static int load_pd_children(struct ld *l, struct sd_pd *pd)
{
    xmlNode *parent = l->el;
    int err = 0;

    for (xmlNode *c = parent->children; c != NULL && err == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            err = stray_node(l, c);
            continue;
        }
        struct ld cl = { l->sys, c };
        const char *n = (const char *)c->name;
        if (c->children != NULL && strcmp(n, "protection_domain") != 0) {
            for (xmlNode *g = c->children; g != NULL && err == 0; g = g->next)
                err = g->type == XML_ELEMENT_NODE
                          ? fail(&cl, "unexpected child element <%s>", (const char *)g->name)
                          : stray_node(&cl, g);
            if (err)
                break;
        }
        if (strcmp(n, "program_image") == 0)
            err = load_image(&cl, pd);
        else if (strcmp(n, "map") == 0)
            err = load_map(&cl, pd);
        else if (strcmp(n, "irq") == 0)
            err = load_irq(&cl, pd);
        else if (strcmp(n, "protection_domain") == 0)
            err = fail(&cl, "child protection domains are not supported yet");
        else
            err = fail(&cl, "unsupported element inside <protection_domain>");
    }
    if (err == 0 && pd->image[0] == 0)
        err = fail(l, "no <program_image>");
    return err;
}

static int load_pd(struct ld *l)
{
    static const char *const names[] = { "name", "priority", "passive", "budget", "period",
                                         "stack_size", NULL };
    struct sd_system *sys = l->sys;
    struct sd_pd *pd = &sys->pd[sys->n_pds];
    uint64_t prio;
    int err;

    if (sys->n_pds == SD_MAX_PDS)
        return fail(l, "more than %d protection domains", SD_MAX_PDS);
    memset(pd, 0, sizeof(*pd));
    pd->line = (int)xmlGetLineNo(l->el);
    err = only_attrs(l, names);
    err = err ? err : attr_str(l, "name", true, false, pd->name, sizeof(pd->name));
    err = err ? err : attr_u64(l, "priority", false, SD_DEFAULT_PRIORITY, SD_MAX_PRIORITY, &prio);
    err = err ? err : attr_bool(l, "passive", false, &pd->passive);
    err = err ? err : attr_u64(l, "budget", false, SD_DEFAULT_BUDGET, UINT32_MAX, &pd->budget);
    err = err ? err : attr_u64(l, "period", false, pd->budget, UINT32_MAX, &pd->period);
    err = err ? err : attr_u64(l, "stack_size", false, SD_DEFAULT_STACK, SD_MAX_STACK,
                               &pd->stack_size);
    if (err)
        return err;
    pd->priority = (int)prio;
    if (pd->budget == 0 || pd->budget > pd->period)
        return fail(l, "budget %llu must be 1..period (%llu)", (unsigned long long)pd->budget,
                    (unsigned long long)pd->period);
    if (pd->stack_size == 0 || pd->stack_size % SD_PAGE_4K != 0)
        return fail(l, "stack_size 0x%llx is not a non-zero multiple of 0x1000",
                    (unsigned long long)pd->stack_size);
    if ((err = load_pd_children(l, pd)) != 0)
        return err;
    sys->n_pds++;
    return 0;
}

static int load_end(struct ld *l, struct sd_end *e)
{
    static const char *const names[] = { "pd", "id", "pp", "notify", NULL };
    char pd[SD_MAX_NAME];
    uint64_t id;
    int err;

    memset(e, 0, sizeof(*e));
    e->line = (int)xmlGetLineNo(l->el);
    err = only_attrs(l, names);
    err = err ? err : attr_str(l, "pd", true, false, pd, sizeof(pd));
    err = err ? err : attr_u64(l, "id", true, 0, SD_MAX_ID, &id);
    err = err ? err : attr_bool(l, "pp", false, &e->pp);
    err = err ? err : attr_bool(l, "notify", true, &e->notify);
    if (err)
        return err;
    if ((e->pd = find_pd(l->sys, pd)) < 0)
        return fail(l, "no protection_domain named '%s'", pd);
    e->id = (int)id;
    return 0;
}

static int load_channel(struct ld *l)
{
    struct sd_system *sys = l->sys;
    struct sd_channel *ch = &sys->channel[sys->n_channels];
    int n = 0, err = only_attrs(l, (const char *const[]){ NULL });

    if (sys->n_channels == SD_MAX_CHANNELS)
        return fail(l, "more than %d channels", SD_MAX_CHANNELS);
    ch->line = (int)xmlGetLineNo(l->el);
    for (xmlNode *c = l->el->children; c != NULL && err == 0; c = c->next) {
        struct ld cl = { sys, c };
        if (c->type != XML_ELEMENT_NODE)
            err = stray_node(l, c);
        else if (strcmp((const char *)c->name, "end") != 0)
            err = fail(&cl, "unsupported element inside <channel>");
        else if (n == 2)
            err = fail(&cl, "a channel has exactly two <end>s; this is a third");
        else if (c->children != NULL && c->children->type == XML_ELEMENT_NODE)
            err = fail(&cl, "unexpected child element <%s>", (const char *)c->children->name);
        else
            err = load_end(&cl, &ch->end[n++]);
    }
    if (err)
        return err;
    if (n != 2)
        return fail(l, "a channel has exactly two <end>s; this one has %d", n);
    sys->n_channels++;
    return 0;
}

int sd_load_doc(struct sd_system *sys, void *doc_, const char *file)
{
    xmlDoc *doc = doc_;
    xmlNode *root = xmlDocGetRootElement(doc);
    int err = 0;

    memset(sys, 0, sizeof(*sys));
    snprintf(sys->file, sizeof(sys->file), "%s", file);
    if (root == NULL) {
        snprintf(sys->err, sizeof(sys->err), "%s: no root element", file);
        return -1;
    }
    struct ld l = { sys, root };
    sys->line = (int)xmlGetLineNo(root);
    if (doc->intSubset != NULL || doc->extSubset != NULL)
        return fail(&l, "a DOCTYPE is not allowed");
    if (strcmp((const char *)root->name, "system") != 0)
        return fail(&l, "the root element must be <system>");
    err = only_attrs(&l, (const char *const[]){ NULL });
    /* Regions first and PDs before channels, wherever they are written,
     * so that references may point forwards. */
    for (int pass = 0; pass < 3 && err == 0; pass++) {
        for (xmlNode *c = root->children; c != NULL && err == 0; c = c->next) {
            struct ld cl = { sys, c };
            const char *n = (const char *)c->name;
            if (c->type != XML_ELEMENT_NODE)
                err = pass == 0 ? stray_node(&l, c) : 0;
            else if (strcmp(n, "memory_region") == 0)
                err = pass == 0 ? load_mr(&cl) : 0;
            else if (strcmp(n, "protection_domain") == 0)
                err = pass == 1 ? load_pd(&cl) : 0;
            else if (strcmp(n, "channel") == 0)
                err = pass == 2 ? load_channel(&cl) : 0;
            else
                err = fail(&cl, "unsupported element inside <system>");
        }
    }
    if (err == 0 && sys->n_pds == 0)
        return fail(&l, "no protection domains");
    return err;
}

/* libxml2's own messages would go to stderr; keep the first one instead. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

int sd_load_memory(struct sd_system *sys, const char *buf, size_t len, const char *name)
{
    int r;

    memset(sys, 0, sizeof(*sys));
    if (len > SD_MAX_FILE) {
        snprintf(sys->err, sizeof(sys->err), "%s: larger than 1 MiB", name);
        return -1;
    }
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlResetLastError();
    xmlDoc *doc = xmlReadMemory(buf, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) {
        const xmlError *e = xmlGetLastError();
        snprintf(sys->err, sizeof(sys->err), "%s:%d: not well-formed XML: %s", name,
                 e ? e->line : 0, e && e->message ? e->message : "parse error\n");
        sys->err[strcspn(sys->err, "\n")] = 0;
        return -1;
    }
    r = sd_load_doc(sys, doc, name);
    xmlFreeDoc(doc);
    return r;
}

int sd_load_file(struct sd_system *sys, const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;
    int r;

    memset(sys, 0, sizeof(*sys));
    if (f == NULL) {
        snprintf(sys->err, sizeof(sys->err), "%s: %s", path, strerror(errno));
        return -1;
    }
    buf = malloc(SD_MAX_FILE + 1);
    n = buf ? fread(buf, 1, SD_MAX_FILE + 1, f) : 0;
    fclose(f);
    if (buf == NULL) {
        snprintf(sys->err, sizeof(sys->err), "%s: out of memory", path);
        return -1;
    }
    r = sd_load_memory(sys, buf, n, path);
    free(buf);
    return r;
}
