/* error.h: setting the thread-local error detail (internal). */
#ifndef BT_ERROR_H
#define BT_ERROR_H

#include "bitext-core.h"
#include "alloc.h" /* most callers of bt_fail_nomem() allocate */

/* Records the detail of a failure and returns `code`, so that the place
 * that finds a problem writes `return bt_fail(BT_EINPUT, path, line, off,
 * "invalid UTF-8");`. `file` may be NULL; `line`/`byte` -1 when unknown. */
int bt_fail(int code, const char *file, long line, long long byte, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/* Shorthand for an allocation failure. */
int bt_fail_nomem(void);

/* Records a failure another thread recorded (a copy of its
 * bt_error_last()) as this thread's, and returns its code. */
int bt_fail_again(const bt_error *e);

/* BT_EUSAGE unless the options a caller passed (NULL: the defaults) have
 * the layout this library was built with (their first field, `version`):
 * a program built against another header must not be read wrongly. */
#define BT_OPTS_CHECK(opts, VERSION, what)                                                                     \
	do {                                                                                                   \
		if ((opts) && (opts)->version != (VERSION))                                                    \
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "%s: options of version %u, not %u (use the "   \
				       "*_INIT macro of this bitext's header)",                                 \
				       what, (opts)->version, (unsigned)(VERSION));                              \
	} while (0)

#endif
