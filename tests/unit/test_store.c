/* test_store.c: the corpus file: create, add, replace, refuse strangers,
 * roll back on a failed commit. */
#include "test.h"

#include "bitext.h"
#include "store.h"
#ifdef BITEXT_TESTING
#include "testing.h"
#endif

#include <sqlite3.h>
#include <unistd.h>

static char dir[] = "/tmp/bt_test_store_XXXXXX";

static const char *path_in(const char *name)
{
	static char p[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
	return p[k];
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_in(name), "wb");
	fputs(text, f);
	fclose(f);
}

static long long count(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = -1;
	sqlite3_open(db, &h);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

/* The document of (pair, side) as the store rebuilds it is the file as
 * decoded, and each of its segments is that text at its offsets; the
 * document keeps no copy of it. 1 when all holds. */
static int text_kept(bt_corpus *c, const char *db, const char *pair, int side, const char *file)
{
	bt_buf text = BT_BUF_INIT, raw = BT_BUF_INIT, dec = BT_BUF_INIT;
	bt_decode_opts o = BT_DECODE_OPTS_INIT;
	sqlite3 *h;
	sqlite3_stmt *st;
	size_t body = 0;
	int ok = bt_store_doc_text(c, pair, side, &text, &body) == 0 && bt_read_file(&raw, file) == 0 &&
		 bt_decode(&dec, NULL, raw.ptr, raw.len, &o) == 0 && text.len == dec.len &&
		 memcmp(text.ptr, dec.ptr, dec.len) == 0, n = 0;
	sqlite3_open(db, &h);
	if (sqlite3_prepare_v2(h,
			       "SELECT s.start, s.end, CAST(s.text AS BLOB), d.text FROM segments s"
			       " JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = ? AND d.side = ?",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, pair, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, side ? "tgt" : "src", -1, SQLITE_STATIC);
		while (ok && sqlite3_step(st) == SQLITE_ROW) {
			size_t a = (size_t)sqlite3_column_int64(st, 0), b = (size_t)sqlite3_column_int64(st, 1);
			n++;
			ok = b >= a && b <= text.len && (size_t)sqlite3_column_bytes(st, 2) == b - a &&
			     memcmp(text.ptr + a, sqlite3_column_blob(st, 2), b - a) == 0 &&
			     sqlite3_column_bytes(st, 3) == 0;
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	bt_buf_dispose(&text);
	bt_buf_dispose(&raw);
	bt_buf_dispose(&dec);
	return ok && n > 0;
}

int main(void)
{
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_stats s;
	int res = -1;
	char db[600];

	if (!mkdtemp(dir))
		return 99;
	snprintf(db, sizeof db, "%s", path_in("c.db"));
	write_file("a.nl", " date 2023-02 Loekasjenko sprak met BBC. Hij dreigde.\n\nKernwapens\n\nDat zei hij.\n");
	write_file("a.en", "Lukashenko spoke to the BBC. He made threats.\n\nNuclear weapons\n\nHe said so.\n");
	write_file("b.en", "Lukashenko spoke to the BBC and made threats.\n");
	write_file("empty", "");
	write_file("bad.nl", "caf\xe9\n");

	/* opening a missing corpus without create fails, and creates nothing */
	CHECK_INT(bt_corpus_open(&c, db, NULL), BT_EDB);
	CHECK(strstr(bt_error_last()->msg, "bitext init") != NULL);
	CHECK(access(db, F_OK) != 0);

	co.create = 1;
	CHECK_INT(bt_corpus_open(&c, db, &co), 0);
	CHECK_STR(bt_corpus_src_lang(c), "nl");
	CHECK_STR(bt_corpus_tgt_lang(c), "en");
	CHECK_INT(bt_corpus_add(&res, c, "a", path_in("a.nl"), path_in("a.en"), NULL), 0);
	CHECK_INT(res, BT_ADD_NEW);
	CHECK_INT(bt_corpus_stats(&s, c), 0);
	CHECK_INT(s.pairs, 1);
	CHECK_INT(s.documents, 2);
	CHECK_INT(s.src_segments, 4);
	CHECK_INT(s.tgt_segments, 4);
	CHECK_INT(s.headings, 2);
	CHECK_INT(s.paragraphs, 6);

	/* unchanged re-add writes nothing */
	CHECK_INT(bt_corpus_add(&res, c, "a", path_in("a.nl"), path_in("a.en"), NULL), 0);
	CHECK_INT(res, BT_ADD_UNCHANGED);

	/* bad input: nothing written, the error names file and offset */
	CHECK_INT(bt_corpus_add(&res, c, "x", path_in("bad.nl"), path_in("a.en"), NULL), BT_EINPUT);
	CHECK_STR(bt_error_last()->file, path_in("bad.nl"));
	CHECK_INT(bt_error_last()->byte, 3);
	CHECK_INT(bt_corpus_add(&res, c, "x", path_in("a.nl"), path_in("empty"), NULL), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "empty file");
	CHECK_INT(bt_corpus_add(&res, c, "x", path_in("a.nl"), path_in("missing"), NULL), BT_EIO);
	CHECK_INT(bt_corpus_stats(&s, c), 0);
	CHECK_INT(s.pairs, 1);

	/* a changed file replaces the pair and what derives from it */
	CHECK_INT(bt_corpus_add(&res, c, "a", path_in("a.nl"), path_in("b.en"), NULL), 0);
	CHECK_INT(res, BT_ADD_REPLACED);
	CHECK_INT(bt_corpus_stats(&s, c), 0);
	CHECK_INT(s.tgt_segments, 1);
	CHECK_INT(s.src_segments, 4);
	/* segment text equals the document's text at its byte offsets; the
	 * text is kept once (store.h: the segments and what lies between) */
	CHECK(text_kept(c, db, "a", 0, path_in("a.nl")));
	CHECK(text_kept(c, db, "a", 1, path_in("b.en")));
	bt_corpus_free(c);
	c = NULL;
	CHECK_INT(count(db, "SELECT count(*) FROM documents WHERE pair_id='a' AND date='2023-02' AND side='src'"), 1);
	CHECK_INT(count(db, "SELECT body FROM documents WHERE side='src'"), 14);
	CHECK_INT(count(db, "SELECT date = '2023-02' FROM pairs WHERE id='a'"), 1);

	/* a failed commit leaves the corpus as it was */
#ifdef BITEXT_TESTING
	CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, "commit"), 0);
	CHECK_INT(bt_corpus_open(&c, db, NULL), 0);
	CHECK_INT(bt_corpus_add(&res, c, "b", path_in("a.nl"), path_in("a.en"), NULL), BT_EDB);
	bt_corpus_free(c);
	c = NULL;
	CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, NULL), 0);
	CHECK_INT(count(db, "SELECT count(*) FROM pairs"), 1);
	/* an unknown fault is refused */
	CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, "commit:3"), BT_EUSAGE);
	CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, "alloc:x"), BT_EUSAGE);
#endif

	/* strangers: an SQLite file of another application, a text file,
	 * a corpus from a newer bitext */
	{
		sqlite3 *h;
		const char *other = path_in("other.db"), *newer = path_in("newer.db");
		sqlite3_open(other, &h);
		sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL);
		sqlite3_close(h);
		CHECK_INT(bt_corpus_open(&c, other, NULL), BT_EDB);
		CHECK(strstr(bt_error_last()->msg, "not a bitext corpus") != NULL);
		CHECK_INT(bt_corpus_open(&c, path_in("a.nl"), NULL), BT_EDB);
		CHECK(strstr(bt_error_last()->msg, "not a bitext corpus") != NULL);
		CHECK_INT(bt_corpus_open(&c, newer, &co), 0);
		bt_corpus_free(c);
		c = NULL;
		sqlite3_open(newer, &h);
		sqlite3_exec(h, "PRAGMA user_version = 999", NULL, NULL, NULL);
		sqlite3_close(h);
		CHECK_INT(bt_corpus_open(&c, newer, NULL), BT_EDB);
		CHECK(strstr(bt_error_last()->msg, "newer than this bitext") != NULL);
		/* init over an existing file refuses */
		CHECK_INT(bt_corpus_open(&c, newer, &co), BT_EUSAGE);
		/* bad language codes */
		co.src_lang = "n l";
		CHECK_INT(bt_corpus_open(&c, path_in("lang.db"), &co), BT_EUSAGE);
		CHECK(access(path_in("lang.db"), F_OK) != 0);
	}
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 99;
	}
	TEST_END();
}
