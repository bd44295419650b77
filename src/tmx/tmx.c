/* tmx.c: TMX 1.4b export (streaming writer) and import (libxml2's SAX2
 * push parser on a thread of its own, the caller's thread writing).
 *
 * Export escapes by hand rather than through xmlTextWriter: XML 1.0 has
 * characters it cannot carry at all (most C0 controls, U+FFFE/U+FFFF), and
 * xmlTextWriter writes them as character references (&#1;), which every
 * parser then rejects; the text has to be cleaned anyway, and cleaning and
 * escaping in one table-driven pass over the UTF-8 is also what makes
 * 100 MB/s possible. What we write is plain: a fixed element skeleton
 * around escaped text, checked by parsing it back (the import below, and
 * the interop tests with the DTD and three other readers).
 *
 * Export reads three ordered cursors side by side: the links, the source
 * segments and the target segments, all in (pair id, ordinal) order, and
 * merges them, so each row is read once and memory stays constant; a link
 * that goes back (crossing links) falls back to a point query. */
#include "tmx.h"
#include "data.h"
#include "error.h"
#include "esc.h"
#include "xml_quiet.h"
#include "outfile.h"
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

/* ---- helpers ---------------------------------------------------------- */

/* Byte classes for escaping: 0 copy, 1 entity, 2 tab or line break,
 * 3 forbidden, 4 start of a multi-byte sequence (validated), 5 quote. */
static const unsigned char esc_class[256] = {
	3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3, 2, 3, 3, /* 00-0F: tab LF CR */
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 10-1F */
	0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* " & */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, /* < > */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
		return n >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
		return n >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 ? 4 : 0;
	}
	return 0;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Most text is runs of class 0 bytes, copied whole; the rest goes one
 * character at a time. */
int bt_tmx_escape(bt_buf *out, const char *s, size_t len, int flags, size_t *removed)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	const int attr = flags & BT_TMX_ATTR, flat = flags & BT_TMX_FLAT;
	size_t nrem = 0;
	char *w, *start;
	int rc;

	if (flat) {
		while (p < end && is_ws(*p))
			p++;
		while (end > p && is_ws(end[-1]))
			end--;
	}
	len = (size_t)(end - p);
	/* Worst case: every byte becomes "&quot;" (6 bytes). */
	if (len > (SIZE_MAX - 64) / 6)
		return bt_fail_nomem();
	if ((rc = bt_buf_grow(out, len * 6)) != 0)
		return rc;
	start = w = out->ptr + out->len;
	while (p < end) {
		const unsigned char *q = p;
		unsigned char c;
		size_t n;
		while (q < end && esc_class[*q] == 0)
			q++;
		memcpy(w, p, (size_t)(q - p));
		w += q - p;
		if ((p = q) == end)
			break;
		c = *p;
		switch (esc_class[c]) {
		case 1:
			if (c == '&')
				memcpy(w, "&amp;", 5), w += 5;
			else if (c == '<')
				memcpy(w, "&lt;", 4), w += 4;
			else
				memcpy(w, "&gt;", 4), w += 4;
			p++;
			continue;
		case 5:
			if (attr)
				memcpy(w, "&quot;", 6), w += 6;
			else
				*w++ = '"';
			p++;
			continue;
		case 4:
			n = utf8_len(p, (size_t)(end - p));
			if (n == 0 || (n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)) {
				p += n ? n : 1; /* not UTF-8, or U+FFFE / U+FFFF */
				break;
			}
			memcpy(w, p, n);
			w += n, p += n;
			continue;
		case 2:
			if (flat && c != '\t') {
				/* a line break and the white space around it: one space */
				while (w > start && (w[-1] == ' ' || w[-1] == '\t'))
					w--;
				while (p < end && is_ws(*p))
					p++;
				if (w > start)
					*w++ = ' ';
			} else {
				if (c == '\r') /* kept through parsers' line-end normalization */
					memcpy(w, "&#13;", 5), w += 5;
				else if (attr)
					memcpy(w, c == '\t' ? "&#9;" : "&#10;", c == '\t' ? 4 : 5), w += c == '\t' ? 4 : 5;
				else
					*w++ = (char)c;
				p++;
			}
			continue;
		default: /* 3: forbidden in XML 1.0 */
			p++;
			break;
		}
		/* removed a character: no double or leading white space for it */
		nrem++;
		if (flat && (w == start || w[-1] == ' ' || w[-1] == '\t'))
			while (p < end && is_ws(*p))
				p++;
	}
	if (flat)
		while (w > start && (w[-1] == ' ' || w[-1] == '\t'))
			w--;
	out->len = (size_t)(w - out->ptr);
	out->ptr[out->len] = '\0';
	if (removed)
		*removed += nrem;
	return 0;
}

int bt_tmx_tag_ok(const char *tag)
{
	size_t n = 0;
	while (isalpha((unsigned char)tag[n]))
		n++;
	if (n < 2 || n > 3)
		return 0;
	tag += n;
	while (*tag == '-') {
		tag++;
		for (n = 0; isalnum((unsigned char)tag[n]); n++)
			;
		if (n < 1 || n > 8)
			return 0;
		tag += n;
	}
	return *tag == '\0';
}

int bt_tmx_default_tag(char *out, size_t size, const char *lang)
{
	bt_buf table = BT_BUF_INIT;
	size_t n = strlen(lang);
	int rc;

	if (n == 0 || n >= size)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad language '%s'", lang);
	memcpy(out, lang, n + 1);
	for (char *q = out; *q; q++)
		if (*q == '_')
			*q = '-';
	if (strchr(out, '-'))
		return 0;
	if ((rc = bt_data_load(&table, "tmx/langtags.tsv")) != 0)
		return rc;
	for (const char *line = table.ptr; line && *line;) {
		const char *eol = strchr(line, '\n'), *tab = strchr(line, '\t');
		size_t ll = eol ? (size_t)(eol - line) : strlen(line);
		if (line[0] != '#' && tab && tab < line + ll && (size_t)(tab - line) == n &&
		    strncasecmp(line, lang, n) == 0) {
			size_t tl = ll - n - 1;
			if (tl > 0 && tl < size) {
				memcpy(out, tab + 1, tl);
				out[tl] = '\0';
			}
			break;
		}
		line = eol ? eol + 1 : NULL;
	}
	bt_buf_dispose(&table);
	return 0;
}

void bt_tmx_date(char out[17], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		snprintf(out, 17, "19700101T000000Z");
}

int bt_tmx_date_filter_ok(const char *d)
{
	static const char *const shapes[] = {"dddd", "dddd-dd", "dddd-dd-dd"};
	for (size_t k = 0; k < 3; k++) {
		const char *s = shapes[k];
		size_t i = 0;
		if (strlen(d) != strlen(s))
			continue;
		while (s[i] && (s[i] == 'd' ? isdigit((unsigned char)d[i]) != 0 : d[i] == s[i]))
			i++;
		if (!s[i])
			return 1;
	}
	return 0;
}

int bt_tmx_part_path(bt_buf *out, const char *path, unsigned part)
{
	size_t n = strlen(path);
	if (n > 4 && strcasecmp(path + n - 4, ".tmx") == 0)
		n -= 4;
	bt_buf_clear(out);
	return bt_buf_printf(out, "%.*s-%04u.tmx", (int)n, path, part);
}

/* The --types list ("1-1,2-1") as (src_n, tgt_n) pairs, in *out (bt_free()). */
static int parse_types(unsigned char (**out)[2], size_t *n, const char *types)
{
	const char *p = types;
	size_t cap = 1;
	unsigned char (*v)[2];
	*out = NULL;
	*n = 0;
	for (const char *q = types; *q; q++)
		cap += *q == ',';
	if (!(v = bt_malloc(cap * sizeof *v)))
		return bt_fail_nomem();
	while (1) {
		char *e1, *e2;
		long a = strtol(p, &e1, 10), b;
		if (e1 == p || !isdigit((unsigned char)*p) || *e1 != '-' || !isdigit((unsigned char)e1[1]))
			goto bad;
		b = strtol(e1 + 1, &e2, 10);
		if (a > 99 || b > 99 || (*e2 != ',' && *e2 != '\0'))
			goto bad;
		if (a == 0 || b == 0) {
			bt_free(v);
			return bt_fail(BT_EUSAGE, NULL, -1, -1,
				       "link type %ld-%ld has no text on one side; a TMX unit needs both sides", a, b);
		}
		v[*n][0] = (unsigned char)a;
		v[(*n)++][1] = (unsigned char)b;
		if (*e2 == '\0')
			break;
		p = e2 + 1;
	}
	*out = v;
	return 0;
bad:
	bt_free(v);
	*n = 0;
	return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad link types '%s' (e.g. 1-1,2-1)", types);
}

int bt_tmx_types_sql(bt_buf *sql, const char *types)
{
	unsigned char (*v)[2];
	size_t n;
	int rc = parse_types(&v, &n, types);
	if (!rc)
		rc = bt_store_link_types_sql(sql, (const unsigned char (*)[2])v, n);
	bt_free(v);
	return rc;
}

/* Score as text, "." whatever the locale. */
static void fmt_score(char out[32], double score)
{
	if (!isfinite(score))
		score = 0;
	snprintf(out, 32, "%.4f", score);
	for (char *q = out; *q; q++)
		if (*q == ',')
			*q = '.';
}

/* ---- export ----------------------------------------------------------- */

#define FLUSH_AT (256 * 1024)

/* One side's segments, in (pair id, ordinal) order. */
typedef struct seg_cursor {
	bt_store_segs *it;
	int side;
	int row;         /* 1: `at` is a row */
	bt_store_seg at;
} seg_cursor;

typedef struct exporter {
	bt_corpus *c;
	const bt_tmx_export_opts *o;
	bt_tmx_export_result *res;
	const char *path;
	bt_outfile *f;
	bt_buf out, name;
	unsigned long long file_units;
	char src_tag[64], tgt_tag[64], date[17];
	bt_buf filter_note;
	bt_buf header; /* a kept <header> to write (bt_store_tmx_header()), or empty */
	size_t removed;
	/* the pair of the last unit, escaped once for all its units */
	bt_buf pair_key, pair_attr, pair_text, date_text;
	/* the unit being written: each side's <seg> content and what its
	 * first segment's <tuv> kept */
	bt_buf seg[2], tuv_lang[2], tuv_attrs[2], tuv_body[2];
	unsigned long long kept_segs, flat_segs;
	int in_file; /* XLIFF: a <file> (the current pair's) is open */
	bt_buf kept, kept_scratch; /* a kept <seg> made whole again (bt_tmx_seg_undelta()) */
	unsigned code_id; /* XLIFF: the last inline code id given in the unit */
} exporter;

static int put_ll(bt_buf *b, long long v)
{
	char tmp[24], *q = tmp + sizeof tmp;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--q = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--q = '-';
	return bt_buf_put(b, q, (size_t)(tmp + sizeof tmp - q));
}

#define PUT(b, lit) bt_buf_put((b), lit, sizeof lit - 1)

static int set_pair(exporter *e, const char *pair, const char *date)
{
	int rc;
	bt_buf_clear(&e->pair_key);
	bt_buf_clear(&e->pair_attr);
	bt_buf_clear(&e->pair_text);
	bt_buf_clear(&e->date_text);
	if ((rc = bt_buf_puts(&e->pair_key, pair)) != 0 ||
	    (rc = bt_tmx_escape(&e->pair_attr, pair, strlen(pair), BT_TMX_ATTR | BT_TMX_FLAT, &e->removed)) != 0 ||
	    (rc = bt_tmx_escape(&e->pair_text, pair, strlen(pair), BT_TMX_FLAT, NULL)) != 0 ||
	    (rc = bt_buf_grow(&e->date_text, 0)) != 0)
		return rc;
	return date ? bt_tmx_escape(&e->date_text, date, strlen(date), BT_TMX_FLAT, &e->removed) : 0;
}

static int cursor_step(exporter *e, seg_cursor *k)
{
	int rc = bt_store_segs_next(k->it, &k->at);
	(void)e;
	k->row = rc == 0;
	return rc == BT_ITEROVER ? 0 : rc;
}

/* A kept <seg> with its inline codes' tags left out: what remains is the
 * text around and inside them (a code's content is its native markup,
 * escaped), so `<ph>&lt;x1/&gt;</ph>` becomes the text `<x1/>`. The kept
 * <seg> holds only text, references, CDATA and inline elements. */
static int put_codes_as_text(exporter *e, bt_buf *out, const char *seg)
{
	const char *p = seg, *lt;
	int rc, tags = 0;
	while ((lt = strchr(p, '<')) != NULL) {
		const char *end;
		if ((rc = bt_buf_put(out, p, (size_t)(lt - p))) != 0)
			return rc;
		if (strncmp(lt, "<![CDATA[", 9) == 0) {
			end = strstr(lt, "]]>");
			end = end ? end + 3 : lt + strlen(lt);
			if ((rc = bt_buf_put(out, lt, (size_t)(end - lt))) != 0)
				return rc;
			p = end;
			continue;
		}
		end = strchr(lt, '>');
		p = end ? end + 1 : lt + strlen(lt);
		tags = 1;
	}
	e->flat_segs += tags;
	return bt_buf_puts(out, p);
}

/* A segment's text as the <seg> holds it, into e->seg[side]: as its TMX
 * wrote it when that was kept, else escaped on one line; the first of a
 * link's segments also gives its <tuv>'s kept language, attributes and
 * props (e->tuv_*). */
static int put_segment(exporter *e, int side, const bt_store_seg *g, int first)
{
	if (first) {
		const bt_store_tmx_tuv *t = &g->tmx;
		int rc;
		bt_buf_clear(&e->tuv_lang[side]);
		bt_buf_clear(&e->tuv_attrs[side]);
		bt_buf_clear(&e->tuv_body[side]);
		if ((t->lang && (rc = bt_buf_puts(&e->tuv_lang[side], t->lang)) != 0) ||
		    (t->attrs && (rc = bt_buf_puts(&e->tuv_attrs[side], t->attrs)) != 0) ||
		    (t->body && (rc = bt_buf_puts(&e->tuv_body[side], t->body)) != 0))
			return rc;
	}
	if (g->tmx.seg) {
		const char *seg = g->tmx.seg;
		int rc;
		e->kept_segs++;
		if (seg[0] == '\x01') {
			if ((rc = bt_tmx_seg_undelta(&e->kept, &e->kept_scratch, g->text, g->len, seg)) != 0)
				return rc;
			seg = e->kept.ptr;
		}
		if (e->o->codes_as_text)
			return put_codes_as_text(e, &e->seg[side], seg);
		if (e->o->xliff)
			return bt_xliff_from_tmx_seg(&e->seg[side], seg, &e->code_id);
		return bt_buf_puts(&e->seg[side], seg);
	}
	return bt_tmx_escape(&e->seg[side], g->text, g->len, BT_TMX_FLAT, &e->removed);
}

/* Appends segment `ord` of `pair` through a point query (links that
 * are not in order). 1 when found. */
static int point_segment(exporter *e, seg_cursor *k, const char *pair, long long ord, int first, int *found)
{
	bt_store_segs *it = NULL;
	bt_store_seg g;
	int rc;
	*found = 0;
	if (ord < 0)
		return 0;
	if ((rc = bt_store_segs_open(&it, e->c, pair, k->side, (size_t)ord, 1)) != 0)
		return rc;
	if ((rc = bt_store_segs_next(it, &g)) == 0) {
		*found = 1;
		rc = put_segment(e, k->side, &g, first);
	} else if (rc == BT_ITEROVER) {
		rc = 0;
	}
	bt_store_segs_free(it);
	return rc;
}

/* The text of segments [first, first+n) of `pair` on one side into
 * e->seg[side], joined by single spaces. */
static int collect(exporter *e, seg_cursor *k, const char *pair, long long link, long long first, long long n)
{
	bt_buf *out = &e->seg[k->side];
	int rc;
	bt_buf_clear(out);
	for (long long want = first; want < first + n; want++) {
		int cmp = 0, found = 0;
		size_t before = out->len;
		while (k->row && ((cmp = strcmp(k->at.pair, pair)) < 0 || (cmp == 0 && (long long)k->at.ordinal < want)))
			if ((rc = cursor_step(e, k)) != 0)
				return rc;
		if (out->len && (rc = bt_buf_put(out, " ", 1)) != 0)
			return rc;
		if (k->row && cmp == 0 && (long long)k->at.ordinal == want) {
			if ((rc = put_segment(e, k->side, &k->at, want == first)) != 0 || (rc = cursor_step(e, k)) != 0)
				return rc;
		} else {
			if ((rc = point_segment(e, k, pair, want, want == first, &found)) != 0)
				return rc;
			if (!found)
				return bt_fail(BT_EDB, bt_store_path(e->c), -1, -1,
					       "pair '%s', link %lld: %s segment %lld does not exist", pair, link,
					       k->side ? "tgt" : "src", want);
		}
		if (out->len == before + 1 && before > 0)
			out->ptr[out->len = before] = '\0'; /* an empty segment: no double space */
	}
	return 0;
}


static int flush_out(exporter *e)
{
	int rc = bt_outfile_write(e->f, e->out.ptr, e->out.len);
	e->res->bytes += e->out.len;
	bt_buf_clear(&e->out);
	return rc;
}

static int file_head(exporter *e);
static int file_head_kept(exporter *e);

static int file_open(exporter *e)
{
	const char *path = e->path;
	int rc;
	if (e->o->split_every) {
		if ((rc = bt_tmx_part_path(&e->name, e->path, e->res->files + 1)) != 0)
			return rc;
		path = e->name.ptr;
	}
	if ((rc = bt_outfile_open(&e->f, path)) != 0)
		return rc;
	e->file_units = 0;
	if (e->o->xliff)
		return PUT(&e->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				    "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
	if (e->header.len) {
		rc = file_head_kept(e);
	} else {
		rc = file_head(e);
	}
	if (!rc && e->filter_note.len)
		rc = bt_buf_printf(&e->out, "    <prop type=\"x-filter\">%s</prop>\n", e->filter_note.ptr);
	if (!rc && e->o->split_every)
		rc = bt_buf_printf(&e->out, "    <prop type=\"x-part\">%u</prop>\n", e->res->files + 1);
	if (!rc)
		rc = bt_buf_puts(&e->out, "  </header>\n  <body>\n");
	return rc;
}

/* 1 when s[0, n) holds `key`. */
static int has_text(const char *s, size_t n, const char *key)
{
	size_t k = strlen(key);
	for (size_t i = 0; i + k <= n; i++)
		if (memcmp(s + i, key, k) == 0)
			return 1;
	return 0;
}

/* The imported TMX's <header>, attributes and children as it had them;
 * an attribute the DTD requires that it lacked (srclang, when the import
 * left it out) as bitext's own header has it. */
static int file_head_kept(exporter *e)
{
	static const char *const need[] = {"creationtool", "creationtoolversion", "segtype", "o-tmf",
					   "adminlang",	   "srclang",		  "datatype"};
	const char *nl = strchr(e->header.ptr, '\n');
	size_t n = nl ? (size_t)(nl - e->header.ptr) : e->header.len;
	char key[32];
	int rc = bt_buf_printf(&e->out,
			       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			       "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
			       "<tmx version=\"1.4\">\n"
			       "  <header%.*s",
			       (int)n, e->header.ptr);
	for (size_t i = 0; i < sizeof need / sizeof need[0] && !rc; i++) {
		const char *v = strcmp(need[i], "creationtool") == 0	    ? "bitext"
				: strcmp(need[i], "creationtoolversion") == 0 ? BT_VERSION
				: strcmp(need[i], "segtype") == 0	    ? "sentence"
				: strcmp(need[i], "o-tmf") == 0		    ? "bitext"
				: strcmp(need[i], "adminlang") == 0	    ? "en"
				: strcmp(need[i], "srclang") == 0	    ? e->src_tag
									    : "plaintext";
		snprintf(key, sizeof key, " %s=\"", need[i]);
		if (!has_text(e->header.ptr, n, key))
			rc = bt_buf_printf(&e->out, " %s=\"%s\"", need[i], v);
	}
	if (!rc)
		rc = bt_buf_puts(&e->out, ">\n");
	if (!rc && nl && nl[1])
		rc = bt_buf_printf(&e->out, "    %s\n", nl + 1);
	return rc;
}

/* bitext's own <header>, up to its props. */
static int file_head(exporter *e)
{
	return bt_buf_printf(&e->out,
			   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
			   "<tmx version=\"1.4\">\n"
			   "  <header creationtool=\"bitext\" creationtoolversion=\"" BT_VERSION "\""
			   " segtype=\"sentence\" o-tmf=\"bitext\" adminlang=\"en\" srclang=\"%s\""
			   " datatype=\"plaintext\" creationdate=\"%s\">\n"
			   "    <note>One unit per sentence alignment link of a bitext corpus. Links with"
			   " text on one side only (1-0, 0-1) are not exported. The sentences of an"
			   " n-m link are joined by a space; line breaks are written as spaces, but a unit"
			   " read from a TMX is written as that TMX had it (inline codes, white space,"
			   " tuid, attributes, props, notes)."
			   " Props: x-document (pair id), x-date, x-link-type (source-target sentence"
			   " counts), x-score (aligner score).</note>\n",
			   e->src_tag, e->date);
}

/* XLIFF: the pair's <file> opened (the one before closed). An export
 * without a unit still has one <file>, as XLIFF requires. */
static int xliff_file(exporter *e, int open)
{
	int rc = 0;
	if (e->in_file && (rc = PUT(&e->out, "    </body>\n  </file>\n")) != 0)
		return rc;
	e->in_file = open;
	if (!open)
		return 0;
	if ((rc = PUT(&e->out, "  <file original=\"")) != 0 ||
	    (rc = bt_buf_put(&e->out, e->pair_attr.ptr ? e->pair_attr.ptr : "", e->pair_attr.len)) != 0)
		return rc;
	return bt_buf_printf(&e->out,
			     "\" source-language=\"%s\" target-language=\"%s\" datatype=\"plaintext\" date=\"%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ\">\n"
			     "    <header><tool tool-id=\"bitext\" tool-name=\"bitext\" tool-version=\"" BT_VERSION
			     "\"/></header>\n    <body>\n",
			     e->src_tag, e->tgt_tag, e->date, e->date + 4, e->date + 6, e->date + 9, e->date + 11,
			     e->date + 13);
}

static int file_close(exporter *e)
{
	int rc;
	if (e->o->xliff) {
		if (!e->in_file && (rc = xliff_file(e, 1)) != 0)
			return rc;
		rc = xliff_file(e, 0);
	} else {
		rc = 0;
	}
	if (rc || (rc = bt_buf_puts(&e->out, e->o->xliff ? "</xliff>\n" : "  </body>\n</tmx>\n")) != 0 ||
	    (rc = flush_out(e)) != 0 ||
	    (rc = bt_outfile_commit(e->f)) != 0)
		return rc;
	e->res->files++;
	if (e->o->written)
		e->o->written(e->o->written_ud, bt_outfile_path(e->f), e->file_units);
	bt_outfile_free(e->f);
	e->f = NULL;
	return 0;
}

static int check_opts(exporter *e, const char *path)
{
	const bt_tmx_export_opts *o = e->o;
	int rc;
	if (o->xliff && (o->split_every || o->all_languages || o->codes_as_text))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "%s is for a TMX export, not XLIFF",
			       o->split_every ? "--split-every" : o->all_languages ? "--all-languages" : "--codes-as-text");
	if (o->split_every && strcmp(path, "-") == 0)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "--split-every needs an output file, not standard output");
	if ((o->since && !bt_tmx_date_filter_ok(o->since)) || (o->until && !bt_tmx_date_filter_ok(o->until)))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad date '%s' (use YYYY, YYYY-MM or YYYY-MM-DD)",
			       o->since && !bt_tmx_date_filter_ok(o->since) ? o->since : o->until);
	if (o->n_pairs > 1000)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "at most 1000 pairs at once, not %zu", o->n_pairs);
	if (o->use_min_score && !isfinite(o->min_score))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad minimum score");
	if (o->src_tag)
		snprintf(e->src_tag, sizeof e->src_tag, "%s", o->src_tag);
	else if ((rc = bt_tmx_default_tag(e->src_tag, sizeof e->src_tag, bt_corpus_src_lang(e->c))) != 0)
		return rc;
	if (o->tgt_tag)
		snprintf(e->tgt_tag, sizeof e->tgt_tag, "%s", o->tgt_tag);
	else if ((rc = bt_tmx_default_tag(e->tgt_tag, sizeof e->tgt_tag, bt_corpus_tgt_lang(e->c))) != 0)
		return rc;
	if (!bt_tmx_tag_ok(e->src_tag) || !bt_tmx_tag_ok(e->tgt_tag) || strlen(e->src_tag) > 35 ||
	    strlen(e->tgt_tag) > 35)
		return bt_fail(BT_EUSAGE, NULL, -1, -1,
			       "bad language tag '%s' (use a BCP 47 tag with hyphens, e.g. nl-NL or en-GB)",
			       bt_tmx_tag_ok(e->src_tag) ? e->tgt_tag : e->src_tag);
	return 0;
}

static int put_esc_buf(bt_buf *b, const char *s)
{
	return bt_tmx_escape(b, s, strlen(s), BT_TMX_FLAT, NULL);
}

/* Human-readable record of the filters, for the header. */
static int filter_note(exporter *e)
{
	const bt_tmx_export_opts *o = e->o;
	bt_buf *b = &e->filter_note;
	int rc = 0;
	char s[32];
	if (o->pair_id && !(rc = bt_buf_puts(b, "pair=")))
		rc = put_esc_buf(b, o->pair_id);
	for (size_t k = 0; !rc && !o->pair_id && k < o->n_pairs; k++)
		if (!(rc = bt_buf_puts(b, k ? "," : "pairs=")))
			rc = put_esc_buf(b, o->pairs[k]);
	if (!rc && o->manual_only)
		rc = bt_buf_printf(b, "%smanual-only", b->len ? " " : "");
	if (!rc && o->use_min_score) {
		fmt_score(s, o->min_score);
		rc = bt_buf_printf(b, "%smin-score=%s", b->len ? " " : "", s);
	}
	if (!rc && o->types && !(rc = bt_buf_printf(b, "%stypes=", b->len ? " " : "")))
		rc = put_esc_buf(b, o->types);
	if (!rc && o->since)
		rc = bt_buf_printf(b, "%ssince=%s", b->len ? " " : "", o->since);
	if (!rc && o->until)
		rc = bt_buf_printf(b, "%suntil=%s", b->len ? " " : "", o->until);
	return rc;
}

static int open_cursor(exporter *e, seg_cursor *k, int side, const bt_store_pair_filter *f)
{
	int rc;
	k->side = side;
	if ((rc = bt_store_segs_corpus(&k->it, e->c, side, f)) != 0)
		return rc;
	return cursor_step(e, k);
}

/* One <tuv>: the language (an option's, else the one kept, else the
 * corpus's), kept attributes and props, and the <seg> collected. */
static int put_tuv(exporter *e, int side)
{
	const char *tag = side ? e->tgt_tag : e->src_tag;
	int rc;
	if (!(side ? e->o->tgt_tag : e->o->src_tag) && e->tuv_lang[side].len)
		tag = e->tuv_lang[side].ptr;
	if ((rc = PUT(&e->out, "      <tuv xml:lang=\"")) != 0 ||
	    (rc = bt_tmx_escape(&e->out, tag, strlen(tag), BT_TMX_ATTR | BT_TMX_FLAT, NULL)) != 0 ||
	    (rc = PUT(&e->out, "\"")) != 0 || (rc = bt_buf_put(&e->out, e->tuv_attrs[side].ptr, e->tuv_attrs[side].len)) != 0 ||
	    (rc = PUT(&e->out, ">")) != 0 || (rc = bt_buf_put(&e->out, e->tuv_body[side].ptr, e->tuv_body[side].len)) != 0 ||
	    (rc = PUT(&e->out, "<seg>")) != 0 || (rc = bt_buf_put(&e->out, e->seg[side].ptr, e->seg[side].len)) != 0)
		return rc;
	return PUT(&e->out, "</seg></tuv>\n");
}

/* The <tu> start tag: the tuid kept from its TMX, else PAIR:ORDINAL;
 * then the attributes and props kept, and bitext's props. */
static int put_tu_head(exporter *e, const bt_store_link *l)
{
	const bt_store_tmx_unit *x = &l->tmx;
	char score[32];
	int rc;
	fmt_score(score, l->l.score);
	if ((rc = PUT(&e->out, "    <tu tuid=\"")) != 0)
		return rc;
	if (x->tuid)
		rc = bt_tmx_escape(&e->out, x->tuid, strlen(x->tuid), BT_TMX_ATTR, NULL);
	else if ((rc = bt_buf_put(&e->out, e->pair_attr.ptr, e->pair_attr.len)) == 0 && (rc = PUT(&e->out, ":")) == 0)
		rc = put_ll(&e->out, l->ordinal);
	if (rc || (rc = PUT(&e->out, "\"")) != 0 || (x->attrs && (rc = bt_buf_puts(&e->out, x->attrs)) != 0) ||
	    (rc = PUT(&e->out, ">\n")) != 0)
		return rc;
	if (x->body && *x->body &&
	    ((rc = PUT(&e->out, "      ")) != 0 || (rc = bt_buf_puts(&e->out, x->body)) != 0 || (rc = PUT(&e->out, "\n")) != 0))
		return rc;
	if ((rc = PUT(&e->out, "      <prop type=\"x-document\">")) != 0 ||
	    (rc = bt_buf_put(&e->out, e->pair_text.ptr, e->pair_text.len)) != 0 || (rc = PUT(&e->out, "</prop>\n")) != 0)
		return rc;
	if (e->date_text.len && ((rc = PUT(&e->out, "      <prop type=\"x-date\">")) != 0 ||
				 (rc = bt_buf_put(&e->out, e->date_text.ptr, e->date_text.len)) != 0 ||
				 (rc = PUT(&e->out, "</prop>\n")) != 0))
		return rc;
	if ((rc = PUT(&e->out, "      <prop type=\"x-link-type\">")) != 0 || (rc = put_ll(&e->out, (long long)l->l.src_n)) != 0 ||
	    (rc = PUT(&e->out, "-")) != 0 || (rc = put_ll(&e->out, (long long)l->l.tgt_n)) != 0 ||
	    (rc = PUT(&e->out, "</prop>\n      <prop type=\"x-score\">")) != 0 ||
	    (rc = bt_buf_puts(&e->out, score)) != 0 || (rc = PUT(&e->out, "</prop>\n")) != 0)
		return rc;
	/* a link a person corrected or confirmed on the review page (bitext serve) */
	if (l->manual && (rc = PUT(&e->out, "      <prop type=\"x-manual\">1</prop>\n")) != 0)
		return rc;
	return 0;
}

/* One unit's <tu> for link l, appended to e->out; *empty when a side's
 * text came out empty (the unit is then left out by the caller). */
static int put_unit(exporter *e, seg_cursor *src, seg_cursor *tgt, const bt_store_link *l, int *empty)
{
	int rc;
	/* XLIFF: codes numbered in each side's order, so that a code and its
	 * counterpart in the translation share an id where the order is kept */
	e->code_id = 0;
	if ((rc = collect(e, src, l->pair, l->ordinal, (long long)l->l.src_first, (long long)l->l.src_n)) != 0)
		return rc;
	e->code_id = 0;
	if ((rc = collect(e, tgt, l->pair, l->ordinal, (long long)l->l.tgt_first, (long long)l->l.tgt_n)) != 0)
		return rc;
	*empty = !e->seg[0].len || (!e->seg[1].len && l->l.tgt_n);
	if (*empty)
		return 0;
	if (e->o->xliff) {
		bt_xliff_unit_text u = {e->seg[0].ptr, e->seg[1].ptr ? e->seg[1].ptr : "", e->seg[0].len, e->seg[1].len,
					l->l.src_n, l->l.tgt_n, l->l.score, l->manual};
		const bt_store_tmx_unit *x = &l->tmx;
		/* a TMX's tuid, attributes, props and notes: XLIFF has no place */
		e->res->meta_left += x->tuid || (x->attrs && *x->attrs) || (x->body && *x->body) ||
				     e->tuv_attrs[0].len || e->tuv_attrs[1].len || e->tuv_body[0].len || e->tuv_body[1].len;
		return bt_xliff_unit(&e->out, l->ordinal, &u);
	}
	if ((rc = put_tu_head(e, l)) != 0 || (rc = put_tuv(e, 0)) != 0 || (rc = put_tuv(e, 1)) != 0)
		return rc;
	if (e->o->all_languages && l->tmx.others && *l->tmx.others) {
		e->res->others++;
		if ((rc = PUT(&e->out, "      ")) != 0 || (rc = bt_buf_puts(&e->out, l->tmx.others)) != 0 ||
		    (rc = PUT(&e->out, "\n")) != 0)
			return rc;
	}
	return PUT(&e->out, "    </tu>\n");
}

static int pair_must_exist(bt_corpus *c, const char *id)
{
	int exists, rc = bt_store_pair_exists(c, id, &exists);
	if (!rc && !exists)
		rc = bt_fail(BT_ENOTFOUND, NULL, -1, -1, "no pair '%s' in the corpus", id);
	return rc;
}

int bt_tmx_export(bt_tmx_export_result *res, bt_corpus *c, const char *path, const bt_tmx_export_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_TMX_EXPORT_OPTS_VERSION, "bt_tmx_export");
	static const bt_tmx_export_opts defaults = BT_TMX_EXPORT_OPTS_INIT;
	bt_tmx_export_result local;
	exporter e;
	seg_cursor src, tgt;
	bt_store_links *links = NULL;
	bt_store_link_filter f = {BT_STORE_PAIR_FILTER_INIT, 0, 0, NULL, 0, 0};
	unsigned char (*types)[2] = NULL;
	bt_store_link l;
	size_t total = 0, done_links = 0;
	int rc;

	if (!opts)
		opts = &defaults;
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	memset(&e, 0, sizeof e);
	memset(&src, 0, sizeof src);
	memset(&tgt, 0, sizeof tgt);
	e.c = c, e.o = opts, e.res = res, e.path = path;
	if ((rc = check_opts(&e, path)) != 0 || (rc = filter_note(&e)) != 0)
		goto done;
	f.pairs = (bt_store_pair_filter){opts->pair_id, opts->since, opts->until, opts->pairs, opts->n_pairs};
	f.use_min_score = opts->use_min_score, f.min_score = opts->min_score;
	f.manual_only = opts->manual_only;
	for (size_t k = 0; !opts->pair_id && k < opts->n_pairs && !rc; k++)
		rc = pair_must_exist(c, opts->pairs[k]);
	if (rc)
		goto done;
	bt_tmx_date(e.date, opts->creation_time >= 0 ? opts->creation_time : (long long)time(NULL));
	if (opts->pair_id && (rc = pair_must_exist(c, opts->pair_id)) != 0)
		goto done;
	if (opts->types && (rc = parse_types(&types, &f.n_types, opts->types)) != 0)
		goto done;
	f.types = (const unsigned char (*)[2])types;
	if (!opts->xliff) { /* (XLIFF has no place for a TMX header) */
		size_t with = 0;
		if ((rc = bt_store_tmx_header(c, &f.pairs, &e.header, &with)) != 0)
			goto done;
		res->header_kept = e.header.len > 0;
		res->headers_left = e.header.len ? 0 : with;
	}
	if (opts->progress) {
		long long n = 0;
		if ((rc = bt_store_links_count(c, &f, &n)) != 0)
			goto done;
		total = (size_t)n;
	}
	if ((rc = bt_store_links_open(&links, c, &f)) != 0 || (rc = open_cursor(&e, &src, 0, &f.pairs)) != 0 ||
	    (rc = open_cursor(&e, &tgt, 1, &f.pairs)) != 0 || (rc = file_open(&e)) != 0)
		goto done;

	while ((rc = bt_store_links_next(links, &l)) == 0) {
		size_t mark;
		int empty = 0;

		if (opts->progress && ++done_links % 65536 == 0)
			opts->progress(opts->progress_ud, done_links, total, "links");
		if (l.l.src_n == 0 || (l.l.tgt_n == 0 && !opts->xliff)) {
			res->unpaired++;
			continue;
		}
		if (opts->split_every && e.file_units == opts->split_every &&
		    ((rc = file_close(&e)) != 0 || (rc = file_open(&e)) != 0))
			goto done;
		if ((!e.pair_key.ptr || strcmp(e.pair_key.ptr, l.pair) != 0) &&
		    ((rc = set_pair(&e, l.pair, l.date)) != 0 || (opts->xliff && (rc = xliff_file(&e, 1)) != 0)))
			goto done;
		mark = e.out.len;
		if ((rc = put_unit(&e, &src, &tgt, &l, &empty)) != 0)
			goto done;
		if (empty) {
			e.out.len = mark;
			e.out.ptr[mark] = '\0';
			res->empty++;
			continue;
		}
		res->units++;
		e.file_units++;
		if (e.out.len >= FLUSH_AT && (rc = flush_out(&e)) != 0)
			goto done;
	}
	if (rc != BT_ITEROVER)
		goto done;
	if (opts->progress)
		opts->progress(opts->progress_ud, done_links, done_links, "links");
	rc = file_close(&e);
done:
	res->removed = e.removed;
	res->kept_segs = e.kept_segs;
	res->flat_segs = e.flat_segs;
	bt_store_links_free(links);
	bt_store_segs_free(src.it);
	bt_store_segs_free(tgt.it);
	bt_free(types);
	bt_outfile_free(e.f); /* removes the temporary of an unfinished file */
	bt_buf_dispose(&e.out);
	bt_buf_dispose(&e.name);
	bt_buf_dispose(&e.filter_note);
	bt_buf_dispose(&e.header);
	bt_buf_dispose(&e.kept);
	bt_buf_dispose(&e.kept_scratch);
	bt_buf_dispose(&e.pair_key);
	bt_buf_dispose(&e.pair_attr);
	bt_buf_dispose(&e.pair_text);
	bt_buf_dispose(&e.date_text);
	for (int s = 0; s < 2; s++) {
		bt_buf_dispose(&e.seg[s]);
		bt_buf_dispose(&e.tuv_lang[s]);
		bt_buf_dispose(&e.tuv_attrs[s]);
		bt_buf_dispose(&e.tuv_body[s]);
	}
	return rc;
}

/* ---- import ----------------------------------------------------------- */

/* Elements open inside a <tu> (tu, tuv, seg and inline codes nested). */
#define MAX_DEPTH 64

typedef struct importer {
	bt_corpus *c;
	const bt_tmx_import_opts *o;
	bt_tmx_import_result *res;
	const char *name; /* the file, for messages */
	xmlParserCtxtPtr x; /* libxml2's push parser, calling the sax_* below */
	int rc;           /* the first error of ours, which stopped the parser */
	int xml_failed;   /* first libxml2 error */
	int xml_code;
	long xml_line;
	char xml_msg[512];
	char xml_entity[128]; /* the name an undeclared-entity error names */
	char bom[32];     /* encoding named by a byte order mark, or "" */
	int fd;           /* the input */
	long long bytes_in, size; /* read so far; the file's size, or 0 */
	char src_pri[16], tgt_pri[16], srclang[64];
	char default_pair[256];
	char encoding[64];
	/* the writer: the store's bulk writer, and the pair units go to */
	bt_store_bulk *bulk;
	bt_buf pair;
	int have_pair;
	/* the unit being read */
	long tu_line;
	bt_buf tuid, prop_doc, prop_date, prop_score, prop_val, seg[2], clean[2];
	int have[2];
	int prop_manual; /* <prop type="x-manual">1</prop>: a person's link */
	/* where the parser is: elements open (tmx 0, header and body 1, tu
	 * 2, prop/note/tuv 3, seg 4, inline markup below) and the names of
	 * the outer 8, for a truncated file */
	int depth;
	char open_name[8][16];
	int seen_root, seen_header, seen_body, in_body, in_tu, in_tuv, tuv_side, tuv_seg, in_seg, skip_depth, prop;
	int in_header, header_given; /* inside <header>; handed to the store */
	bt_buf header; /* its attributes, a newline, its children (bt_store_bulk_header()) */
	bt_buf delta;  /* a kept <seg> as codes and places (bt_tmx_seg_delta()) */
	long tuv_line;
	/* the unit's markup, kept as parsed (bt_store_tmx_unit): where the
	 * content of the element open at each depth goes (NULL: not kept),
	 * the buffer each kept element's start tag went to and where its
	 * content began (an empty one is written <x/>) */
	bt_buf *sink[MAX_DEPTH], *opened[MAX_DEPTH];
	size_t open_at[MAX_DEPTH];
	bt_buf tu_attrs, tu_body, others, tuv_lang[2], tuv_attrs[2], tuv_body[2], segx[2], scratch;
	int has_tuid, ncodes[2], n_other;
	unsigned long long code_kind[2][7];
	char other_seen[8][16];
	char def_tag[2][64]; /* the tags an export writes by default */
	/* the first unit's tags, which new documents keep (not with --append:
	 * a document there may have its own); set once by the parser, before
	 * the writer reads them */
	char file_tag[2][64];
	int tags_set;
	/* Two threads: the parser (read_tmx() and the sax_* callbacks; it
	 * checks and cleans each unit) hands batches of units to the writer
	 * (the caller's thread: SQLite), so that parsing and writing share
	 * the two cores. Everything below is under `mu`. */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch *fill;          /* the parser's, being filled (not under mu) */
	struct batch *head, *tail;   /* full, for the writer, in file order */
	struct batch *spare;         /* emptied by the writer, for reuse */
	int queued;                  /* batches between head and tail */
	int parsed, stop;            /* parser done; writer failed: parser stops */
	int p_rc;                    /* the parser's result, its error in p_err */
	bt_error p_err;
} importer;

/* A unit as the parser hands it over: strings NUL-terminated in the
 * batch's text. */
typedef struct unit_rec {
	long line;
	double score;
	int manual;
	size_t id, tuid, ntuid, date, ndate, seg[2], nseg[2];
	/* what the unit had besides its text (offsets into the batch's text,
	 * NONE for none): see bt_store_tmx_unit */
	int has_tmx;
	size_t x_tuid, x_attrs, x_body, x_others, x_lang[2], x_tattrs[2], x_tbody[2], x_seg[2];
} unit_rec;

#define NONE ((size_t)-1)

typedef struct batch {
	unit_rec *v;
	size_t n, cap;
	bt_buf text;
	struct batch *next;
} batch;

/* Units and bytes per batch, and batches in flight: enough for each side
 * to work a while without the other, little memory. */
#define BATCH_UNITS 2048
#define BATCH_BYTES (1u << 20)
#define MAX_QUEUED 4

static int im_fail(importer *im, long line, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int im_fail(importer *im, long line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return bt_fail(BT_EINPUT, im->name, line, -1, "%s", msg);
}

/* libxml2 reports here instead of printing; the first error is kept. */
static void on_xml_error(void *ud, xmlErrorPtr err)
{
	importer *im = ud;
	size_t n;
	if (!err || err->level < XML_ERR_ERROR || im->xml_failed)
		return;
	im->xml_failed = 1;
	im->xml_code = err->code;
	im->xml_line = err->line > 0 ? err->line : -1;
	snprintf(im->xml_msg, sizeof im->xml_msg, "%s", err->message ? err->message : "error");
	snprintf(im->xml_entity, sizeof im->xml_entity, "%s", err->str1 ? err->str1 : "?");
	if (im->x)
		xmlStopParser(im->x);
	for (char *q = im->xml_msg; *q; q++)
		if (*q == '\n')
			*q = ' ';
	n = strlen(im->xml_msg);
	while (n && im->xml_msg[n - 1] == ' ')
		im->xml_msg[--n] = '\0';
}

/* The line the parser is on: at an element's callback, the line its
 * start tag ends on. */
static long node_line(importer *im)
{
	return im->x && im->x->input ? im->x->input->line : -1;
}

/* The primary language subtag, lower case: "nl-NL" -> "nl". */
static void primary(char out[16], const char *tag)
{
	size_t i = 0;
	for (; tag[i] && tag[i] != '-' && tag[i] != '_' && i < 15; i++)
		out[i] = (char)tolower((unsigned char)tag[i]);
	out[i] = '\0';
}

/* Value of attribute `prefix:local` (prefix NULL for none) among the
 * SAX2 attributes (local, prefix, URI, value, end per attribute) into
 * `out`; 1 when present. */
static int get_attr(const xmlChar **attrs, int n, const char *prefix, const char *local, bt_buf *out, int *rc)
{
	for (int i = 0; i < n; i++, attrs += 5) {
		const char *l = (const char *)attrs[0], *p = (const char *)attrs[1];
		if (strcmp(l, local) == 0 && (prefix ? p && strcmp(p, prefix) == 0 : !p)) {
			bt_buf_clear(out);
			*rc = bt_buf_put(out, (const char *)attrs[3], (size_t)(attrs[4] - attrs[3]));
			return 1;
		}
	}
	return 0;
}

/* 1 when s[0, n) is NFC with no control characters but tab and LF as it
 * is: every character is one ICU's NFC quick check says "yes" to and that
 * combines with nothing (canonical combining class 0): printable ASCII,
 * U+00A0-U+02FF, U+2002-U+206F (punctuation: quotes, dashes) and
 * U+20A0-U+20CF (currency). Most Dutch and English text is; the rest goes
 * through bt_decode(). */
static int plain_nfc(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
				return 0;
			i++;
		} else if (c >= 0xC2 && c <= 0xCB && i + 1 < n) {
			if (c == 0xC2 && s[i + 1] < 0xA0) /* C1 controls */
				return 0;
			i += 2;
		} else if (c == 0xE2 && i + 2 < n &&
			   ((s[i + 1] == 0x80 && s[i + 2] >= 0x82) || s[i + 1] == 0x81 ||
			    (s[i + 1] == 0x82 && s[i + 2] >= 0xA0) || (s[i + 1] == 0x83 && s[i + 2] <= 0x8F))) {
			i += 3;
		} else {
			return 0;
		}
	}
	return 1;
}

/* Segment text as the corpus keeps text: NFC, controls dropped, trimmed.
 * (The reader hands over valid UTF-8.) */
static int clean_text(importer *im, const bt_buf *in, bt_buf *out)
{
	const unsigned char *s = (const unsigned char *)(in->ptr ? in->ptr : "");
	size_t n = in->len, a = 0, b;
	int rc;
	if (plain_nfc(s, n)) {
		bt_buf_clear(out);
		rc = bt_buf_put(out, (const char *)s, n);
	} else {
		bt_decode_opts d = BT_DECODE_OPTS_INIT;
		d.name = im->name;
		rc = bt_decode(out, NULL, (const char *)s, n, &d);
	}
	if (rc)
		return rc;
	b = out->len;
	while (a < b && strchr(" \t\n", out->ptr[a]))
		a++;
	while (b > a && strchr(" \t\n", out->ptr[b - 1]))
		b--;
	memmove(out->ptr, out->ptr + a, b - a);
	out->len = b - a;
	out->ptr[out->len] = '\0';
	return 0;
}

/* A pair date as the corpus keeps it: YYYY-MM or YYYY-MM-DD; else none. */
static const char *pair_date(const bt_buf *d)
{
	if (d->len && bt_tmx_date_filter_ok(d->ptr) && d->len >= 7)
		return d->ptr;
	return NULL;
}

/* Makes `id` the pair being filled: resumed if this import has written to
 * it, else created, replaced or (with --append) continued. */
static int switch_pair(importer *im, const char *id, const char *unit_date, size_t ndate, long line)
{
	bt_buf d = {(char *)unit_date, ndate, ndate + 1};
	int rc, what;
	bt_buf_clear(&im->pair);
	if ((rc = bt_buf_puts(&im->pair, id)) != 0)
		return rc;
	im->have_pair = 1;
	if ((rc = bt_store_bulk_pair(im->bulk, id, pair_date(&d), im->encoding,
				     im->o->append	  ? BT_BULK_APPEND
				     : im->o->replace ? BT_BULK_REPLACE
						      : BT_BULK_REFUSE,
				     &what)) != 0)
		return rc;
	switch (what) {
	case BT_BULK_EXISTS:
		return im_fail(im, line,
			       "pair '%s' is already in the corpus (use --append to add to it, --replace to"
			       " replace it, or --pair to import under another id)",
			       id);
	case BT_BULK_APPENDED:
		im->res->appended++;
		break;
	case BT_BULK_REPLACED:
		im->res->replaced++;
		im->res->pairs++;
		break;
	case BT_BULK_NEW:
		im->res->pairs++;
		break;
	}
	return 0;
}

/* The link ordinal: N of a tuid "PAIR:N" when it keeps the pair's order
 * (so a re-export names the unit as before), else the next one. */
static long long link_ordinal(importer *im, const char *t, size_t nt)
{
	size_t n = im->pair.len;
	long long next = bt_store_bulk_next_link(im->bulk);
	if (nt > n + 1 && memcmp(t, im->pair.ptr, n) == 0 && t[n] == ':' && strspn(t + n + 1, "0123456789") == nt - n - 1 &&
	    nt - n - 1 <= 15) {
		long long v = strtoll(t + n + 1, NULL, 10);
		if (v >= next)
			return v;
	}
	return next;
}

/* ---- the parser's side: a unit read, checked and cleaned ---- */

static int put_str(bt_buf *b, const char *s, size_t n, size_t *at)
{
	*at = b->len;
	int rc = bt_buf_put(b, s ? s : "", n);
	return rc ? rc : bt_buf_put(b, "", 1);
}

/* Hands the batch being filled to the writer (waiting while MAX_QUEUED
 * are there) and takes an empty one. Nonzero when the writer has failed:
 * the parser stops. */
static int batch_push(importer *im)
{
	batch *b = im->fill, *next;
	pthread_mutex_lock(&im->mu);
	while (im->queued >= MAX_QUEUED && !im->stop)
		pthread_cond_wait(&im->cv, &im->mu);
	if (im->stop) {
		pthread_mutex_unlock(&im->mu);
		return BT_EUSAGE; /* not reported: the writer's error is */
	}
	b->next = NULL;
	if (im->tail)
		im->tail->next = b;
	else
		im->head = b;
	im->tail = b;
	im->queued++;
	next = im->spare;
	if (next)
		im->spare = next->next;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
	if (!next && !(next = bt_calloc(1, sizeof *next))) {
		im->fill = NULL;
		return bt_fail_nomem();
	}
	next->n = 0;
	bt_buf_clear(&next->text);
	im->fill = next;
	return 0;
}

/* A kept string into the batch: its offset, or NONE when `keep` is 0. */
static int put_kept(bt_buf *text, const bt_buf *v, int keep, size_t *at)
{
	*at = NONE;
	return keep ? put_str(text, v->ptr, v->len, at) : 0;
}

/* 1 when the tuid is bitext's own for the unit (PAIR:N with PAIR its
 * x-document): an export makes it again. */
static int own_tuid(const importer *im)
{
	size_t n = im->prop_doc.len, t = im->tuid.len;
	return n && t > n + 1 && memcmp(im->tuid.ptr, im->prop_doc.ptr, n) == 0 && im->tuid.ptr[n] == ':' &&
	       strspn(im->tuid.ptr + n + 1, "0123456789") == t - n - 1;
}

/* Whether side s's <seg> as written must be kept: when the corpus text,
 * escaped as an export writes it, is not it. Counted by why. */
static int seg_keep(importer *im, int s, int *keep)
{
	const bt_buf *x = &im->segx[s], *raw = &im->seg[s], *cl = &im->clean[s];
	int rc;
	bt_buf_clear(&im->scratch);
	if ((rc = bt_tmx_escape(&im->scratch, cl->ptr, cl->len, BT_TMX_FLAT, NULL)) != 0)
		return rc;
	*keep = im->scratch.len != x->len || (x->len && memcmp(im->scratch.ptr, x->ptr, x->len) != 0);
	if (!*keep)
		return 0;
	if (im->ncodes[s])
		im->res->coded++;
	else if (raw->len != cl->len || (cl->len && memcmp(raw->ptr, cl->ptr, cl->len) != 0))
		im->res->changed++;
	else
		im->res->breaks++;
	return 0;
}

/* A kept <seg> into the batch: as its codes and their places in the
 * text when it is that (seg_delta.c), else whole. */
static int put_seg(importer *im, batch *b, int s, int keep, size_t *at)
{
	int ok, rc;
	if (!keep)
		return put_kept(&b->text, &im->segx[s], 0, at);
	if ((rc = bt_tmx_seg_delta(&im->delta, &im->scratch, im->clean[s].ptr ? im->clean[s].ptr : "", im->clean[s].len,
				   im->segx[s].ptr ? im->segx[s].ptr : "", im->segx[s].len, &ok)) != 0)
		return rc;
	return put_kept(&b->text, ok ? &im->delta : &im->segx[s], 1, at);
}

/* What the unit had besides its text, into the batch (see unit_rec). */
static int unit_keep(importer *im, batch *b, unit_rec *u)
{
	int keep_seg[2], keep_lang[2], keep_tuid = im->has_tuid && !own_tuid(im), rc;
	for (int s = 0; s < 2; s++) {
		if ((rc = seg_keep(im, s, &keep_seg[s])) != 0)
			return rc;
		for (int k = 0; k < 7; k++)
			im->res->codes[k] += im->code_kind[s][k];
	}
	if (im->n_other)
		im->res->others_kept += im->o->keep_all_languages && im->others.len;
	u->has_tmx = keep_tuid || im->tu_attrs.len || im->tu_body.len || im->others.len;
	for (int s = 0; s < 2; s++) {
		if (!im->file_tag[s][0] && !im->o->append && im->tuv_lang[s].len < sizeof im->file_tag[s])
			memcpy(im->file_tag[s], im->tuv_lang[s].ptr, im->tuv_lang[s].len + 1);
		keep_lang[s] = strcmp(im->tuv_lang[s].ptr, im->file_tag[s][0] ? im->file_tag[s] : im->def_tag[s]) != 0;
		u->has_tmx |= keep_seg[s] || im->tuv_attrs[s].len || im->tuv_body[s].len || keep_lang[s];
	}
	if (!u->has_tmx)
		return 0;
	im->res->meta += keep_tuid || im->tu_attrs.len || im->tu_body.len || im->tuv_attrs[0].len ||
			 im->tuv_attrs[1].len || im->tuv_body[0].len || im->tuv_body[1].len;
	if ((rc = put_kept(&b->text, &im->tuid, keep_tuid, &u->x_tuid)) != 0 ||
	    (rc = put_kept(&b->text, &im->tu_attrs, 1, &u->x_attrs)) != 0 ||
	    (rc = put_kept(&b->text, &im->tu_body, 1, &u->x_body)) != 0 ||
	    (rc = put_kept(&b->text, &im->others, 1, &u->x_others)) != 0)
		return rc;
	for (int s = 0; s < 2 && !rc; s++)
		if ((rc = put_kept(&b->text, &im->tuv_lang[s], keep_lang[s], &u->x_lang[s])) == 0 &&
		    (rc = put_kept(&b->text, &im->tuv_attrs[s], 1, &u->x_tattrs[s])) == 0 &&
		    (rc = put_kept(&b->text, &im->tuv_body[s], 1, &u->x_tbody[s])) == 0)
			rc = put_seg(im, b, s, keep_seg[s], &u->x_seg[s]);
	return rc;
}

/* The unit that just ended: skipped and counted when a side is missing or
 * empty, refused when a side is too long or it has no pair, else added to
 * the batch being filled. */
static int unit_read(importer *im)
{
	const char *id;
	double score = 1.0;
	batch *b = im->fill;
	unit_rec *u;
	int rc;

	if (!im->have[0] || !im->have[1]) {
		im->res->nolang++;
		return 0;
	}
	for (int s = 0; s < 2; s++)
		if ((rc = clean_text(im, &im->seg[s], &im->clean[s])) != 0)
			return rc;
	if (!im->clean[0].len || !im->clean[1].len) {
		im->res->empty++;
		return 0;
	}
	for (int s = 0; s < 2; s++)
		if (im->clean[s].len > BT_MAX_SEGMENT)
			return bt_fail(BT_ELIMIT, im->name, im->tu_line, -1,
				       "a <seg> of %zu bytes: the most a segment may have is %d", im->clean[s].len,
				       BT_MAX_SEGMENT);
	id = im->o->pair_id ? im->o->pair_id : im->prop_doc.len ? im->prop_doc.ptr : im->default_pair;
	if (!id[0])
		return bt_fail(BT_EUSAGE, im->name, im->tu_line, -1,
			       "this unit names no document (x-document) and standard input has no file name:"
			       " give --pair ID");
	if (strlen(id) > 200)
		return im_fail(im, im->tu_line, "pair id longer than 200 bytes");
	if ((rc = bt_esc_check_id("pair id", id, id == im->o->pair_id ? NULL : im->name, im->tu_line)) != 0)
		return rc; /* printable only */
	if (im->prop_score.len) {
		char *end;
		double v = strtod(im->prop_score.ptr, &end);
		if (end != im->prop_score.ptr && *end == '\0' && isfinite(v))
			score = v;
	}
	if (!im->encoding[0]) /* the file's encoding, as `add` records it; the text is UTF-8 now */
		snprintf(im->encoding, sizeof im->encoding, "%s",
			 im->bom[0] ? im->bom : im->x->encoding ? (const char *)im->x->encoding : "UTF-8");
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		unit_rec *v = bt_realloc(b->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		b->v = v;
		b->cap = cap;
	}
	u = &b->v[b->n];
	u->line = im->tu_line;
	u->score = score;
	u->manual = im->prop_manual;
	u->ntuid = im->tuid.len;
	u->ndate = im->prop_date.len;
	if ((rc = put_str(&b->text, id, strlen(id), &u->id)) != 0 ||
	    (rc = put_str(&b->text, im->tuid.ptr, im->tuid.len, &u->tuid)) != 0 ||
	    (rc = put_str(&b->text, im->prop_date.ptr, im->prop_date.len, &u->date)) != 0)
		return rc;
	for (int s = 0; s < 2; s++) {
		u->nseg[s] = im->clean[s].len;
		if ((rc = put_str(&b->text, im->clean[s].ptr, im->clean[s].len, &u->seg[s])) != 0)
			return rc;
	}
	if ((rc = unit_keep(im, b, u)) != 0)
		return rc;
	b->n++;
	if (b->n >= BATCH_UNITS || b->text.len >= BATCH_BYTES)
		return batch_push(im);
	return 0;
}

/* ---- the writer's side ---- */

/* One unit into the corpus: its pair made current, then its two segments
 * and link (the store writes them with the pair's next units). */
static int unit_store(importer *im, const unit_rec *u, const char *text)
{
	const char *id = text + u->id;
	bt_store_tmx_unit x;
	int rc;

#define AT(off) ((off) == NONE ? NULL : text + (off))
	if (u->has_tmx) {
		x = (bt_store_tmx_unit){AT(u->x_tuid), AT(u->x_attrs), AT(u->x_body), AT(u->x_others), {{0}}};
		for (int s = 0; s < 2; s++)
			x.tuv[s] = (bt_store_tmx_tuv){AT(u->x_lang[s]), AT(u->x_tattrs[s]), AT(u->x_tbody[s]),
						      AT(u->x_seg[s])};
	}
#undef AT
	if (!im->tags_set) {
		bt_store_bulk_tags(im->bulk, im->file_tag[0][0] ? im->file_tag[0] : NULL,
				   im->file_tag[1][0] ? im->file_tag[1] : NULL);
		im->tags_set = 1;
	}
	if ((!im->have_pair || strcmp(id, im->pair.ptr) != 0) &&
	    (rc = switch_pair(im, id, text + u->date, u->ndate, u->line)) != 0)
		return rc;
	if ((rc = bt_store_bulk_unit(im->bulk, text + u->seg[0], u->nseg[0], text + u->seg[1], u->nseg[1],
				     link_ordinal(im, text + u->tuid, u->ntuid), u->score, u->manual,
				     u->has_tmx ? &x : NULL)) != 0)
		return rc;
	im->res->units++;
	if (im->o->progress && im->res->units % 65536 == 0)
		im->o->progress(im->o->progress_ud, (size_t)__atomic_load_n(&im->bytes_in, __ATOMIC_RELAXED),
				(size_t)im->size, "bytes of TMX read");
	return 0;
}

/* Inline elements of a <seg>: 0-6 (res->codes[]), -1 for others. */
static int inline_kind(const char *name)
{
	static const char *const kinds[] = {"bpt", "ept", "ph", "it", "hi", "ut", "sub"};
	for (int i = 0; i < 7; i++)
		if (strcmp(name, kinds[i]) == 0)
			return i;
	return -1;
}

/* Stops the parser at the first error of ours. */
static void sax_stop(importer *im, int rc)
{
	if (!im->rc)
		im->rc = rc;
	xmlStopParser(im->x);
}

/* ---- the unit's markup, serialised as it was parsed ---- */

static int put_qname(bt_buf *b, const xmlChar *prefix, const xmlChar *local)
{
	int rc = 0;
	if (prefix && (rc = bt_buf_puts(b, (const char *)prefix)) == 0)
		rc = bt_buf_put(b, ":", 1);
	return rc ? rc : bt_buf_puts(b, (const char *)local);
}

/* ` name="value"` for each SAX2 attribute but the one named `skip` (and
 * xml:lang / lang when skip_lang). */
static int put_attrs(bt_buf *b, const xmlChar **attrs, int n, const char *skip, int skip_lang)
{
	int rc = 0;
	for (int i = 0; i < n && !rc; i++, attrs += 5) {
		const char *l = (const char *)attrs[0], *p = (const char *)attrs[1];
		if ((skip && !p && strcmp(l, skip) == 0) ||
		    (skip_lang && strcmp(l, "lang") == 0 && (!p || strcmp(p, "xml") == 0)))
			continue;
		if ((rc = bt_buf_put(b, " ", 1)) != 0 || (rc = put_qname(b, attrs[1], attrs[0])) != 0 ||
		    (rc = bt_buf_put(b, "=\"", 2)) != 0 ||
		    (rc = bt_tmx_escape(b, (const char *)attrs[3], (size_t)(attrs[4] - attrs[3]), BT_TMX_ATTR, NULL)) != 0)
			break;
		rc = bt_buf_put(b, "\"", 1);
	}
	return rc;
}

/* The start tag of an element kept as markup, into `out`. */
static int put_start(bt_buf *out, const xmlChar *local, const xmlChar *prefix, int nns, const xmlChar **ns,
		     int nattrs, const xmlChar **attrs)
{
	int rc;
	if ((rc = bt_buf_put(out, "<", 1)) != 0 || (rc = put_qname(out, prefix, local)) != 0)
		return rc;
	for (int i = 0; i < nns && !rc; i++) { /* namespace declarations, as written */
		rc = bt_buf_puts(out, ns[2 * i] ? " xmlns:" : " xmlns");
		if (!rc && ns[2 * i])
			rc = bt_buf_puts(out, (const char *)ns[2 * i]);
		if (!rc && !(rc = bt_buf_put(out, "=\"", 2)))
			rc = bt_tmx_escape(out, (const char *)ns[2 * i + 1], strlen((const char *)ns[2 * i + 1]),
					   BT_TMX_ATTR, NULL);
		if (!rc)
			rc = bt_buf_put(out, "\"", 1);
	}
	if (!rc)
		rc = put_attrs(out, attrs, nattrs, NULL, 0);
	return rc ? rc : bt_buf_put(out, ">", 1);
}

/* bitext's own props: read into the link, written again by an export. */
static int own_prop(const char *type)
{
	return strcmp(type, "x-document") == 0 ? 1 : strcmp(type, "x-date") == 0 ? 2 : strcmp(type, "x-score") == 0 ? 3 :
	       strcmp(type, "x-manual") == 0 ? 4 : strcmp(type, "x-link-type") == 0 ? 5 : 0;
}

/* Where an element at `depth` inside a <tu> is kept: the buffer its
 * start tag goes into (NULL: not as markup); *content where its content
 * goes when the element itself is not kept. */
static bt_buf *keep_where(importer *im, int depth, const char *name, int own, bt_buf **content)
{
	*content = NULL;
	if (im->in_header) /* the header's props, notes and udes, all of them */
		return depth == 2 ? &im->header : im->sink[depth - 1];
	if (depth == 3) {
		if (strcmp(name, "tuv") == 0) {
			if (im->tuv_side >= 0)
				return NULL; /* its attributes and children are kept apart */
			return im->o->keep_all_languages ? &im->others : NULL;
		}
		return strcmp(name, "prop") == 0 && own ? NULL : &im->tu_body;
	}
	if (depth == 4 && im->tuv_side >= 0) {
		if (strcmp(name, "seg") == 0) {
			*content = &im->segx[im->tuv_side];
			return NULL;
		}
		return &im->tuv_body[im->tuv_side];
	}
	return im->sink[depth - 1];
}

/* Every element inside a <tu>: kept as markup where keep_where() says. */
static int keep_start(importer *im, int depth, const xmlChar *local, const xmlChar *prefix, int nns,
		      const xmlChar **ns, int nattrs, const xmlChar **attrs, int own)
{
	bt_buf *content, *out;
	int rc = 0;
	if (depth >= MAX_DEPTH)
		return im_fail(im, node_line(im), "markup nested deeper than %d elements inside a <tu>", MAX_DEPTH);
	out = keep_where(im, depth, (const char *)local, own, &content);
	im->opened[depth] = out;
	if (out) {
		if ((rc = put_start(out, local, prefix, nns, ns, nattrs, attrs)) != 0)
			return rc;
		im->open_at[depth] = out->len;
		content = out;
	}
	im->sink[depth] = content;
	return 0;
}

/* The end tag of a kept element; an empty one becomes <x/>. */
static int keep_end(importer *im, int depth, const xmlChar *local, const xmlChar *prefix)
{
	bt_buf *out = depth < MAX_DEPTH ? im->opened[depth] : NULL;
	int rc;
	if (!out)
		return 0;
	im->opened[depth] = NULL;
	if (out->len == im->open_at[depth]) {
		out->len--;
		return bt_buf_put(out, "/>", 2);
	}
	if ((rc = bt_buf_put(out, "</", 2)) != 0 || (rc = put_qname(out, prefix, local)) != 0)
		return rc;
	return bt_buf_put(out, ">", 1);
}

static int header_start(importer *im, bt_buf *attr, const xmlChar **attrs, int nattrs)
{
	char pri[16];
	int rc = 0;
	if (!get_attr(attrs, nattrs, NULL, "srclang", attr, &rc) || !attr->len)
		return rc ? rc : im_fail(im, node_line(im), "<header> has no srclang");
	snprintf(im->srclang, sizeof im->srclang, "%s", attr->ptr);
	primary(pri, im->srclang);
	im->in_header = 1;
	bt_buf_clear(&im->header);
	/* kept for an export, but a srclang that does not name the units'
	 * source (the export writes them source first) is left to it */
	if ((rc = put_attrs(&im->header, attrs, nattrs,
			    strcmp(im->srclang, "*all*") != 0 && strcasecmp(pri, im->src_pri) != 0 ? "srclang" : NULL,
			    0)) != 0 ||
	    (rc = bt_buf_put(&im->header, "\n", 1)) != 0)
		return rc;
	/* the units' own languages decide: a header naming the target (or
	 * a third language) is said, not refused */
	if (strcmp(im->srclang, "*all*") != 0 && strcasecmp(pri, im->src_pri) != 0)
		snprintf(im->res->srclang_other, sizeof im->res->srclang_other, "%.15s", im->srclang);
	im->seen_header = 1;
	return 0;
}

static int tu_start(importer *im, const xmlChar **attrs, int nattrs)
{
	bt_buf *bufs[] = {&im->prop_doc, &im->prop_date, &im->prop_score, &im->tu_attrs, &im->tu_body,
			  &im->others, &im->tuv_lang[0], &im->tuv_lang[1], &im->tuv_attrs[0], &im->tuv_attrs[1],
			  &im->tuv_body[0], &im->tuv_body[1], &im->segx[0], &im->segx[1]};
	int rc = 0;
	im->in_tu = 1;
	im->tu_line = node_line(im);
	im->have[0] = im->have[1] = 0;
	im->ncodes[0] = im->ncodes[1] = 0;
	memset(im->code_kind, 0, sizeof im->code_kind);
	im->n_other = 0;
	for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
		bt_buf_clear(bufs[i]);
	im->prop_manual = 0;
	im->sink[2] = NULL;
	im->has_tuid = get_attr(attrs, nattrs, NULL, "tuid", &im->tuid, &rc);
	if (!im->has_tuid)
		bt_buf_clear(&im->tuid);
	return rc ? rc : put_attrs(&im->tu_attrs, attrs, nattrs, "tuid", 0);
}

/* A language of the unit that is not the corpus's (or a second variant of
 * one): counted per unit, the first 8 languages by name. */
static void other_lang(importer *im, const char *tag)
{
	bt_tmx_import_result *r = im->res;
	int k;
	for (k = 0; k < im->n_other; k++)
		if (strcasecmp(im->other_seen[k], tag) == 0)
			return; /* counted for this unit already */
	if (im->n_other < 8)
		snprintf(im->other_seen[im->n_other++], 16, "%.15s", tag);
	for (k = 0; k < r->n_other_langs; k++)
		if (strcasecmp(r->other_langs[k], tag) == 0)
			break;
	if (k == r->n_other_langs && k < 8)
		snprintf(r->other_langs[r->n_other_langs++], sizeof r->other_langs[0], "%.15s", tag);
	if (k < 8)
		r->other_units[k]++;
}

static int tuv_start(importer *im, bt_buf *attr, const xmlChar **attrs, int nattrs)
{
	char pri[16];
	int side, rc = 0;
	im->tuv_line = node_line(im);
	/* TMX 1.1 and 1.2 name the language by lang=, 1.4 by xml:lang */
	if ((!get_attr(attrs, nattrs, "xml", "lang", attr, &rc) || !attr->len) && !rc &&
	    (!get_attr(attrs, nattrs, NULL, "lang", attr, &rc) || !attr->len))
		return rc ? rc : im_fail(im, im->tuv_line, "<tuv> without xml:lang");
	if (rc)
		return rc;
	primary(pri, attr->ptr);
	side = strcmp(pri, im->src_pri) == 0 ? 0 : strcmp(pri, im->tgt_pri) == 0 ? 1 : -1;
	/* a corpus of two variants of one language: srclang decides */
	if (side == 0 && strcmp(im->src_pri, im->tgt_pri) == 0 && strcasecmp(attr->ptr, im->srclang) != 0)
		side = 1;
	if (side >= 0 && im->have[side]) {
		side = -1; /* a second variant: the first one counts */
		im->res->variants++;
	}
	if (side < 0)
		other_lang(im, attr->ptr);
	im->tuv_side = side;
	im->tuv_seg = 0;
	im->in_tuv = 1;
	if (side >= 0 && ((rc = bt_buf_puts(&im->tuv_lang[side], attr->ptr)) != 0 ||
			  (rc = put_attrs(&im->tuv_attrs[side], attrs, nattrs, NULL, 1)) != 0))
		return rc;
	return 0;
}

/* A <prop> of the unit: bitext's own are read into the link. */
static int prop_start(importer *im, bt_buf *attr, const xmlChar **attrs, int nattrs, int *own)
{
	int rc = 0;
	im->prop = 0;
	if (get_attr(attrs, nattrs, NULL, "type", attr, &rc))
		im->prop = own_prop(attr->ptr);
	bt_buf_clear(&im->prop_val);
	*own = im->prop != 0;
	return rc;
}

/* An element inside a <seg>: an inline code, counted; one that stands
 * alone (ph, it, ut) leaves U+FFFC in the corpus text, so that the words
 * around it stay apart (a line break, a tag, a variable). */
static int code_start(importer *im, const char *name)
{
	int k = inline_kind(name);
	if (im->tuv_side < 0)
		return 0;
	im->ncodes[im->tuv_side]++;
	if (k >= 0)
		im->code_kind[im->tuv_side][k]++;
	if (im->skip_depth >= 0)
		return 0;
	if (k == 2 || k == 3 || k == 5)
		return bt_buf_put(&im->seg[im->tuv_side], "\xEF\xBF\xBC", 3);
	return 0;
}

static void sax_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
		      const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	importer *im = ud;
	const char *name = (const char *)local;
	int depth = im->depth++, rc = 0, own = 0;
	bt_buf *attr = &im->prop_val; /* free until the prop's text comes */
	(void)uri, (void)ndefaulted;

	if (im->rc || im->xml_failed)
		return;
	if (depth < 8) { /* not snprintf: this runs for every element */
		size_t n = strlen(name);
		n = n < sizeof im->open_name[0] - 1 ? n : sizeof im->open_name[0] - 1;
		memcpy(im->open_name[depth], name, n);
		im->open_name[depth][n] = '\0';
	}
	if (depth == 0) {
		if (strcmp(name, "tmx") != 0) {
			rc = im_fail(im, node_line(im), "the root element is <%s%s%s>, not <tmx>: not a TMX file",
				     prefix ? (const char *)prefix : "", prefix ? ":" : "", name);
			goto fail;
		}
		im->seen_root = 1;
	} else if (depth == 1 && strcmp(name, "header") == 0) {
		rc = header_start(im, attr, attrs, nattrs);
	} else if (depth == 1 && strcmp(name, "body") == 0) {
		if (!im->seen_header) {
			rc = im_fail(im, node_line(im), "<body> without a <header> before it");
			goto fail;
		}
		im->seen_body = 1;
		im->in_body = 1;
	} else if (im->in_body && depth == 2 && strcmp(name, "tu") == 0) {
		rc = tu_start(im, attrs, nattrs);
	} else if (im->in_tu && depth == 3 && strcmp(name, "prop") == 0) {
		rc = prop_start(im, attr, attrs, nattrs, &own);
	} else if (im->in_tu && depth == 3 && strcmp(name, "tuv") == 0) {
		rc = tuv_start(im, attr, attrs, nattrs);
	} else if (im->in_tuv && depth == 4 && strcmp(name, "seg") == 0) {
		im->tuv_seg = 1;
		if (im->tuv_side >= 0)
			bt_buf_clear(&im->seg[im->tuv_side]);
		im->in_seg = 1;
	} else if (im->in_seg) {
		rc = code_start(im, name);
		if (im->skip_depth < 0 && inline_kind(name) >= 0 && inline_kind(name) != 4)
			im->skip_depth = depth; /* a code's content is not the segment's text */
	}
	if (!rc && ((im->in_tu && depth >= 3) || (im->in_header && depth >= 2)))
		rc = keep_start(im, depth, local, prefix, nns, ns, nattrs, attrs, own);
	if (!rc)
		return;
fail:
	sax_stop(im, rc);
}

static void sax_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	importer *im = ud;
	int depth = --im->depth, rc;
	(void)uri;

	if (im->rc || im->xml_failed)
		return;
	if (((im->in_tu && depth >= 3) || (im->in_header && depth >= 2)) &&
	    (rc = keep_end(im, depth, local, prefix)) != 0) {
		sax_stop(im, rc);
		return;
	}
	if (im->in_header && depth == 1) {
		im->in_header = 0;
		return;
	}
	if (im->skip_depth == depth) {
		im->skip_depth = -1;
	} else if (im->in_seg && depth == 4) {
		im->in_seg = 0;
		if (im->tuv_side >= 0)
			im->have[im->tuv_side] = 1;
	} else if (im->in_tuv && depth == 3) {
		im->in_tuv = 0;
		if (!im->tuv_seg)
			sax_stop(im, im_fail(im, im->tuv_line, "<tuv> without <seg>"));
	} else if (im->prop && depth == 3) {
		bt_buf *to = im->prop == 1 ? &im->prop_doc : im->prop == 2 ? &im->prop_date : &im->prop_score;
		size_t a = 0, b = im->prop_val.len;
		while (a < b && strchr(" \t\n", im->prop_val.ptr[a]))
			a++;
		while (b > a && strchr(" \t\n", im->prop_val.ptr[b - 1]))
			b--;
		if (im->prop == 4) {
			im->prop_manual = b - a == 1 && im->prop_val.ptr[a] == '1';
		} else if (im->prop != 5) { /* x-link-type: the link says it */
			bt_buf_clear(to);
			if ((rc = bt_buf_put(to, im->prop_val.ptr ? im->prop_val.ptr + a : "", b - a)) != 0)
				sax_stop(im, rc);
		}
		im->prop = 0;
	} else if (im->in_tu && depth == 2) {
		im->in_tu = 0;
		if ((rc = unit_read(im)) != 0)
			sax_stop(im, rc);
	} else if (im->in_body && depth == 1) {
		im->in_body = 0;
	}
}

/* Text, CDATA and whitespace: kept inside a <seg> (not inside inline
 * codes) and a <prop>, and as markup wherever the unit's markup is kept. */
static void sax_text(void *ud, const xmlChar *text, int len)
{
	importer *im = ud;
	bt_buf *to = NULL, *keep;
	int rc;
	if (im->rc || im->xml_failed || len <= 0)
		return;
	if (im->in_seg && im->skip_depth < 0 && im->tuv_side >= 0)
		to = &im->seg[im->tuv_side];
	else if (im->prop && im->depth == 4)
		to = &im->prop_val;
	if (to && (rc = bt_buf_put(to, (const char *)text, (size_t)len)) != 0) {
		sax_stop(im, rc);
		return;
	}
	keep = ((im->in_tu && im->depth >= 4) || (im->in_header && im->depth >= 3)) && im->depth <= MAX_DEPTH
		       ? im->sink[im->depth - 1]
		       : NULL;
	if (keep && (rc = bt_tmx_escape(keep, (const char *)text, (size_t)len, 0, NULL)) != 0)
		sax_stop(im, rc);
}
static int entity_error(importer *im, long line, const char *name)
{
	return im_fail(im, line, "entity reference &%s; (TMX allows only &amp; &lt; &gt; &apos; &quot;)",
		       name ? name : "?");
}

/* An entity TMX does not have (none is declared to the parser, so any
 * but the five XML predefines is one). */
static void sax_reference(void *ud, const xmlChar *name)
{
	importer *im = ud;
	if (!im->rc && !im->xml_failed)
		sax_stop(im, entity_error(im, node_line(im), (const char *)name));
}

/* Up to `size` bytes of the input into buf, counted in bytes_in (which
 * the writer reads for progress); the byte count, or an error code. */
static ssize_t read_chunk(importer *im, char *buf, size_t size)
{
	ssize_t n;
	do
		n = read(im->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return bt_fail(BT_EIO, im->name, -1, -1, "read error: %s", strerror(errno));
	__atomic_store_n(&im->bytes_in, im->bytes_in + n, __ATOMIC_RELAXED);
	return n;
}

/* Parses the file in chunks through buf; the callbacks above fill the
 * corpus. */
static int parse_file(importer *im, char *buf, size_t size)
{
	xmlSAXHandler sax;
	ssize_t n;
	int ret = 0, done = 0;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = sax_start;
	sax.endElementNs = sax_end;
	sax.characters = sax_text;
	sax.ignorableWhitespace = sax_text;
	sax.cdataBlock = sax_text;
	sax.reference = sax_reference;
	sax.serror = on_xml_error;
	im->skip_depth = -1;
	im->tuv_side = -1;

	/* the first bytes tell the encoding (a BOM, or UTF-16 without one) */
	if ((n = read_chunk(im, buf, 4)) < 0)
		return (int)n;
	if (!(im->x = xmlCreatePushParserCtxt(&sax, im, buf, (int)n, im->name)))
		return bt_fail_nomem();
	/* No DTD loading, no network, no entity declarations kept (so none
	 * is expanded): a TMX needs none, and a hostile file gets none. */
	xmlCtxtUseOptions(im->x, XML_PARSE_NONET | XML_PARSE_NOENT);
	while (!done && !im->rc && !im->xml_failed) {
		if ((n = read_chunk(im, buf, size)) < 0)
			return (int)n;
		done = n == 0;
		ret = xmlParseChunk(im->x, buf, (int)n, done);
		if (ret && !im->rc && !im->xml_failed)
			break;
	}
	if (im->rc)
		return im->rc;
	if (im->xml_failed) {
		/* the push parser says "Extra content at the end of the
		 * document" when the input ends before the document does */
		if (im->xml_code == XML_ERR_UNDECLARED_ENTITY || im->xml_code == XML_WAR_UNDECLARED_ENTITY)
			return entity_error(im, im->xml_line, im->xml_entity);
		if (im->xml_code == XML_ERR_DOCUMENT_END && im->depth > 0)
			return im_fail(im, im->xml_line, "not well-formed XML: the file ends inside <%s> (truncated?)",
				       im->open_name[im->depth <= 8 ? im->depth - 1 : 7]);
		if (im->xml_code == XML_ERR_DOCUMENT_END && im->bytes_in == 0)
			return im_fail(im, im->xml_line, "not well-formed XML: no input (an empty file?)");
		return im_fail(im, im->xml_line, "not well-formed XML: %s", im->xml_msg);
	}
	if (ret)
		return im_fail(im, node_line(im), "not well-formed XML");
	if (!im->seen_root)
		return im_fail(im, -1, "no <tmx> element: not a TMX file");
	if (!im->seen_body)
		return im_fail(im, node_line(im), im->seen_header ? "no <body> element" : "no <header> element: not a TMX file");
	return 0;
}

/* The parser thread: the file, unit by unit into batches; the last one
 * is handed over at the end. Its error is kept for the writer to report. */
static void *read_tmx(void *arg)
{
	enum { CHUNK = 1 << 18 };
	importer *im = arg;
	char *buf = bt_malloc(CHUNK);
	int rc;
	bt_xml_saved xs;

	bt_xml_quiet(&xs); /* libxml2's error handlers are per thread */
	if (!buf)
		rc = bt_fail_nomem();
	else if ((rc = parse_file(im, buf, CHUNK)) == 0)
		rc = batch_push(im);
	bt_free(buf);
	bt_xml_restore(&xs);
	pthread_mutex_lock(&im->mu);
	im->p_rc = rc;
	if (rc)
		im->p_err = *bt_error_last();
	im->parsed = 1;
	pthread_cond_broadcast(&im->cv);
	pthread_mutex_unlock(&im->mu);
	return NULL;
}

/* The writer: starts the parser and stores the units it hands over, in
 * file order. An error of the writer's stops the parser; one of the
 * parser's counts when every unit read before it went in (as if one
 * thread did both). */
static int write_units(importer *im)
{
	pthread_t parser;
	int rc = 0, err;

	if (!(im->fill = bt_calloc(1, sizeof *im->fill)))
		return bt_fail_nomem();
	if ((err = pthread_create(&parser, NULL, read_tmx, im)) != 0)
		return bt_fail(BT_ENOMEM, NULL, -1, -1, "cannot start a thread: %s", strerror(err));
	for (;;) {
		batch *b;
		pthread_mutex_lock(&im->mu);
		while (!im->head && !im->parsed)
			pthread_cond_wait(&im->cv, &im->mu);
		if ((b = im->head) != NULL) {
			im->head = b->next;
			if (!im->head)
				im->tail = NULL;
			im->queued--;
			pthread_cond_broadcast(&im->cv);
		}
		pthread_mutex_unlock(&im->mu);
		if (!b)
			break; /* parsed, and all handed over is stored */
		if (!im->header_given) { /* the header came before any unit */
			bt_store_bulk_header(im->bulk, im->header.len ? im->header.ptr : NULL);
			im->header_given = 1;
		}
		for (size_t i = 0; i < b->n && !rc; i++)
			rc = unit_store(im, &b->v[i], b->text.ptr);
		if (!rc) /* the batch's text goes back to the parser */
			rc = bt_store_bulk_flush(im->bulk);
		pthread_mutex_lock(&im->mu);
		b->next = im->spare;
		im->spare = b;
		if (rc) {
			im->stop = 1;
			pthread_cond_broadcast(&im->cv);
		}
		pthread_mutex_unlock(&im->mu);
		if (rc)
			break;
	}
	pthread_join(parser, NULL);
	if (!rc && im->p_rc) {
		const bt_error *e = &im->p_err;
		rc = bt_fail(e->code, e->file[0] ? e->file : NULL, e->line, e->byte, "%s", e->msg);
	}
	return rc;
}

static void im_dispose(importer *im)
{
	bt_buf *bufs[] = {&im->pair,	    &im->tuid,	       &im->prop_doc,	  &im->prop_date,   &im->prop_score,
			  &im->prop_val,    &im->seg[0],       &im->seg[1],	  &im->clean[0],    &im->clean[1],
			  &im->tu_attrs,    &im->tu_body,      &im->others,	  &im->tuv_lang[0], &im->tuv_lang[1],
			  &im->tuv_attrs[0], &im->tuv_attrs[1], &im->tuv_body[0], &im->tuv_body[1], &im->segx[0],
			  &im->segx[1],	    &im->scratch,      &im->header,	  &im->delta};
	for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
		bt_buf_dispose(bufs[i]);
	if (im->x) {
		/* libxml2 builds a document for a DOCTYPE's declarations even in
		 * SAX mode ("SAX compatibility"); it is ours to free */
		if (im->x->myDoc)
			xmlFreeDoc(im->x->myDoc);
		xmlFreeParserCtxt(im->x);
	}
	im->x = NULL;
	for (int l = 0; l < 3; l++) {
		batch *b = l == 0 ? im->fill : l == 1 ? im->head : im->spare;
		while (b) {
			batch *next = l == 0 ? NULL : b->next;
			bt_free(b->v);
			bt_buf_dispose(&b->text);
			bt_free(b);
			b = next;
		}
	}
	im->fill = im->head = im->tail = im->spare = NULL;
}

/* An import of no unit is a failure, with the reason. */
static int none_imported(importer *im)
{
	const bt_tmx_import_result *r = im->res;
	bt_buf langs = BT_BUF_INIT;
	int rc;
	if (r->units)
		return 0;
	if (!r->nolang && !r->empty)
		return im_fail(im, -1, "no unit to import: the file has no <tu>");
	for (int k = 0; k < r->n_other_langs; k++)
		if (bt_buf_printf(&langs, "%s%s", k ? ", " : "; languages seen: ", r->other_langs[k]) != 0)
			break;
	rc = im_fail(im, -1, "no unit to import: %llu had no %s and %s <tuv>, %llu an empty side%s%s", r->nolang,
		     im->src_pri, im->tgt_pri, r->empty, langs.ptr ? langs.ptr : "",
		     r->nolang && r->n_other_langs ? " (name the file's source and target languages with --src-lang and"
						     " --tgt-lang)"
						   : "");
	bt_buf_dispose(&langs);
	return rc;
}

int bt_tmx_import(bt_tmx_import_result *res, bt_corpus *c, const char *path, const bt_tmx_import_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_TMX_IMPORT_OPTS_VERSION, "bt_tmx_import");
	static const bt_tmx_import_opts defaults = BT_TMX_IMPORT_OPTS_INIT;
	bt_tmx_import_result local;
	importer im;
	int fd = 0, own_fd = 0, rc;
	struct stat st;

	if (!opts)
		opts = &defaults;
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	memset(&im, 0, sizeof im);
	im.c = c, im.o = opts, im.res = res, im.name = path;
	pthread_mutex_init(&im.mu, NULL);
	pthread_cond_init(&im.cv, NULL);
	if (opts->pair_id && (!opts->pair_id[0] || strlen(opts->pair_id) > 200))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad pair id '%s' (1 to 200 characters)", opts->pair_id);
	if (opts->append && opts->replace)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "--append and --replace exclude each other");
	if ((opts->src_lang && !bt_tmx_tag_ok(opts->src_lang)) || (opts->tgt_lang && !bt_tmx_tag_ok(opts->tgt_lang)))
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "'%s' is not a language tag (such as nl, nld, nl-BE)",
			       opts->src_lang && !bt_tmx_tag_ok(opts->src_lang) ? opts->src_lang : opts->tgt_lang);
	primary(im.src_pri, opts->src_lang ? opts->src_lang : bt_corpus_src_lang(c));
	primary(im.tgt_pri, opts->tgt_lang ? opts->tgt_lang : bt_corpus_tgt_lang(c));
	if ((rc = bt_tmx_default_tag(im.def_tag[0], sizeof im.def_tag[0], bt_corpus_src_lang(c))) != 0 ||
	    (rc = bt_tmx_default_tag(im.def_tag[1], sizeof im.def_tag[1], bt_corpus_tgt_lang(c))) != 0)
		return rc;
	if (strcmp(path, "-") != 0) {
		const char *base = strrchr(path, '/'), *dot;
		size_t n;
		base = base ? base + 1 : path;
		dot = strrchr(base, '.');
		n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
		snprintf(im.default_pair, sizeof im.default_pair, "%.*s", (int)(n < 200 ? n : 200), base);
		if ((fd = open(path, O_RDONLY)) < 0)
			return bt_fail(BT_EIO, path, -1, -1, "cannot open: %s", strerror(errno));
		own_fd = 1;
		if (fstat(fd, &st) != 0) { /* st would be read below */
			rc = bt_fail(BT_EIO, path, -1, -1, "cannot read: %s", strerror(errno));
			close(fd);
			return rc;
		}
		if (S_ISDIR(st.st_mode)) {
			close(fd);
			return bt_fail(BT_EIO, path, -1, -1, "is a directory, not a file");
		}
		if (S_ISREG(st.st_mode)) {
			unsigned char b[3] = {0, 0, 0};
			im.size = (long long)st.st_size;
			if (st.st_size == 0) {
				close(fd);
				return bt_fail(BT_EINPUT, path, -1, -1, "empty file");
			}
			if (pread(fd, b, 3, 0) >= 2)
				snprintf(im.bom, sizeof im.bom, "%s",
					 b[0] == 0xFF && b[1] == 0xFE		  ? "UTF-16LE (BOM)" :
					 b[0] == 0xFE && b[1] == 0xFF		  ? "UTF-16BE (BOM)" :
					 b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? "UTF-8 (BOM)" :
											"");
		}
	}
	xmlInitParser(); /* the parser thread quiets libxml2 (read_tmx) */
	im.fd = fd;
	/* the store writes the units in bulk, in one transaction */
	if ((rc = bt_store_bulk_begin(&im.bulk, c, path)) != 0 || (rc = write_units(&im)) != 0 ||
	    (rc = none_imported(&im)) != 0)
		goto done;
	im_dispose(&im);
	/* all read and stored: what remains is the commit, which indexes the
	 * new segments for the concordance */
	if (opts->progress)
		opts->progress(opts->progress_ud, (size_t)im.bytes_in, (size_t)im.bytes_in, "bytes of TMX read");
	res->corrections_lost = bt_store_bulk_corrections_unapplied(im.bulk);
	rc = bt_store_bulk_commit(im.bulk);
done:
	bt_store_bulk_free(im.bulk); /* rolls back what did not commit */
	if (rc)
		memset(res, 0, sizeof *res); /* nothing was imported */
	im_dispose(&im);
	pthread_cond_destroy(&im.cv);
	pthread_mutex_destroy(&im.mu);
	if (own_fd)
		close(fd);
	return rc;
}
