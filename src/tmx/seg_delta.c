/* seg_delta.c: a kept TMX <seg> stored as what it adds to the segment's
 * text (tmx.h, bt_tmx_seg_delta()).
 *
 * Most kept <seg>s are the corpus text, escaped, with inline codes put in:
 * storing the codes and where they go, instead of the text a second time,
 * halves what a coded unit writes (the import is bound by its writes).
 * A <seg> that differs from its text otherwise (white space trimmed, NFC,
 * other escapes, CDATA) is kept whole, as before. */
#include "error.h"
#include "tmx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARK "\xEF\xBF\xBC" /* U+FFFC: a code alone in the corpus text */

/* Length of the tag at s (from '<' to '>'); 0 when unfinished. */
static size_t tag_len(const char *s, size_t n)
{
	const char *gt = memchr(s, '>', n);
	return gt ? (size_t)(gt - s) + 1 : 0;
}

/* 1 when the tag at s names `name` ("<hi ", "</hi>", "<hi>" ...). */
static int tag_is(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name), o = s[1] == '/' ? 2 : 1;
	return n > o + k && memcmp(s + o, name, k) == 0 && strchr(" \t\n/>", s[o + k]);
}

/* Length of the whole element starting at s (its start tag to its end
 * tag, nested elements included); 0 when it does not close. */
static size_t element_len(const char *s, size_t n)
{
	size_t i = 0;
	int depth = 0;
	do {
		size_t k;
		const char *lt = memchr(s + i, '<', n - i);
		if (!lt)
			return 0;
		i = (size_t)(lt - s);
		if (!(k = tag_len(s + i, n - i)))
			return 0;
		if (s[i + 1] == '/')
			depth--;
		else if (s[i + k - 2] != '/')
			depth++;
		i += k;
	} while (depth > 0 && i < n);
	return depth == 0 ? i : 0;
}

static int put_record(bt_buf *out, size_t pos, size_t del, const char *ins, size_t len)
{
	int rc = bt_buf_printf(out, "%zu,%zu,%zu:", pos, del, len);
	return rc ? rc : bt_buf_put(out, ins, len);
}

int bt_tmx_seg_delta(bt_buf *out, bt_buf *scratch, const char *text, size_t tlen, const char *seg, size_t slen,
		     int *ok)
{
	const char *e;
	size_t i = 0, j = 0, en;
	int rc;
	*ok = 0;
	bt_buf_clear(out);
	bt_buf_clear(scratch);
	if ((rc = bt_tmx_escape(scratch, text, tlen, 0, NULL)) != 0 || (rc = bt_buf_put(out, "\x01", 1)) != 0)
		return rc;
	e = scratch->ptr ? scratch->ptr : "";
	en = scratch->len;
	while (i < slen) {
		if (seg[i] == '<') {
			size_t k;
			int alone;
			if (slen - i >= 9 && memcmp(seg + i, "<![CDATA[", 9) == 0)
				return 0; /* kept whole */
			/* <hi>'s text is the corpus's: its tags alone are codes */
			if (tag_is(seg + i, slen - i, "hi")) {
				if (!(k = tag_len(seg + i, slen - i)) || (rc = put_record(out, j, 0, seg + i, k)) != 0)
					return rc;
				i += k;
				continue;
			}
			if (!(k = element_len(seg + i, slen - i)))
				return 0;
			/* a code alone (ph, it, ut) left U+FFFC in the text */
			alone = tag_is(seg + i, k, "ph") || tag_is(seg + i, k, "it") || tag_is(seg + i, k, "ut");
			alone = alone && en - j >= 3 && memcmp(e + j, MARK, 3) == 0;
			if ((rc = put_record(out, j, alone ? 3 : 0, seg + i, k)) != 0)
				return rc;
			j += alone ? 3 : 0;
			i += k;
		} else if (j < en && seg[i] == e[j]) {
			size_t run = 1;
			while (i + run < slen && j + run < en && seg[i + run] == e[j + run] && seg[i + run] != '<')
				run++;
			i += run, j += run;
		} else {
			return 0;
		}
	}
	*ok = j == en;
	return 0;
}

int bt_tmx_seg_undelta(bt_buf *out, bt_buf *scratch, const char *text, size_t tlen, const char *delta)
{
	const char *p = delta + 1, *e;
	size_t at = 0, en;
	int rc;
	bt_buf_clear(out);
	bt_buf_clear(scratch);
	if ((rc = bt_tmx_escape(scratch, text, tlen, 0, NULL)) != 0)
		return rc;
	e = scratch->ptr ? scratch->ptr : "";
	en = scratch->len;
	while (*p) {
		char *q;
		size_t pos = strtoul(p, &q, 10), del, len;
		if (*q != ',' || (del = strtoul(q + 1, &q, 10), *q != ',') || (len = strtoul(q + 1, &q, 10), *q != ':') ||
		    pos < at || pos + del > en || strlen(q + 1) < len)
			return bt_fail(BT_EDB, NULL, -1, -1, "a kept TMX segment is damaged (at byte %zu of its codes)",
				       (size_t)(p - delta));
		if ((rc = bt_buf_put(out, e + at, pos - at)) != 0 || (rc = bt_buf_put(out, q + 1, len)) != 0)
			return rc;
		at = pos + del;
		p = q + 1 + len;
	}
	if ((rc = bt_buf_put(out, e + at, en - at)) != 0)
		return rc;
	return out->ptr ? 0 : bt_buf_grow(out, 0);
}
