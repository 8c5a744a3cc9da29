/* The host tools' progress bar (see progress.h). */
#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 30

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, const char *label, uint64_t total)
{
    p->label = label;
    p->total = total;
    p->done = 0;
    p->start = now();
    p->last_draw = 0;
    p->enabled = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
    p->drawn = false;
    /* LX_PROGRESS_NOW=1: draw from the start (for tests on short work). */
    const char *e = getenv("LX_PROGRESS_NOW");
    p->delay = e != NULL && strcmp(e, "1") == 0 ? 0.0 : 0.5;
}

static void draw(struct progress *p, double t)
{
    unsigned filled = p->total ? (unsigned)((double)p->done / (double)p->total * BAR_WIDTH) : 0;
    char bar[BAR_WIDTH + 1];

    for (unsigned i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    double mib = (double)p->done / (1024.0 * 1024.0);
    fprintf(stderr, "\r%s [%s] %3.0f%%  %.1f MiB  %.0f MiB/s ", p->label, bar,
            p->total ? 100.0 * (double)p->done / (double)p->total : 100.0, mib,
            mib / (t - p->start > 1e-3 ? t - p->start : 1e-3));
    p->drawn = true;
    p->last_draw = t;
}

void progress_add(struct progress *p, uint64_t amount)
{
    p->done += amount;
    if (!p->enabled)
        return;
    double t = now();
    if (t - p->start >= p->delay && t - p->last_draw >= 0.1)
        draw(p, t);
}

void progress_done(struct progress *p)
{
    if (p->drawn)
        fprintf(stderr, "\r%*s\r", BAR_WIDTH + 50, "");
    p->drawn = false;
}
