/* xliff_import.c: a bilingual XLIFF file stored as one pair (bitext.h,
 * bt_xliff_import()). The CAT tool has segmented and aligned both sides
 * already, so its segments become the pair's links as they are; the bulk
 * writer of the TMX import stores them, with the documents' format
 * "xliff" marking where the links came from, and each segment's state and
 * notes as the TMX metadata of its link (a TMX export writes them). */
#include "alloc.h"
#include "error.h"
#include "esc.h"
#include "store.h"
#include "tmx.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define MAX_STATES 16

typedef struct {
	const char *name[MAX_STATES];
	unsigned long long n[MAX_STATES], other;
} state_tally;

/* The primary language subtag, lower case: "nl-NL" -> "nl". */
static void primary(char out[16], const char *tag)
{
	size_t i = 0;
	for (; tag[i] && tag[i] != '-' && tag[i] != '_' && i < 15; i++)
		out[i] = (char)tolower((unsigned char)tag[i]);
	out[i] = '\0';
}

/* A declared language that is not the corpus's: refused (an undeclared
 * target language is taken as the corpus's). */
static int check_lang(const char *path, const char *side, const char *declared, const char *corpus)
{
	char a[16], b[16];
	if (!declared[0])
		return 0;
	primary(a, declared);
	primary(b, corpus);
	if (strcmp(a, b) == 0)
		return 0;
	return bt_fail(BT_EINPUT, path, -1, -1,
		       "the file's %s language is %s, the corpus's is %s: this is not a translation of this corpus", side,
		       declared, corpus);
}

static void tally(state_tally *t, const char *state)
{
	for (int i = 0; i < MAX_STATES; i++) {
		if (!t->name[i])
			t->name[i] = state;
		if (strcmp(t->name[i], state) == 0) {
			t->n[i]++;
			return;
		}
	}
	t->other++;
}

static void tally_print(const state_tally *t, char *out, size_t size)
{
	size_t at = 0;
	out[0] = '\0';
	for (int i = 0; i < MAX_STATES && t->name[i] && at < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%llu %s", at ? ", " : "", t->n[i],
				       t->name[i][0] ? t->name[i] : "(no state)");
	if (t->other && at < size)
		snprintf(out + at, size - at, "%s%llu of other states", at ? ", " : "", t->other);
}

/* Which codes of a side pair up, into m[0, n) (m[n, 2n) is scratch): an
 * opening code and the closing one that ends it share a number from 1;
 * one whose partner is not in the segment gets -1; a code alone, 0. */
static int pair_codes(int **match, size_t *cap, const bt_run *runs, size_t n)
{
	size_t top = 0;
	int next = 0, *m;
	if (n > *cap) {
		int *v = bt_realloc(*match, 2 * n * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		*match = v, *cap = n;
	}
	m = *match;
	/* the second half of the array is the stack of open codes */
	for (size_t i = 0; i < n; i++) {
		m[i] = 0;
		if (runs[i].kind != BT_RUN_CODE)
			continue;
		if (runs[i].flags & BT_RUN_OPEN) {
			m[n + top++] = (int)i;
			m[i] = -1;
		} else if (runs[i].flags & BT_RUN_CLOSE) {
			if (top) {
				m[m[n + --top]] = ++next;
				m[i] = next;
			} else {
				m[i] = -1;
			}
		}
	}
	return 0;
}

/* XLIFF 1.2's <bpt>, <ept>, <ph> and <it> are TMX's own elements: their
 * content is the native code. When `code` (the element as the file wrote
 * it) is one of them with text content, *content gets that content (XML,
 * escaped as written) and *ctype its ctype's value (or NULL); else 0. */
static int native_code(const char *code, size_t len, const char **content, size_t *content_len,
		       const char **ctype, size_t *ctype_len)
{
	static const char *const names[] = {"bpt", "ept", "ph", "it"};
	const char *gt = memchr(code, '>', len), *end, *ct;
	size_t k = strcspn(code + 1, " \t\n/>");
	int known = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		known |= code[0] == '<' && k == strlen(names[i]) && memcmp(code + 1, names[i], k) == 0;
	if (!known || !gt || gt[-1] == '/' || len < 4 || code[len - 1] != '>')
		return 0;
	for (end = code + len - 1; end > gt && *end != '<'; end--)
		;
	/* only text: an element inside (2.x-style <sub> holding codes) is not
	 * TMX's, so the whole element is kept as the code then */
	if (end <= gt || memchr(gt + 1, '<', (size_t)(end - gt - 1)))
		return 0;
	*content = gt + 1;
	*content_len = (size_t)(end - gt - 1);
	*ctype = NULL;
	*ctype_len = 0;
	for (ct = code; (ct = strstr(ct, " ctype=\"")) != NULL && ct < gt; ct += 8) {
		const char *q = memchr(ct + 8, '"', (size_t)(gt - ct - 8));
		if (q) {
			*ctype = ct + 8;
			*ctype_len = (size_t)(q - ct - 8);
		}
		break;
	}
	return 1;
}

/* One code as a TMX inline element `el` (with its i= or pos= in `head`). */
static int put_code(bt_buf *out, const char *el, const char *head, const bt_run *ru)
{
	const char *content, *ctype;
	size_t n, ctn;
	int rc;
	if (native_code(ru->text, ru->len, &content, &n, &ctype, &ctn)) {
		if ((rc = bt_buf_printf(out, "<%s%s", el, head)) != 0 ||
		    (ctype && strcmp(el, "ept") != 0 &&
		     (rc = bt_buf_printf(out, " type=\"%.*s\"", (int)ctn, ctype)) != 0) ||
		    (rc = bt_buf_puts(out, ">")) != 0 || (rc = bt_buf_put(out, content, n)) != 0)
			return rc;
	} else if ((rc = bt_buf_printf(out, "<%s%s>", el, head)) != 0 ||
		   (rc = bt_tmx_escape(out, ru->text, ru->len, 0, NULL)) != 0) {
		return rc;
	}
	return bt_buf_printf(out, "</%s>", el);
}

/* A side's <seg> content as TMX 1.4b has it: the text escaped, each code
 * a TMX inline element: <bpt i>/<ept i> for a span that opens and closes
 * in the segment, <it pos> for one that does not, <ph> for a code alone.
 * Its content is the native code where the XLIFF element has one, else
 * the XLIFF element as the file wrote it. */
static int side_seg(bt_buf *out, const bt_run *runs, size_t n, const int *m)
{
	char head[32];
	int rc = 0;
	bt_buf_clear(out);
	for (size_t i = 0; i < n && !rc; i++) {
		const bt_run *ru = &runs[i];
		int open = (ru->flags & BT_RUN_OPEN) != 0;
		if (ru->kind == BT_RUN_TEXT) {
			rc = bt_tmx_escape(out, ru->text, ru->len, 0, NULL);
			continue;
		}
		if (m[i] > 0)
			snprintf(head, sizeof head, " i=\"%d\"", m[i]);
		else if (m[i] < 0)
			snprintf(head, sizeof head, " pos=\"%s\"", open ? "begin" : "end");
		else
			head[0] = '\0';
		rc = put_code(out, m[i] > 0 ? (open ? "bpt" : "ept") : m[i] < 0 ? "it" : "ph", head, ru);
	}
	if (!rc && !out->ptr)
		rc = bt_buf_put(out, "", 0);
	return rc;
}

/* Buffers a side's text goes through, reused from segment to segment. */
typedef struct {
	bt_buf flat;
	int *match;
	size_t match_cap;
} side_bufs;

/* One side's stored text (the plain text, trimmed) and, when that text
 * escaped is not what the file had (inline codes, line breaks, white space
 * at the ends), the <seg> to keep for a TMX export in `seg` (else it is
 * left empty). Its codes are counted in *codes. */
static int side_text(bt_buf *out, bt_buf *seg, const bt_run *runs, size_t n, size_t *codes, side_bufs *sb)
{
	size_t a = 0, b;
	int rc;
	bt_buf_clear(out);
	bt_buf_clear(seg);
	*codes = 0;
	for (size_t i = 0; i < n; i++)
		*codes += runs[i].kind == BT_RUN_CODE;
	if ((rc = bt_xliff_plain(out, runs, n)) != 0 || !out->ptr)
		return rc;
	b = out->len;
	while (a < b && strchr(" \t\n\r", out->ptr[a]))
		a++;
	while (b > a && strchr(" \t\n\r", out->ptr[b - 1]))
		b--;
	memmove(out->ptr, out->ptr + a, b - a);
	out->len = b - a;
	out->ptr[out->len] = '\0';
	if (!n || (rc = pair_codes(&sb->match, &sb->match_cap, runs, n)) != 0 ||
	    (rc = side_seg(seg, runs, n, sb->match)) != 0)
		return rc;
	/* what an export writes without a kept <seg> */
	bt_buf_clear(&sb->flat);
	if ((rc = bt_tmx_escape(&sb->flat, out->ptr, out->len, BT_TMX_FLAT, NULL)) != 0)
		return rc;
	if (sb->flat.len == seg->len && (!seg->len || memcmp(sb->flat.ptr, seg->ptr, seg->len) == 0))
		bt_buf_clear(seg);
	return 0;
}

/* The link's TMX metadata: the segment's state as a <prop>, the unit's
 * notes (the translator's context) as a <note>. */
static int unit_meta(bt_buf *out, const bt_xliff_seg *e)
{
	int rc = 0;
	bt_buf_clear(out);
	if (e->state[0] &&
	    ((rc = bt_buf_puts(out, "<prop type=\"x-xliff-state\">")) != 0 ||
	     (rc = bt_tmx_escape(out, e->state, strlen(e->state), BT_TMX_FLAT, NULL)) != 0 ||
	     (rc = bt_buf_puts(out, "</prop>")) != 0))
		return rc;
	if (e->notes[0] &&
	    ((rc = bt_buf_puts(out, out->len ? "\n      <note>" : "<note>")) != 0 ||
	     (rc = bt_tmx_escape(out, e->notes, strlen(e->notes), 0, NULL)) != 0 ||
	     (rc = bt_buf_puts(out, "</note>")) != 0))
		return rc;
	return 0;
}

/* An untranslated segment: counted, the first one named. */
static void untranslated(bt_xliff_import_result *res, const bt_xliff_seg *e)
{
	if (!res->untranslated++) {
		snprintf(res->first_untranslated, sizeof res->first_untranslated, "%s", e->id);
		res->first_untranslated_line = e->line;
	}
}

/* The units to store, staged in one arena first: the bulk writer borrows
 * the texts until it writes a batch, so they must stay where they are. */
typedef struct {
	size_t off[5], len[5]; /* source, target, state prop, source and target
				  <seg> ("" when none) */
} staged;

typedef struct {
	bt_buf s, g, prop, seg[2], arena;
	side_bufs sb;
	staged *v;
	size_t n, cap;
	state_tally t;
} import_bufs;

static int stage_put(import_bufs *w, int k, const bt_buf *b)
{
	staged *u = &w->v[w->n];
	u->off[k] = w->arena.len;
	u->len[k] = b->len;
	int rc = bt_buf_put(&w->arena, b->ptr ? b->ptr : "", b->len);
	return rc ? rc : bt_buf_put(&w->arena, "", 1); /* NUL-terminated: the prop is a C string */
}

/* One translated segment staged. */
static int stage(import_bufs *w, const bt_xliff_seg *e)
{
	int rc;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 1024;
		staged *v = bt_realloc(w->v, cap * sizeof *v);
		if (!v)
			return bt_fail_nomem();
		w->v = v, w->cap = cap;
	}
	if ((rc = unit_meta(&w->prop, e)) != 0 || (rc = stage_put(w, 0, &w->s)) != 0 ||
	    (rc = stage_put(w, 1, &w->g)) != 0 || (rc = stage_put(w, 2, &w->prop)) != 0 ||
	    (rc = stage_put(w, 3, &w->seg[0])) != 0 || (rc = stage_put(w, 4, &w->seg[1])) != 0)
		return rc;
	w->n++;
	return 0;
}

/* 1 when a side's text is only marks of codes (U+FFFC) and white space:
 * a segment of codes alone has no text. */
static int no_text(const bt_buf *b)
{
	for (size_t i = 0; i < b->len;) {
		if (b->len - i >= 3 && memcmp(b->ptr + i, "\xEF\xBF\xBC", 3) == 0)
			i += 3;
		else if (strchr(" \t\n\r", b->ptr[i]))
			i++;
		else
			return 0;
	}
	return 1;
}

/* One segment staged, or counted as skipped. */
static int stage_seg(const char *path, const bt_xliff_seg *e, bt_xliff_import_result *res, import_bufs *w)
{
	size_t codes[2];
	int rc;
	/* translate-toolkit writes a PO file's header (project, translator,
	 * plural forms) as a unit: metadata, not text of the document */
	if (strcmp(e->restype, "x-gettext-domain-header") == 0) {
		res->headers++;
		return 0;
	}
	if ((rc = side_text(&w->s, &w->seg[0], e->src, e->n_src, &codes[0], &w->sb)) != 0 ||
	    (rc = side_text(&w->g, &w->seg[1], e->tgt, e->tgt ? e->n_tgt : 0, &codes[1], &w->sb)) != 0)
		return rc;
	if (no_text(&w->s)) {
		res->empty++;
		return 0;
	}
	if (no_text(&w->g)) {
		untranslated(res, e);
		return 0;
	}
	if (w->s.len > BT_MAX_SEGMENT || w->g.len > BT_MAX_SEGMENT)
		return bt_fail(BT_ELIMIT, path, e->line, -1, "a segment of %zu bytes: the most a segment may have is %d",
			       w->s.len > w->g.len ? w->s.len : w->g.len, BT_MAX_SEGMENT);
	/* a target that is its source word for word: how OmegaT writes a
	 * segment nobody translated (and a name or a number may be right so) */
	if (w->s.len == w->g.len && memcmp(w->s.ptr, w->g.ptr, w->s.len) == 0 && !res->same++) {
		snprintf(res->first_same, sizeof res->first_same, "%s", e->id);
		res->first_same_line = e->line;
	}
	tally(&w->t, e->state);
	res->units++;
	res->codes += codes[0] + codes[1];
	res->coded += (codes[0] != 0) + (codes[1] != 0);
	return stage(w, e);
}

/* The staged units into the bulk writer's current pair. */
static int store_staged(bt_store_bulk *bulk, const import_bufs *w)
{
	const char *a = w->arena.ptr;
	int rc = 0;
	for (size_t i = 0; i < w->n && !rc; i++) {
		const staged *u = &w->v[i];
		bt_store_tmx_unit x;
		memset(&x, 0, sizeof x);
		x.body = a + u->off[2];
		x.tuv[0].seg = u->len[3] ? a + u->off[3] : NULL;
		x.tuv[1].seg = u->len[4] ? a + u->off[4] : NULL;
		rc = bt_store_bulk_unit(bulk, a + u->off[0], u->len[0], a + u->off[1], u->len[1],
					bt_store_bulk_next_link(bulk), 1.0, 0,
					u->len[2] || u->len[3] || u->len[4] ? &x : NULL);
	}
	return rc ? rc : bt_store_bulk_flush(bulk);
}

/* Why nothing or not everything could be stored. */
static int check_stored(const char *path, const bt_xliff *x, const bt_xliff_import_result *res, int all_translated)
{
	if (!x->n_segs)
		return bt_fail(BT_EINPUT, path, -1, -1, "no translation units: nothing to add");
	if (res->untranslated && (all_translated || !res->units))
		return bt_fail(BT_EINPUT, path, res->first_untranslated_line, -1,
			       "%llu of %zu segments have no translation, the first unit '%s'%s", res->untranslated,
			       x->n_segs, res->first_untranslated,
			       res->units ? " (--all-translated)" : ": nothing to add");
	if (!res->units)
		return bt_fail(BT_EINPUT, path, -1, -1, "every segment's source has no text: nothing to add");
	return 0;
}

static int import_read(bt_xliff_import_result *res, bt_corpus *c, const char *pair_id, const char *path,
		       const bt_xliff *x, int all_translated)
{
	bt_store_bulk *bulk = NULL;
	import_bufs w;
	int rc, what = 0;
	memset(&w, 0, sizeof w);
	if ((rc = check_lang(path, "source", x->src_lang, bt_corpus_src_lang(c))) != 0 ||
	    (rc = check_lang(path, "target", x->tgt_lang, bt_corpus_tgt_lang(c))) != 0)
		return rc;
	for (size_t i = 0; i < x->n_segs && !rc; i++)
		rc = stage_seg(path, &x->segs[i], res, &w);
	if (!rc && (rc = check_stored(path, x, res, all_translated)) == 0 &&
	    (rc = bt_store_bulk_begin(&bulk, c, path)) == 0) {
		bt_store_bulk_set_format(bulk, "xliff");
		bt_store_bulk_tags(bulk, x->src_lang[0] ? x->src_lang : NULL, x->tgt_lang[0] ? x->tgt_lang : NULL);
		if ((rc = bt_store_bulk_pair(bulk, pair_id, NULL, "UTF-8", BT_BULK_REPLACE, &what)) == 0 &&
		    (rc = store_staged(bulk, &w)) == 0)
			rc = bt_store_bulk_commit(bulk);
	}
	bt_store_bulk_free(bulk); /* rolls back what did not commit */
	res->replaced = what == BT_BULK_REPLACED;
	tally_print(&w.t, res->states, sizeof res->states);
	bt_buf_dispose(&w.s);
	bt_buf_dispose(&w.g);
	bt_buf_dispose(&w.prop);
	bt_buf_dispose(&w.seg[0]);
	bt_buf_dispose(&w.seg[1]);
	bt_buf_dispose(&w.sb.flat);
	bt_free(w.sb.match);
	bt_buf_dispose(&w.arena);
	bt_free(w.v);
	return rc;
}

int bt_xliff_import(bt_xliff_import_result *res, bt_corpus *c, const char *pair_id, const char *path,
		    const bt_xliff_import_opts *opts)
{
	bt_xliff_import_result local;
	bt_buf raw = BT_BUF_INIT;
	bt_xliff x = BT_XLIFF_INIT;
	int rc, fmt;
	BT_OPTS_CHECK(opts, BT_XLIFF_IMPORT_OPTS_VERSION, "bt_xliff_import");
	if (!res)
		res = &local;
	memset(res, 0, sizeof *res);
	if (!pair_id || !pair_id[0] || strlen(pair_id) > 200)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad pair id '%s' (1 to 200 characters)", pair_id ? pair_id : "");
	if ((rc = bt_esc_check_id("pair id", pair_id, NULL, -1)) != 0)
		return rc;
	if ((rc = bt_read_file_max(&raw, path, (size_t)BT_MAX_DOCUMENT)) != 0)
		return rc;
	fmt = bt_format_detect(raw.ptr, raw.len);
	if (fmt != BT_FORMAT_XLIFF)
		rc = bt_fail(BT_EINPUT, path, -1, -1,
			     "a %s file, not XLIFF: `bitext add` takes one XLIFF file or two documents (SRC_FILE TGT_FILE)",
			     bt_format_name(fmt));
	else if ((rc = bt_xliff_read(&x, raw.ptr, raw.len, path)) == 0) {
		snprintf(res->version, sizeof res->version, "%s", x.version);
		snprintf(res->dialect, sizeof res->dialect, "%s", x.dialect);
		snprintf(res->src_lang, sizeof res->src_lang, "%s", x.src_lang);
		snprintf(res->tgt_lang, sizeof res->tgt_lang, "%s", x.tgt_lang);
		rc = import_read(res, c, pair_id, path, &x, opts && opts->all_translated);
	}
	bt_xliff_dispose(&x);
	bt_buf_dispose(&raw);
	if (rc)
		res->units = res->empty = res->codes = 0;
	return rc;
}
