/*
 * FALCON-512 signature verification (Falcon round-3 specification, the
 * encodings of the reference "falcon.h" API that LLL-TAO uses).
 *
 * Accepted signature encodings, chosen by the header byte:
 *   0x39  header || 40-byte nonce || compressed(s2)   (variable size, no
 *         byte after the encoding: the falcon.h "padded" zero fill is
 *         refused, as LLL-TAO's falcon_verify refuses it)
 *   0x59  header || 40-byte nonce || s2 as 512 x 12-bit two's complement,
 *         big-endian bit packing: exactly 809 bytes (Nexus transactions)
 * Public key: 0x09 || 512 x 14-bit coefficients < q, big-endian packing
 * (897 bytes).
 *
 * Verification needs no secret; everything is bounds-checked and every
 * loop is bounded. Stack use of falcon512_verify is about 3.5 KiB.
 */
#ifndef LX_CRYPTO_FALCON_H
#define LX_CRYPTO_FALCON_H

#include <stddef.h>
#include <stdint.h>

#define FALCON512_LOGN 9
#define FALCON512_N 512
#define FALCON512_Q 12289
#define FALCON512_NONCE_SIZE 40
#define FALCON512_PUBKEY_SIZE 897
#define FALCON512_SIG_CT_SIZE 809          /* header 0x59 */
#define FALCON512_PUBKEY_HEADER 0x09
#define FALCON512_SIG_COMPRESSED_HEADER 0x39
#define FALCON512_SIG_CT_HEADER 0x59
#define FALCON512_NORM_BOUND 34034726u     /* floor(beta^2) for n = 512 */

/* Error codes (range -100..-119). */
enum falcon_status {
    FALCON_ERR_BADSIG = -100,       /* well-formed, but the equation/norm fails */
    FALCON_ERR_PK_LENGTH = -101,    /* public key is not exactly 897 bytes */
    FALCON_ERR_PK_HEADER = -102,    /* public key header is not 0x09 */
    FALCON_ERR_PK_RANGE = -103,     /* a public-key coefficient is >= q */
    FALCON_ERR_SIG_LENGTH = -104,   /* too short for header+nonce, or a 0x59
                                       signature that is not 809 bytes */
    FALCON_ERR_SIG_HEADER = -105,   /* header is neither 0x39 nor 0x59 */
    FALCON_ERR_SIG_TRUNCATED = -106,/* compressed s2 ends before 512 values */
    FALCON_ERR_SIG_RANGE = -107,    /* |s2[i]| > 2047, or -2048 in the 0x59 form */
    FALCON_ERR_SIG_MINUS_ZERO = -108,/* compressed "-0": not canonical */
    FALCON_ERR_SIG_PADDING = -109,  /* unused bits of the last byte not zero */
    FALCON_ERR_SIG_TRAILING = -110, /* any byte after the compressed s2 */
    FALCON_ERR_HASH = -111,         /* hash-to-point did not finish in its
                                       bound (probability < 2^-1000) */
};

/* Decoded public key: h in the NTT domain, ready for verification. */
struct falcon512_pubkey {
    uint16_t h_ntt[FALCON512_N];
};

/* 1 when err is one of the encoding errors (key or signature), else 0. */
int falcon_is_format_error(int err);

/* Decode and range-check a 897-byte public key. LX_OK or FALCON_ERR_PK_*. */
int falcon512_pubkey_decode(struct falcon512_pubkey *pk, const uint8_t *in, size_t len);

/* The same, leaving h as plain coefficients in [0, q) (tests, tools);
 * h is unspecified on error. */
int falcon512_pubkey_decode_coeffs(uint16_t h[FALCON512_N], const uint8_t *in, size_t len);

/*
 * Decode a signature (0x39 or 0x59 form) into s2 and the nonce position.
 * LX_OK or a FALCON_ERR_SIG_* code; s2 is unspecified on error.
 */
int falcon512_sig_decode(int16_t s2[FALCON512_N], const uint8_t **nonce,
                         const uint8_t *sig, size_t sig_len);

/* Verify sig over msg under pk: LX_OK, FALCON_ERR_BADSIG or a decoding error. */
int falcon512_verify(const struct falcon512_pubkey *pk, const uint8_t *sig, size_t sig_len,
                     const uint8_t *msg, size_t msg_len);

/* The same with the public key as its 897-byte encoding (adds 1 KiB of stack). */
int falcon512_verify_raw(const uint8_t *pk_bytes, size_t pk_len, const uint8_t *sig,
                         size_t sig_len, const uint8_t *msg, size_t msg_len);

#endif
