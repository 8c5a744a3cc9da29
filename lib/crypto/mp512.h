/*
 * Fixed-size 512-bit arithmetic for the Brainpool P-512 curves: numbers of
 * exactly eight 64-bit limbs, arithmetic modulo an odd 512-bit modulus in
 * Montgomery form (R = 2^512). Not a general bignum: every operand is one
 * mp512 and every modulus is a precomputed constant struct mp512_mod.
 * Nothing here is constant-time; it serves signature verification, which
 * handles public data only. On x86-64 CPUs with BMI2 and ADX the
 * multiplication is done by arch/x86_64/mp512_x86.c (see arch/mp512_arch.h).
 */
#ifndef LX_CRYPTO_MP512_H
#define LX_CRYPTO_MP512_H

#include <stdbool.h>
#include <stdint.h>

#define MP512_LIMBS 8
#define MP512_BYTES 64

/* w[0] is the least significant limb. */
struct mp512 {
    uint64_t w[MP512_LIMBS];
};

/* An odd modulus m with 2^511 <= m < 2^512 and its Montgomery constants. */
struct mp512_mod {
    struct mp512 m;
    struct mp512 r2;    /* R^2 mod m */
    struct mp512 one;   /* R mod m: 1 in Montgomery form */
    uint64_t m0inv;     /* -m^-1 mod 2^64 */
};

void mp512_from_be(struct mp512 *r, const uint8_t in[MP512_BYTES]);
void mp512_to_be(uint8_t out[MP512_BYTES], const struct mp512 *a);
void mp512_set_u64(struct mp512 *r, uint64_t v);

/* -1, 0 or 1 as a <, == or > b. */
int mp512_cmp(const struct mp512 *a, const struct mp512 *b);
bool mp512_eq(const struct mp512 *a, const struct mp512 *b);
bool mp512_is_zero(const struct mp512 *a);

/* The additive operations are inline: the curve formulas call them as
 * often as the multiplications, and a call costs as much as the work. */
#define MP512_UNROLL _Pragma("GCC unroll 8")

/* r = a + b mod 2^512, returns the carry. */
static inline uint64_t mp512_add(struct mp512 *r, const struct mp512 *a, const struct mp512 *b)
{
    uint64_t c = 0;

    MP512_UNROLL
    for (int i = 0; i < MP512_LIMBS; i++) {
        unsigned __int128 x = (unsigned __int128)a->w[i] + b->w[i] + c;
        r->w[i] = (uint64_t)x;
        c = (uint64_t)(x >> 64);
    }
    return c;
}

/* r = a - b mod 2^512, returns the borrow. */
static inline uint64_t mp512_sub(struct mp512 *r, const struct mp512 *a, const struct mp512 *b)
{
    uint64_t borrow = 0;

    MP512_UNROLL
    for (int i = 0; i < MP512_LIMBS; i++) {
        unsigned __int128 x = (unsigned __int128)a->w[i] - b->w[i] - borrow;
        r->w[i] = (uint64_t)x;
        borrow = (uint64_t)(x >> 64) & 1;
    }
    return borrow;
}

/* Modular operations; every input must already be < m, outputs are < m. */
static inline void mp512_mod_add(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                                 const struct mp512_mod *md)
{
    struct mp512 s, t;
    uint64_t c = mp512_add(&s, a, b);
    uint64_t borrow = mp512_sub(&t, &s, &md->m);

    /* a + b < 2m: keep s - m unless it borrowed without the sum having
     * carried past 2^512 (then s itself was already < m). */
    *r = (borrow && !c) ? s : t;
}

static inline void mp512_mod_sub(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                                 const struct mp512_mod *md)
{
    if (mp512_sub(r, a, b))
        mp512_add(r, r, &md->m);
}

void mp512_mod_neg(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md);

/* r = a * b / R mod m (inputs < m; r may alias a or b). */
void mp512_mont_mul(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                    const struct mp512_mod *md);
void mp512_mont_sqr(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md);
/* The portable versions of the two, used where no faster one applies and
 * exposed so the tests can compare them with the architecture code. */
void mp512_mont_mul_generic(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                            const struct mp512_mod *md);
void mp512_mont_sqr_generic(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md);
void mp512_to_mont(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md);
void mp512_from_mont(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md);

/* r = a^e in Montgomery form (a in Montgomery form, e a plain integer). */
void mp512_mont_pow(struct mp512 *r, const struct mp512 *a, const struct mp512 *e,
                    const struct mp512_mod *md);
/* r = a^-1 (Montgomery form in and out) by Fermat, e = m - 2; m must be
 * prime. The inverse of 0 comes out as 0; callers exclude it beforehand. */
void mp512_mont_inv(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md);

/* r = a^-1 mod m for a plain (not Montgomery) a in [1, m-1] with
 * gcd(a, m) = 1, by the binary extended Euclidean algorithm; false (r
 * untouched) otherwise. Much cheaper than Fermat; not constant-time. */
bool mp512_mod_inv(struct mp512 *r, const struct mp512 *a, const struct mp512_mod *md);

#endif
