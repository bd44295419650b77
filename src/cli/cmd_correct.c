/* cmd_correct.c: correct (edit, split or join a segment), corrections. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole number from 0 (decimal digits only), or -1. */
static long long count_arg(const char *s)
{
	char *end;
	long long v;
	if (!s || !*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno || *end || v > (1LL << 40) ? -1 : v;
}

/* What the command line asked; op 0 when it named no operation. */
typedef struct correct_args {
	const char *pair, *side, *segment, *at;
	int ops;
	bt_correction k;
} correct_args;

/* The options into a; -1 to go on, or an exit code (--help, a bad option). */
static int parse(int argc, char **argv, const char *help, correct_args *a)
{
	static const struct option opts[] = {{"pair", required_argument, NULL, 'p'},
					     {"side", required_argument, NULL, 's'},
					     {"segment", required_argument, NULL, 'n'},
					     {"text", required_argument, NULL, 't'},
					     {"split-at", required_argument, NULL, 'a'},
					     {"join", no_argument, NULL, 'j'},
					     {"seen", required_argument, NULL, 'S'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int ch;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		case 'p':
			a->pair = optarg;
			break;
		case 's':
			a->side = optarg;
			break;
		case 'n':
			a->segment = optarg;
			break;
		case 't':
			a->k.op = BT_CORRECT_EDIT, a->k.text = optarg, a->ops++;
			break;
		case 'a':
			a->k.op = BT_CORRECT_SPLIT, a->at = optarg, a->ops++;
			break;
		case 'j':
			a->k.op = BT_CORRECT_JOIN, a->ops++;
			break;
		case 'S':
			a->k.seen = optarg;
			break;
		default:
			return cli_bad_option(argv[0], argv);
		}
	}
	return -1;
}

int cmd_correct(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] correct --pair ID --side src|tgt --segment N\n"
		"                            (--text TEXT | --split-at BYTE | --join) [--seen TEXT]\n\n"
		"Correct one segment of a pair's document (a typo, a sentence the\n"
		"segmenter glued or cut): the corpus keeps the text before and after\n"
		"(`bitext corrections`), the TMX export writes the corrected text, `bitext\n"
		"undo` takes it back, and adding the pair again from changed files makes\n"
		"it again where its text still is. Segments are numbered from 0 in each\n"
		"document, as `bitext serve` shows them.\n\n"
		"  --pair ID        the pair\n"
		"  --side src|tgt   which document\n"
		"  --segment N      the segment\n"
		"  --text TEXT      its new text: one line, no white space at the ends,\n"
		"                   NFC-normalized\n"
		"  --split-at BYTE  two segments, the second from byte BYTE of its text\n"
		"                   (white space there goes between them)\n"
		"  --join           one segment with the next (same link, same paragraph)\n"
		"  --seen TEXT      refuse (exit 1) unless the segment still reads TEXT\n";
	correct_args a = {NULL, NULL, NULL, NULL, 0, BT_CORRECTION_INIT};
	long long id = 0, v;
	int rc = parse(argc, argv, help, &a);
	bt_corpus *c;

	if (rc >= 0)
		return rc;
	if (optind != argc)
		return cli_usage_error("correct", "correct takes no arguments");
	if (!a.pair || !a.side || !a.segment)
		return cli_usage_error("correct", "correct needs --pair, --side and --segment");
	if (strcmp(a.side, "src") && strcmp(a.side, "tgt"))
		return cli_usage_error("correct", "--side is src or tgt, not '%s'", a.side);
	if ((v = count_arg(a.segment)) < 0)
		return cli_usage_error("correct", "--segment takes a segment number from 0, not '%s'", a.segment);
	if (a.ops != 1)
		return cli_usage_error("correct", "give one of --text, --split-at and --join");
	a.k.side = strcmp(a.side, "tgt") == 0;
	a.k.ordinal = (size_t)v;
	if (a.at) {
		if ((v = count_arg(a.at)) < 0)
			return cli_usage_error("correct", "--split-at takes a byte offset from 0, not '%s'", a.at);
		a.k.at = (size_t)v;
	}
	if (!(c = cli_open_corpus(0, &rc)))
		return rc;
	if (bt_corpus_correct(&id, c, a.pair, &a.k) != 0) {
		/* a text changed meanwhile is the user's situation */
		rc = bt_error_last()->code == BT_ECONFLICT ? (cli_report(), EXIT_INPUT) : cli_report();
	} else {
		printf("correction %lld: %s of %s segment %zu of pair %s\n", id, bt_correct_op_name(a.k.op), a.side,
		       a.k.ordinal, cli_esc(a.pair));
	}
	bt_corpus_free(c);
	return cli_finish_stdout(rc);
}

/* One TSV field: tab, line breaks and backslash escaped, so that a row
 * stays a line. */
static void tsv(const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\t')
			fputs("\\t", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\r')
			fputs("\\r", stdout);
		else if (*s == '\\')
			fputs("\\\\", stdout);
		else
			putchar(*s);
	}
}

static int print_correction(void *ud, const bt_correction_entry *e)
{
	(void)ud;
	printf("%lld\t%s\t", e->id, e->made);
	tsv(e->pair);
	printf("\t%s\t%s\t%lld\t", e->side ? "tgt" : "src", bt_correct_op_name(e->op), e->ordinal);
	if (e->at >= 0)
		printf("%lld", e->at);
	putchar('\t');
	tsv(e->before);
	if (e->before_next) {
		fputs(" | ", stdout);
		tsv(e->before_next);
	}
	putchar('\t');
	tsv(e->after);
	if (e->after_next) {
		fputs(" | ", stdout);
		tsv(e->after_next);
	}
	printf("\t%s\n", e->applied ? "yes" : "no");
	return 0;
}

int cmd_corrections(int argc, char **argv)
{
	static const char help[] =
		"usage: bitext [--db PATH] corrections [--pair ID]\n\n"
		"List the corrections of segments (`bitext correct`, the review page of\n"
		"`bitext serve`) in the order they were made, as TSV with a header:\n"
		"id, made (UTC), pair, side, op (edit, split, join), segment (where it\n"
		"stands now), at (a split's byte), before, after (a join's two texts\n"
		"before and a split's two parts after separated by \" | \"), applied:\n"
		"no when the pair was added again from files that no longer have the\n"
		"text it corrected there.\n\n"
		"  --pair ID  only this pair's\n";
	static const struct option opts[] = {
		{"pair", required_argument, NULL, 'p'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	const char *pair = NULL;
	bt_corpus *c;
	int ch, rc;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (ch == 'h') {
			fputs(help, stdout);
			return EXIT_OK;
		}
		if (ch != 'p')
			return cli_bad_option(argv[0], argv);
		pair = optarg;
	}
	if (optind != argc)
		return cli_usage_error("corrections", "corrections takes no arguments");
	if (!(c = cli_open_corpus(1, &rc)))
		return rc;
	puts("id\tmade\tpair\tside\top\tsegment\tat\tbefore\tafter\tapplied");
	if (bt_corpus_corrections(c, pair, print_correction, NULL) != 0)
		rc = cli_report();
	bt_corpus_free(c);
	return cli_finish_stdout(rc);
}
