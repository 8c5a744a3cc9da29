/*
 * LXFS images on the host (see lxfs_image.h): the file-backed block device,
 * mounting with readable failure messages, and the edit list that `lx fs
 * build/add/rm` turn into one copy-on-write commit.
 */
#include "lxfs_image.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"

#define CACHE_BLOCKS 10
#define COPY_CHUNK (1u << 20)

/* ---- the image file as a block device ------------------------------------- */

static int fd_read(void *arg, uint64_t block, uint32_t count, void *buf)
{
    struct file_dev *d = arg;
    size_t want = (size_t)count * LXFS_BLOCK_SIZE;
    ssize_t n = pread(d->fd, buf, want, (off_t)(block * LXFS_BLOCK_SIZE));

    return n == (ssize_t)want ? 0 : -1;
}

static int fd_write(void *arg, uint64_t block, uint32_t count, const void *buf)
{
    struct file_dev *d = arg;

    /* A simulated power cut: the first writes_left blocks land, then
     * nothing more does. */
    if (d->writes_left >= 0 && (long)count > d->writes_left) {
        count = (uint32_t)d->writes_left;
        d->writes_left = 0;
        if (count > 0)
            fd_write(arg, block, count, buf);
        return -1;
    }
    if (d->writes_left >= 0)
        d->writes_left -= count;
    size_t want = (size_t)count * LXFS_BLOCK_SIZE;
    ssize_t n = pwrite(d->fd, buf, want, (off_t)(block * LXFS_BLOCK_SIZE));
    return n == (ssize_t)want ? 0 : -1;
}

static int fd_flush(void *arg)
{
    struct file_dev *d = arg;

    return fdatasync(d->fd) == 0 ? 0 : -1;
}

static void file_dev_setup(struct file_dev *d, uint64_t blocks)
{
    const char *cut = getenv("LX_FS_POWER_CUT_AFTER");

    d->writes_left = cut != NULL && *cut != '\0' ? strtol(cut, NULL, 10) : -1;
    d->dev = (struct lxfs_dev){ fd_read, fd_write, fd_flush, d, blocks };
}

int file_dev_open(struct file_dev *d, const char *path, bool writable)
{
    struct stat st;

    d->fd = open(path, writable ? O_RDWR : O_RDONLY);
    if (d->fd < 0)
        return -1;
    if (fstat(d->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        close(d->fd);
        d->fd = -1;
        errno = S_ISREG(st.st_mode) ? e : EINVAL;
        return -1;
    }
    file_dev_setup(d, (uint64_t)st.st_size / LXFS_BLOCK_SIZE);
    return 0;
}

int file_dev_create(struct file_dev *d, const char *path, uint64_t blocks)
{
    d->fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (d->fd < 0)
        return -1;
    if (ftruncate(d->fd, (off_t)(blocks * LXFS_BLOCK_SIZE)) != 0) {
        int e = errno;
        close(d->fd);
        d->fd = -1;
        errno = e;
        return -1;
    }
    file_dev_setup(d, blocks);
    return 0;
}

void file_dev_close(struct file_dev *d)
{
    if (d->fd >= 0)
        close(d->fd);
    d->fd = -1;
}

/* ---- opening an image ------------------------------------------------------ */

static int image_fail(struct image *im, const char *stage, int err)
{
    snprintf(im->stage, sizeof(im->stage), "%s", stage);
    im->err = err;
    return err;
}

int image_open(struct image *im, const char *path, bool writable, const uint8_t *expected_root)
{
    static uint8_t cache[CACHE_BLOCKS * LXFS_BLOCK_SIZE];
    int r;

    memset(im, 0, sizeof(*im));
    lxfs_where_clear(&im->where);
    if (file_dev_open(&im->fd, path, writable) != 0)
        return image_fail(im, "open", LXFS_ERR_IO);
    r = lxfs_super_select(&im->fd.dev, &im->s, &im->slot, im->slot_status, &im->where);
    if (r != LX_OK)
        return image_fail(im, "superblock", r);
    if ((r = lxfs_params(im->s.salt, im->s.salt_size, &im->p)) != LX_OK)
        return image_fail(im, "superblock", r);
    size_t size = (size_t)lxfs_data_blocks(im->s.manifest_size) * LXFS_BLOCK_SIZE;
    im->manifest_buf = malloc(size);
    if (im->manifest_buf == NULL)
        return image_fail(im, "manifest", LX_ERR_PARAM);
    r = lxfs_manifest_load(&im->fd.dev, &im->s, expected_root, im->manifest_buf, size, cache,
                           sizeof(cache), &im->m, &im->where);
    if (r != LX_OK)
        return image_fail(im, "manifest", r);
    return LX_OK;
}

void image_close(struct image *im)
{
    file_dev_close(&im->fd);
    free(im->manifest_buf);
    im->manifest_buf = NULL;
}

static const char *level_note(int err, char *buf, size_t size)
{
    int level = MERKLE_MISMATCH_LEVEL_OF(err);

    if (level >= 0)
        snprintf(buf, size, " (tree level %d)", level);
    else if (level == -1)
        snprintf(buf, size, " (level 0 entry)");
    else
        buf[0] = '\0';
    return buf;
}

void image_describe(const struct image *im, char *buf, size_t size)
{
    const struct lxfs_where *w = &im->where;
    char note[32], hex[65];

    if (strcmp(im->stage, "open") == 0) {
        snprintf(buf, size, "cannot open image: %s", strerror(errno));
    } else if (im->err == LXFS_ERR_NO_SUPER) {
        snprintf(buf, size, "no valid superblock (slot 0: %s; slot 1: %s)",
                 lxfs_strerror(im->slot_status[0]), lxfs_strerror(im->slot_status[1]));
    } else if (im->err == LXFS_ERR_TRUNCATED) {
        snprintf(buf, size, "image truncated: the volume has %llu blocks, the file %llu",
                 (unsigned long long)im->s.volume_blocks,
                 (unsigned long long)im->fd.dev.blocks);
    } else if (im->err == LXFS_ERR_ROOT) {
        hex_encode(im->s.volume_root, LXFS_HASH_SIZE, hex);
        snprintf(buf, size, "volume root %s differs from the expected root", hex);
    } else if (w->block >= 0 && strcmp(im->stage, "manifest") == 0) {
        snprintf(buf, size, "manifest block %lld: %s%s", (long long)w->block,
                 lxfs_strerror(im->err), level_note(im->err, note, sizeof(note)));
    } else if (w->entry >= 0) {
        snprintf(buf, size, "manifest entry %lld (byte %lld): %s", (long long)w->entry,
                 (long long)w->offset, lxfs_strerror(im->err));
    } else if (w->offset >= 0) {
        snprintf(buf, size, "%s%s%.0d byte %lld: %s", im->stage,
                 w->slot >= 0 && strcmp(im->stage, "superblock") == 0 ? " slot " : "",
                 w->slot >= 0 ? w->slot : 0, (long long)w->offset, lxfs_strerror(im->err));
    } else {
        snprintf(buf, size, "%s: %s", im->stage, lxfs_strerror(im->err));
    }
}

void describe_block_error(const char *path, uint64_t block, int err, char *buf, size_t size)
{
    int level = MERKLE_MISMATCH_LEVEL_OF(err);

    if (level == -1)
        snprintf(buf, size, "%s: data block %llu does not match its tree", path,
                 (unsigned long long)block);
    else if (level >= 0)
        snprintf(buf, size, "%s: data block %llu: tree block at level %d does not match", path,
                 (unsigned long long)block, level);
    else
        snprintf(buf, size, "%s: data block %llu: %s", path, (unsigned long long)block,
                 lxfs_strerror(err));
}

/* ---- edits ----------------------------------------------------------------- */

void edit_free(struct edit *ed)
{
    for (size_t i = 0; i < ed->n; i++) {
        free(ed->v[i].path);
        free(ed->v[i].src);
    }
    free(ed->v);
    memset(ed, 0, sizeof(*ed));
}

static int edit_cmp(const char *a, const char *b)
{
    return lxfs_path_cmp((const uint8_t *)a, strlen(a), (const uint8_t *)b, strlen(b));
}

/* Index of path, or -(insertion point) - 1. */
static long edit_find(const struct edit *ed, const char *path)
{
    size_t lo = 0, hi = ed->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = edit_cmp(ed->v[mid].path, path);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -(long)lo - 1;
}

static int edit_insert(struct edit *ed, size_t at, const char *path, size_t len, uint8_t type,
                       uint32_t mode)
{
    if (ed->n >= LXFS_MAX_ENTRIES)
        return LXFS_ERR_TOO_MANY;
    if (ed->n == ed->cap) {
        size_t cap = ed->cap ? ed->cap * 2 : 64;
        struct edit_entry *v = realloc(ed->v, cap * sizeof(*v));
        if (v == NULL)
            return LX_ERR_PARAM;
        ed->v = v;
        ed->cap = cap;
    }
    char *copy = strndup(path, len);
    if (copy == NULL)
        return LX_ERR_PARAM;
    memmove(&ed->v[at + 1], &ed->v[at], (ed->n - at) * sizeof(ed->v[0]));
    memset(&ed->v[at], 0, sizeof(ed->v[0]));
    ed->v[at].path = copy;
    ed->v[at].e.type = type;
    ed->v[at].e.mode = mode & LXFS_MODE_MASK;
    ed->n++;
    return LX_OK;
}

int edit_append(struct edit *ed, const char *path, uint8_t type, uint32_t mode, uint64_t size,
                const char *src)
{
    int r;

    if (lxfs_path_check((const uint8_t *)path, strlen(path)) != LX_OK)
        return LXFS_ERR_PATH;
    if ((r = edit_insert(ed, ed->n, path, strlen(path), type, mode)) != LX_OK)
        return r;
    ed->v[ed->n - 1].e.size = size;
    if (src != NULL && (ed->v[ed->n - 1].src = strdup(src)) == NULL)
        return LX_ERR_PARAM;
    return LX_OK;
}

static int edit_entry_cmp(const void *a, const void *b)
{
    return edit_cmp(((const struct edit_entry *)a)->path, ((const struct edit_entry *)b)->path);
}

void edit_sort(struct edit *ed)
{
    if (ed->n > 1)
        qsort(ed->v, ed->n, sizeof(ed->v[0]), edit_entry_cmp);
}

int edit_from_image(struct edit *ed, const struct image *im)
{
    struct lxfs_entry e;
    size_t off = 0;
    int r;

    memset(ed, 0, sizeof(*ed));
    while (lxfs_entry_next(&im->m, &off, &e) == LX_OK) {
        if ((r = edit_insert(ed, ed->n, (const char *)e.path, e.path_len, e.type, e.mode)) != LX_OK)
            return r;
        char *path = ed->v[ed->n - 1].path;
        ed->v[ed->n - 1].e = e;
        ed->v[ed->n - 1].e.path = (const uint8_t *)path;
    }
    return LX_OK;
}

/* Every proper prefix of path must be a directory; missing ones are made. */
static int edit_parents(struct edit *ed, const char *path)
{
    for (const char *s = strchr(path, '/'); s != NULL; s = strchr(s + 1, '/')) {
        char *prefix = strndup(path, (size_t)(s - path));
        if (prefix == NULL)
            return LX_ERR_PARAM;
        long at = edit_find(ed, prefix);
        int r = LX_OK;
        if (at >= 0 && ed->v[at].e.type != LXFS_TYPE_DIR)
            r = LXFS_ERR_NOT_DIR;
        else if (at < 0)
            r = edit_insert(ed, (size_t)(-at - 1), prefix, strlen(prefix), LXFS_TYPE_DIR, 0755);
        free(prefix);
        if (r != LX_OK)
            return r;
    }
    return LX_OK;
}

int edit_add_file(struct edit *ed, const char *path, const char *src, uint32_t mode)
{
    int r;

    if (lxfs_path_check((const uint8_t *)path, strlen(path)) != LX_OK)
        return LXFS_ERR_PATH;
    if ((r = edit_parents(ed, path)) != LX_OK)
        return r;
    long at = edit_find(ed, path);
    if (at >= 0 && ed->v[at].e.type == LXFS_TYPE_DIR)
        return LXFS_ERR_IS_DIR;
    if (at < 0) {
        if ((r = edit_insert(ed, (size_t)(-at - 1), path, strlen(path), LXFS_TYPE_FILE, mode)))
            return r;
        at = -at - 1;
    }
    char *copy = strdup(src);
    if (copy == NULL)
        return LX_ERR_PARAM;
    free(ed->v[at].src);
    ed->v[at].e.mode = mode & LXFS_MODE_MASK;
    ed->v[at].src = copy;
    return LX_OK;
}

int edit_add_dir(struct edit *ed, const char *path, uint32_t mode)
{
    int r;

    if (lxfs_path_check((const uint8_t *)path, strlen(path)) != LX_OK)
        return LXFS_ERR_PATH;
    if ((r = edit_parents(ed, path)) != LX_OK)
        return r;
    long at = edit_find(ed, path);
    if (at >= 0)
        return ed->v[at].e.type == LXFS_TYPE_DIR ? LX_OK : LXFS_ERR_NOT_DIR;
    return edit_insert(ed, (size_t)(-at - 1), path, strlen(path), LXFS_TYPE_DIR, mode);
}

int edit_remove(struct edit *ed, const char *path)
{
    long at = edit_find(ed, path);

    if (at < 0)
        return LXFS_ERR_NOT_FOUND;
    /* Component order puts a directory's contents right after it. */
    if (ed->v[at].e.type == LXFS_TYPE_DIR && (size_t)at + 1 < ed->n) {
        const char *next = ed->v[at + 1].path;
        size_t len = strlen(path);
        if (strncmp(next, path, len) == 0 && next[len] == '/')
            return LXFS_ERR_NOT_EMPTY;
    }
    free(ed->v[at].path);
    free(ed->v[at].src);
    memmove(&ed->v[at], &ed->v[at + 1], (ed->n - (size_t)at - 1) * sizeof(ed->v[0]));
    ed->n--;
    return LX_OK;
}

int edit_blocks_needed(const struct edit *ed, const struct fsverity_params *p, uint64_t *blocks)
{
    uint64_t total = 0, tree, manifest = LXFS_HEADER_SIZE;
    int r;

    for (size_t i = 0; i < ed->n; i++) {
        const struct lxfs_entry *e = &ed->v[i].e;
        manifest += LXFS_ENTRY_FIXED + strlen(ed->v[i].path);
        if (e->type != LXFS_TYPE_FILE)
            continue;
        if ((r = lxfs_tree_blocks(p, e->size, &tree)) != LX_OK)
            return r;
        total += lxfs_data_blocks(e->size) + tree;
    }
    if ((r = lxfs_tree_blocks(p, manifest, &tree)) != LX_OK)
        return r;
    *blocks = total + lxfs_data_blocks(manifest) + tree;
    return LX_OK;
}

/* Stream one host file into the volume. */
static int write_source(struct edit_entry *ee, const struct lxfs_dev *dev,
                        const struct fsverity_params *p, struct lxfs_alloc *a,
                        struct lxfs_writer *wr, uint8_t *chunk, struct progress *prog,
                        char *errbuf, size_t errsize)
{
    struct stat st;
    int fd = open(ee->src, O_RDONLY), r;

    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(errbuf, errsize, "%s: %s", ee->src, strerror(errno));
        if (fd >= 0)
            close(fd);
        return LXFS_ERR_IO;
    }
    if ((uint64_t)st.st_size > LXFS_MAX_FILE_SIZE) {
        snprintf(errbuf, errsize, "%s: %s", ee->src, lxfs_strerror(LXFS_ERR_FILE_SIZE));
        close(fd);
        return LXFS_ERR_FILE_SIZE;
    }
    r = lxfs_writer_begin(wr, dev, p, a, (uint64_t)st.st_size);
    for (uint64_t left = (uint64_t)st.st_size; r == LX_OK && left > 0;) {
        ssize_t n = read(fd, chunk, left < COPY_CHUNK ? (size_t)left : COPY_CHUNK);
        if (n <= 0) {
            snprintf(errbuf, errsize, "%s: %s", ee->src, n < 0 ? strerror(errno)
                                                               : "file shrank while read");
            close(fd);
            return LXFS_ERR_IO;
        }
        r = lxfs_writer_update(wr, chunk, (size_t)n);
        left -= (uint64_t)n;
        if (prog != NULL)
            progress_add(prog, (uint64_t)n);
    }
    close(fd);
    if (r == LX_OK)
        r = lxfs_writer_finish(wr, &ee->e);
    if (r != LX_OK)
        snprintf(errbuf, errsize, "%s: %s", ee->path, lxfs_strerror(r));
    return r;
}

int edit_commit(struct edit *ed, const struct lxfs_dev *dev, const struct lxfs_super *old,
                const struct lxfs_manifest *oldm, const struct fsverity_params *p,
                struct progress *prog, struct lxfs_super *out, char *errbuf, size_t errsize)
{
    uint64_t blocks = old != NULL ? old->volume_blocks : dev->blocks;
    size_t bits_size = (size_t)((blocks + 7) / 8);
    size_t scratch_size = LXFS_HEADER_SIZE + ed->n * (LXFS_ENTRY_FIXED + LXFS_MAX_PATH);
    uint8_t *bits = malloc(bits_size), *scratch = malloc(scratch_size), *chunk = malloc(COPY_CHUNK);
    struct lxfs_entry *entries = calloc(ed->n ? ed->n : 1, sizeof(*entries));
    struct lxfs_writer *wr = malloc(sizeof(*wr));
    struct lxfs_alloc a;
    struct lxfs_where w;
    int r = LX_ERR_PARAM;

    snprintf(errbuf, errsize, "out of memory");
    if (bits == NULL || scratch == NULL || chunk == NULL || entries == NULL || wr == NULL)
        goto out;
    if ((r = lxfs_alloc_init(&a, bits, bits_size, blocks)) != LX_OK) {
        snprintf(errbuf, errsize, "%s", lxfs_strerror(r));
        goto out;
    }
    if (old != NULL && (r = lxfs_alloc_mark_volume(&a, old, oldm, &w)) != LX_OK) {
        snprintf(errbuf, errsize, "manifest entry %lld: %s", (long long)w.entry,
                 lxfs_strerror(r));
        goto out;
    }
    for (size_t i = 0; i < ed->n; i++) {
        struct edit_entry *ee = &ed->v[i];
        if (ee->src != NULL &&
            (r = write_source(ee, dev, p, &a, wr, chunk, prog, errbuf, errsize)) != LX_OK)
            goto out;
        entries[i] = ee->e;
        entries[i].path = (const uint8_t *)ee->path;
        entries[i].path_len = (uint16_t)strlen(ee->path);
    }
    r = lxfs_commit(dev, &a, old, p, entries, (uint32_t)ed->n, scratch, scratch_size, wr, out, &w);
    if (r != LX_OK) {
        if (w.entry >= 0)
            snprintf(errbuf, errsize, "%s: %s", ed->v[w.entry].path, lxfs_strerror(r));
        else
            snprintf(errbuf, errsize, "commit: %s", lxfs_strerror(r));
    }
out:
    free(bits);
    free(scratch);
    free(chunk);
    free(entries);
    free(wr);
    return r;
}
