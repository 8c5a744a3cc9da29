/*
 * Nexus Tritium contracts as data (LLL-TAO src/TAO/Operation): the three
 * streams of one contract as it appears inside a transaction
 *
 *   operation stream | condition stream | register stream
 *   (each CompactSize + bytes)
 *
 * decoded without allocation into a struct that points into the caller's
 * buffer. The operation stream holds one primitive (optionally behind an
 * OP::CONDITION or OP::VALIDATE prefix); CREATE, WRITE, APPEND, TRANSFER,
 * CLAIM and AUTHORIZE are decoded field by field, every other opcode of
 * 5.1.6 is checked against its operand layout and kept opaque. The
 * condition stream is a token stream (checked here, read back with
 * contract_cond_next). The register stream carries the pre-state and the
 * post-state checksum the node wrote for the operation.
 *
 * contract_check_states replays CREATE/WRITE/APPEND/TRANSFER/CLAIM on the
 * pre-state and compares with the post-state checksum, and checks that the
 * caller owns the register.
 */
#ifndef LX_LEDGER_CONTRACT_H
#define LX_LEDGER_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger/register.h"
#include "ledger/register_err.h"

#define CONTRACT_MAX_COND_TOKENS 256    /* our bound on a condition script */

/* Primitive operations (OP in src/TAO/Operation/include/enum.h). */
enum contract_op {
    OP_WRITE = 0x01,
    OP_CREATE = 0x02,
    OP_AUTHORIZE = 0x03,
    OP_TRANSFER = 0x04,
    OP_CLAIM = 0x05,
    OP_APPEND = 0x06,
    OP_DEBIT = 0x10,
    OP_CREDIT = 0x11,
    OP_COINBASE = 0x12,
    OP_GENESIS = 0x13,
    OP_TRUST = 0x14,
    OP_FEE = 0x17,
    OP_VALIDATE = 0x40,
    OP_CONDITION = 0x41,
    OP_LEGACY = 0x50,
    OP_MIGRATE = 0x51,
};

/* TRANSFER flag (TRANSFER in the same file). */
#define TRANSFER_CLAIM 0xfa
#define TRANSFER_FORCE 0xfb

/* Register stream markers (STATES in src/TAO/Register/include/enum.h). */
#define STATE_PRESTATE 0x01
#define STATE_POSTSTATE 0x02

struct contract {
    /* The three streams and their offsets in the contract buffer. */
    const uint8_t *ops, *cond, *regs;
    size_t ops_len, cond_len, regs_len;
    size_t ops_off, cond_off, regs_off;
    size_t size;                /* bytes of the whole contract */

    uint8_t op;                 /* the primitive opcode */
    bool conditional;           /* behind OP::CONDITION */
    bool validate;              /* behind OP::VALIDATE */
    const uint8_t *validate_txid;   /* 64 raw, when validate */
    uint32_t validate_contract;

    const uint8_t *operands;    /* after the primitive opcode, to the stream's end */
    size_t operands_len;

    /* Decoded operands; fields an op does not have are NULL / 0. */
    const uint8_t *address;     /* register address, 32 raw (CREATE WRITE APPEND TRANSFER CLAIM) */
    uint8_t reg_type;           /* CREATE */
    const uint8_t *data;        /* CREATE / WRITE / APPEND data */
    size_t data_len;
    const uint8_t *recipient;   /* TRANSFER: genesis 32 raw */
    uint8_t transfer_flag;      /* TRANSFER_CLAIM or TRANSFER_FORCE */
    const uint8_t *txid;        /* CLAIM: transfer txid; AUTHORIZE: txid (64 raw) */
    uint32_t contract_index;    /* CLAIM */
    const uint8_t *genesis;     /* AUTHORIZE: genesis 32 raw */

    size_t n_cond_tokens;

    /* Register stream. */
    bool has_pre;
    struct reg_state pre;       /* with its own checksum; data points into regs */
    size_t pre_off;             /* offset of the pre-state in the contract buffer */
    bool has_post;
    uint64_t post_checksum;
};

/* Decodes one contract from the front of buf (as inside a transaction);
 * c->size gets the bytes it took. On error *err_off (if not NULL) gets the
 * offset in buf of the failing field or opcode. */
int contract_decode(const uint8_t *buf, size_t len, struct contract *c, size_t *err_off);
/* As contract_decode, and the contract must fill buf exactly. */
int contract_decode_exact(const uint8_t *buf, size_t len, struct contract *c, size_t *err_off);

/* "WRITE", "CREATE", ... or NULL for an unknown opcode. */
const char *contract_op_name(uint8_t op);

/* ---- condition scripts ---- */

struct cond_token {
    uint8_t code;
    size_t off;                 /* offset in the condition stream */
    const uint8_t *arg;         /* immediate operand (value bytes), or NULL */
    size_t arg_len;
};

struct cond_iter {
    const uint8_t *p;
    size_t len, pos;
};

void contract_cond_begin(const struct contract *c, struct cond_iter *it);
/* 1 and the next token, 0 at the end, or CON_ERR_COND_OPCODE /
 * CON_ERR_TRUNC_COND_OPERAND / REG_ERR_COMPACT_SIZE (it->pos is then the
 * offset of the failing token). */
int contract_cond_next(struct cond_iter *it, struct cond_token *t);
/* Name of a condition opcode ("EQUALS", "CALLER::GENESIS", "UINT64_T"...),
 * or NULL when unknown. */
const char *contract_cond_name(uint8_t code);

/* ---- semantic checks ---- */

/* The transaction context of a contract. */
struct contract_ctx {
    const uint8_t *caller;      /* hashGenesis of the transaction, 32 raw */
    uint64_t timestamp;         /* nTimestamp of the transaction */
    uint32_t tx_version;        /* nVersion of the transaction */
};

/* For CREATE, WRITE, APPEND, TRANSFER and CLAIM: the pre-state parses and
 * its own checksum holds; the caller owns the register (WRITE, APPEND,
 * TRANSFER) or it is in transfer (CLAIM); the address type fits the
 * register type (CREATE); a name register sits at the address its name
 * derives to (CREATE); and the post-state computed as the node computes it
 * (from pre-state, operation and transaction timestamp) has the checksum
 * the contract carries. If post is not NULL it receives that post-state,
 * its data in scratch (REG_MAX_DATA bytes) or in the contract buffer.
 * Other ops: LX_OK when they carry no register states (AUTHORIZE,
 * COINBASE), REG_ERR_UNSUPPORTED otherwise. */
int contract_check_states(const struct contract *c, const struct contract_ctx *ctx,
                          struct reg_state *post, uint8_t scratch[REG_MAX_DATA]);

#endif
