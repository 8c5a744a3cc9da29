/*
 * Error codes of the Nexus contract, register and address code
 * (lib/ledger/contract.c, register.c, address.c), range -450..-499. The
 * transaction and chain code has its own range (-400..-449, ledger_err.h).
 * Each code names one field or one rule; the parsers also report the byte
 * offset at which the failure was found.
 */
#ifndef LX_LEDGER_REGISTER_ERR_H
#define LX_LEDGER_REGISTER_ERR_H

enum register_status {
    /* Register state encoding (State in src/TAO/Register/types/state.h):
     * the input ends inside the named field. */
    REG_ERR_TRUNC_VERSION = -450,
    REG_ERR_TRUNC_TYPE = -451,
    REG_ERR_TRUNC_OWNER = -452,
    REG_ERR_TRUNC_CREATED = -453,
    REG_ERR_TRUNC_MODIFIED = -454,
    REG_ERR_TRUNC_DATA = -455,          /* the data's CompactSize or its bytes */
    REG_ERR_TRUNC_CHECKSUM = -456,
    REG_ERR_TRAILING = -457,            /* bytes after the checksum */
    REG_ERR_COMPACT_SIZE = -458,        /* CompactSize not in its shortest form */
    REG_ERR_DATA_SIZE = -459,           /* data above REG_MAX_DATA (MAX_REGISTER_SIZE) */
    REG_ERR_VERSION = -460,             /* nVersion is not 1 */
    REG_ERR_TYPE = -461,                /* nType not READONLY..SYSTEM */
    REG_ERR_CHECKSUM = -462,            /* hashChecksum is not SK64 of the state */
    REG_ERR_OUT_SPACE = -463,           /* serialiser: output buffer too small */

    /* Object registers (Object::Parse) and their typed fields. */
    REG_ERR_NOT_OBJECT = -464,          /* register type is not OBJECT or SYSTEM */
    REG_ERR_FIELD_NAME = -465,          /* ends inside a field name */
    REG_ERR_FIELD_TYPE = -466,          /* ends before, or unknown, field type code */
    REG_ERR_FIELD_VALUE = -467,         /* ends inside a field value */
    REG_ERR_FIELD_DUPLICATE = -468,     /* the same field name twice */
    REG_ERR_TOO_MANY_FIELDS = -469,     /* more than REG_MAX_FIELDS */
    REG_ERR_NAME_FIELDS = -470,         /* a name register without namespace/name/address */
    REG_ERR_ASSET_DATA = -471,          /* asset data is not u16 type + string */

    /* Contract framing and operation stream (src/TAO/Operation). */
    CON_ERR_TRUNC_OPERATION = -472,     /* the operation stream's length or bytes */
    CON_ERR_TRUNC_CONDITION = -473,     /* the condition stream's length or bytes */
    CON_ERR_TRUNC_REGISTER = -474,      /* the register stream's length or bytes */
    CON_ERR_TRAILING = -475,            /* bytes after the three streams */
    CON_ERR_EMPTY = -476,               /* empty operation stream */
    CON_ERR_OPCODE = -477,              /* unknown or misplaced opcode (offset given) */
    CON_ERR_TRUNC_OPERAND = -478,       /* operation stream ends inside an operand */
    CON_ERR_OP_TRAILING = -479,         /* bytes after the one primitive operation */
    CON_ERR_TRANSFER_FLAG = -480,       /* TRANSFER flag neither CLAIM (0xfa) nor FORCE (0xfb) */
    CON_ERR_COND_OPCODE = -481,         /* unknown condition opcode (offset given) */
    CON_ERR_TRUNC_COND_OPERAND = -482,  /* condition stream ends inside an operand */
    CON_ERR_TOO_MANY_TOKENS = -483,     /* more than CONTRACT_MAX_COND_TOKENS */
    CON_ERR_CONDITIONS_NOT_ALLOWED = -484, /* conditions on an op that forbids them */
    CON_ERR_STATE_MARKER = -485,        /* register stream lacks PRESTATE/POSTSTATE where needed */
    CON_ERR_TRUNC_POSTSTATE = -486,     /* ends inside the post-state checksum */
    CON_ERR_REG_TRAILING = -487,        /* bytes after the register stream's last part */
    CON_ERR_PRESTATE = -488,            /* the embedded pre-state does not parse (see offset) */

    /* Semantic checks of a contract against its register states. */
    REG_ERR_OWNER = -489,               /* caller does not own the register (pre-state owner) */
    REG_ERR_POSTSTATE = -490,           /* op applied to pre-state does not give the post checksum */
    REG_ERR_WRITE_TYPE = -491,          /* WRITE/APPEND not allowed on this register type */
    REG_ERR_WRITE_SIZE = -492,          /* raw WRITE of a different size / APPEND above max */
    REG_ERR_FIELD_IMMUTABLE = -493,     /* object WRITE to a field without the mutable flag */
    REG_ERR_FIELD_MISMATCH = -494,      /* object WRITE: unknown field, wrong type or size */
    REG_ERR_UNSUPPORTED = -495,         /* op not replayable here (needs ledger data) */
    REG_ERR_ADDRESS_TYPE = -496,        /* address type byte does not fit the register */
    REG_ERR_NAME_ADDRESS = -497,        /* name register address is not derived from its name */
    REG_ERR_NOT_CLAIMABLE = -498,       /* CLAIM of a register that is not in transfer */
    REG_ERR_ADDRESS_BASE58 = -499,      /* Base58 address text malformed or check mismatch */
};

#endif
