/* SPDX-License-Identifier: MIT */
/* lockgate provenance verify: PEP 740 provenance or a Sigstore bundle,
 * verified offline. All logic lives in core/ (engine, provenance, report). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "lg/engine.h"
#include "lg/errors.h"
#include "lg/report.h"

static const char prov_usage[] =
	"usage: lockgate provenance verify (--provenance FILE | --bundle FILE)\n"
	"                                  (--sha256 HEX | --artifact FILE) [--name FILENAME]\n"
	"                                  [--trusted-root FILE] [--identity SAN] [--issuer URL]\n"
	"                                  [--format text|json]\n\n"
	"Verifies a PyPI provenance object (PEP 740, the Integrity API answer) or a\n"
	"Sigstore bundle offline, and prints the result of each step: log key,\n"
	"log entry body, inclusion proof, checkpoint, signed entry timestamp,\n"
	"RFC 3161 timestamps, signed time, certificate chain at the signed time,\n"
	"validity, certificate profile, embedded SCT, signature, statement,\n"
	"identity and publisher. A provenance verifies when one of its attestations does,\n"
	"including the match of its certificate with the publisher PyPI reports.\n"
	"The trusted root is the Sigstore public-good root shipped with lockgate\n"
	"unless --trusted-root names another. A DSSE bundle needs no artifact\n"
	"(its statement is then not compared with a file). No network.\n\n"
	"Exit codes: 0 verified, 1 not verified, 3 usage error.";

static int parse_uint(const char *s, const char *opt, int64_t *out)
{
	char *end;
	long long v;

	if (!s)
		return 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || v <= 0) {
		fprintf(stderr, "lockgate: provenance: %s needs a positive integer\n", opt);
		return LG_EXIT_USAGE;
	}
	*out = v;
	return 0;
}

/* Longer than 60 lines: most of it is the option table. */
static int verify(int argc, char **argv)
{
	struct lg_engine_prov_options o = {0};
	const char *format = "text", *at = NULL, *min_times = NULL;
	const struct lg_opt_spec opts[] = {
		{"provenance", LG_OPT_VALUE, &o.provenance, "FILE", "a PyPI provenance object (JSON)", NULL},
		{"bundle", LG_OPT_VALUE, &o.bundle, "FILE", "a Sigstore bundle (v0.1 to v0.3)", NULL},
		{"signature", LG_OPT_VALUE, &o.signature, "FILE",
		 "debugging: a detached base64 signature (with --certificate; no log entry, "
		 "so no signed time: only the signature, chain and identity are checked)", NULL},
		{"certificate", LG_OPT_VALUE, &o.certificate, "FILE", "the PEM leaf of --signature", NULL},
		{"sha256", LG_OPT_VALUE, &o.sha256, "HEX", "the artifact's sha256", NULL},
		{"artifact", LG_OPT_VALUE, &o.artifact, "FILE", "the artifact (hashed here)", NULL},
		{"name", LG_OPT_VALUE, &o.name, "FILENAME",
		 "the artifact's file name (default: the base name of --artifact)", NULL},
		{"trusted-root", LG_OPT_VALUE, &o.trusted_root, "FILE",
		 "a Sigstore trusted_root.json instead of the shipped one", NULL},
		{"identity", LG_OPT_VALUE, &o.identity, "SAN",
		 "a SubjectAlternativeName the certificate must carry", NULL},
		{"issuer", LG_OPT_VALUE, &o.issuer, "URL", "the OIDC issuer the certificate must name", NULL},
		{"format", LG_OPT_VALUE, &format, "FMT", "text or json", NULL},
		{"at", LG_OPT_VALUE, &at, "UNIX",
		 "debugging: validate the chain at this time instead of the signed time", NULL},
		{"min-times", LG_OPT_VALUE, &min_times, "N",
		 "verified time sources required (default 1)", NULL},
	};
	struct lg_buf out = LG_BUF_INIT(SIZE_MAX / 2);
	struct lg_prov_run *r = NULL;
	char *pos[1];
	size_t npos = 0;
	int64_t n = 0;
	int rc, error;

	rc = lg_opt_parse(opts, LG_ARRAY_SIZE(opts), argc, argv, pos, 0, &npos, prov_usage);
	if (rc)
		return rc == 1 ? LG_EXIT_PASS : rc;
	if (!!o.provenance + !!o.bundle + !!o.signature != 1)
		return lg_cmd_fail(LG_EXIT_USAGE, "provenance verify needs exactly one of "
				   "--provenance and --bundle");
	if (!o.signature != !o.certificate)
		return lg_cmd_fail(LG_EXIT_USAGE, "--signature and --certificate go together");
	if (o.signature && !o.sha256 && !o.artifact)
		return lg_cmd_fail(LG_EXIT_USAGE, "--signature needs --sha256 or --artifact");
	if (o.sha256 && o.artifact)
		return lg_cmd_fail(LG_EXIT_USAGE, "--sha256 and --artifact exclude each other");
	if (o.provenance && !o.sha256 && !o.artifact)
		return lg_cmd_fail(LG_EXIT_USAGE, "--provenance needs --sha256 or --artifact");
	if (o.provenance && !o.name && !o.artifact)
		return lg_cmd_fail(LG_EXIT_USAGE, "--provenance with --sha256 needs --name FILENAME");
	if (strcmp(format, "text") && strcmp(format, "json"))
		return lg_cmd_fail(LG_EXIT_USAGE, "provenance verify: --format is text or json");
	if ((rc = parse_uint(at, "--at", &o.at)) || (rc = parse_uint(min_times, "--min-times", &n)))
		return rc;
	o.min_times = n > 64 ? 64 : (unsigned)n;
	if ((error = lg_engine_provenance_verify(&r, &o)) < 0)
		return lg_cmd_fail(error == LG_EUSAGE ? LG_EXIT_USAGE : LG_EXIT_INCOMPLETE,
				   lg_error_last()->message);
	if (lg_report_provenance(&out, format, r) < 0) {
		rc = lg_cmd_fail(LG_EXIT_INCOMPLETE, lg_error_last()->message);
		goto done;
	}
	if (fwrite(out.ptr, 1, out.len, stdout) != out.len)
		rc = LG_EXIT_INCOMPLETE;
	else
		rc = r->verified ? LG_EXIT_PASS : LG_EXIT_BLOCK;
done:
	lg_buf_dispose(&out);
	lg_prov_run_free(r);
	return rc;
}

int cmd_provenance(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fprintf(argc < 2 ? stderr : stdout, "%s\n", prov_usage);
		return argc < 2 ? LG_EXIT_USAGE : LG_EXIT_PASS;
	}
	if (strcmp(argv[1], "verify")) {
		fprintf(stderr, "lockgate: provenance: unknown subcommand (verify)\n");
		return LG_EXIT_USAGE;
	}
	return verify(argc - 1, argv + 1);
}
