/*
 * The supervisor timer, programmed through SBI: a periodic tick that will
 * drive preemption. The frequency of `time` comes from the device tree.
 */
#ifndef LX_ARCH_TIMER_H
#define LX_ARCH_TIMER_H

#include <stdint.h>

void timer_init(uint32_t timebase_hz, uint32_t tick_hz);
void timer_tick(void);
uint64_t timer_ticks(void);
uint64_t arch_read_time(void);

#endif
