/* test_links_edit.c: manual link edits (bt_links_edit) on a small corpus
 * whose links are written directly, so that the expected links follow
 * neither the segmenter nor the aligner; and the JSON writer of the web
 * server (serve_json.c), whose escaping keeps corpus text out of markup. */
#include "bitext.h"
#include "serve.h"
#include "store_int.h"
#include "test.h"

#include <math.h>
#include <unistd.h>

static char dir[] = "/tmp/bt_links_edit_XXXXXX";

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* The pair's links as "s0+1/t0+1 s1+2/t1+1* ...", * for manual, ~ for
 * moved. */
static const char *dump(bt_corpus *c, const char *pair)
{
	static char out[1024];
	sqlite3_stmt *st;
	size_t n = 0;
	out[0] = '\0';
	sqlite3_prepare_v2(c->db,
			   "SELECT src_first, src_n, tgt_first, tgt_n, manual, moved FROM links WHERE pair_id = ?"
			   " ORDER BY ordinal",
			   -1, &st, NULL);
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < sizeof out - 64)
		n += (size_t)snprintf(out + n, sizeof out - n, "%ss%d+%d/t%d+%d%s%s", n ? " " : "",
				      sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
				      sqlite3_column_int(st, 3), sqlite3_column_int(st, 4) ? "*" : "",
				      sqlite3_column_int(st, 5) ? "~" : "");
	sqlite3_finalize(st);
	return out;
}

static double score_of(bt_corpus *c, const char *pair, int ordinal)
{
	sqlite3_stmt *st;
	double s = -1;
	sqlite3_prepare_v2(c->db, "SELECT score FROM links WHERE pair_id = ? AND ordinal = ?", -1, &st, NULL);
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, ordinal);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return s;
}

static int edit_in(bt_corpus *c, const char *pair, int op, size_t ordinal, size_t a, size_t b, size_t *n)
{
	bt_link_edit e = BT_LINK_EDIT_INIT;
	e.op = op;
	e.ordinal = ordinal;
	if (op == BT_LINK_SPLIT)
		e.src_k = a, e.tgt_k = b;
	else
		e.side = (int)a;
	return bt_links_edit(n, c, pair, &e);
}

static int edit(bt_corpus *c, int op, size_t ordinal, size_t a, size_t b, size_t *n)
{
	return edit_in(c, "p", op, ordinal, a, b, n);
}

static void test_edits(void)
{
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	bt_corpus *c = NULL;
	char db[256];
	int result;
	size_t n = 0;
	bt_link_edit e = BT_LINK_EDIT_INIT;

	snprintf(db, sizeof db, "%s/c.db", dir);
	o.create = 1;
	CHECK_INT(bt_corpus_open(&c, db, &o), 0);
	/* one sentence a paragraph: 5 source and 4 target segments */
	write_file("nl.txt", "Een.\n\nTwee.\n\nDrie.\n\nVier.\n\nVijf.\n");
	write_file("en.txt", "One.\n\nTwo.\n\nThree.\n\nFour.\n");
	{
		char s[256], t[256];
		snprintf(s, sizeof s, "%s/nl.txt", dir);
		snprintf(t, sizeof t, "%s/en.txt", dir);
		CHECK_INT(bt_corpus_add(&result, c, "p", s, t, NULL), 0);
		CHECK_INT(bt_corpus_add(&result, c, "q", s, t, NULL), 0);
	}
	CHECK_INT(sqlite3_exec(c->db,
			       "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual) VALUES"
			       " ('p', 0, 0, 1, 0, 1, 0.9, 0), ('p', 1, 1, 1, 1, 1, 0.4, 0),"
			       " ('p', 2, 2, 2, 2, 1, 0.7, 0), ('p', 3, 4, 1, 3, 1, 0.8, 0)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+1/t1+1 s2+2/t2+1 s4+1/t3+1");

	CHECK_INT(edit(c, BT_LINK_CONFIRM, 1, 0, 0, &n), 0);
	CHECK_INT(n, 4);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+1/t1+1* s2+2/t2+1 s4+1/t3+1");
	CHECK(score_of(c, "p", 1) == 1.0);
	CHECK(fabs(score_of(c, "p", 2) - 0.7) < 1e-9); /* untouched links keep their score */

	CHECK_INT(edit(c, BT_LINK_MERGE, 0, 0, 0, &n), 0);
	CHECK_INT(n, 3);
	CHECK_STR(dump(c, "p"), "s0+2/t0+2* s2+2/t2+1 s4+1/t3+1");

	CHECK_INT(edit(c, BT_LINK_SPLIT, 0, 1, 1, &n), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1* s1+1/t1+1* s2+2/t2+1 s4+1/t3+1");

	/* the last source sentence of link 2 joins link 3 */
	CHECK_INT(edit(c, BT_LINK_MOVE_NEXT, 2, 0, 0, &n), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1* s1+1/t1+1* s2+1/t2+1* s3+2/t3+1*");

	/* the first target sentence of link 3 joins link 2: link 3 becomes 2-0 */
	CHECK_INT(edit(c, BT_LINK_MOVE_PREV, 3, 1, 0, &n), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1* s1+1/t1+1* s2+1/t2+2* s3+2/t4+0*");

	/* wrong: each sentence alone, source first */
	CHECK_INT(edit(c, BT_LINK_UNALIGN, 2, 0, 0, &n), 0);
	CHECK_INT(n, 6);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1* s1+1/t1+1* s2+1/t2+0* s3+0/t2+1* s3+0/t3+1* s3+2/t4+0*");

	/* moving a link's only sentence away removes the link */
	CHECK_INT(edit(c, BT_LINK_MOVE_PREV, 3, 1, 0, &n), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1* s1+1/t1+1* s2+1/t2+1* s3+0/t3+1* s3+2/t4+0*");
	CHECK_INT(n, 5);

	/* a split into a 1-0 and a 0-1 */
	CHECK_INT(edit(c, BT_LINK_SPLIT, 0, 1, 0, &n), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+0* s1+0/t0+1* s1+1/t1+1* s2+1/t2+1* s3+0/t3+1* s3+2/t4+0*");

	/* edits that cannot be made change nothing */
	CHECK_INT(edit(c, BT_LINK_MERGE, 5, 0, 0, NULL), BT_EINPUT);
	CHECK_INT(edit(c, BT_LINK_SPLIT, 5, 0, 0, NULL), BT_EINPUT);
	CHECK_INT(edit(c, BT_LINK_SPLIT, 5, 2, 0, NULL), BT_EINPUT);
	CHECK_INT(edit(c, BT_LINK_SPLIT, 5, 3, 0, NULL), BT_EINPUT);
	CHECK_INT(edit(c, BT_LINK_MOVE_PREV, 0, 0, 0, NULL), BT_EINPUT);
	CHECK_INT(edit(c, BT_LINK_MOVE_NEXT, 5, 0, 0, NULL), BT_EINPUT);
	CHECK_INT(edit(c, BT_LINK_MOVE_NEXT, 1, 0, 0, NULL), BT_EINPUT); /* link 1 has no source sentence */
	CHECK_INT(edit(c, BT_LINK_MOVE_NEXT, 1, 2, 0, NULL), BT_EUSAGE);
	CHECK_INT(edit(c, 99, 1, 0, 0, NULL), BT_EUSAGE);
	CHECK_INT(edit(c, BT_LINK_CONFIRM, 6, 0, 0, NULL), BT_ENOTFOUND);
	CHECK_STR(dump(c, "p"), "s0+1/t0+0* s1+0/t0+1* s1+1/t1+1* s2+1/t2+1* s3+0/t3+1* s3+2/t4+0*");

	/* the link as the caller saw it */
	e.op = BT_LINK_MERGE;
	e.ordinal = 2;
	e.check = 1;
	e.seen = (bt_link){1, 1, 1, 1, 0.0, 0};
	CHECK_INT(bt_links_edit(NULL, c, "p", &e), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+0* s1+0/t0+1* s1+2/t1+2* s3+0/t3+1* s3+2/t4+0*");
	CHECK_INT(bt_links_edit(NULL, c, "p", &e), BT_ECONFLICT); /* the same request again */
	CHECK(strstr(bt_error_last()->msg, "has changed since it was read") != NULL);
	CHECK_STR(dump(c, "p"), "s0+1/t0+0* s1+0/t0+1* s1+2/t1+2* s3+0/t3+1* s3+2/t4+0*");

	CHECK_INT(bt_links_edit(NULL, c, "nope", &e), BT_ENOTFOUND);
	CHECK_STR(bt_error_last()->msg, "no pair 'nope' in the corpus");
	e.check = 0;
	CHECK_INT(bt_links_edit(NULL, c, "q", &e), BT_EINPUT); /* not aligned */
	CHECK_STR(bt_error_last()->msg, "pair 'q' is not aligned yet; run `bitext align`");
	CHECK_INT(bt_links_edit(NULL, c, NULL, &e), BT_EUSAGE);

	/* links that do not tile the text are refused, not made worse */
	CHECK_INT(sqlite3_exec(c->db, "DELETE FROM links WHERE pair_id = 'p' AND ordinal = 4", NULL, NULL, NULL), SQLITE_OK);
	e.op = BT_LINK_CONFIRM;
	e.ordinal = 0;
	CHECK_INT(bt_links_edit(NULL, c, "p", &e), BT_EDB);
	CHECK(strstr(bt_error_last()->msg, "do not cover its 5 source and 4 target sentences as alignment links must: source sentences in no link; run") != NULL);
	CHECK_INT(sqlite3_exec(c->db, "UPDATE links SET src_first = 2 WHERE pair_id = 'p' AND ordinal = 2", NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(bt_links_edit(NULL, c, "p", &e), BT_EDB);
	CHECK(strstr(bt_error_last()->msg, ": links out of source order (link 2); run `bitext align --pair p`") != NULL);
	bt_corpus_free(c);
}

/* bt_links_check's verdict on links v[0, n) over ns x nt sentences. */
static const char *verdict(const bt_link *v, size_t n, size_t ns, size_t nt, size_t *at)
{
	bt_links l = {(bt_link *)v, n, n};
	const char *why = "(not run)";
	CHECK_INT(bt_links_check(&why, at, &l, ns, nt), 0);
	return why ? why : "ok";
}

/* The promises bt_links_check keeps links to, and bt_links_order's order. */
static void test_check_order(void)
{
	enum { M = BT_LINK_MOVED };
	size_t at = 99;
	/* 4 x 4: sources 1 and 3 swapped in the target, 3 moved; source 2
	 * untranslated, target 3 added */
	bt_link ok[] = {{0, 1, 0, 1, 1, 0}, {1, 1, 2, 1, 1, 0}, {2, 1, 3, 0, 1, 0}, {3, 1, 1, 1, 1, M}, {4, 0, 3, 1, 1, 0}};
	bt_link v[5];
	CHECK_STR(verdict(ok, 5, 4, 4, &at), "ok");
	memcpy(v, ok, sizeof ok);
	v[3].flags = 0; /* crossing, not marked: link 1 jumps over its target */
	CHECK_STR(verdict(v, 5, 4, 4, &at), "links out of target order");
	CHECK_INT(at, 1);
	memcpy(v, ok, sizeof ok);
	v[2].src_first = 1;
	CHECK_STR(verdict(v, 5, 4, 4, &at), "links out of source order");
	CHECK_INT(at, 2);
	memcpy(v, ok, sizeof ok);
	v[4].tgt_first = 2;
	CHECK_STR(verdict(v, 5, 4, 4, &at), "links out of target order");
	CHECK_INT(at, 4);
	memcpy(v, ok, sizeof ok);
	v[0].tgt_n = 2; /* target 1 also in moved link 3 */
	CHECK_STR(verdict(v, 5, 4, 4, &at), "a target sentence in two links");
	CHECK_INT(at, 0);
	CHECK_STR(verdict(ok, 4, 4, 4, &at), "target sentences in no link");
	CHECK_INT(at, 4);
	CHECK_STR(verdict(ok, 5, 5, 4, &at), "source sentences in no link");
	CHECK_STR(verdict(ok, 5, 4, 3, &at), "a link beyond the end of the text");
	CHECK_INT(at, 4);
	memcpy(v, ok, sizeof ok);
	v[3].tgt_n = 0;
	CHECK_STR(verdict(v, 5, 4, 4, &at), "a moved link without sentences on one side");
	memcpy(v, ok, sizeof ok);
	v[2].src_n = 0;
	CHECK_STR(verdict(v, 5, 4, 4, &at), "a link without sentences");

	/* in any order, unmarked: put in order, the lighter crossing link moved,
	 * the 0-1 link before the first link whose target follows it */
	{
		bt_links l = BT_LINKS_INIT;
		bt_link in[] = {{3, 1, 1, 1, 1, 0}, {0, 0, 3, 1, 1, 0}, {1, 1, 2, 1, 1, 0}, {0, 1, 0, 1, 1, 0}, {2, 1, 0, 0, 1, 0}};
		for (size_t i = 0; i < 5; i++)
			CHECK_INT(bt_links_push(&l, &in[i]), 0);
		CHECK_INT(bt_links_order(&l, 4, 4), 0);
		CHECK_STR(verdict(l.v, l.n, 4, 4, &at), "ok");
		CHECK(l.n == 5 && l.v[0].src_first == 0 && l.v[1].src_first == 1 && l.v[2].src_first == 2 &&
		      l.v[3].src_first == 3 && l.v[4].src_n == 0 && l.v[4].src_first == 4 && l.v[4].tgt_first == 3);
		CHECK((l.v[3].flags & M) || (l.v[1].flags & M));
		CHECK(!(l.v[3].flags & M) != !(l.v[1].flags & M)); /* one of the two, not both */
		CHECK(!(l.v[0].flags & M) && !(l.v[2].flags & M) && !(l.v[4].flags & M));
		bt_links_dispose(&l);
	}
}

static int pair_in(bt_corpus *c, const char *id, size_t sf, size_t sn, size_t tf, size_t tn)
{
	bt_link_edit e = BT_LINK_EDIT_INIT;
	e.op = BT_LINK_PAIR;
	e.pair = (bt_link){sf, sn, tf, tn, 0.0, 0};
	return bt_links_edit(NULL, c, id, &e);
}

static int pair(bt_corpus *c, size_t sf, size_t sn, size_t tf, size_t tn)
{
	return pair_in(c, "q", sf, sn, tf, tn);
}

/* PAIR: sentences paired wherever they stand; a pair that crosses others
 * is marked moved, and the other edits respect it. */
static void test_pair(void)
{
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	bt_undo_opts uo = BT_UNDO_OPTS_INIT;
	bt_history_entry h;
	bt_corpus *c = NULL;
	char db[256], s[256], t[256];
	int result;

	snprintf(db, sizeof db, "%s/pair.db", dir);
	snprintf(s, sizeof s, "%s/nl.txt", dir);
	snprintf(t, sizeof t, "%s/en.txt", dir);
	o.create = 1;
	CHECK_INT(bt_corpus_open(&c, db, &o), 0);
	CHECK_INT(bt_corpus_add(&result, c, "q", s, t, NULL), 0);
	/* 5 x 4 sentences: s1 and s2 alone, t1 and t2 alone */
	CHECK_INT(sqlite3_exec(c->db,
			       "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual) VALUES"
			       " ('q', 0, 0, 1, 0, 1, 0.9, 0), ('q', 1, 1, 1, 1, 0, 0.9, 0), ('q', 2, 2, 1, 1, 0, 0.9, 0),"
			       " ('q', 3, 3, 0, 1, 1, 0.9, 0), ('q', 4, 3, 0, 2, 1, 0.9, 0), ('q', 5, 3, 2, 3, 1, 0.8, 0)",
			       NULL, NULL, NULL),
		  SQLITE_OK);

	/* in order: a plain link where the sentences stood */
	CHECK_INT(pair(c, 2, 1, 1, 1), 0);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+1/t1+0 s2+1/t1+1* s3+0/t2+1 s3+2/t3+1");
	/* crossing it: moved, in source order */
	CHECK_INT(pair(c, 1, 1, 2, 1), 0);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+1/t2+1*~ s2+1/t1+1* s3+2/t3+1");
	CHECK(score_of(c, "q", 1) == 1.0);

	/* nothing may cross the moved link's text */
	CHECK_INT(edit_in(c, "q", BT_LINK_MERGE, 0, 0, 0, NULL), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "crosses other links") != NULL);
	CHECK_INT(edit_in(c, "q", BT_LINK_MERGE, 1, 0, 0, NULL), BT_EINPUT);
	CHECK_INT(edit_in(c, "q", BT_LINK_MERGE, 2, 0, 0, NULL), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "target sentences stand between link 2 and the next") != NULL);
	CHECK_INT(edit_in(c, "q", BT_LINK_MOVE_NEXT, 2, 1, 0, NULL), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "a moved block stands between") != NULL);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+1/t2+1*~ s2+1/t1+1* s3+2/t3+1");
	/* a source sentence may join it: the source side is in order */
	CHECK_INT(edit_in(c, "q", BT_LINK_MOVE_PREV, 2, 0, 0, NULL), 0);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+2/t2+1*~ s3+0/t1+1* s3+2/t3+1");

	/* undo and redo keep the mark */
	CHECK_INT(bt_corpus_undo(&h, c, &uo), 0);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+1/t2+1*~ s2+1/t1+1* s3+2/t3+1");
	uo.redo = 1;
	CHECK_INT(bt_corpus_undo(&h, c, &uo), 0);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+2/t2+1*~ s3+0/t1+1* s3+2/t3+1");
	CHECK_INT(bt_corpus_undo(&h, c, &(bt_undo_opts)BT_UNDO_OPTS_INIT), 0);

	/* wrong after all: its sentences alone again, in their places */
	CHECK_INT(edit_in(c, "q", BT_LINK_UNALIGN, 1, 0, 0, NULL), 0);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+1/t1+0* s2+1/t1+1* s3+0/t2+1* s3+2/t3+1");

	/* taken from a link: the rest stays one link, scored 0 for a look */
	CHECK_INT(pair(c, 3, 1, 2, 1), 0);
	CHECK_STR(dump(c, "q"), "s0+1/t0+1 s1+1/t1+0* s2+1/t1+1* s3+1/t2+1* s4+1/t3+1");
	CHECK(score_of(c, "q", 4) == 0.0);
	/* the rest in two pieces on a side: sentence by sentence */
	CHECK_INT(sqlite3_exec(c->db,
			       "DELETE FROM links WHERE pair_id = 'q'; INSERT INTO links(pair_id, ordinal, src_first, src_n,"
			       " tgt_first, tgt_n, score, manual) VALUES ('q', 0, 0, 3, 0, 1, 0.9, 0),"
			       " ('q', 1, 3, 2, 1, 3, 0.9, 0)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(pair(c, 1, 1, 2, 1), 0);
	/* nothing with both sides is left to cross: in order, each alone */
	CHECK_STR(dump(c, "q"), "s0+1/t0+0 s1+0/t0+1 s1+0/t1+1 s1+1/t2+1* s2+1/t3+0 s3+1/t3+0 s4+1/t3+0 s5+0/t3+1");

	/* what cannot be paired */
	CHECK_INT(pair(c, 1, 0, 2, 1), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "a pair needs sentences on both sides") != NULL);
	CHECK_INT(pair(c, 4, 2, 0, 1), BT_ENOTFOUND);
	CHECK(strstr(bt_error_last()->msg, "no sentences 5-6 and 1-1") != NULL);
	bt_corpus_free(c);
}

/* bitext align keeps manual links and realigns only between them
 * (src/store/corpus_align.c). */
static void test_align_keeps_manual(void)
{
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	bt_aligner_opts ao = BT_ALIGNER_OPTS_INIT;
	bt_corpus_align_opts cao = BT_CORPUS_ALIGN_OPTS_INIT;
	bt_corpus_align_result res;
	bt_aligner *a = NULL;
	bt_corpus *c = NULL;
	char db[256], s[256], t[256];
	int result;

	snprintf(db, sizeof db, "%s/align.db", dir);
	o.create = 1;
	CHECK_INT(bt_corpus_open(&c, db, &o), 0);
	write_file("nl2.txt", "Een hond.\n\nTwee katten.\n\nDrie vogels.\n\nVier paarden.\n\nVijf koeien.\n\nZes vissen.\n");
	write_file("en2.txt", "One dog.\n\nTwo cats.\n\nThree birds.\n\nFour horses.\n\nFive cows.\n\nSix fish.\n");
	snprintf(s, sizeof s, "%s/nl2.txt", dir);
	snprintf(t, sizeof t, "%s/en2.txt", dir);
	CHECK_INT(bt_corpus_add(&result, c, "p", s, t, NULL), 0);
	ao.no_default_glossary = 1;
	/* the aligner by length alone: the word model the pair's links would
	 * teach is not what these cases are about */
	cao.word_model = 0;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &ao), 0);
	CHECK_INT(bt_corpus_align(&res, c, a, &cao), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+1/t1+1 s2+1/t2+1 s3+1/t3+1 s4+1/t4+1 s5+1/t5+1");

	/* a person says link 1 is wrong and links 3 and 4 are one */
	CHECK_INT(edit(c, BT_LINK_UNALIGN, 1, 0, 0, NULL), 0);
	CHECK_INT(edit(c, BT_LINK_MERGE, 4, 0, 0, NULL), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+1/t1+0* s2+0/t1+1* s2+1/t2+1 s3+2/t3+2* s5+1/t5+1");
	CHECK_INT(bt_corpus_align(&res, c, a, &cao), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+1/t1+0* s2+0/t1+1* s2+1/t2+1 s3+2/t3+2* s5+1/t5+1");
	CHECK_INT(res.links, 6);
	CHECK(res.manual_kept == 3 && res.manual_dropped == 0 && res.links_cut == 0);
	CHECK(score_of(c, "p", 1) == 1.0 && score_of(c, "p", 4) == 1.0);

	/* a manual link that no longer fits the text is left to the aligner */
	CHECK_INT(sqlite3_exec(c->db, "UPDATE links SET src_first = 9 WHERE pair_id = 'p' AND ordinal = 4", NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(bt_corpus_align(&res, c, a, &cao), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+1/t1+0* s2+0/t1+1* s2+1/t2+1 s3+1/t3+1 s4+1/t4+1 s5+1/t5+1");
	CHECK(res.manual_kept == 2 && res.manual_dropped == 1 && res.links_cut == 0);

	/* a block paired across others stays, and the rest is aligned
	 * without its sentences */
	CHECK_INT(pair_in(c, "p", 1, 1, 4, 1), 0);
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+0/t1+1* s1+1/t4+1*~ s2+1/t2+1 s3+1/t3+1 s4+1/t4+0 s5+1/t5+1");
	CHECK_INT(bt_corpus_align(&res, c, a, &cao), 0);
	/* (by length alone, with no glossary, s2-s4 go to t2-t3 as 2-1, 1-1) */
	CHECK_STR(dump(c, "p"), "s0+1/t0+1 s1+0/t1+1* s1+1/t4+1*~ s2+2/t2+1 s4+1/t3+1 s5+1/t5+1");
	CHECK_INT(res.links, 6);
	CHECK(res.manual_kept == 2 && res.manual_dropped == 0 && res.links_cut == 0);

	/* where the aligner links sentences on either side of a moved one,
	 * that link is cut into single sentences scored 0, and counted */
	write_file("nl3.txt", "Een hond.\n\nDrie vogels.\n\nVier paarden.\n\nVijf koeien.\n\nZes vissen.\n");
	write_file("en3.txt", "One dog.\n\nThree birds, five cows.\n\nSix fish.\n\nFour horses.\n");
	snprintf(s, sizeof s, "%s/nl3.txt", dir);
	snprintf(t, sizeof t, "%s/en3.txt", dir);
	CHECK_INT(bt_corpus_add(&result, c, "r", s, t, NULL), 0);
	cao.pair_id = "r";
	CHECK_INT(bt_corpus_align(&res, c, a, &cao), 0);
	CHECK_INT(pair_in(c, "r", 2, 1, 3, 1), 0);
	CHECK_INT(bt_corpus_align(&res, c, a, &cao), 0);
	/* s1 and s3 with t1 as one link, cut; s4-t2 is the one that crosses
	 * now, as the heaviest chain in order keeps the manual link */
	CHECK_STR(dump(c, "r"), "s0+1/t0+1 s1+1/t1+0 s2+0/t1+1 s2+1/t3+1* s3+1/t4+0 s4+1/t2+1~");
	CHECK(score_of(c, "r", 1) == 0.0 && score_of(c, "r", 2) == 0.0 && score_of(c, "r", 4) == 0.0);
	CHECK(res.manual_kept == 1 && res.manual_dropped == 0 && res.links_cut == 1);
	bt_aligner_free(a);
	bt_corpus_free(c);
}

static const char *json(const char *s, size_t len)
{
	static bt_buf b = BT_BUF_INIT;
	bt_buf_clear(&b);
	if (bt_serve_json_str(&b, s, len))
		return "(error)";
	return b.ptr;
}

static const char *num(double v)
{
	static bt_buf b = BT_BUF_INIT;
	bt_buf_clear(&b);
	bt_serve_json_num(&b, v);
	return b.ptr;
}

static void test_json(void)
{
	static const char in[] = "a\"b\\c\n\t<script>&\x01\x7f\xff \xe2\x80\xa8\xe2\x80\xa9 \xc3\xa9 \xf0\x9f\x98\x80"
				 " \xed\xa0\x80 \xc0\xaf \xe2\x82";
	CHECK_STR(json(in, sizeof in - 1), "\"a\\\"b\\\\c\\n\\t\\u003cscript\\u003e\\u0026\\u0001\x7f\\ufffd "
					     "\\u2028\\u2029 \xc3\xa9 \xf0\x9f\x98\x80 \\ufffd\\ufffd\\ufffd "
					     "\\ufffd\\ufffd \\ufffd\\ufffd\"");
	CHECK_STR(json("", 0), "\"\"");
	CHECK_STR(json("a\0b", 3), "\"a\\u0000b\"");
	CHECK_STR(num(0.5), "0.5");
	CHECK_STR(num(1.0), "1");
	CHECK_STR(num(0.81742), "0.8174");
	CHECK_STR(num(-0.00001), "0");
	CHECK_STR(num(NAN), "null");
	CHECK_STR(num(12.0), "12");
	{
		bt_buf b = BT_BUF_INIT;
		CHECK_INT(bt_serve_error(&b, 404, "no pair '%s'", "<x>"), 404);
		CHECK_STR(b.ptr, "{\"error\":\"no pair '\\u003cx\\u003e'\",\"status\":404}\n");
		bt_buf_dispose(&b);
	}
}

int main(void)
{
	char cmd[300];
	if (!mkdtemp(dir))
		return 99;
	test_check_order();
	test_edits();
	test_pair();
	test_align_keeps_manual();
	test_json();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_END();
}
