/* `lx tx new` (tx_new.c), dispatched from tx.c. */
#ifndef LX_HOST_TX_NEW_H
#define LX_HOST_TX_NEW_H

int tx_new(int argc, char **argv);

#endif
