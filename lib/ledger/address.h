/*
 * Nexus register addresses (LLL-TAO src/TAO/Register/types/address.h,
 * address.cpp): a 256-bit number whose most-significant byte (raw byte 31)
 * is a type byte 0xd1..0xda; the rest is random (assets) or an SK256 of a
 * name. Addresses are handled here in their raw form (the 32 bytes as they
 * are serialised, least-significant first); GetHex is that reversed, and
 * the Base58 form is Base58Check of type byte || GetBytes().
 */
#ifndef LX_LEDGER_ADDRESS_H
#define LX_LEDGER_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "ledger/register_err.h"

#define ADDR_SIZE 32
#define ADDR_HEX_LEN 64
#define ADDR_BASE58_MAX 52      /* 37 bytes never need more than 51 digits */

enum addr_type {
    ADDR_READONLY = 0xd1,
    ADDR_APPEND = 0xd2,
    ADDR_RAW = 0xd3,
    ADDR_OBJECT = 0xd4,
    ADDR_CRYPTO = 0xd5,
    ADDR_ACCOUNT = 0xd6,
    ADDR_TOKEN = 0xd7,
    ADDR_TRUST = 0xd8,
    ADDR_NAME = 0xd9,
    ADDR_NAMESPACE = 0xda,
    ADDR_WILDCARD = 0xff,
};

/* The type byte of a raw address. */
static inline uint8_t addr_type(const uint8_t raw[ADDR_SIZE])
{
    return raw[ADDR_SIZE - 1];
}

/* True for the register type bytes 0xd1..0xda. */
bool addr_type_valid(uint8_t type);

/* "readonly", "append", "raw", "object", "crypto", "account", "token",
 * "trust", "name", "namespace", or "unknown". */
const char *addr_type_name(uint8_t type);

/* SK256(name || genesis raw 32) with the type byte set: the address of a
 * name in a user's namespace (type ADDR_NAME), of the user's crypto
 * register ("crypto", ADDR_CRYPTO), trust account ("trust", ADDR_TRUST).
 * Address(std::string, uint256_t, uint8_t) in the reference node. */
void addr_from_name(const uint8_t *name, size_t name_len, const uint8_t genesis_raw[ADDR_SIZE],
                    uint8_t type, uint8_t out_raw[ADDR_SIZE]);

/* SK256(name) with the type byte set (Address(std::string, uint8_t)): the
 * address of a namespace (ADDR_NAMESPACE). */
void addr_from_string(const uint8_t *name, size_t name_len, uint8_t type,
                      uint8_t out_raw[ADDR_SIZE]);

/* The address of a name: in the caller's own namespace when ns_len == 0
 * (owner genesis), else in the namespace ns (SK256(name || namespace
 * address raw)), as Names::Address does for "namespace::name". */
void addr_of_name(const uint8_t *ns, size_t ns_len, const uint8_t *name, size_t name_len,
                  const uint8_t owner_raw[ADDR_SIZE], uint8_t out_raw[ADDR_SIZE]);

/* GetHex: 64 lowercase hex digits, most-significant byte first, plus NUL. */
void addr_to_hex(const uint8_t raw[ADDR_SIZE], char out[ADDR_HEX_LEN + 1]);
/* Parses GetHex text (exactly 64 hex digits, either case); LX_OK or
 * LX_ERR_PARAM for malformed text. */
int addr_from_hex(const char *hex, size_t len, uint8_t out_raw[ADDR_SIZE]);

/* GetBytes: raw bytes with every aligned 4-byte group reversed. */
void addr_get_bytes(const uint8_t raw[ADDR_SIZE], uint8_t out[ADDR_SIZE]);

/* Base58Check form as the node prints it (EncodeBase58Check of type byte ||
 * GetBytes, check = first 4 raw bytes of SK256(payload)). Writes a NUL-
 * terminated string into out (at least ADDR_BASE58_MAX bytes) and returns
 * its length. */
size_t addr_to_base58(const uint8_t raw[ADDR_SIZE], char out[ADDR_BASE58_MAX]);
/* Decodes the Base58Check form; LX_OK, or REG_ERR_ADDRESS_BASE58 for bad
 * digits, wrong length, check mismatch or a leading byte that is not the
 * address's own type byte. */
int addr_from_base58(const char *text, size_t len, uint8_t out_raw[ADDR_SIZE]);

#endif
