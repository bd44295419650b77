/* xliff_export.c: the parts of `bitext export xliff` (bt_tmx_export()
 * with opts->xliff) that are XLIFF 1.2's own: a kept TMX <seg>'s inline
 * codes as XLIFF's, and a link as a <trans-unit> whose state says how
 * sure the link is, for review in a CAT tool (tmx.h). */
#include "error.h"
#include "tmx.h"

#include <stdio.h>
#include <string.h>

#define PUT(b, lit) bt_buf_put((b), lit, sizeof lit - 1)

/* The value of attribute `name` in the start tag s[0, n) into out
 * (escaped as it was written); 0 when absent. */
static int tag_attr(const char *s, size_t n, const char *name, char *out, size_t size)
{
	size_t k = strlen(name);
	for (size_t i = 0; i + k + 2 < n; i++) {
		const char *q;
		size_t len;
		if ((s[i] != ' ' && s[i] != '\t' && s[i] != '\n') || memcmp(s + i + 1, name, k) != 0 ||
		    s[i + 1 + k] != '=' || (s[i + 2 + k] != '"' && s[i + 2 + k] != '\''))
			continue;
		q = memchr(s + i + 3 + k, s[i + 2 + k], n - (i + 3 + k));
		if (!q)
			return 0;
		len = (size_t)(q - (s + i + 3 + k));
		snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), s + i + 3 + k);
		return 1;
	}
	return 0;
}

/* XLIFF 1.2's ctype for a TMX type: the values the two share as they are,
 * any other as an x- value. */
static int put_ctype(bt_buf *out, const char *type)
{
	static const char *const same[] = {"bold", "italic", "underlined", "link", "image", "lb", "pb"};
	int known = strncmp(type, "x-", 2) == 0;
	if (strcmp(type, "ulined") == 0) /* TMX's name for it */
		type = "underlined";
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		known |= strcmp(type, same[i]) == 0;
	return bt_buf_printf(out, " ctype=\"%s%s\"", known ? "" : "x-", type);
}

/* One start tag of the kept <seg>, t[0, n) from '<' to '>', as XLIFF's:
 * bpt/ept with their i as rid, ph and ut as ph, it with pos open/close,
 * hi as a mrk, sub as it is. *end gets the end tag's name (or NULL for an
 * empty element). */
static int put_start(bt_buf *out, const char *t, size_t n, unsigned *id, const char **end)
{
	char name[8], v[64];
	size_t k = strcspn(t + 1, " \t\n/>");
	int empty = t[n - 2] == '/', rc;
	snprintf(name, sizeof name, "%.*s", (int)(k < 7 ? k : 7), t + 1);
	*end = NULL;
	if (strcmp(name, "hi") == 0) {
		*end = "mrk";
		rc = PUT(out, "<mrk mtype=\"x-hi\"");
		if (!rc && tag_attr(t, n, "type", v, sizeof v))
			rc = bt_buf_printf(out, " comment=\"%s\"", v);
		return rc ? rc : bt_buf_puts(out, empty ? "/>" : ">");
	}
	if (strcmp(name, "sub") == 0) {
		*end = "sub";
		return bt_buf_puts(out, empty ? "<sub/>" : "<sub>");
	}
	*end = strcmp(name, "ut") == 0 ? "ph" : strcmp(name, "bpt") == 0 ? "bpt" : strcmp(name, "ept") == 0 ? "ept"
					  : strcmp(name, "it") == 0   ? "it"
								      : "ph";
	if ((rc = bt_buf_printf(out, "<%s id=\"%u\"", *end, ++*id)) != 0)
		return rc;
	if ((strcmp(*end, "bpt") == 0 || strcmp(*end, "ept") == 0) && tag_attr(t, n, "i", v, sizeof v) &&
	    (rc = bt_buf_printf(out, " rid=\"%s\"", v)) != 0)
		return rc;
	if (strcmp(*end, "it") == 0 &&
	    (rc = bt_buf_printf(out, " pos=\"%s\"", tag_attr(t, n, "pos", v, sizeof v) && strcmp(v, "end") == 0
							   ? "close"
							   : "open")) != 0)
		return rc;
	if (strcmp(*end, "ept") != 0 && tag_attr(t, n, "type", v, sizeof v) && (rc = put_ctype(out, v)) != 0)
		return rc;
	if (empty)
		*end = NULL;
	return bt_buf_puts(out, empty ? "/>" : ">");
}

int bt_xliff_from_tmx_seg(bt_buf *out, const char *seg, unsigned *id)
{
	const char *stack[16], *p = seg, *lt;
	int depth = 0, rc;
	while ((lt = strchr(p, '<')) != NULL) {
		const char *gt;
		if ((rc = bt_buf_put(out, p, (size_t)(lt - p))) != 0)
			return rc;
		if (strncmp(lt, "<![CDATA[", 9) == 0) {
			gt = strstr(lt, "]]>");
			gt = gt ? gt + 3 : lt + strlen(lt);
			if ((rc = bt_buf_put(out, lt, (size_t)(gt - lt))) != 0)
				return rc;
			p = gt;
			continue;
		}
		if (!(gt = strchr(lt, '>')))
			return bt_fail(BT_EINTERNAL, NULL, -1, -1, "a kept <seg> with an unfinished tag");
		if (lt[1] == '/') {
			if (depth > 0 && (rc = bt_buf_printf(out, "</%s>", stack[--depth])) != 0)
				return rc;
		} else {
			const char *end;
			if ((rc = put_start(out, lt, (size_t)(gt - lt + 1), id, &end)) != 0)
				return rc;
			if (end && depth < 16)
				stack[depth++] = end;
		}
		p = gt + 1;
	}
	return bt_buf_puts(out, p);
}

int bt_xliff_unit(bt_buf *out, long long ordinal, const bt_xliff_unit_text *u)
{
	const char *state = u->manual ? "final" : u->score >= 0.5 ? "translated" : "needs-review-translation";
	int rc = bt_buf_printf(out, "      <trans-unit id=\"%lld\"%s>\n        <source>", ordinal,
			       u->manual ? " approved=\"yes\"" : "");
	if (!rc)
		rc = bt_buf_put(out, u->src, u->src_len);
	if (!rc)
		rc = PUT(out, "</source>\n");
	if (!rc && u->tgt_len) {
		if ((rc = bt_buf_printf(out, "        <target state=\"%s\">", state)) == 0 &&
		    (rc = bt_buf_put(out, u->tgt, u->tgt_len)) == 0)
			rc = PUT(out, "</target>\n");
	}
	if (!rc)
		rc = bt_buf_printf(out,
				   "        <note from=\"bitext\">link %u-%u, score %.4f%s</note>\n"
				   "      </trans-unit>\n",
				   u->src_n, u->tgt_n, u->score,
				   u->manual ? ", made or confirmed by a person" : u->tgt_len ? "" : ": no translation found");
	return rc;
}
