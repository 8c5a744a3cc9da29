/*
 * Nexus register addresses: type bytes, name-derived addresses, and the
 * GetHex / GetBytes / Base58Check forms the reference node prints.
 */
#include "ledger/address.h"

#include "base/mem.h"
#include "base/status.h"
#include "crypto/sk.h"
#include "ledger/register_err.h"

/* Base58Check payload: type byte, GetBytes (32), then 4 check bytes. */
#define B58_PAYLOAD 33
#define B58_TOTAL (B58_PAYLOAD + 4)

static const char b58_digits[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

bool addr_type_valid(uint8_t type)
{
    return type >= ADDR_READONLY && type <= ADDR_NAMESPACE;
}

const char *addr_type_name(uint8_t type)
{
    static const char *const names[] = {
        "readonly", "append", "raw", "object", "crypto",
        "account", "token", "trust", "name", "namespace",
    };

    if (!addr_type_valid(type))
        return "unknown";
    return names[type - ADDR_READONLY];
}

void addr_from_name(const uint8_t *name, size_t name_len, const uint8_t genesis_raw[ADDR_SIZE],
                    uint8_t type, uint8_t out_raw[ADDR_SIZE])
{
    struct sk_ctx ctx;

    sk_init(&ctx, SK256);
    sk_update(&ctx, name, name_len);
    sk_update(&ctx, genesis_raw, ADDR_SIZE);
    sk_final(&ctx, out_raw);
    out_raw[ADDR_SIZE - 1] = type;
}

void addr_from_string(const uint8_t *name, size_t name_len, uint8_t type,
                      uint8_t out_raw[ADDR_SIZE])
{
    sk256(name, name_len, out_raw);
    out_raw[ADDR_SIZE - 1] = type;
}

void addr_of_name(const uint8_t *ns, size_t ns_len, const uint8_t *name, size_t name_len,
                  const uint8_t owner_raw[ADDR_SIZE], uint8_t out_raw[ADDR_SIZE])
{
    uint8_t ns_addr[ADDR_SIZE];

    if (ns_len == 0) {
        addr_from_name(name, name_len, owner_raw, ADDR_NAME, out_raw);
        return;
    }
    addr_from_string(ns, ns_len, ADDR_NAMESPACE, ns_addr);
    addr_from_name(name, name_len, ns_addr, ADDR_NAME, out_raw);
}

void addr_to_hex(const uint8_t raw[ADDR_SIZE], char out[ADDR_HEX_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";

    for (size_t i = 0; i < ADDR_SIZE; i++) {
        uint8_t b = raw[ADDR_SIZE - 1 - i];

        out[2 * i] = hex[b >> 4];
        out[2 * i + 1] = hex[b & 15];
    }
    out[ADDR_HEX_LEN] = '\0';
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int addr_from_hex(const char *hex, size_t len, uint8_t out_raw[ADDR_SIZE])
{
    uint8_t tmp[ADDR_SIZE];

    if (hex == NULL || len != ADDR_HEX_LEN)
        return LX_ERR_PARAM;
    for (size_t i = 0; i < ADDR_SIZE; i++) {
        int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);

        if (hi < 0 || lo < 0)
            return LX_ERR_PARAM;
        tmp[ADDR_SIZE - 1 - i] = (uint8_t)(hi << 4 | lo);
    }
    lx_memcpy(out_raw, tmp, ADDR_SIZE);
    return LX_OK;
}

void addr_get_bytes(const uint8_t raw[ADDR_SIZE], uint8_t out[ADDR_SIZE])
{
    for (size_t w = 0; w < ADDR_SIZE; w += 4)
        for (size_t i = 0; i < 4; i++)
            out[w + i] = raw[w + 3 - i];
}

static void b58_payload(const uint8_t raw[ADDR_SIZE], uint8_t p[B58_TOTAL])
{
    uint8_t check[32];

    p[0] = addr_type(raw);
    addr_get_bytes(raw, p + 1);
    sk256(p, B58_PAYLOAD, check);
    lx_memcpy(p + B58_PAYLOAD, check, 4);
}

size_t addr_to_base58(const uint8_t raw[ADDR_SIZE], char out[ADDR_BASE58_MAX])
{
    uint8_t num[B58_TOTAL];
    uint8_t digits[ADDR_BASE58_MAX];
    size_t nd = 0, zeros = 0, n = 0;

    b58_payload(raw, num);
    while (zeros < B58_TOTAL && num[zeros] == 0)
        zeros++;
    /* Repeated division of the big-endian number by 58; 37 bytes give at
     * most 51 digits, so digits[] cannot overflow. */
    for (size_t start = zeros; start < B58_TOTAL;) {
        unsigned rem = 0;

        for (size_t i = start; i < B58_TOTAL; i++) {
            unsigned cur = rem * 256 + num[i];

            num[i] = (uint8_t)(cur / 58);
            rem = cur % 58;
        }
        digits[nd++] = (uint8_t)rem;
        while (start < B58_TOTAL && num[start] == 0)
            start++;
    }
    for (size_t i = 0; i < zeros; i++)
        out[n++] = '1';
    while (nd > 0 && n < ADDR_BASE58_MAX - 1)
        out[n++] = b58_digits[digits[--nd]];
    out[n] = '\0';
    return n;
}

static int b58_value(char c)
{
    for (int i = 0; i < 58; i++)
        if (b58_digits[i] == c)
            return i;
    return -1;
}

int addr_from_base58(const char *text, size_t len, uint8_t out_raw[ADDR_SIZE])
{
    uint8_t num[B58_TOTAL];
    uint8_t check[B58_TOTAL];
    uint8_t raw[ADDR_SIZE];

    if (text == NULL || len == 0 || len >= ADDR_BASE58_MAX)
        return REG_ERR_ADDRESS_BASE58;
    lx_memset(num, 0, sizeof(num));
    for (size_t i = 0; i < len; i++) {
        int v = b58_value(text[i]);
        unsigned carry;

        if (v < 0)
            return REG_ERR_ADDRESS_BASE58;
        carry = (unsigned)v;
        for (size_t j = B58_TOTAL; j-- > 0;) {
            carry += 58u * num[j];
            num[j] = (uint8_t)carry;
            carry >>= 8;
        }
        if (carry != 0)
            return REG_ERR_ADDRESS_BASE58;      /* more than 37 bytes */
    }
    /* Back from GetBytes to raw, then recompute the whole encoding: this
     * rejects a wrong check, a type byte that disagrees with the address,
     * and non-canonical texts (leading '1's) in one comparison. */
    addr_get_bytes(num + 1, raw);
    if (num[0] != addr_type(raw))
        return REG_ERR_ADDRESS_BASE58;
    b58_payload(raw, check);
    if (lx_memcmp(check, num, B58_TOTAL) != 0)
        return REG_ERR_ADDRESS_BASE58;
    {
        char again[ADDR_BASE58_MAX];

        if (addr_to_base58(raw, again) != len || lx_memcmp(again, text, len) != 0)
            return REG_ERR_ADDRESS_BASE58;
    }
    lx_memcpy(out_raw, raw, ADDR_SIZE);
    return LX_OK;
}
