/*
 * Nexus register states, object fields, contracts and addresses on
 * hostile input (lib/ledger/register.c, contract.c, address.c). Every
 * input goes through each parser: a state that parses must re-serialise
 * to exactly the input; a contract that decodes must have its streams
 * inside the input and its condition tokens readable back; a replay of its
 * states must return a documented code; object fields must lie inside the
 * data; a Base58 text that decodes must encode back to itself.
 */
#include "fuzz_common.h"

#include "ledger/address.h"
#include "ledger/contract.h"
#include "ledger/register.h"

static int in_range(int r)
{
    return r == LX_OK || (r <= -450 && r >= -499);
}

static void check(int cond, const char *what)
{
    if (!cond) {
        fprintf(stderr, "fuzz_ledger_register: %s\n", what);
        abort();
    }
}

static void state(const uint8_t *data, size_t size)
{
    struct reg_state st;
    struct reg_object obj;
    struct reg_name nm;
    struct reg_asset as;
    size_t err = 0, out_len = 0;
    static uint8_t out[REG_MAX_STATE_SIZE];
    int r = reg_state_parse_exact(data, size, &st, &err);

    check(in_range(r), "state: undocumented code");
    if (r != LX_OK) {
        check(err <= size, "state: error offset past the input");
        return;
    }
    check(reg_state_serialise(&st, true, out, sizeof(out), &out_len) == LX_OK,
          "state: serialise failed");
    check(out_len == size && memcmp(out, data, size) == 0, "state: round trip differs");
    check(in_range(reg_state_check(&st)), "state: check code");
    r = reg_object_parse(st.data, st.data_len, &obj, &err);
    check(in_range(r), "state: object code");
    check(in_range(reg_name_parse(&st, &nm, &err)), "state: name code");
    check(in_range(reg_asset_parse(st.data, st.data_len, &as, &err)), "state: asset code");
}

static void object(const uint8_t *data, size_t size)
{
    struct reg_object obj;
    size_t err = 0;
    int r = reg_object_parse(data, size, &obj, &err);

    check(in_range(r), "object: undocumented code");
    if (r != LX_OK) {
        check(err <= size, "object: error offset past the input");
        return;
    }
    for (size_t i = 0; i < obj.n; i++) {
        const struct reg_field *f = &obj.f[i];

        check(f->value >= data && f->value + f->value_len <= data + size,
              "object: value outside the data");
        check(f->name >= data && f->name + f->name_len <= data + size,
              "object: name outside the data");
        check(f->value == data + f->value_off, "object: value offset");
        check(reg_object_find(&obj, "address") == NULL ||
                  reg_object_find(&obj, "address")->name_len == 7,
              "object: find");
    }
}

static void contract(const uint8_t *data, size_t size)
{
    struct contract c;
    struct cond_iter it;
    struct cond_token t;
    struct reg_state post;
    static uint8_t scratch[REG_MAX_DATA];
    uint8_t caller[32];
    size_t err = 0, n = 0;
    int r = contract_decode(data, size, &c, &err);

    check(in_range(r), "contract: undocumented code");
    if (r != LX_OK) {
        check(err <= size, "contract: error offset past the input");
        return;
    }
    check(c.size <= size, "contract: size");
    check(c.ops + c.ops_len <= data + c.size && c.cond + c.cond_len <= data + c.size &&
              c.regs + c.regs_len <= data + c.size,
          "contract: stream outside the input");
    check(contract_op_name(c.op) != NULL, "contract: unnamed op");
    contract_cond_begin(&c, &it);
    while ((r = contract_cond_next(&it, &t)) == 1) {
        check(t.arg == NULL || t.arg + t.arg_len <= c.cond + c.cond_len, "cond: arg outside");
        n++;
    }
    check(r == 0 && n == c.n_cond_tokens, "cond: tokens differ on re-read");
    /* Replay as the owner (when there is a pre-state) and as someone else. */
    memset(caller, 0xb7, sizeof(caller));
    if (c.has_pre)
        memcpy(caller, c.pre.owner, 32);
    {
        struct contract_ctx ctx = { caller, 1795588920u, 4 };

        r = contract_check_states(&c, &ctx, &post, scratch);
        check(in_range(r), "replay: undocumented code");
        if (r == LX_OK && c.op != OP_AUTHORIZE && c.op != OP_COINBASE)
            check(post.checksum == c.post_checksum, "replay: accepted a wrong checksum");
        caller[3] ^= 0x40;
        check(in_range(contract_check_states(&c, &ctx, NULL, scratch)), "replay: code");
    }
}

static void base58(const uint8_t *data, size_t size)
{
    uint8_t raw[ADDR_SIZE];
    char text[ADDR_BASE58_MAX];

    if (size >= ADDR_BASE58_MAX)
        return;
    if (addr_from_base58((const char *)data, size, raw) == LX_OK) {
        check(addr_to_base58(raw, text) == size && memcmp(text, data, size) == 0,
              "base58: round trip differs");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Each parser gets its own copy of exactly size bytes, so that ASan
     * catches any read past the end. */
    uint8_t *copy = malloc(size ? size : 1);

    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    state(copy, size);
    object(copy, size);
    contract(copy, size);
    base58(copy, size);
    free(copy);
    return 0;
}
