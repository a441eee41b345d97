/* SPDX-License-Identifier: MIT */
/* lockgate check, provenance: every changed file's PEP 740 provenance is
 * fetched in one batch, verified offline against the trusted root and
 * the file's sha256, and its publisher compared with the pins of
 * .lockgate/publishers.json (of both revisions: the base revision's pin
 * wins over an edit of the change) and, for an upgrade or downgrade of a
 * package no pin names, with the old version's file. */
#include <stdio.h>

#include "lg/buf.h"
#include "lg/cache.h"
#include "lg/rules.h"
#include "engine_private.h"

struct lg_engine__prov {
	const struct lg_engine_options *opts;
	struct lg_prov_trust *trust;
	struct lg_pins *pins;    /* the pin file of the new revision, and
				  * the projects pinned on first use */
	struct lg_pins *judge;   /* what publishers are compared with: the
				  * new revision's pins, with the base
				  * revision's where the change edited or
				  * removed one */
	bool pins_changed;       /* a new project was pinned in pins */
};

void lg_engine__prov_free(struct lg_engine__prov *p)
{
	if (!p)
		return;
	lg_prov_trust_free(p->trust);
	lg_pins_free(p->pins);
	lg_pins_free(p->judge);
	lg__free(p);
}

static int load_trust(struct lg_engine__prov *p)
{
	struct lg_buf root = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	const char *path = p->opts->trusted_root, *json;
	size_t len;
	int error;

	if (path) {
		if ((error = lg_fs_read_file(&root, path, LG_MAX_PROV_BYTES)) < 0) {
			if (error != LG_ENOMEM)
				lg_error_set(LG_ERRCLASS_OS, "cannot read the trusted "
					     "root '%s': %s", path,
					     lg_error_last()->message);
			error = error == LG_ENOMEM ? error : LG_EUSAGE;
			goto done;
		}
		json = root.ptr;
		len = root.len;
	} else {
		json = lg_prov_default_trusted_root(&len);
	}
	if ((error = lg_prov_trust_parse(&p->trust, json, len)) < 0 && error != LG_ENOMEM)
		error = LG_EUSAGE;
done:
	lg_buf_dispose(&root);
	return error;
}

/* Reads and parses the pin file of one revision (none: no pins). */
static int read_pins(struct lg_pins **out, const struct lg_lockfile_io *io,
		     const char *side)
{
	struct lg_buf pins = LG_BUF_INIT(LG_MAX_PROV_BYTES);
	int error;

	error = io->read(&pins, LG_PINS_PATH, io->payload);
	if (error == LG_ENOTFOUND) {
		lg_buf_reset(&pins);
		lg_error_clear();
		error = 0;
	}
	if (error < 0 || (error = lg_pins_parse(out, pins.ptr, pins.len)) < 0) {
		if (error != LG_ENOMEM)
			lg_error_set(LG_ERRCLASS_SOURCE, "%s%s: %s", LG_PINS_PATH,
				     side, lg_error_last()->message);
	}
	lg_buf_dispose(&pins);
	return error;
}

static int pin_finding(struct lg_result *r, const char *project, const char *msg)
{
	size_t from = r->findings.n;
	int error;

	if ((error = lg_findings_add(&r->findings, LG_RULE_PROV_PIN_CHANGED,
				     LG_SEV_HIGH, NULL, 0, "%s", msg)) < 0)
		return error;
	return lg_findings_set_context(&r->findings, from, project, NULL, NULL,
				       LG_PINS_PATH, 0);
}

static int describe(struct lg_buf *b, const struct lg_prov_publisher *p);

/* A pin of the base revision that the change edits or removes: reported,
 * and the base pin is what the published files are compared with (a
 * change must not move the pin and the publisher together unseen). Pins
 * only added are the change's to make. */
static int compare_pins(struct lg_engine__prov *p, struct lg_result *r,
			const struct lg_pins *base)
{
	struct lg_buf why = LG_BUF_INIT(LG_MAX_ERRMSG);
	struct lg_buf msg = LG_BUF_INIT(LG_MAX_ERRMSG);
	size_t h = 0;
	int error = 0;

	for (size_t i = 0; i < base->n && !error; i++) {
		const struct lg_pin *b = &base->v[i];
		enum lg_pin_verdict v = LG_PIN_NONE;

		while (h < p->pins->n && strcmp(p->pins->v[h].project, b->project) < 0)
			h++;
		lg_buf_reset(&why);
		lg_buf_reset(&msg);
		if (h < p->pins->n && !strcmp(p->pins->v[h].project, b->project)) {
			if ((error = lg_pins_compare(&v, &why, base, b->project,
						     &p->pins->v[h].publisher)) < 0 ||
			    v != LG_PIN_CHANGED)
				continue;
			lg_buf_printf(&msg, "this change edits the pin of %s (%s); "
				      "its files are compared with the base "
				      "revision's pin, ", b->project, why.ptr);
		} else {
			lg_buf_printf(&msg, "this change removes the pin of %s; its "
				      "files are compared with the base revision's "
				      "pin, ", b->project);
		}
		describe(&msg, &b->publisher);
		lg_buf_puts(&msg, ", until the edit is reviewed and merged");
		if ((error = msg.err) < 0 ||
		    (error = pin_finding(r, b->project, msg.ptr)) < 0 ||
		    (error = lg_pins_set(p->judge, b->project, &b->publisher,
					 b->since)) < 0)
			break;
	}
	lg_buf_dispose(&why);
	lg_buf_dispose(&msg);
	return error;
}

int lg_engine__prov_begin(struct lg_engine__prov **out, struct lg_result *r,
			  const struct lg_engine_options *opts,
			  const struct lg_lockfile_io *base,
			  const struct lg_lockfile_io *head)
{
	struct lg_engine__prov *p;
	struct lg_pins *bpins = NULL;
	int error;

	*out = NULL;
	if (!(p = lg__calloc(1, sizeof(*p))))
		return lg_error_oom();
	p->opts = opts;
	if ((error = load_trust(p)) < 0 ||
	    (error = read_pins(&p->pins, head, "")) < 0 ||
	    (error = read_pins(&p->judge, head, "")) < 0 ||
	    (error = read_pins(&bpins, base, " (base revision)")) < 0 ||
	    (error = compare_pins(p, r, bpins)) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	lg_engine__prov_free(p);
	lg_pins_free(bpins);
	return error;
}

/* The index root of a document URL: what precedes its last "/simple/"
 * or "/pypi/" segment; *len 0 when it has neither. */
static void index_root(size_t *len, const char *doc_url)
{
	static const char *const marks[] = {"/simple/", "/pypi/"};
	const char *best = NULL;

	for (size_t m = 0; m < LG_ARRAY_SIZE(marks); m++)
		for (const char *s = doc_url; (s = strstr(s, marks[m])); s++)
			if (!best || s > best)
				best = s;
	*len = best ? (size_t)(best - doc_url) : 0;
}

static int put_segment(struct lg_buf *b, const char *s)
{
	lg_buf_putc(b, '/');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~!+", c))
			lg_buf_putc(b, (char)c);
		else
			lg_buf_printf(b, "%%%02X", c);
	}
	return b->err;
}

int lg_engine__prov_url(char **out, const char *doc_url, const char *project,
			const char *version, const struct lg_index_file *file)
{
	struct lg_buf b = LG_BUF_INIT(LG_MAX_PATH_BYTES);
	size_t root;
	int error;

	*out = NULL;
	if (file->provenance)
		return lg_url_resolve(out, doc_url, file->provenance);
	index_root(&root, doc_url);
	if (!root)
		return 0; /* not an index layout we know: no provenance */
	if ((error = lg_buf_put(&b, doc_url, root)) < 0 ||
	    (error = lg_buf_puts(&b, "/integrity")) < 0 ||
	    (error = put_segment(&b, project)) < 0 ||
	    (error = put_segment(&b, version)) < 0 ||
	    (error = put_segment(&b, file->filename)) < 0 ||
	    (error = lg_buf_puts(&b, "/provenance")) < 0)
		goto done;
	if (!(*out = lg_buf_detach(&b)))
		error = lg_error_oom();
done:
	lg_buf_dispose(&b);
	return error;
}

int lg_engine__prov_fetch(struct lg_engine__job *jobs, size_t n,
			  const struct lg_engine_options *opts)
{
	struct lg_fetch_request *reqs = NULL;
	size_t *of = NULL, m = 0;
	int error = 0;

	if (!n)
		return 0;
	if (!(reqs = lg__calloc(n, sizeof(*reqs))) || !(of = lg__calloc(n, sizeof(*of)))) {
		error = lg_error_oom();
		goto done;
	}
	/* The changed files first, then the old versions' files (only
	 * compared with): the cap is reached on the old ones first. */
	for (size_t i = 0; i < 2 * n; i++) {
		struct lg_engine__job *j = &jobs[i % n];

		if (j->error < 0 || !j->prov_url || (i < n) != !j->transition)
			continue;
		if (m >= LG_MAX_PROV_FETCHES) {
			j->prov_error = lg_error_toobig("more than %u provenance "
							"documents in one run",
							LG_MAX_PROV_FETCHES);
			continue;
		}
		reqs[m] = (struct lg_fetch_request)LG_FETCH_REQUEST_INIT(LG_MAX_PROV_BYTES);
		lg_buf_init(&reqs[m].body, LG_MAX_PROV_BYTES);
		reqs[m].url = j->prov_url;
		of[m++] = i % n;
	}
	if (m && (error = lg_fetch_batch(reqs, m, LG_MAX_PROV_TOTAL_BYTES, &opts->fetch)) < 0)
		goto done;
	for (size_t k = 0; k < m; k++) {
		struct lg_engine__job *j = &jobs[of[k]];

		j->prov_error = reqs[k].error;
		if (reqs[k].error == LG_ENOTFOUND)
			continue;
		if (reqs[k].error < 0) {
			if (!(j->prov_message = lg__strdup(reqs[k].message))) {
				error = lg_error_oom();
				goto done;
			}
			continue;
		}
		j->prov_served = true;
		j->prov = reqs[k].body;
		lg_buf_init(&reqs[k].body, LG_MAX_PROV_BYTES);
	}
done:
	for (size_t k = 0; reqs && k < m; k++)
		lg_fetch_request_dispose(&reqs[k]);
	lg__free(reqs);
	lg__free(of);
	return error;
}

static bool required(const struct lg_engine_options *o, const char *project)
{
	const struct lg_config *c = o->config;

	if (o->require_provenance_all || (c && c->provenance_require_all))
		return true;
	for (size_t i = 0; i < o->nrequire_provenance; i++)
		if (strcmp(o->require_provenance[i], project) == 0)
			return true;
	for (size_t i = 0; c && i < c->nprovenance_require; i++)
		if (strcmp(c->provenance_require[i], project) == 0)
			return true;
	return false;
}

/* "github:OWNER/REPO", "gitlab:NS/PROJECT", "google:EMAIL": the kind is
 * compared without case. */
static bool trusted(const struct lg_config *c, const struct lg_prov_publisher *pub)
{
	const char *id = pub->repository ? pub->repository : pub->email;
	size_t k = strlen(pub->kind);

	for (size_t i = 0; c && id && i < c->ntrusted_publishers; i++) {
		const char *t = c->trusted_publishers[i];

		if (strncasecmp(t, pub->kind, k) == 0 && t[k] == ':' &&
		    strcmp(t + k + 1, id) == 0)
			return true;
	}
	return false;
}

/* "GitHub owner/repo (workflow release.yml, environment pypi)". */
static int describe(struct lg_buf *b, const struct lg_prov_publisher *p)
{
	lg_buf_printf(b, "%s %s", p->kind, p->repository ? p->repository
				: p->email ? p->email : "(unnamed)");
	if (p->workflow || p->workflow_filepath)
		lg_buf_printf(b, " (workflow %s", p->workflow ? p->workflow
							   : p->workflow_filepath);
	if (p->environment && *p->environment)
		lg_buf_printf(b, "%s environment %s",
			      p->workflow || p->workflow_filepath ? "," : " (",
			      p->environment);
	if (p->workflow || p->workflow_filepath || (p->environment && *p->environment))
		lg_buf_putc(b, ')');
	return b->err;
}

/* A publisher kind the verifier has no policy for (PyPI adds kinds
 * over time): its attestations cannot verify, which is no forgery. */
static bool unknown_kind(const struct lg_prov_publisher *p)
{
	return !p || !p->kind || (strcmp(p->kind, "GitHub") && strcmp(p->kind, "GitLab") &&
				  strcmp(p->kind, "Google"));
}

struct outcome {
	bool present;          /* a provenance document was served */
	bool unknown_kind;     /* it failed only for publisher kinds without a policy */
	bool verified;
	const struct lg_prov_publisher *publisher; /* of the verified attestation */
	const char *repository; /* the leaf's source repository (.1.12) */
	struct lg_buf why;     /* why it failed */
};

/* Verifies the served document against the file's digest and name. */
static int verify_doc(struct outcome *o, struct lg_prov_run **run,
		      const struct lg_engine__prov *p, const struct lg_engine__job *j,
		      const char *sha256)
{
	struct lg_prov_document *d = NULL;
	struct lg_prov_expect e = {0};
	int error;

	o->present = true;
	if ((error = lg_prov_document_parse(&d, j->prov.ptr, j->prov.len)) < 0)
		return error == LG_ENOMEM ? error
					  : lg_buf_printf(&o->why, "unreadable: %s",
							  lg_error_last()->message);
	e.sha256 = sha256;
	e.filename = j->file->filename;
	if ((error = lg_prov_run_verify(run, d, NULL, p->trust, &e)) < 0)
		return error;
	for (size_t i = 0; i < (*run)->nitems; i++) {
		const struct lg_prov_run_item *it = &(*run)->items[i];

		if (it->result.verified) {
			o->verified = true;
			o->publisher = it->publisher;
			o->repository = it->result.source_repository;
			return 0;
		}
		if (i == 0)
			lg_buf_printf(&o->why, "step %s failed: %s",
				      lg_prov_step_name(it->result.failed),
				      it->result.steps[it->result.failed].detail);
	}
	if (!(*run)->nitems)
		lg_buf_puts(&o->why, "no attestation");
	o->unknown_kind = (*run)->nitems > 0;
	for (size_t i = 0; i < (*run)->nitems; i++)
		if (!unknown_kind((*run)->items[i].publisher) ||
		    (*run)->items[i].result.failed != LG_PROV_STEP_PUBLISHER)
			o->unknown_kind = false;
	return o->why.err;
}

static int report(struct lg_result *r, const struct lg_engine__job *j,
		  const char *rule, enum lg_severity sev, const char *msg)
{
	const struct lg_engine_ctx *ctx = &j->ctx;
	size_t from = r->findings.n;
	int error;

	if ((error = lg_findings_add(&r->findings, rule, sev, NULL, 0, "%s", msg)) < 0)
		return error;
	return lg_findings_set_context(&r->findings, from, ctx->package, ctx->version,
				       j->file->filename, ctx->lockfile,
				       ctx->lockfile_line);
}

/* Judges a verified publisher against the pin. */
static int judge_verified(struct lg_engine__prov *p, struct lg_result *r,
			  const struct lg_engine__job *j, const struct outcome *o,
			  struct lg_buf *msg)
{
	const char *project = j->ctx.package;
	struct lg_buf why = LG_BUF_INIT(LG_MAX_ERRMSG);
	enum lg_pin_verdict v;
	int error;

	if ((error = lg_pins_compare(&v, &why, p->judge, project, o->publisher)) < 0)
		goto done;
	if (v == LG_PIN_NEW) {
		/* Pinned on first use by another file of this run? */
		lg_buf_reset(&why);
		if ((error = lg_pins_compare(&v, &why, p->pins, project,
					     o->publisher)) < 0)
			goto done;
	}
	lg_buf_printf(msg, "%s was built by ", j->file->filename);
	describe(msg, o->publisher);
	if (*o->repository)
		lg_buf_printf(msg, " from %s", o->repository);
	lg_buf_puts(msg, "; its Sigstore provenance verifies");
	if (v == LG_PIN_CHANGED && !trusted(p->opts->config, o->publisher)) {
		lg_buf_printf(msg, ", but %s pins another publisher (%s)",
			      LG_PINS_PATH, why.ptr);
		if ((error = msg->err) == 0)
			error = report(r, j, LG_RULE_PROV_CHANGED, LG_SEV_HIGH, msg->ptr);
		goto done;
	}
	if (v == LG_PIN_NEW) {
		lg_buf_printf(msg, "; no publisher of %s was pinned yet%s", project,
			      p->opts->pins_out ? " (pinned now)"
			      : " (lockgate check --update-pins records it)");
		if ((error = msg->err) == 0 &&
		    (error = report(r, j, LG_RULE_PROV_NEW_PUBLISHER, LG_SEV_INFO,
				    msg->ptr)) == 0 &&
		    (error = lg_pins_set(p->pins, project, o->publisher,
					 j->ctx.version)) == 0)
			p->pins_changed = true;
		goto done;
	}
	if (v == LG_PIN_CHANGED)
		lg_buf_puts(msg, " (a trusted publisher of the configuration)");
	if ((error = msg->err) == 0)
		error = report(r, j, LG_RULE_PROV_VERIFIED, LG_SEV_INFO, msg->ptr);
done:
	lg_buf_dispose(&why);
	return error;
}

/* No provenance: dropped when pinned, missing when required. */
static int judge_absent(struct lg_engine__prov *p, struct lg_result *r,
			const struct lg_engine__job *j, const char *what, struct lg_buf *msg)
{
	struct lg_buf why = LG_BUF_INIT(LG_MAX_ERRMSG);
	enum lg_pin_verdict v;
	int error;

	if ((error = lg_pins_compare(&v, &why, p->judge, j->ctx.package, NULL)) < 0)
		goto done;
	if (v == LG_PIN_DROPPED) {
		lg_buf_printf(msg, "%s has %s, but %s pins its publisher "
			      "(%s)", j->file->filename, what, LG_PINS_PATH, why.ptr);
		if ((error = msg->err) == 0)
			error = report(r, j, LG_RULE_PROV_DROPPED, LG_SEV_HIGH, msg->ptr);
	} else if (required(p->opts, j->ctx.package)) {
		lg_buf_printf(msg, "%s has %s, which the configuration "
			      "requires for %s", j->file->filename, what, j->ctx.package);
		if ((error = msg->err) == 0)
			error = report(r, j, LG_RULE_PROV_MISSING, LG_SEV_HIGH, msg->ptr);
	}
done:
	lg_buf_dispose(&why);
	return error;
}

void lg_engine__prov_seen_dispose(struct lg_engine__prov_seen *s)
{
	lg__free(s->publisher.kind);
	lg__free(s->publisher.repository);
	lg__free(s->publisher.workflow);
	lg__free(s->publisher.workflow_filepath);
	lg__free(s->publisher.environment);
	lg__free(s->publisher.email);
	lg__free(s->filename);
	memset(s, 0, sizeof(*s));
}

static int dup_opt(char **out, const char *s)
{
	*out = NULL;
	return s && !(*out = lg__strdup(s)) ? lg_error_oom() : 0;
}

/* Records an outcome in seen (NULL: not wanted). */
static int keep_seen(struct lg_engine__prov_seen *seen, const struct lg_engine__job *j,
		     const struct outcome *o)
{
	const struct lg_prov_publisher *pub = o->publisher;
	int error;

	if (!seen)
		return 0;
	lg_engine__prov_seen_dispose(seen);
	if (!j->prov_url || (j->prov_error < 0 && j->prov_error != LG_ENOTFOUND))
		return 0; /* nobody was asked, or nobody answered */
	if (!o->present)
		seen->state = LG_ENGINE__PROV_ABSENT;
	else if (o->verified && pub && pub->kind)
		seen->state = LG_ENGINE__PROV_VERIFIED;
	else
		return 0; /* invalid (reported) or a kind without a policy */
	if ((error = dup_opt(&seen->filename, j->file->filename)) < 0 ||
	    (pub && ((error = dup_opt(&seen->publisher.kind, pub->kind)) < 0 ||
		     (error = dup_opt(&seen->publisher.repository, pub->repository)) < 0 ||
		     (error = dup_opt(&seen->publisher.workflow, pub->workflow)) < 0 ||
		     (error = dup_opt(&seen->publisher.workflow_filepath,
				      pub->workflow_filepath)) < 0 ||
		     (error = dup_opt(&seen->publisher.environment, pub->environment)) < 0 ||
		     (error = dup_opt(&seen->publisher.email, pub->email)) < 0)))
		lg_engine__prov_seen_dispose(seen);
	return error;
}

int lg_engine__prov_observe(struct lg_engine__prov *p,
			    const struct lg_engine__job *j, const char *sha256,
			    struct lg_engine__prov_seen *seen)
{
	struct outcome o = {.why = LG_BUF_INIT(LG_MAX_ERRMSG)};
	struct lg_prov_run *run = NULL;
	int error = 0;

	lg_engine__prov_seen_dispose(seen);
	if (!p || j->error < 0 || (j->prov_error < 0 && j->prov_error != LG_ENOTFOUND))
		return 0;
	if (j->prov_served && (error = verify_doc(&o, &run, p, j, sha256)) < 0)
		goto done;
	error = keep_seen(seen, j, &o);
done:
	lg_prov_run_free(run);
	lg_buf_dispose(&o.why);
	return error;
}

int lg_engine__prov_check(struct lg_engine__prov *p, struct lg_result *r,
			  const struct lg_engine__job *j, const char *sha256,
			  struct lg_engine__prov_seen *seen)
{
	struct outcome o = {.why = LG_BUF_INIT(LG_MAX_ERRMSG)};
	struct lg_buf msg = LG_BUF_INIT(LG_MAX_ERRMSG);
	struct lg_prov_run *run = NULL;
	int error = 0;

	if (!p || j->transition || j->error < 0)
		return 0;
	if (j->prov_error < 0 && j->prov_error != LG_ENOTFOUND) {
		/* Not served for another reason: only a pinned or required
		 * package depends on the answer. */
		enum lg_pin_verdict v = LG_PIN_NONE;
		struct lg_buf why = LG_BUF_INIT(LG_MAX_ERRMSG);

		error = lg_pins_compare(&v, &why, p->judge, j->ctx.package, NULL);
		lg_buf_dispose(&why);
		if (error < 0 || (v != LG_PIN_DROPPED && !required(p->opts, j->ctx.package)))
			goto done;
		error = lg_result_add_error(r, j->ctx.package, "provenance of %s: %s",
					    j->file->filename, j->prov_message
					    ? j->prov_message : "not fetched");
		goto done;
	}
	if (j->prov_served &&
	    (error = verify_doc(&o, &run, p, j, sha256)) < 0)
		goto done;
	if (!o.present)
		error = judge_absent(p, r, j, "no provenance", &msg);
	else if (!o.verified && o.unknown_kind)
		error = judge_absent(p, r, j, "no provenance lockgate can verify (its "
				     "publisher kind has no verification policy)", &msg);
	else if (!o.verified) {
		lg_buf_printf(&msg, "the provenance of %s does not verify: %s",
			      j->file->filename, o.why.ptr);
		if ((error = msg.err) == 0)
			error = report(r, j, LG_RULE_PROV_INVALID, LG_SEV_CRITICAL,
				       msg.ptr);
	} else {
		error = judge_verified(p, r, j, &o, &msg);
	}
	if (!error)
		error = keep_seen(seen, j, &o);
done:
	lg_prov_run_free(run);
	lg_buf_dispose(&o.why);
	lg_buf_dispose(&msg);
	return error;
}

static int report_ctx(struct lg_result *r, const struct lg_engine_ctx *ctx,
		      const char *filename, const char *rule, const char *msg)
{
	size_t from = r->findings.n;
	int error;

	if ((error = lg_findings_add(&r->findings, rule, LG_SEV_HIGH, NULL, 0, "%s",
				     msg)) < 0)
		return error;
	return lg_findings_set_context(&r->findings, from, ctx->package, ctx->version,
				       filename, ctx->lockfile, ctx->lockfile_line);
}

int lg_engine__prov_compare(struct lg_engine__prov *p, struct lg_result *r,
			    const struct lg_engine_ctx *ctx, const char *old_version,
			    const struct lg_engine__prov_seen *old_seen,
			    const struct lg_engine__prov_seen *new_seen)
{
	struct lg_buf why = LG_BUF_INIT(LG_MAX_ERRMSG);
	struct lg_buf msg = LG_BUF_INIT(LG_MAX_ERRMSG);
	struct lg_pins *prev = NULL;
	enum lg_pin_verdict v;
	int error;

	if (!p || old_seen->state != LG_ENGINE__PROV_VERIFIED ||
	    new_seen->state == LG_ENGINE__PROV_UNKNOWN)
		return 0;
	/* A pin is authoritative: judged against it already. */
	if ((error = lg_pins_compare(&v, &why, p->judge, ctx->package, NULL)) < 0 ||
	    v != LG_PIN_NONE)
		goto done;
	lg_buf_reset(&why);
	if (new_seen->state == LG_ENGINE__PROV_ABSENT) {
		lg_buf_printf(&msg, "%s has no provenance: provenance dropped since "
			      "%s (%s was built by ", new_seen->filename,
			      old_version, old_seen->filename);
		describe(&msg, &old_seen->publisher);
		lg_buf_putc(&msg, ')');
		if ((error = msg.err) == 0)
			error = report_ctx(r, ctx, new_seen->filename,
					   LG_RULE_PROV_DROPPED, msg.ptr);
		goto done;
	}
	/* The old file's publisher as a one-project pin: the same
	 * comparison as the pin file's. */
	if ((error = lg_pins_parse(&prev, "", 0)) < 0 ||
	    (error = lg_pins_set(prev, ctx->package, &old_seen->publisher,
				 old_version)) < 0 ||
	    (error = lg_pins_compare(&v, &why, prev, ctx->package,
				     &new_seen->publisher)) < 0 ||
	    v != LG_PIN_CHANGED || trusted(p->opts->config, &new_seen->publisher))
		goto done;
	lg_buf_printf(&msg, "%s was built by ", new_seen->filename);
	describe(&msg, &new_seen->publisher);
	lg_buf_printf(&msg, ", but %s of %s was built by ", old_seen->filename,
		      old_version);
	describe(&msg, &old_seen->publisher);
	lg_buf_printf(&msg, " (%s)", why.ptr);
	if ((error = msg.err) == 0)
		error = report_ctx(r, ctx, new_seen->filename, LG_RULE_PROV_CHANGED,
				   msg.ptr);
done:
	lg_pins_free(prev);
	lg_buf_dispose(&why);
	lg_buf_dispose(&msg);
	return error;
}

int lg_engine__prov_end(struct lg_engine__prov *p)
{
	if (!p || !p->pins_changed || !p->opts->pins_out)
		return 0;
	return lg_pins_write(p->opts->pins_out, p->pins);
}
