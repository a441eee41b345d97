/* SPDX-License-Identifier: MIT */
/* lockgate provenance verify: files in, a verification run out. */
#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/engine.h"
#include "lg/hash.h"

static int read_input(struct lg_buf *out, const char *path, size_t max, const char *what)
{
	int error = lg_fs_read_file(out, path, max);

	if (error == LG_ENOMEM)
		return error;
	if (error < 0) {
		lg_error_set(LG_ERRCLASS_OS, "cannot read the %s '%s': %s", what, path,
			     lg_error_last()->message);
		return LG_EUSAGE;
	}
	return 0;
}

static int digest_of(char out[LG_SHA256_HEX_LEN + 1], const struct lg_engine_prov_options *o)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_ARTIFACT_BYTES);
	int error = 0;

	out[0] = '\0';
	if (o->sha256) {
		size_t n = strlen(o->sha256);

		for (size_t i = 0; i < n; i++)
			if (lg_hex_digit(o->sha256[i]) < 0)
				n = 0;
		if (n != LG_SHA256_HEX_LEN) {
			lg_error_set(LG_ERRCLASS_HASH, "--sha256 is not 64 hexadecimal digits");
			return LG_EUSAGE;
		}
		for (size_t i = 0; i <= n; i++)
			out[i] = (char)(o->sha256[i] >= 'A' && o->sha256[i] <= 'F'
						? o->sha256[i] + 32 : o->sha256[i]);
		return 0;
	}
	if (!o->artifact)
		return 0;
	if ((error = read_input(&b, o->artifact, LG_MAX_ARTIFACT_BYTES, "artifact")) < 0 ||
	    (error = lg_sha256_hex(out, b.ptr, b.len)) < 0)
		goto done;
done:
	lg_buf_dispose(&b);
	return error;
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* --signature/--certificate: a detached signature, no log entry. */
static int run_detached(struct lg_prov_run **out, const struct lg_engine_prov_options *o,
			const struct lg_buf *sigtext, const struct lg_prov_trust *t,
			const struct lg_prov_expect *e)
{
	struct lg_buf pem = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	struct lg_prov_bytes cert = {0}, sig = {0};
	struct lg_prov_run *r = NULL;
	int error;

	if ((error = read_input(&pem, o->certificate, LG_MAX_PROV_BYTES, "certificate")) < 0)
		goto done;
	if (lg_prov_pem_cert(&cert, pem.ptr, pem.len) < 0 ||
	    lg_prov_base64_text(&sig, sigtext->ptr, sigtext->len) < 0) {
		error = LG_EUSAGE;
		goto done;
	}
	if (!(r = lg__calloc(1, sizeof(*r))) || !(r->items = lg__calloc(1, sizeof(*r->items)))) {
		error = lg_error_oom();
		goto done;
	}
	r->is_detached = true;
	r->nitems = 1;
	if ((error = lg_prov_verify_detached(&r->items[0].result, &cert, &sig, t, e)) < 0)
		goto done;
	r->verified = r->items[0].result.verified;
	*out = r;
	r = NULL;
done:
	lg_prov_run_free(r);
	lg__free(cert.ptr);
	lg__free(sig.ptr);
	lg_buf_dispose(&pem);
	return error;
}

static int load_trust(struct lg_prov_trust **t, const char *path)
{
	struct lg_buf root = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	const char *rj;
	size_t rlen;
	int error;

	if (path) {
		if ((error = read_input(&root, path, LG_MAX_PROV_BYTES, "trusted root")) < 0)
			goto done;
		rj = root.ptr;
		rlen = root.len;
	} else {
		rj = lg_prov_default_trusted_root(&rlen);
	}
	if ((error = lg_prov_trust_parse(t, rj, rlen)) < 0 && error != LG_ENOMEM)
		error = LG_EUSAGE;
done:
	lg_buf_dispose(&root);
	return error;
}

/* The document was rejected while reading it: a run with no items that
 * says why. */
static int rejected(struct lg_prov_run **out, bool is_provenance)
{
	struct lg_prov_run *r = lg__calloc(1, sizeof(*r));

	if (!r || !(r->error = lg__strdup(lg_error_last()->message))) {
		lg__free(r);
		return lg_error_oom();
	}
	r->is_provenance = is_provenance;
	*out = r;
	return 0;
}

int lg_engine_provenance_verify(struct lg_prov_run **out, const struct lg_engine_prov_options *o)
{
	struct lg_buf doc = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	struct lg_prov_trust *t = NULL;
	struct lg_prov_document *d = NULL;
	struct lg_prov_bundle *b = NULL;
	struct lg_prov_expect e = {0};
	char hex[LG_SHA256_HEX_LEN + 1];
	int error, perr;

	*out = NULL;
	if ((error = digest_of(hex, o)) < 0 ||
	    (error = read_input(&doc, o->provenance ? o->provenance
						 : o->bundle ? o->bundle : o->signature,
				LG_MAX_PROV_BYTES, o->provenance ? "provenance" : o->bundle
				? "bundle" : "signature")) < 0)
		goto done;
	if ((error = load_trust(&t, o->trusted_root)) < 0)
		goto done;
	e.sha256 = hex[0] ? hex : NULL;
	e.filename = o->name ? o->name : o->artifact ? base_name(o->artifact) : NULL;
	e.identity = o->identity;
	e.issuer = o->issuer;
	e.at = o->at;
	e.min_times = o->min_times;
	if (o->signature) {
		if ((error = run_detached(out, o, &doc, t, &e)) < 0)
			goto done;
		perr = 0;
		goto named;
	}
	perr = o->provenance ? lg_prov_document_parse(&d, doc.ptr, doc.len)
			     : lg_prov_bundle_parse(&b, doc.ptr, doc.len);
	if (perr == LG_ENOMEM) {
		error = perr;
		goto done;
	}
	if (perr < 0) {
		if ((error = rejected(out, o->provenance != NULL)) < 0)
			goto done;
	} else if ((error = lg_prov_run_verify(out, d, b, t, &e)) < 0) {
		goto done;
	}
named:
	memcpy((*out)->sha256, hex, sizeof(hex));
	if (e.filename && !((*out)->name = lg__strdup(e.filename))) {
		lg_prov_run_free(*out);
		*out = NULL;
		error = lg_error_oom();
	}
done:
	lg_prov_trust_free(t);
	lg_buf_dispose(&doc);
	return error;
}
