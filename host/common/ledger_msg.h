/* Readable text for the status codes of lib/ledger (ledger_err.h,
 * register_err.h), for the host tools' error messages. */
#ifndef LX_HOST_LEDGER_MSG_H
#define LX_HOST_LEDGER_MSG_H

/* A phrase naming the field or rule; never NULL. */
const char *ledger_msg(int code);

#endif
