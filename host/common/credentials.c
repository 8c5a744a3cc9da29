/* Nexus genesis ids, sigchain keys and signing with libargon2 and OpenSSL
 * (see credentials.h). */
#include "credentials.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#include <argon2.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#define ARGON2_T 12
#define ARGON2_M_KIB 65536
#define GENESIS_SALT_BYTES 16
#define KEY_SALT_MIN 8
#define KEY_NAME_MAX 16
#define CURVE_NAME "brainpoolP512t1"

static void put_u32le(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* SetBytes: the Argon2 output is GetBytes order (each 32-bit word big-
 * endian); the raw form has every 4-byte group reversed. */
static void set_bytes(const uint8_t *in, size_t n, uint8_t *raw)
{
    for (size_t i = 0; i < n; i += 4)
        for (size_t k = 0; k < 4; k++)
            raw[i + k] = in[i + 3 - k];
}

static int argon2id(uint8_t *out, size_t out_len, const uint8_t *pwd, size_t pwd_len,
                    const uint8_t *salt, size_t salt_len, const uint8_t *key, size_t key_len)
{
    argon2_context ctx = {
        .out = out,
        .outlen = (uint32_t)out_len,
        .pwd = (uint8_t *)pwd,
        .pwdlen = (uint32_t)pwd_len,
        .salt = (uint8_t *)salt,
        .saltlen = (uint32_t)salt_len,
        .secret = (uint8_t *)key,
        .secretlen = (uint32_t)key_len,
        .t_cost = ARGON2_T,
        .m_cost = ARGON2_M_KIB,
        .lanes = 1,
        .threads = 1,
        .version = ARGON2_VERSION_13,
        .flags = ARGON2_DEFAULT_FLAGS,
    };

    return argon2id_ctx(&ctx) == ARGON2_OK ? 0 : -1;
}

/* While one Argon2 run works, a ticker thread moves the bar through that
 * run's share, paced by the previous run's duration (the first guess is
 * one second), so a terminal sees progress within a derivation too. */
struct ticker {
    struct progress *p;
    uint64_t base;
    double est, t0;
    pthread_mutex_t lock;
    pthread_cond_t stop_cv;
    bool stop, running;
};

static double last_run = 1.0;   /* seconds the previous Argon2 run took */

static double mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *tick(void *arg)
{
    struct ticker *t = arg;
    double t0 = mono();
    struct timespec ts;

    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100000000;
        if (ts.tv_nsec >= 1000000000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&t->stop_cv, &t->lock, &ts);
        if (t->stop)
            break;
        double f = (mono() - t0) / t->est;
        uint64_t want = t->base + (uint64_t)((f < 0.95 ? f : 0.95) * (double)CRED_WORK_BYTES);
        if (want > t->p->done)
            progress_add(t->p, want - t->p->done);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

static void ticker_start(struct ticker *t, struct progress *p, pthread_t *th)
{
    *t = (struct ticker){ .p = p, .base = p ? p->done : 0, .est = last_run,
                          .lock = PTHREAD_MUTEX_INITIALIZER,
                          .stop_cv = PTHREAD_COND_INITIALIZER };
    t->running = p != NULL && p->enabled && pthread_create(th, NULL, tick, t) == 0;
    t->t0 = mono();
}

/* Stops the ticker and counts the whole run. */
static void ticker_stop(struct ticker *t, pthread_t th)
{
    last_run = mono() - t->t0;
    if (t->running) {
        pthread_mutex_lock(&t->lock);
        t->stop = true;
        pthread_cond_signal(&t->stop_cv);
        pthread_mutex_unlock(&t->lock);
        pthread_join(th, NULL);
    }
    if (t->p != NULL)
        progress_add(t->p, t->base + CRED_WORK_BYTES - t->p->done);
}

int cred_genesis(const char *username, size_t len, uint8_t user_type, uint8_t raw[32],
                 struct progress *p)
{
    static const uint8_t salt[GENESIS_SALT_BYTES];
    uint8_t out[32];
    struct ticker t;
    pthread_t th;

    if (len == 0 || len > CRED_MAX_USERNAME)
        return -1;
    ticker_start(&t, p, &th);
    int r = argon2id(out, sizeof(out), (const uint8_t *)username, len, salt, sizeof(salt), NULL, 0);
    ticker_stop(&t, th);
    if (r != 0)
        return -1;
    set_bytes(out, 32, raw);
    raw[31] = user_type;
    return 0;
}

int cred_key_secret(const char *username, size_t username_len, const struct secrets *s,
                    uint32_t n, const char *key_name, uint8_t secret[CRED_SECRET_BYTES])
{
    uint8_t pwd[SECRET_MAX + 4], salt[CRED_MAX_USERNAME + 4], key[SECRET_MAX + KEY_NAME_MAX + 4];
    size_t name_len = key_name ? strlen(key_name) : 0;
    size_t salt_len = username_len + 4;

    if (username_len == 0 || username_len > CRED_MAX_USERNAME || name_len > KEY_NAME_MAX ||
        s->password_len == 0 || s->password_len > SECRET_MAX || s->pin_len == 0 ||
        s->pin_len > SECRET_MAX)
        return -1;
    memcpy(pwd, s->password, s->password_len);
    put_u32le(pwd + s->password_len, n);
    memset(salt, 0, sizeof(salt));
    memcpy(salt, username, username_len);
    put_u32le(salt + username_len, n);
    if (salt_len < KEY_SALT_MIN)
        salt_len = KEY_SALT_MIN;
    memcpy(key, s->pin, s->pin_len);
    put_u32le(key + s->pin_len, n);
    memcpy(key + s->pin_len + 4, key_name ? key_name : "", name_len);
    int r = argon2id(secret, CRED_SECRET_BYTES, pwd, s->password_len + 4, salt, salt_len, key,
                     s->pin_len + name_len + 4);
    OPENSSL_cleanse(pwd, sizeof(pwd));
    OPENSSL_cleanse(key, sizeof(key));
    return r;
}

/* priv = secret mod n (ECKey::SetSecret takes the 64 bytes big-endian; a
 * value above the order names the same key), pub = priv * G. */
static int make_pkey(const EC_GROUP *g, BIGNUM *priv, BN_CTX *bn, struct cred_key *k)
{
    uint8_t unc[129];
    EC_POINT *pt = EC_POINT_new(g);
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    int ok = pt && bld && EC_POINT_mul(g, pt, priv, NULL, NULL, bn) == 1 &&
             EC_POINT_point2oct(g, pt, POINT_CONVERSION_COMPRESSED, k->pub, sizeof(k->pub),
                                bn) == sizeof(k->pub) &&
             EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, unc, sizeof(unc), bn) ==
                 sizeof(unc) &&
             OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, CURVE_NAME, 0) &&
             OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) &&
             OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, unc, sizeof(unc)) &&
             (params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
             (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) != NULL &&
             EVP_PKEY_fromdata_init(ctx) == 1 &&
             EVP_PKEY_fromdata(ctx, &k->pkey, EVP_PKEY_KEYPAIR, params) == 1;

    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);   /* the private part sits in secure memory, cleared on free */
    OSSL_PARAM_BLD_free(bld);
    EC_POINT_clear_free(pt);
    return ok ? 0 : -1;
}

int cred_bp_key(const uint8_t secret[CRED_SECRET_BYTES], struct cred_key *k)
{
    EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_brainpoolP512t1);
    BN_CTX *bn = BN_CTX_secure_new();
    BIGNUM *priv = BN_secure_new();
    int r = -1;

    memset(k, 0, sizeof(*k));
    if (g && bn && priv && BN_bin2bn(secret, CRED_SECRET_BYTES, priv) != NULL &&
        BN_nnmod(priv, priv, EC_GROUP_get0_order(g), bn) == 1 && !BN_is_zero(priv))
        r = make_pkey(g, priv, bn, k);
    BN_clear_free(priv);
    BN_CTX_free(bn);
    EC_GROUP_free(g);
    if (r != 0)
        cred_key_free(k);
    return r;
}

void cred_key_free(struct cred_key *k)
{
    EVP_PKEY_free(k->pkey);
    k->pkey = NULL;
}

int cred_derive_bp(const char *username, size_t username_len, const struct secrets *s,
                   uint32_t n, const char *key_name, struct cred_key *k, struct progress *p)
{
    uint8_t secret[CRED_SECRET_BYTES];
    struct ticker t;
    pthread_t th;

    ticker_start(&t, p, &th);
    int r = cred_key_secret(username, username_len, s, n, key_name, secret);
    ticker_stop(&t, th);
    if (r == 0)
        r = cred_bp_key(secret, k);
    OPENSSL_cleanse(secret, sizeof(secret));
    return r;
}

int cred_sign_nexus(EVP_PKEY *key, const uint8_t msg[64], uint8_t sig[CRED_NEXUS_SIG_BYTES])
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    uint8_t buf[160];
    int r = -1;

    if (ctx == NULL || EVP_PKEY_sign_init(ctx) != 1) {
        EVP_PKEY_CTX_free(ctx);
        return -1;
    }
    /* ECDSA is randomised; about one signature in four has r and s both
     * 64 bytes with the top bit clear (ECKey::Encoding). */
    for (int tries = 0; tries < 1000 && r != 0; tries++) {
        size_t len = sizeof(buf);
        if (EVP_PKEY_sign(ctx, buf, &len, msg, 64) != 1)
            break;
        if (len == CRED_NEXUS_SIG_BYTES && buf[2] == 0x84 && buf[4] == 0x40 && buf[70] == 0x40) {
            memcpy(sig, buf, CRED_NEXUS_SIG_BYTES);
            r = 0;
        }
    }
    EVP_PKEY_CTX_free(ctx);
    return r;
}
