/* test_concord.c: the concordance: query compiler, index maintenance,
 * search, filters, paging, sorting, statistics and the output formats. */
#include "concord.h"
#include "store_int.h"
#include "test.h"

#include <stdarg.h>
#include <unistd.h>

/* ---- the query compiler ---- */

static concord_tokenizer *tk;
static concord_keyer *keyer;
static const char *const langs[] = {"nl", "en", NULL};

static void fts_is(const char *query, int exact, const char *want)
{
	concord_query *q = NULL;
	int rc = bt_concord_query_parse(&q, query, tk, keyer, langs, exact);
	if (rc) {
		test_failed++;
		fprintf(stderr, "%s: parse failed: %s\n", query, bt_error_last()->msg);
		return;
	}
	CHECK_STR(bt_concord_query_fts(q), want);
	bt_concord_query_free(q);
}

static void bad(const char *query, int code, const char *msg)
{
	concord_query *q = NULL;
	int rc = bt_concord_query_parse(&q, query, tk, keyer, langs, 1);
	CHECK_INT(rc, code);
	CHECK(q == NULL);
	if (rc)
		CHECK_STR(bt_error_last()->msg, msg);
	bt_concord_query_free(q);
}

/* The key cache starts small and doubles: every key read back after
 * three doublings (20,000 names) is the one computed when it was new,
 * and one the ICU rules make again in a fresh keyer. */
static void test_key_cache(void)
{
	enum { N = 20000 };
	concord_keyer *k = NULL, *fresh = NULL;
	bt_buf key = BT_BUF_INIT;
	char **first = calloc(N, sizeof *first), word[32];
	size_t wrong = 0, distinct = 0;
	CHECK(first != NULL);
	if (!first || bt_concord_keyer_open(&k) || bt_concord_keyer_open(&fresh)) {
		test_failed++;
		free(first);
		bt_concord_keyer_free(k);
		return;
	}
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < N; i++) {
			/* Zelenski-like names, no two alike: Za..., with i in letters */
			snprintf(word, sizeof word, "Za%c%cen%c%cki", 'a' + i % 26, 'b' + i / 26 % 20, 'j' + i / 520 % 10,
				 'o' + i / 5200 % 8);
			if (bt_concord_key(k, &key, word, strlen(word), "nl")) {
				test_failed++;
				break;
			}
			if (pass == 0)
				first[i] = strdup(key.ptr ? key.ptr : "");
			else if (strcmp(first[i], key.ptr ? key.ptr : "") != 0)
				wrong++;
			if (pass == 1 && i % 997 == 0) {
				bt_buf again = BT_BUF_INIT;
				CHECK(bt_concord_key(fresh, &again, word, strlen(word), "nl") == 0);
				CHECK_STR(again.ptr ? again.ptr : "", first[i]);
				bt_buf_dispose(&again);
			}
		}
	CHECK_INT((int)wrong, 0);
	for (int i = 1; i < N; i++)
		distinct += strcmp(first[i], first[i - 1]) != 0;
	CHECK(distinct > N / 2); /* the names do have keys of their own */
	for (int i = 0; i < N; i++)
		free(first[i]);
	free(first);
	bt_buf_dispose(&key);
	bt_concord_keyer_free(k);
	bt_concord_keyer_free(fresh);
}

static void test_parse(void)
{
	char big[10241], many[400];
	fts_is("oorlog", 1, "text : \"oorlog\"");
	fts_is("Oekraïne", 1, "text : \"oekraine\"");
	fts_is("Wit-Rusland", 1, "text : \"wit rusland\"");
	fts_is("\"Wit-Rusland\"", 1, "text : \"wit rusland\"");
	fts_is("\"de grens\"", 0, "text : \"de grens\"");
	fts_is("oekr*", 1, "text : \"oekr\" *");
	fts_is("\"de gre\"*", 1, "text : \"de gre\" *");
	fts_is("a b", 1, "(text : \"a\" AND text : \"b\")");
	fts_is("a AND b", 1, "(text : \"a\" AND text : \"b\")");
	fts_is("Poetin OR Putin", 1, "(text : \"poetin\" OR text : \"putin\")");
	fts_is("oorlog NOT Rusland", 1, "(text : \"oorlog\" NOT text : \"rusland\")");
	fts_is("a OR b c", 1, "(text : \"a\" OR (text : \"b\" AND text : \"c\"))");
	fts_is("(a OR b) c", 1, "((text : \"a\" OR text : \"b\") AND text : \"c\")");
	fts_is("a NOT b NOT c", 1, "((text : \"a\" NOT text : \"b\") NOT text : \"c\")");
	fts_is("NEAR(Poetin Loekasjenko, 5)", 0, "text : NEAR(\"poetin\" \"loekasjenko\", 5)");
	fts_is("NEAR(Poetin \"de president\")", 1, "text : NEAR(\"poetin\" \"de president\", 10)");
	fts_is("Poetin NEAR/3 Loekasjenko", 0, "text : NEAR(\"poetin\" \"loekasjenko\", 3)");
	fts_is("a NEAR b NEAR c", 1, "text : NEAR(\"a\" \"b\" \"c\", 10)");
	fts_is("and or not near", 1,
	       "(((text : \"and\" AND text : \"or\") AND text : \"not\") AND text : \"near\")");
	/* what looks like FTS5 or SQL is only text */
	fts_is("text:foo", 1, "text : \"text foo\"");
	fts_is("name:x", 1, "text : \"name x\"");
	fts_is("Robert'; DROP TABLE segments;", 1,
	       "(((text : \"robert\" AND text : \"drop\") AND text : \"table\") AND text : \"segments\")");
	fts_is("{text} ^x", 1, "(text : \"text\" AND text : \"x\")");
	/* name keys: a single unquoted word, in both languages (the key of
	 * Lukashenko is documented in bitext-core.h, "Name keys") */
	fts_is("Lukashenko", 0, "(text : \"lukashenko\" OR name : \"lukashenko\")");
	fts_is("Лукашенко", 0, "(text : \"лукашенко\" OR name : \"lukashenko\")");
	fts_is("\"Lukashenko\"", 0, "text : \"lukashenko\"");
	fts_is("Lukash*", 0, "text : \"lukash\" *");
	fts_is("2022", 0, "text : \"2022\"");

	bad("", BT_EINPUT, "query: empty query");
	bad("   ", BT_EINPUT, "query: empty query");
	bad("\"Loekasjenko", BT_EINPUT, "query: unclosed quote: the \" at character 1 has no partner");
	bad("één \"twee", BT_EINPUT, "query: unclosed quote: the \" at character 5 has no partner");
	bad("(oorlog", BT_EINPUT, "query: unclosed parenthesis: the ( at character 1 has no ')'");
	bad("oorlog)", BT_EINPUT, "query: ')' at character 7 has no '('");
	bad("OR oorlog", BT_EINPUT, "query: OR at character 1 needs a term on its left");
	bad("oorlog AND", BT_EINPUT, "query: AND at character 8 needs a term on its right");
	bad("(oorlog OR)", BT_EINPUT, "query: OR at character 9 needs a term on its right, not ')'");
	bad("NOT oorlog", BT_EINPUT, "query: NOT at character 1 needs a term on its left (write: a NOT b)");
	bad("oorlog OR AND vrede", BT_EINPUT, "query: OR at character 8 is followed by AND: a term must come between");
	bad(";", BT_EINPUT, "query: nothing to search for in ';' at character 1 (a word needs a letter or digit)");
	bad("' OR 1=1 --", BT_EINPUT, "query: nothing to search for in ''' at character 1 (a word needs a letter or digit)");
	bad("name : x", BT_EINPUT, "query: nothing to search for in ':' at character 6 (a word needs a letter or digit)");
	bad("Robert'); DROP TABLE segments;--", BT_EINPUT, "query: ')' at character 8 has no '('");
	bad("1; DROP TABLE segments; --", BT_EINPUT,
	    "query: nothing to search for in '--' at character 25 (a word needs a letter or digit)");
	bad("\"\"", BT_EINPUT, "query: empty phrase \"\" at character 1");
	bad("o*", BT_EINPUT, "query: prefix 'o*' at character 1 is too short (three letters at least before *)");
	bad("oe*", BT_EINPUT, "query: prefix 'oe*' at character 1 is too short (three letters at least before *)");
	bad("\"de oe\"*", BT_EINPUT, "query: prefix 'oe*' at character 1 is too short (three letters at least before *)");
	bad("a*b", BT_EINPUT, "query: 'a*b' at character 1: a wildcard word needs three letters at least");
	bad("oor-l?g", BT_EINPUT, "query: 'oor-l?g' at character 1: a wildcard word holds letters, digits, ? and * only");
	bad("x *", BT_EINPUT, "query: '*' at character 3 follows no word (write pre*)");
	bad("()", BT_EINPUT, "query: empty parentheses at character 1");
	bad("NEAR(a)", BT_EINPUT, "query: NEAR(...) at character 1 needs two terms at least");
	bad("NEAR(a b, x)", BT_EINPUT, "query: NEAR(...) at character 1: after the comma comes a distance from 0 to 1000");
	bad("NEAR(a b", BT_EINPUT, "query: unclosed parenthesis: NEAR( at character 1 has no ')'");
	bad("NEAR(a (b))", BT_EINPUT, "query: NEAR(...) at character 1 holds words and \"phrases\" only, not '('");
	bad("a NEAR/x b", BT_EINPUT, "query: NEAR/N at character 3: N must be a number from 0 to 1000");
	bad("(a OR b) NEAR c", BT_EINPUT, "query: NEAR at character 10 joins words and \"phrases\", not groups");
	bad("\xff", BT_EINPUT, "query: not valid UTF-8 (byte 0)");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	bad(big, BT_ELIMIT, "query: too long: 10240 bytes (at most 1024)");
	many[0] = '\0';
	for (int i = 0; i < 65; i++)
		strcat(many, "ab ");
	bad(many, BT_ELIMIT, "query: more than 64 terms (narrow it down)");
	memset(many, '(', 40);
	strcpy(many + 40, "a");
	bad(many, BT_ELIMIT, "query: parentheses nested more than 32 deep");
}

static void marks_are(const char *query, const char *text, const char *want)
{
	concord_query *q = NULL;
	concord_tokens t = {0};
	bt_concord_span *m = NULL;
	size_t n = 0;
	char got[512] = "";
	if (bt_concord_query_parse(&q, query, tk, keyer, langs, 0) || bt_concord_tokenize(tk, text, strlen(text), &t) ||
	    bt_concord_query_marks(q, keyer, "nl", text, &t, &m, &n)) {
		test_failed++;
		fprintf(stderr, "marks %s: %s\n", query, bt_error_last()->msg);
	} else {
		for (size_t i = 0; i < n; i++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "[%.*s]", (int)(m[i].end - m[i].start),
				 text + m[i].start);
		CHECK_STR(got, want);
	}
	free(m);
	bt_concord_tokens_dispose(&t);
	bt_concord_query_free(q);
}

static void test_marks(void)
{
	marks_are("oorlog", "De Oorlog en de oorlog.", "[Oorlog][oorlog]");
	marks_are("\"de grens\" OR Lukashenko NOT Poetin", "Loekasjenko sloot de grens, zei Poetin.",
		  "[Loekasjenko][de grens]");
	marks_are("oekr*", "In Oekraïne en de Oekraïners.", "[Oekraïne][Oekraïners]");
	marks_are("Wit-Rusland", "Wit-Rusland en Wit Rusland, niet Rusland.", "[Wit-Rusland][Wit Rusland]");
	marks_are("NEAR(a b)", "a x b", "[a][b]");
	/* lower-case words are not names: no key match */
	marks_are("Lukashenko", "de loekasjenko", "");
}

/* ---- a small corpus ---- */

static char dir[] = "/tmp/bt_test_concord_XXXXXX";
static bt_corpus *c;

static void write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
}

static void add(const char *pair, const char *nl, const char *en)
{
	char a[256], b[256];
	int result;
	write_file("nl.txt", nl);
	write_file("en.txt", en);
	snprintf(a, sizeof a, "%s/nl.txt", dir);
	snprintf(b, sizeof b, "%s/en.txt", dir);
	if (bt_corpus_add(&result, c, pair, a, b, NULL) != 0) {
		test_failed++;
		fprintf(stderr, "add %s: %s\n", pair, bt_error_last()->msg);
	}
}

static void sql(const char *fmt, ...)
{
	char s[2048];
	char *err = NULL;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	if (sqlite3_exec(c->db, s, NULL, NULL, &err) != SQLITE_OK) {
		test_failed++;
		fprintf(stderr, "sql %s: %s\n", s, err);
	}
	sqlite3_free(err);
}

static long long sql_int(const char *s)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(c->db, s, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void add_link(const char *pair, int ord, int sf, int sn, int tf, int tn, double score)
{
	sql("INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score) VALUES ('%s',%d,%d,%d,%d,%d,%g)",
	    pair, ord, sf, sn, tf, tn, score);
}

/* The page as "doc:ordinal=match" items. */
static const char *hits_of(const char *query, const bt_concord_opts *o, int *rc_out)
{
	static char out[1024];
	bt_concord_page p = BT_CONCORD_PAGE_INIT;
	int rc = bt_concord_search(&p, c, query, o);
	out[0] = '\0';
	if (rc_out)
		*rc_out = rc;
	if (rc) {
		snprintf(out, sizeof out, "error %d: %.900s", rc, bt_error_last()->msg);
		return out;
	}
	for (size_t i = 0; i < p.n; i++)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s:%u=%.*s", i ? " " : "", p.hits[i].doc,
			 p.hits[i].ordinal, (int)(p.hits[i].match.end - p.hits[i].match.start),
			 p.hits[i].text + p.hits[i].match.start);
	if (p.more)
		strcat(out, " +");
	bt_concord_page_dispose(&p);
	return out;
}

static void test_search(void)
{
	bt_concord_opts o = BT_CONCORD_OPTS_INIT;
	bt_concord_page p = BT_CONCORD_PAGE_INIT;
	int rc;

	add("a", " date 2023-02 Loekasjenko sprak met de BBC.\n\nHij dreigde met oorlog.\n",
	    "Lukashenko spoke to the BBC.\n\nHe threatened war.\n");
	add("b", " date 2022-10 Poetin en Лукашенко zwegen.\n\nDe oorlog ging door.\n\nZelenski sprak.\n",
	    "Putin and Lukashenko kept silent.\n\nThe war went on and Zelensky spoke.\n");
	CHECK_INT(sql_int("SELECT count(*) FROM concord_pending"), 0);
	CHECK_INT(sql_int("SELECT count(*) FROM concord_names"), 9);
	/* not aligned yet */
	CHECK_STR(hits_of("oorlog", &o, NULL), "a:1=oorlog b:1=oorlog");
	CHECK(bt_concord_search(&p, c, "oorlog", &o) == 0 && p.n == 2 && !p.hits[0].aligned &&
	      strcmp(p.hits[0].src, "Hij dreigde met oorlog.") == 0 && strcmp(p.hits[0].tgt, "") == 0);
	add_link("a", 0, 0, 1, 0, 1, 0.9);
	add_link("a", 1, 1, 1, 1, 1, 0.4);
	add_link("b", 0, 0, 1, 0, 1, 0.95);
	add_link("b", 1, 1, 2, 1, 1, 0.7);

	/* names across spellings and scripts, both ways */
	CHECK_STR(hits_of("Lukashenko", &o, NULL), "a:0=Loekasjenko b:0=Лукашенко");
	CHECK_STR(hits_of("Zelensky", &o, NULL), "b:2=Zelenski");
	o.exact_spelling = 1;
	CHECK_STR(hits_of("Lukashenko", &o, NULL), "");
	o.exact_spelling = 0;
	o.sides = BT_CONCORD_TGT;
	CHECK_STR(hits_of("Loekasjenko", &o, NULL), "a:0=Lukashenko b:0=Lukashenko");
	o.sides = BT_CONCORD_BOTH;
	CHECK_STR(hits_of("bbc", &o, NULL), "a:0=BBC a:0=BBC");
	o.sides = BT_CONCORD_SRC;

	/* the hit with its link */
	CHECK(bt_concord_search(&p, c, "Zelensky", &o) == 0 && p.n == 1);
	if (p.n == 1) {
		const bt_concord_hit *h = &p.hits[0];
		CHECK(h->aligned);
		CHECK_INT(h->src_n, 2);
		CHECK_INT(h->tgt_n, 1);
		CHECK(h->score == 0.7);
		CHECK_STR(h->src, "De oorlog ging door. Zelenski sprak.");
		CHECK_STR(h->tgt, "The war went on and Zelensky spoke.");
		CHECK_INT(h->offset, strlen("De oorlog ging door. "));
		CHECK_STR(h->date, "2022-10");
		CHECK_STR(h->lang, "nl");
		CHECK_INT(h->n_equiv, 1);
		if (h->n_equiv)
			CHECK_INT(h->equiv[0].start, strlen("The war went on and "));
	}
	bt_concord_page_dispose(&p);

	/* filters */
	o.use_min_score = 1;
	o.min_score = 0.5;
	CHECK_STR(hits_of("oorlog", &o, NULL), "b:1=oorlog");
	o.min_score = 0.8;
	CHECK_STR(hits_of("oorlog", &o, NULL), "");
	o.use_min_score = 0;
	o.doc = "b";
	CHECK_STR(hits_of("oorlog OR Loekasjenko", &o, NULL), "b:0=Лукашенко b:1=oorlog");
	o.doc = "zzz";
	CHECK_STR(hits_of("oorlog", &o, &rc), "error -6: no pair 'zzz' in the corpus");
	o.doc = NULL;
	o.since = "2023";
	CHECK_STR(hits_of("oorlog", &o, NULL), "a:1=oorlog");
	o.since = "2022-11";
	CHECK_STR(hits_of("oorlog", &o, NULL), "a:1=oorlog");
	o.since = NULL;
	o.until = "2022-10-31";
	CHECK_STR(hits_of("oorlog", &o, NULL), "b:1=oorlog");
	o.until = "2022-1";
	CHECK_STR(hits_of("oorlog", &o, &rc), "error -2: bad until date '2022-1' (use YYYY, YYYY-MM or YYYY-MM-DD)");
	o.until = NULL;

	/* paging and sorting */
	o.limit = 1;
	CHECK_STR(hits_of("oorlog", &o, NULL), "a:1=oorlog +");
	o.offset = 1;
	CHECK_STR(hits_of("oorlog", &o, NULL), "b:1=oorlog");
	o.offset = 2;
	CHECK_STR(hits_of("oorlog", &o, NULL), "");
	o.limit = 20;
	o.offset = 0;
	o.sort = BT_CONCORD_SORT_LEFT; /* "de" before "met dreigde hij" */
	CHECK_STR(hits_of("oorlog", &o, NULL), "b:1=oorlog a:1=oorlog");
	o.sort = BT_CONCORD_SORT_RIGHT; /* "oorlog" before "oorlog ging door" */
	CHECK_STR(hits_of("oorlog", &o, NULL), "a:1=oorlog b:1=oorlog");
	o.sort = BT_CONCORD_SORT_DATE;
	CHECK_STR(hits_of("oorlog", &o, NULL), "b:1=oorlog a:1=oorlog");
	o.sort = BT_CONCORD_SORT_LEFT;
	o.limit = 1;
	CHECK(bt_concord_search(&p, c, "oorlog", &o) == 0 && p.n == 1 && p.total == 2 && p.more);
	bt_concord_page_dispose(&p);
	o.limit = 20;
	o.sort = BT_CONCORD_SORT_DOC;

	/* a bad query is an error, not an SQLite message */
	CHECK_STR(hits_of("oorlog AND", &o, &rc), "error -1: query: AND at character 8 needs a term on its right");
	CHECK_STR(hits_of("vrede", &o, NULL), "");
}

static void test_index_maintenance(void)
{
	bt_concord_opts o = BT_CONCORD_OPTS_INIT;
	long long n = 0;
	/* a changed file replaces the pair: the old words go, the new come */
	add("a", " date 2023-02 Loekasjenko sprak met de CNN.\n\nHij dreigde met oorlog.\n",
	    "Lukashenko spoke to CNN.\n\nHe threatened war.\n");
	CHECK_STR(hits_of("bbc", &o, NULL), "");
	CHECK_STR(hits_of("cnn", &o, NULL), "a:0=CNN");
	sql("INSERT INTO concord_fts(concord_fts) VALUES ('integrity-check')");

	/* rows written by another program: queued, indexed at the next search */
	sql("INSERT INTO pairs(id, date) VALUES ('x', '2024-01');"
	    "INSERT INTO documents(pair_id, side, lang, path, hash, encoding, bytes, text)"
	    " VALUES ('x', 'src', 'nl', 'x', 'h', 'UTF-8', 10, 'Vrede nu.');"
	    "INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text)"
	    " VALUES (last_insert_rowid(), 0, 0, 0, 9, 'sentence', 'Vrede nu.')");
	CHECK_INT(sql_int("SELECT count(*) FROM concord_pending"), 1);
	CHECK_STR(hits_of("vrede", &o, NULL), "x:0=Vrede");
	CHECK_INT(sql_int("SELECT count(*) FROM concord_pending"), 0);

	/* deleted by another program: the triggers take it out */
	sql("DELETE FROM pairs WHERE id = 'x'");
	CHECK_STR(hits_of("vrede", &o, NULL), "");
	sql("UPDATE segments SET text = 'Loekasjenko zweeg.' WHERE id = (SELECT min(id) FROM segments)");
	CHECK_STR(hits_of("zweeg", &o, NULL), "b:0=zweeg");
	sql("INSERT INTO concord_fts(concord_fts) VALUES ('integrity-check')");

	add_link("a", 0, 0, 1, 0, 1, 0.9);
	add_link("a", 1, 1, 1, 1, 1, 0.4);
	CHECK(bt_concord_reindex(&n, c) == 0);
	CHECK_INT(n, sql_int("SELECT count(*) FROM segments"));
	CHECK_STR(hits_of("Lukashenko", &o, NULL), "b:0=Loekasjenko a:0=Loekasjenko");
}

/* The runs of ids of one document that a search reads a hit's document
 * from: every indexed segment in exactly one run, of its own document,
 * through imports, deletions, ids written again and rows another program
 * wrote; and with no run at all, a search joins each hit. */
static void runs_hold(const char *when)
{
	long long lost = sql_int("SELECT count(*) FROM concord_names n JOIN segments s ON s.id = n.id"
				 " WHERE NOT EXISTS (SELECT 1 FROM concord_runs r WHERE r.lo <= n.id AND r.hi >= n.id"
				 " AND (CASE WHEN r.alt IS NOT NULL AND (n.id - r.lo) % 2 = 1 THEN r.alt ELSE r.doc END)"
				 " = s.doc_id)");
	long long overlap = sql_int("SELECT count(*) FROM concord_runs a JOIN concord_runs b ON b.lo > a.lo AND b.lo <= a.hi");
	if (lost != 0 || overlap != 0) {
		test_failed++;
		fprintf(stderr, "runs after %s: %lld segments in no run of their document, %lld runs overlap\n", when, lost,
			overlap);
	}
}

static void test_runs(void)
{
	bt_concord_opts o = BT_CONCORD_OPTS_INIT;
	runs_hold("the first imports");
	add("r1", "Zebra een.\n\nZebra twee.\n\nZebra drie.\n", "Zebra one.\n\nZebra two.\n\nZebra three.\n");
	runs_hold("an import");
	CHECK_STR(hits_of("zebra", &o, NULL), "r1:0=Zebra r1:1=Zebra r1:2=Zebra");
	/* the last rows go, and the next import is given their ids */
	long long first = sql_int("SELECT min(s.id) FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'r1'");
	sql("DELETE FROM pairs WHERE id = 'r1'");
	add("r2", "Giraf een.\n\nZebra twee.\n", "Giraffe one.\n\nZebra two.\n");
	CHECK_INT(sql_int("SELECT min(s.id) FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'r2'"),
		  first);
	runs_hold("ids written again");
	CHECK_STR(hits_of("zebra", &o, NULL), "r2:1=Zebra");
	o.sides = BT_CONCORD_BOTH;
	CHECK_STR(hits_of("giraf OR giraffe", &o, NULL), "r2:0=Giraf r2:0=Giraffe");
	o.sides = BT_CONCORD_SRC;
	/* a row another program added to a document imported before: a run
	 * of its own */
	sql("INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text)"
	    " SELECT d.id, 5, 5, 0, 11, 'sentence', 'Zebra vijf.' FROM documents d WHERE d.pair_id = 'a' AND d.side = 'src'");
	CHECK_STR(hits_of("zebra", &o, NULL), "r2:1=Zebra a:5=Zebra");
	runs_hold("a row added to an old document");
	/* a pair written as a TMX import writes it, a unit's two sides in
	 * turn (the third unit has no target): two runs of two documents */
	sql("INSERT INTO pairs(id) VALUES ('t');"
	    "INSERT INTO documents(pair_id, side, lang, path, hash, encoding, bytes, text)"
	    " VALUES ('t', 'src', 'nl', 't', 'h', 'UTF-8', 1, 'x'), ('t', 'tgt', 'en', 't', 'h', 'UTF-8', 1, 'x')");
	{
		static const char *const rows[][2] = {{"src", "Kat een."}, {"tgt", "Cat one."}, {"src", "Kat twee."},
						      {"tgt", "Cat two."}, {"src", "Kat drie."},  {"src", "Kat vier."},
						      {"tgt", "Cat four."}};
		for (int i = 0; i < 7; i++)
			sql("INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text) SELECT d.id,"
			    " (SELECT count(*) FROM segments WHERE doc_id = d.id), 0, 0, 1, 'sentence', '%s'"
			    " FROM documents d WHERE d.pair_id = 't' AND d.side = '%s'",
			    rows[i][1], rows[i][0]);
	}
	CHECK_STR(hits_of("kat", &o, NULL), "t:0=Kat t:1=Kat t:2=Kat t:3=Kat");
	o.sides = BT_CONCORD_TGT;
	CHECK_STR(hits_of("cat", &o, NULL), "t:0=Cat t:1=Cat t:2=Cat");
	o.sides = BT_CONCORD_SRC;
	CHECK_INT(sql_int("SELECT count(*) FROM concord_runs r JOIN documents d ON d.id = r.doc"
			  " JOIN documents e ON e.id = r.alt WHERE d.pair_id = 't' AND d.side = 'src' AND e.side = 'tgt'"),
		  2);
	/* ids 1-5 (units 1 to 3, the last without target), then 6-7 */
	CHECK_INT(sql_int("SELECT (SELECT hi - lo + 1 FROM concord_runs r JOIN documents d ON d.id = r.doc"
			  " WHERE d.pair_id = 't' ORDER BY r.lo LIMIT 1) * 10 + (SELECT hi - lo + 1 FROM concord_runs r"
			  " JOIN documents d ON d.id = r.doc WHERE d.pair_id = 't' ORDER BY r.lo DESC LIMIT 1)"),
		  52);
	runs_hold("two documents in turn");
	/* pairs written in either way and deleted, last ones or not, at
	 * random (fixed seed): the runs hold after each */
	{
		unsigned x = 12345;
		char what[64];
		for (int step = 0; step < 40; step++) {
			int op, n;
			x = x * 1103515245u + 12345u;
			op = (int)(x >> 16) % 3, n = 1 + (int)(x >> 20) % 4;
			if (op == 2) {
				sql("DELETE FROM pairs WHERE id = (SELECT id FROM pairs WHERE id LIKE 'q%%'"
				    " ORDER BY %s LIMIT 1)",
				    (x >> 24) % 2 ? "id DESC" : "id");
				snprintf(what, sizeof what, "step %d: a deletion", step);
			} else {
				sql("INSERT INTO pairs(id) VALUES ('q%02d');"
				    "INSERT INTO documents(pair_id, side, lang, path, hash, encoding, bytes, text) VALUES"
				    " ('q%02d', 'src', 'nl', 'q', 'h', 'UTF-8', 1, 'x'), ('q%02d', 'tgt', 'en', 'q', 'h', 'UTF-8', 1, 'x')",
				    step, step, step);
				for (int i = 0; i < 2 * n; i++) /* op 0: in turn; op 1: one side, then the other */
					sql("INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text) SELECT d.id,"
					    " (SELECT count(*) FROM segments WHERE doc_id = d.id), 0, 0, 1, 'sentence', 'Ree %d.'"
					    " FROM documents d WHERE d.pair_id = 'q%02d' AND d.side = '%s'",
					    i, step, (op == 0 ? i % 2 : i >= n) ? "tgt" : "src");
				snprintf(what, sizeof what, "step %d: a pair of %d units, op %d", step, n, op);
			}
			CHECK_INT(sql_int("SELECT count(*) FROM concord_pending") >= 0, 1);
			(void)hits_of("ree", &o, NULL); /* indexes the queue */
			runs_hold(what);
		}
		CHECK_INT(sql_int("SELECT count(*) FROM segments s JOIN documents d ON d.id = s.doc_id"
				  " WHERE d.pair_id LIKE 'q%' AND d.side = 'src'"),
			  sql_int("SELECT count(*) FROM (SELECT 1 FROM concord_fts WHERE concord_fts MATCH 'ree')") / 2);
	}
	/* no table of runs (a corpus opened read-only before its upgrade):
	 * each hit is joined */
	sql("ALTER TABLE concord_runs RENAME TO concord_runs_away");
	CHECK_STR(hits_of("zebra", &o, NULL), "r2:1=Zebra a:5=Zebra");
	sql("ALTER TABLE concord_runs_away RENAME TO concord_runs");
	/* no runs (a corpus between versions): each hit is joined */
	sql("DELETE FROM concord_runs");
	CHECK_STR(hits_of("zebra", &o, NULL), "r2:1=Zebra a:5=Zebra");
	o.doc = "a";
	CHECK_STR(hits_of("zebra", &o, NULL), "a:5=Zebra");
	o.doc = NULL;
	/* the upgrade's query makes them as the build would */
	sql("INSERT INTO concord_runs(lo, hi, doc) SELECT min(id), max(id), doc_id FROM"
	    " (SELECT s.id, s.doc_id, s.id - row_number() OVER (PARTITION BY s.doc_id ORDER BY s.id) AS g"
	    "  FROM segments s JOIN concord_names n ON n.id = s.id) GROUP BY doc_id, g");
	runs_hold("the upgrade");
	CHECK_STR(hits_of("zebra", &o, NULL), "r2:1=Zebra a:5=Zebra");
}

static void test_stats(void)
{
	bt_concord_opts o = BT_CONCORD_OPTS_INIT;
	bt_concord_summary s = BT_CONCORD_SUMMARY_INIT;
	bt_concord_fmt f = BT_CONCORD_FMT_INIT;
	bt_buf out = BT_BUF_INIT;
	CHECK(bt_concord_stats(&s, c, "oorlog", &o) == 0);
	CHECK_INT(s.hits, 2);
	CHECK_INT(s.src_hits, 2);
	CHECK_INT(s.aligned, 2);
	CHECK_INT(s.n_docs, 2);
	CHECK_INT(s.n_dates, 2);
	if (s.n_dates == 2)
		CHECK_STR(s.dates[0].key, "2022-10");
	CHECK(s.n_equivs > 0);
	if (s.n_equivs)
		CHECK_STR(s.equivs[0].text, "war");
	f.src_lang = "nl";
	f.tgt_lang = "en";
	f.query = "oorlog";
	f.format = BT_CONCORD_JSONL;
	CHECK(bt_concord_summary_write(&out, &s, &f) == 0);
	CHECK(out.ptr && strncmp(out.ptr, "{\"query\":\"oorlog\",\"hits\":2,\"src_hits\":2,\"tgt_hits\":0,\"aligned\":2,"
					  "\"docs\":[{\"doc\":\"a\",\"hits\":1},{\"doc\":\"b\",\"hits\":1}],"
					  "\"dates\":[{\"date\":\"2022-10\",\"hits\":1},{\"date\":\"2023-02\",\"hits\":1}],"
					  "\"checked\":2,\"sampled\":2,\"background\":0,\"left_out\":0,"
					  "\"model\":false,\"unlinked\":0,"
					  "\"equivalents\":[{\"text\":\"war\",\"hits\":2,", 273) == 0);
	bt_buf_dispose(&out);
	bt_concord_summary_dispose(&s);
}

/* --stats past BT_CONCORD_STATS_SAMPLE hits on a corpus of more than 4 *
 * BT_CONCORD_STATS_BACKGROUND segments: every hit counted by document,
 * 1000 checked for alignment and equivalents, Dice estimated from 2000
 * segments of the translations, and the text output says both. */
static void test_stats_sampled(void)
{
	bt_corpus *big = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_concord_summary st = BT_CONCORD_SUMMARY_INIT, st2 = BT_CONCORD_SUMMARY_INIT;
	bt_concord_fmt f = BT_CONCORD_FMT_INIT;
	bt_buf nl = BT_BUF_INIT, en = BT_BUF_INIT, out = BT_BUF_INIT;
	bt_corpus *keep = c;
	char path[256], a[256], b[256];
	int result;
	for (int i = 0; i < 5000; i++) { /* 1 in 4 about the war */
		bt_buf_printf(&nl, "Dit is zin %d over %s.\n\n", i, i % 4 ? "het weer" : "de oorlog");
		bt_buf_printf(&en, "This is sentence %d about %s.\n\n", i, i % 4 ? "the weather" : "the war");
	}
	write_file("big-nl.txt", nl.ptr);
	write_file("big-en.txt", en.ptr);
	snprintf(path, sizeof path, "%s/big.db", dir);
	snprintf(a, sizeof a, "%s/big-nl.txt", dir);
	snprintf(b, sizeof b, "%s/big-en.txt", dir);
	co.create = 1;
	CHECK_INT(bt_corpus_open(&big, path, &co), 0);
	CHECK_INT(bt_corpus_add(&result, big, "big", a, b, NULL), 0);
	c = big; /* sql() writes to c */
	sql("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)"
	    " INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score)"
	    " SELECT 'big', i, i, 1, i, 1, 0.9 FROM n");
	CHECK_INT(sql_int("SELECT count(*) FROM segments"), 10000);
	{
		/* links written past bitext: a reindex learns the word model */
		long long n = 0;
		CHECK_INT(bt_concord_reindex(&n, big), 0);
		CHECK_INT(sql_int("SELECT links FROM concord_lex_model"), 5000);
	}
	CHECK_INT(bt_concord_stats(&st, big, "oorlog", NULL), 0);
	CHECK_INT(st.hits, 1250);
	CHECK_INT(st.src_hits, 1250);
	CHECK_INT(st.n_docs, 1);
	if (st.n_docs)
		CHECK_INT(st.docs[0].n, 1250);
	/* with the word model, fewer hits checked */
	CHECK_INT(st.checked, BT_CONCORD_STATS_MODEL_SAMPLE);
	CHECK_INT(st.aligned, BT_CONCORD_STATS_MODEL_SAMPLE);
	CHECK_INT(st.sampled, BT_CONCORD_STATS_MODEL_SAMPLE);
	CHECK_INT(st.background, BT_CONCORD_STATS_BACKGROUND);
	/* every hit's translation holds "war", and about as many English
	 * segments do (1 in 4): first, Dice near 1; "the", "this", "is" are in
	 * every segment: no equivalents, nor a phrase that starts with one
	 * ("the war", "about the war") */
	CHECK(st.n_equivs >= 1);
	if (st.n_equivs) {
		CHECK_STR(st.equivs[0].text, "war");
		CHECK_INT(st.equivs[0].n, BT_CONCORD_STATS_MODEL_SAMPLE);
		CHECK(st.equivs[0].dice > 0.9 && st.equivs[0].dice <= 1.0);
	}
	for (size_t i = 0; i < st.n_equivs; i++)
		CHECK(strcmp(st.equivs[i].text, "weather") != 0 && strcmp(st.equivs[i].text, "the") != 0 &&
		      strcmp(st.equivs[i].text, "is") != 0 && strcmp(st.equivs[i].text, "the war") != 0 &&
		      strcmp(st.equivs[i].text, "about the war") != 0);
	CHECK_INT(st.not_equivs, 0); /* the model linked nothing else */
	f.src_lang = "nl";
	f.tgt_lang = "en";
	f.query = "oorlog";
	CHECK_INT(bt_concord_summary_write(&out, &st, &f), 0);
	CHECK(out.ptr && strstr(out.ptr, "\naligned      500 of 500 hits checked, spread over all 1250\n") != NULL);
	/* the word model links oorlog to war in every hit */
	CHECK_INT(st.model, 1);
	CHECK_INT(st.unlinked, 0);
	CHECK(out.ptr && strstr(out.ptr, "translated as (word model, in 500 aligned hits; Dice estimated from 2000 "
					 "segments of that side; * = same name, spelling or glossary)\n  *war           500"
					 "  100%  dice 0.99\n") != NULL);
	/* the background is kept in the corpus: the next run reads it and
	 * gives the same figures */
	CHECK_INT(sql_int("SELECT count(*) > 100 FROM concord_background WHERE side = 1"), 1);
	{
		bt_concord_summary again = BT_CONCORD_SUMMARY_INIT;
		bt_buf out2 = BT_BUF_INIT;
		CHECK_INT(bt_concord_stats(&again, big, "oorlog", NULL), 0);
		CHECK_INT(bt_concord_summary_write(&out2, &again, &f), 0);
		CHECK_STR(out2.ptr ? out2.ptr : "", out.ptr ? out.ptr : "");
		bt_concord_summary_dispose(&again);
		bt_buf_dispose(&out2);
	}
	/* the highlight: what the model links the match to, in the hit's
	 * translation ("zin" is in no glossary: without the model, nothing) */
	{
		bt_concord_page pg = BT_CONCORD_PAGE_INIT;
		bt_concord_opts po = BT_CONCORD_OPTS_INIT;
		po.limit = 3;
		CHECK_INT(bt_concord_search(&pg, big, "zin", &po), 0);
		CHECK_INT(pg.n, 3);
		for (size_t k = 0; k < pg.n; k++) {
			const bt_concord_hit *h = &pg.hits[k];
			CHECK_INT(h->n_equiv, 1);
			if (h->n_equiv)
				CHECK_INT(strncmp(h->tgt + h->equiv[0].start, "sentence",
						  h->equiv[0].end - h->equiv[0].start), 0);
			CHECK_INT(h->n_equiv ? h->equiv[0].end - h->equiv[0].start : 0, 8);
		}
		bt_concord_page_dispose(&pg);
	}
	/* without the model: the words counted, the rest left out as common */
	sql("DELETE FROM concord_lex_model; DELETE FROM concord_lex");
	{
		bt_concord_summary counted = BT_CONCORD_SUMMARY_INIT;
		bt_buf out2 = BT_BUF_INIT;
		CHECK_INT(bt_concord_stats(&counted, big, "oorlog", NULL), 0);
		CHECK_INT(counted.model, 0);
		CHECK_INT(counted.sampled, BT_CONCORD_STATS_SAMPLE);
		CHECK_INT(bt_concord_summary_write(&out2, &counted, &f), 0);
		CHECK(out2.ptr && strstr(out2.ptr, "translated as (in 1000 aligned hits; Dice estimated from 2000 segments of "
						   "that side; * = same name, spelling or glossary)\n  *war          1000  100%"
						   "  dice 0.99\n  (11 other candidates left out: less than twice") != NULL);
		bt_concord_summary_dispose(&counted);
		bt_buf_dispose(&out2);
	}
	{
		bt_concord_page pg = BT_CONCORD_PAGE_INIT;
		CHECK_INT(bt_concord_search(&pg, big, "zin", NULL), 0);
		CHECK(pg.n > 0);
		CHECK_INT(pg.n ? pg.hits[0].n_equiv : 1, 0);
		bt_concord_page_dispose(&pg);
	}
	/* a change of the index makes it again */
	add("big2", "Nog een zin over de oorlog.", "One more sentence about the war.");
	CHECK_INT(bt_concord_stats(&st2, big, "oorlog", NULL), 0);
	CHECK_INT(st2.hits, 1251);
	CHECK_INT(st2.background, BT_CONCORD_STATS_BACKGROUND);
	bt_concord_summary_dispose(&st2);
	bt_concord_summary_dispose(&st);
	/* the word model waits for links worth training on: one new link
	 * against 5000 learned stays queued through a write; a reindex
	 * learns them all */
	{
		long long n = 0, trained = 0, waiting = 0, pairs = 0;
		CHECK_INT(bt_concord_reindex(&n, big), 0);
		CHECK_INT(bt_corpus_word_model(big, &trained, &waiting, &pairs), 0);
		CHECK_INT(trained, 5000);
		CHECK_INT(waiting, 0);
		CHECK(pairs > 0 && pairs >= sql_int("SELECT count(*) FROM concord_lex")); /* a row per source form */
		add("w1", "Nog een zin.", "One more sentence.");
		sql("INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score)"
		    " VALUES ('w1', 0, 0, 1, 0, 1, 0.9)");
		add("w2", "Weer een zin.", "Another sentence.");
		CHECK_INT(bt_corpus_word_model(big, &trained, &waiting, &pairs), 0);
		CHECK_INT(trained, 5000);
		CHECK_INT(waiting, 1);
		CHECK_INT(bt_concord_reindex(&n, big), 0);
		CHECK_INT(bt_corpus_word_model(big, &trained, &waiting, &pairs), 0);
		CHECK_INT(trained, 5001);
		CHECK_INT(waiting, 0);
	}
	bt_corpus_free(big);
	c = keep;
	bt_buf_dispose(&nl);
	bt_buf_dispose(&en);
	bt_buf_dispose(&out);
}

/* The links of pair k of the last batch that overlap [a, b) of its source,
 * as "tgt_start-tgt_end;" (what the highlight takes of them). */
static void links_over(bt_buf *out, concord_lex *l, size_t k, size_t a, size_t b)
{
	bt_word_links wl = BT_WORD_LINKS_INIT;
	bt_buf_clear(out);
	CHECK_INT(bt_concord_lex_align(l, &wl, k), 0);
	for (size_t x = 0; x < wl.n; x++)
		if (wl.v[x].src_start < b && a < wl.v[x].src_end)
			bt_buf_printf(out, "%zu-%zu;", wl.v[x].tgt_start, wl.v[x].tgt_end);
	bt_word_links_dispose(&wl);
}

/* A match on the source side reads only the rows of the matched words
 * and the columns of the target words they could link to: their links
 * are those the whole model gives, word by word, alone or in a batch,
 * on the sample corpus (corpus/, real news text) with its own model. */
/* The sample corpus (corpus/, BITEXT_SOURCE) imported into dir/name and
 * aligned; NULL when BITEXT_SOURCE is not set. The caller frees both. */
static bt_corpus *sample_corpus(const char *name, bt_aligner **a)
{
	static const char *const docs[] = {"000_94da7f26282f7cdf", "001_19a1ca94bf150f5d", "002_03356abbfbc55a48",
					   "003_862f0dab74190d4b", "004_9c51ce18bbab5b63"};
	const char *src_dir = getenv("BITEXT_SOURCE");
	bt_corpus *cc = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_corpus_align_result res;
	char path[512], s[1024], t[1024];
	*a = NULL;
	if (!src_dir)
		return NULL;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	co.create = 1;
	CHECK_INT(bt_corpus_open(&cc, path, &co), 0);
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		snprintf(s, sizeof s, "%s/corpus/nl/%s.txt", src_dir, docs[i]);
		snprintf(t, sizeof t, "%s/corpus/en/%s.txt", src_dir, docs[i]);
		CHECK_INT(bt_corpus_add(NULL, cc, docs[i], s, t, NULL), 0);
	}
	CHECK_INT(bt_aligner_open(a, "nl", "en", NULL), 0);
	CHECK_INT(bt_corpus_align(&res, cc, *a, NULL), 0);
	return cc;
}

static void test_model_rows(void)
{
	bt_aligner *a = NULL;
	bt_corpus *cc = sample_corpus("model.db", &a);
	bt_lexicon *lx = NULL;
	bt_lexicon_words w = BT_LEXICON_WORDS_INIT;
	concord_lex *l = NULL;
	sqlite3_stmt *st = NULL;
	bt_buf full = BT_BUF_INIT, part = BT_BUF_INIT, texts = BT_BUF_INIT;
	concord_lex_pair batch[400];
	bt_concord_span marks[400];
	size_t nb = 0, words = 0, linked = 0;
	if (!cc) {
		printf("test_model_rows: skipped (BITEXT_SOURCE not set)\n");
		return;
	}
	CHECK_INT(bt_concord_lex_open(&l, cc), 0);
	CHECK(l != NULL);
	CHECK_INT(bt_lexicon_new(&lx, "nl", "en", NULL), 0);
	if (!l || !lx)
		goto done;
	/* every link's two sides, NUL-terminated, one after another */
	CHECK_INT(bt_store_prepare(cc, &st,
				   "SELECT (SELECT group_concat(text, ' ') FROM (SELECT text FROM segments WHERE doc_id = ds.id"
				   "  AND ordinal >= l.src_first AND ordinal < l.src_first + l.src_n ORDER BY ordinal)),"
				   " (SELECT group_concat(text, ' ') FROM (SELECT text FROM segments WHERE doc_id = dt.id"
				   "  AND ordinal >= l.tgt_first AND ordinal < l.tgt_first + l.tgt_n ORDER BY ordinal))"
				   " FROM links l JOIN documents ds ON ds.pair_id = l.pair_id AND ds.side = 'src'"
				   " JOIN documents dt ON dt.pair_id = l.pair_id AND dt.side = 'tgt'"
				   " WHERE l.src_n > 0 AND l.tgt_n > 0 ORDER BY l.pair_id, l.ordinal"),
		  0);
	while (st && sqlite3_step(st) == SQLITE_ROW)
		for (int k = 0; k < 2; k++)
			bt_buf_put(&texts, (const char *)sqlite3_column_text(st, k), (size_t)sqlite3_column_bytes(st, k) + 1);
	sqlite3_finalize(st);
	for (size_t at = 0; texts.ptr && at < texts.len;) {
		const char *sp = texts.ptr + at, *tp = sp + strlen(sp) + 1;
		concord_lex_pair whole = {sp, tp, NULL, 0, 0};
		at = (size_t)(tp - texts.ptr) + strlen(tp) + 1;
		CHECK_INT(bt_lexicon_words_of(&w, lx, BT_LEX_SRC, sp, strlen(sp)), 0);
		for (size_t i = 0; i < w.n; i++) {
			bt_concord_span m = {w.v[i].start, w.v[i].end};
			concord_lex_pair one = {sp, tp, &m, 1, 0};
			CHECK_INT(bt_concord_lex_prefetch(l, &whole, 1), 0);
			links_over(&full, l, 0, m.start, m.end);
			CHECK_INT(bt_concord_lex_prefetch(l, &one, 1), 0);
			links_over(&part, l, 0, m.start, m.end);
			if (strcmp(full.ptr ? full.ptr : "", part.ptr ? part.ptr : "") != 0) {
				fprintf(stderr, "word %.*s of \"%s\": whole model %s, its rows %s\n", (int)(m.end - m.start),
					sp + m.start, sp, full.ptr ? full.ptr : "", part.ptr ? part.ptr : "");
				CHECK(0);
			}
			words++;
			linked += full.len > 0;
		}
		if (nb < 400 && w.n) { /* the batch: its third word, or its whole pair */
			marks[nb] = (bt_concord_span){w.v[w.n / 3].start, w.v[w.n / 3].end};
			batch[nb] = nb % 5 ? (concord_lex_pair){sp, tp, &marks[nb], 1, 0} : whole;
			nb++;
		}
	}
	/* the test means something: real words, most of them linked */
	CHECK(words > 1000);
	CHECK(linked * 2 > words);
	/* in a batch, with pairs aligned whole among them */
	for (size_t k = 0; k < nb; k++) {
		concord_lex_pair whole = {batch[k].src, batch[k].tgt, NULL, 0, 0};
		CHECK_INT(bt_concord_lex_prefetch(l, &whole, 1), 0);
		links_over(&full, l, 0, marks[k].start, marks[k].end);
		CHECK_INT(bt_concord_lex_prefetch(l, batch, nb), 0);
		links_over(&part, l, k, marks[k].start, marks[k].end);
		CHECK_STR(part.ptr ? part.ptr : "", full.ptr ? full.ptr : "");
	}
done:
	bt_lexicon_words_dispose(&w);
	bt_lexicon_free(lx);
	bt_aligner_free(a);
	bt_buf_dispose(&full);
	bt_buf_dispose(&part);
	bt_buf_dispose(&texts);
	bt_concord_cache_release();
	bt_corpus_free(cc);
}

static void test_formats(void)
{
	bt_concord_opts o = BT_CONCORD_OPTS_INIT;
	bt_concord_page p = BT_CONCORD_PAGE_INIT;
	bt_concord_fmt f = BT_CONCORD_FMT_INIT;
	bt_buf out = BT_BUF_INIT;
	f.src_lang = "nl";
	f.tgt_lang = "en";
	f.query = "Zelensky";
	CHECK(bt_concord_search(&p, c, "Zelensky", &o) == 0);
	f.format = BT_CONCORD_JSONL;
	CHECK(bt_concord_write(&out, &p, &f) == 0);
	CHECK_STR(out.ptr, "{\"doc\":\"b\",\"date\":\"2022-10\",\"side\":\"src\",\"segment\":2,\"lang\":\"nl\","
			   "\"src\":\"De oorlog ging door. Zelenski sprak.\",\"tgt\":\"The war went on and Zelensky spoke.\","
			   "\"left\":\"\",\"match\":\"Zelenski\",\"right\":\" sprak.\",\"link\":\"2-1\",\"score\":0.7000,"
			   "\"equiv\":[\"Zelensky\"]}\n");
	bt_buf_clear(&out);
	f.format = BT_CONCORD_TSV;
	CHECK(bt_concord_write(&out, &p, &f) == 0);
	CHECK_STR(out.ptr, "doc\tdate\tside\tsegment\tlang\tsrc\ttgt\tleft\tmatch\tright\tlink\tscore\n"
			   "b\t2022-10\tsrc\t2\tnl\tDe oorlog ging door. Zelenski sprak.\tThe war went on and Zelensky spoke."
			   "\t\tZelenski\t sprak.\t2-1\t0.7000\n");
	bt_buf_clear(&out);
	f.format = BT_CONCORD_TEXT;
	f.context = 10;
	CHECK(bt_concord_write(&out, &p, &f) == 0);
	CHECK_STR(out.ptr, "b:2            Zelenski sprak.\n"
			   "     en: The war went on and [Zelensky] spoke.  (2-1)\n"
			   "hits 1-1 of 1 in 1 document\n");
	bt_buf_clear(&out);
	f.color = 1;
	CHECK(bt_concord_write(&out, &p, &f) == 0);
	CHECK(out.ptr && strstr(out.ptr, "\033[1;31mZelenski\033[0m") && strstr(out.ptr, "\033[1;32mZelensky\033[0m"));
	bt_buf_clear(&out);
	f.format = BT_CONCORD_HTML;
	f.query = "<Zelensky & \"co\">";
	CHECK(bt_concord_write(&out, &p, &f) == 0);
	CHECK(out.ptr && strncmp(out.ptr, "<!DOCTYPE html>", 15) == 0);
	CHECK(out.ptr && strstr(out.ptr, "&lt;Zelensky &amp; &quot;co&quot;&gt;") && !strstr(out.ptr, "<Zelensky"));
	CHECK(out.ptr && strstr(out.ptr, "<mark class=\"eq\">Zelensky</mark>"));
	/* self-contained: nothing fetched */
	CHECK(out.ptr && !strstr(out.ptr, "http") && !strstr(out.ptr, "src=") && !strstr(out.ptr, "<script") &&
	      !strstr(out.ptr, "<link"));
	bt_concord_page_dispose(&p);

	/* KWIC: left context right-aligned, cut with an ellipsis */
	CHECK(bt_concord_search(&p, c, "oorlog", &o) == 0);
	bt_buf_clear(&out);
	f.format = BT_CONCORD_TEXT;
	f.color = 0;
	f.context = 12;
	CHECK(bt_concord_write(&out, &p, &f) == 0);
	/* war: from the glossary bitext ships (glossary/data/glossary/nl-en.tsv) */
	CHECK_STR(out.ptr, "b:1           De oorlog ging door.\n"
			   "     en: The [war] went on and Zelensky spoke.  (2-1)\n"
			   "a:1  …reigde met oorlog.\n"
			   "     en: He threatened [war].\n"
			   "hits 1-2 of 2 in 2 documents\n");
	bt_concord_page_dispose(&p);
	bt_buf_dispose(&out);
}

/* ---- filters on the translation: the index against each hit read ---- */

/* The ids of the hits, and the page's total, into out ("id id ... =total"). */
static void tr_hits(bt_corpus *cc, const char *q, int sides, const char *has, const char *lacks, int sort, bt_buf *out)
{
	bt_concord_opts o = BT_CONCORD_OPTS_INIT;
	bt_concord_page p = {0};
	char n[32];
	o.sides = sides, o.tgt_has = has, o.tgt_lacks = lacks, o.limit = BT_CONCORD_MAX_LIMIT, o.count_all = 1;
	o.sort = sort;
	bt_buf_clear(out);
	if (bt_concord_search(&p, cc, q, &o) != 0) {
		fprintf(stderr, "%s --tgt-has %s --tgt-lacks %s: %s\n", q, has ? has : "-", lacks ? lacks : "-",
			bt_error_last()->msg);
		test_failed++;
		return;
	}
	for (size_t i = 0; i < p.n; i++) {
		snprintf(n, sizeof n, "%lld ", (long long)p.hits[i].segment);
		bt_buf_puts(out, n);
	}
	snprintf(n, sizeof n, "=%zu", p.total);
	bt_buf_puts(out, n);
	bt_concord_page_dispose(&p);
}

/* Every 11th word of a side's texts, folded, quoted, once each. */
static size_t tr_words(bt_corpus *cc, const char *side, char ***out)
{
	concord_tokens t = {0};
	sqlite3_stmt *st = NULL;
	char **v = NULL;
	size_t n = 0, k = 0;
	CHECK_INT(bt_store_prepare(cc, &st,
				   "SELECT s.text FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.side = ?1"
				   " ORDER BY s.id"),
		  0);
	sqlite3_bind_text(st, 1, side, -1, SQLITE_STATIC);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		CHECK_INT(bt_concord_tokenize(tk, text, strlen(text), &t), 0);
		for (size_t i = 0; i < t.n; i++) {
			const char *w = concord_tok_fold(&t, i);
			size_t j = 0;
			if (k++ % 11)
				continue;
			while (j < n && strcmp(v[j], w) != 0)
				j++;
			if (j < n)
				continue;
			v = realloc(v, (n + 2) * sizeof *v);
			v[n++] = strdup(w);
			if (i + 1 < t.n && n % 4 == 0) { /* and a phrase now and then */
				char ph[512];
				snprintf(ph, sizeof ph, "%s %s", w, concord_tok_fold(&t, i + 1));
				v[n++] = strdup(ph);
			}
		}
	}
	sqlite3_finalize(st);
	bt_concord_tokens_dispose(&t);
	*out = v;
	return n;
}

/* Each query word with three filter words, as has, lacks and both, in
 * corpus order, by date and sorted by context; the index's answer is the answer of the same
 * search reading each hit (the index marked not ready). Counts into
 * *hits the hits found, and into *lacked those that --tgt-lacks kept. */
static void tr_compare(bt_corpus *cc, char **qw, size_t nq, char **fw, size_t nf, int sides, size_t *hits,
		       size_t *lacked)
{
	bt_buf a = BT_BUF_INIT, b = BT_BUF_INIT;
	sqlite3 *db = bt_store_db(cc);
	bt_corpus *ro = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	/* each hit read: the index marked not ready, to a read-only handle (a
	 * handle that may write indexes what waits first) */
	co.readonly = 1;
	CHECK_INT(bt_corpus_open(&ro, bt_store_path(cc), &co), 0);
	if (!ro)
		return;
	for (size_t i = 0; i < nq; i++) {
		char q[600];
		snprintf(q, sizeof q, "\"%s\"", qw[i]);
		for (size_t j = 0; j < 3; j++) {
			const char *f = fw[(i * 7 + j * 13) % nf], *g = fw[(i * 5 + j * 3 + 1) % nf];
			for (int mode = 0; mode < 3; mode++) {
				const char *has = mode != 1 ? f : NULL, *lacks = mode == 1 ? f : mode == 2 ? g : NULL;
				int sort = (i + j) % 3 == 0 ? BT_CONCORD_SORT_RIGHT
							    : (i + j) % 3 == 1 ? BT_CONCORD_SORT_DOC : BT_CONCORD_SORT_DATE;
				tr_hits(cc, q, sides, has, lacks, sort, &a);
				CHECK_INT(sqlite3_exec(db, "INSERT INTO concord_tr_pending VALUES ('-')", NULL, NULL, NULL),
					  SQLITE_OK);
				tr_hits(ro, q, sides, has, lacks, sort, &b);
				CHECK_INT(sqlite3_exec(db, "DELETE FROM concord_tr_pending", NULL, NULL, NULL), SQLITE_OK);
				if (strcmp(a.ptr ? a.ptr : "", b.ptr ? b.ptr : "") != 0) {
					fprintf(stderr, "%s --tgt-has %s --tgt-lacks %s: index %s, each hit read %s\n", q,
						has ? has : "-", lacks ? lacks : "-", a.ptr, b.ptr);
					CHECK(0);
				}
				*hits += a.ptr && a.ptr[0] != '=';
				*lacked += mode == 1 && a.ptr && a.ptr[0] != '=';
			}
		}
	}
	bt_corpus_free(ro);
	bt_buf_dispose(&a);
	bt_buf_dispose(&b);
}

static void test_translation_filter(void)
{
	bt_aligner *a = NULL;
	bt_corpus *cc = sample_corpus("tr.db", &a);
	char **nl = NULL, **en = NULL;
	size_t nnl = 0, nen = 0, hits = 0, lacked = 0;
	if (!cc) {
		printf("test_translation_filter: skipped (BITEXT_SOURCE not set)\n");
		return;
	}
	nnl = tr_words(cc, "src", &nl);
	nen = tr_words(cc, "tgt", &en);
	CHECK(nnl > 40 && nen > 40);
	if (nnl <= 40 || nen <= 40)
		goto done;
	/* as aligned */
	tr_compare(cc, nl, 20, en, nen, BT_CONCORD_SRC, &hits, &lacked);
	tr_compare(cc, en, 20, nl, nnl, BT_CONCORD_TGT, &hits, &lacked);
	tr_compare(cc, nl + 20, 10, en, nen, BT_CONCORD_BOTH, &hits, &lacked);
	/* links changed: a pair's 1-1 links two by two as 2-2, its last
	 * as 1-0 and 0-1 */
	CHECK_INT(bt_store_begin(cc), 0);
	CHECK_INT(bt_store_exec(cc, "CREATE TEMP TABLE l AS SELECT * FROM links WHERE pair_id = '001_19a1ca94bf150f5d';"
				    "DELETE FROM links WHERE pair_id = '001_19a1ca94bf150f5d';"
				    "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score)"
				    "  SELECT a.pair_id, a.ordinal, a.src_first, a.src_n + b.src_n, a.tgt_first, a.tgt_n + b.tgt_n, 0.5"
				    "  FROM l a JOIN l b ON b.ordinal = a.ordinal + 1 WHERE a.ordinal % 2 = 0;"
				    "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score)"
				    "  SELECT pair_id, 100000, src_first, src_n, 0, 0, 0.1 FROM l WHERE ordinal = 1;"
				    "DROP TABLE l;"),
		  0);
	CHECK_INT(bt_store_commit(cc), 0);
	tr_compare(cc, nl, 20, en, nen, BT_CONCORD_SRC, &hits, &lacked);
	tr_compare(cc, en, 20, nl, nnl, BT_CONCORD_TGT, &hits, &lacked);
	/* a segment's text changed: its partner's translation too */
	CHECK_INT(bt_store_begin(cc), 0);
	CHECK_INT(bt_store_exec(cc, "UPDATE segments SET text = text || ' vredesoorlog' WHERE id = (SELECT min(s.id)"
				    " FROM segments s JOIN documents d ON d.id = s.doc_id AND d.side = 'src'"
				    " AND d.pair_id = '002_03356abbfbc55a48')"),
		  0);
	CHECK_INT(bt_store_commit(cc), 0);
	{
		bt_buf b = BT_BUF_INIT;
		char *w[] = {"vredesoorlog"};
		tr_hits(cc, "vredesoorlog", BT_CONCORD_SRC, NULL, NULL, BT_CONCORD_SORT_DOC, &b);
		CHECK(b.ptr && strstr(b.ptr, " =1")); /* the segment changed */
		tr_compare(cc, en, 20, w, 1, BT_CONCORD_TGT, &hits, &lacked);
		tr_compare(cc, nl, 20, en, nen, BT_CONCORD_SRC, &hits, &lacked);
		bt_buf_dispose(&b);
	}
	/* a pair deleted */
	CHECK_INT(bt_store_begin(cc), 0);
	CHECK_INT(bt_store_exec(cc, "DELETE FROM pairs WHERE id = '000_94da7f26282f7cdf'"), 0);
	CHECK_INT(bt_store_commit(cc), 0);
	tr_compare(cc, nl, 20, en, nen, BT_CONCORD_SRC, &hits, &lacked);
	{
		sqlite3_stmt *st = NULL;
		CHECK_INT(bt_store_prepare(cc, &st,
					   "SELECT (SELECT count(*) FROM concord_tr) = (SELECT count(*) FROM concord_tr c"
					   " JOIN segments s ON s.id = c.rowid), (SELECT count(*) FROM concord_tr)"),
			  0);
		CHECK(st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1 &&
		      sqlite3_column_int(st, 1) > 100);
		sqlite3_finalize(st);
	}
	/* links written by another client (the queue filled, no precommit):
	 * a search with a handle that may write indexes them first */
	{
		bt_buf b = BT_BUF_INIT;
		sqlite3_stmt *st = NULL;
		CHECK_INT(sqlite3_exec(bt_store_db(cc), "DELETE FROM links WHERE pair_id = '003_862f0dab74190d4b'", NULL,
				       NULL, NULL),
			  SQLITE_OK);
		tr_hits(cc, "\"de\"", BT_CONCORD_SRC, "the", NULL, BT_CONCORD_SORT_DOC, &b);
		CHECK_INT(bt_store_prepare(cc, &st,
					   "SELECT (SELECT count(*) FROM concord_tr_pending), (SELECT count(*) FROM concord_tr t"
					   " JOIN segments s ON s.id = t.rowid JOIN documents d ON d.id = s.doc_id"
					   " WHERE d.pair_id = '003_862f0dab74190d4b')"),
			  0);
		CHECK(st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0 &&
		      sqlite3_column_int(st, 1) == 0);
		sqlite3_finalize(st);
		bt_buf_dispose(&b);
		tr_compare(cc, nl, 20, en, nen, BT_CONCORD_SRC, &hits, &lacked);
	}
	/* the test means something: hits kept by both filters */
	CHECK(hits > 200);
	CHECK(lacked > 20);
	printf("test_translation_filter: %zu searches with hits, %zu of them --tgt-lacks\n", hits, lacked);
done:
	for (size_t i = 0; i < nnl; i++)
		free(nl[i]);
	for (size_t i = 0; i < nen; i++)
		free(en[i]);
	free(nl);
	free(en);
	bt_aligner_free(a);
	bt_corpus_free(cc);
}

int main(void)
{
	sqlite3 *db;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	char path[256], cmd[300];

	if (sqlite3_open(":memory:", &db) != SQLITE_OK || bt_concord_tokenizer_open(&tk, db) ||
	    bt_concord_keyer_open(&keyer)) {
		fprintf(stderr, "setup: %s\n", bt_error_last()->msg);
		return 1;
	}
	test_parse();
	test_marks();
	test_key_cache();

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/c.db", dir);
	co.create = 1;
	if (bt_corpus_open(&c, path, &co)) {
		fprintf(stderr, "open: %s\n", bt_error_last()->msg);
		return 1;
	}
	test_search();
	test_index_maintenance();
	test_runs();
	test_stats();
	test_stats_sampled();
	test_formats();
	test_model_rows();
	test_translation_filter();
	bt_corpus_free(c);

	bt_concord_tokenizer_free(tk);
	bt_concord_keyer_free(keyer);
	sqlite3_close(db);
	bt_name_cache_release();
	bt_concord_cache_release();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	TEST_END();
}
