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

/* One side's stored text: the plain text, trimmed; its codes counted. */
static int side_text(bt_buf *out, const bt_run *runs, size_t n, unsigned long long *codes)
{
	size_t a = 0, b;
	int rc;
	bt_buf_clear(out);
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
	size_t off[3], len[3]; /* source, target, state prop ("" when none) */
} staged;

typedef struct {
	bt_buf s, g, prop, arena;
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
	    (rc = stage_put(w, 1, &w->g)) != 0 || (rc = stage_put(w, 2, &w->prop)) != 0)
		return rc;
	w->n++;
	return 0;
}

/* One segment staged, or counted as skipped. */
static int stage_seg(const char *path, const bt_xliff_seg *e, bt_xliff_import_result *res, import_bufs *w)
{
	int rc;
	/* translate-toolkit writes a PO file's header (project, translator,
	 * plural forms) as a unit: metadata, not text of the document */
	if (strcmp(e->restype, "x-gettext-domain-header") == 0) {
		res->headers++;
		return 0;
	}
	if ((rc = side_text(&w->s, e->src, e->n_src, &res->codes)) != 0 ||
	    (rc = side_text(&w->g, e->tgt, e->tgt ? e->n_tgt : 0, &res->codes)) != 0)
		return rc;
	if (!w->s.len) {
		res->empty++;
		return 0;
	}
	if (!w->g.len) {
		untranslated(res, e);
		return 0;
	}
	if (w->s.len > BT_MAX_SEGMENT || w->g.len > BT_MAX_SEGMENT)
		return bt_fail(BT_ELIMIT, path, e->line, -1, "a segment of %zu bytes: the most a segment may have is %d",
			       w->s.len > w->g.len ? w->s.len : w->g.len, BT_MAX_SEGMENT);
	tally(&w->t, e->state);
	res->units++;
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
		rc = bt_store_bulk_unit(bulk, a + u->off[0], u->len[0], a + u->off[1], u->len[1],
					bt_store_bulk_next_link(bulk), 1.0, 0, u->len[2] ? &x : NULL);
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
