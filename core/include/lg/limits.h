/* SPDX-License-Identifier: MIT */
/* Every cap on attacker-controlled input, in one place. Hitting one is an
 * error (LG_ETOOBIG), never a silent truncation. */
#ifndef LG_INCLUDE_LIMITS_H
#define LG_INCLUDE_LIMITS_H

#define LG_MAX_LOCKFILE_BYTES (16u << 20)    /* one lock or requirements blob */
#define LG_MAX_LOCKFILE_PACKAGES 50000u       /* entries in one lock file */
#define LG_MAX_LOCKFILE_LINE 65536u           /* one logical requirements line */
#define LG_MAX_HASHES_PER_PACKAGE 1024u       /* --hash options on one entry */
#define LG_MAX_LOCKFILES 1000u                /* lock files in one revision */
#define LG_MAX_TREE_ENTRIES 2000000u          /* tree entries walked per rev */
#define LG_MAX_JSON_BYTES (32u << 20)         /* one index document */
#define LG_MAX_INDEX_FILES 10000u             /* files listed for one release */
#define LG_MAX_ARTIFACT_BYTES (512u << 20)    /* one downloaded wheel/sdist */
#define LG_MAX_TOTAL_DOWNLOAD (4096ull << 20) /* all downloads in one run */
#define LG_MAX_ARCHIVE_ENTRIES 100000u        /* members in one archive */
#define LG_MAX_MEMBER_BYTES (16u << 20)       /* one member read for rules */
#define LG_MAX_TOTAL_UNPACKED (2048ull << 20) /* all members of one archive */
#define LG_MAX_EXPANSION_RATIO 200u           /* unpacked / packed bytes */
#define LG_MAX_PATH_BYTES 4096u               /* one member path or URL */
#define LG_MAX_PY_TOKENS 4000000u             /* tokens in one source file */
#define LG_MAX_PY_NESTING 200u                /* bracket / indent depth */
#define LG_MAX_PY_SOURCE_BYTES (64u << 20)    /* one source given to pysrc */
#define LG_MAX_PY_NAME_BYTES 1024u            /* one resolved dotted name */
#define LG_MAX_PY_POOL_BYTES (64u << 20)      /* interned names of one file */
#define LG_MAX_HTTP_REDIRECTS 5
#define LG_MAX_FINDINGS_PER_FILE 200u         /* findings kept per member */

#endif
