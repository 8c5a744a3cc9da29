/*
 * LXFS images on the host: an image file as an lxfs block device, opening
 * (mount + verified manifest), describing failures for people, and the
 * copy-on-write edits behind `lx fs build/add/rm`.
 */
#ifndef LX_HOST_LXFS_IMAGE_H
#define LX_HOST_LXFS_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lxfs/lxfs.h"
#include "progress.h"

struct file_dev {
    int fd;
    long writes_left;                   /* power-cut simulation; -1 = off */
    struct lxfs_dev dev;
};

/* LX_OK, or -1 with errno set. */
int file_dev_open(struct file_dev *d, const char *path, bool writable);
/* Create (or truncate) an image of `blocks` blocks. */
int file_dev_create(struct file_dev *d, const char *path, uint64_t blocks);
void file_dev_close(struct file_dev *d);

struct image {
    struct file_dev fd;
    struct lxfs_super s;
    unsigned slot;
    int slot_status[2];
    struct fsverity_params p;
    uint8_t *manifest_buf;
    struct lxfs_manifest m;
    struct lxfs_where where;
    int err;                            /* the failing status, LX_OK if none */
    char stage[32];                     /* what was being done when it failed */
};

/* Mount: superblock, then every manifest block verified (against
 * expected_root when not NULL), then the manifest's rules. */
int image_open(struct image *im, const char *path, bool writable, const uint8_t *expected_root);
void image_close(struct image *im);

/* A one-line description of im->err and where it happened. */
void image_describe(const struct image *im, char *buf, size_t size);

/* Name a file-block failure: "PATH: data block N does not match ..." */
void describe_block_error(const char *path, uint64_t block, int err, char *buf, size_t size);

/* ---- edits (copy-on-write commits) ---------------------------------------- */

/* One entry of the manifest being built; path is owned (malloc'd). */
struct edit_entry {
    struct lxfs_entry e;
    char *path;
    char *src;                          /* host file to write (owned), or NULL: keep e */
};

struct edit {
    struct edit_entry *v;
    size_t n, cap;
};

void edit_free(struct edit *ed);
/* Start from an opened image's manifest (entries keep their extents). */
int edit_from_image(struct edit *ed, const struct image *im);
/* Bulk loading (lx fs build): append without ordering, then sort once.
 * The caller adds every parent itself; the commit checks that it did. */
int edit_append(struct edit *ed, const char *path, uint8_t type, uint32_t mode, uint64_t size,
                const char *src);
void edit_sort(struct edit *ed);
/* Add or replace a regular file from `src`, creating missing parents. */
int edit_add_file(struct edit *ed, const char *path, const char *src, uint32_t mode);
int edit_add_dir(struct edit *ed, const char *path, uint32_t mode);
/* Remove a file or an empty directory. */
int edit_remove(struct edit *ed, const char *path);

/*
 * Write every entry with a source into free space and commit the manifest.
 * old = NULL for a new volume (then `dev` is a fresh image). The new
 * superblock goes to *out. progress may be NULL.
 */
int edit_commit(struct edit *ed, const struct lxfs_dev *dev, const struct lxfs_super *old,
                const struct lxfs_manifest *oldm, const struct fsverity_params *p,
                struct progress *prog, struct lxfs_super *out, char *errbuf, size_t errsize);

/* Blocks a new volume needs for these entries (data, trees, manifest). */
int edit_blocks_needed(const struct edit *ed, const struct fsverity_params *p, uint64_t *blocks);

#endif
