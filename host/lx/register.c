/*
 * `lx register show FILE|HEX [--json]`: decode a serialised Nexus register
 * state (docs/ledger-registers.md): header, owner, timestamps, data as an
 * asset or as object fields, and whether its SK64 checksum holds. Also the
 * input and printing helpers `lx proof` shares (ledger_show.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hex.h"
#include "ledger/address.h"
#include "ledger/register.h"
#include "ledger_show.h"
#include "lx.h"

#define INPUT_MAX (16u << 20)

/* ---- input ---- */

static bool only_hex(const uint8_t *p, size_t n, size_t *digits)
{
    *digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (strchr(" \t\r\n", p[i]) != NULL)
            continue;
        if (strchr("0123456789abcdefABCDEF", p[i]) == NULL || p[i] == 0)
            return false;
        (*digits)++;
    }
    return *digits > 0 && *digits % 2 == 0;
}

/* Hex digits of p (white space skipped) into out, in place. */
static size_t squeeze_hex(uint8_t *p, size_t n)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        if (strchr(" \t\r\n", p[i]) == NULL)
            p[k++] = p[i];
    p[k] = 0;
    return k;
}

int lx_read_file(const char *cmd, const char *path, uint8_t **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    uint8_t *d;

    if (f == NULL || fstat(fileno(f), &st) != 0 || st.st_size > INPUT_MAX) {
        fprintf(stderr, "lx %s: %s: %s\n", cmd, path,
                f == NULL ? strerror(errno) : "too large or unreadable");
        if (f != NULL)
            fclose(f);
        return -1;
    }
    d = malloc((size_t)st.st_size + 1);
    if (d == NULL || fread(d, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        fprintf(stderr, "lx %s: %s: read failed\n", cmd, path);
        free(d);
        fclose(f);
        return -1;
    }
    fclose(f);
    d[st.st_size] = 0;
    *buf = d;
    *len = (size_t)st.st_size;
    return 0;
}

int lx_read_input(const char *cmd, const char *arg, uint8_t **buf, size_t *len)
{
    struct stat st;
    size_t digits;
    uint8_t *d;
    int n;

    if (stat(arg, &st) == 0) {
        if (lx_read_file(cmd, arg, &d, len) != 0)
            return -1;
        if (only_hex(d, *len, &digits)) {
            squeeze_hex(d, *len);
            n = hex_decode((const char *)d, d, digits / 2);
            *len = (size_t)n;
        }
        *buf = d;
        return 0;
    }
    n = (int)strlen(arg);
    d = malloc((size_t)n / 2 + 1);
    if (d == NULL || n == 0 || (n = hex_decode(arg, d, (size_t)n / 2)) < 0) {
        fprintf(stderr, "lx %s: '%s' is neither a file nor hex\n", cmd, arg);
        free(d);
        return -1;
    }
    *buf = d;
    *len = (size_t)n;
    return 0;
}

/* ---- printing ---- */

void lx_print_hash32(FILE *out, const uint8_t raw[32])
{
    char hex[ADDR_HEX_LEN + 1];

    addr_to_hex(raw, hex);
    fputs(hex, out);
}

void lx_json_string(FILE *out, const uint8_t *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"' || s[i] == '\\')
            fprintf(out, "\\%c", s[i]);
        else if (s[i] < 0x20 || s[i] >= 0x7f)
            fprintf(out, "\\u%04x", s[i]);
        else
            fputc(s[i], out);
    }
    fputc('"', out);
}

static void print_hex(FILE *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%02x", p[i]);
}

/* Printable text as is, anything else as hex. */
static void print_text(FILE *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x20 || p[i] >= 0x7f) {
            fputs("0x", out);
            print_hex(out, p, n);
            return;
        }
    fprintf(out, "\"%.*s\"", (int)n, (const char *)p);
}

static const char *type_name(uint8_t t)
{
    static const char *const names[] = { "READONLY", "APPEND", "RAW", "OBJECT", "SYSTEM" };

    return t >= REG_READONLY && t <= REG_SYSTEM ? names[t - 1] : "UNKNOWN";
}

static void print_field_value(FILE *out, const struct reg_field *f, bool json)
{
    int w = reg_field_width(f->type);

    if (w >= 1 && w <= 8) {
        fprintf(out, "%llu", (unsigned long long)reg_field_uint(f));
    } else if (w > 8) {
        /* big integers as the node prints them: most significant first */
        if (json)
            fputc('"', out);
        for (size_t i = f->value_len; i-- > 0;)
            fprintf(out, "%02x", f->value[i]);
        if (json)
            fputc('"', out);
    } else if (f->type == REG_T_STRING) {
        if (json)
            lx_json_string(out, f->value, f->value_len);
        else
            print_text(out, f->value, f->value_len);
    } else {
        if (json)
            fputc('"', out);
        print_hex(out, f->value, f->value_len);
        if (json)
            fputc('"', out);
    }
}

static void print_data(FILE *out, const struct reg_state *st, bool json)
{
    struct reg_asset a;
    static struct reg_object obj;

    if ((st->type == REG_OBJECT || st->type == REG_SYSTEM) &&
        reg_object_parse(st->data, st->data_len, &obj, NULL) == LX_OK) {
        fputs(json ? ",\"fields\":[" : "  fields\n", out);
        for (size_t i = 0; i < obj.n; i++) {
            const struct reg_field *f = &obj.f[i];

            if (json) {
                fputs(i ? ",{\"name\":" : "{\"name\":", out);
                lx_json_string(out, f->name, f->name_len);
                fprintf(out, ",\"type\":%u,\"mutable\":%s,\"value\":", f->type,
                        f->is_mutable ? "true" : "false");
                print_field_value(out, f, true);
                fputc('}', out);
            } else {
                fprintf(out, "    %-12.*s %s", (int)f->name_len, (const char *)f->name,
                        f->is_mutable ? "mutable " : "");
                print_field_value(out, f, false);
                fputc('\n', out);
            }
        }
        if (json)
            fputc(']', out);
    } else if ((st->type == REG_RAW || st->type == REG_READONLY) &&
               reg_asset_parse(st->data, st->data_len, &a, NULL) == LX_OK) {
        size_t n = a.value_len;

        /* raw assets are zero-padded to their maximum length */
        while (st->type == REG_RAW && n > 0 && a.value[n - 1] == 0)
            n--;
        if (json) {
            fprintf(out, ",\"asset\":{\"user_type\":%u,\"value\":", a.user_type);
            lx_json_string(out, a.value, n);
            fprintf(out, ",\"length\":%zu}", a.value_len);
        } else {
            fprintf(out, "  asset      user type %u, %zu bytes: ", a.user_type, a.value_len);
            print_text(out, a.value, n);
            fputc('\n', out);
        }
    }
}

void lx_print_state(FILE *out, const struct reg_state *st, bool json)
{
    uint64_t sum = reg_state_hash(st);
    bool ok = sum == st->checksum;

    if (json) {
        fprintf(out, "{\"version\":%u,\"type\":\"%s\",\"owner\":\"", st->version,
                type_name(st->type));
        lx_print_hash32(out, st->owner);
        fprintf(out, "\",\"created\":%llu,\"modified\":%llu,\"data\":\"",
                (unsigned long long)st->created, (unsigned long long)st->modified);
        print_hex(out, st->data, st->data_len);
        fputc('"', out);
        print_data(out, st, true);
        fprintf(out, ",\"checksum\":\"%016llx\",\"checksum_valid\":%s}",
                (unsigned long long)st->checksum, ok ? "true" : "false");
        return;
    }
    fprintf(out, "  version    %u\n  type       %s (%u)\n  owner      ", st->version,
            type_name(st->type), st->type);
    lx_print_hash32(out, st->owner);
    fprintf(out, "%s\n  created    %llu\n  modified   %llu\n  data       %zu bytes\n",
            st->owner[31] == 0 ? " (in transfer)" : "", (unsigned long long)st->created,
            (unsigned long long)st->modified, st->data_len);
    print_data(out, st, false);
    fprintf(out, "  checksum   %016llx (%s)\n", (unsigned long long)st->checksum,
            ok ? "valid" : "INVALID");
    if (!ok)
        fprintf(out, "  computed   %016llx\n", (unsigned long long)sum);
}

/* ---- lx register show ---- */

static void usage_show(FILE *out)
{
    fprintf(out,
            "usage: lx register show [--json] FILE|HEX\n"
            "\n"
            "Decode one serialised register state (LLL-TAO State, as in a contract's\n"
            "pre-state or the node's database): version, type, owner, timestamps, the\n"
            "data as asset or object fields, and its SK64 checksum. FILE holds the bytes\n"
            "or their hex; HEX is the hex itself.\n"
            "Exit: 0 valid, 1 malformed or checksum wrong, 2 usage.\n");
}

static int register_show(int argc, char **argv)
{
    const char *arg = NULL;
    bool json = false;
    struct reg_state st;
    uint8_t *buf;
    size_t len, off = 0;
    int r;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage_show(stdout);
            return 0;
        } else if (argv[i][0] == '-' || arg != NULL) {
            usage_show(stderr);
            return LX_EXIT_USAGE;
        } else {
            arg = argv[i];
        }
    }
    if (arg == NULL) {
        usage_show(stderr);
        return LX_EXIT_USAGE;
    }
    if (lx_read_input("register show", arg, &buf, &len) != 0)
        return LX_EXIT_FAIL;
    r = reg_state_parse_exact(buf, len, &st, &off);
    if (r != LX_OK) {
        fprintf(stderr, "lx register show: not a register state: error %d at offset %zu\n", r,
                off);
        free(buf);
        return LX_EXIT_FAIL;
    }
    if (!json)
        printf("register state (%zu bytes)\n", len);
    lx_print_state(stdout, &st, json);
    if (json)
        putchar('\n');
    r = reg_state_check(&st);
    free(buf);
    if (r != LX_OK) {
        fprintf(stderr, "lx register show: state refused: error %d (%s)\n", r,
                r == REG_ERR_CHECKSUM ? "checksum" : r == REG_ERR_VERSION ? "version" : "type");
        return LX_EXIT_FAIL;
    }
    return 0;
}

int cmd_register(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "show") == 0)
        return register_show(argc, argv);
    if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        printf("usage: lx register show [--json] FILE|HEX   decode a register state\n");
        return 0;
    }
    fprintf(stderr, "usage: lx register show [--json] FILE|HEX   decode a register state\n");
    return LX_EXIT_USAGE;
}
