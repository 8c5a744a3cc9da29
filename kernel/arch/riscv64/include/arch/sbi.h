/*
 * Calls into the SBI firmware (OpenSBI) below the kernel: the timer, the
 * early console and system reset (RISC-V SBI specification v1.0).
 */
#ifndef LX_ARCH_SBI_H
#define LX_ARCH_SBI_H

#include <stdint.h>

void sbi_set_timer(uint64_t stime_value);
void sbi_console_putchar(int c);
/* Power off (reason 0: none, 1: system failure). Does not return. */
_Noreturn void sbi_shutdown(int failure);

#endif
