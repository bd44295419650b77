/* cmd_glossary.c: bitext glossary import | export | list. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char glossary_help[] =
	"usage: bitext [--db PATH] glossary import [--format F] [--encoding NAME] [--reverse] FILE\n"
	"       bitext [--db PATH] glossary export [--format tsv|csv|tbx] [-o FILE]\n"
	"       bitext [--db PATH] glossary list [--limit N]\n\n"
	"Glossary entries (source term, target term, note) live in the corpus; the\n"
	"aligner uses them as anchors.\n\n"
	"import   reads TSV (source<TAB>target[<TAB>note]; # comments; an optional\n"
	"         header row naming the languages, e.g. nl<TAB>en, in either order),\n"
	"         CSV (RFC 4180, same columns), TBX (TBX-Basic 2008 or 2019) or a\n"
	"         FreeDict .index file; the format comes from the file name unless\n"
	"         --format names it. --reverse: the file lists the target first.\n"
	"         One bad line and nothing is imported.\n"
	"export   writes every entry as TSV (default), CSV or TBX-Basic, to standard\n"
	"         output or to FILE (written whole or not at all).\n"
	"list     prints the entries, one per line.\n";

struct gl_args {
	const char *format, *encoding, *output;
	int reverse;
	long limit;
};

static int parse_gl(int argc, char **argv, struct gl_args *a)
{
	static const struct option o[] = {{"format", required_argument, NULL, 'f'},
					  {"encoding", required_argument, NULL, 'e'},
					  {"reverse", no_argument, NULL, 'r'},
					  {"output", required_argument, NULL, 'o'},
					  {"limit", required_argument, NULL, 'l'},
					  {"help", no_argument, NULL, 'h'},
					  {NULL, 0, NULL, 0}};
	int c;
	char *end;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ho:", o, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(glossary_help, stdout);
			return EXIT_OK;
		case 'f':
			a->format = optarg;
			break;
		case 'e':
			a->encoding = optarg;
			break;
		case 'r':
			a->reverse = 1;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'l':
			a->limit = strtol(optarg, &end, 10);
			if (*end || a->limit < 0)
				return cli_usage_error("glossary", "--limit needs a number, not '%s'", optarg);
			break;
		default:
			return cli_usage_error("glossary", "glossary %s: unknown option or missing value '%s'", argv[0],
					       argv[optind - 1]);
		}
	}
	return -1;
}

struct list_state {
	long left;
};

static int print_entry(void *ud, const bt_glossary_entry *e)
{
	struct list_state *s = ud;
	if (s->left == 0)
		return 1;
	if (s->left > 0)
		s->left--;
	printf("%s\t%s", cli_esc(e->src), cli_esc(e->tgt));
	if (e->note)
		printf("\t(%s)", cli_esc(e->note));
	printf("\t[%s]\n", cli_esc(e->origin));
	return 0;
}

int cmd_glossary(int argc, char **argv)
{
	struct gl_args a = {NULL, NULL, "-", 0, -1};
	const char *sub;
	bt_corpus *c;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		if (argc < 2)
			return cli_usage_error("glossary", "glossary needs a subcommand: import, export or list");
		fputs(glossary_help, stdout);
		return EXIT_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "import") != 0 && strcmp(sub, "export") != 0 && strcmp(sub, "list") != 0)
		return cli_usage_error("glossary", "unknown glossary subcommand '%s'", sub);
	if ((rc = parse_gl(argc - 1, argv + 1, &a)) >= 0)
		return rc;
	argc -= 1, argv += 1;
	if (strcmp(sub, "import") == 0) {
		bt_glossary_import_opts o = BT_GLOSSARY_IMPORT_OPTS_INIT;
		bt_glossary_import_result res;
		if (argc - optind != 1)
			return cli_usage_error("glossary", "glossary import needs one FILE");
		if (!(c = cli_open_corpus(0, &rc)))
			return rc;
		o.format = a.format, o.encoding = a.encoding, o.reverse = a.reverse;
		if (bt_glossary_import(&res, c, argv[optind], &o) != 0)
			rc = cli_report();
		else {
			printf("imported %zu entries from %s: %zu new, %zu already there", res.read, cli_esc(argv[optind]),
			       res.added, res.duplicates);
			if (res.skipped)
				printf(", %zu concepts without both languages skipped", res.skipped);
			putchar('\n');
		}
	} else {
		if (argc != optind)
			return cli_usage_error("glossary", "glossary %s takes no arguments", sub);
		if (!(c = cli_open_corpus(1, &rc)))
			return rc;
		if (strcmp(sub, "export") == 0) {
			if (bt_glossary_export(c, a.output, a.format ? a.format : "tsv") != 0)
				rc = cli_report();
		} else {
			struct list_state s = {a.limit};
			if (bt_glossary_each(c, print_entry, &s) < 0)
				rc = cli_report();
		}
	}
	bt_corpus_free(c);
	return rc;
}
