/* map_pair.c: one input line -> one output line (map.h). JSON is read and
 * written with jansson; the text work is bitext-core's. */
#include "map.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>

const char *const bt_map_kind_names[BT_MAP_NKINDS] = {"json", "too_long", "field", "lang", "text", "align"};

/* Rules and glossaries loaded once and kept for the lines that follow:
 * they change how fast a line is mapped, never what comes out. */
#define CACHE_MAX 16
typedef struct seg_cache {
	char lang[32];
	bt_segmenter *sg;
} seg_cache;
typedef struct al_cache {
	char src[32], tgt[32];
	bt_aligner *a;
} al_cache;

/* One side of the pair at hand. */
typedef struct side {
	const char *in; /* the input string, borrowed from the parsed line */
	size_t in_len;
	const char *lang;
	bt_buf text;
	bt_decode_info info;
	char date[16];
	size_t body;
	bt_spans spans;
	const char **ptr;
	size_t *len;
	int *kind;
	unsigned *para;
	size_t cap;
} side;

struct bt_map {
	bt_map_opts o;
	seg_cache seg[CACHE_MAX];
	size_t nseg;
	al_cache al[CACHE_MAX];
	size_t nal;
	bt_map_names *names;
	side s[2];
	bt_links links;
};

int bt_map_open(bt_map **out, const bt_map_opts *opts)
{
	bt_map *m = bt_calloc(1, sizeof *m);
	*out = NULL;
	if (!m)
		return BT_ENOMEM;
	m->o = *opts;
	if (!m->o.max_sentences)
		m->o.max_sentences = BT_MAP_MAX_SENTENCES_DEFAULT;
	*out = m;
	return 0;
}

static void caches_clear(bt_map *m)
{
	for (size_t i = 0; i < m->nseg; i++)
		bt_segmenter_free(m->seg[i].sg);
	for (size_t i = 0; i < m->nal; i++)
		bt_aligner_free(m->al[i].a);
	m->nseg = m->nal = 0;
}

void bt_map_free(bt_map *m)
{
	if (!m)
		return;
	caches_clear(m);
	bt_map_names_free(m->names);
	for (int k = 0; k < 2; k++) {
		side *s = &m->s[k];
		bt_buf_dispose(&s->text);
		bt_spans_dispose(&s->spans);
		bt_free(s->ptr);
		bt_free(s->len);
		bt_free(s->kind);
		bt_free(s->para);
	}
	bt_links_dispose(&m->links);
	bt_free(m);
}

/* ---- errors --------------------------------------------------------- */

static int line_error(bt_map_err *err, int kind, long long byte, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* A message quotes the line (a language tag, a date) cut to a length, and
 * a cut can split a UTF-8 sequence: such bytes become '?', so that the
 * error object is valid JSON whatever was quoted. */
static void utf8_clean(char *s)
{
	for (size_t i = 0; s[i];) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		size_t k = 1;
		while (n > 1 && k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80)
			k++;
		if (n == 0 || k < n || (n == 2 && c < 0xC2)) {
			s[i++] = '?';
			continue;
		}
		i += n;
	}
}

static int line_error(bt_map_err *err, int kind, long long byte, const char *fmt, ...)
{
	va_list ap;
	err->kind = kind;
	err->byte = byte;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	utf8_clean(err->msg);
	return 1;
}

/* The library's last error as the line's error of `kind`. */
static int core_error(bt_map_err *err, int kind, const char *what)
{
	const bt_error *e = bt_error_last();
	if (e->code == BT_ENOMEM)
		return BT_ENOMEM;
	return line_error(err, kind, -1, "%s%s", what, e->msg[0] ? e->msg : "failed");
}

/* ---- writing -------------------------------------------------------- */

static int dump_cb(const char *buffer, size_t size, void *data)
{
	return bt_buf_put(data, buffer, size) == 0 ? 0 : -1;
}

/* Appends v as one compact line. Reals get 17 significant digits: the
 * score read back is the same double, so a corpus built from the output
 * holds what aligning in one process would have stored. */
static int dump_line(bt_buf *out, json_t *v)
{
	size_t before = out->len;
	int rc = v ? json_dump_callback(v, dump_cb, out, JSON_COMPACT | JSON_REAL_PRECISION(17)) : -1;
	json_decref(v);
	if (rc != 0 || bt_buf_put(out, "\n", 1) != 0) {
		out->len = before;
		return BT_ENOMEM;
	}
	return 0;
}

/* Sets o[k] = v (taking v); a NULL v is out of memory: -1. */
static int put(json_t *o, const char *k, json_t *v)
{
	return v ? json_object_set_new(o, k, v) : -1;
}

static int put_text(json_t *o, const char *k, const char *s, size_t len)
{
	return put(o, k, json_stringn(s, len));
}

static int error_object(bt_buf *out, const char *id, const bt_map_err *err)
{
	json_t *root = json_object(), *e = json_object();
	int bad = !root || !e;
	if (!bad)
		bad |= put(root, "id", id ? json_string(id) : json_null());
	if (!bad) {
		bad |= put(e, "kind", json_string(bt_map_kind_names[err->kind]));
		bad |= put(e, "message", json_string(err->msg));
		if (err->byte >= 0)
			bad |= put(e, "byte", json_integer(err->byte));
		bad |= json_object_set(root, "error", e);
	}
	json_decref(e);
	if (bad) {
		json_decref(root);
		return BT_ENOMEM;
	}
	return dump_line(out, root);
}

int bt_map_too_long(bt_map *m, bt_buf *out, size_t full, bt_map_err *err)
{
	int rc;
	line_error(err, BT_MAP_ETOOLONG, -1, "the line has %zu bytes: the most a line may have is %zu (--max-line)", full,
		   m->o.max_line);
	if ((rc = error_object(out, NULL, err)) != 0)
		return rc;
	return 1;
}

/* ---- reading the line ----------------------------------------------- */

/* The fields of a pair, borrowed from the parsed line. */
typedef struct pair_in {
	const char *id;
	const char *lang[2];
	const char *text[2];
	size_t text_len[2];
	const char *date; /* NULL when absent or null */
} pair_in;

/* A string field: 0 and *s, or 1 with the line's error. */
static int string_field(json_t *root, const char *name, int optional, const char **s, size_t *len, bt_map_err *err)
{
	json_t *v = json_object_get(root, name);
	*s = NULL;
	if (!v || (optional && json_is_null(v))) {
		if (optional)
			return 0;
		return line_error(err, BT_MAP_EFIELD, -1, "no \"%s\" field", name);
	}
	if (!json_is_string(v))
		return line_error(err, BT_MAP_EFIELD, -1, "\"%s\" must be a string", name);
	*s = json_string_value(v);
	if (len)
		*len = json_string_length(v);
	return 0;
}

/* YYYY-MM or YYYY-MM-DD, the forms of a document's date line. */
static int date_ok(const char *d)
{
	size_t n = strlen(d);
	if (n != 7 && n != 10)
		return 0;
	for (size_t k = 0; k < n; k++)
		if ((k == 4 || k == 7) ? d[k] != '-' : (d[k] < '0' || d[k] > '9'))
			return 0;
	return 1;
}

static int read_fields(json_t *root, pair_in *p, bt_map_err *err)
{
	static const char *const lang_f[2] = {"src_lang", "tgt_lang"}, *const text_f[2] = {"src", "tgt"};
	size_t idlen;
	if (string_field(root, "id", 0, &p->id, &idlen, err))
		return 1;
	if (idlen == 0 || idlen > 200 || strlen(p->id) != idlen)
		return line_error(err, BT_MAP_EFIELD, -1, "\"id\" must have 1 to 200 bytes (it has %zu)", idlen);
	for (int k = 0; k < 2; k++)
		if (string_field(root, lang_f[k], 0, &p->lang[k], NULL, err) ||
		    string_field(root, text_f[k], 0, &p->text[k], &p->text_len[k], err))
			return 1;
	if (string_field(root, "date", 1, &p->date, NULL, err))
		return 1;
	if (p->date && !date_ok(p->date))
		return line_error(err, BT_MAP_EFIELD, -1, "\"date\" must be YYYY-MM or YYYY-MM-DD, not \"%.40s\"", p->date);
	return 0;
}

/* A language is known when its tag is well formed (a primary subtag of 2
 * or 3 letters, then subtags of 1 to 8 letters or digits) and ICU knows
 * the primary subtag as an ISO 639 language. */
static int lang_known(const char *tag)
{
	char primary[4];
	size_t n = strlen(tag), p = strspn(tag, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (n > 31 || p < 2 || p > 3 || (tag[p] && tag[p] != '-'))
		return 0;
	for (size_t i = p; i < n;) {
		size_t k = strspn(tag + i + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (k < 1 || k > 8 || (tag[i + 1 + k] && tag[i + 1 + k] != '-'))
			return 0;
		i += 1 + k;
	}
	for (size_t i = 0; i < p; i++)
		primary[i] = (char)(tag[i] >= 'A' && tag[i] <= 'Z' ? tag[i] + 32 : tag[i]);
	primary[p] = '\0';
	return uloc_getISO3Language(primary)[0] != '\0';
}

static int check_langs(const bt_map *m, const pair_in *p, bt_map_err *err)
{
	static const char *const f[2] = {"src_lang", "tgt_lang"};
	for (int k = 0; k < 2; k++) {
		if (!lang_known(p->lang[k]))
			return line_error(err, BT_MAP_ELANG, -1, "%s: unknown language '%.40s' (a BCP 47 tag such as nl or en-GB)",
					  f[k], p->lang[k]);
		if (m->o.task == BT_MAP_NAMES) {
			char primary[4];
			size_t n = strcspn(p->lang[k], "-");
			snprintf(primary, sizeof primary, "%.*s", (int)n, p->lang[k]);
			for (char *c = primary; *c; c++)
				*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
			if (!bt_name_lang_known(primary))
				return line_error(err, BT_MAP_ELANG, -1,
						  "%s: no name rules for '%.40s' (there are for nl, en, de, fr, pl, ru, uk, be)",
						  f[k], p->lang[k]);
		}
	}
	return 0;
}

/* ---- the text of a side --------------------------------------------- */

static int segmenter_for(bt_map *m, const char *lang, bt_segmenter **out)
{
	int rc;
	for (size_t i = 0; i < m->nseg; i++)
		if (strcmp(m->seg[i].lang, lang) == 0)
			return *out = m->seg[i].sg, 0;
	if (m->nseg == CACHE_MAX)
		caches_clear(m); /* more languages than a corpus has: start again */
	if ((rc = bt_segmenter_open(out, lang, NULL)) != 0)
		return rc;
	snprintf(m->seg[m->nseg].lang, sizeof m->seg[m->nseg].lang, "%s", lang);
	m->seg[m->nseg++].sg = *out;
	return 0;
}

static int side_arrays(side *s)
{
	size_t n = s->spans.n ? s->spans.n : 1;
	if (n > s->cap) {
		const char **p = bt_realloc(s->ptr, n * sizeof *p);
		size_t *l = p ? bt_realloc(s->len, n * sizeof *l) : NULL;
		int *k = l ? bt_realloc(s->kind, n * sizeof *k) : NULL;
		unsigned *pa = k ? bt_realloc(s->para, n * sizeof *pa) : NULL;
		if (p)
			s->ptr = p;
		if (l)
			s->len = l;
		if (k)
			s->kind = k;
		if (!pa)
			return BT_ENOMEM;
		s->para = pa;
		s->cap = n;
	}
	for (size_t i = 0; i < s->spans.n; i++) {
		const bt_span *sp = &s->spans.v[i];
		s->ptr[i] = s->text.ptr + sp->start;
		s->len[i] = sp->end - sp->start;
		s->kind[i] = sp->kind;
		s->para[i] = sp->para;
	}
	return 0;
}

/* Decodes, strips the date line and segments one side, as `bitext add`
 * does with a file: offsets are into the decoded text, date line included. */
static int side_read(bt_map *m, side *s, const char *field, bt_map_err *err)
{
	bt_decode_opts d = BT_DECODE_OPTS_INIT;
	bt_segmenter *sg;
	const char *t;
	int rc;

	d.name = field;
	if (bt_decode(&s->text, &s->info, s->in, s->in_len, &d) != 0)
		return core_error(err, BT_MAP_ETEXT, "");
	t = s->text.ptr ? s->text.ptr : "";
	if (bt_meta_strip(s->date, &s->body, t, s->text.len) != 0)
		return core_error(err, BT_MAP_ETEXT, "");
	if (strspn(t + s->body, " \t\n") == s->text.len - s->body)
		return line_error(err, BT_MAP_ETEXT, -1, "%s: no text (only white space or a date line)", field);
	if ((rc = segmenter_for(m, s->lang, &sg)) != 0)
		return rc == BT_ENOMEM ? rc : core_error(err, BT_MAP_ELANG, "");
	if (bt_segmenter_run(&s->spans, sg, t + s->body, s->text.len - s->body) != 0)
		return core_error(err, BT_MAP_ETEXT, "");
	for (size_t i = 0; i < s->spans.n; i++) {
		bt_span *sp = &s->spans.v[i];
		sp->start += s->body;
		sp->end += s->body;
		if (sp->end - sp->start > BT_MAP_MAX_SEGMENT)
			return line_error(err, BT_MAP_ETEXT, -1,
					  "%s: segment %zu has %zu bytes: the most a segment may have is %d (text without"
					  " sentence punctuation?)",
					  field, i, sp->end - sp->start, BT_MAP_MAX_SEGMENT);
	}
	return side_arrays(s);
}

/* ---- alignment ------------------------------------------------------ */

static int aligner_for(bt_map *m, const char *src, const char *tgt, bt_aligner **out)
{
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	int rc;
	for (size_t i = 0; i < m->nal; i++)
		if (strcmp(m->al[i].src, src) == 0 && strcmp(m->al[i].tgt, tgt) == 0)
			return *out = m->al[i].a, 0;
	if (m->nal == CACHE_MAX)
		caches_clear(m);
	o.glossaries = m->o.glossaries;
	o.n_glossaries = m->o.n_glossaries;
	o.no_default_glossary = m->o.no_default_glossary;
	o.passes = m->o.passes;
	o.moves = !m->o.no_moves;
	if ((rc = bt_aligner_open(out, src, tgt, &o)) != 0)
		return rc;
	snprintf(m->al[m->nal].src, sizeof m->al[m->nal].src, "%s", src);
	snprintf(m->al[m->nal].tgt, sizeof m->al[m->nal].tgt, "%s", tgt);
	m->al[m->nal++].a = *out;
	return 0;
}

static int align_pair(bt_map *m, bt_map_err *err)
{
	side *s = &m->s[0], *t = &m->s[1];
	bt_aligner *a;
	int rc;
	if (s->spans.n > m->o.max_sentences || t->spans.n > m->o.max_sentences)
		return line_error(err, BT_MAP_EALIGN, -1,
				  "%zu source and %zu target sentences: the most the mapper aligns is %zu a side"
				  " (--max-sentences)",
				  s->spans.n, t->spans.n, m->o.max_sentences);
	if ((rc = aligner_for(m, s->lang, t->lang, &a)) != 0)
		return rc == BT_ENOMEM ? rc : core_error(err, BT_MAP_EALIGN, "cannot align: ");
	{
		bt_sentences ss = {s->ptr, s->len, s->spans.n, s->kind, s->para};
		bt_sentences ts = {t->ptr, t->len, t->spans.n, t->kind, t->para};
		if (bt_align(&m->links, a, &ss, &ts) != 0)
			return core_error(err, BT_MAP_EALIGN, "cannot align: ");
	}
	return 0;
}

/* ---- the output line ------------------------------------------------ */

static const char *kind_name(int kind)
{
	return kind == BT_SEG_HEADING ? "heading" : "sentence";
}

/* The names of segment `seg` from the finder's list (sorted by segment,
 * then position; *at walks it). */
static json_t *segment_names(const bt_map *m, int k, size_t seg, size_t *at)
{
	size_t n;
	const bt_map_name *v = bt_map_names_side(m->names, k, &n);
	const char *keys = bt_map_names_keys(m->names), *t = m->s[k].text.ptr;
	json_t *a = json_array();
	int bad = !a;
	for (; !bad && *at < n && v[*at].seg == seg; (*at)++) {
		json_t *o = json_object();
		bad = !o;
		if (!bad) {
			bad |= put(o, "start", json_integer((json_int_t)v[*at].start));
			bad |= put(o, "end", json_integer((json_int_t)v[*at].end));
			bad |= put_text(o, "text", t + v[*at].start, v[*at].end - v[*at].start);
			bad |= put_text(o, "key", keys + v[*at].key_off, v[*at].key_len);
			bad |= json_array_append_new(a, o);
		}
	}
	if (bad) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* The output line is written piece by piece: the envelope's keys here,
 * each value (a string, a number, a segment, a link) by jansson, so that
 * no more than one segment's tree is held at a time, whatever the size
 * of the pair. The bytes are those of one compact dump of the whole. */
static int emit(bt_buf *out, json_t *v)
{
	int rc = v ? json_dump_callback(v, dump_cb, out, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(17)) : -1;
	json_decref(v);
	return rc;
}

static json_t *segment_json(const bt_map *m, int k, size_t i, size_t *at)
{
	const side *s = &m->s[k];
	const bt_span *sp = &s->spans.v[i];
	json_t *g = json_object();
	int bad = !g;
	if (!bad) {
		bad |= put(g, "start", json_integer((json_int_t)sp->start));
		bad |= put(g, "end", json_integer((json_int_t)sp->end));
		bad |= put(g, "para", json_integer((json_int_t)sp->para));
		bad |= put(g, "kind", json_string(kind_name(sp->kind)));
		bad |= put_text(g, "text", s->text.ptr + sp->start, sp->end - sp->start);
		if (m->o.task == BT_MAP_NAMES)
			bad |= put(g, "names", segment_names(m, k, i, at));
	}
	if (bad) {
		json_decref(g);
		return NULL;
	}
	return g;
}

static int side_write(const bt_map *m, int k, bt_buf *out)
{
	const side *s = &m->s[k];
	size_t at = 0;
	int changed = s->text.len != s->in_len || (s->in_len && memcmp(s->text.ptr, s->in, s->in_len) != 0);
	int bad = bt_buf_puts(out, "{\"date\":") || emit(out, s->date[0] ? json_string(s->date) : json_null()) ||
		  bt_buf_puts(out, ",\"body\":") || emit(out, json_integer((json_int_t)s->body)) ||
		  bt_buf_puts(out, ",\"normalized\":") || emit(out, json_boolean(changed)) ||
		  bt_buf_puts(out, ",\"removed_controls\":") ||
		  emit(out, json_integer((json_int_t)s->info.removed_controls));
	if (!bad && m->o.with_text)
		bad = bt_buf_puts(out, ",\"text\":") || emit(out, json_stringn(s->text.ptr, s->text.len));
	bad = bad || bt_buf_puts(out, ",\"segments\":[");
	for (size_t i = 0; !bad && i < s->spans.n; i++)
		bad = (i && bt_buf_puts(out, ",")) || emit(out, segment_json(m, k, i, &at));
	return bad || bt_buf_puts(out, "]}") ? -1 : 0;
}

static int links_write(const bt_links *l, bt_buf *out)
{
	int bad = bt_buf_puts(out, "[");
	for (size_t i = 0; !bad && i < l->n; i++) {
		const bt_link *k = &l->v[i];
		json_t *o = json_object();
		bad = !o || (i && bt_buf_puts(out, ","));
		if (!bad) {
			bad |= put(o, "src_first", json_integer((json_int_t)k->src_first));
			bad |= put(o, "src_n", json_integer((json_int_t)k->src_n));
			bad |= put(o, "tgt_first", json_integer((json_int_t)k->tgt_first));
			bad |= put(o, "tgt_n", json_integer((json_int_t)k->tgt_n));
			bad |= put(o, "score", json_real(k->score));
			/* a block the translator moved: it crosses other links */
			if (k->flags & BT_LINK_MOVED)
				bad |= put(o, "moved", json_true());
		}
		if (bad) {
			json_decref(o);
			return -1;
		}
		bad = emit(out, o);
	}
	return bad || bt_buf_puts(out, "]") ? -1 : 0;
}

static int result_line(bt_map *m, bt_buf *out, const pair_in *p)
{
	const char *date = p->date ? p->date : m->s[0].date[0] ? m->s[0].date : m->s[1].date[0] ? m->s[1].date : NULL;
	size_t before = out->len;
	int bad = bt_buf_puts(out, "{\"id\":") || emit(out, json_string(p->id)) ||
		  bt_buf_puts(out, ",\"src_lang\":") || emit(out, json_string(p->lang[0])) ||
		  bt_buf_puts(out, ",\"tgt_lang\":") || emit(out, json_string(p->lang[1])) ||
		  bt_buf_puts(out, ",\"date\":") || emit(out, date ? json_string(date) : json_null()) ||
		  bt_buf_puts(out, ",\"src\":") || side_write(m, 0, out) || bt_buf_puts(out, ",\"tgt\":") ||
		  side_write(m, 1, out);
	if (!bad && m->o.task == BT_MAP_ALIGN)
		bad = bt_buf_puts(out, ",\"links\":") || links_write(&m->links, out);
	if (bad || bt_buf_puts(out, "}\n")) {
		out->len = before;
		return BT_ENOMEM;
	}
	return 0;
}

/* ---- one line ------------------------------------------------------- */

/* The parser's error in words for people; jansson's own text where it
 * is plain already. */
static int json_error(bt_map_err *err, const char *line, size_t len, const json_error_t *je)
{
	if (strspn(line, " \t\r") == len)
		return line_error(err, BT_MAP_EJSON, -1, "an empty line (a JSON object was expected)");
	switch (json_error_code(je)) {
	case json_error_null_character:
		return line_error(err, BT_MAP_EJSON, je->position, "a string holds \\u0000 (NUL is not text)");
	case json_error_duplicate_key:
		return line_error(err, BT_MAP_EJSON, je->position, "a key appears twice in the object");
	case json_error_invalid_utf8:
		return line_error(err, BT_MAP_EJSON, je->position, "invalid UTF-8 (the line must be UTF-8)");
	default:
		return line_error(err, BT_MAP_EJSON, je->position, "malformed JSON: %s", je->text);
	}
}

/* Everything between the parsed line and its output: 0 mapped, 1 a line
 * error in *err, negative for the mapper's own failure. */
static int map_pair(bt_map *m, const pair_in *p, bt_map_err *err)
{
	static const char *const field[2] = {"src", "tgt"};
	int rc;
	if ((rc = check_langs(m, p, err)) != 0)
		return rc;
	for (int k = 0; k < 2; k++) {
		m->s[k].in = p->text[k];
		m->s[k].in_len = p->text_len[k];
		m->s[k].lang = p->lang[k];
		if ((rc = side_read(m, &m->s[k], field[k], err)) != 0)
			return rc;
	}
	if (m->o.task == BT_MAP_ALIGN)
		return align_pair(m, err);
	if (m->o.task == BT_MAP_NAMES) {
		const char *text[2] = {m->s[0].text.ptr, m->s[1].text.ptr};
		const bt_spans *spans[2] = {&m->s[0].spans, &m->s[1].spans};
		if (!m->names && (rc = bt_map_names_open(&m->names)) != 0)
			return rc == BT_ENOMEM ? rc : core_error(err, BT_MAP_ELANG, "");
		if (bt_map_names_find(m->names, text, spans, p->lang) != 0)
			return core_error(err, BT_MAP_ETEXT, "names: ");
	}
	return 0;
}

int bt_map_line(bt_map *m, bt_buf *out, const char *line, size_t len, bt_map_err *err)
{
	json_error_t je;
	json_t *root;
	pair_in p;
	int rc;

	memset(&p, 0, sizeof p);
	memset(err, 0, sizeof *err);
	root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		rc = json_error(err, line, len, &je);
	else if (!json_is_object(root))
		rc = line_error(err, BT_MAP_EJSON, -1, "the line is not a JSON object");
	else if ((rc = read_fields(root, &p, err)) == 0)
		rc = map_pair(m, &p, err);
	if (rc == 0)
		rc = result_line(m, out, &p);
	else if (rc == 1) {
		const char *id = NULL;
		json_t *v = root && json_is_object(root) ? json_object_get(root, "id") : NULL;
		if (v && json_is_string(v))
			id = json_string_value(v);
		if ((rc = error_object(out, id, err)) == 0)
			rc = 1;
	}
	json_decref(root);
	return rc;
}
