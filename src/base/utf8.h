/* utf8.h: the one UTF-8 reader and validator (internal).
 *
 * Well-formed UTF-8 as Unicode defines it (table 3-7 of the standard):
 * no overlong forms (C0, C1, E0 80..9F, F0 80..8F), no surrogates (ED
 * A0..BF), nothing above U+10FFFF (F4 90.., F5..FF), no lone or missing
 * continuation bytes. Inline, as the decoder's validation and the
 * segmenter's cursor run it on every byte of a corpus. */
#ifndef BT_UTF8_H
#define BT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1 to 4) of the well-formed sequence at s, with n >= 1 bytes
 * available, and its code point in *cp; 0 when the bytes there are not
 * well-formed (*cp is then U+FFFD, the replacement character). */
static inline size_t bt_utf8_decode(const char *str, size_t n, int32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
	size_t len;
	int32_t v;
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = (int32_t)(c & 0x1F);
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = (int32_t)(c & 0x0F), lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = (int32_t)(c & 0x07), lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		goto bad;
	if (n < len || s[1] < lo || s[1] > hi)
		goto bad;
	for (size_t k = 1; k < len; k++) {
		if ((s[k] & 0xC0) != 0x80)
			goto bad;
		v = (v << 6) | (int32_t)(s[k] & 0x3F);
	}
	*cp = v;
	return len;
bad:
	*cp = 0xFFFD;
	return 0;
}

/* The length of the well-formed sequence at s (n >= 1 bytes), 0 if none. */
static inline size_t bt_utf8_len(const char *s, size_t n)
{
	int32_t cp;
	return bt_utf8_decode(s, n, &cp);
}

/* The offset of the first byte in s[0, len) that does not start a
 * well-formed sequence, or len when all of it is well-formed UTF-8. */
size_t bt_utf8_check(const char *s, size_t len);

#endif
