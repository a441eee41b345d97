/* SPDX-License-Identifier: MIT */
/* PyPI provenance objects, Sigstore bundles and trusted roots (all from
 * the network): never crashes; a parsed bundle respects the caps and is
 * then verified against the shipped trusted root, which must never claim
 * success for bytes that did not verify (no step may be left "ok" with a
 * "fail" beside it and the verdict set). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/buf.h"
#include "lg/limits.h"
#include "lg/provenance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct lg_prov_bundle *b, const struct lg_prov_trust *t)
{
	struct lg_prov_expect e = {0};
	struct lg_prov_result r;

	if (!b->cert.len || b->tlog.nhashes > LG_MAX_PROV_PROOF_HASHES ||
	    b->ntimestamps > LG_MAX_PROV_TIMESTAMPS || !b->tlog.checkpoint ||
	    (!b->tlog.set.len && !b->ntimestamps))
		abort();
	e.sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
	if (lg_prov_verify(&r, b, t, &e) == 0 && r.verified) {
		for (int s = 0; s < LG_PROV_NSTEPS; s++)
			if (r.steps[s].status == LG_PROV_FAIL)
				abort();
		if (r.steps[LG_PROV_STEP_CHAIN].status != LG_PROV_OK ||
		    r.steps[LG_PROV_STEP_SIGNATURE].status != LG_PROV_OK)
			abort();
	}
}

/* The pin file (.lockgate/publishers.json of a pull request): what it
 * parses to is written back in a form that parses to the same pins. */
static void pins_roundtrip(const uint8_t *data, size_t size)
{
	struct lg_pins *p = NULL, *q = NULL;
	struct lg_buf out = LG_BUF_INIT(1u << 24);

	if (lg_pins_parse(&p, (const char *)data, size) == 0) {
		if (lg_pins_write(&out, p) < 0 || lg_pins_parse(&q, out.ptr, out.len) < 0 ||
		    q->n != p->n)
			abort();
		for (size_t i = 0; i < p->n; i++)
			if (strcmp(p->v[i].project, q->v[i].project) != 0)
				abort();
	}
	lg_buf_dispose(&out);
	lg_pins_free(p);
	lg_pins_free(q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lg_prov_bundle *b = NULL;
	struct lg_prov_document *d = NULL;
	struct lg_prov_trust *t = NULL, *fuzzed = NULL;
	const char *root;
	size_t rlen;

	if (size > (256u << 10))
		return 0;
	root = lg_prov_default_trusted_root(&rlen);
	if (lg_prov_trust_parse(&t, root, rlen) < 0)
		abort();
	if (lg_prov_bundle_parse(&b, (const char *)data, size) == 0)
		check(b, t);
	if (lg_prov_document_parse(&d, (const char *)data, size) == 0) {
		if (!d->nbundles || d->nbundles > LG_MAX_PROV_BUNDLES)
			abort();
		for (size_t i = 0; i < d->nbundles; i++) {
			if (!d->bundles[i].publisher.kind || !d->bundles[i].nattestations)
				abort();
			for (size_t j = 0; j < d->bundles[i].nattestations; j++)
				check(d->bundles[i].attestations[j], t);
		}
	}
	if (lg_prov_trust_parse(&fuzzed, (const char *)data, size) == 0 && !fuzzed)
		abort();
	pins_roundtrip(data, size);
	lg_prov_trust_free(fuzzed);
	lg_prov_document_free(d);
	lg_prov_bundle_free(b);
	lg_prov_trust_free(t);
	return 0;
}
