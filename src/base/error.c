/* error.c: one error model for the whole library. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
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

int bt_fail_again(const bt_error *e)
{
	last_error = *e;
	return e->code;
}

int bt_fail_nomem(void)
{
	return bt_fail(BT_ENOMEM, NULL, -1, -1, "out of memory");
}
