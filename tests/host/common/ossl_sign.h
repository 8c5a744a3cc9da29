/*
 * Host-only test helper: fresh Brainpool P-512 keys and ECDSA signatures
 * made by OpenSSL, so tests can sign what they need (including signatures
 * in the exact 135-byte DER form Nexus transactions carry) instead of
 * relying only on stored vectors. Linked into every tests/host program.
 */
#ifndef LX_TEST_OSSL_SIGN_H
#define LX_TEST_OSSL_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* curve: "brainpoolP512t1" or "brainpoolP512r1". NULL on failure. */
EVP_PKEY *ossl_bp512_keygen(const char *curve);

/* The public key, uncompressed (0x04 || X || Y) and compressed (0x02/3 || X). */
int ossl_bp512_public(EVP_PKEY *key, uint8_t unc[129], uint8_t cmp[65]);

/* DER ECDSA signature of the 64-byte digest used as is (no hashing), as
 * Nexus signs; the length, or 0 on failure. */
size_t ossl_bp512_sign(EVP_PKEY *key, const uint8_t digest[64], uint8_t *sig, size_t cap);

/* The same, retried until the DER is exactly the 135-byte form the Nexus
 * node accepts (r and s both 64 bytes with the top bit clear). */
size_t ossl_bp512_sign_nexus(EVP_PKEY *key, const uint8_t digest[64], uint8_t sig[135]);

#endif
