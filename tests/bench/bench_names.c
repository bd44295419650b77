/* bench_names.c: how good and how fast the name keys are, on the
 * development set ../shared/names/names.tsv (issue 5).
 *
 *   bench_names [-v] [--gate] [NAMES_TSV [FORMS_TSV]]
 *
 * Defaults: $BITEXT_SHARED/names/names.tsv and
 * $BITEXT_SOURCE/tests/bench/names_forms.tsv. Exit 77 when names.tsv is
 * not there.
 *
 * A variant is one non-empty cell of the columns cyrillic, nl, en, de, fr,
 * pl, keyed in that column's language (the Cyrillic column as ru: the script
 * decides), counted once per (entity, language, spelling). Pairs of variants:
 *   A  same entity, same name form, same number of words: the
 *      transliteration question. Shared when the keys are equal.
 *   B  same entity, same name form, a full name and a surname alone
 *      (Serhiy Nayev / Nayev). Shared when equal or when the surname's key
 *      is the full name's last word (BT_NAMEREL_SURNAME).
 *   C  same entity, different forms, or an exonym or translation
 *      (names_forms.tsv): excluded from recall, as the issue says; counted.
 *   D  different entities: every shared key here is a false merge.
 * Recall = shared / pairs over A and B (and over A alone); precision = the
 * share of equal-key pairs (and of SURNAME pairs) that are the same entity.
 * --gate fails (exit 1) unless recall A+B and recall A are at least 0.95
 * and no pair of different entities shares a key. -v lists the pairs that
 * count against the figures. */

#include "bitext-core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_VARIANTS 1024

typedef struct variant {
	char entity[64], lang[8], text[256], form[64], key[512];
	int words;
} variant;

static variant vs[MAX_VARIANTS];
static size_t nvs;

typedef struct formrow {
	char entity[64], text[256], form[64];
} formrow;
static formrow forms[512];
static size_t nforms;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Splits line at tabs into at most n fields (in place); returns the count. */
static int split(char *line, char **f, int n)
{
	int k = 0;
	char *p = line;
	while (k < n) {
		char *t = strchr(p, '\t');
		f[k++] = p;
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return k;
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
}

static int load_forms(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *fl[4];
		chomp(line);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (split(line, fl, 4) < 3 || nforms == sizeof forms / sizeof forms[0]) {
			fprintf(stderr, "%s: bad line: %s\n", path, line);
			fclose(f);
			return -1;
		}
		snprintf(forms[nforms].entity, sizeof forms[0].entity, "%s", fl[0]);
		snprintf(forms[nforms].text, sizeof forms[0].text, "%s", fl[1]);
		snprintf(forms[nforms].form, sizeof forms[0].form, "%s", fl[2]);
		nforms++;
	}
	fclose(f);
	return 0;
}

static const char *form_of(const char *entity, const char *text)
{
	for (size_t i = 0; i < nforms; i++)
		if (strcmp(forms[i].entity, entity) == 0 && strcmp(forms[i].text, text) == 0)
			return forms[i].form;
	return "name";
}

static int words_in(const char *key)
{
	int n = 1;
	for (; *key; key++)
		n += *key == ' ';
	return n;
}

static int load_names(const char *path)
{
	static const char *const langs[] = {"ru", "nl", "en", "de", "fr", "pl"};
	FILE *f = fopen(path, "r");
	char line[2048];
	int lineno = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		char *fl[7];
		int n;
		chomp(line);
		if (++lineno == 1 || line[0] == '\0')
			continue; /* header */
		n = split(line, fl, 7);
		for (int c = 1; c < n; c++) {
			size_t i;
			if (!fl[c][0])
				continue;
			for (i = 0; i < nvs; i++)
				if (strcmp(vs[i].entity, fl[0]) == 0 && strcmp(vs[i].lang, langs[c - 1]) == 0 &&
				    strcmp(vs[i].text, fl[c]) == 0)
					break;
			if (i < nvs)
				continue;
			if (nvs == MAX_VARIANTS) {
				fclose(f);
				return -2;
			}
			snprintf(vs[nvs].entity, sizeof vs[0].entity, "%s", fl[0]);
			snprintf(vs[nvs].lang, sizeof vs[0].lang, "%s", langs[c - 1]);
			snprintf(vs[nvs].text, sizeof vs[0].text, "%s", fl[c]);
			snprintf(vs[nvs].form, sizeof vs[0].form, "%s", form_of(fl[0], fl[c]));
			nvs++;
		}
	}
	fclose(f);
	return 0;
}

static int excluded_form(const char *form)
{
	return strncmp(form, "exonym", 6) == 0 || strncmp(form, "translated", 10) == 0;
}

static void show(const char *what, const variant *a, const variant *b)
{
	printf("  %-22s %s %s \"%s\" [%s]  ~  %s %s \"%s\" [%s]\n", what, a->entity, a->lang, a->text,
	       a->key, b->entity, b->lang, b->text, b->key);
}

int main(int argc, char **argv)
{
	const char *names_path = NULL, *forms_path = NULL, *env;
	char defnames[4096], defforms[4096];
	int verbose = 0, gate = 0, rc = 0;
	long a_n = 0, a_ok = 0, b_n = 0, b_ok = 0, c_n = 0, c_same = 0, c_close = 0;
	long d_n = 0, d_same = 0, d_surname = 0, d_close = 0, same_entity_same = 0, e_close = 0;
	bt_namer *nm = NULL;
	bt_buf out = BT_BUF_INIT;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--gate") == 0)
			gate = 1;
		else if (!names_path)
			names_path = argv[i];
		else
			forms_path = argv[i];
	}
	if (!names_path) {
		env = getenv("BITEXT_SHARED");
		snprintf(defnames, sizeof defnames, "%s/names/names.tsv", env ? env : "../shared");
		names_path = defnames;
	}
	if (!forms_path) {
		env = getenv("BITEXT_SOURCE");
		snprintf(defforms, sizeof defforms, "%s/tests/bench/names_forms.tsv", env ? env : ".");
		forms_path = defforms;
	}
	if (load_forms(forms_path) != 0)
		return 2;
	rc = load_names(names_path);
	if (rc == -1) {
		printf("bench_names: %s not found: skipped\n", names_path);
		return 77;
	}
	if (rc != 0) {
		fprintf(stderr, "bench_names: more than %d variants\n", MAX_VARIANTS);
		return 2;
	}
	if (bt_namer_open(&nm) != 0)
		return 2;
	for (size_t i = 0; i < nvs; i++) {
		if (bt_namer_key(&out, nm, vs[i].text, strlen(vs[i].text), vs[i].lang, 0) != 0) {
			fprintf(stderr, "bench_names: %s \"%s\": %s\n", vs[i].lang, vs[i].text,
				bt_error_last()->msg);
			return 2;
		}
		snprintf(vs[i].key, sizeof vs[i].key, "%s", out.ptr);
		vs[i].words = words_in(vs[i].key);
	}

	if (verbose)
		printf("Pairs that count against the figures:\n");
	for (size_t i = 0; i < nvs; i++)
		for (size_t j = i + 1; j < nvs; j++) {
			const variant *a = &vs[i], *b = &vs[j];
			int r = bt_name_key_relate(a->key, strlen(a->key), b->key, strlen(b->key));
			if (strcmp(a->entity, b->entity) != 0) {
				d_n++;
				d_same += r == BT_NAMEREL_SAME;
				d_surname += r == BT_NAMEREL_SURNAME;
				d_close += r == BT_NAMEREL_CLOSE;
				if (verbose && (r == BT_NAMEREL_SAME || r == BT_NAMEREL_SURNAME))
					show("FALSE MERGE", a, b);
				continue;
			}
			same_entity_same += r == BT_NAMEREL_SAME;
			e_close += r == BT_NAMEREL_CLOSE;
			if (strcmp(a->form, b->form) != 0 || excluded_form(a->form)) {
				c_n++;
				c_same += r == BT_NAMEREL_SAME;
				c_close += r == BT_NAMEREL_CLOSE;
			} else if (a->words == b->words) {
				a_n++;
				a_ok += r == BT_NAMEREL_SAME;
				if (verbose && r != BT_NAMEREL_SAME)
					show(r == BT_NAMEREL_CLOSE ? "missed (close)" : "missed", a, b);
			} else {
				b_n++;
				b_ok += r == BT_NAMEREL_SAME || r == BT_NAMEREL_SURNAME;
				if (verbose && !(r == BT_NAMEREL_SAME || r == BT_NAMEREL_SURNAME))
					show("missed surname", a, b);
			}
		}

	{
		double rec_ab = a_n + b_n ? (double)(a_ok + b_ok) / (double)(a_n + b_n) : 0;
		double rec_a = a_n ? (double)a_ok / (double)a_n : 0;
		long same_total = same_entity_same + d_same;
		double prec = same_total ? (double)same_entity_same / (double)same_total : 0;
		double prec_sur = same_total + d_surname
					  ? (double)(same_entity_same + b_ok) /
						    (double)(same_entity_same + b_ok + d_same + d_surname)
					  : 0;
		printf("names: %s\n", names_path);
		printf("variants: %zu (entity, language, spelling); forms: %s\n", nvs, forms_path);
		printf("recall A+B (issue 5, exonyms excepted): %.4f  (%ld of %ld pairs)\n", rec_ab,
		       a_ok + b_ok, a_n + b_n);
		printf("  A same name, same form:   %.4f  (%ld of %ld)\n", rec_a, a_ok, a_n);
		printf("  B full name and surname:  %.4f  (%ld of %ld, by the surname's key)\n",
		       b_n ? (double)b_ok / (double)b_n : 0, b_ok, b_n);
		printf("  C excluded (exonyms, translations, other forms): %ld pairs, %ld share a key, %ld close\n",
		       c_n, c_same, c_close);
		printf("recall over all same-entity pairs, equal keys only: %.4f  (%ld of %ld)\n",
		       a_n + b_n + c_n ? (double)same_entity_same / (double)(a_n + b_n + c_n) : 0,
		       same_entity_same, a_n + b_n + c_n);
		printf("precision, equal keys: %.4f  (%ld false merges in %ld pairs of different entities)\n",
		       prec, d_same, d_n);
		printf("precision, equal keys or surname: %.4f  (%ld false surname matches)\n", prec_sur,
		       d_surname);
		printf("review suggestions (close keys): %ld same entity, %ld different entities\n", e_close,
		       d_close);
		if (gate) {
			int ok = rec_ab >= 0.95 && rec_a >= 0.95 && d_same == 0 && d_surname == 0;
			printf("gate: recall A+B >= 0.95, recall A >= 0.95, no false merge: %s\n",
			       ok ? "pass" : "FAIL");
			printf("%d passed, %d failed\n", ok ? 1 : 0, ok ? 0 : 1);
			rc = ok ? 0 : 1;
		}
	}

	/* Speed: keys per second over the variants, with the word cache warm
	 * (what the aligner sees: names repeat), and with every word new (a
	 * number appended, so each one runs the ICU passes). */
	{
		const int rounds = 200;
		long n = 0;
		double t0 = now(), warm, cold;
		char buf[300];
		for (int r = 0; r < rounds; r++)
			for (size_t i = 0; i < nvs; i++, n++)
				bt_namer_key(&out, nm, vs[i].text, strlen(vs[i].text), vs[i].lang, 0);
		warm = (double)n / (now() - t0);
		n = 0;
		t0 = now();
		for (int r = 0; r < 20; r++)
			for (size_t i = 0; i < nvs; i++, n++) {
				int len = snprintf(buf, sizeof buf, "%s%d", vs[i].text, r);
				bt_namer_key(&out, nm, buf, (size_t)len, vs[i].lang, 0);
			}
		cold = (double)n / (now() - t0);
		printf("speed: %.0f keys/s with the word cache warm, %.0f keys/s for new words\n", warm, cold);
	}
	bt_buf_dispose(&out);
	bt_namer_free(nm);
	return rc;
}
