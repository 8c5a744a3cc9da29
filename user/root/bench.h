/*
 * The root task's kernel benchmarks (see bench.c): "bench" on the kernel
 * command line.
 */
#ifndef LX_ROOT_BENCH_H
#define LX_ROOT_BENCH_H

#include <stdint.h>

#include "lx/abi.h"

/* Measures and prints "bench NAME: N instructions (...)" lines; returns
 * the number of measurements that could not be set up. */
int kernel_bench(const struct lx_bootinfo *bi, uint64_t ut);

#endif
