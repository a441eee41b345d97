/* SPDX-License-Identifier: MIT */
/* pyproject.toml: what the project asks pip to install and build with. */
#include "lg/buf.h"
#include "lg/lockfile.h"
#include "lg/toml.h"

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

static int add_req(struct lg_pyproject *pp, const char *text, size_t line,
		   enum lg_pyproject_kind kind)
{
	struct lg_pyproject_req *r;
	size_t b = 0, e;

	if (pp->n >= LG_MAX_LOCKFILE_PACKAGES)
		return lg_error_toobig("pyproject.toml: more than %u requirements",
				       LG_MAX_LOCKFILE_PACKAGES);
	if (pp->n == pp->cap) {
		size_t cap = pp->cap ? pp->cap * 2 : 16;

		if (!(r = lg__reallocarray(pp->reqs, cap, sizeof(*r))))
			return lg_error_oom();
		pp->reqs = r;
		pp->cap = cap;
	}
	r = &pp->reqs[pp->n];
	memset(r, 0, sizeof(*r));
	r->line = line;
	r->kind = kind;
	pp->n++;
	if (!(r->text = lg__strdup(text)))
		return lg_error_oom();
	while (text[b] == ' ' || text[b] == '\t')
		b++;
	for (e = b; is_name_char(text[e]); e++)
		;
	if (e > b && lg_name_canonical(&r->name, text + b, e - b) < 0)
		lg_error_clear(); /* not a project name: the text names none */
	return 0;
}

static int add_list(struct lg_pyproject *pp, const struct lg_toml_node *list,
		    enum lg_pyproject_kind kind, const char *origin,
		    const char *what)
{
	int error;

	if (!list)
		return 0;
	if (lg_toml_type(list) != LG_TOML_ARRAY)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE, "%s:%zu: %s must "
					"be an array of strings", origin,
					lg_toml_line(list), what);
	for (size_t i = 0; i < lg_toml_count(list); i++) {
		const struct lg_toml_node *item = lg_toml_at(list, i);
		const char *s = lg_toml_string(item, NULL);

		if (!s)
			return lg_error_invalid(LG_ERRCLASS_LOCKFILE, "%s:%zu: %s "
						"must be an array of strings",
						origin, lg_toml_line(item), what);
		if ((error = add_req(pp, s, lg_toml_line(item), kind)) < 0)
			return error;
	}
	return 0;
}

static int read_tree(struct lg_pyproject *pp, const struct lg_toml_node *root,
		     const char *origin)
{
	const struct lg_toml_node *project = lg_toml_get(root, "project");
	const struct lg_toml_node *build = lg_toml_get(root, "build-system");
	const struct lg_toml_node *opt = lg_toml_get(project, "optional-dependencies");
	const char *name = lg_toml_get_string(project, "name");
	int error;

	if (name && lg_name_canonical(&pp->name, name, strlen(name)) < 0)
		lg_error_clear();
	pp->has_build_system = lg_toml_type(build) == LG_TOML_TABLE;
	if ((error = add_list(pp, lg_toml_get(project, "dependencies"),
			      LG_PYPROJECT_DEPENDENCY, origin,
			      "[project].dependencies")) < 0 ||
	    (error = add_list(pp, lg_toml_get(build, "requires"),
			      LG_PYPROJECT_BUILD, origin,
			      "[build-system].requires")) < 0)
		return error;
	if (opt && lg_toml_type(opt) != LG_TOML_TABLE)
		return lg_error_invalid(LG_ERRCLASS_LOCKFILE, "%s:%zu: "
					"[project.optional-dependencies] must be "
					"a table", origin, lg_toml_line(opt));
	for (size_t i = 0; i < lg_toml_count(opt); i++)
		if ((error = add_list(pp, lg_toml_at(opt, i),
				      LG_PYPROJECT_OPTIONAL, origin,
				      "an optional-dependencies entry")) < 0)
			return error;
	return 0;
}

int lg_lockfile_parse_pyproject(struct lg_pyproject **out, const char *buf,
				size_t len, const char *origin)
{
	struct lg_toml_node *root = NULL;
	struct lg_pyproject *pp;
	int error;

	LG_ASSERT_ARG(out && (buf || !len) && origin);
	*out = NULL;
	if (!(pp = lg__calloc(1, sizeof(*pp))))
		return lg_error_oom();
	if ((error = lg_toml_parse(&root, buf, len, origin)) == 0)
		error = read_tree(pp, root, origin);
	lg_toml_free(root);
	if (error < 0) {
		lg_pyproject_free(pp);
		return error;
	}
	*out = pp;
	return 0;
}

void lg_pyproject_free(struct lg_pyproject *pp)
{
	if (!pp)
		return;
	for (size_t i = 0; i < pp->n; i++) {
		lg__free(pp->reqs[i].name);
		lg__free(pp->reqs[i].text);
	}
	lg__free(pp->reqs);
	lg__free(pp->name);
	lg__free(pp);
}
