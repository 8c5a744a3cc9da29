/*
 * Tests for lib/base: the freestanding memory helpers and byte-order
 * loads/stores every other library builds on.
 */
#include "test.h"

#include "base/endian.h"
#include "base/mem.h"
#include "base/str.h"

static void test_memcpy_memset(void **state)
{
    uint8_t a[37], b[37];
    (void)state;

    for (size_t i = 0; i < sizeof(a); i++)
        a[i] = (uint8_t)(i * 7 + 1);
    assert_true(lx_memcpy(b, a, sizeof(a)) == b);
    assert_memory_equal(a, b, sizeof(a));
    assert_true(lx_memset(b + 3, 0xab, 10) == b + 3);
    for (size_t i = 0; i < sizeof(b); i++)
        assert_int_equal(b[i], i >= 3 && i < 13 ? 0xab : a[i]);
    lx_memcpy(b, a, 0);
    assert_int_equal(b[0], a[0]);
}

/* Every alignment of source and destination and every length around the
 * word size: the word paths must touch exactly [dst, dst+n). */
static void test_memcpy_memset_alignments(void **state)
{
    uint8_t src[64], dst[64], want[64];
    (void)state;

    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (uint8_t)(i * 37 + 11);
    for (size_t so = 0; so < 9; so++) {
        for (size_t doff = 0; doff < 9; doff++) {
            for (size_t n = 0; n <= 40; n++) {
                memset(dst, 0x5a, sizeof(dst));
                memcpy(want, dst, sizeof(want));
                memcpy(want + doff, src + so, n);
                lx_memcpy(dst + doff, src + so, n);
                assert_memory_equal(dst, want, sizeof(dst));

                memset(want + doff, 0xc3, n);
                lx_memset(dst + doff, 0xc3, n);
                assert_memory_equal(dst, want, sizeof(dst));

                memset(want + doff, 0, n);
                lx_memzero_secure(dst + doff, n);
                assert_memory_equal(dst, want, sizeof(dst));
            }
        }
    }
}

static void test_strings(void **state)
{
    (void)state;
    assert_true(lx_streq("", ""));
    assert_true(lx_streq("cpus", "cpus"));
    assert_false(lx_streq("cpus", "cpu"));
    assert_false(lx_streq("cpu", "cpus"));
    assert_true(lx_has_word("selftest", "selftest"));
    assert_true(lx_has_word("a selftest b", "selftest"));
    assert_true(lx_has_word("  poweroff  ", "poweroff"));
    assert_false(lx_has_word("selftests", "selftest"));
    assert_false(lx_has_word("xselftest", "selftest"));
    assert_false(lx_has_word("self test", "selftest"));
    assert_false(lx_has_word("", "selftest"));
    assert_false(lx_has_word("a b", ""));
}

static void test_memmove_overlap(void **state)
{
    uint8_t buf[16], ref[16];
    (void)state;

    for (int i = 0; i < 16; i++)
        buf[i] = ref[i] = (uint8_t)i;
    lx_memmove(buf + 2, buf, 10);       /* forward overlap */
    memmove(ref + 2, ref, 10);
    assert_memory_equal(buf, ref, 16);
    lx_memmove(buf, buf + 3, 12);       /* backward overlap */
    memmove(ref, ref + 3, 12);
    assert_memory_equal(buf, ref, 16);
}

static void test_memcmp_sign(void **state)
{
    const uint8_t x[3] = { 1, 2, 3 }, y[3] = { 1, 2, 4 }, z[3] = { 1, 0x80, 0 };
    (void)state;

    assert_int_equal(lx_memcmp(x, x, 3), 0);
    assert_true(lx_memcmp(x, y, 3) < 0);
    assert_true(lx_memcmp(y, x, 3) > 0);
    assert_true(lx_memcmp(z, x, 3) > 0);    /* bytes compare unsigned */
    assert_int_equal(lx_memcmp(x, y, 2), 0);
}

static void test_ct_memeq(void **state)
{
    uint8_t a[64], b[64];
    (void)state;

    for (int i = 0; i < 64; i++)
        a[i] = b[i] = (uint8_t)(i ^ 0x5a);
    assert_int_equal(lx_ct_memeq(a, b, 64), 1);
    assert_int_equal(lx_ct_memeq(a, b, 0), 1);
    for (int i = 0; i < 64; i++) {
        for (int bit = 0; bit < 8; bit++) {
            b[i] ^= (uint8_t)(1 << bit);
            assert_int_equal(lx_ct_memeq(a, b, 64), 0);
            b[i] ^= (uint8_t)(1 << bit);
        }
    }
}

static void test_memzero_secure(void **state)
{
    uint8_t secret[33];
    (void)state;

    memset(secret, 0xc3, sizeof(secret));
    lx_memzero_secure(secret, sizeof(secret));
    for (size_t i = 0; i < sizeof(secret); i++)
        assert_int_equal(secret[i], 0);
}

static void test_endian(void **state)
{
    uint8_t buf[9] = { 0 };
    (void)state;

    /* Unaligned on purpose: the helpers must not need alignment. */
    store_be64(buf + 1, 0x0102030405060708ull);
    assert_int_equal(buf[1], 1);
    assert_int_equal(buf[8], 8);
    assert_int_equal(load_be64(buf + 1), 0x0102030405060708ull);
    assert_int_equal(load_le64(buf + 1), 0x0807060504030201ull);
    assert_int_equal(load_be32(buf + 1), 0x01020304u);
    assert_int_equal(load_le32(buf + 1), 0x04030201u);
    store_le32(buf + 1, 0xa1b2c3d4u);
    assert_int_equal(buf[1], 0xd4);
    store_le64(buf + 1, 0x1122334455667788ull);
    assert_int_equal(buf[1], 0x88);
    assert_int_equal(buf[8], 0x11);
    store_be32(buf, 0xdeadbeefu);
    assert_int_equal(buf[0], 0xde);
    assert_int_equal(rotr32(0x80000001u, 1), 0xc0000000u);
    assert_int_equal(rotr64(1, 1), 0x8000000000000000ull);
    assert_int_equal(rotl64(0x8000000000000000ull, 1), 1);
    assert_int_equal(rotr32(0x12345678u, 0), 0x12345678u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_memset),
        cmocka_unit_test(test_memcpy_memset_alignments),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_memmove_overlap),
        cmocka_unit_test(test_memcmp_sign),
        cmocka_unit_test(test_ct_memeq),
        cmocka_unit_test(test_memzero_secure),
        cmocka_unit_test(test_endian),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
