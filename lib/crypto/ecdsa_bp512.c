/*
 * ECDSA verification on brainpoolP512r1/t1 (see ecdsa_bp512.h).
 *
 * Points are kept in Jacobian coordinates (X/Z^2, Y/Z^3, Z = 0 for the
 * point at infinity) with field elements in Montgomery form. u1*G + u2*Q
 * is one interleaved width-w NAF pass: 512 shared doublings, additions of
 * odd multiples of G from a rodata table (w = 7, affine) and of Q from a
 * table built per call (w = 5, made affine with one shared inversion). The final comparison
 * x(R) mod n == r is done projectively (X == r * Z^2, or (r + n) * Z^2 when
 * r + n < p), so R is never made affine. The two inversions (s^-1 mod n
 * and the Q table's) use the binary extended Euclidean algorithm.
 */
#include "crypto/ecdsa_bp512.h"

#include <stdbool.h>

#include "base/mem.h"
#include "base/status.h"

#define G_WINDOW 7
#define G_TABLE_SIZE (1 << (G_WINDOW - 2))     /* 1G, 3G, ..., 63G */
#define Q_WINDOW 5
#define Q_TABLE_SIZE (1 << (Q_WINDOW - 2))     /* 1Q, 3Q, ..., 15Q */
#define NAF_MAX 520                            /* a 512-bit scalar has <= 513 digits */

struct bp512_affine {
    struct mp512 x, y;
};

struct bp512_curve {
    struct mp512_mod p, n;
    struct mp512 a, b;          /* Montgomery form mod p */
    bool a_is_minus3;
    struct mp512 sqrt_exp;      /* (p + 1) / 4; p = 3 mod 4 */
    struct bp512_affine g_table[G_TABLE_SIZE];
};

#include "crypto/ecdsa_bp512_tables.h"

struct jac {
    struct mp512 x, y, z;
};

static const struct bp512_curve *curve_of(enum bp512_curve_id id)
{
    switch (id) {
    case BP512_R1:
        return &curve_r1;
    case BP512_T1:
        return &curve_t1;
    }
    return NULL;
}

/* ---- field helpers (mod p, Montgomery form) ---- */

static inline void fmul(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                        const struct bp512_curve *c)
{
    mp512_mont_mul(r, a, b, &c->p);
}

static inline void fsqr(struct mp512 *r, const struct mp512 *a, const struct bp512_curve *c)
{
    mp512_mont_sqr(r, a, &c->p);
}

static inline void fadd(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                        const struct bp512_curve *c)
{
    mp512_mod_add(r, a, b, &c->p);
}

static inline void fsub(struct mp512 *r, const struct mp512 *a, const struct mp512 *b,
                        const struct bp512_curve *c)
{
    mp512_mod_sub(r, a, b, &c->p);
}

/* x^3 + a*x + b */
static void curve_rhs(struct mp512 *r, const struct mp512 *x, const struct bp512_curve *c)
{
    struct mp512 t;

    fsqr(&t, x, c);
    fadd(&t, &t, &c->a, c);
    fmul(&t, &t, x, c);
    fadd(r, &t, &c->b, c);
}

static bool on_curve(const struct mp512 *x, const struct mp512 *y, const struct bp512_curve *c)
{
    struct mp512 lhs, rhs;

    fsqr(&lhs, y, c);
    curve_rhs(&rhs, x, c);
    return mp512_eq(&lhs, &rhs);
}

/* ---- Jacobian point arithmetic ---- */

static void jac_set_inf(struct jac *r)
{
    lx_memset(r, 0, sizeof(*r));
}

static bool jac_is_inf(const struct jac *p)
{
    return mp512_is_zero(&p->z);
}

static void jac_from_affine(struct jac *r, const struct bp512_affine *a, const struct bp512_curve *c)
{
    r->x = a->x;
    r->y = a->y;
    r->z = c->p.one;
}

/* 2P. a = -3: dbl-2001-b (3M + 5S); general a: dbl-2007-bl (2M + 8S). */
static void jac_dbl(struct jac *r, const struct jac *p, const struct bp512_curve *c)
{
    struct mp512 t1, t2, t3, t4, x3, y3, z3;

    /* y = 0 would be a point of order 2, which a prime-order curve lacks,
     * but infinity must not be doubled into garbage either way. */
    if (jac_is_inf(p) || mp512_is_zero(&p->y)) {
        jac_set_inf(r);
        return;
    }
    if (c->a_is_minus3) {
        struct mp512 delta, gamma, beta, alpha;

        fsqr(&delta, &p->z, c);
        fsqr(&gamma, &p->y, c);
        fmul(&beta, &p->x, &gamma, c);
        fsub(&t1, &p->x, &delta, c);
        fadd(&t2, &p->x, &delta, c);
        fmul(&t1, &t1, &t2, c);
        fadd(&alpha, &t1, &t1, c);
        fadd(&alpha, &alpha, &t1, c);
        /* X3 = alpha^2 - 8 beta */
        fadd(&t3, &beta, &beta, c);         /* 2 beta */
        fadd(&t3, &t3, &t3, c);             /* 4 beta */
        fadd(&t4, &t3, &t3, c);             /* 8 beta */
        fsqr(&x3, &alpha, c);
        fsub(&x3, &x3, &t4, c);
        /* Z3 = (Y + Z)^2 - gamma - delta */
        fadd(&z3, &p->y, &p->z, c);
        fsqr(&z3, &z3, c);
        fsub(&z3, &z3, &gamma, c);
        fsub(&z3, &z3, &delta, c);
        /* Y3 = alpha (4 beta - X3) - 8 gamma^2 */
        fsub(&t3, &t3, &x3, c);
        fmul(&y3, &alpha, &t3, c);
        fsqr(&t1, &gamma, c);
        fadd(&t1, &t1, &t1, c);
        fadd(&t1, &t1, &t1, c);
        fadd(&t1, &t1, &t1, c);
        fsub(&y3, &y3, &t1, c);
    } else {
        struct mp512 xx, yy, yyyy, zz, s, m;

        fsqr(&xx, &p->x, c);
        fsqr(&yy, &p->y, c);
        fsqr(&yyyy, &yy, c);
        fsqr(&zz, &p->z, c);
        /* S = 2 ((X + YY)^2 - XX - YYYY) */
        fadd(&s, &p->x, &yy, c);
        fsqr(&s, &s, c);
        fsub(&s, &s, &xx, c);
        fsub(&s, &s, &yyyy, c);
        fadd(&s, &s, &s, c);
        /* M = 3 XX + a ZZ^2 */
        fsqr(&t1, &zz, c);
        fmul(&t1, &t1, &c->a, c);
        fadd(&m, &xx, &xx, c);
        fadd(&m, &m, &xx, c);
        fadd(&m, &m, &t1, c);
        /* X3 = M^2 - 2 S */
        fsqr(&x3, &m, c);
        fsub(&x3, &x3, &s, c);
        fsub(&x3, &x3, &s, c);
        /* Y3 = M (S - X3) - 8 YYYY */
        fsub(&t2, &s, &x3, c);
        fmul(&y3, &m, &t2, c);
        fadd(&t1, &yyyy, &yyyy, c);
        fadd(&t1, &t1, &t1, c);
        fadd(&t1, &t1, &t1, c);
        fsub(&y3, &y3, &t1, c);
        /* Z3 = (Y + Z)^2 - YY - ZZ */
        fadd(&z3, &p->y, &p->z, c);
        fsqr(&z3, &z3, c);
        fsub(&z3, &z3, &yy, c);
        fsub(&z3, &z3, &zz, c);
    }
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* P + Q with Q affine (x2, y2): madd-2007-bl (7M + 4S). */
static void jac_add_affine(struct jac *r, const struct jac *p, const struct mp512 *x2,
                           const struct mp512 *y2, const struct bp512_curve *c)
{
    struct mp512 z1z1, u2, s2, h, hh, i, j, rr, v, t, x3, y3, z3;

    if (jac_is_inf(p)) {
        r->x = *x2;
        r->y = *y2;
        r->z = c->p.one;
        return;
    }
    fsqr(&z1z1, &p->z, c);
    fmul(&u2, x2, &z1z1, c);
    fmul(&s2, y2, &p->z, c);
    fmul(&s2, &s2, &z1z1, c);
    fsub(&h, &u2, &p->x, c);
    fsub(&rr, &s2, &p->y, c);
    if (mp512_is_zero(&h)) {
        /* Same x: P = Q (double) or P = -Q (infinity). */
        if (mp512_is_zero(&rr))
            jac_dbl(r, p, c);
        else
            jac_set_inf(r);
        return;
    }
    fsqr(&hh, &h, c);
    fadd(&i, &hh, &hh, c);
    fadd(&i, &i, &i, c);
    fmul(&j, &h, &i, c);
    fadd(&rr, &rr, &rr, c);
    fmul(&v, &p->x, &i, c);
    /* X3 = r^2 - J - 2 V */
    fsqr(&x3, &rr, c);
    fsub(&x3, &x3, &j, c);
    fsub(&x3, &x3, &v, c);
    fsub(&x3, &x3, &v, c);
    /* Y3 = r (V - X3) - 2 Y1 J */
    fsub(&t, &v, &x3, c);
    fmul(&y3, &rr, &t, c);
    fmul(&t, &p->y, &j, c);
    fadd(&t, &t, &t, c);
    fsub(&y3, &y3, &t, c);
    /* Z3 = 2 Z1 H */
    fmul(&z3, &p->z, &h, c);
    fadd(&z3, &z3, &z3, c);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* P + Q, both Jacobian: add-2007-bl (11M + 5S). */
static void jac_add(struct jac *r, const struct jac *p, const struct jac *q,
                    const struct bp512_curve *c)
{
    struct mp512 z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t, x3, y3, z3;

    if (jac_is_inf(p)) {
        *r = *q;
        return;
    }
    if (jac_is_inf(q)) {
        *r = *p;
        return;
    }
    fsqr(&z1z1, &p->z, c);
    fsqr(&z2z2, &q->z, c);
    fmul(&u1, &p->x, &z2z2, c);
    fmul(&u2, &q->x, &z1z1, c);
    fmul(&s1, &p->y, &q->z, c);
    fmul(&s1, &s1, &z2z2, c);
    fmul(&s2, &q->y, &p->z, c);
    fmul(&s2, &s2, &z1z1, c);
    fsub(&h, &u2, &u1, c);
    fsub(&rr, &s2, &s1, c);
    if (mp512_is_zero(&h)) {
        if (mp512_is_zero(&rr))
            jac_dbl(r, p, c);
        else
            jac_set_inf(r);
        return;
    }
    fadd(&i, &h, &h, c);
    fsqr(&i, &i, c);
    fmul(&j, &h, &i, c);
    fadd(&rr, &rr, &rr, c);
    fmul(&v, &u1, &i, c);
    fsqr(&x3, &rr, c);
    fsub(&x3, &x3, &j, c);
    fsub(&x3, &x3, &v, c);
    fsub(&x3, &x3, &v, c);
    fsub(&t, &v, &x3, c);
    fmul(&y3, &rr, &t, c);
    fmul(&t, &s1, &j, c);
    fadd(&t, &t, &t, c);
    fsub(&y3, &y3, &t, c);
    /* Z3 = 2 Z1 Z2 H */
    fmul(&z3, &p->z, &q->z, c);
    fmul(&z3, &z3, &h, c);
    fadd(&z3, &z3, &z3, c);
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

/* ---- scalar multiplication ---- */

/*
 * Width-w NAF of k < 2^512: digits are 0 or odd in (-2^(w-1), 2^(w-1)),
 * least significant first. Returns the digit count (<= 513). The working
 * copy has a ninth limb because adding back a negative digit can carry
 * past bit 511; the loop bound makes termination independent of k.
 */
static int wnaf(int8_t out[NAF_MAX], const struct mp512 *k, unsigned w)
{
    uint64_t t[MP512_LIMBS + 1];
    const int64_t full = (int64_t)1 << w, half = full >> 1;
    int len = 0;

    for (int i = 0; i < MP512_LIMBS; i++)
        t[i] = k->w[i];
    t[MP512_LIMBS] = 0;
    for (int pos = 0; pos < NAF_MAX; pos++) {
        uint64_t any = 0;
        int8_t d = 0;

        for (int i = 0; i <= MP512_LIMBS; i++)
            any |= t[i];
        if (any == 0)
            break;
        if (t[0] & 1) {
            int64_t v = (int64_t)(t[0] & (uint64_t)(full - 1));

            if (v >= half)
                v -= full;
            d = (int8_t)v;
            if (v > 0) {
                /* t = d (mod 2^w) and t >= d: the low limb alone cannot underflow
                 * below the bits of d, so subtract without borrow out of t[0]. */
                t[0] -= (uint64_t)v;
            } else {
                uint64_t add = (uint64_t)(-v);

                for (int i = 0; i <= MP512_LIMBS && add; i++) {
                    t[i] += add;
                    add = t[i] < add;
                }
            }
        }
        out[pos] = d;
        len = pos + 1;
        for (int i = 0; i < MP512_LIMBS; i++)
            t[i] = t[i] >> 1 | t[i + 1] << 63;
        t[MP512_LIMBS] >>= 1;
    }
    return len;
}

/*
 * The odd multiples Q, 3Q, ..., 15Q in affine form, so that the main loop
 * uses the cheaper mixed addition for them too: Jacobian first, then one
 * shared inversion of all Z (Montgomery's trick). Returns false when some
 * multiple is the point at infinity, which a prime order > 15 rules out
 * for a valid Q; the caller then keeps the Jacobian table.
 */
static bool q_table_affine(struct bp512_affine out[Q_TABLE_SIZE], const struct jac in[Q_TABLE_SIZE],
                           const struct bp512_curve *c)
{
    struct mp512 prefix[Q_TABLE_SIZE], inv, zi, zi2, t;

    for (int i = 0; i < Q_TABLE_SIZE; i++) {
        if (jac_is_inf(&in[i]))
            return false;
        if (i == 0)
            prefix[0] = in[0].z;
        else
            fmul(&prefix[i], &prefix[i - 1], &in[i].z, c);
    }
    /* inv = (Z_0 ... Z_7)^-1 in Montgomery form: mod_inv of x*R gives
     * x^-1 * R^-1, and two multiplications by R^2 bring it to x^-1 * R. */
    if (!mp512_mod_inv(&inv, &prefix[Q_TABLE_SIZE - 1], &c->p))
        return false;
    fmul(&inv, &inv, &c->p.r2, c);
    fmul(&inv, &inv, &c->p.r2, c);
    for (int i = Q_TABLE_SIZE - 1; i >= 0; i--) {
        if (i > 0) {
            fmul(&zi, &inv, &prefix[i - 1], c);
            fmul(&inv, &inv, &in[i].z, c);
        } else {
            zi = inv;
        }
        fsqr(&zi2, &zi, c);
        fmul(&out[i].x, &in[i].x, &zi2, c);
        fmul(&t, &zi2, &zi, c);
        fmul(&out[i].y, &in[i].y, &t, c);
    }
    return true;
}

/* acc += d * P for a wNAF digit d, P taken from an affine table of odd multiples. */
static void add_digit_affine(struct jac *acc, int d, const struct bp512_affine *tab,
                             const struct bp512_curve *c)
{
    const struct bp512_affine *p = &tab[(d < 0 ? -d : d) >> 1];

    if (d > 0) {
        jac_add_affine(acc, acc, &p->x, &p->y, c);
    } else {
        struct mp512 ny;

        mp512_mod_neg(&ny, &p->y, &c->p);
        jac_add_affine(acc, acc, &p->x, &ny, c);
    }
}

/* r = u1*G + u2*Q; Q may be NULL when u2 = 0. */
static void mul_add(struct jac *r, const struct mp512 *u1, const struct mp512 *u2,
                    const struct bp512_affine *q, const struct bp512_curve *c)
{
    int8_t n1[NAF_MAX], n2[NAF_MAX];
    struct jac qt[Q_TABLE_SIZE], acc, q2;
    struct bp512_affine qa[Q_TABLE_SIZE];
    bool q_affine = false;
    int len1 = wnaf(n1, u1, G_WINDOW);
    int len2 = 0;

    if (q != NULL && !mp512_is_zero(u2)) {
        len2 = wnaf(n2, u2, Q_WINDOW);
        jac_from_affine(&qt[0], q, c);
        jac_dbl(&q2, &qt[0], c);
        for (int i = 1; i < Q_TABLE_SIZE; i++)
            jac_add(&qt[i], &qt[i - 1], &q2, c);
        q_affine = q_table_affine(qa, qt, c);
    }
    jac_set_inf(&acc);
    for (int i = (len1 > len2 ? len1 : len2) - 1; i >= 0; i--) {
        jac_dbl(&acc, &acc, c);
        if (i < len1 && n1[i] != 0)
            add_digit_affine(&acc, n1[i], c->g_table, c);
        if (i < len2 && n2[i] != 0) {
            if (q_affine) {
                add_digit_affine(&acc, n2[i], qa, c);
            } else {
                const struct jac *t = &qt[(n2[i] < 0 ? -n2[i] : n2[i]) >> 1];
                struct jac nt = *t;

                if (n2[i] < 0)
                    mp512_mod_neg(&nt.y, &t->y, &c->p);
                jac_add(&acc, &acc, &nt, c);
            }
        }
    }
    *r = acc;
}

/* Does the Jacobian point p have the affine coordinates (x, y)? */
static bool jac_equals_affine(const struct jac *p, const struct mp512 *x, const struct mp512 *y,
                              const struct bp512_curve *c)
{
    struct mp512 zz, zzz, t;

    if (jac_is_inf(p))
        return false;
    fsqr(&zz, &p->z, c);
    fmul(&zzz, &zz, &p->z, c);
    fmul(&t, x, &zz, c);
    if (!mp512_eq(&t, &p->x))
        return false;
    fmul(&t, y, &zzz, c);
    return mp512_eq(&t, &p->y);
}

/* ---- public key decoding ---- */

int bp512_point_decode(enum bp512_curve_id curve, struct bp512_point *q, const uint8_t *in,
                       size_t len)
{
    const struct bp512_curve *c = curve_of(curve);
    struct mp512 x, y;

    if (c == NULL || q == NULL || (in == NULL && len != 0))
        return LX_ERR_PARAM;
    if (len == 1 && in[0] == 0x00)
        return LX_ERR_EC_POINT_INFINITY;
    if (len == BP512_PUB_UNCOMPRESSED_BYTES && in[0] == 0x04) {
        mp512_from_be(&x, in + 1);
        mp512_from_be(&y, in + 1 + BP512_COORD_BYTES);
        if (mp512_cmp(&x, &c->p.m) >= 0 || mp512_cmp(&y, &c->p.m) >= 0)
            return LX_ERR_EC_POINT_RANGE;
        mp512_to_mont(&x, &x, &c->p);
        mp512_to_mont(&y, &y, &c->p);
        if (!on_curve(&x, &y, c))
            return LX_ERR_EC_POINT_NOT_ON_CURVE;
    } else if (len == BP512_PUB_COMPRESSED_BYTES && (in[0] == 0x02 || in[0] == 0x03)) {
        struct mp512 rhs, yy, plain;

        mp512_from_be(&x, in + 1);
        if (mp512_cmp(&x, &c->p.m) >= 0)
            return LX_ERR_EC_POINT_RANGE;
        mp512_to_mont(&x, &x, &c->p);
        curve_rhs(&rhs, &x, c);
        /* p = 3 mod 4: a square root of a square v is v^((p+1)/4). */
        mp512_mont_pow(&y, &rhs, &c->sqrt_exp, &c->p);
        fsqr(&yy, &y, c);
        if (!mp512_eq(&yy, &rhs))
            return LX_ERR_EC_POINT_NOT_ON_CURVE;
        mp512_from_mont(&plain, &y, &c->p);
        if ((plain.w[0] & 1) != (uint64_t)(in[0] & 1)) {
            /* y = 0 has no odd partner (and cannot occur: no 2-torsion). */
            if (mp512_is_zero(&y))
                return LX_ERR_EC_POINT_NOT_ON_CURVE;
            mp512_mod_neg(&y, &y, &c->p);
        }
    } else {
        return LX_ERR_EC_POINT_FORMAT;
    }
    q->x = x;
    q->y = y;
    q->curve = curve;
    return LX_OK;
}

/* ---- signature decoding ---- */

/* One DER INTEGER at sig[*pos], ending no later than end; right-aligned into out. */
static int der_integer(const uint8_t *sig, size_t end, size_t *pos, uint8_t out[BP512_COORD_BYTES])
{
    size_t at = *pos, len;
    const uint8_t *v;

    if (end - at < 2 || sig[at] != 0x02)
        return LX_ERR_ECDSA_DER;
    len = sig[at + 1];
    /* Every value this can hold fits the short form, so a long form is
     * either non-minimal or too large: both rejected. */
    if (len & 0x80)
        return LX_ERR_ECDSA_DER;
    if (len == 0 || len > end - at - 2)
        return LX_ERR_ECDSA_DER;
    v = sig + at + 2;
    if (v[0] & 0x80)
        return LX_ERR_ECDSA_DER;                /* negative */
    if (v[0] == 0x00 && len > 1 && !(v[1] & 0x80))
        return LX_ERR_ECDSA_DER;                /* superfluous leading zero */
    *pos = at + 2 + len;
    if (v[0] == 0x00 && len > 1) {
        v++;
        len--;
    }
    if (len > BP512_COORD_BYTES)
        return LX_ERR_ECDSA_RANGE;
    lx_memset(out, 0, BP512_COORD_BYTES - len);
    lx_memcpy(out + BP512_COORD_BYTES - len, v, len);
    return LX_OK;
}

int ecdsa_bp512_der_decode(const uint8_t *sig, size_t sig_len, uint8_t r[BP512_COORD_BYTES],
                           uint8_t s[BP512_COORD_BYTES])
{
    size_t hdr, body, pos;
    int rc;

    if ((sig == NULL && sig_len != 0) || r == NULL || s == NULL)
        return LX_ERR_PARAM;
    if (sig_len < 2 || sig[0] != 0x30)
        return LX_ERR_ECDSA_DER;
    if (sig[1] < 0x80) {
        hdr = 2;
        body = sig[1];
    } else if (sig[1] == 0x81 && sig_len >= 3 && sig[2] >= 0x80) {
        hdr = 3;
        body = sig[2];
    } else {
        return LX_ERR_ECDSA_DER;    /* indefinite, non-minimal, or longer than any signature */
    }
    if (sig_len - hdr != body)
        return LX_ERR_ECDSA_DER;    /* truncated, or bytes after the SEQUENCE */
    pos = hdr;
    rc = der_integer(sig, sig_len, &pos, r);
    if (rc != LX_OK)
        return rc;
    rc = der_integer(sig, sig_len, &pos, s);
    if (rc != LX_OK)
        return rc;
    if (pos != sig_len)
        return LX_ERR_ECDSA_DER;    /* a third element */
    return LX_OK;
}

/* ---- verification ---- */

int ecdsa_bp512_verify_rs(const struct bp512_point *q, const uint8_t *digest, size_t digest_len,
                          const uint8_t r_be[BP512_COORD_BYTES],
                          const uint8_t s_be[BP512_COORD_BYTES])
{
    const struct bp512_curve *c;
    struct mp512 r, s, e, w, u1, u2, zz, t, rn;
    struct bp512_affine qa;
    uint8_t ebuf[BP512_COORD_BYTES];
    size_t elen;
    struct jac sum;

    if (q == NULL || r_be == NULL || s_be == NULL || (digest == NULL && digest_len != 0))
        return LX_ERR_PARAM;
    c = curve_of(q->curve);
    if (c == NULL)
        return LX_ERR_PARAM;
    mp512_from_be(&r, r_be);
    mp512_from_be(&s, s_be);
    if (mp512_is_zero(&r) || mp512_cmp(&r, &c->n.m) >= 0 || mp512_is_zero(&s) ||
        mp512_cmp(&s, &c->n.m) >= 0)
        return LX_ERR_ECDSA_RANGE;

    /* e = the leftmost 512 bits of the digest (n has 512 bits), mod n. */
    elen = digest_len < BP512_COORD_BYTES ? digest_len : BP512_COORD_BYTES;
    lx_memset(ebuf, 0, sizeof(ebuf));
    if (elen != 0)
        lx_memcpy(ebuf + BP512_COORD_BYTES - elen, digest, elen);
    mp512_from_be(&e, ebuf);
    if (mp512_cmp(&e, &c->n.m) >= 0)
        mp512_sub(&e, &e, &c->n.m);             /* e < 2^512 < 2n */

    /* w = s^-1 in Montgomery form; multiplying a plain value by it gives a
     * plain product. n is prime and 0 < s < n, so the inverse exists. */
    if (!mp512_mod_inv(&w, &s, &c->n))
        return LX_ERR_ECDSA_RANGE;
    mp512_to_mont(&w, &w, &c->n);
    mp512_mont_mul(&u1, &e, &w, &c->n);
    mp512_mont_mul(&u2, &r, &w, &c->n);

    qa.x = q->x;
    qa.y = q->y;
    mul_add(&sum, &u1, &u2, &qa, c);
    if (jac_is_inf(&sum))
        return LX_ERR_ECDSA_MISMATCH;

    /* x(R) = X / Z^2 in [0, p); it is r mod n iff it equals r or r + n. */
    fsqr(&zz, &sum.z, c);
    mp512_to_mont(&t, &r, &c->p);               /* r < n < p */
    fmul(&t, &t, &zz, c);
    if (mp512_eq(&t, &sum.x))
        return LX_OK;
    if (mp512_add(&rn, &r, &c->n.m) == 0 && mp512_cmp(&rn, &c->p.m) < 0) {
        mp512_to_mont(&t, &rn, &c->p);
        fmul(&t, &t, &zz, c);
        if (mp512_eq(&t, &sum.x))
            return LX_OK;
    }
    return LX_ERR_ECDSA_MISMATCH;
}

int ecdsa_bp512_verify(enum bp512_curve_id curve, const uint8_t *pub, size_t pub_len,
                       const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                       size_t sig_len)
{
    struct bp512_point q;
    uint8_t r[BP512_COORD_BYTES], s[BP512_COORD_BYTES];
    int rc;

    rc = bp512_point_decode(curve, &q, pub, pub_len);
    if (rc != LX_OK)
        return rc;
    rc = ecdsa_bp512_der_decode(sig, sig_len, r, s);
    if (rc != LX_OK)
        return rc;
    return ecdsa_bp512_verify_rs(&q, digest, digest_len, r, s);
}

int ecdsa_bp512_verify_p1363(enum bp512_curve_id curve, const uint8_t *pub, size_t pub_len,
                             const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                             size_t sig_len)
{
    struct bp512_point q;
    int rc;

    if (sig == NULL && sig_len != 0)
        return LX_ERR_PARAM;
    rc = bp512_point_decode(curve, &q, pub, pub_len);
    if (rc != LX_OK)
        return rc;
    if (sig_len != BP512_SIG_P1363_BYTES)
        return LX_ERR_ECDSA_P1363_LEN;
    return ecdsa_bp512_verify_rs(&q, digest, digest_len, sig, sig + BP512_COORD_BYTES);
}

int nexus_ecdsa_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len,
                       const uint8_t *sig, size_t sig_len)
{
    if (sig == NULL && sig_len != 0)
        return LX_ERR_PARAM;
    /* ECKey::Encoding: 30 81 84 | 02 40 <r> | 02 40 <s>; the sign and
     * leading-zero rules on r and s are the strict DER ones, checked below. */
    if (sig_len != NEXUS_ECDSA_SIG_BYTES || sig[0] != 0x30 || sig[1] != 0x81 || sig[2] != 0x84 ||
        sig[3] != 0x02 || sig[4] != 0x40 || sig[69] != 0x02 || sig[70] != 0x40)
        return LX_ERR_ECDSA_NEXUS_ENCODING;
    return ecdsa_bp512_verify(BP512_T1, pub, pub_len, msg, msg_len, sig, sig_len);
}

/* ---- self-test of the constants ---- */

static bool mod_constants_ok(const struct mp512_mod *md)
{
    struct mp512 t, one;

    mp512_set_u64(&one, 1);
    if ((md->m.w[0] & 1) == 0 || (md->m.w[MP512_LIMBS - 1] >> 63) == 0)
        return false;
    if (md->m.w[0] * md->m0inv != UINT64_MAX)          /* m * m0inv = -1 mod 2^64 */
        return false;
    if (mp512_cmp(&md->one, &md->m) >= 0 || mp512_cmp(&md->r2, &md->m) >= 0)
        return false;
    mp512_from_mont(&t, &md->one, md);                 /* one = R mod m */
    if (!mp512_eq(&t, &one))
        return false;
    mp512_from_mont(&t, &md->r2, md);                  /* r2 = R^2 mod m */
    return mp512_eq(&t, &md->one);
}

int bp512_selftest(enum bp512_curve_id curve)
{
    const struct bp512_curve *c = curve_of(curve);
    struct mp512 t, zero, nm1, ny, one;
    struct jac acc, g, g2, odd;

    if (c == NULL)
        return LX_ERR_PARAM;
    if (!mod_constants_ok(&c->p) || !mod_constants_ok(&c->n))
        return LX_ERR_STATE;
    /* sqrt_exp * 4 = p + 1 */
    mp512_set_u64(&one, 1);
    mp512_add(&t, &c->sqrt_exp, &c->sqrt_exp);
    mp512_add(&t, &t, &t);
    mp512_sub(&t, &t, &one);
    if (!mp512_eq(&t, &c->p.m) || (c->p.m.w[0] & 3) != 3)
        return LX_ERR_STATE;
    if (c->a_is_minus3) {
        struct mp512 three, a3;

        mp512_set_u64(&three, 3);
        mp512_to_mont(&three, &three, &c->p);
        mp512_mod_neg(&a3, &three, &c->p);
        if (!mp512_eq(&a3, &c->a))
            return LX_ERR_STATE;
    }
    /* The table: G on the curve, entry i = (2i+1) G. */
    if (!on_curve(&c->g_table[0].x, &c->g_table[0].y, c))
        return LX_ERR_STATE;
    jac_from_affine(&g, &c->g_table[0], c);
    jac_dbl(&g2, &g, c);
    odd = g;
    for (int i = 0; i < G_TABLE_SIZE; i++) {
        if (!on_curve(&c->g_table[i].x, &c->g_table[i].y, c) ||
            !jac_equals_affine(&odd, &c->g_table[i].x, &c->g_table[i].y, c))
            return LX_ERR_STATE;
        jac_add(&odd, &odd, &g2, c);
    }
    /* n G = O and (n - 1) G = -G, through the same wNAF path as verification. */
    mp512_set_u64(&zero, 0);
    mul_add(&acc, &c->n.m, &zero, NULL, c);
    if (!jac_is_inf(&acc))
        return LX_ERR_STATE;
    mp512_sub(&nm1, &c->n.m, &one);
    mul_add(&acc, &nm1, &zero, NULL, c);
    mp512_mod_neg(&ny, &c->g_table[0].y, &c->p);
    if (!jac_equals_affine(&acc, &c->g_table[0].x, &ny, c))
        return LX_ERR_STATE;
    /* 2 G through the scalar path matches the doubling. */
    mp512_set_u64(&t, 2);
    mul_add(&acc, &t, &zero, NULL, c);
    if (!jac_is_inf(&acc) && !jac_is_inf(&g2)) {
        struct mp512 a, b;

        /* X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3 */
        fsqr(&a, &g2.z, c);
        fmul(&a, &a, &acc.x, c);
        fsqr(&b, &acc.z, c);
        fmul(&b, &b, &g2.x, c);
        if (!mp512_eq(&a, &b))
            return LX_ERR_STATE;
        fsqr(&a, &g2.z, c);
        fmul(&a, &a, &g2.z, c);
        fmul(&a, &a, &acc.y, c);
        fsqr(&b, &acc.z, c);
        fmul(&b, &b, &acc.z, c);
        fmul(&b, &b, &g2.y, c);
        if (!mp512_eq(&a, &b))
            return LX_ERR_STATE;
    } else {
        return LX_ERR_STATE;
    }
    return LX_OK;
}

/* The plain (non-Montgomery) domain parameters, for tests that compare them with RFC 5639. */
int bp512_curve_params(enum bp512_curve_id curve, uint8_t p[BP512_COORD_BYTES],
                       uint8_t a[BP512_COORD_BYTES], uint8_t b[BP512_COORD_BYTES],
                       uint8_t gx[BP512_COORD_BYTES], uint8_t gy[BP512_COORD_BYTES],
                       uint8_t n[BP512_COORD_BYTES])
{
    const struct bp512_curve *c = curve_of(curve);
    struct mp512 t;

    if (c == NULL || p == NULL || a == NULL || b == NULL || gx == NULL || gy == NULL ||
        n == NULL)
        return LX_ERR_PARAM;
    mp512_to_be(p, &c->p.m);
    mp512_to_be(n, &c->n.m);
    mp512_from_mont(&t, &c->a, &c->p);
    mp512_to_be(a, &t);
    mp512_from_mont(&t, &c->b, &c->p);
    mp512_to_be(b, &t);
    mp512_from_mont(&t, &c->g_table[0].x, &c->p);
    mp512_to_be(gx, &t);
    mp512_from_mont(&t, &c->g_table[0].y, &c->p);
    mp512_to_be(gy, &t);
    return LX_OK;
}
