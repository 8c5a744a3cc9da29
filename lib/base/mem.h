/*
 * Freestanding memory helpers for lib/: the only "libc" that library code
 * may use, so the same objects link into the kernel, user components and
 * host tools without pulling in a C library.
 */
#ifndef LX_BASE_MEM_H
#define LX_BASE_MEM_H

#include <stddef.h>
#include <stdint.h>

void *lx_memcpy(void *dst, const void *src, size_t n);
void *lx_memmove(void *dst, const void *src, size_t n);
void *lx_memset(void *dst, int c, size_t n);
int lx_memcmp(const void *a, const void *b, size_t n);

/* Zero memory holding secrets; the compiler may not elide it. */
void lx_memzero_secure(void *p, size_t n);

/* Constant-time equality: 1 when equal, 0 otherwise; time depends only on n. */
int lx_ct_memeq(const void *a, const void *b, size_t n);

#endif
