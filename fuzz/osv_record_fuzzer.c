/* SPDX-License-Identifier: MIT */
/* OSV records: never crashes or leaks; a failed record leaves the db as it
 * was; a match names a MAL- id. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lg/osv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const versions[] = {"0", "1.0", "1.0.1", "2.0rc1",
					       "1!0.1", "0.0.0.dev1"};
	struct lg_osv_db *db = NULL;
	const char *id;
	size_t before;
	int error;

	if (size > (1u << 20) || lg_osv_db_new(&db) < 0)
		return 0;
	/* Twice: the second add sees a db that already holds entries. */
	for (int round = 0; round < 2; round++) {
		before = lg_osv_db_count(db);
		error = lg_osv_db_add_record(db, (const char *)data, size, "fuzz");
		if (error < 0 && lg_osv_db_count(db) != before)
			abort();
	}
	for (size_t i = 0; i < sizeof(versions) / sizeof(*versions); i++) {
		id = lg_osv_db_match(db, "demo-pkg", versions[i]);
		if (id && strncmp(id, "MAL-", 4) != 0)
			abort();
	}
	lg_osv_db_free(db);
	return 0;
}
