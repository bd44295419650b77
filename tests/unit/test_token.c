/* test_token.c: what a word is (src/base/token.h), on Dutch and English
 * text: each case lists the tokens as KIND:text (W word, N number, U URL
 * or e-mail, P punctuation) and, for the words, their flags. */
#include "test.h"
#include "token.h"

#include <dirent.h>

static const char *kind_name(int k)
{
	return k == BT_TOK_WORD ? "W" : k == BT_TOK_NUMBER ? "N" : k == BT_TOK_URL ? "U" : "P";
}

/* "W:Wit-Rusland N:45.000 P:€" */
static void tokens(bt_buf *out, const char *s, unsigned opts)
{
	bt_token t;
	size_t pos = 0;
	bt_buf_clear(out);
	while (bt_token_next(&t, &pos, s, strlen(s), opts) == 0)
		bt_buf_printf(out, "%s%s:%.*s", out->len ? " " : "", kind_name(t.kind), (int)(t.end - t.start), s + t.start);
}

static void check_tokens(const char *s, unsigned opts, const char *want)
{
	bt_buf b = BT_BUF_INIT;
	tokens(&b, s, opts);
	CHECK_STR(b.ptr ? b.ptr : "", want);
	bt_buf_dispose(&b);
}

/* The parts of the first token cut at `split`: "Wit|-Rusland" (each part
 * after its joiner). */
static void check_parts(const char *s, unsigned split, const char *want)
{
	bt_token t;
	bt_buf b = BT_BUF_INIT;
	size_t pos = 0, ps, pe;
	int32_t j;
	CHECK_INT(bt_token_next(&t, &pos, s, strlen(s), 0), 0);
	pos = t.start;
	while (bt_token_part(&ps, &pe, &j, &pos, &t, s, split) == 0)
		bt_buf_printf(&b, "%s%s%.*s", b.len ? "|" : "", j == '-' ? "-" : j == '\'' ? "'" : j ? "." : "",
			      (int)(pe - ps), s + ps);
	CHECK_STR(b.ptr ? b.ptr : "", want);
	bt_buf_dispose(&b);
}

static unsigned flags_of(const char *s)
{
	bt_token t;
	size_t pos = 0;
	return bt_token_next(&t, &pos, s, strlen(s), 0) == 0 ? t.flags : 0;
}

/* Whatever the bytes: tokens in order, inside the text, not empty, never
 * starting with space; each token's parts in order and inside it, for
 * every way of cutting. Run over the seed inputs of the fuzz targets. */
static long check_invariants(const char *s, size_t len)
{
	bt_token t;
	size_t pos = 0, last = 0;
	long bad = 0;
	while (bt_token_next(&t, &pos, s, len, BT_TOKEN_SPACED) == 0) {
		if (t.start < last || t.end <= t.start || t.end > len || pos != t.end || (unsigned char)s[t.start] <= ' ')
			bad++;
		for (unsigned split = 0; split <= BT_JOIN_ALL; split++) {
			size_t at = t.start, prev = t.start, ps, pe;
			int32_t j;
			while (bt_token_part(&ps, &pe, &j, &at, &t, s, split) == 0) {
				if (ps < prev || pe <= ps || pe > t.end)
					bad++;
				prev = pe;
			}
		}
		last = t.end;
	}
	return bad + (pos != len);
}

static void test_invariants(void)
{
	static const char *const dirs[] = {"fuzz_segment", "fuzz_names", "fuzz_decode", "fuzz_tmx"};
	const char *src = getenv("BITEXT_SOURCE");
	long bad = 0, files = 0;
	if (!src)
		return;
	for (size_t d = 0; d < sizeof dirs / sizeof *dirs; d++) {
		char path[4096];
		DIR *dir;
		struct dirent *e;
		snprintf(path, sizeof path, "%s/tests/fuzz/corpus/%s", src, dirs[d]);
		if (!(dir = opendir(path)))
			continue;
		while ((e = readdir(dir)) != NULL) {
			char file[8192];
			FILE *f;
			static char buf[1 << 16];
			size_t n;
			if (e->d_name[0] == '.')
				continue;
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			if (!(f = fopen(file, "rb")))
				continue;
			n = fread(buf, 1, sizeof buf, f);
			fclose(f);
			bad += check_invariants(buf, n);
			files++;
		}
		closedir(dir);
	}
	CHECK(files > 100);
	CHECK_INT(bad, 0);
}

int main(void)
{
	test_invariants();
	/* the cases of the issue */
	check_tokens("Wit-Rusland", 0, "W:Wit-Rusland");
	check_tokens("45.000 euro", 0, "N:45.000 W:euro");
	check_tokens("Hij betaalde \xE2\x82\xAC" "1.200,50 i.p.v. 45.000 euro!", 0,
		     "W:Hij W:betaalde P:\xE2\x82\xAC N:1.200,50 W:i P:. W:p P:. W:v P:. N:45.000 W:euro P:!");
	check_tokens("Loekasjenko's regime", 0, "W:Loekasjenko's W:regime");
	check_tokens("Loekasjenko\xE2\x80\x99s", 0, "W:Loekasjenko\xE2\x80\x99s");
	check_tokens("kwam o.a. om 10.30 uur", 0, "W:kwam W:o P:. W:a P:. W:om N:10.30 W:uur");
	check_tokens("per e-mail", 0, "W:per W:e-mail");
	check_tokens("de methode-d'Hondt", 0, "W:de W:methode-d'Hondt");
	check_tokens("d'Hondt", 0, "W:d'Hondt");
	check_tokens("zie https://www.bbc.com/news/world-europe-64582321.", 0,
		     "W:zie U:https://www.bbc.com/news/world-europe-64582321 P:.");
	check_tokens("(https://nl.wikipedia.org/wiki/Minsk_(stad))", 0,
		     "P:( U:https://nl.wikipedia.org/wiki/Minsk_(stad) P:)");
	check_tokens("op www.nos.nl, of", 0, "W:op U:www.nos.nl P:, W:of");
	check_tokens("mail redactie@nos.nl.", 0, "W:mail U:redactie@nos.nl P:.");
	check_tokens("\xE2\x80\x9Ehttps://x.org/a?b=1\xE2\x80\x9D", 0, "P:\xE2\x80\x9E U:https://x.org/a?b=1 P:\xE2\x80\x9D");
	/* not URLs */
	check_tokens("om 10:30 of a@b", 0, "W:om N:10 P:: N:30 W:of W:a P:@ W:b");
	check_tokens("Re: zie", 0, "W:Re P:: W:zie");
	check_tokens("wwwx.nl", 0, "W:wwwx P:. W:nl");
	/* apostrophes: joining, genitive, quotes */
	check_tokens("Belarus' leider", 0, "W:Belarus' W:leider");
	check_tokens("'Loekasjenko' zei", 0, "P:' W:Loekasjenko P:' W:zei");
	check_tokens("z'n 'tje", 0, "W:z'n P:' W:tje");
	check_tokens("l' Ukraine, qu' il", 0, "W:l' W:Ukraine P:, W:qu' W:il");
	check_tokens("'a' en 'ab'", 0, "P:' W:a' W:en P:' W:ab P:'"); /* one letter: read as an elision */
	check_tokens("Lukashenko's and Putin's", 0, "W:Lukashenko's W:and W:Putin's");
	check_tokens("the 1990's", 0, "W:the W:1990's");
	/* hyphens and numbers */
	check_tokens("COVID-19 in 2022-2023", 0, "W:COVID-19 W:in W:2022-2023");
	check_tokens("Wit- en Oekra\xC3\xAFnse", 0, "W:Wit P:- W:en W:Oekra\xC3\xAFnse");
	check_tokens("Wit--Rusland", 0, "W:Wit P:- P:- W:Rusland");
	check_tokens("3,14 en 2.", 0, "N:3,14 W:en N:2 P:.");
	check_tokens("de 8 848 meter", 0, "W:de N:8 N:848 W:meter");
	check_tokens("de 8 848 meter", BT_TOKEN_SPACED, "W:de N:8 848 W:meter");
	check_tokens("8\xC2\xA0" "848", BT_TOKEN_SPACED, "N:8\xC2\xA0" "848");
	check_tokens("12 3456", BT_TOKEN_SPACED, "N:12 N:3456");
	check_tokens("10km", 0, "W:10km");
	/* other scripts, marks, invisible characters, bad bytes */
	check_tokens("\xD0\x9B\xD1\x83\xD0\xBA\xD0\xB0\xD1\x88\xD0\xB5\xD0\xBD\xD0\xBA\xD0\xBE", 0,
		     "W:\xD0\x9B\xD1\x83\xD0\xBA\xD0\xB0\xD1\x88\xD0\xB5\xD0\xBD\xD0\xBA\xD0\xBE");
	check_tokens("Zelens\xE2\x80\x99kyj", 0, "W:Zelens\xE2\x80\x99kyj");
	check_tokens("Wit\xC2\xADRusland", 0, "W:Wit\xC2\xADRusland");
	check_tokens("a\xE2\x80\x8B" "b", 0, "W:a W:b"); /* zero-width space */
	check_tokens("ab\xFF" "cd", 0, "W:ab P:\xFF W:cd");
	check_tokens("  \n\t ", 0, "");
	/* flags */
	CHECK_INT(flags_of("Wit-Rusland"), BT_TOK_CAP | BT_TOK_HYPHEN | BT_TOK_LETTERS);
	CHECK_INT(flags_of("d'Hondt"), BT_TOK_APOS | BT_TOK_LETTERS);
	CHECK_INT(flags_of("COVID-19"), BT_TOK_CAP | BT_TOK_HYPHEN | BT_TOK_LETTERS | BT_TOK_DIGITS);
	CHECK_INT(flags_of("45.000"), BT_TOK_DIGITS | BT_TOK_NUMSEP);
	CHECK_INT(flags_of("45"), BT_TOK_DIGITS);
	CHECK_INT(flags_of("\xC3\x89\xC3\xA9n"), BT_TOK_CAP | BT_TOK_LETTERS); /* Één */
	/* parts */
	check_parts("Wit-Rusland", BT_JOIN_HYPHEN, "Wit|-Rusland");
	check_parts("Wit-Rusland", 0, "Wit-Rusland");
	check_parts("Loekasjenko's", BT_JOIN_HYPHEN, "Loekasjenko's");
	check_parts("Loekasjenko's", BT_JOIN_APOS, "Loekasjenko|'s");
	check_parts("Belarus'", BT_JOIN_APOS, "Belarus");
	check_parts("Belarus'", BT_JOIN_HYPHEN, "Belarus'");
	check_parts("1.200,50", BT_JOIN_NUM, "1|.200|.50");
	check_parts("methode-d'Hondt", BT_JOIN_ALL, "methode|-d|'Hondt");
	check_parts("https://www.bbc.com/news", 0, "https|.www|.bbc|.com|.news");
	TEST_END();
}
