/* test_store_text.c: each document's text kept once (store.h, store_docs.c):
 * the store rebuilds a document byte for byte from its segments and what
 * lies between them, keeps no copy, re-segments a document, and upgrades a
 * corpus of schema 5 (tests/golden/store/corpus-v5.sql) to the same texts. */
#include "test.h"

#include "bitext.h"
#include "store.h"

#include <sqlite3.h>
#include <unistd.h>

static char dir[] = "/tmp/bt_test_store_text_XXXXXX";

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

static const char *one(const char *db, const char *sql)
{
	static char out[4096];
	sqlite3 *h;
	sqlite3_stmt *st;
	out[0] = '\0';
	sqlite3_open(db, &h);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
		size_t n = 0;
		while (sqlite3_step(st) == SQLITE_ROW && n < sizeof out - 2) {
			const char *t = (const char *)sqlite3_column_text(st, 0);
			n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n ? "|" : "", t ? t : "NULL");
		}
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return out;
}

/* The document as the store rebuilds it (into a static buffer), or
 * "(error)". */
static const char *doc_text(bt_corpus *c, const char *pair, int side)
{
	static bt_buf b = BT_BUF_INIT;
	if (bt_store_doc_text(c, pair, side, &b, NULL) != 0)
		return "(error)";
	return b.ptr ? b.ptr : "";
}

static const char tricky_nl[] = " date 2021-07-04\r\n\r\nKop  zonder punt\r\n\r\n\r\n  Eerste zin.   Tweede zin?\t\n"
				"Derde\u00a0zin!\n\n\n\n\tVierde zin met e\xcc\x81\xc3\xa9n accent.  \n  ";
static const char tricky_en[] = "Heading without a stop\n\nFirst sentence. Second one?\nThird!\n\nFourth.";

static void test_rebuild(void)
{
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_buf raw = BT_BUF_INIT, want = BT_BUF_INIT;
	bt_decode_opts dopts = BT_DECODE_OPTS_INIT;
	bt_span sp[3];
	char db[600];
	int res;

	snprintf(db, sizeof db, "%s", path_in("r.db"));
	write_file("t.nl", tricky_nl);
	write_file("t.en", tricky_en);
	co.create = 1;
	CHECK_INT(bt_corpus_open(&c, db, &co), 0);
	CHECK_INT(bt_corpus_add(&res, c, "t", path_in("t.nl"), path_in("t.en"), NULL), 0);
	/* that commit built the concordance index for the new segments, with
	 * a page cache of its own for the build only */
	{
		sqlite3_stmt *st;
		long long v = 0;
		CHECK_INT(sqlite3_prepare_v2(bt_store_db(c), "PRAGMA cache_size", -1, &st, NULL), SQLITE_OK);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		CHECK_INT(v, -2000);
		CHECK_STR(one(db, "SELECT count(*) FROM concord_names"), "10");
	}
	/* the text as decoding made it (CRLF to LF, NFC): rebuilt exactly */
	bt_read_file(&raw, path_in("t.nl"));
	CHECK_INT(bt_decode(&want, NULL, raw.ptr, raw.len, &dopts), 0);
	CHECK_STR(doc_text(c, "t", 0), want.ptr);
	CHECK_STR(doc_text(c, "t", 1), tricky_en);
	/* no copy; what lies between the segments is all that is kept besides */
	CHECK_STR(one(db, "SELECT length(text) FROM documents ORDER BY side"), "0|0");
	CHECK_STR(one(db, "SELECT (SELECT sum(end - start) FROM segments WHERE doc_id = d.id) + length(gaps) = text_bytes"
			  " FROM documents d ORDER BY side"),
		  "1|1");
	CHECK_STR(one(db, "SELECT hex(gaps) FROM documents WHERE side = 'tgt'"), "0A0A200A0A0A");
	CHECK_INT(bt_store_doc_text(c, "nope", 0, &raw, NULL), BT_ENOTFOUND);

	/* re-segmentation: new segments over the same text, which stays */
	sp[0] = (bt_span){0, 22, BT_SEG_HEADING, 0};
	sp[1] = (bt_span){24, 58, BT_SEG_SENTENCE, 1};
	sp[2] = (bt_span){60, 67, BT_SEG_SENTENCE, 2};
	CHECK_INT(bt_store_begin(c), 0);
	CHECK_INT(bt_store_doc_resegment(c, "t", 1, sp, 3), 0);
	CHECK_INT(bt_store_commit(c), 0);
	CHECK_STR(doc_text(c, "t", 1), tricky_en);
	CHECK_STR(one(db, "SELECT s.text FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.side = 'tgt'"
			  " ORDER BY ordinal"),
		  "Heading without a stop|First sentence. Second one?\nThird!|Fourth.");
	CHECK_STR(one(db, "SELECT ordinal || ':' || start || '-' || end FROM paragraphs p JOIN documents d ON d.id = p.doc_id"
			  " WHERE d.side = 'tgt'"),
		  "0:0-22|1:24-58|2:60-67");
	/* the concordance follows: the old segments left, the new are in
	 * (5 source segments, 3 target) */
	CHECK_STR(one(db, "SELECT count(*) FROM concord_names n JOIN segments s ON s.id = n.id"), "8");
	CHECK_STR(one(db, "SELECT count(*) FROM concord_names"), "8");
	/* spans that do not follow the text in order are refused */
	sp[1] = (bt_span){20, 58, BT_SEG_SENTENCE, 1};
	CHECK_INT(bt_store_begin(c), 0);
	CHECK_INT(bt_store_doc_resegment(c, "t", 1, sp, 3), BT_EUSAGE);
	bt_store_rollback(c);

	/* a segment changed behind the store's back: the text cannot be
	 * rebuilt, and that is said, not guessed */
	bt_corpus_free(c);
	c = NULL;
	one(db, "UPDATE segments SET text = 'Other.' WHERE ordinal = 2 AND doc_id = (SELECT id FROM documents WHERE side = 'tgt')");
	CHECK_INT(bt_corpus_open(&c, db, NULL), 0);
	CHECK_INT(bt_store_doc_text(c, "t", 1, &raw, NULL), BT_EDB);
	CHECK(strstr(bt_error_last()->msg, "cannot be rebuilt from its segments") != NULL);
	bt_corpus_free(c);
	bt_buf_dispose(&raw);
	bt_buf_dispose(&want);
}

/* The v5 corpus: its documents' texts read before the upgrade, then
 * rebuilt after it. */
static void test_upgrade(void)
{
	const char *src = getenv("BITEXT_SOURCE");
	char dump[1024], before[4][512], db[600];
	bt_buf sql = BT_BUF_INIT;
	bt_corpus *c = NULL;
	sqlite3 *h;
	static const char *const pairs[3] = {"a", "a", "b"};
	static const int sides[3] = {0, 1, 0};
	static const char *const ids[3] = {"1", "2", "3"};

	snprintf(db, sizeof db, "%s", path_in("v5.db"));
	if (!src) {
		fprintf(stderr, "BITEXT_SOURCE not set: v5 upgrade not tested\n");
		test_failed++;
		return;
	}
	snprintf(dump, sizeof dump, "%s/tests/golden/store/corpus-v5.sql", src);
	CHECK_INT(bt_read_file(&sql, dump), 0);
	sqlite3_open(db, &h);
	CHECK_INT(sqlite3_exec(h, sql.ptr ? sql.ptr : "", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	for (int i = 0; i < 3; i++) {
		char q[128];
		snprintf(q, sizeof q, "SELECT text FROM documents WHERE id = %s", ids[i]);
		snprintf(before[i], sizeof before[i], "%s", one(db, q));
	}
	{
		static const char head[] = " date 2023-02\nOorlog in het oosten\n\nLoekasjenko sprak  met";
		CHECK(strncmp(before[0], head, sizeof head - 1) == 0);
	}

	if (bt_corpus_open(&c, db, NULL) != 0) {
		CHECK(!"the v5 corpus opens");
		bt_buf_dispose(&sql);
		return;
	}
	for (int i = 0; i < 3; i++)
		CHECK_STR(doc_text(c, pairs[i], sides[i]), before[i]);
	/* b's source was edited by hand (its segment differs): its copy kept */
	CHECK_STR(one(db, "SELECT id || ':' || length(text) || ':' || text_bytes FROM documents ORDER BY id"),
		  "1:0:137|2:0:131|3:38:38|4:0:36|5:0:0|6:0:0");
	CHECK_STR(doc_text(c, "m", 0), "");
	bt_corpus_free(c);
	bt_buf_dispose(&sql);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 99;
	test_rebuild();
	test_upgrade();
	{
		char cmd[600];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 99;
	}
	TEST_END();
}
