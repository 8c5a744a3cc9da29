/*
 * The one include for test programs. Host builds use cmocka; the rv64
 * build (semihosting under QEMU) uses tests/rv64/cmocka_shim.h, which
 * implements the subset of the cmocka API listed there, so the same test
 * source runs on both.
 */
#ifndef LX_TEST_H
#define LX_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef LX_RV64_SHIM
#include "cmocka_shim.h"
#else
#include <cmocka.h>
#endif

#endif
