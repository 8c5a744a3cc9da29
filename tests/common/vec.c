/*
 * Test-vector readers (see vec.h). Test code: it uses the C library and
 * malloc, and it trusts the files in ../shared only as far as not crashing
 * on them; a malformed file makes the test fail, not the reader.
 */
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef LX_SHARED_DIR
#define LX_SHARED_DIR "../shared"
#endif

char *vec_load(const char *rel, size_t *len)
{
    char path[512];
    FILE *f;
    char *buf = NULL;
    size_t cap = 0, n = 0;

    if (snprintf(path, sizeof(path), "%s/%s", LX_SHARED_DIR, rel) >= (int)sizeof(path))
        return NULL;
    f = fopen(path, "rb");
    if (!f)
        return NULL;
    for (;;) {
        if (n + 1 >= cap) {
            size_t ncap = cap ? cap * 2 : 1 << 16;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t vec_hex(const char *hex, size_t hex_len, uint8_t *out, size_t cap)
{
    if (hex_len % 2 || hex_len / 2 > cap)
        return SIZE_MAX;
    for (size_t i = 0; i < hex_len / 2; i++) {
        int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return SIZE_MAX;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return hex_len / 2;
}

uint8_t *vec_hex_alloc(const char *hex, size_t hex_len, size_t *out_len)
{
    uint8_t *out = malloc(hex_len / 2 + 1);

    if (!out)
        return NULL;
    size_t n = vec_hex(hex, hex_len, out, hex_len / 2);
    if (n == SIZE_MAX) {
        free(out);
        return NULL;
    }
    if (out_len)
        *out_len = n;
    return out;
}

/* ---- "key = value" files ---- */

void rsp_open(struct rsp *r, const char *text, size_t len)
{
    r->p = text;
    r->end = text + len;
    r->section = "";
    r->section_len = 0;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* One line [s, e) without the newline, trimmed; returns the next line start. */
static const char *next_line(const char *p, const char *end, const char **s, const char **e)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;

    while (p < le && is_space(*p))
        p++;
    *s = p;
    while (le > p && is_space(le[-1]))
        le--;
    *e = le;
    return nl ? nl + 1 : end;
}

/* Split "key = value" (or "key: value"); 0 when the line has neither. */
static int split_field(const char *s, const char *e, struct rsp_field *f)
{
    const char *eq = s;

    while (eq < e && *eq != '=' && *eq != ':')
        eq++;
    if (eq == e || eq == s)
        return 0;
    const char *ke = eq, *vs = eq + 1;
    while (ke > s && is_space(ke[-1]))
        ke--;
    while (vs < e && is_space(*vs))
        vs++;
    f->key = s;
    f->key_len = (size_t)(ke - s);
    f->val = vs;
    f->val_len = (size_t)(e - vs);
    return 1;
}

int rsp_next(struct rsp *r, struct rsp_case *c)
{
    const char *s, *e;

    c->n = 0;
    while (r->p < r->end) {
        const char *next = next_line(r->p, r->end, &s, &e);
        if (s == e || *s == '#') {
            r->p = next;
            if (c->n > 0 && s == e)
                break;
            continue;
        }
        if (*s == '[' && e[-1] == ']') {
            if (c->n > 0)
                break;      /* a section header ends the case before it */
            r->section = s + 1;
            r->section_len = (size_t)(e - s - 2);
            r->p = next;
            continue;
        }
        r->p = next;
        if (c->n < RSP_MAX_FIELDS && split_field(s, e, &c->f[c->n]))
            c->n++;
    }
    c->section = r->section;
    c->section_len = r->section_len;
    return c->n > 0;
}

const char *rsp_get(const struct rsp_case *c, const char *key, size_t *len)
{
    size_t kl = strlen(key);

    for (int i = 0; i < c->n; i++) {
        if (c->f[i].key_len == kl && memcmp(c->f[i].key, key, kl) == 0) {
            if (len)
                *len = c->f[i].val_len;
            return c->f[i].val;
        }
    }
    return NULL;
}

/* ---- JSON ---- */

struct json {
    enum json_type type;
    size_t n, cap;          /* children of arrays and objects */
    struct json **kids;
    char **keys;            /* member names (objects only) */
    char *str;              /* unescaped string, or number text */
    size_t str_len;
    int boolean;
};

struct json_in {
    const char *p, *end;
    int depth;
};

static struct json *json_value(struct json_in *in);

static void skip_ws(struct json_in *in)
{
    while (in->p < in->end && (*in->p == ' ' || *in->p == '\n' || *in->p == '\r' || *in->p == '\t'))
        in->p++;
}

static struct json *json_new(enum json_type t)
{
    struct json *j = calloc(1, sizeof(*j));
    if (j)
        j->type = t;
    return j;
}

static int put_utf8(char *o, size_t *n, unsigned cp)
{
    if (cp < 0x80) {
        o[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        o[(*n)++] = (char)(0xc0 | cp >> 6);
        o[(*n)++] = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        o[(*n)++] = (char)(0xe0 | cp >> 12);
        o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[(*n)++] = (char)(0x80 | (cp & 0x3f));
    } else {
        o[(*n)++] = (char)(0xf0 | cp >> 18);
        o[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
        o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
        o[(*n)++] = (char)(0x80 | (cp & 0x3f));
    }
    return 0;
}

static int hex4(const char *p, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_nibble(p[i]);
        if (d < 0)
            return -1;
        *v = *v << 4 | (unsigned)d;
    }
    return 0;
}

/* Parse a string at in->p (which is '"'); returns malloc'd text. */
static char *json_string_raw(struct json_in *in, size_t *len)
{
    const char *p = in->p + 1;
    size_t n = 0, cap = 64;
    char *o = malloc(cap);

    if (!o)
        return NULL;
    while (p < in->end && *p != '"') {
        if (n + 4 >= cap) {
            char *no = realloc(o, cap *= 2);
            if (!no)
                goto bad;
            o = no;
        }
        if (*p != '\\') {
            o[n++] = *p++;
            continue;
        }
        if (++p >= in->end)
            goto bad;
        switch (*p) {
        case '"': case '\\': case '/': o[n++] = *p; break;
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case 'n': o[n++] = '\n'; break;
        case 'r': o[n++] = '\r'; break;
        case 't': o[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (in->end - p < 5 || hex4(p + 1, &cp))
                goto bad;
            p += 4;
            if (cp >= 0xd800 && cp < 0xdc00 && in->end - p >= 7 && p[1] == '\\' &&
                p[2] == 'u' && !hex4(p + 3, &lo) && lo >= 0xdc00 && lo < 0xe000) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                p += 6;
            }
            put_utf8(o, &n, cp);
            break;
        }
        default:
            goto bad;
        }
        p++;
    }
    if (p >= in->end)
        goto bad;
    in->p = p + 1;
    o[n] = '\0';
    *len = n;
    return o;
bad:
    free(o);
    return NULL;
}

static int json_push(struct json *j, struct json *kid, char *key)
{
    if (j->n == j->cap) {
        size_t ncap = j->cap ? j->cap * 2 : 8;
        struct json **nk = realloc(j->kids, ncap * sizeof(*nk));
        if (!nk)
            return -1;
        j->kids = nk;
        if (j->type == JSON_OBJECT) {
            char **nkeys = realloc(j->keys, ncap * sizeof(*nkeys));
            if (!nkeys)
                return -1;
            j->keys = nkeys;
        }
        j->cap = ncap;
    }
    j->kids[j->n] = kid;
    if (j->type == JSON_OBJECT)
        j->keys[j->n] = key;
    j->n++;
    return 0;
}

static struct json *json_container(struct json_in *in, enum json_type t, char close)
{
    struct json *j = json_new(t);

    if (!j || ++in->depth > 64)
        goto bad;
    in->p++;
    skip_ws(in);
    if (in->p < in->end && *in->p == close) {
        in->p++;
        in->depth--;
        return j;
    }
    for (;;) {
        char *key = NULL;
        size_t kl;
        skip_ws(in);
        if (t == JSON_OBJECT) {
            if (in->p >= in->end || *in->p != '"' || !(key = json_string_raw(in, &kl)))
                goto bad;
            skip_ws(in);
            if (in->p >= in->end || *in->p != ':') {
                free(key);
                goto bad;
            }
            in->p++;
        }
        struct json *kid = json_value(in);
        if (!kid || json_push(j, kid, key)) {
            free(key);
            json_free(kid);
            goto bad;
        }
        skip_ws(in);
        if (in->p < in->end && *in->p == ',') {
            in->p++;
            continue;
        }
        if (in->p < in->end && *in->p == close) {
            in->p++;
            in->depth--;
            return j;
        }
        goto bad;
    }
bad:
    json_free(j);
    return NULL;
}

static struct json *json_scalar(struct json_in *in)
{
    static const struct { const char *word; enum json_type t; int b; } words[] = {
        { "true", JSON_BOOL, 1 }, { "false", JSON_BOOL, 0 }, { "null", JSON_NULL, 0 },
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        size_t l = strlen(words[i].word);
        if ((size_t)(in->end - in->p) >= l && memcmp(in->p, words[i].word, l) == 0) {
            struct json *j = json_new(words[i].t);
            if (j)
                j->boolean = words[i].b;
            in->p += l;
            return j;
        }
    }
    const char *s = in->p;
    while (in->p < in->end && strchr("+-0123456789.eE", *in->p))
        in->p++;
    if (in->p == s)
        return NULL;
    struct json *j = json_new(JSON_NUMBER);
    if (!j || !(j->str = malloc((size_t)(in->p - s) + 1))) {
        free(j);
        return NULL;
    }
    memcpy(j->str, s, (size_t)(in->p - s));
    j->str[in->p - s] = '\0';
    j->str_len = (size_t)(in->p - s);
    return j;
}

static struct json *json_value(struct json_in *in)
{
    skip_ws(in);
    if (in->p >= in->end)
        return NULL;
    if (*in->p == '{')
        return json_container(in, JSON_OBJECT, '}');
    if (*in->p == '[')
        return json_container(in, JSON_ARRAY, ']');
    if (*in->p == '"') {
        struct json *j = json_new(JSON_STRING);
        if (j && !(j->str = json_string_raw(in, &j->str_len))) {
            free(j);
            return NULL;
        }
        return j;
    }
    return json_scalar(in);
}

struct json *json_parse(const char *text, size_t len)
{
    struct json_in in = { text, text + len, 0 };
    struct json *j = json_value(&in);

    skip_ws(&in);
    if (j && in.p != in.end) {
        json_free(j);
        return NULL;
    }
    return j;
}

void json_free(struct json *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n; i++) {
        json_free(j->kids[i]);
        if (j->keys)
            free(j->keys[i]);
    }
    free(j->kids);
    free(j->keys);
    free(j->str);
    free(j);
}

enum json_type json_type(const struct json *j)
{
    return j ? j->type : JSON_NULL;
}

const struct json *json_get(const struct json *j, const char *key)
{
    if (!j || j->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < j->n; i++) {
        if (strcmp(j->keys[i], key) == 0)
            return j->kids[i];
    }
    return NULL;
}

size_t json_len(const struct json *j)
{
    return j && (j->type == JSON_ARRAY || j->type == JSON_OBJECT) ? j->n : 0;
}

const struct json *json_at(const struct json *j, size_t i)
{
    return i < json_len(j) ? j->kids[i] : NULL;
}

const char *json_key(const struct json *j, size_t i)
{
    return j && j->type == JSON_OBJECT && i < j->n ? j->keys[i] : NULL;
}

const char *json_str(const struct json *j, size_t *len)
{
    if (!j || j->type != JSON_STRING)
        return NULL;
    if (len)
        *len = j->str_len;
    return j->str;
}

long long json_int(const struct json *j)
{
    return j && j->type == JSON_NUMBER ? strtoll(j->str, NULL, 10) : 0;
}

int json_bool(const struct json *j)
{
    return j && j->type == JSON_BOOL ? j->boolean : 0;
}

/* ---- JSON files ---- */

struct json *vec_load_json(const char *rel, char **text)
{
    size_t len;
    struct json *root;

    *text = vec_load(rel, &len);
    if (*text == NULL)
        return NULL;
    root = json_parse(*text, len);
    if (root == NULL) {
        free(*text);
        *text = NULL;
    }
    return root;
}

uint8_t *json_hex_member(const struct json *obj, const char *key, size_t *n)
{
    size_t len;
    const char *s = json_str(json_get(obj, key), &len);

    return s != NULL ? vec_hex_alloc(s, len, n) : NULL;
}
