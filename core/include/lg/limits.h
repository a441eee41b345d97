/* SPDX-License-Identifier: MIT */
/* Every cap on attacker-controlled input, in one place. Hitting one is an
 * error (LG_ETOOBIG), never a silent truncation. */
#ifndef LG_INCLUDE_LIMITS_H
#define LG_INCLUDE_LIMITS_H

#define LG_MAX_LOCKFILE_BYTES (16u << 20)    /* one lock or requirements blob */
#define LG_MAX_LOCKFILE_PACKAGES 50000u       /* entries in one lock file */
#define LG_MAX_LOCKFILE_LINE 65536u           /* one logical requirements line */
#define LG_MAX_TOML_BYTES (16u << 20)        /* one TOML document */
#define LG_MAX_TOML_DEPTH 128u                /* tables, arrays and key parts deep */
#define LG_MAX_TOML_KEYS_PER_TABLE 200000u    /* keys of one TOML table */
#define LG_MAX_TOML_NODES (4u << 20)          /* values and tables of one document */
#define LG_MAX_HASHES_PER_PACKAGE 1024u       /* hashes of one lock entry */
#define LG_MAX_FILES_PER_PACKAGE 1024u        /* files of one lock entry */
#define LG_MAX_INCLUDE_DEPTH 32u              /* nested -r/-c includes */
#define LG_MAX_LOCKFILES 1000u                /* lock files in one revision */
#define LG_MAX_INCLUDE_FILES 1000u            /* -r/-c files read for one lock file */
#define LG_MAX_EXTRA_INDEXES 16u              /* --extra-index-url per lock file */
#define LG_MAX_SYMLINK_HOPS 8u                /* symlinks followed for one include */
#define LG_MAX_CONFIG_BYTES (1u << 20)        /* one configuration file */
#define LG_MAX_CONFIG_GLOBS 1000u             /* include + exclude patterns */
#define LG_MAX_CONFIG_LIST 10000u             /* items of one other configuration list */
#define LG_MAX_CONFIG_SUPPRESSIONS 10000u     /* [[suppress]] entries */
#define LG_MAX_CONFIG_STRING_BYTES 4096u      /* one configuration string */
#define LG_MAX_JOBS 64u                       /* jobs (parallel downloads) */
#define LG_MAX_COOLDOWN_DAYS 36500u           /* cooldown-days */
#define LG_MAX_GLOB_SEGMENTS 256u             /* '/'-separated parts of a glob */
#define LG_MAX_TREE_ENTRIES 2000000u          /* tree entries walked per rev */
#define LG_MAX_JSON_BYTES (32u << 20)         /* one index document */
#define LG_MAX_INDEX_FILES 100000u            /* files listed for one release or project page */
#define LG_MAX_HTML_ATTRS 64u                 /* attributes of one HTML tag (Simple API) */
#define LG_MAX_HTTP_HEADER_BYTES 8192u        /* one response header kept (ETag, Content-Type...) */
#define LG_MAX_NETRC_BYTES (1u << 20)         /* one netrc file */
#define LG_MAX_NETRC_ENTRIES 4096u            /* machine entries of a netrc */
#define LG_MAX_NETRC_TOKEN 4096u              /* one netrc token (login, password...) */
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
#define LG_MAX_FETCH_JOBS 64u                 /* parallel transfers */
#define LG_MAX_FETCH_RETRIES 10               /* retries of one request */
#define LG_MAX_RETRY_WAIT_SECS 60u            /* one backoff or Retry-After */
#define LG_MAX_FETCH_BATCH 100000u            /* requests in one batch */
#define LG_MAX_HTTP_HEADER_VALUE 256u         /* ETag, Last-Modified, Content-Type kept */
#define LG_MAX_ZIP_DIR_BYTES (64u << 20)      /* one zip central directory */
#define LG_MAX_PROJECT_NAME_BYTES 256u      /* one project name (squat check) */
#define LG_MAX_DECODE_LAYERS 64u              /* nested encodings peeled */
#define LG_MAX_DECODE_BYTES (32u << 20)       /* decoded output, all layers */
#define LG_MAX_DECODE_MEMORY (128u << 20)     /* one decompressor's state (lzma) */
#define LG_MAX_FOLD_BYTES (4u << 20)          /* one folded constant */
#define LG_MAX_FOLD_DEPTH 64u                 /* nested folds (names, calls) */
#define LG_MAX_FOLD_ITEMS (1u << 20)          /* items of one folded list / call */
#define LG_MAX_FOLD_STEPS (1u << 24)          /* work (tokens, items) of one fold */
#define LG_MAX_RESCAN_DEPTH 16u               /* decoded code scanned again */
#define LG_MAX_FINDINGS_PER_FILE 200u         /* findings kept per member */
#define LG_MAX_RULES_SOURCE_BYTES (256u << 20) /* members kept for one artifact */
#define LG_MAX_RULES_LOCAL_MODULES 4096u      /* names setup.py imports */
#define LG_MAX_BACKEND_PATHS 64u              /* pyproject backend-path entries */
#define LG_MAX_RESCAN_BYTES (64u << 20)       /* hidden code rescanned per member */
#define LG_MAX_RULES_INVENTORY_BYTES (64u << 20) /* paths of every member noted */
#define LG_MAX_DISTINFO_LINES 200000u         /* lines of RECORD/WHEEL/entry_points */
#define LG_MAX_DISTINFO_FIELD 4096u           /* one field or line of those */
#define LG_MAX_OSV_RECORD_BYTES (4u << 20)   /* one OSV JSON record */
#define LG_MAX_OSV_RECORDS 500000u            /* PyPI entries of a malware db */
#define LG_MAX_OSV_FILES 1000000u             /* files walked in a malware db */
#define LG_MAX_OSV_DEPTH 16u                  /* directories deep in a malware db */
#define LG_MAX_OSV_VERSIONS 100000u           /* versions and range events of one record */
#define LG_MAX_OSV_BATCH 1000u              /* queries in one OSV querybatch */
#define LG_MAX_CI_EVENT_BYTES (64u << 20)     /* a GitHub event payload (PR text) */
#define LG_MAX_PROV_BYTES (4u << 20)          /* one provenance, bundle or trusted root */
#define LG_MAX_PROV_FETCHES 4096u           /* provenance documents fetched in one check */
#define LG_MAX_PROV_TOTAL_BYTES (256u << 20)  /* all provenance documents of one check */
#define LG_MAX_PROV_BUNDLES 64u               /* attestation bundles of one provenance */
#define LG_MAX_PROV_ATTESTATIONS 64u          /* attestations of one bundle */
#define LG_MAX_PROV_CERTS 16u                 /* certificates of one chain */
#define LG_MAX_PROV_PROOF_HASHES 64u          /* hashes of one Merkle audit path */
#define LG_MAX_PROV_TIMESTAMPS 32u            /* RFC 3161 timestamps of one bundle */
#define LG_MAX_PROV_TRUST_ENTRIES 64u         /* logs, CAs or TSAs of a trusted root */
#define LG_MAX_PROV_NOTE_LINES 64u            /* signature lines of one checkpoint */
#define LG_MAX_PINS_BYTES (16u << 20)         /* one .lockgate/publishers.json */
#define LG_MAX_PINS 100000u                   /* projects pinned in it */
#define LG_MAX_PIN_FIELD 1024u                /* one publisher field of a pin */

#endif
