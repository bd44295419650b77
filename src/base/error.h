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

#endif
