/*
 * Loading serialised Nexus transactions for the host tools. A transaction
 * is given as a file (the binary network serialisation, or its hex as text)
 * or as hex on the command line; a chain as a directory (one transaction
 * per regular file, in file-name order; `lx tx new` names them by
 * sequence) or as a text file with one transaction in hex per line (empty
 * lines and lines starting with '#' skipped).
 *
 * The API's raw form (`ledger/get/transaction format=raw`) has one extra
 * leading byte 0x03 (MSG_TX_TRITIUM); txio_parse accepts it when the
 * bytes do not parse as they are but do without that byte.
 */
#ifndef LX_HOST_TXIO_H
#define LX_HOST_TXIO_H

#include <stddef.h>
#include <stdint.h>

#include "ledger/tx.h"

#define TXIO_MAX_TX (1u << 20)          /* our bound on one transaction's bytes */
#define TXIO_MAX_CHAIN 100000           /* our bound on transactions in a chain */
#define TXIO_MAX_FILE (256u << 20)      /* our bound on one input file */

struct tx_blob {
    uint8_t *buf;
    size_t len;
    char *name;         /* "FILE", "FILE:LINE", "DIR/NAME" or "argument" */
};

/* FILE or HEX into one blob: 0, or -1 with the reason in err. */
int txio_load_one(const char *arg, struct tx_blob *b, char *err, size_t cap);

/* DIR or FILE into *out (malloc'd, n entries); 0 or -1 with err. */
int txio_load_chain(const char *path, struct tx_blob **out, size_t *n, char *err, size_t cap);

/* The same from text in memory: lines of hex (as in a chain file). */
int txio_chain_from_text(const char *text, size_t len, const char *name, struct tx_blob **out,
                         size_t *n, char *err, size_t cap);

/* Frees one blob's contents; a whole chain and its array. */
void txio_blob_free(struct tx_blob *b);
void txio_free_chain(struct tx_blob *v, size_t n);

/* ledger_tx_parse of the blob, or of the blob without a leading 0x03
 * (then *skipped = 1). The status of the plain parse when neither works. */
int txio_parse(struct ledger_tx *tx, const struct tx_blob *b, size_t *skipped, size_t *err_off);

/* The network a genesis id belongs to, by its type byte; -1 for none. */
int txio_network_of(const uint8_t genesis_raw[32]);
/* "mainnet", "testnet", "hybrid", "private" <-> enum ledger_network. */
const char *txio_network_name(int net);
int txio_network_parse(const char *name);

/* GetHex of a raw n-byte hash: n*2 digits, most-significant first. */
void txio_gethex(const uint8_t *raw, size_t n, char *out);

#endif
