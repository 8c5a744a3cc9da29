/*
 * libFuzzer target: the lx tool's own input parsers on hostile bytes —
 * the secrets file reader (host/common/secret.c) and chain text files
 * (host/common/txio.c: lines of hex, API raw form), each transaction then
 * through the whole host chain check (host/common/chaincheck.c). Nothing
 * may crash, leak or read out of bounds; a secrets read that fails must
 * leave nothing behind, one that succeeds must give non-empty secrets.
 *
 * The host files are compiled into this target (the fuzz build links only
 * lib/); they use nothing but lib/ and the C library.
 *
 * Input: first byte even = secrets file, odd = chain text; the rest is the
 * file.
 */
#include "../host/common/chaincheck.c"
#include "../host/common/hex.c"
#include "../host/common/secret.c"
#include "../host/common/txio.c"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ledger_tx scratch;

static void secrets(const uint8_t *p, size_t n)
{
    struct secrets s;
    char err[256];
    FILE *f = fmemopen((void *)p, n, "r");

    if (f == NULL)
        return;
    memset(&s, 0, sizeof(s));
    int r = secret_read_stream(&s, f, "fuzz", err, sizeof(err));
    fclose(f);
    if (r == 0 && s.password_len > 0 && (strlen(s.password) != s.password_len ||
                                         s.password_len > SECRET_MAX))
        abort();
    secret_wipe(&s);
}

static void chain(const uint8_t *p, size_t n)
{
    struct tx_blob *v;
    size_t count, skipped;
    char err[256];
    struct ledger_chain_config cfg = { .network = LEDGER_NET_PRIVATE };
    struct ledger_chain_state head;
    struct check_fail f;

    if (txio_chain_from_text((const char *)p, n, "fuzz", &v, &count, err, sizeof(err)) != 0)
        return;
    for (size_t i = 0; i < count; i++)
        if (txio_parse(&scratch, &v[i], &skipped, NULL) == LX_OK)
            check_tx(&scratch, LEDGER_NET_PRIVATE, &f);
    if (check_chain(v, count, &cfg, &scratch, &head, &f) == LX_OK && head.count != count)
        abort();
    txio_free_chain(v, count);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] % 2 == 0)
        secrets(data + 1, size - 1);
    else
        chain(data + 1, size - 1);
    return 0;
}
