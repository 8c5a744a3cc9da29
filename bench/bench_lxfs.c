/*
 * Host benchmark for `lx fs` on a 1 GiB file of random bytes, generated
 * under build/ at run time and removed after:
 *   - `lx fs digest` against `fsverity digest` (same file, same output);
 *   - a verified sequential read of the file from an LXFS volume
 *     (`lx fs cat`, every block verified) against a plain read of the same
 *     bytes of the same image (`dd`, 1 MiB reads, like `lx fs cat`).
 * Every figure is the best of REPS wall-clock runs of the whole process,
 * output to /dev/null, measured twice: with the file in the page cache
 * (warm: one unmeasured run first) and with it evicted before each run
 * (cold: fdatasync + POSIX_FADV_DONTNEED on our own files only; the
 * residency left after eviction is printed). For scale, the SHA-256 rate
 * of this CPU over 4 KiB blocks (two at a time, as both tools here hash)
 * is printed too: no verified read can be faster. Only measures and prints.
 * BENCH_LXFS_MIB sets another size (for a quick look).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"
#include "crypto/sha256_multi.h"
#include "lxfs_image.h"

#define REPS 5
#define GEN_CHUNK (4u << 20)

extern char **environ;

struct bench {
    char lx[PATH_MAX];
    char dir[PATH_MAX];
    char src[PATH_MAX + 16];            /* dir/vol/big: the file */
    char vol[PATH_MAX + 16];            /* dir/vol: what `lx fs build` packs */
    char img[PATH_MAX + 16];
    char out[PATH_MAX + 16];            /* captured stdout of one command */
    uint64_t size;
};

/* Run argv with stdout to out_path; the exit status, or -1. */
static int run(char *const argv[], const char *out_path)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int st;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    int r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (r != 0) {
        fprintf(stderr, "bench_lxfs: %s: %s\n", argv[0], strerror(r));
        return -1;
    }
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Write back and drop one of our files from the page cache. */
static int evict(const char *path)
{
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return -1;
    int r = fdatasync(fd) == 0 && posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0 ? 0 : -1;
    close(fd);
    return r;
}

/* The fraction of the file's pages in the page cache (mincore). */
static double resident(const char *path)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    double frac = -1;

    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
        if (fd >= 0)
            close(fd);
        return frac;
    }
    size_t len = (size_t)st.st_size, pg = (size_t)sysconf(_SC_PAGESIZE);
    size_t pages = (len + pg - 1) / pg, in = 0;
    void *m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
    unsigned char *vec = malloc(pages);
    if (m != MAP_FAILED && vec != NULL && mincore(m, len, vec) == 0) {
        for (size_t i = 0; i < pages; i++)
            in += vec[i] & 1;
        frac = (double)in / (double)pages;
    }
    free(vec);
    if (m != MAP_FAILED)
        munmap(m, len);
    close(fd);
    return frac;
}

/* Best wall time of REPS runs; cold: `cold_file` evicted before each. */
static double best_of(char *const argv[], const char *cold_file, double *left)
{
    double best = 1e30;

    *left = 0;
    if (cold_file == NULL && run(argv, "/dev/null") != 0)
        return -1;
    for (int i = 0; i < REPS; i++) {
        if (cold_file != NULL) {
            if (evict(cold_file) != 0)
                return -1;
            double f = resident(cold_file);
            *left = f > *left ? f : *left;
        }
        double t0 = now();
        if (run(argv, "/dev/null") != 0)
            return -1;
        double t = now() - t0;
        best = t < best ? t : best;
    }
    return best;
}

/* SHA-256 of 64 MiB in 4 KiB blocks, two at a time: bytes per second. */
static double hash_rate(void)
{
    const size_t size = 64u << 20, bs = LXFS_BLOCK_SIZE;
    uint8_t *buf = malloc(size), h0[32], h1[32];
    unsigned sink = 0;
    double best = 1e30;

    if (buf == NULL)
        return 0;
    for (size_t i = 0; i < size; i++)
        buf[i] = (uint8_t)(i * 2654435761u >> 13);
    for (int r = 0; r < REPS; r++) {
        double t0 = now();
        for (size_t off = 0; off < size; off += 2 * bs) {
            sha256_x2(buf + off, buf + off + bs, bs, h0, h1);
            sink ^= h0[0] ^ h1[0];
        }
        double t = now() - t0;
        best = t < best ? t : best;
    }
    free(buf);
    return sink == 0x100 ? 0 : (double)size / best;  /* never 0x100: keeps the work */
}

static int make_source(const struct bench *b)
{
    uint8_t *buf = malloc(GEN_CHUNK);
    uint64_t x = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull | 1;
    int fd = open(b->src, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int r = buf != NULL && fd >= 0 ? 0 : -1;

    for (uint64_t off = 0; r == 0 && off < b->size; off += GEN_CHUNK) {
        size_t n = b->size - off < GEN_CHUNK ? (size_t)(b->size - off) : GEN_CHUNK;
        for (size_t i = 0; i + 8 <= GEN_CHUNK; i += 8) {
            x ^= x << 13;                       /* xorshift64 */
            x ^= x >> 7;
            x ^= x << 17;
            memcpy(buf + i, &x, 8);
        }
        if (write(fd, buf, n) != (ssize_t)n)
            r = -1;
    }
    if (fd >= 0 && (fdatasync(fd) != 0 || close(fd) != 0))
        r = -1;
    free(buf);
    return r;
}

/* The same stdout from both commands (the digest lines). */
static int same_output(const struct bench *b, char *const x[], char *const y[])
{
    char ox[200] = "", oy[200] = "";
    FILE *f;

    if (run(x, b->out) != 0 || (f = fopen(b->out, "r")) == NULL)
        return 0;
    size_t nx = fread(ox, 1, sizeof(ox) - 1, f);
    fclose(f);
    if (run(y, b->out) != 0 || (f = fopen(b->out, "r")) == NULL)
        return 0;
    size_t ny = fread(oy, 1, sizeof(oy) - 1, f);
    fclose(f);
    return nx > 0 && nx == ny && memcmp(ox, oy, nx) == 0;
}

static void print_pair(const char *what, const char *a, double ta, const char *b, double tb,
                       double bytes)
{
    printf("  %-5s %-28s %6.3f s %6.0f MB/s   %-30s %6.3f s %6.0f MB/s\n", what, a, ta,
           bytes / ta / 1e6, b, tb, bytes / tb / 1e6);
}

static void digest_ratio(double ours, double theirs)
{
    printf("        lx fs digest is %.2fx as fast as fsverity digest (goal: >= 1.30x)",
           theirs / ours);
}

static void read_ratio(double ours, double plain)
{
    printf("        verification adds %.0f%% (goal: <= 10%%)", 100 * (ours / plain - 1));
}

/* Commands x and y timed warm, then cold (cold_file evicted before each
 * run); a line of figures and ratio()'s line for each. */
static int compare(const struct bench *b, const char *cold_file, char *const x[], const char *xn,
                   char *const y[], const char *yn, void (*ratio)(double, double))
{
    double left;

    for (int cold = 0; cold < 2; cold++) {
        double tx = best_of(x, cold ? cold_file : NULL, &left);
        double ty = best_of(y, cold ? cold_file : NULL, &left);
        if (tx < 0 || ty < 0)
            return -1;
        print_pair(cold ? "cold" : "warm", xn, tx, yn, ty, (double)b->size);
        ratio(tx, ty);
        if (cold)
            printf("; resident after eviction <= %.1f%%", 100 * left);
        printf("\n");
    }
    return 0;
}

static int bench_digest(const struct bench *b)
{
    char *ours[] = { (char *)b->lx, "fs", "digest", (char *)b->src, NULL };
    char *theirs[] = { "fsverity", "digest", (char *)b->src, NULL };

    if (!same_output(b, ours, theirs)) {
        fprintf(stderr, "bench_lxfs: lx fs digest and fsverity digest disagree\n");
        return -1;
    }
    printf("digest (outputs identical):\n");
    return compare(b, b->src, ours, "lx fs digest", theirs, "fsverity digest", digest_ratio);
}

static int bench_read(const struct bench *b)
{
    struct image im;
    struct lxfs_entry e;
    char skip[64], count[64], iff[PATH_MAX + 32];

    if (image_open(&im, b->img, false, NULL) != LX_OK ||
        lxfs_manifest_find(&im.m, (const uint8_t *)"big", 3, &e, NULL) != LX_OK) {
        fprintf(stderr, "bench_lxfs: %s: cannot find the file in the image\n", b->img);
        image_close(&im);
        return -1;
    }
    image_close(&im);
    snprintf(iff, sizeof(iff), "if=%s", b->img);
    snprintf(skip, sizeof(skip), "skip=%llu", (unsigned long long)e.data_block * LXFS_BLOCK_SIZE);
    snprintf(count, sizeof(count), "count=%llu", (unsigned long long)e.size);
    char *ours[] = { (char *)b->lx, "fs", "cat", (char *)b->img, "big", NULL };
    char *plain[] = { "dd", iff, "bs=1M", skip, count, "iflag=skip_bytes,count_bytes",
                      "status=none", NULL };

    printf("sequential read of the file's bytes from the image:\n");
    return compare(b, b->img, ours, "lx fs cat (verified)", plain, "dd bs=1M (plain read)",
                   read_ratio);
}

static int setup(struct bench *b)
{
    char self[PATH_MAX - 32];           /* room for the names below */
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    const char *mib = getenv("BENCH_LXFS_MIB");

    if (n <= 0)
        return -1;
    self[n] = 0;
    *strrchr(self, '/') = 0;                    /* build/host/bench */
    snprintf(b->lx, sizeof(b->lx), "%s/../bin/lx", self);
    snprintf(b->dir, sizeof(b->dir), "%s/../../bench-lxfs.XXXXXX", self);
    if (access(b->lx, X_OK) != 0 || mkdtemp(b->dir) == NULL) {
        fprintf(stderr, "bench_lxfs: no %s, or cannot make a directory: %s\n", b->lx,
                strerror(errno));
        return -1;
    }
    snprintf(b->vol, sizeof(b->vol), "%s/vol", b->dir);
    snprintf(b->src, sizeof(b->src), "%s/vol/big", b->dir);
    snprintf(b->img, sizeof(b->img), "%s/vol.img", b->dir);
    snprintf(b->out, sizeof(b->out), "%s/out", b->dir);
    b->size = (mib != NULL ? strtoull(mib, NULL, 10) : 1024) << 20;
    return mkdir(b->vol, 0755);
}

static void cleanup(const struct bench *b)
{
    unlink(b->src);
    unlink(b->img);
    unlink(b->out);
    rmdir(b->vol);
    rmdir(b->dir);
}

int main(void)
{
    struct bench b;
    int r = -1;

    if (setup(&b) != 0)
        return 1;
    printf("bench_lxfs: %llu MiB of random bytes; best of %d runs of each command, wall clock\n",
           (unsigned long long)(b.size >> 20), REPS);
    char load[64] = "?";
    FILE *la = fopen("/proc/loadavg", "r");
    if (la != NULL) {
        if (fgets(load, sizeof(load), la) == NULL)
            strcpy(load, "?");
        load[strcspn(load, "\n")] = 0;
        fclose(la);
    }
    /* The machine may be shared: what else ran matters for the figures. */
    printf("%ld CPUs online; load average %s\n", sysconf(_SC_NPROCESSORS_ONLN), load);
    printf("SHA-256 over 4 KiB blocks, two at a time (%s), in memory: %.0f MB/s\n",
           sha256_x2_accelerated() ? "SHA-NI x2" : "no interleaving here", hash_rate() / 1e6);
    if (make_source(&b) != 0) {
        fprintf(stderr, "bench_lxfs: cannot write %s: %s\n", b.src, strerror(errno));
        goto out;
    }
    if (bench_digest(&b) != 0)
        goto out;
    char *build[] = { b.lx, "fs", "build", b.vol, b.img, NULL };
    double t0 = now();
    if (run(build, b.out) != 0)
        goto out;
    printf("lx fs build of the file: %.2f s (one run, page cache warm, includes fdatasync)\n",
           now() - t0);
    r = bench_read(&b);
out:
    cleanup(&b);
    return r == 0 ? 0 : 1;
}
