/*
 * `lx fs`: fs-verity digests and LXFS volumes (docs/lxfs.md) — digest,
 * build, ls, cat, verify, add, rm.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"
#include "lx.h"
#include "lxfs_image.h"
#include "progress.h"
#include "readahead.h"

#define READ_CHUNK (4u << 20)

/* ---- command-line options ------------------------------------------------ */

struct fs_opts {
    bool compact;
    const char *salt;
    const char *size;
    const char *root;
    int npos;
    char *pos[8];
};

static int fs_usage(const char *cmd, bool help);

/* Options may come anywhere, as --name=value or --name value. 0, -1 on an
 * error (reported), 1 when --help (or -h) was asked for. */
static int parse_opts(const char *cmd, int argc, char **argv, struct fs_opts *o)
{
    memset(o, 0, sizeof(*o));
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return 1;
        if (strncmp(a, "--", 2) != 0 || strcmp(a, "-") == 0) {
            if (o->npos == 8)
                return -1;
            o->pos[o->npos++] = argv[i];
            continue;
        }
        if (strcmp(a, "--compact") == 0) {
            o->compact = true;
            continue;
        }
        size_t n = strcspn(a, "=");
        if (strncmp(a, "--salt", n) == 0 && n == 6)
            slot = &o->salt;
        else if (strncmp(a, "--size", n) == 0 && n == 6)
            slot = &o->size;
        else if (strncmp(a, "--root", n) == 0 && n == 6)
            slot = &o->root;
        if (slot == NULL) {
            fprintf(stderr, "lx fs %s: unknown option '%s'\n", cmd, a);
            return -1;
        }
        if (a[n] == '=')
            *slot = a + n + 1;
        else if (i + 1 < argc)
            *slot = argv[++i];
        else {
            fprintf(stderr, "lx fs %s: %s needs a value\n", cmd, a);
            return -1;
        }
    }
    return 0;
}

static int get_params(const char *cmd, const char *salt_hex, struct fsverity_params *p)
{
    uint8_t salt[FSVERITY_MAX_SALT];
    int n = 0;

    if (salt_hex != NULL && (n = hex_decode(salt_hex, salt, sizeof(salt))) < 0) {
        fprintf(stderr, "lx fs %s: --salt must be 0 to 32 bytes of hex\n", cmd);
        return -1;
    }
    return lxfs_params(salt, (size_t)n, p) == LX_OK ? 0 : -1;
}

/* ---- digest ---------------------------------------------------------------- */

static int digest_file(const char *path, const struct fsverity_params *p, uint8_t *buf,
                       uint8_t digest[FSVERITY_MAX_DIGEST])
{
    struct fsverity_builder b;
    int fd = open(path, O_RDONLY), r;
    ssize_t n;

    if (fd < 0)
        return -1;
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    r = fsverity_builder_init(&b, p, NULL, NULL);
    while (r == LX_OK && (n = read(fd, buf, READ_CHUNK)) > 0)
        r = fsverity_builder_update(&b, buf, (size_t)n);
    if (r == LX_OK && n < 0)
        r = -1;
    close(fd);
    if (r == LX_OK)
        r = fsverity_builder_final(&b, (uint8_t[FSVERITY_MAX_DIGEST]){ 0 }, digest);
    return r == LX_OK ? 0 : -1;
}

static int fs_digest(int argc, char **argv)
{
    struct fs_opts o;
    struct fsverity_params p;
    uint8_t digest[FSVERITY_MAX_DIGEST];
    char hex[2 * FSVERITY_MAX_DIGEST + 1];
    int status = 0;

    int opts = parse_opts("digest", argc, argv, &o);
    if (opts != 0 || o.npos == 0 || o.size || o.root)
        return fs_usage("digest", opts > 0);
    if (get_params("digest", o.salt, &p) != 0)
        return LX_EXIT_USAGE;
    uint8_t *buf = malloc(READ_CHUNK);
    if (buf == NULL)
        return LX_EXIT_FAIL;
    for (int i = 0; i < o.npos; i++) {
        if (digest_file(o.pos[i], &p, buf, digest) != 0) {
            fprintf(stderr, "lx fs digest: %s: %s\n", o.pos[i], strerror(errno));
            status = LX_EXIT_FAIL;
            continue;
        }
        hex_encode(digest, 32, hex);
        if (o.compact)
            printf("%s\n", hex);
        else
            printf("sha256:%s %s\n", hex, o.pos[i]);
    }
    free(buf);
    return status;
}

/* ---- opening images ------------------------------------------------------- */

static int open_or_report(const char *cmd, struct image *im, const char *path, bool writable,
                          const uint8_t *root)
{
    char msg[256];

    if (image_open(im, path, writable, root) == LX_OK)
        return 0;
    image_describe(im, msg, sizeof(msg));
    fprintf(stderr, "lx fs %s: %s: %s\n", cmd, path, msg);
    image_close(im);
    return -1;
}

static void print_root(const struct lxfs_super *s)
{
    char hex[2 * LXFS_HASH_SIZE + 1];

    hex_encode(s->volume_root, LXFS_HASH_SIZE, hex);
    printf("%s\n", hex);
}

/* ---- build ----------------------------------------------------------------- */

/* Collect DIR's tree; `rel` is the path inside the volume ("" at the top). */
static int walk(struct edit *ed, const char *host, const char *rel, int depth)
{
    DIR *d = opendir(host);
    struct dirent *de;
    int r = 0;

    if (d == NULL) {
        fprintf(stderr, "lx fs build: %s: %s\n", host, strerror(errno));
        return -1;
    }
    while (r == 0 && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char hpath[4096], vpath[LXFS_MAX_PATH + 2];
        struct stat st;
        snprintf(hpath, sizeof(hpath), "%s/%s", host, de->d_name);
        int n = snprintf(vpath, sizeof(vpath), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
        if (n < 0 || n > LXFS_MAX_PATH) {
            fprintf(stderr, "lx fs build: %s: path longer than %d bytes\n", hpath, LXFS_MAX_PATH);
            r = -1;
        } else if (lstat(hpath, &st) != 0) {
            fprintf(stderr, "lx fs build: %s: %s\n", hpath, strerror(errno));
            r = -1;
        } else if (S_ISDIR(st.st_mode)) {
            r = edit_append(ed, vpath, LXFS_TYPE_DIR, st.st_mode, 0, NULL);
            if (r == LX_OK && depth < LXFS_MAX_DEPTH)
                r = walk(ed, hpath, vpath, depth + 1);
        } else if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > LXFS_MAX_FILE_SIZE) {
            fprintf(stderr, "lx fs build: %s: %s\n", hpath, lxfs_strerror(LXFS_ERR_FILE_SIZE));
            r = -1;
        } else if (S_ISREG(st.st_mode)) {
            r = edit_append(ed, vpath, LXFS_TYPE_FILE, st.st_mode, (uint64_t)st.st_size, hpath);
        } else {
            fprintf(stderr, "lx fs build: %s: %s not supported (only files and directories)\n",
                    hpath, S_ISLNK(st.st_mode) ? "symbolic link" : "special file");
            r = -1;
        }
        if (r > 0 || r < -1) {
            fprintf(stderr, "lx fs build: %s: %s\n", hpath, lxfs_strerror(r));
            r = -1;
        }
    }
    closedir(d);
    return r;
}

static int parse_size(const char *s, uint64_t *bytes)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;

    if (end == s)
        return -1;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift != 0)
        end++;
    if (*end != '\0' || v > (~0ull >> shift))
        return -1;
    *bytes = (uint64_t)v << shift;
    return 0;
}

static int fs_build(int argc, char **argv)
{
    struct fs_opts o;
    struct fsverity_params p;
    struct edit ed = { 0 };
    struct file_dev fd;
    struct lxfs_super s;
    struct progress prog;
    uint64_t needed, blocks, size_bytes = 0, total = 0;
    char err[512];

    int opts = parse_opts("build", argc, argv, &o);
    if (opts != 0 || o.npos != 2 || o.root || o.compact ||
        (o.size && parse_size(o.size, &size_bytes) != 0))
        return fs_usage("build", opts > 0);
    if (get_params("build", o.salt, &p) != 0)
        return LX_EXIT_USAGE;
    if (walk(&ed, o.pos[0], "", 0) != 0) {
        edit_free(&ed);
        return LX_EXIT_FAIL;
    }
    edit_sort(&ed);
    if (edit_blocks_needed(&ed, &p, &needed) != LX_OK) {
        fprintf(stderr, "lx fs build: %s: a file is too large\n", o.pos[0]);
        edit_free(&ed);
        return LX_EXIT_FAIL;
    }
    /* Room to grow: later commits write copy-on-write beside the old data. */
    blocks = LXFS_FIRST_DATA_BLOCK + needed + (needed / 2 > 256 ? needed / 2 : 256);
    if (o.size != NULL) {
        blocks = size_bytes / LXFS_BLOCK_SIZE;
        if (blocks < LXFS_FIRST_DATA_BLOCK + needed) {
            fprintf(stderr, "lx fs build: --size %s too small: the contents need %llu bytes\n",
                    o.size,
                    (unsigned long long)((LXFS_FIRST_DATA_BLOCK + needed) * LXFS_BLOCK_SIZE));
            edit_free(&ed);
            return LX_EXIT_FAIL;
        }
    }
    if (blocks > LXFS_MAX_VOLUME_BLOCKS) {
        fprintf(stderr, "lx fs build: volume larger than 16 TiB\n");
        edit_free(&ed);
        return LX_EXIT_FAIL;
    }
    if (file_dev_create(&fd, o.pos[1], blocks) != 0) {
        fprintf(stderr, "lx fs build: %s: %s\n", o.pos[1], strerror(errno));
        edit_free(&ed);
        return LX_EXIT_FAIL;
    }
    for (size_t i = 0; i < ed.n; i++)
        total += ed.v[i].e.size;
    progress_init(&prog, "build", total);
    int r = edit_commit(&ed, &fd.dev, NULL, NULL, &p, &prog, &s, err, sizeof(err));
    progress_done(&prog);
    file_dev_close(&fd);
    edit_free(&ed);
    if (r != LX_OK) {
        fprintf(stderr, "lx fs build: %s\n", err);
        return LX_EXIT_FAIL;
    }
    print_root(&s);
    return 0;
}

/* ---- ls, cat --------------------------------------------------------------- */

static void mode_string(const struct lxfs_entry *e, char out[11])
{
    static const char rwx[] = "rwxrwxrwx";

    out[0] = e->type == LXFS_TYPE_DIR ? 'd' : '-';
    for (int i = 0; i < 9; i++)
        out[1 + i] = (e->mode >> (8 - i)) & 1 ? rwx[i] : '-';
    out[10] = '\0';
}

static int fs_ls(int argc, char **argv)
{
    struct fs_opts o;
    struct image im;
    struct lxfs_entry e;
    char mode[11], hex[2 * LXFS_HASH_SIZE + 1];
    size_t off = 0;

    int opts = parse_opts("ls", argc, argv, &o);
    if (opts != 0 || o.npos != 1 || o.salt || o.size || o.compact)
        return fs_usage("ls", opts > 0);
    uint8_t root[LXFS_HASH_SIZE];
    if (o.root != NULL && hex_decode_exact(o.root, root, sizeof(root)) != 0) {
        fprintf(stderr, "lx fs ls: --root must be 64 hex digits\n");
        return LX_EXIT_USAGE;
    }
    if (open_or_report("ls", &im, o.pos[0], false, o.root ? root : NULL) != 0)
        return LX_EXIT_FAIL;
    while (lxfs_entry_next(&im.m, &off, &e) == LX_OK) {
        mode_string(&e, mode);
        if (e.type == LXFS_TYPE_DIR) {
            printf("%s %12s %-71s %.*s/\n", mode, "-", "-", e.path_len, (const char *)e.path);
            continue;
        }
        hex_encode(e.digest, LXFS_HASH_SIZE, hex);
        printf("%s %12llu sha256:%s %.*s\n", mode, (unsigned long long)e.size, hex, e.path_len,
               (const char *)e.path);
    }
    image_close(&im);
    return 0;
}

static int find_or_report(const char *cmd, const struct image *im, const char *path,
                          struct lxfs_entry *e)
{
    int r = lxfs_manifest_find(&im->m, (const uint8_t *)path, strlen(path), e, NULL);

    if (r != LX_OK)
        fprintf(stderr, "lx fs %s: %s: %s\n", cmd, path, lxfs_strerror(r));
    return r;
}

/* Blocks per verified read: large reads and writes, two blocks hashed at
 * once. The reads come from a read-ahead thread, so that a read from disk
 * overlaps the hashing, and that thread verifies every second chunk with a
 * verifier of its own, so that two cores hash. (Hints to the kernel's
 * read-ahead instead were measured: no gain.) */
#define READ_BLOCKS 256u

typedef int (*sink_fn)(void *arg, const uint8_t *bytes, size_t len);

/* Verify a chunk that was read ahead (or, if its read failed, read it again
 * block by block so that the failure is named at its block). */
static int check_chunk(void *arg, uint64_t block, uint32_t count, uint8_t *buf, int read_status,
                       size_t *len)
{
    struct lxfs_file *f = arg;

    if (read_status != 0)
        return lxfs_file_read_blocks(f, block, count, buf, len);
    return lxfs_file_check_blocks(f, block, count, buf, len);
}

/* Report a failed verified read of file blocks from `block` on. */
static void report(const char *cmd, const char *path, uint64_t block, size_t len, int r,
                   struct progress *prog)
{
    char msg[512];

    if (prog != NULL)
        progress_done(prog);
    describe_block_error(path, block + len / LXFS_BLOCK_SIZE, r, msg, sizeof(msg));
    fprintf(stderr, "lx fs %s: %s\n", cmd, msg);
}

/* read_verified for a file of at most one chunk, in one read. */
static int read_small(const char *cmd, const char *path, struct lxfs_file *f, uint64_t blocks,
                      sink_fn sink, void *arg, struct progress *prog)
{
    uint8_t *buf = blocks > 0 ? malloc(blocks * LXFS_BLOCK_SIZE) : NULL;
    size_t len = 0;
    int r = LX_OK, status = 0;

    if (blocks == 0)
        return 0;
    if (buf == NULL) {
        fprintf(stderr, "lx fs %s: out of memory\n", cmd);
        return LX_EXIT_FAIL;
    }
    r = lxfs_file_read_blocks(f, 0, (uint32_t)blocks, buf, &len);
    if (len > 0 && sink != NULL && sink(arg, buf, len) != 0)
        status = LX_EXIT_FAIL;
    if (prog != NULL)
        progress_add(prog, len);
    if (status == 0 && r != LX_OK) {
        report(cmd, path, 0, len, r, prog);
        status = LX_EXIT_FAIL;
    }
    free(buf);
    return status;
}

/*
 * Read file e of im, every block verified, READ_BLOCKS at a time; each
 * verified piece goes to sink (if any, in order) and counts on prog (if
 * any). On a verification failure the verified bytes before the bad block
 * are still passed on, the message naming the block goes to stderr and the
 * result is LX_EXIT_FAIL; a sink failure stops the read with LX_EXIT_FAIL.
 */
static int read_verified(const char *cmd, const char *path, const struct image *im,
                         const struct lxfs_entry *e, sink_fn sink, void *arg,
                         struct progress *prog)
{
    static uint8_t cache[2][10 * LXFS_BLOCK_SIZE];
    struct lxfs_file f[2];              /* ours, and the read-ahead thread's */
    struct readahead ra;
    struct readahead_chunk *k;
    int status = 0;

    for (int i = 0; i < 2; i++) {
        int r = lxfs_file_open(&f[i], &im->fd.dev, &im->p, e, cache[i], sizeof(cache[i]));
        if (r != LX_OK) {
            fprintf(stderr, "lx fs %s: %s: %s\n", cmd, path, lxfs_strerror(r));
            return LX_EXIT_FAIL;
        }
    }
    uint64_t blocks = lxfs_data_blocks(e->size);
    if (blocks <= READ_BLOCKS)          /* one read: no threads for small files */
        return read_small(cmd, path, &f[0], blocks, sink, arg, prog);
    if (readahead_start(&ra, &im->fd.dev, e->data_block, blocks, READ_BLOCKS, check_chunk,
                        &f[1]) != 0) {
        fprintf(stderr, "lx fs %s: out of memory\n", cmd);
        return LX_EXIT_FAIL;
    }
    while (status == 0 && (k = readahead_next(&ra)) != NULL) {
        if (!k->checked)
            k->result = check_chunk(&f[0], k->block, k->count, k->buf, k->read_status, &k->len);
        if (k->len > 0 && sink != NULL && sink(arg, k->buf, k->len) != 0)
            status = LX_EXIT_FAIL;
        if (prog != NULL)
            progress_add(prog, k->len);
        if (status == 0 && k->result != LX_OK) {
            report(cmd, path, k->block, k->len, k->result, prog);
            status = LX_EXIT_FAIL;
        }
        readahead_release(&ra);
    }
    readahead_stop(&ra);
    return status;
}

static int write_out(void *arg, const uint8_t *bytes, size_t len)
{
    (void)arg;
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, bytes, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "lx fs cat: write error: %s\n", strerror(errno));
            return -1;
        }
        bytes += n;
        len -= (size_t)n;
    }
    return 0;
}

static int fs_cat(int argc, char **argv)
{
    struct fs_opts o;
    struct image im;
    struct lxfs_entry e;
    int status = LX_EXIT_FAIL;

    int opts = parse_opts("cat", argc, argv, &o);
    if (opts != 0 || o.npos != 2 || o.salt || o.size || o.compact)
        return fs_usage("cat", opts > 0);
    uint8_t root[LXFS_HASH_SIZE];
    if (o.root != NULL && hex_decode_exact(o.root, root, sizeof(root)) != 0) {
        fprintf(stderr, "lx fs cat: --root must be 64 hex digits\n");
        return LX_EXIT_USAGE;
    }
    if (open_or_report("cat", &im, o.pos[0], false, o.root ? root : NULL) != 0)
        return LX_EXIT_FAIL;
    if (find_or_report("cat", &im, o.pos[1], &e) == LX_OK) {
        if (e.type == LXFS_TYPE_DIR)
            fprintf(stderr, "lx fs cat: %s: is a directory\n", o.pos[1]);
        else
            status = read_verified("cat", o.pos[1], &im, &e, write_out, NULL, NULL);
    }
    image_close(&im);
    return status;
}

/* ---- verify ---------------------------------------------------------------- */

/* The slot not mounted must be empty or valid: anything else is damage. */
static int verify_slots(const struct image *im, const char *path)
{
    unsigned other = 1 - im->slot;
    int st = im->slot_status[other];

    if (st == LX_OK || st == LXFS_ERR_SUPER_EMPTY)
        return 0;
    fprintf(stderr, "lx fs verify: %s: superblock slot %u: %s (the volume falls back to slot %u)\n",
            path, other, lxfs_strerror(st), im->slot);
    return -1;
}

static int verify_extents(const struct image *im, const char *path)
{
    size_t size = (size_t)((im->s.volume_blocks + 7) / 8);
    uint8_t *bits = malloc(size);
    struct lxfs_alloc a;
    struct lxfs_where w;
    int r = LX_ERR_PARAM;

    if (bits != NULL && (r = lxfs_alloc_init(&a, bits, size, im->s.volume_blocks)) == LX_OK)
        r = lxfs_alloc_mark_volume(&a, &im->s, &im->m, &w);
    free(bits);
    if (r == LX_OK)
        return 0;
    fprintf(stderr, "lx fs verify: %s: manifest entry %lld: %s (block %lld)\n", path,
            (long long)w.entry, lxfs_strerror(r), (long long)w.block);
    return -1;
}

/* Every block of every file; reports each bad file, returns how many. */
static unsigned verify_files(const struct image *im, struct progress *prog, unsigned *files,
                             unsigned *dirs)
{
    struct lxfs_entry e;
    size_t off = 0;
    unsigned bad = 0;
    char path[LXFS_MAX_PATH + 1];

    while (lxfs_entry_next(&im->m, &off, &e) == LX_OK) {
        if (e.type == LXFS_TYPE_DIR) {
            (*dirs)++;
            continue;
        }
        (*files)++;
        snprintf(path, sizeof(path), "%.*s", e.path_len, (const char *)e.path);
        bad += read_verified("verify", path, im, &e, NULL, NULL, prog) != 0;
    }
    return bad;
}

static int fs_verify(int argc, char **argv)
{
    struct fs_opts o;
    struct image im;
    struct progress prog;
    uint8_t root[LXFS_HASH_SIZE];
    uint64_t total = 0;
    unsigned files = 0, dirs = 0, bad;
    struct lxfs_entry e;
    size_t off = 0;

    int opts = parse_opts("verify", argc, argv, &o);
    if (opts != 0 || o.npos != 1 || o.salt || o.size ||
        o.compact)
        return fs_usage("verify", opts > 0);
    if (o.root != NULL && hex_decode_exact(o.root, root, sizeof(root)) != 0) {
        fprintf(stderr, "lx fs verify: --root must be 64 hex digits\n");
        return LX_EXIT_USAGE;
    }
    if (open_or_report("verify", &im, o.pos[0], false, o.root ? root : NULL) != 0)
        return LX_EXIT_FAIL;
    if (verify_slots(&im, o.pos[0]) != 0 || verify_extents(&im, o.pos[0]) != 0) {
        image_close(&im);
        return LX_EXIT_FAIL;
    }
    while (lxfs_entry_next(&im.m, &off, &e) == LX_OK)
        total += e.size;
    progress_init(&prog, "verify", total);
    bad = verify_files(&im, &prog, &files, &dirs);
    progress_done(&prog);
    if (bad == 0) {
        printf("ok: %u files (%llu bytes), %u directories, sequence %llu, volume root ", files,
               (unsigned long long)total, dirs, (unsigned long long)im.s.sequence);
        print_root(&im.s);
    } else {
        fprintf(stderr, "lx fs verify: %s: %u of %u files failed\n", o.pos[0], bad, files);
    }
    image_close(&im);
    return bad == 0 ? 0 : LX_EXIT_FAIL;
}

/* ---- add, rm --------------------------------------------------------------- */

static int commit_edit(const char *cmd, struct image *im, struct edit *ed)
{
    struct lxfs_super s;
    char err[512];
    int r = edit_commit(ed, &im->fd.dev, &im->s, &im->m, &im->p, NULL, &s, err, sizeof(err));

    if (r != LX_OK) {
        fprintf(stderr, "lx fs %s: %s\n", cmd, err);
        return LX_EXIT_FAIL;
    }
    print_root(&s);
    return 0;
}

static int fs_add(int argc, char **argv)
{
    struct fs_opts o;
    struct image im;
    struct edit ed;
    struct stat st;
    int status;

    int opts = parse_opts("add", argc, argv, &o);
    if (opts != 0 || o.npos != 3 || o.salt || o.size || o.root ||
        o.compact)
        return fs_usage("add", opts > 0);
    bool found = stat(o.pos[2], &st) == 0;
    if (!found || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "lx fs add: %s: %s\n", o.pos[2],
                found ? "not a regular file" : strerror(errno));
        return LX_EXIT_FAIL;
    }
    if (open_or_report("add", &im, o.pos[0], true, NULL) != 0)
        return LX_EXIT_FAIL;
    int r = edit_from_image(&ed, &im);
    if (r == LX_OK)
        r = edit_add_file(&ed, o.pos[1], o.pos[2], st.st_mode);
    if (r != LX_OK) {
        fprintf(stderr, "lx fs add: %s: %s\n", o.pos[1], lxfs_strerror(r));
        status = LX_EXIT_FAIL;
    } else {
        status = commit_edit("add", &im, &ed);
    }
    edit_free(&ed);
    image_close(&im);
    return status;
}

static int fs_rm(int argc, char **argv)
{
    struct fs_opts o;
    struct image im;
    struct edit ed;
    int status;

    int opts = parse_opts("rm", argc, argv, &o);
    if (opts != 0 || o.npos != 2 || o.salt || o.size || o.root ||
        o.compact)
        return fs_usage("rm", opts > 0);
    if (open_or_report("rm", &im, o.pos[0], true, NULL) != 0)
        return LX_EXIT_FAIL;
    int r = edit_from_image(&ed, &im);
    if (r == LX_OK)
        r = edit_remove(&ed, o.pos[1]);
    if (r != LX_OK) {
        fprintf(stderr, "lx fs rm: %s: %s\n", o.pos[1], lxfs_strerror(r));
        status = LX_EXIT_FAIL;
    } else {
        status = commit_edit("rm", &im, &ed);
    }
    edit_free(&ed);
    image_close(&im);
    return status;
}

/* ---- dispatch -------------------------------------------------------------- */

#define EXITS "Exit status: 0 success, 1 a check failed or the operation was refused, 2 usage.\n"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *args;
    const char *summary;
    const char *help;
} fs_cmds[] = {
    { "digest", fs_digest, "[--compact] [--salt=HEX] FILE...", "fs-verity digests",
      "Print each file's fs-verity digest (SHA-256, 4096-byte blocks) exactly as\n"
      "`fsverity digest` does: 'sha256:HEX FILE', or only HEX with --compact.\n"
      "--salt: 0 to 32 bytes as hex. A file that cannot be read is reported and\n"
      "the others are still printed (exit status 1).\n" },
    { "build", fs_build, "[--salt=HEX] [--size=BYTES[K|M|G]] DIR IMAGE", "pack a directory",
      "Pack DIR (regular files and directories only) into a new LXFS volume\n"
      "IMAGE and print its volume root. The image has room for later commits\n"
      "unless --size fixes its size. Progress on a terminal.\n" },
    { "ls", fs_ls, "[--root=HEX] IMAGE", "list entries",
      "Mode, size, fs-verity digest and path of every entry; the manifest is\n"
      "verified first (against --root when given).\n" },
    { "cat", fs_cat, "[--root=HEX] IMAGE PATH", "a file's verified bytes",
      "Write the file's bytes to stdout, every block verified before it is\n"
      "written; at a block that does not verify, stop (nothing of that block is\n"
      "written), name the file and the block, and exit 1.\n" },
    { "verify", fs_verify, "[--root=HEX] IMAGE", "check everything",
      "Check both superblock slots, the manifest, every extent and every block\n"
      "of every file (against --root when given); report every bad file.\n"
      "Progress on a terminal.\n" },
    { "add", fs_add, "IMAGE PATH SRC", "add or replace a file (commit)",
      "Write SRC as PATH (missing parent directories are created) copy-on-write\n"
      "and commit; print the new volume root. An interrupted commit leaves the\n"
      "old volume.\n" },
    { "rm", fs_rm, "IMAGE PATH", "remove a file or empty directory (commit)",
      "Remove PATH copy-on-write and commit; print the new volume root.\n" },
};

#define NCMDS (sizeof(fs_cmds) / sizeof(fs_cmds[0]))

/* A command's usage: on stdout for --help (exit 0), else on stderr (exit 2). */
static int fs_usage(const char *cmd, bool help)
{
    FILE *out = help ? stdout : stderr;

    for (size_t i = 0; i < NCMDS; i++) {
        if (strcmp(cmd, fs_cmds[i].name) != 0)
            continue;
        fprintf(out, "usage: lx fs %s %s\n", fs_cmds[i].name, fs_cmds[i].args);
        if (help)
            fprintf(out, "\n%s\n" EXITS, fs_cmds[i].help);
    }
    return help ? 0 : LX_EXIT_USAGE;
}

static void fs_list(FILE *out)
{
    fprintf(out, "usage: lx fs COMMAND [ARGS...]   ('lx fs COMMAND --help' for more)\n\n");
    for (size_t i = 0; i < NCMDS; i++)
        fprintf(out, "  lx fs %-7s %-45s %s\n", fs_cmds[i].name, fs_cmds[i].args,
                fs_cmds[i].summary);
    fprintf(out, "\n" EXITS);
}

int cmd_fs(int argc, char **argv)
{
    if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
                      strcmp(argv[0], "help") == 0)) {
        fs_list(stdout);
        return 0;
    }
    for (size_t i = 0; argc >= 1 && i < NCMDS; i++)
        if (strcmp(argv[0], fs_cmds[i].name) == 0)
            return fs_cmds[i].run(argc, argv);
    if (argc >= 1)
        fprintf(stderr, "lx fs: unknown command '%s'\n", argv[0]);
    fs_list(stderr);
    return LX_EXIT_USAGE;
}
