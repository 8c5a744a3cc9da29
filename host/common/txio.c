/* Transaction and chain files for the host tools (see txio.h). */
#include "txio.h"

#include <ctype.h>
#include <stdbool.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/status.h"
#include "hex.h"

static const char *const net_names[] = { "mainnet", "testnet", "hybrid", "private" };

const char *txio_network_name(int net)
{
    return net >= 0 && net < 4 ? net_names[net] : "unknown";
}

int txio_network_parse(const char *name)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(name, net_names[i]) == 0)
            return i;
    return -1;
}

int txio_network_of(const uint8_t genesis_raw[32])
{
    for (int i = 0; i < 4; i++)
        if (genesis_raw[31] == ledger_user_type((enum ledger_network)i))
            return i;
    return -1;
}

void txio_gethex(const uint8_t *raw, size_t n, char *out)
{
    uint8_t rev[128];

    for (size_t i = 0; i < n && i < sizeof(rev); i++)
        rev[i] = raw[n - 1 - i];
    hex_encode(rev, n, out);
}

static char *dup_name(const char *a, const char *b, long line)
{
    size_t n = strlen(a) + (b ? strlen(b) + 1 : 0) + 24;
    char *s = malloc(n);

    if (s == NULL)
        return NULL;
    if (b != NULL)
        snprintf(s, n, "%s/%s", a, b);
    else if (line > 0)
        snprintf(s, n, "%s:%ld", a, line);
    else
        snprintf(s, n, "%s", a);
    return s;
}

/* Hex text with white space anywhere, an even number of digits. */
static bool is_hex_text(const uint8_t *buf, size_t len)
{
    size_t digits = 0;

    for (size_t i = 0; i < len; i++) {
        if (isxdigit(buf[i]))
            digits++;
        else if (!isspace(buf[i]))
            return false;
    }
    return digits > 0 && digits % 2 == 0;
}

/* Such text decoded in place: the byte count, or -1 when it is not. */
static long unhex_text(uint8_t *buf, size_t len)
{
    size_t digits = 0;
    char pair[3] = { 0 };

    if (!is_hex_text(buf, len))
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (isspace(buf[i]))
            continue;
        pair[digits % 2] = (char)buf[i];
        if (digits % 2 == 1)
            hex_decode(pair, buf + digits / 2, 1);
        digits++;
    }
    return (long)(digits / 2);
}

static int read_file(const char *path, uint8_t **buf, size_t *len, char *err, size_t cap)
{
    FILE *f = fopen(path, "rb");
    struct stat st;

    if (f == NULL || fstat(fileno(f), &st) != 0) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    if (st.st_size > (off_t)TXIO_MAX_FILE) {
        snprintf(err, cap, "%s: larger than %u MiB", path, TXIO_MAX_FILE >> 20);
        fclose(f);
        return -1;
    }
    *buf = malloc((size_t)st.st_size + 1);
    *len = *buf ? fread(*buf, 1, (size_t)st.st_size, f) : 0;
    int bad = *buf == NULL || ferror(f);
    fclose(f);
    if (bad) {
        snprintf(err, cap, "%s: could not read", path);
        free(*buf);
        return -1;
    }
    return 0;
}

/* One transaction from a file's bytes: hex text or binary. */
static int blob_from_bytes(struct tx_blob *b, uint8_t *buf, size_t len, const char *name,
                           char *err, size_t cap)
{
    long n = unhex_text(buf, len);

    b->buf = buf;
    b->len = n >= 0 ? (size_t)n : len;
    b->name = dup_name(name, NULL, 0);
    if (b->len == 0 || b->len > TXIO_MAX_TX || b->name == NULL) {
        snprintf(err, cap, "%s: %s", name, b->len == 0 ? "empty" : "too large");
        txio_blob_free(b);
        return -1;
    }
    return 0;
}

int txio_load_one(const char *arg, struct tx_blob *b, char *err, size_t cap)
{
    uint8_t *buf;
    size_t len;
    struct stat st;

    memset(b, 0, sizeof(*b));
    if (stat(arg, &st) != 0) {
        /* Not a file: hex on the command line. */
        len = strlen(arg);
        buf = malloc(len + 1);
        if (buf == NULL)
            return -1;
        memcpy(buf, arg, len);
        long n = unhex_text(buf, len);
        if (n < 0) {
            snprintf(err, cap, "%s: no such file, and not hex", arg);
            free(buf);
            return -1;
        }
        b->buf = buf;
        b->len = (size_t)n;
        b->name = dup_name("argument", NULL, 0);
        return b->name ? 0 : -1;
    }
    if (read_file(arg, &buf, &len, err, cap) != 0)
        return -1;
    return blob_from_bytes(b, buf, len, arg, err, cap);
}

static int push(struct tx_blob **v, size_t *n, size_t *cap_n, struct tx_blob *b)
{
    if (*n == *cap_n) {
        size_t c = *cap_n ? 2 * *cap_n : 16;
        struct tx_blob *nv = realloc(*v, c * sizeof(*nv));
        if (nv == NULL)
            return -1;
        *v = nv;
        *cap_n = c;
    }
    (*v)[(*n)++] = *b;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(const char *path, struct tx_blob **v, size_t *n, size_t *vcap, char *err,
                    size_t cap)
{
    DIR *d = opendir(path);
    struct dirent *de;
    char **names = NULL;
    size_t nn = 0, ncap = 0;
    int r = 0;

    if (d == NULL) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL && r == 0) {
        if (de->d_name[0] == '.')
            continue;
        if (nn == ncap) {
            ncap = ncap ? 2 * ncap : 16;
            char **nv = realloc(names, ncap * sizeof(*nv));
            if (nv == NULL || nn >= TXIO_MAX_CHAIN) {
                free(nv ? nv : names);
                names = NULL;
                r = -1;
                snprintf(err, cap, "%s: too many files", path);
                break;
            }
            names = nv;
        }
        names[nn] = strdup(de->d_name);
        r = names[nn++] ? 0 : -1;
    }
    closedir(d);
    if (names != NULL)
        qsort(names, nn, sizeof(*names), cmp_names);
    for (size_t i = 0; i < nn && names != NULL; i++) {
        char *full = dup_name(path, names[i], 0);
        uint8_t *buf;
        size_t len;
        struct tx_blob b;
        struct stat st;
        if (r == 0 && full != NULL && stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
            r = read_file(full, &buf, &len, err, cap);
            if (r == 0)
                r = blob_from_bytes(&b, buf, len, full, err, cap);
            if (r == 0 && push(v, n, vcap, &b) != 0) {
                txio_blob_free(&b);
                r = -1;
            }
        }
        free(full);
        free(names[i]);
    }
    free(names);
    return r;
}

/* Lines of hex, one transaction each, from text (NUL-terminated at
 * buf[len]); name names the source in messages. */
static int load_text(char *buf, size_t len, const char *name, struct tx_blob **v, size_t *n,
                     size_t *vcap, char *err, size_t cap)
{
    long line = 0;
    int r = 0;

    for (char *p = buf, *e; r == 0 && p < buf + len; p = e + 1) {
        e = memchr(p, '\n', (size_t)(buf + len - p));
        if (e == NULL)
            e = buf + len;
        line++;
        size_t l = (size_t)(e - p);
        while (l > 0 && isspace((unsigned char)p[l - 1]))
            l--;
        if (l == 0 || p[0] == '#')
            continue;
        struct tx_blob b = { .buf = malloc(l + 1), .name = dup_name(name, NULL, line) };
        long bytes = b.buf ? (memcpy(b.buf, p, l), unhex_text(b.buf, l)) : -1;
        if (bytes <= 0 || (size_t)bytes > TXIO_MAX_TX || *n >= TXIO_MAX_CHAIN ||
            b.name == NULL) {
            snprintf(err, cap, "%s:%ld: not one transaction in hex", name, line);
            txio_blob_free(&b);
            r = -1;
        } else {
            b.len = (size_t)bytes;
            if (push(v, n, vcap, &b) != 0) {
                txio_blob_free(&b);
                r = -1;
            }
        }
    }
    return r;
}

static int load_lines(const char *path, struct tx_blob **v, size_t *n, size_t *vcap, char *err,
                      size_t cap)
{
    uint8_t *buf;
    size_t len;

    if (read_file(path, &buf, &len, err, cap) != 0)
        return -1;
    buf[len] = '\0';
    if (!is_hex_text(buf, len) && memchr(buf, '\n', len) == NULL) {
        /* not text: one binary transaction */
        struct tx_blob b;
        if (blob_from_bytes(&b, buf, len, path, err, cap) != 0)
            return -1;
        if (push(v, n, vcap, &b) == 0)
            return 0;
        txio_blob_free(&b);
        return -1;
    }
    int r = load_text((char *)buf, len, path, v, n, vcap, err, cap);
    free(buf);
    return r;
}

int txio_chain_from_text(const char *text, size_t len, const char *name, struct tx_blob **out,
                         size_t *n, char *err, size_t cap)
{
    char *copy = malloc(len + 1);
    size_t vcap = 0;
    int r = -1;

    *out = NULL;
    *n = 0;
    if (copy != NULL) {
        memcpy(copy, text, len);
        copy[len] = '\0';
        r = load_text(copy, len, name, out, n, &vcap, err, cap);
        free(copy);
    }
    if (r != 0) {
        txio_free_chain(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return r;
}

int txio_load_chain(const char *path, struct tx_blob **out, size_t *n, char *err, size_t cap)
{
    struct stat st;
    size_t vcap = 0;
    int r;

    *out = NULL;
    *n = 0;
    if (stat(path, &st) != 0) {
        snprintf(err, cap, "%s: %s", path, strerror(errno));
        return -1;
    }
    r = S_ISDIR(st.st_mode) ? load_dir(path, out, n, &vcap, err, cap)
                            : load_lines(path, out, n, &vcap, err, cap);
    if (r != 0) {
        txio_free_chain(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return r;
}

void txio_blob_free(struct tx_blob *b)
{
    free(b->buf);
    free(b->name);
    b->buf = NULL;
    b->name = NULL;
}

void txio_free_chain(struct tx_blob *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        txio_blob_free(&v[i]);
    free(v);
}

int txio_parse(struct ledger_tx *tx, const struct tx_blob *b, size_t *skipped, size_t *err_off)
{
    size_t off = 0;
    int r = ledger_tx_parse(tx, b->buf, b->len, err_off);

    *skipped = 0;
    if (r != LX_OK && b->len > 1 && b->buf[0] == LEDGER_MSG_TX_TRITIUM &&
        ledger_tx_parse(tx, b->buf + 1, b->len - 1, &off) == LX_OK) {
        *skipped = 1;
        return LX_OK;
    }
    return r;
}
