/*
 * Nexus register states (LLL-TAO src/TAO/Register/types/state.h,
 * object.h) as data: parse and serialise byte-identically, recompute and
 * check the SK64 checksum; object registers and their typed fields; name
 * registers; raw/readonly asset data. Nothing is allocated: parsed
 * structures point into the caller's buffer, which must outlive them.
 *
 * Serialised state (little-endian integers):
 *   nVersion u8 | nType u8 | hashOwner 32 raw | nCreated u64 | nModified u64
 *   | data (CompactSize + bytes) | hashChecksum u64
 * The checksum is SK64 of everything before it (the GETHASH form).
 */
#ifndef LX_LEDGER_REGISTER_H
#define LX_LEDGER_REGISTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "ledger/register_err.h"

#define REG_STATE_VERSION 1
#define REG_MAX_DATA 1024       /* MAX_REGISTER_SIZE, src/TAO/Register/include/constants.h */
#define REG_HEADER_SIZE 50      /* version, type, owner, created, modified */
#define REG_MAX_STATE_SIZE (REG_HEADER_SIZE + 3 + REG_MAX_DATA + 8)
#define REG_MAX_FIELDS 64       /* our bound on object fields (a 1 KB object holds <= 341) */
#define REG_COMPACT_MAX 0x02000000u     /* MAX_SIZE of the reference serializer */

/* Register types (REGISTER in src/TAO/Register/include/enum.h). */
enum reg_type {
    REG_READONLY = 0x01,
    REG_APPEND = 0x02,
    REG_RAW = 0x03,
    REG_OBJECT = 0x04,
    REG_SYSTEM = 0x05,
};

/* Object field types (TYPES in the same file); 0xff before the type marks
 * a mutable field. */
enum reg_field_type {
    REG_T_UINT8 = 0x01,
    REG_T_UINT16 = 0x02,
    REG_T_UINT32 = 0x03,
    REG_T_UINT64 = 0x04,
    REG_T_UINT256 = 0x05,
    REG_T_UINT512 = 0x06,
    REG_T_UINT1024 = 0x07,
    REG_T_STRING = 0x08,
    REG_T_BYTES = 0x09,
    REG_T_MUTABLE = 0xff,
};

struct reg_state {
    uint8_t version;
    uint8_t type;
    uint8_t owner[32];          /* raw */
    uint64_t created;
    uint64_t modified;
    const uint8_t *data;        /* points into the parsed buffer (or the caller's) */
    size_t data_len;
    uint64_t checksum;          /* as stored; see reg_state_hash for the computed one */
};

/* Reads a CompactSize at buf[*pos]; advances *pos. LX_OK, trunc_err when
 * the input ends inside it, REG_ERR_COMPACT_SIZE when it is not in its
 * shortest form or above REG_COMPACT_MAX. */
int reg_compact_read(const uint8_t *buf, size_t len, size_t *pos, uint64_t *out, int trunc_err);
/* Bytes of a CompactSize for n (1, 3, 5 or 9). */
size_t reg_compact_size(uint64_t n);

/* Parses one state with its checksum from the front of buf; *used gets
 * the bytes it took. On error *err_off (if not NULL) gets the offset of
 * the failing field. Checks the encoding only (see reg_state_check). */
int reg_state_parse(const uint8_t *buf, size_t len, struct reg_state *st, size_t *used,
                    size_t *err_off);
/* As reg_state_parse, and the state must fill buf exactly
 * (REG_ERR_TRAILING otherwise). */
int reg_state_parse_exact(const uint8_t *buf, size_t len, struct reg_state *st,
                          size_t *err_off);

/* Serialised size with or without the checksum. */
size_t reg_state_size(const struct reg_state *st, bool with_checksum);
/* Serialises (with the stored checksum when with_checksum); LX_OK or
 * REG_ERR_OUT_SPACE / REG_ERR_DATA_SIZE. */
int reg_state_serialise(const struct reg_state *st, bool with_checksum, uint8_t *out,
                        size_t cap, size_t *out_len);

/* SK64 of the GETHASH form (State::GetHash). */
uint64_t reg_state_hash(const struct reg_state *st);
/* Checks the state as State::IsValid does: version 1, a known type, the
 * stored checksum equals reg_state_hash. LX_OK or REG_ERR_VERSION /
 * REG_ERR_TYPE / REG_ERR_CHECKSUM. */
int reg_state_check(const struct reg_state *st);

/* ---- object registers ---- */

struct reg_field {
    const uint8_t *name;
    size_t name_len;
    uint8_t type;               /* enum reg_field_type, without the mutable flag */
    bool is_mutable;
    const uint8_t *value;       /* the value bytes (for strings/bytes without the size) */
    size_t value_len;
    size_t value_off;           /* offset of value in the object data */
};

struct reg_object {
    struct reg_field f[REG_MAX_FIELDS];
    size_t n;
};

/* Parses object data (the state's data) into fields, as Object::Parse:
 * name (CompactSize string), optional 0xff, type, value. */
int reg_object_parse(const uint8_t *data, size_t len, struct reg_object *obj, size_t *err_off);
/* Field by name, or NULL. */
const struct reg_field *reg_object_find(const struct reg_object *obj, const char *name);
/* Fixed width of a field type (1..128), 0 for strings/bytes, -1 unknown. */
int reg_field_width(uint8_t type);
/* Little-endian integer value of a UINT8..UINT64 field. */
uint64_t reg_field_uint(const struct reg_field *f);

/* Name register (names/create/name): object with string "namespace",
 * string "name" and uint256 "address". */
struct reg_name {
    const uint8_t *ns;
    size_t ns_len;
    const uint8_t *name;
    size_t name_len;
    const uint8_t *target;      /* 32 raw bytes */
};
int reg_name_parse(const struct reg_state *st, struct reg_name *out, size_t *err_off);
/* The name register at addr_raw is at the address its name derives to
 * (addr_of_name with the owner genesis); LX_OK or REG_ERR_NAME_ADDRESS. */
int reg_name_check_address(const struct reg_name *nm, const uint8_t owner_raw[32],
                           const uint8_t addr_raw[32]);

/* Asset data of raw/readonly registers made by the reference API:
 * u16 LE user type + CompactSize string. */
struct reg_asset {
    uint16_t user_type;
    const uint8_t *value;
    size_t value_len;
};
int reg_asset_parse(const uint8_t *data, size_t len, struct reg_asset *out, size_t *err_off);

#endif
