/*
 * Freestanding string helpers for lib/, the kernel and user programs:
 * equality and word search in NUL-terminated strings (command lines,
 * device-tree names).
 */
#ifndef LX_BASE_STR_H
#define LX_BASE_STR_H

#include <stdbool.h>

bool lx_streq(const char *a, const char *b);

/* Whether the space-separated list s contains word exactly. */
bool lx_has_word(const char *s, const char *word);

#endif
