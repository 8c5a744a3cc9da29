/*
 * OpenSSL signing for host tests (see ossl_sign.h).
 */
#include "ossl_sign.h"

#include <string.h>

#include <openssl/core_names.h>

#include "credentials.h"

EVP_PKEY *ossl_bp512_keygen(const char *curve)
{
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
}

int ossl_bp512_public(EVP_PKEY *key, uint8_t unc[129], uint8_t cmp[65])
{
    size_t len = 0;

    if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, unc, 129, &len) != 1 ||
        len != 129 || unc[0] != 0x04)
        return -1;
    cmp[0] = (uint8_t)(0x02 | (unc[128] & 1));
    memcpy(cmp + 1, unc + 1, 64);
    return 0;
}

size_t ossl_bp512_sign(EVP_PKEY *key, const uint8_t digest[64], uint8_t *sig, size_t cap)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    size_t len = cap;
    int ok;

    if (ctx == NULL)
        return 0;
    ok = EVP_PKEY_sign_init(ctx) == 1 && EVP_PKEY_sign(ctx, sig, &len, digest, 64) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok ? len : 0;
}

size_t ossl_bp512_sign_nexus(EVP_PKEY *key, const uint8_t digest[64], uint8_t sig[135])
{
    return cred_sign_nexus(key, digest, sig) == 0 ? 135 : 0;
}
