/*
 * Shared helpers for the libFuzzer targets in fuzz/: a reader that takes
 * parameters (sizes, split points, selectors) off the front of the fuzz
 * input, and a "split plan" that decides how a message is cut into
 * update() calls. Each target then checks that cutting the input any way
 * gives the same digest as the one-shot API.
 */
#ifndef LX_FUZZ_COMMON_H
#define LX_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The unconsumed part of the fuzz input. Reads past the end give zeros, so
 * every input is valid and short inputs still exercise the code. */
struct fz {
    const uint8_t *p;
    size_t n;
};

static inline uint8_t fz_u8(struct fz *f)
{
    uint8_t v = 0;

    if (f->n > 0) {
        v = f->p[0];
        f->p++;
        f->n--;
    }
    return v;
}

static inline uint16_t fz_u16(struct fz *f)
{
    uint16_t lo = fz_u8(f);

    return (uint16_t)(lo | (uint16_t)fz_u8(f) << 8);
}

/* Up to FZ_MAX_SPLITS chunk sizes, then "all the rest". A size is either
 * small (0..63: exercises partial blocks and empty updates) or up to 2047
 * (spans several blocks), chosen by the top bit of the 16-bit word. */
#define FZ_MAX_SPLITS 12

struct fz_splits {
    size_t len[FZ_MAX_SPLITS];
    unsigned n;
    unsigned next;
};

static inline void fz_read_splits(struct fz *f, struct fz_splits *s)
{
    s->n = fz_u8(f) % (FZ_MAX_SPLITS + 1);
    s->next = 0;
    for (unsigned i = 0; i < s->n; i++) {
        uint16_t w = fz_u16(f);
        s->len[i] = (w & 0x8000) ? (size_t)(w & 0x7ff) : (size_t)(w & 0x3f);
    }
}

/* Size of the next piece given `left` bytes to go; 0 is a legal size (an
 * empty update), and once the plan runs out the rest goes in one piece.
 * The caller loops while left > 0, so this always terminates. */
static inline size_t fz_next_chunk(struct fz_splits *s, size_t left)
{
    if (s->next < s->n) {
        size_t c = s->len[s->next++];
        return c < left ? c : left;
    }
    return left;
}

static inline void fz_check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz mismatch: %s\n", what);
        abort();
    }
}

#endif
