/* fuzz.h: every fuzz target defines LLVMFuzzerTestOneInput. Built with
 * -DBITEXT_FUZZ=ON (clang, -fsanitize=fuzzer) it is a libFuzzer target;
 * in ordinary builds it is linked with replay.c, which feeds it each file
 * of its seed corpus under ctest, so CI checks the seeds without libFuzzer. */
#ifndef BT_FUZZ_H
#define BT_FUZZ_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif
