/* SPDX-License-Identifier: MIT */
/* One read-only pass over an archive held in memory. libarchive is used in
 * this module only; nothing is extracted and nothing touches the disk. */
#include <errno.h>
#include <locale.h>

#include <archive.h>
#include <archive_entry.h>

#include "lg/buf.h"
#include "archive_private.h"

#define WALK_CHUNK (64u << 10) /* bytes per archive_read_data call */
#define UNSAFE_RULE "archive.unsafe-member"

const struct lg_archive_limits lg_archive__default_limits = {
	.max_entries = LG_MAX_ARCHIVE_ENTRIES,
	.max_member_bytes = LG_MAX_MEMBER_BYTES,
	.max_path_bytes = LG_MAX_PATH_BYTES,
	.max_total_unpacked = LG_MAX_TOTAL_UNPACKED,
	.max_expansion_ratio = LG_MAX_EXPANSION_RATIO,
	.min_packed = 1u << 20,
};

struct walk {
	const struct lg_archive_limits *lim;
	const char *origin;
	enum lg_archive_format fmt;
	struct archive *a;
	lg_archive_want_fn want;
	lg_archive_member_fn fn;
	lg_archive_block_fn block;
	void *payload;
	struct lg_findings *findings;
	size_t nentries;
	uint64_t unpacked;     /* bytes decompressed so far */
	uint64_t unpacked_max; /* min(total cap, ratio * packed base) */
	char *chunk;           /* WALK_CHUNK bytes */
	struct lg_buf data;    /* the current wanted member */
	unsigned char head[LG_ARCHIVE_HEAD_BYTES]; /* start of the member */
	size_t head_len;
	uint64_t streamed;     /* bytes of the current member read */
	struct lg_buf name;    /* printable copy of the current path */
	struct lg_buf outlinks; /* "path\0" of each symlink leaving the archive */
};

/* Paths compare without a leading "./". */
static const char *plain(const char *path)
{
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	return path;
}

/* The outward symlink that path is written through, or NULL. */
static const char *through_outlink(const struct walk *w, const char *path)
{
	path = plain(path);
	for (size_t off = 0; off < w->outlinks.len;) {
		const char *link = w->outlinks.ptr + off;
		size_t n = strlen(link);

		if (strncmp(path, link, n) == 0 && path[n] == '/')
			return link;
		off += n + 1;
	}
	return NULL;
}

/* Translates libarchive's state into our error slot. */
static int error_from_archive(struct walk *w)
{
	const char *msg = archive_error_string(w->a);

	if (archive_errno(w->a) == ENOMEM)
		return lg_error_oom();
	return lg_error_invalid(LG_ERRCLASS_ARCHIVE,
				"'%s': corrupt archive: %s", w->origin,
				msg ? msg : "unknown error");
}

/* w->name = path with control characters as '?', cut after max_path bytes
 * (with "..." so the cut is visible; the path is reported as too long). */
static int printable_name(struct walk *w, const char *path)
{
	size_t i;

	lg_buf_reset(&w->name);
	for (i = 0; path[i] && i < w->lim->max_path_bytes; i++) {
		unsigned char c = (unsigned char)path[i];

		lg_buf_putc(&w->name, c < 0x20 || c == 0x7f ? '?' : (char)c);
	}
	if (path[i])
		lg_buf_puts(&w->name, "...");
	return w->name.err;
}

static int enable_formats(struct walk *w)
{
	int r = ARCHIVE_OK;

	switch (w->fmt) {
	case LG_ARCHIVE_TAR_GZ:
		r = archive_read_support_filter_gzip(w->a);
		break;
	case LG_ARCHIVE_TAR_XZ:
		r = archive_read_support_filter_xz(w->a);
		break;
	case LG_ARCHIVE_TAR_BZ2:
		r = archive_read_support_filter_bzip2(w->a);
		break;
	case LG_ARCHIVE_TAR:
		r = archive_read_support_filter_none(w->a);
		break;
	case LG_ARCHIVE_ZIP:
		/* The central directory, as Python's zipfile (and so pip)
		 * reads it, not the local headers a streaming reader sees. */
		r = archive_read_support_format_zip_seekable(w->a);
		break;
	case LG_ARCHIVE_UNKNOWN:
		r = ARCHIVE_FATAL;
		break;
	}
	if (r == ARCHIVE_OK && w->fmt != LG_ARCHIVE_ZIP)
		r = archive_read_support_format_tar(w->a);
	/* ARCHIVE_WARN here means "would run an external program". */
	if (r != ARCHIVE_OK) {
		lg_error_set(LG_ERRCLASS_ARCHIVE,
			     "'%s': %s archives not supported by this build",
			     w->origin, lg_archive_format_name(w->fmt));
		return LG_EUNSUPPORTED;
	}
	return 0;
}

/* Counts n more decompressed bytes against the total and ratio caps. */
static int charge(struct walk *w, uint64_t n)
{
	if (n > w->unpacked_max - w->unpacked) {
		unsigned long long cap = w->unpacked_max;
		unsigned long long ratio = w->lim->max_expansion_ratio;

		w->unpacked = w->unpacked_max;
		if (w->unpacked_max == w->lim->max_total_unpacked)
			return lg_error_toobig("'%s': more than %llu bytes "
					       "unpacked", w->origin, cap);
		return lg_error_toobig("'%s': unpacks to more than %llu times "
				       "its size", w->origin, ratio);
	}
	w->unpacked += n;
	return 0;
}

/* Why the entry must not be handed on, or NULL; *skip is set for a safe
 * member that carries no data of its own (a directory, or a link that
 * stays inside the archive: its target is scanned as its own member). */
static const char *entry_problem(struct archive_entry *e, const char *path,
				 size_t max_path, bool *skip, bool *outlink)
{
	const char *why = lg_archive__path_problem(path, max_path);
	const char *target;

	*skip = false;
	*outlink = false;
	if (why)
		return why;
	if ((target = archive_entry_hardlink(e)) != NULL ||
	    (target = archive_entry_symlink(e)) != NULL) {
		why = lg_archive__link_problem(path, target,
					       archive_entry_hardlink(e) != NULL);
		*skip = !why;
		*outlink = why && !archive_entry_hardlink(e);
		return why;
	}
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return NULL;
	case AE_IFDIR:
		*skip = true;
		return NULL;
	case AE_IFLNK:
		return "symbolic link";
	case AE_IFCHR:
	case AE_IFBLK:
		return "device file";
	case AE_IFIFO:
		return "FIFO";
	case AE_IFSOCK:
		return "socket";
	default:
		return "unknown member type";
	}
}

static int report_unsafe(struct walk *w, const char *path,
			 enum lg_severity sev, const char *why)
{
	int error;

	if ((error = printable_name(w, path)) < 0)
		return error;
	return lg_findings_add(w->findings, UNSAFE_RULE, sev, w->name.ptr, 0,
			       "unsafe archive member: %s", why);
}

/* A symlink that leaves the archive is only a hazard once a later member
 * is written through it (the classic tar traversal): the link itself is
 * medium, a member through it critical. */
static int note_outlink(struct walk *w, const char *path, const char *why)
{
	int error;

	lg_buf_puts(&w->outlinks, plain(path));
	if ((error = lg_buf_putc(&w->outlinks, '\0')) < 0)
		return error == LG_ETOOBIG
			       ? lg_error_toobig("'%s': too many symbolic links "
						 "leaving the archive", w->origin)
			       : error;
	return report_unsafe(w, path, LG_SEV_MEDIUM, why);
}

static int member_too_big(struct walk *w, const char *path)
{
	int error;

	if ((error = printable_name(w, path)) < 0)
		return error;
	return lg_error_toobig("'%s': member '%s' larger than %zu bytes",
			       w->origin, w->name.ptr,
			       w->lim->max_member_bytes);
}

/* One chunk read: counted, its start kept as the head, handed to block. */
static int take_chunk(struct walk *w, const char *path, size_t n)
{
	int error;

	if ((error = charge(w, (uint64_t)n)) < 0)
		return error;
	if (w->head_len < sizeof(w->head)) {
		size_t k = sizeof(w->head) - w->head_len;

		k = k < n ? k : n;
		memcpy(w->head + w->head_len, w->chunk, k);
		w->head_len += k;
	}
	if (w->block &&
	    (error = w->block(path, w->streamed, w->chunk, n, w->payload)) < 0)
		return error;
	w->streamed += n;
	return 0;
}

/* Reads the current member chunk by chunk; keep: into w->data as well
 * (NUL-terminated by lg_buf, at most max_member_bytes). */
static int read_member(struct walk *w, struct archive_entry *e,
		       const char *path, bool keep)
{
	la_ssize_t r;
	int error;

	lg_buf_reset(&w->data);
	w->head_len = 0;
	w->streamed = 0;
	if (keep && archive_entry_size_is_set(e) &&
	    (uint64_t)archive_entry_size(e) > w->lim->max_member_bytes)
		return member_too_big(w, path);
	while ((r = archive_read_data(w->a, w->chunk, WALK_CHUNK)) != 0) {
		if (r < 0)
			return error_from_archive(w);
		if ((error = take_chunk(w, path, (size_t)r)) < 0)
			return error;
		if (keep && lg_buf_put(&w->data, w->chunk, (size_t)r) < 0)
			return w->data.err == LG_ETOOBIG
				       ? member_too_big(w, path)
				       : w->data.err;
	}
	return 0;
}

/* Skips the data. A tar stream has to be decompressed to skip, so that
 * counts against the caps first (before the work is done); zip members
 * are skipped by seeking. */
static int skip_member(struct walk *w, uint64_t declared)
{
	int error;

	if (w->fmt != LG_ARCHIVE_ZIP && (error = charge(w, declared)) < 0)
		return error;
	if (archive_read_data_skip(w->a) < ARCHIVE_WARN)
		return error_from_archive(w);
	return 0;
}

static uint64_t declared_size(struct archive_entry *e)
{
	la_int64_t n = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;

	return n > 0 ? (uint64_t)n : 0;
}

static int visit_file(struct walk *w, struct archive_entry *e,
		      const char *path)
{
	struct lg_member m = {path, NULL, 0, NULL, 0, false};
	bool keep = w->want && w->want(path, w->payload);
	int error;

	if (keep || w->block) {
		if ((error = read_member(w, e, path, keep)) < 0)
			return error;
		m.data = keep ? w->data.ptr : NULL;
		m.size = keep ? w->data.len : (size_t)w->streamed;
		m.head = w->head;
		m.head_len = w->head_len;
		m.streamed = w->block != NULL;
	} else {
		if ((error = skip_member(w, declared_size(e))) < 0)
			return error;
		m.size = (size_t)declared_size(e);
	}
	return w->fn ? w->fn(&m, w->payload) : 0;
}

/* Unsafe members become findings and are skipped; so are directories. */
static int visit_entry(struct walk *w, struct archive_entry *e)
{
	const char *path = archive_entry_pathname_utf8(e);
	const char *why = "name cannot be decoded";
	bool skip = false, outlink = false;
	int error;

	if (++w->nentries > w->lim->max_entries)
		return lg_error_toobig("'%s': more than %zu members", w->origin,
				       w->lim->max_entries);
	if (!path)
		path = archive_entry_pathname(e);
	if (path)
		why = entry_problem(e, path, w->lim->max_path_bytes, &skip,
				    &outlink);
	if (outlink)
		error = note_outlink(w, path, why);
	else if (why)
		error = report_unsafe(w, path ? path : "", LG_SEV_CRITICAL, why);
	else if (path && (why = through_outlink(w, path)) != NULL)
		error = report_unsafe(w, path, LG_SEV_CRITICAL,
				      "written through a symbolic link that "
				      "leaves the archive");
	else
		error = 0;
	if (error < 0)
		return error;
	if (why || skip)
		return skip_member(w, declared_size(e));
	return visit_file(w, e, path);
}

static uint64_t unpacked_cap(const struct lg_archive_limits *lim, size_t len)
{
	uint64_t base = len > lim->min_packed ? len : lim->min_packed;

	if (lim->max_expansion_ratio &&
	    base > lim->max_total_unpacked / lim->max_expansion_ratio)
		return lim->max_total_unpacked;
	return base * lim->max_expansion_ratio;
}

/* An end-of-central-directory record and nothing before it: a zip with no
 * members, which libarchive's seekable reader does not recognise. */
static bool is_empty_zip(const unsigned char *p, size_t len)
{
	return len >= 22 && memcmp(p, "PK\x05\x06", 4) == 0 && !p[8] &&
	       !p[9] && !p[10] && !p[11];
}

/* libarchive converts member names with the thread's LC_CTYPE; in the "C"
 * locale every non-ASCII name would be lost. C.UTF-8 is set for this
 * thread only (uselocale), for the duration of the walk. Without it the
 * walk still runs and undecodable names become findings. */
static locale_t utf8_locale_enter(locale_t *prev)
{
	locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);

	if (loc)
		*prev = uselocale(loc);
	return loc;
}

static void utf8_locale_leave(locale_t loc, locale_t prev)
{
	if (!loc)
		return;
	uselocale(prev);
	freelocale(loc);
}

static int walk_entries(struct walk *w)
{
	struct archive_entry *e;
	int r, error;

	for (;;) {
		r = archive_read_next_header(w->a, &e);
		if (r == ARCHIVE_EOF)
			return 0;
		/* ARCHIVE_WARN still yields a usable entry; anything worse
		 * (including RETRY) leaves the stream in doubt. */
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN)
			return error_from_archive(w);
		if ((error = visit_entry(w, e)) < 0)
			return error;
	}
}

int lg_archive__walk_limits_ex(const struct lg_archive_limits *lim,
			       const void *buf, size_t len, const char *origin,
			       const struct lg_archive_walk_options *opts,
			       struct lg_findings *findings)
{
	struct walk w = {0};
	locale_t loc = (locale_t)0, prev = (locale_t)0;
	int error;

	LG_ASSERT_ARG(lim && (buf || !len) && opts && findings);

	lg_buf_init(&w.data, lim->max_member_bytes);
	lg_buf_init(&w.name, lim->max_path_bytes + 4);
	lg_buf_init(&w.outlinks, 64u * (lim->max_path_bytes + 1));
	w.lim = lim;
	w.origin = origin ? origin : "<archive>";
	w.want = opts->want;
	w.fn = opts->fn;
	w.block = opts->block;
	w.payload = opts->payload;
	w.findings = findings;
	w.unpacked_max = unpacked_cap(lim, len);

	if ((w.fmt = lg_archive_sniff(buf, len)) == LG_ARCHIVE_UNKNOWN) {
		lg_error_set(LG_ERRCLASS_ARCHIVE,
			     "'%s': unknown archive format", w.origin);
		error = LG_EUNSUPPORTED;
		goto done;
	}
	if (w.fmt == LG_ARCHIVE_ZIP && is_empty_zip(buf, len)) {
		error = 0;
		goto done;
	}
	loc = utf8_locale_enter(&prev);
	if (!(w.chunk = lg__malloc(WALK_CHUNK)) ||
	    !(w.a = archive_read_new())) {
		error = lg_error_oom();
		goto done;
	}
	if ((error = enable_formats(&w)) < 0)
		goto done;
	if (archive_read_open_memory(w.a, buf, len) != ARCHIVE_OK) {
		error = error_from_archive(&w);
		goto done;
	}
	error = walk_entries(&w);
done:
	archive_read_free(w.a);
	utf8_locale_leave(loc, prev);
	lg__free(w.chunk);
	lg_buf_dispose(&w.data);
	lg_buf_dispose(&w.name);
	lg_buf_dispose(&w.outlinks);
	return error;
}

int lg_archive__walk_limits(const struct lg_archive_limits *lim,
			    const void *buf, size_t len, const char *origin,
			    lg_archive_want_fn want, lg_archive_member_fn fn,
			    void *payload, struct lg_findings *findings)
{
	struct lg_archive_walk_options opts = {want, fn, NULL, payload};

	return lg_archive__walk_limits_ex(lim, buf, len, origin, &opts,
					  findings);
}

int lg_archive_walk(const void *buf, size_t len, const char *origin,
		    lg_archive_want_fn want, lg_archive_member_fn fn,
		    void *payload, struct lg_findings *findings)
{
	return lg_archive__walk_limits(&lg_archive__default_limits, buf, len,
				       origin, want, fn, payload, findings);
}

int lg_archive_walk_ex(const void *buf, size_t len, const char *origin,
		       const struct lg_archive_walk_options *opts,
		       struct lg_findings *findings)
{
	return lg_archive__walk_limits_ex(&lg_archive__default_limits, buf,
					  len, origin, opts, findings);
}
