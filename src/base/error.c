/* error.c: one error model for the whole library. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local bt_error last_error = {0, "", -1, -1, ""};

const bt_error *bt_error_last(void)
{
	return &last_error;
}

void bt_error_clear(void)
{
	last_error.code = 0;
	last_error.file[0] = '\0';
	last_error.line = -1;
	last_error.byte = -1;
	last_error.msg[0] = '\0';
}

int bt_fail(int code, const char *file, long line, long long byte, const char *fmt, ...)
{
	va_list ap;
	last_error.code = code;
	snprintf(last_error.file, sizeof last_error.file, "%s", file ? file : "");
	last_error.line = line;
	last_error.byte = byte;
	va_start(ap, fmt);
	vsnprintf(last_error.msg, sizeof last_error.msg, fmt, ap);
	va_end(ap);
	return code;
}

int bt_fail_nomem(void)
{
	return bt_fail(BT_ENOMEM, NULL, -1, -1, "out of memory");
}

/* Fault injection: parsed once per process (before a second thread can
 * allocate: the TMX import's parser thread starts after allocations of
 * its own); counted atomically, as that import allocates on two threads. */
static long fault_alloc_at = -2;
static long fault_alloc_count;
static int fault_alloc_fired;

/* BITEXT_FAULT_LOG=FILE: at exit, "allocations N failed F" is added to FILE,
 * so that a sweep learns how many allocation points a run has (a first
 * run with alloc:0, which fails none) and whether its fault was reached. */
static void fault_log(void)
{
	const char *path = getenv("BITEXT_FAULT_LOG");
	FILE *f = path ? fopen(path, "a") : NULL;
	if (f) {
		fprintf(f, "allocations %ld failed %d\n", fault_alloc_count, fault_alloc_fired);
		fclose(f);
	}
}

int bt_fault_alloc(void)
{
	if (fault_alloc_at == -2) {
		const char *f = getenv("BITEXT_FAULT");
		fault_alloc_at = -1;
		if (f && strncmp(f, "alloc:", 6) == 0) {
			fault_alloc_at = strtol(f + 6, NULL, 10);
			if (getenv("BITEXT_FAULT_LOG"))
				atexit(fault_log);
		}
	}
	if (fault_alloc_at < 0)
		return 0;
	if (__atomic_add_fetch(&fault_alloc_count, 1, __ATOMIC_RELAXED) != fault_alloc_at)
		return 0;
	__atomic_store_n(&fault_alloc_fired, 1, __ATOMIC_RELAXED);
	return 1;
}

void *bt_malloc(size_t n)
{
	if (bt_fault_alloc())
		return NULL;
	return malloc(n ? n : 1);
}

void *bt_realloc(void *p, size_t n)
{
	if (bt_fault_alloc())
		return NULL;
	return realloc(p, n ? n : 1);
}

char *bt_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = bt_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}
