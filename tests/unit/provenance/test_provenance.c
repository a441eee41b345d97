/* SPDX-License-Identifier: MIT */
/* The PEP 740 verifier on the real PyPI provenance of sampleproject 4.0.0
 * (../shared/vectors/pypi-provenance): every intermediate value of its
 * README, then one flipped byte per step, each failing with its reason. */
#include <stdio.h>
#include <stdlib.h>

#include "lg_test.h"
#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/hash.h"
#include "lg/limits.h"
#include "lg/provenance.h"

#define PYPI LG_SHARED_DIR "/vectors/pypi-provenance/"
#define SIG LG_SHARED_DIR "/vectors/sigstore/"
#define FILE_SHA "0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b"
#define FILE_NAME "sampleproject-4.0.0.tar.gz"

static void slurp(struct lg_buf *b, const char *path)
{
	lg_buf_init(b, LG_MAX_PROV_BYTES);
	if (lg_fs_read_file(b, path, LG_MAX_PROV_BYTES) < 0)
		fail_msg("cannot read %s: %s", path, lg_error_last()->message);
}

static struct lg_prov_document *load_doc(void)
{
	struct lg_prov_document *d = NULL;
	struct lg_buf b;

	slurp(&b, PYPI "sampleproject-4.0.0.tar.gz.provenance.json");
	assert_int_equal(lg_prov_document_parse(&d, b.ptr, b.len), 0);
	lg_buf_dispose(&b);
	return d;
}

static struct lg_prov_trust *load_trust(const char *path)
{
	struct lg_prov_trust *t = NULL;
	struct lg_buf b;

	if (!path) {
		size_t n;
		const char *j = lg_prov_default_trusted_root(&n);

		assert_int_equal(lg_prov_trust_parse(&t, j, n), 0);
		return t;
	}
	slurp(&b, path);
	assert_int_equal(lg_prov_trust_parse(&t, b.ptr, b.len), 0);
	lg_buf_dispose(&b);
	return t;
}

static void sha_hex(char out[65], const void *p, size_t n)
{
	assert_int_equal(lg_sha256_hex(out, p, n), 0);
}

static void test_provenance_pypi__shape_and_decode(void **state)
{
	struct lg_prov_document *d = load_doc();
	const struct lg_prov_bundle *a;
	const struct lg_prov_publisher *p;
	char hex[65];

	(void)state;
	assert_int_equal(d->nbundles, 1);
	assert_int_equal(d->bundles[0].nattestations, 1);
	p = &d->bundles[0].publisher;
	assert_string_equal(p->kind, "GitHub");
	assert_string_equal(p->repository, "pypa/sampleproject");
	assert_string_equal(p->workflow, "release.yml");
	assert_string_equal(p->environment, "");
	a = d->bundles[0].attestations[0];
	assert_int_equal(a->content, LG_PROV_DSSE);
	assert_string_equal(a->tlog.kind, "dsse");
	assert_string_equal(a->tlog.version, "0.0.1");
	/* step 2: decoded sizes and digests */
	assert_int_equal(a->payload.len, 261);
	sha_hex(hex, a->payload.ptr, a->payload.len);
	assert_string_equal(hex, "95a7d0c7feaed540942edfe70af9d3bb63b63e880d2d7a1c63fd8424a56b45bc");
	assert_int_equal(a->signature.len, 71);
	assert_int_equal(a->cert.len, 1701);
	sha_hex(hex, a->cert.ptr, a->cert.len);
	assert_string_equal(hex, "b840d9e2846028d988df4f4be3c2dca05c95243e1882691daeedb503c3dd0123");
	assert_int_equal(a->tlog.body.len, 3556);
	/* the two log indexes */
	assert_int_equal(a->tlog.log_index, 147137139);
	assert_int_equal(a->tlog.proof_index, 25232877);
	assert_int_equal(a->tlog.tree_size, 25232879);
	assert_int_equal(a->tlog.integrated_time, 1730932627);
	assert_int_equal(a->tlog.nhashes, 12);
	/* step 6: the log id */
	assert_int_equal(a->tlog.key_id.len, 32);
	{
		char lid[65];
		static const char hx[] = "0123456789abcdef";

		for (size_t i = 0; i < 32; i++) {
			lid[2 * i] = hx[a->tlog.key_id.ptr[i] >> 4];
			lid[2 * i + 1] = hx[a->tlog.key_id.ptr[i] & 15];
		}
		lid[64] = '\0';
		assert_string_equal(lid, "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d");
	}
	lg_prov_document_free(d);
}

/* A DER element at p (tag and definite length, at most 4 length bytes):
 * *hdr is the header size; returns the content length. */
static size_t der(const unsigned char *p, size_t *hdr)
{
	size_t n = 0;

	if (!(p[1] & 0x80)) {
		*hdr = 2;
		return p[1];
	}
	assert_in_range(p[1] & 0x7f, 1, 4);
	for (unsigned i = 0; i < (p[1] & 0x7fu); i++)
		n = n << 8 | p[2 + i];
	*hdr = 2 + (p[1] & 0x7fu);
	return n;
}

static void hex_of(char *out, const unsigned char *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* An INTEGER's magnitude in hex (without a sign byte 00); returns the
 * byte after it. */
static const unsigned char *der_int_hex(char *out, size_t cap, const unsigned char *p)
{
	size_t hdr, n;

	assert_int_equal(p[0], 0x02);
	n = der(p, &hdr);
	p += hdr;
	if (n > 1 && p[0] == 0) {
		p++;
		n--;
	}
	assert_true(2 * n < cap);
	hex_of(out, p, n);
	return p + n;
}

/* Step 2: the envelope signature is DER SEQUENCE { r = F524...F92A,
 * s = 4033...C723 } (P-256: 32-byte values). Step 10: the leaf's serial.
 * Step 11: its one embedded SCT, by the ctfe.sigstore.dev/2022 log, at
 * 2024-11-06T22:37:07.428Z. */
static void test_provenance_pypi__der_values(void **state)
{
	static const unsigned char sct_oid[] = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01,
						0xd6, 0x79, 0x02, 0x04, 0x02};
	static const char ctfe_b64[] = "3T0wasbHETJjGR4cmWc3AqJKXrjePK3/h4pygC8p7o4=";
	struct lg_prov_document *d = load_doc();
	const struct lg_prov_bundle *a = d->bundles[0].attestations[0];
	const unsigned char *p = a->signature.ptr, *c = a->cert.ptr, *end;
	struct lg_prov_bytes ctfe = {0};
	char hex[160];
	size_t hdr, n;
	uint64_t ms = 0;

	(void)state;
	/* the signature */
	assert_int_equal(p[0], 0x30);
	n = der(p, &hdr);
	assert_int_equal(hdr + n, a->signature.len);
	p = der_int_hex(hex, sizeof(hex), p + hdr);
	assert_int_equal(strlen(hex), 64);
	assert_memory_equal(hex, "f524", 4);
	assert_string_equal(hex + 60, "f92a");
	p = der_int_hex(hex, sizeof(hex), p);
	assert_int_equal(strlen(hex), 64);
	assert_memory_equal(hex, "4033", 4);
	assert_string_equal(hex + 60, "c723");
	assert_ptr_equal(p, a->signature.ptr + a->signature.len);
	/* the leaf serial: Certificate { TBSCertificate { [0] version, serial */
	der(c, &hdr);
	c += hdr;
	assert_int_equal(c[0], 0x30);
	der(c, &hdr);
	c += hdr;
	assert_int_equal(c[0], 0xa0);
	n = der(c, &hdr);
	der_int_hex(hex, sizeof(hex), c + hdr + n);
	assert_string_equal(hex, "15a8be3c329a935c40d472ead26b24aa10d5e7");
	/* the SCT extension: OID [critical] OCTET STRING { OCTET STRING {
	 * u16 list length, u16 SCT length, version 0, log id, u64 ms } } */
	c = a->cert.ptr;
	end = c + a->cert.len - sizeof(sct_oid);
	while (c < end && memcmp(c, sct_oid, sizeof(sct_oid)))
		c++;
	assert_true(c < end);
	c += sizeof(sct_oid);
	if (c[0] == 0x01)
		c += 3;
	assert_int_equal(c[0], 0x04);
	der(c, &hdr);
	c += hdr;
	assert_int_equal(c[0], 0x04);
	n = der(c, &hdr);
	c += hdr;
	assert_int_equal((size_t)(c[0] << 8 | c[1]), n - 2);  /* one list */
	assert_int_equal((size_t)(c[2] << 8 | c[3]), n - 4);  /* of one SCT */
	c += 4;
	assert_int_equal(c[0], 0);                            /* v1 */
	hex_of(hex, c + 1, 32);
	assert_memory_equal(hex, "dd3d306a", 8);
	assert_string_equal(hex + 58, "29ee8e");
	assert_int_equal(lg_prov_base64_decode(&ctfe, ctfe_b64, strlen(ctfe_b64)), 0);
	assert_int_equal(ctfe.len, 32);
	assert_memory_equal(ctfe.ptr, c + 1, 32);
	for (int i = 0; i < 8; i++)
		ms = ms << 8 | c[33 + i];
	assert_true(ms == 1730932627428ull);
	lg__free(ctfe.ptr);
	lg_prov_document_free(d);
}

/* The log id is the SHA-256 of the Rekor key's DER SubjectPublicKeyInfo. */
static void test_provenance_pypi__log_id_is_key_hash(void **state)
{
	static const char spki_b64[] =
		"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwr"
		"kBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==";
	struct lg_prov_bytes k = {0};
	char hex[65];

	(void)state;
	assert_int_equal(lg_prov_base64_decode(&k, spki_b64, strlen(spki_b64)), 0);
	sha_hex(hex, k.ptr, k.len);
	assert_string_equal(hex, "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d");
	lg__free(k.ptr);
}

static void test_provenance_pypi__statement_and_pae(void **state)
{
	struct lg_prov_document *d = load_doc();
	const struct lg_prov_bundle *a = d->bundles[0].attestations[0];
	struct lg_buf pae = LG_BUF_INIT(1 << 20);
	char hex[65];

	(void)state;
	assert_memory_equal(a->payload.ptr, "{\"_type\":\"https://in-toto.io/Statement/v1\","
			    "\"subject\":[{\"name\":\"sampleproject-4.0.0.tar.gz\"", 74);
	assert_int_equal(lg_prov_pae(&pae, a->payload_type, a->payload.ptr, a->payload.len), 0);
	assert_int_equal(pae.len, 304);
	assert_memory_equal(pae.ptr, "DSSEv1 28 application/vnd.in-toto+json 261 ", 43);
	sha_hex(hex, pae.ptr, pae.len);
	assert_string_equal(hex, "beee9a0ea82abe8949a0785b5428b9ca09d762c957db9afdb1133397c38df09d");
	lg_buf_dispose(&pae);
	lg_prov_document_free(d);
}

static void test_provenance_pypi__merkle_checkpoint_set(void **state)
{
	struct lg_prov_document *d = load_doc();
	const struct lg_prov_bundle *a = d->bundles[0].attestations[0];
	struct lg_buf leaf = LG_BUF_INIT(1 << 20), set = LG_BUF_INIT(1 << 20);
	unsigned char root[32];
	const char *blank;
	char hex[65];

	(void)state;
	/* step 7: leaf hash, then the audit path to the root hash */
	assert_int_equal(lg_buf_putc(&leaf, '\0'), 0);
	assert_int_equal(lg_buf_put(&leaf, a->tlog.body.ptr, a->tlog.body.len), 0);
	sha_hex(hex, leaf.ptr, leaf.len);
	assert_string_equal(hex, "0004aaa6a89f41c3d07079c6be8ee0f6fc9ee3e23c159e101140f31036f014db");
	assert_int_equal(lg_prov_merkle_root(root, a->tlog.body.ptr, a->tlog.body.len,
					     a->tlog.proof_index, a->tlog.tree_size,
					     a->tlog.hashes, a->tlog.nhashes), 0);
	sha_hex(hex, "", 0); /* reuse the buffer for the root's hex */
	for (size_t i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", root[i]);
	assert_string_equal(hex, "42b9cca302671a3f616642f550ebe483bc3e2ae1b6ecf10372c75a12a0ada033");
	assert_memory_equal(root, a->tlog.root_hash.ptr, 32);
	/* 11 hashes are the wrong count for (25232877, 25232879): inner 2 + border 10 */
	assert_int_equal(lg_prov_merkle_root(root, a->tlog.body.ptr, a->tlog.body.len,
					     a->tlog.proof_index, a->tlog.tree_size,
					     a->tlog.hashes, 11), LG_EINVALID);
	/* step 8: the checkpoint body (95 bytes) and its em-dash signature line */
	blank = strstr(a->tlog.checkpoint, "\n\n");
	assert_non_null(blank);
	assert_int_equal(blank - a->tlog.checkpoint + 1, 95);
	sha_hex(hex, a->tlog.checkpoint, 95);
	assert_string_equal(hex, "3a07ff83d933e8dc5c347ef691ecce55f339b9e0e24a9ef6d85cc05358ef8a08");
	assert_memory_equal(a->tlog.checkpoint, "rekor.sigstore.dev - 1193050959916656506\n"
			    "25232879\nQrnMowJnGj9hZkL1UOvkg7w+KuG27PEDcsdaEqCtoDM=\n", 95);
	assert_memory_equal(blank + 2, "\xe2\x80\x94 rekor.sigstore.dev ", 23);
	/* step 9: the SET payload */
	assert_int_equal(lg_prov_set_payload(&set, &a->tlog), 0);
	assert_int_equal(set.len, 4879);
	sha_hex(hex, set.ptr, set.len);
	assert_string_equal(hex, "17c94a8f099c9d8d6831dc3257edfc46735bbe61a05f567e4b42094fa3197afa");
	assert_non_null(strstr(set.ptr, "\"integratedTime\":1730932627,\"logID\":\"c0d23d6a"));
	assert_non_null(strstr(set.ptr, "801d\",\"logIndex\":147137139}"));
	lg_buf_dispose(&leaf);
	lg_buf_dispose(&set);
	lg_prov_document_free(d);
}

static void expect_ext(const struct lg_prov_bytes *cert, unsigned n, const char *want)
{
	char *v = NULL;

	assert_int_equal(lg_prov_fulcio_ext(&v, cert, n), 0);
	if (!want) {
		assert_null(v);
		return;
	}
	if (!v)
		fail_msg("extension .1.%u is missing", n);
	assert_string_equal(v, want);
	lg__free(v);
}

/* step 12: raw (.1-.6) and DER UTF8String (.8+) extensions */
static void test_provenance_pypi__fulcio_extensions(void **state)
{
	static const struct {
		unsigned n;
		const char *v;
	} exts[] = {
		{1, "https://token.actions.githubusercontent.com"},
		{2, "push"},
		{3, "621e4974ca25ce531773def586ba3ed8e736b3fc"},
		{4, "Release"},
		{5, "pypa/sampleproject"},
		{6, "refs/heads/main"},
		{8, "https://token.actions.githubusercontent.com"},
		{9, "https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main"},
		{10, "621e4974ca25ce531773def586ba3ed8e736b3fc"},
		{11, "github-hosted"},
		{12, "https://github.com/pypa/sampleproject"},
		{13, "621e4974ca25ce531773def586ba3ed8e736b3fc"},
		{14, "refs/heads/main"},
		{15, "14899596"},
		{16, "https://github.com/pypa"},
		{17, "647025"},
		{18, "https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main"},
		{19, "621e4974ca25ce531773def586ba3ed8e736b3fc"},
		{20, "push"},
		{21, "https://github.com/pypa/sampleproject/actions/runs/11713038981/attempts/1"},
		{22, "public"},
		{23, NULL},
	};
	struct lg_prov_document *d = load_doc();

	(void)state;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		expect_ext(&d->bundles[0].attestations[0]->cert, exts[i].n, exts[i].v);
	lg_prov_document_free(d);
}

/* The GitHub Actions bundle of the sigstore vectors (rfc8785.py). */
static void test_provenance_bundle__github_extensions(void **state)
{
	struct lg_prov_bundle *b = NULL;
	struct lg_buf j;

	(void)state;
	slurp(&j, SIG "assets/bundle_v3_github.whl.sigstore");
	assert_int_equal(lg_prov_bundle_parse(&b, j.ptr, j.len), 0);
	assert_int_equal(b->media_minor, 2);
	expect_ext(&b->cert, 1, "https://token.actions.githubusercontent.com");
	expect_ext(&b->cert, 4, "release");
	expect_ext(&b->cert, 5, "trailofbits/rfc8785.py");
	expect_ext(&b->cert, 6, "refs/tags/v0.1.2");
	expect_ext(&b->cert, 15, "768213997");
	expect_ext(&b->cert, 17, "2314423");
	expect_ext(&b->cert, 18, "https://github.com/trailofbits/rfc8785.py/.github/workflows/"
		   "release.yml@refs/tags/v0.1.2");
	lg_prov_bundle_free(b);
	lg_buf_dispose(&j);
}

static void verify_pypi(struct lg_prov_result *r, const struct lg_prov_document *d,
			const struct lg_prov_trust *t, const char *sha, const char *name,
			int64_t at)
{
	struct lg_prov_expect e = {0};

	e.sha256 = sha;
	e.filename = name;
	e.pypi = true;
	e.publisher = &d->bundles[0].publisher;
	e.at = at;
	assert_int_equal(lg_prov_verify(r, d->bundles[0].attestations[0], t, &e), 0);
}

static void test_provenance_pypi__verifies(void **state)
{
	struct lg_prov_document *d = load_doc();
	struct lg_prov_trust *t = load_trust(NULL), *t2 = load_trust(PYPI "trusted_root.json");
	struct lg_prov_result r;

	(void)state;
	verify_pypi(&r, d, t, FILE_SHA, FILE_NAME, 0);
	assert_true(r.verified);
	for (int s = 0; s < LG_PROV_NSTEPS; s++)
		if (s != LG_PROV_STEP_TIMESTAMPS && s != LG_PROV_STEP_IDENTITY)
			assert_int_equal(r.steps[s].status, LG_PROV_OK);
	/* step 11: one embedded SCT, by ctfe.sigstore.dev/2022 */
	assert_string_equal(r.steps[LG_PROV_STEP_SCT].detail,
			    "1 of 1 SCTs verify with a CT log of the trusted root");
	assert_int_equal(r.signed_time, 1730932627);
	/* step 10: leaf valid 22:37:07Z..22:47:07Z */
	assert_string_equal(r.steps[LG_PROV_STEP_VALIDITY].detail,
			    "signed time inside 1730932627..1730933227");
	assert_string_equal(r.log_url, "https://rekor.sigstore.dev");
	assert_string_equal(r.san, "https://github.com/pypa/sampleproject/.github/workflows/"
			    "release.yml@refs/heads/main");
	assert_string_equal(r.issuer, "https://token.actions.githubusercontent.com");
	assert_string_equal(r.source_repository, "https://github.com/pypa/sampleproject");
	/* the vector's trusted_root.json is the one lockgate ships */
	verify_pypi(&r, d, t2, FILE_SHA, FILE_NAME, 0);
	assert_true(r.verified);
	/* a name differing only in normalisation is the same file */
	verify_pypi(&r, d, t, FILE_SHA, "SampleProject-4.0.0.tar.gz", 0);
	assert_true(r.verified);
	lg_prov_trust_free(t);
	lg_prov_trust_free(t2);
	lg_prov_document_free(d);
}

/* Without the CT logs in the trust root, the SCT cannot be verified and
 * the attestation is not valid (never a silent downgrade). */
static void test_provenance_pypi__sct_needs_ct_log(void **state)
{
	struct lg_prov_document *d = load_doc();
	struct lg_prov_trust *t = NULL;
	struct lg_prov_result r;
	size_t n;
	const char *j = lg_prov_default_trusted_root(&n);
	char *copy = lg__strndup(j, n), *ct = strstr(copy, "\"ctlogs\"");

	(void)state;
	assert_non_null(ct);
	ct[1] = 'x'; /* "xtlogs": an unknown key, so no CT log */
	assert_int_equal(lg_prov_trust_parse(&t, copy, n), 0);
	verify_pypi(&r, d, t, FILE_SHA, FILE_NAME, 0);
	assert_false(r.verified);
	assert_int_equal(r.failed, LG_PROV_STEP_SCT);
	assert_string_equal(r.steps[LG_PROV_STEP_SCT].detail,
			    "no SCT verifies with a CT log of the trusted root (1 embedded)");
	lg_prov_trust_free(t);
	lg__free(copy);
	lg_prov_document_free(d);
}

/* A ten-minute leaf checked "now" has expired: that is why the signed
 * time, not the clock, is used. */
static void test_provenance_pypi__chain_now_fails(void **state)
{
	struct lg_prov_document *d = load_doc();
	struct lg_prov_trust *t = load_trust(NULL);
	struct lg_prov_result r;

	(void)state;
	verify_pypi(&r, d, t, FILE_SHA, FILE_NAME, 1764000000);
	assert_false(r.verified);
	assert_int_equal(r.failed, LG_PROV_STEP_CHAIN);
	assert_non_null(strstr(r.steps[LG_PROV_STEP_CHAIN].detail, "certificate has expired"));
	lg_prov_trust_free(t);
	lg_prov_document_free(d);
}

enum mutation {
	M_SIGNATURE, M_CERT, M_PROOF, M_CHECKPOINT, M_SET, M_TIME, M_DIGEST, M_NAME,
	M_ISSUER, M_REPOSITORY, M_GITLAB, M_GOOGLE, M_UNKNOWN_KIND, M_BODY, M_PREDICATE,
};

static const struct {
	enum mutation m;
	enum lg_prov_step step;
	const char *reason;
} negatives[] = {
	{M_SIGNATURE, LG_PROV_STEP_SIGNATURE, "DSSE envelope signature does not verify"},
	{M_CERT, LG_PROV_STEP_CHAIN, "failed to build the certificate chain"},
	{M_PROOF, LG_PROV_STEP_INCLUSION, "inclusion proof does not lead to the root hash"},
	{M_CHECKPOINT, LG_PROV_STEP_CHECKPOINT, "checkpoint signature does not verify"},
	{M_SET, LG_PROV_STEP_SET, "signed entry timestamp does not verify"},
	{M_TIME, LG_PROV_STEP_SET, "signed entry timestamp does not verify"},
	{M_DIGEST, LG_PROV_STEP_STATEMENT, "statement subject sha256 is not the artifact's"},
	{M_NAME, LG_PROV_STEP_STATEMENT, "no statement subject is named"},
	{M_ISSUER, LG_PROV_STEP_IDENTITY, "OIDC issuer"},
	{M_REPOSITORY, LG_PROV_STEP_PUBLISHER, "source repository"},
	{M_GITLAB, LG_PROV_STEP_PUBLISHER, "is not https://gitlab.com"},
	{M_GOOGLE, LG_PROV_STEP_PUBLISHER, "no SAN of the certificate is the publisher's e-mail"},
	{M_UNKNOWN_KIND, LG_PROV_STEP_PUBLISHER, "has no attestation policy: unverifiable"},
	{M_BODY, LG_PROV_STEP_INCLUSION, "inclusion proof does not lead to the root hash"},
	{M_PREDICATE, LG_PROV_STEP_STATEMENT, "predicate type "
	 "'https://docs.pypi.org/attestations/publish/v9' is not a PyPI publish attestation"},
};

static void test_provenance_pypi__flipped_bytes(void **state)
{
	struct lg_prov_trust *t = load_trust(NULL);

	(void)state;
	for (size_t i = 0; i < sizeof(negatives) / sizeof(negatives[0]); i++) {
		struct lg_prov_document *d = load_doc();
		struct lg_prov_bundle *a = d->bundles[0].attestations[0];
		struct lg_prov_publisher *p = &d->bundles[0].publisher;
		struct lg_prov_expect e = {0};
		struct lg_prov_result r;
		char *s;

		e.sha256 = FILE_SHA;
		e.filename = FILE_NAME;
		e.pypi = true;
		e.publisher = p;
		switch (negatives[i].m) {
		case M_SIGNATURE: a->signature.ptr[40] ^= 1; break;
		case M_CERT: a->cert.ptr[a->cert.len - 10] ^= 1; break;
		case M_PROOF: a->tlog.hashes[5].ptr[0] ^= 1; break;
		case M_CHECKPOINT: a->tlog.checkpoint[50] ^= 1; break;
		case M_SET: a->tlog.set.ptr[30] ^= 1; break;
		case M_TIME: a->tlog.integrated_time += 1; break;
		case M_DIGEST: e.sha256 = "1ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b"; break;
		case M_NAME: e.filename = "sampleproject-4.0.1.tar.gz"; break;
		case M_ISSUER: e.issuer = "https://gitlab.com"; break;
		case M_REPOSITORY: s = p->repository; s[0] = 'q'; break;
		case M_GITLAB:
			lg__free(p->kind);
			p->kind = lg__strdup("GitLab");
			p->workflow_filepath = lg__strdup(".gitlab-ci.yml");
			break;
		case M_GOOGLE:
			lg__free(p->kind);
			p->kind = lg__strdup("Google");
			p->email = lg__strdup("someone@example.invalid");
			break;
		case M_UNKNOWN_KIND: lg__free(p->kind); p->kind = lg__strdup("ActiveState"); break;
		case M_BODY: a->tlog.body.ptr[100] ^= 1; break;
		case M_PREDICATE:
			s = memmem(a->payload.ptr, a->payload.len, "publish/v1", 10);
			assert_non_null(s);
			s[9] = '9';
			break;
		}
		assert_int_equal(lg_prov_verify(&r, a, t, &e), 0);
		if (r.verified)
			fail_msg("mutation %zu verified", i);
		if (r.steps[negatives[i].step].status != LG_PROV_FAIL ||
		    !strstr(r.steps[negatives[i].step].detail, negatives[i].reason))
			fail_msg("mutation %zu: step %s is %s: %s", i,
				 lg_prov_step_name(negatives[i].step),
				 lg_prov_status_name(r.steps[negatives[i].step].status),
				 r.steps[negatives[i].step].detail);
		lg_prov_document_free(d);
	}
	lg_prov_trust_free(t);
}

/* The `tsa` row of MANIFEST.tsv: a TimeStampResp without embedded
 * certificates verifies with the staging TSA chain of the trust root. */
static void test_provenance_tsa__issue1482(void **state)
{
	struct lg_prov_trust *t = load_trust(SIG "trusted_root/staging/trusted_root.json");
	struct lg_prov_trust *prod = load_trust(NULL);
	struct lg_buf resp, msg;
	int64_t when = 0;

	(void)state;
	slurp(&resp, SIG "assets/tsa/issue1482-timestamp-with-no-cert");
	slurp(&msg, SIG "assets/tsa/issue1482-message");
	assert_int_equal(lg_prov_verify_timestamp(&when, resp.ptr, resp.len, msg.ptr, msg.len, t), 0);
	assert_int_equal(when, 1753473184); /* 2025-07-25T19:53:04Z */
	/* another message, or the production TSA: no */
	assert_int_equal(lg_prov_verify_timestamp(&when, resp.ptr, resp.len, "x", 1, t), LG_EINVALID);
	assert_int_equal(lg_prov_verify_timestamp(&when, resp.ptr, resp.len, msg.ptr, msg.len, prod),
			 LG_EINVALID);
	lg_buf_dispose(&resp);
	lg_buf_dispose(&msg);
	lg_prov_trust_free(t);
	lg_prov_trust_free(prod);
}

static void expect_doc_error(const char *json, int code, const char *why)
{
	struct lg_prov_document *d = NULL;

	assert_int_equal(lg_prov_document_parse(&d, json, strlen(json)), code);
	assert_null(d);
	if (why && !strstr(lg_error_last()->message, why))
		fail_msg("'%s' lacks '%s'", lg_error_last()->message, why);
}

static void test_provenance_parse__hostile(void **state)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_PROV_BYTES + 16);
	struct lg_prov_bundle *bundle = NULL;
	struct lg_prov_bytes out = {0};

	(void)state;
	expect_doc_error("{\"version\":2,\"attestation_bundles\":[]}", LG_EINVALID, "version");
	expect_doc_error("{\"version\":1,\"attestation_bundles\":[]}", LG_EINVALID,
			 "no attestation_bundles");
	expect_doc_error("{\"version\":1,\"version\":1}", LG_EINVALID, "duplicate");
	expect_doc_error("{\"version\":1,\"attestation_bundles\":[{\"publisher\":{\"kind\":"
			 "\"Future\",\"claims\":null},\"attestations\":[{\"version\":2}]}]}",
			 LG_EINVALID, "version is not 1");
	/* base64 is strict: no whitespace, padding only at the end */
	assert_int_equal(lg_prov_base64_decode(&out, "QUJD", 4), 0);
	assert_memory_equal(out.ptr, "ABC", 3);
	lg__free(out.ptr);
	assert_int_equal(lg_prov_base64_decode(&out, "QU JD", 5), LG_EINVALID);
	assert_int_equal(lg_prov_base64_decode(&out, "Q=JD", 4), LG_EINVALID);
	/* caps */
	lg_buf_putc(&b, '{');
	for (size_t i = 0; i < LG_MAX_PROV_BYTES; i++)
		lg_buf_putc(&b, ' ');
	lg_buf_putc(&b, '}');
	assert_int_equal(lg_prov_bundle_parse(&bundle, b.ptr, b.len), LG_ETOOBIG);
	lg_buf_reset(&b);
	lg_buf_puts(&b, "{\"version\":1,\"attestation_bundles\":[");
	for (unsigned i = 0; i <= LG_MAX_PROV_BUNDLES; i++)
		lg_buf_puts(&b, i ? ",{}" : "{}");
	lg_buf_puts(&b, "]}");
	assert_int_equal(lg_prov_document_parse((struct lg_prov_document **)&bundle, b.ptr, b.len),
			 LG_ETOOBIG);
	lg_buf_dispose(&b);
}

/* A bundle with more audit-path hashes than LG_MAX_PROV_PROOF_HASHES, or
 * more timestamps than LG_MAX_PROV_TIMESTAMPS, is refused. */
static void test_provenance_parse__caps(void **state)
{
	struct lg_prov_bundle *b = NULL;
	struct lg_buf j, big = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	const char *h;

	(void)state;
	slurp(&j, SIG "assets/tsa/bundle.many_timestamp.sigstore");
	assert_int_equal(lg_prov_bundle_parse(&b, j.ptr, j.len), LG_ETOOBIG);
	lg_buf_dispose(&j);
	slurp(&j, SIG "assets/bundle_v3.txt.sigstore");
	h = strstr(j.ptr, "\"hashes\": [");
	assert_non_null(h);
	h += strlen("\"hashes\": [");
	lg_buf_put(&big, j.ptr, (size_t)(h - j.ptr));
	for (unsigned i = 0; i <= LG_MAX_PROV_PROOF_HASHES; i++)
		lg_buf_puts(&big, "\"AAAA\",");
	lg_buf_puts(&big, h);
	assert_int_equal(lg_prov_bundle_parse(&b, big.ptr, big.len), LG_ETOOBIG);
	assert_null(b);
	lg_buf_dispose(&big);
	lg_buf_dispose(&j);
}

static void test_provenance_parse__oom_sweep(void **state)
{
	struct lg_prov_document *d = NULL;
	struct lg_prov_bundle *b = NULL;
	struct lg_buf j, k;
	int rc;

	(void)state;
	slurp(&j, PYPI "sampleproject-4.0.0.tar.gz.provenance.json");
	slurp(&k, SIG "assets/staging-rekor-v2.txt.sigstore.json");
	for (long n = 0;; n++) {
		lg_alloc_fail_after(n);
		rc = lg_prov_document_parse(&d, j.ptr, j.len);
		lg_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, LG_ENOMEM);
		assert_null(d);
	}
	lg_prov_document_free(d);
	for (long n = 0;; n++) {
		lg_alloc_fail_after(n);
		rc = lg_prov_bundle_parse(&b, k.ptr, k.len);
		lg_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, LG_ENOMEM);
		assert_null(b);
	}
	lg_prov_bundle_free(b);
	lg_buf_dispose(&j);
	lg_buf_dispose(&k);
}

int test_provenance_pins_group(void);

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_provenance_pypi__shape_and_decode),
		cmocka_unit_test(test_provenance_pypi__log_id_is_key_hash),
		cmocka_unit_test(test_provenance_pypi__statement_and_pae),
		cmocka_unit_test(test_provenance_pypi__merkle_checkpoint_set),
		cmocka_unit_test(test_provenance_pypi__fulcio_extensions),
		cmocka_unit_test(test_provenance_bundle__github_extensions),
		cmocka_unit_test(test_provenance_pypi__verifies),
		cmocka_unit_test(test_provenance_pypi__chain_now_fails),
		cmocka_unit_test(test_provenance_pypi__sct_needs_ct_log),
		cmocka_unit_test(test_provenance_pypi__der_values),
		cmocka_unit_test(test_provenance_pypi__flipped_bytes),
		cmocka_unit_test(test_provenance_tsa__issue1482),
		cmocka_unit_test(test_provenance_parse__hostile),
		cmocka_unit_test(test_provenance_parse__caps),
		cmocka_unit_test(test_provenance_parse__oom_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) | test_provenance_pins_group();
}
