/* The read-ahead and checking threads behind verified sequential reads
 * (see readahead.h). One mutex guards the counters; a slot's bytes belong
 * to the reader until `produced` passes it, then to the checker (odd
 * chunks) until `checked` passes it, then to the consumer until released. */
#include "readahead.h"

#include <stdlib.h>
#include <string.h>

static uint64_t chunks_of(const struct readahead *ra)
{
    return (ra->blocks + ra->chunk - 1) / ra->chunk;
}

static uint32_t chunk_blocks(const struct readahead *ra, uint64_t c)
{
    uint64_t left = ra->blocks - c * ra->chunk;

    return left < ra->chunk ? (uint32_t)left : ra->chunk;
}

static void *reader(void *arg)
{
    struct readahead *ra = arg;
    uint64_t total = chunks_of(ra);

    pthread_mutex_lock(&ra->mu);
    for (uint64_t c = 0; c < total; c++) {
        while (!ra->stop && c - ra->consumed >= READAHEAD_SLOTS)
            pthread_cond_wait(&ra->cv, &ra->mu);
        if (ra->stop)
            break;
        pthread_mutex_unlock(&ra->mu);
        struct readahead_chunk *k = &ra->slot[c % READAHEAD_SLOTS];
        k->block = c * ra->chunk;
        k->count = chunk_blocks(ra, c);
        k->read_status =
            ra->dev->read(ra->dev->arg, ra->first + k->block, k->count, k->buf) == 0 ? 0 : -1;
        k->checked = false;
        pthread_mutex_lock(&ra->mu);
        ra->produced = c + 1;
        pthread_cond_broadcast(&ra->cv);
    }
    pthread_mutex_unlock(&ra->mu);
    return NULL;
}

static void *checker(void *arg)
{
    struct readahead *ra = arg;
    uint64_t total = chunks_of(ra);

    pthread_mutex_lock(&ra->mu);
    for (uint64_t c = 1; c < total; c += 2) {
        while (!ra->stop && ra->produced <= c)
            pthread_cond_wait(&ra->cv, &ra->mu);
        if (ra->stop)
            break;
        pthread_mutex_unlock(&ra->mu);
        struct readahead_chunk *k = &ra->slot[c % READAHEAD_SLOTS];
        k->result = ra->check(ra->check_arg, k->block, k->count, k->buf, k->read_status, &k->len);
        k->checked = true;
        pthread_mutex_lock(&ra->mu);
        ra->checked = c + 1;
        pthread_cond_broadcast(&ra->cv);
    }
    pthread_mutex_unlock(&ra->mu);
    return NULL;
}

static void free_slots(struct readahead *ra)
{
    for (unsigned i = 0; i < READAHEAD_SLOTS; i++) {
        free(ra->slot[i].buf);
        ra->slot[i].buf = NULL;
    }
}

int readahead_start(struct readahead *ra, const struct lxfs_dev *dev, uint64_t first,
                    uint64_t blocks, uint32_t chunk, readahead_check_fn check, void *check_arg)
{
    memset(ra, 0, sizeof(*ra));
    ra->dev = dev;
    ra->first = first;
    ra->blocks = blocks;
    ra->chunk = chunk;
    ra->check = check;
    ra->check_arg = check_arg;
    for (unsigned i = 0; i < READAHEAD_SLOTS; i++)
        if ((ra->slot[i].buf = malloc((size_t)chunk * LXFS_BLOCK_SIZE)) == NULL) {
            free_slots(ra);
            return -1;
        }
    pthread_mutex_init(&ra->mu, NULL);
    pthread_cond_init(&ra->cv, NULL);
    if (blocks == 0)
        return 0;
    ra->running = pthread_create(&ra->thread, NULL, reader, ra) == 0;
    ra->checking = ra->running && check != NULL &&
                   pthread_create(&ra->checker, NULL, checker, ra) == 0;
    if (!ra->running || (check != NULL && !ra->checking)) {
        readahead_stop(ra);
        return -1;
    }
    return 0;
}

struct readahead_chunk *readahead_next(struct readahead *ra)
{
    uint64_t c = ra->consumed;

    if (c >= chunks_of(ra))
        return NULL;
    pthread_mutex_lock(&ra->mu);
    while (ra->produced <= c || (ra->checking && c % 2 == 1 && ra->checked <= c))
        pthread_cond_wait(&ra->cv, &ra->mu);
    pthread_mutex_unlock(&ra->mu);
    return &ra->slot[c % READAHEAD_SLOTS];
}

void readahead_release(struct readahead *ra)
{
    pthread_mutex_lock(&ra->mu);
    ra->consumed++;
    pthread_cond_broadcast(&ra->cv);
    pthread_mutex_unlock(&ra->mu);
}

void readahead_stop(struct readahead *ra)
{
    if (ra->slot[0].buf == NULL)
        return;
    pthread_mutex_lock(&ra->mu);
    ra->stop = true;
    pthread_cond_broadcast(&ra->cv);
    pthread_mutex_unlock(&ra->mu);
    if (ra->running)
        pthread_join(ra->thread, NULL);
    if (ra->checking)
        pthread_join(ra->checker, NULL);
    ra->running = ra->checking = false;
    pthread_mutex_destroy(&ra->mu);
    pthread_cond_destroy(&ra->cv);
    free_slots(ra);
}
