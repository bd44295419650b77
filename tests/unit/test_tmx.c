/* test_tmx.c: TMX escaping, tags, dates and names; export and import
 * through the library, with exact outputs and exact error lines. */
#include "bitext.h"
#include "store_int.h"
#include "test.h"
#include "tmx.h"

#include <dirent.h>
#include <unistd.h>

static char dir[] = "/tmp/bt_test_tmx_XXXXXX";

static const char *esc(const char *s, size_t len, int flags, size_t *removed)
{
	static bt_buf b = BT_BUF_INIT;
	bt_buf_clear(&b);
	if (bt_tmx_escape(&b, s, len, flags, removed) != 0)
		return "(error)";
	return b.ptr ? b.ptr : "";
}
#define ESC(s, flags) esc(s, sizeof s - 1, flags, NULL)

static void test_escape(void)
{
	size_t rem = 0;
	bt_buf b = BT_BUF_INIT;

	CHECK_STR(ESC("plain text", 0), "plain text");
	CHECK_STR(ESC("a&b<c>d\"e'f", 0), "a&amp;b&lt;c&gt;d\"e'f");
	CHECK_STR(ESC("a&b<c>d\"e'f", BT_TMX_ATTR), "a&amp;b&lt;c&gt;d&quot;e'f");
	CHECK_STR(ESC("]]>", 0), "]]&gt;");
	/* forbidden characters and bytes that are not UTF-8 go, and are counted */
	CHECK_STR(esc("a\001b\037c\0d", 7, 0, &rem), "abcd");
	CHECK_INT(rem, 3);
	rem = 0;
	CHECK_STR(esc("x\xEF\xBF\xBFy\xEF\xBF\xBEz\xEF\xBF\xBD", 12, 0, &rem), "xyz\xEF\xBF\xBD"); /* U+FFFD stays */
	CHECK_INT(rem, 2);
	rem = 0;
	CHECK_STR(esc("a\xFF" "b\xC0\x80" "c\xED\xA0\x80" "d\xC3", 11, 0, &rem), "abcd");
	CHECK_INT(rem, 7); /* FF; C0 80; ED A0 80 (a surrogate); C3 cut short */
	CHECK_STR(ESC("\xF0\x9F\x98\x80 \xC3\xAB \xE2\x80\x9C", 0), "\xF0\x9F\x98\x80 \xC3\xAB \xE2\x80\x9C");
	/* tab, LF, CR: kept in text, CR as a reference; references in attributes */
	CHECK_STR(ESC("a\tb\nc\rd", 0), "a\tb\nc&#13;d");
	CHECK_STR(ESC("a\tb\nc\rd", BT_TMX_ATTR), "a&#9;b&#10;c&#13;d");
	/* flat: trimmed; a run with a line break is one space; other runs stay */
	CHECK_STR(ESC("  a \n b\t\tc  d \r\n e  ", BT_TMX_FLAT), "a b\t\tc  d e");
	CHECK_STR(ESC("a\r\nb", BT_TMX_FLAT), "a b");
	CHECK_STR(ESC(" \n\t ", BT_TMX_FLAT), "");
	CHECK_STR(ESC("\001 a \002 b \003", BT_TMX_FLAT), "a b");
	CHECK_STR(ESC("a\001\nb", BT_TMX_FLAT), "a b");
	CHECK_STR(ESC("x \"y\"\n", BT_TMX_FLAT | BT_TMX_ATTR), "x &quot;y&quot;");
	/* appends, and trims only what it appends */
	bt_buf_puts(&b, "pre: ");
	CHECK(bt_tmx_escape(&b, "\001  a ", 5, BT_TMX_FLAT, NULL) == 0);
	CHECK_STR(b.ptr, "pre: a");
	bt_buf_dispose(&b);
}

static void test_tags_dates_names(void)
{
	char tag[64];
	bt_buf b = BT_BUF_INIT;
	static const char *const ok[] = {"nl", "nl-NL", "en-GB", "zh-Hant-TW", "gsw-CH", "de-1996"};
	static const char *const bad[] = {"", "n", "nl_NL", "nl-", "-nl", "*all*", "nlnl", "nl NL", "en-abcdefghi"};

	CHECK(bt_tmx_default_tag(tag, sizeof tag, "nl") == 0);
	CHECK_STR(tag, "nl-NL");
	bt_tmx_default_tag(tag, sizeof tag, "en");
	CHECK_STR(tag, "en-GB");
	bt_tmx_default_tag(tag, sizeof tag, "EN");
	CHECK_STR(tag, "en-GB");
	bt_tmx_default_tag(tag, sizeof tag, "uk");
	CHECK_STR(tag, "uk-UA");
	bt_tmx_default_tag(tag, sizeof tag, "en_US");
	CHECK_STR(tag, "en-US");
	bt_tmx_default_tag(tag, sizeof tag, "pt-BR");
	CHECK_STR(tag, "pt-BR");
	bt_tmx_default_tag(tag, sizeof tag, "tlh");
	CHECK_STR(tag, "tlh");
	CHECK_INT(bt_tmx_default_tag(tag, sizeof tag, ""), BT_EUSAGE);

	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		CHECK(bt_tmx_tag_ok(ok[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(!bt_tmx_tag_ok(bad[i]));

	bt_tmx_date(tag, 0);
	CHECK_STR(tag, "19700101T000000Z");
	bt_tmx_date(tag, 1700000000);
	CHECK_STR(tag, "20231114T221320Z");
	CHECK(bt_tmx_date_filter_ok("2023") && bt_tmx_date_filter_ok("2023-02") && bt_tmx_date_filter_ok("2023-02-05"));
	CHECK(!bt_tmx_date_filter_ok("2023-2") && !bt_tmx_date_filter_ok("20230205") && !bt_tmx_date_filter_ok("") &&
	      !bt_tmx_date_filter_ok("2023-02-05T") && !bt_tmx_date_filter_ok("abcd"));

	bt_tmx_part_path(&b, "out.tmx", 1);
	CHECK_STR(b.ptr, "out-0001.tmx");
	bt_tmx_part_path(&b, "a/b.TMX", 12);
	CHECK_STR(b.ptr, "a/b-0012.tmx");
	bt_tmx_part_path(&b, "memory", 12345);
	CHECK_STR(b.ptr, "memory-12345.tmx");

	bt_buf_clear(&b);
	CHECK(bt_tmx_types_sql(&b, "1-1,2-1") == 0);
	CHECK_STR(b.ptr, " AND ((l.src_n = 1 AND l.tgt_n = 1) OR (l.src_n = 2 AND l.tgt_n = 1))");
	bt_buf_clear(&b);
	CHECK_INT(bt_tmx_types_sql(&b, "1-0"), BT_EUSAGE);
	CHECK_STR(bt_error_last()->msg, "link type 1-0 has no text on one side; a TMX unit needs both sides");
	static const char *const bad_types[] = {"", "1", "1-", "1-1,", "a-1", "1-1;2-2", "100-1", "-1-1", "1--1"};
	for (size_t i = 0; i < sizeof bad_types / sizeof *bad_types; i++) {
		bt_buf_clear(&b);
		CHECK_INT(bt_tmx_types_sql(&b, bad_types[i]), BT_EUSAGE);
	}
	bt_buf_dispose(&b);
}

/* ---- through a corpus ---- */

static bt_corpus *fresh(const char *name)
{
	char path[256];
	bt_corpus *c = NULL;
	bt_corpus_opts o = BT_CORPUS_OPTS_INIT;
	o.create = 1;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (bt_corpus_open(&c, path, &o) != 0)
		fprintf(stderr, "open %s: %s\n", path, bt_error_last()->msg);
	return c;
}

static void sql(bt_corpus *c, const char *q)
{
	char *err = NULL;
	if (sqlite3_exec(c->db, q, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "sql: %s\n", err);
		test_failed++;
	}
	sqlite3_free(err);
}

static long long count(bt_corpus *c, const char *q)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(c->db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *text(bt_corpus *c, const char *q)
{
	static char out[4096];
	sqlite3_stmt *st;
	bt_buf b = BT_BUF_INIT;
	out[0] = '\0';
	if (sqlite3_prepare_v2(c->db, q, -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(st, 0);
			if (b.len)
				bt_buf_puts(&b, "|");
			bt_buf_puts(&b, t ? t : "NULL");
		}
		sqlite3_finalize(st);
	}
	snprintf(out, sizeof out, "%s", b.ptr ? b.ptr : "");
	bt_buf_dispose(&b);
	return out;
}

static const char *path_in(const char *name)
{
	static char p[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
	return p[k];
}

static void write_file(const char *name, const char *data, size_t len)
{
	FILE *f = fopen(path_in(name), "wb");
	fwrite(data, 1, len, f);
	fclose(f);
}

static int leftovers(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL)
		if (strstr(e->d_name, ".tmp"))
			n++;
	closedir(d);
	return n;
}

static const char one_pair[] =
	"INSERT INTO pairs(id, date) VALUES ('p', '2023-05');"
	"INSERT INTO documents(id, pair_id, side, lang, path, hash, encoding, bytes, text) VALUES"
	" (1, 'p', 'src', 'nl', 'x', 'x', 'UTF-8', 0, ''), (2, 'p', 'tgt', 'en', 'x', 'x', 'UTF-8', 0, '');"
	"INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text) VALUES"
	" (1, 0, 0, 0, 0, 'sentence', 'Een.'), (1, 1, 0, 0, 0, 'sentence', 'Twee.'), (1, 2, 0, 0, 0, 'sentence', 'Drie.'),"
	" (2, 0, 0, 0, 0, 'sentence', 'One.'), (2, 1, 0, 0, 0, 'sentence', 'Two.');"
	"INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score) VALUES"
	" ('p', 0, 0, 1, 0, 1, 0.5), ('p', 1, 1, 1, 1, 1, 0.25), ('p', 2, 2, 1, 2, 0, 0);";

/* A kept <seg> as codes and places, and back (seg_delta.c). */
static void delta_case(const char *text, const char *seg, int want_ok, const char *want)
{
	bt_buf d = BT_BUF_INIT, x = BT_BUF_INIT, back = BT_BUF_INIT;
	int ok = -1;
	CHECK(bt_tmx_seg_delta(&d, &x, text, strlen(text), seg, strlen(seg), &ok) == 0);
	CHECK_INT(ok, want_ok);
	if (ok) {
		CHECK_STR(d.ptr, want);
		CHECK(bt_tmx_seg_undelta(&back, &x, text, strlen(text), d.ptr) == 0);
		CHECK_STR(back.ptr, seg);
	}
	bt_buf_dispose(&d);
	bt_buf_dispose(&x);
	bt_buf_dispose(&back);
}

static void test_seg_delta(void)
{
	bt_buf b = BT_BUF_INIT, x = BT_BUF_INIT;
	/* codes around a word and a code alone (U+FFFC in the text) */
	delta_case("De begroting\xEF\xBF\xBCgroeide & meer.",
		   "De <bpt i=\"1\">&lt;b&gt;</bpt>begroting<ept i=\"1\">&lt;/b&gt;</ept><ph x=\"2\"/>groeide &amp; meer.", 1,
		   "\x01" "3,0,26:<bpt i=\"1\">&lt;b&gt;</bpt>12,0,27:<ept i=\"1\">&lt;/b&gt;</ept>12,3,11:<ph x=\"2\"/>");
	/* <hi>'s text is the corpus's: only its tags are codes */
	delta_case("Zie hier.", "Zie <hi type=\"b\">hier</hi>.", 1, "\x01" "4,0,13:<hi type=\"b\">8,0,5:</hi>");
	/* a code inside a code (<sub> in a <ph>) goes as one */
	delta_case("A\xEF\xBF\xBC" "B", "A<ph>&lt;img alt=\"<sub>x</sub>\"/&gt;</ph>B", 1,
		   "\x01" "1,3,40:<ph>&lt;img alt=\"<sub>x</sub>\"/&gt;</ph>");
	/* kept whole: white space the text lost, CDATA, another escape */
	delta_case("Een.", " Een.<ph/>", 0, NULL);
	delta_case("a<b", "<![CDATA[a<b]]>", 0, NULL);
	delta_case("it's", "it&apos;s", 0, NULL);
	/* a damaged delta is refused, naming the byte */
	CHECK_INT(bt_tmx_seg_undelta(&b, &x, "abc", 3, "\x01" "9,0,1:x"), BT_EDB);
	CHECK_STR(bt_error_last()->msg, "a kept TMX segment is damaged (at byte 1 of its codes)");
	CHECK_INT(bt_tmx_seg_undelta(&b, &x, "abc", 3, "\x01" "1,0,5:xy"), BT_EDB);
	bt_buf_dispose(&b);
	bt_buf_dispose(&x);
}

/* A kept TMX <seg> as XLIFF 1.2 content (export xliff). */
static void test_xliff_codes(void)
{
	bt_buf b = BT_BUF_INIT;
	unsigned id = 0;
	CHECK(bt_xliff_from_tmx_seg(&b,
				    "A <bpt i=\"1\" type=\"ulined\">&lt;u&gt;</bpt>b<ept i=\"1\">&lt;/u&gt;</ept> c"
				    "<ph type=\"lb\">&lt;br/&gt;</ph><it pos=\"end\" type=\"bold\">&lt;/b&gt;</it>"
				    "<hi type=\"fn\">d</hi><ut>x</ut><ph type=\"index\"/>",
				    &id) == 0);
	CHECK_STR(b.ptr, "A <bpt id=\"1\" rid=\"1\" ctype=\"underlined\">&lt;u&gt;</bpt>b<ept id=\"2\" rid=\"1\">"
			 "&lt;/u&gt;</ept> c<ph id=\"3\" ctype=\"lb\">&lt;br/&gt;</ph><it id=\"4\" pos=\"close\" "
			 "ctype=\"bold\">&lt;/b&gt;</it><mrk mtype=\"x-hi\" comment=\"fn\">d</mrk><ph id=\"5\">x</ph>"
			 "<ph id=\"6\" ctype=\"x-index\"/>");
	CHECK_INT((int)id, 6);
	bt_buf_dispose(&b);
}

static void test_export(void)
{
	bt_corpus *c = fresh("e.db");
	bt_tmx_export_opts o = BT_TMX_EXPORT_OPTS_INIT;
	bt_tmx_export_result r;
	bt_buf got = BT_BUF_INIT;

	sql(c, one_pair);
	o.creation_time = 86400;
	CHECK(bt_tmx_export(&r, c, path_in("e.tmx"), &o) == 0);
	CHECK_INT(r.units, 2);
	CHECK_INT(r.unpaired, 1);
	CHECK_INT(r.files, 1);
	bt_read_file(&got, path_in("e.tmx"));
	CHECK_INT(r.bytes, got.len);
	CHECK(strstr(got.ptr, "srclang=\"nl-NL\" datatype=\"plaintext\" creationdate=\"19700102T000000Z\">") != NULL);
	CHECK(strstr(got.ptr, "    <tu tuid=\"p:1\">\n"
			      "      <prop type=\"x-document\">p</prop>\n"
			      "      <prop type=\"x-date\">2023-05</prop>\n"
			      "      <prop type=\"x-link-type\">1-1</prop>\n"
			      "      <prop type=\"x-score\">0.2500</prop>\n"
			      "      <tuv xml:lang=\"nl-NL\"><seg>Twee.</seg></tuv>\n"
			      "      <tuv xml:lang=\"en-GB\"><seg>Two.</seg></tuv>\n"
			      "    </tu>\n"
			      "  </body>\n"
			      "</tmx>\n") != NULL);
	CHECK(got.len > 3 && memcmp(got.ptr, "<?xml", 5) == 0); /* no BOM */
	CHECK_INT(leftovers(), 0);

	/* filters */
	o.use_min_score = 1;
	o.min_score = 0.3;
	o.src_tag = "nl-BE";
	o.tgt_tag = "en-US";
	CHECK(bt_tmx_export(&r, c, path_in("f.tmx"), &o) == 0);
	CHECK_INT(r.units, 1);
	bt_read_file(&got, path_in("f.tmx"));
	CHECK(strstr(got.ptr, "<prop type=\"x-filter\">min-score=0.3000</prop>") != NULL);
	CHECK(strstr(got.ptr, "<tuv xml:lang=\"nl-BE\"><seg>Een.</seg></tuv>") != NULL);
	CHECK(strstr(got.ptr, "Twee.") == NULL);
	o.use_min_score = 0;
	o.since = "2023-06";
	CHECK(bt_tmx_export(&r, c, path_in("g.tmx"), &o) == 0);
	CHECK_INT(r.units, 0);
	o.since = "2023-05";
	o.until = "2023-05-31";
	CHECK(bt_tmx_export(&r, c, path_in("g.tmx"), &o) == 0);
	CHECK_INT(r.units, 2);
	o.since = o.until = NULL;

	/* errors leave nothing behind */
	o.pair_id = "nope";
	CHECK_INT(bt_tmx_export(&r, c, path_in("h.tmx"), &o), BT_ENOTFOUND);
	CHECK_STR(bt_error_last()->msg, "no pair 'nope' in the corpus");
	o.pair_id = NULL;
	o.src_tag = "nl_NL";
	CHECK_INT(bt_tmx_export(&r, c, path_in("h.tmx"), &o), BT_EUSAGE);
	CHECK_STR(bt_error_last()->msg, "bad language tag 'nl_NL' (use a BCP 47 tag with hyphens, e.g. nl-NL or en-GB)");
	o.src_tag = NULL;
	o.since = "May";
	CHECK_INT(bt_tmx_export(&r, c, path_in("h.tmx"), &o), BT_EUSAGE);
	o.since = NULL;
	o.split_every = 1;
	CHECK_INT(bt_tmx_export(&r, c, "-", &o), BT_EUSAGE);
	o.split_every = 0;
	CHECK_INT(bt_tmx_export(&r, c, path_in("no/such/dir/h.tmx"), &o), BT_EIO);
	CHECK(access(path_in("h.tmx"), F_OK) != 0);

	/* a link naming a segment that is not there */
	sql(c, "INSERT INTO links(pair_id, ordinal, src_first, src_n, tgt_first, tgt_n, score) VALUES ('p', 3, 7, 1, 0, 1, 1)");
	CHECK_INT(bt_tmx_export(&r, c, path_in("i.tmx"), &o), BT_EDB);
	CHECK(strstr(bt_error_last()->msg, "pair 'p', link 3: src segment 7 does not exist") != NULL);
	CHECK(access(path_in("i.tmx"), F_OK) != 0);
	CHECK_INT(leftovers(), 0);

	/* split: parts of 1 unit */
	sql(c, "DELETE FROM links WHERE ordinal = 3");
	o.split_every = 1;
	CHECK(bt_tmx_export(&r, c, path_in("s.tmx"), &o) == 0);
	CHECK_INT(r.files, 2);
	CHECK(access(path_in("s-0001.tmx"), F_OK) == 0 && access(path_in("s-0002.tmx"), F_OK) == 0 &&
	      access(path_in("s-0003.tmx"), F_OK) != 0 && access(path_in("s.tmx"), F_OK) != 0);
	bt_read_file(&got, path_in("s-0002.tmx"));
	CHECK(strstr(got.ptr, "<prop type=\"x-part\">2</prop>") && strstr(got.ptr, "tuid=\"p:1\"") &&
	      !strstr(got.ptr, "tuid=\"p:0\""));
	bt_buf_dispose(&got);
	bt_corpus_free(c);
}

/* Imports `xml` (written to a file) into a fresh corpus; returns the rc. */
static int import_str(bt_corpus **c, const char *name, const char *xml, size_t len, const bt_tmx_import_opts *o,
		      bt_tmx_import_result *r)
{
	char db[64];
	snprintf(db, sizeof db, "%s.db", name);
	*c = fresh(db);
	write_file(name, xml, len);
	return bt_tmx_import(r, *c, path_in(name), o);
}

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n"                                 \
	     "<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\""   \
	     " srclang=\"nl-NL\" datatype=\"plaintext\"/>\n<body>\n"
#define TU(nl, en) "<tu><tuv xml:lang=\"nl-NL\"><seg>" nl "</seg></tuv><tuv xml:lang=\"en-GB\"><seg>" en "</seg></tuv></tu>\n"
#define TAIL "</body>\n</tmx>\n"

static void bad(const char *name, const char *xml, int code, long line, const char *msg)
{
	bt_corpus *c;
	bt_tmx_import_result r;
	int rc = import_str(&c, name, xml, strlen(xml), NULL, &r);
	CHECK_INT(rc, code);
	CHECK_INT(bt_error_last()->line, line);
	CHECK_STR(bt_error_last()->msg, msg);
	CHECK_STR(bt_error_last()->file, path_in(name));
	CHECK_INT(count(c, "SELECT count(*) FROM pairs") + count(c, "SELECT count(*) FROM segments"), 0);
	CHECK_INT(r.units, 0);
	bt_corpus_free(c);
}

static void test_import_no_units(void)
{
	bt_corpus *c;
	bt_tmx_import_result r;
	/* nothing to import is a failure; the queue's trigger is still there */
	CHECK_INT(import_str(&c, "none.tmx", HEAD TAIL, strlen(HEAD TAIL), NULL, &r), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "no unit to import: the file has no <tu>");
	CHECK_INT(r.units, 0);
	CHECK_INT(count(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'concord_seg_insert'"), 1);
	bt_corpus_free(c);
	/* and after a failure */
	CHECK(import_str(&c, "half.tmx", HEAD TU("Een.", "One.") "<tu>", strlen(HEAD TU("Een.", "One.") "<tu>"), NULL,
			 &r) != 0);
	CHECK_INT(count(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'concord_seg_insert'"), 1);
	bt_corpus_free(c);
}

/* Many units, so that the parser hands the writer several batches: the
 * first error in file order is the one reported, whichever thread meets
 * it, and nothing is imported. */
static void test_import_batches(void)
{
	bt_buf x = BT_BUF_INIT;
	bt_corpus *c;
	bt_tmx_import_result r;
	char tu[256];
	bt_buf_puts(&x, HEAD);
	for (int i = 0; i < 5000; i++) { /* line 5 + i */
		snprintf(tu, sizeof tu,
			 "<tu><prop type=\"x-document\">%s</prop><tuv xml:lang=\"nl\"><seg>Zin %d.</seg></tuv>"
			 "<tuv xml:lang=\"en\"><seg>Sentence %d.</seg></tuv></tu>\n",
			 i < 3000 ? "a" : "b", i, i);
		bt_buf_puts(&x, tu);
	}
	/* all good: 5000 units in two pairs */
	bt_buf_puts(&x, TAIL);
	CHECK(import_str(&c, "many.tmx", x.ptr, x.len, NULL, &r) == 0);
	CHECK_INT(r.units, 5000);
	CHECK_INT(r.pairs, 2);
	CHECK_INT(count(c, "SELECT count(*) FROM links WHERE pair_id = 'b'"), 2000);
	CHECK_INT(count(c, "SELECT count(*) FROM concord_names"), 10000);
	/* again into the same corpus: the writer meets pair 'a' at once and
	 * stops the parser, which is batches ahead */
	write_file("many2.tmx", x.ptr, x.len);
	CHECK_INT(bt_tmx_import(&r, c, path_in("many2.tmx"), NULL), BT_EINPUT);
	CHECK_INT(bt_error_last()->line, 5);
	CHECK_INT(count(c, "SELECT count(*) FROM links"), 5000);
	bt_corpus_free(c);
	/* a truncated end: the parser's error, after the writer took the
	 * units before it; nothing stays */
	x.len -= strlen(TAIL) + strlen("99.</seg></tuv></tu>\n"); /* inside the last <seg> */
	CHECK_INT(import_str(&c, "cut.tmx", x.ptr, x.len, NULL, &r), BT_EINPUT);
	CHECK_INT(bt_error_last()->line, 5004);
	CHECK_STR(bt_error_last()->msg, "not well-formed XML: the file ends inside <seg> (truncated?)");
	CHECK_INT(count(c, "SELECT count(*) FROM segments") + count(c, "SELECT count(*) FROM pairs"), 0);
	CHECK_INT(r.units, 0);
	bt_corpus_free(c);
	/* the writer's error comes first in the file: it is the one named
	 * (pair 'a' exists, and the file is also cut at its end) */
	c = fresh("pre.tmx.db");
#define PRE HEAD "<tu><prop type=\"x-document\">b</prop><tuv xml:lang=\"nl\"><seg>X.</seg></tuv>" \
		 "<tuv xml:lang=\"en\"><seg>X.</seg></tuv></tu>\n" TAIL
	write_file("pre.tmx", PRE, strlen(PRE));
#undef PRE
	CHECK(bt_tmx_import(&r, c, path_in("pre.tmx"), NULL) == 0);
	write_file("cut2.tmx", x.ptr, x.len);
	CHECK_INT(bt_tmx_import(&r, c, path_in("cut2.tmx"), NULL), BT_EINPUT);
	CHECK_INT(bt_error_last()->line, 3005);
	CHECK_STR(bt_error_last()->msg, "pair 'b' is already in the corpus (use --append to add to it, --replace to"
					" replace it, or --pair to import under another id)");
	CHECK_INT(count(c, "SELECT count(*) FROM links"), 1);
	bt_corpus_free(c);
	bt_buf_dispose(&x);
}

static void test_import_errors(void)
{
	bad("x1.tmx", "hello", BT_EINPUT, 1, "not well-formed XML: Document is empty");
	bad("x2.tmx", "<?xml version=\"1.0\"?>\n\n<html><tmx/></html>", BT_EINPUT, 3,
	    "the root element is <html>, not <tmx>: not a TMX file");
	bad("x3.tmx", "<tmx version=\"1.4\">\n<body/>\n</tmx>", BT_EINPUT, 2, "<body> without a <header> before it");
	bad("x4.tmx", "<tmx version=\"1.4\">\n<header creationtool=\"x\"/>\n<body/></tmx>", BT_EINPUT, 2,
	    "<header> has no srclang");
	bad("x5.tmx", "<tmx>\n<header srclang=\"en-GB\"/>\n<body/></tmx>", BT_EINPUT, -1,
	    "no unit to import: the file has no <tu>");
	bad("x6.tmx", HEAD TU("Een.", "One.") "<tu>\n<tuv><seg>Twee.</seg></tuv>\n</tu>\n" TAIL, BT_EINPUT, 7,
	    "<tuv> without xml:lang");
	bad("x7.tmx", HEAD "<tu>\n<tuv xml:lang=\"nl\"><prop type=\"x\">y</prop></tuv></tu>" TAIL, BT_EINPUT, 6,
	    "<tuv> without <seg>");
	bad("x8.tmx",
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx [<!ENTITY e \"x\">]>\n<tmx><header srclang=\"nl\"/><body>\n"
	    "<tu><tuv xml:lang=\"nl\"><seg>&e;</seg></tuv></tu>" TAIL,
	    BT_EINPUT, 4, "entity reference &e; (TMX allows only &amp; &lt; &gt; &apos; &quot;)");
	bad("x9.tmx", HEAD TU("Een &#1; twee.", "One.") TAIL, BT_EINPUT, 5,
	    "not well-formed XML: xmlParseCharRef: invalid xmlChar value 1");
	bad("x10.tmx", HEAD TU("Een.", "One.") "<tu><tuv xml:lang=\"nl\"><seg>Tw", BT_EINPUT, 6,
	    "not well-formed XML: the file ends inside <seg> (truncated?)");
	bad("x11.tmx", HEAD TU("Caf\xE9.", "One.") TAIL, BT_EINPUT, 5,
	    "not well-formed XML: Input is not proper UTF-8, indicate encoding ! Bytes: 0xE9 0x2E 0x3C 0x2F");
	bad("x12.tmx", "<tmx>\n<header srclang=\"nl\"/>\n</tmx>\n", BT_EINPUT, 4, "no <body> element");
	bad("x13.tmx", "", BT_EINPUT, -1, "empty file");
	bad("x15.tmx", "<tmx><header srclang=\"nl\"/>\n<body><tu>", BT_EINPUT, 2,
	    "not well-formed XML: the file ends inside <tu> (truncated?)");
	bad("x14.tmx", "<tmx><header srclang=\"nl\"/><body/></tmx>\n<tmx/>", BT_EINPUT, 2,
	    "not well-formed XML: Extra content at the end of the document");
}

static void test_import(void)
{
	bt_corpus *c;
	bt_tmx_import_opts o = BT_TMX_IMPORT_OPTS_INIT;
	bt_tmx_import_result r;
	static const char grouped[] =
		HEAD
		"<tu tuid=\"A:4\"><prop type=\"x-document\">A</prop><prop type=\"x-date\">2021-03</prop>"
		"<prop type=\"x-score\"> 0.75 </prop>"
		"<tuv xml:lang=\"nl-NL\"><seg>  A een.  </seg></tuv><tuv xml:lang=\"en-GB\"><seg>A one.</seg></tuv></tu>\n"
		"<tu tuid=\"B:9\"><prop type=\"x-document\">B</prop>"
		"<tuv xml:lang=\"en-GB\"><seg>B one.</seg></tuv><tuv xml:lang=\"nl-BE\"><seg>B een.</seg></tuv></tu>\n"
		"<tu tuid=\"A:2\"><prop type=\"x-document\">A</prop><prop type=\"x-score\">high</prop>"
		"<tuv xml:lang=\"nl\"><seg>A <![CDATA[<twee>]]>.</seg></tuv><tuv xml:lang=\"EN\"><seg>A two.</seg></tuv></tu>\n"
		"<tu><prop type=\"x-document\">A</prop><tuv xml:lang=\"nl\"><seg>Klik <bpt i=\"1\">&lt;b&gt;</bpt>hier"
		"<ept i=\"1\">&lt;/b&gt;</ept> <hi>nu</hi><ph x=\"1\"/>.</seg></tuv>"
		"<tuv xml:lang=\"en\"><seg>Click <hi>now</hi>.</seg></tuv></tu>\n"
		"<tu><tuv xml:lang=\"de-DE\"><seg>Nur Deutsch.</seg></tuv><tuv xml:lang=\"en-GB\"><seg>x</seg></tuv></tu>\n"
		"<tu><tuv xml:lang=\"nl\"><seg> </seg></tuv><tuv xml:lang=\"en\"><seg>Empty Dutch.</seg></tuv></tu>\n"
		"<tu><tuv xml:lang=\"nl\"><seg>Cafe\xCC\x81 e\xCC\x81n</seg></tuv>"
		"<tuv xml:lang=\"nl\"><seg>Variant.</seg></tuv><tuv xml:lang=\"en\"><seg>Caf\xC3\xA9.</seg></tuv></tu>\n" TAIL;

	CHECK(import_str(&c, "g.tmx", grouped, sizeof grouped - 1, &o, &r) == 0);
	CHECK_INT(r.units, 5);
	CHECK_INT(r.pairs, 3);
	CHECK_INT(r.nolang, 1);
	CHECK_INT(r.empty, 1);
	/* the import queues its segments itself (its trigger is off while it
	 * runs): every one is in the concordance after the commit, and the
	 * trigger is back for other writers */
	CHECK_INT(count(c, "SELECT count(*) FROM segments s JOIN concord_names n ON n.id = s.id"), 10);
	CHECK_INT(count(c, "SELECT count(*) FROM concord_pending"), 0);
	CHECK_INT(count(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'concord_seg_insert'"), 1);
	CHECK_STR(text(c, "SELECT id || ',' || ifnull(date, '-') FROM pairs ORDER BY id"), "A,2021-03|B,-|g,-");
	/* A's units in file order, link ordinals after the tuids while they go up */
	CHECK_STR(text(c, "SELECT l.ordinal || ':' || s.text || '=' || t.text || '@' || l.score FROM links l"
			  " JOIN documents ds ON ds.pair_id = l.pair_id AND ds.side = 'src'"
			  " JOIN documents dt ON dt.pair_id = l.pair_id AND dt.side = 'tgt'"
			  " JOIN segments s ON s.doc_id = ds.id AND s.ordinal = l.src_first"
			  " JOIN segments t ON t.doc_id = dt.id AND t.ordinal = l.tgt_first"
			  " WHERE l.pair_id = 'A' ORDER BY l.ordinal"),
		  "4:A een.=A one.@0.75|5:A <twee>.=A two.@1.0|6:Klik hier nu\xEF\xBF\xBC.=Click now.@1.0");
	CHECK_STR(text(c, "SELECT ordinal || ':' || src_first || '+' || src_n || ',' || tgt_first || '+' || tgt_n FROM links"
			  " WHERE pair_id = 'B'"),
		  "9:0+1,0+1");
	/* a TMX document keeps no copy of its text: the segments are it, a
	 * blank line apart, and bytes counts that */
	CHECK_STR(text(c, "SELECT length(text) || ' ' || bytes FROM documents WHERE pair_id = 'A' ORDER BY side"),
		  "0 35|0 26");
	CHECK_STR(text(c, "SELECT group_concat(start || '-' || end || '/' || para, ' ') FROM segments s"
			  " JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'A' AND d.side = 'src'"),
		  "0-6/0 8-17/1 19-35/2");
	CHECK_STR(text(c, "SELECT count(*) || ' ' || sum(bytes = (SELECT ifnull(max(end), 0) FROM segments WHERE doc_id = d.id))"
			  " FROM documents d"),
		  "6 6");
	/* a memory has no paragraphs; each unit is a block of its own */
	CHECK_INT(count(c, "SELECT count(*) FROM paragraphs"), 0);
	CHECK_INT(count(c, "SELECT count(*) FROM segments WHERE para = ordinal"), 10);
	/* NFC: e + combining acute became é; the first nl variant is the one taken */
	CHECK_STR(text(c, "SELECT s.text FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'g'"),
		  "Caf\xC3\xA9 \xC3\xA9n|Caf\xC3\xA9.");
	{
		char want[1200];
		snprintf(want, sizeof want, "%s UTF-8 nl|%s UTF-8 en", path_in("g.tmx"), path_in("g.tmx"));
		CHECK_STR(text(c, "SELECT path || ' ' || encoding || ' ' || lang FROM documents WHERE pair_id = 'B' ORDER BY side"),
			  want);
	}
	bt_corpus_free(c);

	/* a pair that exists: refused, or replaced on request; nothing half done */
	{
		static const char again[] = HEAD "<tu><prop type=\"x-document\">A</prop>"
						 "<tuv xml:lang=\"nl\"><seg>Nieuw.</seg></tuv><tuv xml:lang=\"en\"><seg>New.</seg></tuv></tu>\n"
						 TAIL;
		char db[64];
		snprintf(db, sizeof db, "g.tmx.db");
		c = NULL;
		{
			bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
			bt_corpus_open(&c, path_in(db), &co);
		}
		write_file("again.tmx", again, sizeof again - 1);
		CHECK_INT(bt_tmx_import(&r, c, path_in("again.tmx"), &o), BT_EINPUT);
		CHECK_STR(bt_error_last()->msg, "pair 'A' is already in the corpus (use --append to add to it, --replace to"
						" replace it, or --pair to import under another id)");
		CHECK_INT(bt_error_last()->line, 5);
		CHECK_INT(count(c, "SELECT count(*) FROM links WHERE pair_id = 'A'"), 3);
		o.replace = 1;
		CHECK(bt_tmx_import(&r, c, path_in("again.tmx"), &o) == 0);
		CHECK_INT(r.replaced, 1);
		CHECK_STR(text(c, "SELECT s.text FROM segments s JOIN documents d ON d.id = s.doc_id WHERE d.pair_id = 'A'"),
			  "Nieuw.|New.");
		/* the import runs without foreign keys: the replaced pair left
		 * nothing behind, not in the concordance either, and they are on
		 * again after it */
		CHECK_INT(count(c, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
		CHECK_INT(count(c, "SELECT count(*) FROM segments WHERE doc_id NOT IN (SELECT id FROM documents)") +
				  count(c, "SELECT count(*) FROM links WHERE pair_id NOT IN (SELECT id FROM pairs)") +
				  count(c, "SELECT count(*) FROM concord_names WHERE id NOT IN (SELECT id FROM segments)"),
			  0);
		CHECK_INT(count(c, "SELECT count(*) FROM links WHERE pair_id = 'A'"), 1);
		CHECK_INT(count(c, "SELECT foreign_keys FROM pragma_foreign_keys"), 1);
		o.replace = 0;
		/* --pair puts everything in one pair */
		o.pair_id = "one";
		CHECK(bt_tmx_import(&r, c, path_in("g.tmx"), &o) == 0);
		CHECK_INT(r.pairs, 1);
		CHECK_INT(count(c, "SELECT count(*) FROM links WHERE pair_id = 'one'"), 5);
		o.pair_id = NULL;
		bt_corpus_free(c);
	}

	/* srclang *all*, and UTF-16 */
	{
		static const char all[] = "<tmx><header srclang=\"*all*\"/><body>"
					  "<tu><tuv xml:lang=\"en\"><seg>One.</seg></tuv><tuv xml:lang=\"nl\"><seg>Een.</seg></tuv></tu>"
					  "</body></tmx>";
		char u16[2 * sizeof all + 2];
		size_t n = 0;
		u16[n++] = (char)0xFF, u16[n++] = (char)0xFE;
		for (size_t i = 0; i < sizeof all - 1; i++)
			u16[n++] = all[i], u16[n++] = 0;
		CHECK(import_str(&c, "u16.tmx", u16, n, &o, &r) == 0);
		CHECK_INT(r.units, 1);
		CHECK_STR(text(c, "SELECT s.text || '>' || d.side || ' ' || d.encoding FROM segments s JOIN documents d ON d.id = s.doc_id"),
			  "Een.>src UTF-16LE (BOM)|One.>tgt UTF-16LE (BOM)");
		bt_corpus_free(c);
	}
}

/* export -> import -> export: the same units (n-m links come back 1-1) */
static void test_round_trip(void)
{
	bt_corpus *a = fresh("rt-a.db"), *b = fresh("rt-b.db");
	bt_tmx_export_opts o = BT_TMX_EXPORT_OPTS_INIT;
	bt_tmx_export_result r1, r2;
	bt_tmx_import_result ri;
	bt_buf x = BT_BUF_INIT, y = BT_BUF_INIT;
	sql(a, one_pair);
	sql(a, "UPDATE segments SET text = 'Drie & <vier>' || char(10) || 'vijf' WHERE doc_id = 1 AND ordinal = 2;"
	       "INSERT INTO segments(doc_id, ordinal, para, start, end, kind, text) VALUES (2, 2, 0, 0, 0, 'sentence', 'Three.');"
	       "UPDATE links SET tgt_n = 1 WHERE ordinal = 2");
	o.creation_time = 0;
	CHECK(bt_tmx_export(&r1, a, path_in("rt1.tmx"), &o) == 0);
	CHECK(bt_tmx_import(&ri, b, path_in("rt1.tmx"), NULL) == 0);
	CHECK(bt_tmx_export(&r2, b, path_in("rt2.tmx"), &o) == 0);
	CHECK_INT(r1.units, 3);
	CHECK_INT(ri.units, 3);
	bt_read_file(&x, path_in("rt1.tmx"));
	bt_read_file(&y, path_in("rt2.tmx"));
	CHECK(x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0);
	CHECK(strstr(x.ptr, "<seg>Drie &amp; &lt;vier&gt; vijf</seg>") != NULL);
	bt_buf_dispose(&x);
	bt_buf_dispose(&y);
	bt_corpus_free(a);
	bt_corpus_free(b);
}

/* What an import kept of a unit (tuid, inline codes) goes with its link
 * when the pair's links are replaced by the same ones; an edit or new
 * segments that would drop it are refused with the count, and change
 * nothing. */
static void test_relink_keeps(void)
{
	static const char xml[] = HEAD "<tu tuid=\"a\"><tuv xml:lang=\"nl-NL\"><seg>Een<ph x=\"1\"/>twee.</seg></tuv>"
				  "<tuv xml:lang=\"en-GB\"><seg>One<ph x=\"1\"/>two.</seg></tuv></tu>\n"
				  "<tu tuid=\"b\"><tuv xml:lang=\"nl-NL\"><seg>Drie.</seg></tuv>"
				  "<tuv xml:lang=\"en-GB\"><seg>Three.</seg></tuv></tu>\n" TU("Vier.", "Four.") TAIL;
	static const bt_link same[] = {{0, 1, 0, 1, 1, 0}, {1, 1, 1, 1, 1, 0}, {2, 1, 2, 1, 1, 0}};
	static const char *const tuids = "SELECT group_concat(l.ordinal || '=' || t.tuid, ' ') FROM tmx_units t"
					 " JOIN links l ON l.id = t.link";
	bt_tmx_import_opts o = BT_TMX_IMPORT_OPTS_INIT;
	bt_tmx_import_result r;
	bt_link_edit e = BT_LINK_EDIT_INIT;
	bt_span sp[] = {{0, 3, BT_SEG_SENTENCE, 0}};
	bt_corpus *c;
	sqlite3_stmt *st;

	o.pair_id = "k";
	CHECK_INT(import_str(&c, "k.tmx", xml, sizeof xml - 1, &o, &r), 0);
	CHECK_INT(count(c, "SELECT count(*) FROM tmx_units"), 2);
	CHECK_INT(count(c, "SELECT count(*) FROM tmx_segments"), 2);
	CHECK_INT(bt_store_links_replace(c, "k", same, NULL, 3), 0);
	CHECK(bt_st_take(c, tuids, &st) == 0 && sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "0=a 1=b");
	bt_st_give(c, st);
	e.op = BT_LINK_MERGE;
	e.ordinal = 1;
	CHECK_INT(bt_links_edit(NULL, c, "k", &e), BT_EUSAGE);
	CHECK_STR(bt_error_last()->msg, "k: 1 of its 2 units imported from a TMX would lose their TMX metadata (tuid, props,"
					" notes, other languages): their links change; export the pair first, or delete and"
					" re-import it");
	CHECK_INT(count(c, "SELECT count(*) FROM links"), 3);
	CHECK_INT(count(c, "SELECT count(*) FROM tmx_units"), 2);
	CHECK_INT(bt_store_doc_resegment(c, "k", BT_SIDE_SRC, sp, 1), BT_EUSAGE);
	CHECK_STR(bt_error_last()->msg, "k (src) was imported from a TMX: re-segmenting would drop the inline codes or TMX"
					" metadata its 1 segments keep; export the pair first, or delete and re-import it");
	CHECK_INT(count(c, "SELECT count(*) FROM tmx_segments"), 2);
	bt_corpus_free(c);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_escape();
	test_tags_dates_names();
	test_seg_delta();
	test_xliff_codes();
	test_export();
	test_import_errors();
	test_import_no_units();
	test_import_batches();
	test_import();
	test_round_trip();
	test_relink_keeps();
	{
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (test_failed == 0 && system(cmd) != 0)
			test_failed++;
	}
	TEST_END();
}
