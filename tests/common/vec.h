/*
 * Readers for the test-vector files in ../shared: whole-file loading, hex,
 * NIST-style "key = value" response files, and a small JSON reader. Test
 * code only (uses the C library); it runs on the host and on rv64 under
 * QEMU semihosting, which is why it does not use a host JSON library.
 */
#ifndef LX_TEST_VEC_H
#define LX_TEST_VEC_H

#include <stddef.h>
#include <stdint.h>

/* Load LX_SHARED_DIR/rel into a malloc'd NUL-terminated buffer; NULL if absent. */
char *vec_load(const char *rel, size_t *len);

/* Decode hex (either case); returns the byte count, or SIZE_MAX when the
 * input is not hex, has odd length, or does not fit in cap. */
size_t vec_hex(const char *hex, size_t hex_len, uint8_t *out, size_t cap);

/* Decode hex into a malloc'd buffer (at least 1 byte allocated); NULL on error. */
uint8_t *vec_hex_alloc(const char *hex, size_t hex_len, size_t *out_len);

/* ---- "key = value" files (NIST CAVP .rsp, XKCP KAT, BoringSSL FileTest) ---- */

#define RSP_MAX_FIELDS 16

struct rsp_field {
    const char *key, *val;
    size_t key_len, val_len;
};

struct rsp_case {
    struct rsp_field f[RSP_MAX_FIELDS];
    int n;
    const char *section;        /* text inside the last "[...]" line, or "" */
    size_t section_len;
};

struct rsp {
    const char *p, *end;
    const char *section;
    size_t section_len;
};

void rsp_open(struct rsp *r, const char *text, size_t len);
/* Next run of consecutive "key = value" lines; 1 when one was read, 0 at end. */
int rsp_next(struct rsp *r, struct rsp_case *c);
/* Value of key (case-sensitive) or NULL; *len receives its length. */
const char *rsp_get(const struct rsp_case *c, const char *key, size_t *len);

/* ---- JSON ---- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json;

/* Parse text into a malloc'd tree; NULL on a syntax error. */
struct json *json_parse(const char *text, size_t len);
void json_free(struct json *root);

enum json_type json_type(const struct json *j);
/* Member of an object, or NULL (also when j is NULL or not an object). */
const struct json *json_get(const struct json *j, const char *key);
/* Element count of an array or object; 0 otherwise. */
size_t json_len(const struct json *j);
/* i-th element of an array (or i-th member value of an object), or NULL. */
const struct json *json_at(const struct json *j, size_t i);
/* i-th member name of an object, or NULL. */
const char *json_key(const struct json *j, size_t i);
/* Unescaped NUL-terminated string (NULL unless a string); *len may be NULL. */
const char *json_str(const struct json *j, size_t *len);
/* Number as written (integers only; 0 when not a number). */
long long json_int(const struct json *j);
int json_bool(const struct json *j);

/* LX_SHARED_DIR/rel parsed; NULL when absent or malformed. *text is the
 * file's buffer: free it after json_free. */
struct json *vec_load_json(const char *rel, char **text);
/* The hex string member key of obj as malloc'd bytes; NULL when missing
 * or not hex. */
uint8_t *json_hex_member(const struct json *obj, const char *key, size_t *n);

#endif
