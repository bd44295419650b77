/* buf.c: the caller-owned growable buffer. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bt_buf_grow(bt_buf *b, size_t need)
{
	size_t want, cap;
	char *p;
	if (need > SIZE_MAX / 2 - b->len - 1)
		return bt_fail_nomem();
	want = b->len + need + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap *= 2;
	p = bt_realloc(b->ptr, cap);
	if (!p)
		return bt_fail_nomem();
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int bt_buf_put(bt_buf *b, const char *data, size_t len)
{
	int rc = bt_buf_grow(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int bt_buf_puts(bt_buf *b, const char *s)
{
	return bt_buf_put(b, s, strlen(s));
}

int bt_buf_printf(bt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;
	char small[256];
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return bt_fail(BT_EINPUT, NULL, -1, -1, "bad format string");
	if ((size_t)n < sizeof small)
		return bt_buf_put(b, small, (size_t)n);
	if ((rc = bt_buf_grow(b, (size_t)n)) != 0)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void bt_buf_clear(bt_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void bt_buf_dispose(bt_buf *b)
{
	bt_free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}
