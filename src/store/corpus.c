/* corpus.c: ingestion (add, import) and statistics.
 *
 * A document goes file -> bytes -> decode -> metadata -> segment -> store.
 * Everything one command writes is one transaction. */
#include "hash.h"
#include "error.h"
#include "esc.h"
#include "import_match.h"
#include "readd.h"
#include "utf8.h"
#include "store_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int bt_corpus_open(bt_corpus **out, const char *path, const bt_corpus_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_CORPUS_OPTS_VERSION, "bt_corpus_open");
	static const bt_corpus_opts defaults = BT_CORPUS_OPTS_INIT;
	bt_corpus *c;
	int rc;

	*out = NULL;
	if (!opts)
		opts = &defaults;
	c = bt_calloc(1, sizeof *c);
	if (!c || !(c->path = bt_strdup(path))) {
		bt_free(c);
		return bt_fail_nomem();
	}
	rc = bt_store_open(c, path, opts);
	if (rc) {
		int created = opts->create && c->db;
		bt_corpus_free(c);
		if (created) { /* never leave a half-made corpus behind */
			char side[4096];
			unlink(path);
			snprintf(side, sizeof side, "%s-wal", path), unlink(side);
			snprintf(side, sizeof side, "%s-shm", path), unlink(side);
		}
		return rc;
	}
	*out = c;
	return 0;
}

void bt_corpus_free(bt_corpus *c)
{
	if (!c)
		return;
	bt_store_rollback(c);
	bt_store_close(c);
	bt_free(c->path);
	bt_free(c);
}

const char *bt_corpus_src_lang(const bt_corpus *c)
{
	return c->src_lang;
}

const char *bt_corpus_tgt_lang(const bt_corpus *c)
{
	return c->tgt_lang;
}

/* How the files of an add or import are read (bt_add_opts, bt_import_opts). */
typedef struct read_opts {
	const char *encoding; /* of the side being read */
	int format;
	unsigned flags;
	bt_doc_fn on_doc;
	void *on_doc_ud;
	const char *side_enc[2]; /* each side's, NULL: `encoding` */
	int force_encoding;
	bt_readd_result *readd; /* may be NULL */
	bt_aligner *aligner;    /* may be NULL: no re-alignment */
	bt_corpus_align_result *aligned;
} read_opts;

/* FNV-1a, 64 bits: enough to tell a changed file from an unchanged one
 * (not a security property). The options that read it are hashed too
 * (the same bytes read in another encoding or format make another
 * document); without any, the hash is the one of plain-text days. */
static void content_hash(char out[17], const char *data, size_t len, const read_opts *o)
{
	const char *enc = o->encoding ? o->encoding : "";
	char more[64] = "";
	uint64_t h = bt_hash_more(bt_hash(data, len), enc, strlen(enc));
	if (o->format != BT_FORMAT_AUTO || o->flags)
		snprintf(more, sizeof more, "/%s/%u", bt_format_name(o->format), o->flags);
	h = bt_hash_more(h, more, strlen(more));
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* One side of a pair, read and ready to store. */
typedef struct doc_in {
	const char *path;
	const char *lang;
	bt_buf raw;
	bt_doc doc; /* its text is the document's text */
	char hash[17];
	char date[16];
	size_t body;
	bt_spans spans;
} doc_in;

static void doc_dispose(doc_in *d)
{
	bt_buf_dispose(&d->raw);
	bt_doc_dispose(&d->doc);
	bt_spans_dispose(&d->spans);
}

static int too_big(const char *path, long long size)
{
	return bt_fail(BT_ELIMIT, path, -1, -1, "the file has %lld bytes: the most a document may have is %ld (256 MiB)",
		       size, (long)BT_MAX_DOCUMENT);
}

/* A UTF-* name: decoding UTF-8 text with it cannot garble it quietly. */
static int is_unicode_name(const char *enc)
{
	return strncasecmp(enc, "UTF", 3) == 0 || strncasecmp(enc, "UCS", 3) == 0;
}

/* A file read with a legacy encoding the user named, whose bytes are
 * valid UTF-8 with non-ASCII characters: decoding it would turn é into
 * Ã©, so it is refused (nothing is read as something it is not). The
 * formats that carry their own encoding (DOCX, ODT, XLIFF) are not
 * concerned. */
static int check_legacy(const doc_in *d, const read_opts *o)
{
	const char *p = d->raw.ptr;
	size_t len = d->raw.len, first = len;
	long line = 1;
	if (!o->encoding || o->force_encoding || is_unicode_name(o->encoding) ||
	    (d->doc.format != BT_FORMAT_TEXT && d->doc.format != BT_FORMAT_HTML && d->doc.format != BT_FORMAT_XHTML))
		return 0;
	if (bt_utf8_check(p, len) != len)
		return 0;
	for (size_t i = 0; i < len && first == len; i++)
		if ((unsigned char)p[i] >= 0x80)
			first = i;
	if (first == len)
		return 0; /* ASCII reads the same in either */
	for (size_t i = 0; i < first; i++)
		line += p[i] == '\n';
	return bt_fail(BT_EINPUT, d->path, line, (long long)first,
		       "the file is valid UTF-8 with non-ASCII characters ('%.*s'): decoding it as %s would garble"
		       " them; give each side its own encoding (--src-encoding, --tgt-encoding), or --force-encoding"
		       " if it really is %s",
		       (int)bt_utf8_len(p + first, len - first), p + first, o->encoding, o->encoding);
}

static int doc_read(doc_in *d, const read_opts *side_opts, int side)
{
	bt_doc_opts dopts = BT_DOC_OPTS_INIT;
	read_opts ro = *side_opts, *o = &ro;
	struct stat st;
	int rc;
	if (ro.side_enc[side])
		ro.encoding = ro.side_enc[side];
	/* before reading: a huge file must not be read into memory first */
	if (stat(d->path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > BT_MAX_DOCUMENT)
		return too_big(d->path, (long long)st.st_size);
	if ((rc = bt_read_file(&d->raw, d->path)) != 0)
		return rc;
	if (d->raw.len > (size_t)BT_MAX_DOCUMENT)
		return too_big(d->path, (long long)d->raw.len);
	if (d->raw.len == 0)
		return bt_fail(BT_EINPUT, d->path, -1, -1, "empty file");
	content_hash(d->hash, d->raw.ptr, d->raw.len, o);
	dopts.format = o->format;
	dopts.encoding = o->encoding;
	dopts.name = d->path;
	dopts.flags = o->flags;
	if ((rc = bt_doc_read(&d->doc, d->raw.ptr, d->raw.len, &dopts)) != 0 || (rc = check_legacy(d, o)) != 0)
		return rc;
	if (o->on_doc)
		o->on_doc(o->on_doc_ud, d->path, &d->doc);
	if ((rc = bt_meta_strip(d->date, &d->body, d->doc.text.ptr, d->doc.text.len)) != 0)
		return rc;
	if (strspn(d->doc.text.ptr + d->body, " \t\n") == d->doc.text.len - d->body)
		return bt_fail(BT_EINPUT, d->path, -1, -1, "no text (the file holds only white space or metadata)");
	return 0;
}

static int doc_segment(doc_in *d)
{
	bt_segmenter_opts so = BT_SEGMENTER_OPTS_INIT;
	bt_segmenter *sg = NULL;
	const bt_buf *text = &d->doc.text;
	int rc;
	/* a document's blocks are its paragraphs, and its headings are known */
	so.lines = d->doc.format == BT_FORMAT_TEXT ? BT_SEG_LINES_AUTO : BT_SEG_LINES_JOIN;
	if ((rc = bt_segmenter_open(&sg, d->lang, &so)) == 0)
		rc = bt_segmenter_run(&d->spans, sg, text->ptr + d->body, text->len - d->body);
	bt_segmenter_free(sg);
	if (!rc)
		bt_doc_mark_spans(&d->spans, &d->doc, d->body);
	if (!rc)
		for (size_t i = 0; i < d->spans.n; i++)
			d->spans.v[i].start += d->body, d->spans.v[i].end += d->body;
	for (size_t i = 0; !rc && i < d->spans.n; i++) {
		const bt_span *s = &d->spans.v[i];
		if (s->end - s->start > BT_MAX_SEGMENT) {
			long line = 1;
			for (size_t k = 0; k < s->start; k++)
				line += text->ptr[k] == '\n';
			rc = bt_fail(BT_ELIMIT, d->path, line, -1,
				     "a segment of %zu bytes: the most a segment may have is %d (text without sentence"
				     " punctuation? break it into sentences or lines)",
				     s->end - s->start, BT_MAX_SEGMENT);
		}
	}
	return rc;
}

/* Is the stored document of this side the same content? */
static int doc_unchanged(bt_corpus *c, const char *pair_id, int side, const char *hash, int *same)
{
	char stored[64];
	int found, rc = bt_store_doc_hash(c, pair_id, side, stored, sizeof stored, &found);
	*same = !rc && found && strcmp(stored, hash) == 0;
	return rc;
}

static int store_doc(bt_corpus *c, const char *pair_id, int side, doc_in *d)
{
	bt_store_doc sd = {.pair_id = pair_id,
			   .side = side,
			   .lang = d->lang,
			   .path = d->path,
			   .hash = d->hash,
			   .encoding = d->doc.encoding,
			   .date = d->date,
			   .bytes = (long long)d->raw.len,
			   .body = d->body,
			   .text = d->doc.text.ptr,
			   .len = d->doc.text.len,
			   .format = bt_format_name(d->doc.format),
			   .spans = d->spans.v,
			   .n_spans = d->spans.n};
	return bt_store_doc_add(c, &sd);
}

/* The new segments' keys, as stored (the pair's corrections made again
 * on them), and the old pair's manual links that still hold written
 * (corpus_readd.c). */
static int keep_links(bt_corpus *c, const char *pair_id, bt_readd *rd, const doc_in *src, const doc_in *tgt,
		      bt_readd_result *out)
{
	const doc_in *d[2] = {src, tgt};
	uint64_t *keys[2] = {NULL, NULL};
	bt_readd_result local;
	size_t n[2] = {0, 0};
	int rc = 0;
	for (int s = 0; s < 2 && !rc; s++) {
		bt_store_segs *it = NULL;
		bt_store_seg sg;
		/* a split adds one segment each: the spans' count is a guess */
		size_t cap = d[s]->spans.n + 16;
		if (!(keys[s] = bt_malloc(cap * sizeof *keys[s])))
			rc = bt_fail_nomem();
		if (!rc)
			rc = bt_store_segs_open(&it, c, pair_id, s, 0, (size_t)-1);
		while (!rc && (rc = bt_store_segs_next(it, &sg)) == 0) {
			if (n[s] == cap) {
				uint64_t *v = bt_realloc(keys[s], 2 * cap * sizeof *v);
				if (!v) {
					rc = bt_fail_nomem();
					break;
				}
				keys[s] = v, cap *= 2;
			}
			keys[s][n[s]++] = bt_readd_key(sg.text, sg.len);
		}
		bt_store_segs_free(it);
		if (rc == BT_ITEROVER)
			rc = 0;
	}
	if (!rc)
		rc = bt_readd_apply(rd, c, pair_id, (const uint64_t *const *)keys, n, out ? out : &local);
	bt_free(keys[0]), bt_free(keys[1]);
	return rc;
}


/* The pair inside an open transaction. */
static int add_pair(bt_corpus *c, const char *pair_id, const char *src_path, const char *tgt_path,
		    const read_opts *ro, int *result)
{
	doc_in src = {0}, tgt = {0};
	bt_readd rd = {0};
	bt_store_hist h = BT_STORE_HIST_INIT;
	int rc, same_src = 0, same_tgt = 0, exists = 0;
	size_t fixed = 0, lost = 0;

	if (!pair_id[0] || strlen(pair_id) > 200)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "bad pair id '%s' (1 to 200 characters)", pair_id);
	if ((rc = bt_esc_check_id("pair id", pair_id, NULL, -1)) != 0) /* printable only */
		return rc;
	src.path = src_path, src.lang = c->src_lang;
	tgt.path = tgt_path, tgt.lang = c->tgt_lang;
	if ((rc = doc_read(&src, ro, 0)) != 0 || (rc = doc_read(&tgt, ro, 1)) != 0)
		goto done;
	if ((rc = bt_store_pair_exists(c, pair_id, &exists)) != 0)
		goto done;
	if (exists) {
		if ((rc = doc_unchanged(c, pair_id, 0, src.hash, &same_src)) != 0 ||
		    (rc = doc_unchanged(c, pair_id, 1, tgt.hash, &same_tgt)) != 0)
			goto done;
		if (same_src && same_tgt) {
			*result = BT_ADD_UNCHANGED;
			goto done;
		}
		/* A changed file replaces its document and everything derived
		 * from the pair (segments, links): delete, then insert anew,
		 * keeping the manual links whose sentences are unchanged. */
		if ((rc = bt_store_history_snap(c, pair_id, &h)) != 0 || (rc = bt_readd_save(&rd, c, pair_id)) != 0 ||
		    (rc = bt_store_history_watch(c, &h)) != 0 || (rc = bt_store_pair_delete(c, pair_id)) != 0)
			goto done;
	}
	if ((rc = doc_segment(&src)) != 0 || (rc = doc_segment(&tgt)) != 0)
		goto done;
	if ((rc = bt_store_pair_add(c, pair_id, src.date[0] ? src.date : tgt.date)) != 0)
		goto done;
	if ((rc = store_doc(c, pair_id, 0, &src)) != 0 || (rc = store_doc(c, pair_id, 1, &tgt)) != 0)
		goto done;
	/* the corrections first: the manual links kept refer to corrected
	 * segments */
	if (exists && ((rc = bt_store_corrections_reapply(c, pair_id, &fixed, &lost)) != 0 ||
		       (rc = keep_links(c, pair_id, &rd, &src, &tgt, ro->readd)) != 0 ||
		       (rc = bt_store_history_record(c, &h, "re-add")) != 0))
		goto done;
	if (exists && ro->readd)
		ro->readd->corrections_kept = fixed, ro->readd->corrections_lost = lost;
	/* aligned again in this transaction: a crash never leaves the pair
	 * re-added but not aligned (recorded as an "align" of its own, which
	 * undo can take back) */
	if (exists && ro->aligner && rd.links_before &&
	    (rc = bt_store_align_one(ro->aligned, c, ro->aligner, pair_id)) != 0)
		goto done;
	*result = exists ? BT_ADD_REPLACED : BT_ADD_NEW;
done:
	bt_store_hist_dispose(&h);
	bt_readd_dispose(&rd);
	doc_dispose(&src);
	doc_dispose(&tgt);
	return rc;
}

int bt_corpus_add(int *result, bt_corpus *c, const char *pair_id, const char *src_path, const char *tgt_path,
		  const bt_add_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_ADD_OPTS_VERSION, "bt_corpus_add");
	static const bt_add_opts defaults = BT_ADD_OPTS_INIT;
	read_opts ro;
	int rc, dummy;
	if (!result)
		result = &dummy;
	if (!opts)
		opts = &defaults;
	bt_corpus_align_result aligned;
	ro = (read_opts){opts->encoding, opts->format, opts->doc_flags, opts->on_doc, opts->on_doc_ud,
			 {opts->src_encoding, opts->tgt_encoding}, opts->force_encoding, opts->readd,
			 opts->aligner, opts->aligned ? opts->aligned : &aligned};
	memset(ro.aligned, 0, sizeof *ro.aligned);
	if ((rc = bt_store_begin(c)) != 0)
		return rc;
	rc = add_pair(c, pair_id, src_path, tgt_path, &ro, result);
	if (rc) {
		bt_store_rollback(c);
		return rc;
	}
	return bt_store_commit(c);
}

/* ---- import: pairing the files of two folders ---- */

/* Length of a file name's pair id: the name without its last extension. */
static size_t id_len(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && dot != name ? (size_t)(dot - name) : strlen(name);
}

/* Files pair up by id, so that nl/X.docx pairs with en/X.odt: the lists
 * are sorted by id (then by name). */
static int cmp_ids(const char *a, const char *b)
{
	size_t la = id_len(a), lb = id_len(b);
	int c = memcmp(a, b, la < lb ? la : lb);
	if (c)
		return c;
	return la < lb ? -1 : la > lb;
}

static int cmp_names(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int c = cmp_ids(x, y);
	return c ? c : strcmp(x, y);
}

/* Two files of one side with the same id (X.txt and X.docx) would be one
 * pair twice: an error naming both. */
static int unique_ids(const char *dir, char **names, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (cmp_ids(names[i - 1], names[i]) == 0)
			return bt_fail(BT_EINPUT, dir, -1, -1, "%s and %s would make the same pair %.*s: keep one of them",
				       names[i - 1], names[i], (int)id_len(names[i]), names[i]);
	return 0;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bt_free(names[i]);
	bt_free(names);
}

/* Sorted names of the regular, non-hidden files in dir. */
static int list_files(const char *dir, char ***names, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;
	char path[4096];
	struct stat st;
	*names = NULL;
	*n = 0;
	if (!d)
		return bt_fail(BT_EIO, dir, -1, -1, "cannot open folder: %s", strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (*n == cap) {
			char **v;
			cap = cap ? cap * 2 : 64;
			if (!(v = bt_realloc(*names, cap * sizeof *v)))
				goto nomem;
			*names = v;
		}
		if (!((*names)[*n] = bt_strdup(e->d_name)))
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (*n > 1)
		qsort(*names, *n, sizeof **names, cmp_names);
	return 0;
nomem:
	closedir(d);
	free_names(*names, *n);
	*names = NULL, *n = 0;
	return bt_fail_nomem();
}

/* One pair an import will add: paths and id owned; tgt NULL for a
 * bilingual XLIFF file (src). */
typedef struct import_pair {
	char *id, *src, *tgt;
} import_pair;

typedef struct pair_list {
	import_pair *v;
	size_t n, cap;
} pair_list;

static void pairs_dispose(pair_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		bt_free(l->v[i].id), bt_free(l->v[i].src), bt_free(l->v[i].tgt);
	bt_free(l->v);
}

static int pairs_push(pair_list *l, const char *id, size_t id_n, const char *src, const char *tgt)
{
	import_pair *p;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		if (!(p = bt_realloc(l->v, cap * sizeof *p)))
			return bt_fail_nomem();
		l->v = p, l->cap = cap;
	}
	p = &l->v[l->n];
	p->id = bt_strndup(id, id_n), p->src = bt_strdup(src), p->tgt = tgt ? bt_strdup(tgt) : NULL;
	if (!p->id || !p->src || (tgt && !p->tgt)) {
		bt_free(p->id), bt_free(p->src), bt_free(p->tgt);
		return bt_fail_nomem();
	}
	l->n++;
	return 0;
}

/* A folder's files and which of them found a partner. */
typedef struct side_files {
	char dir[4096];
	const char *lang;
	char **names;
	size_t n;
	unsigned char *used;
	size_t *key_len; /* by name, for pairing by tagged names */
	size_t *key_off;
} side_files;

static void side_dispose(side_files *s)
{
	free_names(s->names, s->n);
	bt_free(s->used);
	bt_free(s->key_len);
	bt_free(s->key_off);
}

/* Is name[at, at + n) the tag `t` (case-insensitive)? */
static int tag_at(const char *name, size_t at, size_t n, const char *t)
{
	return strlen(t) == n && strncasecmp(name + at, t, n) == 0;
}

/* The stem of a name without its extension and without a language tag in
 * any common place (artikel_NL, report.nl, Verslag (NL), nl-brief):
 * *off and *len of what is left. `tags` are the side's tag and language. */
static void name_key(const char *name, const char *const tags[2], size_t *off, size_t *len)
{
	size_t n = id_len(name);
	*off = 0, *len = n;
	for (int k = 0; k < 2; k++) {
		size_t t = strlen(tags[k]);
		if (n > t + 2 && name[n - 1] == ')' && name[n - t - 2] == '(' && tag_at(name, n - t - 1, t, tags[k])) {
			size_t e = n - t - 2;
			while (e > 0 && strchr(" _-", name[e - 1]))
				e--;
			*len = e;
			return;
		}
		if (n > t + 1 && strchr("_-. ", name[n - t - 1]) && tag_at(name, n - t, t, tags[k])) {
			*len = n - t - 1;
			return;
		}
		if (n > t + 1 && strchr("_-. ", name[t]) && tag_at(name, 0, t, tags[k])) {
			*off = t + 1, *len = n - t - 1;
			return;
		}
	}
}

static int side_keys(side_files *s)
{
	char primary[16];
	const char *tags[2];
	bt_lang_primary(primary, sizeof primary, s->lang);
	tags[0] = s->lang, tags[1] = primary;
	s->used = bt_calloc(s->n ? s->n : 1, 1);
	s->key_len = bt_calloc(s->n ? s->n : 1, sizeof *s->key_len);
	s->key_off = bt_calloc(s->n ? s->n : 1, sizeof *s->key_off);
	if (!s->used || !s->key_len || !s->key_off)
		return bt_fail_nomem();
	for (size_t i = 0; i < s->n; i++)
		name_key(s->names[i], tags, &s->key_off[i], &s->key_len[i]);
	return 0;
}

static int key_cmp(const side_files *a, size_t i, const side_files *b, size_t j)
{
	size_t la = a->key_len[i], lb = b->key_len[j];
	int c = strncasecmp(a->names[i] + a->key_off[i], b->names[j] + b->key_off[j], la < lb ? la : lb);
	return c ? c : la < lb ? -1 : la > lb;
}

static int path_of(char *out, size_t size, const side_files *s, size_t i)
{
	if ((size_t)snprintf(out, size, "%s/%s", s->dir, s->names[i]) >= size)
		return bt_fail(BT_ELIMIT, s->dir, -1, -1, "a path longer than %zu bytes: %s", size - 1, s->names[i]);
	return 0;
}

/* Equal ids (names without extension) pair up. */
static int pair_exact(side_files *s, side_files *t, pair_list *out)
{
	char sp[8192], tp[8192];
	size_t i = 0, j = 0;
	int rc;
	while (i < s->n && j < t->n) {
		int cmp = cmp_ids(s->names[i], t->names[j]);
		if (cmp) {
			cmp < 0 ? i++ : j++;
			continue;
		}
		if ((rc = path_of(sp, sizeof sp, s, i)) != 0 || (rc = path_of(tp, sizeof tp, t, j)) != 0 ||
		    (rc = pairs_push(out, s->names[i], id_len(s->names[i]), sp, tp)) != 0)
			return rc;
		s->used[i++] = t->used[j++] = 1;
	}
	return 0;
}

/* How many files of `s` not yet paired have the key of t's file j. */
static size_t key_matches(const side_files *s, const side_files *t, size_t j, size_t *last)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!s->used[i] && key_cmp(s, i, t, j) == 0)
			n++, *last = i;
	return n;
}

/* The rest pair up by their names without language tags, when exactly
 * one file on each side has the key; a key shared by more is ambiguous,
 * reported and left unpaired. (Quadratic in the files left over after
 * exact pairing, which are few.) */
static int pair_tagged(side_files *s, side_files *t, pair_list *out, const bt_import_opts *o,
		       bt_import_result *res)
{
	char sp[8192], tp[8192];
	int rc;
	for (size_t j = 0; j < t->n; j++) {
		size_t i = 0, back = 0, n;
		if (t->used[j] || (n = key_matches(s, t, j, &i)) == 0)
			continue;
		if (n == 1 && key_matches(t, s, i, &back) == 1) {
			if ((rc = path_of(sp, sizeof sp, s, i)) != 0 || (rc = path_of(tp, sizeof tp, t, j)) != 0 ||
			    (rc = pairs_push(out, s->names[i] + s->key_off[i], s->key_len[i], sp, tp)) != 0)
				return rc;
			s->used[i] = t->used[j] = 1;
			res->by_tag++;
			continue;
		}
		/* ambiguous: every file of the key on both sides is reported,
		 * with how many files of the other side it could pair with */
		n = key_matches(s, t, j, &i);
		back = key_matches(t, t, j, &i);
		for (int k = 0; k < 2; k++) {
			side_files *x = k ? t : s;
			for (size_t a = 0; a < x->n; a++)
				if (!x->used[a] && key_cmp(x, a, t, j) == 0) {
					if ((rc = path_of(sp, sizeof sp, x, a)) != 0)
						return rc;
					x->used[a] = 2;
					res->ambiguous++;
					if (o->ambiguous) {
						char key[4096];
						snprintf(key, sizeof key, "%.*s", (int)t->key_len[j],
							 t->names[j] + t->key_off[j]);
						o->ambiguous(o->unpaired_ud, sp, key, n, back);
					}
				}
		}
	}
	return 0;
}

static int report_unpaired(side_files *s, const bt_import_opts *o, bt_import_result *res)
{
	char p[8192];
	int rc;
	for (size_t i = 0; i < s->n; i++)
		if (!s->used[i]) {
			if ((rc = path_of(p, sizeof p, s, i)) != 0)
				return rc;
			res->unpaired++;
			if (o->unpaired)
				o->unpaired(o->unpaired_ud, p);
		}
	return 0;
}

/* ---- import: pairing the rest by content (import_match.h) ---- */

/* The files of `s` no rule paired yet: their indexes. */
static int free_files(size_t **out, size_t *n, const side_files *s)
{
	*n = 0;
	if (!(*out = bt_malloc((s->n + 1) * sizeof **out)))
		return bt_fail_nomem();
	for (size_t i = 0; i < s->n; i++)
		if (!s->used[i])
			(*out)[(*n)++] = i;
	return 0;
}

/* Each free file's text given to the matcher. */
static int match_read(bt_imatch *m, side_files *x, int side, const size_t *idx, size_t n, const read_opts *ro)
{
	char p[8192];
	int rc = 0;
	for (size_t k = 0; k < n && !rc; k++) {
		doc_in d = {0};
		d.path = p, d.lang = x->lang;
		if ((rc = path_of(p, sizeof p, x, idx[k])) == 0 && (rc = doc_read(&d, ro, side)) == 0)
			rc = bt_imatch_add(m, side, d.doc.text.ptr + d.body, d.doc.text.len - d.body);
		doc_dispose(&d);
	}
	return rc;
}

/* Why a file stayed unpaired, in words. */
static void match_why(char *out, size_t size, const bt_imatch_doc *r, const side_files *other, const size_t *oidx,
		      double threshold, double margin)
{
	const char *best = r->best != (size_t)-1 ? other->names[oidx[r->best]] : "",
		   *second = r->second != (size_t)-1 ? other->names[oidx[r->second]] : "";
	if (r->why == BT_IMATCH_NONE)
		snprintf(out, size, "shares fewer than %d numbers, names or glossary terms with every file of the other side",
			 BT_IMATCH_MIN_SHARED);
	else if (r->why == BT_IMATCH_LOW && r->best == (size_t)-1)
		snprintf(out, size, "every file it shares anything with was paired with another");
	else if (r->why == BT_IMATCH_LOW)
		snprintf(out, size, "its best candidate, %s, scores %.2f, under %.2f", best, r->score, threshold);
	else if (r->second != (size_t)-1 && r->score - r->second_score < margin * r->score)
		snprintf(out, size, "uncertain: %s scores %.2f and %s %.2f, less than %.0f%% apart", best, r->score,
			 second, r->second_score, margin * 100);
	else
		snprintf(out, size, "uncertain: its best candidate, %s (%.2f), scores as well with another file", best,
			 r->score);
}

static int match_report(side_files *x, int side, const size_t *idx, size_t n, const side_files *other,
			const size_t *oidx, const bt_imatch *m, double th, double mg, const bt_import_opts *o,
			bt_import_result *res)
{
	char p[8192], why[1024];
	int rc;
	for (size_t k = 0; k < n; k++) {
		const bt_imatch_doc *r = bt_imatch_result(m, side, k);
		if (r->why == BT_IMATCH_PAIRED)
			continue;
		if ((rc = path_of(p, sizeof p, x, idx[k])) != 0)
			return rc;
		x->used[idx[k]] = 3;
		res->unpaired++;
		res->uncertain += r->why == BT_IMATCH_CLOSE;
		match_why(why, sizeof why, r, other, oidx, th, mg);
		if (o->unmatched)
			o->unmatched(o->unpaired_ud, p, why);
		else if (o->unpaired)
			o->unpaired(o->unpaired_ud, p);
	}
	return 0;
}

static int match_pairs(side_files *s, side_files *t, const size_t *si, size_t ns, const size_t *ti,
		       const bt_imatch *m, pair_list *out, const bt_import_opts *o, bt_import_result *res)
{
	char sp[8192], tp[8192];
	int rc;
	for (size_t k = 0; k < ns; k++) {
		const bt_imatch_doc *r = bt_imatch_result(m, BT_SIDE_SRC, k);
		size_t i = si[k], j;
		if (r->why != BT_IMATCH_PAIRED)
			continue;
		j = ti[r->best];
		if ((rc = path_of(sp, sizeof sp, s, i)) != 0 || (rc = path_of(tp, sizeof tp, t, j)) != 0 ||
		    (rc = pairs_push(out, s->names[i] + s->key_off[i], s->key_len[i], sp, tp)) != 0)
			return rc;
		s->used[i] = t->used[j] = 1;
		res->by_content++;
		if (o->matched)
			o->matched(o->unpaired_ud, sp, tp, r->score);
	}
	return 0;
}

/* The files left free by the names, paired by what they share. */
static int pair_content(bt_corpus *c, side_files *s, side_files *t, pair_list *out, const bt_import_opts *o,
			const read_opts *ro, bt_import_result *res)
{
	double th = o->match_threshold > 0 ? o->match_threshold : BT_IMPORT_MATCH_THRESHOLD,
	       mg = o->match_margin > 0 ? o->match_margin : BT_IMPORT_MATCH_MARGIN;
	bt_imatch *m = NULL;
	size_t *idx[2] = {NULL, NULL}, n[2] = {0, 0};
	int rc;
	if ((rc = free_files(&idx[0], &n[0], s)) != 0 || (rc = free_files(&idx[1], &n[1], t)) != 0 || !n[0] || !n[1])
		goto done;
	if ((rc = bt_imatch_open(&m, c, c->src_lang, c->tgt_lang)) != 0 ||
	    (rc = match_read(m, s, BT_SIDE_SRC, idx[0], n[0], ro)) != 0 ||
	    (rc = match_read(m, t, BT_SIDE_TGT, idx[1], n[1], ro)) != 0 || (rc = bt_imatch_run(m, th, mg)) != 0)
		goto done;
	if ((rc = match_pairs(s, t, idx[0], n[0], idx[1], m, out, o, res)) == 0 &&
	    (rc = match_report(s, BT_SIDE_SRC, idx[0], n[0], t, idx[1], m, th, mg, o, res)) == 0)
		rc = match_report(t, BT_SIDE_TGT, idx[1], n[1], s, idx[0], m, th, mg, o, res);
done:
	bt_imatch_free(m);
	bt_free(idx[0]), bt_free(idx[1]);
	return rc;
}

static int cmp_pair_ids(const void *a, const void *b)
{
	const import_pair *x = a, *y = b;
	return strcmp(x->id, y->id);
}

/* Pairs in id order; one id twice (nl/a.txt with en/a.txt, and
 * nl/a_NL.txt with en/a_EN.txt) would replace one by the other. */
static int unique_pairs(pair_list *l, const char *where)
{
	if (l->n > 1) /* qsort of NULL, 0 is undefined */
		qsort(l->v, l->n, sizeof *l->v, cmp_pair_ids);
	for (size_t i = 1; i < l->n; i++)
		if (strcmp(l->v[i - 1].id, l->v[i].id) == 0)
			return bt_fail(BT_EINPUT, where, -1, -1, "%s and %s would make the same pair %s: rename one of them",
				       l->v[i - 1].src, l->v[i].src, l->v[i].id);
	return 0;
}

/* A side's folder: DIR/<tag>, or DIR/<language> when a regional corpus
 * (nl-BE) has no folder of its tag (DIR/nl). */
static void side_dir(char *out, size_t size, const char *dir, const char *lang)
{
	char primary[16];
	struct stat st;
	snprintf(out, size, "%s/%s", dir, lang);
	bt_lang_primary(primary, sizeof primary, lang);
	if (stat(out, &st) != 0 && strcmp(primary, lang) != 0) {
		char alt[4096];
		snprintf(alt, sizeof alt, "%s/%s", dir, primary);
		if (stat(alt, &st) == 0)
			snprintf(out, size, "%s", alt);
	}
}

/* ---- import: bilingual XLIFF files of the folder ---- */

/* 1 when the file is XLIFF by its content (its opening bytes). */
static int is_xliff_file(const char *path)
{
	char head[16384];
	FILE *f = fopen(path, "rb");
	size_t n;
	if (!f)
		return 0;
	n = fread(head, 1, sizeof head, f);
	fclose(f);
	return bt_format_detect(head, n) == BT_FORMAT_XLIFF;
}

/* The XLIFF files among names[0, *n) of `dir`: each a pair of its own in
 * `out`, and taken out of the list (a side's documents). */
static int take_xliff(const char *dir, char **names, size_t *n, pair_list *out)
{
	char path[8192];
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; i < *n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (rc || !is_xliff_file(path)) {
			names[kept++] = names[i];
			continue;
		}
		rc = pairs_push(out, names[i], id_len(names[i]), path, NULL);
		bt_free(names[i]);
	}
	*n = kept;
	return rc;
}

/* A side's files; a folder that is not there has none when the import
 * has XLIFF files already (a folder of XLIFF files alone). */
static int side_list(side_files *s, int have_xliff)
{
	struct stat st;
	if (have_xliff && stat(s->dir, &st) != 0 && errno == ENOENT)
		return 0;
	return list_files(s->dir, &s->names, &s->n);
}

/* The XLIFF files directly in DIR and in the language folders, and the
 * folders' other files. */
static int list_sides(const char *dir, side_files *s, side_files *t, const bt_import_opts *o, pair_list *out)
{
	char **top = NULL;
	size_t n = 0;
	int rc, xliff = o->format == BT_FORMAT_AUTO || o->format == BT_FORMAT_XLIFF;
	if (xliff && ((rc = list_files(dir, &top, &n)) != 0 || (rc = take_xliff(dir, top, &n, out)) != 0)) {
		free_names(top, n);
		return rc;
	}
	free_names(top, n);
	if ((rc = side_list(s, out->n > 0)) != 0 || (rc = side_list(t, out->n > 0)) != 0 || !xliff)
		return rc;
	if ((rc = take_xliff(s->dir, s->names, &s->n, out)) != 0)
		return rc;
	return take_xliff(t->dir, t->names, &t->n, out);
}

/* A bilingual XLIFF file as the pair `p`, in the import's transaction;
 * what it gave into *xr (reported once the import stands). */
static int import_xliff(bt_corpus *c, const import_pair *p, const bt_import_opts *o, bt_import_result *res,
			bt_xliff_import_result *xr)
{
	bt_xliff_import_opts xo = BT_XLIFF_IMPORT_OPTS_INIT;
	int rc;
	xo.all_translated = o->all_translated;
	if ((rc = bt_xliff_import(xr, c, p->id, p->src, &xo)) != 0)
		return rc;
	res->xliff++;
	if (xr->replaced)
		res->replaced++;
	else
		res->added++;
	return 0;
}

/* What each XLIFF file gave, said once the import has committed. */
static void report_xliff(const pair_list *pl, const bt_xliff_import_result *xr, const bt_import_opts *o)
{
	for (size_t i = 0; i < pl->n && o->xliff; i++)
		if (!pl->v[i].tgt)
			o->xliff(o->xliff_ud, pl->v[i].src, pl->v[i].id, &xr[i]);
}

/* The pairs of DIR, and every file left out reported. */
static int import_pairs_of_dir(bt_corpus *c, const char *dir, const bt_import_opts *o, const read_opts *ro,
			       bt_import_result *res, pair_list *out)
{
	side_files s = {0}, t = {0};
	int rc;
	s.lang = c->src_lang, t.lang = c->tgt_lang;
	side_dir(s.dir, sizeof s.dir, dir, c->src_lang);
	side_dir(t.dir, sizeof t.dir, dir, c->tgt_lang);
	if ((rc = list_sides(dir, &s, &t, o, out)) != 0 || (rc = unique_ids(s.dir, s.names, s.n)) != 0 || (rc = unique_ids(t.dir, t.names, t.n)) != 0 ||
	    (rc = side_keys(&s)) != 0 || (rc = side_keys(&t)) != 0 || (rc = pair_exact(&s, &t, out)) != 0 ||
	    (rc = pair_tagged(&s, &t, out, o, res)) != 0 ||
	    (o->match == BT_IMPORT_MATCH_CONTENT && (rc = pair_content(c, &s, &t, out, o, ro, res)) != 0) ||
	    (rc = report_unpaired(&s, o, res)) != 0 ||
	    (rc = report_unpaired(&t, o, res)) != 0)
		goto done;
	rc = unique_pairs(out, dir);
done:
	side_dispose(&s);
	side_dispose(&t);
	return rc;
}

/* ---- import: a list of pairs ---- */

/* One line of a --pairs list: SOURCE<TAB>TARGET[<TAB>ID], paths relative
 * to the list's folder. */
static int list_line(const char *list, long line, const char *p, size_t len, const char *base, pair_list *out,
		     const char *src_lang)
{
	const char *f[4];
	size_t fl[4], nf = 0, at = 0;
	char sp[8192], tp[8192];
	while (nf < 4) {
		const char *tab = memchr(p + at, '\t', len - at);
		size_t e = tab ? (size_t)(tab - p) : len;
		f[nf] = p + at, fl[nf++] = e - at;
		if (!tab)
			break;
		at = e + 1;
	}
	if (nf < 2 || nf > 3 || !fl[0] || !fl[1] || (nf == 3 && !fl[2]))
		return bt_fail(BT_EINPUT, list, line, -1,
			       "expected SOURCE<TAB>TARGET or SOURCE<TAB>TARGET<TAB>ID, found %zu field%s", nf,
			       nf == 1 ? "" : "s");
	snprintf(sp, sizeof sp, "%s%.*s", f[0][0] == '/' ? "" : base, (int)fl[0], f[0]);
	snprintf(tp, sizeof tp, "%s%.*s", f[1][0] == '/' ? "" : base, (int)fl[1], f[1]);
	if (nf == 3)
		return pairs_push(out, f[2], fl[2], sp, tp);
	{
		/* no id: the source file's name without extension or language tag */
		char primary[16], name[4096];
		const char *tags[2] = {src_lang, primary};
		size_t off, n, skip = fl[0];
		while (skip > 0 && f[0][skip - 1] != '/')
			skip--;
		bt_lang_primary(primary, sizeof primary, src_lang);
		snprintf(name, sizeof name, "%.*s", (int)(fl[0] - skip), f[0] + skip);
		name_key(name, tags, &off, &n);
		return pairs_push(out, name + off, n, sp, tp);
	}
}

static int import_pairs_of_list(bt_corpus *c, const char *list, pair_list *out)
{
	bt_buf b = BT_BUF_INIT;
	char base[4096] = "";
	const char *slash = strrchr(list, '/');
	size_t at = 0, bad;
	long line = 0;
	int rc;
	if (slash)
		snprintf(base, sizeof base, "%.*s/", (int)(slash - list), list);
	if ((rc = bt_read_file_max(&b, list, 64u << 20)) != 0)
		return rc;
	if ((bad = bt_utf8_check(b.ptr, b.len)) != b.len) {
		rc = bt_fail(BT_EINPUT, list, -1, (long long)bad, "invalid UTF-8 (byte 0x%02X)", (unsigned char)b.ptr[bad]);
		goto done;
	}
	while (at < b.len && !rc) {
		const char *nl = memchr(b.ptr + at, '\n', b.len - at);
		size_t e = nl ? (size_t)(nl - b.ptr) : b.len, n = e - at;
		line++;
		if (n && b.ptr[at + n - 1] == '\r')
			n--;
		if (n && b.ptr[at] != '#')
			rc = list_line(list, line, b.ptr + at, n, base, out, c->src_lang);
		at = e + 1;
	}
	if (!rc)
		rc = unique_pairs(out, list);
done:
	bt_buf_dispose(&b);
	return rc;
}

int bt_corpus_import(bt_import_result *res, bt_corpus *c, const char *dir, const bt_import_opts *opts)
{
	BT_OPTS_CHECK(opts, BT_IMPORT_OPTS_VERSION, "bt_corpus_import");
	static const bt_import_opts defaults = BT_IMPORT_OPTS_INIT;
	pair_list pl = {0};
	bt_xliff_import_result *xr = NULL; /* by pair, for the XLIFF files */
	int rc, result;
	read_opts ro;

	if (!opts)
		opts = &defaults;
	ro = (read_opts){opts->encoding, opts->format, opts->doc_flags, opts->on_doc, opts->on_doc_ud,
			 {opts->src_encoding, opts->tgt_encoding}, opts->force_encoding, NULL, NULL, NULL};
	memset(res, 0, sizeof *res);
	if (opts->pairs_file && opts->match)
		return bt_fail(BT_EUSAGE, NULL, -1, -1, "a --pairs list names its pairs: matching by content is for a folder");
	rc = opts->pairs_file ? import_pairs_of_list(c, opts->pairs_file, &pl)
			      : import_pairs_of_dir(c, dir, opts, &ro, res, &pl);
	if (!rc && pl.n && !(xr = bt_calloc(pl.n, sizeof *xr)))
		rc = bt_fail_nomem();
	if (rc || (rc = bt_store_begin(c)) != 0)
		goto done;
	for (size_t i = 0; i < pl.n; i++) {
		bt_readd_result rr;
		memset(&rr, 0, sizeof rr);
		ro.readd = &rr;
		if (!pl.v[i].tgt) {
			if ((rc = import_xliff(c, &pl.v[i], opts, res, &xr[i])) != 0) {
				bt_store_rollback(c);
				goto done;
			}
		} else if ((rc = add_pair(c, pl.v[i].id, pl.v[i].src, pl.v[i].tgt, &ro, &result)) != 0) {
			bt_store_rollback(c);
			goto done;
		} else if (result == BT_ADD_NEW)
			res->added++;
		else if (result == BT_ADD_REPLACED)
			res->replaced++, res->corrections_kept += rr.corrections_kept,
				res->corrections_lost += rr.corrections_lost;
		else
			res->unchanged++;
		if (opts->progress)
			opts->progress(opts->progress_ud, i + 1, pl.n, pl.v[i].id);
	}
	if ((rc = bt_store_commit(c)) == 0)
		report_xliff(&pl, xr, opts);
done:
	if (rc)
		memset(res, 0, sizeof *res);
	bt_free(xr);
	pairs_dispose(&pl);
	return rc;
}
