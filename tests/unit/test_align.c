/* test_align.c: the aligner: dictionary, tokens, metric, formats, the
 * alignment itself on small and bad inputs, linear cost, and the links in
 * the corpus. */
#include "test.h"

#include "align.h"
#include "error.h"
#include "bitext.h"
#include "dict.h"
#ifdef BITEXT_TESTING
#include "testing.h"
#endif

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char dir[] = "/tmp/bt_test_align_XXXXXX";

static const char *path_in(const char *name)
{
	static char p[4][600];
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

/* ---- the dictionary ---- */

static int has_translation(const bt_dict *d, const char *src, const char *tgt)
{
	long e = bt_dict_find(d, src, strlen(src));
	uint32_t it = 0;
	size_t len;
	const char *t;
	if (e < 0)
		return 0;
	while ((t = bt_dict_next(d, (size_t)e, &it, &len)) != NULL)
		if (strcmp(t, tgt) == 0)
			return 1;
	return 0;
}

static size_t n_translations(const bt_dict *d, const char *src)
{
	long e = bt_dict_find(d, src, strlen(src));
	uint32_t it = 0;
	size_t n = 0, len;
	if (e < 0)
		return 0;
	while (bt_dict_next(d, (size_t)e, &it, &len))
		n++;
	return n;
}

static void b64(char *out, unsigned long v)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = digits[v % 64];
		v /= 64;
	} while (v);
	while (n)
		*out++ = tmp[--n];
	*out = '\0';
}

/* A FreeDict-style dictionary: the entries, an index, and the .dict (or a
 * gzip .dict.dz). */
static void write_freedict(const char *base, int gz)
{
	static const char *const heads[] = {"00databaseinfo", "haus", "wir", "gehen"};
	static const char *const bodies[] = {
		"00-database-info\nA test dictionary.\n",
		"Haus /haus/ <n, neut>\n1. maison 2.\nGeb\xc3\xa4ude zum Wohnen\n 3.\nFamilie\n2. foyer, chez-soi\nHeim\n",
		"wir /vi\xcb\x90\xc9\x90\xcc\xaf/\nnous\n1. Person Plural; mehrere Personen\n",
		"gehen /\xc9\xa1\x65\xcb\x90n/ <v>\n1. aller, marcher\n2. partir (d'un lieu)\n"};
	char idx[2048] = "", line[256], o[16], l[16], name[256];
	size_t off = 0;
	bt_buf body = BT_BUF_INIT;
	for (size_t i = 0; i < 4; i++) {
		b64(o, (unsigned long)off);
		b64(l, (unsigned long)strlen(bodies[i]));
		snprintf(line, sizeof line, "%s\t%s\t%s\n", heads[i], o, l);
		strcat(idx, line);
		bt_buf_puts(&body, bodies[i]);
		off += strlen(bodies[i]);
	}
	snprintf(name, sizeof name, "%s.index", base);
	write_file(name, idx, strlen(idx));
	if (gz) {
		gzFile g;
		snprintf(name, sizeof name, "%s.dict.dz", base);
		g = gzopen(path_in(name), "wb");
		gzwrite(g, body.ptr, (unsigned)body.len);
		gzclose(g);
	} else {
		snprintf(name, sizeof name, "%s.dict", base);
		write_file(name, body.ptr, body.len);
	}
	bt_buf_dispose(&body);
}

static void test_dict(void)
{
	bt_dict *d = NULL;
	static const char tsv[] = "# a comment\n"
				  "huis\thouse\n"
				  "\n"
				  "Huis\thome\n"
				  "huis\thouse\n"
				  "  Wit-Rusland \t Belarus \n"
				  "Verenigde Staten\tUnited States\tnote\n";
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_tsv(d, tsv, strlen(tsv), "t.tsv", 0), 0);
	CHECK_INT(bt_dict_n(d), 3);
	CHECK_INT(bt_dict_n_pairs(d), 4); /* the duplicate is stored once */
	CHECK(has_translation(d, "HUIS", "house"));
	CHECK(has_translation(d, "huis", "home"));
	CHECK(has_translation(d, "wit-rusland", "Belarus")); /* trimmed, folded */
	CHECK(has_translation(d, "verenigde staten", "United States")); /* note column ignored */
	CHECK(bt_dict_find(d, "house", 5) < 0);
	bt_dict_free(d);

	/* ASCII folds without ICU, the rest with it: both meet */
	{
		static const char fold_tsv[] = "Stra\xc3\x9f" "e\tstreet\n"
					       "STRASSEN\tstreets\n"
					       "\xc3\x84RZTE\tdoctors\n";
		bt_buf f = BT_BUF_INIT;
		CHECK_INT(bt_dict_new(&d), 0);
		CHECK_INT(bt_dict_load_tsv(d, fold_tsv, strlen(fold_tsv), "f.tsv", 0), 0);
		CHECK(has_translation(d, "STRASSE", "street"));
		CHECK(has_translation(d, "stra\xc3\x9f" "en", "streets"));
		CHECK(has_translation(d, "\xc3\xa4rzte", "doctors"));
		CHECK_INT(bt_dict_fold(&f, "AbC-1 Z@[`{", 11), 0);
		CHECK_STR(f.ptr, "abc-1 z@[`{");
		bt_buf_dispose(&f);
		bt_dict_free(d);
	}

	/* reversed */
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_tsv(d, tsv, strlen(tsv), "t.tsv", 1), 0);
	CHECK(has_translation(d, "house", "huis"));
	CHECK(has_translation(d, "belarus", "Wit-Rusland"));
	bt_dict_free(d);

	/* a line without a tab: an error naming its line and byte */
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_tsv(d, "a\tb\nno tab here\n", 16, "bad.tsv", 0), BT_EINPUT);
	CHECK_STR(bt_error_last()->file, "bad.tsv");
	CHECK_INT(bt_error_last()->line, 2);
	CHECK_INT(bt_error_last()->byte, 4);
	bt_dict_free(d);

	/* FreeDict: plain .dict and gzip .dict.dz */
	for (int gz = 0; gz < 2; gz++) {
		char p[700];
		write_freedict(gz ? "fz" : "fd", gz);
		snprintf(p, sizeof p, "%s", path_in(gz ? "fz.index" : "fd.index"));
		CHECK_INT(bt_dict_new(&d), 0);
		CHECK_INT(bt_dict_load_file(d, p, 0), 0);
		CHECK_INT(bt_dict_n(d), 3); /* 00database entries skipped */
		CHECK(has_translation(d, "haus", "maison"));
		CHECK(has_translation(d, "haus", "foyer"));
		CHECK(has_translation(d, "haus", "chez-soi"));
		CHECK_INT(n_translations(d, "haus"), 3); /* definitions skipped */
		CHECK(has_translation(d, "wir", "nous"));
		CHECK_INT(n_translations(d, "wir"), 1); /* "1. Person Plural" is a definition */
		CHECK(has_translation(d, "gehen", "aller"));
		CHECK(has_translation(d, "gehen", "marcher"));
		CHECK(has_translation(d, "gehen", "partir")); /* parenthesis dropped */
		bt_dict_free(d);
	}
	/* reversed FreeDict */
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_freedict(d, path_in("fd.index"), 1), 0);
	CHECK(has_translation(d, "maison", "haus"));
	bt_dict_free(d);
	/* a missing .dict is an I/O error; a non-.index name a usage error */
	write_file("lone.index", "haus\tA\tB\n", 9);
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_freedict(d, path_in("lone.index"), 0), BT_EIO);
	CHECK_INT(bt_dict_load_freedict(d, path_in("fd.dict"), 0), BT_EUSAGE);
	/* an entry beyond the data */
	write_file("short.index", "haus\tA\tZZZ\n", 11);
	write_file("short.dict", "Haus\nmaison\n", 12);
	CHECK_INT(bt_dict_load_freedict(d, path_in("short.index"), 0), BT_EINPUT);
	CHECK_INT(bt_error_last()->line, 1);
	bt_dict_free(d);

	/* the shipped nl-en glossary */
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_default(d, "nl", "en"), 0);
	CHECK(has_translation(d, "Wit-Rusland", "Belarus"));
	CHECK(has_translation(d, "Oekraïne", "Ukraine"));
	CHECK(has_translation(d, "Moskou", "Moscow"));
	CHECK(has_translation(d, "Kiev", "Kyiv"));
	CHECK(has_translation(d, "Krim", "Crimea"));
	CHECK(bt_dict_n_pairs(d) > 1000);
	bt_dict_free(d);
	/* and reversed for en-nl; none for de-fr */
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_default(d, "en", "nl"), 0);
	CHECK(has_translation(d, "Belarus", "Wit-Rusland"));
	CHECK_INT(bt_dict_load_default(d, "de", "fr"), BT_ENOTFOUND);
	bt_dict_free(d);
	/* a regional corpus falls back to its languages' glossary */
	CHECK_INT(bt_dict_new(&d), 0);
	CHECK_INT(bt_dict_load_default(d, "nl-BE", "en-GB"), 0);
	CHECK(has_translation(d, "Wit-Rusland", "Belarus"));
	CHECK_INT(bt_dict_load_default(d, "de-AT", "fr-CH"), BT_ENOTFOUND);
	CHECK_STR(bt_error_last()->msg, "bitext ships no glossary for de-AT-fr-CH");
	bt_dict_free(d);
}

/* ---- tokens, folding, stems ---- */

static void test_tokens(void)
{
	al_rawtoks t = {NULL, 0, 0};
	al_folder *f = NULL;
	al_stemmer *de = NULL, *fr = NULL, *nl = NULL;
	bt_buf b = BT_BUF_INIT;
	const char *s = "Op 24 februari vielen 45.000 man het Wit-Russische l'altitude van 8 848 m binnen (zeker?)!";
	CHECK_INT(bt_al_tokenize(&t, s, strlen(s)), 0);
	/* Op 24 februari vielen 45.000 man het Wit-Russische l altitude van 8 848 m binnen ( zeker ? ! */
	CHECK_INT(t.n, 18);
	if (t.n == 18) {
		CHECK_INT(t.v[1].kind, AL_T_NUM);
		CHECK_INT(t.v[4].kind, AL_T_NUM);
		CHECK_INT(t.v[4].end - t.v[4].start, 6); /* 45.000 */
		CHECK_INT(t.v[7].end - t.v[7].start, 13); /* Wit-Russische */
		CHECK(t.v[7].cap);
		CHECK_INT(t.v[8].end - t.v[8].start, 1); /* l */
		CHECK_INT(t.v[11].kind, AL_T_NUM);
		CHECK_INT(t.v[11].end - t.v[11].start, 5); /* 8 848 */
		CHECK_INT(t.v[14].kind, AL_T_PUNCT);
		CHECK_INT(t.v[14].punct, '(');
		CHECK_INT(t.v[16].punct, '?');
		CHECK_INT(t.v[17].punct, '!');
	}
	bt_buf_clear(&b);
	CHECK_INT(bt_al_number_digits(&b, "8 848,5", 7), 0);
	CHECK_STR(b.ptr, "88485");

	CHECK_INT(bt_al_folder_open(&f), 0);
	bt_buf_clear(&b);
	CHECK_INT(bt_al_flatten(f, &b, "Häuser", strlen("Häuser")), 0);
	CHECK_STR(b.ptr, "hauser");
	bt_buf_clear(&b);
	CHECK_INT(bt_al_flatten(f, &b, "Straße", strlen("Straße")), 0);
	CHECK_STR(b.ptr, "strasse");
	bt_buf_clear(&b);
	CHECK_INT(bt_al_flatten(f, &b, "ÉLÈVE", strlen("ÉLÈVE")), 0);
	CHECK_STR(b.ptr, "eleve");

	/* the spelling cognate keys compare: one sound, one letter */
	{
		static const char *const same[][2] = {
			{"kamera", "camera"},   {"telefon", "telephone"}, {"oktober", "octobre"},
			{"literatur", "litterature"}, {"physik", "fysik"}, {"theorie", "teoria"},
			{"zentral", "sentral"}, {"blocken", "blokken"}, {"quartett", "kartet"},
		};
		char x[64], y[64];
		for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
			size_t nx = bt_al_cognate_spelling(x, same[i][0], strlen(same[i][0]));
			size_t ny = bt_al_cognate_spelling(y, same[i][1], strlen(same[i][1]));
			CHECK(nx >= 5 && ny >= 5 && memcmp(x, y, 5) == 0);
		}
		CHECK_INT((long)bt_al_cognate_spelling(x, "philosophie", 11), 9);
		CHECK(memcmp(x, "filosofie", 9) == 0);
		/* only ASCII letters change; repeated bytes of other letters stay */
		CHECK_INT((long)bt_al_cognate_spelling(x, "\xd0\xb0\xd0\xb0", 4), 4);
		CHECK(memcmp(x, "\xd0\xb0\xd0\xb0", 4) == 0);
	}

	/* bt_al_flatten's fast paths (the Latin table; Greek and Cyrillic only
	 * folded) flatten as ICU does; each letter between two Latin ones */
	for (unsigned cp = 0xC0; cp < 0x530; cp++) {
		char ch[6] = {'A', (char)(0xC0 | cp >> 6), (char)(0x80 | (cp & 0x3F)), 'b', 0};
		bt_buf x = BT_BUF_INIT, y = BT_BUF_INIT;
		CHECK_INT(bt_al_flatten(f, &x, ch, 4), 0);
		CHECK_INT(bt_al_flatten_icu(f, &y, ch, 4), 0);
		if (x.len != y.len || memcmp(x.ptr, y.ptr, x.len) != 0)
			fprintf(stderr, "U+%04X: table \"%s\", ICU \"%s\"\n", cp, x.ptr ? x.ptr : "", y.ptr ? y.ptr : "");
		CHECK(x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0);
		bt_buf_dispose(&x);
		bt_buf_dispose(&y);
	}
	CHECK_INT(bt_al_stemmer_open(&de, "de"), 0);
	CHECK_INT(bt_al_stemmer_open(&fr, "fr"), 0);
	CHECK_INT(bt_al_stemmer_open(&nl, "nl"), 0);
	CHECK(bt_al_stemmer_compounds(de));
	CHECK(!bt_al_stemmer_compounds(fr));
#define STEM(st, w, want)                                        \
	do {                                                     \
		bt_buf_clear(&b);                                \
		CHECK_INT(bt_al_stem(st, &b, w, strlen(w)), 0);     \
		CHECK_STR(b.ptr, want);                          \
	} while (0)
	STEM(de, "hauser", "haus");
	STEM(de, "haus", "haus");
	STEM(de, "bergen", "berg");
	STEM(de, "hauses", "haus");
	STEM(de, "welt", "welt");
	STEM(fr, "allons", "all");
	STEM(fr, "aller", "all");
	STEM(fr, "chevaux", "cheval");
	STEM(nl, "lopen", "lop");
	STEM(nl, "loop", "lop");
	STEM(nl, "huizen", "huis");
	STEM(nl, "bakken", "bak");
	STEM(fr, "le", "le"); /* too short to strip */
#undef STEM
	bt_al_stemmer_free(de);
	bt_al_stemmer_free(fr);
	bt_al_stemmer_free(nl);
	bt_al_folder_free(f);
	bt_al_rawtoks_dispose(&t);
	bt_buf_dispose(&b);
}

/* ---- the metric and the format ---- */

static void test_eval(void)
{
	static const char gold[] = "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[4]:[2, 3]\n[]:[4]\n";
	static const char test[] = "[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[4]:[2]\n[]:[3]\n[]:[4]\n";
	bt_align_eval e = BT_ALIGN_EVAL_INIT;
	bt_links l = BT_LINKS_INIT;
	bt_buf b = BT_BUF_INIT;

	/* worked by hand after Vecalign's score.py: precision over all 7 test
	 * links, 3 exact and 5 overlapping; recall over the 3 gold links
	 * with both sides, 1 exact and 3 overlapping */
	CHECK_INT(bt_align_eval_add(&e, gold, strlen(gold), "g", test, strlen(test), "t"), 0);
	CHECK_INT(e.p_all, 7);
	CHECK_INT(e.p_strict, 3);
	CHECK_INT(e.p_lax, 5);
	CHECK_INT(e.r_all, 3);
	CHECK_INT(e.r_strict, 1);
	CHECK_INT(e.r_lax, 3);
	CHECK(fabs(e.f1_strict - 0.375) < 1e-9);
	CHECK(fabs(e.f1_lax - 10.0 / 12.0) < 1e-9);
	/* counts add up over files, F1 computed once */
	CHECK_INT(bt_align_eval_add(&e, gold, strlen(gold), "g", gold, strlen(gold), "t"), 0);
	CHECK_INT(e.files, 2);
	CHECK_INT(e.p_all, 12);
	CHECK_INT(e.p_strict, 8);
	CHECK_INT(e.r_strict, 4);
	CHECK(fabs(e.precision_strict - 8.0 / 12.0) < 1e-9);
	/* index lists need not be consecutive in the metric (gold files have
	 * such links); duplicates count once */
	{
		bt_align_eval f = BT_ALIGN_EVAL_INIT;
		static const char g2[] = "[227, 218]:[198]\n[5]:[6]\n";
		static const char t2[] = "[218]:[198]\n[5]:[6]\n[5]:[6]\n";
		CHECK_INT(bt_align_eval_add(&f, g2, strlen(g2), "g", t2, strlen(t2), "t"), 0);
		CHECK_INT(f.p_all, 2);
		CHECK_INT(f.p_strict, 1);
		CHECK_INT(f.p_lax, 2);
	}
	/* a broken line: file, line and byte */
	CHECK_INT(bt_align_eval_add(&e, gold, strlen(gold), "g", "[0]:[0]\n[1]:2]\n", 15, "t.txt"), BT_EINPUT);
	CHECK_STR(bt_error_last()->file, "t.txt");
	CHECK_INT(bt_error_last()->line, 2);
	CHECK_INT(bt_error_last()->byte, 12);

	/* write and read back */
	{
		bt_link v[] = {{0, 1, 0, 1, 0.5, 0}, {1, 2, 1, 1, 1, 0}, {3, 1, 2, 0, 1, 0}, {4, 0, 2, 3, 1, 0}};
		bt_links in = {v, 4, 4};
		CHECK_INT(bt_links_write_vecalign(&b, &in), 0);
		CHECK_STR(b.ptr, "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[]:[2, 3, 4]\n");
		CHECK_INT(bt_links_read_vecalign(&l, b.ptr, b.len, "x"), 0);
		CHECK_INT(l.n, 4);
		CHECK_INT(l.v[1].src_first, 1);
		CHECK_INT(l.v[1].src_n, 2);
		CHECK_INT(l.v[2].tgt_n, 0);
		CHECK_INT(l.v[2].tgt_first, 2); /* where the empty side stands */
		CHECK_INT(l.v[3].src_first, 4);
		CHECK_INT(l.v[3].tgt_n, 3);
	}
	CHECK_INT(bt_links_read_vecalign(&l, "[0]:[0]\n\n[1, 3]:[1]\n", 20, "x"), BT_EINPUT);
	CHECK_INT(bt_error_last()->line, 3);
	CHECK_INT(bt_links_read_vecalign(&l, "[0]:[0] extra\n", 14, "x"), BT_EINPUT);
	bt_links_dispose(&l);
	bt_buf_dispose(&b);
}

/* ---- alignment ---- */

/* Every sentence of both sides in exactly one link, in order; scores in
 * [0, 1]. */
static int covers(const bt_links *l, size_t n, size_t m)
{
	size_t i = 0, j = 0;
	for (size_t x = 0; x < l->n; x++) {
		const bt_link *k = &l->v[x];
		if (k->src_n + k->tgt_n == 0 || k->src_n > AL_MAXB || k->tgt_n > AL_MAXB || k->flags)
			return 0;
		if ((k->src_n && k->src_first != i) || (k->tgt_n && k->tgt_first != j))
			return 0;
		if (!(k->score >= 0 && k->score <= 1))
			return 0;
		i += k->src_n;
		j += k->tgt_n;
	}
	return i == n && j == m;
}

static int align_texts(bt_aligner *a, bt_links *out, const char *const *s, size_t n, const char *const *t, size_t m)
{
	size_t *sl = malloc((n ? n : 1) * sizeof *sl), *tl = malloc((m ? m : 1) * sizeof *tl);
	bt_sentences ss, ts;
	int rc;
	for (size_t i = 0; i < n; i++)
		sl[i] = strlen(s[i]);
	for (size_t j = 0; j < m; j++)
		tl[j] = strlen(t[j]);
	ss = (bt_sentences){s, sl, n, NULL, NULL};
	ts = (bt_sentences){t, tl, m, NULL, NULL};
	rc = bt_align(out, a, &ss, &ts);
	free(sl);
	free(tl);
	return rc;
}

static int is_link(const bt_links *l, size_t x, size_t sf, size_t sn, size_t tf, size_t tn)
{
	return x < l->n && l->v[x].src_n == sn && l->v[x].tgt_n == tn && (!sn || l->v[x].src_first == sf) &&
	       (!tn || l->v[x].tgt_first == tf);
}

static void test_align_small(void)
{
	bt_aligner *a = NULL;
	bt_links l = BT_LINKS_INIT;
	static const char *const nl[] = {
		"Op 24 februari 2022 vielen Russische troepen Oekraïne binnen.",
		"Dat heeft de Wit-Russische president Alexander Loekasjenko gezegd in een interview met de BBC.",
		"Hij is dan in Warschau.",
		"Dat is een half uurtje van Minsk.",
		"Volgens Loekasjenko is Wit-Rusland bereid om deel te nemen aan de oorlog.",
		"Waarom zou Poetin dat willen?",
	};
	static const char *const en[] = {
		"On 24 February 2022, Russian troops invaded Ukraine.",
		"That is what the Belarusian president Alexander Lukashenko said in an interview with the BBC.",
		"He will then be in Warsaw, which is half an hour from Minsk.",
		"According to Lukashenko, Belarus is prepared to take part in the war.",
		"Why would Putin want that?",
	};
	CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
	CHECK(bt_aligner_glossary_size(a) > 1000);
	CHECK_INT(align_texts(a, &l, nl, 6, en, 5), 0);
	CHECK(covers(&l, 6, 5));
	CHECK_INT(l.n, 5);
	CHECK(is_link(&l, 0, 0, 1, 0, 1));
	CHECK(is_link(&l, 1, 1, 1, 1, 1));
	CHECK(is_link(&l, 2, 2, 2, 2, 1)); /* 2-1 */
	CHECK(is_link(&l, 3, 4, 1, 3, 1));
	CHECK(is_link(&l, 4, 5, 1, 4, 1));
	for (size_t x = 0; x < l.n; x++)
		CHECK(l.v[x].score > 0.5);

	/* a sentence without translation: 1-0, the rest 1-1 */
	{
		static const char *const s2[] = {nl[0], nl[1], "Lees ook: het laatste nieuws over de verkiezingen in de Verenigde Staten.", nl[4], nl[5]};
		static const char *const t2[] = {en[0], en[1], en[3], en[4]};
		CHECK_INT(align_texts(a, &l, s2, 5, t2, 4), 0);
		CHECK(covers(&l, 5, 4));
		CHECK(is_link(&l, 2, 2, 1, 2, 0));
		CHECK(is_link(&l, 3, 3, 1, 2, 1));
	}
	/* empty sides */
	CHECK_INT(align_texts(a, &l, nl, 0, en, 0), 0);
	CHECK_INT(l.n, 0);
	CHECK_INT(align_texts(a, &l, nl, 3, en, 0), 0);
	CHECK_INT(l.n, 3);
	CHECK(covers(&l, 3, 0));
	CHECK(is_link(&l, 2, 2, 1, 0, 0));
	CHECK_INT(align_texts(a, &l, nl, 0, en, 2), 0);
	CHECK(covers(&l, 0, 2));
	CHECK(is_link(&l, 1, 0, 0, 1, 1));
	/* empty sentences among others */
	{
		static const char *const s3[] = {"", nl[0], "", nl[1]};
		static const char *const t3[] = {en[0], "", en[1]};
		CHECK_INT(align_texts(a, &l, s3, 4, t3, 3), 0);
		CHECK(covers(&l, 4, 3));
	}
	bt_links_dispose(&l);
	bt_aligner_free(a);
}

static void test_align_bad_input(void)
{
	bt_aligner *a = NULL;
	bt_links l = BT_LINKS_INIT;
	const char **s = malloc(300 * sizeof *s), **t = malloc(300 * sizeof *t);
	char (*buf)[80] = malloc(300 * sizeof *buf);
	char *big;
	size_t bigl = 1 << 20;

	CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
	/* repeated identical lines: one to one, in order */
	for (size_t i = 0; i < 60; i++) {
		s[i] = "Ja.";
		t[i] = "Yes.";
	}
	CHECK_INT(align_texts(a, &l, s, 60, t, 60), 0);
	CHECK(covers(&l, 60, 60));
	CHECK_INT(l.n, 60);
	/* very different lengths: 4 sentences against 250 */
	for (size_t j = 0; j < 250; j++) {
		snprintf(buf[j], sizeof buf[j], "Line %zu of a long English text about topic %zu.", j, j * 7);
		t[j] = buf[j];
	}
	{
		static const char *const s4[] = {"Regel 17 van een tekst.", "Regel 120.", "Regel 121 en 122.", "Regel 249."};
		CHECK_INT(align_texts(a, &l, s4, 4, t, 250), 0);
		CHECK(covers(&l, 4, 250));
		CHECK_INT(align_texts(a, &l, t, 250, s4, 4), 0);
		CHECK(covers(&l, 250, 4));
	}
	/* a 1 MB sentence among short ones */
	big = malloc(bigl + 1);
	for (size_t i = 0; i < bigl; i++)
		big[i] = "woord "[i % 6];
	big[bigl] = '\0';
	{
		const char *s5[] = {"Een korte zin.", big, "Nog een korte zin over de oorlog."};
		static const char *const t5[] = {"A short sentence.", "Another short sentence about the war."};
		CHECK_INT(align_texts(a, &l, s5, 3, t5, 2), 0);
		CHECK(covers(&l, 3, 2));
		CHECK(is_link(&l, 1, 1, 1, 1, 0)); /* the giant has no counterpart */
		CHECK_INT(align_texts(a, &l, t5, 2, s5, 3), 0);
		CHECK(covers(&l, 2, 3));
	}
	/* invalid UTF-8 and control bytes do not crash it */
	{
		static const char *const s6[] = {"caf\xe9 \xff\xfe au lait", "\x01\x02 ok"};
		static const char *const t6[] = {"coffee", "fine \xc3"};
		CHECK_INT(align_texts(a, &l, s6, 2, t6, 2), 0);
		CHECK(covers(&l, 2, 2));
	}
	free(big);
	free(s);
	free(t);
	free(buf);
	bt_links_dispose(&l);
	bt_aligner_free(a);
}

/* The search visits a band, not the matrix: the cells grow linearly. */
static void test_linear(void)
{
	bt_aligner *a = NULL;
	bt_links l = BT_LINKS_INIT;
	size_t sizes[2] = {2000, 20000}, cells[2] = {0, 0};
	CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
	for (int r = 0; r < 2; r++) {
		size_t n = sizes[r], m = n + n / 10;
		char **s = malloc(n * sizeof *s), **t = malloc(m * sizeof *t);
		for (size_t i = 0, j = 0; i < n; i++) {
			s[i] = malloc(96);
			snprintf(s[i], 96, "Zin %zu gaat over het jaar %zu en de stad %zu.", i, 1000 + i % 997, i % 13);
			t[j] = malloc(96);
			snprintf(t[j++], 96, "Sentence %zu is about the year %zu and city %zu.", i, 1000 + i % 997, i % 13);
			if (i % 10 == 5) { /* one target sentence in ten has no source */
				t[j] = malloc(96);
				snprintf(t[j++], 96, "An added remark.");
			}
		}
		CHECK_INT(align_texts(a, &l, (const char *const *)s, n, (const char *const *)t, m), 0);
		CHECK(covers(&l, n, m));
		cells[r] = a->last_cells;
		for (size_t i = 0; i < n; i++)
			free(s[i]);
		for (size_t j = 0; j < m; j++)
			free(t[j]);
		free(s);
		free(t);
	}
	CHECK(cells[0] > 0 && cells[0] < 2000 * 80);
	CHECK(cells[1] < 12 * cells[0]);
	if (!(cells[1] < 12 * cells[0]))
		fprintf(stderr, "cells %zu then %zu\n", cells[0], cells[1]);
	bt_links_dispose(&l);
	bt_aligner_free(a);
}

static int follows_invariant(const bt_links *l, size_t n, size_t m);

/* Field by field (a link has padding); the scores bit for bit. */
static int same_link(const bt_link *x, const bt_link *y)
{
	return x->src_first == y->src_first && x->src_n == y->src_n && x->tgt_first == y->tgt_first &&
	       x->tgt_n == y->tgt_n && memcmp(&x->score, &y->score, sizeof x->score) == 0 && x->flags == y->flags;
}

/* Threads share the work of one bt_align (bt_aligner_opts.threads): the
 * links and their scores must be the same, bit for bit, for any number.
 * A document of some 2500 sentences a side with merges, gaps and a moved
 * block, large enough for every part that splits (the sides, the
 * key sets, the match masks, the bead scores, the forward and backward
 * sums) to run on the pool. */
static void test_threads(void)
{
	static const char *const w_nl[] = {"hond", "kat", "huis", "water", "stad", "boom", "vogel", "brood", "melk", "school"};
	static const char *const w_en[] = {"dog", "cat", "house", "water", "city", "tree", "bird", "bread", "milk", "school"};
	size_t n = 2500, cap = 2 * n, ns = 0, nt = 0;
	char **s = malloc(cap * sizeof *s), **t = malloc(cap * sizeof *t);
	bt_links ref = BT_LINKS_INIT, l = BT_LINKS_INIT;
	uint32_t seed = 12345;
	for (size_t i = 0; i < n; i++) {
		unsigned r, a, b;
		seed = seed * 1103515245u + 12345u;
		r = (seed >> 16) % 100;
		a = (seed >> 8) % 10;
		b = (seed >> 20) % 10;
		s[ns] = malloc(160);
		snprintf(s[ns++], 160, "De %s zag in %zu de %s bij het %s, zei Jansen %zu.", w_nl[a], 1900 + i % 97, w_nl[b],
			 w_nl[(a + b) % 10], i % 31);
		if (r < 5) /* a source sentence without translation */
			continue;
		t[nt] = malloc(320);
		if (r < 12 && i + 1 < n) { /* two source sentences in one target */
			s[ns] = malloc(160);
			snprintf(s[ns++], 160, "Het was %zu graden.", i % 40);
			snprintf(t[nt++], 320, "The %s saw the %s by the %s in %zu, Jansen %zu said, and it was %zu degrees.",
				 w_en[a], w_en[b], w_en[(a + b) % 10], 1900 + i % 97, i % 31, i % 40);
			continue;
		}
		snprintf(t[nt++], 320, "In %zu the %s saw the %s by the %s, Jansen %zu said.", 1900 + i % 97, w_en[a], w_en[b],
			 w_en[(a + b) % 10], i % 31);
		if (r > 95) { /* a target sentence without source */
			t[nt] = malloc(64);
			snprintf(t[nt++], 64, "Translator's note %u.", r);
		}
	}
	/* a block of ten target sentences moved 300 sentences on */
	{
		char *blk[10];
		memcpy(blk, t + 1000, sizeof blk);
		memmove(t + 1000, t + 1010, 300 * sizeof *t);
		memcpy(t + 1300, blk, sizeof blk);
	}
	/* 5: more threads than build the match masks (AL_MASK_PARTS) */
	static const int counts[] = {1, 2, 3, 5};
	for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
		int threads = counts[c];
		bt_aligner *a = NULL;
		bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
		bt_links *out = threads == 1 ? &ref : &l;
		o.threads = threads;
		CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
		CHECK_INT(bt_al_pool_parts(a->pool), threads);
		CHECK_INT(align_texts(a, out, (const char *const *)s, ns, (const char *const *)t, nt), 0);
		CHECK(a->last_cells >= AL_POOL_MIN_CELLS && ns + nt >= AL_POOL_MIN_SENTENCES);
		CHECK(follows_invariant(out, ns, nt));
		if (threads > 1) {
			size_t same = 0;
			CHECK_INT(l.n, ref.n);
			for (size_t x = 0; x < l.n && x < ref.n; x++)
				same += same_link(&l.v[x], &ref.v[x]);
			CHECK_INT(same, ref.n);
		}
		bt_aligner_free(a);
	}
	{
		/* the document is not trivial: many links are not 1-1, and
		 * the scores vary */
		size_t other = 0, low = 0;
		for (size_t x = 0; x < ref.n; x++) {
			other += ref.v[x].src_n != 1 || ref.v[x].tgt_n != 1;
			low += ref.v[x].score < 0.9;
		}
		CHECK(other > 100 && low > 100);
		if (!(other > 100 && low > 100))
			fprintf(stderr, "links not 1-1 %zu, scored below 0.9 %zu\n", other, low);
	}
	for (size_t i = 0; i < ns; i++)
		free(s[i]);
	for (size_t j = 0; j < nt; j++)
		free(t[j]);
	free(s);
	free(t);
	bt_links_dispose(&ref);
	bt_links_dispose(&l);
}

/* Glossary files read on several threads and merged: the dictionary is
 * the one reading them in turn gives (entries, their order, and each
 * entry's translations in order), across four files that share entries. */
static void test_glossaries_threads(void)
{
	static const char *const files[4][2] = {
		{"g1.tsv", "huis\thouse\nboom\ttree\nhuis\thome\n"},
		{"g2.tsv", "kat\tcat\nhuis\tdwelling\nboom\ttree\nHuis\thouse\n"},
		{"g3.tsv", "vogel\tbird\nkat\tpuss\n  hond \t dog \n"},
		{"g4.tsv", "hond\thound\nvis\tfish\nboom\tbeam\n"},
	};
	const char *paths[4];
	bt_aligner *a[2] = {NULL, NULL};
	for (int f = 0; f < 4; f++) {
		write_file(files[f][0], files[f][1], strlen(files[f][1]));
		paths[f] = bt_strdup(path_in(files[f][0]));
	}
	for (int x = 0; x < 2; x++) {
		bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
		o.glossaries = paths;
		o.n_glossaries = 4;
		o.no_default_glossary = 1;
		o.threads = x ? 3 : 1;
		CHECK_INT(bt_aligner_open(&a[x], "nl", "en", &o), 0);
	}
	if (a[0] && a[1]) {
		size_t n = bt_dict_n(a[0]->dict), same = 0;
		CHECK_INT(n, 6);
		CHECK_INT(bt_dict_n_pairs(a[0]->dict), 11);
		CHECK_INT(bt_dict_n(a[1]->dict), n);
		CHECK_INT(bt_dict_n_pairs(a[1]->dict), bt_dict_n_pairs(a[0]->dict));
		for (size_t e = 0; e < n && e < bt_dict_n(a[1]->dict); e++) {
			size_t l0, l1;
			const char *s0 = bt_dict_source(a[0]->dict, e, &l0), *s1 = bt_dict_source(a[1]->dict, e, &l1);
			uint32_t i0 = 0, i1 = 0;
			const char *t0, *t1;
			int ok = l0 == l1 && memcmp(s0, s1, l0) == 0;
			do {
				t0 = bt_dict_next(a[0]->dict, e, &i0, &l0);
				t1 = bt_dict_next(a[1]->dict, e, &i1, &l1);
				ok = ok && (t0 == NULL) == (t1 == NULL) && (!t0 || (l0 == l1 && memcmp(t0, t1, l0) == 0));
			} while (ok && t0);
			same += ok;
		}
		CHECK_INT(same, n);
		/* the first file's entries first; huis: its translations in file order */
		{
			size_t len;
			uint32_t it = 0;
			const char *t;
			CHECK_STR(bt_dict_source(a[1]->dict, 0, &len), "huis");
			t = bt_dict_next(a[1]->dict, 0, &it, &len);
			CHECK(t && len == 5 && memcmp(t, "house", 5) == 0);
			t = bt_dict_next(a[1]->dict, 0, &it, &len);
			CHECK(t && len == 4 && memcmp(t, "home", 4) == 0);
			t = bt_dict_next(a[1]->dict, 0, &it, &len);
			CHECK(t && len == 8 && memcmp(t, "dwelling", 8) == 0);
			CHECK(bt_dict_next(a[1]->dict, 0, &it, &len) == NULL);
		}
	}
	bt_aligner_free(a[0]);
	bt_aligner_free(a[1]);
	for (int f = 0; f < 4; f++)
		bt_free((void *)paths[f]);
}

static int fail_some(void *arg, int i)
{
	int *fails = arg;
	if (fails[i])
		return bt_fail(BT_EINPUT, "part.txt", i + 1, -1, "task %d failed", i);
	return 0;
}

/* A task that fails on a worker: its error reaches the caller; of two,
 * the first in task order. Out-of-range thread counts are refused. */
static void test_pool_errors(void)
{
	al_pool *p = NULL;
	bt_aligner *a = NULL;
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	int fails[3] = {0, 1, 0};
	CHECK_INT(bt_al_pool_new(&p, 1), 0);
	CHECK(p == NULL);
	CHECK_INT(bt_al_pool_new(&p, 2), 0);
	CHECK_INT(bt_al_pool_parts(p), 2);
	bt_error_clear();
	CHECK_INT(bt_al_pool_each(p, 3, fail_some, fails), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "task 1 failed");
	CHECK_STR(bt_error_last()->file, "part.txt");
	CHECK_INT(bt_error_last()->line, 2);
	fails[0] = fails[2] = 1;
	CHECK_INT(bt_al_pool_each(p, 3, fail_some, fails), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "task 0 failed");
	fails[0] = fails[1] = fails[2] = 0;
	CHECK_INT(bt_al_pool_each(p, 3, fail_some, fails), 0);
	CHECK_INT(bt_al_pool_each(p, AL_POOL_EACH_MAX + 1, fail_some, fails), BT_EINTERNAL);
	bt_al_pool_free(p);
	o.threads = -1;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), BT_EUSAGE);
	CHECK(strstr(bt_error_last()->msg, "threads: -1 is not between 0 and 64") != NULL);
	o.threads = BT_ALIGNER_MAX_THREADS + 1;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), BT_EUSAGE);
	CHECK(a == NULL);
	/* a caller of version 2 has no threads field: one thread */
	o.version = 2;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK(a->pool == NULL);
	bt_aligner_free(a);
}

static void test_aligner_options(void)
{
	bt_aligner *a = NULL;
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	const char *g[2];
	/* no default glossary; glossaries by path; FreeDict turned round by
	 * its name */
	write_file("fr-de.tsv", "maison\tHaus\n", 12);
	write_freedict("freedict-deu-fra", 0);
	g[0] = path_in("fr-de.tsv");
	g[1] = path_in("freedict-deu-fra.index");
	o.glossaries = g;
	o.n_glossaries = 2;
	o.no_default_glossary = 1;
	CHECK_INT(bt_aligner_open(&a, "de", "fr", &o), 0);
	CHECK(has_translation(a->dict, "maison", "Haus") == 0);
	CHECK(has_translation(a->dict, "haus", "maison"));
	CHECK(has_translation(a->dict, "wir", "nous"));
	bt_aligner_free(a);
	CHECK_INT(bt_aligner_open(&a, "fr", "de", &o), 0);
	CHECK(has_translation(a->dict, "maison", "Haus"));
	CHECK(has_translation(a->dict, "nous", "wir"));
	bt_aligner_free(a);
	o.n_glossaries = 0;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK_INT(bt_aligner_glossary_size(a), 0);
	CHECK_INT(bt_aligner_add_pair(a, "Wit-Rusland", 11, "Belarus", 7), 0);
	CHECK_INT(bt_aligner_glossary_size(a), 1);
	{
		/* a pair given again (the corpus's glossary, at every align)
		 * keeps the stem index; a new one makes it be built again */
		static const char *const s[] = {"Wit-Rusland stemt."}, *const t[] = {"Belarus votes."};
		bt_links l = BT_LINKS_INIT;
		CHECK_INT(align_texts(a, &l, s, 1, t, 1), 0);
		CHECK_INT(a->hstem_built, 1);
		CHECK_INT(bt_aligner_add_pair(a, "wit-rusland", 11, " Belarus", 8), 0);
		CHECK_INT(bt_aligner_glossary_size(a), 1);
		CHECK_INT(a->hstem_built, 1);
		CHECK_INT(bt_aligner_add_pair(a, "Wit-Rusland", 11, "Byelorussia", 11), 0);
		CHECK_INT(a->hstem_built, 0);
		bt_links_dispose(&l);
	}
	bt_aligner_free(a);
	g[0] = path_in("missing.tsv");
	o.n_glossaries = 1;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), BT_EIO);
	CHECK(a == NULL);
	CHECK_INT(bt_aligner_open(&a, "n l", "en", NULL), BT_EUSAGE);
	bt_aligner_free(NULL);
}

static void count_trace(void *ud, const char *line)
{
	size_t *n = ud;
	if (strncmp(line, "align: ", 7) == 0)
		(*n)++;
}

/* The options' version, the model parameters and the trace: no
 * environment variable, nothing printed. */
static void test_aligner_opts_version(void)
{
	bt_aligner *a = NULL;
	bt_aligner_opts o;
	bt_links l = BT_LINKS_INIT;
	const char *p[2];
	size_t lines = 0;
	static const char *const s[] = {"Een hond.", "Twee katten."}, *const t[] = {"A dog.", "Two cats."};
	CHECK_INT(bt_aligner_opts_init(&o, 0), BT_EUSAGE);
	CHECK_INT(bt_aligner_opts_init(&o, BT_ALIGNER_OPTS_VERSION + 1), BT_EUSAGE);
	CHECK_INT(bt_aligner_opts_init(&o, BT_ALIGNER_OPTS_VERSION), 0);
	CHECK_INT(o.version, BT_ALIGNER_OPTS_VERSION);
	CHECK(o.params == NULL && o.trace == NULL && o.passes == 0);
	CHECK_INT(o.moves, 1); /* the default since version 2 */
	CHECK_INT(bt_aligner_opts_init(&o, 1), 0);
	CHECK_INT(o.moves, 0); /* what version 1 callers got */
	CHECK_INT(o.version, 1);
	CHECK_INT(bt_aligner_opts_init(&o, BT_ALIGNER_OPTS_VERSION), 0);
	o.version = 0;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), BT_EUSAGE);
	CHECK(a == NULL);
	o.version = BT_ALIGNER_OPTS_VERSION;
	p[0] = "band=3";
	p[1] = "w_lex=0.25";
	o.params = p;
	o.n_params = 2;
	o.trace = count_trace;
	o.trace_ud = &lines;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK_INT(a->prm.band, 3);
	CHECK(a->prm.w_lex == 0.25);
	CHECK_INT(align_texts(a, &l, s, 2, t, 2), 0);
	CHECK(covers(&l, 2, 2));
	CHECK(lines >= 6); /* tokens, features, ..., a band and its pass */
	bt_aligner_free(a);
	p[1] = "nonsense=1";
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), BT_EUSAGE);
	CHECK(strstr(bt_error_last()->msg, "unknown aligner parameter 'nonsense'") != NULL);
	p[1] = "conf_temp=0";
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), BT_EUSAGE);
	p[1] = "prior12=0.1";
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK(fabs(a->prm.prior[AL_B12] - log(0.1)) < 1e-12);
	bt_aligner_free(a);
	p[1] = "p1t_num=0.5";
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK(a->prm.p1[1][AL_C_NUM] == 0.5 && a->prm.p1[0][AL_C_NUM] != 0.5);
	bt_aligner_free(a);
	bt_links_dispose(&l);
}

/* ---- moved blocks ---- */

/* The invariant bt_align promises (bitext-core.h): every sentence in one
 * link; source sides in order; target sides of the links not moved in
 * order, skipping only moved links' sentences; moved links have both
 * sides. */
static int follows_invariant(const bt_links *l, size_t n, size_t m)
{
	unsigned char *seen = calloc(m + 1, 1), *moved = calloc(m + 1, 1);
	size_t i = 0, j = 0;
	int ok = seen && moved;
	for (size_t x = 0; ok && x < l->n; x++) {
		const bt_link *k = &l->v[x];
		ok = k->src_n + k->tgt_n > 0 && k->src_first == i && k->tgt_first + k->tgt_n <= m;
		if (ok && (k->flags & BT_LINK_MOVED))
			ok = k->src_n && k->tgt_n;
		for (size_t q = 0; ok && q < k->tgt_n; q++) {
			ok = !seen[k->tgt_first + q];
			seen[k->tgt_first + q] = 1;
			moved[k->tgt_first + q] = (k->flags & BT_LINK_MOVED) != 0;
		}
		i += k->src_n;
	}
	ok = ok && i == n;
	for (size_t t = 0; ok && t < m; t++)
		ok = seen[t];
	/* the links not moved, in target order over the rest */
	for (size_t x = 0; ok && x < l->n; x++) {
		const bt_link *k = &l->v[x];
		if (k->flags & BT_LINK_MOVED)
			continue;
		while (j < m && moved[j])
			j++;
		if (k->tgt_n) {
			ok = k->tgt_first == j;
			j += k->tgt_n;
		}
	}
	free(seen);
	free(moved);
	return ok;
}

static void test_moves(void)
{
	bt_aligner *a = NULL;
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	bt_links l = BT_LINKS_INIT;
	char sb[24][128], tb[24][128];
	const char *sv[24], *tv[24];
	static const char *const city[] = {"Minsk", "Kiev", "Moskou", "Warschau", "Berlijn", "Parijs"};
	static const char *const cityen[] = {"Minsk", "Kyiv", "Moscow", "Warsaw", "Berlin", "Paris"};
	size_t moved = 0, right = 0;
	/* 24 sentences; target blocks [4, 8) and [14, 18) swapped */
	for (int i = 0; i < 24; i++) {
		int t = i >= 4 && i < 8 ? i + 10 : i >= 14 && i < 18 ? i - 10 : i;
		snprintf(sb[i], sizeof sb[i], "In %d reisde de minister met %d mensen naar %s.", 1900 + 7 * i, 30 + i,
			 city[i % 6]);
		snprintf(tb[t], sizeof tb[t], "In %d the minister travelled to %s with %d people.", 1900 + 7 * i,
			 cityen[i % 6], 30 + i);
		sv[i] = sb[i];
	}
	for (int t = 0; t < 24; t++)
		tv[t] = tb[t];
	/* the default */
	CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
	CHECK_INT(align_texts(a, &l, sv, 24, tv, 24), 0);
	CHECK(follows_invariant(&l, 24, 24));
	for (size_t x = 0; x < l.n; x++) {
		const bt_link *k = &l.v[x];
		size_t want = k->src_first >= 4 && k->src_first < 8 ? k->src_first + 10
			      : k->src_first >= 14 && k->src_first < 18 ? k->src_first - 10 : k->src_first;
		moved += (k->flags & BT_LINK_MOVED) != 0;
		right += k->src_n == 1 && k->tgt_n == 1 && k->tgt_first == want;
	}
	CHECK_INT(right, 24);
	CHECK_INT(moved, 8); /* both blocks cross the six sentences between them */
	bt_aligner_free(a);
	/* without moves: the links follow both texts, nothing is marked */
	o.moves = 0;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK_INT(align_texts(a, &l, sv, 24, tv, 24), 0);
	CHECK(covers(&l, 24, 24));
	for (size_t x = 0; x < l.n; x++)
		CHECK(l.v[x].flags == 0);
	bt_aligner_free(a);
	bt_links_dispose(&l);
}

/* Blocks alike in size with no rare key in common (tried without a
 * dictionary) are weighed only against the target blocks near where the
 * source block stands: 1200 blocks left alone on each side must not give
 * 1200 x 1200 pairs to weigh (quadratic: minutes at a million sentences). */
static char moves_line[256];
static void moves_trace(void *ud, const char *line)
{
	(void)ud;
	if (strncmp(line, "moves:", 6) == 0)
		snprintf(moves_line, sizeof moves_line, "%s", line);
}

static void test_moves_linear(void)
{
	enum { PERIODS = 1200, N = 2 * PERIODS };
	/* (N bounds either side: 1200 + 600) */
	static char sb[N][200], tb[N][200];
	const char *sv[N], *tv[N];
	static const char *const city[] = {"Minsk", "Kiev", "Moskou", "Warschau", "Berlijn", "Parijs"};
	static const char *const cityen[] = {"Minsk", "Kyiv", "Moscow", "Warsaw", "Berlin", "Paris"};
	bt_aligner *a = NULL;
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	bt_links l = BT_LINKS_INIT;
	size_t n = 0, m = 0, runs_s = 0, runs_t = 0, tried = 0, linked = 0;
	/* a sentence and its translation; every fourth, two sentences the
	 * other side lacks, by turns on either side */
	for (int i = 0; i < PERIODS; i++) {
		snprintf(sb[n++], sizeof sb[0], "In %d reisde de minister met %d mensen naar %s.", 1000 + i, 30 + i % 50,
			 city[i % 6]);
		snprintf(tb[m++], sizeof tb[0], "In %d the minister travelled to %s with %d people.", 1000 + i,
			 cityen[i % 6], 30 + i % 50);
		if (i % 4 == 0) {
			snprintf(sb[n++], sizeof sb[0], "%s",
				 "Deze lange zin bleef zonder vertaling staan, want niemand heeft hem ooit omgezet.");
			snprintf(sb[n++], sizeof sb[0], "%s", "Dat vond iedereen volkomen in orde, zo werd later gezegd.");
		} else if (i % 4 == 2) {
			snprintf(tb[m++], sizeof tb[0], "%s", "A note.");
			snprintf(tb[m++], sizeof tb[0], "%s", "Another note.");
		}
	}
	for (size_t i = 0; i < n; i++)
		sv[i] = sb[i];
	for (size_t j = 0; j < m; j++)
		tv[j] = tb[j];
	o.no_default_glossary = 1;
	o.trace = moves_trace;
	moves_line[0] = 0;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK_INT(align_texts(a, &l, sv, n, tv, m), 0);
	CHECK(sscanf(moves_line, "moves: %zu source and %zu target blocks alone, %zu pairs weighed, %zu linked", &runs_s,
		     &runs_t, &tried, &linked) == 4);
	CHECK(runs_s >= PERIODS / 5 && runs_t >= PERIODS / 5); /* the case is the one meant */
	CHECK(tried <= 16 * runs_s * 4);                       /* at most 16 a block, 4 rounds */
	bt_aligner_free(a);
	bt_links_dispose(&l);
}

/* ---- calibration ---- */

/* A 1-0 link's score knows the run of 1-0 links it stands in: alone
 * between two links it is mostly a sentence that belongs to a neighbour,
 * in a block of five a deleted paragraph. Same posterior, three runs. */
static void test_calibrate_runs(void)
{
	al_params p;
	bt_links l = BT_LINKS_INIT;
	double lg = log(0.9 / 0.1), base;
	bt_al_params_default(&p);
	/* 1-1, 1-0 alone, 1-1, two 1-0, 1-1, five 1-0, then a 0-1 */
	static const int shape[][2] = {{1, 1}, {1, 0}, {1, 1}, {1, 0}, {1, 0}, {1, 1},
				       {1, 0}, {1, 0}, {1, 0}, {1, 0}, {1, 0}, {0, 1}};
	size_t i = 0, j = 0;
	for (size_t x = 0; x < sizeof shape / sizeof shape[0]; x++) {
		CHECK_INT(bt_links_push(&l, &(bt_link){i, (size_t)shape[x][0], j, (size_t)shape[x][1], 0.9, 0}), 0);
		i += (size_t)shape[x][0];
		j += (size_t)shape[x][1];
	}
	bt_al_calibrate(&l, &p, 0);
	base = p.cal_bias + p.cal_logit * lg + p.cal_null + p.cal_null_logit * lg;
	CHECK(fabs(l.v[1].score - 1 / (1 + exp(-(base + p.cal_run1)))) < 1e-12);
	CHECK(fabs(l.v[3].score - 1 / (1 + exp(-(base + p.cal_run23)))) < 1e-12);
	CHECK(l.v[3].score == l.v[4].score);
	CHECK(fabs(l.v[8].score - 1 / (1 + exp(-base))) < 1e-12);
	/* the 0-1 after the block is a run of its own side: one, and beside
	 * a sentence alone on the other side */
	CHECK(fabs(l.v[11].score - 1 / (1 + exp(-(base + p.cal_run1 + p.cal_opp)))) < 1e-12);
	CHECK(l.v[1].score < l.v[3].score && l.v[3].score < l.v[8].score);
	CHECK(fabs(l.v[0].score - 1 / (1 + exp(-(p.cal_bias + p.cal_logit * lg)))) < 1e-12);
	bt_links_dispose(&l);
}

/* Sentences that end in ':' or ';', and how much likelier the path makes
 * them to be joined with the next than other sentences. */
static void test_weak_boundaries(void)
{
	al_params p;
	al_doc d;
	al_path path = {BT_LINKS_INIT, NULL, 0, 0, 0, NULL, 0, 0};
	al_sent ss[12], ts[12];
	double want;
	CHECK_INT(bt_al_ends_weak("Er sagte:", 9, "de"), 1);
	CHECK_INT(bt_al_ends_weak("d'une part ;  \n", 15, "fr"), 1);
	CHECK_INT(bt_al_ends_weak("Zo is het.", 10, "nl"), 0);
	CHECK_INT(bt_al_ends_weak("   ", 3, "nl"), 0);
	CHECK_INT(bt_al_ends_weak("", 0, "nl"), 0);
	CHECK_INT(bt_al_ends_weak("\xce\xa4\xce\xb9;", 5, "el"), 0); /* a question */
	CHECK_INT(bt_al_ends_weak("\xce\xa4\xce\xb9;", 5, "el-GR"), 0);
	CHECK_INT(bt_al_ends_weak("x;", 2, "en"), 1);
	CHECK_INT(bt_al_ends_weak("\xe4\xbd\x86\xef\xbc\x9a", 6, "zh"), 1); /* fullwidth colon */

	/* twelve source sentences, six ending weak (0, 2, 4, 6, 8, 10): the
	 * links join 0, 2 and 4 with the next, and of the others only 7 */
	memset(&d, 0, sizeof d);
	memset(ss, 0, sizeof ss);
	memset(ts, 0, sizeof ts);
	for (int i = 0; i < 12; i += 2)
		ss[i].weak_end = 1;
	d.side[0].s = ss;
	d.side[0].n = 12;
	d.side[1].s = ts;
	d.side[1].n = 12;
	static const int shape[][2] = {{2, 1}, {2, 1}, {2, 1}, {1, 1}, {2, 1}, {1, 1}, {1, 1}, {1, 1}};
	size_t i = 0, j = 0;
	for (size_t x = 0; x < sizeof shape / sizeof shape[0]; x++) {
		CHECK_INT(bt_links_push(&path.links, &(bt_link){i, (size_t)shape[x][0], j, (size_t)shape[x][1], 0.9, 0}), 0);
		i += (size_t)shape[x][0];
		j += (size_t)shape[x][1];
	}
	CHECK(i == 12);
	bt_al_params_default(&p);
	bt_al_estimate_weak(&d, &path, &p);
	/* weak: 3 joined, 3 not; others: 1 joined (7), 5 not (1, 3, 5, 9, 11) */
	want = p.w_weak * (log((3.0 + 1) / (3 + 1)) - log((1.0 + 1) / (5 + 1)));
	CHECK(fabs(d.weak_gain[0] - want) < 1e-12);
	CHECK(d.weak_gain[0] > 0);
	/* the target side has no weak sentence: no gain */
	CHECK(d.weak_gain[1] == 0);
	/* fewer than five weak sentences say too little */
	ss[10].weak_end = ss[8].weak_end = 0;
	bt_al_estimate_weak(&d, &path, &p);
	CHECK(d.weak_gain[0] == 0);
	bt_links_dispose(&path.links);

	/* a colon before a paragraph break opens a block of its own (a
	 * command, a list): not weak; inside a paragraph it is */
	{
		static const char *const text[] = {"Geef de opdracht:", "ls -l /etc", "Er zijn twee gevallen:",
						   "het eerste en het tweede.", "Tot slot:"};
		static const unsigned para[] = {0, 1, 2, 2, 3};
		size_t len[5];
		bt_aligner *a = NULL;
		al_doc doc;
		for (int i = 0; i < 5; i++)
			len[i] = strlen(text[i]);
		bt_sentences src = {text, len, 5, NULL, para}, bare = {text, len, 5, NULL, NULL};
		CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
		memset(&doc, 0, sizeof doc);
		CHECK_INT(bt_al_doc_build(&doc, a, &src, &src), 0);
		for (int s = 0; s < 2; s++) {
			CHECK_INT(doc.side[s].s[0].weak_end, 0);
			CHECK_INT(doc.side[s].s[2].weak_end, 1);
			CHECK_INT(doc.side[s].s[4].weak_end, 1); /* the last: nothing follows */
		}
		bt_al_doc_dispose(&doc);
		/* without paragraphs every colon is weak */
		memset(&doc, 0, sizeof doc);
		CHECK_INT(bt_al_doc_build(&doc, a, &bare, &bare), 0);
		CHECK_INT(doc.side[0].s[0].weak_end, 1);
		bt_al_doc_dispose(&doc);
		bt_aligner_free(a);
	}
}

/* ---- the lexicon ---- */

/* Sentence pairs built from small word tables: every source word has one
 * translation, and the pairs mix them, so that only co-occurrence tells
 * which goes with which. */
static void lexicon_pairs(bt_lexicon *lx, int n)
{
	static const char *const nl[] = {"hond", "kat", "paard", "koe", "vogel", "vis", "boom", "huis"};
	static const char *const en[] = {"dog", "cat", "horse", "cow", "bird", "fish", "tree", "house"};
	static const char *const vn[] = {"loopt", "slaapt", "eet", "zwemt"};
	static const char *const ve[] = {"runs", "sleeps", "eats", "swims"};
	for (int k = 0; k < n; k++) {
		char s[128], t[128];
		int a = k % 8, b = (k * 3 + 1) % 8, v = (k / 8) % 4;
		snprintf(s, sizeof s, "De %s en de %s %s.", nl[a], nl[b], vn[v]);
		snprintf(t, sizeof t, "The %s and the %s %s.", en[a], en[b], ve[v]);
		CHECK_INT(bt_lexicon_add_pair(lx, s, strlen(s), t, strlen(t)), 0);
	}
}

static const char *best_translation(bt_lexicon *lx, int side, const char *w)
{
	static char buf[64];
	bt_lexicon_entry e[4];
	size_t n = 0;
	buf[0] = '\0';
	if (bt_lexicon_lookup(e, &n, lx, side, w, strlen(w), 4) == 0 && n > 0)
		snprintf(buf, sizeof buf, "%.*s", (int)e[0].len, e[0].word);
	return buf;
}

/* bt_lexicon_each() callback: puts the entries of the source forms listed
 * (NUL after each) into another lexicon, as a corpus's rows are read. */
struct copy_forms {
	bt_lexicon *to;
	const bt_buf *forms;
	size_t copied;
};

static int copy_if_form(void *ud, const char *src, size_t src_len, const bt_lexicon_entry *e)
{
	struct copy_forms *cf = ud;
	for (size_t at = 0; at < cf->forms->len; at += strlen(cf->forms->ptr + at) + 1)
		if (strlen(cf->forms->ptr + at) == src_len && memcmp(cf->forms->ptr + at, src, src_len) == 0) {
			cf->copied++;
			return bt_lexicon_put(cf->to, src, src_len, e->word, e->len, e->p_fwd, e->p_bwd, e->count);
		}
	return 0;
}

static void test_lexicon(void)
{
	bt_lexicon *lx = NULL, *back = NULL;
	bt_lexicon_opts o = BT_LEXICON_OPTS_INIT;
	bt_buf b = BT_BUF_INIT, b2 = BT_BUF_INIT;
	bt_word_links wl = BT_WORD_LINKS_INIT;
	bt_aligner *a = NULL;
	size_t n = 1;
	bt_lexicon_entry e[2];

	o.version = 0;
	CHECK_INT(bt_lexicon_new(&lx, "nl", "en", &o), BT_EUSAGE);
	CHECK_INT(bt_lexicon_new(&lx, "n l", "en", NULL), BT_EUSAGE);
	CHECK_INT(bt_lexicon_new(&lx, "nl", "en", NULL), 0);
	CHECK_INT(bt_lexicon_size(lx), 0);
	lexicon_pairs(lx, 64);
	CHECK_INT(bt_lexicon_pending(lx), 64);
	CHECK_INT(bt_lexicon_train(lx), 0);
	CHECK_INT(bt_lexicon_pending(lx), 0);
	CHECK(bt_lexicon_size(lx) > 0);
	/* forms are flattened stems: "Katten" finds "kat" through the Dutch
	 * suffix rules */
	CHECK_STR(best_translation(lx, BT_LEX_SRC, "hond"), "dog");
	CHECK_STR(best_translation(lx, BT_LEX_SRC, "Katten"), "cat");
	CHECK_STR(best_translation(lx, BT_LEX_SRC, "paard"), "horse");
	CHECK_STR(best_translation(lx, BT_LEX_TGT, "cats"), "kat");
	CHECK_STR(best_translation(lx, BT_LEX_SRC, "zwemt"), "swim");
	CHECK_INT(bt_lexicon_lookup(e, &n, lx, BT_LEX_SRC, "onbekend", 8, 2), 0);
	CHECK_INT(n, 0);
	CHECK_INT(bt_lexicon_lookup(e, &n, lx, 2, "hond", 4, 2), BT_EUSAGE);

	/* pairs added after training bring words the model has no rows for:
	 * unknown until the next training, also to an aligner using it */
	{
		static const char s[] = "De zebra en de giraf rennen.", t[] = "The zebra and the giraffe run.";
		bt_aligner *al = NULL;
		bt_links ll = BT_LINKS_INIT;
		static const char *const ss[] = {"De zebra rent.", "De giraf slaapt."};
		static const char *const tt[] = {"The zebra runs.", "The giraffe sleeps."};
		CHECK_INT(bt_lexicon_add_pair(lx, s, strlen(s), t, strlen(t)), 0);
		CHECK_STR(best_translation(lx, BT_LEX_SRC, "zebra"), "");
		CHECK_INT(bt_aligner_open(&al, "nl", "en", NULL), 0);
		CHECK_INT(bt_aligner_use_lexicon(al, lx), 0);
		CHECK_INT(align_texts(al, &ll, ss, 2, tt, 2), 0);
		CHECK(covers(&ll, 2, 2));
		bt_aligner_free(al);
		bt_links_dispose(&ll);
	}
	/* bytes: read back equal, written again identical */
	CHECK_INT(bt_lexicon_save(&b, lx), 0);
	CHECK(b.len > 104 && memcmp(b.ptr, "BTLX", 4) == 0);
	CHECK_INT(bt_lexicon_load(&back, b.ptr, b.len, "lex"), 0);
	CHECK_INT(bt_lexicon_size(back), bt_lexicon_size(lx));
	CHECK_STR(best_translation(back, BT_LEX_SRC, "vogel"), "bird");
	CHECK_INT(bt_lexicon_save(&b2, back), 0);
	CHECK(b2.len == b.len && memcmp(b.ptr, b2.ptr, b.len) == 0);
	/* a loaded lexicon learns more: its counts are the prior */
	{
		bt_lexicon_entry before[1], after[1];
		size_t n1 = 0, n2 = 0;
		CHECK_INT(bt_lexicon_lookup(before, &n1, back, BT_LEX_SRC, "hond", 4, 1), 0);
		lexicon_pairs(back, 32);
		CHECK_INT(bt_lexicon_train(back), 0);
		CHECK_INT(bt_lexicon_lookup(after, &n2, back, BT_LEX_SRC, "hond", 4, 1), 0);
		CHECK(n1 == 1 && n2 == 1 && after[0].count > before[0].count + 3);
	}
	bt_lexicon_free(back);
	back = NULL;
	/* both directions on two threads (enough pairs for it): the same
	 * model, byte for byte, and the same as before training on one */
	{
		bt_lexicon *one = NULL, *two = NULL;
		bt_buf b1 = BT_BUF_INIT, bt2 = BT_BUF_INIT;
		CHECK_INT(bt_lexicon_load(&one, b.ptr, b.len, "lex"), 0);
		CHECK_INT(bt_lexicon_load(&two, b.ptr, b.len, "lex"), 0);
		if (one && two) {
			bt_lexicon_set_threads(two, 2);
			lexicon_pairs(one, 2500);
			lexicon_pairs(two, 2500);
			CHECK_INT(bt_lexicon_train(one), 0);
			CHECK_INT(bt_lexicon_train(two), 0);
			CHECK_INT(bt_lexicon_save(&b1, one), 0);
			CHECK_INT(bt_lexicon_save(&bt2, two), 0);
			CHECK(b1.len > 104 && b1.len == bt2.len && memcmp(b1.ptr, bt2.ptr, b1.len) == 0);
			CHECK(b1.len != b.len || memcmp(b1.ptr, b.ptr, b.len) != 0); /* it learned */
		}
		bt_lexicon_free(one);
		bt_lexicon_free(two);
		bt_buf_dispose(&b1);
		bt_buf_dispose(&bt2);
	}
	/* damaged bytes: refused, with the offset */
	b.ptr[200] ^= 1;
	CHECK_INT(bt_lexicon_load(&back, b.ptr, b.len, "lex"), BT_EINPUT);
	CHECK(strstr(bt_error_last()->msg, "checksum") != NULL);
	CHECK(back == NULL);
	b.ptr[200] ^= 1;
	CHECK_INT(bt_lexicon_load(&back, b.ptr, b.len - 1, "lex"), BT_EINPUT);
	CHECK_INT(bt_lexicon_load(&back, b.ptr, 50, "lex"), BT_EINPUT);
	b.ptr[4] = 2; /* a format this version does not read */
	CHECK_INT(bt_lexicon_load(&back, b.ptr, b.len, "lex"), BT_EINPUT);
	CHECK_STR(bt_error_last()->msg, "lexicon format 2; this version of bitext reads format 1");
	CHECK_STR(bt_error_last()->file, "lex");
	CHECK_INT(bt_error_last()->byte, 4);
	CHECK_INT(bt_lexicon_load(&back, "XXXX", 4, "lex"), BT_EINPUT);

	/* word alignment: the lexicon's pairs, numbers by their digits, in
	 * source order, as byte ranges */
	{
		static const char s[] = "In 2022 liep de hond naar het huis.", t[] = "In 2022 the dog ran to the house.";
		int dog = 0, year = 0, house = 0;
		CHECK_INT(bt_lexicon_align_words(&wl, lx, s, strlen(s), t, strlen(t)), 0);
		for (size_t k = 0; k < wl.n; k++) {
			const bt_word_link *l = &wl.v[k];
			CHECK(l->src_end <= strlen(s) && l->tgt_end <= strlen(t) && l->score > 0 && l->score <= 1);
			CHECK(k == 0 || l->src_start >= wl.v[k - 1].src_end);
			dog |= strncmp(s + l->src_start, "hond", 4) == 0 && strncmp(t + l->tgt_start, "dog", 3) == 0;
			year |= strncmp(s + l->src_start, "2022", 4) == 0 && strncmp(t + l->tgt_start, "2022", 4) == 0;
			house |= strncmp(s + l->src_start, "huis", 4) == 0 && strncmp(t + l->tgt_start, "house", 5) == 0;
		}
		CHECK(dog && year && house);
		CHECK_INT(bt_lexicon_align_words(&wl, lx, "", 0, t, strlen(t)), 0);
		CHECK_INT(wl.n, 0);
	}
	/* a model kept elsewhere: the entries of a sentence's source forms,
	 * put into an empty lexicon, link its words as the whole model does */
	{
		static const char s[] = "In 2022 liep de hond naar het huis.", t[] = "In 2022 the dog ran to the house.";
		bt_lexicon *part = NULL;
		bt_buf forms = BT_BUF_INIT, saved = BT_BUF_INIT;
		bt_word_links whole = BT_WORD_LINKS_INIT, wp = BT_WORD_LINKS_INIT;
		struct copy_forms cf = {NULL, &forms, 0};
		size_t nforms = 0, size;
		CHECK_INT(bt_lexicon_forms(&forms, lx, BT_LEX_SRC, s, strlen(s)), 0);
		for (size_t at = 0; at < forms.len; at += strlen(forms.ptr + at) + 1)
			nforms++;
		CHECK_INT(nforms, 7); /* the words; 2022 matches by its digits */
		CHECK(forms.len > 4 && memcmp(forms.ptr, "in\0", 3) == 0);
		CHECK_INT(bt_lexicon_forms(&forms, lx, 2, s, strlen(s)), BT_EUSAGE);
		/* the words as the aligner sees them: the same forms, in order,
		 * their bytes, and a spelling compared alike */
		{
			bt_lexicon_words sw = BT_LEXICON_WORDS_INIT, tw = BT_LEXICON_WORDS_INIT;
			bt_buf again = BT_BUF_INIT;
			CHECK_INT(bt_lexicon_words_of(&sw, lx, BT_LEX_SRC, s, strlen(s)), 0);
			CHECK_INT(bt_lexicon_words_of(&tw, lx, BT_LEX_TGT, t, strlen(t)), 0);
			CHECK_INT(sw.n, 8);
			for (size_t i = 0; i < sw.n; i++)
				if (!sw.v[i].num)
					bt_buf_put(&again, sw.chars.ptr + sw.v[i].form_at, sw.v[i].form_len + 1);
			CHECK_INT(again.len, forms.len);
			CHECK(again.len == forms.len && memcmp(again.ptr, forms.ptr, forms.len) == 0);
			if (sw.n == 8 && tw.n == 8) {
				CHECK(sw.v[1].num && sw.v[1].start == 3 && sw.v[1].end == 7);
				CHECK_STR(sw.chars.ptr + sw.v[5].spell_at, "naar");
				CHECK(bt_lexicon_words_alike(&sw, 1, &tw, 1));  /* 2022, 2022 */
				CHECK(bt_lexicon_words_alike(&sw, 0, &tw, 0));  /* In, In */
				CHECK(!bt_lexicon_words_alike(&sw, 4, &tw, 3)); /* hond, dog */
				CHECK(!bt_lexicon_words_alike(&sw, 1, &tw, 0)); /* a number, a word */
			}
			CHECK_INT(bt_lexicon_words_of(&sw, lx, 2, s, strlen(s)), BT_EUSAGE);
			bt_lexicon_words_dispose(&sw);
			bt_lexicon_words_dispose(&tw);
			bt_buf_dispose(&again);
		}
		CHECK_INT(bt_lexicon_new(&part, "nl", "en", NULL), 0);
		cf.to = part;
		CHECK_INT(bt_lexicon_each(lx, copy_if_form, &cf), 0);
		CHECK(cf.copied > 0 && cf.copied < bt_lexicon_size(lx));
		CHECK_INT(bt_lexicon_align_words(&whole, lx, s, strlen(s), t, strlen(t)), 0);
		CHECK_INT(bt_lexicon_align_words(&wp, part, s, strlen(s), t, strlen(t)), 0);
		CHECK(whole.n > 0);
		CHECK_INT(wp.n, whole.n);
		for (size_t k = 0; k < wp.n && k < whole.n; k++)
			CHECK(memcmp(&wp.v[k], &whole.v[k], sizeof wp.v[k]) == 0);
		CHECK_INT(bt_lexicon_size(part), cf.copied);
		/* refused: a probability out of range, the empty word */
		CHECK_INT(bt_lexicon_put(part, "a", 1, "b", 1, 1.5, 0, 0), BT_EUSAGE);
		CHECK_INT(bt_lexicon_put(part, "", 0, "b", 1, 0.5, 0.5, 0), BT_EUSAGE);
		/* put twice, kept once; sorted at the next use, not saved before */
		size = bt_lexicon_size(part);
		CHECK_INT(bt_lexicon_put(part, "zzz", 3, "yyy", 3, 0.5, 0.5, 1), 0);
		CHECK_INT(bt_lexicon_put(part, "zzz", 3, "yyy", 3, 0.5, 0.5, 1), 0);
		CHECK_INT(bt_lexicon_save(&saved, part), BT_EUSAGE);
		CHECK_INT(bt_lexicon_each(part, copy_if_form, &cf), BT_EUSAGE);
		CHECK_INT(bt_lexicon_align_words(&wp, part, s, strlen(s), t, strlen(t)), 0);
		CHECK_INT(bt_lexicon_size(part), size + 1);
		CHECK_INT(bt_lexicon_save(&saved, part), 0);
		bt_buf_dispose(&forms);
		bt_buf_dispose(&saved);
		bt_word_links_dispose(&whole);
		bt_word_links_dispose(&wp);
		bt_lexicon_free(part);
	}
	/* beyond max_pairs the pairs are thinned evenly, every second kept */
	{
		bt_lexicon *small = NULL;
		bt_lexicon_opts so = BT_LEXICON_OPTS_INIT;
		so.max_pairs = 10;
		CHECK_INT(bt_lexicon_new(&small, "nl", "en", &so), 0);
		lexicon_pairs(small, 100);
		CHECK(bt_lexicon_pending(small) >= 5 && bt_lexicon_pending(small) <= 10);
		CHECK_INT(bt_lexicon_train(small), 0);
		CHECK_INT(bt_lexicon_pending(small), 0);
		CHECK(bt_lexicon_size(small) > 0);
		bt_lexicon_free(small);
	}
	/* the aligner takes a lexicon of its languages only */
	CHECK_INT(bt_aligner_open(&a, "de", "fr", NULL), 0);
	CHECK_INT(bt_aligner_use_lexicon(a, lx), BT_EUSAGE);
	bt_aligner_free(a);
	CHECK_INT(bt_aligner_open(&a, "NL", "en", NULL), 0);
	CHECK_INT(bt_aligner_use_lexicon(a, lx), 0);
	CHECK_INT(bt_aligner_use_lexicon(a, NULL), 0);
	bt_aligner_free(a);
	bt_word_links_dispose(&wl);
	bt_buf_dispose(&b);
	bt_buf_dispose(&b2);
	bt_lexicon_free(lx);
	bt_lexicon_free(NULL);
}

/* ---- the corpus ---- */

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

static void test_corpus(void)
{
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_aligner *a = NULL, *b = NULL;
	bt_corpus_align_opts ao = BT_CORPUS_ALIGN_OPTS_INIT;
	bt_corpus_align_result res;
	char db[700];
	static const char src[] = " date 2023-02 Loekasjenko sprak met de BBC. Hij dreigde met kernwapens.\n\n"
				  "Kernwapens\n\nDat zei hij op 24 februari.\n";
	static const char tgt[] = "Lukashenko spoke to the BBC. He threatened to use nuclear weapons.\n\n"
				  "Nuclear weapons\n\nHe said so on 24 February.\n";
	snprintf(db, sizeof db, "%s", path_in("c.db"));
	write_file("a.nl", src, strlen(src));
	write_file("a.en", tgt, strlen(tgt));
	co.create = 1;
	CHECK_INT(bt_corpus_open(&c, db, &co), 0);
	CHECK_INT(bt_corpus_add(NULL, c, "a", path_in("a.nl"), path_in("a.en"), NULL), 0);
	CHECK_INT(bt_corpus_add(NULL, c, "b", path_in("a.nl"), path_in("a.en"), NULL), 0);
	CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
	CHECK_INT(bt_corpus_align(&res, c, a, NULL), 0);
	CHECK_INT(res.pairs, 2);
	CHECK_INT(res.links, 8);
	CHECK_INT(count(db, "SELECT count(*) FROM links"), 8);
	CHECK_INT(count(db, "SELECT count(*) FROM links WHERE pair_id = 'a' AND src_n = 1 AND tgt_n = 1"), 4);
	CHECK_INT(count(db, "SELECT count(*) FROM links WHERE score < 0 OR score > 1"), 0);
	CHECK_INT(count(db, "SELECT tgt_first FROM links WHERE pair_id = 'a' AND ordinal = 2"), 2);
	/* again, one pair: replaced, not added */
	ao.pair_id = "a";
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
	CHECK_INT(res.pairs, 1);
	CHECK_INT(count(db, "SELECT count(*) FROM links"), 8);
	/* an unknown pair */
	ao.pair_id = "nope";
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), BT_ENOTFOUND);
	CHECK_INT(res.pairs, 0);
	/* a failed commit leaves the earlier links as they were */
	ao.pair_id = NULL;
	{
		sqlite3 *h;
		sqlite3_open(db, &h);
		sqlite3_exec(h, "UPDATE links SET score = 0.125", NULL, NULL, NULL);
		sqlite3_close(h);
	}
#ifdef BITEXT_TESTING
	CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, "commit"), 0);
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), BT_EDB);
	CHECK_INT(bt_test_control(BT_TESTCTRL_FAULT, NULL), 0);
	CHECK_INT(count(db, "SELECT count(*) FROM links WHERE score = 0.125"), 8);
#endif
	/* an aligner for other languages is refused */
	CHECK_INT(bt_aligner_open(&b, "de", "fr", NULL), 0);
	CHECK_INT(bt_corpus_align(&res, c, b, &ao), BT_EUSAGE);
	bt_aligner_free(b);
	/* the corpus glossary joins the aligner's */
	{
		sqlite3 *h;
		size_t before = bt_aligner_glossary_size(a);
		sqlite3_open(db, &h);
		sqlite3_exec(h,
			     "INSERT INTO glossary(src_lang, tgt_lang, src, tgt, origin) VALUES"
			     " ('nl','en','kalium','potash','t'), ('en','nl','spokesman','woordvoerder','t'),"
			     " ('de','fr','Haus','maison','t')",
			     NULL, NULL, NULL);
		sqlite3_close(h);
		CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
		CHECK_INT(bt_aligner_glossary_size(a), before + 2);
		CHECK(has_translation(a->dict, "woordvoerder", "spokesman"));
	}
	bt_aligner_free(a);
	bt_corpus_free(c);
}

/* The corpus's word model in bt_corpus_align (opts.word_model): a first
 * align without any glossary that writes 500 links or more learns it and
 * aligns again in the same call; the next uses it at once; a lexicon the
 * caller gave the aligner stays, and word_model 0 leaves it out. */
static void test_corpus_word_model(void)
{
	static const char *const city[] = {"Minsk", "Kiev", "Moskou", "Warschau", "Berlijn", "Parijs"};
	static const char *const cityen[] = {"Minsk", "Kyiv", "Moscow", "Warsaw", "Berlin", "Paris"};
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_aligner_opts o = BT_ALIGNER_OPTS_INIT;
	bt_aligner *a = NULL;
	bt_lexicon *mine = NULL;
	bt_corpus_align_opts ao = BT_CORPUS_ALIGN_OPTS_INIT;
	bt_corpus_align_result res;
	bt_buf s = BT_BUF_INIT, t = BT_BUF_INIT;
	char db[700];
	for (int i = 0; i < 600; i++) {
		CHECK_INT(bt_buf_printf(&s, "In %d reisde de minister met %d mensen naar %s.\n\n", 1400 + i, 10 + i % 97,
					city[i % 6]),
			  0);
		CHECK_INT(bt_buf_printf(&t, "In %d the minister travelled to %s with %d people.\n\n", 1400 + i,
					cityen[i % 6], 10 + i % 97),
			  0);
	}
	write_file("w.nl", s.ptr, s.len);
	write_file("w.en", t.ptr, t.len);
	snprintf(db, sizeof db, "%s", path_in("w.db"));
	co.create = 1;
	CHECK_INT(bt_corpus_open(&c, db, &co), 0);
	CHECK_INT(bt_corpus_add(NULL, c, "w", path_in("w.nl"), path_in("w.en"), NULL), 0);
	o.no_default_glossary = 1;
	CHECK_INT(bt_aligner_open(&a, "nl", "en", &o), 0);
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
	CHECK(res.relearned == 1 && res.word_model == 1);
	CHECK_INT(res.first_links, 600);
	CHECK_INT(res.links, 600);
	CHECK(res.model_links == 600 && res.model_pairs > 0);
	CHECK(bt_aligner_lexicon(a) == NULL); /* the model was the call's */
	CHECK_INT(count(db, "SELECT count(*) FROM links WHERE src_n = 1 AND tgt_n = 1 AND src_first = tgt_first"), 600);
	CHECK_INT(count(db, "SELECT count(*) FROM history WHERE what = 'align'"), 2);
	/* the next align uses the model it has, once */
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
	CHECK(res.relearned == 0 && res.word_model == 1 && res.model_links == 1200);
	/* without it */
	ao.word_model = 0;
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
	CHECK(res.relearned == 0 && res.word_model == 0 && res.model_links == 0);
	/* a lexicon of the caller's is kept, and the corpus's not used */
	ao.word_model = 1;
	CHECK_INT(bt_lexicon_new(&mine, "nl", "en", NULL), 0);
	CHECK_INT(bt_aligner_use_lexicon(a, mine), 0);
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
	CHECK(res.word_model == 0 && bt_aligner_lexicon(a) == mine);
	bt_aligner_use_lexicon(a, NULL);
	bt_lexicon_free(mine);
	bt_aligner_free(a);
	/* with a glossary too; from fewer than 500 links the first align
	 * stays one */
	bt_corpus_free(c);
	remove(db);
	CHECK_INT(bt_corpus_open(&c, db, &co), 0);
	CHECK_INT(bt_corpus_add(NULL, c, "w", path_in("w.nl"), path_in("w.en"), NULL), 0);
	CHECK_INT(bt_corpus_add(NULL, c, "v", path_in("w.nl"), path_in("w.en"), NULL), 0);
	CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
	ao.pair_id = "w";
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
	CHECK(res.relearned == 1 && res.word_model == 1 && res.model_links == 600);
	bt_aligner_free(a);
	bt_corpus_free(c);
	remove(db);
	CHECK_INT(bt_corpus_open(&c, db, &co), 0);
	CHECK_INT(bt_corpus_add(NULL, c, "d", path_in("a.nl"), path_in("a.en"), NULL), 0);
	CHECK_INT(bt_aligner_open(&a, "nl", "en", NULL), 0);
	ao.pair_id = NULL;
	CHECK_INT(bt_corpus_align(&res, c, a, &ao), 0);
	CHECK(res.relearned == 0 && res.word_model == 0 && res.links > 0);
	CHECK_INT(count(db, "SELECT count(*) FROM history WHERE what = 'align'"), 1);
	bt_aligner_free(a);
	bt_corpus_free(c);
	bt_buf_dispose(&s);
	bt_buf_dispose(&t);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 99;
	test_dict();
	test_tokens();
	test_eval();
	test_align_small();
	test_align_bad_input();
	test_linear();
	test_threads();
	test_pool_errors();
	test_glossaries_threads();
	test_aligner_options();
	test_aligner_opts_version();
	test_lexicon();
	test_moves();
	test_moves_linear();
	test_calibrate_runs();
	test_weak_boundaries();
	test_corpus();
	test_corpus_word_model();
	{
		char cmd[700];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	TEST_END();
}
