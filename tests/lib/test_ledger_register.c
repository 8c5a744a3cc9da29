/*
 * Nexus contracts, register states and addresses (lib/ledger/contract.c,
 * register.c, address.c) against the LLL-TAO 5.1.6 fixtures: every
 * register state parses, re-serialises byte-identically and its checksum
 * verifies; every contract of every fixture transaction decodes (also when
 * found by walking the whole transaction) and its post-state replays to
 * the checksum the node wrote; every address vector matches; and changed,
 * truncated or extended encodings are refused with the code of the field.
 */
#include "test.h"

#include "base/endian.h"
#include "ledger/address.h"
#include "ledger/contract.h"
#include "ledger/register.h"
#include "vec.h"

/* The rv64 cmocka shim has no assert_string_equal. */
#define expect_str(a, b)                                          \
    do {                                                          \
        const char *sa_ = (a), *sb_ = (b);                        \
        assert_non_null(sa_);                                     \
        assert_non_null(sb_);                                     \
        if (strcmp(sa_, sb_) != 0)                                \
            fail_msg("\"%s\" != \"%s\"", sa_, sb_);              \
    } while (0)

#define TX_FILE "fixtures/nexus/chain/transactions.json"
#define REG_FILE "fixtures/nexus/chain/registers.json"
#define ADDR_FILE "fixtures/nexus/vectors/addresses.json"

/* What the fixtures hold (chain/README): counted so that a reader bug
 * that skips cases fails. */
#define N_TX 38
#define N_CONTRACTS 41
#define N_PRESTATES 11
#define N_REGISTERS 12
#define N_REG_STATES 23
#define N_NAME_REGISTERS 5
#define N_BASE58 12
#define N_CRYPTO_ADDR 3
#define N_NAME_ADDR 5

struct doc {
    char *text;
    struct json *root;
};

static const struct json *load(struct doc *d, const char *rel)
{
    size_t len;

    d->text = vec_load(rel, &len);
    if (d->text == NULL)
        fail_msg("missing %s", rel);
    d->root = json_parse(d->text, len);
    assert_non_null(d->root);
    return d->root;
}

static void unload(struct doc *d)
{
    json_free(d->root);
    free(d->text);
}

static uint8_t *hex_of(const struct json *j, size_t *len)
{
    size_t hex_len;
    const char *hex = json_str(j, &hex_len);
    uint8_t *out;

    assert_non_null(hex);
    out = vec_hex_alloc(hex, hex_len, len);
    assert_non_null(out);
    return out;
}

/* A 256-bit value printed GetHex-style, as its raw bytes. */
static void raw32_of(const struct json *j, uint8_t out[32])
{
    size_t len;
    const char *hex = json_str(j, &len);

    assert_non_null(hex);
    assert_int_equal(addr_from_hex(hex, len, out), LX_OK);
}

static uint64_t u64_of_hex(const struct json *j)
{
    size_t len;
    const char *hex = json_str(j, &len);
    uint64_t v = 0;

    assert_non_null(hex);
    assert_int_equal(len, 16);
    for (size_t i = 0; i < len; i++) {
        char c = hex[i];
        v = v << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
}

/* Parses a fixture state object (serialized form under key) and checks
 * every field, the round trip and the checksum. */
static void check_state_json(const struct json *js, const char *key)
{
    size_t len, out_len, err = 0;
    uint8_t *bytes = hex_of(json_get(js, key), &len);
    uint8_t *again = malloc(len + 1);
    uint8_t owner[32];
    uint8_t *data;
    size_t data_len;
    struct reg_state st;

    assert_non_null(again);
    assert_int_equal(reg_state_parse_exact(bytes, len, &st, &err), LX_OK);
    assert_int_equal(st.version, json_int(json_get(js, "nVersion")));
    assert_int_equal(st.type, json_int(json_get(js, "nType")));
    raw32_of(json_get(js, "hashOwner"), owner);
    assert_memory_equal(st.owner, owner, 32);
    assert_true(st.created == (uint64_t)json_int(json_get(js, "nCreated")));
    assert_true(st.modified == (uint64_t)json_int(json_get(js, "nModified")));
    data = hex_of(json_get(js, "vchState_hex"), &data_len);
    assert_int_equal(st.data_len, data_len);
    if (data_len > 0)
        assert_memory_equal(st.data, data, data_len);
    assert_true(st.checksum == u64_of_hex(json_get(js, "hashChecksum_hex")));
    assert_true(reg_state_hash(&st) == st.checksum);
    assert_int_equal(reg_state_check(&st), LX_OK);
    assert_int_equal(reg_state_size(&st, true), len);
    assert_int_equal(reg_state_serialise(&st, true, again, len + 1, &out_len), LX_OK);
    assert_int_equal(out_len, len);
    assert_memory_equal(again, bytes, len);
    /* The GETHASH form is the same bytes without the checksum. */
    {
        size_t pre_len;
        uint8_t *pre = hex_of(json_get(js, "gethash_preimage_hex"), &pre_len);

        assert_int_equal(reg_state_serialise(&st, false, again, len, &out_len), LX_OK);
        assert_int_equal(out_len, pre_len);
        assert_memory_equal(again, pre, pre_len);
        free(pre);
    }
    free(data);
    free(again);
    free(bytes);
}

static void test_register_states(void **state)
{
    struct doc d;
    const struct json *regs = json_get(load(&d, REG_FILE), "registers");
    size_t n_states = 0, n_names = 0;
    (void)state;

    assert_int_equal(json_len(regs), N_REGISTERS);
    for (size_t i = 0; i < json_len(regs); i++) {
        const struct json *r = json_at(regs, i);
        const struct json *hist = json_get(r, "state_after_each_tx");
        uint8_t addr[32];
        size_t len, err;
        uint8_t *bytes;
        struct reg_state st;

        check_state_json(json_get(r, "final_state_from_db"), "serialized_SER_REGISTER_hex");
        for (size_t k = 0; k < json_len(hist); k++, n_states++)
            check_state_json(json_get(json_at(hist, k), "post_state"), "serialized_hex");

        /* The address's type byte agrees with what the register is. */
        raw32_of(json_get(r, "address_hex"), addr);
        assert_int_equal(addr_type(addr), json_int(json_get(r, "address_type_byte")));
        bytes = hex_of(json_get(json_get(r, "final_state_from_db"), "serialized_SER_REGISTER_hex"),
                       &len);
        assert_int_equal(reg_state_parse_exact(bytes, len, &st, &err), LX_OK);
        if (addr_type(addr) == ADDR_NAME) {
            struct reg_name nm;

            assert_int_equal(reg_name_parse(&st, &nm, &err), LX_OK);
            assert_int_equal(nm.ns_len, 0);
            assert_int_equal(reg_name_check_address(&nm, st.owner, addr), LX_OK);
            n_names++;
        } else if (addr_type(addr) == ADDR_CRYPTO) {
            struct reg_object obj;
            const struct reg_field *f;
            uint8_t want[32];

            assert_int_equal(reg_object_parse(st.data, st.data_len, &obj, &err), LX_OK);
            assert_int_equal(obj.n, 9);
            f = reg_object_find(&obj, "auth");
            assert_non_null(f);
            assert_int_equal(f->type, REG_T_UINT256);
            assert_true(f->is_mutable);
            addr_from_name((const uint8_t *)"crypto", 6, st.owner, ADDR_CRYPTO, want);
            assert_memory_equal(want, addr, 32);
        } else {
            struct reg_asset a;

            assert_true(st.type == REG_RAW || st.type == REG_READONLY);
            assert_int_equal(addr_type(addr), st.type == REG_RAW ? ADDR_RAW : ADDR_READONLY);
            assert_int_equal(reg_asset_parse(st.data, st.data_len, &a, &err), LX_OK);
            assert_int_equal(a.user_type, 3);
            /* raw assets are padded to 128 bytes, readonly ones are not */
            assert_int_equal(a.value_len, st.type == REG_RAW ? 128 : 64);
        }
        free(bytes);
    }
    assert_int_equal(n_states, N_REG_STATES);
    assert_int_equal(n_names, N_NAME_REGISTERS);
    unload(&d);
}

/* ---- contracts ---- */

static void ctx_of(const struct json *tx, struct contract_ctx *ctx, uint8_t genesis[32])
{
    raw32_of(json_get(tx, "genesis"), genesis);
    ctx->caller = genesis;
    ctx->timestamp = (uint64_t)json_int(json_get(tx, "timestamp"));
    ctx->tx_version = (uint32_t)json_int(json_get(tx, "version"));
}

static void check_contract(const struct json *tx, const struct json *jc, size_t *n_pre)
{
    size_t len, err = 0;
    uint8_t *bytes = hex_of(json_get(jc, "contract_network_hex"), &len);
    uint8_t *ops;
    size_t ops_len;
    struct contract c;
    struct contract_ctx ctx;
    uint8_t genesis[32], scratch[REG_MAX_DATA];
    struct reg_state post;
    int r;

    r = contract_decode_exact(bytes, len, &c, &err);
    if (r != LX_OK)
        fail_msg("contract of %s: %d at %zu", json_str(json_get(tx, "txid"), NULL), r, err);
    assert_int_equal(c.op, json_int(json_get(jc, "op_byte")));
    expect_str(contract_op_name(c.op), json_str(json_get(jc, "op"), NULL));
    ops = hex_of(json_get(jc, "operation_stream_hex"), &ops_len);
    assert_int_equal(c.ops_len, ops_len);
    assert_memory_equal(c.ops, ops, ops_len);
    free(ops);

    if (json_get(jc, "address") != NULL) {
        uint8_t addr[32];

        raw32_of(json_get(jc, "address"), addr);
        assert_non_null(c.address);
        assert_memory_equal(c.address, addr, 32);
    }
    if (json_get(jc, "pre_state") != NULL) {
        size_t pre_len;
        uint8_t *pre = hex_of(json_get(json_get(jc, "pre_state"), "serialized_hex"), &pre_len);

        assert_true(c.has_pre);
        assert_memory_equal(c.regs + 1, pre, pre_len);
        assert_true(c.pre.checksum == u64_of_hex(json_get(json_get(jc, "pre_state"),
                                                          "hashChecksum_hex")));
        free(pre);
        (*n_pre)++;
    }
    switch (c.op) {
    case OP_CREATE: {
        size_t dlen;
        uint8_t *data = hex_of(json_get(jc, "create_data_hex"), &dlen);

        assert_int_equal(c.reg_type, json_int(json_get(jc, "register_type")));
        assert_int_equal(c.data_len, dlen);
        assert_memory_equal(c.data, data, dlen);
        free(data);
        break;
    }
    case OP_WRITE: {
        size_t dlen;
        uint8_t *data = hex_of(json_get(jc, "write_data_hex"), &dlen);

        assert_int_equal(c.data_len, dlen);
        assert_memory_equal(c.data, data, dlen);
        free(data);
        break;
    }
    case OP_TRANSFER: {
        uint8_t to[32];
        struct cond_iter it;
        struct cond_token t;
        size_t n = 0;

        raw32_of(json_get(jc, "recipient"), to);
        assert_memory_equal(c.recipient, to, 32);
        assert_int_equal(c.transfer_flag, json_int(json_get(jc, "transfer_type")));
        /* The API puts the default claim conditions on every transfer:
         * (caller != sender AND ...) OR (caller == sender AND ...). */
        assert_true(c.cond_len > 0);
        contract_cond_begin(&c, &it);
        while (contract_cond_next(&it, &t) == 1)
            n++;
        assert_int_equal(n, c.n_cond_tokens);
        assert_int_equal(n, 23);
        break;
    }
    case OP_CLAIM: {
        size_t tlen;
        uint8_t *txid = hex_of(json_get(jc, "claimed_txid"), &tlen);

        assert_int_equal(tlen, 64);
        for (size_t i = 0; i < 64; i++)     /* GetHex is reversed */
            assert_int_equal(c.txid[i], txid[63 - i]);
        assert_int_equal(c.contract_index, json_int(json_get(jc, "claimed_contract")));
        free(txid);
        break;
    }
    case OP_AUTHORIZE: {
        uint8_t g[32];

        raw32_of(json_get(jc, "authorize_genesis"), g);
        assert_memory_equal(c.genesis, g, 32);
        break;
    }
    default:
        fail_msg("unexpected op %u in fixtures", c.op);
    }

    ctx_of(tx, &ctx, genesis);
    r = contract_check_states(&c, &ctx, &post, scratch);
    if (r != LX_OK)
        fail_msg("states of %s: %d", json_str(json_get(tx, "txid"), NULL), r);
    if (c.op != OP_AUTHORIZE) {
        size_t slen, out_len;
        uint8_t *want = hex_of(json_get(json_get(jc, "post_state"), "serialized_hex"), &slen);
        uint8_t *got = malloc(slen);

        assert_non_null(got);
        assert_true(c.post_checksum == post.checksum);
        assert_int_equal(reg_state_serialise(&post, true, got, slen, &out_len), LX_OK);
        assert_int_equal(out_len, slen);
        assert_memory_equal(got, want, slen);
        free(got);
        free(want);
    }
    free(bytes);
}

/* Finds the contracts inside a whole transaction by the format: a
 * CompactSize count, then the contracts back to back. */
static void check_tx_walk(const struct json *tx)
{
    size_t len, p = 0, err;
    uint8_t *raw = hex_of(json_get(json_get(tx, "raw"), "tx_network_hex"), &len);
    const struct json *contracts = json_get(tx, "contracts");
    uint64_t count;

    assert_int_equal(reg_compact_read(raw, len, &p, &count, -1), LX_OK);
    assert_int_equal(count, json_len(contracts));
    for (size_t i = 0; i < count; i++) {
        struct contract c;
        size_t clen;
        uint8_t *want = hex_of(json_get(json_at(contracts, i), "contract_network_hex"), &clen);

        assert_int_equal(contract_decode(raw + p, len - p, &c, &err), LX_OK);
        assert_int_equal(c.size, clen);
        assert_memory_equal(raw + p, want, clen);
        p += c.size;
        free(want);
    }
    /* What follows is nVersion (4 on this chain). */
    assert_true(len - p > 4);
    assert_int_equal(load_le32(raw + p), 4);
    free(raw);
}

static void test_contracts(void **state)
{
    struct doc d;
    const struct json *txs = json_get(load(&d, TX_FILE), "transactions");
    size_t n = 0, n_pre = 0;
    (void)state;

    assert_int_equal(json_len(txs), N_TX);
    for (size_t i = 0; i < json_len(txs); i++) {
        const struct json *tx = json_at(txs, i);
        const struct json *cs = json_get(tx, "contracts");

        for (size_t k = 0; k < json_len(cs); k++, n++)
            check_contract(tx, json_at(cs, k), &n_pre);
        check_tx_walk(tx);
    }
    assert_int_equal(n, N_CONTRACTS);
    assert_int_equal(n_pre, N_PRESTATES);
    unload(&d);
}

/* ---- addresses ---- */

static void test_addresses(void **state)
{
    struct doc d;
    const struct json *root = load(&d, ADDR_FILE);
    const struct json *b58 = json_get(root, "base58_addresses");
    const struct json *crypto = json_get(root, "crypto_register_addresses");
    const struct json *names = json_get(root, "name_register_addresses");
    (void)state;

    assert_int_equal(json_len(b58), N_BASE58);
    for (size_t i = 0; i < json_len(b58); i++) {
        const struct json *v = json_at(b58, i);
        uint8_t raw[32], raw_le[32], back[32], gb[32];
        char hex[ADDR_HEX_LEN + 1], text[ADDR_BASE58_MAX];
        size_t len, plen;
        const char *want = json_str(json_get(v, "base58"), &len);
        uint8_t *payload = hex_of(json_get(v, "base58check_payload_hex"), &plen);
        uint8_t *le = hex_of(json_get(v, "raw_le"), &plen);

        raw32_of(json_get(v, "GetHex"), raw);
        memcpy(raw_le, le, 32);
        assert_memory_equal(raw, raw_le, 32);
        assert_int_equal(addr_type(raw), json_int(json_get(v, "type_byte")));
        addr_to_hex(raw, hex);
        expect_str(hex, json_str(json_get(v, "GetHex"), NULL));
        addr_get_bytes(raw, gb);
        assert_int_equal(payload[0], addr_type(raw));
        assert_memory_equal(payload + 1, gb, 32);
        assert_int_equal(addr_to_base58(raw, text), len);
        expect_str(text, want);
        assert_int_equal(addr_from_base58(want, len, back), LX_OK);
        assert_memory_equal(back, raw, 32);
        /* a changed digit breaks the check */
        memcpy(text, want, len);
        text[len / 2] = text[len / 2] == 'z' ? 'y' : 'z';
        assert_int_equal(addr_from_base58(text, len, back), REG_ERR_ADDRESS_BASE58);
        assert_int_equal(addr_from_base58(want, len - 1, back), REG_ERR_ADDRESS_BASE58);
        text[len / 2] = '0';    /* not a Base58 digit */
        assert_int_equal(addr_from_base58(text, len, back), REG_ERR_ADDRESS_BASE58);
        assert_true(addr_type_valid(addr_type(raw)));
        free(payload);
        free(le);
    }

    assert_int_equal(json_len(crypto), N_CRYPTO_ADDR);
    for (size_t i = 0; i < json_len(crypto); i++) {
        const struct json *v = json_at(crypto, i);
        uint8_t g[32], got[32], want[32];
        char text[ADDR_BASE58_MAX];

        raw32_of(json_get(v, "genesis"), g);
        raw32_of(json_get(v, "crypto_address_GetHex"), want);
        addr_from_name((const uint8_t *)"crypto", 6, g, ADDR_CRYPTO, got);
        assert_memory_equal(got, want, 32);
        addr_to_base58(got, text);
        expect_str(text, json_str(json_get(v, "crypto_address_base58"), NULL));
    }

    assert_int_equal(json_len(names), N_NAME_ADDR);
    for (size_t i = 0; i < json_len(names); i++) {
        const struct json *v = json_at(names, i);
        uint8_t g[32], got[32], want[32];
        size_t nlen;
        const char *name = json_str(json_get(v, "name"), &nlen);
        char text[ADDR_BASE58_MAX];

        raw32_of(json_get(v, "namespace_genesis"), g);
        raw32_of(json_get(v, "name_address_GetHex"), want);
        addr_of_name(NULL, 0, (const uint8_t *)name, nlen, g, got);
        assert_memory_equal(got, want, 32);
        addr_to_base58(got, text);
        expect_str(text, json_str(json_get(v, "name_address_base58"), NULL));
        /* one more character is another address */
        addr_of_name(NULL, 0, (const uint8_t *)name, nlen - 1, g, got);
        assert_true(memcmp(got, want, 32) != 0);
    }

    expect_str(addr_type_name(ADDR_RAW), "raw");
    expect_str(addr_type_name(ADDR_NAMESPACE), "namespace");
    expect_str(addr_type_name(0xd0), "unknown");
    assert_false(addr_type_valid(0xdb));
    unload(&d);
}

/* ---- mutations ---- */

/* The first fixture register state with a pre-state: alice's first raw
 * WRITE (transactions[14]). */
static const struct json *fixture_tx(const struct doc *d, size_t i)
{
    return json_at(json_get(d->root, "transactions"), i);
}

/* Expected code when a state is cut to n bytes. */
static int trunc_code_for(size_t n, size_t data_len)
{
    size_t data_start = REG_HEADER_SIZE + reg_compact_size(data_len);

    if (n < 1) return REG_ERR_TRUNC_VERSION;
    if (n < 2) return REG_ERR_TRUNC_TYPE;
    if (n < 34) return REG_ERR_TRUNC_OWNER;
    if (n < 42) return REG_ERR_TRUNC_CREATED;
    if (n < 50) return REG_ERR_TRUNC_MODIFIED;
    if (n < data_start + data_len) return REG_ERR_TRUNC_DATA;
    return REG_ERR_TRUNC_CHECKSUM;
}

static void test_state_mutations(void **state)
{
    struct doc d;
    const struct json *regs = json_get(load(&d, REG_FILE), "registers");
    size_t n_cases = 0;
    (void)state;

    for (size_t i = 0; i < json_len(regs); i++) {
        size_t len, err, used, data_len;
        uint8_t *good = hex_of(json_get(json_get(json_at(regs, i), "final_state_from_db"),
                                        "serialized_SER_REGISTER_hex"), &len);
        uint8_t *buf = malloc(len + 1);
        struct reg_state st;

        assert_non_null(buf);
        assert_int_equal(reg_state_parse_exact(good, len, &st, &err), LX_OK);
        data_len = st.data_len;
        /* every truncation names the field it ends in */
        for (size_t n = 0; n < len; n++, n_cases++) {
            int r = reg_state_parse(good, n, &st, &used, &err);

            assert_int_equal(r, trunc_code_for(n, data_len));
            assert_true(err <= n);
        }
        /* one byte more */
        memcpy(buf, good, len);
        buf[len] = 0;
        assert_int_equal(reg_state_parse_exact(buf, len + 1, &st, &err), REG_ERR_TRAILING);
        assert_int_equal(err, len);
        /* a changed byte anywhere parses but fails the checksum, or names
         * the version / type / data length it broke */
        for (size_t k = 0; k < len; k++, n_cases++) {
            int r;

            memcpy(buf, good, len);
            buf[k] ^= 0x01;
            r = reg_state_parse_exact(buf, len, &st, &err);
            if (k >= REG_HEADER_SIZE && k < REG_HEADER_SIZE + reg_compact_size(data_len)) {
                /* the data's CompactSize: length changes */
                assert_true(r != LX_OK);
                continue;
            }
            assert_int_equal(r, LX_OK);
            if (k == 0)
                assert_int_equal(reg_state_check(&st), REG_ERR_VERSION);
            else if (k == 1 && (buf[1] == 0 || buf[1] > REG_SYSTEM))
                assert_int_equal(reg_state_check(&st), REG_ERR_TYPE);
            else
                assert_int_equal(reg_state_check(&st), REG_ERR_CHECKSUM);
        }
        free(buf);
        free(good);
    }
    /* 12 states; every byte truncated and flipped */
    assert_true(n_cases > 2 * 12 * 100);

    /* non-canonical CompactSize for the data length */
    {
        uint8_t s[REG_HEADER_SIZE + 3 + 8];
        size_t err, used;
        struct reg_state st;

        memset(s, 0, sizeof(s));
        s[0] = 1;
        s[1] = REG_RAW;
        s[REG_HEADER_SIZE] = 0xfd;      /* 0xfd 0x00 0x00 = 0 in 3 bytes */
        assert_int_equal(reg_state_parse(s, sizeof(s), &st, &used, &err), REG_ERR_COMPACT_SIZE);
        assert_int_equal(err, REG_HEADER_SIZE);
        s[REG_HEADER_SIZE + 1] = 0x01;  /* 0x401 > REG_MAX_DATA */
        s[REG_HEADER_SIZE + 2] = 0x04;
        assert_int_equal(reg_state_parse(s, sizeof(s), &st, &used, &err), REG_ERR_DATA_SIZE);
    }
    unload(&d);
}

static void test_object_mutations(void **state)
{
    /* a name register's data: namespace "" (string), name "a" (string),
     * address (mutable uint256) */
    uint8_t obj[] = {
        9, 'n', 'a', 'm', 'e', 's', 'p', 'a', 'c', 'e', 0x08, 0x00,
        4, 'n', 'a', 'm', 'e', 0x08, 0x01, 'a',
        7, 'a', 'd', 'd', 'r', 'e', 's', 's', 0xff, 0x05,
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
    };
    uint8_t buf[sizeof(obj)];
    struct reg_object o;
    size_t err;
    (void)state;

    assert_int_equal(reg_object_parse(obj, sizeof(obj), &o, &err), LX_OK);
    assert_int_equal(o.n, 3);
    assert_true(o.f[2].is_mutable);
    assert_false(o.f[1].is_mutable);
    assert_int_equal(o.f[2].value_off, 30);
    for (size_t n = 1; n < sizeof(obj); n++) {
        int r = reg_object_parse(obj, n, &o, &err);

        if (n == 12 || n == 20)
            assert_int_equal(r, LX_OK);     /* ends between fields */
        else
            assert_true(r == REG_ERR_FIELD_NAME || r == REG_ERR_FIELD_TYPE ||
                        r == REG_ERR_FIELD_VALUE);
    }
    memcpy(buf, obj, sizeof(obj));
    buf[10] = 0x0a;                         /* unknown type code */
    assert_int_equal(reg_object_parse(buf, sizeof(buf), &o, &err), REG_ERR_FIELD_TYPE);
    assert_int_equal(err, 10);
    memcpy(buf, obj, sizeof(obj));
    memcpy(buf + 13, "addr", 4);            /* "name" -> "addr": no dup yet */
    assert_int_equal(reg_object_parse(buf, sizeof(buf), &o, &err), LX_OK);
    {
        /* two fields of the same name */
        uint8_t dup[] = { 1, 'x', 0x01, 7, 1, 'x', 0x01, 8 };

        assert_int_equal(reg_object_parse(dup, sizeof(dup), &o, &err), REG_ERR_FIELD_DUPLICATE);
        assert_int_equal(err, 4);
    }
    {
        /* more than REG_MAX_FIELDS one-byte fields */
        uint8_t many[(REG_MAX_FIELDS + 1) * 4];

        for (size_t i = 0; i <= REG_MAX_FIELDS; i++) {
            many[4 * i] = 1;
            many[4 * i + 1] = (uint8_t)i;
            many[4 * i + 2] = REG_T_UINT8;
            many[4 * i + 3] = 0;
        }
        assert_int_equal(reg_object_parse(many, sizeof(many) - 4, &o, &err), LX_OK);
        assert_int_equal(o.n, REG_MAX_FIELDS);
        assert_int_equal(reg_object_parse(many, sizeof(many), &o, &err), REG_ERR_TOO_MANY_FIELDS);
    }
}

static int decode_at(const uint8_t *b, size_t len, size_t *err)
{
    struct contract c;

    return contract_decode_exact(b, len, &c, err);
}

static void test_contract_mutations(void **state)
{
    struct doc d;
    size_t n_cases = 0;
    (void)state;

    load(&d, TX_FILE);
    for (size_t i = 0; i < N_TX; i++) {
        const struct json *tx = fixture_tx(&d, i);
        const struct json *cs = json_get(tx, "contracts");

        for (size_t k = 0; k < json_len(cs); k++) {
            size_t len, err;
            uint8_t *good = hex_of(json_get(json_at(cs, k), "contract_network_hex"), &len);
            uint8_t *buf = malloc(len + 1);
            struct contract c;

            assert_non_null(buf);
            /* every truncation fails, none reads past the end (ASan) */
            for (size_t n = 0; n < len; n++, n_cases++) {
                uint8_t *cut = malloc(n + 1);

                assert_non_null(cut);
                memcpy(cut, good, n);
                assert_true(decode_at(cut, n, &err) < 0);
                assert_true(err <= n);
                free(cut);
            }
            memcpy(buf, good, len);
            buf[len] = 0;
            assert_int_equal(decode_at(buf, len + 1, &err), CON_ERR_TRAILING);
            assert_int_equal(err, len);
            assert_int_equal(contract_decode(good, len, &c, &err), LX_OK);

            /* an unknown opcode is named with its offset */
            memcpy(buf, good, len);
            buf[c.ops_off] = 0x07;
            assert_int_equal(decode_at(buf, len, &err), CON_ERR_OPCODE);
            assert_int_equal(err, c.ops_off);
            buf[c.ops_off] = 0x99;
            assert_int_equal(decode_at(buf, len, &err), CON_ERR_OPCODE);
            assert_int_equal(err, c.ops_off);
            n_cases += 3;

            /* a changed post-state checksum is caught by the replay */
            if (c.has_post) {
                struct contract m;
                struct contract_ctx ctx;
                uint8_t g[32], scratch[REG_MAX_DATA];

                ctx_of(tx, &ctx, g);
                memcpy(buf, good, len);
                buf[len - 1] ^= 0x80;
                assert_int_equal(contract_decode_exact(buf, len, &m, &err), LX_OK);
                assert_int_equal(contract_check_states(&m, &ctx, NULL, scratch),
                                 REG_ERR_POSTSTATE);
                /* so is another timestamp */
                assert_int_equal(contract_decode_exact(good, len, &m, &err), LX_OK);
                ctx.timestamp++;
                assert_int_equal(contract_check_states(&m, &ctx, NULL, scratch),
                                 REG_ERR_POSTSTATE);
                ctx.timestamp--;
                /* and another caller: not the owner (WRITE, TRANSFER), a
                 * different post-state owner (CREATE, CLAIM) */
                g[5] ^= 1;
                {
                    int r = contract_check_states(&m, &ctx, NULL, scratch);

                    if (m.op == OP_WRITE || m.op == OP_TRANSFER)
                        assert_int_equal(r, REG_ERR_OWNER);
                    else if (m.op == OP_CREATE && addr_type(m.address) == ADDR_NAME)
                        assert_int_equal(r, REG_ERR_NAME_ADDRESS);
                    else
                        assert_int_equal(r, REG_ERR_POSTSTATE);
                }
                n_cases += 3;
            }
            /* a changed pre-state byte breaks its own checksum */
            if (c.has_pre) {
                struct contract m;
                struct contract_ctx ctx;
                uint8_t g[32], scratch[REG_MAX_DATA];

                ctx_of(tx, &ctx, g);
                memcpy(buf, good, len);
                buf[c.pre_off + 10] ^= 0x01;        /* inside the owner */
                assert_int_equal(contract_decode_exact(buf, len, &m, &err), LX_OK);
                assert_int_equal(contract_check_states(&m, &ctx, NULL, scratch),
                                 REG_ERR_CHECKSUM);
                /* a pre-state made consistent for another owner: the
                 * caller no longer owns the register */
                if (m.op == OP_WRITE || m.op == OP_TRANSFER) {
                    uint64_t sum = reg_state_hash(&m.pre);

                    store_le64(buf + c.pre_off + reg_state_size(&m.pre, false), sum);
                    assert_int_equal(contract_decode_exact(buf, len, &m, &err), LX_OK);
                    assert_int_equal(contract_check_states(&m, &ctx, NULL, scratch),
                                     REG_ERR_OWNER);
                }
                /* the PRESTATE marker */
                memcpy(buf, good, len);
                buf[c.regs_off] = STATE_POSTSTATE;
                assert_int_equal(decode_at(buf, len, &err), CON_ERR_STATE_MARKER);
                assert_int_equal(err, c.regs_off);
                n_cases += 3;
            }
            free(buf);
            free(good);
        }
    }
    assert_true(n_cases > 41 * 100);
    unload(&d);
}

/* Hand-made contracts for the rules the fixtures do not reach. */
static size_t frame(uint8_t *out, const uint8_t *ops, size_t ops_len, const uint8_t *cond,
                    size_t cond_len, const uint8_t *regs, size_t regs_len)
{
    size_t p = 0;

    out[p++] = (uint8_t)ops_len;
    memcpy(out + p, ops, ops_len);
    p += ops_len;
    out[p++] = (uint8_t)cond_len;
    if (cond_len)
        memcpy(out + p, cond, cond_len);
    p += cond_len;
    out[p++] = (uint8_t)regs_len;
    if (regs_len)
        memcpy(out + p, regs, regs_len);
    return p + regs_len;
}

static void test_contract_rules(void **state)
{
    uint8_t ops[200], regs[200], buf[600];
    struct contract c;
    size_t len, err;
    (void)state;

    /* FEE: opaque but well formed, address + u64, pre/post states */
    memset(ops, 0x11, sizeof(ops));
    ops[0] = OP_FEE;
    {
        struct reg_state st = { 1, REG_OBJECT, { 0 }, 1, 2, NULL, 0, 0 };
        size_t sl;

        st.checksum = reg_state_hash(&st);
        regs[0] = STATE_PRESTATE;
        assert_int_equal(reg_state_serialise(&st, true, regs + 1, sizeof(regs) - 1, &sl), LX_OK);
        regs[1 + sl] = STATE_POSTSTATE;
        memset(regs + 2 + sl, 0, 8);
        len = frame(buf, ops, 41, NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(c.op, OP_FEE);
        assert_int_equal(c.operands_len, 40);
        assert_true(c.has_pre && c.has_post);
        {
            struct contract_ctx ctx = { st.owner, 5, 4 };
            uint8_t scratch[REG_MAX_DATA];

            assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch),
                             REG_ERR_UNSUPPORTED);
        }
        /* one operand byte short / long */
        len = frame(buf, ops, 40, NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_TRUNC_OPERAND);
        len = frame(buf, ops, 42, NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_OP_TRAILING);
        assert_int_equal(err, 1 + 41);
        /* conditions are refused on FEE */
        {
            uint8_t cond[] = { 0xc0 };

            len = frame(buf, ops, 41, cond, 1, regs, sl + 10);
            assert_int_equal(contract_decode_exact(buf, len, &c, &err),
                             CON_ERR_CONDITIONS_NOT_ALLOWED);
        }
    }
    /* COINBASE carries no register stream */
    ops[0] = OP_COINBASE;
    len = frame(buf, ops, 49, NULL, 0, NULL, 0);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
    len = frame(buf, ops, 49, NULL, 0, regs, 1);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_REG_TRAILING);
    /* VALIDATE prefix: txid + index, then a primitive */
    ops[0] = OP_VALIDATE;
    ops[69] = OP_COINBASE;
    len = frame(buf, ops, 70 + 48, NULL, 0, NULL, 0);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_OPCODE);
    assert_int_equal(err, 1 + 69);
    ops[69] = OP_AUTHORIZE;
    len = frame(buf, ops, 70 + 96, NULL, 0, NULL, 0);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
    assert_true(c.validate);
    assert_int_equal(c.op, OP_AUTHORIZE);
    /* CONDITION may only guard TRANSFER or DEBIT */
    ops[0] = OP_CONDITION;
    ops[1] = OP_WRITE;
    len = frame(buf, ops, 2 + 33, NULL, 0, NULL, 0);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_OPCODE);
    assert_int_equal(err, 2);
    /* TRANSFER flag */
    ops[0] = OP_TRANSFER;
    ops[65] = 0x00;
    len = frame(buf, ops, 66, NULL, 0, NULL, 0);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_TRANSFER_FLAG);
    assert_int_equal(err, 1 + 65);
    /* empty operation stream */
    len = frame(buf, ops, 0, NULL, 0, NULL, 0);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_EMPTY);
    /* condition scripts: an unknown opcode and a cut operand */
    ops[65] = TRANSFER_CLAIM;
    {
        uint8_t cond[] = { 0xc0, 0x80, 0x73, 1, 2, 3, 4, 5, 6, 7, 8, 0x7f };
        struct reg_state st = { 1, REG_RAW, { 0 }, 1, 2, NULL, 0, 0 };
        size_t sl;

        st.checksum = reg_state_hash(&st);
        regs[0] = STATE_PRESTATE;
        reg_state_serialise(&st, true, regs + 1, sizeof(regs) - 1, &sl);
        regs[1 + sl] = STATE_POSTSTATE;
        len = frame(buf, ops, 66, cond, sizeof(cond), regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_COND_OPCODE);
        assert_int_equal(err, 1 + 66 + 1 + 11);
        len = frame(buf, ops, 66, cond, 10, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), CON_ERR_TRUNC_COND_OPERAND);
        len = frame(buf, ops, 66, cond, 11, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(c.n_cond_tokens, 3);
        expect_str(contract_cond_name(0xc0), "CALLER::GENESIS");
        assert_null(contract_cond_name(0x7f));
    }
}

/* WRITE to objects: immutable fields, unknown fields, wrong sizes, and
 * WRITE on readonly registers. */
static void test_write_rules(void **state)
{
    uint8_t data[] = {
        1, 'a', 0x01, 7,                    /* a: uint8, immutable */
        1, 'b', 0xff, 0x08, 2, 'h', 'i',    /* b: string, mutable */
    };
    uint8_t owner[32] = { 7 };
    struct reg_state st = { 1, REG_OBJECT, { 0 }, 10, 20, data, sizeof(data), 0 };
    uint8_t ops[100], regs[200], buf[400], scratch[REG_MAX_DATA];
    struct contract_ctx ctx = { owner, 30, 4 };
    struct contract c;
    struct reg_state post;
    size_t sl, len, err, ol;
    (void)state;

    memcpy(st.owner, owner, 32);
    st.checksum = reg_state_hash(&st);
    regs[0] = STATE_PRESTATE;
    assert_int_equal(reg_state_serialise(&st, true, regs + 1, sizeof(regs) - 1, &sl), LX_OK);
    regs[1 + sl] = STATE_POSTSTATE;

    memset(ops, 0xd4, 33);
    ops[0] = OP_WRITE;
    /* write b = "yo": compute the post-state and put its checksum in */
    {
        uint8_t w[] = { 1, 'b', 0x77, 2, 'y', 'o' };

        ops[33] = sizeof(w);
        memcpy(ops + 34, w, sizeof(w));
        ol = 34 + sizeof(w);
        memset(regs + 2 + sl, 0, 8);
        len = frame(buf, ops, ol, NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(contract_check_states(&c, &ctx, &post, scratch), REG_ERR_POSTSTATE);
        assert_int_equal(post.data_len, sizeof(data));
        assert_memory_equal(post.data + 9, "yo", 2);
        assert_true(post.modified == 30 && post.created == 10);
        store_le64(regs + 2 + sl, post.checksum);
        len = frame(buf, ops, ol, NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch), LX_OK);
    }
    {
        uint8_t w[] = { 1, 'a', 0x70, 9 };  /* immutable */

        ops[33] = sizeof(w);
        memcpy(ops + 34, w, sizeof(w));
        len = frame(buf, ops, 34 + sizeof(w), NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch), REG_ERR_FIELD_IMMUTABLE);
    }
    {
        uint8_t w[] = { 1, 'b', 0x77, 3, 'y', 'o', 'u' };   /* size changes */

        ops[33] = sizeof(w);
        memcpy(ops + 34, w, sizeof(w));
        len = frame(buf, ops, 34 + sizeof(w), NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch), REG_ERR_FIELD_MISMATCH);
    }
    {
        uint8_t w[] = { 1, 'c', 0x70, 9 };  /* no such field */

        ops[33] = sizeof(w);
        memcpy(ops + 34, w, sizeof(w));
        len = frame(buf, ops, 34 + sizeof(w), NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch), REG_ERR_FIELD_MISMATCH);
    }
    {
        uint8_t w[] = { 1, 'b', 0x77, 2, 'y', 'o', 1, 'b', 0x77, 2, 'y', 'o' };

        ops[33] = sizeof(w);
        memcpy(ops + 34, w, sizeof(w));
        len = frame(buf, ops, 34 + sizeof(w), NULL, 0, regs, sl + 10);
        assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
        assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch), REG_ERR_FIELD_DUPLICATE);
    }
    /* readonly registers cannot be written */
    st.type = REG_READONLY;
    st.checksum = reg_state_hash(&st);
    reg_state_serialise(&st, true, regs + 1, sizeof(regs) - 1, &sl);
    ops[33] = sizeof(data);
    memcpy(ops + 34, data, sizeof(data));
    len = frame(buf, ops, 34 + sizeof(data), NULL, 0, regs, sl + 10);
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
    assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch), REG_ERR_WRITE_TYPE);
    /* raw writes keep the size */
    st.type = REG_RAW;
    st.checksum = reg_state_hash(&st);
    reg_state_serialise(&st, true, regs + 1, sizeof(regs) - 1, &sl);
    len = frame(buf, ops, 34 + sizeof(data) - 1, NULL, 0, regs, sl + 10);
    buf[1 + 33] = sizeof(data) - 1;
    assert_int_equal(contract_decode_exact(buf, len, &c, &err), LX_OK);
    assert_int_equal(contract_check_states(&c, &ctx, NULL, scratch), REG_ERR_WRITE_SIZE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_register_states),
        cmocka_unit_test(test_contracts),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_state_mutations),
        cmocka_unit_test(test_object_mutations),
        cmocka_unit_test(test_contract_mutations),
        cmocka_unit_test(test_contract_rules),
        cmocka_unit_test(test_write_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
