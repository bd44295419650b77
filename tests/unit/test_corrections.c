/* test_corrections.c: edits, splits and joins of segments
 * (bt_corpus_correct, src/store/corrections.c) on a small corpus whose
 * links are written directly: the segments, the document's text rebuilt
 * from them, the links, undo and redo of each (across a reopen), the bad
 * inputs, and the corrections made again when the pair is added again. */
#include "bitext.h"
#include "store_int.h"
#include "test.h"

#include <unistd.h>

static char dir[] = "/tmp/bt_corrections_XXXXXX";

static const char *path_in(const char *name)
{
	static char p[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof p[i], "%s/%s", dir, name);
	return p[i];
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_in(name), "w");
	fputs(text, f);
	fclose(f);
}

/* One side's segments as "[text]start-end ..." */
static const char *segs(bt_corpus *c, const char *side)
{
	static char out[1024];
	sqlite3_stmt *st;
	size_t n = 0;
	out[0] = '\0';
	sqlite3_prepare_v2(c->db,
			   "SELECT s.ordinal, s.text, s.start, s.end, s.para FROM segments s JOIN documents d ON d.id = s.doc_id"
			   " WHERE d.pair_id = 'p' AND d.side = ? ORDER BY s.ordinal",
			   -1, &st, NULL);
	sqlite3_bind_text(st, 1, side, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < sizeof out - 128)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%d[%s]%d-%d", n ? " " : "", sqlite3_column_int(st, 0),
				      (const char *)sqlite3_column_text(st, 1), sqlite3_column_int(st, 2),
				      sqlite3_column_int(st, 3));
	sqlite3_finalize(st);
	return out;
}

static const char *links_of(bt_corpus *c, const char *pair)
{
	static char out[512];
	sqlite3_stmt *st;
	size_t n = 0;
	out[0] = '\0';
	sqlite3_prepare_v2(c->db,
			   "SELECT src_first, src_n, tgt_first, tgt_n FROM links WHERE pair_id = ? ORDER BY ordinal", -1,
			   &st, NULL);
	sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < sizeof out - 64)
		n += (size_t)snprintf(out + n, sizeof out - n, "%ss%d+%d/t%d+%d", n ? " " : "", sqlite3_column_int(st, 0),
				      sqlite3_column_int(st, 1), sqlite3_column_int(st, 2), sqlite3_column_int(st, 3));
	sqlite3_finalize(st);
	return out;
}

static const char *links(bt_corpus *c)
{
	return links_of(c, "p");
}

static const char *doc_text(bt_corpus *c, int side)
{
	static char out[512];
	bt_buf b = BT_BUF_INIT;
	int rc = bt_store_doc_text(c, "p", side, &b, NULL);
	snprintf(out, sizeof out, "%s", rc ? "(error)" : b.ptr ? b.ptr : "");
	bt_buf_dispose(&b);
	return out;
}

static long long count(bt_corpus *c, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int correct(bt_corpus *c, const char *pair, int op, int side, size_t ordinal, const char *text, size_t at,
		   const char *seen)
{
	bt_correction k = BT_CORRECTION_INIT;
	k.op = op, k.side = side, k.ordinal = ordinal, k.text = text, k.at = at, k.seen = seen;
	return bt_corpus_correct(NULL, c, pair, &k);
}

static int undo(bt_corpus *c, int redo)
{
	bt_undo_opts u = BT_UNDO_OPTS_INIT;
	bt_history_entry e;
	u.pair = "p";
	u.redo = redo;
	return bt_corpus_undo(&e, c, &u);
}

static bt_corpus *reopen(bt_corpus *c)
{
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	bt_corpus_free(c);
	c = NULL;
	CHECK_INT(bt_corpus_open(&c, path_in("c.db"), &o), 0);
	return c;
}

#define SRC0 "0[Een twee.]0-9 1[Drie vier.]10-20 2[Vijf.]22-27"
#define LINKS0 "s0+1/t0+1 s1+1/t1+1 s2+1/t2+1"
#define TEXT0 "Een twee. Drie vier.\n\nVijf.\n"

static int entries(void *ud, const bt_correction_entry *e)
{
	char *out = ud;
	size_t n = strlen(out);
	snprintf(out + n, 1024 - n, "%s %s %s %lld %lld [%s|%s|%s|%s] %d\n", e->pair, e->side ? "tgt" : "src",
		 bt_correct_op_name(e->op), e->ordinal, e->at, e->before, e->before_next ? e->before_next : "-", e->after,
		 e->after_next ? e->after_next : "-", e->applied);
	return 0;
}

static int mark(void *ud, long long ordinal)
{
	unsigned *set = ud;
	if (ordinal >= 0 && ordinal < 32)
		*set |= 1u << ordinal;
	return 0;
}

/* The segments of a side the review page marks as corrected, in order
 * (a segment may be named more than once). */
static const char *marked(bt_corpus *c, int side)
{
	static char out[128];
	unsigned set = 0;
	size_t n = 0;
	out[0] = '\0';
	if (bt_store_corrected_each(c, "p", side, mark, &set) != 0)
		return "(error)";
	for (int i = 0; i < 32; i++)
		if (set & (1u << i))
			n += (size_t)snprintf(out + n, sizeof out - n, "%s%d", n ? " " : "", i);
	return out;
}

static void test_ops(bt_corpus **cp)
{
	bt_corpus *c = *cp;
	char list[1024] = "";

	CHECK_STR(segs(c, "src"), SRC0);
	CHECK_STR(doc_text(c, 0), TEXT0);

	/* an edit: NFC (e + combining acute becomes é), offsets after it move */
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, "Ee\xcc\x81n twee!", 0, "Een twee."), 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie vier.]11-21 2[Vijf.]23-28");
	CHECK_STR(doc_text(c, 0), "E\xc3\xa9n twee! Drie vier.\n\nVijf.\n");
	CHECK_STR(links(c), LINKS0);
	CHECK_INT(undo(c, 0), 0);
	CHECK_STR(segs(c, "src"), SRC0);
	CHECK_STR(doc_text(c, 0), TEXT0);
	CHECK_INT(count(c, "SELECT count(*) FROM corrections"), 0);
	c = reopen(c); /* redo after a restart */
	CHECK_INT(undo(c, 1), 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie vier.]11-21 2[Vijf.]23-28");
	CHECK_INT(count(c, "SELECT count(*) FROM corrections"), 1);

	/* a split after the space: the space goes between the parts, the
	 * text stays, the link that held the segment holds both */
	CHECK_INT(correct(c, "p", BT_CORRECT_SPLIT, 0, 1, NULL, 5, NULL), 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie]11-15 2[vier.]16-21 3[Vijf.]23-28");
	CHECK_STR(doc_text(c, 0), "E\xc3\xa9n twee! Drie vier.\n\nVijf.\n");
	CHECK_STR(links(c), "s0+1/t0+1 s1+2/t1+1 s3+1/t2+1");
	CHECK_INT(count(c, "SELECT count(*) FROM paragraphs p JOIN documents d ON d.id = p.doc_id"
			   " WHERE d.side = 'src' AND d.pair_id = 'p'"),
		  2);
	CHECK_INT(undo(c, 0), 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie vier.]11-21 2[Vijf.]23-28");
	CHECK_STR(links(c), LINKS0);
	c = reopen(c);
	CHECK_INT(undo(c, 1), 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie]11-15 2[vier.]16-21 3[Vijf.]23-28");
	CHECK_STR(links(c), "s0+1/t0+1 s1+2/t1+1 s3+1/t2+1");

	/* a split just before the space gives the same parts */
	CHECK_INT(correct(c, "p", BT_CORRECT_SPLIT, 1, 0, NULL, 3, NULL), 0);
	CHECK_STR(segs(c, "tgt"), "0[One]0-3 1[two.]4-8 2[Three four.]9-20 3[Five.]22-27");
	CHECK_STR(doc_text(c, 1), "One two. Three four.\n\nFive.\n");
	CHECK_STR(links(c), "s0+1/t0+2 s1+2/t2+1 s3+1/t3+1");

	/* a join takes back the target split; what lay between stays */
	CHECK_INT(correct(c, "p", BT_CORRECT_JOIN, 1, 0, NULL, 0, "One"), 0);
	CHECK_STR(segs(c, "tgt"), "0[One two.]0-8 1[Three four.]9-20 2[Five.]22-27");
	CHECK_STR(doc_text(c, 1), "One two. Three four.\n\nFive.\n");
	CHECK_STR(links(c), "s0+1/t0+1 s1+2/t1+1 s3+1/t2+1");
	CHECK_INT(undo(c, 0), 0);
	CHECK_STR(segs(c, "tgt"), "0[One]0-3 1[two.]4-8 2[Three four.]9-20 3[Five.]22-27");
	CHECK_STR(links(c), "s0+1/t0+2 s1+2/t2+1 s3+1/t3+1");
	c = reopen(c);
	CHECK_INT(undo(c, 1), 0);
	CHECK_STR(segs(c, "tgt"), "0[One two.]0-8 1[Three four.]9-20 2[Five.]22-27");
	CHECK_STR(links(c), "s0+1/t0+1 s1+2/t1+1 s3+1/t2+1");

	/* the record: where each stands now (the edit at 0, the split at 1) */
	CHECK_INT(bt_corpus_corrections(c, "p", entries, list), 0);
	CHECK_STR(list, "p src edit 0 -1 [Een twee.|-|E\xc3\xa9n twee!|-] 1\n"
			"p src split 1 5 [Drie vier.|-|Drie|vier.] 1\n"
			"p tgt split 0 3 [One two.|-|One|two.] 1\n"
			"p tgt join 0 -1 [One|two.|One two.|-] 1\n");

	/* marked: the edit, and both parts of the split, each by its own
	 * text, so an edit of the first part leaves the second marked */
	CHECK_STR(marked(c, 0), "0 1 2");
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 1, "Drie,", 0, NULL), 0);
	CHECK_STR(marked(c, 0), "0 1 2");
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 2, "vijf.", 0, NULL), 0);
	CHECK_STR(marked(c, 0), "0 1 2");
	CHECK_INT(undo(c, 0), 0);
	CHECK_INT(undo(c, 0), 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie]11-15 2[vier.]16-21 3[Vijf.]23-28");
	CHECK_STR(marked(c, 0), "0 1 2");
	*cp = c;
}

static void test_refused(bt_corpus *c)
{
	const char *src = "0[E\xc3\xa9n twee!]0-10 1[Drie]11-15 2[vier.]16-21 3[Vijf.]23-28";
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, "", 0, NULL), BT_EINPUT);
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, NULL, 0, NULL), BT_EINPUT);
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, "a\nb", 0, NULL), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "a line break") != NULL);
	CHECK_INT(bt_error_last()->byte, 1);
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, "ab\xff", 0, NULL), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "the text has invalid UTF-8 at byte 2");
	CHECK_INT(bt_error_last()->byte, 2);
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, "ab ", 0, NULL), BT_EINPUT);
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, "E\xc3\xa9n twee!", 0, NULL), BT_EINPUT); /* as it is */
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 9, "x", 0, NULL), BT_ENOTFOUND);
	CHECK_STR(bt_error_last()->msg, "pair 'p' has 4 src segments: no segment 9");
	CHECK_INT(correct(c, "nope", BT_CORRECT_EDIT, 0, 0, "x", 0, NULL), BT_ENOTFOUND);
	CHECK_STR(bt_error_last()->msg, "no pair 'nope' in the corpus");
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 0, 0, "x", 0, "Een twee."), BT_ECONFLICT);
	CHECK_INT(correct(c, "p", BT_CORRECT_EDIT, 2, 0, "x", 0, NULL), BT_EUSAGE);
	CHECK_INT(correct(c, "p", 9, 0, 0, "x", 0, NULL), BT_EUSAGE);
	/* splits at the ends, inside a character, leaving only white space */
	CHECK_INT(correct(c, "p", BT_CORRECT_SPLIT, 0, 0, NULL, 0, NULL), BT_EINPUT);
	CHECK_INT(correct(c, "p", BT_CORRECT_SPLIT, 0, 0, NULL, 11, NULL), BT_EINPUT);
	CHECK_INT(correct(c, "p", BT_CORRECT_SPLIT, 0, 0, NULL, 2, NULL), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "inside a UTF-8 character") != NULL);
	/* joins: across links, across paragraphs, the last one */
	CHECK_INT(correct(c, "p", BT_CORRECT_JOIN, 0, 0, NULL, 0, NULL), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg,
		  "segments 0 and 1 (src) are in different links: merge the links first, then join them");
	CHECK_INT(correct(c, "p", BT_CORRECT_JOIN, 0, 2, NULL, 0, NULL), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg,
		  "segments 2 and 3 (src) are in different links: merge the links first, then join them");
	/* in one link, but a paragraph break between them */
	CHECK_INT(sqlite3_exec(c->db,
			       "DELETE FROM links WHERE pair_id = 'p' AND ordinal = 2;"
			       "UPDATE links SET src_n = 3, tgt_n = 2 WHERE pair_id = 'p' AND ordinal = 1",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(correct(c, "p", BT_CORRECT_JOIN, 0, 2, NULL, 0, NULL), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "segments 2 and 3 are in different paragraphs: not joined");
	CHECK_INT(sqlite3_exec(c->db,
			       "UPDATE links SET src_n = 2, tgt_n = 1 WHERE pair_id = 'p' AND ordinal = 1;"
			       "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual)"
			       " VALUES ('p', 2, 3, 1, 2, 1, 0.7, 0)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_STR(links(c), "s0+1/t0+1 s1+2/t1+1 s3+1/t2+1");
	CHECK_INT(correct(c, "p", BT_CORRECT_JOIN, 0, 3, NULL, 0, NULL), BT_ENOTFOUND);
	CHECK_STR(segs(c, "src"), src);
	CHECK_INT(count(c, "SELECT count(*) FROM corrections"), 4);
}

/* A link without a source sentence stands at its src_first: a split
 * before it moves it with the sentences, a join takes it back. */
static void test_empty_side(bt_corpus *c)
{
	int result;
	CHECK_INT(bt_corpus_add(&result, c, "z", path_in("nl.txt"), path_in("en.txt"), NULL), 0);
	CHECK_INT(sqlite3_exec(c->db,
			       "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual) VALUES"
			       " ('z', 0, 0, 1, 0, 1, 0.9, 0), ('z', 1, 1, 0, 1, 1, 0.4, 0), ('z', 2, 1, 2, 2, 1, 0.7, 0)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	CHECK_INT(correct(c, "z", BT_CORRECT_SPLIT, 0, 0, NULL, 4, NULL), 0);
	CHECK_STR(links_of(c, "z"), "s0+2/t0+1 s2+0/t1+1 s2+2/t2+1");
	CHECK_INT(correct(c, "z", BT_CORRECT_JOIN, 0, 2, NULL, 0, NULL), BT_EINPUT); /* a paragraph break */
	CHECK_INT(correct(c, "z", BT_CORRECT_JOIN, 0, 0, NULL, 0, "Een"), 0);
	CHECK_STR(links_of(c, "z"), "s0+1/t0+1 s1+0/t1+1 s1+2/t2+1");
	/* the other pair's corrections did not move */
	CHECK_INT(count(c, "SELECT count(*) FROM corrections WHERE pair_id = 'z'"), 2);
}

/* Adding the pair again from changed files makes the corrections again
 * where their text still is, and says which no longer apply. */
static void test_readd(bt_corpus *c)
{
	bt_add_opts ao = BT_ADD_OPTS_INIT;
	bt_readd_result rr;
	int result = 0;
	char list[1024] = "";
	memset(&rr, 0, sizeof rr);
	ao.readd = &rr;
	write_file("en.txt", "One two. Three four.\n\nFive six.\n");
	CHECK_INT(bt_corpus_add(&result, c, "p", path_in("nl.txt"), path_in("en.txt"), &ao), 0);
	CHECK_INT(result, BT_ADD_REPLACED);
	CHECK_INT(rr.corrections_kept, 4);
	CHECK_INT(rr.corrections_lost, 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie]11-15 2[vier.]16-21 3[Vijf.]23-28");
	CHECK_STR(segs(c, "tgt"), "0[One two.]0-8 1[Three four.]9-20 2[Five six.]22-31");
	CHECK_STR(doc_text(c, 0), "E\xc3\xa9n twee! Drie vier.\n\nVijf.\n");

	/* the split sentence is gone from the file: that one is lost, said */
	write_file("nl.txt", "Een twee. Drie vijf.\n\nVijf.\n");
	memset(&rr, 0, sizeof rr);
	CHECK_INT(bt_corpus_add(&result, c, "p", path_in("nl.txt"), path_in("en.txt"), &ao), 0);
	CHECK_INT(rr.corrections_kept, 3);
	CHECK_INT(rr.corrections_lost, 1);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie vijf.]11-21 2[Vijf.]23-28");
	CHECK_INT(bt_corpus_corrections(c, "p", entries, list), 0);
	CHECK(strstr(list, "p src split 1 5 [Drie vier.|-|Drie|vier.] 0\n") != NULL);
	/* the re-add is undone with what it made again */
	CHECK_INT(undo(c, 0), 0);
	CHECK_STR(segs(c, "src"), "0[E\xc3\xa9n twee!]0-10 1[Drie]11-15 2[vier.]16-21 3[Vijf.]23-28");
	CHECK_INT(count(c, "SELECT count(*) FROM corrections WHERE applied AND pair_id = 'p'"), 4);
}

static void test_tmx_refused(bt_corpus *c)
{
	bt_tmx_import_result r;
	write_file("t.tmx", "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"nl\" datatype=\"plaintext\""
			    " segtype=\"sentence\" adminlang=\"en\" o-tmf=\"x\" creationtool=\"x\" creationtoolversion=\"1\"/>"
			    "<body><tu tuid=\"7\"><tuv xml:lang=\"nl\"><seg>Een <b>vet</b> woord.</seg></tuv>"
			    "<tuv xml:lang=\"en\"><seg>A bold word.</seg></tuv></tu>"
			    "<tu><tuv xml:lang=\"nl\"><prop type=\"x-note\">n</prop><seg>Twee.</seg></tuv>"
			    "<tuv xml:lang=\"en\"><seg>Two.</seg></tuv></tu></body></tmx>\n");
	memset(&r, 0, sizeof r);
	if (bt_tmx_import(&r, c, path_in("t.tmx"), NULL) != 0) {
		CHECK(!"the TMX import");
		return;
	}
	{
		sqlite3_stmt *st;
		char pair[256] = "";
		sqlite3_prepare_v2(c->db, "SELECT id FROM pairs WHERE id <> 'p' LIMIT 1", -1, &st, NULL);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(pair, sizeof pair, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		CHECK_INT(correct(c, pair, BT_CORRECT_SPLIT, 0, 1, NULL, 3, NULL), BT_EINPUT);
		CHECK(strstr(bt_error_last()->msg, "was imported from a TMX") != NULL);
		CHECK_INT(correct(c, pair, BT_CORRECT_EDIT, 0, 0, "Een dik woord.", 0, NULL), BT_EINPUT);
		CHECK(strstr(bt_error_last()->msg, "inline codes") != NULL);
		/* only metadata kept: the edit is made, the metadata stays */
		CHECK_INT(correct(c, pair, BT_CORRECT_EDIT, 0, 1, "Twee!", 0, "Twee."), 0);
		CHECK_INT(count(c, "SELECT count(*) FROM tmx_segments WHERE body LIKE '%x-note%'"), 1);
	}
	/* a TMX import that replaces pair p: its corrections no longer apply */
	{
		bt_tmx_import_opts o = BT_TMX_IMPORT_OPTS_INIT;
		o.pair_id = "p";
		o.replace = 1;
		memset(&r, 0, sizeof r);
		CHECK_INT(bt_tmx_import(&r, c, path_in("t.tmx"), &o), 0);
		CHECK_INT(count(c, "SELECT count(*) FROM corrections WHERE pair_id = 'p' AND applied"), 0);
		CHECK_INT(count(c, "SELECT count(*) FROM corrections WHERE pair_id = 'p'"), 4);
	}
}

int main(void)
{
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	bt_corpus *c = NULL;
	char cmd[300];
	int result;
	if (!mkdtemp(dir))
		return 99;
	o.create = 1;
	CHECK_INT(bt_corpus_open(&c, path_in("c.db"), &o), 0);
	write_file("nl.txt", TEXT0);
	write_file("en.txt", "One two. Three four.\n\nFive.\n");
	CHECK_INT(bt_corpus_add(&result, c, "p", path_in("nl.txt"), path_in("en.txt"), NULL), 0);
	CHECK_INT(sqlite3_exec(c->db,
			       "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score, manual) VALUES"
			       " ('p', 0, 0, 1, 0, 1, 0.9, 0), ('p', 1, 1, 1, 1, 1, 0.4, 0), ('p', 2, 2, 1, 2, 1, 0.7, 0)",
			       NULL, NULL, NULL),
		  SQLITE_OK);
	test_ops(&c);
	test_refused(c);
	test_empty_side(c);
	test_readd(c);
	test_tmx_refused(c);
	bt_corpus_free(c);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	TEST_END();
}
