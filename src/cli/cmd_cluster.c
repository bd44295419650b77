/* cmd_cluster.c: `bitext import-jsonl` and `bitext merge`, the corpus end
 * of alignment on a cluster (README, "Alignment on a cluster"). */
#include "cli.h"

#include <getopt.h>
#include <string.h>

/* Error objects and conflicts listed on stderr: the first ones, then a count. */
#define SHOW_MAX 100

static const char *plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* getopt_long over `o`: 'h' prints help, 's' sets *flag. -1 to go on, else
 * an exit code. */
static int parse(int argc, char **argv, const char *cmd, const char *help, const struct option *o, int *flag)
{
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", o, NULL)) != -1) {
		if (c == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (c == 's' && flag)
			*flag = 1;
		else
			return cli_bad_option(cmd, argv);
	}
	return -1;
}

/* ---- import-jsonl ---- */

static void on_error(void *ud, const char *path, long long line, const char *id, const char *kind, const char *msg)
{
	unsigned long long *shown = ud;
	if (++*shown <= SHOW_MAX)
		fprintf(stderr, "bitext: %s:%lld: pair %s%s%s was not mapped: %s: %s\n", cli_esc(path), line,
			id ? "'" : "", id ? cli_esc(id) : "(no id)", id ? "'" : "", cli_esc(kind), cli_esc(msg));
}

static void import_summary(const char *path, const bt_jsonl_import_result *r)
{
	printf("imported %llu %s (%llu segments, %llu links) from %s\n", r->pairs, plural(r->pairs, "pair", "pairs"),
	       r->segments, r->links, cli_esc(path));
	if (r->errors)
		printf("left out %llu %s the mapper could not map (error objects, listed on stderr)\n", r->errors,
		       plural(r->errors, "pair", "pairs"));
	if (r->unaligned)
		printf("%llu %s without links (mapped with --task segment): run bitext align\n", r->unaligned,
		       plural(r->unaligned, "pair", "pairs"));
	if (r->rebuilt)
		printf("%llu %s without their text (mapped without --with-text): rebuilt from the segments, white space"
		       " between them\n",
		       r->rebuilt, plural(r->rebuilt, "document", "documents"));
	if (r->names)
		printf("names of %llu %s not imported (bitext names builds the table from the corpus)\n", r->names,
		       plural(r->names, "pair", "pairs"));
	if (r->blank)
		printf("skipped %llu empty %s\n", r->blank, plural(r->blank, "line", "lines"));
}

int cmd_import_jsonl(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] import-jsonl [--strict] FILE|-\n\n"
		"Read the JSON Lines of `bitext map` (bitext-map) into the corpus: each mapped\n"
		"pair with its documents, segments, paragraphs and links as the mapper found\n"
		"them. The lines' languages must be the corpus's. Pairs are written in pair id\n"
		"order whatever the order of the lines, so shards give the same corpus in any\n"
		"order. A line the mapper could not map (an error object) is listed on stderr\n"
		"with its line number, counted, and its pair left out. Everything is one\n"
		"transaction: a malformed line, a pair twice or already in the corpus imports\n"
		"nothing, and the error names the line.\n\n"
		"Options:\n"
		"  --strict     an error object in the input fails the import (exit 1)\n";
	static const struct option o[] = {
		{"strict", no_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	bt_jsonl_import_opts io = BT_JSONL_IMPORT_OPTS_INIT;
	bt_jsonl_import_result res;
	unsigned long long shown = 0;
	bt_corpus *c;
	int rc = parse(argc, argv, "import-jsonl", help, o, &io.strict);

	if (rc >= 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error("import-jsonl", "import-jsonl needs one file, FILE or -");
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	io.on_error = on_error;
	io.on_error_ud = &shown;
	rc = bt_jsonl_import(&res, c, argv[optind], &io);
	if (shown > SHOW_MAX)
		fprintf(stderr, "bitext: ... and %llu more error objects\n", shown - SHOW_MAX);
	if (rc != 0)
		rc = cli_report();
	else
		import_summary(argv[optind], &res);
	bt_corpus_free(c);
	return rc;
}

/* ---- merge ---- */

static void on_conflict(void *ud, const char *id, const char *first, const char *second)
{
	unsigned long long *shown = ud;
	if (++*shown <= SHOW_MAX)
		fprintf(stderr, "bitext: pair '%s' is in %s and in %s\n", cli_esc(id), cli_esc(first), cli_esc(second));
}

int cmd_merge(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] merge CORPUS.db...\n\n"
		"Copy the pairs of other corpora (built on other machines, or from shards)\n"
		"into this one: documents, segments, paragraphs, links with their scores and\n"
		"manual marks, and the glossary entries this corpus lacks. Every corpus must\n"
		"have the same languages and schema version. Pairs are copied in pair id\n"
		"order over all inputs, so the order of the arguments does not matter. A pair\n"
		"id found twice (in two inputs, or in an input and this corpus) is listed and\n"
		"nothing is merged. One transaction; the concordance index is brought up to\n"
		"date once, at its end. At most 125 inputs at once (often 10: SQLite's limit\n"
		"of attached files as built); merge more in rounds.\n";
	static const struct option o[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	bt_merge_opts mo = BT_MERGE_OPTS_INIT;
	bt_merge_result res;
	unsigned long long shown = 0;
	bt_corpus *c;
	int rc = parse(argc, argv, "merge", help, o, NULL);

	if (rc >= 0)
		return rc;
	if (argc - optind < 1)
		return cli_usage_error("merge", "merge needs at least one corpus file");
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	mo.conflict = on_conflict;
	mo.conflict_ud = &shown;
	rc = bt_corpus_merge(&res, c, (const char *const *)argv + optind, (size_t)(argc - optind), &mo);
	if (shown > SHOW_MAX)
		fprintf(stderr, "bitext: ... and %llu more pair ids in two corpora\n", shown - SHOW_MAX);
	if (rc != 0) {
		rc = cli_report();
	} else {
		int n = argc - optind;
		printf("merged %llu %s (%llu segments, %llu links) from %d %s\n", res.pairs,
		       plural(res.pairs, "pair", "pairs"), res.segments, res.links, n, n == 1 ? "corpus" : "corpora");
		if (res.glossary)
			printf("added %llu glossary %s\n", res.glossary, plural(res.glossary, "entry", "entries"));
	}
	bt_corpus_free(c);
	return rc;
}
