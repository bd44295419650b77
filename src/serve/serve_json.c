/* serve_json.c: JSON text that is valid whatever bytes come in. */
#include "serve.h"
#include "error.h"
#include "utf8.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

int bt_serve_json_str(bt_buf *b, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0;
	int rc;
	if ((rc = bt_buf_grow(b, len + 2)) != 0 || (rc = bt_buf_put(b, "\"", 1)) != 0)
		return rc;
	while (i < len) {
		unsigned c = s[i];
		size_t n;
		char esc[8];
		const char *rep = NULL;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&') {
			i++;
			run++;
			continue;
		}
		n = c < 0x80 ? 1 : bt_utf8_len(str + i, len - i);
		if (n > 1 && !(n == 3 && c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))) {
			i += n;
			run += n;
			continue;
		}
		if ((rc = bt_buf_put(b, (const char *)s + i - run, run)) != 0)
			return rc;
		run = 0;
		if (n == 0) {
			rep = "\\ufffd";
			n = 1;
		} else if (n == 3) {
			rep = s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
		} else if (c == '"') {
			rep = "\\\"";
		} else if (c == '\\') {
			rep = "\\\\";
		} else if (c == '\n') {
			rep = "\\n";
		} else if (c == '\t') {
			rep = "\\t";
		} else {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			rep = esc;
		}
		if ((rc = bt_buf_puts(b, rep)) != 0)
			return rc;
		i += n;
	}
	if ((rc = bt_buf_put(b, (const char *)s + i - run, run)) != 0)
		return rc;
	return bt_buf_put(b, "\"", 1);
}

int bt_serve_json_num(bt_buf *b, double v)
{
	char t[64];
	size_t n;
	if (!isfinite(v))
		return bt_buf_puts(b, "null");
	snprintf(t, sizeof t, "%.4f", v);
	/* 0.5000 -> 0.5, 1.0000 -> 1 */
	n = strlen(t);
	while (n > 0 && t[n - 1] == '0')
		n--;
	if (n > 0 && t[n - 1] == '.')
		n--;
	t[n] = '\0';
	if (strcmp(t, "-0") == 0)
		return bt_buf_puts(b, "0");
	return bt_buf_puts(b, t);
}

unsigned bt_serve_error(bt_buf *out, unsigned status, const char *fmt, ...)
{
	char msg[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	bt_buf_clear(out);
	if (bt_buf_puts(out, "{\"error\":") || serve_json_cstr(out, msg) ||
	    bt_buf_printf(out, ",\"status\":%u}\n", status))
		return 500;
	return status;
}

unsigned bt_serve_fail(bt_buf *out, int code)
{
	const bt_error *e = bt_error_last();
	unsigned status;
	switch (code) {
	case BT_EINPUT:
	case BT_EUSAGE:
	case BT_ELIMIT: /* a query longer than the concordance takes */
		status = 400;
		break;
	case BT_ENOTFOUND:
		status = 404;
		break;
	case BT_ECONFLICT:
		status = 409;
		break;
	case BT_EDB:
		/* another writer held the database past the busy timeout */
		status = strstr(e->msg, "locked") || strstr(e->msg, "busy") ? 503 : 500;
		break;
	default:
		status = 500;
	}
	return bt_serve_error(out, status, "%s", e->msg[0] ? e->msg : "unknown error");
}
