/*
 * rv64 benchmark: retired instructions (rdinstret; exact under QEMU with
 * `-icount shift=0`) per brainpoolP512t1 ECDSA verification, whole and in
 * its parts: public-key decoding (compressed, with the square root, and
 * uncompressed), DER parsing, and the verification of decoded values.
 * The signature is the first valid Nexus fixture (LLL-TAO, 135-byte DER
 * over a 64-byte message), so it must verify. Warmed up once, then the
 * minimum of RUNS runs; an empty measurement is subtracted.
 */
#include <stdint.h>
#include <stdio.h>

#include "crypto/ecdsa_bp512.h"

#define RUNS 3

static inline uint64_t instret(void)
{
    uint64_t x;

    __asm__ volatile("rdinstret %0" : "=r"(x));
    return x;
}

/* fixtures/nexus/vectors/signatures.json, the 64-byte "valid" case. */
static uint8_t pub_c[65], pub_u[129], msg[64], sig[135];

static const char PUB_C_HEX[] =
    "033516eebe2719fb66ad34d9e5c9327eb08d0f8e2251b9b30d8a28d63611a239a3"
    "c57e523c17f5a9faf48b5a5e3b334a5d054517c68859aa77293e91916fd14cba";
static const char PUB_U_HEX[] =
    "043516eebe2719fb66ad34d9e5c9327eb08d0f8e2251b9b30d8a28d63611a239a3"
    "c57e523c17f5a9faf48b5a5e3b334a5d054517c68859aa77293e91916fd14cba"
    "93e615abb6ba9a3b09fbb965817805f39a6550f26d3779e8a3bbd499ab04d285"
    "b5a2d10300aa067b0664b4076b8f522eb6a4b80ef9944001d8e500c8bc912205";
static const char MSG_HEX[] =
    "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
    "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
static const char SIG_HEX[] =
    "30818402403bf23ea37e0e13980f2f32749291cf74c71eabb0c05221d1ff204a083806d8e6dd0993c8bf"
    "8d890f7c7256120156ca0d480be61932615e9b3d0650e4c49899a502402fb9b8a32501d8747d969d33"
    "00e7fb1813165ef90de2bddf13cb6511013877b86ce617124bf14a1b21f99eaa0b276aaaa0be0b52a2"
    "fab7cbf1e437129f434d04";

static int unhex(uint8_t *out, size_t n, const char *hex)
{
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;

        for (int k = 0; k < 2; k++) {
            char ch = hex[2 * i + k];

            v <<= 4;
            if (ch >= '0' && ch <= '9')
                v |= (unsigned)(ch - '0');
            else if (ch >= 'a' && ch <= 'f')
                v |= (unsigned)(ch - 'a' + 10);
            else
                return -1;
        }
        out[i] = (uint8_t)v;
    }
    return 0;
}

enum what { EMPTY, FULL_NEXUS, DECODE_C, DECODE_U, DER, VERIFY_RS };

static struct bp512_point q;
static uint8_t r[64], s[64];

static __attribute__((noinline)) int op(enum what w)
{
    switch (w) {
    case EMPTY:
        return 0;
    case FULL_NEXUS:
        return nexus_ecdsa_verify(pub_c, 65, msg, 64, sig, 135);
    case DECODE_C:
        return bp512_point_decode(BP512_T1, &q, pub_c, 65);
    case DECODE_U:
        return bp512_point_decode(BP512_T1, &q, pub_u, 129);
    case DER:
        return ecdsa_bp512_der_decode(sig, 135, r, s);
    case VERIFY_RS:
        return ecdsa_bp512_verify_rs(&q, msg, 64, r, s);
    }
    return -1;
}

static uint64_t measure(enum what w, int *rc, int *stable)
{
    uint64_t lo = UINT64_MAX, hi = 0;

    *rc = op(w);
    for (int i = 0; i < RUNS; i++) {
        uint64_t t0 = instret();
        int x = op(w);
        uint64_t d = instret() - t0;

        if (x != *rc)
            *rc = -9999;
        if (d < lo)
            lo = d;
        if (d > hi)
            hi = d;
    }
    *stable = lo == hi;
    return lo;
}

int main(void)
{
    static const struct {
        enum what w;
        const char *name;
    } rows[] = {
        { FULL_NEXUS, "nexus_ecdsa_verify (all)" },
        { DECODE_C, "point decode, compressed" },
        { DECODE_U, "point decode, uncompressed" },
        { DER, "DER decode" },
        { VERIFY_RS, "verify_rs (decoded)" },
    };
    int rc, stable;
    uint64_t empty;

    if (unhex(pub_c, sizeof(pub_c), PUB_C_HEX) || unhex(pub_u, sizeof(pub_u), PUB_U_HEX) ||
        unhex(msg, sizeof(msg), MSG_HEX) || unhex(sig, sizeof(sig), SIG_HEX)) {
        printf("bench_ecdsa: bad built-in hex\n");
        return 1;
    }
    empty = measure(EMPTY, &rc, &stable);
    printf("bench_ecdsa: rv64 retired instructions per brainpoolP512t1 ECDSA operation\n");
    printf("(rdinstret, QEMU -icount shift=0; empty measurement %llu subtracted)\n",
           (unsigned long long)empty);
    printf("%-28s %12s %7s %s\n", "operation", "instructions", "status", "all runs equal");
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        uint64_t n = measure(rows[i].w, &rc, &stable);

        printf("%-28s %12llu %7d %s\n", rows[i].name, (unsigned long long)(n - empty), rc,
               stable ? "yes" : "NO");
        if (rc != 0) {
            printf("bench_ecdsa: %s did not succeed\n", rows[i].name);
            return 1;
        }
    }
    return 0;
}
