/*
 * Reading a run of device blocks ahead of the consumer, in a thread, into a
 * small ring of buffers: a verified read then hashes one chunk while the
 * next ones are being read, so the disk and the hashing overlap. The bytes
 * are raw (unverified); the consumer verifies each chunk before using it.
 */
#ifndef LX_HOST_READAHEAD_H
#define LX_HOST_READAHEAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "lxfs/lxfs.h"

#define READAHEAD_SLOTS 4

struct readahead {
    const struct lxfs_dev *dev;
    uint64_t first, blocks;             /* device blocks [first, first + blocks) */
    uint32_t chunk;                     /* blocks per slot */
    uint8_t *buf[READAHEAD_SLOTS];
    int status[READAHEAD_SLOTS];        /* the read's result, 0 or -1 */
    uint64_t produced, consumed;        /* chunks */
    bool stop;
    bool running;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

/* Start reading; 0, or -1 (out of memory, no thread). */
int readahead_start(struct readahead *ra, const struct lxfs_dev *dev, uint64_t first,
                    uint64_t blocks, uint32_t chunk);
/*
 * The next chunk (waits for it): its bytes (*count blocks, the last chunk
 * may be short) and its read status; NULL after the last. The bytes stay
 * valid, and may be changed, until readahead_release.
 */
uint8_t *readahead_next(struct readahead *ra, uint32_t *count, int *status);
void readahead_release(struct readahead *ra);
/* Stop the thread (also early) and free everything. */
void readahead_stop(struct readahead *ra);

#endif
