/*
 * The `lx fs` tool end to end, run as a program: digests and stored trees
 * against the real fs-verity tool (Debian fsverity-utils), the manifest's
 * digest = the volume root, build/ls/cat/verify round trips, tampering with
 * every kind of block of a built image, add/rm commits, and power cuts
 * after every block write of a commit (LX_FS_POWER_CUT_AFTER).
 *
 * LX_FSVERITY_BIG=0 skips the 64 MiB file.
 */
#include "test.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"
#include "lxfs_image.h"
#include "tool_run.h"

/* Every path here is a short one under /tmp; GCC cannot know that. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

static uint64_t rng_state = 0x6c782066732074ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* ---- files and commands ----------------------------------------------------- */

static void write_random(const char *path, size_t n)
{
    FILE *f = fopen(path, "wb");
    uint8_t buf[65536];

    assert_non_null(f);
    for (size_t off = 0; off < n; off += sizeof(buf)) {
        size_t k = n - off < sizeof(buf) ? n - off : sizeof(buf);
        for (size_t i = 0; i < k; i++)
            buf[i] = (uint8_t)(rng() >> 24);
        assert_int_equal(fwrite(buf, 1, k, f), k);
    }
    assert_int_equal(fclose(f), 0);
}

/* The root hex printed by build/add/rm (first line of stdout). */
static void root_of(const struct run *r, char hex[65])
{
    assert_true(r->out_len >= 65 && r->out[64] == '\n');
    memcpy(hex, r->out, 64);
    hex[64] = 0;
}

static int setup(void **state)
{
    (void)state;
    return tool_setup("fs_tool");
}

static int teardown(void **state)
{
    (void)state;
    return tool_teardown();
}


static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, 1000000, 64u << 20 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static bool big_wanted(size_t size)
{
    const char *e = getenv("LX_FSVERITY_BIG");

    return size < (64u << 20) || e == NULL || strcmp(e, "0") != 0;
}

static void make_sized_dir(const char *dir)
{
    char path[PATH_MAX];

    assert_int_equal(mkdir(dir, 0755), 0);
    for (size_t i = 0; i < NSIZES; i++) {
        if (!big_wanted(sizes[i]))
            continue;
        snprintf(path, sizeof(path), "%s/f%zu", dir, sizes[i]);
        write_random(path, sizes[i]);
    }
}

static void test_digest_interop(void **state)
{
    static const char *const salts[] = { NULL, "5a17", "00112233445566778899aabbccddeeff"
                                                      "00112233445566778899aabbccddeeff" };
    char dir[PATH_MAX];
    unsigned cases = 0;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/sized", tool_dir);
    make_sized_dir(dir);
    for (size_t i = 0; i < NSIZES; i++) {
        if (!big_wanted(sizes[i]))
            continue;
        for (unsigned s = 0; s < 3; s++) {
            char salt[80] = "";
            if (salts[s] != NULL)
                snprintf(salt, sizeof(salt), "--salt=%s", salts[s]);
            for (int compact = 0; compact < 2; compact++) {
                const char *c = compact ? "--compact" : "";
                struct run ours = sh("cd %s && %s fs digest %s %s f%zu", dir, tool_lx, c, salt,
                                     sizes[i]);
                struct run theirs = sh("cd %s && fsverity digest %s %s f%zu", dir, c, salt,
                                       sizes[i]);
                expect_ok(&ours);
                expect_ok(&theirs);
                assert_string_equal(ours.out, theirs.out);
                run_free(&ours);
                run_free(&theirs);
                cases++;
            }
        }
    }
    assert_true(cases >= 36);
    /* Several files at once, in order; a missing one fails but the rest print. */
    struct run r = sh("cd %s && %s fs digest f1 nope f4096", dir, tool_lx);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, " f1\n"));
    assert_non_null(strstr(r.out, " f4096\n"));
    assert_non_null(strstr(r.err, "nope"));
    run_free(&r);
    r = sh("%s fs digest --salt=abc %s/f1", tool_lx, dir);
    assert_int_equal(r.status, 2);
    run_free(&r);
}

/* Stored trees byte-identical to --out-merkle-tree; manifest digest = root. */
static void test_tree_interop(void **state)
{
    char dir[PATH_MAX], img[PATH_MAX], hex[65];
    unsigned compared = 0;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/sized", tool_dir);
    for (int salted = 0; salted < 2; salted++) {
        const char *salt = salted ? "--salt=0badc0de" : "";
        snprintf(img, sizeof(img), "%s/sized%d.img", tool_dir, salted);
        struct run b = sh("%s fs build %s %s %s", tool_lx, salt, dir, img);
        expect_ok(&b);
        root_of(&b, hex);
        run_free(&b);

        struct image im;
        assert_int_equal(image_open(&im, img, false, NULL), LX_OK);
        struct lxfs_entry e;
        size_t off = 0;
        while (lxfs_entry_next(&im.m, &off, &e) == LX_OK) {
            uint64_t tree_blocks;
            assert_int_equal(lxfs_tree_blocks(&im.p, e.size, &tree_blocks), LX_OK);
            struct run t = sh("cd %s && fsverity digest %s --out-merkle-tree=%s/merkle.out %.*s",
                              dir, salt, tool_dir, e.path_len, (const char *)e.path);
            expect_ok(&t);
            run_free(&t);
            char tp[PATH_MAX];
            size_t n;
            snprintf(tp, sizeof(tp), "%s/merkle.out", tool_dir);
            uint8_t *theirs = slurp(tp, &n);
            assert_int_equal(n, tree_blocks * LXFS_BLOCK_SIZE);
            uint8_t *ours = malloc(n + 1);
            assert_non_null(ours);
            if (n > 0)
                assert_int_equal(im.fd.dev.read(im.fd.dev.arg, e.tree_block, (uint32_t)tree_blocks,
                                                 ours), 0);
            assert_memory_equal(ours, theirs, n);
            free(ours);
            free(theirs);
            compared++;
        }
        /* The manifest, cut out of the image, digests to the volume root. */
        char mp[PATH_MAX];
        snprintf(mp, sizeof(mp), "%s/manifest", tool_dir);
        FILE *f = fopen(mp, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(im.m.bytes, 1, im.m.size, f), im.m.size);
        fclose(f);
        struct run d = sh("fsverity digest --compact %s %s", salt, mp);
        expect_ok(&d);
        assert_memory_equal(d.out, hex, 64);
        run_free(&d);
        image_close(&im);
    }
    assert_true(compared >= 12);
}

/* ---- a random tree: build, ls, cat, verify ----------------------------------- */

#define NFILES 60

static void make_tree(const char *dir)
{
    char path[PATH_MAX];

    assert_int_equal(mkdir(dir, 0755), 0);
    for (int d = 0; d < 4; d++) {
        snprintf(path, sizeof(path), "%s/dir%d", dir, d);
        assert_int_equal(mkdir(path, d == 3 ? 0700 : 0755), 0);
    }
    snprintf(path, sizeof(path), "%s/dir1/sub", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/dir2/empty-dir", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    for (int i = 0; i < NFILES; i++) {
        snprintf(path, sizeof(path), "%s/%s/file-%02d.bin", dir,
                 i % 3 == 0 ? "dir1/sub" : i % 3 == 1 ? "dir0" : "dir2", i);
        write_random(path, (size_t)(rng() % (i % 7 == 0 ? 300000 : 9000)));
    }
    snprintf(path, sizeof(path), "%s/dir1/big.bin", dir);
    write_random(path, 600000);        /* 147 blocks: a two-level tree */
    snprintf(path, sizeof(path), "%s/top.txt", dir);
    write_random(path, 4096);
    assert_int_equal(chmod(path, 0600), 0);
}

static void build_tree(const char *name, char root[65])
{
    char src[PATH_MAX];

    snprintf(src, sizeof(src), "%s/%s", tool_dir, name);
    make_tree(src);
    struct run b = sh("%s fs build %s %s/%s.img", tool_lx, src, tool_dir, name);
    expect_ok(&b);
    root_of(&b, root);
    run_free(&b);
}

static void test_roundtrip(void **state)
{
    char root[65], wrong[65];

    (void)state;
    build_tree("tree", root);
    struct run ls = sh("%s fs ls %s/tree.img", tool_lx, tool_dir);
    expect_ok(&ls);
    unsigned lines = 0;
    for (char *p = ls.out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, NFILES + 2 + 6);
    assert_non_null(strstr(ls.out, "drwx------"));             /* dir3's mode */
    assert_non_null(strstr(ls.out, "-rw-------         4096 sha256:"));
    assert_non_null(strstr(ls.out, " dir2/empty-dir/\n"));
    run_free(&ls);

    /* cat equals the source for every file. */
    struct run all = sh("cd %s/tree && find . -type f | sed 's|^./||' | sort", tool_dir);
    expect_ok(&all);
    unsigned checked = 0;
    for (char *line = strtok(all.out, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        struct run c = sh("%s fs cat %s/tree.img %s | cmp - %s/tree/%s", tool_lx, tool_dir, line,
                          tool_dir, line);
        expect_ok(&c);
        run_free(&c);
        checked++;
    }
    assert_int_equal(checked, NFILES + 2);
    run_free(&all);

    struct run v = sh("%s fs verify --root %s %s/tree.img", tool_lx, root, tool_dir);
    expect_ok(&v);
    assert_non_null(strstr(v.out, "ok: 62 files"));
    run_free(&v);
    memcpy(wrong, root, sizeof(wrong));
    wrong[10] = wrong[10] == '0' ? '1' : '0';
    sh_fails("differs from the expected root", "%s fs verify --root=%s %s/tree.img", tool_lx, wrong,
             tool_dir);
    v = sh("%s fs cat --root=%s %s/tree.img top.txt", tool_lx, wrong, tool_dir);
    expect_fail(&v, "differs from the expected root");
    assert_int_equal(v.out_len, 0);
    run_free(&v);

    /* Errors that are the user's: exit 1 with the reason; usage: exit 2. */
    sh_fails("no such file or directory", "%s fs cat %s/tree.img no/such", tool_lx, tool_dir);
    v = sh("%s fs cat %s/tree.img dir0", tool_lx, tool_dir);
    expect_fail(&v, "is a directory");
    run_free(&v);
    sh_fails("write error: No space left on device",
             "%s fs cat %s/tree.img dir1/big.bin > /dev/full", tool_lx, tool_dir);
    v = sh("%s fs verify %s/nothing.img", tool_lx, tool_dir);
    expect_fail(&v, "cannot open image");
    run_free(&v);
    v = sh("%s fs verify --bogus %s/tree.img", tool_lx, tool_dir);
    assert_int_equal(v.status, 2);
    run_free(&v);
    v = sh("%s fs frobnicate", tool_lx);
    assert_int_equal(v.status, 2);
    run_free(&v);
    /* Symbolic links are refused by name. */
    sh_fails("symbolic link not supported",
             "mkdir %s/withlink && ln -s /etc/passwd %s/withlink/l && "
             "%s fs build %s/withlink %s/x.img",
             tool_dir, tool_dir, tool_lx, tool_dir, tool_dir);
}

/* --help on stdout with exit 0 for every command; a wrong command line:
 * the usage on stderr, exit 2. */
static void test_help(void **state)
{
    static const char *const cmds[] = { "digest", "build", "ls", "cat", "verify", "add", "rm" };
    char want[64];

    (void)state;
    for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        snprintf(want, sizeof(want), "usage: lx fs %s ", cmds[i]);
        for (int h = 0; h < 2; h++) {
            struct run r = sh("%s fs %s %s", tool_lx, cmds[i], h ? "-h" : "x --help");
            expect_ok(&r);
            assert_true(strncmp(r.out, want, strlen(want)) == 0);
            assert_non_null(strstr(r.out, "Exit status: 0 success, 1 "));
            assert_string_equal(r.err, "");
            run_free(&r);
        }
        struct run r = sh("%s fs %s", tool_lx, cmds[i]);
        assert_int_equal(r.status, 2);
        assert_true(strncmp(r.err, want, strlen(want)) == 0);
        assert_int_equal(r.out_len, 0);
        run_free(&r);
        r = sh("%s fs %s --nonsense a b c", tool_lx, cmds[i]);
        assert_int_equal(r.status, 2);
        assert_non_null(strstr(r.err, "unknown option '--nonsense'"));
        run_free(&r);
    }
    struct run r = sh("%s fs --help", tool_lx);
    expect_ok(&r);
    for (unsigned i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        snprintf(want, sizeof(want), "  lx fs %-7s ", cmds[i]);
        assert_non_null(strstr(r.out, want));
    }
    run_free(&r);
    r = sh("%s fs", tool_lx);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "usage: lx fs COMMAND"));
    run_free(&r);
}

/* The progress bar: on a terminal (script(1) gives one), drawn on stderr
 * and erased before the result; never when the output is not a terminal. */
static void test_progress(void **state)
{
    char ts[PATH_MAX];

    (void)state;
    snprintf(ts, sizeof(ts), "%s/typescript", tool_dir);
    for (int v = 0; v < 2; v++) {
        const char *cmd = v ? "verify" : "build";
        struct run r = v ? sh("LX_PROGRESS_NOW=1 script -qec '%s fs verify %s/tree.img' %s", tool_lx,
                              tool_dir, ts)
                         : sh("LX_PROGRESS_NOW=1 script -qec '%s fs build %s/tree %s/bar.img' %s",
                              tool_lx, tool_dir, tool_dir, ts);
        expect_ok(&r);
        char bar[32];
        snprintf(bar, sizeof(bar), "\r%s [", cmd);
        char *at = strstr(r.out, bar);
        if (at == NULL)
            fail_msg("no %s progress bar on a terminal: %s", cmd, r.out);
        assert_non_null(strstr(at, "%  "));
        /* Erased (a carriage return, blanks, a carriage return), then the
         * result line. */
        char *erase = strstr(at, "        \r");
        assert_non_null(erase);
        assert_non_null(strstr(erase, v ? "ok: 62 files" : "\r"));
        run_free(&r);
    }
    struct run r = sh("LX_PROGRESS_NOW=1 %s fs verify %s/tree.img", tool_lx, tool_dir);
    expect_ok(&r);
    assert_string_equal(r.err, "");
    run_free(&r);
}

/* The limits of docs/lxfs.md, each refused with its own message and exit
 * 1 (2 for a bad option value), before anything is written. */
static void test_limits(void **state)
{
    char d[PATH_MAX], img[PATH_MAX], name[300];
    struct run r;

    (void)state;
    snprintf(img, sizeof(img), "%s/limits.img", tool_dir);
    /* Path: 256 bytes is one too many (as a name under a directory). */
    snprintf(d, sizeof(d), "%s/longpath", tool_dir);
    memset(name, 'n', 254);
    name[254] = 0;
    sh_fails("path longer than 255 bytes", "mkdir -p %s/d && touch %s/d/%s && %s fs build %s %s", d,
             d, name, tool_lx, d, img);
    sh_fails("invalid path (1 to 255 bytes",
             "%s fs build %s/tree %s && %s fs add %s x/%s %s/tree/top.txt", tool_lx, tool_dir, img, tool_lx,
             img, name, tool_dir);
    name[253] = 0;                          /* "x/" + 253 = 255: allowed */
    sh_ok("%s fs add %s x/%s %s/tree/top.txt && %s fs verify %s", tool_lx, img, name, tool_dir, tool_lx,
          img);
    /* File size: 1 TiB + 1 byte (sparse), for build and add. */
    snprintf(d, sizeof(d), "%s/hugefile", tool_dir);
    sh_fails("huge: file too large (at most 1 TiB)",
             "mkdir %s && truncate -s 1099511627777 %s/huge && %s fs build %s %s.2", d, d, tool_lx, d,
             img);
    r = sh("%s fs add %s huge %s/huge", tool_lx, img, d);
    expect_fail(&r, "file too large (at most 1 TiB)");
    run_free(&r);
    sh_ok("test ! -e %s.2 && rm %s/huge", img, d);
    /* Entries: 65536 is the most; one more is refused. */
    snprintf(d, sizeof(d), "%s/many", tool_dir);
    assert_int_equal(mkdir(d, 0755), 0);
    for (unsigned i = 0; i < LXFS_MAX_ENTRIES; i++) {
        char p[PATH_MAX + 16];
        snprintf(p, sizeof(p), "%s/%05u", d, i);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fclose(f);
    }
    r = sh("%s fs build %s %s.3 && %s fs verify %s.3", tool_lx, d, img, tool_lx, img);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "ok: 65536 files"));
    run_free(&r);
    sh_fails("too many entries (at most 65536)", "%s fs add %s.3 one-more %s/tree/top.txt", tool_lx,
             img, tool_dir);
    r = sh("touch %s/one-more && %s fs build %s %s.4", d, tool_lx, d, img);
    expect_fail(&r, "too many entries (at most 65536)");
    run_free(&r);
    sh_ok("rm -rf %s %s.3 %s.4", d, img, img);
    /* Volume size and salt. */
    sh_fails("volume larger than 16 TiB", "%s fs build --size 20000G %s/tree %s.5", tool_lx, tool_dir,
             img);
    r = sh("%s fs build --size 64K %s/tree %s.5", tool_lx, tool_dir, img);
    expect_fail(&r, "too small: the contents need");
    run_free(&r);
    r = sh("%s fs build --salt %0*d %s/tree %s.5", tool_lx, 66, 0, tool_dir, img);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--salt must be 0 to 32 bytes of hex"));
    run_free(&r);
}

/* ---- tampering --------------------------------------------------------------- */

static void flip(const char *img, uint64_t offset)
{
    FILE *f = fopen(img, "r+b");
    int c;

    assert_non_null(f);
    assert_int_equal(fseek(f, (long)offset, SEEK_SET), 0);
    c = fgetc(f);
    assert_int_equal(fseek(f, (long)offset, SEEK_SET), 0);
    fputc(c ^ 0x40, f);
    fclose(f);
}

static void copy_image(const char *from, const char *to)
{
    struct run r = sh("cp %s %s", from, to);
    expect_ok(&r);
    run_free(&r);
}

/* Flip a byte at offset of a copy; verify must fail with `needle`; cat of
 * `path` (if given) must fail and print exactly `good` bytes (the blocks
 * before the bad one), which must be the file's true bytes. */
static void tamper_case(const char *img, uint64_t offset, const char *needle, const char *path,
                        long good)
{
    char t[PATH_MAX];

    snprintf(t, sizeof(t), "%s/tampered.img", tool_dir);
    copy_image(img, t);
    flip(t, offset);
    struct run v = sh("%s fs verify %s", tool_lx, t);
    expect_fail(&v, needle);
    run_free(&v);
    if (path == NULL)
        return;
    struct run c = sh("%s fs cat %s %s", tool_lx, t, path);
    expect_fail(&c, needle);
    assert_int_equal((long)c.out_len, good);
    struct run ref = sh("head -c %ld %s/tree/%s", good, tool_dir, path);
    assert_int_equal(ref.out_len, c.out_len);
    assert_memory_equal(ref.out, c.out, c.out_len);
    run_free(&ref);
    run_free(&c);
}

static void test_tamper(void **state)
{
    char img[PATH_MAX];
    struct image im;
    struct lxfs_entry e, small, small2;
    unsigned cases = 0;

    (void)state;
    snprintf(img, sizeof(img), "%s/tree.img", tool_dir);
    assert_int_equal(image_open(&im, img, false, NULL), LX_OK);
    assert_true(im.s.manifest_tree_block != 0);     /* 60 files: a manifest with a tree */
    /* A file with a two-level tree (the random files' sizes depend on how
     * much random data the tests before took)... */
    assert_int_equal(lxfs_manifest_find(&im.m, (const uint8_t *)"dir1/big.bin", 12, &e, NULL),
                     LX_OK);
    uint64_t tree_blocks;
    assert_int_equal(lxfs_tree_blocks(&im.p, e.size, &tree_blocks), LX_OK);
    assert_int_equal(tree_blocks, 3);              /* level 1, then two level-0 blocks */
    size_t off;
    bool found;
    char path[LXFS_MAX_PATH + 1];
    snprintf(path, sizeof(path), "%.*s", e.path_len, (const char *)e.path);
    uint64_t B = LXFS_BLOCK_SIZE;

    /* Data blocks: first, middle, the padding of the last. */
    for (uint64_t b = 0; b < lxfs_data_blocks(e.size); b += 17) {
        tamper_case(img, (e.data_block + b) * B + (b * 131) % B, "does not match its tree",
                    path, (long)(b * B));
        cases++;
    }
    uint64_t last = lxfs_data_blocks(e.size) - 1;
    if (e.size % B != 0) {
        tamper_case(img, (e.data_block + last) * B + B - 1, "does not match its tree", path,
                    (long)(last * B));
        cases++;
    }
    /* Tree blocks: the top (level 1) and a level-0 block. */
    tamper_case(img, e.tree_block * B + 5, "tree block at level 1 does not match", path, 0);
    tamper_case(img, (e.tree_block + 1) * B + 100, "tree block at level 0 does not match", path,
                0);
    cases += 2;
    /* The manifest: its data, its tree; the superblock in use. */
    tamper_case(img, im.s.manifest_block * B + 300, "manifest block 0", NULL, 0);
    tamper_case(img, (im.s.manifest_block + 1) * B + 5, "manifest block 1", NULL, 0);
    tamper_case(img, im.s.manifest_tree_block * B + 7, "manifest block 0", NULL, 0);
    tamper_case(img, 1 * B + 90, "superblock checksum mismatch", NULL, 0);
    tamper_case(img, 1 * B + 1, "no valid superblock", NULL, 0);
    cases += 5;

    /* Swap two one-block files' data: each fails, named. */
    assert_int_equal(lxfs_manifest_find(&im.m, (const uint8_t *)"top.txt", 7, &small, NULL), LX_OK);
    off = 0;
    found = false;
    while (!found && lxfs_entry_next(&im.m, &off, &small2) == LX_OK)
        found = small2.type == LXFS_TYPE_FILE && small2.size > 0 && small2.size <= B;
    assert_true(found);
    char t[PATH_MAX];
    snprintf(t, sizeof(t), "%s/swapped.img", tool_dir);
    copy_image(img, t);
    struct run sw = sh("dd if=%s of=%s bs=4096 skip=%llu seek=%llu count=1 conv=notrunc && "
                       "dd if=%s of=%s bs=4096 skip=%llu seek=%llu count=1 conv=notrunc",
                       img, t, (unsigned long long)small.data_block,
                       (unsigned long long)small2.data_block, img, t,
                       (unsigned long long)small2.data_block,
                       (unsigned long long)small.data_block);
    expect_ok(&sw);
    run_free(&sw);
    struct run v = sh("%s fs verify %s", tool_lx, t);
    expect_fail(&v, "top.txt: data block 0 does not match its tree");
    assert_non_null(strstr(v.err, "2 of 62 files failed"));
    run_free(&v);
    v = sh("%s fs cat %s top.txt", tool_lx, t);
    expect_fail(&v, "top.txt: data block 0 does not match its tree");
    assert_int_equal(v.out_len, 0);
    run_free(&v);

    /* Truncated image; a size changed in the manifest. */
    sh_fails("image truncated", "cp %s %s && truncate -s %llu %s && %s fs verify %s", img, t,
             (unsigned long long)((im.s.volume_blocks - 1) * B), t, tool_lx, t);
    v = sh("cp %s %s && truncate -s 100 %s && %s fs ls %s", img, t, t, tool_lx, t);
    expect_fail(&v, "image truncated");
    run_free(&v);
    tamper_case(img, im.s.manifest_block * B + LXFS_HEADER_SIZE + 8, "manifest block 0", NULL, 0);
    cases += 4;
    image_close(&im);
    assert_true(cases >= 12);
}

/* A file of several 1 MiB read chunks (cat and verify verify every second
 * one in their read-ahead thread): a bad block in any chunk is named and
 * cat stops exactly before it. */
static void test_tamper_chunks(void **state)
{
    static const uint64_t bad[] = { 0, 255, 256, 300, 511, 512, 700, 767 };
    char dir[PATH_MAX], img[PATH_MAX], t[PATH_MAX], needle[64];
    struct image im;
    struct lxfs_entry e;

    (void)state;
    snprintf(dir, sizeof(dir), "%s/chunks", tool_dir);
    snprintf(img, sizeof(img), "%s/chunks.img", tool_dir);
    snprintf(t, sizeof(t), "%s/chunks-bad.img", tool_dir);
    assert_int_equal(mkdir(dir, 0755), 0);
    char src[PATH_MAX + 8];
    snprintf(src, sizeof(src), "%s/f", dir);
    write_random(src, 768 * LXFS_BLOCK_SIZE - 10);    /* chunks 0, 1, 2 */
    struct run r = sh("%s fs build %s %s && %s fs cat %s f | cmp - %s", tool_lx, dir, img, tool_lx, img,
                      src);
    expect_ok(&r);
    run_free(&r);
    r = sh("%s fs cat %s f > /dev/full", tool_lx, img);      /* stops early, threads and all */
    expect_fail(&r, "write error: No space left on device");
    run_free(&r);
    assert_int_equal(image_open(&im, img, false, NULL), LX_OK);
    assert_int_equal(lxfs_manifest_find(&im.m, (const uint8_t *)"f", 1, &e, NULL), LX_OK);
    image_close(&im);
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        copy_image(img, t);
        flip(t, (e.data_block + bad[i]) * LXFS_BLOCK_SIZE + 1000 + i);
        snprintf(needle, sizeof(needle), "f: data block %llu does not match its tree",
                 (unsigned long long)bad[i]);
        struct run v = sh("%s fs verify %s", tool_lx, t);
        expect_fail(&v, needle);
        run_free(&v);
        struct run c = sh("%s fs cat %s f", tool_lx, t);
        expect_fail(&c, needle);
        assert_int_equal(c.out_len, bad[i] * LXFS_BLOCK_SIZE);
        struct run ref = sh("head -c %llu %s", (unsigned long long)c.out_len, src);
        assert_memory_equal(ref.out, c.out, c.out_len);
        run_free(&ref);
        run_free(&c);
    }
}

/* ---- add and rm ---------------------------------------------------------------- */

static void test_add_rm(void **state)
{
    char img[PATH_MAX], r0[65], r1[65], r2[65], r3[65];
    struct run r;

    (void)state;
    snprintf(img, sizeof(img), "%s/edit.img", tool_dir);
    r = sh("%s fs build %s/tree %s", tool_lx, tool_dir, img);
    expect_ok(&r);
    root_of(&r, r0);
    run_free(&r);
    write_random("/tmp/lx_fs_tool_new", 50000);
    r = sh("mv /tmp/lx_fs_tool_new %s/new.bin && %s fs add %s new/deeper/new.bin %s/new.bin",
           tool_dir, tool_lx, img, tool_dir);
    expect_ok(&r);
    root_of(&r, r1);
    run_free(&r);
    assert_true(strcmp(r0, r1) != 0);
    sh_ok("%s fs cat %s new/deeper/new.bin | cmp - %s/new.bin", tool_lx, img, tool_dir);
    /* Replace a file; the old contents are gone from the new volume. */
    r = sh("%s fs add %s top.txt %s/new.bin", tool_lx, img, tool_dir);
    expect_ok(&r);
    root_of(&r, r2);
    run_free(&r);
    sh_ok("%s fs cat %s top.txt | cmp - %s/new.bin", tool_lx, img, tool_dir);
    r = sh("%s fs rm %s dir0/file-01.bin", tool_lx, img);
    expect_ok(&r);
    root_of(&r, r3);
    run_free(&r);
    sh_fails("no such file or directory", "%s fs cat %s dir0/file-01.bin", tool_lx, img);

    /* Refusals leave the volume as it was. */
    sh_fails("directory not empty", "%s fs rm %s dir1", tool_lx, img);
    r = sh("%s fs rm %s nothing/here", tool_lx, img);
    expect_fail(&r, "no such file or directory");
    run_free(&r);
    sh_fails("is a directory", "%s fs add %s dir1 %s/new.bin", tool_lx, img, tool_dir);
    r = sh("%s fs add %s top.txt/x %s/new.bin", tool_lx, img, tool_dir);
    expect_fail(&r, "not a directory");
    run_free(&r);
    sh_fails("invalid path", "%s fs add %s ../escape %s/new.bin", tool_lx, img, tool_dir);
    r = sh("%s fs add %s x %s/no-such-source", tool_lx, img, tool_dir);
    expect_fail(&r, "no-such-source: No such file or directory");
    run_free(&r);
    sh_fails("tree: not a regular file", "%s fs add %s x %s/tree", tool_lx, img, tool_dir);
    sh_ok("%s fs rm %s dir2/empty-dir", tool_lx, img);
    r = sh("%s fs verify %s", tool_lx, img);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "sequence 5"));
    run_free(&r);
}

/* ---- power cuts ------------------------------------------------------------------ */

static void crash_case(const char *op)
{
    char base[PATH_MAX], t[PATH_MAX], old_root[65], new_root[65];
    unsigned olds = 0;

    snprintf(base, sizeof(base), "%s/crash-base.img", tool_dir);
    snprintf(t, sizeof(t), "%s/crash.img", tool_dir);
    struct run r = sh("%s fs build %s/tree %s", tool_lx, tool_dir, base);
    expect_ok(&r);
    root_of(&r, old_root);
    run_free(&r);
    for (int k = 0;; k++) {
        assert_true(k < 200);
        copy_image(base, t);
        struct run c = sh("LX_FS_POWER_CUT_AFTER=%d %s fs %s", k, tool_lx, op);
        struct run v = sh("%s fs verify %s", tool_lx, t);
        expect_ok(&v);                  /* after any cut: opens and verifies */
        char *root = strstr(v.out, "volume root ");
        assert_non_null(root);
        if (c.status == 0) {
            root_of(&c, new_root);
            assert_memory_equal(root + 12, new_root, 64);
            run_free(&c);
            run_free(&v);
            break;
        }
        assert_non_null(strstr(c.err, "device read or write failed"));
        assert_memory_equal(root + 12, old_root, 64);
        olds++;
        run_free(&c);
        run_free(&v);
    }
    assert_true(olds >= 3);             /* data, tree, manifest, superblock writes */
}

static void test_crash_add(void **state)
{
    char op[3 * PATH_MAX];

    (void)state;
    snprintf(op, sizeof(op), "add %s/crash.img dir9/added %s/new.bin", tool_dir, tool_dir);
    crash_case(op);
}

static void test_crash_rm(void **state)
{
    char op[3 * PATH_MAX];

    (void)state;
    snprintf(op, sizeof(op), "rm %s/crash.img dir0/file-04.bin", tool_dir);
    crash_case(op);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest_interop),
        cmocka_unit_test(test_tree_interop),
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_tamper),
        cmocka_unit_test(test_tamper_chunks),
        cmocka_unit_test(test_add_rm),
        cmocka_unit_test(test_crash_add),
        cmocka_unit_test(test_crash_rm),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
