/* SPDX-License-Identifier: MIT */
/* Release metadata from a PEP 691 page (core/engine/release.c): upload
 * times are parsed from what the index says, files grouped into releases
 * by name and version. Never crashes; the only error is OOM; every finding
 * is a release.* rule on the lock-file line given; a time that parses is
 * a time of day. The input is also read as one RFC 3339 time. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/errors.h"
#include "lg/engine.h"
#include "lg/index.h"
#include "lg/model.h"
#include "../core/engine/engine_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_time(const uint8_t *data, size_t size)
{
	char buf[64];
	int64_t t;
	size_t n = size < sizeof(buf) - 1 ? size : sizeof(buf) - 1;

	memcpy(buf, data, n);
	buf[n] = '\0';
	if (lg_engine__parse_time(&t, buf) == 0) {
		if (t == -1 && strncmp(buf, "1969-12-31T23:59:59", 19) != 0)
			abort();
	} else if (t != -1) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const exempt[] = {"Other_Pkg"};
	struct lg_release *rel = NULL;
	struct lg_result *r = NULL;
	struct lg_pkg pkg = {0};
	struct lg_engine_options o = {0};
	struct lg_engine_ctx ctx = {"demo-pkg", "1.0", "requirements.txt", 3, false};
	bool no_times;
	int error;

	if (size > (1u << 20))
		return 0;
	one_time(data, size);
	if (lg_index_parse_simple_json(&rel, (const char *)data, size, "fuzz") < 0 ||
	    lg_result_new(&r) < 0) {
		lg_release_free(rel);
		return 0;
	}
	pkg.name = (char *)"demo-pkg";
	pkg.version = (char *)"1.0";
	pkg.source = LG_SOURCE_REGISTRY;
	o.now = 1795824000;
	o.cooldown_days = 2;
	o.dormant_days = 180;
	o.cooldown_exempt = exempt;
	o.ncooldown_exempt = 1;
	for (int whole = 0; whole < 2; whole++) {
		error = lg_engine__release_checks(r, &no_times, &o, &pkg, rel,
						  whole, &ctx);
		if (error && error != LG_ENOMEM)
			abort();
	}
	for (size_t i = 0; i < r->findings.n; i++)
		if (strncmp(r->findings.v[i].rule, "release.", 8) != 0 ||
		    r->findings.v[i].lockfile_line != 3)
			abort();
	lg_result_free(r);
	lg_release_free(rel);
	return 0;
}
