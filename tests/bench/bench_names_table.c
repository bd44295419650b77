/* bench_names_table.c: how good the name table is on the sample corpus
 * (issue 5), against the hand-made list corpus/gold/names.tsv.
 *
 *   bench_names_table [-v] [--gate] [CORPUS_DIR [GOLD_TSV [SCRIPTS_DIR]]]
 *
 * Defaults: $BITEXT_SOURCE/corpus, $BITEXT_SOURCE/corpus/gold/names.tsv
 * and $BITEXT_SOURCE/corpus/gold/scripts (else corpus/ in the current
 * folder). The corpus and the scripts text (a pair that quotes Belarusian,
 * Ukrainian and Russian forms in Cyrillic; its own names.tsv and
 * forms.tsv) are imported into a fresh database in a temporary folder,
 * aligned with bitext's aligner, and the table built from it
 * (bt_names_build), as `bitext import corpus && bitext align && bitext
 * names` would.
 *
 * A gold row is (entity, nl, en): a Dutch spelling and its English form.
 *   found      the table has the Dutch spelling and the English form in one
 *              cluster: every gold name with its English form (recall)
 *   suggested  of the rows not found, those whose English form is in a
 *              cluster that the Dutch spelling's row names under review
 *   detected   the Dutch spelling (and the English form) is in the table
 * Pairs: every two gold spellings (either language) of one cluster are a
 * pair; a pair of two entities is a false merge. Pairwise precision =
 * same-entity pairs / pairs; pairwise recall = same-entity pairs / pairs of
 * spellings that gold gives one entity. Clusters without any gold spelling
 * are counted as "other" (organizations, media: not in the gold list).
 * Tags: every gold spelling found in the table has its language (nl, en)
 * or, for the Cyrillic forms of forms.tsv, the tag gold gives it (be, uk,
 * ru); a Cyrillic form is in its entity's concept when its cluster holds a
 * Latin spelling of that entity.
 * --gate fails (exit 1) unless found >= 0.95 of the rows, no false merge,
 * every detected form rightly tagged, and the type (the optional fourth
 * gold column) right for >= 0.90 of the detected rows.
 * -v lists the rows not found, the false merges and the other clusters. */
#include "bitext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_GOLD 512
#define MAX_ROWS 4096

typedef struct gold {
	char entity[64], nl[128], en[128], type[16];
} gold;
static gold golds[MAX_GOLD];
static size_t ngold;

typedef struct gform {
	char entity[64], form[128], tag[16];
} gform;
static gform gforms[MAX_GOLD];
static size_t nforms;

typedef struct trow {
	size_t cluster;
	char lang[16], variant[128], review[128], type[16];
} trow;
static trow rows[MAX_ROWS];
static size_t nrows;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_row(void *ud, const bt_names_row *r)
{
	(void)ud;
	if (nrows == MAX_ROWS)
		return 1;
	rows[nrows].cluster = r->cluster;
	snprintf(rows[nrows].lang, sizeof rows[nrows].lang, "%s", r->lang);
	snprintf(rows[nrows].variant, sizeof rows[nrows].variant, "%s", r->variant);
	snprintf(rows[nrows].review, sizeof rows[nrows].review, "%s", r->review);
	snprintf(rows[nrows].type, sizeof rows[nrows].type, "%s", r->type);
	nrows++;
	return 0;
}

static const trow *row_of(const char *lang, const char *variant)
{
	for (size_t i = 0; i < nrows; i++)
		if (strcmp(rows[i].lang, lang) == 0 && strcmp(rows[i].variant, variant) == 0)
			return &rows[i];
	return NULL;
}

/* The gold entity of a spelling, or NULL. */
static const char *entity_of(const char *lang, const char *variant)
{
	for (size_t i = 0; i < ngold; i++)
		if (strcmp(strcmp(lang, "nl") == 0 ? golds[i].nl : golds[i].en, variant) == 0)
			return golds[i].entity;
	for (size_t i = 0; i < nforms; i++)
		if (strcmp(gforms[i].form, variant) == 0)
			return gforms[i].entity;
	return NULL;
}

static int in_list(const char *list, size_t n)
{
	char want[32];
	size_t wl = (size_t)snprintf(want, sizeof want, "%zu", n);
	for (const char *p = list; *p;) {
		size_t l = strcspn(p, ",");
		if (l == wl && memcmp(p, want, l) == 0)
			return 1;
		p += l + (p[l] == ',');
	}
	return 0;
}

static int has_row(const char *nl, const char *en)
{
	for (size_t i = 0; i < ngold; i++)
		if (strcmp(golds[i].nl, nl) == 0 && strcmp(golds[i].en, en) == 0)
			return 1;
	return 0;
}

/* forms.tsv: entity, form, tag; a missing file is no forms. */
static int read_forms(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int header = 1;
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f)) {
		char *a = line, *b, *c;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		if (!(b = strchr(a, '\t')) || !(c = strchr(b + 1, '\t')) || nforms == MAX_GOLD) {
			fprintf(stderr, "bench_names_table: %s: bad row '%s'\n", path, line);
			fclose(f);
			return -1;
		}
		*b++ = '\0', *c++ = '\0';
		snprintf(gforms[nforms].entity, sizeof gforms[nforms].entity, "%.63s", a);
		snprintf(gforms[nforms].form, sizeof gforms[nforms].form, "%.127s", b);
		snprintf(gforms[nforms].tag, sizeof gforms[nforms].tag, "%.15s", c);
		nforms++;
	}
	fclose(f);
	return 0;
}

/* Is the gold spelling v tagged `tag` in the table, and under no other
 * tag than the corpus's languages? 1 right, 0 wrong, -1 not in the table. */
static int tag_right(const char *v, const char *tag)
{
	int seen = 0, right = 1;
	for (size_t i = 0; i < nrows; i++) {
		if (strcmp(rows[i].variant, v) != 0)
			continue;
		if (strcmp(rows[i].lang, tag) == 0)
			seen = 1;
		else if (strcmp(rows[i].lang, "nl") != 0 && strcmp(rows[i].lang, "en") != 0)
			right = 0;
	}
	return seen ? right : (right ? -1 : 0);
}

/* Does cluster k hold a Latin gold spelling of entity e? */
static int cluster_has(size_t k, const char *e)
{
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].cluster == k && (strcmp(rows[i].lang, "nl") == 0 || strcmp(rows[i].lang, "en") == 0)) {
			const char *ei = entity_of(rows[i].lang, rows[i].variant);
			if (ei && strcmp(ei, e) == 0)
				return 1;
		}
	return 0;
}

typedef struct tag_counts {
	size_t forms, detected, right, cyr, cyr_in, cyr_review;
} tag_counts;

/* The language tags of every gold spelling, and where the Cyrillic forms
 * went: into their entity's concept, or offered for review with it. */
static tag_counts count_tags(int verbose)
{
	tag_counts n = {0};
	for (size_t i = 0; i < ngold; i++)
		for (int l = 0; l < 2; l++) {
			int r = tag_right(l ? golds[i].en : golds[i].nl, l ? "en" : "nl");
			n.forms++;
			n.detected += r >= 0;
			n.right += r == 1;
			if (verbose && r == 0)
				printf("  tag: %s is not only %s\n", l ? golds[i].en : golds[i].nl, l ? "en" : "nl");
		}
	for (size_t i = 0; i < nforms; i++) {
		int r = tag_right(gforms[i].form, gforms[i].tag);
		const trow *t = row_of(gforms[i].tag, gforms[i].form);
		n.forms++, n.cyr++;
		n.detected += r >= 0;
		n.right += r == 1;
		if (verbose && r != 1)
			printf("  tag: %s is not %s%s\n", gforms[i].form, gforms[i].tag, r < 0 ? " (not in the table)" : "");
		if (!t)
			continue;
		if (cluster_has(t->cluster, gforms[i].entity)) {
			n.cyr_in++;
			continue;
		}
		for (const char *p = t->review; *p;) {
			size_t k = strtoul(p, NULL, 10), l = strcspn(p, ",");
			if (cluster_has(k, gforms[i].entity)) {
				n.cyr_review++;
				break;
			}
			p += l + (p[l] == ',');
		}
		if (verbose)
			printf("  Cyrillic form %s is not in the concept of %s\n", gforms[i].form, gforms[i].entity);
	}
	return n;
}

static int read_gold(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	int header = 1;
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f)) {
		char *a = line, *b, *c, *d;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (header) {
			header = 0;
			continue;
		}
		if (!(b = strchr(a, '\t')) || !(c = strchr(b + 1, '\t')) || ngold == MAX_GOLD) {
			fprintf(stderr, "bench_names_table: %s: bad row '%s'\n", path, line);
			fclose(f);
			return -1;
		}
		*b++ = '\0', *c++ = '\0';
		if ((d = strchr(c, '\t')) != NULL)
			*d++ = '\0';
		if (has_row(b, c))
			continue; /* the scripts text names some of the corpus's names */
		golds[ngold].type[0] = '\0';
		if (d)
			snprintf(golds[ngold].type, sizeof golds[ngold].type, "%.15s", d);
		snprintf(golds[ngold].entity, sizeof golds[ngold].entity, "%.63s", a);
		snprintf(golds[ngold].nl, sizeof golds[ngold].nl, "%.127s", b);
		snprintf(golds[ngold].en, sizeof golds[ngold].en, "%.127s", c);
		ngold++;
	}
	fclose(f);
	return 0;
}

static void fail_lib(const char *what)
{
	const bt_error *e = bt_error_last();
	fprintf(stderr, "bench_names_table: %s: %s%s%s\n", what, e->file, e->file[0] ? ": " : "", e->msg);
}

int main(int argc, char **argv)
{
	const char *corpus_dir = NULL, *gold_path = NULL, *scripts = NULL, *env = getenv("BITEXT_SOURCE");
	char dflt_corpus[4096], dflt_gold[4200], dflt_scripts[4200], sgold[4300], sforms[4300];
	char tmpl[] = "/tmp/bt_names_table_XXXXXX", db[4200];
	int verbose = 0, gate = 0, rc = 0;
	bt_corpus *c = NULL;
	bt_corpus_opts co = BT_CORPUS_OPTS_INIT;
	bt_import_result ir;
	bt_aligner *al = NULL;
	bt_corpus_align_result ar;
	bt_names_table *t = NULL;
	bt_names_result nr;
	double t0, t1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--gate") == 0)
			gate = 1;
		else if (!corpus_dir)
			corpus_dir = argv[i];
		else if (!gold_path)
			gold_path = argv[i];
		else
			scripts = argv[i];
	}
	snprintf(dflt_corpus, sizeof dflt_corpus, "%s%scorpus", env ? env : "", env ? "/" : "");
	if (!corpus_dir)
		corpus_dir = dflt_corpus;
	snprintf(dflt_gold, sizeof dflt_gold, "%s/gold/names.tsv", corpus_dir);
	if (!gold_path)
		gold_path = dflt_gold;
	snprintf(dflt_scripts, sizeof dflt_scripts, "%s/gold/scripts", corpus_dir);
	if (!scripts)
		scripts = dflt_scripts;
	snprintf(sgold, sizeof sgold, "%s/names.tsv", scripts);
	snprintf(sforms, sizeof sforms, "%s/forms.tsv", scripts);
	if (read_gold(gold_path) != 0 || read_gold(sgold) != 0 || read_forms(sforms) != 0) {
		fprintf(stderr, "bench_names_table: cannot read %s or %s\n", gold_path, scripts);
		return 2;
	}
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(db, sizeof db, "%s/names.db", tmpl);
	co.create = 1, co.src_lang = "nl", co.tgt_lang = "en";
	t0 = now();
	if (bt_corpus_open(&c, db, &co) != 0) {
		fail_lib("open");
		rc = 2;
		goto done;
	}
	if (bt_corpus_import(&ir, c, corpus_dir, NULL) != 0) {
		fail_lib("import");
		rc = 2;
		goto done;
	}
	{
		bt_import_result sr;
		if (bt_corpus_import(&sr, c, scripts, NULL) != 0) {
			fail_lib("import");
			rc = 2;
			goto done;
		}
		ir.added += sr.added;
	}
	if (bt_aligner_open(&al, "nl", "en", NULL) != 0 || bt_corpus_align(&ar, c, al, NULL) != 0) {
		fail_lib("align");
		rc = 2;
		goto done;
	}
	t1 = now();
	if (bt_names_build(&t, &nr, c, NULL) != 0) {
		fail_lib("names");
		rc = 2;
		goto done;
	}
	printf("corpus: %zu pairs, %zu links; import and align %.3f s; table %.3f s\n", ir.added, ar.links, t1 - t0,
	       now() - t1);
	bt_names_each(t, on_row, NULL);
	printf("table: %zu occurrences, %zu variants, %zu clusters, %zu with review suggestions\n", nr.occurrences,
	       nr.variants, nr.clusters, nr.review);
	{
		size_t found = 0, suggested = 0, det_nl = 0, det_en = 0, typed = 0, type_ok = 0;
		size_t pairs = 0, same = 0, gold_pairs = 0, other = 0, last = 0;
		for (size_t i = 0; i < ngold; i++) {
			const trow *a = row_of("nl", golds[i].nl), *b = row_of("en", golds[i].en);
			det_nl += a != NULL;
			det_en += b != NULL;
			if (a && golds[i].type[0]) {
				typed++;
				type_ok += strcmp(a->type, golds[i].type) == 0;
				if (verbose && strcmp(a->type, golds[i].type) != 0)
					printf("  type: %s is %s, gold %s\n", golds[i].nl, a->type, golds[i].type);
			}
			if (a && b && a->cluster == b->cluster) {
				found++;
				continue;
			}
			if (a && b && in_list(a->review, b->cluster))
				suggested++;
			if (verbose)
				printf("  not found: %s  %s (%s) / %s (%s)%s\n", golds[i].entity, golds[i].nl,
				       a ? "in the table" : "not detected", golds[i].en, b ? "in the table" : "not detected",
				       a && b && in_list(a->review, b->cluster) ? ": suggested for review" : "");
		}
		/* pairs of gold spellings inside clusters */
		for (size_t i = 0; i < nrows; i++) {
			const char *ei = entity_of(rows[i].lang, rows[i].variant);
			if (!ei)
				continue;
			for (size_t j = i + 1; j < nrows && rows[j].cluster == rows[i].cluster; j++) {
				const char *ej = entity_of(rows[j].lang, rows[j].variant);
				if (!ej)
					continue;
				pairs++;
				if (strcmp(ei, ej) == 0)
					same++;
				else if (verbose)
					printf("  false merge in cluster %zu: %s (%s) and %s (%s)\n", rows[i].cluster,
					       rows[i].variant, ei, rows[j].variant, ej);
			}
		}
		/* pairs of distinct spellings that gold puts in one entity */
		{
			char (*sp)[2][128] = calloc(3 * MAX_GOLD, sizeof *sp);
			const char **ent = calloc(3 * MAX_GOLD, sizeof *ent);
			size_t nsp = 0;
			for (size_t i = 0; sp && ent && i < ngold; i++)
				for (int l = 0; l < 2; l++) {
					const char *v = l ? golds[i].en : golds[i].nl;
					int dup = 0;
					for (size_t k = 0; k < nsp && !dup; k++)
						dup = strcmp(sp[k][0], l ? "en" : "nl") == 0 && strcmp(sp[k][1], v) == 0;
					if (dup)
						continue;
					snprintf(sp[nsp][0], 128, "%s", l ? "en" : "nl");
					snprintf(sp[nsp][1], 128, "%s", v);
					ent[nsp++] = golds[i].entity;
				}
			for (size_t i = 0; sp && ent && i < nforms; i++) {
				snprintf(sp[nsp][0], 128, "%s", gforms[i].tag);
				snprintf(sp[nsp][1], 128, "%s", gforms[i].form);
				ent[nsp++] = gforms[i].entity;
			}
			for (size_t a = 0; a < nsp; a++)
				for (size_t b = a + 1; b < nsp; b++)
					gold_pairs += strcmp(ent[a], ent[b]) == 0;
			free(sp);
			free(ent);
		}
		for (size_t i = 0; i < nrows; i++) {
			int any = 0;
			if (i && rows[i].cluster == last)
				continue;
			last = rows[i].cluster;
			for (size_t j = i; j < nrows && rows[j].cluster == last && !any; j++)
				any = entity_of(rows[j].lang, rows[j].variant) != NULL;
			if (!any) {
				other++;
				if (verbose)
					printf("  other cluster %zu: %s (%s)\n", last, rows[i].variant, rows[i].lang);
			}
		}
		printf("gold rows (%s and %s): %zu; found with the English form: %zu (%.3f); suggested for review: %zu\n",
		       gold_path, sgold, ngold, found, ngold ? (double)found / (double)ngold : 0.0, suggested);
		printf("detected: nl %zu/%zu, en %zu/%zu\n", det_nl, ngold, det_en, ngold);
		printf("pairs of gold spellings in one cluster: %zu, same entity %zu, false merges %zu; "
		       "pairwise precision %.3f, recall %.3f (%zu of %zu gold pairs)\n",
		       pairs, same, pairs - same, pairs ? (double)same / (double)pairs : 1.0,
		       gold_pairs ? (double)same / (double)gold_pairs : 1.0, same, gold_pairs);
		printf("clusters without a gold name (organizations, media, other): %zu\n", other);
		printf("types: %zu of %zu detected gold rows right (%.3f)\n", type_ok, typed,
		       typed ? (double)type_ok / (double)typed : 1.0);
		tag_counts tc = count_tags(verbose);
		printf("forms with the right language or script tag: %zu of %zu detected (%.3f), %zu gold forms\n",
		       tc.right, tc.detected, tc.detected ? (double)tc.right / (double)tc.detected : 1.0, tc.forms);
		printf("Cyrillic forms (%s/forms.tsv): %zu; in their entity's concept %zu, offered for review with it %zu\n",
		       scripts, tc.cyr, tc.cyr_in, tc.cyr_review);
		printf("issue 22 targets: name pairs in one concept %.3f (>= 0.95), false merges %zu (0), "
		       "forms rightly tagged %.3f (1.000), types %.3f (>= 0.90)\n",
		       ngold ? (double)found / (double)ngold : 0.0, pairs - same,
		       tc.detected ? (double)tc.right / (double)tc.detected : 1.0,
		       typed ? (double)type_ok / (double)typed : 1.0);
		if (gate) {
			int ok = (double)found >= 0.95 * (double)ngold && pairs == same &&
				 (double)type_ok >= 0.9 * (double)typed && tc.right == tc.detected &&
				 tc.detected == tc.forms;
			printf("gate: found >= 0.95 of the gold rows, no false merge, every form detected and rightly "
			       "tagged, types >= 0.90: %s\n",
			       ok ? "pass" : "FAIL");
			rc = ok ? 0 : 1;
		}
	}
done:
	bt_names_table_free(t);
	bt_aligner_free(al);
	bt_corpus_free(c);
	{
		char p[4300];
		snprintf(p, sizeof p, "%s-wal", db);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", db);
		unlink(p);
		unlink(db);
		rmdir(tmpl);
	}
	return rc;
}
