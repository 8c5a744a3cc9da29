/*
 * 512-bit Montgomery arithmetic with 64-bit limbs (see mp512.h). Products
 * are formed in full (16 limbs) and then reduced limb by limb (separated
 * operand scanning), which lets squaring skip the symmetric half of the
 * partial products. 64x64->128 multiplies use unsigned __int128, which
 * compiles to mul/mulhu on x86-64 and rv64 (no runtime library call).
 */
#include "crypto/mp512.h"

#include "base/endian.h"
#include "crypto/arch/mp512_arch.h"

typedef unsigned __int128 u128;

#define N MP512_LIMBS

/* The limb loops have fixed trip counts; unrolling them fully lets the
 * compiler keep the accumulators in registers (roughly 2x on x86-64). */
#define UNROLL _Pragma("GCC unroll 8")

void mp512_from_be(struct mp512 *r, const uint8_t in[MP512_BYTES])
{
    for (int i = 0; i < N; i++)
        r->w[i] = load_be64(in + 8 * (N - 1 - i));
}

void mp512_to_be(uint8_t out[MP512_BYTES], const struct mp512 *a)
{
    for (int i = 0; i < N; i++)
        store_be64(out + 8 * (N - 1 - i), a->w[i]);
}

void mp512_set_u64(struct mp512 *r, uint64_t v)
{
    r->w[0] = v;
    for (int i = 1; i < N; i++)
        r->w[i] = 0;
}

int mp512_cmp(const struct mp512 *a, const struct mp512 *b)
{
    for (int i = N - 1; i >= 0; i--) {
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    }
    return 0;
}

bool mp512_eq(const struct mp512 *a, const struct mp512 *b)
{
    uint64_t d = 0;

    for (int i = 0; i < N; i++)
        d |= a->w[i] ^ b->w[i];
    return d == 0;
}

bool mp512_is_zero(const struct mp512 *a)
{
    uint64_t d = 0;

    for (int i = 0; i < N; i++)
        d |= a->w[i];
    return d == 0;
}

void mp512_mod_neg(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md)
{
    if (mp512_is_zero(a)) {
        mp512_set_u64(r, 0);
        return;
    }
    mp512_sub(r, &md->m, a);
}

/* Montgomery reduction of a 16-limb t < m * 2^512 into r = t / R mod m. */
static inline __attribute__((always_inline)) void mont_reduce(struct mp512 *r, uint64_t t[2 * N],
                                                             const struct mp512_mod *md)
{
    const uint64_t *m = md->m.w;
    uint64_t hi = 0;     /* overflow out of t[i + N] from the previous round */

    UNROLL
    for (int i = 0; i < N; i++) {
        uint64_t q = t[i] * md->m0inv;
        uint64_t c = 0;

        UNROLL
        for (int j = 0; j < N; j++) {
            u128 x = (u128)q * m[j] + t[i + j] + c;
            t[i + j] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        u128 x = (u128)t[i + N] + c + hi;
        t[i + N] = (uint64_t)x;
        hi = (uint64_t)(x >> 64);
    }
    for (int i = 0; i < N; i++)
        r->w[i] = t[N + i];
    /* The result is < 2m; hi is its bit 512. */
    if (hi || mp512_cmp(r, &md->m) >= 0)
        mp512_sub(r, r, &md->m);
}

void mp512_mont_mul_generic(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                            const struct mp512_mod *md)
{
    uint64_t t[2 * N];

    for (int j = 0; j < N; j++)
        t[j + N] = 0;
    UNROLL
    for (int i = 0; i < N; i++) {
        uint64_t ai = a->w[i];
        uint64_t c = 0;

        UNROLL
        for (int j = 0; j < N; j++) {
            u128 x = (u128)ai * b->w[j] + (i == 0 ? 0 : t[i + j]) + c;
            t[i + j] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        t[i + N] = c;
    }
    mont_reduce(r, t, md);
}

void mp512_mont_mul(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                    const struct mp512_mod *md)
{
    if (arch_mp512_mont_mul(r, a, b, md))
        return;
    mp512_mont_mul_generic(r, a, b, md);
}

void mp512_mont_sqr_generic(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md)
{
    uint64_t t[2 * N];
    uint64_t c;

    /* Off-diagonal products a_i * a_j, i < j, once each. */
    for (int i = 0; i < 2 * N; i++)
        t[i] = 0;
    UNROLL
    for (int i = 0; i < N - 1; i++) {
        uint64_t ai = a->w[i];

        c = 0;
        UNROLL
        for (int j = i + 1; j < N; j++) {
            u128 x = (u128)ai * a->w[j] + t[i + j] + c;
            t[i + j] = (uint64_t)x;
            c = (uint64_t)(x >> 64);
        }
        t[i + N] = c;
    }
    /* Double them, then add the squares a_i^2 on the diagonal. */
    c = 0;
    UNROLL
    for (int i = 0; i < 2 * N; i++) {
        uint64_t v = t[i];

        t[i] = v << 1 | c;
        c = v >> 63;
    }
    c = 0;
    UNROLL
    for (int i = 0; i < N; i++) {
        u128 sq = (u128)a->w[i] * a->w[i];
        u128 x = (u128)t[2 * i] + (uint64_t)sq + c;

        t[2 * i] = (uint64_t)x;
        x = (u128)t[2 * i + 1] + (uint64_t)(sq >> 64) + (uint64_t)(x >> 64);
        t[2 * i + 1] = (uint64_t)x;
        c = (uint64_t)(x >> 64);
    }
    mont_reduce(r, t, md);
}

void mp512_mont_sqr(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md)
{
    /* The x86-64 multiplication beats the portable squaring. */
    if (arch_mp512_mont_mul(r, a, a, md))
        return;
    mp512_mont_sqr_generic(r, a, md);
}

void mp512_to_mont(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md)
{
    mp512_mont_mul(r, a, &md->r2, md);
}

void mp512_from_mont(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md)
{
    struct mp512 one;

    mp512_set_u64(&one, 1);
    mp512_mont_mul(r, a, &one, md);
}

/* Fixed 4-bit windows from the top: 512 squarings and at most 128 multiplies. */
void mp512_mont_pow(struct mp512 *r, const struct mp512 *a, const struct mp512 *e,
                    const struct mp512_mod *md)
{
    struct mp512 tab[16];
    struct mp512 acc = md->one;

    tab[0] = md->one;
    tab[1] = *a;
    for (int i = 2; i < 16; i++)
        mp512_mont_mul(&tab[i], &tab[i - 1], a, md);
    for (int i = N * 16 - 1; i >= 0; i--) {     /* 16 nibbles per limb */
        unsigned nib = (unsigned)(e->w[i / 16] >> (4 * (i % 16))) & 15;

        for (int k = 0; k < 4; k++)
            mp512_mont_sqr(&acc, &acc, md);
        if (nib)
            mp512_mont_mul(&acc, &acc, &tab[nib], md);
    }
    *r = acc;
}

void mp512_mont_inv(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md)
{
    struct mp512 e, two;

    mp512_set_u64(&two, 2);
    mp512_sub(&e, &md->m, &two);
    mp512_mont_pow(r, a, &e, md);
}

/*
 * x = x / 2^k mod m for x < m and 1 <= k <= 63: add the multiple q*m
 * (q < 2^k, from -m^-1 mod 2^64) that clears the low k bits, then shift.
 * (x + q m) / 2^k < (m + (2^k - 1) m) / 2^k = m, so the result is reduced.
 */
static void mod_div_pow2(struct mp512 *x, unsigned k, const struct mp512_mod *md)
{
    uint64_t q = (x->w[0] * md->m0inv) & (((uint64_t)1 << k) - 1);
    uint64_t t[N + 1], c = 0;

    for (int i = 0; i < N; i++) {
        u128 v = (u128)q * md->m.w[i] + x->w[i] + c;
        t[i] = (uint64_t)v;
        c = (uint64_t)(v >> 64);
    }
    t[N] = c;
    for (int i = 0; i < N; i++)
        x->w[i] = t[i] >> k | t[i + 1] << (64 - k);
}

/* Shift the even, nonzero u right until it is odd, dividing x by the same
 * power of two mod m. At most 511 bits in all, in steps below 64. */
static void strip_twos(struct mp512 *u, struct mp512 *x, const struct mp512_mod *md)
{
    while ((u->w[0] & 1) == 0) {
        unsigned k = 0;

        if (u->w[0] == 0) {
            k = 63;                 /* whole zero limb: shift 63 at a time */
        } else {
            while (((u->w[0] >> k) & 1) == 0)
                k++;
        }
        for (int i = 0; i < N - 1; i++)
            u->w[i] = u->w[i] >> k | u->w[i + 1] << (64 - k);
        u->w[N - 1] >>= k;
        mod_div_pow2(x, k, md);
    }
}

/*
 * Binary extended Euclid (HAC 14.61 specialised to an odd modulus) with
 * the invariants x1 * a = u and x2 * a = v (mod m), and u, v odd at the
 * top of the loop. Each round subtracts the smaller from the larger and
 * strips the factors of two from the difference, so u + v loses at least
 * one bit per round: 1100 rounds bound it, which also stops misuse (a not
 * coprime to m) from looping.
 */
bool mp512_mod_inv(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md)
{
    struct mp512 u = *a, v = md->m, x1, x2;

    if (mp512_is_zero(a) || mp512_cmp(a, &md->m) >= 0 || (md->m.w[0] & 1) == 0)
        return false;
    mp512_set_u64(&x1, 1);
    mp512_set_u64(&x2, 0);
    strip_twos(&u, &x1, md);
    for (int round = 0; round < 1100; round++) {
        int c = mp512_cmp(&u, &v);

        if (c == 0) {
            /* u = v = gcd(a, m) */
            struct mp512 one;

            mp512_set_u64(&one, 1);
            if (!mp512_eq(&u, &one))
                return false;
            *r = x1;
            return true;
        }
        if (c > 0) {
            mp512_sub(&u, &u, &v);
            mp512_mod_sub(&x1, &x1, &x2, md);
            strip_twos(&u, &x1, md);
        } else {
            mp512_sub(&v, &v, &u);
            mp512_mod_sub(&x2, &x2, &x1, md);
            strip_twos(&v, &x2, md);
        }
    }
    return false;
}
