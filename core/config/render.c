/* SPDX-License-Identifier: MIT */
/* The effective configuration as TOML (lockgate config). */
#include "config_private.h"
#include "lg/buf.h"

/* A TOML basic string: '"', '\' and control characters escaped. */
static void put_string(struct lg_buf *out, const char *s)
{
	lg_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			lg_buf_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			lg_buf_printf(out, "\\u%04x", *p);
		else
			lg_buf_putc(out, (char)*p);
	}
	lg_buf_putc(out, '"');
}

static void put_list(struct lg_buf *out, const char *key, char *const *v,
		     size_t n)
{
	lg_buf_printf(out, "%s = [", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			lg_buf_puts(out, ", ");
		put_string(out, v[i]);
	}
	lg_buf_puts(out, "]\n");
}

static void put_patterns(struct lg_buf *out, const char *key,
			 const struct lg_config_pattern *v, size_t n)
{
	lg_buf_printf(out, "%s = [", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			lg_buf_puts(out, ", ");
		put_string(out, v[i].pattern);
	}
	lg_buf_puts(out, "]\n");
}

static void put_top(struct lg_buf *out, const struct lg_config *c)
{
	put_list(out, "allowed-index-hosts", c->allowed_index_hosts,
		 c->nallowed_index_hosts);
	if (c->cache_dir) {
		lg_buf_puts(out, "cache-dir = ");
		put_string(out, c->cache_dir);
		lg_buf_putc(out, '\n');
	} else {
		lg_buf_puts(out, "# cache-dir: unset ($XDG_CACHE_HOME/lockgate, "
				 "else ~/.cache/lockgate)\n");
	}
	lg_buf_printf(out, "cooldown-days = %lld\n", (long long)c->cooldown_days);
	put_list(out, "cooldown-exempt", c->cooldown_exempt, c->ncooldown_exempt);
	put_list(out, "exclude", c->exclude, c->nexclude);
	lg_buf_printf(out, "fail-on = \"%s\"%s\n",
		      lg_severity_name(c->has_fail_on ? c->fail_on : LG_SEV_HIGH),
		      c->has_fail_on ? "" : "  # default");
	put_list(out, "include", c->include, c->ninclude);
	lg_buf_printf(out, "jobs = %u%s\n", c->jobs ? c->jobs : 1,
		      c->jobs ? "" : "  # default");
	lg_buf_printf(out, "warn-only = %s%s\n",
		      c->has_warn_only && c->warn_only ? "true" : "false",
		      c->has_warn_only ? "" : "  # default");
}

static void put_tables(struct lg_buf *out, const struct lg_config *c)
{
	lg_buf_puts(out, "\n[provenance]\n");
	put_list(out, "require", c->provenance_require, c->nprovenance_require);
	lg_buf_printf(out, "require-all = %s\n",
		      c->provenance_require_all ? "true" : "false");
	put_list(out, "trusted-publishers", c->trusted_publishers,
		 c->ntrusted_publishers);
	lg_buf_puts(out, "\n[rules]\n");
	put_patterns(out, "disable", c->disable, c->ndisable);
	put_patterns(out, "enable", c->enable, c->nenable);
	for (size_t i = 0; i < c->nrules; i++) {
		put_string(out, c->rules[i].rule);
		lg_buf_printf(out, " = \"%s\"\n",
			      lg_severity_name(c->rules[i].severity));
	}
	for (size_t i = 0; i < c->nsuppress; i++) {
		const struct lg_suppression *s = &c->suppress[i];
		static const char *const keys[] = {"rule", "package", "version",
						   "sha256", "reason"};
		const char *vals[] = {s->rule, s->package, s->version,
				      s->sha256, s->reason};

		lg_buf_puts(out, "\n[[suppress]]\n");
		for (size_t k = 0; k < LG_ARRAY_SIZE(keys); k++) {
			if (!vals[k])
				continue;
			lg_buf_printf(out, "%s = ", keys[k]);
			put_string(out, vals[k]);
			lg_buf_putc(out, '\n');
		}
		if (s->expires_text)
			lg_buf_printf(out, "expires = %s\n", s->expires_text);
	}
}

int lg_config_render(struct lg_buf *out, const struct lg_config *cfg)
{
	static const struct lg_config defaults = LG_CONFIG_INIT;
	const struct lg_config *c = cfg ? cfg : &defaults;

	if (c->origin) {
		lg_buf_puts(out, "# read from ");
		put_string(out, c->origin);
		lg_buf_putc(out, '\n');
	} else {
		lg_buf_puts(out, "# no configuration file: the defaults\n");
	}
	put_top(out, c);
	put_tables(out, c);
	if (out->err == LG_ENOMEM)
		return lg_error_oom();
	return out->err ? lg_error_toobig("configuration report too large") : 0;
}
