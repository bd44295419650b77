/* testing.h: the test hooks' one entry (test builds only).
 *
 * Built only when bitext is configured with -DBITEXT_TESTING=ON (the
 * default, asan and test presets); a release library has no test hook, no
 * getenv, no atexit and no process-wide SQLite setting. Like SQLite's
 * sqlite3_test_control(), one function takes an operation code and its
 * arguments; the bitext command calls it from the environment
 * (BITEXT_FAULT, BITEXT_FAULT_LOG: src/cli/main.c) and unit tests call it
 * directly. */
#ifndef BT_TESTING_H
#define BT_TESTING_H

#include "bitext-core.h"

enum bt_testctrl_op {
	/* (const char *spec): arms one fault, disarming any other; NULL or ""
	 * disarms all. Specs (tests/fault/sweep.sh uses each):
	 *   alloc:N     the N-th allocation of the library fails (alloc.h)
	 *   write:N     the N-th write to an output file fails (outfile.h)
	 *   enospc      every write to an output file fails: a full disk
	 *   commit      the corpus's commit fails as a full disk would
	 *   dbwrite:N   the N-th write SQLite makes (database, WAL) is an I/O error
	 *   dbfull:N    the same, as a full disk
	 *   sqlalloc:N  SQLite's N-th allocation fails
	 * N = 0 fails none and only counts. The SQLite ones must be armed before
	 * the process opens its first database (sqlalloc before SQLite starts),
	 * and are meant for single-threaded command runs. BT_EUSAGE for a spec
	 * not in this list. */
	BT_TESTCTRL_FAULT = 1,
	/* (char *buf, size_t size): the line "WORD N failed F\n" for the armed
	 * fault's points into buf (no allocation: it would be counted): WORD is
	 * allocations, writes, commits, dbwrites or sqlallocs, N the passes so
	 * far, F 1 when the fault fired; "" when none is armed. */
	BT_TESTCTRL_FAULT_REPORT = 2,
};

/* Exported from the shared libbitext of a test build (the command calls
 * it); tests/install/exports.sh allows it there. */
BT_EXPORT int bt_test_control(int op, ...);

#endif
