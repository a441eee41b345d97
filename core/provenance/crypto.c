/* SPDX-License-Identifier: MIT */
/* OpenSSL building blocks of the verifier: digests, signatures, the Merkle
 * path, checkpoints, the SET and RFC 3161 timestamps. */
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "lg/buf.h"
#include "prov_crypto.h"

#define BAD(...) lg_error_invalid(LG_ERRCLASS_HASH, __VA_ARGS__)

extern const char lg_prov_trusted_root_json[];
extern const size_t lg_prov_trusted_root_json_len;

const char *lg_prov_default_trusted_root(size_t *len)
{
	*len = lg_prov_trusted_root_json_len;
	return lg_prov_trusted_root_json;
}

int lg_prov_sha256(unsigned char out[32], const void *p, size_t n)
{
	unsigned int len = 0;

	if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1 || len != 32) {
		ERR_clear_error();
		lg_error_set(LG_ERRCLASS_HASH, "sha256 failed");
		return LG_ERROR;
	}
	return 0;
}

void lg_prov_hex(char *out, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[p[i] >> 4];
		out[2 * i + 1] = hex[p[i] & 15];
	}
	out[2 * n] = '\0';
}

int64_t lg_prov_asn1_unix(const ASN1_TIME *t)
{
	ASN1_TIME *epoch = ASN1_TIME_set(NULL, 0);
	int days = 0, secs = 0;
	int ok = epoch && ASN1_TIME_diff(&days, &secs, epoch, t);

	ASN1_TIME_free(epoch);
	ERR_clear_error();
	return ok ? (int64_t)days * 86400 + secs : INT64_MIN;
}

int lg_prov_pae(struct lg_buf *out, const char *type, const void *body, size_t len)
{
	lg_buf_printf(out, "DSSEv1 %zu %s %zu ", strlen(type), type, len);
	return lg_buf_put(out, body, len);
}

/* Verifies sig over msg (ECDSA with SHA-256, or Ed25519) with pkey. */
bool lg_prov_verify_sig(EVP_PKEY *pkey, const void *sig, size_t siglen, const void *msg,
			size_t len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	const EVP_MD *alg = EVP_PKEY_get_base_id(pkey) == EVP_PKEY_ED25519 ? NULL : EVP_sha256();
	bool ok = md && EVP_DigestVerifyInit(md, NULL, alg, NULL, pkey) == 1 &&
		  EVP_DigestVerify(md, sig, siglen, msg, len) == 1;

	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

/* Verifies an ECDSA signature over a SHA-256 digest the caller computed. */
bool lg_prov_verify_prehashed(EVP_PKEY *pkey, const void *sig, size_t siglen,
			      const unsigned char digest[32])
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, NULL);
	bool ok = ctx && EVP_PKEY_verify_init(ctx) == 1 &&
		  EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 &&
		  EVP_PKEY_verify(ctx, sig, siglen, digest, 32) == 1;

	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

EVP_PKEY *lg_prov_pubkey(const struct lg_prov_bytes *spki)
{
	const unsigned char *p = spki->ptr;
	EVP_PKEY *k = d2i_PUBKEY(NULL, &p, (long)spki->len);

	if (!k) { /* PKCS1_RSA_PKCS1V5 keys come as a bare RSAPublicKey */
		p = spki->ptr;
		k = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)spki->len);
	}
	ERR_clear_error();
	return k;
}

X509 *lg_prov_x509(const struct lg_prov_bytes *der)
{
	const unsigned char *p = der->ptr;
	X509 *x;

	if (der->len > LONG_MAX)
		return NULL;
	x = d2i_X509(NULL, &p, (long)der->len);
	if (x && p != der->ptr + der->len) {
		X509_free(x);
		x = NULL;
	}
	ERR_clear_error();
	return x;
}

static void node(unsigned char out[32], const unsigned char *l, const unsigned char *r)
{
	unsigned char in[65];

	in[0] = 1;
	memcpy(in + 1, l, 32);
	memcpy(in + 33, r, 32);
	(void)lg_prov_sha256(out, in, sizeof(in));
}

static unsigned bit_length(uint64_t v)
{
	unsigned n = 0;

	for (; v; v >>= 1)
		n++;
	return n;
}

static unsigned popcount(uint64_t v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

int lg_prov_merkle_root(unsigned char out[32], const void *leaf, size_t len, int64_t index,
			int64_t size, const struct lg_prov_bytes *hashes, size_t nhashes)
{
	unsigned char h[32];
	unsigned inner, border;
	struct lg_buf in = LG_BUF_INIT(LG_MAX_PROV_BYTES + 1);
	int error;

	if (index < 0 || size <= 0 || index >= size)
		return BAD("inclusion proof: index %lld is not inside tree size %lld",
			   (long long)index, (long long)size);
	inner = bit_length((uint64_t)index ^ (uint64_t)(size - 1));
	border = popcount((uint64_t)index >> inner);
	if (nhashes != (size_t)inner + border)
		return BAD("inclusion proof: %zu hashes, the tree needs %u", nhashes,
			   inner + border);
	for (size_t i = 0; i < nhashes; i++)
		if (hashes[i].len != 32)
			return BAD("inclusion proof: hash %zu is not 32 bytes", i);
	lg_buf_putc(&in, '\0');
	if ((error = lg_buf_put(&in, leaf, len)) < 0 ||
	    (error = lg_prov_sha256(h, in.ptr, in.len)) < 0) {
		lg_buf_dispose(&in);
		return error == LG_ENOMEM ? lg_error_oom() : error;
	}
	lg_buf_dispose(&in);
	for (size_t i = 0; i < nhashes; i++) {
		if (i < inner && !(((uint64_t)index >> i) & 1))
			node(h, h, hashes[i].ptr);
		else
			node(h, hashes[i].ptr, h);
	}
	memcpy(out, h, 32);
	return 0;
}

int lg_prov_set_payload(struct lg_buf *out, const struct lg_prov_tlog *e)
{
	char hex[2 * 64 + 1];

	if (e->key_id.len > 64)
		return BAD("log id longer than 64 bytes");
	lg_prov_hex(hex, e->key_id.ptr, e->key_id.len);
	lg_buf_puts(out, "{\"body\":\"");
	lg_buf_puts(out, e->body_b64);
	return lg_buf_printf(out, "\",\"integratedTime\":%lld,\"logID\":\"%s\",\"logIndex\":%lld}",
			     (long long)e->integrated_time, hex, (long long)e->log_index);
}

/* The body of a checkpoint (signed note): origin, tree size, base64 root
 * hash, optional lines; body_len covers it up to its last newline. */
static int note_body(int64_t *size, struct lg_prov_bytes *root, char *why, size_t whylen,
		     const char *note, size_t body_len)
{
	const char *p, *nl;

	*size = 0;
	if (!(p = memchr(note, '\n', body_len)) ||
	    !(nl = memchr(p + 1, '\n', body_len - (size_t)(p + 1 - note)))) {
		snprintf(why, whylen, "checkpoint body has fewer than 3 lines");
		return LG_EINVALID;
	}
	for (const char *q = p + 1; q < nl; q++) {
		if (*q < '0' || *q > '9' || q - p > 18) {
			snprintf(why, whylen, "checkpoint tree size is not a number");
			return LG_EINVALID;
		}
		*size = *size * 10 + (*q - '0');
	}
	p = nl + 1;
	if (!(nl = memchr(p, '\n', body_len - (size_t)(p - note))) ||
	    lg_prov_base64_decode(root, p, (size_t)(nl - p)) < 0) {
		snprintf(why, whylen, "checkpoint root hash is not base64");
		return LG_EINVALID;
	}
	return 0;
}

/* Signature lines "\xe2\x80\x94 <name> <base64(keyhint(4) || sig)>": the
 * one whose key hint is the log id's first 4 bytes must verify. */
static int note_signed(bool *hinted, char *why, size_t whylen, const char *note,
		       size_t body_len, const struct lg_prov_tlog *e, EVP_PKEY *key)
{
	struct lg_prov_bytes sig = {0};
	const char *p, *nl, *sp;
	size_t lines = 0;
	bool verified = false;

	*hinted = false;
	for (p = note + body_len + 1; *p && !verified; p = nl + 1) {
		if (++lines > LG_MAX_PROV_NOTE_LINES) {
			snprintf(why, whylen, "checkpoint has more than %u signature lines",
				 LG_MAX_PROV_NOTE_LINES);
			lg_prov_bytes_dispose(&sig);
			return LG_ETOOBIG;
		}
		if (!(nl = strchr(p, '\n')))
			break;
		if (strncmp(p, "\xe2\x80\x94 ", 4) || !(sp = memchr(p + 4, ' ', (size_t)(nl - p - 4))))
			continue;
		lg_prov_bytes_dispose(&sig);
		if (lg_prov_base64_decode(&sig, sp + 1, (size_t)(nl - sp - 1)) < 0 || sig.len < 5 ||
		    e->key_id.len < 4 || memcmp(sig.ptr, e->key_id.ptr, 4))
			continue;
		*hinted = true;
		verified = lg_prov_verify_sig(key, sig.ptr + 4, sig.len - 4, note, body_len);
	}
	lg_prov_bytes_dispose(&sig);
	lg_error_clear();
	return verified ? 0 : LG_EINVALID;
}

int lg_prov_checkpoint(char *why, size_t whylen, const char *note, const struct lg_prov_tlog *e,
		       EVP_PKEY *key)
{
	const char *sep = strstr(note, "\n\n");
	struct lg_prov_bytes root = {0};
	bool hinted;
	int64_t size;
	int error;

	why[0] = '\0';
	if (!sep) {
		snprintf(why, whylen, "checkpoint has no blank line");
		return LG_EINVALID;
	}
	if ((error = note_body(&size, &root, why, whylen, note, (size_t)(sep - note) + 1)) < 0)
		goto done;
	if ((error = note_signed(&hinted, why, whylen, note, (size_t)(sep - note) + 1, e, key)) < 0) {
		if (error == LG_EINVALID)
			snprintf(why, whylen, hinted ? "checkpoint signature does not verify with "
				 "the log key" : "checkpoint has no signature by the log key");
	} else if (size != e->tree_size) {
		snprintf(why, whylen, "checkpoint tree size %lld differs from the proof's %lld",
			 (long long)size, (long long)e->tree_size);
		error = LG_EINVALID;
	} else if (!root.len || root.len != e->root_hash.len ||
		   memcmp(root.ptr, e->root_hash.ptr, root.len)) {
		snprintf(why, whylen, "checkpoint root hash differs from the proof's root hash");
		error = LG_EINVALID;
	}
done:
	lg_prov_bytes_dispose(&root);
	return error;
}

/* ---- RFC 3161 ----------------------------------------------------------- */

static int tsa_try(const struct lg_prov_authority *a, TS_RESP *resp, int64_t when,
		   const void *data, size_t len)
{
	TS_VERIFY_CTX *ctx = TS_VERIFY_CTX_new();
	X509_STORE *store = X509_STORE_new();
	STACK_OF(X509) *certs = sk_X509_new_null();
	X509 *root = lg_prov_x509(&a->certs[a->ncerts - 1]);
	BIO *bio = BIO_new_mem_buf(data, (int)len);
	int ok = 0;

	if (!ctx || !store || !certs || !root || !bio || X509_STORE_add_cert(store, root) != 1)
		goto done;
	X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), (time_t)when);
	for (size_t i = 0; i + 1 < a->ncerts; i++) {
		X509 *x = lg_prov_x509(&a->certs[i]);

		if (!x || !sk_X509_push(certs, x)) {
			X509_free(x);
			goto done;
		}
	}
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA);
	TS_VERIFY_CTX_set_store(ctx, store);
	TS_VERIFY_CTX_set_certs(ctx, certs);
	TS_VERIFY_CTX_set_data(ctx, bio);
	store = NULL;
	certs = NULL;
	bio = NULL;
	ok = TS_RESP_verify_response(ctx, resp) == 1;
done:
	X509_free(root);
	X509_STORE_free(store);
	sk_X509_pop_free(certs, X509_free);
	BIO_free(bio);
	TS_VERIFY_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

int lg_prov_verify_timestamp(int64_t *when, const void *resp_der, size_t resp_len,
			     const void *data, size_t len, const struct lg_prov_trust *t)
{
	const unsigned char *p = resp_der;
	TS_RESP *resp = NULL;
	TS_TST_INFO *info;
	int64_t gen;
	bool in_window = false;
	int error = 0;

	*when = 0;
	if (!t->ntsas)
		return BAD("no Timestamp Authorities have been provided");
	if (resp_len > LG_MAX_PROV_BYTES || len > INT32_MAX ||
	    !(resp = d2i_TS_RESP(NULL, &p, (long)resp_len)) ||
	    !(info = TS_RESP_get_tst_info(resp)) || !TS_TST_INFO_get_time(info) ||
	    (gen = lg_prov_asn1_unix(TS_TST_INFO_get_time(info))) == INT64_MIN) {
		error = BAD("timestamp is not a granted RFC 3161 response");
		goto done;
	}
	for (size_t i = 0; i < t->ntsas; i++) {
		if (!lg_prov_window_has(&t->tsas[i].valid, gen))
			continue;
		in_window = true;
		if (tsa_try(&t->tsas[i], resp, gen, data, len)) {
			*when = gen;
			goto done;
		}
	}
	error = BAD(in_window ? "timestamp does not verify with any timestamp authority"
			      : "timestamp time is outside every timestamp authority's validity");
done:
	TS_RESP_free(resp);
	ERR_clear_error();
	return error;
}
