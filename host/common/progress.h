/*
 * A progress bar on stderr for long host operations: shown only when
 * stdout and stderr are terminals and the work has run for half a second,
 * redrawn at most ten times a second, erased when done. LX_PROGRESS_NOW=1
 * in the environment shows it from the start (tests).
 */
#ifndef LX_HOST_PROGRESS_H
#define LX_HOST_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
    const char *label;
    uint64_t total;
    uint64_t done;
    double start;
    double last_draw;
    double delay;                       /* seconds before the first draw */
    bool enabled;
    bool drawn;
};

void progress_init(struct progress *p, const char *label, uint64_t total);
void progress_add(struct progress *p, uint64_t amount);
void progress_done(struct progress *p);

#endif
