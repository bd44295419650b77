/* glossary.c: glossary files (glossary.h): reading TSV, CSV, TBX and
 * FreeDict into entries, writing TSV, CSV and TBX.
 *
 * A file is read and checked whole before anything is done with it, so
 * that a bad line anywhere is found before a corpus is written. */
#include "glossary.h"

#include "dict.h"
#include "error.h"
#include "outfile.h"
#include "tbx.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longest term or note accepted, in bytes: a glossary entry is a term, not
 * a text; a longer field is almost always a broken file. */
#define MAX_FIELD 1000

/* The list being read, and what reading needs. */
typedef struct entries {
	bt_gloss_list *l;
	const char *src_lang, *tgt_lang;
	const char *path;
	const char *origin;
} entries;

void bt_gloss_list_dispose(bt_gloss_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		bt_free((char *)l->v[i].src);
		bt_free((char *)l->v[i].tgt);
		bt_free((char *)l->v[i].note);
	}
	bt_free(l->v);
	memset(l, 0, sizeof *l);
}

/* Trims white space; checks emptiness, length and line breaks. */
static int check_field(const char **s, size_t *len, const char *what, int required, const char *path, long line)
{
	while (*len && strchr(" \t\n", (*s)[0]))
		(*s)++, (*len)--;
	while (*len && strchr(" \t\n", (*s)[*len - 1]))
		(*len)--;
	if (required && *len == 0)
		return bt_fail(BT_EINPUT, path, line, -1, "empty %s", what);
	if (*len > MAX_FIELD)
		return bt_fail(BT_ELIMIT, path, line, -1, "%s longer than %d bytes", what, MAX_FIELD);
	if (memchr(*s, '\n', *len))
		return bt_fail(BT_EINPUT, path, line, -1, "%s spans several lines", what);
	return 0;
}

static int push(entries *es, const char *src, size_t sl, const char *tgt, size_t tl, const char *note, size_t nl,
		long line)
{
	bt_gloss_list *l = es->l;
	char *s, *t, *n;
	int rc;
	if ((rc = check_field(&src, &sl, "source term", 1, es->path, line)) != 0 ||
	    (rc = check_field(&tgt, &tl, "target term", 1, es->path, line)) != 0 ||
	    (note && (rc = check_field(&note, &nl, "note", 0, es->path, line)) != 0))
		return rc;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		bt_glossary_entry *v = bt_realloc(l->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		l->v = v, l->cap = cap;
	}
	s = bt_strndup(src, sl);
	t = bt_strndup(tgt, tl);
	n = note && nl ? bt_strndup(note, nl) : NULL;
	if (!s || !t || (note && nl && !n)) {
		bt_free(s), bt_free(t), bt_free(n);
		return bt_fail_nomem();
	}
	l->v[l->n++] = (bt_glossary_entry){s, t, n, es->origin};
	return 0;
}

/* A header row names the columns: the corpus languages (either order) or
 * "source", "target". Returns 1 for a header in corpus order, 2 for one
 * in reverse order, 0 for a data row. */
static int header_kind(const entries *es, const char *a, size_t al, const char *b, size_t bl)
{
	const char *s = es->src_lang, *t = es->tgt_lang;
#define IS(x, xl, w) (strlen(w) == (xl) && strncasecmp((x), (w), (xl)) == 0)
	if ((IS(a, al, s) && IS(b, bl, t)) || (IS(a, al, "source") && IS(b, bl, "target")))
		return 1;
	if (IS(a, al, t) && IS(b, bl, s))
		return 2;
#undef IS
	return 0;
}

/* One row of fields (pointers into the text or a scratch buffer). */
typedef struct row {
	const char *f[4];
	size_t len[4];
	int n; /* fields seen, up to 4 counted */
} row;

static int take_row(entries *es, row *r, long line, int *first, int *reverse)
{
	if (r->n == 1)
		return bt_fail(BT_EINPUT, es->path, line, -1, "no separator between source and target term");
	if (r->n > 3)
		return bt_fail(BT_EINPUT, es->path, line, -1,
			       "more than 3 columns; expected source, target and an optional note");
	if (*first) {
		int h = header_kind(es, r->f[0], r->len[0], r->f[1], r->len[1]);
		*first = 0;
		if (h) {
			*reverse ^= h == 2;
			return 0;
		}
	}
	if (*reverse)
		return push(es, r->f[1], r->len[1], r->f[0], r->len[0], r->n > 2 ? r->f[2] : NULL,
			    r->n > 2 ? r->len[2] : 0, line);
	return push(es, r->f[0], r->len[0], r->f[1], r->len[1], r->n > 2 ? r->f[2] : NULL, r->n > 2 ? r->len[2] : 0,
		    line);
}

static int parse_tsv(entries *es, const char *t, size_t len, int reverse)
{
	size_t i = 0;
	long line = 0;
	int first = 1, rc;
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - t) : len, a = i;
		row r = {{0}, {0}, 0};
		line++;
		i = end + 1;
		if (t[a] == '#' || strspn(t + a, " \t") >= end - a)
			continue;
		while (r.n < 4) {
			const char *tab = memchr(t + a, '\t', end - a);
			size_t fe = tab ? (size_t)(tab - t) : end;
			r.f[r.n] = t + a, r.len[r.n] = fe - a, r.n++;
			if (!tab)
				break;
			a = fe + 1;
		}
		if ((rc = take_row(es, &r, line, &first, &reverse)) != 0)
			return rc;
	}
	return 0;
}

/* RFC 4180: comma-separated, fields in double quotes may hold commas,
 * quotes (doubled) and line breaks. Quoted fields are unescaped into
 * `scratch`, so row pointers stay valid until the row is taken. */
static int parse_csv(entries *es, const char *t, size_t len, int reverse)
{
	bt_buf scratch[4] = {BT_BUF_INIT, BT_BUF_INIT, BT_BUF_INIT, BT_BUF_INIT};
	size_t i = 0;
	long line = 1;
	int first = 1, rc = 0;
	while (i < len && !rc) {
		row r = {{0}, {0}, 0};
		long row_line = line;
		if (t[i] == '#' || t[i] == '\n') { /* comment or blank line */
			const char *nl = memchr(t + i, '\n', len - i);
			i = nl ? (size_t)(nl - t) + 1 : len;
			line++;
			continue;
		}
		for (;;) {
			int k = r.n < 4 ? r.n : 3;
			if (i < len && t[i] == '"') {
				bt_buf *b = &scratch[k];
				bt_buf_clear(b);
				i++;
				for (;;) {
					if (i >= len) {
						rc = bt_fail(BT_EINPUT, es->path, row_line, -1, "unterminated quoted field");
						goto done;
					}
					if (t[i] == '"' && i + 1 < len && t[i + 1] == '"')
						rc = bt_buf_put(b, "\"", 1), i += 2;
					else if (t[i] == '"')
						break;
					else
						line += t[i] == '\n', rc = bt_buf_put(b, t + i, 1), i++;
					if (rc)
						goto done;
				}
				i++; /* closing quote */
				if (i < len && t[i] != ',' && t[i] != '\n') {
					rc = bt_fail(BT_EINPUT, es->path, line, -1, "text after a closing quote");
					goto done;
				}
				r.f[k] = b->ptr ? b->ptr : "", r.len[k] = b->len;
			} else {
				size_t a = i;
				while (i < len && t[i] != ',' && t[i] != '\n')
					i++;
				r.f[k] = t + a, r.len[k] = i - a;
			}
			r.n++;
			if (i < len && t[i] == ',') {
				i++;
				continue;
			}
			break;
		}
		if (i < len && t[i] == '\n')
			i++, line++;
		if ((rc = take_row(es, &r, row_line, &first, &reverse)) != 0)
			goto done;
	}
done:
	for (int k = 0; k < 4; k++)
		bt_buf_dispose(&scratch[k]);
	return rc;
}

/* Does a TBX language tag belong to `lang` (nl matches nl, nl-NL, NL-be)? */
static int lang_matches(const char *tag, const char *lang)
{
	size_t n = strlen(lang);
	return strncasecmp(tag, lang, n) == 0 && (tag[n] == '\0' || tag[n] == '-' || tag[n] == '_');
}

static int on_concept(void *ud, const char *id, const bt_tbx_term *terms, size_t n)
{
	entries *es = ud;
	const char *sl = es->src_lang, *tl = es->tgt_lang;
	size_t pairs = 0;
	int rc;
	(void)id;
	for (size_t i = 0; i < n; i++) {
		if (!lang_matches(terms[i].lang, sl))
			continue;
		for (size_t j = 0; j < n; j++) {
			if (!lang_matches(terms[j].lang, tl))
				continue;
			if ((rc = push(es, terms[i].term, strlen(terms[i].term), terms[j].term, strlen(terms[j].term),
				       terms[j].note ? terms[j].note : terms[i].note,
				       terms[j].note ? strlen(terms[j].note) : terms[i].note ? strlen(terms[i].note) : 0,
				       terms[i].line)) != 0)
				return rc;
			pairs++;
		}
	}
	if (!pairs)
		es->l->skipped++;
	return 0;
}

static int read_freedict(entries *es, const char *path, int reverse)
{
	bt_dict *d = NULL;
	int rc = bt_dict_new(&d);
	if (!rc)
		rc = bt_dict_load_freedict(d, path, reverse);
	for (size_t i = 0; !rc && i < bt_dict_n(d); i++) {
		size_t sl, tl;
		uint32_t it = 0;
		const char *s = bt_dict_source(d, i, &sl), *t;
		while (!rc && (t = bt_dict_next(d, i, &it, &tl)) != NULL)
			rc = push(es, s, sl, t, tl, NULL, 0, -1);
	}
	bt_dict_free(d);
	return rc;
}

static const char *format_of(const char *path, const char *format)
{
	const char *dot = strrchr(path, '.');
	if (format)
		return format;
	if (dot && (strcasecmp(dot, ".tbx") == 0 || strcasecmp(dot, ".xml") == 0))
		return "tbx";
	if (dot && strcasecmp(dot, ".csv") == 0)
		return "csv";
	if (dot && strcasecmp(dot, ".index") == 0)
		return "freedict";
	return "tsv";
}

static int read_entries(entries *es, const char *path, const bt_glossary_import_opts *opts)
{
	const char *fmt = format_of(path, opts->format);
	bt_buf raw = BT_BUF_INIT, text = BT_BUF_INIT;
	bt_decode_opts dopts = BT_DECODE_OPTS_INIT;
	int rc;

	if (strcmp(fmt, "tbx") == 0)
		return bt_tbx_read(path, on_concept, es);
	if (strcmp(fmt, "freedict") == 0)
		return read_freedict(es, path, opts->reverse);
	if (strcmp(fmt, "tsv") != 0 && strcmp(fmt, "csv") != 0)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown glossary format '%s' (tsv, csv, tbx, freedict)", fmt);
	dopts.encoding = opts->encoding;
	dopts.name = path;
	/* the size first: a huge (or sparse) file is refused unread */
	if ((rc = bt_read_file_max(&raw, path, BT_MAX_DOCUMENT)) == 0 &&
	    (rc = bt_decode(&text, NULL, raw.ptr, raw.len, &dopts)) == 0)
		rc = fmt[0] == 't' ? parse_tsv(es, text.ptr, text.len, opts->reverse)
				   : parse_csv(es, text.ptr, text.len, opts->reverse);
	bt_buf_dispose(&raw);
	bt_buf_dispose(&text);
	return rc;
}

int bt_gloss_read(bt_gloss_list *out, const char *path, const char *src_lang, const char *tgt_lang,
		  const bt_glossary_import_opts *opts)
{
	static const bt_glossary_import_opts defaults = BT_GLOSSARY_IMPORT_OPTS_INIT;
	const char *slash = strrchr(path, '/');
	entries es = {out, src_lang, tgt_lang, path, slash ? slash + 1 : path};
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = read_entries(&es, path, opts ? opts : &defaults)) != 0)
		bt_gloss_list_dispose(out);
	return rc;
}

/* ---- export ---- */

struct bt_gloss_writer {
	bt_outfile *o;
	bt_tbx_writer *tbx;
	char src_lang[32], tgt_lang[32];
	int csv;
	bt_buf line;
	char last_src[MAX_FIELD + 1];
	unsigned long concepts;
};

static int csv_field(bt_buf *b, const char *s)
{
	int rc = 0;
	if (!strpbrk(s, ",\"\n"))
		return bt_buf_puts(b, s);
	rc = bt_buf_put(b, "\"", 1);
	for (; !rc && *s; s++)
		rc = *s == '"' ? bt_buf_put(b, "\"\"", 2) : bt_buf_put(b, s, 1);
	return rc ? rc : bt_buf_put(b, "\"", 1);
}

static int export_row(bt_gloss_writer *x, const bt_glossary_entry *e)
{
	const char *sep = x->csv ? "," : "\t";
	int rc;
	bt_buf_clear(&x->line);
	if (x->csv) {
		if ((rc = csv_field(&x->line, e->src)) || (rc = bt_buf_puts(&x->line, sep)) ||
		    (rc = csv_field(&x->line, e->tgt)) || (rc = bt_buf_puts(&x->line, sep)) ||
		    (rc = csv_field(&x->line, e->note ? e->note : "")))
			return rc;
	} else if ((rc = bt_buf_printf(&x->line, "%s\t%s\t%s", e->src, e->tgt, e->note ? e->note : "")) != 0) {
		return rc;
	}
	if ((rc = bt_buf_put(&x->line, "\n", 1)) != 0)
		return rc;
	return bt_outfile_write(x->o, x->line.ptr, x->line.len);
}

static int export_tbx(bt_gloss_writer *x, const bt_glossary_entry *e)
{
	bt_tbx_term t;
	int rc;
	/* one concept per source term, with all its translations */
	if (strcmp(x->last_src, e->src) != 0) {
		char id[32];
		snprintf(id, sizeof id, "g%lu", ++x->concepts);
		if ((rc = bt_tbx_concept(x->tbx, id, NULL)) != 0)
			return rc;
		snprintf(x->last_src, sizeof x->last_src, "%s", e->src);
		t = (bt_tbx_term){x->src_lang, e->src, NULL, -1, -1, NULL, NULL};
		if ((rc = bt_tbx_term_write(x->tbx, &t)) != 0)
			return rc;
	}
	t = (bt_tbx_term){x->tgt_lang, e->tgt, e->note, -1, -1, NULL, NULL};
	return bt_tbx_term_write(x->tbx, &t);
}

int bt_gloss_write(void *ud, const bt_glossary_entry *e)
{
	bt_gloss_writer *x = ud;
	return x->tbx ? export_tbx(x, e) : export_row(x, e);
}

int bt_gloss_writer_open(bt_gloss_writer **out, const char *path, const char *format, const char *src_lang,
			 const char *tgt_lang)
{
	bt_gloss_writer *x;
	int rc;
	*out = NULL;
	if (strcmp(format, "tsv") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "tbx") != 0)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "unknown glossary format '%s' (tsv, csv, tbx)", format);
	if (!(x = bt_malloc(sizeof *x)))
		return bt_fail_nomem();
	memset(x, 0, sizeof *x);
	snprintf(x->src_lang, sizeof x->src_lang, "%s", src_lang);
	snprintf(x->tgt_lang, sizeof x->tgt_lang, "%s", tgt_lang);
	x->csv = strcmp(format, "csv") == 0;
	if ((rc = bt_outfile_open(&x->o, path)) != 0)
		goto fail;
	if (format[1] == 'b') {
		char title[96];
		snprintf(title, sizeof title, "bitext glossary %s-%s", src_lang, tgt_lang);
		rc = bt_tbx_writer_open(&x->tbx, x->o, title, src_lang);
	} else {
		/* the header row names the languages, so a re-import knows
		 * the direction */
		if ((rc = bt_buf_printf(&x->line, "%s%s%s%snote\n", src_lang, x->csv ? "," : "\t", tgt_lang,
					x->csv ? "," : "\t")) == 0)
			rc = bt_outfile_write(x->o, x->line.ptr, x->line.len);
	}
	if (rc)
		goto fail;
	*out = x;
	return 0;
fail:
	bt_gloss_writer_free(x);
	return rc;
}

int bt_gloss_writer_commit(bt_gloss_writer *x)
{
	int rc = x->tbx ? bt_tbx_writer_finish(x->tbx) : 0;
	return rc ? rc : bt_outfile_commit(x->o);
}

void bt_gloss_writer_free(bt_gloss_writer *x)
{
	if (!x)
		return;
	bt_tbx_writer_free(x->tbx);
	bt_outfile_free(x->o);
	bt_buf_dispose(&x->line);
	bt_free(x);
}
