/* Shared by `lx register` and `lx proof`: reading ledger inputs (a file,
 * binary or hex text, or hex on the command line) and printing register
 * states as text or JSON. */
#ifndef LX_HOST_LEDGER_SHOW_H
#define LX_HOST_LEDGER_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ledger/register.h"

/* A whole file into a malloc'd, NUL-terminated buffer; 0, or -1 with a
 * message on stderr. */
int lx_read_file(const char *cmd, const char *path, uint8_t **buf, size_t *len);

/* arg names a file (its bytes, or hex text when it holds only hex and
 * white space) or is hex itself. 0 and a malloc'd *buf, or -1 with a
 * message on stderr. */
int lx_read_input(const char *cmd, const char *arg, uint8_t **buf, size_t *len);

/* A 32-byte raw hash (genesis, address) as the node prints it (GetHex). */
void lx_print_hash32(FILE *out, const uint8_t raw[32]);

/* A JSON string literal of n bytes. */
void lx_json_string(FILE *out, const uint8_t *s, size_t n);

/* A register state: indented "key value" lines, or one JSON object. */
void lx_print_state(FILE *out, const struct reg_state *st, bool json);

#endif
