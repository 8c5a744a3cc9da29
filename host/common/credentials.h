/*
 * Nexus credentials on the host (LLL-TAO 5.1.6 src/TAO/Ledger/
 * credentials.cpp, src/LLC/eckey.cpp), with libargon2 and OpenSSL:
 *
 *   genesis id   Argon2id(t=12, m=64 MiB, 1 lane, pwd=username, salt=16
 *                zero bytes, 32 bytes) loaded with SetBytes (every 4-byte
 *                group reversed), top raw byte = the network's user type;
 *   key n        Argon2id(t=12, m=64 MiB, 1 lane, pwd=password||u32le(n),
 *                salt=username||u32le(n) zero-padded to 8 bytes, secret
 *                K=PIN||u32le(n)||[key name], 64 bytes) = the key secret;
 *                Brainpool P-512t1 private scalar = those 64 bytes big-
 *                endian, public key the 65-byte compressed point;
 *   hashNext n   SK256(public key n+1), no type byte.
 *
 * Every derivation costs one Argon2 run (about a second). Key secrets and
 * private keys are wiped/freed by the caller (cred_key_free).
 */
#ifndef LX_HOST_CREDENTIALS_H
#define LX_HOST_CREDENTIALS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "progress.h"
#include "secret.h"

#define CRED_SECRET_BYTES 64
#define CRED_BP_PUB_BYTES 65
#define CRED_NEXUS_SIG_BYTES 135
#define CRED_MAX_USERNAME 255
/* Argon2 memory passes of one derivation, in bytes (what the progress
 * bar counts): t=12 passes over 64 MiB. */
#define CRED_WORK_BYTES (12ull * 64 * 1024 * 1024)

/* The genesis id of a user name (raw form) for a user type byte (0xa1
 * mainnet, 0xb1 testnet, 0xa7 hybrid, 0xb7 private). 0 or -1 (Argon2
 * failed; out of memory). Counts one derivation on p (may be NULL); on a
 * terminal the bar also moves during the run. */
int cred_genesis(const char *username, size_t len, uint8_t user_type, uint8_t raw[32],
                 struct progress *p);

/* The 64 secret bytes of sigchain key n (key_name NULL) or of a crypto-
 * register key (key_name "auth", "network", "sign"; n = 0). */
int cred_key_secret(const char *username, size_t username_len, const struct secrets *s,
                    uint32_t n, const char *key_name, uint8_t secret[CRED_SECRET_BYTES]);

/* A Brainpool P-512t1 key from a 64-byte secret. */
struct cred_key {
    EVP_PKEY *pkey;
    uint8_t pub[CRED_BP_PUB_BYTES];     /* compressed */
};
int cred_bp_key(const uint8_t secret[CRED_SECRET_BYTES], struct cred_key *k);
void cred_key_free(struct cred_key *k);

/* cred_key_secret then cred_bp_key, the secret wiped; counts one
 * derivation on p (may be NULL). */
int cred_derive_bp(const char *username, size_t username_len, const struct secrets *s,
                   uint32_t n, const char *key_name, struct cred_key *k, struct progress *p);

/* ECDSA over the 64-byte message as the digest (no hashing, as Nexus),
 * re-signed until the DER is the 135-byte form the node accepts. */
int cred_sign_nexus(EVP_PKEY *key, const uint8_t msg[64], uint8_t sig[CRED_NEXUS_SIG_BYTES]);

#endif
