/* SPDX-License-Identifier: MIT */
/* Pure parsers (jansson) for Sigstore bundles, PyPI provenance objects and
 * Sigstore trusted roots. Hashed or signed bytes are kept exactly as given
 * (base64-decoded, never re-serialised). */
#include <jansson.h>

#include "lg/buf.h"
#include "prov_private.h"

#define BAD(...) lg_error_invalid(LG_ERRCLASS_JSON, __VA_ARGS__)

void lg_prov_bytes_dispose(struct lg_prov_bytes *b)
{
	if (!b)
		return;
	lg__free(b->ptr);
	b->ptr = NULL;
	b->len = 0;
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int lg_prov_base64_decode(struct lg_prov_bytes *out, const char *s, size_t len)
{
	unsigned char *p;
	size_t pad = 0, n = 0;

	out->ptr = NULL;
	out->len = 0;
	if (len % 4)
		return BAD("base64: length %zu is not a multiple of 4", len);
	if (len && s[len - 1] == '=')
		pad = len >= 2 && s[len - 2] == '=' ? 2 : 1;
	if (!(p = lg__malloc(len / 4 * 3 + 1)))
		return lg_error_oom();
	for (size_t i = 0; i < len; i += 4) {
		int v[4];
		size_t valid = (i + 4 == len) ? 4 - pad : 4;

		for (size_t j = 0; j < 4; j++) {
			v[j] = j < valid ? b64_value((unsigned char)s[i + j]) : 0;
			if (v[j] < 0) {
				lg__free(p);
				return BAD("base64: invalid character");
			}
		}
		p[n++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (valid > 2)
			p[n++] = (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
		if (valid > 3)
			p[n++] = (unsigned char)((v[2] & 3) << 6 | v[3]);
	}
	out->ptr = p;
	out->len = n;
	return 0;
}

int lg_prov_parse_time(int64_t *out, const char *s)
{
	if (lg_time_parse(out, s, true) < 0)
		return BAD("time '%.40s' is not RFC 3339 UTC", s ? s : "");
	return 0;
}

static const char *str_at(json_t *obj, const char *key, size_t *len)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v))
		return NULL;
	if (len)
		*len = json_string_length(v);
	return json_string_value(v);
}

static int dup_at(char **out, json_t *obj, const char *key)
{
	size_t len = 0;
	const char *s = str_at(obj, key, &len);

	*out = NULL;
	if (!s)
		return 0;
	if (!(*out = lg__strndup(s, len)))
		return lg_error_oom();
	return 0;
}

/* A base64 string member; a missing member is LG_EINVALID. */
static int b64_at(struct lg_prov_bytes *out, json_t *obj, const char *key,
		  const char *what)
{
	size_t len = 0;
	const char *s = str_at(obj, key, &len);
	int error;

	out->ptr = NULL;
	out->len = 0;
	if (!s)
		return BAD("%s: missing %s", what, key);
	if ((error = lg_prov_base64_decode(out, s, len)) == LG_ENOMEM)
		return error;
	if (error < 0)
		return BAD("%s: %s is not valid base64", what, key);
	return 0;
}

/* An int64 written as a JSON string (protobuf-JSON) or a number. */
static int int64_at(int64_t *out, json_t *obj, const char *key, bool required,
		    const char *what)
{
	json_t *v = json_object_get(obj, key);
	const char *s;
	int64_t n = 0;

	*out = 0;
	if (!v) {
		if (required)
			return BAD("%s: missing %s", what, key);
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v) || !*(s = json_string_value(v)) || strlen(s) > 18 ||
	    json_string_length(v) != strlen(s))
		return BAD("%s: %s is not an integer string", what, key);
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return BAD("%s: %s is not an integer string", what, key);
		n = n * 10 + (*s - '0');
	}
	*out = n;
	return 0;
}

static json_t *load(const char *json, size_t len, const char *what)
{
	json_error_t jerr;
	json_t *root;

	if (len > LG_MAX_PROV_BYTES) {
		lg_error_toobig("%s: larger than %u bytes", what, LG_MAX_PROV_BYTES);
		return NULL;
	}
	if (!(root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr))) {
		BAD("%s: %s (line %d)", what, jerr.text, jerr.line);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		BAD("%s: not a JSON object", what);
		return NULL;
	}
	return root;
}

static int load_error(void)
{
	return lg_error_last()->klass == LG_ERRCLASS_JSON ? LG_EINVALID : LG_ETOOBIG;
}

/* An array of {rawBytes} (certificates) or of base64 strings (hashes). */
static int bytes_array(struct lg_prov_bytes **out, size_t *n, json_t *arr,
		       const char *member, size_t max, const char *what)
{
	size_t i;
	json_t *v;
	int error = 0;

	*out = NULL;
	*n = 0;
	if (!json_is_array(arr))
		return BAD("%s: not an array", what);
	if (json_array_size(arr) > max)
		return lg_error_toobig("%s: more than %zu entries", what, max);
	if (!json_array_size(arr))
		return 0;
	if (!(*out = lg__calloc(json_array_size(arr), sizeof(**out))))
		return lg_error_oom();
	json_array_foreach(arr, i, v) {
		size_t len = 0;
		const char *s;

		if (member)
			s = json_is_object(v) ? str_at(v, member, &len) : NULL;
		else if ((s = json_is_string(v) ? json_string_value(v) : NULL))
			len = json_string_length(v);
		if (!s) {
			error = BAD("%s: entry %zu is not base64", what, i);
			break;
		}
		if ((error = lg_prov_base64_decode(&(*out)[i], s, len)) < 0)
			break;
		(*n)++;
	}
	return error;
}

static void tlog_dispose(struct lg_prov_tlog *e)
{
	lg_prov_bytes_dispose(&e->key_id);
	lg__free(e->kind);
	lg__free(e->version);
	lg_prov_bytes_dispose(&e->set);
	lg_prov_bytes_dispose(&e->root_hash);
	for (size_t i = 0; i < e->nhashes; i++)
		lg_prov_bytes_dispose(&e->hashes[i]);
	lg__free(e->hashes);
	lg__free(e->checkpoint);
	lg__free(e->body_b64);
	lg_prov_bytes_dispose(&e->body);
	memset(e, 0, sizeof(*e));
}

static int parse_proof(struct lg_prov_tlog *e, json_t *proof)
{
	const char *w = "inclusionProof";
	json_t *cp = json_object_get(proof, "checkpoint");
	int error;

	if ((error = int64_at(&e->proof_index, proof, "logIndex", true, w)) < 0 ||
	    (error = int64_at(&e->tree_size, proof, "treeSize", true, w)) < 0 ||
	    (error = b64_at(&e->root_hash, proof, "rootHash", w)) < 0 ||
	    (error = bytes_array(&e->hashes, &e->nhashes, json_object_get(proof, "hashes"),
				 NULL, LG_MAX_PROV_PROOF_HASHES,
				 "inclusionProof.hashes")) < 0)
		return error;
	if (!json_is_object(cp) || !str_at(cp, "envelope", NULL))
		return BAD("entry must contain inclusion proof, with checkpoint");
	return dup_at(&e->checkpoint, cp, "envelope");
}

static int parse_tlog(struct lg_prov_tlog *e, json_t *v)
{
	const char *w = "transparency log entry";
	json_t *kv = json_object_get(v, "kindVersion");
	json_t *promise = json_object_get(v, "inclusionPromise");
	json_t *proof = json_object_get(v, "inclusionProof");
	size_t blen = 0;
	const char *body;
	int error;

	if (!json_is_object(v))
		return BAD("%s: not an object", w);
	if ((error = int64_at(&e->log_index, v, "logIndex", true, w)) < 0 ||
	    (error = int64_at(&e->integrated_time, v, "integratedTime", false, w)) < 0 ||
	    (error = b64_at(&e->key_id, json_object_get(v, "logId"), "keyId", w)) < 0)
		return error;
	if (!json_is_object(kv) || !str_at(kv, "kind", NULL) || !str_at(kv, "version", NULL))
		return BAD("%s: missing kindVersion", w);
	if ((error = dup_at(&e->kind, kv, "kind")) < 0 ||
	    (error = dup_at(&e->version, kv, "version")) < 0)
		return error;
	if (promise && (error = b64_at(&e->set, promise, "signedEntryTimestamp",
				       "inclusionPromise")) < 0)
		return error;
	if (!json_is_object(proof))
		return BAD("entry must contain inclusion proof, with checkpoint");
	if ((error = parse_proof(e, proof)) < 0)
		return error;
	if (!(body = str_at(v, "canonicalizedBody", &blen)))
		return BAD("%s: missing canonicalizedBody", w);
	if (!(e->body_b64 = lg__strndup(body, blen)))
		return lg_error_oom();
	return b64_at(&e->body, v, "canonicalizedBody", w);
}

void lg_prov_bundle_free(struct lg_prov_bundle *b)
{
	if (!b)
		return;
	lg_prov_bytes_dispose(&b->cert);
	lg_prov_bytes_dispose(&b->digest);
	lg_prov_bytes_dispose(&b->signature);
	lg__free(b->payload_type);
	lg_prov_bytes_dispose(&b->payload);
	tlog_dispose(&b->tlog);
	for (size_t i = 0; i < b->ntimestamps; i++)
		lg_prov_bytes_dispose(&b->timestamps[i]);
	lg__free(b->timestamps);
	lg__free(b);
}

static const struct {
	const char *media_type;
	int minor;
} media_types[] = {
	{"application/vnd.dev.sigstore.bundle+json;version=0.1", 1},
	{"application/vnd.dev.sigstore.bundle+json;version=0.2", 2},
	{"application/vnd.dev.sigstore.bundle+json;version=0.3", 3},
	{"application/vnd.dev.sigstore.bundle.v0.3+json", 3},
};

static int parse_timestamps(struct lg_prov_bundle *b, json_t *tvd)
{
	json_t *arr = json_object_get(tvd, "rfc3161Timestamps");

	if (!tvd || !arr)
		return 0;
	return bytes_array(&b->timestamps, &b->ntimestamps, arr, "signedTimestamp",
			   LG_MAX_PROV_TIMESTAMPS, "rfc3161Timestamps");
}

static int parse_material(struct lg_prov_bundle *b, json_t *vm)
{
	json_t *chain = json_object_get(vm, "x509CertificateChain");
	json_t *entries = json_object_get(vm, "tlogEntries");
	struct lg_prov_bytes *certs = NULL;
	size_t ncerts = 0;
	int error;

	if (!json_is_object(vm))
		return BAD("bundle: missing verificationMaterial");
	if (b->media_minor < 3 && json_is_object(chain)) {
		if ((error = bytes_array(&certs, &ncerts, json_object_get(chain, "certificates"),
					 "rawBytes", LG_MAX_PROV_CERTS,
					 "x509CertificateChain")) < 0)
			goto chain_done;
		if (!ncerts) {
			error = BAD("expected non-empty certificate chain in bundle");
			goto chain_done;
		}
		b->cert = certs[0]; /* the leaf; the rest is ignored: the trust root has the CAs */
		certs[0].ptr = NULL;
chain_done:
		for (size_t i = 0; i < ncerts; i++)
			lg_prov_bytes_dispose(&certs[i]);
		lg__free(certs);
		if (error < 0)
			return error;
	} else if ((error = b64_at(&b->cert, json_object_get(vm, "certificate"), "rawBytes",
				   "verificationMaterial.certificate")) < 0) {
		return error;
	}
	if (!json_is_array(entries) || json_array_size(entries) != 1)
		return BAD("expected exactly one log entry in bundle");
	if ((error = parse_tlog(&b->tlog, json_array_get(entries, 0))) < 0 ||
	    (error = parse_timestamps(b, json_object_get(vm, "timestampVerificationData"))) < 0)
		return error;
	return 0;
}

static int parse_content(struct lg_prov_bundle *b, json_t *root)
{
	json_t *ms = json_object_get(root, "messageSignature");
	json_t *env = json_object_get(root, "dsseEnvelope");
	json_t *sigs;
	size_t len = 0;
	const char *alg;
	int error;

	if (!!ms == !!env)
		return BAD("bundle: needs exactly one of messageSignature and dsseEnvelope");
	if (ms) {
		json_t *md = json_object_get(ms, "messageDigest");

		b->content = LG_PROV_MESSAGE_SIGNATURE;
		if (!(alg = str_at(md, "algorithm", NULL)) || strcmp(alg, "SHA2_256"))
			return BAD("bundle: message digest algorithm is not SHA2_256");
		if ((error = b64_at(&b->digest, md, "digest", "messageDigest")) < 0)
			return error;
		return b64_at(&b->signature, ms, "signature", "messageSignature");
	}
	b->content = LG_PROV_DSSE;
	sigs = json_object_get(env, "signatures");
	if (!json_is_array(sigs) || json_array_size(sigs) != 1)
		return BAD("dsseEnvelope: expected exactly one signature");
	if (!str_at(env, "payloadType", &len))
		return BAD("dsseEnvelope: missing payloadType");
	if ((error = dup_at(&b->payload_type, env, "payloadType")) < 0 ||
	    (error = b64_at(&b->payload, env, "payload", "dsseEnvelope")) < 0)
		return error;
	return b64_at(&b->signature, json_array_get(sigs, 0), "sig", "dsseEnvelope");
}

static int has_signed_time(const struct lg_prov_bundle *b)
{
	if (!b->tlog.set.len && !b->ntimestamps)
		return BAD("bundle must contain an inclusion promise or signed timestamp(s)");
	return 0;
}

int lg_prov_bundle_parse(struct lg_prov_bundle **out, const char *json, size_t len)
{
	struct lg_prov_bundle *b = NULL;
	json_t *root = NULL;
	const char *mt;
	int error = 0;

	*out = NULL;
	if (!(root = load(json, len, "Sigstore bundle")))
		return load_error();
	if (!(b = lg__calloc(1, sizeof(*b)))) {
		error = lg_error_oom();
		goto done;
	}
	mt = str_at(root, "mediaType", NULL);
	for (size_t i = 0; mt && i < LG_ARRAY_SIZE(media_types); i++)
		if (!strcmp(mt, media_types[i].media_type))
			b->media_minor = media_types[i].minor;
	if (!b->media_minor) {
		error = BAD("bundle: unsupported mediaType '%.80s'", mt ? mt : "(none)");
		goto done;
	}
	if ((error = parse_material(b, json_object_get(root, "verificationMaterial"))) < 0 ||
	    (error = parse_content(b, root)) < 0 || (error = has_signed_time(b)) < 0)
		goto done;
	*out = b;
	b = NULL;
done:
	lg_prov_bundle_free(b);
	json_decref(root);
	return error;
}

/* ---- PyPI provenance ---------------------------------------------------- */

void lg_prov_publisher_dispose(struct lg_prov_publisher *p)
{
	lg__free(p->kind);
	lg__free(p->repository);
	lg__free(p->workflow);
	lg__free(p->workflow_filepath);
	lg__free(p->environment);
	lg__free(p->email);
	memset(p, 0, sizeof(*p));
}

static int parse_publisher(struct lg_prov_publisher *p, json_t *v)
{
	int error;

	if (!json_is_object(v) || !str_at(v, "kind", NULL))
		return BAD("provenance: publisher without kind");
	if ((error = dup_at(&p->kind, v, "kind")) < 0 ||
	    (error = dup_at(&p->repository, v, "repository")) < 0 ||
	    (error = dup_at(&p->workflow, v, "workflow")) < 0 ||
	    (error = dup_at(&p->workflow_filepath, v, "workflow_filepath")) < 0 ||
	    (error = dup_at(&p->environment, v, "environment")) < 0 ||
	    (error = dup_at(&p->email, v, "email")) < 0)
		return error;
	return 0;
}

static int parse_attestation(struct lg_prov_bundle **out, json_t *v)
{
	const char *w = "attestation";
	struct lg_prov_bundle *b = NULL;
	json_t *vm = json_object_get(v, "verification_material");
	json_t *env = json_object_get(v, "envelope");
	json_t *entries = json_object_get(vm, "transparency_entries");
	json_t *ts = json_object_get(vm, "timestamps");
	json_t *ver = json_object_get(v, "version");
	int error = 0;

	*out = NULL;
	if (!json_is_integer(ver) || json_integer_value(ver) != 1)
		return BAD("attestation: version is not 1");
	if (!(b = lg__calloc(1, sizeof(*b))))
		return lg_error_oom();
	b->content = LG_PROV_DSSE;
	if (!json_is_array(entries) || !json_array_size(entries)) {
		error = BAD("attestation: no transparency entry");
		goto done;
	}
	if ((error = b64_at(&b->cert, vm, "certificate", w)) < 0 ||
	    (error = b64_at(&b->payload, env, "statement", w)) < 0 ||
	    (error = b64_at(&b->signature, env, "signature", w)) < 0 ||
	    (error = parse_tlog(&b->tlog, json_array_get(entries, 0))) < 0 ||
	    (ts && (error = bytes_array(&b->timestamps, &b->ntimestamps, ts, NULL,
					LG_MAX_PROV_TIMESTAMPS, "timestamps")) < 0) ||
	    (error = has_signed_time(b)) < 0)
		goto done;
	if (!(b->payload_type = lg__strdup("application/vnd.in-toto+json"))) {
		error = lg_error_oom();
		goto done;
	}
	*out = b;
	b = NULL;
done:
	lg_prov_bundle_free(b);
	return error;
}

static int parse_doc_bundle(struct lg_prov_doc_bundle *db, json_t *v)
{
	json_t *atts = json_object_get(v, "attestations");
	json_t *a;
	size_t i;
	int error;

	if (!json_is_object(v))
		return BAD("provenance: attestation bundle is not an object");
	if ((error = parse_publisher(&db->publisher, json_object_get(v, "publisher"))) < 0)
		return error;
	if (!json_is_array(atts) || !json_array_size(atts))
		return BAD("provenance: bundle without attestations");
	if (json_array_size(atts) > LG_MAX_PROV_ATTESTATIONS)
		return lg_error_toobig("provenance: more than %u attestations in a bundle",
				       LG_MAX_PROV_ATTESTATIONS);
	if (!(db->attestations = lg__calloc(json_array_size(atts), sizeof(*db->attestations))))
		return lg_error_oom();
	json_array_foreach(atts, i, a) {
		if ((error = parse_attestation(&db->attestations[i], a)) < 0)
			return error;
		db->nattestations++;
	}
	return 0;
}

void lg_prov_document_free(struct lg_prov_document *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nbundles; i++) {
		lg_prov_publisher_dispose(&d->bundles[i].publisher);
		for (size_t j = 0; j < d->bundles[i].nattestations; j++)
			lg_prov_bundle_free(d->bundles[i].attestations[j]);
		lg__free(d->bundles[i].attestations);
	}
	lg__free(d->bundles);
	lg__free(d);
}

int lg_prov_document_parse(struct lg_prov_document **out, const char *json, size_t len)
{
	struct lg_prov_document *d = NULL;
	json_t *root, *arr, *v;
	size_t i;
	int error = 0;

	*out = NULL;
	if (!(root = load(json, len, "provenance")))
		return load_error();
	arr = json_object_get(root, "attestation_bundles");
	if (!json_is_integer(json_object_get(root, "version")) ||
	    json_integer_value(json_object_get(root, "version")) != 1) {
		error = BAD("provenance: version is not 1");
		goto done;
	}
	if (!json_is_array(arr) || !json_array_size(arr)) {
		error = BAD("provenance: no attestation_bundles");
		goto done;
	}
	if (json_array_size(arr) > LG_MAX_PROV_BUNDLES) {
		error = lg_error_toobig("provenance: more than %u attestation bundles",
					LG_MAX_PROV_BUNDLES);
		goto done;
	}
	if (!(d = lg__calloc(1, sizeof(*d))) ||
	    !(d->bundles = lg__calloc(json_array_size(arr), sizeof(*d->bundles)))) {
		error = lg_error_oom();
		goto done;
	}
	json_array_foreach(arr, i, v) {
		d->nbundles++;
		if ((error = parse_doc_bundle(&d->bundles[i], v)) < 0)
			goto done;
	}
	*out = d;
	d = NULL;
done:
	lg_prov_document_free(d);
	json_decref(root);
	return error;
}

/* ---- trusted root ------------------------------------------------------- */

static int parse_window(struct lg_prov_window *w, json_t *v, const char *what)
{
	const char *s;

	w->start = w->end = 0;
	if (!json_is_object(v) || !(s = str_at(v, "start", NULL)))
		return BAD("trusted root: %s has no validFor.start", what);
	if (lg_prov_parse_time(&w->start, s) < 0)
		return LG_EINVALID;
	if ((s = str_at(v, "end", NULL)) && lg_prov_parse_time(&w->end, s) < 0)
		return LG_EINVALID;
	/* an end before the start is a window no time is in, not an error */
	return 0;
}

static int parse_logkeys(struct lg_prov_logkey **out, size_t *n, json_t *arr)
{
	json_t *v;
	size_t i;
	int error;

	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return BAD("trusted root: tlogs is not an array");
	if (json_array_size(arr) > LG_MAX_PROV_TRUST_ENTRIES)
		return lg_error_toobig("trusted root: more than %u logs", LG_MAX_PROV_TRUST_ENTRIES);
	if (!json_array_size(arr))
		return 0;
	if (!(*out = lg__calloc(json_array_size(arr), sizeof(**out))))
		return lg_error_oom();
	json_array_foreach(arr, i, v) {
		struct lg_prov_logkey *k = &(*out)[i];
		json_t *pk = json_object_get(v, "publicKey");

		(*n)++;
		if ((error = dup_at(&k->base_url, v, "baseUrl")) < 0 ||
		    (error = dup_at(&k->key_details, pk, "keyDetails")) < 0 ||
		    (error = b64_at(&k->key_id, json_object_get(v, "logId"), "keyId", "tlog")) < 0 ||
		    (error = b64_at(&k->spki, pk, "rawBytes", "tlog publicKey")) < 0 ||
		    (error = parse_window(&k->valid, json_object_get(pk, "validFor"), "a log key")) < 0)
			return error;
	}
	return 0;
}

static int parse_authorities(struct lg_prov_authority **out, size_t *n, json_t *arr,
			     const char *what)
{
	json_t *v;
	size_t i;
	int error;

	*n = 0;
	if (!arr)
		return 0;
	if (!json_is_array(arr))
		return BAD("trusted root: %s is not an array", what);
	if (json_array_size(arr) > LG_MAX_PROV_TRUST_ENTRIES)
		return lg_error_toobig("trusted root: more than %u %s", LG_MAX_PROV_TRUST_ENTRIES,
				       what);
	if (!json_array_size(arr))
		return 0;
	if (!(*out = lg__calloc(json_array_size(arr), sizeof(**out))))
		return lg_error_oom();
	json_array_foreach(arr, i, v) {
		struct lg_prov_authority *a = &(*out)[i];

		(*n)++;
		if ((error = dup_at(&a->uri, v, "uri")) < 0 ||
		    (error = bytes_array(&a->certs, &a->ncerts,
					 json_object_get(json_object_get(v, "certChain"),
							 "certificates"),
					 "rawBytes", LG_MAX_PROV_CERTS, what)) < 0 ||
		    (error = parse_window(&a->valid, json_object_get(v, "validFor"), what)) < 0)
			return error;
		if (!a->ncerts)
			return BAD("trusted root: a %s entry is missing a certificate", what);
	}
	return 0;
}

static void authorities_free(struct lg_prov_authority *a, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		lg__free(a[i].uri);
		for (size_t j = 0; j < a[i].ncerts; j++)
			lg_prov_bytes_dispose(&a[i].certs[j]);
		lg__free(a[i].certs);
	}
	lg__free(a);
}

static void logkeys_free(struct lg_prov_logkey *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		lg__free(k[i].base_url);
		lg__free(k[i].key_details);
		lg_prov_bytes_dispose(&k[i].key_id);
		lg_prov_bytes_dispose(&k[i].spki);
	}
	lg__free(k);
}

void lg_prov_trust_free(struct lg_prov_trust *t)
{
	if (!t)
		return;
	logkeys_free(t->tlogs, t->ntlogs);
	logkeys_free(t->ctlogs, t->nctlogs);
	authorities_free(t->cas, t->ncas);
	authorities_free(t->tsas, t->ntsas);
	lg__free(t);
}

int lg_prov_trust_parse(struct lg_prov_trust **out, const char *json, size_t len)
{
	struct lg_prov_trust *t = NULL;
	json_t *root;
	const char *mt;
	int error = 0;

	*out = NULL;
	if (!(root = load(json, len, "trusted root")))
		return load_error();
	mt = str_at(root, "mediaType", NULL);
	if (!mt || (strcmp(mt, "application/vnd.dev.sigstore.trustedroot+json;version=0.1") &&
		    strcmp(mt, "application/vnd.dev.sigstore.trustedroot.v0.2+json"))) {
		error = BAD("trusted root: unsupported mediaType '%.80s'", mt ? mt : "(none)");
		goto done;
	}
	if (!(t = lg__calloc(1, sizeof(*t)))) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = parse_logkeys(&t->tlogs, &t->ntlogs, json_object_get(root, "tlogs"))) < 0 ||
	    (error = parse_logkeys(&t->ctlogs, &t->nctlogs, json_object_get(root, "ctlogs"))) < 0 ||
	    (error = parse_authorities(&t->cas, &t->ncas,
				       json_object_get(root, "certificateAuthorities"),
				       "certificateAuthorities")) < 0 ||
	    (error = parse_authorities(&t->tsas, &t->ntsas,
				       json_object_get(root, "timestampAuthorities"),
				       "timestampAuthorities")) < 0)
		goto done;
	*out = t;
	t = NULL;
done:
	lg_prov_trust_free(t);
	json_decref(root);
	return error;
}

int lg_prov_base64_text(struct lg_prov_bytes *out, const char *s, size_t len)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	int error;

	out->ptr = NULL;
	out->len = 0;
	for (size_t i = 0; i < len; i++)
		if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
			lg_buf_putc(&b, s[i]);
	if (b.err) {
		error = b.err == LG_ENOMEM ? lg_error_oom()
					   : lg_error_toobig("base64 text too large");
		goto done;
	}
	error = lg_prov_base64_decode(out, b.ptr, b.len);
done:
	lg_buf_dispose(&b);
	return error;
}

int lg_prov_pem_cert(struct lg_prov_bytes *out, const char *pem, size_t len)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	const char *b = memmem(pem, len, begin, sizeof(begin) - 1), *e;

	out->ptr = NULL;
	out->len = 0;
	if (!b || !(e = memmem(b, len - (size_t)(b - pem), end, sizeof(end) - 1)))
		return BAD("no PEM certificate");
	b += sizeof(begin) - 1;
	return lg_prov_base64_text(out, b, (size_t)(e - b));
}
