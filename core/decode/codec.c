/* SPDX-License-Identifier: MIT */
/* The codec tables: Python callee -> codec, codec -> implementation. */
#include <stdlib.h>

#include "lg/buf.h"
#include "decode_private.h"

struct codec_impl {
	const char *name; /* the usual Python call */
	lg_decode__fn fn;
};

static const struct codec_impl impls[] = {
	[LG_CODEC_BASE64] = {"base64.b64decode", lg_decode__base64},
	[LG_CODEC_BASE64URL] = {"base64.urlsafe_b64decode",
				lg_decode__base64url},
	[LG_CODEC_BASE32] = {"base64.b32decode", lg_decode__base32},
	[LG_CODEC_BASE16] = {"base64.b16decode", lg_decode__base16},
	[LG_CODEC_BASE85] = {"base64.b85decode", lg_decode__base85},
	[LG_CODEC_ASCII85] = {"base64.a85decode", lg_decode__ascii85},
	[LG_CODEC_HEX] = {"bytes.fromhex", lg_decode__hex},
	[LG_CODEC_ZLIB] = {"zlib.decompress", lg_decode__zlib},
	[LG_CODEC_DEFLATE] = {"zlib.decompress", lg_decode__deflate},
	[LG_CODEC_GZIP] = {"gzip.decompress", lg_decode__gzip},
	[LG_CODEC_BZ2] = {"bz2.decompress", lg_decode__bz2},
	[LG_CODEC_LZMA] = {"lzma.decompress", lg_decode__lzma},
	[LG_CODEC_ROT13] = {"codecs.decode", lg_decode__rot13},
	[LG_CODEC_REVERSE] = {"[::-1]", lg_decode__reverse},
};
_Static_assert(LG_ARRAY_SIZE(impls) == LG_CODEC_COUNT,
	       "one implementation per codec");

struct callee_codec {
	const char *callee;
	enum lg_codec codec;
};

/* Sorted by callee (strcmp) for bsearch; test_decode checks it. */
static const struct callee_codec callees[] = {
	{"base64.a85decode", LG_CODEC_ASCII85},
	{"base64.b16decode", LG_CODEC_BASE16},
	{"base64.b32decode", LG_CODEC_BASE32},
	{"base64.b64decode", LG_CODEC_BASE64},
	{"base64.b85decode", LG_CODEC_BASE85},
	{"base64.decodebytes", LG_CODEC_BASE64},
	{"base64.decodestring", LG_CODEC_BASE64},
	{"base64.standard_b64decode", LG_CODEC_BASE64},
	{"base64.urlsafe_b64decode", LG_CODEC_BASE64URL},
	{"binascii.a2b_base64", LG_CODEC_BASE64},
	{"binascii.a2b_hex", LG_CODEC_HEX},
	{"binascii.unhexlify", LG_CODEC_HEX},
	{"bytearray.fromhex", LG_CODEC_HEX},
	{"bytes.fromhex", LG_CODEC_HEX},
	{"bz2.decompress", LG_CODEC_BZ2},
	{"gzip.decompress", LG_CODEC_GZIP},
	{"lzma.decompress", LG_CODEC_LZMA},
	{"zlib.decompress", LG_CODEC_ZLIB},
};

static int compare_callee(const void *key, const void *elem)
{
	return strcmp(key, ((const struct callee_codec *)elem)->callee);
}

const char *lg_codec_name(enum lg_codec c)
{
	if ((unsigned)c >= LG_CODEC_COUNT)
		return "unknown";
	return impls[c].name;
}

int lg_codec_for_callee(const char *callee)
{
	const struct callee_codec *hit;

	if (!callee)
		return -1;
	hit = bsearch(callee, callees, LG_ARRAY_SIZE(callees),
		      sizeof(callees[0]), compare_callee);
	return hit ? (int)hit->codec : -1;
}

int lg_decode_check_tables(void)
{
	for (size_t i = 1; i < LG_ARRAY_SIZE(callees); i++)
		if (strcmp(callees[i - 1].callee, callees[i].callee) >= 0)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"decoder table not sorted at "
						"'%s'",
						callees[i].callee);
	for (size_t i = 0; i < LG_ARRAY_SIZE(impls); i++)
		if (!impls[i].name || !impls[i].fn)
			return lg_error_invalid(LG_ERRCLASS_INTERNAL,
						"codec %zu has no "
						"implementation",
						i);
	return 0;
}

void lg_decode__truncate(struct lg_buf *b, size_t n)
{
	if (n >= b->len)
		return;
	b->len = n;
	if (b->cap)
		b->ptr[n] = '\0';
}

int lg_decode_apply(struct lg_buf *out, enum lg_codec c, const char *in,
		    size_t len)
{
	size_t start;
	int error = 0;

	LG_ASSERT_ARG(out && (in || !len));
	if ((unsigned)c >= LG_CODEC_COUNT)
		return lg_error_invalid(LG_ERRCLASS_SOURCE, "unknown codec %d",
					(int)c);
	if (out->err)
		return out->err;
	start = out->len;
	error = impls[c].fn(out, in ? in : "", len);
	if (error == LG_EINVALID) {
		lg_decode__truncate(out, start);
		return lg_error_invalid(LG_ERRCLASS_SOURCE,
					"input is not valid for '%s'",
					impls[c].name);
	}
	return error;
}
