/* SPDX-License-Identifier: MIT */
/* The signing certificate: Fulcio extensions, SANs, chain at a time,
 * profile, and the publisher policies of FORMATS.md 9.6. */
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "prov_cert.h"

static int ext_value(char **out, X509 *x, unsigned n)
{
	char oid[64];
	ASN1_OBJECT *obj;
	X509_EXTENSION *ext;
	ASN1_OCTET_STRING *data;
	ASN1_UTF8STRING *u = NULL;
	const unsigned char *p, *q;
	int idx, len;

	*out = NULL;
	snprintf(oid, sizeof(oid), "1.3.6.1.4.1.57264.1.%u", n);
	if (!(obj = OBJ_txt2obj(oid, 1)))
		return lg_error_oom();
	idx = X509_get_ext_by_OBJ(x, obj, -1);
	ASN1_OBJECT_free(obj);
	if (idx < 0 || !(ext = X509_get_ext(x, idx)) || !(data = X509_EXTENSION_get_data(ext)))
		return 0;
	p = ASN1_STRING_get0_data(data);
	len = ASN1_STRING_length(data);
	if (n >= 8) {
		q = p;
		if (!(u = d2i_ASN1_UTF8STRING(NULL, &q, len)) || q != p + len) {
			ASN1_UTF8STRING_free(u);
			ERR_clear_error();
			return lg_error_invalid(LG_ERRCLASS_HASH, "certificate extension .1.%u "
						"is not a DER UTF8String", n);
		}
		p = ASN1_STRING_get0_data(u);
		len = ASN1_STRING_length(u);
	}
	if (memchr(p, '\0', (size_t)len))
		*out = NULL;
	else if (!(*out = lg__strndup((const char *)p, (size_t)len))) {
		ASN1_UTF8STRING_free(u);
		return lg_error_oom();
	}
	ASN1_UTF8STRING_free(u);
	return 0;
}

int lg_prov_fulcio_ext(char **out, const struct lg_prov_bytes *cert, unsigned n)
{
	X509 *x = lg_prov_x509(cert);
	int error;

	*out = NULL;
	if (!x)
		return lg_error_invalid(LG_ERRCLASS_HASH, "certificate is not DER X.509");
	error = ext_value(out, x, n);
	X509_free(x);
	return error;
}

int lg_prov_cert_facts(struct lg_prov_cert *c, X509 *x)
{
	GENERAL_NAMES *names;
	int error;

	memset(c, 0, sizeof(*c));
	if ((error = ext_value(&c->issuer, x, 8)) < 0 ||
	    (!c->issuer && (error = ext_value(&c->issuer, x, 1)) < 0) ||
	    (error = ext_value(&c->source_repo, x, 12)) < 0 ||
	    (error = ext_value(&c->build_config, x, 18)) < 0 ||
	    (error = ext_value(&c->source_digest, x, 13)) < 0 ||
	    (error = ext_value(&c->source_ref, x, 14)) < 0) {
		lg_prov_cert_dispose(c);
		return error;
	}
	names = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; names && i < sk_GENERAL_NAME_num(names) && c->nsans < LG_PROV_MAX_SANS; i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		const ASN1_STRING *s = NULL;

		if (g->type == GEN_URI)
			s = g->d.uniformResourceIdentifier;
		else if (g->type == GEN_EMAIL)
			s = g->d.rfc822Name;
		else if (g->type == GEN_OTHERNAME && g->d.otherName->value &&
			 g->d.otherName->value->type == V_ASN1_UTF8STRING)
			s = g->d.otherName->value->value.utf8string;
		if (!s || memchr(ASN1_STRING_get0_data(s), '\0', (size_t)ASN1_STRING_length(s)))
			continue;
		if (!(c->sans[c->nsans] = lg__strndup((const char *)ASN1_STRING_get0_data(s),
						       (size_t)ASN1_STRING_length(s)))) {
			GENERAL_NAMES_free(names);
			return lg_error_oom();
		}
		c->nsans++;
	}
	GENERAL_NAMES_free(names);
	ERR_clear_error();
	return 0;
}

void lg_prov_cert_dispose(struct lg_prov_cert *c)
{
	lg__free(c->issuer);
	lg__free(c->source_repo);
	lg__free(c->build_config);
	lg__free(c->source_digest);
	lg__free(c->source_ref);
	for (size_t i = 0; i < c->nsans; i++)
		lg__free(c->sans[i]);
	memset(c, 0, sizeof(*c));
}

static bool chain_with(X509 *leaf, const struct lg_prov_authority *a, int64_t when,
		       char *why, size_t whylen)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	X509 *root = lg_prov_x509(&a->certs[a->ncerts - 1]);
	bool ok = false;

	if (!store || !ctx || !untrusted || !root || X509_STORE_add_cert(store, root) != 1)
		goto done;
	for (size_t i = 0; i + 1 < a->ncerts; i++) {
		X509 *x = lg_prov_x509(&a->certs[i]);

		if (!x || !sk_X509_push(untrusted, x)) {
			X509_free(x);
			goto done;
		}
	}
	if (X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1)
		goto done;
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), (time_t)when);
	ok = X509_verify_cert(ctx) == 1;
	if (!ok)
		snprintf(why, whylen, "%s",
			 X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
done:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	sk_X509_pop_free(untrusted, X509_free);
	X509_free(root);
	ERR_clear_error();
	return ok;
}

bool lg_prov_chain_at(X509 *leaf, const struct lg_prov_trust *t, int64_t when, char *why,
		      size_t whylen)
{
	bool any = false;

	snprintf(why, whylen, "no certificate authority of the trust root is valid then");
	for (size_t i = 0; i < t->ncas; i++) {
		if (!lg_prov_window_has(&t->cas[i].valid, when))
			continue;
		any = true;
		if (chain_with(leaf, &t->cas[i], when, why, whylen))
			return true;
	}
	(void)any;
	return false;
}

bool lg_prov_profile_ok(X509 *x, char *why, size_t whylen)
{
	uint32_t ku = X509_get_key_usage(x), xku = X509_get_extended_key_usage(x);

	if (ku == UINT32_MAX || !(ku & KU_DIGITAL_SIGNATURE)) {
		snprintf(why, whylen, "KeyUsage lacks digitalSignature");
		return false;
	}
	if (!(X509_get_extension_flags(x) & EXFLAG_XKUSAGE) || !(xku & XKU_CODE_SIGN)) {
		snprintf(why, whylen, "ExtendedKeyUsage lacks codeSigning");
		return false;
	}
	return true;
}

static bool eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* .1.18 == prefix + "@" + (.1.13 or .1.14) */
static bool config_matches(const struct lg_prov_cert *c, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *rest;

	if (!c->build_config || strncmp(c->build_config, prefix, n) || c->build_config[n] != '@')
		return false;
	rest = c->build_config + n + 1;
	return eq(rest, c->source_digest) || eq(rest, c->source_ref);
}

bool lg_prov_publisher_ok(const struct lg_prov_cert *c, const struct lg_prov_publisher *p,
			  char *why, size_t whylen)
{
	struct lg_buf want = LG_BUF_INIT(4096);
	const char *host = NULL, *issuer = NULL, *file = NULL, *mid = NULL;
	bool ok = false;

	if (eq(p->kind, "GitHub")) {
		host = "https://github.com/";
		issuer = "https://token.actions.githubusercontent.com";
		file = p->workflow;
		mid = "/.github/workflows/";
	} else if (eq(p->kind, "GitLab")) {
		host = "https://gitlab.com/";
		issuer = "https://gitlab.com";
		file = p->workflow_filepath;
		mid = "//";
	} else if (eq(p->kind, "Google")) {
		for (size_t i = 0; i < c->nsans && !ok; i++)
			ok = eq(c->sans[i], p->email);
		if (!ok)
			snprintf(why, whylen, "no SAN of the certificate is the publisher's e-mail");
		else if (!(ok = eq(c->issuer, "https://accounts.google.com")))
			snprintf(why, whylen, "issuer '%.100s' is not https://accounts.google.com",
				 c->issuer ? c->issuer : "");
		return ok;
	} else {
		snprintf(why, whylen, "publisher kind '%.60s' has no attestation policy: unverifiable",
			 p->kind ? p->kind : "");
		return false;
	}
	if (!p->repository || !file) {
		snprintf(why, whylen, "%s publisher without repository or workflow", p->kind);
		return false;
	}
	if (!eq(c->issuer, issuer)) {
		snprintf(why, whylen, "issuer '%.100s' is not %s", c->issuer ? c->issuer : "", issuer);
		return false;
	}
	lg_buf_printf(&want, "%s%s", host, p->repository);
	if (!eq(c->source_repo, want.ptr)) {
		snprintf(why, whylen, "source repository '%.150s' is not %.150s",
			 c->source_repo ? c->source_repo : "", want.ptr);
		goto done;
	}
	lg_buf_printf(&want, "%s%s", mid, file);
	if (!(ok = want.err == 0 && config_matches(c, want.ptr)))
		snprintf(why, whylen, "build config '%.150s' is not %.150s@<ref or commit>",
			 c->build_config ? c->build_config : "", want.ptr);
done:
	lg_buf_dispose(&want);
	return ok;
}
