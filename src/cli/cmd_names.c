/* cmd_names.c: `bitext names`: the name table of the corpus, and
 * `bitext names key`: name keys. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char names_help[] =
	"usage: bitext [--db PATH] names [--format tsv|csv|tbx|xlsx] [-o FILE] [--pair ID]\n"
	"                               [--min-count N] [--layout concept|variant]\n"
	"                               [--csv-sep ,|;] [--no-bom]\n"
	"       bitext names key --lang LANG [--exact] NAME...\n\n"
	"Without a subcommand: the name-normalization table of the corpus. The\n"
	"proper names of the aligned pairs (people, places, also organizations),\n"
	"their spelling variants in both languages grouped into clusters, one\n"
	"cluster a name: by name key (Loekasjenko = Lukashenko), by the exonym\n"
	"list and the corpus glossary for names that co-occur in aligned\n"
	"segments (Moskou = Moscow), and a surname with the full name it ends in\n"
	"the same document pair. Inflected forms (Poetins, Lukashenko's) count\n"
	"for their name. Run `bitext align` first: without links only keys merge\n"
	"names across the languages.\n\n"
	"Every form carries its own language: a Latin form that of the text it\n"
	"is found in, a Cyrillic one that of its letters (be, uk, ru), else the\n"
	"one such language its sentence names (Russian newspapers), else\n"
	"und-Cyrl; another script und-SCRIPT (und-Grek). Belarusian, Ukrainian\n"
	"and Russian spellings of one name aligned with each other are one\n"
	"cluster (Tsikhanouskaya = Tichanovskaja); not aligned, they are offered\n"
	"for review.\n\n"
	"The concept layout (the default for CSV) has a header row and one row per\n"
	"cluster: concept, type (person, place, organisation, other), count, per\n"
	"language (SRC, TGT: e.g. nl, en) the preferred form, the other forms and\n"
	"their inflected forms (SRC_variants, SRC_inflected), other (forms of\n"
	"other languages, \"form (tag)\"), review, docs, and an example link\n"
	"(example_SRC, example_TGT).\n\n"
	"The variant layout (the default for TSV) has a header row and one row per\n"
	"variant:\n"
	"  cluster    the cluster's number, 1 for the most frequent name\n"
	"  lang       the variant's language\n"
	"  variant    the uninflected form as written\n"
	"  preferred  1 for the preferred form of the language (the most frequent\n"
	"             uninflected one), else 0\n"
	"  count      occurrences, inflected ones included\n"
	"  inflected  the inflected forms seen, \", \" between\n"
	"  docs       the pairs where it occurs, \",\" between (20 at most, then +N)\n"
	"  key        its name key (see names key)\n"
	"  review     clusters whose keys are one letter away (Lukashenko /\n"
	"             Lukashenka): never merged, listed for a person to check\n"
	"TBX writes TBX-Basic, one concept per cluster, the preferred form of\n"
	"each language as preferred term and the others as admitted terms, each\n"
	"a proper noun, with counts, inflected forms and documents in notes, the\n"
	"example as context, the type and review suggestions in notes of the\n"
	"concept. glossary/data/names/TABLE.md gives every rule.\n\n"
	"Options:\n"
	"  --format F     tsv (default), csv, tbx or xlsx (text cells, header frozen)\n"
	"  -o, --output FILE  write to FILE (whole or not at all); default stdout\n"
	"  --pair ID      only the names of this pair (the whole corpus is still\n"
	"                 read for evidence about which words are names)\n"
	"  --min-count N  leave out clusters seen fewer than N times\n"
	"  --layout L     concept (one row per cluster; default for csv/xlsx) or variant\n"
	"                 (one row per variant; default for tsv)\n"
	"  --csv-sep C    CSV field separator: , (default) or ; (for spreadsheets\n"
	"                 in locales with a decimal comma)\n"
	"  --no-bom       CSV without the UTF-8 byte order mark (by default CSV\n"
	"                 starts with one, so that spreadsheets read it as UTF-8)\n"
	"  --help         this help\n\n"
	"Subcommands:\n"
	"  key            print the canonical key of each name\n"
	"  table          the table (the same as no subcommand)\n\n"
	"`bitext names key --help` describes names key.\n\n"
	"Exit status: 0 ok, 1 bad input or no such pair, 2 usage error (also a\n"
	"corpus language without name rules), 3 I/O or database error.\n";

static const char key_help[] =
	"usage: bitext names key --lang LANG [--exact] NAME...\n"
	"       bitext names key --lang LANG [--exact] -\n\n"
	"Print one key per name, one line each, such that the transliteration\n"
	"variants of a name share it across languages and scripts: Loekasjenko\n"
	"(nl), Lukashenko (en), Lukaschenko (de) and Лукашенко all print\n"
	"lukashenko. With - the names are read from standard input, one a line.\n\n"
	"LANG is the language the names are written in: nl, en, de, fr or pl for\n"
	"Latin script; Cyrillic names are recognized by their letters (ru, uk, be\n"
	"are accepted, and read Latin words as English). Possessive and genitive\n"
	"endings are cut first (Poetins, Loekasjenko's, Lukashenko's), unless\n"
	"--exact.\n\n"
	"Options:\n"
	"  --lang LANG    language of the names (required)\n"
	"  --exact        key the words as written: no inflection is removed\n"
	"  --help         this help\n\n"
	"Exit status: 0 ok, 1 a name that cannot be keyed (empty, invalid UTF-8,\n"
	"a word mixing Latin and Cyrillic, another script), 2 usage error.\n";

/* Keys one name and prints it; `where` names it in an error. */
static int key_one(bt_namer *nm, bt_buf *out, const char *name, size_t len, const char *lang,
		   unsigned flags, const char *where)
{
	int rc;
	if (bt_namer_key(out, nm, name, len, lang, flags) != 0) {
		const bt_error *e = bt_error_last();
		fprintf(stderr, "bitext: %s: %s\n", cli_esc(where), cli_esc(e->msg));
		rc = cli_exit_code(e->code);
		return rc ? rc : EXIT_INPUT;
	}
	fwrite(out->ptr, 1, out->len, stdout);
	putchar('\n');
	return EXIT_OK;
}

static int names_key(int argc, char **argv)
{
	static const struct option o[] = {{"lang", required_argument, NULL, 'l'},
					  {"exact", no_argument, NULL, 'x'},
					  {"help", no_argument, NULL, 'h'},
					  {NULL, 0, NULL, 0}};
	const char *lang = NULL;
	unsigned flags = 0;
	bt_buf out = BT_BUF_INIT;
	bt_namer *nm = NULL;
	int c, rc = EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", o, NULL)) != -1) {
		if (c == 'h') {
			fputs(key_help, stdout);
			return EXIT_OK;
		} else if (c == 'l') {
			lang = optarg;
		} else if (c == 'x') {
			flags |= BT_NAME_EXACT;
		} else {
			return cli_bad_option("names key", argv);
		}
	}
	if (!lang)
		return cli_usage_error("names key", "names key needs --lang LANG");
	if (!bt_name_lang_known(lang))
		return cli_usage_error("names key",
				       "names key: no name rules for language '%s' (known: nl en de fr pl "
				       "ru uk be)",
				       lang);
	if (optind == argc)
		return cli_usage_error("names key", "names key needs at least one NAME, or - for standard input");

	if (bt_namer_open(&nm) != 0)
		return cli_report();
	if (argc - optind == 1 && strcmp(argv[optind], "-") == 0) {
		char *line = NULL, where[64];
		size_t cap = 0;
		ssize_t n;
		long lineno = 0;
		while (rc == EXIT_OK && (n = getline(&line, &cap, stdin)) >= 0) {
			lineno++;
			if (n > 0 && line[n - 1] == '\n')
				n--;
			if (n > 0 && line[n - 1] == '\r')
				n--;
			snprintf(where, sizeof where, "-:%ld", lineno);
			rc = key_one(nm, &out, line, (size_t)n, lang, flags, where);
		}
		if (rc == EXIT_OK && ferror(stdin)) {
			fprintf(stderr, "bitext: -: error reading standard input\n");
			rc = EXIT_IO;
		}
		free(line); /* getline's, from libc */
	} else {
		for (int i = optind; i < argc && rc == EXIT_OK; i++) {
			char where[64];
			snprintf(where, sizeof where, "name %d", i - optind + 1);
			rc = key_one(nm, &out, argv[i], strlen(argv[i]), lang, flags, where);
		}
	}
	bt_buf_dispose(&out);
	bt_namer_free(nm);
	return rc;
}

/* `bitext names [OPTIONS]`: the table. argv[0] is "names" or "table". */
static int names_table(int argc, char **argv)
{
	static const struct option o[] = {{"format", required_argument, NULL, 'f'},
					  {"output", required_argument, NULL, 'o'},
					  {"pair", required_argument, NULL, 'p'},
					  {"min-count", required_argument, NULL, 'm'},
					  {"layout", required_argument, NULL, 'L'},
					  {"csv-sep", required_argument, NULL, 'S'},
					  {"no-bom", no_argument, NULL, 'B'},
					  {"help", no_argument, NULL, 'h'},
					  {NULL, 0, NULL, 0}};
	bt_names_opts opts = BT_NAMES_OPTS_INIT;
	bt_names_write_opts wo = BT_NAMES_WRITE_OPTS_INIT;
	int layout = -1; /* -1: the format's default */
	bt_names_result res;
	bt_names_table *t = NULL;
	const char *format = "tsv", *output = "-";
	bt_corpus *c;
	char *end;
	int ch, rc;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+ho:", o, NULL)) != -1) {
		switch (ch) {
		case 'h':
			fputs(names_help, stdout);
			return EXIT_OK;
		case 'f':
			format = optarg;
			if (strcmp(format, "tsv") != 0 && strcmp(format, "csv") != 0 && strcmp(format, "tbx") != 0 &&
			    strcmp(format, "xlsx") != 0)
				return cli_usage_error("names", "names: unknown format '%s' (tsv, csv, tbx, xlsx)", format);
			break;
		case 'o':
			output = optarg;
			break;
		case 'L':
			if (strcmp(optarg, "concept") != 0 && strcmp(optarg, "variant") != 0)
				return cli_usage_error("names", "names: unknown layout '%s' (concept, variant)", optarg);
			layout = optarg[0] == 'c';
			break;
		case 'S':
			if (strcmp(optarg, ",") != 0 && strcmp(optarg, ";") != 0)
				return cli_usage_error("names", "names: --csv-sep is , or ;, not '%s'", optarg);
			wo.csv_sep = optarg[0];
			break;
		case 'B':
			wo.bom = -1;
			break;
		case 'p':
			opts.pair_id = optarg;
			break;
		case 'm': {
			long n = strtol(optarg, &end, 10);
			if (!*optarg || *end || n < 0)
				return cli_usage_error("names", "names: --min-count needs a number, not '%s'", optarg);
			opts.min_count = (size_t)n;
			break;
		}
		default:
			return cli_bad_option("names", argv);
		}
	}
	if (optind != argc)
		return cli_usage_error("names", "names: unknown subcommand '%s'", argv[optind]);
	wo.format = format;
	wo.concept = layout >= 0 ? layout : strcmp(format, "csv") == 0 || strcmp(format, "xlsx") == 0;
	if (strcmp(format, "xlsx") == 0 && strcmp(output, "-") == 0)
		return cli_usage_error("names", "names: --format xlsx needs -o FILE");
	wo.bom = wo.bom == 0 && strcmp(format, "csv") == 0;
	if (!(c = cli_open_corpus(1, &rc)))
		return rc;
	if (bt_names_build(&t, &res, c, &opts) != 0 ||
	    (strcmp(format, "xlsx") == 0 ? bt_names_write_xlsx(t, output, &wo) : bt_names_write_ex(t, output, &wo)) != 0) {
		rc = cli_report();
	} else if (res.unaligned) {
		fprintf(stderr,
			"bitext: note: %zu of %zu pairs have no alignment links (run bitext align): "
			"only name keys merged their names across the languages\n",
			res.unaligned, res.pairs);
	}
	bt_names_table_free(t);
	bt_corpus_free(c);
	return rc;
}

int cmd_names(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "help") == 0) {
		fputs(names_help, stdout);
		return EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "key") == 0)
		return names_key(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "table") == 0)
		return names_table(argc - 1, argv + 1);
	return names_table(argc, argv);
}
