/* jsonl_import.c: bt_jsonl_import() (bitext.h): the mapper's lines into
 * the corpus.
 *
 * Two passes over one transaction of the store's bulk writer. The first
 * reads the lines: error objects are reported and counted, every other
 * line is checked to be a JSON object with an id and the corpus's
 * languages, and staged under its pair id (store.h, "staging"). The second
 * takes the staged lines in id order, reads each in full and writes its
 * pair, so that the ids of the rows follow the pair ids and not the order
 * of the lines. Parsing twice costs less than holding the pairs: a shard
 * of a million pairs is tens of gigabytes of JSON. */
#include "jsonl.h"

#include "error.h"
#include "hash.h"
#include "store.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct side_in {
	bt_span *spans;
	size_t n, cap;
	bt_buf text;
	const char *date;
	size_t body;
	char hash[17];
} side_in;

typedef struct imp {
	bt_corpus *c;
	const char *path;
	const bt_jsonl_import_opts *o;
	bt_jsonl_import_result *res;
	bt_store_bulk *b;
	side_in side[2];
	bt_link *links;
	size_t nlinks, caplinks;
} imp;

static const char *const side_name[2] = {"src", "tgt"};

/* A failure of line `line`: "pair 'ID': what". */
#define LINE_FAIL(im, line, ...) bt_fail(BT_EINPUT, (im)->path, (long)(line), -1, __VA_ARGS__)

static int get_uint(json_t *o, const char *key, size_t *v)
{
	json_t *x = json_object_get(o, key);
	if (!json_is_integer(x) || json_integer_value(x) < 0)
		return -1;
	*v = (size_t)json_integer_value(x);
	return 0;
}

/* Optional string: NULL when absent or null; -1 when of another type. */
static int get_opt_string(json_t *o, const char *key, const char **s)
{
	json_t *x = json_object_get(o, key);
	*s = NULL;
	if (!x || json_is_null(x))
		return 0;
	if (!json_is_string(x))
		return -1;
	*s = json_string_value(x);
	return 0;
}

/* ---- pass 1 ---- */

/* An error object: reported, counted, its pair left out. */
static void error_object(imp *im, json_t *root, json_t *err, long long line)
{
	const char *id = NULL, *kind = NULL, *msg = NULL;
	get_opt_string(root, "id", &id);
	get_opt_string(err, "kind", &kind);
	get_opt_string(err, "message", &msg);
	im->res->errors++;
	if (im->o->on_error)
		im->o->on_error(im->o->on_error_ud, im->path, line, id, kind ? kind : "?", msg ? msg : "(no message)");
}

static int check_langs(imp *im, json_t *root, long long line, const char *id)
{
	const char *want[2] = {bt_corpus_src_lang(im->c), bt_corpus_tgt_lang(im->c)};
	const char *got[2];
	for (int k = 0; k < 2; k++) {
		char key[16];
		snprintf(key, sizeof key, "%s_lang", side_name[k]);
		if (get_opt_string(root, key, &got[k]) != 0 || !got[k])
			return LINE_FAIL(im, line, "pair '%s': no \"%s\" string", id, key);
	}
	if (strcasecmp(got[0], want[0]) != 0 || strcasecmp(got[1], want[1]) != 0)
		return LINE_FAIL(im, line, "pair '%s' is %.40s -> %.40s; the corpus is %s -> %s", id, got[0], got[1],
				 want[0], want[1]);
	return 0;
}

static json_t *parse(imp *im, const char *line, size_t len, long long lineno, int *rc)
{
	json_error_t je;
	json_t *root = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
	*rc = 0;
	if (!root)
		*rc = bt_fail(BT_EINPUT, im->path, (long)lineno, (long long)je.position, "not a JSON line: %s", je.text);
	else if (!json_is_object(root))
		*rc = bt_fail(BT_EINPUT, im->path, (long)lineno, -1, "a JSON object was expected");
	if (*rc) {
		json_decref(root);
		return NULL;
	}
	return root;
}

static int first_pass_line(imp *im, const char *line, size_t len, long long lineno)
{
	json_t *root, *err;
	const char *id;
	long long dup = 0;
	int rc;
	if (strspn(line, " \t\r") >= len) {
		im->res->blank++;
		return 0;
	}
	if (!(root = parse(im, line, len, lineno, &rc)))
		return rc;
	if ((err = json_object_get(root, "error")) != NULL) {
		error_object(im, root, err, lineno);
	} else if (get_opt_string(root, "id", &id) != 0 || !id || !id[0] || strlen(id) > 200) {
		rc = LINE_FAIL(im, lineno, "no \"id\" string of 1 to 200 bytes");
	} else if ((rc = check_langs(im, root, lineno, id)) == 0 &&
		   (rc = bt_store_bulk_stage(im->b, id, line, len, lineno, &dup)) == 0 && dup) {
		rc = LINE_FAIL(im, lineno, "pair '%s' is on line %lld too", id, dup);
	}
	json_decref(root);
	return rc;
}

static int first_pass(imp *im)
{
	bt_jsonl_reader r;
	const char *line;
	size_t len;
	int rc = bt_jsonl_reader_open(&r, im->path);
	while (!rc && (rc = bt_jsonl_reader_next(&r, &line, &len)) == 1) {
		im->res->lines++;
		rc = first_pass_line(im, line, len, r.lineno);
	}
	bt_jsonl_reader_close(&r);
	return rc;
}

/* ---- pass 2: one pair ---- */

/* Segment `i` of side k from its JSON object, checked against the one
 * before it and the side's text (when there is one). */
static int read_segment(imp *im, side_in *s, json_t *g, size_t i, const char *text, size_t text_len, int k,
			long long line, const char *id)
{
	bt_span sp;
	size_t para;
	const char *kind, *t;
	json_t *tj = json_object_get(g, "text");
	if (!json_is_object(g) || get_uint(g, "start", &sp.start) || get_uint(g, "end", &sp.end) ||
	    get_uint(g, "para", &para) || get_opt_string(g, "kind", &kind) || !kind || !json_is_string(tj))
		return LINE_FAIL(im, line, "pair '%s': %s segment %zu: start, end, para, kind and text expected", id,
				 side_name[k], i);
	t = json_string_value(tj);
	sp.para = (unsigned)para;
	sp.kind = strcmp(kind, "heading") == 0 ? BT_SEG_HEADING : BT_SEG_SENTENCE;
	if (para > UINT32_MAX || (sp.kind == BT_SEG_SENTENCE && strcmp(kind, "sentence") != 0))
		return LINE_FAIL(im, line, "pair '%s': %s segment %zu: bad para or kind", id, side_name[k], i);
	if (sp.end < sp.start || sp.end - sp.start != json_string_length(tj) ||
	    (i && (sp.start < s->spans[i - 1].end || sp.para < s->spans[i - 1].para)) || sp.start < s->body)
		return LINE_FAIL(im, line, "pair '%s': %s segment %zu: its offsets do not follow the segment before or"
					   " do not fit its text",
				 id, side_name[k], i);
	if (sp.end - sp.start > BT_MAX_SEGMENT)
		return LINE_FAIL(im, line, "pair '%s': %s segment %zu has %zu bytes: the most a segment may have is %d", id,
				 side_name[k], i, sp.end - sp.start, BT_MAX_SEGMENT);
	if (text && (sp.end > text_len || memcmp(text + sp.start, t, sp.end - sp.start) != 0))
		return LINE_FAIL(im, line, "pair '%s': %s segment %zu is not the text at its offsets", id, side_name[k], i);
	{
		bt_span *v = bt_grow(s->spans, &s->cap, s->n + 1, sizeof *v);
		if (!v)
			return bt_fail_nomem();
		s->spans = v;
		s->spans[s->n++] = sp;
	}
	return 0;
}

/* A side without its text: rebuilt from the segments, white space
 * between them (a line break where a paragraph begins, two when there is
 * room: the blank line that separates paragraphs). */
static int rebuild_text(side_in *s, json_t *segs)
{
	size_t len = s->spans[s->n - 1].end;
	int rc;
	bt_buf_clear(&s->text);
	if ((rc = bt_buf_grow(&s->text, len)) != 0)
		return rc;
	memset(s->text.ptr, ' ', len);
	s->text.len = len;
	s->text.ptr[len] = '\0';
	for (size_t i = 0; i < s->n; i++) {
		const bt_span *sp = &s->spans[i];
		memcpy(s->text.ptr + sp->start, json_string_value(json_object_get(json_array_get(segs, i), "text")),
		       sp->end - sp->start);
		if (i && sp->para != s->spans[i - 1].para) {
			size_t gap = sp->start - s->spans[i - 1].end, at = s->spans[i - 1].end;
			for (size_t k = 0; k < gap && k < 2; k++)
				s->text.ptr[at + k] = '\n';
		}
	}
	return 0;
}

static int read_side(imp *im, json_t *root, int k, long long line, const char *id)
{
	side_in *s = &im->side[k];
	json_t *o = json_object_get(root, side_name[k]), *segs, *tj;
	const char *text = NULL;
	size_t text_len = 0;
	int rc;
	s->n = 0;
	if (!json_is_object(o) || get_uint(o, "body", &s->body) || get_opt_string(o, "date", &s->date) ||
	    !json_is_array(segs = json_object_get(o, "segments")) || json_array_size(segs) == 0)
		return LINE_FAIL(im, line, "pair '%s': \"%s\" must be an object with body, date and segments", id,
				 side_name[k]);
	if ((tj = json_object_get(o, "text")) != NULL) {
		if (!json_is_string(tj))
			return LINE_FAIL(im, line, "pair '%s': \"%s\".text must be a string", id, side_name[k]);
		text = json_string_value(tj);
		text_len = json_string_length(tj);
	}
	for (size_t i = 0; i < json_array_size(segs); i++)
		if ((rc = read_segment(im, s, json_array_get(segs, i), i, text, text_len, k, line, id)) != 0)
			return rc;
	if (text) {
		bt_buf_clear(&s->text);
		if ((rc = bt_buf_put(&s->text, text, text_len)) != 0)
			return rc;
	} else {
		if ((rc = rebuild_text(s, segs)) != 0)
			return rc;
		im->res->rebuilt++;
	}
	snprintf(s->hash, sizeof s->hash, "%016llx", (unsigned long long)bt_hash(s->text.ptr, s->text.len));
	return 0;
}

/* The links: together they cover both sides' segments, each once, in
 * the order bt_align keeps (source order; target order but for links
 * with "moved": true, which cross others). */
static int read_links(imp *im, json_t *root, long long line, const char *id)
{
	json_t *a = json_object_get(root, "links");
	size_t at[2] = {0, 0}, bad_at;
	const char *why;
	int rc;
	im->nlinks = 0;
	if (!a) {
		im->res->unaligned++;
		return 0;
	}
	if (!json_is_array(a))
		return LINE_FAIL(im, line, "pair '%s': \"links\" must be an array", id);
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *o = json_array_get(a, i), *sc = json_object_get(o, "score"), *mv = json_object_get(o, "moved");
		bt_link l = {0};
		bt_link *v;
		if (get_uint(o, "src_first", &l.src_first) || get_uint(o, "src_n", &l.src_n) ||
		    get_uint(o, "tgt_first", &l.tgt_first) || get_uint(o, "tgt_n", &l.tgt_n) || !json_is_number(sc) ||
		    (mv && !json_is_boolean(mv)))
			return LINE_FAIL(im, line,
					 "pair '%s': link %zu: src_first, src_n, tgt_first, tgt_n, score expected (and"
					 " moved, when given, true or false)",
					 id, i);
		l.score = json_number_value(sc);
		l.flags = mv && json_is_true(mv) ? BT_LINK_MOVED : 0;
		if ((l.src_n == 0 && l.tgt_n == 0) || l.src_first > im->side[0].n || l.src_n > im->side[0].n - l.src_first ||
		    l.tgt_first > im->side[1].n || l.tgt_n > im->side[1].n - l.tgt_first || !isfinite(l.score) ||
		    l.score < 0 || l.score > 1)
			return LINE_FAIL(im, line,
					 "pair '%s': link %zu is empty, goes past the segments or has a score outside [0, 1]",
					 id, i);
		at[0] += l.src_n, at[1] += l.tgt_n;
		if (!(v = bt_grow(im->links, &im->caplinks, im->nlinks + 1, sizeof *v)))
			return bt_fail_nomem();
		im->links = v;
		im->links[im->nlinks++] = l;
	}
	if (at[0] != im->side[0].n || at[1] != im->side[1].n)
		return LINE_FAIL(im, line, "pair '%s': the links cover %zu of %zu source and %zu of %zu target segments",
				 id, at[0], im->side[0].n, at[1], im->side[1].n);
	{
		bt_links view = {im->links, im->nlinks, im->caplinks};
		if ((rc = bt_links_check(&why, &bad_at, &view, im->side[0].n, im->side[1].n)) != 0)
			return rc;
	}
	if (why)
		return LINE_FAIL(im, line, "pair '%s': link %zu: %s", id, bad_at, why);
	return 0;
}

static int write_pair(imp *im, const char *id, json_t *root, long long line)
{
	const char *date;
	bt_store_doc d[2];
	int what, rc;
	if (get_opt_string(root, "date", &date) != 0)
		return LINE_FAIL(im, line, "pair '%s': \"date\" must be a string or null", id);
	for (int k = 0; k < 2; k++) {
		side_in *s = &im->side[k];
		d[k] = (bt_store_doc){.lang = k ? bt_corpus_tgt_lang(im->c) : bt_corpus_src_lang(im->c),
				      .path = im->path,
				      .hash = s->hash,
				      .encoding = "UTF-8",
				      .date = s->date,
				      .bytes = (long long)s->text.len,
				      .body = s->body,
				      .text = s->text.ptr,
				      .len = s->text.len,
				      .spans = s->spans,
				      .n_spans = s->n,
				      .format = "text"};
	}
	if ((rc = bt_store_bulk_doc_pair(im->b, id, date, d, im->links, im->nlinks, &what)) != 0)
		return rc;
	if (what == BT_BULK_EXISTS)
		return LINE_FAIL(im, line, "pair '%s' is in the corpus already", id);
	im->res->pairs++;
	im->res->segments += im->side[0].n + im->side[1].n;
	im->res->links += im->nlinks;
	return 0;
}

static int second_pass_pair(void *ud, const char *id, const void *data, size_t len, long long line)
{
	imp *im = ud;
	json_t *root;
	int rc;
	if (!(root = parse(im, data, len, line, &rc)))
		return rc;
	if ((rc = read_side(im, root, 0, line, id)) == 0 && (rc = read_side(im, root, 1, line, id)) == 0 &&
	    (rc = read_links(im, root, line, id)) == 0) {
		if (json_object_get(root, "names") || json_object_get(json_object_get(root, "src"), "names"))
			im->res->names++;
		rc = write_pair(im, id, root, line);
	}
	json_decref(root);
	return rc;
}

int bt_jsonl_import(bt_jsonl_import_result *res, bt_corpus *c, const char *path, const bt_jsonl_import_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_JSONL_IMPORT_OPTS_VERSION, "bt_jsonl_import");
	static const bt_jsonl_import_opts defaults = BT_JSONL_IMPORT_OPTS_INIT;
	bt_jsonl_import_result dummy;
	imp im = {c, path, opts ? opts : &defaults, res ? res : &dummy, NULL, {{0}}, NULL, 0, 0};
	int rc;
	memset(im.res, 0, sizeof *im.res);
	if ((rc = bt_store_bulk_begin(&im.b, c, path)) == 0 && (rc = first_pass(&im)) == 0) {
		if (im.o->strict && im.res->errors)
			rc = bt_fail(BT_EINPUT, path, -1, -1,
				     "%llu %s the mapper could not map (--strict): nothing imported", im.res->errors,
				     im.res->errors == 1 ? "line is an error object of a pair" : "lines are error objects of pairs");
		else if ((rc = bt_store_bulk_staged_each(im.b, second_pass_pair, &im)) == 0)
			rc = bt_store_bulk_commit(im.b);
	}
	bt_store_bulk_free(im.b);
	for (int k = 0; k < 2; k++) {
		bt_free(im.side[k].spans);
		bt_buf_dispose(&im.side[k].text);
	}
	bt_free(im.links);
	if (rc) { /* nothing was written: nothing to count */
		unsigned long long lines = im.res->lines, errors = im.res->errors;
		memset(im.res, 0, sizeof *im.res);
		im.res->lines = lines, im.res->errors = errors;
	}
	return rc;
}
