/* SPDX-License-Identifier: MIT */
/* The signed certificate timestamp Fulcio embeds in the leaf (RFC 6962
 * 3.2, precertificate entry), verified against the CT log keys of the
 * trusted root. OpenSSL's CTLOG_STORE loads logs only from files, so the
 * signed structure is rebuilt here and verified with the log key. */
#include <openssl/ct.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "lg/buf.h"
#include "prov_cert.h"

static void put_be(struct lg_buf *b, uint64_t v, int bytes)
{
	while (bytes--)
		lg_buf_putc(b, (char)(v >> (8 * bytes) & 0xff));
}

/* The precertificate's TBSCertificate: the leaf without its SCT list. */
static int precert_tbs(struct lg_buf *out, X509 *leaf)
{
	X509 *x = X509_dup(leaf);
	unsigned char *der = NULL;
	int idx, len = -1;

	if (x && (idx = X509_get_ext_by_NID(x, NID_ct_precert_scts, -1)) >= 0)
		X509_EXTENSION_free(X509_delete_ext(x, idx));
	if (x)
		len = i2d_re_X509_tbs(x, &der);
	if (len > 0 && len < (1 << 24)) {
		put_be(out, (uint64_t)len, 3);
		lg_buf_put(out, der, (size_t)len);
	}
	OPENSSL_free(der);
	X509_free(x);
	ERR_clear_error();
	return len > 0 && len < (1 << 24) ? out->err : LG_EINVALID;
}

/* The certificate of the trust root that issued the leaf. */
static X509 *issuer_of(X509 *leaf, const struct lg_prov_trust *t)
{
	for (size_t i = 0; i < t->ncas; i++)
		for (size_t j = 0; j < t->cas[i].ncerts; j++) {
			X509 *ca = lg_prov_x509(&t->cas[i].certs[j]);

			if (ca && X509_check_issued(ca, leaf) == X509_V_OK)
				return ca;
			X509_free(ca);
		}
	return NULL;
}

static const struct lg_prov_logkey *ct_log(const struct lg_prov_trust *t, const unsigned char *id,
					   size_t len)
{
	for (size_t i = 0; i < t->nctlogs; i++)
		if (t->ctlogs[i].key_id.len == len && !memcmp(t->ctlogs[i].key_id.ptr, id, len))
			return &t->ctlogs[i];
	return NULL;
}

/* One SCT: its log is in the trust root, valid at its time, and its
 * signature over the precertificate entry verifies. */
static bool sct_ok(SCT *sct, const struct lg_buf *entry, const struct lg_prov_trust *t)
{
	struct lg_buf msg = LG_BUF_INIT(1u << 24);
	unsigned char *id = NULL, *sig = NULL, *ext = NULL;
	size_t idlen = SCT_get0_log_id(sct, &id), siglen = SCT_get0_signature(sct, &sig);
	size_t extlen = SCT_get0_extensions(sct, &ext);
	const struct lg_prov_logkey *log = ct_log(t, id, idlen);
	uint64_t ms = SCT_get_timestamp(sct);
	EVP_PKEY *key;
	bool ok = false;

	if (!log || SCT_get_version(sct) != SCT_VERSION_V1 || !siglen || extlen > 0xffff ||
	    !lg_prov_window_has(&log->valid, (int64_t)(ms / 1000)) ||
	    !(key = lg_prov_pubkey(&log->spki)))
		return false;
	put_be(&msg, 0, 1);  /* version v1 */
	put_be(&msg, 0, 1);  /* certificate_timestamp */
	put_be(&msg, ms, 8);
	put_be(&msg, 1, 2);  /* precert_entry */
	lg_buf_put(&msg, entry->ptr, entry->len);
	put_be(&msg, extlen, 2);
	lg_buf_put(&msg, ext, extlen);
	ok = !msg.err && lg_prov_verify_sig(key, sig, siglen, msg.ptr, msg.len);
	EVP_PKEY_free(key);
	lg_buf_dispose(&msg);
	return ok;
}

int lg_prov_sct(char *why, size_t whylen, X509 *leaf, const struct lg_prov_trust *t)
{
	STACK_OF(SCT) *scts = X509_get_ext_d2i(leaf, NID_ct_precert_scts, NULL, NULL);
	struct lg_buf entry = LG_BUF_INIT(1u << 24);
	X509 *issuer = issuer_of(leaf, t);
	unsigned char hash[32], *spki = NULL;
	int spki_len = issuer ? i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &spki) : -1;
	int n = scts ? sk_SCT_num(scts) : 0, good = 0;

	snprintf(why, whylen, "no embedded SCT");
	if (!n)
		goto done;
	snprintf(why, whylen, "the leaf's issuer is not a CA of the trusted root");
	if (spki_len <= 0 || lg_prov_sha256(hash, spki, (size_t)spki_len) < 0)
		goto done;
	lg_buf_put(&entry, hash, sizeof(hash));
	if (precert_tbs(&entry, leaf) != 0)
		goto done;
	for (int i = 0; i < n; i++)
		good += sct_ok(sk_SCT_value(scts, i), &entry, t);
	if (good)
		snprintf(why, whylen, "%d of %d SCTs verify with a CT log of the trusted root",
			 good, n);
	else
		snprintf(why, whylen, "no SCT verifies with a CT log of the trusted root "
			 "(%d embedded)", n);
done:
	OPENSSL_free(spki);
	X509_free(issuer);
	SCT_LIST_free(scts);
	lg_buf_dispose(&entry);
	ERR_clear_error();
	lg_error_clear();
	return good ? 0 : LG_EINVALID;
}
