/* esc.c: see esc.h. */
#include "esc.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

int bt_esc_cp(uint32_t c)
{
	return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

int bt_esc_width(uint32_t c)
{
	if (!bt_esc_cp(c))
		return 0;
	if (c == '\n' || c == '\r' || c == '\t')
		return 2;
	return c < 0x80 ? 4 : 6;
}

/* The code point at s[0, n) and its length, or 0 when the bytes are not
 * UTF-8 (overlong forms, surrogates, above U+10FFFF). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c = s[0];
	size_t k, need;
	if (c < 0x80)
		return *cp = c, 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if (n < need)
		return 0;
	c &= need == 2 ? 0x1F : need == 3 ? 0x0F : 0x07;
	for (k = 1; k < need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[k] & 0x3F);
	}
	if ((need == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) || (need == 4 && (c < 0x10000 || c > 0x10FFFF)))
		return 0;
	*cp = c;
	return need;
}

size_t bt_esc_find(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t c;
		size_t k;
		if (u[i] >= 0x20 && u[i] < 0x7F) { /* the common case */
			i++;
			continue;
		}
		if ((k = utf8_next(u + i, len - i, &c)) == 0) {
			*cp = u[i];
			return i;
		}
		if (bt_esc_cp(c)) {
			*cp = c;
			return i;
		}
		i += k;
	}
	return len;
}

int bt_text_escape(bt_buf *out, const char *s, size_t len)
{
	size_t at = 0;
	int rc = 0;
	while (!rc && at < len) {
		uint32_t c = 0;
		size_t i = bt_esc_find(s + at, len - at, &c), k;
		char e[16];
		if ((rc = bt_buf_put(out, s + at, i)) != 0 || (at += i) == len)
			break;
		/* invalid UTF-8 (found as a byte, not a character) is one byte */
		k = utf8_next((const unsigned char *)s + at, len - at, &c);
		if (k == 0 || c < 0x80) {
			unsigned char b = (unsigned char)s[at];
			if (b == '\n' || b == '\r' || b == '\t')
				snprintf(e, sizeof e, "\\%c", b == '\n' ? 'n' : b == '\r' ? 'r' : 't');
			else
				snprintf(e, sizeof e, "\\x%02x", b);
			k = 1;
		} else {
			snprintf(e, sizeof e, "\\u%04x", (unsigned)c);
		}
		rc = bt_buf_puts(out, e);
		at += k;
	}
	/* the buffer is a string even when s is empty */
	return rc ? rc : bt_buf_put(out, "", 0);
}

int bt_esc_check_id(const char *what, const char *id, const char *file, long line)
{
	size_t len = strlen(id), at, k;
	uint32_t c = 0;
	bt_buf e = BT_BUF_INIT;
	int rc;
	if ((at = bt_esc_find(id, len, &c)) == len)
		return 0;
	if ((rc = bt_text_escape(&e, id, len)) != 0)
		return rc;
	k = utf8_next((const unsigned char *)id + at, len - at, &c);
	if (k == 0)
		rc = bt_fail(file ? BT_EINPUT : BT_EUSAGE, file, line, -1, "bad %s '%s': byte %zu (0x%02X) is not UTF-8",
			     what, e.ptr, at, (unsigned char)id[at]);
	else
		rc = bt_fail(file ? BT_EINPUT : BT_EUSAGE, file, line, -1,
			     "bad %s '%s': byte %zu is U+%04X, a control or bidi formatting character (an id is printable "
			     "text)",
			     what, e.ptr, at, (unsigned)c);
	bt_buf_dispose(&e);
	return rc;
}
