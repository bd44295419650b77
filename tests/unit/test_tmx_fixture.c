/* test_tmx_fixture.c: builds the corpora the TMX tests export (a helper,
 * not a test). Links are written directly, so the TMX tests depend on
 * neither the segmenter's nor the aligner's current output.
 *
 *   test_tmx_fixture sql DB FILE.sql   create DB (nl -> en) if missing, run FILE.sql
 *   test_tmx_fixture gold DB DIR       the sample corpus DIR (corpus/): each pair
 *                                      added, then its segments and links set to
 *                                      the hand-made gold (DIR/gold/X.nl, .en,
 *                                      .nl.kinds, .en.kinds, .nlen), score 1, manual
 */
#include "bitext.h"
#include "store_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int die(const char *what)
{
	const bt_error *e = bt_error_last();
	fprintf(stderr, "test_tmx_fixture: %s: %s%s%s\n", what, e->file, e->file[0] ? ": " : "", e->msg);
	return 1;
}

static int open_db(bt_corpus **c, const char *db)
{
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	FILE *f = fopen(db, "rb");
	if (f)
		fclose(f);
	o.create = f == NULL;
	return bt_corpus_open(c, db, &o);
}

static int run_sql(const char *db, const char *file)
{
	bt_corpus *c = NULL;
	bt_buf sql = BT_BUF_INIT;
	char *err = NULL;
	int rc = 0;
	if (open_db(&c, db) || bt_read_file(&sql, file))
		return die(db);
	if (sqlite3_exec(c->db, sql.ptr, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "test_tmx_fixture: %s: %s\n", file, err);
		rc = 1;
	}
	sqlite3_free(err);
	bt_buf_dispose(&sql);
	bt_corpus_free(c);
	return rc;
}

/* Next line of `b` from *pos (without the newline), NULL at the end. */
static const char *next_line(bt_buf *b, size_t *pos, size_t *len)
{
	const char *s, *nl;
	if (*pos >= b->len)
		return NULL;
	s = b->ptr + *pos;
	nl = memchr(s, '\n', b->len - *pos);
	*len = nl ? (size_t)(nl - s) : b->len - *pos;
	*pos += *len + 1;
	return s;
}

static int exec1(bt_corpus *c, const char *sql, const char *pair, const char *side)
{
	sqlite3_stmt *st;
	int rc;
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return fprintf(stderr, "%s\n", sqlite3_errmsg(c->db)), 1;
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	if (side)
		sqlite3_bind_text(st, 2, side, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : 1;
	if (rc)
		fprintf(stderr, "%s\n", sqlite3_errmsg(c->db));
	sqlite3_finalize(st);
	return rc;
}

/* Replaces the segments of one side of `pair` with the gold ones: each
 * gold line found in the document's text after the one before, paragraphs
 * counted by the blank lines before it (the store re-segments the
 * document; bt_store_doc_text() gives its text). */
static int gold_side(bt_corpus *c, const char *dir, const char *pair, int side, const char *lang)
{
	char path[4096];
	bt_buf lines = BT_BUF_INIT, kinds = BT_BUF_INIT, doc = BT_BUF_INIT;
	bt_spans sp = BT_SPANS_INIT;
	const char *text, *line, *kind;
	size_t lp = 0, kp = 0, ll, kl, at, ordinal = 0;
	int rc = 1;

	snprintf(path, sizeof path, "%s/gold/%s.%s", dir, pair, lang);
	if (bt_read_file(&lines, path))
		return die(path);
	snprintf(path, sizeof path, "%s/gold/%s.%s.kinds", dir, pair, lang);
	if (bt_read_file(&kinds, path))
		return die(path);
	if (bt_store_doc_text(c, pair, side, &doc, &at)) {
		rc = die(pair);
		goto done;
	}
	text = doc.ptr ? doc.ptr : "";
	while ((line = next_line(&lines, &lp, &ll)) != NULL) {
		char *needle = strndup(line, ll);
		const char *hit = strstr(text + at, needle);
		unsigned para = 0;
		bt_span s;
		free(needle);
		kind = next_line(&kinds, &kp, &kl);
		if (!hit || !kind) {
			fprintf(stderr, "test_tmx_fixture: %s %s: gold segment %zu not found in the text\n", pair, lang, ordinal);
			goto done;
		}
		for (const char *q = text; q < hit; q++) /* paragraphs: blank lines before */
			if (q[0] == '\n' && q[1] == '\n' && (q == text || q[-1] != '\n'))
				para++;
		at = (size_t)(hit - text);
		s = (bt_span){at, at + ll, kl == 7 && memcmp(kind, "heading", 7) == 0 ? BT_SEG_HEADING : BT_SEG_SENTENCE,
			      para};
		if (sp.n == sp.cap) {
			bt_span *v = realloc(sp.v, (sp.cap = sp.cap ? sp.cap * 2 : 64) * sizeof *v);
			if (!v)
				goto done;
			sp.v = v;
		}
		sp.v[sp.n++] = s;
		ordinal++;
		at += ll;
	}
	if (bt_store_doc_resegment(c, pair, side, sp.v, sp.n)) {
		rc = die(pair);
		goto done;
	}
	rc = 0;
done:
	bt_buf_dispose(&lines);
	bt_buf_dispose(&kinds);
	bt_buf_dispose(&doc);
	bt_spans_dispose(&sp);
	return rc;
}

/* "[1, 2]:[3]" -> first 1, n 2 and first 3, n 1; an empty side gets the
 * position where it would be. */
static int parse_side(const char **p, long *first, long *n)
{
	char *end;
	*n = 0;
	if (**p != '[')
		return 1;
	(*p)++;
	while (**p != ']') {
		long v = strtol(*p, &end, 10);
		if (end == *p)
			return 1;
		if ((*n)++ == 0)
			*first = v;
		*p = end;
		if (**p == ',')
			(*p)++;
		while (**p == ' ')
			(*p)++;
	}
	(*p)++;
	return 0;
}

static int gold_links(bt_corpus *c, const char *dir, const char *pair)
{
	char path[4096];
	bt_buf links = BT_BUF_INIT;
	sqlite3_stmt *ins = NULL;
	const char *line;
	size_t lp = 0, ll;
	long ordinal = 0, next_src = 0, next_tgt = 0;
	int rc = 1;
	snprintf(path, sizeof path, "%s/gold/%s.nlen", dir, pair);
	if (bt_read_file(&links, path))
		return die(path);
	if (exec1(c, "DELETE FROM links WHERE pair_id = ?", pair, NULL))
		goto done;
	sqlite3_prepare_v2(c->db,
			   "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual)"
			   " VALUES (?,?,?,?,?,?,1.0,1)",
			   -1, &ins, NULL);
	while ((line = next_line(&links, &lp, &ll)) != NULL) {
		const char *p = line;
		long sf = next_src, sn, tf = next_tgt, tn;
		if (parse_side(&p, &sf, &sn) || *p++ != ':' || parse_side(&p, &tf, &tn)) {
			fprintf(stderr, "test_tmx_fixture: %s: bad line %.*s\n", path, (int)ll, line);
			goto done;
		}
		next_src = sf + sn, next_tgt = tf + tn;
		sqlite3_bind_text(ins, 1, pair, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 2, ordinal++);
		sqlite3_bind_int64(ins, 3, sf);
		sqlite3_bind_int64(ins, 4, sn);
		sqlite3_bind_int64(ins, 5, tf);
		sqlite3_bind_int64(ins, 6, tn);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "%s\n", sqlite3_errmsg(c->db));
			goto done;
		}
		sqlite3_reset(ins);
	}
	rc = 0;
done:
	sqlite3_finalize(ins);
	bt_buf_dispose(&links);
	return rc;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int gold(const char *db, const char *dir)
{
	char path[4096], sp[4096], tp[4096], *names[256];
	size_t n = 0;
	bt_corpus *c = NULL;
	DIR *d;
	struct dirent *e;
	int rc = 0, result;

	if (open_db(&c, db))
		return die(db);
	snprintf(path, sizeof path, "%s/gold", dir);
	if (!(d = opendir(path)))
		return fprintf(stderr, "test_tmx_fixture: cannot open %s\n", path), 1;
	while ((e = readdir(d)) != NULL && n < 256) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".nlen") == 0)
			names[n++] = strndup(e->d_name, l - 5);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp);
	for (size_t i = 0; i < n && !rc; i++) {
		snprintf(sp, sizeof sp, "%s/nl/%s.txt", dir, names[i]);
		snprintf(tp, sizeof tp, "%s/en/%s.txt", dir, names[i]);
		if (bt_corpus_add(&result, c, names[i], sp, tp, NULL)) {
			rc = die(names[i]);
			break;
		}
		if (sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			rc = 1;
		rc = rc || gold_side(c, dir, names[i], 0, "nl") || gold_side(c, dir, names[i], 1, "en") ||
		     gold_links(c, dir, names[i]);
		if (sqlite3_exec(c->db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			rc = 1;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	bt_corpus_free(c);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "sql") == 0)
		return run_sql(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "gold") == 0)
		return gold(argv[2], argv[3]);
	fprintf(stderr, "usage: test_tmx_fixture sql DB FILE.sql | gold DB CORPUS_DIR\n");
	return 2;
}
