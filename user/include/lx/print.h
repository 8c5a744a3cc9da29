/*
 * Debug output for user programs (through LX_SYS_DEBUG_PUTCHAR).
 */
#ifndef LX_USER_PRINT_H
#define LX_USER_PRINT_H

#include <stdint.h>

void lx_puts(const char *s);
void lx_put_hex(uint64_t v);
void lx_put_dec(uint64_t v);
_Noreturn void lx_exit(int status);

#endif
