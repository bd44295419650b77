/* test_names.c: the name-key API beyond the cases files: relations,
 * flags, limits, the word cache, the per-thread default keyer, rule files
 * read from a folder of bt_data_set_path(), and the rule files run in
 * steps giving ICU's own keys. */
#include "test.h"
#include "bitext-core.h"
#include "data.h"

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *key(bt_namer *nm, const char *name, const char *lang, unsigned flags)
{
	static bt_buf out = BT_BUF_INIT;
	if (bt_namer_key(&out, nm, name, strlen(name), lang, flags) != 0)
		return "(error)";
	return out.ptr;
}

static int rel(const char *a, const char *b)
{
	return bt_name_key_relate(a, strlen(a), b, strlen(b));
}

static void test_relate(void)
{
	CHECK_INT(rel("lukashenko", "lukashenko"), BT_NAMEREL_SAME);
	CHECK_INT(rel("lukashenko", "lukashenka"), BT_NAMEREL_CLOSE);
	CHECK_INT(rel("selenski", "selenskij"), BT_NAMEREL_CLOSE);  /* insertion */
	CHECK_INT(rel("selenskij", "selenski"), BT_NAMEREL_CLOSE);  /* deletion */
	CHECK_INT(rel("dmitri", "dmitro"), BT_NAMEREL_CLOSE);
	CHECK_INT(rel("xlukashenko", "lukashenko"), BT_NAMEREL_CLOSE); /* at the start */
	CHECK_INT(rel("lukashenko", "lukashenkoo"), BT_NAMEREL_CLOSE); /* at the end */
	CHECK_INT(rel("lukashenko", "lukasgenka"), BT_NAMEREL_NONE);   /* two edits */
	CHECK_INT(rel("lukashenko", "ukashenk"), BT_NAMEREL_NONE);
	CHECK_INT(rel("putin", "puton"), BT_NAMEREL_CLOSE);
	CHECK_INT(rel("ivan", "ivas"), BT_NAMEREL_NONE); /* too short to call close */
	CHECK_INT(rel("ivan", "ivan"), BT_NAMEREL_SAME);
	CHECK_INT(rel("naev", "sergi naev"), BT_NAMEREL_SURNAME);
	CHECK_INT(rel("sergi naev", "naev"), BT_NAMEREL_SURNAME);
	CHECK_INT(rel("sergi", "sergi naev"), BT_NAMEREL_NONE); /* a given name is not a surname */
	CHECK_INT(rel("vitali klichko", "vladimir klichko"), BT_NAMEREL_NONE);
	CHECK_INT(rel("a b", "a c"), BT_NAMEREL_NONE);
	CHECK_INT(rel("vit-rusland", "rusland"), BT_NAMEREL_NONE); /* a compound is one word */
	CHECK_INT(rel("", ""), BT_NAMEREL_NONE);
	CHECK_INT(rel("putin", ""), BT_NAMEREL_NONE);
}

static void test_keys(void)
{
	bt_namer *nm = NULL;
	bt_buf out = BT_BUF_INIT;
	CHECK_INT(bt_namer_open(&nm), 0);
	CHECK_STR(key(nm, "Loekasjenko's", "nl", 0), "lukashenko");
	/* Exact: the apostrophe is still dropped, but the s stays. */
	CHECK_STR(key(nm, "Loekasjenko's", "nl", BT_NAME_EXACT), "lukashenkos");
	CHECK_STR(key(nm, "Poetins", "nl", BT_NAME_EXACT), "putins");
	CHECK_STR(key(nm, "Poetins", "nl", 0), "putin"); /* the cache keeps flags apart */
	/* Region subtags select the language. */
	CHECK_STR(key(nm, "Poetins", "nl-BE", 0), "putin");
	CHECK_STR(key(nm, "Lukaschenko", "de_AT", 0), "lukashenko");
	/* Latin words under a Cyrillic language are read as English. */
	CHECK_STR(key(nm, "Lukashenko's", "ru", 0), "lukashenko");
	/* Separators and spacing do not matter. */
	CHECK_STR(key(nm, "  Vladimir   Poetin ", "nl", 0), "vladimir putin");
	CHECK_STR(key(nm, "Vladimir\tPoetin", "nl", 0), "vladimir putin");
	CHECK_STR(key(nm, "«Poetin»", "nl", 0), "putin");
	/* A hyphen between words joins them; a spaced dash separates. */
	CHECK_STR(key(nm, "Jean-Claude", "fr", 0), "shean-klaude");
	CHECK_STR(key(nm, "Jean - Claude", "fr", 0), "shean klaude");
	CHECK_STR(key(nm, "Jean\xe2\x80\x90" "Claude", "fr", 0), "shean-klaude"); /* U+2010 */
	CHECK_STR(key(nm, "V. V. Poetin", "nl", 0), "v v putin");
	/* Digits are kept. */
	CHECK_STR(key(nm, "Su-27", "en", 0), "su-27");
	/* Decomposed input (NFD) keys as the composed one. */
	CHECK_STR(key(nm, "Z\xc3\xa9lenski", "fr", 0), "selenski");
	CHECK_STR(key(nm, "Ze\xcc\x81lenski", "fr", 0), "selenski");
	/* The output buffer is cleared first. */
	bt_buf_puts(&out, "junk");
	CHECK_INT(bt_namer_key(&out, nm, "Putin", 5, "en", 0), 0);
	CHECK_STR(out.ptr, "putin");
	/* Length is honoured: no NUL needed. */
	CHECK_INT(bt_namer_key(&out, nm, "PutinXYZ", 5, "en", 0), 0);
	CHECK_STR(out.ptr, "putin");
	bt_buf_dispose(&out);
	bt_namer_free(nm);
	bt_namer_free(NULL);
}

static void test_errors(void)
{
	bt_namer *nm = NULL;
	bt_buf out = BT_BUF_INIT;
	char *big;
	CHECK_INT(bt_namer_open(&nm), 0);
	CHECK_INT(bt_namer_key(&out, nm, "Put\xffin", 6, "en", 0), BT_EINPUT);
	CHECK_INT(bt_error_last()->byte, 3);
	CHECK(strstr(bt_error_last()->msg, "byte 3") != NULL);
	CHECK_INT(bt_namer_key(&out, nm, "Ivan Путin", strlen("Ivan Путin"), "en", 0), BT_EINPUT);
	CHECK_INT(bt_error_last()->byte, 11); /* the first letter whose script differs */
	CHECK_INT(bt_namer_key(&out, nm, "Putin", 5, NULL, 0), BT_EUSAGE);
	CHECK_INT(bt_namer_key(&out, nm, "Putin", 5, "", 0), BT_EUSAGE);
	CHECK_INT(bt_namer_key(&out, nm, "Putin", 5, "nld", 0), BT_EUSAGE);
	CHECK_INT(bt_namer_key(&out, nm, "", 0, "en", 0), BT_EINPUT);
	CHECK_INT(bt_namer_key(&out, nm, "l'", 2, "fr", 0), BT_EINPUT); /* keys to nothing */
	CHECK_INT(out.len, 0);
	big = malloc(5000);
	memset(big, 'a', 5000);
	for (int i = 10; i < 5000; i += 11)
		big[i] = ' ';
	CHECK_INT(bt_namer_key(&out, nm, big, 5000, "en", 0), BT_ELIMIT);
	CHECK_INT(bt_namer_key(&out, nm, big, 4096, "en", 0), 0); /* at the limit */
	free(big);
	bt_buf_dispose(&out);
	bt_namer_free(nm);
}

/* More distinct words than the cache holds, keyed twice: a cache that
 * returned a wrong entry, or lost one when emptied, shows here. */
static void test_cache(void)
{
	bt_namer *nm = NULL, *fresh = NULL;
	bt_buf a = BT_BUF_INIT, b = BT_BUF_INIT;
	char name[32];
	int bad = 0;
	CHECK_INT(bt_namer_open(&nm), 0);
	CHECK_INT(bt_namer_open(&fresh), 0);
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 20000; i++) {
			snprintf(name, sizeof name, "Sjevtsjenko%dov", i);
			if (bt_namer_key(&a, nm, name, strlen(name), "nl", 0) != 0)
				bad++;
			else if (round == 1 && i % 97 == 0) {
				bt_namer_key(&b, fresh, name, strlen(name), "nl", 0);
				bad += strcmp(a.ptr, b.ptr) != 0;
			}
		}
	CHECK_INT(bad, 0);
	snprintf(name, sizeof name, "Sjevtsjenko%dov", 123);
	bt_namer_key(&a, nm, name, strlen(name), "nl", 0);
	CHECK_STR(a.ptr, "shevchenko123ov");
	bt_buf_dispose(&a);
	bt_buf_dispose(&b);
	bt_namer_free(nm);
	bt_namer_free(fresh);
}

static void test_default(void)
{
	bt_buf out = BT_BUF_INIT;
	CHECK_INT(bt_name_key(&out, "Лукашенко", strlen("Лукашенко"), "ru"), 0);
	CHECK_STR(out.ptr, "lukashenko");
	bt_name_cache_release();
	bt_name_cache_release(); /* twice is fine */
	CHECK_INT(bt_name_key(&out, "Loekasjenka", 11, "nl"), 0);
	CHECK_STR(out.ptr, "lukashenka");
	bt_name_cache_release();
	bt_buf_dispose(&out);
	CHECK_INT(bt_name_lang_known("pl"), 1);
	CHECK_INT(bt_name_lang_known("be"), 1);
	CHECK_INT(bt_name_lang_known("cs"), 0);
	CHECK_INT(bt_name_lang_known(NULL), 0);
}

/* A broken rule file in a folder of bt_data_set_path() is reported with its
 * name. */
static void test_bad_rules(void)
{
	char dir[] = "/tmp/bt_names_XXXXXX", path[256];
	bt_namer *nm = NULL;
	bt_buf out = BT_BUF_INIT;
	FILE *f;
	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof path, "%s/names", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/names/pl.rules", dir);
	f = fopen(path, "w");
	fputs("# broken\n::NFC;\na > b;\n[unclosed > c;\n", f);
	fclose(f);
	CHECK_INT(bt_data_set_path(dir), 0);
	CHECK_INT(bt_namer_open(&nm), 0);
	CHECK_INT(bt_namer_key(&out, nm, "Putin", 5, "pl", 0), BT_EINPUT);
	CHECK(strstr(bt_error_last()->file, "names/pl.rules") != NULL);
	CHECK_INT(bt_error_last()->line, 3); /* where the run of rules after ::NFC starts */
	/* Other languages still work: their files come from the build. */
	CHECK_INT(bt_namer_key(&out, nm, "Poetin", 6, "nl", 0), 0);
	CHECK_STR(out.ptr, "putin");
	bt_namer_free(nm);
	CHECK_INT(bt_data_set_path(NULL), 0);
	/* back to the built-in rules */
	CHECK_INT(bt_namer_open(&nm), 0);
	CHECK_INT(bt_namer_key(&out, nm, "Putin", 5, "pl", 0), 0);
	CHECK_STR(out.ptr, "putin");
	bt_namer_free(nm);
	unlink(path);
	snprintf(path, sizeof path, "%s/names", dir);
	rmdir(path);
	rmdir(dir);
	bt_buf_dispose(&out);
}

/* ICU's compound transliterator of the embedded rule file names/<file>,
 * as names.c compiled it before it ran the files in steps; NULL when the
 * language has no such file. */
static UTransliterator *icu_compound(const char *file)
{
	bt_buf text = BT_BUF_INIT;
	char name[64];
	UChar *u;
	int32_t n = 0;
	UErrorCode e = U_ZERO_ERROR;
	UParseError pe;
	UTransliterator *t;
	snprintf(name, sizeof name, "names/%s", file);
	if (bt_data_load(&text, name) != 0) {
		bt_buf_dispose(&text);
		return NULL;
	}
	u_strFromUTF8(NULL, 0, &n, text.ptr, (int32_t)text.len, &e);
	u = calloc((size_t)n + 1, sizeof *u);
	e = U_ZERO_ERROR;
	u_strFromUTF8(u, n + 1, NULL, text.ptr, (int32_t)text.len, &e);
	t = utrans_openU(u"test", -1, UTRANS_FORWARD, u, n, &pe, &e);
	CHECK(U_SUCCESS(e));
	free(u);
	bt_buf_dispose(&text);
	return U_SUCCESS(e) ? t : NULL;
}

static void icu_run(UTransliterator *t, UChar *u, int32_t *n, int32_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t limit = *n;
	if (!t)
		return;
	utrans_transUChars(t, u, n, cap, 0, &limit, &e);
	CHECK(U_SUCCESS(e));
	*n = limit;
}

/* names.c cuts each rule file at its `::` lines and runs the pieces, NFC,
 * NFD and Lower itself, to spare ICU's registry (11 ms a process): every
 * key must be the one ICU's compound transliterator of the whole file
 * gives, for words of each stage, with and without the inflection rules.
 * The words hold what the `::` lines act on: capitals (Lower, and the
 * filtered Lower of key.rules), accents and ligatures (NFD, NFC,
 * Latin-ASCII, filtered to non-ASCII), letters Latin-ASCII maps to two
 * (ß, Æ, Þ), decomposed input, and Cyrillic (Cyrillic-Latin after
 * cyrl.rules' own letters). */
static void test_steps_are_icu(void)
{
	static const char *const words[] = {
		"Loekasjenko", "Lukashenko", "Zelenskyy", "Zelenskiy", "POETIN", "Kyjiv", "Chroesjtsjov",
		"Łukaszenka", "Zełenski", "Müller", "Gonçalves", "Ærøskøbing", "Þórsdóttir", "Straße", "Đoković",
		"Škoda", "Dvořák", "Janoekovytsj", "Zaporizhzhia", "Ŀlívia", "Œuvre", "Ĳsselmeer", "Ｍｏｓｋｏｕ",
		"Mu\xcc\x88ller", "Zelens\xcc\x8cki", "Tsikhanouskaya", "Poetins", "Loekasjenko's", "Putina",
		"Лукашенко", "Зеленський", "Ціханоўская", "Щербаков", "Ёлкин", "Путина", "Київ", "Ґонґадзе", "Єрмак",
		"Її", "Ѣлена", "Ӂорджу", "Жванецкий", "Хрущёв", "Aljaksandr", "Dmitriy", "Yevgeny", "Pjeskov",
	};
	static const char *const langs[] = {"nl", "en", "de", "fr", "pl"};
	UTransliterator *infl[5], *script[5], *cyrl = icu_compound("cyrl.rules"), *key = icu_compound("key.rules");
	bt_namer *nm = NULL;
	bt_buf out = BT_BUF_INIT;
	size_t same = 0, tried = 0;
	char file[32];
	for (size_t l = 0; l < 5; l++) {
		snprintf(file, sizeof file, "%s.infl", langs[l]);
		infl[l] = icu_compound(file);
		snprintf(file, sizeof file, "%s.rules", langs[l]);
		script[l] = icu_compound(file);
	}
	CHECK_INT(bt_namer_open(&nm), 0);
	for (size_t w = 0; w < sizeof words / sizeof *words; w++)
		for (size_t l = 0; l < 5; l++)
			for (unsigned flags = 0; flags < 2; flags++) {
				UChar u[512];
				char want[1024];
				int32_t n = 0;
				UErrorCode e = U_ZERO_ERROR;
				int cyr = (unsigned char)words[w][0] == 0xD0 || (unsigned char)words[w][0] == 0xD1 ||
					  (unsigned char)words[w][0] == 0xD2 || (unsigned char)words[w][0] == 0xD3;
				u_strFromUTF8(u, 512, &n, words[w], -1, &e);
				if (!cyr && !(flags & BT_NAME_EXACT))
					icu_run(infl[l], u, &n, 512);
				icu_run(cyr ? cyrl : script[l], u, &n, 512);
				icu_run(key, u, &n, 512);
				u_strToUTF8(want, sizeof want, NULL, u, n, &e);
				tried++;
				if (bt_namer_key(&out, nm, words[w], strlen(words[w]), langs[l], flags) == 0 &&
				    strcmp(out.ptr, want) == 0)
					same++;
				else
					fprintf(stderr, "steps differ from ICU: %s (%s, flags %u): '%s', ICU '%s'\n",
						words[w], langs[l], flags, out.ptr ? out.ptr : "(error)", want);
			}
	CHECK_INT((long long)same, (long long)tried);
	CHECK_INT((long long)tried, (long long)(sizeof words / sizeof *words) * 10);
	bt_namer_free(nm);
	bt_buf_dispose(&out);
	for (size_t l = 0; l < 5; l++) {
		if (infl[l])
			utrans_close(infl[l]);
		utrans_close(script[l]);
	}
	utrans_close(cyrl);
	utrans_close(key);
}

int main(void)
{
	test_steps_are_icu();
	test_relate();
	test_keys();
	test_errors();
	test_cache();
	test_default();
	test_bad_rules();
	TEST_END();
}
