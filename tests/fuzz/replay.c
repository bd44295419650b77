/* replay.c: runs a fuzz target over every file in the folders (or files)
 * given, once each. A crash or sanitizer report fails the test. */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	long n;
	if (!f)
		return fprintf(stderr, "replay: cannot open %s\n", path), 1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc(n > 0 ? (size_t)n : 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(data);
		return fprintf(stderr, "replay: cannot read %s\n", path), 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)n);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, errors = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;
		if (stat(argv[i], &st) != 0)
			return fprintf(stderr, "replay: no such seed folder %s\n", argv[i]), 1;
		if (!S_ISDIR(st.st_mode)) {
			errors += run_file(argv[i]), files++;
			continue;
		}
		if (!(d = opendir(argv[i])))
			return 1;
		while ((e = readdir(d)) != NULL) {
			char path[4096];
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			errors += run_file(path), files++;
		}
		closedir(d);
	}
	printf("replayed %d inputs\n", files);
	if (files == 0)
		return fprintf(stderr, "replay: no seeds\n"), 1;
	printf("%d passed, %d failed\n", files - errors, errors);
	return errors != 0;
}
