/*
 * Kernel debug console: the ns16550 UART found in the device tree (kernel
 * debug output only; user-level drivers own devices). Before the UART is
 * known, output goes through the SBI console.
 */
#ifndef LX_CONSOLE_H
#define LX_CONSOLE_H

#include <stdarg.h>
#include <stdint.h>

void console_init_uart(uintptr_t base_va);
void console_putc(char c);
/* printf subset: %s %c %d %u %x %lu %lx %ld %p %%, with 0-padding width. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);

#endif
