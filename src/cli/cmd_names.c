/* cmd_names.c: `bitext names`, name keys (and later the name table). */
#include "cli.h"
#include "names.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char names_help[] =
	"usage: bitext names SUBCOMMAND [OPTIONS] [ARGS]\n\n"
	"Name transliteration: keys that tie the variants of one name together.\n\n"
	"Subcommands:\n"
	"  key            print the canonical key of each name\n\n"
	"`bitext names SUBCOMMAND --help` describes a subcommand.\n";

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
	if (bt_namer_key(nm, out, name, len, lang, flags) != 0) {
		const bt_error *e = bt_error_last();
		fprintf(stderr, "bitext: %s: %s\n", where, e->msg);
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
			return cli_usage_error("names key", "names key: unknown option or missing value '%s'",
					       argv[optind - 1]);
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
		free(line);
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

int cmd_names(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("names", "names needs a subcommand (key)");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		fputs(names_help, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "key") == 0)
		return names_key(argc - 1, argv + 1);
	return cli_usage_error("names", "names: unknown subcommand '%s'", argv[1]);
}
