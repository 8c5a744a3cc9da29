/*
 * The host benchmarks' clock: seconds on CLOCK_MONOTONIC, as a double.
 */
#ifndef LX_BENCH_CLOCK_H
#define LX_BENCH_CLOCK_H

#include <time.h>

static inline double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
