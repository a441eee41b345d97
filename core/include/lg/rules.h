/* SPDX-License-Identifier: MIT */
/* Install-time heuristics. Pure functions of bytes: no I/O, no globals. */
#ifndef LG_INCLUDE_RULES_H
#define LG_INCLUDE_RULES_H

#include "lg/model.h"

/* Rule ids (the table in core/rules/table.c has one row for each). */
#define LG_RULE_ARCHIVE_UNSAFE_MEMBER "archive.unsafe-member"
#define LG_RULE_DECODE_EXEC "exec.decode-exec"
#define LG_RULE_HASH_MISMATCH "hash.mismatch"
#define LG_RULE_CMDCLASS_OVERRIDE "install.cmdclass-override"
#define LG_RULE_TOPLEVEL_PROCESS "install.toplevel-process"
#define LG_RULE_LOCK_UNHASHED "lock.unhashed"
#define LG_RULE_LOCK_UNPINNED "lock.unpinned"
#define LG_RULE_PTH_EXEC_LINE "wheel.pth-exec-line"

/* One row of the rule table. */
struct lg_rule_info {
	const char *id;            /* e.g. "exec.decode-exec"; table sorted by id */
	const char *title;         /* one line */
	enum lg_severity severity; /* default severity */
	const char *help;          /* why it matters, what to do */
};

LG_EXTERN(size_t) lg_rules_count(void);
LG_EXTERN(const struct lg_rule_info *) lg_rules_at(size_t i);
/* Rule by id, or NULL. Ownership: borrowed, static. */
LG_EXTERN(const struct lg_rule_info *) lg_rules_find(const char *id);

/* Checks that the rule table and the name tables the rules search are
 * sorted with unique entries (for tests). Returns 0 or LG_EINVALID. */
LG_EXTERN(int) lg_rules_selfcheck(void) LG_WARN_UNUSED;

/* Whether the bytes of the member at path are needed by the rules (so the
 * archive reader loads them). path is the member path as stored. */
LG_EXTERN(bool) lg_rules_wants_member(const char *path);

/* Scans one member (already loaded) and appends findings with path and
 * line set. Returns 0, or a negative error (LG_ENOMEM, LG_ETOOBIG when a
 * limit is hit); malformed Python is a finding or ignored, never an error. */
LG_EXTERN(int) lg_rules_scan_member(struct lg_findings *out, const char *path,
				   const char *data, size_t len) LG_WARN_UNUSED;

#endif
