/* SPDX-License-Identifier: MIT */
/* The offline verifier: FORMATS.md 9.4, step by step. Every step records
 * its own result, so a user sees exactly which check failed and why. */
#include <jansson.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "lg/buf.h"
#include "prov_cert.h"

static const char *const step_names[LG_PROV_NSTEPS] = {
	"log", "body", "inclusion", "checkpoint", "set", "timestamps", "signed-time",
	"chain", "validity", "profile", "sct", "signature", "statement", "identity",
	"publisher",
};

const char *lg_prov_step_name(enum lg_prov_step s)
{
	return (unsigned)s < LG_PROV_NSTEPS ? step_names[s] : "?";
}

const char *lg_prov_status_name(enum lg_prov_status s)
{
	static const char *const names[] = {"not-run", "ok", "fail", "absent", "skipped"};

	return (unsigned)s < LG_ARRAY_SIZE(names) ? names[s] : "?";
}

struct vctx {
	struct lg_prov_result *r;
	const struct lg_prov_bundle *b;
	const struct lg_prov_trust *t;
	const struct lg_prov_expect *e;
	const struct lg_prov_logkey *log;
	EVP_PKEY *logkey, *leafkey;
	X509 *leaf;
	unsigned char sig_digest[32]; /* sha256 of what the signature covers */
	int64_t times[1 + LG_MAX_PROV_TIMESTAMPS];
	size_t ntimes;
};

static void set(struct vctx *v, enum lg_prov_step s, enum lg_prov_status st, const char *fmt,
		...) LG_PRINTF(4, 5);
static void set(struct vctx *v, enum lg_prov_step s, enum lg_prov_status st, const char *fmt, ...)
{
	va_list ap;

	v->r->steps[s].status = st;
	va_start(ap, fmt);
	vsnprintf(v->r->steps[s].detail, LG_PROV_DETAIL, fmt, ap);
	va_end(ap);
}

static bool bytes_eq(const struct lg_prov_bytes *a, const void *p, size_t n)
{
	return a->len == n && (!n || !memcmp(a->ptr, p, n));
}

/* A base64 JSON string equal to the given bytes. */
static bool b64_eq(json_t *s, const void *p, size_t n)
{
	struct lg_prov_bytes d = {0};
	bool ok;

	if (!json_is_string(s) ||
	    lg_prov_base64_decode(&d, json_string_value(s), json_string_length(s)) < 0) {
		lg_error_clear();
		return false;
	}
	ok = bytes_eq(&d, p, n);
	lg_prov_bytes_dispose(&d);
	return ok;
}

/* A base64 PEM certificate (Rekor v1 bodies) equal to the leaf. */
static bool pem_cert_eq(json_t *s, X509 *leaf)
{
	struct lg_prov_bytes d = {0};
	BIO *bio;
	X509 *x = NULL;
	bool ok = false;

	if (!json_is_string(s) ||
	    lg_prov_base64_decode(&d, json_string_value(s), json_string_length(s)) < 0) {
		lg_error_clear();
		return false;
	}
	if (d.len < INT32_MAX && (bio = BIO_new_mem_buf(d.ptr, (int)d.len))) {
		x = PEM_read_bio_X509(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	ok = x && X509_cmp(x, leaf) == 0;
	X509_free(x);
	lg_prov_bytes_dispose(&d);
	ERR_clear_error();
	return ok;
}

static json_t *path(json_t *v, const char *const *keys)
{
	for (; *keys && v; keys++)
		v = json_object_get(v, *keys);
	return v;
}
#define AT(v, ...) path((v), (const char *const[]){__VA_ARGS__, NULL})

struct body_match {
	bool hash, sig, cert;
};

/* Compares the spec of a known entry kind with the bundle; false for a
 * kind and content we cannot check (unverifiable, never valid). */
static bool body_matches(struct body_match *m, struct vctx *v, json_t *spec,
			 const unsigned char payload_sha[32])
{
	const struct lg_prov_bundle *b = v->b;
	const char *kind = b->tlog.kind, *ver = b->tlog.version;
	bool msg = b->content == LG_PROV_MESSAGE_SIGNATURE;
	json_t *h, *sig;
	char hex[65];

	if (!strcmp(kind, "hashedrekord") && !strcmp(ver, "0.0.1") && msg) {
		lg_prov_hex(hex, b->digest.ptr, b->digest.len < 32 ? b->digest.len : 32);
		h = AT(spec, "data", "hash", "value");
		m->hash = b->digest.len == 32 && json_is_string(h) && !strcmp(json_string_value(h), hex);
		m->sig = b64_eq(AT(spec, "signature", "content"), b->signature.ptr, b->signature.len);
		m->cert = pem_cert_eq(AT(spec, "signature", "publicKey", "content"), v->leaf);
	} else if (!strcmp(kind, "dsse") && !strcmp(ver, "0.0.1") && !msg) {
		lg_prov_hex(hex, payload_sha, 32);
		h = AT(spec, "payloadHash", "value");
		sig = json_object_get(spec, "signatures");
		m->hash = json_is_string(h) && !strcmp(json_string_value(h), hex);
		m->sig = json_array_size(sig) == 1 && b64_eq(AT(json_array_get(sig, 0), "signature"),
							      b->signature.ptr, b->signature.len);
		m->cert = json_array_size(sig) == 1 &&
			  pem_cert_eq(AT(json_array_get(sig, 0), "verifier"), v->leaf);
	} else if (!strcmp(kind, "hashedrekord") && !strcmp(ver, "0.0.2")) {
		h = json_object_get(spec, "hashedRekordV002");
		m->hash = b64_eq(AT(h, "data", "digest"), msg ? b->digest.ptr : v->sig_digest,
				 msg ? b->digest.len : 32);
		m->sig = b64_eq(AT(h, "signature", "content"), b->signature.ptr, b->signature.len);
		m->cert = b64_eq(AT(h, "signature", "verifier", "x509Certificate", "rawBytes"),
				 b->cert.ptr, b->cert.len);
	} else if (!strcmp(kind, "dsse") && !strcmp(ver, "0.0.2") && !msg) {
		h = json_object_get(spec, "dsseV002");
		sig = json_object_get(h, "signatures");
		m->hash = b64_eq(AT(h, "payloadHash", "digest"), payload_sha, 32);
		m->sig = json_array_size(sig) == 1 && b64_eq(AT(json_array_get(sig, 0), "content"),
							      b->signature.ptr, b->signature.len);
		m->cert = json_array_size(sig) == 1 &&
			  b64_eq(AT(json_array_get(sig, 0), "verifier", "x509Certificate", "rawBytes"),
				 b->cert.ptr, b->cert.len);
	} else {
		return false;
	}
	return true;
}

static bool str_is(json_t *v, const char *s)
{
	return json_is_string(v) && !strcmp(json_string_value(v), s);
}

/* 9.4 step 11: the log entry is about this bundle (CVE-2022-36056). */
static void check_body(struct vctx *v, const unsigned char payload_sha[32])
{
	const char *kind = v->b->tlog.kind, *ver = v->b->tlog.version;
	json_t *body = json_loadb((const char *)v->b->tlog.body.ptr, v->b->tlog.body.len,
				  JSON_REJECT_DUPLICATES, NULL);
	struct body_match m = {false, false, false};

	if (!json_is_object(body) || !str_is(json_object_get(body, "kind"), kind) ||
	    !str_is(json_object_get(body, "apiVersion"), ver))
		set(v, LG_PROV_STEP_BODY, LG_PROV_FAIL, "log entry body is not a %s %s entry",
		    kind, ver);
	else if (!body_matches(&m, v, json_object_get(body, "spec"), payload_sha))
		set(v, LG_PROV_STEP_BODY, LG_PROV_FAIL, "log entry kind %s %s is not supported "
		    "for this content: unverifiable", kind, ver);
	else if (m.hash && m.sig && m.cert)
		set(v, LG_PROV_STEP_BODY, LG_PROV_OK, "%s %s entry matches the bundle", kind, ver);
	else
		set(v, LG_PROV_STEP_BODY, LG_PROV_FAIL, "transparency log entry is inconsistent "
		    "with the bundle (%s%s%s differ)", m.hash ? "" : "digest ",
		    m.sig ? "" : "signature ", m.cert ? "" : "certificate ");
	json_decref(body);
}

static int check_log(struct vctx *v)
{
	const struct lg_prov_tlog *e = &v->b->tlog;
	unsigned char root[32];
	char why[LG_PROV_DETAIL];
	struct lg_buf payload = LG_BUF_INIT(2 * LG_MAX_PROV_BYTES);
	int error = 0;

	for (size_t i = 0; i < v->t->ntlogs && !v->log; i++)
		if (bytes_eq(&v->t->tlogs[i].key_id, e->key_id.ptr, e->key_id.len))
			v->log = &v->t->tlogs[i];
	if (!v->log || !(v->logkey = lg_prov_pubkey(&v->log->spki))) {
		set(v, LG_PROV_STEP_LOG, LG_PROV_FAIL, "the entry's log id is not a log of the "
		    "trusted root");
		return 0;
	}
	snprintf(v->r->log_url, sizeof(v->r->log_url), "%s", v->log->base_url ? v->log->base_url : "");
	set(v, LG_PROV_STEP_LOG, LG_PROV_OK, "%s", v->r->log_url);
	if (lg_prov_merkle_root(root, e->body.ptr, e->body.len, e->proof_index, e->tree_size,
				e->hashes, e->nhashes) < 0)
		set(v, LG_PROV_STEP_INCLUSION, LG_PROV_FAIL, "%s", lg_error_last()->message);
	else if (!bytes_eq(&e->root_hash, root, 32))
		set(v, LG_PROV_STEP_INCLUSION, LG_PROV_FAIL, "inclusion proof does not lead to "
		    "the root hash");
	else
		set(v, LG_PROV_STEP_INCLUSION, LG_PROV_OK, "entry %lld of tree size %lld",
		    (long long)e->proof_index, (long long)e->tree_size);
	if (lg_prov_checkpoint(why, sizeof(why), e->checkpoint, e, v->logkey) < 0)
		set(v, LG_PROV_STEP_CHECKPOINT, LG_PROV_FAIL, "%s", why);
	else
		set(v, LG_PROV_STEP_CHECKPOINT, LG_PROV_OK, "signed by the log, same root");
	if (!e->set.len) {
		set(v, LG_PROV_STEP_SET, LG_PROV_ABSENT, "no inclusion promise");
	} else if ((error = lg_prov_set_payload(&payload, e)) < 0) {
		goto done;
	} else if (!lg_prov_verify_sig(v->logkey, e->set.ptr, e->set.len, payload.ptr,
				       payload.len)) {
		set(v, LG_PROV_STEP_SET, LG_PROV_FAIL, "signed entry timestamp does not verify");
	} else {
		set(v, LG_PROV_STEP_SET, LG_PROV_OK, "integrated time %lld",
		    (long long)e->integrated_time);
		v->times[v->ntimes++] = e->integrated_time;
	}
done:
	lg_buf_dispose(&payload);
	return error == LG_ENOMEM ? lg_error_oom() : error;
}

static void check_timestamps(struct vctx *v)
{
	const struct lg_prov_bundle *b = v->b;
	size_t good = 0;

	if (!b->ntimestamps) {
		set(v, LG_PROV_STEP_TIMESTAMPS, LG_PROV_ABSENT, "no RFC 3161 timestamps");
		return;
	}
	for (size_t i = 0; i < b->ntimestamps; i++)
		for (size_t j = 0; j < i; j++)
			if (bytes_eq(&b->timestamps[i], b->timestamps[j].ptr, b->timestamps[j].len)) {
				set(v, LG_PROV_STEP_TIMESTAMPS, LG_PROV_FAIL,
				    "duplicate timestamp found");
				return;
			}
	if (!v->t->ntsas) {
		set(v, LG_PROV_STEP_TIMESTAMPS, LG_PROV_FAIL,
		    "no Timestamp Authorities have been provided");
		return;
	}
	for (size_t i = 0; i < b->ntimestamps; i++) {
		int64_t when;

		if (lg_prov_verify_timestamp(&when, b->timestamps[i].ptr, b->timestamps[i].len,
					     b->signature.ptr, b->signature.len, v->t) < 0)
			continue; /* an unverifiable timestamp is no time source */
		v->times[v->ntimes++] = when;
		good++;
	}
	lg_error_clear();
	set(v, LG_PROV_STEP_TIMESTAMPS, LG_PROV_OK, "%zu of %zu timestamps verify", good,
	    b->ntimestamps);
}

static void check_times(struct vctx *v)
{
	unsigned need = v->e->min_times ? v->e->min_times : 1;
	int64_t nb = lg_prov_asn1_unix(X509_get0_notBefore(v->leaf));
	int64_t na = lg_prov_asn1_unix(X509_get0_notAfter(v->leaf));
	char why[LG_PROV_DETAIL] = "";
	bool chain = true, valid = true, logok = true;

	if (v->ntimes < need) {
		set(v, LG_PROV_STEP_SIGNED_TIME, LG_PROV_FAIL, "not enough sources of verified "
		    "time (%zu, %u required)", v->ntimes, need);
		return;
	}
	v->r->signed_time = v->times[0];
	for (size_t i = 0; i < v->ntimes; i++) {
		if (v->times[i] < v->r->signed_time)
			v->r->signed_time = v->times[i];
		logok &= !v->log || lg_prov_window_has(&v->log->valid, v->times[i]);
		valid &= v->times[i] >= nb && v->times[i] <= na;
	}
	if (!logok)
		set(v, LG_PROV_STEP_SIGNED_TIME, LG_PROV_FAIL, "a signed time is outside the "
		    "log key's validity in the trusted root");
	else
		set(v, LG_PROV_STEP_SIGNED_TIME, LG_PROV_OK, "%zu verified time source(s), "
		    "earliest %lld", v->ntimes, (long long)v->r->signed_time);
	if (v->e->at) {
		chain = lg_prov_chain_at(v->leaf, v->t, v->e->at, why, sizeof(why));
	} else {
		for (size_t i = 0; i < v->ntimes && chain; i++)
			chain = lg_prov_chain_at(v->leaf, v->t, v->times[i], why, sizeof(why));
	}
	if (chain)
		set(v, LG_PROV_STEP_CHAIN, LG_PROV_OK, "chains to a Fulcio CA of the trusted root "
		    "at %s", v->e->at ? "the requested time" : "the signed time");
	else
		set(v, LG_PROV_STEP_CHAIN, LG_PROV_FAIL, "failed to build the certificate chain at "
		    "%s: %s", v->e->at ? "the requested time" : "the signed time", why);
	if (valid)
		set(v, LG_PROV_STEP_VALIDITY, LG_PROV_OK, "signed time inside %lld..%lld",
		    (long long)nb, (long long)na);
	else
		set(v, LG_PROV_STEP_VALIDITY, LG_PROV_FAIL, "a signed time is outside the "
		    "certificate's validity %lld..%lld", (long long)nb, (long long)na);
}

/* Lower-case PEP 503 name of a distribution file name and the rest from
 * the version on ("name-1.0.tar.gz" -> "name", "1.0.tar.gz"). */
static bool split_dist(const char *f, struct lg_buf *name, const char **rest)
{
	size_t n = strlen(f);
	const char *dash;

	if (n > 4 && !strcmp(f + n - 4, ".whl"))
		dash = strchr(f, '-');
	else
		dash = strrchr(f, '-');
	if (!dash || dash == f)
		return false;
	for (const char *p = f; p < dash; p++) {
		bool sep = *p == '-' || *p == '_' || *p == '.';

		if (sep && name->len && name->ptr[name->len - 1] == '-')
			continue;
		lg_buf_putc(name, sep ? '-' : (*p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p));
	}
	*rest = dash + 1;
	return name->err == 0;
}

static bool dist_name_eq(const char *a, const char *b)
{
	struct lg_buf na = LG_BUF_INIT(LG_MAX_PATH_BYTES), nb = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	const char *ra, *rb;
	bool ok;

	if (!strcmp(a, b))
		return true;
	ok = split_dist(a, &na, &ra) && split_dist(b, &nb, &rb) && !strcmp(na.ptr, nb.ptr) &&
	     !strcmp(ra, rb);
	lg_buf_dispose(&na);
	lg_buf_dispose(&nb);
	return ok;
}

static bool predicate_ok(const char *t)
{
	return t && (!strcmp(t, "https://docs.pypi.org/attestations/publish/v1") ||
		     !strcmp(t, "https://slsa.dev/provenance/v1"));
}

/* One subject must carry both the expected name and digest. */
static void match_subjects(struct vctx *v, json_t *subj)
{
	const struct lg_prov_expect *e = v->e;
	bool named = false;
	json_t *s;
	size_t i;

	json_array_foreach(subj, i, s) {
		const char *n = json_string_value(json_object_get(s, "name"));
		const char *d = json_string_value(AT(s, "digest", "sha256"));
		bool nm = !e->filename || (n && dist_name_eq(n, e->filename));
		bool hm = !e->sha256 || (d && !strcasecmp(d, e->sha256));

		named |= nm;
		if (nm && hm) {
			set(v, LG_PROV_STEP_STATEMENT, LG_PROV_OK, "subject %.120s%s%.64s",
			    e->filename ? e->filename : "", e->filename ? " sha256 " : "sha256 ",
			    e->sha256 ? e->sha256 : "(not given)");
			return;
		}
	}
	if (!named)
		set(v, LG_PROV_STEP_STATEMENT, LG_PROV_FAIL, "no statement subject is named %.120s",
		    e->filename);
	else
		set(v, LG_PROV_STEP_STATEMENT, LG_PROV_FAIL, "statement subject sha256 is not the "
		    "artifact's %.64s", e->sha256);
}

static void check_statement(struct vctx *v)
{
	const struct lg_prov_expect *e = v->e;
	json_t *st, *subj;
	const char *type;

	if (v->b->content == LG_PROV_MESSAGE_SIGNATURE) {
		char hex[65];

		lg_prov_hex(hex, v->b->digest.ptr, v->b->digest.len < 32 ? v->b->digest.len : 32);
		if (!e->sha256)
			set(v, LG_PROV_STEP_STATEMENT, LG_PROV_FAIL, "no artifact digest given");
		else if (v->b->digest.len != 32 || strcasecmp(hex, e->sha256))
			set(v, LG_PROV_STEP_STATEMENT, LG_PROV_FAIL, "digest mismatch: the bundle "
			    "signs %s, the artifact is %.64s", hex, e->sha256);
		else
			set(v, LG_PROV_STEP_STATEMENT, LG_PROV_OK, "bundle digest is the artifact's");
		return;
	}
	st = json_loadb((const char *)v->b->payload.ptr, v->b->payload.len,
			JSON_REJECT_DUPLICATES, NULL);
	subj = json_object_get(st, "subject");
	type = json_string_value(json_object_get(st, "predicateType"));
	if (!json_is_object(st) || !json_is_array(subj) || !json_array_size(subj) ||
	    !json_is_string(json_object_get(st, "_type")) ||
	    strcmp(json_string_value(json_object_get(st, "_type")), "https://in-toto.io/Statement/v1")) {
		set(v, LG_PROV_STEP_STATEMENT, LG_PROV_FAIL, "payload is not an in-toto v1 statement");
	} else if (e->pypi && json_array_size(subj) != 1) {
		set(v, LG_PROV_STEP_STATEMENT, LG_PROV_FAIL, "statement has %zu subjects, not one",
		    json_array_size(subj));
	} else if (e->pypi && !predicate_ok(type)) {
		set(v, LG_PROV_STEP_STATEMENT, LG_PROV_FAIL, "predicate type '%.100s' is not a PyPI "
		    "publish attestation", type ? type : "");
	} else if (!e->sha256 && !e->filename) {
		set(v, LG_PROV_STEP_STATEMENT, e->pypi ? LG_PROV_FAIL : LG_PROV_SKIPPED,
		    "no artifact given: the statement's subject is not compared");
	} else {
		match_subjects(v, subj);
	}
	json_decref(st);
}

static int check_signature(struct vctx *v, unsigned char payload_sha[32])
{
	const struct lg_prov_bundle *b = v->b;
	struct lg_buf pae = LG_BUF_INIT(2 * LG_MAX_PROV_BYTES);
	bool ok;
	int error = 0;

	if (b->content == LG_PROV_MESSAGE_SIGNATURE) {
		/* The signature covers the artifact: verify over the caller's
		 * digest when given, else over the bundle's. */
		unsigned char d[32] = {0};
		const char *hex = v->e->sha256;

		ok = false;
		if (hex && strlen(hex) == 64) {
			for (size_t i = 0; i < 32; i++)
				d[i] = (unsigned char)(lg_hex_digit(hex[2 * i]) << 4 |
						       lg_hex_digit(hex[2 * i + 1]));
			ok = lg_prov_verify_prehashed(v->leafkey, b->signature.ptr,
						      b->signature.len, d);
		} else if (b->digest.len == 32) {
			ok = lg_prov_verify_prehashed(v->leafkey, b->signature.ptr,
						      b->signature.len, b->digest.ptr);
		}
		memcpy(v->sig_digest, b->digest.len == 32 ? b->digest.ptr : d, 32);
	} else {
		if ((error = lg_prov_pae(&pae, b->payload_type, b->payload.ptr, b->payload.len)) < 0 ||
		    (error = lg_prov_sha256(v->sig_digest, pae.ptr, pae.len)) < 0 ||
		    (error = lg_prov_sha256(payload_sha, b->payload.ptr, b->payload.len)) < 0)
			goto done;
		ok = !strcmp(b->payload_type, "application/vnd.in-toto+json") &&
		     lg_prov_verify_sig(v->leafkey, b->signature.ptr, b->signature.len, pae.ptr,
					pae.len);
	}
	if (ok)
		set(v, LG_PROV_STEP_SIGNATURE, LG_PROV_OK, "%s verifies with the certificate's key",
		    b->content == LG_PROV_DSSE ? "DSSE envelope signature" : "signature");
	else
		set(v, LG_PROV_STEP_SIGNATURE, LG_PROV_FAIL, "%s does not verify with the "
		    "certificate's key", b->content == LG_PROV_DSSE ? "DSSE envelope signature"
		    : "signature over the artifact");
done:
	lg_buf_dispose(&pae);
	return error == LG_ENOMEM || error == LG_ETOOBIG ? lg_error_oom() : error;
}

static int check_identity(struct vctx *v)
{
	struct lg_prov_cert c;
	char why[LG_PROV_DETAIL];
	bool san = !v->e->identity;
	int error;

	if ((error = lg_prov_cert_facts(&c, v->leaf)) == LG_ENOMEM)
		return error;
	if (error < 0) {
		set(v, LG_PROV_STEP_IDENTITY, LG_PROV_FAIL, "%s", lg_error_last()->message);
		set(v, LG_PROV_STEP_PUBLISHER, LG_PROV_FAIL, "the certificate's identity cannot "
		    "be read");
		return 0;
	}
	snprintf(v->r->san, sizeof(v->r->san), "%s", c.nsans ? c.sans[0] : "");
	snprintf(v->r->issuer, sizeof(v->r->issuer), "%s", c.issuer ? c.issuer : "");
	snprintf(v->r->source_repository, sizeof(v->r->source_repository), "%s",
		 c.source_repo ? c.source_repo : "");
	snprintf(v->r->build_config, sizeof(v->r->build_config), "%s",
		 c.build_config ? c.build_config : "");
	for (size_t i = 0; i < c.nsans && !san; i++)
		san = !strcmp(c.sans[i], v->e->identity);
	if (!v->e->identity && !v->e->issuer)
		set(v, LG_PROV_STEP_IDENTITY, LG_PROV_SKIPPED, "no identity asked (SAN %.200s, "
		    "issuer %.200s)", v->r->san, v->r->issuer);
	else if (!san)
		set(v, LG_PROV_STEP_IDENTITY, LG_PROV_FAIL, "certificate's SANs do not match "
		    "%.200s (SAN %.200s)", v->e->identity, v->r->san);
	else if (v->e->issuer && (!c.issuer || strcmp(c.issuer, v->e->issuer)))
		set(v, LG_PROV_STEP_IDENTITY, LG_PROV_FAIL, "certificate's OIDC issuer %.200s does "
		    "not match %.200s", v->r->issuer, v->e->issuer);
	else
		set(v, LG_PROV_STEP_IDENTITY, LG_PROV_OK, "SAN %.200s, issuer %.200s", v->r->san,
		    v->r->issuer);
	if (!v->e->publisher)
		set(v, LG_PROV_STEP_PUBLISHER, LG_PROV_SKIPPED, "no publisher to match");
	else if (lg_prov_publisher_ok(&c, v->e->publisher, why, sizeof(why)))
		set(v, LG_PROV_STEP_PUBLISHER, LG_PROV_OK, "%s publisher %.200s matches the "
		    "certificate", v->e->publisher->kind, v->r->source_repository);
	else
		set(v, LG_PROV_STEP_PUBLISHER, LG_PROV_FAIL, "%s", why);
	lg_prov_cert_dispose(&c);
	return 0;
}

static void conclude(struct lg_prov_result *r)
{
	static const enum lg_prov_step required[] = {
		LG_PROV_STEP_LOG, LG_PROV_STEP_BODY, LG_PROV_STEP_INCLUSION,
		LG_PROV_STEP_CHECKPOINT, LG_PROV_STEP_SIGNED_TIME, LG_PROV_STEP_CHAIN,
		LG_PROV_STEP_VALIDITY, LG_PROV_STEP_PROFILE, LG_PROV_STEP_SCT,
		LG_PROV_STEP_SIGNATURE,
	};

	r->verified = true;
	for (size_t i = 0; i < LG_ARRAY_SIZE(required); i++)
		if (r->steps[required[i]].status != LG_PROV_OK)
			r->verified = false;
	for (int s = 0; s < LG_PROV_NSTEPS; s++)
		if (r->steps[s].status == LG_PROV_FAIL) {
			r->verified = false;
			r->failed = (enum lg_prov_step)s;
			return;
		}
	for (size_t i = 0; i < LG_ARRAY_SIZE(required); i++)
		if (r->steps[required[i]].status != LG_PROV_OK) {
			r->failed = required[i];
			return;
		}
}

int lg_prov_verify(struct lg_prov_result *out, const struct lg_prov_bundle *b,
		   const struct lg_prov_trust *t, const struct lg_prov_expect *e)
{
	struct vctx v = {out, b, t, e, NULL, NULL, NULL, NULL, {0}, {0}, 0};
	unsigned char payload_sha[32] = {0};
	char why[LG_PROV_DETAIL];
	int error = 0;

	LG_ASSERT_ARG(out && b && t && e);
	memset(out, 0, sizeof(*out));
	if (!(v.leaf = lg_prov_x509(&b->cert)) || !(v.leafkey = X509_get_pubkey(v.leaf))) {
		set(&v, LG_PROV_STEP_CHAIN, LG_PROV_FAIL, "the signing certificate is not DER X.509");
		goto done;
	}
	if ((error = check_signature(&v, payload_sha)) < 0)
		goto done;
	check_statement(&v);
	check_body(&v, payload_sha);
	if ((error = check_log(&v)) < 0)
		goto done;
	check_timestamps(&v);
	check_times(&v);
	if (lg_prov_profile_ok(v.leaf, why, sizeof(why)))
		set(&v, LG_PROV_STEP_PROFILE, LG_PROV_OK, "digitalSignature, codeSigning");
	else
		set(&v, LG_PROV_STEP_PROFILE, LG_PROV_FAIL, "%s", why);
	if (lg_prov_sct(why, sizeof(why), v.leaf, t) == 0)
		set(&v, LG_PROV_STEP_SCT, LG_PROV_OK, "%s", why);
	else
		set(&v, LG_PROV_STEP_SCT, LG_PROV_FAIL, "%s", why);
	error = check_identity(&v);
done:
	conclude(out);
	EVP_PKEY_free(v.logkey);
	EVP_PKEY_free(v.leafkey);
	X509_free(v.leaf);
	ERR_clear_error();
	return error;
}

void lg_prov_run_free(struct lg_prov_run *r)
{
	if (!r)
		return;
	lg__free(r->name);
	lg__free(r->error);
	lg_prov_document_free(r->doc);
	lg_prov_bundle_free(r->bundle);
	lg__free(r->items);
	lg__free(r);
}

int lg_prov_run_verify(struct lg_prov_run **out, struct lg_prov_document *d,
		       struct lg_prov_bundle *b, const struct lg_prov_trust *t,
		       const struct lg_prov_expect *e)
{
	struct lg_prov_run *r;
	size_t n = 0;
	int error = 0;

	*out = NULL;
	if (!(r = lg__calloc(1, sizeof(*r)))) {
		lg_prov_document_free(d);
		lg_prov_bundle_free(b);
		return lg_error_oom();
	}
	r->doc = d;
	r->bundle = b;
	r->is_provenance = d != NULL;
	for (size_t i = 0; d && i < d->nbundles; i++)
		n += d->bundles[i].nattestations;
	if (b)
		n = 1;
	if (n && !(r->items = lg__calloc(n, sizeof(*r->items)))) {
		error = lg_error_oom();
		goto done;
	}
	if (b) {
		r->nitems = 1;
		if ((error = lg_prov_verify(&r->items[0].result, b, t, e)) < 0)
			goto done;
		r->verified = r->items[0].result.verified;
	}
	for (size_t i = 0; d && i < d->nbundles; i++) {
		for (size_t j = 0; j < d->bundles[i].nattestations; j++) {
			struct lg_prov_run_item *it = &r->items[r->nitems++];
			struct lg_prov_expect pe = *e;

			pe.pypi = true;
			pe.publisher = &d->bundles[i].publisher;
			it->bundle = i;
			it->attestation = j;
			it->publisher = pe.publisher;
			if ((error = lg_prov_verify(&it->result, d->bundles[i].attestations[j], t,
						    &pe)) < 0)
				goto done;
			r->verified |= it->result.verified;
		}
	}
	*out = r;
	r = NULL;
done:
	lg_prov_run_free(r);
	return error;
}

int lg_prov_verify_detached(struct lg_prov_result *out, const struct lg_prov_bytes *cert,
			    const struct lg_prov_bytes *sig, const struct lg_prov_trust *t,
			    const struct lg_prov_expect *e)
{
	struct lg_prov_bundle b = {0};
	struct vctx v = {out, &b, t, e, NULL, NULL, NULL, NULL, {0}, {0}, 0};
	unsigned char payload_sha[32];
	char why[LG_PROV_DETAIL];
	int64_t when, nb, na;
	int error = 0;

	LG_ASSERT_ARG(out && cert && sig && t && e);
	memset(out, 0, sizeof(*out));
	b.content = LG_PROV_MESSAGE_SIGNATURE;
	b.signature = *sig;
	for (int s = 0; s < LG_PROV_NSTEPS; s++)
		set(&v, (enum lg_prov_step)s, LG_PROV_SKIPPED, "detached signature: no log entry");
	if (!(v.leaf = lg_prov_x509(cert)) || !(v.leafkey = X509_get_pubkey(v.leaf))) {
		set(&v, LG_PROV_STEP_CHAIN, LG_PROV_FAIL, "the signing certificate is not DER X.509");
		goto done;
	}
	if ((error = check_signature(&v, payload_sha)) < 0)
		goto done;
	nb = lg_prov_asn1_unix(X509_get0_notBefore(v.leaf));
	na = lg_prov_asn1_unix(X509_get0_notAfter(v.leaf));
	when = e->at ? e->at : nb;
	if (lg_prov_chain_at(v.leaf, t, when, why, sizeof(why)))
		set(&v, LG_PROV_STEP_CHAIN, LG_PROV_OK, "chains to a Fulcio CA at %lld", (long long)when);
	else
		set(&v, LG_PROV_STEP_CHAIN, LG_PROV_FAIL, "failed to build the certificate chain: %s",
		    why);
	set(&v, LG_PROV_STEP_VALIDITY, when >= nb && when <= na ? LG_PROV_OK : LG_PROV_FAIL,
	    "time %lld, certificate valid %lld..%lld", (long long)when, (long long)nb,
	    (long long)na);
	if (lg_prov_profile_ok(v.leaf, why, sizeof(why)))
		set(&v, LG_PROV_STEP_PROFILE, LG_PROV_OK, "digitalSignature, codeSigning");
	else
		set(&v, LG_PROV_STEP_PROFILE, LG_PROV_FAIL, "%s", why);
	/* informational here: a detached check is signature, chain and identity */
	if (lg_prov_sct(why, sizeof(why), v.leaf, t) == 0)
		set(&v, LG_PROV_STEP_SCT, LG_PROV_OK, "%s", why);
	else
		set(&v, LG_PROV_STEP_SCT, LG_PROV_SKIPPED, "not required for a detached "
		    "signature: %s", why);
	error = check_identity(&v);
done:
	out->verified = true;
	for (int s = 0; s < LG_PROV_NSTEPS; s++)
		if (out->steps[s].status == LG_PROV_FAIL) {
			out->verified = false;
			out->failed = (enum lg_prov_step)s;
			break;
		}
	EVP_PKEY_free(v.leafkey);
	X509_free(v.leaf);
	ERR_clear_error();
	return error;
}
