/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lg/buf.h"
#include "lg/errors.h"
#include "lg/hash.h"

#define SHA256_EMPTY \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA256_ABC \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static void test_hash_sha256__empty(void **state)
{
	char hex[LG_SHA256_HEX_LEN + 1];

	(void)state;
	assert_int_equal(lg_sha256_hex(hex, NULL, 0), 0);
	assert_string_equal(hex, SHA256_EMPTY);
	assert_int_equal(lg_sha256_hex(hex, "", 0), 0);
	assert_string_equal(hex, SHA256_EMPTY);
}

static void test_hash_sha256__abc(void **state)
{
	char hex[LG_SHA256_HEX_LEN + 1];

	(void)state;
	assert_int_equal(lg_sha256_hex(hex, "abc", 3), 0);
	assert_string_equal(hex, SHA256_ABC);
}

static void test_hash_sha256__streaming(void **state)
{
	struct lg_sha256 *ctx = NULL;
	char hex[LG_SHA256_HEX_LEN + 1];

	(void)state;
	assert_int_equal(lg_sha256_new(&ctx), 0);
	assert_int_equal(lg_sha256_update(ctx, "a", 1), 0);
	assert_int_equal(lg_sha256_update(ctx, NULL, 0), 0);
	assert_int_equal(lg_sha256_update(ctx, "bc", 2), 0);
	assert_int_equal(lg_sha256_final_hex(ctx, hex), 0);
	assert_string_equal(hex, SHA256_ABC);
	/* The context is spent after final. */
	assert_int_equal(lg_sha256_update(ctx, "x", 1), LG_ERROR);
	assert_int_equal(lg_sha256_final_hex(ctx, hex), LG_ERROR);
	lg_sha256_free(ctx);
	lg_sha256_free(NULL);
}

static void test_hash_sha256__oom(void **state)
{
	struct lg_sha256 *ctx = NULL;

	(void)state;
	lg_alloc_fail_after(0);
	assert_int_equal(lg_sha256_new(&ctx), LG_ENOMEM);
	lg_alloc_fail_after(-1);
	assert_null(ctx);
}

static void test_hash_hex_equal__cases(void **state)
{
	(void)state;
	assert_true(lg_hex_equal(SHA256_ABC, SHA256_ABC));
	assert_true(lg_hex_equal("BA7816BF", "ba7816bf"));
	assert_true(lg_hex_equal("ba7816bf", "Ba7816bF"));
	assert_false(lg_hex_equal(SHA256_ABC, SHA256_EMPTY));
	assert_false(lg_hex_equal("ba7816bf", "ba7816b"));
	assert_false(lg_hex_equal("ba7816b", "ba7816bf"));
	assert_false(lg_hex_equal("ba7816bf", "ba7816be"));
	assert_false(lg_hex_equal(NULL, "ab"));
	assert_false(lg_hex_equal("ab", NULL));
	assert_false(lg_hex_equal(NULL, NULL));
	assert_false(lg_hex_equal("", ""));
	/* Only letters fold: '@' (0x40) is not '`' (0x60). */
	assert_false(lg_hex_equal("@", "`"));
	/* Longer than one internal block, differing at the very end. */
	assert_true(lg_hex_equal(SHA256_ABC SHA256_ABC SHA256_EMPTY,
				 SHA256_ABC SHA256_ABC SHA256_EMPTY));
	assert_false(lg_hex_equal(SHA256_ABC SHA256_ABC SHA256_EMPTY,
				  SHA256_ABC SHA256_ABC SHA256_ABC));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_sha256__empty),
		cmocka_unit_test(test_hash_sha256__abc),
		cmocka_unit_test(test_hash_sha256__streaming),
		cmocka_unit_test(test_hash_sha256__oom),
		cmocka_unit_test(test_hash_hex_equal__cases),
	};

	return cmocka_run_group_tests_name("hash", tests, NULL, NULL);
}
