/* test.h: a minimal harness for the unit test programs.
 *
 * CHECK(cond) and CHECK_STR(a, b) record failures and go on; the program
 * ends with TEST_END, which prints "N passed, M failed" and exits non-zero
 * on any failure. */
#ifndef BT_TEST_H
#define BT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                                  \
	do {                                                                         \
		if (cond) {                                                          \
			test_passed++;                                               \
		} else {                                                             \
			test_failed++;                                               \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                    \
	} while (0)

#define CHECK_STR(got, want)                                                         \
	do {                                                                         \
		const char *g_ = (got), *w_ = (want);                                \
		if (g_ && w_ && strcmp(g_, w_) == 0) {                               \
			test_passed++;                                               \
		} else {                                                             \
			test_failed++;                                               \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
				g_ ? g_ : "(null)", w_ ? w_ : "(null)");             \
		}                                                                    \
	} while (0)

#define CHECK_INT(got, want)                                                         \
	do {                                                                         \
		long long g_ = (long long)(got), w_ = (long long)(want);             \
		if (g_ == w_) {                                                      \
			test_passed++;                                               \
		} else {                                                             \
			test_failed++;                                               \
			fprintf(stderr, "%s:%d: %s = %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
		}                                                                    \
	} while (0)

#define TEST_END()                                                                   \
	do {                                                                         \
		printf("%d passed, %d failed\n", test_passed, test_failed);         \
		return test_failed ? 1 : 0;                                          \
	} while (0)

#endif
