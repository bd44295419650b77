/* concord_fmt.c: concordance output as KWIC text, TSV, JSON Lines, HTML,
 * CSV and xlsx. */
#include "concord.h"
#include "csv.h"
#include "error.h"
#include "esc.h"
#include "xlsx.h"

#include <stdio.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define C_MATCH "\033[1;31m"
#define C_EQUIV "\033[1;32m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

/* Columns a code point takes on a terminal: East Asian wide and full-width
 * take two, marks and format characters none; a character shown as an
 * escape (esc.h) the escape's width, and tab and line feed, shown as a
 * space, one. */
static int cp_width(UChar32 c)
{
	int ea, gc;
	if (c == '\t' || c == '\n' || c == '\r')
		return 1;
	if (c >= 0 && bt_esc_cp((uint32_t)c))
		return bt_esc_width((uint32_t)c);
	if (c < 0x300)
		return 1;
	gc = u_charType(c);
	if (gc == U_NON_SPACING_MARK || gc == U_ENCLOSING_MARK || gc == U_FORMAT_CHAR)
		return 0;
	ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
	return ea == U_EA_WIDE || ea == U_EA_FULLWIDTH ? 2 : 1;
}

static size_t width(const char *s, size_t len)
{
	size_t w = 0;
	int32_t i = 0;
	while (i < (int32_t)len) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		w += c < 0 ? 1 : (size_t)cp_width(c);
	}
	return w;
}

/* The start of the last `cols` columns of s[0, len). */
static size_t tail_start(const char *s, size_t len, size_t cols)
{
	int32_t i = (int32_t)len;
	size_t w = 0;
	while (i > 0) {
		int32_t j = i;
		UChar32 c;
		U8_PREV(s, 0, j, c);
		w += c < 0 ? 1 : (size_t)cp_width(c);
		if (w > cols)
			break;
		i = j;
	}
	return (size_t)i;
}

/* The end of the first `cols` columns of s[0, len). */
static size_t head_end(const char *s, size_t len, size_t cols)
{
	int32_t i = 0;
	size_t w = 0;
	while (i < (int32_t)len) {
		int32_t j = i;
		UChar32 c;
		U8_NEXT(s, j, (int32_t)len, c);
		w += c < 0 ? 1 : (size_t)cp_width(c);
		if (w > cols)
			break;
		i = j;
	}
	return (size_t)i;
}

/* Text on one line: tabs and line breaks become spaces; other control
 * characters and the bidi formatting ones are shown as escapes, so that
 * a sentence can neither send the terminal a control sequence nor
 * reverse the match and what follows it (bt_text_escape). */
static int put_flat(bt_buf *b, const char *s, size_t len)
{
	int rc = 0;
	size_t from = 0;
	for (size_t i = 0; i <= len && !rc; i++) {
		if (i == len || s[i] == '\n' || s[i] == '\t' || s[i] == '\r') {
			rc = bt_text_escape(b, s + from, i - from);
			if (!rc && i < len)
				rc = bt_buf_put(b, " ", 1);
			from = i + 1;
		}
	}
	return rc;
}

/* s[from, to) with the spans marked by `on`/`off`. */
static int put_marked(bt_buf *b, const char *s, size_t from, size_t to, const bt_concord_span *m, size_t n,
		      const char *on, const char *off)
{
	int rc = 0;
	size_t at = from;
	for (size_t k = 0; k < n && !rc; k++) {
		size_t a = m[k].start < from ? from : m[k].start, e = m[k].end > to ? to : m[k].end;
		if (a >= e || a < at)
			continue;
		if ((rc = put_flat(b, s + at, a - at)) != 0 || (rc = bt_buf_puts(b, on)) != 0 ||
		    (rc = put_flat(b, s + a, e - a)) != 0 || (rc = bt_buf_puts(b, off)) != 0)
			return rc;
		at = e;
	}
	if (!rc && at < to)
		rc = put_flat(b, s + at, to - at);
	return rc;
}

static const char *other_lang(const bt_concord_fmt *f, const bt_concord_hit *h)
{
	return h->side == BT_SIDE_SRC ? f->tgt_lang : f->src_lang;
}

static const char *other_text(const bt_concord_hit *h)
{
	return h->side == BT_SIDE_SRC ? h->tgt : h->src;
}

static size_t context_of(const bt_concord_fmt *f)
{
	return f->context ? f->context : 40;
}

/* ---- text ---- */

/* " of N in D documents", or " of more than N ..." when counting stopped. */
static int put_total(bt_buf *b, const bt_concord_page *p)
{
	return bt_buf_printf(b, " of %s%zu in %s%zu document%s", p->capped ? "more than " : "", p->total,
			     p->capped ? "at least " : "", p->docs, p->docs == 1 ? "" : "s");
}

/* A hit's other languages (bt_concord_hit.others: "TAG<TAB>text" lines)
 * under its translation, each labelled with its tag. */
static int put_others_text(bt_buf *b, const char *others, size_t refw, int color)
{
	int rc = 0;
	for (const char *p = others; *p && !rc;) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		if (!tab || !nl || tab > nl)
			break;
		if ((rc = bt_buf_printf(b, "%*s  %s%.*s: %s", (int)refw, "", color ? C_DIM : "", (int)(tab - p), p,
					color ? C_OFF : "")) == 0 &&
		    (rc = put_flat(b, tab + 1, (size_t)(nl - tab - 1))) == 0)
			rc = bt_buf_put(b, "\n", 1);
		p = nl + 1;
	}
	return rc;
}

static int write_text(bt_buf *b, const bt_concord_page *p, const bt_concord_fmt *f)
{
	size_t ctx = context_of(f), refw = 0;
	char ref[512];
	bt_buf doc = BT_BUF_INIT;
	int rc = 0;
	/* the reference column: "doc:segment", the id escaped */
	for (size_t i = 0; i < p->n && !rc; i++) {
		size_t n;
		bt_buf_clear(&doc);
		if ((rc = bt_text_escape(&doc, p->hits[i].doc, strlen(p->hits[i].doc))) != 0)
			break;
		n = width(doc.ptr, doc.len) + (size_t)snprintf(ref, sizeof ref, ":%u", p->hits[i].ordinal);
		if (n > refw)
			refw = n;
	}
	for (size_t i = 0; i < p->n && !rc; i++) {
		const bt_concord_hit *h = &p->hits[i];
		size_t ms = h->match.start, me = h->match.end, tl = strlen(h->text);
		size_t le = ms, rs = me, ls, re, lw, pad;
		int lcut, rcut, lsp, rsp;
		const char *on = f->color ? C_MATCH : "", *off = f->color ? C_OFF : "";
		/* the left context ends in the column before the match: white
		 * space between them is shown as one space */
		while (le > 0 && strchr(" \t\n", h->text[le - 1]))
			le--;
		while (rs < tl && strchr(" \t\n", h->text[rs]))
			rs++;
		lsp = le < ms && le > 0;
		rsp = rs > me && rs < tl;
		ls = tail_start(h->text, le, ctx - (size_t)lsp);
		lcut = ls > 0;
		if (lcut) /* room for the ellipsis */
			ls = tail_start(h->text, le, ctx - (size_t)lsp - 1);
		re = head_end(h->text + rs, tl - rs, ctx - (size_t)rsp) + rs;
		rcut = re < tl;
		if (rcut)
			re = head_end(h->text + rs, tl - rs, ctx - (size_t)rsp - 1) + rs;
		lw = width(h->text + ls, le - ls) + (size_t)lcut + (size_t)lsp;
		pad = ctx > lw ? ctx - lw : 0;
		bt_buf_clear(&doc);
		if ((rc = bt_text_escape(&doc, h->doc, strlen(h->doc))) != 0)
			break;
		snprintf(ref, sizeof ref, "%s:%u", doc.ptr, h->ordinal);
		if ((rc = bt_buf_printf(b, "%s%*s  %*s", ref, (int)(refw - width(ref, strlen(ref))), "", (int)pad, "")) !=
			    0 ||
		    (lcut && (rc = bt_buf_puts(b, "…")) != 0) ||
		    (rc = put_marked(b, h->text, ls, le, h->marks, h->n_marks, on, off)) != 0 ||
		    (lsp && (rc = bt_buf_puts(b, " ")) != 0) || (rc = bt_buf_puts(b, on)) != 0 ||
		    (rc = put_flat(b, h->text + ms, me - ms)) != 0 || (rc = bt_buf_puts(b, off)) != 0 ||
		    (rsp && (rc = bt_buf_puts(b, " ")) != 0) ||
		    (rc = put_marked(b, h->text, rs, re, h->marks, h->n_marks, on, off)) != 0 ||
		    (rcut && (rc = bt_buf_puts(b, "…")) != 0))
			break;
		/* trailing blanks of a short right context are not written */
		while (b->len && b->ptr[b->len - 1] == ' ')
			b->ptr[--b->len] = '\0';
		if ((rc = bt_buf_printf(b, "\n%*s  %s%s: ", (int)refw, "", f->color ? C_DIM : "", other_lang(f, h))) != 0 ||
		    (f->color && (rc = bt_buf_puts(b, C_OFF)) != 0))
			break;
		if (!h->aligned) {
			rc = bt_buf_puts(b, "(not aligned)\n");
			continue;
		}
		if (!*other_text(h)) { /* a 1-0 or 0-1 link */
			rc = bt_buf_printf(b, "(no translation)  (%u-%u)\n", h->src_n, h->tgt_n);
			continue;
		}
		{
			const char *t = other_text(h);
			rc = put_marked(b, t, 0, strlen(t), h->equiv, h->n_equiv, f->color ? C_EQUIV : "[",
					f->color ? C_OFF : "]");
		}
		if (!rc && !(h->src_n == 1 && h->tgt_n == 1))
			rc = bt_buf_printf(b, "  (%u-%u)", h->src_n, h->tgt_n);
		if (!rc)
			rc = bt_buf_put(b, "\n", 1);
		if (!rc && h->others && *h->others)
			rc = put_others_text(b, h->others, refw, f->color);
	}
	bt_buf_dispose(&doc);
	if (rc)
		return rc;
	if (p->n == 0)
		return bt_buf_puts(b, f->offset ? "no more hits\n" : "no hits\n");
	rc = bt_buf_printf(b, "%shits %zu-%zu", f->color ? C_DIM : "", f->offset + 1, f->offset + p->n);
	if (!rc && p->total)
		rc = put_total(b, p);
	if (!rc && p->more)
		rc = bt_buf_printf(b, "; more with --offset %zu", f->offset + p->n);
	if (!rc)
		rc = bt_buf_printf(b, "%s\n", f->color ? C_OFF : "");
	return rc;
}

/* ---- TSV ---- */

static int put_tsv(bt_buf *b, const char *s, size_t len)
{
	int rc = 0;
	size_t from = 0;
	for (size_t i = 0; i < len && !rc; i++) {
		const char *e = s[i] == '\t' ? "\\t" : s[i] == '\n' ? "\\n" : s[i] == '\r' ? "\\r" : s[i] == '\\' ? "\\\\" : NULL;
		if (!e)
			continue;
		if ((rc = bt_buf_put(b, s + from, i - from)) == 0)
			rc = bt_buf_puts(b, e);
		from = i + 1;
	}
	if (!rc)
		rc = bt_buf_put(b, s + from, len - from);
	return rc;
}

static int write_tsv(bt_buf *b, const bt_concord_page *p)
{
	int rc = bt_buf_puts(b, "doc\tdate\tside\tsegment\tlang\tsrc\ttgt\tleft\tmatch\tright\tlink\tscore\n");
	for (size_t i = 0; i < p->n && !rc; i++) {
		const bt_concord_hit *h = &p->hits[i];
		size_t tl = strlen(h->text);
		if ((rc = put_tsv(b, h->doc, strlen(h->doc))) != 0 ||
		    (rc = bt_buf_printf(b, "\t%s\t%s\t%u\t%s\t", h->date, h->side == BT_SIDE_SRC ? "src" : "tgt",
					h->ordinal, h->lang)) != 0 ||
		    (rc = put_tsv(b, h->src, strlen(h->src))) != 0 || (rc = bt_buf_put(b, "\t", 1)) != 0 ||
		    (rc = put_tsv(b, h->tgt, strlen(h->tgt))) != 0 || (rc = bt_buf_put(b, "\t", 1)) != 0 ||
		    (rc = put_tsv(b, h->text, h->match.start)) != 0 || (rc = bt_buf_put(b, "\t", 1)) != 0 ||
		    (rc = put_tsv(b, h->text + h->match.start, h->match.end - h->match.start)) != 0 ||
		    (rc = bt_buf_put(b, "\t", 1)) != 0 ||
		    (rc = put_tsv(b, h->text + h->match.end, tl - h->match.end)) != 0)
			break;
		rc = h->aligned ? bt_buf_printf(b, "\t%u-%u\t%.4f\n", h->src_n, h->tgt_n, h->score) : bt_buf_puts(b, "\t\t\n");
	}
	return rc;
}

/* ---- spreadsheets: CSV, or TSV rows for an xlsx worksheet ---- */

/* One table being written: cells go out as CSV fields (csv) or as TSV
 * fields for bt_xlsx_from_tsv(). */
typedef struct sheet {
	bt_buf *b;
	int csv;
	char sep;
	int first; /* no cell yet on this row */
} sheet;

static int cell(sheet *t, const char *s, size_t len)
{
	int rc = t->first ? 0 : bt_buf_put(t->b, &t->sep, 1);
	t->first = 0;
	if (!rc)
		rc = t->csv ? bt_csv_field_sep(t->b, s, len, t->sep) : put_tsv(t->b, s, len);
	return rc;
}

static int cells(sheet *t, const char *s)
{
	return cell(t, s, strlen(s));
}

/* A number with 4 decimals; with ';' between fields the decimal mark is a
 * comma, as the locales that want ';' read numbers. */
static void decimal(const sheet *t, char *buf, size_t size, double x)
{
	char *dot;
	snprintf(buf, size, "%.4f", x);
	if (t->csv && t->sep == ';' && (dot = strchr(buf, '.')) != NULL)
		*dot = ',';
}

static int row_end(sheet *t)
{
	t->first = 1;
	return bt_buf_puts(t->b, t->csv ? "\r\n" : "\n");
}

/* A header row of tab-separated names. */
static int header(sheet *t, const char *names)
{
	int rc = 0;
	for (const char *n = names, *tab; !rc; n = tab + 1) {
		tab = strchr(n, '\t');
		rc = cell(t, n, tab ? (size_t)(tab - n) : strlen(n));
		if (!tab)
			break;
	}
	return rc ? rc : row_end(t);
}

static int sheet_hit(sheet *t, const bt_concord_hit *h)
{
	char link[32] = "", score[32] = "";
	size_t tl = strlen(h->text);
	int rc;
	if (h->aligned) {
		snprintf(link, sizeof link, "%u-%u", h->src_n, h->tgt_n);
		decimal(t, score, sizeof score, h->score);
	}
	if ((rc = cells(t, h->doc)) != 0 || (rc = cells(t, h->date)) != 0 ||
	    (rc = cells(t, h->side == BT_SIDE_SRC ? "src" : "tgt")) != 0 || (rc = cell(t, h->text, h->match.start)) != 0 ||
	    (rc = cell(t, h->text + h->match.start, h->match.end - h->match.start)) != 0 ||
	    (rc = cell(t, h->text + h->match.end, tl - h->match.end)) != 0 ||
	    (rc = cells(t, h->side == BT_SIDE_SRC ? h->tgt : h->src)) != 0 || (rc = cells(t, link)) != 0 ||
	    (rc = cells(t, score)) != 0)
		return rc;
	return row_end(t);
}

static int sheet_hits(sheet *t, const bt_concord_page *p)
{
	int rc = header(t, "doc\tdate\tside\tleft\tmatch\tright\ttranslation\tlink\tscore");
	for (size_t i = 0; i < p->n && !rc; i++)
		rc = sheet_hit(t, &p->hits[i]);
	return rc;
}

static int sheet_count(sheet *t, const char *what, const char *key, size_t n)
{
	char num[32];
	int rc;
	snprintf(num, sizeof num, "%zu", n);
	if ((rc = cells(t, what)) != 0 || (rc = cells(t, key)) != 0 || (rc = cells(t, num)) != 0 ||
	    (rc = cells(t, "")) != 0 || (rc = cells(t, "")) != 0)
		return rc;
	return row_end(t);
}

static int sheet_stats(sheet *t, const bt_concord_summary *s)
{
	int rc = header(t, "what\tkey\thits\tdice\tknown");
	char num[32], dice[32];
	if (!rc && !(rc = sheet_count(t, "hits", "", s->hits)) && !(rc = sheet_count(t, "src", "", s->src_hits)) &&
	    !(rc = sheet_count(t, "tgt", "", s->tgt_hits)))
		rc = sheet_count(t, "aligned", "", s->aligned);
	if (!rc && s->checked < s->hits)
		rc = sheet_count(t, "checked", "", s->checked);
	if (!rc && s->background)
		rc = sheet_count(t, "background", "", s->background);
	if (!rc && s->not_equivs)
		rc = sheet_count(t, "left_out", "", s->not_equivs);
	if (!rc && s->model && !(rc = sheet_count(t, "model", "", s->sampled)))
		rc = sheet_count(t, "unlinked", "", s->unlinked);
	for (size_t i = 0; i < s->n_docs && !rc; i++)
		rc = sheet_count(t, "doc", s->docs[i].key, s->docs[i].n);
	for (size_t i = 0; i < s->n_dates && !rc; i++)
		rc = sheet_count(t, "date", s->dates[i].key, s->dates[i].n);
	for (size_t i = 0; i < s->n_equivs && !rc; i++) {
		snprintf(num, sizeof num, "%zu", s->equivs[i].n);
		decimal(t, dice, sizeof dice, s->equivs[i].dice);
		if (!(rc = cells(t, "equiv")) && !(rc = cells(t, s->equivs[i].text)) && !(rc = cells(t, num)) &&
		    !(rc = cells(t, dice)) && !(rc = cells(t, s->equivs[i].known ? "1" : "0")))
			rc = row_end(t);
	}
	return rc;
}

/* Writes a page (p) or a summary (s) as CSV to out, or as an xlsx workbook
 * to f->path. */
static int write_sheet(bt_buf *out, const bt_concord_page *p, const bt_concord_summary *s, const bt_concord_fmt *f)
{
	bt_buf tsv = BT_BUF_INIT;
	sheet t = {out, f->format == BT_CONCORD_CSV, f->csv_sep ? f->csv_sep : ',', 1};
	int rc;
	if (t.csv) {
		if (t.sep == '"' || t.sep == '\r' || t.sep == '\n')
			return bt_fail(BT_EUSAGE, NULL, -1, -1, "a CSV separator cannot be a quote or a line break");
		if ((rc = bt_buf_puts(out, "\xEF\xBB\xBF")) != 0)
			return rc;
		return p ? sheet_hits(&t, p) : sheet_stats(&t, s);
	}
	if (!f->path)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "xlsx is written to a file: give -o FILE");
	t.b = &tsv, t.sep = '\t';
	rc = p ? sheet_hits(&t, p) : sheet_stats(&t, s);
	if (!rc)
		rc = bt_xlsx_from_tsv(f->path, p ? "Concordance" : "Statistics", tsv.ptr ? tsv.ptr : "", tsv.len);
	bt_buf_dispose(&tsv);
	return rc;
}

/* ---- JSON ---- */

/* A JSON string. Besides what JSON requires, C1 controls, U+2028/2029
 * and the bidi formatting characters are written as \u escapes (esc.h):
 * the same string to a parser, and nothing a terminal acts on. */
static int put_json(bt_buf *b, const char *s, size_t len)
{
	int rc = bt_buf_put(b, "\"", 1);
	size_t from = 0;
	for (size_t i = 0; i < len && !rc; i++) {
		unsigned char ch = (unsigned char)s[i];
		char esc[8];
		if (ch >= 0x80) {
			int32_t j = (int32_t)i;
			UChar32 c;
			U8_NEXT(s, j, (int32_t)len, c);
			if (c < 0 || !bt_esc_cp((uint32_t)c)) {
				i = (size_t)j - 1;
				continue;
			}
			if ((rc = bt_buf_put(b, s + from, i - from)) != 0 || (rc = bt_buf_printf(b, "\\u%04x", (unsigned)c)) != 0)
				break;
			from = (size_t)j;
			i = (size_t)j - 1;
			continue;
		}
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		if ((rc = bt_buf_put(b, s + from, i - from)) != 0)
			break;
		if (ch == '"' || ch == '\\')
			snprintf(esc, sizeof esc, "\\%c", ch);
		else if (ch == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else if (ch == '\t')
			snprintf(esc, sizeof esc, "\\t");
		else if (ch == '\r')
			snprintf(esc, sizeof esc, "\\r");
		else
			snprintf(esc, sizeof esc, "\\u%04x", ch);
		rc = bt_buf_puts(b, esc);
		from = i + 1;
	}
	if (!rc)
		rc = bt_buf_put(b, s + from, len - from);
	if (!rc)
		rc = bt_buf_put(b, "\"", 1);
	return rc;
}

static int put_json_field(bt_buf *b, const char *name, const char *s, size_t len)
{
	int rc = bt_buf_printf(b, ",\"%s\":", name);
	return rc ? rc : put_json(b, s, len);
}

/* `],"others":{"TAG":"text",...` : the end of the equivalents, then a
 * hit's other languages in JSON (the caller closes both objects). */
static int put_others_json(bt_buf *b, const char *others)
{
	int rc = bt_buf_puts(b, "],\"others\":{"), first = 1;
	for (const char *p = others; *p && !rc; first = 0) {
		const char *tab = strchr(p, '\t'), *nl = strchr(p, '\n');
		if (!tab || !nl || tab > nl)
			break;
		if ((rc = bt_buf_puts(b, first ? "" : ",")) == 0 && (rc = put_json(b, p, (size_t)(tab - p))) == 0 &&
		    (rc = bt_buf_put(b, ":", 1)) == 0)
			rc = put_json(b, tab + 1, (size_t)(nl - tab - 1));
		p = nl + 1;
	}
	return rc;
}

static int write_jsonl(bt_buf *b, const bt_concord_page *p)
{
	int rc = 0;
	for (size_t i = 0; i < p->n && !rc; i++) {
		const bt_concord_hit *h = &p->hits[i];
		size_t tl = strlen(h->text);
		const char *o = other_text(h);
		if ((rc = bt_buf_puts(b, "{\"doc\":")) != 0 || (rc = put_json(b, h->doc, strlen(h->doc))) != 0 ||
		    (rc = put_json_field(b, "date", h->date, strlen(h->date))) != 0 ||
		    (rc = bt_buf_printf(b, ",\"side\":\"%s\",\"segment\":%u", h->side == BT_SIDE_SRC ? "src" : "tgt",
					h->ordinal)) != 0 ||
		    (rc = put_json_field(b, "lang", h->lang, strlen(h->lang))) != 0 ||
		    (rc = put_json_field(b, "src", h->src, strlen(h->src))) != 0 ||
		    (rc = put_json_field(b, "tgt", h->tgt, strlen(h->tgt))) != 0 ||
		    (rc = put_json_field(b, "left", h->text, h->match.start)) != 0 ||
		    (rc = put_json_field(b, "match", h->text + h->match.start, h->match.end - h->match.start)) != 0 ||
		    (rc = put_json_field(b, "right", h->text + h->match.end, tl - h->match.end)) != 0)
			break;
		rc = h->aligned ? bt_buf_printf(b, ",\"link\":\"%u-%u\",\"score\":%.4f", h->src_n, h->tgt_n, h->score)
				: bt_buf_puts(b, ",\"link\":null,\"score\":null");
		if (!rc)
			rc = bt_buf_puts(b, ",\"equiv\":[");
		for (size_t k = 0; k < h->n_equiv && !rc; k++) {
			if (k)
				rc = bt_buf_put(b, ",", 1);
			if (!rc)
				rc = put_json(b, o + h->equiv[k].start, h->equiv[k].end - h->equiv[k].start);
		}
		if (!rc && h->others && *h->others) {
			if ((rc = put_others_json(b, h->others)) == 0)
				rc = bt_buf_puts(b, "}}\n");
		} else if (!rc) {
			rc = bt_buf_puts(b, "]}\n");
		}
	}
	return rc;
}

/* ---- HTML ---- */

static int put_html(bt_buf *b, const char *s, size_t len)
{
	int rc = 0;
	size_t from = 0;
	for (size_t i = 0; i < len && !rc; i++) {
		const char *e = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" : s[i] == '"' ? "&quot;"
			      : s[i] == '\'' ? "&#39;" : NULL;
		if (!e)
			continue;
		if ((rc = bt_buf_put(b, s + from, i - from)) == 0)
			rc = bt_buf_puts(b, e);
		from = i + 1;
	}
	if (!rc)
		rc = bt_buf_put(b, s + from, len - from);
	return rc;
}

/* Corpus text as an isolated run (<bdi>): a bidi override in it reverses
 * that run only, never the match or the text around it. */
static int put_html_bdi(bt_buf *b, const char *s, size_t len)
{
	int rc;
	if (!len)
		return 0;
	if ((rc = bt_buf_puts(b, "<bdi>")) == 0 && (rc = put_html(b, s, len)) == 0)
		rc = bt_buf_puts(b, "</bdi>");
	return rc;
}

static int put_html_marked(bt_buf *b, const char *s, size_t from, size_t to, const bt_concord_span *m, size_t n,
			   const char *cls)
{
	int rc = 0;
	size_t at = from;
	for (size_t k = 0; k < n && !rc; k++) {
		size_t a = m[k].start < from ? from : m[k].start, e = m[k].end > to ? to : m[k].end;
		if (a >= e || a < at)
			continue;
		if ((rc = put_html_bdi(b, s + at, a - at)) != 0 ||
		    (rc = bt_buf_printf(b, "<mark class=\"%s\">", cls)) != 0 || (rc = put_html(b, s + a, e - a)) != 0 ||
		    (rc = bt_buf_puts(b, "</mark>")) != 0)
			return rc;
		at = e;
	}
	if (!rc && at < to)
		rc = put_html_bdi(b, s + at, to - at);
	return rc;
}

static const char html_style[] =
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",sans-serif;margin:2em auto;max-width:72em;"
	"padding:0 1em;color:#222;background:#fff}\n"
	"h1{font-size:1.3em;font-weight:600}h1 q{color:#a40000}\n"
	"p.meta{color:#666}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"td,th{padding:.25em .5em;vertical-align:top}\n"
	"th{text-align:left;border-bottom:2px solid #ccc;font-weight:600}th.l{text-align:right}\n"
	"tr.hit td{padding-top:.7em}\n"
	"tr.tr td{border-bottom:1px solid #e4e4e4;color:#333;padding-bottom:.7em}\n"
	"td.ref{color:#666;font-size:.85em;white-space:nowrap}\n"
	"td.l{text-align:right;white-space:nowrap;overflow:hidden;max-width:26em}\n"
	"td.m{white-space:nowrap;font-weight:600;color:#a40000}\n"
	"td.r{white-space:nowrap;overflow:hidden;max-width:26em}\n"
	"td.lang{color:#888;font-size:.85em;text-align:right}\n"
	"mark{background:none;color:#a40000;font-weight:600}\n"
	"td,mark,bdi{unicode-bidi:isolate}\n"
	"mark.eq{background:#e3f4e3;color:#075e07;border-radius:3px;padding:0 2px}\n"
	"span.link{color:#999;font-size:.8em;margin-left:.6em;white-space:nowrap}\n"
	"@media (prefers-color-scheme:dark){body{background:#181818;color:#ddd}tr.tr td{color:#ccc;"
	"border-color:#333}mark.eq{background:#1e3b1e;color:#9fe09f}td.m,mark,h1 q{color:#ff8080}}\n";

static int html_head(bt_buf *b, const bt_concord_fmt *f, const char *what)
{
	const char *q = f->query ? f->query : "";
	int rc = bt_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				"<meta name=\"generator\" content=\"bitext " BT_VERSION "\">\n<title>");
	if (!rc)
		rc = bt_buf_printf(b, "%s: ", what);
	if (!rc)
		rc = put_html(b, q, strlen(q));
	if (!rc)
		rc = bt_buf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>%s: <q>", html_style, what);
	if (!rc)
		rc = put_html(b, q, strlen(q));
	if (!rc)
		rc = bt_buf_puts(b, "</q></h1>\n");
	return rc;
}

static int write_html(bt_buf *b, const bt_concord_page *p, const bt_concord_fmt *f)
{
	size_t ctx = context_of(f);
	int rc = html_head(b, f, "Concordance");
	if (!rc)
		rc = bt_buf_puts(b, "<p class=\"meta\">");
	if (!rc)
		rc = p->n ? bt_buf_printf(b, "Hits %zu–%zu", f->offset + 1, f->offset + p->n) : bt_buf_puts(b, "No hits");
	if (!rc && p->n && p->total)
		rc = put_total(b, p);
	if (!rc && p->more)
		rc = bt_buf_puts(b, ", more follow");
	if (!rc) {
		rc = bt_buf_puts(b, ". ");
		if (!rc)
			rc = put_html(b, f->src_lang, strlen(f->src_lang));
		if (!rc)
			rc = bt_buf_puts(b, " → ");
		if (!rc)
			rc = put_html(b, f->tgt_lang, strlen(f->tgt_lang));
		if (!rc)
			rc = bt_buf_puts(b, ".</p>\n");
	}
	if (!rc && p->n)
		rc = bt_buf_puts(b, "<table>\n<thead><tr><th>Document</th><th class=\"l\">Left</th><th>Match</th>"
				    "<th>Right</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < p->n && !rc; i++) {
		const bt_concord_hit *h = &p->hits[i];
		size_t ms = h->match.start, me = h->match.end, tl = strlen(h->text);
		size_t ls = tail_start(h->text, ms, ctx), re = head_end(h->text + me, tl - me, ctx) + me;
		const char *o = other_text(h);
		if ((rc = bt_buf_puts(b, "<tr class=\"hit\"><td class=\"ref\">")) != 0 ||
		    (rc = put_html_bdi(b, h->doc, strlen(h->doc))) != 0 || (rc = bt_buf_printf(b, ":%u", h->ordinal)) != 0 ||
		    (*h->date && ((rc = bt_buf_puts(b, " · ")) != 0 || (rc = put_html(b, h->date, strlen(h->date))) != 0)) ||
		    (rc = bt_buf_puts(b, "</td><td class=\"l\" lang=\"")) != 0 ||
		    (rc = put_html(b, h->lang, strlen(h->lang))) != 0 || (rc = bt_buf_puts(b, "\">")) != 0 ||
		    (ls > 0 && (rc = bt_buf_puts(b, "…")) != 0) ||
		    (rc = put_html_marked(b, h->text, ls, ms, h->marks, h->n_marks, "m")) != 0 ||
		    (rc = bt_buf_puts(b, "</td><td class=\"m\">")) != 0 ||
		    (rc = put_html_bdi(b, h->text + ms, me - ms)) != 0 || (rc = bt_buf_puts(b, "</td><td class=\"r\">")) != 0 ||
		    (rc = put_html_marked(b, h->text, me, re, h->marks, h->n_marks, "m")) != 0 ||
		    (re < tl && (rc = bt_buf_puts(b, "…")) != 0) ||
		    (rc = bt_buf_puts(b, "</td></tr>\n<tr class=\"tr\"><td class=\"lang\">")) != 0 ||
		    (rc = put_html(b, other_lang(f, h), strlen(other_lang(f, h)))) != 0 ||
		    (rc = bt_buf_puts(b, "</td><td colspan=\"3\" lang=\"")) != 0 ||
		    (rc = put_html(b, other_lang(f, h), strlen(other_lang(f, h)))) != 0 || (rc = bt_buf_puts(b, "\">")) != 0)
			break;
		if (!h->aligned)
			rc = bt_buf_puts(b, "<i>(not aligned)</i>");
		else if (!*o)
			rc = bt_buf_printf(b, "<i>(no translation)</i><span class=\"link\">%u-%u · %.2f</span>", h->src_n,
					   h->tgt_n, h->score);
		else if ((rc = put_html_marked(b, o, 0, strlen(o), h->equiv, h->n_equiv, "eq")) == 0)
			rc = bt_buf_printf(b, "<span class=\"link\">%u-%u · %.2f</span>", h->src_n, h->tgt_n, h->score);
		if (!rc)
			rc = bt_buf_puts(b, "</td></tr>\n");
	}
	if (!rc && p->n)
		rc = bt_buf_puts(b, "</tbody>\n</table>\n");
	if (!rc)
		rc = bt_buf_puts(b, "</body>\n</html>\n");
	return rc;
}

int bt_concord_write(bt_buf *out, const bt_concord_page *p, const bt_concord_fmt *f)
{
	static const bt_concord_fmt defaults = BT_CONCORD_FMT_INIT;
	if (!f)
		f = &defaults;
	switch (f->format) {
	case BT_CONCORD_TEXT:
		return write_text(out, p, f);
	case BT_CONCORD_TSV:
		return write_tsv(out, p);
	case BT_CONCORD_JSONL:
		return write_jsonl(out, p);
	case BT_CONCORD_HTML:
		return write_html(out, p, f);
	case BT_CONCORD_CSV:
	case BT_CONCORD_XLSX:
		return write_sheet(out, p, NULL, f);
	default:
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown concordance format %d", f->format);
	}
}

/* ---- --stats ---- */

static int stats_text(bt_buf *b, const bt_concord_summary *s, const bt_concord_fmt *f)
{
	size_t w = 12;
	int rc = bt_buf_printf(b, "hits         %zu", s->hits);
	for (size_t i = 0; i < s->n_docs; i++)
		if (strlen(s->docs[i].key) + 2 > w)
			w = strlen(s->docs[i].key) + 2;
	if (!rc && s->src_hits && s->tgt_hits)
		rc = bt_buf_printf(b, " (%s %zu, %s %zu)", f->src_lang, s->src_hits, f->tgt_lang, s->tgt_hits);
	if (!rc)
		rc = bt_buf_printf(b, "\naligned      %zu", s->aligned);
	if (!rc && s->checked < s->hits) /* a sample (bt_concord_stats()) */
		rc = bt_buf_printf(b, " of %zu hits checked, spread over all %zu", s->checked, s->hits);
	if (!rc)
		rc = bt_buf_puts(b, "\n");
	if (!rc && s->n_docs)
		rc = bt_buf_puts(b, "\nby document\n");
	for (size_t i = 0; i < s->n_docs && !rc; i++) {
		size_t at = b->len;
		if ((rc = bt_buf_puts(b, "  ")) == 0 && (rc = put_flat(b, s->docs[i].key, strlen(s->docs[i].key))) == 0) {
			size_t wd = width(b->ptr + at + 2, b->len - at - 2);
			rc = bt_buf_printf(b, "%*s %zu\n", (int)(w > wd ? w - wd : 0), "", s->docs[i].n);
		}
	}
	if (!rc && s->n_dates)
		rc = bt_buf_puts(b, "\nby date\n");
	for (size_t i = 0; i < s->n_dates && !rc; i++)
		rc = bt_buf_printf(b, "  %-*s %zu\n", (int)w, *s->dates[i].key ? s->dates[i].key : "(undated)",
				   s->dates[i].n);
	if (!rc && s->n_equivs) {
		size_t ew = 10;
		for (size_t i = 0; i < s->n_equivs; i++)
			if (width(s->equivs[i].text, strlen(s->equivs[i].text)) > ew)
				ew = width(s->equivs[i].text, strlen(s->equivs[i].text));
		rc = bt_buf_printf(b, "\ntranslated as (%sin %zu aligned hit%s; ", s->model ? "word model, " : "", s->sampled,
				   s->sampled == 1 ? "" : "s");
		if (!rc && s->background)
			rc = bt_buf_printf(b, "Dice estimated from %zu segments of that side; ", s->background);
		if (!rc)
			rc = bt_buf_puts(b, "* = same name, spelling or glossary)\n");
		for (size_t i = 0; i < s->n_equivs && !rc; i++) {
			const bt_concord_equiv *e = &s->equivs[i];
			size_t pad = ew - width(e->text, strlen(e->text));
			if ((rc = bt_buf_puts(b, e->known ? "  *" : "   ")) == 0 &&
			    (rc = put_flat(b, e->text, strlen(e->text))) == 0)
				rc = bt_buf_printf(b, "%*s %6zu %4.0f%%  dice %.2f\n", (int)pad, "", e->n,
						   100.0 * (double)e->n / (double)s->sampled, e->dice);
		}
	}
	if (!rc && s->not_equivs && !s->model)
		rc = bt_buf_printf(b,
				   "  (%zu other candidates left out: less than twice as frequent in these translations"
				   " as in the others, a phrase that starts or ends with such a word, or one mostly"
				   " inside a longer one listed)\n",
				   s->not_equivs);
	if (!rc && s->model && s->not_equivs)
		rc = bt_buf_printf(b, "  (%zu other translations left out: linked in one hit only, or mostly inside a"
				      " longer one listed)\n", s->not_equivs);
	if (!rc && s->model && s->unlinked)
		rc = bt_buf_printf(b, "  (in %zu of the %zu hits the word model linked the match to nothing)\n",
				   s->unlinked, s->sampled);
	return rc;
}

static int stats_tsv(bt_buf *b, const bt_concord_summary *s)
{
	int rc = bt_buf_printf(b, "what\tkey\thits\tdice\tknown\nhits\t\t%zu\t\t\nsrc\t\t%zu\t\t\ntgt\t\t%zu\t\t\n"
				  "aligned\t\t%zu\t\t\n",
			       s->hits, s->src_hits, s->tgt_hits, s->aligned);
	if (!rc && s->checked < s->hits)
		rc = bt_buf_printf(b, "checked\t\t%zu\t\t\n", s->checked);
	if (!rc && s->background)
		rc = bt_buf_printf(b, "background\t\t%zu\t\t\n", s->background);
	if (!rc && s->not_equivs)
		rc = bt_buf_printf(b, "left_out\t\t%zu\t\t\n", s->not_equivs);
	if (!rc && s->model)
		rc = bt_buf_printf(b, "model\t\t%zu\t\t\nunlinked\t\t%zu\t\t\n", s->sampled, s->unlinked);
	for (size_t i = 0; i < s->n_docs && !rc; i++) {
		rc = bt_buf_puts(b, "doc\t");
		if (!rc)
			rc = put_tsv(b, s->docs[i].key, strlen(s->docs[i].key));
		if (!rc)
			rc = bt_buf_printf(b, "\t%zu\t\t\n", s->docs[i].n);
	}
	for (size_t i = 0; i < s->n_dates && !rc; i++)
		rc = bt_buf_printf(b, "date\t%s\t%zu\t\t\n", s->dates[i].key, s->dates[i].n);
	for (size_t i = 0; i < s->n_equivs && !rc; i++) {
		rc = bt_buf_puts(b, "equiv\t");
		if (!rc)
			rc = put_tsv(b, s->equivs[i].text, strlen(s->equivs[i].text));
		if (!rc)
			rc = bt_buf_printf(b, "\t%zu\t%.4f\t%d\n", s->equivs[i].n, s->equivs[i].dice, s->equivs[i].known);
	}
	return rc;
}

static int stats_json(bt_buf *b, const bt_concord_summary *s, const bt_concord_fmt *f)
{
	int rc = bt_buf_puts(b, "{\"query\":");
	if (!rc)
		rc = put_json(b, f->query ? f->query : "", f->query ? strlen(f->query) : 0);
	if (!rc)
		rc = bt_buf_printf(b, ",\"hits\":%zu,\"src_hits\":%zu,\"tgt_hits\":%zu,\"aligned\":%zu,\"docs\":[", s->hits,
				   s->src_hits, s->tgt_hits, s->aligned);
	for (size_t i = 0; i < s->n_docs && !rc; i++) {
		rc = bt_buf_puts(b, i ? ",{\"doc\":" : "{\"doc\":");
		if (!rc)
			rc = put_json(b, s->docs[i].key, strlen(s->docs[i].key));
		if (!rc)
			rc = bt_buf_printf(b, ",\"hits\":%zu}", s->docs[i].n);
	}
	if (!rc)
		rc = bt_buf_puts(b, "],\"dates\":[");
	for (size_t i = 0; i < s->n_dates && !rc; i++) {
		rc = bt_buf_puts(b, i ? ",{\"date\":" : "{\"date\":");
		if (!rc)
			rc = put_json(b, s->dates[i].key, strlen(s->dates[i].key));
		if (!rc)
			rc = bt_buf_printf(b, ",\"hits\":%zu}", s->dates[i].n);
	}
	if (!rc)
		rc = bt_buf_printf(b, "],\"checked\":%zu,\"sampled\":%zu,\"background\":%zu,\"left_out\":%zu,"
				      "\"model\":%s,\"unlinked\":%zu,\"equivalents\":[",
				   s->checked, s->sampled, s->background, s->not_equivs, s->model ? "true" : "false",
				   s->unlinked);
	for (size_t i = 0; i < s->n_equivs && !rc; i++) {
		rc = bt_buf_puts(b, i ? ",{\"text\":" : "{\"text\":");
		if (!rc)
			rc = put_json(b, s->equivs[i].text, strlen(s->equivs[i].text));
		if (!rc)
			rc = bt_buf_printf(b, ",\"hits\":%zu,\"dice\":%.4f,\"known\":%s}", s->equivs[i].n, s->equivs[i].dice,
					   s->equivs[i].known ? "true" : "false");
	}
	if (!rc)
		rc = bt_buf_puts(b, "]}\n");
	return rc;
}

static int stats_html(bt_buf *b, const bt_concord_summary *s, const bt_concord_fmt *f)
{
	int rc = html_head(b, f, "Concordance statistics");
	if (!rc)
		rc = bt_buf_printf(b, "<p class=\"meta\">%zu hits (%zu in %s, %zu in %s), %zu aligned", s->hits,
				   s->src_hits, f->src_lang, s->tgt_hits, f->tgt_lang, s->aligned);
	if (!rc && s->checked < s->hits)
		rc = bt_buf_printf(b, " of %zu hits checked, spread over all", s->checked);
	if (!rc && s->background)
		rc = bt_buf_printf(b, "; Dice estimated from %zu segments of the translations' side", s->background);
	if (!rc)
		rc = bt_buf_puts(b, ".</p>\n");
	if (!rc && s->n_equivs)
		rc = bt_buf_printf(b, "<h2>Translated as</h2>\n<p class=\"meta\">%sIn %zu aligned hits; marked: the same"
				      " name, spelling or a glossary entry.</p>\n<table>\n<thead><tr><th>Words</th>"
				      "<th>Hits</th><th>Share</th><th>Dice</th></tr></thead>\n<tbody>\n",
				   s->model ? "What the corpus's word model links the match to. " : "", s->sampled);
	for (size_t i = 0; i < s->n_equivs && !rc; i++) {
		const bt_concord_equiv *e = &s->equivs[i];
		rc = bt_buf_puts(b, e->known ? "<tr><td><mark class=\"eq\">" : "<tr><td>");
		if (!rc)
			rc = put_html(b, e->text, strlen(e->text));
		if (!rc)
			rc = bt_buf_printf(b, "%s</td><td>%zu</td><td>%.0f%%</td><td>%.2f</td></tr>\n", e->known ? "</mark>" : "",
					   e->n, 100.0 * (double)e->n / (double)s->sampled, e->dice);
	}
	if (!rc && s->n_equivs)
		rc = bt_buf_puts(b, "</tbody>\n</table>\n");
	if (!rc && s->not_equivs && !s->model)
		rc = bt_buf_printf(b,
				   "<p class=\"meta\">%zu other candidates left out: less than twice as frequent in these"
				   " translations as in the others, a phrase that starts or ends with such a word,"
				   " or one mostly inside a longer one listed.</p>\n",
				   s->not_equivs);
	if (!rc && s->model && (s->not_equivs || s->unlinked))
		rc = bt_buf_printf(b, "<p class=\"meta\">%zu other translation%s left out (linked in one hit only, or"
				      " mostly inside a longer one listed); in %zu hit%s the word model linked the match"
				      " to nothing.</p>\n", s->not_equivs, s->not_equivs == 1 ? "" : "s", s->unlinked,
				   s->unlinked == 1 ? "" : "s");
	if (!rc && s->n_docs)
		rc = bt_buf_puts(b, "<h2>By document</h2>\n<table>\n<tbody>\n");
	for (size_t i = 0; i < s->n_docs && !rc; i++) {
		rc = bt_buf_puts(b, "<tr><td>");
		if (!rc)
			rc = put_html(b, s->docs[i].key, strlen(s->docs[i].key));
		if (!rc)
			rc = bt_buf_printf(b, "</td><td>%zu</td></tr>\n", s->docs[i].n);
	}
	if (!rc && s->n_docs)
		rc = bt_buf_puts(b, "</tbody>\n</table>\n");
	if (!rc && s->n_dates)
		rc = bt_buf_puts(b, "<h2>By date</h2>\n<table>\n<tbody>\n");
	for (size_t i = 0; i < s->n_dates && !rc; i++) {
		rc = bt_buf_puts(b, "<tr><td>");
		if (!rc)
			rc = put_html(b, *s->dates[i].key ? s->dates[i].key : "(undated)",
				      strlen(*s->dates[i].key ? s->dates[i].key : "(undated)"));
		if (!rc)
			rc = bt_buf_printf(b, "</td><td>%zu</td></tr>\n", s->dates[i].n);
	}
	if (!rc && s->n_dates)
		rc = bt_buf_puts(b, "</tbody>\n</table>\n");
	if (!rc)
		rc = bt_buf_puts(b, "</body>\n</html>\n");
	return rc;
}

int bt_concord_summary_write(bt_buf *out, const bt_concord_summary *s, const bt_concord_fmt *f)
{
	static const bt_concord_fmt defaults = BT_CONCORD_FMT_INIT;
	if (!f)
		f = &defaults;
	switch (f->format) {
	case BT_CONCORD_TEXT:
		return stats_text(out, s, f);
	case BT_CONCORD_TSV:
		return stats_tsv(out, s);
	case BT_CONCORD_JSONL:
		return stats_json(out, s, f);
	case BT_CONCORD_HTML:
		return stats_html(out, s, f);
	case BT_CONCORD_CSV:
	case BT_CONCORD_XLSX:
		return write_sheet(out, NULL, s, f);
	default:
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown concordance format %d", f->format);
	}
}
