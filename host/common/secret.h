/*
 * Reading the secrets of a Nexus login (password and PIN) for the host
 * tools: from the terminal without echo, or from a file or stdin for
 * scripts — never from the command line. Secrets live in a struct the
 * caller wipes with secret_wipe as soon as the keys are derived.
 *
 * File / stdin format: lines "password=VALUE" and "pin=VALUE" (the value is
 * everything after the first '=', to the end of the line, CR stripped);
 * empty lines and lines starting with '#' are ignored; any other key is an
 * error, so a typo cannot silently leave a secret empty.
 */
#ifndef LX_HOST_SECRET_H
#define LX_HOST_SECRET_H

#include <stddef.h>
#include <stdio.h>

#define SECRET_MAX 255

struct secrets {
    char password[SECRET_MAX + 1];
    size_t password_len;
    char pin[SECRET_MAX + 1];
    size_t pin_len;
};

enum secret_source {
    SECRET_PROMPT,      /* /dev/tty, echo off */
    SECRET_FILE,
    SECRET_STDIN,
};

/* Fills s from the source (path only for SECRET_FILE); both secrets must
 * be present and non-empty. 0, or -1 with a message in err (no secret
 * material in it). s is wiped on failure. */
int secret_read(struct secrets *s, enum secret_source src, const char *path, const char *user,
                char *err, size_t err_cap);

/* The file format from an open stream (name for messages); on error s may
 * hold part of the secrets: the caller wipes it (secret_read does). */
int secret_read_stream(struct secrets *s, FILE *f, const char *name, char *err, size_t cap);

void secret_wipe(struct secrets *s);

#endif
