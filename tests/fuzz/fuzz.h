/* fuzz.h: every fuzz target defines LLVMFuzzerTestOneInput. Built with
 * -DBITEXT_FUZZ=ON (clang, -fsanitize=fuzzer) it is a libFuzzer target;
 * in ordinary builds it is linked with replay.c, which feeds it each file
 * of its seed corpus under ctest, so CI checks the seeds without libFuzzer. */
#ifndef BT_FUZZ_H
#define BT_FUZZ_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* For the readers that take a path (SRX, TMX, TBX, glossaries): writes
 * data[0, size) to a file of this process under $TMPDIR named ...SUFFIX
 * (the suffix picks a glossary's format) and returns its path, or NULL. */
static inline const char *fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
	static char path[512];
	const char *dir = getenv("TMPDIR");
	FILE *f;
	snprintf(path, sizeof path, "%s/bt_fuzz_%ld%s", dir && *dir ? dir : "/tmp", (long)getpid(), suffix);
	if (!(f = fopen(path, "wb")))
		return NULL;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return NULL;
	}
	return fclose(f) == 0 ? path : NULL;
}
#endif
