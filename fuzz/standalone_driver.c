/* SPDX-License-Identifier: MIT */
/* Replays every file of a corpus directory through LLVMFuzzerTestOneInput,
 * so ctest runs each harness as a fuzz-regression test with gcc. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (4u << 20)

static int replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	if (!f)
		return -1;
	buf = malloc(MAX_INPUT);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, MAX_INPUT, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	DIR *d;
	struct dirent *e;
	char path[4096];
	int count = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	if (!(d = opendir(argv[1]))) {
		fprintf(stderr, "cannot open corpus '%s'\n", argv[1]);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], e->d_name);
		if (replay(path) < 0) {
			fprintf(stderr, "cannot read '%s'\n", path);
			closedir(d);
			return 1;
		}
		count++;
	}
	closedir(d);
	if (count == 0) {
		fprintf(stderr, "corpus '%s' is empty\n", argv[1]);
		return 1;
	}
	printf("%d passed, 0 failed\n", count);
	return 0;
}
