/* Hex encoding and strict decoding for the host tools. */
#ifndef LX_HOST_HEX_H
#define LX_HOST_HEX_H

#include <stddef.h>
#include <stdint.h>

/* out gets 2*n lowercase hex digits and a NUL. */
void hex_encode(const uint8_t *in, size_t n, char *out);

/* Exactly 2*n hex digits (either case) into n bytes; -1 otherwise. */
int hex_decode_exact(const char *s, uint8_t *out, size_t n);

/* An even number of hex digits, at most cap bytes; the byte count or -1. */
int hex_decode(const char *s, uint8_t *out, size_t cap);

#endif
