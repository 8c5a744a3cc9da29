/*
 * Reading a run of device blocks ahead of the consumer, in a thread, into a
 * small ring of buffers: a verified read then hashes one chunk while the
 * next ones are being read, so the disk and the hashing overlap. The bytes
 * are raw (unverified): the consumer verifies each chunk before using it,
 * or has a second thread verify every second chunk (a check callback with
 * its own verifier), so that two cores hash while the reader waits on the
 * disk.
 */
#ifndef LX_HOST_READAHEAD_H
#define LX_HOST_READAHEAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "lxfs/lxfs.h"

#define READAHEAD_SLOTS 8

/* Checks a chunk that was read (read_status 0) or failed to read (-1):
 * block = its first block relative to the run; returns a status, *len. */
typedef int (*readahead_check_fn)(void *arg, uint64_t block, uint32_t count, uint8_t *buf,
                                  int read_status, size_t *len);

struct readahead_chunk {
    uint8_t *buf;
    uint64_t block;                     /* first block, relative to the run */
    uint32_t count;                     /* blocks (the last chunk may be short) */
    int read_status;                    /* 0, or -1 when the read failed */
    bool checked;                       /* the thread ran check on it: */
    int result;                         /*   its status */
    size_t len;                         /*   and *len */
};

struct readahead {
    const struct lxfs_dev *dev;
    uint64_t first, blocks;             /* device blocks [first, first + blocks) */
    uint32_t chunk;                     /* blocks per slot */
    readahead_check_fn check;           /* may be NULL */
    void *check_arg;
    struct readahead_chunk slot[READAHEAD_SLOTS];
    uint64_t produced, consumed;        /* chunks read, chunks released */
    uint64_t checked;                   /* chunks before this one are checked if odd */
    bool stop;
    bool running, checking;
    pthread_t thread, checker;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

/* Start reading (check, if not NULL, runs in a thread of its own on
 * chunks 1, 3, 5 ...); 0, or -1 (out of memory, no thread). */
int readahead_start(struct readahead *ra, const struct lxfs_dev *dev, uint64_t first,
                    uint64_t blocks, uint32_t chunk, readahead_check_fn check, void *check_arg);
/*
 * The next chunk, in order (waits for it); NULL after the last. Its bytes
 * stay valid, and may be changed, until readahead_release.
 */
struct readahead_chunk *readahead_next(struct readahead *ra);
void readahead_release(struct readahead *ra);
/* Stop the threads (also early) and free everything. */
void readahead_stop(struct readahead *ra);

#endif
