/*
 * ECDSA signature verification on brainpoolP512r1 and brainpoolP512t1
 * (RFC 5639 curves, SEC 1 v2 section 4.1.4 verification), including the
 * strict rules of the Nexus reference node (LLL-TAO ECKey::Verify): curve
 * P512t1, compressed public key, DER signature of exactly 135 bytes.
 *
 * The digest is used as OpenSSL's ECDSA_verify uses it: its first 64 bytes
 * (all of it when shorter) are read as a big-endian integer; the caller
 * hashes (Nexus signs a 64-byte txid directly, Wycheproof uses SHA-512).
 * Everything here handles public data and is not constant-time.
 */
#ifndef LX_CRYPTO_ECDSA_BP512_H
#define LX_CRYPTO_ECDSA_BP512_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/mp512.h"

enum bp512_curve_id {
    BP512_R1 = 1,
    BP512_T1 = 2,
};

#define BP512_COORD_BYTES 64
#define BP512_PUB_COMPRESSED_BYTES 65       /* 02/03 || X */
#define BP512_PUB_UNCOMPRESSED_BYTES 129    /* 04 || X || Y */
#define BP512_SIG_P1363_BYTES 128           /* r || s, 64 bytes each */
#define BP512_SIG_DER_MAX_BYTES 137
#define NEXUS_ECDSA_SIG_BYTES 135

/* Error codes of this module (range -300 .. -319). Curve id or NULL
 * pointer misuse gives LX_ERR_PARAM. */
enum ecdsa_bp512_status {
    LX_ERR_EC_POINT_FORMAT = -300,      /* bad length or prefix byte */
    LX_ERR_EC_POINT_RANGE = -301,       /* a coordinate >= p */
    LX_ERR_EC_POINT_NOT_ON_CURVE = -302,/* incl. compressed x without a square root */
    LX_ERR_EC_POINT_INFINITY = -303,    /* the encoding 00 of the point at infinity */
    LX_ERR_ECDSA_DER = -310,            /* not strict DER ECDSA-Sig-Value */
    LX_ERR_ECDSA_RANGE = -311,          /* r or s not in [1, n-1] */
    LX_ERR_ECDSA_NEXUS_ENCODING = -312, /* not the 135-byte form LLL-TAO accepts */
    LX_ERR_ECDSA_MISMATCH = -313,       /* well-formed, but the equation fails */
    LX_ERR_ECDSA_P1363_LEN = -314,      /* an r || s signature not of 128 bytes */
};

/* A validated public key: affine, on the curve, not infinity, coordinates
 * kept in Montgomery form modulo p. */
struct bp512_point {
    struct mp512 x, y;
    enum bp512_curve_id curve;
};

/* SEC 1 2.3.4 with full validation; len must be 65 or 129. */
int bp512_point_decode(enum bp512_curve_id curve, struct bp512_point *q, const uint8_t *in,
                       size_t len);

/* Strict DER ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s }, minimal
 * lengths, no superfluous leading zero, non-negative, nothing after it, and
 * each value below 2^512. r and s come out as 64-byte big-endian numbers;
 * the range [1, n-1] is checked by the verifier, not here. */
int ecdsa_bp512_der_decode(const uint8_t *sig, size_t sig_len, uint8_t r[BP512_COORD_BYTES],
                           uint8_t s[BP512_COORD_BYTES]);

/* Verify (r, s) given as 64-byte big-endian numbers. LX_OK when valid. */
int ecdsa_bp512_verify_rs(const struct bp512_point *q, const uint8_t *digest, size_t digest_len,
                          const uint8_t r[BP512_COORD_BYTES], const uint8_t s[BP512_COORD_BYTES]);

/* Encoded public key, strict DER signature. LX_OK when valid. */
int ecdsa_bp512_verify(enum bp512_curve_id curve, const uint8_t *pub, size_t pub_len,
                       const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                       size_t sig_len);

/* Encoded public key, IEEE P1363 signature r || s (exactly 128 bytes). */
int ecdsa_bp512_verify_p1363(enum bp512_curve_id curve, const uint8_t *pub, size_t pub_len,
                             const uint8_t *digest, size_t digest_len, const uint8_t *sig,
                             size_t sig_len);

/* LLL-TAO ECKey::Verify on brainpoolP512t1: the signature must be exactly
 * 30 81 84 02 40 <r:64> 02 40 <s:64> (ECKey::Encoding; the first byte of r
 * and of s below 0x80), then an ordinary verification of msg. */
int nexus_ecdsa_verify(const uint8_t *pub, size_t pub_len, const uint8_t *msg, size_t msg_len,
                       const uint8_t *sig, size_t sig_len);

/* Self-check of the built-in constants of one curve, for the tests: the
 * Montgomery constants of p and n, G on the curve, n*G = O, (n-1)*G = -G,
 * and the rodata table of odd multiples of G. LX_OK or LX_ERR_STATE. */
int bp512_selftest(enum bp512_curve_id curve);

/* The domain parameters as 64-byte big-endian numbers (for comparison with
 * RFC 5639 in the tests). */
int bp512_curve_params(enum bp512_curve_id curve, uint8_t p[BP512_COORD_BYTES],
                       uint8_t a[BP512_COORD_BYTES], uint8_t b[BP512_COORD_BYTES],
                       uint8_t gx[BP512_COORD_BYTES], uint8_t gy[BP512_COORD_BYTES],
                       uint8_t n[BP512_COORD_BYTES]);

#endif
