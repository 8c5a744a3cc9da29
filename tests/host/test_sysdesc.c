/*
 * System descriptions (host/common/sysdesc.c, syscheck.c): valid systems
 * load, check and get the exact memory plan worked out by hand; each of a
 * table of broken ones fails with the expected file:line: <element> and
 * text; and `lx system check` end to end (exit codes, summary, JSON).
 */
#include "test.h"

#include <unistd.h>

#include "mini_elf.h"
#include "sysdesc.h"
#include "tool_run.h"

#pragma GCC diagnostic ignored "-Wformat-truncation"

static struct sd_system *sys;

static void put_file(const char *name, const void *data, size_t len)
{
    char path[PATH_MAX];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", tool_dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static int setup(void **state)
{
    uint8_t elf[MINI_ELF_LEN];
    (void)state;

    if (tool_setup("sysdesc") != 0 || (sys = malloc(sizeof(*sys))) == NULL)
        return -1;
    mini_elf(elf, 0x200000, 5);
    put_file("a.elf", elf, sizeof(elf));
    mini_elf(elf, 0x200000, 7);
    put_file("wx.elf", elf, sizeof(elf));
    put_file("text.elf", "not an elf at all", 17);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(sys);
    return tool_teardown();
}

/* Writes t.system and loads + checks it with `ram` bytes: the result. */
static int load_check(const char *xml, uint64_t ram)
{
    char path[PATH_MAX];

    put_file("t.system", xml, strlen(xml));
    snprintf(path, sizeof(path), "%s/t.system", tool_dir);
    if (sd_load_file(sys, path) != 0)
        return -1;
    return sd_check(sys, ram, NULL, NULL);
}

#define HEAD "<?xml version=\"1.0\"?>\n<system>\n"
#define PD(name, prio) "<protection_domain name=\"" name "\" priority=\"" prio "\">" \
                       "<program_image path=\"a.elf\"/></protection_domain>\n"

/* ---- valid systems ------------------------------------------------------------ */

static void test_one_pd_plan(void **state)
{
    (void)state;
    /* Worked by hand (docs/system-description.md, "memory plan"): text 1
     * page + bss 2 + stack 2 + IPC buffer 1 + region 2 = 8 frames; page
     * tables: 1 GiB slots 0 and 255, 2 MiB slots 0x1, 0x80, 0x1ffff. */
    int r = load_check(HEAD
                       "<memory_region name=\"buf\" size=\"0x2000\"/>\n"
                       "<protection_domain name=\"a\" priority=\"1\">\n"
                       "  <program_image path=\"a.elf\"/>\n"
                       "  <map mr=\"buf\" vaddr=\"0x10000000\" perms=\"rw\" setvar_vaddr=\"buf\"/>\n"
                       "</protection_domain>\n</system>\n", SD_DEFAULT_RAM);
    assert_string_equal(sys->err, "");
    assert_int_equal(r, 0);
    assert_int_equal(sys->n_pds, 1);
    assert_int_equal(sys->pd[0].elf.n_segments, 2);
    assert_int_equal(sys->plan.count[SD_OBJ_FRAME_4K], 8);
    assert_int_equal(sys->plan.count[SD_OBJ_PAGE_TABLE], 5);
    assert_int_equal(sys->plan.count[SD_OBJ_ENDPOINT], 1);
    assert_int_equal(sys->plan.count[SD_OBJ_FRAME_2M], 0);
    assert_int_equal(sys->plan.bytes_needed, 1024 + 4096 + 16384 + 64 + 16 + 13 * 4096);
    /* 0x81000000..0x90000000: 16 + 32 + 64 + 128 MiB */
    assert_int_equal(sys->plan.n_untyped, 4);
    assert_int_equal(sys->plan.bytes_available, 240u << 20);
}

static void test_two_pds_devices(void **state)
{
    (void)state;
    int r = load_check(HEAD
                       "<!-- a client calls a server; a UART region and a large buffer -->\n"
                       "<memory_region name=\"uart\" size=\"0x1000\" phys_addr=\"0x10000000\"/>\n"
                       "<memory_region name=\"big\" size=\"0x400000\" page_size=\"0x200000\"/>\n"
                       "<protection_domain name=\"server\" priority=\"200\" passive=\"true\" "
                       "stack_size=\"0x4000\">\n"
                       "  <program_image path=\"a.elf\"/>\n"
                       "  <map mr=\"uart\" vaddr=\"0x20000000\" perms=\"rw\" cached=\"false\"/>\n"
                       "  <irq irq=\"10\" id=\"5\" trigger=\"level\"/>\n"
                       "</protection_domain>\n"
                       "<protection_domain name=\"client\" priority=\"100\" budget=\"100\" "
                       "period=\"1000\">\n"
                       "  <program_image path=\"a.elf\"/>\n"
                       "  <map mr=\"big\" vaddr=\"0x40000000\" perms=\"r\"/>\n"
                       "</protection_domain>\n"
                       "<channel><end pd=\"client\" id=\"0\" pp=\"true\"/>"
                       "<end pd=\"server\" id=\"1\" notify=\"false\"/></channel>\n"
                       "<channel><end pd=\"client\" id=\"1\"/><end pd=\"server\" id=\"2\"/>"
                       "</channel>\n</system>\n", SD_DEFAULT_RAM);
    assert_string_equal(sys->err, "");
    assert_int_equal(r, 0);
    assert_int_equal(sys->n_pds, 2);
    assert_int_equal(sys->n_channels, 2);
    assert_true(sys->pd[0].passive);
    assert_false(sys->pd[0].map[0].cached);
    assert_true(sys->channel[0].end[0].pp);
    assert_false(sys->channel[0].end[1].notify);
    assert_int_equal(sys->pd[1].period, 1000);
    /* the server's endpoint and the fault endpoint; the device needs no RAM */
    assert_int_equal(sys->plan.count[SD_OBJ_ENDPOINT], 2);
    assert_int_equal(sys->plan.count[SD_OBJ_FRAME_2M], 2);
    /* server: text..bss, stack 4 + IPC: 3 + 5 = 8; client: 3 + 3 = 6 */
    assert_int_equal(sys->plan.count[SD_OBJ_FRAME_4K], 14);
    /* server: GiB {0, 255}, MiB {1, 0x100, 0x1ffff}; client: GiB {0, 1, 255}, MiB {1, 0x1ffff} */
    assert_int_equal(sys->plan.count[SD_OBJ_PAGE_TABLE], 5 + 5);
}

static void test_small_ram(void **state)
{
    (void)state;
    const char *xml = HEAD "<memory_region name=\"m\" size=\"0x1800000\"/>\n" PD("a", "1")
                           "</system>\n";
    assert_int_equal(load_check(xml, SD_DEFAULT_RAM), 0);
    assert_int_equal(load_check(xml, 64u << 20), 0);
    assert_int_equal(load_check(xml, 32u << 20), -1);
    assert_non_null(strstr(sys->err, "t.system:2: <system>: not enough memory: kernel objects "
                                     "and frames need 25228368 bytes, 16777216 available"));
    assert_int_equal(load_check(xml, 16u << 20), -1);
    assert_non_null(strstr(sys->err, "0 available"));
}

static void test_numbers(void **state)
{
    uint64_t v;
    (void)state;

    assert_int_equal(sd_parse_u64("0", &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(sd_parse_u64("0xFFFFFFFFFFFFFFFF", &v), 0);
    assert_true(v == UINT64_MAX);
    assert_int_equal(sd_parse_u64("18446744073709551615", &v), 0);
    assert_int_equal(sd_parse_u64("18446744073709551616", &v), -1);
    assert_int_equal(sd_parse_u64("0x10000000000000000", &v), -1);
    assert_int_equal(sd_parse_u64("0x", &v), -1);
    assert_int_equal(sd_parse_u64("", &v), -1);
    assert_int_equal(sd_parse_u64("-1", &v), -1);
    assert_int_equal(sd_parse_u64("12a", &v), -1);
    assert_int_equal(sd_parse_u64(" 1", &v), -1);
}

/* ---- invalid systems -------------------------------------------------------------- */

struct bad {
    const char *xml;
    const char *where;                  /* "LINE: <element>" */
    const char *text;
};

#define MR_BUF "<memory_region name=\"buf\" size=\"0x2000\"/>\n"
#define PD_MAP(attrs) "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>" \
                      "<map mr=\"buf\" " attrs "/></protection_domain>\n"
#define PD_MAPS(a1, a2) "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>" \
                        "<map mr=\"buf\" " a1 "/>\n<map mr=\"buf\" " a2 "/></protection_domain>\n"
#define CH(e0, e1) "<channel><end " e0 "/><end " e1 "/></channel>\n"

static const struct bad bads[] = {
    { HEAD "<protection_domain", "3", "not well-formed XML" },
    { "<!DOCTYPE system [<!ENTITY x \"y\">]>\n<system/>\n", "2: <system>",
      "a DOCTYPE is not allowed" },
    { "<systems/>\n", "1: <systems>", "the root element must be <system>" },
    { "<system version=\"2\"/>\n", "1: <system>", "unsupported attribute 'version'" },
    { HEAD "</system>\n", "2: <system>", "no protection domains" },
    { HEAD "<virtual_machine name=\"vm\"/>\n" PD("a", "1") "</system>\n", "3: <virtual_machine>",
      "unsupported element inside <system>" },
    { HEAD "hello\n" PD("a", "1") "</system>\n", "2: <system>", "unexpected text" },
    { HEAD "<protection_domain name=\"a\" cpu=\"1\"><program_image path=\"a.elf\"/>"
      "</protection_domain></system>\n", "3: <protection_domain>", "unsupported attribute 'cpu'" },
    { HEAD "<protection_domain priority=\"1\"><program_image path=\"a.elf\"/>"
      "</protection_domain></system>\n", "3: <protection_domain>", "missing attribute 'name'" },
    { HEAD PD("a", "255") "</system>\n", "3: <protection_domain>",
      "priority 255 is above the limit 254" },
    { HEAD PD("a", "high") "</system>\n", "3: <protection_domain>",
      "priority 'high' is not a number" },
    { HEAD PD("a b", "1") "</system>\n", "3: <protection_domain>",
      "name 'a b' has a character that is not allowed (' ')" },
    { HEAD "<protection_domain name=\"a\" passive=\"yes\"><program_image path=\"a.elf\"/>"
      "</protection_domain></system>\n", "3: <protection_domain>",
      "passive must be 'true' or 'false', not 'yes'" },
    { HEAD "<protection_domain name=\"a\" budget=\"2000\" period=\"1000\"><program_image "
      "path=\"a.elf\"/></protection_domain></system>\n", "3: <protection_domain>",
      "budget 2000 must be 1..period (1000)" },
    { HEAD "<protection_domain name=\"a\" stack_size=\"0x1001\"><program_image path=\"a.elf\"/>"
      "</protection_domain></system>\n", "3: <protection_domain>",
      "stack_size 0x1001 is not a non-zero multiple of 0x1000" },
    { HEAD "<protection_domain name=\"a\">\n</protection_domain></system>\n",
      "3: <protection_domain>", "no <program_image>" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>\n"
      "<program_image path=\"a.elf\"/></protection_domain></system>\n", "4: <program_image>",
      "a second program_image (the first is on line 3)" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>\n"
      "<protection_domain name=\"c\" id=\"1\"/></protection_domain></system>\n",
      "4: <protection_domain>", "child protection domains are not supported yet" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>\n"
      "<setvar symbol=\"x\"/></protection_domain></system>\n", "4: <setvar>",
      "unsupported element inside <protection_domain>" },
    { HEAD "<memory_region name=\"m\" size=\"0x1800\"/>\n" PD("a", "1") "</system>\n",
      "3: <memory_region>", "size 0x1800 is not a non-zero multiple of the page size 0x1000" },
    { HEAD "<memory_region name=\"m\" size=\"0x3000\" page_size=\"0x3000\"/>\n" PD("a", "1")
      "</system>\n", "3: <memory_region>", "page_size 0x3000: must be 0x1000 or 0x200000" },
    { HEAD "<memory_region name=\"m\" size=\"0x1000\" phys_addr=\"0x10000800\"/>\n" PD("a", "1")
      "</system>\n", "3: <memory_region>", "phys_addr 0x10000800 is not aligned" },
    { HEAD "<memory_region name=\"m\" size=\"0x10000000000000000\"/>\n" PD("a", "1")
      "</system>\n", "3: <memory_region>", "size '0x10000000000000000' is not a number" },
    { HEAD "<memory_region name=\"m\" size=\"0x1000\"/>\n<memory_region name=\"m\" "
      "size=\"0x2000\"/>\n" PD("a", "1") "</system>\n", "4: <memory_region>",
      "name 'm' already used on line 3" },
    { HEAD "<memory_region name=\"d1\" size=\"0x2000\" phys_addr=\"0x10000000\"/>\n"
      "<memory_region name=\"d2\" size=\"0x1000\" phys_addr=\"0x10001000\"/>\n" PD("a", "1")
      "</system>\n", "4: <memory_region>", "phys_addr range of 'd2' overlaps 'd1' on line 3" },
    { HEAD PD("a", "1") PD("a", "2") "</system>\n", "4: <protection_domain>",
      "name 'a' already used on line 3" },
    { HEAD MR_BUF "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>"
      "<map mr=\"nope\" vaddr=\"0x10000000\"/></protection_domain></system>\n", "4: <map>",
      "no memory_region named 'nope'" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000000\" perms=\"rwx\"") "</system>\n", "4: <map>",
      "perms: writable and executable (W+X) is refused" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000000\" perms=\"w\"") "</system>\n", "4: <map>",
      "perms: write needs read" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000000\" perms=\"rq\"") "</system>\n", "4: <map>",
      "perms: 'q' is not one of r, w, x" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000000\" perms=\"rr\"") "</system>\n", "4: <map>",
      "perms: 'r' given twice" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000800\"") "</system>\n", "4: <map>",
      "vaddr 0x10000800 is not aligned to the page size 0x1000 of 'buf'" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x3fffffa000\"") "</system>\n", "4: <map>",
      "overlaps the stack and IPC buffer of 'a'" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x4000000000\"") "</system>\n", "4: <map>",
      "0x4000000000 + 0x2000 is outside the user half" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x201000\"") "</system>\n", "4: <map>",
      "overlaps the segment of a.elf at 0x201000" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000000\" cached=\"no\"") "</system>\n", "4: <map>",
      "cached must be 'true' or 'false'" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000000\" setvar_vaddr=\"1buf\"") "</system>\n",
      "4: <map>", "setvar_vaddr '1buf' has a character that is not allowed ('1')" },
    { HEAD MR_BUF PD_MAP("vaddr=\"0x10000000\" size=\"1\"") "</system>\n", "4: <map>",
      "unsupported attribute 'size'" },
    { HEAD MR_BUF PD_MAPS("vaddr=\"0x10000000\"", "vaddr=\"0x10001000\"") "</system>\n",
      "5: <map>", "overlaps the map of 'buf' on line 4" },
    { HEAD MR_BUF PD_MAPS("vaddr=\"0x10000000\" setvar_vaddr=\"p\"",
                          "vaddr=\"0x20000000\" setvar_vaddr=\"p\"") "</system>\n",
      "5: <map>", "setvar_vaddr 'p' already set on line 4" },
    { HEAD "<memory_region name=\"big\" size=\"0x200000\" page_size=\"0x200000\"/>\n"
      "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>"
      "<map mr=\"big\" vaddr=\"0x10001000\"/></protection_domain></system>\n", "4: <map>",
      "vaddr 0x10001000 is not aligned to the page size 0x200000 of 'big'" },
    { HEAD "<memory_region name=\"uart\" size=\"0x1000\" phys_addr=\"0x10000000\"/>\n"
      "<protection_domain name=\"a\"><program_image path=\"a.elf\"/>"
      "<map mr=\"uart\" vaddr=\"0x10000000\" perms=\"rx\"/></protection_domain></system>\n",
      "4: <map>", "perms: device region 'uart' cannot be executable" },
    { HEAD PD("a", "1") PD("b", "2") "<channel><end pd=\"a\" id=\"0\"/></channel>\n</system>\n",
      "5: <channel>", "a channel has exactly two <end>s; this one has 1" },
    { HEAD PD("a", "1") PD("b", "2") "<channel><end pd=\"a\" id=\"0\"/><end pd=\"b\" id=\"0\"/>\n"
      "<end pd=\"b\" id=\"1\"/></channel>\n</system>\n", "6: <end>",
      "a channel has exactly two <end>s; this is a third" },
    { HEAD PD("a", "1") CH("pd=\"a\" id=\"0\"", "pd=\"x\" id=\"0\"") "</system>\n", "4: <end>",
      "no protection_domain named 'x'" },
    { HEAD PD("a", "1") PD("b", "2") CH("pd=\"a\" id=\"63\"", "pd=\"b\" id=\"0\"") "</system>\n",
      "5: <end>", "id 63 is above the limit 62" },
    { HEAD PD("a", "1") PD("b", "2") CH("pd=\"a\" id=\"0\"", "pd=\"b\" id=\"0\"")
      CH("pd=\"a\" id=\"0\"", "pd=\"b\" id=\"1\"") "</system>\n", "6: <end>",
      "channel id 0 of 'a' already used on line 5" },
    { HEAD PD("a", "1") CH("pd=\"a\" id=\"0\"", "pd=\"a\" id=\"1\"") "</system>\n",
      "4: <channel>", "both ends are protection domain 'a'" },
    { HEAD PD("a", "1") PD("b", "2") CH("pd=\"a\" id=\"0\" pp=\"true\"", "pd=\"b\" id=\"0\" "
      "pp=\"true\"") "</system>\n", "5: <channel>", "pp is set on both ends" },
    { HEAD PD("a", "1") PD("b", "2") CH("pd=\"a\" id=\"0\"", "pd=\"b\" id=\"0\" pp=\"true\"")
      "</system>\n", "5: <end>",
      "'b' (priority 2) may only call a higher priority, but 'a' has 1" },
    { HEAD PD("a", "5") PD("b", "5") CH("pd=\"a\" id=\"0\" pp=\"true\"", "pd=\"b\" id=\"0\"")
      "</system>\n", "5: <end>", "'a' (priority 5) may only call a higher priority, but 'b' has 5" },
    { HEAD PD("a", "5") PD("b", "5") PD("c", "5") CH("pd=\"a\" id=\"0\" pp=\"true\"",
      "pd=\"b\" id=\"0\"") CH("pd=\"b\" id=\"1\" pp=\"true\"", "pd=\"c\" id=\"0\"")
      CH("pd=\"c\" id=\"1\" pp=\"true\"", "pd=\"a\" id=\"1\"") "</system>\n", "8: <channel>",
      "protected calls form a cycle: a -> b -> c -> a" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/><irq irq=\"10\" "
      "id=\"0\"/></protection_domain>\n" PD("b", "2") CH("pd=\"a\" id=\"0\"", "pd=\"b\" id=\"0\"")
      "</system>\n", "3: <irq>", "id 0 of 'a' is also a channel id (line 5)" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/><irq irq=\"10\" "
      "id=\"3\"/>\n<irq irq=\"11\" id=\"3\"/></protection_domain></system>\n", "4: <irq>",
      "id 3 of 'a' already used on line 3" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/><irq irq=\"10\" "
      "id=\"3\"/></protection_domain>\n<protection_domain name=\"b\"><program_image "
      "path=\"a.elf\"/><irq irq=\"10\" id=\"3\"/></protection_domain></system>\n", "4: <irq>",
      "irq 10 already given to 'a' on line 3" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/><irq irq=\"0\" "
      "id=\"3\"/></protection_domain></system>\n", "3: <irq>", "irq 0 is not an interrupt source" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"/><irq irq=\"1\" "
      "id=\"3\" trigger=\"rising\"/></protection_domain></system>\n", "3: <irq>",
      "trigger must be 'level' or 'edge', not 'rising'" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"a.elf\"><x/></program_image>"
      "</protection_domain></system>\n", "3: <program_image>", "unexpected child element <x>" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"missing.elf\"/>"
      "</protection_domain></system>\n", "3: <program_image>", "cannot read: " },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"wx.elf\"/>"
      "</protection_domain></system>\n", "3: <program_image>",
      "wx.elf: a segment is writable and executable (W+X)" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"text.elf\"/>"
      "</protection_domain></system>\n", "3: <program_image>", "text.elf: truncated" },
    { HEAD "<protection_domain name=\"a\"><program_image path=\"t.system\"/>"
      "</protection_domain></system>\n", "3: <program_image>", "t.system: not an ELF file" },
    { HEAD "<memory_region name=\"m\" size=\"0x10000000\"/>\n" PD("a", "1") "</system>\n",
      "2: <system>", "not enough memory" },
};

static void test_invalid(void **state)
{
    char where[64];
    (void)state;

    for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
        int r = load_check(bads[i].xml, SD_DEFAULT_RAM);
        snprintf(where, sizeof(where), "t.system:%s", bads[i].where);
        if (r != -1 || strstr(sys->err, where) == NULL || strstr(sys->err, bads[i].text) == NULL)
            fail_msg("case %zu: want '%s' ... '%s', got %d '%s'", i, where, bads[i].text, r,
                     sys->err);
    }
    print_message("%zu invalid descriptions refused as expected\n", sizeof(bads) / sizeof(bads[0]));
}

/* ---- the tool ---------------------------------------------------------------------- */

static void test_tool(void **state)
{
    struct run r;
    (void)state;

    put_file("ok.system", HEAD PD("a", "1") PD("b", "2")
             CH("pd=\"a\" id=\"0\" pp=\"true\"", "pd=\"b\" id=\"0\"") "</system>\n",
             strlen(HEAD PD("a", "1") PD("b", "2")
                    CH("pd=\"a\" id=\"0\" pp=\"true\"", "pd=\"b\" id=\"0\"") "</system>\n"));
    r = sh_in(tool_dir, "%s system check ok.system", tool_lx);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "ok.system: ok: 2 protection domains, 1 channels"));
    assert_non_null(strstr(r.out, "channel a:0 -pp-> b:0"));
    run_free(&r);
    r = sh_in(tool_dir, "%s system check --json --ram=0x2000000 ok.system", tool_lx);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "{\"ok\":true,\"pds\":[{\"name\":\"a\",\"priority\":1,"));
    assert_non_null(strstr(r.out, "\"bytes_available\":16777216"));
    run_free(&r);
    put_file("bad.system", HEAD PD("a", "300") "</system>\n",
             strlen(HEAD PD("a", "300") "</system>\n"));
    r = sh_in(tool_dir, "%s system check bad.system", tool_lx);
    expect_fail(&r, "bad.system:3: <protection_domain>: priority 300 is above the limit 254");
    run_free(&r);
    r = sh_in(tool_dir, "%s system check --ram 12Q ok.system", tool_lx);
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = sh_in(tool_dir, "%s system check", tool_lx);
    assert_int_equal(r.status, 2);
    run_free(&r);
    r = sh_in(tool_dir, "%s system check --help", tool_lx);
    expect_ok(&r);
    assert_non_null(strstr(r.out, "usage: lx system check"));
    run_free(&r);
    r = sh_in(tool_dir, "%s system check nothing.system", tool_lx);
    expect_fail(&r, "nothing.system: No such file or directory");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_one_pd_plan),
        cmocka_unit_test(test_two_pds_devices),
        cmocka_unit_test(test_small_ram),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_tool),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
