/* error.h: setting the thread-local error detail (internal). */
#ifndef BT_ERROR_H
#define BT_ERROR_H

#include "bitext-core.h"

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

/* Fault injection for tests (see tests/ and the hardening notes in the
 * README): when the environment variable BITEXT_FAULT is "alloc:N",
 * the N-th counted allocation fails (alloc:0 fails none); with
 * BITEXT_FAULT_LOG=FILE the count and whether the fault fired are written
 * to FILE at exit (tests/fault/). Returns non-zero when this one must. */
int bt_fault_alloc(void);

/* BITEXT_FAULT=dbwrite:N or dbfull:N: the N-th write SQLite makes fails;
 * sqlalloc:N: SQLite's N-th allocation (fault_vfs.c). Called before a
 * corpus is opened. */
void bt_fault_vfs_install(void);

void *bt_malloc(size_t n);
void *bt_realloc(void *p, size_t n);
char *bt_strdup(const char *s);

#endif
