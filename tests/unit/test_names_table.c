/* test_names_table.c: the name table (bitext.h "Names", names_table.h):
 * words of a text, word lists, and tables built from small corpora that
 * each show one rule of glossary/data/names/TABLE.md. */
#include "bitext.h"
#include "names_table.h"

#include "test.h"

#include <stdarg.h>
#include <unistd.h>

static char dir[] = "/tmp/bt_test_names_table_XXXXXX";

static const char *path_in(const char *name)
{
	static char p[4][600];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
	return p[k];
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

/* ---- words of a text ---- */

static void test_words(void)
{
	static const char t[] = "“Ik ben” Wit-Rusland, Loekasjenko's  Belarus' z'n noord-Oekraïne. Kremlin-woordvoerder";
	bt_nt_word w[16];
	size_t n = 0;
	char buf[128];
	bt_nt_words_of(w, 16, &n, t, strlen(t));
	CHECK_INT(n, 8);
#define WORD(i) (snprintf(buf, sizeof buf, "%.*s", (int)(w[i].end - w[i].start), t + w[i].start), buf)
	CHECK_STR(WORD(0), "Ik");
	CHECK(w[0].flags & BT_NT_INITIAL);
	CHECK(w[0].flags & BT_NT_SPACE_NEXT);
	CHECK_STR(WORD(1), "ben");
	CHECK(!(w[1].flags & BT_NT_INITIAL));
	CHECK(!(w[1].flags & BT_NT_SPACE_NEXT)); /* a closing quote follows */
	CHECK_STR(WORD(2), "Wit-Rusland");
	CHECK_INT(w[2].n_parts, 2);
	CHECK(!(w[2].flags & BT_NT_SPACE_NEXT)); /* a comma follows */
	CHECK_STR(WORD(3), "Loekasjenko's");
	CHECK(w[3].flags & BT_NT_SPACE_NEXT);   /* two spaces are white space */
	CHECK_STR(WORD(4), "Belarus'");
	CHECK_STR(WORD(5), "z'n");
	CHECK_STR(WORD(6), "noord-Oekraïne");
	CHECK_INT(w[6].n_parts, 2);
	CHECK_STR(WORD(7), "Kremlin-woordvoerder");
	CHECK(w[7].flags & BT_NT_INITIAL); /* after a full stop */
	/* a closing apostrophe after another letter is a quote, not a genitive */
	{
		static const char q[] = "'Poetin' zei";
		bt_nt_words_of(w, 16, &n, q, strlen(q));
		CHECK_INT(n, 2);
		CHECK_INT(w[0].end - w[0].start, 6);
		CHECK(w[0].flags & BT_NT_INITIAL);
	}
	/* fewer slots than words: the count is still right */
	bt_nt_words_of(w, 2, &n, t, strlen(t));
	CHECK_INT(n, 8);
	/* invalid UTF-8 separates words */
	{
		static const char bad[] = "Poe\xfftin";
		bt_nt_words_of(w, 16, &n, bad, strlen(bad));
		CHECK_INT(n, 2);
	}
#undef WORD
}

static void test_word_lists(void)
{
	bt_nt_words *w = NULL;
	CHECK_INT(bt_nt_words_load(&w, "nl"), 0);
	CHECK(w != NULL);
	if (w) {
		CHECK(bt_nt_word_class(w, "president", 9) & BT_NT_STOP);
		CHECK(bt_nt_word_class(w, "februari", 8) & BT_NT_STOP);
		CHECK(bt_nt_word_class(w, "franse", 6) & BT_NT_ADJECTIVE);
		CHECK(bt_nt_word_class(w, "van", 3) & BT_NT_PARTICLE);
		CHECK(bt_nt_word_class(w, "noord", 5) & BT_NT_COMPASS);
		CHECK_INT(bt_nt_word_class(w, "poetin", 6), 0);
		CHECK_INT(bt_nt_words_compounds(w), 1);
	}
	bt_nt_words_free(w);
	CHECK_INT(bt_nt_words_load(&w, "en"), 0);
	if (w) {
		CHECK(bt_nt_word_class(w, "monday", 6) & BT_NT_STOP);
		CHECK_INT(bt_nt_word_class(w, "may", 3), 0); /* also a name */
		CHECK(bt_nt_word_class(w, "french", 6) & BT_NT_ADJECTIVE);
		CHECK_INT(bt_nt_words_compounds(w), 0);
	}
	bt_nt_words_free(w);
	/* a language without a list: empty lists */
	CHECK_INT(bt_nt_words_load(&w, "pl"), 0);
	if (w)
		CHECK_INT(bt_nt_word_class(w, "van", 3), 0);
	bt_nt_words_free(w);
	bt_nt_words_free(NULL);
}

/* ---- the language of a form ---- */

static const char *lang_of(const char *form, const char *doc)
{
	static char tag[4][16];
	static int k;
	k = (k + 1) % 4;
	if (bt_nt_form_lang(tag[k], sizeof tag[k], form, strlen(form), doc) != 0)
		return "(too long)";
	return tag[k];
}

static void test_form_lang(void)
{
	char small[4];
	CHECK_STR(lang_of("Loekasjenko", "nl"), "nl");
	CHECK_STR(lang_of("Lukashenka", "en"), "en");
	/* Cyrillic: by the letters */
	CHECK_STR(lang_of("\u0410\u043B\u0435\u043A\u0441\u0430\u043D\u0434\u0440 \u041B\u0443\u043A\u0430\u0448\u0435\u043D\u043A\u043E", "nl"), "und-Cyrl"); /* Александр Лукашенко: no letter decides */
	CHECK_STR(lang_of("\u041F\u0443\u0442\u0438\u043D", "nl"), "ru");                   /* Путин: и */
	CHECK_STR(lang_of("\u041F\u0443\u0442\u0456\u043D", "en"), "uk");                   /* Путін: і */
	CHECK_STR(lang_of("\u041A\u0438\u0457\u0432", "nl"), "uk");                          /* Київ: ї */
	CHECK_STR(lang_of("\u0417\u0435\u043B\u0435\u043D\u0441\u044C\u043A\u0438\u0439", "nl"), "uk"); /* Зеленський: -ськ- */
	CHECK_STR(lang_of("\u0417\u0435\u043B\u0435\u043D\u0441\u043A\u0438\u0439", "nl"), "ru"); /* Зеленский */
	CHECK_STR(lang_of("\u0426\u0456\u0445\u0430\u043D\u043E\u045E\u0441\u043A\u0430\u044F", "nl"), "be"); /* Ціханоўская: ў */
	CHECK_STR(lang_of("\u041B\u0443\u043A\u0430\u0448\u044D\u043D\u043A\u0430", "nl"), "be"); /* Лукашэнка: э after a consonant */
	CHECK_STR(lang_of("\u041B\u0443\u043A\u0430\u0448\u0435\u043D\u043A\u043E", "en"), "und-Cyrl"); /* Лукашенко */
	CHECK_STR(lang_of("\u041C\u0456\u043D\u0441\u043A \u0456 \u0411\u0435\u043B\u0430\u0440\u0443\u0441\u044B", "nl"), "be"); /* і with ы */
	CHECK_STR(lang_of("\u041F\u0451\u0442\u0440", "nl"), "und-Cyrl"); /* Пётр: ё is ru or be */
	CHECK_STR(lang_of("\u0421\u044A\u0435\u0437\u0434", "nl"), "ru");  /* Съезд: ъ */
	/* other scripts */
	CHECK_STR(lang_of("\u0391\u03B8\u03AE\u03BD\u03B1", "nl"), "und-Grek");               /* Αθήνα */
	CHECK_STR(lang_of("\u05D9\u05E8\u05D5\u05E9\u05DC\u05D9\u05DD", "en"), "und-Hebr");   /* ירושלים */
	/* a tag that does not fit */
	CHECK_INT(bt_nt_form_lang(small, sizeof small, "Kyiv", 4, "en-GB"), -1);
}

/* ---- tables from small corpora ---- */

static int dump_row(void *ud, const bt_names_row *r)
{
	bt_buf *b = ud;
	bt_buf_printf(b, "%zu %s %s%s %zu", r->cluster, r->lang, r->variant, r->preferred ? "*" : "", r->count);
	if (*r->inflected)
		bt_buf_printf(b, " [%s]", r->inflected);
	if (*r->review)
		bt_buf_printf(b, " review:%s", r->review);
	bt_buf_puts(b, "\n");
	return 0;
}

static int n_db;

/* Builds a corpus of pairs (id, nl text, en text, ... NULL), aligned
 * unless `align` is 0, and returns the table as text (static). */
static const char *table_of(int align, const bt_names_opts *o, bt_names_result *res, int *rc, ...)
{
	static bt_buf out = BT_BUF_INIT;
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_aligner *a = NULL;
	bt_names_table *t = NULL;
	char db[64];
	va_list ap;
	const char *id;

	bt_buf_clear(&out);
	bt_buf_puts(&out, "");
	snprintf(db, sizeof db, "t%d.db", ++n_db);
	co.create = 1;
	if (bt_corpus_open(&c, path_in(db), &co) != 0) {
		*rc = -99;
		return "";
	}
	va_start(ap, rc);
	while ((id = va_arg(ap, const char *)) != NULL) {
		const char *nl = va_arg(ap, const char *), *en = va_arg(ap, const char *);
		char f1[64], f2[64];
		snprintf(f1, sizeof f1, "%s.nl", id);
		snprintf(f2, sizeof f2, "%s.en", id);
		write_file(path_in(f1), nl);
		write_file(path_in(f2), en);
		CHECK_INT(bt_corpus_add(NULL, c, id, path_in(f1), path_in(f2), NULL), 0);
	}
	va_end(ap);
	if (align) {
		CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
		CHECK_INT(bt_corpus_align(NULL, c, a, NULL), 0);
	}
	*rc = bt_names_build(&t, res, c, o);
	if (*rc == 0)
		bt_names_each(t, dump_row, &out);
	bt_names_table_free(t);
	bt_aligner_free(a);
	bt_corpus_free(c);
	return out.ptr;
}

static void test_merges(void)
{
	int rc;
	bt_names_result res;
	const char *t;
	/* keys merge across languages and spellings; a surname with its full
	 * name in one pair; inflected forms count for their name */
	t = table_of(1, NULL, &res, &rc, "a",
		     "President Vladimir Poetin sprak in Moskou.\n\nDaarna zei Poetin dat hij Loekasjenko vertrouwt.\n\n"
		     "Loekasjenko's leger blijft thuis.\n",
		     "President Vladimir Putin spoke in Moscow.\n\nThen Putin said that he trusts Lukashenko.\n\n"
		     "Lukashenko's army stays at home.\n",
		     NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Loekasjenko* 2 [Loekasjenko's]\n"
		     "1 en Lukashenko* 2 [Lukashenko's]\n"
		     "2 nl Vladimir Poetin* 1\n"
		     "2 nl Poetin 1\n"
		     "2 en Vladimir Putin* 1\n"
		     "2 en Putin 1\n"
		     "3 nl Moskou* 1\n"
		     "3 en Moscow* 1\n");
	CHECK_INT(res.pairs, 1);
	CHECK_INT(res.unaligned, 0);
	CHECK_INT(res.occurrences, 10);
	CHECK_INT(res.clusters, 3);
	CHECK_INT(res.review, 0);

	/* different people never merge: Joe and Hunter Biden share the
	 * surname; Lukashenka is one letter from Lukashenko: review */
	t = table_of(1, NULL, &res, &rc, "a", "Joe Biden kwam aan.\n\nBiden zei niets.\n",
		     "Joe Biden arrived.\n\nBiden said nothing.\n", "b", "Hunter Biden kwam aan.\n\nBiden zei niets.\n",
		     "Hunter Biden arrived.\n\nBiden said nothing.\n", "c", "Volgens Loekasjenka niet.\n",
		     "Not according to Lukashenka.\n", "d", "Volgens Loekasjenko wel.\n",
		     "According to Lukashenko, yes.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Biden* 2\n"
		     "1 nl Joe Biden 1\n"
		     "1 en Biden* 2\n"
		     "1 en Joe Biden 1\n"
		     "2 nl Hunter Biden* 1\n"
		     "2 en Hunter Biden* 1\n"
		     "3 nl Loekasjenka* 1 review:4\n"
		     "3 en Lukashenka* 1 review:4\n"
		     "4 nl Loekasjenko* 1 review:3\n"
		     "4 en Lukashenko* 1 review:3\n");
	CHECK_INT(res.review, 2);

	/* exonyms need the aligned translation: Moskou and Moscow in pairs
	 * that are not aligned stay apart (their keys are one letter apart) */
	t = table_of(0, NULL, &res, &rc, "a", "Hij ging naar Moskou.\n", "He went to Moscow.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 en Moscow* 1 review:2\n2 nl Moskou* 1 review:1\n");
	CHECK_INT(res.unaligned, 1);
}

static void test_detection(void)
{
	int rc;
	bt_names_result res;
	const char *t;
	/* not names: acronyms, function words and titles, months and days,
	 * nationality adjectives and demonyms, common words at the start of a
	 * sentence; names: particles inside, compounds, compass compounds */
	t = table_of(1, NULL, &res, &rc, "a",
		     "De Russische en Oekraïense soldaten van de NAVO kwamen op maandag.\n\n"
		     "Oekraïners en Russen zeggen dat Tony van der Togt gelijk heeft.\n\n"
		     "Volgens Van der Togt ligt Noord-Oekraïne dicht bij Rusland.\n\n"
		     "Soldaten kwamen uit Rusland.\n\n"
		     "De Rusland-kenner en de Ruslandkenner waren het eens.\n",
		     "The Russian and Ukrainian soldiers of NATO came on Monday in February.\n\n"
		     "Ukrainians and Russians say that Tony van der Togt is right.\n\n"
		     "According to Van der Togt, northern Ukraine is close to Russia.\n\n"
		     "Soldiers came from Russia.\n\n"
		     "The Russia expert and the Russia specialist agreed.\n",
		     NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Rusland* 4\n"
		     "1 en Russia* 4\n"
		     "2 nl Tony van der Togt* 1\n"
		     "2 nl Van der Togt 1\n"
		     "2 en Tony van der Togt* 1\n"
		     "2 en Van der Togt 1\n"
		     "3 nl Oekraïne* 1\n"
		     "3 en Ukraine* 1\n");

	/* a title-cased heading: its capitalized words need evidence */
	t = table_of(1, NULL, &res, &rc, "a", "Poetin ontmoet Loekasjenko in Minsk\n\nPoetin was in Minsk.\n",
		     "Putin Meets Lukashenko in Minsk\n\nPutin was in Minsk.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Minsk* 2\n"
		     "1 en Minsk* 2\n"
		     "2 nl Poetin* 2\n"
		     "2 en Putin* 2\n"
		     "3 nl Loekasjenko* 1\n"
		     "3 en Lukashenko* 1\n");

	/* a word that starts a sentence and is seen nowhere else is a name when
	 * the aligned translation has it; Hummels keeps its s (no Hummel is
	 * seen), Poetins loses it (Poetin is) */
	t = table_of(1, NULL, &res, &rc, "a", "Zerkalo meldde het.\n\nHummels zei dat.\n\nPoetins leger en Poetin.\n",
		     "Zerkalo reported it.\n\nHummels said so.\n\nPutin's army and Putin.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Poetin* 2 [Poetins]\n"
		     "1 en Putin* 2 [Putin's]\n"
		     "2 nl Hummels* 1\n"
		     "2 en Hummels* 1\n"
		     "3 nl Zerkalo* 1\n"
		     "3 en Zerkalo* 1\n");
}

/* two names side by side are split when the translation names them apart;
 * offices in titles are not names */
static void test_split(void)
{
	int rc;
	bt_names_result res;
	const char *t;
	t = table_of(1, NULL, &res, &rc, "a",
		     "Volgens minister van Buitenlandse Zaken Sergej Lavrov steunt Washington Kiev.\n",
		     "According to Foreign Minister Sergei Lavrov, Washington supports Kyiv.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Kiev* 1\n"
		     "1 en Kyiv* 1\n"
		     "2 nl Sergej Lavrov* 1\n"
		     "2 en Sergei Lavrov* 1\n"
		     "3 nl Washington* 1\n"
		     "3 en Washington* 1\n");
	/* a name seen alone joins a next name word never seen alone; family
	 * names first are not surnames for the table (Xi stays apart) */
	t = table_of(1, NULL, &res, &rc, "a", "Xi Jinping kwam.\n\nToen zei Xi niets.\n",
		     "Xi Jinping came.\n\nThen Xi said nothing.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Xi* 1\n1 en Xi* 1\n2 nl Xi Jinping* 1\n2 en Xi Jinping* 1\n");
	/* a full name the translation also writes whole stays whole */
	t = table_of(1, NULL, &res, &rc, "a", "Zo sprak Vladimir Poetin.\n", "So spoke Vladimir Putin.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Vladimir Poetin* 1\n1 en Vladimir Putin* 1\n");
}

static void test_options(void)
{
	int rc;
	bt_names_result res;
	bt_names_opts o = BT_NAMES_OPTS_INIT;
	const char *t;
	o.pair_id = "b";
	t = table_of(1, &o, &res, &rc, "a", "Poetin sprak.\n", "Putin spoke.\n", "b", "Kiev en Poetin.\n",
		     "Kyiv and Putin.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Kiev* 1\n1 en Kyiv* 1\n2 nl Poetin* 1\n2 en Putin* 1\n");
	CHECK_INT(res.pairs, 1);
	o.pair_id = "nope";
	t = table_of(1, &o, &res, &rc, "a", "Poetin sprak.\n", "Putin spoke.\n", NULL);
	CHECK_INT(rc, BT_ENOTFOUND);
	CHECK_INT(res.pairs, 0);
	o.pair_id = NULL;
	o.min_count = 3;
	t = table_of(1, &o, &res, &rc, "a", "Poetin en Kiev.\n\nPoetin sprak.\n", "Putin and Kyiv.\n\nPutin spoke.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Poetin* 2\n1 en Putin* 2\n");
	CHECK_INT(res.clusters, 1);
	/* two small clusters left out one after the other */
	t = table_of(1, &o, &res, &rc, "a", "Kiev en Minsk.\n\nPoetin sprak.\n\nPoetin sprak weer.\n",
		     "Kyiv and Minsk.\n\nPutin spoke.\n\nPutin spoke again.\n", NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "1 nl Poetin* 2\n1 en Putin* 2\n");
	o.min_count = 0;
	/* an empty corpus gives an empty table */
	t = table_of(1, NULL, &res, &rc, NULL);
	CHECK_INT(rc, 0);
	CHECK_STR(t, "");
}

static void test_errors(void)
{
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_names_table *t = NULL;
	bt_names_result res;
	/* a language without name rules */
	co.create = 1, co.src_lang = "es", co.tgt_lang = "en";
	CHECK_INT(bt_corpus_open(&c, path_in("es.db"), &co), 0);
	CHECK_INT(bt_names_build(&t, &res, c, NULL), BT_EUSAGE);
	CHECK(t == NULL);
	CHECK(strstr(bt_error_last()->msg, "'es'") != NULL);
	bt_corpus_free(c);
	/* an unknown output format */
	co.src_lang = "nl";
	CHECK_INT(bt_corpus_open(&c, path_in("ok.db"), &co), 0);
	CHECK_INT(bt_names_build(&t, NULL, c, NULL), 0);
	CHECK_INT(bt_names_write(t, path_in("out.txt"), "xml"), BT_EUSAGE);
	CHECK(access(path_in("out.txt"), F_OK) != 0);
	CHECK_INT(bt_names_write(t, path_in("out.tsv"), "tsv"), 0);
	{
		char line[256] = "";
		FILE *f = fopen(path_in("out.tsv"), "r");
		if (f) {
			if (!fgets(line, sizeof line, f))
				line[0] = '\0';
			fclose(f);
		}
		CHECK_STR(line, "cluster\tlang\tvariant\tpreferred\tcount\tinflected\tdocs\tkey\treview\n");
	}
	/* a folder that does not exist: nothing written, BT_EIO */
	CHECK_INT(bt_names_write(t, "/nonexistent/dir/names.tsv", "tsv"), BT_EIO);
	bt_names_table_free(t);
	bt_names_table_free(NULL);
	bt_corpus_free(c);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_words();
	test_word_lists();
	test_form_lang();
	test_merges();
	test_detection();
	test_split();
	test_options();
	test_errors();
	{
		char cmd[700];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	TEST_END();
}
